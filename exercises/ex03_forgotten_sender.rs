// STARTER
// Exercise 3: the forgotten sender
//
// Teaches: `for report in rx` ends only when EVERY sender is gone, including the original `tx` that
//   the clones were made from. A sender kept alive by mistake makes the loop wait forever.
// Read first: book/src/patterns/pitfalls.md (the forgotten sender), and
//   book/src/foundations/several-producers.md
// After it you can: recognise and fix the most common channel hang.
//
// Task: `count_reports` hangs: the model checker finds a deadlock. Fix it with the smallest change.

use mailslot_exercises::mpsc;
use mailslot_exercises::thread;

pub fn count_reports(workers: u32) -> u32 {
    let (tx, rx) = mpsc::channel();
    for id in 0..workers {
        let tx = tx.clone();
        thread::spawn(move || {
            tx.send(id).unwrap();
        });
    }

    let mut reports = 0;
    for _report in rx {
        reports += 1;
    }
    reports
}
