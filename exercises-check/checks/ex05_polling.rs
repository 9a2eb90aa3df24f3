// Checks for exercise 05_polling (`cargo learn check 5`). The same tests run against the learner's
// file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built without `--cfg loom` (under loom this file compiles to nothing): see below why.
#![cfg(not(loom))]

mailslot_exercises::answer!("ex05_polling");

// Not model-checked: loom has no clock, so it cannot check a timeout. These tests run on real
// threads and real time; each one that waits runs the learner's call on a helper thread with a
// deadline, so a call that waits too long is reported by name instead of hanging.

use std::time::{Duration, Instant};

use answer::Mail;
use mailslot_exercises::mpsc::{self, Receiver};
use mailslot_exercises::{invariant, pick};

/// A letter the learner cannot predict.
fn letter(salt: u64) -> String {
    format!("letter #{}", pick(salt, 1, 1_000_000))
}

/// Runs `call` on a helper thread and gives its answer, or fails if it takes longer than `limit`.
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    call: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(call());
    });
    match rx.recv_timeout(limit) {
        Ok(answer) => answer,
        Err(_) => panic!("invariant violated: {what}"),
    }
}

const HOUR: Duration = Duration::from_secs(3600);

#[test]
fn check_mailbox_finds_a_letter() {
    let (tx, rx) = mpsc::channel();
    let sent = letter(51);
    tx.send(sent.clone()).unwrap();
    let got = answer::check_mailbox(&rx);
    invariant!(
        got == Mail::Letter(sent.clone()),
        "with {sent:?} waiting, check_mailbox gave {got:?}"
    );
}

#[test]
fn check_mailbox_says_nothing_yet_while_a_sender_lives() {
    let (_tx, rx) = mpsc::channel::<String>();
    let got = answer::check_mailbox(&rx);
    invariant!(
        got == Mail::NothingYet,
        "an empty mailbox whose sender is alive gave {got:?}, expected NothingYet (Empty: more may come)"
    );
}

#[test]
fn check_mailbox_says_closed_when_every_sender_is_gone() {
    let (tx, rx) = mpsc::channel::<String>();
    drop(tx);
    let got = answer::check_mailbox(&rx);
    invariant!(
        got == Mail::Closed,
        "an empty mailbox whose senders are all gone gave {got:?}, expected Closed (Disconnected)"
    );
}

#[test]
fn wait_for_mail_gives_up_after_its_patience() {
    let (tx, rx) = mpsc::channel::<String>();
    let start = Instant::now();
    let got = within(
        Duration::from_secs(2),
        "wait_for_mail(rx, 20 ms) had not returned after 2 s with no letter coming: it must give \
         up after its patience (recv_timeout), not wait for a letter",
        move || answer::wait_for_mail(&rx, Duration::from_millis(20)),
    );
    drop(tx);
    invariant!(
        got == Mail::NothingYet,
        "after its patience ran out, wait_for_mail gave {got:?}, expected NothingYet"
    );
    invariant!(
        start.elapsed() >= Duration::from_millis(20),
        "wait_for_mail returned after {:?}: it must wait out its patience (use recv_timeout)",
        start.elapsed()
    );
}

/// The letter comes while `wait_for_mail` waits: it must return it as soon as it comes.
#[test]
fn wait_for_mail_returns_a_letter_that_arrives_during_the_wait() {
    let (tx, rx) = mpsc::channel();
    let sent = letter(52);
    let expected = sent.clone();
    let sender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        tx.send(sent).unwrap();
        // Keep the sender alive a while: the answer must be the letter, not "closed".
        std::thread::sleep(Duration::from_secs(2));
    });
    let got = within(
        Duration::from_secs(2),
        "wait_for_mail(rx, 1 hour) had not returned 2 s after a letter arrived 0.1 s into its \
         wait: it must return as soon as a letter comes, which recv_timeout does and a sleep does not",
        move || answer::wait_for_mail(&rx, HOUR),
    );
    invariant!(
        got == Mail::Letter(expected.clone()),
        "a letter arrived 0.1 s into a 1-hour wait, and wait_for_mail gave {got:?}, expected \
         Letter({expected:?}): it must wait for the letter (recv_timeout), not look once and give up"
    );
    drop(sender);
}

#[test]
fn wait_for_mail_returns_a_waiting_letter_at_once() {
    let (tx, rx) = mpsc::channel();
    let sent = letter(53);
    tx.send(sent.clone()).unwrap();
    let got = within(
        Duration::from_secs(2),
        "with a letter already waiting, wait_for_mail(rx, 1 hour) had not returned after 2 s",
        move || answer::wait_for_mail(&rx, HOUR),
    );
    invariant!(
        got == Mail::Letter(sent.clone()),
        "with {sent:?} waiting, wait_for_mail gave {got:?}"
    );
}

#[test]
fn wait_for_mail_says_closed_without_waiting() {
    let (tx, rx): (_, Receiver<String>) = mpsc::channel();
    drop(tx);
    let got = within(
        Duration::from_secs(2),
        "with every sender gone, wait_for_mail(rx, 1 hour) had not returned after 2 s: nothing can \
         ever come, so recv_timeout says Disconnected at once",
        move || answer::wait_for_mail(&rx, HOUR),
    );
    invariant!(
        got == Mail::Closed,
        "with every sender gone, wait_for_mail gave {got:?}, expected Closed"
    );
}
