//! Small arms on PostgreSQL: issuing authorities and transfer authorisations in the generic table of synced
//! records (sent down from the centre in the same transaction), impoundments whole as JSON in their own table
//! (a BCP node runs on SQLite: nothing goes up from this database).
use crate::sync::{push_messages, put_own_record, record_message, stored_role};
use crate::{backend, col, is_unique_violation, ts, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::salw::{Impoundment, Issuer};
use limes_store::salw::{AuthorisationRecord, SalwAuthorisations, SalwIssuers, StoredImpoundment};
use limes_store::sync::{NodeRole, RecordKind};
use limes_store::{SalwStore, StoreError, StoreResult};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio_postgres::Row;

fn json<T: Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

fn read_json<T: DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

/// Keep a record of a salw down kind made here (the centre sends it down; a standalone installation keeps it;
/// a BCP node refuses: the register is central).
async fn put_reference(
    c: &impl GenericClient,
    kind: &str,
    key: &str,
    payload: &str,
    at: &DateTime<Utc>,
) -> StoreResult<()> {
    let role = stored_role(c).await?;
    if role == NodeRole::Bcp {
        return Err(StoreError::Invalid(
            "the arms register is kept at the national centre; this database is a BCP node".into(),
        ));
    }
    let version = put_own_record(c, kind, key, Some(payload), at).await?;
    if role == NodeRole::Centre {
        push_messages(c, vec![record_message(kind, key, version, Some(payload))?]).await?;
    }
    Ok(())
}

async fn reference(c: &impl GenericClient, kind: &str, key: &str) -> StoreResult<Option<String>> {
    let row = c
        .query_opt(
            "SELECT payload FROM sync_records WHERE kind = $1 AND origin = '' AND key = $2 AND payload IS NOT NULL",
            &[&kind, &key],
        )
        .await
        .map_err(backend)?;
    row.map(|r| col(&r, 0)).transpose()
}

fn impoundment_row(r: &Row) -> StoreResult<StoredImpoundment> {
    let record: String = col(r, 0)?;
    Ok(StoredImpoundment {
        impoundment: read_json(&record)?,
        version: col(r, 1)?,
    })
}

#[async_trait]
impl SalwStore for PgStore {
    async fn put_salw_issuer(&self, issuer: Issuer, audit: AuditEvent) -> StoreResult<()> {
        let payload = json(&issuer)?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    put_reference(ctx.tx, SalwIssuers::KIND, &issuer.code, &payload, &audit.at)
                        .await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn salw_issuers(&self) -> StoreResult<Vec<Issuer>> {
        let c = self.conn().await?;
        c.query(
            "SELECT payload FROM sync_records WHERE kind = $1 AND origin = '' AND payload IS NOT NULL
             ORDER BY key COLLATE \"C\"",
            &[&SalwIssuers::KIND],
        )
        .await
        .map_err(backend)?
        .iter()
        .map(|r| read_json(&col::<String>(r, 0)?))
        .collect()
    }

    async fn salw_issuer(&self, code: &str) -> StoreResult<Option<Issuer>> {
        let c = self.conn().await?;
        reference(&c, SalwIssuers::KIND, code)
            .await?
            .map(|s| read_json(&s))
            .transpose()
    }

    async fn register_salw_authorisation(
        &self,
        record: AuthorisationRecord,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let key = record.authorisation.key();
        let payload = json(&record)?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    if reference(ctx.tx, SalwAuthorisations::KIND, &key)
                        .await?
                        .is_some()
                    {
                        return Err(StoreError::Conflict(format!(
                            "authorisation {key} is registered already"
                        )));
                    }
                    put_reference(ctx.tx, SalwAuthorisations::KIND, &key, &payload, &audit.at)
                        .await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn salw_authorisation(&self, key: &str) -> StoreResult<Option<AuthorisationRecord>> {
        let c = self.conn().await?;
        reference(&c, SalwAuthorisations::KIND, key)
            .await?
            .map(|s| read_json(&s))
            .transpose()
    }

    async fn salw_authorisations(&self, limit: usize) -> StoreResult<Vec<AuthorisationRecord>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let c = self.conn().await?;
        c.query(
            "SELECT payload FROM sync_records WHERE kind = $1 AND origin = '' AND payload IS NOT NULL
             ORDER BY version DESC LIMIT $2",
            &[&SalwAuthorisations::KIND, &limit],
        )
        .await
        .map_err(backend)?
        .iter()
        .map(|r| read_json(&col::<String>(r, 0)?))
        .collect()
    }

    async fn create_salw_impoundment(
        &self,
        impoundment: Impoundment,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let record = json(&impoundment)?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    ctx.tx
                        .execute(
                            "INSERT INTO salw_impoundments (id, bcp, authorisation, impounded_at, version, record)
                             VALUES ($1, $2, $3, $4, 1, $5)",
                            &[
                                &impoundment.id,
                                &impoundment.bcp,
                                &impoundment.authorisation,
                                &ts(&impoundment.impounded_at),
                                &record,
                            ],
                        )
                        .await
                        .map_err(|e| {
                            if is_unique_violation(&e) {
                                StoreError::Conflict(format!(
                                    "impoundment {} exists already",
                                    impoundment.id
                                ))
                            } else {
                                backend(e)
                            }
                        })?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn salw_impoundment(&self, id: &str) -> StoreResult<Option<StoredImpoundment>> {
        let c = self.conn().await?;
        c.query_opt(
            "SELECT record, version FROM salw_impoundments WHERE id = $1",
            &[&id],
        )
        .await
        .map_err(backend)?
        .map(|r| impoundment_row(&r))
        .transpose()
    }

    async fn salw_impoundments(
        &self,
        bcp: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<StoredImpoundment>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let c = self.conn().await?;
        c.query(
            "SELECT record, version FROM salw_impoundments WHERE ($1::text IS NULL OR bcp = $1)
             ORDER BY impounded_at DESC, id DESC LIMIT $2",
            &[&bcp, &limit],
        )
        .await
        .map_err(backend)?
        .iter()
        .map(impoundment_row)
        .collect()
    }

    async fn update_salw_impoundment(
        &self,
        impoundment: Impoundment,
        expected_version: i64,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let record = json(&impoundment)?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let row = ctx
                        .tx
                        .query_opt(
                            "SELECT version FROM salw_impoundments WHERE id = $1 FOR UPDATE",
                            &[&impoundment.id],
                        )
                        .await
                        .map_err(backend)?;
                    let Some(row) = row else {
                        return Err(StoreError::NotFound(format!(
                            "impoundment {}",
                            impoundment.id
                        )));
                    };
                    let stored: i64 = col(&row, 0)?;
                    if stored != expected_version {
                        return Err(StoreError::Conflict(format!(
                            "impoundment {} was changed meanwhile (version {stored}, not {expected_version})",
                            impoundment.id
                        )));
                    }
                    let version = expected_version + 1;
                    ctx.tx
                        .execute(
                            "UPDATE salw_impoundments SET record = $2, version = $3 WHERE id = $1",
                            &[&impoundment.id, &record, &version],
                        )
                        .await
                        .map_err(backend)?;
                    ctx.audit(&audit).await?;
                    Ok(version)
                })
            })
            .await
    }
}
