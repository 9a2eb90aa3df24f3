// Checks for exercise 14_bounded (`cargo learn check 14`). The same tests run against the learner's
// file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex14_bounded");

use std::sync::Arc;

use answer::Bounded;
use mailslot_exercises::model::{check, check_explained, spawn, spurious_waker};
// loom's atomic under `--cfg loom`: a count the model checker schedules around.
use mailslot_exercises::invariant;
use mailslot_exercises::sync::atomic::{AtomicUsize, Ordering::SeqCst};

const SPURIOUS: &str = "In this check a thread of the checker wakes your condition variables once \
    for no reason, at a moment the checker chooses, as real ones may (a spurious wake-up): after \
    every wake-up, check the condition again, in a `while` loop (or with `wait_while`), not an `if`.";

/// Producers push messages through a channel of `capacity`. The consumer checks, before every
/// receive, that the sends that have returned are never more than `capacity` ahead of what it has
/// received: a send that returns early fails, and a lost wake-up shows as a deadlock.
fn producers_and_consumer(
    capacity: usize,
    producers: &[(&'static str, &'static [u32])],
    waker: bool,
) {
    let producers: Vec<(&'static str, &'static [u32])> = producers.to_vec();
    let mut cast = vec!["main (the consumer)"];
    cast.extend(producers.iter().map(|(name, _)| *name));
    cast.push("the checker's spurious waker");
    check_explained(&cast, if waker { SPURIOUS } else { "" }, move || {
        let channel = Arc::new(Bounded::new(capacity));
        let sent = Arc::new(AtomicUsize::new(0));
        let total: usize = producers.iter().map(|(_, m)| m.len()).sum();
        let handles: Vec<_> = producers
            .iter()
            .map(|&(name, messages)| {
                let tx = Arc::clone(&channel);
                let sent = Arc::clone(&sent);
                spawn(name, move || {
                    for &msg in messages {
                        tx.send(msg);
                        sent.fetch_add(1, SeqCst);
                    }
                })
            })
            .collect();
        let waker = waker.then(spurious_waker);
        let mut got = Vec::new();
        for received in 0..total {
            let ahead = sent.load(SeqCst).saturating_sub(received);
            invariant!(
                ahead <= capacity,
                "{ahead} sends had returned that the consumer had not received yet, but the capacity is {capacity}: send must wait while the channel is full"
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
        let mut expected: Vec<u32> = producers
            .iter()
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        expected.sort();
        invariant!(
            got == expected,
            "the consumer got {got:?}, expected {expected:?}"
        );
    });
}

#[test]
fn capacity_one_never_overflows_and_never_hangs() {
    producers_and_consumer(1, &[("producer A", &[1, 2]), ("producer B", &[11])], false);
}

#[test]
fn capacity_two_never_overflows_and_never_hangs() {
    producers_and_consumer(
        2,
        &[("producer A", &[1, 2]), ("producer B", &[11, 12])],
        false,
    );
}

#[test]
fn send_and_recv_survive_a_spurious_wake_up() {
    producers_and_consumer(1, &[("producer", &[1, 2])], true);
}

/// Not every execution, just a plain one: `check` needs at least a capacity of one.
#[test]
fn a_message_crosses() {
    check(&["main"], || {
        let channel = Bounded::new(1);
        channel.send(7u32);
        let got = channel.recv();
        invariant!(got == 7, "recv returned {got}, expected 7");
    });
}
