// Checks for exercise 08_receiver_gone (`cargo learn check 8`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex08_receiver_gone.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex08_receiver_gone.rs"]
mod answer;

use mailslot_exercises::invariant;
use mailslot_exercises::model::{check, spawn};

fn letters() -> Vec<String> {
    ["a", "b", "c"].map(String::from).to_vec()
}

#[test]
fn all_letters_go_while_the_receiver_listens() {
    check(&["main (calls deliver)"], || {
        let (tx, rx) = mailslot::channel();
        let result = answer::deliver(&tx, letters());
        invariant!(
            result == Ok(3),
            "deliver returned {result:?}, expected Ok(3)"
        );
        let got: Vec<String> = rx.try_iter().collect();
        invariant!(
            got == letters(),
            "the receiver got {got:?}, expected {:?}",
            letters()
        );
    });
}

#[test]
fn a_gone_receiver_gets_every_letter_handed_back() {
    check(&["main (calls deliver)"], || {
        let (tx, rx) = mailslot::channel();
        drop(rx);
        let result = answer::deliver(&tx, letters());
        invariant!(
            result == Err(letters()),
            "deliver returned {result:?}, expected Err({:?}): nothing could be delivered",
            letters()
        );
    });
}

/// The receiver leaves after one letter, at any moment of the delivery: whatever `deliver` says was
/// handed over, plus what it hands back, must be exactly the letters, in order.
#[test]
fn a_receiver_leaving_midway_loses_nothing() {
    check(
        &[
            "main (calls deliver)",
            "receiver (takes one letter, then leaves)",
        ],
        || {
            let (tx, rx) = mailslot::channel();
            let receiver = spawn("receiver", move || {
                let _ = rx.recv();
            });
            let result = answer::deliver(&tx, letters());
            receiver.join().unwrap();
            let all = letters();
            match result {
                Ok(n) => invariant!(n == 3, "deliver returned Ok({n}), but it had 3 letters"),
                Err(back) => {
                    invariant!(
                        !back.is_empty(),
                        "deliver returned Err(vec![]): an Err must hand back at least the letter that failed"
                    );
                    let handed_over = all.len() - back.len().min(all.len());
                    invariant!(
                        back.as_slice() == &all[handed_over..],
                        "deliver handed back {back:?}: expected the letters that were not sent, in order ({:?} or a shorter tail of it)",
                        all
                    );
                }
            }
        },
    );
}
