//! The one writer: the build renders into a map of files; this module checks
//! the build dir is safe, writes the map into a temporary folder next to it
//! and swaps it in (or hands the map back in memory for `gen serve`).
//!
//! Safety rules: the build dir may not be the site root, an ancestor of it,
//! the content folder or anything inside it; an existing non-empty build dir
//! must look like a previous build (`index.html` or `.nojekyll`). Nothing
//! outside the build dir is ever deleted, and a failed build leaves the
//! previous one untouched.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

/// Where a build goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputTarget {
    /// Swap into this folder (relative paths are relative to the site root).
    Disk(PathBuf),
    /// Keep the files in memory (preview server).
    Memory,
}

/// The rendered site: path relative to the build dir (`/`-separated) → bytes.
pub type SiteFiles = BTreeMap<String, Vec<u8>>;

/// Make `path` absolute and free of `.`/`..` without requiring it to exist
/// (symlinks in the existing part are resolved).
pub fn normalize(path: &Path) -> Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .context("cannot read the current folder")?
            .join(path)
    };
    let mut existing = absolute.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                if part == ".." {
                    out.pop();
                } else if part != "." {
                    out.push(part);
                }
            }
            return Ok(out);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => {
                // `..` at the end has no file_name: fold it lexically.
                let mut out = PathBuf::new();
                for c in absolute.components() {
                    match c {
                        Component::ParentDir => {
                            out.pop();
                        }
                        Component::CurDir => {}
                        other => out.push(other.as_os_str()),
                    }
                }
                return Ok(out);
            }
        }
    }
}

/// Check that `build_dir` is safe to replace; returns it normalised.
pub fn check_build_dir(root: &Path, content_dir: &Path, build_dir: &Path) -> Result<PathBuf> {
    let root = normalize(root)?;
    let content = normalize(content_dir)?;
    let build = normalize(build_dir)?;
    let shown = build_dir.display();
    if build == root {
        bail!("refusing to build into {shown}: it is the site root");
    }
    if root.starts_with(&build) {
        bail!("refusing to build into {shown}: it contains the site (book.toml)");
    }
    if content.starts_with(&build) {
        bail!("refusing to build into {shown}: it contains the content folder");
    }
    if build.starts_with(&content) {
        bail!("refusing to build into {shown}: it is inside the content folder");
    }
    if build.parent().is_none() {
        bail!("refusing to build into {shown}: it is a filesystem root");
    }
    if build.exists() {
        if !build.is_dir() {
            bail!("refusing to build into {shown}: it exists and is not a folder");
        }
        if build.join(crate::config::CONFIG_FILE).exists() {
            bail!("refusing to build into {shown}: it holds a book.toml");
        }
        let empty = std::fs::read_dir(&build)
            .with_context(|| format!("cannot read {shown}"))?
            .next()
            .is_none();
        let ours = build.join("index.html").is_file() || build.join(".nojekyll").is_file();
        if !empty && !ours {
            bail!(
                "refusing to replace {shown}: it is not empty and does not look like a gen build (no index.html); remove it or choose another --out"
            );
        }
    }
    Ok(build)
}

/// `a/b.html` is fine; absolute paths, `..` and empty segments are not.
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// Write `files` into a fresh temporary folder beside `build_dir`, then
/// swap it in. `build_dir` must have passed [`check_build_dir`].
pub fn write_atomically(build_dir: &Path, files: &SiteFiles) -> Result<()> {
    if let Some(bad) = files.keys().find(|p| !safe_relative(p)) {
        bail!("internal error: refusing to write unsafe output path `{bad}`");
    }
    let parent = build_dir
        .parent()
        .context("the build dir has no parent folder")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".gen-build-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;

    // Folders first (sequentially, so parents exist), then files in parallel.
    let mut dirs: Vec<&str> = files
        .keys()
        .filter_map(|p| p.rfind('/').map(|i| &p[..i]))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        let path = staging.path().join(dir);
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
    }
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = staging.path().join(rel);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    })?;
    set_public_permissions(staging.path())?;

    // Swap: old → aside, new → build_dir, then delete the old one.
    let staged = staging.keep();
    let aside = if build_dir.exists() {
        let aside = tempfile::Builder::new()
            .prefix(".gen-build-old-")
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?
            .keep();
        let aside = aside.join("old");
        if let Err(e) = std::fs::rename(build_dir, &aside) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e).with_context(|| format!("cannot move {} aside", build_dir.display()));
        }
        Some(aside)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&staged, build_dir) {
        // Put the previous build back so the site is never left missing.
        if let Some(aside) = &aside {
            let _ = std::fs::rename(aside, build_dir);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(e)
            .with_context(|| format!("cannot move the new build into {}", build_dir.display()));
    }
    if let Some(aside) = aside {
        if let Some(holder) = aside.parent() {
            // Only ever our own `.gen-build-old-*` folder.
            let _ = std::fs::remove_dir_all(holder);
        }
    }
    Ok(())
}

/// Temporary folders are created private (0700); a published site must be
/// readable by the web server.
#[cfg(unix)]
fn set_public_permissions(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot set permissions on {}", dir.display()))
}

#[cfg(not(unix))]
fn set_public_permissions(_dir: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_build_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let content = root.join("content");
        std::fs::create_dir(&content).unwrap();
        assert!(check_build_dir(root, &content, root).is_err());
        assert!(check_build_dir(root, &content, &root.join(".")).is_err());
        assert!(check_build_dir(root, &content, &content).is_err());
        assert!(check_build_dir(root, &content, &content.join("out")).is_err());
        assert!(check_build_dir(root, &content, root.parent().unwrap()).is_err());
        assert!(check_build_dir(root, &content, &root.join("book")).is_ok());
        std::fs::create_dir(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/notes.txt"), "mine").unwrap();
        assert!(check_build_dir(root, &content, &root.join("docs")).is_err());
    }

    #[test]
    fn swap_replaces_the_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        let mut files = SiteFiles::new();
        files.insert("index.html".into(), b"one".to_vec());
        files.insert("a/b/c.html".into(), b"deep".to_vec());
        write_atomically(&book, &files).unwrap();
        files.remove("a/b/c.html");
        files.insert("index.html".into(), b"two".to_vec());
        write_atomically(&book, &files).unwrap();
        assert_eq!(std::fs::read(book.join("index.html")).unwrap(), b"two");
        assert!(!book.join("a").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("book")]);
    }

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(!safe_relative("../x"));
        assert!(!safe_relative("/etc/x"));
        assert!(!safe_relative("a//b"));
        assert!(safe_relative("reports/a/index.html"));
    }
}
