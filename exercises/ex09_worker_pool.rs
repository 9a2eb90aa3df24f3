// STARTER
// Exercise 9: a worker pool and its done-signal
//
// Teaches: several workers share ONE job receiver behind `Arc<Mutex<_>>` (a std receiver cannot be
//   cloned); each worker stops when the job channel closes; the results channel closing, once every
//   worker has dropped its sender, is the done-signal that ends the collecting loop.
// Read first: book/src/working/coordinating.md, then book/src/patterns/production.md
// After it you can: spread jobs over a fixed number of threads and know when all of them are done.
//
// Task: finish `run_pool`: each worker takes jobs until there are none left and sends back the
// square of each; the caller sends all jobs, closes the job channel and collects every result.

use mailslot_exercises::mpsc;
use mailslot_exercises::sync::{Arc, Mutex};
use mailslot_exercises::thread;

pub fn run_pool(jobs: Vec<u64>, workers: usize) -> Vec<u64> {
    let (job_tx, job_rx) = mpsc::channel::<u64>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (result_tx, result_rx) = mpsc::channel::<u64>();

    for _ in 0..workers {
        let job_rx = Arc::clone(&job_rx);
        let result_tx = result_tx.clone();
        thread::spawn(move || {
            // Take jobs one at a time (`job_rx.lock().unwrap().recv()`) and send back `n * n`,
            // until `recv` says the job channel is closed.
        });
    }

    // Send the jobs, then make sure both loops can end: who still holds a sender?

    let mut results: Vec<u64> = result_rx.iter().collect();
    results.sort();
    results
}
