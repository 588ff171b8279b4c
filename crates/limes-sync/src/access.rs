//! How a node proves who it is to NATS (a `.creds` file, an NKey seed, a user and password, a TLS client
//! certificate and CA) and the state of its link as an operator reads it: connected, or why not, in words that
//! say what to check. Secrets never reach a log: the URL is redacted and `Debug` hides the password.
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The credentials and transport options of a NATS connection; every one optional.
#[derive(Clone, Default)]
pub struct NatsAccess {
    /// A `.creds` file (user JWT and NKey seed: NATS's decentralised authentication).
    pub creds_file: Option<PathBuf>,
    /// A file holding an NKey user seed (`SU…`).
    pub nkey_seed_file: Option<PathBuf>,
    pub user: Option<String>,
    pub password: Option<String>,
    /// A TLS client certificate and its key (PEM), for a server with `verify: true`.
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// The CA (PEM) the server's certificate is checked against; setting it requires TLS.
    pub tls_ca: Option<PathBuf>,
    /// The prefix of this connection's reply subjects: a BCP's account may only receive on its own.
    pub inbox_prefix: Option<String>,
}

impl std::fmt::Debug for NatsAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NatsAccess")
            .field("creds_file", &self.creds_file)
            .field("nkey_seed_file", &self.nkey_seed_file)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("tls_cert", &self.tls_cert)
            .field("tls_key", &self.tls_key)
            .field("tls_ca", &self.tls_ca)
            .field("inbox_prefix", &self.inbox_prefix)
            .finish()
    }
}

impl NatsAccess {
    /// Which option carries the identity, for the messages that ask the operator to check it.
    pub fn identity_option(&self) -> &'static str {
        if self.creds_file.is_some() {
            "--nats-creds"
        } else if self.nkey_seed_file.is_some() {
            "--nats-nkey"
        } else if self.user.is_some() {
            "--nats-user and --nats-password"
        } else if self.tls_cert.is_some() {
            "--nats-tls-cert"
        } else {
            "the NATS credentials (--nats-creds, --nats-nkey or --nats-user)"
        }
    }

    /// The options with these credentials applied.
    pub async fn apply(
        &self,
        mut options: async_nats::ConnectOptions,
    ) -> anyhow::Result<async_nats::ConnectOptions> {
        if let Some(path) = &self.creds_file {
            options = options.credentials_file(path).await.map_err(|e| {
                anyhow::anyhow!("cannot read the NATS credentials {}: {e}", path.display())
            })?;
        }
        if let Some(path) = &self.nkey_seed_file {
            let seed = std::fs::read_to_string(path).map_err(|e| {
                anyhow::anyhow!("cannot read the NKey seed {}: {e}", path.display())
            })?;
            let seed = seed
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with("SU"))
                .ok_or_else(|| {
                    anyhow::anyhow!("{} holds no NKey user seed (SU…)", path.display())
                })?;
            options = options.nkey(seed.to_string());
        }
        match (&self.user, &self.password) {
            (Some(user), Some(password)) => {
                options = options.user_and_password(user.clone(), password.clone())
            }
            (Some(_), None) => anyhow::bail!("--nats-user needs --nats-password"),
            (None, Some(_)) => anyhow::bail!("--nats-password needs --nats-user"),
            (None, None) => {}
        }
        match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => {
                options = options
                    .add_client_certificate(cert.clone(), key.clone())
                    .require_tls(true)
            }
            (Some(_), None) => anyhow::bail!("--nats-tls-cert needs --nats-tls-key"),
            (None, Some(_)) => anyhow::bail!("--nats-tls-key needs --nats-tls-cert"),
            (None, None) => {}
        }
        if let Some(ca) = &self.tls_ca {
            options = options.add_root_certificates(ca.clone()).require_tls(true);
        }
        if let Some(prefix) = &self.inbox_prefix {
            options = options.custom_inbox_prefix(prefix);
        }
        Ok(options)
    }
}

/// The state of the link to NATS, shared by the sync tasks (which report) and the health endpoint, the
/// command line and the nodes page (which show it).
#[derive(Clone, Default)]
pub struct LinkHealth {
    problem: Arc<parking_lot::Mutex<Option<String>>>,
}

impl std::fmt::Debug for LinkHealth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LinkHealth").field(&self.problem()).finish()
    }
}

impl LinkHealth {
    /// What is wrong, in words an operator can act on; `None` while all is well.
    pub fn problem(&self) -> Option<String> {
        self.problem.lock().clone()
    }

    /// Record a problem (logged once when it starts or changes, not at every retry).
    pub fn report(&self, problem: impl Into<String>) {
        let problem = problem.into();
        let mut held = self.problem.lock();
        if held.as_deref() != Some(problem.as_str()) {
            tracing::warn!(%problem, "NATS link");
            *held = Some(problem);
        }
    }

    /// The link works again.
    pub fn clear(&self) {
        let mut held = self.problem.lock();
        if let Some(p) = held.take() {
            tracing::info!(was = %p, "NATS link working again");
        }
    }

    /// Clear only the given problem (another may have replaced it meanwhile).
    pub fn clear_if(&self, starts_with: &str) {
        let mut held = self.problem.lock();
        if held.as_deref().is_some_and(|p| p.starts_with(starts_with)) {
            *held = None;
        }
    }
}

/// The words for a server's refusal, naming the option to check.
pub fn refusal_message(error: &async_nats::ServerError, access: &NatsAccess) -> String {
    match error {
        async_nats::ServerError::AuthorizationViolation => {
            format!("{REFUSED_CREDENTIALS}: check {}", access.identity_option())
        }
        async_nats::ServerError::Other(e) if e.to_lowercase().contains("permissions violation") => {
            format!(
                "NATS refused an operation to this node's account ({e}): the account's permissions do not match \
                 this node; regenerate them with `limes sync config`"
            )
        }
        other => format!("NATS server error: {other}"),
    }
}

/// A failed connection as an operator reads it: a failed TLS handshake names the TLS options to check (the
/// client library says only "TLS error", or "IO error" when a server that verifies clients hangs up on one
/// without a certificate).
pub fn connect_problem(error: &str, url: &str, access: &NatsAccess) -> String {
    let lower = error.to_lowercase();
    let tls_configured = access.tls_cert.is_some() || access.tls_ca.is_some();
    // The client library reports a failed handshake as "TLS error" or as an "IO error" (a server that verifies
    // clients hangs up on one without a certificate); a server that is down gives an IO error too.
    let tls_failed = lower.contains("tls") || (lower.contains("io error") && tls_configured);
    if !tls_failed {
        return format!("NATS connection to {url}: {error}");
    }
    let check = if access.tls_cert.is_some() {
        "check that --nats-ca names the CA of the server's certificate, and that --nats-tls-cert and \
         --nats-tls-key hold a certificate the server's CA issued"
    } else {
        "a server that verifies clients needs this node's certificate, --nats-tls-cert and --nats-tls-key; check \
         too that --nats-ca names the CA of the server's certificate"
    };
    format!("cannot connect to NATS at {url} ({error}): if the server is up, the TLS handshake failed: {check}")
}

/// The beginning of the problem a refused login reports.
pub const REFUSED_CREDENTIALS: &str = "NATS refused our credentials";

/// Connect to NATS with these credentials, retrying forever (a BCP node starts even when its link is down) and
/// reconnecting quickly; a refusal or a lost link is reported to `health`, once, not at every retry.
pub async fn connect_with(
    url: &str,
    name: &str,
    access: &NatsAccess,
    health: &LinkHealth,
) -> anyhow::Result<async_nats::Client> {
    let events_health = health.clone();
    let events_access = access.clone();
    let shown_url = limes_store::redact_url(url);
    let events_url = shown_url.clone();
    let options = async_nats::ConnectOptions::new()
        .name(name)
        .retry_on_initial_connect()
        .max_reconnects(None)
        .reconnect_delay_callback(|attempts| {
            Duration::from_millis((100 * attempts as u64).clamp(100, 1000))
        })
        .connection_timeout(Duration::from_secs(3))
        .event_callback(move |event| {
            let health = events_health.clone();
            let access = events_access.clone();
            let url = events_url.clone();
            async move {
                match event {
                    async_nats::Event::Connected => health.clear(),
                    async_nats::Event::Disconnected => health.report(format!(
                        "not connected to NATS at {url}: is the link or the NATS server down?"
                    )),
                    async_nats::Event::ServerError(e) => {
                        health.report(refusal_message(&e, &access))
                    }
                    async_nats::Event::ClientError(e) => {
                        // A refused login while (re)connecting arrives as the client's error.
                        let e = e.to_string();
                        if e.to_lowercase().contains("authorization violation") {
                            health.report(refusal_message(
                                &async_nats::ServerError::AuthorizationViolation,
                                &access,
                            ))
                        } else {
                            health.report(connect_problem(&e, &url, &access))
                        }
                    }
                    _ => {}
                }
            }
        });
    // The client library ignores credentials in the URL; a URL that carries them is taken at its word unless
    // an option names the identity.
    let mut access = access.clone();
    if access.creds_file.is_none() && access.nkey_seed_file.is_none() && access.user.is_none() {
        if let Some((user, password)) = url_credentials(url) {
            access.user = Some(user);
            access.password = Some(password);
        }
    }
    let options = access.apply(options).await?;
    let client = options
        .connect(url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect to NATS at {shown_url}: {e}"))?;
    Ok(client)
}

/// The user and password in a `nats://user:password@host:port` URL (the first of a comma-separated list).
pub fn url_credentials(url: &str) -> Option<(String, String)> {
    let first = url.split(',').next()?;
    let (_, rest) = first.split_once("://")?;
    let authority = rest.split(['/', '?']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (user, password) = userinfo.split_once(':')?;
    (!user.is_empty()).then(|| (user.to_string(), password.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_the_url_are_read() {
        assert_eq!(
            url_credentials("tls://centre:s3cret@nats-1:4222,tls://nats-2:4222"),
            Some(("centre".into(), "s3cret".into()))
        );
        assert_eq!(url_credentials("nats://127.0.0.1:4222"), None);
    }

    #[test]
    fn debug_hides_the_password() {
        let access = NatsAccess {
            user: Some("centre".into()),
            password: Some("s3cret".into()),
            ..Default::default()
        };
        let shown = format!("{access:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("centre"));
    }

    #[test]
    fn a_refused_login_names_the_option_to_check() {
        let access = NatsAccess {
            creds_file: Some("/etc/limes/node.creds".into()),
            ..Default::default()
        };
        let m = refusal_message(&async_nats::ServerError::AuthorizationViolation, &access);
        assert_eq!(m, "NATS refused our credentials: check --nats-creds");
    }

    #[test]
    fn health_keeps_the_problem_until_cleared() {
        let health = LinkHealth::default();
        assert_eq!(health.problem(), None);
        health.report("stream LIMES_DOWN not found");
        assert_eq!(
            health.problem().as_deref(),
            Some("stream LIMES_DOWN not found")
        );
        health.clear_if("NATS refused");
        assert!(health.problem().is_some());
        health.clear_if("stream");
        assert_eq!(health.problem(), None);
    }
}
