//! Any bytes as a WCO Data Model document: the declaration and notification readers, the validation, the JSON
//! output and the amendment must not panic; an error always names a place; a declaration read back from its JSON
//! is the same declaration.
#![no_main]
use libfuzzer_sys::fuzz_target;
use limes_customs::{apply_amendment, validate, wco, Document, Nomenclature};
use limes_domain::goods::Declaration;

fuzz_target!(|data: &[u8]| {
    match wco::read(data) {
        Ok(Document::Declarations { declarations }) => {
            for d in &declarations {
                let _ = validate(d, Nomenclature::embedded());
                let json = serde_json::to_string(d).expect("a declaration serialises");
                let back: Declaration = serde_json::from_str(&json).expect("and reads back");
                assert_eq!(serde_json::to_string(&back).expect("again"), json);
                let _ = apply_amendment(d, d);
            }
            if let [first, second, ..] = declarations.as_slice() {
                let _ = apply_amendment(first, second);
            }
        }
        Ok(Document::Notifications { notifications }) => {
            for n in &notifications {
                let xml = limes_customs::response::wco_notification(n);
                wco::parse_notifications(xml.as_bytes()).expect("a written notification reads back");
            }
        }
        Err(e) => assert!(e.line.is_some() && e.column.is_some(), "an XML error names its place: {e}"),
    }
    let _ = wco::parse(data);
    let _ = wco::parse_notifications(data);
});
