//! Confirmed pre-arrival hits down to the arrival BCP's node: at the centre, a hit an analyst confirms is sent to
//! the node of its flight's arrival BCP only (the addressed kind [`PreArrivalAlerts`]), and one that is no longer
//! confirmed is removed there; at a BCP node, the check finds the alerts it received as the centre's check finds
//! its own, and still does while the link is cut.
use crate::App;
use limes_store::sync::kinds::PreArrivalAlerts;
use limes_store::sync::{read_records, remove_down, send_down, NodeRole, RecordKind, SyncStore};
use limes_store::{ApiHit, ConfirmedAlert, HitStatus, StoreResult};

/// What [`publish_hit`] did at the arrival BCP's node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Downlink {
    /// Not the centre, or the flight arrives at no BCP: nothing to send.
    NotSent,
    /// The alert was sent to the BCP's node.
    Sent { bcp: String },
    /// The hit is not (or no longer) confirmed: its alert was removed at the BCP's node.
    Withdrawn { bcp: String },
}

/// The sync tables when this database is the centre.
async fn centre(app: &App) -> StoreResult<Option<&dyn SyncStore>> {
    let Some(sync) = app.sync.as_deref() else {
        return Ok(None);
    };
    let role = sync.sync_identity().await?.map(|id| id.role);
    Ok((role == Some(NodeRole::Centre)).then_some(sync))
}

/// At the centre, after a hit's review (or any change of its status): send its alert to the arrival BCP's node
/// when it is confirmed, remove it there otherwise. Both are audited as the centre's sending.
#[tracing::instrument(skip_all, fields(hit_id = hit.id))]
pub async fn publish_hit(app: &App, hit: &ApiHit) -> StoreResult<Downlink> {
    let Some(sync) = centre(app).await? else {
        return Ok(Downlink::NotSent);
    };
    let Some(detail) = app.store.api_flight(&hit.flight_key).await? else {
        return Ok(Downlink::NotSent);
    };
    let Some(bcp) = detail.flight.arrival_bcp.clone() else {
        return Ok(Downlink::NotSent);
    };
    let key = PreArrivalAlerts::key_for(&bcp, &hit.id);
    let now = app.clock.now();
    let traveller = detail
        .travellers
        .iter()
        .find(|t| t.id == hit.traveller_id)
        .cloned();
    match (hit.status, traveller) {
        (HitStatus::Confirmed, Some(traveller)) => {
            let alert = ConfirmedAlert {
                hit: hit.clone(),
                flight: detail.flight.clone(),
                traveller,
            };
            let mut e = crate::Actor::Operator("sync").audit(now, "api.hit.send");
            e.subject = Some(format!("api-hit:{}", hit.id));
            e.purpose = Some("pre-arrival alert to the arrival BCP".into());
            e.detail = format!("confirmed hit sent to BCP {bcp}");
            send_down::<PreArrivalAlerts>(sync, &alert, e).await?;
            Ok(Downlink::Sent { bcp })
        }
        _ => {
            let mut e = crate::Actor::Operator("sync").audit(now, "api.hit.withdraw");
            e.subject = Some(format!("api-hit:{}", hit.id));
            e.detail = format!("hit no longer confirmed: alert withdrawn at BCP {bcp}");
            remove_down::<PreArrivalAlerts>(sync, &key, e).await?;
            Ok(Downlink::Withdrawn { bcp })
        }
    }
}

/// At the centre: withdraw the alert of a hit from the arrival BCP's node (the hit was withdrawn, or its data
/// purged), by the hit's id and BCP.
pub async fn withdraw(app: &App, bcp: &str, hit_id: &str) -> StoreResult<bool> {
    let Some(sync) = centre(app).await? else {
        return Ok(false);
    };
    let mut e = crate::Actor::Operator("sync").audit(app.clock.now(), "api.hit.withdraw");
    e.subject = Some(format!("api-hit:{hit_id}"));
    e.detail = format!("alert withdrawn at BCP {bcp}");
    remove_down::<PreArrivalAlerts>(sync, &PreArrivalAlerts::key_for(bcp, hit_id), e).await?;
    Ok(true)
}

/// The alerts a BCP node received from the centre for a traveller, found by any document key or the person key.
/// Empty anywhere but at a BCP node.
pub async fn received_alerts(
    sync: &dyn SyncStore,
    document_keys: &[String],
    person_key: &str,
) -> StoreResult<Vec<ConfirmedAlert>> {
    let role = sync.sync_identity().await?.map(|id| id.role);
    if role != Some(NodeRole::Bcp) {
        return Ok(vec![]);
    }
    let mut found = Vec::new();
    let mut after = None;
    loop {
        let page = sync
            .synced_records(PreArrivalAlerts::KIND, after.clone(), 500)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some((last.origin.clone(), last.key.clone()));
        for record in read_page(page)? {
            let traveller = &record.traveller;
            if traveller.person_key == person_key
                || traveller
                    .documents
                    .iter()
                    .any(|d| document_keys.contains(&d.document_key()))
            {
                found.push(record);
            }
        }
    }
    Ok(found)
}

fn read_page(page: Vec<limes_store::sync::SyncedRecord>) -> StoreResult<Vec<ConfirmedAlert>> {
    page.into_iter()
        .map(|r| {
            serde_json::from_str(&r.json).map_err(|e| {
                limes_store::StoreError::Backend(format!("{} record {}: {e}", r.kind, r.key))
            })
        })
        .collect()
}

/// Every alert this node received, for its pre-arrival screen and the tests.
pub async fn all_received(sync: &dyn SyncStore) -> StoreResult<Vec<ConfirmedAlert>> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = read_records::<PreArrivalAlerts>(sync, after.clone(), 500).await?;
        let Some((origin, last)) = page.last() else {
            break;
        };
        after = Some((origin.clone(), PreArrivalAlerts::key(last)));
        all.extend(page.into_iter().map(|(_, a)| a));
    }
    Ok(all)
}

/// The confirmed pre-arrival alerts of a traveller, as the check shows them: the database's own (at the centre
/// or a standalone installation) and, at a BCP node, those the centre sent it; one per hit, most serious first.
pub async fn confirmed_alerts(
    app: &App,
    document_keys: &[String],
    person_key: &str,
) -> StoreResult<Vec<ConfirmedAlert>> {
    let own = app.store.confirmed_api_alerts(document_keys, person_key);
    let received = async {
        match app.sync.as_deref() {
            Some(sync) => received_alerts(sync, document_keys, person_key).await,
            None => Ok(vec![]),
        }
    };
    let (mut alerts, received) = tokio::try_join!(own, received)?;
    for alert in received {
        if !alerts.iter().any(|a| a.hit.id == alert.hit.id) {
            alerts.push(alert);
        }
    }
    alerts.sort_by_key(|a| std::cmp::Reverse(a.hit.severity));
    Ok(alerts)
}
