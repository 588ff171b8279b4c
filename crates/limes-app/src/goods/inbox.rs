//! The goods inbox: a directory (`[goods] inbox_dir`, `LIMES_GOODS_INBOX_DIR`) where brokers' systems drop WCO
//! Data Model XML, CUSDEC or CUSCAR files. Each file is lodged through the same intake as the API
//! ([`super::intake::lodge_document`]) and moved to `done/` (with the report beside it) or to `rejected/`
//! (with `<name>.reason.txt` naming the line or segment). A file still being written is left alone: one named
//! `*.part`, or one changed within the last second. A crash between lodging and moving never lodges twice: the
//! file's SHA-256 is its idempotency key, and the same reference from the inbox again is a duplicate anyway.
use super::intake::{lodge_document, LodgeReport};
use super::GoodsError;
use crate::idempotency::{once, Answer, IdempotencyError};
use crate::{Actor, App};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The account inbox declarations are lodged under (their references are unique within it).
pub const INBOX_ACTOR: &str = "goods-inbox";
/// How long a file must stay unchanged before it is taken.
pub const SETTLED_AFTER: Duration = Duration::from_secs(1);
/// Where taken files go.
pub const DONE: &str = "done";
pub const REJECTED: &str = "rejected";
/// The suffix of a file its sender is still writing.
pub const PART_SUFFIX: &str = ".part";

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub file: String,
    pub accepted: bool,
    /// Why it was rejected, as written beside it.
    pub reason: Option<String>,
}

/// The files ready to take, in name order: regular, not hidden, not `*.part`, unchanged for [`SETTLED_AFTER`].
async fn ready_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut entries = tokio::fs::read_dir(dir).await?;
    while let Some(e) = entries.next_entry().await? {
        let meta = e.metadata().await?;
        let name = e.file_name().to_string_lossy().into_owned();
        if !meta.is_file() || name.starts_with('.') || name.ends_with(PART_SUFFIX) {
            continue;
        }
        let settled = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= SETTLED_AFTER);
        if settled {
            files.push(e.path());
        }
    }
    files.sort();
    Ok(files)
}

/// Why a lodgement is rejected as a whole, or `None` when at least one declaration was taken.
fn rejection(report: &LodgeReport) -> Option<String> {
    if report.accepted() > 0 {
        return None;
    }
    Some(
        report
            .declarations
            .iter()
            .map(|d| {
                format!(
                    "{}: {}",
                    d.reference,
                    d.error.as_deref().unwrap_or("rejected")
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Lodge one file once (keyed by its hash): the report, or why it was refused.
async fn lodge_once(app: &App, bytes: &[u8]) -> Result<Result<LodgeReport, String>, GoodsError> {
    let key = hex::encode(Sha256::digest(bytes));
    let actor = Actor::Operator(INBOX_ACTOR);
    let text = String::from_utf8_lossy(bytes).into_owned();
    let answer = once(app, &actor, Some(&key), "goods-inbox", text, |_| {
        lodge_document(app, Actor::Operator(INBOX_ACTOR), "inbox", bytes)
    })
    .await;
    match answer {
        Ok(Answer::Fresh(report)) => Ok(Ok(report)),
        Ok(Answer::Replayed(remembered)) => {
            // Lodged before a crash kept the file here: the remembered report, nothing lodged again.
            serde_json::from_str(&remembered.body)
                .map(Ok)
                .map_err(|e| GoodsError::Conflict(format!("remembered inbox report: {e}")))
        }
        Err(IdempotencyError::Work(e @ (GoodsError::Invalid { .. } | GoodsError::NotFound(_)))) => {
            Ok(Err(e.to_string()))
        }
        Err(IdempotencyError::Work(e)) => Err(e),
        Err(IdempotencyError::Store(e)) => Err(GoodsError::Store(e)),
        Err(e) => Err(GoodsError::Conflict(e.to_string())),
    }
}

fn with_suffix(name: &std::ffi::OsStr, suffix: &str) -> std::ffi::OsString {
    let mut n = name.to_os_string();
    n.push(suffix);
    n
}

/// Take every ready file of `dir` in. A file whose lodging failed for a reason of the system (the database) is
/// left where it is for the next round.
#[tracing::instrument(skip_all, fields(dir = %dir.display()))]
pub async fn process_inbox(app: &App, dir: &Path) -> std::io::Result<Vec<Taken>> {
    let mut taken = Vec::new();
    for path in ready_files(dir).await? {
        let Some(name) = path.file_name().map(|n| n.to_os_string()) else {
            continue;
        };
        let bytes = tokio::fs::read(&path).await?;
        let outcome = match lodge_once(app, &bytes).await {
            Ok(outcome) => outcome,
            Err(e) => {
                tracing::error!(file = %path.display(), error = %e, "goods inbox file left for the next round");
                continue;
            }
        };
        let (folder, reason, report) = match outcome {
            Ok(report) => match rejection(&report) {
                None => (DONE, None, Some(report)),
                Some(reason) => (REJECTED, Some(reason), Some(report)),
            },
            Err(reason) => (REJECTED, Some(reason), None),
        };
        let target = dir.join(folder);
        tokio::fs::create_dir_all(&target).await?;
        if let Some(report) = &report {
            let text = serde_json::to_string_pretty(report).unwrap_or_default();
            tokio::fs::write(target.join(with_suffix(&name, ".report.json")), text).await?;
        }
        if let Some(reason) = &reason {
            tokio::fs::write(
                target.join(with_suffix(&name, ".reason.txt")),
                format!("{reason}\n"),
            )
            .await?;
        }
        tokio::fs::rename(&path, target.join(&name)).await?;
        tracing::info!(file = %name.to_string_lossy(), folder, "goods inbox file taken");
        taken.push(Taken {
            file: name.to_string_lossy().into_owned(),
            accepted: reason.is_none(),
            reason,
        });
    }
    Ok(taken)
}

/// Watch the configured inbox every two seconds until `stop`; nothing when no inbox is configured.
#[tracing::instrument(skip_all)]
pub async fn watch(app: App, stop: tokio_util::sync::CancellationToken) {
    let Some(dir) = app.config.goods.inbox_dir.clone().map(PathBuf::from) else {
        return;
    };
    if let Err(e) = tokio::fs::create_dir_all(&dir).await {
        tracing::error!(dir = %dir.display(), error = %e, "cannot create the goods inbox");
        return;
    }
    tracing::info!(dir = %dir.display(), "watching the goods inbox");
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => {
                if let Err(e) = process_inbox(&app, &dir).await {
                    tracing::error!(error = %e, "goods inbox");
                }
            }
        }
    }
}
