//! Internal link and `#anchor` checks → diagnostics naming file and line.
//!
//! Links are checked as the browser will follow them: the href written into
//! the HTML is resolved against the page's URL and the base path, and must
//! land on a file the build writes; a `#fragment` on a page must name an id
//! that page defines. External links (`https:`, `mailto:`, …) are not checked.

use std::collections::{HashMap, HashSet};

use crate::markdown::LinkRef;

/// A broken link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Source file as shown to the user (`content/r/01-a.md`).
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Everything a link may point at.
#[derive(Debug, Default)]
pub struct LinkTargets {
    /// Every output file, relative to the build dir (`reports/a/index.html`).
    pub files: HashSet<String>,
    /// Output HTML file → the ids it defines.
    pub ids: HashMap<String, HashSet<String>>,
}

impl LinkTargets {
    pub fn add_file(&mut self, path: impl Into<String>) {
        self.files.insert(path.into());
    }

    /// Register a page at site-relative `url` (`reports/a/`) with its ids.
    pub fn add_page(&mut self, url: &str, ids: impl IntoIterator<Item = String>) {
        let file = page_file(url);
        self.files.insert(file.clone());
        self.ids.entry(file).or_default().extend(ids);
    }
}

/// `reports/a/` → `reports/a/index.html`; `404.html` stays.
pub fn page_file(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// Check the `links` of the page at site-relative `page_url`, written in `file`.
pub fn check_page(
    file: &str,
    page_url: &str,
    base: &str,
    links: &[LinkRef],
    targets: &LinkTargets,
) -> Vec<Diagnostic> {
    links
        .iter()
        .filter_map(|link| {
            check_href(&link.href, page_url, base, targets).map(|message| Diagnostic {
                file: file.to_string(),
                line: link.line,
                message,
            })
        })
        .collect()
}

fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    // A scheme is letters/digits/+-. before the first `:`, and no `/` before it.
    match href.find(':') {
        Some(i) => {
            let scheme = &href[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `None` when `href` resolves, else why it does not.
fn check_href(href: &str, page_url: &str, base: &str, targets: &LinkTargets) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || is_external(href) {
        return None;
    }
    let (without_fragment, fragment) = match href.find('#') {
        Some(i) => (&href[..i], Some(&href[i + 1..])),
        None => (href, None),
    };
    let path = without_fragment
        .split('?')
        .next()
        .unwrap_or(without_fragment);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();

    let target_url = if decoded.is_empty() {
        page_url.to_string()
    } else if let Some(abs) = decoded.strip_prefix('/') {
        let base_rel = base.trim_start_matches('/');
        match abs.strip_prefix(base_rel) {
            Some(rest) => rest.to_string(),
            None => {
                return Some(format!(
                    "broken link `{href}`: it leaves the site's base path `{base}`"
                ))
            }
        }
    } else {
        let dir = match page_url.rfind('/') {
            Some(i) => &page_url[..=i],
            None => "",
        };
        match join(dir, &decoded) {
            Some(u) => u,
            None => return Some(format!("broken link `{href}`: it leaves the site")),
        }
    };

    let file = page_file(&target_url);
    let file = if targets.files.contains(&file) {
        file
    } else if targets.files.contains(&format!("{target_url}/index.html")) {
        format!("{target_url}/index.html")
    } else {
        let hint = if decoded.ends_with(".md") {
            " (no such Markdown file in the content folder)"
        } else {
            ""
        };
        return Some(format!(
            "broken link `{href}`: no page or file at `{file}`{hint}"
        ));
    };
    if let (Some(fragment), Some(ids)) = (fragment, targets.ids.get(&file)) {
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        if !fragment.is_empty() && !ids.contains(fragment.as_ref()) {
            return Some(format!(
                "broken anchor `{href}`: `{file}` has no id `{fragment}`"
            ));
        }
    }
    None
}

/// Resolve relative `path` against folder `dir` (both site-relative);
/// `None` if it climbs above the site root.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let trailing_slash = path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..")
        || path == "."
        || path == "..";
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing_slash && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut t = LinkTargets::default();
        t.add_page("", ["main".to_string()]);
        t.add_page("reports/a/", ["x".to_string()]);
        t.add_page("reports/a/01-b/", ["sec".to_string(), "p-1".to_string()]);
        t.add_file("assets/style.css");
        t
    }

    fn check(href: &str) -> Option<String> {
        check_href(href, "reports/a/01-b/", "/sub/", &targets())
    }

    #[test]
    fn good_links_pass() {
        assert_eq!(check("#sec"), None);
        assert_eq!(check("/sub/reports/a/#x"), None);
        assert_eq!(check("../"), None);
        assert_eq!(check("../../../assets/style.css"), None);
        assert_eq!(check("/sub/reports/a"), None);
        assert_eq!(check("https://example.com/x"), None);
        assert_eq!(check("mailto:a@b.c"), None);
    }

    #[test]
    fn broken_links_are_reported() {
        assert!(check("#nope").unwrap().contains("no id `nope`"));
        assert!(check("/reports/a/").unwrap().contains("base path"));
        assert!(check("missing.md").unwrap().contains("Markdown"));
        assert!(check("../../../../../x").is_some());
        assert!(check("/sub/reports/a/#zzz").is_some());
    }

    #[test]
    fn diagnostics_name_file_and_line() {
        let links = vec![LinkRef {
            href: "#nope".into(),
            line: 7,
        }];
        let d = check_page(
            "content/a/01-b.md",
            "reports/a/01-b/",
            "/",
            &links,
            &targets(),
        );
        assert_eq!(
            d[0].to_string().split(": ").next(),
            Some("content/a/01-b.md:7")
        );
    }
}
