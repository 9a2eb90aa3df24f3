// Checks for exercise 13_disconnection (`cargo learn check 13`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex13_disconnection");

use mailslot_exercises::model::{check, check_explained, spawn, spurious_waker};
use mailslot_exercises::{invariant, pick};

const SPURIOUS: &str = "In this check a thread of the checker wakes your condition variable once \
    for no reason, at a moment the checker chooses, as a real one may (a spurious wake-up): after \
    every wake-up, check the queue and the sender count again, in a loop (or with `wait_while`).";

#[test]
fn recv_says_none_once_the_only_sender_is_gone() {
    let msg = pick(131, 1, 1_000_000);
    check(&["main (receives)", "sender"], move || {
        let (tx, rx) = answer::channel();
        let sender = spawn("sender", move || {
            tx.send(msg);
            // `tx` is dropped here
        });
        let first = rx.recv();
        invariant!(
            first == Some(msg),
            "the first recv returned {first:?}, expected Some({msg})"
        );
        let second = rx.recv();
        invariant!(
            second.is_none(),
            "after the sender was dropped, recv returned {second:?}, expected None"
        );
        sender.join().unwrap();
    });
}

#[test]
fn recv_survives_a_spurious_wake_up() {
    let msg = pick(132, 1, 1_000_000);
    check_explained(
        &["main (receives)", "sender", "the checker's spurious waker"],
        SPURIOUS,
        move || {
            let (tx, rx) = answer::channel();
            let sender = spawn("sender", move || tx.send(msg));
            let waker = spurious_waker();
            let first = rx.recv();
            invariant!(
                first == Some(msg),
                "the first recv returned {first:?}, expected Some({msg}): the sender was still there"
            );
            let second = rx.recv();
            invariant!(
                second.is_none(),
                "after the sender was dropped, recv returned {second:?}, expected None"
            );
            sender.join().unwrap();
            waker.join().unwrap();
        },
    );
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
