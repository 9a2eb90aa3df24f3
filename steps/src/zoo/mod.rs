//! The bug zoo: deliberately broken channels, and one broken program built from correct channels.
//!
//! Each broken channel is stored as the smallest change to a correct step: `src/zoo/NAME.diff`, a
//! short unified diff that the book shows as it is. `build.rs` applies it to its step (and fails the
//! build if it no longer applies) and writes the result to `OUT_DIR/zoo/NAME.rs`, which is compiled
//! here as the module `NAME`. The tests in `tests/zoo_*.rs` show that a model checker catches every
//! one; `tests/zoo_diffs.rs` tests the mechanism.

#[macro_use]
mod exhibit_macro;

exhibit!(flag_after_wait);
exhibit!(if_instead_of_while);
// The `break` that turns the loop into an `if` is the bug, and clippy sees that much.
exhibit!(
    #[allow(clippy::never_loop)]
    if_instead_of_while_bounded
);
exhibit!(lost_handoff);
exhibit!(no_wakeup_on_disconnect);
exhibit!(notify_before_push);
exhibit!(one_condvar);
exhibit!(receiver_drop_no_notify);
exhibit!(rendezvous_notify_one);
exhibit!(send_ignores_receiver);
exhibit!(unlock_before_wait);
