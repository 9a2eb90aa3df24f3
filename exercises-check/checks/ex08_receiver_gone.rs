// Checks for exercise 08_receiver_gone (`cargo learn check 8`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex08_receiver_gone");

use mailslot_exercises::model::{check, spawn};
use mailslot_exercises::{invariant, mpsc, pick};

/// Letters the learner cannot predict: 2 or 3 of them (`extra` more), with unpredictable words.
fn some_letters(extra: u64) -> Vec<String> {
    let count = pick(81, 2, 4) + extra;
    (0..count)
        .map(|i| format!("letter {}", pick(82 + i, 1, 10_000)))
        .collect()
}

fn letters() -> Vec<String> {
    some_letters(0)
}

#[test]
fn all_letters_go_while_the_receiver_listens() {
    for extra in [0, 2] {
        all_go(extra);
    }
}

fn all_go(extra: u64) {
    check(&["main (calls deliver)"], move || {
        let (tx, rx) = mpsc::channel();
        let all = some_letters(extra);
        let result = answer::deliver(&tx, all.clone());
        invariant!(
            result == Ok(all.len()),
            "deliver returned {result:?} for {} letters, expected Ok({})",
            all.len(),
            all.len()
        );
        let got: Vec<String> = rx.try_iter().collect();
        invariant!(got == all, "the receiver got {got:?}, expected {all:?}");
    });
}

#[test]
fn a_gone_receiver_gets_every_letter_handed_back() {
    check(&["main (calls deliver)"], || {
        let (tx, rx) = mpsc::channel();
        drop(rx);
        let all = letters();
        let result = answer::deliver(&tx, all.clone());
        invariant!(
            result == Err(all.clone()),
            "deliver returned {result:?}, expected Err({all:?}): nothing could be delivered, so every letter comes back, in order"
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
            let (tx, rx) = mpsc::channel();
            let receiver = spawn("receiver", move || rx.recv().ok());
            let all = letters();
            let result = answer::deliver(&tx, all.clone());
            receiver.join().unwrap();
            match result {
                Ok(n) => invariant!(
                    n == all.len(),
                    "deliver returned Ok({n}), but it had {} letters",
                    all.len()
                ),
                Err(back) => {
                    invariant!(
                        !back.is_empty(),
                        "deliver returned Err(vec![]): an Err must hand back at least the letter that failed"
                    );
                    let handed_over = all.len().saturating_sub(back.len());
                    invariant!(
                        back.as_slice() == &all[handed_over..],
                        "deliver handed back {back:?}: expected the letters that were not sent, in order (a tail of {all:?})"
                    );
                }
            }
        },
    );
}
