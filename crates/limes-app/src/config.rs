//! Configuration: defaults, then a TOML file, then `LIMES_*` environment variables. Every option is documented
//! in `limes.example.toml` at the repository root.
use limes_domain::decision::{schengen_refusal_reasons, RefusalReason};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address and port the HTTP server listens on.
    pub listen: String,
    /// Database: a path or `sqlite://PATH` for the embedded SQLite database, or a `postgres://` (or
    /// `postgresql://`) URL for PostgreSQL.
    pub database: limes_store::DatabaseUrl,
    /// ICAO code of the state running this installation.
    pub state_code: String,
    /// Name shown in the UI header.
    pub installation_name: String,
    /// Language of the web UI (a BCP 47 tag: "en", "fr", "ar" or "ru"), until users choose their own.
    #[serde(with = "language_tag")]
    pub language: limes_i18n::Language,
    /// Hours a login session lasts.
    pub session_hours: i64,
    /// Set the Secure attribute on cookies (true behind TLS; false for plain-HTTP demo on a laptop).
    pub secure_cookies: bool,
    /// Failed sign-ins of one account from one address before each next attempt waits (1 s, doubling); an
    /// address across accounts is allowed four times as many.
    pub login_max_failures: u32,
    /// The longest wait between sign-in attempts, in minutes; each such quiet spell forgets one failure.
    pub login_lockout_minutes: i64,
    /// The largest watchlist or document-alert register a person or a client may upload, in MiB (1-1024).
    pub list_upload_max_mib: u64,
    /// Watchlist score at or above which a hit refers the traveller to second line (red). Empty: the engine's
    /// calibrated default.
    pub alert_threshold: Option<f64>,
    /// Lowest score shown to the officer as a possible match (amber).
    pub display_threshold: f64,
    /// Document types accepted for crossing (first letter of the MRZ document code).
    pub accepted_document_types: Vec<String>,
    /// Days before expiry at which the check warns.
    pub expiry_warning_days: i64,
    /// Refusal reasons offered to officers. Default: Schengen Borders Code Annex V Part B, A to J.
    pub refusal_reasons: Vec<RefusalReason>,
    /// Log format: "text" or "json".
    pub log_format: String,
    /// Hours after a flight's arrival at which its advance passenger data is deleted, unless a hit on the
    /// traveller was confirmed.
    pub api_retention_hours: i64,
    /// Minutes between runs of the retention purge.
    pub api_purge_interval_minutes: u64,
    /// Minutes after which a cooperation alert some receiver has not acknowledged is escalated.
    pub alert_escalation_minutes: u64,
    /// A directory watched for PAXLST files (carriers' or a router's drop box); empty: none.
    pub api_inbox_dir: Option<String>,
    /// The BCP at each arrival airport (IATA code → BCP code): a confirmed pre-arrival hit becomes an alert there.
    pub api_arrival_bcps: std::collections::BTreeMap<String, String>,
    /// NATS for a syncing node (`[nats]`; `LIMES_NATS_URL`, `LIMES_NATS_CREDS` …).
    pub nats: crate::nats_config::NatsConfig,
    /// Directory of the audit key and the checkpoint file, kept outside the database. Empty: the SQLite
    /// database's directory, or `limes-data` beside a PostgreSQL installation.
    pub audit_key_dir: Option<String>,
    /// Minutes between signed checkpoints of the audit chain (one is also written at shutdown).
    pub audit_checkpoint_minutes: u64,
    /// Days audit entries are kept before retention removes them at a signed cut. Empty: kept for ever.
    pub audit_retention_days: Option<u32>,
    /// The allowed stay: 90 days in any 180 by default, others per nationality or visa type.
    pub stay: crate::stay::StayConfig,
    /// Goods at the single window (`[goods]`): routing to agencies, the selectivity policy, value norms.
    pub goods: crate::goods::GoodsConfig,
    /// Small arms at the border (`[salw]`): embargoed destinations, the sanctions lists the parties are screened against.
    pub salw: crate::salw::SalwConfig,
    /// Seizure records (`[seizures]`): the largest photograph taken in.
    pub seizures: crate::seizures::SeizuresConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            database: "limes-data/limes.db".into(),
            state_code: "UTO".into(),
            installation_name: "Limes — Utopia Border Police".into(),
            language: limes_i18n::Language::English,
            session_hours: 10,
            secure_cookies: false,
            login_max_failures: 3,
            login_lockout_minutes: 15,
            list_upload_max_mib: 32,
            alert_threshold: None,
            display_threshold: 0.6,
            accepted_document_types: vec![
                "P".into(),
                "I".into(),
                "A".into(),
                "C".into(),
                "V".into(),
            ],
            expiry_warning_days: 30,
            refusal_reasons: schengen_refusal_reasons(),
            log_format: "text".into(),
            api_retention_hours: 24,
            api_purge_interval_minutes: 15,
            alert_escalation_minutes: 30,
            api_inbox_dir: None,
            api_arrival_bcps: Default::default(),
            nats: Default::default(),
            audit_key_dir: None,
            audit_checkpoint_minutes: 5,
            audit_retention_days: None,
            stay: Default::default(),
            goods: Default::default(),
            salw: Default::default(),
            seizures: Default::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("environment variable {name}: {message}")]
    Env { name: String, message: String },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Defaults, overlaid by the file (if any), overlaid by `LIMES_*` variables from `env`.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let mut cfg = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                toml::from_str::<Config>(&text).map_err(|e| ConfigError::Parse {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })?
            }
            None => Config::default(),
        };
        for (name, value) in env {
            let Some(key) = name.strip_prefix("LIMES_") else {
                continue;
            };
            cfg.set(&key.to_ascii_lowercase(), &value)
                .map_err(|message| ConfigError::Env {
                    name: name.clone(),
                    message,
                })?;
        }
        cfg.validate()?;
        Ok(cfg)
    }

    fn set(&mut self, key: &str, v: &str) -> Result<(), String> {
        fn num<T: std::str::FromStr>(v: &str) -> Result<T, String> {
            v.trim()
                .parse()
                .map_err(|_| format!("'{v}' is not a number"))
        }
        fn boolean(v: &str) -> Result<bool, String> {
            match v.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err(format!("'{v}' is not true/false")),
            }
        }
        match key {
            "listen" => self.listen = v.into(),
            "database" => self.database = v.into(),
            "state_code" => self.state_code = v.into(),
            "installation_name" => self.installation_name = v.into(),
            "language" => self.language = v.parse().map_err(|e| format!("{e}"))?,
            "session_hours" => self.session_hours = num(v)?,
            "secure_cookies" => self.secure_cookies = boolean(v)?,
            "login_max_failures" => self.login_max_failures = num(v)?,
            "login_lockout_minutes" => self.login_lockout_minutes = num(v)?,
            "list_upload_max_mib" => self.list_upload_max_mib = num(v)?,
            "alert_threshold" => {
                self.alert_threshold = if v.trim().is_empty() {
                    None
                } else {
                    Some(num(v)?)
                }
            }
            "display_threshold" => self.display_threshold = num(v)?,
            "accepted_document_types" => {
                self.accepted_document_types = v
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            }
            "expiry_warning_days" => self.expiry_warning_days = num(v)?,
            "log_format" => self.log_format = v.into(),
            "api_retention_hours" => self.api_retention_hours = num(v)?,
            "api_purge_interval_minutes" => self.api_purge_interval_minutes = num(v)?,
            "goods_inbox_dir" => {
                self.goods.inbox_dir = Some(v.trim().to_string()).filter(|s| !s.is_empty())
            }
            "alert_escalation_minutes" => self.alert_escalation_minutes = num(v)?,
            "api_inbox_dir" => {
                self.api_inbox_dir = Some(v.trim().to_string()).filter(|s| !s.is_empty())
            }
            "api_arrival_bcps" => {
                // AIRPORT=BCP pairs separated by commas, e.g. "UTC=UTO-AIR-1,PMR=UTO-AIR-2".
                let mut map = std::collections::BTreeMap::new();
                for pair in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    let (airport, bcp) = pair
                        .split_once('=')
                        .ok_or_else(|| format!("'{pair}' is not AIRPORT=BCP"))?;
                    map.insert(
                        airport.trim().to_ascii_uppercase(),
                        bcp.trim().to_ascii_uppercase(),
                    );
                }
                self.api_arrival_bcps = map;
            }
            nats if nats.starts_with("nats_") => self.nats.set(&nats["nats_".len()..], v)?,
            "audit_key_dir" => {
                self.audit_key_dir = Some(v.trim().to_string()).filter(|s| !s.is_empty())
            }
            "audit_checkpoint_minutes" => self.audit_checkpoint_minutes = num(v)?,
            "audit_retention_days" => {
                self.audit_retention_days = if v.trim().is_empty() {
                    None
                } else {
                    Some(num(v)?)
                }
            }
            // Environment variables that are not configuration (LIMES_LOG and the like) are left alone.
            "log" | "config" => {}
            other => return Err(format!("unknown option '{other}'")),
        }
        Ok(())
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |m: String| Err(ConfigError::Invalid(m));
        if self.session_hours < 1 || self.session_hours > 24 * 7 {
            return bad(format!(
                "session_hours must be 1..=168, got {}",
                self.session_hours
            ));
        }
        if let Some(t) = self.alert_threshold {
            if !(0.0..=1.0).contains(&t) {
                return bad(format!("alert_threshold must be within 0..1, got {t}"));
            }
        }
        if !(0.0..=1.0).contains(&self.display_threshold) {
            return bad(format!(
                "display_threshold must be within 0..1, got {}",
                self.display_threshold
            ));
        }
        if self.refusal_reasons.is_empty() {
            return bad("refusal_reasons must not be empty".into());
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return bad(format!(
                "log_format must be \"text\" or \"json\", got {:?}",
                self.log_format
            ));
        }
        if self.api_retention_hours < 1 {
            return bad(format!(
                "api_retention_hours must be at least 1, got {}",
                self.api_retention_hours
            ));
        }
        if self.alert_escalation_minutes == 0 {
            return bad("alert_escalation_minutes must be at least 1".into());
        }
        if self.api_purge_interval_minutes == 0 {
            return bad("api_purge_interval_minutes must be at least 1".into());
        }
        for airport in self.api_arrival_bcps.keys() {
            if airport.len() != 3 || !airport.bytes().all(|b| b.is_ascii_alphabetic()) {
                return bad(format!(
                    "api_arrival_bcps: '{airport}' is not a 3-letter IATA airport code"
                ));
            }
        }
        if self.login_max_failures == 0 {
            return bad("login_max_failures must be at least 1".into());
        }
        if !(1..=1024).contains(&self.list_upload_max_mib) {
            return bad("list_upload_max_mib must be between 1 and 1024".into());
        }
        Ok(())
    }

    /// The filesystem path of the embedded database; None when the database is a PostgreSQL URL.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        let d = self.database.trim();
        if d.starts_with("postgres://") || d.starts_with("postgresql://") {
            return None;
        }
        Some(PathBuf::from(d.strip_prefix("sqlite://").unwrap_or(d)))
    }
}

/// The language as its tag in TOML ("fr"), rejecting a language that is not shipped.
mod language_tag {
    use limes_i18n::Language;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(lang: &Language, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(lang.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
        let tag = String::deserialize(d)?;
        tag.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_file_overrides_defaults() {
        let dir = std::env::temp_dir().join(format!("limes-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("limes.toml");
        std::fs::write(&file, "listen = \"0.0.0.0:9000\"\nsession_hours = 4\n").unwrap();
        let cfg = Config::load(
            Some(&file),
            [("LIMES_SESSION_HOURS".to_string(), "6".to_string())],
        )
        .unwrap();
        assert_eq!(cfg.listen, "0.0.0.0:9000");
        assert_eq!(cfg.session_hours, 6);
        assert_eq!(cfg.state_code, "UTO");
        assert_eq!(cfg.refusal_reasons.len(), 10);
    }

    #[test]
    fn mistakes_are_named() {
        let err = Config::load(
            None,
            [("LIMES_SESSION_HOURS".to_string(), "many".to_string())],
        )
        .unwrap_err();
        assert!(err.to_string().contains("LIMES_SESSION_HOURS"), "{err}");
        let err = Config::load(None, [("LIMES_NOPE".to_string(), "1".to_string())]).unwrap_err();
        assert!(err.to_string().contains("unknown option 'nope'"), "{err}");
        let dir = std::env::temp_dir().join(format!("limes-cfg2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bad.toml");
        std::fs::write(&file, "lisen = 1\n").unwrap();
        let err = Config::load(Some(&file), []).unwrap_err();
        assert!(err.to_string().contains("lisen"), "{err}");
    }

    #[test]
    fn the_language_is_a_shipped_one() {
        let cfg = Config::load(None, [("LIMES_LANGUAGE".to_string(), "ar".to_string())]).unwrap();
        assert_eq!(cfg.language, limes_i18n::Language::Arabic);
        assert_eq!(Config::default().language, limes_i18n::Language::English);
        let err =
            Config::load(None, [("LIMES_LANGUAGE".to_string(), "de".to_string())]).unwrap_err();
        assert!(err.to_string().contains("en, fr, ar, ru"), "{err}");
        let from_file: Config = toml::from_str("language = \"fr-FR\"").unwrap();
        assert_eq!(from_file.language, limes_i18n::Language::French);
        assert!(toml::from_str::<Config>("language = \"xx\"").is_err());
    }

    #[test]
    fn example_file_is_complete_and_valid() {
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../limes.example.toml");
        let cfg = Config::load(Some(Path::new(example)), []).unwrap();
        let defaults = Config::default();
        assert_eq!(cfg.listen, defaults.listen);
        // Every option appears in the example file.
        let text = std::fs::read_to_string(example).unwrap();
        let value = toml::Value::try_from(&defaults).unwrap();
        for key in value.as_table().unwrap().keys() {
            assert!(
                text.contains(&format!("{key} =")) || text.contains(&format!("[[{key}]]")),
                "{key} undocumented"
            );
        }
    }
}
