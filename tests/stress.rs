#![cfg(not(any(loom, shuttle)))]
//! Many producers, many messages: nothing lost, nothing duplicated, each producer's messages in the
//! order it sent them.
//!
//! Message counts (total over the 4 producers):
//!
//! | flavour            | debug     | release   |
//! |--------------------|-----------|-----------|
//! | `channel()`        | 1,000,000 | 1,000,000 |
//! | `sync_channel(64)` |   200,000 | 1,000,000 |
//! | `sync_channel(1)`  |    40,000 |   100,000 |
//! | `sync_channel(0)`  |    40,000 |   100,000 |
//!
//! A hand-off through capacity 0 or 1 costs about one thread wake-up per message (10-20 us on this
//! 2-core virtual machine, in release too: 1,000,000 of them took 15-21 s), and a full capacity-64
//! channel wakes a sender often too, so those flavours run fewer messages, fewest in debug, to keep
//! the file well under 5 s.

mod common;

use std::thread;
use std::time::Duration;

use rstest::rstest;

use common::Flavour::{self, Bounded, Unbounded};

const PRODUCERS: u32 = 4;

/// Messages per producer for a flavour (see the table above).
fn per_producer(flavour: Flavour) -> u32 {
    let total = match flavour {
        Unbounded => 1_000_000,
        Bounded(64..) if cfg!(debug_assertions) => 200_000,
        Bounded(64..) => 1_000_000,
        Bounded(_) if cfg!(debug_assertions) => 40_000,
        Bounded(_) => 100_000,
    };
    total / PRODUCERS
}

#[rstest]
#[timeout(Duration::from_secs(60))] // a lost wake-up shows as a failure, not a hang
fn every_message_arrives_once_in_per_producer_order(
    #[values(Unbounded, Bounded(64), Bounded(1), Bounded(0))] flavour: Flavour,
) {
    let per_producer = per_producer(flavour);
    let (tx, rx) = flavour.make::<(u32, u32)>();
    thread::scope(|s| {
        for producer in 0..PRODUCERS {
            let tx = tx.clone();
            s.spawn(move || {
                for seq in 0..per_producer {
                    tx.send((producer, seq)).unwrap();
                }
            });
        }
        drop(tx);
        // Each producer's next expected sequence number: a lost message shows as a gap, a duplicate
        // or a reordering as a number other than the expected one.
        let mut next = vec![0u32; PRODUCERS as usize];
        let mut received = 0u64;
        for (producer, seq) in rx.iter() {
            let expected = &mut next[producer as usize];
            assert_eq!(
                seq, *expected,
                "producer {producer}: got message {seq}, expected {expected}"
            );
            *expected += 1;
            received += 1;
        }
        assert_eq!(
            next,
            vec![per_producer; PRODUCERS as usize],
            "messages received per producer"
        );
        assert_eq!(received, u64::from(PRODUCERS * per_producer));
    });
}
