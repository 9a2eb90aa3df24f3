#![cfg(not(any(loom, shuttle)))]
//! The answers to the predict-then-check prompts of Part 2 ("Working with channels") of the book.
//!
//! Each test checks one answer without relying on timing: a claim that something does *not* wait
//! is checked by doing it on a single thread, where waiting would hang the test forever.

use mailslot as mpsc;
use mailslot::{RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError};
use proof_ledger::{Checker, Entry, record};
use std::cell::Cell;
use std::thread;
use std::time::{Duration, Instant};

// --- Blocking and non-blocking -------------------------------------------------------------------

/// Nobody receives while 10,000 letters are sent from the receiver's own thread: if `send` ever
/// waited for a receiver, this would hang.
#[test]
fn unbounded_send_never_waits() {
    let (tx, rx) = mpsc::channel();
    for n in 0..10_000 {
        tx.send(n).unwrap();
    }
    assert_eq!(rx.try_iter().count(), 10_000);
    record!(Entry::new(
        "unbounded send never waits for a receiver: 10,000 sends on the receiving thread",
        Checker::StdRun,
        "unbounded, 1 thread, 10,000 messages"
    ));
}

/// `try_recv` on an empty channel whose sender is alive reports `Empty` at once, every time.
#[test]
fn try_recv_returns_at_once() {
    let (tx, rx) = mpsc::channel::<u8>();
    for _ in 0..100_000 {
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    }
    drop(tx);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
    record!(Entry::new(
        "try_recv on an empty channel returns Empty at once, then Disconnected",
        Checker::StdRun,
        "unbounded, 1 thread, 100,000 calls"
    ));
}

/// `recv_timeout` with nothing sent waits (at least) the given time, then reports `Timeout`.
#[test]
fn recv_timeout_gives_up() {
    let (_tx, rx) = mpsc::channel::<u8>();
    let started = Instant::now();
    assert_eq!(
        rx.recv_timeout(Duration::from_millis(10)),
        Err(RecvTimeoutError::Timeout)
    );
    assert!(started.elapsed() >= Duration::from_millis(10));
    record!(Entry::new(
        "recv_timeout with nothing sent returns Timeout after at least the limit",
        Checker::StdRun,
        "unbounded, 1 thread, 10 ms limit"
    ));
}

// --- Bounded channels ----------------------------------------------------------------------------

/// With room for one letter, the first `send` returns though nobody receives (same thread).
#[test]
fn capacity_one_send_returns_without_receiver() {
    let (tx, rx) = mpsc::sync_channel(1);
    tx.send(1).unwrap();
    assert_eq!(rx.try_recv(), Ok(1));
    record!(Entry::new(
        "a bounded send with room returns without a receiver",
        Checker::StdRun,
        "bounded(1), 1 thread, 1 message"
    ));
}

/// A full `sync_channel(1)` refuses a second letter from `try_send` and hands it back.
#[test]
fn full_channel_try_send_is_full() {
    let (tx, _rx) = mpsc::sync_channel(1);
    tx.send(1).unwrap();
    assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
    record!(Entry::new(
        "try_send into a full channel returns Full with the message",
        Checker::StdRun,
        "bounded(1), 1 thread, 2 messages"
    ));
}

/// Capacity 0 holds nothing: with no receiver waiting in `recv`, `try_send` is `Full` at once.
#[test]
fn rendezvous_holds_nothing() {
    let (tx, rx) = mpsc::sync_channel(0);
    assert_eq!(tx.try_send(1), Err(TrySendError::Full(1)));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    record!(Entry::new(
        "a rendezvous channel holds nothing: try_send with nobody in recv is refused",
        Checker::StdRun,
        "bounded(0), 1 thread, 1 message"
    ));
}

// --- Ownership -----------------------------------------------------------------------------------

thread_local! {
    static CLONES: Cell<usize> = const { Cell::new(0) };
}

/// A letter that counts how often it is cloned (on the cloning thread).
struct Letter(String);

impl Clone for Letter {
    fn clone(&self) -> Self {
        CLONES.with(|c| c.set(c.get() + 1));
        Letter(self.0.clone())
    }
}

/// Sending and receiving a value never clones it, and its heap buffer arrives unchanged.
#[test]
fn sending_never_clones() {
    let (tx, rx) = mpsc::channel();
    let letter = Letter(String::from("hello"));
    let address = letter.0.as_ptr();
    tx.send(letter).unwrap();
    let received = rx.recv().unwrap();
    assert_eq!(CLONES.with(Cell::get), 0);
    assert_eq!(received.0.as_ptr(), address);
    record!(Entry::new(
        "sending never calls clone; the buffer arrives unchanged",
        Checker::StdRun,
        "unbounded, 1 thread, 1 message"
    ));
}

// --- Errors --------------------------------------------------------------------------------------

/// Once the receiver is gone, `send` fails and the error holds the very letter that was sent.
#[test]
fn send_after_receiver_gone_returns_the_letter() {
    let (tx, rx) = mpsc::channel();
    drop(rx);
    assert_eq!(
        tx.send(String::from("hello")),
        Err(SendError(String::from("hello")))
    );
    let (tx, rx) = mpsc::sync_channel(1);
    drop(rx);
    assert_eq!(tx.try_send(5), Err(TrySendError::Disconnected(5)));
    record!(Entry::new(
        "send after the receiver is gone returns the letter in SendError",
        Checker::StdRun,
        "unbounded and bounded, 1 thread"
    ));
}

/// Letters sent before the last sender left are still delivered; then `recv` fails.
#[test]
fn recv_after_senders_gone_drains_then_fails() {
    let (tx, rx) = mpsc::channel();
    tx.send(1).unwrap();
    drop(tx);
    assert_eq!(rx.recv(), Ok(1));
    assert_eq!(rx.recv(), Err(RecvError));
    record!(Entry::new(
        "recv delivers queued letters after the senders are gone, then fails",
        Checker::StdRun,
        "unbounded, 1 thread, 2 messages"
    ));
}

/// A worker that panics drops its sender while unwinding: `recv` then reports the closed channel
/// instead of waiting forever (a hang would fail this test).
#[test]
fn panicking_worker_closes_the_channel() {
    let (tx, rx) = mpsc::channel::<u8>();
    let worker = thread::spawn(move || {
        let _tx = tx;
        panic!("the worker gives up");
    });
    assert_eq!(rx.recv(), Err(RecvError));
    assert!(worker.join().is_err());
    record!(Entry::new(
        "a panicking worker drops its sender: recv fails instead of hanging",
        Checker::StdRun,
        "unbounded, 2 threads, 0 messages"
    ));
}

// --- Coordinating tasks --------------------------------------------------------------------------

/// If main keeps its own "done" sender, the channel stays open after every worker has finished:
/// the reports loop would wait forever. Dropping main's sender closes it.
#[test]
fn kept_sender_keeps_the_done_channel_open() {
    let (done_tx, done_rx) = mpsc::channel();
    let workers: Vec<_> = (0..3)
        .map(|id| {
            let done_tx = done_tx.clone();
            thread::spawn(move || done_tx.send(id).unwrap())
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(done_rx.try_iter().count(), 3);
    // Every worker is gone, but main's `done_tx` is alive: not closed, just empty.
    assert_eq!(done_rx.try_recv(), Err(TryRecvError::Empty));
    drop(done_tx);
    assert_eq!(done_rx.try_recv(), Err(TryRecvError::Disconnected));
    record!(Entry::new(
        "a sender kept by main keeps the channel open: Empty, not Disconnected",
        Checker::StdRun,
        "unbounded, 3 workers x 1 report"
    ));
}
