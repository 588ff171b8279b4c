//! Enrolment of a new BCP node (issue 13). The centre makes a one-time token (`limes sync enrol --bcp CODE`),
//! keeps only its hash and prints it with the leaf node's configuration; the new node presents it once over NATS
//! (`limes serve --role bcp --enrol TOKEN`) on `limes.enrol.<bcp>`, the only enrolment subject its account may
//! publish on; the centre answers, marks it used and sends everything down whole. A used, expired or unknown token
//! is refused with words that say what to do.
use chrono::{DateTime, TimeZone, Utc};
use futures::StreamExt;
use limes_domain::{AuditEvent, Clock};
use limes_store::sync::{EnrolmentClaim, SyncStore};
use std::sync::Arc;
use std::time::Duration;

/// The subjects the centre answers enrolments on.
pub const ENROL_SUBJECTS: &str = "limes.enrol.*";

pub fn enrol_subject(bcp: &str) -> String {
    format!("limes.enrol.{bcp}")
}

const PREFIX: &str = "limes-enrol";

/// A one-time enrolment token: which BCP and node it enrols, until when, and the secret whose hash the centre
/// keeps. Written `limes-enrol.<bcp>.<node>.<expiry, Unix seconds>.<secret>`: the node reads its BCP and node
/// id from it, and says "expired" without asking the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentToken {
    pub bcp: String,
    pub node: String,
    pub expires_at: DateTime<Utc>,
    pub secret: String,
}

impl EnrolmentToken {
    /// A new token with a random secret.
    pub fn new(bcp: &str, node: &str, expires_at: DateTime<Utc>) -> anyhow::Result<EnrolmentToken> {
        crate::accounts::check_token("BCP code", bcp)?;
        crate::accounts::check_token("node id", node)?;
        let mut bytes = [0u8; 32];
        crate::accounts::getrandom(&mut bytes)?;
        Ok(EnrolmentToken {
            bcp: bcp.into(),
            node: node.into(),
            expires_at,
            secret: hex::encode(bytes),
        })
    }

    /// What the centre keeps.
    pub fn hash(&self) -> String {
        limes_store::token_hash(&self.secret)
    }

    /// Read a token as printed; an error that says what a token looks like.
    pub fn parse(text: &str) -> anyhow::Result<EnrolmentToken> {
        let bad = || {
            anyhow::anyhow!(
                "this is not an enrolment token (it starts with `{PREFIX}.` and is printed by `limes sync enrol \
                 --bcp CODE` at the centre)"
            )
        };
        let parts: Vec<&str> = text.trim().split('.').collect();
        let [prefix, bcp, node, expires, secret] = parts.as_slice() else {
            return Err(bad());
        };
        if *prefix != PREFIX || secret.len() < 32 || hex::decode(secret).is_err() {
            return Err(bad());
        }
        crate::accounts::check_token("BCP code", bcp)?;
        crate::accounts::check_token("node id", node)?;
        let expires_at = expires
            .parse::<i64>()
            .ok()
            .and_then(|s| Utc.timestamp_opt(s, 0).single())
            .ok_or_else(bad)?;
        Ok(EnrolmentToken {
            bcp: bcp.to_string(),
            node: node.to_string(),
            expires_at,
            secret: secret.to_string(),
        })
    }

    /// Refused before asking the centre when it has expired by `now`.
    pub fn check_not_expired(&self, now: DateTime<Utc>) -> anyhow::Result<()> {
        if self.expires_at <= now {
            anyhow::bail!(
                "{}",
                EnrolmentClaim::Expired {
                    at: self.expires_at
                }
                .refusal()
                .unwrap_or_default()
            );
        }
        Ok(())
    }
}

impl std::fmt::Display for EnrolmentToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{PREFIX}.{}.{}.{}.{}",
            self.bcp,
            self.node,
            self.expires_at.timestamp(),
            self.secret
        )
    }
}

/// At the new node: present the token to the centre, retrying while the link or the centre is not there yet,
/// for at most `patience`. Ok when accepted; the centre's refusal, or what kept it from answering, otherwise.
pub async fn claim(
    client: &async_nats::Client,
    token: &EnrolmentToken,
    patience: Duration,
) -> anyhow::Result<()> {
    let body = serde_json::json!({ "secret": token.secret, "node": token.node }).to_string();
    let started = tokio::time::Instant::now();
    loop {
        let asked = tokio::time::timeout(
            Duration::from_secs(5),
            client.request(enrol_subject(&token.bcp), body.clone().into()),
        )
        .await;
        let problem = match asked {
            Ok(Ok(reply)) => {
                let claim: EnrolmentClaim =
                    serde_json::from_slice(&reply.payload).map_err(|_| {
                        anyhow::anyhow!(
                            "the centre refused the enrolment: {}",
                            String::from_utf8_lossy(&reply.payload)
                        )
                    })?;
                return match claim.refusal() {
                    None => Ok(()),
                    Some(refusal) => Err(anyhow::anyhow!("{refusal}")),
                };
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => "no answer within 5 s".to_string(),
        };
        if started.elapsed() >= patience {
            anyhow::bail!(
                "the centre did not answer the enrolment ({problem}): check that the leaf node is running and \
                 linked to the hub, and that the centre is serving (`limes serve --role centre`)"
            );
        }
        tracing::info!(%problem, "enrolment: waiting for the centre");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// At the centre: answer the enrolments of new nodes until the connection ends.
pub async fn serve(store: Arc<dyn SyncStore>, client: async_nats::Client, clock: Arc<dyn Clock>) {
    loop {
        let mut sub = match client.subscribe(ENROL_SUBJECTS).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "cannot subscribe to enrolments");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        while let Some(m) = sub.next().await {
            let Some(reply) = m.reply.clone() else {
                continue;
            };
            let answer = answer(store.as_ref(), &m.subject, &m.payload, clock.as_ref()).await;
            if let Err(e) = client.publish(reply, answer.into()).await {
                tracing::warn!(error = %e, "cannot answer an enrolment");
            }
        }
    }
}

async fn answer(store: &dyn SyncStore, subject: &str, payload: &[u8], clock: &dyn Clock) -> String {
    let bcp = subject.rsplit('.').next().unwrap_or_default();
    let request: serde_json::Value = serde_json::from_slice(payload).unwrap_or_default();
    let (Some(secret), Some(node)) = (request["secret"].as_str(), request["node"].as_str()) else {
        return "unreadable enrolment request".into();
    };
    let now = clock.now();
    let mut audit = AuditEvent::new(now, &format!("node:{node}"), "sync.enrol.claim");
    audit.bcp = Some(bcp.to_string());
    match store
        .claim_enrolment(&limes_store::token_hash(secret), bcp, now, audit)
        .await
    {
        Ok(claim) => {
            match &claim {
                EnrolmentClaim::Accepted { node, .. } => {
                    tracing::info!(bcp, node, "a new BCP node enrolled")
                }
                refused => tracing::warn!(bcp, node, refusal = ?refused, "enrolment refused"),
            }
            serde_json::to_string(&claim).unwrap_or_default()
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot claim an enrolment");
            format!("the centre could not record the enrolment: {e}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_reads_back_as_printed_and_anything_else_is_named() {
        let at = Utc.timestamp_opt(1_900_000_000, 0).single().unwrap();
        let token = EnrolmentToken::new("LAND1", "LAND1", at).unwrap();
        let text = token.to_string();
        assert!(text.starts_with("limes-enrol.LAND1.LAND1.1900000000."));
        assert_eq!(EnrolmentToken::parse(&text).unwrap(), token);
        assert_ne!(token.hash(), token.secret);
        for bad in [
            "",
            "limes-enrol.LAND1",
            "x.LAND1.LAND1.1.abcd",
            &text.replace("LAND1.LAND1", "L.A.B"),
        ] {
            let e = EnrolmentToken::parse(bad).unwrap_err().to_string();
            assert!(
                e.contains("not an enrolment token") || e.contains("may hold only"),
                "{bad}: {e}"
            );
        }
        assert!(token
            .check_not_expired(at - chrono::Duration::seconds(1))
            .is_ok());
        let e = token.check_not_expired(at).unwrap_err().to_string();
        assert!(e.contains("expired"), "{e}");
    }
}
