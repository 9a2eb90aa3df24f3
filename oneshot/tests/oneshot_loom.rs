//! The one-shot's steps under loom: every property holds in every execution loom explores within
//! the stated preemption bound, and loom also explores every value each load may return under the
//! memory model (`Relaxed`, `Acquire`, `Release`), and checks every access to the message's cell
//! against happens-before.
//!
//! Run with `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p
//! mailslot-oneshot --test oneshot_loom -- --nocapture --test-threads=1`.
//! Each model prints its execution count and time; each finishes in well under a second here.

#![cfg(loom)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::{Duration, Instant};

use proof_ledger::{Checker, Entry, differs, record};

/// Explores `model` at `bound` and returns loom's execution count and the time it took.
fn explore(bound: usize, model: fn()) -> (usize, Duration) {
    static EXECUTIONS: AtomicUsize = AtomicUsize::new(0);
    EXECUTIONS.store(0, SeqCst);
    let start = Instant::now();
    common::child::loom_builder(bound).check(move || {
        EXECUTIONS.fetch_add(1, SeqCst);
        model();
    });
    let executions = EXECUTIONS.load(SeqCst);
    let elapsed = start.elapsed();
    println!("bound {bound}: {executions} executions, {elapsed:.2?}");
    assert!(
        elapsed < Duration::from_secs(10),
        "a one-shot model must finish in under 10 s at its bound"
    );
    (executions, elapsed)
}

/// Runs `model` at `bound` and at `bound - 1`, and records the ledger entry.
fn check(claim: &str, configuration: &str, bound: usize, model: fn()) {
    let (lower, _) = explore(bound - 1, model);
    let (executions, elapsed) = explore(bound, model);
    assert!(
        executions > lower,
        "bound {bound} explored nothing beyond bound {}",
        bound - 1
    );
    record!(
        Entry::new(claim, Checker::Loom { bound }, configuration)
            .executions(executions)
            .lower_bound(bound - 1, lower, true)
            .differs(&[differs::TEACHING_STEP])
            .seconds(elapsed)
    );
}

#[test]
fn step1_release_acquire_orders_the_message() {
    check(
        "after is_ready, receive reads a message whose write happens-before the read",
        "step 1, 1 sender x 1 message + receiver spinning on is_ready",
        3,
        common::step1,
    );
}

#[test]
fn step2_every_message_dropped_exactly_once() {
    check(
        "a second send is refused; at most one receive gets the message; every message dropped exactly once",
        "step 2, 1 sender x 2 sends + receiver calling receive twice",
        3,
        common::step2,
    );
}

#[test]
fn step3_unreceived_message_dropped_once() {
    check(
        "the message is received or dropped with the channel, exactly once, whoever leaves last",
        "step 3, 1 sender x 1 message + receiver trying once",
        3,
        common::step3,
    );
}

#[test]
fn step4_recv_wakes_with_the_message() {
    check(
        "recv returns the message; no lost wake-up (no deadlock)",
        "step 4, 1 sender x 1 message + blocking receiver",
        3,
        common::step4_send,
    );
}

#[test]
fn step4_recv_sees_the_sender_leave() {
    check(
        "recv returns Err when the sender is dropped without sending; no deadlock",
        "step 4, 1 sender x 0 messages + blocking receiver",
        3,
        common::step4_sender_leaves,
    );
}

#[test]
fn step4_receiver_leaves_message_dropped_once() {
    check(
        "a message sent to a receiver that leaves is dropped exactly once",
        "step 4, 1 sender x 1 message + receiver that drops without receiving",
        3,
        common::step4_receiver_leaves,
    );
}
