// Pitfall: a slow receiver and an unbounded channel. The producer runs ahead and every message it is
// ahead by waits in memory. A bounded channel caps that. Measured without clocks: the consumer has
// not started yet, so whatever `send` accepted is still in the queue.
// Shown in book/src/patterns/pitfalls.md.

use mailslot as mpsc;
use std::thread;

const MESSAGES: usize = 10_000;
const MESSAGE_BYTES: usize = 1024;

fn main() {
    // ANCHOR: unbounded
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    let mut accepted = 0;
    for _ in 0..MESSAGES {
        // The consumer has not started: every accepted message is held in the queue.
        tx.send(vec![0; MESSAGE_BYTES]).unwrap();
        accepted += 1;
    }
    println!(
        "unbounded: {accepted} messages waiting, {} KiB held",
        accepted * MESSAGE_BYTES / 1024
    );
    drop((tx, rx));
    // ANCHOR_END: unbounded

    // ANCHOR: bounded
    let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(100);
    let mut accepted = 0;
    while tx.try_send(vec![0; MESSAGE_BYTES]).is_ok() {
        accepted += 1; // stops at the first `Full`: a blocking `send` would wait here
    }
    println!(
        "bounded(100): {accepted} messages waiting, {} KiB held",
        accepted * MESSAGE_BYTES / 1024
    );

    // Now the consumer starts; the producer sends the rest, waiting whenever the channel is full.
    let consumer = thread::spawn(move || rx.iter().count());
    for _ in accepted..MESSAGES {
        tx.send(vec![0; MESSAGE_BYTES]).unwrap();
    }
    drop(tx);
    println!(
        "bounded(100): consumer received {} in total",
        consumer.join().unwrap()
    );
    // ANCHOR_END: bounded
}
