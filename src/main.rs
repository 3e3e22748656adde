//! Entry point: logging set-up, dispatch to the subcommands, printing the
//! error chain one cause a line, and the exit code (0 ok, 1 failure, 2 usage).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

// See Cargo.toml for why jemalloc.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Freed pages go back to the system after 200 ms, from jemalloc's own
/// thread: a build's phases free large structures (Markdown sources, page
/// HTML, mentions) that the next phase does not reuse, and holding them
/// cost a quarter of the peak memory (8,000-chapter benchmark: 490 → 420 MiB).
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: &[u8; 59] = b"background_thread:true,dirty_decay_ms:200,muzzy_decay_ms:0\0";
use gen::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.quiet, cli.verbose);
    let root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let result = match cli.command {
        Command::Init(args) => gen::init::run(&root, &args),
        Command::Build(args) => gen::build::run_cli(&root, &args),
        Command::Import(args) => gen::import::run_cli(&root, &args),
        Command::Serve(args) => gen::serve::run_cli(&root, &args),
        Command::Check(args) => gen::build::check_cli(&root, &args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        // The command already reported what failed (e.g. some imports).
        Ok(false) => ExitCode::from(1),
        Err(err) => {
            print_error(&err);
            ExitCode::from(1)
        }
    }
}

fn print_error(err: &anyhow::Error) {
    eprintln!("error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}

fn init_logging(quiet: bool, verbose: u8) {
    let default = match (quiet, verbose) {
        (true, _) => "warn",
        (false, 0) => "info",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    // Our own crate at the chosen level; dependencies stay at warn unless
    // RUST_LOG asks otherwise.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("warn,gen={default}")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .with_level(true)
        .init();
}
