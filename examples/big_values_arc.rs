// Pitfall: giving several threads the same large value. Sent by value, each thread needs its own
// clone (a full copy); wrapped in `Arc`, every thread gets a handle to the one original buffer.
// Shown in book/src/patterns/pitfalls.md.

use mailslot as mpsc;
use std::sync::Arc;
use std::thread;

const WORKERS: usize = 3;

fn main() {
    let table = vec![1_u64; 1 << 17]; // 1 MiB of data every worker needs to read
    let original = table.as_ptr() as usize; // where its bytes live

    // ANCHOR: by_value
    let (tx, rx) = mpsc::channel::<(bool, u64)>();
    for _ in 0..WORKERS {
        let copy = table.clone(); // a full 1 MiB copy per worker
        let tx = tx.clone();
        thread::spawn(move || {
            let reads_original = copy.as_ptr() as usize == original;
            tx.send((reads_original, copy.iter().sum())).unwrap();
        });
    }
    drop(tx);
    let (seen, sums): (Vec<bool>, Vec<u64>) = rx.iter().unzip();
    let count = seen.iter().filter(|&&same| same).count();
    println!("by value: {count} of {WORKERS} workers read the original buffer");
    // ANCHOR_END: by_value

    // ANCHOR: shared
    let shared = Arc::new(table); // the vector moves into the Arc: its buffer stays put
    let (tx, rx) = mpsc::channel::<(bool, u64)>();
    for _ in 0..WORKERS {
        let handle = Arc::clone(&shared); // copies a pointer and bumps a counter
        let tx = tx.clone();
        thread::spawn(move || {
            let reads_original = handle.as_ptr() as usize == original;
            tx.send((reads_original, handle.iter().sum())).unwrap();
        });
    }
    drop(tx);
    let (seen, arc_sums): (Vec<bool>, Vec<u64>) = rx.iter().unzip();
    let count = seen.iter().filter(|&&same| same).count();
    println!("with Arc: {count} of {WORKERS} workers read the original buffer");
    // ANCHOR_END: shared

    let all_equal = sums.iter().chain(&arc_sums).all(|&sum| sum == 1 << 17);
    println!("every worker computed the same sum: {all_equal}");
}
