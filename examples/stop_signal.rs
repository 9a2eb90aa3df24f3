// A worker serves requests until it is told to stop; a stop message is just another letter, so it
// arrives after everything sent before it.
// Shown in book/src/working/coordinating.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

// ANCHOR: message
enum Command {
    Square(u64),
    Stop,
}
// ANCHOR_END: message

fn main() {
    let (commands, inbox) = mpsc::channel();
    let (replies, reply_box) = mpsc::channel();

    // ANCHOR: worker
    let worker = thread::spawn(move || {
        let mut served = 0;
        // Runs while the letters are requests. It ends on `Stop`, and also when `recv` fails
        // because every sender is gone: either way, there is no more work.
        while let Ok(Command::Square(n)) = inbox.recv() {
            replies.send(n * n).unwrap();
            served += 1;
        }
        served
    });
    // ANCHOR_END: worker

    // ANCHOR: main
    for n in [3, 4, 5] {
        commands.send(Command::Square(n)).unwrap();
    }
    // The stop command, sent after the three requests.
    commands.send(Command::Stop).unwrap();

    // Wait for the worker to finish, and learn how much it did.
    let served = worker.join().unwrap();
    let squares: Vec<u64> = reply_box.iter().collect();
    println!("squares: {squares:?}");
    println!("the worker stopped after serving {served} requests");
    // ANCHOR_END: main
}
// ANCHOR_END: all
