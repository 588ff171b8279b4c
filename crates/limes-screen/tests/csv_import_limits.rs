//! The Limes list CSV refuses what would import wrongly: an unbalanced quote (named by its line, not a name
//! swallowing the rows after it), a repeated entry_id (both lines named), and a file of nothing but bad rows is
//! reported by its first 100 problems and a count of the rest.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion

use limes_screen::import;

#[test]
fn an_unbalanced_quote_is_an_error_naming_its_line() {
    let csv = "entry_id,name,birth_dates\nA1,Good Name,1970\nA2,\"Ivan Petrov,1971\nA3,Third Person,1972\n";
    let e = import::limes_csv("n", "n", csv.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 3: a quote"), "{e}");
    // At the end of the file too, where the reader alone would quietly close it.
    let csv = "entry_id,name\nA1,Good Name\nA2,\"Ivan Petrov\n";
    let e = import::limes_csv("n", "n", csv.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 3: a quote"), "{e}");
    // Quoted fields with doubled quotes are fine.
    let csv = "entry_id,name,aliases\nA1,\"Petrov, Ivan\",\"Ivan \"\"the Terrible\"\" Petrov\"\n";
    let list = import::limes_csv("n", "n", csv.as_bytes()).unwrap();
    assert_eq!(list.entries[0].names[0].full, "Petrov, Ivan");
}

#[test]
fn a_repeated_entry_id_names_both_lines() {
    let csv = "entry_id,name\nA1,First Person\nA2,Second Person\nA1,Third Person\n";
    let e = import::limes_csv("n", "n", csv.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("line 4: entry_id 'A1' is already on line 2"),
        "{e}"
    );
}

#[test]
fn an_all_bad_file_lists_the_first_100_problems_and_counts_the_rest() {
    let mut csv = String::from("entry_id,name,birth_dates\n");
    for n in 0..5_000 {
        csv.push_str(&format!("X{n},Some Name,not-a-date\n"));
    }
    let e = import::limes_csv("n", "n", csv.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("5000 problem(s)"), "{e}");
    assert!(e.contains("line 101:") && !e.contains("line 102:"), "{e}");
    assert!(e.ends_with("… and 4900 more"), "{e}");
}
