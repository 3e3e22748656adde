//! Stage 5, title and truncation.
//! - Title: a chrome candidate (page list, file-name line) or a single `#`
//!   heading if any, else the first line of the report (past a site's short
//!   lines: a greeting, its name), or the text before its first chapter, cut
//!   at words that start the body (引言, 摘要, 目录…) and a trailing date.
//!   A later intro line with a title word (报告, 分析…) wins when the page
//!   shows it twice or the first line is a short leftover (搜索, 暂无简介);
//!   site suffixes (`_第1页`, `.docx`, `(44页珍藏版)`, 模板范文…) removed. A
//!   title that broke onto a second line joined by 及, 与 or a colon is
//!   taken whole.
//! - Introduction lines that only repeat the title are dropped.
//! - Truncated: fewer pages shown than the total, or the text stops in the
//!   middle of a sentence, on a heading or on an ellipsis (an end mark such
//!   as `（全文完）` says it is whole).

use std::sync::LazyLock;

use regex::Regex;

use super::CONSTANT_REGEX;

use super::outline::{Block, Paragraph, SENTENCE_END};
use crate::frontmatter::Pages;

const MAX_TITLE_CHARS: usize = 80;

/// Words that start a report's body; a chapter number glued before one
/// (探讨一、引言) belongs to the body too.
static BODY_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:(?:第[一1]章|[一1][、.．])\s?)?",
        r"(?:引言|摘\s?要|前言|目\s?录|导读|内容提要|编者按|内容简介)"
    ))
    .expect(CONSTANT_REGEX)
});

/// Where the body starts in a line that opens with the title: the first
/// [`BODY_START`] word that the title does not hold itself, in brackets
/// ("…报告（摘要）") or as its last word ("…报告摘要").
fn body_start_in(line: &str) -> Option<usize> {
    let starts_body = |m: &regex::Match| {
        let before = line[..m.start()].chars().next_back();
        let rest = line[m.end()..].trim_start_matches('版');
        let in_brackets = before.is_some_and(|c| "(（【[".contains(c))
            && rest.starts_with([')', '）', '】', ']']);
        let ends_title = rest.is_empty() && before.is_some_and(|c| !c.is_whitespace());
        !in_brackets && !ends_title
    };
    BODY_START
        .find_iter(line)
        .find(starts_body)
        .map(|m| m.start())
}

/// A file name's extension with more text after it: a flattened page's
/// title runs on into the site's details (报告.docx上传人:…).
static EXTENSION_MID_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\.(?:docx?|pdf|pptx?|xlsx?|wps|txt|rtf)\S").expect(CONSTANT_REGEX)
});

/// The first chapter's number glued onto the title of a flattened page
/// (…转型策略探讨一、…, …研究报告第一章…): not after another numeral.
static GLUED_FIRST_CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[^一二三四五六七八九十百\s](?P<at>第一[章篇部]|一、)").expect(CONSTANT_REGEX)
});
/// A collection's count ending its title, as pages of model essays write
/// it (市场调研计划书12篇, 工作总结（精选5篇）): where a flattened page's
/// title ends.
static PIECE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}(?:[(（【]\p{Han}{0,4}\d{1,3}篇[)）】]|\d{1,3}篇)").expect(CONSTANT_REGEX)
});
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[0-9]{4}\s?年(?:\s?[0-9]{1,2}\s?月)?(?:\s?[0-9]{1,2}\s?日)?\s*$")
        .expect(CONSTANT_REGEX)
});

/// A space after a particle inside a title: where a PDF broke the title's
/// line ("…银行经营型态的 演变与对策"); a title's own spaces fall between
/// words that end whole.
static SPACE_AFTER_PARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{Han}[的之与和及]) (\p{Han})").expect(CONSTANT_REGEX));

/// Remove site suffixes until none applies.
pub fn clean_title(raw: &str, suffixes: &[Regex]) -> String {
    let mut t = raw.trim().to_string();
    for _ in 0..8 {
        let before = t.clone();
        for re in suffixes {
            t = re.replace(&t, "").trim().to_string();
        }
        // Wrapped whole (`《报告》`), also once a label after it is cut
        // (`《报告》全文`).
        t = unwrapped(&t).to_string();
        t = said_once(&t).to_string();
        t = SPACE_AFTER_PARTICLE.replace_all(&t, "$1$2").into_owned();
        if t == before {
            break;
        }
    }
    t
}

/// Shortest title that a site's summary box may repeat back to back.
const MIN_REPEATED_TITLE_CHARS: usize = 4;

/// A title said once that a summary box ran together several times
/// (`可行性研究报告可行性研究报告`).
fn said_once(title: &str) -> &str {
    let chars = title.chars().count();
    (2..=chars / MIN_REPEATED_TITLE_CHARS)
        .filter(|times| chars % times == 0)
        .find_map(|times| {
            let (cut, _) = title.char_indices().nth(chars / times)?;
            let unit = &title[..cut];
            (unit.repeat(times) == title).then_some(unit)
        })
        .unwrap_or(title)
}

/// A title a site wrapped whole in title marks (`《乡村旅游调研报告》`).
fn unwrapped(title: &str) -> &str {
    title
        .strip_prefix('《')
        .and_then(|t| t.strip_suffix('》'))
        .filter(|inner| !inner.contains(['《', '》']))
        .unwrap_or(title)
}

/// Pick the title and drop introduction paragraphs that only repeat it.
/// `crumbs` are the last steps of the page's breadcrumbs: an opening line
/// that repeats one is the title.
pub fn find_title(
    candidates: &[String],
    crumbs: &[String],
    blocks: &mut Vec<Block>,
    suffixes: &[Regex],
) -> Option<String> {
    // Each breadcrumb step as a title reads, squashed once for every test.
    let crumbs: Vec<String> = crumbs
        .iter()
        .map(|c| squash(&clean_title(c, suffixes)))
        .collect();
    let from_chrome = candidates
        .iter()
        .map(|c| (clean_title(c, suffixes), c))
        .find(|(c, _)| !c.is_empty());
    // The title as written, with what cleaning cut off it (a site's keyword
    // line may list those words too).
    let mut written = String::new();
    let title = match from_chrome {
        Some((t, raw)) => {
            written.clone_from(raw);
            t
        }
        None => {
            let (at, title, body_start) = title_from_intro(blocks, &crumbs, suffixes)?;
            // Only what the title was cut from: the rest of its line is
            // the body, whose words the title's line holds too.
            if let Some(Block::Paragraph(p)) = blocks.get(at) {
                let end = body_start.map_or(p.text.len(), |cut| cut.min(p.text.len()));
                written = p.text.get(..end).unwrap_or(&p.text).to_string();
            }
            // "标题引言正文…": the paragraph keeps only what follows the title.
            if let (Some(cut), Some(Block::Paragraph(p))) = (body_start, blocks.get_mut(at)) {
                p.text = p.text[cut..].trim_start().to_string();
            }
            match body_start
                .is_none()
                .then(|| title_goes_on(&title, blocks.get(at + 1)))
            {
                Some(Some(rest)) => {
                    let whole = format!("{title}{rest}");
                    blocks.remove(at + 1);
                    if let Some(Block::Paragraph(p)) = blocks.get_mut(at) {
                        p.text = whole.clone();
                    }
                    whole
                }
                _ => title,
            }
        }
    };
    // Intro paragraphs before the first heading that repeat the title go.
    let first_heading = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(_)))
        .unwrap_or(blocks.len());
    let intro_line = |b: &Block| match b {
        Block::Paragraph(Paragraph { marker: None, text }) => Some(squash(&clean_title(
            &TRAILING_DATE.replace(text, ""),
            suffixes,
        ))),
        _ => None,
    };
    // Each introduction paragraph as a title would read (computed once:
    // the site's name is judged on them, then the repeats go).
    let intro: Vec<Option<String>> = blocks[..first_heading].iter().map(intro_line).collect();
    let (title, site) = match site_shown_apart(&title, intro.iter().flatten()) {
        Some((title, site)) => (title, Some(site)),
        None => (title, None),
    };
    let key = squash(&title);
    let written = squash(&written);
    // The breadcrumb named this title: the lines above it are the site's
    // header, dates and all.
    let crumbed = is_crumbed(&key, &crumbs);
    let repeats: Vec<bool> = intro
        .iter()
        .zip(&blocks[..first_heading])
        .map(|(line, block)| {
            line.as_ref().is_some_and(|line| {
                *line == key || is_title_with_site(line, &key) || site.as_ref() == Some(line)
            }) || matches!(block, Block::Paragraph(p) if is_title_keywords(&p.text, &written))
        })
        .collect();
    // The report starts at its own title line: short lines above it that
    // are no sentence are the site's (its name, slogan or menu). A page
    // can show the title as its heading and again as the document's first
    // line, the site's lines between them; the text's first sentence ends
    // the search (a running header repeats the title further on).
    let mut title_line = 0;
    for (i, block) in blocks[..first_heading].iter().enumerate() {
        if repeats[i] {
            title_line = i;
        } else if !is_site_leftover(block, crumbed) {
            break;
        }
    }
    // Every line above the title line is a repeat or the site's.
    let mut index = 0;
    blocks.retain(|_| {
        let i = index;
        index += 1;
        !(i < title_line || repeats.get(i).copied().unwrap_or(false))
    });
    Some(title)
}

/// Words that join a title's two parts: where a long title broke onto a
/// second line, one ends the first line or opens the second
/// ("…发展现状" / "及投资前景分析报告", "…深度报告：" / "多极格局下…").
const TITLE_JOINS_END: [&str; 5] = ["：", ":", "及", "与", "和"];
const TITLE_JOINS_START: [&str; 5] = ["及", "与", "和", "暨", "以及"];

/// Longest second line of a title, in characters.
const MAX_TITLE_SECOND_LINE_CHARS: usize = 30;

/// The rest of a title that broke onto the next paragraph, if it did: a
/// short unnumbered line, no sentence, joined to the first by a word.
fn title_goes_on<'b>(title: &str, next: Option<&'b Block>) -> Option<&'b str> {
    let Some(Block::Paragraph(Paragraph { marker: None, text })) = next else {
        return None;
    };
    let rest = text.trim();
    let joined = TITLE_JOINS_END.iter().any(|w| title.ends_with(w))
        || TITLE_JOINS_START.iter().any(|w| rest.starts_with(w));
    let short = (2..=MAX_TITLE_SECOND_LINE_CHARS).contains(&rest.chars().count());
    let sentence = rest.contains(|c: char| SENTENCE_END.contains(c) || c == '，' || c == ',');
    (joined
        && short
        && !sentence
        && title.chars().count() + rest.chars().count() <= MAX_TITLE_CHARS)
        .then_some(rest)
}

/// A line above the report's title that reads as a site's, not the
/// report's: short, unnumbered, no sentence and (unless `dated_too`) no date.
fn is_site_leftover(block: &Block, dated_too: bool) -> bool {
    match block {
        Block::Paragraph(Paragraph { marker: None, text }) => {
            text.chars().count() <= MAX_LEFTOVER_CHARS
                && !text.contains(|c: char| SENTENCE_END.contains(c))
                // A date is the report's own (a cover's).
                && (dated_too || !text.contains(|c: char| c.is_ascii_digit()))
        }
        _ => false,
    }
}

/// Whether a breadcrumb's last step (`crumbs`: cleaned and squashed) is
/// the squashed title `key`, one too long for a channel's name (行业动态,
/// 市场情报).
fn is_crumbed(key: &str, crumbs: &[String]) -> bool {
    key.chars().count() >= MIN_CRUMB_TITLE_CHARS && crumbs.iter().any(|c| c == key)
}

/// Shortest breadcrumb step taken for a title.
const MIN_CRUMB_TITLE_CHARS: usize = 8;

/// Longest site line above a title, in characters: a slogan or a menu.
const MAX_LEFTOVER_CHARS: usize = 40;

/// A title that ends in a site's name after a separator, when the page
/// also shows either part alone on a line of its introduction ("标题-某某报告"
/// beside "某某报告", or beside "标题"): the title, and the site's name
/// (squashed). A name that no line shows apart stays: it may be the title's.
fn site_shown_apart<'a>(
    title: &str,
    mut intro: impl Iterator<Item = &'a String>,
) -> Option<(String, String)> {
    let at = title.rfind(SITE_SEPARATORS)?;
    let separator_len = title[at..].chars().next().map_or(1, char::len_utf8);
    let (head, site) = (title[..at].trim(), title[at + separator_len..].trim());
    let site_chars = site.chars().count();
    // "2024-2025年度报告" is one title: a site's name starts with no digit.
    if head.chars().count() < 4
        || site.starts_with(|c: char| c.is_ascii_digit())
        || !(1..=MAX_SITE_SUFFIX_CHARS).contains(&site_chars)
    {
        return None;
    }
    let (head_key, site_key) = (squash(head), squash(site));
    intro
        .any(|line| *line == site_key || *line == head_key)
        .then(|| (head.to_string(), site_key))
}

/// How many leading paragraphs may hold the title: a page's first lines can
/// be an unknown site's own (its name, a greeting) rather than the report's.
const TITLE_LOOKAHEAD: usize = 3;

/// A leading paragraph up to this long may be passed over for the title;
/// a longer one is the report's text, and the title is not after it.
const PASSABLE_CHARS: usize = 30;

/// A site's own line: a greeting, or a short name ending in 网, 站 or 文库
/// (not 互联网 or 电网, which end report titles).
static SITE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:.{0,20}(?:欢迎|请登录|免费注册).{0,20}|.{1,10}(?:网|站|文库))$")
        .expect(CONSTANT_REGEX)
});

/// Names ending in 网 that are no site: 互联网, 物联网, 电网…
static NOT_A_SITE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:联网|电网|局域网|骨干网|管网|渔网)$").expect(CONSTANT_REGEX));

/// The title from the leading paragraphs: the number of the paragraph it
/// comes from, the title, and where the body starts in that paragraph when
/// the title is only its beginning. Short lines of the site's before it (a
/// greeting, its name) are passed over.
fn title_from_intro(
    blocks: &[Block],
    crumbs: &[String],
    suffixes: &[Regex],
) -> Option<(usize, String, Option<usize>)> {
    let chosen = first_intro_title(blocks, suffixes)?;
    Some(prefer_report_title(blocks, crumbs, suffixes, chosen))
}

/// Intro paragraphs that may hold a better title than the first line's.
const INTRO_LOOKAHEAD: usize = 8;

/// A title this short and without a title word (a button or placeholder an
/// unknown site left, such as 搜索 or 暂无简介) gives way to a later intro
/// line that reads as a report's title.
const WEAK_TITLE_CHARS: usize = 6;

/// Words that report titles carry (报告, 分析, 现状…).
static TITLE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"报告|研究|分析|调研|调查|白皮书|蓝皮书|年鉴|展望|趋势|现状|前景|概况|综述|洞察|指南",
        r"|规划|方案|论文|探讨|浅析|浅谈|策略|对策|研判|评估|监测|预测|发展|市场|行业|产业",
        r"|(?i:report|analysis|outlook|survey|study|market|industry|review)"
    ))
    .expect(CONSTANT_REGEX)
});

/// A document site shows the title twice (its page heading, then the
/// document's first line), and an unknown site's leftovers are short. So a
/// title-worded intro line wins over `chosen` when it comes twice and
/// `chosen` has no title word, or when `chosen` is very short and has none.
/// A line a breadcrumb names wins over a `chosen` shown only once.
fn prefer_report_title(
    blocks: &[Block],
    crumbs: &[String],
    suffixes: &[Regex],
    chosen: (usize, String, Option<usize>),
) -> (usize, String, Option<usize>) {
    if chosen.2.is_some() {
        return chosen;
    }
    let intro: Vec<(usize, String, String)> = blocks
        .iter()
        .take(INTRO_LOOKAHEAD)
        .map_while(|b| match b {
            Block::Paragraph(Paragraph { marker: None, text })
                if text.chars().count() <= MAX_TITLE_CHARS =>
            {
                Some(text)
            }
            _ => None,
        })
        .enumerate()
        .filter_map(|(i, text)| match title_candidate(text, suffixes) {
            Some((t, None)) => Some((i, squash(&t), t)),
            _ => None,
        })
        .collect();
    // The breadcrumb shows a title once more.
    let count = |key: &str| {
        intro.iter().filter(|(_, k, _)| k == key).count() + usize::from(is_crumbed(key, crumbs))
    };
    let chosen_worded = TITLE_WORDS.is_match(&chosen.1);
    // A title made of title words alone ("研究报告", a running header) is
    // as weak as a button's label.
    let only_title_words = TITLE_WORDS.replace_all(&chosen.1, "").trim().is_empty();
    let chosen_weak =
        (!chosen_worded || only_title_words) && chosen.1.chars().count() <= WEAK_TITLE_CHARS;
    let chosen_twice = count(&squash(&chosen.1)) >= 2;
    let better = intro.iter().find(|(i, key, t)| {
        *i != chosen.0
            && ((!chosen_twice && is_crumbed(key, crumbs))
                || TITLE_WORDS.is_match(t)
                    && (chosen_weak || (!chosen_worded && !chosen_twice && count(key) >= 2)))
    });
    match better {
        Some((i, _, t)) => (*i, t.clone(), None),
        None => chosen,
    }
}

/// The first intro paragraph that can be a title, as [`title_from_intro`]
/// takes it before [`prefer_report_title`].
fn first_intro_title(
    blocks: &[Block],
    suffixes: &[Regex],
) -> Option<(usize, String, Option<usize>)> {
    // The first paragraph's title, even a site's name, when nothing better
    // comes; else the first that is no site line.
    let mut first = None;
    for (i, block) in blocks.iter().take(TITLE_LOOKAHEAD).enumerate() {
        let Block::Paragraph(Paragraph { marker: None, text }) = block else {
            break;
        };
        let candidate = title_candidate(text, suffixes);
        let line = text.trim();
        let site_line = SITE_LINE.is_match(line) && !NOT_A_SITE.is_match(line);
        match candidate {
            Some((title, cut)) if !site_line => return Some((i, title, cut)),
            Some((title, cut)) if i == 0 => first = Some((0, title, cut)),
            _ => {}
        }
        // Passed over: a short line that cannot be a title, or names a site.
        if text.chars().count() > PASSABLE_CHARS {
            break;
        }
    }
    first
}

/// A paragraph's beginning as a title, if it can be one, and where the body
/// starts in it.
fn title_candidate(text: &str, suffixes: &[Regex]) -> Option<(String, Option<usize>)> {
    let mut t: &str = text;
    let mut body_start = None;
    if let Some(at) = body_start_in(t) {
        t = &t[..at];
        body_start = Some(at);
    }
    // A site's suffix may explain what reads as a flattened page's run-on
    // ("报告.pdf-全文可读"): then the line is the title whole.
    let suffix_explains = || {
        let cleaned = clean_title(t, suffixes);
        cleaned.len() < t.trim().len() && flattened_title_end(&cleaned).is_none()
    };
    if let Some(end) = flattened_title_end(t).filter(|_| !suffix_explains()) {
        t = &t[..end];
        body_start = Some(end);
    }
    let t = TRAILING_DATE.replace(t, "");
    let t = clean_title(&t, suffixes);
    let t = match split_at_bar(&t) {
        Some((label, headline))
            if is_column_label(label) && headline.chars().count() > label.chars().count() =>
        {
            headline.to_string()
        }
        _ => t,
    };
    let n = t.chars().count();
    let byline = BYLINE.is_match(&t) && !TITLE_WORDS.is_match(&t);
    // A question may end a title ("银行电商的未来在哪里？"), not sit in it,
    // unless the title is a headline, which may exclaim and ask more than
    // once ("投资梦碎！存在哪些警钟与反思？", "别再说X了，快看排名！").
    let question = t.ends_with(['？', '?', '！', '!']);
    let stops: &str = if question && n <= MAX_QUESTION_TITLE_CHARS {
        "。;；"
    } else {
        "。！？!?;；"
    };
    let plausible = (2..=MAX_TITLE_CHARS).contains(&n)
        && !t.trim_end_matches(['？', '?']).chars().any(|c| stops.contains(c))
        // A bar splits a headline from its subtitle, each a phrase; more
        // bars are a table's row or a link list.
        && (!t.contains(BARS) || split_at_bar(&t).is_some_and(|(a, b)| {
            [a, b].iter().all(|side| side.chars().count() >= MIN_BAR_SIDE_CHARS)
        }))
        && (!t.starts_with(['(', '（', '“', '"', '「', '【', '[']) || opens_with_quoted_term(&t))
        && t.chars().any(|c| c.is_alphabetic())
        && !byline
        // A quoted source line with its link (`> **来源:[某站](http…)**`).
        && !t.starts_with('>')
        && !t.contains("](")
        && !FIELD_LINE.is_match(&t)
        // A keyword list ("服务贸易分类表·服务贸易合同范本·贸易服务合同"):
        // a title sets one label apart at most.
        && t.matches(['·', '•']).count() < 2
        // A section's number with a comma for its mark ("一,前言").
        && !NUMBERED_WITH_COMMA.is_match(&t)
        // A page's contacts: "Int'l : +1 (604) 555-0100 | sales@example.com".
        && !t.contains('@')
        && !PHONE_NUMBER.is_match(&t)
        // A user name alone (`gtxyzz`): a title has a capital, a space or
        // Chinese.
        && !t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c))
        && !is_salutation(&t);
    plausible.then_some((t, body_start))
}

/// A notice's or a letter's salutation: the bodies it is sent to, then a
/// colon ("各市州金融办,各小额贷款公司:", "尊敬的客户:").
fn is_salutation(line: &str) -> bool {
    line.ends_with([':', '：'])
        && (line.starts_with(['各', '致'])
            || line.starts_with("尊敬的")
            || line.contains(['、', ',', '，']))
}

/// Longest headline that ends with a question or an exclamation after
/// other sentences of its own ("冷链物流究竟是什么？当前存在哪些问题？").
const MAX_QUESTION_TITLE_CHARS: usize = 50;

/// Bars that set a column's label or a subtitle apart in a headline.
const BARS: [char; 3] = ['|', '｜', '丨'];

/// Least characters on either side of a bar inside a title.
const MIN_BAR_SIDE_CHARS: usize = 6;

/// Longest label of a column or an author before a headline's bar.
const MAX_COLUMN_LABEL_CHARS: usize = 8;

/// The two sides of a line's only bar, trimmed; `None` for none or more.
fn split_at_bar(line: &str) -> Option<(&str, &str)> {
    let at = line.find(BARS)?;
    let bar_len = line[at..].chars().next()?.len_utf8();
    let (before, after) = (&line[..at], &line[at + bar_len..]);
    (!after.contains(BARS)).then(|| (before.trim(), after.trim()))
}

/// A column's name or an author before a headline: "观韬解读 | 正本清源…",
/// "深度丨…", "张进|论平台经济…". Short, no sentence of its own, and no
/// report's name ("某行业深度报告 | 副标题" is a headline and subtitle).
fn is_column_label(label: &str) -> bool {
    let n = label.chars().count();
    (2..=MAX_COLUMN_LABEL_CHARS).contains(&n)
        && !label.contains(['。', '，', ',', '：', ':'])
        && !label.chars().any(|c| c.is_ascii_digit())
        && !label.contains("报告")
}

/// A Chinese section number marked with a comma: "一,前言", "二，市场".
static NUMBERED_WITH_COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]{1,3}[,，]").expect(CONSTANT_REGEX));

/// A telephone number: "+1 (604) 555-0100", "400-072-5588".
static PHONE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\+\d{1,3}[ (]|\(\d{3}\) ?\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b").expect(CONSTANT_REGEX)
});

/// A line that opens with a field's name: where the text came from and who
/// wrote it (`来源:某研究平台 分析师:张三`), not what it is called.
static FIELD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:资料来源|来源|出处|作者|分析师|责任编辑|专栏名称|(?i:source|author))[ \t]*[:：]",
    )
    .expect(CONSTANT_REGEX)
});

/// A line of authors' names alone (翟某某, 张某 李某某, and a two-character
/// name spread out to three's width: "洪 涛 陶某某"): a journal's byline
/// above the text. A title this short carries a title word.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Han}{1,3}(?:[ \u{3000}]+\p{Han}{1,3})+|\p{Han}{2,3}|文\s?[︱|｜丨/:：]\s?\p{Han}{2,4})$")
        .expect(CONSTANT_REGEX)
});

/// Longest quoted term a title opens with ("“十四五”", "“一带一路”").
const MAX_QUOTED_TERM_CHARS: usize = 12;

/// Whether a line opens with a quoted term that the rest of it goes on
/// from ("“互联网+”背景下智慧养老研究", "“十四五”期间…"): a title, where a
/// line opening with a quote is otherwise a quoted sentence.
fn opens_with_quoted_term(line: &str) -> bool {
    let Some(open) = line.chars().next() else {
        return false;
    };
    let close = match open {
        '“' => '”',
        '"' => '"',
        '「' => '」',
        _ => return false,
    };
    let inner = &line[open.len_utf8()..];
    inner.find(close).is_some_and(|at| {
        let term = &inner[..at];
        let rest = &inner[at + close.len_utf8()..];
        (1..=MAX_QUOTED_TERM_CHARS).contains(&term.chars().count()) && rest.chars().count() >= 2
    })
}

/// Where the title ends in the first line of a page flattened onto one
/// line, when the line shows it: before a file name's extension with the
/// site's details after it, where the title starts again (a page shows it
/// twice), or, in a line too long to be a title, before the first chapter's
/// number. `None`: the line is left as it is.
fn flattened_title_end(line: &str) -> Option<usize> {
    let extension = EXTENSION_MID_LINE.find(line).map(|m| m.start());
    // The longest start that the line repeats straight after itself.
    let repeat = line
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(MAX_TITLE_CHARS)
        .skip(3)
        .filter(|&end| line[end..].starts_with(&line[..end]))
        .last();
    // Without counting a flattened page's whole line.
    let too_long = line.chars().nth(MAX_TITLE_CHARS).is_some();
    let chapter = too_long
        .then(|| GLUED_FIRST_CHAPTER.captures(line))
        .flatten()
        .and_then(|c| c.name("at"))
        .map(|m| m.start());
    let count = too_long
        .then(|| PIECE_COUNT.find(line))
        .flatten()
        .map(|m| m.end())
        .filter(|&end| line[..end].chars().count() <= MAX_TITLE_CHARS);
    [extension, repeat, chapter, count]
        .into_iter()
        .flatten()
        .min()
}

/// What separates a page title from the site's name after it.
const SITE_SEPARATORS: [char; 7] = ['|', '｜', '_', '-', '–', '—', '丨'];

/// Longest site name after a separator that a repeated title may carry.
const MAX_SITE_SUFFIX_CHARS: usize = 12;

/// The title, a separator and a short site name: "标题｜某某时代".
fn is_title_with_site(line: &str, title: &str) -> bool {
    line.strip_prefix(title)
        .and_then(|rest| rest.strip_prefix(SITE_SEPARATORS))
        .is_some_and(|site| (1..=MAX_SITE_SUFFIX_CHARS).contains(&site.chars().count()))
}

/// Least words of the title that a site's keyword line lists.
const MIN_TITLE_KEYWORDS: usize = 3;

/// A site's keyword line cut from the title: its words apart, numbers
/// among them ("NIFD 季报 2019 Q2 银行业 运行 2019.8 19" under
/// "NIFD季报-2019Q2银行业运行-2019.8").
fn is_title_keywords(line: &str, squashed_title: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let is_number = |w: &str| w.chars().all(|c| c.is_ascii_digit() || c == '.');
    let named = words.iter().filter(|w| !is_number(w)).count();
    // English words are apart anyway: only a Chinese line split into words.
    named >= MIN_TITLE_KEYWORDS
        && line.chars().any(super::repair::is_cjk)
        && words
            .iter()
            .all(|w| is_number(w) || squashed_title.contains(w))
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"《》".contains(*c))
        .collect()
}

/// A Markdown title: the first `#` heading of the text when it is a single
/// `# X` and the only one (a page's `<h1>`, a pasted Markdown document). Its
/// text, and the text without it, so the `##` sections are the top level.
pub fn take_single_h1(text: &str) -> Option<(String, String)> {
    fn h1(line: &str) -> Option<&str> {
        line.strip_prefix("# ").map(str::trim)
    }
    let mut hashed = text.lines().filter(|l| l.starts_with('#'));
    let first = hashed.next()?;
    let title = h1(first).filter(|t| !t.is_empty())?;
    if hashed.any(|l| h1(l).is_some()) {
        return None;
    }
    let at = first.as_ptr() as usize - text.as_ptr() as usize;
    let mut rest = String::with_capacity(text.len());
    rest.push_str(&text[..at]);
    rest.push_str(text[at + first.len()..].trim_start_matches(['\r', '\n']));
    Some((title.to_string(), rest))
}

/// The text is cut off: fewer pages than the total, or it stops mid-sentence.
pub fn is_truncated(blocks: &[Block], pages: Option<Pages>) -> bool {
    if pages.is_some_and(|p| p.shown < p.total) {
        return true;
    }
    // The back matter (参考文献, 附录) was reached: a preview stops before
    // it, and its entries end without a full stop.
    let back_matter = |b: &Block| match b {
        Block::Paragraph(p) => BACK_MATTER.is_match(p.text.trim()),
        Block::Heading(h) => BACK_MATTER.is_match(h.title.trim()),
        Block::Table(_) => false,
    };
    if blocks
        .iter()
        .rev()
        .take(MAX_BACK_MATTER_BLOCKS)
        .any(back_matter)
    {
        return false;
    }
    match blocks.last() {
        None => false,
        Some(Block::Heading(_)) => true,
        Some(Block::Paragraph(p)) => !ends_complete(&p.text),
        // A cut-off table cannot be told from a whole one.
        Some(Block::Table(_)) => false,
    }
}

/// A heading of back matter: references, appendices, acknowledgements.
static BACK_MATTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:参考文献|参考资料|附\s?录[一二三四五六七八九十A-Za-z0-9]{0,2}|致\s?谢|后\s?记|(?i:references|bibliography|appendix(?:\s[A-Z0-9])?|acknowledge?ments))[:：]?$",
    )
    .expect(CONSTANT_REGEX)
});

/// How many blocks from the end the back matter may start: a long list of
/// references is a block each.
const MAX_BACK_MATTER_BLOCKS: usize = 80;

/// The end of a whole text: "（全文完）", "【完】", "-END-", and a news
/// item's reporter in brackets after its last sentence ("（见习记者 某某）").
static END_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[（(【\[]\s?(?:全文)?完\s?[）)】\]]|[-—－]+\s?(?:完|END)\s?[-—－]+|\(END\)|[（(](?:本报|新华社|见习|实习)?(?:记者|通讯员|编辑|责编|作者)[^()（）]{1,30}[）)])$")
        .expect(CONSTANT_REGEX)
});

fn ends_complete(text: &str) -> bool {
    let text = text.trim_end();
    if END_MARK.is_match(text) {
        return true;
    }
    // An ellipsis at the very end is where a preview was cut.
    if text.ends_with('…') || text.ends_with("...") || text.ends_with("。。。") {
        return false;
    }
    let mut rev = text.chars().rev();
    match rev.next() {
        None => false,
        Some(c) if "。！？!?".contains(c) => true,
        Some('.') => rev.next().is_some_and(|p| !p.is_ascii_digit()),
        Some(c) if "”」』）)\"'’】".contains(c) => {
            rev.next().is_some_and(|p| "。！？!?….".contains(p))
        }
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            marker: None,
            text: text.into(),
        })
    }

    fn suffixes() -> Vec<Regex> {
        super::super::rules::ChromeRules::builtin()
            .unwrap()
            .profiles[0]
            .title_suffixes
            .clone()
    }

    #[test]
    fn a_notices_salutation_is_no_title() {
        for salutation in ["各市州、县市区金融办,各小额贷款公司:", "尊敬的客户："]
        {
            let mut blocks = vec![
                para(salutation),
                para("为加强监管，现印发给你们，请遵照执行。"),
            ];
            assert_eq!(find_title(&[], &[], &mut blocks, &suffixes()), None);
        }
        // A title may end in a colon before its subtitle's line.
        assert!(title_candidate("2024年银行业发展报告：", &suffixes()).is_some());
    }

    #[test]
    fn a_title_run_together_with_itself_is_said_once() {
        let title = "小额贷款公司可行性研究报告";
        assert_eq!(clean_title(&title.repeat(3), &suffixes()), title);
        // A PDF's line break after a particle is no space of the title's.
        assert_eq!(
            clean_title("数位金融环境下银行经营型态的 演变与对策", &suffixes()),
            "数位金融环境下银行经营型态的演变与对策"
        );
        let spaced = "金融数据安全 数据安全分级指南";
        assert_eq!(clean_title(spaced, &suffixes()), spaced);
        // Words that only repeat in part stay, and so does a short doubling.
        for kept in ["研究报告研究", "谢谢谢谢", "发展发展报告"] {
            assert_eq!(clean_title(kept, &suffixes()), kept);
        }
    }

    #[test]
    fn a_report_title_beats_an_unknown_sites_leftovers() {
        let title = |lines: &[&str]| {
            let mut blocks: Vec<Block> = lines.iter().map(|l| para(l)).collect();
            find_title(&[], &[], &mut blocks, &suffixes())
        };
        let report = "2024年中国咖啡行业发展现状及趋势分析";
        // A very short first line gives way to a title-worded one.
        assert_eq!(
            title(&["今日热点", "某某平台", report]).as_deref(),
            Some(report)
        );
        // So does a running header of title words alone.
        assert_eq!(title(&["研究报告", "1-", report]).as_deref(), Some(report));
        // A line the page shows twice beats one without a title word.
        assert_eq!(
            title(&["星河咖啡的一天", report, "点赞 收藏", report]).as_deref(),
            Some(report)
        );
        // A first line that reads as a title keeps its place, and so does
        // a headline without title words when nothing repeats.
        assert_eq!(
            title(&["城市更新报告", "咖啡市场分析"]).as_deref(),
            Some("城市更新报告")
        );
        assert_eq!(
            title(&["晶片成为科技竞争的核心", "作者 某某", "行业分析"]).as_deref(),
            Some("晶片成为科技竞争的核心")
        );
    }

    #[test]
    fn a_headline_bar_sets_off_a_column_label_or_a_subtitle() {
        let title = |line: &str| {
            let mut blocks = vec![para(line), para("正文第一段。")];
            find_title(&[], &[], &mut blocks, &suffixes())
        };
        // A column's name or an author before the bar: the headline after.
        for (line, headline) in [
            (
                "示例解读 | 读懂新修订的支付机构管理办法",
                "读懂新修订的支付机构管理办法",
            ),
            ("深度丨2024年示例行业研究报告", "2024年示例行业研究报告"),
            (
                "王某|论平台经济领域的市场支配地位",
                "论平台经济领域的市场支配地位",
            ),
        ] {
            assert_eq!(title(line).as_deref(), Some(headline), "{line}");
        }
        // A headline and its subtitle stay whole.
        let both = "示例行业深度报告 | 全球电动化带动充电网络建设";
        assert_eq!(title(both).as_deref(), Some(both));
        // A source and a name, a table's row, a link list, a keyword
        // list, a section number with a comma: no title.
        for line in [
            "示例财经 | 王某",
            "服务贸易分类表·服务贸易合同范本·贸易服务合同",
            "一,前言",
            "Int'l : +1 (604) 555-0100 | sales@example.com",
            "| 年份 | 单位:% |",
            "资讯 | 财经 | 科技 | 热点",
        ] {
            assert_eq!(title(line), None, "{line}");
        }
    }

    #[test]
    fn suffixes_removed() {
        let s = suffixes();
        assert_eq!(
            clean_title("市场调研复习资料知识分享.doc", &s),
            "市场调研复习资料"
        );
        assert_eq!(
            clean_title("现阶段商业银行竞争问题探讨_银行论文", &s),
            "现阶段商业银行竞争问题探讨"
        );
        assert_eq!(clean_title("报告.docx(44页珍藏版)", &s), "报告");
        assert_eq!(clean_title("竞争格局报告模板范文", &s), "竞争格局报告");
        // A template's or a contents page's label, and a glued rating.
        for (raw, title) in [
            ("养老产业创新报告参考模板", "养老产业创新报告"),
            ("支付行业投资战略研究报告目录", "支付行业投资战略研究报告"),
            (
                "示例通讯评级(增持)系列跟踪报告之二",
                "示例通讯系列跟踪报告之二",
            ),
            // A collection wrapped whole in title marks, its first essay's
            // title, and a paid site's badges.
            ("《乡村旅游调研报告(精彩5篇)》", "乡村旅游调研报告(精彩5篇)"),
            ("示例行业调查报告 示例行业发展报告篇一", "示例行业调查报告"),
            ("示例消费者调查报告(汇总16篇)篇一", "示例消费者调查报告"),
            ("储能行业年度投资策略VIP专享VIP免费", "储能行业年度投资策略"),
            // A breadcrumb's first step, and a report offered whole.
            ("首页 白酒行业投资分析报告", "白酒行业投资分析报告"),
            (
                "《示例城市数字经济发展报告(2020年)》全文",
                "示例城市数字经济发展报告(2020年)",
            ),
            (
                "《网络安全法》与《数据安全法》解读",
                "《网络安全法》与《数据安全法》解读",
            ),
        ] {
            assert_eq!(clean_title(raw, &s), title);
        }
        // A news site after a spaced dash; a title's own dash stays.
        assert_eq!(
            clean_title("支付行业研究报告 - 新浪财经", &s),
            "支付行业研究报告"
        );
        assert_eq!(
            clean_title("支付行业研究报告-上篇", &s),
            "支付行业研究报告-上篇"
        );
        // A repository's name, a mirror's source address and snippet.
        for (raw, title) in [
            (
                "金融控股公司之监理法制–以内部监理为中心 - 示例学术集成",
                "金融控股公司之监理法制–以内部监理为中心",
            ),
            (
                "银行体系的稳定 - hkma.gov.hk · 金管局在2015...",
                "银行体系的稳定",
            ),
            (
                "第三章、金融监理制度之演进nccur.lib.example.edu.tw/bitstream/1/7/6.pdf ·...",
                "第三章、金融监理制度之演进",
            ),
            ("Node.js服务端开发实践报告", "Node.js服务端开发实践报告"),
        ] {
            assert_eq!(clean_title(raw, &s), title, "{raw}");
        }
        // File types and a site's labels around the title.
        for raw in [
            "咖啡行业研究报告.doc 免费下载",
            "咖啡行业研究报告（word版可编辑）",
            "[word] 咖啡行业研究报告",
            "【PDF】咖啡行业研究报告",
        ] {
            assert_eq!(clean_title(raw, &s), "咖啡行业研究报告", "{raw}");
        }
        // A title's own bracket stays.
        assert_eq!(
            clean_title("咖啡行业研究报告（2024年版）", &s),
            "咖啡行业研究报告（2024年版）"
        );
        // The first line is the title whole when a suffix explains its end.
        let mut blocks = vec![para("咖啡行业研究报告.pdf-全文可读")];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("咖啡行业研究报告")
        );
        assert!(blocks.is_empty(), "{blocks:?}");
    }

    #[test]
    fn title_from_first_line_cut_at_body_start_and_date() {
        let s = suffixes();
        let mut blocks = vec![para(
            "2025微波行业研究报告新进入者的机遇引言微波技术是现代通信的核心",
        )];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("2025微波行业研究报告新进入者的机遇")
        );
        assert_eq!(blocks, vec![para("引言微波技术是现代通信的核心")]);
        // The rest of the line is the body even when it is made of words
        // spaced apart (a contents list run on): it is no keyword line.
        let body = "目录一、 41、行业现状 42、政策环境 11摘要市场规模持续扩大";
        let mut blocks = vec![para(&format!("2025教育服务行业研究报告{body}"))];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("2025教育服务行业研究报告")
        );
        assert_eq!(blocks, vec![para(body)]);
        let mut blocks = vec![para("活动中心可行性研究报告2016 年 10 月")];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("活动中心可行性研究报告")
        );
        assert!(blocks.is_empty());
        let mut blocks = vec![para("“有这么多想法。”他说")];
        assert_eq!(find_title(&[], &[], &mut blocks, &s), None);
        // A user name alone above the headline is no title.
        let mut blocks = vec![para("user_01"), para("企业合规视角下的数据保护解读")];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("企业合规视角下的数据保护解读")
        );
        // A quoted term that the title goes on from.
        let mut blocks = vec![
            para("“互联网+”背景下智慧养老困境及其发展路径研究"),
            para("陈政,李芹"),
            para("自2000年步入老龄化社会以来，国内老龄化问题日趋严峻。"),
        ];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("“互联网+”背景下智慧养老困境及其发展路径研究")
        );
        let mut blocks = vec![para("“数字化”")];
        assert_eq!(find_title(&[], &[], &mut blocks, &s), None);
        // A headline that asks its question after another sentence.
        let mut blocks = vec![
            para("P2P投资梦碎！存在哪些警钟与反思？"),
            para("时隔六年，这起案件终于迎来实质性进展。"),
        ];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("P2P投资梦碎！存在哪些警钟与反思？")
        );
        let mut blocks = vec![para("他问：市场在哪里？我们答不上来。")];
        assert_eq!(find_title(&[], &[], &mut blocks, &s), None);
    }

    #[test]
    fn a_title_broken_onto_a_second_line_is_joined() {
        let s = suffixes();
        let title = |lines: &[&str]| {
            let mut blocks: Vec<Block> = lines.iter().map(|l| para(l)).collect();
            let title = find_title(&[], &[], &mut blocks, &s);
            (title, blocks.len())
        };
        assert_eq!(
            title(&["充电设施行业发展现状", "及投资前景分析报告", "正文。"]),
            (Some("充电设施行业发展现状及投资前景分析报告".into()), 1)
        );
        assert_eq!(
            title(&["跨境支付行业深度报告：", "多极格局下的增长与重构", "正文。"]),
            (
                Some("跨境支付行业深度报告：多极格局下的增长与重构".into()),
                1
            )
        );
        // A subtitle after a dash and the text's first sentence stay apart.
        assert_eq!(
            title(&["储能行业年度报告", "——技术路线与商业模式", "正文。"]),
            (Some("储能行业年度报告".into()), 2)
        );
        // Authors' names alone are a byline, not a title.
        let body =
            "近年来，随着互联网技术的发展，金融业与互联网的融合日益加深，数字化转型加快推进。";
        assert_eq!(title(&["张某某 李某", body]).0, None);
        assert_eq!(title(&["王某某", body]).0, None);
        assert_eq!(title(&["白皮书", body]).0, Some("白皮书".into()));
        assert_eq!(
            title(&["> **来源:[示例站](https://example.com)** 晨会", body]).0,
            None
        );
        assert_eq!(
            title(&["银行业分析报告", "和以往相比，竞争加剧。"]),
            (Some("银行业分析报告".into()), 1)
        );
    }

    #[test]
    fn a_body_word_in_the_title_stays_in_it() {
        let s = suffixes();
        let title = |line: &str| find_title(&[], &[], &mut vec![para(line)], &s);
        let body = "近年来，数字技术快速发展，商业银行面临新的机遇与挑战。";
        for whole in [
            "消费金融发展报告（摘要）",
            "消费金融发展报告(摘要版)",
            "消费金融发展报告摘要",
        ] {
            assert_eq!(title(whole).as_deref(), Some(whole));
        }
        // The word with text after it starts the body, as before.
        assert_eq!(
            title(&format!("消费金融发展报告摘要：{body}")).as_deref(),
            Some("消费金融发展报告")
        );
        assert_eq!(
            title(&format!("消费金融发展报告引言{body}")).as_deref(),
            Some("消费金融发展报告")
        );
    }

    #[test]
    fn a_flattened_pages_title_ends_where_the_line_shows() {
        let s = suffixes();
        let title = |line: &str| find_title(&[], &[], &mut vec![para(line)], &s);
        let body = "近年来，数字技术快速发展，商业银行面临新的机遇与挑战。".repeat(4);
        assert_eq!(
            title(&format!("商业银行数字化转型策略探讨一、引言{body}")).as_deref(),
            Some("商业银行数字化转型策略探讨")
        );
        assert_eq!(
            title(&format!("商业银行数字化转型策略探讨一、现状分析{body}")).as_deref(),
            Some("商业银行数字化转型策略探讨")
        );
        assert_eq!(
            title("市场调研步骤.docx上传人:b****5 文档编号:29971128 页数:20").as_deref(),
            Some("市场调研步骤")
        );
        assert_eq!(
            title(&format!(
                "商业银行竞争问题探讨_银行论文商业银行竞争问题探讨_银行论文{body}"
            ))
            .as_deref(),
            Some("商业银行竞争问题探讨")
        );
        // A collection's count ends its title.
        assert_eq!(
            title(&format!("市场调研计划书12篇时光飞逝，{body}")).as_deref(),
            Some("市场调研计划书12篇")
        );
        assert_eq!(
            title(&format!("年度工作总结（精选5篇）{body}")).as_deref(),
            Some("年度工作总结（精选5篇）")
        );
        // A short line keeps its numeral: 第一章 may be the title's own.
        assert_eq!(
            title("乡村振兴十一、二五规划回顾").as_deref(),
            Some("乡村振兴十一、二五规划回顾")
        );
    }

    #[test]
    fn a_report_title_after_a_sites_short_lines() {
        let s = suffixes();
        let mut blocks = vec![
            para("欢迎来到某某网！"),
            para("某某资料站"),
            para("2025年城市更新研究报告"),
            para("正文。"),
        ];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("2025年城市更新研究报告")
        );
        // A first line without a report word is still the title when no
        // later line looks more like one, or when it is no site's line: a
        // subtitle does not win over its title.
        let mut blocks = vec![para("晶片成为科技竞争的核心"), para("CPU的组成")];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("晶片成为科技竞争的核心")
        );
        let mut blocks = vec![para("数字人民币：从试点到推广"), para("2025年发展研究报告")];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("数字人民币：从试点到推广")
        );
        let mut blocks = vec![para("中国工业互联网"), para("发展现状与趋势")];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("中国工业互联网")
        );
        // A site's name alone is still better than no title.
        let mut blocks = vec![para("某某资料站"), para("正文开始了，这是第一段。")];
        assert_eq!(
            find_title(&[], &[], &mut blocks, &s).as_deref(),
            Some("某某资料站")
        );
        // The title is never looked for after the report's text has begun.
        let body = "城市更新进入新阶段，各地陆续出台政策，推动老旧小区改造与产业升级。";
        let mut blocks = vec![para(body), para("2025年城市更新研究报告")];
        assert_eq!(find_title(&[], &[], &mut blocks, &s), None);
    }

    #[test]
    fn chrome_candidate_wins_and_repeats_dropped() {
        let s = suffixes();
        let mut blocks = vec![para("市场报告"), para("市场报告 精品文档"), para("正文。")];
        assert_eq!(
            find_title(&["市场报告".into()], &[], &mut blocks, &s).as_deref(),
            Some("市场报告")
        );
        assert_eq!(blocks, vec![para("正文。")]);
    }

    #[test]
    fn a_keyword_line_cut_from_the_title_goes() {
        let s = suffixes();
        let mut blocks = vec![
            para("NIFD季报-2019Q2银行业运行"),
            para("NIFD 季报 2019 Q2 银行业 运行 19"),
            para("银行 运行 良好"),
            para("正文。"),
        ];
        find_title(&[], &[], &mut blocks, &s);
        assert_eq!(blocks, vec![para("银行 运行 良好"), para("正文。")]);
    }

    #[test]
    fn a_single_h1_is_the_title() {
        let (title, rest) = take_single_h1("页面标题\n# 报告\n## 概况\n正文。\n").unwrap();
        assert_eq!(title, "报告");
        assert_eq!(rest, "页面标题\n## 概况\n正文。\n");
        // Two top-level headings are chapters, and a first `##` is no title.
        assert_eq!(take_single_h1("# 一\n正文。\n# 二\n"), None);
        assert_eq!(take_single_h1("## 概况\n# 报告\n"), None);
        assert_eq!(take_single_h1("没有标题。\n"), None);
    }

    #[test]
    fn truncation() {
        assert!(is_truncated(&[para("确保合作双方在市场")], None));
        assert!(!is_truncated(&[para("结束了。")], None));
        assert!(is_truncated(
            &[para("结束了。")],
            Some(Pages {
                shown: 5,
                total: 26
            })
        ));
        assert!(!is_truncated(&[para("他说:“好。”")], None));
        assert!(is_truncated(&[para("规定:“")], None));
        assert!(!is_truncated(&[para("It ends.")], None));
        assert!(is_truncated(&[para("规模持续扩大……")], None));
        assert!(is_truncated(&[para("growth continues...")], None));
        for end in [
            "（全文完）",
            "(完)",
            "【完】",
            "— 完 —",
            "-END-",
            "(END)",
            "(见习记者 某某)",
            "（记者 王某 李某）",
        ] {
            assert!(
                !is_truncated(&[para(&format!("规模持续扩大。{end}"))], None),
                "{end}"
            );
        }
        // Back matter reached: its entries need no full stop.
        for heading in ["参考文献", "附录", "附录A", "References", "致谢"] {
            let blocks = [
                para("正文结束了。"),
                para(heading),
                para("[1] 张三. 供应链金融研究"),
            ];
            assert!(!is_truncated(&blocks, None), "{heading}");
        }
        assert!(is_truncated(
            &[para("参考文献很多"), para("确保合作双方在市场")],
            None
        ));
    }
}
