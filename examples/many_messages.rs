// One producer sends several messages; the receiver iterates over them, and the loop ends once the
// sender is gone. Shown in book/src/foundations/many-messages.md. tests/loom_outputs.rs runs it under
// every schedule and proves it always prints exactly this and always finishes.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    // ANCHOR: producer
    thread::spawn(move || {
        for n in 1..=3 {
            tx.send(n).unwrap();
        }
        // The closure ends here and drops `tx`: the last sender is gone.
    });
    // ANCHOR_END: producer

    // ANCHOR: consumer
    // Each turn waits for the next message. The loop stops when the channel is empty
    // and every sender has been dropped, never earlier.
    for n in rx {
        println!("received {n}");
    }
    println!("the loop ended: no sender is left");
    // ANCHOR_END: consumer
}
// ANCHOR_END: all
