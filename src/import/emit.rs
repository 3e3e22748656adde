//! Stage 6, emit: a parsed report as Markdown (the whole report, for
//! `--json`), as JSON (the scorer's contract), and as the files of a report
//! folder (`index.md` with the introduction plus one `NN-<slug>.md` per
//! top-level chapter). Output is deterministic.

use serde::Serialize;

use super::outline::{bullet_item, headings, Block, Paragraph, Table};
use super::ParsedReport;
use crate::extract::kb::KnowledgeBase;
use crate::extract::{document_entities, OrgName};
use crate::frontmatter::{to_toml_block, FrontMatter, Pages};
use crate::slug::slugify;

/// Escape what Markdown would otherwise read as markup.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '`' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape a paragraph so its first characters cannot start a block
/// (heading, quote, list, rule, table).
fn escape_block_start(line: &str) -> String {
    let t = escape_inline(line);
    let first = t.chars().next();
    if first.is_some_and(|c| matches!(c, '#' | '>' | '+' | '-' | '=' | '|' | '~' | '_')) {
        return format!("\\{t}");
    }
    // "1." or "1)" at the start would become an ordered list.
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        if let Some(after) = t[digits..].chars().next() {
            if after == '.' || after == ')' {
                return format!("{}\\{}", &t[..digits], &t[digits..]);
            }
        }
    }
    t
}

fn paragraph_md(p: &Paragraph) -> String {
    if p.marker.is_none() {
        if let Some(item) = bullet_item(&p.text) {
            return format!("- {}", escape_block_start(item));
        }
    }
    match &p.marker {
        Some(m) if p.text.is_empty() => escape_block_start(m),
        Some(m) => escape_block_start(&format!("{m} {}", p.text)),
        None => escape_block_start(&p.text),
    }
}

/// A GitHub-flavoured Markdown table: the first row as its header, every
/// row padded to the widest, `|` inside a cell escaped.
fn table_md(t: &Table) -> String {
    let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let row_md = |cells: &[String]| {
        let mut line = String::from("|");
        for i in 0..width {
            let cell = cells.get(i).map_or("", String::as_str);
            line.push(' ');
            line.push_str(&escape_inline(cell).replace('|', "\\|"));
            line.push_str(" |");
        }
        line
    };
    let mut out = String::new();
    for (i, row) in t.rows.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&row_md(row));
        if i == 0 {
            out.push('\n');
            out.push('|');
            out.push_str(&" --- |".repeat(width));
        }
    }
    out
}

fn heading_md(level: u8, title: &str) -> String {
    let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
    format!("{hashes} {}", escape_inline(title))
}

/// Blocks as Markdown; a heading of level L gets L + `shift` hashes.
fn blocks_md(blocks: &[Block], shift: u8) -> String {
    let is_item = |b: &Block| matches!(b, Block::Paragraph(p) if p.marker.is_none() && bullet_item(&p.text).is_some());
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        let piece = match b {
            Block::Heading(h) => heading_md(h.level.saturating_add(shift), &h.title),
            Block::Paragraph(p) => paragraph_md(p),
            Block::Table(t) => table_md(t),
        };
        out.push_str(&piece);
        // Bulleted lines in a row make one (tight) list.
        let in_list = is_item(b) && blocks.get(i + 1).is_some_and(is_item);
        out.push_str(if in_list { "\n" } else { "\n\n" });
    }
    out
}

/// The whole cleaned report as one Markdown document.
pub fn report_markdown(report: &ParsedReport) -> String {
    let mut out = String::new();
    if let Some(t) = &report.title {
        out.push_str(&heading_md(1, t));
        out.push_str("\n\n");
    }
    out.push_str(&blocks_md(&report.blocks, 1));
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// One outline entry of the `--json` object.
#[derive(Debug, Serialize)]
pub struct OutlineEntry<'a> {
    pub level: u8,
    pub title: &'a str,
}

/// The `--json` object for one report (typed, so that a report with a
/// huge outline serialises without a tree of JSON values in memory).
#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    pub source: &'a str,
    pub title: Option<&'a str>,
    pub truncated: bool,
    pub pages: Option<Pages>,
    pub encoding: &'a str,
    pub source_site: Option<&'a str>,
    pub outline: Vec<OutlineEntry<'a>>,
    pub markdown: String,
    pub regulations: Vec<String>,
    pub organizations: Vec<OrgName>,
    pub warnings: &'a [String],
}

/// The `--json` object for one report, with the regulations and
/// organisations `kb` finds in its cleaned Markdown.
pub fn report_json<'a>(report: &'a ParsedReport, kb: &KnowledgeBase) -> ReportJson<'a> {
    let markdown = report_markdown(report);
    let entities = document_entities(&markdown, kb);
    ReportJson {
        source: &report.source,
        title: report.title.as_deref(),
        truncated: report.truncated,
        pages: report.pages,
        encoding: &report.encoding,
        source_site: report.source_site.as_deref(),
        outline: headings(&report.blocks)
            .map(|h| OutlineEntry {
                level: h.level,
                title: &h.title,
            })
            .collect(),
        markdown,
        regulations: entities.regulations,
        organizations: entities.organizations,
        warnings: &report.warnings,
    }
}

/// One file of a report folder, path relative to the folder.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFile {
    pub name: String,
    pub front: FrontMatter,
    pub body: String,
}

impl ReportFile {
    pub fn render(&self) -> String {
        let mut s = to_toml_block(&self.front);
        if !self.body.is_empty() {
            s.push('\n');
            s.push_str(&self.body);
        }
        s
    }
}

/// More top-level headings than this are not written as chapter files.
pub const MAX_CHAPTER_FILES: usize = 300;

/// Slug of the report folder.
pub fn report_slug(report: &ParsedReport) -> String {
    let from_title = report.title.as_deref().map(slugify).unwrap_or_default();
    if !from_title.is_empty() {
        return from_title;
    }
    let stem = std::path::Path::new(&report.source)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let s = slugify(&stem);
    if s.is_empty() {
        "report".to_string()
    } else {
        s
    }
}

/// The files of a report folder: `index.md` (front matter and the
/// introduction before the first chapter) and `NN-<chapter-slug>.md` per
/// top-level chapter, deeper headings as `##`, `###`.
/// `index.md`'s `content_hash` is left for the writer to fill in.
pub fn report_files(report: &ParsedReport, source_hash: &str) -> Vec<ReportFile> {
    let top_level = report
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading(h) if h.level == 1))
        .count();
    // Hundreds of "chapters" are not chapters (a list or garbage): then the
    // whole report stays in index.md, headings shifted one level down.
    let split = if top_level > MAX_CHAPTER_FILES {
        report.blocks.len()
    } else {
        report
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading(h) if h.level == 1))
            .unwrap_or(report.blocks.len())
    };
    let intro_shift = u8::from(top_level > MAX_CHAPTER_FILES);
    let (intro, rest) = report.blocks.split_at(split);
    let index_front = FrontMatter {
        title: report.title.clone().or_else(|| Some(report.source.clone())),
        source: Some(report.source.clone()),
        source_site: report.source_site.clone(),
        source_hash: Some(source_hash.to_string()),
        pages: report.pages,
        truncated: report.truncated,
        ..FrontMatter::default()
    };
    let mut files = vec![ReportFile {
        name: "index.md".to_string(),
        front: index_front,
        body: trim_body(blocks_md(intro, intro_shift)),
    }];
    let mut chapters: Vec<(String, Vec<Block>)> = Vec::new();
    for b in rest {
        match b {
            Block::Heading(h) if h.level == 1 => chapters.push((h.title.clone(), Vec::new())),
            other => {
                if let Some((_, body)) = chapters.last_mut() {
                    body.push(other.clone());
                }
            }
        }
    }
    for (i, (title, body)) in chapters.iter().enumerate() {
        let n = i + 1;
        let mut slug = slugify(title);
        if slug.is_empty() {
            slug = "chapter".to_string();
        }
        files.push(ReportFile {
            name: format!("{n:02}-{slug}.md"),
            front: FrontMatter {
                title: Some(title.clone()),
                weight: Some(n as i64),
                ..FrontMatter::default()
            },
            body: trim_body(blocks_md(body, 0)),
        });
    }
    files
}

fn trim_body(mut s: String) -> String {
    s.truncate(s.trim_end().len());
    if !s.is_empty() {
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::outline::Heading;

    fn sample() -> ParsedReport {
        ParsedReport {
            source: "r.txt".into(),
            title: Some("市场报告".into()),
            blocks: vec![
                Block::Paragraph(Paragraph {
                    marker: None,
                    text: "导言。".into(),
                }),
                Block::Heading(Heading {
                    level: 1,
                    marker: "一、".into(),
                    title: "概述".into(),
                }),
                Block::Heading(Heading {
                    level: 2,
                    marker: "1.".into(),
                    title: "规模".into(),
                }),
                Block::Paragraph(Paragraph {
                    marker: Some("(1)".into()),
                    text: "规模*很大*。".into(),
                }),
                Block::Paragraph(Paragraph {
                    marker: Some("1.".into()),
                    text: "第一点。".into(),
                }),
                Block::Heading(Heading {
                    level: 1,
                    marker: "二、".into(),
                    title: "用户".into(),
                }),
            ],
            ..ParsedReport::default()
        }
    }

    #[test]
    fn bulleted_lines_in_a_row_make_one_list() {
        let para = |text: &str| {
            Block::Paragraph(Paragraph {
                marker: None,
                text: text.into(),
            })
        };
        let blocks = [
            para("驱动因素包括："),
            para("• 消费升级；"),
            para("● 成本下降"),
            para("- Teladoc Health, Inc."),
            para("-5%的降幅不是列表。"),
            para("· 单独一项"),
            para("马克·吐温"),
            para("• # 不是标题"),
        ];
        assert_eq!(
            blocks_md(&blocks, 0),
            "驱动因素包括：\n\n- 消费升级；\n- 成本下降\n- Teladoc Health, Inc.\n\n\\-5%的降幅不是列表。\n\n- 单独一项\n\n马克·吐温\n\n- \\# 不是标题\n\n"
        );
    }

    #[test]
    fn whole_markdown() {
        assert_eq!(
            report_markdown(&sample()),
            "# 市场报告\n\n导言。\n\n## 概述\n\n### 规模\n\n(1) 规模\\*很大\\*。\n\n1\\. 第一点。\n\n## 用户\n"
        );
    }

    #[test]
    fn files_layout() {
        let files = report_files(&sample(), "sha256:00");
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["index.md", "01-gai-shu.md", "02-yong-hu.md"]);
        assert_eq!(files[0].body, "导言。\n");
        assert_eq!(
            files[1].body,
            "## 规模\n\n(1) 规模\\*很大\\*。\n\n1\\. 第一点。\n"
        );
        assert_eq!(files[2].body, "");
        assert_eq!(files[1].front.weight, Some(1));
    }

    #[test]
    fn too_many_chapters_stay_in_index() {
        let mut r = sample();
        r.blocks = (0..=MAX_CHAPTER_FILES)
            .map(|i| {
                Block::Heading(Heading {
                    level: 1,
                    marker: String::new(),
                    title: format!("第{i}"),
                })
            })
            .collect();
        let files = report_files(&r, "sha256:00");
        assert_eq!(files.len(), 1);
        assert!(files[0].body.starts_with("## 第0\n"));
    }

    #[test]
    fn json_contract() {
        let v = serde_json::to_value(report_json(&sample(), &KnowledgeBase::builtin())).unwrap();
        assert_eq!(v["outline"][1]["level"], 2);
        assert_eq!(v["outline"][1]["title"], "规模");
        assert!(v["regulations"].as_array().unwrap().is_empty());
        assert!(v["pages"].is_null());
    }
}
