//! Full-text search index (pagefind, as a library) over the text the build
//! already has, so the rendered HTML is not parsed a second time.
//!
//! Each [`SearchDoc`] becomes one pagefind custom record with `title`,
//! `report` and `chapter` metadata and `report`/`year` filters. Pagefind's
//! CJK segmentation (feature `extended`) splits Chinese text into words and
//! also indexes the character pairs inside and across words, which is what
//! lets a query like 个人信息保护 find 《个人信息保护法》.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use serde::Serialize;

/// Folder (relative to the build dir) that holds the search bundle.
pub const BUNDLE_DIR: &str = "pagefind";

/// One searchable record: a chapter, or one section of it (then `url`
/// carries the section's `#anchor`).
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Site-relative URL without the base path, e.g. `reports/yin-xing/01-gai-shu/#shi-chang`.
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

/// Build the search bundle for `docs`. Returns `(path relative to the build
/// dir, bytes)` pairs, e.g. `("pagefind/pagefind.js", …)`.
///
/// Runs pagefind's async API on a private current-thread runtime in a scoped
/// thread, so it may be called from anywhere, including inside another tokio
/// runtime (as `gen serve` does).
pub fn build_index(docs: &[SearchDoc]) -> Result<Vec<(String, Vec<u8>)>> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .context("cannot start the search indexer's runtime")?;
                runtime.block_on(index_docs(docs))
            })
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the search indexer panicked")))
    })
}

async fn index_docs(docs: &[SearchDoc]) -> Result<Vec<(String, Vec<u8>)>> {
    let config = PagefindServiceConfig::builder()
        .keep_index_url(true)
        .write_playground(false)
        .build();
    let mut index = PagefindIndex::new(Some(config)).context("cannot set up pagefind")?;
    for doc in docs {
        index
            .add_custom_record(
                doc.url.clone(),
                doc.content.clone(),
                pagefind_language(&doc.language),
                Some(record_meta(doc)),
                Some(record_filters(doc)),
                None,
            )
            .await
            .with_context(|| format!("cannot index the search record for {}", doc.url))?;
    }
    let files = index
        .get_files()
        .await
        .context("cannot build the search index")?;
    Ok(files
        .into_iter()
        .map(|file| {
            let relative = file.filename.to_string_lossy().replace('\\', "/");
            (format!("{BUNDLE_DIR}/{relative}"), file.contents)
        })
        .collect())
}

/// Pagefind keys its per-language index and stemmer on lower-case BCP 47
/// tags; an empty language would fall into its `unknown` bucket.
fn pagefind_language(language: &str) -> String {
    let trimmed = language.trim();
    if trimmed.is_empty() {
        "zh-cn".to_owned()
    } else {
        trimmed.to_ascii_lowercase()
    }
}

fn record_meta(doc: &SearchDoc) -> BTreeMap<String, String> {
    let mut meta = BTreeMap::new();
    meta.insert("title".to_owned(), doc.title.clone());
    meta.insert("report".to_owned(), doc.report.clone());
    meta.insert("chapter".to_owned(), doc.chapter.clone());
    meta
}

fn record_filters(doc: &SearchDoc) -> BTreeMap<String, Vec<String>> {
    let mut filters = BTreeMap::new();
    if !doc.report.is_empty() {
        filters.insert("report".to_owned(), vec![doc.report.clone()]);
    }
    if let Some(year) = doc.year {
        filters.insert("year".to_owned(), vec![year.to_string()]);
    }
    filters
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, content: &str) -> SearchDoc {
        SearchDoc {
            url: url.to_owned(),
            title: "标题".to_owned(),
            content: content.to_owned(),
            language: "zh-CN".to_owned(),
            report: "报告".to_owned(),
            chapter: "章节".to_owned(),
            year: Some(2021),
        }
    }

    #[test]
    fn bundle_files_live_under_the_pagefind_folder() {
        let files = build_index(&[doc("reports/a/01/#x", "区块链技术发展迅速")])
            .expect("indexing a small record works");
        assert!(files.iter().all(|(path, _)| path.starts_with("pagefind/")));
        assert!(files.iter().any(|(path, _)| path == "pagefind/pagefind.js"));
        assert!(files
            .iter()
            .any(|(path, _)| path == "pagefind/pagefind-entry.json"));
        assert!(files.iter().any(|(path, _)| path.ends_with(".pf_fragment")));
        assert!(!files.iter().any(|(path, _)| path.contains("playground")));
    }

    #[test]
    fn no_docs_still_gives_a_loadable_bundle() {
        let files = build_index(&[]).expect("an empty index builds");
        assert!(files.iter().any(|(path, _)| path == "pagefind/pagefind.js"));
    }

    #[test]
    fn language_tags_are_normalised_for_pagefind() {
        assert_eq!(pagefind_language("zh-CN"), "zh-cn");
        assert_eq!(pagefind_language(" "), "zh-cn");
        assert_eq!(pagefind_language("en"), "en");
    }

    #[test]
    fn filters_skip_missing_values() {
        let mut record = doc("a/", "x");
        record.year = None;
        record.report = String::new();
        assert!(record_filters(&record).is_empty());
    }
}
