// SOLUTION
// Exercise 8: when the receiver is gone
//
// Teaches: once the receiver is dropped, `send` fails with `SendError(value)`, handing the value
//   back; handle it instead of `unwrap`, which would crash the sending thread.
// Read first: book/src/working/errors.md
// After it you can: stop producing cleanly when nobody listens any more, without losing data.
//
// Task: `deliver` sends the letters in order. If the receiver is gone, stop and return `Err` with
// every letter that was not handed over: the one `send` gave back, then the rest, in order.

use mailslot_exercises::mpsc::Sender;

pub fn deliver(tx: &Sender<String>, letters: Vec<String>) -> Result<usize, Vec<String>> {
    let mut delivered = 0;
    let mut letters = letters.into_iter();
    while let Some(letter) = letters.next() {
        if let Err(returned) = tx.send(letter) {
            let mut undelivered = vec![returned.0];
            undelivered.extend(letters);
            return Err(undelivered);
        }
        delivered += 1;
    }
    Ok(delivered)
}
