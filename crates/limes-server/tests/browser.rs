//! The main screens in headless Chromium, driven over the W3C WebDriver protocol (chromedriver):
//! log in, check a traveller whose MRZ hits a UN-list entry, refuse with a reason, find it in the history.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Driver {
    child: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver leads its own process group: end Chromium with it, even when a test failed midway.
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{}", self.child.id()))
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Driver {
    async fn start() -> Option<Driver> {
        let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        use std::os::unix::process::CommandExt;
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().ok()?;
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,1000".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}});
        let res: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let session = res["value"]["sessionId"].as_str()?.to_string();
        Some(Driver {
            child,
            base,
            session,
            http,
            _profile: profile,
        })
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let req = self.http.request(method.clone(), url);
        let req = if method == reqwest::Method::GET {
            req
        } else {
            req.json(&body)
        };
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        v["value"].clone()
    }
    /// Sign in through the login form, at a BCP when given.
    async fn sign_in(&self, role: Role, bcp: Option<&str>) {
        self.wait_for("Sign in").await;
        self.type_into("#username", &username(role)).await;
        self.type_into("#password", PASSWORD).await;
        if let Some(b) = bcp {
            self.select("#bcp", b).await;
        }
        self.click("#login-form button[type=submit]").await;
    }
    /// A scanner types the passport zone of UN entry CDi.006 (KATANGA, Germain) line by line and ends with
    /// Enter: the check runs by itself.
    async fn scan_katanga(&self) {
        let mrz = td3(
            "COD",
            "KATANGA",
            "GERMAIN",
            "OB0193544",
            "COD",
            "780428",
            'M',
            "300101",
        );
        let mut keys = mrz.replace('\n', "\u{E007}");
        keys.push('\u{E007}');
        self.type_into("#mrz", &keys).await;
    }
    /// Close the browser session (Chromium exits); Drop then stops chromedriver.
    async fn quit(&self) {
        let url = format!("{}/session/{}", self.base, self.session);
        let _ = self.http.delete(url).send().await;
    }
    async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", json!({"url": url}))
            .await;
    }
    async fn find(&self, css: &str) -> String {
        for _ in 0..50 {
            let v = self
                .cmd(
                    reqwest::Method::POST,
                    "/element",
                    json!({"using": "css selector", "value": css}),
                )
                .await;
            if let Some(id) = v[ELEMENT].as_str() {
                return id.to_string();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no element {css} on {}", self.source().await);
    }
    async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            json!({"text": text}),
        )
        .await;
    }
    async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            json!({}),
        )
        .await;
    }
    async fn select(&self, css: &str, value: &str) {
        self.click(&format!("{css} option[value=\"{value}\"]"))
            .await;
    }
    async fn source(&self) -> String {
        self.cmd(reqwest::Method::GET, "/source", json!({}))
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }
    async fn url(&self) -> String {
        self.cmd(reqwest::Method::GET, "/url", json!({}))
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }
    async fn wait_for(&self, text: &str) -> String {
        for _ in 0..100 {
            let s = self.source().await;
            if s.contains(text) {
                return s;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "'{text}' never appeared on {}: {}",
            self.url().await,
            self.source().await
        );
    }
    async fn screenshot(&self, path: &std::path::Path) {
        use base64::Engine as _;
        let v = self
            .cmd(reqwest::Method::GET, "/screenshot", json!({}))
            .await;
        if let Some(b64) = v.as_str() {
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64) {
                let _ = std::fs::write(path, bytes);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_refuses_a_un_listed_traveller_and_finds_it_in_the_history() {
    let Some(driver) = Driver::start().await else {
        assert!(
            std::env::var("REQUIRE_BROWSER_TEST").is_err(),
            "REQUIRE_BROWSER_TEST is set but Chromium/chromedriver cannot start"
        );
        eprintln!(
            "SKIPPED: chromium and chromedriver are not installed (scripts/test-all installs them)"
        );
        return;
    };
    let srv = TestServer::start().await;
    driver.goto(&srv.url("/")).await;
    driver
        .sign_in(Role::FirstLineOfficer, Some("UTO-AIR-1"))
        .await;
    driver.wait_for("Border check").await;

    driver.scan_katanga().await;
    let page = driver.wait_for("verdict red").await;
    assert!(page.contains("Refer to second line"));
    assert!(page.contains("CDi.006"), "the UN entry is named");
    if let Ok(dir) = std::env::var("SCREENSHOT_DIR") {
        driver
            .screenshot(&std::path::Path::new(&dir).join("check-result.png"))
            .await;
    }

    driver.select("#refusal-reason", "H").await;
    driver
        .type_into("#note", "UN sanctions list, confirmed by second look")
        .await;
    driver.click("#btn-refuse").await;
    let done = driver.wait_for("Recorded:").await;
    assert!(done.contains("Refused"));

    driver.click("a[href=\"/history\"]").await;
    driver.type_into("#search", "KATANGA").await;
    driver.type_into("#purpose", "border check").await;
    driver.click("#history-form button").await;
    let history = driver.wait_for("history-results").await;
    assert!(
        history.contains("KATANGA") && history.contains("Refused"),
        "{history}"
    );
    let row_reason = history.contains(">H<");
    assert!(row_reason, "the refusal reason H is shown");

    // And it is in the database, decided, with the reason.
    let found = srv
        .state
        .store
        .crossings(&limes_store::CrossingFilter {
            search: Some("KATANGA".into()),
            limit: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].outcome, Some(limes_domain::Outcome::Refused));
    assert_eq!(found[0].refusal_reason.as_deref(), Some("H"));

    // A supervisor finds the BCP nodes page in the navigation; this server is no centre and says so.
    driver.click("form[action=\"/logout\"] button").await;
    driver.sign_in(Role::Supervisor, None).await;
    driver.wait_for("href=\"/sync\"").await;
    driver.click("a[href=\"/sync\"]").await;
    let nodes = driver.wait_for("id=\"not-centre\"").await;
    assert!(nodes.contains("not the national centre"), "{nodes}");
    driver.quit().await;
}

/// A passenger list with the UN-listed KATANGA among ordinary travellers, arriving at UTC (BCP UTO-AIR-1).
fn manifest_with_katanga() -> String {
    use limes_edifact::write::{DocumentOut, FlightLegOut, ManifestOut, PersonOut};
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let at = |h| day.and_hms_opt(h, 0, 0).unwrap();
    let person =
        |surname: &str, given: &str, birth: (i32, u32, u32), nat: &str, number: &str| PersonOut {
            role: "FL".into(),
            surname: surname.into(),
            given_names: given.into(),
            gender: "M".into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2),
            nationality: nat.into(),
            booking_reference: format!("B{number}"),
            seat: "10A".into(),
            documents: vec![DocumentOut {
                doc_type: "P".into(),
                number: number.into(),
                issuing_state: nat.into(),
                expiry: chrono::NaiveDate::from_ymd_opt(2030, 1, 1),
            }],
        };
    ManifestOut {
        sender: "UTAIR".into(),
        recipient: "UTOPIU".into(),
        control_reference: "BROWSER1".into(),
        prepared: at(6),
        crew: false,
        legs: vec![FlightLegOut {
            flight: "UT101".into(),
            carrier: "UT".into(),
            departure_airport: "ATH".into(),
            departure: at(10),
            arrival_airport: "UTC".into(),
            arrival: at(13),
        }],
        persons: vec![
            person("NOVAK", "PETR", (1981, 5, 2), "CZE", "C1234567"),
            person("KATANGA", "GERMAIN", (1978, 4, 28), "COD", "OB0193544"),
            person("SILVA", "JOAO", (1990, 9, 9), "PRT", "P7654321"),
        ],
    }
    .to_edifact()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyst_confirms_a_pre_arrival_hit_and_the_officer_sees_it_at_the_check() {
    let Some(driver) = Driver::start().await else {
        assert!(
            std::env::var("REQUIRE_BROWSER_TEST").is_err(),
            "REQUIRE_BROWSER_TEST is set but Chromium/chromedriver cannot start"
        );
        eprintln!("SKIPPED: chromium and chromedriver are not installed");
        return;
    };
    let mut config = limes_server::config::Config::default();
    config
        .api_arrival_bcps
        .insert("UTC".into(), "UTO-AIR-1".into());
    let srv = TestServer::start_with(config).await;
    let res = srv
        .api()
        .post(srv.url("/api/v1/api-messages"))
        .bearer_auth(srv.token(Role::Analyst))
        .body(manifest_with_katanga())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    // The analyst signs in and lands on the worklist; the flight with the UN hit is on it.
    driver.goto(&srv.url("/")).await;
    driver.sign_in(Role::Analyst, None).await;
    driver.wait_for("flights with open hits").await;
    driver.click("#worklist a.button").await;
    let flight = driver.wait_for("Travellers with hits").await;
    assert!(
        flight.contains("KATANGA") && flight.contains("CDi.006"),
        "{flight}"
    );
    driver
        .type_into(
            "li[data-kind=watchlist] .review-reason",
            "name, birth date and nationality agree with UN CDi.006",
        )
        .await;
    driver
        .click("li[data-kind=watchlist] .review-confirm")
        .await;
    let reviewed = driver.wait_for("review-outcome").await;
    assert!(reviewed.contains("confirmed"), "{reviewed}");
    // The arrivals board shows the flight and keeps itself up to date.
    driver.goto(&srv.url("/pax?date=2026-03-01")).await;
    let board = driver.wait_for("data-live=\"on\"").await;
    assert!(
        board.contains("UT101") && board.contains("ATH → UTC"),
        "{board}"
    );
    driver.click("form[action=\"/logout\"] button").await;

    // The officer at the arrival BCP scans KATANGA's passport: the confirmed pre-arrival hit is on the screen.
    driver
        .sign_in(Role::FirstLineOfficer, Some("UTO-AIR-1"))
        .await;
    driver.wait_for("Border check").await;
    driver.scan_katanga().await;
    let page = driver.wait_for("pre-arrival").await;
    assert!(page.contains("verdict red"), "{page}");
    assert!(
        page.contains("Pre-arrival alerts confirmed by the passenger information unit")
            && page.contains("flight UT101"),
        "{page}"
    );
    if let Ok(dir) = std::env::var("SCREENSHOT_DIR") {
        driver
            .screenshot(&std::path::Path::new(&dir).join("check-pre-arrival.png"))
            .await;
    }
    driver.quit().await;
}
