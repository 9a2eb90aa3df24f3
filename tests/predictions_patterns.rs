#![cfg(not(any(loom, shuttle)))]
//! Answers to the predict-then-check prompts in book/src/patterns/, checked without timing: each test
//! sets up the situation the prompt describes and asserts what the book says happens.

use mailslot as mpsc;
use proof_ledger::{Checker, Entry, record};
use std::thread;

/// Pitfalls: the workers' clones are gone, but the original sender keeps the channel connected, so an
/// empty channel reports `Empty` (a `recv` would wait), not `Disconnected`, until it is dropped.
#[test]
fn forgotten_sender_keeps_the_channel_open() {
    let (tx, rx) = mpsc::channel();
    let workers: Vec<_> = (0..3)
        .map(|id| {
            let tx = tx.clone();
            thread::spawn(move || tx.send(id).unwrap())
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let mut received: Vec<i32> = rx.try_iter().collect();
    received.sort();
    assert_eq!(received, [0, 1, 2]);
    assert_eq!(rx.try_recv(), Err(mpsc::TryRecvError::Empty));
    drop(tx);
    assert_eq!(rx.try_recv(), Err(mpsc::TryRecvError::Disconnected));
    assert_eq!(rx.recv(), Err(mpsc::RecvError));
    record!(Entry::new(
        "the forgotten original sender keeps the channel open until dropped",
        Checker::StdRun,
        "unbounded, 3 workers x 1 message"
    ));
}

/// Pitfalls: with nobody receiving, a bounded channel accepts exactly its capacity; the next message
/// is refused as `Full` and handed back, which is where a blocking `send` would wait.
#[test]
fn bounded_channel_holds_at_most_its_capacity() {
    for capacity in [1, 5, 100] {
        let (tx, rx) = mpsc::sync_channel(capacity);
        for i in 0..capacity {
            tx.try_send(i).unwrap();
        }
        assert_eq!(
            tx.try_send(capacity),
            Err(mpsc::TrySendError::Full(capacity))
        );
        // One message out makes room for exactly one more.
        assert_eq!(rx.recv(), Ok(0));
        tx.try_send(capacity).unwrap();
        assert_eq!(
            tx.try_send(capacity + 1),
            Err(mpsc::TrySendError::Full(capacity + 1))
        );
    }
    record!(Entry::new(
        "a bounded channel accepts exactly its capacity before a send would wait",
        Checker::StdRun,
        "bounded(100), 1 thread, then a consumer"
    ));
}
