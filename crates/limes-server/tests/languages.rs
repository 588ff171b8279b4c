//! The web UI in the installation's language: Arabic laid out right to left, French left to right, English by
//! default; error pages included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use limes_i18n::Language;
use limes_server::config::Config;

async fn server_in(language: Language) -> TestServer {
    TestServer::start_with(Config {
        language,
        ..Config::default()
    })
    .await
}

async fn page(client: &reqwest::Client, url: String) -> (u16, String) {
    let res = client.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arabic_pages_are_right_to_left_and_in_arabic() {
    let srv = server_in(Language::Arabic).await;
    let (status, login) = page(&srv.browser(), srv.url("/login")).await;
    assert_eq!(status, 200);
    assert!(login.contains(r#"<html lang="ar" dir="rtl">"#), "{login}");
    assert!(login.contains("تسجيل الدخول"), "{login}");
    assert!(login.contains("كلمة المرور"), "{login}");
    assert!(!login.contains("Password"), "{login}");

    let officer = srv.login(Role::FirstLineOfficer, None).await;
    let (status, check) = page(&officer, srv.url("/check")).await;
    assert_eq!(status, 200);
    assert!(check.contains(r#"dir="rtl""#));
    assert!(check.contains("<h1>الفحص الحدودي</h1>"), "{check}");
    assert!(
        check.contains("ضابط الخط الأول"),
        "the role in the header: {check}"
    );
    assert!(check.contains("تسجيل الخروج"), "{check}");

    // An error page for a signed-in user speaks their language too.
    let (status, denied) = page(&officer, srv.url("/admin")).await;
    assert_eq!(status, 403);
    assert!(denied.contains(r#"<html lang="ar" dir="rtl">"#), "{denied}");
    assert!(denied.contains("حدث خطأ"), "{denied}");

    let (status, missing) = page(&srv.browser(), srv.url("/no-such-page")).await;
    assert_eq!(status, 404);
    assert!(missing.contains(r#"lang="ar""#), "{missing}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn french_pages_are_left_to_right_and_in_french() {
    let srv = server_in(Language::French).await;
    let (status, login) = page(&srv.browser(), srv.url("/login")).await;
    assert_eq!(status, 200);
    assert!(login.contains(r#"<html lang="fr" dir="ltr">"#), "{login}");
    assert!(login.contains("Point de passage frontalier"), "{login}");
    assert!(login.contains("Se connecter"), "{login}");

    let officer = srv.login(Role::FirstLineOfficer, None).await;
    let (_, check) = page(&officer, srv.url("/check")).await;
    assert!(check.contains("<h1>Contrôle frontalier</h1>"), "{check}");
    assert!(check.contains("Agent de première ligne"), "{check}");
    let (status, denied) = page(&officer, srv.url("/admin")).await;
    assert_eq!(status, 403);
    assert!(denied.contains("un problème est survenu"), "{denied}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_is_the_default() {
    let srv = TestServer::start().await;
    let (_, login) = page(&srv.browser(), srv.url("/login")).await;
    assert!(login.contains(r#"<html lang="en" dir="ltr">"#), "{login}");
    assert!(login.contains("Border crossing point"), "{login}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_chooses_the_language_of_their_pages() {
    let srv = TestServer::start().await;
    let officer = srv.login(Role::FirstLineOfficer, None).await;
    let (_, check) = page(&officer, srv.url("/check")).await;
    assert!(check.contains("<h1>Border check</h1>"), "{check}");
    let choose = |language: &'static str, csrf: String| {
        officer
            .post(srv.url("/language"))
            .form(&[("csrf", csrf), ("language", language.to_string())])
            .send()
    };
    let res = choose("ru", csrf_from(&check)).await.unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    let (_, check) = page(&officer, srv.url("/check")).await;
    assert!(check.contains(r#"<html lang="ru" dir="ltr">"#), "{check}");
    assert!(
        check.contains("<option value=\"ru\" lang=\"ru\" selected>"),
        "{check}"
    );
    // Another user's pages stay in the installation's language.
    let analyst = srv.login(Role::Analyst, None).await;
    let (_, board) = page(&analyst, srv.url("/pax")).await;
    assert!(board.contains(r#"<html lang="en" dir="ltr">"#), "{board}");
    // A language Limes does not ship is refused, naming the field; the choice stays.
    let res = choose("de", csrf_from(&check)).await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let (_, check) = page(&officer, srv.url("/check")).await;
    assert!(check.contains(r#"<html lang="ru""#), "{check}");
    let audit = srv.state.store.recent_audit(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.event.action == "user.language" && e.event.detail == "ru"),
        "the choice is audited"
    );
}
