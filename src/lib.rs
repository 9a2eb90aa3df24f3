//! A small, readable channel with the same API and behaviour as [`std::sync::mpsc`], built from a
//! `Mutex`, two `Condvar`s and a `VecDeque`, and checked by the loom and shuttle model checkers.
//!
//! It exists to be read and taught from. A program written for std runs unchanged with
//! `use mailslot as mpsc;`:
//!
//! ```
//! use mailslot as mpsc;
//! use std::thread;
//!
//! let (tx, rx) = mpsc::channel();
//! for id in 0..3 {
//!     let tx = tx.clone();
//!     thread::spawn(move || tx.send(id).unwrap());
//! }
//! drop(tx); // the loop below ends once every sender is gone
//! let mut ids: Vec<i32> = rx.iter().collect();
//! ids.sort();
//! assert_eq!(ids, [0, 1, 2]);
//! ```
//!
//! How the code is laid out, in reading order:
//! - `chan.rs`: the shared state and every blocking decision: the part worth reading first;
//! - `sender.rs` and `receiver.rs`: the public handles, thin wrappers over `chan.rs`;
//! - `errors.rs`: the error types, identical in behaviour to std's;
//! - `sync.rs`: picks std's, loom's or shuttle's `Mutex` and `Condvar`.

#![warn(missing_docs)]

mod chan;
mod errors;
mod receiver;
mod sender;
mod sync;

pub use errors::{RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError};
pub use receiver::{IntoIter, Iter, Receiver, TryIter};
pub use sender::{Sender, SyncSender};

use chan::Chan;
use sync::Arc;

/// Settings that only model checks use. Not part of the API: loom builds only.
#[cfg(loom)]
#[doc(hidden)]
pub mod model_hooks {
    /// How many times a waiting thread yields before it sleeps, for the loom models run on this
    /// thread from now on. The default under loom is 0; the shipped channel uses 16.
    pub fn set_yields_before_sleep(yields: u32) {
        crate::sync::set_loom_yields_before_sleep(yields);
    }
}

/// Creates an unbounded channel: `send` never waits, and messages queue up until received.
///
/// ```
/// let (tx, rx) = mailslot::channel();
/// std::thread::spawn(move || tx.send("hello").unwrap());
/// assert_eq!(rx.recv(), Ok("hello"));
/// ```
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let chan = Arc::new(Chan::new(None));
    (Sender::new(Arc::clone(&chan)), Receiver::new(chan))
}

/// Creates a bounded channel that holds at most `bound` messages; `send` waits while it is full.
///
/// With `bound == 0` the channel is a rendezvous: `send` returns only once the receiver has taken the
/// message. No memory is reserved up front, so even `sync_channel(usize::MAX)` is cheap.
///
/// ```
/// use mailslot::TrySendError;
///
/// let (tx, rx) = mailslot::sync_channel(2);
/// tx.send(1).unwrap();
/// tx.send(2).unwrap();
/// assert_eq!(tx.try_send(3), Err(TrySendError::Full(3))); // full: back-pressure
/// assert_eq!(rx.recv(), Ok(1));
/// tx.try_send(3).unwrap(); // room again
/// ```
pub fn sync_channel<T>(bound: usize) -> (SyncSender<T>, Receiver<T>) {
    let chan = Arc::new(Chan::new(Some(bound)));
    (SyncSender::new(Arc::clone(&chan)), Receiver::new(chan))
}
