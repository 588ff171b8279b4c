//! Every input the fuzzer (fuzz/, `cargo fuzz run paxlst`) found a fault with, run through the same checks as
//! the fuzz target: no panic, and the CONTRL acknowledgement reads back as one well-formed CONTRL message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use chrono::NaiveDate;
use limes_edifact::contrl::ContrlOptions;
use limes_edifact::paxlst;
use limes_edifact::syntax::{parse_interchange, scan, Mode};

/// The fuzz target's checks (fuzz/fuzz_targets/paxlst.rs), for one input.
pub fn check(data: &[u8]) {
    let _ = parse_interchange(data, Mode::Strict);
    let result = paxlst::parse(data);
    if let Ok(ic) = &result {
        let _ = paxlst::to_output_json(ic);
    }
    let _ = paxlst::run_cli(data);
    let _ = paxlst::parse_all(data);
    let options = ContrlOptions {
        control_reference: "F1".into(),
        prepared: NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
        own_id: "LIMES".into(),
    };
    let ack = paxlst::acknowledgement(data, &result, &options);
    let back = scan(ack.as_bytes(), Mode::Strict)
        .unwrap_or_else(|e| panic!("the CONTRL does not read back: {e}: {ack}"));
    assert_eq!(back.messages.len(), 1, "{ack}");
    assert!(back.messages[0].error.is_none(), "{ack}");
}

#[test]
fn every_fuzzer_finding_stays_fixed() {
    let dir = format!("{}/tests/fuzz_regressions", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("bin") {
            continue;
        }
        check(&std::fs::read(&path).unwrap());
        n += 1;
    }
    assert!(n >= 1, "no regression inputs in {dir}");
}

/// The first finding: a syntax identifier holding a segment terminator was copied unescaped into the CONTRL's
/// UNB, which then split in two.
#[test]
fn a_syntax_identifier_with_a_terminator_does_not_break_the_contrl() {
    let raw = b"UNB+UN?'X:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+X1'UNT+4+1'UNZ+1+R1'";
    check(raw);
    let result = paxlst::parse(raw);
    let options = ContrlOptions {
        control_reference: "F1".into(),
        prepared: NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
        own_id: "LIMES".into(),
    };
    let ack = paxlst::acknowledgement(raw, &result, &options);
    assert!(ack.starts_with("UNA:+.? 'UNB+UNOA:4+"), "{ack}");
}

/// The in-repository stand-in for the fuzzer (runs in every `cargo test`): truncations, byte changes,
/// insertions, deletions and repeated slices of every fixture, each through the fuzz target's checks.
#[test]
fn no_mutation_of_the_fixtures_panics() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut bases: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) != Some("md"))
        .map(|p| std::fs::read(p).unwrap())
        .filter(|b| b.len() < 4000)
        .collect();
    bases.sort();
    assert!(bases.len() >= 8);
    let mut seed: u64 = 0xEDF;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    let alphabet = b"+:'?*$^~! UNHTZAB0129\r\n\xff\xc3\x1d\x1c\x1f";
    for i in 0..6_000usize {
        let base = &bases[i % bases.len()];
        let mut v = base.clone();
        for _ in 0..1 + next() % 3 {
            if v.is_empty() {
                break;
            }
            let at = next() % v.len();
            match next() % 5 {
                0 => v.truncate(at),
                1 => v[at] = alphabet[next() % alphabet.len()],
                2 => v.insert(at, alphabet[next() % alphabet.len()]),
                3 => {
                    let end = (at + 1 + next() % 40).min(v.len());
                    v.drain(at..end);
                }
                _ => {
                    let end = (at + 1 + next() % 60).min(v.len());
                    let piece = v[at..end].to_vec();
                    let to = next() % v.len();
                    v.splice(to..to, piece);
                }
            }
        }
        check(&v);
    }
}
