//! Where a store lives — a SQLite path or a PostgreSQL URL — and how it may be shown: never with its password.
use serde::{Deserialize, Serialize};

/// The database setting: `sqlite://PATH`, a plain path, or `postgres://user:password@host/db`. Its `Debug` and
/// `Display` mask the password, so a configuration can be logged as it is.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// The setting as given, with the password: only for opening the store.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for DatabaseUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for DatabaseUrl {
    fn from(s: String) -> Self {
        DatabaseUrl(s)
    }
}

impl From<&str> for DatabaseUrl {
    fn from(s: &str) -> Self {
        DatabaseUrl(s.to_string())
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", redact_url(&self.0))
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact_url(&self.0))
    }
}

/// The URL without its password (in the user part, or a `password=` parameter), for logs and messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            if userinfo.contains(':') {
                format!("{user}:***@{host}")
            } else {
                format!("{user}@{host}")
            }
        }
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        let url = DatabaseUrl::from(
            "postgres://limes:s3cret@db.example:5432/limes?sslmode=require&password=p2",
        );
        let shown = format!("{url} {url:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("p2"),
            "{shown}"
        );
        assert!(shown
            .contains("postgres://limes:***@db.example:5432/limes?sslmode=require&password=***"));
        assert_eq!(
            url.expose(),
            "postgres://limes:s3cret@db.example:5432/limes?sslmode=require&password=p2"
        );
        assert_eq!(
            redact_url("postgres://limes@host/db"),
            "postgres://limes@host/db"
        );
        assert_eq!(redact_url("limes-data/limes.db"), "limes-data/limes.db");
        assert_eq!(
            format!("{:?}", DatabaseUrl::from("sqlite://x.db")),
            "\"sqlite://x.db\""
        );
    }
}
