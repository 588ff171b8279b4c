//! Throwaway PostgreSQL databases for tests (of the PostgreSQL backend and of the crates above it).
//!
//! [`database_for_test`] gives each test a fresh, empty database. Where it comes from:
//! - `LIMES_TEST_POSTGRES_URL` set: a server you run; the URL must let its user `CREATE DATABASE` (the database
//!   named in it is only used to connect);
//! - otherwise a private cluster that this process starts once, on first use: `initdb` and `postgres` from the
//!   Debian packages (`/usr/lib/postgresql/<version>/bin`, or `LIMES_PG_BINDIR`) in a temporary directory,
//!   listening on a free port of 127.0.0.1 with its socket in that directory, durability off (fsync off) for
//!   speed. As root (CI), the server runs as the `postgres` user through `runuser`, since PostgreSQL refuses to
//!   run as root. A watchdog shell beside the server stops it and removes the directory once the test process
//!   is gone, however it ended.
//!
//! When no server can be had, the test is skipped with a message, unless `REQUIRE_POSTGRES=1` is set: then
//! [`database_for_test`] returns the reason as an error and the test fails.
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// A PostgreSQL error with the server's message and SQLSTATE when there is one.
fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("postgres: {} (SQLSTATE {})", db.message(), db.code().code()),
        None => format!("postgres: {e}"),
    }
}

/// Where test databases are created.
#[derive(Debug, Clone)]
struct Server {
    /// URL of a database to connect to for `CREATE DATABASE`.
    admin_url: String,
    /// Where the private cluster lives (None for a server given by URL).
    dir: Option<PathBuf>,
}

static SERVER: OnceCell<Result<Server, String>> = OnceCell::const_new();
static NEXT_DB: AtomicU64 = AtomicU64::new(1);

/// A fresh database, dropped when this value is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    name: String,
    admin_url: String,
}

impl TestDatabase {
    /// `postgres://...` URL of the database, for `limes_store_postgres::PgStore::open` or a Limes configuration.
    pub fn url(&self) -> &str {
        &self.url
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Run SQL on the database directly, behind the store's back (e.g. to tamper with a row in a test).
    pub async fn execute(&self, sql: &str) -> Result<(), String> {
        connect(&self.url)
            .await?
            .batch_execute(sql)
            .await
            .map_err(|e| describe(&e))
    }
    /// Run a query behind the store's back and return its first column as text (NULL as an empty string),
    /// e.g. to count rows from a test that runs a server process on the database.
    pub async fn query_column(&self, sql: &str) -> Result<Vec<String>, String> {
        let messages = connect(&self.url)
            .await?
            .simple_query(sql)
            .await
            .map_err(|e| describe(&e))?;
        Ok(messages
            .into_iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(row) => {
                    Some(row.get(0).unwrap_or_default().to_string())
                }
                _ => None,
            })
            .collect())
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Dropped from inside a test's runtime: do the async work on a thread with a runtime of its own.
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let done = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                if let Ok(client) = connect(&admin_url).await {
                    let _ = client
                        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .await;
                }
            });
        });
        let _ = done.join();
    }
}

/// Is `REQUIRE_POSTGRES` set to a true value?
pub fn postgres_required() -> bool {
    matches!(
        std::env::var("REQUIRE_POSTGRES").as_deref(),
        Ok("1") | Ok("true") | Ok("yes")
    )
}

/// A fresh database for the test named `test`. `Ok(None)`: no server could be had and `REQUIRE_POSTGRES` is not
/// set (the reason is printed; the test should return). `Err`: no server with `REQUIRE_POSTGRES=1`, or the
/// database could not be created.
pub async fn database_for_test(test: &str) -> Result<Option<TestDatabase>, String> {
    match new_database().await {
        Ok(db) => Ok(Some(db)),
        Err(Unavailable::NoServer(reason)) if !postgres_required() => {
            eprintln!("skipping {test}: no PostgreSQL server ({reason}); set REQUIRE_POSTGRES=1 to fail instead");
            Ok(None)
        }
        Err(Unavailable::NoServer(reason)) => Err(format!(
            "{test}: REQUIRE_POSTGRES=1 but no PostgreSQL server: {reason}"
        )),
        Err(Unavailable::Database(reason)) => Err(format!("{test}: {reason}")),
    }
}

enum Unavailable {
    NoServer(String),
    Database(String),
}

/// A fresh database on the test server (started on first use).
async fn new_database() -> Result<TestDatabase, Unavailable> {
    let server = SERVER
        .get_or_init(|| async {
            match std::env::var("LIMES_TEST_POSTGRES_URL") {
                Ok(url) if !url.trim().is_empty() => Ok(Server {
                    admin_url: url.trim().to_string(),
                    dir: None,
                }),
                _ => tokio::task::spawn_blocking(start_cluster)
                    .await
                    .map_err(|e| format!("cluster start-up task failed: {e}"))
                    .and_then(|r| r),
            }
        })
        .await
        .clone()
        .map_err(Unavailable::NoServer)?;
    let name = format!(
        "limes_test_{}_{}",
        std::process::id(),
        NEXT_DB.fetch_add(1, Ordering::Relaxed)
    );
    let client = connect(&server.admin_url).await.map_err(|e| {
        let hint = server
            .dir
            .as_ref()
            .map(|d| format!(" (server log: {})", d.join("log").display()))
            .unwrap_or_default();
        Unavailable::NoServer(format!("cannot connect: {e}{hint}"))
    })?;
    client
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .await
        .map_err(|e| Unavailable::Database(format!("CREATE DATABASE {name}: {}", describe(&e))))?;
    Ok(TestDatabase {
        url: with_dbname(&server.admin_url, &name),
        name,
        admin_url: server.admin_url,
    })
}

async fn connect(url: &str) -> Result<tokio_postgres::Client, String> {
    let config = tokio_postgres::Config::from_str(url).map_err(|e| e.to_string())?;
    let (client, connection) = tokio::time::timeout(
        Duration::from_secs(10),
        config.connect(tokio_postgres::NoTls),
    )
    .await
    .map_err(|_| "connection timed out".to_string())?
    .map_err(|e| describe(&e))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// The URL with its database name replaced.
pub fn with_dbname(url: &str, dbname: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (rest, String::new()),
    };
    let authority = before_query.split('/').next().unwrap_or(before_query);
    format!("{scheme}://{authority}/{dbname}{query}")
}

fn run(cmd: &mut Command, what: &str) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: cannot run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim(),
            String::from_utf8_lossy(&out.stdout).trim()
        ))
    }
}

/// The directory of `initdb` and `postgres`.
fn bin_dir() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("LIMES_PG_BINDIR") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .find(|p| p.join("initdb").exists() && p.join("postgres").exists())
        })
        .ok_or_else(|| {
            "no PostgreSQL server binaries (initdb, postgres) found: apt-get install postgresql, \
             set LIMES_PG_BINDIR, or set LIMES_TEST_POSTGRES_URL"
                .to_string()
        })
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

fn id_of(flag: &str) -> Result<u32, String> {
    let out = Command::new("id")
        .args([flag, "postgres"])
        .output()
        .map_err(|e| format!("id {flag} postgres: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|_| "running as root, but there is no 'postgres' user to run the server as".into())
}

/// A command that runs as the `postgres` user when we are root.
fn as_server_user(root: bool, program: &Path) -> Command {
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// The server and its watchdog: stops the server and removes the directory when the test process is gone.
const START_SCRIPT: &str = r#"
bin="$1"; dir="$2"; port="$3"; watch="$4"
"$bin/postgres" -D "$dir/data" -p "$port" -k "$dir" -c listen_addresses=127.0.0.1 \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
  -c shared_buffers=128MB >"$dir/log" 2>&1 &
pg=$!
while [ -d "/proc/$watch" ] && kill -0 "$pg" 2>/dev/null; do sleep 0.5; done
kill -INT "$pg" 2>/dev/null
wait "$pg"
# A server that failed to start while the tests still run keeps its directory, for the log and a retry.
[ -d "/proc/$watch" ] || rm -rf "$dir"
"#;

fn start_cluster() -> Result<Server, String> {
    let bin = bin_dir()?;
    let root = running_as_root();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("limes-pg-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if root {
        let (uid, gid) = (id_of("-u")?, id_of("-g")?);
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
            .map_err(|e| format!("cannot hand {} to postgres: {e}", dir.display()))?;
    }
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("cannot restrict {}: {e}", dir.display()))?;
    }
    let cleanup = |e: String| {
        let _ = std::fs::remove_dir_all(&dir);
        e
    };
    run(
        as_server_user(root, &bin.join("initdb"))
            .arg("-D")
            .arg(dir.join("data"))
            .args([
                "-U",
                "limes",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]),
        "initdb",
    )
    .map_err(cleanup)?;
    let mut last_error = String::new();
    for _attempt in 0..3 {
        let port = free_port().map_err(cleanup)?;
        let mut cmd = if root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", "sh", "-c", START_SCRIPT, "sh"]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", START_SCRIPT, "sh"]);
            c
        };
        let mut child = cmd
            .arg(&bin)
            .arg(&dir)
            .arg(port.to_string())
            .arg(std::process::id().to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| cleanup(format!("cannot start postgres: {e}")))?;
        let admin_url = format!("postgres://limes@127.0.0.1:{port}/postgres");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
                && dir.join("data").join("postmaster.pid").exists()
                && ready(&bin, root, &dir, port)
            {
                return Ok(Server {
                    admin_url,
                    dir: Some(dir),
                });
            }
            if let Ok(Some(status)) = child.try_wait() {
                last_error = format!(
                    "postgres exited ({status}): {}",
                    std::fs::read_to_string(dir.join("log"))
                        .unwrap_or_default()
                        .trim()
                );
                break;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                return Err(cleanup("postgres did not become ready within 60 s".into()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Err(cleanup(last_error))
}

/// `pg_isready` on the socket, when it is installed; the TCP connect alone otherwise.
fn ready(bin: &Path, root: bool, dir: &Path, port: u16) -> bool {
    let isready = bin.join("pg_isready");
    if !isready.exists() {
        return true;
    }
    as_server_user(root, &isready)
        .arg("-h")
        .arg(dir)
        .args([
            "-p",
            &port.to_string(),
            "-U",
            "limes",
            "-d",
            "postgres",
            "-q",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The only test of this binary that starts (here: fails to start) a server, so the process-wide
    /// environment and the cached start-up result are its own.
    #[tokio::test]
    async fn without_a_server_the_test_skips_or_with_require_postgres_fails() {
        std::env::remove_var("LIMES_TEST_POSTGRES_URL");
        std::env::set_var("LIMES_PG_BINDIR", "/nonexistent/limes/pg/bin");
        std::env::set_var("REQUIRE_POSTGRES", "1");
        let err = database_for_test("t").await.unwrap_err();
        assert!(err.contains("REQUIRE_POSTGRES=1"), "{err}");
        assert!(err.contains("initdb"), "the reason is given: {err}");
        std::env::set_var("REQUIRE_POSTGRES", "0");
        assert!(database_for_test("t").await.unwrap().is_none(), "skipped");
    }

    #[test]
    fn dbname_is_replaced() {
        assert_eq!(
            with_dbname("postgres://u:p@h:5432/postgres?sslmode=disable", "t1"),
            "postgres://u:p@h:5432/t1?sslmode=disable"
        );
        assert_eq!(with_dbname("postgres://h", "t2"), "postgres://h/t2");
    }
}
