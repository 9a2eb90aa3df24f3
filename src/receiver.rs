//! The receiving handle, [`Receiver`], and its iterators.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::time::{Duration, Instant};

use crate::chan::{Chan, RecvFailure, Wait};
use crate::errors::{RecvError, RecvTimeoutError, TryRecvError};
use crate::sync::Arc;

/// The receiving half of a channel. There is exactly one: it cannot be cloned (that is the "single
/// consumer" in mpsc), but it can be moved to another thread.
///
/// ```
/// use std::thread;
///
/// let (tx, rx) = mailslot::channel();
/// thread::spawn(move || {
///     for i in 0..3 {
///         tx.send(i).unwrap();
///     }
/// });
/// // The loop ends when the sender is dropped and every message has been received.
/// assert_eq!(rx.iter().collect::<Vec<_>>(), [0, 1, 2]);
/// ```
pub struct Receiver<T> {
    chan: Arc<Chan<T>>,
    /// Messages already taken from an unbounded channel's queue in one go (see `Chan::recv`), served
    /// before asking the channel again. The `RefCell` also makes `Receiver` `!Sync`, exactly like std:
    /// one consumer, never shared.
    batch: RefCell<VecDeque<T>>,
}

impl<T> Receiver<T> {
    pub(crate) fn new(chan: Arc<Chan<T>>) -> Self {
        Receiver {
            chan,
            batch: RefCell::new(VecDeque::new()),
        }
    }

    fn receive(&self, wait: Wait) -> Result<T, RecvFailure> {
        let mut batch = self.batch.borrow_mut();
        match batch.pop_front() {
            Some(msg) => Ok(msg),
            None => self.chan.recv(wait, &mut batch),
        }
    }

    /// Waits for a message. Fails only when the channel is empty and every sender is gone, so a
    /// message sent before the last sender dropped is always received.
    ///
    /// ```
    /// let (tx, rx) = mailslot::channel();
    /// tx.send(1).unwrap();
    /// drop(tx);
    /// assert_eq!(rx.recv(), Ok(1));
    /// assert_eq!(rx.recv(), Err(mailslot::RecvError));
    /// ```
    pub fn recv(&self) -> Result<T, RecvError> {
        self.receive(Wait::Forever).map_err(|_| RecvError)
    }

    /// Takes a message if one is waiting, without blocking.
    ///
    /// ```
    /// use mailslot::TryRecvError;
    ///
    /// let (tx, rx) = mailslot::channel();
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// tx.send('a').unwrap();
    /// assert_eq!(rx.try_recv(), Ok('a'));
    /// ```
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        self.receive(Wait::No).map_err(|failure| match failure {
            RecvFailure::Empty => TryRecvError::Empty,
            RecvFailure::Disconnected => TryRecvError::Disconnected,
        })
    }

    /// Waits for a message at most `timeout`. A timeout too large to represent (such as
    /// `Duration::MAX`) waits without limit, like [`recv`](Self::recv).
    ///
    /// ```
    /// use mailslot::RecvTimeoutError;
    /// use std::time::Duration;
    ///
    /// let (tx, rx) = mailslot::channel::<u8>();
    /// assert_eq!(rx.recv_timeout(Duration::from_millis(5)), Err(RecvTimeoutError::Timeout));
    /// tx.send(9).unwrap();
    /// assert_eq!(rx.recv_timeout(Duration::MAX), Ok(9));
    /// ```
    pub fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        let wait = match Instant::now().checked_add(timeout) {
            Some(deadline) => Wait::Until(deadline),
            None => Wait::Forever,
        };
        self.receive(wait).map_err(|failure| match failure {
            RecvFailure::Empty => RecvTimeoutError::Timeout,
            RecvFailure::Disconnected => RecvTimeoutError::Disconnected,
        })
    }

    /// An iterator that waits for each message and ends when the channel is empty and every sender is
    /// gone.
    ///
    /// ```
    /// let (tx, rx) = mailslot::channel();
    /// tx.send(1).unwrap();
    /// tx.send(2).unwrap();
    /// drop(tx);
    /// assert_eq!(rx.iter().sum::<i32>(), 3);
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        Iter { rx: self }
    }

    /// An iterator over the messages waiting right now; it never blocks.
    ///
    /// ```
    /// let (tx, rx) = mailslot::channel();
    /// tx.send(1).unwrap();
    /// tx.send(2).unwrap();
    /// assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1, 2]);
    /// assert_eq!(rx.try_iter().next(), None); // tx is still alive, but nothing is waiting
    /// ```
    pub fn try_iter(&self) -> TryIter<'_, T> {
        TryIter { rx: self }
    }
}

// Like std's. The `RefCell` would otherwise make `Receiver` neither: but no user code runs while
// `batch` is borrowed, so a panic can never leave it half-updated.
impl<T> UnwindSafe for Receiver<T> {}
impl<T> RefUnwindSafe for Receiver<T> {}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.chan.drop_receiver();
        // `batch` is dropped after this, with no lock held.
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver").finish_non_exhaustive()
    }
}

/// Blocking iterator over a borrowed [`Receiver`], made by [`Receiver::iter`] or `for msg in &rx`.
///
/// ```
/// let (tx, rx) = mailslot::channel();
/// tx.send("x").unwrap();
/// drop(tx);
/// for msg in &rx {
///     assert_eq!(msg, "x");
/// }
/// ```
#[derive(Debug)]
pub struct Iter<'a, T: 'a> {
    rx: &'a Receiver<T>,
}

/// Non-blocking iterator over a borrowed [`Receiver`], made by [`Receiver::try_iter`].
///
/// ```
/// let (tx, rx) = mailslot::channel::<i32>();
/// let mut pending = rx.try_iter();
/// assert_eq!(pending.next(), None);
/// # drop(tx);
/// ```
#[derive(Debug)]
pub struct TryIter<'a, T: 'a> {
    rx: &'a Receiver<T>,
}

/// Blocking iterator that owns its [`Receiver`], made by `for msg in rx`.
///
/// ```
/// let (tx, rx) = mailslot::channel();
/// std::thread::spawn(move || tx.send(3).unwrap());
/// let all: Vec<i32> = rx.into_iter().collect();
/// assert_eq!(all, [3]);
/// ```
#[derive(Debug)]
pub struct IntoIter<T> {
    rx: Receiver<T>,
}

impl<T> Iterator for Iter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.rx.recv().ok()
    }
}

impl<T> Iterator for TryIter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.rx.try_recv().ok()
    }
}

impl<T> Iterator for IntoIter<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.rx.recv().ok()
    }
}

impl<'a, T> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> IntoIterator for Receiver<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;

    fn into_iter(self) -> IntoIter<T> {
        IntoIter { rx: self }
    }
}
