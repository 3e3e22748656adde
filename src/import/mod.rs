//! `gen import`: raw scraped reports (txt/html, any encoding) → clean
//! Markdown chapters under `content/`.

use std::path::Path;

use anyhow::Result;

use crate::cli::ImportArgs;

pub fn run_cli(_root: &Path, _args: &ImportArgs) -> Result<bool> {
    anyhow::bail!("`gen import` is not implemented yet")
}
