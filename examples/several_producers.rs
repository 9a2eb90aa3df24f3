// Two producers share one channel by cloning the sender; the arrival order is up to the scheduler.
// Shown in book/src/foundations/several-producers.md. Every order it can print is enumerated by
// tests/loom_outputs.rs.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let tx_b = tx.clone();

    let a = thread::spawn(move || {
        tx.send("a1").unwrap();
        tx.send("a2").unwrap();
    });
    let b = thread::spawn(move || {
        tx_b.send("b1").unwrap();
        tx_b.send("b2").unwrap();
    });

    // Ends when both senders are gone and every message is received.
    for msg in rx {
        println!("{msg}");
    }
    a.join().unwrap();
    b.join().unwrap();
}
// ANCHOR_END: all
