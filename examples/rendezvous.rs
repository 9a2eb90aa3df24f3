// Capacity 0: `send` returns only once the receiver has taken the letter from the sender's hand.
// Shown in book/src/working/bounded.md. Every output it can print is enumerated by
// tests/loom_outputs.rs.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::sync_channel(0);

    let sender = thread::spawn(move || {
        println!("sender: handing over the letter");
        tx.send("letter").unwrap();
        println!("sender: hand-over done");
    });

    println!("receiver: at the slot");
    let letter = rx.recv().unwrap();
    println!("receiver: got the {letter}");

    sender.join().unwrap();
}
// ANCHOR_END: all
