//! The one-shot's examples print what their snapshots say (on real threads; the actor's
//! conversation is also sampled by shuttle in `oneshot_shuttle.rs`).

#![cfg(not(any(loom, shuttle)))]

#[path = "../examples/actor_oneshot.rs"]
mod actor_oneshot;

#[test]
fn actor_oneshot_prints_the_conversation() {
    let output = actor_oneshot::run().join("\n") + "\n";
    insta::with_settings!({
        snapshot_path => "snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("example_actor_oneshot", output);
    });
}
