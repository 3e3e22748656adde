//! Incremental rebuilds (`gen serve`) give exactly the files of a fresh full
//! build: each test edits a small site with entities, applies the edit to
//! the kept state, and compares every file byte for byte.

use std::path::{Path, PathBuf};

use gen::build::{build_site, BuildOptions};
use gen::incremental::{full_build, shared, unshare, Applied, SiteState};
use gen::output::{OutputTarget, SharedFiles, SiteFiles};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const CHAPTER_A: &str = "# 市场概述\n\n中国人民银行（简称“央行”）发布了《个人信息保护法》解读。\n\n## 规模 {#scale}\n\n微众银行的业务增长较快。\n";

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "book.toml", "[book]\ntitle = \"测试\"\n");
    write(
        root,
        "content/r1/index.md",
        "+++\ntitle = \"第一份报告\"\ndate = \"2024-05-01\"\n+++\n\n本报告讨论《数据安全法》。\n",
    );
    write(root, "content/r1/01-a.md", CHAPTER_A);
    write(
        root,
        "content/r1/02-b.md",
        "# 发展环境\n\n央行与微众银行合作。见[概述](01-a.md#scale)。\n",
    );
    write(
        root,
        "content/r2/index.md",
        "+++\ntitle = \"第二份报告\"\n+++\n\n中国人民银行强调《个人信息保护法》与《数据安全法》。\n",
    );
    write(
        root,
        "content/r2/01-x.md",
        "# 总览\n\n微众银行遵守《数据安全法》。\n",
    );
    write(root, "content/about.md", "# 关于\n\n说明。\n");
    dir
}

fn options() -> BuildOptions {
    BuildOptions {
        out: OutputTarget::Memory,
        base_url: None,
        live_reload: Some("<script>live</script>".into()),
        ..BuildOptions::default()
    }
}

fn fresh(root: &Path) -> SiteFiles {
    build_site(root, &options()).unwrap().files.unwrap()
}

fn start(root: &Path) -> (SiteState, SharedFiles) {
    let (result, state) = full_build(root, &options()).unwrap();
    (state, shared(result.files.unwrap()))
}

/// Apply a content edit (running the search job at once); `false` when it
/// needs a full build.
fn apply_content(state: &mut SiteState, files: &mut SharedFiles, paths: &[PathBuf]) -> bool {
    match state.apply_content(paths, &[], files).unwrap() {
        Applied::Changed {
            changes, search, ..
        } => {
            changes.apply(files);
            if let Some(job) = search {
                job.run().unwrap().apply(files);
            }
            true
        }
        Applied::NeedsFullBuild(_) => false,
    }
}

fn assert_same(files: &SharedFiles, expected: &SiteFiles) {
    let got = unshare(files);
    let got_keys: Vec<&String> = got.keys().collect();
    let want_keys: Vec<&String> = expected.keys().collect();
    assert_eq!(got_keys, want_keys);
    for (path, bytes) in expected {
        assert!(
            got[path] == *bytes,
            "{path} differs:\n--- incremental\n{}\n--- full\n{}",
            String::from_utf8_lossy(&got[path]),
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn a_chapter_edit_gives_the_files_of_a_full_build() {
    let dir = fixture();
    let root = dir.path();
    let (mut state, mut files) = start(root);
    let chapter = root.join("content/r1/01-a.md");
    // Mentions move: one organisation and one regulation fewer here, one
    // more organisation mention, more paragraphs.
    write(
        root,
        "content/r1/01-a.md",
        "# 市场概述\n\n中国人民银行（简称“央行”）发布了新的解读。\n\n## 规模 {#scale}\n\n微众银行的业务增长较快，央行表示关注。\n\n新增一段文字。\n",
    );
    assert!(apply_content(
        &mut state,
        &mut files,
        std::slice::from_ref(&chapter)
    ));
    assert_same(&files, &fresh(root));
    let page = String::from_utf8(files["reports/r1/01-a/index.html"].to_vec()).unwrap();
    assert!(page.contains("新增一段文字"));

    // And back again: the mention comes back.
    write(root, "content/r1/01-a.md", CHAPTER_A);
    assert!(apply_content(&mut state, &mut files, &[chapter]));
    assert_same(&files, &fresh(root));
}

#[test]
fn a_report_introduction_edit_gives_the_files_of_a_full_build() {
    let dir = fixture();
    let root = dir.path();
    let (mut state, mut files) = start(root);
    write(
        root,
        "content/r2/index.md",
        "+++\ntitle = \"第二份报告\"\n+++\n\n中国人民银行再次强调《个人信息保护法》。\n",
    );
    assert!(apply_content(
        &mut state,
        &mut files,
        &[root.join("content/r2/index.md")]
    ));
    assert_same(&files, &fresh(root));
}

/// Why an edit of `rel` to `text` on a fresh fixture needs a full build.
fn full_build_reason(rel: &str, text: &str) -> Option<&'static str> {
    let dir = fixture();
    let root = dir.path();
    let (mut state, files) = start(root);
    write(root, rel, text);
    match state.apply_content(&[root.join(rel)], &[], &files).unwrap() {
        Applied::NeedsFullBuild(why) => Some(why),
        Applied::Changed { .. } => None,
    }
}

#[test]
fn structural_edits_and_new_entities_need_a_full_build() {
    let structure = Some("the report's structure changed");
    assert_eq!(
        full_build_reason(
            "content/r1/01-a.md",
            "# 新标题\n\n文字。\n\n## 规模 {#scale}\n"
        ),
        structure
    );
    assert_eq!(
        full_build_reason(
            "content/r1/01-a.md",
            "+++\nweight = 5\n+++\n# 市场概述\n\n文字。\n\n## 规模 {#scale}\n"
        ),
        structure
    );
    // A regulation never seen before changes what is linked everywhere.
    assert_eq!(
        full_build_reason(
            "content/r1/01-a.md",
            "# 市场概述\n\n文字提到《网络安全法》。\n\n## 规模 {#scale}\n"
        ),
        Some("an entity was added, renamed or removed")
    );
    assert_eq!(
        full_build_reason("content/r1/03-c.md", "# 新章\n\n文字。\n"),
        structure
    );
    assert_eq!(
        full_build_reason("content/about.md", "# 关于\n\n新说明。\n"),
        Some("not a chapter of a known report")
    );
}

#[test]
fn a_broken_link_fails_and_keeps_the_state_then_the_fix_applies() {
    let dir = fixture();
    let root = dir.path();
    let (mut state, mut files) = start(root);
    let chapter = root.join("content/r1/02-b.md");
    write(
        root,
        "content/r1/02-b.md",
        "# 发展环境\n\n央行与微众银行合作。见[概述](01-a.md#没有这一节)。\n",
    );
    let err = match state.apply_content(std::slice::from_ref(&chapter), &[], &files) {
        Err(err) => err.to_string(),
        Ok(_) => panic!("a broken link must fail"),
    };
    assert!(err.contains("broken link"), "{err}");
    assert!(!state.is_stale());
    write(
        root,
        "content/r1/02-b.md",
        "# 发展环境\n\n央行与微众银行合作，见[概述](01-a.md)。\n",
    );
    assert!(apply_content(&mut state, &mut files, &[chapter]));
    assert_same(&files, &fresh(root));
}

#[test]
fn removing_a_linked_anchor_is_caught_on_the_other_page() {
    let dir = fixture();
    let root = dir.path();
    let (mut state, files) = start(root);
    // 02-b links to 01-a#scale: dropping that heading breaks it.
    write(root, "content/r1/01-a.md", "# 市场概述\n\n中国人民银行（简称“央行”）发布了《个人信息保护法》解读。\n\n微众银行的业务增长较快。\n");
    let result = state.apply_content(&[root.join("content/r1/01-a.md")], &[], &files);
    assert!(result.is_err(), "the link from 02-b.md is broken now");
    assert!(build_site(root, &options()).is_err());
}

#[test]
fn template_and_static_edits_give_the_files_of_a_full_build() {
    let dir = fixture();
    let root = dir.path();
    write(root, "templates/page.html", "{% extends \"base.html\" %}{% block main %}<div class=\"v1\">{{ content | safe }}</div>{% endblock main %}");
    write(root, "static/extra.css", "body { color: red }");
    let (mut state, mut files) = start(root);
    write(root, "templates/page.html", "{% extends \"base.html\" %}{% block main %}<div class=\"v2\">{{ content | safe }}</div>{% endblock main %}");
    match state.apply_templates().unwrap() {
        Applied::Changed { changes, .. } => changes.apply(&mut files),
        Applied::NeedsFullBuild(why) => panic!("{why}"),
    }
    assert_same(&files, &fresh(root));
    write(root, "static/extra.css", "body { color: blue }");
    match state
        .apply_static(&[root.join("static/extra.css")], &files)
        .unwrap()
    {
        Applied::Changed { changes, .. } => changes.apply(&mut files),
        Applied::NeedsFullBuild(why) => panic!("{why}"),
    }
    assert_same(&files, &fresh(root));
}

#[test]
fn edits_to_two_reports_in_one_batch_give_the_files_of_a_full_build() {
    let dir = fixture();
    let root = dir.path();
    let (mut state, mut files) = start(root);
    write(
        root,
        "content/r1/02-b.md",
        "# 发展环境\n\n微众银行与央行合作。见[概述](01-a.md#scale)。\n",
    );
    write(
        root,
        "content/r2/01-x.md",
        "# 总览\n\n中国人民银行与微众银行都提到《数据安全法》。\n",
    );
    let paths = [
        root.join("content/r1/02-b.md"),
        root.join("content/r2/01-x.md"),
    ];
    assert!(apply_content(&mut state, &mut files, &paths));
    assert_same(&files, &fresh(root));
}

/// Paragraphs of three reports as the build hands them to extraction.
fn reports(middle: &str) -> Vec<(String, String, Vec<String>, String)> {
    let texts = [
        (
            "a",
            "中国人民银行（简称“央行”）发布《个人信息保护法》解读。微众银行跟进。",
        ),
        ("b", middle),
        (
            "c",
            "央行与微众银行都提到《数据安全法》和《个人信息保护法》。",
        ),
    ];
    let mut out = Vec::new();
    for (report, text) in texts {
        for (i, para) in text.split('|').enumerate() {
            out.push((
                report.to_string(),
                format!("reports/{report}/01/#p-{}", i + 1),
                vec!["第一章".to_string()],
                para.to_string(),
            ));
        }
    }
    out
}

fn refs(paras: &[(String, String, Vec<String>, String)]) -> Vec<gen::extract::ParagraphRef<'_>> {
    paras
        .iter()
        .map(|(report, url, headings, text)| gen::extract::ParagraphRef {
            report,
            chapter: "第一章",
            page_url: url.split_once('#').map_or(url.as_str(), |(page, _)| page),
            anchor: url.split_once('#').map_or("", |(_, anchor)| anchor),
            headings,
            text,
        })
        .collect()
}

#[test]
fn replacing_one_report_s_scan_equals_extracting_the_site_again() {
    use gen::extract::{extract_site, extract_site_keeping, scan_document_paragraphs};
    let kb = gen::extract::KnowledgeBase::builtin();
    let before = reports("微众银行发布报告。|中国人民银行表示《数据安全法》很重要。");
    let (mut entities, mut kept) = extract_site_keeping(&refs(&before), &kb);
    for middle in [
        "中国人民银行再次表示《数据安全法》很重要。|微众银行发布报告。|新段落提到央行。",
        "没有提到任何机构。",
        "微众银行发布报告。|中国人民银行表示《数据安全法》很重要。",
    ] {
        let after = reports(middle);
        let all = refs(&after);
        let middle_refs: Vec<_> = all.iter().filter(|p| p.report == "b").cloned().collect();
        let scan = scan_document_paragraphs(&middle_refs, &kb);
        let touched = kept.replace(&mut entities, "b", scan);
        assert!(touched.is_some());
        assert_eq!(entities, extract_site(&all, &kb), "after: {middle}");
    }
}
