//! Alias declarations written in the text: `中国人民银行(简称“央行”)`,
//! `《中华人民共和国数据安全法》(以下简称《数据安全法》)`, `(下称「新创未来」)`,
//! and a quoted name alone, `星河科技股份有限公司（“星河科技”）`; for an
//! organisation also its own characters in order, `美国联邦储备委员会（美联储）`.
//! Both ASCII and full-width brackets, “” "" 「」 『』 《》 quotes or none.

use std::sync::LazyLock;

use regex::Regex;

/// Aliases declared right after an entity, and where the declaration ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasDeclaration {
    /// Declared short names, in order.
    pub aliases: Vec<String>,
    /// Byte offset (in the text given) just after the closing bracket.
    pub end: usize,
}

static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t\u{3000}]*[(（]([^()（）\n]{1,60})[)）]").expect("constant regex")
});
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:以下简称|以下统称|以下称|下称|简称|又称|统称)为?[:：]?\s*")
        .expect("constant regex")
});
static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^(?:[“"「『']《|《|[“"「『'])([^”"」』》'“「『《]{1,24})(?:》[”"」』']|》|[”"」』'])"#,
    )
    .expect("constant regex")
});
/// A bracket holding only a quoted name: `(“星河科技”)`, or a quoted title,
/// a law firm's way of naming a short form (`(“《数安办法》”)`). A title
/// alone, unquoted, cites.
static QUOTED_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^[“"「『]《?[^”"」』“「『《》]{1,24}》?[”"」』]$"#).expect("constant regex")
});
static BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{Han}A-Za-z0-9]{2,12})").expect("constant regex"));
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:或者|或|、|,|，|和|及|/)\s*").expect("constant regex"));

/// The alias declaration starting at byte `pos` of `text`, if any.
pub fn declaration_after(text: &str, pos: usize) -> Option<AliasDeclaration> {
    let rest = text.get(pos..)?;
    if !opens_bracket(rest) {
        return None;
    }
    let caps = BRACKETED.captures(rest)?;
    let whole = caps.get(0)?;
    let inner = caps.get(1)?.as_str();
    // A keyword before the name, or a quoted name alone: `(“星河科技”)`.
    let from = match KEYWORD.find(inner) {
        Some(keyword) => keyword.end(),
        None if QUOTED_ALONE.is_match(inner.trim()) => 0,
        None => return None,
    };
    let mut tail = inner[from..].trim_start();
    let mut aliases = Vec::new();
    loop {
        if let Some(q) = QUOTED.captures(tail) {
            let (all, name) = (q.get(0)?, q.get(1)?);
            push_alias(&mut aliases, name.as_str());
            tail = &tail[all.end()..];
        } else if aliases.is_empty() {
            // Unquoted form: `(下称央行)`.
            let b = BARE.captures(tail)?;
            push_alias(&mut aliases, b.get(1)?.as_str());
            break;
        } else {
            break;
        }
        match SEPARATOR.find(tail) {
            Some(sep) => tail = &tail[sep.end()..],
            None => break,
        }
    }
    if aliases.is_empty() {
        return None;
    }
    Some(AliasDeclaration {
        aliases,
        end: pos + whole.end(),
    })
}

/// Longest short form (chars) taken from a bracket without a keyword.
const MAX_ABBREVIATION_CHARS: usize = 8;

/// A short form in brackets right after `name`, without a keyword: Chinese
/// characters of the name itself, in order, fewer than the name has
/// (美国联邦储备委员会（美联储）, 国家金融监督管理总局（金融监管总局）).
/// A bracket of other words (a place, a year, an English name) is none.
pub fn abbreviation_after(text: &str, pos: usize, name: &str) -> Option<AliasDeclaration> {
    let rest = text.get(pos..)?;
    if !opens_bracket(rest) {
        return None;
    }
    let caps = BRACKETED.captures(rest)?;
    let inner = caps.get(1)?.as_str().trim();
    let n = inner.chars().count();
    if !(2..=MAX_ABBREVIATION_CHARS).contains(&n)
        || n >= name.chars().count()
        || !inner
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        return None;
    }
    let mut in_name = name.chars();
    if !inner.chars().all(|c| in_name.any(|x| x == c)) {
        return None;
    }
    Some(AliasDeclaration {
        aliases: vec![inner.to_string()],
        end: pos + caps.get(0)?.end(),
    })
}

/// Whether `rest` opens a bracket, as [`BRACKETED`] requires: asked after
/// every entity found, and most are followed by no bracket, so the regex
/// runs only where one is.
fn opens_bracket(rest: &str) -> bool {
    rest.trim_start_matches([' ', '\t', '\u{3000}'])
        .starts_with(['(', '（'])
}

fn push_alias(aliases: &mut Vec<String>, name: &str) {
    let name = name.trim();
    if !name.is_empty() && !aliases.iter().any(|a| a == name) {
        aliases.push(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(text: &str) -> Vec<String> {
        declaration_after(text, 0)
            .map(|d| d.aliases)
            .unwrap_or_default()
    }

    #[test]
    fn full_width_and_ascii_brackets_with_any_quotes() {
        assert_eq!(declared("(简称“央行”)负责"), vec!["央行"]);
        assert_eq!(declared("（以下简称「新创未来」）"), vec!["新创未来"]);
        assert_eq!(declared("(以下简称《数据安全法》)"), vec!["数据安全法"]);
        assert_eq!(declared("(下称\"网信办\")"), vec!["网信办"]);
        assert_eq!(declared("(下称央行)"), vec!["央行"]);
        assert_eq!(declared("(以下简称“《数据安全法》”)"), vec!["数据安全法"]);
        assert_eq!(
            declared("(英文名 PBOC,以下简称为“人行”或“央行”)"),
            vec!["人行", "央行"]
        );
        assert_eq!(declared("（“星河科技”）发布"), vec!["星河科技"]);
        assert_eq!(declared("(“《数安办法》”)明确"), vec!["数安办法"]);
        assert_eq!(declared("(《数安办法》)"), Vec::<String>::new());
    }

    #[test]
    fn brackets_without_a_declaration_are_not_aliases() {
        assert_eq!(declared("(北京)网络技术有限公司"), Vec::<String>::new());
        assert_eq!(declared("(2024年)"), Vec::<String>::new());
        // A cited title or a quoted phrase with more in the bracket.
        assert_eq!(declared("（《网络安全法》）"), Vec::<String>::new());
        assert_eq!(declared("（“双碳”目标）"), Vec::<String>::new());
        assert_eq!(declared("后来(简称“x”)"), Vec::<String>::new());
    }

    #[test]
    fn a_short_form_of_the_name_in_brackets() {
        let short = |text: &str, name: &str| {
            abbreviation_after(text, 0, name)
                .map(|d| d.aliases)
                .unwrap_or_default()
        };
        assert_eq!(short("（美联储）宣布", "美国联邦储备委员会"), ["美联储"]);
        assert_eq!(
            short("(金融监管总局)", "国家金融监督管理总局"),
            ["金融监管总局"]
        );
        for (bracket, name) in [
            ("（香港）", "中国银行"),
            ("（2023）", "中国银行"),
            ("（BOC）", "中国银行"),
            ("（中国银行）", "中国银行"),
            ("（银行中国）", "中国银行"),
        ] {
            assert!(short(bracket, name).is_empty(), "{bracket}");
        }
    }

    #[test]
    fn end_points_after_the_bracket() {
        let text = "央行(简称“人行”)说";
        let d = declaration_after(text, "央行".len()).unwrap();
        assert_eq!(&text[d.end..], "说");
    }
}
