//! `gen import` driven through the real binary in a temporary folder, on
//! fixture reports written for this repository (tests/fixtures/import).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn gen() -> Command {
    let mut cmd = Command::cargo_bin("gen").unwrap();
    // Never pick up a site from the developer's current folder.
    let empty = std::env::temp_dir();
    cmd.current_dir(empty);
    cmd
}

/// Run `gen import --json` on files; the JSON object of each, in order.
fn json_of(files: &[&Path]) -> Vec<Value> {
    let out = gen()
        .arg("import")
        .arg("--json")
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `gen --root ROOT import --json REPORT`, with the site's book.toml.
fn import_in_site(root: &Path, report: &Path) -> std::process::Output {
    gen()
        .arg("--root")
        .arg(root)
        .args(["import", "--json"])
        .arg(report)
        .output()
        .unwrap()
}

/// The JSON of a successful [`import_in_site`].
fn import_json_in_site(root: &Path, report: &Path) -> Value {
    let out = import_in_site(root, report);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Fails naming the first of `gone` that is still in the Markdown.
fn assert_removed(md: &str, gone: &[&str]) {
    for text in gone {
        assert!(!md.contains(text), "`{text}` left in {md}");
    }
}

fn outline(v: &Value) -> Vec<(u64, String)> {
    v["outline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["level"].as_u64().unwrap(),
                h["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn line_based_report() {
    let v = &json_of(&[&fixture("lines.txt")])[0];
    assert_eq!(v["title"], "社区团购行业观察报告");
    assert_eq!(v["source"], "lines.txt");
    assert_eq!(
        outline(v),
        [
            (1, "行业概况"),
            (2, "发展历程"),
            (3, "起步阶段"),
            (3, "扩张阶段"),
            (2, "市场规模"),
            (1, "竞争格局"),
            (2, "主要平台"),
            (2, "区域特点"),
        ]
        .map(|(l, t)| (l, t.to_string()))
    );
    assert_eq!(v["truncated"], false);
    let md = v["markdown"].as_str().unwrap();
    assert!(!md.contains("文档编号") && !md.contains(".docx"), "{md}");
    assert!(v["regulations"].as_array().unwrap().is_empty());
}

#[test]
fn flattened_truncated_report() {
    let v = &json_of(&[&fixture("flat.txt")])[0];
    assert_eq!(v["title"], "智能家居市场分析");
    assert_eq!(v["truncated"], true);
    assert_eq!(v["pages"]["shown"], 2);
    assert_eq!(v["pages"]["total"], 8);
    assert_eq!(
        outline(v),
        [
            (1, "市场现状"),
            (2, "规模与增速"),
            (2, "用户画像"),
            (1, "技术趋势"),
            (2, "互联互通"),
            (2, "边缘计算")
        ]
        .map(|(l, t)| (l, t.to_string()))
    );
    let md = v["markdown"].as_str().unwrap();
    for chrome in [
        "已阅读",
        "下载本文档",
        "版权说明",
        "温馨提示",
        "提交评论",
        "0/150",
        "_第1页",
        "分析报告-1-",
    ] {
        assert!(!md.contains(chrome), "{chrome} left in {md}");
    }
    assert!(md.contains("(1) 智能家居设备出货量"), "{md}");
    assert!(md.contains("2.6亿台,增速约为8.5%"), "{md}");
}

#[test]
fn other_encodings_give_the_same_parse() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("flat.txt")).unwrap();
    let gb = tmp.path().join("flat-gb18030.txt");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(&gb, &bytes).unwrap();
    let utf16 = tmp.path().join("flat-utf16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&utf16, &bytes).unwrap();
    let all = json_of(&[&fixture("flat.txt"), &gb, &utf16]);
    assert_eq!(all.len(), 3);
    for v in &all[1..] {
        assert_eq!(v["title"], all[0]["title"]);
        assert_eq!(v["outline"], all[0]["outline"]);
        assert_eq!(v["markdown"], all[0]["markdown"]);
    }
    assert_eq!(all[0]["encoding"], "UTF-8");
    assert_eq!(all[2]["encoding"], "UTF-16LE");
}

/// The report as a browser saves its page: markup, a GBK charset, the
/// site's navigation and footer around it, and a `.txt` or `.html` name.
fn saved_page(text: &str) -> String {
    let body: Vec<String> = text
        .lines()
        .map(|l| format!("<p>{}</p>", l.replace('&', "&amp;").replace('<', "&lt;")))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"gbk\"><script>var a = '<p>x</p>';</script></head><body>\
         <nav><a href=\"/\">首页</a> <a href=\"/login\">登录</a></nav><div class=\"doc\">{}</div>\
         <footer><p>Copyright © 2026 文档网</p><p>京ICP备12345678号</p></footer></body></html>",
        body.join("\n")
    )
}

#[test]
fn saved_pages_give_the_same_parse_as_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("lines.txt")).unwrap();
    let page = saved_page(&text);
    let (gbk, _, _) = encoding_rs::GB18030.encode(&page);
    // Named .html, and saved "as text" under a .txt name: both are pages.
    let as_html = tmp.path().join("page.html");
    let as_txt = tmp.path().join("page-source.txt");
    std::fs::write(&as_html, &gbk).unwrap();
    std::fs::write(&as_txt, &gbk).unwrap();
    let all = json_of(&[&fixture("lines.txt"), &as_html, &as_txt]);
    for v in &all[1..] {
        assert_eq!(v["title"], all[0]["title"]);
        assert_eq!(v["outline"], all[0]["outline"]);
        assert_eq!(v["markdown"], all[0]["markdown"]);
        assert_eq!(v["encoding"], "GBK");
    }
}

#[test]
fn garbled_traditional_with_pinyin() {
    let v = &json_of(&[&fixture("garbled.txt")])[0];
    assert_eq!(v["title"], "城市物流发展报告");
    assert_eq!(v["truncated"], true);
    assert_eq!(
        outline(v),
        [
            (1, "发展背景"),
            (2, "政策环境"),
            (2, "市场需求"),
            (1, "主要问题"),
            (2, "成本偏高")
        ]
        .map(|(l, t)| (l, t.to_string()))
    );
    let md = v["markdown"].as_str().unwrap();
    assert!(md.contains("随着电子商务的快速发展"), "{md}");
    assert!(md.contains("(简称“邮政局”)"), "{md}");
    assert!(md.contains("(VR)") && md.contains("(2021-2023年)"), "{md}");
    assert!(md.contains("接着"), "{md}");
    let pinyin = regex::Regex::new(r"[\p{Han}]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)").unwrap();
    assert!(!pinyin.is_match(md), "{md}");
}

#[test]
fn traditional_site_gets_traditional_text() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("book.toml"),
        "[book]\ntitle = \"T\"\nlanguage = \"zh-TW\"\n",
    )
    .unwrap();
    let out = gen()
        .args(["--root"])
        .arg(tmp.path())
        .args(["import", "--json"])
        .arg(fixture("garbled.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "城市物流發展報告");
    assert!(v["markdown"].as_str().unwrap().contains("隨著"));
}

#[test]
fn bad_inputs_fail_one_line_each_and_others_import() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("binary.txt"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF, 0],
    )
    .unwrap();
    std::fs::write(dir.join("dots.txt"), "... --- ... 123").unwrap();
    std::fs::create_dir(dir.join("nothing-here")).unwrap();
    std::fs::write(dir.join("nothing-here/readme.bin"), "x").unwrap();
    let out = gen()
        .arg("import")
        .arg("--out")
        .arg(dir.join("out"))
        .arg(dir.join("empty.txt"))
        .arg(dir.join("binary.txt"))
        .arg(dir.join("missing.txt"))
        .arg(dir.join("dots.txt"))
        .arg(dir.join("nothing-here"))
        .arg(fixture("lines.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (name, why) in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("missing.txt", "no such file"),
        ("dots.txt", "no recognisable text"),
        ("nothing-here", "no reports"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {stderr}"));
        assert!(line.contains(why), "{line}");
        assert!(line.starts_with("error: "), "{line}");
    }
    assert!(!stderr.contains("panicked"));
    assert!(
        dir.join("out/she-qu-tuan-gou-hang-ye-guan-cha-bao-gao/index.md")
            .exists(),
        "{stderr}"
    );
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn writes_report_folder_and_protects_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let import = |extra: &[&str]| {
        gen()
            .arg("--root")
            .arg(root)
            .arg("import")
            .args(extra)
            .arg(fixture("lines.txt"))
            .output()
            .unwrap()
    };
    let out = import(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = root.join("content/she-qu-tuan-gou-hang-ye-guan-cha-bao-gao");
    let files = read_dir_sorted(&report);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "01-hang-ye-gai-kuang.md",
            "02-jing-zheng-ge-ju.md",
            "index.md"
        ]
    );
    for (name, text) in &files {
        insta::assert_snapshot!(format!("lines_{name}"), text);
    }

    // Unchanged source: a no-op.
    let out = import(&[]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unchanged"));
    assert_eq!(read_dir_sorted(&report), files);

    // An edited report is not overwritten without --force.
    let chapter = report.join("01-hang-ye-gai-kuang.md");
    std::fs::write(&chapter, "my own notes\n").unwrap();
    let out = import(&[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("edited") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&chapter).unwrap(), "my own notes\n");

    let out = import(&["--force"]);
    assert!(out.status.success());
    assert_eq!(read_dir_sorted(&report), files);
}

#[test]
fn verbose_says_encoding_and_removed_chrome() {
    let out = gen()
        .args(["-v", "import", "--json"])
        .arg(fixture("flat.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read as UTF-8"), "{stderr}");
    assert!(
        stderr.contains("removed") && stderr.contains("下载本文档"),
        "{stderr}"
    );
}

/// The scorer on the shared real pages, when they are present next to the
/// repository (CI adds the same command to `.ci/run`).
#[test]
fn scorer_on_shared_pages() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let scorer = shared.join("eval/score_import.py");
    if !scorer.exists() {
        eprintln!(
            "notice: {} not found; scorer test skipped",
            scorer.display()
        );
        return;
    }
    let out = std::process::Command::new("python3")
        .arg(&scorer)
        .args([
            "--gen",
            env!("CARGO_BIN_EXE_gen"),
            "--parts",
            "title,outline,clean,truncated",
            "-q",
        ])
        .arg(shared.join("seeds"))
        .arg(shared.join("corpus/dev"))
        .output();
    let Ok(out) = out else {
        eprintln!("notice: python3 not available; scorer test skipped");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(out.status.success(), "scorer failed:\n{stdout}");
}

#[test]
fn user_chrome_rules_from_book_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[import]\nchrome-rules = [\"my-site.toml\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("my-site.toml"),
        "name = \"my-site\"\nsite = \"example.org\"\ndetect = ['示例文库']\nlines = ['^示例文库.*$']\n",
    )
    .unwrap();
    let report = root.join("r.txt");
    std::fs::write(
        &report,
        "示例文库 欢迎访问\n城市更新报告\n一、背景\n城市更新进入新阶段。\n",
    )
    .unwrap();
    let v = import_json_in_site(root, &report);
    assert_eq!(v["title"], "城市更新报告");
    assert_eq!(v["source_site"], "example.org");
    assert!(!v["markdown"].as_str().unwrap().contains("示例文库"));

    // A broken rule file is reported with its name and line.
    std::fs::write(root.join("my-site.toml"), "name = \"x\"\nlines = ['(']\n").unwrap();
    let out = import_in_site(root, &report);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("my-site.toml") && stderr.contains("bad regex"),
        "{stderr}"
    );
}

#[test]
fn site_profiles_can_be_turned_off() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let report = root.join("r.txt");
    // A 咨信网 page: the site profile names the site; the download terms and
    // the navigation links are generic chrome, removed either way.
    std::fs::write(
        &report,
        "咨信网\n1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑服务。\n文章索引1文章索引2文章索引3\n城市更新报告\n一、背景\n城市更新进入新阶段。\n",
    )
    .unwrap();
    let import = |book_toml: &str| -> Value {
        std::fs::write(root.join("book.toml"), book_toml).unwrap();
        import_json_in_site(root, &report)
    };
    let with = import("[book]\ntitle = \"T\"\n");
    let without = import("[book]\ntitle = \"T\"\n\n[import]\nsite-profiles = false\n");
    assert_eq!(with["source_site"], "zixin.com.cn");
    assert!(without["source_site"].is_null(), "{without}");
    for v in [&with, &without] {
        assert_eq!(v["title"], "城市更新报告");
        let markdown = v["markdown"].as_str().unwrap();
        assert!(
            !markdown.contains("下载文档") && !markdown.contains("文章索引"),
            "{markdown}"
        );
    }
}

#[test]
fn a_pages_heading_elements_give_its_outline() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("page.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><title>消费金融研究报告_某某文库</title></head><body>\
         <nav><a href=\"/\">首页</a></nav><article><h1>消费金融研究报告</h1>\
         <h2>行业概况</h2><h3>发展历程</h3><p>行业快速发展。</p>\
         <h3>市场规模</h3><p>规模持续扩大。</p><h2>竞争格局</h2><p>机构并存。</p>\
         </article></body></html>",
    )
    .unwrap();
    let v = &json_of(&[&page])[0];
    assert_eq!(v["title"], "消费金融研究报告");
    assert_eq!(
        outline(v),
        [
            (1, "行业概况".to_string()),
            (2, "发展历程".to_string()),
            (2, "市场规模".to_string()),
            (1, "竞争格局".to_string()),
        ]
    );
}

/// Article pages (a WeChat-style post, a news portal page) and a document
/// site's preview with its footer: the furniture of sites without a profile
/// goes, the report stays, and no organisation is made of a count (19家…).
#[test]
fn article_and_preview_pages_lose_their_furniture() {
    let files = [
        fixture("article-wechat.txt"),
        fixture("article-portal.txt"),
        fixture("docsite-preview.txt"),
    ];
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let reports = json_of(&paths);
    let expectations: [(&str, bool, &[&str], &[&str]); 3] = [
        (
            "2025年中国跨境支付行业研究报告",
            false,
            &[
                "原创 金融观察",
                "点击上方蓝字",
                "收录于合集",
                "END",
                "往期推荐",
                "预览时标签不可点",
                "轻点两下",
                "微信扫一扫",
            ],
            &["未来三年，央行将继续推进人民币跨境支付系统建设。"],
        ),
        (
            "2025年互联网银行发展报告：数字化转型加速",
            false,
            &[
                "14:22:05",
                "发布于",
                "原标题",
                "次阅读",
                "人赞同",
                "分享至",
                "用微信扫码",
                "特别声明",
                "Notice:",
                "阅读 (1520)",
                "返回搜狐",
                "相关推荐",
                "网易新闻客户端",
            ],
            &["其中微众银行、网商银行、新网银行被称为“互联网银行”。"],
        ),
        (
            "2024年消费金融行业分析报告",
            true,
            &[
                "内容提示",
                "认证主体",
                "IP属地",
                "积分",
                "还剩页未读",
                "举报电话",
                "阅读了该文档的用户",
                "网站地图",
            ],
            &["2023年末，消费金融公司资产规模达1.2万亿元。"],
        ),
    ];
    for (v, (title, truncated, chrome, kept)) in reports.iter().zip(expectations) {
        assert_eq!(v["title"], title);
        assert_eq!(v["truncated"], truncated, "{title}");
        let md = v["markdown"].as_str().unwrap();
        for c in chrome {
            assert!(!md.contains(c), "{c} left in {md}");
        }
        for k in kept {
            assert!(md.contains(k), "{k} lost from {md}");
        }
    }
    let orgs: Vec<&str> = reports[1]["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().or_else(|| o["name"].as_str()).unwrap())
        .collect();
    assert_eq!(orgs, ["微众银行", "网商银行", "新网银行"]);
    let preview_outline: Vec<String> = outline(&reports[2]).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        preview_outline,
        [
            "行业概况",
            "消费金融定义",
            "监管政策",
            "市场分析",
            "市场规模"
        ]
    );
}

/// An English report listing (breadcrumb, fields, buttons, FAQ and footer
/// bar), and a report flattened onto one line with the preview furniture
/// glued after its last sentence.
#[test]
fn english_listing_and_glued_preview_furniture() {
    let files = [
        fixture("english-listing.txt"),
        fixture("flat-glued-chrome.txt"),
    ];
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let reports = json_of(&paths);
    let md = reports[0]["markdown"].as_str().unwrap();
    for chrome in [
        "Home >",
        "Report ID",
        "Pages: 165",
        "Request Sample",
        "Buy Now",
        "Inquire Before Buying",
        "Frequently Asked Questions",
        "Related Reports",
        "newsletter",
        "All rights reserved",
        "Privacy Policy",
    ] {
        assert!(!md.contains(chrome), "{chrome} left in {md}");
    }
    assert!(
        md.contains("Asia Pacific held the largest share in 2024."),
        "{md}"
    );
    // The title line is not joined with the section name after it.
    assert_eq!(
        reports[0]["title"],
        "Global Digital Payments Market Size, Share & Trends Analysis Report 2025-2033"
    );
    assert!(md.contains("\n\nMarket Overview\n\n"), "{md}");
    let orgs: Vec<&str> = reports[0]["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().or_else(|| o["name"].as_str()).unwrap())
        .collect();
    // "PayPal Holdings, Inc." is the known PayPal, written in full.
    assert_eq!(&orgs[..3], ["PayPal", "Block, Inc.", "Adyen N.V."]);

    let flat = &reports[1];
    assert_eq!(flat["title"], "2024年银行数字化转型研究报告");
    assert_eq!(flat["truncated"], true);
    let md = flat["markdown"].as_str().unwrap();
    for chrome in [
        "已阅读",
        "继续免费阅读",
        "下载本文档",
        "温馨提示",
        "部分包含数学公式",
    ] {
        assert!(!md.contains(chrome), "{chrome} left in {md}");
    }
    assert!(md.trim_end().ends_with("人才储备薄弱。"), "{md}");
    assert_eq!(
        outline(flat)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>(),
        ["行业背景", "发展现状", "渠道建设", "数据治理", "存在问题"]
    );
}

/// A broker report copied out of its PDF (running header and disclaimer
/// footer at every page break), and a document site's page with a
/// navigation bar of plain words above the report.
#[test]
fn pdf_page_furniture_and_word_navigation_bars() {
    let files = [
        fixture("broker-research-pdf.txt"),
        fixture("docsite-navbar.txt"),
    ];
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let reports = json_of(&paths);

    let broker = &reports[0];
    assert_eq!(
        broker["title"],
        "跨境支付行业深度报告：多极格局下的增长与重构"
    );
    let md = broker["markdown"].as_str().unwrap();
    assert!(!md.contains("请务必阅读"), "{md}");
    // The running header goes at each page break, and the cover's line of
    // the broker's report kinds ("证券研究报告 | 行业深度报告") too: only
    // the title says it.
    assert_eq!(md.matches("行业深度报告").count(), 1, "{md}");
    assert!(!md.contains("证券研究报告"), "{md}");
    assert!(md.contains("维持行业“增持”评级。"), "{md}");
    assert_eq!(
        outline(broker)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>(),
        ["行业概况", "市场规模", "竞争格局", "监管环境", "投资建议"]
    );

    let page = &reports[1];
    assert_eq!(page["title"], "2024年中国智慧养老行业发展研究报告");
    assert_eq!(page["truncated"], true);
    let md = page["markdown"].as_str().unwrap();
    for chrome in [
        "首页",
        "排行榜",
        "加入阅览室",
        "分享到",
        "加载中",
        "下载积分",
    ] {
        assert!(!md.contains(chrome), "{chrome} left in {md}");
    }
    assert!(md.contains("泰康旗下的泰康之家已覆盖多个城市。"), "{md}");
    // Ministries come from the gazetteer; 民政部门 would not be one.
    let orgs: Vec<&str> = page["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().or_else(|| o["name"].as_str()).unwrap())
        .collect();
    for org in ["中华人民共和国民政部", "国家卫生和计划生育委员会"] {
        assert!(orgs.contains(&org), "{org} not in {orgs:?}");
    }
}

/// Four more document-site layouts: breadcrumbs and a VIP preview, a coin
/// price under the text, a resource page with a field bar and the site's
/// name after the title, and a library page with buttons above the title.
#[test]
fn document_site_layouts_keep_only_the_report() {
    let files = [
        fixture("docsite-vip-preview.txt"),
        fixture("docsite-coins.txt"),
        fixture("docsite-resource-page.txt"),
        fixture("docsite-library.txt"),
    ];
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let reports = json_of(&paths);
    let titles: Vec<&str> = reports
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "2025年中国宠物食品行业市场调研报告",
            "2023年新能源汽车充电桩行业分析报告",
            "2024年跨境电商物流行业报告",
            "2024年中国咖啡行业发展现状及趋势分析",
        ]
    );
    let truncated: Vec<bool> = reports
        .iter()
        .map(|r| r["truncated"].as_bool().unwrap())
        .collect();
    // The coin page's text ends on a whole sentence and says nothing of
    // pages left: nothing tells it is cut.
    assert_eq!(truncated, [true, false, true, true]);
    let chrome = [
        "首页",
        "您所在位置",
        "VIP",
        "该用户很懒",
        "暂无简介",
        "实际排版效果",
        "金币",
        "版权申诉",
        "ID:",
        "资源描述",
        "预览已结束",
        "赞 踩",
        "AI写作",
        "如有侵权",
        "举报",
        "搜索",
    ];
    for r in &reports {
        let md = r["markdown"].as_str().unwrap();
        for c in chrome {
            assert!(!md.contains(c), "{c} left in {md}");
        }
        assert!(outline(r).len() >= 4, "{md}");
    }
    assert!(reports[0]["markdown"]
        .as_str()
        .unwrap()
        .contains("（以下简称“乖宝宠物”）等国内企业增长迅速。"));
}

/// A web page's data table becomes a Markdown table, a layout table's text
/// stays text, and a heading element is one title however it is spaced.
#[test]
fn html_tables_and_spaced_headings() {
    let reports = json_of(&[fixture("page-with-table.html").as_path()]);
    let md = reports[0]["markdown"].as_str().unwrap();
    assert!(
        md.contains(
            "| 年份 | 装机规模（万千瓦） | 同比增速 |\n| --- | --- | --- |\n| 2022 | 870 | 110% |\n| 2023 | 3139 | 260% |"
        ),
        "{md}"
    );
    assert_eq!(
        outline(&reports[0])
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>(),
        ["行业概况", "市场规模", "政策环境"]
    );
    for chrome in ["首页", "当前位置", "上传时间", "网站地图", "Copyright"] {
        assert!(!md.contains(chrome), "{chrome} left in {md}");
    }

    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layout.html");
    std::fs::write(
        &layout,
        "<html><body><table><tr><td>导航</td><td><p>一、概况</p><p>这是一段很长的正文，\
         说明页面用表格排版而不是在列数据，所以它的文字应当保持为段落而不是表格单元格，\
         读者才能正常阅读全文的内容和结构。</p><p>二、结论</p><p>结论段落。</p></td></tr></table></body></html>",
    )
    .unwrap();
    let reports = json_of(&[layout.as_path()]);
    let md = reports[0]["markdown"].as_str().unwrap();
    assert!(!md.contains('|'), "{md}");
    assert_eq!(outline(&reports[0]).len(), 2, "{md}");
}

/// A Q&A site's article: its name, a follow button, a share count and the
/// topic tags between the dateline and the like counter all go.
#[test]
fn article_islands_between_page_furniture() {
    let reports = json_of(&[fixture("article-qa-site.txt").as_path()]);
    let md = reports[0]["markdown"].as_str().unwrap();
    for chrome in [
        "知乎",
        "关注",
        "\n0\n",
        "\n汽车行业\n",
        "\n行业分析",
        "编辑于",
        "条评论",
    ] {
        assert!(!md.contains(chrome), "{chrome} left in {md}");
    }
    assert!(
        md.trim_end()
            .ends_with("比亚迪、特斯拉等企业继续领跑市场。"),
        "{md}"
    );
    assert_eq!(
        reports[0]["title"],
        "2024年中国新能源汽车行业发展现状与趋势分析"
    );
}

/// A document site's page built of named `<div>`s: its navigation, sidebar,
/// share box, comments and footer go by their names, the greeting and the
/// "pages left" note by the rules, and the section headings of the sidebar
/// (`<h3>热门文档</h3>`) are judged by their words.
#[test]
fn web_page_furniture_in_named_containers() {
    let reports = json_of(&[fixture("page-div-furniture.html").as_path()]);
    let r = &reports[0];
    assert_eq!(r["title"], "2025年中国预制菜行业市场分析报告");
    assert_eq!(r["truncated"], true);
    let md = r["markdown"].as_str().unwrap();
    for chrome in [
        "欢迎",
        "登录",
        "研究论文",
        "网站首页",
        "页数",
        "剩余",
        "分享",
        "热门文档",
        "中央厨房",
        "网友评论",
        "参考价值",
        "关于我们",
        "ICP",
    ] {
        assert!(!md.contains(chrome), "{chrome} left in {md}");
    }
    assert_eq!(
        outline(r).into_iter().map(|(_, t)| t).collect::<Vec<_>>(),
        ["行业概述", "市场规模", "竞争格局"]
    );
    assert!(md.contains("国联水产等企业也在加速转型。"), "{md}");
}

/// An English paper whose sections are numbered with ASCII Roman numerals,
/// with companies under spelled-out and comma-separated legal forms.
#[test]
fn english_roman_numbered_sections() {
    let report = &json_of(&[&fixture("english-roman-sections.txt")])[0];
    assert_eq!(report["title"], "Cross-Border Payments Outlook 2025");
    assert_eq!(
        outline(report),
        [
            (1, "Executive Summary".to_string()),
            (1, "Market Overview".to_string()),
            (2, "Market Size".to_string()),
            (2, "Growth Drivers".to_string()),
            (1, "Competitive Landscape".to_string()),
            (1, "Outlook".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    // "I. e." inside a paragraph is prose, not a section.
    assert!(md.contains("I. e. cards keep losing share"), "{md}");
    let orgs: Vec<&str> = report["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().or_else(|| o["name"].as_str()).unwrap())
        .collect();
    for name in [
        "Zentrix Incorporated",
        "Foobar Holdings, Inc.",
        "Quux Limited",
        "Northgate Corp.",
    ] {
        assert!(orgs.contains(&name), "{name} not in {orgs:?}");
    }
}

#[test]
fn article_credits_statements_and_button_counts() {
    let report = &json_of(&[&fixture("article-repost.txt")])[0];
    assert_eq!(report["title"], "2025年中国跨境支付行业研究报告");
    assert_eq!(
        outline(report),
        [(1, "行业发展背景".to_string()), (1, "市场格局".to_string()),]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "首发于",
            "支付观察",
            "写文章",
            "\n0\n",
            "本文来自微信公众号",
            "仅代表作者观点",
            "打开APP",
        ],
    );
    assert!(md.contains("中小机构转向细分市场。"), "{md}");
}

#[test]
fn document_library_notes_and_fields() {
    let report = &json_of(&[&fixture("docsite-library-notes.txt")])[0];
    assert_eq!(report["title"], "2024年示例城市第三方支付市场研究报告");
    // "展开阅读全文": the page shows only the start.
    assert_eq!(report["truncated"], true);
    assert_eq!(
        outline(report),
        [
            (1, "市场概况".to_string()),
            (2, "市场规模".to_string()),
            (2, "竞争格局".to_string()),
            (1, "监管环境".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "贡献",
            "WAP端",
            "免费下载",
            "文档热度",
            "本文档为【",
            "来自用户分享",
            "版权声明",
            "本作品所展示",
            "党政主题",
            "下载需要",
            "TA的资源",
        ],
    );
    assert!(md.contains("行业整体呈现头部集中的特点。"), "{md}");
}

#[test]
fn document_library_vip_preview_notes() {
    let report = &json_of(&[&fixture("docsite-vip-notes.txt")])[0];
    assert_eq!(report["title"], "2023年示例省农村金融服务调查报告");
    // "该文档总共25页，到这已经超出免费预览范围": the preview stops.
    assert_eq!(report["truncated"], true);
    assert_eq!(
        outline(report),
        [(1, "调查背景".to_string()), (1, "主要发现".to_string())]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "内容来自用户",
            "贡献",
            "文档标签",
            "VIP",
            "超出免费预览范围",
            "下载权益",
            "网络服务平台方",
            "用户评论",
            "今日推荐",
            "文库协议",
        ],
    );
    assert!(md.contains("但保险服务覆盖仍显不足。"), "{md}");
}

#[test]
fn document_site_terms_of_sale_and_upload_fields() {
    let report = &json_of(&[&fixture("docsite-paid-terms.txt")])[0];
    assert_eq!(report["title"], "2024年中国消费金融行业发展报告");
    // "预览结束，喜欢就下载吧！": the preview stops, and the page's footer
    // after it goes, its numbered terms of sale too.
    assert_eq!(report["truncated"], true);
    assert_eq!(
        outline(report),
        [
            (1, "行业概况".to_string()),
            (2, "市场规模".to_string()),
            (2, "竞争格局".to_string()),
            (1, "监管环境".to_string()),
            (1, "发展趋势".to_string()),
            (2, "数字化转型加速".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "VIP",
            "原创专区",
            "上传赚钱",
            "在线预览",
            "审核时间",
            "审核编号",
            "认证类型",
            "内容提供方",
            "预览结束",
            "知识共享",
            "一经付费",
            "本站所有内容",
            "违规举报",
            "相关文档",
        ],
    );
    assert!(md.contains("智能风控覆盖率超过90%。"), "{md}");
}

#[test]
fn document_library_reading_room_buttons_and_counts() {
    let report = &json_of(&[&fixture("docsite-reading-room.txt")])[0];
    assert_eq!(report["title"], "商业银行零售业务数字化转型研究");
    assert_eq!(report["truncated"], true);
    // The cut-off page ends on 第三章's heading, which may be cut too.
    assert_eq!(
        outline(report),
        [
            (1, "绪论".to_string()),
            (2, "研究背景".to_string()),
            (2, "研究意义".to_string()),
            (1, "零售业务数字化现状".to_string()),
            (2, "招商银行的实践".to_string()),
            (2, "平安银行的实践".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "书籍",
            "期刊",
            "2156次",
            "下载积分",
            "加入阅览室",
            "全屏",
            "想免费下载",
            "关闭预览",
            "信息存储空间",
        ],
    );
    assert!(
        md.contains("关键词：商业银行；零售业务；数字化转型"),
        "{md}"
    );
    assert!(md.contains("构建综合金融服务体系。"), "{md}");
}

#[test]
fn document_listing_ratings_counts_and_upload_terms() {
    let report = &json_of(&[&fixture("docsite-listing-terms.txt")])[0];
    assert_eq!(report["title"], "2023年保险科技行业发展白皮书");
    // "还剩……页未读" (the count was an image): the preview stops.
    assert_eq!(report["truncated"], true);
    assert_eq!(
        outline(report),
        [
            (1, "行业发展概况".to_string()),
            (2, "市场规模".to_string()),
            (2, "技术应用".to_string()),
            (1, "典型案例分析".to_string()),
            (2, "成功案例：众安保险".to_string()),
            (2, "失败案例：某互联网保险平台".to_string()),
            (1, "监管与展望".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "排行",
            "会员",
            "评分",
            "上传者",
            "一共被下载",
            "下载提示",
            "本站不保证",
            "所得收入",
            "页未读",
        ],
    );
    assert!(!md.contains("\n。\n"), "{md}");
    assert!(md.contains("对互联网保险业务进行全面规范。"), "{md}");
}

#[test]
fn article_library_repost_with_comment_box() {
    let report = &json_of(&[&fixture("article-library-repost.txt")])[0];
    assert_eq!(report["title"], "2024年绿色金融发展报告");
    // The article ends; what follows it is the page's.
    assert_eq!(report["truncated"], false);
    assert_eq!(
        outline(report),
        [
            (1, "总体情况".to_string()),
            (1, "政策体系".to_string()),
            (1, "产品创新".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "阅览室",
            "馆友",
            "我的图书馆",
            "打印",
            "转藏",
            "献花",
            "本文来自网络",
            "评论公约",
            "发表",
            "类似文章",
            "银行业绿色转型的路径选择",
        ],
    );
    assert!(md.contains("可持续发展挂钩债券等产品快速发展。"), "{md}");
}

#[test]
fn document_app_counts_and_news_portal_furniture() {
    let reports = json_of(&[
        &fixture("docsite-app-counts.txt"),
        &fixture("news-portal-repost.txt"),
    ]);
    assert_eq!(reports[0]["title"], "2024年数字人民币发展研究报告");
    assert_eq!(
        reports[1]["title"],
        "艾瑞咨询：2024年中国第三方支付行业研究报告"
    );
    let md = reports[0]["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &["万阅读", "人收藏", "上传 ·", "由用户上传", "展开全文"],
    );
    assert!(md.contains("明确人民币包括实物形式和数字形式。"), "{md}");
    // The library's name in its own footer is no organisation.
    let organizations = reports[0]["organizations"].to_string();
    assert!(!organizations.contains("百度文库"), "{organizations}");
    let md = reports[1]["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &["新浪财经", "正文", "A-A+", "分享到", "责任编辑", "免责声明"],
    );
    assert!(
        md.contains("跨境支付与产业支付将成为行业新的增长点。"),
        "{md}"
    );
}

#[test]
fn paid_preview_notes_and_hidden_text() {
    let report = &json_of(&[&fixture("docsite-paid-preview.txt")])[0];
    assert_eq!(report["title"], "示例县供销合作社综合改革调研报告");
    assert_eq!(report["truncated"], true);
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "¥5.00",
            "收藏 | 分享",
            "文档来源",
            "仅展示头部",
            "此处已隐藏",
            "试读",
            "完整版",
        ],
    );
    assert!(md.contains("信息化建设滞后。"), "{md}");
}

#[test]
fn english_listing_licence_prices() {
    let report = &json_of(&[&fixture("english-licences.txt")])[0];
    // Licence prices between the title and the text are the listing's,
    // not part of the title.
    assert_eq!(
        report["title"],
        "Global Digital Lending Platform Market Report 2025"
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &["License", "Request Sample", "Report ID", "Related Reports"],
    );
    assert!(md.contains("driven by lower upfront costs."), "{md}");
}

#[test]
fn research_portal_article_and_its_advertising() {
    let report = &json_of(&[&fixture("research-article.txt")])[0];
    // The publisher after the underscore is no part of the title, and the
    // record under the title is not glued onto it.
    assert_eq!(
        report["title"],
        "2025年示例省银行电商行业市场现状及前景分析 场景金融驱动行业增长"
    );
    assert_eq!(report["truncated"], false);
    assert_eq!(
        outline(report),
        [
            (1, "银行电商交易规模稳步增长".to_string()),
            (1, "头部银行占据主导地位".to_string()),
            (1, "未来发展前景广阔".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert!(
        md.contains("\n行业主要上市公司：甲银行(600001)"),
        "the record starts its own paragraph: {md}"
    );
    // Everything from the pointer to the publisher's full report on is its
    // advertising.
    assert_removed(
        md,
        &[
            "以上数据参考",
            "还提供",
            "经济学人APP",
            "深度报告",
            "查看详情",
            "寻求合作",
        ],
    );
    assert!(md.contains("年均复合增长率约为8.9%。"), "{md}");
}

#[test]
fn sales_page_fields_in_brackets_and_ordering_steps_are_chrome() {
    let report = &json_of(&[&fixture("research-sales-page.txt")])[0];
    // The page title's "_示例报告大厅" is the site's name.
    assert_eq!(
        report["title"],
        "2026-2031年示例省互联网银行行业发展前景及投资策略报告"
    );
    assert_eq!(
        outline(report),
        [
            (1, "互联网银行行业概述".to_string()),
            (2, "互联网银行的定义".to_string()),
            (2, "互联网银行的业务模式".to_string()),
            (1, "互联网银行行业竞争格局".to_string()),
            (2, "头部机构分析".to_string()),
            (2, "区域性银行的转型".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    // Bracketed listing fields, and the ordering steps after 订购流程.
    assert_removed(
        md,
        &[
            "报告编号",
            "出版机构",
            "6800元",
            "文件格式",
            "报告页码",
            "订购流程",
            "填写订购单",
            "售后服务",
            "版权所有",
        ],
    );
    assert!(
        md.contains("互联网银行依托线上渠道为个人和小微企业提供金融服务。"),
        "{md}"
    );
    assert_eq!(
        report["regulations"],
        serde_json::json!(["商业银行互联网贷款管理暂行办法"])
    );
}

#[test]
fn forum_post_tags_and_disclaimers_are_chrome() {
    let report = &json_of(&[&fixture("forum-post.txt")])[0];
    assert_eq!(
        report["title"],
        "示例城商行2025年中报点评：规模扩张提速，资产质量平稳"
    );
    assert_eq!(
        outline(report),
        ["业绩回顾", "规模与息差", "资产质量"].map(|t| (1, t.to_string()))
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "SH600000",
            "$示例",
            "风险提示",
            "风险自负",
            "作者声明",
            "赞同",
        ],
    );
    assert!(md.contains("拨备覆盖率保持在400%以上。"), "{md}");
}

#[test]
fn news_page_title_tags_and_portal_links_are_chrome() {
    let report = &json_of(&[&fixture("news-tagged-title.txt")])[0];
    // "…|普惠金融|小微企业|银行_示例订阅": keyword tags and the site's name.
    assert_eq!(
        report["title"],
        "示例省普惠金融发展报告发布：小微贷款增速领先"
    );
    assert_eq!(
        outline(report),
        ["总体情况", "主要做法"].map(|t| (1, t.to_string()))
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "普惠金融|",
            "示例订阅",
            "分享至",
            "特别声明",
            "返回示例首页",
        ],
    );
    assert!(md.contains("审批时间缩短至一天。"), "{md}");
}

#[test]
fn a_title_repeated_among_a_pages_chrome_is_the_title() {
    // Three times among the page's fields, never in the text: the page's
    // title, not a PDF copy's running header.
    let report = &json_of(&[&fixture("docsite-repeated-title.txt")])[0];
    assert_eq!(report["title"], "2024年示例市跨境支付行业研究报告");
    assert_eq!(report["truncated"], true);
    assert_eq!(
        outline(report),
        ["行业概述", "市场规模", "竞争格局"].map(|t| (1, t.to_string()))
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["上传人", "资源描述", "超出免费预览", "点击阅读更多"]);
}

#[test]
fn a_rated_listings_fields_and_notes_are_chrome() {
    let report = &json_of(&[&fixture("docsite-rated-listing.txt")])[0];
    // "文档格式：.pdf" is a field, not a file name to take the title from.
    assert_eq!(report["title"], "商业银行普惠金融服务研究");
    assert_eq!(
        outline(report),
        ["研究背景", "主要做法", "政策建议"].map(|t| (1, t.to_string()))
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "示例智库文档",
            "文档格式",
            "文档评分",
            "免费文档",
            "转载请标明出处",
            "普惠金融案例",
        ],
    );
    assert_eq!(
        report["regulations"],
        serde_json::json!(["推进普惠金融高质量发展的实施意见"])
    );
}

#[test]
fn an_english_listings_snapshot_and_notes() {
    let report = &json_of(&[&fixture("english-market-snapshot.txt")])[0];
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "\nHome\n",
            "Disclaimer",
            "Need a report",
            "Free Sample",
            "Download PDF",
            "How big",
        ],
    );
    // A title-case heading stays apart from the paragraph under it.
    assert!(
        md.contains("\n\nMobile Wallets to Witness Significant Growth Across Regions\n\nMobile wallets lower costs"),
        "{md}"
    );
    assert!(md.contains("Tailspin Holdings N.V.\n"), "{md}");
    let orgs: Vec<String> = report["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().or(o["name"].as_str()).unwrap().to_string())
        .collect();
    for name in [
        "Northwind Payments Inc.",
        "Contoso Bank AG",
        "Zeta Finance SA",
    ] {
        assert!(orgs.iter().any(|o| o == name), "{name} not in {orgs:?}");
    }
}

#[test]
fn a_news_pages_weekday_dateline_and_byline_are_chrome() {
    let report = &json_of(&[&fixture("news-dateline-byline.txt")])[0];
    assert_eq!(report["title"], "示例市虚拟银行发展报告2025");
    assert_eq!(
        outline(report),
        ["发展概况", "未来展望"].map(|t| (1, t.to_string()))
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["星期二", "撰文", "示例记者", "相关新闻"]);
    // A reporter mentioned in a sentence is text.
    assert!(md.contains("本报记者在走访中发现，"), "{md}");
}

#[test]
fn research_publisher_listing_fields_are_not_joined() {
    let report = &json_of(&[&fixture("research-listing.txt")])[0];
    assert_eq!(
        report["title"],
        "2025-2031年示例省银行电商行业市场全景调查及投资前景预测报告"
    );
    assert_eq!(
        outline(report),
        [
            (1, "银行电商行业发展概述".to_string()),
            (2, "银行电商的定义及分类".to_string()),
            (2, "银行电商行业发展历程".to_string()),
            (1, "银行电商行业发展环境分析".to_string()),
            (2, "政策环境".to_string()),
            (2, "经济环境".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "报告编号",
            "出版单位",
            "关 键 字",
            "交付方式",
            "9800元",
            "联系电话",
            "客服QQ",
            "在线订购",
            "准确把握",
            "更多图表",
            "相关报告",
            "ICP",
        ],
    );
    // The description is a paragraph of its own, not glued to the price.
    assert!(md.contains("\n银行电商是商业银行依托电子商务平台"), "{md}");
}

#[test]
fn news_article_channel_trail_app_plug_and_statement() {
    let report = &json_of(&[&fixture("news-article.txt")])[0];
    // "_示例财经_示例网": the channel and the site both go.
    assert_eq!(
        report["title"],
        "示例省发布2024年支付体系运行情况 移动支付业务量保持增长"
    );
    assert_eq!(report["truncated"], false);
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "> 正文",
            "APP",
            "放大字体",
            "郑重声明",
            "本文标签",
            "www.example",
            "相关新闻",
        ],
    );
    assert!(md.contains("推动支付行业高质量发展。"), "{md}");
    // 全省银行 is the province's banks, not an organisation.
    let orgs = report["organizations"].as_array().unwrap();
    assert!(orgs.is_empty(), "{orgs:?}");
}

#[test]
fn document_site_about_block_and_numbered_terms() {
    let report = &json_of(&[&fixture("docsite-about-block.txt")])[0];
    assert_eq!(report["title"], "2024年示例市第三方支付行业研究报告");
    assert_eq!(report["truncated"], true);
    let md = report["markdown"].as_str().unwrap();
    // The sentence the preview cut off is not continued by the page's
    // furniture after the "continue reading" note.
    assert!(md.trim_end().ends_with("其中，移动支付占比超过"), "{md}");
    assert_removed(
        md,
        &[
            "示例文库",
            "目 录",
            "关于本文",
            "本文标题",
            "链接地址",
            "本文档共36页",
            "内容提供方",
            "侵权举报",
        ],
    );
}

#[test]
fn english_listing_records_and_sales_furniture() {
    let report = &json_of(&[&fixture("english-market-summary.txt")])[0];
    assert_eq!(
        report["title"],
        "Example Lending Platform Market Size, Share & Growth Report, 2030"
    );
    let md = report["markdown"].as_str().unwrap();
    // Each figure is a record of its own line.
    for record in [
        "\n2024 Market Size: USD 8.89 Billion\n",
        "\n2030 Projected Market Size: USD 26.89 Billion\n",
        "\nCAGR (2025-2030): 20.5%\n",
    ] {
        assert!(md.contains(record), "{record:?} in {md}");
    }
    assert_removed(
        md,
        &[
            "Report ID",
            "Historical Range",
            "Sample Copy",
            "sample copy",
            "Purchase",
            "Single User",
            "5,950",
            "Add to cart",
            "Tailored",
            "Our Clients",
            "privacy",
        ],
    );
    assert!(
        md.contains("Example Systems AG, Sample Lending, Inc., and Demo Corporation."),
        "{md}"
    );
}

#[test]
fn traditional_news_page_byline_share_bar_and_declared_regulator() {
    let report = &json_of(&[&fixture("trad-news-article.txt")])[0];
    assert_eq!(report["title"], "2025年示例市纯网银市场发展报告");
    assert_eq!(
        outline(report),
        [(1, "市场概况".to_string()), (1, "监理环境".to_string())]
    );
    let md = report["markdown"].as_str().unwrap();
    // The first line, the title with the site's name, goes as a repeat.
    assert_removed(
        md,
        &["示例时代", "王小明", "Facebook", "复制连结", "延伸阅读"],
    );
    assert!(
        md.starts_with("# 2025年示例市纯网银市场发展报告\n\n随着"),
        "{md}"
    );
    // Its words read as a generic noun, but the alias declaration names it.
    let orgs = report["organizations"].as_array().unwrap();
    assert!(
        orgs.iter().any(|o| o["name"] == "金融监督管理委员会"
            && o["aliases"]
                .as_array()
                .unwrap()
                .contains(&Value::from("金管会"))),
        "{orgs:?}"
    );
}

#[test]
fn flattened_titles_glued_onto_their_text() {
    let report = &json_of(&[&fixture("flat-glued-titles.txt")])[0];
    let titles: Vec<(u64, String)> = outline(report);
    // Where the text repeats the title, opens with a year or starts a new
    // word after the title's closing noun (格局), the title ends there; the
    // other glued titles stay in their paragraphs.
    for expected in [
        (1, "行业概述"),
        (2, "发展历程"),
        (2, "市场规模"),
        (2, "竞争格局"),
        (3, "头部机构"),
        (3, "中小机构"),
        (2, "主要风险"),
    ] {
        assert!(
            titles.contains(&(expected.0, expected.1.to_string())),
            "{expected:?} in {titles:?}"
        );
    }
    let md = report["markdown"].as_str().unwrap();
    assert!(md.contains("\n2009年，原中国银监会发布"), "{md}");
    assert!(md.contains("\n头部机构依托股东资源"), "{md}");
    assert_eq!(report["truncated"], true);
}

#[test]
fn flattened_headings_end_where_a_sentence_opens() {
    let report = &json_of(&[&fixture("flat-glued-openers.txt")])[0];
    assert_eq!(report["title"], "示例市中小银行数字化转型研究");
    // No space or marker after a heading: the sentence's opening words
    // ("近年来，", "目前，") show where it ends.
    assert_eq!(
        outline(report),
        [
            (1, "引言".to_string()),
            (1, "现状分析".to_string()),
            (2, "发展现状".to_string()),
            (2, "主要问题".to_string()),
            (1, "对策建议".to_string()),
            // This chapter's sections skip the 1. level: （一） is one down.
            (2, "加强顶层设计".to_string()),
            (2, "完善数据治理".to_string()),
            (1, "结论".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert!(md.contains("\n近年来，数字技术快速发展"), "{md}");
    assert!(md.contains("\n综上所述，示例市中小银行"), "{md}");
}

#[test]
fn mobile_document_card_and_buttons() {
    let report = &json_of(&[&fixture("docsite-mobile-card.txt")])[0];
    assert_eq!(report["title"], "2024年中国数字人民币应用发展研究报告");
    // "展开全文": the page shows only the start of the document.
    assert_eq!(report["truncated"], true);
    // The card's rating ("4.5分") is no heading.
    assert_eq!(
        outline(report),
        [
            (1, "发展背景".to_string()),
            (2, "政策推动".to_string()),
            (2, "技术基础".to_string()),
            (1, "应用现状".to_string()),
            (2, "试点场景".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "分类",
            "APP",
            "2024-05-12",
            "4.5分",
            "万阅读",
            "20页",
            "展开全文",
            "免费下载此文档",
            // The uploader's masked name.
            "w\\*\\*\\*\\*8",
            "App内打开",
            "相关推荐",
        ],
    );
    assert!(md.contains("\n数字人民币已在批发零售"), "{md}");
}

#[test]
fn english_report_page_controls_and_purchase_prompt() {
    let report = &json_of(&[&fixture("english-report-page-controls.txt")])[0];
    assert_eq!(
        report["title"],
        "Asia Pacific Embedded Finance Market Report 2025"
    );
    // "To read the full report, please purchase a licence."
    assert_eq!(report["truncated"], true);
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "Skip to main content",
            "Menu",
            "Search",
            "Share:",
            "purchase a licence",
            "Buy Now",
        ],
    );
    assert!(md.contains("\n## Executive Summary\n"), "{md}");
    let orgs = report["organizations"].to_string();
    for name in ["Adyen N.V.", "Airwallex", "Reserve Bank of India"] {
        assert!(orgs.contains(name), "{name} in {orgs}");
    }
}

#[test]
fn traditional_report_regulators_and_taiwan_words() {
    let report = &json_of(&[&fixture("trad-internet-banks.txt")])[0];
    assert_eq!(report["title"], "2024年台湾纯网路银行发展研究报告");
    let orgs = report["organizations"].to_string();
    for name in [
        "金融监督管理委员会",
        "金管会",
        "香港金融管理局",
        "玉山银行",
        "中华邮政",
        "国泰金控",
        "中国信托商业银行",
    ] {
        assert!(orgs.contains(name), "{name} in {orgs}");
    }
    // 纯网路银行 (internet-only banks) is a kind of bank, and 将来 (in
    // future) a word: neither is a name.
    for not_a_name in ["台湾纯网路银行", "来商业银行"] {
        assert!(!orgs.contains(not_a_name), "{not_a_name} in {orgs}");
    }
    assert_eq!(
        report["regulations"],
        serde_json::json!(["纯网路银行设立及管理办法", "银行法", "个人资料保护法"])
    );
}

#[test]
fn page_footers_uploader_note_and_a_marker_taken_as_a_line() {
    let report = &json_of(&[&fixture("docsite-page-footers.txt")])[0];
    assert_eq!(report["title"], "2025年银行电商市场调查报告");
    // "第 2 页 共 8 页": two pages of eight shown.
    assert_eq!(report["pages"], serde_json::json!({"shown": 2, "total": 8}));
    assert_eq!(report["truncated"], true);
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "示例文库",
            "上传",
            "猜你喜欢",
            "市场分析",
            "- 1 -",
            "共 8 页",
        ],
    );
    assert!(md.trim_end().ends_with("提升用户体验。"), "{md}");
}

#[test]
fn personal_library_repost_byline_counters_and_buttons() {
    let report = &json_of(&[&fixture("library-repost.txt")])[0];
    // "（全文）" says the page holds the whole text: no part of the title.
    assert_eq!(report["title"], "2024年中国数字人民币发展报告");
    assert_eq!(report["truncated"], false);
    assert_eq!(
        outline(report),
        [
            (1, "发展概况".to_string()),
            (1, "应用场景".to_string()),
            (1, "存在问题".to_string()),
            (2, "用户活跃度不高".to_string()),
            (2, "场景建设有待加强".to_string()),
        ]
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "示例馆主",
            "1523",
            "大 中 小",
            "转藏",
            "献花",
            "举报",
            "上一篇",
            "猜你喜欢",
        ],
    );
    assert!(md.trim_end().ends_with("商户受理环境仍需完善。"), "{md}");
}

#[test]
fn free_preview_page_count_note() {
    let report = &json_of(&[&fixture("docsite-free-pages.txt")])[0];
    assert_eq!(report["title"], "示例省普惠金融发展调研报告");
    // "本文档共12页，可免费预览4页": four pages of twelve shown.
    assert_eq!(
        report["pages"],
        serde_json::json!({"shown": 4, "total": 12})
    );
    assert_eq!(report["truncated"], true);
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["本文档共", "文档格式", "预览已结束", "下载"]);
    assert!(md.trim_end().ends_with("普惠金融服务的"), "{md}");
}

#[test]
fn article_author_card_and_a_question_title() {
    let report = &json_of(&[&fixture("article-author-card.txt")])[0];
    assert_eq!(report["title"], "银行电商的未来在哪里？");
    let md = report["markdown"].as_str().unwrap();
    // The name twice and the bio above the removed follow button.
    assert_removed(md, &["王小明", "从业者", "关注他", "赞同", "IP 属地"]);
    assert!(md.contains("\n过去十年，银行电商经历了"), "{md}");
}

#[test]
fn page_count_in_the_header_and_pages_left_at_the_end() {
    let report = &json_of(&[&fixture("docsite-page-count-header.txt")])[0];
    assert_eq!(report["title"], "2024年中国跨境支付行业研究报告");
    // "页数：28 页" above the text and "还剩23页未读" below it.
    assert_eq!(
        report["pages"],
        serde_json::json!({"shown": 5, "total": 28})
    );
    assert_eq!(report["truncated"], true);
    let md = report["markdown"].as_str().unwrap();
    // The button row ending in a colon and the download prompt.
    assert_removed(md, &["举报", "分享到", "下载文档", "到电脑", "页数"]);
    assert!(md.contains("多边央行数字货币桥项目取得进展。"), "{md}");
}

#[test]
fn comment_box_and_bracketed_editor_credit() {
    let report = &json_of(&[&fixture("news-comment-box.txt")])[0];
    assert_eq!(report["title"], "2025年社区团购市场调查报告");
    // A whole article: the editor's credit is no cut-off last paragraph.
    assert_eq!(report["truncated"], false);
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &["责任编辑", "评论", "用户张三", "点赞", "相关阅读", "下半场"],
    );
    assert!(md.trim_end().ends_with("完善售后服务。"), "{md}");
}

#[test]
fn broker_report_running_header_cover_lines_and_legal_pages() {
    let report = &json_of(&[&fixture("broker-report-pages.txt")])[0];
    assert_eq!(report["title"], "银行业深度报告：零售转型进入深水区");
    let md = report["markdown"].as_str().unwrap();
    // The header that follows each page break (the cover keeps its one).
    assert_eq!(md.matches("行业深度报告 银行").count(), 1, "{md}");
    assert_removed(
        md,
        &[
            "证券研究报告",
            "执业证书编号",
            "请务必阅读",
            "免责声明",
            "仅供本公司客户",
        ],
    );
    assert!(md.trim_end().ends_with("监管政策变化超预期。"), "{md}");
    let outline = report["outline"].as_array().unwrap();
    assert_eq!(outline.len(), 4, "{outline:?}");
}

#[test]
fn english_article_with_the_site_after_a_bar() {
    let report = &json_of(&[&fixture("english-article-site-bar.txt")])[0];
    assert_eq!(report["title"], "Digital Banking in Southeast Asia 2024");
    // "Download the full report to continue reading": cut off.
    assert_eq!(report["truncated"], true);
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "Example Insights",
            "Subscribe",
            "Share this",
            "Download the full",
            "cookies",
        ],
    );
    assert_eq!(
        md.matches("Digital Banking in Southeast Asia 2024").count(),
        1
    );
    assert!(
        md.trim_end().ends_with("most active platform groups."),
        "{md}"
    );
}

#[test]
fn whitepaper_that_reaches_its_back_matter_is_whole() {
    let report = &json_of(&[&fixture("whitepaper-back-matter.txt")])[0];
    assert_eq!(report["title"], "中国供应链金融行业发展白皮书（2024）");
    // It ends in an appendix's entry, without a full stop, yet is whole.
    assert_eq!(report["truncated"], false);
    let titles: Vec<&str> = report["outline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "行业概述",
            "供应链金融的定义",
            "基本模式",
            "参与主体",
            "核心企业",
            "金融机构",
            "发展历程",
            "市场分析"
        ]
    );
}

/// The outline both flattened retail-bank fixtures share.
fn retail_report_outline() -> Vec<(u64, String)> {
    [
        (1, "引言"),
        (1, "现状分析"),
        (2, "业务规模"),
        (2, "渠道建设"),
        (1, "对策建议"),
    ]
    .map(|(level, title)| (level, title.to_string()))
    .to_vec()
}

#[test]
fn a_document_card_glued_onto_a_flattened_page_goes() {
    let report = &json_of(&[&fixture("flat-document-card.txt")])[0];
    // The title runs on into the card ("….docx- 文档编号:…"): it ends at the
    // file name's extension.
    assert_eq!(report["title"], "示例省城市商业银行零售转型研究");
    assert_eq!(outline(report), retail_report_outline());
    let md = report["markdown"].as_str().unwrap();
    for chrome in [
        "文档编号",
        "上传时间",
        "页数",
        "大小",
        "由会员分享",
        ".docx",
    ] {
        assert!(!md.contains(chrome), "{chrome} in {md}");
    }
    assert!(
        md.contains("\n近年来，示例省城市商业银行的零售业务"),
        "{md}"
    );
    assert!(md.contains("以客户为中心重塑服务流程。"), "{md}");
}

#[test]
fn flattened_headings_end_where_a_leading_clause_opens() {
    let report = &json_of(&[&fixture("flat-glued-clauses.txt")])[0];
    assert_eq!(report["title"], "示例市商业银行零售业务研究");
    // "业务规模由于存款竞争加剧，…": the clause 由于… runs to its comma.
    assert_eq!(outline(report), retail_report_outline());
    let md = report["markdown"].as_str().unwrap();
    assert!(md.contains("\n随着移动支付的普及，"), "{md}");
    assert!(md.contains("\n截至2024年底，"), "{md}");
}

#[test]
fn flattened_headings_end_after_their_closing_noun() {
    let report = &json_of(&[&fixture("flat-glued-heading-nouns.txt")])[0];
    assert_eq!(report["title"], "示例县农产品电商市场调研方案");
    // "调研背景农产品电商是…": the heading ends after its noun (背景) where
    // the text opens a sentence of its own. "市场规模持续扩大全县…" goes on
    // with a predicate: the noun may be its sentence's subject, so that one
    // stays in its paragraph.
    let expected = [
        "调研背景",
        "调研目标",
        "调研对象与范围",
        "调研方法",
        "存在问题",
        "对策建议",
    ]
    .map(|title| (1, title.to_string()));
    assert_eq!(outline(report), expected);
    let md = report["markdown"].as_str().unwrap();
    assert!(md.contains("\n农产品电商是县域经济的新增长点"), "{md}");
    assert!(md.contains("\n部分合作社缺乏品牌意识"), "{md}");
}

/// A saved page's lists: items of text become a Markdown list, lists of
/// links (a menu, "相关文档") are the site's, and so is what follows its
/// "related documents" heading.
#[test]
fn html_lists_of_text_and_lists_of_links() {
    let reports = json_of(&[fixture("page-with-lists.html").as_path()]);
    let md = reports[0]["markdown"].as_str().unwrap();
    assert!(
        md.contains(
            "主要驱动因素包括：\n\n- 消费升级带动需求增长；\n- 5G网络普及降低了连接成本。\n"
        ),
        "{md}"
    );
    for chrome in [
        "首页",
        "行业报告\n",
        "论文",
        "上传人",
        "格式",
        "下载本文档",
        "收藏",
        "相关文档",
        "智能家居市场调研方案",
        "Copyright",
        "•",
    ] {
        assert!(!md.contains(chrome), "{chrome} left in {md}");
    }
    assert_eq!(
        outline(&reports[0])
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>(),
        ["市场概述", "竞争格局"]
    );
    assert_eq!(reports[0]["truncated"], true);
}

#[test]
fn a_title_keeps_its_bracketed_summary_word() {
    // "…报告（摘要）": 摘要 in brackets is the title's, not the body's start.
    let report = &json_of(&[&fixture("wechat-article-summary.txt")])[0];
    assert_eq!(report["title"], "2025年中国消费金融行业发展报告（摘要）");
    assert_eq!(
        outline(report),
        ["行业概况", "监管环境", "发展建议"].map(|t| (1, t.to_string()))
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["听全文", "往期推荐", "轻点两下"]);
    assert!(md.contains("导读：消费金融行业在规范中发展"), "{md}");
    assert_eq!(report["truncated"], false);
}

#[test]
fn an_article_platforms_comment_section_ends_the_text() {
    let report = &json_of(&[&fixture("column-article-comments.txt")])[0];
    // " - 知乎" is the platform's name, and the repeated title goes.
    assert_eq!(report["title"], "2025年数字支付行业研究：跨境支付的新机会");
    assert_eq!(
        outline(report),
        ["市场规模", "竞争格局"].map(|t| (1, t.to_string()))
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["示例读者", "感谢分享", "IP 属地", "回复", "知乎"]);
    assert!(md.contains("须符合外汇管理要求。"), "{md}");
    // Whole: it was the comments that ended mid-sentence.
    assert_eq!(report["truncated"], false);
}

#[test]
fn a_blog_posts_counters_column_box_and_footer_are_chrome() {
    let report = &json_of(&[&fixture("blog-post-column.txt")])[0];
    assert_eq!(report["title"], "银行数字化转型调研报告（2025）");
    // "12 篇文章 3 订阅" was a heading.
    assert_eq!(
        outline(report),
        ["背景", "主要发现", "结论"].map(|t| (1, t.to_string()))
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "阅读量",
            "收藏 18",
            "点赞数",
            "分类专栏",
            "专栏收录",
            "篇文章",
            "订阅专栏",
            "知识点",
            "专栏目录",
            "参与评论",
            "未登录",
            "CSDN",
        ],
    );
    assert!(
        md.contains("数字化转型需要战略、组织和技术的协同推进。"),
        "{md}"
    );
    assert_eq!(report["truncated"], false);
}

#[test]
fn a_doc_librarys_search_prompt_does_not_join_a_cut_off_paragraph() {
    let report = &json_of(&[&fixture("doc-library-search-prompt.txt")])[0];
    assert_eq!(report["title"], "2025年融资租赁行业发展报告");
    assert_eq!(report["truncated"], true);
    assert_eq!(report["pages"]["total"], 26);
    let md = report["markdown"].as_str().unwrap();
    assert!(md.ends_with("资产质量下滑的双重压力，\n"), "{md}");
    assert_removed(md, &["点击搜索", "认证用户", "关闭预览", "\n文档\n"]);
    let orgs = report["organizations"].to_string();
    assert!(!orgs.contains("道客巴巴"), "{orgs}");
}

#[test]
fn a_doc_librarys_slogan_and_download_terms_are_chrome() {
    let report = &json_of(&[&fixture("doc-library-slogan.txt")])[0];
    assert_eq!(report["title"], "2025年第三方支付行业研究报告");
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["知识变现", "下载后只包含", "需要金币", "文档评论"]);
    assert!(
        md.starts_with("# 2025年第三方支付行业研究报告\n\n## 行业概况\n"),
        "{md}"
    );
    assert_eq!(report["truncated"], false);
}

#[test]
fn a_blog_apps_plug_ends_the_text_and_its_counters_go() {
    let report = &json_of(&[&fixture("blog-app-plug.txt")])[0];
    assert_eq!(report["title"], "2025年保险科技行业观察");
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["字数", "赞赏", "简书", "小礼物", "总资产"]);
    assert!(md.contains("向更深层次的智能化方向发展。"), "{md}");
    assert_eq!(report["truncated"], false);
}

#[test]
fn counts_under_a_byline_and_a_newspapers_reporter_are_chrome() {
    let report = &json_of(&[&fixture("personal-library-counts.txt")])[0];
    assert_eq!(report["title"], "2025年供应链金融发展报告");
    let md = report["markdown"].as_str().unwrap();
    // "0" and "12" between the date and 转藏.
    assert!(!md.contains("\n0\n") && !md.contains("\n12\n"), "{md}");
    assert_removed(md, &["类似文章", "馆主 >", "一键举报"]);

    let report = &json_of(&[&fixture("news-paper-byline.txt")])[0];
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["证券时报记者", "缩小字体", "放大字体", "责任编辑"]);
    assert!(md.contains("理财登记中心表示"), "{md}");
}

#[test]
fn a_site_name_shown_apart_leaves_the_title_and_a_previews_count_is_read() {
    let report = &json_of(&[&fixture("research-aggregator-listing.txt")])[0];
    // "…报告-发现报告" with "发现报告" alone on the next line.
    assert_eq!(report["title"], "2025年中国数字银行行业研究报告");
    assert_eq!(report["truncated"], true);
    assert_eq!(report["pages"]["shown"], 5);
    assert_eq!(report["pages"]["total"], 28);
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["发现报告", "在线预览", "相关报告"]);
    assert!(md.contains("中小机构寻求差异化发展。"), "{md}");
}

#[test]
fn a_broker_summarys_date_code_disclaimers_and_footer_links_are_chrome() {
    let report = &json_of(&[&fixture("broker-summary-footer.txt")])[0];
    assert_eq!(
        report["title"],
        "示例证券-银行业2025年中期策略：息差企稳，估值修复"
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &["原文PDF", "入市需谨慎", "免责声明", "行业研报", "郑重声明"],
    );
    assert!(md.ends_with("资产质量恶化超预期。\n"), "{md}");
    // The page ends in links, not in a cut-off sentence.
    assert_eq!(report["truncated"], false);
}

#[test]
fn a_government_pages_buttons_links_and_footer_are_chrome() {
    let report = &json_of(&[&fixture("government-policy-page.txt")])[0];
    assert_eq!(
        report["title"],
        "关于《非银行支付机构监督管理条例实施细则》的解读"
    );
    assert_eq!(
        outline(report),
        ["出台背景", "主要内容", "实施安排"].map(|t| (1, t.to_string()))
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &["字体", "纠错", "责任编辑", "相关链接", "主办单位", "ICP"],
    );
    assert!(md.ends_with("《实施细则》自公布之日起施行。\n"), "{md}");
    assert_eq!(report["truncated"], false);
}

#[test]
fn capital_letter_sections_are_headings() {
    let report = &json_of(&[&fixture("lettered-sections.txt")])[0];
    let parts = outline(report);
    assert_eq!(
        parts[parts.len() - 3..],
        [
            (1, "发展建议".to_string()),
            (2, "完善法律框架".to_string()),
            (2, "丰富应用生态".to_string())
        ]
    );
    // Ⅰ. and 一． are sections too.
    assert!(parts.contains(&(2, "政策演进".to_string())), "{parts:?}");
    assert!(parts.contains(&(2, "零售支付".to_string())), "{parts:?}");
}

#[test]
fn an_english_listings_key_players_joined_by_and_are_two_names() {
    let report = &json_of(&[&fixture("english-listing-overview.txt")])[0];
    assert_eq!(
        report["title"],
        "Digital Banking Platform Market Size & Share Report, 2030"
    );
    let orgs = report["organizations"].to_string();
    // "Temenos AG and Oracle Corporation" was one name, "…Oracle Co".
    assert!(!orgs.contains("Oracle Co\""), "{orgs}");
    assert!(orgs.contains("Oracle Corporation"), "{orgs}");
    assert!(orgs.contains("\"Temenos AG\""), "{orgs}");
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &["Report Pages", "Report ID", "Free Sample", "Testimonials"],
    );
    assert!(md.contains("launched a new cloud banking suite."), "{md}");
}

#[test]
fn a_simplified_report_with_a_few_garbled_words() {
    // Most of the text is simplified, so it is not converted as a whole;
    // the words the site garbled (and marked with pinyin) are.
    let v = &json_of(&[&fixture("partly-garbled.txt")])[0];
    assert_eq!(v["title"], "2025年示例市跨境电商发展调查报告");
    let md = v["markdown"].as_str().unwrap();
    assert!(md.contains("市场主体超过1200家"), "{md}");
    assert!(md.contains("（简称“市商务局”）"), "{md}");
    // Simplified text that `tw2s` would change is left alone.
    assert!(md.contains("企业满意度显著提高"), "{md}");
    for garbled in ["電", "場", "務"] {
        assert!(!md.contains(garbled), "{garbled} in {md}");
    }
    assert_eq!(
        outline(v),
        [(1, "发展现状"), (1, "存在问题"), (1, "对策建议")].map(|(l, t)| (l, t.to_string()))
    );
}

#[test]
fn a_news_sites_reporter_proofreader_tip_line_and_reprint_ban_are_chrome() {
    let report = &json_of(&[&fixture("news-reprint-ban.txt")])[0];
    assert_eq!(report["title"], "2025年数字人民币试点进展报告");
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &["新闻记者", "字号", "责任编辑", "校对", "报料", "不得转载"],
    );
    assert!(md.contains("已在零售、政务和跨境支付等领域落地。"), "{md}");
    // The reprint ban was the last line: without it the text is whole.
    assert_eq!(report["truncated"], false);
}

#[test]
fn a_research_shops_order_fields_and_buttons_are_chrome() {
    let report = &json_of(&[&fixture("research-shop-order.txt")])[0];
    assert_eq!(
        report["title"],
        "2025-2031年中国第三方支付行业市场全景评估及投资前景研判报告"
    );
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "订购邮箱",
            "在线订购",
            "以下方式订购",
            "加入购物车",
            "报告价格",
        ],
    );
    assert!(md.contains("共十二章"), "{md}");
    assert_eq!(report["truncated"], false);
    assert_eq!(report["outline"].as_array().map(Vec::len), Some(6));
}

#[test]
fn a_feed_accounts_name_above_its_dateline_is_chrome() {
    let report = &json_of(&[&fixture("feed-account-dateline.txt")])[0];
    assert_eq!(report["title"], "2025年中国保险科技行业研究报告");
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["示例研究院", "08:00", "举报/反馈"]);
    assert!(md.contains("保险科技正在重塑保险业的价值链。"), "{md}");
    assert_eq!(report["truncated"], false);
}

#[test]
fn a_press_releases_wire_furniture_is_chrome() {
    let report = &json_of(&[&fixture("english-press-release.txt")])[0];
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "News provided by",
            "09:00 ET",
            "Share this article",
            "/PRNewswire/",
            "Media Contact",
            "Jane Doe",
            "press@example.com",
            "SOURCE Example Research",
            "View original content",
            "About Example Research",
            "headquartered in New York",
        ],
    );
    // The publisher after a spaced dash leaves the title.
    assert_eq!(
        report["title"],
        "Digital Payments Market to Reach USD 361 Billion by 2030"
    );
    // The first sentence keeps its text once the wire dateline is cut off.
    assert!(
        md.contains("\n\nThe global digital payments market is projected to grow"),
        "{md}"
    );
    assert!(
        md.contains("Key players include PayPal Holdings, Inc."),
        "{md}"
    );
    assert_eq!(report["truncated"], false);
}

#[test]
fn a_hong_kong_pages_date_field_and_print_controls_are_chrome() {
    let report = &json_of(&[&fixture("trad-hk-page-controls.txt")])[0];
    assert_eq!(report["title"], "香港金融科技发展报告2025");
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["发布日期", "列印本页", "返回页首", "分享"]);
    assert!(md.contains("更多金融科技公司将进入市场。"), "{md}");
    assert_eq!(report["truncated"], false);
    assert_eq!(report["regulations"][0], "打击洗钱及恐怖分子资金筹集指引");
}

#[test]
fn a_document_librarys_upload_note_rating_and_related_list_are_chrome() {
    let report = &json_of(&[&fixture("doc-library-upload-note.txt")])[0];
    assert_eq!(report["title"], "2025年中国供应链金融行业白皮书");
    let md = report["markdown"].as_str().unwrap();
    assert_removed(
        md,
        &[
            "MBA智库",
            "用户上传",
            "相关文档推荐",
            "文档评分",
            "3.5分",
            "金币",
        ],
    );
    assert!(md.contains("中国建设银行规模领先。"), "{md}");
    assert_eq!(report["truncated"], false);
}

#[test]
fn a_tag_in_brackets_before_the_title_is_not_part_of_it() {
    let report = &json_of(&[&fixture("tagged-title.txt")])[0];
    assert_eq!(report["title"], "2025年示例省银行业市场调查报告");
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["【行业报告】"]);
    assert_eq!(
        outline(report),
        ["市场概况", "发展趋势"].map(|t| (1, t.to_string()))
    );
}

#[test]
fn a_sites_name_slogan_and_menu_above_the_reports_title_are_chrome() {
    let report = &json_of(&[&fixture("docsite-slogan-above-title.txt")])[0];
    assert_eq!(report["title"], "2024年中国储能电池行业研究报告");
    let md = report["markdown"].as_str().unwrap();
    assert_removed(md, &["示例文档网", "知识共享", "文档分类"]);
    assert!(
        md.starts_with("# 2024年中国储能电池行业研究报告\n\n## 行业概述\n"),
        "{md}"
    );
}

#[test]
fn a_short_line_after_the_title_and_a_cover_date_above_it_stay() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    std::fs::write(
        &path,
        "2025年03月\n储能行业年度报告\n——技术路线与商业模式\n储能行业快速发展。\n储能行业年度报告\n一、概述\n正文。\n",
    )
    .unwrap();
    let report = &json_of(&[&path])[0];
    let md = report["markdown"].as_str().unwrap();
    // The date above the title is the cover's; the subtitle below it and
    // the text stay, and so does a later running header's line.
    assert!(md.contains("2025年03月"), "{md}");
    assert!(md.contains("——技术路线与商业模式"), "{md}");
    assert!(md.contains("储能行业快速发展。"), "{md}");
}

#[test]
fn markdown_a_text_copy_kept_is_read_not_escaped() {
    let reports = json_of(&[
        &fixture("markdown-copy.txt"),
        &fixture("markdown-flattened.txt"),
    ]);
    let lines = &reports[0];
    assert_eq!(lines["title"], "跨境支付行业观察");
    assert_eq!(
        outline(lines),
        [
            (1, "1. 市场规模".to_string()),
            (2, "主要结论".to_string()),
            (1, "2. 监管环境".to_string())
        ]
    );
    let md = lines["markdown"].as_str().unwrap();
    assert!(md.contains("\n\n## 1. 市场规模\n\n"), "{md}");
    assert!(md.contains("占比达到 23.8% ,头部机构份额稳定。"), "{md}");
    assert!(
        !md.contains('\\') && !md.contains('*') && !md.contains('>'),
        "{md}"
    );

    // Flattened onto one line: the headings come back, and the source line
    // is not taken for a title.
    let flat = &reports[1];
    assert_eq!(flat["title"], Value::Null);
    assert_eq!(
        outline(flat),
        [
            (1, "跨境支付行业周报".to_string()),
            (1, "核心观点".to_string())
        ]
    );
    let md = flat["markdown"].as_str().unwrap();
    assert!(md.contains("\n\n风险提示 监管政策变化,竞争加剧。"), "{md}");
}
