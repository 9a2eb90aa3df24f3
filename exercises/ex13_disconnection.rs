// STARTER
// Exercise 13: disconnection: counting senders
//
// Teaches: the channel counts its senders; `Clone` adds one, `Drop` removes one; when the last one
//   goes, a sleeping receiver must be woken, or it sleeps forever. `recv` then returns `None`
//   instead of waiting for a message that can never come.
// Read first: book/src/build/disconnection.md
// After it you can: end a receive loop reliably when the producers are done.
//
// Task: write `Sender`'s `Drop` and finish `Receiver::recv`.

use std::collections::VecDeque;

use mailslot_exercises::sync::{Arc, Condvar, Mutex};

struct State<T> {
    queue: VecDeque<T>,
    senders: usize,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    changed: Condvar,
}

pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            senders: 1,
        }),
        changed: Condvar::new(),
    });
    (
        Sender {
            shared: Arc::clone(&shared),
        },
        Receiver { shared },
    )
}

impl<T> Sender<T> {
    pub fn send(&self, msg: T) {
        self.shared.state.lock().unwrap().queue.push_back(msg);
        self.shared.changed.notify_one();
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.shared.state.lock().unwrap().senders += 1;
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // One sender fewer. If it was the last one, a sleeping receiver must be woken.
    }
}

impl<T> Receiver<T> {
    /// The next message, or `None` once the queue is empty and every sender is gone.
    pub fn recv(&self) -> Option<T> {
        let mut state = self.shared.state.lock().unwrap();
        while state.queue.is_empty() {
            // What if no sender is left? Then no message can ever come.
            state = self.shared.changed.wait(state).unwrap();
        }
        state.queue.pop_front()
    }
}
