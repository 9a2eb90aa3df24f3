// STARTER
// Exercise 4: several producers
//
// Teaches: clone the sender once per producer thread (many producers, one consumer); the results
//   arrive in whatever order the threads finish, so the consumer must not depend on that order.
// Read first: book/src/foundations/several-producers.md
// After it you can: fan work out to several threads and gather their results.
//
// Task: `parallel_sum` spawns one thread per chunk; each thread sends the sum of its chunk; the
// calling thread adds up the partial sums and returns the total.

use mailslot_exercises::mpsc;
use mailslot_exercises::thread;

pub fn parallel_sum(chunks: Vec<Vec<u64>>) -> u64 {
    let (tx, rx) = mpsc::channel::<u64>();
    for chunk in chunks {
        // Spawn one producer per chunk; it sends `chunk.iter().sum::<u64>()`.
    }
    // Add up what arrives. Careful: the loop must end (remember exercise 3).
    todo!("gather the partial sums")
}
