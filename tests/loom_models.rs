//! Loom models: every interleaving of a few small channel programs, up to a preemption bound.
//!
//! Run with
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release --test loom_models -- --nocapture --test-threads=1`.
//! Without `--cfg loom` this file compiles to nothing and cargo reports "0 tests": that is not a
//! pass, and the project's check command treats it as a failure.
//!
//! The scenarios themselves, and what each proves, are in `models/mod.rs`. This file only says how
//! hard loom looks: each model runs with an explicit preemption bound, set here in code so that no
//! environment variable can quietly change what "passed" means.
//!
//! Loom reports a deadlock as `deadlock; threads = [(Id(0), Blocked), ...]`. Id(0) is the model's
//! main thread (the consumer), then come the spawned threads in spawn order: producer-0 is Id(1),
//! producer-1 is Id(2). The journal printed after the panic says what each one did last.
//!
//! Loom has no clock: `Condvar::wait_timeout` never times out. So these models prove what
//! `try_recv` and `recv_timeout` deliver, never when they give up. The timing properties (a
//! `recv_timeout` returns `Timeout` once its time is up and not much later; `Duration::ZERO` does not
//! sleep) are left to the ordinary tests.

#![cfg(loom)]

mod models;

use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use models::{Flavor, Receive, Tag, deliver_all, last_sender_leaves, receiver_leaves_early};

/// How many times loom may switch away from a thread that could have gone on. Measured on these
/// models: bound 2 catches every bug of the project's mutation zoo and sees all 6 possible arrival
/// orders, in about 25 s for the whole file; bound 3 costs 6 to 20 times as many executions (the
/// rendezvous hand-off: 2.4 million, 150 s, instead of 125 thousand) and caught nothing more.
const PREEMPTION_BOUND: usize = 2;

const UNBOUNDED: Flavor = Flavor::Unbounded;
const BOUNDED_1: Flavor = Flavor::Bounded(1);
const BOUNDED_2: Flavor = Flavor::Bounded(2);
const RENDEZVOUS: Flavor = Flavor::Bounded(0);

/// A long finite timeout: `recv_timeout` then takes its `wait_timeout` path, which loom never lets
/// time out. (`Duration::MAX` cannot be added to `Instant::now()`, so it waits like `recv`.)
const AN_HOUR: Duration = Duration::from_secs(3600);

/// Runs `model` under loom with `PREEMPTION_BOUND`, and prints how many executions that took (or
/// which execution failed).
fn explore(name: &str, model: impl Fn() + Send + Sync + 'static) {
    let executions = Arc::new(AtomicUsize::new(0));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(PREEMPTION_BOUND);
    // These would stop exploring early and still count as a pass: never let the environment set them.
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.checkpoint_file = None;

    let started = Instant::now();
    let counter = Arc::clone(&executions);
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        builder.check(move || {
            counter.fetch_add(1, SeqCst);
            model();
        });
    }));
    let executions = executions.load(SeqCst);
    let elapsed = started.elapsed();
    if let Err(failure) = outcome {
        println!(
            "loom: {name}: FAILED in execution {executions}, preemption bound {PREEMPTION_BOUND} \
             ({elapsed:.2?})"
        );
        panic::resume_unwind(failure);
    }
    println!(
        "loom: {name}: {executions} executions, preemption bound {PREEMPTION_BOUND} ({elapsed:.2?})"
    );
}

/// `deliver_all` with 2 producers × 2 messages, and a check that loom really saw every order in
/// which the 4 messages can arrive (6 of them): a guard against a model that passes because it
/// explores too little.
fn explore_deliveries(flavor: Flavor, how: Receive) {
    let orders = Arc::new(Mutex::new(BTreeSet::<Vec<Tag>>::new()));
    let seen = Arc::clone(&orders);
    explore(
        &format!("{flavor}, 2 producers x 2 messages, {how}"),
        move || {
            let order = deliver_all(flavor, 2, 2, how);
            seen.lock().unwrap().insert(order);
        },
    );
    let orders = orders.lock().unwrap().len();
    assert!(
        orders == 6,
        "coverage: loom saw {orders} of the 6 possible arrival orders"
    );
}

/// `receiver_leaves_early` with 2 producers × 2 messages, the consumer taking one, and a check that
/// some execution really had a send under way (for a bounded channel: blocked) when the receiver
/// left.
fn explore_departures(flavor: Flavor) {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&in_flight);
    explore(
        &format!("{flavor}, receiver leaves after 1 of 2 x 2 messages"),
        move || {
            let departure = receiver_leaves_early(flavor, 2, 2, 1);
            if departure.failed_in_flight > 0 {
                seen.fetch_add(1, SeqCst);
            }
        },
    );
    let in_flight = in_flight.load(SeqCst);
    assert!(
        in_flight > 0,
        "coverage: no execution had a send under way when the receiver left"
    );
}

fn explore_last_sender(flavor: Flavor) {
    explore(
        &format!("{flavor}, receiver waits while the last of 2 senders leaves"),
        move || {
            last_sender_leaves(flavor, 2);
        },
    );
}

// --- unbounded: channel() ---------------------------------------------------------------------------

#[test]
fn unbounded_delivers_everything_once_in_order() {
    explore_deliveries(UNBOUNDED, Receive::Iter);
}

#[test]
fn unbounded_try_recv_spin_delivers_everything() {
    explore_deliveries(UNBOUNDED, Receive::TrySpin);
}

#[test]
fn unbounded_recv_timeout_max_is_recv() {
    explore_deliveries(UNBOUNDED, Receive::Timeout(Duration::MAX));
}

#[test]
fn unbounded_recv_timeout_delivers_everything() {
    explore_deliveries(UNBOUNDED, Receive::Timeout(AN_HOUR));
}

#[test]
fn unbounded_recv_fails_once_the_last_sender_leaves() {
    explore_last_sender(UNBOUNDED);
}

#[test]
fn unbounded_send_fails_once_the_receiver_leaves() {
    explore_departures(UNBOUNDED);
}

// --- bounded: sync_channel(1), sync_channel(2) ------------------------------------------------------

#[test]
fn bounded_1_delivers_everything_within_capacity() {
    explore_deliveries(BOUNDED_1, Receive::Iter);
}

#[test]
fn bounded_1_try_recv_spin_delivers_everything() {
    explore_deliveries(BOUNDED_1, Receive::TrySpin);
}

#[test]
fn bounded_1_recv_timeout_delivers_everything() {
    explore_deliveries(BOUNDED_1, Receive::Timeout(AN_HOUR));
}

#[test]
fn bounded_1_recv_fails_once_the_last_sender_leaves() {
    explore_last_sender(BOUNDED_1);
}

#[test]
fn bounded_1_blocked_sender_fails_when_the_receiver_leaves() {
    explore_departures(BOUNDED_1);
}

#[test]
fn bounded_2_delivers_everything_within_capacity() {
    explore_deliveries(BOUNDED_2, Receive::Iter);
}

#[test]
fn bounded_2_recv_fails_once_the_last_sender_leaves() {
    explore_last_sender(BOUNDED_2);
}

#[test]
fn bounded_2_blocked_sender_fails_when_the_receiver_leaves() {
    explore_departures(BOUNDED_2);
}

// --- rendezvous: sync_channel(0) --------------------------------------------------------------------

#[test]
fn rendezvous_delivers_everything_hand_to_hand() {
    explore_deliveries(RENDEZVOUS, Receive::Iter);
}

#[test]
fn rendezvous_try_recv_spin_delivers_everything() {
    explore_deliveries(RENDEZVOUS, Receive::TrySpin);
}

#[test]
fn rendezvous_recv_timeout_delivers_everything() {
    explore_deliveries(RENDEZVOUS, Receive::Timeout(AN_HOUR));
}

#[test]
fn rendezvous_recv_fails_once_the_last_sender_leaves() {
    explore_last_sender(RENDEZVOUS);
}

#[test]
fn rendezvous_blocked_sender_gets_its_message_back() {
    explore_departures(RENDEZVOUS);
}
