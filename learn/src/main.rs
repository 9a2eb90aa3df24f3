//! `cargo learn`: the guide through the mailslot exercises (the alias is in `.cargo/config.toml`).
//!
//! Module per concern:
//! - `catalog`: the exercises, their chapters and hints;
//! - `progress`: the learner's `.progress.toml`;
//! - `checks`: building the checks with cargo, running them, reading their output;
//! - `learner`: the commands a learner uses;
//! - `verify`: `verify-all`, the maintainers' check that every starter fails and every solution passes;
//! - `json`: the little JSON reader the `checks` module needs.

/// `println!` that ignores a closed stdout (`cargo learn list | head`) instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod catalog;
mod checks;
mod json;
mod learner;
mod progress;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use learner::Outcome;

const HELP: &str = "\
usage: cargo learn [command]

commands:
  list               your progress and what to do next (the default)
  check [N]          check exercise N, or the first one not done yet
  watch [N]          check, then re-check every time the file is saved (Ctrl-C stops)
  hint [N]           the next of three hints: a nudge, the concept, almost the answer
  solution N         the reference solution, once exercise N passes (add --force to see it anyway)
  reset N            put the starter back (your version is saved in .progress-backups/)
  verify-all         for maintainers: every solution passes, every starter fails
  help               this text

N is a number (3) or a name (ex03, forgotten_sender). Start with exercise 1: read
book/src/foundations/one-message.md, edit exercises/ex01_first_message.rs, run `cargo learn check`.
";

/// The repository root: this package lives in `learn/`.
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let force = args.iter().any(|a| a == "--force");
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--force")
        .collect();
    let command = words.first().copied().unwrap_or("list");
    let target = words.get(1).copied();
    if words.len() > 2 || (force && command != "solution") {
        eprintln!("error: unexpected arguments `{}`\n\n{HELP}", args.join(" "));
        return ExitCode::from(2);
    }
    let root = root();
    let result = match command {
        "list" => learner::list(&root),
        "check" => learner::check(&root, target),
        "watch" => learner::watch(&root, target),
        "hint" => learner::hint(&root, target),
        "solution" => learner::solution(&root, target, force),
        "reset" => learner::reset(&root, target),
        "verify-all" => verify::verify_all(&root).map(|()| Outcome::Success),
        "help" | "--help" | "-h" => {
            say!("{}", HELP.trim_end());
            Ok(Outcome::Success)
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}")),
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
