//! `cargo learn`: the guide through the mailslot exercises (the alias is in `.cargo/config.toml`).
//!
//! Module per concern:
//! - `catalog`: the exercises, their chapters and hints;
//! - `progress`: the learner's `.progress.toml`;
//! - `starters`: the pristine starters, embedded at build time, that `reset` restores;
//! - `checks`: building the checks with cargo, running them, reading their output;
//! - `grade`: the verdict on one exercise and the report the learner reads;
//! - `learner`: the commands a learner uses;
//! - `verify`: `verify-all`, the maintainers' check that every starter fails and every solution passes;
//! - `catalogue`: `verify-catalogue`, the grader's own test against known wrong and right solutions.

/// `println!` that ignores a closed stdout (`cargo learn list | head`) instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod catalog;
mod catalogue;
mod checks;
mod grade;
mod learner;
mod progress;
mod starters;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use learner::Outcome;

/// Your guide through the mailslot exercises. Start with exercise 1: read the book's chapter "One
/// message", edit exercises/ex01_first_message.rs, run `cargo learn check`.
#[derive(Parser)]
#[command(name = "cargo learn", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// N is a number (3) or a name (ex03, forgotten_sender).
#[derive(Subcommand)]
enum Command {
    /// Your progress and what to do next (the default).
    List,
    /// Check exercise N, or the first one not done yet.
    Check { exercise: Option<String> },
    /// Check, then re-check every time the file is saved (Ctrl-C stops).
    Watch { exercise: Option<String> },
    /// The next of three hints: a nudge, the concept, almost the answer.
    Hint { exercise: Option<String> },
    /// The reference solution, once exercise N passes.
    Solution {
        exercise: String,
        /// Show it even though the exercise does not pass yet.
        #[arg(long)]
        force: bool,
    },
    /// Put the starter back (your version is saved in .progress-backups/).
    Reset { exercise: String },
    /// For maintainers: every solution passes, every starter fails.
    VerifyAll,
    /// For maintainers: the grader rejects every wrong and accepts every right variant in
    /// exercises-check/catalogue/ (optionally only those whose path contains FILTER).
    VerifyCatalogue {
        filter: Option<String>,
        /// Print every variant's report, not only the wrong ones.
        #[arg(long)]
        reports: bool,
    },
}

/// The repository root: this package lives in `learn/`. `LEARN_ROOT` points elsewhere (the
/// command-line tests use a scratch copy).
fn root() -> PathBuf {
    if let Some(root) = std::env::var_os("LEARN_ROOT") {
        return PathBuf::from(root);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = root();
    learner::stop_on_ctrl_c();
    let result = match cli.command.unwrap_or(Command::List) {
        Command::List => learner::list(&root),
        Command::Check { exercise } => learner::check(&root, exercise.as_deref()),
        Command::Watch { exercise } => learner::watch(&root, exercise.as_deref()),
        Command::Hint { exercise } => learner::hint(&root, exercise.as_deref()),
        Command::Solution { exercise, force } => learner::solution(&root, Some(&exercise), force),
        Command::Reset { exercise } => learner::reset(&root, Some(&exercise)),
        Command::VerifyAll => verify::verify_all(&root).map(|()| Outcome::Success),
        Command::VerifyCatalogue { filter, reports } => {
            catalogue::verify(&root, filter.as_deref(), reports).map(|()| Outcome::Success)
        }
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NotYet) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
