//! Risk indicators on SQLite: the sources counted into `indicator_daily` (one SELECT per source over one UTC day),
//! the recount of the days the triggers of migration 0022 marked, and the reads by breakdown.
use crate::{backend, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::indicators::Breakdown;
use limes_store::{
    new_id, DailyCount, IndicatorQuery, IndicatorStore, ManualFigure, NewManualFigure,
    StagedHistoricalCrossing, StoreResult,
};
use rusqlite::{params, params_from_iter, Connection, Row};

/// A source of indicator counts: the SELECT that counts one day of its records (`?1` the day, `?2` the next day,
/// as 'YYYY-MM-DD', compared with the records' RFC 3339 UTC text), giving (bcp, direction, nationality,
/// indicator, detail, n). A domain adds its source here, the same in the PostgreSQL backend, and a trigger that
/// marks its days in `indicator_dirty` in its migration.
struct Source {
    name: &'static str,
    count_day: &'static str,
}

const SOURCES: &[Source] = &[
    Source {
        name: "crossings",
        count_day: "WITH c AS (SELECT bcp, direction, nationality, outcome, first_outcome, status, refusal_reason,
                        alert_count, hit_count, result_json
                      FROM crossings WHERE at >= ?1 AND at < ?2 AND status NOT IN ('abandoned', 'superseded'))
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
           ) GROUP BY bcp, direction, nationality, indicator, detail",
    },
    Source {
        name: "history",
        count_day: "WITH c AS (SELECT bcp, direction, nationality, outcome, refusal_reason FROM historical_crossings
                      WHERE at >= ?1 AND at < ?2 AND committed = 1)
           SELECT bcp, direction, nationality, indicator, detail, count(*) FROM (
             SELECT bcp, direction, nationality, 'crossings' AS indicator, '' AS detail FROM c
             UNION ALL SELECT bcp, direction, nationality, 'refusals', '' FROM c WHERE outcome = 'refused'
             UNION ALL SELECT bcp, direction, nationality, 'refusals', coalesce(nullif(refusal_reason, ''), 'unknown')
               FROM c WHERE outcome = 'refused'
             UNION ALL SELECT bcp, direction, nationality, 'protection_requests', '' FROM c
               WHERE outcome = 'international_protection'
           ) GROUP BY bcp, direction, nationality, indicator, detail",
    },
    Source {
        name: "paxlst",
        count_day: "WITH h AS (SELECT coalesce(f.arrival_bcp, '') AS bcp, t.nationality, h.status, h.kind, h.source
                      FROM api_hits h JOIN api_travellers t ON t.id = h.traveller_id
                      LEFT JOIN api_flights f ON f.key = h.flight_key
                      WHERE h.created_at >= ?1 AND h.created_at < ?2)
           SELECT bcp, 'entry', nationality, indicator, detail, count(*) FROM (
             SELECT bcp, nationality, 'paxlst_hits' AS indicator, '' AS detail FROM h
             UNION ALL SELECT bcp, nationality, 'paxlst_hits_confirmed', '' FROM h WHERE status = 'confirmed'
             UNION ALL SELECT bcp, nationality, 'paxlst_rule_hits', '' FROM h WHERE kind = 'rule'
             UNION ALL SELECT bcp, nationality, 'paxlst_rule_hits', source FROM h WHERE kind = 'rule'
             UNION ALL SELECT bcp, nationality, 'paxlst_rule_confirmed', '' FROM h
               WHERE kind = 'rule' AND status = 'confirmed'
             UNION ALL SELECT bcp, nationality, 'paxlst_rule_confirmed', source FROM h
               WHERE kind = 'rule' AND status = 'confirmed'
           ) GROUP BY bcp, nationality, indicator, detail",
    },
    Source {
        name: "goods",
        count_day: "WITH i AS (SELECT coalesce(bcp, '') AS bcp, declaration_id, lane, found FROM goods_inspections i
                      WHERE i.created_at >= ?1 AND i.created_at < ?2),
                r AS (SELECT i.bcp, s.rule_id, i.found FROM i JOIN goods_selections s ON s.declaration_id = i.declaration_id)
           SELECT bcp, '', '', indicator, detail, count(*) FROM (
             SELECT bcp, 'goods_inspections' AS indicator, '' AS detail FROM i
             UNION ALL SELECT bcp, 'goods_inspections', lane FROM i
             UNION ALL SELECT bcp, 'goods_detections', '' FROM i WHERE found = 1
             UNION ALL SELECT bcp, 'goods_detections', lane FROM i WHERE found = 1
             UNION ALL SELECT bcp, 'goods_rule_inspections', '' FROM r
             UNION ALL SELECT bcp, 'goods_rule_inspections', rule_id FROM r
             UNION ALL SELECT bcp, 'goods_rule_detections', '' FROM r WHERE found = 1
             UNION ALL SELECT bcp, 'goods_rule_detections', rule_id FROM r WHERE found = 1
           ) GROUP BY bcp, indicator, detail",
    },
    Source {
        name: "manual",
        count_day: "SELECT coalesce(bcp, ''), '', '', indicator, '', sum(count) FROM indicator_manual
           WHERE day >= ?1 AND day < ?2 GROUP BY 1, 4",
    },
];

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| crate::bad_value("day", s))
}

/// Recount one day of one source: its rows by nationality, then the rows summed over nationalities ('*').
fn recount_day(tx: &Connection, source: &Source, day: &str) -> rusqlite::Result<()> {
    let next = parse_day(day)?
        .succ_opt()
        .map(day_text)
        .unwrap_or_else(|| day.to_string());
    tx.execute(
        "DELETE FROM indicator_daily WHERE day = ?1 AND source = ?2",
        params![day, source.name],
    )?;
    tx.prepare_cached(&format!(
        "WITH counted (bcp, direction, nationality, indicator, detail, n) AS ({sql})
         INSERT INTO indicator_daily (nationality, day, source, bcp, direction, indicator, detail, count)
         SELECT nationality, ?1, '{name}', bcp, direction, indicator, detail, n FROM counted WHERE n > 0",
        name = source.name,
        sql = source.count_day
    ))?
    .execute(params![day, next])?;
    tx.prepare_cached(
        "INSERT INTO indicator_daily (nationality, day, source, bcp, direction, indicator, detail, count)
         SELECT '*', day, source, bcp, direction, indicator, detail, sum(count) FROM indicator_daily
         WHERE day = ?1 AND source = ?2 AND nationality <> '*' GROUP BY bcp, direction, indicator, detail",
    )?
    .execute(params![day, source.name])?;
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
        Breakdown::Total => "''",
    }
}

/// The WHERE clause of a query (days, nationality rows, BCP scope) and its parameters.
fn query_filter(q: &IndicatorQuery) -> (String, Vec<String>) {
    let nationality = if q.by == Breakdown::Nationality {
        "d.nationality <> '*'"
    } else {
        "d.nationality = '*'"
    };
    let mut args = vec![day_text(q.from), day_text(q.to)];
    let mut sql = format!("{nationality} AND d.day >= ?1 AND d.day <= ?2");
    if let Some(bcps) = &q.bcps {
        let marks: Vec<String> = (0..bcps.len()).map(|i| format!("?{}", i + 3)).collect();
        if marks.is_empty() {
            sql.push_str(" AND 0");
        } else {
            sql.push_str(&format!(" AND d.bcp IN ({})", marks.join(", ")));
        }
        args.extend(bcps.iter().cloned());
    }
    (sql, args)
}

fn manual_row(r: &Row<'_>) -> rusqlite::Result<ManualFigure> {
    let day: String = r.get(1)?;
    let count: i64 = r.get(4)?;
    Ok(ManualFigure {
        id: r.get(0)?,
        figure: NewManualFigure {
            day: parse_day(&day)?,
            bcp: r.get(2)?,
            indicator: r.get(3)?,
            count: u64::try_from(count).unwrap_or(0),
            source: r.get(5)?,
        },
        entered_by: r.get(6)?,
        entered_at: parse_ts(&r.get::<_, String>(7)?)?,
    })
}

#[async_trait]
impl IndicatorStore for SqliteStore {
    async fn refresh_indicators(&self) -> StoreResult<u64> {
        let pending: bool = self
            .read(|c| {
                c.query_row("SELECT EXISTS (SELECT 1 FROM indicator_dirty)", [], |r| {
                    r.get(0)
                })
            })
            .await?;
        if !pending {
            return Ok(0);
        }
        self.write(|ctx| {
            let tx = ctx.tx;
            let marked: Vec<(String, String)> = tx
                .prepare("SELECT source, day FROM indicator_dirty ORDER BY day, source")
                .and_then(|mut st| {
                    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .map_err(backend)?;
            let mut recounted = 0;
            for (name, day) in &marked {
                // A day a source does not know (another version's source) is left for that version.
                if let Some(source) = SOURCES.iter().find(|s| s.name == name) {
                    recount_day(tx, source, day).map_err(backend)?;
                    tx.execute(
                        "DELETE FROM indicator_dirty WHERE source = ?1 AND day = ?2",
                        params![name, day],
                    )
                    .map_err(backend)?;
                    recounted += 1;
                }
            }
            Ok(recounted)
        })
        .await
    }

    async fn mark_indicator_days(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<()> {
        self.write(move |ctx| {
            let mut st = ctx
                .tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO indicator_dirty (source, day) VALUES (?1, ?2)",
                )
                .map_err(backend)?;
            for source in SOURCES {
                for day in from.iter_days().take_while(|d| *d <= to) {
                    st.execute(params![source.name, day_text(day)])
                        .map_err(backend)?;
                }
            }
            Ok(())
        })
        .await
    }

    async fn indicator_counts(&self, query: &IndicatorQuery) -> StoreResult<Vec<DailyCount>> {
        let (filter, args) = query_filter(query);
        let sql = format!(
            "SELECT d.day, {group} AS grp, d.indicator, d.detail, sum(d.count)
             FROM indicator_daily d LEFT JOIN bcps b ON b.code = d.bcp
             WHERE {filter} GROUP BY d.day, grp, d.indicator, d.detail ORDER BY d.day",
            group = group_column(query.by)
        );
        self.read(move |c| {
            let mut st = c.prepare(&sql)?;
            let rows = st.query_map(params_from_iter(args.iter()), |r| {
                let day: String = r.get(0)?;
                let count: i64 = r.get(4)?;
                Ok(DailyCount {
                    day: parse_day(&day)?,
                    group: r.get(1)?,
                    indicator: r.get(2)?,
                    detail: r.get(3)?,
                    count: u64::try_from(count).unwrap_or(0),
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn indicator_coverage(
        &self,
        query: &IndicatorQuery,
    ) -> StoreResult<Vec<(NaiveDate, String)>> {
        let (filter, args) = query_filter(&IndicatorQuery {
            by: Breakdown::Bcp,
            ..query.clone()
        });
        let sql = format!(
            "SELECT DISTINCT d.day, d.bcp FROM indicator_daily d
             WHERE {filter} AND d.source IN ('crossings', 'history') AND d.indicator = 'crossings' AND d.detail = ''
             ORDER BY d.day, d.bcp"
        );
        self.read(move |c| {
            let mut st = c.prepare(&sql)?;
            let rows = st.query_map(params_from_iter(args.iter()), |r| {
                let day: String = r.get(0)?;
                Ok((parse_day(&day)?, r.get(1)?))
            })?;
            rows.collect()
        })
        .await
    }

    async fn record_manual_figure(
        &self,
        figure: NewManualFigure,
        entered_by: &str,
        entered_at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<ManualFigure> {
        let entered_by = entered_by.to_string();
        self.write(move |ctx| {
            let id = new_id();
            let count = i64::try_from(figure.count).unwrap_or(i64::MAX);
            ctx.tx
                .execute(
                    "INSERT INTO indicator_manual (id, day, bcp, indicator, count, source, entered_by, entered_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        id,
                        day_text(figure.day),
                        figure.bcp,
                        figure.indicator,
                        count,
                        figure.source,
                        entered_by,
                        ts(&entered_at)
                    ],
                )
                .map_err(backend)?;
            let mut audit = audit;
            audit.subject.get_or_insert_with(|| format!("indicator_figure:{id}"));
            ctx.audit(&audit)?;
            Ok(ManualFigure {
                id,
                figure,
                entered_by,
                entered_at,
            })
        })
        .await
    }

    async fn manual_figures(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ManualFigure>> {
        self.read(move |c| {
            let mut st = c.prepare(
                "SELECT id, day, bcp, indicator, count, source, entered_by, entered_at FROM indicator_manual
                 WHERE day >= ?1 AND day <= ?2 ORDER BY entered_at DESC, id DESC",
            )?;
            let rows = st.query_map(params![day_text(from), day_text(to)], manual_row)?;
            rows.collect()
        })
        .await
    }

    async fn stage_historical_crossings(
        &self,
        import: &str,
        batch: Vec<StagedHistoricalCrossing>,
    ) -> StoreResult<()> {
        let import = import.to_string();
        self.write(move |ctx| {
            let mut st = ctx
                .tx
                .prepare_cached(
                    "INSERT INTO historical_crossings (import_id, line, at, bcp, direction, outcome, refusal_reason,
                       nationality, document_type, sex, birth_year) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .map_err(backend)?;
            for s in &batch {
                let r = &s.record;
                st.execute(params![
                    import,
                    i64::try_from(s.line).unwrap_or(i64::MAX),
                    ts(&r.at),
                    r.bcp,
                    r.direction.as_str(),
                    r.outcome.as_str(),
                    r.refusal_reason,
                    r.nationality,
                    r.document_type,
                    r.sex,
                    r.birth_year
                ])
                .map_err(backend)?;
            }
            Ok(())
        })
        .await
    }

    async fn commit_historical_crossings(
        &self,
        import: &str,
        audit: AuditEvent,
    ) -> StoreResult<u64> {
        let import = import.to_string();
        self.write(move |ctx| {
            let n = ctx
                .tx
                .execute(
                    "UPDATE historical_crossings SET committed = 1 WHERE import_id = ?1 AND committed = 0",
                    [&import],
                )
                .map_err(backend)?;
            let mut audit = audit;
            audit.subject.get_or_insert_with(|| format!("crossing_import:{import}"));
            ctx.audit(&audit)?;
            Ok(n as u64)
        })
        .await
    }

    async fn discard_historical_crossings(&self, import: &str) -> StoreResult<()> {
        let import = import.to_string();
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "DELETE FROM historical_crossings WHERE import_id = ?1 AND committed = 0",
                    [&import],
                )
                .map_err(backend)?;
            Ok(())
        })
        .await
    }
}
