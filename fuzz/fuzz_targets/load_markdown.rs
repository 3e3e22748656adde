//! Fuzz loading a content file: front matter (TOML or YAML) → Markdown →
//! HTML with heading ids, paragraph anchors, highlighting and sanitising,
//! then entity extraction over its paragraphs. Any panic is a bug; errors are
//! fine.
#![no_main]

use std::sync::LazyLock;

use gen::extract::kb::KnowledgeBase;
use gen::extract::{extract_site, ParagraphRef};
use gen::frontmatter;
use gen::highlight::Highlighter;
use gen::markdown::{self, MarkdownOptions};
use libfuzzer_sys::fuzz_target;

static HIGHLIGHTER: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);
static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok((_meta, body, first_line)) = frontmatter::split(text) else { return };
    let outer = vec!["章".to_string()];
    let opts = MarkdownOptions {
        trusted_html: data.first().is_some_and(|b| b & 1 == 1),
        highlighter: &HIGHLIGHTER,
        base: "/sub/",
        resolve_link: None,
        mention_linker: None,
        outer_headings: &outer,
    };
    let rendered = markdown::render(body, first_line, &opts);
    let refs: Vec<ParagraphRef> = rendered
        .paragraphs
        .iter()
        .map(|p| ParagraphRef {
            report: "r",
            chapter: "c",
            page_url: "r/c/",
            anchor: &p.anchor,
            headings: &p.headings,
            text: rendered.paragraph_text(p),
        })
        .collect();
    let entities = extract_site(&refs, &KB);
    let _ = entities.linker().link_html(&rendered.html, "/sub/");
});
