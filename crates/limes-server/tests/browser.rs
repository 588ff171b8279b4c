//! The main screens in headless Chromium, driven over the W3C WebDriver protocol (chromedriver, through the
//! `fantoccini` client): log in, check a traveller whose MRZ hits a UN-list entry, refuse with a reason, find it in
//! the history.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use limes_domain::Role;
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// How long an element may take to appear, and a text to show up on the page.
const FIND_TIMEOUT: Duration = Duration::from_secs(5);
const TEXT_TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(100);

struct Driver {
    client: Client,
    _chromedriver: Chromedriver,
    _profile: tempfile::TempDir,
}

/// The chromedriver process. It leads its own process group: dropping it ends Chromium too, even when a test
/// failed midway.
struct Chromedriver(Child);

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{}", self.0.id()))
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

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
        let chromedriver = Chromedriver(
            Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .process_group(0)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .ok()?,
        );
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(POLL).await;
        }
        let profile = tempfile::tempdir().ok()?;
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,1000".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": "/usr/bin/chromium", "args": args}),
        );
        // chromedriver listens on the loopback: plain HTTP, no TLS stack needed.
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .ok()?;
        Some(Driver {
            client,
            _chromedriver: chromedriver,
            _profile: profile,
        })
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
        let enter = char::from(fantoccini::key::Key::Enter);
        let mut keys = mrz.replace('\n', &enter.to_string());
        keys.push(enter);
        self.type_into("#mrz", &keys).await;
    }
    /// Close the browser session (Chromium exits); dropping the driver then stops chromedriver.
    async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
    async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }
    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(FIND_TIMEOUT)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!("no element {css} ({e}) on {}", self.source().await),
        }
    }
    async fn type_into(&self, css: &str, text: &str) {
        self.find(css).await.send_keys(text).await.unwrap();
    }
    async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }
    async fn select(&self, css: &str, value: &str) {
        self.click(&format!("{css} option[value=\"{value}\"]"))
            .await;
    }
    async fn source(&self) -> String {
        self.client.source().await.unwrap_or_default()
    }
    async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }
    async fn wait_for(&self, text: &str) -> String {
        let polls = TEXT_TIMEOUT.as_millis() / POLL.as_millis();
        for _ in 0..polls {
            let s = self.source().await;
            if s.contains(text) {
                return s;
            }
            tokio::time::sleep(POLL).await;
        }
        panic!(
            "'{text}' never appeared on {}: {}",
            self.url().await,
            self.source().await
        );
    }
    async fn screenshot(&self, path: &std::path::Path) {
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(path, png);
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
        .bearer_auth(srv.token(Role::Sender))
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

/// The officer works from the keyboard: focus lands on the suggested decision after the verdict, the keys are
/// shown, a letter reaches the override; admitting the UN-listed traveller waits for a second person, who
/// confirms from the second-line queue; the override is then the crossing's headline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_un_hit_override_needs_a_reason_and_a_supervisor_confirms_it() {
    let Some(driver) = Driver::start().await else {
        assert!(
            std::env::var("REQUIRE_BROWSER_TEST").is_err(),
            "REQUIRE_BROWSER_TEST is set but Chromium/chromedriver cannot start"
        );
        eprintln!("SKIPPED: chromium and chromedriver are not installed");
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
    assert!(
        page.contains("id=\"shortcuts\""),
        "the decision keys are shown"
    );
    let focused = driver.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("btn-refer"),
        "focus lands on the suggested decision"
    );
    assert!(
        !page.contains("id=\"btn-admit\""),
        "no one-click admission over a UN hit"
    );
    // The letter O reaches the override reason, without the mouse.
    focused.send_keys("o").await.unwrap();
    let focused = driver.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("override-code")
    );
    driver.select("#override-code", "not_the_person").await;
    driver
        .type_into("#override-reason", "born 1981, photo and height differ")
        .await;
    driver.click("#btn-override").await;
    let done = driver.wait_for("Recorded:").await;
    assert!(done.contains("waiting for a second person"), "{done}");

    driver.click("form[action=\"/logout\"] button").await;
    driver.sign_in(Role::Supervisor, None).await;
    driver.wait_for("href=\"/second-line\"").await;
    driver.goto(&srv.url("/second-line")).await;
    driver.wait_for("KATANGA").await;
    driver.click("#queue a.button").await;
    let page = driver.wait_for("id=\"override-headline\"").await;
    assert!(page.contains("waiting for confirmation"), "{page}");
    // C confirms: the second person.
    driver
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys("c")
        .await
        .unwrap();
    driver.wait_for("id=\"queue-empty\"").await;
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
    let id = found[0].id.clone();
    driver
        .goto(&srv.url(&format!("/crossings/{id}?purpose=four+eyes")))
        .await;
    let page = driver.wait_for("id=\"override-headline\"").await;
    assert!(
        page.contains("Admitted on override by first-line-officer, confirmed by supervisor"),
        "{page}"
    );
    if let Ok(dir) = std::env::var("SCREENSHOT_DIR") {
        driver
            .screenshot(&std::path::Path::new(&dir).join("check-override.png"))
            .await;
    }
    driver.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn land_officer_checks_a_vehicle_and_sees_the_stolen_hit() {
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
    let res = srv
        .post_raw(
            Role::Administrator,
            "/api/v1/stolen-vehicles",
            "text/csv",
            "alert_reference,vin,plate,country,make,model,colour,stolen_on,reporting_authority\n\
             UTO-SMV-2026-0001,WVWZZZ1KZAW123456,,,Volkswagen,Golf,grey,2026-01-10,Utopia National Police\n",
        )
        .await;
    assert_eq!(res.status(), 200);
    driver.goto(&srv.url("/")).await;
    driver
        .sign_in(Role::FirstLineOfficer, Some("UTO-LND-N1"))
        .await;
    driver.wait_for("href=\"/vehicles\"").await;
    driver.click("a[href=\"/vehicles\"]").await;
    driver.wait_for("vehicle-form").await;
    driver.type_into("#vehicle-plate", "UT 1234 A").await;
    driver.type_into("#vehicle-country", "UTO").await;
    driver.type_into("#vehicle-vin", "WVWZZZ1KZAW123456").await;
    driver.click("#vehicle-submit").await;
    let page = driver.wait_for("vehicle-result").await;
    assert!(page.contains("UTO-SMV-2026-0001"), "{page}");
    assert!(page.contains("stolen-vehicle hit"), "{page}");
    driver.quit().await;
}
