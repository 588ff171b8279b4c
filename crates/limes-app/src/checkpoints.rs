//! The audit chain's anchor outside the database: the node's Ed25519 audit key (a file created 0600 beside the
//! data on first start), the signed checkpoints of the chain head (kept in the database and appended to a
//! checkpoint file, 0600), verification of the chain against them, and retention at a signed cut.
use crate::App;
use chrono::{DateTime, Duration, Utc};
use ed25519_dalek::SigningKey;
use limes_domain::audit_checkpoint::{public_key_hex, AnchoredReport, AuditCheckpoint};
use limes_store::{AuditFilter, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The audit key's file name in the key directory.
pub const KEY_FILE: &str = "limes-audit.key";
/// The checkpoint file's name in the key directory: one JSON checkpoint a line, appended.
pub const CHECKPOINT_FILE: &str = "limes-audit-checkpoints.jsonl";

#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("audit key {path}: {reason}")]
    Key { path: PathBuf, reason: String },
    #[error("audit checkpoint file {path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::UseCaseError for CheckpointError {
    fn class(&self) -> crate::ErrorClass {
        match self {
            CheckpointError::Store(e) => crate::error::store_class(e),
            _ => crate::ErrorClass::Internal,
        }
    }
}

/// Where the key and the checkpoint file live: the configured directory, else beside the SQLite database, else
/// `limes-data`.
pub fn key_dir(config: &crate::Config) -> PathBuf {
    if let Some(dir) = &config.audit_key_dir {
        return PathBuf::from(dir);
    }
    match config.sqlite_path() {
        Some(db) => db.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => PathBuf::from("limes-data"),
    }
}

fn key_error(path: &Path, reason: impl std::fmt::Display) -> CheckpointError {
    CheckpointError::Key {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

fn file_error(path: &Path, reason: impl std::fmt::Display) -> CheckpointError {
    CheckpointError::File {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// Open a file for appending, created readable and writable by its owner only.
fn open_private(path: &Path, create_new: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    if create_new {
        options.write(true).create_new(true);
    } else {
        options.append(true).create(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// The audit key, if its file exists; a key file others may read is refused (the key would no longer prove
/// anything).
pub fn load_key(dir: &Path) -> Result<Option<SigningKey>, CheckpointError> {
    let path = dir.join(KEY_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(key_error(&path, e)),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .map_err(|e| key_error(&path, e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(key_error(
                &path,
                format!("readable by others (mode {:o}); make it 0600", mode & 0o777),
            ));
        }
    }
    let bytes: [u8; 32] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| key_error(&path, "not a 32-byte hex key"))?;
    Ok(Some(SigningKey::from_bytes(&bytes)))
}

/// The audit key, created (0600) on first use.
pub fn load_or_create_key(dir: &Path) -> Result<SigningKey, CheckpointError> {
    if let Some(key) = load_key(dir)? {
        return Ok(key);
    }
    let path = dir.join(KEY_FILE);
    std::fs::create_dir_all(dir).map_err(|e| key_error(&path, e))?;
    let key = SigningKey::from_bytes(&rand::random::<[u8; 32]>());
    let mut file = open_private(&path, true).map_err(|e| key_error(&path, e))?;
    writeln!(file, "{}", hex::encode(key.to_bytes()))
        .and_then(|()| file.sync_all())
        .map_err(|e| key_error(&path, e))?;
    tracing::info!(path = %path.display(), public_key = %public_key_hex(&key.verifying_key()), "audit key created");
    Ok(key)
}

/// The checkpoints in the file, and the lines that could not be read (named by number).
pub fn read_checkpoint_file(
    dir: &Path,
) -> Result<(Vec<AuditCheckpoint>, Vec<String>), CheckpointError> {
    let path = dir.join(CHECKPOINT_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((vec![], vec![])),
        Err(e) => return Err(file_error(&path, e)),
    };
    let mut checkpoints = Vec::new();
    let mut unreadable = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str(line) {
            Ok(cp) => checkpoints.push(cp),
            Err(e) => unreadable.push(format!(
                "line {} of {} is not a checkpoint: {e}",
                n + 1,
                path.display()
            )),
        }
    }
    Ok((checkpoints, unreadable))
}

fn append_checkpoint_file(dir: &Path, checkpoint: &AuditCheckpoint) -> Result<(), CheckpointError> {
    let path = dir.join(CHECKPOINT_FILE);
    let line = serde_json::to_string(checkpoint).map_err(|e| file_error(&path, e))?;
    let mut file = open_private(&path, false).map_err(|e| file_error(&path, e))?;
    writeln!(file, "{line}")
        .and_then(|()| file.sync_data())
        .map_err(|e| file_error(&path, e))
}

/// The name checkpoints carry: the sync node id, or `standalone`.
async fn node_name(app: &App) -> Result<String, CheckpointError> {
    Ok(match &app.sync {
        Some(sync) => sync
            .sync_identity()
            .await?
            .map(|id| id.node)
            .unwrap_or_else(|| "standalone".into()),
        None => "standalone".into(),
    })
}

/// Sign the chain head and keep the checkpoint in the database and in the file. Nothing to do (None) when the
/// head is where the latest checkpoint left it.
#[tracing::instrument(skip_all)]
pub async fn write_checkpoint(
    app: &App,
    key: &SigningKey,
) -> Result<Option<AuditCheckpoint>, CheckpointError> {
    let Some(head) = app.store.recent_audit(1).await?.pop() else {
        return Ok(None);
    };
    let latest = app.store.audit_checkpoints(1).await?;
    if latest
        .iter()
        .any(|cp| cp.seq == head.seq && cp.head_hash == head.hash)
    {
        return Ok(None);
    }
    let node = node_name(app).await?;
    let checkpoint =
        AuditCheckpoint::sign(key, &node, head.seq, &head.hash, app.clock.now(), false);
    // The file first: a checkpoint in the file but not in the database still anchors; the reverse is what an
    // intruder in the database could fake.
    append_checkpoint_file(&key_dir(&app.config), &checkpoint)?;
    app.store.add_audit_checkpoint(checkpoint.clone()).await?;
    tracing::info!(seq = checkpoint.seq, "audit checkpoint signed");
    Ok(Some(checkpoint))
}

/// Verify the chain against every checkpoint signed by this installation's key, in the database and in the file.
/// Without a key nothing can be anchored: every entry is unanchored, and any checkpoint found is a problem.
#[tracing::instrument(skip_all)]
pub async fn verify(app: &App) -> Result<AnchoredReport, CheckpointError> {
    let dir = key_dir(&app.config);
    let (from_file, unreadable) = read_checkpoint_file(&dir)?;
    let key = match load_key(&dir)? {
        Some(key) => key,
        // A stand-in no checkpoint is signed by: the links are verified, and every checkpoint found is named.
        None => SigningKey::from_bytes(&[0; 32]),
    };
    let mut report =
        limes_store::verify_audit_anchored(app.store.as_ref(), &key.verifying_key(), from_file)
            .await?;
    report.problems.extend(unreadable);
    Ok(report)
}

/// Retention: remove the audit entries older than the configured days at a signed cut (the newest entry older
/// than the limit), audited. Returns how many were removed; none when no retention is configured.
#[tracing::instrument(skip_all)]
pub async fn apply_retention(app: &App, key: &SigningKey) -> Result<u64, CheckpointError> {
    let Some(days) = app.config.audit_retention_days else {
        return Ok(0);
    };
    let now = app.clock.now();
    let limit: DateTime<Utc> = now - Duration::days(i64::from(days));
    let Some(last_old) = app
        .store
        .search_audit(AuditFilter {
            to: Some(limit),
            limit: 1,
            ..Default::default()
        })
        .await?
        .pop()
    else {
        return Ok(0);
    };
    let node = node_name(app).await?;
    let cut = AuditCheckpoint::sign(key, &node, last_old.seq, &last_old.hash, now, true);
    append_checkpoint_file(&key_dir(&app.config), &cut)?;
    let mut event = crate::Actor::Operator("retention").audit(now, "audit.retention");
    event.subject = Some(format!("audit:1..{}", last_old.seq));
    event.detail = format!("entries older than {days} days removed at a signed cut");
    let removed = app.store.cut_audit(cut, event).await?;
    tracing::info!(removed, through = last_old.seq, "audit retention cut");
    Ok(removed)
}
