//! Full-text search index over the text the build already has (no second
//! HTML parse), written as a static bundle that `assets/search.js` queries
//! in the browser: offline, under any base path, with Chinese recall.
//!
//! # Why not pagefind
//! Pagefind 1.6 used as a library (`PagefindIndex::add_custom_record` +
//! `get_files`) found every Chinese test query (its CJK segmenter also
//! indexes character pairs), but indexing the 8,000-chapter synthetic corpus
//! (24,000 section records, 45 MB of Markdown) took 82 s wall / about 60 s of
//! CPU on this 2-core machine, against a budget of 1 s: records are fossicked
//! one at a time behind a mutex, every output file is gzipped at
//! `Compression::best()` on one thread (28 % of the CPU profile), and the
//! bundle JS is minified on every build. None of that can be configured
//! through its API.
//!
//! # The index
//! Text is normalised per character (full-width ASCII → ASCII, lower case),
//! then cut into tokens: every run of CJK characters gives its overlapping
//! character bigrams (a lone character gives itself), every run of letters
//! and digits gives one word. A query is cut the same way and a record
//! matches when it holds all the query's tokens, so 个人信息保护 (个人 人信
//! 信息 息保 保护) finds 《个人信息保护法》 and 区块链 finds 区块链技术发展.
//! Words of three or more letters also match as prefixes.
//!
//! Bundle layout under [`BUNDLE_DIR`]:
//! - `meta.json`: `{"version", "build", "docs", "buckets", "hot"}`, where
//!   `hot` lists the tokens held by more than one record in eight (a query
//!   with rarer tokens skips them: their postings are the biggest downloads);
//! - `b/<n>.json`: postings of the tokens whose key (first three characters)
//!   hashes to bucket `n`: `{"token": [doc, tf, Δdoc, tf, …]}`;
//! - `d/<n>.json`: records `8n … 8n+7`, each `{"u": url, "t": title,
//!   "r": report, "c": chapter, "y": year, "x": text}`;
//! - `filters.json`: `{"report": {name: [[first, end), …]]}, "year": {…}}`.
//!
//! The tokenizer and the hash are mirrored in `search.js`; the tests below
//! pin both so the two cannot drift silently.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

/// Folder (relative to the build dir) that holds the search bundle.
pub const BUNDLE_DIR: &str = "search-index";

/// Bumped when the bundle format changes (search.js checks it).
pub const FORMAT_VERSION: u32 = 2;

/// One searchable record: a chapter, or one section of it (then `url`
/// carries the section's `#anchor`).
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Site-relative URL without the base path, e.g. `reports/yin-hang/01-gai-shu/#shi-chang`.
    pub url: String,
    /// Result title, e.g. `市场概述 › 市场规模与增长趋势`.
    pub title: String,
    /// Plain body text (no navigation).
    pub content: String,
    /// BCP 47 language of the site, e.g. `zh-CN`.
    pub language: String,
    /// Title of the report the record belongs to (result metadata and filter).
    pub report: String,
    /// Title of the chapter the record belongs to.
    pub chapter: String,
    /// Year of the report, when known (filter).
    pub year: Option<i32>,
}

/// A token and its postings ([`posting`]s), doc ids ascending.
type Postings = (String, Vec<u32>);

/// Most records a bundle can hold: a posting keeps the doc id in 24 bits.
const MAX_DOCS: usize = 1 << 24;

/// Records tokenised at a time: the per-record token tables of a whole large
/// site would take more memory than the postings built from them.
const DOCS_PER_BATCH: usize = 1024;

/// One posting packed in a `u32` (the postings of a large site number in the
/// tens of millions): doc id in the high 24 bits, the weighted term
/// frequency (capped at 255; it only ranks) in the low 8.
fn posting(doc: u32, tf: u32) -> u32 {
    (doc << 8) | tf.min(255)
}

/// (doc id, weighted term frequency) of a [`posting`].
fn unpack(posting: u32) -> (u32, u32) {
    (posting >> 8, posting & 0xff)
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The Fx hash (as in rustc): much faster than SipHash for the millions of
/// short keys here, and the input is our own text, not an attacker's keys.
#[derive(Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &byte in chunks.remainder() {
            self.add(u64::from(byte));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Title tokens count this many times a body occurrence.
const TITLE_WEIGHT: u32 = 4;
/// Characters of a token that choose its bucket (so a bucket holds every word
/// sharing a three-letter prefix, and prefix queries read one bucket).
const KEY_CHARS: usize = 3;
/// Aim for buckets of about this many postings (≈ 20 KB of JSON).
const POSTINGS_PER_BUCKET: usize = 3000;
const MAX_BUCKETS: usize = 4096;
/// A token is hot when more than one record in this many holds it…
const HOT_SHARE: usize = 8;
/// …on sites big enough for it to matter…
const MIN_DOCS_FOR_HOT: usize = 200;
/// …and at most this many are listed in meta.json.
const MAX_HOT_TOKENS: usize = 1000;
/// Records stored per `d/<n>.json` file: few files to write (a site of
/// 30,000 sections gets 3,750), and neighbouring sections, which often match
/// together, arrive in one request.
const DOCS_PER_FILE: usize = 8;
/// Longest text stored per record for excerpts.
const MAX_STORED_CHARS: usize = 20_000;

/// Build the search bundle for `docs`. Returns `(path relative to the build
/// dir, bytes)` pairs, e.g. `("search-index/meta.json", …)`. Pure and
/// deterministic: the same docs give the same bytes.
pub fn build_index(docs: &[SearchDoc]) -> Result<Vec<(String, Vec<u8>)>> {
    let files = std::sync::Mutex::new(Vec::new());
    let order = write_index(docs, &|path, bytes| {
        files
            .lock()
            .map_err(|_| anyhow::anyhow!("internal error: search output lock"))?
            .push((path.to_string(), bytes));
        Ok(())
    })?;
    let mut files = files
        .into_inner()
        .map_err(|_| anyhow::anyhow!("internal error: search output lock"))?;
    let rank: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    files.sort_by_key(|(path, _)| rank.get(path.as_str()).copied());
    Ok(files)
}

/// Receives one file of the search bundle: (path relative to the build dir,
/// bytes). Called from several threads.
pub type PutFile<'a> = dyn Fn(&str, Vec<u8>) -> Result<()> + Sync + 'a;

/// [`build_index`], handing each file to `put` as soon as it is made (so a
/// large bundle is never held whole); returns the paths in bundle order.
pub fn write_index(docs: &[SearchDoc], put: &PutFile<'_>) -> Result<Vec<String>> {
    if docs.len() >= MAX_DOCS {
        anyhow::bail!(
            "too many search records: {} (at most {MAX_DOCS})",
            docs.len()
        );
    }
    let doc_count = docs.len() as u32;

    // Per record: token → weighted term frequency (in parallel, a batch at a
    // time), merged into postings; doc ids ascend by construction. The merge
    // is split by token hash into shards, one task each, so it runs in
    // parallel too.
    let mut shards: Vec<PostingShard> = (0..POSTING_SHARDS)
        .map(|_| PostingShard::default())
        .collect();
    for (batch_no, batch) in docs.chunks(DOCS_PER_BATCH).enumerate() {
        let per_doc: Vec<DocTerms> = batch.par_iter().map(doc_terms).collect();
        let first = (batch_no * DOCS_PER_BATCH) as u32;
        shards.par_iter_mut().enumerate().for_each(|(n, shard)| {
            for (doc_id, terms) in (first..).zip(&per_doc) {
                for &(key, tf) in &terms.chars[n] {
                    shard
                        .chars
                        .entry(key)
                        .or_default()
                        .push(posting(doc_id, tf));
                }
                for (word, tf) in &terms.words[n] {
                    match shard.words.get_mut(word.as_str()) {
                        Some(list) => list.push(posting(doc_id, *tf)),
                        None => {
                            shard.words.insert(word.clone(), vec![posting(doc_id, *tf)]);
                        }
                    }
                }
            }
        });
    }

    let pair_count: usize = shards
        .iter()
        .map(|s| {
            s.chars.values().map(Vec::len).sum::<usize>()
                + s.words.values().map(Vec::len).sum::<usize>()
        })
        .sum();
    let bucket_count = pair_count
        .div_ceil(POSTINGS_PER_BUCKET)
        .clamp(1, MAX_BUCKETS);
    let hot = hot_tokens(&shards, docs.len());
    let mut buckets: Vec<Vec<Postings>> = vec![Vec::new(); bucket_count];
    for shard in shards {
        for (key, list) in shard.chars {
            let token = key_text(key);
            buckets[bucket_of(&token, bucket_count)].push((token, list));
        }
        for (word, list) in shard.words {
            buckets[bucket_of(&word, bucket_count)].push((word, list));
        }
    }

    // Each file is handed over as soon as it is encoded; its hash is kept
    // to name the bundle's content.
    let put_hashed = |path: String, bytes: Vec<u8>| -> Result<(String, u64)> {
        let hash = content_hash(&bytes);
        put(&path, bytes)?;
        Ok((path, hash))
    };
    let bucket_files: Vec<(String, u64)> = buckets
        .into_par_iter()
        .enumerate()
        .map(|(n, mut entries)| {
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let bytes = encode_bucket(&entries);
            drop(entries);
            put_hashed(format!("{BUNDLE_DIR}/b/{n}.json"), bytes)
        })
        .collect::<Result<_>>()?;

    let doc_files: Vec<(String, u64)> = docs
        .par_chunks(DOCS_PER_FILE)
        .enumerate()
        .map(|(n, chunk)| put_hashed(format!("{BUNDLE_DIR}/d/{n}.json"), encode_docs(chunk)))
        .collect::<Result<_>>()?;

    // Names the bundle's content, so browsers never mix two builds' files.
    let mut build_hash = FxHasher::default();
    for (_, hash) in bucket_files.iter().chain(&doc_files) {
        build_hash.write_u64(*hash);
    }
    let meta = serde_json::json!({
        "version": FORMAT_VERSION,
        "build": format!("{:016x}", build_hash.finish()),
        "docs": doc_count,
        "buckets": bucket_count,
        "hot": hot,
    });

    let meta_path = format!("{BUNDLE_DIR}/meta.json");
    put(&meta_path, serde_json::to_vec(&meta)?)?;
    let filters_path = format!("{BUNDLE_DIR}/filters.json");
    put(
        &filters_path,
        crate::output::html_safe_json(serde_json::to_vec(&filter_ranges(docs))?),
    )?;
    let mut paths = vec![meta_path, filters_path];
    paths.extend(bucket_files.into_iter().map(|(path, _)| path));
    paths.extend(doc_files.into_iter().map(|(path, _)| path));
    Ok(paths)
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut hash = FxHasher::default();
    hash.write(bytes);
    hash.finish()
}

/// Tokens found in more than one record in [`HOT_SHARE`] (such as 数据 or
/// 市场 in a finance library), most frequent first. The browser leaves them
/// out of a query that has rarer tokens too: their postings are the largest
/// downloads and barely narrow or rank the results.
fn hot_tokens(shards: &[PostingShard], doc_count: usize) -> Vec<String> {
    if doc_count < MIN_DOCS_FOR_HOT {
        return Vec::new();
    }
    let threshold = doc_count / HOT_SHARE;
    let mut hot: Vec<(usize, String)> = shards
        .iter()
        .flat_map(|shard| {
            let chars = shard
                .chars
                .iter()
                .filter(|(_, list)| list.len() > threshold)
                .map(|(key, list)| (list.len(), key_text(*key)));
            let words = shard
                .words
                .iter()
                .filter(|(_, list)| list.len() > threshold)
                .map(|(word, list)| (list.len(), word.clone()));
            chars.chain(words)
        })
        .collect();
    hot.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    hot.truncate(MAX_HOT_TOKENS);
    hot.into_iter().map(|(_, token)| token).collect()
}

/// Shards the postings merge is split into (by token hash).
const POSTING_SHARDS: usize = 4;

/// The postings of the tokens whose hash picks one shard.
#[derive(Default)]
struct PostingShard {
    chars: FxMap<u64, Vec<u32>>,
    words: FxMap<String, Vec<u32>>,
}

fn shard_of_key(key: u64) -> usize {
    // Fibonacci hashing: the top bits of the product are well mixed.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as usize % POSTING_SHARDS
}

fn shard_of_word(word: &str) -> usize {
    let mut hash = FxHasher::default();
    hash.write(word.as_bytes());
    (hash.finish() >> 60) as usize % POSTING_SHARDS
}

/// One record's tokens with weighted term frequencies: CJK tokens as
/// [`char_key`]s (no allocation for the bulk of the text), words as text.
/// Split by [`PostingShard`] already, so each shard's merge reads only its own.
struct DocTerms {
    chars: [Vec<(u64, u32)>; POSTING_SHARDS],
    words: [Vec<(String, u32)>; POSTING_SHARDS],
}

fn doc_terms(doc: &SearchDoc) -> DocTerms {
    // About one distinct bigram per three bytes of Chinese text.
    let expected = (doc.content.len() + doc.title.len()) / 3;
    let mut chars: FxMap<u64, u32> = FxMap::with_capacity_and_hasher(expected, Default::default());
    let mut words: FxMap<String, u32> = FxMap::default();
    for (text, weight) in [(&doc.content, 1), (&doc.title, TITLE_WEIGHT)] {
        scan_tokens(
            text,
            |key| *chars.entry(key).or_insert(0) += weight,
            |word| match words.get_mut(word) {
                Some(tf) => *tf += weight,
                None => {
                    words.insert(word.to_owned(), weight);
                }
            },
        );
    }
    let mut terms = DocTerms {
        chars: Default::default(),
        words: Default::default(),
    };
    // Tokens spread evenly over the shards.
    let per_shard = chars.len() / POSTING_SHARDS + chars.len() / 16 + 4;
    for shard in &mut terms.chars {
        shard.reserve_exact(per_shard);
    }
    for (key, tf) in chars {
        terms.chars[shard_of_key(key)].push((key, tf));
    }
    for (word, tf) in words {
        terms.words[shard_of_word(&word)].push((word, tf));
    }
    terms
}

/// `{"token":[doc,tf,Δdoc,tf,…],…}`: doc ids delta-encoded to keep the
/// numbers short.
fn encode_bucket(entries: &[Postings]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(|(t, l)| t.len() + 8 * l.len() + 8).sum());
    out.push(b'{');
    for (i, (token, list)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Tokens are letters and digits only, but escape anyway.
        crate::output::push_json_string(&mut out, token);
        out.extend_from_slice(b":[");
        let mut previous = 0;
        for (j, (doc, tf)) in list.iter().map(|&p| unpack(p)).enumerate() {
            if j > 0 {
                out.push(b',');
            }
            push_number(&mut out, doc - previous);
            out.push(b',');
            push_number(&mut out, tf);
            previous = doc;
        }
        out.push(b']');
    }
    out.push(b'}');
    out
}

/// Decimal digits of `n` (the bucket files are mostly numbers).
fn push_number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// `[record, …]` for consecutive records, each
/// `{"u","t","r","c","y"?,"x"}` (the year only when known), HTML-safe.
fn encode_docs(docs: &[SearchDoc]) -> Vec<u8> {
    use crate::output::push_json_string;
    let mut out = Vec::with_capacity(
        docs.iter()
            .map(|d| d.content.len().min(MAX_STORED_CHARS * 3) + d.url.len() + 256)
            .sum(),
    );
    out.push(b'[');
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"u\":");
        push_json_string(&mut out, &doc.url);
        out.extend_from_slice(b",\"t\":");
        push_json_string(&mut out, &doc.title);
        out.extend_from_slice(b",\"r\":");
        push_json_string(&mut out, &doc.report);
        out.extend_from_slice(b",\"c\":");
        push_json_string(&mut out, &doc.chapter);
        if let Some(year) = doc.year {
            out.extend_from_slice(format!(",\"y\":{year}").as_bytes());
        }
        out.extend_from_slice(b",\"x\":");
        push_json_string(&mut out, &stored_text(&doc.content));
        out.push(b'}');
    }
    out.push(b']');
    out
}

/// Whitespace runs collapsed to one space, at most [`MAX_STORED_CHARS`]
/// (give or take the word that crosses it: its first character is kept).
fn stored_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_STORED_CHARS * 3));
    let mut kept = 0;
    for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if kept >= MAX_STORED_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            kept += 1;
        }
        let room = MAX_STORED_CHARS.saturating_sub(kept).max(1);
        match word.char_indices().nth(room) {
            None => {
                out.push_str(word);
                kept += word.chars().count();
            }
            Some((cut, _)) => {
                out.push_str(&word[..cut]);
                break;
            }
        }
    }
    out
}

/// Filter value → half-open doc-id ranges. Records of one report are
/// usually consecutive, so this stays tiny.
fn filter_ranges(docs: &[SearchDoc]) -> BTreeMap<&'static str, BTreeMap<String, Vec<[u32; 2]>>> {
    let mut filters: BTreeMap<&'static str, BTreeMap<String, Vec<[u32; 2]>>> = BTreeMap::new();
    for (id, doc) in (0u32..).zip(docs) {
        let values = [
            (
                "report",
                (!doc.report.is_empty()).then(|| doc.report.clone()),
            ),
            ("year", doc.year.map(|y| y.to_string())),
        ];
        for (name, value) in values {
            let Some(value) = value else { continue };
            let ranges = filters.entry(name).or_default().entry(value).or_default();
            match ranges.last_mut() {
                Some(last) if last[1] == id => last[1] = id + 1,
                _ => ranges.push([id, id + 1]),
            }
        }
    }
    filters
}

// ---------------------------------------------------------------------------
// Tokenizer and hash (mirrored in search.js).
// ---------------------------------------------------------------------------

/// Characters written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007
        | 0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF   // CJK Extension A
        | 0x4E00..=0x9FFF   // CJK Unified Ideographs
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK Compatibility Ideographs
        | 0x20000..=0x3FFFF // CJK Extensions B and later
    )
}

/// Full-width ASCII → ASCII, then lower case when that keeps one character.
pub fn normalize_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_cjk(c) || is_caseless_punctuation(c) {
        return c;
    }
    if let code @ 0xFF01..=0xFF5E = c as u32 {
        if let Some(ascii) = char::from_u32(code - 0xFEE0) {
            return ascii.to_ascii_lowercase();
        }
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

/// Chinese and general punctuation (、。《》「」“” — …): no case, neither
/// letter nor digit. Checked before the Unicode tables, which cost more
/// than the rest of the tokenizer for each of these common characters.
fn is_caseless_punctuation(c: char) -> bool {
    matches!(c as u32, 0x2010..=0x2027 | 0x3000..=0x3004 | 0x3008..=0x3020)
}

/// Letters and digits: the characters of a word token.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !is_caseless_punctuation(c) && c.is_alphanumeric()
}

/// Marks a [`char_key`] that holds two characters.
const PAIR_FLAG: u64 = 1 << 63;

/// A CJK bigram or lone character packed into a number.
fn char_key(first: char, second: Option<char>) -> u64 {
    match second {
        Some(second) => PAIR_FLAG | (u64::from(first) << 21) | u64::from(second),
        None => u64::from(first),
    }
}

fn key_text(key: u64) -> String {
    let char_at = |bits: u64| char::from_u32((bits & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
    if key & PAIR_FLAG != 0 {
        [char_at(key >> 21), char_at(key)].iter().collect()
    } else {
        char_at(key).to_string()
    }
}

/// The tokenizer: normalises `text` character by character and reports
/// each CJK bigram (or lone CJK character) to `on_chars` as a [`char_key`]
/// and each run of other letters and digits to `on_word`.
fn scan_tokens(text: &str, mut on_chars: impl FnMut(u64), mut on_word: impl FnMut(&str)) {
    let mut word = String::new();
    let mut previous_cjk: Option<char> = None;
    let mut cjk_run = 0usize;
    for c in text.chars() {
        // CJK characters are their own normal form, and nothing else
        // normalises to one.
        if is_cjk(c) {
            if !word.is_empty() {
                on_word(&word);
                word.clear();
            }
            if let Some(previous) = previous_cjk {
                on_chars(char_key(previous, Some(c)));
            }
            previous_cjk = Some(c);
            cjk_run += 1;
            continue;
        }
        if let Some(lone) = previous_cjk.filter(|_| cjk_run == 1) {
            on_chars(char_key(lone, None));
        }
        previous_cjk = None;
        cjk_run = 0;
        let c = normalize_char(c);
        if is_word_char(c) {
            word.push(c);
        } else if !word.is_empty() {
            on_word(&word);
            word.clear();
        }
    }
    if let Some(lone) = previous_cjk.filter(|_| cjk_run == 1) {
        on_chars(char_key(lone, None));
    }
    if !word.is_empty() {
        on_word(&word);
    }
}

/// Every token of `text`, in order (repeats kept), as the browser must
/// compute them too.
pub fn tokens(text: &str) -> Vec<String> {
    let out = std::cell::RefCell::new(Vec::new());
    scan_tokens(
        text,
        |key| out.borrow_mut().push(key_text(key)),
        |word| out.borrow_mut().push(word.to_owned()),
    );
    out.into_inner()
}

/// FNV-1a over the Unicode scalar values of the token's first
/// `KEY_CHARS` characters.
pub fn bucket_of(token: &str, bucket_count: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for c in token.chars().take(KEY_CHARS) {
        hash ^= c as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % bucket_count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caseless_punctuation_is_what_the_unicode_tables_say() {
        for code in (0x2010..=0x2027)
            .chain(0x3000..=0x3004)
            .chain(0x3008..=0x3020)
        {
            let c = char::from_u32(code).unwrap();
            assert!(is_caseless_punctuation(c));
            assert!(!c.is_alphanumeric() && !is_cjk(c), "{c:?}");
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string());
        }
    }

    fn doc(url: &str, title: &str, content: &str) -> SearchDoc {
        SearchDoc {
            url: url.to_owned(),
            title: title.to_owned(),
            content: content.to_owned(),
            language: "zh-CN".to_owned(),
            report: "报告甲".to_owned(),
            chapter: title.to_owned(),
            year: Some(2021),
        }
    }

    #[test]
    fn cjk_runs_become_overlapping_bigrams() {
        assert_eq!(tokens("区块链"), ["区块", "块链"]);
        assert_eq!(
            tokens("《个人信息保护法》"),
            ["个人", "人信", "信息", "息保", "保护", "护法"]
        );
    }

    #[test]
    fn mixed_text_gives_words_and_bigrams() {
        assert_eq!(tokens("O2O业务"), ["o2o", "业务"]);
        assert_eq!(
            tokens("5G基站，Open Banking!"),
            ["5g", "基站", "open", "banking"]
        );
        assert_eq!(tokens("的 x"), ["的", "x"]);
    }

    #[test]
    fn full_width_ascii_and_case_are_folded() {
        assert_eq!(tokens("ＡＰＩ５Ｇ"), ["api5g"]);
        assert_eq!(
            normalize_char('İ'),
            'İ',
            "multi-char lower case is left alone"
        );
    }

    #[test]
    fn query_tokens_are_a_subset_of_the_text_tokens() {
        let text =
            tokens("随着《个人信息保护法》施行，区块链技术发展进入新阶段；O2O业务与5G同步增长。");
        for query in ["个人信息保护", "区块链", "区块链技术发展", "O2O业务", "5G"]
        {
            for token in tokens(query) {
                assert!(
                    text.contains(&token),
                    "{query}: {token} missing from {text:?}"
                );
            }
        }
    }

    /// The same values are asserted in search.js's self-check
    /// (tests/browser/tokenizer.mjs), so the two stay in step.
    #[test]
    fn bucket_hash_is_pinned() {
        assert_eq!(bucket_of("区块", 1000), 854);
        assert_eq!(bucket_of("open", 1000), bucket_of("ope", 1000));
        assert_eq!(bucket_of("5g", 97), 76);
    }

    #[test]
    fn bundle_has_meta_buckets_records_and_filters() {
        let files = build_index(&[
            doc("reports/a/01/#x", "概述", "区块链技术发展迅速"),
            doc("reports/a/02/#y", "政策", "《个人信息保护法》"),
        ])
        .expect("indexing works");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"search-index/meta.json"));
        assert!(names.contains(&"search-index/filters.json"));
        assert!(names.contains(&"search-index/d/0.json"));
        let records: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|(n, _)| n == "search-index/d/0.json")
                .expect("d/0.json")
                .1,
        )
        .expect("records JSON");
        assert_eq!(records[1]["u"], "reports/a/02/#y");
        assert_eq!(records[1]["y"], 2021);
        assert!(names.iter().any(|n| n.starts_with("search-index/b/")));
        let meta: serde_json::Value =
            serde_json::from_slice(&files[0].1).expect("meta.json is JSON");
        assert_eq!(meta["docs"], 2);
        assert_eq!(meta["version"], FORMAT_VERSION);
    }

    #[test]
    fn postings_are_delta_encoded_and_findable_by_bucket() {
        let docs = vec![
            doc("a/", "一", "区块链"),
            doc("b/", "二", "无关内容"),
            doc("c/", "三", "区块链 区块链"),
        ];
        let files = build_index(&docs).expect("indexing works");
        let meta: serde_json::Value = serde_json::from_slice(&files[0].1).expect("meta");
        let buckets = meta["buckets"].as_u64().expect("bucket count") as usize;
        let path = format!("search-index/b/{}.json", bucket_of("区块", buckets));
        let bucket = files
            .iter()
            .find(|(n, _)| *n == path)
            .map(|(_, b)| serde_json::from_slice::<serde_json::Value>(b).expect("bucket JSON"))
            .expect("bucket file");
        // doc 0 tf 1, doc 2 (Δ2) tf 2.
        assert_eq!(bucket["区块"], serde_json::json!([0, 1, 2, 2]));
    }

    #[test]
    fn stored_text_cannot_read_as_markup_but_parses_back_the_same() {
        let mut hostile = doc("a/", "<script>alert(1)</script>", "<svg onload=x> & 区块链");
        hostile.report = "<b>报告</b>".to_owned();
        let files = build_index(&[hostile]).expect("indexing works");
        for (name, bytes) in &files {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains('<') && !text.contains('>'), "{name}: {text}");
        }
        let records: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|(n, _)| n == "search-index/d/0.json")
                .expect("d/0.json")
                .1,
        )
        .expect("still JSON");
        assert_eq!(records[0]["t"], "<script>alert(1)</script>");
        assert_eq!(records[0]["x"], "<svg onload=x> & 区块链");
    }

    #[test]
    fn tokens_in_most_records_are_listed_as_hot() {
        let docs: Vec<SearchDoc> = (0..400)
            .map(|i| {
                let text = if i % 2 == 0 {
                    "市场规模 区块链"
                } else {
                    "市场 微粒贷"
                };
                doc(&format!("r/{i}/"), "章", text)
            })
            .collect();
        let files = build_index(&docs).expect("indexing works");
        let meta: serde_json::Value = serde_json::from_slice(&files[0].1).expect("meta");
        let hot: Vec<&str> = meta["hot"]
            .as_array()
            .expect("hot list")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(hot[0], "市场", "the most frequent first: {hot:?}");
        assert!(hot.contains(&"章"), "title tokens count too: {hot:?}");
        assert!(hot.contains(&"区块"), "in half the records: {hot:?}");
        let small = build_index(&docs[..10]).expect("small site");
        let meta: serde_json::Value = serde_json::from_slice(&small[0].1).expect("meta");
        assert_eq!(meta["hot"], serde_json::json!([]));
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut out = Vec::new();
        for n in [0, 7, 10, 4_294_967_295] {
            push_number(&mut out, n);
            out.push(b' ');
        }
        assert_eq!(out, b"0 7 10 4294967295 ");
    }

    #[test]
    fn filters_are_ranges_of_consecutive_records() {
        let mut docs = vec![
            doc("a/", "一", "x"),
            doc("b/", "二", "y"),
            doc("c/", "三", "z"),
        ];
        docs[2].report = "报告乙".to_owned();
        docs[2].year = None;
        let ranges = filter_ranges(&docs);
        assert_eq!(ranges["report"]["报告甲"], vec![[0, 2]]);
        assert_eq!(ranges["report"]["报告乙"], vec![[2, 3]]);
        assert_eq!(ranges["year"]["2021"], vec![[0, 2]]);
    }

    #[test]
    fn output_is_deterministic() {
        let docs = vec![
            doc("a/", "一", "区块链 open banking"),
            doc("b/", "二", "个人信息"),
        ];
        assert_eq!(
            build_index(&docs).expect("first"),
            build_index(&docs).expect("second")
        );
    }

    #[test]
    fn no_docs_still_gives_a_loadable_bundle() {
        let files = build_index(&[]).expect("empty index builds");
        assert!(files.iter().any(|(n, _)| n == "search-index/meta.json"));
        assert!(files.iter().any(|(n, _)| n == "search-index/b/0.json"));
    }
}
