#![cfg(not(any(loom, shuttle)))]
//! Corners of the API: absurd capacities and timeouts, and who drops a message when nobody receives
//! it, including messages whose `Drop` panics.

mod common;

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use mailslot::{RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError};
use rstest::rstest;

use common::Flavour::{self, Bounded, Unbounded};
use common::{Counted, DropLog, spawn_blocked};

/// Turns a hang into a failure.
const WATCHDOG: Duration = Duration::from_secs(30);

#[rstest]
#[timeout(WATCHDOG)]
fn a_channel_bounded_by_usize_max_works() {
    let (tx, rx) = mailslot::sync_channel::<u64>(usize::MAX);
    for i in 0..1000 {
        assert_eq!(tx.try_send(i), Ok(()), "never full");
    }
    tx.send(1000).unwrap();
    assert_eq!(rx.recv(), Ok(0));
    assert_eq!(
        rx.try_iter().collect::<Vec<_>>(),
        (1..=1000).collect::<Vec<_>>()
    );
    thread::scope(|s| {
        s.spawn(|| (0..3).for_each(|i| tx.send(i).unwrap()));
        assert_eq!([rx.recv(), rx.recv(), rx.recv()], [Ok(0), Ok(1), Ok(2)]);
    });
    drop(rx);
    assert_eq!(tx.try_send(7), Err(TrySendError::Disconnected(7)));
    // A large message type does not change anything: nothing is reserved per slot.
    let (tx, rx) = mailslot::sync_channel::<[u64; 512]>(usize::MAX);
    tx.send([1; 512]).unwrap();
    assert_eq!(rx.recv(), Ok([1; 512]));
}

/// Timeouts too large to add to `Instant::now()` (and one that fits but is absurd).
#[rstest]
#[timeout(WATCHDOG)]
fn recv_timeout_with_a_huge_timeout_does_not_panic(
    #[values(
        Duration::MAX,
        Duration::from_secs(u64::MAX),
        Duration::from_secs(u64::MAX / 2),
        Duration::from_secs(1 << 40)
    )]
    timeout: Duration,
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make::<u32>();
    // A message already there.
    if flavour.fits(1) == 1 {
        tx.send(1).unwrap();
        assert_eq!(rx.recv_timeout(timeout), Ok(1));
    }
    thread::scope(|s| {
        // A message that arrives while the receiver waits.
        let receiver = spawn_blocked(s, move || (rx.recv_timeout(timeout), rx));
        tx.send(2).unwrap();
        let (got, rx) = receiver.join().unwrap();
        assert_eq!(got, Ok(2));
        // The last sender dropped by another thread while the receiver waits.
        let receiver = spawn_blocked(s, move || rx.recv_timeout(timeout));
        s.spawn(move || drop(tx));
        assert_eq!(
            receiver.join().unwrap(),
            Err(RecvTimeoutError::Disconnected)
        );
    });
}

#[derive(Clone, Copy, Debug)]
enum DropOrder {
    /// The receiver goes first, with messages still queued; the senders after it.
    ReceiverFirst,
    /// Every sender goes first; the receiver, with messages still queued, last.
    SendersFirst,
}

/// Whatever happens, every message is dropped exactly once: by the receiver that got it, by the
/// channel when the receiver goes with it still queued, or by the sender that got it back.
#[rstest]
#[timeout(WATCHDOG)]
fn unreceived_messages_are_dropped_exactly_once(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
    #[values(DropOrder::ReceiverFirst, DropOrder::SendersFirst)] order: DropOrder,
    #[values(false, true)] receive_one_first: bool,
) {
    const QUEUED: usize = 5;
    const FROM_THREADS: usize = 3;
    let log = DropLog::new(QUEUED + FROM_THREADS);
    let (tx, rx) = flavour.make::<Counted>();
    let queued = flavour.fits(QUEUED); // sent without blocking: 0 for rendezvous
    (0..queued).for_each(|id| tx.send(log.message(id)).unwrap());

    thread::scope(|s| {
        let mut rx = Some(rx);
        // More messages from threads: queued too for unbounded, blocked in `send` otherwise.
        let senders: Vec<_> = match order {
            DropOrder::ReceiverFirst => (QUEUED..QUEUED + FROM_THREADS)
                .map(|id| {
                    let tx = tx.clone();
                    let msg = log.message(id);
                    spawn_blocked(s, move || tx.send(msg).map_err(|SendError(msg)| msg.id))
                })
                .collect(),
            DropOrder::SendersFirst => Vec::new(),
        };
        let mut received = None;
        if receive_one_first && (queued > 0 || !senders.is_empty()) {
            let msg = rx.as_ref().unwrap().recv().unwrap();
            received = Some(msg.id);
            drop(msg);
        }
        let dropped_so_far = |id: usize| usize::from(Some(id) == received);

        match order {
            DropOrder::ReceiverFirst => {
                drop(rx.take());
                // The queued messages went with the receiver, like std.
                for id in 0..queued {
                    assert_eq!(
                        log.counts()[id],
                        1,
                        "message {id} when the receiver dropped"
                    );
                }
                drop(tx);
                for sender in senders {
                    // Each thread-sent message was taken (and dropped above) or handed back.
                    match sender.join().unwrap() {
                        Ok(()) => {}
                        Err(id) => assert_eq!(
                            log.counts()[id],
                            1,
                            "message {id} handed back, then dropped"
                        ),
                    }
                }
            }
            DropOrder::SendersFirst => {
                drop(tx);
                for id in 0..queued {
                    assert_eq!(
                        log.counts()[id],
                        dropped_so_far(id),
                        "message {id} is still queued"
                    );
                }
                drop(rx.take());
            }
        }
    });
    let sent = match order {
        DropOrder::ReceiverFirst => QUEUED + FROM_THREADS,
        DropOrder::SendersFirst => QUEUED,
    };
    let expected: Vec<usize> = (0..QUEUED + FROM_THREADS)
        .map(|id| usize::from(id < queued || (QUEUED..sent).contains(&id)))
        .collect();
    assert_eq!(log.counts(), expected, "drops per message id");
}

/// A message that panics when dropped, unless defused.
struct Bomb {
    counted: Counted,
    armed: bool,
}

impl Drop for Bomb {
    fn drop(&mut self) {
        // Never panic while already unwinding: that would abort the whole test binary.
        if self.armed && !thread::panicking() {
            panic!("message {} exploded", self.counted.id);
        }
    }
}

impl Bomb {
    fn dud(log: &Arc<DropLog>, id: usize) -> Bomb {
        Bomb {
            counted: log.message(id),
            armed: false,
        }
    }

    fn live(log: &Arc<DropLog>, id: usize) -> Bomb {
        Bomb {
            counted: log.message(id),
            armed: true,
        }
    }

    fn defuse(mut self) {
        self.armed = false;
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Dropping a receiver drops the queued messages; one of them panicking propagates the panic, but
/// the others are still dropped once each, and the senders are not left hanging or poisoned.
#[rstest]
#[timeout(WATCHDOG)]
fn a_panicking_queued_message_does_not_stop_the_others_from_being_dropped(
    #[values(Unbounded, Bounded(1), Bounded(16))] flavour: Flavour,
    #[values(0, 2, usize::MAX)] bomb_at: usize, // clamped to the last queued message
    #[values(false, true)] receive_one_first: bool,
) {
    let (tx, rx) = flavour.make::<Bomb>();
    // With `receive_one_first`, a harmless message 0 is received first. For the unbounded channel it
    // is sent together with the others, so receiving it moves the rest into the receiver's local
    // batch: the panic then comes from there rather than from the channel's queue.
    let first = usize::from(receive_one_first);
    let queued = flavour.fits(16); // ids first..first + queued: a bounded channel is then full
    let bomb = first + bomb_at.min(queued - 1);
    let total = first + queued;
    let (blocked_id, late_id) = (total, total + 1);
    let log = DropLog::new(total + 2);
    let send_queued = || {
        for id in first..first + queued {
            let msg = if id == bomb {
                Bomb::live(&log, id)
            } else {
                Bomb::dud(&log, id)
            };
            tx.send(msg).unwrap();
        }
    };
    if receive_one_first {
        tx.send(Bomb::dud(&log, 0)).unwrap();
        if flavour.capacity().is_none() {
            send_queued();
        }
        assert_eq!(rx.recv().unwrap().counted.id, 0);
        if flavour.capacity().is_some() {
            send_queued();
        }
    } else {
        send_queued();
    }

    thread::scope(|s| {
        // For the bounded flavours, a sender asleep on the full channel while the receiver drops.
        let blocked = flavour.capacity().map(|_| {
            spawn_blocked(s, || {
                tx.send(Bomb::dud(&log, blocked_id))
                    .map_err(|SendError(msg)| msg.counted.id)
            })
        });

        let outcome = panic::catch_unwind(AssertUnwindSafe(move || drop(rx)));
        let payload = outcome.expect_err("the panic of the message's Drop propagates");
        assert_eq!(panic_text(&*payload), format!("message {bomb} exploded"));

        if let Some(blocked) = blocked {
            assert_eq!(
                blocked.join().unwrap(),
                Err(blocked_id),
                "the blocked sender got its message back"
            );
        }
    });
    // Every message, the exploding one included, was dropped exactly once.
    let bounded = flavour.capacity().is_some();
    let expected: Vec<usize> = (0..total + 2)
        .map(|id| usize::from(id < total || (id == blocked_id && bounded)))
        .collect();
    assert_eq!(log.counts(), expected);

    // The senders see a closed channel, without hanging or panicking.
    assert!(matches!(
        tx.send(Bomb::dud(&log, late_id)),
        Err(SendError(Bomb { armed: false, .. }))
    ));
    assert!(matches!(
        tx.try_send(Bomb::dud(&log, late_id)),
        Err(TrySendError::Disconnected(_))
    ));
    let clone = tx.clone();
    drop(tx);
    drop(clone);
    assert_eq!(log.counts()[late_id], 2);
}

/// The rendezvous channel never holds a message on its own: the sender gets it back, and dropping
/// the receiver runs no message's `Drop`.
#[rstest]
#[timeout(WATCHDOG)]
fn a_rendezvous_receiver_drops_no_message_of_a_blocked_sender() {
    let log = DropLog::new(1);
    let (tx, rx) = mailslot::sync_channel::<Bomb>(0);
    thread::scope(|s| {
        let sender = spawn_blocked(s, || tx.send(Bomb::live(&log, 0)));
        drop(rx); // must not panic: the bomb is not the channel's to drop
        let SendError(bomb) = sender.join().unwrap().expect_err("nobody took it");
        assert_eq!(log.counts(), [0]);
        bomb.defuse();
    });
    assert_eq!(log.counts(), [1]);
}

/// A received message belongs to the receiver: its `Drop` panicking has nothing to do with the
/// channel, which goes on working.
#[rstest]
#[timeout(WATCHDOG)]
fn a_received_message_that_panics_when_dropped_does_not_affect_the_channel(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let log = DropLog::new(5);
    let (tx, rx) = flavour.make::<Bomb>();
    thread::scope(|s| {
        s.spawn(|| {
            for id in 0..4 {
                let msg = if id % 2 == 0 {
                    Bomb::live(&log, id)
                } else {
                    Bomb::dud(&log, id)
                };
                tx.send(msg).unwrap();
            }
        });
        for id in 0..4 {
            let msg = rx.recv().unwrap();
            assert_eq!(msg.counted.id, id);
            let outcome = panic::catch_unwind(AssertUnwindSafe(move || drop(msg)));
            assert_eq!(outcome.is_err(), id % 2 == 0);
        }
    });
    assert_eq!(rx.try_recv().err(), Some(TryRecvError::Empty));
    thread::scope(|s| {
        s.spawn(|| tx.send(Bomb::dud(&log, 4)).unwrap());
        assert_eq!(rx.recv().map(|msg| msg.counted.id), Ok(4));
    });
    drop(tx);
    assert_eq!(rx.recv().err(), Some(RecvError));
    assert_eq!(log.counts(), [1; 5]);
}

/// A thread that panics drops its sender while unwinding; the receiver sees the disconnection.
#[rstest]
#[timeout(WATCHDOG)]
fn a_sender_dropped_by_a_panicking_thread_disconnects(
    #[values(Unbounded, Bounded(0), Bounded(1), Bounded(16))] flavour: Flavour,
) {
    let (tx, rx) = flavour.make::<u32>();
    let producer = thread::spawn(move || {
        tx.send(1).unwrap();
        panic!("producer failed");
    });
    assert_eq!(rx.recv(), Ok(1));
    assert_eq!(rx.recv(), Err(RecvError));
    assert!(producer.join().is_err());
}
