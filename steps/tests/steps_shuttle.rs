//! The wake-up fixes of steps 3 and 4, checked by shuttle as well as loom (`steps_loom.rs`).
//!
//! Loom's `notify_one` always wakes the oldest waiter; shuttle's lets the scheduler choose, so a
//! rendezvous that woke only one of its waiting senders would be caught here whichever sender it
//! picked. The programs are the same as loom's (`tests/zoo/mod.rs`); shuttle's random scheduler
//! runs each from a fixed seed, so a run is repeatable.
//!
//! Run with
//! `RUSTFLAGS="--cfg shuttle" CARGO_TARGET_DIR=target/shuttle cargo test --release -p mailslot-steps --test steps_shuttle -- --nocapture --test-threads=1`
//! (one test at a time keeps the journal, and so the trace of a failure, to one model).

#![cfg(shuttle)]

mod zoo;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::Instant;

use mailslot_steps::sync::journal;
use proof_ledger::{Checker, Entry, differs, record};
use shuttle::scheduler::RandomScheduler;
use shuttle::{Config, Runner};

/// The random scheduler's seed, and how many executions it runs.
const SEED: u64 = 1;
const EXECUTIONS: usize = 2_000;

/// Runs `model` under shuttle's random scheduler; on a failure, says which model failed and shows
/// the failing execution's journal.
fn check(name: &str, model: fn()) {
    let started = Instant::now();
    let executions = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&executions);
    let explored = std::panic::catch_unwind(move || {
        let scheduler = RandomScheduler::new_from_seed(SEED, EXECUTIONS);
        Runner::new(scheduler, Config::new()).run(move || {
            counter.fetch_add(1, SeqCst);
            model();
        });
    });
    if let Err(payload) = explored {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let trace = zoo::render(&journal::events(), &message);
        panic!(
            "shuttle: {name}: execution {} fails (seed {SEED}): {message}\n{trace}",
            executions.load(SeqCst)
        );
    }
    println!(
        "shuttle: {name}: {} executions, random scheduler, seed {SEED} ({:.2?})",
        executions.load(SeqCst),
        started.elapsed()
    );
    record!(
        Entry::new(
            "",
            Checker::Shuttle {
                scheduler: format!("random, seed {SEED}")
            },
            name
        )
        .executions(executions.load(SeqCst))
        .differs(&[differs::TEACHING_STEP, differs::STD_ARC])
        .seconds(started.elapsed())
    );
}

#[test]
fn step3_sender_blocked_on_a_full_channel_fails_when_the_receiver_leaves() {
    check(
        "step3, receiver takes 0 and leaves, capacity 1",
        zoo::step3_receiver_leaves_while_full_taking_0,
    );
    check(
        "step3, receiver takes 1 and leaves, capacity 1",
        zoo::step3_receiver_leaves_while_full_taking_1,
    );
}

#[test]
fn step4_sender_blocked_on_a_full_channel_fails_when_the_receiver_leaves() {
    check(
        "step4, receiver takes 0 and leaves, capacity 1",
        zoo::step4_receiver_leaves_while_full_taking_0,
    );
    check(
        "step4, receiver takes 1 and leaves, capacity 1",
        zoo::step4_receiver_leaves_while_full_taking_1,
    );
}

/// Two senders in a rendezvous, one or two messages each: waking only one of the senders asleep on
/// `not_full` when the receiver takes a message can leave the other asleep for good, whichever
/// one shuttle picks.
#[test]
fn step4_rendezvous_wakes_both_kinds_of_sender() {
    check(
        "step4, rendezvous, 2 senders x 1",
        zoo::step4_two_senders_rendezvous,
    );
    check(
        "step4, rendezvous, 2 senders x 2",
        zoo::step4_two_senders_rendezvous_twice,
    );
}
