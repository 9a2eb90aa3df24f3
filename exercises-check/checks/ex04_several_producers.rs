// Checks for exercise 04_several_producers (`cargo learn check 4`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex04_several_producers");

use mailslot_exercises::model::check;
use mailslot_exercises::{invariant, pick, record};

const CAST: &[&str] = &[
    "main (calls parallel_sum)",
    "producer 1 (spawned by your code)",
    "producer 2 (spawned by your code)",
    "producer 3 (spawned by your code)",
];

/// `count` chunks of numbers the learner cannot predict.
fn chunks(salt: u64, count: u64) -> Vec<Vec<u64>> {
    (0..count)
        .map(|i| {
            (0..=i % 2)
                .map(|j| pick(salt * 10 + i * 3 + j, 1, 1_000))
                .collect()
        })
        .collect()
}

fn sums(chunks: Vec<Vec<u64>>) {
    check(CAST, move || {
        let expected: u64 = chunks.iter().flatten().sum();
        let total = answer::parallel_sum(chunks.clone());
        invariant!(
            total == expected,
            "parallel_sum({chunks:?}) returned {total}, expected {expected}"
        );
        let seen = record::now();
        invariant!(
            seen.spawned == chunks.len(),
            "parallel_sum must spawn one thread per chunk: it spawned {} for {} chunks",
            seen.spawned,
            chunks.len()
        );
        invariant!(
            seen.sent_by_others == chunks.len() && seen.received_by_main == chunks.len(),
            "each producer must send its partial sum through the channel, and the calling thread \
             receive them: {} were sent by spawned threads, {} received, for {} chunks",
            seen.sent_by_others,
            seen.received_by_main,
            chunks.len()
        );
    });
}

#[test]
fn partial_sums_add_up_whatever_the_order() {
    sums(chunks(41, 3));
}

#[test]
fn two_chunks_too() {
    sums(chunks(42, 2));
}

#[test]
fn no_chunks_sum_to_zero() {
    sums(vec![]);
}
