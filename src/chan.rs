//! The shared heart of every channel: one queue behind one mutex, and two condvars to sleep on.
//!
//! Every handle (`Sender`, `SyncSender`, `Receiver`) holds an `Arc<Chan<T>>`. All decisions are made
//! while holding the lock, so each one sees a consistent picture of the queue and of who is still
//! connected. Blocking is always the same three steps: check the state, and if we cannot go on yet,
//! sleep on a condvar (which releases the lock while asleep), then check again. The check sits in a
//! loop because waking up proves nothing: another thread may have taken what we were woken for, and
//! condvars may wake spuriously.
//!
//! Who wakes whom:
//! - a sender wakes the receiver (`not_empty`) after pushing, but only if the receiver said it sleeps;
//! - the receiver wakes blocked senders (`not_full`) after popping from a bounded channel;
//! - the last sender to go wakes the receiver, so it can report `Disconnected` instead of sleeping on;
//! - the receiver, when it goes, wakes every blocked sender, so they can hand their message back.

use std::collections::VecDeque;
use std::mem;
use std::sync::PoisonError;
use std::time::Instant;

use crate::errors::{SendError, TrySendError};
use crate::sync::{self, Condvar, Mutex, MutexGuard};

/// How many times a thread that must wait first gives up the processor and looks again, before it
/// sleeps on a condvar. Being woken costs the waker a system call and the sleeper, on an idle core,
/// microseconds; the thread at the other end, running on another core, often unblocks us sooner.
///
/// This is mailslot's choice, not std's. std's channel (a port of crossbeam-channel) tries once,
/// registers with its waker and parks: the spinning and yielding that crossbeam-channel does before
/// blocking (its `Backoff::snooze`) was removed on purpose when std took the code over
/// (rust-lang/rust#106668). Yielding costs little when the other end runs on another core and is
/// wasted work when both share one (crossbeam-rs/crossbeam#821).
///
/// Under loom it is 0 unless a model sets it (`model_hooks::set_yields_before_sleep`): each yield
/// multiplies loom's executions, so the models named `*_with_yields` check the shipped loops with one
/// yield on each side. Shuttle, which samples schedules instead of trying them all, runs 16.
const YIELDS_BEFORE_SLEEP: u32 = 16;

/// The yield count this build uses: `YIELDS_BEFORE_SLEEP`, or under loom what the model chose.
fn yields_before_sleep() -> u32 {
    if cfg!(loom) {
        sync::loom_yields_before_sleep()
    } else {
        YIELDS_BEFORE_SLEEP
    }
}

/// How long `Chan::recv` may wait for a message.
#[derive(Clone, Copy)]
pub(crate) enum Wait {
    /// `try_recv`: do not sleep at all.
    No,
    /// `recv_timeout`: sleep until this instant at the latest.
    Until(Instant),
    /// `recv`: sleep as long as it takes.
    Forever,
}

/// Why `Chan::recv` returned without a message. The handles turn it into std's error types.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RecvFailure {
    /// The queue is empty and every sender is gone.
    Disconnected,
    /// The queue is empty and the allowed wait is over.
    Empty,
}

pub(crate) struct Chan<T> {
    state: Mutex<State<T>>,
    /// The receiver sleeps here until a message arrives or the last sender is gone.
    not_empty: Condvar,
    /// Senders of a bounded channel sleep here until there is room, until the receiver took their
    /// rendezvous hand-off, or until the receiver is gone.
    not_full: Condvar,
    /// `None` for `channel()`, `Some(n)` for `sync_channel(n)`. Never changes, so it lives outside
    /// the lock.
    capacity: Option<usize>,
}

struct State<T> {
    /// Messages sent but not yet received, oldest first. Never holds more than the capacity.
    queue: VecDeque<T>,
    /// How many `Sender`/`SyncSender` handles exist. At zero, no message can ever arrive again.
    senders: usize,
    /// Whether the `Receiver` still exists. Once false, every send fails.
    receiver_alive: bool,
    /// The receiver is asleep on `not_empty`. Senders only pay for a notify (on Linux, std's
    /// futex-based condvar makes a system call even when nobody waits) when this is set, and clear it
    /// so that one wake-up is not sent many times. Invariant: true whenever the receiver is inside
    /// `wait` and no sender has pushed since it went in; set and read only under the lock.
    receiver_sleeping: bool,
    /// How many senders are asleep on `not_full` and not yet woken; the receiver only notifies when
    /// someone is there. Whoever wakes a sender uncounts it (like `receiver_sleeping`), so one sleeper
    /// is not woken again for every message taken before it runs. Invariant: never below the number
    /// of senders asleep on `not_full` and not yet woken (a sender counts itself before it waits, and
    /// only a notification uncounts, never more senders than it wakes).
    senders_sleeping: usize,
    /// Rendezvous (`sync_channel(0)`) bookkeeping: messages ever pushed and ever taken. A sender
    /// whose message got ticket `n` may return once `taken >= n`.
    pushed: u64,
    taken: u64,
}

impl<T> Chan<T> {
    pub(crate) fn new(capacity: Option<usize>) -> Self {
        Chan {
            state: Mutex::new(State {
                // No allocation up front: `sync_channel(usize::MAX)` must not try to reserve it.
                queue: VecDeque::new(),
                senders: 1,
                receiver_alive: true,
                receiver_sleeping: false,
                senders_sleeping: 0,
                pushed: 0,
                taken: 0,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            capacity,
        }
    }

    /// The lock is never poisoned by our own code (nothing of the user's runs while we hold it), but a
    /// model checker unwinding a failed execution can poison it; carry on rather than panic again.
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn is_rendezvous(&self) -> bool {
        self.capacity == Some(0)
    }

    /// Sends `msg`, sleeping while a bounded channel is full, and for a rendezvous channel until the
    /// receiver has taken it. Fails, handing `msg` back, once the receiver is gone.
    pub(crate) fn send(&self, msg: T) -> Result<(), SendError<T>> {
        let mut state = self.lock();
        // Wait for room. Unbounded always has room; rendezvous has one slot for the hand-off.
        let room = self.capacity.map(|n| n.max(1));
        let mut patience = yields_before_sleep();
        loop {
            if !state.receiver_alive {
                return Err(SendError(msg));
            }
            if room.is_none_or(|room| state.queue.len() < room) {
                break;
            }
            state = self.wait_as_sender(state, &mut patience);
        }
        state.queue.push_back(msg);
        state.pushed += 1;
        let ticket = state.pushed;
        // ANCHOR: send_wakes_only_a_sleeper
        let wake_receiver = mem::take(&mut state.receiver_sleeping);
        if !self.is_rendezvous() {
            // Notify after unlocking, so the woken receiver does not run straight into our lock.
            drop(state);
            if wake_receiver {
                self.not_empty.notify_one();
            }
            return Ok(());
        }
        // ANCHOR_END: send_wakes_only_a_sleeper
        if wake_receiver {
            self.not_empty.notify_one();
        }
        // Rendezvous: our message sits in the single slot until the receiver takes it.
        while state.taken < ticket {
            if !state.receiver_alive {
                // The receiver left without taking it. Nobody else touches a rendezvous slot that
                // is occupied, so the message in it is ours: take it back.
                let msg = state
                    .queue
                    .pop_back()
                    .expect("an untaken hand-off stays in its slot");
                return Err(SendError(msg));
            }
            state = self.wait_as_sender(state, &mut patience);
        }
        Ok(())
    }

    /// Sends `msg` only if that needs no waiting: there is room, or, for a rendezvous channel, the
    /// receiver is already asleep in `recv` and will take it.
    pub(crate) fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        let mut state = self.lock();
        if !state.receiver_alive {
            return Err(TrySendError::Disconnected(msg));
        }
        let has_room = match self.capacity {
            None => true,
            Some(0) => state.queue.is_empty() && state.receiver_sleeping,
            Some(n) => state.queue.len() < n,
        };
        if !has_room {
            return Err(TrySendError::Full(msg));
        }
        state.queue.push_back(msg);
        state.pushed += 1;
        let wake_receiver = mem::take(&mut state.receiver_sleeping);
        drop(state);
        if wake_receiver {
            self.not_empty.notify_one();
        }
        Ok(())
    }

    /// Receives the oldest message, waiting as `wait` allows.
    ///
    /// An unbounded channel hands the whole queue over into `batch` (which must be empty), so the
    /// receiver serves the following messages without the lock. Bounded channels never batch: senders
    /// would refill the queue while `batch` holds messages, more than the capacity in flight.
    pub(crate) fn recv(&self, wait: Wait, batch: &mut VecDeque<T>) -> Result<T, RecvFailure> {
        debug_assert!(batch.is_empty());
        let mut state = self.lock();
        let mut patience = yields_before_sleep();
        loop {
            // ANCHOR: recv_takes
            if let Some(msg) = state.queue.pop_front() {
                if self.capacity.is_none() {
                    mem::swap(&mut state.queue, batch);
                    return Ok(msg);
                }
                state.taken += 1;
                let wake_senders = state.senders_sleeping > 0;
                if self.is_rendezvous() {
                    state.senders_sleeping = 0;
                } else if wake_senders {
                    state.senders_sleeping -= 1;
                }
                drop(state);
                if wake_senders {
                    if self.is_rendezvous() {
                        // Two kinds of sender sleep here: the one waiting for its hand-off to be
                        // taken, and those waiting for the slot. Wake them all; each re-checks.
                        self.not_full.notify_all();
                    } else {
                        // One message out makes room for exactly one message in.
                        self.not_full.notify_one();
                    }
                }
                return Ok(msg);
            }
            // ANCHOR_END: recv_takes
            if state.senders == 0 {
                return Err(RecvFailure::Disconnected);
            }
            let timeout = match wait {
                Wait::No => return Err(RecvFailure::Empty),
                Wait::Forever => None,
                Wait::Until(deadline) => match deadline.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => Some(left),
                    _ => return Err(RecvFailure::Empty),
                },
            };
            if patience > 0 {
                // Yield rather than sleep, a few times: a sender on another core may be about to push.
                patience -= 1;
                drop(state);
                sync::yield_now();
                state = self.lock();
                continue;
            }
            // ANCHOR: recv_sleeps
            state.receiver_sleeping = true;
            state = match timeout {
                None => self
                    .not_empty
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
                // Whether this times out or not, the loop looks at the queue first: a message
                // that arrived just in time is still received.
                Some(left) => {
                    let (state, _) = self
                        .not_empty
                        .wait_timeout(state, left)
                        .unwrap_or_else(PoisonError::into_inner);
                    state
                }
            };
            state.receiver_sleeping = false;
            // ANCHOR_END: recv_sleeps
        }
    }

    /// Waits for the receiver to make progress: first by yielding the processor while `patience`
    /// lasts, then asleep on `not_full`.
    fn wait_as_sender<'a>(
        &'a self,
        state: MutexGuard<'a, State<T>>,
        patience: &mut u32,
    ) -> MutexGuard<'a, State<T>> {
        if *patience == 0 {
            return self.sleep_as_sender(state);
        }
        *patience -= 1;
        drop(state);
        sync::yield_now();
        self.lock()
    }

    /// Sleeps on `not_full`, counted, so the receiver knows a notify is needed. A sender that wakes
    /// spuriously stays counted: one needless notify later, never a missed one.
    fn sleep_as_sender<'a>(&self, mut state: MutexGuard<'a, State<T>>) -> MutexGuard<'a, State<T>> {
        state.senders_sleeping += 1;
        self.not_full
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// A new `Sender` or `SyncSender` handle was made by cloning.
    pub(crate) fn add_sender(&self) {
        self.lock().senders += 1;
    }

    /// A sender handle was dropped. The last one wakes the receiver: with no sender left, a sleeping
    /// receiver would otherwise wait forever for a message that can never come.
    pub(crate) fn drop_sender(&self) {
        if sync::unwinding_out_of_a_model() {
            return;
        }
        let mut state = self.lock();
        state.senders -= 1;
        let last = state.senders == 0;
        drop(state);
        if last {
            self.not_empty.notify_all();
        }
    }

    /// The receiver was dropped. Sleeping senders are woken to hand their messages back, and queued
    /// messages are dropped here, after unlocking, so a message whose `Drop` panics cannot poison the
    /// lock or leave a sender asleep.
    pub(crate) fn drop_receiver(&self) {
        if sync::unwinding_out_of_a_model() {
            return;
        }
        let mut state = self.lock();
        state.receiver_alive = false;
        // A rendezvous slot holds a message whose sender is still inside `send`: it takes it back.
        let unreceived = if self.is_rendezvous() {
            VecDeque::new()
        } else {
            mem::take(&mut state.queue)
        };
        drop(state);
        self.not_full.notify_all();
        drop(unreceived);
    }
}
