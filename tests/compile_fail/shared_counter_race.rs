// Two threads add to the same counter at the same time: a data race. Rust refuses to compile it.
use std::thread;

fn main() {
    let mut counter = 0;
    thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..1000 {
                counter += 1;
            }
        });
        s.spawn(|| {
            for _ in 0..1000 {
                counter += 1;
            }
        });
    });
    println!("{counter}");
}
