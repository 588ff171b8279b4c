//! Seizure records on SQLite: the record as JSON beside its filtered columns, the nominal part and the
//! photographs' bytes in tables of their own; at a BCP node every change queued up for the centre in the same
//! transaction.
use crate::writer::WriteCtx;
use crate::{backend, sync, ts, SqliteStore};
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::seizure::{NominalPart, PhotoRef, Seizure};
use limes_store::seizures::{photos_up, SeizureUp, Seizures};
use limes_store::sync::RecordKind;
use limes_store::{SeizureFilter, SeizureStore, StoreError, StoreResult};
use rusqlite::{params, params_from_iter, OptionalExtension};
use std::collections::HashMap;

fn to_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(backend)
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Backend(format!("seizure json: {e}")))
}

/// Queue the record as it now stands for the centre (a no-op outside a BCP node), with the photographs that
/// fit read back from this transaction.
fn queue(ctx: &WriteCtx<'_>, seizure: &Seizure) -> StoreResult<()> {
    let nominal: Option<NominalPart> = ctx
        .tx
        .query_row(
            "SELECT record FROM seizure_nominal WHERE seizure_id = ?1",
            params![seizure.id],
            |r| r.get::<_, String>(0),
        )
        .optional()
        .map_err(backend)?
        .map(|t| from_json(&t))
        .transpose()?;
    let mut bytes: HashMap<String, Vec<u8>> = HashMap::new();
    {
        let mut st = ctx
            .tx
            .prepare_cached("SELECT id, data FROM seizure_photos WHERE seizure_id = ?1")
            .map_err(backend)?;
        let rows = st
            .query_map(params![seizure.id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .map_err(backend)?;
        for row in rows {
            let (id, data) = row.map_err(backend)?;
            bytes.insert(id, data);
        }
    }
    let up = SeizureUp {
        photos: photos_up(seizure, |id| bytes.get(id).map(Vec::as_slice)),
        seizure: seizure.clone(),
        nominal,
    };
    sync::queue_up(ctx, Seizures::KIND, &Seizures::key(&up), &to_json(&up)?)
}

#[async_trait]
impl SeizureStore for SqliteStore {
    async fn record_seizure(
        &self,
        seizure: Seizure,
        nominal: Option<NominalPart>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let record = to_json(&seizure)?;
        let nominal = nominal.map(|n| to_json(&n)).transpose()?;
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO seizures (id, bcp, heading, concealment, seized_at, inspection_id, record)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        seizure.id,
                        seizure.bcp,
                        seizure.heading.as_str(),
                        seizure.concealment.as_str(),
                        ts(&seizure.seized_at),
                        seizure.inspection_id,
                        record
                    ],
                )
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Conflict(format!(
                        "seizure {} (or one from its inspection) exists already",
                        seizure.id
                    )),
                    _ => backend(e),
                })?;
            if let Some(n) = &nominal {
                ctx.tx
                    .execute(
                        "INSERT INTO seizure_nominal (seizure_id, record) VALUES (?1, ?2)",
                        params![seizure.id, n],
                    )
                    .map_err(backend)?;
            }
            queue(ctx, &seizure)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn seizure(&self, id: &str) -> StoreResult<Option<Seizure>> {
        let id = id.to_string();
        let row: Option<String> = self
            .read(move |c| {
                c.query_row(
                    "SELECT record FROM seizures WHERE id = ?1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()
            })
            .await?;
        row.map(|t| from_json(&t)).transpose()
    }

    async fn seizure_nominal(&self, id: &str) -> StoreResult<Option<NominalPart>> {
        let id = id.to_string();
        let row: Option<String> = self
            .read(move |c| {
                c.query_row(
                    "SELECT record FROM seizure_nominal WHERE seizure_id = ?1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()
            })
            .await?;
        row.map(|t| from_json(&t)).transpose()
    }

    async fn seizures(&self, filter: &SeizureFilter) -> StoreResult<Vec<Seizure>> {
        let mut sql = String::from("SELECT record FROM seizures WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        if !filter.bcps.is_empty() {
            let marks: Vec<String> = filter
                .bcps
                .iter()
                .map(|b| {
                    args.push(b.clone());
                    format!("?{}", args.len())
                })
                .collect();
            sql.push_str(&format!(" AND bcp IN ({})", marks.join(", ")));
        }
        if let Some(h) = filter.heading {
            args.push(h.as_str().to_string());
            sql.push_str(&format!(" AND heading = ?{}", args.len()));
        }
        if let Some(m) = filter.concealment {
            args.push(m.as_str().to_string());
            sql.push_str(&format!(" AND concealment = ?{}", args.len()));
        }
        if let Some(from) = filter.from {
            args.push(ts(&from));
            sql.push_str(&format!(" AND seized_at >= ?{}", args.len()));
        }
        if let Some(to) = filter.to {
            args.push(ts(&to));
            sql.push_str(&format!(" AND seized_at < ?{}", args.len()));
        }
        sql.push_str(" ORDER BY seized_at DESC, id DESC");
        if filter.limit > 0 {
            sql.push_str(&format!(" LIMIT {}", filter.limit));
        }
        let rows: Vec<String> = self
            .read(move |c| {
                let mut st = c.prepare(&sql)?;
                let rows = st.query_map(params_from_iter(args.iter()), |r| r.get(0))?;
                rows.collect()
            })
            .await?;
        rows.iter().map(|t| from_json(t)).collect()
    }

    async fn seizure_of_inspection(&self, inspection_id: &str) -> StoreResult<Option<Seizure>> {
        let id = inspection_id.to_string();
        let row: Option<String> = self
            .read(move |c| {
                c.query_row(
                    "SELECT record FROM seizures WHERE inspection_id = ?1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()
            })
            .await?;
        row.map(|t| from_json(&t)).transpose()
    }

    async fn add_seizure_photo(
        &self,
        seizure_id: &str,
        photo: PhotoRef,
        data: Vec<u8>,
        audit: AuditEvent,
    ) -> StoreResult<Seizure> {
        let seizure_id = seizure_id.to_string();
        self.write(move |ctx| {
            let record: Option<String> = ctx
                .tx
                .query_row(
                    "SELECT record FROM seizures WHERE id = ?1",
                    params![seizure_id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(backend)?;
            let mut seizure: Seizure = match record {
                Some(t) => from_json(&t)?,
                None => return Err(StoreError::NotFound(format!("seizure {seizure_id}"))),
            };
            ctx.tx
                .execute(
                    "INSERT INTO seizure_photos (id, seizure_id, media_type, sha256, data)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![photo.id, seizure_id, photo.media_type, photo.sha256, data],
                )
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::ConstraintViolation) => {
                        StoreError::Conflict(format!("photograph {} exists already", photo.id))
                    }
                    _ => backend(e),
                })?;
            seizure.photos.push(photo);
            ctx.tx
                .execute(
                    "UPDATE seizures SET record = ?2 WHERE id = ?1",
                    params![seizure_id, to_json(&seizure)?],
                )
                .map_err(backend)?;
            queue(ctx, &seizure)?;
            ctx.audit(&audit)?;
            Ok(seizure)
        })
        .await
    }

    async fn seizure_photo(
        &self,
        seizure_id: &str,
        photo_id: &str,
    ) -> StoreResult<Option<Vec<u8>>> {
        let (seizure_id, photo_id) = (seizure_id.to_string(), photo_id.to_string());
        self.read(move |c| {
            c.query_row(
                "SELECT data FROM seizure_photos WHERE seizure_id = ?1 AND id = ?2",
                params![seizure_id, photo_id],
                |r| r.get(0),
            )
            .optional()
        })
        .await
    }
}
