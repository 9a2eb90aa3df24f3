// `recv_timeout` waits for a message, but at most the given time.
// Shown in book/src/working/blocking.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let (tx, rx) = mpsc::channel();

    // ANCHOR: timeout
    // Nobody sends: after 20 ms, `recv_timeout` gives up with `Timeout`.
    let started = Instant::now();
    let result = rx.recv_timeout(Duration::from_millis(20));
    let waited = started.elapsed();
    println!("nothing sent: {result:?}");
    println!(
        "waited at least 20 ms: {}",
        waited >= Duration::from_millis(20)
    );
    // ANCHOR_END: timeout

    // ANCHOR: arrives
    // A worker sends: `recv_timeout` returns as soon as the letter is there, long before the limit.
    let worker = thread::spawn(move || {
        tx.send("report").unwrap();
    });
    let started = Instant::now();
    let result = rx.recv_timeout(Duration::from_secs(10));
    println!("worker sent: {result:?}");
    println!(
        "returned before the 10 s limit: {}",
        started.elapsed() < Duration::from_secs(10)
    );
    worker.join().unwrap();
    // ANCHOR_END: arrives

    // The worker is gone, and its sender with it: no waiting at all.
    println!(
        "sender gone: {:?}",
        rx.recv_timeout(Duration::from_secs(10))
    );
}
// ANCHOR_END: all
