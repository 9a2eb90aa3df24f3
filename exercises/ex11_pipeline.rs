// STARTER
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
    todo!("receive until the input closes, send work(n) on; stop if nobody listens downstream")
}

pub fn pipeline(numbers: Vec<u32>) -> Vec<u32> {
    todo!("three channels, two stage threads; feed the numbers in, collect what comes out")
}
