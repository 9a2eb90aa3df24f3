//! The project's command runner: `cargo xtask <command>` (the alias lives in `.cargo/config.toml`).
//!
//! - `cargo xtask test`: every check, in the order a failure is cheapest to find. This is the command the
//!   README gives and `.ci/run` calls.
//! - `cargo xtask loom [FILTER]` / `cargo xtask shuttle [FILTER]`: one model suite, or the models whose
//!   names contain FILTER, with their output (execution counts) shown.
//! - `cargo xtask book`: serve the book locally, installing the pinned mdbook first if needed.
//! - `cargo xtask bundle`: the course for a classroom without network, in `target/bundle/`.

mod bench;
mod book;
mod bundle;
mod steps;
mod zoo;

use std::env;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let result = match command {
        "test" => steps::check_everything(),
        "loom" => steps::run_model_suite(steps::Checker::Loom, rest.first().map(String::as_str)),
        "shuttle" => {
            steps::run_model_suite(steps::Checker::Shuttle, rest.first().map(String::as_str))
        }
        "zoo" => zoo::run(rest),
        "ledger" => steps::ledger(rest.first().is_some_and(|a| a == "--write")),
        "bench" => bench::report(),
        "book" => book::serve(),
        "book-check" => steps::check_book(),
        "bundle" => match rest.first().map(String::as_str) {
            Some("--check") => bundle::check(),
            _ => bundle::build(),
        },
        "help" | "--help" | "-h" => {
            print!("{}", HELP);
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
usage: cargo xtask <command>

commands:
  test              run every check (formatting, clippy, tests, loom, shuttle, book, ...)
  loom [FILTER]     run the loom models (only those whose name contains FILTER)
  shuttle [FILTER]  run the shuttle models (only those whose name contains FILTER)
  zoo list          the bug zoo's exhibits
  zoo replay BUG [SCHEDULE]
                    replay a bug-zoo failure with shuttle and print its readable trace
  ledger [--write]  check book/src/reference/ledger.md against the records the tests wrote in
                    target/ledger/ (--write: regenerate it)
  bench             run the full benchmarks (minutes) and regenerate the book's chart and tables
  book              serve the book on http://127.0.0.1:3000, installing mdbook if needed
  book-check        build the book and check its links and its pages in a browser
  bundle [--check]  build the offline course bundle (book, exercises, vendored deps) and the
                    solutions archive in target/bundle/; --check also unpacks and inspects them
";
