// Checks for exercise 16_oneshot_orderings (`cargo learn check 16`). The same tests run against the
// learner's file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound. Loom's atomics may return any value the memory model allows, and the message's
// slot is loom's `UnsafeCell`, which fails an access that is not ordered after the last write.
#![cfg(loom)]

mailslot_exercises::answer!("ex16_oneshot_orderings");

use std::sync::atomic::{AtomicIsize, Ordering::SeqCst};

use answer::channel;
use mailslot_exercises::invariant;
use mailslot_exercises::model::{check_explained, spawn};
use mailslot_exercises::thread;

const UNORDERED: &str = "The message's slot is loom's `UnsafeCell`: it fails with \"Causality \
    violation\" when a thread touches it without being ordered after another thread's access (no \
    happens-before between them). Seeing `ready == true` with `Relaxed` orders nothing else: the \
    store that raises the flag must be `Release`, and the load that sees it `Acquire`.";

/// Messages alive in this execution: plain std data (loom runs one thread at a time), reset by
/// every scenario before it starts.
static LIVE: AtomicIsize = AtomicIsize::new(0);

/// The message: a number, and a count of how many copies of it exist.
struct Tracked(u64);

impl Tracked {
    fn new(value: u64) -> Tracked {
        LIVE.fetch_add(1, SeqCst);
        Tracked(value)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        let left = LIVE.fetch_sub(1, SeqCst) - 1;
        invariant!(
            left >= 0,
            "the message was dropped twice: after it was received, the channel still thought it \
             was in the slot"
        );
    }
}

#[test]
fn the_receiver_reads_what_the_sender_wrote() {
    let value = mailslot_exercises::pick(16, 1, 1_000_000);
    check_explained(&["main (the receiver)", "sender"], UNORDERED, move || {
        LIVE.store(0, SeqCst);
        let (tx, mut rx) = channel::<Tracked>();
        let sender = spawn("sender", move || tx.send(Tracked::new(value)));
        let message = loop {
            match rx.try_receive() {
                Ok(message) => break message,
                Err(again) => {
                    rx = again;
                    thread::yield_now();
                }
            }
        };
        invariant!(
            message.0 == value,
            "the receiver got {}, the sender sent {value}",
            message.0
        );
        drop(message);
        sender.join().unwrap();
        invariant!(
            LIVE.load(SeqCst) == 0,
            "a message was left undropped after everything was dropped"
        );
    });
}

#[test]
fn a_message_nobody_receives_is_dropped_once() {
    check_explained(&["main (the receiver)", "sender"], UNORDERED, || {
        LIVE.store(0, SeqCst);
        let (tx, rx) = channel::<Tracked>();
        let sender = spawn("sender", move || tx.send(Tracked::new(7)));
        // One try, at whatever moment the checker picks; then the receiver leaves.
        if let Ok(message) = rx.try_receive() {
            drop(message);
        }
        sender.join().unwrap();
        invariant!(
            LIVE.load(SeqCst) == 0,
            "the message was never dropped: a channel dropped with a message in its slot must drop it"
        );
    });
}
