//! Least privilege at the BCP, against real nats-server processes started with the configuration `limes sync
//! config` generates (the hub's and a BCP's leaf node's): with a BCP's credentials every forbidden operation is
//! refused and leaves the centre's streams as they were, while the BCP's own path (publish its records, consume
//! its own downward consumer) works. The leaf's own password (it is on the BCP's laptop, in the leaf's
//! configuration) is tried directly at the hub as well, and the leaf's local port refuses a client without the
//! node's key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use async_nats::jetstream;
use futures::StreamExt;
use limes_sync::access::{connect_with, LinkHealth, NatsAccess};
use limes_sync::accounts::{
    hub_config, inbox_prefix, leaf_config, leaf_user, BcpNode, FederationSecret, HubSettings,
    LeafSettings, CENTRE_USER,
};
use limes_sync::{DOWN_STREAM, UP_STREAM};
use limes_testkit::nats::{free_port, require_nats_server, NatsServer};
use std::path::Path;
use std::time::{Duration, Instant};

const API: &str = "$JS.limes.API";

struct Federation {
    hub: NatsServer,
    leaf: NatsServer,
    secret: FederationSecret,
    _dir: tempfile::TempDir,
    seed_file: std::path::PathBuf,
}

/// The hub and LAND1's leaf node, each from its generated configuration.
fn start_federation(bin: &Path) -> Federation {
    let dir = tempfile::tempdir().unwrap();
    let secret = FederationSecret::from_bytes([42; 32]);
    let (port, leaf_port) = (free_port().unwrap(), free_port().unwrap());
    let bcps = [
        BcpNode {
            bcp: "LAND1".into(),
            node: "LAND1".into(),
        },
        BcpNode {
            bcp: "LAND2".into(),
            node: "LAND2".into(),
        },
    ];
    let hub_dir = dir.path().join("hub");
    std::fs::create_dir_all(&hub_dir).unwrap();
    let conf = hub_config(
        &secret,
        &HubSettings {
            server_name: "limes-hub".into(),
            listen: format!("127.0.0.1:{port}"),
            leaf_listen: format!("127.0.0.1:{leaf_port}"),
            store_dir: hub_dir.join("jetstream").display().to_string(),
        },
        &bcps,
    )
    .unwrap();
    let hub = NatsServer::start(bin, &hub_dir, "hub", conf, port, Some(leaf_port)).unwrap();
    let leaf_dir = dir.path().join("leaf");
    std::fs::create_dir_all(&leaf_dir).unwrap();
    let leaf_client_port = free_port().unwrap();
    let bundle = leaf_config(
        &secret,
        &LeafSettings {
            listen: format!("127.0.0.1:{leaf_client_port}"),
            hub: format!("127.0.0.1:{leaf_port}"),
        },
        &bcps[0],
    )
    .unwrap();
    let leaf = NatsServer::start(
        bin,
        &leaf_dir,
        "leaf",
        bundle.config,
        leaf_client_port,
        None,
    )
    .unwrap();
    let seed_file = dir.path().join("node.nk");
    std::fs::write(&seed_file, format!("{}\n", bundle.node_seed)).unwrap();
    Federation {
        hub,
        leaf,
        secret,
        _dir: dir,
        seed_file,
    }
}

async fn centre_js(f: &Federation) -> (async_nats::Client, jetstream::Context) {
    let access = NatsAccess {
        user: Some(CENTRE_USER.into()),
        password: Some(f.secret.centre_password().unwrap()),
        ..Default::default()
    };
    let client = connect_with(&f.hub.url(), "centre", &access, &LinkHealth::default())
        .await
        .unwrap();
    let js = limes_sync::jetstream(client.clone());
    limes_sync::ensure_streams(&js).await.unwrap();
    (client, js)
}

/// Whether a request is refused: no answer (the server dropped it), or an API error.
async fn refused(client: &async_nats::Client, subject: &str, body: &str) -> Result<(), String> {
    match tokio::time::timeout(
        Duration::from_secs(2),
        client.request(subject.to_string(), body.to_string().into()),
    )
    .await
    {
        Err(_) | Ok(Err(_)) => Ok(()),
        Ok(Ok(reply)) => {
            let v: serde_json::Value = serde_json::from_slice(&reply.payload).unwrap_or_default();
            if v.get("error").is_some() {
                Ok(())
            } else {
                Err(format!(
                    "{subject} was answered: {}",
                    String::from_utf8_lossy(&reply.payload)
                ))
            }
        }
    }
}

async fn up_messages(js: &jetstream::Context) -> u64 {
    js.get_stream(UP_STREAM)
        .await
        .unwrap()
        .info()
        .await
        .unwrap()
        .state
        .messages
}

async fn publish_up(js: &jetstream::Context, bcp: &str, id: &str) -> anyhow::Result<()> {
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(async_nats::header::NATS_MESSAGE_ID, id);
    js.publish_with_headers(
        limes_sync::up_subject(bcp, "crossing"),
        headers,
        "{}".into(),
    )
    .await?
    .await?;
    Ok(())
}

/// Every operation a BCP may not do, with its credentials at `client`; panics on the first that works.
async fn assert_forbidden_operations_refused(
    who: &str,
    client: &async_nats::Client,
    centre: &jetstream::Context,
) {
    let before = up_messages(centre).await;
    // Read another node's records: the stream's messages by sequence, directly, or through a consumer.
    for (what, subject, body) in [
        ("get a stream message", format!("{API}.STREAM.MSG.GET.{UP_STREAM}"), r#"{"seq":1}"#.to_string()),
        ("direct get", format!("{API}.DIRECT.GET.{UP_STREAM}"), r#"{"seq":1}"#.to_string()),
        ("stream info", format!("{API}.STREAM.INFO.{UP_STREAM}"), "{}".to_string()),
        ("purge", format!("{API}.STREAM.PURGE.{UP_STREAM}"), "{}".to_string()),
        ("delete the stream", format!("{API}.STREAM.DELETE.{UP_STREAM}"), "{}".to_string()),
        ("delete the downward stream", format!("{API}.STREAM.DELETE.{DOWN_STREAM}"), "{}".to_string()),
        (
            "create a consumer on another BCP's subjects",
            format!("{API}.CONSUMER.CREATE.{UP_STREAM}.spy.limes.up.LAND2.>"),
            r#"{"stream_name":"LIMES_UP","config":{"name":"spy","filter_subject":"limes.up.LAND2.>","ack_policy":"explicit"}}"#.to_string(),
        ),
        (
            "use the centre's consumer",
            format!("{API}.CONSUMER.MSG.NEXT.{UP_STREAM}.{}", limes_sync::CENTRE_CONSUMER),
            r#"{"batch":1,"expires":500000000}"#.to_string(),
        ),
        (
            "create another node's downward consumer",
            format!("{API}.CONSUMER.CREATE.{DOWN_STREAM}.limes-node-LAND2"),
            r#"{"stream_name":"LIMES_DOWN","config":{"name":"limes-node-LAND2","ack_policy":"explicit"}}"#.to_string(),
        ),
        ("create a stream", format!("{API}.STREAM.CREATE.SPY"), r#"{"name":"SPY","subjects":["limes.up.>"]}"#.to_string()),
        // Records for one BCP: its own consumer only with its own BCP's filter.
        (
            "read another BCP's records through its own consumer",
            format!("{API}.CONSUMER.CREATE.LIMES_TO.limes-node-LAND1-own.limes.to.LAND2.>"),
            r#"{"stream_name":"LIMES_TO","config":{"durable_name":"limes-node-LAND1-own","filter_subject":"limes.to.LAND2.>","ack_policy":"explicit"}}"#.to_string(),
        ),
        (
            "read every BCP's records through its own consumer",
            format!("{API}.CONSUMER.CREATE.LIMES_TO.limes-node-LAND1-own"),
            r#"{"stream_name":"LIMES_TO","config":{"durable_name":"limes-node-LAND1-own","ack_policy":"explicit"}}"#.to_string(),
        ),
        (
            "read every BCP's records with a wider filter",
            format!("{API}.CONSUMER.CREATE.LIMES_TO.limes-node-LAND1-own.limes.to.>"),
            r#"{"stream_name":"LIMES_TO","config":{"durable_name":"limes-node-LAND1-own","filter_subject":"limes.to.>","ack_policy":"explicit"}}"#.to_string(),
        ),
    ] {
        if let Err(e) = refused(client, &subject, &body).await {
            panic!("{who}: '{what}' was not refused: {e}");
        }
    }
    // Publish as another BCP.
    let js = limes_sync::jetstream(client.clone());
    assert!(
        tokio::time::timeout(Duration::from_secs(3), publish_up(&js, "LAND2", "forged:1"))
            .await
            .map_or(true, |r| r.is_err()),
        "{who}: publishing as LAND2 was acknowledged"
    );
    // Read another BCP's records as they are published (a plain subscription).
    let mut spy = client.subscribe("limes.up.LAND2.>").await.unwrap();
    let mut spy_all = client.subscribe(">").await.unwrap();
    client.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    centre
        .publish(limes_sync::up_subject("LAND2", "crossing"), "{}".into())
        .await
        .unwrap()
        .await
        .unwrap();
    for sub in [&mut spy, &mut spy_all] {
        let got = tokio::time::timeout(Duration::from_millis(700), sub.next()).await;
        assert!(
            !matches!(got, Ok(Some(_))),
            "{who}: a subscription received another BCP's record"
        );
    }
    // Nothing changed at the centre: the streams, their records (one more: the centre's own publish above), no
    // consumer but the centre's.
    assert_eq!(
        up_messages(centre).await,
        before + 1,
        "{who}: LIMES_UP changed"
    );
    centre.get_stream(DOWN_STREAM).await.unwrap();
    let names: Vec<String> = centre
        .get_stream(UP_STREAM)
        .await
        .unwrap()
        .consumer_names()
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(|n| n.unwrap())
        .collect();
    assert!(
        names.iter().all(|n| n == limes_sync::CENTRE_CONSUMER),
        "{who}: consumers on LIMES_UP: {names:?}"
    );
    assert!(
        centre.get_stream("SPY").await.is_err(),
        "{who}: stream SPY created"
    );
}

#[tokio::test]
async fn a_bcp_can_do_its_own_work_and_nothing_else() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let f = start_federation(&bin);
    let (centre_client, centre) = centre_js(&f).await;
    // The centre's consumer exists and a record of LAND2 is in the stream; a list change waits for the nodes.
    limes_sync::centre::up_consumer(&centre).await.unwrap();
    publish_up(&centre, "LAND2", "LAND2:1").await.unwrap();
    centre
        .publish(limes_sync::down_subject("watchlist"), "{}".into())
        .await
        .unwrap()
        .await
        .unwrap();
    // The centre may read a message: the subject the BCP is refused below is the right one.
    assert!(refused(
        &centre_client,
        &format!("{API}.STREAM.MSG.GET.{UP_STREAM}"),
        r#"{"seq":1}"#
    )
    .await
    .is_err());

    // The leaf's local port without the node's key: refused.
    let health = LinkHealth::default();
    let anonymous = async_nats::ConnectOptions::new()
        .connection_timeout(Duration::from_secs(2))
        .connect(f.leaf.url())
        .await;
    assert!(
        anonymous.is_err(),
        "the leaf node accepted a client without credentials"
    );

    // The BCP node, as `limes serve --role bcp --nats-nkey` connects.
    let access = NatsAccess {
        nkey_seed_file: Some(f.seed_file.clone()),
        inbox_prefix: Some(inbox_prefix("LAND1")),
        ..Default::default()
    };
    let node = connect_with(&f.leaf.url(), "bcp LAND1", &access, &health)
        .await
        .unwrap();
    let js = limes_sync::jetstream(node.clone());

    // Allowed: publish its own records (retried until the leaf node has joined the hub).
    let start = Instant::now();
    loop {
        match publish_up(&js, "LAND1", "LAND1:1").await {
            Ok(()) => break,
            Err(e) if start.elapsed() < Duration::from_secs(15) => {
                tokio::time::sleep(Duration::from_millis(200)).await;
                let _ = e;
            }
            Err(e) => panic!("LAND1 cannot publish its own record: {e}"),
        }
    }
    // Allowed: its own downward consumer, made anew as the node does, delivering and acknowledged.
    let consumer = limes_sync::edge::down_consumer(&js, "LAND1", 0)
        .await
        .unwrap();
    let mut batch = consumer
        .batch()
        .max_messages(10)
        .expires(Duration::from_secs(2))
        .messages()
        .await
        .unwrap();
    let m = batch.next().await.expect("a list change").unwrap();
    assert_eq!(m.subject.as_str(), "limes.down.watchlist");
    m.double_ack().await.unwrap();
    // Allowed: its own consumer of the records for its BCP, which delivers those and no other BCP's.
    for bcp in ["LAND2", "LAND1"] {
        centre
            .publish(
                limes_sync::addressed::to_subject(bcp, "pre_arrival_alert"),
                bcp.to_string().into(),
            )
            .await
            .unwrap()
            .await
            .unwrap();
    }
    let own = limes_sync::addressed::consumer(&js, "LAND1", "LAND1")
        .await
        .unwrap();
    let mut batch = own
        .batch()
        .max_messages(10)
        .expires(Duration::from_secs(2))
        .messages()
        .await
        .unwrap();
    let mut got = Vec::new();
    while let Some(m) = batch.next().await {
        let m = m.unwrap();
        got.push(String::from_utf8_lossy(&m.payload).to_string());
        m.double_ack().await.unwrap();
    }
    assert_eq!(got, ["LAND1"]);
    assert_eq!(health.problem(), None);

    assert_forbidden_operations_refused("LAND1 node at its leaf", &node, &centre).await;

    // The leaf's password is on the BCP's laptop: straight at the hub it is no more powerful.
    let direct = NatsAccess {
        user: Some(leaf_user("LAND1")),
        password: Some(f.secret.leaf_password("LAND1").unwrap()),
        inbox_prefix: Some(inbox_prefix("LAND1")),
        ..Default::default()
    };
    let at_hub = connect_with(
        &f.hub.url(),
        "leaf password at the hub",
        &direct,
        &LinkHealth::default(),
    )
    .await
    .unwrap();
    assert_forbidden_operations_refused("LAND1's leaf user at the hub", &at_hub, &centre).await;
}

#[tokio::test]
async fn wrong_credentials_are_reported_in_words_an_operator_can_act_on() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let f = start_federation(&bin);
    let health = LinkHealth::default();
    let access = NatsAccess {
        user: Some(CENTRE_USER.into()),
        password: Some("not-the-password".into()),
        ..Default::default()
    };
    // The connection keeps retrying (a node starts whatever its link), and says why it is not connected.
    let url = f.hub.url();
    let h = health.clone();
    let task = tokio::spawn(async move { connect_with(&url, "centre", &access, &h).await });
    let start = Instant::now();
    while health.problem().is_none() && start.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    task.abort();
    assert_eq!(
        health.problem().as_deref(),
        Some("NATS refused our credentials: check --nats-user and --nats-password")
    );
}

/// The credentials in a `--nats` URL are used (the client library alone ignores them).
#[tokio::test]
async fn credentials_in_the_url_log_in() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let f = start_federation(&bin);
    let url = format!(
        "nats://{CENTRE_USER}:{}@127.0.0.1:{}",
        f.secret.centre_password().unwrap(),
        f.hub.port
    );
    let health = LinkHealth::default();
    let client = connect_with(&url, "centre", &NatsAccess::default(), &health)
        .await
        .unwrap();
    let js = limes_sync::jetstream(client);
    limes_sync::ensure_streams(&js).await.unwrap();
    assert_eq!(health.problem(), None);
}
