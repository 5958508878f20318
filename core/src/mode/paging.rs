//! Walking Mode's listings: the items of one page read tolerantly, and a walk that ends only
//! on an empty page, a page with nothing new, or a pagination block saying it is the last.

use std::collections::HashSet;

use serde_json::Value;

use crate::error::{Error, Result};

/// The page size asked for, as DataHub asks (and Mode's reports come 30 to a page anyway).
pub const PER_PAGE: u32 = 30;

/// The result of walking a paged listing.
#[derive(Debug, Default)]
pub struct Listing {
    pub items: Vec<Value>,
    pub pages: u32,
    /// The page cap was reached while pages still brought new items.
    pub truncated: bool,
}

/// A walk through a listing's pages: what was seen, and whether the last page ended it.
#[derive(Default)]
pub(crate) struct Walk {
    seen: HashSet<String>,
    pub(crate) listing: Listing,
}

impl Walk {
    /// Takes page `page`; true when it ends the walk.
    pub(crate) fn take(&mut self, body: Value, key: &str, page: u32) -> Result<bool> {
        let items = embedded_items(&body, key)?;
        self.listing.pages = page;
        let mut fresh = 0usize;
        for item in items {
            if self.seen.insert(item_key(item)) {
                self.listing.items.push(item.clone());
                fresh += 1;
            }
        }
        Ok(fresh == 0 || last_page(&body, page))
    }
}

/// The items of a HAL listing under `_embedded.<key>`, tolerating a bare array, a single other
/// embedded list, or an envelope with no `_embedded` (an empty listing).
pub fn embedded_items<'a>(body: &'a Value, key: &str) -> Result<&'a [Value]> {
    if let Some(items) = body.as_array() {
        return Ok(items);
    }
    let Some(object) = body.as_object() else {
        return Err(Error::Malformed {
            what: format!("expected a listing of {key}"),
        });
    };
    match object.get("_embedded") {
        Some(Value::Object(embedded)) => {
            if let Some(v) = embedded.get(key) {
                return v
                    .as_array()
                    .map(Vec::as_slice)
                    .ok_or_else(|| Error::Malformed {
                        what: format!("_embedded.{key} is not a list"),
                    });
            }
            let lists: Vec<&Vec<Value>> = embedded.values().filter_map(Value::as_array).collect();
            match lists.as_slice() {
                [] => Ok(&[]),
                [only] => Ok(only.as_slice()),
                _ => Err(Error::Malformed {
                    what: format!("no _embedded.{key} in the listing"),
                }),
            }
        }
        Some(Value::Null) | None if object.contains_key("_links") || object.is_empty() => Ok(&[]),
        Some(_) => Err(Error::Malformed {
            what: "_embedded is not an object".into(),
        }),
        None => Err(Error::Malformed {
            what: format!("expected a listing of {key}"),
        }),
    }
}

fn item_key(item: &Value) -> String {
    for field in ["token", "member_token", "id", "username"] {
        match item.get(field) {
            Some(Value::String(s)) => return format!("{field}:{s}"),
            Some(Value::Number(n)) => return format!("{field}:{n}"),
            _ => {}
        }
    }
    item.to_string()
}

fn last_page(body: &Value, page: u32) -> bool {
    let Some(p) = body.get("pagination") else {
        return false;
    };
    let total = p.get("total_pages").and_then(number);
    let current = p.get("page").and_then(number).unwrap_or(page as f64);
    matches!(total, Some(t) if current >= t)
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn embedded_items_tolerates_every_plausible_envelope() {
        let hal = json!({"_embedded": {"spaces": [{"token": "a"}]}});
        assert_eq!(
            embedded_items(&hal, "spaces").map(|i| i.len()).ok(),
            Some(1)
        );
        let other_key = json!({"_embedded": {"collections": [{"token": "a"}, {"token": "b"}]}});
        assert_eq!(
            embedded_items(&other_key, "spaces").map(|i| i.len()).ok(),
            Some(2)
        );
        let empty = json!({"_links": {"self": {"href": "/x"}}});
        assert_eq!(
            embedded_items(&empty, "spaces").map(|i| i.len()).ok(),
            Some(0)
        );
        assert!(embedded_items(&json!({"_embedded": {"spaces": 3}}), "spaces").is_err());
        assert!(embedded_items(&json!("text"), "spaces").is_err());
        assert!(embedded_items(&json!({"_embedded": []}), "spaces").is_err());
    }
}
