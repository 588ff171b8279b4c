//! The engine on the real UN list (tests/fixtures is the repository's data/ copy): who is caught, who is not,
//! and why.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_screen::import;
use limes_screen::{
    BirthDate, Gender, Matcher, Query, QueryDocument, Screener, DEFAULT_ALERT_THRESHOLD,
};

const UN_XML: &[u8] = include_bytes!("../../../data/watchlists/un-consolidated-2026-02-27.xml");

fn screener() -> Screener {
    Screener::new(vec![import::un_xml(UN_XML).unwrap()])
}

fn date(s: &str) -> Option<BirthDate> {
    BirthDate::parse(s)
}

fn query(name: &str, dob: Option<&str>, nat: Option<&str>) -> Query {
    Query {
        name: name.into(),
        birth_date: dob.and_then(date),
        nationality: nat.map(str::to_string),
        ..Default::default()
    }
}

fn top(s: &Screener, q: &Query) -> Option<(String, f64)> {
    s.screen(q, 0.3, 5)
        .into_iter()
        .next()
        .map(|h| (h.entry_id, h.score))
}

#[test]
fn un_list_imports_whole() {
    let list = import::un_xml(UN_XML).unwrap();
    assert_eq!(list.id, "un");
    assert_eq!(list.published.as_deref(), Some("2026-02-27"));
    let people = list
        .entries
        .iter()
        .filter(|e| e.kind == limes_screen::EntryKind::Person)
        .count();
    assert_eq!(people, 730);
    assert_eq!(list.entries.len(), 1003);
    let katanga = list
        .entries
        .iter()
        .find(|e| e.entry_id == "CDi.006")
        .unwrap();
    assert_eq!(katanga.primary_name(), "GERMAIN KATANGA");
    assert_eq!(
        katanga.birth_dates,
        vec![BirthDate::Exact(
            chrono::NaiveDate::from_ymd_opt(1978, 4, 28).unwrap()
        )]
    );
    assert_eq!(katanga.nationalities, vec!["COD"]);
    assert!(list.entries.iter().any(|e| e
        .names
        .iter()
        .any(|n| n.quality == limes_screen::NameQuality::OriginalScript)));
}

#[test]
fn malformed_list_is_rejected_with_the_line() {
    let truncated = &UN_XML[..UN_XML.len() / 2];
    let e = import::un_xml(truncated).unwrap_err();
    assert!(e.line.is_some(), "{e}");
    let e = import::un_xml(b"<OTHER_LIST></OTHER_LIST>").unwrap_err();
    assert!(e.to_string().contains("CONSOLIDATED_LIST"), "{e}");
    let e = import::un_xml(b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>").unwrap_err();
    assert!(e.to_string().contains("REFERENCE_NUMBER"), "{e}");
}

#[test]
fn listed_person_is_caught_in_any_order_and_spelling() {
    let s = screener();
    let t = DEFAULT_ALERT_THRESHOLD;
    for (name, dob, nat) in [
        ("Germain Katanga", Some("1978-04-28"), Some("COD")),
        ("KATANGA GERMAIN", Some("1978-04-28"), Some("COD")),
        ("Germaine Katamga", Some("1978-04-28"), Some("COD")),
        ("Germain Katanga", None, None),
        ("Germain Katanga", Some("1978"), Some("COD")),
        ("Germain Katanga", Some("1978-28-04"), None),
    ] {
        let (id, score) = top(&s, &query(name, dob, nat)).unwrap_or_default();
        assert_eq!(id, "CDi.006", "{name} {dob:?}");
        assert!(score >= t, "{name} {dob:?} {nat:?} scored {score}");
    }
}

#[test]
fn namesake_with_another_birth_date_and_nationality_is_below_the_threshold() {
    let s = screener();
    let hit = top(
        &s,
        &query("Germain Katanga", Some("1950-02-11"), Some("FRA")),
    );
    let score = hit.map(|h| h.1).unwrap_or(0.0);
    assert!(score < DEFAULT_ALERT_THRESHOLD, "namesake scored {score}");
}

#[test]
fn unrelated_names_do_not_alert() {
    let s = screener();
    for name in [
        "Anna Maria Eriksson",
        "George Bush",
        "John Smith",
        "Maria Garcia Lopez",
        "Li Wei",
    ] {
        if let Some((id, score)) = top(&s, &query(name, Some("1980-01-01"), Some("UTO"))) {
            assert!(
                score < DEFAULT_ALERT_THRESHOLD,
                "{name} alerted on {id} at {score}"
            );
        }
    }
}

#[test]
fn document_number_match_is_decisive_and_hits_explain_themselves() {
    let list = import::un_xml(UN_XML).unwrap();
    let (entry, doc) = list
        .entries
        .iter()
        .find_map(|e| {
            e.documents
                .iter()
                .find(|d| d.number.len() >= 6)
                .map(|d| (e.clone(), d.clone()))
        })
        .unwrap();
    let s = Screener::new(vec![list]);
    let q = Query {
        name: "Somebody Else".into(),
        documents: vec![QueryDocument {
            number: doc.number.clone(),
            issuing_state: None,
        }],
        gender: Some(Gender::Male),
        ..Default::default()
    };
    let hits = s.screen(&q, 0.5, 5);
    assert_eq!(hits[0].entry_id, entry.entry_id);
    assert!(hits[0].score >= 0.99);
    assert!(hits[0].explain.document.detail.contains("decisive"));
    let hits = s.screen(
        &query("Germain Katanga", Some("1978-04-28"), Some("COD")),
        0.5,
        5,
    );
    let e = &hits[0].explain;
    assert!(e
        .tokens
        .iter()
        .any(|t| t.query == "KATANGA" && t.list == "KATANGA"));
    assert!(e.birth_date.adjustment > 0.0 && e.birth_date.detail.contains("same birth date"));
    assert!(e.nationality.adjustment > 0.0);
}

#[test]
fn a_list_update_swaps_whole() {
    let s = screener();
    let csv =
        "entry_id,name,birth_dates,nationalities\nUTO-1,Ivan Petrovich Sidorov,1971-03-04,RUS\n";
    s.replace_list(import::limes_csv("national", "national", csv.as_bytes()).unwrap());
    let hit = top(&s, &query("Сидоров Иван", Some("1971-03-04"), Some("RUS"))).unwrap();
    assert_eq!(
        hit.0, "UTO-1",
        "original-script query finds the transliterated entry"
    );
    assert_eq!(s.list_infos().len(), 2);
    s.remove_list("national");
    assert_eq!(s.list_infos().len(), 1);
    assert!(
        top(&s, &query("Ivan Sidorov", Some("1971-03-04"), Some("RUS")))
            .is_none_or(|h| h.0 != "UTO-1")
    );
}

#[test]
fn limes_csv_errors_name_the_lines() {
    let csv = "entry_id,name,birth_dates,nationalities\nA,Good Name,1970,SYR\nB,,1970,SYR\nC,Other,19x0,Atlantis\n";
    let e = import::limes_csv("n", "n", csv.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("line 3") && e.contains("line 4") && e.contains("Atlantis"),
        "{e}"
    );
}

fn data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/watchlists")
        .join(name)
}

#[test]
fn ofac_sdn_with_alternate_names_imports_whole() {
    let list = import::detect_and_load(&data("ofac-sdn-2021.csv")).unwrap();
    assert_eq!(list.id, "ofac");
    assert_eq!(list.entries.len(), 8976);
    let abbas = list.entries.iter().find(|e| e.entry_id == "2674").unwrap();
    assert_eq!(abbas.primary_name(), "Abu ABBAS");
    assert_eq!(abbas.kind, limes_screen::EntryKind::Person);
    assert_eq!(
        abbas.birth_dates,
        vec![BirthDate::Exact(
            chrono::NaiveDate::from_ymd_opt(1948, 12, 10).unwrap()
        )]
    );
    let zawahiri = list.entries.iter().find(|e| e.entry_id == "2676").unwrap();
    assert!(zawahiri
        .documents
        .iter()
        .any(|d| d.number == "1084010" && d.country.as_deref() == Some("EGY")));
    assert!(
        list.entries.iter().filter(|e| e.names.len() > 1).count() > 1000,
        "alternate names were attached"
    );
    let s = Screener::new(vec![list]);
    let (id, score) = top(
        &s,
        &query("Ayman al-Zawahiri", Some("1951-06-19"), Some("EGY")),
    )
    .unwrap();
    assert_eq!(id, "2676");
    assert!(score >= DEFAULT_ALERT_THRESHOLD, "{score}");
    // A broken file is rejected whole, with its line.
    let e = import::ofac_csv(b"36,\"X\",-0-\nnot-a-number,\"Y\",-0-\n", None, None).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn uk_hmt_rows_group_into_entries() {
    let list = import::detect_and_load(&data("uk-hmt-conlist-2014-04-02.csv")).unwrap();
    assert_eq!(list.id, "uk-hmt");
    assert_eq!(list.published.as_deref(), Some("02/04/2014"));
    let abbas = list
        .entries
        .iter()
        .find(|e| e.names.iter().any(|n| n.full == "Fayssal ABBAS"))
        .unwrap();
    assert!(
        abbas.names.iter().any(|n| n.full == "Faysal ABBAS"),
        "aliases of the group are one entry"
    );
    assert_eq!(abbas.birth_dates, vec![BirthDate::Year(1955)]);
    let rahman = list
        .entries
        .iter()
        .find(|e| e.names.iter().any(|n| n.full == "Mohamad Iqbal A RAHMAN"))
        .unwrap();
    assert!(
        rahman.nationalities.contains(&"IDN".to_string()),
        "{:?}",
        rahman.nationalities
    );
    assert!(rahman.birth_dates.len() >= 2);
    let rows = 8950;
    assert!(
        list.entries.len() < rows && list.entries.len() > 2000,
        "{} groups",
        list.entries.len()
    );
}

#[test]
fn the_accuracy_harness_is_deterministic_and_reports_sensible_numbers() {
    let lists = vec![import::un_xml(UN_XML).unwrap()];
    let a = limes_screen::eval::generate(&lists, 300, 700, 5);
    let b = limes_screen::eval::generate(&lists, 300, 700, 5);
    assert_eq!(a.len(), 1000);
    assert_eq!(
        a.iter().map(|c| c.query.name.clone()).collect::<Vec<_>>(),
        b.iter().map(|c| c.query.name.clone()).collect::<Vec<_>>()
    );
    assert_eq!(a.iter().filter(|c| c.kind == "namesake").count(), 70);
    let report = limes_screen::eval::run_eval(lists, 300, 700, 5);
    let at_default = report
        .rows
        .iter()
        .find(|r| (r.threshold - DEFAULT_ALERT_THRESHOLD).abs() < 1e-9)
        .unwrap();
    assert!(at_default.recall > 0.9, "{at_default:?}");
    assert!(at_default.false_alert_rate < 0.03, "{at_default:?}");
    assert!(
        report.retrieval_recall > 0.98,
        "{}",
        report.retrieval_recall
    );
    assert!(
        report.rows.windows(2).all(|w| w[0].recall >= w[1].recall),
        "recall falls as the threshold rises"
    );
}
