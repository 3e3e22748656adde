//! Chrome rules as data: the TOML profile format (see `rules/generic.toml`),
//! the built-in profiles embedded at compile time, and user rule files named
//! in `book.toml` (`[import] chrome-rules`), which add profiles of the same format.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context, Result};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Rule patterns use bounded Unicode repeats (`.{0,160}`), whose automata
/// are big: give the lazy DFA room, or matching falls back to a slow NFA.
const DFA_SIZE_LIMIT: usize = 64 << 20;
const NFA_SIZE_LIMIT: usize = 64 << 20;
use serde::Deserialize;

/// Built-in profiles: the generic rules first, then one per site family.
const BUILTIN: &[(&str, &str)] = &[
    ("generic.toml", include_str!("rules/generic.toml")),
    ("renrendoc.toml", include_str!("rules/renrendoc.toml")),
    ("bdocx.toml", include_str!("rules/bdocx.toml")),
    ("zixin.toml", include_str!("rules/zixin.toml")),
    ("bigxun.toml", include_str!("rules/bigxun.toml")),
    ("docs360.toml", include_str!("rules/docs360.toml")),
    ("dongshi.toml", include_str!("rules/dongshi.toml")),
    ("lw33.toml", include_str!("rules/lw33.toml")),
];

/// One rule file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RuleFile {
    name: String,
    site: Option<String>,
    detect: Vec<String>,
    lines: Vec<String>,
    with_next: Vec<String>,
    tail: Vec<String>,
    fragments: Vec<String>,
    breaks: Vec<String>,
    pages: Vec<String>,
    continues: Vec<String>,
    title_suffixes: Vec<String>,
    /// Named word lists that patterns take in as `(?&name)`.
    words: BTreeMap<String, Vec<String>>,
}

/// A compiled profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub site: Option<String>,
    pub detect: Vec<Regex>,
    /// All `lines` patterns in one automaton: one pass per line. The
    /// patterns themselves (for their `title` group) are compiled only when
    /// the set says one matched: most never do on a given page, and
    /// compiling them all cost a third of a second on every `gen import`.
    pub line_set: RegexSet,
    lines: Vec<LazyRegex>,
    pub with_next: Vec<Regex>,
    pub tail: Vec<Regex>,
    pub fragments: Vec<Regex>,
    /// Chrome glued onto text (a flattened page): a line break goes before
    /// each match, so the other rules see it as a line of its own.
    pub breaks: Vec<Regex>,
    pub pages: Vec<Regex>,
    /// Lines saying the report goes on beyond the text (阅读全文, 继续阅读):
    /// it is cut off.
    pub continues: Vec<Regex>,
    pub title_suffixes: Vec<Regex>,
}

impl Profile {
    /// A profile without `detect` patterns applies to every report.
    pub fn applies_to(&self, text: &str) -> bool {
        self.detect.is_empty() || self.detect.iter().any(|r| r.is_match(text))
    }

    /// The first `lines` pattern (in the file's order) that matches `line`.
    pub fn line_rule(&self, line: &str) -> Option<&Regex> {
        if !self.line_set.is_match(line) {
            return None;
        }
        let first = self.line_set.matches(line).into_iter().next()?;
        self.lines.get(first)?.get()
    }
}

/// A pattern compiled on first use. The set holding it has compiled it
/// already as part of the union, so it is known to be valid.
#[derive(Debug, Clone)]
struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| build_regex(&self.pattern).ok())
            .as_ref()
    }
}

fn build_regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(NFA_SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
}

/// All chrome profiles of a run: built-in ones plus the user's.
#[derive(Debug, Clone)]
pub struct ChromeRules {
    pub profiles: Vec<Profile>,
}

impl ChromeRules {
    /// The built-in profiles. They are tested, so failing here is a bug in
    /// the embedded data; it is still reported as an error, not a panic.
    pub fn builtin() -> Result<ChromeRules> {
        ChromeRules::parse_builtin(BUILTIN)
    }

    /// The built-in generic profile alone, without the known sites'.
    pub fn generic() -> Result<ChromeRules> {
        ChromeRules::parse_builtin(&BUILTIN[..1])
    }

    fn parse_builtin(files: &[(&str, &str)]) -> Result<ChromeRules> {
        let profiles = files
            .iter()
            .map(|(file, text)| parse_profile(text, Path::new(file)))
            .collect::<Result<_>>()?;
        Ok(ChromeRules { profiles })
    }

    /// Built-in profiles (all, or only the generic one) plus the user's rule
    /// files (paths relative to `root`).
    pub fn load(
        root: &Path,
        user_files: &[std::path::PathBuf],
        site_profiles: bool,
    ) -> Result<ChromeRules> {
        let mut rules = if site_profiles {
            ChromeRules::builtin()?
        } else {
            ChromeRules::generic()?
        };
        for rel in user_files {
            let file = root.join(rel);
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read chrome rules {}", file.display()))?;
            rules.profiles.push(parse_profile(&text, &file)?);
        }
        Ok(rules)
    }
}

/// Parse and compile one rule file; errors name the file (and line for TOML).
pub fn parse_profile(text: &str, file: &Path) -> Result<Profile> {
    let raw: RuleFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(l) => anyhow::anyhow!("{}:{}: {}", file.display(), l, e.message()),
            None => anyhow::anyhow!("{}: {}", file.display(), e.message()),
        }
    })?;
    if raw.name.trim().is_empty() {
        anyhow::bail!("{}: a chrome profile needs a `name`", file.display());
    }
    // Literal TOML strings hold the pattern verbatim.
    let place = |p: &str| match text.find(p) {
        Some(at) => format!(
            "{}:{}",
            file.display(),
            text[..at].matches('\n').count() + 1
        ),
        None => file.display().to_string(),
    };
    let expand = |field: &str, list: &[String]| -> Result<Vec<String>> {
        list.iter()
            .map(|p| {
                expand_words(p, &raw.words).map_err(|name| {
                    anyhow::anyhow!("{}: unknown word list `{name}` in `{field}`: {p}", place(p))
                })
            })
            .collect()
    };
    let compile = |field: &str, list: &[String]| -> Result<Vec<Regex>> {
        list.iter()
            .zip(expand(field, list)?)
            .map(|(p, expanded)| {
                build_regex(&expanded)
                    .with_context(|| format!("{}: bad regex in `{field}`: {p}", place(p)))
            })
            .collect()
    };
    let line_patterns = expand("lines", &raw.lines)?;
    let line_set = match RegexSetBuilder::new(&line_patterns)
        .size_limit(NFA_SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
    {
        Ok(set) => set,
        Err(set_error) => {
            // Name the pattern at fault, with its line, when one alone fails.
            compile("lines", &raw.lines)?;
            return Err(set_error)
                .with_context(|| format!("{}: bad regex in `lines`", file.display()));
        }
    };
    let lines = line_patterns
        .into_iter()
        .map(|pattern| LazyRegex {
            pattern,
            compiled: OnceLock::new(),
        })
        .collect();
    Ok(Profile {
        line_set,
        detect: compile("detect", &raw.detect)?,
        lines,
        with_next: compile("with_next", &raw.with_next)?,
        tail: compile("tail", &raw.tail)?,
        fragments: compile("fragments", &raw.fragments)?,
        breaks: compile("breaks", &raw.breaks)?,
        pages: compile("pages", &raw.pages)?,
        continues: compile("continues", &raw.continues)?,
        title_suffixes: compile("title_suffixes", &raw.title_suffixes)?,
        name: raw.name,
        site: raw.site,
    })
}

/// `pattern` with every `(?&name)` replaced by the word list `name` as a
/// group of alternatives. (`(?&` is no Rust regex syntax, so a pattern
/// cannot mean anything else by it.) Errs with the name of an unknown list.
fn expand_words(pattern: &str, words: &BTreeMap<String, Vec<String>>) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(at) = rest.find("(?&") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let Some(end) = after.find(')') else {
            // Unclosed: left as it is, for the regex parser to report.
            out.push_str(&rest[at..]);
            return Ok(out);
        };
        let name = &after[..end];
        let list = words.get(name).ok_or_else(|| name.to_string())?;
        out.push_str("(?:");
        out.push_str(&list.join("|"));
        out.push(')');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_compile() {
        let rules = ChromeRules::builtin().unwrap();
        assert!(rules.profiles.len() >= 5);
        assert_eq!(rules.profiles[0].name, "generic");
        assert!(rules.profiles[0].applies_to("anything"));
        // The `lines` patterns are compiled on first use: each must compile.
        for profile in &rules.profiles {
            for (i, rule) in profile.lines.iter().enumerate() {
                assert!(rule.get().is_some(), "{}: lines[{i}]", profile.name);
            }
        }
    }

    #[test]
    fn bad_rule_file_names_file_and_line() {
        let err = parse_profile("name = \"x\"\nlines = [1]\n", Path::new("my.toml")).unwrap_err();
        assert!(err.to_string().starts_with("my.toml:2:"), "{err}");
        let err = parse_profile("name = \"x\"\nlines = ['(']\n", Path::new("my.toml")).unwrap_err();
        assert!(err.to_string().starts_with("my.toml:2: bad regex"), "{err}");
        let err = parse_profile("colour = 1\n", Path::new("my.toml")).unwrap_err();
        assert!(err.to_string().contains("my.toml"), "{err}");
    }

    #[test]
    fn patterns_take_in_word_lists() {
        let file = "name = \"x\"\nwords.nav = [\"首页\", \"登录\"]\nlines = ['^(?&nav)(?:\\s+(?&nav))+$']\n";
        let profile = parse_profile(file, Path::new("my.toml")).unwrap();
        assert!(profile.line_rule("首页 登录").is_some());
        assert!(profile.line_set.is_match("登录 首页 登录"));
        assert!(profile.line_rule("首页 正文").is_none());
        let unknown = "name = \"x\"\nlines = [\n  '^(?&nav)$',\n]\n";
        let err = parse_profile(unknown, Path::new("my.toml")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("my.toml:3: unknown word list `nav` in `lines`"),
            "{err}"
        );
    }

    #[test]
    fn detection_selects_profiles() {
        let rules = ChromeRules::builtin().unwrap();
        let renren = rules
            .profiles
            .iter()
            .find(|p| p.name == "renrendoc")
            .unwrap();
        assert!(renren.applies_to("已阅读5页,还剩21页未读"));
        assert!(!renren.applies_to("普通文本"));
    }

    #[test]
    fn generic_rules_leave_out_the_site_profiles() {
        let generic = ChromeRules::generic().unwrap();
        let names: Vec<&str> = generic.profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["generic"]);
        let root = Path::new(".");
        assert_eq!(
            ChromeRules::load(root, &[], false).unwrap().profiles.len(),
            1
        );
        assert_eq!(
            ChromeRules::load(root, &[], true).unwrap().profiles.len(),
            BUILTIN.len()
        );
    }
}
