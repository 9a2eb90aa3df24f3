// SOLUTION
// Exercise 14: the bounded channel
//
// Teaches: a bounded channel waits on two conditions: senders sleep while it is full (`not_full`),
//   the receiver sleeps while it is empty (`not_empty`). Each side wakes the other after changing
//   the queue, and each waits in a `while` loop.
// Read first: book/src/build/bounded.md
// After it you can: build back-pressure yourself, and see why one condvar is not enough.
//
// Task: write `send` (wait while full) and `recv` (wait while empty), waking the other side.

use std::collections::VecDeque;

use mailslot_exercises::sync::{Condvar, Mutex};

pub struct Bounded<T> {
    queue: Mutex<VecDeque<T>>,
    capacity: usize,
    not_empty: Condvar,
    not_full: Condvar,
}

impl<T> Bounded<T> {
    /// `capacity` must be at least 1 (no rendezvous here).
    pub fn new(capacity: usize) -> Self {
        assert!(
            capacity >= 1,
            "this exercise's channel needs room for one message"
        );
        Bounded {
            queue: Mutex::new(VecDeque::new()),
            capacity,
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    pub fn send(&self, msg: T) {
        let mut queue = self.queue.lock().unwrap();
        while queue.len() == self.capacity {
            queue = self.not_full.wait(queue).unwrap();
        }
        queue.push_back(msg);
        drop(queue);
        self.not_empty.notify_one();
    }

    pub fn recv(&self) -> T {
        let mut queue = self.queue.lock().unwrap();
        while queue.is_empty() {
            queue = self.not_empty.wait(queue).unwrap();
        }
        let msg = queue.pop_front().expect("not empty");
        drop(queue);
        self.not_full.notify_one();
        msg
    }
}
