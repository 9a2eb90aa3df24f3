// Checks for exercise 18_dining_philosophers (`cargo learn check 18`). The same tests run against
// the learner's file in exercises/ and, built with `--cfg solution`, against the reference in
// solutions/. Built with `--cfg loom`: every test is a model, run in every execution loom explores
// within its preemption bound. Two philosophers, one meal each: the smallest table where taking
// forks in the wrong order can close a cycle (each holds one fork and waits for the other's).
#![cfg(loom)]

mailslot_exercises::answer!("ex18_dining_philosophers");

use std::sync::{Arc, Mutex};

use answer::dine;
use mailslot_exercises::invariant;
use mailslot_exercises::model::check_explained;
use mailslot_exercises::thread;

const PHILOSOPHERS: usize = 2;

const CYCLE: &str = "A deadlock needs a cycle of threads, each holding something the next one \
    waits for. Which fork does each philosopher hold at that moment, and which one is it waiting \
    for?";

/// Who is eating right now, and how many meals each has had. Plain std data: loom runs one thread
/// at a time, and `eat` yields in the middle, so the checker can run the other philosopher while
/// one is eating.
#[derive(Default)]
struct Table {
    eating: Vec<bool>,
    meals: Vec<usize>,
}

#[test]
fn everyone_eats_and_no_two_neighbours_eat_at_once() {
    let cast = [
        "main (calls dine, the waiter)",
        "the first thread your code spawns (philosopher 0 in the starter)",
        "the second thread your code spawns (philosopher 1 in the starter)",
    ];
    check_explained(&cast, CYCLE, || {
        let table = Arc::new(Mutex::new(Table {
            eating: vec![false; PHILOSOPHERS],
            meals: vec![0; PHILOSOPHERS],
        }));
        let seen = Arc::clone(&table);
        dine(PHILOSOPHERS, 1, move |who| {
            {
                let mut table = seen.lock().unwrap();
                invariant!(who < PHILOSOPHERS, "eat was called for philosopher {who}");
                let left = (who + PHILOSOPHERS - 1) % PHILOSOPHERS;
                let right = (who + 1) % PHILOSOPHERS;
                invariant!(
                    !table.eating[left] && !table.eating[right],
                    "philosopher {who} started eating while a neighbour was eating: they cannot \
                     both hold the fork between them"
                );
                table.eating[who] = true;
                table.meals[who] += 1;
            }
            // Chewing: the checker may run anyone else now.
            thread::yield_now();
            seen.lock().unwrap().eating[who] = false;
        });
        let meals = table.lock().unwrap().meals.clone();
        invariant!(
            meals == vec![1; PHILOSOPHERS],
            "dine returned, and the philosophers had eaten {meals:?} meals (one each expected)"
        );
    });
}
