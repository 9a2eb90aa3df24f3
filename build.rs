// Prepares the examples whose every possible output tests/loom_outputs.rs enumerates.
//
// The model checker must run the example's own code, not a copy typed into a test, but loom only
// explores threads spawned through `loom::thread`. So each example that imports `std::thread` is
// copied into OUT_DIR with that one import swapped for loom's; the test `include!`s the copy.
// Nothing else in the program changes.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo::rerun-if-changed=examples");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out_dir = Path::new(&out_dir).join("loom_examples");
    fs::create_dir_all(&out_dir).expect("create OUT_DIR/loom_examples");
    for entry in fs::read_dir("examples").expect("read examples/") {
        let path = entry.expect("examples/ entry").path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let source = fs::read_to_string(&path).expect("read example");
        if source.contains("use std::thread;") {
            let for_loom = source.replace("use std::thread;", "use loom::thread;");
            fs::write(out_dir.join(path.file_name().unwrap()), for_loom).expect("write loom copy");
        }
    }
}
