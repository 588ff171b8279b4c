//! Checks, decisions and crossings on SQLite: the record of each check, the history of a traveller, the counts.
use crate::{backend, bad_value, date_text, parse_date, parse_ts, sync, ts, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::document::normalize_document_number;
use limes_domain::{Direction, Outcome, RecommendationLevel};
use limes_store::{
    apply_decision, close_unfinished, new_id, AdmissionOverride, Crossing, CrossingFilter,
    CrossingStats, CrossingStatus, CrossingStore, Decision, NewCrossing, StoreError, StoreResult,
    TravelDocument, TravellerHistory,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(crate) const CROSSING_COLUMNS: &str = "id, bcp, direction, at, officer, document_code, document_number, issuing_state, surname, \
     given_names, nationality, birth_date, sex, expiry_date, input_method, recommendation, reasons, hit_count, \
     alert_count, result_json, status, first_outcome, first_officer, outcome, refusal_reason, decided_by, decided_at, note, \
     admission_override";

pub(crate) fn outcome_col(v: Option<String>) -> rusqlite::Result<Option<Outcome>> {
    v.map(|s| Outcome::parse(&s).ok_or_else(|| bad_value("outcome", &s)))
        .transpose()
}

pub(crate) fn crossing_from_row(r: &Row<'_>) -> rusqlite::Result<Crossing> {
    let direction: String = r.get(2)?;
    let recommendation: String = r.get(15)?;
    let reasons: String = r.get(16)?;
    let status: String = r.get(20)?;
    Ok(Crossing {
        id: r.get(0)?,
        check: NewCrossing {
            bcp: r.get(1)?,
            direction: Direction::parse(&direction)
                .ok_or_else(|| bad_value("direction", &direction))?,
            at: parse_ts(&r.get::<_, String>(3)?)?,
            officer: r.get(4)?,
            document: TravelDocument {
                document_code: r.get(5)?,
                document_number: r.get(6)?,
                issuing_state: r.get(7)?,
                surname: r.get(8)?,
                given_names: r.get(9)?,
                nationality: r.get(10)?,
                birth_date: parse_date(r.get(11)?),
                sex: r.get(12)?,
                expiry_date: parse_date(r.get(13)?),
            },
            input_method: r.get(14)?,
            recommendation: match recommendation.as_str() {
                "clear" => RecommendationLevel::Clear,
                "caution" => RecommendationLevel::Caution,
                "refer" => RecommendationLevel::Refer,
                other => return Err(bad_value("recommendation", other)),
            },
            reasons: serde_json::from_str(&reasons).map_err(|_| bad_value("reasons", &reasons))?,
            hit_count: r.get(17)?,
            alert_count: r.get(18)?,
            result_json: r.get(19)?,
        },
        status: CrossingStatus::parse(&status).ok_or_else(|| bad_value("status", &status))?,
        first_outcome: outcome_col(r.get(21)?)?,
        first_officer: r.get(22)?,
        outcome: outcome_col(r.get(23)?)?,
        refusal_reason: r.get(24)?,
        decided_by: r.get(25)?,
        decided_at: r
            .get::<_, Option<String>>(26)?
            .map(|s| parse_ts(&s))
            .transpose()?,
        note: r.get(27)?,
        admission_override: override_col(r.get(28)?)?,
    })
}

/// The admission override, kept as JSON.
pub(crate) fn override_col(v: Option<String>) -> rusqlite::Result<Option<AdmissionOverride>> {
    v.map(|s| serde_json::from_str(&s).map_err(|_| bad_value("admission_override", &s)))
        .transpose()
}

pub(crate) fn override_json(c: &Crossing) -> StoreResult<Option<String>> {
    c.admission_override
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(backend)
}

/// The SQL condition that leaves out checks closed without a decision (they are not crossings).
fn counted() -> String {
    let closed: Vec<String> = CrossingStatus::NOT_CROSSINGS
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!("status NOT IN ({})", closed.join(", "))
}

pub(crate) fn get_crossing(conn: &Connection, id: &str) -> rusqlite::Result<Option<Crossing>> {
    conn.prepare_cached(&format!(
        "SELECT {CROSSING_COLUMNS} FROM crossings WHERE id = ?1"
    ))?
    .query_row([id], crossing_from_row)
    .optional()
}

/// Write a crossing's state after a decision (or its closing without one).
fn update_decision(tx: &Connection, c: &Crossing) -> StoreResult<()> {
    tx.execute(
        "UPDATE crossings SET status = ?2, first_outcome = ?3, first_officer = ?4, outcome = ?5,
           refusal_reason = ?6, decided_by = ?7, decided_at = ?8, note = ?9, admission_override = ?10 WHERE id = ?1",
        params![
            c.id,
            c.status.as_str(),
            c.first_outcome.map(Outcome::as_str),
            c.first_officer,
            c.outcome.map(Outcome::as_str),
            c.refusal_reason,
            c.decided_by,
            c.decided_at.as_ref().map(ts),
            c.note,
            override_json(c)?
        ],
    )
    .map_err(backend)?;
    Ok(())
}

#[async_trait]
impl CrossingStore for SqliteStore {
    async fn record_check(
        &self,
        crossing: NewCrossing,
        audit: AuditEvent,
    ) -> StoreResult<Crossing> {
        self.write(move |ctx| {
            let id = new_id();
            let c = &crossing;
            let d = &c.document;
            let reasons = serde_json::to_string(&c.reasons).map_err(backend)?;
            ctx.tx
                .prepare_cached(
                    "INSERT INTO crossings (id, bcp, direction, at, officer, document_code, document_number, issuing_state,
                       surname, given_names, nationality, birth_date, sex, expiry_date, document_key, person_key,
                       input_method, recommendation, reasons, hit_count, alert_count, result_json, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, 'pending')",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        id,
                        c.bcp,
                        c.direction.as_str(),
                        ts(&c.at),
                        c.officer,
                        d.document_code,
                        d.document_number,
                        d.issuing_state,
                        d.surname,
                        d.given_names,
                        d.nationality,
                        date_text(d.birth_date),
                        d.sex,
                        date_text(d.expiry_date),
                        d.document_key(),
                        d.person_key(),
                        c.input_method,
                        c.recommendation.as_str(),
                        reasons,
                        c.hit_count,
                        c.alert_count,
                        c.result_json
                    ])
                })
                .map_err(backend)?;
            let mut audit = audit;
            audit.subject.get_or_insert_with(|| format!("crossing:{id}"));
            ctx.audit(&audit)?;
            let crossing = Crossing::pending(id, crossing);
            sync::on_crossing(ctx, &crossing)?;
            Ok(crossing)
        })
        .await
    }

    async fn record_decision(
        &self,
        crossing_id: &str,
        decision: Decision,
        audit: AuditEvent,
    ) -> StoreResult<Crossing> {
        let id = crossing_id.to_string();
        self.write(move |ctx| {
            let mut c = get_crossing(ctx.tx, &id)
                .map_err(backend)?
                .ok_or_else(|| StoreError::NotFound(format!("crossing {id}")))?;
            apply_decision(&mut c, &decision)?;
            update_decision(ctx.tx, &c)?;
            ctx.audit(&audit)?;
            sync::on_crossing(ctx, &c)?;
            Ok(c)
        })
        .await
    }

    async fn close_check(
        &self,
        crossing_id: &str,
        status: CrossingStatus,
        by: &str,
        at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<Crossing> {
        let (id, by) = (crossing_id.to_string(), by.to_string());
        self.write(move |ctx| {
            let mut c = get_crossing(ctx.tx, &id)
                .map_err(backend)?
                .ok_or_else(|| StoreError::NotFound(format!("crossing {id}")))?;
            close_unfinished(&mut c, status, &by, at)?;
            update_decision(ctx.tx, &c)?;
            ctx.audit(&audit)?;
            sync::on_crossing(ctx, &c)?;
            Ok(c)
        })
        .await
    }

    async fn crossing(&self, id: &str) -> StoreResult<Option<Crossing>> {
        let id = id.to_string();
        self.read(move |c| get_crossing(c, &id)).await
    }

    async fn crossings(&self, filter: &CrossingFilter) -> StoreResult<Vec<Crossing>> {
        let f = filter.clone();
        self.read(move |c| {
            let mut clauses: Vec<String> = Vec::new();
            let mut values: Vec<rusqlite::types::Value> = Vec::new();
            fn push(clauses: &mut Vec<String>, values: &mut Vec<rusqlite::types::Value>, clause: &str, v: String) {
                values.push(v.into());
                clauses.push(clause.replace('?', &format!("?{}", values.len())));
            }
            if let Some(b) = &f.bcp {
                push(&mut clauses, &mut values, "bcp = ?", b.clone());
            }
            if !f.bcps.is_empty() {
                let mut marks = Vec::with_capacity(f.bcps.len());
                for b in &f.bcps {
                    values.push(b.clone().into());
                    marks.push(format!("?{}", values.len()));
                }
                clauses.push(format!("bcp IN ({})", marks.join(", ")));
            }
            if let Some(o) = f.outcome {
                push(&mut clauses, &mut values, "outcome = ?", o.as_str().to_string());
            }
            if let Some(o) = &f.officer {
                values.push(o.clone().into());
                let n = values.len();
                clauses.push(format!("(officer = ?{n} OR decided_by = ?{n} OR first_officer = ?{n})"));
            }
            if let Some(s) = f.status {
                push(&mut clauses, &mut values, "status = ?", s.as_str().to_string());
            }
            if let Some(k) = &f.document_key {
                push(&mut clauses, &mut values, "document_key = ?", k.clone());
            }
            if let Some(k) = &f.person_key {
                push(&mut clauses, &mut values, "person_key = ?", k.clone());
            }
            if let Some((doc, person)) = &f.traveller {
                values.push(doc.clone().into());
                values.push(person.clone().into());
                clauses.push(format!(
                    "id IN (SELECT id FROM crossings WHERE document_key = ?{} UNION SELECT id FROM crossings WHERE person_key = ?{})",
                    values.len() - 1,
                    values.len()
                ));
            }
            if let Some(t) = &f.since {
                push(&mut clauses, &mut values, "at >= ?", ts(t));
            }
            if let Some(t) = &f.before {
                push(&mut clauses, &mut values, "at < ?", ts(t));
            }
            let mut alternatives: Vec<String> = Vec::new();
            if let Some(q) = f.search.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                values.push(format!("{escaped}%").into());
                let n = values.len();
                values.push(format!("{}%", normalize_document_number(q)).into());
                alternatives.push(format!(
                    "surname LIKE ?{n} ESCAPE '\\' OR document_number LIKE ?{} ESCAPE '\\'",
                    n + 1
                ));
            }
            for tokens in f.name_tokens.iter().filter(|t| !t.is_empty()) {
                let mut all = Vec::with_capacity(tokens.len());
                for t in tokens {
                    // Tokens are letters and digits only: nothing to escape in the pattern.
                    values.push(format!("% {t}%").into());
                    all.push(format!("search_key LIKE ?{}", values.len()));
                }
                alternatives.push(format!("({})", all.join(" AND ")));
            }
            if !alternatives.is_empty() {
                clauses.push(format!("({})", alternatives.join(" OR ")));
            }
            let where_sql = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
            let limit = if f.limit == 0 { 100 } else { f.limit.min(10_000) };
            let columns = if f.without_result {
                CROSSING_COLUMNS.replace("result_json", "'' AS result_json")
            } else {
                CROSSING_COLUMNS.to_string()
            };
            let offset = f.offset.min(1_000_000);
            let sql = format!("SELECT {columns} FROM crossings {where_sql} ORDER BY at DESC, id DESC LIMIT {limit} OFFSET {offset}");
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(values), crossing_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn crossings_without_search_key(
        &self,
        limit: usize,
    ) -> StoreResult<Vec<(String, String, String)>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT id, surname, given_names FROM crossings WHERE search_key IS NULL LIMIT ?1",
            )?;
            let rows = st.query_map(params![limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            rows.collect()
        })
        .await
    }

    async fn set_crossing_search_keys(&self, keys: Vec<(String, String)>) -> StoreResult<()> {
        if keys.is_empty() {
            return Ok(());
        }
        self.write(move |ctx| {
            let mut st = ctx
                .tx
                .prepare_cached("UPDATE crossings SET search_key = ?2 WHERE id = ?1")
                .map_err(backend)?;
            for (id, key) in &keys {
                st.execute(params![id, key]).map_err(backend)?;
            }
            Ok(())
        })
        .await
    }

    async fn traveller_history(
        &self,
        document_key: &str,
        person_key: &str,
        recent: usize,
    ) -> StoreResult<TravellerHistory> {
        let (doc, person) = (document_key.to_string(), person_key.to_string());
        self.read(move |c| {
            let counted = counted();
            let mut h = c
                .prepare_cached(&format!(
                    "SELECT count(*), coalesce(sum(direction = 'entry'), 0), coalesce(sum(direction = 'exit'), 0),
                            coalesce(sum(outcome = 'refused'), 0), coalesce(sum(first_outcome = 'referred_second_line'), 0)
                     FROM crossings WHERE (document_key = ?1 OR person_key = ?2) AND {counted}",
                ))?
                .query_row(params![doc, person], |r| {
                    Ok(TravellerHistory {
                        total: r.get(0)?,
                        entries: r.get(1)?,
                        exits: r.get(2)?,
                        refusals: r.get(3)?,
                        referrals: r.get(4)?,
                        recent: Vec::new(),
                    })
                })?;
            let columns = CROSSING_COLUMNS.replace("result_json", "'' AS result_json");
            // Two index-ordered reads, merged: each stops after `recent` rows.
            for key_column in ["document_key", "person_key"] {
                let key = if key_column == "document_key" { &doc } else { &person };
                let mut st = c.prepare_cached(&format!(
                    "SELECT {columns} FROM crossings WHERE {key_column} = ?1 AND {counted} ORDER BY at DESC LIMIT ?2"
                ))?;
                for row in st.query_map(params![key, recent as i64], crossing_from_row)? {
                    let row = row?;
                    if !h.recent.iter().any(|x| x.id == row.id) {
                        h.recent.push(row);
                    }
                }
            }
            h.recent.sort_by(|a, b| b.check.at.cmp(&a.check.at).then_with(|| b.id.cmp(&a.id)));
            h.recent.truncate(recent);
            Ok(h)
        })
        .await
    }

    async fn crossing_stats(
        &self,
        bcp: Option<&str>,
        since: DateTime<Utc>,
    ) -> StoreResult<CrossingStats> {
        let bcp = bcp.map(str::to_string);
        self.read(move |c| {
            c.prepare_cached(&format!(
                "SELECT count(*),
                        coalesce(sum(direction = 'entry'), 0),
                        coalesce(sum(direction = 'exit'), 0),
                        coalesce(sum(outcome = 'admitted'), 0),
                        coalesce(sum(outcome = 'refused'), 0),
                        coalesce(sum(outcome = 'international_protection'), 0),
                        coalesce(sum(status = 'referred'), 0),
                        coalesce(sum(status = 'pending'), 0)
                 FROM crossings WHERE at >= ?1 AND (?2 IS NULL OR bcp = ?2) AND {}",
                counted()
            ))?
            .query_row(params![ts(&since), bcp], |r| {
                Ok(CrossingStats {
                    total: r.get(0)?,
                    entries: r.get(1)?,
                    exits: r.get(2)?,
                    admitted: r.get(3)?,
                    refused: r.get(4)?,
                    protection_requests: r.get(5)?,
                    referred_open: r.get(6)?,
                    pending: r.get(7)?,
                })
            })
        })
        .await
    }
}
