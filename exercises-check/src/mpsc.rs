//! mailslot's channel (`std::sync::mpsc`'s API), with a note in [`crate::record`] of every message
//! sent and received, and on which thread. Otherwise it is exactly mailslot: each method calls
//! mailslot's and returns what it returned.

use std::time::Duration;

use crate::record;

pub use mailslot::{RecvError, RecvTimeoutError, SendError, TryRecvError, TrySendError};

pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let (tx, rx) = mailslot::channel();
    (Sender(tx), Receiver(rx))
}

pub fn sync_channel<T>(bound: usize) -> (SyncSender<T>, Receiver<T>) {
    let (tx, rx) = mailslot::sync_channel(bound);
    (SyncSender(tx), Receiver(rx))
}

#[derive(Debug)]
pub struct Sender<T>(mailslot::Sender<T>);

impl<T> Sender<T> {
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        let result = self.0.send(msg);
        if result.is_ok() {
            record::sent();
        }
        result
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        Sender(self.0.clone())
    }
}

#[derive(Debug)]
pub struct SyncSender<T>(mailslot::SyncSender<T>);

impl<T> SyncSender<T> {
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        let result = self.0.send(msg);
        if result.is_ok() {
            record::sent();
        }
        result
    }

    pub fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        let result = self.0.try_send(msg);
        if result.is_ok() {
            record::sent();
        }
        result
    }
}

impl<T> Clone for SyncSender<T> {
    fn clone(&self) -> Self {
        SyncSender(self.0.clone())
    }
}

#[derive(Debug)]
pub struct Receiver<T>(mailslot::Receiver<T>);

impl<T> Receiver<T> {
    pub fn recv(&self) -> Result<T, RecvError> {
        let result = self.0.recv();
        if result.is_ok() {
            record::received();
        }
        result
    }

    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        let result = self.0.try_recv();
        if result.is_ok() {
            record::received();
        }
        result
    }

    pub fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        let result = self.0.recv_timeout(timeout);
        if result.is_ok() {
            record::received();
        }
        result
    }

    pub fn iter(&self) -> Iter<'_, T> {
        Iter { rx: self }
    }

    pub fn try_iter(&self) -> TryIter<'_, T> {
        TryIter { rx: self }
    }
}

pub struct Iter<'a, T> {
    rx: &'a Receiver<T>,
}

impl<T> Iterator for Iter<'_, T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.rx.recv().ok()
    }
}

pub struct TryIter<'a, T> {
    rx: &'a Receiver<T>,
}

impl<T> Iterator for TryIter<'_, T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.rx.try_recv().ok()
    }
}

pub struct IntoIter<T> {
    rx: Receiver<T>,
}

impl<T> Iterator for IntoIter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.rx.recv().ok()
    }
}

impl<'a, T> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> IntoIterator for Receiver<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;
    fn into_iter(self) -> IntoIter<T> {
        IntoIter { rx: self }
    }
}
