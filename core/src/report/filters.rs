//! How the templates escape what the document says: named entities in HTML, backslashes and
//! `<br>` in Markdown table cells, and the few filters the templates call by name.
//!
//! `askama.toml` (under `templates/`) makes [`Html`] and [`Markdown`] the escapers of
//! `.html` and `.md` templates, so every value a template prints goes through one of them.

use std::fmt::{self, Display, Write};

use askama::filters::{Escaper, Safe};
use askama::Values;

/// HTML text and attribute values: `& < > " '` become named entities (`'` as `&#39;`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl Escaper for Html {
    fn write_escaped_str<W: Write>(&self, mut dest: W, raw: &str) -> fmt::Result {
        let mut rest = raw;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            dest.write_str(&rest[..at])?;
            dest.write_str(match &rest[at..at + 1] {
                "&" => "&amp;",
                "<" => "&lt;",
                ">" => "&gt;",
                "\"" => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        dest.write_str(rest)
    }
}

/// A Markdown table cell: characters that would start markup are backslash-escaped, so a name
/// like `[x](javascript:y)` stays text; a pipe can't end the cell; line breaks become `<br>`,
/// so a value never leaves its row; other control characters are dropped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown;

impl Escaper for Markdown {
    fn write_escaped_str<W: Write>(&self, mut dest: W, raw: &str) -> fmt::Result {
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' | '|' | '<' | '`' | '*' | '[' | ']' => {
                    dest.write_char('\\')?;
                    dest.write_char(c)?;
                }
                // "\r\n" is one line break.
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => dest.write_str("<br>")?,
                c if c.is_control() => {}
                c => dest.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// `raw` escaped by `escaper` into a new string.
pub(super) fn escaped(escaper: impl Escaper, raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    // Writing into a String cannot fail.
    let _ = escaper.write_escaped_str(&mut out, raw);
    out
}

/// HTML text whose line breaks are kept as `<br>`.
#[askama::filter_fn]
pub fn lines(raw: impl Display, _: &dyn Values) -> askama::Result<Safe<String>> {
    let raw = raw.to_string().replace("\r\n", "\n");
    Ok(Safe(escaped(Html, &raw).replace('\n', "<br>")))
}

/// An address as the target of a Markdown link: the characters that would end the target or
/// the table cell are percent-encoded. Only addresses `safe_link` allowed reach it.
#[askama::filter_fn]
pub fn md_target(url: impl Display, _: &dyn Values) -> askama::Result<Safe<String>> {
    let mut out = String::new();
    for c in url.to_string().chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '|' => out.push_str("%7C"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    Ok(Safe(out))
}
