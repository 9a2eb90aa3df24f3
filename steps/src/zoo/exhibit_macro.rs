// `exhibit!`, the one macro the steps' and the one-shot's bug zoos declare their exhibits with: each
// package's `src/zoo/mod.rs` takes this file with `#[macro_use]` and `#[path]`, and its `build.rs`
// writes the files the macro includes.

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
