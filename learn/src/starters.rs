//! The pristine starters, embedded by `learn/build.rs` (see there how they are found without a
//! second copy in the repository), and their pinned fingerprints in `exercises-check/starters.toml`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

static EMBEDDED: &[(&str, Option<&str>)] =
    &include!(concat!(env!("OUT_DIR"), "/starters/table.rs"));

/// The pristine starter of an exercise, if this build of `cargo learn` could find it.
pub fn pristine(name: &str) -> Option<&'static str> {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, text)| *text)
}

pub fn pins_path(root: &Path) -> std::path::PathBuf {
    root.join("exercises-check/starters.toml")
}

/// `exercises-check/starters.toml`: exercise name to the fingerprint of its pristine starter.
pub fn pins(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let path = pins_path(root);
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
