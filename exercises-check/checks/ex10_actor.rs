// Checks for exercise 10_actor (`cargo learn check 10`). The same tests run against the learner's
// file in exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, run in every execution loom explores within its
// preemption bound.
#![cfg(loom)]

mailslot_exercises::answer!("ex10_actor");

use answer::Request;
use mailslot_exercises::model::{check, spawn};
use mailslot_exercises::{invariant, pick};

#[test]
fn a_lone_client_sees_its_own_deposits() {
    let (first, second) = (pick(101, 1, 1_000), pick(102, 1, 1_000));
    check(
        &["main (the client)", "the bank (spawned by spawn_bank)"],
        move || {
            let (bank, handle) = answer::spawn_bank();
            bank.send(Request::Deposit(first)).unwrap();
            let seen = answer::balance(&bank);
            invariant!(
                seen == first,
                "after depositing {first}, balance() returned {seen}"
            );
            bank.send(Request::Deposit(second)).unwrap();
            let seen = answer::balance(&bank);
            invariant!(
                seen == first + second,
                "after depositing {first} and {second}, balance() returned {seen}"
            );
            drop(bank);
            let last = handle.join().unwrap();
            invariant!(
                last == first + second,
                "the bank finished with a balance of {last}, expected {}",
                first + second
            );
        },
    );
}

#[test]
fn two_clients_and_the_bank_stops_when_both_are_gone() {
    let (a, b) = (pick(103, 1, 1_000), pick(104, 1, 1_000));
    check(
        &[
            "main (client A)",
            "the bank (spawned by spawn_bank)",
            "client B",
        ],
        move || {
            let (bank, handle) = answer::spawn_bank();
            let other = bank.clone();
            let client_b = spawn("client B", move || {
                other.send(Request::Deposit(b)).unwrap();
            });
            bank.send(Request::Deposit(a)).unwrap();
            let seen = answer::balance(&bank);
            invariant!(
                seen == a || seen == a + b,
                "client A deposited {a} and B deposited {b}, yet balance() returned {seen} ({a} or {} are possible)",
                a + b
            );
            drop(bank);
            client_b.join().unwrap();
            let last = handle.join().unwrap();
            invariant!(
                last == a + b,
                "the bank finished with a balance of {last}, expected {}",
                a + b
            );
        },
    );
}
