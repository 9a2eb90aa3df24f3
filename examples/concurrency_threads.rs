// Two threads work at the same time, each on its own half of a job; the main thread waits for both
// and combines their results. Shown in book/src/foundations/concurrency.md. The order of the two
// workers' lines is up to the scheduler: tests/loom_outputs.rs enumerates every order it can print.

// ANCHOR: all
use std::thread;

fn main() {
    // ANCHOR: spawn
    // Each worker owns its own range of numbers: nothing is shared.
    let low = thread::spawn(|| {
        let sum: u64 = (1..=500).sum();
        println!("low worker: 1..=500 adds up to {sum}");
        sum
    });
    let high = thread::spawn(|| {
        let sum: u64 = (501..=1000).sum();
        println!("high worker: 501..=1000 adds up to {sum}");
        sum
    });
    // ANCHOR_END: spawn

    // ANCHOR: join
    // `join` hands back what the worker's closure returned.
    let total = low.join().unwrap() + high.join().unwrap();
    println!("main: both workers are done, 1..=1000 adds up to {total}");
    // ANCHOR_END: join
}
// ANCHOR_END: all
