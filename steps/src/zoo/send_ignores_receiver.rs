// Zoo: step 2 where `send` does not check that the receiver is still there. It returns `Ok`, and the
// message sits in a queue that nobody will ever read.

use std::sync::PoisonError;
pub use std::sync::mpsc::{RecvError, SendError};

use crate::sync::{Arc, Condvar, Mutex, MutexGuard, VecDeque};

// ANCHOR: state
struct State<T> {
    queue: VecDeque<T>,
    /// How many `Sender` handles exist. At zero, no message can ever arrive again.
    senders: usize,
    /// Whether the `Receiver` still exists. Once false, every send fails.
    receiver_alive: bool,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    not_empty: Condvar,
}
// ANCHOR_END: state

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The sending half: cloneable, so several threads can send.
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// The receiving half.
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// Makes a channel with one sender and one receiver.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            senders: 1,
            receiver_alive: true,
        }),
        not_empty: Condvar::new(),
    });
    let sender = Sender {
        shared: Arc::clone(&shared),
    };
    (sender, Receiver { shared })
}

// ANCHOR: send
impl<T> Sender<T> {
    /// Sends `msg`, or hands it back if the receiver is gone.
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        let mut state = self.shared.lock();
        // BUG: no check of `receiver_alive`
        state.queue.push_back(msg);
        self.shared.not_empty.notify_one();
        Ok(())
    }
}
// ANCHOR_END: send

// ANCHOR: recv
impl<T> Receiver<T> {
    /// Takes the oldest message, sleeping while there is none but a sender still exists.
    pub fn recv(&self) -> Result<T, RecvError> {
        let mut state = self.shared.lock();
        loop {
            if let Some(msg) = state.queue.pop_front() {
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

// ANCHOR: drop
impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.shared.lock().senders += 1;
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.senders -= 1;
        if state.senders == 0 {
            // A receiver asleep in `recv` must wake up to see that nothing can come any more.
            self.shared.not_empty.notify_all();
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.shared.lock().receiver_alive = false;
    }
}
// ANCHOR_END: drop
