#![cfg(not(any(loom, shuttle)))]
//! `mailslot` against `std::sync::mpsc` itself: wherever std can be asked, the expected value is
//! std's answer, not a hand-typed one.

use std::cell::Cell;
use std::error::Error;
use std::fmt::{Debug, Display};
use std::hash::Hash;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::rc::Rc;
use std::sync::mpsc as std_mpsc;

// ---------------------------------------------------------------------------------------------
// Error types: texts, formatting flags, conversions.
// ---------------------------------------------------------------------------------------------

/// Every way the tests format a value, so width, fill, alignment and precision are compared too.
fn renderings(value: &(impl Display + Debug)) -> Vec<String> {
    vec![
        value.to_string(),
        format!("{value:?}"),
        format!("{value:#?}"),
        format!("[{value:>45}]"),
        format!("[{value:*^45}]"),
        format!("[{value:.7}]"),
        format!("[{value:>30?}]"),
    ]
}

/// Compares one error value of each library: every rendering, and the `Error` trait's answers.
macro_rules! assert_same_error {
    ($std:expr, $ours:expr) => {{
        let (theirs, ours) = ($std, $ours);
        assert_eq!(renderings(&ours), renderings(&theirs), "formatting of {}", stringify!($ours));
        assert_eq!(
            ours.source().map(ToString::to_string),
            theirs.source().map(ToString::to_string),
            "source() of {}",
            stringify!($ours)
        );
        #[allow(deprecated)]
        let descriptions = (ours.description().to_string(), theirs.description().to_string());
        assert_eq!(descriptions.0, descriptions.1, "description() of {}", stringify!($ours));
        // Both are usable as `Box<dyn Error + Send + Sync>`, which is what `?` in most programs needs.
        let boxed: Box<dyn Error + Send + Sync> = Box::new(ours);
        assert_eq!(boxed.to_string(), theirs.to_string());
    }};
}

#[test]
fn send_error_formats_like_std() {
    assert_same_error!(std_mpsc::SendError(42), mailslot::SendError(42));
    assert_same_error!(std_mpsc::SendError("text"), mailslot::SendError("text"));
}

#[test]
fn try_send_error_full_formats_like_std() {
    assert_same_error!(
        std_mpsc::TrySendError::Full(42),
        mailslot::TrySendError::Full(42)
    );
}

#[test]
fn try_send_error_disconnected_formats_like_std() {
    assert_same_error!(
        std_mpsc::TrySendError::Disconnected(42),
        mailslot::TrySendError::Disconnected(42)
    );
}

#[test]
fn recv_error_formats_like_std() {
    assert_same_error!(std_mpsc::RecvError, mailslot::RecvError);
}

#[test]
fn try_recv_error_formats_like_std() {
    assert_same_error!(std_mpsc::TryRecvError::Empty, mailslot::TryRecvError::Empty);
    assert_same_error!(
        std_mpsc::TryRecvError::Disconnected,
        mailslot::TryRecvError::Disconnected
    );
}

#[test]
fn recv_timeout_error_formats_like_std() {
    assert_same_error!(
        std_mpsc::RecvTimeoutError::Timeout,
        mailslot::RecvTimeoutError::Timeout
    );
    assert_same_error!(
        std_mpsc::RecvTimeoutError::Disconnected,
        mailslot::RecvTimeoutError::Disconnected
    );
}

#[test]
fn error_conversions_match_std() {
    // Compared through Display: the two libraries' types differ, their meaning must not.
    let theirs: std_mpsc::TrySendError<u8> = std_mpsc::SendError(7).into();
    let ours: mailslot::TrySendError<u8> = mailslot::SendError(7).into();
    assert_eq!(ours.to_string(), theirs.to_string());
    assert!(matches!(theirs, std_mpsc::TrySendError::Disconnected(7)));
    assert!(matches!(ours, mailslot::TrySendError::Disconnected(7)));

    let theirs: std_mpsc::TryRecvError = std_mpsc::RecvError.into();
    let ours: mailslot::TryRecvError = mailslot::RecvError.into();
    assert_eq!(ours.to_string(), theirs.to_string());
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));

    let theirs: std_mpsc::RecvTimeoutError = std_mpsc::RecvError.into();
    let ours: mailslot::RecvTimeoutError = mailslot::RecvError.into();
    assert_eq!(ours.to_string(), theirs.to_string());
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));

    // The same conversions through `?`.
    fn try_recv_from_recv() -> Result<(), mailslot::TryRecvError> {
        Err(mailslot::RecvError)?
    }
    fn std_try_recv_from_recv() -> Result<(), std_mpsc::TryRecvError> {
        Err(std_mpsc::RecvError)?
    }
    assert_eq!(
        format!("{:?}", try_recv_from_recv()),
        format!("{:?}", std_try_recv_from_recv())
    );
    fn timeout_from_recv() -> Result<(), mailslot::RecvTimeoutError> {
        Err(mailslot::RecvError)?
    }
    fn std_timeout_from_recv() -> Result<(), std_mpsc::RecvTimeoutError> {
        Err(std_mpsc::RecvError)?
    }
    assert_eq!(
        format!("{:?}", timeout_from_recv()),
        format!("{:?}", std_timeout_from_recv())
    );
    fn try_send_from_send() -> Result<(), mailslot::TrySendError<u8>> {
        Err(mailslot::SendError(1))?
    }
    fn std_try_send_from_send() -> Result<(), std_mpsc::TrySendError<u8>> {
        Err(std_mpsc::SendError(1))?
    }
    assert_eq!(
        try_send_from_send().unwrap_err().to_string(),
        std_try_send_from_send().unwrap_err().to_string()
    );
    assert!(matches!(
        try_send_from_send(),
        Err(mailslot::TrySendError::Disconnected(1))
    ));
}

#[test]
fn error_values_compare_and_copy_like_std() {
    use mailslot::{RecvTimeoutError as Rt, TryRecvError as Tr, TrySendError as Ts};
    use std_mpsc::{RecvTimeoutError as SRt, TryRecvError as STr, TrySendError as STs};
    // Equality between the variants, in the same order, gives the same table.
    let ours = [Tr::Empty, Tr::Disconnected];
    let theirs = [STr::Empty, STr::Disconnected];
    let table = |eq: &dyn Fn(usize, usize) -> bool| -> Vec<bool> {
        (0..4).map(|k| eq(k / 2, k % 2)).collect()
    };
    assert_eq!(
        table(&|a, b| ours[a] == ours[b]),
        table(&|a, b| theirs[a] == theirs[b])
    );
    let ours = [Rt::Timeout, Rt::Disconnected];
    let theirs = [SRt::Timeout, SRt::Disconnected];
    assert_eq!(
        table(&|a, b| ours[a] == ours[b]),
        table(&|a, b| theirs[a] == theirs[b])
    );
    let ours = [Ts::Full(1), Ts::Disconnected(1)];
    let theirs = [STs::Full(1), STs::Disconnected(1)];
    assert_eq!(
        table(&|a, b| ours[a] == ours[b]),
        table(&|a, b| theirs[a] == theirs[b])
    );
    assert_eq!(
        mailslot::SendError(1) == mailslot::SendError(2),
        std_mpsc::SendError(1) == std_mpsc::SendError(2)
    );
}

// ---------------------------------------------------------------------------------------------
// Handles: Debug output.
// ---------------------------------------------------------------------------------------------

#[test]
fn handles_and_iterators_debug_like_std() {
    let (tx, rx) = mailslot::channel::<u8>();
    let (std_tx, std_rx) = std_mpsc::channel::<u8>();
    assert_eq!(format!("{tx:?}"), format!("{std_tx:?}"));
    assert_eq!(format!("{rx:?}"), format!("{std_rx:?}"));
    assert_eq!(format!("{:#?}", rx.iter()), format!("{:#?}", std_rx.iter()));
    assert_eq!(format!("{:?}", rx.iter()), format!("{:?}", std_rx.iter()));
    assert_eq!(
        format!("{:?}", rx.try_iter()),
        format!("{:?}", std_rx.try_iter())
    );
    assert_eq!(
        format!("{:?}", rx.into_iter()),
        format!("{:?}", std_rx.into_iter())
    );

    let (tx, rx) = mailslot::sync_channel::<u8>(0);
    let (std_tx, std_rx) = std_mpsc::sync_channel::<u8>(0);
    assert_eq!(format!("{tx:?}"), format!("{std_tx:?}"));
    assert_eq!(format!("{tx:#?}"), format!("{std_tx:#?}"));
    assert_eq!(format!("{rx:?}"), format!("{std_rx:?}"));
}

// ---------------------------------------------------------------------------------------------
// Traits: compile-time assertions, then a table compared with std's.
// ---------------------------------------------------------------------------------------------

fn assert_send<T: Send>() {}
fn assert_sync<T: Sync>() {}

/// For every `T: Send` (not just one example type), the handles are `Send`, and the senders `Sync`.
#[allow(dead_code)]
fn handles_are_send_and_senders_are_sync<T: Send>() {
    assert_send::<mailslot::Sender<T>>();
    assert_send::<mailslot::SyncSender<T>>();
    assert_send::<mailslot::Receiver<T>>();
    assert_send::<mailslot::IntoIter<T>>();
    assert_sync::<mailslot::Sender<T>>();
    assert_sync::<mailslot::SyncSender<T>>();
    assert_send::<mailslot::SendError<T>>();
    assert_send::<mailslot::TrySendError<T>>();
}

/// Fails to compile if `$type` implements `$trait`: with the impl, `AmbiguousIfImpl<_>` has two
/// candidate impls and the call cannot be resolved (the trick behind `static_assertions`).
macro_rules! assert_not_impl {
    ($type:ty: $trait:path) => {
        const _: fn() = || {
            #[allow(dead_code)]
            trait AmbiguousIfImpl<A> {
                fn some_item() {}
            }
            impl<T: ?Sized> AmbiguousIfImpl<()> for T {}
            #[allow(dead_code)]
            struct Invalid;
            impl<T: ?Sized + $trait> AmbiguousIfImpl<Invalid> for T {}
            let _ = <$type as AmbiguousIfImpl<_>>::some_item;
        };
    };
}

// One consumer: a `Receiver` cannot be shared between threads, for any message type.
assert_not_impl!(mailslot::Receiver<u8>: Sync);
assert_not_impl!(mailslot::Receiver<String>: Sync);
assert_not_impl!(mailslot::Iter<'static, u8>: Send);
assert_not_impl!(mailslot::TryIter<'static, u8>: Send);
assert_not_impl!(mailslot::IntoIter<u8>: Sync);
// No handle is `Send` when the messages are not.
assert_not_impl!(mailslot::Sender<Rc<u8>>: Send);
assert_not_impl!(mailslot::SyncSender<Rc<u8>>: Send);
assert_not_impl!(mailslot::Receiver<Rc<u8>>: Send);
// Only senders are cloned.
assert_not_impl!(mailslot::Receiver<u8>: Clone);

/// Whether `$type` implements `$trait`, as a `bool` at run time: an inherent associated const,
/// which exists only when the bound holds, shadows the trait's `false`.
macro_rules! implements {
    ($type:ty: $trait:path) => {{
        #[allow(dead_code)]
        struct Probe<T: ?Sized>(std::marker::PhantomData<T>);
        #[allow(dead_code)]
        trait Fallback {
            const IMPLEMENTS: bool = false;
        }
        impl<T: ?Sized> Fallback for Probe<T> {}
        #[allow(dead_code)]
        impl<T: ?Sized + $trait> Probe<T> {
            const IMPLEMENTS: bool = true;
        }
        <Probe<$type>>::IMPLEMENTS
    }};
}

/// Which of the traits a user could rely on `$type` implements.
macro_rules! trait_table {
    ($type:ty) => {
        [
            ("Send", implements!($type: Send)),
            ("Sync", implements!($type: Sync)),
            ("Unpin", implements!($type: Unpin)),
            ("UnwindSafe", implements!($type: UnwindSafe)),
            ("RefUnwindSafe", implements!($type: RefUnwindSafe)),
            ("Clone", implements!($type: Clone)),
            ("Copy", implements!($type: Copy)),
            ("Debug", implements!($type: Debug)),
            ("Display", implements!($type: Display)),
            ("Error", implements!($type: Error)),
            ("PartialEq", implements!($type: PartialEq)),
            ("Eq", implements!($type: Eq)),
            ("PartialOrd", implements!($type: PartialOrd)),
            ("Hash", implements!($type: Hash)),
            ("Default", implements!($type: Default)),
            ("Iterator", implements!($type: Iterator)),
        ]
    };
}

/// Message types with different auto traits. Each is one token, so the macro below can paste it.
type RcU8 = Rc<u8>; // neither Send nor Sync
type CellU8 = Cell<u8>; // Send, not Sync
struct Opaque; // no traits at all
type OptionOpaque = Option<Opaque>;

/// Lists, for `mailslot::$name<args>` and `std::sync::mpsc::$name<args>`, every trait of the table
/// where they differ.
macro_rules! trait_mismatches {
    ($($name:ident $(<$($arg:tt),+>)?),+ $(,)?) => {{
        let mut mismatches: Vec<String> = Vec::new();
        $(
            let ours = trait_table!(mailslot::$name $(<$($arg),+>)?);
            let theirs = trait_table!(std_mpsc::$name $(<$($arg),+>)?);
            for ((name, ours), (_, theirs)) in ours.iter().zip(theirs.iter()) {
                if ours != theirs {
                    mismatches.push(format!(
                        "{}: {name} is {} in mailslot, {} in std",
                        stringify!($name $(<$($arg),+>)?).replace(' ', "").replace(',', ", "),
                        ours,
                        theirs
                    ));
                }
            }
        )+
        mismatches
    }};
}

#[test]
fn handles_implement_the_same_traits_as_std() {
    let mismatches = trait_mismatches!(
        Sender<u8>,
        Sender<RcU8>,
        Sender<CellU8>,
        Sender<Opaque>,
        SyncSender<u8>,
        SyncSender<RcU8>,
        SyncSender<CellU8>,
        SyncSender<Opaque>,
        Receiver<u8>,
        Receiver<RcU8>,
        Receiver<CellU8>,
        Receiver<Opaque>,
    );
    assert!(
        mismatches.is_empty(),
        "trait differences from std:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn iterators_implement_the_same_traits_as_std() {
    let mismatches = trait_mismatches!(
        Iter<'static, u8>,
        Iter<'static, RcU8>,
        Iter<'static, CellU8>,
        TryIter<'static, u8>,
        TryIter<'static, RcU8>,
        TryIter<'static, CellU8>,
        IntoIter<u8>,
        IntoIter<RcU8>,
        IntoIter<CellU8>,
    );
    assert!(
        mismatches.is_empty(),
        "trait differences from std:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn errors_implement_the_same_traits_as_std() {
    let mismatches = trait_mismatches!(
        SendError<u8>,
        SendError<RcU8>,
        SendError<CellU8>,
        SendError<Opaque>,
        SendError<OptionOpaque>,
        TrySendError<u8>,
        TrySendError<RcU8>,
        TrySendError<CellU8>,
        TrySendError<Opaque>,
        RecvError,
        TryRecvError,
        RecvTimeoutError,
    );
    assert!(
        mismatches.is_empty(),
        "trait differences from std:\n{}",
        mismatches.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// One std-style program, written once, run with both libraries.
// ---------------------------------------------------------------------------------------------

/// The program, as a user would write it against `std::sync::mpsc`. It is pasted into two modules
/// that differ only in what `mpsc` names. It returns a transcript of what it observed; where the
/// scheduler decides (the interleaving of producers), the transcript records only what is fixed.
macro_rules! std_style_program {
    () => {
        pub fn run() -> Vec<String> {
            use std::thread;
            use std::time::Duration;

            let mut log = Vec::new();

            // Several producers; the consumer iterates until every sender is gone.
            let (tx, rx) = mpsc::channel();
            let producers: Vec<_> = (0..4u32)
                .map(|id| {
                    let tx = tx.clone();
                    thread::spawn(move || {
                        for seq in 0..250u32 {
                            tx.send((id, seq)).unwrap();
                        }
                    })
                })
                .collect();
            drop(tx);
            let received: Vec<(u32, u32)> = rx.iter().collect();
            producers.into_iter().for_each(|p| p.join().unwrap());
            let mut per_producer = vec![Vec::new(); 4];
            for &(id, seq) in &received {
                per_producer[id as usize].push(seq);
            }
            log.push(format!("received {} messages", received.len()));
            for (id, seqs) in per_producer.iter().enumerate() {
                let in_order = seqs.iter().copied().eq(0..250);
                log.push(format!("producer {id}: {} messages, in order: {in_order}", seqs.len()));
            }
            log.push(format!("after the loop: try_recv = {:?}", rx.try_recv()));
            log.push(format!("after the loop: recv = {:?}", rx.recv()));
            log.push(format!("after the loop: recv_timeout = {:?}", rx.recv_timeout(Duration::from_millis(1))));

            // try_recv and recv_timeout on a live channel.
            let (tx, rx) = mpsc::channel::<String>();
            log.push(format!("empty: try_recv = {:?}", rx.try_recv()));
            log.push(format!("empty: recv_timeout(10ms) = {:?}", rx.recv_timeout(Duration::from_millis(10))));
            let late = thread::spawn(move || tx.send("late".to_string()).unwrap());
            log.push(format!("recv_timeout(1h) = {:?}", rx.recv_timeout(Duration::from_secs(3600))));
            late.join().unwrap();
            log.push(format!("sender gone: recv_timeout(1h) = {:?}", rx.recv_timeout(Duration::from_secs(3600))));
            log.push(format!("sender gone: try_recv = {:?}", rx.try_recv()));
            let err = rx.try_recv().unwrap_err();
            log.push(format!("as text: {err} / {}", rx.recv().unwrap_err()));

            // sync_channel(0): a squaring server, request and reply both rendezvous.
            let (request_tx, request_rx) = mpsc::sync_channel::<u64>(0);
            let (reply_tx, reply_rx) = mpsc::sync_channel::<u64>(0);
            log.push(format!("nobody waiting: try_send = {:?}", request_tx.try_send(1)));
            let server = thread::spawn(move || {
                let mut served = 0;
                for n in request_rx {
                    reply_tx.send(n * n).unwrap();
                    served += 1;
                }
                served
            });
            for n in 1..=5 {
                request_tx.send(n).unwrap();
                log.push(format!("{n} squared = {:?}", reply_rx.recv()));
            }
            drop(request_tx);
            log.push(format!("server served {}", server.join().unwrap()));
            log.push(format!("server gone: recv = {:?}", reply_rx.recv()));

            // A rendezvous sender whose receiver leaves without taking the message gets it back.
            let (tx, rx) = mpsc::sync_channel::<&str>(0);
            let sender = thread::spawn(move || tx.send("unwanted").map_err(|err| err.0));
            drop(rx);
            log.push(format!("rendezvous, receiver gone: {:?}", sender.join().unwrap()));

            // sync_channel(2): back-pressure.
            let (tx, rx) = mpsc::sync_channel(2);
            log.push(format!("try_send a, b, c: {:?} {:?} {:?}", tx.try_send('a'), tx.try_send('b'), tx.try_send('c')));
            let full = tx.try_send('d').unwrap_err();
            log.push(format!("full: {full} / {full:?}"));
            log.push(format!("try_iter: {:?}", rx.try_iter().collect::<String>()));
            drop(rx);
            let closed = tx.send('e').unwrap_err();
            log.push(format!("closed: {closed} / {closed:?} / message {:?}", closed.0));
            let closed = tx.try_send('f').unwrap_err();
            log.push(format!("closed: {closed} / {closed:?}"));

            // Timeouts too large for a deadline wait without limit instead of panicking.
            let (tx, rx) = mpsc::channel::<u8>();
            tx.send(1).unwrap();
            log.push(format!("recv_timeout(MAX) with a message = {:?}", rx.recv_timeout(Duration::MAX)));
            let dropper = thread::spawn(move || drop(tx));
            log.push(format!("recv_timeout(MAX), sender dropped = {:?}", rx.recv_timeout(Duration::MAX)));
            dropper.join().unwrap();

            // Messages still queued are dropped with the receiver, not when the senders go.
            {
                use std::sync::Arc;
                use std::sync::atomic::{AtomicUsize, Ordering};
                struct Tracked(Arc<AtomicUsize>);
                impl Drop for Tracked {
                    fn drop(&mut self) {
                        self.0.fetch_add(1, Ordering::SeqCst);
                    }
                }
                let drops = Arc::new(AtomicUsize::new(0));
                for capacity in [None, Some(3)] {
                    drops.store(0, Ordering::SeqCst);
                    let (tx, rx) = match capacity {
                        None => {
                            let (tx, rx) = mpsc::channel();
                            (Ok(tx), rx)
                        }
                        Some(n) => {
                            let (tx, rx) = mpsc::sync_channel(n);
                            (Err(tx), rx)
                        }
                    };
                    for _ in 0..3 {
                        let msg = Tracked(Arc::clone(&drops));
                        match &tx {
                            Ok(tx) => tx.send(msg).map_err(drop).unwrap(),
                            Err(tx) => tx.send(msg).map_err(drop).unwrap(),
                        }
                    }
                    drop(rx);
                    let with_receiver = drops.load(Ordering::SeqCst);
                    drop(tx);
                    let with_senders = drops.load(Ordering::SeqCst);
                    log.push(format!(
                        "capacity {capacity:?}: {with_receiver} dropped with the receiver, {with_senders} after the senders"
                    ));
                }
            }

            // The handles print the same way.
            let (tx, rx) = mpsc::channel::<u8>();
            let (sync_tx, _sync_rx) = mpsc::sync_channel::<u8>(1);
            log.push(format!("{tx:?} {sync_tx:?} {rx:?} {:?} {:?}", rx.iter(), rx.try_iter()));
            log.push(format!("{:?}", rx.into_iter()));

            log
        }
    };
}

mod with_std {
    use std::sync::mpsc;
    std_style_program!();
}

mod with_mailslot {
    use mailslot as mpsc;
    std_style_program!();
}

#[test]
fn a_std_program_behaves_the_same_with_mailslot() {
    let theirs = with_std::run();
    let ours = with_mailslot::run();
    assert_eq!(ours.len(), theirs.len(), "transcript lengths");
    let differences: Vec<String> = ours
        .iter()
        .zip(&theirs)
        .enumerate()
        .filter(|(_, (ours, theirs))| ours != theirs)
        .map(|(line, (ours, theirs))| {
            format!("line {line}:\n  mailslot: {ours}\n  std:      {theirs}")
        })
        .collect();
    assert!(
        differences.is_empty(),
        "transcripts differ:\n{}",
        differences.join("\n")
    );
}
