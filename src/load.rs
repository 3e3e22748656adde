//! Reading `content/`: walking the folder and splitting front matter into
//! [`SourceFile`]s, grouped as report folders and standalone pages.
//!
//! Layout: `content/<report>/index.md` + chapter `.md` files is a report; a
//! loose `content/*.md` is a standalone page. Hidden files and folders
//! (`.x`, `_x`) are skipped; drafts (`draft = true`) are left out.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;

use crate::frontmatter::{self, FrontMatter};

/// One Markdown file with its front matter split off.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// Path relative to the content folder, `/`-separated (`r/01-intro.md`).
    pub rel_path: String,
    /// Path as shown in messages (`content/r/01-intro.md`).
    pub display_path: String,
    pub meta: FrontMatter,
    pub body: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// A report folder before modelling.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSource {
    /// Folder name inside the content folder.
    pub dir_name: String,
    /// `index.md`, when present.
    pub index: Option<SourceFile>,
    /// Every other `.md` file of the folder, sorted by file name.
    pub chapters: Vec<SourceFile>,
    /// Other files in the folder or below it (images, PDFs, …).
    pub assets: Vec<Asset>,
}

/// A file that is not Markdown, published as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to the content folder, `/`-separated.
    pub rel_path: String,
    pub path: PathBuf,
}

/// Everything read from the content folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Content {
    pub reports: Vec<ReportSource>,
    pub pages: Vec<SourceFile>,
    /// Non-Markdown files directly in the content folder.
    pub assets: Vec<Asset>,
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// Read the content folder `dir`; `display_root` is how it is named in
/// messages (usually the `src` key as written, e.g. `content`).
pub fn load_content(dir: &Path, display_root: &str) -> Result<Content> {
    let entries = read_dir_sorted(dir)
        .with_context(|| format!("cannot read the content folder {}", dir.display()))?;
    let mut page_paths = Vec::new();
    let mut report_dirs = Vec::new();
    let mut assets = Vec::new();
    for (name, path, is_dir) in entries {
        if is_hidden(&name) {
            continue;
        }
        if is_dir {
            report_dirs.push((name, path));
        } else if name.ends_with(".md") {
            page_paths.push((name, path));
        } else {
            assets.push(Asset {
                rel_path: name,
                path,
            });
        }
    }

    let pages: Vec<Option<SourceFile>> = page_paths
        .par_iter()
        .map(|(name, path)| read_source(path, name, display_root))
        .collect::<Result<_>>()?;

    let reports: Vec<Option<ReportSource>> = report_dirs
        .par_iter()
        .map(|(dir_name, path)| load_report(dir_name, path, display_root))
        .collect::<Result<_>>()?;

    Ok(Content {
        reports: reports.into_iter().flatten().collect(),
        pages: pages.into_iter().flatten().collect(),
        assets,
    })
}

/// Read one report folder `path` (named `dir_name` in the content folder);
/// `None` when it holds no Markdown.
pub fn load_report(
    dir_name: &str,
    path: &Path,
    display_root: &str,
) -> Result<Option<ReportSource>> {
    let entries =
        read_dir_sorted(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut index = None;
    let mut chapters = Vec::new();
    let mut assets = Vec::new();
    for (name, file, is_dir) in entries {
        if is_hidden(&name) {
            continue;
        }
        if is_dir {
            collect_assets(&file, &format!("{dir_name}/{name}"), &mut assets)?;
            continue;
        }
        if !name.ends_with(".md") {
            assets.push(Asset {
                rel_path: format!("{dir_name}/{name}"),
                path: file,
            });
            continue;
        }
        let rel = format!("{dir_name}/{name}");
        let Some(source) = read_source(&file, &rel, display_root)? else {
            continue;
        };
        if name == "index.md" || name == "_index.md" {
            index = Some(source);
        } else {
            chapters.push(source);
        }
    }
    if index.is_none() && chapters.is_empty() {
        return Ok(None);
    }
    Ok(Some(ReportSource {
        dir_name: dir_name.to_string(),
        index,
        chapters,
        assets,
    }))
}

/// Every non-hidden file below `dir` (Markdown included: below a report
/// folder it is not a chapter, just a file).
fn collect_assets(dir: &Path, rel: &str, out: &mut Vec<Asset>) -> Result<()> {
    let entries = read_dir_sorted(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for (name, path, is_dir) in entries {
        if is_hidden(&name) {
            continue;
        }
        let rel_path = format!("{rel}/{name}");
        if is_dir {
            collect_assets(&path, &rel_path, out)?;
        } else {
            out.push(Asset { rel_path, path });
        }
    }
    Ok(())
}

/// Read and split one file (`path`, named `rel_path` in the content folder);
/// `None` for drafts. Errors name the file.
pub fn read_source(path: &Path, rel_path: &str, display_root: &str) -> Result<Option<SourceFile>> {
    let (display_path, bytes) = read_bytes(path, rel_path, display_root)?;
    let text = utf8(&bytes, &display_path)?;
    let (meta, body, body_line) = frontmatter::split(text)
        .map_err(|e| anyhow!("{display_path}:{}: {}", e.line, e.message))?;
    if meta.draft {
        return Ok(None);
    }
    // Normalise line endings once so offsets and lines agree everywhere, and
    // drop control characters, which HTML and XML forbid.
    let body = clean_text(body);
    Ok(Some(SourceFile {
        rel_path: rel_path.to_string(),
        display_path,
        meta,
        body,
        body_line,
    }))
}

/// The body of a file as [`read_source`] gives it, without parsing the
/// front matter again (a large build's second pass: the first one read it).
pub fn read_body(path: &Path, rel_path: &str, display_root: &str) -> Result<String> {
    let (display_path, bytes) = read_bytes(path, rel_path, display_root)?;
    let text = utf8(&bytes, &display_path)?;
    let (body, _) =
        frontmatter::body(text).map_err(|e| anyhow!("{display_path}:{}: {}", e.line, e.message))?;
    Ok(clean_text(body))
}

/// (name for messages, bytes) of a file, checked by [`utf8`] where it is used.
fn read_bytes(path: &Path, rel_path: &str, display_root: &str) -> Result<(String, Vec<u8>)> {
    let display_path = format!("{}/{}", display_root.trim_end_matches('/'), rel_path);
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {display_path}"))?;
    Ok((display_path, bytes))
}

/// The text of a file's bytes; the error names the file and the first bad
/// byte. Checked with SIMD first: std's check was a fifth of a large
/// site's read time, and nearly every file is valid.
fn utf8<'a>(bytes: &'a [u8], display_path: &str) -> Result<&'a str> {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes)
        .map_err(|e| anyhow!("{display_path}: not valid UTF-8 (byte {})", e.valid_up_to()))
}

/// `\r\n` → `\n`; C0 controls other than tab and newline, and DEL, removed.
fn clean_text(text: &str) -> String {
    let forbidden = |c: char| (c < ' ' && c != '\t' && c != '\n') || c == '\u{7f}';
    // Every forbidden char is ASCII: a byte scan, eight at a time, finds them.
    let mut found = crate::output::special_positions(
        text.as_bytes(),
        |w| crate::output::has_byte_below(w, 0x20) || crate::output::has_byte(w, 0x7f),
        |b| forbidden(char::from(b)),
    );
    if found.next().is_none() {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace(forbidden, "")
}

/// `(file name, path, is_dir)` sorted by name, names that are not UTF-8 skipped.
fn read_dir_sorted(dir: &Path) -> std::io::Result<Vec<(String, PathBuf, bool)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let path = entry.path();
        // Symlinked files are followed; symlinked folders are not, so a
        // link to a parent folder cannot make the walk loop.
        // The entry's type comes with the listing; only links need a stat.
        let (is_dir, is_file) = match entry.file_type() {
            Ok(t) if t.is_symlink() => (false, path.is_file()),
            Ok(t) => (t.is_dir(), t.is_file()),
            Err(_) => (path.is_dir(), path.is_file()),
        };
        if !is_dir && !is_file {
            continue;
        }
        out.push((name, path, is_dir));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_named_by_file_and_byte() {
        assert_eq!(
            utf8("正文 text".as_bytes(), "content/a.md").unwrap(),
            "正文 text"
        );
        let bad = [b"ab".as_slice(), &[0xe4, 0xb8], b"cd"].concat();
        let err = utf8(&bad, "content/a.md").unwrap_err().to_string();
        assert_eq!(err, "content/a.md: not valid UTF-8 (byte 2)");
    }

    #[test]
    fn control_characters_are_found_at_every_offset() {
        for at in 0..20 {
            let lead = "中文abc".repeat(at % 4) + &"x".repeat(at);
            for (bad, kept) in [
                ("\u{1}", ""),
                ("\u{7f}", ""),
                ("\r\n", "\n"),
                ("\t", "\t"),
                ("\n", "\n"),
            ] {
                let text = format!("{lead}{bad}尾巴 tail");
                assert_eq!(
                    clean_text(&text),
                    format!("{lead}{kept}尾巴 tail"),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn loads_reports_and_pages() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path();
        std::fs::create_dir(c.join("r1")).unwrap();
        std::fs::write(c.join("r1/index.md"), "+++\ntitle = \"报告\"\n+++\n正文\n").unwrap();
        std::fs::write(c.join("r1/01-a.md"), "# A\n").unwrap();
        std::fs::write(c.join("r1/draft.md"), "+++\ndraft = true\n+++\n").unwrap();
        std::fs::write(c.join("about.md"), "# About\n").unwrap();
        std::fs::write(c.join(".hidden.md"), "x").unwrap();
        let content = load_content(c, "content").unwrap();
        assert_eq!(content.pages.len(), 1);
        assert_eq!(content.pages[0].display_path, "content/about.md");
        assert_eq!(content.reports.len(), 1);
        assert_eq!(content.reports[0].chapters.len(), 1);
        assert_eq!(content.reports[0].index.as_ref().unwrap().body_line, 4);
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(clean_text("a\r\nb\u{1}c\u{7f}\td"), "a\nbc\td");
        assert_eq!(clean_text("plain\n"), "plain\n");
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("r/img")).unwrap();
        std::fs::write(dir.path().join("r/01.md"), "# A\n").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("r/img/loop")).unwrap();
        let content = load_content(dir.path(), "content").unwrap();
        assert_eq!(content.reports[0].chapters.len(), 1);
        assert!(content.reports[0].assets.is_empty());
    }

    #[test]
    fn front_matter_error_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("r")).unwrap();
        std::fs::write(
            dir.path().join("r/01.md"),
            "+++\ntitle = \"a\"\ntitel = 1\n+++\n",
        )
        .unwrap();
        let err = load_content(dir.path(), "content").unwrap_err().to_string();
        assert!(err.contains("content/r/01.md:3"), "{err}");
    }
}
