//! Advance passenger information in SQLite: intake in one transaction, the board, the flight view, reviews,
//! rules and the retention purge.
use crate::writer::WriteCtx;
use crate::{backend, bad_value, date_text, parse_date, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_store::*;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashMap;

fn naive_text(t: Option<NaiveDateTime>) -> Option<String> {
    t.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
}

fn parse_naive(s: Option<String>) -> Option<NaiveDateTime> {
    s.and_then(|s| NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S").ok())
}

fn json_col<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(backend)
}

pub(crate) fn interchange(
    conn: &Connection,
    sender: &str,
    control_ref: &str,
) -> rusqlite::Result<Option<ApiInterchange>> {
    conn.query_row(
        "SELECT sender, control_ref, received_at, channel, raw, report_json FROM api_interchanges
         WHERE sender = ?1 AND control_ref = ?2",
        params![sender, control_ref],
        |r| {
            Ok(ApiInterchange {
                sender: r.get(0)?,
                control_ref: r.get(1)?,
                received_at: parse_ts(&r.get::<_, String>(2)?)?,
                channel: r.get(3)?,
                raw: r.get(4)?,
                report_json: r.get(5)?,
            })
        },
    )
    .optional()
}

pub(crate) fn record_intake(
    ctx: &mut WriteCtx<'_>,
    ic: &ApiInterchange,
    manifests: &[NewManifest],
    audit: &AuditEvent,
) -> StoreResult<()> {
    let tx = ctx.tx;
    let inserted = tx
        .execute(
            "INSERT OR IGNORE INTO api_interchanges (sender, control_ref, received_at, channel, raw, report_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![ic.sender, ic.control_ref, ts(&ic.received_at), ic.channel, ic.raw, ic.report_json],
        )
        .map_err(backend)?;
    if inserted == 0 {
        return Err(StoreError::Conflict(format!(
            "interchange {} from {} was already received",
            ic.control_ref, ic.sender
        )));
    }
    for m in manifests {
        let f = &m.flight;
        let legs = to_json(&f.legs)?;
        tx.prepare_cached(
            "INSERT INTO api_flights (key, carrier, flight_number, departure_airport, departure_time, arrival_airport,
               arrival_time, sort_time, arrival_bcp, legs_json, last_received)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(key) DO UPDATE SET departure_airport = excluded.departure_airport,
               departure_time = excluded.departure_time, arrival_airport = excluded.arrival_airport,
               arrival_time = excluded.arrival_time, sort_time = excluded.sort_time,
               arrival_bcp = excluded.arrival_bcp, legs_json = excluded.legs_json,
               last_received = excluded.last_received",
        )
        .and_then(|mut st| {
            st.execute(params![
                f.key,
                f.carrier,
                f.flight_number,
                f.departure_airport,
                naive_text(f.departure_time),
                f.arrival_airport,
                naive_text(f.arrival_time),
                naive_text(f.arrival_or_departure()),
                f.arrival_bcp,
                legs,
                ts(&m.manifest.received_at)
            ])
        })
        .map_err(backend)?;

        // The reviewed hits of the manifest this one replaces: (person, kind, source) -> review.
        let previous: Vec<String> = tx
            .prepare_cached(
                "SELECT id FROM api_manifests WHERE flight_key = ?1 AND kind = ?2 AND superseded_by IS NULL",
            )
            .and_then(|mut st| {
                st.query_map(params![f.key, m.manifest.kind], |r| r.get(0))?
                    .collect()
            })
            .map_err(backend)?;
        let mut earlier: HashMap<(String, String, String), ApiHit> = HashMap::new();
        let hcols = prefixed(HIT_COLUMNS, "h");
        for old in &previous {
            let mut st = tx
                .prepare_cached(&format!(
                    "SELECT t.person_key, {hcols} FROM api_hits h JOIN api_travellers t ON t.id = h.traveller_id
                     WHERE t.manifest_id = ?1"
                ))
                .map_err(backend)?;
            let rows = st
                .query_map(params![old], |r| {
                    Ok((r.get::<_, String>(0)?, hit_at(r, 1)?))
                })
                .map_err(backend)?;
            for row in rows {
                let (person, hit) = row.map_err(backend)?;
                earlier.insert((person, hit.kind.as_str().into(), hit.source.clone()), hit);
            }
            tx.execute(
                "UPDATE api_manifests SET superseded_by = ?1 WHERE id = ?2",
                params![m.manifest.id, old],
            )
            .map_err(backend)?;
        }

        let mm = &m.manifest;
        tx.execute(
            "INSERT INTO api_manifests (id, flight_key, kind, sender, interchange_ref, message_ref, received_at,
               persons, warnings_json, superseded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL)",
            params![
                mm.id,
                mm.flight_key,
                mm.kind,
                mm.sender,
                mm.interchange_ref,
                mm.message_ref,
                ts(&mm.received_at),
                mm.persons,
                to_json(&mm.warnings)?
            ],
        )
        .map_err(backend)?;
        let mut ins_traveller = tx
            .prepare_cached(
                "INSERT INTO api_travellers (id, manifest_id, flight_key, position, role, surname, given_names, gender,
                   birth_date, nationality, booking_reference, seat, documents_json, details_json, person_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )
            .map_err(backend)?;
        let mut ins_doc = tx
            .prepare_cached(
                "INSERT INTO api_traveller_documents (traveller_id, document_key) VALUES (?1, ?2)",
            )
            .map_err(backend)?;
        let mut ins_hit = tx
            .prepare_cached(&format!(
                "INSERT INTO api_hits ({HIT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
            ))
            .map_err(backend)?;
        let mut fired = tx
            .prepare_cached(
                "INSERT INTO rule_counters (rule_id, fired) VALUES (?1, 1)
                 ON CONFLICT(rule_id) DO UPDATE SET fired = fired + 1",
            )
            .map_err(backend)?;
        for (t, hits) in &m.travellers {
            ins_traveller
                .execute(params![
                    t.id,
                    t.manifest_id,
                    t.flight_key,
                    t.position,
                    t.role,
                    t.surname,
                    t.given_names,
                    t.gender,
                    date_text(t.birth_date),
                    t.nationality,
                    t.booking_reference,
                    t.seat,
                    to_json(&t.documents)?,
                    to_json(&t.details)?,
                    t.person_key
                ])
                .map_err(backend)?;
            let mut keys: Vec<String> = t.documents.iter().map(ApiDocument::document_key).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                ins_doc.execute(params![t.id, k]).map_err(backend)?;
            }
            for h in hits {
                let mut h = h.clone();
                let prior = earlier.get(&(
                    t.person_key.clone(),
                    h.kind.as_str().into(),
                    h.source.clone(),
                ));
                match prior {
                    Some(p) => {
                        // The analyst already judged this hit on this person: keep the judgement.
                        h.status = p.status;
                        h.reviewed_by = p.reviewed_by.clone();
                        h.reviewed_at = p.reviewed_at;
                        h.review_reason = p.review_reason.clone();
                    }
                    None if h.kind == HitKind::Rule => {
                        fired.execute(params![h.source]).map_err(backend)?;
                    }
                    None => {}
                }
                ins_hit
                    .execute(params![
                        h.id,
                        h.traveller_id,
                        h.flight_key,
                        h.kind.as_str(),
                        h.source,
                        h.rule_version,
                        h.severity.rank(),
                        h.score,
                        h.summary,
                        to_json(&h.explain)?,
                        h.status.as_str(),
                        h.reviewed_by,
                        h.reviewed_at.map(|t| ts(&t)),
                        h.review_reason,
                        ts(&h.created_at)
                    ])
                    .map_err(backend)?;
            }
        }
    }
    ctx.audit(audit)?;
    Ok(())
}

const HIT_COLUMNS: &str =
    "id, traveller_id, flight_key, kind, source, rule_version, severity, score, summary, \
    explain_json, status, reviewed_by, reviewed_at, review_reason, created_at";

fn hit_at(r: &Row<'_>, b: usize) -> rusqlite::Result<ApiHit> {
    let kind: String = r.get(b + 3)?;
    let status: String = r.get(b + 10)?;
    Ok(ApiHit {
        id: r.get(b)?,
        traveller_id: r.get(b + 1)?,
        flight_key: r.get(b + 2)?,
        kind: HitKind::parse(&kind).ok_or_else(|| bad_value("hit kind", &kind))?,
        source: r.get(b + 4)?,
        rule_version: r.get(b + 5)?,
        severity: Severity::from_rank(r.get(b + 6)?),
        score: r.get(b + 7)?,
        summary: r.get(b + 8)?,
        explain: json_col(r, b + 9)?,
        status: HitStatus::parse(&status).ok_or_else(|| bad_value("hit status", &status))?,
        reviewed_by: r.get(b + 11)?,
        reviewed_at: r
            .get::<_, Option<String>>(b + 12)?
            .map(|s| parse_ts(&s))
            .transpose()?,
        review_reason: r.get(b + 13)?,
        created_at: parse_ts(&r.get::<_, String>(b + 14)?)?,
    })
}

const FLIGHT_COLUMNS: &str =
    "key, carrier, flight_number, departure_airport, departure_time, arrival_airport, \
    arrival_time, arrival_bcp, legs_json";

fn flight_at(r: &Row<'_>, b: usize) -> rusqlite::Result<ApiFlight> {
    Ok(ApiFlight {
        key: r.get(b)?,
        carrier: r.get(b + 1)?,
        flight_number: r.get(b + 2)?,
        departure_airport: r.get(b + 3)?,
        departure_time: parse_naive(r.get(b + 4)?),
        arrival_airport: r.get(b + 5)?,
        arrival_time: parse_naive(r.get(b + 6)?),
        arrival_bcp: r.get(b + 7)?,
        legs: json_col(r, b + 8)?,
    })
}

const TRAVELLER_COLUMNS: &str =
    "id, manifest_id, flight_key, position, role, surname, given_names, gender, \
    birth_date, nationality, booking_reference, seat, documents_json, details_json, person_key";

fn traveller_at(r: &Row<'_>, b: usize) -> rusqlite::Result<ApiTraveller> {
    Ok(ApiTraveller {
        id: r.get(b)?,
        manifest_id: r.get(b + 1)?,
        flight_key: r.get(b + 2)?,
        position: r.get(b + 3)?,
        role: r.get(b + 4)?,
        surname: r.get(b + 5)?,
        given_names: r.get(b + 6)?,
        gender: r.get(b + 7)?,
        birth_date: parse_date(r.get(b + 8)?),
        nationality: r.get(b + 9)?,
        booking_reference: r.get(b + 10)?,
        seat: r.get(b + 11)?,
        documents: json_col(r, b + 12)?,
        details: json_col(r, b + 13)?,
        person_key: r.get(b + 14)?,
    })
}

/// The board's counts for the flights chosen by `filter` (a WHERE/ORDER clause over `f`).
fn summaries(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<Vec<FlightSummary>> {
    let sql = format!(
        "SELECT {cols},
           (SELECT COALESCE(SUM(m.persons), 0) FROM api_manifests m
              WHERE m.flight_key = f.key AND m.kind = 'passengers' AND m.superseded_by IS NULL),
           (SELECT COALESCE(SUM(m.persons), 0) FROM api_manifests m
              WHERE m.flight_key = f.key AND m.kind = 'crew' AND m.superseded_by IS NULL),
           (SELECT COUNT(*) FROM api_manifests m WHERE m.flight_key = f.key),
           f.last_received
         FROM api_flights f {filter}",
        cols = prefixed(FLIGHT_COLUMNS, "f")
    );
    let mut st = conn.prepare_cached(&sql)?;
    let flights: Vec<(ApiFlight, u32, u32, u32, String)> = st
        .query_map(args, |r| {
            Ok((
                flight_at(r, 0)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = conn.prepare_cached(
        "SELECT h.status, COUNT(*), MAX(h.severity) FROM api_hits h
           JOIN api_travellers t ON t.id = h.traveller_id
           JOIN api_manifests m ON m.id = t.manifest_id
         WHERE h.flight_key = ?1 AND m.superseded_by IS NULL GROUP BY h.status",
    )?;
    let mut out = Vec::with_capacity(flights.len());
    for (flight, passengers, crew, manifests, last) in flights {
        let mut s = FlightSummary {
            passengers,
            crew,
            open_hits: 0,
            confirmed_hits: 0,
            dismissed_hits: 0,
            top_open_severity: None,
            manifests,
            last_received: parse_ts(&last)?,
            flight,
        };
        let rows = counts.query_map(params![s.flight.key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (status, n, top) = row?;
            match status.as_str() {
                "open" => {
                    s.open_hits = n;
                    s.top_open_severity = Some(Severity::from_rank(top));
                }
                "confirmed" => s.confirmed_hits = n,
                _ => s.dismissed_hits = n,
            }
        }
        out.push(s);
    }
    Ok(out)
}

pub(crate) fn flights(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> rusqlite::Result<Vec<FlightSummary>> {
    summaries(
        conn,
        "WHERE f.sort_time >= ?1 AND f.sort_time < ?2 ORDER BY f.sort_time, f.key",
        &[&naive_text(Some(from)), &naive_text(Some(to))],
    )
}

pub(crate) fn worklist(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<FlightSummary>> {
    let mut all = summaries(
        conn,
        "WHERE EXISTS (SELECT 1 FROM api_hits h WHERE h.flight_key = f.key AND h.status = 'open')
         ORDER BY f.sort_time",
        &[],
    )?;
    all.retain(|s| s.open_hits > 0);
    // Most serious first, then the soonest arrival.
    all.sort_by(|a, b| {
        b.top_open_severity.cmp(&a.top_open_severity).then(
            a.flight
                .arrival_or_departure()
                .cmp(&b.flight.arrival_or_departure()),
        )
    });
    all.truncate(limit);
    Ok(all)
}

pub(crate) fn flight(conn: &Connection, key: &str) -> rusqlite::Result<Option<FlightDetail>> {
    let Some(flight) = conn
        .query_row(
            &format!("SELECT {FLIGHT_COLUMNS} FROM api_flights WHERE key = ?1"),
            params![key],
            |r| flight_at(r, 0),
        )
        .optional()?
    else {
        return Ok(None);
    };
    let manifests = conn
        .prepare_cached(
            "SELECT id, flight_key, kind, sender, interchange_ref, message_ref, received_at, persons,
               warnings_json, superseded_by
             FROM api_manifests WHERE flight_key = ?1 ORDER BY received_at DESC, id DESC",
        )?
        .query_map(params![key], |r| {
            Ok(ApiManifest {
                id: r.get(0)?,
                flight_key: r.get(1)?,
                kind: r.get(2)?,
                sender: r.get(3)?,
                interchange_ref: r.get(4)?,
                message_ref: r.get(5)?,
                received_at: parse_ts(&r.get::<_, String>(6)?)?,
                persons: r.get(7)?,
                warnings: json_col(r, 8)?,
                superseded_by: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let cols = prefixed(TRAVELLER_COLUMNS, "t");
    let travellers = conn
        .prepare_cached(&format!(
            "SELECT {cols} FROM api_travellers t JOIN api_manifests m ON m.id = t.manifest_id
             WHERE m.flight_key = ?1 AND m.superseded_by IS NULL ORDER BY m.kind DESC, t.position"
        ))?
        .query_map(params![key], |r| traveller_at(r, 0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let hcols = prefixed(HIT_COLUMNS, "h");
    let hits = conn
        .prepare_cached(&format!(
            "SELECT {hcols} FROM api_hits h JOIN api_travellers t ON t.id = h.traveller_id
               JOIN api_manifests m ON m.id = t.manifest_id
             WHERE m.flight_key = ?1 AND m.superseded_by IS NULL
             ORDER BY h.severity DESC, h.score DESC, h.id"
        ))?
        .query_map(params![key], |r| hit_at(r, 0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(FlightDetail {
        flight,
        manifests,
        travellers,
        hits,
    }))
}

fn prefixed(cols: &str, alias: &str) -> String {
    cols.split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn hit(conn: &Connection, id: &str) -> rusqlite::Result<Option<ApiHit>> {
    conn.query_row(
        &format!("SELECT {HIT_COLUMNS} FROM api_hits WHERE id = ?1"),
        params![id],
        |r| hit_at(r, 0),
    )
    .optional()
}

pub(crate) fn review(
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
    let current = hit(ctx.tx, id)
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("hit {id}")))?;
    if current.status != HitStatus::Open {
        return Err(StoreError::Conflict(format!(
            "hit {id} was already {} by {}",
            current.status.as_str(),
            current.reviewed_by.as_deref().unwrap_or("someone")
        )));
    }
    ctx.tx
        .execute(
            "UPDATE api_hits SET status = ?1, reviewed_by = ?2, reviewed_at = ?3, review_reason = ?4 WHERE id = ?5",
            params![status.as_str(), reviewer, ts(&at), reason, id],
        )
        .map_err(backend)?;
    if current.kind == HitKind::Rule {
        let column = if status == HitStatus::Confirmed {
            "confirmed"
        } else {
            "dismissed"
        };
        ctx.tx
            .execute(
                &format!(
                    "INSERT INTO rule_counters (rule_id, {column}) VALUES (?1, 1)
                     ON CONFLICT(rule_id) DO UPDATE SET {column} = {column} + 1"
                ),
                params![current.source],
            )
            .map_err(backend)?;
    }
    ctx.audit(audit)?;
    hit(ctx.tx, id)
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("hit {id}")))
}

pub(crate) fn confirmed_alerts(
    conn: &Connection,
    document_keys: &[String],
    person_key: &str,
) -> rusqlite::Result<Vec<ConfirmedAlert>> {
    let hcols = prefixed(HIT_COLUMNS, "h");
    let tcols = prefixed(TRAVELLER_COLUMNS, "t");
    let fcols = prefixed(FLIGHT_COLUMNS, "f");
    let mut st = conn.prepare_cached(&format!(
        "SELECT {hcols}, {tcols}, {fcols} FROM api_hits h
           JOIN api_travellers t ON t.id = h.traveller_id
           JOIN api_flights f ON f.key = t.flight_key
         WHERE h.status = 'confirmed' AND t.id = ?1
         ORDER BY h.severity DESC, h.reviewed_at DESC"
    ))?;
    let mut traveller_ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM api_travellers WHERE person_key = ?1")?
        .query_map(params![person_key], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_doc = conn.prepare_cached(
        "SELECT traveller_id FROM api_traveller_documents WHERE document_key = ?1",
    )?;
    for key in document_keys {
        for id in by_doc.query_map(params![key], |r| r.get::<_, String>(0))? {
            traveller_ids.push(id?);
        }
    }
    traveller_ids.sort();
    traveller_ids.dedup();
    let mut out = Vec::new();
    for id in traveller_ids {
        for row in st.query_map(params![id], |r| {
            Ok(ConfirmedAlert {
                hit: hit_at(r, 0)?,
                traveller: traveller_at(r, 15)?,
                flight: flight_at(r, 30)?,
            })
        })? {
            out.push(row?);
        }
    }
    // The same hit carried over to a newer manifest of the flight is one alert: keep the newest.
    out.sort_by_key(|a| std::cmp::Reverse(a.hit.created_at));
    let mut seen = std::collections::HashSet::new();
    out.retain(|a| seen.insert((a.flight.key.clone(), a.hit.kind, a.hit.source.clone())));
    out.sort_by_key(|a| std::cmp::Reverse(a.hit.severity));
    Ok(out)
}

pub(crate) fn save_rule(
    ctx: &mut WriteCtx<'_>,
    rule: &StoredRule,
    audit: &AuditEvent,
) -> StoreResult<()> {
    let latest: Option<u32> = ctx
        .tx
        .query_row(
            "SELECT MAX(version) FROM targeting_rules WHERE id = ?1",
            params![rule.id],
            |r| r.get(0),
        )
        .map_err(backend)?;
    let expected = latest.map_or(1, |v| v + 1);
    if rule.version != expected {
        return Err(StoreError::Conflict(format!(
            "rule {} is at version {}: the next version is {expected}, not {}",
            rule.id,
            latest.unwrap_or(0),
            rule.version
        )));
    }
    insert_rule(ctx, rule, audit)
}

/// Store one rule version as it is (a BCP node takes the centre's versions, which may skip some).
pub(crate) fn insert_rule(
    ctx: &mut WriteCtx<'_>,
    rule: &StoredRule,
    audit: &AuditEvent,
) -> StoreResult<()> {
    ctx.tx
        .execute(
            "INSERT INTO targeting_rules (id, version, owner, saved_by, saved_at, rule_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                rule.id,
                rule.version,
                rule.owner,
                rule.saved_by,
                ts(&rule.saved_at),
                to_json(&rule.rule)?
            ],
        )
        .map_err(backend)?;
    ctx.audit(audit)?;
    Ok(())
}

fn rule_at(r: &Row<'_>) -> rusqlite::Result<StoredRule> {
    Ok(StoredRule {
        id: r.get(0)?,
        version: r.get(1)?,
        owner: r.get(2)?,
        saved_by: r.get(3)?,
        saved_at: parse_ts(&r.get::<_, String>(4)?)?,
        rule: json_col(r, 5)?,
    })
}

pub(crate) fn rules(conn: &Connection) -> rusqlite::Result<Vec<StoredRule>> {
    conn.prepare_cached(
        "SELECT r.id, r.version, r.owner, r.saved_by, r.saved_at, r.rule_json FROM targeting_rules r
         WHERE r.version = (SELECT MAX(version) FROM targeting_rules x WHERE x.id = r.id) ORDER BY r.id",
    )?
    .query_map([], rule_at)?
    .collect()
}

pub(crate) fn rule_versions(conn: &Connection, id: &str) -> rusqlite::Result<Vec<StoredRule>> {
    conn.prepare_cached(
        "SELECT id, version, owner, saved_by, saved_at, rule_json FROM targeting_rules WHERE id = ?1
         ORDER BY version DESC",
    )?
    .query_map(params![id], rule_at)?
    .collect()
}

pub(crate) fn rule_stats(conn: &Connection) -> rusqlite::Result<Vec<RuleStats>> {
    let mut open: HashMap<String, u64> = HashMap::new();
    for row in conn
        .prepare_cached(
            // Open hits of current manifests only: a superseded manifest's hits are history.
            "SELECT h.source, COUNT(*) FROM api_hits h
               JOIN api_travellers t ON t.id = h.traveller_id
               JOIN api_manifests m ON m.id = t.manifest_id
             WHERE h.kind = 'rule' AND h.status = 'open' AND m.superseded_by IS NULL
             GROUP BY h.source",
        )?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))?
    {
        let (id, n) = row?;
        open.insert(id, n);
    }
    conn.prepare_cached(
        "SELECT rule_id, fired, confirmed, dismissed FROM rule_counters ORDER BY rule_id",
    )?
    .query_map([], |r| {
        let rule_id: String = r.get(0)?;
        Ok(RuleStats {
            open: open.get(&rule_id).copied().unwrap_or(0),
            rule_id,
            fired: r.get(1)?,
            confirmed: r.get(2)?,
            dismissed: r.get(3)?,
        })
    })?
    .collect()
}

pub(crate) fn purge(
    ctx: &mut WriteCtx<'_>,
    arrived_before: NaiveDateTime,
    audit: &AuditEvent,
) -> StoreResult<PurgeReport> {
    let tx = ctx.tx;
    let cutoff = naive_text(Some(arrived_before));
    let doomed = "SELECT t.id FROM api_travellers t JOIN api_flights f ON f.key = t.flight_key
         WHERE f.sort_time < ?1
           AND NOT EXISTS (SELECT 1 FROM api_hits h WHERE h.traveller_id = t.id AND h.status = 'confirmed')";
    let kept: u64 = tx
        .query_row(
            "SELECT COUNT(*) FROM api_travellers t JOIN api_flights f ON f.key = t.flight_key
             WHERE f.sort_time < ?1
               AND EXISTS (SELECT 1 FROM api_hits h WHERE h.traveller_id = t.id AND h.status = 'confirmed')",
            params![cutoff],
            |r| r.get(0),
        )
        .map_err(backend)?;
    let hits = tx
        .execute(
            &format!("DELETE FROM api_hits WHERE traveller_id IN ({doomed})"),
            params![cutoff],
        )
        .map_err(backend)? as u64;
    tx.execute(
        &format!("DELETE FROM api_traveller_documents WHERE traveller_id IN ({doomed})"),
        params![cutoff],
    )
    .map_err(backend)?;
    let travellers = tx
        .execute(
            &format!("DELETE FROM api_travellers WHERE id IN ({doomed})"),
            params![cutoff],
        )
        .map_err(backend)? as u64;
    let manifests = tx
        .execute(
            "DELETE FROM api_manifests WHERE flight_key IN (SELECT key FROM api_flights WHERE sort_time < ?1)
               AND NOT EXISTS (SELECT 1 FROM api_travellers t WHERE t.manifest_id = api_manifests.id)",
            params![cutoff],
        )
        .map_err(backend)? as u64;
    // The interchange row stays (without the text) so a late resend is still recognised.
    let interchanges_cleared = tx
        .execute(
            "UPDATE api_interchanges SET raw = NULL, report_json = '{}'
             WHERE raw IS NOT NULL AND received_at < ?1 AND NOT EXISTS (
               SELECT 1 FROM api_manifests m JOIN api_flights f ON f.key = m.flight_key
               WHERE m.sender = api_interchanges.sender AND m.interchange_ref = api_interchanges.control_ref
                 AND f.sort_time >= ?1)",
            params![cutoff],
        )
        .map_err(backend)? as u64;
    tx.execute(
        "DELETE FROM api_flights WHERE sort_time < ?1
           AND NOT EXISTS (SELECT 1 FROM api_manifests m WHERE m.flight_key = api_flights.key)",
        params![cutoff],
    )
    .map_err(backend)?;
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
    ctx.audit(&audit)?;
    Ok(report)
}

#[async_trait]
impl PaxStore for SqliteStore {
    async fn api_interchange(
        &self,
        sender: &str,
        control_ref: &str,
    ) -> StoreResult<Option<ApiInterchange>> {
        let (sender, control_ref) = (sender.to_string(), control_ref.to_string());
        self.read(move |c| interchange(c, &sender, &control_ref))
            .await
    }

    async fn record_api_intake(
        &self,
        interchange: ApiInterchange,
        manifests: Vec<NewManifest>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| record_intake(ctx, &interchange, &manifests, &audit))
            .await
    }

    async fn api_flights(
        &self,
        from: chrono::NaiveDateTime,
        to: chrono::NaiveDateTime,
    ) -> StoreResult<Vec<FlightSummary>> {
        self.read(move |c| flights(c, from, to)).await
    }

    async fn api_worklist(&self, limit: usize) -> StoreResult<Vec<FlightSummary>> {
        self.read(move |c| worklist(c, limit)).await
    }

    async fn api_flight(&self, key: &str) -> StoreResult<Option<FlightDetail>> {
        let key = key.to_string();
        self.read(move |c| flight(c, &key)).await
    }

    async fn api_hit(&self, id: &str) -> StoreResult<Option<ApiHit>> {
        let id = id.to_string();
        self.read(move |c| hit(c, &id)).await
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
        self.write(move |ctx| review(ctx, &id, status, &reason, &reviewer, at, &audit))
            .await
    }

    async fn confirmed_api_alerts(
        &self,
        document_keys: &[String],
        person_key: &str,
    ) -> StoreResult<Vec<ConfirmedAlert>> {
        let (keys, person) = (document_keys.to_vec(), person_key.to_string());
        self.read(move |c| confirmed_alerts(c, &keys, &person))
            .await
    }

    async fn save_rule(&self, rule: StoredRule, audit: AuditEvent) -> StoreResult<()> {
        self.write(move |ctx| {
            save_rule(ctx, &rule, &audit)?;
            crate::sync::on_rule(ctx, rule)
        })
        .await
    }

    async fn rules(&self) -> StoreResult<Vec<StoredRule>> {
        self.read(rules).await
    }

    async fn rule_versions(&self, id: &str) -> StoreResult<Vec<StoredRule>> {
        let id = id.to_string();
        self.read(move |c| rule_versions(c, &id)).await
    }

    async fn rule_stats(&self) -> StoreResult<Vec<RuleStats>> {
        self.read(rule_stats).await
    }

    async fn purge_api_data(
        &self,
        arrived_before: chrono::NaiveDateTime,
        audit: AuditEvent,
    ) -> StoreResult<PurgeReport> {
        self.write(move |ctx| purge(ctx, arrived_before, &audit))
            .await
    }
}
