// Checks for exercise 17_wake_from_trace (`cargo learn check 17`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound. Loom's `park` keeps an unpark that arrives first as a token, like std's, and
// never returns spuriously.
#![cfg(loom)]

mailslot_exercises::answer!("ex17_wake_from_trace");

use std::sync::Arc;

use answer::channel;
use mailslot_exercises::invariant;
use mailslot_exercises::model::{check_explained, spawn};
use mailslot_exercises::sync::atomic::AtomicBool;
use mailslot_exercises::sync::atomic::Ordering::{Acquire, Release};
use mailslot_exercises::thread;

const LOST: &str = "A parked thread wakes when it is unparked, and an unpark that comes before the \
    park is kept (as a token) for the next one, so an early unpark is not lost by itself. Ask what \
    the receiver sees when it wakes up, and whether anything will wake it again.";

/// Waits until `done` is set, yielding. The check waits for the sender like this before joining it,
/// never in `join` itself: the sender may unpark this thread late (after `recv` has returned), and
/// loom 0.7 lets any unpark wake a thread blocked in `join`, which std's `unpark` never does.
fn wait_for(done: &AtomicBool) {
    while !done.load(Acquire) {
        thread::yield_now();
    }
}

#[test]
fn recv_returns_the_message() {
    let value = mailslot_exercises::pick(17, 1, 1_000_000);
    check_explained(&["main (the receiver)", "sender"], LOST, move || {
        let done = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel::<u64>();
        let sender = spawn("sender", {
            let done = Arc::clone(&done);
            move || {
                tx.send(value);
                done.store(true, Release);
            }
        });
        let got = rx.recv();
        invariant!(
            got == Ok(value),
            "recv returned {got:?}, the sender sent {value}"
        );
        wait_for(&done);
        sender.join().unwrap();
    });
}

#[test]
fn recv_fails_when_the_sender_leaves_without_sending() {
    check_explained(&["main (the receiver)", "sender"], LOST, || {
        let done = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel::<u64>();
        let sender = spawn("sender", {
            let done = Arc::clone(&done);
            move || {
                drop(tx);
                done.store(true, Release);
            }
        });
        let got = rx.recv();
        invariant!(
            got.is_err(),
            "recv returned {got:?}, but the sender was dropped without sending"
        );
        wait_for(&done);
        sender.join().unwrap();
    });
}
