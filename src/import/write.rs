//! Writing report folders: `<out>/<report-slug>/index.md` plus chapter files.
//! The only IO of the import. Rules:
//! - unchanged source (same `source_hash`) and untouched files: no-op;
//! - files edited since the import (their hash differs from `content_hash`):
//!   refused without `--force`;
//! - a folder of another source (or not written by `gen import`) with the
//!   same slug is left alone: the report gets `<slug>-2`;
//! - nothing is ever written outside the out folder; files are written to a
//!   temporary name and renamed, so a failure leaves no half-written file.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use super::emit::{report_files, report_slug, ReportFile};
use super::ParsedReport;
use crate::frontmatter::{self, to_toml_block};
use crate::slug::sanitize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(PathBuf),
    Updated(PathBuf),
    Unchanged(PathBuf),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Created(p) => write!(f, "imported → {}", p.display()),
            Outcome::Updated(p) => write!(f, "updated → {}", p.display()),
            Outcome::Unchanged(p) => write!(f, "unchanged ({})", p.display()),
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Hash of a report folder's Markdown files as they would be written, with
/// `content_hash` itself left out of `index.md`.
fn content_hash(files: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort();
    let mut hasher = Sha256::new();
    for (name, text) in sorted {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let mut s = String::from("sha256:");
    for b in hasher.finalize() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// What is on disk in an existing report folder.
struct Existing {
    source: Option<String>,
    source_hash: Option<String>,
    stored_hash: Option<String>,
    actual_hash: String,
    md_files: Vec<PathBuf>,
}

/// Read an existing folder: its index front matter and a hash of its
/// Markdown files normalised the same way the writer hashes them.
fn read_existing(dir: &Path) -> Result<Option<Existing>> {
    let index = dir.join("index.md");
    if !dir.exists() {
        return Ok(None);
    }
    let mut md_files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    md_files.sort();
    let mut parts = Vec::new();
    let mut front = None;
    for f in &md_files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if *f == index {
            match frontmatter::split(&text) {
                Ok((mut fm, body, _)) => {
                    front = Some(fm.clone());
                    fm.content_hash = None;
                    let mut s = to_toml_block(&fm);
                    if !body.is_empty() {
                        s.push('\n');
                        s.push_str(body.trim_start_matches('\n'));
                    }
                    parts.push((name, s));
                }
                Err(_) => parts.push((name, text)),
            }
        } else {
            parts.push((name, text));
        }
    }
    Ok(Some(Existing {
        source: front.as_ref().and_then(|f| f.source.clone()),
        source_hash: front.as_ref().and_then(|f| f.source_hash.clone()),
        stored_hash: front.as_ref().and_then(|f| f.content_hash.clone()),
        actual_hash: content_hash(&parts),
        md_files,
    }))
}

/// Write one report under `out_dir`.
pub fn write_report(
    out_dir: &Path,
    report: &ParsedReport,
    source_bytes: &[u8],
    force: bool,
) -> Result<Outcome> {
    let source_hash = sha256_hex(source_bytes);
    let mut files = report_files(report, &source_hash);
    let base_slug = {
        let s = sanitize(&report_slug(report));
        if s.is_empty() {
            "report".to_string()
        } else {
            s
        }
    };

    // Another source with the same title gets `-2`, `-3`…
    let mut slug = base_slug.clone();
    let mut existing = None;
    for n in 1..1000 {
        if n > 1 {
            slug = format!("{base_slug}-{n}");
        }
        let dir = out_dir.join(&slug);
        match read_existing(&dir)? {
            None => break,
            Some(e) if e.source.as_deref() == Some(report.source.as_str()) => {
                existing = Some(e);
                break;
            }
            Some(e) if e.md_files.is_empty() && e.source.is_none() => {
                existing = Some(e);
                break;
            }
            Some(_) => continue,
        }
    }
    let dir = out_dir.join(&slug);
    if !dir.starts_with(out_dir) || slug.contains("..") || slug.contains('/') {
        bail!("refusing to write outside {}", out_dir.display());
    }

    let rendered: Vec<(String, String)> =
        files.iter().map(|f| (f.name.clone(), f.render())).collect();
    let hash = content_hash(&rendered);
    if let Some(index) = files.first_mut() {
        index.front.content_hash = Some(hash.clone());
    }

    if let Some(e) = &existing {
        let untouched = e.stored_hash.as_deref() == Some(e.actual_hash.as_str());
        if !untouched && !force && !e.md_files.is_empty() {
            if e.stored_hash.is_none() {
                bail!(
                    "{} exists and was not written by `gen import`; use --force to overwrite",
                    dir.display()
                );
            }
            bail!(
                "{} was edited since it was imported; use --force to overwrite it",
                dir.display()
            );
        }
        if untouched
            && e.source_hash.as_deref() == Some(source_hash.as_str())
            && e.stored_hash.as_deref() == Some(hash.as_str())
        {
            return Ok(Outcome::Unchanged(dir));
        }
    }

    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for f in &files {
        write_file(&dir, f)?;
        written.push(dir.join(&f.name));
    }
    // Chapter files of the previous import that no longer exist.
    if let Some(e) = &existing {
        for old in &e.md_files {
            let is_chapter = old.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.len() > 3
                    && n.as_bytes()[..2].iter().all(u8::is_ascii_digit)
                    && n.as_bytes()[2] == b'-'
            });
            if is_chapter && !written.contains(old) {
                std::fs::remove_file(old)
                    .with_context(|| format!("cannot remove {}", old.display()))?;
            }
        }
    }
    Ok(if existing.is_some_and(|e| !e.md_files.is_empty()) {
        Outcome::Updated(dir)
    } else {
        Outcome::Created(dir)
    })
}

fn write_file(dir: &Path, file: &ReportFile) -> Result<()> {
    let path = dir.join(&file.name);
    if file.name.contains('/') || file.name.contains("..") {
        bail!("refusing to write {}", path.display());
    }
    let tmp = dir.join(format!(".{}.tmp", file.name));
    std::fs::write(&tmp, file.render())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::outline::{Block, Heading, Paragraph};

    fn report() -> ParsedReport {
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
                Block::Paragraph(Paragraph {
                    marker: None,
                    text: "正文。".into(),
                }),
            ],
            ..ParsedReport::default()
        }
    }

    #[test]
    fn create_unchanged_edited_force() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let r = report();
        assert!(matches!(
            write_report(out, &r, b"raw", false).unwrap(),
            Outcome::Created(_)
        ));
        let dir = out.join("shi-chang-bao-gao");
        assert!(dir.join("index.md").exists());
        assert!(dir.join("01-gai-shu.md").exists());
        assert!(matches!(
            write_report(out, &r, b"raw", false).unwrap(),
            Outcome::Unchanged(_)
        ));
        // A new source version of an untouched report is updated.
        assert!(matches!(
            write_report(out, &r, b"raw2", false).unwrap(),
            Outcome::Updated(_)
        ));
        // An edit is protected.
        std::fs::write(dir.join("01-gai-shu.md"), "my edit").unwrap();
        let err = write_report(out, &r, b"raw3", false).unwrap_err();
        assert!(err.to_string().contains("edited"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.join("01-gai-shu.md")).unwrap(),
            "my edit"
        );
        assert!(matches!(
            write_report(out, &r, b"raw3", true).unwrap(),
            Outcome::Updated(_)
        ));
        assert!(std::fs::read_to_string(dir.join("01-gai-shu.md"))
            .unwrap()
            .contains("正文"));
    }

    #[test]
    fn same_title_other_source_gets_new_slug() {
        let tmp = tempfile::tempdir().unwrap();
        let mut r = report();
        write_report(tmp.path(), &r, b"a", false).unwrap();
        r.source = "other.txt".into();
        let Outcome::Created(dir) = write_report(tmp.path(), &r, b"b", false).unwrap() else {
            panic!()
        };
        assert!(dir.ends_with("shi-chang-bao-gao-2"));
    }

    #[test]
    fn hash_format() {
        assert_eq!(
            sha256_hex(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
