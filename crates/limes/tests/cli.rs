//! The command line, run as a user would: init, user add, imports, audit verification of a tampered database,
//! and `limes mrz`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::{limes_command, run_with_stdin, text, user_add, INIT_ARGS, INIT_PASSWORD};

/// `limes ARGS` on the SQLite database in `dir`, with `stdin` as its input.
fn limes(dir: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    run_with_stdin(
        limes_command()
            .args(args)
            .env("LIMES_DATABASE", dir.join("limes.db")),
        stdin,
    )
}

#[test]
fn init_import_and_audit_verify_names_the_tampered_entry() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = limes(d, &INIT_ARGS, INIT_PASSWORD);
    assert!(o.status.success(), "{}", text(&o));
    let o = limes(d, &["init", "--password-stdin"], "a-long-enough-password\n");
    assert!(!o.status.success(), "a second init is refused");
    let o = limes(d, &user_add("ana", "first_line_officer", "UBP"), "short\n");
    assert!(!o.status.success());
    assert!(text(&o).contains("at least 10 characters"), "{}", text(&o));
    let o = limes(
        d,
        &user_add("ana", "first_line_officer", "UBP"),
        "another-long-password\n",
    );
    assert!(o.status.success(), "{}", text(&o));

    let csv = d.join("alerts.csv");
    std::fs::write(&csv, "issuing_state,document_number,document_type,status,reported_on\nUTO,A123,P,stolen,2025-01-01\nUTO,,P,lost,2025-01-01\n").unwrap();
    let o = limes(d, &["import", "documents", csv.to_str().unwrap()], "");
    assert!(!o.status.success());
    assert!(text(&o).contains("line 3"), "{}", text(&o));
    std::fs::write(&csv, "issuing_state,document_number,document_type,status,reported_on\nUTO,A123,P,stolen,2025-01-01\nUTO,B456,P,lost,2025-01-01\n").unwrap();
    let o = limes(d, &["import", "documents", csv.to_str().unwrap()], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("2 document alerts imported"));
    let un = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/watchlists/un-consolidated-2026-02-27.xml"
    );
    let o = limes(d, &["import", "watchlist", un], "");
    assert!(o.status.success(), "{}", text(&o));

    let o = limes(d, &["audit", "verify"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("audit chain intact"), "{}", text(&o));

    // Alter one row behind Limes' back: verification names it.
    {
        let conn = rusqlite::Connection::open(d.join("limes.db")).unwrap();
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3", [])
            .unwrap();
    }
    let o = limes(d, &["audit", "verify"], "");
    assert!(!o.status.success());
    assert!(text(&o).contains("broken at entry 3"), "{}", text(&o));
    // Delete a row instead: the gap is named.
    {
        let conn = rusqlite::Connection::open(d.join("limes.db")).unwrap();
        conn.execute("UPDATE audit_log SET actor = (SELECT actor FROM audit_log WHERE seq = 2) WHERE seq = 3", []).unwrap();
        conn.execute("DELETE FROM audit_log WHERE seq = 4", [])
            .unwrap();
    }
    let o = limes(d, &["audit", "verify"], "");
    assert!(!o.status.success());
    assert!(text(&o).contains("broken at entry"), "{}", text(&o));
}

#[test]
fn mrz_command_prints_one_json_object_per_zone() {
    let dir = tempfile::tempdir().unwrap();
    let input = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n\nI<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n\nNOT AN MRZ\n";
    let o = limes(dir.path(), &["mrz"], input);
    assert!(o.status.success(), "{}", text(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["format"], "TD3");
    assert_eq!(lines[0]["valid"], true, "{}", lines[0]);
    assert_eq!(lines[0]["fields"]["surname"], "ERIKSSON");
    assert_eq!(lines[0]["fields"]["birth_date"], "1974-08-12");
    assert_eq!(lines[1]["format"], "TD1");
    assert_eq!(lines[1]["valid"], true, "{}", lines[1]);
    assert_eq!(lines[2]["valid"], false);
}

#[test]
fn demo_seeds_once_and_reuses_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let demo_dir = dir.path().join("demo");
    let args = [
        "demo",
        "--seed-only",
        "--document-alerts",
        "5000",
        "--dir",
        demo_dir.to_str().unwrap(),
    ];
    let first = limes(dir.path(), &args, "");
    assert!(first.status.success(), "{}", text(&first));
    let out = text(&first);
    assert!(out.contains("UN consolidated list: 1003 entries"), "{out}");
    assert!(
        out.contains("document-alert register: 5000 records"),
        "{out}"
    );
    assert!(out.contains("synthetic crossings"), "{out}");
    assert!(out.contains("stolen-vehicle register: 5 records"), "{out}");
    for user in [
        "officer",
        "second",
        "analyst",
        "supervisor",
        "liaison",
        "admin",
        "auditor",
    ] {
        assert!(
            out.contains(&format!("  {user} ")),
            "login for {user} printed: {out}"
        );
    }
    assert!(
        out.contains("P<CODKATANGA<<GERMAIN"),
        "a UN-listed MRZ is offered: {out}"
    );
    let second = limes(dir.path(), &args, "");
    assert!(second.status.success());
    assert!(
        !text(&second).contains("Creating the demo data"),
        "second run reuses the data"
    );
    let logins_first: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("  officer "))
        .collect();
    let out2 = text(&second);
    let logins_second: Vec<&str> = out2
        .lines()
        .filter(|l| l.starts_with("  officer "))
        .collect();
    assert_eq!(
        logins_first, logins_second,
        "the same logins are printed again"
    );
    let o = limes_command()
        .args([
            "audit",
            "verify",
            "--database",
            demo_dir.join("limes.db").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn screen_command_writes_one_line_per_row_and_survives_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("travellers.csv");
    let mut csv = b"id,full_name,date_of_birth,nationality,gender,seat\n\
        t1,Germain Katanga,1978-04-28,cd,male,12A\n\
        t2,Anna Maria Eriksson,1974-08-12,Utopia,F,\n\
        t3,,1980,UTO,,\n\
        t4,Somebody,1980-13-45,UTO,,\n\
        t5,Somebody Else,1980,Atlantis,,\n"
        .to_vec();
    csv.extend_from_slice(b"t6,Broken \xff name,1980,UTO,,\n");
    std::fs::write(&input, csv).unwrap();
    let output = dir.path().join("out.jsonl");
    let un = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/watchlists/un-consolidated-2026-02-27.xml"
    );
    let o = limes_command()
        .args([
            "screen",
            "--watchlist",
            un,
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "one line per row, in order");
    assert_eq!(lines[0]["id"], "t1");
    assert_eq!(lines[0]["hits"][0]["entry_id"], "CDi.006");
    assert_eq!(lines[0]["hits"][0]["list"], "un");
    assert!(lines[0]["elapsed_us"].as_u64().is_some());
    assert!(lines[0]["hits"][0]["explain"].is_object());
    let hits = lines[1]["hits"].as_array().unwrap();
    assert!(hits.len() <= 10 && hits.iter().all(|h| h["score"].as_f64().unwrap() >= 0.5));
    assert!(
        hits.windows(2)
            .all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()),
        "sorted by score"
    );
    assert!(lines[2]["error"].as_str().unwrap().contains("full_name"));
    assert!(lines[3]["error"]
        .as_str()
        .unwrap()
        .contains("date_of_birth"));
    assert!(lines[4]["error"].as_str().unwrap().contains("Atlantis"));
    assert!(lines[5]["error"].as_str().unwrap().contains("UTF-8"));
}

#[test]
fn paxlst_command_prints_the_manifest_or_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../limes-edifact/tests/fixtures"
    );
    let o = limes(
        dir.path(),
        &["paxlst", &format!("{fixtures}/gtas_apisMessage_D05B.txt")],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["messages"][0]["type"], "passengers");
    assert_eq!(
        json["messages"][0]["legs"][0]["departure_time"],
        "2007-02-19T15:40:00"
    );
    assert_eq!(json["messages"][0]["persons"][1]["given_names"], "CHERYL");
    assert_eq!(
        json["messages"][0]["persons"][1]["birth_date"],
        "1973-04-07"
    );
    let bad = dir.path().join("bad.edi");
    std::fs::write(
        &bad,
        "UNB+UNOA:4+A+B+260101:1200+1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'",
    )
    .unwrap();
    let o = limes(dir.path(), &["paxlst", bad.to_str().unwrap()], "");
    assert!(!o.status.success());
    assert!(text(&o).contains("UNZ"), "{}", text(&o));
}

#[tokio::test]
async fn sync_resend_queues_the_centres_lists_whole() {
    use limes_store::prelude::*;
    use limes_store::sync::{NodeRole, SyncStore};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let ev = |action: &str| limes_domain::AuditEvent::new(at, "tester", action);
    {
        let store = limes_store_sqlite::SqliteStore::open(d.join("limes.db")).unwrap();
        let meta = limes_store::WatchlistMeta {
            id: "national".into(),
            name: "National".into(),
            source: "test".into(),
            published: None,
            entries: 1,
            imported_at: at,
            imported_by: "tester".into(),
            version: 0,
        };
        let list = r#"{"id":"national","name":"National","source":"test","published":null,"entries":[{"entry_id":"N.1"}]}"#;
        store
            .save_watchlist(meta, list.into(), ev("watchlist.import"))
            .await
            .unwrap();
        let alert = limes_domain::DocumentAlert {
            issuing_state: "UTO".into(),
            document_number: "X1234567".into(),
            document_type: "P".into(),
            status: limes_domain::AlertStatus::Stolen,
            source: "test".into(),
            reason: String::new(),
            reported_on: at.date_naive(),
        };
        store
            .import_document_alerts(vec![alert], true, ev("documents.import"))
            .await
            .unwrap();
    }
    // Not the centre: refused, saying why.
    let o = limes(d, &["sync", "resend"], "");
    assert!(!o.status.success());
    assert!(
        text(&o).contains("only the centre sends lists down"),
        "{}",
        text(&o)
    );
    {
        let store = limes_store_sqlite::SqliteStore::open(d.join("limes.db")).unwrap();
        store
            .set_sync_identity(NodeRole::Centre, "centre", None)
            .await
            .unwrap();
    }
    let outbox = |d: &std::path::Path| -> Vec<String> {
        let c = rusqlite::Connection::open(d.join("limes.db")).unwrap();
        let mut st = c
            .prepare("SELECT kind FROM sync_outbox ORDER BY seq")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    // Becoming the centre queued what it held; a resend queues the same again.
    let before = outbox(d);
    assert_eq!(before, ["watchlist", "documents"]);
    let o = limes(d, &["sync", "resend"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).starts_with("2 downward messages queued"),
        "{}",
        text(&o)
    );
    assert_eq!(
        outbox(d),
        ["watchlist", "documents", "watchlist", "documents"]
    );
}

#[test]
fn audit_verify_checks_the_chain_against_the_signed_checkpoint() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = limes(d, &INIT_ARGS, INIT_PASSWORD);
    assert!(o.status.success(), "{}", text(&o));
    // Before any checkpoint, the entries link but are named unanchored.
    let o = limes(d, &["audit", "verify"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("unanchored"), "{}", text(&o));

    let o = limes(d, &["audit", "key"], "");
    assert!(o.status.success(), "{}", text(&o));
    let key_line = text(&o);
    assert!(key_line.contains("audit public key: "), "{key_line}");
    let key_file = d.join("limes-audit.key");
    assert_eq!(
        std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        text(&limes(d, &["audit", "key"], "")),
        key_line,
        "the key is kept"
    );

    let o = limes(d, &["audit", "checkpoint"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("audit checkpoint signed at entry"),
        "{}",
        text(&o)
    );
    let o = limes(d, &["audit", "verify"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("anchored by the checkpoint"),
        "{}",
        text(&o)
    );

    // Deleting the last rows is reported; so is deleting every row.
    let conn = rusqlite::Connection::open(d.join("limes.db")).unwrap();
    let signed: i64 = conn
        .query_row("SELECT max(seq) FROM audit_checkpoints", [], |r| r.get(0))
        .unwrap();
    conn.execute("DELETE FROM audit_log WHERE seq >= ?1", [signed - 1])
        .unwrap();
    let o = limes(d, &["audit", "verify"], "");
    assert!(!o.status.success());
    assert!(text(&o).contains("missing (deleted)"), "{}", text(&o));
    conn.execute("DELETE FROM audit_log", []).unwrap();
    let o = limes(d, &["audit", "verify"], "");
    assert!(!o.status.success());
    assert!(
        text(&o).contains(&format!("entries 1..{signed}")),
        "{}",
        text(&o)
    );
}
