//! Criterion benchmarks of the build's stages, each on its own, over a
//! generated library (the generator of `benches/build.rs`): loading the
//! sources, the Markdown pass, entity extraction, mention linking, the
//! search index and the entity data file.
//!
//! ```sh
//! cargo bench --bench stages                          # 200 reports (1,600 chapters)
//! GEN_BENCH_REPORTS=1000 cargo bench --bench stages   # the 8,000-chapter library
//! GEN_BENCH_SITE=path/to/site cargo bench --bench stages  # a site already made
//! ```

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use gen::build::{render_markdown, search_docs, with_paragraph_refs};
use gen::config::Config;
use gen::extract::{extract_site, KnowledgeBase};
use gen::highlight::Highlighter;
use gen::model::{self, Site};

// The allocator `gen` itself runs with (see src/main.rs).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "build.rs"]
#[allow(dead_code)]
mod corpus;

fn load_site(root: &Path) -> Site {
    let content = gen::load::load_content(&root.join("content"), "content").expect("load");
    model::build_site(content)
}

fn bench(c: &mut Criterion) {
    let reports = std::env::var("GEN_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let tmp = tempfile::tempdir().expect("temp dir");
    // An existing site (the shared generator's, say) instead of ours.
    let root = match std::env::var_os("GEN_BENCH_SITE") {
        Some(site) => std::path::PathBuf::from(site),
        None => {
            let root = tmp.path().join("site");
            corpus::generate_site(&root, reports).expect("generate the site");
            root
        }
    };
    let config = Config::load(&root).expect("book.toml");
    let highlighter = Highlighter::new();
    let kb = KnowledgeBase::builtin();

    // What each stage takes as input, made once by the stages before it.
    let site = load_site(&root);
    let markdown_bytes: usize = site
        .reports
        .iter()
        .flat_map(|r| r.chapters.iter().map(|c| c.source.body.len()))
        .sum();
    let mut rendered_site = site.clone();
    let rendered = render_markdown(&mut rendered_site, &config, "/", &highlighter);
    let entities = with_paragraph_refs(&rendered_site, &rendered, |refs| extract_site(refs, &kb));
    let linker = entities.linker();
    // The search records take the section texts out of a Markdown pass.
    let mut search_site = site.clone();
    let mut for_search = render_markdown(&mut search_site, &config, "/", &highlighter);
    let docs = search_docs(&search_site, &mut for_search, "zh-CN");

    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(markdown_bytes as u64));
    group.bench_function("load", |b| b.iter(|| black_box(load_site(&root))));
    group.bench_function("markdown", |b| {
        b.iter_batched(
            || site.clone(),
            |mut site| black_box(render_markdown(&mut site, &config, "/", &highlighter)),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            black_box(with_paragraph_refs(&rendered_site, &rendered, |refs| {
                extract_site(refs, &kb)
            }))
        })
    });
    group.bench_function("link_mentions", |b| {
        b.iter(|| {
            for page in &rendered.pages {
                black_box(linker.link_html(&page.html, "/"));
            }
        })
    });
    group.bench_function("search_index", |b| {
        b.iter(|| black_box(gen::search::build_index(&docs).expect("index")))
    });
    group.bench_function("entities_json", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            gen::extract::view::write_entities_json(&entities, &mut out).expect("json");
            black_box(out)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
