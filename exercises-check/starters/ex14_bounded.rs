// STARTER
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
        todo!("wait while full, push, wake the receiver")
    }

    pub fn recv(&self) -> T {
        todo!("wait while empty, pop, wake a sender")
    }
}
