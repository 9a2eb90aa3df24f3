// A worker panics halfway: its sender is dropped while the thread unwinds, so the channel closes
// cleanly and the receiving loop ends instead of waiting forever.
// Shown in book/src/working/errors.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        for n in [4, 2, 0, 5] {
            // Dividing by zero panics: the thread stops here and unwinds.
            let share = 100 / n;
            tx.send(share).unwrap();
        }
    });

    // Receive until `recv` reports that the channel is closed.
    for share in rx {
        println!("received {share}");
    }
    println!("the channel is closed");

    // `join` tells us how the worker ended; we handle it instead of calling `unwrap`.
    match worker.join() {
        Ok(()) => println!("the worker finished its work"),
        Err(_) => println!("the worker panicked; main carries on"),
    }
}
// ANCHOR_END: all
