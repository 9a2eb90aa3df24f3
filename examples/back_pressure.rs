// A bounded channel holds at most its capacity; a full channel makes the sender wait.
// Shown in book/src/working/bounded.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn try_to_send(tx: &mpsc::SyncSender<i32>, letter: i32) {
    match tx.try_send(letter) {
        Ok(()) => println!("letter {letter}: in the box"),
        Err(mpsc::TrySendError::Full(back)) => {
            println!("letter {letter}: box full, {back} handed back")
        }
        Err(mpsc::TrySendError::Disconnected(back)) => {
            println!("letter {letter}: nobody there, {back} handed back")
        }
    }
}

fn main() {
    // ANCHOR: full
    // A box with room for two letters.
    let (tx, rx) = mpsc::sync_channel(2);

    // `try_send` is the non-waiting version of `send`.
    try_to_send(&tx, 1);
    try_to_send(&tx, 2);
    try_to_send(&tx, 3);

    // Taking one letter out makes room for one more.
    println!("received {}", rx.recv().unwrap());
    try_to_send(&tx, 3);
    // ANCHOR_END: full

    // ANCHOR: producer
    // A fast producer and this (slower) consumer: the producer's `send` waits whenever the box is
    // full, so it can never get more than two letters ahead.
    let producer = thread::spawn(move || {
        for n in 4..=8 {
            tx.send(n).unwrap();
        }
    });
    for letter in rx {
        println!("received {letter}");
    }
    producer.join().unwrap();
    // ANCHOR_END: producer
}
// ANCHOR_END: all
