// Checks for exercise 07_send_moves (`cargo learn check 7`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built without `--cfg loom` (under loom this file compiles to nothing): see below why.
#![cfg(not(loom))]

#[cfg(not(solution))]
#[path = "../../exercises/ex07_send_moves.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex07_send_moves.rs"]
mod answer;

// Not model-checked: this exercise is about ownership, and one thread is enough to show it.

#[test]
fn the_letter_is_sent_and_logged() {
    let (tx, rx) = mailslot::channel();
    let mut log = Vec::new();
    answer::send_and_log(&tx, "hello".to_string(), &mut log);
    assert_eq!(
        rx.try_recv().ok().as_deref(),
        Some("hello"),
        "the letter must arrive"
    );
    assert_eq!(
        log,
        ["sent 5 bytes"],
        "the log must say how many bytes were sent"
    );
}

#[test]
fn sending_moves_the_letter_without_copying_it() {
    let (tx, rx) = mailslot::channel();
    let letter = String::from("the very same buffer");
    let buffer = letter.as_ptr();
    answer::send_and_log(&tx, letter, &mut Vec::new());
    let received = rx.try_recv().expect("the letter must arrive");
    assert!(
        received.as_ptr() == buffer,
        "invariant violated: the receiver got a copy of the letter, not the letter itself: send it by value (no .clone()) and read what you need before sending"
    );
}
