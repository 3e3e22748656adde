//! Incremental rebuilds for `gen serve`: the [`SiteState`] a full memory
//! build leaves behind (config, theme, model, Markdown pass, entity
//! extraction per report, link targets, search records), and how an edit is
//! applied to it to give exactly the files a fresh full build would give.
//!
//! What is applied here:
//! - a Markdown edit inside a report folder that keeps every file's front
//!   matter and title: that report is reloaded, re-rendered and re-scanned,
//!   its pages, the entity pages whose mentions changed and the entity
//!   lists are rendered again;
//! - a template edit: every page is rendered again from the kept state;
//! - a static file edit: the file is copied.
//!
//! Anything else, or anything surprising (a new or removed file, changed
//! front matter, an edit that changes which names are linked as entities,
//! changed case studies, …), answers [`Applied::NeedsFullBuild`]: correctness
//! first. The search index and `data/entities.json` (whole-site files that
//! take about a second on a large site, and that no open page shows) are
//! not rebuilt here but handed back as a [`BackgroundJob`], so the caller
//! can publish the pages first and those files a moment later.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::build::{
    self, judge_links, render_entity_page, render_pages, render_report_pages, report_search_docs,
    site_view, unit_info, with_unit_paragraph_refs, BuildOptions, BuildResult, BuildState,
    MarkdownContext, PageKey,
};
use crate::extract::view as entity_view;
use crate::extract::{scan_document_paragraphs, Entities, EntityKind, MentionLinker};
use crate::links;
use crate::load;
use crate::markdown::RenderedMarkdown;
use crate::model;
use crate::output::{self, MemorySink, SharedFiles, Sink, SiteFiles};
use crate::render::Renderer;
use crate::search::SearchDoc;
use crate::theme::Theme;

/// Why a Markdown edit is not applied here: a file added, removed, renamed,
/// or with a new title or front matter.
const STRUCTURE: &str = "the report's structure changed";

/// A full build's state, ready to apply edits to.
pub struct SiteState {
    build: BuildState,
    /// What the linker links (sorted), to tell whether an edit changed it.
    link_patterns: Vec<(String, EntityKind, String)>,
    linker: Option<MentionLinker>,
    /// The search records of each report, and the entities, shared with a
    /// running [`BackgroundJob`].
    search_docs: Vec<Arc<Vec<SearchDoc>>>,
    entities: Arc<Entities>,
    /// Set when an apply failed half-way: the state no longer matches the
    /// served site and must be rebuilt.
    stale: bool,
}

/// What to change in the served files.
#[derive(Debug, Default)]
pub struct FileChanges {
    pub put: Vec<(String, Vec<u8>)>,
    /// A folder (`search-index/`) whose files are all replaced by `put`.
    pub replace_under: Option<String>,
}

impl FileChanges {
    /// Apply to `files`.
    pub fn apply(self, files: &mut SharedFiles) {
        if let Some(prefix) = &self.replace_under {
            let gone: Vec<String> = files
                .range::<String, _>(prefix.clone()..)
                .take_while(|(path, _)| path.starts_with(prefix.as_str()))
                .map(|(path, _)| path.clone())
                .collect();
            for path in gone {
                files.remove(&path);
            }
        }
        for (path, bytes) in self.put {
            files.insert(path, Arc::new(bytes));
        }
    }

    fn from_sink(sink: MemorySink) -> FileChanges {
        FileChanges {
            put: sink.into_files().into_iter().collect(),
            replace_under: None,
        }
    }
}

/// The search index to build again after an edit (about a second on a
/// large site, so it runs after the pages are published).
pub struct BackgroundJob {
    docs: Option<Vec<Arc<Vec<SearchDoc>>>>,
    entities: Option<Arc<Entities>>,
}

impl BackgroundJob {
    /// Build the search index and `data/entities.json`: the files to
    /// change (the search bundle's folder is replaced as a whole).
    pub fn run(self) -> Result<FileChanges> {
        let BackgroundJob { docs, entities } = self;
        let files = MemorySink::default();
        let sink = &files;
        // entities.json first: it lets go of the entities when done.
        let (json, index) = rayon::join(
            // `entities` is dropped as soon as it is written out: an edit
            // waiting to change the entities goes on then.
            move || match entities {
                Some(entities) => build::put_entities_json(sink, &entities),
                None => Ok(()),
            },
            || match docs {
                Some(docs) => {
                    let docs: Vec<SearchDoc> =
                        docs.iter().flat_map(|d| d.iter().cloned()).collect();
                    // As the full build writes it.
                    crate::search::write_index(&docs, &|path, bytes| sink.put(path, bytes))
                        .context("building the search index")?;
                    Ok::<bool, anyhow::Error>(true)
                }
                None => Ok(false),
            },
        );
        json?;
        let replaced_index = index?;
        let mut changes = FileChanges::from_sink(files);
        if replaced_index {
            changes.replace_under = Some(format!("{}/", crate::search::BUNDLE_DIR));
        }
        Ok(changes)
    }
}

/// The outcome of applying a change.
pub enum Applied {
    /// The files to change, how long the steps took, and the search index
    /// to rebuild (if the edit changed search records).
    Changed {
        changes: FileChanges,
        search: Option<BackgroundJob>,
        timings: Vec<(&'static str, Duration)>,
    },
    /// Not handled here; why.
    NeedsFullBuild(&'static str),
}

/// How long an edit waits for a background job to let go of the entities
/// before copying them (writing `entities.json` takes about 0.3 s on an
/// 8,000-chapter site; copying them takes longer).
const SHARED_WAIT: Duration = Duration::from_secs(2);

/// Wait (at most `limit`) until `shared` has no other owner.
fn wait_until_unshared<T>(shared: &Arc<T>, limit: Duration) {
    let started = Instant::now();
    while Arc::strong_count(shared) > 1 && started.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Build the whole site in memory and keep its state.
pub fn full_build(root: &Path, opts: &BuildOptions) -> Result<(BuildResult, SiteState)> {
    let (result, state) = build::build_site_keeping(root, opts, true)?;
    let build = state.context("internal error: a memory build kept no state")?;
    Ok((result, SiteState::new(build)))
}

/// What every page's links and every entity page's heading depend on:
/// the names the linker links (sorted: the order of distinct patterns does
/// not change what a leftmost-longest match finds) and each regulation's kind.
fn sorted_patterns(entities: &Entities) -> Vec<(String, EntityKind, String)> {
    let (patterns, targets) = entities.link_patterns();
    let mut list: Vec<_> = patterns
        .into_iter()
        .zip(targets)
        .map(|(p, (k, id))| (p, k, id))
        .chain(entities.regulations.iter().map(|r| {
            (
                format!("{:?}", r.kind),
                EntityKind::Regulation,
                r.id.clone(),
            )
        }))
        .collect();
    list.sort();
    list
}

struct Timer {
    last: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn new() -> Timer {
        Timer {
            last: Instant::now(),
            timings: Vec::new(),
        }
    }
    fn done(&mut self, name: &'static str) {
        let now = Instant::now();
        self.timings.push((name, now - self.last));
        self.last = now;
    }
}

impl SiteState {
    pub fn new(mut build: BuildState) -> SiteState {
        let entities = Arc::new(std::mem::take(&mut build.entities));
        let link_patterns = sorted_patterns(&entities);
        let linker = (build.config.index.link_mentions
            && !(entities.regulations.is_empty() && entities.organizations.is_empty()))
        .then(|| entities.linker());
        let mut all_docs = std::mem::take(&mut build.search_docs);
        // Split per report, back to front so that nothing is copied.
        let mut search_docs: Vec<Arc<Vec<SearchDoc>>> = build
            .search_ranges
            .iter()
            .rev()
            .map(|range| Arc::new(all_docs.split_off(range.start.min(all_docs.len()))))
            .collect();
        search_docs.reverse();
        SiteState {
            build,
            link_patterns,
            linker,
            search_docs,
            entities,
            stale: false,
        }
    }

    /// The background job for the state as it is (to redo one that was
    /// dropped); `None` when the site has no search and no entities.
    pub fn background_job(&self) -> Option<BackgroundJob> {
        let job = BackgroundJob {
            docs: self
                .build
                .config
                .output
                .html
                .search
                .then(|| self.search_docs.clone()),
            entities: self.build.has_indexes.then(|| Arc::clone(&self.entities)),
        };
        (job.docs.is_some() || job.entities.is_some()).then_some(job)
    }

    /// True after an apply failed half-way: drop this state and build in full.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// Apply edits to Markdown files (absolute paths) and content assets.
    pub fn apply_content(
        &mut self,
        sources: &[PathBuf],
        static_files: &[PathBuf],
        current: &SharedFiles,
    ) -> Result<Applied> {
        let mut timer = Timer::new();
        let content_dir = self.build.root.join(&self.build.config.book.src);
        let mut reports = Vec::new();
        for path in sources {
            let Some(ri) = self.report_of(&content_dir, path) else {
                return Ok(Applied::NeedsFullBuild("not a chapter of a known report"));
            };
            if !reports.contains(&ri) {
                reports.push(ri);
            }
        }
        let mut changes = FileChanges::default();
        if !static_files.is_empty() {
            match self.copy_static(static_files, current)? {
                Some(copied) => changes.put.extend(copied.put),
                None => return Ok(Applied::NeedsFullBuild("a new or removed file")),
            }
        }
        let mut search = None;
        for ri in reports {
            // Only the last report's job matters; the earlier one must let
            // go of the entities first.
            drop(search.take());
            match self.update_report(ri, &mut timer)? {
                Ok((report_changes, job)) => {
                    changes.put.extend(report_changes.put);
                    search = job;
                }
                Err(why) => return Ok(Applied::NeedsFullBuild(why)),
            }
        }
        Ok(Applied::Changed {
            changes,
            search,
            timings: timer.timings,
        })
    }

    /// The report whose folder holds Markdown file `path`, if it is one of
    /// its visible files.
    fn report_of(&self, content_dir: &Path, path: &Path) -> Option<usize> {
        let rel = path.strip_prefix(content_dir).ok()?;
        let parts: Vec<&str> = rel
            .components()
            .map(|c| match c {
                Component::Normal(name) => name.to_str(),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let [dir, file] = parts[..] else {
            return None;
        };
        let visible = |n: &str| !n.starts_with('.') && !n.starts_with('_');
        if !visible(dir) || !file.ends_with(".md") || !(visible(file) || file == "_index.md") {
            return None;
        }
        self.build
            .site
            .reports
            .iter()
            .position(|r| r.index.rel_path.split('/').next() == Some(dir))
    }

    /// Reload, re-render and re-scan report `ri`. `Err(why)` when the edit
    /// changed more than this can apply (the state may then be stale).
    fn update_report(
        &mut self,
        ri: usize,
        timer: &mut Timer,
    ) -> Result<std::result::Result<(FileChanges, Option<BackgroundJob>), &'static str>> {
        let b = &self.build;
        let dir_name = b.site.reports[ri]
            .index
            .rel_path
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let content_dir = b.root.join(&b.config.book.src);
        let display_root = b.config.book.src.to_string_lossy().to_string();
        let Some(loaded) =
            load::load_report(&dir_name, &content_dir.join(&dir_name), &display_root)?
        else {
            return Ok(Err(STRUCTURE));
        };
        let mut fresh = model::build_site(load::Content {
            reports: vec![loaded],
            pages: Vec::new(),
            assets: Vec::new(),
        });
        let Some(new_report) = fresh.reports.pop() else {
            return Ok(Err(STRUCTURE));
        };
        let old = &b.site.reports[ri];
        let same_file = |a: &load::SourceFile, b: &load::SourceFile| {
            a.rel_path == b.rel_path && a.meta == b.meta && a.display_path == b.display_path
        };
        let same = new_report.title == old.title
            && new_report.meta == old.meta
            && new_report.year == old.year
            && same_file(&new_report.index, &old.index)
            && new_report.chapters.len() == old.chapters.len()
            && new_report.chapters.iter().zip(&old.chapters).all(|(n, o)| {
                n.title == o.title
                    && n.weight == o.weight
                    && n.slug == o.slug
                    && same_file(&n.source, &o.source)
            });
        if !same {
            return Ok(Err(STRUCTURE));
        }

        // Markdown of every unit of the report (a few files: cheaper than
        // working out which of them changed).
        let mut units: Vec<(PageKey, &load::SourceFile, &str)> = vec![(
            PageKey::ReportIndex(ri),
            &new_report.index,
            old.title.as_str(),
        )];
        for (ci, chapter) in new_report.chapters.iter().enumerate() {
            units.push((PageKey::Chapter(ri, ci), &chapter.source, &chapter.title));
        }
        let markdown = MarkdownContext {
            site: &b.site,
            config: &b.config,
            base: &b.base,
            highlighter: &b.highlighter,
        };
        let mut rendered: Vec<(PageKey, RenderedMarkdown)> = units
            .par_iter()
            .map(|(key, source, title)| (*key, markdown.render_source(source, title)))
            .collect();
        timer.done("markdown");

        let scan = b.extraction.as_ref().map(|(kb, _)| {
            let refs: Vec<(PageKey, &RenderedMarkdown)> =
                rendered.iter().map(|(k, md)| (*k, md)).collect();
            with_unit_paragraph_refs(&b.site, &refs, |refs| scan_document_paragraphs(refs, kb))
        });
        timer.done("extract");

        // Links, checked before anything is changed so that a broken link
        // keeps this state as it is.
        let mut ids_removed = false;
        let mut new_ids: Vec<(String, HashSet<String>)> = Vec::new();
        for (key, md) in &rendered {
            let (url, _, _) = unit_info(&b.site, *key);
            let file = links::page_file(url);
            let ids: HashSet<String> = md.ids.iter().cloned().chain(["main".to_string()]).collect();
            if let Some(old_ids) = b.targets.ids.get(&file) {
                ids_removed |= !old_ids.is_subset(&ids);
            }
            new_ids.push((file, ids));
        }
        let b = &mut self.build;
        let mut old_ids = Vec::new();
        for (file, ids) in new_ids {
            let before = b.targets.ids.insert(file.clone(), ids);
            old_ids.push((file, before));
        }
        let check = |key: PageKey, md: &RenderedMarkdown| {
            let (url, source, _) = unit_info(&b.site, key);
            links::check_page(&source.display_path, url, &b.base, &md.links, &b.targets)
        };
        let mut diagnostics: Vec<links::Diagnostic> = Vec::new();
        if ids_removed {
            // Another page may link to an anchor that is gone.
            let ours: HashMap<PageKey, &RenderedMarkdown> =
                rendered.iter().map(|(k, md)| (*k, md)).collect();
            diagnostics = b
                .rendered
                .keys
                .par_iter()
                .zip(&b.rendered.pages)
                .flat_map_iter(|(key, md)| check(*key, ours.get(key).copied().unwrap_or(md)))
                .collect();
        } else {
            for (key, md) in &rendered {
                diagnostics.extend(check(*key, md));
            }
        }
        let mut warnings = Vec::new();
        if let Err(err) = judge_links(&b.config, &diagnostics, &mut warnings) {
            for (file, before) in old_ids {
                match before {
                    Some(ids) => b.targets.ids.insert(file, ids),
                    None => b.targets.ids.remove(&file),
                };
            }
            return Err(err);
        }
        timer.done("links");

        // From here on the state changes: a failure leaves it stale.
        self.stale = true;
        let b = &mut self.build;
        let slug = b.site.reports[ri].slug.clone();
        let mut touched = None;
        if let (Some((_, extraction)), Some(scan)) = (b.extraction.as_mut(), scan) {
            wait_until_unshared(&self.entities, SHARED_WAIT);
            let entities = Arc::make_mut(&mut self.entities);
            let Some(t) = extraction.replace(entities, &slug, scan) else {
                return Ok(Err("the report's case studies changed"));
            };
            let e = &self.entities;
            let has_indexes =
                !(e.regulations.is_empty() && e.organizations.is_empty() && e.cases.is_empty());
            if has_indexes != b.has_indexes || sorted_patterns(e) != self.link_patterns {
                return Ok(Err("an entity was added, renamed or removed"));
            }
            touched = Some(t);
        }
        if let Some(linker) = &self.linker {
            rendered
                .par_iter_mut()
                .for_each(|(_, md)| md.html = linker.link_html(&md.html, &b.base));
        }
        timer.done("merge, link mentions");

        // Put the new sources (without bodies, as after a full build) and
        // Markdown in place.
        let mut new_report = new_report;
        new_report.index.body = String::new();
        let report = &mut b.site.reports[ri];
        report.index = new_report.index;
        for (chapter, fresh) in report.chapters.iter_mut().zip(new_report.chapters) {
            chapter.source = fresh.source;
            chapter.source.body = String::new();
        }
        for (key, md) in rendered {
            if let PageKey::Chapter(ri, ci) = key {
                b.site.reports[ri].chapters[ci].sections = model::section_tree(&md.headings);
            }
            *b.rendered.get_mut(key) = md;
        }

        // Pages: the report's, and the entity pages it changed.
        let sink = MemorySink::default();
        let view = site_view(&b.config, &b.base, &b.site, b.has_indexes);
        let renderer = Renderer {
            theme: &b.theme,
            live_reload: b.live_reload.as_deref(),
        };
        if b.has_indexes {
            b.citations[ri] = entity_view::citations_html(
                &entity_view::report_citations(&self.entities, &slug),
                &b.base,
            );
        }
        let citations = b.citations.get(ri).map(String::as_str).unwrap_or("");
        render_report_pages(&b.site, &b.rendered, ri, &view, &renderer, citations, &sink)?;
        timer.done("report pages");
        if let (true, Some(touched)) = (b.has_indexes, &touched) {
            let e = &self.entities;
            let mut pages: Vec<entity_view::EntityPage> =
                entity_view::index_pages(e, &b.base).into();
            pages.extend(
                touched
                    .regulations
                    .iter()
                    .map(|&i| entity_view::regulation_page(e, i)),
            );
            pages.extend(
                touched
                    .organizations
                    .iter()
                    .map(|&i| entity_view::organization_page(e, i)),
            );
            pages
                .par_iter()
                .try_for_each(|page| render_entity_page(page, e, &view, &renderer, &sink))?;
        }
        timer.done("entity pages");
        if b.config.output.html.feed {
            let feed = crate::render::atom_feed(
                &b.site,
                &b.config.book.title,
                &b.config.book.description,
                &b.origin,
                &b.base,
            );
            sink.put("feed.xml", feed.into_bytes())?;
        }

        // Search records of the report, for the index built afterwards.
        let mut job = BackgroundJob {
            docs: None,
            entities: b.has_indexes.then(|| Arc::clone(&self.entities)),
        };
        if b.config.output.html.search {
            let records = report_search_docs(&b.site, &mut b.rendered, ri, &b.config.book.language);
            if let Some(slot) = self.search_docs.get_mut(ri) {
                *slot = Arc::new(records);
            }
            job.docs = Some(self.search_docs.clone());
        }
        let search = (job.docs.is_some() || job.entities.is_some()).then_some(job);
        timer.done("feed, search records");
        self.stale = false;
        Ok(Ok((FileChanges::from_sink(sink), search)))
    }

    /// Copy changed static files (theme, site `static/`, content assets).
    /// `None` when a file is new, gone, or hidden by a generated one.
    fn copy_static(&self, paths: &[PathBuf], current: &SharedFiles) -> Result<Option<FileChanges>> {
        let b = &self.build;
        let mut changes = FileChanges::default();
        let mut theme_changed = false;
        for path in paths {
            if let Some((source, out)) = b.site.assets.iter().find(|(s, _)| s == path) {
                let bytes = match std::fs::read(source) {
                    Ok(bytes) => bytes,
                    Err(_) => return Ok(None),
                };
                // A generated or theme file of the same name wins in a full build.
                if b.file_keys.contains(out)
                    || out.starts_with(&format!("{}/", crate::search::BUNDLE_DIR))
                {
                    return Ok(None);
                }
                changes.put.push((out.clone(), bytes));
            } else if path.starts_with(b.root.join(&b.config.book.src)) {
                return Ok(None); // a new content file
            } else {
                theme_changed = true;
            }
        }
        if theme_changed {
            let theme = Theme::load(&b.root, &b.config)?;
            if !theme.static_files.keys().eq(b.theme.static_files.keys()) {
                return Ok(None);
            }
            for (path, bytes) in &theme.static_files {
                let old = &b.theme.static_files[path];
                if old == bytes {
                    continue;
                }
                // Served bytes that differ from the old theme's: a generated
                // file of that name won; it still does.
                if current.get(path).map(|served| served.as_slice()) != Some(old.as_ref()) {
                    return Ok(None);
                }
                changes.put.push((path.clone(), bytes.to_vec()));
            }
        }
        Ok(Some(changes))
    }

    /// Apply changed static files only.
    pub fn apply_static(&mut self, paths: &[PathBuf], current: &SharedFiles) -> Result<Applied> {
        let mut timer = Timer::new();
        let Some(changes) = self.copy_static(paths, current)? else {
            return Ok(Applied::NeedsFullBuild("a new or removed file"));
        };
        timer.done("copy");
        Ok(Applied::Changed {
            changes,
            search: None,
            timings: timer.timings,
        })
    }

    /// Reload the theme and render every page again.
    pub fn apply_templates(&mut self) -> Result<Applied> {
        let mut timer = Timer::new();
        let b = &self.build;
        let theme = Theme::load(&b.root, &b.config)?;
        if !theme.static_files.keys().eq(b.theme.static_files.keys())
            || theme
                .static_files
                .iter()
                .any(|(path, bytes)| b.theme.static_files[path] != *bytes)
        {
            return Ok(Applied::NeedsFullBuild("the theme's static files changed"));
        }
        timer.done("theme");
        let sink = MemorySink::default();
        let view = site_view(&b.config, &b.base, &b.site, b.has_indexes);
        let renderer = Renderer {
            theme: &theme,
            live_reload: b.live_reload.as_deref(),
        };
        render_pages(
            &b.site,
            &b.rendered,
            &view,
            &renderer,
            &b.config,
            &b.citations,
            &sink,
        )?;
        if b.has_indexes {
            entity_view::entity_pages(&self.entities, &b.base)
                .par_iter()
                .try_for_each(|page| {
                    render_entity_page(page, &self.entities, &view, &renderer, &sink)
                })?;
        }
        timer.done("render");
        self.build.theme = theme;
        Ok(Applied::Changed {
            changes: FileChanges::from_sink(sink),
            search: None,
            timings: timer.timings,
        })
    }
}

/// Every file of `files` as plain bytes (tests, comparisons).
pub fn unshare(files: &SharedFiles) -> SiteFiles {
    files
        .iter()
        .map(|(k, v)| (k.clone(), v.as_ref().clone()))
        .collect::<BTreeMap<_, _>>()
}

/// The shared form of a build's files.
pub fn shared(files: SiteFiles) -> SharedFiles {
    output::share(files)
}
