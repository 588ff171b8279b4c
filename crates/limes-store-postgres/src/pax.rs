//! Advance passenger information in PostgreSQL: intake in one transaction with its audit entry, the arrivals
//! board and the worklist, the flight view, reviews, targeting rules and the retention purge. The semantics are
//! those of the SQLite backend (`limes-store-sqlite/src/pax.rs`); the SQL differs where PostgreSQL does better:
//! a manifest's travellers, documents and hits go in as one multi-row insert each (arrays through `unnest`), the
//! board's counts come from one query, and statements that do not depend on each other's answers are pipelined.
//!
//! Orderings that SQLite gives by its byte-wise text comparison and its NULLs-smallest rule are spelt out here
//! (`COLLATE "C"`, `NULLS LAST`/`NULLS FIRST`), so the two backends list the same things in the same order
//! whatever the database's collation. Flight times are kept to the second, as SQLite's text keeps them.
use crate::writer::WriteCtx;
use crate::PgStore;
use crate::{backend, bad_value, col, count, is_unique_violation, ts};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound, Utc};
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_store::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{Json, ToSql};
use tokio_postgres::{Row, Statement};

type Param<'a> = &'a (dyn ToSql + Sync);

/// A flight time as stored: to the second (SQLite keeps `%Y-%m-%dT%H:%M:%S`).
fn secs(t: NaiveDateTime) -> NaiveDateTime {
    t.trunc_subsecs(0)
}

fn small(r: &Row, idx: usize) -> StoreResult<u32> {
    let n: i64 = col(r, idx)?;
    u32::try_from(n).map_err(|_| bad_value("number", &n.to_string()))
}

fn small_opt(r: &Row, idx: usize) -> StoreResult<Option<u32>> {
    let n: Option<i64> = col(r, idx)?;
    n.map(|n| u32::try_from(n).map_err(|_| bad_value("number", &n.to_string())))
        .transpose()
}

fn json<T: serde::de::DeserializeOwned>(r: &Row, idx: usize) -> StoreResult<T> {
    let Json(v): Json<T> = col(r, idx)?;
    Ok(v)
}

/// `a.x, a.y, ...` for a column list.
fn prefixed(cols: &str, alias: &str) -> String {
    cols.split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

// --- row mapping ---------------------------------------------------------------------------------

const HIT_COLUMNS: &str =
    "id, traveller_id, flight_key, kind, source, rule_version, severity, score, summary, \
     explanation, status, reviewed_by, reviewed_at, review_reason, created_at";
const HIT_WIDTH: usize = 15;

fn hit_at(r: &Row, b: usize) -> StoreResult<ApiHit> {
    let kind: String = col(r, b + 3)?;
    let status: String = col(r, b + 10)?;
    Ok(ApiHit {
        id: col(r, b)?,
        traveller_id: col(r, b + 1)?,
        flight_key: col(r, b + 2)?,
        kind: HitKind::parse(&kind).ok_or_else(|| bad_value("hit kind", &kind))?,
        source: col(r, b + 4)?,
        rule_version: small_opt(r, b + 5)?,
        severity: Severity::from_rank(col(r, b + 6)?),
        score: col(r, b + 7)?,
        summary: col(r, b + 8)?,
        explain: json(r, b + 9)?,
        status: HitStatus::parse(&status).ok_or_else(|| bad_value("hit status", &status))?,
        reviewed_by: col(r, b + 11)?,
        reviewed_at: col(r, b + 12)?,
        review_reason: col(r, b + 13)?,
        created_at: col(r, b + 14)?,
    })
}

const FLIGHT_COLUMNS: &str =
    "key, carrier, flight_number, departure_airport, departure_time, arrival_airport, \
     arrival_time, arrival_bcp, legs";
const FLIGHT_WIDTH: usize = 9;

fn flight_at(r: &Row, b: usize) -> StoreResult<ApiFlight> {
    Ok(ApiFlight {
        key: col(r, b)?,
        carrier: col(r, b + 1)?,
        flight_number: col(r, b + 2)?,
        departure_airport: col(r, b + 3)?,
        departure_time: col(r, b + 4)?,
        arrival_airport: col(r, b + 5)?,
        arrival_time: col(r, b + 6)?,
        arrival_bcp: col(r, b + 7)?,
        legs: json(r, b + 8)?,
    })
}

const TRAVELLER_COLUMNS: &str =
    "id, manifest_id, flight_key, position, role, surname, given_names, gender, \
     birth_date, nationality, booking_reference, seat, documents, details, person_key";
const TRAVELLER_WIDTH: usize = 15;

fn traveller_at(r: &Row, b: usize) -> StoreResult<ApiTraveller> {
    Ok(ApiTraveller {
        id: col(r, b)?,
        manifest_id: col(r, b + 1)?,
        flight_key: col(r, b + 2)?,
        position: small(r, b + 3)?,
        role: col(r, b + 4)?,
        surname: col(r, b + 5)?,
        given_names: col(r, b + 6)?,
        gender: col(r, b + 7)?,
        birth_date: col(r, b + 8)?,
        nationality: col(r, b + 9)?,
        booking_reference: col(r, b + 10)?,
        seat: col(r, b + 11)?,
        documents: json(r, b + 12)?,
        details: json(r, b + 13)?,
        person_key: col(r, b + 14)?,
    })
}

const MANIFEST_COLUMNS: &str =
    "id, flight_key, kind, sender, interchange_ref, message_ref, received_at, \
     persons, warnings, superseded_by";

fn manifest_at(r: &Row) -> StoreResult<ApiManifest> {
    Ok(ApiManifest {
        id: col(r, 0)?,
        flight_key: col(r, 1)?,
        kind: col(r, 2)?,
        sender: col(r, 3)?,
        interchange_ref: col(r, 4)?,
        message_ref: col(r, 5)?,
        received_at: col(r, 6)?,
        persons: small(r, 7)?,
        warnings: json(r, 8)?,
        superseded_by: col(r, 9)?,
    })
}

const RULE_COLUMNS: &str = "id, version, owner, saved_by, saved_at, rule";

fn rule_at(r: &Row) -> StoreResult<StoredRule> {
    Ok(StoredRule {
        id: col(r, 0)?,
        version: small(r, 1)?,
        owner: col(r, 2)?,
        saved_by: col(r, 3)?,
        saved_at: col(r, 4)?,
        rule: json(r, 5)?,
    })
}

/// Execute a prepared statement when there is something to do (an empty `unnest` insert is skipped).
async fn execute_if(
    tx: &tokio_postgres::Transaction<'_>,
    go: bool,
    st: &Statement,
    params: &[Param<'_>],
) -> Result<u64, tokio_postgres::Error> {
    if go {
        tx.execute(st, params).await
    } else {
        Ok(0)
    }
}

// --- interchanges and intake ---------------------------------------------------------------------

pub async fn interchange(
    c: &impl GenericClient,
    sender: &str,
    control_ref: &str,
) -> StoreResult<Option<ApiInterchange>> {
    let st = c
        .prepare_cached(
            "SELECT sender, control_ref, received_at, channel, raw, report_json FROM api_interchanges
             WHERE sender = $1 AND control_ref = $2",
        )
        .await
        .map_err(backend)?;
    let Some(r) = c
        .query_opt(&st, &[&sender, &control_ref])
        .await
        .map_err(backend)?
    else {
        return Ok(None);
    };
    Ok(Some(ApiInterchange {
        sender: col(&r, 0)?,
        control_ref: col(&r, 1)?,
        received_at: col(&r, 2)?,
        channel: col(&r, 3)?,
        raw: col(&r, 4)?,
        report_json: col(&r, 5)?,
    }))
}

const INSERT_INTERCHANGE: &str =
    "INSERT INTO api_interchanges (sender, control_ref, received_at, channel, raw, report_json)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sender, control_ref) DO NOTHING";

const UPSERT_FLIGHT: &str = "INSERT INTO api_flights (key, carrier, flight_number, departure_airport, departure_time,
       arrival_airport, arrival_time, sort_time, arrival_bcp, legs, last_received)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (key) DO UPDATE SET departure_airport = excluded.departure_airport,
       departure_time = excluded.departure_time, arrival_airport = excluded.arrival_airport,
       arrival_time = excluded.arrival_time, sort_time = excluded.sort_time,
       arrival_bcp = excluded.arrival_bcp, legs = excluded.legs, last_received = excluded.last_received";

/// The hits on the current manifests of a flight and kind, with the person they are on: what carries over.
const EARLIER_HITS: &str =
    "SELECT t.person_key, h.kind, h.source, h.status, h.reviewed_by, h.reviewed_at,
       h.review_reason
     FROM api_hits h JOIN api_travellers t ON t.id = h.traveller_id
       JOIN api_manifests m ON m.id = t.manifest_id
     WHERE m.flight_key = $1 AND m.kind = $2 AND m.superseded_by IS NULL
     ORDER BY m.received_at, m.id COLLATE \"C\", t.position, h.id COLLATE \"C\"";

const SUPERSEDE: &str = "UPDATE api_manifests SET superseded_by = $3
     WHERE flight_key = $1 AND kind = $2 AND superseded_by IS NULL";

const INSERT_MANIFEST: &str =
    "INSERT INTO api_manifests (id, flight_key, kind, sender, interchange_ref, message_ref,
       received_at, persons, warnings, superseded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)";

const INSERT_TRAVELLERS: &str = "INSERT INTO api_travellers (id, manifest_id, flight_key, position, role, surname,
       given_names, gender, birth_date, nationality, booking_reference, seat, documents, details, person_key)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::date[], $10::text[], $11::text[], $12::text[], $13::jsonb[], $14::jsonb[], $15::text[])";

const INSERT_DOCUMENTS: &str = "INSERT INTO api_traveller_documents (traveller_id, document_key)
     SELECT * FROM unnest($1::text[], $2::text[])";

const INSERT_HITS: &str = "INSERT INTO api_hits (id, traveller_id, flight_key, kind, source, rule_version, severity,
       score, summary, explanation, status, reviewed_by, reviewed_at, review_reason, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
       $8::float8[], $9::text[], $10::jsonb[], $11::text[], $12::text[], $13::timestamptz[], $14::text[],
       $15::timestamptz[])";

const RULES_FIRED: &str = "INSERT INTO rule_counters (rule_id, fired)
     SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (rule_id) DO UPDATE SET fired = rule_counters.fired + excluded.fired";

/// A database error of the intake, with the interchange (and manifest) named. Text PostgreSQL cannot store (a
/// NUL byte, in a text column or escaped in JSON) is the sender's bad input, not a backend failure.
fn intake_error<'a>(
    ic: &'a ApiInterchange,
    manifest: Option<&'a ApiManifest>,
) -> impl Fn(tokio_postgres::Error) -> StoreError + 'a {
    move |e| {
        let bad_text = matches!(
            e.code(),
            Some(c) if *c == SqlState::CHARACTER_NOT_IN_REPERTOIRE || *c == SqlState::UNTRANSLATABLE_CHARACTER
        );
        let place = match manifest {
            Some(m) => format!(
                "interchange {} from {}, message {}",
                ic.control_ref, ic.sender, m.message_ref
            ),
            None => format!("interchange {} from {}", ic.control_ref, ic.sender),
        };
        if bad_text {
            StoreError::Invalid(format!(
                "{place}: text that cannot be stored (a NUL byte?): {}",
                backend(e)
            ))
        } else {
            match backend(e) {
                StoreError::Backend(m) => StoreError::Backend(format!("{place}: {m}")),
                other => other,
            }
        }
    }
}

/// A review carried over from the manifest a new one replaces.
struct Review {
    status: HitStatus,
    reviewed_by: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    review_reason: Option<String>,
}

pub(crate) async fn record_intake(
    ctx: &mut WriteCtx<'_>,
    ic: &ApiInterchange,
    manifests: &[NewManifest],
    audit: &AuditEvent,
) -> StoreResult<()> {
    let tx = ctx.tx;
    let (ins_ic, upsert_flight, earlier_hits, supersede, ins_manifest) = tokio::try_join!(
        tx.prepare_cached(INSERT_INTERCHANGE),
        tx.prepare_cached(UPSERT_FLIGHT),
        tx.prepare_cached(EARLIER_HITS),
        tx.prepare_cached(SUPERSEDE),
        tx.prepare_cached(INSERT_MANIFEST),
    )
    .map_err(backend)?;
    let (ins_travellers, ins_docs, ins_hits, fired) = tokio::try_join!(
        tx.prepare_cached(INSERT_TRAVELLERS),
        tx.prepare_cached(INSERT_DOCUMENTS),
        tx.prepare_cached(INSERT_HITS),
        tx.prepare_cached(RULES_FIRED),
    )
    .map_err(backend)?;

    // Alone, so that a resend is told apart from any other failure.
    let inserted = tx
        .execute(
            &ins_ic,
            &[
                &ic.sender,
                &ic.control_ref,
                &ts(&ic.received_at),
                &ic.channel,
                &ic.raw,
                &ic.report_json,
            ],
        )
        .await
        .map_err(intake_error(ic, None))?;
    if inserted == 0 {
        return Err(StoreError::Conflict(format!(
            "interchange {} from {} was already received",
            ic.control_ref, ic.sender
        )));
    }

    for m in manifests {
        let f = &m.flight;
        let mm = &m.manifest;
        let received = ts(&mm.received_at);
        let (departure, arrival, sort) = (
            f.departure_time.map(secs),
            f.arrival_time.map(secs),
            f.arrival_or_departure().map(secs),
        );
        let legs = Json(&f.legs);
        let flight_params: [Param; 11] = [
            &f.key,
            &f.carrier,
            &f.flight_number,
            &f.departure_airport,
            &departure,
            &f.arrival_airport,
            &arrival,
            &sort,
            &f.arrival_bcp,
            &legs,
            &received,
        ];
        let persons = i64::from(mm.persons);
        let warnings = Json(&mm.warnings);
        let manifest_params: [Param; 9] = [
            &mm.id,
            &mm.flight_key,
            &mm.kind,
            &mm.sender,
            &mm.interchange_ref,
            &mm.message_ref,
            &received,
            &persons,
            &warnings,
        ];
        // Pipelined, executed in this order: the flight, the reviews on the manifest being replaced, its
        // replacement, the new manifest.
        let earlier_params: [Param; 2] = [&f.key, &mm.kind];
        let supersede_params: [Param; 3] = [&f.key, &mm.kind, &mm.id];
        let (_, earlier_rows, _, _) = tokio::try_join!(
            biased;
            tx.execute(&upsert_flight, &flight_params),
            tx.query(&earlier_hits, &earlier_params),
            tx.execute(&supersede, &supersede_params),
            tx.execute(&ins_manifest, &manifest_params),
        )
        .map_err(intake_error(ic, Some(mm)))?;

        // (person, kind, source) -> the analyst's judgement on the replaced manifest.
        let mut earlier: HashMap<(String, String, String), Review> = HashMap::new();
        for r in &earlier_rows {
            let status: String = col(r, 3)?;
            earlier.insert(
                (col(r, 0)?, col(r, 1)?, col(r, 2)?),
                Review {
                    status: HitStatus::parse(&status)
                        .ok_or_else(|| bad_value("hit status", &status))?,
                    reviewed_by: col(r, 4)?,
                    reviewed_at: col(r, 5)?,
                    review_reason: col(r, 6)?,
                },
            );
        }

        let n = m.travellers.len();
        let mut t_cols = TravellerArrays::with_capacity(n);
        let mut doc_traveller: Vec<&str> = Vec::new();
        let mut doc_key: Vec<String> = Vec::new();
        let mut h_cols = HitArrays::with_capacity(n);
        let mut rules_fired: BTreeMap<&str, i64> = BTreeMap::new();
        for (t, hits) in &m.travellers {
            t_cols.push(t);
            let mut keys: Vec<String> = t.documents.iter().map(ApiDocument::document_key).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                doc_traveller.push(&t.id);
                doc_key.push(k);
            }
            for h in hits {
                let prior = earlier.get(&(
                    t.person_key.clone(),
                    h.kind.as_str().to_string(),
                    h.source.clone(),
                ));
                if prior.is_none() && h.kind == HitKind::Rule {
                    // A hit carried over from the replaced manifest already fired.
                    *rules_fired.entry(h.source.as_str()).or_default() += 1;
                }
                h_cols.push(h, prior);
            }
        }
        let t_params = t_cols.params();
        let doc_params: [Param; 2] = [&doc_traveller, &doc_key];
        let h_params = h_cols.params();
        let (fired_rules, fired_counts): (Vec<&str>, Vec<i64>) = rules_fired.into_iter().unzip();
        let fired_params: [Param; 2] = [&fired_rules, &fired_counts];
        // Pipelined in order: the travellers before what refers to them.
        tokio::try_join!(
            biased;
            execute_if(tx, n > 0, &ins_travellers, &t_params),
            execute_if(tx, !doc_key.is_empty(), &ins_docs, &doc_params),
            execute_if(tx, !h_cols.id.is_empty(), &ins_hits, &h_params),
            execute_if(tx, !fired_rules.is_empty(), &fired, &fired_params),
        )
        .map_err(intake_error(ic, Some(mm)))?;
    }
    ctx.audit(audit).await?;
    Ok(())
}

/// A manifest's travellers as one array per column, for one multi-row insert.
struct TravellerArrays<'a> {
    id: Vec<&'a str>,
    manifest_id: Vec<&'a str>,
    flight_key: Vec<&'a str>,
    position: Vec<i64>,
    role: Vec<&'a str>,
    surname: Vec<&'a str>,
    given_names: Vec<&'a str>,
    gender: Vec<Option<&'a str>>,
    birth_date: Vec<Option<NaiveDate>>,
    nationality: Vec<&'a str>,
    booking_reference: Vec<&'a str>,
    seat: Vec<&'a str>,
    documents: Vec<Json<&'a Vec<ApiDocument>>>,
    details: Vec<Json<&'a serde_json::Value>>,
    person_key: Vec<&'a str>,
}

impl<'a> TravellerArrays<'a> {
    fn with_capacity(n: usize) -> Self {
        TravellerArrays {
            id: Vec::with_capacity(n),
            manifest_id: Vec::with_capacity(n),
            flight_key: Vec::with_capacity(n),
            position: Vec::with_capacity(n),
            role: Vec::with_capacity(n),
            surname: Vec::with_capacity(n),
            given_names: Vec::with_capacity(n),
            gender: Vec::with_capacity(n),
            birth_date: Vec::with_capacity(n),
            nationality: Vec::with_capacity(n),
            booking_reference: Vec::with_capacity(n),
            seat: Vec::with_capacity(n),
            documents: Vec::with_capacity(n),
            details: Vec::with_capacity(n),
            person_key: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, t: &'a ApiTraveller) {
        self.id.push(&t.id);
        self.manifest_id.push(&t.manifest_id);
        self.flight_key.push(&t.flight_key);
        self.position.push(i64::from(t.position));
        self.role.push(&t.role);
        self.surname.push(&t.surname);
        self.given_names.push(&t.given_names);
        self.gender.push(t.gender.as_deref());
        self.birth_date.push(t.birth_date);
        self.nationality.push(&t.nationality);
        self.booking_reference.push(&t.booking_reference);
        self.seat.push(&t.seat);
        self.documents.push(Json(&t.documents));
        self.details.push(Json(&t.details));
        self.person_key.push(&t.person_key);
    }

    fn params(&self) -> [Param<'_>; 15] {
        [
            &self.id,
            &self.manifest_id,
            &self.flight_key,
            &self.position,
            &self.role,
            &self.surname,
            &self.given_names,
            &self.gender,
            &self.birth_date,
            &self.nationality,
            &self.booking_reference,
            &self.seat,
            &self.documents,
            &self.details,
            &self.person_key,
        ]
    }
}

/// A manifest's hits as one array per column, reviews carried over already applied.
struct HitArrays<'a> {
    id: Vec<&'a str>,
    traveller_id: Vec<&'a str>,
    flight_key: Vec<&'a str>,
    kind: Vec<&'static str>,
    source: Vec<&'a str>,
    rule_version: Vec<Option<i64>>,
    severity: Vec<i64>,
    score: Vec<Option<f64>>,
    summary: Vec<&'a str>,
    explain: Vec<Json<&'a serde_json::Value>>,
    status: Vec<&'static str>,
    reviewed_by: Vec<Option<&'a str>>,
    reviewed_at: Vec<Option<DateTime<Utc>>>,
    review_reason: Vec<Option<&'a str>>,
    created_at: Vec<DateTime<Utc>>,
}

impl<'a> HitArrays<'a> {
    fn with_capacity(n: usize) -> Self {
        HitArrays {
            id: Vec::with_capacity(n),
            traveller_id: Vec::with_capacity(n),
            flight_key: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
            source: Vec::with_capacity(n),
            rule_version: Vec::with_capacity(n),
            severity: Vec::with_capacity(n),
            score: Vec::with_capacity(n),
            summary: Vec::with_capacity(n),
            explain: Vec::with_capacity(n),
            status: Vec::with_capacity(n),
            reviewed_by: Vec::with_capacity(n),
            reviewed_at: Vec::with_capacity(n),
            review_reason: Vec::with_capacity(n),
            created_at: Vec::with_capacity(n),
        }
    }

    /// The hit, with the analyst's judgement of the same hit on the same person when there was one.
    fn push(&mut self, h: &'a ApiHit, prior: Option<&'a Review>) {
        self.id.push(&h.id);
        self.traveller_id.push(&h.traveller_id);
        self.flight_key.push(&h.flight_key);
        self.kind.push(h.kind.as_str());
        self.source.push(&h.source);
        self.rule_version.push(h.rule_version.map(i64::from));
        self.severity.push(h.severity.rank());
        self.score.push(h.score);
        self.summary.push(&h.summary);
        self.explain.push(Json(&h.explain));
        match prior {
            Some(p) => {
                self.status.push(p.status.as_str());
                self.reviewed_by.push(p.reviewed_by.as_deref());
                self.reviewed_at.push(p.reviewed_at.as_ref().map(ts));
                self.review_reason.push(p.review_reason.as_deref());
            }
            None => {
                self.status.push(h.status.as_str());
                self.reviewed_by.push(h.reviewed_by.as_deref());
                self.reviewed_at.push(h.reviewed_at.as_ref().map(ts));
                self.review_reason.push(h.review_reason.as_deref());
            }
        }
        self.created_at.push(ts(&h.created_at));
    }

    fn params(&self) -> [Param<'_>; 15] {
        [
            &self.id,
            &self.traveller_id,
            &self.flight_key,
            &self.kind,
            &self.source,
            &self.rule_version,
            &self.severity,
            &self.score,
            &self.summary,
            &self.explain,
            &self.status,
            &self.reviewed_by,
            &self.reviewed_at,
            &self.review_reason,
            &self.created_at,
        ]
    }
}

// --- the board, the worklist, the flight view ----------------------------------------------------

/// The flights chosen by `filter` (a WHERE clause over `f`) with the board's counts; `order` (over the output
/// columns) orders and limits them. Counts are of the current manifests and their hits, as in SQLite.
fn summaries_sql(filter: &str, order: &str) -> String {
    format!(
        "SELECT * FROM (
           SELECT {cols}, f.sort_time,
             coalesce(mc.passengers, 0) AS passengers, coalesce(mc.crew, 0) AS crew,
             coalesce(mc.manifests, 0) AS manifests, f.last_received,
             coalesce(hc.open, 0) AS open_hits, coalesce(hc.confirmed, 0) AS confirmed_hits,
             coalesce(hc.dismissed, 0) AS dismissed_hits, hc.top_open
           FROM api_flights f
           LEFT JOIN LATERAL (
             SELECT sum(m.persons) FILTER (WHERE m.kind = 'passengers' AND m.superseded_by IS NULL)::bigint
                      AS passengers,
                    sum(m.persons) FILTER (WHERE m.kind = 'crew' AND m.superseded_by IS NULL)::bigint AS crew,
                    count(*) AS manifests
             FROM api_manifests m WHERE m.flight_key = f.key) mc ON true
           LEFT JOIN LATERAL (
             SELECT count(*) FILTER (WHERE h.status = 'open') AS open,
                    count(*) FILTER (WHERE h.status = 'confirmed') AS confirmed,
                    count(*) FILTER (WHERE h.status NOT IN ('open', 'confirmed')) AS dismissed,
                    max(h.severity) FILTER (WHERE h.status = 'open') AS top_open
             FROM api_hits h JOIN api_travellers t ON t.id = h.traveller_id
               JOIN api_manifests m ON m.id = t.manifest_id
             WHERE h.flight_key = f.key AND m.superseded_by IS NULL) hc ON true
           {filter}
         ) s {order}",
        cols = prefixed(FLIGHT_COLUMNS, "f")
    )
}

fn summary_at(r: &Row) -> StoreResult<FlightSummary> {
    let b = FLIGHT_WIDTH + 1; // the flight, then sort_time
    let open_hits = small(r, b + 4)?;
    let top: Option<i64> = col(r, b + 7)?;
    Ok(FlightSummary {
        flight: flight_at(r, 0)?,
        passengers: small(r, b)?,
        crew: small(r, b + 1)?,
        manifests: small(r, b + 2)?,
        last_received: col(r, b + 3)?,
        open_hits,
        confirmed_hits: small(r, b + 5)?,
        dismissed_hits: small(r, b + 6)?,
        top_open_severity: if open_hits > 0 {
            top.map(Severity::from_rank)
        } else {
            None
        },
    })
}

pub async fn flights(
    c: &impl GenericClient,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> StoreResult<Vec<FlightSummary>> {
    let st = c
        .prepare_cached(&summaries_sql(
            "WHERE f.sort_time >= $1 AND f.sort_time < $2",
            "ORDER BY s.sort_time, s.key COLLATE \"C\"",
        ))
        .await
        .map_err(backend)?;
    c.query(&st, &[&secs(from), &secs(to)])
        .await
        .map_err(backend)?
        .iter()
        .map(summary_at)
        .collect()
}

pub async fn worklist(c: &impl GenericClient, limit: usize) -> StoreResult<Vec<FlightSummary>> {
    // Most serious open hit first, then the soonest arrival (a flight without times first, as Rust orders None).
    let st = c
        .prepare_cached(&summaries_sql(
            "WHERE f.key IN (SELECT h.flight_key FROM api_hits h WHERE h.status = 'open')",
            "WHERE s.open_hits > 0
             ORDER BY s.top_open DESC, s.sort_time NULLS FIRST, s.key COLLATE \"C\" LIMIT $1",
        ))
        .await
        .map_err(backend)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    c.query(&st, &[&limit])
        .await
        .map_err(backend)?
        .iter()
        .map(summary_at)
        .collect()
}

pub async fn flight(c: &impl GenericClient, key: &str) -> StoreResult<Option<FlightDetail>> {
    let tcols = prefixed(TRAVELLER_COLUMNS, "t");
    let hcols = prefixed(HIT_COLUMNS, "h");
    let flight_sql = format!("SELECT {FLIGHT_COLUMNS} FROM api_flights WHERE key = $1");
    let manifests_sql = format!(
        "SELECT {MANIFEST_COLUMNS} FROM api_manifests WHERE flight_key = $1
         ORDER BY received_at DESC, id COLLATE \"C\" DESC"
    );
    let travellers_sql = format!(
        "SELECT {tcols} FROM api_travellers t JOIN api_manifests m ON m.id = t.manifest_id
         WHERE m.flight_key = $1 AND m.superseded_by IS NULL
         ORDER BY m.kind COLLATE \"C\" DESC, t.position"
    );
    let hits_sql = format!(
        "SELECT {hcols} FROM api_hits h JOIN api_travellers t ON t.id = h.traveller_id
           JOIN api_manifests m ON m.id = t.manifest_id
         WHERE m.flight_key = $1 AND m.superseded_by IS NULL
         ORDER BY h.severity DESC, h.score DESC NULLS LAST, h.id COLLATE \"C\""
    );
    let (flight_st, manifests_st, travellers_st, hits_st) = tokio::try_join!(
        c.prepare_cached(&flight_sql),
        c.prepare_cached(&manifests_sql),
        c.prepare_cached(&travellers_sql),
        c.prepare_cached(&hits_sql),
    )
    .map_err(backend)?;
    // The four reads pipelined; one snapshot is not needed (the writer changes a flight in one transaction,
    // and a read between two of them shows a consistent state of each table as of its own start).
    let by_key: [Param; 1] = [&key];
    let (flight_row, manifest_rows, traveller_rows, hit_rows) = tokio::try_join!(
        biased;
        c.query_opt(&flight_st, &by_key),
        c.query(&manifests_st, &by_key),
        c.query(&travellers_st, &by_key),
        c.query(&hits_st, &by_key),
    )
    .map_err(backend)?;
    let Some(flight_row) = flight_row else {
        return Ok(None);
    };
    Ok(Some(FlightDetail {
        flight: flight_at(&flight_row, 0)?,
        manifests: manifest_rows
            .iter()
            .map(manifest_at)
            .collect::<StoreResult<_>>()?,
        travellers: traveller_rows
            .iter()
            .map(|r| traveller_at(r, 0))
            .collect::<StoreResult<_>>()?,
        hits: hit_rows
            .iter()
            .map(|r| hit_at(r, 0))
            .collect::<StoreResult<_>>()?,
    }))
}

// --- hits and reviews ----------------------------------------------------------------------------

pub async fn hit(c: &impl GenericClient, id: &str) -> StoreResult<Option<ApiHit>> {
    let st = c
        .prepare_cached(&format!("SELECT {HIT_COLUMNS} FROM api_hits WHERE id = $1"))
        .await
        .map_err(backend)?;
    c.query_opt(&st, &[&id])
        .await
        .map_err(backend)?
        .map(|r| hit_at(&r, 0))
        .transpose()
}

pub(crate) async fn review(
    ctx: &mut WriteCtx<'_>,
    id: &str,
    status: HitStatus,
    reason: &str,
    reviewer: &str,
    at: DateTime<Utc>,
    audit: &AuditEvent,
) -> StoreResult<ApiHit> {
    if status == HitStatus::Open {
        return Err(StoreError::Invalid(
            "a review confirms or dismisses a hit".into(),
        ));
    }
    let tx = ctx.tx;
    let current_sql = format!("SELECT {HIT_COLUMNS} FROM api_hits WHERE id = $1 FOR UPDATE");
    let update_sql = format!(
        "UPDATE api_hits SET status = $2, reviewed_by = $3, reviewed_at = $4, review_reason = $5
         WHERE id = $1 RETURNING {HIT_COLUMNS}"
    );
    let (current_st, update_st) = tokio::try_join!(
        tx.prepare_cached(&current_sql),
        tx.prepare_cached(&update_sql),
    )
    .map_err(backend)?;
    let current = tx
        .query_opt(&current_st, &[&id])
        .await
        .map_err(backend)?
        .map(|r| hit_at(&r, 0))
        .transpose()?
        .ok_or_else(|| StoreError::NotFound(format!("hit {id}")))?;
    if current.status != HitStatus::Open {
        return Err(StoreError::Conflict(format!(
            "hit {id} was already {} by {}",
            current.status.as_str(),
            current.reviewed_by.as_deref().unwrap_or("someone")
        )));
    }
    let counter = if current.kind == HitKind::Rule {
        let column = if status == HitStatus::Confirmed {
            "confirmed"
        } else {
            "dismissed"
        };
        Some(
            tx.prepare_cached(&format!(
                "INSERT INTO rule_counters (rule_id, {column}) VALUES ($1, 1)
                 ON CONFLICT (rule_id) DO UPDATE SET {column} = rule_counters.{column} + 1"
            ))
            .await
            .map_err(backend)?,
        )
    } else {
        None
    };
    let at = ts(&at);
    let mut reviewed = None;
    // The update, the rule's counter and the audit entry pipelined: one round trip.
    ctx.audit_with(
        async {
            let status = status.as_str();
            let update_params: [Param; 5] = [&id, &status, &reviewer, &at, &reason];
            let (row, _) = tokio::try_join!(
                biased;
                tx.query_one(&update_st, &update_params),
                async {
                    match &counter {
                        Some(st) => tx.execute(st, &[&current.source]).await,
                        None => Ok(0),
                    }
                },
            )
            .map_err(backend)?;
            reviewed = Some(hit_at(&row, 0)?);
            Ok(())
        },
        audit,
    )
    .await?;
    reviewed.ok_or_else(|| StoreError::NotFound(format!("hit {id}")))
}

/// Confirmed hits on the travellers found by person key or by any of the document keys: one alert per flight,
/// kind and source (a hit carried over to a newer manifest is the same alert; the newest is kept), most
/// serious first.
pub async fn confirmed_alerts(
    c: &impl GenericClient,
    document_keys: &[String],
    person_key: &str,
) -> StoreResult<Vec<ConfirmedAlert>> {
    let hcols = prefixed(HIT_COLUMNS, "h");
    let tcols = prefixed(TRAVELLER_COLUMNS, "t");
    let fcols = prefixed(FLIGHT_COLUMNS, "f");
    let st = c
        .prepare_cached(&format!(
            "SELECT {hcols}, {tcols}, {fcols} FROM api_hits h
               JOIN api_travellers t ON t.id = h.traveller_id
               JOIN api_flights f ON f.key = t.flight_key
             WHERE h.status = 'confirmed'
               AND (t.person_key = $1 OR t.id IN (
                 SELECT d.traveller_id FROM api_traveller_documents d WHERE d.document_key = ANY($2)))
             ORDER BY t.id COLLATE \"C\", h.severity DESC, h.reviewed_at DESC NULLS LAST"
        ))
        .await
        .map_err(backend)?;
    let mut out = c
        .query(&st, &[&person_key, &document_keys])
        .await
        .map_err(backend)?
        .iter()
        .map(|r| {
            Ok(ConfirmedAlert {
                hit: hit_at(r, 0)?,
                traveller: traveller_at(r, HIT_WIDTH)?,
                flight: flight_at(r, HIT_WIDTH + TRAVELLER_WIDTH)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    out.sort_by_key(|a| std::cmp::Reverse(a.hit.created_at));
    let mut seen = HashSet::new();
    out.retain(|a| seen.insert((a.flight.key.clone(), a.hit.kind, a.hit.source.clone())));
    out.sort_by_key(|a| std::cmp::Reverse(a.hit.severity));
    Ok(out)
}

// --- targeting rules -----------------------------------------------------------------------------

pub(crate) async fn save_rule(
    ctx: &mut WriteCtx<'_>,
    rule: &StoredRule,
    audit: &AuditEvent,
) -> StoreResult<()> {
    let tx = ctx.tx;
    let insert_sql =
        format!("INSERT INTO targeting_rules ({RULE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)");
    let (latest_st, insert_st) = tokio::try_join!(
        tx.prepare_cached("SELECT max(version) FROM targeting_rules WHERE id = $1"),
        tx.prepare_cached(&insert_sql),
    )
    .map_err(backend)?;
    let row = tx
        .query_one(&latest_st, &[&rule.id])
        .await
        .map_err(backend)?;
    let latest = small_opt(&row, 0)?;
    let expected = latest.map_or(1, |v| v.saturating_add(1));
    let conflict = || {
        StoreError::Conflict(format!(
            "rule {} is at version {}: the next version is {expected}, not {}",
            rule.id,
            latest.unwrap_or(0),
            rule.version
        ))
    };
    if rule.version != expected {
        return Err(conflict());
    }
    let version = i64::from(rule.version);
    let saved_at = ts(&rule.saved_at);
    let body = Json(&rule.rule);
    let params: [Param; 6] = [
        &rule.id,
        &version,
        &rule.owner,
        &rule.saved_by,
        &saved_at,
        &body,
    ];
    ctx.audit_with(
        async {
            tx.execute(&insert_st, &params).await.map_err(|e| {
                if is_unique_violation(&e) {
                    conflict()
                } else {
                    backend(e)
                }
            })?;
            Ok(())
        },
        audit,
    )
    .await?;
    Ok(())
}

pub async fn rules(c: &impl GenericClient) -> StoreResult<Vec<StoredRule>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {cols} FROM targeting_rules r
             WHERE r.version = (SELECT max(x.version) FROM targeting_rules x WHERE x.id = r.id)
             ORDER BY r.id COLLATE \"C\"",
            cols = prefixed(RULE_COLUMNS, "r")
        ))
        .await
        .map_err(backend)?;
    c.query(&st, &[])
        .await
        .map_err(backend)?
        .iter()
        .map(rule_at)
        .collect()
}

pub async fn rule_versions(c: &impl GenericClient, id: &str) -> StoreResult<Vec<StoredRule>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {RULE_COLUMNS} FROM targeting_rules WHERE id = $1 ORDER BY version DESC"
        ))
        .await
        .map_err(backend)?;
    c.query(&st, &[&id])
        .await
        .map_err(backend)?
        .iter()
        .map(rule_at)
        .collect()
}

/// The counters (which survive the purge) and the rule's hits still open in current manifests.
pub async fn rule_stats(c: &impl GenericClient) -> StoreResult<Vec<RuleStats>> {
    let st = c
        .prepare_cached(
            "SELECT c.rule_id, c.fired, c.confirmed, c.dismissed, coalesce(o.open, 0)
             FROM rule_counters c
             LEFT JOIN (SELECT h.source, count(*) AS open FROM api_hits h
                          JOIN api_travellers t ON t.id = h.traveller_id
                          JOIN api_manifests m ON m.id = t.manifest_id
                        WHERE h.kind = 'rule' AND h.status = 'open' AND m.superseded_by IS NULL
                        GROUP BY h.source) o ON o.source = c.rule_id
             ORDER BY c.rule_id COLLATE \"C\"",
        )
        .await
        .map_err(backend)?;
    c.query(&st, &[])
        .await
        .map_err(backend)?
        .iter()
        .map(|r| {
            Ok(RuleStats {
                rule_id: col(r, 0)?,
                fired: count(r, 1)?,
                confirmed: count(r, 2)?,
                dismissed: count(r, 3)?,
                open: count(r, 4)?,
            })
        })
        .collect()
}

// --- retention -----------------------------------------------------------------------------------

/// Travellers of flights that arrived before the cutoff, unless a hit on them is confirmed.
const DOOMED: &str = "SELECT t.id FROM api_travellers t JOIN api_flights f ON f.key = t.flight_key
     WHERE f.sort_time < $1
       AND NOT EXISTS (SELECT 1 FROM api_hits h WHERE h.traveller_id = t.id AND h.status = 'confirmed')";

pub(crate) async fn purge(
    ctx: &mut WriteCtx<'_>,
    arrived_before: NaiveDateTime,
    audit: &AuditEvent,
) -> StoreResult<PurgeReport> {
    let tx = ctx.tx;
    let cutoff = secs(arrived_before);
    // The interchange's receipt time against the same cutoff read as UTC (as SQLite compares the texts).
    let cutoff_utc = cutoff.and_utc();
    let hits_sql = format!("DELETE FROM api_hits WHERE traveller_id IN ({DOOMED})");
    let docs_sql = format!("DELETE FROM api_traveller_documents WHERE traveller_id IN ({DOOMED})");
    let travellers_sql = format!("DELETE FROM api_travellers WHERE id IN ({DOOMED})");
    let (kept_st, hits_st, docs_st, travellers_st) = tokio::try_join!(
        tx.prepare_cached(
            "SELECT count(*) FROM api_travellers t JOIN api_flights f ON f.key = t.flight_key
             WHERE f.sort_time < $1
               AND EXISTS (SELECT 1 FROM api_hits h WHERE h.traveller_id = t.id AND h.status = 'confirmed')",
        ),
        tx.prepare_cached(&hits_sql),
        tx.prepare_cached(&docs_sql),
        tx.prepare_cached(&travellers_sql),
    )
    .map_err(backend)?;
    let (manifests_st, interchanges_st, flights_st) = tokio::try_join!(
        tx.prepare_cached(
            "DELETE FROM api_manifests WHERE flight_key IN (SELECT key FROM api_flights WHERE sort_time < $1)
               AND NOT EXISTS (SELECT 1 FROM api_travellers t WHERE t.manifest_id = api_manifests.id)",
        ),
        // The interchange row stays (without the text) so a late resend is still recognised.
        tx.prepare_cached(
            "UPDATE api_interchanges SET raw = NULL, report_json = '{}'
             WHERE raw IS NOT NULL AND received_at < $2 AND NOT EXISTS (
               SELECT 1 FROM api_manifests m JOIN api_flights f ON f.key = m.flight_key
               WHERE m.sender = api_interchanges.sender AND m.interchange_ref = api_interchanges.control_ref
                 AND f.sort_time >= $1)",
        ),
        tx.prepare_cached(
            "DELETE FROM api_flights WHERE sort_time < $1
               AND NOT EXISTS (SELECT 1 FROM api_manifests m WHERE m.flight_key = api_flights.key)",
        ),
    )
    .map_err(backend)?;
    let by_cutoff: [Param; 1] = [&cutoff];
    let interchange_params: [Param; 2] = [&cutoff, &cutoff_utc];
    // Pipelined, executed in this order.
    let (kept, hits, _, travellers, manifests, interchanges_cleared, _) = tokio::try_join!(
        biased;
        tx.query_one(&kept_st, &by_cutoff),
        tx.execute(&hits_st, &by_cutoff),
        tx.execute(&docs_st, &by_cutoff),
        tx.execute(&travellers_st, &by_cutoff),
        tx.execute(&manifests_st, &by_cutoff),
        tx.execute(&interchanges_st, &interchange_params),
        tx.execute(&flights_st, &by_cutoff),
    )
    .map_err(backend)?;
    let kept = count(&kept, 0)?;
    let report = PurgeReport {
        travellers,
        hits,
        manifests,
        interchanges_cleared,
        kept_for_confirmed_hits: kept,
    };
    if travellers == 0 && hits == 0 && manifests == 0 && interchanges_cleared == 0 {
        // Nothing was deleted: no audit entry for a run that changed nothing.
        return Ok(report);
    }
    let mut audit = audit.clone();
    audit.detail = format!(
        "{} (travellers {travellers}, hits {hits}, manifests {manifests}, interchanges {interchanges_cleared}, kept {kept})",
        audit.detail
    );
    ctx.audit(&audit).await?;
    Ok(report)
}

#[async_trait]
impl PaxStore for PgStore {
    async fn api_interchange(
        &self,
        sender: &str,
        control_ref: &str,
    ) -> StoreResult<Option<ApiInterchange>> {
        interchange(&self.conn().await?, sender, control_ref).await
    }

    async fn record_api_intake(
        &self,
        interchange: ApiInterchange,
        manifests: Vec<NewManifest>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move { record_intake(ctx, &interchange, &manifests, &audit).await })
            })
            .await
    }

    async fn api_flights(
        &self,
        from: chrono::NaiveDateTime,
        to: chrono::NaiveDateTime,
    ) -> StoreResult<Vec<FlightSummary>> {
        flights(&self.conn().await?, from, to).await
    }

    async fn api_worklist(&self, limit: usize) -> StoreResult<Vec<FlightSummary>> {
        worklist(&self.conn().await?, limit).await
    }

    async fn api_flight(&self, key: &str) -> StoreResult<Option<FlightDetail>> {
        flight(&self.conn().await?, key).await
    }

    async fn api_hit(&self, id: &str) -> StoreResult<Option<ApiHit>> {
        hit(&self.conn().await?, id).await
    }

    async fn review_api_hit(
        &self,
        id: &str,
        status: HitStatus,
        reason: &str,
        reviewer: &str,
        at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<ApiHit> {
        let (id, reason, reviewer) = (id.to_string(), reason.to_string(), reviewer.to_string());
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(
                    async move { review(ctx, &id, status, &reason, &reviewer, at, &audit).await },
                )
            })
            .await
    }

    async fn confirmed_api_alerts(
        &self,
        document_keys: &[String],
        person_key: &str,
    ) -> StoreResult<Vec<ConfirmedAlert>> {
        confirmed_alerts(&self.conn().await?, document_keys, person_key).await
    }

    async fn save_rule(&self, rule: StoredRule, audit: AuditEvent) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    save_rule(ctx, &rule, &audit).await?;
                    crate::sync::on_rule(ctx.tx, &rule).await
                })
            })
            .await
    }

    async fn rules(&self) -> StoreResult<Vec<StoredRule>> {
        rules(&self.conn().await?).await
    }

    async fn rule_versions(&self, id: &str) -> StoreResult<Vec<StoredRule>> {
        rule_versions(&self.conn().await?, id).await
    }

    async fn rule_stats(&self) -> StoreResult<Vec<RuleStats>> {
        rule_stats(&self.conn().await?).await
    }

    async fn purge_api_data(
        &self,
        arrived_before: chrono::NaiveDateTime,
        audit: AuditEvent,
    ) -> StoreResult<PurgeReport> {
        self.inner
            .writer
            .write(move |ctx| Box::pin(async move { purge(ctx, arrived_before, &audit).await }))
            .await
    }
}
