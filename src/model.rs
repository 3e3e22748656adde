//! The site model: reports, chapters, pages, stable ids and URLs, ordering,
//! prev/next and the section tree. No IO.
//!
//! URLs (site-relative, no base path, always ending in `/`):
//! - report: `reports/<report-slug>/`
//! - chapter: `reports/<report-slug>/<chapter-slug>/`
//! - standalone page: `<page-slug>/`
//!
//! Slugs: a `slug` in front matter wins (sanitised); otherwise the report's
//! folder name or the chapter's file stem, transliterated by
//! [`crate::slug::slugify`] (CJK → pinyin; a folder keeps the `-N` that
//! `gen import` gave a second report of one title). File names are used rather than
//! titles so that fixing a typo in a title never moves a page. Collisions
//! get `-2`, `-3`, … in source order, with a warning.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Serialize;

use crate::frontmatter::FrontMatter;
use crate::load::{Content, ReportSource, SourceFile};
use crate::markdown::{self, Heading};
use crate::slug::UniqueSlugs;

/// Top-level URL segments the build itself uses; pages may not take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "reports",
    "assets",
    "search",
    "search-index",
    "data",
    "index",
    "regulations",
    "organizations",
    "cases",
    "tags",
    "404",
    "sitemap",
    "feed",
];

#[derive(Debug, Clone, Default)]
pub struct Site {
    pub reports: Vec<Report>,
    pub pages: Vec<Page>,
    /// Non-fatal problems found while modelling (slug collisions, …).
    pub warnings: Vec<String>,
    /// Content-relative source path (`r/01-a.md`) → site-relative URL.
    pub url_by_source: HashMap<String, String>,
    /// Non-Markdown files to publish: (source path, output path).
    pub assets: Vec<(std::path::PathBuf, String)>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub meta: FrontMatter,
    /// Year from `year`, else from the first four digits of `date`.
    pub year: Option<i32>,
    /// `index.md` (or a synthetic empty one when the folder has none).
    pub index: SourceFile,
    pub chapters: Vec<Chapter>,
}

#[derive(Debug, Clone)]
pub struct Chapter {
    pub slug: String,
    pub title: String,
    pub weight: Option<i64>,
    pub url: String,
    pub source: SourceFile,
    /// `##` sections with their `###` children; filled in after the
    /// Markdown pass, which owns heading ids.
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub source: SourceFile,
}

/// A `##` or `###` heading of a chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub level: u8,
    pub children: Vec<Section>,
}

/// Model the loaded content.
pub fn build_site(content: Content) -> Site {
    let mut site = Site::default();

    let mut report_assets: Vec<(String, Vec<crate::load::Asset>)> = Vec::new();
    let mut reports: Vec<Report> = content
        .reports
        .into_iter()
        .map(|mut source| {
            report_assets.push((source.dir_name.clone(), std::mem::take(&mut source.assets)));
            model_report(source)
        })
        .collect();
    reports.sort_by(|a, b| {
        let key = |r: &Report| {
            (
                r.meta.weight.unwrap_or(i64::MAX),
                Reverse(r.meta.date.clone().or(r.year.map(|y| y.to_string()))),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.index.rel_path.cmp(&b.index.rel_path))
    });

    // Slugs are claimed in folder-name order so the winner never depends on
    // weights or dates.
    let mut claim_order: Vec<usize> = (0..reports.len()).collect();
    claim_order.sort_by(|&a, &b| reports[a].index.rel_path.cmp(&reports[b].index.rel_path));
    let mut used = UniqueSlugs::default();
    for i in claim_order {
        let wanted = reports[i].slug.clone();
        let slug = claim(
            &wanted,
            &mut used,
            &mut site.warnings,
            &reports[i].index.display_path,
            "report",
        );
        reports[i].slug = slug;
    }
    // Report by its index file, for its assets (a linear search per report
    // was quadratic: 8 s at 10,000 reports).
    let by_index: HashMap<&str, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.index.rel_path.as_str(), i))
        .collect();
    for (dir_name, assets) in report_assets {
        if assets.is_empty() {
            continue;
        }
        let Some(report) = [
            format!("{dir_name}/index.md"),
            format!("{dir_name}/_index.md"),
        ]
        .iter()
        .find_map(|index| by_index.get(index.as_str()))
        .map(|&i| &reports[i]) else {
            continue;
        };
        for asset in assets {
            let inside = asset.rel_path[dir_name.len() + 1..].to_string();
            let out = format!("reports/{}/{inside}", report.slug);
            site.url_by_source
                .insert(asset.rel_path.clone(), out.clone());
            site.assets.push((asset.path, out));
        }
    }
    for asset in content.assets {
        site.url_by_source
            .insert(asset.rel_path.clone(), asset.rel_path.clone());
        site.assets.push((asset.path, asset.rel_path));
    }
    for report in &mut reports {
        report.url = format!("reports/{}/", report.slug);
        site.url_by_source
            .insert(report.index.rel_path.clone(), report.url.clone());
        let mut used = UniqueSlugs::default();
        for chapter in &mut report.chapters {
            let wanted = chapter.slug.clone();
            chapter.slug = claim(
                &wanted,
                &mut used,
                &mut site.warnings,
                &chapter.source.display_path,
                "chapter",
            );
            chapter.url = format!("{}{}/", report.url, chapter.slug);
            site.url_by_source
                .insert(chapter.source.rel_path.clone(), chapter.url.clone());
        }
    }

    let mut used = UniqueSlugs::reserving(RESERVED_SLUGS.iter().copied());
    let mut pages: Vec<Page> = content.pages.into_iter().map(model_page).collect();
    pages.sort_by(|a, b| {
        (a.source.meta.weight.unwrap_or(i64::MAX), &a.source.rel_path)
            .cmp(&(b.source.meta.weight.unwrap_or(i64::MAX), &b.source.rel_path))
    });
    for page in &mut pages {
        let wanted = page.slug.clone();
        page.slug = claim(
            &wanted,
            &mut used,
            &mut site.warnings,
            &page.source.display_path,
            "page",
        );
        page.url = format!("{}/", page.slug);
        site.url_by_source
            .insert(page.source.rel_path.clone(), page.url.clone());
    }

    site.reports = reports;
    site.pages = pages;
    site
}

/// Take `wanted`, or the first free `wanted-N`, warning on a collision.
fn claim(
    wanted: &str,
    claims: &mut UniqueSlugs,
    warnings: &mut Vec<String>,
    file: &str,
    what: &str,
) -> String {
    let slug = claims.claim(wanted);
    if slug != wanted {
        warnings.push(format!(
            "{file}: {what} URL slug `{wanted}` is already taken; using `{slug}` (set `slug` in front matter to choose)"
        ));
    }
    slug
}

fn model_report(source: ReportSource) -> Report {
    let index = source.index.unwrap_or_else(|| SourceFile {
        rel_path: format!("{}/index.md", source.dir_name),
        display_path: format!("{}/index.md", source.dir_name),
        meta: FrontMatter::default(),
        body: String::new(),
        body_line: 1,
    });
    let mut index = index;
    let title = take_title(&mut index).unwrap_or_else(|| source.dir_name.clone());
    let slug = match &index.meta.slug {
        Some(s) => crate::slug::sanitize(s),
        None => crate::slug::slugify_folder(&source.dir_name),
    };
    let year = index.meta.year.or_else(|| {
        index
            .meta
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok())
    });

    let mut chapters: Vec<Chapter> = source.chapters.into_iter().map(model_chapter).collect();
    chapters.sort_by(|a, b| {
        let key = |c: &Chapter| {
            (
                c.weight.unwrap_or(i64::MAX),
                numeric_prefix(file_name(&c.source.rel_path)).unwrap_or(u64::MAX),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.source.rel_path.cmp(&b.source.rel_path))
    });

    Report {
        slug,
        title,
        url: String::new(),
        meta: index.meta.clone(),
        year,
        index,
        chapters,
    }
}

fn model_chapter(mut source: SourceFile) -> Chapter {
    let stem = file_stem(&source.rel_path).to_string();
    let title = take_title(&mut source).unwrap_or_else(|| humanize(&stem));
    let slug = match &source.meta.slug {
        Some(s) => crate::slug::sanitize(s),
        None => crate::slug::slugify(&stem),
    };
    Chapter {
        slug,
        title,
        weight: source.meta.weight,
        url: String::new(),
        source,
        sections: Vec::new(),
    }
}

fn model_page(mut source: SourceFile) -> Page {
    let stem = file_stem(&source.rel_path).to_string();
    let title = take_title(&mut source).unwrap_or_else(|| humanize(&stem));
    let slug = match &source.meta.slug {
        Some(s) => crate::slug::sanitize(s),
        None => crate::slug::slugify(&stem),
    };
    Page {
        slug,
        title,
        url: String::new(),
        source,
    }
}

/// The title from front matter, else from a leading `# Title`. A leading
/// `# Title` is removed from the body either way when it repeats the title,
/// since templates print the title themselves; it is replaced by an empty
/// line so source line numbers stay right.
fn take_title(source: &mut SourceFile) -> Option<String> {
    let leading = markdown::leading_h1(&source.body);
    let title = source
        .meta
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| leading.as_ref().map(|(t, _)| t.clone()));
    if let Some(t) = &title {
        replace_title_line(&mut source.body, leading, t);
    }
    title
}

/// Replace a leading `# Title` line of `body` by an empty line when it is
/// the page's `title` (what modelling does to every source; a build that
/// reads a source again applies it again).
pub fn remove_title_line(body: &mut String, title: &str) {
    let leading = markdown::leading_h1(body);
    replace_title_line(body, leading, title);
}

/// [`remove_title_line`] with `body`'s leading `# Title` already found.
fn replace_title_line(body: &mut String, leading: Option<(String, Range<usize>)>, title: &str) {
    if let Some((h1, range)) = leading {
        if h1 == title {
            body.replace_range(range, "\n");
        }
    }
}

fn file_name(rel_path: &str) -> &str {
    rel_path.rsplit('/').next().unwrap_or(rel_path)
}

fn file_stem(rel_path: &str) -> &str {
    let name = file_name(rel_path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// `03-市场.md` → 3.
fn numeric_prefix(name: &str) -> Option<u64> {
    let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// `03-market-size` → `market size` (a title of last resort).
fn humanize(stem: &str) -> String {
    let rest = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.trim_start_matches(['-', '_', ' ', '.']);
    let base = if rest.is_empty() { stem } else { rest };
    base.replace(['-', '_'], " ")
}

/// `##` sections with their `###` children. Deeper headings are left to
/// the in-page text; `#` headings inside a chapter body start nothing.
pub fn section_tree(headings: &[Heading]) -> Vec<Section> {
    let mut tree: Vec<Section> = Vec::new();
    for h in headings {
        match h.level {
            2 => tree.push(Section {
                id: h.id.clone(),
                title: h.title.clone(),
                level: 2,
                children: Vec::new(),
            }),
            3 => {
                let section = Section {
                    id: h.id.clone(),
                    title: h.title.clone(),
                    level: 3,
                    children: Vec::new(),
                };
                match tree.last_mut() {
                    Some(parent) => parent.children.push(section),
                    None => tree.push(section),
                }
            }
            _ => {}
        }
    }
    tree
}

impl Site {
    /// Resolve a relative `.md` link written in `from` (content-relative
    /// path) to the site-relative URL of its page.
    pub fn resolve_md_link(&self, from: &str, link: &str) -> Option<String> {
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        for seg in link.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        self.url_by_source.get(&parts.join("/")).cloned()
    }

    /// Number of HTML pages (home, reports, chapters, standalone pages).
    pub fn page_count(&self) -> usize {
        1 + self.pages.len()
            + self
                .reports
                .iter()
                .map(|r| 1 + r.chapters.len())
                .sum::<usize>()
    }

    /// Tag → reports carrying it, for theme use.
    pub fn tags(&self) -> BTreeMap<&str, Vec<&Report>> {
        let mut map: BTreeMap<&str, Vec<&Report>> = BTreeMap::new();
        for r in &self.reports {
            for t in &r.meta.tags {
                map.entry(t.as_str()).or_default().push(r);
            }
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(rel: &str, meta: FrontMatter, body: &str) -> SourceFile {
        SourceFile {
            rel_path: rel.to_string(),
            display_path: format!("content/{rel}"),
            meta,
            body: body.to_string(),
            body_line: 1,
        }
    }

    #[test]
    fn chapters_order_by_weight_then_numeric_prefix() {
        let weighted = FrontMatter {
            weight: Some(1),
            ..Default::default()
        };
        let content = Content {
            reports: vec![ReportSource {
                dir_name: "银行".into(),
                index: None,
                chapters: vec![
                    src("银行/10-c.md", FrontMatter::default(), "# 十\n"),
                    src("银行/2-b.md", FrontMatter::default(), "# 二\n"),
                    src("银行/z.md", weighted, "# Z\n"),
                ],
                assets: vec![],
            }],
            pages: vec![],
            assets: vec![],
        };
        let site = build_site(content);
        let r = &site.reports[0];
        assert_eq!(r.url, "reports/yin-hang/");
        let titles: Vec<_> = r.chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, vec!["Z", "二", "十"]);
        assert_eq!(r.chapters[1].url, "reports/yin-hang/2-b/");
        // The leading title line is removed but the line count is kept.
        assert_eq!(r.chapters[1].source.body, "\n");
    }

    #[test]
    fn collisions_get_suffixes_with_a_warning() {
        let slugged = |s: &str| FrontMatter {
            slug: Some(s.into()),
            ..Default::default()
        };
        let content = Content {
            reports: vec![],
            pages: vec![
                src("a.md", slugged("same"), ""),
                src("b.md", slugged("same"), ""),
                src("reports.md", FrontMatter::default(), ""),
            ],
            assets: vec![],
        };
        let site = build_site(content);
        let urls: Vec<_> = site.pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(urls, vec!["same/", "same-2/", "reports-2/"]);
        assert_eq!(site.warnings.len(), 2);
    }

    #[test]
    fn md_links_resolve_relative_to_the_file() {
        let content = Content {
            reports: vec![ReportSource {
                dir_name: "r".into(),
                index: None,
                chapters: vec![src("r/01-a.md", FrontMatter::default(), "")],
                assets: vec![crate::load::Asset {
                    rel_path: "r/img/chart.png".into(),
                    path: "/x/chart.png".into(),
                }],
            }],
            pages: vec![src("about.md", FrontMatter::default(), "")],
            assets: vec![],
        };
        let site = build_site(content);
        assert_eq!(
            site.resolve_md_link("about.md", "r/01-a.md").as_deref(),
            Some("reports/r/01-a/")
        );
        assert_eq!(
            site.resolve_md_link("r/01-a.md", "../about.md").as_deref(),
            Some("about/")
        );
        assert_eq!(site.resolve_md_link("r/01-a.md", "../../x.md"), None);
        assert_eq!(
            site.resolve_md_link("r/01-a.md", "img/chart.png")
                .as_deref(),
            Some("reports/r/img/chart.png")
        );
    }

    #[test]
    fn section_tree_nests_h3_under_h2() {
        let h = |level, id: &str| Heading {
            level,
            id: id.into(),
            title: id.into(),
            line: 1,
        };
        let tree = section_tree(&[h(2, "a"), h(3, "a1"), h(4, "x"), h(2, "b")]);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children.len(), 1);
    }
}
