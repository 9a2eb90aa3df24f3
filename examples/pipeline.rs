// Production pattern: a pipeline. Each stage is a thread that reads from one channel and writes to the
// next. Shutdown needs no special message: when a stage's input ends, it returns, which drops its
// output sender, which ends the next stage's input. Shown in book/src/patterns/production.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

fn main() {
    let (numbers_tx, numbers_rx) = mpsc::channel::<u32>();
    let (squares_tx, squares_rx) = mpsc::channel::<u32>();
    let (lines_tx, lines_rx) = mpsc::channel::<String>();

    // Stage 1: produce.
    let produce = thread::spawn(move || {
        for n in 1..=5 {
            numbers_tx.send(n).unwrap();
        }
        // numbers_tx dropped here: stage 2's loop will end
    });
    // Stage 2: transform.
    let square = thread::spawn(move || {
        for n in numbers_rx {
            squares_tx.send(n * n).unwrap();
        }
        // squares_tx dropped here: stage 3's loop will end
    });
    // Stage 3: format, keeping only the odd squares.
    let format = thread::spawn(move || {
        for sq in squares_rx.iter().filter(|sq| sq % 2 == 1) {
            lines_tx.send(format!("odd square: {sq}")).unwrap();
        }
    });

    // One producer per channel and FIFO channels: the order is kept end to end.
    for line in lines_rx {
        println!("{line}");
    }
    for stage in [produce, square, format] {
        stage.join().unwrap();
    }
    println!("pipeline shut down cleanly");
}
// ANCHOR_END: all
