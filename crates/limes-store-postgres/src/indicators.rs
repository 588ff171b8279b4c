//! Risk indicators on PostgreSQL: the sources counted into `indicator_daily` (one SELECT per source over one UTC
//! day), the recount of the days the triggers of migration 0022 marked, and the reads by breakdown.
use crate::{backend, col, ts, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::indicators::Breakdown;
use limes_store::{
    new_id, DailyCount, IndicatorQuery, IndicatorStore, ManualFigure, NewManualFigure,
    StagedHistoricalCrossing, StoreResult,
};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

/// A source of indicator counts: the SELECT that counts one day of its records (`$1` the day, `$2` the next day,
/// both `date`; `DAY_START`/`DAY_END` are those days' UTC midnights), giving (bcp, direction, nationality,
/// indicator, detail, n). A domain adds its source here, the same in the SQLite backend, and a trigger that marks
/// its days in `indicator_dirty` in its migration.
struct Source {
    name: &'static str,
    count_day: &'static str,
}

const SOURCES: &[Source] = &[
    Source {
        name: "crossings",
        count_day: "WITH c AS (SELECT bcp, direction, nationality, outcome, first_outcome, status, refusal_reason,
                        alert_count, hit_count, result_json
                      FROM crossings WHERE at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
                        AND at < ($2::date)::timestamp AT TIME ZONE 'UTC'
                        AND status NOT IN ('abandoned', 'superseded'))
           SELECT bcp, direction, nationality, indicator, detail, count(*) FROM (
             SELECT bcp, direction, nationality, 'crossings' AS indicator, '' AS detail FROM c
             UNION ALL SELECT bcp, direction, nationality, 'refusals', '' FROM c WHERE outcome = 'refused'
             UNION ALL SELECT bcp, direction, nationality, 'refusals', coalesce(nullif(refusal_reason, ''), 'unknown')
               FROM c WHERE outcome = 'refused'
             UNION ALL SELECT bcp, direction, nationality, 'protection_requests', '' FROM c
               WHERE outcome = 'international_protection'
             UNION ALL SELECT bcp, direction, nationality, 'referrals', '' FROM c
               WHERE first_outcome = 'referred_second_line' OR status = 'referred'
             UNION ALL SELECT bcp, direction, nationality, 'overstays', '' FROM c
               WHERE result_json LIKE '%\"overstay: %'
             UNION ALL SELECT bcp, direction, nationality, 'document_alert_hits', '' FROM c WHERE alert_count > 0
             UNION ALL SELECT bcp, direction, nationality, 'watchlist_hits', '' FROM c WHERE hit_count > 0
           ) AS counted GROUP BY bcp, direction, nationality, indicator, detail",
    },
    Source {
        name: "history",
        count_day: "WITH c AS (SELECT bcp, direction, nationality, outcome, refusal_reason FROM historical_crossings
                      WHERE at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
                        AND at < ($2::date)::timestamp AT TIME ZONE 'UTC' AND committed)
           SELECT bcp, direction, nationality, indicator, detail, count(*) FROM (
             SELECT bcp, direction, nationality, 'crossings' AS indicator, '' AS detail FROM c
             UNION ALL SELECT bcp, direction, nationality, 'refusals', '' FROM c WHERE outcome = 'refused'
             UNION ALL SELECT bcp, direction, nationality, 'refusals', coalesce(nullif(refusal_reason, ''), 'unknown')
               FROM c WHERE outcome = 'refused'
             UNION ALL SELECT bcp, direction, nationality, 'protection_requests', '' FROM c
               WHERE outcome = 'international_protection'
           ) AS counted GROUP BY bcp, direction, nationality, indicator, detail",
    },
    Source {
        name: "paxlst",
        count_day: "WITH h AS (SELECT coalesce(f.arrival_bcp, '') AS bcp, t.nationality, h.status, h.kind, h.source
                      FROM api_hits h JOIN api_travellers t ON t.id = h.traveller_id
                      LEFT JOIN api_flights f ON f.key = h.flight_key
                      WHERE h.created_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
                        AND h.created_at < ($2::date)::timestamp AT TIME ZONE 'UTC')
           SELECT bcp, 'entry', nationality, indicator, detail, count(*) FROM (
             SELECT bcp, nationality, 'paxlst_hits' AS indicator, '' AS detail FROM h
             UNION ALL SELECT bcp, nationality, 'paxlst_hits_confirmed', '' FROM h WHERE status = 'confirmed'
             UNION ALL SELECT bcp, nationality, 'paxlst_rule_hits', '' FROM h WHERE kind = 'rule'
             UNION ALL SELECT bcp, nationality, 'paxlst_rule_hits', source FROM h WHERE kind = 'rule'
             UNION ALL SELECT bcp, nationality, 'paxlst_rule_confirmed', '' FROM h
               WHERE kind = 'rule' AND status = 'confirmed'
             UNION ALL SELECT bcp, nationality, 'paxlst_rule_confirmed', source FROM h
               WHERE kind = 'rule' AND status = 'confirmed'
           ) AS counted GROUP BY bcp, nationality, indicator, detail",
    },
    Source {
        name: "goods",
        count_day: "WITH i AS (SELECT coalesce(bcp, '') AS bcp, declaration_id, lane, found FROM goods_inspections i
                      WHERE i.created_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
                        AND i.created_at < ($2::date)::timestamp AT TIME ZONE 'UTC'),
                r AS (SELECT i.bcp, s.rule_id, i.found FROM i JOIN goods_selections s ON s.declaration_id = i.declaration_id)
           SELECT bcp, '', '', indicator, detail, count(*) FROM (
             SELECT bcp, 'goods_inspections' AS indicator, '' AS detail FROM i
             UNION ALL SELECT bcp, 'goods_inspections', lane FROM i
             UNION ALL SELECT bcp, 'goods_detections', '' FROM i WHERE found
             UNION ALL SELECT bcp, 'goods_detections', lane FROM i WHERE found
             UNION ALL SELECT bcp, 'goods_rule_inspections', '' FROM r
             UNION ALL SELECT bcp, 'goods_rule_inspections', rule_id FROM r
             UNION ALL SELECT bcp, 'goods_rule_detections', '' FROM r WHERE found
             UNION ALL SELECT bcp, 'goods_rule_detections', rule_id FROM r WHERE found
           ) AS counted GROUP BY bcp, indicator, detail",
    },
    Source {
        name: "manual",
        count_day: "SELECT coalesce(bcp, ''), '', '', indicator, '', sum(count)::bigint FROM indicator_manual
           WHERE day >= $1::date AND day < $2::date GROUP BY 1, 4",
    },
];

/// Recount one day of one source: its rows by nationality, then the rows summed over nationalities ('*').
async fn recount_day(c: &impl GenericClient, source: &Source, day: NaiveDate) -> StoreResult<()> {
    let next = day.succ_opt().unwrap_or(day);
    c.execute(
        "DELETE FROM indicator_daily WHERE day = $1 AND source = $2",
        &[&day, &source.name],
    )
    .await
    .map_err(backend)?;
    let insert = format!(
        "WITH counted (bcp, direction, nationality, indicator, detail, n) AS ({sql})
         INSERT INTO indicator_daily (nationality, day, source, bcp, direction, indicator, detail, count)
         SELECT nationality, $1::date, '{name}', bcp, direction, indicator, detail, n FROM counted WHERE n > 0",
        name = source.name,
        sql = source.count_day
    );
    c.execute(&insert, &[&day, &next]).await.map_err(backend)?;
    c.execute(
        "INSERT INTO indicator_daily (nationality, day, source, bcp, direction, indicator, detail, count)
         SELECT '*', day, source, bcp, direction, indicator, detail, sum(count)::bigint FROM indicator_daily
         WHERE day = $1 AND source = $2 AND nationality <> '*' GROUP BY day, source, bcp, direction, indicator, detail",
        &[&day, &source.name],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

/// The column a breakdown groups by, over `indicator_daily d LEFT JOIN bcps b`.
fn group_column(by: Breakdown) -> &'static str {
    match by {
        Breakdown::Bcp => "d.bcp",
        Breakdown::Section => "coalesce(b.border_section, '')",
        Breakdown::BorderType => "coalesce(b.kind, '')",
        Breakdown::Nationality => "d.nationality",
        Breakdown::Direction => "d.direction",
        Breakdown::Total => "''::text",
    }
}

/// The WHERE clause of a query (days `$1`..`$2`, nationality rows, the BCP scope `$3`).
fn query_filter(q: &IndicatorQuery) -> String {
    let nationality = if q.by == Breakdown::Nationality {
        "d.nationality <> '*'"
    } else {
        "d.nationality = '*'"
    };
    let mut sql = format!("{nationality} AND d.day >= $1 AND d.day <= $2");
    if q.bcps.is_some() {
        sql.push_str(" AND d.bcp = ANY($3)");
    }
    sql
}

fn manual_row(r: &Row) -> StoreResult<ManualFigure> {
    let count: i64 = col(r, 4)?;
    Ok(ManualFigure {
        id: col(r, 0)?,
        figure: NewManualFigure {
            day: col(r, 1)?,
            bcp: col(r, 2)?,
            indicator: col(r, 3)?,
            count: u64::try_from(count).unwrap_or(0),
            source: col(r, 5)?,
        },
        entered_by: col(r, 6)?,
        entered_at: col(r, 7)?,
    })
}

/// Serialises recounts across processes (a transaction-scoped advisory lock).
const RECOUNT_LOCK: i64 = 0x4c49_4d45_535f_4943; // "LIMES_IC"

#[async_trait]
impl IndicatorStore for PgStore {
    async fn refresh_indicators(&self) -> StoreResult<u64> {
        let mut c = self.conn().await?;
        let pending = c
            .query_one("SELECT EXISTS (SELECT 1 FROM indicator_dirty)", &[])
            .await
            .map_err(backend)?;
        if !col::<bool>(&pending, 0)? {
            return Ok(0);
        }
        let tx = c.transaction().await.map_err(backend)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&RECOUNT_LOCK])
            .await
            .map_err(backend)?;
        // Taking the marks out first: a record written while we count marks its day again (its insert waits for
        // this transaction on the deleted row), so the next refresh counts it.
        let marked = tx
            .query("DELETE FROM indicator_dirty RETURNING source, day", &[])
            .await
            .map_err(backend)?;
        let mut recounted = 0;
        for row in &marked {
            let name: String = col(row, 0)?;
            let day: NaiveDate = col(row, 1)?;
            match SOURCES.iter().find(|s| s.name == name) {
                Some(source) => {
                    recount_day(&tx, source, day).await?;
                    recounted += 1;
                }
                // A source this version does not know stays marked for the version that does.
                None => {
                    tx.execute(
                        "INSERT INTO indicator_dirty (source, day) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        &[&name, &day],
                    )
                    .await
                    .map_err(backend)?;
                }
            }
        }
        tx.commit().await.map_err(backend)?;
        Ok(recounted)
    }

    async fn mark_indicator_days(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<()> {
        let names: Vec<&str> = SOURCES.iter().map(|s| s.name).collect();
        let c = self.conn().await?;
        c.execute(
            "INSERT INTO indicator_dirty (source, day)
             SELECT s, d::date FROM unnest($1::text[]) AS s, generate_series($2::date, $3::date, interval '1 day') AS d
             ON CONFLICT DO NOTHING",
            &[&names, &from, &to],
        )
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn indicator_counts(&self, query: &IndicatorQuery) -> StoreResult<Vec<DailyCount>> {
        let sql = format!(
            "SELECT d.day, {group} AS grp, d.indicator, d.detail, sum(d.count)::bigint
             FROM indicator_daily d LEFT JOIN bcps b ON b.code = d.bcp
             WHERE {filter} GROUP BY d.day, grp, d.indicator, d.detail ORDER BY d.day",
            group = group_column(query.by),
            filter = query_filter(query)
        );
        let c = self.conn().await?;
        let bcps = query.bcps.clone().unwrap_or_default();
        let mut args: Vec<&(dyn ToSql + Sync)> = vec![&query.from, &query.to];
        if query.bcps.is_some() {
            args.push(&bcps);
        }
        let rows = c.query(&sql, &args).await.map_err(backend)?;
        rows.iter()
            .map(|r| {
                let count: i64 = col(r, 4)?;
                Ok(DailyCount {
                    day: col(r, 0)?,
                    group: col(r, 1)?,
                    indicator: col(r, 2)?,
                    detail: col(r, 3)?,
                    count: u64::try_from(count).unwrap_or(0),
                })
            })
            .collect()
    }

    async fn indicator_coverage(
        &self,
        query: &IndicatorQuery,
    ) -> StoreResult<Vec<(NaiveDate, String)>> {
        let filter = query_filter(&IndicatorQuery {
            by: Breakdown::Bcp,
            ..query.clone()
        });
        let sql = format!(
            "SELECT DISTINCT d.day, d.bcp FROM indicator_daily d
             WHERE {filter} AND d.source IN ('crossings', 'history') AND d.indicator = 'crossings' AND d.detail = ''
             ORDER BY d.day, d.bcp"
        );
        let c = self.conn().await?;
        let bcps = query.bcps.clone().unwrap_or_default();
        let mut args: Vec<&(dyn ToSql + Sync)> = vec![&query.from, &query.to];
        if query.bcps.is_some() {
            args.push(&bcps);
        }
        let rows = c.query(&sql, &args).await.map_err(backend)?;
        rows.iter().map(|r| Ok((col(r, 0)?, col(r, 1)?))).collect()
    }

    async fn record_manual_figure(
        &self,
        figure: NewManualFigure,
        entered_by: &str,
        entered_at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<ManualFigure> {
        let entered_by = entered_by.to_string();
        let entered_at = ts(&entered_at);
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let id = new_id();
                    let count = i64::try_from(figure.count).unwrap_or(i64::MAX);
                    ctx.tx
                        .execute(
                            "INSERT INTO indicator_manual (id, day, bcp, indicator, count, source, entered_by, entered_at)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                            &[
                                &id,
                                &figure.day,
                                &figure.bcp,
                                &figure.indicator,
                                &count,
                                &figure.source,
                                &entered_by,
                                &entered_at,
                            ],
                        )
                        .await
                        .map_err(backend)?;
                    let mut audit = audit;
                    audit
                        .subject
                        .get_or_insert_with(|| format!("indicator_figure:{id}"));
                    ctx.audit(&audit).await?;
                    Ok(ManualFigure {
                        id,
                        figure,
                        entered_by,
                        entered_at,
                    })
                })
            })
            .await
    }

    async fn manual_figures(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ManualFigure>> {
        let c = self.conn().await?;
        let rows = c
            .query(
                "SELECT id, day, bcp, indicator, count, source, entered_by, entered_at FROM indicator_manual
                 WHERE day >= $1 AND day <= $2 ORDER BY entered_at DESC, id DESC",
                &[&from, &to],
            )
            .await
            .map_err(backend)?;
        rows.iter().map(manual_row).collect()
    }

    async fn stage_historical_crossings(
        &self,
        import: &str,
        batch: Vec<StagedHistoricalCrossing>,
    ) -> StoreResult<()> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await.map_err(backend)?;
        let st = tx
            .prepare_cached(
                "INSERT INTO historical_crossings (import_id, line, at, bcp, direction, outcome, refusal_reason,
                   nationality, document_type, sex, birth_year) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .await
            .map_err(backend)?;
        for s in &batch {
            let r = &s.record;
            let line = i64::try_from(s.line).unwrap_or(i64::MAX);
            tx.execute(
                &st,
                &[
                    &import,
                    &line,
                    &ts(&r.at),
                    &r.bcp,
                    &r.direction.as_str(),
                    &r.outcome.as_str(),
                    &r.refusal_reason,
                    &r.nationality,
                    &r.document_type,
                    &r.sex,
                    &r.birth_year,
                ],
            )
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn commit_historical_crossings(
        &self,
        import: &str,
        audit: AuditEvent,
    ) -> StoreResult<u64> {
        let import = import.to_string();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let n = ctx
                        .tx
                        .execute(
                            "UPDATE historical_crossings SET committed = true WHERE import_id = $1 AND NOT committed",
                            &[&import],
                        )
                        .await
                        .map_err(backend)?;
                    let mut audit = audit;
                    audit
                        .subject
                        .get_or_insert_with(|| format!("crossing_import:{import}"));
                    ctx.audit(&audit).await?;
                    Ok(n)
                })
            })
            .await
    }

    async fn discard_historical_crossings(&self, import: &str) -> StoreResult<()> {
        let c = self.conn().await?;
        c.execute(
            "DELETE FROM historical_crossings WHERE import_id = $1 AND NOT committed",
            &[&import],
        )
        .await
        .map_err(backend)?;
        Ok(())
    }
}
