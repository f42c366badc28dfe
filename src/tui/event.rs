//! One event stream for the main loop: terminal input (read on its own
//! thread), loader results (forwarded from the corpus loader's channel) and
//! termination signals, merged into a single channel.
//!
//! The main loop blocks on this channel and redraws only after something
//! arrived — no fixed tick, which matters over slow SSH links. Dropping the
//! receiver ends the forwarder, which drops the `Loader`, which cancels the
//! workers: quitting during a load does not wait for it.

use crate::corpus::{LoadEvent, Loader};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

pub enum Event {
    Input(crossterm::event::Event),
    Load(LoadEvent),
    /// SIGTERM / SIGHUP / SIGINT: restore the terminal and leave.
    Signal(i32),
    /// Reading the terminal failed (it went away): leave.
    InputError(String),
}

pub struct Events {
    pub rx: Receiver<Event>,
}

pub fn start(loader: Option<Loader>) -> Events {
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    if let Some(loader) = loader {
        spawn_forwarder(loader, tx.clone());
    }
    spawn_signals(tx);
    Events { rx }
}

fn spawn_input(tx: Sender<Event>) {
    thread::spawn(move || loop {
        match crossterm::event::read() {
            Ok(ev) => {
                if tx.send(Event::Input(ev)).is_err() {
                    break;
                }
            }
            Err(e) => {
                let _ = tx.send(Event::InputError(e.to_string()));
                break;
            }
        }
    });
}

fn spawn_forwarder(loader: Loader, tx: Sender<Event>) {
    thread::spawn(move || {
        for ev in loader.rx.iter() {
            if tx.send(Event::Load(ev)).is_err() {
                loader.cancel();
                break;
            }
        }
    });
}

#[cfg(unix)]
fn spawn_signals(tx: Sender<Event>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _ = tx.send(Event::Signal(sig));
        }
    });
}

#[cfg(not(unix))]
fn spawn_signals(_tx: Sender<Event>) {}
