//! Regulations: titles in 《》 (with 〈〉 inside) recognised by their ending
//! (法, 条例, 办法, 意见, 标准, 规划 …), books/reports/periodicals filtered
//! out, and the key that merges 《中华人民共和国网络安全法》 with 《网络安全法》.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use super::kb::{KnowledgeBase, RegulationKind};

/// The national prefix that never distinguishes two laws.
pub const NATIONAL_PREFIX: &str = "中华人民共和国";

/// Longest title (in chars) we accept; longer runs are broken brackets.
const MAX_TITLE_CHARS: usize = 80;

/// A 《…》 title found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMatch {
    /// Byte range of the whole `《…》`.
    pub range: Range<usize>,
    /// The title between the outer brackets, trimmed.
    pub title: String,
}

/// Finds `《` by its rarest bytes; `str::find` looks for its last byte, which
/// is a common continuation byte in Chinese text.
static TITLE_OPEN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("《".as_bytes()));

/// Every 《…》 title in `text`, outermost brackets only (nested 《》 and 〈〉
/// stay inside the title).
pub fn find_titles(text: &str) -> Vec<TitleMatch> {
    let mut out = Vec::new();
    // From one `《` on, until the brackets close or the title is given up;
    // then on to the next `《` (the text between is never read).
    let mut from = 0;
    while let Some(open) = text
        .get(from..)
        .and_then(|rest| TITLE_OPEN.find(rest.as_bytes()))
    {
        from = title_at(text, from + open, &mut out);
    }
    out
}

/// Reads the title opening at byte `first` (a `《`) into `out`; returns
/// where the brackets closed or the title was given up.
fn title_at(text: &str, first: usize, out: &mut Vec<TitleMatch>) -> usize {
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut chars_inside = 0usize;
    for (i, c) in text[first..].char_indices() {
        let i = i + first;
        match c {
            '《' => {
                if depth == 0 {
                    start = i;
                    chars_inside = 0;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let inner = &text[start + '《'.len_utf8()..i];
                    let title = inner.trim();
                    if !title.is_empty() {
                        out.push(TitleMatch {
                            range: start..i + '》'.len_utf8(),
                            title: opening_quote_fixed(title),
                        });
                    }
                }
            }
            '\n' if depth > 0 => depth = 0,
            _ if depth > 0 => {
                chars_inside += 1;
                if chars_inside > MAX_TITLE_CHARS {
                    depth = 0;
                }
            }
            _ => {}
        }
        if depth == 0 {
            return i + c.len_utf8();
        }
    }
    text.len()
}

/// A title that opens with a closing quote (《”十四五”规划》, a typing slip)
/// opens with the opening one.
fn opening_quote_fixed(title: &str) -> String {
    match title.strip_prefix('”') {
        Some(rest) if rest.contains('”') => format!("“{rest}"),
        _ => title.to_string(),
    }
}

/// Comparison key of a regulation title: NFKC, no 《》 or spaces, no leading
/// 中华人民共和国 (the scorer's and the reader's notion of "same law").
pub fn law_key(title: &str) -> String {
    let s: String = nfkc(title)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '《' && *c != '》')
        .collect();
    match s.strip_prefix(NATIONAL_PREFIX) {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

/// `text` in NFKC. Titles are nearly always NFKC already, which the quick
/// check confirms far faster than normalising.
fn nfkc(text: &str) -> Cow<'_, str> {
    match is_nfkc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfkc().collect()),
    }
}

/// A numbered notice or order, cited by its number alone: `…公告2023年第1号`,
/// `…令〔2021〕第4号`.
static NUMBERED_NOTICE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\p{Han}{2,}(?:公告|令)(?:\d{4}年|[〔\[(（]\d{4}[〕\])）])第?\d{1,4}号$")
        .expect("constant regex")
});

/// Kind of the regulation named by `title`, or `None` when the title is not
/// a regulation (a book, report, newspaper, film, game …).
pub fn classify(title: &str, kb: &KnowledgeBase) -> Option<RegulationKind> {
    if let Some(known) = kb.regulation_named(title) {
        return known.kind.or_else(|| classify_by_rules(title, kb));
    }
    classify_by_rules(title, kb)
}

fn classify_by_rules(title: &str, kb: &KnowledgeBase) -> Option<RegulationKind> {
    let title: String = nfkc(title).chars().filter(|c| !c.is_whitespace()).collect();
    let lower = title.to_lowercase();
    if kb
        .not_containing
        .iter()
        .any(|w| !w.is_empty() && lower.contains(w.as_str()))
    {
        return None;
    }
    // A regulator's numbered notice or order (国家税务总局公告2023年第1号),
    // asked before its number is taken off as a qualifier.
    if NUMBERED_NOTICE.is_match(strip_bracketed_tail(&title)) {
        return Some(RegulationKind::NormativeDocument);
    }
    let core = strip_trailing_qualifiers(&title);
    if core.chars().count() < 2 {
        return None;
    }
    if kb.de_needs_guanyu
        && core.contains('的')
        && !core.contains("关于")
        && !kb
            .policy_openings
            .iter()
            .any(|v| core.starts_with(v.as_str()))
    {
        return None;
    }
    let ending_of = |core: &str| {
        kb.regulation_suffixes
            .iter()
            .find(|(ending, _)| core.ends_with(ending.as_str()))
    };
    // A numbered part with its subject after a dash (企业会计准则第22号——
    // 金融工具确认和计量) is of its series' kind.
    let (core, (ending, kind)) = match ending_of(core) {
        Some(found) => (core, found),
        None => {
            let head = series_of_part(core)?;
            (head, ending_of(head)?)
        }
    };
    let stem_chars = core.chars().count() - ending.chars().count();
    let ends_in = |endings: &[String]| {
        endings
            .iter()
            .any(|e| !e.is_empty() && core.ends_with(e.as_str()))
    };
    let study = kb
        .study_words
        .iter()
        .any(|w| !w.is_empty() && title.contains(w.as_str()));
    if (study && !ends_in(&kb.study_regulation_endings))
        || ends_in(&kb.not_regulation_endings)
        || (ends_in(&kb.corporate_endings)
            && kb
                .corporate_words
                .iter()
                .any(|w| !w.is_empty() && core.contains(w.as_str())))
    {
        return None;
    }
    if kind == &RegulationKind::Law {
        if ends_in(&kb.not_law_endings) {
            return None;
        }
        // 《宪法》 is the one two-character law; other laws have a subject.
        if stem_chars < 2 && core != "宪法" {
            return None;
        }
    } else if stem_chars < 2 {
        return None;
    }
    Some(*kind)
}

/// The series a numbered part belongs to: `企业会计准则第22号——金融工具…` →
/// `企业会计准则`, `监管规则适用指引——发行类第7号` → `监管规则适用指引`.
fn series_of_part(title: &str) -> Option<&str> {
    let (head, _subject) = title.split_once("——").or_else(|| title.split_once("--"))?;
    let head = head.trim_end();
    // Its number: 第22号, 第二号.
    let head = match split_part_number(head) {
        Some((series, _)) => series,
        None => head,
    };
    (!head.is_empty()).then_some(head)
}

/// A title ending in its number (`…第22号`, `…第二号`): the title before
/// it, trimmed, and the number's digits or Chinese numerals.
fn split_part_number(title: &str) -> Option<(&str, &str)> {
    let (series, number) = title.strip_suffix('号')?.rsplit_once('第')?;
    number
        .chars()
        .all(|c| c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c))
        .then(|| (series.trim_end(), number))
}

/// A draft for comment, written after the title it drafts.
const DRAFT: &str = "征求意见稿";

/// `…办法(试行)`, `…规定（2019年修订）`, `…协议III`, `…办法征求意见稿`,
/// `…指引第一号` → the title before them. A draft alone (《征求意见稿》,
/// a short form) leaves nothing.
fn strip_trailing_qualifiers(title: &str) -> &str {
    let mut t = title.trim_end();
    loop {
        let before = t;
        t = t.strip_suffix(DRAFT).unwrap_or(t);
        if let Some((series, number)) = split_part_number(t) {
            if !number.is_empty() {
                t = series;
            }
        }
        t = strip_bracketed_tail(t)
            .trim_end_matches(|c: char| matches!(c, 'I' | 'V' | 'X' | '0'..='9' | '.' | ' ' | '-'));
        if t == before {
            return t;
        }
    }
}

/// The title before its bracketed qualifiers (`(试行)`, `（2019年修订）`).
fn strip_bracketed_tail(title: &str) -> &str {
    let mut t = title.trim_end();
    while t.ends_with(')') || t.ends_with('）') {
        match t.rfind(['(', '（']) {
            Some(open) if open > 0 => t = t[..open].trim_end(),
            _ => break,
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(title: &str) -> Option<RegulationKind> {
        classify(title, &KnowledgeBase::builtin())
    }

    #[test]
    fn titles_with_nested_brackets_and_several_per_line() {
        let found = find_titles("依据《网络安全法》和《〈商业银行法〉释义》以及《人民日报》");
        let titles: Vec<_> = found.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["网络安全法", "〈商业银行法〉释义", "人民日报"]);
        assert!(find_titles("《未闭合\n》").is_empty());
        // A closing quote typed for the opening one.
        assert_eq!(find_titles("《”十四五”规划》")[0].title, "“十四五”规划");
    }

    #[test]
    fn regulations_are_classified_by_ending() {
        use RegulationKind::*;
        assert_eq!(kind("中华人民共和国网络安全法"), Some(Law));
        assert_eq!(kind("征信业管理条例"), Some(AdministrativeRegulation));
        assert_eq!(kind("网络借贷信息中介机构业务活动管理暂行办法"), Some(Rule));
        assert_eq!(
            kind("关于促进互联网金融健康发展的指导意见"),
            Some(NormativeDocument)
        );
        assert_eq!(kind("“十四五”金融科技发展规划"), Some(Plan));
        assert_eq!(kind("金融科技发展规划(2022—2025年)"), Some(Plan));
        assert_eq!(kind("商业银行资本管理办法(试行)"), Some(Rule));
        assert_eq!(kind("移动金融客户端应用软件安全管理规范"), Some(Standard));
        assert_eq!(kind("巴塞尔协议III"), Some(Agreement));
        assert_eq!(kind("宪法"), Some(Law));
        assert_eq!(kind("中华人民共和国民法总则"), Some(Law));
        assert_eq!(kind("民法通则"), Some(Law));
        // 管理法 alone reads as a method; these laws are known by name.
        assert_eq!(kind("药品管理法"), Some(Law));
        assert_eq!(kind("中华人民共和国土地管理法"), Some(Law));
        assert_eq!(kind("中国制造2025"), Some(Plan));
        // Agreements between states, and a regulator's numbered notices.
        assert_eq!(kind("中欧全面投资协定"), Some(Agreement));
        assert_eq!(kind("中美第一阶段经贸协议"), Some(Agreement));
        assert_eq!(kind("国家税务总局公告2023年第1号"), Some(NormativeDocument));
        // A numbered guideline, and drafts: of the kind they draft, and a
        // draft alone is no title.
        assert_eq!(kind("电子支付指引第一号"), Some(Standard));
        assert_eq!(
            kind("非银行支付机构条例征求意见稿"),
            Some(AdministrativeRegulation)
        );
        assert_eq!(kind("征求意见稿"), None);
        assert_eq!(kind("中国人民银行令〔2021〕第4号"), Some(NormativeDocument));
        assert_eq!(kind("关于实施就业优先战略的方案"), Some(Plan));
        // Measures, catalogues and lists that regulators issue.
        assert_eq!(
            kind("外商投资准入特别管理措施（负面清单）（2024年版）"),
            Some(NormativeDocument)
        );
        assert_eq!(
            kind("产业结构调整指导目录（2024年本）"),
            Some(NormativeDocument)
        );
        assert_eq!(
            kind("关于促进民营经济发展壮大的若干措施"),
            Some(NormativeDocument)
        );
        // A numbered part of a series, its subject after a dash.
        assert_eq!(
            kind("企业会计准则第22号——金融工具确认和计量"),
            Some(Standard)
        );
        assert_eq!(kind("监管规则适用指引——发行类第7号"), Some(Standard));
        assert_eq!(kind("中国金融科技发展报告——数字化转型"), None);
        // A rule or a notice on reports or research is one.
        assert_eq!(kind("农业建设项目可行性研究报告编制规定"), Some(Rule));
        assert_eq!(
            kind("关于做好2023年年度报告披露工作的通知"),
            Some(NormativeDocument)
        );
        assert_eq!(kind("证券公司年度报告内容与格式准则"), Some(Standard));
        assert_eq!(kind("关于加强基础研究的若干意见"), Some(NormativeDocument));
        assert_eq!(kind("平台经济发展研究规划"), None);
        assert_eq!(kind("中国数字经济发展报告(2022年)"), None);
        // Cited without its 关于, a document still opens with a policy verb.
        assert_eq!(
            kind("推进普惠金融高质量发展的实施意见"),
            Some(NormativeDocument)
        );
    }

    #[test]
    fn books_reports_papers_films_and_games_are_not_regulations() {
        for title in [
            "人民日报",
            "2025年中国银行业发展报告",
            "三体",
            "银行业分析报告.docx",
            "〈市场调研与预测〉习题与实例",
            "孙子兵法",
            "费曼学习法",
            "算法",
            "王者荣耀",
            "金融的规则",
            "法",
            "中国金融年鉴",
            // A company's and a product's papers.
            "战略合作协议",
            "股权转让协议",
            "关于回购公司股份的公告",
            "第三届董事会第五次会议决议",
            "2025年度向特定对象发行A股股票方案",
            "智慧银行解决方案",
            "用户使用指南",
            "游戏规则",
            // A website's terms.
            "用户协议",
            "会员服务协议",
            "隐私政策",
            "时间管理法",
        ] {
            assert_eq!(kind(title), None, "{title}");
        }
    }

    #[test]
    fn law_key_drops_prefix_brackets_and_spaces() {
        assert_eq!(law_key("《中华人民共和国网络安全法》"), "网络安全法");
        assert_eq!(law_key("网络 安全法"), "网络安全法");
        assert_eq!(law_key("中华人民共和国"), "中华人民共和国");
        // Not NFKC yet: full-width letters and compatibility characters.
        assert_eq!(law_key("《ＡＢＣ数据法》"), "ABC数据法");
        assert_eq!(law_key("㈱规定"), "(株)规定");
    }
}
