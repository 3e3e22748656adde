//! Headless-Chromium tests (Debian's `/usr/bin/chromium` driven by
//! playwright-core from `tests/browser/`). Each test runs one Node script
//! with a JSON job and asserts its JSON verdict. When Chromium, `node` or
//! `tests/browser/node_modules` is missing the tests print why and pass
//! (run `tests/browser/setup.sh` to install them), unless
//! `GEN_REQUIRE_BROWSER` is set (CI), when they fail.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gen::search::{bucket_of, build_index, tokens, SearchDoc};
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const SCRIPT_DEADLINE: Duration = Duration::from_secs(180);

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Why the browser tests cannot run here, if they cannot.
fn missing_tools() -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} is missing"));
    }
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.map(|s| s.success()).unwrap_or(false) {
        return Some("`node` is not on PATH".to_owned());
    }
    if !browser_dir().join("node_modules/playwright-core").exists() {
        return Some(
            "tests/browser/node_modules is missing (run tests/browser/setup.sh)".to_owned(),
        );
    }
    None
}

macro_rules! require_browser {
    () => {
        if let Some(reason) = missing_tools() {
            // CI sets this so a missing browser fails instead of passing.
            if std::env::var_os("GEN_REQUIRE_BROWSER").is_some() {
                panic!("browser test cannot run: {reason}");
            }
            eprintln!("SKIPPED browser test: {reason}");
            return;
        }
    };
}

/// Run `node tests/browser/<script>` with `job`, killing it after a deadline;
/// returns the JSON verdict it printed last.
fn run_script(script: &str, job: &Value) -> Value {
    let mut child = Command::new("node")
        .arg(browser_dir().join(script))
        .arg(job.to_string())
        .current_dir(browser_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for node") {
            break status;
        }
        if started.elapsed() > SCRIPT_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{script} did not finish within {SCRIPT_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    let verdict: Value = stdout
        .lines()
        .rev()
        .find_map(|line| serde_json::from_str(line).ok())
        .unwrap_or_else(|| {
            panic!("{script} printed no verdict ({status});\nstdout:\n{stdout}\nstderr:\n{stderr}")
        });
    eprintln!(
        "{script}: {}",
        serde_json::to_string_pretty(&verdict).unwrap_or_default()
    );
    assert!(
        verdict["ok"].as_bool().unwrap_or(false) && status.success(),
        "{script} failed: {verdict:#}\nstderr:\n{stderr}"
    );
    verdict
}

// ---------------------------------------------------------------------------
// A hand-written fixture site following the theme's search contract
// (data-base, header form, dropdown, /search/ page), with a real search
// bundle from `gen::search::build_index`. All text is written for this test.
// ---------------------------------------------------------------------------

struct FixtureChapter {
    report_slug: &'static str,
    report: &'static str,
    year: i32,
    chapter_slug: &'static str,
    chapter: &'static str,
    section_id: &'static str,
    section: &'static str,
    text: &'static str,
}

const FIXTURE: &[FixtureChapter] = &[
    FixtureChapter {
        report_slug: "jin-rong-ke-ji-2021",
        report: "金融科技发展观察2021",
        year: 2021,
        chapter_slug: "zheng-ce-fa-gui",
        chapter: "政策法规与监管",
        section_id: "shu-ju-he-gui",
        section: "数据合规要求",
        text: "随着《个人信息保护法》和《数据安全法》相继施行，金融机构在采集、存储和使用客户数据时需要履行告知同意义务，并建立分级分类管理制度。",
    },
    FixtureChapter {
        report_slug: "jin-rong-ke-ji-2021",
        report: "金融科技发展观察2021",
        year: 2021,
        chapter_slug: "an-li-fen-xi",
        chapter: "案例分析",
        section_id: "xian-shang-xin-dai",
        section: "线上信贷产品",
        text: "微粒贷依托社交平台的流量入口，为个人用户提供小额循环贷款，审批与放款全程在线完成，风控模型基于多维度行为数据。",
    },
    FixtureChapter {
        report_slug: "jin-rong-ke-ji-2021",
        report: "金融科技发展观察2021",
        year: 2021,
        chapter_slug: "qu-kuai-lian",
        chapter: "区块链技术发展",
        section_id: "ying-yong-luo-di",
        section: "应用落地",
        text: "区块链技术发展已从概念验证走向规模应用，供应链金融、跨境结算与电子存证是当前最主要的三类场景。",
    },
    FixtureChapter {
        report_slug: "tong-xin-shi-chang-2020",
        report: "通信市场年度回顾2020",
        year: 2020,
        chapter_slug: "wang-luo-jian-she",
        chapter: "网络建设",
        section_id: "5g-gui-mo",
        section: "5G规模部署",
        text: "2020年5G基站建设提速，带动本地生活服务的O2O业务快速增长，运营商加快开放API，面向中小商户推出一站式方案。",
    },
];

/// Background chapters so that results have to be ranked among others.
fn filler_text(seed: usize) -> String {
    const WORDS: &[&str] = &[
        "银行", "支付", "用户", "平台", "服务", "渠道", "场景", "客户", "账户", "资金", "效率",
        "成本", "市场", "规模", "增长", "结构", "趋势", "竞争", "合作", "创新",
    ];
    (0..60)
        .map(|i| WORDS[(seed * 7 + i * 13) % WORDS.len()])
        .collect::<Vec<_>>()
        .join("")
        + "。"
}

fn fixture_docs() -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = FIXTURE
        .iter()
        .map(|c| SearchDoc {
            url: format!(
                "reports/{}/{}/#{}",
                c.report_slug, c.chapter_slug, c.section_id
            ),
            title: format!("{} › {}", c.chapter, c.section),
            content: c.text.to_owned(),
            language: "zh-CN".to_owned(),
            report: c.report.to_owned(),
            chapter: c.chapter.to_owned(),
            year: Some(c.year),
        })
        .collect();
    for i in 0..30 {
        docs.push(SearchDoc {
            url: format!("reports/tian-chong/zhang-{i}/#jie-{i}"),
            title: format!("行业概览 {i}"),
            content: filler_text(i),
            language: "zh-CN".to_owned(),
            report: "行业综述".to_owned(),
            chapter: format!("行业概览 {i}"),
            year: Some(2019),
        });
    }
    docs
}

fn page(base: &str, title: &str, main: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="zh-CN" data-base="{base}">
<head><meta charset="utf-8"><title>{title}</title><link rel="icon" href="{base}favicon.ico"></head>
<body>
<header>
<a href="{base}">首页</a>
<form role="search" action="{base}search/"><label for="site-search">搜索</label><input type="search" id="site-search" name="q" autocomplete="off"></form>
<div id="search-dropdown" hidden></div>
</header>
<main>{main}</main>
<script src="{base}assets/search.js" defer></script>
</body>
</html>
"#
    )
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// Write the fixture site for base path `base` (`/` or `/sub/`) into `dir`.
fn write_fixture_site(dir: &Path, base: &str) {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/assets");
    let script = std::fs::read(assets.join("search.js")).expect("theme asset");
    write(&dir.join("assets/search.js"), &script);
    write(&dir.join("favicon.ico"), b"");
    write(
        &dir.join("index.html"),
        page(base, "首页", "<h1>报告库</h1>").as_bytes(),
    );
    write(
        &dir.join("search/index.html"),
        page(
            base,
            "搜索",
            r#"<h1>搜索</h1><div id="search-results" role="region" aria-live="polite"></div>"#,
        )
        .as_bytes(),
    );
    for c in FIXTURE {
        let body = format!(
            "<h1>{}</h1><h2 id=\"{}\">{}</h2><p>{}</p>",
            c.chapter, c.section_id, c.section, c.text
        );
        write(
            &dir.join(format!(
                "reports/{}/{}/index.html",
                c.report_slug, c.chapter_slug
            )),
            page(base, c.chapter, &body).as_bytes(),
        );
    }
    for (path, bytes) in build_index(&fixture_docs()).expect("index builds") {
        write(&dir.join(path), &bytes);
    }
}

/// Strings whose tokens (deduplicated, in order) and bucket hashes the
/// browser must compute exactly as the Rust indexer does.
fn tokenizer_checks() -> Value {
    let texts = [
        "个人信息保护",
        "《个人信息保护法》",
        "O2O业务 5G基站",
        "ＡＰＩ Open-Banking！Ünïcode ÉTÉ",
        "区块链技术发展，さくら 한국어 𠀀𠀁",
        "2021年度报告 v1.2 α-β",
        "的",
    ];
    let tokens: Vec<Value> = texts
        .iter()
        .map(|text| {
            let mut seen: Vec<String> = Vec::new();
            for token in tokens(text) {
                if !seen.contains(&token) {
                    seen.push(token);
                }
            }
            json!([text, seen])
        })
        .collect();
    let buckets: Vec<Value> = ["区块", "open", "5g", "𠀀𠀁", "ünï"]
        .iter()
        .flat_map(|t| [7usize, 1000, 4096].map(|n| json!([t, n, bucket_of(t, n)])))
        .collect();
    json!({ "tokens": tokens, "buckets": buckets })
}

fn recall_cases() -> Value {
    json!([
        { "query": "个人信息保护", "expect": "zheng-ce-fa-gui/" },
        { "query": "区块链", "expect": "qu-kuai-lian/" },
        { "query": "微粒贷", "expect": "an-li-fen-xi/" },
        { "query": "5G", "expect": "wang-luo-jian-she/" },
        { "query": "O2O业务", "expect": "wang-luo-jian-she/" },
        { "query": "供应链金融", "expect": "qu-kuai-lian/" },
        { "query": "数据安全", "expect": "zheng-ce-fa-gui/" },
    ])
}

#[test]
fn fixture_search_finds_chinese_words_inside_longer_words_at_the_root() {
    require_browser!();
    let site = tempfile::tempdir().expect("tempdir");
    write_fixture_site(site.path(), "/");
    run_script(
        "search.mjs",
        &json!({
            "dir": site.path(),
            "mount": "/",
            "cases": recall_cases(),
            "navigate": true,
            "tokenizer": tokenizer_checks(),
        }),
    );
}

#[test]
fn fixture_search_works_under_a_sub_path() {
    require_browser!();
    let site = tempfile::tempdir().expect("tempdir");
    write_fixture_site(site.path(), "/reports/");
    run_script(
        "search.mjs",
        &json!({
            "dir": site.path(),
            "mount": "/reports/",
            "start": "reports/jin-rong-ke-ji-2021/an-li-fen-xi/",
            "cases": [
                { "query": "区块链", "expect": "/reports/reports/jin-rong-ke-ji-2021/qu-kuai-lian/" },
                { "query": "个人信息保护", "expect": "/reports/reports/jin-rong-ke-ji-2021/zheng-ce-fa-gui/" },
            ],
            "navigate": true,
        }),
    );
}

// ---------------------------------------------------------------------------
// The example site built by the real `gen` binary.
// ---------------------------------------------------------------------------

/// `gen build` the repository's example site into a temp dir.
fn build_example_site(base_url: Option<&str>) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("tempdir");
    let mut cmd = assert_cmd::Command::cargo_bin("gen").expect("gen binary");
    cmd.arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--quiet")
        .arg("build")
        .arg("--out")
        .arg(out.path().join("site"));
    if let Some(url) = base_url {
        cmd.arg("--base-url").arg(url);
    }
    cmd.assert().success();
    out
}

fn example_cases(prefix: &str) -> Value {
    json!([
        { "query": "个人信息保护", "expect": format!("{prefix}reports/bank-privacy-2025/") },
        { "query": "过度收集", "expect": format!("{prefix}reports/bank-privacy-2025/03-cases/") },
        { "query": "open banking", "expect": format!("{prefix}reports/open-banking/") },
    ])
}

#[test]
fn example_site_search_at_the_root() {
    require_browser!();
    let out = build_example_site(None);
    run_script(
        "search.mjs",
        &json!({
            "dir": out.path().join("site"),
            "mount": "/",
            "cases": example_cases("/"),
            "navigate": true,
        }),
    );
}

#[test]
fn example_site_search_under_a_sub_path() {
    require_browser!();
    let out = build_example_site(Some("https://example.github.io/reports/"));
    run_script(
        "search.mjs",
        &json!({
            "dir": out.path().join("site"),
            "mount": "/reports/",
            "start": "reports/open-banking/",
            "cases": example_cases("/reports/"),
            "navigate": true,
        }),
    );
}

// ---------------------------------------------------------------------------
// `gen serve`: live reload and the error overlay.
// ---------------------------------------------------------------------------

#[path = "serve_support/mod.rs"]
mod serve_support;

#[test]
fn serve_reloads_edits_and_shows_build_errors_in_an_overlay() {
    require_browser!();
    let site = serve_support::example_site();
    let mut server = serve_support::Server::start(site.path(), &["--port", "0"]);
    let verdict = run_script(
        "serve.mjs",
        &json!({
            "url": format!("{}reports/bank-privacy-2025/03-cases/", server.url),
            "source": site.path().join("content/bank-privacy/03-cases.md"),
            "marker": "实时预览新增的一段文字",
            "template": {
                "path": site.path().join("templates/chapter.html"),
                "broken": "{% extends \"base.html\" %}{% block main %}{{ page.title | nonexistent_filter( }}{% endblock main %}",
                "expect": "chapter.html",
            },
        }),
    );
    eprintln!(
        "edit → reloaded page: {} ms; broken template → overlay: {} ms; fix → page: {} ms",
        verdict["edit_to_reload_ms"], verdict["break_to_overlay_ms"], verdict["fix_to_reload_ms"]
    );
    server.count_lines("");
    eprintln!("gen serve said:\n{}", server.log.join("\n"));
}

#[test]
fn serve_under_a_sub_path_reloads_too() {
    require_browser!();
    let site = serve_support::example_site();
    let server = serve_support::Server::start(
        site.path(),
        &[
            "--port",
            "0",
            "--base-url",
            "https://example.github.io/reports/",
        ],
    );
    assert!(server.url.ends_with("/reports/"));
    run_script(
        "serve.mjs",
        &json!({
            "url": format!("{}reports/bank-privacy-2025/01-overview/", server.url),
            "source": site.path().join("content/bank-privacy/01-overview.md"),
            "marker": "子路径下的实时预览",
            "template": {
                "path": site.path().join("templates/base.html"),
                "broken": "{% block oops %}",
                "expect": "base.html",
            },
        }),
    );
}

// ---------------------------------------------------------------------------
// The real seed report (from ../shared/seeds, beside the repository), once
// `gen import` can import it.
// ---------------------------------------------------------------------------

#[test]
fn seed_report_queries_find_the_right_chapters() {
    require_browser!();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Some(seed) = std::fs::read_dir(&seeds).ok().and_then(|entries| {
        entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .min()
    }) else {
        eprintln!("SKIPPED: no seed report in {}", seeds.display());
        return;
    };
    let site = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        site.path().join("book.toml"),
        "[book]\ntitle = \"种子报告\"\nlanguage = \"zh-CN\"\nsrc = \"content\"\n\n[build]\nbroken-links = \"warn\"\n",
    )
    .expect("book.toml");
    std::fs::create_dir(site.path().join("content")).expect("content/");
    let import = Command::new(env!("CARGO_BIN_EXE_gen"))
        .arg("--root")
        .arg(site.path())
        .arg("import")
        .arg(&seed)
        .output()
        .expect("gen import runs");
    let import_errors = String::from_utf8_lossy(&import.stderr);
    if import_errors.contains("not implemented") {
        eprintln!("SKIPPED: gen import is not implemented yet");
        return;
    }
    assert!(
        import.status.success(),
        "gen import failed: {import_errors}"
    );
    let out = site.path().join("book");
    assert_cmd::Command::cargo_bin("gen")
        .expect("gen binary")
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .assert()
        .success();
    run_script(
        "search.mjs",
        &json!({
            "dir": out,
            "mount": "/",
            "cases": [
                { "query": "个人信息保护", "expect_title": "政策法规与监管" },
                { "query": "微粒贷", "expect_title": "案例分析" },
                { "query": "区块链", "expect_title": "区块链技术发展" },
            ],
        }),
    );
}
