// The file handling of the steps' and the one-shot's build scripts: which files they read, and how
// they write what they generate. One implementation, which both `build.rs` take with `#[path]`, next
// to `apply_diff.rs` (which they must take as the module `apply_diff`).

use std::fs;
use std::path::{Path, PathBuf};

use super::apply_diff::{self, Diff};

/// The package's folder and the build script's `OUT_DIR`.
pub fn package_and_out_dirs() -> (PathBuf, PathBuf) {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    (manifest, out)
}

/// Every `.rs` and `.diff` file under `src/`, sorted, as `src/...` paths; cargo re-runs the build
/// script when one of them changes, or when a file is added to `src/`.
pub fn watched_sources() -> Vec<String> {
    println!("cargo::rerun-if-changed=src");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    for file in &files {
        println!("cargo::rerun-if-changed={file}");
    }
    files
}

fn collect(dir: &Path, files: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "diff") {
            files.push(path.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Reads and parses the diff `file` (relative to the package), which must generate `target` (the
/// path its `+++` line names).
pub fn read_diff(manifest: &Path, file: &str, target: &str) -> Result<Diff, String> {
    let text = fs::read_to_string(manifest.join(file)).map_err(|e| e.to_string())?;
    let diff = apply_diff::parse(&text)?;
    if diff.target != target {
        return Err(format!(
            "the `+++` line names {}, expected {target}",
            diff.target
        ));
    }
    Ok(diff)
}

/// Writes `OUT_DIR/sources.rs`, the list the crate embeds so that the model journal can name a
/// primitive after the field it is created in: one `(NAME, include_str!(PATH))` per source, NAME
/// being the tail of the path the code reports (`src/step1.rs`, `zoo/NAME.rs`).
pub fn write_sources(out: &Path, sources: Vec<(String, PathBuf)>) {
    let mut entries = String::from("[\n");
    for (name, path) in sources {
        entries += &format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        );
    }
    entries += "]\n";
    write_if_changed(&out.join("sources.rs"), &entries);
}

/// Leaves an unchanged file alone, so that nothing downstream rebuilds for nothing.
pub fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text).unwrap();
    }
}
