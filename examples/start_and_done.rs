// Messages as signals: the main thread tells three workers when to start, and each worker reports
// "done" with its result. Main waits until all of them are done, then prints in a fixed order.
// Shown in book/src/working/coordinating.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    // ANCHOR: setup
    // One "done" channel shared by all workers (senders can be cloned)...
    let (done_tx, done_rx) = mpsc::channel();
    // ...and one "start" channel per worker (a receiver cannot be shared).
    let mut start_signals = Vec::new();
    let mut workers = Vec::new();
    for id in 1..=3 {
        let (start_tx, start_rx) = mpsc::channel::<()>();
        let done_tx = done_tx.clone();
        workers.push(thread::spawn(move || {
            // Wait for the start signal. Its content does not matter: `()` carries no data.
            start_rx.recv().unwrap();
            let result: u64 = (1..=id * 10).sum();
            done_tx.send((id, result)).unwrap();
        }));
        start_signals.push(start_tx);
    }
    // Main keeps no "done" sender of its own (the chapter asks what would happen if it did).
    drop(done_tx);
    // ANCHOR_END: setup

    // ANCHOR: run
    println!("main: sending each worker its start signal");
    for start in &start_signals {
        start.send(()).unwrap();
    }

    // Reports arrive in whatever order the workers finish: collect them, then sort.
    let mut reports: Vec<(u64, u64)> = done_rx.iter().collect();
    reports.sort();
    for (id, result) in &reports {
        println!("worker {id} is done: {result}");
    }
    println!("{} of 3 workers reported done", reports.len());
    // ANCHOR_END: run

    for worker in workers {
        worker.join().unwrap();
    }
}
// ANCHOR_END: all
