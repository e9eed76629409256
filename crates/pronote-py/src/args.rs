//! Operation arguments from Python: JSON-shaped objects as a
//! `serde_json::Value`.
//!
//! The plain types (a `dict` with `str` keys, `list`, `tuple`, `str`,
//! `bool`, `int`, `float`, `None`) are read directly. Anything else (a
//! dataclass, a mapping or sequence of another class, an integer beyond
//! 64 bits, a float that JSON cannot hold) goes through `pythonize`, which
//! tries each kind in turn: for a plain `dict` that first probe
//! (`__dataclass_fields__`) raises and clears an `AttributeError`, a few
//! microseconds on every call.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// How deep arguments may nest: far beyond any operation's, and short of
/// the native stack's limit.
const MAX_DEPTH: usize = 64;

/// Reads a Python object (dict, list, …) as a serde value.
pub(crate) fn from_python(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    read(value, 0)
}

/// `_pronote._read_args(obj)`: the JSON text of `obj` read as an
/// operation reads its arguments (for the package's tests).
#[pyfunction]
pub(crate) fn _read_args(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let value = from_python(value)?;
    serde_json::to_string(&value).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn read(value: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "arguments nested more than {MAX_DEPTH} levels deep"
        )));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(text) = value.cast_exact::<PyString>() {
        return Ok(Value::String(text.to_cow()?.into_owned()));
    }
    if value.is_exact_instance_of::<PyBool>() {
        return Ok(Value::Bool(value.is_truthy()?));
    }
    if value.is_exact_instance_of::<PyInt>() {
        if let Ok(n) = value.extract::<i64>() {
            return Ok(Value::from(n));
        }
        if let Ok(n) = value.extract::<u64>() {
            return Ok(Value::from(n));
        }
    } else if let Ok(float) = value.cast_exact::<PyFloat>() {
        if let Some(n) = Number::from_f64(float.value()) {
            return Ok(Value::Number(n));
        }
    } else if let Ok(dict) = value.cast_exact::<PyDict>() {
        if let Some(map) = read_dict(dict, depth)? {
            return Ok(Value::Object(map));
        }
    } else if value.is_exact_instance_of::<PyList>() || value.is_exact_instance_of::<PyTuple>() {
        return value
            .try_iter()?
            .map(|item| read(&item?, depth + 1))
            .collect::<PyResult<_>>()
            .map(Value::Array);
    }
    Ok(pythonize::depythonize(value)?)
}

/// A dict whose keys are all `str`; `None` for another dict, left to
/// `pythonize` whole.
fn read_dict(dict: &Bound<'_, PyDict>, depth: usize) -> PyResult<Option<Map<String, Value>>> {
    let mut map = Map::new();
    for (key, item) in dict.iter() {
        let Ok(key) = key.cast_exact::<PyString>() else {
            return Ok(None);
        };
        map.insert(key.to_cow()?.into_owned(), read(&item, depth + 1)?);
    }
    Ok(Some(map))
}
