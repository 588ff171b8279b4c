#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
//! Inputs harder than the real samples: our own files (other namespace prefixes, CRLF, an EDIFACT amendment,
//! segments out of order), variants of the real files built here (BOM, CRLF, renamed prefixes, a wrong
//! namespace, truncation at every length, bytes that are not UTF-8, entity declarations, huge counts), and
//! mutated files that nothing was tuned on: every one is read or refused with a place, never a panic.

use limes_customs::response::{self, CusresError, CusresOut, CusresStatus, Lane};
use limes_customs::wco::{self, NotificationKind};
use limes_customs::{edifact, read, validate, Document, Nomenclature, Severity};
use limes_domain::goods::{DeclarationFormat, DeclarationFunction};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const IM001D: &str = "hmrc-customs-declarations_TT_IM001d.xml";

#[test]
fn a_prefixed_dec_namespace_comments_in_values_and_units() {
    let all = wco::parse(&fixture("own/prefixed_declaration.xml")).unwrap();
    let d = &all[0];
    assert_eq!(
        d.declaration_type, "IMA",
        "the comment inside TypeCode is no data"
    );
    assert_eq!(d.reference, "LIMES-UT-0001");
    assert_eq!(d.transport.mode.as_deref(), Some("road"));
    assert_eq!(d.transport.identity.as_deref(), Some("UT-4411-K"));
    assert_eq!(d.transport.nationality.as_deref(), Some("DE"));
    assert_eq!(d.routing_countries, ["DE", "AT"], "in itinerary order");
    assert_eq!(
        d.carrier.as_ref().unwrap().name.as_deref(),
        Some("Fahrt & Co <KG>")
    );
    assert_eq!(d.containers[0].id, "MSKU1234565");
    assert_eq!(d.containers[0].seals, ["S-1", "S-2"]);
    assert_eq!(d.totals.gross_mass_kg, Some(1500.0), "1.5 TNE");
    let first = &d.items[0];
    assert_eq!(first.gross_mass_kg, Some(0.5), "500 GRM");
    assert_eq!(
        first.procedure.as_deref(),
        Some("4000 1CG"),
        "the CPC first"
    );
    assert_eq!(first.packages, Some(5), "two packagings added up");
    assert_eq!(first.package_type.as_deref(), Some("BX"));
    assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    assert!(d.warnings[0].contains("3 goods items but carries 2"));
    assert!(d.warnings[1].contains("1500 kg gross"));

    let problems = validate(d, Nomenclature::embedded());
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        text,
        [
            "item 1: origin country 'XX' is not a country code",
            "item 2: commodity code 99999999 is not in the Harmonized System",
            "item 2: package type 'Q9' is not a UN/ECE Rec 21 code",
            "the declaration says 3 goods items but carries 2",
            "the declaration says 1500 kg gross in total but its items add up to 1000.5 kg",
        ]
    );
    assert_eq!(problems[1].field, "commodity_code");
    assert_eq!(problems[1].item, Some(2));
    assert_eq!(problems[3].severity, Severity::Warning);
}

#[test]
fn bom_crlf_and_other_prefixes_read_the_same() {
    let original = fixture(IM001D);
    let base = wco::parse(&original).unwrap();
    let text = String::from_utf8(original).unwrap();

    let mut bom_crlf = vec![0xEF, 0xBB, 0xBF];
    bom_crlf.extend(text.replace('\n', "\r\n").into_bytes());
    assert_eq!(wco::parse(&bom_crlf).unwrap(), base);

    let renamed = text
        .replace("md:", "wcometa:")
        .replace("xmlns:md=", "xmlns:wcometa=");
    assert!(renamed.contains("<wcometa:MetaData"));
    assert_eq!(wco::parse(renamed.as_bytes()).unwrap(), base);
}

#[test]
fn a_declaration_in_another_namespace_is_refused_at_its_place() {
    let text = String::from_utf8(fixture(IM001D)).unwrap();
    let wrong = text.replace(
        "xmlns=\"urn:wco:datamodel:WCO:DEC-DMS:2\"",
        "xmlns=\"urn:example:not-wco\"",
    );
    let e = wco::parse(wrong.as_bytes()).unwrap_err();
    assert!(e.message.contains("urn:example:not-wco"), "{e}");
    assert!(e.line.is_some() && e.column.is_some(), "{e}");
}

#[test]
fn truncated_xml_is_refused_with_a_place_at_every_length() {
    let bytes = fixture(IM001D);
    let mut cut = 1;
    while cut < bytes.len() {
        let e = wco::parse(&bytes[..cut]).expect_err("a truncated document is not a declaration");
        assert!(e.line.is_some() || cut < 4, "cut at {cut}: {e}");
        cut += 211;
    }
}

#[test]
fn bytes_that_are_not_utf8_are_named_by_line_and_column() {
    let mut bytes = b"<a>\n  <b>caf".to_vec();
    bytes.push(0xE9);
    bytes.extend(b"</b>\n</a>");
    let e = wco::parse(&bytes).unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(9)), "{e}");
    assert!(e.message.contains("UTF-8"));
}

#[test]
fn entity_declarations_are_refused() {
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><md:MetaData xmlns:md=\"urn:wco:datamodel:WCO:DocumentMetaData-DMS:2\">&lol2;</md:MetaData>";
    let e = wco::parse(laughs.as_bytes()).unwrap_err();
    assert!(e.line.is_some(), "{e}");
}

#[test]
fn huge_counts_saturate_or_are_dropped_never_overflow() {
    let text = String::from_utf8(fixture(IM001D)).unwrap();
    let huge = text
        .replace(
            "<QuantityQuantity>50</QuantityQuantity>",
            "<QuantityQuantity>4294967295</QuantityQuantity>",
        )
        .replace(
            "<QuantityQuantity>15</QuantityQuantity>",
            "<QuantityQuantity>4294967295</QuantityQuantity>",
        )
        .replace(
            "<GoodsItemQuantity>3</GoodsItemQuantity>",
            "<GoodsItemQuantity>99999999999999999999</GoodsItemQuantity>",
        )
        .replace(
            "<GrossMassMeasure>150</GrossMassMeasure>",
            "<GrossMassMeasure>1e308</GrossMassMeasure>",
        );
    let d = &wco::parse(huge.as_bytes()).unwrap()[0];
    assert_eq!(d.items[0].packages, Some(u32::MAX));
    assert_eq!(d.totals.items, 0, "a count beyond u32 is not a count");
    assert!(
        d.warnings
            .iter()
            .any(|w| w.contains("80 packages in total")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn an_edifact_amendment_with_una_crlf_and_release_characters() {
    let all = edifact::parse_cusdec(&fixture("own/amendment_crlf.edi")).unwrap();
    assert_eq!(all.len(), 1);
    let d = &all[0];
    assert_eq!(d.format, DeclarationFormat::Cusdec);
    assert_eq!(d.function, DeclarationFunction::Amendment);
    assert_eq!(d.declaration_type, "929");
    assert_eq!(
        d.reference, "LRN+0042",
        "the release character kept the plus"
    );
    assert_eq!(d.amends.as_deref(), Some("UT26000000000042"));
    let exporter = d.exporter.as_ref().unwrap();
    assert_eq!(exporter.id.as_deref(), Some("EX-01"));
    assert_eq!(exporter.name.as_deref(), Some("Fabrik A:B"));
    assert_eq!(exporter.country.as_deref(), Some("DE"));
    assert_eq!(d.importer.as_ref().unwrap().country.as_deref(), Some("UT"));
    assert_eq!(d.transport.mode.as_deref(), Some("road"));
    assert_eq!(d.transport.identity.as_deref(), Some("Volvo FH"));
    assert_eq!(d.containers[0].id, "MSKU1234565");
    assert_eq!(d.containers[0].seals, ["SEAL77"]);
    assert_eq!(d.items.len(), 2);
    assert_eq!(d.items[0].commodity_code.as_deref(), Some("851090"));
    assert_eq!(d.items[0].origin_country.as_deref(), Some("CN"));
    assert_eq!(d.items[0].packages, Some(10));
    assert_eq!(d.items[0].package_type.as_deref(), Some("BX"));
    assert_eq!(d.items[1].commodity_code.as_deref(), Some("93020000"));
    let pounds = d.items[1].gross_mass_kg.unwrap();
    assert!((pounds - 45.359_237).abs() < 1e-9, "{pounds}");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let problems = validate(d, Nomenclature::embedded());
    // UT (the demo's Utopia, the ICAO specimen state) is no ISO 3166 code: a warning for each place.
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p.severity == Severity::Warning && p.message.contains("UT (Utopia")),
        "{problems:?}"
    );
}

#[test]
fn a_cargo_report_with_segments_out_of_order() {
    let Document::Declarations { declarations: all } =
        read(&fixture("own/out_of_order.edi")).unwrap()
    else {
        panic!("declarations expected");
    };
    assert_eq!(all.len(), 2);
    let (a, b) = (&all[0], &all[1]);
    assert_eq!(a.reference, "BL-1");
    assert_eq!(b.reference, "BL-2", "the bill named after the items");
    assert_eq!(a.items.len(), 1);
    assert_eq!(a.items[0].origin_country.as_deref(), Some("JP"));
    assert_eq!(a.items[0].gross_mass_kg, Some(500.0));
    assert_eq!(a.containers.len(), 1, "SGP and EQD name the same container");
    assert_eq!(a.containers[0].seals, ["111", "222"]);
    assert_eq!(a.export_country.as_deref(), Some("JP"));
    assert_eq!(
        b.items.len(),
        1,
        "MEA and FTX before GID belong to its item"
    );
    assert_eq!(b.items[0].gross_mass_kg, Some(70.0));
    assert_eq!(b.items[0].description.as_deref(), Some("Spare tyre"));
    assert_eq!(b.items[0].package_type.as_deref(), Some("NE"));
    assert_eq!(
        b.consignee.as_ref().unwrap().name.as_deref(),
        Some("Importer Two")
    );
    for d in &all {
        assert_eq!(
            d.carrier.as_ref().unwrap().name.as_deref(),
            Some("CARRIER LINE")
        );
        assert_eq!(d.transport.nationality.as_deref(), Some("SG"));
        assert!(
            d.warnings.iter().any(|w| w.contains("UNT says 23")),
            "{:?}",
            d.warnings
        );
    }
}

#[test]
fn a_truncated_interchange_is_refused_naming_the_segment() {
    let bytes = fixture("smooks_96b_cusdec.edi");
    let text = String::from_utf8(bytes.clone()).unwrap();
    let cut = text.find("UNS+S").unwrap();
    let e = edifact::parse_cusdec(&bytes[..cut]).unwrap_err();
    assert!(e.segment.is_some() || e.line.is_some(), "{e}");
    // A message not closed by its UNT before the next UNH: the whole file is refused, naming the segment and its
    // line.
    let lines = String::from_utf8(fixture("smooks_99a_cuscar.edi")).unwrap();
    let broken = lines.replace("UNT+21+163477'", "");
    let e = edifact::parse_cuscar(broken.as_bytes()).unwrap_err();
    assert_eq!(e.tag.as_deref(), Some("UNH"), "{e}");
    assert!(
        e.message.contains("message 163477 is not closed by UNT"),
        "{e}"
    );
    let line = broken
        .lines()
        .position(|l| l.starts_with("UNH+163478"))
        .unwrap()
        + 1;
    assert_eq!(e.line, Some(line as u32), "{e}");
    assert!(
        e.to_string().starts_with("line 23, segment 22 (UNH): "),
        "{e}"
    );
    // Every cut: read or refused, never a panic.
    for cut in 0..bytes.len() {
        let _ = read(&bytes[..cut]);
    }
}

#[test]
fn cusres_says_accepted_rejected_or_the_lane_and_reads_back() {
    let prepared = chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
        .unwrap()
        .and_hms_opt(9, 15, 0)
        .unwrap();
    let out = |status| CusresOut {
        sender: "UTOCUSTOMS".into(),
        recipient: "BROKER01".into(),
        control_reference: "R1".into(),
        prepared,
        declaration_reference: "LRN+0042".into(),
        customs_reference: Some("26UT0000000042".into()),
        status,
    };
    let rejected = response::cusres(&out(CusresStatus::Rejected(vec![CusresError {
        code: "HS".into(),
        item: Some(2),
        text: "commodity code 99999999 is not in the Harmonized System".into(),
    }])));
    let ic = limes_edifact::syntax::scan(rejected.as_bytes(), limes_edifact::Mode::Strict).unwrap();
    assert_eq!(ic.messages.len(), 1);
    assert!(ic.messages[0].error.is_none(), "{rejected}");
    let m = ic.messages().next().unwrap();
    assert_eq!(m.message_type()[0], "CUSRES");
    let tags: Vec<String> = m.body().iter().map(|s| s.tag().to_string()).collect();
    assert_eq!(
        tags,
        ["BGM", "DTM", "GIS", "RFF", "RFF", "ERP", "ERC", "FTX"]
    );
    let body = m.body();
    assert_eq!(
        body[0].get(2, 1),
        "LRN+0042",
        "the release character kept the plus"
    );
    assert_eq!(body[2].get(1, 1), "REJ");
    assert_eq!(body[3].get(1, 2), "LRN+0042");
    assert_eq!(body[4].get(1, 2), "26UT0000000042");
    assert_eq!(body[5].get(1, 2), "2");
    assert_eq!(
        body[7].get(4, 1),
        "commodity code 99999999 is not in the Harmonized System"
    );

    let red = response::cusres(&out(CusresStatus::Lane(Lane::Red)));
    let ic = limes_edifact::syntax::scan(red.as_bytes(), limes_edifact::Mode::Strict).unwrap();
    let m = ic.messages().next().unwrap();
    assert!(m
        .body()
        .iter()
        .any(|s| s.tag() == "GIS" && s.get(1, 1) == "RED"));
    let accepted = response::cusres(&out(CusresStatus::Accepted));
    assert!(accepted.contains("GIS+ACC::ZZZ'"));
}

#[test]
fn the_wco_response_reads_back_as_the_notification_it_was_written_from() {
    let status = CusresStatus::Rejected(vec![CusresError {
        code: "CDS12005".into(),
        item: Some(3),
        text: String::new(),
    }]);
    let mut n = response::notification_for("LRN<&>1", &status);
    n.issued = Some("20261203091500Z".into());
    n.declaration_id = Some("26UT0000000042".into());
    let xml = response::wco_notification(&n);
    let back = wco::parse_notifications(xml.as_bytes()).unwrap();
    assert_eq!(back, [n.clone()]);
    assert_eq!(back[0].kind, NotificationKind::Rejected);
    assert_eq!(back[0].errors[0].pointer, "42A/67A#3");
    assert_eq!(back[0].declaration_reference.as_deref(), Some("LRN<&>1"));

    let cleared = response::notification_for("LRN1", &CusresStatus::Lane(Lane::Green));
    let back = wco::parse_notifications(response::wco_notification(&cleared).as_bytes()).unwrap();
    assert_eq!(back[0].kind, NotificationKind::Cleared);
    let accepted = response::notification_for("LRN1", &CusresStatus::Accepted);
    let back = wco::parse_notifications(response::wco_notification(&accepted).as_bytes()).unwrap();
    assert_eq!(back, [accepted]);
}

/// A small deterministic generator, so mutated files are the same on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn mutated_files_never_panic() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut rng = Lcg(14);
    let alphabet = b"<>/:+?'\"&=\n\t 0123456789AZaz\xFF";
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() || path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for _ in 0..40 {
            let mut mutated = bytes.clone();
            for _ in 0..(1 + rng.next() % 4) {
                let at = (rng.next() as usize) % mutated.len().max(1);
                match rng.next() % 3 {
                    0 => mutated[at] = alphabet[(rng.next() as usize) % alphabet.len()],
                    1 => {
                        mutated.remove(at);
                    }
                    _ => {
                        let from = (rng.next() as usize) % mutated.len().max(1);
                        let piece: Vec<u8> = mutated[from..(from + 40).min(mutated.len())].to_vec();
                        mutated.splice(at..at, piece);
                    }
                }
            }
            if let Ok(Document::Declarations { declarations }) = read(&mutated) {
                for d in &declarations {
                    let _ = validate(d, Nomenclature::embedded());
                    let _ = serde_json::to_string(d).unwrap();
                }
            }
        }
    }
}

#[test]
fn the_json_limes_prints_reads_back_and_broken_json_names_the_field() {
    let declarations = wco::parse(&fixture(IM001D)).unwrap();
    let printed = serde_json::to_vec(&Document::Declarations {
        declarations: declarations.clone(),
    })
    .unwrap();
    let Document::Declarations { declarations: back } = read(&printed).unwrap() else {
        panic!("declarations expected");
    };
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].format, DeclarationFormat::Json);
    let mut expected = declarations[0].clone();
    expected.format = DeclarationFormat::Json;
    assert_eq!(back[0], expected);
    // One declaration alone, and a list.
    let one = serde_json::to_vec(&declarations[0]).unwrap();
    assert_eq!(limes_customs::read_json(&one).unwrap(), [expected.clone()]);
    let many = serde_json::to_vec(&declarations).unwrap();
    assert_eq!(limes_customs::read_json(&many).unwrap(), [expected]);

    let mut value: serde_json::Value = serde_json::from_slice(&printed).unwrap();
    value["declarations"][0]["items"][1]["packages"] = serde_json::json!("many");
    let pretty = serde_json::to_vec_pretty(&value).unwrap();
    let e = limes_customs::read_json(&pretty).unwrap_err();
    assert!(
        e.message.starts_with("declarations[0].items[1].packages: "),
        "{e}"
    );
    assert!(e.line.is_some() && e.column.is_some(), "{e}");
    let e = read(b"{\"declarations\": [").unwrap_err();
    assert_eq!(e.line, Some(1), "{e}");
}

#[test]
fn an_edifact_amendment_applies_to_the_cusdec_it_names() {
    let amendment_text = String::from_utf8(fixture("own/amendment_crlf.edi")).unwrap();
    // The original: the same declaration lodged under the reference the amendment names, with other masses and
    // one item fewer.
    let original_text = amendment_text
        .replace("BGM+929+LRN?+0042+5'", "BGM+929+UT26000000000042+9'")
        .replace("RFF+ACE:UT26000000000042'\r\n", "")
        .replace("MEA+WT+AAB+KGM:150'", "MEA+WT+AAB+KGM:140'")
        .replace(
            "CST+2'\r\nPIA+5+93020000:HS'\r\nFTX+AAA+++Revolvers'\r\nMEA+WT+AAB+LBR:100'\r\nPAC+1++CS'\r\n",
            "",
        )
        .replace("CNT+5:2'", "CNT+5:1'")
        .replace("UNT+23+1'", "UNT+17+1'");
    let original = edifact::parse_cusdec(original_text.as_bytes())
        .unwrap()
        .remove(0);
    assert_eq!(original.function, DeclarationFunction::Original);
    assert_eq!(original.items.len(), 1);
    assert!(original.warnings.is_empty(), "{:?}", original.warnings);
    let amendment = edifact::parse_cusdec(amendment_text.as_bytes())
        .unwrap()
        .remove(0);
    let amended = limes_customs::apply_amendment(&original, &amendment).unwrap();
    assert_eq!(amended.reference, "UT26000000000042");
    assert_eq!(amended.items.len(), 2, "the amendment adds item 2");
    assert_eq!(amended.items[0].gross_mass_kg, Some(150.0));
    assert_eq!(amended.items[1].commodity_code.as_deref(), Some("93020000"));
    assert_eq!(amended.totals.items, 2);
    assert!(amended.warnings.is_empty(), "{:?}", amended.warnings);
}
