//! Mention linking for the renderer: one Aho-Corasick automaton
//! (leftmost-longest) over every known name and alias of the site's
//! entities, so each paragraph is scanned once.

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
    matcher: super::kb::Matcher,
    targets: Vec<(EntityKind, String)>,
    /// Patterns made of ASCII letters need word boundaries.
    ascii: Vec<bool>,
}

/// Shortest name (in chars) worth linking; one-character names are noise.
const MIN_LINK_CHARS: usize = 2;

impl Entities {
    /// A linker over every regulation and organisation name and alias.
    /// When two entities share a name, the one listed first wins.
    pub fn linker(&self) -> MentionLinker {
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
        let ascii = patterns
            .iter()
            .map(|p| p.chars().any(|c| c.is_ascii_alphanumeric()))
            .collect();
        let matcher =
            super::kb::leftmost_longest(patterns.iter().map(String::as_str)).unwrap_or_default();
        MentionLinker {
            matcher,
            targets,
            ascii,
        }
    }
}

impl MentionLinker {
    /// Every mention in `text`, non-overlapping, in order.
    pub fn spans(&self, text: &str) -> Vec<MentionSpan> {
        let mut out = Vec::new();
        for m in self.matcher.find_iter(text) {
            let i = m.pattern().as_usize();
            if self.ascii.get(i).copied().unwrap_or(false)
                && !super::organizations::ascii_word_bounded(text, m.start(), m.end())
            {
                continue;
            }
            if let Some((kind, id)) = self.targets.get(i) {
                out.push(MentionSpan {
                    range: m.start()..m.end(),
                    kind: *kind,
                    id: id.clone(),
                });
            }
        }
        out
    }

    /// The first mention of each entity in `text` (what gets a link).
    pub fn first_spans(&self, text: &str) -> Vec<MentionSpan> {
        let mut seen: HashSet<(EntityKind, String)> = HashSet::new();
        self.spans(text)
            .into_iter()
            .filter(|s| seen.insert((s.kind, s.id.clone())))
            .collect()
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
}
