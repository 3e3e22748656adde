//! `book.toml` → [`Config`]: strict (unknown keys are errors naming the key
//! and the file), kebab-case, with a working default for every key.
//!
//! Key names follow mdBook where the meaning is the same (`[book] title`,
//! `src`, `[build] build-dir`, `[output.html] site-url`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// The name of the site configuration file.
pub const CONFIG_FILE: &str = "book.toml";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Config {
    pub book: BookConfig,
    pub build: BuildConfig,
    pub output: OutputConfig,
    pub import: ImportConfig,
    pub index: IndexConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct BookConfig {
    pub title: String,
    pub authors: Vec<String>,
    /// BCP 47 tag; goes into `<html lang>` and decides the Chinese script
    /// (`zh-TW`, `zh-HK`, `zh-Hant…` mean traditional, anything else simplified).
    pub language: String,
    pub description: String,
    /// Content folder, relative to the site root.
    pub src: PathBuf,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "Reports".to_string(),
            authors: Vec::new(),
            language: "zh-CN".to_string(),
            description: String::new(),
            src: PathBuf::from("content"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct BuildConfig {
    /// Output folder, relative to the site root.
    pub build_dir: PathBuf,
    /// Broken internal links and anchors: `"error"` (default) or `"warn"`.
    pub broken_links: Severity,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: PathBuf::from("book"),
            broken_links: Severity::Error,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warn,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct OutputConfig {
    pub html: HtmlConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct HtmlConfig {
    /// Theme name: `themes/<name>/` in the site overrides the built-in
    /// default theme file by file.
    pub theme: String,
    /// Absolute URL the site is published under (`https://user.github.io/repo/`).
    /// Its path becomes the prefix of every link. Empty means the site root.
    pub site_url: String,
    /// Custom domain written to `CNAME` for GitHub Pages.
    pub cname: Option<String>,
    /// Let raw HTML in Markdown through unsanitised. Only for sites whose
    /// every author is trusted.
    pub trusted_html: bool,
    /// Build the full-text search index.
    pub search: bool,
    /// Write an Atom feed of reports (`feed.xml`).
    pub feed: bool,
    /// syntect theme for code in light mode.
    pub code_theme_light: String,
    /// syntect theme for code in dark mode.
    pub code_theme_dark: String,
}

impl Default for HtmlConfig {
    fn default() -> Self {
        HtmlConfig {
            theme: "default".to_string(),
            site_url: String::new(),
            cname: None,
            trusted_html: false,
            search: true,
            feed: true,
            code_theme_light: "InspiredGitHub".to_string(),
            code_theme_dark: "base16-ocean.dark".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct ImportConfig {
    /// Extra chrome-rule files (TOML), relative to the site root; they add to
    /// the built-in site profiles.
    pub chrome_rules: Vec<PathBuf>,
    /// Apply the built-in profiles of known sites. `false` leaves the generic
    /// rules (and the site's own files): for a profile that misfires, or to
    /// see how a report from an unknown site would fare.
    pub site_profiles: bool,
}

impl Default for ImportConfig {
    fn default() -> Self {
        ImportConfig {
            chrome_rules: Vec::new(),
            site_profiles: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct IndexConfig {
    /// Build the regulation / organisation / case indexes.
    pub enable: bool,
    /// Link the first mention of an entity in each paragraph to its index page.
    pub link_mentions: bool,
    /// Extra regulations and aliases (TOML), relative to the site root.
    pub regulations: Option<PathBuf>,
    /// Extra organisations and aliases (TOML), relative to the site root.
    pub organizations: Option<PathBuf>,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            enable: true,
            link_mentions: true,
            regulations: None,
            organizations: None,
        }
    }
}

/// Which Chinese script the library is converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Script {
    Simplified,
    Traditional,
}

impl Script {
    /// `zh-TW`, `zh-HK`, `zh-MO` and any `zh-Hant…` tag mean traditional.
    pub fn from_language(lang: &str) -> Script {
        let lower = lang.to_ascii_lowercase();
        let traditional = ["zh-tw", "zh-hk", "zh-mo", "zh-hant"]
            .iter()
            .any(|p| lower.starts_with(p));
        if traditional {
            Script::Traditional
        } else {
            Script::Simplified
        }
    }
}

impl Config {
    /// Parse `book.toml` text; `file` is only used in error messages.
    pub fn parse(text: &str, file: &Path) -> Result<Config> {
        toml::from_str(text).map_err(|e| {
            let msg = e.message().to_string();
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(l) => anyhow::anyhow!("{}:{}: {}", file.display(), l, msg),
                None => anyhow::anyhow!("{}: {}", file.display(), msg),
            }
        })
    }

    /// Load `<root>/book.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let file = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&file).with_context(|| {
            format!(
                "cannot read {} (is this a gen site? `gen init` makes one)",
                file.display()
            )
        })?;
        Config::parse(&text, &file)
    }

    /// Load `<root>/book.toml` when it exists, else defaults (for `import
    /// --json` outside a site).
    pub fn load_or_default(root: &Path) -> Result<Config> {
        if root.join(CONFIG_FILE).exists() {
            Config::load(root)
        } else {
            Ok(Config::default())
        }
    }

    pub fn script(&self) -> Script {
        Script::from_language(&self.book.language)
    }

    /// The path part of `site-url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        base_path_of(&self.output.html.site_url)
    }
}

/// `https://user.github.io/repo` → `/repo/`; `""` → `/`.
pub fn base_path_of(site_url: &str) -> String {
    let after_scheme = match site_url.find("://") {
        Some(i) => &site_url[i + 3..],
        None => site_url,
    };
    let path = if site_url.contains("://") {
        after_scheme
            .find('/')
            .map(|i| &after_scheme[i..])
            .unwrap_or("/")
    } else {
        after_scheme
    };
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_has_working_defaults() {
        let c = Config::parse("", Path::new("book.toml")).unwrap();
        assert_eq!(c.book.src, PathBuf::from("content"));
        assert_eq!(c.build.build_dir, PathBuf::from("book"));
        assert_eq!(c.output.html.theme, "default");
        assert_eq!(c.script(), Script::Simplified);
    }

    #[test]
    fn unknown_key_names_key_file_and_line() {
        let err = Config::parse(
            "[book]\ntitle = \"x\"\ntitel = \"y\"\n",
            Path::new("site/book.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("site/book.toml:3"), "{err}");
        assert!(err.contains("titel"), "{err}");
    }

    #[test]
    fn traditional_languages() {
        for l in ["zh-TW", "zh-HK", "zh-Hant", "zh-Hant-TW"] {
            assert_eq!(Script::from_language(l), Script::Traditional, "{l}");
        }
        for l in ["zh-CN", "zh", "en", "zh-Hans"] {
            assert_eq!(Script::from_language(l), Script::Simplified, "{l}");
        }
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path_of(""), "/");
        assert_eq!(
            base_path_of("https://example.github.io/reports/"),
            "/reports/"
        );
        assert_eq!(
            base_path_of("https://example.github.io/reports"),
            "/reports/"
        );
        assert_eq!(base_path_of("https://example.com"), "/");
        assert_eq!(base_path_of("/sub/path"), "/sub/path/");
    }
}
