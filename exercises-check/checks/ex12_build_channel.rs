// Checks for exercise 12_build_channel (`cargo learn check 12`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex12_build_channel.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex12_build_channel.rs"]
mod answer;

use std::sync::Arc;

use answer::Channel;
use mailslot_exercises::invariant;
use mailslot_exercises::model::{check, spawn};

#[test]
fn one_message_crosses() {
    check(&["main (receives)", "sender"], || {
        let channel = Arc::new(Channel::new());
        let tx = Arc::clone(&channel);
        let sender = spawn("sender", move || tx.send(42));
        let got = channel.recv();
        invariant!(got == 42, "recv returned {got}, expected 42");
        sender.join().unwrap();
    });
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
