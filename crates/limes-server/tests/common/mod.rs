//! Test harness: a real Limes server on a loopback port with a fresh temporary database, seeded with an agency,
//! BCPs, one user per role, and the real UN list. Tests talk to it over HTTP like any client.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use limes_domain::{Agency, AgencyKind, AuditEvent, Bcp, BcpKind, FixedClock, Role};
use limes_server::config::Config;
use limes_server::AppState;
use limes_store::prelude::*;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub const PASSWORD: &str = "correct-horse-battery";
pub const UN_XML: &[u8] =
    include_bytes!("../../../../data/watchlists/un-consolidated-2026-02-27.xml");

pub struct TestServer {
    pub base: String,
    pub state: AppState,
    pub clock: Arc<FixedClock>,
    /// Bearer token per role (user "<role>").
    pub tokens: HashMap<Role, String>,
    pub dir: tempfile::TempDir,
    pub db_path: std::path::PathBuf,
    /// The throwaway PostgreSQL database the server runs on, kept until the server is dropped.
    pub postgres: Option<limes_testkit::postgres::TestDatabase>,
}

pub fn username(role: Role) -> String {
    role.as_str().replace('_', "-")
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(Config::default()).await
    }

    pub async fn start_with(mut config: Config) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("limes.db");
        config.database = db_path.display().to_string().into();
        let store = Arc::new(limes_store_sqlite::SqliteStore::open(&db_path).unwrap());
        Self::start_on(store, config, dir, db_path).await
    }

    /// The server on a throwaway PostgreSQL database named after `test`; None (the test skips) without a
    /// PostgreSQL server, unless REQUIRE_POSTGRES=1.
    pub async fn start_on_postgres(test: &str, config: Config) -> Option<TestServer> {
        let db = limes_testkit::postgres::database_for_test(test)
            .await
            .unwrap()?;
        let store = Arc::new(limes_store_postgres::PgStore::open(db.url()).await.unwrap());
        let config = Config {
            database: db.url().into(),
            ..config
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("unused.db");
        let mut srv = Self::start_on(store, config, dir, path).await;
        assert_eq!(srv.state.store.backend(), "postgres");
        srv.postgres = Some(db);
        Some(srv)
    }

    /// The server on a given store (`config.database` should name it); `dir` is kept for the test's files.
    pub async fn start_on(
        store: Arc<dyn Store>,
        config: Config,
        dir: tempfile::TempDir,
        db_path: std::path::PathBuf,
    ) -> TestServer {
        Self::start_on_with_sync(store, None, config, dir, db_path).await
    }

    /// The server on a given store, with the sync tables of the same database (as `limes serve` has them).
    pub async fn start_on_with_sync(
        store: Arc<dyn Store>,
        sync: Option<Arc<dyn limes_store::sync::SyncStore>>,
        config: Config,
        dir: tempfile::TempDir,
        db_path: std::path::PathBuf,
    ) -> TestServer {
        let clock = Arc::new(FixedClock::new(
            Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap(),
        ));
        // The audit key and checkpoint file in the test's own directory, never shared between tests.
        let config = Config {
            audit_key_dir: config
                .audit_key_dir
                .or_else(|| Some(dir.path().to_string_lossy().into_owned())),
            ..config
        };
        let mut state = limes_server::build_state(store.clone(), config, clock.clone(), [9u8; 32])
            .await
            .unwrap();
        if let Some(sync) = sync {
            state.app = state.app.with_sync(sync);
        }
        let ev = |a: &str| AuditEvent::new(clock_now(), "setup", a);
        store
            .upsert_agency(
                &Agency {
                    code: "UBP".into(),
                    name: "Utopia Border Police".into(),
                    kind: AgencyKind::BorderPolice,
                },
                ev("agency.upsert"),
            )
            .await
            .unwrap();
        for (code, kind) in [
            ("UTO-AIR-1", BcpKind::Air),
            ("UTO-LND-N1", BcpKind::Land),
            ("UTO-SEA-1", BcpKind::Sea),
        ] {
            let bcp = Bcp {
                code: code.into(),
                name: format!("{code} post"),
                kind,
                border_section: "test".into(),
                neighbour: None,
                agency: "UBP".into(),
                latitude: None,
                longitude: None,
                active: true,
            };
            store.upsert_bcp(&bcp, ev("bcp.upsert")).await.unwrap();
        }
        let list = limes_screen::import::un_xml(UN_XML).unwrap();
        limes_app::lists::save_watchlist(store.as_ref(), ev("watchlist.import"), &list, "un.xml")
            .await
            .unwrap();
        state.screener.replace_list(list);

        let mut tokens = HashMap::new();
        for role in Role::ALL {
            let bcps = match role {
                Role::FirstLineOfficer | Role::SecondLineOfficer => {
                    vec!["UTO-AIR-1".to_string(), "UTO-LND-N1".to_string()]
                }
                Role::Gate => vec!["UTO-AIR-1".to_string()],
                _ => vec![],
            };
            let req = limes_app::users::NewUserRequest {
                username: username(role),
                display_name: role.label().into(),
                role,
                agency: "UBP".into(),
                bcps,
                password: PASSWORD.into(),
            };
            let user = limes_app::users::add_user(&state, limes_app::Actor::Operator("setup"), req)
                .await
                .unwrap();
            let token = format!("token-{}", role.as_str());
            store
                .create_api_token(
                    limes_store::NewApiToken {
                        token_hash: limes_store::token_hash(&token),
                        user_id: user.id,
                        name: "test".into(),
                        created_at: clock_now(),
                    },
                    ev("api_token.create"),
                )
                .await
                .unwrap();
            tokens.insert(role, token);
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let serve_state = state.clone();
        tokio::spawn(async move { limes_server::serve(serve_state, listener).await });
        TestServer {
            base,
            state,
            clock,
            tokens,
            dir,
            db_path,
            postgres: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client that does not follow redirects (so tests see them) and keeps cookies.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    pub fn api(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    pub fn token(&self, role: Role) -> &str {
        &self.tokens[&role]
    }

    /// Log in through the form; returns the cookie-keeping client.
    pub async fn login(&self, role: Role, bcp: Option<&str>) -> reqwest::Client {
        let c = self.browser();
        let mut form = vec![
            ("username", username(role)),
            ("password", PASSWORD.to_string()),
        ];
        if let Some(b) = bcp {
            form.push(("bcp", b.to_string()));
        }
        let res = c.post(self.url("/login")).form(&form).send().await.unwrap();
        assert_eq!(
            res.status(),
            303,
            "login of {role} failed: {}",
            res.text().await.unwrap()
        );
        c
    }

    pub async fn post_check(&self, role: Role, body: Value) -> (u16, Value) {
        self.post_json(role, "/api/v1/checks", &body).await
    }

    /// A first-line officer's check of `mrz` at UTO-AIR-1 (`direction`: "entry" or "exit").
    pub async fn check_at_air(&self, mrz: &str, direction: &str) -> (u16, Value) {
        self.post_check(
            Role::FirstLineOfficer,
            json!({"mrz": mrz, "bcp": "UTO-AIR-1", "direction": direction}),
        )
        .await
    }

    /// `role` records a decision on crossing `id`.
    pub async fn decide(&self, id: &str, role: Role, decision: Value) -> (u16, Value) {
        let path = format!("/api/v1/crossings/{id}/decision");
        self.post_json(role, &path, &decision).await
    }

    /// GET `path` with `role`'s token: the status and the JSON body (null when the body is not JSON).
    pub async fn get_json(&self, role: Role, path: &str) -> (u16, Value) {
        let res = self.get_as(role, path).await;
        json_of(res).await
    }

    /// GET `path` with `role`'s token.
    pub async fn get_as(&self, role: Role, path: &str) -> reqwest::Response {
        self.api()
            .get(self.url(path))
            .bearer_auth(self.token(role))
            .send()
            .await
            .unwrap()
    }

    /// GET `path` without credentials.
    pub async fn get_anonymous(&self, path: &str) -> reqwest::Response {
        self.api().get(self.url(path)).send().await.unwrap()
    }

    /// POST `body` as JSON to `path` with `role`'s token: the status and the JSON answer (null when not JSON).
    pub async fn post_json(&self, role: Role, path: &str, body: &Value) -> (u16, Value) {
        let res = self
            .api()
            .post(self.url(path))
            .bearer_auth(self.token(role))
            .json(body)
            .send()
            .await
            .unwrap();
        json_of(res).await
    }

    /// POST a raw `body` of type `content_type` to `path` with `role`'s token.
    pub async fn post_raw(
        &self,
        role: Role,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> reqwest::Response {
        self.api()
            .post(self.url(path))
            .bearer_auth(self.token(role))
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    /// GET `path` with `client` (e.g. a logged-in browser) and return the page's text, whatever the status.
    pub async fn page(&self, client: &reqwest::Client, path: &str) -> String {
        let res = client.get(self.url(path)).send().await.unwrap();
        res.text().await.unwrap()
    }

    /// POST `form` to `path` with `client` (e.g. a logged-in browser), as a form in a page would.
    pub async fn submit<F: serde::Serialize + ?Sized>(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &F,
    ) -> reqwest::Response {
        client.post(self.url(path)).form(form).send().await.unwrap()
    }

    /// The check that made crossing `id` is among the latest audit entries.
    pub async fn assert_check_audited(&self, id: &str) {
        let audit = self.state.store.recent_audit(5).await.unwrap();
        let subject = format!("crossing:{id}");
        assert!(
            audit.iter().any(|e| e.event.action == "check.run"
                && e.event.subject.as_deref() == Some(subject.as_str())),
            "no check.run audit entry for {subject}"
        );
    }

    /// The administrator imports a document-alert CSV; the import must succeed.
    pub async fn import_document_alerts(&self, csv: &str) {
        let res = self
            .post_raw(
                Role::Administrator,
                "/api/v1/document-alerts",
                "text/csv",
                csv,
            )
            .await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
}

/// The status and JSON body of a response (null when the body is not JSON).
pub async fn json_of(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A clean traveller: on no list, with a valid passport (ERIKSSON, Anna Maria, UTO).
pub fn clear_mrz() -> String {
    td3(
        "UTO",
        "ERIKSSON",
        "ANNA MARIA",
        "L898902C3",
        "UTO",
        "740812",
        'F',
        "320415",
    )
}

/// CDi.006 on the UN list: KATANGA, Germain, born 1978-04-28, Democratic Republic of the Congo.
pub fn un_listed_mrz() -> String {
    td3(
        "COD",
        "KATANGA",
        "GERMAIN",
        "OB0193544",
        "COD",
        "780428",
        'M',
        "300101",
    )
}

fn clock_now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
}

/// The CSRF token embedded in a page's forms.
pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("page has a CSRF field");
    html[start..].split('"').next().unwrap().to_string()
}

/// TD3 MRZ with correct check digits (test-side builder, independent of the parser under test).
#[allow(clippy::too_many_arguments)] // mirrors the MRZ's own fields, in order
pub fn td3(
    issuer: &str,
    surname: &str,
    given: &str,
    number: &str,
    nat: &str,
    birth: &str,
    sex: char,
    expiry: &str,
) -> String {
    fn cd(s: &str) -> char {
        let w = [7, 3, 1];
        let sum: u32 = s
            .bytes()
            .enumerate()
            .map(|(i, c)| {
                let v = match c {
                    b'0'..=b'9' => (c - b'0') as u32,
                    b'A'..=b'Z' => (c - b'A') as u32 + 10,
                    _ => 0,
                };
                v * w[i % 3]
            })
            .sum();
        char::from_digit(sum % 10, 10).unwrap()
    }
    fn pad(s: &str, n: usize) -> String {
        format!("{s:<<n$}")
    }
    let name = format!("{}<<{}", surname.replace(' ', "<"), given.replace(' ', "<"));
    let l1 = pad(&format!("P<{issuer}{name}"), 44);
    let num = pad(number, 9);
    let personal = pad("", 14);
    let mut l2 = format!(
        "{num}{}{nat}{birth}{}{sex}{expiry}{}{personal}{}",
        cd(&num),
        cd(birth),
        cd(expiry),
        cd(&personal)
    );
    let composite = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43]);
    l2.push(cd(&composite));
    format!("{l1}\n{l2}")
}
