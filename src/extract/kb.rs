//! The knowledge base: known regulations, organisations and products with
//! their aliases, plus the recognition rules (suffixes, places, generic
//! words, boundaries). Built-in data is embedded from `data/*.toml`; a site
//! extends it with files of the same format named in `[index]` of book.toml.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::config::IndexConfig;

const BUILTIN_REGULATIONS: &str = include_str!("data/regulations.toml");
const BUILTIN_ORGANIZATIONS: &str = include_str!("data/organizations.toml");

/// FNV-1a: the word sets are probed for every character scanned, and short
/// keys hash much faster with it than with SipHash (no untrusted-key DoS
/// concern: the keys are our own data).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A set of short words with a fast hasher.
pub(crate) type HashSet<T> = std::collections::HashSet<T, BuildHasherDefault<Fnv>>;

/// A map keyed by short names, with the same fast hasher.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Group of a regulation, decided by its title ending or the data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegulationKind {
    /// 法律: …法, …法典.
    Law,
    /// 行政法规: …条例.
    AdministrativeRegulation,
    /// 部门规章: …办法, …规定, …细则, …规则.
    Rule,
    /// 规范性文件: …意见, …通知, …决定.
    NormativeDocument,
    /// 标准与指引: …标准, …指引, …规范, …准则, …指南.
    Standard,
    /// 规划与方案: …规划, …纲要, …方案.
    Plan,
    /// 国际协议: …协议, …公约.
    Agreement,
}

impl RegulationKind {
    /// Every kind, in display order.
    pub const ALL: [RegulationKind; 7] = [
        RegulationKind::Law,
        RegulationKind::AdministrativeRegulation,
        RegulationKind::Rule,
        RegulationKind::NormativeDocument,
        RegulationKind::Standard,
        RegulationKind::Plan,
        RegulationKind::Agreement,
    ];

    /// Chinese group label for index pages.
    pub fn label_zh(self) -> &'static str {
        match self {
            RegulationKind::Law => "法律",
            RegulationKind::AdministrativeRegulation => "行政法规",
            RegulationKind::Rule => "部门规章",
            RegulationKind::NormativeDocument => "规范性文件",
            RegulationKind::Standard => "标准与指引",
            RegulationKind::Plan => "规划与方案",
            RegulationKind::Agreement => "国际协议",
        }
    }

    /// Stable ASCII name (same as the serialised form).
    pub fn as_str(self) -> &'static str {
        match self {
            RegulationKind::Law => "law",
            RegulationKind::AdministrativeRegulation => "administrative-regulation",
            RegulationKind::Rule => "rule",
            RegulationKind::NormativeDocument => "normative-document",
            RegulationKind::Standard => "standard",
            RegulationKind::Plan => "plan",
            RegulationKind::Agreement => "agreement",
        }
    }
}

// ---- file formats ------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegulationFile {
    #[serde(default)]
    rules: RegulationRulesFile,
    #[serde(default, rename = "regulation")]
    regulations: Vec<RegulationEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RegulationRulesFile {
    #[serde(default)]
    suffixes: BTreeMap<RegulationKind, Vec<String>>,
    #[serde(default)]
    filters: RegulationFilters,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RegulationFilters {
    #[serde(default)]
    not_law_endings: Vec<String>,
    #[serde(default)]
    not_regulation_endings: Vec<String>,
    #[serde(default)]
    corporate_endings: Vec<String>,
    #[serde(default)]
    corporate_words: Vec<String>,
    #[serde(default)]
    not_containing: Vec<String>,
    #[serde(default)]
    study_words: Vec<String>,
    #[serde(default)]
    study_regulation_endings: Vec<String>,
    #[serde(default)]
    de_needs_guanyu: Option<bool>,
    #[serde(default)]
    policy_openings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegulationEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    kind: Option<RegulationKind>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationFile {
    #[serde(default)]
    rules: OrganizationRulesFile,
    #[serde(default, rename = "organization")]
    organizations: Vec<OrganizationEntry>,
    #[serde(default, rename = "product")]
    products: Vec<ProductEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OrganizationRulesFile {
    #[serde(default)]
    suffixes: Vec<String>,
    #[serde(default)]
    suffix_compounds: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    generic: Vec<String>,
    #[serde(default)]
    boundaries: Vec<String>,
    #[serde(default)]
    short_name_vetoes: Vec<String>,
    #[serde(default)]
    short_name_continuations: Vec<String>,
    #[serde(default)]
    channel_words: Vec<String>,
    #[serde(default)]
    channel_suffixes: Vec<String>,
    #[serde(default)]
    weak_suffixes: Vec<String>,
    #[serde(default)]
    regional_kinds: Vec<String>,
    #[serde(default)]
    official_suffixes: Vec<String>,
    #[serde(default)]
    stem_not_starting: Vec<String>,
    #[serde(default)]
    measure_words: Vec<String>,
    #[serde(default)]
    legal_forms: Vec<String>,
    #[serde(default)]
    legal_name_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    owner: Option<String>,
}

// ---- built knowledge base ---------------------------------------------------------

/// A regulation known in advance.
#[derive(Debug, Clone)]
pub struct KnownRegulation {
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: Option<RegulationKind>,
}

/// An organisation known in advance.
#[derive(Debug, Clone)]
pub struct KnownOrganization {
    pub name: String,
    pub aliases: Vec<String>,
}

/// A product known in advance (微粒贷, 余额宝 …).
#[derive(Debug, Clone)]
pub struct KnownProduct {
    pub name: String,
    pub aliases: Vec<String>,
    pub owner: Option<String>,
}

/// Everything extraction knows before reading a page: the gazetteers and
/// the recognition rules, with matchers compiled once.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    pub regulations: Vec<KnownRegulation>,
    pub organizations: Vec<KnownOrganization>,
    pub products: Vec<KnownProduct>,
    /// law key (see [`crate::extract::regulations::law_key`]) → index in `regulations`.
    pub(crate) regulation_lookup: HashMap<String, usize>,
    /// Title endings, longest first.
    pub(crate) regulation_suffixes: Vec<(String, RegulationKind)>,
    pub(crate) not_law_endings: Vec<String>,
    /// Endings of a product's or a company's papers, of any kind
    /// (解决方案, 使用指南).
    pub(crate) not_regulation_endings: Vec<String>,
    /// A title with one of these endings that holds one of
    /// `corporate_words` is a company's paper (《战略合作协议》).
    pub(crate) corporate_endings: Vec<String>,
    pub(crate) corporate_words: Vec<String>,
    /// Lower case.
    pub(crate) not_containing: Vec<String>,
    /// Words of a report's or a study's title (报告, 研究): such a title is
    /// none of a regulation's unless it ends with one of
    /// `study_regulation_endings`.
    pub(crate) study_words: Vec<String>,
    pub(crate) study_regulation_endings: Vec<String>,
    pub(crate) de_needs_guanyu: bool,
    /// Verbs that open a policy document's title (推进, 加快): such a title
    /// is a document even with a 的 and without 关于.
    pub(crate) policy_openings: Vec<String>,
    /// Organisation names and aliases (patterns), leftmost-longest.
    pub(crate) org_matcher: SparseMatcher,
    /// Pattern index → (organisation index, surface form).
    pub(crate) org_patterns: Vec<(usize, String)>,
    pub(crate) product_matcher: Matcher,
    /// Pattern index → product index.
    pub(crate) product_patterns: Vec<usize>,
    /// Organisation name suffixes, leftmost-longest.
    pub(crate) suffix_matcher: Matcher,
    pub(crate) suffixes: Vec<String>,
    /// Last characters of `suffixes`, a cheap first test.
    pub(crate) suffix_last_chars: Vec<char>,
    pub(crate) suffix_compounds: WordSet,
    /// Per organisation pattern: byte length of its ending where the compound
    /// check starts (its longest suffix, at least its last character).
    pub(crate) pattern_suffix_len: Vec<Option<usize>>,
    /// Places and prefixes: where a name may start.
    pub(crate) places: WordSet,
    /// Prefixes only (中国, 国际): not a name on their own before a suffix.
    pub(crate) prefixes: HashSet<String>,
    pub(crate) generic: HashSet<String>,
    pub(crate) boundaries: WordSet,
    pub(crate) short_name_vetoes: Vec<String>,
    pub(crate) short_name_continuations: Vec<String>,
    /// Words for the channels a bank serves through (手机, 网上): before
    /// one of `channel_suffixes` they make a product, not a name.
    pub(crate) channel_words: Vec<String>,
    pub(crate) channel_suffixes: Vec<String>,
    pub(crate) weak_suffixes: Vec<String>,
    /// Kinds of regional institution that a place turns into a name
    /// (上海 + 农商 + 银行), though the kind alone is generic.
    pub(crate) regional_kinds: Vec<String>,
    /// Suffixes of public bodies, which a place and a field name
    /// (香港 + 金融 + 管理局), though the field alone is generic.
    pub(crate) official_suffixes: Vec<String>,
    pub(crate) stem_not_starting: Vec<String>,
    /// Measure words (家, 年): after a number they end the text before a name.
    pub(crate) measure_words: Vec<String>,
    /// A company's legal form (有限公司): a known name followed by it, and
    /// by `legal_name_words` before it, is that name written in full.
    pub(crate) legal_forms: Vec<String>,
    pub(crate) legal_name_words: Vec<String>,
    /// Comparison key and kind of each known regulation's name and aliases
    /// as written: the titles a library cites again and again, worked out
    /// once for the whole site.
    pub(crate) known_titles: HashMap<String, (String, Option<RegulationKind>)>,
    /// Longest entry (in chars) of `generic` / `measure_words`.
    pub(crate) max_generic_chars: usize,
    pub(crate) max_measure_chars: usize,
    /// First and last characters of `legal_forms` with `legal_name_words`.
    pub(crate) legal_edges: WordEdges,
    /// First and last characters of `legal_forms` alone.
    pub(crate) legal_form_edges: WordEdges,
}

/// A set of words looked up at the start or the end of a run of text
/// (places, boundary words, suffix compounds), with what makes that quick:
/// its longest word's length, and its words' first and last characters.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordSet {
    words: HashSet<String>,
    max_chars: usize,
    edges: WordEdges,
}

impl WordSet {
    pub(crate) fn new(words: impl IntoIterator<Item = String>) -> WordSet {
        let words: HashSet<String> = words.into_iter().collect();
        WordSet {
            max_chars: words.iter().map(|w| w.chars().count()).max().unwrap_or(0),
            edges: WordEdges::of(words.iter()),
            words,
        }
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Byte length of the longest word that `head` ends with.
    pub(crate) fn longest_suffix_of(&self, head: &str) -> Option<usize> {
        let mut chars = head.char_indices().rev();
        // Every candidate ends with the last character.
        let (last_at, last) = chars.next()?;
        if !self.edges.may_end(last) {
            return None;
        }
        let mut best = None;
        for (n, (i, c)) in std::iter::once((last_at, last)).chain(chars).enumerate() {
            if n >= self.max_chars {
                break;
            }
            // A candidate starts with the character at `i`.
            if self.edges.may_start(c) && self.words.contains(&head[i..]) {
                best = Some(head.len() - i);
            }
        }
        best
    }

    /// Byte length of the longest word that `s` starts with.
    pub(crate) fn longest_prefix_of(&self, s: &str) -> Option<usize> {
        // Every candidate starts with the first character.
        if !self.edges.may_start(s.chars().next()?) {
            return None;
        }
        let mut best = None;
        for (n, (i, c)) in s.char_indices().enumerate() {
            if n >= self.max_chars {
                break;
            }
            let end = i + c.len_utf8();
            if self.edges.may_end(c) && self.words.contains(&s[..end]) {
                best = Some(end);
            }
        }
        best
    }
}

/// Which characters words of a set start and end with, as bit tables (may
/// say yes wrongly, never no). A name's left boundary is looked for at
/// every character before each suffix, and at most of them no place or
/// boundary word ends: the table answers before any slice is hashed.
#[derive(Debug, Clone)]
pub(crate) struct WordEdges {
    first: Box<[u64; 64]>,
    last: Box<[u64; 64]>,
}

impl Default for WordEdges {
    fn default() -> Self {
        WordEdges {
            first: Box::new([0; 64]),
            last: Box::new([0; 64]),
        }
    }
}

impl WordEdges {
    pub(crate) fn of<'a>(words: impl Iterator<Item = &'a String>) -> WordEdges {
        let mut edges = WordEdges::default();
        for word in words {
            if let (Some(first), Some(last)) = (word.chars().next(), word.chars().next_back()) {
                set_char_bit(&mut edges.first, first);
                set_char_bit(&mut edges.last, last);
            }
        }
        edges
    }

    /// Whether some word may start with `c`.
    pub(crate) fn may_start(&self, c: char) -> bool {
        char_bit(&self.first, c)
    }

    /// Whether some word may end with `c`.
    pub(crate) fn may_end(&self, c: char) -> bool {
        char_bit(&self.last, c)
    }
}

fn set_char_bit(bits: &mut [u64; 64], c: char) {
    let bit = c as usize % 4096;
    bits[bit / 64] |= 1 << (bit % 64);
}

fn char_bit(bits: &[u64; 64], c: char) -> bool {
    let bit = c as usize % 4096;
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

/// Files in the order they were given, each with its name for errors.
struct Sources<'a> {
    regulations: Vec<(String, &'a str)>,
    organizations: Vec<(String, &'a str)>,
}

impl KnowledgeBase {
    /// The data shipped with `gen`.
    pub fn builtin() -> KnowledgeBase {
        let sources = Sources {
            regulations: vec![("<builtin>/regulations.toml".into(), BUILTIN_REGULATIONS)],
            organizations: vec![("<builtin>/organizations.toml".into(), BUILTIN_ORGANIZATIONS)],
        };
        // The embedded files are checked by a unit test; should they ever
        // fail to parse, an empty base keeps the binary usable.
        Self::build(&sources).unwrap_or_else(|_| empty_base())
    }

    /// Built-in data extended by the site files named in `[index]`
    /// (paths relative to the site root). Errors name the file and line.
    pub fn with_site_files(root: &Path, cfg: &IndexConfig) -> Result<KnowledgeBase> {
        let read = |rel: &Option<std::path::PathBuf>| -> Result<Option<(String, String)>> {
            match rel {
                None => Ok(None),
                Some(rel) => {
                    let path = root.join(rel);
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    Ok(Some((path.display().to_string(), text)))
                }
            }
        };
        let site_regs = read(&cfg.regulations)?;
        let site_orgs = read(&cfg.organizations)?;
        let mut sources = Sources {
            regulations: vec![("<builtin>/regulations.toml".into(), BUILTIN_REGULATIONS)],
            organizations: vec![("<builtin>/organizations.toml".into(), BUILTIN_ORGANIZATIONS)],
        };
        if let Some((name, text)) = &site_regs {
            sources.regulations.push((name.clone(), text.as_str()));
        }
        if let Some((name, text)) = &site_orgs {
            sources.organizations.push((name.clone(), text.as_str()));
        }
        Self::build(&sources)
    }

    /// Parse only (no IO): the built-in data plus the given file texts.
    /// `file` names are used in error messages.
    pub fn from_texts(
        regulations: Option<(&str, &str)>,
        organizations: Option<(&str, &str)>,
    ) -> Result<KnowledgeBase> {
        let mut sources = Sources {
            regulations: vec![("<builtin>/regulations.toml".into(), BUILTIN_REGULATIONS)],
            organizations: vec![("<builtin>/organizations.toml".into(), BUILTIN_ORGANIZATIONS)],
        };
        if let Some((file, text)) = regulations {
            sources.regulations.push((file.to_string(), text));
        }
        if let Some((file, text)) = organizations {
            sources.organizations.push((file.to_string(), text));
        }
        Self::build(&sources)
    }

    fn build(sources: &Sources) -> Result<KnowledgeBase> {
        let mut regulations: Vec<KnownRegulation> = Vec::new();
        let mut regulation_lookup: HashMap<String, usize> = HashMap::new();
        let mut suffix_kinds: BTreeMap<String, RegulationKind> = BTreeMap::new();
        let mut not_law_endings = Vec::new();
        let mut not_regulation_endings = Vec::new();
        let mut corporate_endings = Vec::new();
        let mut corporate_words = Vec::new();
        let mut not_containing = Vec::new();
        let mut study_words = Vec::new();
        let mut study_regulation_endings = Vec::new();
        let mut de_needs_guanyu = false;
        let mut policy_openings = Vec::new();

        for (file, text) in &sources.regulations {
            let parsed: RegulationFile = parse_toml(text, file)?;
            for (kind, endings) in parsed.rules.suffixes {
                for e in endings {
                    suffix_kinds.insert(e, kind);
                }
            }
            not_law_endings.extend(parsed.rules.filters.not_law_endings);
            not_regulation_endings.extend(parsed.rules.filters.not_regulation_endings);
            corporate_endings.extend(parsed.rules.filters.corporate_endings);
            corporate_words.extend(parsed.rules.filters.corporate_words);
            // Lower-cased once here: every title is tested against them.
            not_containing.extend(
                parsed
                    .rules
                    .filters
                    .not_containing
                    .iter()
                    .map(|w| w.to_lowercase()),
            );
            study_words.extend(parsed.rules.filters.study_words);
            study_regulation_endings.extend(parsed.rules.filters.study_regulation_endings);
            if let Some(flag) = parsed.rules.filters.de_needs_guanyu {
                de_needs_guanyu = flag;
            }
            policy_openings.extend(parsed.rules.filters.policy_openings);
            for entry in parsed.regulations {
                let name = clean_name(&entry.name);
                if name.is_empty() {
                    anyhow::bail!(
                        "{}:{}: a [[regulation]] has an empty name",
                        file,
                        line_of(text, "name")
                    );
                }
                let key = super::regulations::law_key(&name);
                let idx = match regulation_lookup.get(&key) {
                    Some(&i) => i,
                    None => {
                        regulations.push(KnownRegulation {
                            name: name.clone(),
                            aliases: Vec::new(),
                            kind: entry.kind,
                        });
                        regulation_lookup.insert(key, regulations.len() - 1);
                        regulations.len() - 1
                    }
                };
                if entry.kind.is_some() {
                    regulations[idx].kind = entry.kind;
                }
                for alias in entry.aliases {
                    let alias = clean_name(&alias);
                    if alias.is_empty() {
                        continue;
                    }
                    let akey = super::regulations::law_key(&alias);
                    regulation_lookup.entry(akey).or_insert(idx);
                    if alias != regulations[idx].name && !regulations[idx].aliases.contains(&alias)
                    {
                        regulations[idx].aliases.push(alias);
                    }
                }
            }
        }
        let mut regulation_suffixes: Vec<(String, RegulationKind)> =
            suffix_kinds.into_iter().collect();
        regulation_suffixes.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });

        let mut organizations: Vec<KnownOrganization> = Vec::new();
        let mut org_index: HashMap<String, usize> = HashMap::new();
        let mut products: Vec<KnownProduct> = Vec::new();
        let mut rules = OrganizationRulesFile::default();
        for (file, text) in &sources.organizations {
            let parsed: OrganizationFile = parse_toml(text, file)?;
            rules.suffixes.extend(parsed.rules.suffixes);
            rules.suffix_compounds.extend(parsed.rules.suffix_compounds);
            rules.places.extend(parsed.rules.places);
            rules.prefixes.extend(parsed.rules.prefixes);
            rules.generic.extend(parsed.rules.generic);
            rules.boundaries.extend(parsed.rules.boundaries);
            rules
                .short_name_vetoes
                .extend(parsed.rules.short_name_vetoes);
            rules
                .short_name_continuations
                .extend(parsed.rules.short_name_continuations);
            rules.channel_words.extend(parsed.rules.channel_words);
            rules.channel_suffixes.extend(parsed.rules.channel_suffixes);
            rules.weak_suffixes.extend(parsed.rules.weak_suffixes);
            rules.regional_kinds.extend(parsed.rules.regional_kinds);
            rules
                .official_suffixes
                .extend(parsed.rules.official_suffixes);
            rules
                .stem_not_starting
                .extend(parsed.rules.stem_not_starting);
            rules.measure_words.extend(parsed.rules.measure_words);
            rules.legal_forms.extend(parsed.rules.legal_forms);
            rules.legal_name_words.extend(parsed.rules.legal_name_words);
            for entry in parsed.organizations {
                let name = clean_name(&entry.name);
                if name.is_empty() {
                    anyhow::bail!(
                        "{}:{}: an [[organization]] has an empty name",
                        file,
                        line_of(text, "name")
                    );
                }
                let idx = match org_index.get(&name) {
                    Some(&i) => i,
                    None => {
                        organizations.push(KnownOrganization {
                            name: name.clone(),
                            aliases: Vec::new(),
                        });
                        org_index.insert(name.clone(), organizations.len() - 1);
                        organizations.len() - 1
                    }
                };
                for alias in entry.aliases {
                    let alias = clean_name(&alias);
                    if alias.is_empty() || alias == organizations[idx].name {
                        continue;
                    }
                    if !organizations[idx].aliases.contains(&alias) {
                        organizations[idx].aliases.push(alias.clone());
                    }
                    org_index.entry(alias).or_insert(idx);
                }
            }
            for entry in parsed.products {
                let name = clean_name(&entry.name);
                if name.is_empty() {
                    anyhow::bail!(
                        "{}:{}: a [[product]] has an empty name",
                        file,
                        line_of(text, "name")
                    );
                }
                products.push(KnownProduct {
                    name,
                    aliases: entry.aliases.iter().map(|a| clean_name(a)).collect(),
                    owner: entry.owner,
                });
            }
        }

        // Organisation patterns: every name and alias once; the first owner wins.
        let mut org_patterns: Vec<(usize, String)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::default();
        for (i, org) in organizations.iter().enumerate() {
            for surface in std::iter::once(&org.name).chain(org.aliases.iter()) {
                if surface.chars().count() >= 2 && seen.insert(surface.clone()) {
                    org_patterns.push((i, surface.clone()));
                }
            }
        }
        let org_matcher = SparseMatcher::new(org_patterns.iter().map(|(_, s)| s.as_str()));

        let mut product_patterns = Vec::new();
        let mut product_surfaces = Vec::new();
        for (i, p) in products.iter().enumerate() {
            for surface in std::iter::once(&p.name).chain(p.aliases.iter()) {
                if surface.chars().count() >= 2 {
                    product_patterns.push(i);
                    product_surfaces.push(surface.clone());
                }
            }
        }
        let product_matcher = leftmost_longest(product_surfaces.iter().map(|s| s.as_str()))?;

        let mut suffixes: Vec<String> = rules
            .suffixes
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        suffixes.sort();
        suffixes.dedup();
        let suffix_matcher = leftmost_longest(suffixes.iter().map(|s| s.as_str()))?;

        // A known name's compound check starts at its suffix, or at least
        // at its last character (民政部门 is not 民政部).
        let pattern_suffix_len: Vec<Option<usize>> = org_patterns
            .iter()
            .map(|(_, surface)| {
                suffixes
                    .iter()
                    .filter(|s| surface.ends_with(s.as_str()))
                    .map(|s| s.len())
                    .chain(surface.chars().next_back().map(char::len_utf8))
                    .max()
            })
            .collect();
        fn max_chars<'a>(words: impl IntoIterator<Item = &'a String>) -> usize {
            words
                .into_iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        }
        let prefixes: HashSet<String> = rules.prefixes.into_iter().collect();
        let places = WordSet::new(rules.places.into_iter().chain(prefixes.iter().cloned()));
        let generic: HashSet<String> = rules.generic.into_iter().collect();
        // A generic word that starts with a boundary word (各地, 其他, 更多)
        // ends the text before a name whole: stopping at its first
        // character would leave the rest as the name's start (各地银行业协会
        // is no 地银行业协会, 其他互联网银行 no 他互联网银行).
        let generic_openers: Vec<String> = generic
            .iter()
            .filter(|g| {
                rules
                    .boundaries
                    .iter()
                    .any(|b| g.len() > b.len() && g.starts_with(b.as_str()))
            })
            .cloned()
            .collect();
        let boundaries = WordSet::new(rules.boundaries.into_iter().chain(generic_openers));
        let mut kb = KnowledgeBase {
            max_generic_chars: max_chars(&generic),
            max_measure_chars: max_chars(&rules.measure_words),
            regulations,
            organizations,
            products,
            regulation_lookup,
            regulation_suffixes,
            not_law_endings,
            not_regulation_endings,
            corporate_endings,
            corporate_words,
            not_containing,
            study_words,
            study_regulation_endings,
            de_needs_guanyu,
            policy_openings,
            org_matcher,
            org_patterns,
            product_matcher,
            product_patterns,
            suffix_matcher,
            suffix_last_chars: {
                let mut v: Vec<char> = suffixes
                    .iter()
                    .filter_map(|s| s.chars().next_back())
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            },
            suffixes,
            legal_edges: WordEdges::of(rules.legal_forms.iter().chain(&rules.legal_name_words)),
            legal_form_edges: WordEdges::of(rules.legal_forms.iter()),
            suffix_compounds: WordSet::new(rules.suffix_compounds),
            pattern_suffix_len,
            places,
            prefixes,
            generic,
            boundaries,
            short_name_vetoes: rules.short_name_vetoes,
            short_name_continuations: rules.short_name_continuations,
            channel_words: rules.channel_words,
            channel_suffixes: rules.channel_suffixes,
            weak_suffixes: rules.weak_suffixes,
            regional_kinds: rules.regional_kinds,
            official_suffixes: rules.official_suffixes,
            stem_not_starting: rules.stem_not_starting,
            measure_words: rules.measure_words,
            legal_forms: rules.legal_forms,
            legal_name_words: rules.legal_name_words,
            known_titles: HashMap::new(),
        };
        kb.known_titles = kb
            .regulations
            .iter()
            .flat_map(|r| std::iter::once(&r.name).chain(&r.aliases))
            .map(|title| {
                let info = (
                    super::regulations::law_key(title),
                    super::regulations::classify(title, &kb),
                );
                (title.clone(), info)
            })
            .collect();
        Ok(kb)
    }

    /// The known organisation a name or alias belongs to.
    pub fn organization_named(&self, surface: &str) -> Option<&KnownOrganization> {
        self.org_patterns
            .iter()
            .find(|(_, s)| s == surface)
            .map(|(i, _)| &self.organizations[*i])
    }

    /// The known regulation a title or alias belongs to.
    pub fn regulation_named(&self, title: &str) -> Option<&KnownRegulation> {
        self.regulation_lookup
            .get(&super::regulations::law_key(title))
            .map(|&i| &self.regulations[i])
    }
}

fn empty_base() -> KnowledgeBase {
    KnowledgeBase {
        regulations: Vec::new(),
        organizations: Vec::new(),
        products: Vec::new(),
        regulation_lookup: HashMap::new(),
        regulation_suffixes: Vec::new(),
        not_law_endings: Vec::new(),
        not_regulation_endings: Vec::new(),
        corporate_endings: Vec::new(),
        corporate_words: Vec::new(),
        not_containing: Vec::new(),
        study_words: Vec::new(),
        study_regulation_endings: Vec::new(),
        de_needs_guanyu: false,
        policy_openings: Vec::new(),
        org_matcher: SparseMatcher::default(),
        org_patterns: Vec::new(),
        product_matcher: Matcher::default(),
        product_patterns: Vec::new(),
        suffix_matcher: Matcher::default(),
        suffixes: Vec::new(),
        suffix_last_chars: Vec::new(),
        suffix_compounds: WordSet::default(),
        pattern_suffix_len: Vec::new(),
        places: WordSet::default(),
        prefixes: HashSet::default(),
        generic: HashSet::default(),
        boundaries: WordSet::default(),
        short_name_vetoes: Vec::new(),
        short_name_continuations: Vec::new(),
        channel_words: Vec::new(),
        channel_suffixes: Vec::new(),
        weak_suffixes: Vec::new(),
        regional_kinds: Vec::new(),
        official_suffixes: Vec::new(),
        stem_not_starting: Vec::new(),
        measure_words: Vec::new(),
        legal_forms: Vec::new(),
        legal_name_words: Vec::new(),
        known_titles: HashMap::new(),
        legal_edges: WordEdges::default(),
        legal_form_edges: WordEdges::default(),
        max_generic_chars: 0,
        max_measure_chars: 0,
    }
}

/// Names as written in data files: 《》 and surrounding space removed.
fn clean_name(name: &str) -> String {
    name.trim()
        .trim_start_matches('《')
        .trim_end_matches('》')
        .trim()
        .to_string()
}

/// A leftmost-longest Aho-Corasick automaton; empty matches nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher(Option<AhoCorasick>);

impl Matcher {
    pub(crate) fn find_iter<'a, 'h>(
        &'a self,
        text: &'h str,
    ) -> impl Iterator<Item = aho_corasick::Match> + use<'a, 'h> {
        self.0.iter().flat_map(move |ac| ac.find_iter(text))
    }
}

/// Leftmost-longest matching of many patterns that start rarely in the
/// text (the gazetteer's names over every paragraph of a site, the linker's
/// names over every page).
///
/// A full DFA of a thousand names walks each byte of the text through a
/// table too large for the cache, one dependent load after another. Here a
/// bit table of the patterns' first four bytes (hashed) rules out nearly
/// every position with independent lookups; at the rest, the patterns that
/// begin with those four bytes are compared, longest first. The matches are
/// the same: the first position where some pattern matches, its longest
/// match there (the first-listed of equals), and on from its end.
#[derive(Debug, Clone, Default)]
pub(crate) struct SparseMatcher {
    patterns: Vec<Box<[u8]>>,
    /// Bit `head_hash(first four bytes)` of every pattern of four bytes or more.
    heads: Vec<u64>,
    /// Patterns of four bytes or more by their first four bytes.
    by_head: FastMap<u32, HeadGroup>,
    /// Patterns shorter than four bytes by their first byte, longest first.
    short_by_first: Vec<Box<[u32]>>,
    /// Whether a pattern shorter than four bytes starts with the byte: what
    /// `short_by_first` says, as a flat table for the per-character test.
    short_first: Vec<bool>,
}

/// The patterns that share a four-byte head. Many names share their first
/// character and a byte of the next (中国…, 中华…, 国家…): the long ones are
/// told apart by their next four bytes, so a position compares a few
/// patterns, not every name that starts with 中.
#[derive(Debug, Clone, Default)]
struct HeadGroup {
    /// Patterns of eight bytes or more by their bytes 4..8, longest first.
    long: FastMap<u32, Box<[u32]>>,
    /// Patterns of four to seven bytes, longest first.
    short: Box<[u32]>,
}

/// Bits of the head table's index: 32 KiB, a few hundred names set well
/// under 1 % of it.
const HEAD_BITS: u32 = 18;

/// Length of the UTF-8 character whose first byte is `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

fn head_hash(head: u32) -> usize {
    (head.wrapping_mul(0x9e37_79b1) >> (32 - HEAD_BITS)) as usize
}

impl SparseMatcher {
    pub(crate) fn new<'a>(patterns: impl Iterator<Item = &'a str>) -> SparseMatcher {
        let patterns: Vec<Box<[u8]>> = patterns.map(|p| p.as_bytes().into()).collect();
        let mut heads = vec![0u64; 1 << (HEAD_BITS - 6)];
        let mut long_by_head: FastMap<u32, FastMap<u32, Vec<u32>>> = FastMap::default();
        let mut short_by_head: FastMap<u32, Vec<u32>> = FastMap::default();
        let mut short_by_first: Vec<Vec<u32>> = vec![Vec::new(); 256];
        for (number, p) in (0u32..).zip(&patterns) {
            match **p {
                [a, b, c, d, e, f, g, h, ..] => {
                    let head = u32::from_le_bytes([a, b, c, d]);
                    let bit = head_hash(head);
                    heads[bit / 64] |= 1 << (bit % 64);
                    long_by_head
                        .entry(head)
                        .or_default()
                        .entry(u32::from_le_bytes([e, f, g, h]))
                        .or_default()
                        .push(number);
                }
                [a, b, c, d, ..] => {
                    let head = u32::from_le_bytes([a, b, c, d]);
                    let bit = head_hash(head);
                    heads[bit / 64] |= 1 << (bit % 64);
                    short_by_head.entry(head).or_default().push(number);
                }
                [first, ..] => short_by_first[usize::from(first)].push(number),
                [] => {}
            }
        }
        // Longest first; among equal patterns the first listed.
        let longest_first = |mut numbers: Vec<u32>| -> Box<[u32]> {
            numbers.sort_by_key(|&n| std::cmp::Reverse(patterns[n as usize].len()));
            numbers.into()
        };
        let mut by_head: FastMap<u32, HeadGroup> = FastMap::default();
        for (head, long) in long_by_head {
            by_head.entry(head).or_default().long = long
                .into_iter()
                .map(|(next, numbers)| (next, longest_first(numbers)))
                .collect();
        }
        for (head, numbers) in short_by_head {
            by_head.entry(head).or_default().short = longest_first(numbers);
        }
        let short_first = short_by_first.iter().map(|n| !n.is_empty()).collect();
        SparseMatcher {
            by_head,
            short_by_first: short_by_first.into_iter().map(longest_first).collect(),
            short_first,
            heads,
            patterns,
        }
    }

    /// The first character boundary at or after `from` (itself one) where a
    /// pattern may start. Patterns start at character boundaries, so the
    /// test is made once per character, not per byte.
    fn next_candidate(&self, bytes: &[u8], from: usize) -> usize {
        let short_first = |b: u8| self.short_first[usize::from(b)];
        let mut at = from;
        while let Some(&[a, b, c, d]) = bytes.get(at..at + 4) {
            let bit = head_hash(u32::from_le_bytes([a, b, c, d]));
            if self.heads[bit / 64] & (1 << (bit % 64)) != 0 || short_first(a) {
                return at;
            }
            at += utf8_len(a);
        }
        while let Some(&b) = bytes.get(at) {
            if short_first(b) {
                return at;
            }
            at += utf8_len(b);
        }
        bytes.len()
    }

    /// The longest pattern starting at byte `at`: its number and length.
    /// Every pattern in a group's `long` table is longer than those in its
    /// `short` list, which are longer than the patterns under four bytes.
    fn longest_at(&self, bytes: &[u8], at: usize) -> Option<(u32, usize)> {
        let rest = bytes.get(at..)?;
        // The first `known` bytes are those the tables were looked up by;
        // the rest are compared byte by byte (names are a few bytes longer,
        // too short for a `memcmp` call to pay).
        let matching = |numbers: &[u32], known: usize| {
            numbers.iter().find_map(|&n| {
                let p = self.patterns.get(n as usize)?;
                let tail = rest.get(known..p.len())?;
                let same = tail.iter().zip(p.get(known..)?).all(|(a, b)| a == b);
                same.then_some((n, p.len()))
            })
        };
        let long = match rest {
            [a, b, c, d, tail @ ..] => self
                .by_head
                .get(&u32::from_le_bytes([*a, *b, *c, *d]))
                .and_then(|group| {
                    let longer = match tail {
                        [e, f, g, h, ..] if !group.long.is_empty() => group
                            .long
                            .get(&u32::from_le_bytes([*e, *f, *g, *h]))
                            .and_then(|numbers| matching(numbers, 8)),
                        _ => None,
                    };
                    longer.or_else(|| matching(&group.short, 4))
                }),
            _ => None,
        };
        long.or_else(|| matching(self.short_by_first.get(usize::from(*rest.first()?))?, 1))
    }

    /// Non-overlapping leftmost-longest matches, as `AhoCorasick::find_iter`.
    pub(crate) fn find_iter<'a, 'h>(
        &'a self,
        text: &'h str,
    ) -> impl Iterator<Item = aho_corasick::Match> + use<'a, 'h> {
        self.find_iter_from(text, 0)
    }

    /// [`SparseMatcher::find_iter`] from byte `from` (a character boundary)
    /// on; the matches' ranges are the whole text's.
    pub(crate) fn find_iter_from<'a, 'h>(
        &'a self,
        text: &'h str,
        from: usize,
    ) -> impl Iterator<Item = aho_corasick::Match> + use<'a, 'h> {
        let mut at = from;
        std::iter::from_fn(move || {
            if self.patterns.is_empty() {
                return None;
            }
            let bytes = text.as_bytes();
            loop {
                at = self.next_candidate(bytes, at);
                let &lead = bytes.get(at)?;
                match self.longest_at(bytes, at) {
                    Some((number, len)) => {
                        let start = at;
                        at += len.max(1);
                        return Some(aho_corasick::Match::must(number as usize, start..at));
                    }
                    None => at += utf8_len(lead),
                }
            }
        })
    }
}

pub(crate) fn leftmost_longest<'a>(patterns: impl Iterator<Item = &'a str>) -> Result<Matcher> {
    let patterns: Vec<&str> = patterns.collect();
    if patterns.is_empty() {
        return Ok(Matcher(None));
    }
    // A full DFA: a few thousand short patterns, searched over every
    // paragraph of the site, so speed beats memory here.
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns)
        .map(|ac| Matcher(Some(ac)))
        .context("cannot build the entity matcher")
}

fn parse_toml<T: serde::de::DeserializeOwned>(text: &str, file: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let msg = e.message().to_string();
        match e.span() {
            Some(s) => {
                let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                anyhow::anyhow!("{}:{}: {}", file, line, msg)
            }
            None => anyhow::anyhow!("{}: {}", file, msg),
        }
    })
}

/// Line of the first `key = ""` (empty value) in `text`, for error messages.
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim();
            l.starts_with(key) && l.trim_end().ends_with("\"\"")
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_matcher_finds_what_the_full_automaton_finds() {
        let kb = KnowledgeBase::builtin();
        let patterns: Vec<&str> = kb.org_patterns.iter().map(|(_, s)| s.as_str()).collect();
        let full = leftmost_longest(patterns.iter().copied()).unwrap();
        // Names, their pieces and overlaps, short ASCII names, filler.
        let mut pieces: Vec<String> = patterns.iter().take(400).map(|p| p.to_string()).collect();
        pieces.extend(patterns.iter().take(400).filter_map(|p| {
            let cut = p.char_indices().nth(1)?.0;
            Some(p[cut..].to_string())
        }));
        pieces.extend(["的", "银行", "A", "JD", " ", "。", "集团", "中国"].map(String::from));
        let mut state = 11u32;
        for _ in 0..500 {
            let mut text = String::new();
            for _ in 0..(state % 30) {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(&pieces[(state >> 8) as usize % pieces.len()]);
            }
            let spans = |it: &mut dyn Iterator<Item = aho_corasick::Match>| -> Vec<_> {
                it.map(|m| (m.start(), m.end(), m.pattern())).collect()
            };
            assert_eq!(
                spans(&mut kb.org_matcher.find_iter(&text)),
                spans(&mut full.find_iter(&text)),
                "{text}"
            );
            state = state.wrapping_add(1);
        }
    }

    #[test]
    fn sparse_matcher_breaks_ties_as_the_full_automaton() {
        // Repeated patterns, prefixes of one another, and names shorter
        // than the four-byte head.
        let patterns = [
            "中国银行",
            "中国",
            "中国银行",
            "中",
            "AB",
            "ABC",
            "ABCD",
            "ABCDE",
            "A",
            "银行业",
            // Around the eight-byte split between a group's tables.
            "ABCDEFG",
            "ABCDEFGH",
            "ABCDEFGHI",
            "ABCDEFGX",
            "中国人",
            "中国人民",
            "中国人民银行",
            "中国人民",
        ];
        let sparse = SparseMatcher::new(patterns.iter().copied());
        let full = leftmost_longest(patterns.iter().copied()).unwrap();
        for text in [
            "中国银行业中国人中ABCDEFABCABAX",
            "",
            "A",
            "银行业中国银",
            "xABCD中国银行",
            "ABCDEFGHIJ ABCDEFGX ABCDEFG ABCDEFGH",
            "中国人民银行中国人民中国人中国人民银",
        ] {
            let spans = |it: &mut dyn Iterator<Item = aho_corasick::Match>| -> Vec<_> {
                it.map(|m| (m.start(), m.end(), m.pattern())).collect()
            };
            assert_eq!(
                spans(&mut sparse.find_iter(text)),
                spans(&mut full.find_iter(text)),
                "{text}"
            );
        }
    }

    #[test]
    fn builtin_data_parses() {
        let sources = Sources {
            regulations: vec![("r".into(), BUILTIN_REGULATIONS)],
            organizations: vec![("o".into(), BUILTIN_ORGANIZATIONS)],
        };
        let kb = KnowledgeBase::build(&sources).unwrap();
        assert!(kb.organizations.len() > 50);
        assert!(kb.regulation_named("网络安全法").is_some());
        assert_eq!(
            kb.organization_named("央行").map(|o| o.name.as_str()),
            Some("中国人民银行")
        );
    }

    #[test]
    fn site_file_errors_name_file_and_line() {
        let err = KnowledgeBase::from_texts(
            None,
            Some(("site/orgs.toml", "[[organization]]\nname = 3\n")),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("site/orgs.toml:2:"), "{err}");
        let err =
            KnowledgeBase::from_texts(Some(("regs.toml", "[[regulation]]\nnam = \"x\"\n")), None)
                .unwrap_err()
                .to_string();
        assert!(err.starts_with("regs.toml:"), "{err}");
        let err =
            KnowledgeBase::from_texts(Some(("regs.toml", "[[regulation]]\nname = \"\"\n")), None)
                .unwrap_err()
                .to_string();
        assert_eq!(err, "regs.toml:2: a [[regulation]] has an empty name");
    }

    #[test]
    fn site_file_extends_builtin() {
        let kb = KnowledgeBase::from_texts(
            None,
            Some((
                "orgs.toml",
                "[rules]\ngeneric = [\"示例\"]\n[[organization]]\nname = \"中国人民银行\"\naliases = [\"人总行\"]\n[[organization]]\nname = \"示范科技\"\n",
            )),
        )
        .unwrap();
        assert_eq!(
            kb.organization_named("人总行").map(|o| o.name.as_str()),
            Some("中国人民银行")
        );
        assert!(kb.organization_named("示范科技").is_some());
        assert!(kb.generic.contains("示例"));
        assert!(kb.generic.contains("商业"));
    }
}
