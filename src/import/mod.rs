//! `gen import`: raw scraped reports (txt/md/html, any encoding) → clean
//! Markdown chapters under `content/`, or JSON Lines with `--json`.
//!
//! The pipeline is a chain of pure stages, each in its own module:
//! [`decode`] (bytes → text) → [`repair`] (pinyin out, script to simplified
//! for analysis) → [`chrome`] (site furniture, rules as data in [`rules`]) →
//! [`repair`] (running headers, mojibake warnings) → [`outline`] (TOC,
//! headings, numbered paragraphs) → [`title`] (title, truncation) →
//! output script → [`emit`] (Markdown, JSON, report files). [`write`](mod@write) is the
//! only part that touches the disk. Chrome rules run after pinyin removal
//! and simplification so that one simplified pattern covers every variant.

pub mod chrome;
pub mod decode;
pub mod emit;
pub mod html;
pub mod outline;
pub mod repair;
pub mod rules;
pub mod title;
pub mod write;

use std::borrow::Cow;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use crate::cli::ImportArgs;
use crate::config::{Config, Script};
use crate::extract::kb::KnowledgeBase;
use crate::frontmatter::Pages;
pub use outline::{Block, Heading, Paragraph};
pub use repair::ScriptConverter;
pub use rules::ChromeRules;

/// Message for `expect` on the module's constant regexes: they are fixed
/// at compile time and exercised by the unit tests, never built from input.
const CONSTANT_REGEX: &str = "constant regex is valid";

/// Everything a run shares: built once, used for every file.
#[derive(Debug)]
pub struct ImportContext {
    pub rules: ChromeRules,
    pub converter: ScriptConverter,
}

impl ImportContext {
    pub fn new(rules: ChromeRules, script: Script) -> Result<ImportContext> {
        Ok(ImportContext {
            rules,
            converter: ScriptConverter::new(script)?,
        })
    }

    /// Built-in rules, simplified output (`--json` outside a site).
    pub fn builtin() -> Result<ImportContext> {
        ImportContext::new(ChromeRules::builtin()?, Script::Simplified)
    }
}

/// A parsed report, ready to emit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedReport {
    /// File name of the source.
    pub source: String,
    pub title: Option<String>,
    pub source_site: Option<String>,
    pub pages: Option<Pages>,
    pub truncated: bool,
    /// Encoding the source was read as.
    pub encoding: String,
    /// The cleaned report: introduction, then headings and paragraphs.
    pub blocks: Vec<Block>,
    pub warnings: Vec<String>,
    /// What was removed as site chrome (reported under `-v`).
    pub removed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    #[error("no recognisable text")]
    NoText,
}

/// Parse one raw report. Pure: no IO, no panics on any input.
/// `source` is the file name; `.html`/`.htm` sources, and pages saved as
/// source under another name (see [`html::looks_like_html`]), are reduced to
/// text first.
pub fn parse_report(
    bytes: &[u8],
    source: &str,
    ctx: &ImportContext,
) -> Result<ParsedReport, ParseError> {
    let decoded = decode::decode(bytes)?;
    let lower = source.to_ascii_lowercase();
    let from_html =
        lower.ends_with(".html") || lower.ends_with(".htm") || html::looks_like_html(&decoded.text);
    let (raw, markup_removed) = if from_html {
        // Entities decode to the characters the decoder normalises (&#160;).
        let text = decode::normalize_compat(&html::html_to_text(&decoded.text));
        (text, Vec::new())
    } else {
        let (text, tags_removed) = repair::strip_stray_tags(decoded.text);
        let (text, marks_removed) = repair::unwrap_markdown(text);
        (
            text,
            tags_removed.into_iter().chain(marks_removed).collect(),
        )
    };
    let mut warnings: Vec<String> = decoded
        .read_again_as
        .map(|encoding| {
            format!("the text was {encoding} read as Latin-1; it was read again as {encoding}")
        })
        .into_iter()
        .collect();
    if decoded.had_errors {
        warnings.push(format!(
            "some bytes are not valid {}; they were replaced by �",
            decoded.encoding
        ));
    }
    let text = ctx
        .converter
        .simplify_unannotated(repair::strip_pinyin_marking(&raw));
    drop(raw);
    let dechromed = chrome::strip_chrome(&text, &ctx.rules);
    let chrome_after_text = dechromed.chrome_after_text;
    drop(text);
    let (text, mut removed) = repair::strip_running_headers(&dechromed.text);
    removed.extend(markup_removed);
    let (text, blocks_joined) = repair::join_preview_blocks(&text);
    removed.extend(blocks_joined);
    let (text, fields) = repair::strip_template_fields(&text);
    removed.extend(fields);
    let text = repair::undouble_phrases(&text);
    let text = repair::unbullet_sections(&text);
    let text = repair::join_spaced_section_words(&text);
    let text = repair::tidy_spaces_by_punctuation(&text).into_owned();
    warnings.extend(repair::find_mojibake(&text));
    let (text, toc) = outline::split_toc(&text);
    if toc {
        removed.push("table of contents (dot leaders)".to_string());
    }
    // A contents list without dot leaders, run together on one line.
    let text = if toc {
        text
    } else {
        outline::split_run_on_toc(&text).unwrap_or(text)
    };
    // A copied text cut off mid-line ends without a line break. A page's
    // blocks always end with one, so a page is taken as open, and so is a
    // text that ran into site chrome: a heading with nothing after it ends
    // a cut-off preview, not a report. A table of contents ends in whole
    // entries wherever the preview stops.
    let ends_open = !toc && (from_html || !text.ends_with('\n') || chrome_after_text);
    let mut title_candidates = dechromed.title_candidates;
    let text = match title::take_single_h1(&text) {
        Some((h1, rest)) => {
            title_candidates.push(h1);
            rest
        }
        None => text,
    };
    let mut blocks = outline::build_outline(&text, ends_open);
    drop(text);
    drop_wrap_spaces(&mut blocks);
    let title = title::find_title(
        &title_candidates,
        &dechromed.crumbs,
        &mut blocks,
        &dechromed.title_suffixes,
    );
    if !blocks_have_text(&blocks) && title.is_none() {
        return Err(ParseError::NoText);
    }
    let truncated = dechromed.continues || title::is_truncated(&blocks, dechromed.pages);
    let mut all_removed = dechromed.removed;
    all_removed.extend(removed);

    let conv = &ctx.converter;
    for b in &mut blocks {
        match b {
            Block::Heading(h) => h.title = conv.to_output(&h.title),
            Block::Paragraph(p) => p.text = conv.to_output(&p.text),
            Block::Table(t) => {
                for cell in t.rows.iter_mut().flatten() {
                    *cell = conv.to_output(cell);
                }
            }
        }
    }
    Ok(ParsedReport {
        source: source.to_string(),
        title: title.map(|t| conv.to_output(&t)),
        source_site: dechromed.site,
        pages: dechromed.pages,
        truncated,
        encoding: decoded.encoding.to_string(),
        blocks,
        warnings,
        removed: all_removed,
    })
}

/// Drop the spaces a copy put where a PDF broke its paragraphs' lines, if
/// the paragraphs show the PDF's line width (see
/// [`repair::wrap_width_of_spaces`]).
fn drop_wrap_spaces(blocks: &mut [Block]) {
    let paragraphs = || {
        blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
    };
    let Some(width) = repair::wrap_width_of_spaces(paragraphs()) else {
        return;
    };
    for block in blocks.iter_mut() {
        if let Block::Paragraph(p) = block {
            if let Cow::Owned(text) = repair::drop_wrap_spaces(&p.text, width) {
                p.text = text;
            }
        }
    }
}

fn blocks_have_text(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Heading(_) => true,
        Block::Paragraph(p) => p.text.chars().any(|c| c.is_alphabetic()),
        Block::Table(t) => t
            .rows
            .iter()
            .flatten()
            .any(|c| c.chars().any(char::is_alphabetic)),
    })
}

/// File extensions taken from folders.
const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// Expand the inputs: files as given, folders to their report files
/// (sorted). Problems are returned as one-line messages.
fn expand_inputs(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .follow_links(false)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| {
                    p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                        REPORT_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                    })
                })
                .collect();
            found.sort();
            if found.is_empty() {
                errors.push(format!(
                    "{}: no reports (.txt, .md, .html) in this folder",
                    input.display()
                ));
            }
            files.extend(found);
        } else if input.is_file() {
            files.push(input.clone());
        } else if input.exists() {
            errors.push(format!("{}: not a regular file", input.display()));
        } else {
            errors.push(format!("{}: no such file or folder", input.display()));
        }
    }
    (files, errors)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string())
}

/// Read and parse one file; errors are one line naming the file.
fn load_one(path: &Path, ctx: &ImportContext) -> Result<(Vec<u8>, ParsedReport), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let report = parse_report(&bytes, &file_name(path), ctx)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((bytes, report))
}

fn log_details(path: &Path, report: &ParsedReport) {
    tracing::debug!("{}: read as {}", path.display(), report.encoding);
    for r in &report.removed {
        tracing::debug!("{}: removed {r}", path.display());
    }
    for w in &report.warnings {
        tracing::warn!("{}: {w}", path.display());
    }
}

/// `gen import`. Returns Ok(false) when some inputs failed (already reported).
pub fn run_cli(root: &Path, args: &ImportArgs) -> Result<bool> {
    let config = Config::load_or_default(root)?;
    let rules = ChromeRules::load(
        root,
        &config.import.chrome_rules,
        config.import.site_profiles,
    )?;
    let ctx = ImportContext::new(rules, config.script())?;
    // Only `--json` reports entities; a plain import leaves that to the build.
    let kb = if args.json {
        Some(KnowledgeBase::with_site_files(root, &config.index)?)
    } else {
        None
    };
    let (files, mut errors) = expand_inputs(&args.inputs);
    for e in &errors {
        eprintln!("error: {e}");
    }
    let results: Vec<Result<(Vec<u8>, ParsedReport), String>> =
        files.par_iter().map(|p| load_one(p, &ctx)).collect();

    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| root.join(&config.book.src));
    let stdout = std::io::stdout();
    let mut ok_count = 0usize;
    for (path, result) in files.iter().zip(results) {
        let (bytes, report) = match result {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: {e}");
                errors.push(e);
                continue;
            }
        };
        log_details(path, &report);
        if let Some(kb) = &kb {
            let line = serde_json::to_string(&emit::report_json(&report, kb))?;
            let mut lock = stdout.lock();
            writeln!(lock, "{line}")?;
            lock.flush()?;
            ok_count += 1;
            continue;
        }
        match write::write_report(&out_dir, &report, &bytes, args.force) {
            Ok(outcome) => {
                tracing::info!("{}: {outcome}", path.display());
                ok_count += 1;
            }
            Err(e) => {
                let msg = format!("{}: {e:#}", path.display());
                eprintln!("error: {msg}");
                errors.push(msg);
            }
        }
    }
    if !errors.is_empty() {
        eprintln!(
            "{} of {} input(s) failed",
            errors.len(),
            errors.len() + ok_count
        );
    }
    Ok(errors.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_on_garbled_flattened_text() {
        let ctx = ImportContext::builtin().unwrap();
        let raw = "市場(chǎng)報(bào)告_第1頁(yè)\n已閱讀1頁(yè),還剩3頁(yè)未讀 繼續(xù)免費(fèi)閱讀\n\n研究報(bào)告-1-市場(chǎng)報(bào)告一、市場(chǎng)概述1.市場(chǎng)規(guī)模(1)隨著網(wǎng)絡(luò)發(fā)展,規(guī)模擴(kuò)大。(2)中國銀行業(yè)監(jiān)督管理委員會(huì)(簡(jiǎn)稱(chēng)“銀保監(jiān)會(huì)”)加強(qiáng)監(jiān)管,虛擬現(xiàn)實(shí)(VR)普及,確保合作雙方在市場(chǎng)";
        let r = parse_report(raw.as_bytes(), "x.txt", &ctx).unwrap();
        assert_eq!(r.title.as_deref(), Some("市场报告"));
        assert!(r.truncated);
        assert_eq!(r.pages, Some(Pages { shown: 1, total: 4 }));
        let md = emit::report_markdown(&r);
        assert!(md.contains("随着网络发展"), "{md}");
        assert!(md.contains("(简称“银保监会”)"), "{md}");
        assert!(md.contains("虚拟现实(VR)"), "{md}");
        assert!(
            !md.contains("研究报告-1-") && !md.contains("已阅读"),
            "{md}"
        );
        let outline: Vec<_> = outline::headings(&r.blocks)
            .map(|h| (h.level, h.title.as_str()))
            .collect();
        assert_eq!(outline, [(1, "市场概述"), (2, "市场规模")]);
    }

    #[test]
    fn mirrors_post_headers_carts_and_file_cards_go() {
        let ctx = ImportContext::builtin().unwrap();
        let body = "示例市场规模持续扩大，行业集中度逐年提高。";
        let title = |page: &str| {
            let r = parse_report(page.as_bytes(), "x.txt", &ctx).unwrap();
            let md = emit::report_markdown(&r);
            assert!(md.contains(body), "{md}");
            (r.title, md)
        };
        // A blog engine's post header on a content farm.
        let (t, md) = title(&format!(
            "admin管理员组\n文章数量:1531374\n2024年5月31日发(作者:)\n示例行业周报\n{body}\n"
        ));
        assert_eq!(t.as_deref(), Some("示例行业周报"));
        assert!(!md.contains("管理员组") && !md.contains("文章数量"), "{md}");
        // A shop's cart box and a breadcrumb that names the title.
        let (t, md) = title(&format!(
            "关键词一,关键词二,关键词三\n您的购物车还没有商品,再去逛逛吧~\n已将 1 件商品添加到购物车\n\
             去购物车结算>>  继续购物\n您现在的位置是: 首页 > 免费论文 > 示例消费金融发展模式研究\n\
             示例消费金融发展模式研究\n{body}\n"
        ));
        assert_eq!(t.as_deref(), Some("示例消费金融发展模式研究"));
        assert!(!md.contains("购物车"), "{md}");
        // A document mirror's file card and its search snippet.
        let (t, md) = title(&format!(
            "示例银行之发展与监理 - example.com.t. development and super… ·...\n\
             Upload: others\nPost on 24-Sep-2020\n9 views\nCategory:\n{body}\n"
        ));
        assert_eq!(t.as_deref(), Some("示例银行之发展与监理"));
        assert!(!md.contains("Upload") && !md.contains("views"), "{md}");
        // An editor's pitch at the end of the first paragraph.
        let (_, md) = title(&format!(
            "示例风控要点\n{body}下面是小编为大家分享示例风控要点,欢迎大家阅读浏览。\n"
        ));
        assert!(!md.contains("小编"), "{md}");
        // A WeChat header and an empty image.
        let (_, md) = title(&format!(
            "原创 某某 某某研究会\n![]()\n一、示例概念\n{body}\n"
        ));
        assert!(!md.contains("原创") && !md.contains("![]"), "{md}");
    }

    #[test]
    fn a_blogs_contents_box_goes_when_the_post_repeats_it() {
        let ctx = ImportContext::builtin().unwrap();
        let page =
            "示例标准解读\n文章目录\n  • 一、文件背景\n    • 1.1 起草过程\n  • 二、核心内容\n\
                    本文解读一项示例标准。\n一、文件背景\n1.1 起草过程\n标准由示例委员会起草。\n\
                    二、核心内容\n标准规定了分级方法。\n";
        let r = parse_report(page.as_bytes(), "x.txt", &ctx).unwrap();
        let outline: Vec<_> = outline::headings(&r.blocks)
            .map(|h| (h.level, h.title.as_str()))
            .collect();
        assert_eq!(outline, [(1, "文件背景"), (2, "起草过程"), (1, "核心内容")]);
        let md = emit::report_markdown(&r);
        assert!(md.contains("本文解读一项示例标准。"), "{md}");
        assert!(!md.contains('•') && !md.contains("文章目录"), "{md}");
    }

    #[test]
    fn a_breadcrumb_names_the_title_over_the_site_slogan() {
        let ctx = ImportContext::builtin().unwrap();
        let body = "示例城市更新市场规模持续扩大，改造项目数量逐年增加，带动投资增长。";
        let page = format!(
            "专注于城市研究与咨询服务\n2025年9月24日 | 示例会展中心\n\
             首页 > 研究资讯 > 2024年城市更新市场分析报告\n\
             2024年城市更新市场分析报告\n2024-09-30\n{body}\n"
        );
        let r = parse_report(page.as_bytes(), "x.txt", &ctx).unwrap();
        assert_eq!(r.title.as_deref(), Some("2024年城市更新市场分析报告"));
        let md = emit::report_markdown(&r);
        assert!(md.contains(body), "{md}");
        assert!(!md.contains("专注于") && !md.contains("会展中心"), "{md}");
        // One step is a channel, not the article: the line that repeats it
        // is no title.
        let page = format!("示例健康科技有限公司\n行业动态资讯\n首页 > 行业动态资讯\n医药市场营销模式研究\n{body}\n");
        let r = parse_report(page.as_bytes(), "x.txt", &ctx).unwrap();
        assert_ne!(r.title.as_deref(), Some("行业动态资讯"));
    }

    #[test]
    fn a_heading_cut_off_before_the_site_footer_is_not_a_heading() {
        let ctx = ImportContext::builtin().unwrap();
        let outline_of = |raw: &str| -> Vec<String> {
            let r = parse_report(raw.as_bytes(), "x.txt", &ctx).unwrap();
            outline::headings(&r.blocks)
                .map(|h| h.title.clone())
                .collect()
        };
        let body = "城市更新报告\n一、背景\n城市更新进入新阶段。\n二、市";
        // Cut off mid-line, or cut off and followed by the site's footer:
        // either way the preview stopped inside the second heading.
        assert_eq!(outline_of(body), ["背景"]);
        assert_eq!(
            outline_of(&format!("{body}\n关于我们 | 联系我们 | 帮助中心\n")),
            ["背景"]
        );
        // A heading followed by text is a heading, footer or not.
        assert_eq!(
            outline_of(&format!("{body}场规模\n规模扩大。\n网站地图\n")),
            ["背景", "市场规模"]
        );
    }

    #[test]
    fn a_page_flattened_whole_with_its_furniture() {
        let ctx = ImportContext::builtin().unwrap();
        let parse = |raw: &str| {
            let r = parse_report(raw.as_bytes(), "x.txt", &ctx).unwrap();
            let md = emit::report_markdown(&r);
            let outline: Vec<String> = outline::headings(&r.blocks)
                .map(|h| h.title.clone())
                .collect();
            (r.title, md, outline)
        };
        let body = "城市更新进入新阶段，存量提质成为主线。".repeat(12);
        // A card's fields (咨信网), each label with its value on the line.
        let (title, md, _) = parse(&format!(
            "城市更新研究.doc- 配套讲稿:如PPT文件的首页显示word图标,表示该PPT已包含配套word讲稿。\
             - 特殊限制:部分文档作品中含有的国旗、国徽等图片,仅作为作品整体效果示例展示。\
             - 关 键 词:- 城市 更新一、背景{body}"
        ));
        assert_eq!(title.as_deref(), Some("城市更新研究"));
        assert!(
            !md.contains("配套讲稿") && !md.contains("国旗") && !md.contains("关 键 词"),
            "{md}"
        );
        // The site's numbered notes run on from the text (人人文库).
        let (_, md, _) = parse(&format!(
            "城市更新报告_第1页已阅读1页,还剩9页未读 继续免费阅读下载本文档一、背景{body}双方在市场温馨提示• 1. 本站所有资源如无特殊说明,都需要本地电脑安装OFFICE2007。• 2. 本站的文档不包含任何第三方提供的附件图纸等。最新文档评论0/150提交评论"
        ));
        assert!(md.contains("双方在市场"), "{md}");
        assert!(
            !md.contains("温馨提示") && !md.contains("本站") && !md.contains("0/150"),
            "{md}"
        );
        // A byline with a machine timestamp between the title and the text.
        let (_, md, _) = parse(&format!(
            "城市更新的逻辑「存量时代」某某智库 发布 2022-08-16T01:50:51.932209+00:00一、背景{body}"
        ));
        assert!(!md.contains("发布") && !md.contains("2022-08-16"), "{md}");
        // An uploader's fields after the file name.
        let (_, md, _) = parse(&format!(
            "城市更新研究.docx上传人:b****5 文档编号:29971128 页数:20\n一、背景{body}"
        ));
        assert!(!md.contains("上传人") && !md.contains("29971128"), "{md}");
        // A download site's numbered notes, the last run on into the text.
        let (_, md, _) = parse(&format!(
            "城市更新研究合集下载1. 1、下载文档前请自行甄别文档内容的完整性。3. 3、如文档侵犯您的权益,请联系客服反馈(人工客服工作时间:9:00-18:30)。第一章背景{body}"
        ));
        assert!(
            !md.contains("侵犯") && md.contains("城市更新进入新阶段"),
            "{md}"
        );
        // 动视网: navigation, breadcrumb, title, byline, text, rating, summary.
        let (title, md, _) = parse(&format!(
            "最新文章专题视频专题问答1问答10关键字专题1文章索引1文章索引2当前位置: 首页 - 正文城市更新研究来源:动视网 责编:小OO 时间:2025-10-05 04:43:35文档城市更新研究{body}推荐度:导读城市更新研究城市更新进入新阶段"
        ));
        assert_eq!(title.as_deref(), Some("城市更新研究"));
        assert!(md.contains("存量提质成为主线"), "{md}");
        for chrome in ["问答", "当前位置", "动视网", "推荐度", "导读"] {
            assert!(!md.contains(chrome), "{chrome}: {md}");
        }
        // A title ending in its collection's count.
        let (title, _, _) = parse(&format!("城市更新调研报告8篇时光飞逝，{body}"));
        assert_eq!(title.as_deref(), Some("城市更新调研报告8篇"));
        // A chapter number after a word's last character (融合六、).
        let (_, _, outline) = parse(&format!(
            "城市更新报告一、城市更新现状1.1规模扩大{body}二、发展趋势2.1存量提质2.2产城融合三、主要风险3.1财政风险{body}"
        ));
        assert_eq!(
            outline,
            [
                "城市更新现状",
                "发展趋势",
                "存量提质",
                "产城融合",
                "主要风险"
            ]
        );
    }

    #[test]
    fn bad_inputs() {
        let ctx = ImportContext::builtin().unwrap();
        assert!(parse_report(b"", "a.txt", &ctx).is_err());
        assert!(parse_report(b"\0\x01\x02binary", "a.bin", &ctx).is_err());
        assert_eq!(
            parse_report(b"... --- 123 ...", "a.txt", &ctx),
            Err(ParseError::NoText)
        );
    }

    #[test]
    fn traditional_site_output() {
        let ctx = ImportContext::new(ChromeRules::builtin().unwrap(), Script::Traditional).unwrap();
        let r = parse_report(
            "报告标题\n一、概述\n随着网络发展,市场扩大。".as_bytes(),
            "a.txt",
            &ctx,
        )
        .unwrap();
        assert_eq!(r.title.as_deref(), Some("報告標題"));
        assert!(emit::report_markdown(&r).contains("隨著"));
    }
}
