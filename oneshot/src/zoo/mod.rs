//! The one-shot's bug zoo: each exhibit is the smallest change to a correct step, stored as a diff
//! (`src/zoo/NAME.diff`) that the book shows as it is. `build.rs` applies it (and fails the build if
//! it no longer applies) and writes `OUT_DIR/zoo/NAME.rs`, compiled here as the module `NAME`. The
//! tests in `tests/oneshot_zoo.rs` show that loom catches every one, and which property breaks.

/// `exhibit!(NAME)`: the module generated from `NAME.diff`, documented by the diff's comment.
macro_rules! exhibit {
    ($(#[$attribute:meta])* $name:ident) => {
        #[doc = include_str!(concat!(env!("OUT_DIR"), "/zoo/", stringify!($name), ".md"))]
        $(#[$attribute])*
        pub mod $name {
            include!(concat!(env!("OUT_DIR"), "/zoo/", stringify!($name), ".rs"));
        }
    };
}

exhibit!(relaxed);
exhibit!(no_ready_check);
exhibit!(double_take);
exhibit!(leaked);
exhibit!(dropped_twice);
exhibit!(unpark_before_store);
exhibit!(receiver_sent_away);
