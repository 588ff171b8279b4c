//! Every input the fuzzer (fuzz/, `cargo fuzz run paxlst`) found a fault with, run through the same checks as
//! the fuzz target: no panic, and the CONTRL acknowledgement reads back as one well-formed CONTRL message.
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
