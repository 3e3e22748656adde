//! Stage 3, repair: undo the garbling of scraped text.
//! - pinyin annotations after CJK characters, `市場(chǎng)` → `市場`, also
//!   inside real brackets, while real brackets such as `(1)`, `(VR)` and
//!   `(2015-2018年)` stay;
//! - script conversion, phrase-aware through OpenCC (`tw2s` to simplified,
//!   `s2tw` to traditional), built once per run in [`ScriptConverter`];
//! - running headers and page numbers (`研究报告-1-`);
//! - HTML tags and Markdown marks a text copy kept as text (`<br>`,
//!   `## 1. **规模**`, headings flattened into one line, `$23.8\%$`);
//! - a warning for mojibake that cannot be repaired (it is kept as it is).

use std::borrow::Cow;
use std::sync::LazyLock;

use anyhow::Result;
use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use regex::Regex;

use super::outline::display_width;
use super::CONSTANT_REGEX;

use crate::config::Script;

/// Phrase-aware converters, built once per run (loading the dictionaries is
/// the expensive part).
pub struct ScriptConverter {
    to_simplified: OpenCC,
    to_traditional: Option<OpenCC>,
}

impl std::fmt::Debug for ScriptConverter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScriptConverter")
            .field("traditional_output", &self.to_traditional.is_some())
            .finish()
    }
}

impl ScriptConverter {
    /// Text is always analysed in simplified script (the chrome rules are
    /// written in it); `target` is the script of the output.
    pub fn new(target: Script) -> Result<ScriptConverter> {
        let to_simplified = OpenCC::from_config(BuiltinConfig::Tw2s)?;
        let to_traditional = match target {
            Script::Simplified => None,
            Script::Traditional => Some(OpenCC::from_config(BuiltinConfig::S2tw)?),
        };
        Ok(ScriptConverter {
            to_simplified,
            to_traditional,
        })
    }

    /// Convert traditional text to simplified script for analysis. Text
    /// that is already simplified is left alone: `tw2s` only knows
    /// traditional phrases, so it would turn simplified 显著 into 显着.
    pub fn simplify(&self, text: &str) -> String {
        if !text.chars().any(is_cjk) || !self.is_traditional(text) {
            return text.to_string();
        }
        self.convert_all(text)
    }

    /// Traditional text, all of it, to simplified script.
    fn convert_all(&self, text: &str) -> String {
        let converted = self.to_simplified.convert(text);
        keep_simplified_forms(text, converted)
    }

    /// [`simplify`](Self::simplify) for text whose pinyin was removed. A
    /// simplified text with a few garbled words (`市場(chǎng)`) is not
    /// traditional as a whole, yet its annotated characters are: they, and
    /// traditional-only characters beside them (`電(diàn)視`), are converted.
    pub fn simplify_unannotated(&self, unannotated: Unannotated) -> String {
        let Unannotated { text, annotated } = unannotated;
        if annotated.is_empty() {
            return self.simplify(&text);
        }
        // Annotated characters are Han, so the text has some: only whether
        // it is traditional as a whole is left to decide.
        if self.is_traditional(&text) {
            return self.convert_all(&text);
        }
        let source: Vec<char> = text.chars().collect();
        let mut convert = vec![false; source.len()];
        for &i in &annotated {
            let Some(flag) = convert.get_mut(i) else {
                continue;
            };
            *flag = true;
            // Neighbours, outward while they are traditional-only.
            for j in (0..i)
                .rev()
                .take_while(|&j| TRADITIONAL_ONLY.contains(&source[j]))
            {
                convert[j] = true;
            }
            for j in (i + 1..source.len()).take_while(|&j| TRADITIONAL_ONLY.contains(&source[j])) {
                convert[j] = true;
            }
        }
        // Phrase-aware conversion of the whole text, taken only where marked.
        // The tables map one character to one here; should the counts
        // differ, each marked character is converted alone.
        let converted: Vec<char> = self.to_simplified.convert(&text).chars().collect();
        let whole = converted.len() == source.len();
        let mut out = String::with_capacity(text.len());
        for (i, &c) in source.iter().enumerate() {
            match (convert[i], whole) {
                (false, _) => out.push(c),
                (true, true) => out.push(converted[i]),
                (true, false) => {
                    out.push_str(&self.to_simplified.convert(c.encode_utf8(&mut [0; 4])))
                }
            }
        }
        out
    }

    /// Decide on a sample: traditional text changes in many places (more
    /// than 3% of its Han characters), simplified text in almost none.
    /// A scan for common traditional-only characters first spares the
    /// conversion for simplified text.
    pub fn is_traditional(&self, text: &str) -> bool {
        let end = text
            .char_indices()
            .nth(4_000)
            .map_or(text.len(), |(i, _)| i);
        let sample = &text[..end];
        if !sample.chars().any(|c| TRADITIONAL_ONLY.contains(&c)) {
            return false;
        }
        let converted = self.to_simplified.convert(sample);
        let han = sample.chars().filter(|c| is_cjk(*c)).count();
        // Characters that are also correct simplified text do not count.
        let changed = sample
            .chars()
            .zip(converted.chars())
            .filter(|(a, b)| {
                a != b && !"著乾於瞭夥祇覆甦".contains(*a) && !ALREADY_SIMPLIFIED.contains(a)
            })
            .count();
        han > 0 && changed * 100 >= han * 3
    }

    /// Convert analysed (simplified) text to the output script.
    pub fn to_output(&self, text: &str) -> String {
        match &self.to_traditional {
            Some(cc) if text.chars().any(is_cjk) => cc.convert(text),
            _ => text.to_string(),
        }
    }
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Simplified characters that `tw2s` maps to something that is no simplified
/// form of them: 這么 → 这幺, 抬 → 擡, 哪吒 → 哪咤, 蒜薹 → 蒜苔. Found by
/// converting every GB2312 character (see the test that pins the list).
const ALREADY_SIMPLIFIED: &[char] = &['么', '抬', '吒', '薹'];

/// Put back [`ALREADY_SIMPLIFIED`] characters of the source. The tables map
/// one character to one character here, so positions line up; if the counts
/// differ the conversion is kept as it is.
fn keep_simplified_forms(source: &str, converted: String) -> String {
    if !source.contains(ALREADY_SIMPLIFIED) || source.chars().count() != converted.chars().count() {
        return converted;
    }
    source
        .chars()
        .zip(converted.chars())
        .map(|(s, c)| {
            if ALREADY_SIMPLIFIED.contains(&s) {
                s
            } else {
                c
            }
        })
        .collect()
}

/// Frequent characters that only exist in traditional script.
static TRADITIONAL_ONLY: LazyLock<std::collections::HashSet<char>> = LazyLock::new(|| {
    "們個這來時會後說為國發經過還對與問題開關長門體點當進實現動業電學產機務區總網間書視見聽讀寫認識親錢銀貨費買賣價輕車馬魚鳥龍風飛雲齊麼麵從眾條樣種線層導報號據際應該設計議論讓誰調談變場優勢達運連邊選環義營協歷斷萬億結給統維標權構極級練組織紅約記許訊試詢詳語誤請課譯貿資質購賽趨輸辦農週遠適遺陸陽隨隱雙雜難領頭頻類顯顧鬥擴廣東歲戰亂處備幾將無愛兩"
        .chars()
        .collect()
});

static PINYIN: LazyLock<Regex> = LazyLock::new(|| {
    // A space may come before the annotation, as a copy's line joins leave.
    // ... and inside the brackets (`會(huì )`); a line break may cut the
    // closing bracket off (`環(huá` at a line's end).
    Regex::new(
        r"(?m)([\p{Han}])[ \t]?[(（][ \t]?([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7})[ \t]?([)）]|$)",
    )
    .expect(CONSTANT_REGEX)
});

/// A syllable of pinyin without its tone mark: an initial, then a final.
static TONELESS_SYLLABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?",
        r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un",
        r"|ia|ie|iu|ua|uo|ue|ui|a|o|e|i|u|v|ü)$"
    ))
    .expect(CONSTANT_REGEX)
});

/// Toneless annotations a text must carry before they count as pinyin: one
/// `平台(ai)` may be an abbreviation, a run of `本質(zhi)上(shang)` is not.
const MIN_TONELESS_ANNOTATIONS: usize = 3;

const TONE_MARKS: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
/// Neutral-tone syllables carry no tone mark.
const NEUTRAL_SYLLABLES: &[&str] = &[
    "de", "le", "me", "men", "ma", "ne", "ba", "zi", "zhe", "ge", "la", "ya", "wa", "lü",
];

fn is_pinyin(annotation: &str) -> bool {
    annotation.chars().any(|c| TONE_MARKS.contains(c)) || NEUTRAL_SYLLABLES.contains(&annotation)
}

/// Whether an annotation is pinyin: with a tone mark, or (in a text that
/// annotates without them, `toneless`) any syllable. One the line break
/// left unclosed needs its tone mark.
fn annotation_is_pinyin(annotation: &str, closed: bool, toneless: bool) -> bool {
    if !closed {
        return annotation.chars().any(|c| TONE_MARKS.contains(c));
    }
    is_pinyin(annotation) || (toneless && TONELESS_SYLLABLE.is_match(annotation))
}

/// Text with its pinyin annotations removed, and where they were.
#[derive(Debug)]
pub struct Unannotated {
    pub text: String,
    /// Char indices (in `text`) of the characters that carried pinyin: the
    /// garbled ones, put into traditional script by the copying site.
    pub annotated: Vec<usize>,
}

/// Remove pinyin annotations `字(zì)` (or `字（zì）`) after CJK characters,
/// and say which characters carried them.
pub fn strip_pinyin_marking(text: &str) -> Unannotated {
    if !text.contains(['(', '（']) {
        return Unannotated {
            text: text.to_string(),
            annotated: Vec::new(),
        };
    }
    let closed = |c: &regex::Captures| c.get(3).is_some_and(|m| !m.is_empty());
    // One pass of the pattern: whether toneless syllables count is decided
    // over all the annotations before any is removed.
    let found: Vec<regex::Captures> = PINYIN.captures_iter(text).collect();
    let toneless = found
        .iter()
        .filter(|c| {
            closed(c)
                && c.get(2).is_some_and(|a| {
                    !is_pinyin(a.as_str()) && TONELESS_SYLLABLE.is_match(a.as_str())
                })
        })
        .take(MIN_TONELESS_ANNOTATIONS)
        .count()
        >= MIN_TONELESS_ANNOTATIONS;
    let garbled = found
        .iter()
        .filter(|c| closed(c) && c.get(2).is_some_and(|a| is_pinyin(a.as_str())))
        .nth(MIN_TONELESS_ANNOTATIONS - 1)
        .is_some();
    let mut out = String::with_capacity(text.len());
    let mut annotated = Vec::new();
    let mut chars_out = 0;
    let mut last = 0;
    for c in &found {
        let (Some(whole), Some(han), Some(ann)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        // A preview cut off inside an annotation (`服務(w`) of a text whose
        // characters carry them.
        let cut_at_end = !closed(c) && garbled && text[whole.end()..].trim().is_empty();
        if !cut_at_end && !annotation_is_pinyin(ann.as_str(), closed(c), toneless) {
            continue;
        }
        let before = &text[last..han.end()];
        out.push_str(before);
        chars_out += before.chars().count();
        annotated.push(chars_out - 1);
        last = whole.end();
        // An annotation the copy doubled (`體(ti)(ti)化`) goes whole.
        // (Never empty: it holds its opening bracket.)
        let annotation = text[han.end()..whole.end()].trim_start();
        while text[last..].starts_with(annotation) {
            last += annotation.len();
        }
        // ... and a space after it, before the next character of the word.
        let rest = &text[last..];
        if rest.starts_with([' ', '\t']) && rest[1..].starts_with(|c: char| is_cjk(c)) {
            last += 1;
        }
    }
    out.push_str(&text[last..]);
    Unannotated {
        text: out,
        annotated,
    }
}

static RUNNING_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*(\p{Han}{2,12})-\d{1,4}-").expect(CONSTANT_REGEX));
static PAGE_NUMBER_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*-\s?\d{1,4}\s?-[ \t]*$").expect(CONSTANT_REGEX));

/// Remove running headers with page numbers (`研究报告-1-`): a header seen at
/// the start of a line is learnt, then removed wherever it recurs with a
/// page number. Lines that are only a page number (`- 3 -`) go too.
/// A line break is left where a header was, since pages start new text.
pub fn strip_running_headers(text: &str) -> (String, Vec<String>) {
    let mut headers: Vec<String> = Vec::new();
    for cap in RUNNING_HEADER.captures_iter(text).take(1000) {
        if let Some(h) = cap.get(1) {
            // Each header costs a pass over the text: a handful at most.
            if headers.len() < 4 && !headers.iter().any(|x| x == h.as_str()) {
                headers.push(h.as_str().to_string());
            }
        }
    }
    let mut out = PAGE_NUMBER_LINE.replace_all(text, "").into_owned();
    let mut removed = Vec::new();
    for h in &headers {
        let Ok(re) = Regex::new(&format!(r"{}-\d{{1,4}}-", regex::escape(h))) else {
            continue;
        };
        let mut count = 0;
        out = re
            .replace_all(&out, |_: &regex::Captures| {
                count += 1;
                "\n"
            })
            .into_owned();
        removed.push(format!("running header `{h}-N-` ×{count}"));
    }
    (out, removed)
}

/// HTML tags a text copy kept as text: line breaks, paragraphs and tables,
/// inline emphasis and spans, and the empty tags spam injects
/// (`<tfoot id="x"><noscript id="x"></noscript></tfoot>`).
static STRAY_TAG: LazyLock<Regex> = LazyLock::new(|| {
    // Attributes as HTML writes them (`id="x"`), so that `a<b 且 c>d` is
    // no tag.
    Regex::new(concat!(
        r#"(?i)<(?P<close>/)?(?P<name>br|p|div|tr|table|tbody|thead|tfoot|td|th|strong|b|em|i|u|span|font|sup|sub|center|small|big|noscript)"#,
        r#"(?:\s+[a-z-]+(?:="[^"\n]{0,100}"|='[^'\n]{0,100}'|=[^\s<>"']{1,50})?)*\s*/?>"#,
    ))
    .expect(CONSTANT_REGEX)
});

/// Remove HTML tags that a copied text kept as text (a `.txt` input: an
/// HTML page is parsed instead). A break, paragraph or row leaves a line
/// break, a cell a space; the others nothing, so the text runs on.
pub fn strip_stray_tags(text: String) -> (String, Option<String>) {
    // Most copies have no tag: they are handed back, not copied.
    if !text.contains('<') {
        return (text, None);
    }
    let mut count = 0;
    let out = STRAY_TAG.replace_all(&text, |c: &regex::Captures| {
        count += 1;
        let name = c
            .name("name")
            .map_or(String::new(), |n| n.as_str().to_ascii_lowercase());
        match name.as_str() {
            // A table's cells stay apart, its rows on lines of their own.
            "td" | "th" if c.name("close").is_none() => " ",
            "br" | "p" | "div" | "tr" | "table" => "\n",
            _ => "",
        }
    });
    match out {
        std::borrow::Cow::Owned(out) => (out, Some(format!("HTML tags left as text ×{count}"))),
        std::borrow::Cow::Borrowed(_) => (text, None),
    }
}

/// A Markdown heading opening a line (`## 1. **标题**`).
static ATX_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^#{1,6}[ \t]+[^\s#]").expect(CONSTANT_REGEX));

/// A Markdown heading marker inside a line a copy flattened
/// (`…截至2月10日 # 华源晨会精粹 # 投资要点:`): after a space, before text.
static INLINE_ATX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t]+(#{1,6}[ \t]+[^\s#])").expect(CONSTANT_REGEX));

/// A quote marker inside a flattened line, before Chinese text (a
/// comparison, `增速 > 5%`, has a number after it).
static INLINE_QUOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t]+>[ \t]+(\p{Han})").expect(CONSTANT_REGEX));

/// A quote marker opening a line.
static QUOTE_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*>[ \t]?").expect(CONSTANT_REGEX));

/// Strong emphasis around text that neither starts nor ends with a space:
/// `**来源**`, but not a masked user name (`b****5`).
static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\*\*([^*\s](?:[^*\n]{0,300}[^*\s])?)\*\*|__([^_\s](?:[^_\n]{0,300}[^_\s])?)__")
        .expect(CONSTANT_REGEX)
});

/// A percentage a PDF-to-Markdown converter wrote as TeX (`$23.8\%$`).
static TEX_PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$[ \t]*([-+]?[0-9][0-9.,]*)[ \t]*\\?%[ \t]*\$").expect(CONSTANT_REGEX)
});

/// Inline heading markers that make a flattened line Markdown.
const MIN_INLINE_HEADINGS: usize = 2;

/// Markdown a text copy kept (a page converted to Markdown, then copied or
/// flattened): headings flattened into a line go back on lines of their
/// own, and quote markers and strong emphasis go, since the importer reads
/// the text as text. A percentage written as TeX becomes text. Only a text
/// with a Markdown heading is read so; others are handed back untouched.
pub fn unwrap_markdown(text: String) -> (String, Option<String>) {
    let text = match TEX_PERCENT.replace_all(&text, "$1%") {
        std::borrow::Cow::Owned(out) => out,
        std::borrow::Cow::Borrowed(_) => text,
    };
    let flattened = |line: &str| {
        INLINE_ATX
            .find_iter(line)
            .nth(MIN_INLINE_HEADINGS - 1)
            .is_some()
    };
    if !text.lines().any(flattened) && !ATX_LINE.is_match(&text) {
        return (text, None);
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        if flattened(line) {
            let broken = INLINE_ATX.replace_all(line, "\n$1");
            out.push_str(&INLINE_QUOTE.replace_all(&broken, "\n$1"));
        } else {
            out.push_str(line);
        }
    }
    let out = QUOTE_MARK.replace_all(&out, "");
    let out = STRONG.replace_all(&out, "$1$2").into_owned();
    (out, Some("Markdown marks left as text".to_string()))
}

/// A report template's field names that its PDF left in the text
/// ("Table_Title1", "Table_Summary"), and its empty fields ("nullnull").
static TEMPLATE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    // Next to Chinese text too ("保险Table_Invest"): no word boundary.
    // In the brackets some templates write them in ("[Table_Title]").
    Regex::new(r"[ \t]?\[Table_[A-Z][A-Za-z]*\d*\]|[ \t]?Table_[A-Z][A-Za-z]*\d*|(?:null){2,}")
        .expect(CONSTANT_REGEX)
});

/// Remove a report template's field names from the text, where they sat
/// in it (no line break is left: the text around them runs on).
pub fn strip_template_fields(text: &str) -> (String, Option<String>) {
    if !text.contains("Table_") && !text.contains("nullnull") {
        return (text.to_string(), None);
    }
    let mut count = 0;
    let out = TEMPLATE_FIELD.replace_all(text, |_: &regex::Captures| {
        count += 1;
        ""
    });
    let note = (count > 0).then(|| format!("template field names ×{count}"));
    (out.into_owned(), note)
}

/// A section's two-character name that a layout spread out ("总 则",
/// "前  言", "引 言"): a heading the outline would cut at the space.
static SPACED_SECTION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(^|[^\p{Han}])(引|前|总|附|绪|摘|目|序|后|结)[ \t\u{3000}]{1,3}(言|则|论|要|录|记|语)",
    )
    .expect(CONSTANT_REGEX)
});

/// A bullet before a section's number at a line's start: a blog's contents
/// box ("文章目录" then "  • 一、背景", "    • 1.1 现状").
static BULLETED_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t\u{3000}]*[•●▪◦][ \t\u{3000}]*((?:[一二三四五六七八九十]{1,3}、|[0-9]{1,2}(?:\.[0-9]{1,2}){1,3}[ \t]|第[一二三四五六七八九十0-9]{1,3}[章节部篇]))",
    )
    .expect(CONSTANT_REGEX)
});

/// Drop the bullets a contents box puts before numbered sections, so its
/// entries read as the sections they list (and a body that repeats them
/// drops the box, as for any contents list).
pub fn unbullet_sections(text: &str) -> Cow<'_, str> {
    BULLETED_SECTION.replace_all(text, "$1")
}

/// The names [`SPACED_SECTION_WORD`] may stand for, written together.
const SECTION_WORDS: [&str; 12] = [
    "引言", "前言", "总则", "附则", "绪言", "绪论", "摘要", "目录", "序言", "后记", "结语", "结论",
];

/// Shortest phrase whose doubling alone shows a PDF's doubled text: shorter
/// ones double in plain prose too ("研究研究", "看看").
const MIN_DOUBLED_PHRASE_CHARS: usize = 4;

/// Longest phrase looked for doubled.
const MAX_DOUBLED_PHRASE_CHARS: usize = 40;

/// Fewest long doublings that show a copy doubled its text.
const MIN_DOUBLINGS: usize = 3;

/// The length of a phrase of at least `min` characters that `chars[at..]`
/// opens with and then repeats at once: one holding a Han character, or a
/// Latin word ("APPAPP").
fn doubled_at(chars: &[char], at: usize, min: usize) -> Option<usize> {
    let rest = chars.len() - at;
    (min..=MAX_DOUBLED_PHRASE_CHARS.min(rest / 2))
        .rev()
        .find(|&len| {
            chars[at] == chars[at + len]
                && chars[at..at + len] == chars[at + len..at + 2 * len]
                && (chars[at..at + len].iter().any(|&c| is_cjk(c))
                    || len >= 3 && chars[at..at + len].iter().all(char::is_ascii_alphabetic))
                && !chars[at..at + len].contains(&'\n')
        })
}

/// Say once what a copy of a PDF doubled: bold text drawn twice comes out
/// twice ("核心观点核心观点", "中信证券研究部中信证券研究部", "券商券商"). Read so
/// only where several long phrases come doubled; then shorter ones are
/// the same damage.
pub fn undouble_phrases(text: &str) -> Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let mut long = 0;
    let mut at = 0;
    while at < chars.len() && long < MIN_DOUBLINGS {
        match doubled_at(&chars, at, MIN_DOUBLED_PHRASE_CHARS) {
            Some(len) => {
                long += 1;
                at += 2 * len;
            }
            None => at += 1,
        }
    }
    if long < MIN_DOUBLINGS {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        match doubled_at(&chars, at, 2) {
            Some(len) => {
                out.extend(&chars[at..at + len]);
                at += 2 * len;
            }
            None => {
                out.push(chars[at]);
                at += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// Write a section's spaced-out name together ("第一章 总 则" → "第一章 总则")
/// where it starts a word: "目前 言论" (a PDF's space in prose) stays.
pub fn join_spaced_section_words(text: &str) -> Cow<'_, str> {
    SPACED_SECTION_WORD.replace_all(text, |c: &regex::Captures| {
        let word = format!("{}{}", &c[2], &c[3]);
        if SECTION_WORDS.contains(&word.as_str()) {
            format!("{}{word}", &c[1])
        } else {
            c[0].to_string()
        }
    })
}

/// Spaces a PDF's layout left beside full-width punctuation ("前景 ，",
/// "《发展规划 》").
static SPACE_BY_CJK_PUNCTUATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[ \t\u{3000}]+([，。；：！？、）》」』】])|([（《「『【])[ \t\u{3000}]+")
        .expect(CONSTANT_REGEX)
});

/// Drop the spaces [`SPACE_BY_CJK_PUNCTUATION`] finds: Chinese sets none
/// beside its punctuation.
pub fn tidy_spaces_by_punctuation(text: &str) -> Cow<'_, str> {
    // The group that did not take part expands to nothing.
    SPACE_BY_CJK_PUNCTUATION.replace_all(text, "$1$2")
}

/// Fewest lines of a wrap width that show a copy joined a PDF's lines
/// with spaces.
const MIN_WRAPPED_LINES: usize = 4;

/// Share, in percent, of the runs between spaces that must fill the wrap
/// width: other spaces in Chinese text are rare and fall anywhere.
const WRAPPED_SHARE_PERCENT: usize = 60;

/// Narrowest line a PDF's page width makes, in columns.
const MIN_WRAP_COLUMNS: usize = 30;

/// How far from the wrap width a line may end: punctuation and Latin
/// letters are set narrower than the count says.
fn wrap_slack(width: usize) -> usize {
    (width / 10).max(4)
}

/// Punctuation that a space after is typography, not a line's end: the
/// end of a sentence ("增长28%。 预计").
const SPACED_SENTENCE_ENDS: &str = "。！？!?；;";

/// The spaces a copy may have put where a PDF broke its lines: a single
/// space after a Han character or punctuation and before a Han character
/// ("这一过 程"). A space after a Latin word or a number is typography, and
/// so is one after a sentence's end or after punctuation spaced on both
/// sides ("2017年 , 中国").
fn line_join_spaces(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().filter_map(move |(i, c)| {
        if c != ' ' {
            return None;
        }
        let mut earlier = text[..i].chars().rev();
        let before = earlier.next()?;
        let after = text[i + 1..].chars().next()?;
        let punctuation_spaced = !is_cjk(before)
            && (SPACED_SENTENCE_ENDS.contains(before)
                || earlier.next().is_none_or(char::is_whitespace));
        let joins = is_cjk(after)
            && !before.is_whitespace()
            && (is_cjk(before) || !before.is_alphanumeric())
            && !punctuation_spaced;
        joins.then_some(i)
    })
}

/// Columns of each run of text before a [`line_join_spaces`] space.
fn runs_before_spaces(text: &str) -> Vec<usize> {
    let mut from = 0;
    line_join_spaces(text)
        .map(|at| {
            let run = display_width(&text[from..at]);
            from = at + 1;
            run
        })
        .collect()
}

/// Whether a run of `run` columns ends at a multiple of `width`: the line
/// ended there (a space the copy did not keep may hide a break or two).
fn fills_wrap_width(run: usize, width: usize) -> bool {
    (1..=3).any(|k| run.abs_diff(k * width) <= wrap_slack(width))
}

/// The width, in columns, at which a PDF broke the lines that a copy then
/// joined with spaces, if `texts` show one: most runs between such spaces
/// fill about the same width. Text whose spaces are typography has none.
pub fn wrap_width_of_spaces<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<usize> {
    let mut runs: Vec<usize> = texts
        .into_iter()
        .flat_map(runs_before_spaces)
        .filter(|&run| run >= MIN_WRAP_COLUMNS)
        .collect();
    // Sorted, each width's near runs are one slice: a long text with many
    // spaces is counted in n log n, not n².
    runs.sort_unstable();
    let all = runs.len();
    let (width, count) = runs
        .iter()
        .map(|&width| {
            let slack = wrap_slack(width);
            let low = runs.partition_point(|&run| run + slack < width);
            let high = runs.partition_point(|&run| run <= width + slack);
            (width, high - low)
        })
        .max_by_key(|&(width, count)| (count, std::cmp::Reverse(width)))?;
    (count >= MIN_WRAPPED_LINES && count * 100 >= all * WRAPPED_SHARE_PERCENT).then_some(width)
}

/// Drop the spaces where a PDF broke its lines at `width` columns and a
/// copy joined them with a space ("这一过 程被称为" → "这一过程被称为").
pub fn drop_wrap_spaces(text: &str, width: usize) -> Cow<'_, str> {
    let mut out = String::new();
    let mut from = 0;
    let mut run_start = 0;
    for at in line_join_spaces(text) {
        if fills_wrap_width(display_width(&text[run_start..at]), width) {
            out.push_str(&text[from..at]);
            from = at + 1;
        }
        run_start = at + 1;
    }
    if from == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// Shortest block of a preview cut into numbered blocks: the blocks are
/// pages' worth of text, not list items.
const MIN_PREVIEW_BLOCK_CHARS: usize = 150;

static PREVIEW_BLOCK_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*(\d{1,3})、[ \t]*").expect(CONSTANT_REGEX));

/// Join a preview that a document site cut into numbered blocks: each page's
/// text on a line of its own, numbered `1、`, `2、`, … wherever the cut fell,
/// often mid-word ("…东莞证券研究所相" / "2、关报告…"). The numbers go, and a
/// block that goes on from a sentence the line before it left open is
/// joined to that line. Read so only when the blocks after the first are
/// long, numbered 1, 2, 3 in turn, and most of them go on from an open
/// sentence (a list's items end theirs).
pub fn join_preview_blocks(text: &str) -> (String, Option<String>) {
    let lines: Vec<&str> = text.split('\n').collect();
    // (line index, length of its number, the last line with text before it).
    let mut blocks: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut last_text: Option<usize> = None;
    let final_line = lines.iter().rposition(|l| !l.trim().is_empty());
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(c) = PREVIEW_BLOCK_NUMBER.captures(line) {
            let number = c.get(1).and_then(|n| n.as_str().parse::<usize>().ok());
            let end = c.get(0).map_or(0, |m| m.end());
            // The last block may be short: the preview ends in it.
            let long = final_line == Some(i) || line.chars().count() >= MIN_PREVIEW_BLOCK_CHARS;
            match number {
                Some(1) if blocks.len() < 2 => {
                    blocks.clear();
                    blocks.push((i, end, last_text));
                }
                Some(n) if n == blocks.len() + 1 && n > 1 && long => {
                    blocks.push((i, end, last_text));
                }
                // A list's item: the blocks, if any, ended before it.
                _ if blocks.len() >= 2 => break,
                _ => blocks.clear(),
            }
        }
        last_text = Some(i);
    }
    let open_before = |block: &(usize, usize, Option<usize>)| {
        block
            .2
            .is_some_and(|l| !super::outline::ends_sentence(lines[l].trim_end()))
    };
    let left_open = blocks.iter().skip(1).filter(|b| open_before(b)).count();
    if blocks.len() < 2 || left_open * 2 < blocks.len() - 1 {
        return (text.to_string(), None);
    }
    let mut out = String::with_capacity(text.len());
    let mut next_block = 0;
    for (i, line) in lines.iter().enumerate() {
        match blocks.get(next_block) {
            Some(block) if block.0 == i => {
                if next_block > 0 && open_before(block) {
                    // Back over the line break and blank lines before it.
                    while out.ends_with(['\n', ' ', '\t', '\r']) {
                        out.pop();
                    }
                }
                out.push_str(&line[block.1..]);
                next_block += 1;
            }
            _ => out.push_str(line),
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    (
        out,
        Some(format!("numbers of {} preview blocks", blocks.len())),
    )
}

static MOJIBAKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\x{FFFD}|锟斤拷|烫烫烫|屯屯屯|[ÃÂ][\x{80}-\x{BF}]|â€",
        r"|\p{Han}[\p{Hiragana}\p{Katakana}][\p{Han}\p{Latin}]",
        r"|[?？]!\p{Han}",
        // A pinyin annotation whose character was lost to a mis-decoding
        // (`主要?jiǎng)恿?`), and private-use characters left by GBK mojibake.
        r"|[?？][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)|[\x{E000}-\x{F8FF}]"
    ))
    .expect(CONSTANT_REGEX)
});

/// Warnings for mojibake that cannot be repaired; the text is kept.
pub fn find_mojibake(text: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut last_end = 0;
    for m in MOJIBAKE.find_iter(text).take(20) {
        // One warning per stretch of mojibake.
        if last_end > 0 && m.start() < last_end + 30 {
            last_end = m.end();
            continue;
        }
        last_end = m.end();
        if warnings.len() == 5 {
            break;
        }
        let start = floor_char(text, m.start().saturating_sub(15));
        let end = ceil_char(text, (m.end() + 15).min(text.len()));
        let context: String = text[start..end].replace('\n', " ");
        warnings.push(format!("possible mojibake left in place: …{context}…"));
    }
    warnings
}

pub fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    #[test]
    fn spaces_beside_chinese_punctuation_go() {
        assert_eq!(
            tidy_spaces_by_punctuation("发展前景 ，然而 《冷链物流发展规划 》与（ 一）"),
            "发展前景，然而 《冷链物流发展规划》与（一）"
        );
        // Indents, English and Markdown stay.
        let kept = "\u{3000}\u{3000}正文\nSee note , then | a | b |";
        assert_eq!(tidy_spaces_by_punctuation(kept), kept);
    }

    #[test]
    fn spaces_where_a_pdf_broke_its_lines_go() {
        let paragraphs = [
            "在芯片制造过程中，晶圆经过刻蚀、离子注入等工艺过程后，其 表面会变得凹凸不平，并产生多余的表面物等，为降低晶圆表 面的粗糙度，则需使用抛光垫及抛光液进行多次抛光处理，这一过 程被称为化学机械抛光。",
            "在整个半导体产业链中，晶圆加工是最重要的核心环节，而化学 机械抛光则贯穿晶圆加工的整个工艺流程，随着芯片制程越来越 小，CMP 工艺也变得越发重要。",
        ];
        let width = wrap_width_of_spaces(paragraphs);
        assert!(width.is_some_and(|w| (54..=58).contains(&w)));
        let width = width.unwrap_or_default();
        assert_eq!(
            drop_wrap_spaces(paragraphs[0], width),
            "在芯片制造过程中，晶圆经过刻蚀、离子注入等工艺过程后，其表面会变得凹凸不平，并产生多余的表面物等，为降低晶圆表面的粗糙度，则需使用抛光垫及抛光液进行多次抛光处理，这一过程被称为化学机械抛光。"
        );
        // A space after a Latin word is kept, and so is one off the width.
        assert_eq!(
            drop_wrap_spaces(paragraphs[1], width),
            "在整个半导体产业链中，晶圆加工是最重要的核心环节，而化学机械抛光则贯穿晶圆加工的整个工艺流程，随着芯片制程越来越小，CMP 工艺也变得越发重要。"
        );
        assert_eq!(drop_wrap_spaces("短句 之后", width), "短句 之后");
        // Spaced punctuation is typography wherever it falls.
        let spaced = "中国在线教育市场规模突破两千亿元，同比增长百分之二十八 , 预计认为";
        assert_eq!(drop_wrap_spaces(spaced, display_width(spaced) - 15), spaced);
        // Spaces of typography fall anywhere: no width.
        let typeset = [
            "报告 作者：某某",
            "洪 涛 陶思佳",
            "一年来，我们坚持稳中求进工作总基调，完整准确全面贯彻新发展理念 加快构建新发展格局，着力推动高质量发展。",
        ];
        assert_eq!(wrap_width_of_spaces(typeset), None);
    }

    #[test]
    fn text_a_pdf_copy_doubled_is_said_once() {
        let doubled = "核心观点核心观点:我们看好行业发展机会我们看好行业发展机会,中信证券研究部中信证券研究部。券商券商业绩回升,APPAPP成为入口。";
        assert_eq!(
            undouble_phrases(doubled),
            "核心观点:我们看好行业发展机会,中信证券研究部。券商业绩回升,APP成为入口。"
        );
        // One or two doublings are the writer's ("研究研究", a quoted slogan).
        let prose = "我们再研究研究。口号是“加油中国加油中国”。其余正常。";
        assert_eq!(undouble_phrases(prose), prose);
    }

    #[test]
    fn a_long_copy_with_many_line_spaces_is_measured_whole() {
        // Tens of thousands of wrapped lines: every run is weighed against
        // the others, so this would not end if each were compared with each.
        let line = "这是一行由文档网站从文件中复制出来的文字内容长度大致相同";
        let text = vec![line; 60_000].join(" ");
        assert_eq!(
            wrap_width_of_spaces([text.as_str()]),
            Some(display_width(line))
        );
    }

    #[test]
    fn a_sections_spread_out_name_is_written_together() {
        assert_eq!(
            join_spaced_section_words("第一章 总 则\n前  言\n一、绪 言"),
            "第一章 总则\n前言\n一、绪言"
        );
        // Other characters with a space between them stay apart.
        let prose = "目前 言论 总 额";
        assert_eq!(join_spaced_section_words(prose), prose);
    }

    #[test]
    fn lost_characters_with_orphaned_pinyin_are_warned_and_kept() {
        let text = "已成为推动市场增长的主要?jiǎng)恿?。随着移动支付";
        let warnings = find_mojibake(text);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("jiǎng"), "{warnings:?}");
        assert!(find_mojibake("正常文字(1)与(VR)技术").is_empty());
    }

    use super::*;

    #[test]
    fn marked_characters_are_the_annotated_ones_on_any_input() {
        let pieces = [
            "場", "(chǎng)", "（", "）", "(", ")", "a", "市", "(1)", "de", "著", "\n",
        ];
        let cc = ScriptConverter::new(Script::Simplified).unwrap();
        // A fixed linear congruential sequence: the same inputs every run.
        let mut state: u64 = 7;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..12 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            let marked = strip_pinyin_marking(&text);
            let chars: Vec<char> = marked.text.chars().collect();
            for &i in &marked.annotated {
                assert!(is_cjk(chars[i]), "{text:?} -> {marked:?}");
            }
            // Converting never panics and keeps the text's length.
            let out = cc.simplify_unannotated(marked);
            assert_eq!(out.chars().count(), chars.len(), "{text:?}");
        }
    }

    fn strip_pinyin(text: &str) -> String {
        strip_pinyin_marking(text).text
    }

    #[test]
    fn pinyin_out_real_brackets_kept() {
        assert_eq!(strip_pinyin("市場(chǎng)調(diào)查"), "市場調查");
        assert_eq!(strip_pinyin("市場（chǎng）調（diào）查"), "市場調查");
        // Spaces a copy's line joins left around an annotation.
        assert_eq!(strip_pinyin("電(diàn) 商(shāng)市場 (chǎng)"), "電商市場");
        assert_eq!(strip_pinyin("市場(chǎng) VR"), "市場 VR");
        assert_eq!(
            strip_pinyin("(簡(jiǎn)稱(chēng)“銀保監(jiān)會(huì)”)"),
            "(簡稱“銀保監會”)"
        );
        for keep in [
            "(1)",
            "虛擬現實(VR)",
            "(2015-2018年)",
            "O2O(OnlinetoOffline)",
            "模式(線上到線下)",
            "平台(app)",
            "人工智能（AI）",
            "平台（app）",
        ] {
            assert_eq!(strip_pinyin(keep), keep);
        }
        assert_eq!(strip_pinyin("我們(men)的"), "我們的");
        // Spaces inside the brackets; a bracket a line break cut off.
        assert_eq!(strip_pinyin("協(xié)會(huì )監測"), "協會監測");
        assert_eq!(strip_pinyin("產品環(huá\n境"), "產品環\n境");
        assert_eq!(strip_pinyin("平台(app\n"), "平台(app\n");
        // Toneless syllables, in a text that annotates that way.
        assert_eq!(
            strip_pinyin("本質(zhi)上(shang)一種(zhong)子"),
            "本質上一種子"
        );
        assert_eq!(strip_pinyin("平台(ai)与模式(app)"), "平台(ai)与模式(app)");
        assert_eq!(strip_pinyin("一體(tǐ)(tǐ)化"), "一體化");
        // A preview cut inside an annotation, in a text that carries them;
        // a text without them keeps its bracket.
        assert_eq!(
            strip_pinyin("市場(chǎng)數(shù)據(jù)服務(w"),
            "市場數據服務"
        );
        assert_eq!(strip_pinyin("平台(ai"), "平台(ai");
        let marked = strip_pinyin_marking("中國(guó)的市場(chǎng)(1)");
        assert_eq!(marked.text, "中國的市場(1)");
        assert_eq!(marked.annotated, [1, 4]);
    }

    #[test]
    fn tw2s_changes_no_simplified_character_but_traditional_forms() {
        // GB2312's characters that `tw2s` changes: traditional forms that
        // GB2312 also holds (後 → 后, 著 → 着), and the ones it must not
        // change, which the converter puts back.
        const TRADITIONAL_IN_GB2312: &str = "么乾夥後徵捱摺於榘甯菸著醣麴麽";
        let converter = ScriptConverter::new(Script::Simplified).unwrap();
        let mut changed = String::new();
        for c in (0x4E00u32..=0x9FFF).filter_map(char::from_u32) {
            let text = c.to_string();
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
            let in_gb2312 = !unmappable
                && matches!(bytes.as_ref(), [lead, trail] if (0xB0..=0xF7).contains(lead) && *trail >= 0xA1);
            if in_gb2312 && converter.to_simplified.convert(&text) != text {
                changed.push(c);
            }
        }
        let expected: String = {
            let mut all: Vec<char> = TRADITIONAL_IN_GB2312
                .chars()
                .chain(ALREADY_SIMPLIFIED.iter().copied())
                .collect();
            all.sort_unstable();
            all.dedup();
            all.into_iter().collect()
        };
        assert_eq!(changed, expected);
        // In traditional text, the Taiwan form 抬 stays (not 擡).
        assert_eq!(
            converter.convert_all("估值抬升，價格回暖。"),
            "估值抬升，价格回暖。"
        );
    }

    #[test]
    fn markdown_marks_kept_in_a_text_go() {
        let (out, note) = unwrap_markdown(
            "# 报告\n> **来源:某网站** 晨会\n## 1. **规模**\n增速 > 5%,占比 $23.8\\%$ 。\n".into(),
        );
        assert_eq!(
            out,
            "# 报告\n来源:某网站 晨会\n## 1. 规模\n增速 > 5%,占比 23.8% 。\n"
        );
        assert!(note.is_some());
        // Flattened: the headings go back on lines of their own, and so do
        // the quoted items after them.
        let (flat, _) = unwrap_markdown(
            "资料来源:某所 # 晨会精粹 20260210 # 投资要点: > 汽车专题:正文。 > 农林牧渔 正文。"
                .into(),
        );
        assert_eq!(
            flat,
            "资料来源:某所\n# 晨会精粹 20260210\n# 投资要点:\n汽车专题:正文。\n农林牧渔 正文。"
        );
        // No Markdown heading: a masked user name and C# stay as written.
        let plain = "上传人:b****5 文档编号:1\n用 C# 写的 **工具**。\n";
        assert_eq!(unwrap_markdown(plain.into()), (plain.to_string(), None));
    }

    #[test]
    fn html_tags_kept_as_text_go() {
        let (out, note) = strip_stray_tags(
            "<tr id=\"yyy80\"></tr>\n<strong>2015</strong> 全球大趋势<br />下一行。\n<span class='x'>正文</span> a<b 且 c>d。".into(),
        );
        assert_eq!(out, "\n\n\n2015 全球大趋势\n下一行。\n正文 a<b 且 c>d。");
        let (table, _) =
            strip_stray_tags("<table><tr><td>指数</td><td>收盘</td></tr></table>".into());
        assert_eq!(
            table.split_whitespace().collect::<Vec<_>>(),
            ["指数", "收盘"]
        );
        assert!(note.is_some());
        assert_eq!(strip_stray_tags("a<b 且 c>d".into()).1, None);
    }

    #[test]
    fn template_field_names_go() {
        let (text, note) = strip_template_fields(
            "研究报告 Table_Title1 保险 Table_Invest 报告日期\nnullnullnull年 医药电商",
        );
        assert_eq!(text, "研究报告 保险 报告日期\n年 医药电商");
        assert!(note.is_some());
        let (text, _) = strip_template_fields("保险Table_Invest报告日期");
        assert_eq!(text, "保险报告日期");
        let (text, _) =
            strip_template_fields("[Table_Title]新能源汽车销量增长\n[Table_ReportDate]2022年");
        assert_eq!(text, "新能源汽车销量增长\n2022年");
        assert_eq!(
            strip_template_fields("Tables_of 2025"),
            ("Tables_of 2025".to_string(), None)
        );
    }

    #[test]
    fn a_preview_cut_into_numbered_blocks_is_joined() {
        let page = "半导体产业与经济发展密切相关，下游创新驱动行业发展。".repeat(6);
        let text = format!(
            "标题\n\n1、{page}东莞证券研究所相\n\n2、关报告{page}主要分为设计、\n\n3、制造和封测三大流程。\n"
        );
        let (joined, note) = join_preview_blocks(&text);
        assert!(note.is_some());
        assert_eq!(
            joined,
            format!(
                "标题\n\n{page}东莞证券研究所相关报告{page}主要分为设计、制造和封测三大流程。\n"
            )
        );
        // A list whose long items end their sentences is left alone.
        let text = format!("1、{page}\n2、{page}\n3、{page}\n");
        assert_eq!(join_preview_blocks(&text), (text.clone(), None));
    }

    #[test]
    fn tw2s_is_phrase_aware() {
        let cc = ScriptConverter::new(Script::Simplified).unwrap();
        assert_eq!(cc.simplify("隨著網絡發展，接著"), "随着网络发展，接着");
        assert_eq!(cc.simplify("著作很顯著"), "著作很显著");
        // Simplified text is not touched (tw2s would make 显著 显着).
        assert_eq!(cc.simplify("显著提高，随着发展"), "显著提高，随着发展");
        assert_eq!(cc.simplify("《網絡安全法》"), "《网络安全法》");
        assert_eq!(cc.simplify("有這么多資料的網絡"), "有这么多资料的网络");
        // A simplified text with a few garbled words: those are converted,
        // and nothing else (显著 stays).
        // Enough simplified text that 4 changed characters are under 3%.
        let prose =
            "本报告基于公开数据与实地调研，分析了行业的规模、结构与竞争态势，并提出对策建议。"
                .repeat(5);
        let garbled = strip_pinyin_marking(&format!(
            "{prose}2025年中國(guó)跨境電商(shāng)發展显著，市場(chǎng)活跃"
        ));
        assert_eq!(
            cc.simplify_unannotated(garbled),
            format!("{prose}2025年中国跨境电商发展显著，市场活跃")
        );
        assert_eq!(cc.to_output("随着"), "随着");
        let tw = ScriptConverter::new(Script::Traditional).unwrap();
        assert_eq!(tw.to_output("随着"), "隨著");
    }

    #[test]
    fn running_headers_and_page_numbers() {
        let (out, removed) = strip_running_headers(
            "研究报告-1-2025年报告一、概述\n正文。研究报告-2-继续\n- 3 -\n完",
        );
        assert_eq!(out, "\n2025年报告一、概述\n正文。\n继续\n\n完");
        assert_eq!(removed.len(), 1);
        let (same, _) = strip_running_headers("增长3-5-10倍");
        assert_eq!(same, "增长3-5-10倍");
    }

    #[test]
    fn mojibake_is_warned_not_dropped() {
        let text = "很可悲的一件事?!痹诠鸸プxMBA的日日夜夜";
        let w = find_mojibake(text);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(find_mojibake("正常的中文文本。English text.").is_empty());
    }
}
