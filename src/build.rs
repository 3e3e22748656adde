//! Orchestration of a build: config → load → model → markdown → links →
//! search → render → output, returning a [`BuildReport`] (pages, warnings,
//! timings). The same pipeline serves `gen build` (disk), `gen check` and
//! `gen serve` (memory).
//!
//! A large site is rendered in two passes (see [`TwoPass`]): the Markdown
//! pass keeps everything but the HTML, and each page's HTML is made again
//! from its source file only when the page is written, so the build never
//! holds the HTML of every page at once.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use tracing::{info, warn};

use crate::cli::{BuildArgs, CheckArgs};
use crate::config::{base_path_of, Config, Severity};
use crate::extract::linker::MentionLinker;
use crate::extract::view::{self as entity_view, EntityPage};
use crate::extract::{extract_site_keeping, Entities, KnowledgeBase, ParagraphRef, SiteExtraction};
use crate::highlight::Highlighter;
use crate::links::{self, LinkTargets};
use crate::load;
use crate::markdown::{self, MarkdownOptions, RenderedMarkdown};
use crate::model::{self, Site};
use crate::output::{self, MemorySink, OutputTarget, Sink, SiteFiles, StagingDir};
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
    /// Whether to render the pages' HTML in a second pass.
    pub two_pass: TwoPass,
}

impl Default for BuildOptions {
    /// To `[build] build-dir` on disk, with the configured site URL.
    fn default() -> Self {
        BuildOptions {
            out: OutputTarget::Disk(PathBuf::new()),
            base_url: None,
            live_reload: None,
            two_pass: TwoPass::Auto,
        }
    }
}

/// Whether a build renders the pages' HTML in a second pass.
///
/// One pass renders every page's Markdown once, up front, and holds all the
/// HTML until the pages are written (the HTML is what a kept build, `gen
/// serve`, reuses). Two passes render the Markdown first without the HTML
/// (headings, texts, links and ids are all the build needs until it writes
/// the pages), then read each source file again when its page is written,
/// render it again and let the HTML go with the page: the same bytes, at the
/// cost of a second read and parse of every source, without ever holding the
/// whole site's HTML (~80 MB per 1,000 reports).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TwoPass {
    /// Two passes for a disk build whose Markdown is at least
    /// [`TWO_PASS_MIN_BYTES`]; one pass otherwise.
    #[default]
    Auto,
    /// Always one pass.
    Off,
    /// Two passes for any build that does not keep its state (`gen serve`
    /// keeps it, and always renders in one pass).
    On,
}

impl TwoPass {
    /// Whether a build renders in two passes: never when it keeps its state
    /// (`keep`), else as chosen; `Auto` for a build to disk with
    /// `markdown_bytes` of Markdown from [`TWO_PASS_MIN_BYTES`] up.
    pub fn applies(self, keep: bool, to_disk: bool, markdown_bytes: usize) -> bool {
        !keep
            && match self {
                TwoPass::Off => false,
                TwoPass::On => true,
                TwoPass::Auto => to_disk && markdown_bytes >= TWO_PASS_MIN_BYTES,
            }
    }
}

/// Markdown (front matter excluded) from which [`TwoPass::Auto`] renders a
/// disk build in two passes: 256 MiB, about 6,000 reports of the synthetic
/// benchmark library (the 1,000-report one has 45 MB, and its HTML, 80 MB,
/// is no burden; a second read and parse would only make it slower).
pub const TWO_PASS_MIN_BYTES: usize = 256 << 20;

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

enum Target {
    Disk(StagingDir),
    Memory(MemorySink),
}

/// Which page a Markdown source became.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKey {
    ReportIndex(usize),
    Chapter(usize, usize),
    Page(usize),
}

/// The Markdown pass over the whole site, in [`markdown_units`] order.
pub struct RenderedSite {
    pub keys: Vec<PageKey>,
    /// Without their HTML in a two-pass build (see [`TwoPass`]).
    pub pages: Vec<RenderedMarkdown>,
    /// What each unit's Markdown was, for a second pass to check that it
    /// renders the same text; empty in a one-pass build.
    stamps: Vec<BodyStamp>,
    /// Index in `pages` of each report's `index.md` (its chapters follow).
    report_offsets: Vec<usize>,
    /// Index in `pages` of the first standalone page.
    pages_offset: usize,
}

impl RenderedSite {
    /// Index of `key` in `keys` and `pages`.
    fn index(&self, key: PageKey) -> usize {
        match key {
            PageKey::ReportIndex(ri) => self.report_offsets[ri],
            PageKey::Chapter(ri, ci) => self.report_offsets[ri] + 1 + ci,
            PageKey::Page(pi) => self.pages_offset + pi,
        }
    }

    /// The rendered Markdown of `key`.
    pub fn get(&self, key: PageKey) -> &RenderedMarkdown {
        &self.pages[self.index(key)]
    }

    /// Mutable access, to re-render one unit in place (`gen serve`).
    pub fn get_mut(&mut self, key: PageKey) -> &mut RenderedMarkdown {
        let i = self.index(key);
        &mut self.pages[i]
    }
}

/// Length and fingerprint of a unit's Markdown body (after modelling), taken
/// in the first pass of a two-pass build and checked in the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BodyStamp {
    len: usize,
    hash: u64,
}

impl BodyStamp {
    /// A fast 64-bit fingerprint: it has to notice an edit, not resist an
    /// adversary. Each step is a bijection of the state for a given word and
    /// of the word for a given state, so a change confined to one 8-byte
    /// word always changes the result.
    fn of(body: &str) -> Self {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let bytes = body.as_bytes();
        let mut hash = bytes.len() as u64;
        let mut chunks = bytes.chunks_exact(8);
        let mut step = |word: [u8; 8]| {
            hash = (hash.rotate_left(26) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        };
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            step(word);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            step(word);
        }
        BodyStamp {
            len: bytes.len(),
            hash: hash ^ (hash >> 29),
        }
    }
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

/// Renders the Markdown of a site's units: what that needs besides a unit
/// (its links resolve against the site; the config, base path and
/// highlighter shape the HTML).
#[derive(Clone, Copy)]
pub struct MarkdownContext<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub base: &'a str,
    pub highlighter: &'a Highlighter,
}

/// A Markdown renderer: [`markdown::render`], or
/// [`markdown::render_without_html`] for a two-pass build's first pass.
type RenderFn = fn(&str, usize, &MarkdownOptions) -> RenderedMarkdown;

impl MarkdownContext<'_> {
    /// Render `source` (a unit of the site titled `title`), e.g. a freshly
    /// reloaded version of an edited chapter.
    pub fn render_source(&self, source: &load::SourceFile, title: &str) -> RenderedMarkdown {
        self.render_body(source, title, &source.body, markdown::render)
    }

    /// Render unit `key` with its Markdown `body` given (taken out of the
    /// site, or read again from its file).
    fn render_unit_body(&self, key: PageKey, body: &str) -> RenderedMarkdown {
        let (_, source, title) = unit_info(self.site, key);
        self.render_body(source, title, body, markdown::render)
    }

    /// Render `body` with `render` as the Markdown of `source` (a unit
    /// titled `title`; for its links and lines).
    fn render_body(
        &self,
        source: &load::SourceFile,
        title: &str,
        body: &str,
        render: RenderFn,
    ) -> RenderedMarkdown {
        let outer = [title.to_string()];
        let resolve = |link: &str| self.site.resolve_md_link(&source.rel_path, link);
        let opts = MarkdownOptions {
            trusted_html: self.config.output.html.trusted_html,
            highlighter: self.highlighter,
            base: self.base,
            resolve_link: Some(&resolve),
            // Entity mentions are linked later, in the rendered HTML.
            mention_linker: None,
            outer_headings: &outer,
        };
        render(body, source.body_line, &opts)
    }
}

/// Render every Markdown source in parallel. The sources' bodies are moved
/// out of `site` and each is freed once rendered, so a large site never
/// holds all its Markdown and all its HTML at once.
pub fn render_markdown(
    site: &mut Site,
    config: &Config,
    base: &str,
    highlighter: &Highlighter,
) -> RenderedSite {
    render_markdown_passes(site, config, base, highlighter, false)
}

/// [`render_markdown`]; with `two_pass`, the first pass of a two-pass build
/// (no HTML, each body's [`BodyStamp`] kept instead; see [`TwoPass`]).
fn render_markdown_passes(
    site: &mut Site,
    config: &Config,
    base: &str,
    highlighter: &Highlighter,
    two_pass: bool,
) -> RenderedSite {
    let keys = markdown_units(site);
    let mut bodies = Vec::with_capacity(keys.len());
    for report in &mut site.reports {
        bodies.push(std::mem::take(&mut report.index.body));
        for chapter in &mut report.chapters {
            bodies.push(std::mem::take(&mut chapter.source.body));
        }
    }
    for page in &mut site.pages {
        bodies.push(std::mem::take(&mut page.source.body));
    }
    let site = &*site;
    let cx = MarkdownContext {
        site,
        config,
        base,
        highlighter,
    };
    let render: RenderFn = if two_pass {
        markdown::render_without_html
    } else {
        markdown::render
    };
    let (pages, stamps): (Vec<RenderedMarkdown>, Vec<Option<BodyStamp>>) = keys
        .par_iter()
        .zip(bodies)
        .map(|(&key, body)| {
            let (_, source, title) = unit_info(site, key);
            let md = cx.render_body(source, title, &body, render);
            (md, two_pass.then(|| BodyStamp::of(&body)))
        })
        .unzip();
    let stamps = stamps.into_iter().flatten().collect();
    let mut report_offsets = Vec::with_capacity(site.reports.len());
    let mut pos = 0;
    for r in &site.reports {
        report_offsets.push(pos);
        pos += 1 + r.chapters.len();
    }
    RenderedSite {
        keys,
        pages,
        stamps,
        report_offsets,
        pages_offset: pos,
    }
}

/// Bytes of Markdown in the site's sources (front matter excluded).
fn markdown_bytes(site: &Site) -> usize {
    let reports: usize = site
        .reports
        .iter()
        .map(|r| {
            r.index.body.len()
                + r.chapters
                    .iter()
                    .map(|c| c.source.body.len())
                    .sum::<usize>()
        })
        .sum();
    reports
        + site
            .pages
            .iter()
            .map(|p| p.source.body.len())
            .sum::<usize>()
}

/// Hand every paragraph of the site to `f` as [`ParagraphRef`]s (the
/// entity extractor's input), in [`markdown_units`] order.
pub fn with_paragraph_refs<R>(
    site: &Site,
    rendered: &RenderedSite,
    f: impl FnOnce(&[ParagraphRef<'_>]) -> R,
) -> R {
    let units: Vec<(PageKey, &RenderedMarkdown)> =
        rendered.keys.iter().copied().zip(&rendered.pages).collect();
    with_unit_paragraph_refs(site, &units, f)
}

/// [`with_paragraph_refs`] over the given units only (e.g. one report's).
pub fn with_unit_paragraph_refs<R>(
    site: &Site,
    units: &[(PageKey, &RenderedMarkdown)],
    f: impl FnOnce(&[ParagraphRef<'_>]) -> R,
) -> R {
    let mut refs = Vec::with_capacity(units.iter().map(|(_, md)| md.paragraphs.len()).sum());
    for (key, md) in units {
        let (page_url, _, _) = unit_info(site, *key);
        let (report, chapter) = match *key {
            PageKey::ReportIndex(ri) => (
                site.reports[ri].slug.as_str(),
                site.reports[ri].title.as_str(),
            ),
            PageKey::Chapter(ri, ci) => (
                site.reports[ri].slug.as_str(),
                site.reports[ri].chapters[ci].title.as_str(),
            ),
            PageKey::Page(pi) => ("", site.pages[pi].title.as_str()),
        };
        for p in &md.paragraphs {
            refs.push(ParagraphRef {
                report,
                chapter,
                page_url,
                anchor: &p.anchor,
                headings: &p.headings,
                text: md.paragraph_text(p),
            });
        }
    }
    f(&refs)
}

/// What every template gets as `site`.
/// `with_indexes` adds the regulation / organisation / case index pages to
/// the navigation.
pub fn site_view<'a>(
    config: &'a Config,
    base: &'a str,
    site: &'a Site,
    with_indexes: bool,
) -> SiteView<'a> {
    SiteView {
        title: &config.book.title,
        description: &config.book.description,
        language: &config.book.language,
        base,
        search: config.output.html.search,
        feed: config.output.html.feed,
        nav: site
            .pages
            .iter()
            .map(|p| LinkView {
                title: &p.title,
                url: href(base, &p.url),
            })
            .chain(
                [
                    ("法规", "regulations/"),
                    ("机构", "organizations/"),
                    ("案例", "cases/"),
                ]
                .into_iter()
                .filter(|_| with_indexes)
                .map(|(title, url)| LinkView {
                    title,
                    url: href(base, url),
                }),
            )
            .collect(),
    }
}

/// `https://user.github.io/reports/` → `https://user.github.io`.
pub fn origin_of(url: &str) -> String {
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

/// What a memory build computed that `gen serve` reuses to apply an edit
/// without building everything again (see [`crate::incremental`]).
pub struct BuildState {
    pub root: PathBuf,
    pub config: Config,
    /// The site's base path (`/` or `/sub/`) and origin (`https://host`).
    pub base: String,
    pub origin: String,
    pub live_reload: Option<String>,
    pub theme: Theme,
    pub highlighter: Highlighter,
    /// Markdown sources are emptied (bodies are read again on an edit).
    pub site: Site,
    /// The Markdown pass, with mentions linked; paragraph and search
    /// texts moved out (an edit renders its units afresh).
    pub rendered: RenderedSite,
    /// Present when `[index] enable` is on.
    pub extraction: Option<(KnowledgeBase, SiteExtraction)>,
    /// Every extracted entity (empty without `[index]`).
    pub entities: Entities,
    /// Whether the site has entity index pages (some entity was found).
    pub has_indexes: bool,
    /// Citations HTML of each report (see [`render_report_pages`]).
    pub citations: Vec<String>,
    /// Paths of the non-page files made by the build (theme static files,
    /// generated files, search bundle).
    pub file_keys: HashSet<String>,
    /// Search records, and the range of them each report gave.
    pub search_docs: Vec<SearchDoc>,
    pub search_ranges: Vec<std::ops::Range<usize>>,
    pub targets: LinkTargets,
}

/// Build the site at `root`.
pub fn build_site(root: &Path, opts: &BuildOptions) -> Result<BuildResult> {
    Ok(build_site_keeping(root, opts, false)?.0)
}

/// [`build_site`]; with `keep` (and a memory build) also the [`BuildState`].
pub fn build_site_keeping(
    root: &Path,
    opts: &BuildOptions,
    keep: bool,
) -> Result<(BuildResult, Option<BuildState>)> {
    let keep = keep && opts.out == OutputTarget::Memory;
    let mut phases = Phases::new();
    // Syntax definitions take a while to load; do it while files are read.
    std::thread::spawn(Highlighter::warm_up);
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

    let two_pass = opts
        .two_pass
        .applies(keep, out_dir.is_some(), markdown_bytes(&site));
    let highlighter = Highlighter::new();
    // The knowledge base (data files, matchers) is built while the
    // Markdown is rendered: the extraction after needs both.
    let (mut rendered, kb) = rayon::join(
        || render_markdown_passes(&mut site, &config, &base, &highlighter, two_pass),
        || {
            config
                .index
                .enable
                .then(|| KnowledgeBase::with_site_files(root, &config.index))
                .transpose()
        },
    );
    let kb = kb?;
    phases.done(
        "markdown",
        format!(
            "{} files{}",
            rendered.pages.len(),
            if two_pass {
                ", HTML left for the render"
            } else {
                ""
            }
        ),
    );

    // Entities: extracted from the rendered paragraphs (so mentions carry
    // real anchors), then linked from the text in a second Markdown pass.
    let mut extraction = None;
    // A two-pass build links the mentions as it renders each page.
    let mut deferred_linker = None;
    let entities = if let Some(kb) = kb {
        let (entities, kept) =
            with_paragraph_refs(&site, &rendered, |refs| extract_site_keeping(refs, &kb));
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
            if two_pass {
                deferred_linker = Some(linker);
            } else {
                rendered
                    .pages
                    .par_iter_mut()
                    .for_each(|md| md.html = linker.link_html(&md.html, &base));
                phases.done("mentions", format!("{} files", rendered.pages.len()));
            }
        }
        if keep {
            extraction = Some((kb, kept));
        }
        // A site without any entity gets no index pages at all.
        let empty = entities.regulations.is_empty()
            && entities.organizations.is_empty()
            && entities.cases.is_empty();
        (!empty).then_some(entities)
    } else {
        None
    };
    // Paragraph texts were the extractor's input; free them before the
    // search index, the build's memory peak.
    for md in &mut rendered.pages {
        md.paragraphs = Vec::new();
    }
    let entity_pages: Vec<EntityPage> = match &entities {
        Some(e) => entity_view::entity_pages(e, &base),
        None => Vec::new(),
    };
    for (key, md) in rendered.keys.iter().zip(&rendered.pages) {
        if let PageKey::Chapter(ri, ci) = *key {
            site.reports[ri].chapters[ci].sections = model::section_tree(&md.headings);
        }
    }

    // Files go straight to the sink as they are made (on disk: written while
    // others are made), so the site is never held whole in memory.
    let target = match &out_dir {
        Some(dir) => Target::Disk(StagingDir::new(dir)?),
        None => Target::Memory(MemorySink::default()),
    };
    let sink: &dyn Sink = match &target {
        Target::Disk(staging) => staging,
        Target::Memory(memory) => memory,
    };

    // The search records take the section texts now; the index is built
    // with the pages, or in a two-pass build after them, once their HTML and
    // the mentions are freed (the index's postings are the other large
    // structure of a build).
    let mut files = SiteFiles::new();
    let mut files_streamed: Vec<String> = Vec::new();
    let mut search_ranges = Vec::new();
    let search_records = if config.output.html.search {
        let (docs, ranges) = search_docs_by_report(&site, &mut rendered, &config.book.language);
        search_ranges = ranges;
        Some(docs)
    } else {
        None
    };
    if search_records.is_some() {
        // Fixed names of the bundle, for the link checker.
        for name in ["meta.json", "filters.json"] {
            files_streamed.push(format!("{}/{name}", crate::search::BUNDLE_DIR));
        }
    }

    // Static and generated files.
    for (path, bytes) in &theme.static_files {
        files.insert(path.clone(), bytes.to_vec());
    }
    files.insert("assets/highlight.css".into(), highlight_css.into_bytes());
    files.insert(".nojekyll".into(), Vec::new());
    if entities.is_some() {
        // Written (streamed) with the pages; listed here for the link checker.
        files_streamed.push("data/entities.json".to_string());
    }
    let mut sitemap_urls: Vec<&str> = vec![""];
    for r in &site.reports {
        sitemap_urls.push(&r.url);
        sitemap_urls.extend(r.chapters.iter().map(|c| c.url.as_str()));
    }
    sitemap_urls.extend(site.pages.iter().map(|p| p.url.as_str()));
    sitemap_urls.extend(entity_pages.iter().map(|p| p.url.as_str()));
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

    let file_keys: HashSet<String> = if keep {
        files.keys().chain(&files_streamed).cloned().collect()
    } else {
        HashSet::new()
    };

    // Links.
    let mut targets = LinkTargets::default();
    for path in files.keys().chain(&files_streamed) {
        targets.add_file(path.clone());
    }
    for (_, out) in &site.assets {
        targets.add_file(out.clone());
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
    // What each report cites (listed on its report page) is worked out
    // alongside the link check: both only read, and the citations are a
    // pass over every mention.
    let (diagnostics, citations): (Vec<links::Diagnostic>, Vec<String>) = rayon::join(
        || {
            rendered
                .keys
                .par_iter()
                .zip(&rendered.pages)
                .flat_map_iter(|(key, md)| {
                    let (url, source, _) = unit_info(&site, *key);
                    links::check_page(&source.display_path, url, &base, &md.links, &targets)
                })
                .collect()
        },
        || report_citations_html(&site, entities.as_ref(), &base),
    );
    phases.done("links", format!("{} broken", diagnostics.len()));
    // Kept for `gen serve`'s next edit, else freed now.
    let targets = if keep {
        Some(targets)
    } else {
        drop(targets);
        None
    };
    judge_links(&config, &diagnostics, &mut warnings)?;
    drop(diagnostics);
    if two_pass {
        // Headings, links, ids and search texts are all used up: the render
        // needs only the first pass's stamps.
        rendered.pages = Vec::new();
    }

    // Pages.
    let site_view = site_view(&config, &base, &site, entities.is_some());
    let renderer = Renderer {
        theme: &theme,
        live_reload: opts.live_reload.as_deref(),
    };
    site.assets.par_iter().try_for_each(|(source, out)| {
        let bytes =
            std::fs::read(source).with_context(|| format!("cannot read {}", source.display()))?;
        sink.put(out, bytes)
    })?;
    let file_count = files.len() + files_streamed.len() + site.assets.len();
    files
        .into_par_iter()
        .try_for_each(|(path, bytes)| put_generated(sink, &path, bytes))?;
    // The entity data file and pages are written alongside the report
    // pages: the file is one long serial write, the pages a few large ones.
    let render_entity_pages = || match &entities {
        Some(e) => entity_pages
            .par_iter()
            .try_for_each(|page| render_entity_page(page, e, &site_view, &renderer, sink)),
        None => Ok(()),
    };
    let write_entities_json = || match &entities {
        Some(e) => put_entities_json(sink, e),
        None => Ok(()),
    };
    let display_root = config.book.src.to_string_lossy();
    let second_pass = SecondPass {
        markdown: MarkdownContext {
            site: &site,
            config: &config,
            base: &base,
            highlighter: &highlighter,
        },
        rendered: &rendered,
        content_dir: &content_dir,
        display_root: &display_root,
        linker: deferred_linker.as_ref(),
    };
    let page_html: &dyn PageHtml = if two_pass { &second_pass } else { &rendered };
    let render_all = || -> Result<usize> {
        let (pages, (json, entity_result)) = rayon::join(
            || {
                render_pages(
                    &site, page_html, &site_view, &renderer, &config, &citations, sink,
                )
            },
            || rayon::join(write_entities_json, render_entity_pages),
        );
        json?;
        entity_result?;
        Ok(pages? + entity_pages.len())
    };
    let index_search = |docs: &Vec<SearchDoc>| -> Result<usize> {
        let bundle = crate::search::write_index(docs, &|path, bytes| sink.put(path, bytes))
            .context("building the search index")?;
        // meta.json and filters.json were counted with the site's files.
        Ok(bundle.len().saturating_sub(2))
    };
    // A build that holds its pages' HTML has memory to spare: the search
    // index is built alongside the pages, filling the cores that the
    // render's serial stretches (the data file, the largest entity pages)
    // leave idle. A two-pass build is memory-bound and indexes afterwards.
    let (page_count, search_files) = if two_pass {
        let pages = render_all()?;
        phases.done("render", format!("{pages} pages"));
        (pages, None)
    } else {
        let (pages, search_files) =
            rayon::join(render_all, || search_records.as_ref().map(index_search));
        let pages = pages?;
        let phase = match search_records {
            Some(_) => "render and search",
            None => "render",
        };
        phases.done(phase, format!("{pages} pages"));
        (pages, Some(search_files.transpose()?))
    };
    let mut file_count = file_count + page_count;
    // The pages are out: free their HTML and the mentions (before a
    // two-pass build indexes), unless `gen serve` keeps them for its next
    // edit.
    drop(entity_pages);
    drop(deferred_linker);
    let kept = if keep {
        Some((rendered, entities))
    } else {
        // Freed on another thread: a large site's millions of mentions
        // take a while to drop, and the search index need not wait.
        std::thread::spawn(move || drop((entities, rendered)));
        None
    };
    let search_files = match (search_files, &search_records) {
        (Some(done), _) => done,
        (None, Some(docs)) => {
            let files = index_search(docs)?;
            phases.done("search", format!("{} records", docs.len()));
            Some(files)
        }
        (None, None) => None,
    };
    file_count += search_files.unwrap_or(0);

    for w in &warnings {
        warn!("{w}");
    }
    let result_files = match target {
        Target::Disk(staging) => {
            staging.commit()?;
            if let Some(dir) = &out_dir {
                phases.done("write", format!("swapped into {}", dir.display()));
            }
            None
        }
        Target::Memory(memory) => Some(memory.into_files()),
    };
    let total = phases.start.elapsed();
    let result = BuildResult {
        report: BuildReport {
            pages: page_count,
            files: file_count,
            warnings,
            timings: phases.timings,
            total,
        },
        files: result_files,
        out_dir,
    };
    let state = kept.map(|(rendered, entities)| {
        let has_indexes = entities.is_some();
        BuildState {
            root: root.to_path_buf(),
            config,
            base,
            origin,
            live_reload: opts.live_reload.clone(),
            theme,
            highlighter,
            site,
            rendered,
            extraction,
            entities: entities.unwrap_or_default(),
            has_indexes,
            citations,
            search_docs: search_records.unwrap_or_default(),
            search_ranges,
            file_keys,
            targets: targets.unwrap_or_default(),
        }
    });
    Ok((result, state))
}

/// Each report's citation list (HTML for its report page), in report order.
fn report_citations_html(site: &Site, entities: Option<&Entities>, base: &str) -> Vec<String> {
    let by_report = match entities {
        Some(e) => entity_view::citations_by_report(e),
        None => Default::default(),
    };
    site.reports
        .par_iter()
        .map(|r| match by_report.get(&r.slug) {
            Some(c) => entity_view::citations_html(c, base),
            None => String::new(),
        })
        .collect()
}

/// `data/entities.json` (streamed: on disk it is never held whole).
pub fn put_entities_json(sink: &dyn Sink, entities: &Entities) -> Result<()> {
    sink.put_streamed("data/entities.json", &|out| {
        entity_view::write_entities_json(entities, out)
    })
}

/// Store a generated (non-page) file; JSON is made safe to inline in HTML.
pub fn put_generated(sink: &dyn Sink, path: &str, bytes: Vec<u8>) -> Result<()> {
    let bytes = if path.ends_with(".json") {
        output::html_safe_json(bytes)
    } else {
        bytes
    };
    sink.put(path, bytes)
}

/// One entity index page, through the theme's `page.html`.
pub fn render_entity_page(
    page: &EntityPage,
    entities: &Entities,
    site_view: &SiteView,
    renderer: &Renderer,
    sink: &dyn Sink,
) -> Result<()> {
    let content = page.content(entities, site_view.base);
    let render = |content: &str| {
        let view = PageView {
            site: site_view,
            page: PageMeta {
                title: &page.title,
                url: href(site_view.base, &page.url),
                description: "",
            },
            content,
        };
        renderer.render("page.html", &view)
    };
    // An entity page's body can be tens of megabytes; going through the
    // template it would be copied several times. The template is rendered
    // around two different markers instead, and when the two pages differ
    // only where the marker is (the theme shows the body once, as is, and
    // nothing else depends on it), the body is put in its place. Otherwise
    // the page is rendered normally.
    const MARKS: [&str; 2] = ["<!--gen:body-->", "<!--gen:entity-page-body-->"];
    let shells = [render(MARKS[0])?, render(MARKS[1])?];
    let html = match splice_point(&shells, MARKS) {
        Some((at, rest)) => {
            let shell = &shells[0];
            let mut html = Vec::with_capacity(shell.len() + content.len());
            html.extend_from_slice(&shell[..at]);
            html.extend_from_slice(content.as_bytes());
            html.extend_from_slice(&shell[rest..]);
            html
        }
        None => render(&content)?,
    };
    sink.put(&links::page_file(&page.url), html)
}

/// Where the body goes in `shells` (one page rendered with each of `marks`
/// as its body): (marker start, marker end) in the first, when each holds
/// its marker exactly once and they are the same outside it.
fn splice_point(shells: &[Vec<u8>; 2], marks: [&str; 2]) -> Option<(usize, usize)> {
    let find_once = |shell: &[u8], mark: &str| {
        let mut at = shell
            .windows(mark.len())
            .enumerate()
            .filter(|(_, w)| *w == mark.as_bytes())
            .map(|(i, _)| i);
        match (at.next(), at.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    };
    let a = find_once(&shells[0], marks[0])?;
    let b = find_once(&shells[1], marks[1])?;
    let (rest_a, rest_b) = (a + marks[0].len(), b + marks[1].len());
    (a == b && shells[0][..a] == shells[1][..b] && shells[0][rest_a..] == shells[1][rest_b..])
        .then_some((a, rest_a))
}

/// Fail on broken links (`[build] broken-links = "error"`), or add them to
/// `warnings`.
pub fn judge_links(
    config: &Config,
    diagnostics: &[links::Diagnostic],
    warnings: &mut Vec<String>,
) -> Result<()> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    match config.build.broken_links {
        Severity::Error => bail!(
            "{} broken link(s) (set [build] broken-links = \"warn\" in book.toml to build anyway):\n{}",
            lines.len(),
            lines.join("\n")
        ),
        Severity::Warn => warnings.extend(lines),
    }
    Ok(())
}

/// Where the render phase gets the HTML of each page's Markdown.
pub trait PageHtml: Sync {
    /// The HTML of unit `key`, mentions linked.
    fn html(&self, key: PageKey) -> Result<Cow<'_, str>>;
}

/// A one-pass build: the HTML kept from the Markdown pass.
impl PageHtml for RenderedSite {
    fn html(&self, key: PageKey) -> Result<Cow<'_, str>> {
        Ok(Cow::Borrowed(&self.get(key).html))
    }
}

/// The second pass of a two-pass build (see [`TwoPass`]): each unit's source
/// read again, checked against the first pass, rendered and linked.
struct SecondPass<'a> {
    markdown: MarkdownContext<'a>,
    rendered: &'a RenderedSite,
    content_dir: &'a Path,
    /// The content folder as named in messages (see [`load::load_content`]).
    display_root: &'a str,
    linker: Option<&'a MentionLinker>,
}

impl SecondPass<'_> {
    /// The Markdown body of `key` as the first pass rendered it: read from
    /// its file again, front matter split off and title line removed as when
    /// it was loaded. A body changed or a file removed since then is an
    /// error: its page would not match the headings, links and search text
    /// taken from the first pass.
    fn body(&self, key: PageKey) -> Result<String> {
        let (_, source, title) = unit_info(self.markdown.site, key);
        let Some(&stamp) = self.rendered.stamps.get(self.rendered.index(key)) else {
            bail!(
                "{}: no first-pass record (internal error)",
                source.display_path
            );
        };
        if stamp.len == 0 {
            // Nothing was rendered (an empty file, or a report folder
            // without `index.md`): there is nothing to read.
            return Ok(String::new());
        }
        let changed = |why: &dyn std::fmt::Display| {
            anyhow::anyhow!(
                "{} changed while the site was being built ({why}); build again",
                source.display_path
            )
        };
        let path = self.content_dir.join(&source.rel_path);
        // Only the body is read again: the page's front matter is the one
        // read at first (an edit to it alone lands in the next build).
        let mut body = load::read_body(&path, &source.rel_path, self.display_root)
            .map_err(|e| changed(&e.root_cause().to_string()))?;
        model::remove_title_line(&mut body, title);
        if BodyStamp::of(&body) != stamp {
            return Err(changed(&"its Markdown is not what was read at first"));
        }
        Ok(body)
    }
}

impl PageHtml for SecondPass<'_> {
    fn html(&self, key: PageKey) -> Result<Cow<'_, str>> {
        let body = self.body(key)?;
        let html = self.markdown.render_unit_body(key, &body).html;
        drop(body);
        Ok(Cow::Owned(match self.linker {
            Some(linker) => linker.link_html(&html, self.markdown.base),
            None => html,
        }))
    }
}

/// Render every HTML page (in parallel) into `sink`; returns the page count.
pub fn render_pages(
    site: &Site,
    rendered: &dyn PageHtml,
    site_view: &SiteView,
    renderer: &Renderer,
    config: &Config,
    citations: &[String],
    sink: &dyn Sink,
) -> Result<usize> {
    let mut count = render_site_pages(site, site_view, renderer, config, sink)?;
    let per_report: Vec<usize> = (0..site.reports.len())
        .into_par_iter()
        .map(|ri| {
            let cites = citations.get(ri).map(String::as_str).unwrap_or("");
            render_report_pages(site, rendered, ri, site_view, renderer, cites, sink)
        })
        .collect::<Result<_>>()?;
    count += per_report.iter().sum::<usize>();
    for pi in 0..site.pages.len() {
        render_standalone_page(site, rendered, pi, site_view, renderer, sink)?;
        count += 1;
    }
    Ok(count)
}

/// The home page, `404.html` and the search page.
pub fn render_site_pages(
    site: &Site,
    site_view: &SiteView,
    renderer: &Renderer,
    config: &Config,
    sink: &dyn Sink,
) -> Result<usize> {
    let base = site_view.base;
    let index = IndexView {
        site: site_view,
        page: PageMeta {
            title: &config.book.title,
            url: href(base, ""),
            description: &config.book.description,
        },
        reports: render::report_cards(site, base),
    };
    sink.put("index.html", renderer.render("index.html", &index)?)?;
    let not_found = PageView {
        site: site_view,
        page: PageMeta {
            title: "找不到页面",
            url: href(base, "404.html"),
            description: "",
        },
        content: "",
    };
    sink.put("404.html", renderer.render("404.html", &not_found)?)?;
    if !config.output.html.search {
        return Ok(2);
    }
    let search = PageView {
        site: site_view,
        page: PageMeta {
            title: "搜索",
            url: href(base, "search/"),
            description: "",
        },
        content: "",
    };
    sink.put(
        "search/index.html",
        renderer.render("search.html", &search)?,
    )?;
    Ok(3)
}

/// Report `ri`'s page and all its chapter pages; returns the page count.
/// `citations` (HTML, may be empty) goes after the report's introduction.
pub fn render_report_pages(
    site: &Site,
    rendered: &dyn PageHtml,
    ri: usize,
    site_view: &SiteView,
    renderer: &Renderer,
    citations: &str,
    sink: &dyn Sink,
) -> Result<usize> {
    let base = site_view.base;
    let report = &site.reports[ri];
    let head = render::report_head(report, base);
    let toc = render::report_toc(report, base);
    let description = report.meta.description.as_deref().unwrap_or("");
    let view = ReportPageView {
        site: site_view,
        page: PageMeta {
            title: &report.title,
            url: href(base, &report.url),
            description,
        },
        report: &head,
        content: &format!("{}{citations}", rendered.html(PageKey::ReportIndex(ri))?),
        toc: &toc,
    };
    sink.put(
        &links::page_file(&report.url),
        renderer.render("report.html", &view)?,
    )?;
    for (ci, chapter) in report.chapters.iter().enumerate() {
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
            content: &rendered.html(PageKey::Chapter(ri, ci))?,
            toc: &toc,
            prev: ci.checked_sub(1).and_then(link),
            next: link(ci + 1),
        };
        sink.put(
            &links::page_file(&chapter.url),
            renderer.render("chapter.html", &view)?,
        )?;
    }
    Ok(1 + report.chapters.len())
}

/// Standalone page `pi`.
pub fn render_standalone_page(
    site: &Site,
    rendered: &dyn PageHtml,
    pi: usize,
    site_view: &SiteView,
    renderer: &Renderer,
    sink: &dyn Sink,
) -> Result<()> {
    let base = site_view.base;
    let page = &site.pages[pi];
    let view = PageView {
        site: site_view,
        page: PageMeta {
            title: &page.title,
            url: href(base, &page.url),
            description: page.source.meta.description.as_deref().unwrap_or(""),
        },
        content: &rendered.html(PageKey::Page(pi))?,
    };
    sink.put(
        &links::page_file(&page.url),
        renderer.render("page.html", &view)?,
    )
}

/// One search record per chapter section (text before the first heading
/// goes with the chapter itself).
///
/// The section texts are moved out of `rendered` (nothing else needs them),
/// so the text is not held twice at the peak of a large build.
pub fn search_docs(site: &Site, rendered: &mut RenderedSite, language: &str) -> Vec<SearchDoc> {
    search_docs_by_report(site, rendered, language).0
}

/// [`search_docs`], with the range of records each report gave.
pub fn search_docs_by_report(
    site: &Site,
    rendered: &mut RenderedSite,
    language: &str,
) -> (Vec<SearchDoc>, Vec<std::ops::Range<usize>>) {
    let mut docs = Vec::new();
    let mut ranges = Vec::with_capacity(site.reports.len());
    for ri in 0..site.reports.len() {
        let start = docs.len();
        docs.extend(report_search_docs(site, rendered, ri, language));
        ranges.push(start..docs.len());
    }
    (docs, ranges)
}

/// The search records of report `ri`'s chapters (texts moved out of
/// `rendered`, as in [`search_docs`]).
pub fn report_search_docs(
    site: &Site,
    rendered: &mut RenderedSite,
    ri: usize,
    language: &str,
) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for ci in 0..site.reports[ri].chapters.len() {
        let md = rendered.get_mut(PageKey::Chapter(ri, ci));
        let report = &site.reports[ri];
        let chapter = &report.chapters[ci];
        for section in &mut md.sections {
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
                content: std::mem::take(&mut section.text),
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
        two_pass: TwoPass::Auto,
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
        two_pass: TwoPass::Auto,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::FrontMatter;
    use crate::load::{Content, ReportSource, SourceFile};

    fn source(rel: &str, body: &str) -> SourceFile {
        SourceFile {
            rel_path: rel.into(),
            display_path: format!("content/{rel}"),
            meta: FrontMatter::default(),
            body: body.into(),
            body_line: 1,
        }
    }

    #[test]
    fn paragraph_refs_carry_urls_and_headings() {
        let mut site = model::build_site(Content {
            reports: vec![ReportSource {
                dir_name: "r".into(),
                index: Some(source("r/index.md", "# 报告\n\n简介。\n")),
                chapters: vec![source(
                    "r/01-a.md",
                    "# 第一章\n\n## 成功案例\n\n央行发布《个人信息保护法》解读。\n",
                )],
                assets: vec![],
            }],
            pages: vec![],
            assets: vec![],
        });
        let rendered = render_markdown(&mut site, &Config::default(), "/", &Highlighter::new());
        let refs = with_paragraph_refs(&site, &rendered, |refs| {
            refs.iter()
                .map(|p| (p.url(), p.headings.to_vec(), p.text.to_string()))
                .collect::<Vec<_>>()
        });
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].0, "reports/r/#p-1");
        assert_eq!(refs[1].0, "reports/r/01-a/#p-1");
        assert_eq!(
            refs[1].1,
            vec!["第一章".to_string(), "成功案例".to_string()]
        );
        assert!(refs[1].2.contains("《个人信息保护法》"));
    }

    #[test]
    fn entities_are_linked_from_the_text_and_get_index_pages() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("book.toml"), "").unwrap();
        std::fs::create_dir_all(dir.path().join("content/r")).unwrap();
        std::fs::write(
            dir.path().join("content/r/01-a.md"),
            "# A\n\n中国人民银行(简称“央行”)发布了《个人信息保护法》解读。\n",
        )
        .unwrap();
        let opts = BuildOptions {
            out: OutputTarget::Memory,
            base_url: None,
            live_reload: None,
            ..BuildOptions::default()
        };
        let files = build_site(dir.path(), &opts).unwrap().files.unwrap();
        assert!(files.contains_key("regulations/index.html"));
        assert!(files.contains_key("organizations/index.html"));
        assert!(files.contains_key("data/entities.json"));
        let page = String::from_utf8(files["reports/r/01-a/index.html"].clone()).unwrap();
        assert!(page.contains("class=\"mention\""), "{page}");
        let sitemap = String::from_utf8(files["sitemap.xml"].clone()).unwrap();
        assert!(sitemap.contains("/regulations/"));
    }

    #[test]
    fn two_passes_for_large_disk_builds_that_keep_nothing() {
        let (small, large) = (45 << 20, TWO_PASS_MIN_BYTES);
        assert!(!TwoPass::Auto.applies(false, true, small));
        assert!(TwoPass::Auto.applies(false, true, large));
        assert!(!TwoPass::Auto.applies(false, false, large));
        assert!(!TwoPass::Auto.applies(true, false, large));
        assert!(TwoPass::On.applies(false, true, 0));
        assert!(TwoPass::On.applies(false, false, 0));
        assert!(!TwoPass::On.applies(true, false, large));
        assert!(!TwoPass::Off.applies(false, true, large));
    }

    #[test]
    fn second_pass_renders_the_first_pass_text_or_names_the_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let content_dir = dir.path().join("content");
        std::fs::create_dir_all(content_dir.join("r")).unwrap();
        let chapter = content_dir.join("r/01-a.md");
        std::fs::write(&chapter, "+++\nweight = 1\n+++\n# A\n\n央行 `x`\n").unwrap();
        std::fs::write(content_dir.join("r/02-b.md"), "").unwrap();
        let load = || model::build_site(load::load_content(&content_dir, "content").unwrap());
        let (config, h) = (Config::default(), Highlighter::new());
        let one = render_markdown(&mut load(), &config, "/", &h);
        let mut site = load();
        let two = render_markdown_passes(&mut site, &config, "/", &h, true);
        let key = PageKey::Chapter(0, 0);
        assert!(two.get(key).html.is_empty());
        assert_eq!(two.get(key).ids, one.get(key).ids);
        let pass = SecondPass {
            markdown: MarkdownContext {
                site: &site,
                config: &config,
                base: "/",
                highlighter: &h,
            },
            rendered: &two,
            content_dir: &content_dir,
            display_root: "content",
            linker: None,
        };
        assert_eq!(pass.html(key).unwrap(), one.get(key).html);
        // No index.md, and an empty chapter: nothing to read again.
        for key in [PageKey::ReportIndex(0), PageKey::Chapter(0, 1)] {
            assert_eq!(pass.html(key).unwrap(), "");
        }

        std::fs::write(&chapter, "+++\nweight = 1\n+++\n# A\n\n央行 `y`\n").unwrap();
        let err = pass.html(key).unwrap_err().to_string();
        assert!(err.contains("content/r/01-a.md changed"), "{err}");
        assert!(!err.contains('\n'), "{err}");
        std::fs::remove_file(&chapter).unwrap();
        let err = pass.html(key).unwrap_err().to_string();
        assert!(err.contains("content/r/01-a.md changed"), "{err}");
    }

    #[test]
    fn memory_build_returns_the_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        std::fs::create_dir_all(dir.path().join("content/r")).unwrap();
        std::fs::write(dir.path().join("content/r/01-a.md"), "# A\n\ntext\n").unwrap();
        let opts = BuildOptions {
            out: OutputTarget::Memory,
            base_url: Some("https://x.github.io/sub/".into()),
            live_reload: Some("<script src=\"/sub/__reload.js\"></script>".into()),
            ..BuildOptions::default()
        };
        let result = build_site(dir.path(), &opts).unwrap();
        let files = result.files.unwrap();
        let page = String::from_utf8(files["reports/r/01-a/index.html"].clone()).unwrap();
        assert!(page.contains("<script src=\"/sub/__reload.js\"></script></body>"));
        assert!(page.contains("href=\"/sub/reports/r/\""));
        assert!(!dir.path().join("book").exists());
        assert_eq!(
            result.report.pages,
            files.keys().filter(|k| k.ends_with(".html")).count()
        );
    }

    #[test]
    fn entity_bodies_are_spliced_only_where_the_theme_shows_them_as_is() {
        let marks = ["<!--a-->", "<!--bb-->"];
        let page = |body: &str, extra: &str| format!("<main>{body}</main>{extra}").into_bytes();
        // Shown once, nothing else depends on it: spliced at the marker.
        let once = [page(marks[0], ""), page(marks[1], "")];
        assert_eq!(splice_point(&once, marks), Some((6, 6 + marks[0].len())));
        // Shown twice, or its length shown elsewhere: rendered normally.
        let twice = [page(marks[0], marks[0]), page(marks[1], marks[1])];
        assert_eq!(splice_point(&twice, marks), None);
        let derived = [
            page(marks[0], &marks[0].len().to_string()),
            page(marks[1], &marks[1].len().to_string()),
        ];
        assert_eq!(splice_point(&derived, marks), None);
        // Escaped by the theme: the marker is not found.
        let escaped = [page("&lt;!--a--&gt;", ""), page("&lt;!--bb--&gt;", "")];
        assert_eq!(splice_point(&escaped, marks), None);
    }
}
