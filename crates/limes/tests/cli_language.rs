//! What the command line says to the operator follows LIMES_LANGUAGE (the installation's language); English
//! otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn limes_in(language: Option<&str>, dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_limes"));
    command
        .args(args)
        .env("LIMES_DATABASE", dir.join("limes.db"))
        .env_remove("LIMES_CONFIG")
        .env_remove("LIMES_LANGUAGE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(l) = language {
        command.env("LIMES_LANGUAGE", l);
    }
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn the_operator_reads_the_installation_language() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let init = ["init", "--username", "root", "--password-stdin"];
    let o = limes_in(Some("fr"), d, &init, "a-long-enough-password\n");
    assert!(o.status.success(), "{}", out(&o));
    assert!(
        out(&o).contains("base de données prête ; administrateur « root » créé"),
        "{}",
        out(&o)
    );
    let o = limes_in(Some("ru"), d, &init, "a-long-enough-password\n");
    assert!(!o.status.success(), "a second init is refused");
    assert!(
        out(&o).contains("в базе данных уже есть пользователи"),
        "{}",
        out(&o)
    );
    let o = limes_in(Some("ar"), d, &["audit", "verify"], "");
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("سلسلة التدقيق سليمة"), "{}", out(&o));
    let o = limes_in(None, d, &["audit", "verify"], "");
    assert!(out(&o).contains("audit chain intact:"), "{}", out(&o));
    // A language Limes does not ship is a configuration error that names the variable and the choices.
    let o = limes_in(Some("xx"), d, &["audit", "verify"], "");
    assert!(!o.status.success());
    assert!(
        out(&o).contains("LIMES_LANGUAGE: unknown language 'xx': choose one of en, fr, ar, ru"),
        "{}",
        out(&o)
    );
}
