//! Watchlists, stored as the screening crate's JSON (the store does not interpret them), with a version that
//! each import bumps.
use crate::PgStore;
use crate::{backend, col, count, ts};
use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_store::WatchlistStore;
use limes_store::{StoreError, StoreResult, WatchlistMeta};
use tokio_postgres::Row;

const META_COLUMNS: &str =
    "id, name, source, published, entries, imported_at, imported_by, version";

pub async fn save(c: &impl GenericClient, meta: &WatchlistMeta, json: &str) -> StoreResult<()> {
    let entries = i64::try_from(meta.entries).map_err(|_| {
        StoreError::Invalid(format!(
            "watchlist {}: entries {} out of range",
            meta.id, meta.entries
        ))
    })?;
    let st = c
        .prepare_cached(
            "INSERT INTO watchlists (id, name, source, published, entries, imported_at, imported_by, version, data)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, source = excluded.source,
               published = excluded.published, entries = excluded.entries, imported_at = excluded.imported_at,
               imported_by = excluded.imported_by, version = watchlists.version + 1, data = excluded.data",
        )
        .await
        .map_err(backend)?;
    c.execute(
        &st,
        &[
            &meta.id,
            &meta.name,
            &meta.source,
            &meta.published,
            &entries,
            &ts(&meta.imported_at),
            &meta.imported_by,
            &json,
        ],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

fn meta_from_row(r: &Row) -> StoreResult<WatchlistMeta> {
    Ok(WatchlistMeta {
        id: col(r, 0)?,
        name: col(r, 1)?,
        source: col(r, 2)?,
        published: col(r, 3)?,
        entries: count(r, 4)?,
        imported_at: col(r, 5)?,
        imported_by: col(r, 6)?,
        version: col(r, 7)?,
    })
}

pub async fn all(c: &impl GenericClient) -> StoreResult<Vec<(WatchlistMeta, String)>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {META_COLUMNS}, data FROM watchlists ORDER BY id COLLATE \"C\""
        ))
        .await
        .map_err(backend)?;
    c.query(&st, &[])
        .await
        .map_err(backend)?
        .iter()
        .map(|r| Ok((meta_from_row(r)?, col(r, 8)?)))
        .collect()
}

pub async fn metas(c: &impl GenericClient) -> StoreResult<Vec<WatchlistMeta>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {META_COLUMNS} FROM watchlists ORDER BY id COLLATE \"C\""
        ))
        .await
        .map_err(backend)?;
    c.query(&st, &[])
        .await
        .map_err(backend)?
        .iter()
        .map(meta_from_row)
        .collect()
}

#[async_trait]
impl WatchlistStore for PgStore {
    async fn save_watchlist(
        &self,
        meta: WatchlistMeta,
        json: String,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let before = crate::sync::before_watchlist(ctx.tx, &meta.id).await?;
                    save(ctx.tx, &meta, &json).await?;
                    crate::sync::on_watchlist(ctx.tx, &meta, before, &json).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn watchlists(&self) -> StoreResult<Vec<(WatchlistMeta, String)>> {
        all(&self.conn().await?).await
    }

    async fn watchlist_metas(&self) -> StoreResult<Vec<WatchlistMeta>> {
        metas(&self.conn().await?).await
    }
}
