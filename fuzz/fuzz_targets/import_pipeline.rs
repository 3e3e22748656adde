//! Fuzz the whole import pipeline: arbitrary bytes → decode → chrome →
//! repair → outline → title → emit (Markdown, JSON, report files). Any
//! panic is a bug; errors are fine.
#![no_main]

use std::sync::LazyLock;

use gen::extract::kb::KnowledgeBase;
use gen::import::{emit, parse_report, ImportContext};
use libfuzzer_sys::fuzz_target;

static CTX: LazyLock<Option<ImportContext>> = LazyLock::new(|| ImportContext::builtin().ok());
static KB: LazyLock<KnowledgeBase> = LazyLock::new(KnowledgeBase::builtin);

fuzz_target!(|data: &[u8]| {
    let Some(ctx) = CTX.as_ref() else { return };
    // The first byte picks the source kind, so HTML is fuzzed too.
    let name = if data.first().is_some_and(|b| b & 1 == 1) { "page.html" } else { "report.txt" };
    if let Ok(report) = parse_report(data, name, ctx) {
        let _ = serde_json::to_string(&emit::report_json(&report, &KB));
        let _ = emit::report_files(&report, "sha256:0");
    }
});
