// Checks for exercise 12_build_channel (`cargo learn check 12`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex12_build_channel");

use std::sync::Arc;

use answer::Channel;
use mailslot_exercises::model::{check, check_explained, spawn, spurious_waker};
use mailslot_exercises::{invariant, pick};

pub const SPURIOUS: &str = "In this check a thread of the checker wakes your condition variable once \
    for no reason, at a moment the checker chooses, as a real one may (a spurious wake-up): after \
    every wake-up, check the condition again, in a `while` loop (or with `wait_while`), not an `if`.";

#[test]
fn one_message_crosses() {
    let msg = pick(121, 1, 1_000_000);
    check(&["main (receives)", "sender"], move || {
        let channel = Arc::new(Channel::new());
        let tx = Arc::clone(&channel);
        let sender = spawn("sender", move || tx.send(msg));
        let got = channel.recv();
        invariant!(got == msg, "recv returned {got}, expected {msg}");
        sender.join().unwrap();
    });
}

#[test]
fn recv_survives_a_spurious_wake_up() {
    let msg = pick(122, 1, 1_000_000);
    check_explained(
        &["main (receives)", "sender", "the checker's spurious waker"],
        SPURIOUS,
        move || {
            let channel = Arc::new(Channel::new());
            let tx = Arc::clone(&channel);
            let sender = spawn("sender", move || tx.send(msg));
            let waker = spurious_waker();
            let got = channel.recv();
            invariant!(got == msg, "recv returned {got}, expected {msg}");
            sender.join().unwrap();
            waker.join().unwrap();
        },
    );
}

/// Two producers, two messages each: every message arrives exactly once, each producer's in order,
/// and the receiver never sleeps through a message.
#[test]
fn two_producers_nothing_lost_nothing_reordered() {
    check(
        &["main (receives 4 messages)", "producer A", "producer B"],
        || {
            let channel = Arc::new(Channel::new());
            let producers: Vec<_> = ["A", "B"]
                .into_iter()
                .map(|name| {
                    let tx = Arc::clone(&channel);
                    spawn(&format!("producer {name}"), move || {
                        tx.send((name, 1));
                        tx.send((name, 2));
                    })
                })
                .collect();
            let got: Vec<(&str, u32)> = (0..4).map(|_| channel.recv()).collect();
            for name in ["A", "B"] {
                let from: Vec<u32> = got.iter().filter(|m| m.0 == name).map(|m| m.1).collect();
                invariant!(
                    from == [1, 2],
                    "from producer {name} the receiver got {from:?}, expected [1, 2] (received in all: {got:?})"
                );
            }
            for producer in producers {
                producer.join().unwrap();
            }
        },
    );
}
