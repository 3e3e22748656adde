//! Orchestration of a build: config → load → model → markdown → links →
//! search → render → output, returning a [`BuildReport`] (pages, warnings,
//! timings). The same pipeline serves `gen build` (disk), `gen check` and
//! `gen serve` (memory).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use tracing::{info, warn};

use crate::cli::{BuildArgs, CheckArgs};
use crate::config::{base_path_of, Config, Severity};
use crate::extract::view as entity_view;
use crate::extract::{extract_site, Entities, KnowledgeBase, ParagraphRef};
use crate::highlight::Highlighter;
use crate::links::{self, LinkTargets};
use crate::load;
use crate::markdown::{self, MarkdownOptions, MentionLinker, RenderedMarkdown};
use crate::model::{self, Site};
use crate::output::{self, OutputTarget, SiteFiles};
use crate::render::{
    self, href, ChapterPageView, ChapterView, IndexView, LinkView, PageMeta, PageView, Renderer,
    ReportPageView, SiteView,
};
use crate::search::SearchDoc;
use crate::theme::Theme;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: OutputTarget,
    /// Overrides `[output.html] site-url` (`--base-url`).
    pub base_url: Option<String>,
    /// Markup injected before `</body>` of every page (live reload).
    pub live_reload: Option<String>,
}

impl Default for BuildOptions {
    /// To `[build] build-dir` on disk, with the configured site URL.
    fn default() -> Self {
        BuildOptions {
            out: OutputTarget::Disk(PathBuf::new()),
            base_url: None,
            live_reload: None,
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// All files written (pages, assets, feeds, search bundle).
    pub files: usize,
    pub warnings: Vec<String>,
    /// Wall time of each phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
    pub total: Duration,
}

/// The result of [`build_site`].
#[derive(Debug, Clone, Default)]
pub struct BuildResult {
    pub report: BuildReport,
    /// The site's files for [`OutputTarget::Memory`]; `None` on disk.
    pub files: Option<SiteFiles>,
    /// Where the site was written, for [`OutputTarget::Disk`].
    pub out_dir: Option<PathBuf>,
}

/// Which page a Markdown source became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKey {
    ReportIndex(usize),
    Chapter(usize, usize),
    Page(usize),
}

/// The Markdown pass over the whole site, in [`markdown_units`] order.
pub struct RenderedSite {
    pub keys: Vec<PageKey>,
    pub pages: Vec<RenderedMarkdown>,
}

/// Every Markdown source of the site, in a stable order.
pub fn markdown_units(site: &Site) -> Vec<PageKey> {
    let mut keys = Vec::new();
    for (ri, r) in site.reports.iter().enumerate() {
        keys.push(PageKey::ReportIndex(ri));
        for ci in 0..r.chapters.len() {
            keys.push(PageKey::Chapter(ri, ci));
        }
    }
    for pi in 0..site.pages.len() {
        keys.push(PageKey::Page(pi));
    }
    keys
}

/// Site-relative URL, source file and outer heading of a Markdown unit.
pub fn unit_info(site: &Site, key: PageKey) -> (&str, &load::SourceFile, &str) {
    match key {
        PageKey::ReportIndex(ri) => {
            let r = &site.reports[ri];
            (&r.url, &r.index, &r.title)
        }
        PageKey::Chapter(ri, ci) => {
            let c = &site.reports[ri].chapters[ci];
            (&c.url, &c.source, &c.title)
        }
        PageKey::Page(pi) => {
            let p = &site.pages[pi];
            (&p.url, &p.source, &p.title)
        }
    }
}

/// Render every Markdown source in parallel.
pub fn render_markdown(
    site: &Site,
    config: &Config,
    base: &str,
    highlighter: &Highlighter,
    mention_linker: Option<&MentionLinker<'_>>,
) -> RenderedSite {
    let keys = markdown_units(site);
    let pages = keys
        .par_iter()
        .map(|&key| {
            let (_, source, title) = unit_info(site, key);
            let outer = [title.to_string()];
            let resolve = |link: &str| site.resolve_md_link(&source.rel_path, link);
            let opts = MarkdownOptions {
                trusted_html: config.output.html.trusted_html,
                highlighter,
                base,
                resolve_link: Some(&resolve),
                mention_linker,
                outer_headings: &outer,
            };
            markdown::render(&source.body, source.body_line, &opts)
        })
        .collect();
    RenderedSite { keys, pages }
}

/// Every paragraph of the site (in [`markdown_units`] order) through
/// entity extraction; mention URLs are `page URL#paragraph anchor`.
pub fn extract_entities(site: &Site, rendered: &RenderedSite, kb: &KnowledgeBase) -> Entities {
    let mut owners: Vec<(&str, &str)> = Vec::new();
    let mut urls: Vec<String> = Vec::new();
    let mut paras = Vec::new();
    for (key, md) in rendered.keys.iter().zip(&rendered.pages) {
        let (url, _, title) = unit_info(site, *key);
        let report = match *key {
            PageKey::ReportIndex(ri) | PageKey::Chapter(ri, _) => site.reports[ri].slug.as_str(),
            PageKey::Page(_) => "",
        };
        for p in &md.paragraphs {
            owners.push((report, title));
            urls.push(format!("{url}#{}", p.anchor));
            paras.push(p);
        }
    }
    let refs: Vec<ParagraphRef> = paras
        .iter()
        .zip(&owners)
        .zip(&urls)
        .map(|((p, (report, chapter)), url)| ParagraphRef {
            report,
            chapter,
            url,
            headings: &p.headings,
            text: &p.text,
        })
        .collect();
    extract_site(&refs, kb)
}

/// `https://user.github.io/reports/` → `https://user.github.io`.
fn origin_of(url: &str) -> String {
    match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            let end = after.find('/').map(|j| i + 3 + j).unwrap_or(url.len());
            url[..end].to_string()
        }
        None => String::new(),
    }
}

struct Phases {
    start: Instant,
    last: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Phases {
    fn new() -> Self {
        let now = Instant::now();
        Phases {
            start: now,
            last: now,
            timings: Vec::new(),
        }
    }
    fn done(&mut self, name: &'static str, detail: impl std::fmt::Display) {
        let now = Instant::now();
        let took = now - self.last;
        self.last = now;
        self.timings.push((name, took));
        info!("{name}: {detail} ({} ms)", took.as_millis());
    }
}

/// Build the site at `root`.
pub fn build_site(root: &Path, opts: &BuildOptions) -> Result<BuildResult> {
    let mut phases = Phases::new();
    let config = Config::load(root)?;
    let site_url = match &opts.base_url {
        Some(u) => u.clone(),
        None => config.output.html.site_url.clone(),
    };
    let base = base_path_of(&site_url);
    let origin = origin_of(&site_url);
    let content_dir = root.join(&config.book.src);
    let out_dir = match &opts.out {
        OutputTarget::Disk(p) if p.as_os_str().is_empty() => {
            Some(root.join(&config.build.build_dir))
        }
        OutputTarget::Disk(p) => Some(root.join(p)),
        OutputTarget::Memory => None,
    };
    let out_dir = match out_dir {
        Some(dir) => Some(output::check_build_dir(root, &content_dir, &dir)?),
        None => None,
    };
    if !content_dir.is_dir() {
        bail!(
            "the content folder {} does not exist (set [book] src in book.toml)",
            content_dir.display()
        );
    }

    let content = load::load_content(&content_dir, &config.book.src.to_string_lossy())?;
    let mut site = model::build_site(content);
    let mut warnings = std::mem::take(&mut site.warnings);
    phases.done(
        "load",
        format!(
            "{} reports, {} chapters, {} pages",
            site.reports.len(),
            site.reports.iter().map(|r| r.chapters.len()).sum::<usize>(),
            site.pages.len()
        ),
    );

    let theme = Theme::load(root, &config)?;
    let highlight_css = crate::highlight::stylesheet(
        &config.output.html.code_theme_light,
        &config.output.html.code_theme_dark,
    )?;
    phases.done("theme", format!("`{}`", config.output.html.theme));

    let highlighter = Highlighter::new();
    let mut rendered = render_markdown(&site, &config, &base, &highlighter, None);
    for (key, md) in rendered.keys.iter().zip(&rendered.pages) {
        if let PageKey::Chapter(ri, ci) = *key {
            site.reports[ri].chapters[ci].sections = model::section_tree(&md.headings);
        }
    }
    phases.done("markdown", format!("{} files", rendered.pages.len()));

    // Entities: extracted from the rendered paragraphs (so mentions carry
    // real anchors), then linked from the text in a second Markdown pass.
    let entities = if config.index.enable {
        let kb = KnowledgeBase::with_site_files(root, &config.index)?;
        let entities = extract_entities(&site, &rendered, &kb);
        phases.done(
            "extract",
            format!(
                "{} regulations, {} organisations, {} cases",
                entities.regulations.len(),
                entities.organizations.len(),
                entities.cases.len()
            ),
        );
        if config.index.link_mentions
            && !(entities.regulations.is_empty() && entities.organizations.is_empty())
        {
            // Linked in the rendered HTML: one pass, no second Markdown render.
            let linker = entities.linker();
            rendered
                .pages
                .par_iter_mut()
                .for_each(|md| md.html = linker.link_html(&md.html, &base));
            phases.done("mention links", format!("{} files", rendered.pages.len()));
        }
        // A site without any entity gets no index pages at all.
        let empty = entities.regulations.is_empty()
            && entities.organizations.is_empty()
            && entities.cases.is_empty();
        (!empty).then_some(entities)
    } else {
        None
    };
    let entity_pages = match &entities {
        Some(e) => entity_view::entity_pages(e, &base),
        None => Vec::new(),
    };

    // Search bundle first: its files are link targets too.
    let mut files = SiteFiles::new();
    if config.output.html.search {
        let docs = search_docs(&site, &rendered, &config.book.language);
        let bundle = crate::search::build_index(&docs).context("building the search index")?;
        let count = bundle.len();
        for (path, bytes) in bundle {
            files.insert(path, bytes);
        }
        phases.done("search", format!("{} records, {count} files", docs.len()));
    }

    // Static and generated files.
    for (path, bytes) in &theme.static_files {
        files.insert(path.clone(), bytes.to_vec());
    }
    files.insert("assets/highlight.css".into(), highlight_css.into_bytes());
    files.insert(".nojekyll".into(), Vec::new());
    if let Some(e) = &entities {
        files.insert(
            "data/entities.json".into(),
            entity_view::entities_json(e).into_bytes(),
        );
    }
    let mut sitemap_urls: Vec<&str> = vec![""];
    for r in &site.reports {
        sitemap_urls.push(&r.url);
        sitemap_urls.extend(r.chapters.iter().map(|c| c.url.as_str()));
    }
    sitemap_urls.extend(site.pages.iter().map(|p| p.url.as_str()));
    files.insert(
        "sitemap.xml".into(),
        render::sitemap(&origin, &base, &sitemap_urls).into_bytes(),
    );
    files.insert(
        "robots.txt".into(),
        render::robots(&origin, &base).into_bytes(),
    );
    if config.output.html.feed {
        files.insert(
            "feed.xml".into(),
            render::atom_feed(
                &site,
                &config.book.title,
                &config.book.description,
                &origin,
                &base,
            )
            .into_bytes(),
        );
    }
    if let Some(cname) = config
        .output
        .html
        .cname
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        files.insert("CNAME".into(), format!("{cname}\n").into_bytes());
    }

    // Links.
    let mut targets = LinkTargets::default();
    for path in files.keys() {
        targets.add_file(path.clone());
    }
    targets.add_page("", ["main".to_string(), "reports".to_string()]);
    targets.add_file("404.html");
    if config.output.html.search {
        targets.add_page(
            "search/",
            ["main".to_string(), "search-results".to_string()],
        );
    }
    for (key, md) in rendered.keys.iter().zip(&rendered.pages) {
        let (url, _, _) = unit_info(&site, *key);
        targets.add_page(url, md.ids.iter().cloned().chain(["main".to_string()]));
    }
    for page in &entity_pages {
        targets.add_page(
            &page.url,
            page.ids.iter().cloned().chain(["main".to_string()]),
        );
    }
    let diagnostics: Vec<links::Diagnostic> = rendered
        .keys
        .par_iter()
        .zip(&rendered.pages)
        .flat_map_iter(|(key, md)| {
            let (url, source, _) = unit_info(&site, *key);
            links::check_page(&source.display_path, url, &base, &md.links, &targets)
        })
        .collect();
    phases.done("links", format!("{} broken", diagnostics.len()));
    if !diagnostics.is_empty() {
        let lines: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        match config.build.broken_links {
            Severity::Error => bail!(
                "{} broken link(s) (set [build] broken-links = \"warn\" in book.toml to build anyway):\n{}",
                lines.len(),
                lines.join("\n")
            ),
            Severity::Warn => warnings.extend(lines),
        }
    }

    // Pages.
    let site_view = SiteView {
        title: &config.book.title,
        description: &config.book.description,
        language: &config.book.language,
        base: &base,
        search: config.output.html.search,
        feed: config.output.html.feed,
        nav: site
            .pages
            .iter()
            .map(|p| LinkView {
                title: &p.title,
                url: href(&base, &p.url),
            })
            .chain(
                [
                    ("法规", "regulations/"),
                    ("机构", "organizations/"),
                    ("案例", "cases/"),
                ]
                .into_iter()
                .filter(|_| entities.is_some())
                .map(|(title, url)| LinkView {
                    title,
                    url: href(&base, url),
                }),
            )
            .collect(),
    };
    let renderer = Renderer {
        theme: &theme,
        live_reload: opts.live_reload.as_deref(),
    };
    let mut by_report = match &entities {
        Some(e) => entity_view::citations_by_report(e),
        None => Default::default(),
    };
    let citations: Vec<String> = site
        .reports
        .iter()
        .map(|r| match by_report.remove(&r.slug) {
            Some(c) => entity_view::citations_html(&c, &base),
            None => String::new(),
        })
        .collect();
    let mut pages = render_pages(&site, &rendered, &site_view, &renderer, &config, &citations)?;
    let rendered_entity_pages: Vec<(String, Vec<u8>)> = entity_pages
        .par_iter()
        .map(|page| -> Result<(String, Vec<u8>)> {
            let view = PageView {
                site: &site_view,
                page: PageMeta {
                    title: &page.title,
                    url: href(&base, &page.url),
                    description: "",
                },
                content: &page.content,
            };
            Ok((
                links::page_file(&page.url),
                renderer.render("page.html", &view)?.into_bytes(),
            ))
        })
        .collect::<Result<_>>()?;
    pages.extend(rendered_entity_pages);
    let page_count = pages.len();
    files.extend(pages);
    phases.done("render", format!("{page_count} pages"));

    for w in &warnings {
        warn!("{w}");
    }
    let file_count = files.len();
    let result_files = match &out_dir {
        Some(dir) => {
            output::write_atomically(dir, &files)?;
            phases.done("write", format!("{file_count} files to {}", dir.display()));
            None
        }
        None => Some(files),
    };
    let total = phases.start.elapsed();
    Ok(BuildResult {
        report: BuildReport {
            pages: page_count,
            files: file_count,
            warnings,
            timings: phases.timings,
            total,
        },
        files: result_files,
        out_dir,
    })
}

/// Render every HTML page (in parallel) to `(output path, bytes)`.
fn render_pages(
    site: &Site,
    rendered: &RenderedSite,
    site_view: &SiteView,
    renderer: &Renderer,
    config: &Config,
    citations: &[String],
) -> Result<Vec<(String, Vec<u8>)>> {
    let base = site_view.base;
    // Offsets of each report's index in `rendered` (keys are grouped per report).
    let mut report_start = Vec::with_capacity(site.reports.len());
    let mut pos = 0;
    for r in &site.reports {
        report_start.push(pos);
        pos += 1 + r.chapters.len();
    }
    let pages_start = pos;

    let mut out: Vec<(String, Vec<u8>)> = Vec::new();

    // Home, 404, search.
    let index = IndexView {
        site: site_view,
        page: PageMeta {
            title: &config.book.title,
            url: href(base, ""),
            description: &config.book.description,
        },
        reports: render::report_cards(site, base),
    };
    out.push((
        "index.html".into(),
        renderer.render("index.html", &index)?.into_bytes(),
    ));
    let not_found = PageView {
        site: site_view,
        page: PageMeta {
            title: "找不到页面",
            url: href(base, "404.html"),
            description: "",
        },
        content: "",
    };
    out.push((
        "404.html".into(),
        renderer.render("404.html", &not_found)?.into_bytes(),
    ));
    if config.output.html.search {
        let search = PageView {
            site: site_view,
            page: PageMeta {
                title: "搜索",
                url: href(base, "search/"),
                description: "",
            },
            content: "",
        };
        out.push((
            "search/index.html".into(),
            renderer.render("search.html", &search)?.into_bytes(),
        ));
    }

    // Reports and their chapters, one report per task.
    let per_report: Vec<Vec<(String, Vec<u8>)>> = site
        .reports
        .par_iter()
        .enumerate()
        .map(|(ri, report)| -> Result<Vec<(String, Vec<u8>)>> {
            let head = render::report_head(report, base);
            let toc = render::report_toc(report, base);
            let mut files = Vec::with_capacity(1 + report.chapters.len());
            let intro = &rendered.pages[report_start[ri]];
            // The report page lists what the report cites, after its intro.
            let content = match citations.get(ri) {
                Some(c) if !c.is_empty() => format!("{}{c}", intro.html),
                _ => intro.html.clone(),
            };
            let description = report.meta.description.as_deref().unwrap_or("");
            let view = ReportPageView {
                site: site_view,
                page: PageMeta {
                    title: &report.title,
                    url: href(base, &report.url),
                    description,
                },
                report: &head,
                content: &content,
                toc: &toc,
            };
            files.push((
                links::page_file(&report.url),
                renderer.render("report.html", &view)?.into_bytes(),
            ));
            for (ci, chapter) in report.chapters.iter().enumerate() {
                let md = &rendered.pages[report_start[ri] + 1 + ci];
                let link = |i: usize| {
                    report.chapters.get(i).map(|c| LinkView {
                        title: &c.title,
                        url: href(base, &c.url),
                    })
                };
                let view = ChapterPageView {
                    site: site_view,
                    page: PageMeta {
                        title: &chapter.title,
                        url: href(base, &chapter.url),
                        description,
                    },
                    report: &head,
                    chapter: ChapterView {
                        title: &chapter.title,
                        url: href(base, &chapter.url),
                        sections: &chapter.sections,
                    },
                    content: &md.html,
                    toc: &toc,
                    prev: ci.checked_sub(1).and_then(link),
                    next: link(ci + 1),
                };
                files.push((
                    links::page_file(&chapter.url),
                    renderer.render("chapter.html", &view)?.into_bytes(),
                ));
            }
            Ok(files)
        })
        .collect::<Result<_>>()?;
    out.extend(per_report.into_iter().flatten());

    for (pi, page) in site.pages.iter().enumerate() {
        let Some(md) = rendered.pages.get(pages_start + pi) else {
            continue;
        };
        let view = PageView {
            site: site_view,
            page: PageMeta {
                title: &page.title,
                url: href(base, &page.url),
                description: page.source.meta.description.as_deref().unwrap_or(""),
            },
            content: &md.html,
        };
        out.push((
            links::page_file(&page.url),
            renderer.render("page.html", &view)?.into_bytes(),
        ));
    }
    Ok(out)
}

/// One search record per chapter section (text before the first heading
/// goes with the chapter itself).
pub fn search_docs(site: &Site, rendered: &RenderedSite, language: &str) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (key, md) in rendered.keys.iter().zip(&rendered.pages) {
        let PageKey::Chapter(ri, ci) = *key else {
            continue;
        };
        let report = &site.reports[ri];
        let chapter = &report.chapters[ci];
        for section in &md.sections {
            if section.text.is_empty() && section.anchor.is_none() {
                continue;
            }
            let (url, title) = match (&section.anchor, &section.title) {
                (Some(anchor), Some(t)) => (
                    format!("{}#{anchor}", chapter.url),
                    format!("{} › {t}", chapter.title),
                ),
                _ => (chapter.url.clone(), chapter.title.clone()),
            };
            docs.push(SearchDoc {
                url,
                title,
                content: section.text.clone(),
                language: language.to_string(),
                report: report.title.clone(),
                chapter: chapter.title.clone(),
                year: report.year,
            });
        }
    }
    docs
}

/// `gen build`.
pub fn run_cli(root: &Path, args: &BuildArgs) -> Result<bool> {
    let opts = BuildOptions {
        out: OutputTarget::Disk(args.out.clone().unwrap_or_default()),
        base_url: args.base_url.clone(),
        live_reload: None,
    };
    let result = build_site(root, &opts)?;
    let report = &result.report;
    let warnings = if report.warnings.is_empty() {
        String::new()
    } else {
        format!(", {} warning(s)", report.warnings.len())
    };
    info!(
        "built {} pages in {} ms{warnings}",
        report.pages,
        report.total.as_millis()
    );
    Ok(true)
}

/// `gen check`: build in memory; broken links are errors.
pub fn check_cli(root: &Path, _args: &CheckArgs) -> Result<bool> {
    let opts = BuildOptions {
        out: OutputTarget::Memory,
        base_url: None,
        live_reload: None,
    };
    let result = build_site(root, &opts)?;
    let report = &result.report;
    info!(
        "checked {} pages in {} ms: no broken links{}",
        report.pages,
        report.total.as_millis(),
        if report.warnings.is_empty() {
            String::new()
        } else {
            format!(", {} warning(s)", report.warnings.len())
        }
    );
    Ok(report.warnings.is_empty())
}
