//! The document-alert register: bulk import by binary `COPY`, lookup by normalised number with the weaker
//! O/0 and I/1 match labelled apart.
use crate::PgStore;
use crate::{backend, bad_value, col};
use async_trait::async_trait;
use deadpool_postgres::{GenericClient, Transaction};
use limes_domain::audit::AuditEvent;
use limes_domain::document::{confusable_key, normalize_document_number, AlertMatch};
use limes_domain::{AlertStatus, DocumentAlert};
use limes_store::StoreResult;
use limes_store::{DocumentAlertStore, ImportCommit, ImportMode, StagedRow};
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;
use tokio_postgres::Row;

/// Key of the advisory lock that serialises imports (a replacing import must not swap away rows that another
/// import is adding).
const IMPORT_LOCK: i64 = 0x4c49_4d45_535f_4441; // "LIMES_DA"

/// Indexes of the register, created on the new table of a replacing import once it is loaded (building an index
/// over a million rows is several times faster than keeping it up to date row by row). Same as migration 1.
pub(crate) const LOAD_INDEXES: &str =
    "CREATE INDEX document_alerts_load_norm ON document_alerts_load (number_norm);
     CREATE INDEX document_alerts_load_confusable ON document_alerts_load (number_confusable);";

/// The new register takes the place of the old one; the lock waits for reads in flight and holds new ones
/// until the commit, which follows at once.
pub(crate) const SWAP: &str = "LOCK TABLE document_alerts IN ACCESS EXCLUSIVE MODE;
     DROP TABLE document_alerts;
     ALTER TABLE document_alerts_load RENAME TO document_alerts;
     ALTER INDEX document_alerts_load_norm RENAME TO document_alerts_norm;
     ALTER INDEX document_alerts_load_confusable RENAME TO document_alerts_confusable;";

/// Serialise imports until the caller's transaction ends (taken again by the same transaction, it is held once).
pub async fn lock_imports(c: &impl GenericClient) -> StoreResult<()> {
    c.execute("SELECT pg_advisory_xact_lock($1)", &[&IMPORT_LOCK])
        .await
        .map_err(backend)?;
    Ok(())
}

/// The whole register.
pub async fn all(c: &impl GenericClient) -> StoreResult<Vec<DocumentAlert>> {
    c.query(&format!("SELECT {COLUMNS} FROM document_alerts"), &[])
        .await
        .map_err(backend)?
        .iter()
        .map(alert_from_row)
        .collect()
}

/// The identities among `alerts` that the register already holds.
async fn held_identities(
    c: &impl GenericClient,
    alerts: &[DocumentAlert],
) -> StoreResult<std::collections::HashSet<limes_store::AlertIdentity>> {
    let norms: Vec<String> = alerts
        .iter()
        .map(|a| normalize_document_number(&a.document_number))
        .collect();
    let rows = c
        .query(
            "SELECT issuing_state, number_norm, document_type FROM document_alerts
             WHERE number_norm = ANY($1)",
            &[&norms],
        )
        .await
        .map_err(backend)?;
    rows.iter()
        .map(|r| Ok((col(r, 0)?, col(r, 1)?, col(r, 2)?)))
        .collect()
}

/// Load the alerts inside the caller's transaction (all or nothing: the caller commits or not). Appending
/// copies into the register. Replacing loads a new table without indexes, indexes it, and swaps it in: readers
/// keep using the old register until the swap at the end.
pub async fn import(
    tx: &Transaction<'_>,
    alerts: &[DocumentAlert],
    replace: bool,
) -> StoreResult<u64> {
    lock_imports(tx).await?;
    let table = if replace {
        tx.batch_execute(
            "CREATE TABLE document_alerts_load (LIKE document_alerts
               INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)",
        )
        .await
        .map_err(backend)?;
        "document_alerts_load"
    } else {
        "document_alerts"
    };
    let n = copy_rows(tx, table, alerts).await?;
    if replace {
        tx.batch_execute(LOAD_INDEXES).await.map_err(backend)?;
        tx.batch_execute(SWAP).await.map_err(backend)?;
    }
    Ok(n)
}

async fn copy_rows(
    tx: &Transaction<'_>,
    table: &str,
    alerts: &[DocumentAlert],
) -> StoreResult<u64> {
    let sink = tx
        .copy_in(&format!(
            "COPY {table} (issuing_state, number_norm, number_confusable, document_number,
               document_type, status, source, reason, reported_on) FROM STDIN (FORMAT binary)"
        ))
        .await
        .map_err(backend)?;
    let writer = BinaryCopyInWriter::new(
        sink,
        &[
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::DATE,
        ],
    );
    let mut writer = std::pin::pin!(writer);
    for a in alerts {
        let norm = normalize_document_number(&a.document_number);
        let confusable = confusable_key(&norm);
        writer
            .as_mut()
            .write(&[
                &a.issuing_state,
                &norm,
                &confusable,
                &a.document_number,
                &a.document_type,
                &a.status.as_str(),
                &a.source,
                &a.reason,
                &a.reported_on,
            ])
            .await
            .map_err(backend)?;
    }
    writer.as_mut().finish().await.map_err(backend)
}

const COLUMNS: &str =
    "issuing_state, document_number, document_type, status, source, reason, reported_on";

pub(crate) fn alert_from_row(r: &Row) -> StoreResult<DocumentAlert> {
    let status: String = col(r, 3)?;
    Ok(DocumentAlert {
        issuing_state: col(r, 0)?,
        document_number: col(r, 1)?,
        document_type: col(r, 2)?,
        status: AlertStatus::parse(&status).ok_or_else(|| bad_value("alert status", &status))?,
        source: col(r, 4)?,
        reason: col(r, 5)?,
        reported_on: col(r, 6)?,
    })
}

/// Exact hits (after normalisation) and, labelled apart, hits that only match when O/0 and I/1 are merged.
pub async fn find(
    c: &impl GenericClient,
    issuing_state: Option<&str>,
    number: &str,
) -> StoreResult<Vec<(DocumentAlert, AlertMatch)>> {
    let state = issuing_state.map(|s| s.trim().trim_end_matches('<').to_ascii_uppercase());
    let norm = normalize_document_number(number);
    if norm.is_empty() {
        return Ok(Vec::new());
    }
    let state_ok = |a: &DocumentAlert| state.as_deref().is_none_or(|s| a.issuing_state == s);
    // One query for both (an exact hit has the confusable key too); exact hits first.
    let st = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, number_norm = $1 FROM document_alerts
             WHERE number_norm = $1 OR number_confusable = $2"
        ))
        .await
        .map_err(backend)?;
    let mut out = Vec::new();
    for r in c
        .query(&st, &[&norm, &confusable_key(&norm)])
        .await
        .map_err(backend)?
    {
        let a = alert_from_row(&r)?;
        let exact: bool = col(&r, 7)?;
        if state_ok(&a) {
            out.push((
                a,
                if exact {
                    AlertMatch::Exact
                } else {
                    AlertMatch::PossibleOcrConfusion
                },
            ));
        }
    }
    out.sort_by_key(|(_, m)| *m != AlertMatch::Exact);
    Ok(out)
}

pub async fn count_all(c: &impl GenericClient) -> StoreResult<u64> {
    let row = c
        .query_one("SELECT count(*) FROM document_alerts", &[])
        .await
        .map_err(backend)?;
    crate::count(&row, 0)
}

#[async_trait]
impl DocumentAlertStore for PgStore {
    async fn import_document_alerts(
        &self,
        alerts: Vec<DocumentAlert>,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64> {
        // A long transaction of its own (binary COPY), so that checks go on meanwhile; the chain-head lock is
        // taken only at the end, to append the import's audit entry in the same transaction.
        let mut c = self.conn().await?;
        let tx = c.transaction().await.map_err(backend)?;
        // At the centre the change goes down as a delta from what the register held before.
        let before = crate::sync::before_documents(&tx, replace).await?;
        lock_imports(&tx).await?;
        let held = if replace {
            std::collections::HashSet::new()
        } else {
            held_identities(&tx, &alerts).await?
        };
        let alerts = limes_store::new_alerts(alerts, |id| held.contains(id));
        let n = import(&tx, &alerts, replace).await?;
        crate::registers::bump_version(&tx, "documents").await?;
        crate::audit::append_locked(&tx, &audit).await?;
        // Written while the chain-head lock is held (outbox order).
        crate::sync::on_documents(&tx, before, alerts).await?;
        tx.commit().await.map_err(backend)?;
        Ok(n)
    }

    async fn find_document_alerts(
        &self,
        issuing_state: Option<&str>,
        document_number: &str,
    ) -> StoreResult<Vec<(DocumentAlert, AlertMatch)>> {
        find(&self.conn().await?, issuing_state, document_number).await
    }

    async fn document_alert_count(&self) -> StoreResult<u64> {
        count_all(&self.conn().await?).await
    }

    async fn stage_document_alerts(
        &self,
        import: &str,
        batch: Vec<StagedRow<DocumentAlert>>,
    ) -> StoreResult<()> {
        crate::registers::stage_documents(self, import, &batch).await
    }

    async fn commit_document_alert_import(
        &self,
        import: &str,
        mode: ImportMode,
        audit: AuditEvent,
    ) -> StoreResult<ImportCommit> {
        crate::registers::commit_documents(self, import, mode, &audit).await
    }

    async fn discard_document_alert_import(&self, import: &str) -> StoreResult<()> {
        crate::registers::discard_documents(self, import).await
    }

    async fn document_register_version(&self) -> StoreResult<i64> {
        crate::registers::register_version(&self.conn().await?, "documents").await
    }
}
