// Checks for exercise 10_actor (`cargo learn check 10`). The same tests run against the learner's file in
// exercises/ and, built with `--cfg solution`, against the reference in solutions/.
// Built with `--cfg loom`: every test is a model, checked in every schedule up to the preemption bound.
#![cfg(loom)]

#[cfg(not(solution))]
#[path = "../../exercises/ex10_actor.rs"]
#[allow(unused_imports, unused_variables, unused_mut, dead_code)]
mod answer;
#[cfg(solution)]
#[path = "../../solutions/ex10_actor.rs"]
mod answer;

use answer::Request;
use mailslot_exercises::invariant;
use mailslot_exercises::model::{check, spawn};

#[test]
fn a_lone_client_sees_its_own_deposits() {
    check(
        &["main (the client)", "the bank (spawned by spawn_bank)"],
        || {
            let (bank, handle) = answer::spawn_bank();
            bank.send(Request::Deposit(10)).unwrap();
            let seen = answer::balance(&bank);
            invariant!(seen == 10, "after depositing 10, balance() returned {seen}");
            drop(bank);
            let last = handle.join().unwrap();
            invariant!(
                last == 10,
                "the bank finished with a balance of {last}, expected 10"
            );
        },
    );
}

#[test]
fn two_clients_and_the_bank_stops_when_both_are_gone() {
    check(
        &[
            "main (client A)",
            "the bank (spawned by spawn_bank)",
            "client B",
        ],
        || {
            let (bank, handle) = answer::spawn_bank();
            let other = bank.clone();
            let client_b = spawn("client B", move || {
                other.send(Request::Deposit(5)).unwrap();
            });
            bank.send(Request::Deposit(10)).unwrap();
            let seen = answer::balance(&bank);
            invariant!(
                seen == 10 || seen == 15,
                "client A deposited 10 and B deposited 5, yet balance() returned {seen} (10 or 15 are possible)"
            );
            drop(bank);
            client_b.join().unwrap();
            let last = handle.join().unwrap();
            invariant!(
                last == 15,
                "the bank finished with a balance of {last}, expected 15"
            );
        },
    );
}
