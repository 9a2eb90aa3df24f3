// One thread sends one message; the main thread waits for it.
// Shown in book/src/foundations/one-message.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    thread::spawn(move || {
        tx.send(String::from("hello from the worker")).unwrap();
    });

    // Take the worker's message out of the channel.
    let letter = rx.recv().unwrap();
    println!("main got: {letter}");
}
// ANCHOR_END: all
