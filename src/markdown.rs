//! Markdown → HTML with pulldown-cmark: heading ids, paragraph anchors, mention links, highlighted code.
