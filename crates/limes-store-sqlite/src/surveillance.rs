//! Surveillance on SQLite: incidents and patrols as JSON with their index columns; incidents found by box and
//! time through an R*Tree over (longitude, latitude, hour); border sections in the generic sync table (they go
//! down from the centre).
use crate::writer::WriteCtx;
use crate::{backend, sync, SqliteStore};
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::surveillance::{BBox, BorderSection, Incident, Patrol, Territory};
use limes_store::surveillance::{epoch_seconds, AreaQuery, BorderSections, Incidents, Patrols};
use limes_store::sync::{NodeRole, RecordKind};
use limes_store::{StoreError, StoreResult, SurveillanceStore};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn json<T: Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

fn parse<T: DeserializeOwned>(what: &str, s: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Backend(format!("{what} json: {e}")))
}

fn hour(seconds: i64) -> f64 {
    seconds as f64 / 3600.0
}

fn conflict_or_backend(e: rusqlite::Error, what: &str, id: &str) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            StoreError::Conflict(format!("{what} {id} exists already"))
        }
        _ => backend(e),
    }
}

/// Write an incident's row and its R*Tree box (insert, or replace when `replace`).
fn put_incident(ctx: &WriteCtx<'_>, incident: &Incident, replace: bool) -> StoreResult<()> {
    let record = json(incident)?;
    let b = incident.location.bbox();
    let at = epoch_seconds(&incident.occurred_at);
    let seq: i64 = if replace {
        let seq: Option<i64> = ctx
            .tx
            .query_row(
                "SELECT seq FROM incidents WHERE id = ?1",
                [&incident.id],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)?;
        let seq = seq.ok_or_else(|| StoreError::NotFound(format!("incident {}", incident.id)))?;
        ctx.tx
            .execute(
                "UPDATE incidents SET bcp = ?2, class = ?3, occurred_at = ?4, min_lon = ?5, min_lat = ?6,
                   max_lon = ?7, max_lat = ?8, record = ?9 WHERE seq = ?1",
                params![
                    seq,
                    incident.bcp,
                    incident.class.as_str(),
                    at,
                    b.min_lon,
                    b.min_lat,
                    b.max_lon,
                    b.max_lat,
                    record
                ],
            )
            .map_err(backend)?;
        ctx.tx
            .execute("DELETE FROM incidents_rtree WHERE seq = ?1", [seq])
            .map_err(backend)?;
        seq
    } else {
        ctx.tx
            .prepare_cached(
                "INSERT INTO incidents (id, bcp, class, occurred_at, min_lon, min_lat, max_lon, max_lat, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    incident.id,
                    incident.bcp,
                    incident.class.as_str(),
                    at,
                    b.min_lon,
                    b.min_lat,
                    b.max_lon,
                    b.max_lat,
                    record
                ])
            })
            .map_err(|e| conflict_or_backend(e, "incident", &incident.id))?;
        ctx.tx.last_insert_rowid()
    };
    ctx.tx
        .prepare_cached(
            "INSERT INTO incidents_rtree (seq, min_lon, max_lon, min_lat, max_lat, min_hour, max_hour)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )
        .and_then(|mut st| {
            st.execute(params![
                seq,
                b.min_lon,
                b.max_lon,
                b.min_lat,
                b.max_lat,
                hour(at)
            ])
        })
        .map_err(backend)?;
    sync::queue_up(ctx, Incidents::KIND, &incident.id, &record)?;
    Ok(())
}

fn put_patrol(
    ctx: &WriteCtx<'_>,
    patrol: &Patrol,
    bbox: Option<BBox>,
    replace: bool,
) -> StoreResult<()> {
    let record = json(patrol)?;
    let (start, end) = patrol.window();
    let b = bbox.map(|b| (b.min_lon, b.min_lat, b.max_lon, b.max_lat));
    let values = params![
        patrol.id,
        patrol.bcp,
        epoch_seconds(&start),
        epoch_seconds(&end),
        b.map(|b| b.0),
        b.map(|b| b.1),
        b.map(|b| b.2),
        b.map(|b| b.3),
        record
    ];
    if replace {
        let n = ctx
            .tx
            .execute(
                "UPDATE patrols SET bcp = ?2, starts_at = ?3, ends_at = ?4, min_lon = ?5, min_lat = ?6,
                   max_lon = ?7, max_lat = ?8, record = ?9 WHERE id = ?1",
                values,
            )
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("patrol {}", patrol.id)));
        }
    } else {
        ctx.tx
            .execute(
                "INSERT INTO patrols (id, bcp, starts_at, ends_at, min_lon, min_lat, max_lon, max_lat, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                values,
            )
            .map_err(|e| conflict_or_backend(e, "patrol", &patrol.id))?;
    }
    sync::queue_up(ctx, Patrols::KIND, &patrol.id, &record)
}

/// The `AND bcp IN (…)` clause of a query limited to some BCPs' areas, its values pushed to `args`.
fn bcp_clause(bcps: &[String], args: &mut Vec<Value>) -> String {
    if bcps.is_empty() {
        return String::new();
    }
    let marks: Vec<String> = bcps
        .iter()
        .map(|b| {
            args.push(Value::Text(b.clone()));
            format!("?{}", args.len())
        })
        .collect();
    format!(" AND bcp IN ({})", marks.join(", "))
}

#[async_trait]
impl SurveillanceStore for SqliteStore {
    async fn put_border_section(
        &self,
        section: BorderSection,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let record = json(&section)?;
        self.write(move |ctx| {
            if ctx.role == NodeRole::Bcp {
                return Err(StoreError::Invalid(
                    "border sections are configured at the centre and sent down".into(),
                ));
            }
            let key = BorderSections::key(&section);
            let version = sync::next_version(ctx.tx, BorderSections::KIND)?;
            let row = sync::RecordVersion {
                kind: BorderSections::KIND,
                origin: "",
                key: &key,
                version,
            };
            sync::upsert_record(ctx.tx, &row, Some(&record), &audit.at)?;
            if ctx.role == NodeRole::Centre {
                let message =
                    sync::record_message(BorderSections::KIND, &key, version, Some(&record))?;
                sync::push_messages(ctx, vec![message])?;
            }
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn border_sections(&self) -> StoreResult<Vec<BorderSection>> {
        let rows: Vec<String> = self
            .read(|c| {
                let mut st = c.prepare_cached(
                    "SELECT payload FROM sync_records WHERE kind = ?1 AND payload IS NOT NULL ORDER BY key",
                )?;
                let rows = st.query_map([BorderSections::KIND], |r| r.get(0))?;
                rows.collect()
            })
            .await?;
        rows.iter().map(|r| parse("border section", r)).collect()
    }

    async fn put_territory(&self, territory: Territory, audit: AuditEvent) -> StoreResult<()> {
        let record = json(&territory)?;
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO surveillance_territory (only_row, record) VALUES (1, ?1)
                     ON CONFLICT (only_row) DO UPDATE SET record = excluded.record",
                    [&record],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn territory(&self) -> StoreResult<Option<Territory>> {
        let row: Option<String> = self
            .read(|c| {
                c.query_row("SELECT record FROM surveillance_territory", [], |r| {
                    r.get(0)
                })
                .optional()
            })
            .await?;
        row.map(|r| parse("territory", &r)).transpose()
    }

    async fn record_incident(&self, incident: Incident, audit: AuditEvent) -> StoreResult<()> {
        self.write(move |ctx| {
            put_incident(ctx, &incident, false)?;
            ctx.audit(&audit).map(|_| ())
        })
        .await
    }

    async fn update_incident(&self, incident: Incident, audit: AuditEvent) -> StoreResult<()> {
        self.write(move |ctx| {
            put_incident(ctx, &incident, true)?;
            ctx.audit(&audit).map(|_| ())
        })
        .await
    }

    async fn incident(&self, id: &str) -> StoreResult<Option<Incident>> {
        let id = id.to_string();
        let row: Option<String> = self
            .read(move |c| {
                c.query_row("SELECT record FROM incidents WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })
                .optional()
            })
            .await?;
        row.map(|r| parse("incident", &r)).transpose()
    }

    async fn incidents(&self, query: &AreaQuery) -> StoreResult<Vec<Incident>> {
        let q = query.clone();
        let rows: Vec<String> = self
            .read(move |c| {
                let mut args: Vec<Value> = Vec::new();
                let mut push = |v: Value| {
                    args.push(v);
                    format!("?{}", args.len())
                };
                let mut sql = String::from("SELECT i.record FROM incidents i");
                let mut filters: Vec<String> = Vec::new();
                if q.bbox.is_some() || q.from.is_some() || q.to.is_some() {
                    // The R*Tree narrows by box and hour; the exact columns decide.
                    let b = q.bbox.unwrap_or(BBox::WORLD);
                    let from = q.from.map(|t| epoch_seconds(&t)).unwrap_or(i64::MIN / 2);
                    let to = q.to.map(|t| epoch_seconds(&t)).unwrap_or(i64::MAX / 2);
                    let (a, bb, cc, d, e, f) = (
                        push(Value::Real(b.min_lon)),
                        push(Value::Real(b.max_lon)),
                        push(Value::Real(b.min_lat)),
                        push(Value::Real(b.max_lat)),
                        push(Value::Real(hour(from) - 1.0)),
                        push(Value::Real(hour(to) + 1.0)),
                    );
                    sql.push_str(" JOIN incidents_rtree r ON r.seq = i.seq");
                    filters.push(format!(
                        "r.max_lon >= {a} AND r.min_lon <= {bb} AND r.max_lat >= {cc} AND r.min_lat <= {d}
                         AND r.max_hour >= {e} AND r.min_hour <= {f}"
                    ));
                    let (g, h) = (push(Value::Integer(from)), push(Value::Integer(to)));
                    filters.push(format!(
                        "i.max_lon >= {a} AND i.min_lon <= {bb} AND i.max_lat >= {cc} AND i.min_lat <= {d}
                         AND i.occurred_at >= {g} AND i.occurred_at < {h}"
                    ));
                }
                if let Some(class) = q.class {
                    let p = push(Value::Text(class.as_str().to_string()));
                    filters.push(format!("i.class = {p}"));
                }
                let mut where_sql = if filters.is_empty() {
                    " WHERE 1 = 1".to_string()
                } else {
                    format!(" WHERE {}", filters.join(" AND "))
                };
                where_sql.push_str(&bcp_clause(&q.bcps, &mut args).replace("bcp", "i.bcp"));
                sql.push_str(&where_sql);
                args.push(Value::Integer(q.limit as i64));
                sql.push_str(&format!(
                    " ORDER BY i.occurred_at DESC, i.seq DESC LIMIT ?{}",
                    args.len()
                ));
                let mut st = c.prepare_cached(&sql)?;
                let rows = st.query_map(params_from_iter(args), |r| r.get(0))?;
                rows.collect()
            })
            .await?;
        rows.iter().map(|r| parse("incident", r)).collect()
    }

    async fn incident_count(&self) -> StoreResult<u64> {
        self.read(|c| c.query_row("SELECT count(*) FROM incidents", [], |r| r.get(0)))
            .await
    }

    async fn record_patrol(
        &self,
        patrol: Patrol,
        bbox: Option<BBox>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            put_patrol(ctx, &patrol, bbox, false)?;
            ctx.audit(&audit).map(|_| ())
        })
        .await
    }

    async fn update_patrol(
        &self,
        patrol: Patrol,
        bbox: Option<BBox>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            put_patrol(ctx, &patrol, bbox, true)?;
            ctx.audit(&audit).map(|_| ())
        })
        .await
    }

    async fn patrol(&self, id: &str) -> StoreResult<Option<Patrol>> {
        let id = id.to_string();
        let row: Option<String> = self
            .read(move |c| {
                c.query_row("SELECT record FROM patrols WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })
                .optional()
            })
            .await?;
        row.map(|r| parse("patrol", &r)).transpose()
    }

    async fn patrols(&self, query: &AreaQuery) -> StoreResult<Vec<Patrol>> {
        let q = query.clone();
        let rows: Vec<String> = self
            .read(move |c| {
                let mut args: Vec<Value> = Vec::new();
                let mut sql = String::from("SELECT record FROM patrols WHERE 1 = 1");
                if let Some(from) = q.from {
                    args.push(Value::Integer(epoch_seconds(&from)));
                    sql.push_str(&format!(" AND ends_at > ?{}", args.len()));
                }
                if let Some(to) = q.to {
                    args.push(Value::Integer(epoch_seconds(&to)));
                    sql.push_str(&format!(" AND starts_at < ?{}", args.len()));
                }
                if let Some(b) = q.bbox {
                    for (col, op, v) in [
                        ("max_lon", ">=", b.min_lon),
                        ("min_lon", "<=", b.max_lon),
                        ("max_lat", ">=", b.min_lat),
                        ("min_lat", "<=", b.max_lat),
                    ] {
                        args.push(Value::Real(v));
                        sql.push_str(&format!(" AND {col} {op} ?{}", args.len()));
                    }
                }
                let bcps = bcp_clause(&q.bcps, &mut args);
                sql.push_str(&bcps);
                args.push(Value::Integer(q.limit as i64));
                sql.push_str(&format!(
                    " ORDER BY starts_at DESC, seq DESC LIMIT ?{}",
                    args.len()
                ));
                let mut st = c.prepare_cached(&sql)?;
                let rows = st.query_map(params_from_iter(args), |r| r.get(0))?;
                rows.collect()
            })
            .await?;
        rows.iter().map(|r| parse("patrol", r)).collect()
    }
}
