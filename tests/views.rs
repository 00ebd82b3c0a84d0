//! `jiesu::views::is_instant_field` against the views the core serializes: every RFC 3339
//! instant of a state view, an escalation evaluation and a bulletin sits under a field the
//! function names, and every such field holds an instant (or null).

mod common;

use common::{dispatched, normal_cat, t, ENGINE};
use jiesu::assessment::{bulletin, BulletinKind, Period};
use jiesu::escalation;
use jiesu::views::is_instant_field;
use serde_json::Value;

/// Every `(path, key, value)` of an object field, at any depth.
fn fields<'a>(v: &'a Value, path: &str, out: &mut Vec<(String, &'a str, &'a Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push((path.to_string(), k.as_str(), x));
                fields(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                fields(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn check(what: &str, view: &Value) -> usize {
    let mut all = Vec::new();
    fields(view, what, &mut all);
    let mut instants = 0;
    for (path, key, value) in all {
        let parses = value.as_str().is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok());
        if parses {
            assert!(is_instant_field(key), "{path}.{key} holds the instant {value} but is not an instant field");
            instants += 1;
        } else if is_instant_field(key) {
            assert!(value.is_null(), "{path}.{key} is an instant field but holds {value}");
        }
    }
    instants
}

#[test]
fn every_instant_of_the_views_is_in_an_instant_field() {
    let tk = dispatched("T1", normal_cat(), "2026-03-02T09:50:00+08:00", "2026-03-02T10:00:00+08:00");
    let now = t("2026-03-20T10:00:00+08:00");
    let state = serde_json::to_value(tk.state_view(ENGINE.guide(), now)).unwrap();
    assert!(check("state", &state) >= 4, "{state}");
    let evaluation = serde_json::to_value(escalation::evaluate(&tk, ENGINE.rules(), ENGINE.calendar(), now)).unwrap();
    assert!(check("evaluation", &evaluation) >= 2, "{evaluation}");
    let b = bulletin(&[tk], ENGINE.guide(), BulletinKind::Monthly, Period::parse("2026-03").unwrap(), None);
    let b = serde_json::to_value(b).unwrap();
    assert!(check("bulletin", &b) >= 2, "{b}");
}
