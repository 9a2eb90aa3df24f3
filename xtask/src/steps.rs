//! The individual checks and the tools they need.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::bench;
use crate::book;
use crate::bundle;

pub type Outcome = Result<(), String>;

#[derive(Clone, Copy)]
pub enum Checker {
    Loom,
    Shuttle,
}

impl Checker {
    fn name(self) -> &'static str {
        match self {
            Checker::Loom => "loom",
            Checker::Shuttle => "shuttle",
        }
    }

    /// The (package, test target) pairs each checker runs.
    fn test_targets(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Checker::Loom => &[
                ("mailslot", "loom_models"),
                ("mailslot", "loom_outputs"),
                ("mailslot-steps", "steps_loom"),
                ("mailslot-steps", "zoo_loom"),
                ("mailslot-oneshot", "oneshot_loom"),
                ("mailslot-oneshot", "oneshot_zoo"),
            ],
            Checker::Shuttle => &[
                ("mailslot", "shuttle_models"),
                ("mailslot-steps", "steps_shuttle"),
                ("mailslot-steps", "zoo_shuttle"),
                ("mailslot-oneshot", "oneshot_shuttle"),
                ("mailslot-steps", "games"),
            ],
        }
    }
}

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repo")
        .to_path_buf()
}

/// `cargo ARGS...` run from the repository root, with the cargo that runs xtask.
pub fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(root()).args(args);
    cmd
}

/// Runs `cmd` with its output shown, failing if it fails.
pub fn run(what: &str, cmd: &mut Command) -> Outcome {
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: could not start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Runs a `cargo test` command, shows its output, and returns how many tests passed in total.
/// Counting matters: a model suite compiled without its `--cfg` is empty and "passes" with 0 tests.
fn run_counting_tests(what: &str, cmd: &mut Command) -> Result<usize, String> {
    cmd.stdout(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("{what}: could not start: {e}"))?;
    let mut passed = 0;
    for line in BufReader::new(child.stdout.take().expect("piped")).lines() {
        let line = line.map_err(|e| format!("{what}: reading output: {e}"))?;
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ok. ") {
            passed += rest
                .split(' ')
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
        }
    }
    let status = child.wait().map_err(|e| format!("{what}: {e}"))?;
    if !status.success() {
        return Err(format!("{what} failed ({status})"));
    }
    Ok(passed)
}

/// A `cargo test --release` command compiled with `--cfg loom` or `--cfg shuttle`, in its own target
/// directory so the normal build cache survives.
fn model_test_command(
    checker: Checker,
    package: &str,
    target: &str,
    filter: Option<&str>,
) -> Command {
    let mut cmd = cargo(&[]);
    // Set the flags through the environment on purpose and clear the encoded variant, which would win:
    // a user's own RUSTFLAGS must not silently drop the cfg (the count check below catches it anyway).
    let user_flags = std::env::var("RUSTFLAGS").unwrap_or_default();
    cmd.env(
        "RUSTFLAGS",
        format!("{user_flags} --cfg {}", checker.name()).trim(),
    )
    .env_remove("CARGO_ENCODED_RUSTFLAGS")
    .env(
        "CARGO_TARGET_DIR",
        root().join("target").join(checker.name()),
    )
    .args([
        "test",
        "--locked",
        "--release",
        "--package",
        package,
        "--test",
        target,
        "--",
    ])
    .args(["--nocapture", "--test-threads=1"]);
    if let Some(filter) = filter {
        cmd.arg(filter);
    }
    cmd
}

pub fn run_model_suite(checker: Checker, filter: Option<&str>) -> Outcome {
    let mut total = 0;
    for (package, target) in checker.test_targets() {
        let passed = run_counting_tests(
            &format!("{} suite `{target}`", checker.name()),
            &mut model_test_command(checker, package, target, filter),
        )?;
        // Unfiltered, every suite must run something: an empty one lost its `--cfg`.
        if filter.is_none() && passed == 0 {
            return Err(format!(
                "the {} suite `{target}` ran 0 tests: was `--cfg {}` applied?",
                checker.name(),
                checker.name()
            ));
        }
        total += passed;
    }
    if total == 0 {
        return Err(format!(
            "the {} suite ran 0 tests: was `--cfg {}` applied, and does the filter match a model?",
            checker.name(),
            checker.name()
        ));
    }
    Ok(())
}

struct Step {
    name: &'static str,
    run: fn() -> Outcome,
}

fn steps() -> Vec<Step> {
    vec![
        Step {
            name: "format",
            run: || {
                run(
                    "cargo fmt --check",
                    &mut cargo(&["fmt", "--all", "--check"]),
                )
            },
        },
        Step {
            name: "clippy",
            run: || {
                run(
                    "cargo clippy",
                    &mut cargo(&[
                        "clippy",
                        "--locked",
                        "--workspace",
                        "--all-targets",
                        "--",
                        "-D",
                        "warnings",
                    ]),
                )
            },
        },
        Step {
            name: "tests",
            run: || {
                let passed = run_counting_tests(
                    "cargo test",
                    cargo(&["test", "--locked", "--workspace"]).env("INSTA_UPDATE", "no"),
                )?;
                if passed == 0 {
                    Err("cargo test ran 0 tests".into())
                } else {
                    Ok(())
                }
            },
        },
        Step {
            name: "loom models",
            run: || run_model_suite(Checker::Loom, None),
        },
        Step {
            name: "shuttle models",
            run: || run_model_suite(Checker::Shuttle, None),
        },
        Step {
            name: "proof ledger",
            run: || ledger(false),
        },
        Step {
            name: "exercises",
            run: || {
                run(
                    "cargo learn verify-all",
                    &mut cargo(&[
                        "run",
                        "--locked",
                        "--quiet",
                        "--package",
                        "learn",
                        "--",
                        "verify-all",
                    ]),
                )?;
                // The grader's own test: every wrong solution in exercises-check/catalogue/ fails
                // with the message it must show, every right one passes.
                run(
                    "cargo learn verify-catalogue",
                    &mut cargo(&[
                        "run",
                        "--locked",
                        "--quiet",
                        "--package",
                        "learn",
                        "--",
                        "verify-catalogue",
                    ]),
                )
            },
        },
        Step {
            name: "benchmarks (quick)",
            run: bench::quick,
        },
        Step {
            name: "book build",
            run: book::build,
        },
        Step {
            name: "book links",
            run: book::check_links,
        },
        Step {
            name: "book in a browser",
            run: book::browser_check,
        },
        Step {
            name: "book games in a browser",
            run: book::games_browser_check,
        },
        Step {
            name: "course bundle",
            run: bundle::check,
        },
    ]
}

/// `proof-ledger check` (or `write`): the committed ledger page against the records the tests wrote
/// in `target/ledger/`.
pub fn ledger(write: bool) -> Outcome {
    run(
        "proof ledger",
        &mut cargo(&[
            "run",
            "--locked",
            "--quiet",
            "--package",
            "proof-ledger",
            "--",
            if write { "write" } else { "check" },
        ]),
    )
}

/// The book's own steps: build, links, browser.
pub fn check_book() -> Outcome {
    book::build()?;
    book::check_links()?;
    book::browser_check()?;
    book::games_browser_check()
}

/// Runs every step, even after a failure (so one run shows everything that is wrong), then prints a
/// timing table and a `passed, failed` line.
pub fn check_everything() -> Outcome {
    // The tests and model suites below write the proof ledger's records afresh; the "proof ledger"
    // step then compares them with the committed page. Old records must not stand in for a test
    // that no longer ran.
    let records = root().join("target").join("ledger");
    if records.exists() {
        std::fs::remove_dir_all(&records)
            .map_err(|e| format!("clearing {}: {e}", records.display()))?;
    }
    let mut results = Vec::new();
    for step in steps() {
        println!("\n==> {}", step.name);
        let start = Instant::now();
        let outcome = (step.run)();
        let seconds = start.elapsed().as_secs_f64();
        if let Err(message) = &outcome {
            eprintln!("FAILED {}: {message}", step.name);
        }
        results.push((step.name, outcome.is_ok(), seconds));
    }
    println!("\n{:<24} {:>8}  result", "step", "seconds");
    for (name, ok, seconds) in &results {
        println!(
            "{name:<24} {seconds:>8.1}  {}",
            if *ok { "ok" } else { "FAILED" }
        );
    }
    let failed = results.iter().filter(|(_, ok, _)| !ok).count();
    println!("check: {} passed, {failed} failed", results.len() - failed);
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} step(s) failed"))
    }
}
