// Zoo: step 3 with one condvar for both sides. Senders waiting for room and the receiver waiting for
// a message sleep on the same condvar, so a `notify_one` meant for one side can wake the other.

use std::sync::PoisonError;
pub use std::sync::mpsc::{RecvError, SendError};

use crate::sync::{Arc, Condvar, Mutex, MutexGuard, VecDeque};

// ANCHOR: state
struct State<T> {
    queue: VecDeque<T>,
    senders: usize,
    receiver_alive: bool,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    /// BUG: one condvar: the receiver sleeps here while the queue is empty, senders while it is full.
    cond: Condvar,
    capacity: usize,
}
// ANCHOR_END: state

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
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

/// Makes a channel that holds at most `capacity` messages (at least 1: see step 4 for 0).
pub fn sync_channel<T>(capacity: usize) -> (SyncSender<T>, Receiver<T>) {
    assert!(capacity > 0, "step 3 has no rendezvous yet");
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            senders: 1,
            receiver_alive: true,
        }),
        cond: Condvar::new(),
        capacity,
    });
    let sender = SyncSender {
        shared: Arc::clone(&shared),
    };
    (sender, Receiver { shared })
}

// ANCHOR: send
impl<T> SyncSender<T> {
    /// Sends `msg`, sleeping while the queue is full; hands it back if the receiver is gone.
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        let mut state = self.shared.lock();
        loop {
            if !state.receiver_alive {
                return Err(SendError(msg));
            }
            if state.queue.len() < self.shared.capacity {
                break;
            }
            state = self
                .shared
                .cond
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.queue.push_back(msg);
        assert!(
            state.queue.len() <= self.shared.capacity,
            "invariant violated: capacity exceeded"
        );
        self.shared.cond.notify_one();
        Ok(())
    }
}
// ANCHOR_END: send

// ANCHOR: recv
impl<T> Receiver<T> {
    /// Takes the oldest message, and wakes one sender: there is room for one more now.
    pub fn recv(&self) -> Result<T, RecvError> {
        let mut state = self.shared.lock();
        loop {
            if let Some(msg) = state.queue.pop_front() {
                self.shared.cond.notify_one();
                return Ok(msg);
            }
            if state.senders == 0 {
                return Err(RecvError);
            }
            state = self
                .shared
                .cond
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}
// ANCHOR_END: recv

// ANCHOR: drop
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
            self.shared.cond.notify_all();
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.shared.lock().receiver_alive = false;
        // Every sender asleep on a full queue must wake up and fail instead.
        self.shared.cond.notify_all();
    }
}
// ANCHOR_END: drop
