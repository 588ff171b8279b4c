//! Take in one PAXLST interchange: parse, screen every traveller and document, store in one transaction.
use super::{IntakeReport, MessageReport, Stages};
use crate::error::{store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use chrono::{DateTime, Utc};
use limes_domain::document::AlertMatch;
use limes_edifact::paxlst::{PaxlstMessage, Person};
use limes_screen::{BirthDate, Gender, Matcher, Query, QueryDocument};
use limes_store::{
    conveyance_key, new_id, person_key, ApiDocument, ApiFlight, ApiHit, ApiInterchange,
    ApiManifest, ApiTraveller, FlightLeg, HitKind, HitStatus, NewManifest, Severity, StoreError,
    TransportMode,
};
use std::time::Instant;
fn contrl_options(state: &App, now: DateTime<Utc>) -> limes_edifact::contrl::ContrlOptions {
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
    state: &App,
    raw: &[u8],
    e: &limes_edifact::syntax::EdifactError,
    now: DateTime<Utc>,
) -> IntakeError {
    let ack = limes_edifact::contrl::contrl(raw, Some(e), &[], &contrl_options(state, now));
    let mut details = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
    if let Some(obj) = details.as_object_mut() {
        obj.insert("acknowledgement".into(), serde_json::Value::String(ack));
    }
    IntakeError::Unreadable {
        field: format!("segment {} ({})", e.segment_index, e.tag),
        message: e.to_string(),
        details,
    }
}

/// Take in one interchange sent by `who` through `channel` (api, upload, inbox, cli).
#[tracing::instrument(skip_all, fields(channel = channel, sender = tracing::field::Empty))]
pub async fn intake(
    state: &App,
    who: Actor<'_>,
    raw: &[u8],
    channel: &str,
) -> Result<IntakeReport, IntakeError> {
    let started = Instant::now();
    let now = state.clock.now();
    let parsed =
        limes_edifact::paxlst::parse(raw).map_err(|e| interchange_error(state, raw, &e, now))?;
    tracing::Span::current().record("sender", parsed.sender.as_str());
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

    let rules = super::rules::rules_in_force(state).await?;
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
                hits: Some(0),
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
                        hits: Some(prepared.travellers.iter().map(|(_, h)| h.len()).sum()),
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
                        hits: Some(0),
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
    let hits: usize = report.messages.iter().filter_map(|m| m.hits).sum();
    let mut audit = who.audit(now, "api.intake");
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
            .map_err(|e| IntakeError::Internal(e.to_string()))?,
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
            return Err(IntakeError::Concurrent(parsed.control_reference.clone()));
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
    state: &App,
    sender: &str,
    control_ref: &str,
    raw: &str,
) -> Result<Option<IntakeReport>, IntakeError> {
    let Some(earlier) = state.store.api_interchange(sender, control_ref).await? else {
        return Ok(None);
    };
    if let Some(earlier_raw) = &earlier.raw {
        if earlier_raw != raw {
            return Err(IntakeError::ReferenceReused {
                sender: sender.to_string(),
                reference: control_ref.to_string(),
                first_used: earlier.received_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            });
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

fn transport_mode(mode: limes_edifact::paxlst::TransportMode) -> TransportMode {
    use limes_edifact::paxlst::TransportMode as Sent;
    match mode {
        Sent::Air => TransportMode::Air,
        Sent::Sea => TransportMode::Sea,
        Sent::Road => TransportMode::Road,
        Sent::Rail => TransportMode::Rail,
    }
}

/// The conveyance of a message: its legs, its key, and where it belongs. The first leg arriving at a place with
/// a configured BCP decides the arrival (a stop on our territory, not only the last place of the route); with
/// none, the last leg's arrival, as before.
fn flight_of(m: &PaxlstMessage, state: &App) -> Result<ApiFlight, String> {
    let (Some(first), Some(last)) = (m.legs.first(), m.legs.last()) else {
        return Err("the message has no conveyance (TDT with LOC 125/87 and DTM 189/232)".into());
    };
    let mode = transport_mode(first.mode);
    if mode == TransportMode::Air
        && first.carrier.trim().is_empty()
        && first.flight_number.trim().is_empty()
    {
        return Err("TDT names no carrier and flight number".into());
    }
    let arriving = m
        .legs
        .iter()
        .find(|l| {
            state
                .config
                .api_arrival_bcps
                .contains_key(&l.arrival_airport.trim().to_ascii_uppercase())
        })
        .unwrap_or(last);
    let arrival_airport = arriving.arrival_airport.trim().to_ascii_uppercase();
    // A land conveyance may name nothing but its carrier: its manifest then stands on its own (keyed by the
    // message reference), so two such coaches of one carrier never replace each other's travellers.
    let conveyance_id = match first.conveyance_id() {
        "" if mode != TransportMode::Air => format!("MSG{}", m.reference.trim()),
        id => id.to_string(),
    };
    Ok(ApiFlight {
        key: conveyance_key(mode, &first.carrier, &conveyance_id, first.departure_time),
        carrier: first.carrier.trim().to_ascii_uppercase(),
        flight_number: first.flight_number.trim().to_ascii_uppercase(),
        departure_airport: first.departure_airport.trim().to_ascii_uppercase(),
        departure_time: first.departure_time,
        arrival_bcp: state.config.api_arrival_bcps.get(&arrival_airport).cloned(),
        arrival_airport,
        arrival_time: arriving.arrival_time,
        legs: m
            .legs
            .iter()
            .map(|l| FlightLeg {
                carrier: l.carrier.clone(),
                flight_number: l.flight_number.clone(),
                mode: transport_mode(l.mode),
                registration: l.registration.clone(),
                vessel_name: l.vessel_name.clone(),
                imo_number: l.imo_number.clone(),
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
            "warnings": p.warnings,
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
        // A document without a number (DOC+P+) adds nothing to the match: the name is screened alone.
        documents: t
            .documents
            .iter()
            .filter(|d| !d.number.trim().is_empty())
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
    state: &App,
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
    state: &App,
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

/// Why an interchange was not taken in.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The interchange cannot be read at all (no UNB, a broken envelope): nothing is stored; `details` holds the
    /// error and the negative CONTRL acknowledgement for the sender.
    #[error("{field}: {message}")]
    Unreadable {
        field: String,
        message: String,
        details: serde_json::Value,
    },
    #[error("interchange reference {reference} from {sender} was already used on {first_used} for a different interchange; an updated manifest needs a new interchange reference")]
    ReferenceReused {
        sender: String,
        reference: String,
        first_used: String,
    },
    #[error("interchange {0} was stored concurrently")]
    Concurrent(String),
    #[error("internal error: {0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for IntakeError {
    fn class(&self) -> ErrorClass {
        match self {
            IntakeError::Unreadable { field, details, .. } => ErrorClass::Invalid {
                field: field.clone(),
                details: Some(details.clone()),
            },
            IntakeError::ReferenceReused { .. } | IntakeError::Concurrent(_) => {
                ErrorClass::Conflict
            }
            IntakeError::Internal(_) => ErrorClass::Internal,
            IntakeError::Store(e) => store_class(e),
        }
    }
}
