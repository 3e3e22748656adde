//! Stage 4, outline: find the numbering in the cleaned text and turn it into
//! headings and numbered paragraphs.
//!
//! - Schemes: 第一章/第一节/第一部分/第一篇, Chapter 1/Part 1/Section 1, 一、
//!   and in formal numerals 壹、 (a level above 一、), （一）/(一), 1., 1、,
//!   1.1, 1.1.1, (1), 1), ①, Ⅰ、 and `I.` (Roman, the ASCII form only
//!   opening a line), and a bare `1 `, `一 ` or `Ⅰ ` at the start of a
//!   title-like line.
//! - A marker is accepted only in sequence: the next number of a scheme that
//!   is open, or a first number (1, x.1) that opens a deeper level; numbers
//!   restart under each parent. Markers on their own line may skip numbers
//!   (excerpts leave sections out). Numbers in prose (2025年, 3.5%, 5G,
//!   1.23亿) fail the local checks or the sequence.
//! - Heading or numbered paragraph: the text after a marker is title-like
//!   (short, no sentence punctuation) or not. A scheme whose markers are
//!   mostly title-like is a heading scheme; a heading's level is its depth
//!   among the heading schemes open around it (under 二、, （一） is level 2
//!   when the chapter has no 1. level, and 3 under 一、 1.).
//! - A table of contents (dot leaders and page numbers) is dropped when a
//!   body follows it, and is the outline when there is nothing else.
//! - Markdown table rows (`| a | b |`, as a web page's data table arrives)
//!   are grouped into one [`Table`] block and never read as headings.
//!
//! Everything is linear in the input: one regex pass per line and constant
//! work per marker.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::CONSTANT_REGEX;

use super::repair::is_cjk;

/// A block of the cleaned report, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    Table(Table),
}

/// A table: consecutive lines written as Markdown table rows
/// (`| 年份 | 规模 |`), as a web page's data table is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Cells of each row; the first row is the header.
    pub rows: Vec<Vec<String>>,
}

/// The cells of a Markdown table row (`| a | b |`, a `\|` inside a cell
/// kept as `|`), or `None` for any other line. A delimiter row
/// (`| --- | :-: |`) gives no cells, as `Some(vec![])`.
pub fn table_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    if inner.trim().is_empty() && !inner.contains('|') {
        return None;
    }
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    cells.push(cell.trim().to_string());
    if cells.len() < 2 {
        return None;
    }
    let delimiter = cells.iter().all(|c| {
        let d = c.trim_start_matches(':').trim_end_matches(':');
        !d.is_empty() && d.chars().all(|ch| ch == '-')
    });
    Some(if delimiter { Vec::new() } else { cells })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 = the top level found in this report.
    pub level: u8,
    /// The marker as written, e.g. `一、` or `1.1`.
    pub marker: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Paragraph number as written (`(1)`, `1、`, `①`), kept in the output.
    pub marker: Option<String>,
    pub text: String,
}

/// Longest heading title, in characters.
const MAX_HEADING_CHARS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scheme {
    Chapter(u8),
    CnEnum,
    /// The formal numerals 壹、贰、叁: a level of their own, above 一、
    /// where a report has both.
    CnFormal,
    CnParen,
    ArabicParen,
    Dotted3,
    Dotted2,
    ArabicDot,
    ArabicComma,
    ArabicRParen,
    Circled,
    Roman,
    /// `A.` `B、`: capital letters in order, opening their line.
    Letter,
    Bare,
    /// Markdown `#` headings (by count of `#`) in `.md` or pasted text.
    Hash(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Value {
    One(u32),
    Two(u32, u32),
    Three(u32, u32, u32),
}

impl Value {
    fn is_first(self) -> bool {
        match self {
            Value::One(a) => a == 1,
            Value::Two(_, b) => b == 1,
            Value::Three(_, _, c) => c == 1,
        }
    }

    fn is_next_after(self, last: Value) -> bool {
        match (last, self) {
            (Value::One(a), Value::One(b)) => b == a + 1,
            (Value::Two(a, b), Value::Two(c, d)) => {
                (c == a && d == b + 1) || (c == a + 1 && d == 1)
            }
            (Value::Three(a, b, c), Value::Three(d, e, f)) => {
                (d == a && e == b && f == c + 1)
                    || (d == a && e == b + 1 && f == 1)
                    || (d == a + 1 && e == 1 && f == 1)
            }
            _ => false,
        }
    }

    /// Lenient order for markers on their own line: any later number.
    fn is_later_than(self, last: Value) -> bool {
        match (last, self) {
            (Value::One(a), Value::One(b)) => b > a && b <= a + 20,
            (Value::Two(a, b), Value::Two(c, d)) => (c == a && d > b) || (c > a && d == 1),
            (Value::Three(a, b, c), Value::Three(d, e, f)) => (d, e, f) > (a, b, c),
            _ => false,
        }
    }
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<chap>第\s?(?P<chapn>[一二三四五六七八九十百零〇两]{1,4}|[0-9]{1,3})\s?(?P<chapk>章|节|部分|篇)(?:\s?[:：\-—–、])?)",
        r"|(?P<cnp>[（(]\s?(?P<cnpn>[一二三四五六七八九十]{1,3})\s?[）)])",
        r"|(?P<arp>[（(]\s?(?P<arpn>[0-9]{1,2})\s?[）)])",
        r"|(?P<d3>(?P<d3a>[0-9]{1,2})[.．](?P<d3b>[0-9]{1,2})[.．](?P<d3c>[0-9]{1,2})[、.．]?)",
        r"|(?P<d2>(?P<d2a>[0-9]{1,2})[.．](?P<d2b>[0-9]{1,2})[、．.]?)",
        r"|(?P<cn>(?:(?P<cnn>[一二三四五六七八九十]{1,3})|(?P<cnf>[壹贰叁参肆伍陆柒捌玖拾]{1,2}))\s?[、．.])",
        r"|(?P<ard>(?P<ardn>[0-9]{1,2})[.．])",
        r"|(?P<arc>(?P<arcn>[0-9]{1,2})\s?、)",
        r"|(?P<arr>(?P<arrn>[0-9]{1,2})[)）])",
        r"|(?P<circ>[①-⑳])",
        r"|(?P<roman>[Ⅰ-Ⅻ])\s?[、.．]",
        r"|(?P<aroman>\b(?P<aromann>[IVX]{1,5})[.．、]\s?)",
        r"|(?P<alpha>\b(?P<alphan>[A-H])[.．、]\s?)",
        r"|(?P<echap>(?P<echapk>Chapter|CHAPTER|Part|PART|Section|SECTION)\s(?P<echapn>[0-9]{1,2})(?:[:.]\s?|\s))",
    ))
    .expect(CONSTANT_REGEX)
});

/// A number and a space at the start of a line, without a delimiter:
/// `1 晶片` (a scheme of its own) or `一 行业概况` (PDF copies write `一、`
/// so; it counts in the `一、` scheme).
static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t]*(?:(?P<n>[0-9]{1,2})|(?P<cn>[一二三四五六七八九十]{1,3})|(?P<roman>[Ⅰ-Ⅻ]))[ \t]+",
    )
    .expect(CONSTANT_REGEX)
});

/// Letters that a digit before them makes a technical term (5G, 4K, 3D,
/// 2B): after a two-digit section number, its last digit is the term's.
const TECH_TERM_LETTERS: &str = "GKDBC";

/// Characters after a number that make it a quantity, not a marker.
/// Only checked right after a digit (`2.4亿`, `3.5%`): after a delimiter
/// (`3.个性化`) a character starts the title.
const UNITS: &str = "%％‰亿万千百兆元年月日倍个岁度成";
/// Words that open with a unit's character but name no quantity: after
/// `1.2` they start a title (`1.2年度数据`, `2.3.2元宇宙`, `1.5个性化`).
const UNIT_LED_WORDS: &[&str] = &[
    "年度",
    "年龄",
    "年轻",
    "年报",
    "年金",
    "元宇宙",
    "元素",
    "元器件",
    "万物",
    "个性",
    "个人",
    "个体",
    "个股",
    "月度",
    "日常",
    "日本",
    "日用",
    "百货",
    "百姓",
    "百度",
    "千禧",
    "度量",
    "成本",
    "成长",
    "成为",
    "成效",
    "成果",
    "成熟",
    "成都",
    "成员",
    "成交",
    "成立",
    "成功",
    "成因",
    "成就",
    "成品",
    "成型",
    "成渝",
    "成分",
];

/// Whether `rest` (what follows a number) opens with a unit, making the
/// number a quantity (`1.2亿元`), and not with a word such as 年度. A
/// PDF's space may stand between number and unit (`14.1 万亿元`).
fn opens_with_unit(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    (rest.starts_with(|c: char| UNITS.contains(c))
        && !UNIT_LED_WORDS.iter().any(|w| rest.starts_with(w)))
        || LATIN_UNITS.iter().any(|u| {
            rest.strip_prefix(u)
                .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_alphanumeric()))
        })
}

/// Words after 第…章/节/部分 that make it a sentence's subject, not a
/// heading ("第一部分是…", "第二章为…").
const CHAPTER_PREDICATES: [char; 3] = ['是', '为', '的'];

/// Characters before a number that make it a figure's or a table's
/// (图1., 表2.), not a section's.
const CAPTION_WORDS: &str = "图表";

/// Latin units after a number that make it a quantity (`80.5 KB`).
const LATIN_UNITS: [&str; 12] = [
    "KB", "MB", "GB", "TB", "kg", "km", "nm", "μm", "GW", "MW", "kW", "mm",
];

/// Characters before a numeral that make it part of a word (第二、, 其三、,
/// 三分之二、).
const CN_WORD_BEFORE: &str = "第其之";
/// Characters before 一 that make it part of a word (统一、唯一、合一、):
/// words of 一 alone, so 融合六、 still starts a heading.
const CN_WORD_BEFORE_ONE: &str = "统唯单同万逐一十划专初归合均整周";
pub(super) const SENTENCE_END: &str = "。；;！!？?";
const CONTEXT_BREAK: &str = "。；;！!？?：:，,、";

#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    scheme: Scheme,
    value: Value,
    /// A number without its delimiter (`1 晶片`, `一 概况`): a heading only
    /// when what follows reads as a title.
    bare: bool,
}

fn cn_number(s: &str) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u32);
    // The formal numerals (壹、贰、叁) of contracts and some reports; 參
    // becomes 参 in simplified script.
    let plain = |c: char| match "壹贰叁肆伍陆柒捌玖拾".chars().position(|f| f == c) {
        Some(9) => '十',
        Some(i) => "一二三四五六七八九".chars().nth(i).unwrap_or(c),
        None if c == '参' => '三',
        None => c,
    };
    let chars: Vec<char> = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(plain)
        .collect();
    match chars.as_slice() {
        [] => None,
        ['〇'] | ['零'] => Some(0),
        ['两'] => Some(2),
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', c] => Some(10 + digit(*c)?),
        [c, '十'] => Some(digit(*c)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        [a, '百'] => Some(digit(*a)? * 100),
        _ => None,
    }
}

/// Value of a Roman numeral character, Ⅰ (1) to Ⅻ (12).
fn roman_char_value(ch: char) -> u32 {
    (ch as u32).saturating_sub('Ⅰ' as u32) + 1
}

/// Value of an ASCII Roman numeral from I to XX, written the usual way
/// (`IV`, not `IIII`); `None` otherwise.
fn ascii_roman(s: &str) -> Option<u32> {
    const NUMERALS: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
    ];
    NUMERALS
        .iter()
        .position(|n| *n == s)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn parse_num(s: &str) -> Option<u32> {
    let t = s.trim();
    if t.chars().all(|c| c.is_ascii_digit()) {
        t.parse().ok()
    } else {
        cn_number(t)
    }
}

/// Whether `line` opens with a number the outline reads as a heading's
/// (`一、`, `1.1`, `第二章`, `（三）`, `1 晶片`…).
pub fn opens_with_number(line: &str) -> bool {
    candidates(line)
        .first()
        .is_some_and(|c| !matches!(c.scheme, Scheme::Hash(_)) && line[..c.start].trim().is_empty())
}

/// Candidates on one line that pass the local checks.
fn candidates(line: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t']) {
        out.push(Candidate {
            start: 0,
            end: hashes,
            scheme: Scheme::Hash(hashes as u8),
            value: Value::One(1),
            bare: false,
        });
        return out;
    }
    if let Some(c) = BARE.captures(line) {
        let number = match (c.name("n"), c.name("cn"), c.name("roman")) {
            (Some(n), _, _) => Some((n, Scheme::Bare)),
            (None, Some(n), _) => Some((n, Scheme::CnEnum)),
            (None, None, roman) => roman.map(|n| (n, Scheme::Roman)),
        };
        if let (Some(m), Some((n, scheme))) = (c.get(0), number) {
            // A title follows; after digits, not a unit (`3 亿`).
            let arabic = scheme == Scheme::Bare;
            let rest = &line[m.end()..];
            let ok = rest.chars().next().is_some_and(|ch| {
                (is_cjk(ch) || ch.is_alphabetic()) && !(arabic && opens_with_unit(rest))
            });
            let value = match scheme {
                Scheme::Roman => n.as_str().chars().next().map(roman_char_value),
                _ => parse_num(n.as_str()),
            };
            if let (true, Some(v)) = (ok, value) {
                out.push(Candidate {
                    start: n.start(),
                    end: m.end(),
                    scheme,
                    value: Value::One(v),
                    bare: true,
                });
            }
        }
    }
    for c in MARKER.captures_iter(line) {
        let Some(m) = c.get(0) else { continue };
        let before = line[..m.start()].chars().next_back();
        let after = line[m.end()..].chars().next();
        let digit_scheme = c.name("chap").is_none()
            && c.name("echap").is_none()
            && c.name("aroman").is_none()
            && c.name("alpha").is_none()
            && c.name("cnp").is_none()
            && c.name("cn").is_none()
            && c.name("circ").is_none()
            && c.name("arp").is_none();
        if digit_scheme {
            // After a letter, a number or a bracket it is part of a
            // code or a reference ("(1.南京大学", "农建7.1-企"); after 图 or
            // 表 it numbers a figure ("图1. 客户数目").
            if before.is_some_and(|b| {
                b.is_ascii_alphanumeric()
                    || b == '.'
                    || b == '．'
                    || b == '-'
                    || b == '/'
                    || b == ':'
                    || b == '('
                    || b == '（'
                    || CAPTION_WORDS.contains(b)
            }) {
                continue;
            }
            let ends_in_digit = m.as_str().ends_with(|c: char| c.is_ascii_digit());
            if after.is_some_and(|a| a.is_ascii_digit() || a == '.' || a == '．')
                || (ends_in_digit && opens_with_unit(&line[m.end()..]))
            {
                continue;
            }
        }
        let num = |g: &str| c.name(g).and_then(|x| parse_num(x.as_str()));
        // `1.5.25G与边缘计算`: the last digit starts the title's 5G (4K,
        // 3D, 2B), not the number.
        let mut end = m.end();
        let mut last_digit_of_title = |g: &str| -> Option<u32> {
            let n = c.name(g)?;
            let glued = n.end() == m.end()
                && n.as_str().len() == 2
                && after.is_some_and(|a| TECH_TERM_LETTERS.contains(a));
            if glued {
                end -= 1;
                parse_num(&n.as_str()[..1])
            } else {
                parse_num(n.as_str())
            }
        };
        let found = if c.name("echap").is_some() {
            // `Chapter 2 Market Overview` opens its line; `see Section 2.1`
            // is prose.
            if !line[..m.start()].trim().is_empty() || after.is_some_and(|a| a.is_ascii_digit()) {
                continue;
            }
            let kind = match c.name("echapk").map(|k| k.as_str().to_ascii_lowercase()) {
                Some(k) if k == "chapter" => 4,
                Some(k) if k == "part" => 5,
                _ => 6,
            };
            num("echapn").map(|v| (Scheme::Chapter(kind), Value::One(v)))
        } else if c.name("chap").is_some() {
            // "第一部分是2022年工作回顾": the part is a sentence's subject.
            if line[m.end()..].trim_start().starts_with(CHAPTER_PREDICATES) {
                continue;
            }
            let kind = match c.name("chapk").map(|k| k.as_str()) {
                Some("章") => 0,
                Some("节") => 1,
                Some("部分") => 2,
                _ => 3,
            };
            num("chapn").map(|v| (Scheme::Chapter(kind), Value::One(v)))
        } else if c.name("cnp").is_some() {
            num("cnpn").map(|v| (Scheme::CnParen, Value::One(v)))
        } else if c.name("arp").is_some() {
            num("arpn").map(|v| (Scheme::ArabicParen, Value::One(v)))
        } else if c.name("d3").is_some() {
            match (num("d3a"), num("d3b"), last_digit_of_title("d3c")) {
                (Some(a), Some(b), Some(x)) => Some((Scheme::Dotted3, Value::Three(a, b, x))),
                _ => None,
            }
        } else if c.name("d2").is_some() {
            match (num("d2a"), last_digit_of_title("d2b")) {
                (Some(a), Some(b)) if a > 0 => Some((Scheme::Dotted2, Value::Two(a, b))),
                _ => None,
            }
        } else if c.name("cn").is_some() {
            let one = c.name("cnn").is_some_and(|n| n.as_str() == "一");
            if before.is_some_and(|b| {
                CN_WORD_BEFORE.contains(b) || (one && CN_WORD_BEFORE_ONE.contains(b))
            }) {
                continue;
            }
            match num("cnn") {
                Some(v) => Some((Scheme::CnEnum, Value::One(v))),
                None => num("cnf").map(|v| (Scheme::CnFormal, Value::One(v))),
            }
        } else if c.name("ard").is_some() {
            num("ardn").map(|v| (Scheme::ArabicDot, Value::One(v)))
        } else if c.name("arc").is_some() {
            num("arcn").map(|v| (Scheme::ArabicComma, Value::One(v)))
        } else if c.name("arr").is_some() {
            let at_start = line[..m.start()].trim().is_empty();
            if !at_start && !before.is_some_and(|b| b.is_whitespace() || CONTEXT_BREAK.contains(b))
            {
                continue;
            }
            num("arrn").map(|v| (Scheme::ArabicRParen, Value::One(v)))
        } else if c.name("aroman").is_some() {
            // `II. Market Overview` opens its line, and a title follows
            // (not `I.e.`, not a letter grade in prose).
            let title_follows = after.is_some_and(|a| a.is_uppercase() || is_cjk(a));
            if !line[..m.start()].trim().is_empty() || !title_follows {
                continue;
            }
            c.name("aromann")
                .and_then(|n| ascii_roman(n.as_str()))
                .map(|v| (Scheme::Roman, Value::One(v)))
        } else if let Some(x) = c.name("alphan") {
            // `A. 完善法律框架` opens its line and a title follows (not
            // `A.I.`, not an initial in a name).
            let title_follows = after.is_some_and(|a| a.is_uppercase() || is_cjk(a));
            if !line[..m.start()].trim().is_empty() || !title_follows {
                continue;
            }
            x.as_str()
                .bytes()
                .next()
                .map(|b| (Scheme::Letter, Value::One(u32::from(b - b'A') + 1)))
        } else if let Some(x) = c.name("roman") {
            x.as_str()
                .chars()
                .next()
                .map(|ch| (Scheme::Roman, Value::One(roman_char_value(ch))))
        } else if let Some(x) = c.name("circ") {
            x.as_str()
                .chars()
                .next()
                .map(|ch| (Scheme::Circled, Value::One(ch as u32 - '①' as u32 + 1)))
        } else {
            None
        };
        if let Some((scheme, value)) = found {
            if matches!(value, Value::One(0)) {
                continue;
            }
            // A bare number at the start already covers this position.
            if out.last().is_some_and(|p: &Candidate| p.end > m.start()) {
                continue;
            }
            out.push(Candidate {
                start: m.start(),
                end,
                scheme,
                value,
                bare: false,
            });
        }
    }
    out
}

/// The title-like text after a marker: up to `limit`, cut at a gap of
/// whitespace after CJK text. Returns (title, byte end in line).
fn heading_text(line: &str, from: usize, limit: usize) -> (&str, usize) {
    let rest = &line[from..limit];
    let lead = rest.len() - rest.trim_start().len();
    let start = from + lead;
    // The whole run to `limit`, unless a flattened page glued a title onto it.
    let glued_or_run = || glued_title(line, start, limit).unwrap_or((&line[start..limit], limit));
    let mut prev: Option<char> = None;
    let mut count = 0;
    for (i, ch) in line[start..limit].char_indices() {
        if ch.is_whitespace() && prev.is_some_and(|p| !p.is_ascii()) {
            // A gap between CJK texts ends the title (flattened pages); a
            // space before a Latin word is only typography ("其 GMV").
            let next = line[start + i..limit].trim_start().chars().next();
            let title = line[start..start + i].trim_end();
            // A title spaced out letter by letter ("引 言", "研 究 方 法")
            // is one title.
            let whole = line[start..limit].trim_end();
            if title.chars().count() == 1 && is_letter_spaced(whole) {
                return (whole, start + whole.len());
            }
            if !next.is_some_and(|n| n.is_ascii_alphanumeric()) {
                // A title cut here has no comma: "…普惠，其" is a clause,
                // unless a flattened page glued the title onto it.
                if title.contains([',', '，']) {
                    return glued_or_run();
                }
                if let Some(end) = wrapped_title_end(line, start, start + i, limit) {
                    return (&line[start..end], end);
                }
                return (title, start + i);
            }
        }
        prev = Some(ch);
        count += 1;
        if count > MAX_HEADING_CHARS + 1 {
            // Too long to be a title: unless a flattened page glued its
            // title onto the text, the exact end does not matter.
            return glued_or_run();
        }
    }
    let whole = line[start..limit].trim_end();
    if is_title_like(whole) {
        return (whole, limit);
    }
    glued_title(line, start, limit).unwrap_or((whole, limit))
}

/// Fewest characters before the gap of a title that a PDF's line width
/// broke: the line was full.
const MIN_WRAPPED_TITLE_CHARS: usize = 16;

/// Most characters of the rest of a title that a PDF's line width broke
/// onto the next line.
const MAX_WRAPPED_TAIL_CHARS: usize = 8;

/// The end of a title that a PDF broke at its line width and a copy joined
/// with a space ("…不可或缺的核心 环节之一"): the text before the gap
/// filled a line, and what follows it to `limit` is a few Han characters
/// that end the line and leave a title. None where the gap ends the title.
fn wrapped_title_end(line: &str, start: usize, gap: usize, limit: usize) -> Option<usize> {
    let tail = line[gap..limit].trim();
    let end = gap + line[gap..limit].find(tail)? + tail.len();
    (is_wrapped_title(&line[start..gap], tail) && is_title_like(&line[start..end])).then_some(end)
}

/// Whether `head`, a space, then `tail` read as one title that a PDF broke
/// at its line width: `head` filled the line, and `tail` is a few Han
/// characters.
fn is_wrapped_title(head: &str, tail: &str) -> bool {
    head.chars().count() >= MIN_WRAPPED_TITLE_CHARS
        && (1..=MAX_WRAPPED_TAIL_CHARS).contains(&tail.chars().count())
        && tail.chars().all(is_cjk)
}

/// A title written together where a PDF broke it at its line width (see
/// [`wrapped_title_end`]): "…的核心 环节之一" → "…的核心环节之一".
fn join_wrapped_title(title: &str) -> String {
    match title.rsplit_once(' ') {
        Some((head, tail))
            if head.chars().next_back().is_some_and(is_cjk) && is_wrapped_title(head, tail) =>
        {
            format!("{head}{tail}")
        }
        _ => title.to_string(),
    }
}

/// Most characters of a title spaced out letter by letter.
const MAX_LETTER_SPACED_CHARS: usize = 8;

/// Whether `text` is Chinese characters one by one with spaces between:
/// "引 言", "研 究 方 法".
fn is_letter_spaced(text: &str) -> bool {
    let letters: Vec<&str> = text.split_whitespace().collect();
    (2..=MAX_LETTER_SPACED_CHARS).contains(&letters.len())
        && letters
            .iter()
            .all(|l| l.chars().count() == 1 && l.chars().all(is_cjk))
}

/// A line this long is a flattened page: many blocks run together.
const FLATTENED_LINE_BYTES: usize = 600;

/// The title glued onto the text after it on a flattened line, if the text
/// shows where it ends (see [`glued_title_len`]).
fn glued_title(line: &str, start: usize, limit: usize) -> Option<(&str, usize)> {
    if line.len() < FLATTENED_LINE_BYTES {
        return None;
    }
    let len = glued_title_len(&line[start..limit])?;
    Some((&line[start..start + len], start + len))
}

/// Longest title, in characters, found glued onto the text after it.
const MAX_GLUED_TITLE_CHARS: usize = 12;

/// Words a report's sentence opens with, set off by a comma ("近年来，"):
/// where one follows a glued heading, the heading ends ("引言近年来，…").
/// Mid-sentence these words go without the comma.
const SENTENCE_OPENERS: [&str; 15] = [
    "近年来",
    "近几年",
    "近些年",
    "目前",
    "当前",
    "首先",
    "其次",
    "此外",
    "同时",
    "据统计",
    "综上所述",
    "总体来看",
    "总的来看",
    "总的来说",
    "一方面",
];

/// Characters a title does not end with: a sentence's particles and
/// prepositions (规模在近年来，… is one sentence).
const NOT_TITLE_END: [char; 12] = [
    '在', '的', '了', '和', '与', '及', '对', '从', '将', '为', '是', '于',
];

/// Words that open a sentence's leading clause, which runs to a comma
/// ("随着移动支付的普及，…"): where one follows a glued heading, the heading
/// ends ("发展现状随着移动支付的普及，…").
const CLAUSE_OPENERS: [&str; 5] = ["随着", "由于", "为了", "截至", "截止"];

/// Longest leading clause, in characters, that a clause opener starts.
const MAX_CLAUSE_CHARS: usize = 30;

/// Whether `title` ends with one of [`NOT_TITLE_END`] that is no part of a
/// heading noun (目的 ends with 的).
fn ends_mid_sentence(title: &str) -> bool {
    title.ends_with(NOT_TITLE_END)
        && !HEADING_NOUNS
            .iter()
            .chain(&WHOLE_WORD_ENDINGS)
            .any(|n| title.ends_with(n))
}

/// Words that end in one of [`NOT_TITLE_END`] and end a heading whole
/// ("挑战与应对", "何去何从", "大有可为", "问题所在", "市场饱和").
const WHOLE_WORD_ENDINGS: [&str; 15] = [
    "应对",
    "面对",
    "核对",
    "比对",
    "何去何从",
    "可为",
    "有为",
    "作为",
    "何为",
    "普及",
    "饱和",
    "缓和",
    "总和",
    "参与",
    "所在",
];

/// Words that close a leading clause of circumstance opened by 在 ("在经济
///高速增长的同时，"). Without one, 在 is the preposition of a predicate
/// ("规模在近年来，…" goes on from its subject).
const FRAME_ENDS: [&str; 11] = [
    "同时",
    "背景下",
    "过程中",
    "情况下",
    "基础上",
    "前提下",
    "影响下",
    "推动下",
    "带动下",
    "形势下",
    "时代",
];

/// Adverbs that make a leading 为 mean "in order to" ("为有效利用现有资料，");
/// otherwise 为 is a copula after its subject ("调查对象为全校学生").
const PURPOSE_ADVERBS: [&str; 10] = [
    "更好",
    "有效",
    "详细",
    "深入",
    "全面",
    "准确",
    "进一步",
    "切实",
    "充分",
    "及时",
];

/// The leading clause of `text` up to its comma, if a comma ends it within
/// [`MAX_CLAUSE_CHARS`] and before any full stop.
fn clause_before_comma(text: &str) -> Option<&str> {
    let (at, _) = text
        .char_indices()
        .take(MAX_CLAUSE_CHARS)
        .take_while(|(_, c)| !SENTENCE_END.contains(*c))
        .find(|&(_, c)| is_comma(c))?;
    Some(&text[..at])
}

fn is_comma(c: char) -> bool {
    c == '，' || c == ','
}

/// Whether `text` opens with one of [`SENTENCE_OPENERS`] and its comma, or
/// with a leading clause that a comma ends before any full stop: one of
/// [`CLAUSE_OPENERS`], 在 with one of [`FRAME_ENDS`], or 为 with one of
/// [`PURPOSE_ADVERBS`].
fn opens_with_opener(text: &str) -> bool {
    SENTENCE_OPENERS.iter().any(|w| {
        text.strip_prefix(w)
            .is_some_and(|rest| rest.starts_with(is_comma))
    }) || CLAUSE_OPENERS.iter().any(|w| {
        text.strip_prefix(w)
            .is_some_and(|rest| clause_before_comma(rest).is_some())
    }) || text
        .strip_prefix('在')
        .and_then(clause_before_comma)
        .is_some_and(|clause| FRAME_ENDS.iter().any(|w| clause.ends_with(w)))
        || text.strip_prefix('为').is_some_and(|rest| {
            PURPOSE_ADVERBS.iter().any(|w| rest.starts_with(w))
                && clause_before_comma(rest).is_some()
        })
}

/// A flattened page's title run straight into its text, where the text
/// shows where the title ends: it repeats the title ("头部机构头部机构依托…"),
/// opens with a year ("发展历程2009年，…") or with a sentence's opening
/// words ("引言近年来，…"), or starts a new word after the title's closing
/// noun ("调查背景奶茶是…"). The title is Han characters only. Returns the
/// title's byte length.
fn glued_title_len(text: &str) -> Option<usize> {
    let ends: Vec<usize> = text
        .char_indices()
        .take_while(|(_, c)| is_cjk(*c))
        .map(|(i, c)| i + c.len_utf8())
        .take(MAX_GLUED_TITLE_CHARS)
        .skip(1)
        .collect();
    let shown = ends.iter().copied().find(|&end| {
        let (title, rest) = text.split_at(end);
        rest.starts_with(title)
            || opens_with_year(rest)
            || (opens_with_opener(rest) && !ends_mid_sentence(title))
    });
    // Else the longest end after a closing noun whose text opens a sentence
    // of its own ("确定资料搜集方式企业…"). Text that goes on with a
    // predicate ("市场规模持续扩大", "调查对象为…") has the noun as its
    // subject: the words before may be a heading or a sentence's start.
    shown.or_else(|| {
        ends.into_iter().rev().find(|&end| {
            let (title, rest) = text.split_at(end);
            ends_at_heading_noun(title, rest) && !opens_predicate(rest) && !opens_short_clause(rest)
        })
    })
}

/// Most characters of a clause, up to its comma, that a heading's noun
/// before it makes the subject of ("下游需求领域广泛，…" is one sentence:
/// 领域广泛 says what the demand is).
const MAX_SHORT_CLAUSE_CHARS: usize = 4;

/// Whether `rest` opens with a clause of at most [`MAX_SHORT_CLAUSE_CHARS`]
/// that a comma ends: a text does not open so, a sentence goes on so.
fn opens_short_clause(rest: &str) -> bool {
    clause_before_comma(rest).is_some_and(|clause| clause.chars().count() <= MAX_SHORT_CLAUSE_CHARS)
}

/// Characters that open a predicate after its subject: copulas, adverbs,
/// prepositions ("为…", "在近年来…", "已…").
const PREDICATE_CHARS: &str =
    "为是在对将由以从已也都则随因较比占达不均有仍正呈约更最又再就才会可能应须需得受被让使向";

/// Words that open a predicate: verbs of change and their adverbs
/// ("持续扩大", "达到…").
const PREDICATE_WORDS: [&str; 32] = [
    "持续",
    "不断",
    "逐年",
    "逐步",
    "稳步",
    "快速",
    "迅速",
    "显著",
    "大幅",
    "进一步",
    "增长",
    "扩大",
    "下降",
    "上升",
    "继续",
    "保持",
    "实现",
    "主要",
    "基本",
    "日益",
    "明显",
    "相对",
    "总体",
    "依然",
    "始终",
    "开始",
    "出现",
    "呈现",
    "超过",
    "突破",
    "提升",
    "提高",
];

/// Whether `rest` opens with a predicate (see [`PREDICATE_CHARS`]).
fn opens_predicate(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_some_and(|c| PREDICATE_CHARS.contains(c))
        || PREDICATE_WORDS.iter().any(|w| rest.starts_with(w))
}

/// Nouns that close a report's section heading: its subject ("调查背景",
/// "市场现状", "发展对策"). A glued heading may end after one when the
/// text goes on with a new word ("调查背景奶茶是…"), not with more of the
/// heading ("市场规模与增长趋势", "现状分析").
const HEADING_NOUNS: [&str; 69] = [
    "背景", "目的", "目标", "意义", "对象", "方法", "方式", "方案", "内容", "范围", "资料", "概述",
    "概况", "简介", "现状", "情况", "状况", "分析", "趋势", "前景", "展望", "规模", "格局", "结构",
    "环境", "政策", "需求", "定位", "模式", "体系", "问题", "对策", "措施", "建议", "结论", "总结",
    "小结", "步骤", "预算", "策略", "机遇", "挑战", "特点", "特征", "原因", "因素", "历程", "回顾",
    "路径", "思路", "原则", "依据", "要点", "定义", "分类", "类型", "种类", "功能", "优势", "劣势",
    "价值", "场景", "成因", "启示", "经验", "案例", "成效", "流程", "机制",
];

/// Nouns that are a whole heading alone ("三、结论…"). Other two-character
/// nouns alone are more often a sentence's verb or subject ("建议企业…").
const STANDALONE_HEADINGS: [&str; 8] = [
    "结论", "背景", "概述", "概况", "现状", "前景", "简介", "小结",
];

/// What a heading goes on with after one of its nouns: joining words and
/// the words of a longer heading ("现状及对策", "环境下的", "分析报告").
const HEADING_GOES_ON: [&str; 14] = [
    "与", "和", "及", "的", "之", "中", "下", "上", "等", "、", "暨", "或", "研究", "报告",
];

/// Whether `title` ends with one of [`HEADING_NOUNS`] and `rest`, what the
/// text goes on with, opens a new word: a Han character that neither joins
/// the heading on nor starts another of its nouns.
fn ends_at_heading_noun(title: &str, rest: &str) -> bool {
    (title.chars().count() > 2 || STANDALONE_HEADINGS.contains(&title))
        && HEADING_NOUNS.iter().any(|n| title.ends_with(n))
        && rest.chars().next().is_some_and(is_cjk)
        && !HEADING_GOES_ON.iter().any(|w| rest.starts_with(w))
        && !HEADING_NOUNS.iter().any(|n| rest.starts_with(n))
}

/// "2009年" at the start: four digits and 年.
fn opens_with_year(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7 && bytes[..4].iter().all(u8::is_ascii_digit) && text[4..].starts_with('年')
}

fn is_title_like(text: &str) -> bool {
    let n = text.chars().count();
    if n == 0 || n > MAX_HEADING_CHARS {
        return false;
    }
    // A question may end a title ("行至了何处？"), not sit in it.
    let text = text.trim_end_matches(['？', '?']);
    if text.chars().any(|c| SENTENCE_END.contains(c)) || text.ends_with('.') || text.contains(". ")
    {
        return false;
    }
    let first = text.chars().next().unwrap_or(' ');
    let last = text.chars().next_back().unwrap_or(' ');
    if ",，、:：)）】」”.．-－".contains(first) || ":：,，、(（“《「".contains(last)
    {
        return false;
    }
    // A bracket closed that the text did not open: the end of a code or a
    // reference ("…企-31)").
    if text.contains([')', '）']) && !text.contains(['(', '（']) {
        return false;
    }
    // A preview cut off mid-sentence ("…连锁医美机构在") leaves no title.
    if ends_mid_sentence(text) {
        return false;
    }
    text.chars().any(|c| c.is_alphabetic())
}

static LIST_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,3}(?:\.[0-9]{1,3})*[.、)]?\s+").expect(CONSTANT_REGEX));

/// A title without the list number a Markdown heading wrote before it
/// (`1. The AI Plateau`, `2.1 规模`).
fn without_list_number(title: &str) -> &str {
    LIST_NUMBER.find(title).map_or(title, |m| &title[m.end()..])
}

/// Decision about one candidate.
#[derive(Debug, Clone)]
struct Accepted {
    line: usize,
    cand: Candidate,
    /// Byte end of the title-like text in the line.
    title_end: usize,
    title_like: bool,
    /// The schemes open when it was accepted, outermost first, its own last:
    /// its level counts the heading schemes among them.
    open: Vec<Scheme>,
}

static LEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[ \t]*(?:(?:[.·•][ \t]?){4,}|…{2,}|(?:[.．] ?){4,})[ \t]*(?:[0-9]{1,4})?")
        .expect(CONSTANT_REGEX)
});
static TOC_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"目\s?录").expect(CONSTANT_REGEX));

/// Find a table of contents (3+ dot-leader entries close together). When a
/// body follows, the TOC is removed; otherwise its entries are put on lines
/// of their own so they become the outline. Returns the new text and whether
/// a TOC was found.
pub fn split_toc(text: &str) -> (String, bool) {
    let leaders: Vec<(usize, usize)> = LEADER
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .take(100_000)
        .collect();
    if leaders.len() < 3 {
        return (text.to_string(), false);
    }
    // The first cluster of leaders with short gaps between them.
    let mut first = 0;
    let mut last = 0;
    for w in 1..leaders.len() {
        if leaders[w].0 - leaders[w - 1].1 <= 200 {
            last = w;
        } else if last - first >= 2 {
            break;
        } else {
            first = w;
            last = w;
        }
    }
    if last - first < 2 {
        return (text.to_string(), false);
    }
    let (lead_start, _) = leaders[first];
    let (_, region_end) = leaders[last];
    // Region start: the word 目录 shortly before the first entry, else the
    // start of that line.
    let window_start = super::repair::floor_char(text, lead_start.saturating_sub(300));
    let region_start = TOC_WORD
        .find_iter(&text[window_start..lead_start])
        .last()
        .map(|m| window_start + m.start())
        .unwrap_or_else(|| text[..lead_start].rfind('\n').map_or(0, |i| i + 1));
    let after = &text[region_end..];
    let body_follows = after.chars().filter(|c| !c.is_whitespace()).count() >= 50;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..region_start]);
    out.push('\n');
    if !body_follows {
        let region = &text[region_start..region_end];
        let region = TOC_WORD.replace(region, "");
        out.push_str(&LEADER.replace_all(&region, "\n"));
    }
    out.push('\n');
    out.push_str(after);
    (out, true)
}

/// Least entries of a contents list run together on one line.
const MIN_RUN_ON_ENTRIES: usize = 4;

/// Longest entry of a contents list run together on one line.
const MAX_RUN_ON_ENTRY_CHARS: usize = 80;

/// Most pages from one contents entry to the next.
const MAX_PAGE_STEP: u32 = 50;

/// A word processor's bookmark number right after the contents label:
/// three to five digits before the first entry (its abstract, foreword or
/// first chapter), as after each entry's page.
static BOOKMARK_AFTER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(\d{3,5})(?:摘要|前言|引言|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十1-9])")
        .expect(CONSTANT_REGEX)
});

/// A contents list's label and the first entry straight after it: one
/// opening with a Han character or a bracket ("目录一、", "目录 第一章",
/// "目录前言", "目录（一）"), a number ("目录1."), or a bookmark's number and
/// the abstract ("目录29804摘要").
static RUN_ON_TOC_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<label>目\s?录)[ \t]*(?:\d{3,5}(?:摘要|前言|引言)|\d{1,2}[、.．]|[\p{Han}（(])")
        .expect(CONSTANT_REGEX)
});

/// A page number after an entry's title, and what follows it: the next
/// entry's number glued on ("… 31、行业态势": page 3, entry 1), the next
/// entry's own first character, or the line's end.
static RUN_ON_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[ \t](?P<digits>\d{1,11})(?P<next>[、.．]\d?|[\p{Han}（(“]|[ \t]*(?:\n|$))")
        .expect(CONSTANT_REGEX)
});

/// A contents list that a copy ran together with its dot leaders lost:
/// "目录一、发展现状 31、行业态势 3年市场规模 32、用户基础 5二、…", each
/// entry's page number after a space and glued to the next entry. Its
/// entries are put on lines of their own, the page numbers dropped, so its
/// numbered entries read as headings (and a body after that repeats them
/// drops the list, as for any contents list). The text as it was when the
/// line does not read as one.
pub fn split_run_on_toc(text: &str) -> Option<String> {
    let label = RUN_ON_TOC_START.captures(text)?.name("label")?;
    let label_end = label.end();
    let line_end = text[label_end..]
        .find('\n')
        .map_or(text.len(), |i| label_end + i);
    let mut line = &text[label_end..line_end];
    // A word processor's bookmark number after each page number
    // ("目录29804摘要 318685一、…"), and so after the label too.
    let anchored = match BOOKMARK_AFTER_LABEL.captures(line).and_then(|c| c.get(1)) {
        Some(bookmark) => {
            line = &line[bookmark.end()..];
            true
        }
        None => false,
    };
    // Bookmarks have three to five digits; the last entry's page may have
    // none, the body straight after it.
    let bookmark_lens: &[usize] = if anchored { &[5, 4, 3, 0] } else { &[0] };
    let mut entries: Vec<String> = Vec::new();
    // The number the next entry's title starts with, cut off its page.
    let mut carried = String::new();
    let mut last_page = 0u32;
    let mut at = 0;
    while let Some(page) = RUN_ON_PAGE.captures_at(line, at) {
        let whole = page.get(0)?;
        let title = line[at..whole.start()].trim();
        if title.contains(['。', '！', '？'])
            || title.chars().count() > MAX_RUN_ON_ENTRY_CHARS
            || title.is_empty() && carried.is_empty()
        {
            break;
        }
        let digits = &page["digits"];
        let numbered_next = page["next"].starts_with(['、', '.', '．']);
        // Digits before a next entry's number hold the page, a bookmark
        // and that number: the page is the longest part that neither goes
        // back nor leaps ahead.
        let number_lens: &[usize] = if numbered_next { &[1, 2] } else { &[0] };
        let split = number_lens.iter().find_map(|&number_len| {
            bookmark_lens.iter().find_map(|&bookmark_len| {
                let page_len = digits.len().checked_sub(bookmark_len + number_len)?;
                let page: u32 = digits.get(..page_len)?.parse().ok()?;
                (last_page..=last_page + MAX_PAGE_STEP)
                    .contains(&page)
                    .then_some((page, page_len + bookmark_len))
            })
        });
        let Some((page, cut)) = split else { break };
        last_page = page;
        entries.push(format!("{carried}{title}"));
        carried = digits[cut..].to_string();
        at = whole.start() + 1 + digits.len();
    }
    if entries.len() < MIN_RUN_ON_ENTRIES {
        return None;
    }
    let mut out = String::with_capacity(text.len() + entries.len());
    out.push_str(&text[..label.start()]);
    out.push('\n');
    for entry in entries {
        out.push_str(&entry);
        out.push('\n');
    }
    // What follows the last page number: the body (an abstract), or the
    // text where the preview stops.
    out.push_str(&carried);
    out.push_str(line[at..].trim_start());
    out.push_str(&text[line_end..]);
    Some(out)
}

/// Build the blocks of a cleaned report, told whether the text was cut off
/// at its end (`ends_open`): a heading running into a cut-off end is not a
/// heading.
pub fn build_outline(text: &str, ends_open: bool) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').collect();
    // Each line's table cells, parsed once (most lines are no row).
    let mut rows: Vec<Option<Vec<String>>> = lines
        .iter()
        .map(|line| {
            line.trim_start()
                .starts_with('|')
                .then(|| table_cells(line))
                .flatten()
        })
        .collect();
    // Lines a PDF copy broke at its page width: the text goes on in the
    // next line.
    let wrapped_at_width: Vec<bool> = match wrap_width(&lines, &rows) {
        Some(width) => lines
            .iter()
            .map(|line| {
                let line = line.trim();
                display_width(line) + WRAP_SLACK >= width && !ends_sentence(line)
            })
            .collect(),
        None => vec![false; lines.len()],
    };
    let mut accepted: Vec<Accepted> = Vec::new();
    let mut stack: Vec<(Scheme, Value)> = Vec::new();
    let mut seen: Vec<Scheme> = Vec::new();
    // The last accepted number of each scheme, under whatever parent:
    // chapters may be numbered through the parts (第二篇 … 第三章).
    let mut last_of: HashMap<Scheme, Value> = HashMap::new();
    // Indices into `accepted` where the top level started again.
    let mut restarts: Vec<usize> = Vec::new();

    for (li, line) in lines.iter().enumerate() {
        // A table row holds data, never a heading.
        if rows[li].is_some() {
            continue;
        }
        let cands = candidates(line);
        let mut prev_accepted_idx: Option<usize> = None;
        for (ci, cand) in cands.iter().enumerate() {
            let limit = cands.get(ci + 1).map_or(line.len(), |n| n.start);
            let (title, title_end) = heading_text(line, cand.end, limit);
            let at_line_end = line[title_end..].trim().is_empty();
            // A Markdown heading keeps its number in its text (`## 1. 概述`).
            let judged = match cand.scheme {
                Scheme::Hash(_) => without_list_number(title),
                _ => title,
            };
            // `一、市场概述：` alone on its line is still a heading.
            let title_like = is_title_like(judged)
                || (at_line_end && is_title_like(judged.trim_end_matches([':', '：'])));
            let at_line_start = line[..cand.start].trim().is_empty();
            if cand.bare && !title_like {
                continue;
            }
            let before = line[..cand.start].chars().next_back();
            // A space after an English word ("see Section 2.1") is prose.
            let after_word = line[..cand.start]
                .trim_end()
                .chars()
                .next_back()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == ',');
            let strong = at_line_start
                || before.is_some_and(|b| CONTEXT_BREAK.contains(b))
                || before.is_some_and(|b| b.is_whitespace()) && !after_word
                || prev_accepted_idx == Some(ci.wrapping_sub(1));
            let pos = stack.iter().position(|(s, _)| *s == cand.scheme);
            let ok = match pos {
                // Markdown headings carry no number to check.
                Some(p) if matches!(cand.scheme, Scheme::Hash(_)) => {
                    stack.truncate(p + 1);
                    title_like
                }
                Some(p) => {
                    let last = stack[p].1;
                    // The top level starting again at 1 on its own line: a
                    // second pass (contents list, then body; or several
                    // reports in one file).
                    let restart = p == 0
                        && at_line_start
                        && title_like
                        && cand.value.is_first()
                        && !matches!(
                            last,
                            Value::One(1) | Value::Two(_, 1) | Value::Three(_, _, 1)
                        );
                    if restart {
                        restarts.push(accepted.len());
                    }
                    let ok = (cand.value.is_next_after(last) && (strong || title_like))
                        || (at_line_start && cand.value.is_later_than(last))
                        || restart;
                    if ok {
                        stack.truncate(p + 1);
                        stack[p].1 = cand.value;
                    }
                    ok
                }
                None => {
                    // A weak position (glued to prose) needs a title after it.
                    let ok = (cand.value.is_first()
                        && (title_like || strong)
                        && !matches!(cand.scheme, Scheme::Hash(_)))
                        || (matches!(cand.scheme, Scheme::Hash(_)) && title_like)
                        || (at_line_start && title_like && !seen.contains(&cand.scheme))
                        || (at_line_start
                            && title_like
                            && last_of
                                .get(&cand.scheme)
                                .is_some_and(|last| cand.value.is_next_after(*last)));
                    if ok {
                        stack.push((cand.scheme, cand.value));
                    }
                    ok
                }
            };
            if ok {
                if !seen.contains(&cand.scheme) {
                    seen.push(cand.scheme);
                }
                last_of.insert(cand.scheme, cand.value);
                prev_accepted_idx = Some(ci);
                accepted.push(Accepted {
                    line: li,
                    cand: cand.clone(),
                    title_end,
                    title_like,
                    open: stack.iter().map(|(s, _)| *s).collect(),
                });
            }
        }
    }

    // A title running into the very end of an open (cut-off) text is cut,
    // unless it ends a list of bare headings: a sibling on the line before
    // with no text of its own (a listing's contents, "第一节 …\n第二节 …").
    let bare = |a: &Accepted| lines[a.line][a.title_end..].trim().is_empty();
    let blank = |from: usize, to: usize| lines[from..to].iter().all(|l| l.trim().is_empty());
    let ends_listing = matches!(accepted.as_slice(), [.., before, last]
        if before.cand.scheme == last.cand.scheme
            && bare(before)
            && blank(before.line + 1, last.line));
    let runs_into_end = |a: &Accepted| bare(a) && blank(a.line + 1, lines.len());
    if ends_open && !ends_listing && accepted.last().is_some_and(runs_into_end) {
        if let Some(last) = accepted.last_mut() {
            last.title_like = false;
        }
    }

    // A lone bare number, with no sibling after it and no section under it,
    // is a PDF's page number before the first line ("1 证券研究报告").
    let bare_numbers = accepted
        .iter()
        .filter(|a| a.cand.scheme == Scheme::Bare)
        .count();
    let sections = accepted
        .iter()
        .any(|a| matches!(a.cand.scheme, Scheme::Dotted2 | Scheme::Dotted3));
    if bare_numbers == 1 && !sections {
        for a in accepted
            .iter_mut()
            .filter(|a| a.cand.scheme == Scheme::Bare)
        {
            a.title_like = false;
        }
    }

    // Heading schemes: mostly title-like markers.
    let mut counts: HashMap<Scheme, (usize, usize)> = HashMap::new();
    for a in &accepted {
        let e = counts.entry(a.cand.scheme).or_default();
        e.0 += 1;
        if a.title_like {
            e.1 += 1;
        }
    }
    let is_heading_scheme = |s: Scheme| counts.get(&s).is_some_and(|(n, t)| *t > 0 && t * 2 >= *n);
    // A heading's level is its depth among the heading schemes open around
    // it: a chapter whose sections skip a level (二、 then （一）) nests one
    // less deep than one that uses it (一、 1. （一）).
    let level_of = |a: &Accepted| -> Option<u8> {
        is_heading_scheme(a.cand.scheme).then(|| {
            let depth = a.open.iter().filter(|s| is_heading_scheme(**s)).count();
            u8::try_from(depth).unwrap_or(u8::MAX)
        })
    };

    // Emit blocks.
    let mut blocks: Vec<Block> = Vec::new();
    let mut first_restart_block: Option<usize> = None;
    let mut ai = 0;
    let mut previous_row = false;
    for (li, line) in lines.iter().enumerate() {
        if let Some(cells) = rows[li].take() {
            match blocks.last_mut() {
                Some(Block::Table(t)) if previous_row => {
                    if !cells.is_empty() {
                        t.rows.push(cells);
                    }
                }
                _ if cells.is_empty() => {}
                _ => blocks.push(Block::Table(Table { rows: vec![cells] })),
            }
            previous_row = true;
            continue;
        }
        if !line.trim().is_empty() {
            previous_row = false;
        }
        let mut pos = 0;
        let mut first_piece = true;
        let after_wrap = li > 0 && wrapped_at_width[li - 1];
        let after_blank = li > 0 && lines[li - 1].trim().is_empty();
        while ai < accepted.len() && accepted[ai].line == li {
            let a = &accepted[ai];
            if first_restart_block.is_none() && restarts.first() == Some(&ai) {
                first_restart_block =
                    Some(blocks.len() + usize::from(!line[pos..a.cand.start].trim().is_empty()));
            }
            push_text(
                &mut blocks,
                &line[pos..a.cand.start],
                first_piece,
                after_wrap,
                after_blank,
            );
            first_piece = false;
            let next_start = accepted
                .get(ai + 1)
                .filter(|n| n.line == li)
                .map_or(line.len(), |n| n.cand.start);
            let marker = line[a.cand.start..a.cand.end].trim().to_string();
            match level_of(a) {
                Some(level) if a.title_like && a.title_end <= next_start => {
                    let title = line[a.cand.end..a.title_end]
                        .trim()
                        .trim_end_matches([':', '：']);
                    let title = join_wrapped_title(title);
                    blocks.push(Block::Heading(Heading {
                        level,
                        marker,
                        title,
                    }));
                    let rest = line[a.title_end..next_start].trim();
                    if !rest.is_empty() {
                        blocks.push(Block::Paragraph(Paragraph {
                            marker: None,
                            text: rest.to_string(),
                        }));
                    }
                }
                _ => {
                    let text = line[a.cand.end..next_start].trim().to_string();
                    blocks.push(Block::Paragraph(Paragraph {
                        marker: Some(marker),
                        text,
                    }));
                }
            }
            pos = next_start;
            ai += 1;
        }
        push_text(
            &mut blocks,
            &line[pos..],
            first_piece,
            after_wrap,
            after_blank,
        );
    }
    drop_contents_pass(&mut blocks, first_restart_block);
    strip_contents_page_numbers(&mut blocks);
    blocks
}

/// A first pass of headings without text before the top level restarts is
/// a contents list: the body follows, so the list goes.
fn drop_contents_pass(blocks: &mut Vec<Block>, restart: Option<usize>) {
    let Some(restart) = restart else { return };
    let Some(first_heading) = blocks.iter().position(|b| matches!(b, Block::Heading(_))) else {
        return;
    };
    if first_heading >= restart || restart > blocks.len() {
        return;
    }
    // The list ends at its last entry: an introduction may come between
    // it and the body (a blog's contents box, then the post's lead).
    let Some(list_end) = blocks[first_heading..restart]
        .iter()
        .rposition(|b| matches!(b, Block::Heading(_)))
        .map(|i| first_heading + i + 1)
    else {
        return;
    };
    let headings_only = blocks[first_heading..list_end].iter().all(|b| match b {
        Block::Heading(_) => true,
        // Page numbers may sit between the entries; words may not.
        Block::Paragraph(p) => !p.text.chars().any(char::is_alphabetic),
        Block::Table(_) => false,
    });
    // With text after the list, the body must open as the list did.
    fn title_of(b: Option<&Block>) -> Option<&str> {
        match b {
            Some(Block::Heading(h)) => Some(h.title.as_str()),
            _ => None,
        }
    }
    let body_repeats = list_end == restart
        || title_of(blocks.get(first_heading))
            .is_some_and(|t| title_of(blocks.get(restart)) == Some(t));
    if headings_only && body_repeats {
        blocks.drain(first_heading..list_end);
        // The list's own label ("目 录", "Contents") goes with it.
        let labelled = first_heading
            .checked_sub(1)
            .and_then(|i| match &blocks[i] {
                Block::Paragraph(p) => Some((i, p)),
                _ => None,
            })
            .filter(|(_, p)| is_contents_label(&p.text));
        if let Some((i, _)) = labelled {
            blocks.remove(i);
        }
    }
}

/// Least entries of a contents list whose page numbers are cut off.
const MIN_CONTENTS_ENTRIES: usize = 3;

/// Highest page number a contents entry is read with (not a year).
const MAX_CONTENTS_PAGE: u32 = 500;

/// The page number a contents entry's title ends with ("行业管理6",
/// "盈利能力稳定 (4)"), and the title's length without it.
fn trailing_page_number(title: &str) -> Option<(u32, usize)> {
    let t = title.trim_end();
    let (t, bracketed) = match t.strip_suffix([')', '）']) {
        Some(inner) => (inner, true),
        None => (t, false),
    };
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let mut head = &t[..t.len() - digits];
    if bracketed {
        head = head.strip_suffix(['(', '（'])?;
    }
    let head = head.trim_end();
    // Part of the title: "5G", "3.5", "Top10", "第3".
    if head.is_empty()
        || head.ends_with(|c: char| c.is_ascii_alphanumeric() || ".．%-第".contains(c))
    {
        return None;
    }
    let page: u32 = t[t.len() - digits..].parse().ok()?;
    (page <= MAX_CONTENTS_PAGE).then_some((page, head.len()))
}

/// A page number alone, as a contents list leaves it after an entry:
/// "4", "(4)", "…8".
fn page_number_alone(text: &str) -> Option<u32> {
    let t = text.trim().trim_start_matches(['…', '.', '·']);
    let t = t
        .strip_prefix(['(', '（'])
        .and_then(|t| t.strip_suffix([')', '）']))
        .unwrap_or(t);
    (t.len() <= 3 && !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// A contents list left in the text (no body after it repeated its titles):
/// its entries' page numbers go, from the titles ("行业管理6") and from the
/// paragraphs between them ("(4)"). Only a run of entries whose numbers
/// mostly go up is read so.
fn strip_contents_page_numbers(blocks: &mut Vec<Block>) {
    // (heading index, page, title length, page paragraph index)
    let mut run: Vec<(usize, u32, usize, Option<usize>)> = Vec::new();
    let mut drop: Vec<bool> = vec![false; blocks.len()];
    let flush = |run: &mut Vec<(usize, u32, usize, Option<usize>)>,
                 blocks: &mut Vec<Block>,
                 drop: &mut Vec<bool>| {
        // A copy may garble a number or two: most steps must not go down.
        let down = run.windows(2).filter(|w| w[0].1 > w[1].1).count();
        if run.len() >= MIN_CONTENTS_ENTRIES && down * 5 <= run.len() {
            for &(h, _, len, para) in run.iter() {
                if let Some(Block::Heading(heading)) = blocks.get_mut(h) {
                    if para.is_none() {
                        heading.title.truncate(len);
                    }
                }
                if let Some(p) = para {
                    drop[p] = true;
                }
            }
        }
        run.clear();
    };
    let mut i = 0;
    while i < blocks.len() {
        let entry = match &blocks[i] {
            Block::Heading(h) => {
                let next_page = match blocks.get(i + 1) {
                    Some(Block::Paragraph(p)) if p.marker.is_none() => page_number_alone(&p.text),
                    _ => None,
                };
                match (trailing_page_number(&h.title), next_page) {
                    (Some((page, len)), _) => Some((i, page, len, None)),
                    (None, Some(page)) => Some((i, page, h.title.len(), Some(i + 1))),
                    (None, None) => None,
                }
            }
            _ => None,
        };
        match entry {
            Some(e) => {
                i = e.3.map_or(i + 1, |p| p + 1);
                run.push(e);
            }
            None => {
                flush(&mut run, blocks, &mut drop);
                i += 1;
            }
        }
    }
    flush(&mut run, blocks, &mut drop);
    let mut dropped = drop.into_iter();
    blocks.retain(|_| !dropped.next().unwrap_or(false));
}

/// A contents list's label alone: 目录, 目 录, Contents.
fn is_contents_label(text: &str) -> bool {
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(
        squashed.as_str(),
        "目录" | "目次" | "文章目录" | "本文目录" | "Contents" | "CONTENTS" | "TableofContents"
    )
}

pub(super) fn ends_sentence(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|c| "。！？!?；;…”」』）)】.:：".contains(c))
}

/// The text of a bulleted line without its bullet ("• 降低成本",
/// "- Teladoc Health"), or `None`. A hyphen, star, plus or middle dot is a
/// bullet only before a space ("-5%" and "·" in a name are text).
pub(crate) fn bullet_item(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let item = match first {
        '•' | '●' | '○' | '◆' | '◇' | '■' | '□' | '▪' | '▫' | '►' | '▶' | '➢' | '➤' | '✓' | '✔'
        | '★' | '☆' | '∙' => rest.trim_start(),
        '-' | '*' | '+' | '·' | '–' if rest.starts_with(char::is_whitespace) => {
            rest.trim_start()
        }
        _ => return None,
    };
    (!item.is_empty()).then_some(item)
}

/// Columns a hard-wrapped line may fall short of the page width: the next
/// character did not fit, or was punctuation kept off the line's start.
const WRAP_SLACK: usize = 4;

/// Narrowest page width, in columns, that reads as a PDF's wrapping.
const MIN_WRAP_COLUMNS: usize = 40;

/// Widest page, in columns, looked for: wider lines are paragraphs that
/// the copy did not break (or a flattened page).
const MAX_WRAP_COLUMNS: usize = 200;

/// Least share of the long lines that must fill the page width, in percent.
const WRAP_SHARE_PERCENT: usize = 40;

/// Most long lines, in percent, that may be wider than the page width: a
/// page break joined two lines, or a line was never broken.
const WIDER_SHARE_PERCENT: usize = 20;

/// Width of a line in columns: a Han character or a full-width mark takes
/// two, an ASCII character one.
pub(super) fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The page width, in columns, at which a copy of a PDF broke its lines,
/// if it did: the width that most long lines fill to within
/// [`WRAP_SLACK`], with few lines wider. Text that breaks only between
/// paragraphs has no such width.
fn wrap_width(lines: &[&str], rows: &[Option<Vec<String>>]) -> Option<usize> {
    let widths: Vec<usize> = lines
        .iter()
        .zip(rows)
        .filter(|(_, row)| row.is_none())
        .map(|(line, _)| display_width(line.trim()))
        .filter(|&w| w >= MIN_WRAP_COLUMNS / 2)
        .collect();
    let mut histogram = [0usize; MAX_WRAP_COLUMNS + 1];
    for &w in &widths {
        if w <= MAX_WRAP_COLUMNS {
            histogram[w] += 1;
        }
    }
    // The page width whose band [width - slack, width] holds the most
    // lines; the wider one on a tie.
    let (full, width) = (MIN_WRAP_COLUMNS..=MAX_WRAP_COLUMNS)
        .map(|width| {
            let band: usize = histogram[width - WRAP_SLACK..=width].iter().sum();
            (band, width)
        })
        .max()?;
    let wider = widths.iter().filter(|&&w| w > width).count();
    (full >= 3
        && full * 100 >= widths.len() * WRAP_SHARE_PERCENT
        && wider * 100 <= widths.len() * WIDER_SHARE_PERCENT)
        .then_some(width)
}

/// Add plain text: a new paragraph, or the continuation of a soft-wrapped
/// one. `after_wrap`: the line before filled the page width of a copied
/// PDF (only read at a line's start).
fn push_text(
    blocks: &mut Vec<Block>,
    text: &str,
    line_start: bool,
    after_wrap: bool,
    after_blank: bool,
) {
    let t = text.trim();
    if t.is_empty() {
        return;
    }
    if line_start {
        let first_block = blocks.len() == 1;
        if let Some(Block::Paragraph(p)) = blocks.last_mut() {
            // Joined when the previous line stops mid-sentence: a comma, or
            // a long line without a sentence end (a soft wrap or page break).
            let mid_sentence = p.text.ends_with([',', '，', '、']);
            // A record ("报告价格：9800元", "联系电话：…") is a line of its
            // own, and so is the first line when it reads as a title.
            let stands_alone = (is_record(&p.text) && !has_clause_mark(&p.text))
                || is_record(t)
                || (first_block
                    && p.text.chars().count() <= MAX_TITLE_LINE_CHARS
                    && !has_clause_mark(&p.text));
            let english_heading_next =
                p.text.ends_with(|c: char| c.is_ascii_alphanumeric()) && is_english_heading_line(t);
            // ... and one before a capital is a heading over its paragraph
            // ("Cloud Deployment to Witness Significant Growth" / "Cloud
            // deployment lowers costs."): a wrapped sentence goes on in
            // lower case.
            let english_heading_before =
                is_english_heading_line(&p.text) && t.starts_with(|c: char| c.is_ascii_uppercase());
            // "USD 26.89 Billion" / "CAGR (2025-2030): 20.5%" then a capital:
            // a figure ends an English record, and the next line starts anew.
            let figure_then_capital = p.text.ends_with(|c: char| c.is_ascii_digit() || c == '%')
                && t.starts_with(|c: char| c.is_ascii_uppercase());
            let across_blank = !after_blank || cut_across_blank(&p.text, t);
            // A line filling the page width goes on when it is prose (a
            // list of titles has no clause marks).
            let wrapped = across_blank
                && (p.text.chars().count() >= PROSE_LINE_CHARS
                    || (after_wrap && has_clause_mark(&p.text)))
                && !ends_sentence(&p.text)
                && !(stands_alone
                    || english_heading_next
                    || english_heading_before
                    || figure_then_capital);
            // A bulleted line is an item of its own, whatever came before.
            if (mid_sentence || wrapped) && bullet_item(t).is_none() {
                // English words keep a space where the line broke
                // ("Fiserv,\nInc." → "Fiserv, Inc."); Chinese joins without.
                let last = p.text.chars().next_back();
                let first = t.chars().next();
                let join_space = (last.is_some_and(|c| c.is_ascii_alphanumeric())
                    && first.is_some_and(|c| c.is_ascii_alphanumeric()))
                    || (last.is_some_and(|c| "%),.;:!?".contains(c))
                        && first.is_some_and(|c| c.is_ascii_alphabetic()));
                if join_space {
                    p.text.push(' ');
                }
                p.text.push_str(t);
                return;
            }
        }
    }
    blocks.push(Block::Paragraph(Paragraph {
        marker: None,
        text: t.to_string(),
    }));
}

/// A line of this many characters without a sentence end goes on in the
/// next (a soft wrap or a page break); a longer line is prose, no title.
const PROSE_LINE_CHARS: usize = 40;

/// Whether `next`, after a blank line, goes on from `text`. Only a
/// sentence cut off goes on: mid-phrase ("…年复合增长率达" / "9.5%，…"), not
/// after a figure or a code ("DOI:…02.003") nor into a line that reads as a
/// title of its own; or mid-word ("…业绩走" / "势受车市复苏提振。"), a short
/// rest of a sentence after prose.
fn cut_across_blank(text: &str, next: &str) -> bool {
    let cut_phrase = (text.ends_with(|c: char| MID_PHRASE_ENDS.contains(c))
        || next.starts_with(|c: char| CONTINUATION_STARTS.contains(c)))
        && (next.chars().count() > PROSE_LINE_CHARS || has_clause_mark(next));
    cut_phrase
        || (ends_sentence(next)
            && next.chars().count() <= MAX_SENTENCE_TAIL_CHARS
            && has_clause_mark(text))
}

/// Characters a phrase does not end with: a line ending in one was cut
/// off ("…年复合增长率达" / "9.5%，…").
const MID_PHRASE_ENDS: &str =
    "的地得之在和与及或为是将对把被从向于以达至按据因等其该并且而但则所由";

/// Longest rest of a sentence that a page break leaves on a line of its own.
const MAX_SENTENCE_TAIL_CHARS: usize = 20;

/// Characters a paragraph does not start with: the line goes on from the
/// one before.
const CONTINUATION_STARTS: &str = "，,、。；;：:)）%％";

/// A labelled field: a short label, a colon, then its value
/// ("出版单位：某某咨询", "关 键 字：…", "行业主要上市公司：…").
static RECORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[\p{Han}A-Za-z]\s?){2,8}[：:]\s?\S").expect(CONSTANT_REGEX));

/// Longest first line that may stand alone as a title.
const MAX_TITLE_LINE_CHARS: usize = 80;

/// An English record: "2024 Market Size: USD 8.89 Billion",
/// "CAGR (2025-2030): 20.5%".
static ENGLISH_RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9][A-Za-z0-9 ()&/.\-]{1,40}:\s\S(?:[^.!?]|\.\d){0,60}$")
        .expect(CONSTANT_REGEX)
});

fn is_record(text: &str) -> bool {
    RECORD.is_match(text) || ENGLISH_RECORD.is_match(text)
}

/// Whether the text has a clause mark: prose has them, a title or a
/// record of short values has none.
fn has_clause_mark(text: &str) -> bool {
    text.contains(['，', '。', '；', '！', '？', ',', ';'])
}

/// Longest line, in words, read as an unnumbered English heading.
const MAX_ENGLISH_HEADING_WORDS: usize = 8;

/// Words an English heading leaves in lower case.
const HEADING_SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "vs",
    "with", "&",
];

/// A short line in title case without a sentence end ("Market Overview",
/// "Key Players and Competitive Landscape"): after English text it starts a
/// block of its own (a heading the page did not number, or the line after
/// a title), where a soft-wrapped sentence would go on in lower case.
fn is_english_heading_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=MAX_ENGLISH_HEADING_WORDS).contains(&words.len())
        && line.starts_with(|c: char| c.is_ascii_uppercase())
        && !line.ends_with(['.', ',', ';', ':', '!', '?'])
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
                || HEADING_SMALL_WORDS.contains(w)
        })
}

/// The headings of a block list, in order.
pub fn headings(blocks: &[Block]) -> impl Iterator<Item = &Heading> {
    blocks.iter().filter_map(|b| match b {
        Block::Heading(h) => Some(h),
        Block::Paragraph(_) | Block::Table(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of `text`, cut off when it ends without a line break (as
    /// a copied text is).
    fn outline_of(text: &str) -> Vec<Block> {
        build_outline(text, !text.ends_with('\n'))
    }

    fn outline(text: &str) -> Vec<(u8, String)> {
        headings(&outline_of(text))
            .map(|h| (h.level, h.title.clone()))
            .collect()
    }

    #[test]
    fn lines_a_pdf_copy_broke_at_its_page_width_are_joined() {
        let text = "一、概况\n我国新能源汽车产业起步于2009年的示范工程，经过十\n余年的发展，已经形成了完整的产业链。2023年，产\n销量分别完成958.7万辆和949.5万辆，位居第一。\n二、格局\n比亚迪、特斯拉和广汽埃安是销量前三的企业，比亚迪\n股份有限公司销量最高。\n";
        assert_eq!(
            paragraph_texts(text),
            [
                "我国新能源汽车产业起步于2009年的示范工程，经过十余年的发展，已经形成了完整的产业链。2023年，产销量分别完成958.7万辆和949.5万辆，位居第一。",
                "比亚迪、特斯拉和广汽埃安是销量前三的企业，比亚迪股份有限公司销量最高。"
            ]
        );
        // A line that a page break made wider does not hide the width.
        let text = "一、概况\n我国新能源汽车产业起步于2009年的示范工程，经过十余年的发展，已经形成了完整的产业链。2023年，产\n销量分别完成958.7万辆和949.5万辆，位居第一。\n二、格局\n比亚迪、特斯拉和广汽埃安是销量前三的企业，比亚迪\n股份有限公司销量最高。\n三、政策\n财政部、税务总局、工业和信息化部联合发布公告，延续\n和优化新能源汽车车辆购置税减免政策，支持新能源汽\n车下乡。\n";
        assert_eq!(paragraph_texts(text).len(), 3);
        // Lines of one paragraph each, whatever their length, stay apart,
        // and so do titles of a list as wide as each other.
        let text = "一、概况\n市场规模稳步扩大，竞争格局基本稳定，头部企业优势明显\n监管政策持续完善\n数字化转型与绿色低碳发展的总体思路研究\n数字化转型与绿色低碳发展的主要路径研究\n数字化转型与绿色低碳发展的保障措施研究\n";
        assert_eq!(paragraph_texts(text).len(), 5);
    }

    #[test]
    fn a_blank_line_ends_a_paragraph_unless_a_phrase_was_cut() {
        // After a code, and before a line that reads as a title: apart.
        let text = "中图分类号:F270 文献编码:A DOI:10.3969/j.issn.1003-8256.2017.02.003\n\n邓小平同志早在1988年就提出了这一论断,高度概括了科学与技术的重要性。\n\n下沉市场将成为未来两年核心增长极报告撰写需注重产业链上下游联动分析\n\n电子商务行业调研报告范文\n\n正文。\n";
        assert_eq!(paragraph_texts(text).len(), 5);
        // A sentence a page break cut goes on.
        let text = "一、概况\n全球微波市场规模稳步扩大，预计2025年至2030年的年复合增长率(CAGR)达\n\n9.5%,其中中国市场增速将远超全球平均水平。\n";
        assert_eq!(paragraph_texts(text).len(), 1);
        let text = "一、概况\n整体上板块全年业绩走势较好，主要客户市占率提升、市场开拓取得成效、产品结构升级等，全年业绩走\n\n势受车市复苏提振。\n";
        assert_eq!(paragraph_texts(text).len(), 1);
        // A headline without a sentence end stays apart from the text.
        let text = "世界今亮点！二十四小时快报：8年来首降！报告：去年游戏市场收入同比降10%，用户规模微降\n\n2月14日，中国音数协游戏工委发布《2022年中国游戏产业报告》。\n";
        assert_eq!(paragraph_texts(text).len(), 2);
    }

    #[test]
    fn a_contents_list_left_alone_loses_its_page_numbers() {
        let text = "目录\n一、行业市场规模5\n二、行业管理6\n（一）行业监管体系6\n（二）主要法律法规7\n三、5G发展趋势9\n";
        assert_eq!(
            outline(text),
            [
                (1, "行业市场规模".to_string()),
                (1, "行业管理".to_string()),
                (2, "行业监管体系".to_string()),
                (2, "主要法律法规".to_string()),
                (1, "5G发展趋势".to_string()),
            ]
        );
        let text = "第一节 盈利能力稳定 (4)\n第二节 课程收入 (4)\n第三节 成本费用分析 (8)\n";
        assert_eq!(
            outline(text),
            [
                (1, "盈利能力稳定".to_string()),
                (1, "课程收入".to_string()),
                (1, "成本费用分析".to_string()),
            ]
        );
        assert_eq!(outline_of(text).len(), 3);
        // Sections of a body keep their numbers.
        let text = "一、规划2025\n正文。\n二、规划2030\n正文。\n";
        assert_eq!(
            outline(text),
            [(1, "规划2025".to_string()), (1, "规划2030".to_string())]
        );
    }

    #[test]
    fn a_lone_bare_number_is_a_page_number() {
        let text = "1 证券研究报告 作者：某某 行业评级：强于大市\n正文。\n";
        assert!(outline(text).is_empty());
        // With its sibling, or a section under it, it numbers a chapter.
        let text = "1 芯片概述\n正文。\n2 市场\n正文。\n";
        assert_eq!(outline(text).len(), 2);
        let text = "1 芯片概述\n1.1 组成\n正文。\n";
        assert_eq!(outline(text).len(), 2);
    }

    #[test]
    fn a_title_a_pdf_broke_at_its_line_width_is_whole() {
        let text = "一、化学机械抛光是半导体芯片制造过程中不可或缺的核心 环节之一\n正文。\n二、概况 近年来，市场规模快速扩大，企业数量不断增加，竞争日趋激烈。\n";
        assert_eq!(
            outline(text),
            [
                (
                    1,
                    "化学机械抛光是半导体芯片制造过程中不可或缺的核心环节之一".to_string()
                ),
                (1, "概况".to_string()),
            ]
        );
        // A short title before the gap did not fill a line.
        let text = "一、市场概述 近年来\n正文。\n";
        assert_eq!(outline(text), [(1, "市场概述".to_string())]);
    }

    #[test]
    fn letter_spaced_and_question_titles_are_whole() {
        let text = "一、引 言\n近年来，经济快速发展。\n二、研 究 方 法\n本文采用问卷调查。\n三、制造业复苏的大行情，行至了何处？\n正文。\n";
        assert_eq!(
            outline(text),
            [
                (1, "引 言".to_string()),
                (1, "研 究 方 法".to_string()),
                (1, "制造业复苏的大行情，行至了何处？".to_string()),
            ]
        );
    }

    #[test]
    fn a_title_may_open_with_a_units_character() {
        let text = "一、总体\n1.1人口现状\n正文。\n1.2年度数据分析\n正文。\n1.3元宇宙技术应用\n正文。\n1.4个性化服务\n正文。\n规模达到\n1.5亿元，同比增长。\n进口总额 14.1 万亿元，增长 4.1 倍。\n放款增至112年24.1兆元或7.3成。\n1.5成本分析\n正文。\n";
        assert_eq!(
            outline(text),
            [
                (1, "总体".to_string()),
                (2, "人口现状".to_string()),
                (2, "年度数据分析".to_string()),
                (2, "元宇宙技术应用".to_string()),
                (2, "个性化服务".to_string()),
                (2, "成本分析".to_string()),
            ]
        );
    }

    #[test]
    fn a_preview_cut_off_after_a_marker_leaves_no_heading() {
        let text = "一、概况\n正文。\n二、上游\n正文。\n三、中游机构美莱等连锁机构在\n";
        assert_eq!(
            outline(text),
            [(1, "概况".to_string()), (1, "上游".to_string())]
        );
        // A heading noun that ends like a particle stays one (目的).
        assert_eq!(
            outline("一、调查目的\n正文。\n二、调查方法\n正文。\n"),
            [(1, "调查目的".to_string()), (1, "调查方法".to_string())]
        );
    }

    #[test]
    fn a_chinese_numeral_and_a_space_starts_a_heading() {
        let text = "一 行业概况\n（一）发展历程\n行业快速发展。\n二、竞争格局\n（一）主要参与者\n机构并存。\n";
        assert_eq!(
            outline(text),
            [
                (1, "行业概况".to_string()),
                (2, "发展历程".to_string()),
                (1, "竞争格局".to_string()),
                (2, "主要参与者".to_string()),
            ]
        );
        // A spaced word at the start of a sentence is no heading.
        assert!(outline("一 些企业开始转型，成效显著。\n二 者缺一不可。\n").is_empty());
    }

    #[test]
    fn flattened_three_levels() {
        let text = "2025年报告一、市场概述1.市场规模(1)市场规模持续扩大,达到10万亿元,增长3.5%。(2)5G用户增长很快,超过1.23亿户。2.竞争格局(1)竞争激烈,格局在变化。二、用户分析1.用户特征(1)用户年轻。\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "市场概述".into()),
                (2, "市场规模".into()),
                (2, "竞争格局".into()),
                (1, "用户分析".into()),
                (2, "用户特征".into()),
            ]
        );
        let blocks = outline_of(text);
        assert!(blocks.contains(&Block::Paragraph(Paragraph {
            marker: Some("(2)".into()),
            text: "5G用户增长很快,超过1.23亿户。".into()
        })));
        assert_eq!(
            blocks[0],
            Block::Paragraph(Paragraph {
                marker: None,
                text: "2025年报告".into()
            })
        );
    }

    #[test]
    fn line_schemes_and_levels_by_first_appearance() {
        let text = "第一章 总论\n一、背景\n（一）国内情况\n1、经济概况\n正文。\n2、行业格局\n（二）国外情况\n二、意义\n第二章 分析\n一、现状\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "总论".into()),
                (2, "背景".into()),
                (3, "国内情况".into()),
                (4, "经济概况".into()),
                (4, "行业格局".into()),
                (3, "国外情况".into()),
                (2, "意义".into()),
                (1, "分析".into()),
                (2, "现状".into()),
            ]
        );
    }

    #[test]
    fn a_chapter_that_skips_a_level_nests_one_less_deep() {
        let text = "一、背景\n1.国内情况\n（一）经济概况\n正文。\n二、对策\n（一）加强设计\n（二）完善治理\n三、结论\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "背景".into()),
                (2, "国内情况".into()),
                (3, "经济概况".into()),
                (1, "对策".into()),
                (2, "加强设计".into()),
                (2, "完善治理".into()),
                (1, "结论".into()),
            ]
        );
    }

    #[test]
    fn a_dot_after_two_numbers_and_a_dash_after_a_part() {
        let text = "第一部分-现状\n1.市场\n1.1.全球:渗透加速\n销量持续增长。\n1.2.中国:规模第一\n规模持续扩大。\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "现状".into()),
                (2, "市场".into()),
                (3, "全球:渗透加速".into()),
                (3, "中国:规模第一".into()),
            ]
        );
    }

    #[test]
    fn a_section_number_glued_to_5g_keeps_the_term() {
        let text =
            "1.5技术\n1.5.1人工智能\n内容。\n1.5.25G与边缘计算\n内容。\n1.5.3区块链\n内容。\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "技术".into()),
                (2, "人工智能".into()),
                (2, "5G与边缘计算".into()),
                (2, "区块链".into()),
            ]
        );
    }

    #[test]
    fn dotted_numbers_and_prose_numbers() {
        let text = "1 芯片概述\n1.1 组成\n价格上涨3.5%,规模1.23亿元,2025年增长。\n1.1.1 控制单元\n内容。\n1.2 运算\n2 市场\n2.1 规模\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "芯片概述".into()),
                (2, "组成".into()),
                (3, "控制单元".into()),
                (2, "运算".into()),
                (1, "市场".into()),
                (2, "规模".into()),
            ]
        );
    }

    #[test]
    fn numbered_paragraphs_are_not_headings() {
        let text = "一、调查目的\n1、了解价格\n2、调查学生对奶茶的喜爱程度。3、确定价格定位\n4、了解销售量。5、了解品牌。\n二、调查对象\n";
        assert_eq!(
            outline(text),
            vec![(1, "调查目的".into()), (1, "调查对象".into())]
        );
    }

    #[test]
    fn a_chapter_marked_with_a_comma_is_one() {
        let text = "第三章、金融监理制度之演进\n正文。\n第一节、监理制度之变迁\n正文。\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "金融监理制度之演进".into()),
                (2, "监理制度之变迁".into())
            ]
        );
    }

    #[test]
    fn codes_captions_sizes_and_affiliations_are_not_headings() {
        let text = "一、概况\n正文。\n(1.示例大学 地理学院,江苏 南京 210046;2.示例师范大学 商学院)\n农委会计划报告 (80农建7.1-企-31)\n文件大小\n80.5 KB\n图1. 客户数目增长\n第一部分是2022年工作回顾。\n二、格局\n正文。\n";
        assert_eq!(outline(text), vec![(1, "概况".into()), (1, "格局".into())]);
    }

    #[test]
    fn cut_off_last_heading_is_not_a_heading() {
        let text = "一、概述\n1.1背景\n二、政策";
        assert_eq!(outline(text), vec![(1, "概述".into()), (2, "背景".into())]);
        let text = "一、概述\n前言。\n二、政策\n政策。\n三、展望";
        assert_eq!(outline(text), vec![(1, "概述".into()), (1, "政策".into())]);
        // The last of a list of bare headings is one of them.
        let text = "一、概述\n二、政策\n三、展望";
        assert_eq!(
            outline(text),
            vec![(1, "概述".into()), (1, "政策".into()), (1, "展望".into())]
        );
        assert_eq!(
            outline("一、概述\n二、政策\n"),
            vec![(1, "概述".into()), (1, "政策".into())]
        );
    }

    #[test]
    fn skipped_numbers_on_own_lines_and_words() {
        let text = "第一章 市场调研\n二、名词解释\n1.市场调研是指收集信息的活动。\n五、简答题\n1.答: 优点有: (1)重视数据。\n实现统一、规范的管理。\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "市场调研".into()),
                (2, "名词解释".into()),
                (2, "简答题".into())
            ]
        );
    }

    #[test]
    fn space_separated_flattened_headings() {
        let text = "资料 第1章 市场调研规划 1、市场调研的定义 为营销提供依据的活动。 2、市场调研的作用 (1)使我们知道事情; (2)使我们知道风险。";
        assert_eq!(
            outline(text),
            vec![
                (1, "市场调研规划".into()),
                (2, "市场调研的定义".into()),
                (2, "市场调研的作用".into())
            ]
        );
    }

    #[test]
    fn toc_only_becomes_outline_and_toc_with_body_is_dropped() {
        let toc = "报告2016 年 10 月目录第一章概述 ........ 3一、项目概况 ........ 3二、研究范围 ........ 4第二章背景 ........";
        let (text, found) = split_toc(toc);
        assert!(found);
        assert_eq!(
            outline(&text),
            vec![
                (1, "概述".into()),
                (2, "项目概况".into()),
                (2, "研究范围".into()),
                (1, "背景".into())
            ]
        );
        let with_body = format!("{toc}\n第一章 概述\n{}\n", "这是正文内容。".repeat(20));
        let (text, _) = split_toc(&with_body);
        assert_eq!(outline(&text), vec![(1, "概述".into())]);
    }

    #[test]
    fn markdown_roman_and_colon_headings() {
        let text = "# 总论\n正文。\n## 背景\n正文。\n# 展望\n";
        assert_eq!(
            outline(text),
            vec![(1, "总论".into()), (2, "背景".into()), (1, "展望".into())]
        );
        // A Markdown heading's own number stays in its text.
        let text = "## 1. The AI Plateau\nFirms paused.\n### Executive Insight:\nText.\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "1. The AI Plateau".into()),
                (2, "Executive Insight".into())
            ]
        );
        let text = "Ⅰ、市场概述：\n正文内容。\nⅡ、竞争格局\n";
        assert_eq!(
            outline(text),
            vec![(1, "市场概述".into()), (1, "竞争格局".into())]
        );
        let text = "壹、行业概述\n正文。\n贰、市场现状\n正文。\n拾壹、附录\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "行业概述".into()),
                (1, "市场现状".into()),
                (1, "附录".into())
            ]
        );
        // Formal numerals over plain ones; 參 comes as 参.
        let text =
            "壹、前言\n正文。\n贰、市场\n一、规模\n正文。\n二、格局\n正文。\n参、展望\n正文。\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "前言".into()),
                (1, "市场".into()),
                (2, "规模".into()),
                (2, "格局".into()),
                (1, "展望".into())
            ]
        );
        // The numeral and a space, opening its line; not "Ⅱ期" in prose.
        let text =
            "第一部分 趋势\nⅠ 合规趋严\n监管加强，Ⅱ期临床增多。\nⅡ 技术驱动\n区块链应用深入。\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "趋势".into()),
                (2, "合规趋严".into()),
                (2, "技术驱动".into())
            ]
        );
        let text = "I. Market Overview\nSales grew. I. e. slowly.\n1.1 Size\nText.\nII. Competition\nText.\nIII. 展望\nText.\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "Market Overview".into()),
                (2, "Size".into()),
                (1, "Competition".into()),
                (1, "展望".into())
            ]
        );
    }

    #[test]
    fn capital_letters_in_order_are_headings_under_a_chapter() {
        let text = "第一部分 发展建议\nA. 完善法律框架\n建议加快修订相关法律。\nB、丰富应用生态\n鼓励各方参与。\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "发展建议".into()),
                (2, "完善法律框架".into()),
                (2, "丰富应用生态".into())
            ]
        );
        // An initial in prose, or a letter inside a line, is no heading.
        let text =
            "一、市场概述\nA. Smith 认为市场将增长。\n评级为A.级的机构占比较高。\n二、竞争格局\n";
        assert_eq!(
            outline(text),
            vec![(1, "市场概述".into()), (1, "竞争格局".into())]
        );
    }

    #[test]
    fn english_prose_numbers() {
        let text = "1. Introduction\nGrowth was 12.5% in 2024.\n1.1 Scope\nSee Section 1.2 for details.\n1.2 Method\n";
        assert_eq!(
            outline(text),
            vec![
                (1, "Introduction".into()),
                (2, "Scope".into()),
                (2, "Method".into())
            ]
        );
    }

    #[test]
    fn english_chapters_and_chapters_numbered_through_parts() {
        let outline = |text: &str| -> Vec<(u8, String)> {
            headings(&build_outline(text, false))
                .map(|h| (h.level, h.title.clone()))
                .collect()
        };
        assert_eq!(
            outline("Chapter 1 Overview\n1.1 Size\nText.\nChapter 2: Players\nAs noted in Section 2.1 above, text.\n"),
            [
                (1, "Overview".to_string()),
                (2, "Size".to_string()),
                (1, "Players".to_string())
            ]
        );
        assert_eq!(
            outline("第一章：概况\n正文。\n第二章： 格局\n正文。\n"),
            [(1, "概况".to_string()), (1, "格局".to_string())]
        );
        assert_eq!(
            outline("第一篇 总论\n第一章 概况\n正文。\n第二章 格局\n正文。\n第二篇 分论\n第三章 细分\n正文。\n"),
            [
                (1, "总论".to_string()),
                (2, "概况".to_string()),
                (2, "格局".to_string()),
                (1, "分论".to_string()),
                (2, "细分".to_string())
            ]
        );
    }

    #[test]
    fn table_rows_make_one_table_and_no_headings() {
        assert_eq!(
            table_cells("| a \\| b | 1.1 市场 |"),
            Some(vec!["a | b".to_string(), "1.1 市场".to_string()])
        );
        assert_eq!(table_cells("| --- | :-: |"), Some(vec![]));
        assert_eq!(table_cells("|只有一格|"), None);
        assert_eq!(table_cells("a | b"), None);
        let blocks = build_outline(
            "一、规模\n| 年份 | 规模 |\n| --- | --- |\n| 2023 | 10 |\n正文。\n| x | y |\n",
            false,
        );
        let rows = |b: &Block| match b {
            Block::Table(t) => t.rows.len(),
            _ => 0,
        };
        assert_eq!(blocks.len(), 4, "{blocks:?}");
        assert_eq!(rows(&blocks[1]), 2);
        assert_eq!(rows(&blocks[3]), 1);
        assert_eq!(headings(&blocks).count(), 1);
    }

    /// The paragraphs' texts of an outline.
    fn paragraph_texts(text: &str) -> Vec<String> {
        build_outline(text, false)
            .into_iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_title_case_line_after_english_text_is_no_wrap() {
        let title = "Global Digital Payments Market Size, Share & Trends Analysis Report 2025-2033";
        assert_eq!(
            paragraph_texts(&format!("{title}\nMarket Overview\nThe market grew.\n")),
            [title, "Market Overview", "The market grew."]
        );
        // A sentence wrapped before a lower-case word, or a long line, joins.
        assert_eq!(
            paragraph_texts(&format!(
                "{title} and the market\ngrew in every region of the world.\n"
            ))
            .len(),
            1
        );
        // A long title-case heading does not run into its paragraph.
        let heading = "Cloud Deployment to Witness Significant Growth";
        assert_eq!(
            paragraph_texts(&format!("{heading}\nCloud deployment lowers costs.\n")),
            [heading, "Cloud deployment lowers costs."]
        );
    }

    #[test]
    fn glued_title_ends_where_the_text_shows_it() {
        let title = |t: &'static str| glued_title_len(t).map(|n| &t[..n]);
        assert_eq!(title("头部机构头部机构依托股东资源"), Some("头部机构"));
        assert_eq!(title("发展历程2009年，监管发布办法"), Some("发展历程"));
        assert_eq!(title("引言近年来，数字技术快速发展"), Some("引言"));
        assert_eq!(
            title("产品同质化严重目前，多数产品"),
            Some("产品同质化严重")
        );
        // A leading clause runs to its comma.
        assert_eq!(
            title("业务规模由于存款竞争加剧，负债成本上升"),
            Some("业务规模")
        );
        assert_eq!(
            title("渠道建设随着移动支付普及，网点减少"),
            Some("渠道建设")
        );
        // 在 with a frame word before its comma, 为 with an adverb of purpose.
        assert_eq!(
            title("市场格局在中国经济高速增长的同时，银行业快速发展"),
            Some("市场格局")
        );
        assert_eq!(
            title("搜集现成资料为有效地利用现有资料，首先应该"),
            Some("搜集现成资料")
        );
        assert_eq!(
            title("调查目的为详细了解奶茶店的市场情况，特撰写"),
            Some("调查目的")
        );
        assert_eq!(title("调查对象为全校学生，共抽取一百名"), None);
        // Without the comma before the full stop, it is no clause.
        assert_eq!(title("业务规模由于竞争。负债成本上升，利差收窄"), None);
        assert_eq!(title("市场规模随着需求增长而扩大"), None);
        // Mid-sentence, without its comma, the word opens nothing.
        assert_eq!(title("银行电商市场规模在近年来持续扩大"), None);
        assert_eq!(title("银行电商市场规模在近年来，持续扩大"), None);
        // A heading's closing noun, then a new word.
        assert_eq!(title("调查背景奶茶是青年喜爱的饮料"), Some("调查背景"));
        assert_eq!(
            title("确定调查对象调查对象为全校学生"),
            Some("确定调查对象")
        );
        assert_eq!(
            title("市场规模与增长趋势国内市场持续扩大"),
            Some("市场规模与增长趋势")
        );
        assert_eq!(title("行业现状分析国内市场持续扩大"), Some("行业现状分析"));
        assert_eq!(
            title("确定资料搜集方式企业在调研时"),
            Some("确定资料搜集方式")
        );
        // A predicate after the noun: the noun may be the sentence's subject.
        assert_eq!(title("调查目的为了解市场情况"), None);
        assert_eq!(title("市场规模持续扩大国内银行"), None);
        // The heading goes on past its noun, to no sign of its end.
        assert_eq!(title("发展环境下的机遇与挑战"), None);
        assert_eq!(
            title("行业定义消费金融是指向消费者提供贷款"),
            Some("行业定义")
        );
        assert_eq!(title("定义与分类供应链金融是指银行"), Some("定义与分类"));
        assert_eq!(title("典型案例某银行推出线上产品"), Some("典型案例"));
        assert_eq!(title("结论跨境电商将继续保持增长"), Some("结论"));
        assert_eq!(title("建议企业加强合规管理"), None);
        // A verb after the noun (定义为…) goes on with a sentence.
        assert_eq!(title("行业定义为向消费者提供贷款"), None);
        // A short clause after the noun: the noun is its subject.
        assert_eq!(title("下游需求领域广泛，与经济周期相关度高"), None);
        assert_eq!(title("下游需求领域广泛,与经济周期相关度高"), None);
        // No sign where the title ends: it is left to the paragraph.
        assert_eq!(title("消费金融行业消费金融是指向消费者"), None);
        assert_eq!(title("2009年，监管发布办法"), None);
    }

    #[test]
    fn records_and_a_title_line_are_no_wrap() {
        let title = "2025年示例省银行电商行业市场现状及前景分析 场景金融驱动行业增长_示例研究院";
        let price = "报告价格：【纸质版】：9800元 【电子版】：9800元 【纸质+电子】：10000元";
        assert_eq!(
            paragraph_texts(&format!(
                "{title}\n行业主要上市公司：甲银行(600001)\n{price}\n报告简介\n正文。\n"
            )),
            [
                title,
                "行业主要上市公司：甲银行(600001)",
                price,
                "报告简介",
                "正文。"
            ]
        );
        // A labelled paragraph of prose still wraps.
        let abstract_start =
            "摘要：随着互联网金融的快速发展，国内商业银行纷纷布局电子商务平台，希望以购物场景带动";
        assert_eq!(
            paragraph_texts(&format!("正文。\n{abstract_start}\n存贷款与中间业务。\n")),
            [
                "正文。".to_string(),
                format!("{abstract_start}存贷款与中间业务。")
            ]
        );
    }

    #[test]
    fn page_break_inside_sentence_is_joined() {
        let blocks = outline_of("截至2023年末,\n月活已超过1亿户。\n下一段。\n");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(Paragraph {
                    marker: None,
                    text: "截至2023年末,月活已超过1亿户。".into()
                }),
                Block::Paragraph(Paragraph {
                    marker: None,
                    text: "下一段。".into()
                }),
            ]
        );
    }

    #[test]
    fn a_contents_list_run_together_goes_on_lines_of_its_own() {
        let text = "2025年示例行业研究报告目录一、行业发展现状 31、市场规模 3年度增长趋势 42、竞争格局 5二、政策环境 121、监管动态 122、地方政策 14摘要随着数字化进程";
        let split = split_run_on_toc(text).unwrap();
        assert_eq!(
            split,
            "2025年示例行业研究报告\n一、行业发展现状\n1、市场规模\n年度增长趋势\n2、竞争格局\n二、政策环境\n1、监管动态\n2、地方政策\n摘要随着数字化进程"
        );
        assert_eq!(
            outline(&split),
            vec![
                (1, "行业发展现状".into()),
                (2, "市场规模".into()),
                (2, "竞争格局".into()),
                (1, "政策环境".into()),
                (2, "监管动态".into()),
                (2, "地方政策".into()),
            ]
        );
        // A word processor's bookmark number after each page ("3" + "18685").
        let text = "示例报告目录29804摘要 318685一、市场概览 4187191.1参与主体 466941.2协同机制 64601二、政策环境 931352.1监管演进 92070正文开始";
        assert_eq!(
            outline(&split_run_on_toc(text).unwrap()),
            vec![
                (1, "市场概览".into()),
                (2, "参与主体".into()),
                (2, "协同机制".into()),
                (1, "政策环境".into()),
                (2, "监管演进".into()),
            ]
        );
        // ... and a shorter bookmark after the label ("6232", "837").
        for label in ["目录6232摘要 310839", "目录837摘要 329650"] {
            let text = format!(
                "示例报告{label}一、市场概览 584341.1参与主体 79216二、政策环境 10摘要正文开始"
            );
            assert_eq!(
                outline(&split_run_on_toc(&text).unwrap()),
                vec![
                    (1, "市场概览".into()),
                    (2, "参与主体".into()),
                    (1, "政策环境".into()),
                ]
            );
        }
        // An unnumbered first entry straight after the label.
        let text =
            "示例报告目录行业综述(2024-2030年) 3一、市场概览 31.市场规模 4二、政策环境 9正文开始";
        assert_eq!(
            outline(&split_run_on_toc(text).unwrap()),
            vec![
                (1, "市场概览".into()),
                (2, "市场规模".into()),
                (1, "政策环境".into()),
            ]
        );
        // Prose that names a contents page, and page numbers that go back.
        assert_eq!(split_run_on_toc("见目录一、第 3 页的说明。"), None);
        assert_eq!(
            split_run_on_toc("目录一、现状 9二、规模 5三、格局 3四、展望 1"),
            None
        );
    }

    #[test]
    fn leaderless_contents_list_then_body() {
        let text = "报告\n一、概述\n二、市场\n三、展望\n一、概述\n正文一。\n二、市场\n正文二。\n三、展望\n正文三。\n";
        let blocks = outline_of(text);
        assert_eq!(
            outline(text),
            vec![(1, "概述".into()), (1, "市场".into()), (1, "展望".into())]
        );
        assert!(blocks.contains(&Block::Paragraph(Paragraph {
            marker: None,
            text: "正文三。".into()
        })));
        // Several reports in one file: both kept.
        let text = "一、背景\n正文。\n二、目的\n正文。\n一、背景\n另一篇。\n";
        assert_eq!(outline(text).len(), 3);
    }

    #[test]
    fn spaces_around_latin_words_do_not_end_titles() {
        let text = "一、市场概述\n1.增长趋势\n(1)以某银行为代表的平台持续优化普惠，其 GMV 能力领先。(2)预计到2026年，规模将突破444万户，2021-2026年 CAGR 约为53.5%。\n";
        assert_eq!(
            outline(text),
            vec![(1, "市场概述".into()), (2, "增长趋势".into())]
        );
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(cn_number("十二"), Some(12));
        assert_eq!(cn_number("二十一"), Some(21));
        assert_eq!(cn_number("三十"), Some(30));
        assert_eq!(cn_number("九"), Some(9));
    }
}
