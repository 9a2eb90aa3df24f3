// STARTER
// Exercise 16: the one-shot's orderings
//
// Teaches: why an atomic flag that publishes data needs more than `Relaxed`, and how loom's
//   `UnsafeCell` catches an access to memory that is not ordered after the write it reads.
// Read first: book/src/below/oneshot.md (steps 1 to 3)
// After it you can: publish data from one thread to another with one atomic flag, and say why it
//   is safe.
//
// Task: this one-shot channel moves one message from a `Sender` to a `Receiver`. Every atomic
// operation in it is `Relaxed`, and the checker finds an execution where the receiver reads the
// message without being ordered after the sender's write. Choose the orderings marked `TODO`.

use std::mem::MaybeUninit;

use mailslot_exercises::sync::Arc;
use mailslot_exercises::sync::atomic::AtomicBool;
use mailslot_exercises::sync::atomic::Ordering::Relaxed;
use mailslot_exercises::sync::cell::UnsafeCell;

struct Channel<T> {
    /// The message: written once by the sender, read once by the receiver.
    message: UnsafeCell<MaybeUninit<T>>,
    /// `true` while a message is in the slot and nobody has taken it.
    ready: AtomicBool,
}

// The message moves from the sending thread to the receiving one, so it must be `Send`; the
// orderings below keep the two threads' accesses to the slot apart.
unsafe impl<T: Send> Sync for Channel<T> {}

pub struct Sender<T> {
    channel: Arc<Channel<T>>,
}

pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
}

pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        ready: AtomicBool::new(false),
    });
    (
        Sender {
            channel: channel.clone(),
        },
        Receiver { channel },
    )
}

impl<T> Sender<T> {
    pub fn send(self, message: T) {
        self.channel
            .message
            .with_mut(|slot| unsafe { (*slot).write(message) });
        // TODO: which ordering makes the write above visible to the receiver that sees `true`?
        self.channel.ready.store(true, Relaxed);
    }
}

impl<T> Receiver<T> {
    /// Takes the message, or hands the receiver back if it has not arrived yet.
    pub fn try_receive(self) -> Result<T, Receiver<T>> {
        // TODO: which ordering, on success, makes the sender's write visible before we read?
        // (The second ordering is for failure, when we read nothing: Relaxed is right there.)
        if self
            .channel
            .ready
            .compare_exchange(true, false, Relaxed, Relaxed)
            .is_err()
        {
            return Err(self);
        }
        Ok(self
            .channel
            .message
            .with(|slot| unsafe { (*slot).assume_init_read() }))
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // The last owner is dropping the channel: nobody else can touch it now, so Relaxed is
        // enough here. A message still in the slot was never received: drop it.
        if self.ready.load(Relaxed) {
            self.message
                .with_mut(|slot| unsafe { (*slot).assume_init_drop() });
        }
    }
}
