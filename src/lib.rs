//! `gen`: turn scraped research reports and Markdown into a clean,
//! cross-linked, searchable static site.
//!
//! Modules follow the data flow:
//! config → import → load → model → extract → markdown → links → theme/render
//! → output → search → build → watch/serve.

pub mod build;
pub mod cli;
pub mod config;
pub mod extract;
pub mod frontmatter;
pub mod highlight;
pub mod import;
pub mod incremental;
pub mod init;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod watch;
