//! Markdown → HTML with pulldown-cmark: heading ids, paragraph anchors,
//! mention links, highlighted code, sanitised raw HTML, `.md` link rewriting.
//!
//! One pass over the event stream produces everything later stages need
//! from a page: the HTML, its headings (for the section tree and the in-page
//! TOC), the plain text of every paragraph with its anchor (for entity
//! extraction), the text of every section (for search), every link with its
//! source line (for the link checker) and every id (for `#fragment` checks).
//! [`render_without_html`] makes all of that but the HTML, for builds that
//! render each page's HTML again only when they write it.
//!
//! Ids: headings use `{#id}` when given, else the pinyin slug of their text
//! (`crate::slug::slugify`, so always ASCII), made unique with `-2`, `-3`;
//! paragraphs are `p-1`, `p-2`, … in document order; footnotes `fn-<label>`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::highlight::{escape_html, Highlighter};

/// Finds entity mentions in a run of paragraph text: returns byte ranges in
/// `text` and the site-relative href (no base path, e.g.
/// `regulations/ge-ren-xin-xi-bao-hu-fa/`) each should link to. Called only
/// for text inside paragraphs and outside links and code.
pub type MentionLinker<'a> = dyn Fn(&str) -> Vec<(Range<usize>, String)> + Sync + 'a;

/// Rewrites a relative link (without `#fragment`, percent-decoded) to a
/// content file into the site-relative URL it was published at: a Markdown
/// file (`02-x.md`, `../r/index.md`) to its page (`reports/r/02-x/`), an
/// image or other file to its copy; `None` leaves the link as written.
pub type LinkResolver<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// What a page's Markdown pass needs besides the text.
pub struct MarkdownOptions<'a> {
    /// Let raw HTML through unsanitised.
    pub trusted_html: bool,
    pub highlighter: &'a Highlighter,
    /// Base path of the site, starting and ending with `/`.
    pub base: &'a str,
    pub resolve_link: Option<&'a LinkResolver<'a>>,
    pub mention_linker: Option<&'a MentionLinker<'a>>,
    /// Headings enclosing the whole document (e.g. the chapter title), the
    /// first entries of every [`ParagraphText::headings`].
    pub outer_headings: &'a [String],
}

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    pub id: String,
    /// Plain text.
    pub title: String,
    /// 1-based line in the source file.
    pub line: usize,
}

/// Plain text of one paragraph, as entity extraction wants it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphText {
    /// The paragraph's `id`, e.g. `p-3`.
    pub anchor: String,
    /// Where the text is: `sections[section].text[range]` (see
    /// [`RenderedMarkdown::paragraph_text`]). Not a copy: a large site's
    /// paragraphs would hold all its text a second time.
    pub section: usize,
    pub range: Range<usize>,
    /// Enclosing heading titles, outermost first (the outer headings, then
    /// the page's own `#`, `##`, `###`). Shared by the paragraphs of one
    /// section: a large site has hundreds of thousands of paragraphs.
    pub headings: Arc<[String]>,
    /// 1-based line in the source file.
    pub line: usize,
}

/// The text of one section, for search: everything from a heading to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionText {
    /// Id of the heading starting the section; `None` for text before the first heading.
    pub anchor: Option<String>,
    pub title: Option<String>,
    pub text: String,
}

/// A link or image source found in the Markdown, as written into the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub href: String,
    /// 1-based line in the source file.
    pub line: usize,
}

/// The result of rendering one page's Markdown.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub headings: Vec<Heading>,
    pub paragraphs: Vec<ParagraphText>,
    pub sections: Vec<SectionText>,
    pub links: Vec<LinkRef>,
    /// Every id the HTML defines (headings, paragraphs, footnotes).
    pub ids: Vec<String>,
}

impl RenderedMarkdown {
    /// The plain text of `paragraph` (one of `self.paragraphs`).
    pub fn paragraph_text(&self, paragraph: &ParagraphText) -> &str {
        self.sections
            .get(paragraph.section)
            .and_then(|s| s.text.get(paragraph.range.clone()))
            .unwrap_or("")
    }
}

/// Ids the default theme uses around the content; headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "reports",
    "toc-title",
    "page-toc-title",
    "site-search",
    "search-dropdown",
    "search-results",
    "search-page-input",
    "theme-toggle",
];

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The first `# Title` of a document, when the document starts with it
/// (blank lines allowed before), with the byte range of that line.
pub fn leading_h1(body: &str) -> Option<(String, Range<usize>)> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            offset += line.len();
            continue;
        }
        let rest = trimmed.strip_prefix("# ")?;
        let title = rest.trim().trim_end_matches('#').trim();
        if title.is_empty() {
            return None;
        }
        return Some((title.to_string(), offset..offset + line.len()));
    }
    None
}

/// Render `body` (whose first line is line `first_line` of its file).
pub fn render(body: &str, first_line: usize, opts: &MarkdownOptions) -> RenderedMarkdown {
    render_with(body, first_line, opts, true)
}

/// [`render`] without the HTML (`html` is left empty): the headings, texts,
/// links and ids only, for a build that renders each page's HTML again when
/// it writes the page (see `crate::build`). Code is not highlighted and no
/// HTML string is built or sanitised; everything else is the same.
pub fn render_without_html(
    body: &str,
    first_line: usize,
    opts: &MarkdownOptions,
) -> RenderedMarkdown {
    render_with(body, first_line, opts, false)
}

fn render_with(
    body: &str,
    first_line: usize,
    opts: &MarkdownOptions,
    with_html: bool,
) -> RenderedMarkdown {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| -> usize {
        let idx = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        idx + first_line
    };

    let events: Vec<(Event, Range<usize>)> = pulldown_cmark::TextMergeWithOffset::new(
        Parser::new_ext(body, parser_options()).into_offset_iter(),
    )
    .collect();

    let mut used_ids: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let heading_ids = assign_heading_ids(&events, &mut used_ids);

    let mut out: Vec<Event> = Vec::with_capacity(events.len() + 16);
    let mut result = RenderedMarkdown::default();
    let mut heading_stack: Vec<(u8, String)> = Vec::new();
    let mut blocks = BlockSink {
        outer_headings: opts.outer_headings,
        headings: None,
    };
    let mut heading_index = 0usize;
    let mut paragraph_count = 0usize;
    let mut paragraph: Option<(String, String, usize)> = None; // anchor, text, line
    let mut link_depth = 0usize;
    let mut code_block: Option<(String, String)> = None; // lang, code
    let mut has_raw_html = false;
    let mut footnotes: HashMap<String, (String, usize)> = HashMap::new();
    let mut section = SectionText {
        anchor: None,
        title: None,
        text: String::new(),
    };

    // A table's column alignments, and whether its head row is open: body
    // rows are written here (each is a block with an anchor, see below).
    let mut table_alignments: Vec<pulldown_cmark::Alignment> = Vec::new();
    let mut in_table_head = false;
    let mut cell_index = 0usize;
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        if let Some((_, code)) = code_block.as_mut() {
            match event {
                Event::Text(t) => {
                    code.push_str(&t);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, code) = code_block.take().unwrap_or_default();
                    if with_html {
                        out.push(Event::Html(opts.highlighter.highlight(&code, &lang).into()));
                    }
                    continue;
                }
                _ => continue,
            }
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                // A paragraph inside a tight item's block ("- > quote").
                blocks.finish(&mut paragraph, &mut section, &mut result, &heading_stack);
                let anchor = open_block(
                    "p",
                    &mut paragraph_count,
                    &mut used_ids,
                    &mut result,
                    &mut out,
                );
                paragraph = Some((anchor, String::new(), line_of(range.start)));
            }
            Event::End(TagEnd::Paragraph) => {
                out.push(Event::Html("</p>\n".into()));
                blocks.finish(&mut paragraph, &mut section, &mut result, &heading_stack);
            }
            // The item of a tight list holds its text without a paragraph:
            // that text is a block of its own, anchored, scanned for
            // entities and linked like a paragraph.
            Event::Start(Tag::Item) => {
                let tight = !matches!(events.peek(), Some((Event::Start(Tag::Paragraph), _)));
                if tight && paragraph.is_none() {
                    let anchor = open_block(
                        "li",
                        &mut paragraph_count,
                        &mut used_ids,
                        &mut result,
                        &mut out,
                    );
                    paragraph = Some((anchor, String::new(), line_of(range.start)));
                } else {
                    out.push(Event::Start(Tag::Item));
                }
            }
            // An item's own text ends where its nested list starts.
            Event::End(TagEnd::Item) | Event::Start(Tag::List(_)) => {
                blocks.finish(&mut paragraph, &mut section, &mut result, &heading_stack);
                out.push(event);
            }
            // A table's body row is a block: its cells' texts, joined.
            Event::Start(Tag::Table(alignments)) => {
                table_alignments = alignments.clone();
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::Start(Tag::TableHead) | Event::End(TagEnd::TableHead) => {
                in_table_head = matches!(event, Event::Start(_));
                out.push(event);
            }
            Event::Start(Tag::TableRow) => {
                let anchor = open_block(
                    "tr",
                    &mut paragraph_count,
                    &mut used_ids,
                    &mut result,
                    &mut out,
                );
                paragraph = Some((anchor, String::new(), line_of(range.start)));
                cell_index = 0;
            }
            Event::End(TagEnd::TableRow) => {
                out.push(Event::Html("</tr>\n".into()));
                blocks.finish(&mut paragraph, &mut section, &mut result, &heading_stack);
            }
            // The row's tag is ours, so its cells are too (the HTML writer
            // counts cells for their alignment from the row it opened).
            Event::Start(Tag::TableCell) if !in_table_head => {
                if let Some((_, text, _)) = paragraph.as_mut().filter(|_| cell_index > 0) {
                    text.push_str(" | ");
                }
                let style = match table_alignments.get(cell_index) {
                    Some(pulldown_cmark::Alignment::Left) => " style=\"text-align: left\"",
                    Some(pulldown_cmark::Alignment::Center) => " style=\"text-align: center\"",
                    Some(pulldown_cmark::Alignment::Right) => " style=\"text-align: right\"",
                    _ => "",
                };
                out.push(Event::Html(format!("<td{style}>").into()));
            }
            Event::End(TagEnd::TableCell) if !in_table_head => {
                out.push(Event::Html("</td>".into()));
                cell_index += 1;
            }
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes,
                attrs,
            }) => {
                let (id, title) = heading_ids.get(heading_index).cloned().unwrap_or_default();
                heading_index += 1;
                let level_num = level as u8;
                while heading_stack
                    .last()
                    .is_some_and(|(lvl, _)| *lvl >= level_num)
                {
                    heading_stack.pop();
                }
                heading_stack.push((level_num, title.clone()));
                blocks.headings = None;
                result.ids.push(id.clone());
                result.headings.push(Heading {
                    level: level_num,
                    id: id.clone(),
                    title: title.clone(),
                    line: line_of(range.start),
                });
                let finished = std::mem::replace(
                    &mut section,
                    SectionText {
                        anchor: Some(id.clone()),
                        title: Some(title),
                        text: String::new(),
                    },
                );
                if finished.anchor.is_some() || !finished.text.trim().is_empty() {
                    result.sections.push(finished);
                }
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code_block = Some((lang, String::new()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                let href = rewrite_href(&dest_url, opts);
                result.links.push(LinkRef {
                    href: href.clone(),
                    line: line_of(range.start),
                });
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: href.into(),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                out.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let href = rewrite_href(&dest_url, opts);
                result.links.push(LinkRef {
                    href: href.clone(),
                    line: line_of(range.start),
                });
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: href.into(),
                    title,
                    id,
                }));
            }
            Event::Text(text) => {
                if let Some((_, p, _)) = paragraph.as_mut() {
                    push_text(p, &text);
                } else {
                    push_text(&mut section.text, &text);
                    section.text.push(' ');
                }
                match (opts.mention_linker, paragraph.is_some() && link_depth == 0) {
                    (Some(linker), true) => link_mentions(&text, linker, opts.base, &mut out),
                    _ => out.push(Event::Text(text)),
                }
            }
            Event::Code(code) => {
                if let Some((_, p, _)) = paragraph.as_mut() {
                    push_text(p, &code);
                } else {
                    push_text(&mut section.text, &code);
                    section.text.push(' ');
                }
                out.push(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, p, _)) = paragraph.as_mut() {
                    if p.chars().last().is_some_and(|c| c.is_ascii_alphanumeric()) {
                        p.push(' ');
                    }
                }
                // A line break inside Chinese text is not a space: browsers
                // would show one, so join the lines.
                let joins_cjk = matches!(event, Event::SoftBreak)
                    && body[..range.start]
                        .trim_end()
                        .chars()
                        .next_back()
                        .is_some_and(is_cjk)
                    && body[range.end.min(body.len())..]
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(is_cjk);
                if !joins_cjk {
                    out.push(event);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                has_raw_html = true;
                out.push(event);
            }
            Event::FootnoteReference(label) => {
                let next = footnotes.len() + 1;
                let (slug, number) = footnote_slot(&mut footnotes, &label, next, &mut used_ids);
                out.push(Event::Html(
                    format!(
                        "<sup class=\"footnote-reference\"><a href=\"#{slug}\">{number}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let next = footnotes.len() + 1;
                let (slug, number) = footnote_slot(&mut footnotes, &label, next, &mut used_ids);
                result.ids.push(slug.clone());
                out.push(Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"{slug}\"><sup class=\"footnote-definition-label\">{number}</sup>"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                out.push(Event::Html("</div>\n".into()));
            }
            other => out.push(other),
        }
    }
    if section.anchor.is_some() || !section.text.trim().is_empty() {
        result.sections.push(section);
    }
    for (i, s) in result.sections.iter_mut().enumerate() {
        s.text.truncate(s.text.trim_end().len());
        let lead = s.text.len() - s.text.trim_start().len();
        if lead > 0 {
            s.text.drain(..lead);
            for p in result.paragraphs.iter_mut().filter(|p| p.section == i) {
                p.range = p.range.start.saturating_sub(lead)..p.range.end.saturating_sub(lead);
            }
        }
    }

    if with_html {
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        if has_raw_html && !opts.trusted_html {
            html = SANITIZER.clean(&html).to_string();
        }
        // A site's pages are all held until they are written: drop the spare
        // capacity the strings grew (up to half of each).
        html.shrink_to_fit();
        result.html = html;
    }
    for section in &mut result.sections {
        section.text.shrink_to_fit();
    }
    // Likewise the lists, which a large site holds for every page through
    // entity extraction.
    result.headings.shrink_to_fit();
    result.paragraphs.shrink_to_fit();
    result.sections.shrink_to_fit();
    result.links.shrink_to_fit();
    result.ids.shrink_to_fit();
    result
}

/// Ammonia settings that keep everything our own renderer emits (ids,
/// classes, table alignment, task-list boxes) and drop scripts, handlers
/// and the like from raw HTML.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class", "title", "lang", "dir"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .link_rel(None);
    b
});

fn footnote_slot(
    footnotes: &mut HashMap<String, (String, usize)>,
    label: &str,
    next: usize,
    used: &mut HashSet<String>,
) -> (String, usize) {
    if let Some(found) = footnotes.get(label) {
        return found.clone();
    }
    let slug = unique_id(format!("fn-{}", crate::slug::slugify(label)), used);
    footnotes.insert(label.to_string(), (slug.clone(), next));
    (slug, next)
}

/// Titles and unique ids of every heading, in document order.
fn assign_heading_ids(
    events: &[(Event, Range<usize>)],
    used: &mut HashSet<String>,
) -> Vec<(String, String)> {
    let mut ids = Vec::new();
    let mut current: Option<(Option<String>, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.as_ref().map(|s| s.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = current.as_mut() {
                    title.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, title)) = current.take() {
                    let title = title.trim().to_string();
                    let base = match explicit {
                        Some(id) if valid_explicit_id(&id) => id,
                        _ => {
                            let slug = crate::slug::slugify(&title);
                            // `p-3` is reserved for paragraphs.
                            if is_paragraph_id(&slug) || slug == "page" && title.is_empty() {
                                format!("h-{slug}")
                            } else {
                                slug
                            }
                        }
                    };
                    let id = unique_id(base, used);
                    ids.push((id, title));
                }
            }
            _ => {}
        }
    }
    ids
}

fn valid_explicit_id(id: &str) -> bool {
    !id.is_empty()
        && !is_paragraph_id(id)
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

fn is_paragraph_id(id: &str) -> bool {
    id.strip_prefix("p-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Chinese/Japanese characters and full-width punctuation, between which a
/// line break means nothing.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303F      // radicals, CJK symbols and punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3FFFF) // extensions B–H
}

/// Open the next block: its element (`p`, `li`, `tr`) with its anchor
/// (`p-N`), which is recorded among the page's ids and returned.
fn open_block(
    element: &str,
    count: &mut usize,
    used_ids: &mut HashSet<String>,
    result: &mut RenderedMarkdown,
    out: &mut Vec<Event>,
) -> String {
    *count += 1;
    let anchor = format!("p-{count}");
    out.push(Event::Html(format!("<{element} id=\"{anchor}\">").into()));
    used_ids.insert(anchor.clone());
    result.ids.push(anchor.clone());
    anchor
}

/// Where a finished block's text goes: the section's text, and a
/// [`ParagraphText`] pointing into it.
struct BlockSink<'a> {
    outer_headings: &'a [String],
    /// The enclosing headings of the blocks since the last heading, shared.
    headings: Option<Arc<[String]>>,
}

impl BlockSink<'_> {
    /// Close the open block, if any: its text goes to the section's.
    fn finish(
        &mut self,
        open: &mut Option<(String, String, usize)>,
        section: &mut SectionText,
        result: &mut RenderedMarkdown,
        heading_stack: &[(u8, String)],
    ) {
        let Some((anchor, text, line)) = open.take() else {
            return;
        };
        let trimmed = text.trim();
        let start = section.text.len() + (text.len() - text.trim_start().len());
        let range = start..start + trimmed.len();
        let outer = self.outer_headings;
        let headings = Arc::clone(self.headings.get_or_insert_with(|| {
            outer
                .iter()
                .chain(heading_stack.iter().map(|(_, t)| t))
                .cloned()
                .collect()
        }));
        push_text(&mut section.text, &text);
        section.text.push('\n');
        result.paragraphs.push(ParagraphText {
            anchor,
            // The section holding this text is pushed next.
            section: result.sections.len(),
            range,
            headings,
            line,
        });
    }
}

fn push_text(buf: &mut String, text: &str) {
    buf.push_str(text);
}

/// `02-x.md#y` → `{base}reports/r/02-x/#y` when the resolver knows the file;
/// everything else is left as written.
fn rewrite_href(href: &str, opts: &MarkdownOptions) -> String {
    let Some(resolve) = opts.resolve_link else {
        return href.to_string();
    };
    if href.starts_with('#')
        || href.starts_with('/')
        || href.contains("://")
        || href.starts_with("mailto:")
    {
        return href.to_string();
    }
    let (path, fragment) = match href.find('#') {
        Some(i) => (&href[..i], &href[i..]),
        None => (href, ""),
    };
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if decoded.is_empty() {
        return href.to_string();
    }
    match resolve(&decoded) {
        Some(url) => format!("{}{}{}", opts.base, url, fragment),
        None => href.to_string(),
    }
}

/// Split `text` around the linker's mentions into text and `<a>` events.
fn link_mentions<'a>(
    text: &CowStr<'a>,
    linker: &MentionLinker<'_>,
    base: &str,
    out: &mut Vec<Event<'a>>,
) {
    let mut mentions = linker(text);
    if mentions.is_empty() {
        out.push(Event::Text(text.clone()));
        return;
    }
    mentions.sort_by_key(|(r, _)| (r.start, r.end));
    let mut pos = 0;
    for (range, href) in mentions {
        let valid = range.start >= pos
            && range.start < range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        if !valid {
            continue;
        }
        if range.start > pos {
            out.push(Event::Text(text[pos..range.start].to_string().into()));
        }
        out.push(Event::Html(
            format!(
                "<a class=\"mention\" href=\"{}{}\">",
                base,
                escape_html(href.trim_start_matches('/'))
            )
            .into(),
        ));
        out.push(Event::Text(text[range.clone()].to_string().into()));
        out.push(Event::Html("</a>".into()));
        pos = range.end;
    }
    if pos < text.len() {
        out.push(Event::Text(text[pos..].to_string().into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts<'a>(h: &'a Highlighter) -> MarkdownOptions<'a> {
        MarkdownOptions {
            trusted_html: false,
            highlighter: h,
            base: "/",
            resolve_link: None,
            mention_linker: None,
            outer_headings: &[],
        }
    }

    #[test]
    fn paragraphs_get_anchors_and_text() {
        let h = Highlighter::new();
        let r = render(
            "## 市场概述\n\n第一段，引用《个人信息保护法》。\n\n第二段\n续行。\n",
            1,
            &opts(&h),
        );
        assert!(r.html.contains("<p id=\"p-1\">第一段"), "{}", r.html);
        assert!(r.html.contains("<p id=\"p-2\">"), "{}", r.html);
        assert_eq!(r.paragraphs.len(), 2);
        assert_eq!(&*r.paragraphs[0].headings, ["市场概述".to_string()]);
        assert_eq!(r.paragraph_text(&r.paragraphs[1]), "第二段续行。");
        assert_eq!(r.paragraphs[1].line, 5);
        assert_eq!(r.headings[0].id, "shi-chang-gai-shu");
    }

    #[test]
    fn tight_list_items_and_table_rows_are_blocks() {
        let h = Highlighter::new();
        let r = render(
            "主要企业：\n\n- 微众银行\n- 网商银行\n  - 子项\n\n| 机构 | 产品 |\n| :-- | --: |\n| 招商银行 | 闪电贷 |\n| 平安银行 | 新一贷 |\n\n- 松散项\n\n- 第二项\n",
            1,
            &opts(&h),
        );
        let texts: Vec<_> = r
            .paragraphs
            .iter()
            .map(|p| (p.anchor.as_str(), r.paragraph_text(p)))
            .collect();
        assert_eq!(
            texts,
            [
                ("p-1", "主要企业："),
                ("p-2", "微众银行"),
                ("p-3", "网商银行"),
                ("p-4", "子项"),
                ("p-5", "招商银行 | 闪电贷"),
                ("p-6", "平安银行 | 新一贷"),
                ("p-7", "松散项"),
                ("p-8", "第二项"),
            ]
        );
        assert!(
            r.html.contains("<li id=\"p-2\">微众银行</li>"),
            "{}",
            r.html
        );
        // The rows keep their cells' alignment; the head row is no block.
        assert!(
            r.html.contains("<tr id=\"p-6\"><td style=\"text-align: left\">平安银行</td><td style=\"text-align: right\">新一贷</td></tr>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<th style=\"text-align: left\">机构</th>"),
            "{}",
            r.html
        );
        // A loose list's items hold paragraphs, which are the blocks.
        assert!(
            r.html.contains("<li><p id=\"p-7\">松散项</p>"),
            "{}",
            r.html
        );
        assert_eq!(r.paragraphs[4].line, 9);
    }

    #[test]
    fn heading_ids_are_unique_and_ascii() {
        let h = Highlighter::new();
        let r = render(
            "## 概述\n\n## 概述\n\n## Custom {#mine}\n\n## P 1\n",
            1,
            &opts(&h),
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["gai-shu", "gai-shu-2", "mine", "h-p-1"]);
    }

    #[test]
    fn raw_html_is_sanitised_unless_trusted() {
        let h = Highlighter::new();
        let src = "Hi <script>alert(1)</script> <b onclick=\"x()\">b</b>\n";
        let r = render(src, 1, &opts(&h));
        assert!(!r.html.contains("script"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(r.html.contains("<p id=\"p-1\">"), "{}", r.html);
        let mut trusted = opts(&h);
        trusted.trusted_html = true;
        assert!(render(src, 1, &trusted).html.contains("<script>"));
    }

    #[test]
    fn md_links_are_rewritten_and_recorded_with_lines() {
        let h = Highlighter::new();
        let resolver = |p: &str| (p == "02-next.md").then(|| "reports/r/02-next/".to_string());
        let mut o = opts(&h);
        o.base = "/sub/";
        o.resolve_link = Some(&resolver);
        let r = render(
            "text\n\nsee [next](02-next.md#a) and [x](missing.md)\n",
            10,
            &o,
        );
        assert!(
            r.html.contains("href=\"/sub/reports/r/02-next/#a\""),
            "{}",
            r.html
        );
        assert_eq!(r.links[0].line, 12);
        assert_eq!(r.links[1].href, "missing.md");
    }

    #[test]
    fn mention_linker_wraps_mentions_in_paragraphs_only() {
        let h = Highlighter::new();
        let linker = |t: &str| match t.find("央行") {
            Some(i) => vec![(i..i + "央行".len(), "orgs/yang-hang/".to_string())],
            None => vec![],
        };
        let mut o = opts(&h);
        o.mention_linker = Some(&linker);
        let r = render("## 央行\n\n央行发布。[央行](x.html)\n", 1, &o);
        assert!(
            r.html
                .contains("<a class=\"mention\" href=\"/orgs/yang-hang/\">央行</a>发布"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("mention").count(), 1, "{}", r.html);
    }

    #[test]
    fn footnotes_get_ascii_ids() {
        let h = Highlighter::new();
        let r = render("正文[^注 一]\n\n[^注 一]: 说明\n", 1, &opts(&h));
        assert!(r.html.contains("href=\"#fn-zhu-yi\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn-zhu-yi\""), "{}", r.html);
        assert!(r.ids.contains(&"fn-zhu-yi".to_string()));
    }

    #[test]
    fn sections_collect_text_for_search() {
        let h = Highlighter::new();
        let r = render(
            "前言\n\n## 一\n\n- 甲\n- 乙\n\n## 二\n\n段落\n",
            1,
            &opts(&h),
        );
        assert_eq!(r.sections.len(), 3);
        assert_eq!(r.sections[1].anchor.as_deref(), Some("yi"));
        assert!(r.sections[1].text.contains('甲'));
    }

    #[test]
    fn line_breaks_inside_chinese_text_are_joined() {
        let h = Highlighter::new();
        let r = render("第一行，\n第二行。\nNext line\nand more\n", 1, &opts(&h));
        assert!(
            r.html.contains("第一行，第二行。\nNext line\nand more"),
            "{}",
            r.html
        );
    }

    #[test]
    fn rendering_without_html_keeps_everything_else() {
        let h = Highlighter::new();
        let resolver = |p: &str| (p == "b.md").then(|| "reports/r/b/".to_string());
        let mut o = opts(&h);
        o.resolve_link = Some(&resolver);
        let src = "前言[^1]\n\n## 一 {#one}\n\n甲 [b](b.md) <b>x</b>\n\n```rust\nfn x() {}\n```\n\n[^1]: 注\n";
        let full = render(src, 3, &o);
        let lean = render_without_html(src, 3, &o);
        assert!(!full.html.is_empty());
        assert!(lean.html.is_empty());
        assert_eq!(lean.headings, full.headings);
        assert_eq!(lean.paragraphs, full.paragraphs);
        assert_eq!(lean.sections, full.sections);
        assert_eq!(lean.links, full.links);
        assert_eq!(lean.ids, full.ids);
    }

    #[test]
    fn leading_h1_is_found() {
        assert_eq!(
            leading_h1("\n# 标题\n\n正文").map(|(t, _)| t),
            Some("标题".to_string())
        );
        assert_eq!(leading_h1("正文\n# 标题"), None);
    }
}
