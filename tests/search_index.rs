//! Search index: bundle shape, and the indexing-time benchmark on the
//! 8,000-chapter synthetic corpus (issue 8: indexing must add ≤ 1 s).
//!
//! The benchmark is `#[ignore]`d; run it with
//! `python3 shared/bench/gen_corpus.py --reports 800 --chapters-per-report 10 --format mdbook --out /tmp/bench8k`
//! then `GEN_BENCH_CORPUS=/tmp/bench8k cargo test --release --test search_index -- --ignored --nocapture`.

use std::path::Path;
use std::time::Instant;

use gen::search::{build_index, SearchDoc};

fn doc(url: &str, title: &str, content: &str, year: Option<i32>) -> SearchDoc {
    SearchDoc {
        url: url.to_owned(),
        title: title.to_owned(),
        content: content.to_owned(),
        language: "zh-CN".to_owned(),
        report: "测试报告".to_owned(),
        chapter: title.to_owned(),
        year,
    }
}

#[test]
fn the_bundle_has_meta_filters_buckets_and_records() {
    let files = build_index(&[
        doc(
            "reports/a/01/#s",
            "概述",
            "区块链技术发展迅速。",
            Some(2021),
        ),
        doc(
            "reports/a/02/#t",
            "政策",
            "《个人信息保护法》正式施行。",
            Some(2021),
        ),
    ])
    .expect("index builds");
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    for wanted in [
        "search-index/meta.json",
        "search-index/filters.json",
        "search-index/d/0.json",
    ] {
        assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("search-index/b/")));
    assert!(names.iter().all(|n| n.starts_with("search-index/")));
}

#[test]
fn hostile_text_is_indexed_without_failing() {
    let files = build_index(&[doc(
        "reports/x/../../etc/#a",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)> \u{0} \u{200b} \u{feff} \"quoted\" \\ \u{10FFFF}",
        None,
    )])
    .expect("index builds on odd text");
    // Every file is valid JSON and no path leaves the bundle folder.
    for (name, bytes) in &files {
        assert!(
            name.starts_with("search-index/") && !name.contains(".."),
            "{name}"
        );
        serde_json::from_slice::<serde_json::Value>(bytes).expect("valid JSON");
    }
}

/// Chapter Markdown → one record per `## ` section, the way the build feeds
/// the indexer.
fn sections_of(report: &str, chapter_file: &Path, text: &str, out: &mut Vec<SearchDoc>) {
    let chapter_slug = chapter_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let chapter_title = text
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .unwrap_or("")
        .to_owned();
    for (index, section) in text.split("\n## ").skip(1).enumerate() {
        let (heading, body) = section.split_once('\n').unwrap_or((section, ""));
        out.push(SearchDoc {
            url: format!("reports/{report}/{chapter_slug}/#s{index}"),
            title: format!("{chapter_title} › {heading}"),
            content: body.replace(['#', '*', '>'], ""),
            language: "zh-CN".to_owned(),
            report: report.to_owned(),
            chapter: chapter_title.clone(),
            year: Some(2020),
        });
    }
}

#[test]
#[ignore = "benchmark: needs GEN_BENCH_CORPUS (mdbook format from gen_corpus.py)"]
fn bench_index_8000_chapters() {
    let Some(corpus) = std::env::var_os("GEN_BENCH_CORPUS") else {
        eprintln!("SKIPPED: set GEN_BENCH_CORPUS to a gen_corpus.py --format mdbook output");
        return;
    };
    let src = Path::new(&corpus).join("src");
    let mut docs = Vec::new();
    let mut chapters = 0;
    let mut bytes = 0;
    let mut reports: Vec<_> = std::fs::read_dir(&src)
        .expect("corpus src")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .collect();
    reports.sort_by_key(|e| e.path());
    for report in reports {
        let name = report.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(report.path())
            .expect("report dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|n| n != "index.md"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("chapter");
            bytes += text.len();
            chapters += 1;
            sections_of(&name, &file, &text, &mut docs);
        }
    }
    let cpu_before = process_cpu_seconds();
    let started = Instant::now();
    let files = build_index(&docs).expect("index builds");
    let elapsed = started.elapsed();
    let cpu = process_cpu_seconds() - cpu_before;
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "indexed {chapters} chapters ({} section records, {:.1} MB of Markdown) in {:.0} ms wall, {:.0} ms CPU → {} files, {:.1} MB",
        docs.len(),
        bytes as f64 / 1e6,
        elapsed.as_secs_f64() * 1000.0,
        cpu * 1000.0,
        files.len(),
        total as f64 / 1e6
    );
}

/// User + system CPU time of this process (Linux `/proc/self/stat`, in
/// clock ticks of 1/100 s), to report the work done on a shared machine.
fn process_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of the stat line; 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}
