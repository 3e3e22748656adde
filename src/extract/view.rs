//! What the site shows of the entities: `data/entities.json`, the index
//! pages (`/regulations/`, `/organizations/`, `/cases/` and one page per
//! regulation and organisation) as HTML fragments for the page template,
//! the inline SVG bar chart, and the per-report citation lists.
//!
//! Every URL here is site-relative (`regulations/wang-luo-an-quan-fa/`,
//! `reports/r/01-x/#p-3`); `base` (starting and ending with `/`) is put in
//! front when writing HTML.

use std::fmt::Write as _;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::linker::EntityKind;
use super::{Case, CaseOutcome, Entities, Mention, RegulationKind};
use crate::highlight::{escape_html, push_escaped};

/// Site-relative URL of an entity's index page (cases share one page and
/// are anchored in it).
pub fn entity_url(kind: EntityKind, id: &str) -> String {
    match kind {
        EntityKind::Case => format!("cases/#{id}"),
        _ => format!("{}/{id}/", kind.folder()),
    }
}

// ---- entities.json ---------------------------------------------------------------

#[derive(Serialize)]
struct JsonRegulation<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    kind: RegulationKind,
    url: String,
    mentions: &'a [Mention],
}

#[derive(Serialize)]
struct JsonOrganization<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    url: String,
    mentions: &'a [Mention],
}

#[derive(Serialize)]
struct JsonCase<'a> {
    id: &'a str,
    subject: &'a str,
    outcome: CaseOutcome,
    products: &'a [String],
    report: &'a str,
    url: &'a str,
    mentions: &'a [Mention],
}

/// `data/entities.json`: the shape documented in the README, URLs relative
/// to the site root. Compact: on a large site it holds every mention.
pub fn entities_json(entities: &Entities) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail, and the output is UTF-8 JSON.
    let _ = write_entities_json(entities, &mut out);
    String::from_utf8(out).unwrap_or_else(|_| "{}".to_string())
}

/// [`entities_json`] streamed into `out`, HTML-safe (`<`, `>`, `&` escaped
/// inside strings) without a second pass over a file that can be 100 MB.
///
/// Compact JSON of `{"regulations": [...], "organizations": [...],
/// "cases": [...]}`, serialised in parallel pieces (see `JsonPieces`) and
/// written in order, with only a window of pieces in memory.
pub fn write_entities_json(
    entities: &Entities,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Each entry is written as its other fields (serde, mentions left
    // empty) and then its mentions, which are nearly all of the file.
    let mut pieces = JsonPieces::default();
    pieces.bytes(b"{\"regulations\":[");
    for (i, r) in entities.regulations.iter().enumerate() {
        let head = JsonRegulation {
            id: &r.id,
            name: &r.name,
            aliases: &r.aliases,
            kind: r.kind,
            url: entity_url(EntityKind::Regulation, &r.id),
            mentions: &[],
        };
        pieces.entry(i, &head, &r.mentions)?;
    }
    pieces.bytes(b"],\"organizations\":[");
    for (i, o) in entities.organizations.iter().enumerate() {
        let head = JsonOrganization {
            id: &o.id,
            name: &o.name,
            aliases: &o.aliases,
            url: entity_url(EntityKind::Organization, &o.id),
            mentions: &[],
        };
        pieces.entry(i, &head, &o.mentions)?;
    }
    pieces.bytes(b"],\"cases\":[");
    for (i, c) in entities.cases.iter().enumerate() {
        let head = JsonCase {
            id: &c.id,
            subject: &c.subject,
            outcome: c.outcome,
            products: &c.products,
            report: &c.report,
            url: &c.url,
            mentions: &[],
        };
        pieces.entry(i, &head, &c.mentions)?;
    }
    pieces.bytes(b"]}");
    pieces.write(out)
}

/// Mentions serialised together as one parallel piece of the data file.
const MENTIONS_PER_PIECE: usize = 2048;

/// `entities.json` cut into pieces written in order: fixed bytes, and runs
/// of mentions serialised in parallel (one organisation can hold a tenth
/// of the file, so entries alone balance badly across threads).
#[derive(Default)]
struct JsonPieces<'a> {
    pieces: Vec<JsonPiece<'a>>,
}

enum JsonPiece<'a> {
    Bytes(Vec<u8>),
    /// Mentions, each preceded by a comma unless `first` starts the list.
    Mentions {
        mentions: &'a [Mention],
        first: bool,
    },
}

impl<'a> JsonPieces<'a> {
    fn bytes(&mut self, bytes: &[u8]) {
        self.pieces.push(JsonPiece::Bytes(bytes.to_vec()));
    }

    /// Entry number `index` of its array: `head` (serialised with no
    /// mentions, so it ends in `[]}`), with `mentions` spliced in.
    fn entry<T: Serialize>(
        &mut self,
        index: usize,
        head: &T,
        mentions: &'a [Mention],
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        if index > 0 {
            bytes.push(b',');
        }
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut bytes, crate::output::HtmlSafeFormatter);
        head.serialize(&mut serializer)
            .map_err(std::io::Error::other)?;
        if !bytes.ends_with(b"[]}") {
            return Err(std::io::Error::other(
                "an entity entry must end with its mentions",
            ));
        }
        bytes.truncate(bytes.len() - 2);
        self.pieces.push(JsonPiece::Bytes(bytes));
        for (n, chunk) in mentions.chunks(MENTIONS_PER_PIECE).enumerate() {
            self.pieces.push(JsonPiece::Mentions {
                mentions: chunk,
                first: n == 0,
            });
        }
        self.bytes(b"]}");
        Ok(())
    }

    /// Serialise the pieces a window at a time in parallel, writing each
    /// window in order: at most a window of JSON is held. The windows reuse
    /// their buffers: fresh ones would each be zeroed by the kernel when
    /// first written and handed back to it when freed, for every 700 KB of
    /// a 100 MB file.
    fn write(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let window = rayon::current_num_threads().max(1) * 4;
        let mut pool: Vec<Vec<u8>> = Vec::new();
        for chunk in self.pieces.chunks(window) {
            let mut buffers: Vec<Vec<u8>> = chunk
                .iter()
                .map(|_| pool.pop().unwrap_or_default())
                .collect();
            chunk
                .par_iter()
                .zip(buffers.par_iter_mut())
                .for_each(|(piece, buffer)| {
                    if let JsonPiece::Mentions { mentions, first } = piece {
                        buffer.reserve(mentions.len() * 384);
                        for (i, m) in mentions.iter().enumerate() {
                            if i > 0 || !first {
                                buffer.push(b',');
                            }
                            push_mention_json(buffer, m);
                        }
                    }
                });
            for (piece, buffer) in chunk.iter().zip(&mut buffers) {
                match piece {
                    JsonPiece::Bytes(bytes) => out.write_all(bytes)?,
                    JsonPiece::Mentions { .. } => out.write_all(buffer)?,
                }
                buffer.clear();
            }
            pool.extend(buffers);
        }
        Ok(())
    }
}

/// A mention as `serde_json` writes it (`{"report","chapter","url",
/// "context"}`), HTML-safe.
fn push_mention_json(out: &mut Vec<u8>, m: &Mention) {
    use crate::output::push_json_string;
    out.extend_from_slice(b"{\"report\":");
    push_json_string(out, m.report());
    out.extend_from_slice(b",\"chapter\":");
    push_json_string(out, m.chapter());
    out.extend_from_slice(b",\"url\":");
    push_json_string(out, m.url());
    out.extend_from_slice(b",\"context\":");
    push_json_string(out, &m.context);
    out.push(b'}');
}

// ---- chart -------------------------------------------------------------------------

const BAR_HEIGHT: usize = 22;
const BAR_GAP: usize = 6;
const LABEL_WIDTH: usize = 260;
const BAR_WIDTH: usize = 300;
const COUNT_WIDTH: usize = 50;
/// Longest label (in chars) drawn; longer ones are cut with `…`.
const MAX_LABEL_CHARS: usize = 18;

/// A horizontal bar chart as inline SVG: one bar per `(label, count, href)`
/// (href may be empty for no link), scaled to the largest count. Colours
/// come from the page (`currentColor`, `--accent`), so it reads in dark mode;
/// `<title>`/`<desc>` and `role="img"` describe it to screen readers.
pub fn bar_chart_svg(title: &str, items: &[(String, usize, String)]) -> String {
    let max = items.iter().map(|(_, n, _)| *n).max().unwrap_or(0).max(1);
    let height = items.len() * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
    let width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH;
    let desc: Vec<String> = items
        .iter()
        .map(|(label, n, _)| format!("{label}: {n}"))
        .collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"entity-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"100%\" style=\"max-width:{width}px\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">\
         <title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        escape_html(title),
        escape_html(&desc.join("; "))
    );
    for (i, (label, count, href)) in items.iter().enumerate() {
        let y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP);
        let bar = (count * BAR_WIDTH).div_ceil(max).max(2);
        let shown: String = if label.chars().count() > MAX_LABEL_CHARS {
            label
                .chars()
                .take(MAX_LABEL_CHARS - 1)
                .chain(['…'])
                .collect()
        } else {
            label.clone()
        };
        let text_y = y + BAR_HEIGHT / 2 + 5;
        let mut row = String::new();
        let _ = write!(
            row,
            "<text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\" style=\"fill:currentColor;font-size:14px\">{}</text>\
             <rect x=\"{}\" y=\"{y}\" width=\"{bar}\" height=\"{BAR_HEIGHT}\" rx=\"3\" style=\"fill:var(--accent, currentColor)\"><title>{}: {count}</title></rect>\
             <text x=\"{}\" y=\"{text_y}\" style=\"fill:currentColor;font-size:13px\">{count}</text>",
            LABEL_WIDTH - 8,
            escape_html(&shown),
            LABEL_WIDTH,
            escape_html(label),
            LABEL_WIDTH + bar + 6,
        );
        if href.is_empty() {
            svg.push_str(&row);
        } else {
            let _ = write!(svg, "<a href=\"{}\">{row}</a>", escape_html(href));
        }
    }
    svg.push_str("</svg>");
    svg
}

// ---- pages -------------------------------------------------------------------------

/// One generated page: its site-relative URL, title and body (for the
/// theme's `page.html`), and the ids it defines (for the link checker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityPage {
    pub url: String,
    pub title: String,
    body: PageBody,
    pub ids: Vec<String>,
}

/// The body of an [`EntityPage`]: the index pages are made up front (they
/// are small); a regulation's or organisation's page, which lists every
/// mention, is made when it is written, so a large site never holds all of
/// them at once.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PageBody {
    Html(String),
    Regulation(usize),
    Organization(usize),
}

impl EntityPage {
    /// The page's body HTML.
    pub fn content(&self, entities: &Entities, base: &str) -> String {
        match &self.body {
            PageBody::Html(html) => html.clone(),
            PageBody::Regulation(i) => regulation_body(entities, *i, base),
            PageBody::Organization(i) => organization_body(entities, *i, base),
        }
    }
}

/// Bars in the charts.
const CHART_ITEMS: usize = 10;

/// Every index page of the entities.
pub fn entity_pages(entities: &Entities, base: &str) -> Vec<EntityPage> {
    let mut pages = index_pages(entities, base).to_vec();
    pages.extend((0..entities.regulations.len()).map(|i| regulation_page(entities, i)));
    pages.extend((0..entities.organizations.len()).map(|i| organization_page(entities, i)));
    pages
}

/// The three lists: regulations, organisations and cases.
pub fn index_pages(entities: &Entities, base: &str) -> [EntityPage; 3] {
    [
        regulations_index(entities, base),
        organizations_index(entities, base),
        cases_index(entities, base),
    ]
}

/// The page of regulation `i` (its body is made by [`EntityPage::content`]).
pub fn regulation_page(entities: &Entities, i: usize) -> EntityPage {
    let r = &entities.regulations[i];
    EntityPage {
        url: entity_url(EntityKind::Regulation, &r.id),
        title: format!("《{}》", r.name),
        body: PageBody::Regulation(i),
        ids: vec!["mentions".to_string()],
    }
}

/// The page of organisation `i` (its body is made by [`EntityPage::content`]).
pub fn organization_page(entities: &Entities, i: usize) -> EntityPage {
    let o = &entities.organizations[i];
    EntityPage {
        url: entity_url(EntityKind::Organization, &o.id),
        title: o.name.clone(),
        body: PageBody::Organization(i),
        ids: vec!["mentions".to_string()],
    }
}

fn regulation_body(entities: &Entities, i: usize, base: &str) -> String {
    let r = &entities.regulations[i];
    let mut body = String::with_capacity(mentions_html_size(&r.mentions));
    let _ = write!(
        body,
        "<p class=\"entity-kind\">{}</p>",
        escape_html(r.kind.label_zh())
    );
    aliases_html(&mut body, &r.aliases);
    mentions_html(&mut body, &r.mentions, base);
    body
}

fn organization_body(entities: &Entities, i: usize, base: &str) -> String {
    let o = &entities.organizations[i];
    let mut body = String::with_capacity(mentions_html_size(&o.mentions));
    aliases_html(&mut body, &o.aliases);
    let cases: Vec<&Case> = entities
        .cases
        .iter()
        .filter(|c| c.subject == o.name)
        .collect();
    if !cases.is_empty() {
        body.push_str("<h2>案例</h2><ul class=\"entity-cases\">");
        for c in cases {
            let _ = write!(
                body,
                "<li><a href=\"{base}{}\">{}</a> <span class=\"case-outcome case-{}\">{}</span></li>",
                escape_html(&entity_url(EntityKind::Case, &c.id)),
                escape_html(&c.subject),
                outcome_class(c.outcome),
                c.outcome.label_zh()
            );
        }
        body.push_str("</ul>");
    }
    mentions_html(&mut body, &o.mentions, base);
    body
}

/// The chart's bars: the most-mentioned entries (name, count, id), most
/// first, ties by name, as (label, count, href).
fn most_cited<'a>(
    entries: impl Iterator<Item = (&'a str, usize, &'a str)>,
    kind: EntityKind,
    base: &str,
) -> Vec<(String, usize, String)> {
    let mut top: Vec<_> = entries.collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    top.into_iter()
        .take(CHART_ITEMS)
        .map(|(name, count, id)| {
            (
                name.to_string(),
                count,
                format!("{base}{}", entity_url(kind, id)),
            )
        })
        .collect()
}

fn regulations_index(entities: &Entities, base: &str) -> EntityPage {
    let mut body = String::new();
    let items = most_cited(
        entities
            .regulations
            .iter()
            .map(|e| (e.name.as_str(), e.mentions.len(), e.id.as_str())),
        EntityKind::Regulation,
        base,
    );
    let _ = write!(
        body,
        "<p>共 {} 部法规与政策文件，按类别排列。</p>",
        entities.regulations.len()
    );
    if !items.is_empty() {
        let _ = write!(
            body,
            "<figure class=\"entity-chart\">{}<figcaption>引用最多的法规</figcaption></figure>",
            bar_chart_svg("引用最多的法规", &items)
        );
    }
    let mut ids = Vec::new();
    for kind in RegulationKind::ALL {
        let group: Vec<_> = entities
            .regulations
            .iter()
            .filter(|r| r.kind == kind)
            .collect();
        if group.is_empty() {
            continue;
        }
        let id = format!("kind-{}", kind.as_str());
        let _ = write!(
            body,
            "<h2 id=\"{id}\">{} <span class=\"count\">({})</span></h2><ul class=\"entity-list\">",
            kind.label_zh(),
            group.len()
        );
        for r in group {
            let _ = write!(
                body,
                "<li><a href=\"{base}{}\">《{}》</a> <span class=\"count\">{} 处引用</span></li>",
                escape_html(&entity_url(EntityKind::Regulation, &r.id)),
                escape_html(&r.name),
                r.mentions.len()
            );
        }
        body.push_str("</ul>");
        ids.push(id);
    }
    EntityPage {
        url: "regulations/".into(),
        title: "法规索引".into(),
        body: PageBody::Html(body),
        ids,
    }
}

fn organizations_index(entities: &Entities, base: &str) -> EntityPage {
    let mut body = String::new();
    let items = most_cited(
        entities
            .organizations
            .iter()
            .map(|e| (e.name.as_str(), e.mentions.len(), e.id.as_str())),
        EntityKind::Organization,
        base,
    );
    let _ = write!(body, "<p>共 {} 家机构。</p>", entities.organizations.len());
    if !items.is_empty() {
        let _ = write!(
            body,
            "<figure class=\"entity-chart\">{}<figcaption>提及最多的机构</figcaption></figure>",
            bar_chart_svg("提及最多的机构", &items)
        );
    }
    body.push_str("<ul class=\"entity-list\">");
    for o in &entities.organizations {
        let _ = write!(
            body,
            "<li><a href=\"{base}{}\">{}</a>",
            escape_html(&entity_url(EntityKind::Organization, &o.id)),
            escape_html(&o.name)
        );
        if !o.aliases.is_empty() {
            let _ = write!(
                body,
                " <span class=\"aliases\">（{}）</span>",
                escape_html(&o.aliases.join("、"))
            );
        }
        let _ = write!(
            body,
            " <span class=\"count\">{} 处提及</span></li>",
            o.mentions.len()
        );
    }
    body.push_str("</ul>");
    EntityPage {
        url: "organizations/".into(),
        title: "机构索引".into(),
        body: PageBody::Html(body),
        ids: Vec::new(),
    }
}

fn outcome_class(outcome: CaseOutcome) -> &'static str {
    match outcome {
        CaseOutcome::Success => "success",
        CaseOutcome::Failure => "failure",
        CaseOutcome::Lesson => "lesson",
        CaseOutcome::Other => "other",
    }
}

fn cases_index(entities: &Entities, base: &str) -> EntityPage {
    let mut body = String::new();
    let mut ids = Vec::new();
    let count = |o: CaseOutcome| entities.cases.iter().filter(|c| c.outcome == o).count();
    let _ = write!(
        body,
        "<p>共 {} 个案例：成功 {}，失败 {}。</p>",
        entities
            .cases
            .iter()
            .filter(|c| c.outcome != CaseOutcome::Lesson)
            .count(),
        count(CaseOutcome::Success),
        count(CaseOutcome::Failure)
    );
    for (outcome, title) in [
        (CaseOutcome::Success, "成功案例"),
        (CaseOutcome::Failure, "失败案例"),
        (CaseOutcome::Other, "其他案例"),
        (CaseOutcome::Lesson, "案例启示"),
    ] {
        let group: Vec<&Case> = entities
            .cases
            .iter()
            .filter(|c| c.outcome == outcome)
            .collect();
        if group.is_empty() {
            continue;
        }
        let section = format!("outcome-{}", outcome_class(outcome));
        let _ = write!(
            body,
            "<h2 id=\"{section}\">{title} <span class=\"count\">({})</span></h2><ul class=\"case-list\">",
            group.len()
        );
        ids.push(section);
        for c in group {
            let _ = write!(
                body,
                "<li id=\"{}\" class=\"case case-{}\"><p><strong>{}</strong>",
                escape_html(&c.id),
                outcome_class(outcome),
                escape_html(&c.subject)
            );
            if !c.products.is_empty() {
                let _ = write!(
                    body,
                    " <span class=\"products\">产品：{}</span>",
                    escape_html(&c.products.join("、"))
                );
            }
            body.push_str("</p>");
            if let Some(m) = c.mentions.first() {
                let _ = write!(
                    body,
                    "<blockquote>{}</blockquote><p class=\"source\"><a href=\"{base}{}\">{} · {}</a></p>",
                    escape_html(&m.context),
                    escape_html(m.url()),
                    escape_html(if m.report().is_empty() { m.chapter() } else { m.report() }),
                    escape_html(m.chapter())
                );
            }
            body.push_str("</li>");
            ids.push(c.id.clone());
        }
        body.push_str("</ul>");
    }
    EntityPage {
        url: "cases/".into(),
        title: "案例索引".into(),
        body: PageBody::Html(body),
        ids,
    }
}

fn aliases_html(body: &mut String, aliases: &[String]) {
    if !aliases.is_empty() {
        let _ = write!(
            body,
            "<p class=\"aliases\">又称：{}</p>",
            escape_html(&aliases.join("、"))
        );
    }
}

/// Room for [`mentions_html`] and a little more, so a page listing a
/// hundred thousand mentions is not copied again and again as it grows.
fn mentions_html_size(mentions: &[Mention]) -> usize {
    4096 + mentions
        .iter()
        .map(|m| m.url().len() + 24 + (m.context.len() + m.chapter().len()) / 2)
        .sum::<usize>()
}

/// Mentions grouped by page (chapter): the context of the first mention on
/// that page, then a link to every paragraph that mentions the entity. Keeps
/// the page readable (and small) when an entity is mentioned thousands of times.
fn mentions_html(body: &mut String, mentions: &[Mention], base: &str) {
    // The anchor is the URL's end: search for it from there.
    fn page_of(m: &Mention) -> &str {
        m.url().rsplit_once('#').map_or(m.url(), |(page, _)| page)
    }
    let _ = write!(
        body,
        "<h2 id=\"mentions\">出处 <span class=\"count\">({})</span></h2><ol class=\"mentions\">",
        mentions.len()
    );
    // Built with pushes, not `write!`: the largest pages list a hundred
    // thousand mentions.
    let mut i = 0;
    while i < mentions.len() {
        let page = page_of(&mentions[i]);
        let mut j = i + 1;
        while j < mentions.len() && page_of(&mentions[j]) == page {
            j += 1;
        }
        let first = &mentions[i];
        body.push_str("<li><blockquote>");
        push_escaped(body, &first.context);
        body.push_str("</blockquote><p class=\"source\"><a href=\"");
        body.push_str(base);
        push_escaped(body, first.url());
        body.push_str("\">");
        push_escaped(body, first.chapter());
        body.push_str("</a>");
        if j - i > 1 {
            body.push_str(" <span class=\"more\">");
            for (n, m) in mentions[i + 1..j].iter().enumerate() {
                body.push_str("<a href=\"");
                body.push_str(base);
                push_escaped(body, m.url());
                let _ = write!(body, "\">¶{}</a> ", n + 2);
            }
            body.push_str("</span>");
        }
        body.push_str("</p></li>");
        i = j;
    }
    body.push_str("</ol>");
}

/// A cited entity: display name and site-relative URL.
pub type Citation = (String, String);

/// A report's citations: (regulations, organisations), most mentioned first.
pub type ReportCitations = (Vec<Citation>, Vec<Citation>);

/// Citations of every report, in one pass over the mentions.
pub fn citations_by_report(entities: &Entities) -> HashMap<String, ReportCitations> {
    citations_of(entities, None)
}

/// [`citations_by_report`] for every report, or only for `only`.
fn citations_of<'a>(
    entities: &'a Entities,
    only: Option<&str>,
) -> HashMap<String, ReportCitations> {
    // report → (count, name, url) per entity, regulations then organisations.
    type Counted = Vec<(usize, String, String)>;
    // Mentions per report of one entity. Mentions come report by report,
    // so each run is counted and hashed once; a run is recognised by its
    // shared report string before comparing text (a large site has
    // millions of mentions, and this pass runs before any page is made).
    let per_report = |mentions: &'a [Mention]| -> Vec<(&'a str, usize)> {
        let same = |a: &str, b: &str| std::ptr::eq(a, b) || a == b;
        let mut counts: HashMap<&'a str, usize> = HashMap::new();
        let mut run: Option<(&'a str, usize)> = None;
        for m in mentions {
            let report = m.report();
            if only.is_some_and(|r| r != report) {
                continue;
            }
            match &mut run {
                Some((current, n)) if same(current, report) => *n += 1,
                _ => {
                    if let Some((done, n)) = run.replace((report, 1)) {
                        *counts.entry(done).or_default() += n;
                    }
                }
            }
        }
        if let Some((done, n)) = run {
            *counts.entry(done).or_default() += n;
        }
        counts.into_iter().collect()
    };
    let regulation_counts: Vec<_> = entities
        .regulations
        .par_iter()
        .map(|r| per_report(&r.mentions))
        .collect();
    let organization_counts: Vec<_> = entities
        .organizations
        .par_iter()
        .map(|o| per_report(&o.mentions))
        .collect();
    let mut acc: HashMap<&str, (Counted, Counted)> = HashMap::new();
    let mut tally = |counts: Vec<(&'a str, usize)>, name: String, url: String, regulation: bool| {
        for (report, n) in counts {
            let entry = acc.entry(report).or_default();
            let list = if regulation {
                &mut entry.0
            } else {
                &mut entry.1
            };
            list.push((n, name.clone(), url.clone()));
        }
    };
    for (r, counts) in entities.regulations.iter().zip(regulation_counts) {
        tally(
            counts,
            format!("《{}》", r.name),
            entity_url(EntityKind::Regulation, &r.id),
            true,
        );
    }
    for (o, counts) in entities.organizations.iter().zip(organization_counts) {
        tally(
            counts,
            o.name.clone(),
            entity_url(EntityKind::Organization, &o.id),
            false,
        );
    }
    let finish = |mut v: Counted| -> Vec<Citation> {
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        v.into_iter().map(|(_, n, u)| (n, u)).collect()
    };
    acc.into_iter()
        .map(|(report, (regs, orgs))| (report.to_string(), (finish(regs), finish(orgs))))
        .collect()
}

/// One report's citations (see [`citations_by_report`] for all at once).
pub fn report_citations(entities: &Entities, report: &str) -> ReportCitations {
    citations_of(entities, Some(report))
        .remove(report)
        .unwrap_or_default()
}

/// HTML listing a report's citations (empty when it cites nothing).
pub fn citations_html(citations: &ReportCitations, base: &str) -> String {
    let (regs, orgs) = citations;
    let mut out = String::new();
    for (list, title, id) in [
        (regs, "引用的法规", "cited-regulations"),
        (orgs, "提及的机构", "cited-organizations"),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<section class=\"report-citations\" aria-labelledby=\"{id}\"><h2 id=\"{id}\">{title}</h2><ul>"
        );
        for (name, url) in list {
            let _ = write!(
                out,
                "<li><a href=\"{base}{}\">{}</a></li>",
                escape_html(url),
                escape_html(name)
            );
        }
        out.push_str("</ul></section>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Organization, Regulation};

    fn sample() -> Entities {
        let m =
            |report: &str, url: &str| Mention::new(report, "第一章", url, "依据《网络安全法》<b>");
        Entities {
            regulations: vec![Regulation {
                id: "wang-luo-an-quan-fa".into(),
                name: "中华人民共和国网络安全法".into(),
                aliases: vec!["网络安全法".into()],
                kind: RegulationKind::Law,
                mentions: vec![m("r1", "reports/r1/01/#p-1"), m("r2", "reports/r2/01/#p-4")],
            }],
            organizations: vec![Organization {
                id: "wei-zhong-yin-xing".into(),
                name: "微众银行".into(),
                aliases: vec![],
                mentions: vec![m("r1", "reports/r1/01/#p-2")],
            }],
            cases: vec![],
        }
    }

    #[test]
    fn chart_is_accessible_scaled_and_escaped() {
        let svg = bar_chart_svg(
            "引用最多",
            &[
                ("A&B".into(), 4, "/x/".into()),
                (
                    "很长很长很长很长很长很长很长很长很长很长的名字".into(),
                    2,
                    String::new(),
                ),
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(
            svg.contains("role=\"img\"")
                && svg.contains("<title id=\"chart-title\">引用最多</title>")
        );
        assert!(svg.contains("A&amp;B") && !svg.contains("A&B"));
        assert!(svg.contains("width=\"300\"") && svg.contains("width=\"150\""));
        assert!(svg.contains("<a href=\"/x/\">"));
        assert!(svg.contains('…'));
        assert!(svg.contains("currentColor"));
        assert!(!bar_chart_svg("空", &[]).contains("<rect"));
    }

    #[test]
    fn json_has_urls_relative_to_the_root() {
        let json: serde_json::Value = serde_json::from_str(&entities_json(&sample())).unwrap();
        assert_eq!(
            json["regulations"][0]["url"],
            "regulations/wang-luo-an-quan-fa/"
        );
        assert_eq!(json["regulations"][0]["kind"], "law");
        assert_eq!(
            json["regulations"][0]["mentions"][1]["url"],
            "reports/r2/01/#p-4"
        );
        assert_eq!(
            json["organizations"][0]["url"],
            "organizations/wei-zhong-yin-xing/"
        );
        assert!(json["cases"].as_array().unwrap().is_empty());
    }

    #[test]
    fn pages_link_mentions_and_escape_context() {
        let pages = entity_pages(&sample(), "/sub/");
        let urls: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "regulations/",
                "organizations/",
                "cases/",
                "regulations/wang-luo-an-quan-fa/",
                "organizations/wei-zhong-yin-xing/"
            ]
        );
        let law = pages[3].content(&sample(), "/sub/");
        assert!(law.contains("href=\"/sub/reports/r2/01/#p-4\""));
        assert!(law.contains("&lt;b&gt;"));
        assert!(pages[0].content(&sample(), "/sub/").contains("<svg"));
        let (regs, orgs) = report_citations(&sample(), "r2");
        assert_eq!(
            regs,
            [(
                "《中华人民共和国网络安全法》".to_string(),
                "regulations/wang-luo-an-quan-fa/".to_string()
            )]
        );
        assert!(orgs.is_empty());
    }
}
