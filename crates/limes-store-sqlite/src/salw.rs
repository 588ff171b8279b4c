//! Small arms on SQLite: issuing authorities and transfer authorisations in the generic table of synced records
//! (sent down from the centre in the same transaction), impoundments whole as JSON in their own table (sent up
//! from a BCP node, with each changed custody record).
use crate::writer::WriteCtx;
use crate::{backend, sync, ts, SqliteStore};
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::salw::{Impoundment, Issuer};
use limes_store::salw::{
    changed_custody, AuthorisationRecord, SalwAuthorisations, SalwCustody, SalwImpoundments,
    SalwIssuers, StoredImpoundment,
};
use limes_store::sync::{NodeRole, RecordKind};
use limes_store::{SalwStore, StoreError, StoreResult};
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn json<T: Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

fn read_json<T: DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Keep a record of a salw down kind made here (the centre sends it down; a standalone installation keeps it;
/// a BCP node refuses: the register is central).
fn put_reference(
    ctx: &mut WriteCtx<'_>,
    kind: &str,
    key: &str,
    payload: &str,
    at: &chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    if ctx.role == NodeRole::Bcp {
        return Err(StoreError::Invalid(
            "the arms register is kept at the national centre; this database is a BCP node".into(),
        ));
    }
    let version = sync::next_version(ctx.tx, kind)?;
    let row = sync::RecordVersion {
        kind,
        origin: "",
        key,
        version,
    };
    sync::upsert_record(ctx.tx, &row, Some(payload), at)?;
    if ctx.role == NodeRole::Centre {
        let message = sync::record_message(kind, key, version, Some(payload))?;
        sync::push_messages(ctx, vec![message])?;
    }
    Ok(())
}

fn reference(c: &Connection, kind: &str, key: &str) -> rusqlite::Result<Option<String>> {
    c.prepare_cached(
        "SELECT payload FROM sync_records WHERE kind = ?1 AND origin = '' AND key = ?2 AND payload IS NOT NULL",
    )?
    .query_row(params![kind, key], |r| r.get(0))
    .optional()
}

fn impoundment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredImpoundment> {
    let record: String = r.get(0)?;
    Ok(StoredImpoundment {
        impoundment: read_json(&record)?,
        version: r.get(1)?,
    })
}

/// At a BCP node: the impoundment's version, and the custody records it changed, go up.
fn queue_impoundment(
    ctx: &WriteCtx<'_>,
    old: Option<&Impoundment>,
    new: &Impoundment,
    record: &str,
) -> StoreResult<()> {
    sync::queue_up(ctx, SalwImpoundments::KIND, &new.id, record)?;
    for c in changed_custody(old, new) {
        sync::queue_up(ctx, SalwCustody::KIND, &c.id, &json(c)?)?;
    }
    Ok(())
}

#[async_trait]
impl SalwStore for SqliteStore {
    async fn put_salw_issuer(&self, issuer: Issuer, audit: AuditEvent) -> StoreResult<()> {
        let payload = json(&issuer)?;
        self.write(move |ctx| {
            put_reference(ctx, SalwIssuers::KIND, &issuer.code, &payload, &audit.at)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn salw_issuers(&self) -> StoreResult<Vec<Issuer>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT payload FROM sync_records WHERE kind = ?1 AND origin = '' AND payload IS NOT NULL
                 ORDER BY key",
            )?;
            let rows = st.query_map([SalwIssuers::KIND], |r| r.get::<_, String>(0))?;
            rows.map(|r| read_json(&r?)).collect()
        })
        .await
    }

    async fn salw_issuer(&self, code: &str) -> StoreResult<Option<Issuer>> {
        let code = code.to_string();
        self.read(move |c| {
            reference(c, SalwIssuers::KIND, &code)?
                .map(|s| read_json(&s))
                .transpose()
        })
        .await
    }

    async fn register_salw_authorisation(
        &self,
        record: AuthorisationRecord,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let key = record.authorisation.key();
        let payload = json(&record)?;
        self.write(move |ctx| {
            if reference(ctx.tx, SalwAuthorisations::KIND, &key)
                .map_err(backend)?
                .is_some()
            {
                return Err(StoreError::Conflict(format!(
                    "authorisation {key} is registered already"
                )));
            }
            put_reference(ctx, SalwAuthorisations::KIND, &key, &payload, &audit.at)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn salw_authorisation(&self, key: &str) -> StoreResult<Option<AuthorisationRecord>> {
        let key = key.to_string();
        self.read(move |c| {
            reference(c, SalwAuthorisations::KIND, &key)?
                .map(|s| read_json(&s))
                .transpose()
        })
        .await
    }

    async fn salw_authorisations(&self, limit: usize) -> StoreResult<Vec<AuthorisationRecord>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT payload FROM sync_records WHERE kind = ?1 AND origin = '' AND payload IS NOT NULL
                 ORDER BY version DESC LIMIT ?2",
            )?;
            let rows = st.query_map(params![SalwAuthorisations::KIND, limit], |r| {
                r.get::<_, String>(0)
            })?;
            rows.map(|r| read_json(&r?)).collect()
        })
        .await
    }

    async fn create_salw_impoundment(
        &self,
        impoundment: Impoundment,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let record = json(&impoundment)?;
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO salw_impoundments (id, bcp, authorisation, impounded_at, version, record)
                     VALUES (?1, ?2, ?3, ?4, 1, ?5)",
                    params![
                        impoundment.id,
                        impoundment.bcp,
                        impoundment.authorisation,
                        ts(&impoundment.impounded_at),
                        record
                    ],
                )
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Conflict(format!(
                        "impoundment {} exists already",
                        impoundment.id
                    )),
                    _ => backend(e),
                })?;
            queue_impoundment(ctx, None, &impoundment, &record)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn salw_impoundment(&self, id: &str) -> StoreResult<Option<StoredImpoundment>> {
        let id = id.to_string();
        self.read(move |c| {
            c.prepare_cached("SELECT record, version FROM salw_impoundments WHERE id = ?1")?
                .query_row([&id], impoundment_row)
                .optional()
        })
        .await
    }

    async fn salw_impoundments(
        &self,
        bcp: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<StoredImpoundment>> {
        let bcp = bcp.map(str::to_string);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT record, version FROM salw_impoundments WHERE (?1 IS NULL OR bcp = ?1)
                 ORDER BY impounded_at DESC, id DESC LIMIT ?2",
            )?;
            let rows = st.query_map(params![bcp, limit], impoundment_row)?;
            rows.collect()
        })
        .await
    }

    async fn update_salw_impoundment(
        &self,
        impoundment: Impoundment,
        expected_version: i64,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let record = json(&impoundment)?;
        self.write(move |ctx| {
            let old: Option<StoredImpoundment> = ctx
                .tx
                .query_row(
                    "SELECT record, version FROM salw_impoundments WHERE id = ?1",
                    [&impoundment.id],
                    impoundment_row,
                )
                .optional()
                .map_err(backend)?;
            let Some(old) = old else {
                return Err(StoreError::NotFound(format!(
                    "impoundment {}",
                    impoundment.id
                )));
            };
            if old.version != expected_version {
                return Err(StoreError::Conflict(format!(
                    "impoundment {} was changed meanwhile (version {}, not {expected_version})",
                    impoundment.id, old.version
                )));
            }
            let version = expected_version + 1;
            ctx.tx
                .execute(
                    "UPDATE salw_impoundments SET record = ?2, version = ?3 WHERE id = ?1",
                    params![impoundment.id, record, version],
                )
                .map_err(backend)?;
            queue_impoundment(ctx, Some(&old.impoundment), &impoundment, &record)?;
            ctx.audit(&audit)?;
            Ok(version)
        })
        .await
    }
}
