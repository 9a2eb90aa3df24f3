//! The bug zoo under loom: every exhibit is caught, with the shortest trace loom can give.
//!
//! Run with
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p mailslot-steps --test zoo_loom -- --nocapture --test-threads=1`.
//!
//! For each exhibit, loom explores with preemption bound 0, then 1, 2, 3, and stops at the first
//! failing execution: a failure that needs fewer preemptions has a shorter schedule, so the trace
//! stays short. Loom's search is deterministic, so the same exhibit always fails in the same
//! execution: running the test again replays it.
//!
//! Each exhibit runs in a child process (this same test binary, re-run with an environment
//! variable): a failing loom model unwinds through the channel's `Drop` impls, which touch loom's
//! mutex again, and loom aborts the process. A panic hook prints the journal first.

#![cfg(loom)]

mod zoo;

use mailslot_steps::sync::journal;
use proof_ledger::{Checker, Entry, Outcome, differs, record};
use zoo::{EXHIBITS, Property, child, exhibit, render};

/// The highest preemption bound tried.
const MAX_BOUND: usize = 3;
const CHILD: &str = "MAILSLOT_ZOO_LOOM_CHILD";

/// In the child: explore one exhibit, bound after bound, until it fails.
#[test]
fn zoo_child() {
    let Ok(name) = std::env::var(CHILD) else {
        return;
    };
    let exhibit = exhibit(&name);
    child::report_first_failure(|message| render(&journal::events(), message));
    child::explore_bound_after_bound(MAX_BOUND, exhibit.run);
}

/// What the child found.
pub struct Hunt {
    /// `(bound, execution, failure, trace)` of the first failure, if any.
    pub found: Option<(usize, usize, String, String)>,
    /// Executions explored at each bound that passed.
    pub passed: Vec<(usize, usize)>,
}

pub fn hunt(name: &str) -> Hunt {
    let out = child::child_command(CHILD, name)
        .output()
        .expect("re-run this test binary");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let field = |line: &str, key: &str| -> usize {
        line.split(&format!("{key}="))
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {key} in {line:?}"))
    };
    let passed = stderr
        .lines()
        .filter(|line| line.starts_with("ZOO PASSED "))
        .map(|line| (field(line, "bound"), field(line, "executions")))
        .collect();
    let found = stderr
        .lines()
        .find(|l| l.starts_with("ZOO FOUND "))
        .map(|line| {
            let failure = stderr
                .lines()
                .find_map(|l| l.strip_prefix("ZOO FAILURE "))
                .unwrap_or("")
                .to_string();
            let trace = child::trace_in(&stderr).unwrap_or("").to_string();
            (
                field(line, "bound"),
                field(line, "execution"),
                failure,
                trace,
            )
        });
    if found.is_none() {
        assert!(
            out.status.success(),
            "the child failed without a trace:\n{stderr}"
        );
    }
    Hunt { found, passed }
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        omit_expression => true,
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Hunts one exhibit that must be caught, checks which property broke, and snapshots the trace.
fn caught(name: &str) -> (usize, usize, usize) {
    let exhibit = exhibit(name);
    let want = exhibit.breaks.expect("an exhibit that breaks something");
    let hunt = hunt(name);
    let Some((bound, execution, failure, trace)) = hunt.found else {
        panic!("loom did not catch {name} up to preemption bound {MAX_BOUND}: the zoo test fails");
    };
    let got = Property::from_failure(&failure);
    assert_eq!(
        got,
        Some(want),
        "{name} must break {want:?}; loom reported: {failure}"
    );
    let steps = trace.lines().count() - 2; // the header and the verdict
    println!(
        "loom: {name}: caught at preemption bound {bound}, execution {execution}: {} ({steps} steps)",
        want.describe()
    );
    let header = format!(
        "{}\nloom, preemption bound {bound}: fails in execution {execution} of that bound.\n\n",
        exhibit.what
    );
    snapshot(&format!("zoo_trace_{name}"), &format!("{header}{trace}"));
    let mut entry = Entry::new(
        format!("loom catches it: {}", want.describe()),
        Checker::Loom { bound },
        exhibit.what,
    )
    .executions(execution)
    .differs(&[differs::ZOO_DIFF, differs::STD_ARC])
    .outcome(Outcome::Caught(want.describe().to_string()));
    // The bounds below the one that caught it passed: say so, with their executions.
    if let Some(&(lower, executions)) = hunt.passed.last() {
        entry = entry.lower_bound(lower, executions, false);
    }
    record!(entry);
    (bound, execution, steps)
}

#[test]
fn if_instead_of_while_is_not_caught_without_a_spurious_wakeup() {
    let hunt = hunt("if_instead_of_while");
    assert!(
        hunt.found.is_none(),
        "loom does not wake threads spuriously, so it must not find this bug on its own"
    );
    assert_eq!(hunt.passed.len(), MAX_BOUND + 1);
    for (bound, executions) in &hunt.passed {
        println!("loom: if_instead_of_while: bound {bound}: {executions} executions, no failure");
    }
    let (bound, executions) = hunt.passed[MAX_BOUND];
    let (lower, lower_executions) = hunt.passed[MAX_BOUND - 1];
    record!(
        Entry::new(
            "loom does not catch it: it never wakes a waiter spuriously",
            Checker::Loom { bound },
            exhibit("if_instead_of_while").what,
        )
        .executions(executions)
        .lower_bound(lower, lower_executions, true)
        .differs(&[differs::ZOO_DIFF, differs::STD_ARC])
        .outcome(Outcome::NotCaught("no failure in any execution".into()))
    );
}

#[test]
fn if_instead_of_while_is_caught_with_a_spurious_wakeup() {
    caught("if_instead_of_while_spurious");
}

#[test]
fn notify_before_push_is_caught() {
    caught("notify_before_push");
}

#[test]
fn unlock_before_wait_is_caught() {
    caught("unlock_before_wait");
}

#[test]
fn no_wakeup_on_disconnect_is_caught() {
    caught("no_wakeup_on_disconnect");
}

#[test]
fn send_ignores_receiver_is_caught() {
    caught("send_ignores_receiver");
}

#[test]
fn one_condvar_is_caught() {
    caught("one_condvar");
}

#[test]
fn if_instead_of_while_bounded_is_caught() {
    caught("if_instead_of_while_bounded");
}

#[test]
fn lost_handoff_is_caught() {
    caught("lost_handoff");
}

#[test]
fn receive_first_is_caught() {
    caught("receive_first");
}

#[test]
fn receiver_drop_no_notify_is_caught() {
    caught("receiver_drop_no_notify");
}

#[test]
fn rendezvous_notify_one_is_caught() {
    caught("rendezvous_notify_one");
}

#[test]
fn flag_after_wait_is_caught() {
    caught("flag_after_wait");
}

/// The zoo at a glance: every exhibit, what loom finds, how soon, and how long the trace is.
#[test]
fn zoo_table() {
    let mut table = String::from(
        "exhibit                        property broken                  bound  execution  steps\n",
    );
    for exhibit in EXHIBITS {
        let hunt = hunt(exhibit.name);
        let row = match &hunt.found {
            Some((bound, execution, failure, trace)) => {
                let property = Property::from_failure(failure).map_or("?", Property::describe);
                assert_eq!(Property::from_failure(failure), exhibit.breaks);
                format!(
                    "{:30} {:32} {:>5}  {:>9}  {:>5}",
                    exhibit.name,
                    property,
                    bound,
                    execution,
                    trace.lines().count() - 2
                )
            }
            None => {
                assert_eq!(exhibit.breaks, None, "{} must be caught", exhibit.name);
                let explored: usize = hunt.passed.iter().map(|(_, n)| n).sum();
                format!(
                    "{:30} {:32} {:>5}  {:>9}  {:>5}",
                    exhibit.name,
                    format!("none found ({explored} executions)"),
                    "-",
                    "-",
                    "-"
                )
            }
        };
        table += row.trim_end();
        table.push('\n');
    }
    println!("{table}");
    snapshot("zoo_table_loom", &table);
}
