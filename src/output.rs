//! The one writer: the build renders into a map of files; this module checks
//! the build dir is safe, writes the map into a temporary folder next to it
//! and swaps it in (or hands the map back in memory for `gen serve`).
//!
//! Safety rules: the build dir may not be the site root, an ancestor of it,
//! the content folder or anything inside it; an existing non-empty build dir
//! must look like a previous build (`index.html` or `.nojekyll`). Nothing
//! outside the build dir is ever deleted, and a failed build leaves the
//! previous one untouched.

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::{bail, Context, Result};

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

/// [`SiteFiles`] with shared bytes: copies of the map (one per published
/// edit in `gen serve`) share every file they did not change.
pub type SharedFiles = BTreeMap<String, Arc<Vec<u8>>>;

/// Wrap every file of `files` for sharing (moves the bytes, no copy).
pub fn share(files: SiteFiles) -> SharedFiles {
    files.into_iter().map(|(k, v)| (k, Arc::new(v))).collect()
}

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
    let staging = StagingDir::new(build_dir)?;
    for (rel, bytes) in files {
        staging.put(rel, bytes.clone())?;
    }
    staging.commit()
}

/// Receives the site's files as they are rendered (from many threads).
pub trait Sink: Sync {
    /// Store `bytes` at `path` (relative to the build dir, `/`-separated).
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;

    /// Store what `write` produces at `path`. A sink on disk streams it to
    /// the file, so a large data file is never held in memory whole.
    fn put_streamed(&self, path: &str, write: &StreamWriter<'_>) -> Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes).with_context(|| format!("cannot produce {path}"))?;
        self.put(path, bytes)
    }
}

/// Produces a file's bytes into a writer (see [`Sink::put_streamed`]).
pub type StreamWriter<'a> = dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync + 'a;

/// Collects files in memory (`gen serve`, `gen check`).
#[derive(Debug, Default)]
pub struct MemorySink {
    files: std::sync::Mutex<SiteFiles>,
}

impl MemorySink {
    pub fn into_files(self) -> SiteFiles {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        check_output_path(path)?;
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Every sink's guard: generated paths stay inside the build dir.
fn check_output_path(path: &str) -> Result<()> {
    if !safe_relative(path) {
        bail!("internal error: refusing unsafe output path `{path}`");
    }
    Ok(())
}

/// Threads doing file-system work. File creation and especially deletion
/// are latency-bound on many disks, so more requests in flight than cores
/// pays off.
const IO_THREADS: usize = 12;

/// [`IO_THREADS`], or `GEN_IO_THREADS` from the environment (for tuning on
/// unusual disks).
fn io_threads() -> usize {
    std::env::var("GEN_IO_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(IO_THREADS)
}

/// Run `f` on every item with [`IO_THREADS`] threads.
fn parallel_io<T: Sync>(items: &[T], f: impl Fn(&T) + Sync) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..io_threads().min(items.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                match items.get(i) {
                    Some(item) => f(item),
                    None => break,
                }
            });
        }
    });
}

/// Delete `dir` and everything in it, many files at a time. Symlinks are
/// removed, never followed.
pub fn remove_tree(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    let mut dirs: Vec<(usize, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    parallel_io(&files, |f| {
        let _ = std::fs::remove_file(f);
    });
    // Deepest folders first; each level in parallel.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    for level in dirs.chunk_by(|a, b| a.0 == b.0) {
        parallel_io(level, |(_, d)| {
            let _ = std::fs::remove_dir(d);
        });
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    Ok(())
}

type WriteJob = (String, Vec<u8>);

/// Writes files into a temporary folder beside the build dir as they are
/// rendered, on its own I/O threads so rendering never waits for the disk;
/// [`StagingDir::commit`] swaps it in. Dropping it without committing
/// deletes the temporary folder and leaves the previous build untouched.
pub struct StagingDir {
    dir: PathBuf,
    build_dir: PathBuf,
    sender: Option<SyncSender<WriteJob>>,
    writers: Vec<JoinHandle<()>>,
    error: Arc<Mutex<Option<anyhow::Error>>>,
    count: Arc<AtomicUsize>,
    committed: bool,
}

impl StagingDir {
    /// `build_dir` must have passed [`check_build_dir`].
    pub fn new(build_dir: &Path) -> Result<StagingDir> {
        let parent = build_dir
            .parent()
            .context("the build dir has no parent folder")?;
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let dir = tempfile::Builder::new()
            .prefix(".gen-build-")
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?
            .keep();
        let (sender, receiver) = sync_channel::<WriteJob>(256);
        let receiver = Arc::new(Mutex::new(receiver));
        let error: Arc<Mutex<Option<anyhow::Error>>> = Arc::new(Mutex::new(None));
        let count = Arc::new(AtomicUsize::new(0));
        let writers = (0..io_threads())
            .map(|_| {
                let receiver = Arc::clone(&receiver);
                let error = Arc::clone(&error);
                let count = Arc::clone(&count);
                let root = dir.clone();
                let mut made = HashSet::new();
                std::thread::spawn(move || loop {
                    let job = match receiver.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((rel, bytes)) = job else { break };
                    if let Err(e) = write_file(&root.join(&rel), &bytes, &mut made) {
                        if let Ok(mut slot) = error.lock() {
                            slot.get_or_insert(e);
                        }
                    } else {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        Ok(StagingDir {
            dir,
            build_dir: build_dir.to_path_buf(),
            sender: Some(sender),
            writers,
            error,
            count,
            committed: false,
        })
    }

    /// Files written so far.
    pub fn len(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Wait for the writers; the first write error, if any.
    fn finish_writes(&mut self) -> Result<()> {
        self.sender.take();
        for writer in self.writers.drain(..) {
            let _ = writer.join();
        }
        match self.error.lock().ok().and_then(|mut e| e.take()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Wait for every write, then swap the staged build into the build dir.
    pub fn commit(mut self) -> Result<()> {
        self.finish_writes()?;
        set_public_permissions(&self.dir)?;
        self.committed = true;
        swap_in(self.dir.clone(), &self.build_dir)
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.finish_writes();
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Write a file, creating its folder unless `made` says this writer
/// already did (two syscalls saved per file: most folders hold one page).
fn write_file(path: &Path, bytes: &[u8], made: &mut HashSet<PathBuf>) -> Result<()> {
    if let Some(parent) = path.parent() {
        if !made.contains(parent) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
            made.insert(parent.to_path_buf());
        }
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

impl Sink for StagingDir {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        check_output_path(path)?;
        if let Some(e) = self
            .error
            .lock()
            .ok()
            .and_then(|e| e.as_ref().map(|e| format!("{e:#}")))
        {
            bail!("{e}");
        }
        let sender = self
            .sender
            .as_ref()
            .context("internal error: output already closed")?;
        sender
            .send((path.to_string(), bytes))
            .map_err(|_| anyhow::anyhow!("internal error: the output writers stopped"))
    }

    fn put_streamed(&self, path: &str, write: &StreamWriter<'_>) -> Result<()> {
        check_output_path(path)?;
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let file = std::fs::File::create(&target)
            .with_context(|| format!("cannot write {}", target.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        write(&mut out)
            .and_then(|()| std::io::Write::flush(&mut out))
            .with_context(|| format!("cannot write {}", target.display()))?;
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Move `staged` into `build_dir`, replacing (and then deleting) any
/// previous build; on failure the previous build is put back.
fn swap_in(staged: PathBuf, build_dir: &Path) -> Result<()> {
    let parent = build_dir
        .parent()
        .context("the build dir has no parent folder")?;
    let aside = if build_dir.exists() {
        let holder = match tempfile::Builder::new()
            .prefix(".gen-build-old-")
            .tempdir_in(parent)
        {
            Ok(h) => h.keep(),
            Err(e) => {
                let _ = remove_tree(&staged);
                return Err(e).with_context(|| {
                    format!("cannot create a temporary folder in {}", parent.display())
                });
            }
        };
        let aside = holder.join("old");
        if let Err(e) = std::fs::rename(build_dir, &aside) {
            let _ = remove_tree(&staged);
            let _ = std::fs::remove_dir(&holder);
            return Err(e).with_context(|| format!("cannot move {} aside", build_dir.display()));
        }
        Some((holder, aside))
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&staged, build_dir) {
        // Put the previous build back so the site is never left missing.
        if let Some((_, aside)) = &aside {
            let _ = std::fs::rename(aside, build_dir);
        }
        let _ = remove_tree(&staged);
        return Err(e)
            .with_context(|| format!("cannot move the new build into {}", build_dir.display()));
    }
    if let Some((holder, _)) = aside {
        // Only ever our own `.gen-build-old-*` folder.
        let _ = remove_tree(&holder);
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

/// Make JSON safe to embed or serve next to HTML: `<`, `>` and `&` become
/// `\u003c`, `\u003e`, `\u0026`. Outside strings these bytes cannot occur in
/// valid JSON, so the value is unchanged; a page's text can then never
/// appear in a published `.json` as live markup.
pub fn html_safe_json(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 64);
    // The writer into a Vec cannot fail.
    let _ = write_html_safe(&mut out, &bytes);
    out
}

/// Write `bytes` with `<`, `>` and `&` escaped as in [`html_safe_json`],
/// copying the runs between them whole.
pub fn write_html_safe<W: ?Sized + std::io::Write>(
    out: &mut W,
    bytes: &[u8],
) -> std::io::Result<()> {
    let mut clean_from = 0;
    for at in special_positions(bytes, html_word_has, |b| matches!(b, b'<' | b'>' | b'&')) {
        out.write_all(&bytes[clean_from..at])?;
        out.write_all(match bytes[at] {
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            _ => b"\\u0026",
        })?;
        clean_from = at + 1;
    }
    out.write_all(&bytes[clean_from..])
}

/// Whether a word holds a byte [`write_html_safe`] escapes.
#[inline]
fn html_word_has(word: u64) -> bool {
    has_byte(word, b'<') || has_byte(word, b'>') || has_byte(word, b'&')
}

/// Whether every byte of `word` is a non-ASCII byte: a word of Chinese
/// text, mostly, which can hold no special byte of [`special_positions`].
#[inline]
fn is_all_non_ascii(word: u64) -> bool {
    word & HIGH_BITS == HIGH_BITS
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `word` is below `n` (`n` ≤ 0x80). Exact: a borrow
/// can only mark bytes above one that really is below.
#[inline]
pub fn has_byte_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH_BITS != 0
}

/// Whether any byte of `word` equals `byte`.
#[inline]
pub fn has_byte(word: u64, byte: u8) -> bool {
    has_byte_below(word ^ (ONES * u64::from(byte)), 1)
}

/// Positions of the bytes of `bytes` that are `special`, in order: the
/// escapers' scan (every string of a 100 MB data file goes through one).
/// Eight bytes at a time while `word_has` (true for any word holding a
/// special byte; it may be true for others too) says a word holds none.
/// Special bytes are ASCII: a word of non-ASCII bytes is passed over with
/// one test, before `word_has` is asked.
pub fn special_positions<'a>(
    bytes: &'a [u8],
    word_has: impl Fn(u64) -> bool + 'a,
    special: impl Fn(u8) -> bool + 'a,
) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        while from < bytes.len() {
            while let Some(chunk) = bytes.get(from..from + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let word = u64::from_le_bytes(word);
                if !is_all_non_ascii(word) && word_has(word) {
                    break;
                }
                from += 8;
            }
            // The flagged word, or the last few bytes.
            let end = (from + 8).min(bytes.len());
            while from < end {
                let at = from;
                from += 1;
                if special(bytes[at]) {
                    return Some(at);
                }
            }
        }
        None
    })
}

/// Whether a word of a JSON string holds a byte [`push_json_string`] escapes.
#[inline]
fn json_word_has(word: u64) -> bool {
    has_byte_below(word, 0x20)
        || has_byte(word, b'"')
        || has_byte(word, b'\\')
        || has_byte(word, b'<')
        || has_byte(word, b'>')
        || has_byte(word, b'&')
}

/// What [`push_json_string`] writes for each byte: 0 for the byte itself,
/// else the letter after the backslash (`u` for `\u00XX`, `h` for the
/// HTML-safe `\u003c`-style escapes). The same escapes as `serde_json` with
/// [`HtmlSafeFormatter`].
const JSON_ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'<' as usize] = b'h';
    table[b'>' as usize] = b'h';
    table[b'&' as usize] = b'h';
    table
};

/// Append `text` as an HTML-safe JSON string (quotes included), byte for
/// byte what `serde_json` with [`HtmlSafeFormatter`] writes, in one pass:
/// `data/entities.json` holds hundreds of thousands of strings.
pub fn push_json_string(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.push(b'"');
    let mut clean_from = 0;
    for at in special_positions(bytes, json_word_has, |b| JSON_ESCAPES[usize::from(b)] != 0) {
        let byte = bytes[at];
        let escape = JSON_ESCAPES[usize::from(byte)];
        out.extend_from_slice(&bytes[clean_from..at]);
        match escape {
            b'u' | b'h' => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
            }
            letter => {
                out.push(b'\\');
                out.push(letter);
            }
        }
        clean_from = at + 1;
    }
    out.extend_from_slice(&bytes[clean_from..]);
    out.push(b'"');
}

/// A `serde_json` formatter that writes HTML-safe JSON directly (see
/// [`html_safe_json`]), for files too large to escape in a second pass.
#[derive(Debug, Default, Clone, Copy)]
pub struct HtmlSafeFormatter;

impl serde_json::ser::Formatter for HtmlSafeFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        write_html_safe(writer, fragment.as_bytes())
    }
}

#[cfg(test)]
mod json_tests {
    use super::{html_safe_json, push_json_string, HtmlSafeFormatter};
    use serde::Serialize;

    #[test]
    fn word_tests_agree_with_byte_tests() {
        use super::{has_byte, has_byte_below};
        let samples: Vec<u8> = vec![
            0, 1, 0x1f, 0x20, 0x21, b'"', b'<', b'&', 0x7f, 0x80, 0xe4, 0xff,
        ];
        // Every placement of every sample among filler bytes of every kind.
        for &filler in &[b'a', 0x20u8, 0xe4, 0xff, 0x21] {
            for &sample in &samples {
                for at in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[at] = sample;
                    let word = u64::from_le_bytes(bytes);
                    assert_eq!(
                        has_byte_below(word, 0x20),
                        bytes.iter().any(|b| *b < 0x20),
                        "{bytes:?}"
                    );
                    for probe in [b'"', b'<', b'&', 0x20] {
                        assert_eq!(
                            has_byte(word, probe),
                            bytes.contains(&probe),
                            "{bytes:?} {probe}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn json_strings_match_serde_json_with_the_html_safe_formatter() {
        // Special bytes at every offset around the eight-byte steps.
        for special in ["<", "\"", "\\", "\n", "\u{1}", "&", "中"] {
            for at in 0..20 {
                let text = format!("{}{special}{}", "a".repeat(at), "文".repeat(at % 5));
                let mut expected = Vec::new();
                let mut serializer =
                    serde_json::Serializer::with_formatter(&mut expected, HtmlSafeFormatter);
                text.serialize(&mut serializer).unwrap();
                let mut ours = Vec::new();
                push_json_string(&mut ours, &text);
                assert_eq!(ours, expected, "{text:?}");
            }
        }
        let mut all_bytes: String = (0u8..0x80).map(char::from).collect();
        all_bytes.push_str("中文\u{2028}é<>&\"\\");
        for text in [
            "",
            "plain",
            "中国人民银行《网络安全法》",
            "a<b>&c\"d\\e\n\t\r\u{8}\u{c}\u{1}\u{1f}",
            &all_bytes,
        ] {
            let mut expected = Vec::new();
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut expected, HtmlSafeFormatter);
            text.serialize(&mut serializer).unwrap();
            let mut ours = Vec::new();
            push_json_string(&mut ours, text);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }

    #[test]
    fn markup_in_json_strings_is_escaped_and_the_value_kept() {
        let raw = serde_json::to_vec(&serde_json::json!({"x": "<script>a&b</script>"})).unwrap();
        let safe = html_safe_json(raw);
        let text = String::from_utf8(safe.clone()).unwrap();
        assert!(!text.contains('<') && !text.contains('&'), "{text}");
        let back: serde_json::Value = serde_json::from_slice(&safe).unwrap();
        assert_eq!(back["x"], "<script>a&b</script>");
    }
}
