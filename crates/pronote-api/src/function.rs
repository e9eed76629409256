//! The typed layer over raw calls: each PRONOTE function is a type that
//! knows its wire name, its tab, whether it writes, how to build its data
//! from the session context and how to read its reply.

use serde_json::Value;

use pronote_proto::{RawReply, Reply, ReplyText};

use crate::error::Result;
use crate::models::instance::Instance;
use crate::models::user::{Student, User};

/// Whether a call only reads (safe to send again after a re-login) or
/// changes something (never sent twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// Reads data: retried once, transparently, after a session expiry.
    Read,
    /// Changes data: an expiry is reported, never retried blindly.
    Write,
}

/// What a function needs to build its request: the session's view of the
/// instance and the user, rebuilt after every re-login so that ids are
/// always the current session's.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Instance settings.
    pub instance: &'a Instance,
    /// The user.
    pub user: &'a User,
    /// The student calls act for (the selected child for parents).
    pub student: Option<&'a Student>,
}

/// One PRONOTE function, typed.
///
/// ```
/// use pronote_api::function::{CallKind, Context, Function};
/// use pronote_proto::{RawReply, Reply};
/// use serde_json::{Value, json};
///
/// /// `PageEquipePedagogique`: the teaching staff, as raw JSON.
/// struct Staff;
///
/// impl Function for Staff {
///     const NAME: &'static str = "PageEquipePedagogique";
///     const TAB: Option<u32> = Some(37);
///     const KIND: CallKind = CallKind::Read;
///     type Output = Value;
///     fn data(&self, _ctx: &Context<'_>) -> pronote_api::Result<Option<Value>> {
///         Ok(Some(json!({})))
///     }
///     fn decode(&self, reply: Reply, _ctx: &Context<'_>) -> pronote_api::Result<Value> {
///         Ok(reply.data)
///     }
/// }
/// ```
pub trait Function {
    /// The wire name.
    const NAME: &'static str;
    /// The tab (`Signature.onglet`), when the function has one.
    const TAB: Option<u32>;
    /// Read or write.
    const KIND: CallKind;
    /// The typed result.
    type Output;

    /// The `data` object, built from the current session's context.
    fn data(&self, ctx: &Context<'_>) -> Result<Option<Value>>;

    /// Reads the reply.
    fn decode(&self, reply: Reply, ctx: &Context<'_>) -> Result<Self::Output>;

    /// Reads a reply whose root is already scanned and checked (a
    /// [`RawReply`]): for functions whose reply is not data, such as the
    /// writes, which read nothing, or one that reads the root's other
    /// keys. The default parses the data into a [`Value`] and calls
    /// [`decode`](Self::decode). Typed reads of a `RawReply` go through
    /// [`decode_text`](Self::decode_text) with `ReplyText::from(raw)`.
    fn decode_raw(&self, reply: RawReply, ctx: &Context<'_>) -> Result<Self::Output> {
        self.decode(reply.into_reply()?, ctx)
    }

    /// Reads the reply from its payload text; what
    /// [`Client::fetch`](crate::Client::fetch) calls. Functions with wire
    /// structs read them here in the same pass as the payload's root
    /// ([`ReplyText::read`], which checks the server's error signals
    /// after), with no `Value` of the reply. The default scans and checks
    /// the payload as [`RawReply::from_payload`] does and calls
    /// [`decode_raw`](Self::decode_raw): a reply must be read or turned
    /// into a [`RawReply`], since its signals are only checked then.
    fn decode_text(&self, reply: ReplyText, ctx: &Context<'_>) -> Result<Self::Output> {
        self.decode_raw(reply.into_raw()?, ctx)
    }
}
