//! Listings the book's "Send and Sync" section shows failing to compile, with the compiler's real
//! message (`NAME.stderr`, checked by trybuild). To regenerate after a compiler upgrade:
//! `TRYBUILD=overwrite cargo test -p mailslot-oneshot --test compile_fail`, then read the diff.

#![cfg(not(any(loom, shuttle)))]

use proof_ledger::{Checker, Entry, Outcome, record};

#[test]
fn oneshot_compile_fail_listings() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
    record!(
        Entry::new(
            "the one-shot's Receiver cannot leave its thread; a Sender<Rc<_>> cannot cross threads",
            Checker::Trybuild,
            "receiver_stays.rs, rc_through_oneshot.rs"
        )
        .outcome(Outcome::Caught("rejected by the compiler (E0277)".into()))
    );
}
