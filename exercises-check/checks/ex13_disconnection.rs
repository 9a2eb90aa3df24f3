// Checks for exercise 13_disconnection (`cargo learn check 13`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex13_disconnection.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex13_disconnection.rs"]
mod answer;

use mailslot_exercises::invariant;
use mailslot_exercises::model::{check, spawn};

#[test]
fn recv_says_none_once_the_only_sender_is_gone() {
    check(&["main (receives)", "sender"], || {
        let (tx, rx) = answer::channel();
        let sender = spawn("sender", move || {
            tx.send(1);
            // `tx` is dropped here
        });
        let first = rx.recv();
        invariant!(
            first == Some(1),
            "the first recv returned {first:?}, expected Some(1)"
        );
        let second = rx.recv();
        invariant!(
            second.is_none(),
            "after the sender was dropped, recv returned {second:?}, expected None"
        );
        sender.join().unwrap();
    });
}

/// Whoever drops last, and whenever the receiver goes to sleep: the loop gets both messages, then
/// ends. A forgotten wake-up shows up as a deadlock.
#[test]
fn the_loop_ends_after_the_last_of_two_senders() {
    check(
        &["main (receives until None)", "sender A", "sender B"],
        || {
            let (tx_a, rx) = answer::channel();
            let tx_b = tx_a.clone();
            let a = spawn("sender A", move || tx_a.send("A"));
            let b = spawn("sender B", move || tx_b.send("B"));
            let mut got = Vec::new();
            while let Some(msg) = rx.recv() {
                got.push(msg);
            }
            got.sort();
            invariant!(
                got == ["A", "B"],
                "the receiver got {got:?}, expected both A and B"
            );
            a.join().unwrap();
            b.join().unwrap();
        },
    );
}
