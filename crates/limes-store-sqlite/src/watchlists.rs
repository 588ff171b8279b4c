//! Watchlists on SQLite, kept as the screening crate's JSON.
use crate::{backend, parse_ts, sync, ts, SqliteStore};
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_store::{StoreResult, WatchlistMeta, WatchlistStore};
use rusqlite::{params, Row};

pub(crate) fn meta_from_row(r: &Row<'_>) -> rusqlite::Result<WatchlistMeta> {
    Ok(WatchlistMeta {
        id: r.get(0)?,
        name: r.get(1)?,
        source: r.get(2)?,
        published: r.get(3)?,
        entries: r.get(4)?,
        imported_at: parse_ts(&r.get::<_, String>(5)?)?,
        imported_by: r.get(6)?,
        version: r.get(7)?,
    })
}

#[async_trait]
impl WatchlistStore for SqliteStore {
    async fn save_watchlist(
        &self,
        meta: WatchlistMeta,
        json: String,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            let before = sync::before_watchlist(ctx, &meta.id)?;
            ctx.tx
                .execute(
                    "INSERT INTO watchlists (id, name, source, published, entries, imported_at, imported_by, version, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)
                     ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source,
                       published = excluded.published, entries = excluded.entries, imported_at = excluded.imported_at,
                       imported_by = excluded.imported_by, version = watchlists.version + 1, data = excluded.data",
                    params![
                        meta.id,
                        meta.name,
                        meta.source,
                        meta.published,
                        meta.entries,
                        ts(&meta.imported_at),
                        meta.imported_by,
                        json
                    ],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            sync::on_watchlist(ctx, meta, before, json)?;
            Ok(())
        })
        .await
    }

    async fn watchlists(&self) -> StoreResult<Vec<(WatchlistMeta, String)>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name, source, published, entries, imported_at, imported_by, version, data FROM watchlists ORDER BY id",
            )?;
            let rows = st.query_map([], |r| Ok((meta_from_row(r)?, r.get(8)?)))?;
            rows.collect()
        })
        .await
    }

    async fn watchlist_metas(&self) -> StoreResult<Vec<WatchlistMeta>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name, source, published, entries, imported_at, imported_by, version FROM watchlists ORDER BY id",
            )?;
            let rows = st.query_map([], meta_from_row)?;
            rows.collect()
        })
        .await
    }
}
