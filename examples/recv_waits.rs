// `recv` blocks: the main thread asks for the message before it exists and simply waits until it
// arrives. Shown in book/src/foundations/one-message.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();

    thread::spawn(move || {
        // The worker takes its time before it posts anything.
        thread::sleep(Duration::from_millis(50));
        tx.send("late but here").unwrap();
    });

    println!("main: calling recv, the box is still empty");
    let letter = rx.recv().unwrap(); // sleeps here until the letter arrives
    let waited = start.elapsed();
    println!("main: got {letter:?}");
    println!(
        "main: recv waited at least 50 ms: {}",
        waited >= Duration::from_millis(50)
    );
}
// ANCHOR_END: all
