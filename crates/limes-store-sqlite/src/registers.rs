//! Streamed imports of the document-alert register on SQLite: batches staged by import id, moved in by
//! `INSERT … SELECT` in one transaction, and at the centre the change to the nodes computed in SQL (anti-joins,
//! `EXCEPT`) and streamed out of the delta table in parts, never two registers in memory.
use crate::documents::alert_from_row;
use crate::writer::WriteCtx;
use crate::{backend, sync};
use limes_domain::audit::AuditEvent;
use limes_domain::document::{confusable_key, normalize_document_number};
use limes_domain::DocumentAlert;
use limes_store::delta::DOCUMENTS_PER_DELTA;
use limes_store::registers::{parts_for, wrong_base};
use limes_store::sync::{DownDelta, NodeRole};
use limes_store::{ImportCommit, ImportMode, RowAction, StagedRow, StoreResult};
use rusqlite::{params, Connection, OptionalExtension};

/// The register's name in `register_versions`.
pub(crate) const DOCUMENTS: &str = "documents";

/// The alert's columns, in the order `alert_from_row` reads them.
const ALERT_COLUMNS: &str =
    "issuing_state, document_number, document_type, status, source, reason, reported_on";

/// The staged additions kept: the first of each identity (issuing state, normalised number, type).
const KEPT: &str = "FROM document_alerts_staging s
     WHERE s.import_id = ?1 AND s.action = 'add' AND NOT EXISTS (SELECT 1 FROM document_alerts_staging t
       WHERE t.import_id = ?1 AND t.action = 'add' AND t.number_norm = s.number_norm
         AND t.issuing_state = s.issuing_state AND t.document_type = s.document_type AND t.line < s.line)";

/// … and not held by the register already.
const NOT_HELD: &str =
    " AND NOT EXISTS (SELECT 1 FROM document_alerts r WHERE r.number_norm = s.number_norm
       AND r.issuing_state = s.issuing_state AND r.document_type = s.document_type)";

/// The register rows a change file removes.
const REMOVED_ROWIDS: &str = "SELECT r.rowid FROM document_alerts_staging s
     JOIN document_alerts r ON r.number_norm = s.number_norm AND r.issuing_state = s.issuing_state
       AND r.document_type = s.document_type
     WHERE s.import_id = ?1 AND s.action = 'remove'";

/// Stage one batch in the current transaction.
pub(crate) fn stage_documents(
    ctx: &WriteCtx<'_>,
    import: &str,
    batch: &[StagedRow<DocumentAlert>],
) -> StoreResult<()> {
    let mut st = ctx
        .tx
        .prepare_cached(
            "INSERT INTO document_alerts_staging (import_id, line, action, issuing_state, number_norm,
               number_confusable, document_number, document_type, status, source, reason, reported_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .map_err(backend)?;
    for row in batch {
        let a = &row.record;
        let norm = normalize_document_number(&a.document_number);
        st.execute(params![
            import,
            i64::try_from(row.line).unwrap_or(i64::MAX),
            row.action.as_str(),
            a.issuing_state,
            norm,
            confusable_key(&norm),
            a.document_number,
            a.document_type,
            a.status.as_str(),
            a.source,
            a.reason,
            a.reported_on.format("%Y-%m-%d").to_string()
        ])
        .map_err(backend)?;
    }
    Ok(())
}

/// Drop an import's staged rows (and any delta left of it).
pub(crate) fn discard_documents(ctx: &WriteCtx<'_>, import: &str) -> StoreResult<()> {
    for table in ["document_alerts_staging", "document_alerts_delta"] {
        ctx.tx
            .execute(
                &format!("DELETE FROM {table} WHERE import_id = ?1"),
                [import],
            )
            .map_err(backend)?;
    }
    Ok(())
}

/// A register's own version (0 before its first import).
pub(crate) fn register_version(conn: &Connection, register: &str) -> StoreResult<i64> {
    Ok(conn
        .query_row(
            "SELECT version FROM register_versions WHERE register = ?1",
            [register],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?
        .unwrap_or(0))
}

/// One more version of the register; returns it.
pub(crate) fn bump_version(ctx: &WriteCtx<'_>, register: &str) -> StoreResult<i64> {
    ctx.tx
        .query_row(
            "INSERT INTO register_versions (register, version) VALUES (?1, 1)
             ON CONFLICT(register) DO UPDATE SET version = version + 1 RETURNING version",
            [register],
            |r| r.get(0),
        )
        .map_err(backend)
}

/// Move the staged rows into the register (see `DocumentAlertStore::commit_document_alert_import`).
pub(crate) fn commit_documents(
    ctx: &mut WriteCtx<'_>,
    import: &str,
    mode: ImportMode,
    audit: &AuditEvent,
) -> StoreResult<ImportCommit> {
    if let ImportMode::Changes { base_version } = mode {
        let held = register_version(ctx.tx, DOCUMENTS)?;
        if base_version != held {
            return Err(wrong_base("document-alert", base_version, held));
        }
    }
    let centre = ctx.role == NodeRole::Centre;
    let tx = ctx.tx;
    let exec = |sql: &str| tx.execute(sql, [import]).map_err(backend);
    let mut removed = 0u64;
    if let ImportMode::Changes { .. } = mode {
        if centre {
            exec(&format!(
                "INSERT INTO document_alerts_delta (import_id, action, {ALERT_COLUMNS})
                 SELECT ?1, 'remove', {ALERT_COLUMNS} FROM document_alerts WHERE rowid IN ({REMOVED_ROWIDS})"
            ))?;
        }
        removed = exec(&format!(
            "DELETE FROM document_alerts WHERE rowid IN ({REMOVED_ROWIDS})"
        ))? as u64;
    }
    let insert = |filter: &str| {
        exec(&format!(
            "INSERT INTO document_alerts (issuing_state, number_norm, number_confusable, document_number,
               document_type, status, source, reason, reported_on)
             SELECT issuing_state, number_norm, number_confusable, document_number, document_type, status,
               source, reason, reported_on {KEPT}{filter} ORDER BY s.line"
        ))
    };
    let added = if mode == ImportMode::Replace {
        if centre {
            // What the nodes must drop and add: the old register against the new, in the database.
            exec(&format!(
                "INSERT INTO document_alerts_delta (import_id, action, {ALERT_COLUMNS})
                 SELECT ?1, 'remove', * FROM (SELECT {ALERT_COLUMNS} FROM document_alerts
                   EXCEPT SELECT {ALERT_COLUMNS} {KEPT})"
            ))?;
            exec(&format!(
                "INSERT INTO document_alerts_delta (import_id, action, {ALERT_COLUMNS})
                 SELECT ?1, 'add', * FROM (SELECT {ALERT_COLUMNS} {KEPT}
                   EXCEPT SELECT {ALERT_COLUMNS} FROM document_alerts)"
            ))?;
        }
        removed = tx
            .execute("DELETE FROM document_alerts", [])
            .map_err(backend)? as u64;
        insert("")?
    } else {
        if centre {
            exec(&format!(
                "INSERT INTO document_alerts_delta (import_id, action, {ALERT_COLUMNS})
                 SELECT ?1, 'add', {ALERT_COLUMNS} {KEPT}{NOT_HELD} ORDER BY s.line"
            ))?;
        }
        insert(NOT_HELD)?
    } as u64;
    exec("DELETE FROM document_alerts_staging WHERE import_id = ?1")?;
    let version = bump_version(ctx, DOCUMENTS)?;
    ctx.audit(&with_counts(audit, added, removed, version))?;
    if centre {
        send_delta(ctx, import)?;
    }
    Ok(ImportCommit {
        added,
        removed,
        version,
    })
}

/// The import's audit entry with what it changed.
pub(crate) fn with_counts(
    audit: &AuditEvent,
    added: u64,
    removed: u64,
    version: i64,
) -> AuditEvent {
    let mut audit = audit.clone();
    audit.detail = format!(
        "{added} alerts added, {removed} removed ({}); register version {version}",
        audit.detail
    );
    audit
}

/// At the centre, the import's delta goes down as the next version of the register, removals first, in parts
/// of [`DOCUMENTS_PER_DELTA`] read from the delta table one part at a time.
fn send_delta(ctx: &WriteCtx<'_>, import: &str) -> StoreResult<()> {
    let count = |action: RowAction| -> StoreResult<u64> {
        ctx.tx
            .query_row(
                "SELECT count(*) FROM document_alerts_delta WHERE import_id = ?1 AND action = ?2",
                params![import, action.as_str()],
                |r| r.get(0),
            )
            .map_err(backend)
    };
    let (removals, additions) = (count(RowAction::Remove)?, count(RowAction::Add)?);
    let parts = parts_for(removals, additions, DOCUMENTS_PER_DELTA)?;
    let base = sync::documents_version(ctx.tx)?;
    let version = base + 1;
    ctx.tx
        .execute("UPDATE sync_identity SET documents_version = ?1", [version])
        .map_err(backend)?;
    let mut part = 0u32;
    let mut send = |add: Vec<DocumentAlert>, remove: Vec<DocumentAlert>| -> StoreResult<()> {
        part += 1;
        let message = DownDelta::Documents {
            version,
            base_version: Some(base),
            part,
            parts,
            add,
            remove,
        }
        .message()?;
        sync::push_messages(ctx, vec![message]).map(|_| ())
    };
    for action in [RowAction::Remove, RowAction::Add] {
        let mut st = ctx
            .tx
            .prepare(&format!(
                "SELECT {ALERT_COLUMNS} FROM document_alerts_delta WHERE import_id = ?1 AND action = ?2
                 ORDER BY rowid"
            ))
            .map_err(backend)?;
        let mut rows = st
            .query(params![import, action.as_str()])
            .map_err(backend)?;
        let mut chunk = Vec::with_capacity(DOCUMENTS_PER_DELTA);
        while let Some(row) = rows.next().map_err(backend)? {
            chunk.push(alert_from_row(row).map_err(backend)?);
            if chunk.len() == DOCUMENTS_PER_DELTA {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(DOCUMENTS_PER_DELTA));
                match action {
                    RowAction::Remove => send(Vec::new(), full)?,
                    RowAction::Add => send(full, Vec::new())?,
                }
            }
        }
        if !chunk.is_empty() {
            match action {
                RowAction::Remove => send(Vec::new(), chunk)?,
                RowAction::Add => send(chunk, Vec::new())?,
            }
        }
    }
    if removals + additions == 0 {
        send(Vec::new(), Vec::new())?;
    }
    ctx.tx
        .execute(
            "DELETE FROM document_alerts_delta WHERE import_id = ?1",
            [import],
        )
        .map_err(backend)?;
    Ok(())
}
