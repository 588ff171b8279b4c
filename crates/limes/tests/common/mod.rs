//! Running the `limes` binary from the integration tests: a command cleared of the caller's Limes settings, fed
//! its standard input, its output as text, and `limes serve` started and waited on until it listens.
#![allow(dead_code, clippy::unwrap_used)]

use std::fs::File;
use std::io::Write;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The `limes` binary with none of the caller's Limes settings: no configuration file, no database, and none
/// of the test harness's own variables (the binary refuses unknown LIMES_* variables).
pub fn limes_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_limes"));
    cmd.env_remove("LIMES_CONFIG")
        .env_remove("LIMES_DATABASE")
        .env_remove("LIMES_TEST_POSTGRES_URL")
        .env_remove("LIMES_PG_BINDIR");
    cmd
}

/// Run `cmd` with `stdin` as its input and wait for it to end.
pub fn run_with_stdin(cmd: &mut Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Run `cmd` with `stdin` as its input; it must succeed.
pub fn run_ok(cmd: &mut Command, stdin: &str) -> Output {
    let out = run_with_stdin(cmd, stdin);
    assert!(
        out.status.success(),
        "limes {:?}: {}",
        cmd.get_args().collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Standard output then standard error, as one text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Start `cmd` (a `limes serve` listening on 127.0.0.1:`port`) with its output in `log`; return once it
/// listens (at most 30 s).
pub fn spawn_listening(cmd: &mut Command, port: u16, log: File) -> Child {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "limes serve did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// The arguments of `limes init` for the `root` administrator of the Utopia Border Police, the password
/// ([`INIT_PASSWORD`]) read from stdin.
pub const INIT_ARGS: [&str; 8] = [
    "init",
    "--username",
    "root",
    "--agency-code",
    "UBP",
    "--agency-name",
    "Utopia Border Police",
    "--password-stdin",
];
pub const INIT_PASSWORD: &str = "a-long-enough-password\n";

/// The arguments of `limes user add` for `username` with `role` in `agency`, the password read from stdin.
pub fn user_add<'a>(username: &'a str, role: &'a str, agency: &'a str) -> [&'a str; 9] {
    [
        "user",
        "add",
        "--username",
        username,
        "--role",
        role,
        "--agency",
        agency,
        "--password-stdin",
    ]
}
