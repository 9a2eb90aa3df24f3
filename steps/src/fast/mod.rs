//! The four speed changes that lead from step 4 (and step 2) to the crate's own `src/chan.rs`, one
//! stage at a time, each kept as the small diff the book shows: `src/fast/NAME.diff`. `build.rs`
//! applies each to the step or stage it names and writes `OUT_DIR/fast/NAME.rs`, compiled here as
//! the module `NAME`; `tests/steps_loom.rs` re-runs the models of the step it started from on every
//! stage, so "each change re-verified" is reproduced by `cargo xtask loom fast_`.
//!
//! 1. `notify_only_a_sleeper` (on step 4): the receiver's flag and the senders' count.
//! 2. `waker_uncounts` (on 1): whoever wakes a sender uncounts it.
//! 3. `yield_before_sleeping` (on 2): a few yields before a thread sleeps.
//! 4. `batch_drain` (on step 2, unbounded only): the receiver takes the whole queue at once.

/// `stage!(NAME)`: the module generated from `NAME.diff`, documented by the diff's comment.
macro_rules! stage {
    ($name:ident) => {
        #[doc = include_str!(concat!(env!("OUT_DIR"), "/fast/", stringify!($name), ".md"))]
        pub mod $name {
            include!(concat!(env!("OUT_DIR"), "/fast/", stringify!($name), ".rs"));
        }
    };
}

stage!(notify_only_a_sleeper);
stage!(waker_uncounts);
stage!(yield_before_sleeping);
stage!(batch_drain);
