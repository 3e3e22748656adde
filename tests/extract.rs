//! Entity extraction on hand-written fixtures: one report with regulations,
//! organisations, alias declarations and case studies; site data files;
//! hostile input.

use std::path::Path;

use gen::config::IndexConfig;
use gen::extract::{
    document_entities, extract_site, CaseOutcome, Entities, EntityKind, KnowledgeBase,
    ParagraphRef, RegulationKind,
};

const REPORT: &str = include_str!("fixtures/extract/report.md");

/// (headings, text, url) of every paragraph of a small Markdown file.
fn paragraphs_of(markdown: &str) -> Vec<(Vec<String>, String, String)> {
    let mut headings: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for line in markdown.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let level = line.chars().take_while(|c| *c == '#').count();
        if level > 0 {
            headings.truncate(level - 1);
            while headings.len() < level - 1 {
                headings.push(String::new());
            }
            headings.push(line[level..].trim().to_string());
        } else {
            let anchor = format!("p{}", out.len() + 1);
            out.push((headings.clone(), line.to_string(), anchor));
        }
    }
    out
}

fn site_entities(kb: &KnowledgeBase) -> Entities {
    let paras = paragraphs_of(REPORT);
    let refs: Vec<ParagraphRef> = paras
        .iter()
        .map(|(headings, text, anchor)| ParagraphRef {
            report: "pay",
            chapter: "数字支付行业观察",
            page_url: "/pay/ch1/",
            anchor,
            headings,
            text,
        })
        .collect();
    extract_site(&refs, kb)
}

#[test]
fn regulations_are_merged_and_classified_and_books_are_not_regulations() {
    let kb = KnowledgeBase::builtin();
    let doc = document_entities(REPORT, &kb);
    assert_eq!(
        doc.regulations,
        [
            "中华人民共和国数据安全法",
            "中华人民共和国个人信息保护法",
            "非银行支付机构条例",
            "“十四五”数字经济发展规划",
            "金融科技发展规划(2022—2025年)",
        ]
    );
    let site = site_entities(&kb);
    let dsl = site
        .regulations
        .iter()
        .find(|r| r.name == "中华人民共和国数据安全法")
        .unwrap();
    assert_eq!(dsl.kind, RegulationKind::Law);
    // Mentioned twice in one paragraph: listed once.
    assert_eq!(dsl.mentions.len(), 1);
    assert!(dsl.aliases.contains(&"数据安全法".to_string()));
    let plan = site
        .regulations
        .iter()
        .find(|r| r.name.contains("数字经济"))
        .unwrap();
    assert_eq!(plan.kind, RegulationKind::Plan);
}

#[test]
fn organisations_with_declared_aliases_and_no_generic_nouns() {
    let kb = KnowledgeBase::builtin();
    let doc = document_entities(REPORT, &kb);
    let names: Vec<&str> = doc.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "中国人民银行",
            "国家金融监督管理总局",
            "星河数字科技有限公司",
            "招商银行",
            "微众银行",
            "支付宝",
        ]
    );
    let pboc = &doc.organizations[0];
    assert_eq!(pboc.aliases, ["央行"]);
    let xinghe = &doc.organizations[2];
    assert_eq!(xinghe.aliases, ["星河数科"]);

    let site = site_entities(&kb);
    let xinghe = site
        .organizations
        .iter()
        .find(|o| o.name == "星河数字科技有限公司")
        .unwrap();
    // Two uses in one paragraph: listed once.
    assert_eq!(xinghe.mentions.len(), 1);
    assert!(xinghe
        .mentions
        .iter()
        .all(|m| m.url().starts_with("/pay/ch1/#p")));
}

#[test]
fn a_short_form_used_before_its_declaration_joins_the_full_name() {
    let kb = KnowledgeBase::builtin();
    let doc = document_entities(
        "公司与控股股东青岚集团签订协议。\n\n青岚集团有限公司(以下简称“青岚集团”)持有公司股份。青岚集团表示支持。",
        &kb,
    );
    let names: Vec<&str> = doc.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["青岚集团有限公司"]);
    assert_eq!(doc.organizations[0].aliases, ["青岚集团"]);
}

#[test]
fn a_filings_generic_short_form_and_other_countries_bodies_name_no_one() {
    let kb = KnowledgeBase::builtin();
    let doc = document_entities(
        "为规范青岚液压股份有限公司(以下简称“公司”)的行为，根据《中华人民共和国公司法》制定本制度。\n\n凡经批准设立的证券公司(以下简称公司)应当按时报送年度报告。\n\n美国财政部与日本央行联合发布声明，中国人民银行(以下简称“央行”)表示关注，央行将继续观察。\n\n我们判断公司业绩稳健，五大国有银行与八间数字银行均在从事投资银行业务。",
        &kb,
    );
    let names: Vec<&str> = doc.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["青岚液压股份有限公司", "中国人民银行"]);
    assert!(doc.organizations[0].aliases.is_empty());
    assert_eq!(doc.organizations[1].aliases, ["央行"]);
    // A preview cut inside a word leaves no short name at its end.
    let doc = document_entities("行业进入整合期。金融创", &kb);
    assert!(doc.organizations.is_empty(), "{:?}", doc.organizations);
}

#[test]
fn life_insurers_by_their_line_and_subsidiaries_by_their_own_names() {
    let kb = KnowledgeBase::builtin();
    let doc = document_entities(
        "国泰人寿与新光人寿保费增长，人寿公司普遍承压。本公司通过全资子公司青岚致远资本投资有限公司认购。",
        &kb,
    );
    let names: Vec<&str> = doc.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["国泰人寿", "新光人寿", "青岚致远资本投资有限公司"]);
}

#[test]
fn rules_on_reports_and_research_are_regulations() {
    let kb = KnowledgeBase::builtin();
    let doc = document_entities(
        "协会编制了《农业建设项目可行性研究报告编制规定》(以下简称《编制规定》)。《编制规定》共4章。另见《2025年中国农业发展研究报告》。",
        &kb,
    );
    assert_eq!(doc.regulations, ["农业建设项目可行性研究报告编制规定"]);
}

#[test]
fn cases_have_subjects_outcomes_and_products() {
    let kb = KnowledgeBase::builtin();
    let site = site_entities(&kb);
    let summary: Vec<(&str, CaseOutcome, Vec<&str>)> = site
        .cases
        .iter()
        .map(|c| {
            (
                c.subject.as_str(),
                c.outcome,
                c.products.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("微众银行", CaseOutcome::Success, vec!["微粒贷"]),
            ("支付宝", CaseOutcome::Success, vec!["余额宝", "花呗"]),
            ("某知名互联网金融平台", CaseOutcome::Failure, vec![]),
            ("一家城商行", CaseOutcome::Failure, vec![]),
            ("案例启示", CaseOutcome::Lesson, vec![]),
        ]
    );
    assert!(site.cases[2].anonymous);
    let ids: std::collections::HashSet<&str> = site.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), site.cases.len());
}

#[test]
fn entities_snapshot() {
    let kb = KnowledgeBase::builtin();
    let site = site_entities(&kb);
    insta::assert_yaml_snapshot!("extract_fixture_entities", site);
}

#[test]
fn linker_marks_first_mentions() {
    let kb = KnowledgeBase::builtin();
    let site = site_entities(&kb);
    let linker = site.linker();
    let text = "央行与中国人民银行依据《数据安全法》监管星河数科,央行再次强调";
    let spans = linker.first_spans(text);
    let found: Vec<(&str, EntityKind)> = spans
        .iter()
        .map(|s| (&text[s.range.clone()], s.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("央行", EntityKind::Organization),
            ("数据安全法", EntityKind::Regulation),
            ("星河数科", EntityKind::Organization),
        ]
    );
}

#[test]
fn site_files_extend_the_builtin_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(
        dir.path().join("data/orgs.toml"),
        "[[organization]]\nname = \"青岚资本管理有限公司\"\naliases = [\"青岚资本\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("data/regs.toml"),
        "[[regulation]]\nname = \"青岚市数据条例\"\naliases = [\"数据条例\"]\nkind = \"administrative-regulation\"\n",
    )
    .unwrap();
    let cfg = IndexConfig {
        regulations: Some("data/regs.toml".into()),
        organizations: Some("data/orgs.toml".into()),
        ..IndexConfig::default()
    };
    let kb = KnowledgeBase::with_site_files(dir.path(), &cfg).unwrap();
    let doc = document_entities("青岚资本依据《数据条例》开展业务。", &kb);
    assert_eq!(doc.organizations[0].name, "青岚资本管理有限公司");
    assert_eq!(doc.regulations, ["数据条例"]);

    std::fs::write(
        dir.path().join("data/orgs.toml"),
        "[[organization]]\nname = [1]\n",
    )
    .unwrap();
    let err = format!(
        "{:#}",
        KnowledgeBase::with_site_files(dir.path(), &cfg).unwrap_err()
    );
    assert!(err.contains("orgs.toml:2:"), "{err}");

    let missing = IndexConfig {
        regulations: Some("nope.toml".into()),
        ..IndexConfig::default()
    };
    let err = format!(
        "{:#}",
        KnowledgeBase::with_site_files(Path::new(dir.path()), &missing).unwrap_err()
    );
    assert!(err.contains("nope.toml"), "{err}");
}

#[test]
fn hostile_input_never_panics() {
    let kb = KnowledgeBase::builtin();
    let nasty = [
        "",
        "《",
        "》》《《《",
        "《《《中华人民共和国》》",
        "(简称“",
        "银行",
        "公司(以下简称“",
        "中国人民银行(简称“央行”",
        "\u{0}\u{feff}𠀀𠀁《𠀂法》",
        "ＡＢＣ公司（简称「ＡＢ」）",
        "a\u{301}银行b\u{301}",
        "(北京)有限公司",
        "）（）（有限公司",
        "players such as , , and",
    ];
    let long = "某".repeat(10_000) + &"银行".repeat(5_000) + &"《".repeat(1_000);
    for text in nasty.iter().copied().chain(std::iter::once(long.as_str())) {
        let doc = document_entities(text, &kb);
        let headings = vec!["案例分析".to_string()];
        let refs = [ParagraphRef {
            report: "r",
            chapter: "c",
            page_url: "/r/",
            anchor: "p1",
            headings: &headings,
            text,
        }];
        let site = extract_site(&refs, &kb);
        let _ = site.linker().spans(text);
        let _ = doc;
    }
}
