//! Length caps at the doors of the screening crate: a list file whose name is longer than any name field may be
//! is refused whole, naming the line (or the entry), in every list format; a batch row's fields are bounded too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_screen::batch::row_query;
use limes_screen::import;
use limes_screen::import::MAX_LIST_NAME_CHARS;
use limes_screen::sanitize::MAX_NAME_CHARS;
use limes_screen::{Entry, EntryKind, EntryName, NameQuality, WatchList};

fn long_name() -> String {
    // Real name parts, far too many of them: the length, not the letters, is the fault.
    "Ahmad Karimov ".repeat(MAX_LIST_NAME_CHARS / 10)
}

#[test]
fn a_limes_csv_list_with_an_overlong_name_is_refused_naming_the_line() {
    let csv = format!(
        "entry_id,name,aliases\nA,Ivan Sidorov,\nB,{},\nC,Omar Haddad,{}\n",
        long_name(),
        long_name()
    );
    let e = import::limes_csv("n", "n", csv.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 3") && e.contains("line 4"), "{e}");
    assert!(!e.contains("line 2"), "{e}");
    assert!(
        e.contains(&format!("longer than {MAX_LIST_NAME_CHARS}")),
        "{e}"
    );
    // At the bound it is a name like any other (lists write several aliases into one field).
    let at_bound = "A".repeat(MAX_LIST_NAME_CHARS);
    let ok = format!("entry_id,name\nA,{at_bound}\n");
    assert!(import::limes_csv("n", "n", ok.as_bytes()).is_ok());
}

#[test]
fn a_un_xml_list_with_an_overlong_alias_is_refused_naming_the_line() {
    let xml = format!(
        "<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER><FIRST_NAME>IVAN</FIRST_NAME><SECOND_NAME>SIDOROV</SECOND_NAME></INDIVIDUAL>\n<INDIVIDUAL><DATAID>2</DATAID><REFERENCE_NUMBER>QDi.002</REFERENCE_NUMBER><FIRST_NAME>OMAR</FIRST_NAME><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>{}</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL>\n</INDIVIDUALS></CONSOLIDATED_LIST>",
        long_name()
    );
    let e = import::un_xml(xml.as_bytes()).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.to_string().contains("longer than"), "{e}");
}

#[test]
fn an_ofac_list_with_an_overlong_name_is_refused_naming_the_line() {
    let csv = format!(
        "36,\"AEROCARIBBEAN AIRLINES\",-0-\n173,\"{}\",\"individual\"\n",
        long_name()
    );
    let e = import::ofac_csv(csv.as_bytes(), None, None).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.to_string().contains("longer than"), "{e}");
}

#[test]
fn a_limes_json_list_with_an_overlong_name_is_refused_naming_the_entry() {
    let entry = |id: &str, name: String| Entry {
        entry_id: id.into(),
        kind: EntryKind::Person,
        names: vec![EntryName {
            full: name,
            quality: NameQuality::Primary,
        }],
        birth_dates: vec![],
        birth_places: vec![],
        nationalities: vec![],
        gender: None,
        documents: vec![],
        reason: String::new(),
        listed_on: None,
        program: None,
    };
    let json = WatchList {
        id: "n".into(),
        name: "n".into(),
        source: "test".into(),
        published: None,
        entries: vec![entry("A", "Ivan Sidorov".into()), entry("B", long_name())],
    };
    let bytes = serde_json::to_vec(&json).unwrap();
    let e = import::limes_json(&bytes).unwrap_err().to_string();
    assert!(e.contains("entries[1]") && e.contains("longer than"), "{e}");
}

#[test]
fn a_batch_row_with_an_overlong_field_is_refused_naming_the_field_without_echoing_it() {
    let long = "9".repeat(100_000);
    let long_traveller_name = "Ahmad Karimov ".repeat(MAX_NAME_CHARS / 10);
    for (name, dob, nat, gender, field) in [
        (long_traveller_name.as_str(), "", "", "", "full_name"),
        ("Ivan Sidorov", long.as_str(), "", "", "date_of_birth"),
        ("Ivan Sidorov", "", long.as_str(), "", "nationality"),
        ("Ivan Sidorov", "", "", long.as_str(), "gender"),
    ] {
        let e = row_query(name, dob, nat, gender).unwrap_err();
        assert!(e.starts_with(field) && e.contains("longer than"), "{e}");
        assert!(e.len() < 200, "the value is not echoed: {} bytes", e.len());
    }
    assert!(row_query("Ivan Sidorov", "1971-03-04", "RUS", "M").is_ok());
}

#[test]
fn a_batch_row_longer_than_its_bound_is_a_bad_row_named_by_line_and_the_rest_are_screened() {
    let dir = std::env::temp_dir().join(format!("limes-caps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("travellers.csv");
    let output = dir.join("hits.jsonl");
    let padding = "x".repeat(limes_screen::batch::MAX_BATCH_ROW_BYTES);
    let long_id = "7".repeat(1000);
    std::fs::write(
        &input,
        format!(
            "id,full_name,date_of_birth,nationality,note\n1,Ivan Sidorov,1971-03-04,RUS,\n2,Omar Haddad,,,{padding}\n{long_id},Ivan Sidorov,,,\n"
        ),
    )
    .unwrap();
    let list = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/watchlists/un-consolidated-2026-02-27.xml");
    let summary = limes_screen::run_screen_batch(&[list], &input, &output, 0.5, None).unwrap();
    assert_eq!((summary.rows, summary.errors), (3, 2), "{summary}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines[0]["error"].is_null(), "{}", lines[0]);
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("row is longer than"),
        "{}",
        lines[1]
    );
    // An overlong id is not echoed: the row is named by its line.
    assert_eq!(lines[2]["id"], "line 4");
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .starts_with("id is longer"));
    std::fs::remove_dir_all(&dir).unwrap();
}
