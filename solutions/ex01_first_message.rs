// SOLUTION
// Exercise 1: your first message
//
// Teaches: `mpsc::channel()` makes a (sender, receiver) pair; a `move` closure hands the sender to a
//   new thread; `recv` waits until the message is there.
// Read first: book/src/foundations/channels.md, then book/src/foundations/one-message.md
// After it you can: hand a value from one thread to another.
//
// Task: `first_message` spawns a thread that sends GREETING through a channel, and returns what the
// calling thread receives. Check it with `cargo learn check 1`.
//
// `thread` is std::thread, and `mpsc` is mailslot (std::sync::mpsc's API); under `cargo learn check`
// they are the model checker's (loom's) threads, and mailslot noting who sent what, so the checker
// can explore the schedules and see that the greeting went through the channel.

use mailslot_exercises::mpsc;
use mailslot_exercises::thread;

pub const GREETING: &str = "hello from the other thread";

pub fn first_message() -> String {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        tx.send(GREETING.to_string()).unwrap();
    });
    rx.recv().unwrap()
}
