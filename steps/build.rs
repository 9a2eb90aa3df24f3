// Embeds the steps' own source files, so that the model journal can name a condvar after the field
// it is created in (see `src/sync.rs`).

use std::fs;
use std::path::Path;

fn main() {
    let mut entries = String::from("[\n");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    for file in files {
        println!("cargo::rerun-if-changed={file}");
        let absolute = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join(&file);
        entries += &format!(
            "    ({file:?}, include_str!({:?})),\n",
            absolute.display().to_string()
        );
    }
    entries += "]\n";
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("sources.rs");
    fs::write(out, entries).unwrap();
    println!("cargo::rerun-if-changed=src");
}

fn collect(dir: &Path, files: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path.to_string_lossy().replace('\\', "/"));
        }
    }
}
