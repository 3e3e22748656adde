//! Case studies: paragraphs under headings with 案例 / "case study", each
//! with its subject (a named organisation or product, or an anonymous 某…平台
//! / 一家…), its outcome (from the section heading first, then cue words) and
//! the products it names.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Serialize;

use super::kb::KnowledgeBase;
use super::scan::DocScan;
use super::{Case, ParagraphRef};

/// How a case turned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseOutcome {
    Success,
    Failure,
    /// A lessons paragraph (案例启示, 经验教训).
    Lesson,
    Other,
}

impl CaseOutcome {
    pub fn label_zh(self) -> &'static str {
        match self {
            CaseOutcome::Success => "成功",
            CaseOutcome::Failure => "失败",
            CaseOutcome::Lesson => "启示",
            CaseOutcome::Other => "其他",
        }
    }
}

/// Shortest paragraph (in chars) that can hold a case.
const MIN_CASE_CHARS: usize = 20;

static ANONYMOUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:某|一家|一个|一款)[\p{Han}A-Za-z0-9]{1,14}").expect("constant regex")
});
/// A pseudonymous subject: 甲银行, 乙公司, B平台 (a letter in a case's
/// place of a name).
static PSEUDONYM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[甲乙丙丁戊己庚辛壬癸A-Z](?:银行|公司|平台|机构|集团|企业|券商|商户|品牌|医院|学校|工厂)",
    )
    .expect("constant regex")
});
/// What a subject counted as `一个…`/`一款…` must end in: the kind of
/// thing it is (一个电商平台, 一款理财产品), not any noun (一个共同点).
const KIND_NOUNS: [&str; 16] = [
    "平台", "银行", "机构", "公司", "企业", "集团", "商户", "商家", "品牌", "产品", "应用", "App",
    "APP", "网站", "项目", "团队",
];
/// Where an anonymous subject description ends.
static ANONYMOUS_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:在|的|于|因|由|通过|是|曾|将|把|被|与|和|对|从|自|推出|成立|进行|开展|出现|发生|宣布|合作|案例)")
        .expect("constant regex")
});

static HEADING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:第[一二三四五六七八九十百\d]+[章节部分]|[一二三四五六七八九十百]+[、.．]|\d+(?:\.\d+)*[、.．]?|[(（]\d+[)）])\s*")
        .expect("constant regex")
});

/// A heading without its numbering (`3. 案例启示` → `案例启示`).
pub fn heading_text(heading: &str) -> &str {
    match HEADING_NUMBER.find(heading) {
        Some(m) if m.end() < heading.len() => heading[m.end()..].trim(),
        _ => heading.trim(),
    }
}

/// Whether a heading introduces case studies.
pub fn is_case_heading(heading: &str) -> bool {
    // Asked of every paragraph's headings: no lower-cased copy (the English
    // words are ASCII, and no other letter lower-cases into theirs).
    let has = |word: &str| {
        heading
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    heading.contains("案例") || has("case stud") || has("case analysis")
}

/// Outcome decided by the headings, innermost first.
pub fn outcome_from_headings(headings: &[String]) -> Option<CaseOutcome> {
    for h in headings.iter().rev() {
        let lower = h.to_lowercase();
        if [
            "启示", "启发", "借鉴", "教训", "经验", "总结", "小结", "结论", "结语", "反思",
            "lesson",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            return Some(CaseOutcome::Lesson);
        }
        let failure = h.contains("失败") || lower.contains("failure");
        let success = h.contains("成功") || lower.contains("success");
        match (success, failure) {
            (true, false) => return Some(CaseOutcome::Success),
            (false, true) => return Some(CaseOutcome::Failure),
            _ => {}
        }
    }
    None
}

/// Cue words of a failed case.
const FAILURE_CUES: [&str; 16] = [
    "失败",
    "倒闭",
    "停业",
    "破产",
    "暴雷",
    "爆雷",
    "跑路",
    "清盘",
    "关停",
    "退出市场",
    "被罚",
    "处罚",
    "亏损",
    "搁浅",
    "破裂",
    "违约",
];
/// Cue words of a successful one.
const SUCCESS_CUES: [&str; 10] = [
    "成功",
    "领先",
    "突破",
    "成效",
    "领跑",
    "典范",
    "标杆",
    "显著提升",
    "快速增长",
    "广受",
];

/// Every cue word in one automaton, failure cues first: a case paragraph is
/// read once, not once per word. No cue overlaps itself, so counting every
/// overlapping match counts each word's occurrences as `str::matches` would.
static OUTCOME_CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(FAILURE_CUES.iter().chain(&SUCCESS_CUES)).expect("constant patterns")
});

/// Outcome from cue words when the headings do not say.
pub fn outcome_from_text(text: &str) -> CaseOutcome {
    let (mut failures, mut successes) = (0usize, 0usize);
    for m in OUTCOME_CUES.find_overlapping_iter(text) {
        if m.pattern().as_usize() < FAILURE_CUES.len() {
            failures += 1;
        } else {
            successes += 1;
        }
    }
    match failures.cmp(&successes) {
        std::cmp::Ordering::Greater => CaseOutcome::Failure,
        std::cmp::Ordering::Less => CaseOutcome::Success,
        std::cmp::Ordering::Equal => CaseOutcome::Other,
    }
}

/// The anonymous (某知名互联网金融平台, 一家银行电商) or pseudonymous
/// (丙银行) subject a case paragraph describes, whichever comes first, with
/// its byte offset.
pub fn anonymous_subject(text: &str) -> Option<(usize, String)> {
    let described = ANONYMOUS.find_iter(text).find_map(|m| {
        let s = m.as_str();
        let prefix = if s.starts_with('某') {
            '某'.len_utf8()
        } else {
            "一家".len()
        };
        let body = &s[prefix..];
        let cut = ANONYMOUS_END.find(body).map_or(body.len(), |e| e.start());
        let body = &body[..cut];
        let counted = s.starts_with("一个") || s.starts_with("一款");
        let kind_named = !counted || KIND_NOUNS.iter().any(|k| body.ends_with(k));
        (body.chars().count() >= 2 && kind_named)
            .then(|| (m.start(), format!("{}{}", &s[..prefix], body)))
    });
    // A Latin letter after others is a word's end (AI平台, 5G平台), no
    // pseudonym; the suffix the pattern requires follows it.
    let pseudonym = PSEUDONYM
        .find_iter(text)
        .find(|m| {
            !text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        })
        .map(|m| (m.start(), m.as_str().to_string()));
    // On a tie the description, listed first, wins.
    [described, pseudonym]
        .into_iter()
        .flatten()
        .min_by_key(|(at, _)| *at)
}

/// Products named in `text`, in order, each once.
pub fn products_in(text: &str, kb: &KnowledgeBase) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in kb.product_matcher.find_iter(text) {
        if let Some(&i) = kb.product_patterns.get(m.pattern().as_usize()) {
            let name = &kb.products[i].name;
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    out
}

/// Cases of one report (paragraphs in reading order, scanned as `scan`),
/// their ids still empty.
pub(crate) fn find_cases(doc: &[&ParagraphRef], scan: &DocScan, kb: &KnowledgeBase) -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    // Per-heading grouping when the innermost heading names the subject.
    let mut grouped: Option<(Vec<String>, usize)> = None;
    let mut places = super::MentionPlaces::default();
    for (i, p) in doc.iter().enumerate() {
        let Some(case_level) = p.headings.iter().position(|h| is_case_heading(h)) else {
            grouped = None;
            continue;
        };
        if p.text.chars().count() < MIN_CASE_CHARS {
            continue;
        }
        let mention = places.mention(i, p, super::snippet(p.text, 0..0));
        // Later paragraphs of a section whose heading names the subject
        // belong to the same case.
        if let Some((headings, at)) = &grouped {
            if headings.as_slice() == p.headings {
                let case = &mut out[*at];
                case.mentions.push(mention);
                for prod in products_in(p.text, kb) {
                    if !case.products.contains(&prod) {
                        case.products.push(prod);
                    }
                }
                continue;
            }
        }
        grouped = None;
        let headings_outcome = outcome_from_headings(&p.headings[case_level..]);
        let outcome = headings_outcome.unwrap_or_else(|| outcome_from_text(p.text));
        let mut products = products_in(p.text, kb);

        let innermost = heading_text(p.headings.last().map(String::as_str).unwrap_or(""));
        let heading_subject = if p.headings.len() > case_level + 1 && outcome != CaseOutcome::Lesson
        {
            subject_in_heading(innermost, kb)
        } else {
            None
        };
        let (subject, anonymous) = match heading_subject {
            Some(s) => {
                grouped = Some((p.headings.to_vec(), out.len()));
                (s, false)
            }
            None if outcome == CaseOutcome::Lesson => (innermost.to_string(), false),
            None => match paragraph_subject(i, p.text, scan, kb, &products) {
                Some(found) => found,
                // Right under the case heading and about no one: the
                // chapter's introduction, not a case.
                None if p.headings.len() == case_level + 1 => continue,
                None => (innermost.to_string(), false),
            },
        };
        for prod in products_in(innermost, kb) {
            if !products.contains(&prod) {
                products.push(prod);
            }
        }
        out.push(Case {
            // Allocated site-wide when the reports are merged.
            id: String::new(),
            subject,
            anonymous,
            outcome,
            products,
            report: p.report.to_string(),
            url: p.url(),
            mentions: vec![mention],
        });
    }
    out
}

/// An organisation or product named in a heading (9.1亚马逊全球生态战略).
fn subject_in_heading(heading: &str, kb: &KnowledgeBase) -> Option<String> {
    let first_org = super::organizations::find_organizations(heading, kb)
        .into_iter()
        .next()
        .map(|m| match m.org {
            super::organizations::OrgRef::Known(i) => kb.organizations[i].name.clone(),
            super::organizations::OrgRef::Found(n) => n,
        });
    first_org.or_else(|| products_in(heading, kb).into_iter().next())
}

/// The subject of a case paragraph: whichever comes first of a named
/// organisation and an anonymous description; else the first product.
fn paragraph_subject(
    para: usize,
    text: &str,
    scan: &DocScan,
    kb: &KnowledgeBase,
    products: &[String],
) -> Option<(String, bool)> {
    let named = scan
        .organizations
        .iter()
        .filter_map(|o| {
            o.mentions
                .iter()
                .filter(|(p, _)| *p == para)
                .map(|(_, r)| r.start)
                .min()
                .map(|start| (start, o.name(kb)))
        })
        .min();
    let anonymous = anonymous_subject(text);
    match (named, anonymous) {
        (Some((n, name)), Some((a, _))) if n <= a => Some((name, false)),
        (_, Some((_, desc))) => Some((desc, true)),
        (Some((_, name)), None) => Some((name, false)),
        (None, None) => products.first().map(|p| (p.clone(), false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_cues_are_counted_as_separate_word_searches() {
        // What one pass over the text relies on.
        for cue in FAILURE_CUES.iter().chain(&SUCCESS_CUES) {
            for (i, _) in cue.char_indices().skip(1) {
                assert!(!cue.ends_with(&cue[..i]), "{cue} overlaps itself");
            }
        }
        let count = |words: &[&str], text: &str| -> usize {
            words.iter().map(|w| text.matches(w).count()).sum()
        };
        for text in [
            "该平台因违约和亏损而倒闭，最终破产清盘，但早期曾快速增长。",
            "成功成功，领先突破，显著提升显著提升。",
            "失败的成功经验：破裂、搁浅、跑路与暴雷爆雷。",
            "",
        ] {
            let (failures, successes) = (count(&FAILURE_CUES, text), count(&SUCCESS_CUES, text));
            let expected = match failures.cmp(&successes) {
                std::cmp::Ordering::Greater => CaseOutcome::Failure,
                std::cmp::Ordering::Less => CaseOutcome::Success,
                std::cmp::Ordering::Equal => CaseOutcome::Other,
            };
            assert_eq!(outcome_from_text(text), expected, "{text}");
        }
    }

    #[test]
    fn anonymous_subjects_stop_at_particles() {
        assert_eq!(
            anonymous_subject("(1)某知名互联网金融平台的失败案例揭示了").map(|x| x.1),
            Some("某知名互联网金融平台".to_string())
        );
        assert_eq!(
            anonymous_subject("另一案例是一家银行电商在跨界合作中的失败").map(|x| x.1),
            Some("一家银行电商".to_string())
        );
        // 一个 and 一款 count a kind of thing, not any noun.
        assert_eq!(
            anonymous_subject("一个电商平台在推广中失败").map(|x| x.1),
            Some("一个电商平台".to_string())
        );
        assert_eq!(anonymous_subject("成功的做法有一个共同点"), None);
    }

    #[test]
    fn pseudonymous_subjects_come_first_when_they_lead() {
        let subject = |text: &str| anonymous_subject(text).map(|x| x.1);
        assert_eq!(
            subject("乙银行与一家消费金融平台合作时，逐项列出共享字段"),
            Some("乙银行".to_string())
        );
        assert_eq!(
            subject("B公司的数据泄露后被处罚"),
            Some("B公司".to_string())
        );
        // Letters of a word are none.
        assert_eq!(subject("AI平台与5G平台建设"), None);
    }

    #[test]
    fn heading_numbers_are_dropped() {
        assert_eq!(heading_text("3. 案例启示"), "案例启示");
        assert_eq!(heading_text("八、案例分析"), "案例分析");
        assert_eq!(heading_text("(2)失败案例"), "失败案例");
        assert_eq!(heading_text("第三章 案例"), "案例");
        assert_eq!(heading_text("2025"), "2025");
    }

    #[test]
    fn outcome_prefers_the_heading() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            outcome_from_headings(&h(&["案例分析", "成功案例分析"])),
            Some(CaseOutcome::Success)
        );
        assert_eq!(
            outcome_from_headings(&h(&["案例分析", "失败案例分析"])),
            Some(CaseOutcome::Failure)
        );
        assert_eq!(
            outcome_from_headings(&h(&["案例分析", "案例启示"])),
            Some(CaseOutcome::Lesson)
        );
        assert_eq!(outcome_from_headings(&h(&["案例分析"])), None);
        assert_eq!(
            outcome_from_text("该平台最终停业,宣告失败"),
            CaseOutcome::Failure
        );
        assert_eq!(
            outcome_from_text("取得了成功,成为行业标杆"),
            CaseOutcome::Success
        );
    }
}
