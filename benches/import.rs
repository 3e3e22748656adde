//! Import throughput: the raw corpus of `../shared/bench/gen_corpus.py
//! --format raw` when it is present (else a corpus generated here from the
//! example report), plus single flattened files of 3 MB and 30 MB to show
//! that the cost is linear in size. Prints MB/s.

use std::path::Path;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gen::import::{parse_report, ImportContext};

/// (file name, bytes) of the raw corpus.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("../shared/bench/gen_corpus.py");
    if script.exists() {
        let out = std::env::temp_dir().join("gen-bench-raw-corpus");
        let status = std::process::Command::new("python3")
            .arg(&script)
            .args(["--reports", "200", "--format", "raw", "--out"])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .status();
        if status.is_ok_and(|s| s.success()) {
            let mut files: Vec<(String, Vec<u8>)> = walk(&out);
            files.sort();
            if !files.is_empty() {
                return files;
            }
        }
        eprintln!("notice: gen_corpus.py failed; using the in-repo corpus");
    } else {
        eprintln!(
            "notice: {} not found; using the in-repo corpus",
            script.display()
        );
    }
    in_repo_corpus()
}

fn walk(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if let Ok(bytes) = std::fs::read(&p) {
            out.push((
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string(),
                bytes,
            ));
        }
    }
    out
}

/// Variations of the example report: 200 reports of ~40 KB.
fn in_repo_corpus() -> Vec<(String, Vec<u8>)> {
    let example = include_str!("../examples/raw/shu-zi-zhi-fu-bao-gao.txt");
    (0..200)
        .map(|i| {
            let body = example.replace("2025年", &format!("{}年", 2000 + i % 26));
            (format!("r{i:04}.txt"), body.repeat(10).into_bytes())
        })
        .collect()
}

/// One flattened single-line report of about `size` bytes.
fn big_flat(files: &[(String, Vec<u8>)], size: usize) -> Vec<u8> {
    let mut out = String::from("大型研究报告\n");
    let mut chapter = 0;
    while out.len() < size {
        for (_, bytes) in files {
            let text = String::from_utf8_lossy(bytes);
            let longest = text.lines().max_by_key(|l| l.len()).unwrap_or("");
            chapter += 1;
            out.push_str(&format!("第{chapter}章 章节标题{chapter}"));
            out.push_str(longest);
            if out.len() >= size {
                break;
            }
        }
    }
    out.into_bytes()
}

fn bench(c: &mut Criterion) {
    let ctx = match ImportContext::builtin() {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("cannot build the import context: {e}");
            return;
        }
    };
    let files = corpus();
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "corpus: {} files, {:.1} MB",
        files.len(),
        total as f64 / 1e6
    );

    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("raw_corpus", |b| {
        b.iter(|| {
            for (name, bytes) in &files {
                let _ = std::hint::black_box(parse_report(bytes, name, &ctx));
            }
        })
    });
    let big3 = big_flat(&files, 3_000_000);
    group.throughput(Throughput::Bytes(big3.len() as u64));
    group.bench_function("single_file_3mb", |b| {
        b.iter(|| std::hint::black_box(parse_report(&big3, "big.txt", &ctx)))
    });
    group.finish();

    // 30 MB once: linear cost means seconds, not minutes.
    let big30 = big_flat(&files, 30_000_000);
    let start = Instant::now();
    let ok = parse_report(&big30, "big.txt", &ctx).is_ok();
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "single file {:.1} MB: {:.2} s, {:.1} MB/s (ok: {ok})",
        big30.len() as f64 / 1e6,
        secs,
        big30.len() as f64 / 1e6 / secs
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
