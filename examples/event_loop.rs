// Production pattern: an event loop. One thread owns the state and handles events one at a time, from
// any number of sources, in the order they arrive on a single channel. What it prints depends only on
// what happened, not on how the sources interleaved. Shown in book/src/patterns/production.md.

// ANCHOR: all
use mailslot as mpsc;
use std::thread;

enum Event {
    Key(char),
    Tick,
    Quit,
}

fn main() {
    let (events, inbox) = mpsc::channel::<Event>();

    // Source 1: a "keyboard".
    let keyboard = events.clone();
    let typing = thread::spawn(move || {
        for c in "hello".chars() {
            keyboard.send(Event::Key(c)).unwrap();
        }
    });
    // Source 2: a "timer".
    let timer = events.clone();
    let ticking = thread::spawn(move || {
        for _ in 0..3 {
            timer.send(Event::Tick).unwrap();
        }
    });

    // The loop: all state lives here, and only here.
    let event_loop = thread::spawn(move || {
        let (mut text, mut ticks) = (String::new(), 0);
        for event in inbox {
            match event {
                Event::Key(c) => text.push(c),
                Event::Tick => ticks += 1,
                Event::Quit => break,
            }
        }
        (text, ticks)
    });

    typing.join().unwrap();
    ticking.join().unwrap();
    events.send(Event::Quit).unwrap(); // sent last, so handled last
    let (text, ticks) = event_loop.join().unwrap();
    println!("typed {text:?}, saw {ticks} ticks, stopped on Quit");
}
// ANCHOR_END: all
