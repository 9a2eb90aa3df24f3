// Production pattern: a worker pool. One job queue is shared by several workers through
// `Arc<Mutex<Receiver>>`: whoever is free takes the next job. Results come back on a second channel;
// main sorts them, because which worker finishes first is up to the scheduler.
// Shown in book/src/patterns/production.md.

// ANCHOR: all
use mailslot as mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let (job_tx, job_rx) = mpsc::channel::<u64>();
    let job_rx = Arc::new(Mutex::new(job_rx)); // one receiver, shared by taking turns
    let (result_tx, result_rx) = mpsc::channel::<(u64, u64)>();

    let mut workers = Vec::new();
    for _ in 0..3 {
        let job_rx = Arc::clone(&job_rx);
        let result_tx = result_tx.clone();
        workers.push(thread::spawn(move || {
            loop {
                // Hold the lock only while taking a job, not while doing it.
                let job = job_rx.lock().unwrap().recv();
                let Ok(n) = job else { break }; // queue closed and empty: go home
                result_tx.send((n, n * n)).unwrap();
            }
        }));
    }
    drop(result_tx); // only the workers hold result senders now

    for n in 1..=8 {
        job_tx.send(n).unwrap();
    }
    drop(job_tx); // no more jobs: the workers' `recv` fails once the queue is empty

    let mut results: Vec<(u64, u64)> = result_rx.iter().collect();
    results.sort();
    for (n, square) in results {
        println!("{n}^2 = {square}");
    }
    for worker in workers {
        worker.join().unwrap();
    }
}
// ANCHOR_END: all
