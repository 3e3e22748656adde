//! ASCII URL slugs for any title, CJK included.
//!
//! Strategy (documented in the README): a `slug` in front matter wins;
//! otherwise the title is transliterated, Chinese characters to toneless
//! pinyin (one word each), Latin letters and digits kept, everything else a
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
    for ch in text.chars() {
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
        // Per-character readings: 行 is read "xing" (a known limit; set `slug` to override).
        assert_eq!(slugify("银行电商"), "yin-xing-dian-shang");
        assert_eq!(slugify("2025年市场"), "2025-nian-shi-chang");
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
