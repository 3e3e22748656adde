//! HTML sources: reduce a saved web page to its text, one line per block
//! element (a data table's rows as Markdown table rows), without scripts,
//! styles and comments, and without the containers a page names as its
//! furniture (navigation, sidebars, footers, comments). A single linear scan (no
//! DOM): deeply nested or broken markup costs no more than flat text.

/// Whether text is a web page's source (a page saved as `.txt`, or copied
/// from "view source"): it opens, after any blank space and comments, with
/// a doctype or an `<html>`, `<head>` or `<body>` tag. A report that merely
/// quotes a tag somewhere further in stays text.
pub fn looks_like_html(text: &str) -> bool {
    let mut rest = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    while let Some(after) = rest.strip_prefix("<!--") {
        let Some(end) = after.find("-->") else {
            return false;
        };
        rest = after[end + 3..].trim_start();
    }
    let head = rest.as_bytes();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|tag| {
            head.len() >= tag.len()
            && head[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
            // `<header>` and `<html5…>` are not these tags.
            && !head.get(tag.len()).is_some_and(u8::is_ascii_alphanumeric)
        })
}

/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "title",
    "nav",
    "aside",
    "main",
    "figure",
    "figcaption",
    "caption",
    "dl",
    "form",
    "body",
];
/// Elements that, named like furniture, are skipped whole: those whose end
/// tag a page must write (not `p` or `li`, which end where the next begins).
const CONTAINERS: &[&str] = &["div", "ul", "ol", "section", "span", "dl", "table"];

/// Elements whose content is not the report's text: code, and the site's
/// navigation, sidebars and footer (a report's own title and sections sit in
/// `header`, `main`, `article` or plain blocks, which are kept).
const RAW: &[&str] = &[
    "script", "style", "noscript", "template", "textarea", "svg", "nav", "aside", "footer",
    "iframe", "button", "select",
];

/// A heading element's level: `h1` → 1 … `h6` → 6.
fn heading_level(name: &str) -> Option<usize> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(usize::from(d - b'0')),
        _ => None,
    }
}

/// The page's text, a line per block element. Heading elements become
/// Markdown headings (`## 行业概况`) unless their text is numbered, so a
/// page whose sections are only marked up, not numbered, keeps its outline.
pub fn html_to_text(html: &str) -> String {
    let (text, skipped) = page_text(html, true);
    // A page whose report sits inside a container named like furniture
    // (`<div class="main comment-on">`) would lose it: when skipping
    // containers by name took most of the text, they are kept.
    if skipped {
        let (all, _) = page_text(html, false);
        if letters(&text) * 2 < letters(&all) {
            return all;
        }
    }
    text
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

/// First words of class or id names that mark a container of page
/// furniture: navigation, sidebars, footers, comments, share and related
/// boxes (`<div class="footer">`, `<div id="comments">`, `<ul class="nav-list">`).
const FURNITURE_NAMES: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "foot",
    "sidebar",
    "side",
    "aside",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "comment",
    "comments",
    "share",
    "social",
    "related",
    "recommend",
    "hot",
    "login",
    "toolbar",
    "topbar",
    "logo",
    "copyright",
    "ad",
    "ads",
    "advert",
    "advertisement",
];

/// Whether a start tag's class or id names page furniture: its first class,
/// or its id, starts with one of [`FURNITURE_NAMES`] (`nav`, `nav-list`,
/// `footer_wrap`; not `main-nav-free` or a second class).
fn names_furniture(tag: &str) -> bool {
    ["class", "id"].iter().any(|attr| {
        attribute(tag, attr).is_some_and(|value| {
            let first = value.split_whitespace().next().unwrap_or("");
            let word = first
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            FURNITURE_NAMES.contains(&word.as_str())
        })
    })
}

/// The value of attribute `name` in a start tag's text (`div class="a b"`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        // A whole attribute name: after a space, followed by `=`.
        if !lower[..start].ends_with([' ', '\t', '\n', '\r']) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &value[1..];
                &inner[..inner.find(q).unwrap_or(inner.len())]
            }
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// Skip past the end of the element `name` whose start tag was just read,
/// counting nested elements of the same name; the whole rest when it is
/// never closed.
fn skip_element<'a>(rest: &'a str, name: &str) -> &'a str {
    let bytes = rest.as_bytes();
    let mut depth = 1usize;
    let mut i = 0;
    while let Some(off) = rest[i..].find('<') {
        let lt = i + off;
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let start = lt + 1 + usize::from(closing);
        let end = start + name.len();
        let named = end <= bytes.len()
            && bytes[start..end].eq_ignore_ascii_case(name.as_bytes())
            && !bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
        i = lt + 1;
        if !named {
            continue;
        }
        let Some(gt) = rest[lt..].find('>') else {
            return "";
        };
        // Past this tag: each byte is looked at a bounded number of times.
        i = lt + gt + 1;
        let self_closing = rest[..lt + gt].ends_with('/');
        if closing {
            depth -= 1;
            if depth == 0 {
                return &rest[lt + gt + 1..];
            }
        } else if !self_closing {
            depth += 1;
        }
    }
    ""
}

/// The page's text, and whether containers named like furniture were
/// skipped (only when `skip_furniture`).
fn page_text(html: &str, skip_furniture: bool) -> (String, bool) {
    let mut skipped = false;
    let mut out = String::with_capacity(html.len() / 2);
    // Where each heading element's text starts in `out`, and its level.
    let mut headings: Vec<(usize, usize)> = Vec::new();
    // Where each list item's text starts in `out`.
    let mut items: Vec<usize> = Vec::new();
    // The open lists, for telling a list of links (a menu, "related
    // reading") from a list of text.
    let mut lists: Vec<OpenList> = Vec::new();
    let mut link_depth = 0usize;
    let mut in_cell = false;
    // Where the open table row starts in `out`.
    let mut row: Option<usize> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = decode_entities(&rest[..lt]);
        if link_depth == 0 && !text.trim().is_empty() {
            for list in &mut lists {
                list.plain_text = true;
            }
        }
        out.push_str(&text);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let closing = tag.starts_with('/');
        if !closing && RAW.contains(&name.as_str()) && !tag.ends_with('/') {
            rest = skip_raw(rest, &name);
            continue;
        }
        if skip_furniture
            && !closing
            && !tag.ends_with('/')
            && CONTAINERS.contains(&name.as_str())
            && names_furniture(tag)
        {
            rest = skip_element(rest, &name);
            skipped = true;
            if !out.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        match name.as_str() {
            "a" if closing => link_depth = link_depth.saturating_sub(1),
            "a" => link_depth += 1,
            "ul" | "ol" if !closing => lists.push(OpenList {
                start: out.len(),
                items: 0,
                plain_text: false,
            }),
            "li" if !closing => {
                if let Some(list) = lists.last_mut() {
                    list.items += 1;
                }
            }
            // A link left open (broken markup) ends with its item, so the
            // rest of the page is not taken for link text.
            "li" => link_depth = 0,
            "ul" | "ol" => {
                // Two or more items, all of them links: the site's
                // navigation, not the report's.
                if let Some(list) = lists.pop() {
                    if skip_furniture && !list.plain_text && list.items >= 2 && row.is_none() {
                        out.truncate(list.start);
                        items.retain(|&at| at < list.start);
                        headings.retain(|&(at, _)| at < list.start);
                        skipped = true;
                    }
                }
            }
            _ => {}
        }
        // A table row is collected cell by cell (the blocks inside a cell
        // marked, not yet broken), then written as a Markdown table row or,
        // for a layout table, as lines (see `finish_row`).
        match name.as_str() {
            "td" | "th" if !closing => {
                if row.is_none() {
                    if !out.ends_with('\n') && !out.is_empty() {
                        out.push('\n');
                    }
                    row = Some(out.len());
                }
                out.push(CELL);
                in_cell = true;
                continue;
            }
            "td" | "th" => {
                in_cell = false;
                continue;
            }
            "tr" | "table" => {
                in_cell = false;
                if let Some(start) = row.take() {
                    finish_row(&mut out, start);
                }
            }
            _ if in_cell => {
                if BLOCKS.contains(&name.as_str()) {
                    out.push(CELL_BREAK);
                }
                continue;
            }
            _ => {}
        }
        if BLOCKS.contains(&name.as_str()) && !out.ends_with('\n') {
            out.push('\n');
        }
        if !closing {
            if let Some(level) = heading_level(&name) {
                headings.push((out.len(), level));
            } else if name == "li" {
                items.push(out.len());
            }
        }
    }
    out.push_str(&decode_entities(rest));
    if let Some(start) = row {
        finish_row(&mut out, start);
    }
    let mut text = String::with_capacity(out.len());
    let mut next_heading = headings.iter().peekable();
    let mut next_item = items.iter().peekable();
    let mut line_start = 0;
    for line in out.split('\n') {
        let line_end = line_start + line.len();
        // The level of a heading element whose text starts on this line.
        let mut level = None;
        while let Some(&&(at, l)) = next_heading.peek() {
            if at > line_end {
                break;
            }
            level = level.or(Some(l));
            next_heading.next();
        }
        // Whether a list item's text starts on this line.
        let mut item = false;
        while next_item.peek().is_some_and(|&&at| at <= line_end) {
            item = true;
            next_item.next();
        }
        line_start = line_end + 1;
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        // A heading element is one title: a space between two Chinese
        // characters in it is spacing (行业 概况), and would otherwise end
        // the title where the outline looks for the text after it.
        let joined;
        let t = if level.is_some() {
            joined = join_han_gaps(t);
            joined.as_str()
        } else {
            t
        };
        // A numbered heading is left to its number; the outline reads it.
        let numbered = || super::outline::opens_with_number(t) || t.starts_with('#');
        if let Some(level) = level.filter(|_| !numbered()) {
            text.push_str(&"#".repeat(level));
            text.push(' ');
        } else if item && !numbered() && super::outline::bullet_item(t).is_none() {
            // A list item is a bulleted line (a list in the Markdown); a
            // numbered one is left to its number, like a heading.
            text.push_str(LIST_BULLET);
        }
        text.push_str(t);
        text.push('\n');
    }
    (text, skipped)
}

/// A list being read: where its text starts in the output, how many items
/// it has, and whether any of its text is outside a link.
struct OpenList {
    start: usize,
    items: usize,
    plain_text: bool,
}

/// The bullet a list item's line is given (see `emit`, which makes bulleted
/// lines a list, and `chrome`, whose rules judge the words after it).
pub const LIST_BULLET: &str = "• ";

/// Starts a table cell in the text being collected (a control character no
/// decoded page text carries: `decode::normalize_compat` runs after).
const CELL: char = '\u{1}';
/// A block boundary inside a table cell.
const CELL_BREAK: char = '\u{2}';
/// A cell longer than this holds running text: its table lays out a page.
const MAX_DATA_CELL_CHARS: usize = 80;

/// Write out the table row collected in `out[start..]`. Two or more cells,
/// all short and not all empty, make a Markdown table row (`| 年份 | 规模 |`; a `|` inside a
/// cell escaped). Otherwise the table lays out the page (a column of text,
/// a sidebar): each cell, and each block in it, becomes lines of its own.
fn finish_row(out: &mut String, start: usize) {
    let collected = out.split_off(start);
    let cells: Vec<&str> = collected.split(CELL).skip(1).collect();
    // A cell's blocks and spacing become single spaces.
    let squash = |cell: &str| -> String {
        cell.replace(CELL_BREAK, " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let data: Vec<String> = cells.iter().map(|c| squash(c)).collect();
    let is_data = data.len() >= 2
        && data.iter().any(|c| !c.is_empty())
        && data
            .iter()
            .all(|c| c.chars().count() <= MAX_DATA_CELL_CHARS);
    if is_data {
        out.push('|');
        for cell in &data {
            out.push(' ');
            out.push_str(&cell.replace('|', "\\|"));
            out.push_str(" |");
        }
    } else {
        for cell in cells {
            for piece in cell.split(CELL_BREAK) {
                if !piece.trim().is_empty() {
                    out.push_str(piece.trim());
                    out.push('\n');
                }
            }
        }
    }
    out.push('\n');
}

/// `text` without the spaces between two Chinese characters.
fn join_han_gaps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = String::new();
    let mut last: Option<char> = None;
    for c in text.chars() {
        if c.is_whitespace() {
            gap.push(c);
            continue;
        }
        let between_han = last.is_some_and(super::repair::is_cjk) && super::repair::is_cjk(c);
        if !between_han {
            out.push_str(&gap);
        }
        gap.clear();
        out.push(c);
        last = Some(c);
    }
    out.push_str(&gap);
    out
}

/// Skip past `</name>` (any case); the whole rest when it is missing.
fn skip_raw<'a>(rest: &'a str, name: &str) -> &'a str {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while let Some(off) = rest[i..].find("</") {
        let start = i + off + 2;
        let end = start + name.len();
        if end <= bytes.len() && bytes[start..end].eq_ignore_ascii_case(name.as_bytes()) {
            return rest[end..].find('>').map_or("", |g| &rest[end + g + 1..]);
        }
        i = start;
    }
    ""
}

/// Decode the common named and all numeric character references.
fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 12);
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || *c == '\n');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "times" => '×',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_bulleted_and_lists_of_links_dropped() {
        let html = "<body><ul><li><a href=/>首页</a></li><li><a href=/a>行业报告</a></li></ul>\
            <h1>报告</h1><p>因素包括：</p><ul><li>消费升级；</li><li><p>成本<a href=x>下降</a>。</p></li></ul>\
            <ol><li>一、市场概述</li><li>• 已有圆点</li></ol>\
            <ul><li><a href=/d1>相关报告甲</a></li><li><a href=/d2>相关报告乙</a></li></ul></body>";
        assert_eq!(
            html_to_text(html),
            "# 报告\n因素包括：\n• 消费升级；\n• 成本下降。\n一、市场概述\n• 已有圆点\n"
        );
        // An unclosed link does not make the next list one of links.
        let html = "<body><ul><li><a href=/>首页</li><li>登录</li></ul><p>正文。</p>\
            <ul><li>甲项</li><li>乙项</li></ul></body>";
        assert_eq!(
            html_to_text(html),
            "• 首页\n• 登录\n正文。\n• 甲项\n• 乙项\n"
        );
    }

    #[test]
    fn navigation_sidebars_and_footers_are_dropped() {
        let html =
            "<body><nav><ul><li><a href=/>首页</a></li></ul></nav><header><h1>报告</h1></header>\
            <aside>相关文档</aside><article><p>正文。</p><button>下载</button></article>\
            <footer><p>Copyright 2024</p></footer></body>";
        assert_eq!(html_to_text(html), "# 报告\n正文。\n");
    }

    #[test]
    fn a_table_row_is_a_line() {
        let html = "<table><tr><th>指标</th><th>2023</th></tr>\
            <tr><td>规<b>模</b></td><td><p>10亿元</p><p>同比</p></td></tr><tr><td></td><td>空</td></tr></table>";
        assert_eq!(
            html_to_text(html),
            "| 指标 | 2023 |\n| 规模 | 10亿元 同比 |\n|  | 空 |\n"
        );
    }

    #[test]
    fn heading_elements_become_headings_unless_numbered() {
        let html = "<h1>报告</h1><h2 class=\"t\">行业<b>概况</b></h2><p>正文。</p>\
            <h3>一、发展 历程</h3><h3>1.2 市场规模</h3><h4>（一）细分</h4><h2>#话题</h2>";
        assert_eq!(
            html_to_text(html),
            "# 报告\n## 行业概况\n正文。\n一、发展历程\n1.2 市场规模\n（一）细分\n#话题\n"
        );
    }

    #[test]
    fn a_site_logo_in_the_page_header_is_skipped() {
        let page = "<body><header><div class=\"logo\">示例研究院</div></header>\
            <article><h1>报告</h1><p>跨境支付行业在过去五年里快速发展，交易规模持续扩大。</p></article></body>";
        assert_eq!(
            html_to_text(page),
            "# 报告\n跨境支付行业在过去五年里快速发展，交易规模持续扩大。\n"
        );
    }

    #[test]
    fn containers_named_like_furniture_are_skipped_whole() {
        let page = "<body><div class=\"nav-bar\"><div><a>首页</a></div><a>行业报告</a></div>\
            <div class='main'><h1>报告</h1><p>一、概况</p><p>正文。</p></div>\
            <ul id=comments><li>写得好</li></ul><div class=\"content footer\">版权</div>\
            <div data-class=\"nav\">保留</div><div class=\"side\"/><p>尾。</p></body>";
        assert_eq!(
            html_to_text(page),
            "# 报告\n一、概况\n正文。\n版权\n保留\n尾。\n"
        );
        // A report inside a container named like furniture is kept: the
        // containers are skipped only when that leaves most of the text.
        let wrapped = "<div class=\"comment-on\"><h1>报告</h1><p>一、概况</p><p>很长的正文。</p></div><div class=\"footer\">页脚</div>";
        assert_eq!(
            html_to_text(wrapped),
            "# 报告\n一、概况\n很长的正文。\n页脚\n"
        );
        // Never closed: the rest of the page goes with it.
        assert_eq!(
            html_to_text("<p>正文。</p><div class=nav><p>导航"),
            "正文。\n"
        );
    }

    #[test]
    fn page_source_is_recognised_by_its_opening() {
        for page in [
            "<!DOCTYPE html><html><body>x</body></html>",
            "\u{feff}\n  <html lang=\"zh\">",
            "<!-- saved from url=(0042)https://example.com/ -->\n<HTML>",
            "<head><meta charset=\"gbk\"></head>",
            "<body>",
        ] {
            assert!(looks_like_html(page), "{page}");
        }
        for text in [
            "2025年银行电商市场调查报告\n<html> 标签出现在正文中",
            "<header>不是页面</header>",
            "<p>一段</p>",
            "<!-- 未闭合的注释",
            "",
            "<",
            "<ht",
        ] {
            assert!(!looks_like_html(text), "{text}");
        }
    }

    #[test]
    fn text_of_page() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><div>一、概述</div><p>正文<b>加粗</b>。</p><script>var x='</div>';</SCRIPT><!-- note --><p>a &amp; b &#x4e2d;&#22269; &bogus; &</p></body></html>";
        assert_eq!(
            html_to_text(html),
            "T\n一、概述\n正文加粗。\na & b 中国 &bogus; &\n"
        );
    }

    #[test]
    fn broken_and_deep_markup_is_linear() {
        assert_eq!(html_to_text("<p>未闭合 <b"), "未闭合\n");
        assert_eq!(html_to_text("<script>never closed"), "");
        let deep = format!(
            "{}文本{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert_eq!(html_to_text(&deep), "文本\n");
    }
}
