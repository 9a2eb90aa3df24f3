// A producer that handles a failed `send` instead of calling `unwrap`: when the receiver leaves,
// it stops cleanly and gets its unsent letter back.
// Shown in book/src/working/errors.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    // Capacity 0: a rendezvous, as in the bounded channels chapter.
    let (tx, rx) = mpsc::sync_channel(0);

    let producer = thread::spawn(move || {
        for n in 1.. {
            if let Err(mpsc::SendError(unsent)) = tx.send(n) {
                // The receiver is gone: nobody wants more. Stop, and report what was left over.
                return unsent;
            }
        }
        unreachable!("the receiver leaves first")
    });

    for _ in 0..3 {
        println!("received {}", rx.recv().unwrap());
    }
    drop(rx); // "no more, thanks"

    let unsent = producer.join().unwrap();
    println!("the producer stopped; letter {unsent} came back to it unsent");
}
// ANCHOR_END: all
