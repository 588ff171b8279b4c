//! `limes import documents` as a user runs it on a large file: streamed, all or nothing (a bad row at data row
//! 90,000 stores nothing and is named), change files applied to the version they name, in bounded memory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::{limes_command, run_with_stdin, text, INIT_ARGS, INIT_PASSWORD};
use std::io::Write;

fn limes(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    run_with_stdin(
        limes_command()
            .args(args)
            .env("LIMES_DATABASE", dir.join("limes.db")),
        "",
    )
}

/// A register file of `rows` alerts; data row `bad_row` (if any) has a status that does not exist.
fn register_file(path: &std::path::Path, rows: u32, bad_row: Option<u32>) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        f,
        "issuing_state,document_number,document_type,status,reported_on,source"
    )
    .unwrap();
    for n in 1..=rows {
        let status = if Some(n) == bad_row {
            "mislaid"
        } else {
            "stolen"
        };
        writeln!(f, "UTO,R{n:08},P,{status},2025-01-02,INTERPOL SLTD").unwrap();
    }
}

fn count(dir: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(dir.join("limes.db"))
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// The largest resident set of the child processes waited for so far, in bytes.
fn children_peak_rss() -> u64 {
    // SAFETY: getrusage writes into the struct it is given, which is zeroed and sized for it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    u64::try_from(usage.ru_maxrss).unwrap() * 1024
}

#[test]
fn a_large_import_is_all_or_nothing_and_change_files_name_their_base() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = run_with_stdin(
        limes_command()
            .args(INIT_ARGS)
            .env("LIMES_DATABASE", d.join("limes.db")),
        INIT_PASSWORD,
    );
    assert!(o.status.success(), "{}", text(&o));
    let file = d.join("register.csv");

    // A bad row at data row 90,000 (line 90,001 with the header): nothing stored, the line named.
    register_file(&file, 100_000, Some(90_000));
    let o = limes(
        d,
        &["import", "documents", "--replace", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("line 90001: status 'mislaid'"),
        "{}",
        text(&o)
    );
    assert_eq!(count(d, "SELECT count(*) FROM document_alerts"), 0);
    assert_eq!(count(d, "SELECT count(*) FROM document_alerts_staging"), 0);

    // The good file: every row, in memory far below the 500 MB bound.
    register_file(&file, 100_000, None);
    let o = limes(
        d,
        &["import", "documents", "--replace", file.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("100000 document alerts imported"),
        "{}",
        text(&o)
    );
    assert_eq!(count(d, "SELECT count(*) FROM document_alerts"), 100_000);
    assert!(children_peak_rss() < 500 * 1024 * 1024);

    // A change file for another version is refused; for the version held (1, after one import) it applies.
    let changes = d.join("changes.csv");
    let body = "action,issuing_state,document_number,document_type,status,reported_on\n\
                remove,UTO,R00000001,P,stolen,2025-01-02\nadd,UTO,NEW0001,P,lost,2026-11-30\n";
    std::fs::write(&changes, format!("# base_version: 7\n{body}")).unwrap();
    let o = limes(
        d,
        &[
            "import",
            "documents",
            "--changes",
            changes.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("version 7"), "{}", text(&o));
    assert_eq!(count(d, "SELECT count(*) FROM document_alerts"), 100_000);
    std::fs::write(&changes, format!("# base_version: 1\n{body}")).unwrap();
    let o = limes(
        d,
        &[
            "import",
            "documents",
            "--changes",
            changes.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("1 document alerts added, 1 removed") && text(&o).contains("version 2"),
        "{}",
        text(&o)
    );
    assert_eq!(
        count(
            d,
            "SELECT count(*) FROM document_alerts WHERE number_norm IN ('R00000001', 'NEW0001')"
        ),
        1
    );
}
