//! One document, paragraph by paragraph: regulations and organisations with
//! their mentions, applying alias declarations from where they are made on.

use std::collections::HashMap;
use std::ops::Range;

use super::aliases::{abbreviation_after, declaration_after};
use super::kb::{FastMap, KnowledgeBase, RegulationKind};
use super::organizations::{
    drop_inside, find_by_stock_code, find_by_suffix, find_english, find_known, is_generic_alias,
    overlaps, resolve_overlaps, OrgMatch, OrgRef,
};
use super::regulations::{classify, find_titles, law_key, NATIONAL_PREFIX};

/// A regulation as seen in one document.
#[derive(Debug, Clone)]
pub(crate) struct DocRegulation {
    /// [`law_key`] of the canonical title.
    pub key: String,
    /// Index into `KnowledgeBase::regulations`.
    pub known: Option<usize>,
    pub kind: RegulationKind,
    /// Titles as written, first-seen order.
    pub surfaces: Vec<String>,
    /// Aliases declared in the text.
    pub declared: Vec<String>,
    /// (paragraph index, byte range of `《…》`).
    pub mentions: Vec<(usize, Range<usize>)>,
}

/// An organisation as seen in one document.
#[derive(Debug, Clone)]
pub(crate) struct DocOrganization {
    /// Index into `KnowledgeBase::organizations`.
    pub known: Option<usize>,
    /// Name found by a pattern (when not known).
    pub found: String,
    pub surfaces: Vec<String>,
    pub declared: Vec<String>,
    pub mentions: Vec<(usize, Range<usize>)>,
}

#[derive(Debug, Default)]
pub(crate) struct DocScan {
    pub regulations: Vec<DocRegulation>,
    pub organizations: Vec<DocOrganization>,
}

impl DocRegulation {
    /// Name for `gen import --json`: the known title when the text uses it
    /// (up to the national prefix), else the title as first written.
    pub fn document_name(&self, kb: &KnowledgeBase) -> String {
        if let Some(i) = self.known {
            let official = &kb.regulations[i].name;
            let official_key = law_key(official);
            if self.surfaces.iter().any(|s| law_key(s) == official_key) {
                return official.clone();
            }
        }
        preferred_title(&self.surfaces)
    }

    /// Name for the site index: the known title, else the fullest form seen.
    pub fn site_name(&self, kb: &KnowledgeBase) -> String {
        match self.known {
            Some(i) => kb.regulations[i].name.clone(),
            None => preferred_title(&self.surfaces),
        }
    }

    pub fn aliases_seen(&self, name: &str) -> Vec<String> {
        collect_aliases(name, &self.surfaces, &self.declared)
    }
}

impl DocOrganization {
    pub fn name(&self, kb: &KnowledgeBase) -> String {
        match self.known {
            Some(i) => kb.organizations[i].name.clone(),
            None => self.found.clone(),
        }
    }

    pub fn aliases_seen(&self, name: &str) -> Vec<String> {
        collect_aliases(name, &self.surfaces, &self.declared)
    }
}

fn collect_aliases(name: &str, surfaces: &[String], declared: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in surfaces.iter().chain(declared) {
        if a != name && !out.contains(a) {
            out.push(a.clone());
        }
    }
    out
}

/// Among titles of one regulation: the one with the national prefix, else
/// the longest, else the first.
pub(crate) fn preferred_title(titles: &[String]) -> String {
    if let Some(t) = titles.iter().find(|t| t.starts_with(NATIONAL_PREFIX)) {
        return t.clone();
    }
    let mut best: Option<&String> = None;
    for t in titles {
        if best.is_none_or(|b| t.chars().count() > b.chars().count()) {
            best = Some(t);
        }
    }
    best.cloned().unwrap_or_default()
}

/// What a title as written names: worked out once per [`TitleCache`].
#[derive(Debug, Clone)]
struct TitleInfo {
    /// [`law_key`] of the title.
    key: String,
    /// `None`: not a regulation (a book, a report).
    kind: Option<RegulationKind>,
    /// Index into `KnowledgeBase::regulations`.
    known: Option<usize>,
    /// [`law_key`] of the known regulation's name, else `key`.
    canonical_key: String,
}

impl TitleInfo {
    fn of(title: &str, kb: &KnowledgeBase) -> TitleInfo {
        let (key, kind) = match kb.known_titles.get(title) {
            Some(known) => known.clone(),
            None => (law_key(title), classify(title, kb)),
        };
        let known = kb.regulation_lookup.get(&key).copied();
        let canonical_key = match known {
            Some(i) => law_key(&kb.regulations[i].name),
            None => key.clone(),
        };
        TitleInfo {
            key,
            kind,
            known,
            canonical_key,
        }
    }
}

/// A declared alias and where it starts to apply.
#[derive(Debug, Clone)]
struct Declared {
    alias: String,
    entity: usize,
    /// (paragraph, byte offset) from which on the alias applies.
    from: (usize, usize),
}

/// What an organisation hit refers to.
#[derive(Debug, Clone)]
enum OrgTarget {
    Match(OrgRef),
    Entity(usize),
}

#[derive(Debug, Clone)]
struct OrgHit {
    range: Range<usize>,
    target: OrgTarget,
    surface: String,
}

/// Scan a document's paragraphs in order. `listed` gives, for a paragraph
/// that is an item of a list of companies, the name it lists (see
/// [`super::organizations::listed_paragraphs`]); missing entries are `None`.
pub(crate) fn scan_document(
    paragraphs: &[&str],
    listed: &[Option<Range<usize>>],
    kb: &KnowledgeBase,
) -> DocScan {
    scan_document_with(paragraphs, listed, kb, &mut TitleCache::default())
}

/// What titles as written name, kept from one document to the next: a
/// library cites the same few titles in every report. Each entry depends
/// only on the title and the knowledge base, so a scan's result does not
/// depend on what the cache already holds.
#[derive(Debug, Default)]
pub(crate) struct TitleCache(FastMap<String, TitleInfo>);

/// [`scan_document`], reusing `titles` from earlier documents.
pub(crate) fn scan_document_with(
    paragraphs: &[&str],
    listed: &[Option<Range<usize>>],
    kb: &KnowledgeBase,
    titles: &mut TitleCache,
) -> DocScan {
    let mut scan = DocScan::default();
    let mut reg_index: FastMap<String, usize> = FastMap::default();
    let mut org_index = OrgIndex::default();
    let mut reg_declared: HashMap<String, (usize, (usize, usize))> = HashMap::new();
    let mut org_declared: Vec<Declared> = Vec::new();

    let title_info = &mut titles.0;

    for (p, text) in paragraphs.iter().enumerate() {
        let listed = listed.get(p).cloned().flatten();
        let mut declaration_spans: Vec<Range<usize>> = Vec::new();
        let titles = find_titles(text);
        let title_ranges: Vec<Range<usize>> = titles.iter().map(|t| t.range.clone()).collect();

        // ---- regulations, in text order (declarations apply to later titles)
        for title in titles {
            if declaration_spans
                .iter()
                .any(|d| d.start <= title.range.start && title.range.end <= d.end)
            {
                continue;
            }
            if !title_info.contains_key(title.title.as_str()) {
                let info = TitleInfo::of(&title.title, kb);
                title_info.insert(title.title.clone(), info);
            }
            let Some(info) = title_info.get(title.title.as_str()) else {
                continue;
            };
            let declared = match reg_declared.get(&info.key) {
                Some((e, from)) => ((p, title.range.start) >= *from).then_some(*e),
                None => None,
            };
            let entity = match declared {
                Some(e) => e,
                None => {
                    let Some(kind) = info.kind else {
                        continue;
                    };
                    match reg_index.get(info.canonical_key.as_str()) {
                        Some(&e) => e,
                        None => {
                            scan.regulations.push(DocRegulation {
                                key: info.canonical_key.clone(),
                                known: info.known,
                                kind,
                                surfaces: Vec::new(),
                                declared: Vec::new(),
                                mentions: Vec::new(),
                            });
                            reg_index
                                .insert(info.canonical_key.clone(), scan.regulations.len() - 1);
                            scan.regulations.len() - 1
                        }
                    }
                }
            };
            let reg = &mut scan.regulations[entity];
            if !reg.surfaces.contains(&title.title) {
                reg.surfaces.push(title.title.clone());
            }
            reg.mentions.push((p, title.range.clone()));
            if let Some(decl) = declaration_after(text, title.range.end) {
                declaration_spans.push(title.range.end..decl.end);
                for alias in decl.aliases {
                    let akey = law_key(&alias);
                    if akey == reg.key {
                        continue;
                    }
                    reg_declared.insert(akey, (entity, (p, decl.end)));
                    if !reg.declared.contains(&alias) {
                        reg.declared.push(alias);
                    }
                }
            }
        }

        // ---- organisations: find, register declarations, find again if any
        let mut hits = org_hits(text, p, listed.clone(), kb, &org_declared, &title_ranges);
        let mut new_declarations = false;
        for hit in &hits {
            let declared = declaration_after(text, hit.range.end).or_else(|| {
                abbreviation_after(text, hit.range.end, &hit.surface)
                    .filter(|d| d.aliases.iter().all(|a| !kb.places.contains(a)))
            });
            if let Some(decl) = declared {
                let entity = org_entity(&mut scan, &mut org_index, &hit.target, &hit.surface);
                declaration_spans.push(hit.range.end..decl.end);
                for alias in decl.aliases {
                    if alias == hit.surface || is_generic_alias(&alias, kb) {
                        continue;
                    }
                    if !org_declared
                        .iter()
                        .any(|d| d.alias == alias && d.entity == entity)
                    {
                        org_declared.push(Declared {
                            alias: alias.clone(),
                            entity,
                            from: (p, decl.end),
                        });
                        new_declarations = true;
                    }
                    let org = &mut scan.organizations[entity];
                    if !org.declared.contains(&alias) {
                        org.declared.push(alias);
                    }
                }
            }
        }
        if new_declarations {
            hits = org_hits(text, p, listed.clone(), kb, &org_declared, &title_ranges);
        }
        for hit in hits {
            if declaration_spans
                .iter()
                .any(|d| d.start <= hit.range.start && hit.range.end <= d.end)
            {
                continue;
            }
            let entity = org_entity(&mut scan, &mut org_index, &hit.target, &hit.surface);
            let org = &mut scan.organizations[entity];
            if !org.surfaces.contains(&hit.surface) {
                org.surfaces.push(hit.surface.clone());
            }
            org.mentions.push((p, hit.range));
        }
    }
    merge_found_before_declaration(&mut scan.organizations);
    scan
}

/// A name found before the text declared it a short form of another
/// ("罗牛山集团 …" then "罗牛山集团有限公司(以下简称“罗牛山集团”)"): its
/// mentions are that organisation's.
fn merge_found_before_declaration(organizations: &mut Vec<DocOrganization>) {
    let mut i = 0;
    while i < organizations.len() {
        let found = &organizations[i];
        let owner = (found.known.is_none() && found.declared.is_empty())
            .then(|| {
                organizations
                    .iter()
                    .position(|o| o.declared.contains(&found.found))
            })
            .flatten()
            .filter(|&owner| owner != i);
        match owner {
            Some(owner) => {
                let merged = organizations.remove(i);
                let owner = if owner > i { owner - 1 } else { owner };
                let into = &mut organizations[owner];
                for surface in merged.surfaces {
                    if !into.surfaces.contains(&surface) {
                        into.surfaces.push(surface);
                    }
                }
                into.mentions.extend(merged.mentions);
                into.mentions.sort_by_key(|(p, range)| (*p, range.start));
            }
            None => i += 1,
        }
    }
}

/// The document's organisations by what hits name: a known organisation by
/// its number, a found one by its name. Asked once per hit.
#[derive(Debug, Default)]
struct OrgIndex {
    known: FastMap<usize, usize>,
    found: FastMap<String, usize>,
}

/// The document entity a hit refers to, created on first sight.
fn org_entity(
    scan: &mut DocScan,
    index: &mut OrgIndex,
    target: &OrgTarget,
    surface: &str,
) -> usize {
    let known = match target {
        OrgTarget::Entity(e) => return *e,
        OrgTarget::Match(OrgRef::Known(i)) => {
            if let Some(&entity) = index.known.get(i) {
                return entity;
            }
            Some(*i)
        }
        OrgTarget::Match(OrgRef::Found(name)) => {
            if let Some(&entity) = index.found.get(name.as_str()) {
                return entity;
            }
            None
        }
    };
    scan.organizations.push(DocOrganization {
        known,
        found: if known.is_some() {
            String::new()
        } else {
            surface.to_string()
        },
        surfaces: Vec::new(),
        declared: Vec::new(),
        mentions: Vec::new(),
    });
    let entity = scan.organizations.len() - 1;
    match target {
        OrgTarget::Match(OrgRef::Known(i)) => {
            index.known.insert(*i, entity);
        }
        OrgTarget::Match(OrgRef::Found(name)) => {
            index.found.insert(name.clone(), entity);
        }
        OrgTarget::Entity(_) => {}
    }
    entity
}

/// Organisation hits in paragraph `p`; declared aliases in effect win over
/// the gazetteer (a text may call 中国银行业监督管理委员会 “银保监会”).
/// `listed` is the name the paragraph lists, when it is an item of a list of
/// companies.
fn org_hits(
    text: &str,
    p: usize,
    listed: Option<Range<usize>>,
    kb: &KnowledgeBase,
    declared: &[Declared],
    titles: &[Range<usize>],
) -> Vec<OrgHit> {
    let active = |d: &Declared, start: usize| (p, start) >= d.from;
    let mut declared_hits: Vec<OrgMatch> = Vec::new();
    let mut declared_entity: Vec<usize> = Vec::new();
    for d in declared {
        for (start, _) in text.match_indices(d.alias.as_str()) {
            if active(d, start) {
                declared_hits.push(OrgMatch {
                    range: start..start + d.alias.len(),
                    org: OrgRef::Found(d.alias.clone()),
                    surface: d.alias.clone(),
                });
                declared_entity.push(d.entity);
            }
        }
    }
    let known = find_known(text, kb);
    let mut all: Vec<OrgMatch> = known
        .iter()
        .filter(|k| !declared_hits.iter().any(|d| overlaps(&d.range, &k.range)))
        .cloned()
        .collect();
    all.extend(find_by_suffix(text, kb, &known));
    all.extend(find_by_stock_code(text, kb, &known));
    all.extend(find_english(text, &known));
    // An item of a list of companies is a name though nothing else marks it.
    if let Some(range) = listed {
        if !all.iter().any(|m| overlaps(&m.range, &range)) {
            let name = text[range.clone()].to_string();
            all.push(OrgMatch {
                range,
                org: OrgRef::Found(name.clone()),
                surface: name,
            });
        }
    }
    // Declared aliases take precedence over pattern matches they overlap.
    all.retain(|m| {
        !declared_hits
            .iter()
            .any(|d| overlaps(&d.range, &m.range) && m.range.len() <= d.range.len())
    });
    all.extend(declared_hits.iter().cloned());
    resolve_overlaps(drop_inside(titles, all))
        .into_iter()
        .map(|m| {
            let declared_at = declared_hits
                .iter()
                .position(|d| d.range == m.range && d.surface == m.surface);
            let target = match declared_at {
                Some(i) => OrgTarget::Entity(declared_entity[i]),
                None => OrgTarget::Match(m.org.clone()),
            };
            OrgHit {
                range: m.range,
                target,
                surface: m.surface,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(paragraphs: &[&str]) -> (DocScan, KnowledgeBase) {
        let kb = KnowledgeBase::builtin();
        (scan_document(paragraphs, &[], &kb), kb)
    }

    #[test]
    fn prefixed_and_short_titles_are_one_regulation() {
        let (s, kb) = scan(&[
            "依据《中华人民共和国网络安全法》",
            "《网络安全法》第二十一条",
        ]);
        assert_eq!(s.regulations.len(), 1);
        assert_eq!(s.regulations[0].mentions.len(), 2);
        assert_eq!(s.regulations[0].site_name(&kb), "中华人民共和国网络安全法");
    }

    #[test]
    fn declared_regulation_alias_joins_later_titles() {
        let (s, kb) = scan(&[
            "《关于加强小微企业金融服务的实施意见》(以下简称《实施意见》)要求",
            "《实施意见》还规定",
        ]);
        assert_eq!(s.regulations.len(), 1, "{:?}", s.regulations);
        assert_eq!(s.regulations[0].mentions.len(), 2);
        assert_eq!(
            s.regulations[0].document_name(&kb),
            "关于加强小微企业金融服务的实施意见"
        );
        assert_eq!(s.regulations[0].declared, ["实施意见"]);
    }

    #[test]
    fn declared_org_alias_overrides_the_gazetteer_from_then_on() {
        let (s, kb) = scan(&[
            "银保监会发布通知。",
            "中国银行业监督管理委员会(简称“银保监会”)负责监管。银保监会主要负责……",
            "银保监会与央行协调",
        ]);
        let names: Vec<String> = s.organizations.iter().map(|o| o.name(&kb)).collect();
        assert_eq!(
            names,
            [
                "中国银行保险监督管理委员会",
                "中国银行业监督管理委员会",
                "中国人民银行"
            ]
        );
        assert_eq!(s.organizations[0].mentions.len(), 1);
        assert_eq!(s.organizations[1].mentions.len(), 3);
        assert_eq!(s.organizations[1].declared, ["银保监会"]);
    }

    #[test]
    fn declared_alias_of_a_found_company() {
        let (s, kb) = scan(&["青禾未来科技股份公司(以下简称“青禾未来”)发布公告,青禾未来将出售"]);
        assert_eq!(s.organizations.len(), 1);
        assert_eq!(s.organizations[0].name(&kb), "青禾未来科技股份公司");
        assert_eq!(s.organizations[0].mentions.len(), 2);
    }

    #[test]
    fn verbs_counts_and_lists_before_a_suffix_make_no_name() {
        let (s, kb) = scan(&[
            "过分 压降银行利润不妥。共有25 家上市银行披露年报。该业务一般占集团收入的三成。他曾出任集团副总裁。2000 年后公司潜心研究。包括安徽百姓缘等公司在内。",
        ]);
        let names: Vec<String> = s.organizations.iter().map(|o| o.name(&kb)).collect();
        assert!(names.is_empty(), "{names:?}");
    }
}
