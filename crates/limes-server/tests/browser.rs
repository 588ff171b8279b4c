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
    _permit: tokio::sync::SemaphorePermit<'static>,
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

/// At most two browsers at once: the CI machine has two cores, and six Chromiums starting together made one
/// miss chromedriver's start-up window.
static BROWSERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

impl Driver {
    /// A browser for one test, or `None` (the test is skipped) where Chromium is not installed. With
    /// `REQUIRE_BROWSER_TEST` set a browser that cannot start fails the test, saying why.
    async fn launch() -> Option<Driver> {
        let Some(chromedriver) = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
        else {
            assert!(
                std::env::var("REQUIRE_BROWSER_TEST").is_err(),
                "REQUIRE_BROWSER_TEST is set but chromedriver is not installed"
            );
            eprintln!(
                "SKIPPED: chromium and chromedriver are not installed (scripts/test-all installs them)"
            );
            return None;
        };
        let permit = BROWSERS
            .acquire()
            .await
            .expect("the semaphore is never closed");
        // A start can fail under load (Chromium slow to write its DevTools port): try again before giving up.
        let mut problems = Vec::new();
        for attempt in 1..=3 {
            match Driver::start(chromedriver).await {
                Ok(client) => {
                    return Some(Driver {
                        client: client.0,
                        _chromedriver: client.1,
                        _profile: client.2,
                        _permit: permit,
                    })
                }
                Err(problem) => problems.push(format!("attempt {attempt}: {problem}")),
            }
            if attempt < 3 {
                tokio::time::sleep(Duration::from_secs(attempt)).await;
            }
        }
        assert!(
            std::env::var("REQUIRE_BROWSER_TEST").is_err(),
            "REQUIRE_BROWSER_TEST is set but Chromium/chromedriver cannot start: {}",
            problems.join("; ")
        );
        eprintln!("SKIPPED: Chromium cannot start: {}", problems.join("; "));
        None
    }

    async fn start(
        chromedriver: &str,
    ) -> Result<(Client, Chromedriver, tempfile::TempDir), String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        use std::os::unix::process::CommandExt;
        let chromedriver = Chromedriver(
            Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .process_group(0)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("chromedriver does not run: {e}"))?,
        );
        let mut listening = false;
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                listening = true;
                break;
            }
            tokio::time::sleep(POLL).await;
        }
        if !listening {
            return Err(format!("chromedriver does not listen on port {port}"));
        }
        let profile = tempfile::tempdir().map_err(|e| format!("no profile directory: {e}"))?;
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
            .map_err(|e| format!("no browser session: {e}"))?;
        Ok((client, chromedriver, profile))
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
    let Some(driver) = Driver::launch().await else {
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

    // The refused crossing's page links its printable refusal form (a PDF download).
    let refused = &found[0].id;
    driver
        .goto(&srv.url(&format!("/crossings/{refused}?purpose=print+form")))
        .await;
    let link = driver.find("#form-refusal").await;
    let href = link.attr("href").await.unwrap().unwrap_or_default();
    assert_eq!(href, format!("/crossings/{refused}/refusal.pdf"));

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
    let Some(driver) = Driver::launch().await else {
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
    let Some(driver) = Driver::launch().await else {
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
async fn an_administrator_edits_a_user_and_second_line_records_an_examination() {
    let Some(driver) = Driver::launch().await else {
        return;
    };
    let srv = TestServer::start().await;
    driver.goto(&srv.url("/")).await;
    driver.sign_in(Role::Administrator, None).await;
    driver.goto(&srv.url("/admin")).await;
    driver.wait_for("id=\"users\"").await;
    // The patterns compile in Chromium (with the `v` flag a `-` in a class must be escaped; an invalid pattern is
    // ignored): a bad username and list id are flagged before they are sent.
    driver
        .type_into("#user-form input[name=username]", "Bad Name")
        .await;
    let mismatch = driver
        .client
        .execute(
            "document.querySelector('#watchlist-form input[name=id]').value = 'Bad Id';
             return [document.querySelector('#user-form input[name=username]').validity.patternMismatch,
                     document.querySelector('#watchlist-form input[name=id]').validity.patternMismatch];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(mismatch, json!([true, true]), "the patterns are valid");
    // Edit an analyst: a new name and one BCP.
    driver
        .click(&format!(
            "tr[data-user=\"{}\"] a.edit-user",
            username(Role::Analyst)
        ))
        .await;
    driver.wait_for("id=\"user-edit-form\"").await;
    let name = driver.find("input[name=display_name]").await;
    name.clear().await.unwrap();
    name.send_keys("Ana Lyst").await.unwrap();
    driver.click("#user-bcps input[value=\"UTO-SEA-1\"]").await;
    driver.click("#user-save").await;
    let page = driver.wait_for("id=\"admin-message\"").await;
    assert!(page.contains("Ana Lyst"), "{page}");
    assert!(page.contains("UTO-SEA-1 post (UTO-SEA-1)"), "BCPs by name");
    // One's own account: deactivation refused in the form, the typed name kept.
    driver
        .click(&format!(
            "tr[data-user=\"{}\"] a.edit-user",
            username(Role::Administrator)
        ))
        .await;
    driver.wait_for("id=\"user-edit-form\"").await;
    let name = driver.find("input[name=display_name]").await;
    name.clear().await.unwrap();
    name.send_keys("Still Me").await.unwrap();
    driver.click("#user-active").await;
    driver.click("#user-save").await;
    let page = driver.wait_for("id=\"user-edit-error\"").await;
    assert!(
        page.contains("You cannot deactivate your own account."),
        "{page}"
    );
    assert!(page.contains("value=\"Still Me\""));

    // A referral, examined by second line through the form.
    let (status, c) = srv.check_at_air(&un_listed_mrz(), "entry").await;
    assert_eq!(status, 200, "{c}");
    let id = c["crossing_id"].as_str().unwrap().to_string();
    let (status, _) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "referred_second_line", "note": "Ticket bought in cash"}),
        )
        .await;
    assert_eq!(status, 200);
    driver.click("form[action=\"/logout\"] button").await;
    driver.sign_in(Role::SecondLineOfficer, None).await;
    driver.wait_for("href=\"/second-line\"").await;
    driver.goto(&srv.url("/second-line")).await;
    driver.wait_for("Ticket bought in cash").await;
    driver.click("#queue a.record-examination").await;
    driver.wait_for("id=\"exam-form\"").await;
    driver
        .type_into(
            "textarea[name=interview_notes]",
            "Cannot name the hotel; says a friend will pick him up.",
        )
        .await;
    driver
        .type_into("input[name=doc0_document]", "passport")
        .await;
    driver.click("input[name=doc0_method][value=uv]").await;
    driver.select("select[name=doc0_finding]", "impostor").await;
    driver.select("#exam-outcome", "handed_to_police").await;
    driver
        .type_into("input[name=police_unit]", "Airport police station")
        .await;
    driver
        .type_into("input[name=police_officer]", "Sgt. Okafor")
        .await;
    driver.type_into("input[name=minutes_spent]", "35").await;
    driver.click("#exam-save").await;
    // The form page lists earlier examinations too: wait for the saved one, not for the list.
    let page = driver.wait_for("Airport police station").await;
    assert!(page.contains("id=\"examinations\""), "{page}");
    assert_eq!(srv.state.store.examinations_of(&id).await.unwrap().len(), 1);
    driver.quit().await;
}

/// The customs officer at a land BCP: the inspection queue shows the consignment that total inspection of arms
/// selected, the result form records a find (what and where) and opens the door to the seizure record, and the
/// declaration's detail shows its lane, reasons and agencies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customs_records_a_find_at_the_inspection_and_reads_the_declaration() {
    let Some(driver) = Driver::launch().await else {
        return;
    };
    let mut config = limes_server::config::Config::default();
    config.goods.selectivity.total_codes = vec!["93".into()];
    let srv = TestServer::start_with(config).await;
    let declaration = json!({
        "format": "json", "type": "IMA", "function": "original", "reference": "LRN-TRUCK-7",
        "declarant": null, "exporter": null, "importer": null, "consignor": null, "consignee": null, "carrier": null,
        "transport": {"mode": "road", "identity": "TR-482-KX", "nationality": "TR"},
        "export_country": "TR", "destination_country": "UT", "routing_countries": [], "office": "UTO-LND-N1",
        "containers": [{"id": "CSQU3054383", "seals": ["SEAL-77"]}],
        "items": [{"sequence": 1, "commodity_code": "930200", "description": "Pistols", "origin_country": "TR",
                   "packages": 1, "package_type": "CT", "gross_mass_kg": 14.0, "net_mass_kg": 12.0,
                   "procedure": "4000", "value": null, "consignee": null, "documents": []}],
        "totals": {"items": 1, "packages": 1, "gross_mass_kg": 14.0},
        "amends": null, "amendments": [], "warnings": []
    });
    lodge(&srv, declaration).await;

    driver.goto(&srv.url("/")).await;
    driver.sign_in(Role::CustomsOfficer, None).await;
    driver.wait_for("Goods declarations").await;
    driver.goto(&srv.url("/goods/inspections")).await;
    let queue = driver.wait_for("inspection-queue").await;
    assert!(
        queue.contains("LRN-TRUCK-7") && queue.contains("SEAL-77"),
        "{queue}"
    );
    driver.click("#inspection-queue a").await;
    driver.wait_for("result-form").await;
    driver.click("#result-found").await;
    driver
        .type_into("#result-what", "12 undeclared pistols")
        .await;
    driver
        .type_into("#result-where", "behind the cartons, rear of the container")
        .await;
    driver.click("#result-submit").await;
    let done = driver.wait_for("seizure-link").await;
    assert!(done.contains("12 undeclared pistols"), "{done}");
    driver
        .click("#inspection a[href^=\"/goods/declarations/\"]")
        .await;
    let detail = driver.wait_for("declaration-lane").await;
    assert!(
        detail.contains("LRN-TRUCK-7") && detail.contains("total inspection of commodity code 93"),
        "{detail}"
    );
    driver.quit().await;
}

/// The analyst's selectivity-rule editor: a rule on arms, its expected rate per lane over the declarations
/// already lodged before it goes live, then saved and listed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyst_previews_the_expected_rate_of_a_goods_rule_and_saves_it() {
    let Some(driver) = Driver::launch().await else {
        return;
    };
    let mut config = limes_server::config::Config::default();
    config.goods.selectivity.random_red = 0.0;
    config.goods.selectivity.random_yellow = 0.0;
    config.goods.selectivity.random_blue = 0.0;
    let srv = TestServer::start_with(config).await;
    for (reference, code) in [("LRN-R-1", "930200"), ("LRN-R-2", "847130")] {
        let declaration = json!({
            "format": "json", "type": "IMA", "function": "original", "reference": reference,
            "declarant": null, "exporter": null, "importer": null, "consignor": null, "consignee": null,
            "carrier": null, "transport": {"mode": "road", "identity": "TR-482-KX", "nationality": "TR"},
            "export_country": "TR", "destination_country": "UT", "routing_countries": [], "office": "UTO-LND-N1",
            "containers": [], "amends": null, "amendments": [], "warnings": [],
            "items": [{"sequence": 1, "commodity_code": code, "description": "goods", "origin_country": "TR",
                       "packages": 1, "package_type": "CT", "gross_mass_kg": 14.0, "net_mass_kg": 12.0,
                       "procedure": "4000", "value": null, "consignee": null, "documents": []}],
            "totals": {"items": 1, "packages": 1, "gross_mass_kg": 14.0}
        });
        lodge(&srv, declaration).await;
    }

    driver.goto(&srv.url("/")).await;
    driver.sign_in(Role::Analyst, None).await;
    driver.wait_for("flights with open hits").await;
    driver.goto(&srv.url("/goods/rules")).await;
    driver.wait_for("rule-form").await;
    driver.type_into("#rule-id", "R-ARMS").await;
    driver.type_into("#rule-name", "Arms and ammunition").await;
    driver.select("#rule-kind-0", "hs_prefix").await;
    driver.type_into("#rule-value-0", "93").await;
    driver.click("#rule-preview").await;
    let preview = driver.wait_for("rule-expected").await;
    assert!(preview.contains("1 (50.0 %)"), "{preview}");
    assert!(srv.state.store.goods_rules().await.unwrap().is_empty());
    driver.click("#rule-save").await;
    let saved = driver.wait_for("rule-saved").await;
    assert!(saved.contains("data-rule=\"R-ARMS\""), "{saved}");
    driver.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn land_officer_checks_a_vehicle_and_sees_the_stolen_hit() {
    let Some(driver) = Driver::launch().await else {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_map_draws_its_layers_offline_from_this_server_alone() {
    let Some(driver) = Driver::launch().await else {
        return;
    };
    let srv = TestServer::start().await;
    let status = srv
        .api()
        .put(srv.url("/api/v1/territory"))
        .bearer_auth(srv.token(Role::Administrator))
        .json(&serde_json::json!({"state": "UTO",
            "outline": [[[[11.2, 49.3], [15.1, 49.3], [15.1, 51.6], [11.2, 51.6], [11.2, 49.3]]]]}))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 204);
    let (status, _) = srv
        .post_json(
            Role::Administrator,
            "/api/v1/border-sections",
            &serde_json::json!({"code": "UTO-N", "name": "North", "neighbour": "DEU", "border_type": "land",
                "line": [[11.6, 51.55], [13.5, 51.55]], "bcp": "UTO-LND-N1"}),
        )
        .await;
    assert_eq!(status, 204);
    let (status, body) = srv
        .post_json(
            Role::PatrolOfficer,
            "/api/v1/incidents",
            &serde_json::json!({"class": "unauthorised_border_crossing",
                "incident_type": "irregular_crossing_on_foot", "occurred_at": "2026-03-01T03:00:00Z",
                "location": {"type": "Point", "coordinates": [12.5, 51.4]}, "persons": {"male": 2}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    driver.goto(&srv.url("/")).await;
    driver.sign_in(Role::PatrolOfficer, None).await;
    driver.wait_for("incident-form").await;
    driver.click("#surveillance-map-link").await;
    driver.wait_for("data-drawn=\"yes\"").await;
    let drawn = driver
        .client
        .execute(
            "return {countries: document.querySelectorAll('#layer-countries path').length,
                     sections: document.querySelectorAll('#layer-sections path').length,
                     incidents: document.querySelectorAll('#layer-incidents .incident').length,
                     resources: performance.getEntriesByType('resource').map(function (e) { return e.name; })
                       .concat([location.href])};",
            vec![],
        )
        .await
        .unwrap();
    assert!(drawn["countries"].as_u64().unwrap() >= 3, "{drawn}");
    assert_eq!(drawn["sections"], 1, "{drawn}");
    assert_eq!(drawn["incidents"], 1, "{drawn}");
    let resources = drawn["resources"].as_array().unwrap();
    assert!(resources.len() >= 4, "{drawn}");
    for url in resources {
        let url = url.as_str().unwrap();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "a request left 127.0.0.1: {url}"
        );
    }
    driver.quit().await;
}

/// The customs officer records a find at an inspection and opens the seizure record from it: the form comes
/// prefilled from the declaration, the officer sets the heading and quantity, and the record shows its
/// declaration while the inspection shows the record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customs_records_a_seizure_from_an_inspection_find() {
    let Some(driver) = Driver::launch().await else {
        return;
    };
    let mut config = limes_server::config::Config::default();
    config.goods.selectivity.total_codes = vec!["94".into()];
    let srv = TestServer::start_with(config).await;
    let declaration = json!({
        "format": "json", "type": "IMA", "function": "original", "reference": "LRN-SOFA-3",
        "declarant": null, "exporter": null, "importer": null, "consignor": null, "consignee": null, "carrier": null,
        "transport": {"mode": "road", "identity": "TR-511-PL", "nationality": "TR"},
        "export_country": "TR", "destination_country": "PL", "routing_countries": ["BG"], "office": "UTO-LND-N1",
        "containers": [],
        "items": [{"sequence": 1, "commodity_code": "940161", "description": "Upholstered seats", "origin_country": "TR",
                   "packages": 12, "package_type": "CT", "gross_mass_kg": 600.0, "net_mass_kg": 550.0,
                   "procedure": "4000", "value": null, "consignee": null, "documents": []}],
        "totals": {"items": 1, "packages": 12, "gross_mass_kg": 600.0},
        "amends": null, "amendments": [], "warnings": []
    });
    lodge(&srv, declaration).await;

    driver.goto(&srv.url("/")).await;
    driver.sign_in(Role::CustomsOfficer, None).await;
    driver.wait_for("Goods declarations").await;
    driver.goto(&srv.url("/goods/inspections")).await;
    driver.wait_for("inspection-queue").await;
    driver.click("#inspection-queue a").await;
    driver.wait_for("result-form").await;
    driver.click("#result-found").await;
    driver.type_into("#result-what", "Cigarettes").await;
    driver
        .type_into("#result-where", "inside the seat cushions")
        .await;
    driver.click("#result-submit").await;
    driver.wait_for("seizure-link").await;
    driver.click("#seizure-link").await;
    let form = driver.wait_for("seizure-form").await;
    assert!(
        form.contains("940161")
            && form.contains("TR-511-PL")
            && form.contains("inside the seat cushions"),
        "{form}"
    );
    driver.select("#seizure-heading", "tobacco").await;
    driver.select("#seizure-unit", "cigarettes").await;
    // The amount comes prefilled with the 12 packages; a zero after it makes 120 cigarettes.
    driver.type_into("#seizure-amount", "0").await;
    driver.click("#seizure-submit").await;
    let record = driver.wait_for("seizure-quantity").await;
    assert!(
        record.contains("/goods/declarations/") && record.contains(">120 "),
        "{record}"
    );
    driver
        .click("#seizure a[href^=\"/goods/inspections/\"]")
        .await;
    let inspection = driver.wait_for("seizure-record-link").await;
    assert!(inspection.contains("href=\"/seizures/"), "{inspection}");
    driver.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyst_sees_the_indicator_chart_with_a_flagged_week() {
    let Some(driver) = Driver::launch().await else {
        return;
    };
    let srv = TestServer::start().await;
    // Twenty weeks of ten crossings a day at the northern land crossing, then a week of sixty a day.
    let now = limes_domain::Clock::now(srv.clock.as_ref());
    let mut csv = String::from(
        "time,bcp,direction,outcome,refusal_reason,nationality,document_type,sex,birth_year\n",
    );
    for days_ago in 8..148 {
        let per_day = if days_ago < 15 { 60 } else { 10 };
        let day = now - chrono::Duration::days(days_ago);
        for n in 0..per_day {
            csv.push_str(&format!(
                "{},UTO-LND-N1,entry,admitted,,UKR,P,F,1990\n",
                (day - chrono::Duration::minutes(n)).format("%Y-%m-%dT%H:%M:%SZ")
            ));
        }
    }
    limes_app::risk::import_crossings(
        &srv.state,
        limes_app::Actor::Operator("test"),
        csv.as_bytes(),
        "test history",
    )
    .await
    .unwrap();
    driver.goto(&srv.url("/")).await;
    driver.sign_in(Role::Analyst, None).await;
    driver.wait_for("href=\"/risk/indicators\"").await;
    driver.click("a[href=\"/risk/indicators\"]").await;
    let page = driver.wait_for("risk-chart").await;
    assert!(page.contains("<polyline"), "{page}");
    assert!(
        page.contains("class=\"flagged\""),
        "the spike is ringed on the chart: {page}"
    );
    assert!(page.contains("flagged-week"), "and listed: {page}");
    driver.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customs_officer_finds_a_weapon_in_the_firearm_register() {
    let Some(driver) = Driver::launch().await else {
        return;
    };
    let srv = TestServer::start().await;
    let res = srv
        .post_raw(
            Role::Administrator,
            "/api/v1/firearms",
            "text/csv",
            "record_id,serial,make,model,calibre,type,country_of_manufacture,status,reported_by,reported_on\n\
             UTO-FA-0001,1975 AK 104233,Izhmash,AK-47,7.62x39,rifle,RUS,stolen,Utopia National Police,2025-11-03\n",
        )
        .await;
    assert_eq!(res.status(), 200);
    driver.goto(&srv.url("/")).await;
    driver.sign_in(Role::CustomsOfficer, None).await;
    driver.wait_for("href=\"/arms/firearms\"").await;
    driver.click("a[href=\"/arms/firearms\"]").await;
    driver.wait_for("firearm-form").await;
    driver.type_into("#firearm-serial", "1975-AK-1O4233").await;
    driver.type_into("#firearm-make", "Kalashnikov").await;
    driver.type_into("#firearm-calibre", "7,62 x 39 mm").await;
    driver.click("#firearm-submit").await;
    let page = driver.wait_for("firearm-candidates").await;
    assert!(page.contains("UTO-FA-0001"), "{page}");
    assert!(page.contains("look-alike"), "{page}");
    assert!(page.contains("make agrees (Kalashnikov)"), "{page}");
    driver.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_form_takes_a_report_and_the_handler_unseals_its_reporter_with_a_reason() {
    let Some(driver) = Driver::launch().await else {
        return;
    };
    let srv = TestServer::start().await;
    driver.goto(&srv.url("/cooperation/report?lang=en")).await;
    driver.wait_for("report-form").await;
    driver
        .type_into("#report-account", "Crates moved across the river at dawn")
        .await;
    driver.type_into("#report-name", "Odile Marchetti").await;
    driver.type_into("#report-telephone", "+999 555 0808").await;
    driver.click("#report-submit").await;
    let page = driver.wait_for("report-reference").await;
    assert!(page.contains("Your reference"), "{page}");

    driver.goto(&srv.url("/")).await;
    driver.sign_in(Role::HotlineHandler, None).await;
    let list = driver.wait_for("report-list").await;
    assert!(list.contains("protected source"), "{list}");
    assert!(!list.contains("Marchetti"));
    driver.click("#report-list a").await;
    let detail = driver.wait_for("unseal-form").await;
    assert!(detail.contains("protected source") && !detail.contains("Marchetti"));
    driver
        .type_into("#unseal-reason", "call back about the crossing point")
        .await;
    driver.click("#unseal-submit").await;
    let unsealed = driver.wait_for("report-reporter").await;
    assert!(unsealed.contains("Odile Marchetti"), "{unsealed}");
    driver.quit().await;
}

/// A broker lodges one declaration (the JSON shape) through the API; it must be taken in.
async fn lodge(srv: &TestServer, declaration: serde_json::Value) {
    let res = srv
        .api()
        .post(srv.url("/api/v1/declarations"))
        .bearer_auth(srv.token(Role::Declarant))
        .json(&json!({"declarations": [declaration]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}
