//! Stage 2, chrome: remove the document-sharing site's page furniture using
//! the rules in [`super::rules`] (data, not code). Also collects what the
//! chrome tells us: title candidates (page lists, file-name lines), preview
//! page counts, whether it says the text goes on (阅读全文) or followed the
//! text, and the site family. Runs of numbered navigation links, which no
//! regex rule can describe, are recognised in code.

use std::sync::LazyLock;

use regex::Regex;

use super::rules::{ChromeRules, Profile};
use super::CONSTANT_REGEX;
use crate::frontmatter::Pages;

/// Line rules are for short chrome lines; body lines can be enormous.
const MAX_CHROME_LINE: usize = 4000;

/// The longest value (bytes) a `with_next` field label takes with it.
const MAX_FIELD_VALUE: usize = 300;

#[derive(Debug, Clone, Default)]
pub struct Dechromed {
    pub text: String,
    /// Human-readable notes of what was removed (shown under `-v`).
    pub removed: Vec<String>,
    /// Title candidates from `title` groups, in document order.
    pub title_candidates: Vec<String>,
    /// Last steps of breadcrumbs (`crumb` groups): the title when an opening
    /// line repeats one.
    pub crumbs: Vec<String>,
    pub pages: Option<Pages>,
    /// A line said the report goes on beyond the text.
    pub continues: bool,
    /// Site of the first detected site profile.
    pub site: Option<String>,
    /// Title-suffix patterns of the profiles that applied.
    pub title_suffixes: Vec<Regex>,
    /// Chrome was removed after the last line kept: the report ran into the
    /// site's furniture, as a cut-off preview does, rather than ending.
    pub chrome_after_text: bool,
}

/// Longest line read as a tail marker: a heading, or a publisher's
/// closing pointer to its full report (up to 400 characters).
const MAX_TAIL_MARKER_BYTES: usize = 1300;

/// Remove site chrome from simplified text.
pub fn strip_chrome(text: &str, rules: &ChromeRules) -> Dechromed {
    let active: Vec<&Profile> = rules
        .profiles
        .iter()
        .filter(|p| p.applies_to(text))
        .collect();
    let mut out = Dechromed {
        site: active.iter().find_map(|p| p.site.clone()),
        pages: find_pages(text, &active),
        title_suffixes: active
            .iter()
            .flat_map(|p| p.title_suffixes.iter().cloned())
            .collect(),
        ..Dechromed::default()
    };

    let broken = break_glued_chrome(text, &active);
    let text: &str = &broken;
    let lines: Vec<&str> = text.split('\n').collect();
    let mut keep = vec![true; lines.len()];
    // Where the preview says the text stops: what comes after is not the
    // rest of the sentence before, so a removed line there ends a paragraph.
    let mut cut_at = vec![false; lines.len()];
    let mut skip_next = false;
    // Titles the line rules offer ("报告.docx"), by line.
    let mut titles: Vec<(usize, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // The field's value is the next line with text (a double-spaced
        // copy has a blank line between), and short: a label left without
        // its value must not take a paragraph of the report with it.
        let t = without_heading_marker(line.trim());
        if skip_next && !t.is_empty() {
            skip_next = false;
            if t.len() <= MAX_FIELD_VALUE {
                keep[i] = false;
                out.removed.push(format!("line {}: {}", i + 1, short(t)));
                continue;
            }
        }
        // A list item's bullet left alone once chrome glued to it was
        // broken off onto its own line ("• 下载本文档").
        if t == super::html::LIST_BULLET.trim() {
            keep[i] = false;
            continue;
        }
        if t.is_empty() || t.len() > MAX_CHROME_LINE {
            continue;
        }
        let matches = |rules: &[Regex]| rule_forms(t).any(|f| rules.iter().any(|r| r.is_match(f)));
        if active.iter().any(|p| matches(&p.continues)) {
            out.continues = true;
            cut_at[i] = true;
        }
        if active.iter().any(|p| matches(&p.with_next)) {
            keep[i] = false;
            skip_next = true;
            out.removed.push(format!("line {}: {}", i + 1, short(t)));
            continue;
        }
        // One automaton pass says whether any rule matches (most lines:
        // none); only then find which.
        let hit = rule_forms(t)
            .find_map(|f| active.iter().find_map(|p| p.line_rule(f)).map(|re| (re, f)));
        if let Some((re, t)) = hit {
            if let Some(cap) = re.captures(t) {
                keep[i] = false;
                if let Some(title) = cap.name("title") {
                    titles.push((i, title.as_str().trim().to_string()));
                }
                if let Some(crumb) = cap.name("crumb").filter(|c| !c.as_str().is_empty()) {
                    out.crumbs.push(crumb.as_str().to_string());
                }
                out.removed.push(format!("line {}: {}", i + 1, short(t)));
            }
        } else if rule_forms(t).any(is_link_run) {
            keep[i] = false;
            out.removed
                .push(format!("line {}: navigation links {}", i + 1, short(t)));
        }
    }

    let with_text = lines_with_text(&lines);
    drop_running_lines(
        &lines,
        &with_text,
        &mut keep,
        &mut out.removed,
        RunningLines::BesideFurniture,
    );
    drop_islands(&lines, &with_text, &mut keep, &mut out.removed);
    // With the page numbers gone, a short preview's header that follows
    // the page break only twice shows too.
    drop_running_lines(
        &lines,
        &with_text,
        &mut keep,
        &mut out.removed,
        RunningLines::AfterPageBreak,
    );
    drop_author_cards(&lines, &with_text, &mut keep, &mut out.removed);
    drop_names_repeated_in_datelines(&lines, &with_text, &mut keep, &mut out.removed);

    // Trailing chrome: a tail marker after the body starts it. It must have
    // more kept text before it than after, so a marker near the top of a
    // page cannot swallow the report.
    let sizes: Vec<usize> = lines
        .iter()
        .zip(&keep)
        .map(|(l, k)| if *k { l.trim().chars().count() } else { 0 })
        .collect();
    let total: usize = sizes.iter().sum();
    let mut before = 0usize;
    let mut tail_from = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let t = without_heading_marker(line.trim());
        // A marker a line rule took too ("猜你喜欢") still ends the text.
        if !t.is_empty() && t.len() < MAX_TAIL_MARKER_BYTES {
            let after = total - before - sizes[i];
            let is_tail = rule_forms(t).any(|f| {
                active
                    .iter()
                    .flat_map(|p| p.tail.iter())
                    .any(|r| r.is_match(f))
            });
            if is_tail && before > after {
                out.removed.push(format!(
                    "lines {}-{}: trailing site chrome from `{}`",
                    i + 1,
                    lines.len(),
                    short(t)
                ));
                for k in keep.iter_mut().skip(i) {
                    *k = false;
                }
                tail_from = i;
                break;
            }
        }
        before += sizes[i];
    }

    // A file name in the trailing chrome is another document's ("相关文档").
    out.title_candidates = titles
        .into_iter()
        .filter(|&(i, _)| i < tail_from)
        .map(|(_, title)| title)
        .collect();

    let fragments: Vec<&Regex> = active.iter().flat_map(|p| p.fragments.iter()).collect();
    let mut kept = String::with_capacity(text.len());
    let mut cut_before_next = false;
    for ((line, k), cut) in lines.iter().zip(&keep).zip(&cut_at) {
        if !*k {
            cut_before_next |= *cut;
            continue;
        }
        if std::mem::take(&mut cut_before_next) && !kept.is_empty() {
            kept.push('\n');
        }
        let mut line = std::borrow::Cow::Borrowed(*line);
        for re in &fragments {
            if re.is_match(&line) {
                let mut n = 0;
                let replaced = re
                    .replace_all(&line, |_: &regex::Captures| {
                        n += 1;
                        "\n"
                    })
                    .into_owned();
                out.removed
                    .push(format!("{n} fragment(s) matching `{}`", re.as_str()));
                line = std::borrow::Cow::Owned(replaced);
            }
        }
        kept.push_str(&line);
        kept.push('\n');
    }
    // Keep "no trailing newline" information: a cut-off last line matters.
    if !text.ends_with('\n') && kept.ends_with('\n') {
        kept.pop();
    }
    let has_text = |i: &usize| !lines[*i].trim().is_empty();
    let last_kept = (0..lines.len()).rev().filter(has_text).find(|&i| keep[i]);
    out.chrome_after_text =
        last_kept.is_some_and(|last| (last + 1..lines.len()).filter(has_text).any(|i| !keep[i]));
    out.text = kept;
    out
}

/// `text` with a line break before each match of a `breaks` rule that is
/// glued onto text on its line ("…人才储备薄弱。 已阅读3页,还剩12页未读 下载本文档"),
/// and at its `end` group if it has one: the chrome becomes lines the line
/// and tail rules can judge. Spaces before a break go with it.
fn break_glued_chrome<'t>(text: &'t str, active: &[&Profile]) -> std::borrow::Cow<'t, str> {
    // Only the nearest character that is not a space matters: a flattened
    // page is one long line, and scanning it per match would be quadratic.
    let line_before_has_text = |at: usize| {
        text[..at]
            .chars()
            .rev()
            .find(|c| !c.is_whitespace() || *c == '\n')
            .is_some_and(|c| c != '\n')
    };
    let line_after_has_text = |at: usize| {
        text[at..]
            .chars()
            .find(|c| !c.is_whitespace() || *c == '\n')
            .is_some_and(|c| c != '\n')
    };
    let mut at: Vec<usize> = Vec::new();
    for re in active.iter().flat_map(|p| p.breaks.iter()) {
        for cap in re.captures_iter(text) {
            let Some(m) = cap.get(0) else { continue };
            if line_before_has_text(m.start()) {
                at.push(m.start());
            }
            // An `end` group: the chrome ends there, and so does its line.
            if let Some(end) = cap.name("end") {
                if line_after_has_text(end.start()) {
                    at.push(end.start());
                }
            }
        }
    }
    if at.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    at.sort_unstable();
    at.dedup();
    let mut out = String::with_capacity(text.len() + at.len());
    let mut from = 0;
    for start in at {
        let piece = text[from..start].trim_end_matches([' ', '\t', '\u{3000}']);
        // Two breaks with only spaces between (one rule's end, the next
        // one's start) make one line break, not a blank line.
        if piece.is_empty() && out.ends_with('\n') {
            from = start;
            continue;
        }
        out.push_str(piece);
        out.push('\n');
        from = start;
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

/// A line without the Markdown heading marker a web page's heading element
/// was given (`### 热门文档`): the rules judge its words.
fn without_heading_marker(line: &str) -> &str {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        line[hashes..].trim_start()
    } else {
        line
    }
}

/// The forms of a line (trimmed, without its heading marker) the rules
/// judge: as written (a bullet some rules expect, "• 关键词:"), and without
/// the bullet a web page's list item was given ("• 相关文档" is the site's
/// "相关文档").
fn rule_forms(t: &str) -> impl Iterator<Item = &str> {
    let bare = t
        .strip_prefix(super::html::LIST_BULLET.trim())
        .map(str::trim_start)
        .filter(|b| !b.is_empty());
    std::iter::once(t).chain(bare)
}

/// Numbers of the lines that have text.
fn lines_with_text(lines: &[&str]) -> Vec<usize> {
    (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect()
}

/// A follow button under an author's card.
static FOLLOW_BUTTON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\+\s?)?关注(?:他|她|TA|作者)?$|^已关注$").expect(CONSTANT_REGEX)
});

/// Longest author name, and longest one-line bio, on an author's card.
const MAX_AUTHOR_NAME_CHARS: usize = 20;
const MAX_AUTHOR_BIO_CHARS: usize = 60;

/// An article page's author card right above a follow button the rules
/// removed: the name twice (the avatar's label, then the name), and
/// perhaps a one-line bio between the name and the button
/// ("王小明 / 王小明 / 金融科技从业者｜前某银行产品经理 / 关注他").
fn drop_author_cards(
    lines: &[&str],
    with_text: &[usize],
    keep: &mut [bool],
    removed: &mut Vec<String>,
) {
    for k in 2..with_text.len() {
        let button = with_text[k];
        if keep[button] || !FOLLOW_BUTTON.is_match(lines[button].trim()) {
            continue;
        }
        let kept_text = |j: usize| {
            let i = with_text[j];
            keep[i].then(|| lines[i].trim())
        };
        let is_name = |t: &str| furniture_like(t, MAX_AUTHOR_NAME_CHARS);
        let twice = |a: usize| matches!((kept_text(a), kept_text(a + 1)), (Some(x), Some(y)) if x == y && is_name(x));
        let card = if twice(k - 2) {
            Some(k - 2..k)
        } else if k >= 3
            && twice(k - 3)
            && kept_text(k - 1).is_some_and(|bio| furniture_like(bio, MAX_AUTHOR_BIO_CHARS))
        {
            Some(k - 3..k)
        } else {
            None
        };
        for j in card.into_iter().flatten() {
            let i = with_text[j];
            keep[i] = false;
            removed.push(format!("line {}: author's card {}", i + 1, short(lines[i])));
        }
    }
}

/// An account's name on a line of its own right above the dateline the
/// rules removed, which ends with the same name ("示例研究院 /
/// 2025-05-20 08:00·示例研究院"): the page shows its author twice. The
/// first line with text is the title, and stays.
fn drop_names_repeated_in_datelines(
    lines: &[&str],
    with_text: &[usize],
    keep: &mut [bool],
    removed: &mut Vec<String>,
) {
    for k in 2..with_text.len() {
        let (name_at, dateline_at) = (with_text[k - 1], with_text[k]);
        if keep[dateline_at] || !keep[name_at] {
            continue;
        }
        let name = lines[name_at].trim();
        let dateline = lines[dateline_at].trim();
        let is_dateline_of_name = dateline.len() > name.len()
            && dateline.ends_with(name)
            && dateline.starts_with(|c: char| c.is_ascii_digit());
        if name.chars().count() >= 2
            && furniture_like(name, MAX_AUTHOR_NAME_CHARS)
            && is_dateline_of_name
        {
            keep[name_at] = false;
            removed.push(format!(
                "line {}: author's name above the dateline {}",
                name_at + 1,
                short(name)
            ));
        }
    }
}

/// Whether the `k`-th line with text (see [`lines_with_text`]) exists and
/// was removed.
fn removed_at(with_text: &[usize], keep: &[bool], k: usize) -> bool {
    with_text.get(k).is_some_and(|&i| !keep[i])
}

/// A line that may be page furniture by its shape: at most `max_chars`
/// long, no sentence punctuation, no heading number.
fn furniture_like(line: &str, max_chars: usize) -> bool {
    line.chars().count() <= max_chars
        && !line.contains(['。', '！', '？', '；', '，', ',', ';'])
        && !super::outline::opens_with_number(line)
}

/// How often a line must come back, each time beside removed page
/// furniture, to be a running header or footer; or each time right after
/// it (the page's end furniture, its number, then the header).
const MIN_RUNNING_REPEATS: usize = 3;
const MIN_PAGE_BREAK_REPEATS: usize = 2;

/// Where a running line is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunningLines {
    /// Beside removed furniture, before or after: every occurrence goes.
    BesideFurniture,
    /// Right after removed furniture: only the occurrences once the
    /// report's text has begun go, as a page's title may come twice among
    /// the chrome above it.
    AfterPageBreak,
}
/// Running headers are short: a report or publisher name.
const MAX_RUNNING_CHARS: usize = 40;

/// A PDF copy repeats its running header or footer at every page break
/// ("行业深度报告", "某某证券研究所"), next to the page marker the rules
/// already dropped. A short line, not a sentence and not a numbered heading,
/// that comes back at least three times, each time beside a removed line, is
/// such a header: those occurrences go. Its other occurrences stay (the
/// cover may carry the same words as the report's title), and a heading is
/// never taken, since a chapter that starts a page sits beside a page marker
/// too.
fn drop_running_lines(
    lines: &[&str],
    with_text: &[usize],
    keep: &mut [bool],
    removed: &mut Vec<String>,
    kind: RunningLines,
) {
    let after_only = kind == RunningLines::AfterPageBreak;
    let min_repeats = match kind {
        RunningLines::BesideFurniture => MIN_RUNNING_REPEATS,
        RunningLines::AfterPageBreak => MIN_PAGE_BREAK_REPEATS,
    };
    // In first-seen order, so the log reads in text order.
    let mut found: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut position: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (k, &i) in with_text.iter().enumerate() {
        let t = lines[i].trim();
        if !keep[i] || !furniture_like(t, MAX_RUNNING_CHARS) {
            continue;
        }
        let removed_before = k > 0 && removed_at(with_text, keep, k - 1);
        let removed_after = !after_only && removed_at(with_text, keep, k + 1);
        if !(removed_before || removed_after) {
            continue;
        }
        match position.get(t) {
            Some(&n) => found[n].1.push(i),
            None => {
                position.insert(t, found.len());
                found.push((t, vec![i]));
            }
        }
    }
    // The line where the report's text begins, if a long line shows it.
    let body_line = body_start(lines, with_text, keep).map(|k| with_text[k]);
    let body_from = body_line.unwrap_or(lines.len());
    for (text, at) in found {
        // All of them above the text: a page's title among its chrome.
        let in_text = body_line.is_none_or(|b| at.iter().any(|&i| i > b));
        if at.len() >= min_repeats && in_text {
            let at: Vec<usize> = if after_only {
                at.into_iter().filter(|&i| i > body_from).collect()
            } else {
                at
            };
            if at.is_empty() {
                continue;
            }
            for &i in &at {
                keep[i] = false;
            }
            removed.push(format!("running header `{}` ×{}", short(text), at.len()));
        }
    }
}

/// Longest run of lines, and longest line (chars), taken as an island of
/// page furniture between removed lines.
const MAX_ISLAND_LINES: usize = 3;
const MAX_ISLAND_CHARS: usize = 12;
/// Longest line taken as a footer link left at the very end of a page.
const MAX_END_LINK_CHARS: usize = 6;
/// A paragraph this long means the report's text has begun.
const BODY_LINE_CHARS: usize = 40;

/// Which line with text (see [`lines_with_text`]) begins the report's text:
/// the first kept one of [`BODY_LINE_CHARS`] or more.
fn body_start(lines: &[&str], with_text: &[usize], keep: &[bool]) -> Option<usize> {
    with_text
        .iter()
        .position(|&i| keep[i] && lines[i].trim().chars().count() >= BODY_LINE_CHARS)
}

/// What a page leaves between the furniture the rules removed once the
/// report's text has begun: topic tags between a dateline and a like
/// counter ("新能源汽车", "行业分析"), a share count ("0") beside a share
/// button. A run of up to three short lines, with no sentence punctuation
/// and no heading number, with removed lines right before and after it
/// goes, and so does such a run of links at the page's end; so does a bare
/// count beside a removed line.
/// Before the text begins only counts with removed lines on both sides go
/// (a report button's count, "举报 / 0 / 分享至"): a report's title sits
/// between a site's chrome lines.
fn drop_islands(lines: &[&str], with_text: &[usize], keep: &mut [bool], removed: &mut Vec<String>) {
    // "0", "12", "2,451", and an author's score on a blog's card ("0.6");
    // not a list's number ("1."), which may start the text a preview cut.
    let count = |i: usize| {
        let t = lines[i].trim();
        t.starts_with(|c: char| c.is_ascii_digit())
            && t.ends_with(|c: char| c.is_ascii_digit())
            && t.len() <= 7
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    };
    let body_from = body_start(lines, with_text, keep);
    let mut k = 1;
    while k < body_from.unwrap_or(with_text.len()) {
        // A run of counts ("0 / 12" under a byline) between removed lines.
        let run = with_text[k..]
            .iter()
            .take_while(|&&j| keep[j] && count(j))
            .count();
        if (1..=MAX_ISLAND_LINES).contains(&run)
            && removed_at(with_text, keep, k - 1)
            && removed_at(with_text, keep, k + run)
        {
            for &j in &with_text[k..k + run] {
                keep[j] = false;
                removed.push(format!("line {}: count between page furniture", j + 1));
            }
        }
        k += run.max(1);
    }
    let Some(body_from) = body_from else {
        return;
    };
    let small = |i: usize| furniture_like(lines[i].trim(), MAX_ISLAND_CHARS);
    let cut_mid_line = with_text.last().is_some_and(|&j| j + 1 == lines.len());
    let mut k = body_from + 1;
    while k < with_text.len() {
        let i = with_text[k];
        if !keep[i] {
            k += 1;
            continue;
        }
        // A bare count beside a removed line.
        if count(i) && (removed_at(with_text, keep, k - 1) || removed_at(with_text, keep, k + 1)) {
            keep[i] = false;
            removed.push(format!("line {}: count beside page furniture", i + 1));
            k += 1;
            continue;
        }
        // A run of short kept lines from here.
        let run = with_text[k..]
            .iter()
            .take_while(|&&j| keep[j] && small(j))
            .count();
        // At the page's end, the last links of its footer ("研报 / 行业研报")
        // after removed lines, once the text before has ended a sentence.
        // A last line without a line break after it is where a copy was
        // cut off ("-" / "金融创"), no footer.
        let page_end = k + run == with_text.len()
            && !cut_mid_line
            && with_text[k..]
                .iter()
                .all(|&j| lines[j].trim().chars().count() <= MAX_END_LINK_CHARS)
            && with_text[..k]
                .iter()
                .rev()
                .find(|&&j| keep[j])
                .is_some_and(|&j| lines[j].trim_end().ends_with(['。', '！', '？', '”', '）']));
        if run > 0
            && run <= MAX_ISLAND_LINES
            && removed_at(with_text, keep, k - 1)
            && (removed_at(with_text, keep, k + run) || page_end)
        {
            for &j in &with_text[k..k + run] {
                keep[j] = false;
                removed.push(format!(
                    "line {}: between page furniture: {}",
                    j + 1,
                    short(lines[j].trim())
                ));
            }
        }
        k += run.max(1);
    }
}

/// How often one numbered link label must recur for a line to be a run
/// of navigation links.
const LINK_RUN_REPEATS: usize = 3;

/// A line of numbered navigation links glued together, as a saved page's
/// link lists flatten to: "问答1问答10问答100关键字专题1关键字专题50",
/// "文章索引1文章索引2文章索引3". The same label of two or more Chinese
/// characters comes back at least three times, each time followed by a bare
/// page number, and the line has no sentence punctuation. Report text does
/// not look like this: a flattened table repeats labels too, but with
/// decimals, percentages or units after them, and its sentences have
/// punctuation. A data rule cannot say "the same label again" (the regex
/// crate has no backreferences), hence code.
fn is_link_run(line: &str) -> bool {
    const SENTENCE: &[char] = &[
        '。', '，', '；', '：', '！', '？', '、', ',', ';', ':', '!', '?', '%', '％', '.', '“',
        '”', '"', '(', '（',
    ];
    if line.contains(SENTENCE) {
        return false;
    }
    let is_han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut counts: Vec<(&str, usize)> = Vec::new();
    // Characters in numbered labels: links make up the whole line, while a
    // table flattened out of a PDF (its punctuation lost) has its repeated
    // labels among much other text.
    let mut in_links = 0;
    let mut rest = line;
    while let Some(start) = rest.find(is_han) {
        rest = &rest[start..];
        let label_end = rest.find(|c: char| !is_han(c)).unwrap_or(rest.len());
        let (label, after) = rest.split_at(label_end);
        let digits = after.trim_start_matches(' ');
        let number_len = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let numbered = (1..=5).contains(&number_len)
            && digits[number_len..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || is_han(c) || c.is_ascii_alphabetic());
        if numbered && label.chars().count() >= 2 {
            in_links += label.chars().count() + number_len;
            // Labels are compared as written, whole runs of Chinese.
            match counts.iter_mut().find(|(l, _)| *l == label) {
                Some((_, n)) => *n += 1,
                None => counts.push((label, 1)),
            }
        }
        rest = after;
    }
    let visible = line.chars().filter(|c| !c.is_whitespace()).count();
    counts.iter().any(|(_, n)| *n >= LINK_RUN_REPEATS) && in_links * 2 >= visible
}

fn find_pages(text: &str, active: &[&Profile]) -> Option<Pages> {
    for re in active.iter().flat_map(|p| p.pages.iter()) {
        if let Some(cap) = re.captures(text) {
            let num = |name: &str| cap.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
            // Shown and left ("已阅读5页，还剩21页"), or the total and what is
            // left ("页数：28" … "还剩23页").
            let shown = num("shown").or_else(|| num("total")?.checked_sub(num("rest")?));
            let total = num("total").or_else(|| Some(shown? + num("rest")?));
            if let (Some(shown), Some(total)) = (shown, total) {
                if shown <= total {
                    return Some(Pages { shown, total });
                }
            }
            if let (None, Some(total)) = (shown, total) {
                // "第5页 / 共20页": the highest page shown.
                let shown = re
                    .captures_iter(text)
                    .filter_map(|c| c.get(0))
                    .filter_map(|m| {
                        m.as_str()
                            .trim_start_matches('第')
                            .split('页')
                            .next()
                            .and_then(|n| n.trim().parse::<u32>().ok())
                    })
                    .max()?;
                return Some(Pages { shown, total });
            }
        }
    }
    None
}

fn short(line: &str) -> String {
    let t = line.trim();
    if t.chars().count() > 60 {
        format!("{}…", t.chars().take(60).collect::<String>())
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ChromeRules {
        ChromeRules::builtin().unwrap()
    }

    #[test]
    fn a_name_above_a_dateline_ending_in_it_goes_but_not_the_title() {
        let text = "示例研究院\n2025-05-20 08:00·示例研究院\n正文第一段，说明市场的情况。\n";
        let d = strip_chrome(text, &rules());
        // The first line is the page's title, even when the dateline names it.
        assert!(d.text.starts_with("示例研究院\n"), "{}", d.text);
        let text = "保险科技行业研究报告\n示例研究院\n2025-05-20 08:00·示例研究院\n正文第一段，说明市场的情况。\n";
        let d = strip_chrome(text, &rules());
        assert_eq!(
            d.text.trim_end(),
            "保险科技行业研究报告\n正文第一段，说明市场的情况。"
        );
        // A name the dateline does not end with stays.
        let text = "保险科技行业研究报告\n示例研究院\n2025-05-20 08:00·另一家机构\n正文第一段，说明市场的情况。\n";
        let d = strip_chrome(text, &rules());
        assert!(d.text.contains("示例研究院"), "{}", d.text);
    }

    #[test]
    fn renrendoc_style_chrome() {
        let text = "市场报告_第1页\n市场报告_第2页\n已阅读2页,还剩8页未读 继续免费阅读\n\n下载本文档\n\n版权说明:本文档由用户提供并上传,收益归属内容提供方,若内容存在侵权,请进行举报或认领\n\n文档简介\n\n一、概述正文很长的一段内容,用来说明市场的情况和发展趋势,足够长。\n\n温馨提示\n\n  • 1. 本站所有资源如无特殊说明\n\n最新文档\n\n评论\n\n0/150\n\n提交评论";
        let d = strip_chrome(text, &rules());
        assert_eq!(d.title_candidates[0], "市场报告");
        assert_eq!(
            d.pages,
            Some(Pages {
                shown: 2,
                total: 10
            })
        );
        assert_eq!(d.site.as_deref(), Some("renrendoc.com"));
        assert_eq!(
            d.text.trim(),
            "一、概述正文很长的一段内容,用来说明市场的情况和发展趋势,足够长。"
        );
        assert!(!d.removed.is_empty());
    }

    #[test]
    fn glued_page_markers_become_breaks() {
        let d = strip_chrome("1.1全球市场第1页共16页从全球视角看", &rules());
        assert_eq!(d.text, "1.1全球市场\n从全球视角看");
    }

    #[test]
    fn preview_furniture_glued_onto_a_flattened_report_goes() {
        let text = "一、概述 正文的第一段，内容很长很长，说明市场的情况。二、现状 部分中小银行科技投入不足，人才储备薄弱。 已阅读3页,还剩12页未读 继续免费阅读 下载本文档 温馨提示：1、部分包含数学公式的文件，查看预览时可能会显示错乱。";
        let d = strip_chrome(text, &rules());
        assert_eq!(
            d.text,
            "一、概述 正文的第一段，内容很长很长，说明市场的情况。二、现状 部分中小银行科技投入不足，人才储备薄弱。"
        );
        assert!(d.continues);
        // At a line's start there is nothing to break off.
        let d = strip_chrome("下载本文档\n正文。", &rules());
        assert_eq!(d.text, "正文。");
    }

    #[test]
    fn tail_marker_at_top_does_not_eat_report() {
        let text = "评论\n一、概述\n这是正文的第一段,内容很长很长很长。\n这是正文的第二段。";
        let d = strip_chrome(text, &rules());
        assert!(d.text.contains("第二段"));
    }

    #[test]
    fn big_site_furniture() {
        let text = "首页 > 行业报告 > 金融\n新能源报告 - 百度文库\nVIP专享文档\n分享到:\n第 3 页\n阅读已结束，如果下载本文需要使用1下载券\nVIP客户占比达到三成，较上年提高。\n正文。";
        let d = strip_chrome(text, &rules());
        assert_eq!(
            d.text,
            "新能源报告 - 百度文库\n\nVIP客户占比达到三成，较上年提高。\n正文。"
        );
        let suffixes = d.title_suffixes;
        assert_eq!(
            super::super::title::clean_title("新能源报告 - 百度文库", &suffixes),
            "新能源报告"
        );
        assert_eq!(
            super::super::title::clean_title("【精品】新能源报告(完整版)", &suffixes),
            "新能源报告"
        );
    }

    #[test]
    fn saved_page_navigation_and_footer_lines() {
        let text = "首页\n一、概述\n著作权法规定，版权所有人享有复制权。\n返回顶部\nCopyright © 2024 example.com\n版权所有：某某文档网\n京ICP备12345678号-1\nAll rights reserved.";
        let d = strip_chrome(text, &rules());
        assert_eq!(
            d.text.trim(),
            "一、概述\n著作权法规定，版权所有人享有复制权。"
        );
    }

    #[test]
    fn a_report_flattened_onto_a_navigation_line_is_kept() {
        let nav = "最新文章专题视频专题问答1问答10关键字专题1";
        let d = strip_chrome(&format!("{nav}\n来源:动视网 责编:小OO\n正文。"), &rules());
        assert_eq!(d.site.as_deref(), Some("51dongshi.net"));
        assert_eq!(d.text.trim(), "正文。");
        let flat =
            format!("{nav}当前位置: 首页 - 正文来源:动视网 责编:小OO 商业银行需要推动数字化转型。");
        let d = strip_chrome(&flat, &rules());
        assert!(
            d.text.contains("商业银行需要推动数字化转型。"),
            "{}",
            d.text
        );
    }

    #[test]
    fn running_headers_beside_page_footers_go() {
        let page = |n: u32| format!("行业周报\n请务必阅读正文之后的免责条款部分 {n} / 9\n");
        let text = format!(
            "行业周报\n第一章 概况\n正文一。\n{}一、规模\n正文二。\n{}二、格局\n正文三。\n{}",
            page(1),
            page(2),
            page(3)
        );
        let d = strip_chrome(&text, &rules());
        // The cover line, away from any page footer, stays.
        assert_eq!(d.text.matches("行业周报").count(), 1, "{}", d.text);
        assert!(d.text.starts_with("行业周报\n第一章 概况"), "{}", d.text);
        // Twice is not yet a pattern; a heading is never a running header.
        let text = format!("第一章 概况\n正文。\n{}{}", page(1), page(2));
        let d = strip_chrome(&text, &rules());
        assert_eq!(d.text.matches("行业周报").count(), 2, "{}", d.text);
        let heading = "第一章 概况\n页脚 1 / 3\n"
            .repeat(3)
            .replace("页脚", "请务必阅读免责声明");
        let d = strip_chrome(&heading, &rules());
        assert_eq!(d.text.matches("第一章 概况").count(), 3, "{}", d.text);
    }

    #[test]
    fn islands_between_removed_lines_go_once_the_text_has_begun() {
        let body = "城市更新进入新阶段，各地加快推进老旧小区改造、完整社区建设和市政基础设施更新工作，投资规模持续扩大。";
        let text = format!(
            "首页\n城市更新\n登录\n举报\n12\n分享\n2024\n一、背景\n{body}\n0\n分享\n编辑于 2024-03-05 10:23\n城市\n更新\n128 人赞同了该文章\n"
        );
        let d = strip_chrome(&text, &rules());
        // The short title between two chrome lines before the text stays.
        assert!(d.text.contains("城市更新\n"), "{}", d.text);
        // Before it, a count between two chrome lines goes; a year beside
        // one stays.
        assert!(d.text.contains("2024\n一、背景"), "{}", d.text);
        for gone in ["\n0\n", "城市\n更新", "\n12\n"] {
            assert!(!d.text.contains(gone), "{gone} left in {}", d.text);
        }
        // A short line between body text and chrome is no island.
        let text = format!("一、背景\n{body}\n结论\n分享\n");
        assert!(strip_chrome(&text, &rules()).text.contains("结论"));
        // A copy cut off in its last line keeps that line.
        let text = format!("一、背景\n{body}\n-\n金融创");
        assert!(strip_chrome(&text, &rules()).text.ends_with("金融创"));
    }

    #[test]
    fn a_document_sites_notices_and_forms_are_chrome() {
        let text = "温馨提示:\n1. 部分包含数学公式或PPT动画的文件,查看预览时可能会显示错乱或异常,文件下载后无此问题,请放心下载。\n3. 下载前请仔细阅读文档内容,若出现内容与标题不符可向本站投诉处理。\n网站客服:3074922707\n收藏 分享赚钱\n时间:2024-01-18\n正在阅读:\n请复制以下链接发送给好友\n账号:\n本文(从产业布局看元宇宙的三条路径.docx)为本站会员(某某文库)主动上传,文库网仅提供信息存储空间。\n一、概述\n正文。\n";
        let d = strip_chrome(text, &rules());
        assert_eq!(d.text.trim_end(), "一、概述\n正文。");
        assert_eq!(d.title_candidates, ["从产业布局看元宇宙的三条路径"]);
        // A government site's file card names the document.
        let text = "索 引 号:40000895X/ 分类: 行政处罚\n名  称: 示例会行政处罚决定书(示例集团)\n文  号: 〔2021〕66号 主 题 词:\n当事人:示例集团。\n";
        let d = strip_chrome(text, &rules());
        assert_eq!(d.text.trim_end(), "当事人:示例集团。");
        assert_eq!(d.title_candidates, ["示例会行政处罚决定书(示例集团)"]);
    }

    #[test]
    fn counters_prompts_and_field_lines_are_chrome() {
        let text = "本篇文章309字,读完约1分钟\n3 评论 14385 浏览 82 收藏 24 分钟\n9 min read\n请点击下载↓\n下载报告请您先登录!\n上QQ阅读APP看书,第一时间看更新\n来自专栏示例闲谈\n返回 相关 举报\n编号:94165 PDF 19页 933.49KB 下载积分:VIP专享\n47 页 767.011 KB下载文档\n股票代码 :\n评级 :持有\n作者:佚名\n□文│刘 某\n◎ 赵某某\n字号:大 中 小\n2024年04月25日 08:50 信息来源: 示例日报\n下面是小编为大家整理的市场调查报告范文,供大家参考。\n相信很多朋友都对写报告感到苦恼吧,下面是小编收集整理的调研报告,希望可以帮助到有需要的朋友。\n2023年12月13日发(作者:示例)\n点击量:0\n示例材料协会,欢迎您!\nEnglish服务热线:010-12345678\n我已授权\n展开全部\n您的浏览器不支援JavaScript功能,请开启浏览器JavaScript状态\n友善列印 :\n请利用键盘按住Ctrl + P开启列印功能\n![《示例报告》_第1页](http://example.com/1.jpg)\nSkip to main content\n久久精品视频,日韩一区二区在线\nYou are on page 1of 52\nCHN | EN\n以下文章来源于示例 ,作者示例传媒\n期刊大全 杂志订阅 SCI期刊 投稿指导 登录/注册 购物车(0)\n示例集团·新闻中心\n专栏名称: 示例研究所\nPage 1\nDownload presentation\n3 views\nUpload: others\nPresentation is loading. Please wait.\n示例 ← 返回研究洞察\nif (fontSize>=26) return false; fontSize = fontSize+2;\n字体: 放大字体 缩小字体\n首页 上页 下页 末页 29/293 转到\n| | |\n副标题:\n返回\n开通vip\n1500字范文,内容丰富有趣,写作好帮手!\n跳到主要内容\n:::主要内容区\n文章推荐指数: 80 %\n投票人数:10人\n▽▽▽\n▲图片来源:示例网\n读取中,请稍候\n加载中....(立即查看全文)\n电子报详情页\n第A19版:信息披露 上一版3  4下一版\n2018年09月04日 星期二 上一期  下一期\n3 上一篇  下一篇 4 放大 缩小 默认\n标题导航\nX\n请继续往下阅读...\n- 没有找到结果。\nPost on 14-Oct-2019\n0 download\nAcademic year: 2021\n来源:未知 日期:2020-02-18 点击:次\n新闻来源: 示例办 责任编辑: 示例室 发布时间: 2022-12-30 点击量: 5483\n2020-11-07 来源:示例网\n时间:2021-10-31 来源:示例网作者:示例\n日期: 2021-03-08 浏览人数: 108 来源: 编辑:\n研报作者:张三,李四 来自:示例证券 时间:2006-07-04 14:21:44\n00-00 00:00:00\n--.--\n0.00 (0.000%)\n昨收盘:0.000今开盘:0.000最高价:0.000\n示例港:信息披露事务管理制度 下载公告\n公告日期:2022-11-24\n调查报告可以帮助我们了解问题,下面是小编为大家准备的一些经典调查报告,希望能对大家有帮助。\n索 引 号:40000895X/ 分类: 行政处罚\n发布机构: 示例会 发文日期: 2021年09月02日\n文  号: 〔2021〕66号 主 题 词:\n一、概述\nTOC\\o\"1-2\"\\h\\u10489第1章正文。\n评级：增持\n";
        let d = strip_chrome(text, &rules());
        assert_eq!(d.text.trim_end(), "一、概述\n\n第1章正文。\n评级：增持");
    }

    #[test]
    fn runs_of_numbered_links_are_navigation() {
        for nav in [
            "最新文章专题视频专题问答1问答10问答100问答1000关键字专题1关键字专题50",
            "视频文章20视频文章30视频文章40视频文章50",
            "文章索引1 文章索引2 文章索引3",
        ] {
            assert!(is_link_run(nav), "{nav}");
        }
        for text in [
            // Flattened tables: numbers with units, decimals or percentages.
            "同比增长10%同比增长20%同比增长30%",
            "营业收入12.5亿元营业收入13.1亿元营业收入15.0亿元",
            "2019年2020年2021年2022年",
            "第一季度100第二季度200第三季度300",
            // A sentence that happens to repeat a numbered label.
            "方案1、方案2和方案3各有利弊，方案1成本最低。",
            "附表1附表2",
            // A PDF's tables flattened with their punctuation lost: labels
            // repeat before numbers, among much other text.
            "机器设备估计使用寿命7年 期末无残值 按直线折旧法计算 五年销售收入 万元 1000 00 3250 00 \
             五年净利润 万元 151 28 1119 34 金额 万元 0 150 300 销量 万根 预计销售金额预计销售量 8 2 \
             会计报表分析 重要报表数据提示 达到正现金流所需时间 八个月",
        ] {
            assert!(!is_link_run(text), "{text}");
        }
        let d = strip_chrome("文章索引1文章索引2文章索引3\n一、概述\n正文。", &rules());
        assert_eq!(d.text, "一、概述\n正文。");
    }

    #[test]
    fn an_unknown_sites_frame_is_chrome() {
        let text = "欢迎访问某某文档网！\n某某文档网 - 海量文档免费下载\n首页 | 新闻 | 登录 | 注册\n手机版｜网站地图｜联系我们\n文档分类：行业报告 > 金融\n城市更新报告\n一、背景\n正文。\n关于我们 | 帮助中心 | 意见反馈\n";
        let d = strip_chrome(text, &rules());
        assert_eq!(d.text.trim_end(), "城市更新报告\n一、背景\n正文。");
        assert!(d.chrome_after_text);
        // Report lines that share a word with the navigation stay.
        for kept in [
            "登录与注册流程优化",
            "用户注册 | 实名认证 | 绑卡",
            "注册资本 | 100亿元 | 2020年",
            "数字文档管理市场 - 平台竞争分析",
            "分类：按业务类型划分",
        ] {
            assert_eq!(strip_chrome(kept, &rules()).text, kept);
        }
        assert!(!strip_chrome("正文。\n", &rules()).chrome_after_text);
    }

    #[test]
    fn a_list_number_a_preview_cut_off_is_no_count() {
        // A blog card's score between removed lines goes; a list's number
        // where the text stops, beside the footer, stays.
        let d = strip_chrome(
            "示例作者\n关注\n0.6\n阅读 523\n一、概述\n正文。\n1.\n关于我们 | 联系我们 | 帮助中心\n",
            &rules(),
        );
        assert!(!d.text.contains("0.6"), "{}", d.text);
        assert!(d.text.contains("正文。\n1."), "{}", d.text);
    }

    #[test]
    fn read_more_lines_say_the_text_goes_on() {
        for more in [
            "点击阅读全文",
            "展开阅读全文",
            "继续阅读",
            "试读结束，请购买完整版",
            "（未完，下载全文请点击下方按钮）",
            "（全文共计15页，当前仅显示5页）",
            "此处只显示部分内容，完整内容请下载",
            "篇幅所限，完整版请下载后查看",
            "以上为报告部分内容，获取完整报告请联系客服",
            "剩余25页未读，点击阅读全文",
            "文档加载中……请稍候！",
            "本文共23页，当前显示8页",
            "下载文档可阅读全文",
            "下载后可查看完整内容",
            "登录后即可浏览全部内容",
            "当前文档共47页 2.88下载后继续阅读",
        ] {
            let d = strip_chrome(&format!("一、概述\n正文。\n{more}\n"), &rules());
            assert!(d.continues, "{more}");
            assert_eq!(d.text.trim_end(), "一、概述\n正文。", "{more}");
        }
        for sentence in [
            "读者可以阅读全文后再作判断。",
            "下载完整数据请访问国家统计局网站。",
        ] {
            let d = strip_chrome(&format!("一、概述\n{sentence}\n"), &rules());
            assert!(!d.continues, "{sentence}");
            assert!(d.text.contains(sentence));
        }
    }

    #[test]
    fn a_publishers_about_note_goes_but_the_reports_own_stays() {
        let d = strip_chrome(
            "Sales grew.\nAbout Example Research\nExample Research is a firm.\n",
            &rules(),
        );
        assert_eq!(d.text.trim(), "Sales grew.");
        let kept = "About the Report\nThis report covers 20 markets.\n";
        assert_eq!(strip_chrome(kept, &rules()).text.trim(), kept.trim());
    }

    #[test]
    fn a_field_label_drops_the_next_line_with_text() {
        for text in [
            "- 关键词:\n- 市场 调研\n正文。",
            "- 关键词:\n\n- 市场 调研\n\n正文。",
        ] {
            let d = strip_chrome(text, &rules());
            assert_eq!(d.text.trim(), "正文。", "{text:?}");
        }
        let body = "商业银行需要推动数字化转型。".repeat(10);
        let d = strip_chrome(&format!("- 关键词:\n{body}"), &rules());
        assert_eq!(d.text.trim(), body);
    }

    #[test]
    fn file_name_line_gives_title() {
        let d = strip_chrome("银行业分析报告.docx\n- 页数:15\n正文。", &rules());
        assert_eq!(d.title_candidates, vec!["银行业分析报告"]);
        assert_eq!(d.text, "正文。");
    }
}
