//! The first-line border check: read the document, check its validity, the document-alert register, the
//! watchlists and the traveller's history, recommend, and record it — committed before the answer.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::metrics::Metrics;
use crate::{Actor, App};
use chrono::NaiveDate;
use limes_domain::check::{recommend, CheckFindings};
use limes_domain::document::AlertMatch;
use limes_domain::{Bcp, Direction, DocumentAlert, Recommendation};
use limes_screen::{Matcher, Query, QueryDocument};
use limes_store::{Crossing, NewCrossing, TravelDocument};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use utoipa::ToSchema;

/// A check request: an MRZ as read by a scanner, or the same fields typed by hand.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct CheckRequest {
    /// The machine-readable zone, lines separated by newlines.
    pub mrz: Option<String>,
    /// The document fields typed by hand, when there is no readable MRZ.
    pub document: Option<ManualDocument>,
    /// BCP code; defaults to the BCP of the officer's session.
    pub bcp: Option<String>,
    pub direction: Direction,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct ManualDocument {
    /// ICAO document code, e.g. P, I, ID, V.
    pub document_code: String,
    pub issuing_state: String,
    pub document_number: String,
    pub surname: String,
    #[serde(default)]
    pub given_names: String,
    pub nationality: String,
    /// YYYY-MM-DD, YYYY-MM or YYYY.
    pub birth_date: Option<String>,
    /// M, F or X.
    pub sex: Option<String>,
    /// YYYY-MM-DD.
    pub expiry_date: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Validity {
    pub expired: bool,
    pub expires_in_days: Option<i64>,
    /// Structure and check digits of the MRZ are right (true for a typed document, which has none).
    pub mrz_valid: bool,
    pub document_type_accepted: bool,
    /// The issuing state and nationality are known ICAO codes.
    pub issuing_state_known: bool,
    pub nationality_known: bool,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertHit {
    #[serde(flatten)]
    pub alert: DocumentAlert,
    /// exact, or possible_ocr_confusion (O/0, I/1): compare by eye.
    pub match_kind: AlertMatch,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WatchlistHit {
    pub list: String,
    pub entry_id: String,
    pub name: String,
    pub matched_name: String,
    pub score: f64,
    /// At or above the alert threshold: refer.
    pub alert: bool,
    /// Why: which list name matched which query tokens, and each component's score.
    #[schema(value_type = Object)]
    pub explain: serde_json::Value,
    /// The listing reason of the entry.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Default)]
pub struct HistorySummary {
    pub total: usize,
    pub entries: usize,
    pub exits: usize,
    pub refusals: usize,
    pub referrals: usize,
    /// The most recent crossings, newest first.
    pub recent: Vec<CrossingBrief>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CrossingBrief {
    pub id: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub bcp: String,
    pub direction: Direction,
    pub outcome: Option<String>,
    pub status: String,
    pub document_number: String,
}

/// A pre-arrival hit an analyst of the passenger information unit confirmed for this traveller.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PreArrivalAlert {
    pub hit_id: String,
    pub kind: limes_store::HitKind,
    pub severity: limes_store::Severity,
    pub summary: String,
    pub flight: String,
    pub arrival_airport: String,
    pub arrival_time: Option<chrono::NaiveDateTime>,
    /// The BCP the traveller was expected at.
    pub arrival_bcp: Option<String>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckResponse {
    pub crossing_id: String,
    pub bcp: String,
    pub direction: Direction,
    pub checked_at: chrono::DateTime<chrono::Utc>,
    pub document: TravelDocument,
    /// The MRZ as parsed: format, validity, every error with field and position.
    #[schema(value_type = Object)]
    pub mrz: Option<serde_json::Value>,
    pub validity: Validity,
    pub document_alerts: Vec<AlertHit>,
    pub watchlist_hits: Vec<WatchlistHit>,
    /// Hits confirmed before arrival from advance passenger information.
    #[serde(default)]
    pub pre_arrival_alerts: Vec<PreArrivalAlert>,
    pub alert_threshold: f64,
    pub history: HistorySummary,
    /// The allowed stay and the days used (none for own nationals or a first entry).
    #[serde(default)]
    pub stay: Option<limes_domain::stay::StayAssessment>,
    pub recommendation: Recommendation,
    pub elapsed_ms: f64,
}

fn parse_partial_date(
    field: &str,
    raw: &str,
) -> Result<Option<limes_screen::BirthDate>, CheckError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Ok(Some(limes_screen::BirthDate::Exact(d)));
    }
    let parts: Vec<&str> = raw.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => y
            .parse::<i32>()
            .map(|y| Some(limes_screen::BirthDate::Year(y)))
            .map_err(|_| CheckError::invalid(field, format!("'{raw}' is not a year"))),
        [y, m] if y.len() == 4 => match (y.parse::<i32>(), m.parse::<u32>()) {
            (Ok(y), Ok(m)) if (1..=12).contains(&m) => {
                Ok(Some(limes_screen::BirthDate::YearMonth(y, m)))
            }
            _ => Err(CheckError::invalid(
                field,
                format!("'{raw}' is not a YYYY-MM month"),
            )),
        },
        _ => Err(CheckError::invalid(
            field,
            format!("'{raw}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
        )),
    }
}

/// Why a check could not be run. Nothing is recorded when it fails.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("give the document: an mrz, or the typed document fields")]
    NoDocument,
    #[error("give either mrz or document, not both")]
    TwoDocuments,
    /// `details` is the MRZ as far as it was read, with every error.
    #[error("mrz: not a machine-readable zone of a known format (TD1 3×30, TD2 2×36, TD3 2×44, MRV-A, MRV-B)")]
    UnreadableMrz { details: serde_json::Value },
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{user} is not assigned to BCP {bcp}")]
    NotAssigned { user: String, bcp: String },
    #[error("internal error: {0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] limes_store::StoreError),
}

impl CheckError {
    fn invalid(field: &str, message: impl Into<String>) -> CheckError {
        CheckError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl UseCaseError for CheckError {
    fn class(&self) -> ErrorClass {
        match self {
            CheckError::NoDocument | CheckError::TwoDocuments => ErrorClass::BadRequest,
            CheckError::UnreadableMrz { details } => ErrorClass::Invalid {
                field: "mrz".into(),
                details: Some(details.clone()),
            },
            CheckError::Invalid { field, .. } => invalid(field),
            CheckError::NotAssigned { .. } => ErrorClass::Forbidden,
            CheckError::Internal(_) => ErrorClass::Internal,
            CheckError::Store(e) => store_class(e),
        }
    }
}

/// The document and what is known of its form, from the MRZ or the typed fields.
struct ReadDocument {
    document: TravelDocument,
    birth: Option<limes_screen::BirthDate>,
    mrz_json: Option<serde_json::Value>,
    mrz_valid: bool,
    mrz_problems: Vec<String>,
    input_method: &'static str,
}

fn read_document(req: &CheckRequest, today: NaiveDate) -> Result<ReadDocument, CheckError> {
    within_limits(req)?;
    match (&req.mrz, &req.document) {
        (Some(mrz), None) => {
            let parsed = limes_mrz::parse(mrz, today);
            let json = limes_mrz::to_output_json(&parsed);
            if !parsed.fields_read {
                return Err(CheckError::UnreadableMrz { details: json });
            }
            let f = &parsed.fields;
            let problems = parsed
                .errors
                .iter()
                .map(|e| format!("{} at {}: {}", e.field, e.position, e.message))
                .collect();
            let birth = f.birth_date.map(limes_screen::BirthDate::Exact);
            Ok(ReadDocument {
                document: TravelDocument {
                    document_code: f.document_code.clone(),
                    document_number: f.document_number.clone(),
                    issuing_state: f.issuing_state.clone(),
                    surname: f.surname.clone(),
                    given_names: f.given_names.clone(),
                    nationality: f.nationality.clone(),
                    birth_date: f.birth_date,
                    sex: f.sex.clone(),
                    expiry_date: f.expiry_date,
                },
                birth,
                mrz_json: Some(json),
                mrz_valid: parsed.valid,
                mrz_problems: problems,
                input_method: "mrz",
            })
        }
        (None, Some(m)) => {
            let required = [
                ("document.document_number", &m.document_number),
                ("document.issuing_state", &m.issuing_state),
                ("document.surname", &m.surname),
                ("document.nationality", &m.nationality),
                ("document.document_code", &m.document_code),
            ];
            for (field, value) in required {
                if value.trim().is_empty() {
                    return Err(CheckError::invalid(field, "is required"));
                }
            }
            let birth =
                parse_partial_date("document.birth_date", m.birth_date.as_deref().unwrap_or(""))?;
            let expiry = match m
                .expiry_date
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                Some(s) => Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                    CheckError::invalid(
                        "document.expiry_date",
                        format!("'{s}' is not a date (YYYY-MM-DD)"),
                    )
                })?),
                None => None,
            };
            let sex = match m.sex.as_deref().map(|s| s.trim().to_ascii_uppercase()) {
                None => None,
                Some(s) if s.is_empty() => None,
                Some(s) if matches!(s.as_str(), "M" | "F" | "X") => Some(s),
                Some(s) => {
                    return Err(CheckError::invalid(
                        "document.sex",
                        format!("'{s}' is not M, F or X"),
                    ))
                }
            };
            let code = |field: &str, v: &str| -> Result<String, CheckError> {
                let v = v.trim().to_ascii_uppercase();
                if v.len() > 3 || !v.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(CheckError::invalid(
                        field,
                        format!("'{v}' is not an ICAO 3-letter code"),
                    ));
                }
                Ok(v)
            };
            Ok(ReadDocument {
                document: TravelDocument {
                    document_code: m.document_code.trim().to_ascii_uppercase(),
                    document_number: limes_domain::document::normalize_document_number(
                        &m.document_number,
                    ),
                    issuing_state: code("document.issuing_state", &m.issuing_state)?,
                    surname: m.surname.trim().to_uppercase(),
                    given_names: m.given_names.trim().to_uppercase(),
                    nationality: code("document.nationality", &m.nationality)?,
                    birth_date: match birth {
                        Some(limes_screen::BirthDate::Exact(d)) => Some(d),
                        _ => None,
                    },
                    sex,
                    expiry_date: expiry,
                },
                birth,
                mrz_json: None,
                mrz_valid: true,
                mrz_problems: vec![],
                input_method: "manual",
            })
        }
        (Some(_), Some(_)) => Err(CheckError::TwoDocuments),
        (None, None) => Err(CheckError::NoDocument),
    }
}

/// Every field within its bound (`crate::limits`), checked before any work is done on it.
fn within_limits(req: &CheckRequest) -> Result<(), CheckError> {
    use crate::limits::{check_length, MAX_FIELD_CHARS, MAX_MRZ_CHARS, MAX_NAME_CHARS};
    let too_long = |e: crate::limits::TooLong| {
        CheckError::invalid(&e.field, format!("longer than {} characters", e.max))
    };
    if let Some(mrz) = &req.mrz {
        check_length("mrz", mrz, MAX_MRZ_CHARS).map_err(too_long)?;
    }
    if let Some(m) = &req.document {
        let fields = [
            ("document.surname", m.surname.as_str(), MAX_NAME_CHARS),
            (
                "document.given_names",
                m.given_names.as_str(),
                MAX_NAME_CHARS,
            ),
            (
                "document.document_code",
                m.document_code.as_str(),
                MAX_FIELD_CHARS,
            ),
            (
                "document.issuing_state",
                m.issuing_state.as_str(),
                MAX_FIELD_CHARS,
            ),
            (
                "document.document_number",
                m.document_number.as_str(),
                MAX_FIELD_CHARS,
            ),
            (
                "document.nationality",
                m.nationality.as_str(),
                MAX_FIELD_CHARS,
            ),
            (
                "document.birth_date",
                m.birth_date.as_deref().unwrap_or(""),
                MAX_FIELD_CHARS,
            ),
            (
                "document.sex",
                m.sex.as_deref().unwrap_or(""),
                MAX_FIELD_CHARS,
            ),
            (
                "document.expiry_date",
                m.expiry_date.as_deref().unwrap_or(""),
                MAX_FIELD_CHARS,
            ),
        ];
        for (field, value, max) in fields {
            check_length(field, value, max).map_err(too_long)?;
        }
    }
    if let Some(bcp) = &req.bcp {
        check_length("bcp", bcp, MAX_FIELD_CHARS).map_err(too_long)?;
    }
    Ok(())
}

/// Which BCP the check is at, and whether this officer may work there.
#[tracing::instrument(skip_all, fields(requested = requested))]
pub async fn resolve_bcp(
    state: &App,
    who: Actor<'_>,
    requested: Option<&str>,
) -> Result<Bcp, CheckError> {
    let code = requested
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .or(who.session_bcp())
        .ok_or_else(|| CheckError::invalid("bcp", "no BCP given and none chosen for this session"))?
        .to_ascii_uppercase();
    let bcp = state
        .lookups
        .bcp(state.store.as_ref(), &code)
        .await?
        .ok_or_else(|| CheckError::invalid("bcp", format!("unknown BCP '{code}'")))?;
    if !bcp.active {
        return Err(CheckError::invalid(
            "bcp",
            format!("BCP '{code}' is not active"),
        ));
    }
    if !who.may_use_bcp(&bcp.code) {
        return Err(CheckError::NotAssigned {
            user: who.name().to_string(),
            bcp: bcp.code,
        });
    }
    Ok(bcp)
}

#[tracing::instrument(
    skip_all,
    fields(
        bcp = req.bcp.as_deref().or(who.session_bcp()),
        direction = req.direction.as_str(),
        crossing_id = tracing::field::Empty,
    )
)]
pub async fn run_check(
    state: &App,
    who: Actor<'_>,
    req: CheckRequest,
) -> Result<CheckResponse, CheckError> {
    let started = Instant::now();
    let now = state.clock.now();
    let today = now.date_naive();
    // The BCP first (its error wins over the document's), then the document as read.
    let read = read_document(&req, today);
    let bcp = resolve_bcp(state, who, req.bcp.as_deref()).await?;
    let read = read?;
    let doc = &read.document;
    // The three reads of the stores are independent of each other: in flight together (on PostgreSQL each is a
    // round trip, on different pooled connections), while the name is screened in memory.
    let (doc_key, person_key) = (doc.document_key(), doc.person_key());
    let doc_keys = [doc_key.clone()];
    let lookups = async {
        tokio::try_join!(
            state
                .store
                .find_document_alerts(Some(&doc.issuing_state), &doc.document_number),
            crate::pax::downlink::confirmed_alerts(state, &doc_keys, &person_key),
            state.store.traveller_history(&doc_key, &person_key, 10),
        )
    };

    // Validity.
    let expires_in_days = doc.expiry_date.map(|d| (d - today).num_days());
    let expired = expires_in_days.is_some_and(|d| d < 0);
    let type_letter = doc
        .document_code
        .chars()
        .next()
        .map(String::from)
        .unwrap_or_default();
    let document_type_accepted = state.config.accepted_document_types.contains(&type_letter);
    let issuing_state_known = limes_countries::by_icao(&doc.issuing_state).is_some();
    let nationality_known = limes_countries::by_icao(&doc.nationality).is_some();
    let mut problems = read.mrz_problems.clone();
    if !issuing_state_known {
        problems.push(format!(
            "issuing state '{}' is not a known ICAO code",
            doc.issuing_state
        ));
    }
    if !nationality_known {
        problems.push(format!(
            "nationality '{}' is not a known ICAO code",
            doc.nationality
        ));
    }

    // Watchlists.
    let threshold = state.alert_threshold();
    let query = Query {
        name: format!("{} {}", doc.given_names, doc.surname)
            .trim()
            .to_string(),
        surname: Some(doc.surname.clone()),
        given_names: Some(doc.given_names.clone()).filter(|g| !g.is_empty()),
        birth_date: read.birth,
        nationality: limes_countries::normalize_code(&doc.nationality).map(str::to_string),
        gender: doc.sex.as_deref().and_then(limes_screen::Gender::parse),
        documents: vec![QueryDocument {
            number: doc.document_number.clone(),
            issuing_state: Some(doc.issuing_state.clone()),
        }],
    };
    // Screening is CPU work: on the blocking pool, so a long name never holds up the executor's threads.
    let screener = state.screener.clone();
    let display_threshold = state.config.display_threshold.min(threshold);
    let screened_query = query.clone();
    let screening = tokio::task::spawn_blocking(move || {
        screener.screen(&screened_query, display_threshold, 10)
    });
    let (stored, raw_hits) = tokio::join!(lookups, screening);
    let (alerts, confirmed, mut history_rows) = stored?;
    let raw_hits = raw_hits.map_err(|e| CheckError::Internal(format!("screening: {e}")))?;
    let mut hits = watchlist_hits(state, raw_hits, threshold);
    // How the name is written (hidden characters, reversal, look-alikes) is a finding of its own.
    let writing = crate::name_writing::writing_problems(&[
        ("surname", doc.surname.as_str()),
        ("given_names", doc.given_names.as_str()),
    ]);
    problems.extend(writing.iter().cloned());
    for h in &mut hits {
        crate::name_writing::annotate_explanation(&mut h.explain, &writing);
    }
    // A rescan at the desk supersedes the earlier undecided check of this traveller: not a crossing.
    let superseded = crate::check_workflow::take_superseded(
        who,
        &bcp.code,
        req.direction,
        doc,
        &mut history_rows,
    );

    // Pre-arrival hits confirmed by the passenger information unit.
    let pre_arrival_alerts: Vec<PreArrivalAlert> = confirmed
        .into_iter()
        .map(|a| PreArrivalAlert {
            hit_id: a.hit.id,
            kind: a.hit.kind,
            severity: a.hit.severity,
            summary: a.hit.summary,
            flight: limes_store::flight_designator(&a.flight.carrier, &a.flight.flight_number),
            arrival_airport: a.flight.arrival_airport,
            arrival_time: a.flight.arrival_time,
            arrival_bcp: a.flight.arrival_bcp,
            confirmed_by: a.hit.reviewed_by,
            confirmed_at: a.hit.reviewed_at,
            reason: a.hit.review_reason,
        })
        .collect();

    // History of this traveller.
    let history = summarise(&history_rows);

    let findings = CheckFindings {
        mrz_valid: read.mrz_valid,
        mrz_problems: read.mrz_problems.clone(),
        expired,
        expires_within_days: expires_in_days.filter(|d| *d <= state.config.expiry_warning_days),
        document_type_accepted,
        exact_alerts: alerts
            .iter()
            .filter(|(_, m)| *m == AlertMatch::Exact)
            .map(|(a, _)| describe_alert(a))
            .collect(),
        possible_alerts: alerts
            .iter()
            .filter(|(_, m)| *m == AlertMatch::PossibleOcrConfusion)
            .map(|(a, _)| describe_alert(a))
            .collect(),
        strong_hits: hits
            .iter()
            .filter(|h| h.alert)
            .map(|h| (describe_hit(h), h.score))
            .collect(),
        weak_hits: hits
            .iter()
            .filter(|h| !h.alert)
            .map(|h| (describe_hit(h), h.score))
            .collect(),
        confirmed_alerts: pre_arrival_alerts
            .iter()
            .map(|a| {
                format!(
                    "pre-arrival {} on flight {} ({}), confirmed by {}",
                    a.summary,
                    a.flight,
                    a.arrival_airport,
                    a.confirmed_by.as_deref().unwrap_or("the PIU")
                )
            })
            .collect(),
    };
    let mut recommendation = recommend(&findings);
    crate::name_writing::caution(&mut recommendation, &writing);
    let stay = crate::stay::at_check(state, &read.document, req.direction, now).await?;
    problems.extend(crate::stay::overstay_problem(stay.as_ref(), req.direction));
    let validity = Validity {
        expired,
        expires_in_days,
        mrz_valid: read.mrz_valid,
        document_type_accepted,
        issuing_state_known,
        nationality_known,
        problems,
    };
    let document_alerts: Vec<AlertHit> = alerts
        .into_iter()
        .map(|(alert, match_kind)| AlertHit { alert, match_kind })
        .collect();

    let mut response = CheckResponse {
        crossing_id: String::new(),
        bcp: bcp.code.clone(),
        direction: req.direction,
        checked_at: now,
        document: read.document.clone(),
        mrz: read.mrz_json,
        validity,
        document_alerts,
        watchlist_hits: hits,
        pre_arrival_alerts,
        alert_threshold: threshold,
        history,
        stay,
        recommendation,
        elapsed_ms: 0.0,
    };
    let result_json =
        serde_json::to_string(&response).map_err(|e| CheckError::Internal(e.to_string()))?;
    let new = NewCrossing {
        bcp: bcp.code.clone(),
        direction: req.direction,
        at: now,
        officer: who.name().to_string(),
        document: read.document,
        input_method: read.input_method.to_string(),
        recommendation: response.recommendation.level,
        reasons: response.recommendation.reasons.clone(),
        hit_count: response.watchlist_hits.iter().filter(|h| h.alert).count() as u32,
        alert_count: response.document_alerts.len() as u32,
        result_json,
    };
    let mut audit = who.audit(now, "check.run");
    audit.bcp = Some(bcp.code.clone());
    audit.purpose = Some("border check".into());
    audit.detail = format!(
        "{} check of {} {} at {}: {}",
        req.direction.as_str(),
        new.document.issuing_state,
        new.document.document_number,
        bcp.code,
        response.recommendation.level.as_str()
    );
    let crossing = state.store.record_check(new, audit).await?;
    tracing::Span::current().record("crossing_id", crossing.id.as_str());
    crate::check_workflow::close_superseded(state, who, &superseded, &crossing.id).await;
    response.crossing_id = crossing.id;
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    response.elapsed_ms = elapsed;
    state.metrics.observe_check(elapsed);
    Metrics::inc(&state.metrics.checks);
    if response.recommendation.level == limes_domain::RecommendationLevel::Refer {
        Metrics::inc(&state.metrics.checks_refer);
    }
    Ok(response)
}

/// The watchlist hits of a traveller, down to the display threshold; `alert` from the alert threshold.
fn watchlist_hits(state: &App, hits: Vec<limes_screen::Hit>, threshold: f64) -> Vec<WatchlistHit> {
    hits.into_iter()
        .map(|h| {
            let reason = state
                .screener
                .entry(&h.list, &h.entry_id)
                .map(|e| e.reason.clone())
                .filter(|r| !r.is_empty());
            WatchlistHit {
                alert: h.score >= threshold,
                explain: serde_json::to_value(&h.explain).unwrap_or(serde_json::Value::Null),
                list: h.list,
                entry_id: h.entry_id,
                name: h.name,
                matched_name: h.matched_name,
                score: h.score,
                reason,
            }
        })
        .collect()
}

fn describe_alert(a: &DocumentAlert) -> String {
    format!(
        "{} {} {} reported {} by {} ({})",
        a.issuing_state,
        a.document_number,
        a.status.as_str().replace('_', " "),
        a.reported_on,
        a.source,
        a.reason
    )
}

fn describe_hit(h: &WatchlistHit) -> String {
    format!("{} {} {}", h.list.to_uppercase(), h.entry_id, h.name)
}

pub fn summarise(h: &limes_store::TravellerHistory) -> HistorySummary {
    HistorySummary {
        total: h.total as usize,
        entries: h.entries as usize,
        exits: h.exits as usize,
        refusals: h.refusals as usize,
        referrals: h.referrals as usize,
        recent: h.recent.iter().map(brief).collect(),
    }
}

pub fn brief(c: &Crossing) -> CrossingBrief {
    CrossingBrief {
        id: c.id.clone(),
        at: c.check.at,
        bcp: c.check.bcp.clone(),
        direction: c.check.direction,
        outcome: c
            .outcome
            .or(c.first_outcome)
            .map(|o| o.as_str().to_string()),
        status: c.status.as_str().to_string(),
        document_number: c.check.document.document_number.clone(),
    }
}
