//! `gen init`: write a new working site, optionally the default theme for
//! editing and a GitHub Pages workflow.

use std::path::Path;

use anyhow::Result;

use crate::cli::InitArgs;

pub fn run(_root: &Path, _args: &InitArgs) -> Result<bool> {
    anyhow::bail!("`gen init` is not implemented yet")
}
