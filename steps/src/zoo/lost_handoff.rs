// Zoo: step 4 where the departing receiver empties the rendezvous slot too. The message in it
// belonged to a sender still inside `send`, which now finds nothing to hand back: the message is lost.

use std::sync::PoisonError;
pub use std::sync::mpsc::{RecvError, SendError};

use crate::sync::{Arc, Condvar, Mutex, MutexGuard, VecDeque};

// ANCHOR: state
struct State<T> {
    queue: VecDeque<T>,
    senders: usize,
    receiver_alive: bool,
    /// Messages ever pushed, and ever taken by the receiver: the message with ticket `n` has been
    /// taken once `taken >= n`.
    pushed: u64,
    taken: u64,
}
// ANCHOR_END: state

struct Shared<T> {
    state: Mutex<State<T>>,
    not_empty: Condvar,
    /// Senders sleep here while the queue is full, and, in a rendezvous, until their message is taken.
    not_full: Condvar,
    capacity: usize,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait_for_room<'a>(&self, state: MutexGuard<'a, State<T>>) -> MutexGuard<'a, State<T>> {
        self.not_full
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The sending half: cloneable, so several threads can send.
pub struct SyncSender<T> {
    shared: Arc<Shared<T>>,
}

/// The receiving half.
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// Makes a channel that holds at most `capacity` messages; 0 makes a rendezvous.
pub fn sync_channel<T>(capacity: usize) -> (SyncSender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            senders: 1,
            receiver_alive: true,
            pushed: 0,
            taken: 0,
        }),
        not_empty: Condvar::new(),
        not_full: Condvar::new(),
        capacity,
    });
    let sender = SyncSender {
        shared: Arc::clone(&shared),
    };
    (sender, Receiver { shared })
}

// ANCHOR: send
impl<T> SyncSender<T> {
    /// Sends `msg`, sleeping while the queue is full, and for a rendezvous until the receiver has
    /// taken it; hands it back if the receiver is gone first.
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        let mut state = self.shared.lock();
        // A rendezvous has one slot for the hand-off.
        let room = self.shared.capacity.max(1);
        loop {
            if !state.receiver_alive {
                return Err(SendError(msg));
            }
            if state.queue.len() < room {
                break;
            }
            state = self.shared.wait_for_room(state);
        }
        state.queue.push_back(msg);
        assert!(
            state.queue.len() <= room,
            "invariant violated: capacity exceeded"
        );
        state.pushed += 1;
        let ticket = state.pushed;
        self.shared.not_empty.notify_one();
        if self.shared.capacity > 0 {
            return Ok(());
        }
        // Rendezvous: wait until the receiver has taken our message.
        while state.taken < ticket {
            if !state.receiver_alive {
                // The receiver left without taking it. Nobody else touches an occupied slot, so
                // the message in it is ours: take it back.
                let msg = state
                    .queue
                    .pop_back()
                    .expect("invariant violated: a hand-off vanished from its slot");
                return Err(SendError(msg));
            }
            state = self.shared.wait_for_room(state);
        }
        Ok(())
    }
}
// ANCHOR_END: send

// ANCHOR: recv
impl<T> Receiver<T> {
    /// Takes the oldest message and wakes the senders that wait for it.
    pub fn recv(&self) -> Result<T, RecvError> {
        let mut state = self.shared.lock();
        loop {
            if let Some(msg) = state.queue.pop_front() {
                state.taken += 1;
                if self.shared.capacity == 0 {
                    // Two kinds of sender sleep on `not_full` now: the one whose message we just
                    // took, and those waiting for the slot. Wake them all; each checks again.
                    self.shared.not_full.notify_all();
                } else {
                    self.shared.not_full.notify_one();
                }
                return Ok(msg);
            }
            if state.senders == 0 {
                return Err(RecvError);
            }
            state = self
                .shared
                .not_empty
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}
// ANCHOR_END: recv

impl<T> Clone for SyncSender<T> {
    fn clone(&self) -> Self {
        self.shared.lock().senders += 1;
        SyncSender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for SyncSender<T> {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.senders -= 1;
        if state.senders == 0 {
            self.shared.not_empty.notify_all();
        }
    }
}

// ANCHOR: drop_receiver
impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.receiver_alive = false;
        // BUG: the rendezvous slot is emptied too
        state.queue.clear();
        self.shared.not_full.notify_all();
    }
}
// ANCHOR_END: drop_receiver
