// SOLUTION
// Exercise 2: draining a channel
//
// Teaches: a thread can send many messages; `for msg in rx` receives them in the order sent and
//   ends exactly when the sender is gone (dropped) and the queue is empty.
// Read first: book/src/foundations/many-messages.md
// After it you can: stream any number of values from one thread to another and know when they end.
//
// Task: `relay` spawns a producer thread that sends every number of `numbers`, in order, and
// collects on the calling thread everything that arrives. It must work for an empty list too.

use mailslot_exercises::mpsc;
use mailslot_exercises::thread;

pub fn relay(numbers: Vec<u32>) -> Vec<u32> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for n in numbers {
            tx.send(n).unwrap();
        }
        // `tx` is dropped here, when the closure ends: that is what ends the loop below.
    });
    let mut received = Vec::new();
    for n in rx {
        received.push(n);
    }
    received
}
