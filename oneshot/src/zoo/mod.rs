//! The one-shot's bug zoo: each exhibit is the smallest change to a correct step, stored as a diff
//! (`src/zoo/NAME.diff`) that the book shows as it is. `build.rs` applies it (and fails the build if
//! it no longer applies) and writes `OUT_DIR/zoo/NAME.rs`, compiled here as the module `NAME`. The
//! tests in `tests/oneshot_zoo.rs` show that loom catches every one, and which property breaks.

#[macro_use]
#[path = "../../../steps/src/zoo/exhibit_macro.rs"]
mod exhibit_macro;

exhibit!(relaxed);
exhibit!(no_ready_check);
exhibit!(double_take);
exhibit!(leaked);
exhibit!(dropped_twice);
exhibit!(unpark_before_store);
exhibit!(receiver_sent_away);
