//! HTML sources: reduce a saved web page to its text, one line per block
//! element, without scripts and styles. Iterative, so deep nesting is fine.

use scraper::{Html, Node};

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "title",
];
const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "head"];

pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 2);
    for node in doc.root_element().descendants() {
        match node.value() {
            Node::Element(e) if BLOCKS.contains(&e.name()) && !out.ends_with('\n') => {
                out.push('\n');
            }
            Node::Text(t) => {
                let parent_skipped = node
                    .parent()
                    .and_then(|p| p.value().as_element().map(|e| SKIPPED.contains(&e.name())))
                    .unwrap_or(false);
                if !parent_skipped {
                    out.push_str(t);
                }
            }
            _ => {}
        }
    }
    // Whitespace-only lines from indentation are dropped.
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        let t = line.trim();
        if !t.is_empty() {
            text.push_str(t);
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_page() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><div>一、概述</div><p>正文<b>加粗</b>。</p><script>var x=1;</script></body></html>";
        assert_eq!(html_to_text(html), "T\n一、概述\n正文加粗。\n");
    }
}
