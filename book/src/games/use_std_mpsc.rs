use std::sync::mpsc;
