//! The PAXLST inbox: files dropped in a directory by a carrier's or a broker's system.
use super::intake::{intake, IntakeError};
use crate::{Actor, App};
use std::path::{Path, PathBuf};

/// Files in the inbox are taken in once they have not changed for a second (a sender still writing is left
/// alone), then moved to `processed/` or `rejected/` with the report beside them.
#[tracing::instrument(skip_all, fields(dir = %dir.display()))]
pub async fn process_inbox(state: &App, dir: &Path) -> std::io::Result<usize> {
    let mut taken = 0;
    let mut entries = tokio::fs::read_dir(dir).await?;
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(e) = entries.next_entry().await? {
        let meta = e.metadata().await?;
        let name = e.file_name().to_string_lossy().into_owned();
        if !meta.is_file() || name.starts_with('.') {
            continue;
        }
        let settled = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= std::time::Duration::from_secs(1));
        if settled {
            files.push(e.path());
        }
    }
    files.sort();
    for path in files {
        let bytes = tokio::fs::read(&path).await?;
        let (folder, report, ack) =
            match intake(state, Actor::Operator("inbox"), &bytes, "inbox").await {
                Ok(r) if r.accepted() > 0 || r.duplicate => (
                    "processed",
                    serde_json::to_value(&r),
                    Some(r.acknowledgement.clone()),
                ),
                Ok(r) => (
                    "rejected",
                    serde_json::to_value(&r),
                    Some(r.acknowledgement.clone()),
                ),
                Err(e) => (
                    "rejected",
                    Ok(serde_json::json!({"error": e.to_string(), "detail": error_details(&e)})),
                    error_ack(&e),
                ),
            };
        let target = dir.join(folder);
        tokio::fs::create_dir_all(&target).await?;
        let name = path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        let mut report_name = name.clone();
        report_name.push(".report.json");
        let text = report
            .ok()
            .and_then(|r| serde_json::to_string_pretty(&r).ok())
            .unwrap_or_default();
        tokio::fs::write(target.join(report_name), text).await?;
        if let Some(ack) = ack.filter(|a| !a.is_empty()) {
            let mut ack_name = name.clone();
            ack_name.push(".contrl.edi");
            tokio::fs::write(target.join(ack_name), ack).await?;
        }
        tokio::fs::rename(&path, target.join(&name)).await?;
        taken += 1;
    }
    Ok(taken)
}

fn error_ack(e: &IntakeError) -> Option<String> {
    match e {
        IntakeError::Unreadable { details, .. } => {
            details["acknowledgement"].as_str().map(str::to_string)
        }
        _ => None,
    }
}

fn error_details(e: &IntakeError) -> serde_json::Value {
    match e {
        IntakeError::Unreadable { details, field, .. } => {
            serde_json::json!({"field": field, "details": details})
        }
        _ => serde_json::Value::Null,
    }
}
