// Checks for exercise 15_fix_the_bug (`cargo learn check 15`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex15_fix_the_bug");

use std::sync::Arc;

use answer::Bounded;
use mailslot_exercises::model::{check_explained, spawn, spurious_waker};
// loom's atomic under `--cfg loom`: a count the model checker schedules around.
use mailslot_exercises::invariant;
use mailslot_exercises::sync::atomic::{AtomicUsize, Ordering::SeqCst};

const SPURIOUS: &str = "In this check a thread of the checker wakes your condition variables once \
    for no reason, at a moment the checker chooses, as real ones may (a spurious wake-up): after \
    every wake-up, check the condition again, in a `while` loop (or with `wait_while`), not an `if`.";

/// Capacity 1. The consumer counts what it has received and, before every receive, compares it
/// with the sends that have returned (counted by the check itself, not through the channel's own
/// `len()`, which the code under test could get wrong): never more than the capacity ahead.
fn overflow_check(producers: Vec<(&'static str, Vec<u32>)>, waker: bool) {
    let mut cast = vec!["main (the consumer)"];
    cast.extend(producers.iter().map(|(name, _)| *name));
    cast.push("the checker's spurious waker");
    check_explained(&cast, if waker { SPURIOUS } else { "" }, move || {
        let channel = Arc::new(Bounded::new(1));
        let sent = Arc::new(AtomicUsize::new(0));
        let total: usize = producers.iter().map(|(_, m)| m.len()).sum();
        let handles: Vec<_> = producers
            .clone()
            .into_iter()
            .map(|(name, messages)| {
                let tx = Arc::clone(&channel);
                let sent = Arc::clone(&sent);
                spawn(name, move || {
                    for msg in messages {
                        tx.send(msg);
                        sent.fetch_add(1, SeqCst);
                    }
                })
            })
            .collect();
        let waker = waker.then(spurious_waker);
        let mut got: Vec<u32> = Vec::new();
        for received in 0..total {
            let ahead = sent.load(SeqCst).saturating_sub(received);
            invariant!(
                ahead <= 1,
                "{ahead} sends had returned that the consumer had not received yet: the channel held more messages than its capacity, 1"
            );
            got.push(channel.recv());
        }
        for handle in handles {
            handle.join().unwrap();
        }
        if let Some(waker) = waker {
            waker.join().unwrap();
        }
        got.sort();
        let mut expected: Vec<u32> = producers.iter().flat_map(|(_, m)| m.clone()).collect();
        expected.sort();
        invariant!(
            got == expected,
            "the consumer got {got:?}, expected {expected:?}"
        );
    });
}

#[test]
fn the_queue_never_exceeds_its_capacity() {
    overflow_check(
        vec![("producer A", vec![1, 2]), ("producer B", vec![3])],
        false,
    );
}

#[test]
fn send_and_recv_survive_a_spurious_wake_up() {
    overflow_check(vec![("producer", vec![1, 2])], true);
}
