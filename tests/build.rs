//! `gen init` / `gen build` driven like a user would: a temp dir, the real
//! binary, assertions on the files it writes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use assert_cmd::Command;
use predicates::prelude::*;
use regex::Regex;

fn gen(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("gen").unwrap();
    cmd.current_dir(root);
    cmd
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// All files under `dir`, relative path → bytes.
fn snapshot_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    gen(dir.path()).args(["init", "site"]).assert().success();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn init_build_edit_rebuild() {
    let dir = new_site();
    let site = dir.path().join("site");
    gen(&site)
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::contains("built 7 pages in"));
    let book = site.join("book");
    for f in [
        "index.html",
        "404.html",
        "about/index.html",
        "reports/sample-report/index.html",
        "reports/sample-report/01-overview/index.html",
        "reports/sample-report/02-data/index.html",
        "search/index.html",
        "assets/style.css",
        "assets/highlight.css",
        "assets/search.js",
        "favicon.svg",
        "sitemap.xml",
        "feed.xml",
        "robots.txt",
        ".nojekyll",
    ] {
        assert!(book.join(f).is_file(), "missing {f}");
    }
    assert!(!book.join("CNAME").exists());
    let chapter = read(book.join("reports/sample-report/01-overview/index.html"));
    assert!(chapter.contains("<html lang=\"zh-CN\" data-base=\"/\">"));
    assert!(chapter.contains("<p id=\"p-1\">"));

    std::fs::write(
        site.join("content/sample-report/01-overview.md"),
        "+++\ntitle = \"改过的概述\"\n+++\n\n## 新的一节\n\n新写的段落。\n\n## 背景\n\n02-data 链接到这里。\n",
    )
    .unwrap();
    gen(&site).arg("build").assert().success();
    let chapter = read(book.join("reports/sample-report/01-overview/index.html"));
    assert!(chapter.contains("改过的概述"));
    assert!(chapter.contains("<h2 id=\"xin-de-yi-jie\">新的一节</h2>"));
    assert!(chapter.contains("<p id=\"p-1\">新写的段落。</p>"));
    // The report page's TOC follows the edit too.
    assert!(read(book.join("reports/sample-report/index.html")).contains("#xin-de-yi-jie"));
    // No staging folders are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".gen-build"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = new_site();
    gen(dir.path())
        .args(["init", "site"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = new_site();
    let site = dir.path().join("site");
    gen(&site).arg("build").assert().success();
    let first = snapshot_dir(&site.join("book"));
    gen(&site).arg("build").assert().success();
    let second = snapshot_dir(&site.join("book"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn refuses_to_build_into_the_site_root_or_sources() {
    let dir = new_site();
    let site = dir.path().join("site");
    for out in [".", "content", "content/x", ".."] {
        gen(&site)
            .args(["build", "--out", out])
            .assert()
            .failure()
            .stderr(predicate::str::contains("refusing"));
    }
    assert!(site.join("book.toml").is_file());
    assert!(site.join("content/about.md").is_file());
}

#[test]
fn broken_link_names_file_and_line_and_keeps_previous_build() {
    let dir = new_site();
    let site = dir.path().join("site");
    gen(&site).arg("build").assert().success();
    let before = snapshot_dir(&site.join("book"));
    std::fs::write(
        site.join("content/about.md"),
        "+++\ntitle = \"关于\"\n+++\n\n第一段。\n\n见[不存在](missing.md)和[锚点](sample-report/01-overview.md#nope)。\n",
    )
    .unwrap();
    gen(&site)
        .arg("build")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "content/about.md:7: broken link `missing.md`",
        ))
        .stderr(predicate::str::contains(
            "content/about.md:7: broken anchor",
        ));
    assert_eq!(before, snapshot_dir(&site.join("book")));

    // `broken-links = "warn"` builds anyway.
    let toml =
        read(site.join("book.toml")).replace("broken-links = \"error\"", "broken-links = \"warn\"");
    std::fs::write(site.join("book.toml"), toml).unwrap();
    gen(&site)
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::contains("content/about.md:7"));
}

#[test]
fn broken_template_names_template_and_line_and_keeps_previous_build() {
    let dir = new_site();
    let site = dir.path().join("site");
    gen(&site).arg("build").assert().success();
    let before = snapshot_dir(&site.join("book"));
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title }</p>\n{% endblock main %}\n",
    )
    .unwrap();
    gen(&site)
        .arg("build")
        .assert()
        .failure()
        .stderr(predicate::str::contains("templates/page.html:3"));
    assert_eq!(before, snapshot_dir(&site.join("book")));
}

#[test]
fn theme_override_replaces_one_template() {
    let dir = new_site();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block main %}<p>OVERRIDDEN {{ page.title }}</p>{% endblock main %}\n",
    )
    .unwrap();
    gen(&site).arg("build").assert().success();
    assert!(read(site.join("book/about/index.html")).contains("OVERRIDDEN 关于"));
    // The other templates still come from the built-in theme.
    assert!(read(site.join("book/index.html")).contains("report-list"));
}

#[test]
fn init_theme_copies_the_default_theme() {
    let dir = new_site();
    let site = dir.path().join("site");
    gen(&site).args(["init", "--theme"]).assert().success();
    assert!(site.join("themes/default/templates/chapter.html").is_file());
    assert!(site
        .join("themes/default/static/assets/style.css")
        .is_file());
    gen(&site).arg("build").assert().success();
    gen(&site)
        .args(["init", "--theme"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn unknown_config_key_is_an_error_naming_key_and_file() {
    let dir = new_site();
    let site = dir.path().join("site");
    let toml = read(site.join("book.toml")).replace("[build]", "[build]\nbild-dir = \"x\"");
    std::fs::write(site.join("book.toml"), toml).unwrap();
    gen(&site)
        .arg("build")
        .assert()
        .failure()
        .stderr(predicate::str::contains("book.toml:"))
        .stderr(predicate::str::contains("bild-dir"));
}

#[test]
fn front_matter_error_names_file_and_line() {
    let dir = new_site();
    let site = dir.path().join("site");
    std::fs::write(
        site.join("content/sample-report/02-data.md"),
        "+++\ntitle = \"x\"\nweigth = 2\n+++\n",
    )
    .unwrap();
    gen(&site)
        .arg("build")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "content/sample-report/02-data.md:3",
        ));
}

#[test]
fn github_pages_workflow_is_valid_yaml_with_the_steps() {
    let dir = new_site();
    let site = dir.path().join("site");
    gen(&site)
        .args(["init", "--github-pages"])
        .assert()
        .success();
    let text = read(site.join(".github/workflows/pages.yml"));
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    assert_eq!(yaml["permissions"]["pages"], "write");
    assert_eq!(yaml["permissions"]["id-token"], "write");
    assert_eq!(yaml["permissions"]["contents"], "read");
    assert_eq!(yaml["concurrency"]["group"], "pages");
    let uses: Vec<String> = ["build", "deploy"]
        .iter()
        .flat_map(|job| yaml["jobs"][job]["steps"].as_sequence().unwrap().clone())
        .filter_map(|s| s["uses"].as_str().map(str::to_string))
        .collect();
    for action in [
        "actions/checkout",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ] {
        assert!(
            uses.iter().any(|u| u.starts_with(action)),
            "{action} missing: {uses:?}"
        );
    }
    assert!(text.contains("gen build --base-url \"${{ steps.pages.outputs.base_url }}/\""));
    assert!(text.contains("path: book"));
}

static ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:href|src|action)="([^"]*)""#).unwrap());
static ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bid="([^"]*)""#).unwrap());

/// Crawl `book` as if served under `base`: every href/src/action must hit a
/// file and every `#fragment` an id. Returns the problems.
fn crawl(book: &Path, base: &str) -> Vec<String> {
    let files = snapshot_dir(book);
    let ids: HashMap<&str, HashSet<String>> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| {
            let text = String::from_utf8_lossy(b);
            (
                p.as_str(),
                ID.captures_iter(&text).map(|c| c[1].to_string()).collect(),
            )
        })
        .collect();
    let mut problems = Vec::new();
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        for cap in ATTR.captures_iter(&text) {
            let href = cap[1].replace("&amp;", "&");
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (path, frag) = match href.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (href.clone(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else if let Some(rest) = path.strip_prefix(base) {
                if rest.is_empty() || rest.ends_with('/') {
                    format!("{rest}index.html")
                } else {
                    rest.to_string()
                }
            } else {
                problems.push(format!("{page}: `{href}` is not under {base}"));
                continue;
            };
            if !files.contains_key(&target) {
                problems.push(format!("{page}: `{href}` → missing {target}"));
                continue;
            }
            if let (Some(frag), Some(page_ids)) = (frag, ids.get(target.as_str())) {
                if !page_ids.contains(&frag) {
                    problems.push(format!("{page}: `{href}` → no id {frag} in {target}"));
                }
            }
        }
    }
    problems
}

#[test]
fn every_link_resolves_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&PathBuf::from("tests/fixtures/site"), dir.path());
    gen(dir.path())
        .args(["build", "--base-url", "https://user.github.io/sub/path/"])
        .assert()
        .success();
    let book = dir.path().join("book");
    let problems = crawl(&book, "/sub/path/");
    assert!(problems.is_empty(), "{problems:#?}");
    let chapter = read(book.join("reports/demo/01-chapter/index.html"));
    assert!(chapter.contains("data-base=\"/sub/path/\""));
    assert!(chapter.contains("<script src=\"/sub/path/assets/search.js\" defer></script>"));
    let sitemap = read(book.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://user.github.io/sub/path/reports/demo/01-chapter/</loc>"));
    assert!(read(book.join("robots.txt"))
        .contains("Sitemap: https://user.github.io/sub/path/sitemap.xml"));
    assert!(read(book.join("404.html")).contains("href=\"/sub/path/assets/style.css\""));
}

#[test]
fn the_example_site_builds_with_no_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    gen(&root)
        .args(["build", "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let book = dir.path().join("out");
    let html = snapshot_dir(&book)
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert!(html >= 10, "only {html} pages");
    assert!(crawl(&book, "/").is_empty(), "{:#?}", crawl(&book, "/"));
    let home = read(book.join("index.html"));
    assert!(home.contains("badge-truncated"));
    // Every id and every URL is ASCII (fragments and paths need no escaping).
    for (path, bytes) in snapshot_dir(&book) {
        assert!(path.is_ascii(), "{path}");
        if path.ends_with(".html") {
            let text = String::from_utf8(bytes).unwrap();
            for cap in ID.captures_iter(&text) {
                assert!(cap[1].is_ascii(), "{path}: id {}", &cap[1]);
            }
        }
    }
}

#[test]
fn truncated_reports_show_a_notice_and_cname_is_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&PathBuf::from("tests/fixtures/site"), dir.path());
    let toml = read(dir.path().join("book.toml")) + "cname = \"reports.example.com\"\n";
    std::fs::write(dir.path().join("book.toml"), toml).unwrap();
    gen(dir.path()).arg("build").assert().success();
    let book = dir.path().join("book");
    assert_eq!(read(book.join("CNAME")), "reports.example.com\n");
    for page in [
        "reports/demo/index.html",
        "reports/demo/01-chapter/index.html",
    ] {
        let html = read(book.join(page));
        assert!(html.contains("notice-truncated"), "{page}");
        assert!(html.contains("原文共 12 页，此处收录 3 页"), "{page}");
    }
}

#[test]
fn fixture_chapter_html_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&PathBuf::from("tests/fixtures/site"), dir.path());
    gen(dir.path()).arg("build").assert().success();
    let html = read(dir.path().join("book/reports/demo/01-chapter/index.html"));
    insta::assert_snapshot!("fixture_chapter", html);
    let html = read(dir.path().join("book/reports/demo/index.html"));
    insta::assert_snapshot!("fixture_report", html);
}

#[test]
fn images_next_to_chapters_are_published_and_linked() {
    let dir = new_site();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content/sample-report/img")).unwrap();
    std::fs::write(
        site.join("content/sample-report/img/chart.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::write(
        site.join("content/sample-report/02-data.md"),
        "+++\ntitle = \"数据\"\n+++\n\n![图](img/chart.svg)\n",
    )
    .unwrap();
    gen(&site)
        .args(["build", "--base-url", "/sub/"])
        .assert()
        .success();
    let book = site.join("book");
    assert!(book.join("reports/sample-report/img/chart.svg").is_file());
    assert!(read(book.join("reports/sample-report/02-data/index.html"))
        .contains("src=\"/sub/reports/sample-report/img/chart.svg\""));
    assert!(
        crawl(&book, "/sub/").is_empty(),
        "{:#?}",
        crawl(&book, "/sub/")
    );
}

#[test]
fn check_reports_broken_links_without_writing() {
    let dir = new_site();
    let site = dir.path().join("site");
    gen(dir.path())
        .args(["--root", "site", "check"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no broken links"));
    std::fs::write(
        site.join("content/about.md"),
        "# 关于\n\n[坏链接](nowhere.md)\n",
    )
    .unwrap();
    gen(dir.path())
        .args(["--root", "site", "check"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "content/about.md:3: broken link `nowhere.md`",
        ));
    assert!(!site.join("book").exists());
}

#[test]
fn a_named_theme_overrides_templates_and_static_files() {
    let dir = new_site();
    let site = dir.path().join("site");
    let toml = read(site.join("book.toml")).replace("theme = \"default\"", "theme = \"plain\"");
    std::fs::write(site.join("book.toml"), toml).unwrap();
    gen(&site)
        .arg("build")
        .assert()
        .failure()
        .stderr(predicate::str::contains("themes/plain/ does not exist"));
    std::fs::create_dir_all(site.join("themes/plain/templates")).unwrap();
    std::fs::create_dir_all(site.join("themes/plain/static/assets")).unwrap();
    std::fs::write(site.join("themes/plain/static/assets/style.css"), "body{}").unwrap();
    std::fs::write(
        site.join("themes/plain/templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<p>PLAIN 404</p>{% endblock main %}",
    )
    .unwrap();
    gen(&site).arg("build").assert().success();
    assert_eq!(read(site.join("book/assets/style.css")), "body{}");
    assert!(read(site.join("book/404.html")).contains("PLAIN 404"));
    assert!(site.join("book/assets/theme.js").is_file());
}

/// Build `root` into `out` rendering the pages' HTML in one or two passes.
fn build_with(root: &Path, out: &Path, two_pass: gen::build::TwoPass) -> BTreeMap<String, Vec<u8>> {
    let opts = gen::build::BuildOptions {
        out: gen::output::OutputTarget::Disk(out.to_path_buf()),
        two_pass,
        ..Default::default()
    };
    let result = gen::build::build_site(root, &opts).unwrap();
    assert_eq!(result.out_dir.as_deref(), Some(out));
    snapshot_dir(out)
}

#[test]
fn two_pass_render_writes_the_same_files_as_one_pass() {
    use gen::build::TwoPass;
    // A site with what the second pass must reproduce: front matter, title
    // lines removed or kept, CRLF and control characters, a report without
    // index.md, an empty chapter, a draft, code, raw HTML, footnotes, links
    // between chapters and entity mentions.
    let edge = tempfile::tempdir().unwrap();
    let files: &[(&str, &str)] = &[
        ("book.toml", "[book]\ntitle = \"E\"\n"),
        (
            "content/r1/index.md",
            "+++\ntitle = \"报告一\"\nyear = 2024\n+++\n# 报告一\r\n\r\n中国人民银行(简称“央行”)发布了《个人信息保护法》解读。\r\n\r\n<b onclick=\"x()\">raw</b> <script>x</script>\n",
        ),
        (
            "content/r1/01-a.md",
            "# 第一章\n\n## 概述\n\n央行表示，[下一章](02-b.md#yi)与《个人信息保护法》。\n\n```rust\nfn main() {}\n```\n\n- 列表：《个人信息保护法》\n- 央行\n\n| a | b |\n|---|---|\n| 央行 | 1 |\n\n脚注[^1]\n\n[^1]: 注释\n",
        ),
        (
            "content/r1/02-b.md",
            "+++\ntitle = \"不同标题\"\n+++\n# 第二章\n\n## 一\n\n正文\u{1}控制字符，\n续行。\n",
        ),
        ("content/r1/03-empty.md", ""),
        ("content/r1/04-draft.md", "+++\ndraft = true\n+++\n# 草稿\n"),
        ("content/r2/01-only.md", "# 只有一章\n\n中国人民银行\n"),
        ("content/about.md", "# 关于\n\n央行与[报告](r1/index.md)。\n"),
    ];
    for (path, text) in files {
        let path = edge.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let fixture = tempfile::tempdir().unwrap();
    copy_dir(&PathBuf::from("tests/fixtures/site"), fixture.path());
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for root in [edge.path(), fixture.path(), example.as_path()] {
        let out = tempfile::tempdir().unwrap();
        let one = build_with(root, &out.path().join("one"), TwoPass::Off);
        let two = build_with(root, &out.path().join("two"), TwoPass::On);
        assert!(one.len() > 10, "{}: {} files", root.display(), one.len());
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            two.keys().collect::<Vec<_>>(),
            "{}",
            root.display()
        );
        for (path, bytes) in &one {
            assert!(two[path] == *bytes, "{}: {path} differs", root.display());
        }
    }
    // The edge site has mentions linked, a sanitised page and a synthetic
    // report index: the comparison covered them.
    let out = tempfile::tempdir().unwrap();
    let two = build_with(edge.path(), &out.path().join("two"), TwoPass::On);
    let page = String::from_utf8(two["reports/r1/01-a/index.html"].clone()).unwrap();
    assert!(page.contains("class=\"mention\""), "{page}");
    let index = String::from_utf8(two["reports/r1/index.html"].clone()).unwrap();
    assert!(!index.contains("onclick"), "{index}");
    assert!(two.contains_key("reports/r2/index.html"));
}

#[test]
fn reports_imported_under_one_long_title_keep_their_own_urls() {
    let dir = new_site();
    let site = dir.path().join("site");
    // Three sources with one title, long enough that its slug is capped.
    let title = "2023年中国智能风控监管合规报告暨行业发展趋势与竞争格局深度研究";
    let raw = dir.path().join("raw");
    std::fs::create_dir_all(&raw).unwrap();
    for n in 1..=3 {
        std::fs::write(
            raw.join(format!("r{n}.txt")),
            format!("{title}\n一、概述\n第{n}份报告的正文。\n"),
        )
        .unwrap();
    }
    gen(&site).arg("import").arg(&raw).assert().success();
    let build = gen(&site).arg("build").assert().success();
    let stderr = String::from_utf8_lossy(&build.get_output().stderr).into_owned();
    assert!(!stderr.contains("already taken"), "{stderr}");
    let mut folders: Vec<String> = std::fs::read_dir(site.join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("zhi-neng-feng-kong"))
        .collect();
    folders.sort();
    assert_eq!(folders.len(), 3, "{folders:?}");
    // Each folder's report is at the URL of its own name, with its own text.
    for folder in &folders {
        let source = read(site.join("content").join(folder).join("index.md"));
        let n = (1..=3)
            .find(|n| source.contains(&format!("r{n}.txt")))
            .unwrap_or_else(|| panic!("{folder}: {source}"));
        let pages: String = walkdir::WalkDir::new(site.join("book/reports").join(folder))
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_name() == "index.html")
            .map(|e| read(e.path()))
            .collect();
        assert!(pages.contains(&format!("第{n}份报告")), "{folder}");
    }
}
