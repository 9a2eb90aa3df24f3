//! Step 4: a blocking `recv`. The receiver parks until the sender has sent, or has gone without
//! sending; the sender unparks the receiving thread after either. This is the one-shot the
//! examples use.

// ANCHOR: all
use std::fmt;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

use crate::sync::Ordering::{Acquire, Relaxed, Release};
use crate::sync::thread::{self, Thread};
use crate::sync::{Arc, AtomicBool, UnsafeCell};

struct Channel<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    /// The message is in the slot and the receiver has not taken it.
    ready: AtomicBool,
    /// The sender was dropped without sending.
    disconnected: AtomicBool,
}

unsafe impl<T: Send> Sync for Channel<T> {}

// ANCHOR: types
pub struct Sender<T> {
    channel: Arc<Channel<T>>,
    /// The thread to wake: the one that created the channel, and the only one that can hold the
    /// receiver.
    receiving_thread: Thread,
    /// Set by `send`, so that dropping the sender afterwards does not report a disconnection.
    sent: bool,
}

pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
    /// `*const ()` is neither `Send` nor `Sync`: the receiver cannot leave the thread that
    /// `Sender` will unpark.
    _stays_on_its_thread: PhantomData<*const ()>,
}

/// `recv` found the sender gone without a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecvError;

impl fmt::Display for RecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the sender was dropped without sending")
    }
}

impl std::error::Error for RecvError {}

/// Creates a one-shot channel whose receiver stays on the calling thread.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        ready: AtomicBool::new(false),
        disconnected: AtomicBool::new(false),
    });
    let sender = Sender {
        channel: channel.clone(),
        receiving_thread: thread::current(),
        sent: false,
    };
    let receiver = Receiver {
        channel,
        _stays_on_its_thread: PhantomData,
    };
    (sender, receiver)
}
// ANCHOR_END: types

// ANCHOR: send
impl<T> Sender<T> {
    pub fn send(mut self, message: T) {
        self.channel
            .message
            .with_mut(|slot| unsafe { (*slot).write(message) });
        self.channel.ready.store(true, Release);
        // After the store: a receiver woken earlier would find nothing and park again, and no
        // second unpark would come.
        self.receiving_thread.unpark();
        self.sent = true;
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        if !self.sent {
            self.channel.disconnected.store(true, Release);
            self.receiving_thread.unpark();
        }
    }
}
// ANCHOR_END: send

// ANCHOR: recv
impl<T> Receiver<T> {
    /// Waits for the message; `Err` if the sender was dropped without sending.
    pub fn recv(self) -> Result<T, RecvError> {
        loop {
            // Acquire pairs with `send`'s Release: the message's write is visible once `ready`
            // is seen. Clearing the flag tells `Drop` the message is gone.
            if self
                .channel
                .ready
                .compare_exchange(true, false, Acquire, Relaxed)
                .is_ok()
            {
                return Ok(self
                    .channel
                    .message
                    .with(|slot| unsafe { (*slot).assume_init_read() }));
            }
            if self.channel.disconnected.load(Acquire) {
                return Err(RecvError);
            }
            // `park` may return without an unpark (spuriously, or for a token left over from an
            // earlier unpark of this thread): the loop looks again either way.
            thread::park();
        }
    }
}
// ANCHOR_END: recv

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        if self.ready.load(Relaxed) {
            self.message
                .with_mut(|slot| unsafe { (*slot).assume_init_drop() });
        }
    }
}
// ANCHOR_END: all
