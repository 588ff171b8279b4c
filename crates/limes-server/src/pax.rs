//! Advance passenger information: take in a PAXLST interchange (API, CLI or inbox), screen every traveller and
//! every document of each traveller the moment it arrives — document-alert register, watchlists (name with birth
//! date and nationality) and the analysts' targeting rules — and store it all in one transaction. Resending an
//! interchange stores nothing twice; an updated manifest supersedes the earlier one.
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::document::AlertMatch;
use limes_edifact::paxlst::{PaxlstMessage, Person};
use limes_screen::{BirthDate, Gender, Matcher, Query, QueryDocument};
use limes_store::{
    flight_key, new_id, person_key, ApiDocument, ApiFlight, ApiHit, ApiInterchange, ApiManifest,
    ApiTraveller, FlightLeg, HitKind, HitStatus, NewManifest, Severity, StoreError,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Instant;
use utoipa::ToSchema;

/// What intake says about one interchange; returned to the sender and kept for a resend.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IntakeReport {
    pub sender: String,
    pub control_reference: String,
    /// True when this interchange had been received before: nothing was stored again.
    pub duplicate: bool,
    pub received_at: DateTime<Utc>,
    pub messages: Vec<MessageReport>,
    /// Interchange-level warnings (wrong UNZ count and the like).
    pub warnings: Vec<String>,
    /// Milliseconds from receipt to the committed, screened manifests.
    pub elapsed_ms: f64,
    /// Where the time went: parsing, screening (watchlists, document alerts and rules), storing.
    #[serde(default)]
    pub stages_ms: Stages,
    /// The UN/EDIFACT CONTRL acknowledgement to return to the carrier: each message accepted or rejected with
    /// its segment, element, component and ISO 9735 error code.
    #[serde(default)]
    pub acknowledgement: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Stages {
    pub parse: f64,
    pub screen: f64,
    pub store: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageReport {
    /// UNH message reference.
    pub reference: String,
    /// accepted or rejected.
    pub status: String,
    /// Why the message was rejected: segment number, tag, element, component, expected and found.
    #[schema(value_type = Object)]
    pub error: Option<serde_json::Value>,
    pub flight_key: Option<String>,
    /// passengers or crew.
    pub kind: Option<String>,
    pub persons: usize,
    pub hits: usize,
    pub warnings: Vec<String>,
}

impl IntakeReport {
    pub fn accepted(&self) -> usize {
        self.messages
            .iter()
            .filter(|m| m.status == "accepted")
            .count()
    }
}

fn contrl_options(state: &AppState, now: DateTime<Utc>) -> limes_edifact::contrl::ContrlOptions {
    limes_edifact::contrl::ContrlOptions {
        // Unique per acknowledgement: microseconds of the injected clock, 14 digits (UNB 0020 is an14).
        control_reference: format!(
            "{:014}",
            now.timestamp_micros().rem_euclid(100_000_000_000_000)
        ),
        prepared: now.naive_utc(),
        own_id: format!("{}PIU", state.config.state_code),
    }
}

/// The whole interchange could not be read (no UNB, broken envelope): nothing is stored; the error and the
/// negative CONTRL acknowledgement are returned.
fn interchange_error(
    state: &AppState,
    raw: &[u8],
    e: &limes_edifact::syntax::EdifactError,
    now: DateTime<Utc>,
) -> AppError {
    let ack = limes_edifact::contrl::contrl(raw, Some(e), &[], &contrl_options(state, now));
    let mut details = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
    if let Some(obj) = details.as_object_mut() {
        obj.insert("acknowledgement".into(), serde_json::Value::String(ack));
    }
    AppError::Invalid {
        field: format!("segment {} ({})", e.segment_index, e.tag),
        message: e.to_string(),
        details: Some(details),
    }
}

/// Take in one interchange. `base` names who sent it (user, role, agency) for the audit entry.
pub async fn intake(
    state: &AppState,
    raw: &[u8],
    channel: &str,
    base: AuditEvent,
) -> AppResult<IntakeReport> {
    let started = Instant::now();
    let now = state.clock.now();
    let parsed =
        limes_edifact::paxlst::parse(raw).map_err(|e| interchange_error(state, raw, &e, now))?;
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    let mut stages = Stages {
        parse: ms(started),
        ..Stages::default()
    };
    let screening_started = Instant::now();
    let raw_text = String::from_utf8_lossy(raw).into_owned();
    if let Some(report) =
        earlier_report(state, &parsed.sender, &parsed.control_reference, &raw_text).await?
    {
        return Ok(report);
    }

    let rules = rules_in_force(state).await?;
    let mut reports = Vec::with_capacity(parsed.messages.len());
    // Messages that parsed but cannot be taken in (no flight leg …), as errors for the acknowledgement.
    let mut unusable: Vec<(usize, limes_edifact::syntax::EdifactError)> = Vec::new();
    let mut manifests = Vec::new();
    for (i, message) in parsed.messages.iter().enumerate() {
        match message {
            Err(e) => reports.push(MessageReport {
                reference: format!("#{}", i + 1),
                status: "rejected".into(),
                error: serde_json::to_value(e).ok(),
                flight_key: None,
                kind: None,
                persons: 0,
                hits: 0,
                warnings: vec![],
            }),
            Ok(m) => match prepare_manifest(
                state,
                &rules.set,
                &parsed.sender,
                &parsed.control_reference,
                m,
                now,
            )
            .await
            {
                Ok(prepared) => {
                    reports.push(MessageReport {
                        reference: m.reference.clone(),
                        status: "accepted".into(),
                        error: None,
                        flight_key: Some(prepared.flight.key.clone()),
                        kind: Some(m.kind.clone()),
                        persons: prepared.travellers.len(),
                        hits: prepared.travellers.iter().map(|(_, h)| h.len()).sum(),
                        warnings: m.warnings.clone(),
                    });
                    manifests.push(prepared);
                }
                Err(reason) => {
                    unusable.push((
                        i,
                        limes_edifact::syntax::EdifactError {
                            segment_index: 0,
                            tag: "TDT".into(),
                            element: None,
                            component: None,
                            expected: "a flight leg".into(),
                            found: String::new(),
                            message: reason.clone(),
                            code: limes_edifact::syntax::codes::MISSING,
                            position_in_message: None,
                        },
                    ));
                    reports.push(MessageReport {
                        reference: m.reference.clone(),
                        status: "rejected".into(),
                        error: Some(serde_json::json!({"message": reason})),
                        flight_key: None,
                        kind: Some(m.kind.clone()),
                        persons: 0,
                        hits: 0,
                        warnings: m.warnings.clone(),
                    });
                }
            },
        }
    }
    let outcomes: Vec<limes_edifact::contrl::Outcome> = parsed
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| match (m, unusable.iter().find(|(j, _)| *j == i)) {
            (Err(e), _) => limes_edifact::contrl::Outcome::Rejected(e),
            (Ok(_), Some((_, e))) => limes_edifact::contrl::Outcome::Rejected(e),
            (Ok(_), None) => limes_edifact::contrl::Outcome::Accepted,
        })
        .collect();
    let acknowledgement =
        limes_edifact::contrl::contrl(raw, None, &outcomes, &contrl_options(state, now));
    stages.screen = ms(screening_started);
    let mut report = IntakeReport {
        sender: parsed.sender.clone(),
        control_reference: parsed.control_reference.clone(),
        duplicate: false,
        received_at: now,
        messages: reports,
        warnings: parsed.warnings.clone(),
        elapsed_ms: 0.0,
        stages_ms: stages,
        acknowledgement,
    };
    if manifests.is_empty() {
        // Nothing accepted: nothing stored, so a corrected resend under the same reference is taken in.
        report.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        return Ok(report);
    }
    let persons: usize = manifests.iter().map(|m| m.travellers.len()).sum();
    let hits: usize = report.messages.iter().map(|m| m.hits).sum();
    let mut audit = base;
    audit.at = now;
    audit.action = "api.intake".into();
    audit.subject = Some(format!(
        "interchange:{}:{}",
        parsed.sender, parsed.control_reference
    ));
    audit.purpose = Some("pre-arrival screening".into());
    audit.detail = format!(
        "{} via {channel}: {} of {} messages accepted, {persons} travellers screened, {hits} hits",
        parsed.control_reference,
        report.accepted(),
        report.messages.len()
    );
    report.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let interchange = ApiInterchange {
        sender: parsed.sender.clone(),
        control_ref: parsed.control_reference.clone(),
        received_at: now,
        channel: channel.to_string(),
        raw: Some(raw_text.clone()),
        report_json: serde_json::to_string(&report)
            .map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let storing_started = Instant::now();
    match state
        .store
        .record_api_intake(interchange, manifests, audit)
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            // The same interchange arrived twice at once: the other copy was stored; answer as for a resend.
            if let Some(r) =
                earlier_report(state, &parsed.sender, &parsed.control_reference, &raw_text).await?
            {
                return Ok(r);
            }
            return Err(AppError::Conflict(format!(
                "interchange {} was stored concurrently",
                parsed.control_reference
            )));
        }
        Err(e) => return Err(e.into()),
    }
    state
        .metrics
        .api_messages(report.accepted() as u64, persons as u64);
    report.stages_ms.store = ms(storing_started);
    report.elapsed_ms = ms(started);
    Ok(report)
}

/// The report of an interchange received before, marked duplicate; an error when the same reference comes
/// with other content (a carrier must not reuse an interchange reference).
async fn earlier_report(
    state: &AppState,
    sender: &str,
    control_ref: &str,
    raw: &str,
) -> AppResult<Option<IntakeReport>> {
    let Some(earlier) = state.store.api_interchange(sender, control_ref).await? else {
        return Ok(None);
    };
    if let Some(earlier_raw) = &earlier.raw {
        if earlier_raw != raw {
            return Err(AppError::Conflict(format!(
                "interchange reference {control_ref} from {sender} was already used on {} for a different interchange; \
                 an updated manifest needs a new interchange reference",
                earlier.received_at.format("%Y-%m-%d %H:%M UTC")
            )));
        }
    }
    let mut report: IntakeReport =
        serde_json::from_str(&earlier.report_json).unwrap_or(IntakeReport {
            sender: sender.to_string(),
            control_reference: control_ref.to_string(),
            duplicate: true,
            received_at: earlier.received_at,
            messages: vec![],
            warnings: vec![
                "the report of this interchange was removed by the retention purge".into(),
            ],
            elapsed_ms: 0.0,
            stages_ms: Stages::default(),
            acknowledgement: String::new(),
        });
    report.duplicate = true;
    Ok(Some(report))
}

fn role_name(nad: &str) -> String {
    match nad {
        "FL" => "passenger".into(),
        "FM" => "crew".into(),
        "DDT" => "transit_passenger".into(),
        "DDU" => "transit_crew".into(),
        other => other.to_ascii_lowercase(),
    }
}

fn flight_of(m: &PaxlstMessage, state: &AppState) -> Result<ApiFlight, String> {
    let (Some(first), Some(last)) = (m.legs.first(), m.legs.last()) else {
        return Err("the message has no flight leg (TDT with LOC 125/87 and DTM 189/232)".into());
    };
    if first.carrier.trim().is_empty() && first.flight_number.trim().is_empty() {
        return Err("TDT names no carrier and flight number".into());
    }
    let arrival_airport = last.arrival_airport.trim().to_ascii_uppercase();
    Ok(ApiFlight {
        key: flight_key(&first.carrier, &first.flight_number, first.departure_time),
        carrier: first.carrier.trim().to_ascii_uppercase(),
        flight_number: first.flight_number.trim().to_ascii_uppercase(),
        departure_airport: first.departure_airport.trim().to_ascii_uppercase(),
        departure_time: first.departure_time,
        arrival_bcp: state.config.api_arrival_bcps.get(&arrival_airport).cloned(),
        arrival_airport,
        arrival_time: last.arrival_time,
        legs: m
            .legs
            .iter()
            .map(|l| FlightLeg {
                carrier: l.carrier.clone(),
                flight_number: l.flight_number.clone(),
                departure_airport: l.departure_airport.clone(),
                departure_time: l.departure_time,
                arrival_airport: l.arrival_airport.clone(),
                arrival_time: l.arrival_time,
            })
            .collect(),
    })
}

fn traveller_of(p: &Person, flight: &ApiFlight, manifest_id: &str, position: u32) -> ApiTraveller {
    let nationality = limes_countries::normalize_code(&p.nationality)
        .map(str::to_string)
        .unwrap_or_else(|| p.nationality.trim().to_ascii_uppercase());
    ApiTraveller {
        id: new_id(),
        manifest_id: manifest_id.to_string(),
        flight_key: flight.key.clone(),
        position,
        role: role_name(&p.role),
        surname: p.surname.trim().to_uppercase(),
        given_names: p.given_names.trim().to_uppercase(),
        gender: p.gender.clone(),
        birth_date: p.birth_date,
        booking_reference: p.booking_reference.clone(),
        seat: p.seat.clone(),
        documents: p
            .documents
            .iter()
            .map(|d| ApiDocument {
                doc_type: d.doc_type.clone(),
                number: d.number.clone(),
                issuing_state: d.issuing_state.trim().to_ascii_uppercase(),
                expiry_date: d.expiry_date,
            })
            .collect(),
        details: serde_json::json!({
            "nad_qualifier": p.role,
            "residence": p.residence,
            "birth_place": p.birth_place,
            "departure_port": p.departure_port,
            "arrival_port": p.arrival_port,
            "clearance_port": p.clearance_port,
            "references": p.references,
            "notes": p.notes,
            "documents_issued": p.documents.iter().map(|d| d.issue_date).collect::<Vec<_>>(),
        }),
        person_key: person_key(&p.surname, &p.given_names, p.birth_date, &nationality),
        nationality,
    }
}

fn watchlist_query(t: &ApiTraveller) -> Query {
    Query {
        name: format!("{} {}", t.given_names, t.surname)
            .trim()
            .to_string(),
        surname: Some(t.surname.clone()).filter(|s| !s.is_empty()),
        given_names: Some(t.given_names.clone()).filter(|s| !s.is_empty()),
        birth_date: t.birth_date.map(BirthDate::Exact),
        nationality: limes_countries::normalize_code(&t.nationality).map(str::to_string),
        gender: t.gender.as_deref().and_then(Gender::parse),
        documents: t
            .documents
            .iter()
            .map(|d| QueryDocument {
                number: d.number.clone(),
                issuing_state: Some(d.issuing_state.clone()).filter(|s| !s.is_empty()),
            })
            .collect(),
    }
}

fn new_hit(
    t: &ApiTraveller,
    kind: HitKind,
    source: String,
    severity: Severity,
    summary: String,
    explain: serde_json::Value,
    now: DateTime<Utc>,
) -> ApiHit {
    ApiHit {
        id: new_id(),
        traveller_id: t.id.clone(),
        flight_key: t.flight_key.clone(),
        kind,
        source,
        rule_version: None,
        severity,
        score: None,
        summary,
        explain,
        status: HitStatus::Open,
        reviewed_by: None,
        reviewed_at: None,
        review_reason: None,
        created_at: now,
    }
}

/// One message turned into a screened manifest, or why it cannot be.
async fn prepare_manifest(
    state: &AppState,
    rules: &limes_rules::RuleSet,
    sender: &str,
    control_ref: &str,
    m: &PaxlstMessage,
    now: DateTime<Utc>,
) -> Result<NewManifest, String> {
    let flight = flight_of(m, state)?;
    let manifest = ApiManifest {
        id: new_id(),
        flight_key: flight.key.clone(),
        kind: if m.kind == "crew" {
            "crew"
        } else {
            "passengers"
        }
        .into(),
        sender: sender.to_string(),
        interchange_ref: control_ref.to_string(),
        message_ref: m.reference.clone(),
        received_at: now,
        persons: m.persons.len() as u32,
        warnings: m.warnings.clone(),
        superseded_by: None,
    };
    let travellers: Vec<ApiTraveller> = m
        .persons
        .iter()
        .enumerate()
        .map(|(i, p)| traveller_of(p, &flight, &manifest.id, i as u32))
        .collect();

    // Watchlists (every traveller, all cores, off the async executor) and the document-alert register (every
    // document of every traveller, a few lookups in flight) at the same time.
    let threshold = state.alert_threshold();
    let screener = state.screener.clone();
    let queries: Vec<Query> = travellers.iter().map(watchlist_query).collect();
    let screening = tokio::task::spawn_blocking(move || {
        use rayon::prelude::*;
        queries
            .par_iter()
            .map(|q| screener.screen(q, threshold, 5))
            .collect::<Vec<_>>()
    });
    let lookups: Vec<(usize, usize, String, String)> = travellers
        .iter()
        .enumerate()
        .flat_map(|(ti, t)| {
            t.documents
                .iter()
                .enumerate()
                .filter(|(_, d)| !d.number.trim().is_empty())
                .map(move |(di, d)| (ti, di, d.issuing_state.clone(), d.number.clone()))
        })
        .collect();
    let (name_hits, alert_hits) = tokio::join!(screening, document_alerts(state, lookups));
    let name_hits = name_hits.map_err(|e| format!("screening failed: {e}"))?;
    let mut alert_hits = alert_hits?;
    alert_hits.sort_by_key(|(ti, di, _)| (*ti, *di));

    // Targeting rules: the whole message at once (booked-together rules need every traveller).
    let mut rule_hits: Vec<Vec<limes_rules::RuleMatch>> = vec![Vec::new(); travellers.len()];
    for rm in limes_rules::evaluate(rules, m, now) {
        if let Some(slot) = rule_hits.get_mut(rm.person_index) {
            slot.push(rm);
        }
    }

    let mut out = Vec::with_capacity(travellers.len());
    for (position, ((t, hits), matched_rules)) in travellers
        .into_iter()
        .zip(name_hits)
        .zip(rule_hits)
        .enumerate()
    {
        let mut found = Vec::new();
        for rm in matched_rules {
            let mut hit = new_hit(
                &t,
                HitKind::Rule,
                rm.rule_id.clone(),
                rm.severity,
                format!("Rule {} v{}: {}", rm.rule_id, rm.rule_version, rm.rule_name),
                serde_json::json!({
                    "rule_id": rm.rule_id, "rule_version": rm.rule_version, "rule_name": rm.rule_name,
                    "predicates": rm.explanation,
                }),
                now,
            );
            hit.rule_version = Some(rm.rule_version);
            found.push(hit);
        }
        // Every document of the traveller against the document-alert register.
        let mine = alert_hits.iter().filter(|(ti, _, _)| *ti == position);
        for (_, di, alerts) in mine {
            let Some(d) = t.documents.get(*di) else {
                continue;
            };
            for (alert, how) in alerts.iter().cloned() {
                let (severity, label) = match how {
                    AlertMatch::Exact => (Severity::Critical, "reported"),
                    AlertMatch::PossibleOcrConfusion => {
                        (Severity::Medium, "possibly (O/0, I/1) reported")
                    }
                };
                found.push(new_hit(
                    &t,
                    HitKind::DocumentAlert,
                    format!("{}:{}", alert.issuing_state, alert.document_number),
                    severity,
                    format!(
                        "Document {} {} {label} {} by {}",
                        alert.issuing_state,
                        alert.document_number,
                        alert.status.as_str().replace('_', " "),
                        alert.source
                    ),
                    serde_json::json!({"alert": alert, "match": how, "document": d}),
                    now,
                ));
            }
        }
        for h in hits {
            let document_match = h.explain.document.adjustment > 0.0;
            let severity = if document_match || h.score >= 0.95 {
                Severity::Critical
            } else {
                Severity::High
            };
            let reason = state
                .screener
                .entry(&h.list, &h.entry_id)
                .map(|e| e.reason.clone())
                .unwrap_or_default();
            let mut hit = new_hit(
                &t,
                HitKind::Watchlist,
                format!("{}:{}", h.list, h.entry_id),
                severity,
                format!(
                    "{} {} {} — {:.0}%",
                    h.list.to_uppercase(),
                    h.entry_id,
                    h.name,
                    h.score * 100.0
                ),
                serde_json::json!({
                    "list": h.list, "entry_id": h.entry_id, "name": h.name, "matched_name": h.matched_name,
                    "score": h.score, "threshold": threshold, "reason": reason, "explain": h.explain,
                }),
                now,
            );
            hit.score = Some(h.score);
            found.push(hit);
        }
        out.push((t, found));
    }
    Ok(NewManifest {
        flight,
        manifest,
        travellers: out,
    })
}

type AlertLookup = (usize, usize, Vec<(limes_domain::DocumentAlert, AlertMatch)>);

/// Look every (traveller, document) up in the document-alert register, a few lookups in flight at once.
async fn document_alerts(
    state: &AppState,
    lookups: Vec<(usize, usize, String, String)>,
) -> Result<Vec<AlertLookup>, String> {
    const IN_FLIGHT: usize = 4;
    let mut set = tokio::task::JoinSet::new();
    let mut out = Vec::with_capacity(lookups.len());
    for (ti, di, issuer, number) in lookups {
        if set.len() >= IN_FLIGHT {
            if let Some(done) = set.join_next().await {
                out.push(done.map_err(|e| format!("document-alert lookup failed: {e}"))??);
            }
        }
        let store = state.store.clone();
        set.spawn(async move {
            store
                .find_document_alerts(Some(&issuer), &number)
                .await
                .map(|found| (ti, di, found))
                .map_err(|e| format!("document-alert lookup failed: {e}"))
        });
    }
    while let Some(done) = set.join_next().await {
        out.push(done.map_err(|e| format!("document-alert lookup failed: {e}"))??);
    }
    Ok(out)
}

/// The rules in force for the next message: recompiled when the stored rules changed (saved here or by another
/// process) or when a rule's validity period began or ended since the last compile.
pub async fn rules_in_force(
    state: &AppState,
) -> AppResult<std::sync::Arc<crate::state::RulesInForce>> {
    let now = state.clock.now();
    let stored = state.store.rules().await?;
    let fingerprint: Vec<(String, u32)> =
        stored.iter().map(|r| (r.id.clone(), r.version)).collect();
    let current = state.rules.load_full();
    let due = current.set.next_change().is_some_and(|t| t <= now);
    if current.fingerprint == fingerprint && !due {
        return Ok(current);
    }
    let mut rules = Vec::with_capacity(stored.len());
    for r in stored {
        match limes_rules::parse_rule_value(r.rule.clone()) {
            Ok(rule) => rules.push(rule),
            // Saved rules were validated; one that no longer reads is left out loudly, not silently.
            Err(errors) => {
                tracing::error!(rule = %r.id, version = r.version, ?errors, "stored rule cannot be read")
            }
        }
    }
    let fresh = std::sync::Arc::new(crate::state::RulesInForce {
        set: limes_rules::RuleSet::compile(&rules, now),
        fingerprint,
        rules,
        compiled_at: now,
    });
    state.rules.store(fresh.clone());
    Ok(fresh)
}

/// Delete advance passenger data past retention (kept where a hit was confirmed). Run by the scheduler.
pub async fn purge(state: &AppState) -> AppResult<limes_store::PurgeReport> {
    let now = state.clock.now();
    let cutoff = (now - chrono::Duration::hours(state.config.api_retention_hours)).naive_utc();
    let mut audit = AuditEvent::new(now, "system", "api.purge");
    audit.purpose = Some("data protection: retention of advance passenger information".into());
    audit.detail = format!(
        "retention {} h after arrival: flights arrived before {cutoff}",
        state.config.api_retention_hours
    );
    let report = state.store.purge_api_data(cutoff, audit).await?;
    if report.travellers > 0 {
        tracing::info!(?report, "purged advance passenger data past retention");
    }
    Ok(report)
}

/// The retention purge: once at start, then every `api_purge_interval_minutes`.
pub fn spawn_purger(state: AppState) {
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    handle.spawn(async move {
        let every = std::time::Duration::from_secs(state.config.api_purge_interval_minutes * 60);
        loop {
            if let Err(e) = purge(&state).await {
                tracing::error!(error = %e, "retention purge failed; retrying at the next run");
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// Files in the inbox are taken in once they have not changed for a second (a sender still writing is left
/// alone), then moved to `processed/` or `rejected/` with the report beside them.
pub async fn process_inbox(state: &AppState, dir: &Path) -> std::io::Result<usize> {
    let mut taken = 0;
    let mut entries = tokio::fs::read_dir(dir).await?;
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(e) = entries.next_entry().await? {
        let meta = e.metadata().await?;
        let name = e.file_name().to_string_lossy().into_owned();
        if !meta.is_file() || name.starts_with('.') {
            continue;
        }
        let settled = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= std::time::Duration::from_secs(1));
        if settled {
            files.push(e.path());
        }
    }
    files.sort();
    for path in files {
        let bytes = tokio::fs::read(&path).await?;
        let base = AuditEvent::new(state.clock.now(), "inbox", "api.intake");
        let (folder, report, ack) = match intake(state, &bytes, "inbox", base).await {
            Ok(r) if r.accepted() > 0 || r.duplicate => (
                "processed",
                serde_json::to_value(&r),
                Some(r.acknowledgement.clone()),
            ),
            Ok(r) => (
                "rejected",
                serde_json::to_value(&r),
                Some(r.acknowledgement.clone()),
            ),
            Err(e) => (
                "rejected",
                Ok(serde_json::json!({"error": e.to_string(), "detail": error_details(&e)})),
                error_ack(&e),
            ),
        };
        let target = dir.join(folder);
        tokio::fs::create_dir_all(&target).await?;
        let name = path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        let mut report_name = name.clone();
        report_name.push(".report.json");
        let text = report
            .ok()
            .and_then(|r| serde_json::to_string_pretty(&r).ok())
            .unwrap_or_default();
        tokio::fs::write(target.join(report_name), text).await?;
        if let Some(ack) = ack.filter(|a| !a.is_empty()) {
            let mut ack_name = name.clone();
            ack_name.push(".contrl.edi");
            tokio::fs::write(target.join(ack_name), ack).await?;
        }
        tokio::fs::rename(&path, target.join(&name)).await?;
        taken += 1;
    }
    Ok(taken)
}

fn error_ack(e: &AppError) -> Option<String> {
    match e {
        AppError::Invalid {
            details: Some(d), ..
        } => d["acknowledgement"].as_str().map(str::to_string),
        _ => None,
    }
}

fn error_details(e: &AppError) -> serde_json::Value {
    match e {
        AppError::Invalid { details, field, .. } => {
            serde_json::json!({"field": field, "details": details})
        }
        _ => serde_json::Value::Null,
    }
}

/// Watch the configured inbox every two seconds.
pub fn spawn_inbox_watcher(state: AppState) {
    let Some(dir) = state.config.api_inbox_dir.clone().map(PathBuf::from) else {
        return;
    };
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    handle.spawn(async move {
        if let Err(e) = tokio::fs::create_dir_all(&dir).await {
            tracing::error!(dir = %dir.display(), error = %e, "cannot create the PAXLST inbox");
            return;
        }
        tracing::info!(dir = %dir.display(), "watching the PAXLST inbox");
        loop {
            match process_inbox(&state, &dir).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(files = n, "PAXLST inbox files taken in"),
                Err(e) => tracing::error!(error = %e, "PAXLST inbox"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    });
}
