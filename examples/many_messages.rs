// One producer sends several messages; the receiver iterates over them, and the loop ends once the
// sender is gone. Shown in book/src/foundations/many-messages.md. tests/loom_outputs.rs runs it under
// loom with no preemption bound (its exhaustive search): one output, and every execution finishes.

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
    // Each turn takes the next message. When the loop stops is the chapter's question:
    // predict it before you read on.
    for n in rx {
        println!("received {n}");
    }
    println!("the loop ended: no sender is left");
    // ANCHOR_END: consumer
}
// ANCHOR_END: all
