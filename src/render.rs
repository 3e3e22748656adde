//! Typed view structs and page rendering through tera, plus the XML/text
//! files built from the model (sitemap, Atom feed, robots.txt).
//!
//! Templates only ever see these structs (borrowed from the model, so no
//! per-page copy of the site). Every `url` in a view is a ready-to-use href:
//! root-absolute and prefixed with the base path.
//!
//! | template | context |
//! |---|---|
//! | `index.html` | [`IndexView`] |
//! | `report.html` | [`ReportPageView`] |
//! | `chapter.html` | [`ChapterPageView`] |
//! | `page.html` | [`PageView`] |
//! | `404.html`, `search.html` | [`PageView`] with empty content |

use anyhow::Result;
use serde::Serialize;
use tera::Context;

use crate::frontmatter::Pages;
use crate::model::{Report, Section, Site};
use crate::theme::Theme;

/// Site-wide data every template gets as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// BCP 47, for `<html lang>`.
    pub language: &'a str,
    /// Base path, starts and ends with `/` (`/` or `/reports/`).
    pub base: &'a str,
    /// Whether the search index is built (show the search form).
    pub search: bool,
    /// Whether `feed.xml` is written.
    pub feed: bool,
    /// Standalone pages, for the header navigation.
    pub nav: Vec<LinkView<'a>>,
}

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: String,
}

/// What every page template gets as `page`.
#[derive(Debug, Serialize)]
pub struct PageMeta<'a> {
    pub title: &'a str,
    pub url: String,
    pub description: &'a str,
}

/// A report on the home page.
#[derive(Debug, Serialize)]
pub struct ReportCard<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub url: String,
    pub year: Option<i32>,
    pub chapter_count: usize,
    pub truncated: bool,
    pub pages: Option<Pages>,
    pub tags: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct IndexView<'a> {
    pub site: &'a SiteView<'a>,
    pub page: PageMeta<'a>,
    pub reports: Vec<ReportCard<'a>>,
}

/// Report metadata shown on the report page and every chapter page.
#[derive(Debug, Serialize)]
pub struct ReportHead<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub url: String,
    pub year: Option<i32>,
    pub date: Option<&'a str>,
    pub source: Option<&'a str>,
    pub tags: &'a [String],
    pub truncated: bool,
    pub pages: Option<Pages>,
    /// BCP 47 language of the report when it differs from the site's
    /// (front matter `[extra] language = "en"`), for `<article lang>`.
    pub language: Option<&'a str>,
}

/// One chapter in a report's table of contents.
#[derive(Debug, Serialize)]
pub struct TocChapter<'a> {
    pub title: &'a str,
    pub url: String,
    pub sections: &'a [Section],
}

#[derive(Debug, Serialize)]
pub struct ReportPageView<'a> {
    pub site: &'a SiteView<'a>,
    pub page: PageMeta<'a>,
    pub report: &'a ReportHead<'a>,
    /// The rendered body of `index.md`.
    pub content: &'a str,
    pub toc: &'a [TocChapter<'a>],
}

/// The chapter itself on its page.
#[derive(Debug, Serialize)]
pub struct ChapterView<'a> {
    pub title: &'a str,
    pub url: String,
    pub sections: &'a [Section],
}

#[derive(Debug, Serialize)]
pub struct ChapterPageView<'a> {
    pub site: &'a SiteView<'a>,
    pub page: PageMeta<'a>,
    pub report: &'a ReportHead<'a>,
    pub chapter: ChapterView<'a>,
    pub content: &'a str,
    /// This report's chapters only (never the whole library).
    pub toc: &'a [TocChapter<'a>],
    pub prev: Option<LinkView<'a>>,
    pub next: Option<LinkView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub site: &'a SiteView<'a>,
    pub page: PageMeta<'a>,
    pub content: &'a str,
}

/// Renders views through the theme; `live_reload` is injected before `</body>`.
pub struct Renderer<'a> {
    pub theme: &'a Theme,
    pub live_reload: Option<&'a str>,
}

impl Renderer<'_> {
    pub fn render<T: Serialize>(&self, template: &str, view: &T) -> Result<Vec<u8>> {
        let context = Context::from_serialize(view)
            .map_err(|e| anyhow::anyhow!("{template}: cannot build the template context: {e}"))?;
        let mut html = self.theme.render(template, &context)?;
        if let Some(script) = self.live_reload {
            const BODY_END: &[u8] = b"</body>";
            match html.windows(BODY_END.len()).rposition(|w| w == BODY_END) {
                Some(i) => {
                    html.splice(i..i, script.bytes());
                }
                None => html.extend_from_slice(script.as_bytes()),
            }
        }
        Ok(html)
    }
}

/// `base` + site-relative `url`.
pub fn href(base: &str, url: &str) -> String {
    format!("{base}{url}")
}

pub fn report_head<'a>(report: &'a Report, base: &str) -> ReportHead<'a> {
    ReportHead {
        title: &report.title,
        subtitle: report.meta.subtitle.as_deref(),
        url: href(base, &report.url),
        year: report.year,
        date: report.meta.date.as_deref(),
        source: report.meta.source.as_deref(),
        tags: &report.meta.tags,
        truncated: report.meta.truncated,
        pages: report.meta.pages,
        language: report
            .meta
            .extra
            .get("language")
            .and_then(|v| v.as_str())
            .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')),
    }
}

pub fn report_toc<'a>(report: &'a Report, base: &str) -> Vec<TocChapter<'a>> {
    report
        .chapters
        .iter()
        .map(|c| TocChapter {
            title: &c.title,
            url: href(base, &c.url),
            sections: &c.sections,
        })
        .collect()
}

pub fn report_cards<'a>(site: &'a Site, base: &str) -> Vec<ReportCard<'a>> {
    site.reports
        .iter()
        .map(|r| ReportCard {
            title: &r.title,
            subtitle: r.meta.subtitle.as_deref(),
            url: href(base, &r.url),
            year: r.year,
            chapter_count: r.chapters.len(),
            truncated: r.meta.truncated,
            pages: r.meta.pages,
            tags: &r.meta.tags,
        })
        .collect()
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// `sitemap.xml`. `origin` is the scheme and host of the site URL
/// (`https://user.github.io`); empty gives root-relative locations.
pub fn sitemap(origin: &str, base: &str, urls: &[&str]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&format!("{origin}{base}{url}")));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt` allowing everything and naming the sitemap.
pub fn robots(origin: &str, base: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {origin}{base}sitemap.xml\n")
}

/// `2025-03-18`.
fn is_iso_day(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Most entries in `feed.xml`.
pub const FEED_ENTRIES: usize = 50;

/// Atom feed of reports. Dates come from the reports themselves (never the
/// build time), so the feed is identical from build to build.
pub fn atom_feed(site: &Site, title: &str, description: &str, origin: &str, base: &str) -> String {
    let date_of = |r: &Report| -> String {
        let iso_day = r
            .meta
            .date
            .as_deref()
            .and_then(|d| d.get(..10))
            .filter(|d| is_iso_day(d));
        match (iso_day, r.year) {
            (Some(d), _) => format!("{d}T00:00:00Z"),
            (_, Some(y)) if (0..=9999).contains(&y) => format!("{y:04}-01-01T00:00:00Z"),
            _ => "1970-01-01T00:00:00Z".to_string(),
        }
    };
    let updated = site
        .reports
        .iter()
        .map(date_of)
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    // Atom ids must be absolute IRIs; without a site URL, a stable URN.
    let id_of = |url: &str| {
        if origin.is_empty() {
            format!("urn:gen:{}{url}", base.trim_start_matches('/'))
        } else {
            format!("{origin}{base}{url}")
        }
    };
    let site_id = format!("{origin}{base}");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    if !description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(description)
        ));
    }
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(&id_of(""))));
    out.push_str(&format!(
        "  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}feed.xml\"/>\n",
        xml_escape(&site_id),
        xml_escape(&site_id)
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str("  <author><name>");
    out.push_str(&xml_escape(title));
    out.push_str("</name></author>\n");
    // The newest reports first, capped: feed readers only want recent items.
    let mut entries: Vec<&Report> = site.reports.iter().collect();
    entries.sort_by(|a, b| date_of(b).cmp(&date_of(a)).then_with(|| a.url.cmp(&b.url)));
    entries.truncate(FEED_ENTRIES);
    for r in entries {
        let link = format!("{origin}{base}{}", r.url);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&r.title)));
        out.push_str(&format!("    <id>{}</id>\n", xml_escape(&id_of(&r.url))));
        out.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&link)));
        out.push_str(&format!("    <updated>{}</updated>\n", date_of(r)));
        let summary = r
            .meta
            .description
            .as_deref()
            .or(r.meta.subtitle.as_deref())
            .unwrap_or("");
        if !summary.is_empty() {
            out.push_str(&format!("    <summary>{}</summary>\n", xml_escape(summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_is_absolute_under_the_base() {
        let xml = sitemap("https://u.github.io", "/reports/", &["", "about/"]);
        assert!(xml.contains("<loc>https://u.github.io/reports/about/</loc>"));
    }

    #[test]
    fn feed_dates_never_panic_on_odd_input() {
        use crate::frontmatter::FrontMatter;
        use crate::load::SourceFile;
        let report = |date: &str, year| Report {
            slug: "r".into(),
            title: "t".into(),
            url: "reports/r/".into(),
            meta: FrontMatter {
                date: Some(date.into()),
                ..Default::default()
            },
            year,
            index: SourceFile {
                rel_path: "r/index.md".into(),
                display_path: "content/r/index.md".into(),
                meta: FrontMatter::default(),
                body: String::new(),
                body_line: 1,
            },
            chapters: vec![],
        };
        let site = Site {
            reports: vec![
                report("2025年03月18日", Some(2025)),
                report("2024-01-02", None),
                report("x", Some(-5)),
            ],
            ..Default::default()
        };
        let feed = atom_feed(&site, "T", "", "", "/");
        assert!(feed.contains("<updated>2025-01-01T00:00:00Z</updated>"));
        assert!(feed.contains("<updated>2024-01-02T00:00:00Z</updated>"));
        assert!(feed.contains("<updated>1970-01-01T00:00:00Z</updated>"));
    }

    #[test]
    fn xml_escaping_drops_control_characters() {
        assert_eq!(xml_escape("a&b<\u{1}"), "a&amp;b&lt;");
    }
}
