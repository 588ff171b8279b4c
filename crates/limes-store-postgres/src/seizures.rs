//! Seizure records on PostgreSQL: the record as JSON beside its filtered columns, the nominal part and the
//! photographs' bytes in tables of their own. (A BCP node runs on SQLite: nothing goes up from this database.)
use crate::{backend, col, is_unique_violation, ts, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::seizure::{NominalPart, PhotoRef, Seizure};
use limes_store::{SeizureFilter, SeizureStore, StoreError, StoreResult};
use tokio_postgres::Row;

fn to_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

fn json_at<T: serde::de::DeserializeOwned>(r: &Row, i: usize) -> StoreResult<T> {
    let text: String = col(r, i)?;
    serde_json::from_str(&text).map_err(|e| StoreError::Backend(format!("seizure json: {e}")))
}

#[async_trait]
impl SeizureStore for PgStore {
    async fn record_seizure(
        &self,
        seizure: Seizure,
        nominal: Option<NominalPart>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let record = to_json(&seizure)?;
        let nominal = nominal.map(|n| to_json(&n)).transpose()?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    ctx.tx
                        .execute(
                            "INSERT INTO seizures
                               (id, bcp, heading, concealment, seized_at, inspection_id, record)
                             VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            &[
                                &seizure.id,
                                &seizure.bcp,
                                &seizure.heading.as_str(),
                                &seizure.concealment.as_str(),
                                &ts(&seizure.seized_at),
                                &seizure.inspection_id,
                                &record,
                            ],
                        )
                        .await
                        .map_err(|e| {
                            if is_unique_violation(&e) {
                                StoreError::Conflict(format!(
                                    "seizure {} (or one from its inspection) exists already",
                                    seizure.id
                                ))
                            } else {
                                backend(e)
                            }
                        })?;
                    if let Some(n) = &nominal {
                        ctx.tx
                            .execute(
                                "INSERT INTO seizure_nominal (seizure_id, record) VALUES ($1, $2)",
                                &[&seizure.id, n],
                            )
                            .await
                            .map_err(backend)?;
                    }
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn seizure(&self, id: &str) -> StoreResult<Option<Seizure>> {
        let c = self.conn().await?;
        c.query_opt("SELECT record FROM seizures WHERE id = $1", &[&id])
            .await
            .map_err(backend)?
            .map(|r| json_at(&r, 0))
            .transpose()
    }

    async fn seizure_nominal(&self, id: &str) -> StoreResult<Option<NominalPart>> {
        let c = self.conn().await?;
        c.query_opt(
            "SELECT record FROM seizure_nominal WHERE seizure_id = $1",
            &[&id],
        )
        .await
        .map_err(backend)?
        .map(|r| json_at(&r, 0))
        .transpose()
    }

    async fn seizures(&self, filter: &SeizureFilter) -> StoreResult<Vec<Seizure>> {
        let c = self.conn().await?;
        let limit = if filter.limit == 0 {
            i64::MAX
        } else {
            i64::try_from(filter.limit).unwrap_or(i64::MAX)
        };
        let heading = filter.heading.map(|h| h.as_str());
        let concealment = filter.concealment.map(|m| m.as_str());
        let from: Option<DateTime<Utc>> = filter.from.as_ref().map(ts);
        let to: Option<DateTime<Utc>> = filter.to.as_ref().map(ts);
        let rows = c
            .query(
                "SELECT record FROM seizures
                 WHERE (cardinality($1::text[]) = 0 OR bcp = ANY($1))
                   AND ($2::text IS NULL OR heading = $2)
                   AND ($3::text IS NULL OR concealment = $3)
                   AND ($4::timestamptz IS NULL OR seized_at >= $4)
                   AND ($5::timestamptz IS NULL OR seized_at < $5)
                 ORDER BY seized_at DESC, id COLLATE \"C\" DESC LIMIT $6",
                &[&filter.bcps, &heading, &concealment, &from, &to, &limit],
            )
            .await
            .map_err(backend)?;
        rows.iter().map(|r| json_at(r, 0)).collect()
    }

    async fn seizure_of_inspection(&self, inspection_id: &str) -> StoreResult<Option<Seizure>> {
        let c = self.conn().await?;
        c.query_opt(
            "SELECT record FROM seizures WHERE inspection_id = $1",
            &[&inspection_id],
        )
        .await
        .map_err(backend)?
        .map(|r| json_at(&r, 0))
        .transpose()
    }

    async fn add_seizure_photo(
        &self,
        seizure_id: &str,
        photo: PhotoRef,
        data: Vec<u8>,
        audit: AuditEvent,
    ) -> StoreResult<Seizure> {
        let seizure_id = seizure_id.to_string();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let row = ctx
                        .tx
                        .query_opt(
                            "SELECT record FROM seizures WHERE id = $1 FOR UPDATE",
                            &[&seizure_id],
                        )
                        .await
                        .map_err(backend)?;
                    let mut seizure: Seizure = match row {
                        Some(r) => json_at(&r, 0)?,
                        None => return Err(StoreError::NotFound(format!("seizure {seizure_id}"))),
                    };
                    ctx.tx
                        .execute(
                            "INSERT INTO seizure_photos (id, seizure_id, media_type, sha256, data)
                             VALUES ($1, $2, $3, $4, $5)",
                            &[
                                &photo.id,
                                &seizure_id,
                                &photo.media_type,
                                &photo.sha256,
                                &data,
                            ],
                        )
                        .await
                        .map_err(|e| {
                            if is_unique_violation(&e) {
                                StoreError::Conflict(format!(
                                    "photograph {} exists already",
                                    photo.id
                                ))
                            } else {
                                backend(e)
                            }
                        })?;
                    seizure.photos.push(photo);
                    ctx.tx
                        .execute(
                            "UPDATE seizures SET record = $2 WHERE id = $1",
                            &[&seizure_id, &to_json(&seizure)?],
                        )
                        .await
                        .map_err(backend)?;
                    ctx.audit(&audit).await?;
                    Ok(seizure)
                })
            })
            .await
    }

    async fn seizure_photo(
        &self,
        seizure_id: &str,
        photo_id: &str,
    ) -> StoreResult<Option<Vec<u8>>> {
        let c = self.conn().await?;
        c.query_opt(
            "SELECT data FROM seizure_photos WHERE seizure_id = $1 AND id = $2",
            &[&seizure_id, &photo_id],
        )
        .await
        .map_err(backend)?
        .map(|r| col(&r, 0))
        .transpose()
    }
}
