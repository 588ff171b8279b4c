//! `limes serve` stopped with SIGTERM: the HTTP server stops, the sync tasks (when the node syncs) are stopped
//! and awaited, and the process exits 0 within a bounded time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_testkit::nats::{free_port, require_nats_server, NatsServer};
mod common;
use common::{limes_command, run_ok, spawn_listening};
use std::path::Path;
use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

const PASSWORD: &str = "a-long-enough-password";

/// `limes init` on the SQLite database `db`.
fn init(db: &Path) {
    run_ok(
        limes_command()
            .args(["init", "--password-stdin"])
            .env("LIMES_DATABASE", db),
        PASSWORD,
    );
}

/// `limes serve --database DB --listen 127.0.0.1:PORT ARGS`, its log in `log`, once it listens.
fn serve(db: &Path, port: u16, args: &[&str], log: &Path) -> Child {
    let log = std::fs::File::create(log).unwrap();
    spawn_listening(
        limes_command()
            .arg("serve")
            .arg("--database")
            .arg(db)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(args)
            .env("LIMES_LOG", "info"),
        port,
        log,
    )
}

/// Send SIGTERM and wait (at most 30 s) for the process to end; killed and failed when it does not.
fn terminate(mut child: Child) -> ExitStatus {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: kill(2) with a child's pid and a signal number; no memory is involved.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("limes serve still running 30 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn sigterm_stops_a_standalone_server_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    // `limes serve` refuses a data directory others can read.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let db = dir.path().join("limes.db");
    init(&db);
    let log = dir.path().join("serve.log");
    let child = serve(&db, free_port().unwrap(), &[], &log);
    let status = terminate(child);
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "{status}: {log}");
}

#[test]
fn sigterm_stops_the_centres_sync_tasks_with_exit_0() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // `limes serve` refuses a data directory others can read.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let d = dir.path();
    let hub = NatsServer::hub(&bin, &d.join("hub")).unwrap();
    let db = d.join("centre.db");
    init(&db);
    let log = d.join("serve.log");
    let url = hub.url();
    let child = serve(
        &db,
        free_port().unwrap(),
        &["--role", "centre", "--nats", &url],
        &log,
    );
    // The sync has started (the centre logs it once its streams are there).
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(&log)
        .unwrap()
        .contains("national centre: syncing with the BCP nodes")
    {
        assert!(Instant::now() < deadline, "the centre's sync did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = terminate(child);
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "{status}: {log}");
    assert!(log.contains("stopping the sync tasks"), "{log}");
    assert!(log.contains("sync tasks stopped"), "{log}");
}
