//! The risk indicators end to end: a crossing history imported with `limes import crossings` (all or nothing, the
//! bad line named), printed by `limes indicators`, and the same numbers on the analyst's page of `limes serve`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_testkit::nats::free_port;
use std::path::Path;

fn limes(db: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    run_with_stdin(limes_command().args(args).env("LIMES_DATABASE", db), stdin)
}

const HEADER: &str =
    "time,bcp,direction,outcome,refusal_reason,nationality,document_type,sex,birth_year\n";

/// A history over three weeks of March 2025 at two BCPs in two sections, each day a different count.
fn history() -> String {
    let mut csv = String::from(HEADER);
    for day in 3..24u32 {
        for n in 0..(day % 5 + 1) {
            csv.push_str(&format!(
                "2025-03-{day:02}T{:02}:15:00Z,UTO-LND-E1,entry,admitted,,UKR,P,F,1990\n",
                8 + n
            ));
        }
        if day % 3 == 0 {
            csv.push_str(&format!(
                "2025-03-{day:02} 10:00,UTO-AIR-1,entry,refused,C,TR,P,M,\n"
            ));
        }
    }
    csv
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_and_the_page_show_the_same_indicators() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let db = dir.path().join("limes.db");
    let o = limes(&db, &INIT_ARGS, INIT_PASSWORD);
    assert!(o.status.success(), "{}", text(&o));
    for (code, kind, section) in [("UTO-LND-E1", "land", "East"), ("UTO-AIR-1", "air", "Air")] {
        let o = limes(
            &db,
            &[
                "bcp",
                "add",
                "--code",
                code,
                "--name",
                code,
                "--kind",
                kind,
                "--agency",
                "UBP",
                "--border-section",
                section,
            ],
            "",
        );
        assert!(o.status.success(), "{}", text(&o));
    }
    let o = limes(
        &db,
        &user_add("anna", "analyst", "UBP"),
        "a-long-enough-password\n",
    );
    assert!(o.status.success(), "{}", text(&o));

    // A file with an unknown BCP on line 3 imports nothing, naming the line.
    let csv = dir.path().join("history.csv");
    std::fs::write(
        &csv,
        format!("{HEADER}2025-03-03T08:00:00Z,UTO-LND-E1,entry,admitted,,UKR,P,F,1990\n2025-03-03T09:00:00Z,UTO-XX,entry,admitted,,UKR,P,F,1990\n"),
    )
    .unwrap();
    let o = limes(&db, &["import", "crossings", csv.to_str().unwrap()], "");
    assert!(!o.status.success());
    assert!(
        text(&o).contains("line 3") && text(&o).contains("UTO-XX"),
        "{}",
        text(&o)
    );
    // An unknown refusal reason as well.
    std::fs::write(
        &csv,
        format!("{HEADER}2025-03-03T08:00:00Z,UTO-AIR-1,entry,refused,Q,UKR,P,F,1990\n"),
    )
    .unwrap();
    let o = limes(&db, &["import", "crossings", csv.to_str().unwrap()], "");
    assert!(!o.status.success());
    assert!(
        text(&o).contains("line 2") && text(&o).contains("refusal_reason"),
        "{}",
        text(&o)
    );

    std::fs::write(&csv, history()).unwrap();
    let o = limes(&db, &["import", "crossings", csv.to_str().unwrap()], "");
    assert!(o.status.success(), "{}", text(&o));
    let expected = history().lines().count() - 1;
    assert!(
        text(&o).contains(&format!("{expected} historical crossings imported")),
        "{}",
        text(&o)
    );

    let args = [
        "indicators",
        "--period",
        "week",
        "--by",
        "section",
        "--from",
        "2025-03-01",
        "--to",
        "2025-03-31",
        "--format",
        "json",
    ];
    let o = limes(&db, &args, "");
    assert!(o.status.success(), "{}", text(&o));
    let table: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = table["rows"].as_array().unwrap();
    let value = |period: &str, group: &str, indicator: &str| {
        rows.iter()
            .find(|r| {
                r["period"] == period
                    && r["group"] == group
                    && r["indicator"] == indicator
                    && r["detail"] == ""
            })
            .map(|r| r["value"].as_u64().unwrap())
            .unwrap()
    };
    // Week 10 of 2025 is 3 to 9 March: days 3..9 give 4+5+1+2+3+4+5 = 24 at the East crossing.
    assert_eq!(value("2025-W10", "East", "crossings"), 24);
    // Refusals at the airport on the 3rd, 6th and 9th.
    assert_eq!(value("2025-W10", "Air", "refusals"), 3);
    // The week of 31 March: nothing recorded, zero, and no BCP reported.
    assert_eq!(value("2025-W14", "East", "crossings"), 0);
    let w14 = table["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == "2025-W14")
        .unwrap();
    assert_eq!(w14["bcps_reported"], serde_json::json!([]));
    // CSV prints the same.
    let csv_args = [&args[..9], &["--format", "csv"]].concat();
    let o = limes(&db, &csv_args, "");
    assert!(
        text(&o).contains("2025-W10,2025-03-03,2025-03-09,East,crossings,,24,0,2"),
        "{}",
        text(&o)
    );

    // The page of the running server shows the same numbers.
    let port = free_port().unwrap();
    let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
    let mut child = spawn_listening(
        limes_command()
            .arg("serve")
            .arg("--database")
            .arg(&db)
            .args(["--listen", &format!("127.0.0.1:{port}")]),
        port,
        log,
    );
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client
        .post(format!("{base}/login"))
        .form(&[("username", "anna"), ("password", "a-long-enough-password")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = client
        .get(format!(
            "{base}/risk/indicators?period=week&by=section&indicator=crossings&from=2025-03-01&to=2025-03-31"
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        page.contains("<svg") && page.contains("<polyline"),
        "{page}"
    );
    for period in ["2025-W10", "2025-W11", "2025-W12", "2025-W13", "2025-W14"] {
        for group in ["East", "Air"] {
            let marker = format!(r#"data-period="{period}" data-group="{group}">"#);
            let at = page
                .find(&marker)
                .unwrap_or_else(|| panic!("{marker} not on the page"));
            let cell = &page[at..];
            let start = cell.find(r#"<td class="value">"#).unwrap() + r#"<td class="value">"#.len();
            let shown: u64 = cell[start..start + cell[start..].find('<').unwrap()]
                .parse()
                .unwrap();
            assert_eq!(shown, value(period, group, "crossings"), "{period} {group}");
        }
    }
}
