//! The error types, with the same variants, `Display` texts and trait impls as `std::sync::mpsc`.

use std::error::Error;
use std::fmt;

/// The message could not be sent because the [`Receiver`](crate::Receiver) is gone.
///
/// The unsent message is handed back in the field `.0`, so nothing is lost.
///
/// ```
/// let (tx, rx) = mailslot::channel();
/// drop(rx);
/// let err = tx.send(String::from("hello")).unwrap_err();
/// assert_eq!(err.0, "hello");
/// assert_eq!(err.to_string(), "sending on a closed channel");
/// ```
#[derive(PartialEq, Eq, Clone, Copy)]
pub struct SendError<T>(pub T);

/// [`recv`](crate::Receiver::recv) failed: the channel is empty and every sender is gone.
///
/// ```
/// let (tx, rx) = mailslot::channel::<i32>();
/// drop(tx);
/// assert_eq!(rx.recv(), Err(mailslot::RecvError));
/// ```
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub struct RecvError;

/// Why [`try_recv`](crate::Receiver::try_recv) returned without a message.
///
/// ```
/// use mailslot::TryRecvError;
///
/// let (tx, rx) = mailslot::channel::<i32>();
/// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
/// drop(tx);
/// assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
/// ```
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub enum TryRecvError {
    /// No message is waiting now, but a sender still exists, so one may come later.
    Empty,
    /// No message is waiting and every sender is gone, so none can ever come.
    Disconnected,
}

/// Why [`recv_timeout`](crate::Receiver::recv_timeout) returned without a message.
///
/// ```
/// use mailslot::RecvTimeoutError;
/// use std::time::Duration;
///
/// let (tx, rx) = mailslot::channel::<i32>();
/// assert_eq!(rx.recv_timeout(Duration::from_millis(1)), Err(RecvTimeoutError::Timeout));
/// drop(tx);
/// assert_eq!(rx.recv_timeout(Duration::from_millis(1)), Err(RecvTimeoutError::Disconnected));
/// ```
#[derive(PartialEq, Eq, Clone, Copy, Debug)]
pub enum RecvTimeoutError {
    /// The time ran out; a sender still exists.
    Timeout,
    /// The channel is empty and every sender is gone.
    Disconnected,
}

/// Why [`try_send`](crate::SyncSender::try_send) could not send; the message is handed back.
///
/// ```
/// use mailslot::TrySendError;
///
/// let (tx, rx) = mailslot::sync_channel(1);
/// tx.try_send(1).unwrap();
/// assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
/// drop(rx);
/// assert_eq!(tx.try_send(3), Err(TrySendError::Disconnected(3)));
/// ```
#[derive(PartialEq, Eq, Clone, Copy)]
pub enum TrySendError<T> {
    /// The channel is full (or, for `sync_channel(0)`, no receiver is waiting to take the message).
    Full(T),
    /// The receiver is gone.
    Disconnected(T),
}

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Like std: the message need not be `Debug`, so it is not printed.
        f.debug_struct("SendError").finish_non_exhaustive()
    }
}

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        "sending on a closed channel".fmt(f)
    }
}

impl<T> Error for SendError<T> {}

impl<T> fmt::Debug for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(..) => f.write_str("TrySendError::Full(..)"),
            TrySendError::Disconnected(..) => f.write_str("TrySendError::Disconnected(..)"),
        }
    }
}

impl<T> fmt::Display for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(..) => "sending on a full channel".fmt(f),
            TrySendError::Disconnected(..) => "sending on a closed channel".fmt(f),
        }
    }
}

impl<T> Error for TrySendError<T> {}

impl<T> From<SendError<T>> for TrySendError<T> {
    /// A failed `send` is a disconnected `try_send`.
    fn from(err: SendError<T>) -> TrySendError<T> {
        TrySendError::Disconnected(err.0)
    }
}

impl fmt::Display for RecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        "receiving on a closed channel".fmt(f)
    }
}

impl Error for RecvError {}

impl fmt::Display for TryRecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryRecvError::Empty => "receiving on an empty channel".fmt(f),
            TryRecvError::Disconnected => "receiving on a closed channel".fmt(f),
        }
    }
}

impl Error for TryRecvError {}

impl From<RecvError> for TryRecvError {
    /// A failed `recv` is a disconnected `try_recv`.
    fn from(_: RecvError) -> TryRecvError {
        TryRecvError::Disconnected
    }
}

impl fmt::Display for RecvTimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecvTimeoutError::Timeout => "timed out waiting on channel".fmt(f),
            RecvTimeoutError::Disconnected => "channel is empty and sending half is closed".fmt(f),
        }
    }
}

impl Error for RecvTimeoutError {}

impl From<RecvError> for RecvTimeoutError {
    /// A failed `recv` is a disconnected `recv_timeout`.
    fn from(_: RecvError) -> RecvTimeoutError {
        RecvTimeoutError::Disconnected
    }
}
