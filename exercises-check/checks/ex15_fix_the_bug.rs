// Checks for exercise 15_fix_the_bug (`cargo learn check 15`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex15_fix_the_bug.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex15_fix_the_bug.rs"]
mod answer;

use std::sync::Arc;

use answer::Bounded;
use mailslot_exercises::invariant;
use mailslot_exercises::model::{check, spawn};

/// Capacity 1, producer A sends two messages, producer B one. After each of its sends returns, a
/// producer looks at the queue: it must never hold more than the capacity.
#[test]
fn the_queue_never_exceeds_its_capacity() {
    check(&["main (the consumer)", "producer A", "producer B"], || {
        let channel = Arc::new(Bounded::new(1));
        let producers: Vec<_> = [("producer A", vec![1, 2]), ("producer B", vec![3])]
            .into_iter()
            .map(|(name, messages)| {
                let tx = Arc::clone(&channel);
                spawn(name, move || {
                    for msg in messages {
                        tx.send(msg);
                        let len = tx.len();
                        invariant!(
                            len <= 1,
                            "{name}'s send({msg}) returned, and the queue then held {len} messages; the capacity is 1"
                        );
                    }
                })
            })
            .collect();
        let mut got: Vec<u32> = (0..3).map(|_| channel.recv()).collect();
        for producer in producers {
            producer.join().unwrap();
        }
        got.sort();
        invariant!(
            got == [1, 2, 3],
            "the consumer got {got:?}, expected 1, 2, 3"
        );
    });
}
