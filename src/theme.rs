//! Locating themes (the site overrides the built-in default file by file),
//! loading the tera templates once per build, and turning tera errors into
//! messages that name the template file and line.
//!
//! The default theme is embedded in the binary (so `cargo install` works
//! anywhere). A site overrides any of its files by placing one with the same
//! name under `themes/<theme>/templates/` or `templates/` (templates), and
//! `themes/<theme>/static/` or `static/` (copied to the output as is).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{anyhow, bail, Context as _, Result};
use tera::{Context, ErrorKind, Tera};

use crate::config::Config;

/// Built-in templates: (name, text).
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "report.html",
        include_str!("../themes/default/templates/report.html"),
    ),
    (
        "chapter.html",
        include_str!("../themes/default/templates/chapter.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
];

/// Built-in static files: (path under the output root, bytes).
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "assets/style.css",
        include_bytes!("../themes/default/static/assets/style.css"),
    ),
    (
        "assets/theme.js",
        include_bytes!("../themes/default/static/assets/theme.js"),
    ),
    (
        "assets/search.js",
        include_bytes!("../themes/default/static/assets/search.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
];

/// The loaded theme: compiled templates and the static files to copy.
pub struct Theme {
    tera: Tera,
    /// Path under the output root → bytes; site files replace built-in ones.
    pub static_files: BTreeMap<String, Cow<'static, [u8]>>,
    /// Template name → where it came from, for error messages.
    origins: HashMap<String, String>,
}

impl Theme {
    /// Load the default theme, overridden by the site's files.
    pub fn load(root: &Path, config: &Config) -> Result<Theme> {
        let name = &config.output.html.theme;
        let theme_dir = root.join("themes").join(name);
        if name != "default" && !theme_dir.is_dir() {
            bail!("book.toml: [output.html] theme = \"{name}\", but themes/{name}/ does not exist");
        }

        let mut templates: BTreeMap<String, (String, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, text)| {
                (
                    n.to_string(),
                    (text.to_string(), format!("<built-in theme>/templates/{n}")),
                )
            })
            .collect();
        let mut static_files: BTreeMap<String, Cow<'static, [u8]>> = DEFAULT_STATIC
            .iter()
            .map(|(p, b)| (p.to_string(), Cow::Borrowed(*b)))
            .collect();

        for (dir, shown) in [
            (
                theme_dir.join("templates"),
                format!("themes/{name}/templates"),
            ),
            (root.join("templates"), "templates".to_string()),
        ] {
            for (rel, path) in walk_files(&dir)? {
                if !rel.ends_with(".html") && !rel.ends_with(".xml") && !rel.ends_with(".txt") {
                    continue;
                }
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read template {shown}/{rel}"))?;
                templates.insert(rel.clone(), (text, format!("{shown}/{rel}")));
            }
        }
        for dir in [theme_dir.join("static"), root.join("static")] {
            for (rel, path) in walk_files(&dir)? {
                let bytes = std::fs::read(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                static_files.insert(rel, Cow::Owned(bytes));
            }
        }

        let origins: HashMap<String, String> = templates
            .iter()
            .map(|(n, (_, origin))| (n.clone(), origin.clone()))
            .collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(
            templates
                .iter()
                .map(|(n, (text, _))| (n.as_str(), text.as_str())),
        )
        .map_err(|e| template_error(&e, &origins))?;
        Ok(Theme {
            tera,
            static_files,
            origins,
        })
    }

    /// Render template `name` with `context`.
    /// The page's bytes (UTF-8: every piece tera writes is a `str`; taking
    /// bytes spares a validation pass over every page).
    pub fn render(&self, name: &str, context: &Context) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| template_error(&e, &self.origins))?;
        Ok(out)
    }
}

/// `themes/x/templates/chapter.html:12: message`, with tera's report after.
fn template_error(err: &tera::Error, origins: &HashMap<String, String>) -> anyhow::Error {
    let shown = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => anyhow!(
            "{}:{}: template error: {}\n{}",
            shown(report.filename()),
            report.span().start_line,
            report.message(),
            err
        ),
        _ => {
            let mut msg = format!("template error: {err}");
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            anyhow!(msg)
        }
    }
}

/// Files under `dir` as (`/`-separated relative path, full path), sorted;
/// empty when `dir` does not exist. Hidden files are skipped.
fn walk_files(dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.iter().any(|p| p.starts_with('.')) {
            continue;
        }
        out.push((parts.join("/"), entry.path().to_path_buf()));
    }
    Ok(out)
}

/// Write the default theme under `dir` (`templates/`, `static/`), refusing
/// to overwrite anything. Returns the files written.
pub fn copy_default_theme(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<(std::path::PathBuf, &[u8])> = Vec::new();
    for (name, text) in DEFAULT_TEMPLATES {
        files.push((dir.join("templates").join(name), text.as_bytes()));
    }
    for (path, bytes) in DEFAULT_STATIC {
        files.push((dir.join("static").join(path), bytes));
    }
    if let Some((existing, _)) = files.iter().find(|(p, _)| p.exists()) {
        bail!("{} already exists; not overwriting it", existing.display());
    }
    for (path, bytes) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_loads() {
        let dir = tempfile::tempdir().unwrap();
        let theme = Theme::load(dir.path(), &Config::default()).unwrap();
        assert!(theme.static_files.contains_key("assets/style.css"));
    }

    #[test]
    fn broken_override_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/page.html"),
            "{% extends \"base.html\" %}\n{% block main %}\n{{ oops( }}\n{% endblock main %}\n",
        )
        .unwrap();
        let err = Theme::load(dir.path(), &Config::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("templates/page.html:3"), "{err}");
    }
}
