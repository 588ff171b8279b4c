//! Parse throughput: `cargo run --release -p limes-mrz --example throughput [iterations]`.
//! Prints nanoseconds per MRZ over the Doc 9303 specimens (TD1, TD2, TD3, MRV-A, MRV-B, long number).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use chrono::NaiveDate;
use std::time::Instant;

const SPECIMENS: [&str; 6] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6",
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
    "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<",
];

fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let Some(today) = NaiveDate::from_ymd_opt(2026, 3, 1) else {
        return;
    };
    let start = Instant::now();
    let mut valid = 0usize;
    for i in 0..iterations {
        let text = SPECIMENS[i % SPECIMENS.len()];
        if limes_mrz::parse(std::hint::black_box(text), today).valid {
            valid += 1;
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{iterations} MRZs in {:.3} s: {:.0} ns per MRZ ({valid} valid)",
        elapsed.as_secs_f64(),
        elapsed.as_nanos() as f64 / iterations.max(1) as f64
    );
}
