// Checks for exercise 02_drain (`cargo learn check 2`). The same tests run against the learner's
// file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex02_drain");

use mailslot_exercises::model::check;
use mailslot_exercises::{invariant, pick, record};

const CAST: &[&str] = &["main (calls relay)", "the producer your code spawns"];

/// Numbers the learner cannot predict, and not in sorted order: a few, so the model stays small.
fn numbers(salt: u64, count: u64) -> Vec<u32> {
    let base = pick(salt, 100, 10_000) as u32;
    (0..count as u32)
        .map(|i| base + 7919 * ((i * 5) % 3) + i)
        .collect()
}

fn relays(numbers: Vec<u32>) {
    check(CAST, move || {
        let got = answer::relay(numbers.clone());
        invariant!(
            got == numbers,
            "relay({numbers:?}) returned {got:?}: every number must arrive, once, in the order sent"
        );
        let seen = record::now();
        invariant!(
            seen.sent_by_others == numbers.len() && seen.sent_by_main == 0,
            "every number must be sent by the producer thread you spawn: {} were sent from a \
             spawned thread and {} from the calling thread, for {} numbers",
            seen.sent_by_others,
            seen.sent_by_main,
            numbers.len()
        );
        invariant!(
            seen.received_by_main == numbers.len(),
            "the calling thread must receive every number from the channel: it received {} of {}",
            seen.received_by_main,
            numbers.len()
        );
    });
}

#[test]
fn every_number_arrives_in_order() {
    relays(numbers(21, 3));
}

#[test]
fn a_different_list_too() {
    relays(numbers(22, 2));
}

#[test]
fn an_empty_list_ends_at_once() {
    relays(vec![]);
}
