//! The login-attempt story every backend runs: counters set, read, cleared, each change with its audit entry;
//! and the write probe of `/healthz`.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::{ev, t0};
use chrono::Duration;
use limes_store::*;

pub async fn login_attempt_story(store: &dyn Store) {
    let pair = "account:duty|source:203.0.113.7".to_string();
    let source = "source:203.0.113.7".to_string();
    let keys = [pair.clone(), source.clone()];
    assert!(store.login_counters(&keys).await.unwrap().is_empty());
    let audited = verify_audit_chain(store).await.unwrap().unwrap_or(0);
    let counter = |key: &str, failures: u32| LoginCounter {
        key: key.into(),
        failures,
        last_failure: t0() + Duration::seconds(i64::from(failures)),
    };
    store
        .record_login_attempt(
            vec![counter(&pair, 1), counter(&source, 1)],
            vec![],
            ev("session.login_failed"),
        )
        .await
        .unwrap();
    store
        .record_login_attempt(
            vec![counter(&pair, 2), counter(&source, 2)],
            vec![],
            ev("session.login_failed"),
        )
        .await
        .unwrap();
    let mut held = store.login_counters(&keys).await.unwrap();
    held.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(held, vec![counter(&pair, 2), counter(&source, 2)]);
    // A success forgets the pair and keeps the address's count across accounts.
    store
        .record_login_attempt(vec![], vec![pair.clone()], ev("session.login"))
        .await
        .unwrap();
    assert_eq!(
        store.login_counters(&keys).await.unwrap(),
        vec![counter(&source, 2)]
    );
    assert_eq!(
        verify_audit_chain(store).await.unwrap().unwrap(),
        audited + 3,
        "every attempt has its audit entry"
    );
    // The write probe of /healthz writes its row, again and again, and leaves no audit entry.
    store.probe_write(t0()).await.unwrap();
    store
        .probe_write(t0() + Duration::seconds(5))
        .await
        .unwrap();
    assert_eq!(
        verify_audit_chain(store).await.unwrap().unwrap(),
        audited + 3
    );
}
