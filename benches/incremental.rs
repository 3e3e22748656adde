//! Incremental-rebuild benchmark (`gen serve`): builds the state of a site
//! in memory, then edits one chapter again and again and times applying
//! each edit (reload + Markdown + extraction, links, rendering the changed
//! pages, publishing the new file map) and, apart, the search index rebuilt
//! in the background afterwards.
//!
//! ```sh
//! cargo bench --bench incremental                        # generated, 1,000 reports
//! GEN_BENCH_REPORTS=100 cargo bench --bench incremental
//! GEN_BENCH_SITE=/path/to/site cargo bench --bench incremental   # a copy of an existing site
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gen::build::BuildOptions;
use gen::incremental::{full_build, Applied};
use gen::output::{share, OutputTarget};

// The allocator `gen` itself runs with (see src/main.rs), so the numbers
// are those of `gen serve`.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "build.rs"]
#[allow(dead_code)]
mod corpus;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Copy the site at `from` (book.toml and the content, theme, template,
/// static and data folders; never `target/` or a build) to `to`.
fn copy_site(from: &Path, to: &Path) {
    for top in [
        "book.toml",
        "content",
        "themes",
        "templates",
        "static",
        "data",
    ] {
        let top = from.join(top);
        if !top.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&top) {
            let entry = entry.expect("walk the site");
            let rel = entry.path().strip_prefix(from).expect("inside the site");
            let target = to.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else {
                std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
}

/// The chapter to edit: the second Markdown file (after index.md) of the
/// middle report folder.
fn pick_chapter(root: &Path) -> PathBuf {
    let mut reports: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .expect("content/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    reports.sort();
    let report = &reports[reports.len() / 2];
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(report)
        .expect("report folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "index.md")
        })
        .collect();
    chapters.sort();
    chapters[chapters.len().min(2) - 1].clone()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` must not run a long build.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runs = env_usize("GEN_BENCH_RUNS", 7).max(1);
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    match std::env::var("GEN_BENCH_SITE") {
        Ok(site) => copy_site(Path::new(&site), &root),
        Err(_) => {
            let reports = env_usize("GEN_BENCH_REPORTS", 1000);
            corpus::generate_site(&root, reports).expect("generate the site");
        }
    }
    let opts = BuildOptions {
        out: OutputTarget::Memory,
        base_url: None,
        live_reload: Some("<script>/* live reload */</script>".into()),
        ..BuildOptions::default()
    };
    let started = Instant::now();
    let (result, mut state) = full_build(&root, &opts).expect("full build");
    let full = started.elapsed();
    let mut files = share(result.files.expect("memory build"));
    println!(
        "full memory build: {} pages, {} files in {} ms",
        result.report.pages,
        files.len(),
        full.as_millis()
    );

    let chapter = pick_chapter(&root);
    let original = std::fs::read_to_string(&chapter).expect("read the chapter");
    // The edit: the chapter's longest paragraph once more, so mentions of
    // the entities it names change, but no entity is new.
    let longest = original
        .split("\n\n")
        .filter(|p| !p.starts_with('#') && !p.starts_with("+++"))
        .max_by_key(|p| p.len())
        .unwrap_or("新增的文字。")
        .to_string();
    let edited = format!("{}\n\n{longest}\n", original.trim_end());
    println!(
        "editing {} ({} bytes)",
        chapter.strip_prefix(&root).unwrap_or(&chapter).display(),
        original.len()
    );

    let mut changed_files = 0;
    let mut totals = Vec::new();
    let mut publishes = Vec::new();
    let mut searches = Vec::new();
    let mut steps: Vec<(&'static str, Vec<Duration>)> = Vec::new();
    for run in 0..runs {
        let text = if run % 2 == 0 { &edited } else { &original };
        std::fs::write(&chapter, text).expect("write the chapter");
        let started = Instant::now();
        let applied = state
            .apply_content(std::slice::from_ref(&chapter), &[], &files)
            .expect("apply the edit");
        let Applied::Changed {
            changes,
            search,
            timings,
        } = applied
        else {
            panic!("the edit needed a full build");
        };
        let applied_at = started.elapsed();
        changed_files = changes.put.len();
        // What serve's publish does: copy the map (sharing the bytes), apply.
        let mut next = files.clone();
        changes.apply(&mut next);
        files = next;
        let total = started.elapsed();
        publishes.push(total - applied_at);
        totals.push(total);
        for (name, took) in timings {
            match steps.iter_mut().find(|(n, _)| *n == name) {
                Some((_, list)) => list.push(took),
                None => steps.push((name, vec![took])),
            }
        }
        if let Some(job) = search {
            let started = Instant::now();
            job.run().expect("search index").apply(&mut files);
            searches.push(started.elapsed());
        }
    }
    println!(
        "incremental chapter edit: median {:.1} ms over {runs} runs ({changed_files} files rewritten; publish {:.1} ms)",
        median(totals).as_secs_f64() * 1e3,
        median(publishes).as_secs_f64() * 1e3
    );
    for (name, list) in steps {
        println!("  {name:<14} {:>6.1} ms", median(list).as_secs_f64() * 1e3);
    }
    if !searches.is_empty() {
        println!(
            "  search index (background, after publishing): {} ms",
            median(searches).as_millis()
        );
    }
}
