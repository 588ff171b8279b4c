//! Any bytes as a UN/EDIFACT customs interchange: CUSDEC, CUSCAR and the format detection must not panic; what
//! is read validates and serialises; the CUSRES answer reads back as one well-formed message.
#![no_main]
use libfuzzer_sys::fuzz_target;
use limes_customs::response::{cusres, CusresOut, CusresStatus, Lane};
use limes_customs::{edifact, read, validate, Document, Nomenclature};

fuzz_target!(|data: &[u8]| {
    for result in [edifact::parse_cusdec(data), edifact::parse_cuscar(data)] {
        if let Ok(all) = result {
            for d in &all {
                let _ = validate(d, Nomenclature::embedded());
                let _ = serde_json::to_string(d).expect("a declaration serialises");
                let answer = cusres(&CusresOut {
                    sender: "LIMES".into(),
                    recipient: d.carrier.as_ref().and_then(|c| c.id.clone()).unwrap_or_default(),
                    control_reference: "1".into(),
                    prepared: chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .unwrap_or_default(),
                    declaration_reference: d.reference.clone(),
                    customs_reference: d.amends.clone(),
                    status: CusresStatus::Lane(Lane::Red),
                });
                let back = limes_edifact::syntax::scan(answer.as_bytes(), limes_edifact::Mode::Strict)
                    .expect("the CUSRES reads back");
                assert_eq!(back.messages.len(), 1, "{answer}");
                assert!(back.messages[0].error.is_none(), "{answer}");
            }
        }
    }
    if let Ok(Document::Declarations { declarations }) = read(data) {
        for d in &declarations {
            let _ = validate(d, Nomenclature::embedded());
        }
    }
});
