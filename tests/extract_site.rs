//! The entity indexes in a real build: `gen init`, add a hand-written report,
//! `gen build`, then check the index pages, `data/entities.json` (every
//! mention URL resolves to a page and a paragraph anchor), the mention links
//! in the text and the `[index]` switches.

use std::path::Path;

use assert_cmd::Command;

const REPORT: &str = include_str!("fixtures/extract/report.md");

fn gen(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("gen").unwrap();
    cmd.arg("--root").arg(root).env("NO_COLOR", "1");
    cmd
}

/// A new site with the fixture report as `content/pay/`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("gen")
        .unwrap()
        .arg("init")
        .arg(dir.path())
        .assert()
        .success();
    let report = dir.path().join("content/pay");
    std::fs::create_dir_all(&report).unwrap();
    std::fs::write(
        report.join("index.md"),
        "+++\ntitle = \"数字支付行业观察\"\n+++\n\n本报告观察数字支付行业。\n",
    )
    .unwrap();
    let body = REPORT.split_once('\n').map(|x| x.1).unwrap_or(REPORT);
    std::fs::write(
        report.join("01-guan-cha.md"),
        format!("+++\ntitle = \"行业观察\"\nweight = 1\n+++\n{body}"),
    )
    .unwrap();
    dir
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn index_pages_entities_json_and_mention_links() {
    let dir = site();
    let root = dir.path();
    gen(root).arg("build").assert().success();

    let regs = read(root, "book/regulations/index.html");
    assert!(regs.contains("<svg") && regs.contains("role=\"img\""));
    assert!(regs.contains("法律") && regs.contains("规划与方案"));
    assert!(regs.contains("中华人民共和国数据安全法"));
    assert!(!regs.contains("人民日报") && !regs.contains("三体"));
    let orgs = read(root, "book/organizations/index.html");
    assert!(orgs.contains("星河数字科技有限公司") && orgs.contains("星河数科"));
    let cases = read(root, "book/cases/index.html");
    assert!(cases.contains("成功案例") && cases.contains("失败案例"));
    assert!(cases.contains("某知名互联网金融平台"));

    let json: serde_json::Value =
        serde_json::from_str(&read(root, "book/data/entities.json")).unwrap();
    let mut checked = 0;
    for kind in ["regulations", "organizations", "cases"] {
        for entity in json[kind].as_array().unwrap() {
            let url = entity["url"].as_str().unwrap();
            let page = url.split('#').next().unwrap();
            assert!(
                root.join("book").join(page).join("index.html").is_file(),
                "{url}"
            );
            for m in entity["mentions"].as_array().unwrap() {
                let url = m["url"].as_str().unwrap();
                let (page, anchor) = url.split_once('#').unwrap();
                let html = read(root, &format!("book/{page}index.html"));
                assert!(html.contains(&format!("id=\"{anchor}\"")), "{url}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "{checked}");

    let chapter = read(root, "book/reports/pay/01-guan-cha/index.html");
    assert!(chapter.contains("class=\"mention\""), "{chapter}");
    assert!(chapter.contains("href=\"/organizations/xing-he-shu-zi-ke-ji-you-xian-gong-si/\""));
    let report = read(root, "book/reports/pay/index.html");
    assert!(report.contains("引用的法规") && report.contains("提及的机构"));
}

#[test]
fn index_switches_in_book_toml() {
    let dir = site();
    let root = dir.path();
    let toml = read(root, "book.toml");
    std::fs::write(
        root.join("book.toml"),
        format!("{toml}\n[index]\nlink-mentions = false\n"),
    )
    .unwrap();
    gen(root).arg("build").assert().success();
    assert!(!read(root, "book/reports/pay/01-guan-cha/index.html").contains("class=\"mention\""));
    assert!(root.join("book/regulations/index.html").is_file());

    std::fs::write(
        root.join("book.toml"),
        format!("{toml}\n[index]\nenable = false\n"),
    )
    .unwrap();
    gen(root).arg("build").assert().success();
    assert!(!root.join("book/regulations").exists());
    assert!(!root.join("book/data/entities.json").exists());
}

#[test]
fn broken_site_data_file_names_file_and_line() {
    let dir = site();
    let root = dir.path();
    let toml = read(root, "book.toml");
    std::fs::write(
        root.join("book.toml"),
        format!("{toml}\n[index]\norganizations = \"orgs.toml\"\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("orgs.toml"),
        "[[organization]]\nname = \"x\"\nalias = []\n",
    )
    .unwrap();
    let out = gen(root).arg("build").assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("orgs.toml:3:"), "{stderr}");
}

#[test]
fn mentions_in_list_items_and_table_rows_are_indexed() {
    let dir = site();
    let root = dir.path();
    std::fs::write(
        root.join("content/pay/02-he-zuo.md"),
        "+++\ntitle = \"合作机构\"\nweight = 2\n+++\n\n合作机构有：\n\n- 星河数科负责清算\n- 北辰消费金融有限公司\n\n| 机构 | 依据 |\n| --- | --- |\n| 招商银行 | 《非银行支付机构条例》 |\n",
    )
    .unwrap();
    gen(root).arg("build").assert().success();
    let json: serde_json::Value =
        serde_json::from_str(&read(root, "book/data/entities.json")).unwrap();
    // Each entity's mentions on the new chapter, as (url, context).
    let on_page = |kind: &str, name: &str| -> Vec<(String, String)> {
        json[kind]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["name"] == name)
            .flat_map(|e| e["mentions"].as_array().unwrap().clone())
            .filter(|m| m["url"].as_str().unwrap().contains("02-he-zuo"))
            .map(|m| {
                let s = |k: &str| m[k].as_str().unwrap().to_string();
                (s("url"), s("context"))
            })
            .collect()
    };
    let page = "reports/pay/02-he-zuo/";
    assert_eq!(
        on_page("organizations", "星河数字科技有限公司"),
        [(format!("{page}#p-2"), "星河数科负责清算".to_string())]
    );
    assert_eq!(
        on_page("organizations", "北辰消费金融有限公司"),
        [(format!("{page}#p-3"), "北辰消费金融有限公司".to_string())]
    );
    assert_eq!(
        on_page("organizations", "招商银行"),
        [(
            format!("{page}#p-4"),
            "招商银行 | 《非银行支付机构条例》".to_string()
        )]
    );
    assert_eq!(on_page("regulations", "非银行支付机构条例").len(), 1);
    // The anchors are on the items and the row, and the mentions link.
    let html = read(root, &format!("book/{page}index.html"));
    assert!(
        html.contains("<li id=\"p-2\"><a class=\"mention\""),
        "{html}"
    );
    assert!(
        html.contains("<tr id=\"p-4\"><td><a class=\"mention\""),
        "{html}"
    );
}

#[test]
fn companies_listed_under_a_heading_are_organisations() {
    let dir = site();
    let root = dir.path();
    std::fs::write(
        root.join("content/pay/02-he-zuo.md"),
        "+++\ntitle = \"Market\"\nweight = 2\n+++\n\nThe market grows.\n\n## Key Companies Profiled\n\n- Northwind Payments, Inc.\n- Contoso Pay: a wallet for small shops\n- Others\n\n## Regional Analysis\n\n- Fabrikam\n",
    )
    .unwrap();
    gen(root).arg("build").assert().success();
    let json: serde_json::Value =
        serde_json::from_str(&read(root, "book/data/entities.json")).unwrap();
    let names: Vec<&str> = json["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Northwind Payments, Inc."), "{names:?}");
    assert!(names.contains(&"Contoso Pay"), "{names:?}");
    // "Others" is no company, and a sentence under another heading is no list item.
    assert!(!names.contains(&"Others"), "{names:?}");
    assert!(
        !names.iter().any(|n| n.starts_with("Fabrikam")),
        "{names:?}"
    );
    // The items link to their index pages.
    let html = read(root, "book/reports/pay/02-he-zuo/index.html");
    assert!(html.contains("class=\"mention\""), "{html}");
}
