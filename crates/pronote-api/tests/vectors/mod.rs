//! pronotepy 2.15.7's recorded calls, read by the decode tests: the login
//! replies made into the context every function needs, each call's reply
//! and the data pronotepy sent.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers shared by several test crates; tests fail loudly"
)]

use pronote_api::Error;
use pronote_api::function::Context;
use pronote_api::models::{Instance, User};
use pronote_proto::Reply;
use serde_json::Value;

const VECTORS: &str =
    include_str!("../../../pronote-proto/tests/data/pronotepy-2.15.7-vectors.json");

/// pronotepy's call that read two weeks of timetable.
pub const LESSONS: &str = "Client.lessons(date(2025,9,8), date(2025,9,16))";
/// pronotepy's call that read a month of homework.
pub const HOMEWORK: &str = "Client.homework(date(2025,9,1), date(2025,9,30))";

pub struct Vectors {
    pub all: Value,
    pub instance: Instance,
    pub user: User,
}

impl Vectors {
    pub fn load() -> Self {
        let all: Value = serde_json::from_str(VECTORS).unwrap();
        let instance =
            Instance::from_reply(&Self::response_of(&all, "login", "FonctionParametres")).unwrap();
        let user = User::from_reply(
            &Self::response_of(&all, "login", "ParametresUtilisateur"),
            3,
        )
        .unwrap();
        Vectors {
            all,
            instance,
            user,
        }
    }

    pub fn calls(all: &Value) -> &[Value] {
        all["endpoint_requests"]["calls"].as_array().unwrap()
    }

    pub fn call_of<'a>(all: &'a Value, call: &str, function: &str) -> &'a Value {
        Self::calls(all)
            .iter()
            .find(|c| c["call"] == call && c["function"] == function)
            .unwrap_or_else(|| panic!("no vector for {call} / {function}"))
    }

    pub fn response_of(all: &Value, call: &str, function: &str) -> Value {
        Self::call_of(all, call, function)["response_dataSec_decoded"]["data"].clone()
    }

    /// The reply pronotepy received.
    pub fn reply(&self, call: &str, function: &str) -> Reply {
        Reply {
            data: Self::response_of(&self.all, call, function),
            ..Reply::default()
        }
    }

    /// The `data` pronotepy sent.
    pub fn sent(&self, call: &str, function: &str) -> Value {
        let text = Self::call_of(&self.all, call, function)["dataSec_json"]
            .as_str()
            .unwrap();
        let sent: Value = serde_json::from_str(text).unwrap();
        sent["data"].clone()
    }

    pub fn ctx(&self) -> Context<'_> {
        Context {
            instance: &self.instance,
            user: &self.user,
            student: self.user.student(None),
        }
    }
}

/// Every field pronotepy sent is in ours, with the same value; returns
/// the fields we add.
pub fn assert_superset(ours: &Value, theirs: &Value) -> Vec<String> {
    let (ours, theirs) = (ours.as_object().unwrap(), theirs.as_object().unwrap());
    for (key, value) in theirs {
        assert_eq!(ours.get(key), Some(value), "field {key}");
    }
    ours.keys()
        .filter(|k| !theirs.contains_key(*k))
        .cloned()
        .collect()
}

pub fn reply(data: Value) -> Reply {
    Reply {
        data,
        ..Reply::default()
    }
}

pub fn assert_reply_error<T: std::fmt::Debug>(result: pronote_api::Result<T>, function: &str) {
    match result {
        Err(Error::Reply { function: f, .. }) => assert_eq!(f, function),
        other => panic!("expected a reply error from {function}, got {other:?}"),
    }
}
