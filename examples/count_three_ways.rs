// When not to use channels: four threads count events, three ways. A channel works but sends a
// message per event; an atomic counter is the right tool for a number; a Mutex in an Arc is the right
// tool for shared state that is more than a number. Shown in book/src/patterns/when-not.md.

use mailslot as mpsc;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

const THREADS: usize = 4;
const EVENTS: usize = 1000;

fn main() {
    // ANCHOR: channel
    let (tx, rx) = mpsc::channel::<usize>();
    for _ in 0..THREADS {
        let tx = tx.clone();
        thread::spawn(move || {
            for _ in 0..EVENTS {
                tx.send(1).unwrap(); // one message per event
            }
        });
    }
    drop(tx);
    let total: usize = rx.iter().sum();
    println!("channel: {total}");
    // ANCHOR_END: channel

    // ANCHOR: atomic
    let counter = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..EVENTS {
                    counter.fetch_add(1, Ordering::Relaxed); // one instruction, no queue
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    println!("atomic: {}", counter.load(Ordering::Relaxed));
    // ANCHOR_END: atomic

    // ANCHOR: mutex
    let counts = Arc::new(Mutex::new(BTreeMap::<usize, usize>::new()));
    let handles: Vec<_> = (0..THREADS)
        .map(|id| {
            let counts = Arc::clone(&counts);
            thread::spawn(move || {
                for _ in 0..EVENTS {
                    *counts.lock().unwrap().entry(id).or_default() += 1; // shared map, one lock
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let counts = counts.lock().unwrap();
    println!(
        "mutex: {} (per thread: {:?})",
        counts.values().sum::<usize>(),
        counts
    );
    // ANCHOR_END: mutex
}
