//! `limes import vehicles`: the stolen-vehicle register from CSV on the command line, all or nothing, bad lines
//! named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::{limes_command, run_with_stdin, text, INIT_ARGS, INIT_PASSWORD};

fn limes(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    run_with_stdin(
        limes_command()
            .args(args)
            .env("LIMES_DATABASE", dir.join("limes.db")),
        "",
    )
}

#[test]
fn import_vehicles_stores_all_rows_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = run_with_stdin(
        limes_command()
            .args(INIT_ARGS)
            .env("LIMES_DATABASE", d.join("limes.db")),
        INIT_PASSWORD,
    );
    assert!(o.status.success(), "{}", text(&o));
    let csv = d.join("stolen.csv");
    let header =
        "alert_reference,vin,plate,country,make,model,colour,stolen_on,reporting_authority\n";
    std::fs::write(
        &csv,
        format!("{header}SMV-1,WVWZZZ1KZAW123456,,,VW,Golf,grey,2026-01-10,Police\nSMV-2,,UT 1,XX,VW,Polo,red,2026-01-11,Police\n"),
    )
    .unwrap();
    let o = limes(d, &["import", "vehicles", csv.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).contains("line 3"), "{}", text(&o));
    assert!(text(&o).contains("country 'XX'"), "{}", text(&o));
    std::fs::write(
        &csv,
        format!("{header}SMV-1,WVWZZZ1KZAW123456,,,VW,Golf,grey,2026-01-10,Police\nSMV-2,,UT 1,UTO,VW,Polo,red,2026-01-11,Police\n"),
    )
    .unwrap();
    let o = limes(d, &["import", "vehicles", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("2 stolen-vehicle records imported"),
        "{}",
        text(&o)
    );
    // The same file again: the references are held already, nothing is added.
    let o = limes(d, &["import", "vehicles", csv.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).contains("line 2"), "{}", text(&o));
    let o = limes(
        d,
        &["import", "vehicles", "--replace", csv.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("register replaced"), "{}", text(&o));
}
