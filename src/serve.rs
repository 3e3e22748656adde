//! `gen serve`: HTTP preview on loopback with live reload.

use std::path::Path;

use anyhow::Result;

use crate::cli::ServeArgs;

pub fn run_cli(_root: &Path, _args: &ServeArgs) -> Result<bool> {
    anyhow::bail!("`gen serve` is not implemented yet")
}
