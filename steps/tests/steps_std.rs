//! The steps on real threads, in a normal build: a quick smoke test that each one delivers, and that
//! disconnection works where a step has it. The model checks are in `steps_loom.rs` and the zoo
//! tests.

#![cfg(not(any(loom, shuttle)))]

use std::thread;

use mailslot_steps::{step1, step2, step3, step4};

#[test]
fn step1_delivers_in_order() {
    let (tx, rx) = step1::channel();
    let sender = thread::spawn(move || (0..1000).for_each(|i| tx.send(i)));
    let got: Vec<i32> = (0..1000).map(|_| rx.recv()).collect();
    sender.join().unwrap();
    assert_eq!(got, (0..1000).collect::<Vec<_>>());
}

#[test]
fn step2_ends_when_the_senders_are_gone() {
    let (tx, rx) = step2::channel();
    let tx2 = tx.clone();
    let a = thread::spawn(move || (0..100).for_each(|i| tx.send(i).unwrap()));
    let b = thread::spawn(move || (100..200).for_each(|i| tx2.send(i).unwrap()));
    let mut got = Vec::new();
    while let Ok(msg) = rx.recv() {
        got.push(msg);
    }
    a.join().unwrap();
    b.join().unwrap();
    got.sort_unstable();
    assert_eq!(got, (0..200).collect::<Vec<_>>());
    let (tx, rx) = step2::channel::<i32>();
    drop(rx);
    assert_eq!(tx.send(7).unwrap_err().0, 7);
}

#[test]
fn step3_and_step4_deliver_through_every_capacity() {
    for capacity in [1, 2, 64] {
        let (tx, rx) = step3::sync_channel(capacity);
        let sender = thread::spawn(move || (0..500).for_each(|i| tx.send(i).unwrap()));
        let got: Vec<i32> = (0..500).map(|_| rx.recv().unwrap()).collect();
        assert!(rx.recv().is_err());
        sender.join().unwrap();
        assert_eq!(got, (0..500).collect::<Vec<_>>());
    }
    for capacity in [0, 1, 2] {
        let (tx, rx) = step4::sync_channel(capacity);
        let sender = thread::spawn(move || (0..500).for_each(|i| tx.send(i).unwrap()));
        let got: Vec<i32> = (0..500).map(|_| rx.recv().unwrap()).collect();
        assert!(rx.recv().is_err());
        sender.join().unwrap();
        assert_eq!(got, (0..500).collect::<Vec<_>>());
    }
}

#[test]
fn step4_rendezvous_hands_the_message_back() {
    let (tx, rx) = step4::sync_channel::<i32>(0);
    let sender = thread::spawn(move || tx.send(5));
    thread::sleep(std::time::Duration::from_millis(20));
    drop(rx);
    // Whether the send was already in the slot or not, the message comes back.
    assert_eq!(sender.join().unwrap().unwrap_err().0, 5);
}
