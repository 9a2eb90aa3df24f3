#![cfg(not(any(loom, shuttle)))]
//! Listings the book shows *failing* to compile, with the compiler's real message.
//!
//! Each `tests/compile_fail/NAME.rs` must fail to compile with exactly the error in `NAME.stderr`
//! (trybuild normalizes paths). The book includes both files. To regenerate the messages after a
//! compiler upgrade: `TRYBUILD=overwrite cargo test --locked --test compile_fail`, then read the diff.

#[test]
fn compile_fail_listings() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
