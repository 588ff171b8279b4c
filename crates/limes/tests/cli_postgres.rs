//! The command line on PostgreSQL, picked from the database URL: init, user add, imports, audit verify (and a
//! tampered row named), user list.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::{limes_command, run_with_stdin, text, user_add};

/// `limes ARGS` on the database at `url`, run in `cwd`, with `stdin` as its input.
fn limes(cwd: &std::path::Path, url: &str, args: &[&str], stdin: &str) -> std::process::Output {
    run_with_stdin(
        limes_command()
            .args(args)
            .current_dir(cwd)
            .env("LIMES_DATABASE", url),
        stdin,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_works_on_postgres() {
    let Some(db) = limes_testkit::postgres::database_for_test("the_command_line_works_on_postgres")
        .await
        .unwrap()
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = db.url();
    let o = limes(
        d,
        url,
        &["init", "--username", "root", "--password-stdin"],
        "a-long-enough-password\n",
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        d.join("limes-data/limes-csrf.key").exists(),
        "the key file is kept under the working directory"
    );
    let o = limes(
        d,
        url,
        &["init", "--password-stdin"],
        "a-long-enough-password\n",
    );
    assert!(!o.status.success(), "a second init is refused");
    let o = limes(
        d,
        url,
        &user_add("ana", "first_line_officer", "BP"),
        "another-long-password\n",
    );
    assert!(o.status.success(), "{}", text(&o));
    let csv = d.join("alerts.csv");
    std::fs::write(&csv, "issuing_state,document_number,document_type,status,reported_on\nUTO,A123,P,stolen,2025-01-01\nUTO,B456,P,lost,2025-01-01\n").unwrap();
    let o = limes(d, url, &["import", "documents", csv.to_str().unwrap()], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("2 document alerts imported"),
        "{}",
        text(&o)
    );
    let un = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/watchlists/un-consolidated-2026-02-27.xml"
    );
    let o = limes(d, url, &["import", "watchlist", un], "");
    assert!(o.status.success(), "{}", text(&o));
    let o = limes(d, url, &["user", "list"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("ana\tfirst_line_officer"), "{}", text(&o));

    let o = limes(d, url, &["audit", "verify"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("audit chain intact"), "{}", text(&o));

    // Alter one entry behind Limes' back: verification names it.
    db.execute("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2")
        .await
        .unwrap();
    let o = limes(d, url, &["audit", "verify"], "");
    assert!(!o.status.success());
    assert!(
        text(&o).contains("audit chain broken at entry 2"),
        "{}",
        text(&o)
    );

    // A server that is not there is named (without the password).
    let o = limes(
        d,
        "postgres://limes:hunter2@127.0.0.1:1/none",
        &["user", "list"],
        "",
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("127.0.0.1:1"), "{}", text(&o));
    assert!(!text(&o).contains("hunter2"), "{}", text(&o));
}
