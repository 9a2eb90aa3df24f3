// Checks for exercise 01_first_message (`cargo learn check 1`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex01_first_message.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex01_first_message.rs"]
mod answer;

use mailslot_exercises::invariant;
use mailslot_exercises::model::check;

#[test]
fn the_greeting_arrives_in_every_schedule() {
    check(
        &["main (calls first_message)", "the thread your code spawns"],
        || {
            let got = answer::first_message();
            invariant!(
                got == answer::GREETING,
                "first_message returned {got:?}, expected {:?}",
                answer::GREETING
            );
        },
    );
}
