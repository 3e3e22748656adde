//! Organisations: the gazetteer (names and aliases from the knowledge base),
//! Chinese suffix patterns (…银行, …集团, …有限公司) with a careful left
//! boundary, and English names (`players such as A, B and C`, `平台Scribd`,
//! `Acme Inc.`). Generic nouns (商业银行, 互联网银行) are rejected.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::kb::KnowledgeBase;

/// Longest run (in chars) scanned to the left of a suffix.
const MAX_LEFT_CHARS: usize = 20;
/// Longest name part before the suffix, in chars. Without word segmentation
/// a long run before a suffix is usually a clause (博客中引用证券…), so a
/// bare short name (招商, 甲骨文, 新创未来) may have at most 4 chars; a
/// registered name (…有限公司) 12; a name that starts with a place 16.
const MAX_STEM_CHARS_SHORT: usize = 4;
const MAX_STEM_CHARS_REGISTERED: usize = 12;
const MAX_STEM_CHARS_PLACE: usize = 16;

/// Which organisation a match names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgRef {
    /// Index into `KnowledgeBase::organizations`.
    Known(usize),
    /// A name found by a pattern (not in the gazetteer).
    Found(String),
}

/// One organisation name found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMatch {
    /// Byte range of the name.
    pub range: Range<usize>,
    pub org: OrgRef,
    /// The name as written.
    pub surface: String,
}

/// All organisation names in `text`, non-overlapping, in text order.
pub fn find_organizations(text: &str, kb: &KnowledgeBase) -> Vec<OrgMatch> {
    let known = find_known(text, kb);
    let mut all = known.clone();
    all.extend(find_by_suffix(text, kb, &known));
    all.extend(find_by_stock_code(text, kb, &known));
    all.extend(find_english(text, &known));
    resolve_overlaps(drop_inside_titles(text, all))
}

/// Names inside 《…》 belong to a title (《人民币银行结算账户管理办法》), not
/// to the text.
pub(crate) fn drop_inside_titles(text: &str, matches: Vec<OrgMatch>) -> Vec<OrgMatch> {
    if !text.contains('《') {
        return matches;
    }
    let titles: Vec<Range<usize>> = super::regulations::find_titles(text)
        .into_iter()
        .map(|t| t.range)
        .collect();
    drop_inside(&titles, matches)
}

/// [`drop_inside_titles`] with the titles' byte ranges already found.
pub(crate) fn drop_inside(titles: &[Range<usize>], mut matches: Vec<OrgMatch>) -> Vec<OrgMatch> {
    if !titles.is_empty() {
        matches.retain(|m| !titles.iter().any(|t| overlaps(t, &m.range)));
    }
    matches
}

/// Whether two byte ranges share a byte.
pub(crate) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Leftmost, then longest; drop anything overlapping a kept match.
pub(crate) fn resolve_overlaps(mut matches: Vec<OrgMatch>) -> Vec<OrgMatch> {
    matches.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
    });
    let mut out: Vec<OrgMatch> = Vec::new();
    for m in matches {
        match out.last() {
            Some(last) if m.range.start < last.range.end => {}
            _ => out.push(m),
        }
    }
    out
}

/// A heading over a list of companies, one per item: "Key Companies
/// Profiled", "Major Players in the Market", "主要企业". The English words'
/// boundaries are ASCII ones, so 的Key Players matches too, and the regex
/// engine need not fall back to backtracking on Chinese text.
static COMPANY_LIST_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?-u:\b)(?:key|major|leading|prominent|top|notable|main|principal)\s+(?:[a-z-]+\s+){0,2}",
        r"(?:companies|players|vendors|manufacturers|participants|suppliers|providers|competitors)(?-u:\b)",
        r"|(?-u:\b)companies\s+(?:profiled|covered|mentioned|included)(?-u:\b)|(?-u:\b)market\s+leaders(?-u:\b)",
        r"|主要(?:企业|厂商|参与者|公司)|重点(?:企业|公司)|代表性企业|龙头企业|头部企业",
    ))
    .expect("constant regex")
});

/// Whether a heading introduces a list of companies (see [`listed_name`]).
pub(crate) fn introduces_company_list(heading: &str) -> bool {
    // A publisher's pitch speaks of itself after the noun ("Leading
    // companies partner with us…"): marketing copy, not a list's heading.
    let speaks_of_us = |rest: &str| {
        rest.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
            ["us", "our", "we"]
                .iter()
                .any(|p| w.eq_ignore_ascii_case(p))
        })
    };
    COMPANY_LIST_HEADING
        .find(heading)
        .is_some_and(|m| !speaks_of_us(&heading[m.end()..]))
}

/// Longest line (in chars) that may introduce a list the way a heading does.
const MAX_LIST_CUE_CHARS: usize = 80;

/// For each paragraph that is an item of a list of companies, the byte
/// range of the name it lists (see [`listed_name`]). A list is under a
/// heading that introduces one (its whole section), or a run of names right
/// after a short line that does ("Key Companies Profiled" as a plain line).
/// `heading_of(i)` is the innermost heading over paragraph `i`.
pub(crate) fn listed_paragraphs<'a>(
    paragraphs: &[&str],
    heading_of: impl Fn(usize) -> Option<&'a str>,
) -> Vec<Option<Range<usize>>> {
    // The innermost heading and whether it introduces a list.
    let mut section: Option<(&str, bool)> = None;
    let mut after_cue_line = false;
    let mut out = Vec::with_capacity(paragraphs.len());
    for (i, text) in paragraphs.iter().enumerate() {
        if let Some(heading) = heading_of(i) {
            if section.is_none_or(|(seen, _)| seen != heading) {
                section = Some((heading, introduces_company_list(heading)));
                after_cue_line = false;
            }
        }
        let under_cue = section.is_some_and(|(_, cue)| cue);
        let listed = (under_cue || after_cue_line)
            .then(|| listed_name(text))
            .flatten();
        if listed.is_none() {
            after_cue_line = text.chars().nth(MAX_LIST_CUE_CHARS).is_none()
                && !text.contains(['。', '；'])
                && introduces_company_list(text);
        }
        out.push(listed);
    }
    out
}

/// Markers a list item may open with as written in Markdown or plain text.
const ITEM_MARKERS: [&str; 6] = ["- ", "* ", "+ ", "• ", "· ", "● "];
/// Where an item's name ends and its description or note begins: "IQVIA:
/// a provider of …", "Labcorp – …", "Parexel (US)".
const LISTED_NAME_ENDS: [&str; 8] = [": ", "：", " – ", " — ", " - ", " (", "（", "; "];
/// Items of a company list that name no company.
const NOT_LISTED_NAMES: [&str; 8] = [
    "others",
    "other",
    "other companies",
    "other key players",
    "other players",
    "and more",
    "etc",
    "etc.",
];
/// Last words of the section headings that follow such a list when the
/// page gives them no heading mark ("Regional Insights", "Recent
/// Developments"): no company's name ends so.
const SECTION_LAST_WORDS: [&str; 24] = [
    "insights",
    "segmentation",
    "segments",
    "overview",
    "analysis",
    "trends",
    "outlook",
    "summary",
    "developments",
    "landscape",
    "dynamics",
    "drivers",
    "challenges",
    "opportunities",
    "forecast",
    "scope",
    "methodology",
    "highlights",
    "conclusion",
    "regions",
    "applications",
    "types",
    "faq",
    "faqs",
];
/// Small words inside a company's name, and a legal form written small.
const LISTED_NAME_JOINERS: [&str; 9] = ["of", "and", "the", "for", "de", "du", "la", "und", "plc"];
/// Most words a listed name has ("Charles River Laboratories
/// International, Inc." has five).
const MAX_LISTED_NAME_WORDS: usize = 6;
const MAX_LISTED_NAME_CHARS: usize = 60;

/// The company an item under a company-list heading names: the whole item
/// (after its marker), or its part before a description, when that reads
/// as a name in Latin script. Chinese names there are the suffix rules' and
/// the gazetteer's.
pub(crate) fn listed_name(text: &str) -> Option<Range<usize>> {
    let mut from = text.len() - text.trim_start().len();
    if let Some(marker) = ITEM_MARKERS.iter().find(|m| text[from..].starts_with(**m)) {
        from += marker.len();
    }
    // "1. Labcorp", "2) IQVIA", and "3\. PPD" (Markdown escapes a number
    // that is not to start a list).
    let rest = &text[from..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(mark) = [". ", ") ", "\\. "]
        .iter()
        .find(|d| (1..=2).contains(&digits) && rest[digits..].starts_with(**d))
    {
        from += digits + mark.len();
    }
    let rest = text[from..].trim_end();
    // The name opens the item, so the item opens like a name: most
    // paragraphs under such a heading are prose, turned away here.
    let mut chars = rest.chars();
    let opens_like_a_name = match (chars.next(), chars.next()) {
        (Some(a), _) if a.is_ascii_uppercase() || a.is_ascii_digit() => true,
        // eBay, iFlytek.
        (Some(a), Some(b)) => a.is_ascii_lowercase() && b.is_ascii_uppercase(),
        _ => false,
    };
    if !opens_like_a_name {
        return None;
    }
    // A name's end is near the item's start: a long item is searched no
    // further than the longest name and its end mark.
    let window = rest
        .char_indices()
        .nth(MAX_LISTED_NAME_CHARS + 4)
        .map_or(rest.len(), |(at, _)| at);
    let end = LISTED_NAME_ENDS
        .iter()
        .filter_map(|e| rest[..window].find(e))
        .min()
        .unwrap_or(rest.len());
    let name = without_sentence_dot(rest[..end].trim_end_matches([',', ';', ' ']));
    let n = name.chars().count();
    if !(2..=MAX_LISTED_NAME_CHARS).contains(&n) {
        return None;
    }
    let latin = name.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || " &.,'’-/+!".contains(c)
            || (c.is_alphabetic() && u32::from(c) < 0x250)
    });
    // Every word capitalised ("Charles River Laboratories"), or a joining
    // word ("Bank of America"): "The field is crowded" is a sentence.
    let capitalised = name.split_whitespace().all(|word| {
        let mut chars = word.chars();
        match (chars.next(), chars.next()) {
            (Some(a), _) if !a.is_lowercase() => true,
            (Some(a), Some(b)) if a.is_ascii_lowercase() && b.is_ascii_uppercase() => true,
            _ => LISTED_NAME_JOINERS.contains(&word),
        }
    });
    let ok = capitalised
        && latin
        && name.split_whitespace().count() <= MAX_LISTED_NAME_WORDS
        && !NOT_LISTED_NAMES.contains(&name.to_ascii_lowercase().as_str())
        && !name
            .rsplit(' ')
            .next()
            .is_some_and(|last| SECTION_LAST_WORDS.contains(&last.to_ascii_lowercase().as_str()));
    ok.then(|| from..from + name.len())
}

/// Gazetteer names and aliases.
pub(crate) fn find_known(text: &str, kb: &KnowledgeBase) -> Vec<OrgMatch> {
    let mut out: Vec<OrgMatch> = Vec::new();
    let mut skip_until = 0;
    let mut matches = kb.org_matcher.find_iter(text);
    // A match found again inside one that ran into a word (国家发展改革委
    // inside 联合国家…), which the search has gone past.
    let mut retried: Option<aho_corasick::Match> = None;
    while let Some(m) = retried.take().or_else(|| matches.next()) {
        let Some((org, surface)) = kb.org_patterns.get(m.pattern().as_usize()) else {
            continue;
        };
        // Inside the legal form a match before it took (callers need the
        // matches disjoint).
        if out.last().is_some_and(|last| m.start() < last.range.end) || m.start() < skip_until {
            continue;
        }
        if !ascii_word_bounded(text, m.start(), m.end())
            || named_abroad(text, m.start(), surface, *org, kb)
        {
            continue;
        }
        let suffix_len = kb
            .pattern_suffix_len
            .get(m.pattern().as_usize())
            .copied()
            .flatten();
        if runs_into_compound(text, m.range(), surface, suffix_len, kb) {
            let next = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            retried = kb
                .org_matcher
                .find_iter_from(text, next)
                .next()
                .filter(|r| r.start() < m.end());
            continue;
        }
        // Written in full (京东集团股份有限公司, 财付通支付科技有限公司):
        // the full name is the surface.
        let mut tail = legal_tail_len(&text[m.end()..], kb);
        if tail == 0 {
            match registered_name_ahead(&text[m.end()..], kb) {
                // Opening another company's registered name (通用汽车 in
                // 通用汽车金融有限责任公司): left to the suffix search, and
                // known names inside it (通用汽车 in 上汽通用汽车金融…) too.
                Some(RegisteredName::Other(len)) => {
                    skip_until = m.end() + len;
                    continue;
                }
                Some(RegisteredName::Own(len)) => tail = len,
                None => {}
            }
        }
        let end = m.end() + tail;
        out.push(OrgMatch {
            range: m.start()..end,
            org: OrgRef::Known(*org),
            surface: if end == m.end() {
                surface.clone()
            } else {
                text[m.start()..end].to_string()
            },
        });
    }
    out
}

/// How the names of China's national bodies open (中国证券监督管理委员会,
/// 中华人民共和国财政部, 国家发展和改革委员会).
const NATIONAL_OPENINGS: [&str; 4] = ["中华人民共和国", "中国", "国家", "国务院"];

/// Places with bodies of their own that China's national bodies' short
/// names also name: 美国财政部 is the US Treasury, 日本央行 the Bank of
/// Japan, 台湾金管会 no mainland regulator.
const JURISDICTIONS_ABROAD: [&str; 24] = [
    "美国",
    "美",
    "英国",
    "日本",
    "德国",
    "法国",
    "韩国",
    "新加坡",
    "加拿大",
    "澳大利亚",
    "澳洲",
    "印度",
    "俄罗斯",
    "意大利",
    "瑞士",
    "欧盟",
    "欧洲",
    "欧元区",
    "台湾",
    "香港",
    "澳门",
    "各国",
    "外国",
    "该国",
];

/// Whether a national body's short name (`surface`, of gazetteer entry
/// `org`) follows the name of another jurisdiction, naming that place's
/// body instead (美国财政部, 日本央行).
fn named_abroad(text: &str, start: usize, surface: &str, org: usize, kb: &KnowledgeBase) -> bool {
    let national = |name: &str| NATIONAL_OPENINGS.iter().any(|o| name.starts_with(o));
    !national(surface)
        && kb
            .organizations
            .get(org)
            .is_some_and(|known| national(&known.name))
        && JURISDICTIONS_ABROAD
            .iter()
            .any(|place| text[..start].ends_with(place))
}

/// Longest run of legal-name words a full company name can add after its
/// short name.
const MAX_LEGAL_NAME_WORDS: usize = 3;

/// Length of the legal form that follows a known name (`股份有限公司`, or
/// `集团控股有限公司` with legal-name words before it), or 0.
fn legal_tail_len(rest: &str, kb: &KnowledgeBase) -> usize {
    let longest = |words: &[String], at: &str| {
        words
            .iter()
            .filter(|w| at.starts_with(w.as_str()))
            .map(String::len)
            .max()
    };
    // Most known names are followed by no legal word at all.
    if !rest
        .chars()
        .next()
        .is_some_and(|c| kb.legal_edges.may_start(c) || c == '(' || c == '（')
    {
        return 0;
    }
    let mut at = 0;
    for _ in 0..=MAX_LEGAL_NAME_WORDS {
        if let Some(len) = longest(&kb.legal_forms, &rest[at..]) {
            return at + len;
        }
        match longest(&kb.legal_name_words, &rest[at..])
            .or_else(|| bracketed_place_ahead(&rest[at..]))
        {
            Some(len) => at += len,
            None => return 0,
        }
    }
    0
}

/// Most Han characters a registered name adds between a known name and its
/// legal form (通用汽车 + 金融 + 有限责任公司).
const MAX_REGISTERED_EXTRA_CHARS: usize = 6;

/// A registered name that a known name opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RegisteredName {
    /// Another company's (上汽 + 通用汽车金融 + 有限责任公司): the length up
    /// to its legal form.
    Other(usize),
    /// The known company's own, with words of its line of business
    /// (特来电 + 新能源 + 股份有限公司): the length to its end.
    Own(usize),
}

/// The registered name that `rest`, the text after a known name, goes on
/// to within a few name characters (no boundary word, no punctuation).
fn registered_name_ahead(rest: &str, kb: &KnowledgeBase) -> Option<RegisteredName> {
    // Cheap test first: most known names are followed by no character
    // that ends a legal form (公司's 司, 株式会社's 社).
    if !rest
        .chars()
        .take(MAX_REGISTERED_EXTRA_CHARS + 6)
        .any(|c| kb.legal_form_edges.may_end(c))
    {
        return None;
    }
    let mut at = 0;
    let mut extra = 0;
    loop {
        let here = &rest[at..];
        let form = kb
            .legal_forms
            .iter()
            .filter(|f| here.starts_with(f.as_str()))
            .map(String::len)
            .max();
        if let Some(form) = form {
            // Words of a line of business (财付通 + 支付科技) keep the known
            // company; a name of its own (上汽 + 通用汽车金融) makes another.
            return Some(if extra > 0 && !all_generic(&rest[..at], kb) {
                RegisteredName::Other(at)
            } else {
                RegisteredName::Own(at + form)
            });
        }
        if let Some(len) = bracketed_place_ahead(here) {
            at += len;
            continue;
        }
        let c = here.chars().next().filter(|c| is_han(*c))?;
        if extra == MAX_REGISTERED_EXTRA_CHARS || kb.boundaries.longest_prefix_of(here).is_some() {
            return None;
        }
        at += c.len_utf8();
        extra += 1;
    }
}

/// ASCII names must not be glued to other letters (`ICON` in `ICONS`);
/// digits before are fine (`9.3TikTokShop` from a numbered heading).
pub(crate) fn ascii_word_bounded(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let glued_before = letter(first) && letter(before);
    let glued_after = alnum(last) && letter(after);
    !(glued_before || glued_after)
}

/// `中国银行业` is the industry, not 中国银行; `其中行业` is not 中行.
fn runs_into_compound(
    text: &str,
    found: Range<usize>,
    surface: &str,
    suffix_len: Option<usize>,
    kb: &KnowledgeBase,
) -> bool {
    let end = found.end;
    let short = surface.chars().count() <= 3;
    // A word of the text may also end at the name's first character (融创
    // in 金融创…, where a preview was cut).
    if short {
        let before = text[..found.start].chars().next_back();
        let first = surface.chars().next();
        if let (Some(before), Some(first)) = (before, first) {
            let ends_here = |veto: &String| {
                let mut chars = veto.chars();
                chars.next() == Some(before)
                    && chars.next() == Some(first)
                    && chars.next().is_none()
            };
            if kb.short_name_vetoes.iter().any(ends_here) {
                return true;
            }
        }
    }
    // Every compound and veto continues with a Han character.
    if !text[end..].chars().next().is_some_and(is_han) {
        return false;
    }
    if let Some(len) = suffix_len {
        if starts_with_compound(&text[end - len..], kb) {
            return true;
        }
    }
    // Two- and three-character names (中行, 联合国) end inside a word of
    // the text more often than longer ones (联合国家发展改革委).
    if short {
        if let Some(last) = surface.chars().next_back() {
            let rest = &text[end - last.len_utf8()..];
            if kb
                .short_name_vetoes
                .iter()
                .any(|v| rest.starts_with(v.as_str()))
            {
                return true;
            }
        }
    }
    false
}

/// Whether `rest` starts with a suffix compound (银行业, 证券化 …).
fn starts_with_compound(rest: &str, kb: &KnowledgeBase) -> bool {
    kb.suffix_compounds.longest_prefix_of(rest).is_some()
}

/// Names ending in an organisation suffix.
pub(crate) fn find_by_suffix(text: &str, kb: &KnowledgeBase, known: &[OrgMatch]) -> Vec<OrgMatch> {
    let mut out = Vec::new();
    for m in kb.suffix_matcher.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if known_covering(known, s).is_some() {
            continue;
        }
        if starts_with_compound(&text[s..], kb) {
            continue;
        }
        // "安徽百姓缘等公司": companies such as one, no name.
        if text[..s].ends_with('等') {
            continue;
        }
        let suffix = &text[s..e];
        let start = name_start(text, s, e, suffix, kb, known)
            .or_else(|| declared_name_start(text, s, e, kb, known));
        if let Some(start) = start {
            let name = &text[start..e];
            out.push(OrgMatch {
                range: start..e,
                org: OrgRef::Found(name.to_string()),
                surface: name.to_string(),
            });
        }
    }
    out
}

/// A listed company's stock code in brackets: "(603219.SH)", "（601139）",
/// "(00700.HK)".
static STOCK_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（](?:\d{6}(?:\.(?:SH|SZ|BJ|SS))?|\d{4,5}\.HK)[)）]").expect("constant regex")
});

/// Most characters a listed company's short name has (A-share short names
/// have four, a few up to six).
const MAX_SHORT_NAME_CHARS: usize = 6;
/// What a run longer than that keeps: the usual short name's length.
const USUAL_SHORT_NAME_CHARS: usize = 4;

/// Companies named by their stock code right after them: "富佳股份(603219.SH)",
/// "深圳燃气（601139）". The name is the run of Chinese before the bracket,
/// from the last word that ends the text before a name (包括, 的, 和…).
pub(crate) fn find_by_stock_code(
    text: &str,
    kb: &KnowledgeBase,
    known: &[OrgMatch],
) -> Vec<OrgMatch> {
    let mut out = Vec::new();
    for code in STOCK_CODE.find_iter(text) {
        let end = code.start();
        if known_ending_at(known, end).is_some() {
            continue;
        }
        let head = &text[..end];
        let run_start = head
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_han(c))
            .last()
            .map_or(end, |(i, _)| i);
        let mut start = run_start;
        // After the last boundary word inside the run.
        let mut at = run_start;
        while at < end {
            let rest = &text[at..end];
            if let Some(len) = kb.boundaries.longest_prefix_of(rest) {
                start = at + len;
                at += len;
            } else {
                at += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
        let name = &text[start..end];
        let name = match name.chars().count() {
            n if n > MAX_SHORT_NAME_CHARS => {
                let skip = n - USUAL_SHORT_NAME_CHARS;
                name.char_indices()
                    .nth(skip)
                    .map_or(name, |(i, _)| &name[i..])
            }
            _ => name,
        };
        let start = end - name.len();
        if name.chars().count() < 2 || all_generic(name, kb) {
            continue;
        }
        out.push(OrgMatch {
            range: start..end,
            org: OrgRef::Found(name.to_string()),
            surface: name.to_string(),
        });
    }
    out
}

/// The known match covering byte `pos` (`known` is sorted and disjoint).
fn known_covering(known: &[OrgMatch], pos: usize) -> Option<&OrgMatch> {
    let i = known.partition_point(|k| k.range.end <= pos);
    known.get(i).filter(|k| k.range.start <= pos)
}

/// The known match ending exactly at byte `pos`.
fn known_ending_at(known: &[OrgMatch], pos: usize) -> Option<&OrgMatch> {
    let i = known.partition_point(|k| k.range.end < pos);
    known.get(i).filter(|k| k.range.end == pos)
}

/// Particles that never occur inside a name, even one that starts with a
/// place word (北京的银行 is not a name).
const NAME_BREAKING_PARTICLES: [char; 12] = [
    '的', '与', '和', '及', '在', '是', '被', '给', '把', '对', '从', '为',
];

/// What follows an industry's word in the name of its association: 银行同业公会
/// (the banks' guild), whose 银行 does not end a name.
const INDUSTRY_PEERS: &str = "同业";

/// Where the name ending in the suffix at `suffix_start` begins, or `None`
/// when the text before the suffix is not a plausible name.
fn name_start(
    text: &str,
    suffix_start: usize,
    suffix_end: usize,
    suffix: &str,
    kb: &KnowledgeBase,
    known: &[OrgMatch],
) -> Option<usize> {
    let pos = scan_left(text, suffix_start, kb, known, true);
    if pos < suffix_start {
        // Prefer the name from the leftmost place word on (股东北京… → 北京…).
        let start = place_starts(text, pos, suffix_start, kb)
            .first()
            .copied()
            .unwrap_or(pos);
        if plausible_name(text, start, suffix_start, suffix_end, suffix, kb) {
            return Some(start);
        }
    }
    // A boundary word may sit inside a name that starts with a place
    // (北京新创未来科技股份公司 contains 未来): retry from the nearest place.
    let wide = scan_left(text, suffix_start, kb, known, false);
    let start = *place_starts(text, wide, suffix_start, kb).last()?;
    let place_len = kb.places.longest_prefix_of(&text[start..suffix_start])?;
    let remainder = &text[start + place_len..suffix_start];
    let breaks = remainder.contains(NAME_BREAKING_PARTICLES)
        || kb.boundaries.longest_prefix_of(remainder).is_some();
    (!breaks && plausible_name(text, start, suffix_start, suffix_end, suffix, kb)).then_some(start)
}

/// Fewest characters before the suffix of a name that only its alias
/// declaration vouches for.
const MIN_DECLARED_NAME_CHARS: usize = 2;

/// Words that make the kind after them an unnamed one (某银行, 一家公司).
const ANONYMOUS_DETERMINERS: [&str; 5] = ["某", "某家", "一家", "某个", "一个"];

/// Where a name of descriptive words begins when an alias declaration
/// follows it (`金融监督管理委员会（简称「金管会」）`): the text names it
/// as an organisation, though its words alone read as a generic noun.
fn declared_name_start(
    text: &str,
    suffix_start: usize,
    suffix_end: usize,
    kb: &KnowledgeBase,
    known: &[OrgMatch],
) -> Option<usize> {
    let declared = super::aliases::declaration_after(text, suffix_end)?;
    // `(以下简称公司)` declares a generic word, which vouches for no name.
    if declared.aliases.iter().all(|a| is_generic_alias(a, kb)) {
        return None;
    }
    // Boundary words may be the name's own (监督 in 金融监督管理委员会):
    // only those that lead the run ("根据", "要求") are left out.
    let mut start = scan_left(text, suffix_start, kb, known, false);
    // Each word found is at least one character, so this ends.
    while let Some(len) = kb.boundaries.longest_prefix_of(&text[start..suffix_start]) {
        start += len;
    }
    // 某城市商业银行（下称“甲银行”）: an anonymous subject, named by no one.
    if ANONYMOUS_DETERMINERS
        .iter()
        .any(|d| text[..start].ends_with(d))
    {
        return None;
    }
    (text[start..suffix_start].chars().count() >= MIN_DECLARED_NAME_CHARS).then_some(start)
}

/// Start of the run of name characters left of `suffix_start`: Han and
/// Latin letters, bracketed places, chained suffixes; it stops at
/// punctuation, at a known name ending in a suffix and (when
/// `respect_boundaries`) at boundary words.
fn scan_left(
    text: &str,
    suffix_start: usize,
    kb: &KnowledgeBase,
    known: &[OrgMatch],
    respect_boundaries: bool,
) -> usize {
    // A known name ends the scan, unless it runs straight into the suffix
    // and does not end in one itself (京东|集团 is one name, 中金公司|招商证券 two).
    let hard_stop = |pos: usize| {
        known_ending_at(known, pos).is_some_and(|k| {
            !kb.places.contains(&k.surface)
                && (pos != suffix_start
                    || kb.suffixes.iter().any(|s| k.surface.ends_with(s.as_str())))
        })
    };
    // Asked only in the rare branches below, not for every suffix hit.
    // 协会, 联合会, 委员会: bodies of an industry.
    let industry_body = || {
        kb.suffixes
            .iter()
            .any(|s| s.ends_with('会') && text[suffix_start..].starts_with(s.as_str()))
    };
    // 有限公司, 股份有限公司…: a registered company's name runs up to it.
    let registered = || {
        kb.legal_forms
            .iter()
            .any(|f| text[suffix_start..].starts_with(f.as_str()))
    };
    let mut pos = suffix_start;
    let mut scanned = 0;
    while scanned < MAX_LEFT_CHARS && pos > 0 {
        if hard_stop(pos) {
            break;
        }
        let head = &text[..pos];
        // A place name is taken whole, even when it ends like a boundary word
        // (中华人民共和国 ends in 和国).
        if let Some(len) = kb.places.longest_suffix_of(head) {
            pos -= len;
            scanned += head[head.len() - len..].chars().count();
            continue;
        }
        if respect_boundaries {
            if let Some(len) = kb.boundaries.longest_suffix_of(head) {
                // A word right before a legal form is the name's own
                // (青禾数据有限公司), unless it is a one-character particle;
                // so is a field between a place and the suffix (深圳数据交易所).
                let word = &head[head.len() - len..];
                let own_word = pos == suffix_start
                    && word.chars().count() >= 2
                    && (registered()
                        || (kb.generic.contains(word)
                            && kb
                                .places
                                .longest_suffix_of(&head[..head.len() - len])
                                .is_some()));
                if !own_word {
                    break;
                }
                pos -= len;
                scanned += head[head.len() - len..].chars().count();
                continue;
            }
        }
        // Another suffix ends here: a chained suffix (集团|股份有限公司,
        // 证券|公司) is crossed, otherwise the previous name ends here.
        let ends_like_suffix = head
            .chars()
            .next_back()
            .is_some_and(|c| kb.suffix_last_chars.binary_search(&c).is_ok());
        if let Some(s) = ends_like_suffix
            .then(|| kb.suffixes.iter().find(|s| head.ends_with(s.as_str())))
            .flatten()
        {
            // An industry body carries its industry's word (中国证券业协会:
            // 证券业), which is crossed too; so does a registered company
            // its line of business (华夏基金|管理|有限公司).
            if pos == suffix_start
                || registered()
                || ((starts_with_compound(&text[pos - s.len()..], kb)
                    || text[pos..].starts_with(INDUSTRY_PEERS))
                    && industry_body())
            {
                pos -= s.len();
                scanned += s.chars().count();
                continue;
            }
            break;
        }
        let Some(c) = head.chars().next_back() else {
            break;
        };
        if c == ')' || c == '）' {
            // `豆丁世纪(北京)网络…`: a short bracketed place inside a name.
            match bracketed_place_len(head) {
                Some(len) => {
                    pos -= len;
                    scanned += 3;
                    continue;
                }
                None => break,
            }
        }
        // A digit inside a Latin word is the word's (P2P, O2O, B2B).
        let latin_digit = c.is_ascii_digit()
            && head[..head.len() - 1]
                .chars()
                .next_back()
                .is_some_and(|b| b.is_ascii_alphabetic());
        if !(is_han(c) || c.is_ascii_alphabetic() || latin_digit) {
            break;
        }
        if after_number_measure(head, kb) {
            break;
        }
        pos -= c.len_utf8();
        scanned += 1;
    }
    pos
}

/// Whether `head` ends in a number and a measure word (`19家`, `2025年`):
/// the measure word belongs to the number, not to a name after it.
fn after_number_measure(head: &str, kb: &KnowledgeBase) -> bool {
    // Chinese numerals too (五家, 三张); not 万, 千 or 百, which start
    // names (万家基金).
    let is_digit = |d: char| {
        d.is_ascii_digit() || ('０'..='９').contains(&d) || "一二三四五六七八九十两几".contains(d)
    };
    // Most text has no digit this close (a measure word and its number):
    // one short look decides.
    // A copy of a PDF may leave a space after the number ("25 家上市银行").
    if !head
        .chars()
        .rev()
        .take(kb.max_measure_chars + 2)
        .any(is_digit)
    {
        return false;
    }
    kb.measure_words.iter().any(|m| {
        head.strip_suffix(m.as_str()).is_some_and(|before| {
            before
                .strip_suffix(' ')
                .unwrap_or(before)
                .chars()
                .next_back()
                .is_some_and(is_digit)
        })
    })
}

/// Byte offsets in `from..to` where a place word starts (not inside brackets).
fn place_starts(text: &str, from: usize, to: usize, kb: &KnowledgeBase) -> Vec<usize> {
    let extent = &text[from..to];
    extent
        .char_indices()
        .filter(|(i, _)| {
            !extent[..*i].ends_with(['(', '（'])
                && kb.places.longest_prefix_of(&extent[*i..]).is_some()
        })
        .map(|(i, _)| from + i)
        .collect()
}

/// Whether `text[start..suffix_end]` is a plausible organisation name.
fn plausible_name(
    text: &str,
    start: usize,
    suffix_start: usize,
    suffix_end: usize,
    suffix: &str,
    kb: &KnowledgeBase,
) -> bool {
    let stem = &text[start..suffix_start];
    let stem_chars = stem.chars().count();
    let company = suffix.contains("公司");
    // A limited or joint-stock company (…有限公司, …股份公司).
    let registered = suffix.contains("有限") || suffix.contains("股份");
    let has_place = kb.places.longest_prefix_of(stem).is_some() || stem.contains(['(', '（']);
    let max = if has_place {
        MAX_STEM_CHARS_PLACE
    } else if registered || kb.legal_forms.iter().any(|f| f == suffix) {
        MAX_STEM_CHARS_REGISTERED
    } else {
        MAX_STEM_CHARS_SHORT
    };
    if stem_chars < 2 || stem_chars > max {
        return false;
    }
    if !has_place
        && max == MAX_STEM_CHARS_SHORT
        && kb
            .short_name_continuations
            .iter()
            .any(|c| text[suffix_end..].starts_with(c.as_str()))
    {
        return false;
    }
    if stem.chars().all(|c| c.is_ascii_alphabetic()) && stem.len() < 2 {
        return false;
    }
    // A bank's channel (改版手机银行 = revamping a mobile bank) is no bank.
    if kb.channel_suffixes.iter().any(|s| s == suffix)
        && kb.channel_words.iter().any(|w| stem.ends_with(w.as_str()))
    {
        return false;
    }
    if kb
        .stem_not_starting
        .iter()
        .any(|s| !s.is_empty() && stem.starts_with(s.as_str()))
    {
        return false;
    }
    // Place + nothing: 北京银行 yes, 中国公司 no.
    let place_len = kb.places.longest_prefix_of(stem).unwrap_or(0);
    // A prefix inside a generic word (全国 in 全国性) starts no name.
    if place_len > 0 && all_generic(stem, kb) {
        return false;
    }
    // The place's administrative unit (北京市, 广东省) is part of it.
    let unit_len = if place_len > 0 {
        ADMINISTRATIVE_UNITS
            .iter()
            .find(|u| stem[place_len..].starts_with(*u))
            .map_or(0, |u| u.len())
    } else {
        0
    };
    let official = kb.official_suffixes.iter().any(|s| s == suffix);
    let remainder = &stem[place_len + unit_len..];
    let weak = kb.weak_suffixes.iter().any(|w| w == suffix);
    if weak && (place_len == 0 || remainder.is_empty()) {
        return false;
    }
    if remainder.is_empty() {
        // 北京市银行 is the city's banks; 北京市人民政府 and 上海市统计局
        // are bodies.
        if unit_len > 0 {
            return official;
        }
        let generic_suffix = company || suffix.ends_with("集团");
        return !generic_suffix && !kb.prefixes.contains(stem);
    }
    // A real place, not a national prefix (中国, 国际).
    let named_place = place_len > 0 && !kb.prefixes.contains(&stem[..place_len]);
    // A place and a kind of regional bank: 上海农商银行, not 中国农商银行.
    if named_place && kb.regional_kinds.iter().any(|k| k == remainder) {
        return true;
    }
    if all_generic(remainder, kb) {
        // A public body is named by its place and field: 香港金融管理局,
        // 北京市地方金融监督管理局; a registered company by its place or
        // national prefix and its trade: 中国证券金融股份有限公司.
        return (named_place && official) || (place_len > 0 && registered);
    }
    true
}

/// A place's administrative unit, written after its name (北京市, 广东省).
/// Not 区 or 县: 区块链, 区域 and 县域 start words.
const ADMINISTRATIVE_UNITS: [&str; 4] = ["特别行政区", "自治区", "市", "省"];

/// Byte length of `(北京)` / `（香港）` opening `rest`: a short bracketed run
/// of Chinese characters, as a registered name carries its place.
fn bracketed_place_ahead(rest: &str) -> Option<usize> {
    let open = rest.chars().next().filter(|c| *c == '(' || *c == '（')?;
    let close = if open == '(' { ')' } else { '）' };
    let inner_start = open.len_utf8();
    // Only a few characters ahead: the bracket closes soon or is no place.
    let (at, _) = rest[inner_start..]
        .char_indices()
        .take(7)
        .find(|(_, c)| *c == close)?;
    let inner = &rest[inner_start..inner_start + at];
    is_place_in_brackets(inner).then_some(inner_start + at + close.len_utf8())
}

/// Byte length of `(北京)` / `（上海）` ending `head`.
fn bracketed_place_len(head: &str) -> Option<usize> {
    let close = head.chars().next_back()?;
    let open = if close == ')' { '(' } else { '（' };
    let inner_end = head.len() - close.len_utf8();
    let open_at = head[..inner_end].rfind(open)?;
    let inner = &head[open_at + open.len_utf8()..inner_end];
    is_place_in_brackets(inner).then_some(head.len() - open_at)
}

/// What a registered name's brackets hold: a place, one to six Chinese
/// characters (北京, 香港).
fn is_place_in_brackets(inner: &str) -> bool {
    (1..=6).contains(&inner.chars().count()) && inner.chars().all(is_han)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// Determiners a rule's text puts before a generic short form (本公司,
/// 该银行).
const ALIAS_DETERMINERS: [char; 4] = ['本', '该', '我', '贵'];

/// Whether a declared short form is only a generic word (`(以下简称“公司”)`,
/// `(以下简称本行)`): a filing's way of saying "the company", no name.
pub(crate) fn is_generic_alias(alias: &str, kb: &KnowledgeBase) -> bool {
    let core = alias.trim_start_matches(ALIAS_DETERMINERS);
    core.is_empty() || kb.suffixes.iter().any(|s| s == core) || all_generic(core, kb)
}

/// Whether `s` is made entirely of generic words (商业 + 互联网 …).
fn all_generic(s: &str, kb: &KnowledgeBase) -> bool {
    let bounds: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect();
    let mut reachable = vec![false; bounds.len()];
    reachable[0] = true;
    for from in 0..bounds.len() {
        if !reachable[from] {
            continue;
        }
        for to in from + 1..bounds.len().min(from + kb.max_generic_chars + 1) {
            if kb.generic.contains(&s[bounds[from]..bounds[to]]) {
                reachable[to] = true;
            }
        }
    }
    reachable[bounds.len() - 1]
}

static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:平台|公司|企业|品牌|网站|巨头|机构|集团|银行|厂商|服务商|供应商|独角兽)([A-Z][A-Za-z0-9&.\-]*[a-z][A-Za-z0-9&.\-]*(?: [A-Z][A-Za-z0-9&.\-]+){0,3})",
    )
    .expect("constant regex")
});
static LIST_TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    // The noun, a few words about it ("operating in the global market"),
    // then the verb that opens the list. "are" and a colon only close by:
    // "these companies are Chinese firms" names no company.
    Regex::new(&format!(
        r"(?i-u:\b(?:{})\b)(?:(?:\s+[A-Za-z\-]+){{0,6}}?\s*[,\x{{2014}}\x{{2013}}]?\s*(?:such as|including|include|includes|like|namely|e\.g\.,?)|(?:\s+[a-z]+){{0,2}}?,?\s+are|(?:\s+[a-z]+){{0,4}}?\s*:)\s+",
        LIST_NOUNS.join("|")
    ))
    .expect("constant regex")
});
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    // A capital opens a name, or a small letter before one ("eBay",
    // "iRhythm"); Latin-1 letters are letters ("L'Oréal", "Nestlé").
    Regex::new(r"^((?:[A-Z]|[a-z][A-Z])[A-Za-z0-9&.'\-\x{C0}-\x{FF}]*(?:\s+(?:[A-Z][A-Za-z0-9&.'\-\x{C0}-\x{FF}]*|&|of|de|and\s+[A-Z][A-Za-z0-9&.\-]*\s+(?:Co|Company)(?-u:\b)))*)")
        .expect("constant regex")
});
static LIST_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|;\s*)").expect("constant regex")
});
/// A note in brackets after a listed name: "Livongo Health (Teladoc
/// Health)", "ICON (Ireland)". Skipped, so the list goes on after it.
static LIST_ITEM_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s?\([^()]{1,60}\)").expect("constant regex"));
/// A company's legal form after a comma: ", Inc.", ", Ltd", ", N.V.".
static LEGAL_FORM_AFTER_COMMA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s?(?:Inc|Ltd|LLC|LLP|Corp|Co|plc|PLC|AG|SE|GmbH|S\.A|N\.V|L\.P)(?-u:\b)\.?")
        .expect("constant regex")
});

/// What follows a company's short name in its full English name:
/// " Co., Ltd.", ", Inc.", " Holdings Limited".
static ENGLISH_LEGAL_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:,?\s+(?:Co|Company|Corp|Corporation|Holdings|Group|Inc|Incorporated|Ltd|Limited|LLC|plc|PLC|AG|SE|GmbH|S\.A|N\.V)\.?)+$")
        .expect("constant regex")
});

/// Abbreviations whose dot is part of a name: "Inc.", "N.V.".
static ABBREVIATED_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)(?:Inc|Ltd|Corp|Co)|[A-Z]\.[A-Z])\.$").expect("constant regex")
});

/// `name` without a sentence's full stop, keeping the dot of an
/// abbreviation it ends with.
/// Where a listed name stops at a sentence's end inside its match: "Gamma
/// Bio. In January" is "Gamma Bio." (the dot is trimmed later), while the
/// dots of "Foo Inc. Holdings" or "F. Hoffmann" are no ends.
fn sentence_end(item: &str) -> usize {
    let mut at = 0;
    for word in item.split_inclusive(char::is_whitespace) {
        let bare = word.trim_end();
        at += word.len();
        let initial = bare.len() == 2 && bare.starts_with(|c: char| c.is_ascii_uppercase());
        if bare.ends_with('.')
            && word.len() > bare.len()
            && !initial
            && !ABBREVIATED_END.is_match(bare)
        {
            return at - (word.len() - bare.len());
        }
    }
    item.len()
}

fn without_sentence_dot(name: &str) -> &str {
    if ABBREVIATED_END.is_match(name) {
        name
    } else {
        name.trim_end_matches('.')
    }
}

static ENGLISH_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([A-Z][A-Za-z0-9&\-]*(?:\s+[A-Z][A-Za-z0-9&\-]*){0,4}\s+(?:Incorporated|Inc(?:\.|(?-u:\b))|Limited|Ltd(?:\.|(?-u:\b))|LLC(?-u:\b)|Corporation|Corp(?:\.|(?-u:\b))|Holdings(?-u:\b)|plc(?-u:\b)|AG(?-u:\b)|GmbH(?-u:\b)|S\.A\.|SA(?-u:\b)|SE(?-u:\b)|N\.V\.|NV(?-u:\b)|S\.p\.A\.))")
        .expect("constant regex")
});

/// A public body or institution named by its kind: "GXS Bank",
/// "Monetary Authority of Singapore", "Bank of England", "Securities and
/// Exchange Commission". Which of these are names, not generic phrases
/// ("Digital Bank"), is decided by [`institution_name`].
static INSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)((?:[A-Z][A-Za-z'&\-]*\s+(?:(?:and|for|&)\s+)?){0,5}(?:Bank|Authority|Commission|Association|University|Institute|Exchange|Agency|Ministry|Administration|Bureau|Federation|Foundation|Council)(?:\s+of(?:\s+(?:the\s+)?[A-Z][A-Za-z'\-]*){1,3})?)(?-u:\b)")
        .expect("constant regex")
});

/// The kind nouns [`INSTITUTION`] is built on.
const INSTITUTION_NOUNS: [&str; 14] = [
    "Bank",
    "Authority",
    "Commission",
    "Association",
    "University",
    "Institute",
    "Exchange",
    "Agency",
    "Ministry",
    "Administration",
    "Bureau",
    "Federation",
    "Foundation",
    "Council",
];

/// Words that join the words of an [`INSTITUTION`] name ("Securities and
/// Exchange Commission"), as its pattern allows.
const INSTITUTION_CONNECTORS: [&str; 3] = ["and", "for", "&"];

/// Words that only describe a kind of institution ("Digital Bank",
/// "Central Bank", "The Commission"): made of these alone, a capitalised
/// run is a heading's or sentence's noun phrase, not a name.
const INSTITUTION_GENERIC_WORDS: [&str; 40] = [
    "The",
    "A",
    "An",
    "Our",
    "Their",
    "Its",
    "This",
    "That",
    "These",
    "Those",
    "Each",
    "Every",
    "Many",
    "Most",
    "Some",
    "Key",
    "Major",
    "Leading",
    "Top",
    "New",
    "Digital",
    "Central",
    "Commercial",
    "Retail",
    "Investment",
    "Development",
    "Online",
    "Mobile",
    "Virtual",
    "Neo",
    "Challenger",
    "Traditional",
    "Local",
    "Regional",
    "National",
    "Global",
    "Private",
    "Public",
    "Foreign",
    "Policy",
];

/// An [`INSTITUTION`] match split where a kind noun is followed by a
/// connector: "GXS Bank and Trust Bank" is two names, "Securities and
/// Exchange Commission" one.
fn institution_pieces(found: Range<usize>, text: &str) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = found.start;
    let mut after_noun = false;
    let mut at = found.start;
    for word in text[found.clone()].split_inclusive(char::is_whitespace) {
        let bare = word.trim_end();
        if after_noun && INSTITUTION_CONNECTORS.contains(&bare) {
            pieces.push(start..at);
            start = at + word.len();
        }
        after_noun = INSTITUTION_NOUNS.contains(&bare);
        at += word.len();
    }
    pieces.push(start..found.end);
    // Each piece without the white space it ends with.
    pieces
        .into_iter()
        .map(|p| p.start..p.start + text[p].trim_end().len())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The name in an [`INSTITUTION`] match, without a leading article, or
/// `None` when its words before the kind noun are all generic and no
/// "of …" names it either.
fn institution_name(found: &str) -> Option<&str> {
    let words: Vec<&str> = found.split_whitespace().collect();
    let noun_at = words.iter().position(|w| INSTITUTION_NOUNS.contains(w))?;
    let named_by_of = words.get(noun_at + 1) == Some(&"of");
    let leading = &words[..noun_at];
    let all_generic = leading
        .iter()
        .all(|w| INSTITUTION_GENERIC_WORDS.contains(w) || INSTITUTION_CONNECTORS.contains(w));
    if all_generic && !named_by_of {
        return None;
    }
    // "The Monetary Authority of Singapore": the article is not the name's.
    match words.as_slice() {
        ["The", second, ..] => found.find(second).map(|at| &found[at..]),
        _ => Some(found),
    }
}

/// The type nouns [`APPOSITION`] starts with.
const APPOSITION_NOUNS: [&str; 13] = [
    "平台",
    "公司",
    "企业",
    "品牌",
    "网站",
    "巨头",
    "机构",
    "集团",
    "银行",
    "厂商",
    "服务商",
    "供应商",
    "独角兽",
];

/// The corporate suffixes [`ENGLISH_SUFFIX`] ends with.
const ENGLISH_SUFFIXES: [&str; 15] = [
    "Inc", "Ltd", "Limited", "LLC", "Corp", "Holdings", "plc", "AG", "GmbH", "S.A.", "SA", "SE",
    "N.V.", "NV", "S.p.A.",
];

/// The nouns [`LIST_TRIGGER`] starts with (also the words its cheap
/// prefilter looks for).
const LIST_NOUNS: [&str; 29] = [
    "players",
    "companies",
    "competitors",
    "vendors",
    "firms",
    "providers",
    "organisations",
    "organizations",
    "brands",
    "platforms",
    "banks",
    "rivals",
    "participants",
    "incumbents",
    "leaders",
    "manufacturers",
    "suppliers",
    "retailers",
    "operators",
    "developers",
    "lenders",
    "insurers",
    "payers",
    "startups",
    "giants",
    "makers",
    "distributors",
    "sponsors",
    "contenders",
];

/// Cheap necessary conditions for the three English-name patterns, checked
/// first: the patterns run on every paragraph of the site, and most
/// paragraphs of a Chinese library can match none of them.
struct EnglishCandidates {
    apposition: bool,
    list: bool,
    suffix: bool,
    institution: bool,
}

impl EnglishCandidates {
    /// One pass over the runs of ASCII letters (each pattern's anchor word
    /// is such a run, or starts one).
    fn of(text: &str) -> EnglishCandidates {
        let bytes = text.as_bytes();
        let mut found = EnglishCandidates {
            apposition: false,
            list: false,
            suffix: false,
            institution: false,
        };
        let mut i = 0;
        loop {
            i = next_ascii_letter(bytes, i);
            if i >= bytes.len() {
                break;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            // ASCII bytes are char boundaries, so these slices are valid.
            let (before, word) = (&text[..start], &text[start..i]);
            // `平台Scribd`: a capital right after a Chinese type noun.
            if !found.apposition
                && bytes[start].is_ascii_uppercase()
                && start > 0
                && bytes[start - 1] >= 0x80
            {
                found.apposition = APPOSITION_NOUNS.iter().any(|n| before.ends_with(n));
            }
            // `players such as`: a whole trigger word, any case.
            if !found.list {
                found.list = LIST_NOUNS.iter().any(|n| word.eq_ignore_ascii_case(n));
            }
            // `GXS Bank`, `Bank of England`: a kind noun, capitalised.
            if !found.institution {
                found.institution = INSTITUTION_NOUNS.contains(&word);
            }
            // `Acme Inc.`: a suffix (possibly glued to more letters) after
            // white space.
            if !found.suffix && before.chars().next_back().is_some_and(char::is_whitespace) {
                let rest = &text[start..];
                found.suffix = ENGLISH_SUFFIXES.iter().any(|s| rest.starts_with(s));
            }
        }
        found
    }
}

/// The first ASCII letter of `bytes` at or after `from` (or the length):
/// sixteen bytes at a time, as Chinese text has long runs without one.
fn next_ascii_letter(bytes: &[u8], from: usize) -> usize {
    let is_letter = |b: u8| (b | 0x20).wrapping_sub(b'a') < 26;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 16) {
        if chunk.iter().fold(false, |any, &b| any | is_letter(b)) {
            break;
        }
        i += 16;
    }
    while i < bytes.len() && !is_letter(bytes[i]) {
        i += 1;
    }
    i
}

/// English names: appositions after a Chinese type noun, lists after
/// "players such as", and names with a corporate suffix.
pub(crate) fn find_english(text: &str, known: &[OrgMatch]) -> Vec<OrgMatch> {
    let candidates = EnglishCandidates::of(text);
    let mut out = Vec::new();
    let mut push = |range: Range<usize>| {
        let surface = without_sentence_dot(&text[range.clone()]).to_string();
        let range = range.start..range.start + surface.len();
        if surface.len() < 2 {
            return;
        }
        // A known name in full ("Ant Group Co., Ltd."): that organisation.
        let org = known_covering(known, range.start)
            .filter(|k| {
                k.range.start == range.start
                    && k.range.end < range.end
                    && ENGLISH_LEGAL_TAIL.is_match(&text[k.range.end..range.end])
            })
            .map_or_else(|| OrgRef::Found(surface.clone()), |k| k.org.clone());
        out.push(OrgMatch {
            range,
            org,
            surface,
        });
    };
    if candidates.apposition {
        for caps in APPOSITION.captures_iter(text) {
            if let Some(m) = caps.get(1) {
                push(m.range());
            }
        }
    }
    if candidates.list {
        for trigger in LIST_TRIGGER.find_iter(text) {
            let mut pos = trigger.end();
            for index in 0..30 {
                let Some(item) = LIST_ITEM.captures(&text[pos..]).and_then(|c| c.get(1)) else {
                    break;
                };
                let mut item = &item.as_str()[..sentence_end(item.as_str())];
                // "Procter and Gamble Co" opens a list as one name; further
                // on, "and" is the list's own ("Afterpay, Atome and Zip Co").
                if index > 0 {
                    item = item.split(" and ").next().unwrap_or(item);
                }
                let words = item.split_whitespace().count();
                // "PayPal Holdings, Inc." is one name, not two items.
                let end = item.len()
                    + LEGAL_FORM_AFTER_COMMA
                        .find(&text[pos + item.len()..])
                        .map_or(0, |m| m.end());
                if words <= 5 {
                    push(pos..pos + end);
                }
                pos += end;
                if let Some(note) = LIST_ITEM_NOTE.find(&text[pos..]) {
                    pos += note.end();
                }
                match LIST_SEPARATOR.find(&text[pos..]) {
                    Some(sep) => pos += sep.end(),
                    None => break,
                }
            }
        }
    }
    if candidates.institution {
        for caps in INSTITUTION.captures_iter(text) {
            if let Some(m) = caps.get(1) {
                for piece in institution_pieces(m.range(), text) {
                    if let Some(name) = institution_name(&text[piece.clone()]) {
                        push(piece.end - name.len()..piece.end);
                    }
                }
            }
        }
    }
    if candidates.suffix {
        for caps in ENGLISH_SUFFIX.captures_iter(text) {
            if let Some(m) = caps.get(1) {
                let name = m.as_str();
                let skip = name.strip_prefix("The ").map_or(0, |_| 4);
                // "PayPal Holdings, Inc." is one name.
                let legal_form = LEGAL_FORM_AFTER_COMMA
                    .find(&text[m.end()..])
                    .map_or(0, |f| f.end());
                push(m.start() + skip..m.end() + legal_form);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let kb = KnowledgeBase::builtin();
        find_organizations(text, &kb)
            .into_iter()
            .map(|m| match m.org {
                OrgRef::Known(i) => kb.organizations[i].name.clone(),
                OrgRef::Found(n) => n,
            })
            .collect()
    }

    #[test]
    fn english_institutions_named_by_their_kind() {
        assert_eq!(
            names("GXS Bank and Trust Bank lead. The Monetary Authority of Macao (AMCM) issued licences."),
            ["GXS Bank", "Trust Bank", "Monetary Authority of Macao"]
        );
        assert_eq!(
            names("The Bank of England and the Securities and Exchange Commission agreed."),
            ["Bank of England", "Securities and Exchange Commission"]
        );
        // Generic kinds, capitalised at a sentence's or heading's start.
        assert!(names(
            "Digital Bank licences grew. The Central Bank Digital Currency pilot. Banks moved."
        )
        .is_empty());
    }

    #[test]
    fn english_lists_after_a_participle_and_known_names_in_full() {
        assert_eq!(
            names("Key companies profiled include Adyen N.V., Ant Group Co., Ltd. and Airwallex."),
            ["Adyen N.V.", "蚂蚁集团", "Airwallex"]
        );
    }

    #[test]
    fn public_bodies_named_by_place_and_field() {
        // The field alone is generic; a place before it makes the name.
        assert_eq!(
            names(
                "香港金融管理局、北京市地方金融监督管理局和上海金融法院，以及地方金融监督管理局。"
            ),
            ["香港金融管理局", "北京市地方金融监督管理局", "上海金融法院"]
        );
        // A city's banks are no bank; its government and bureaus are bodies.
        assert_eq!(
            names("北京市银行网点减少，深圳市银行与保险机构合作。北京市人民政府、上海市统计局发布数据。"),
            ["北京市人民政府", "上海市统计局"]
        );
        // 将来 (in future) is a word: its 来 starts no name.
        assert!(names("将来商业银行将面临竞争，台湾纯网路银行也是。").is_empty());
    }

    #[test]
    fn roles_in_a_deal_or_a_payment_name_no_company() {
        assert!(names(
            "目标公司估值提升，标的公司业绩承诺，关联公司交易增多，发卡银行与收单银行分润。"
        )
        .is_empty());
        // A registered company of trade words is named by its national prefix.
        assert_eq!(
            names("中国证券金融股份有限公司发布公告。"),
            ["中国证券金融股份有限公司"]
        );
    }

    #[test]
    fn channels_anonymous_subjects_and_time_words_name_no_bank() {
        // A bank's channel, with a verb before it.
        assert!(names("该行在改版手机银行时分开展示权限，网上银行也是。").is_empty());
        // An anonymous subject, though an alias is declared for it.
        assert!(names("某城市商业银行（下称“甲银行”）发布公告。").is_empty());
        // 以来 (since) ends the text before a name.
        assert!(names("《个人信息保护法》实施以来商业银行加强合规。").is_empty());
    }

    #[test]
    fn registered_names_opening_with_a_known_name() {
        // A line of business keeps the known company (its legal name).
        assert_eq!(names("财付通支付科技有限公司成立。"), ["财付通"]);
        // ... and its registered name is what the text wrote.
        let kb = KnowledgeBase::builtin();
        let found = find_organizations("财付通支付科技有限公司成立。", &kb);
        assert_eq!(found[0].surface, "财付通支付科技有限公司");
        // A Japanese company's legal form.
        assert_eq!(
            names("雅玛多控股株式会社发布财报。"),
            ["雅玛多控股株式会社"]
        );
        // A name of its own after it makes another company: a joint venture
        // named after its parents, whose names inside it count for nothing.
        assert_eq!(
            names("上汽通用汽车金融有限责任公司成立，通用汽车表示支持。"),
            ["上汽通用汽车金融有限责任公司", "通用汽车"]
        );
        // A boundary word between them: the known name stands alone.
        assert_eq!(names("京东与青禾有限公司合作。"), ["京东", "青禾有限公司"]);
    }

    #[test]
    fn exchanges_named_by_place_and_trade() {
        // 数据 also ends the text before a name (数据显示…); between a
        // place and the suffix it is the exchange's own word.
        assert_eq!(
            names("深圳数据交易所、上海黄金交易所和贵阳大数据交易所相继成立。"),
            ["深圳数据交易所", "上海黄金交易所", "贵阳大数据交易所"]
        );
        // No place: a kind of exchange, not one.
        assert!(names("多家数据交易所成立，中国数据交易所数量增加。").is_empty());
        // A field word after a place makes no company: 北京数据公司 is a kind.
        assert!(names("北京数据公司增多。").is_empty());
    }

    #[test]
    fn regional_associations_and_regions() {
        // A place names its industry's association; the industry's word
        // (银行同业, 银行业) is the association's own.
        assert_eq!(
            names("上海市银行同业公会、北京市互联网金融协会和上海市银行业协会发布倡议。"),
            [
                "上海市银行同业公会",
                "北京市互联网金融协会",
                "上海市银行业协会"
            ]
        );
        // Without a place, and with a region or scope, they are kinds.
        assert!(names(
            "各地银行业协会和相关行业协会参与，亚太数字银行、区内银行和内地数字银行也在转型。"
        )
        .is_empty());
        // A generic word opening with a boundary word ends the text whole.
        assert!(names("其他互联网银行跟进，更多金融科技公司进入市场。").is_empty());
        // A count in Chinese numerals is no part of a name.
        assert!(names("三家民营银行和十家银行参与，发放了五张数字银行牌照。").is_empty());
        assert_eq!(
            names("万家基金与两家星河银行合作。"),
            ["万家基金", "星河银行"]
        );
    }

    #[test]
    fn kinds_shares_channels_and_title_words_are_no_names() {
        for text in [
            "此类银行的存款成本较高，该类银行服务小微企业。",
            "全国性银行与开发性银行的定位不同。",
            "多数银行已上线微信银行和电话银行，大多数银行保留自助银行。",
            // A paper's title verb and a glued heading word before the text.
            "浅谈中小银行的数字化转型",
            "结论部分银行缺乏统一规划。",
            "为什么银行做电商？商业银行、保理公司和财务公司参与。",
            "有关研究院和高校研究中心参与起草。",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
        // A name after them is still found.
        assert_eq!(names("此类银行中，招商银行领先。"), ["招商银行"]);
    }

    #[test]
    fn courts_universities_and_fund_managers() {
        assert_eq!(
            names(
                "北京市高级人民法院、上海市人民检察院和各级人民法院。南开大学和一流大学的大学生。"
            ),
            ["北京市高级人民法院", "上海市人民检察院", "南开大学"]
        );
        assert_eq!(
            names("易方达基金管理有限公司、华夏基金和货币基金。"),
            ["易方达基金", "华夏基金"]
        );
    }

    #[test]
    fn gazetteer_names_and_aliases() {
        assert_eq!(
            names("央行与网信办联合发文"),
            ["中国人民银行", "国家互联网信息办公室"]
        );
        assert_eq!(names("中金公司招商证券的报告"), ["中金公司", "招商证券"]);
        assert_eq!(names("中国银行业人民币贷款"), Vec::<String>::new());
        assert_eq!(names("其中行业龙头、个人行为"), Vec::<String>::new());
        // A short name whose last character opens the next word is half of
        // that word's phrase.
        assert_eq!(
            names("其中金融机构增多，线上汽车销售、欧美团队、高通胀和金融创新。"),
            Vec::<String>::new()
        );
        assert_eq!(names("京东物流与美团外卖"), ["京东物流", "美团"]);
        // A verb or a kind before a bare suffix: a phrase, not a name.
        assert_eq!(
            names("负责证券期货业监管，通报证券公司，仅商业银行，A股上市银行，产险公司与寿险公司，XX市示例科技有限公司，各保险集团(控股)公司。"),
            Vec::<String>::new()
        );
        assert_eq!(
            names("另依银行法第48条，接受保险公司委托，坚持证券交易所审核，有不同程度的下降，业务拓展中行稳致远，5.0%左右快递公司，一些软件公司、生物科技公司和成员银行，多地证监局。"),
            Vec::<String>::new()
        );
        assert_eq!(
            names("网信办联合国家发展改革委发布"),
            ["国家互联网信息办公室", "国家发展和改革委员会"]
        );
        assert_eq!(
            names("建立健全公司治理，切实保护公司权益，送达证券监管部门，明确银行责任，已请寿险公会协助，当时开放银行试点，除商业银行外，细分领域公司，转板公司，票券公司与金控公司，多个公司和可比公司。"),
            Vec::<String>::new()
        );
        // Regulators' local offices, culture regulators, the union
        // federation and the news agency.
        assert_eq!(
            names("上海银保监局、国家新闻出版署、中华全国总工会与新华社"),
            [
                "上海银保监局",
                "国家新闻出版署",
                "中华全国总工会",
                "新华通讯社"
            ]
        );
        // A known name written in full with its legal form is that name.
        let kb = KnowledgeBase::builtin();
        let found = find_known(
            "阿里巴巴集团控股有限公司和京东集团股份有限公司、华为等企业以及京东集团技术部",
            &kb,
        );
        let surfaces: Vec<&str> = found.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            surfaces,
            [
                "阿里巴巴集团控股有限公司",
                "京东集团股份有限公司",
                "华为",
                "京东集团"
            ]
        );
        let found = find_known("中国银行（香港）有限公司与腾讯科技（深圳）有限公司", &kb);
        let surfaces: Vec<&str> = found.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            surfaces,
            ["中国银行（香港）有限公司", "腾讯科技（深圳）有限公司"]
        );
        // An industry body carries its industry's word; a company does not.
        assert_eq!(
            names("中国证券投资基金业协会和中国银行业协会发布报告"),
            ["中国证券投资基金业协会", "中国银行业协会"]
        );
        assert_eq!(
            names("银行业证券公司的发展、保险业银行"),
            Vec::<String>::new()
        );
        // A two-character word before a legal form is the name's own.
        assert_eq!(
            names("报告显示青禾数据有限公司发布公告"),
            ["青禾数据有限公司"]
        );
        assert_eq!(names("该项目由有限公司负责"), Vec::<String>::new());
        // A group's bracketed 集团 and its line of business belong to its
        // full name; a registered company carries its business words.
        let found = find_known(
            "中国平安保险（集团）股份有限公司旗下的众安在线财产保险股份有限公司",
            &kb,
        );
        let surfaces: Vec<&str> = found.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            surfaces,
            [
                "中国平安保险（集团）股份有限公司",
                "众安在线财产保险股份有限公司"
            ]
        );
        assert_eq!(
            names("易方达与长盛基金管理有限公司合作"),
            ["易方达基金", "长盛基金管理有限公司"]
        );
        // A place makes a kind of regional bank a name.
        assert_eq!(
            names("上海农商银行与北京农村商业银行、中国农商银行"),
            ["上海农商银行", "北京农村商业银行"]
        );
        // A ministry's name runs into 部门 (departments): no ministry.
        assert_eq!(
            names("民政部、教育部印发通知,各地民政部门和教育部门落实"),
            ["中华人民共和国民政部", "中华人民共和国教育部"]
        );
    }

    #[test]
    fn suffix_names_stop_at_particles_and_verbs() {
        assert_eq!(names("本公司与星河科技有限公司合作"), ["星河科技有限公司"]);
        assert_eq!(
            names("出售给浮游鲸(北京)网络科技有限公司"),
            ["浮游鲸(北京)网络科技有限公司"]
        );
        assert_eq!(
            names("豆丁网的股东北京新创未来科技股份公司在"),
            ["豆丁网", "北京新创未来科技股份公司"]
        );
        assert_eq!(
            names("被仁科公司收购(仁科后来又被甲骨文公司并购)"),
            ["仁科公司", "仁科公司", "甲骨文公司"]
        );
        assert_eq!(names("例如长风银行推出"), ["长风银行"]);
        assert_eq!(names("由青松集团控股"), ["青松集团"]);
        assert_eq!(names("博客中引用证券公司的研究报告"), Vec::<String>::new());
        assert_eq!(
            names("这要求银行提高效率,有助于推动银行转型"),
            Vec::<String>::new()
        );
        assert_eq!(names("用户选择长风银行电商平台"), Vec::<String>::new());
        assert_eq!(names("中国银联加快传统效率银行建设"), ["中国银联"]);
        assert_eq!(
            names("整体保险成为增长点,上海长风保险,普惠保险"),
            ["上海长风保险"]
        );
        assert_eq!(names("使用资金服务"), Vec::<String>::new());
        assert_eq!(names("深化智能化业务银行建设"), Vec::<String>::new());
        assert_eq!(
            names("由国务院金融稳定发展委员会统筹"),
            ["国务院金融稳定发展委员会"]
        );
        assert_eq!(names("各国中央银行与国际银行,以及北京银行"), ["北京银行"]);
        assert_eq!(
            names("《中国人民银行金融消费者权益保护实施办法》"),
            Vec::<String>::new()
        );
        assert_eq!(names("青松集团股份有限公司"), ["青松集团股份有限公司"]);
        assert_eq!(
            names("广东省农村信用社联合社参与标准制定"),
            ["广东省农村信用社联合社"]
        );
    }

    #[test]
    fn generic_nouns_are_not_organisations() {
        for text in [
            "国有大型银行、股份制银行、城市商业银行以及互联网银行等",
            "我国商业银行间的竞争",
            "保险公司、基金公司、信托公司、资产管理公司",
            "银行与科技公司合作",
            "一家银行电商在跨界合作中的失败",
            "设立专项基金、税收优惠",
            "某银行",
            "中国公司",
            "地方法人银行、农商银行和城商银行",
            // A count's measure word is not the start of a name.
            "我国共有19家民营银行",
            "2025年互联网银行发展报告",
            "已有31家理财公司获批筹建",
        ] {
            assert_eq!(names(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_name_after_a_count_starts_after_its_measure_word() {
        assert_eq!(names("其中3家星河银行"), ["星河银行"]);
        // A site's longer measure word is looked for as far back as it reaches.
        let kb = KnowledgeBase::from_texts(
            None,
            Some(("site.toml", "[rules]\nmeasure-words = [\"个百分点\"]\n")),
        )
        .unwrap();
        let found: Vec<String> = find_organizations("提高2个百分点星河银行", &kb)
            .into_iter()
            .map(|m| m.surface)
            .collect();
        assert_eq!(found, ["星河银行"]);
    }

    #[test]
    fn a_stock_code_after_a_short_name_names_a_company() {
        assert_eq!(
            names("建议关注龙头企业星河股份(603999.SH)、月湾化学(002999.SZ)和云港燃气（601999）。"),
            ["星河股份", "月湾化学", "云港燃气"]
        );
        // A date code after a year is no company's.
        assert_eq!(
            names("公司于2021年(202101)完成改制。"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn english_names() {
        assert_eq!(
            names("key players such as Acmecorp, Beta Health Sciences, ZZQ, and Gamma Bio vying for share"),
            ["Acmecorp", "Beta Health Sciences", "ZZQ", "Gamma Bio"]
        );
        assert_eq!(names("受美国知名平台Docuworld的启发"), ["Docuworld"]);
        assert_eq!(names("shares of Foobar Holdings rose"), ["Foobar Holdings"]);
        // European legal forms.
        assert_eq!(
            names("Zeta Finance SA, Quux Bank SE and Zed Pay N.V. expanded."),
            ["Zeta Finance SA", "Quux Bank SE", "Zed Pay N.V."]
        );
        assert_eq!(names("9.2SHEIN柔性供应链 ICONS"), ["SHEIN"]);
        // A legal form after a comma belongs to the name; its dot stays.
        assert_eq!(
            names("Key players such as Foobar Holdings, Inc., Quux, Ltd and Zed N.V. compete."),
            ["Foobar Holdings, Inc.", "Quux, Ltd", "Zed N.V."]
        );
        assert_eq!(names("companies such as Acmecorp."), ["Acmecorp"]);
        // Spelled-out legal forms are whole words, not "Inc" of "Incorporated".
        assert_eq!(
            names("Zentrix Incorporated and Foobar Holdings, Inc. lead; Quux Limited follows."),
            [
                "Zentrix Incorporated",
                "Foobar Holdings, Inc.",
                "Quux Limited"
            ]
        );
        assert_eq!(names("Brightline Incubator opened."), Vec::<String>::new());
        // "Co" of a list's "X and Y Co" is a whole word, not "Corporation"'s.
        assert_eq!(
            names("Key players include Zentrix AG and Quuxle Corporation."),
            ["Zentrix AG", "Quuxle Corporation"]
        );
    }

    #[test]
    fn companies_listed_under_a_heading_or_a_cue_line() {
        let name = |t: &'static str| listed_name(t).map(|r| &t[r]);
        assert_eq!(name("- Teladoc Health, Inc."), Some("Teladoc Health, Inc."));
        assert_eq!(
            name("2. IQVIA: a provider of trial services"),
            Some("IQVIA")
        );
        assert_eq!(name("• Omada Health (US)"), Some("Omada Health"));
        assert_eq!(name("eBay"), Some("eBay"));
        assert_eq!(name("3\\. PPD"), Some("PPD"));
        for not_a_name in [
            "- Others",
            "Regional Insights",
            "- The market grows fast in Asia, led by new entrants and platforms",
            "- 蚂蚁集团",
            "by application",
        ] {
            assert_eq!(name(not_a_name), None, "{not_a_name}");
        }
        let listed = |lines: &[&'static str]| {
            let headings = crate::extract::markdown_headings(lines);
            let listed = listed_paragraphs(lines, |i| headings[i]);
            listed.iter().map(Option::is_some).collect::<Vec<_>>()
        };
        // A heading's whole section; a cue line's run of names only.
        assert_eq!(
            listed(&[
                "## Major Players",
                "The field is crowded.",
                "- Labcorp",
                "## Outlook",
                "- Parexel"
            ]),
            [false, false, true, false, false]
        );
        assert_eq!(
            listed(&[
                "Key companies profiled",
                "- Labcorp",
                "- ICON plc",
                "Growth will slow.",
                "- PPD"
            ]),
            [false, true, true, false, false]
        );
        // A publisher's pitch names no list.
        assert_eq!(
            listed(&[
                "# Leading companies partner with us for data-driven Insights",
                "Hero Background",
                "200 Pages",
            ]),
            [false, false, false]
        );
        // The site's paragraphs carry their headings.
        let heads = ["Market", "Leading Vendors", "Leading Vendors"];
        let listed = listed_paragraphs(&["Acme Corp", "Acme Corp", "Globex"], |i| {
            heads.get(i).copied()
        });
        assert_eq!(listed, [None, Some(0..9), Some(0..6)]);
    }

    #[test]
    fn verbs_ranks_and_latin_words_with_digits_are_no_names() {
        // A paper's verbs and a rank before a kind of institution.
        for text in [
            "互联网公司深入到证券、保险等领域。",
            "监管趋严正考验着银行的风控能力。",
            "微众银行作为中国首家互联网银行开业。",
            "近年来P2P网贷公司风险频发。",
            "本文分析呼和浩特地区商业银行的房地产信贷。",
        ] {
            let found = names(text);
            assert!(found.iter().all(|n| n == "微众银行"), "{text}: {found:?}");
        }
        // A leader's rank before a name leaves the name.
        assert_eq!(names("保险巨头安联集团发布年报。"), ["安联集团"]);
    }

    #[test]
    fn virtual_banks_abroad_are_known() {
        assert_eq!(
            names("众安银行（ZA Bank）、Mox Bank、乐天国际商业银行和连线商业银行（LINE Bank）开业；KakaoBank与Nubank扩张。"),
            ["众安银行", "众安银行", "Mox Bank", "乐天国际商业银行", "连线商业银行", "连线商业银行", "KakaoBank", "Nubank"]
        );
        // "In future, banks will …" names no bank.
        assert!(names("将来银行将更加重视风控。").is_empty());
    }

    #[test]
    fn english_lists_after_longer_phrases_notes_and_small_capitals() {
        // Words between the noun and its verb; a note in brackets; a name
        // that opens with a small letter.
        assert_eq!(
            names("Major companies operating in the global market include Zentrix Labs, Quuxly Health (Foobar Group), eZed and Gamma Bio."),
            ["Zentrix Labs", "Quuxly Health", "eZed", "Gamma Bio"]
        );
        assert_eq!(
            names("Payers such as Acmecorp and Betamed reimburse it. Key players in this market, such as Zorvo, lead."),
            ["Acmecorp", "Betamed", "Zorvo"]
        );
        assert_eq!(
            names("Leading providers like Quuxpay, Atomo and Zap Co expanded."),
            ["Quuxpay", "Atomo", "Zap Co"]
        );
        assert_eq!(
            names("Key companies profiled: Nestlé Health, L'Acme and Quux."),
            ["Nestlé Health", "L'Acme", "Quux"]
        );
        // A sentence's end stops the last name; an initial's dot does not.
        assert_eq!(
            names(
                "Key players include F. Zorvo-La Roche and Gamma Bio. In January Gamma Bio grew."
            ),
            ["F. Zorvo-La Roche", "Gamma Bio"]
        );
        // "are" only right after the noun; nothing capitalised after it.
        assert!(names(
            "Most of these companies operating in Asia are expanding, including in Europe."
        )
        .is_empty());
    }
}
