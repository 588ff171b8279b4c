//! Checks and crossings: the record a check creates, the officer's decision on it, the lists and the
//! traveller's history that the check shows.
use crate::PgStore;
use crate::{backend, bad_value, col, count, ts};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::document::normalize_document_number;
use limes_domain::{Direction, Outcome, RecommendationLevel};
use limes_store::CrossingStore;
use limes_store::{
    apply_decision, close_unfinished, new_id, Crossing, CrossingFilter, CrossingStats,
    CrossingStatus, Decision, NewCrossing, StoreError, StoreResult, TravelDocument,
    TravellerHistory,
};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

const COLUMNS: &str = "id, bcp, direction, at, officer, document_code, document_number, issuing_state, surname, \
     given_names, nationality, birth_date, sex, expiry_date, input_method, recommendation, reasons, hit_count, \
     alert_count, result_json, status, first_outcome, first_officer, outcome, refusal_reason, decided_by, decided_at, note, \
     admission_override";

/// The columns with the stored check result left out (it comes back empty).
fn summary_columns() -> String {
    COLUMNS.replace("result_json", "'' AS result_json")
}

fn outcome_col(v: Option<String>) -> StoreResult<Option<Outcome>> {
    v.map(|s| Outcome::parse(&s).ok_or_else(|| bad_value("outcome", &s)))
        .transpose()
}

fn small_count(r: &Row, idx: usize) -> StoreResult<u32> {
    let n: i64 = col(r, idx)?;
    u32::try_from(n).map_err(|_| bad_value("count", &n.to_string()))
}

fn crossing_from_row(r: &Row) -> StoreResult<Crossing> {
    let direction: String = col(r, 2)?;
    let recommendation: String = col(r, 15)?;
    let status: String = col(r, 20)?;
    Ok(Crossing {
        id: col(r, 0)?,
        check: NewCrossing {
            bcp: col(r, 1)?,
            direction: Direction::parse(&direction)
                .ok_or_else(|| bad_value("direction", &direction))?,
            at: col(r, 3)?,
            officer: col(r, 4)?,
            document: TravelDocument {
                document_code: col(r, 5)?,
                document_number: col(r, 6)?,
                issuing_state: col(r, 7)?,
                surname: col(r, 8)?,
                given_names: col(r, 9)?,
                nationality: col(r, 10)?,
                birth_date: col(r, 11)?,
                sex: col(r, 12)?,
                expiry_date: col(r, 13)?,
            },
            input_method: col(r, 14)?,
            recommendation: match recommendation.as_str() {
                "clear" => RecommendationLevel::Clear,
                "caution" => RecommendationLevel::Caution,
                "refer" => RecommendationLevel::Refer,
                other => return Err(bad_value("recommendation", other)),
            },
            reasons: col(r, 16)?,
            hit_count: small_count(r, 17)?,
            alert_count: small_count(r, 18)?,
            result_json: col(r, 19)?,
        },
        status: CrossingStatus::parse(&status).ok_or_else(|| bad_value("status", &status))?,
        first_outcome: outcome_col(col(r, 21)?)?,
        first_officer: col(r, 22)?,
        outcome: outcome_col(col(r, 23)?)?,
        refusal_reason: col(r, 24)?,
        decided_by: col(r, 25)?,
        decided_at: col(r, 26)?,
        note: col(r, 27)?,
        admission_override: col::<Option<String>>(r, 28)?
            .map(|s| serde_json::from_str(&s).map_err(|_| bad_value("admission_override", &s)))
            .transpose()?,
    })
}

/// The SQL condition that leaves out checks closed without a decision (they are not crossings).
fn counted() -> String {
    let closed: Vec<String> = CrossingStatus::NOT_CROSSINGS
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!("status NOT IN ({})", closed.join(", "))
}

pub async fn insert(c: &impl GenericClient, id: &str, x: &NewCrossing) -> StoreResult<()> {
    let d = &x.document;
    let st = c
        .prepare_cached(
            "INSERT INTO crossings (id, bcp, direction, at, officer, document_code, document_number, issuing_state,
               surname, given_names, nationality, birth_date, sex, expiry_date, document_key, person_key,
               input_method, recommendation, reasons, hit_count, alert_count, result_json, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, 'pending')",
        )
        .await
        .map_err(backend)?;
    c.execute(
        &st,
        &[
            &id,
            &x.bcp,
            &x.direction.as_str(),
            &ts(&x.at),
            &x.officer,
            &d.document_code,
            &d.document_number,
            &d.issuing_state,
            &d.surname,
            &d.given_names,
            &d.nationality,
            &d.birth_date,
            &d.sex,
            &d.expiry_date,
            &d.document_key(),
            &d.person_key(),
            &x.input_method,
            &x.recommendation.as_str(),
            &x.reasons,
            &i64::from(x.hit_count),
            &i64::from(x.alert_count),
            &x.result_json,
        ],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

pub async fn get(c: &impl GenericClient, id: &str) -> StoreResult<Option<Crossing>> {
    let st = c
        .prepare_cached(&format!("SELECT {COLUMNS} FROM crossings WHERE id = $1"))
        .await
        .map_err(backend)?;
    c.query_opt(&st, &[&id])
        .await
        .map_err(backend)?
        .as_ref()
        .map(crossing_from_row)
        .transpose()
}

/// The crossing, row-locked until the transaction ends (the decision is read, checked and written in one go).
pub async fn get_for_update(c: &impl GenericClient, id: &str) -> StoreResult<Option<Crossing>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM crossings WHERE id = $1 FOR UPDATE"
        ))
        .await
        .map_err(backend)?;
    c.query_opt(&st, &[&id])
        .await
        .map_err(backend)?
        .as_ref()
        .map(crossing_from_row)
        .transpose()
}

pub async fn update_decision(c: &impl GenericClient, x: &Crossing) -> StoreResult<()> {
    let admission_override = x
        .admission_override
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::Backend(e.to_string()))?;
    let st = c
        .prepare_cached(
            "UPDATE crossings SET status = $2, first_outcome = $3, first_officer = $4, outcome = $5,
               refusal_reason = $6, decided_by = $7, decided_at = $8, note = $9, admission_override = $10
             WHERE id = $1",
        )
        .await
        .map_err(backend)?;
    c.execute(
        &st,
        &[
            &x.id,
            &x.status.as_str(),
            &x.first_outcome.map(Outcome::as_str),
            &x.first_officer,
            &x.outcome.map(Outcome::as_str),
            &x.refusal_reason,
            &x.decided_by,
            &x.decided_at.as_ref().map(ts),
            &x.note,
            &admission_override,
        ],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

/// Escape LIKE's wildcards (the escape character is the backslash).
fn like_prefix(q: &str) -> String {
    let escaped = q
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("{}%", escaped.to_lowercase())
}

type Param = Box<dyn ToSql + Sync + Send>;

pub async fn list(c: &impl GenericClient, f: &CrossingFilter) -> StoreResult<Vec<Crossing>> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Param> = Vec::new();
    fn push(clauses: &mut Vec<String>, values: &mut Vec<Param>, clause: &str, v: Param) {
        values.push(v);
        clauses.push(clause.replace('?', &format!("${}", values.len())));
    }
    if let Some(b) = &f.bcp {
        push(&mut clauses, &mut values, "bcp = ?", Box::new(b.clone()));
    }
    if !f.bcps.is_empty() {
        push(
            &mut clauses,
            &mut values,
            "bcp = ANY(?)",
            Box::new(f.bcps.clone()),
        );
    }
    if let Some(o) = f.outcome {
        push(
            &mut clauses,
            &mut values,
            "outcome = ?",
            Box::new(o.as_str()),
        );
    }
    if let Some(o) = &f.officer {
        values.push(Box::new(o.clone()));
        let n = values.len();
        clauses.push(format!(
            "(officer = ${n} OR decided_by = ${n} OR first_officer = ${n})"
        ));
    }
    if let Some(s) = f.status {
        push(
            &mut clauses,
            &mut values,
            "status = ?",
            Box::new(s.as_str()),
        );
    }
    if let Some(k) = &f.document_key {
        push(
            &mut clauses,
            &mut values,
            "document_key = ?",
            Box::new(k.clone()),
        );
    }
    if let Some(k) = &f.person_key {
        push(
            &mut clauses,
            &mut values,
            "person_key = ?",
            Box::new(k.clone()),
        );
    }
    if let Some((doc, person)) = &f.traveller {
        values.push(Box::new(doc.clone()));
        values.push(Box::new(person.clone()));
        clauses.push(format!(
            "(document_key = ${} OR person_key = ${})",
            values.len() - 1,
            values.len()
        ));
    }
    if let Some(t) = &f.since {
        push(&mut clauses, &mut values, "at >= ?", Box::new(ts(t)));
    }
    if let Some(t) = &f.before {
        push(&mut clauses, &mut values, "at < ?", Box::new(ts(t)));
    }
    let mut alternatives: Vec<String> = Vec::new();
    if let Some(q) = f.search.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        values.push(Box::new(like_prefix(q)));
        let n = values.len();
        values.push(Box::new(like_prefix(&normalize_document_number(q))));
        alternatives.push(format!(
            "lower(surname) LIKE ${n} ESCAPE '\\' OR lower(document_number) LIKE ${} ESCAPE '\\'",
            n + 1
        ));
    }
    for tokens in f.name_tokens.iter().filter(|t| !t.is_empty()) {
        let mut all = Vec::with_capacity(tokens.len());
        for t in tokens {
            // Tokens are letters and digits only: nothing to escape in the pattern.
            values.push(Box::new(format!("% {t}%")));
            all.push(format!("search_key LIKE ${}", values.len()));
        }
        alternatives.push(format!("({})", all.join(" AND ")));
    }
    if !alternatives.is_empty() {
        clauses.push(format!("({})", alternatives.join(" OR ")));
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let limit = if f.limit == 0 {
        100
    } else {
        f.limit.min(10_000)
    };
    values.push(Box::new(limit as i64));
    let columns = if f.without_result {
        summary_columns()
    } else {
        COLUMNS.to_string()
    };
    let sql = format!(
        "SELECT {columns} FROM crossings {where_sql} ORDER BY at DESC, id DESC LIMIT ${} OFFSET {}",
        values.len(),
        f.offset.min(1_000_000)
    );
    let st = c.prepare_cached(&sql).await.map_err(backend)?;
    let params: Vec<&(dyn ToSql + Sync)> = values
        .iter()
        .map(|v| v.as_ref() as &(dyn ToSql + Sync))
        .collect();
    c.query(&st, &params)
        .await
        .map_err(backend)?
        .iter()
        .map(crossing_from_row)
        .collect()
}

/// Counts over every crossing of the document or the person, and the most recent `recent` of them: two
/// index-ordered reads (by document, by person), each stopping after `recent` rows, merged.
pub async fn traveller_history(
    c: &impl GenericClient,
    document_key: &str,
    person_key: &str,
    recent: usize,
) -> StoreResult<TravellerHistory> {
    let counted = counted();
    let st = c
        .prepare_cached(&format!(
            "SELECT count(*),
                    count(*) FILTER (WHERE direction = 'entry'),
                    count(*) FILTER (WHERE direction = 'exit'),
                    count(*) FILTER (WHERE outcome = 'refused'),
                    count(*) FILTER (WHERE first_outcome = 'referred_second_line')
             FROM crossings WHERE (document_key = $1 OR person_key = $2) AND {counted}",
        ))
        .await
        .map_err(backend)?;
    let limit = i64::try_from(recent).unwrap_or(i64::MAX);
    let columns = summary_columns();
    let by_document = c
        .prepare_cached(&format!(
            "SELECT {columns} FROM crossings WHERE document_key = $1 AND {counted} ORDER BY at DESC LIMIT $2"
        ))
        .await
        .map_err(backend)?;
    let by_person = c
        .prepare_cached(&format!(
            "SELECT {columns} FROM crossings WHERE person_key = $1 AND {counted} ORDER BY at DESC LIMIT $2"
        ))
        .await
        .map_err(backend)?;
    // The three queries pipelined: sent together, answered in order.
    let counts_params: [&(dyn ToSql + Sync); 2] = [&document_key, &person_key];
    let document_params: [&(dyn ToSql + Sync); 2] = [&document_key, &limit];
    let person_params: [&(dyn ToSql + Sync); 2] = [&person_key, &limit];
    let (row, doc_rows, person_rows) = tokio::try_join!(
        biased;
        c.query_one(&st, &counts_params),
        c.query(&by_document, &document_params),
        c.query(&by_person, &person_params),
    )
    .map_err(backend)?;
    let mut h = TravellerHistory {
        total: count(&row, 0)?,
        entries: count(&row, 1)?,
        exits: count(&row, 2)?,
        refusals: count(&row, 3)?,
        referrals: count(&row, 4)?,
        recent: Vec::new(),
    };
    for r in doc_rows.iter().chain(person_rows.iter()) {
        let row = crossing_from_row(r)?;
        if !h.recent.iter().any(|x| x.id == row.id) {
            h.recent.push(row);
        }
    }
    h.recent
        .sort_by(|a, b| b.check.at.cmp(&a.check.at).then_with(|| b.id.cmp(&a.id)));
    h.recent.truncate(recent);
    Ok(h)
}

pub async fn stats(
    c: &impl GenericClient,
    bcp: Option<&str>,
    since: DateTime<Utc>,
) -> StoreResult<CrossingStats> {
    let st = c
        .prepare_cached(&format!(
            "SELECT count(*),
                    count(*) FILTER (WHERE direction = 'entry'),
                    count(*) FILTER (WHERE direction = 'exit'),
                    count(*) FILTER (WHERE outcome = 'admitted'),
                    count(*) FILTER (WHERE outcome = 'refused'),
                    count(*) FILTER (WHERE outcome = 'international_protection'),
                    count(*) FILTER (WHERE status = 'referred'),
                    count(*) FILTER (WHERE status = 'pending')
             FROM crossings WHERE at >= $1 AND ($2::text IS NULL OR bcp = $2) AND {}",
            counted()
        ))
        .await
        .map_err(backend)?;
    let row = c
        .query_one(&st, &[&ts(&since), &bcp])
        .await
        .map_err(backend)?;
    Ok(CrossingStats {
        total: count(&row, 0)?,
        entries: count(&row, 1)?,
        exits: count(&row, 2)?,
        admitted: count(&row, 3)?,
        refused: count(&row, 4)?,
        protection_requests: count(&row, 5)?,
        referred_open: count(&row, 6)?,
        pending: count(&row, 7)?,
    })
}

#[async_trait]
impl CrossingStore for PgStore {
    async fn record_check(
        &self,
        crossing: NewCrossing,
        audit: AuditEvent,
    ) -> StoreResult<Crossing> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let id = new_id();
                    let mut audit = audit;
                    audit
                        .subject
                        .get_or_insert_with(|| format!("crossing:{id}"));
                    let tx = ctx.tx;
                    ctx.audit_with(insert(tx, &id, &crossing), &audit).await?;
                    Ok(Crossing::pending(id, crossing))
                })
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
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let mut c = get_for_update(ctx.tx, &id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound(format!("crossing {id}")))?;
                    apply_decision(&mut c, &decision)?;
                    update_decision(ctx.tx, &c).await?;
                    ctx.audit(&audit).await?;
                    Ok(c)
                })
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
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let mut c = get_for_update(ctx.tx, &id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound(format!("crossing {id}")))?;
                    close_unfinished(&mut c, status, &by, at)?;
                    update_decision(ctx.tx, &c).await?;
                    ctx.audit(&audit).await?;
                    Ok(c)
                })
            })
            .await
    }

    async fn crossing(&self, id: &str) -> StoreResult<Option<Crossing>> {
        get(&self.conn().await?, id).await
    }

    async fn crossings(&self, filter: &CrossingFilter) -> StoreResult<Vec<Crossing>> {
        list(&self.conn().await?, filter).await
    }

    async fn traveller_history(
        &self,
        document_key: &str,
        person_key: &str,
        recent: usize,
    ) -> StoreResult<TravellerHistory> {
        traveller_history(&self.conn().await?, document_key, person_key, recent).await
    }

    async fn crossing_stats(
        &self,
        bcp: Option<&str>,
        since: DateTime<Utc>,
    ) -> StoreResult<CrossingStats> {
        stats(&self.conn().await?, bcp, since).await
    }

    async fn crossings_without_search_key(
        &self,
        limit: usize,
    ) -> StoreResult<Vec<(String, String, String)>> {
        let c = self.conn().await?;
        let rows = c
            .query(
                "SELECT id, surname, given_names FROM crossings WHERE search_key IS NULL LIMIT $1",
                &[&(limit as i64)],
            )
            .await
            .map_err(backend)?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    async fn set_crossing_search_keys(&self, keys: Vec<(String, String)>) -> StoreResult<()> {
        if keys.is_empty() {
            return Ok(());
        }
        let (ids, keys): (Vec<String>, Vec<String>) = keys.into_iter().unzip();
        self.conn()
            .await?
            .execute(
                "UPDATE crossings SET search_key = k.key
                 FROM unnest($1::text[], $2::text[]) AS k(id, key) WHERE crossings.id = k.id",
                &[&ids, &keys],
            )
            .await
            .map_err(backend)?;
        Ok(())
    }
}
