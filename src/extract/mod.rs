//! Entity extraction: regulations (《…》), organisations and case studies,
//! with alias merging and mentions that point at paragraph anchors.
//!
//! Entry points: [`document_entities`] (one imported report, for
//! `gen import --json`), [`extract_site`] (every paragraph of the site, for
//! the index pages and `entities.json`) and [`Entities::linker`] (spans of
//! mentions in a paragraph, for links in the rendered text).

pub mod aliases;
pub mod cases;
pub mod kb;
pub mod linker;
pub mod organizations;
pub mod regulations;
mod scan;
pub mod view;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::slug::UniqueSlugs;

pub use cases::CaseOutcome;
pub use kb::{KnowledgeBase, RegulationKind};
pub use linker::{EntityKind, MentionLinker, MentionSpan};

use scan::{scan_document, scan_document_with, DocScan, TitleCache};

/// One paragraph of rendered content, as the build hands it to extraction.
#[derive(Debug, Clone)]
pub struct ParagraphRef<'a> {
    /// Report slug (`""` for standalone pages).
    pub report: &'a str,
    /// Chapter title (or page title).
    pub chapter: &'a str,
    /// Site-relative URL of the paragraph's page.
    pub page_url: &'a str,
    /// The paragraph's anchor (its `id`, without `#`).
    pub anchor: &'a str,
    /// Titles of the enclosing headings, outermost first (chapter title,
    /// then `##`, `###` sections); cases are found from these.
    pub headings: &'a [String],
    /// Plain text of the paragraph.
    pub text: &'a str,
}

impl ParagraphRef<'_> {
    /// Site-relative URL of the paragraph: page URL + `#anchor`. Made only
    /// for the paragraphs a mention is in, not for every paragraph.
    pub fn url(&self) -> String {
        format!("{}#{}", self.page_url, self.anchor)
    }
}

/// The paragraph a mention is in; shared by every mention in it.
#[derive(Debug, PartialEq, Eq)]
pub struct Place {
    /// Report slug (`""` for standalone pages).
    pub report: Arc<str>,
    /// Chapter (or page) title.
    pub chapter: Arc<str>,
    /// Site-relative URL of the paragraph, with its `#anchor`.
    pub url: Box<str>,
}

/// Where an entity is mentioned.
///
/// A large library has hundreds of thousands of mentions, and every entity
/// mentioned in a paragraph shares that paragraph's [`Place`]: a mention is
/// a pointer and its context (serialised as `{report, chapter, url,
/// context}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub place: Arc<Place>,
    /// About 40 characters of text around the mention.
    pub context: Box<str>,
}

impl Mention {
    /// A mention at a new place (tests, hand-made data).
    pub fn new(report: &str, chapter: &str, url: &str, context: &str) -> Mention {
        Mention {
            place: Arc::new(Place {
                report: report.into(),
                chapter: chapter.into(),
                url: url.into(),
            }),
            context: context.into(),
        }
    }

    pub fn report(&self) -> &str {
        &self.place.report
    }

    pub fn chapter(&self) -> &str {
        &self.place.chapter
    }

    pub fn url(&self) -> &str {
        &self.place.url
    }
}

impl Serialize for Mention {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Mention", 4)?;
        out.serialize_field("report", self.report())?;
        out.serialize_field("chapter", self.chapter())?;
        out.serialize_field("url", self.url())?;
        out.serialize_field("context", &*self.context)?;
        out.end()
    }
}

/// Shares the places of one document's mentions: every entity mentioned in
/// a paragraph points at that paragraph's one [`Place`], and the places of a
/// report share its report and chapter strings. (Entities are visited one
/// after another, so their paragraphs do not arrive in reading order.)
#[derive(Default)]
pub(crate) struct MentionPlaces {
    /// By paragraph index within the document.
    places: Vec<Option<Arc<Place>>>,
    report: Option<Arc<str>>,
    chapters: Vec<Arc<str>>,
}

impl MentionPlaces {
    /// A mention in `p`, the document's paragraph number `index`, with the
    /// given context.
    pub(crate) fn mention(&mut self, index: usize, p: &ParagraphRef, context: String) -> Mention {
        if index >= self.places.len() {
            self.places.resize_with(index + 1, || None);
        }
        let place = match &self.places[index] {
            Some(place) => Arc::clone(place),
            None => {
                let report = match &self.report {
                    Some(r) if &**r == p.report => Arc::clone(r),
                    _ => {
                        let r: Arc<str> = Arc::from(p.report);
                        self.report = Some(Arc::clone(&r));
                        r
                    }
                };
                let chapter = match self.chapters.iter().find(|c| &***c == p.chapter) {
                    Some(c) => Arc::clone(c),
                    None => {
                        let c: Arc<str> = Arc::from(p.chapter);
                        self.chapters.push(Arc::clone(&c));
                        c
                    }
                };
                let place = Arc::new(Place {
                    report,
                    chapter,
                    url: p.url().into(),
                });
                self.places[index] = Some(Arc::clone(&place));
                place
            }
        };
        Mention {
            place,
            context: context.into_boxed_str(),
        }
    }
}

/// A regulation with every mention across the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Regulation {
    /// ASCII slug, unique among regulations.
    pub id: String,
    /// Canonical title (without 《》).
    pub name: String,
    /// Other titles it goes by (short forms, declared aliases).
    pub aliases: Vec<String>,
    pub kind: RegulationKind,
    pub mentions: Vec<Mention>,
}

/// An organisation with every mention across the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organization {
    /// ASCII slug, unique among organisations.
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub mentions: Vec<Mention>,
}

/// One case from a case-study section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    /// ASCII slug, unique among cases.
    pub id: String,
    /// Named organisation or product, or an anonymous description
    /// (某知名互联网金融平台).
    pub subject: String,
    /// Whether the subject is anonymous (某…, 一家…).
    pub anonymous: bool,
    pub outcome: CaseOutcome,
    /// Products named in the case (微粒贷, 余额宝 …).
    pub products: Vec<String>,
    /// Report slug.
    pub report: String,
    /// URL of the case paragraph.
    pub url: String,
    /// The case paragraph(s).
    pub mentions: Vec<Mention>,
}

/// Everything extracted from the site, in deterministic order: regulations
/// by kind then name, organisations by name, cases in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entities {
    pub regulations: Vec<Regulation>,
    pub organizations: Vec<Organization>,
    pub cases: Vec<Case>,
}

/// An organisation as `gen import --json` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgName {
    pub name: String,
    pub aliases: Vec<String>,
}

/// Entities of one report, for `gen import --json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentEntities {
    /// Canonical titles, in order of first mention.
    pub regulations: Vec<String>,
    /// Organisations in order of first mention, with the aliases seen or
    /// declared in the text.
    pub organizations: Vec<OrgName>,
}

/// Regulations and organisations of one document (clean Markdown or plain
/// text in the site's script). Paragraphs are its non-empty lines.
pub fn document_entities(text: &str, kb: &KnowledgeBase) -> DocumentEntities {
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let headings = markdown_headings(&paragraphs);
    let listed = organizations::listed_paragraphs(&paragraphs, |i| headings[i]);
    let scan = scan_document(&paragraphs, &listed, kb);
    DocumentEntities {
        regulations: scan
            .regulations
            .iter()
            .map(|r| r.document_name(kb))
            .collect(),
        organizations: scan
            .organizations
            .iter()
            .map(|o| {
                let name = o.name(kb);
                OrgName {
                    aliases: o.aliases_seen(&name),
                    name,
                }
            })
            .collect(),
    }
}

/// For each line of Markdown, the innermost heading over it (a heading
/// line's own text for the heading itself).
fn markdown_headings<'a>(lines: &[&'a str]) -> Vec<Option<&'a str>> {
    let mut current = None;
    lines
        .iter()
        .map(|line| {
            if let Some(heading) = line.trim_start().strip_prefix('#') {
                current = Some(heading.trim_start_matches('#'));
            }
            current
        })
        .collect()
}

/// A regulation of one document: (key, name, aliases, kind, mentions).
type RegulationResult = (String, String, Vec<String>, RegulationKind, Vec<Mention>);

/// Per-document results before the site-wide merge.
struct DocResult {
    regulations: Vec<RegulationResult>,
    organizations: Vec<(String, Vec<String>, Vec<Mention>)>,
    cases: Vec<Case>,
}

/// Extract every entity from the site's paragraphs (in reading order).
/// Paragraphs of one report form one document: alias declarations apply from
/// where they are made to the end of that report. Reports are processed in
/// parallel and merged in input order, so the result is deterministic.
pub fn extract_site(paragraphs: &[ParagraphRef], kb: &KnowledgeBase) -> Entities {
    extract_site_keeping(paragraphs, kb).0
}

/// [`extract_site`], also returning what `gen serve` needs to re-merge the
/// site after one report changes ([`SiteExtraction::replace`]).
pub fn extract_site_keeping(
    paragraphs: &[ParagraphRef],
    kb: &KnowledgeBase,
) -> (Entities, SiteExtraction) {
    // Group by report (standalone pages: by page URL), keeping first-seen order.
    // A document's paragraphs usually come in one run: each run is looked
    // up once, not each paragraph.
    let mut order: Vec<DocumentKey> = Vec::new();
    let mut groups: HashMap<DocumentKey, Vec<&ParagraphRef>> = HashMap::new();
    for run in paragraphs.chunk_by(|a, b| document_key(a) == document_key(b)) {
        let key = document_key(&run[0]);
        groups
            .entry(key)
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .extend(run);
    }
    let docs: Vec<Vec<&ParagraphRef>> = order.iter().filter_map(|k| groups.remove(k)).collect();

    let results: Vec<DocResult> = docs
        .par_iter()
        .map_init(TitleCache::default, |titles, doc| {
            scan_report(doc, kb, titles)
        })
        .collect();
    let keys = order
        .into_iter()
        .map(|(page, name)| match page {
            true => format!("\u{0}{name}"),
            false => name.to_string(),
        })
        .collect();
    merge(keys, results)
}

/// Whether a document is a standalone page, and its report slug or page URL.
type DocumentKey<'a> = (bool, &'a str);

/// The document a paragraph belongs to: its report, or its standalone page.
fn document_key<'a>(p: &ParagraphRef<'a>) -> DocumentKey<'a> {
    if p.report.is_empty() {
        (true, p.page_url)
    } else {
        (false, p.report)
    }
}

/// One document's fresh scan (see [`scan_document_paragraphs`]).
pub struct DocumentScan(DocResult);

/// Scan the paragraphs of one report (all of them, in reading order), to
/// hand to [`SiteExtraction::replace`].
pub fn scan_document_paragraphs(paragraphs: &[ParagraphRef], kb: &KnowledgeBase) -> DocumentScan {
    let doc: Vec<&ParagraphRef> = paragraphs.iter().collect();
    DocumentScan(scan_report(&doc, kb, &mut TitleCache::default()))
}

/// What one document contributed to the merge, without its mentions (those
/// live only in [`Entities`], so nothing large is held twice).
#[derive(Debug, Clone)]
struct DocSummary {
    /// (key, name, aliases, kind, mention count).
    regulations: Vec<(String, String, Vec<String>, RegulationKind, usize)>,
    /// (name, aliases, mention count).
    organizations: Vec<(String, Vec<String>, usize)>,
    cases: Vec<Case>,
}

impl DocSummary {
    fn of(r: &DocResult) -> DocSummary {
        DocSummary {
            regulations: r
                .regulations
                .iter()
                .map(|(key, name, aliases, kind, m)| {
                    (key.clone(), name.clone(), aliases.clone(), *kind, m.len())
                })
                .collect(),
            organizations: r
                .organizations
                .iter()
                .map(|(name, aliases, m)| (name.clone(), aliases.clone(), m.len()))
                .collect(),
            cases: r.cases.clone(),
        }
    }
}

/// The per-document results of a site's extraction, kept by `gen serve` so
/// that one edited report is re-scanned and merged again without scanning
/// the others.
#[derive(Debug, Clone, Default)]
pub struct SiteExtraction {
    /// In merge order.
    docs: Vec<DocSummary>,
    /// Document key (report slug) → position in `docs`.
    positions: HashMap<String, usize>,
    /// Merge key of each of [`Entities::regulations`], in order.
    regulation_keys: Vec<String>,
    /// Merge key of each of [`Entities::organizations`], in order.
    organization_keys: Vec<String>,
}

/// Entities whose mentions a [`SiteExtraction::replace`] changed (indexes
/// into the new [`Entities`] lists). An entity whose name, aliases or id
/// changed is not listed: callers compare [`Entities::link_patterns`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    pub regulations: Vec<usize>,
    pub organizations: Vec<usize>,
}

impl SiteExtraction {
    /// Put `scan` in place of report `report`'s earlier scan and update
    /// `entities` to what a fresh [`extract_site`] would give. `None` (and
    /// nothing changed) when that cannot be done here: an unknown report, or
    /// changed case studies (their ids are allocated site-wide).
    pub fn replace(
        &mut self,
        entities: &mut Entities,
        report: &str,
        scan: DocumentScan,
    ) -> Option<Touched> {
        let d = *self.positions.get(report)?;
        let summary = DocSummary::of(&scan.0);
        if summary.cases != self.docs[d].cases {
            return None;
        }
        // Swapped in now; swapped back if the splice plan fails below.
        let old = std::mem::replace(&mut self.docs[d], summary);
        let docs = &self.docs;
        let (meta, regulation_keys, organization_keys) = merge_meta(docs);
        // Each entity's mentions are in document order: the replaced
        // document's block starts after those of the documents before it.
        let mut reg_before: HashMap<&str, usize> = HashMap::new();
        let mut org_before: HashMap<&str, usize> = HashMap::new();
        for doc in &docs[..d] {
            for (key, _, _, _, n) in &doc.regulations {
                *reg_before.entry(key).or_default() += n;
            }
            for (name, _, n) in &doc.organizations {
                *org_before.entry(name).or_default() += n;
            }
        }
        let reg_old: HashMap<&str, usize> = old
            .regulations
            .iter()
            .map(|(k, _, _, _, n)| (k.as_str(), *n))
            .collect();
        let org_old: HashMap<&str, usize> = old
            .organizations
            .iter()
            .map(|(k, _, n)| (k.as_str(), *n))
            .collect();
        let reg_prev: HashMap<&str, usize> = self
            .regulation_keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let org_prev: HashMap<&str, usize> = self
            .organization_keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        // Check every splice first, so a mismatch changes nothing.
        let plan = |keys: &[String],
                    prev: &HashMap<&str, usize>,
                    before: &HashMap<&str, usize>,
                    old_counts: &HashMap<&str, usize>,
                    lens: &dyn Fn(usize) -> usize|
         -> Option<Vec<(Option<usize>, usize, usize)>> {
            keys.iter()
                .map(|key| {
                    let at = before.get(key.as_str()).copied().unwrap_or(0);
                    let n = old_counts.get(key.as_str()).copied().unwrap_or(0);
                    let from = prev.get(key.as_str()).copied();
                    let len = from.map_or(0, lens);
                    (at + n <= len).then_some((from, at, n))
                })
                .collect()
        };
        let reg_plan = plan(&regulation_keys, &reg_prev, &reg_before, &reg_old, &|i| {
            entities.regulations[i].mentions.len()
        });
        let org_plan = plan(&organization_keys, &org_prev, &org_before, &org_old, &|i| {
            entities.organizations[i].mentions.len()
        });
        let (Some(reg_plan), Some(org_plan)) = (reg_plan, org_plan) else {
            self.docs[d] = old;
            return None;
        };
        let DocResult {
            regulations: new_regs,
            organizations: new_orgs,
            ..
        } = scan.0;
        let mut reg_new: HashMap<String, Vec<Mention>> = new_regs
            .into_iter()
            .map(|(key, _, _, _, m)| (key, m))
            .collect();
        let mut org_new: HashMap<String, Vec<Mention>> =
            new_orgs.into_iter().map(|(name, _, m)| (name, m)).collect();
        let mut touched = Touched::default();
        let mut next = meta;
        for (i, (from, at, n)) in reg_plan.into_iter().enumerate() {
            let mut mentions = from
                .map(|j| std::mem::take(&mut entities.regulations[j].mentions))
                .unwrap_or_default();
            let fresh = reg_new.remove(&regulation_keys[i]).unwrap_or_default();
            if mentions[at..at + n] != fresh[..] {
                touched.regulations.push(i);
            }
            mentions.splice(at..at + n, fresh);
            next.regulations[i].mentions = mentions;
        }
        for (i, (from, at, n)) in org_plan.into_iter().enumerate() {
            let mut mentions = from
                .map(|j| std::mem::take(&mut entities.organizations[j].mentions))
                .unwrap_or_default();
            let fresh = org_new.remove(&organization_keys[i]).unwrap_or_default();
            if mentions[at..at + n] != fresh[..] {
                touched.organizations.push(i);
            }
            mentions.splice(at..at + n, fresh);
            next.organizations[i].mentions = mentions;
        }
        // Cases are unchanged (checked above), so their mentions are too.
        next.cases = std::mem::take(&mut entities.cases);
        *entities = next;
        self.regulation_keys = regulation_keys;
        self.organization_keys = organization_keys;
        Some(touched)
    }
}

fn scan_report(doc: &[&ParagraphRef], kb: &KnowledgeBase, titles: &mut TitleCache) -> DocResult {
    let texts: Vec<&str> = doc.iter().map(|p| p.text).collect();
    let listed = organizations::listed_paragraphs(&texts, |i| {
        doc.get(i)?.headings.last().map(String::as_str)
    });
    let scan: DocScan = scan_document_with(&texts, &listed, kb, titles);
    let mut places = MentionPlaces::default();
    let mut mention = |para: usize, range: &std::ops::Range<usize>| {
        let p = doc[para];
        places.mention(para, p, snippet(p.text, range.clone()))
    };
    // One mention per paragraph: the index lists places, not repetitions.
    let mut mentions_of = |spans: &[(usize, std::ops::Range<usize>)]| {
        let mut out: Vec<Mention> = Vec::new();
        let mut last_para = None;
        for (para, range) in spans {
            if last_para != Some(*para) {
                out.push(mention(*para, range));
                last_para = Some(*para);
            }
        }
        out
    };
    let regulations = scan
        .regulations
        .iter()
        .map(|r| {
            let name = r.site_name(kb);
            (
                r.key.clone(),
                name.clone(),
                r.aliases_seen(&name),
                r.kind,
                mentions_of(&r.mentions),
            )
        })
        .collect();
    let organizations = scan
        .organizations
        .iter()
        .map(|o| {
            let name = o.name(kb);
            let mut aliases = o.aliases_seen(&name);
            if let Some(i) = o.known {
                for a in &kb.organizations[i].aliases {
                    if !aliases.contains(a) {
                        aliases.push(a.clone());
                    }
                }
            }
            (name, aliases, mentions_of(&o.mentions))
        })
        .collect();
    let cases = cases::find_cases(doc, &scan, kb);
    DocResult {
        regulations,
        organizations,
        cases,
    }
}

/// Merge per-document results (in document order, `keys` naming them).
fn merge(keys: Vec<String>, results: Vec<DocResult>) -> (Entities, SiteExtraction) {
    let docs: Vec<DocSummary> = results.iter().map(DocSummary::of).collect();
    let (mut entities, regulation_keys, organization_keys) = merge_meta(&docs);
    let reg_at: HashMap<&str, usize> = regulation_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let org_at: HashMap<&str, usize> = organization_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    // Each entity's mentions, report by report: the lists are moved here
    // (no mention is copied yet), then joined one entity per task. A large
    // library has millions of mentions, and joining them on one thread
    // left the other cores idle.
    let mut reg_parts: Vec<Vec<Vec<Mention>>> = vec![Vec::new(); entities.regulations.len()];
    let mut org_parts: Vec<Vec<Vec<Mention>>> = vec![Vec::new(); entities.organizations.len()];
    for r in results {
        for (key, _, _, _, mentions) in r.regulations {
            if let Some(&i) = reg_at.get(key.as_str()) {
                reg_parts[i].push(mentions);
            }
        }
        for (name, _, mentions) in r.organizations {
            if let Some(&i) = org_at.get(name.as_str()) {
                org_parts[i].push(mentions);
            }
        }
    }
    rayon::join(
        || {
            entities
                .regulations
                .par_iter_mut()
                .zip(reg_parts)
                .for_each(|(r, parts)| r.mentions = joined(parts));
        },
        || {
            entities
                .organizations
                .par_iter_mut()
                .zip(org_parts)
                .for_each(|(o, parts)| o.mentions = joined(parts));
        },
    );
    let positions = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
    let kept = SiteExtraction {
        docs,
        positions,
        regulation_keys,
        organization_keys,
    };
    (entities, kept)
}

/// The lists one after another, moved (not cloned) into one of exact size.
fn joined(parts: Vec<Vec<Mention>>) -> Vec<Mention> {
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        all.extend(part);
    }
    all
}

/// Everything of the merge but the mentions (left empty): names, aliases,
/// order, ids and cases, with the merge key of each regulation and
/// organisation.
fn merge_meta(docs: &[DocSummary]) -> (Entities, Vec<String>, Vec<String>) {
    struct RegAcc {
        names: Vec<String>,
        aliases: BTreeSet<String>,
        kind: RegulationKind,
    }
    let mut regs: Vec<(String, RegAcc)> = Vec::new();
    let mut reg_index: HashMap<&str, usize> = HashMap::new();
    let mut orgs: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut org_index: HashMap<&str, usize> = HashMap::new();
    for r in docs {
        for (key, name, aliases, kind, _) in &r.regulations {
            let i = *reg_index.entry(key).or_insert_with(|| {
                regs.push((
                    key.clone(),
                    RegAcc {
                        names: Vec::new(),
                        aliases: BTreeSet::new(),
                        kind: *kind,
                    },
                ));
                regs.len() - 1
            });
            let acc = &mut regs[i].1;
            acc.names.push(name.clone());
            acc.aliases.extend(aliases.iter().cloned());
        }
        for (name, aliases, _) in &r.organizations {
            let i = *org_index.entry(name).or_insert_with(|| {
                orgs.push((name.clone(), BTreeSet::new()));
                orgs.len() - 1
            });
            orgs[i].1.extend(aliases.iter().cloned());
        }
    }

    let mut regulations: Vec<(Regulation, String)> = regs
        .into_iter()
        .map(|(key, acc)| {
            let name = scan::preferred_title(&acc.names);
            let aliases = acc
                .aliases
                .into_iter()
                .chain(acc.names.iter().cloned())
                .filter(|a| a != &name)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let regulation = Regulation {
                id: String::new(),
                name,
                aliases,
                kind: acc.kind,
                mentions: Vec::new(),
            };
            (regulation, key)
        })
        .collect();
    regulations.sort_by(|(a, _), (b, _)| a.kind.cmp(&b.kind).then(a.name.cmp(&b.name)));
    let mut ids = IdAllocator::default();
    for (r, _) in &mut regulations {
        r.id = ids.allocate(&regulations::law_key(&r.name));
    }
    let (regulations, regulation_keys): (Vec<Regulation>, Vec<String>) =
        regulations.into_iter().unzip();

    let mut organizations: Vec<Organization> = orgs
        .into_iter()
        .map(|(name, aliases)| Organization {
            id: String::new(),
            aliases: aliases.into_iter().filter(|a| a != &name).collect(),
            name,
            mentions: Vec::new(),
        })
        .collect();
    organizations.sort_by(|a, b| a.name.cmp(&b.name));
    let mut ids = IdAllocator::default();
    for o in &mut organizations {
        o.id = ids.allocate(&o.name);
    }
    let organization_keys = organizations.iter().map(|o| o.name.clone()).collect();

    let mut ids = IdAllocator::default();
    let cases = docs
        .iter()
        .flat_map(|r| &r.cases)
        .map(|case| Case {
            id: ids.allocate(&case.subject),
            ..case.clone()
        })
        .collect();
    let entities = Entities {
        regulations,
        organizations,
        cases,
    };
    (entities, regulation_keys, organization_keys)
}

/// Unique ASCII ids: the slug of a name, `-2`, `-3` … in allocation order.
#[derive(Default)]
struct IdAllocator(UniqueSlugs);

impl IdAllocator {
    fn allocate(&mut self, name: &str) -> String {
        self.0.claim(&crate::slug::slugify(name))
    }
}

/// Characters of context kept before a mention.
const CONTEXT_BEFORE: usize = 16;
/// Total characters of context (before + mention + after). Short: a large
/// library holds hundreds of thousands of these in `entities.json`.
const CONTEXT_TOTAL: usize = 40;

/// About 40 characters of `text` around `range`, with `…` where cut.
///
/// Every mention of a large library gets one (hundreds of thousands), so
/// this walks bytes rather than decoding characters.
pub fn snippet(text: &str, range: std::ops::Range<usize>) -> String {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return text.chars().take(CONTEXT_TOTAL).collect();
    }
    let bytes = text.as_bytes();
    let is_char_start = |b: u8| b & 0xc0 != 0x80;
    // Walk only as far as needed: paragraphs can be long.
    let mut from = start;
    let mut kept_before = 0;
    while from > 0 && kept_before < CONTEXT_BEFORE {
        from -= 1;
        while from > 0 && !is_char_start(bytes[from]) {
            from -= 1;
        }
        kept_before += 1;
    }
    let mention_chars = bytes[start..end]
        .iter()
        .filter(|&&b| is_char_start(b))
        .count();
    let after_budget = CONTEXT_TOTAL
        .saturating_sub(kept_before + mention_chars)
        .max(12);
    let mut to = end;
    let mut kept_after = 0;
    while to < bytes.len() && kept_after < after_budget {
        to += 1;
        while to < bytes.len() && !is_char_start(bytes[to]) {
            to += 1;
        }
        kept_after += 1;
    }
    // The three parts are one run of the text.
    let region = &text[from..to];
    // Exactly what the snippet takes unless white space is squeezed: the
    // mention keeps it as a boxed `str`, which would otherwise be copied
    // into a smaller allocation.
    let marks = usize::from(from > 0) + usize::from(to < bytes.len());
    let mut out = String::with_capacity(region.len() + marks * '…'.len_utf8());
    if from > 0 {
        out.push('…');
    }
    // Whitespace runs (line breaks from the source) become one space;
    // leading and trailing ones go.
    let region_bytes = region.as_bytes();
    let mut words = 0;
    let mut word_start = 0;
    let mut at = 0;
    loop {
        // Most bytes cannot start white space: skip them by table.
        while region_bytes
            .get(at)
            .is_some_and(|&b| !MAY_START_SPACE[usize::from(b)])
        {
            at += 1;
        }
        let space = whitespace_len(region, at);
        if space == 0 && at < region.len() {
            at += 1;
            continue;
        }
        if word_start < at {
            if words > 0 && !out.ends_with('…') {
                out.push(' ');
            }
            out.push_str(&region[word_start..at]);
            words += 1;
        }
        if at >= region.len() {
            break;
        }
        at += space;
        word_start = at;
    }
    if to < bytes.len() {
        out.push('…');
    }
    out
}

/// The bytes [`whitespace_len`] may find white space at: ASCII spaces and
/// controls, and the lead bytes of the few non-ASCII spaces (U+0085,
/// U+00A0; U+1680; U+2000-U+205F; U+3000).
const MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = b'\t';
    while b <= b'\r' {
        table[b as usize] = true;
        b += 1;
    }
    table[b' ' as usize] = true;
    table[0xc2] = true;
    table[0xe1] = true;
    table[0xe2] = true;
    table[0xe3] = true;
    table
};

/// Byte length of the whitespace character starting at byte `at` of
/// `text`, or 0 (also past the end and inside a character). Only a few lead
/// bytes can start one, so most bytes are ruled out without decoding.
fn whitespace_len(text: &str, at: usize) -> usize {
    // The White_Space characters, by their UTF-8 bytes: what
    // `char::is_whitespace` says, without decoding (a snippet meets the lead
    // byte 0xE3 at most CJK punctuation).
    match text.as_bytes().get(at..).unwrap_or_default() {
        [b'\t'..=b'\r' | b' ', ..] => 1,
        [0xc2, 0x85 | 0xa0, ..] => 2,
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character [`snippet`] it replaced, as an oracle.
    fn snippet_by_chars(text: &str, range: std::ops::Range<usize>) -> String {
        let start = range.start.min(text.len());
        let end = range.end.clamp(start, text.len());
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return text.chars().take(CONTEXT_TOTAL).collect();
        }
        // Walk only as far as needed: paragraphs can be long.
        let head = &text[..start];
        let from = head
            .char_indices()
            .rev()
            .nth(CONTEXT_BEFORE - 1)
            .map_or(0, |(i, _)| i);
        let kept_before = head[from..].chars().count();
        let mention = &text[start..end];
        let after_budget = CONTEXT_TOTAL
            .saturating_sub(kept_before + mention.chars().count())
            .max(12);
        let tail = &text[end..];
        let to = tail
            .char_indices()
            .nth(after_budget)
            .map_or(tail.len(), |(i, _)| i);
        // The three parts are one run of the text.
        let region = &text[from..end + to];
        let mut out = String::with_capacity(region.len() + 6);
        if from > 0 {
            out.push('…');
        }
        // Whitespace runs (line breaks from the source) become one space;
        // leading and trailing ones go.
        for (i, word) in region
            .split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .enumerate()
        {
            if i > 0 && !out.ends_with('…') {
                out.push(' ');
            }
            out.push_str(word);
        }
        if to < tail.len() {
            out.push('…');
        }
        out
    }

    #[test]
    fn snippet_matches_the_character_walk() {
        let pieces = [
            "前",
            "《网络安全法》",
            " ",
            "\n",
            "\u{3000}",
            "\u{a0}",
            "。",
            "ab",
            "…",
            "\u{2028}",
            "\u{e9}",
            "x",
            "  ",
            "中国人民银行",
        ];
        // A deterministic mix of pieces, every mention range over it.
        let mut state = 7u32;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(pieces[(state >> 16) as usize % pieces.len()]);
            }
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for (n, &a) in bounds.iter().enumerate() {
                for &b in &bounds[n..bounds.len().min(n + 4)] {
                    assert_eq!(
                        snippet(&text, a..b),
                        snippet_by_chars(&text, a..b),
                        "{text:?} {a}..{b}"
                    );
                }
            }
            state = state.wrapping_add(1);
        }
    }

    #[test]
    fn whitespace_len_is_char_is_whitespace() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("{c}x");
            let expected = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(whitespace_len(&text, 0), expected, "{:#x}", c as u32);
        }
        assert_eq!(whitespace_len("a", 1), 0);
        // Inside a character.
        assert_eq!(whitespace_len("\u{3000}", 1), 0);
    }

    #[test]
    fn snippet_cuts_around_the_mention() {
        let text = format!("{}《网络安全法》{}", "前".repeat(40), "后".repeat(60));
        let start = text.find('《').unwrap();
        let end = text.find('》').unwrap() + '》'.len_utf8();
        let s = snippet(&text, start..end);
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.contains("《网络安全法》"));
        assert!(s.chars().count() <= 62);
        assert_eq!(snippet("短文本", 0..3), "短文本");
    }
}
