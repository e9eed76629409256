//! Models handed to Python without converting them first.
//!
//! A call returning a struct (or a list of structs) gives Python a
//! [`Fields`] view per struct: the model stays in Rust, and each field is
//! converted (by `pythonize`, as the whole model used to be) when Python
//! reads it. A timetable of sixty lessons of which a program reads the
//! subject and the start converts those two fields per lesson, not twenty;
//! the lessons' dicts are never built, freed or scanned by Python's
//! garbage collector.
//!
//! A view is a shared model and a path inside it (struct fields by name,
//! list items by index). The field of a view is found by running the
//! model's own `Serialize` with serializers that skip everything off the
//! path, so what Python gets is exactly the serde form: a list of structs
//! is a list of views, anything else its Python value (a nested struct a
//! `dict`, as `pythonize` makes it). `to_dict()` converts the whole view.

use std::fmt;
use std::sync::Arc;

use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde::Serialize;
use serde::ser::{self, Impossible};

/// One step from a model to a value inside it.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// A struct's field.
    Field(&'static str),
    /// A list's item.
    Index(usize),
}

/// What is wanted of the struct at the end of a path.
#[derive(Clone, Copy)]
enum Want<'k> {
    /// One field, shaped as [`present`] does.
    Field(&'k str),
    /// The whole value in its serde form.
    Whole,
    /// The names of the fields the struct has (those serialized).
    Keys,
}

/// What a path led to.
enum Found {
    Object(Py<PyAny>),
    Keys(Vec<&'static str>),
}

/// A model kept in Rust, read along paths. `root` is the shared handle
/// of `self`, for the views made on the way.
trait Tree: Send + Sync + 'static {
    fn reach(
        &self,
        root: &Arc<dyn Tree>,
        py: Python<'_>,
        path: &[Step],
        want: Want<'_>,
    ) -> Result<Found, Stop>;
}

impl<T: Serialize + Send + Sync + 'static> Tree for T {
    fn reach(
        &self,
        root: &Arc<dyn Tree>,
        py: Python<'_>,
        path: &[Step],
        want: Want<'_>,
    ) -> Result<Found, Stop> {
        let mut at = Vec::with_capacity(path.len() + 1);
        let mut context = Walk {
            py,
            root,
            want,
            at: &mut at,
        };
        walk(self, &mut context, path)
    }
}

/// Why a walk stopped without an answer.
#[derive(Debug)]
enum Stop {
    /// Python raised while converting.
    Py(PyErr),
    /// The path or the field is not in the model.
    Missing,
    /// A probe found the shape of a value (see [`Probe`]).
    Shape(Shape),
    /// A `Serialize` implementation failed.
    Custom(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Py(e) => write!(f, "{e}"),
            Stop::Missing => f.write_str("no such field"),
            Stop::Shape(_) => f.write_str("shape probed"),
            Stop::Custom(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Stop::Custom(message.to_string())
    }
}

impl From<PyErr> for Stop {
    fn from(e: PyErr) -> Self {
        Stop::Py(e)
    }
}

impl From<pythonize::PythonizeError> for Stop {
    fn from(e: pythonize::PythonizeError) -> Self {
        Stop::Py(e.into())
    }
}

impl Stop {
    fn into_py_err(self) -> PyErr {
        match self {
            Stop::Py(e) => e,
            Stop::Missing => PyKeyError::new_err("no such field"),
            other => PyTypeError::new_err(other.to_string()),
        }
    }
}

/// The context of a walk: what is wanted at its end and the path walked
/// so far (for the views it makes).
struct Walk<'a, 'py, 'k> {
    py: Python<'py>,
    root: &'a Arc<dyn Tree>,
    want: Want<'k>,
    at: &'a mut Vec<Step>,
}

/// Follows `path` from `value`, then answers `walk.want`.
fn walk<V: Serialize + ?Sized>(
    value: &V,
    walk: &mut Walk<'_, '_, '_>,
    path: &[Step],
) -> Result<Found, Stop> {
    match path.split_first() {
        None => answer(value, walk),
        Some((step, rest)) => {
            let target = match *step {
                Step::Field(name) => Target::Field(name),
                Step::Index(index) => Target::Index(index),
            };
            value.serialize(Follow {
                walk,
                target,
                rest,
                last: false,
            })
        }
    }
}

/// The answer at the end of a path.
fn answer<V: Serialize + ?Sized>(value: &V, walk: &mut Walk<'_, '_, '_>) -> Result<Found, Stop> {
    match walk.want {
        Want::Whole => Ok(Found::Object(
            pythonize::pythonize(walk.py, value)?.unbind(),
        )),
        Want::Keys => value.serialize(ListKeys).map(Found::Keys),
        Want::Field(key) => value.serialize(Follow {
            walk,
            target: Target::Field(key),
            rest: &[],
            last: true,
        }),
    }
}

/// What a value serializes as, as far as views care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Struct,
    ListOfStructs(usize),
    Other,
}

/// A field's value for Python: a list of structs as views; anything else
/// converted, a nested struct included (a dict, as the whole conversion
/// makes it: the Python layer reads marks, HTML and enum data as dicts).
/// `at` is the value's path.
fn present<V: Serialize + ?Sized>(
    py: Python<'_>,
    root: &Arc<dyn Tree>,
    at: &[Step],
    value: &V,
) -> Result<Py<PyAny>, Stop> {
    match shape(value)? {
        Shape::ListOfStructs(len) => Ok(view_list(py, root, at, len)?.unbind()),
        Shape::Struct | Shape::Other => Ok(pythonize::pythonize(py, value)?.unbind()),
    }
}

/// Views of the `len` items of the list at `at`.
fn view_list<'py>(
    py: Python<'py>,
    root: &Arc<dyn Tree>,
    at: &[Step],
    len: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let items = (0..len).map(|index| {
        let mut path = Vec::with_capacity(at.len() + 1);
        path.extend_from_slice(at);
        path.push(Step::Index(index));
        Fields::new(root.clone(), path)
    });
    Ok(PyList::new(py, items)?.into_any())
}

fn shape<V: Serialize + ?Sized>(value: &V) -> Result<Shape, Stop> {
    match value.serialize(Probe) {
        Ok(()) => Ok(Shape::Other),
        Err(Stop::Shape(shape)) => Ok(shape),
        Err(e) => Err(e),
    }
}

/// The answer for a model given to Python: views for a struct or a list
/// of structs, the converted value for anything else.
pub(crate) fn to_python<T: Serialize + Send + Sync + 'static>(
    py: Python<'_>,
    value: T,
) -> PyResult<Bound<'_, PyAny>> {
    match shape(&value).map_err(Stop::into_py_err)? {
        Shape::Struct => Ok(Bound::new(py, Fields::new(Arc::new(value), Vec::new()))?.into_any()),
        Shape::ListOfStructs(len) => view_list(py, &(Arc::new(value) as Arc<dyn Tree>), &[], len),
        Shape::Other => Ok(pythonize::pythonize(py, &value)?),
    }
}

/// A struct of a model kept in Rust, read field by field: a read-only
/// mapping of its serde form (`get`, `[]`, `in`, `keys()`, `len()`,
/// iteration), with `to_dict()` for the whole of it.
#[pyclass(frozen, module = "pronote._pronote", name = "Fields")]
pub struct Fields {
    root: Arc<dyn Tree>,
    path: Vec<Step>,
}

impl Fields {
    fn new(root: Arc<dyn Tree>, path: Vec<Step>) -> Self {
        Fields { root, path }
    }

    fn reach(&self, py: Python<'_>, want: Want<'_>) -> Result<Found, Stop> {
        self.root.reach(&self.root, py, &self.path, want)
    }

    fn field(&self, py: Python<'_>, key: &str) -> Result<Py<PyAny>, Stop> {
        match self.reach(py, Want::Field(key))? {
            Found::Object(object) => Ok(object),
            Found::Keys(_) => Err(Stop::Missing),
        }
    }

    fn key_names(&self, py: Python<'_>) -> PyResult<Vec<&'static str>> {
        match self.reach(py, Want::Keys) {
            Ok(Found::Keys(keys)) => Ok(keys),
            Ok(Found::Object(_)) => Ok(Vec::new()),
            Err(e) => Err(e.into_py_err()),
        }
    }
}

#[pymethods]
impl Fields {
    /// The field `key` (a struct as a dict, a list of structs as views),
    /// `default` when the model has no such field.
    #[pyo3(signature = (key, default = None))]
    fn get(&self, py: Python<'_>, key: &str, default: Option<Py<PyAny>>) -> PyResult<Py<PyAny>> {
        match self.field(py, key) {
            Ok(value) => Ok(value),
            Err(Stop::Missing) => Ok(default.unwrap_or_else(|| py.None())),
            Err(e) => Err(e.into_py_err()),
        }
    }

    fn __getitem__(&self, py: Python<'_>, key: &str) -> PyResult<Py<PyAny>> {
        match self.field(py, key) {
            Ok(value) => Ok(value),
            Err(Stop::Missing) => Err(PyKeyError::new_err(key.to_owned())),
            Err(e) => Err(e.into_py_err()),
        }
    }

    fn __contains__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        // Like a dict's `in`: a key of another type is simply not there.
        let Ok(key) = key.extract::<String>() else {
            return Ok(false);
        };
        Ok(self.key_names(py)?.contains(&key.as_str()))
    }

    /// The names of the fields, in the model's order.
    fn keys(&self, py: Python<'_>) -> PyResult<Vec<&'static str>> {
        self.key_names(py)
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.key_names(py)?.len())
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyList::new(py, self.key_names(py)?)?
            .try_iter()
            .map(Bound::into_any)
    }

    /// The whole struct in its serde form: the same dict as converting
    /// the model at once.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self.reach(py, Want::Whole) {
            Ok(Found::Object(object)) => Ok(object),
            Ok(Found::Keys(_)) => Ok(PyDict::new(py).into_any().unbind()),
            Err(e) => Err(e.into_py_err()),
        }
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let mine = self.to_dict(py)?;
        let theirs = match other.cast::<Fields>() {
            Ok(view) => view.get().to_dict(py)?.into_bound(py),
            Err(_) => other.clone(),
        };
        mine.bind(py).eq(theirs)
    }

    /// Pickled (and copied) as the plain dict.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let dict = py.get_type::<PyDict>().into_any();
        let args = PyTuple::new(py, [self.to_dict(py)?])?;
        PyTuple::new(py, [dict, args.into_any()])
    }

    /// The field names only: a view may hold a secret.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("<Fields {}>", self.key_names(py)?.join(", ")))
    }
}

/// The field or item a [`Follow`] looks for.
#[derive(Clone, Copy)]
enum Target<'t> {
    Field(&'t str),
    Index(usize),
}

/// Follows one step of a path through a value's `Serialize`, then the
/// rest of the path; or, when it is the `last` step (a field Python
/// asked for), presents the value reached.
struct Follow<'w, 'a, 'py, 'k> {
    walk: &'w mut Walk<'a, 'py, 'k>,
    target: Target<'k>,
    rest: &'w [Step],
    last: bool,
}

impl Follow<'_, '_, '_, '_> {
    /// Goes on from `value`, reached by `step`.
    fn reached<T: Serialize + ?Sized>(&mut self, step: Step, value: &T) -> Result<Found, Stop> {
        let walk = &mut *self.walk;
        walk.at.push(step);
        if self.last {
            present(walk.py, walk.root, walk.at, value).map(Found::Object)
        } else {
            self::walk(value, walk, self.rest)
        }
    }
}

/// Looks for one field of a struct.
struct FollowStruct<'w, 'a, 'py, 'k> {
    follow: Follow<'w, 'a, 'py, 'k>,
    found: Option<Found>,
}

impl ser::SerializeStruct for FollowStruct<'_, '_, '_, '_> {
    type Ok = Found;
    type Error = Stop;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        if self.found.is_none() && matches!(self.follow.target, Target::Field(name) if name == key)
        {
            self.found = Some(self.follow.reached(Step::Field(key), value)?);
        }
        Ok(())
    }

    fn end(self) -> Result<Found, Stop> {
        self.found.ok_or(Stop::Missing)
    }
}

/// Looks for one item of a list.
struct FollowSeq<'w, 'a, 'py, 'k> {
    follow: Follow<'w, 'a, 'py, 'k>,
    index: usize,
    found: Option<Found>,
}

impl ser::SerializeSeq for FollowSeq<'_, '_, '_, '_> {
    type Ok = Found;
    type Error = Stop;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        if self.found.is_none() && matches!(self.follow.target, Target::Index(i) if i == self.index)
        {
            self.found = Some(self.follow.reached(Step::Index(self.index), value)?);
        }
        self.index += 1;
        Ok(())
    }

    fn end(self) -> Result<Found, Stop> {
        self.found.ok_or(Stop::Missing)
    }
}

/// Every serializer method of a value that has no fields and no items:
/// the path does not go on from it.
macro_rules! leaf_methods {
    ($ok:ty, $leaf:expr) => {
        fn serialize_bool(self, _: bool) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_i8(self, _: i8) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_i16(self, _: i16) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_i32(self, _: i32) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_i64(self, _: i64) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_u8(self, _: u8) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_u16(self, _: u16) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_u32(self, _: u32) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_u64(self, _: u64) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_f32(self, _: f32) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_f64(self, _: f64) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_char(self, _: char) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_str(self, _: &str) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_none(self) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_unit(self) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
        ) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<$ok, Stop> {
            $leaf
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Stop> {
            $leaf
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Stop> {
            $leaf
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Stop> {
            $leaf
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
            $leaf
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Stop> {
            $leaf
        }
    };
}

impl<'w, 'a, 'py, 'k> ser::Serializer for Follow<'w, 'a, 'py, 'k> {
    type Ok = Found;
    type Error = Stop;
    type SerializeSeq = FollowSeq<'w, 'a, 'py, 'k>;
    type SerializeTuple = Impossible<Found, Stop>;
    type SerializeTupleStruct = Impossible<Found, Stop>;
    type SerializeTupleVariant = Impossible<Found, Stop>;
    type SerializeMap = Impossible<Found, Stop>;
    type SerializeStruct = FollowStruct<'w, 'a, 'py, 'k>;
    type SerializeStructVariant = Impossible<Found, Stop>;

    leaf_methods!(Found, Err(Stop::Missing));

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Found, Stop> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Found, Stop> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<FollowSeq<'w, 'a, 'py, 'k>, Stop> {
        Ok(FollowSeq {
            follow: self,
            index: 0,
            found: None,
        })
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<FollowStruct<'w, 'a, 'py, 'k>, Stop> {
        Ok(FollowStruct {
            follow: self,
            found: None,
        })
    }
}

/// Finds what a value serializes as; the answer comes back as
/// [`Stop::Shape`] as soon as it is known, or `Ok` for anything that is
/// neither a struct nor a list of structs.
struct Probe;

/// The items of a list, probed by its first one.
struct ProbeSeq {
    len: Option<usize>,
    count: usize,
    of_structs: bool,
}

impl ser::SerializeSeq for ProbeSeq {
    type Ok = ();
    type Error = Stop;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        if self.count == 0 {
            if shape(value)? != Shape::Struct {
                return Err(Stop::Shape(Shape::Other));
            }
            self.of_structs = true;
            if let Some(len) = self.len {
                return Err(Stop::Shape(Shape::ListOfStructs(len)));
            }
        }
        self.count += 1;
        Ok(())
    }

    fn end(self) -> Result<(), Stop> {
        if self.of_structs {
            return Err(Stop::Shape(Shape::ListOfStructs(self.count)));
        }
        Ok(())
    }
}

impl ser::Serializer for Probe {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = ProbeSeq;
    type SerializeTuple = Impossible<(), Stop>;
    type SerializeTupleStruct = Impossible<(), Stop>;
    type SerializeTupleVariant = Impossible<(), Stop>;
    type SerializeMap = Impossible<(), Stop>;
    type SerializeStruct = Impossible<(), Stop>;
    type SerializeStructVariant = Impossible<(), Stop>;

    leaf_methods!((), Err(Stop::Shape(Shape::Other)));

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        value.serialize(self)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<ProbeSeq, Stop> {
        Ok(ProbeSeq {
            len,
            count: 0,
            of_structs: false,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Err(Stop::Shape(Shape::Struct))
    }
}

/// The names of a struct's fields.
struct ListKeys;

struct ListKeysStruct(Vec<&'static str>);

impl ser::SerializeStruct for ListKeysStruct {
    type Ok = Vec<&'static str>;
    type Error = Stop;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        _: &T,
    ) -> Result<(), Stop> {
        self.0.push(key);
        Ok(())
    }

    fn end(self) -> Result<Vec<&'static str>, Stop> {
        Ok(self.0)
    }
}

impl ser::Serializer for ListKeys {
    type Ok = Vec<&'static str>;
    type Error = Stop;
    type SerializeSeq = Impossible<Vec<&'static str>, Stop>;
    type SerializeTuple = Impossible<Vec<&'static str>, Stop>;
    type SerializeTupleStruct = Impossible<Vec<&'static str>, Stop>;
    type SerializeTupleVariant = Impossible<Vec<&'static str>, Stop>;
    type SerializeMap = Impossible<Vec<&'static str>, Stop>;
    type SerializeStruct = ListKeysStruct;
    type SerializeStructVariant = Impossible<Vec<&'static str>, Stop>;

    leaf_methods!(Vec<&'static str>, Err(Stop::Missing));

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Vec<&'static str>, Stop> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Vec<&'static str>, Stop> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop::Missing)
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<ListKeysStruct, Stop> {
        Ok(ListKeysStruct(Vec::with_capacity(len)))
    }
}
