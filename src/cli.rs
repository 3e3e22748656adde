//! Command-line surface of `gen`: clap derive types only, no behaviour.
//!
//! Every subcommand carries an example in its long help so `gen help <cmd>`
//! is enough to get started.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Turn scraped research reports and Markdown into a clean, cross-linked,
/// searchable static site.
#[derive(Debug, Parser)]
#[command(name = "gen", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Print less: only warnings and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more: what was detected, removed and written (repeat for debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// The site's root folder (the one holding `book.toml`).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site with a working example.
    #[command(
        after_help = "Examples:\n  gen init mysite\n  gen init --theme            # copy the default theme into ./themes/default for editing\n  gen init --github-pages .   # add a GitHub Pages workflow"
    )]
    Init(InitArgs),

    /// Render `content/` into the build folder (`book/` by default).
    #[command(
        after_help = "Examples:\n  gen build\n  gen build --out public --base-url https://user.github.io/reports/"
    )]
    Build(BuildArgs),

    /// Import scraped reports (txt/html, any encoding) as Markdown chapters.
    #[command(
        after_help = "Examples:\n  gen import raw/report.txt\n  gen import raw/ --out content/\n  gen import --json raw/report.txt    # print the parse as JSON Lines, write nothing"
    )]
    Import(ImportArgs),

    /// Preview the site on 127.0.0.1 and live-reload on every edit.
    #[command(after_help = "Examples:\n  gen serve\n  gen serve --port 8080 --open")]
    Serve(ServeArgs),

    /// Build in memory and report broken links and anchors without writing.
    #[command(after_help = "Example:\n  gen check")]
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in (default: the current folder).
    pub dir: Option<PathBuf>,

    /// Copy the default theme into `themes/default/` so it can be edited.
    #[arg(long)]
    pub theme: bool,

    /// Write `.github/workflows/pages.yml` to publish on GitHub Pages.
    #[arg(long)]
    pub github_pages: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: `[build] build-dir` from book.toml, else `book`).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Absolute URL the site is published under, e.g. https://user.github.io/repo/
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files or folders to import (.txt, .md, .html, .htm).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,

    /// Where report folders are written (default: the site's content folder).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Overwrite reports that were edited since they were imported.
    #[arg(long)]
    pub force: bool,

    /// Print one JSON object per input (JSON Lines) and write nothing.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on; the next free one is used if it is taken.
    #[arg(short, long, default_value_t = 3000)]
    pub port: u16,

    /// Address to bind. Anything but loopback must be asked for explicitly.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,

    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,

    /// Preview under the path of this URL (as on GitHub Pages).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {}
