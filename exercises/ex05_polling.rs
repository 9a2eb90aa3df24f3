// STARTER
// Exercise 5: polling with try_recv and recv_timeout
//
// Teaches: `try_recv` answers at once (a message, `Empty`, or `Disconnected`); `recv_timeout`
//   waits at most a given time (a message, `Timeout`, or `Disconnected`). "Nothing yet" and
//   "nothing ever again" are different answers: keep them apart.
// Read first: book/src/working/blocking.md
// After it you can: check for messages between other chores without blocking, or wait with a limit.
//
// Task: implement `check_mailbox` with `try_recv` and `wait_for_mail` with `recv_timeout`, turning
// each outcome into a `Mail`.

use std::time::Duration;

use mailslot_exercises::mpsc::{Receiver, RecvTimeoutError, TryRecvError};

#[derive(Debug, PartialEq, Eq)]
pub enum Mail {
    /// A letter arrived.
    Letter(String),
    /// Nothing yet, but a sender is still there: more may come.
    NothingYet,
    /// Every sender is gone and the box is empty: nothing will ever come.
    Closed,
}

pub fn check_mailbox(rx: &Receiver<String>) -> Mail {
    todo!("match on rx.try_recv()")
}

pub fn wait_for_mail(rx: &Receiver<String>, patience: Duration) -> Mail {
    todo!("match on rx.recv_timeout(patience)")
}
