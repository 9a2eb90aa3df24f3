//! "A std program runs unchanged with `use mailslot as mpsc;`", checked the other way round: every
//! program in `examples/` is built against `std::sync::mpsc` and must print what it prints with
//! mailslot (the snapshot the book shows, or one of the outputs loom enumerated for it).
//!
//! How: each example is copied into a small cargo project under target/<profile>/examples-on-std/
//! with exactly one line changed, `use mailslot as mpsc;` becoming `use std::sync::mpsc;`, and is
//! `include!`d there as a module of one binary (one rustc run instead of thirty, so plain `cargo test`
//! stays fast). That project has no dependencies: a leftover `mailslot::` path cannot compile, so an
//! example that uses more than std's API fails here. The binary runs one example per process, named
//! on its command line, and its `main` is the example's own `main`.
#![cfg(not(any(loom, shuttle)))]

mod example_runs;

use example_runs::{Expected, build_std_only, example_names, expected, render, root};
use proof_ledger::{Checker, Entry, record};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

/// Examples that cannot run on std, with the reason. Every other example must build and run
/// against `std::sync::mpsc` and print its snapshot.
const NOT_ON_STD: &[(&str, &str)] = &[];

/// The one line an example may use to pick mailslot, and what it becomes here.
const MAILSLOT_IMPORT: &str = "use mailslot as mpsc;";
const STD_IMPORT: &str = "use std::sync::mpsc;";

#[test]
fn every_example_prints_the_same_on_std() {
    let names = example_names();
    assert!(!names.is_empty(), "no examples found");
    for (exempt, reason) in NOT_ON_STD {
        assert!(
            names.iter().any(|name| name == exempt),
            "NOT_ON_STD lists `{exempt}` ({reason}), but examples/{exempt}.rs does not exist"
        );
    }
    let on_std: Vec<&String> = names
        .iter()
        .filter(|name| !NOT_ON_STD.iter().any(|(exempt, _)| exempt == name))
        .collect();

    let binary = build_on_std(&on_std);
    let mut failures = String::new();
    for name in on_std {
        let output = Command::new(&binary)
            .arg(name)
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap_or_else(|e| panic!("run {}: {e}", binary.display()));
        let printed = render(output);
        match expected(name) {
            None => writeln!(failures, "{name}: no snapshot to compare with").unwrap(),
            Some(Expected::Fixed(snapshot)) if snapshot.trim_end() != printed.trim_end() => {
                writeln!(
                    failures,
                    "{name} on std printed:\n{printed}\nbut with mailslot it prints:\n{snapshot}"
                )
                .unwrap()
            }
            Some(Expected::OneOf(outputs)) if !outputs.contains(&printed) => writeln!(
                failures,
                "{name} on std printed an output loom did not enumerate for mailslot:\n{printed}"
            )
            .unwrap(),
            Some(_) => {}
        }
    }
    assert!(failures.is_empty(), "{failures}");
    record!(Entry::new(
        "every example, built against std::sync::mpsc, prints what it prints with mailslot",
        Checker::StdRun,
        "every program in examples/ not in NOT_ON_STD, one run each"
    ));
}

/// Builds every example, its import swapped for std's, with no dependencies (see
/// `example_runs::build_std_only`), and returns the binary.
fn build_on_std(names: &[&String]) -> PathBuf {
    let mut programs = Vec::new();
    for name in names {
        let source = std::fs::read_to_string(root().join(format!("examples/{name}.rs"))).unwrap();
        let on_std = source.replace(MAILSLOT_IMPORT, STD_IMPORT);
        let leftover: Vec<&str> = on_std
            .lines()
            .filter(|line| !line.trim_start().starts_with("//") && line.contains("mailslot"))
            .collect();
        assert!(
            leftover.is_empty(),
            "examples/{name}.rs uses mailslot beyond `{MAILSLOT_IMPORT}`, so it does not run \
             unchanged on std: {leftover:?} (use `mpsc::...` instead, or list the example in NOT_ON_STD \
             with the reason it cannot run on std)"
        );
        programs.push((name.to_string(), on_std));
    }
    // `include!` keeps the example's own file name and line numbers in panic messages.
    build_std_only("examples-on-std", "examples", &programs).unwrap_or_else(|errors| {
        panic!(
            "building the examples against std::sync::mpsc failed (an example that cannot run on \
             std belongs in NOT_ON_STD, with the reason):\n{errors}"
        )
    })
}
