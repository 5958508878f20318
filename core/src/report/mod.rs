//! The setup report a Mode admin sends to Atlan or a security reviewer: the typed setup
//! document rendered as one self-contained HTML page, as Markdown, or as JSON.
//!
//! [`view`] puts the document into words once; the templates under `core/templates/` lay those
//! words out, escaping every value. The document holds no secret, so no report can show one.

mod filters;
mod view;
mod words;

#[cfg(test)]
mod tests;

use std::path::Path;

use askama::Template;

use crate::model::SetupDocument;
use view::{Mark, View};

/// A file format the setup report can be saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One self-contained, printable HTML page.
    Html,
    /// GitHub-flavoured Markdown with tables.
    Markdown,
    /// The JSON document itself, pretty-printed.
    Json,
}

impl Format {
    /// The format matching a file's extension (`.html`/`.htm`, `.md`/`.markdown`, `.json`),
    /// in any case; `None` for anything else.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The usual file extension for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }
}

#[derive(Template)]
#[template(path = "report.html", config = "templates/askama.toml")]
struct HtmlReport<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "report.md", config = "templates/askama.toml")]
struct MarkdownReport<'a> {
    v: &'a View,
}

/// Renders the setup document `doc` in `format`. Never fails: blank fields show as "unknown"
/// or "—".
pub fn render(doc: &SetupDocument, format: Format) -> String {
    // Rendering writes into a String and no filter returns an error, so neither serde nor
    // askama can fail here; an empty string stands in for what cannot happen.
    match format {
        Format::Json => serde_json::to_string_pretty(doc).unwrap_or_default(),
        Format::Markdown => MarkdownReport { v: &View::of(doc) }
            .render()
            .unwrap_or_default(),
        Format::Html => HtmlReport { v: &View::of(doc) }
            .render()
            .unwrap_or_default(),
    }
}
