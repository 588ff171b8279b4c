//! The accounts story every backend runs: API tokens with an id, an expiry, revocation one by one and the last
//! use. (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::{ev, t0};
use chrono::Duration;
use limes_domain::Role;
use limes_store::*;

/// Needs the agency `UBP` of the organisation story.
pub async fn token_story(store: &dyn Store) {
    let gate = store
        .create_user(
            NewUser {
                username: "gate-7".into(),
                display_name: "Sender 7".into(),
                role: Role::Sender,
                agency: "UBP".into(),
                bcps: vec![],
                password_hash: "$argon2id$fake".into(),
                created_at: t0(),
                language: None,
            },
            ev("user.create"),
        )
        .await
        .unwrap();
    let token = |name: &str| NewApiToken {
        token_hash: token_hash(name),
        user_id: gate.id.clone(),
        name: format!("{name} token"),
        created_at: t0(),
    };
    let until = t0() + Duration::days(30);
    for name in ["first", "second"] {
        store
            .create_expiring_api_token(token(name), Some(until), ev("api_token.create"))
            .await
            .unwrap();
    }
    let first_id = token_id(&token_hash("first"));
    let (found, user) = store
        .api_token(&token_hash("first"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.id, gate.id);
    assert_eq!(found.id, first_id);
    assert_eq!(found.username, "gate-7");
    assert_eq!(found.name, "first token");
    assert_eq!(found.expires_at, Some(until));
    assert_eq!((found.revoked_at, found.last_used_at), (None, None));
    assert_eq!(found.state(t0()), TokenState::Active);
    assert_eq!(found.state(until), TokenState::Expired);

    store
        .touch_api_token(&first_id, t0() + Duration::minutes(5))
        .await
        .unwrap();
    store
        .revoke_api_token(&first_id, t0() + Duration::hours(1), ev("api_token.revoke"))
        .await
        .unwrap();
    // Revoking again keeps the first time.
    store
        .revoke_api_token(&first_id, t0() + Duration::hours(2), ev("api_token.revoke"))
        .await
        .unwrap();
    let missing = store
        .revoke_api_token("no-such-token", t0(), ev("api_token.revoke"))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );

    let listed = store.api_tokens().await.unwrap();
    let first = listed.iter().find(|t| t.id == first_id).unwrap();
    assert_eq!(first.revoked_at, Some(t0() + Duration::hours(1)));
    assert_eq!(first.last_used_at, Some(t0() + Duration::minutes(5)));
    assert_eq!(first.state(t0()), TokenState::Revoked);
    assert!(
        store
            .api_token_user(&token_hash("first"))
            .await
            .unwrap()
            .is_none(),
        "a revoked token is dead"
    );
    assert_eq!(
        store
            .api_token_user(&token_hash("second"))
            .await
            .unwrap()
            .unwrap()
            .id,
        gate.id,
        "the other token of the same account still works"
    );
    assert!(
        listed.iter().all(|t| t.id.len() == 16),
        "every token, old ones too, has an id: {listed:?}"
    );
}
