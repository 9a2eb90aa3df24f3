#![cfg(not(any(loom, shuttle)))]
//! Listings the book shows *failing* to compile, with the compiler's real message.
//!
//! Each `tests/compile_fail/NAME.rs` must fail to compile with exactly the error in `NAME.stderr`
//! (trybuild normalizes paths). The book includes both files. To regenerate the messages after a
//! compiler upgrade: `TRYBUILD=overwrite cargo test --locked --test compile_fail`, then read the diff.

use proof_ledger::{Checker, Entry, record};

#[test]
fn compile_fail_listings() {
    // trybuild runs the cases when `TestCases` is dropped, and panics there if any case fails.
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
    record!(Entry::new(
        "every listing in tests/compile_fail/ fails to compile with exactly its .stderr message",
        Checker::Trybuild,
        "rustc 1.95.0 (rust-toolchain.toml)"
    ));
}
