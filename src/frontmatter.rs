//! Front matter: the schema shared by `import` (which writes it) and `load`
//! (which reads it), and splitting it off a Markdown file.
//!
//! TOML between `+++` lines or YAML between `---` lines. Unknown keys are
//! errors (typos should not pass silently); free-form data goes in `extra`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Metadata of a report (`index.md`), a chapter or a standalone page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// File name the report was imported from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Document-sharing site the source came from, when recognised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_site: Option<String>,
    /// `sha256:<hex>` of the raw source bytes; re-importing the same bytes is a no-op.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_hash: Option<String>,
    /// `sha256:<hex>` of the Markdown `gen import` wrote; a mismatch means a
    /// person edited the report, which is then never overwritten without `--force`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// ISO date, `2025-03-01`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Pages>,
    #[serde(skip_serializing_if = "is_false")]
    pub truncated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    #[serde(skip_serializing_if = "is_false")]
    pub draft: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Preview page counts from the source site ("read 5 of 26 pages").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pages {
    pub shown: u32,
    pub total: u32,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Which syntax the front matter was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// A front-matter problem, with the 1-based line in the whole file.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

/// Split `text` into (front matter, body, line number where the body starts).
/// Text without a front-matter fence is all body.
pub fn split(text: &str) -> Result<(FrontMatter, &str, usize), FrontMatterError> {
    match fenced(text)? {
        None => Ok((FrontMatter::default(), strip_bom(text), 1)),
        Some((raw, format, body, line)) => {
            let meta = parse(raw, format).map_err(|mut e| {
                e.line += 1; // the opening fence
                e
            })?;
            Ok((meta, body, line))
        }
    }
}

/// The body of `text` and its first line, as [`split`] finds them, without
/// parsing the front matter (a build's second pass over its sources).
pub fn body(text: &str) -> Result<(&str, usize), FrontMatterError> {
    Ok(match fenced(text)? {
        None => (strip_bom(text), 1),
        Some((_, _, body, line)) => (body, line),
    })
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// (raw front matter, its format, body, body's first line) when `text`
/// opens with a fence.
fn fenced(text: &str) -> Result<Option<(&str, Format, &str, usize)>, FrontMatterError> {
    let text = strip_bom(text);
    let (fence, format) = if text.starts_with("+++") {
        ("+++", Format::Toml)
    } else if text.starts_with("---") {
        ("---", Format::Yaml)
    } else {
        return Ok(None);
    };
    let first_nl = match text.find('\n') {
        Some(i) => i,
        None => {
            return Err(FrontMatterError {
                line: 1,
                message: format!("front matter opened with `{fence}` is never closed"),
            })
        }
    };
    if text[..first_nl].trim_end() != fence {
        // `---` followed by text is a thematic break or similar, not a fence.
        return Ok(None);
    }
    let rest = &text[first_nl + 1..];
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == fence {
            let raw = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Some((raw, format, body, i + 3)));
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: format!("front matter opened with `{fence}` is never closed"),
    })
}

fn parse(raw: &str, format: Format) -> Result<FrontMatter, FrontMatterError> {
    match format {
        Format::Toml => toml::from_str(raw).map_err(|e| FrontMatterError {
            line: e
                .span()
                .map(|s| raw[..s.start.min(raw.len())].matches('\n').count() + 1)
                .unwrap_or(1),
            message: e.message().to_string(),
        }),
        Format::Yaml => {
            if raw.trim().is_empty() {
                return Ok(FrontMatter::default());
            }
            serde_yaml_ng::from_str(raw).map_err(|e| FrontMatterError {
                line: e.location().map(|l| l.line()).unwrap_or(1),
                message: e.to_string(),
            })
        }
    }
}

/// Render front matter as a TOML block, fences included, ending in a newline.
pub fn to_toml_block(meta: &FrontMatter) -> String {
    // Serialising a plain struct of strings, numbers and tables cannot fail.
    let body = toml::to_string(meta).unwrap_or_default();
    format!("+++\n{body}+++\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter() {
        let (m, body, line) = split("+++\ntitle = \"报告\"\nweight = 2\n+++\n# Hi\n").unwrap();
        assert_eq!(m.title.as_deref(), Some("报告"));
        assert_eq!(m.weight, Some(2));
        assert_eq!(body, "# Hi\n");
        assert_eq!(line, 5);
    }

    #[test]
    fn yaml_front_matter() {
        let (m, body, _) =
            split("---\ntitle: 报告\ntruncated: true\npages: {shown: 5, total: 26}\n---\ntext")
                .unwrap();
        assert_eq!(m.title.as_deref(), Some("报告"));
        assert!(m.truncated);
        assert_eq!(
            m.pages,
            Some(Pages {
                shown: 5,
                total: 26
            })
        );
        assert_eq!(body, "text");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let (m, body, line) = split("# Title\n").unwrap();
        assert_eq!(m, FrontMatter::default());
        assert_eq!(body, "# Title\n");
        assert_eq!(line, 1);
    }

    #[test]
    fn unknown_key_reports_line() {
        let err = split("+++\ntitle = \"a\"\ntitel = \"b\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("titel"), "{err}");
    }

    #[test]
    fn unclosed_is_an_error() {
        assert!(split("+++\ntitle = \"a\"\n").is_err());
    }

    #[test]
    fn roundtrip() {
        let m = FrontMatter {
            title: Some("t".into()),
            pages: Some(Pages {
                shown: 5,
                total: 26,
            }),
            truncated: true,
            ..Default::default()
        };
        let block = to_toml_block(&m);
        let (back, _, _) = split(&block).unwrap();
        assert_eq!(back, m);
    }
}
