// Checks for exercise 14_bounded (`cargo learn check 14`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex14_bounded.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex14_bounded.rs"]
mod answer;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use answer::Bounded;
use mailslot_exercises::invariant;
use mailslot_exercises::model::{check, spawn};

/// Two producers push two messages each through a channel of capacity 1. The consumer checks, before
/// every receive, that the producers are never more than `capacity` messages ahead of it: a send
/// that returns early, or a wake-up that is lost (deadlock), fails.
fn producers_and_consumer(capacity: usize) {
    check(
        &["main (the consumer)", "producer A", "producer B"],
        move || {
            let channel = Arc::new(Bounded::new(capacity));
            let sent = Arc::new(AtomicUsize::new(0));
            let producers: Vec<_> = [0u32, 10]
                .into_iter()
                .map(|base| {
                    let tx = Arc::clone(&channel);
                    let sent = Arc::clone(&sent);
                    let name = if base == 0 {
                        "producer A"
                    } else {
                        "producer B"
                    };
                    spawn(name, move || {
                        for msg in [base + 1, base + 2] {
                            tx.send(msg);
                            sent.fetch_add(1, SeqCst);
                        }
                    })
                })
                .collect();
            let mut got = Vec::new();
            for received in 0..4 {
                let ahead = sent.load(SeqCst).saturating_sub(received);
                invariant!(
                    ahead <= capacity,
                    "{ahead} sends had returned that the consumer had not received yet, but the capacity is {capacity}: send must wait while the channel is full"
                );
                got.push(channel.recv());
            }
            for producer in producers {
                producer.join().unwrap();
            }
            got.sort();
            invariant!(
                got == [1, 2, 11, 12],
                "the consumer got {got:?}, expected 1, 2, 11, 12"
            );
        },
    );
}

#[test]
fn capacity_one_never_overflows_and_never_hangs() {
    producers_and_consumer(1);
}

#[test]
fn capacity_two_never_overflows_and_never_hangs() {
    producers_and_consumer(2);
}
