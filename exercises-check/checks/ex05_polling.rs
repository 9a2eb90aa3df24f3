// Checks for exercise 05_polling (`cargo learn check 5`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built without `--cfg loom` (under loom this file compiles to nothing): see below why.
#![cfg(not(loom))]

#[cfg(not(solution))]
#[path = "../../exercises/ex05_polling.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex05_polling.rs"]
mod answer;

// Not model-checked: loom has no clock, so it cannot check a timeout. Each test is deterministic:
// nothing races, and the one wait that must time out is short.

use std::time::{Duration, Instant};

use answer::Mail;

#[test]
fn check_mailbox_finds_a_letter() {
    let (tx, rx) = mailslot::channel();
    tx.send("hi".to_string()).unwrap();
    assert_eq!(answer::check_mailbox(&rx), Mail::Letter("hi".into()));
}

#[test]
fn check_mailbox_says_nothing_yet_while_a_sender_lives() {
    let (_tx, rx) = mailslot::channel::<String>();
    assert_eq!(answer::check_mailbox(&rx), Mail::NothingYet);
}

#[test]
fn check_mailbox_says_closed_when_every_sender_is_gone() {
    let (tx, rx) = mailslot::channel::<String>();
    drop(tx);
    assert_eq!(answer::check_mailbox(&rx), Mail::Closed);
}

#[test]
fn wait_for_mail_gives_up_after_its_patience() {
    let (_tx, rx) = mailslot::channel::<String>();
    let start = Instant::now();
    let got = answer::wait_for_mail(&rx, Duration::from_millis(20));
    assert_eq!(got, Mail::NothingYet);
    assert!(
        start.elapsed() >= Duration::from_millis(20),
        "wait_for_mail returned after {:?}: it must wait out its patience (use recv_timeout)",
        start.elapsed()
    );
}

#[test]
fn wait_for_mail_returns_a_waiting_letter_at_once() {
    let (tx, rx) = mailslot::channel();
    tx.send("hi".to_string()).unwrap();
    let got = answer::wait_for_mail(&rx, Duration::from_secs(3600));
    assert_eq!(got, Mail::Letter("hi".into()));
}

#[test]
fn wait_for_mail_says_closed_without_waiting() {
    let (tx, rx) = mailslot::channel::<String>();
    drop(tx);
    let got = answer::wait_for_mail(&rx, Duration::from_secs(3600));
    assert_eq!(got, Mail::Closed);
}
