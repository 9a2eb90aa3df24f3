// How the steps' and the one-shot's journals find the line of their own source that created a
// primitive: each package's `src/sync.rs` `include!`s this file in its `recorded` module, and its
// `build.rs` writes the `OUT_DIR/sources.rs` list (every file of `src/`, generated ones included).

/// The text of the line `location` points to, or `""` when it is not in this package's sources.
fn source_line(location: &Location<'_>) -> &'static str {
    const SOURCES: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/sources.rs"));
    let file = location.file().replace('\\', "/");
    let text = SOURCES
        .iter()
        .find(|(path, _)| file.ends_with(path))
        .map_or("", |(_, text)| text);
    text.lines().nth(location.line() as usize - 1).unwrap_or("")
}
