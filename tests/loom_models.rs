//! Loom models: a few small channel programs, explored by loom within a preemption budget.
//!
//! The bound is a budget (loom 0.7.2, `Schedule::backtrack`): once an execution has used it, loom
//! adds no alternatives at all, so a bounded run explores a subset of the schedules. That is why the
//! delivery models also compare the arrival orders they saw with the ones computed independently,
//! and record in the proof ledger what a lower bound saw.
//!
//! Run with
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release --test loom_models -- --nocapture --test-threads=1`.
//! Without `--cfg loom` this file compiles to nothing and cargo reports "0 tests": that is not a
//! pass, and the project's check command treats it as a failure.
//!
//! The scenarios themselves, and what each checks, are in `models/mod.rs`. This file only says how
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

use models::{
    Flavor, Receive, Tag, deliver_all, last_sender_leaves, receiver_leaves_early, try_send_delivers,
};
use proof_ledger::{Checker, Entry, differs, record};

/// The preemption budget: how many times per execution loom may switch away from a thread that
/// could have gone on, before it stops adding alternatives. Measured when it was chosen: at bound 2
/// these models see all 6 possible arrival orders (the delivery models fail otherwise), and bound 3
/// cost 6 to 20 times as many executions (the rendezvous hand-off: 2.4 million, 150 s, instead of
/// 125 thousand) without failing anywhere. That is evidence about loom's search, not a proof that
/// bound 3 could not fail.
const PREEMPTION_BOUND: usize = 2;

const UNBOUNDED: Flavor = Flavor::Unbounded;
const BOUNDED_1: Flavor = Flavor::Bounded(1);
const BOUNDED_2: Flavor = Flavor::Bounded(2);
const RENDEZVOUS: Flavor = Flavor::Bounded(0);

/// A long finite timeout: `recv_timeout` then takes its `wait_timeout` path, which loom never lets
/// time out. (`Duration::MAX` cannot be added to `Instant::now()`, so it waits like `recv`.)
const AN_HOUR: Duration = Duration::from_secs(3600);

/// How a model is explored: the preemption bound and how many times a waiting thread yields before
/// it sleeps (0: the yield loops are skipped, as in most models; 1: the shipped loops, shortened).
#[derive(Clone, Copy)]
struct Search {
    bound: usize,
    yields: u32,
}

const DEFAULT: Search = Search {
    bound: PREEMPTION_BOUND,
    yields: 0,
};

/// Runs `model` under loom with `PREEMPTION_BOUND` and no yields; see `explore_with`.
fn explore(name: &str, claim: &str, model: impl Fn() + Send + Sync + 'static) -> usize {
    explore_with(DEFAULT, name, claim, model)
}

/// Runs `model` under loom as `search` says, prints how many executions that took (or which
/// execution failed), and records the claim in the proof ledger.
fn explore_with(
    search: Search,
    name: &str,
    claim: &str,
    model: impl Fn() + Send + Sync + 'static,
) -> usize {
    let (executions, elapsed) = run_loom(search, name, model);
    let yields = if search.yields == 0 {
        differs::NO_YIELDS
    } else {
        differs::ONE_YIELD
    };
    record!(
        Entry::new(
            claim,
            Checker::Loom {
                bound: search.bound
            },
            name
        )
        .executions(executions)
        .differs(&[yields, differs::STD_ARC])
        .seconds(elapsed)
    );
    executions
}

/// Explores `model` and returns the executions and the time taken; does not record.
fn run_loom(
    search: Search,
    name: &str,
    model: impl Fn() + Send + Sync + 'static,
) -> (usize, Duration) {
    let Search { bound, yields } = search;
    let executions = Arc::new(AtomicUsize::new(0));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(bound);
    // These would stop exploring early and still count as a pass: never let the environment set them.
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.checkpoint_file = None;
    mailslot::model_hooks::set_yields_before_sleep(yields);

    let started = Instant::now();
    let counter = Arc::clone(&executions);
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        builder.check(move || {
            counter.fetch_add(1, SeqCst);
            model();
        });
    }));
    mailslot::model_hooks::set_yields_before_sleep(0);
    let executions = executions.load(SeqCst);
    let elapsed = started.elapsed();
    let settings = format!("preemption bound {bound}, {yields} yields before sleeping");
    if let Err(failure) = outcome {
        println!("loom: {name}: FAILED in execution {executions}, {settings} ({elapsed:.2?})");
        panic::resume_unwind(failure);
    }
    println!("loom: {name}: {executions} executions, {settings} ({elapsed:.2?})");
    (executions, elapsed)
}

/// Every order in which `producers` x `per_producer` messages can arrive if each producer's arrive
/// in the order sent, computed without the channel: all interleavings of the producers' sequences.
fn all_orders(producers: usize, per_producer: usize) -> BTreeSet<Vec<Tag>> {
    fn extend(
        sent: &mut Vec<usize>,
        per: usize,
        order: &mut Vec<Tag>,
        all: &mut BTreeSet<Vec<Tag>>,
    ) {
        if sent.iter().all(|&n| n == per) {
            all.insert(order.clone());
            return;
        }
        for producer in 0..sent.len() {
            if sent[producer] < per {
                order.push(Tag::new(producer, sent[producer]));
                sent[producer] += 1;
                extend(sent, per, order, all);
                sent[producer] -= 1;
                order.pop();
            }
        }
    }
    let mut all = BTreeSet::new();
    extend(
        &mut vec![0; producers],
        per_producer,
        &mut Vec::new(),
        &mut all,
    );
    all
}

/// `deliver_all` with 2 producers × 2 messages, and a check that loom really saw every order in
/// which the 4 messages can arrive, compared with the 6 computed independently: a guard against a
/// model that passes because it explores too little. Also runs the model at bound 1 and records
/// whether that saw the same orders (it need not: bound 1 is a smaller budget, not a proof).
fn explore_deliveries(flavor: Flavor, how: Receive) {
    explore_deliveries_with(DEFAULT, flavor, 2, 2, how);
}

fn explore_deliveries_with(
    search: Search,
    flavor: Flavor,
    producers: usize,
    per_producer: usize,
    how: Receive,
) {
    let name =
        format!("{flavor}, {producers} producers x {per_producer} messages + receiver, {how}");
    let collect = |search: Search| {
        let orders = Arc::new(Mutex::new(BTreeSet::<Vec<Tag>>::new()));
        let seen = Arc::clone(&orders);
        let (executions, elapsed) = run_loom(search, &name, move || {
            let order = deliver_all(flavor, producers, per_producer, how);
            seen.lock().unwrap().insert(order);
        });
        let orders = orders.lock().unwrap().clone();
        (executions, elapsed, orders)
    };
    let (executions, elapsed, orders) = collect(search);
    let expected = all_orders(producers, per_producer);
    assert!(
        orders == expected,
        "coverage: loom saw {} of the {} possible arrival orders",
        orders.len(),
        expected.len()
    );
    let lower = Search {
        bound: search.bound - 1,
        ..search
    };
    let (lower_executions, _, lower_orders) = collect(lower);
    let yields = if search.yields == 0 {
        differs::NO_YIELDS
    } else {
        differs::ONE_YIELD
    };
    record!(
        Entry::new(
            format!(
                "every message exactly once, each producer's in order; never more than the \
                 capacity queued; recv ends only when every sender is gone; every message dropped \
                 once; all {} arrival orders seen (compared with those computed independently)",
                expected.len()
            ),
            Checker::Loom {
                bound: search.bound
            },
            name.clone()
        )
        .executions(executions)
        .lower_bound(lower.bound, lower_executions, lower_orders == orders)
        .differs(&[yields, differs::STD_ARC])
        .seconds(elapsed)
    );
}

/// `receiver_leaves_early` with 2 producers × 2 messages, the consumer taking one, and a check that
/// some execution really had a send under way (for a bounded channel: blocked) when the receiver
/// left.
fn explore_departures(flavor: Flavor) {
    explore_departures_with(DEFAULT, flavor);
}

fn explore_departures_with(search: Search, flavor: Flavor) {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&in_flight);
    explore_with(
        search,
        &format!("{flavor}, 2 producers x 2 messages, receiver leaves after 1"),
        "send fails exactly once the receiver is gone and hands the message back; nothing lost, \
         every message dropped once; no sender stays blocked; some send was under way when the \
         receiver left",
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
        &format!("{flavor}, 2 senders (one sends 1 message) + receiver"),
        "recv returns the one message, then fails once the last sender is gone, and only then; \
         try_recv and recv_timeout agree",
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

// --- the shipped yield loops: one yield on each side ------------------------------------------------
//
// Every model above runs with `YIELDS_BEFORE_SLEEP` at 0, so the loops in which a waiting thread
// yields before it sleeps are never entered. These run the same scenarios with one yield before
// each sleep, on the sender's side and on the receiver's, so that the shipped loops themselves are
// explored (with 1 yield instead of 16).

const ONE_YIELD: Search = Search {
    bound: PREEMPTION_BOUND,
    yields: 1,
};

#[test]
fn unbounded_delivers_everything_with_yields() {
    explore_deliveries_with(ONE_YIELD, UNBOUNDED, 2, 2, Receive::Iter);
}

#[test]
fn bounded_1_delivers_everything_with_yields() {
    explore_deliveries_with(ONE_YIELD, BOUNDED_1, 2, 2, Receive::Iter);
}

/// Smaller than the others: with yields, 2 producers x 2 messages through a rendezvous take about
/// half a million executions (a minute) at bound 2.
#[test]
fn rendezvous_delivers_everything_with_yields() {
    explore_deliveries_with(ONE_YIELD, RENDEZVOUS, 2, 1, Receive::Iter);
}

#[test]
fn bounded_1_blocked_sender_fails_when_the_receiver_leaves_with_yields() {
    explore_departures_with(ONE_YIELD, BOUNDED_1);
}

#[test]
fn rendezvous_blocked_sender_gets_its_message_back_with_yields() {
    explore_departures_with(ONE_YIELD, RENDEZVOUS);
}

#[test]
fn rendezvous_one_sender_delivers_in_order_with_yields() {
    explore_deliveries_with(ONE_YIELD, RENDEZVOUS, 1, 3, Receive::Iter);
}

// --- try_send, including the rendezvous branch -------------------------------------------------------

/// `try_send_delivers` with `producers` x `per_producer` messages into `sync_channel(capacity)`, and
/// a check that loom really saw both answers: some `try_send` returned `Ok` and some reported `Full`.
fn explore_try_sends(search: Search, capacity: usize, producers: usize, per_producer: usize) {
    let (ok, full) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (seen_ok, seen_full) = (Arc::clone(&ok), Arc::clone(&full));
    let flavor = Flavor::Bounded(capacity);
    explore_with(
        search,
        &format!(
            "{flavor}, {producers} producers x {per_producer} messages by try_send (send if Full) + receiver"
        ),
        "try_send: Full hands the message back, never Disconnected while the receiver lives; every \
         message exactly once, in order, within the capacity (rendezvous: Ok only into a receiver \
         asleep in recv, which then takes it); every thread finishes; both Ok and Full seen",
        move || {
            let outcome = try_send_delivers(capacity, producers, per_producer);
            seen_ok.fetch_add(outcome.ok, SeqCst);
            seen_full.fetch_add(outcome.full, SeqCst);
        },
    );
    let (ok, full) = (ok.load(SeqCst), full.load(SeqCst));
    assert!(
        ok > 0 && full > 0,
        "coverage: try_send returned Ok {ok} times and Full {full} times; both must be explored"
    );
}

#[test]
fn bounded_1_try_send_delivers_everything() {
    explore_try_sends(DEFAULT, 1, 2, 2);
}

/// The rendezvous branch: `try_send` succeeds only when the queue is empty and the receiver has said
/// it sleeps (`receiver_sleeping`). With no yields the receiver goes to sleep at once.
#[test]
fn rendezvous_try_send_hands_over_only_to_a_sleeping_receiver() {
    explore_try_sends(DEFAULT, 0, 2, 1);
}

/// The same with the receiver's yield loop: while it yields instead of sleeping, `try_send` must
/// report `Full`, and the message must still arrive once it sleeps.
#[test]
fn rendezvous_try_send_with_yields() {
    explore_try_sends(ONE_YIELD, 0, 2, 1);
}

#[test]
fn bounded_1_try_send_with_yields() {
    explore_try_sends(ONE_YIELD, 1, 2, 1);
}

// --- what the preemption bound means ----------------------------------------------------------------

/// The smallest demonstration of loom's preemption bound: three threads each push their number
/// once into a loom `Mutex<Vec>`, and the main thread reads the order after joining them. The
/// mutex is shared through std's `Arc` (as the channel's handles are), and once through loom's
/// `Arc`, whose reference counts are scheduling points too.
///
/// The table (a snapshot, shown in the book's "Schedules and model checkers") counts loom's
/// executions and the distinct orders they reached at bounds 0, 1 and 2, next to the 6 orders
/// computed independently (the permutations of 3). It shows that the bound is a budget: bound 0 is
/// one execution, and bound 1 does not reach every order.
#[test]
fn preemption_bound_is_a_budget() {
    // The 6 orders, computed without loom: every permutation of [0, 1, 2].
    let mut all = BTreeSet::new();
    for a in 0..3 {
        for b in 0..3 {
            for c in 0..3 {
                if a != b && b != c && a != c {
                    all.insert(vec![a, b, c]);
                }
            }
        }
    }
    assert_eq!(all.len(), 6);

    fn pushes(bound: usize, loom_arc: bool) -> (usize, BTreeSet<Vec<usize>>) {
        let orders = Arc::new(Mutex::new(BTreeSet::new()));
        let seen = Arc::clone(&orders);
        let name = format!(
            "3 threads x 1 push into a loom Mutex<Vec>, {} Arc",
            if loom_arc { "loom's" } else { "std's" }
        );
        let (executions, _) = run_loom(Search { bound, yields: 0 }, &name, move || {
            let order = if loom_arc {
                let list = loom::sync::Arc::new(loom::sync::Mutex::new(Vec::new()));
                let handles: Vec<_> = (0..3)
                    .map(|me| {
                        let list = loom::sync::Arc::clone(&list);
                        loom::thread::spawn(move || list.lock().unwrap().push(me))
                    })
                    .collect();
                handles.into_iter().for_each(|h| h.join().unwrap());
                list.lock().unwrap().clone()
            } else {
                let list = Arc::new(loom::sync::Mutex::new(Vec::new()));
                let handles: Vec<_> = (0..3)
                    .map(|me| {
                        let list = Arc::clone(&list);
                        loom::thread::spawn(move || list.lock().unwrap().push(me))
                    })
                    .collect();
                handles.into_iter().for_each(|h| h.join().unwrap());
                list.lock().unwrap().clone()
            };
            seen.lock().unwrap().insert(order);
        });
        let orders = orders.lock().unwrap().clone();
        (executions, orders)
    }

    let mut table = String::from("Arc    bound  executions  orders reached (of the 6 computed)\n");
    let mut results = Vec::new();
    for (loom_arc, bound) in [(false, 0), (false, 1), (false, 2), (true, 0), (true, 1)] {
        let (executions, orders) = pushes(bound, loom_arc);
        assert!(
            orders.is_subset(&all),
            "invariant violated: an order that is not a permutation: {orders:?}"
        );
        let arc = if loom_arc { "loom's" } else { "std's " };
        table += &format!("{arc} {bound:>5}  {executions:>10}  {}\n", orders.len());
        results.push((loom_arc, bound, executions, orders.len()));
    }
    let std_arc: Vec<_> = results.iter().filter(|r| !r.0).collect();
    record!(
        Entry::new(
            "bound 0 is one execution; with std's Arc, bound 1 reaches fewer orders than bound 2, \
             which reaches all 6 (compared with the permutations computed independently)",
            Checker::Loom { bound: 2 },
            "3 threads x 1 push into a loom Mutex<Vec>, std's Arc"
        )
        .executions(std_arc[2].2)
        .lower_bound(1, std_arc[1].2, std_arc[1].3 == std_arc[2].3)
    );
    record!(
        Entry::new(
            "with loom's Arc, whose reference counts are scheduling points, bound 1 already \
             reaches all 6 orders",
            Checker::Loom { bound: 1 },
            "3 threads x 1 push into a loom Mutex<Vec>, loom's Arc"
        )
        .executions(results[4].2)
        .lower_bound(0, results[3].2, results[3].3 == results[4].3)
    );
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("loom_bound_budget", table);
    });
}
