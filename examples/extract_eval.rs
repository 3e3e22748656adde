//! Print the regulations and organisations `gen` finds in text files, after
//! rough cleaning (pinyin annotations out, traditional → simplified, NFKC).
//!
//! `cargo run --example extract_eval -- FILE...`

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use gen::extract::{document_entities, KnowledgeBase};
use unicode_normalization::UnicodeNormalization;

fn main() -> anyhow::Result<()> {
    let cc = OpenCC::from_config(BuiltinConfig::Tw2s)?;
    let pinyin = regex::Regex::new(r"([\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")?;
    let kb = KnowledgeBase::builtin();
    let mut org_counts = std::collections::BTreeMap::<String, usize>::new();
    let mut reg_counts = std::collections::BTreeMap::<String, usize>::new();
    for path in std::env::args().skip(1) {
        let raw = std::fs::read_to_string(&path)?;
        let text: String = cc.convert(&pinyin.replace_all(&raw, "$1")).nfkc().collect();
        let found = document_entities(&text, &kb);
        for r in found.regulations {
            *reg_counts.entry(r).or_default() += 1;
        }
        for o in found.organizations {
            *org_counts.entry(o.name).or_default() += 1;
        }
    }
    println!("regulations ({}):", reg_counts.len());
    for (name, n) in &reg_counts {
        println!("  {n:>4} {name}");
    }
    println!("organisations ({}):", org_counts.len());
    for (name, n) in &org_counts {
        println!("  {n:>4} {name}");
    }
    Ok(())
}
