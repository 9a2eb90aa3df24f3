// Checks for exercise 02_drain (`cargo learn check 2`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex02_drain.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex02_drain.rs"]
mod answer;

use mailslot_exercises::invariant;
use mailslot_exercises::model::check;

const CAST: &[&str] = &["main (calls relay)", "the producer your code spawns"];

#[test]
fn every_number_arrives_in_order() {
    check(CAST, || {
        let got = answer::relay(vec![1, 2, 3]);
        invariant!(
            got == [1, 2, 3],
            "relay(vec![1, 2, 3]) returned {got:?}: every number must arrive, once, in the order sent"
        );
    });
}

#[test]
fn an_empty_list_ends_at_once() {
    check(CAST, || {
        let got = answer::relay(vec![]);
        invariant!(
            got.is_empty(),
            "relay(vec![]) returned {got:?}, expected []"
        );
    });
}
