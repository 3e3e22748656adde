//! Pure classification of file-system changes into what must be rebuilt.
//!
//! `gen serve` feeds every debounced batch of changed paths through
//! [`plan_rebuild`]; nothing here touches the disk, so the rules are unit
//! tested directly. The watcher itself lives in `serve.rs`.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::config::{Config, CONFIG_FILE};

/// Where a site's inputs live, resolved against its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLayout {
    pub root: PathBuf,
    /// `[book] src`, usually `content/`.
    pub content: PathBuf,
    /// `themes/` (every theme: the active one may change with book.toml).
    pub themes: PathBuf,
    /// Site-level template overrides, `templates/`.
    pub templates: PathBuf,
    /// Site-level static files, `static/`.
    pub static_dir: PathBuf,
    /// `book.toml`.
    pub config: PathBuf,
    /// Data files named in book.toml (entity lists, import rules).
    pub data_files: Vec<PathBuf>,
    /// The build dir: never a source, so changes there are ignored.
    pub build_dir: PathBuf,
}

impl SiteLayout {
    pub fn new(root: &Path, config: &Config) -> SiteLayout {
        let data_files = config
            .index
            .regulations
            .iter()
            .chain(config.index.organizations.iter())
            .chain(config.import.chrome_rules.iter())
            .map(|p| root.join(p))
            .collect();
        SiteLayout {
            root: root.to_path_buf(),
            content: root.join(&config.book.src),
            themes: root.join("themes"),
            templates: root.join("templates"),
            static_dir: root.join("static"),
            config: root.join(CONFIG_FILE),
            data_files,
            build_dir: root.join(&config.build.build_dir),
        }
    }

    /// Folders and files the watcher should watch (those that exist are
    /// filtered by the caller).
    pub fn watched(&self) -> Vec<PathBuf> {
        let mut paths = vec![
            self.content.clone(),
            self.themes.clone(),
            self.templates.clone(),
            self.static_dir.clone(),
            self.config.clone(),
        ];
        paths.extend(self.data_files.iter().cloned());
        paths
    }
}

/// What one changed path is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A Markdown source under the content folder.
    Content(PathBuf),
    /// Any other file under the content folder (an image, an attachment).
    ContentAsset(PathBuf),
    /// A theme or site template.
    Template(PathBuf),
    /// A static file of a theme or of the site.
    Static(PathBuf),
    /// `book.toml`.
    Config,
    /// A data file named in book.toml.
    Data(PathBuf),
    /// Editor swap files, the build dir, VCS folders, anything unrelated.
    Ignored,
}

/// What to do about a batch of changes, from cheapest to most expensive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildPlan {
    Nothing,
    /// Only static files changed: copy them.
    CopyStatic(Vec<PathBuf>),
    /// Markdown changed: re-render those pages and the indexes built from
    /// them (search, report tables of contents, feeds); copy any static files.
    Content {
        sources: Vec<PathBuf>,
        static_files: Vec<PathBuf>,
    },
    /// Templates changed: reload the theme and re-render every page.
    Templates(Vec<PathBuf>),
    /// Configuration, data, or a mix that touches everything.
    Full,
}

impl RebuildPlan {
    /// Does this plan re-render pages (as opposed to copying files)?
    pub fn renders(&self) -> bool {
        !matches!(self, RebuildPlan::Nothing | RebuildPlan::CopyStatic(_))
    }
}

/// Classify one path (absolute, or relative to the site root).
pub fn classify(layout: &SiteLayout, path: &Path) -> ChangeKind {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        layout.root.join(path)
    };
    if is_noise(&path) || path.starts_with(&layout.build_dir) {
        return ChangeKind::Ignored;
    }
    if path == layout.config {
        return ChangeKind::Config;
    }
    if layout.data_files.contains(&path) {
        return ChangeKind::Data(path);
    }
    if path.starts_with(&layout.content) {
        // No extension: a report folder (created, removed or renamed).
        return if has_extension(&path, &["md", "markdown"]) || path.extension().is_none() {
            ChangeKind::Content(path)
        } else {
            ChangeKind::ContentAsset(path)
        };
    }
    if path.starts_with(&layout.templates) {
        return ChangeKind::Template(path);
    }
    if path.starts_with(&layout.static_dir) {
        return ChangeKind::Static(path);
    }
    if let Ok(rest) = path.strip_prefix(&layout.themes) {
        // themes/<name>/templates/… or themes/<name>/static/…
        let mut parts = rest.components();
        let _theme = parts.next();
        return match parts.next() {
            Some(Component::Normal(dir)) if dir == "templates" => ChangeKind::Template(path),
            Some(Component::Normal(dir)) if dir == "static" => ChangeKind::Static(path),
            // A theme folder created, removed or renamed as a whole.
            None => ChangeKind::Template(path),
            _ => ChangeKind::Ignored,
        };
    }
    ChangeKind::Ignored
}

/// Turn a batch of changed paths into one plan.
pub fn plan_rebuild(layout: &SiteLayout, changed: &[PathBuf]) -> RebuildPlan {
    let kinds: BTreeSet<ChangeKind> = changed.iter().map(|p| classify(layout, p)).collect();
    let mut sources = Vec::new();
    let mut static_files = Vec::new();
    let mut templates = Vec::new();
    for kind in kinds {
        match kind {
            ChangeKind::Config | ChangeKind::Data(_) => return RebuildPlan::Full,
            ChangeKind::Content(p) => sources.push(p),
            ChangeKind::ContentAsset(p) | ChangeKind::Static(p) => static_files.push(p),
            ChangeKind::Template(p) => templates.push(p),
            ChangeKind::Ignored => {}
        }
    }
    match (
        sources.is_empty(),
        templates.is_empty(),
        static_files.is_empty(),
    ) {
        (true, true, true) => RebuildPlan::Nothing,
        (true, true, false) => RebuildPlan::CopyStatic(static_files),
        (false, true, _) => RebuildPlan::Content {
            sources,
            static_files,
        },
        (true, false, _) => RebuildPlan::Templates(templates),
        (false, false, _) => RebuildPlan::Full,
    }
}

/// One short phrase for the terminal: what changed.
pub fn describe(layout: &SiteLayout, plan: &RebuildPlan) -> String {
    let shown = |paths: &[PathBuf]| -> String {
        let first = paths
            .first()
            .map(|p| {
                p.strip_prefix(&layout.root)
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .unwrap_or_default();
        match paths.len() {
            0 | 1 => first,
            n => format!("{first} and {} more", n - 1),
        }
    };
    match plan {
        RebuildPlan::Nothing => "nothing".to_owned(),
        RebuildPlan::CopyStatic(files) => format!("static {}", shown(files)),
        RebuildPlan::Content { sources, .. } => format!("content {}", shown(sources)),
        RebuildPlan::Templates(files) => format!("template {}", shown(files)),
        RebuildPlan::Full => "configuration or data".to_owned(),
    }
}

/// Editor temp files and folders no build reads.
fn is_noise(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    let hidden_dir = path.components().any(|c| match c {
        Component::Normal(part) => {
            let part = part.to_string_lossy();
            part == ".git" || part == "node_modules" || part == "target"
        }
        _ => false,
    });
    hidden_dir
        || name.starts_with(".#")
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == ".DS_Store"
        || name == "4913" // vim's write test
        || (name.starts_with('#') && name.ends_with('#'))
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> SiteLayout {
        let mut config = Config::default();
        config.index.regulations = Some(PathBuf::from("data/regulations.toml"));
        SiteLayout::new(Path::new("/site"), &config)
    }

    fn plan(paths: &[&str]) -> RebuildPlan {
        let changed: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        plan_rebuild(&layout(), &changed)
    }

    #[test]
    fn paths_are_classified_by_where_they_live() {
        let l = layout();
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            classify(&l, &p("/site/content/r/01.md")),
            ChangeKind::Content(p("/site/content/r/01.md"))
        );
        assert_eq!(
            classify(&l, &p("content/r/fig.png")),
            ChangeKind::ContentAsset(p("/site/content/r/fig.png"))
        );
        assert_eq!(
            classify(&l, &p("/site/themes/default/templates/chapter.html")),
            ChangeKind::Template(p("/site/themes/default/templates/chapter.html"))
        );
        assert_eq!(
            classify(&l, &p("/site/templates/base.html")),
            ChangeKind::Template(p("/site/templates/base.html"))
        );
        assert_eq!(
            classify(&l, &p("/site/themes/default/static/assets/style.css")),
            ChangeKind::Static(p("/site/themes/default/static/assets/style.css"))
        );
        assert_eq!(
            classify(&l, &p("/site/static/logo.svg")),
            ChangeKind::Static(p("/site/static/logo.svg"))
        );
        assert_eq!(
            classify(&l, &p("/site/content/old-report")),
            ChangeKind::Content(p("/site/content/old-report"))
        );
        assert_eq!(classify(&l, &p("/site/book.toml")), ChangeKind::Config);
        assert_eq!(
            classify(&l, &p("/site/data/regulations.toml")),
            ChangeKind::Data(p("/site/data/regulations.toml"))
        );
    }

    #[test]
    fn noise_and_output_are_ignored() {
        let l = layout();
        for path in [
            "/site/book/index.html",
            "/site/content/r/.01.md.swp",
            "/site/content/r/01.md~",
            "/site/content/r/.#01.md",
            "/site/content/r/4913",
            "/site/.git/index",
            "/site/README.md",
            "/site/themes/default/README.md",
            "/elsewhere/content/x.md",
        ] {
            assert_eq!(classify(&l, Path::new(path)), ChangeKind::Ignored, "{path}");
        }
    }

    #[test]
    fn a_burst_of_saves_to_one_chapter_is_one_content_rebuild() {
        assert_eq!(
            plan(&[
                "/site/content/r/01.md",
                "/site/content/r/01.md",
                "/site/content/r/.01.md.swp"
            ]),
            RebuildPlan::Content {
                sources: vec![PathBuf::from("/site/content/r/01.md")],
                static_files: vec![],
            }
        );
    }

    #[test]
    fn static_only_changes_just_copy() {
        assert_eq!(
            plan(&["/site/static/a.css", "/site/content/r/img.png"]),
            RebuildPlan::CopyStatic(vec![
                PathBuf::from("/site/content/r/img.png"),
                PathBuf::from("/site/static/a.css"),
            ])
        );
        assert!(!plan(&["/site/static/a.css"]).renders());
    }

    #[test]
    fn templates_re_render_pages_and_mixes_escalate() {
        assert_eq!(
            plan(&[
                "/site/themes/default/templates/base.html",
                "/site/static/a.css"
            ]),
            RebuildPlan::Templates(vec![PathBuf::from(
                "/site/themes/default/templates/base.html"
            )])
        );
        assert_eq!(
            plan(&["/site/templates/base.html", "/site/content/r/01.md"]),
            RebuildPlan::Full
        );
        assert_eq!(plan(&["/site/book.toml"]), RebuildPlan::Full);
        assert_eq!(
            plan(&["/site/data/regulations.toml", "/site/static/a.css"]),
            RebuildPlan::Full
        );
    }

    #[test]
    fn nothing_relevant_means_nothing() {
        assert_eq!(plan(&[]), RebuildPlan::Nothing);
        assert_eq!(plan(&["/site/book/x.html", "/tmp/y"]), RebuildPlan::Nothing);
    }

    #[test]
    fn descriptions_name_the_file_relative_to_the_root() {
        let l = layout();
        assert_eq!(
            describe(&l, &plan(&["/site/content/r/01.md"])),
            "content content/r/01.md"
        );
        assert_eq!(
            describe(
                &l,
                &plan(&["/site/content/r/01.md", "/site/content/r/02.md"])
            ),
            "content content/r/01.md and 1 more"
        );
    }
}
