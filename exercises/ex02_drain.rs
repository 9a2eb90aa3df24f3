// STARTER
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
    let (tx, rx) = mpsc::channel::<u32>();
    // Spawn the producer here: it sends each number of `numbers`.

    let mut received = Vec::new();
    // Receive here until the channel is closed, pushing each number into `received`.

    received
}
