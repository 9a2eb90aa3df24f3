// SOLUTION
// Exercise 15: find and fix the bug
//
// Teaches: reading a model checker's report and tracing it back to the line at fault. Here: a wait
//   guarded by `if` instead of `while`. A woken sender must check again: between the notify and
//   the moment it gets the lock back, another sender may have filled the free slot.
// Read first: book/src/proving/traces.md and book/src/proving/bug-zoo.md
// After it you can: spot the classic condvar mistakes in code review.
//
// Task: this bounded channel passes every ordinary test, yet the checker finds schedules where it
// holds more messages than its capacity. Find the bug and fix it (one word).

use std::collections::VecDeque;

use mailslot_exercises::sync::{Condvar, Mutex};

pub struct Bounded<T> {
    queue: Mutex<VecDeque<T>>,
    capacity: usize,
    not_empty: Condvar,
    not_full: Condvar,
}

impl<T> Bounded<T> {
    pub fn new(capacity: usize) -> Self {
        Bounded {
            queue: Mutex::new(VecDeque::new()),
            capacity,
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    /// How many messages are queued right now.
    pub fn len(&self) -> usize {
        self.queue.lock().unwrap().len()
    }

    pub fn send(&self, msg: T) {
        let mut queue = self.queue.lock().unwrap();
        while queue.len() >= self.capacity {
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
