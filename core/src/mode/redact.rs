//! Server text cleaned of any echo of the key before the rest of the app sees it.

use base64::Engine;
use serde_json::Value;

use crate::error::Error;
use crate::secret::Secret;

/// Removes the key from text a server sent: the secret, `id:secret`, and the Base64 of
/// `id:secret` that HTTP Basic auth carries. A server that echoes the Authorization header in
/// an error or a name would otherwise put the key into reports and saved results.
#[derive(Clone)]
pub struct Redactor {
    /// Each form of the key and what replaces it, longest first.
    needles: Vec<(String, String)>,
}

impl Redactor {
    /// What replaces the key.
    pub const MARK: &'static str = "(redacted)";

    /// A redactor for one key.
    pub fn new(key_id: &str, secret: &Secret) -> Redactor {
        let secret = secret.expose();
        if secret.is_empty() {
            return Redactor { needles: vec![] };
        }
        let pair = format!("{key_id}:{secret}");
        let standard = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
        let url_safe = base64::engine::general_purpose::URL_SAFE.encode(pair.as_bytes());
        let mark = || Self::MARK.to_string();
        let mut needles = vec![
            (standard.trim_end_matches('=').to_string(), mark()),
            (url_safe.trim_end_matches('=').to_string(), mark()),
            (standard, mark()),
            (url_safe, mark()),
            // The Key ID is no secret, and says which key was echoed.
            (pair, format!("{key_id}:{}", Self::MARK)),
            (secret.to_string(), mark()),
        ];
        // Longest first, so a form containing another is removed whole.
        needles.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        needles.dedup_by(|a, b| a.0 == b.0);
        Redactor { needles }
    }

    /// `text` with every form of the key replaced by [`Redactor::MARK`].
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (needle, mark) in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), mark);
            }
        }
        out
    }

    fn dirty(&self, text: &str) -> bool {
        self.needles.iter().any(|(n, _)| text.contains(n.as_str()))
    }

    /// Cleans every string (and object key) in a JSON answer.
    pub fn value(&self, value: &mut Value) {
        if self.needles.is_empty() {
            return;
        }
        match value {
            Value::String(s) if self.dirty(s) => *s = self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(map) => {
                let dirty: Vec<String> = map.keys().filter(|k| self.dirty(k)).cloned().collect();
                for k in dirty {
                    if let Some(v) = map.remove(&k) {
                        map.insert(self.text(&k), v);
                    }
                }
                map.values_mut().for_each(|v| self.value(v));
            }
            _ => {}
        }
    }

    /// The error with every text it carries cleaned.
    pub fn error(&self, error: Error) -> Error {
        if self.needles.is_empty() {
            return error;
        }
        error.map_text(|t| self.text(&t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_form_of_the_key_is_removed_from_server_text() {
        let r = Redactor::new("key1", &Secret::new("s3cr3t-value"));
        let basic = base64::engine::general_purpose::STANDARD.encode("key1:s3cr3t-value");
        let echoed =
            format!("got Authorization: Basic {basic} for key1:s3cr3t-value (s3cr3t-value)");
        let clean = r.text(&echoed);
        assert!(
            !clean.contains("s3cr3t") && !clean.contains(&basic),
            "{clean}"
        );
        assert!(
            clean.contains("key1"),
            "the Key ID is not a secret: {clean}"
        );
        let mut v = json!({"name": echoed, "list": [{"s3cr3t-value": 1}], "n": 3});
        r.value(&mut v);
        assert!(!v.to_string().contains("s3cr3t"), "{v}");
        let e = r.error(Error::Unauthorized {
            message: Some(format!("bad {basic}")),
        });
        assert!(!e.details().unwrap_or_default().contains(&basic));
    }
}
