//! A node's NATS link over TLS with a client-certificate requirement (issue 13): a real nats-server with
//! `verify: true` and certificates made in the test (a CA, the server's for 127.0.0.1, a client's). With the
//! configured CA, certificate and key the node connects and publishes; without the client certificate, or
//! without the CA, it does not, and its link reports a problem that names the TLS options to check.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_sync::access::{connect_with, LinkHealth, NatsAccess};
use limes_testkit::nats::{free_port, require_nats_server, NatsServer};
use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair};
use std::path::Path;
use std::time::{Duration, Instant};

/// Write the CA, the server's and a client's certificate and key as PEM files in `dir`.
fn certificates(dir: &Path) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "Limes test CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let leaf = |names: Vec<String>, purpose: ExtendedKeyUsagePurpose, name: &str| {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(names).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.extended_key_usages = vec![purpose];
        let cert = params.signed_by(&key, &ca_cert, &ca_key).unwrap();
        std::fs::write(dir.join(format!("{name}.pem")), cert.pem()).unwrap();
        std::fs::write(dir.join(format!("{name}-key.pem")), key.serialize_pem()).unwrap();
    };
    std::fs::write(dir.join("ca.pem"), ca_cert.pem()).unwrap();
    leaf(
        vec!["127.0.0.1".into(), "localhost".into()],
        ExtendedKeyUsagePurpose::ServerAuth,
        "server",
    );
    leaf(vec![], ExtendedKeyUsagePurpose::ClientAuth, "node");
}

/// Connect with `access` and publish once; the link's problem if it does not get through within `wait`.
async fn try_link(url: &str, access: &NatsAccess, wait: Duration) -> Result<(), Option<String>> {
    let health = LinkHealth::default();
    let client = match connect_with(url, "tls-test", access, &health).await {
        Ok(c) => c,
        Err(e) => return Err(Some(e.to_string())),
    };
    let started = Instant::now();
    loop {
        let sent = tokio::time::timeout(Duration::from_millis(500), async {
            client.publish("limes.test", "x".into()).await?;
            client.flush().await?;
            anyhow::Ok(())
        })
        .await;
        if matches!(sent, Ok(Ok(())))
            && client.connection_state() == async_nats::connection::State::Connected
        {
            assert_eq!(health.problem(), None);
            return Ok(());
        }
        if started.elapsed() > wait {
            return Err(health.problem());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_node_connects_with_its_certificate_and_says_why_not_without() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    certificates(d);
    let port = free_port().unwrap();
    let path = |name: &str| d.join(name).display().to_string();
    let conf = format!(
        "listen: \"127.0.0.1:{port}\"\ntls {{\n  cert_file: \"{}\"\n  key_file: \"{}\"\n  ca_file: \"{}\"\n  verify: true\n  timeout: 2\n}}\n",
        path("server.pem"),
        path("server-key.pem"),
        path("ca.pem")
    );
    let _server = NatsServer::start(&bin, d, "tls", conf, port, None).unwrap();
    let url = format!("nats://127.0.0.1:{port}");
    let configured = NatsAccess {
        tls_cert: Some(d.join("node.pem")),
        tls_key: Some(d.join("node-key.pem")),
        tls_ca: Some(d.join("ca.pem")),
        ..Default::default()
    };
    try_link(&url, &configured, Duration::from_secs(10))
        .await
        .unwrap_or_else(|p| panic!("the node did not connect with its certificate: {p:?}"));

    // Without its client certificate: refused by the server, and the problem names what to check.
    let no_cert = NatsAccess {
        tls_ca: Some(d.join("ca.pem")),
        ..Default::default()
    };
    let problem = try_link(&url, &no_cert, Duration::from_secs(5))
        .await
        .expect_err("connected without a client certificate")
        .expect("no problem reported for a refused TLS connection");
    assert!(problem.contains("--nats-tls-cert"), "{problem}");

    // Without the CA: the server's certificate is not trusted, and the problem says so.
    let no_ca = NatsAccess {
        tls_cert: Some(d.join("node.pem")),
        tls_key: Some(d.join("node-key.pem")),
        ..Default::default()
    };
    let problem = try_link(&url, &no_ca, Duration::from_secs(5))
        .await
        .expect_err("connected without trusting the server's CA")
        .expect("no problem reported for an untrusted server certificate");
    assert!(problem.contains("--nats-ca"), "{problem}");
}
