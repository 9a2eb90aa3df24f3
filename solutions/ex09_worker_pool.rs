// SOLUTION
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
    let (result_tx, result_rx) = mpsc::channel();

    for _ in 0..workers {
        let job_rx = Arc::clone(&job_rx);
        let result_tx = result_tx.clone();
        thread::spawn(move || {
            loop {
                // The guard is a temporary: the lock is released as soon as `recv` returns.
                let job = job_rx.lock().unwrap().recv();
                match job {
                    Ok(n) => result_tx.send(n * n).unwrap(),
                    Err(_) => break, // the job channel is closed and empty: no more work
                }
            }
        });
    }
    // Only the workers may keep the results channel open.
    drop(result_tx);

    for job in jobs {
        job_tx.send(job).unwrap();
    }
    drop(job_tx); // tells the workers there is no more work

    let mut results: Vec<u64> = result_rx.iter().collect();
    results.sort();
    results
}
