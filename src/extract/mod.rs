//! Entity extraction: regulations (《…》), organisations and case studies,
//! with alias merging and mentions that point at paragraph anchors.

/// One paragraph of rendered content, as the build hands it to extraction.
#[derive(Debug, Clone)]
pub struct ParagraphRef<'a> {
    /// Report slug (`""` for standalone pages).
    pub report: &'a str,
    /// Chapter title (or page title).
    pub chapter: &'a str,
    /// Site-relative URL of the paragraph: page URL + `#anchor`.
    pub url: &'a str,
    /// Titles of the enclosing headings, outermost first (chapter title,
    /// then `##`, `###` sections); cases are found from these.
    pub headings: &'a [String],
    /// Plain text of the paragraph.
    pub text: &'a str,
}
