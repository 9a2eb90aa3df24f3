//! Runs every program in `examples/` and checks what it prints against a snapshot the book includes.
//!
//! - An example whose output is fixed has `tests/snapshots/example_NAME.snap`: its stdout, and its
//!   stderr and exit status when they are not empty and 0.
//! - An example whose output depends on scheduling has instead `all_outputs_NAME.snap`, written by
//!   tests/loom_outputs.rs with every output loom can produce; the real run must print one of them.
//!
//! The examples are built first by this test itself: a stale binary must never pass.
#![cfg(not(any(loom, shuttle)))]

mod example_runs;

use example_runs::{enumerated_outputs, example_names, normalize, render, root};
use proof_ledger::{Checker, Entry, record};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Once;

/// Builds every example with the same profile as this test, once per test run.
fn example_binary(name: &str) -> PathBuf {
    static BUILD: Once = Once::new();
    BUILD.call_once(|| {
        let status = Command::new(env!("CARGO"))
            .current_dir(root())
            .args(["build", "--quiet", "--locked", "--examples"])
            .status()
            .expect("run cargo build --examples");
        assert!(status.success(), "building the examples failed");
    });
    // This test binary lives in target/<profile>/deps; the examples in target/<profile>/examples.
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    profile_dir.join("examples").join(name)
}

/// Runs an example and renders what it printed as the snapshot shows it.
fn run_example(name: &str) -> String {
    let output = Command::new(example_binary(name))
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap_or_else(|e| panic!("run example {name}: {e}"));
    render(output)
}

#[test]
fn every_example_prints_its_snapshot() {
    let names = example_names();
    assert!(!names.is_empty(), "no examples found");
    for name in names {
        let printed = run_example(&name);
        let all_outputs = root().join(format!("tests/snapshots/all_outputs_{name}.snap"));
        if all_outputs.exists() {
            let outputs = enumerated_outputs(&std::fs::read_to_string(&all_outputs).unwrap());
            assert!(
                !outputs.is_empty(),
                "{} lists no outputs",
                all_outputs.display()
            );
            assert!(
                outputs.contains(&printed),
                "example {name} printed an output loom did not enumerate:\n{printed}"
            );
        } else {
            insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("example_{name}"), printed);
            });
        }
    }
    record!(Entry::new(
        "every example prints its snapshot, or one of the outputs loom enumerated for it",
        Checker::StdRun,
        "every program in examples/, one run each"
    ));
}

#[test]
fn normalize_removes_thread_ids() {
    assert_eq!(
        normalize("thread 'main' (12345) panicked at examples/x.rs:3:5:\nboom\n"),
        "thread 'main' panicked at examples/x.rs:3:5:\nboom\n"
    );
}

#[test]
fn enumerated_outputs_parses_the_loom_snapshot_format() {
    let snap = "---\nsource: x\n---\nsummary.\n\noutput 1 of 2:\na\nb\n\noutput 2 of 2:\nb\na\n";
    assert_eq!(enumerated_outputs(snap), ["a\nb\n", "b\na\n"]);
}
