//! Any bytes: the syntax layer, the PAXLST mapping, the JSON output and the CONTRL acknowledgement must not
//! panic, and the acknowledgement must read back as one CONTRL message.
#![no_main]
use libfuzzer_sys::fuzz_target;
use limes_edifact::contrl::ContrlOptions;
use limes_edifact::paxlst;
use limes_edifact::syntax::{parse_interchange, scan, Mode};

fuzz_target!(|data: &[u8]| {
    let _ = parse_interchange(data, Mode::Strict);
    if let Ok(ic) = scan(data, Mode::Lenient) {
        for m in ic.messages() {
            for s in m.segments {
                let _ = s.to_segment();
            }
        }
    }
    let result = paxlst::parse(data);
    if let Ok(ic) = &result {
        let _ = paxlst::to_output_json(ic);
    }
    let _ = paxlst::run_cli(data);
    let _ = paxlst::parse_all(data);
    let options = ContrlOptions {
        control_reference: "F1".into(),
        prepared: chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default(),
        own_id: "LIMES".into(),
    };
    let ack = paxlst::acknowledgement(data, &result, &options);
    let back = scan(ack.as_bytes(), Mode::Strict).expect("the CONTRL reads back");
    assert_eq!(back.messages.len(), 1, "one CONTRL message: {ack}");
    assert!(back.messages[0].error.is_none(), "{ack}");
});
