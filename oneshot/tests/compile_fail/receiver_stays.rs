// Does not compile: the one-shot's `Receiver` is not `Send`. The `Sender` wakes the thread that
// created the channel; a receiver waiting on any other thread would never be woken.
// Shown in book/src/below/send-sync.md; checked by oneshot/tests/compile_fail.rs.

// ANCHOR: all
use mailslot_oneshot as oneshot;
use std::thread;

fn main() {
    let (sender, receiver) = oneshot::channel::<u32>();
    let waiter = thread::spawn(move || receiver.recv());
    sender.send(7);
    println!("{:?}", waiter.join().unwrap());
}
// ANCHOR_END: all
