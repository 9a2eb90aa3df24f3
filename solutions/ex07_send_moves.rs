// SOLUTION
// Exercise 7: sending moves the value
//
// Teaches: `send(letter)` moves `letter` into the channel: the sender cannot use it afterwards, and
//   no copy is made (the receiver gets the very same heap buffer). Read what you need before sending.
// Read first: book/src/working/ownership.md
// After it you can: read the "borrow of moved value" error on a send and fix it without cloning.
//
// Task: this file does not compile. Make it compile WITHOUT `.clone()`: the check verifies that the
// receiver gets the original buffer, not a copy.

use mailslot_exercises::mpsc::Sender;

pub fn send_and_log(tx: &Sender<String>, letter: String, log: &mut Vec<String>) {
    // Everything we need from `letter` is read before it is moved into the channel.
    let bytes = letter.len();
    tx.send(letter).unwrap();
    log.push(format!("sent {bytes} bytes"));
}
