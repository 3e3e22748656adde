//! Mention linking for the renderer: one leftmost-longest matcher over
//! every known name and alias of the site's entities, so each paragraph is
//! scanned once.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;

use super::regulations::law_key;
use super::Entities;

/// Which index an entity lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Regulation,
    Organization,
    Case,
}

impl EntityKind {
    /// Folder of the index pages (`/regulations/<id>/`).
    pub fn folder(self) -> &'static str {
        match self {
            EntityKind::Regulation => "regulations",
            EntityKind::Organization => "organizations",
            EntityKind::Case => "cases",
        }
    }
}

/// A mention of an entity in a piece of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionSpan {
    /// Byte range in the text given to [`MentionLinker::spans`].
    pub range: Range<usize>,
    pub kind: EntityKind,
    pub id: String,
}

/// Finds mentions of known entities in text.
#[derive(Debug, Clone)]
pub struct MentionLinker {
    matcher: super::kb::SparseMatcher,
    targets: Vec<(EntityKind, String)>,
    /// Patterns made of ASCII letters need word boundaries.
    ascii: Vec<bool>,
    /// Two-character patterns, checked against `vetoes` (其中行业 ≠ 中行).
    short: Vec<bool>,
    vetoes: Vec<String>,
    /// For each pattern, its entity's number: names of one entity share it.
    entity_of: Vec<usize>,
    /// For each entity number, its page URL (site-relative, HTML-escaped).
    hrefs: Vec<String>,
}

/// Shortest name (in chars) worth linking; one-character names are noise.
const MIN_LINK_CHARS: usize = 2;

impl Entities {
    /// A linker over every regulation and organisation name and alias.
    /// When two entities share a name, the one listed first wins.
    pub fn linker(&self) -> MentionLinker {
        let (patterns, targets) = self.link_patterns();
        let ascii = patterns
            .iter()
            .map(|p| p.chars().any(|c| c.is_ascii_alphanumeric()))
            .collect();
        let matcher = super::kb::SparseMatcher::new(patterns.iter().map(String::as_str));
        let short = patterns.iter().map(|p| p.chars().count() <= 2).collect();
        let mut numbers: std::collections::HashMap<&(EntityKind, String), usize> =
            std::collections::HashMap::new();
        let mut hrefs = Vec::new();
        let entity_of = targets
            .iter()
            .map(|target| {
                *numbers.entry(target).or_insert_with(|| {
                    let (kind, id) = target;
                    hrefs.push(crate::highlight::escape_html(&super::view::entity_url(
                        *kind, id,
                    )));
                    hrefs.len() - 1
                })
            })
            .collect();
        MentionLinker {
            matcher,
            targets,
            ascii,
            short,
            vetoes: super::KnowledgeBase::builtin().short_name_vetoes,
            entity_of,
            hrefs,
        }
    }

    /// Every name the linker links, with the entity it links to, in the
    /// linker's order: equal lists link every text the same way.
    pub fn link_patterns(&self) -> (Vec<String>, Vec<(EntityKind, String)>) {
        let mut patterns: Vec<String> = Vec::new();
        let mut targets = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut add = |name: &str, kind: EntityKind, id: &str| {
            if name.chars().count() >= MIN_LINK_CHARS && seen.insert(name.to_string()) {
                patterns.push(name.to_string());
                targets.push((kind, id.to_string()));
            }
        };
        for r in &self.regulations {
            for name in std::iter::once(&r.name).chain(&r.aliases) {
                add(name, EntityKind::Regulation, &r.id);
                add(&law_key(name), EntityKind::Regulation, &r.id);
            }
        }
        // Organisations with more mentions claim a shared alias first.
        let mut orgs: Vec<_> = self.organizations.iter().collect();
        orgs.sort_by(|a, b| {
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then(a.name.cmp(&b.name))
        });
        for o in orgs {
            for name in std::iter::once(&o.name).chain(&o.aliases) {
                add(name, EntityKind::Organization, &o.id);
            }
        }
        (patterns, targets)
    }
}

impl MentionLinker {
    /// Every mention in `text`, non-overlapping, in order.
    pub fn spans(&self, text: &str) -> Vec<MentionSpan> {
        self.hits(text)
            .filter_map(|(range, i)| self.span(range, i))
            .collect()
    }

    /// Every mention in `text` as (byte range, pattern number).
    fn hits<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        self.matcher.find_iter(text).filter_map(move |m| {
            let i = m.pattern().as_usize();
            if self.ascii.get(i).copied().unwrap_or(false)
                && !super::organizations::ascii_word_bounded(text, m.start(), m.end())
            {
                return None;
            }
            if self.short.get(i).copied().unwrap_or(false) {
                let last = text[..m.end()]
                    .chars()
                    .next_back()
                    .map_or(0, char::len_utf8);
                let rest = &text[m.end() - last..];
                if self.vetoes.iter().any(|v| rest.starts_with(v.as_str())) {
                    return None;
                }
            }
            Some((m.start()..m.end(), i))
        })
    }

    /// The first mention of each entity in `text` (what gets a link).
    pub fn first_spans(&self, text: &str) -> Vec<MentionSpan> {
        // As `link_html` picks them: by entity number.
        let mut seen: Vec<usize> = Vec::new();
        self.hits(text)
            .filter(|(_, pattern)| match self.entity_of.get(*pattern) {
                Some(&entity) if !seen.contains(&entity) => {
                    seen.push(entity);
                    true
                }
                _ => false,
            })
            .filter_map(|(range, i)| self.span(range, i))
            .collect()
    }

    /// The span of pattern `i` found at `range`.
    fn span(&self, range: Range<usize>, i: usize) -> Option<MentionSpan> {
        let (kind, id) = self.targets.get(i)?;
        Some(MentionSpan {
            range,
            kind: *kind,
            id: id.clone(),
        })
    }
}

impl MentionLinker {
    /// Link the first mention of each entity in every `<p>` of rendered
    /// HTML to its index page (`{base}regulations/<id>/`), leaving text
    /// inside links, code, headings and other blocks alone. One linear pass:
    /// much cheaper than rendering the Markdown again with a linker.
    pub fn link_html(&self, html: &str, base: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 16);
        // Entity numbers linked in the current paragraph (a handful).
        let mut seen: Vec<usize> = Vec::new();
        let (mut in_paragraph, mut in_link, mut in_code) = (false, 0usize, 0usize);
        let mut pos = 0;
        while pos < html.len() {
            let rest = &html[pos..];
            if rest.starts_with('<') {
                let Some(end) = rest.find('>') else {
                    out.push_str(rest);
                    break;
                };
                let tag = &rest[..=end];
                let closing = tag.starts_with("</");
                let after = &tag[if closing { 2 } else { 1 }..];
                let name = &after[..after.bytes().take_while(u8::is_ascii_alphanumeric).count()];
                let is = |wanted: &str| name.eq_ignore_ascii_case(wanted);
                let step = |depth: &mut usize| {
                    if closing {
                        *depth = depth.saturating_sub(1);
                    } else if !tag.ends_with("/>") {
                        *depth += 1;
                    }
                };
                // The blocks of `crate::markdown`: paragraphs, and the items
                // of tight lists and table body rows, which carry an anchor.
                if is("p") || ((is("li") || is("tr")) && (closing || tag.contains(" id="))) {
                    in_paragraph = !closing;
                    seen.clear();
                } else if is("a") {
                    step(&mut in_link);
                } else if ["code", "pre", "script", "style", "kbd", "samp"]
                    .into_iter()
                    .any(is)
                {
                    step(&mut in_code);
                }
                out.push_str(tag);
                pos += end + 1;
                continue;
            }
            let text_end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..text_end];
            if in_paragraph && in_link == 0 && in_code == 0 {
                let mut last = 0;
                for (range, pattern) in self.hits(text) {
                    let Some(&entity) = self.entity_of.get(pattern) else {
                        continue;
                    };
                    if seen.contains(&entity) {
                        continue;
                    }
                    seen.push(entity);
                    out.push_str(&text[last..range.start]);
                    out.push_str("<a class=\"mention\" href=\"");
                    out.push_str(base);
                    out.push_str(&self.hrefs[entity]);
                    out.push_str("\">");
                    out.push_str(&text[range.clone()]);
                    out.push_str("</a>");
                    last = range.end;
                }
                out.push_str(&text[last..]);
            } else {
                out.push_str(text);
            }
            pos += text_end;
        }
        // Every page's HTML is held until the pages are written.
        out.shrink_to_fit();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    fn entities() -> Entities {
        Entities {
            regulations: vec![Regulation {
                id: "wang-luo-an-quan-fa".into(),
                name: "中华人民共和国网络安全法".into(),
                aliases: vec![],
                kind: RegulationKind::Law,
                mentions: vec![],
            }],
            organizations: vec![
                Organization {
                    id: "zhong-guo-ren-min-yin-hang".into(),
                    name: "中国人民银行".into(),
                    aliases: vec!["央行".into()],
                    mentions: vec![],
                },
                Organization {
                    id: "icon".into(),
                    name: "ICON".into(),
                    aliases: vec![],
                    mentions: vec![],
                },
            ],
            cases: vec![],
        }
    }

    #[test]
    fn spans_cover_names_aliases_and_short_law_titles() {
        let linker = entities().linker();
        let text = "央行依据《网络安全法》,中国人民银行与央行; ICONS and ICON";
        let spans = linker.spans(text);
        let found: Vec<&str> = spans.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(
            found,
            ["央行", "网络安全法", "中国人民银行", "央行", "ICON"]
        );
        let first: Vec<&str> = linker
            .first_spans(text)
            .iter()
            .map(|s| &text[s.range.clone()])
            .collect();
        assert_eq!(first, ["央行", "网络安全法", "ICON"]);
    }

    #[test]
    fn html_links_first_mentions_in_blocks_only() {
        let linker = entities().linker();
        let html = "<h2 id=\"x\">央行</h2>\n<p id=\"p-1\">央行与<em>央行</em>、<a href=\"y\">央行</a> <code>央行</code>《网络安全法》</p>\n<p id=\"p-2\">中国人民银行</p><ul><li id=\"p-3\">央行</li></ul><table><tr><th>央行</th></tr><tr id=\"p-4\"><td>央行</td><td>央行</td></tr></table>";
        let out = linker.link_html(html, "/b/");
        assert_eq!(
            out,
            "<h2 id=\"x\">央行</h2>\n<p id=\"p-1\"><a class=\"mention\" href=\"/b/organizations/zhong-guo-ren-min-yin-hang/\">央行</a>与<em>央行</em>、<a href=\"y\">央行</a> <code>央行</code>《<a class=\"mention\" href=\"/b/regulations/wang-luo-an-quan-fa/\">网络安全法</a>》</p>\n<p id=\"p-2\"><a class=\"mention\" href=\"/b/organizations/zhong-guo-ren-min-yin-hang/\">中国人民银行</a></p><ul><li id=\"p-3\"><a class=\"mention\" href=\"/b/organizations/zhong-guo-ren-min-yin-hang/\">央行</a></li></ul><table><tr><th>央行</th></tr><tr id=\"p-4\"><td><a class=\"mention\" href=\"/b/organizations/zhong-guo-ren-min-yin-hang/\">央行</a></td><td>央行</td></tr></table>"
        );
        assert_eq!(linker.link_html("<p>broken <a", "/"), "<p>broken <a");
        assert!(linker.spans("其中央行业务").is_empty());
    }
}
