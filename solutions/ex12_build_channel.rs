// SOLUTION
// Exercise 12: build a channel: send and recv
//
// Teaches: a channel is a queue behind a `Mutex` plus a `Condvar` to sleep on. `recv` waits while
//   the queue is empty, in a `while` loop: waking up proves nothing, the queue may be empty again.
//   `send` pushes and wakes a sleeper with `notify_one`.
// Read first: book/src/build/queue-mutex-condvar.md
// After it you can: block a thread until a condition holds, correctly.
//
// Task: write `send` and `recv`. `Mutex` and `Condvar` come from `mailslot_exercises::sync`: std's
// normally, the model checker's (loom's) under `cargo learn check`; they also have `wait_while`.

use std::collections::VecDeque;

use mailslot_exercises::sync::{Condvar, Mutex};

pub struct Channel<T> {
    queue: Mutex<VecDeque<T>>,
    not_empty: Condvar,
}

impl<T> Channel<T> {
    pub fn new() -> Self {
        Channel {
            queue: Mutex::new(VecDeque::new()),
            not_empty: Condvar::new(),
        }
    }

    pub fn send(&self, msg: T) {
        self.queue.lock().unwrap().push_back(msg);
        self.not_empty.notify_one();
    }

    pub fn recv(&self) -> T {
        let mut queue = self.queue.lock().unwrap();
        while queue.is_empty() {
            queue = self.not_empty.wait(queue).unwrap();
        }
        queue
            .pop_front()
            .expect("the loop ends only when the queue is not empty")
    }
}
