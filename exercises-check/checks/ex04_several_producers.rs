// Checks for exercise 04_several_producers (`cargo learn check 4`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex04_several_producers.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex04_several_producers.rs"]
mod answer;

use mailslot_exercises::invariant;
use mailslot_exercises::model::check;

const CAST: &[&str] = &[
    "main (calls parallel_sum)",
    "producer 1 (spawned by your code)",
    "producer 2 (spawned by your code)",
    "producer 3 (spawned by your code)",
];

#[test]
fn partial_sums_add_up_whatever_the_order() {
    check(CAST, || {
        let total = answer::parallel_sum(vec![vec![1, 2], vec![30], vec![400, 500]]);
        invariant!(
            total == 933,
            "parallel_sum returned {total}, expected 933 (3 + 30 + 900)"
        );
    });
}

#[test]
fn no_chunks_sum_to_zero() {
    check(CAST, || {
        let total = answer::parallel_sum(vec![]);
        invariant!(
            total == 0,
            "parallel_sum(vec![]) returned {total}, expected 0"
        );
    });
}
