//! The web UI in the installation's language: Arabic laid out right to left, French left to right, English by
//! default; error pages included.
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
