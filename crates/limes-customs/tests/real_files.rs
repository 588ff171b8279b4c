#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
//! Every real declaration, cargo report and notification in `tests/fixtures/` read, with the facts each one
//! carries asserted (see `tests/fixtures/README.md` and the shared goods README for what each file is).

use limes_customs::wco::{self, NotificationKind};
use limes_customs::{
    apply_amendment, edifact, read, validate, AmendError, Document, Nomenclature, Severity,
};
use limes_domain::goods::{
    Declaration, DeclarationFormat, DeclarationFunction, GoodsItem, Party, Totals,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn wco_one(name: &str) -> Declaration {
    let mut all = wco::parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(all.len(), 1, "{name}");
    all.remove(0)
}

const HMRC: &str = "hmrc-customs-declarations_";

fn errors(d: &Declaration) -> Vec<String> {
    validate(d, Nomenclature::embedded())
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn tt_im001d_three_items_container_and_procedure() {
    let d = wco_one(&format!("{HMRC}TT_IM001d.xml"));
    assert_eq!(d.format, DeclarationFormat::WcoDms);
    assert_eq!(d.function, DeclarationFunction::Original);
    assert_eq!(d.declaration_type, "IMA");
    assert_eq!(d.reference, "TT_IM01d_v1.6_230322_1");
    let codes: Vec<_> = d
        .items
        .iter()
        .map(|i| i.commodity_code.clone().unwrap())
        .collect();
    assert_eq!(codes, ["85109000", "85101000", "85102000"]);
    assert!(d
        .items
        .iter()
        .all(|i| i.origin_country.as_deref() == Some("US")));
    assert_eq!(d.items[0].procedure.as_deref(), Some("4000 000"));
    assert_eq!(d.items[0].gross_mass_kg, Some(150.0));
    assert_eq!(d.items[0].net_mass_kg, Some(100.0));
    assert_eq!(d.items[0].package_type.as_deref(), Some("BX"));
    assert_eq!(d.items.iter().filter_map(|i| i.packages).sum::<u32>(), 80);
    assert_eq!(d.totals.packages, Some(80));
    assert_eq!(d.totals.items, 3);
    assert_eq!(d.containers.len(), 1);
    assert_eq!(d.containers[0].id, "AD12345");
    assert_eq!(d.transport.mode.as_deref(), Some("sea"));
    assert_eq!(d.transport.nationality.as_deref(), Some("US"));
    assert_eq!(
        d.exporter.as_ref().unwrap().name.as_deref(),
        Some("US Clipper Inc.")
    );
    assert_eq!(
        d.importer.as_ref().unwrap().id.as_deref(),
        Some("GB553202734852")
    );
    assert_eq!(
        d.declarant.as_ref().unwrap().id.as_deref(),
        Some("GB603202734852")
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
}

#[test]
fn tt_im083a_temporary_admission_and_parties_by_name() {
    let d = wco_one(&format!("{HMRC}TT_IM083a_Step1.xml"));
    let codes: Vec<_> = d
        .items
        .iter()
        .map(|i| i.commodity_code.clone().unwrap())
        .collect();
    assert_eq!(codes, ["92079010", "92060000", "92071050"]);
    assert!(d
        .items
        .iter()
        .all(|i| i.procedure.as_deref() == Some("5300 D12")));
    let exporter = d.exporter.unwrap();
    assert_eq!(exporter.id, None);
    assert_eq!(exporter.country.as_deref(), Some("US"));
    assert_eq!(d.importer.unwrap().id, None);
}

#[test]
fn imy_aggregated_two_items_of_courgettes() {
    let d = wco_one(&format!(
        "{HMRC}IMY_Aggregated_Supplementary_Declaration.xml"
    ));
    assert_eq!(d.declaration_type, "IMY");
    assert_eq!(d.items.len(), 2);
    for item in &d.items {
        assert_eq!(item.commodity_code.as_deref(), Some("07099310"));
        assert_eq!(item.origin_country.as_deref(), Some("EG"));
        assert_eq!(item.gross_mass_kg, Some(7500.0));
    }
}

#[test]
fn tt_im019a_beer_into_northern_ireland() {
    let d = wco_one(&format!("{HMRC}TT_IM019a.xml"));
    let item = &d.items[0];
    assert_eq!(item.commodity_code.as_deref(), Some("22030001"));
    assert_eq!(item.origin_country.as_deref(), Some("BR"));
    assert_eq!(item.packages, Some(100));
    assert!(d.exporter.unwrap().id.unwrap().starts_with("XI"));
}

#[test]
fn tt_im021a_horses_by_air_with_a_flight_and_date() {
    let d = wco_one(&format!("{HMRC}TT_IM021a_Step1.xml"));
    assert_eq!(d.declaration_type, "IMD");
    assert_eq!(d.items[0].commodity_code.as_deref(), Some("01019000"));
    assert_eq!(d.items[0].package_type.as_deref(), Some("CN"));
    assert_eq!(d.items[0].packages, Some(5));
    assert_eq!(d.transport.mode.as_deref(), Some("air"));
    assert_eq!(d.transport.nationality.as_deref(), Some("US"));
    assert_eq!(d.transport.identity.as_deref(), Some("XDZ599 01.04.2021"));
}

#[test]
fn tt_im180a_simplified_without_a_commodity_code_or_total_packages() {
    let d = wco_one(&format!("{HMRC}TT_IM180a_Step1.xml"));
    assert_eq!(d.declaration_type, "IMJ");
    assert_eq!(d.items[0].commodity_code, None);
    assert_eq!(d.items[0].procedure.as_deref(), Some("0007 71G"));
    assert_eq!(d.items[0].packages, Some(100));
    assert_eq!(d.totals.packages, None);
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
}

#[test]
fn tt_im181a_jersey_is_a_country() {
    let d = wco_one(&format!("{HMRC}TT_IM181a_Step1.xml"));
    assert_eq!(d.declaration_type, "COY");
    assert_eq!(d.items[0].commodity_code.as_deref(), Some("96019000"));
    assert_eq!(d.items[0].origin_country.as_deref(), Some("JE"));
    assert!(validate(&d, Nomenclature::embedded()).is_empty());
}

#[test]
fn tt_im023a_in_the_mdg_envelope() {
    let d = wco_one(&format!("{HMRC}TT_IM023a_submitDeclarationRequest.xml"));
    assert_eq!(
        d.declaration_type, "IMA",
        "data, not the comment that calls it supplementary"
    );
    assert_eq!(d.items[0].commodity_code.as_deref(), Some("15162098"));
    assert_eq!(d.items[0].origin_country.as_deref(), Some("ID"));
    assert_eq!(d.items[0].packages, Some(10));
    assert_eq!(d.items[0].package_type.as_deref(), Some("DR"));
}

#[test]
fn exports_with_containers_seals_carriers_and_routing() {
    let d = wco_one(&format!("{HMRC}TT_EX039a.xml"));
    assert_eq!(d.declaration_type, "EXD");
    assert_eq!(d.destination_country.as_deref(), Some("JP"));
    assert_eq!(d.containers[0].id, "Container123");
    assert_eq!(d.containers[0].seals, ["12345"]);
    let codes: Vec<_> = d
        .items
        .iter()
        .map(|i| i.commodity_code.clone().unwrap())
        .collect();
    assert_eq!(codes, ["46021910", "83059000"]);
    assert_eq!(d.routing_countries, ["GB", "JP"]);

    let d = wco_one(&format!("{HMRC}TT_EX028a_Step1.xml"));
    assert_eq!(d.containers[0].id, "DHAU9384333");
    assert_eq!(d.containers[0].seals, ["17583753"]);
    let carrier = d.carrier.unwrap();
    assert_eq!(carrier.name.as_deref(), Some("KP Carrier"));
    assert_eq!(d.items[0].commodity_code.as_deref(), Some("44185000"));

    let d = wco_one(&format!("{HMRC}TT_EX025a_Step1.xml"));
    assert_eq!(d.items[0].procedure.as_deref(), Some("1040 1MU"));
    assert_eq!(d.items[0].gross_mass_kg, Some(1200.0));
    assert_eq!(d.items[0].packages, Some(50));
}

#[test]
fn tt_ex004a_firearms_to_sudan_with_item_level_destination_and_licences() {
    let d = wco_one(&format!("{HMRC}TT_EX004a.xml"));
    let codes: Vec<_> = d
        .items
        .iter()
        .map(|i| i.commodity_code.clone().unwrap())
        .collect();
    assert_eq!(codes, ["93019000", "93059100"]);
    assert_eq!(d.destination_country.as_deref(), Some("SD"));
    assert_eq!(d.transport.identity.as_deref(), Some("MSCSUPERGUN"));
    assert!(d.items[0].documents.len() >= 3);
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
}

#[test]
fn tt_ex005a_zg_is_a_warning_not_an_error() {
    let d = wco_one(&format!("{HMRC}TT_EX005a.xml"));
    assert_eq!(d.destination_country.as_deref(), Some("ZG"));
    let problems = validate(&d, Nomenclature::embedded());
    assert!(!problems.is_empty());
    assert!(
        problems.iter().all(|p| p.severity == Severity::Warning),
        "{problems:?}"
    );
    assert!(problems
        .iter()
        .any(|p| p.message.contains("ZG (German continental shelf)")));
}

#[test]
fn cus_code_sample_masses_with_unit_code_and_the_cus_number_is_not_the_commodity_code() {
    let d = wco_one(&format!("{HMRC}CUS_Code_New_Export_CUS_Code_Sample.xml"));
    assert_eq!(d.items[0].commodity_code.as_deref(), Some("29349990"));
    assert_eq!(d.items[0].gross_mass_kg, Some(20.0));
    assert_eq!(d.items[0].net_mass_kg, Some(15.0));
    assert_eq!(d.destination_country.as_deref(), Some("PK"));
}

#[test]
fn c21e_consignor_in_the_header_consignment() {
    let d = wco_one(&format!("{HMRC}New_Export_C21e_Consignor_Sample.xml"));
    assert_eq!(d.declaration_type, "EXJ");
    assert_eq!(d.consignor.unwrap().country.as_deref(), Some("KR"));
    assert_eq!(d.items[0].commodity_code, None);
    assert_eq!(d.items[0].procedure.as_deref(), Some("0014 19Z"));
}

#[test]
fn tt_ex016a_car_without_total_packages() {
    let d = wco_one(&format!("{HMRC}TT_EX016a.xml"));
    assert_eq!(d.items[0].commodity_code.as_deref(), Some("87032390"));
    assert_eq!(d.totals.packages, None);
    assert_eq!(d.consignee.unwrap().country.as_deref(), Some("IN"));
}

#[test]
fn older_v2_02_declarations_with_placeholder_eoris_and_packaging_without_quantity() {
    let d = wco_one("hmrc-customs-declare-exports_TT1_EX_v2.02_Accepted.xml");
    assert_eq!(d.declarant.unwrap().id.as_deref(), Some("INSERTEORI"));
    assert_eq!(d.items[0].procedure.as_deref(), Some("3171 000"));
    assert_eq!(d.items[0].packages, None);
    assert_eq!(d.items[0].commodity_code.as_deref(), Some("42021219"));

    let d = wco_one("hmrc-customs-declare-exports_TT1_IM_v2.02_Rejected_Obligation_Netmass.xml");
    assert_eq!(d.declaration_type, "IMZ");
    assert_eq!(
        d.items[0].net_mass_kg, None,
        "the net mass is what HMRC rejects it for"
    );
    assert_eq!(d.items[0].procedure.as_deref(), Some("4071 000"));
}

#[test]
fn tt_im002c_amendment_with_pointers() {
    let d = wco_one(&format!("{HMRC}TT_IM002c_Complex_Multi_Amendment.xml"));
    assert_eq!(d.function, DeclarationFunction::Amendment);
    assert_eq!(d.declaration_type, "COR");
    assert_eq!(d.reference, "TT_IM02c_0307_886");
    assert_eq!(d.amends.as_deref(), Some("20GB7BKUHU20XX8PR5"));
    assert_eq!(d.amendments.len(), 6);
    assert_eq!(d.amendments[0].pointer, "42A#1@146");
    assert_eq!(d.amendments[1].pointer, "42A#1/57A#2@R031");
    assert!(d.amendments[1]
        .note
        .as_deref()
        .unwrap()
        .contains("Amend Exporter Name"));
    assert_eq!(d.totals.packages, Some(53));
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.items[0].packages, Some(53));
    assert_eq!(d.items[0].commodity_code, None);
    assert_eq!(
        d.exporter.as_ref().unwrap().name.as_deref(),
        Some("Detroit Cocoa Company")
    );
    assert!(
        d.warnings.is_empty(),
        "partial data is no totals disagreement: {:?}",
        d.warnings
    );
}

fn base_for_im002c() -> Declaration {
    let mut d = Declaration::new(
        DeclarationFormat::WcoDms,
        DeclarationFunction::Original,
        "20GB7BKUHU20XX8PR5".into(),
    );
    d.declaration_type = "IMA".into();
    d.exporter = Some(Party {
        id: None,
        name: Some("Old Cocoa Inc".into()),
        country: Some("US".into()),
    });
    d.items = vec![
        GoodsItem {
            sequence: 1,
            commodity_code: Some("18010000".into()),
            packages: Some(50),
            package_type: Some("IG".into()),
            gross_mass_kg: Some(500.0),
            ..GoodsItem::default()
        },
        GoodsItem {
            sequence: 2,
            commodity_code: Some("18031000".into()),
            packages: Some(3),
            ..GoodsItem::default()
        },
    ];
    d.totals = Totals {
        items: 2,
        packages: Some(50),
        gross_mass_kg: None,
    };
    d.warnings = d.totals_warnings();
    d
}

#[test]
fn tt_im002c_applied_to_its_declaration() {
    let base = base_for_im002c();
    assert_eq!(base.warnings.len(), 1, "50 declared, 53 on the items");
    let amendment = wco_one(&format!("{HMRC}TT_IM002c_Complex_Multi_Amendment.xml"));
    let amended = apply_amendment(&base, &amendment).unwrap();
    assert_eq!(amended.function, DeclarationFunction::Original);
    assert_eq!(amended.reference, "20GB7BKUHU20XX8PR5");
    assert_eq!(amended.declaration_type, "IMA");
    assert_eq!(amended.totals.packages, Some(53));
    assert_eq!(amended.totals.items, 2);
    assert_eq!(amended.items.len(), 2);
    // Item 1: the packages changed, the rest kept.
    assert_eq!(amended.items[0].packages, Some(53));
    assert_eq!(amended.items[0].commodity_code.as_deref(), Some("18010000"));
    assert_eq!(amended.items[0].gross_mass_kg, Some(500.0));
    assert_eq!(amended.items[1], base.items[1]);
    let exporter = amended.exporter.clone().unwrap();
    assert_eq!(exporter.name.as_deref(), Some("Detroit Cocoa Company"));
    assert_eq!(exporter.country.as_deref(), Some("US"));
    assert_eq!(amended.amendments.len(), 6);
    // 53 + 3 packages on the items against 53 declared: the old warning (50) is gone, the new one is named.
    assert_eq!(amended.warnings.len(), 1, "{:?}", amended.warnings);
    assert!(amended.warnings[0].contains("53 packages in total but its items add up to 56"));

    let mut other = base.clone();
    other.reference = "21GBOTHER0000000X1".into();
    assert_eq!(
        apply_amendment(&other, &amendment),
        Err(AmendError::OtherDeclaration {
            amends: "20GB7BKUHU20XX8PR5".into(),
            original: "21GBOTHER0000000X1".into()
        })
    );
}

#[test]
fn tt_im011a_invalidation_request() {
    let d = wco_one(&format!("{HMRC}TT_IM011a_Cancellation.xml"));
    assert_eq!(d.function, DeclarationFunction::Invalidation);
    assert_eq!(d.declaration_type, "INV");
    assert_eq!(d.amends.as_deref(), Some("24GBA4ZYBWXU1BSA00"));
    assert!(d.items.is_empty());
    assert_eq!(
        d.declarant.as_ref().unwrap().id.as_deref(),
        Some("GB427168118378")
    );
    assert_eq!(d.amendments.len(), 1);
    assert!(d.amendments[0]
        .note
        .as_deref()
        .unwrap()
        .contains("duplicate declaration"));
    let base = base_for_im002c();
    assert_eq!(
        apply_amendment(&base, &d),
        Err(AmendError::NotAnAmendment("invalidation"))
    );
}

#[test]
fn the_broken_files_are_refused_with_line_and_column() {
    let e = wco::parse(&fixture(&format!("{HMRC}TT_IM084a_NOT_WELL_FORMED.xml"))).unwrap_err();
    // The comment opened on line 157 is closed with '>' on line 159, so it runs on into the next one.
    assert_eq!((e.line, e.column), (Some(157), Some(5)), "{e}");
    assert!(
        e.to_string()
            .starts_with("line 157, column 5: the file is not well-formed XML"),
        "{e}"
    );

    let e = wco::parse(&fixture(&format!(
        "{HMRC}TT_IM222a_Step1_NAMESPACES_MANGLED.xml"
    )))
    .unwrap_err();
    assert!(e.line.is_some() && e.column.is_some(), "{e}");
    assert!(e.message.contains("mdMetaData"), "{e}");
    assert!(
        e.message.contains("not a WCO Data Model declaration"),
        "{e}"
    );
    // Through the format detection too: nothing half-read.
    assert!(read(&fixture(&format!(
        "{HMRC}TT_IM222a_Step1_NAMESPACES_MANGLED.xml"
    )))
    .is_err());
}

#[test]
fn notifications_accepted_rejected_control_result_duty_and_cleared() {
    let one = |name: &str| {
        let mut all = wco::parse_notifications(&fixture(&format!("{HMRC}{name}"))).unwrap();
        assert_eq!(all.len(), 1);
        all.remove(0)
    };
    let n = one("Example_DMS_notifications_01_DMSACC.xml");
    assert_eq!(n.kind, NotificationKind::Accepted);
    assert_eq!(n.declaration_id.as_deref(), Some("19GBCKKCQSXV2FGVA8"));

    let n = one("Example_DMS_notifications_03_DMSREJ.xml");
    assert_eq!(n.kind, NotificationKind::Rejected);
    assert_eq!(n.errors.len(), 1);
    assert_eq!(n.errors[0].code, "CDS12005");
    assert_eq!(n.errors[0].pointer, "42A/17C@R144");
    assert_eq!(
        n.declaration_reference.as_deref(),
        Some("Sample_A_TC01_1102_03")
    );

    let n = one("Example_DMS_notifications_07_DMSRES.xml");
    assert_eq!(n.kind, NotificationKind::ControlResult);
    assert_eq!(n.amendments.len(), 2);

    let n = one("Example_DMS_notifications_13_DMSTAX.xml");
    assert_eq!(n.kind, NotificationKind::DutyCalculation);
    assert_eq!(n.duties.len(), 2);
    assert_eq!(n.duties[0].type_code, "A00");
    assert_eq!(n.duties[0].rate, Some(2.7));
    assert_eq!(n.duties[0].amount.as_ref().unwrap().amount, 270.0);
    assert_eq!(n.duties[1].amount.as_ref().unwrap().amount, 2054.0);
    assert_eq!(n.duties[1].amount.as_ref().unwrap().currency, "GBP");

    let n = one("TT_EX039a_notification_3_DMSACC.xml");
    assert_eq!(n.kind, NotificationKind::Accepted);
    assert_eq!(n.issued.as_deref(), Some("20230526205509+01"));
    let n = one("TT_EX039a_notification_5_DMSCLE.xml");
    assert_eq!(n.kind, NotificationKind::Cleared);
    assert_eq!(n.declaration_id.as_deref(), Some("23GB5SCPZSPYDAUAA1"));

    // read() tells notifications from declarations; parse() refuses a notification.
    assert!(matches!(
        read(&fixture(&format!(
            "{HMRC}Example_DMS_notifications_01_DMSACC.xml"
        )))
        .unwrap(),
        Document::Notifications { .. }
    ));
}

#[test]
fn smooks_cusdec_one_line_transit_with_totals_that_disagree() {
    let all = edifact::parse_cusdec(&fixture("smooks_96b_cusdec.edi")).unwrap();
    assert_eq!(all.len(), 1);
    let d = &all[0];
    assert_eq!(d.format, DeclarationFormat::Cusdec);
    assert_eq!(d.declaration_type, "T2");
    assert_eq!(d.reference, "00GB12131439290006");
    assert_eq!(d.export_country.as_deref(), Some("FR"));
    assert_eq!(d.destination_country.as_deref(), Some("DE"));
    assert_eq!(d.office.as_deref(), Some("GB000003"));
    assert_eq!(d.transport.identity.as_deref(), Some("LKW81"));
    assert_eq!(d.transport.nationality.as_deref(), Some("FR"));
    assert_eq!(
        d.consignor.as_ref().unwrap().name.as_deref(),
        Some("BennstransGmbH")
    );
    assert_eq!(d.consignee.as_ref().unwrap().country.as_deref(), Some("TN"));
    assert_eq!(d.items.len(), 1);
    let item = &d.items[0];
    assert_eq!(item.description.as_deref(), Some("Elektromaterial"));
    assert_eq!(item.gross_mass_kg, Some(9338.0));
    assert_eq!(item.net_mass_kg, Some(9000.0));
    assert_eq!(item.packages, Some(6));
    assert_eq!(item.package_type.as_deref(), Some("CS"));
    assert_eq!(item.documents.len(), 3);
    assert_eq!(d.totals.gross_mass_kg, Some(380.0));
    assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    assert!(d.warnings.iter().any(|w| w.contains("380 kg gross")));
    let problems = validate(d, Nomenclature::embedded());
    assert!(
        problems.iter().all(|p| p.severity == Severity::Warning),
        "{problems:?}"
    );
}

#[test]
fn indice_cuscar_two_consignments_with_an_empty_message_type_and_a_wrong_count() {
    let bytes = fixture("indice-EDI.Net_edifact.D95B.CUSCAR.EDI");
    let Document::Declarations { declarations: all } = read(&bytes).unwrap() else {
        panic!("declarations expected");
    };
    assert_eq!(all.len(), 2);
    let (first, second) = (&all[0], &all[1]);
    assert_eq!(first.format, DeclarationFormat::Cuscar);
    assert_eq!(first.reference, "MSCUXP080935");
    assert_eq!(second.reference, "MSCUEK569969");
    assert_eq!(first.items.len(), 3);
    assert_eq!(second.items.len(), 1);
    assert_eq!(
        first.items.iter().map(|i| i.sequence).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(first.items[0].packages, Some(560));
    assert_eq!(first.items[0].package_type.as_deref(), Some("BG"));
    assert_eq!(first.items[0].gross_mass_kg, Some(14182.0));
    assert_eq!(first.items[1].gross_mass_kg, Some(2000.0), "2 TON");
    assert!(
        first.items[0]
            .description
            .as_deref()
            .unwrap()
            .contains("BAGS:1440"),
        "release character kept the colon"
    );
    let containers: Vec<_> = first.containers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(containers, ["FCIU5956299", "TCLU5546482", "TGCU0235724"]);
    assert_eq!(second.containers[0].id, "FCIU2469131");
    assert_eq!(first.transport.mode.as_deref(), Some("sea"));
    assert_eq!(first.transport.identity.as_deref(), Some("D5LQ7"));
    assert_eq!(first.transport.nationality.as_deref(), Some("EG"));
    assert_eq!(first.carrier.as_ref().unwrap().id.as_deref(), Some("MSC"));
    assert_eq!(first.export_country.as_deref(), Some("IE"));
    assert_eq!(first.destination_country.as_deref(), Some("EG"));
    assert_eq!(second.export_country.as_deref(), Some("SG"));
    assert_eq!(
        first.consignor.as_ref().unwrap().name.as_deref(),
        Some("LAKELAND DAIRIES,")
    );
    assert_eq!(
        second.consignee.as_ref().unwrap().name.as_deref(),
        Some("TO ORDER")
    );
    for d in &all {
        assert!(
            d.warnings.iter().any(|w| w.contains("UNT says 53")),
            "{:?}",
            d.warnings
        );
        assert!(
            d.warnings.iter().any(|w| w.contains("no message type")),
            "{:?}",
            d.warnings
        );
    }
    assert!(first.warnings.iter().any(|w| w.contains("'TON'")));
    assert!(
        !second.warnings.iter().any(|w| w.contains("'TON'")),
        "the unit is the first's"
    );
}

#[test]
fn smooks_cuscar_one_segment_per_line_two_messages() {
    let all = edifact::parse_cuscar(&fixture("smooks_99a_cuscar.edi")).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].export_country.as_deref(), Some("CN"));
    assert_eq!(all[1].export_country.as_deref(), Some("KR"));
    assert_eq!(all[0].items[0].gross_mass_kg, Some(10062.5));
    assert_eq!(all[1].items[0].gross_mass_kg, Some(19950.0));
    assert_eq!(all[0].items[0].packages, Some(4375));
    assert_eq!(all[0].items[0].package_type.as_deref(), Some("CT"));
    assert_eq!(all[1].items[0].package_type, None);
    assert_eq!(all[0].destination_country, None, "masked XXXXX is no place");
    assert_eq!(all[0].transport.identity.as_deref(), Some("3EPF4"));
    assert!(all[0].warnings.iter().any(|w| w.contains("'VSA'")));
}

#[test]
fn ics_warrel_item_data_before_its_gid_and_a_retired_hs_code() {
    let all = edifact::parse_cuscar(&fixture("ts-edifact_ICS_CUSCAR_D99B_WARREL.edi")).unwrap();
    assert_eq!(all.len(), 1);
    let d = &all[0];
    assert_eq!(d.declaration_type, "WARREL");
    assert_eq!(d.items.len(), 1, "GID opens the item its data came before");
    assert_eq!(d.items[0].commodity_code.as_deref(), Some("03026200"));
    assert_eq!(d.items[0].description.as_deref(), Some("GOODS DESCRIPTION"));
    assert!(d.warnings.iter().any(|w| w.contains("'KG'")));
    assert_eq!(
        errors(d),
        ["item 1: commodity code 03026200 is not in the Harmonized System"]
    );
}

#[test]
fn a_cusrep_is_not_a_declaration() {
    let bytes = fixture("ts-edifact_ICS_CUSREP_D99B_DEPART.edi");
    let e = read(&bytes).unwrap_err();
    assert!(e.message.contains("CUSREP"), "{e}");
    let e = edifact::parse_cuscar(&bytes).unwrap_err();
    assert_eq!(e.tag.as_deref(), Some("UNH"));
    assert!(e.to_string().contains("is a CUSREP, not a CUSCAR"), "{e}");
}

#[test]
fn every_declaration_file_reads_and_validates_without_errors_in_its_codes() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut declarations = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() || name.ends_with(".md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let broken =
            name.contains("NOT_WELL_FORMED") || name.contains("MANGLED") || name.contains("CUSREP");
        match read(&bytes) {
            Ok(Document::Declarations { declarations: all }) => {
                assert!(!broken, "{name} should be refused");
                for d in &all {
                    declarations += 1;
                    let errs = errors(d);
                    let expected_errors = usize::from(name.contains("WARREL"));
                    assert_eq!(errs.len(), expected_errors, "{name}: {errs:?}");
                }
            }
            Ok(Document::Notifications { .. }) => assert!(name.contains("notification")),
            Err(e) => assert!(broken, "{name}: {e}"),
        }
    }
    // 20 readable WCO declarations, 1 CUSDEC, 2 + 2 + 1 CUSCAR consignments.
    assert_eq!(declarations, 26);
}
