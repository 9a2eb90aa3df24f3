//! The one-shot's bug zoo under loom: every exhibit is caught, and its trace is a snapshot.
//!
//! Run with `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p
//! mailslot-oneshot --test oneshot_zoo -- --nocapture --test-threads=1` (`cargo xtask loom
//! _is_caught` runs these and the steps' zoo tests).
//!
//! For each exhibit loom explores with preemption bound 0, then 1, 2, 3, and stops at the first
//! failing execution, so the trace is one of the shortest. Loom's search is deterministic: the same
//! exhibit fails in the same execution every time.
//!
//! Each exhibit runs in a child process (this test binary again, with an environment variable): a
//! failing loom model unwinds through loom objects that touch the finished execution, and loom then
//! aborts the process. A panic hook prints the journal first, and the parent reads it.

#![cfg(loom)]

mod common;

use common::child;
use mailslot_oneshot::sync::journal;
use proof_ledger::{Checker, Entry, Outcome, differs, record};

/// The highest preemption bound tried.
const MAX_BOUND: usize = 3;
const CHILD: &str = "ONESHOT_ZOO_LOOM_CHILD";

/// The programs the child can explore, by name.
fn program(name: &str) -> fn() {
    match name {
        "relaxed" => common::relaxed,
        "no_ready_check" => common::no_ready_check,
        "double_take" => common::double_take,
        "leaked" => common::leaked,
        "dropped_twice" => common::dropped_twice,
        "unpark_before_store" => common::unpark_before_store,
        "receiver_sent_away" => common::receiver_sent_away,
        other => panic!("no exhibit called {other}"),
    }
}

/// In the child: explore one exhibit, bound after bound, until it fails.
#[test]
fn zoo_child() {
    let Ok(name) = std::env::var(CHILD) else {
        return;
    };
    let run = program(&name);
    child::report_first_failure(|message| common::render(&journal::events(), message));
    child::explore_bound_after_bound(MAX_BOUND, run);
}

/// What the child found: the bound, the execution, the failure's first line and the trace.
struct Found {
    bound: usize,
    execution: usize,
    failure: String,
    trace: String,
}

fn explore_in_child(name: &str) -> Result<Found, String> {
    let output = child::child_command(CHILD, name)
        .output()
        .expect("re-run the test binary");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let field = |prefix: &str| {
        stderr
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .map(str::to_string)
    };
    let Some(found) = field("ZOO FOUND ") else {
        return Err(format!(
            "loom found nothing up to bound {MAX_BOUND}:\n{stderr}"
        ));
    };
    let number = |key: &str| -> usize {
        found
            .split(' ')
            .find_map(|kv| kv.strip_prefix(key))
            .and_then(|n| n.parse().ok())
            .expect("a number in the ZOO FOUND line")
    };
    let trace = child::trace_in(&stderr).unwrap_or("").to_string();
    Ok(Found {
        bound: number("bound="),
        execution: number("execution="),
        failure: field("ZOO FAILURE ").unwrap_or_default(),
        trace,
    })
}

/// Explores the exhibit, checks that loom caught it for the expected reason, snapshots the trace
/// and records the ledger entry.
fn caught(name: &str, step: &str, what: &str, expected: &str, configuration: &str) {
    let found = explore_in_child(name).unwrap_or_else(|problem| panic!("{name}: {problem}"));
    assert!(
        found.failure.contains(expected),
        "{name}: expected a failure containing {expected:?}, got {:?}",
        found.failure
    );
    println!(
        "loom: {name}: caught at preemption bound {}, execution {}: {}",
        found.bound,
        found.execution,
        common::explain(&found.failure)
    );
    let text = format!(
        "{step}: {what}\nloom, preemption bound {}: fails in execution {} of that bound.\n\n{}",
        found.bound, found.execution, found.trace
    );
    insta::with_settings!({
        snapshot_path => "snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("oneshot_trace_{name}"), text);
    });
    record!(
        Entry::new(what, Checker::Loom { bound: found.bound }, configuration)
            .executions(found.execution)
            .differs(&[differs::TEACHING_STEP, differs::ZOO_DIFF])
            .outcome(Outcome::Caught(common::explain(&found.failure)))
    );
}

#[test]
fn relaxed_is_caught() {
    caught(
        "relaxed",
        "step 1",
        "Relaxed instead of Release/Acquire on the ready flag",
        "Causality violation",
        "1 sender x 1 message + receiver spinning on is_ready",
    );
}

#[test]
fn no_ready_check_is_caught() {
    caught(
        "no_ready_check",
        "step 2",
        "receive ignores whether the message is there",
        "received before any was sent",
        "1 sender x 2 sends + receiver calling receive twice",
    );
}

#[test]
fn double_take_is_caught() {
    caught(
        "double_take",
        "step 2",
        "receive looks at the flag instead of taking it",
        "dropped twice",
        "1 sender x 2 sends + receiver calling receive twice",
    );
}

#[test]
fn leaked_is_caught() {
    caught(
        "leaked",
        "step 2",
        "no drop of an unreceived message",
        "leaked",
        "1 sender x 2 sends + receiver calling receive twice",
    );
}

#[test]
fn dropped_twice_is_caught() {
    caught(
        "dropped_twice",
        "step 2",
        "Drop asks `in_use` instead of `ready`",
        "dropped twice",
        "1 sender x 2 sends + receiver calling receive twice",
    );
}

#[test]
fn unpark_before_store_is_caught() {
    caught(
        "unpark_before_store",
        "step 4",
        "send unparks the receiver before it sets `ready`",
        "deadlock",
        "1 sender x 1 message + blocking receiver",
    );
}

#[test]
fn receiver_sent_away_is_caught() {
    caught(
        "receiver_sent_away",
        "step 4",
        "an `unsafe impl Send` for the receiver",
        "deadlock",
        "1 sender x 1 message + blocking receiver moved to another thread",
    );
}
