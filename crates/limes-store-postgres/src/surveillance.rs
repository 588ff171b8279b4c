//! Surveillance on PostgreSQL (the centre): incidents and patrols as JSON with their index columns, found by a
//! GiST index on their box and a B-tree on time; border sections in the generic sync table, sent down.
use crate::sync::{push_messages, put_own_record, record_message, stored_role};
use crate::{backend, col, count, is_unique_violation, PgStore};
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::surveillance::{BBox, BorderSection, Incident, Patrol, Territory};
use limes_store::surveillance::{epoch_seconds, AreaQuery, BorderSections};
use limes_store::sync::{NodeRole, RecordKind};
use limes_store::{StoreError, StoreResult, SurveillanceStore};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio_postgres::types::ToSql;
use tokio_postgres::Transaction;

fn json<T: Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

fn parse<T: DeserializeOwned>(what: &str, s: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Backend(format!("{what} json: {e}")))
}

fn unique(e: tokio_postgres::Error, what: &str, id: &str) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Conflict(format!("{what} {id} exists already"))
    } else {
        backend(e)
    }
}

async fn put_incident(tx: &Transaction<'_>, i: &Incident, replace: bool) -> StoreResult<()> {
    let record = json(i)?;
    let b = i.location.bbox();
    let at = epoch_seconds(&i.occurred_at);
    let class = i.class.as_str();
    let values: [&(dyn ToSql + Sync); 9] = [
        &i.id, &i.bcp, &class, &at, &b.min_lon, &b.min_lat, &b.max_lon, &b.max_lat, &record,
    ];
    if replace {
        let n = tx
            .execute(
                "UPDATE incidents SET bcp = $2, class = $3, occurred_at = $4, min_lon = $5, min_lat = $6,
                   max_lon = $7, max_lat = $8, record = $9 WHERE id = $1",
                &values,
            )
            .await
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("incident {}", i.id)));
        }
    } else {
        tx.execute(
            "INSERT INTO incidents (id, bcp, class, occurred_at, min_lon, min_lat, max_lon, max_lat, record)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &values,
        )
        .await
        .map_err(|e| unique(e, "incident", &i.id))?;
    }
    Ok(())
}

async fn put_patrol(
    tx: &Transaction<'_>,
    p: &Patrol,
    bbox: Option<BBox>,
    replace: bool,
) -> StoreResult<()> {
    let record = json(p)?;
    let (start, end) = p.window();
    let (start, end) = (epoch_seconds(&start), epoch_seconds(&end));
    let (a, b, c, d) = (
        bbox.map(|b| b.min_lon),
        bbox.map(|b| b.min_lat),
        bbox.map(|b| b.max_lon),
        bbox.map(|b| b.max_lat),
    );
    let values: [&(dyn ToSql + Sync); 9] = [&p.id, &p.bcp, &start, &end, &a, &b, &c, &d, &record];
    if replace {
        let n = tx
            .execute(
                "UPDATE patrols SET bcp = $2, starts_at = $3, ends_at = $4, min_lon = $5, min_lat = $6,
                   max_lon = $7, max_lat = $8, record = $9 WHERE id = $1",
                &values,
            )
            .await
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("patrol {}", p.id)));
        }
    } else {
        tx.execute(
            "INSERT INTO patrols (id, bcp, starts_at, ends_at, min_lon, min_lat, max_lon, max_lat, record)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &values,
        )
        .await
        .map_err(|e| unique(e, "patrol", &p.id))?;
    }
    Ok(())
}

/// A query's SQL and its values, built clause by clause.
struct Sql {
    text: String,
    values: Vec<Box<dyn ToSql + Sync + Send>>,
}

impl Sql {
    fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            values: Vec::new(),
        }
    }
    /// The placeholder of a new value.
    fn value(&mut self, v: impl ToSql + Sync + Send + 'static) -> String {
        self.values.push(Box::new(v));
        format!("${}", self.values.len())
    }
    fn and(&mut self, clause: String) {
        self.text.push_str(" AND ");
        self.text.push_str(&clause);
    }
    fn bcps(&mut self, bcps: &[String]) {
        if !bcps.is_empty() {
            let p = self.value(bcps.to_vec());
            self.and(format!("bcp = ANY({p})"));
        }
    }
    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.values
            .iter()
            .map(|v| v.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

impl PgStore {
    async fn records<T: DeserializeOwned>(&self, what: &str, sql: Sql) -> StoreResult<Vec<T>> {
        let c = self.conn().await?;
        let rows = c
            .query(sql.text.as_str(), &sql.params())
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| parse(what, &col::<String>(r, 0)?))
            .collect()
    }

    async fn record<T: DeserializeOwned>(
        &self,
        what: &str,
        sql: &str,
        id: &str,
    ) -> StoreResult<Option<T>> {
        let c = self.conn().await?;
        let row = c.query_opt(sql, &[&id]).await.map_err(backend)?;
        row.map(|r| parse(what, &col::<String>(&r, 0)?)).transpose()
    }
}

#[async_trait]
impl SurveillanceStore for PgStore {
    async fn put_border_section(
        &self,
        section: BorderSection,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let record = json(&section)?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let role = stored_role(ctx.tx).await?;
                    if role == NodeRole::Bcp {
                        return Err(StoreError::Invalid(
                            "border sections are configured at the centre and sent down".into(),
                        ));
                    }
                    let key = BorderSections::key(&section);
                    let version = put_own_record(
                        ctx.tx,
                        BorderSections::KIND,
                        &key,
                        Some(&record),
                        &audit.at,
                    )
                    .await?;
                    if role == NodeRole::Centre {
                        let message =
                            record_message(BorderSections::KIND, &key, version, Some(&record))?;
                        push_messages(ctx.tx, vec![message]).await?;
                    }
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn border_sections(&self) -> StoreResult<Vec<BorderSection>> {
        let mut sql =
            Sql::new("SELECT payload FROM sync_records WHERE payload IS NOT NULL AND kind = ");
        let p = sql.value(BorderSections::KIND.to_string());
        sql.text.push_str(&p);
        sql.text.push_str(" ORDER BY key COLLATE \"C\"");
        self.records("border section", sql).await
    }

    async fn put_territory(&self, territory: Territory, audit: AuditEvent) -> StoreResult<()> {
        let record = json(&territory)?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    ctx.tx
                        .execute(
                            "INSERT INTO surveillance_territory (only_row, record) VALUES (1, $1)
                             ON CONFLICT (only_row) DO UPDATE SET record = excluded.record",
                            &[&record],
                        )
                        .await
                        .map_err(backend)?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn territory(&self) -> StoreResult<Option<Territory>> {
        let c = self.conn().await?;
        let row = c
            .query_opt("SELECT record FROM surveillance_territory", &[])
            .await
            .map_err(backend)?;
        row.map(|r| parse("territory", &col::<String>(&r, 0)?))
            .transpose()
    }

    async fn record_incident(&self, incident: Incident, audit: AuditEvent) -> StoreResult<()> {
        // Kept here (a BCP node runs on SQLite: nothing goes up from this database).
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    put_incident(ctx.tx, &incident, false).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn update_incident(&self, incident: Incident, audit: AuditEvent) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    put_incident(ctx.tx, &incident, true).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn incident(&self, id: &str) -> StoreResult<Option<Incident>> {
        self.record("incident", "SELECT record FROM incidents WHERE id = $1", id)
            .await
    }

    async fn incidents(&self, q: &AreaQuery) -> StoreResult<Vec<Incident>> {
        let mut sql = Sql::new("SELECT record FROM incidents WHERE true");
        if let Some(b) = q.bbox {
            let (a, bb, c, d) = (
                sql.value(b.min_lon),
                sql.value(b.min_lat),
                sql.value(b.max_lon),
                sql.value(b.max_lat),
            );
            sql.and(format!(
                "box(point(min_lon, min_lat), point(max_lon, max_lat)) && box(point({a}, {bb}), point({c}, {d}))"
            ));
        }
        if let Some(from) = q.from {
            let p = sql.value(epoch_seconds(&from));
            sql.and(format!("occurred_at >= {p}"));
        }
        if let Some(to) = q.to {
            let p = sql.value(epoch_seconds(&to));
            sql.and(format!("occurred_at < {p}"));
        }
        if let Some(class) = q.class {
            let p = sql.value(class.as_str().to_string());
            sql.and(format!("class = {p}"));
        }
        sql.bcps(&q.bcps);
        let p = sql.value(q.limit as i64);
        sql.text
            .push_str(&format!(" ORDER BY occurred_at DESC, seq DESC LIMIT {p}"));
        self.records("incident", sql).await
    }

    async fn incident_count(&self) -> StoreResult<u64> {
        let c = self.conn().await?;
        let row = c
            .query_one("SELECT count(*) FROM incidents", &[])
            .await
            .map_err(backend)?;
        count(&row, 0)
    }

    async fn record_patrol(
        &self,
        patrol: Patrol,
        bbox: Option<BBox>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    put_patrol(ctx.tx, &patrol, bbox, false).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn update_patrol(
        &self,
        patrol: Patrol,
        bbox: Option<BBox>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    put_patrol(ctx.tx, &patrol, bbox, true).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn patrol(&self, id: &str) -> StoreResult<Option<Patrol>> {
        self.record("patrol", "SELECT record FROM patrols WHERE id = $1", id)
            .await
    }

    async fn patrols(&self, q: &AreaQuery) -> StoreResult<Vec<Patrol>> {
        let mut sql = Sql::new("SELECT record FROM patrols WHERE true");
        if let Some(from) = q.from {
            let p = sql.value(epoch_seconds(&from));
            sql.and(format!("ends_at > {p}"));
        }
        if let Some(to) = q.to {
            let p = sql.value(epoch_seconds(&to));
            sql.and(format!("starts_at < {p}"));
        }
        if let Some(b) = q.bbox {
            for (column, op, v) in [
                ("max_lon", ">=", b.min_lon),
                ("min_lon", "<=", b.max_lon),
                ("max_lat", ">=", b.min_lat),
                ("min_lat", "<=", b.max_lat),
            ] {
                let p = sql.value(v);
                sql.and(format!("{column} {op} {p}"));
            }
        }
        sql.bcps(&q.bcps);
        let p = sql.value(q.limit as i64);
        sql.text
            .push_str(&format!(" ORDER BY starts_at DESC, seq DESC LIMIT {p}"));
        self.records("patrol", sql).await
    }
}
