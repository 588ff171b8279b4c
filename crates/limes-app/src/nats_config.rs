//! The `[nats]` section of the configuration: where a syncing node reaches NATS and how it proves who it is
//! (`LIMES_NATS_*` variables set the same keys). The command line's `--nats*` options override it.
use serde::{Deserialize, Serialize};

#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct NatsConfig {
    /// The NATS server: the centre's hub, or the BCP's leaf node (`nats://HOST:PORT`, no credentials in it).
    pub url: Option<String>,
    /// A `.creds` file (user JWT and NKey seed).
    pub creds: Option<String>,
    /// A file holding an NKey user seed (what `limes sync config --bcp` gives a BCP node).
    pub nkey: Option<String>,
    pub user: Option<String>,
    /// Never shown: not serialised, hidden from `Debug`.
    #[serde(skip_serializing)]
    pub password: Option<String>,
    /// TLS client certificate and key (PEM), for a server that verifies clients.
    pub tls_cert: Option<String>,
    pub tls_key: Option<String>,
    /// The CA (PEM) the server's certificate is checked against.
    pub ca: Option<String>,
}

impl std::fmt::Debug for NatsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NatsConfig")
            .field("url", &self.url.as_deref().map(limes_store::redact_url))
            .field("creds", &self.creds)
            .field("nkey", &self.nkey)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("tls_cert", &self.tls_cert)
            .field("tls_key", &self.tls_key)
            .field("ca", &self.ca)
            .finish()
    }
}

impl NatsConfig {
    /// Set one key (without the `nats_` prefix) from its `LIMES_NATS_<KEY>` variable; empty unsets it.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        let slot = match key {
            "url" => &mut self.url,
            "creds" => &mut self.creds,
            "nkey" => &mut self.nkey,
            "user" => &mut self.user,
            "password" => &mut self.password,
            "tls_cert" => &mut self.tls_cert,
            "tls_key" => &mut self.tls_key,
            "ca" => &mut self.ca,
            other => return Err(format!("unknown option 'nats_{other}'")),
        };
        *slot = value;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_set_the_keys_and_the_password_is_never_shown() {
        let mut n = NatsConfig::default();
        n.set("creds", "/etc/limes/centre.creds").unwrap();
        n.set("password", "s3cret").unwrap();
        assert_eq!(n.creds.as_deref(), Some("/etc/limes/centre.creds"));
        assert!(!format!("{n:?}").contains("s3cret"));
        assert!(!serde_json::to_string(&n).unwrap().contains("s3cret"));
        assert!(n.set("token", "x").is_err());
    }

    #[test]
    fn the_configuration_takes_them_from_limes_nats_variables() {
        let cfg = crate::config::Config::load(
            None,
            [
                ("LIMES_NATS_URL".to_string(), "nats://hub:4222".to_string()),
                (
                    "LIMES_NATS_NKEY".to_string(),
                    "/etc/limes/node.nk".to_string(),
                ),
            ],
        )
        .unwrap();
        assert_eq!(cfg.nats.url.as_deref(), Some("nats://hub:4222"));
        assert_eq!(cfg.nats.nkey.as_deref(), Some("/etc/limes/node.nk"));
    }
}
