//! ASCII URL slugs for any title, CJK included.
//!
//! Strategy (documented in the README): a `slug` in front matter wins;
//! otherwise the title is transliterated, Chinese characters to toneless
//! pinyin (one word each, words with a reading of their own such as 银行
//! "yin hang" read as words), Latin letters and digits kept, everything else a
//! separator. The result is lower-case, `-`-separated and capped in length so
//! URLs stay readable. Collisions are resolved with [`UniqueSlugs`]: callers
//! (`model`, the entity ids) claim slugs in a deterministic order and get
//! `-2`, `-3`, … appended when one is taken.

use std::collections::{HashMap, HashSet};

use pinyin::ToPinyin;

/// Slugs handed out so far: `wanted`, or the first free `wanted-N` (N from
/// 2). Each wanted slug resumes its suffix where it stopped: slugs are never
/// released, so the first free one is never below that, and a library with
/// many same-named entries would otherwise probe `-2`, `-3` … from the start
/// each time (quadratic).
#[derive(Debug, Default)]
pub struct UniqueSlugs {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl UniqueSlugs {
    /// With `reserved` already taken.
    pub fn reserving<'a>(reserved: impl IntoIterator<Item = &'a str>) -> UniqueSlugs {
        UniqueSlugs {
            used: reserved.into_iter().map(str::to_string).collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// `wanted` if free, else the first free `wanted-N`; now taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.used.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let n = self.next_suffix.entry(wanted.to_string()).or_insert(2);
        loop {
            let candidate = format!("{wanted}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Longest slug we produce, in bytes; long Chinese titles otherwise give
/// unwieldy URLs.
pub const MAX_SLUG_LEN: usize = 60;

/// Words whose characters the pinyin tables read wrongly one by one (行 is
/// "xing", but 银行 is "yin hang"): the words of report titles and entity
/// names, where a wrong reading would show in every URL.
const WORD_READINGS: &[(&str, &str)] = &[
    // 行 as "hang": banks and trades.
    ("银行", "yin hang"),
    ("行业", "hang ye"),
    ("央行", "yang hang"),
    ("分行", "fen hang"),
    ("支行", "zhi hang"),
    ("总行", "zong hang"),
    ("商行", "shang hang"),
    ("投行", "tou hang"),
    ("同行", "tong hang"),
    ("外行", "wai hang"),
    ("内行", "nei hang"),
    ("行情", "hang qing"),
    ("工行", "gong hang"),
    ("农行", "nong hang"),
    ("建行", "jian hang"),
    ("中行", "zhong hang"),
    ("交行", "jiao hang"),
    ("招行", "zhao hang"),
    // 长 as "chang" (its table reading is "zhang", as in 增长).
    ("长期", "chang qi"),
    ("长远", "chang yuan"),
    ("长效", "chang xiao"),
    ("长久", "chang jiu"),
    ("长足", "chang zu"),
    ("长尾", "chang wei"),
    ("长线", "chang xian"),
    ("长租", "chang zu"),
    ("长度", "chang du"),
    ("长短", "chang duan"),
    ("长途", "chang tu"),
    ("延长", "yan chang"),
    ("擅长", "shan chang"),
    ("长江", "chang jiang"),
    ("长三角", "chang san jiao"),
    ("长沙", "chang sha"),
    ("长春", "chang chun"),
    ("长城", "chang cheng"),
    ("长安", "chang an"),
    // ... but "zhang" where a word ends in it, so that 成长期 is not 成 + 长期.
    ("增长", "zeng zhang"),
    ("成长", "cheng zhang"),
    ("生长", "sheng zhang"),
    ("助长", "zhu zhang"),
    ("行长", "hang zhang"),
    // 重 as "chong".
    ("重庆", "chong qing"),
    ("重新", "chong xin"),
    ("重组", "chong zu"),
    ("重建", "chong jian"),
    ("重构", "chong gou"),
    ("重塑", "chong su"),
    ("重启", "chong qi"),
    ("重复", "chong fu"),
    ("双重", "shuang chong"),
    // 调 as "tiao".
    ("调整", "tiao zheng"),
    ("调控", "tiao kong"),
    ("调节", "tiao jie"),
    ("协调", "xie tiao"),
    ("调解", "tiao jie"),
    ("调剂", "tiao ji"),
    // Others.
    ("还款", "huan kuan"),
    ("偿还", "chang huan"),
    ("会计", "kuai ji"),
    ("供给", "gong ji"),
    ("给予", "ji yu"),
    ("西藏", "xi zang"),
    ("厦门", "xia men"),
    ("成都", "cheng du"),
    ("首都", "shou du"),
    ("都市", "du shi"),
];

/// The first characters of the words in [`WORD_READINGS`]: most characters
/// start none, and a slug is made for every heading of the site.
const WORD_STARTS: &str =
    "银行央分支总商投同外内工农建中交招长延擅增成生助重双调协还偿会供给西厦首都";

/// The reading of the word starting `text`, if [`WORD_READINGS`] has one
/// (the longest), with the word's length in bytes.
fn word_reading(text: &str) -> Option<(usize, &'static str)> {
    if !text.chars().next().is_some_and(|c| WORD_STARTS.contains(c)) {
        return None;
    }
    WORD_READINGS
        .iter()
        .filter(|(word, _)| text.starts_with(word))
        .max_by_key(|(word, _)| word.len())
        .map(|(word, reading)| (word.len(), *reading))
}

/// Slug of `text`: `2025年银行电商市场` → `2025-nian-yin-hang-dian-shang-shi-chang`.
/// Never empty: falls back to `page`.
pub fn slugify(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        if let Some((len, reading)) = word_reading(rest) {
            flush(&mut current, &mut words);
            words.extend(reading.split(' ').map(str::to_string));
            rest = &rest[len..];
            continue;
        }
        if ch.is_ascii_alphanumeric() {
            current.push(ch.to_ascii_lowercase());
        } else if let Some(p) = ch.to_pinyin() {
            flush(&mut current, &mut words);
            // `plain()` keeps ü (率 → lü); slugs must be ASCII, and v is
            // the usual pinyin keyboard spelling of ü.
            words.push(p.plain().replace('ü', "v"));
        } else {
            flush(&mut current, &mut words);
        }
        rest = &rest[ch.len_utf8()..];
    }
    flush(&mut current, &mut words);

    let mut slug = String::new();
    for w in words {
        if !slug.is_empty() && slug.len() + 1 + w.len() > MAX_SLUG_LEN {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&w);
    }
    slug.truncate(MAX_SLUG_LEN);
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug
    }
}

/// [`slugify`] of a report folder's name, keeping a trailing `-N` that the
/// length cap would cut: `gen import` names a second report of the same
/// title `<slug>-2`, and it must not fall back onto the first one's URL.
pub fn slugify_folder(name: &str) -> String {
    let whole = slugify(name);
    match name.rsplit_once('-') {
        Some((base, n))
            if (1..=4).contains(&n.len())
                && n.bytes().all(|b| b.is_ascii_digit())
                && !whole.ends_with(&format!("-{n}")) =>
        {
            format!("{}-{n}", slugify(base))
        }
        _ => whole,
    }
}

/// Clean a slug a user wrote in front matter: same alphabet as [`slugify`],
/// so `../../x` or `/etc` can never become a path.
pub fn sanitize(user_slug: &str) -> String {
    let cleaned: String = user_slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut out = String::new();
    for part in cleaned.split('-').filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    if out.is_empty() {
        slugify(user_slug)
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_folder_name_keeps_its_number() {
        let base = "2023-nian-zhong-guo-zhi-neng-feng-kong-jian-guan-he-gui-bao";
        assert_eq!(slugify(base), base);
        // The cap alone would cut `-3` off and land on `base`.
        assert_eq!(slugify(&format!("{base}-3")), base);
        assert_eq!(slugify_folder(&format!("{base}-3")), format!("{base}-3"));
        assert_eq!(slugify_folder(base), base);
        assert_eq!(slugify_folder("report-2"), "report-2");
        assert_eq!(slugify_folder("2025年报告-2"), "2025-nian-bao-gao-2");
        assert_eq!(slugify_folder("报告"), "bao-gao");
    }

    #[test]
    fn chinese_becomes_pinyin() {
        assert_eq!(slugify("2025年市场"), "2025-nian-shi-chang");
        // Characters with several readings: the word decides.
        assert_eq!(slugify("银行电商"), "yin-hang-dian-shang");
        assert_eq!(slugify("行业发展与行为"), "hang-ye-fa-zhan-yu-xing-wei");
        assert_eq!(
            slugify("营收增长，长期向好"),
            "ying-shou-zeng-zhang-chang-qi-xiang-hao"
        );
        assert_eq!(slugify("重庆银行重组"), "chong-qing-yin-hang-chong-zu");
        assert_eq!(slugify("长期调整"), "chang-qi-tiao-zheng");
        assert_eq!(
            slugify("成长期与中长期"),
            "cheng-zhang-qi-yu-zhong-chang-qi"
        );
        // Words of the table run into each other and into ASCII.
        assert_eq!(slugify("ABC银行行长"), "abc-yin-hang-hang-zhang");
    }

    #[test]
    fn every_word_reading_can_be_found() {
        for (word, reading) in WORD_READINGS {
            assert_eq!(word_reading(word), Some((word.len(), *reading)), "{word}");
        }
    }

    #[test]
    fn u_umlaut_becomes_v() {
        assert_eq!(slugify("费率"), "fei-lv");
        assert!(slugify("绿色金融").is_ascii());
    }

    #[test]
    fn latin_and_punctuation() {
        assert_eq!(
            slugify("Cross-border Payments: 2025 Outlook"),
            "cross-border-payments-2025-outlook"
        );
        assert_eq!(slugify("《网络安全法》"), "wang-luo-an-quan-fa");
    }

    #[test]
    fn never_empty_and_bounded() {
        assert_eq!(slugify("!!!"), "page");
        assert_eq!(slugify(""), "page");
        let long = "银行".repeat(100);
        assert!(slugify(&long).len() <= MAX_SLUG_LEN);
    }

    #[test]
    fn hostile_user_slugs_cannot_escape() {
        assert_eq!(sanitize("../../x"), "x");
        assert_eq!(sanitize("/etc/passwd"), "etc-passwd");
        assert_eq!(sanitize("My Report"), "my-report");
        assert_eq!(sanitize("报告"), "bao-gao");
    }
}
