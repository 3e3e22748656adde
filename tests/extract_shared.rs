//! Extraction measured on the real scraped samples in `../shared` (seed and
//! dev corpus) with the scorer's metrics. Runs only where that folder exists;
//! nothing from it is copied into the repository.
//!
//! `cargo test --test extract_shared -- --nocapture` prints the numbers.

use std::path::{Path, PathBuf};

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use gen::extract::{document_entities, extract_site, CaseOutcome, KnowledgeBase, ParagraphRef};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "notice: {} not found; skipping the shared-corpus checks",
            dir.display()
        );
        None
    }
}

/// Rough cleaning (import does this properly): pinyin annotations out,
/// traditional → simplified, NFKC.
fn clean(raw: &str, cc: &OpenCC) -> String {
    let pinyin = Regex::new(r"([\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)").unwrap();
    let text = pinyin.replace_all(raw, "$1");
    cc.convert(&text).nfkc().collect()
}

/// The scorer's normalisation.
fn norm(s: &str) -> String {
    let s: String = s.nfkc().collect();
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '《' && *c != '》' && *c != '\u{3000}')
        .collect()
}

fn law_key(s: &str) -> String {
    let s = norm(s);
    match s.strip_prefix("中华人民共和国") {
        Some(r) => r.to_string(),
        None => s,
    }
}

fn samples(dir: &Path) -> Vec<(PathBuf, serde_json::Value)> {
    let mut out = Vec::new();
    for sub in ["seeds", "corpus/dev"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            let exp = f.with_extension("expected.json");
            if let Ok(text) = std::fs::read_to_string(&exp) {
                out.push((f, serde_json::from_str(&text).unwrap()));
            }
        }
    }
    out
}

fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn regulations_and_organisations_meet_the_scorer_thresholds() {
    let Some(dir) = shared_dir() else { return };
    let cc = OpenCC::from_config(BuiltinConfig::Tw2s).unwrap();
    let kb = KnowledgeBase::builtin();
    let (mut reg_p, mut reg_r, mut org_r, mut n) = (0.0, 0.0, 0.0, 0.0);
    for (file, exp) in samples(&dir) {
        let raw = std::fs::read_to_string(&file).unwrap();
        let got = document_entities(&clean(&raw, &cc), &kb);
        let er: std::collections::BTreeSet<String> = strings(&exp, "regulations")
            .iter()
            .map(|s| law_key(s))
            .collect();
        let gr: std::collections::BTreeSet<String> =
            got.regulations.iter().map(|s| law_key(s)).collect();
        let both = er.intersection(&gr).count() as f64;
        let p = if gr.is_empty() {
            if er.is_empty() {
                1.0
            } else {
                0.0
            }
        } else {
            both / gr.len() as f64
        };
        let r = if er.is_empty() {
            1.0
        } else {
            both / er.len() as f64
        };
        let mut names = std::collections::BTreeSet::new();
        for o in &got.organizations {
            names.insert(norm(&o.name));
            names.extend(o.aliases.iter().map(|a| norm(a)));
        }
        let eo: Vec<String> = strings(&exp, "organizations")
            .iter()
            .map(|s| norm(s))
            .collect();
        let hit = eo.iter().filter(|x| names.contains(*x)).count() as f64;
        let o = if eo.is_empty() {
            1.0
        } else {
            hit / eo.len() as f64
        };
        println!(
            "{:<28} reg p/r {:.2}/{:.2} org_r {:.2}",
            file.file_name().unwrap().to_string_lossy(),
            p,
            r,
            o
        );
        for x in gr.difference(&er) {
            println!("    extra regulation: {x}");
        }
        for x in er.difference(&gr) {
            println!("    missing regulation: {x}");
        }
        for x in eo.iter().filter(|x| !names.contains(*x)) {
            println!("    missing organisation: {x}");
        }
        let found: Vec<String> = got
            .organizations
            .iter()
            .map(|o| {
                if o.aliases.is_empty() {
                    o.name.clone()
                } else {
                    format!("{}({})", o.name, o.aliases.join("|"))
                }
            })
            .collect();
        println!("    organisations: {}", found.join(", "));
        reg_p += p;
        reg_r += r;
        org_r += o;
        n += 1.0;
    }
    let (reg_p, reg_r, org_r) = (reg_p / n, reg_r / n, org_r / n);
    println!("{n} docs: reg p/r {reg_p:.3}/{reg_r:.3} org_r {org_r:.3}");
    assert!(
        reg_p >= 0.95 && reg_r >= 0.95,
        "regulations p/r {reg_p:.3}/{reg_r:.3}"
    );
    assert!(org_r >= 0.85, "organisations recall {org_r:.3}");
}

/// Split the flattened seed into headings and numbered paragraphs, roughly as
/// import's outline stage does: `八、` chapters, `1.` sections, `(1)` paragraphs.
fn rough_outline(text: &str) -> Vec<(Vec<String>, String)> {
    let marker = Regex::new(r"[一二三四五六七八九十]{1,3}、|\d{1,2}\.|\(\d{1,2}\)").unwrap();
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    let mut last: Option<(usize, &str)> = None;
    for m in marker.find_iter(text) {
        if m.as_str().ends_with('.') && text[m.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if let Some((start, kind)) = last {
            pieces.push((kind, &text[start..m.start()]));
        }
        last = Some((m.end(), m.as_str()));
    }
    if let Some((start, kind)) = last {
        pieces.push((kind, &text[start..]));
    }
    let mut chapter = String::new();
    let mut section = String::new();
    let mut out = Vec::new();
    for (kind, body) in pieces {
        if kind.ends_with('、') {
            chapter = body.trim().to_string();
            section.clear();
        } else if kind.ends_with('.') {
            section = body.trim().to_string();
        } else {
            out.push((
                vec![chapter.clone(), section.clone()],
                body.trim().to_string(),
            ));
        }
    }
    out
}

#[test]
fn seed_has_its_regulations_organisations_and_cases() {
    let Some(dir) = shared_dir() else { return };
    let cc = OpenCC::from_config(BuiltinConfig::Tw2s).unwrap();
    let kb = KnowledgeBase::builtin();
    let seed = dir.join("seeds/000_a297aeac6fee44f9.txt");
    let Ok(raw) = std::fs::read_to_string(&seed) else {
        eprintln!("notice: seed not found");
        return;
    };
    let text = clean(&raw, &cc);
    let outline = rough_outline(&text);
    let anchors: Vec<String> = (0..outline.len()).map(|i| format!("p{i}")).collect();
    let paragraphs: Vec<ParagraphRef> = outline
        .iter()
        .zip(&anchors)
        .map(|((headings, body), anchor)| ParagraphRef {
            report: "seed",
            chapter: headings[0].as_str(),
            page_url: "seed/",
            anchor,
            headings,
            text: body,
        })
        .collect();
    let entities = extract_site(&paragraphs, &kb);
    for r in &entities.regulations {
        println!(
            "regulation {} {:?} {:?} x{}",
            r.id,
            r.name,
            r.aliases,
            r.mentions.len()
        );
    }
    for o in &entities.organizations {
        println!(
            "organisation {} {:?} {:?} x{}",
            o.id,
            o.name,
            o.aliases,
            o.mentions.len()
        );
    }
    for c in &entities.cases {
        println!(
            "case {} {:?} {:?} {:?} {}",
            c.id, c.subject, c.outcome, c.products, c.url
        );
    }
    assert_eq!(entities.regulations.len(), 8);
    let org = |name: &str| entities.organizations.iter().find(|o| o.name == name);
    for (name, alias) in [
        ("中国银行业监督管理委员会", "银保监会"),
        ("中国人民银行", "央行"),
        ("国家互联网信息办公室", "网信办"),
    ] {
        let o = org(name).unwrap_or_else(|| panic!("{name} missing"));
        assert!(o.aliases.iter().any(|a| a == alias), "{name} lacks {alias}");
    }
    for name in ["微众银行", "支付宝", "蚂蚁金服", "中国建设银行"] {
        assert!(org(name).is_some(), "{name} missing");
    }
    let count = |o: CaseOutcome| entities.cases.iter().filter(|c| c.outcome == o).count();
    assert!(count(CaseOutcome::Success) >= 3);
    assert!(count(CaseOutcome::Failure) >= 3);
}
