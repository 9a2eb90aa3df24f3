//! The bug zoo: deliberately broken channels, each the smallest change to a correct step (look for
//! `BUG`), and one broken program built from correct channels. The tests in `tests/zoo_*.rs` show that a
//! model checker catches every one.

pub mod if_instead_of_while;
pub mod if_instead_of_while_bounded;
pub mod lost_handoff;
pub mod no_wakeup_on_disconnect;
pub mod notify_before_push;
pub mod one_condvar;
pub mod send_ignores_receiver;
pub mod unlock_before_wait;
