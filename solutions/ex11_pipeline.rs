// SOLUTION
// Exercise 11: a pipeline with clean shutdown
//
// Teaches: stages connected by channels, each a thread that receives, works and sends on. Shutdown
//   flows downstream by itself: when a stage's input closes, its loop ends and dropping its output
//   closes the next stage's input. And if downstream is gone, a stage stops instead of panicking.
// Read first: book/src/patterns/production.md (pipelines)
// After it you can: chain threads so that the whole chain stops cleanly from either end.
//
// Task: write `stage`, then `pipeline`, which runs the numbers through two stages: `double`, then
// `add_one`.

use mailslot_exercises::mpsc::{self, Receiver, Sender};
use mailslot_exercises::thread;

pub fn double(n: u32) -> u32 {
    n * 2
}

pub fn add_one(n: u32) -> u32 {
    n + 1
}

pub fn stage(input: Receiver<u32>, output: Sender<u32>, work: fn(u32) -> u32) {
    for n in input {
        if output.send(work(n)).is_err() {
            return; // nobody downstream listens any more
        }
    }
}

pub fn pipeline(numbers: Vec<u32>) -> Vec<u32> {
    let (source, doubler_in) = mpsc::channel();
    let (doubler_out, adder_in) = mpsc::channel();
    let (adder_out, results) = mpsc::channel();
    thread::spawn(move || stage(doubler_in, doubler_out, double));
    thread::spawn(move || stage(adder_in, adder_out, add_one));
    for n in numbers {
        source.send(n).unwrap();
    }
    drop(source); // closes the first stage, which closes the second, which ends the loop below
    results.iter().collect()
}
