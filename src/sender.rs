//! The sending handles: [`Sender`] for `channel()`, [`SyncSender`] for `sync_channel(n)`.

use std::fmt;

use crate::chan::Chan;
use crate::errors::{SendError, TrySendError};
use crate::sync::Arc;

/// The sending half of an unbounded [`channel`](crate::channel). Clone it to get more producers.
///
/// ```
/// use std::thread;
///
/// let (tx, rx) = mailslot::channel();
/// let tx2 = tx.clone();
/// thread::spawn(move || tx.send(1).unwrap());
/// thread::spawn(move || tx2.send(2).unwrap());
/// let mut got: Vec<i32> = rx.iter().collect();
/// got.sort();
/// assert_eq!(got, [1, 2]);
/// ```
pub struct Sender<T> {
    chan: Arc<Chan<T>>,
}

/// The sending half of a bounded [`sync_channel`](crate::sync_channel). Clone it to get more producers.
///
/// ```
/// use std::thread;
///
/// let (tx, rx) = mailslot::sync_channel(1);
/// let producer = thread::spawn(move || {
///     tx.send(1).unwrap();
///     tx.send(2).unwrap(); // waits until the receiver has made room
/// });
/// assert_eq!(rx.recv(), Ok(1));
/// assert_eq!(rx.recv(), Ok(2));
/// producer.join().unwrap();
/// ```
pub struct SyncSender<T> {
    chan: Arc<Chan<T>>,
}

impl<T> Sender<T> {
    pub(crate) fn new(chan: Arc<Chan<T>>) -> Self {
        Sender { chan }
    }

    /// Sends a message. It never waits: the channel has no bound.
    ///
    /// Fails only when the receiver is gone, and then hands the message back inside the error.
    ///
    /// ```
    /// let (tx, rx) = mailslot::channel();
    /// tx.send("first").unwrap();
    /// assert_eq!(rx.recv(), Ok("first"));
    /// drop(rx);
    /// assert_eq!(tx.send("late").unwrap_err().0, "late");
    /// ```
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        self.chan.send(msg)
    }
}

impl<T> SyncSender<T> {
    pub(crate) fn new(chan: Arc<Chan<T>>) -> Self {
        SyncSender { chan }
    }

    /// Sends a message, waiting while the channel is full. For `sync_channel(0)` it returns only
    /// after the receiver has taken the message.
    ///
    /// Fails only when the receiver is gone, and then hands the message back inside the error.
    ///
    /// ```
    /// use std::thread;
    ///
    /// let (tx, rx) = mailslot::sync_channel(0);
    /// let receiver = thread::spawn(move || rx.recv().unwrap());
    /// tx.send(42).unwrap(); // returns once the receiver has it
    /// assert_eq!(receiver.join().unwrap(), 42);
    /// ```
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        self.chan.send(msg)
    }

    /// Sends a message only if that needs no waiting; otherwise hands it back in the error.
    ///
    /// ```
    /// use mailslot::TrySendError;
    ///
    /// let (tx, _rx) = mailslot::sync_channel(0);
    /// // Capacity 0 and nobody is waiting in `recv`: there is nowhere to put it.
    /// assert_eq!(tx.try_send(7), Err(TrySendError::Full(7)));
    /// ```
    pub fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        self.chan.try_send(msg)
    }
}

impl<T> Clone for Sender<T> {
    /// Another producer for the same channel. The receiver sees the channel as disconnected only once
    /// every clone is dropped.
    ///
    /// ```
    /// let (tx, rx) = mailslot::channel();
    /// let tx2 = tx.clone();
    /// drop(tx);
    /// tx2.send(5).unwrap();
    /// assert_eq!(rx.recv(), Ok(5));
    /// ```
    fn clone(&self) -> Self {
        self.chan.add_sender();
        Sender::new(Arc::clone(&self.chan))
    }
}

impl<T> Clone for SyncSender<T> {
    /// Another producer for the same bounded channel.
    ///
    /// ```
    /// let (tx, rx) = mailslot::sync_channel(2);
    /// let tx2 = tx.clone();
    /// tx.send(1).unwrap();
    /// tx2.send(2).unwrap();
    /// assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1, 2]);
    /// ```
    fn clone(&self) -> Self {
        self.chan.add_sender();
        SyncSender::new(Arc::clone(&self.chan))
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        self.chan.drop_sender();
    }
}

impl<T> Drop for SyncSender<T> {
    fn drop(&mut self) {
        self.chan.drop_sender();
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for SyncSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncSender").finish_non_exhaustive()
    }
}
