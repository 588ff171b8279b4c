//! The document-alert register on SQLite: exact and O/0-I/1-confusable lookups on indexed keys.
use crate::writer::WriteCtx;
use crate::{backend, bad_value, sync, SqliteStore};
use async_trait::async_trait;
use chrono::NaiveDate;
use limes_domain::audit::AuditEvent;
use limes_domain::document::{confusable_key, normalize_document_number, AlertMatch};
use limes_domain::{AlertStatus, DocumentAlert};
use limes_store::{DocumentAlertStore, ImportCommit, ImportMode, StagedRow, StoreResult};
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(crate) fn alert_from_row(r: &Row<'_>) -> rusqlite::Result<DocumentAlert> {
    let status: String = r.get(3)?;
    let reported: String = r.get(6)?;
    Ok(DocumentAlert {
        issuing_state: r.get(0)?,
        document_number: r.get(1)?,
        document_type: r.get(2)?,
        status: AlertStatus::parse(&status).ok_or_else(|| bad_value("alert status", &status))?,
        source: r.get(4)?,
        reason: r.get(5)?,
        reported_on: NaiveDate::parse_from_str(&reported, "%Y-%m-%d")
            .map_err(|_| bad_value("date", &reported))?,
    })
}

/// The whole register, in insertion order.
pub(crate) fn all_document_alerts(conn: &Connection) -> rusqlite::Result<Vec<DocumentAlert>> {
    let mut st = conn.prepare_cached(
        "SELECT issuing_state, document_number, document_type, status, source, reason, reported_on
         FROM document_alerts ORDER BY rowid",
    )?;
    let rows = st.query_map([], alert_from_row)?;
    rows.collect()
}

/// Insert document alerts (emptying the register first when `replace`) in the current transaction.
pub(crate) fn insert_document_alerts(
    ctx: &mut WriteCtx<'_>,
    alerts: &[DocumentAlert],
    replace: bool,
) -> StoreResult<u64> {
    if replace {
        ctx.tx
            .execute("DELETE FROM document_alerts", [])
            .map_err(backend)?;
    }
    let mut st = ctx
        .tx
        .prepare_cached(
            "INSERT INTO document_alerts (issuing_state, number_norm, number_confusable, document_number,
               document_type, status, source, reason, reported_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .map_err(backend)?;
    let mut n = 0u64;
    for a in alerts {
        let norm = normalize_document_number(&a.document_number);
        st.execute(params![
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
        n += 1;
    }
    Ok(n)
}

#[async_trait]
impl DocumentAlertStore for SqliteStore {
    async fn import_document_alerts(
        &self,
        alerts: Vec<DocumentAlert>,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64> {
        self.alert_register_changed();
        let written = self
            .write(move |ctx| {
                // The centre sends the change down: what the register held before is needed for it.
                let before = sync::before_documents(ctx, replace)?;
                let alerts = if replace {
                    limes_store::new_alerts(alerts, |_| false)
                } else {
                    let mut held = ctx
                        .tx
                        .prepare_cached(
                            "SELECT 1 FROM document_alerts
                         WHERE number_norm = ?2 AND issuing_state = ?1 AND document_type = ?3",
                        )
                        .map_err(backend)?;
                    limes_store::new_alerts(alerts, |(state, norm, kind)| {
                        held.exists(params![state, norm, kind]).unwrap_or(false)
                    })
                };
                let n = insert_document_alerts(ctx, &alerts, replace)?;
                crate::registers::bump_version(ctx, crate::registers::DOCUMENTS)?;
                ctx.audit(&audit)?;
                sync::on_documents(ctx, before, alerts)?;
                Ok(n)
            })
            .await;
        self.alert_register_changed();
        written
    }

    async fn find_document_alerts(
        &self,
        issuing_state: Option<&str>,
        number: &str,
    ) -> StoreResult<Vec<(DocumentAlert, AlertMatch)>> {
        let state = issuing_state.map(|s| s.trim().trim_end_matches('<').to_ascii_uppercase());
        let norm = normalize_document_number(number);
        // Most documents are in no alert: the fingerprint index says so without a database read.
        if let Some(index) = self.usable_alert_index() {
            if !index.may_hold(&confusable_key(&norm)) {
                return Ok(Vec::new());
            }
        }
        self.read(move |c| {
            if norm.is_empty() {
                return Ok(Vec::new());
            }
            let state_ok = |a: &DocumentAlert| state.as_deref().is_none_or(|s| a.issuing_state == s);
            let cols = "issuing_state, document_number, document_type, status, source, reason, reported_on, number_norm";
            let mut out = Vec::new();
            let mut st = c.prepare_cached(&format!("SELECT {cols} FROM document_alerts WHERE number_norm = ?1"))?;
            for a in st.query_map([&norm], alert_from_row)? {
                let a = a?;
                if state_ok(&a) {
                    out.push((a, AlertMatch::Exact));
                }
            }
            let mut st = c.prepare_cached(&format!(
                "SELECT {cols} FROM document_alerts WHERE number_confusable = ?1 AND number_norm <> ?2"
            ))?;
            for a in st.query_map(params![confusable_key(&norm), norm], alert_from_row)? {
                let a = a?;
                if state_ok(&a) {
                    out.push((a, AlertMatch::PossibleOcrConfusion));
                }
            }
            Ok(out)
        })
        .await
    }

    async fn document_alert_count(&self) -> StoreResult<u64> {
        self.read(|c| c.query_row("SELECT count(*) FROM document_alerts", [], |r| r.get(0)))
            .await
    }

    async fn stage_document_alerts(
        &self,
        import: &str,
        batch: Vec<StagedRow<DocumentAlert>>,
    ) -> StoreResult<()> {
        let import = import.to_string();
        self.write(move |ctx| crate::registers::stage_documents(ctx, &import, &batch))
            .await
    }

    async fn commit_document_alert_import(
        &self,
        import: &str,
        mode: ImportMode,
        audit: AuditEvent,
    ) -> StoreResult<ImportCommit> {
        let import = import.to_string();
        self.alert_register_changed();
        let committed = self
            .write(move |ctx| crate::registers::commit_documents(ctx, &import, mode, &audit))
            .await;
        self.alert_register_changed();
        committed
    }

    async fn discard_document_alert_import(&self, import: &str) -> StoreResult<()> {
        let import = import.to_string();
        self.write(move |ctx| crate::registers::discard_documents(ctx, &import))
            .await
    }

    async fn document_register_version(&self) -> StoreResult<i64> {
        self.read(|c| {
            c.query_row(
                "SELECT version FROM register_versions WHERE register = ?1",
                [crate::registers::DOCUMENTS],
                |r| r.get(0),
            )
            .optional()
            .map(Option::unwrap_or_default)
        })
        .await
    }
}
