// Embeds the pristine starters that `cargo learn reset` restores, without a second copy of them in
// the repository. `exercises-check/starters.toml` pins each starter's fingerprint; a file of
// `exercises/` whose contents match it is the pristine starter and is embedded. Once the learner
// has edited it, the copy embedded by an earlier build (kept in OUT_DIR) stays; failing that (the
// learner edited before `cargo learn` was ever built), git's history is searched for the pinned
// version. A starter found nowhere is recorded as missing, and `reset` says so.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The same fingerprint as `learn/src/progress.rs` (FNV-1a, 64 bits).
fn fingerprint(contents: &[u8]) -> String {
    let hash = contents
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{hash:016x}")
}

fn from_git(root: &Path, name: &str, pinned: &str) -> Option<String> {
    let file = format!("exercises/{name}.rs");
    let revisions = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-list", "--max-count=200", "HEAD", "--", &file])
        .output()
        .ok()?;
    String::from_utf8_lossy(&revisions.stdout)
        .lines()
        .find_map(|revision| {
            let shown = Command::new("git")
                .arg("-C")
                .arg(root)
                .args(["show", &format!("{revision}:{file}")])
                .output()
                .ok()?;
            (shown.status.success() && fingerprint(&shown.stdout) == pinned)
                .then(|| String::from_utf8_lossy(&shown.stdout).into_owned())
        })
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.parent().unwrap().to_path_buf();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("starters");
    fs::create_dir_all(&out).unwrap();
    let pins_path = root.join("exercises-check/starters.toml");
    println!("cargo::rerun-if-changed={}", pins_path.display());
    let pins = fs::read_to_string(&pins_path).unwrap_or_default();
    let mut table = String::from("[\n");
    for line in pins.lines() {
        let Some((name, pinned)) = line.split_once('=') else {
            continue;
        };
        let (name, pinned) = (name.trim(), pinned.trim().trim_matches('"'));
        if name.starts_with('#') || name.is_empty() {
            continue;
        }
        let file = root.join("exercises").join(format!("{name}.rs"));
        println!("cargo::rerun-if-changed={}", file.display());
        let embedded = out.join(format!("{name}.rs"));
        let current = fs::read(&file).ok();
        let kept = fs::read(&embedded).ok();
        let pristine = if current.as_deref().map(fingerprint).as_deref() == Some(pinned) {
            current.map(|c| String::from_utf8_lossy(&c).into_owned())
        } else if kept.as_deref().map(fingerprint).as_deref() == Some(pinned) {
            kept.map(|c| String::from_utf8_lossy(&c).into_owned())
        } else {
            from_git(&root, name, pinned)
        };
        match pristine {
            Some(text) => {
                if fs::read_to_string(&embedded).ok().as_deref() != Some(text.as_str()) {
                    fs::write(&embedded, &text).unwrap();
                }
                table += &format!(
                    "    ({name:?}, Some(include_str!({:?}))),\n",
                    embedded.display().to_string()
                );
            }
            None => table += &format!("    ({name:?}, None),\n"),
        }
    }
    table += "]\n";
    let generated = out.join("table.rs");
    if fs::read_to_string(&generated).ok().as_deref() != Some(table.as_str()) {
        fs::write(&generated, table).unwrap();
    }
}
