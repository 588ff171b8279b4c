//! Streamed imports of the document-alert register on PostgreSQL: batches staged by binary `COPY`, the register
//! changed in one transaction (a replacing import loads a new table and swaps it in), and at the centre the change
//! to the nodes computed in SQL (anti-joins, `EXCEPT`) and read out of the delta table through a cursor, part by
//! part, never two registers in memory.
use crate::documents::{alert_from_row, lock_imports, LOAD_INDEXES, SWAP};
use crate::{backend, col, PgStore};
use deadpool_postgres::{GenericClient, Transaction};
use limes_domain::audit::AuditEvent;
use limes_domain::document::{confusable_key, normalize_document_number};
use limes_domain::DocumentAlert;
use limes_store::delta::DOCUMENTS_PER_DELTA;
use limes_store::registers::{parts_for, wrong_base};
use limes_store::sync::{DownDelta, NodeRole};
use limes_store::{ImportCommit, ImportMode, RowAction, StagedRow, StoreResult};
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;

/// The register's name in `register_versions`.
const DOCUMENTS: &str = "documents";

const ALERT_COLUMNS: &str =
    "issuing_state, document_number, document_type, status, source, reason, reported_on";

const REGISTER_COLUMNS: &str = "issuing_state, number_norm, number_confusable, document_number, \
     document_type, status, source, reason, reported_on";

/// The staged additions kept: the first of each identity (issuing state, normalised number, type).
const KEPT: &str = "FROM document_alerts_staging s
     WHERE s.import_id = $1 AND s.action = 'add' AND NOT EXISTS (SELECT 1 FROM document_alerts_staging t
       WHERE t.import_id = $1 AND t.action = 'add' AND t.number_norm = s.number_norm
         AND t.issuing_state = s.issuing_state AND t.document_type = s.document_type AND t.line < s.line)";

/// … and not held by the register already.
const NOT_HELD: &str =
    " AND NOT EXISTS (SELECT 1 FROM document_alerts r WHERE r.number_norm = s.number_norm
       AND r.issuing_state = s.issuing_state AND r.document_type = s.document_type)";

/// The register rows a change file removes.
const REMOVED: &str = "(number_norm, issuing_state, document_type) IN (SELECT s.number_norm,
       s.issuing_state, s.document_type FROM document_alerts_staging s
     WHERE s.import_id = $1 AND s.action = 'remove')";

/// Stage one batch in a transaction of its own.
pub(crate) async fn stage_documents(
    store: &PgStore,
    import: &str,
    batch: &[StagedRow<DocumentAlert>],
) -> StoreResult<()> {
    let mut c = store.conn().await?;
    let tx = c.transaction().await.map_err(backend)?;
    let sink = tx
        .copy_in(
            "COPY document_alerts_staging (import_id, line, action, issuing_state, number_norm,
               number_confusable, document_number, document_type, status, source, reason, reported_on)
             FROM STDIN (FORMAT binary)",
        )
        .await
        .map_err(backend)?;
    let mut types = vec![Type::TEXT, Type::INT8];
    types.extend([Type::TEXT; 9]);
    types.push(Type::DATE);
    let writer = BinaryCopyInWriter::new(sink, &types);
    let mut writer = std::pin::pin!(writer);
    for row in batch {
        let a = &row.record;
        let norm = normalize_document_number(&a.document_number);
        let confusable = confusable_key(&norm);
        let line = i64::try_from(row.line).unwrap_or(i64::MAX);
        writer
            .as_mut()
            .write(&[
                &import,
                &line,
                &row.action.as_str(),
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
    writer.as_mut().finish().await.map_err(backend)?;
    tx.commit().await.map_err(backend)
}

/// Drop an import's staged rows.
pub(crate) async fn discard_documents(store: &PgStore, import: &str) -> StoreResult<()> {
    let c = store.conn().await?;
    for table in ["document_alerts_staging", "document_alerts_delta"] {
        c.execute(
            &format!("DELETE FROM {table} WHERE import_id = $1"),
            &[&import],
        )
        .await
        .map_err(backend)?;
    }
    Ok(())
}

/// A register's own version (0 before its first import).
pub(crate) async fn register_version(c: &impl GenericClient, register: &str) -> StoreResult<i64> {
    c.query_opt(
        "SELECT version FROM register_versions WHERE register = $1",
        &[&register],
    )
    .await
    .map_err(backend)?
    .map_or(Ok(0), |r| col(&r, 0))
}

/// One more version of the register; returns it.
pub(crate) async fn bump_version(c: &impl GenericClient, register: &str) -> StoreResult<i64> {
    let row = c
        .query_one(
            "INSERT INTO register_versions (register, version) VALUES ($1, 1)
             ON CONFLICT (register) DO UPDATE SET version = register_versions.version + 1
             RETURNING version",
            &[&register],
        )
        .await
        .map_err(backend)?;
    col(&row, 0)
}

/// Move the staged rows into the register (see `DocumentAlertStore::commit_document_alert_import`).
pub(crate) async fn commit_documents(
    store: &PgStore,
    import: &str,
    mode: ImportMode,
    audit: &AuditEvent,
) -> StoreResult<ImportCommit> {
    let mut c = store.conn().await?;
    let tx = c.transaction().await.map_err(backend)?;
    lock_imports(&tx).await?;
    if let ImportMode::Changes { base_version } = mode {
        let held = register_version(&tx, DOCUMENTS).await?;
        if base_version != held {
            return Err(wrong_base("document-alert", base_version, held));
        }
    }
    let centre = crate::sync::stored_role(&tx).await? == NodeRole::Centre;
    let exec = |sql: String| {
        let tx = &tx;
        async move { tx.execute(&sql, &[&import]).await.map_err(backend) }
    };
    let mut removed = 0u64;
    if let ImportMode::Changes { .. } = mode {
        if centre {
            exec(format!(
                "INSERT INTO document_alerts_delta (import_id, action, {ALERT_COLUMNS})
                 SELECT $1, 'remove', {ALERT_COLUMNS} FROM document_alerts WHERE {REMOVED}"
            ))
            .await?;
        }
        removed = exec(format!("DELETE FROM document_alerts WHERE {REMOVED}")).await?;
    }
    let added = if mode == ImportMode::Replace {
        if centre {
            // What the nodes must drop and add: the old register against the new, in the database.
            exec(format!(
                "INSERT INTO document_alerts_delta (import_id, action, {ALERT_COLUMNS})
                 SELECT $1, 'remove', d.* FROM (SELECT {ALERT_COLUMNS} FROM document_alerts
                   EXCEPT SELECT {ALERT_COLUMNS} {KEPT}) d"
            ))
            .await?;
            exec(format!(
                "INSERT INTO document_alerts_delta (import_id, action, {ALERT_COLUMNS})
                 SELECT $1, 'add', d.* FROM (SELECT {ALERT_COLUMNS} {KEPT}
                   EXCEPT SELECT {ALERT_COLUMNS} FROM document_alerts) d"
            ))
            .await?;
        }
        removed = crate::documents::count_all(&tx).await?;
        // A new table loaded and indexed, then swapped in: readers use the old one until the swap.
        tx.batch_execute(
            "CREATE TABLE document_alerts_load (LIKE document_alerts
               INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)",
        )
        .await
        .map_err(backend)?;
        let n = exec(format!(
            "INSERT INTO document_alerts_load ({REGISTER_COLUMNS})
             SELECT {REGISTER_COLUMNS} {KEPT} ORDER BY s.line"
        ))
        .await?;
        tx.batch_execute(LOAD_INDEXES).await.map_err(backend)?;
        tx.batch_execute(SWAP).await.map_err(backend)?;
        n
    } else {
        if centre {
            exec(format!(
                "INSERT INTO document_alerts_delta (import_id, action, {ALERT_COLUMNS})
                 SELECT $1, 'add', {ALERT_COLUMNS} {KEPT}{NOT_HELD} ORDER BY s.line"
            ))
            .await?;
        }
        exec(format!(
            "INSERT INTO document_alerts ({REGISTER_COLUMNS})
             SELECT {REGISTER_COLUMNS} {KEPT}{NOT_HELD} ORDER BY s.line"
        ))
        .await?
    };
    exec("DELETE FROM document_alerts_staging WHERE import_id = $1".to_string()).await?;
    let version = bump_version(&tx, DOCUMENTS).await?;
    let mut audit = audit.clone();
    audit.detail = format!(
        "{added} alerts added, {removed} removed ({}); register version {version}",
        audit.detail
    );
    crate::audit::append_locked(&tx, &audit).await?;
    if centre {
        // Written while the chain-head lock is held (outbox order).
        send_delta(&tx, import).await?;
    }
    tx.commit().await.map_err(backend)?;
    Ok(ImportCommit {
        added,
        removed,
        version,
    })
}

/// At the centre, the import's delta goes down as the next version of the register, removals first, in parts
/// of [`DOCUMENTS_PER_DELTA`] fetched from the delta table through a cursor.
async fn send_delta(tx: &Transaction<'_>, import: &str) -> StoreResult<()> {
    let mut counts = [0u64; 2];
    for (i, action) in [RowAction::Remove, RowAction::Add].into_iter().enumerate() {
        let row = tx
            .query_one(
                "SELECT count(*) FROM document_alerts_delta WHERE import_id = $1 AND action = $2",
                &[&import, &action.as_str()],
            )
            .await
            .map_err(backend)?;
        counts[i] = crate::count(&row, 0)?;
    }
    let parts = parts_for(counts[0], counts[1], DOCUMENTS_PER_DELTA)?;
    let row = tx
        .query_one(
            "UPDATE sync_identity SET documents_version = documents_version + 1 RETURNING documents_version",
            &[],
        )
        .await
        .map_err(backend)?;
    let version: i64 = col(&row, 0)?;
    let mut part = 0u32;
    for action in [RowAction::Remove, RowAction::Add] {
        tx.execute(
            &format!(
                "DECLARE document_delta NO SCROLL CURSOR FOR SELECT {ALERT_COLUMNS}
                 FROM document_alerts_delta WHERE import_id = $1 AND action = '{}' ORDER BY ctid",
                action.as_str()
            ),
            &[&import],
        )
        .await
        .map_err(backend)?;
        loop {
            let rows = tx
                .query(
                    &format!("FETCH {DOCUMENTS_PER_DELTA} FROM document_delta"),
                    &[],
                )
                .await
                .map_err(backend)?;
            if rows.is_empty() {
                break;
            }
            let chunk = rows
                .iter()
                .map(alert_from_row)
                .collect::<StoreResult<Vec<_>>>()?;
            part += 1;
            let (add, remove) = match action {
                RowAction::Remove => (Vec::new(), chunk),
                RowAction::Add => (chunk, Vec::new()),
            };
            push(tx, version, part, parts, add, remove).await?;
        }
        tx.batch_execute("CLOSE document_delta")
            .await
            .map_err(backend)?;
    }
    if part == 0 {
        push(tx, version, 1, parts, Vec::new(), Vec::new()).await?;
    }
    tx.execute(
        "DELETE FROM document_alerts_delta WHERE import_id = $1",
        &[&import],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

async fn push(
    tx: &Transaction<'_>,
    version: i64,
    part: u32,
    parts: u32,
    add: Vec<DocumentAlert>,
    remove: Vec<DocumentAlert>,
) -> StoreResult<()> {
    let message = DownDelta::Documents {
        version,
        base_version: Some(version - 1),
        part,
        parts,
        add,
        remove,
    }
    .message()?;
    crate::sync::push_messages(tx, vec![message])
        .await
        .map(|_| ())
}
