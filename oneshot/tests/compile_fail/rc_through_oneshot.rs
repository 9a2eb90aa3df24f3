// Does not compile: a one-shot `Sender<Rc<u32>>` is not `Send`, because the `Rc` would arrive on
// the receiving thread while the sending thread may still hold clones of it.
// Shown in book/src/below/send-sync.md; checked by oneshot/tests/compile_fail.rs.

// ANCHOR: all
use mailslot_oneshot as oneshot;
use std::rc::Rc;
use std::thread;

fn main() {
    let (sender, receiver) = oneshot::channel::<Rc<u32>>();
    thread::spawn(move || {
        let shared = Rc::new(7);
        sender.send(Rc::clone(&shared));
    });
    println!("{:?}", receiver.recv());
}
// ANCHOR_END: all
