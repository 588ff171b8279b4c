//! The command line of accounts: `limes token create|list|revoke` for machine accounts only, and `limes serve`
//! refusing a data directory others can read, saying what to run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;

fn limes(db: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    run_with_stdin(limes_command().args(args).env("LIMES_DATABASE", db), stdin)
}

fn init(db: &std::path::Path) {
    let o = limes(db, &INIT_ARGS, INIT_PASSWORD);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn tokens_are_made_listed_and_revoked_for_machine_accounts_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("limes.db");
    init(&db);
    let o = limes(
        &db,
        &user_add("air-gw", "sender", "UBP"),
        "a-long-enough-password\n",
    );
    assert!(o.status.success(), "{}", text(&o));
    let create = |user: &str| {
        limes(
            &db,
            &[
                "token",
                "create",
                "--user",
                user,
                "--name",
                "PAXLST gateway",
                "--days",
                "30",
            ],
            "",
        )
    };
    let o = create("root");
    assert!(!o.status.success(), "no token in a person's name");
    assert!(text(&o).contains("machine accounts"), "{}", text(&o));
    let o = create("air-gw");
    assert!(o.status.success(), "{}", text(&o));
    let secret = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(secret.len() >= 40, "the secret alone on stdout: {secret}");
    let id = limes_store::token_id(&limes_store::token_hash(&secret));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(&id),
        "{}",
        text(&o)
    );

    let listed = text(&limes(&db, &["token", "list"], ""));
    let line = listed.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(line.contains("\tair-gw\tactive\t"), "{line}");
    assert!(!listed.contains(&secret), "the secret is never listed");
    let o = limes(&db, &["token", "revoke", &id], "");
    assert!(o.status.success(), "{}", text(&o));
    let listed = text(&limes(&db, &["token", "list"], ""));
    assert!(
        listed.contains(&format!("{id}\tair-gw\trevoked\t")),
        "{listed}"
    );
    let o = limes(&db, &["token", "revoke", "no-such-token"], "");
    assert!(!o.status.success());
}

#[test]
fn serve_refuses_a_data_directory_others_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = data.join("limes.db");
    init(&db);
    assert_eq!(
        std::fs::metadata(&data).unwrap().permissions().mode() & 0o777,
        0o700,
        "init made it private"
    );
    for file in ["limes.db", "limes-csrf.key"] {
        let mode = std::fs::metadata(data.join(file))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{file}");
    }
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let o = limes(&db, &["serve", "--listen", "127.0.0.1:0"], "");
    assert!(!o.status.success(), "{}", text(&o));
    let expected = format!("chmod 700 {}", data.display());
    assert!(text(&o).contains(&expected), "{}", text(&o));
}

#[test]
fn a_list_id_is_a_short_slug_never_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("limes.db");
    init(&db);
    let csv = dir.path().join("national.csv");
    std::fs::write(&csv, "entry_id,name\nUTO-1,Ivan Sidorov\n").unwrap();
    let file = csv.to_str().unwrap();
    for bad in ["../../etc", "a/b", "x y", ""] {
        let o = limes(
            &db,
            &[
                "import",
                "watchlist",
                file,
                "--format",
                "limes-csv",
                "--id",
                bad,
            ],
            "",
        );
        assert!(!o.status.success(), "{bad:?}: {}", text(&o));
        assert!(text(&o).contains("list id"), "{bad:?}: {}", text(&o));
    }
    let o = limes(
        &db,
        &[
            "import",
            "watchlist",
            file,
            "--format",
            "limes-csv",
            "--id",
            "national",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
}
