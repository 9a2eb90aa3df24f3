// Zoo: step 1 notifying before changing the state. A receiver that is not asleep yet misses the
// notification, then goes to sleep with the message already on its way in.

use std::sync::PoisonError;

use crate::sync::{Arc, Condvar, Mutex, VecDeque};

// ANCHOR: shared
/// What both halves share: the messages sent but not yet received, and a condvar that the
/// receiver sleeps on while there are none.
struct Shared<T> {
    queue: Mutex<VecDeque<T>>,
    not_empty: Condvar,
}
// ANCHOR_END: shared

/// The sending half: cloneable, so several threads can send.
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// The receiving half.
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

// ANCHOR: channel
/// Makes a channel: both handles share one queue.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        queue: Mutex::new(VecDeque::new()),
        not_empty: Condvar::new(),
    });
    let sender = Sender {
        shared: Arc::clone(&shared),
    };
    (sender, Receiver { shared })
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}
// ANCHOR_END: channel

// ANCHOR: send
impl<T> Sender<T> {
    /// Puts `msg` at the back of the queue and wakes the receiver, in case it sleeps.
    pub fn send(&self, msg: T) {
        self.shared.not_empty.notify_one(); // BUG: before the message is in the queue
        let mut queue = self
            .shared
            .queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        queue.push_back(msg);
    }
}
// ANCHOR_END: send

// ANCHOR: recv
impl<T> Receiver<T> {
    /// Takes the oldest message, sleeping while the queue is empty.
    pub fn recv(&self) -> T {
        let mut queue = self
            .shared
            .queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        while queue.is_empty() {
            // Releases the lock while asleep, and takes it again before returning.
            queue = self
                .shared
                .not_empty
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
        }
        queue
            .pop_front()
            .expect("invariant violated: recv woke up to an empty queue")
    }
}
// ANCHOR_END: recv

impl<T> Sender<T> {
    /// For the model tests only: wakes the receiver without sending anything, exactly like a
    /// spurious wake-up would. Neither loom nor shuttle wakes a thread spuriously on its own.
    #[doc(hidden)]
    pub fn wake_for_nothing(&self) {
        self.shared.not_empty.notify_all();
    }
}
