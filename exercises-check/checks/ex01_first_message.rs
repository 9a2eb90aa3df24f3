// Checks for exercise 01_first_message (`cargo learn check 1`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex01_first_message");

use mailslot_exercises::model::check;
use mailslot_exercises::{invariant, record};

#[test]
fn the_greeting_crosses_from_a_spawned_thread() {
    check(
        &["main (calls first_message)", "the thread your code spawns"],
        || {
            let got = answer::first_message();
            invariant!(
                got == answer::GREETING,
                "first_message returned {got:?}, expected {:?}",
                answer::GREETING
            );
            // The same answer computed (or typed in) on the calling thread is not the exercise.
            let seen = record::now();
            invariant!(
                seen.sent_by_others == 1 && seen.sent_by_main == 0,
                "the greeting must be sent by the thread you spawn: {} message(s) were sent from a \
                 spawned thread and {} from the calling thread. Spawn a thread that calls `tx.send`.",
                seen.sent_by_others,
                seen.sent_by_main
            );
            invariant!(
                seen.received_by_main == 1,
                "the calling thread must receive the greeting from the channel (`rx.recv()`), and \
                 return what it received; it received {} message(s)",
                seen.received_by_main
            );
        },
    );
}
