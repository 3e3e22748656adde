//! Hostile and broken input (issue 9), driven through the real binary: no
//! panics, one clear line per bad input, nothing written outside the content
//! and build folders, and no live script in anything the build publishes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn gen(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("gen").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn new_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    gen(dir.path()).args(["init", "site"]).assert().success();
    let site = dir.path().join("site");
    (dir, site)
}

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

fn assert_no_panic(out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert_ne!(out.status.code(), Some(101), "exit 101: {stderr}");
}

const PAYLOADS: &[&str] = &[
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "<a href=\"javascript:alert('xss')\">点我</a>",
    "[链接](javascript:alert('xss'))",
    "<svg onload=alert('xss')>",
];

/// Live markup that must never reach a published file: a payload script,
/// an event-handler attribute inside a real tag, or a `javascript:` URL in
/// an attribute. Escaped text (`&lt;img onerror=…&gt;`) is harmless.
fn live_markup(text: &str) -> Vec<String> {
    static PATTERNS: std::sync::LazyLock<Vec<regex::Regex>> = std::sync::LazyLock::new(|| {
        [
            r"(?i)<script[^>]*>\s*alert",
            r"(?i)<[a-z][^<>]*\son[a-z]+\s*=",
            r#"(?i)<[a-z][^<>]*(href|src|action)\s*=\s*["']?\s*javascript:"#,
        ]
        .iter()
        .map(|p| regex::Regex::new(p).unwrap())
        .collect()
    });
    PATTERNS
        .iter()
        .filter_map(|re| re.find(text).map(|m| m.as_str().chars().take(80).collect()))
        .collect()
}

#[test]
fn scripts_in_text_titles_and_front_matter_never_reach_the_site_live() {
    let (_tmp, site) = new_site();
    let report = site.join("content/evil");
    std::fs::create_dir_all(&report).unwrap();
    let body = PAYLOADS.join("\n\n");
    std::fs::write(
        report.join("index.md"),
        format!(
            "+++\ntitle = \"<script>alert('xss')</script>报告\"\nsubtitle = \"<img src=x onerror=alert('xss')>\"\ndescription = \"\\\"><script>alert('xss')</script>\"\ntags = [\"<script>alert('xss')</script>\"]\n+++\n\n{body}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        report.join("01-chapter.md"),
        format!("+++\ntitle = \"<svg onload=alert('xss')>\"\n+++\n\n## <script>alert('xss')</script>\n\n{body}\n"),
    )
    .unwrap();
    // A raw scraped page carrying scripts too, through the import path.
    let raw = site.join("raw.txt");
    std::fs::write(
        &raw,
        format!(
            "<script>alert('xss')</script>恶意报告标题\n一、第一章概述\n(1)这里是正文内容,{}足够长的段落文字用于测试。\n二、第二章分析\n(1){}另一段足够长的正文文字,用于测试导入清洗。\n",
            PAYLOADS[1], PAYLOADS[2]
        ),
    )
    .unwrap();
    let out = gen(&site).arg("import").arg(&raw).output().unwrap();
    assert_no_panic(&out);

    let out = gen(&site).arg("build").output().unwrap();
    assert_no_panic(&out);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book = site.join("book");
    let mut checked = 0;
    for rel in files_under(&book) {
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "html" | "xml" | "json" | "txt") {
            continue;
        }
        let text = std::fs::read_to_string(book.join(&rel)).unwrap();
        let found = live_markup(&text);
        assert!(found.is_empty(), "{}: live markup {found:?}", rel.display());
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} files checked");
}

#[test]
fn hostile_slugs_and_titles_stay_inside_content_and_build_dir() {
    let (tmp, site) = new_site();
    let report = site.join("content/r1");
    std::fs::create_dir_all(&report).unwrap();
    std::fs::write(
        report.join("index.md"),
        "+++\ntitle = \"../../x\"\nslug = \"../../escaped\"\n+++\n\n正文。\n",
    )
    .unwrap();
    std::fs::write(
        report.join("01-a.md"),
        "+++\ntitle = \"/etc/passwd\"\nslug = \"/tmp/abs\"\n+++\n\n正文。\n",
    )
    .unwrap();
    // A scraped report whose first line (its title) is a path.
    let raw = tmp.path().join("evil.txt");
    std::fs::write(
        &raw,
        "../../../outside\n一、市场概述\n(1)银行电商市场规模在近年来持续扩大,线上金融服务逐渐成为消费者日常金融活动的重要组成部分。\n",
    )
    .unwrap();
    let before: Vec<PathBuf> = files_under(tmp.path())
        .into_iter()
        .filter(|p| !p.starts_with("site"))
        .collect();

    let out = gen(&site).arg("import").arg(&raw).output().unwrap();
    assert_no_panic(&out);
    let out = gen(&site).arg("build").output().unwrap();
    assert_no_panic(&out);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Nothing new outside the site folder, and inside it only content/ and book/ changed.
    let after: Vec<PathBuf> = files_under(tmp.path())
        .into_iter()
        .filter(|p| !p.starts_with("site"))
        .collect();
    assert_eq!(before, after, "files appeared outside the site");
    for rel in files_under(&site) {
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        assert!(
            ["content", "book", "book.toml"].contains(&first.as_str()),
            "unexpected file {}",
            rel.display()
        );
    }
    assert!(!Path::new("/tmp/abs").exists());
    assert!(site.join("book/reports/escaped/index.html").exists());
}

#[test]
fn a_folder_without_reports_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("nothing-here");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("picture.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let out = gen(tmp.path())
        .args(["import", "--json"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nothing-here"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn garbage_in_book_toml_and_front_matter_is_a_clear_error() {
    let (_tmp, site) = new_site();
    std::fs::write(site.join("book.toml"), [0xff, 0xfe, 0x00, b'[', 0x80]).unwrap();
    let out = gen(&site).arg("build").output().unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("book.toml"));

    let (_tmp, site) = new_site();
    let bad = site.join("content/bad.md");
    std::fs::write(&bad, b"+++\ntitle = \xff\xfe\n+++\n").unwrap();
    let out = gen(&site).arg("build").output().unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.md"));
}

/// A large flattened report: the parser must stay linear. (How fast is a
/// benchmark's business, not this test's; this only proves it completes.)
#[test]
fn a_large_flattened_report_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from("大型报告测试标题\n");
    let para = "银行电商市场规模在近年来持续扩大,随着金融科技的快速发展,线上金融服务逐渐成为消费者日常金融活动的重要组成部分,市场规模达到10万亿元。";
    let chapters = ["一", "二", "三", "四", "五", "六", "七", "八"];
    // About 8 MB on one line: big enough to expose quadratic behaviour.
    for ch in chapters {
        text.push_str(&format!("{ch}、章节标题"));
        for s in 1..=20 {
            text.push_str(&format!("{s}.小节标题"));
            for p in 1..=80 {
                text.push_str(&format!("({p}){}", para.repeat(3)));
            }
        }
    }
    assert!(text.len() > 6_000_000);
    let file = tmp.path().join("big.txt");
    std::fs::write(&file, &text).unwrap();
    let out = gen(tmp.path())
        .args(["import", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(v["outline"].as_array().unwrap().len(), 8 + 8 * 20);
}
