// The journal's three functions, the same in the steps and the one-shot: each package's `src/sync.rs`
// `include!`s this file inside its `journal` module, next to its own `Event` and `recorded` module.
// Under a checker they are the recording ones; anywhere else they do nothing.

#[cfg(any(loom, shuttle))]
pub use super::recorded::{begin, events, note};

/// Starts a new, empty journal: call it first thing in every model execution.
#[cfg(not(any(loom, shuttle)))]
pub fn begin() {}

/// Records an event that only the caller knows about, such as `send(a1)`, `drop(tx)` or `send
/// returns`.
#[cfg(not(any(loom, shuttle)))]
pub fn note(_what: &str) {}

/// The events of the current (or last) execution.
#[cfg(not(any(loom, shuttle)))]
pub fn events() -> Vec<Event> {
    Vec::new()
}
