#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
//! `limes declaration FILE`: the JSON of what was read, the place of the error on a broken file, validation
//! errors naming the item; and a smoke run of `limes bench declarations`.
use std::process::{Command, Output};

fn limes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_limes"))
        .args(args)
        .env_remove("LIMES_CONFIG")
        .env_remove("LIMES_LANGUAGE")
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    format!(
        "{}/../limes-customs/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn a_wco_declaration_is_printed_in_the_published_shape() {
    let o = limes(&[
        "declaration",
        &fixture("hmrc-customs-declarations_TT_IM001d.xml"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &json["declarations"][0];
    assert_eq!(d["format"], "wco-dms");
    assert_eq!(d["type"], "IMA");
    assert_eq!(d["function"], "original");
    assert_eq!(d["reference"], "TT_IM01d_v1.6_230322_1");
    assert_eq!(d["items"].as_array().unwrap().len(), 3);
    assert_eq!(d["items"][0]["commodity_code"], "85109000");
    assert_eq!(d["items"][0]["procedure"], "4000 000");
    assert_eq!(d["containers"][0]["id"], "AD12345");
    assert_eq!(d["exporter"]["name"], "US Clipper Inc.");
    assert_eq!(d["transport"]["mode"], "sea");
    assert_eq!(d["totals"]["packages"], 80);
    assert!(d["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn a_cargo_report_gives_one_declaration_per_consignment_and_warnings() {
    let o = limes(&[
        "declaration",
        &fixture("indice-EDI.Net_edifact.D95B.CUSCAR.EDI"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let all = json["declarations"].as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["format"], "cuscar");
    assert!(all[0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("UNT says 53")));
}

#[test]
fn a_broken_file_exits_non_zero_with_the_place() {
    let o = limes(&[
        "declaration",
        &fixture("hmrc-customs-declarations_TT_IM084a_NOT_WELL_FORMED.xml"),
    ]);
    assert!(!o.status.success());
    assert!(o.stdout.is_empty(), "nothing half-read");
    assert!(stderr(&o).contains("line 157, column 5"), "{}", stderr(&o));

    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.edi");
    std::fs::write(
        &cut,
        "UNB+UNOA:2+A+B+260101:1200+1'UNH+1+CUSCAR:D:95B:UN'BGM+85+X+9'CNI+1+B'",
    )
    .unwrap();
    let o = limes(&["declaration", cut.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("segment"), "{}", stderr(&o));
}

#[test]
fn validation_errors_name_the_item_and_exit_non_zero() {
    let o = limes(&["declaration", &fixture("own/prefixed_declaration.xml")]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains(
            "error: LIMES-UT-0001: item 2: commodity code 99999999 is not in the Harmonized System"
        ),
        "{err}"
    );
    assert!(
        err.contains("warning: LIMES-UT-0001: the declaration says 3 goods items"),
        "{err}"
    );
    assert!(err.contains("3 validation error(s)"), "{err}");
    // The declaration is still printed: the officer sees what was read.
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        json["declarations"][0]["items"][1]["commodity_code"],
        "99999999"
    );
}

#[test]
fn notifications_are_printed_too() {
    let o = limes(&[
        "declaration",
        &fixture("hmrc-customs-declarations_Example_DMS_notifications_03_DMSREJ.xml"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["notifications"][0]["kind"], "rejected");
    assert_eq!(json["notifications"][0]["errors"][0]["code"], "CDS12005");
}

#[test]
fn the_declarations_benchmark_runs() {
    let o = limes(&["bench", "declarations", "--count", "3", "--items", "20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("wco_per_s="), "{out}");
    assert!(out.contains("cuscar_p99_ms="), "{out}");
}
