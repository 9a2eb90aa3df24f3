// Polling done right: the main thread does its own chores and checks the channel with `try_recv`
// between them, and only blocks in `recv` once it has nothing else to do.
// Shown in book/src/working/blocking.md. Every output it can print is enumerated by
// tests/loom_outputs.rs.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        tx.send("report").unwrap();
    });

    let mut report = None;
    for chore in 1..=3 {
        println!("main: chore {chore}");
        if report.is_none() {
            // A quick look into the box: returns at once, whether or not a letter is there.
            match rx.try_recv() {
                Ok(letter) => {
                    println!("main: {letter} arrived");
                    report = Some(letter);
                }
                Err(mpsc::TryRecvError::Empty) => println!("main: nothing yet"),
                Err(mpsc::TryRecvError::Disconnected) => {
                    unreachable!("the worker sends before it leaves")
                }
            }
        }
    }
    if report.is_none() {
        // Nothing left to do: now waiting is the right thing, and `recv` sleeps until it comes.
        println!("main: chores done, waiting");
        let letter = rx.recv().unwrap();
        println!("main: {letter} arrived");
    }
    worker.join().unwrap();
}
// ANCHOR_END: all
