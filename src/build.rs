//! Orchestration of a build: config → load → model → render → output,
//! returning a build report (pages, warnings, timings).

use std::path::Path;

use anyhow::Result;

use crate::cli::{BuildArgs, CheckArgs};

pub fn run_cli(_root: &Path, _args: &BuildArgs) -> Result<bool> {
    anyhow::bail!("`gen build` is not implemented yet")
}

pub fn check_cli(_root: &Path, _args: &CheckArgs) -> Result<bool> {
    anyhow::bail!("`gen check` is not implemented yet")
}
