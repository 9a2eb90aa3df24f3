//! The one-shot's steps on real threads: the API does what the book says. (Runs schedule whatever
//! the OS picks; the properties in every schedule are `oneshot_loom.rs`'s job.)

#![cfg(not(any(loom, shuttle)))]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::thread;

use mailslot_oneshot::{RecvError, step1, step2, step3, step4};
use proof_ledger::{Checker, Entry, record};

/// A message that counts its drops in a counter of its own (tests run in parallel).
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, SeqCst);
    }
}

fn counter() -> Arc<AtomicUsize> {
    Arc::new(AtomicUsize::new(0))
}

#[test]
fn step1_moves_a_message_between_threads() {
    let channel = Arc::new(step1::Channel::new());
    let sender = channel.clone();
    let t = thread::spawn(move || unsafe { sender.send(String::from("hello")) });
    while !channel.is_ready() {
        thread::yield_now();
    }
    assert_eq!(unsafe { channel.receive() }, "hello");
    t.join().unwrap();
}

#[test]
fn step2_refuses_a_second_send_and_gives_it_back() {
    let channel = step2::Channel::new();
    assert_eq!(channel.receive(), None);
    assert_eq!(channel.send(1), Ok(()));
    assert_eq!(channel.send(2), Err(2));
    assert_eq!(channel.receive(), Some(1));
    assert_eq!(channel.receive(), None);
}

#[test]
fn step2_drops_an_unreceived_message_once() {
    let drops = counter();
    let channel = step2::Channel::new();
    assert!(channel.send(Counted(drops.clone())).is_ok());
    drop(channel);
    assert_eq!(drops.load(SeqCst), 1);

    let drops = counter();
    let channel = step2::Channel::new();
    assert!(channel.send(Counted(drops.clone())).is_ok());
    drop(channel.receive());
    drop(channel);
    assert_eq!(drops.load(SeqCst), 1, "received, then the channel dropped");
}

#[test]
fn step3_try_receive_hands_the_receiver_back_until_the_message_is_there() {
    let (sender, receiver) = step3::channel();
    let receiver = receiver.try_receive().expect_err("nothing sent yet");
    assert!(!receiver.is_ready());
    sender.send('x');
    assert!(receiver.is_ready());
    assert_eq!(receiver.try_receive().ok(), Some('x'));
}

#[test]
fn step3_drops_an_unreceived_message_once() {
    let drops = counter();
    let (sender, receiver) = step3::channel();
    sender.send(Counted(drops.clone()));
    drop(receiver);
    assert_eq!(drops.load(SeqCst), 1);
}

#[test]
fn step4_recv_blocks_until_the_message_arrives() {
    for round in 0..1000 {
        let (sender, receiver) = step4::channel();
        let t = thread::spawn(move || sender.send(round));
        assert_eq!(receiver.recv(), Ok(round));
        t.join().unwrap();
    }
}

#[test]
fn step4_recv_fails_when_the_sender_leaves_without_sending() {
    let (sender, receiver) = step4::channel::<u8>();
    let t = thread::spawn(move || drop(sender));
    assert_eq!(receiver.recv(), Err(RecvError));
    assert_eq!(
        RecvError.to_string(),
        "the sender was dropped without sending"
    );
    t.join().unwrap();
}

#[test]
fn step4_drops_a_message_nobody_receives_once() {
    for _ in 0..100 {
        let drops = counter();
        let (sender, receiver) = step4::channel();
        let message = Counted(drops.clone());
        let t = thread::spawn(move || sender.send(message));
        drop(receiver);
        t.join().unwrap();
        assert_eq!(drops.load(SeqCst), 1);
    }
}

/// std's `park` keeps an earlier `unpark` as a token: the `join` orders the unpark before the park
/// in every schedule, so this park must return at once. If the token were lost it would sleep until
/// its timeout, and the test fails (a spurious early return could hide that, never invent it).
#[test]
fn an_unpark_before_park_is_kept() {
    let main = thread::current();
    let unparker = thread::spawn(move || main.unpark());
    unparker.join().unwrap();
    let start = std::time::Instant::now();
    thread::park_timeout(std::time::Duration::from_secs(10));
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "park waited for its timeout: the earlier unpark was lost"
    );
    record!(Entry::new(
        "an unpark that happens before the park is kept as a token: park returns",
        Checker::StdRun,
        "1 unparking thread, joined before the park"
    ));
}
