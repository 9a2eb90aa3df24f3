//! The one-shot's blocking step under shuttle: random and PCT schedules of the same programs loom
//! explores, with shuttle's `park`, which (unlike loom's) may return spuriously. Sampling: this
//! proves nothing about every schedule; it exercises the spurious returns loom never makes.
//!
//! Run with `cargo xtask shuttle sampled` (every test here ends in `_sampled`), or
//! `RUSTFLAGS="--cfg shuttle" CARGO_TARGET_DIR=target/shuttle cargo test --release -p mailslot-oneshot --test oneshot_shuttle`.

#![cfg(shuttle)]

mod common;

use proof_ledger::{Checker, Entry, differs, record};

const RUNS: usize = 2_000;

fn sample(claim: &str, configuration: &str, model: fn()) {
    shuttle::check_random(model, RUNS);
    shuttle::check_pct(model, RUNS, 3);
    for scheduler in ["random, seedless", "PCT depth 3"] {
        record!(
            Entry::new(
                claim,
                Checker::Shuttle {
                    scheduler: scheduler.into()
                },
                configuration
            )
            .executions(RUNS)
            .differs(&[differs::TEACHING_STEP])
        );
    }
}

#[test]
fn step4_send_and_recv_sampled() {
    sample(
        "recv returns the message; no deadlock",
        "step 4, 1 sender x 1 message + blocking receiver",
        common::step4_send,
    );
}

#[test]
fn step4_sender_leaves_sampled() {
    sample(
        "recv returns Err when the sender leaves without sending",
        "step 4, 1 sender x 0 messages + blocking receiver",
        common::step4_sender_leaves,
    );
}

#[test]
fn step4_receiver_leaves_sampled() {
    sample(
        "an unreceived message is dropped exactly once",
        "step 4, 1 sender x 1 message + receiver that leaves",
        common::step4_receiver_leaves,
    );
}

#[path = "../examples/actor_oneshot.rs"]
mod actor_oneshot;

/// The actor example's whole conversation, under shuttle. Not under loom: a reply's `unpark` can
/// reach the asking thread after it has moved on to `join`, and loom 0.7 wakes a thread blocked in
/// `join` on any unpark, which breaks its `join` (std's `unpark` only ever affects `park`).
#[test]
fn actor_oneshot_conversation_sampled() {
    let expected = [
        "withdraw 30: Ok(70)",
        "withdraw 500: Err(\"cannot withdraw 500, balance is 70\")",
        "balance: 70",
        "actor stopped",
    ];
    let model = move || assert_eq!(actor_oneshot::run(), expected);
    shuttle::check_random(model, RUNS);
    shuttle::check_pct(model, RUNS, 3);
    for scheduler in ["random, seedless", "PCT depth 3"] {
        record!(
            Entry::new(
                "the actor example prints the same conversation in every sampled schedule",
                Checker::Shuttle {
                    scheduler: scheduler.into()
                },
                "actor + asker, 4 requests over mailslot, 3 one-shot replies"
            )
            .executions(RUNS)
        );
    }
}
