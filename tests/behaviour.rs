#![cfg(not(any(loom, shuttle)))]
//! What every channel flavour does, one test body per property, run against `channel()` and
//! `sync_channel(0)`, `sync_channel(1)` and `sync_channel(16)`.
//!
//! `sync_channel(0)` blocks in `send` until the receiver takes the message, so a test that sends
//! before it receives sends from another thread. No test sleeps to make threads meet: a test that
//! needs another thread to be blocked inside a call waits until the kernel reports it asleep (see
//! `common::ThreadProbe`), and every assertion holds whatever the scheduler does. Short timeouts
//! appear only where the timeout itself is what is tested.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::thread;
use std::time::{Duration, Instant};

use mailslot::{RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError};
use rstest::rstest;

use common::Flavour::{self, Bounded, Unbounded};
use common::{probe_works, spawn_blocked};

/// A `recv_timeout` that runs out: the timeout direction is the only thing timed here.
const SHORT: Duration = Duration::from_millis(10);
/// A wait that must end for another reason than time (a message, a disconnection).
const LONG: Duration = Duration::from_secs(3600);
/// Turns a hang into a failure.
const WATCHDOG: Duration = Duration::from_secs(30);

/// The numbers `0..n`, to compare received messages with.
fn upto(n: u32) -> Vec<u32> {
    (0..n).collect()
}

#[rstest]
#[timeout(WATCHDOG)]
fn messages_arrive_in_the_order_they_were_sent(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    thread::scope(|s| {
        s.spawn(move || {
            for i in 0..200 {
                tx.send(i).unwrap();
            }
        });
        let got: Vec<u32> = (0..200).map(|_| rx.recv().unwrap()).collect();
        assert_eq!(got, upto(200));
    });
    assert_eq!(rx.recv(), Err(RecvError));
}

#[rstest]
#[timeout(WATCHDOG)]
fn try_send_and_try_recv_keep_fifo_order(
    #[values(Unbounded, Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    let mut got = Vec::new();
    for i in 0..100 {
        if tx.try_send(i).is_err() {
            // Full: make room, then it must fit.
            got.push(rx.try_recv().unwrap());
            tx.try_send(i).unwrap();
        }
    }
    got.extend(rx.try_iter());
    assert_eq!(got, upto(100));
}

#[rstest]
#[timeout(WATCHDOG)]
fn iter_ends_once_every_sender_is_gone_and_every_message_is_received(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make::<(u8, u32)>();
    let tx2 = tx.clone();
    thread::scope(|s| {
        // Each producer drops its sender when it finishes.
        s.spawn(move || (0..100).for_each(|i| tx.send((1, i)).unwrap()));
        s.spawn(move || (0..100).for_each(|i| tx2.send((2, i)).unwrap()));
        let got: Vec<(u8, u32)> = rx.iter().collect();
        assert_eq!(
            got.len(),
            200,
            "every message sent before the last drop is received"
        );
        for producer in [1, 2] {
            let seqs: Vec<u32> = got
                .iter()
                .filter(|m| m.0 == producer)
                .map(|m| m.1)
                .collect();
            assert_eq!(
                seqs,
                upto(100),
                "producer {producer}'s messages, in its order"
            );
        }
    });
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
}

#[rstest]
#[timeout(WATCHDOG)]
fn iter_keeps_going_while_any_sender_is_left(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    let tx2 = tx.clone();
    thread::scope(|s| {
        let consumer = s.spawn(move || rx.iter().collect::<Vec<u32>>());
        tx.send(1).unwrap();
        drop(tx);
        // Sent after a sender was dropped: an iterator that had stopped would miss these.
        tx2.send(2).unwrap();
        tx2.send(3).unwrap();
        drop(tx2);
        assert_eq!(consumer.join().unwrap(), [1, 2, 3]);
    });
}

#[rstest]
#[timeout(WATCHDOG)]
fn iter_ends_after_draining_messages_sent_before_the_drop(
    #[values(Unbounded, Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    let n = flavour.fits(5) as u32;
    (0..n).for_each(|i| tx.send(i).unwrap());
    drop(tx);
    assert_eq!(rx.iter().collect::<Vec<_>>(), upto(n));
    assert_eq!(rx.iter().next(), None);
}

#[rstest]
#[timeout(WATCHDOG)]
fn recv_fails_only_when_every_sender_is_gone_and_the_queue_is_empty(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    thread::scope(|s| {
        s.spawn(move || {
            tx.send(1).unwrap();
            tx.send(2).unwrap();
        }); // `tx` is dropped when the thread ends
        assert_eq!(rx.recv(), Ok(1));
        assert_eq!(rx.recv(), Ok(2));
        assert_eq!(rx.recv(), Err(RecvError)); // waits for the drop if it has not happened yet
    });
    assert_eq!(rx.recv(), Err(RecvError), "and it stays disconnected");
}

#[rstest]
#[timeout(WATCHDOG)]
fn a_blocked_recv_wakes_when_the_last_sender_drops(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make::<u32>();
    let tx2 = tx.clone();
    thread::scope(|s| {
        let receiver = spawn_blocked(s, move || (rx.recv(), rx));
        drop(tx); // not the last sender: the receiver must keep waiting...
        tx2.send(7).unwrap(); // ...and get this message
        let (got, rx) = receiver.join().unwrap();
        assert_eq!(got, Ok(7));

        let receiver = spawn_blocked(s, move || rx.recv());
        drop(tx2); // the last sender
        assert_eq!(receiver.join().unwrap(), Err(RecvError));
    });
}

#[rstest]
#[timeout(WATCHDOG)]
fn try_recv_tells_empty_from_disconnected(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    let n = flavour.fits(3) as u32; // 0 for the rendezvous channel
    (0..n).for_each(|i| tx.send(i).unwrap());
    drop(tx);
    // Messages sent before the drop are still delivered.
    for i in 0..n {
        assert_eq!(rx.try_recv(), Ok(i));
    }
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
}

#[rstest]
#[timeout(WATCHDOG)]
fn try_recv_is_empty_again_after_taking_the_last_message(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    thread::scope(|s| {
        s.spawn(|| tx.send(1).unwrap());
        assert_eq!(rx.recv(), Ok(1));
    });
    assert_eq!(
        rx.try_recv(),
        Err(TryRecvError::Empty),
        "a sender is still alive"
    );
    drop(tx);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
}

#[rstest]
#[timeout(WATCHDOG)]
fn rendezvous_try_recv_takes_the_message_of_a_blocked_sender() {
    let (tx, rx) = mailslot::sync_channel(0);
    thread::scope(|s| {
        let sender = spawn_blocked(s, move || tx.send(5));
        let mut attempts = 0;
        let got = loop {
            attempts += 1;
            match rx.try_recv() {
                Ok(v) => break v,
                Err(TryRecvError::Empty) => thread::yield_now(),
                Err(TryRecvError::Disconnected) => panic!("the sender is still alive"),
            }
        };
        assert_eq!(got, 5);
        if probe_works() {
            assert_eq!(
                attempts, 1,
                "the sender was seen blocked in send, so its message was there"
            );
        }
        assert_eq!(sender.join().unwrap(), Ok(()));
    });
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
}

#[rstest]
#[timeout(WATCHDOG)]
fn recv_timeout_tells_timeout_from_disconnected(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make::<u32>();
    let start = Instant::now();
    assert_eq!(rx.recv_timeout(SHORT), Err(RecvTimeoutError::Timeout));
    assert!(start.elapsed() >= SHORT, "a timeout never ends early");
    assert_eq!(
        rx.recv_timeout(Duration::ZERO),
        Err(RecvTimeoutError::Timeout)
    );

    // A message that arrives during the wait is received.
    thread::scope(|s| {
        s.spawn(|| tx.send(1).unwrap());
        assert_eq!(rx.recv_timeout(LONG), Ok(1));
    });
    // A message already there is received even with no time to wait (not for rendezvous: nothing
    // is ever "already there" without a blocked sender).
    if flavour.fits(1) == 1 {
        tx.send(2).unwrap();
        assert_eq!(rx.recv_timeout(Duration::ZERO), Ok(2));
    }

    // Once the last sender is gone, it returns at once (LONG would hang the test).
    drop(tx);
    assert_eq!(rx.recv_timeout(LONG), Err(RecvTimeoutError::Disconnected));
    assert_eq!(
        rx.recv_timeout(Duration::ZERO),
        Err(RecvTimeoutError::Disconnected)
    );
}

#[rstest]
#[timeout(WATCHDOG)]
fn a_waiting_recv_timeout_wakes_when_the_last_sender_drops(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make::<u32>();
    thread::scope(|s| {
        let receiver = spawn_blocked(s, move || rx.recv_timeout(LONG));
        drop(tx);
        assert_eq!(
            receiver.join().unwrap(),
            Err(RecvTimeoutError::Disconnected)
        );
    });
}

#[rstest]
#[timeout(WATCHDOG)]
fn recv_timeout_delivers_queued_messages_after_the_senders_are_gone(
    #[values(Unbounded, Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    let n = flavour.fits(3) as u32;
    (0..n).for_each(|i| tx.send(i).unwrap());
    drop(tx);
    for i in 0..n {
        assert_eq!(rx.recv_timeout(SHORT), Ok(i));
    }
    assert_eq!(rx.recv_timeout(SHORT), Err(RecvTimeoutError::Disconnected));
}

#[rstest]
#[timeout(WATCHDOG)]
fn send_after_the_receiver_is_gone_hands_the_message_back(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make::<String>();
    // Leave the bounded channels with room, so "room" cannot be what makes the send succeed.
    if flavour.fits(2) == 2 {
        tx.send("queued".into()).unwrap();
    }
    drop(rx);
    assert_eq!(tx.send("lost".into()), Err(SendError("lost".to_string())));
    assert_eq!(
        tx.try_send("lost too".into()),
        Err(TrySendError::Disconnected("lost too".to_string()))
    );
    let clone = tx.clone();
    assert_eq!(
        clone.send("from a clone".into()),
        Err(SendError("from a clone".to_string()))
    );
}

#[rstest]
#[timeout(WATCHDOG)]
fn try_send_hands_the_message_back_when_full_or_disconnected(#[values(0, 1, 16)] capacity: usize) {
    let (tx, rx) = mailslot::sync_channel(capacity);
    for i in 0..capacity {
        assert_eq!(tx.try_send(i.to_string()), Ok(()), "message {i} fits");
    }
    assert_eq!(
        tx.try_send("one too many".into()),
        Err(TrySendError::Full("one too many".to_string()))
    );
    if capacity > 0 {
        // Taking one message makes room for exactly one.
        assert_eq!(rx.try_recv().as_deref(), Ok("0"));
        assert_eq!(tx.try_send("fits again".into()), Ok(()));
        assert_eq!(
            tx.try_send("full again".into()),
            Err(TrySendError::Full("full again".to_string()))
        );
    }
    drop(rx);
    assert_eq!(
        tx.try_send("nobody".into()),
        Err(TrySendError::Disconnected("nobody".to_string()))
    );
}

#[rstest]
#[timeout(WATCHDOG)]
fn rendezvous_try_send_succeeds_only_while_the_receiver_waits() {
    let (tx, rx) = mailslot::sync_channel(0);
    // The receiver exists but is not waiting in `recv`: nowhere to put the message.
    assert_eq!(tx.try_send(1), Err(TrySendError::Full(1)));
    let rx = thread::scope(|s| {
        let receiver = spawn_blocked(s, move || (rx.recv(), rx));
        // The receiver is (or will soon be) asleep in `recv`: try_send hands the message over.
        let mut attempts = 0;
        loop {
            attempts += 1;
            match tx.try_send(2) {
                Ok(()) => break,
                Err(TrySendError::Full(2)) => thread::yield_now(),
                Err(other) => panic!("unexpected {other:?}"),
            }
            // Only a spurious wake-up of the receiver could make one attempt fail once it sleeps.
            assert!(
                attempts < 1_000_000,
                "try_send never reached the waiting receiver"
            );
        }
        let (got, rx) = receiver.join().unwrap();
        assert_eq!(got, Ok(2));
        rx
    });
    // Nobody waits any more.
    assert_eq!(tx.try_send(3), Err(TrySendError::Full(3)));
    drop(rx);
    assert_eq!(tx.try_send(4), Err(TrySendError::Disconnected(4)));
}

/// `send` on `sync_channel(0)` may return only once the receiver has taken the message.
///
/// The main thread is the receiver. Before it receives message `i`, it waits until the sender
/// thread is blocked in `send(i)` (asleep in the kernel) or has got past it, and checks that the
/// send has not returned: nobody has taken message `i` yet. A `send` that returned early would let
/// the sender thread count it and run on, and the check fails. The sender, for its part, checks that
/// the receiver had at least started `recv` for each message whose send returned. Neither check
/// can fail for a correct channel, whatever the scheduling.
#[rstest]
#[timeout(WATCHDOG)]
fn rendezvous_send_returns_only_after_the_receiver_took_the_message() {
    const ROUNDS: usize = 50;
    let (tx, rx) = mailslot::sync_channel(0);
    let sends_returned = AtomicUsize::new(0);
    let recvs_started = AtomicUsize::new(0);
    let (probe_tx, probe_rx) = std::sync::mpsc::channel();
    thread::scope(|s| {
        s.spawn(|| {
            for i in 0..ROUNDS {
                probe_tx.send(common::ThreadProbe::current()).unwrap();
                tx.send(i).unwrap();
                sends_returned.store(i + 1, SeqCst);
                assert!(
                    recvs_started.load(SeqCst) > i,
                    "send({i}) returned before recv was even called"
                );
            }
        });
        for i in 0..ROUNDS {
            let probe = probe_rx.recv().unwrap();
            probe.wait_until_asleep_or(|| sends_returned.load(SeqCst) > i);
            assert_eq!(
                sends_returned.load(SeqCst),
                i,
                "send({i}) returned before anyone received it"
            );
            recvs_started.store(i + 1, SeqCst);
            assert_eq!(rx.recv(), Ok(i));
        }
    });
    assert_eq!(sends_returned.load(SeqCst), ROUNDS);
}

#[rstest]
#[timeout(WATCHDOG)]
fn cloned_senders_keep_the_channel_open_until_the_last_one_drops(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make::<u32>();
    let a = tx.clone();
    let b = a.clone(); // a clone of a clone counts too
    drop(tx);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    drop(a);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    let c = b.clone();
    drop(b);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    thread::scope(|s| {
        s.spawn(|| c.send(9).unwrap());
        assert_eq!(
            rx.recv(),
            Ok(9),
            "the last clone still reaches the receiver"
        );
    });
    drop(c);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
}

#[rstest]
#[timeout(WATCHDOG)]
fn receiver_and_receiver_ref_are_iterable(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    thread::scope(|s| {
        s.spawn(move || (0..6).for_each(|i| tx.send(i).unwrap()));
        let mut got = Vec::new();
        let by_ref: mailslot::Iter<'_, u32> = (&rx).into_iter();
        for msg in by_ref {
            got.push(msg);
            if got.len() == 3 {
                break;
            }
        }
        for msg in &rx {
            got.push(msg);
            if got.len() == 4 {
                break;
            }
        }
        let owned: mailslot::IntoIter<u32> = rx.into_iter();
        got.extend(owned);
        assert_eq!(got, upto(6));
    });
}

#[rstest]
#[timeout(WATCHDOG)]
fn try_iter_takes_only_what_is_already_there(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make();
    let n = flavour.fits(3) as u32;
    (0..n).for_each(|i| tx.send(i).unwrap());
    // Returns with the sender still alive: it does not wait for more.
    let pending: mailslot::TryIter<'_, u32> = rx.try_iter();
    assert_eq!(pending.collect::<Vec<_>>(), upto(n));
    assert_eq!(rx.try_iter().next(), None);
    (0..n).for_each(|i| tx.send(10 + i).unwrap());
    assert_eq!(
        rx.try_iter().collect::<Vec<_>>(),
        (10..10 + n).collect::<Vec<_>>()
    );
    drop(tx);
    assert_eq!(rx.try_iter().next(), None);
}

#[rstest]
#[timeout(WATCHDOG)]
fn senders_blocked_on_a_full_channel_get_their_messages_back_when_the_receiver_drops(
    #[values(1, 16)] capacity: usize,
) {
    let (tx, rx) = mailslot::sync_channel(capacity);
    (0..capacity).for_each(|i| tx.send(i.to_string()).unwrap());
    thread::scope(|s| {
        // Three senders, each asleep in `send` on the full channel before the receiver goes.
        let tx = &tx;
        let blocked: Vec<_> = (0..3)
            .map(|i| spawn_blocked(s, move || tx.send(format!("blocked {i}"))))
            .collect();
        drop(rx);
        for (i, sender) in blocked.into_iter().enumerate() {
            assert_eq!(
                sender.join().unwrap(),
                Err(SendError(format!("blocked {i}")))
            );
        }
    });
    assert_eq!(tx.send("after".into()), Err(SendError("after".to_string())));
}

#[rstest]
#[timeout(WATCHDOG)]
fn rendezvous_senders_get_their_messages_back_if_nobody_takes_them() {
    let (tx, rx) = mailslot::sync_channel(0);
    thread::scope(|s| {
        // The first sender's message waits in the hand-off slot; the second waits for the slot.
        // `Ok` here would mean `send` returned without the receiver taking the message.
        let first = spawn_blocked(s, || tx.send("first".to_string()));
        let second = spawn_blocked(s, || tx.send("second".to_string()));
        drop(rx);
        assert_eq!(first.join().unwrap(), Err(SendError("first".to_string())));
        assert_eq!(second.join().unwrap(), Err(SendError("second".to_string())));
    });
}

#[rstest]
#[timeout(WATCHDOG)]
fn rendezvous_receiver_dropping_after_some_hand_offs_returns_only_the_untaken_message() {
    let (tx, rx) = mailslot::sync_channel(0);
    thread::scope(|s| {
        let sender = s.spawn(move || {
            let results: Vec<_> = (0..4).map(|i| tx.send(i)).collect();
            results
        });
        assert_eq!(rx.recv(), Ok(0));
        assert_eq!(rx.recv(), Ok(1));
        drop(rx);
        // Message 2 (and 3) may have been offered or not yet: either way nobody took them.
        assert_eq!(
            sender.join().unwrap(),
            [Ok(()), Ok(()), Err(SendError(2)), Err(SendError(3))]
        );
    });
}

#[rstest]
#[timeout(WATCHDOG)]
fn a_bounded_channel_never_holds_more_than_its_capacity(#[values(1, 16)] capacity: usize) {
    let (tx, rx) = mailslot::sync_channel(capacity);
    let sent = AtomicUsize::new(0);
    thread::scope(|s| {
        // A sender that tries to send twice the capacity while nobody receives.
        let sender = spawn_blocked(s, || {
            for i in 0..2 * capacity {
                tx.send(i)?;
                sent.fetch_add(1, SeqCst);
            }
            Ok::<_, SendError<usize>>(())
        });
        // Nothing was received yet, so at most `capacity` sends can have returned; once the sender
        // is seen asleep, it is blocked on the full channel, having sent exactly `capacity`.
        assert!(
            sent.load(SeqCst) <= capacity,
            "more sends returned than the channel holds"
        );
        if probe_works() {
            assert_eq!(sent.load(SeqCst), capacity);
            assert_eq!(tx.try_send(usize::MAX), Err(TrySendError::Full(usize::MAX)));
        }
        let got: Vec<usize> = (0..2 * capacity).map(|_| rx.recv().unwrap()).collect();
        assert_eq!(got, (0..2 * capacity).collect::<Vec<_>>());
        assert_eq!(sender.join().unwrap(), Ok(()));
    });
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
}
