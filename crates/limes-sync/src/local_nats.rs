//! Local `nats-server` processes on 127.0.0.1: a hub with JetStream and leaf nodes connected to it (as BCP nodes
//! connect to the centre's cluster). The launcher `limes bench sync` runs its measurements on, and the one the
//! sync tests use (through `limes-testkit`). Every process is killed on drop.
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `nats-server` binary: `$NATS_SERVER`, else on `PATH`, else Debian's `/usr/sbin/nats-server`.
pub fn nats_server_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NATS_SERVER") {
        return Some(PathBuf::from(p));
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("nats-server"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        let debian = PathBuf::from("/usr/sbin/nats-server");
        debian.is_file().then_some(debian)
    })
}

/// A free loopback port (bound, then released for the server to take).
pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub struct NatsServer {
    binary: PathBuf,
    config: PathBuf,
    log: PathBuf,
    pub port: u16,
    /// The port leaf nodes connect to (a hub only).
    pub leaf_port: Option<u16>,
    child: Option<Child>,
}

/// NATS's default: every downward message is sliced to fit it (`limes_store::delta::LIST_PART_BYTES`).
const MAX_PAYLOAD: &str = "1MB";

impl NatsServer {
    /// A hub with JetStream (its store in `dir`) accepting leaf nodes.
    pub fn hub(binary: &Path, dir: &Path) -> anyhow::Result<NatsServer> {
        std::fs::create_dir_all(dir)?;
        let (port, leaf_port) = (free_port()?, free_port()?);
        let store = dir.join("jetstream");
        let conf = format!(
            "listen: \"127.0.0.1:{port}\"\nserver_name: limes-hub-{port}\nmax_payload: {MAX_PAYLOAD}\n\
             jetstream {{\n  domain: {domain}\n  store_dir: \"{}\"\n  max_memory_store: 64MB\n  max_file_store: 4GB\n}}\n\
             accounts {{\n  LIMES {{\n    jetstream: enabled\n    users: [ {{ user: limes, password: limes }} ]\n  }}\n}}\n\
             no_auth_user: limes\n\
             leafnodes {{\n  listen: \"127.0.0.1:{leaf_port}\"\n}}\n",
            store.display(),
            domain = crate::JETSTREAM_DOMAIN
        );
        Self::start(binary, dir, "hub", conf, port, Some(leaf_port))
    }

    /// A leaf node of `hub`, without JetStream of its own: BCP nodes connect here.
    pub fn leaf(
        binary: &Path,
        dir: &Path,
        hub: &NatsServer,
        name: &str,
    ) -> anyhow::Result<NatsServer> {
        std::fs::create_dir_all(dir)?;
        let Some(hub_leaf) = hub.leaf_port else {
            anyhow::bail!("the hub accepts no leaf nodes");
        };
        let port = free_port()?;
        let conf = format!(
            "listen: \"127.0.0.1:{port}\"\nserver_name: limes-leaf-{name}-{port}\nmax_payload: {MAX_PAYLOAD}\n\
             accounts {{\n  LIMES {{\n    users: [ {{ user: limes, password: limes }} ]\n  }}\n}}\n\
             no_auth_user: limes\n\
             leafnodes {{\n  reconnect: 1\n  remotes = [ {{ url: \"nats://limes:limes@127.0.0.1:{hub_leaf}\", account: LIMES }} ]\n}}\n"
        );
        Self::start(binary, dir, &format!("leaf-{name}"), conf, port, None)
    }

    /// A server from a configuration of its own (one `limes sync config` generated) listening on `port` (and
    /// accepting leaf nodes on `leaf_port`), its files in `dir` as `<name>.conf` and `<name>.log`.
    pub fn start(
        binary: &Path,
        dir: &Path,
        name: &str,
        conf: String,
        port: u16,
        leaf_port: Option<u16>,
    ) -> anyhow::Result<NatsServer> {
        let config = dir.join(format!("{name}.conf"));
        std::fs::write(&config, conf)?;
        let mut s = NatsServer {
            binary: binary.to_path_buf(),
            config,
            log: dir.join(format!("{name}.log")),
            port,
            leaf_port,
            child: None,
        };
        s.spawn()?;
        Ok(s)
    }

    fn spawn(&mut self) -> anyhow::Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let child = Command::new(&self.binary)
            .arg("-c")
            .arg(&self.config)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .map_err(|e| anyhow::anyhow!("cannot start {}: {e}", self.binary.display()))?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if Instant::now() > deadline {
                anyhow::bail!(
                    "nats-server did not listen on {} within 10 s; see {}",
                    self.port,
                    self.log.display()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Kill the server (a cut link, from the BCP node's side).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Start it again on the same port (the link is back).
    pub fn restart(&mut self) -> anyhow::Result<()> {
        self.stop();
        self.spawn()
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.stop();
    }
}
