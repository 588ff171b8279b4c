//! The document-alert register's in-memory fingerprint index on SQLite ([`KeyFingerprints`]): a look-up whose
//! key is in no alert is answered without a database read. Built from the register off the request path, checked
//! against the register's version at most [`VALID_FOR`] after its last check (so an import by another process is
//! seen within that time, as watchlists are), and dropped from use at once by this process's own changes.
use limes_store::registers::{fingerprint, KeyFingerprints};
use rusqlite::{Connection, OptionalExtension};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long the index answers after the register's version was last found unchanged.
pub(crate) const VALID_FOR: Duration = Duration::from_secs(1);

pub(crate) struct AlertIndex {
    current: RwLock<Option<Arc<KeyFingerprints>>>,
    /// Milliseconds after `epoch` when the index was last found to match the register (0: never, or dropped).
    checked_at: AtomicU64,
    epoch: Instant,
    /// A check or rebuild is running.
    busy: AtomicBool,
    /// Counts this process's changes: a check that saw one begin meanwhile does not vouch for the index.
    changes: AtomicU64,
}

impl AlertIndex {
    pub(crate) fn new() -> AlertIndex {
        AlertIndex {
            current: RwLock::new(None),
            checked_at: AtomicU64::new(0),
            epoch: Instant::now(),
            busy: AtomicBool::new(false),
            changes: AtomicU64::new(0),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    /// The index when it is known to match the register (checked within [`VALID_FOR`]); `None` sends the
    /// look-up to the database, and `needs_check` tells the caller to start [`AlertIndex::refresh`].
    pub(crate) fn usable(&self) -> (Option<Arc<KeyFingerprints>>, bool) {
        let checked = self.checked_at.load(Ordering::Acquire);
        let fresh =
            checked != 0 && self.now_ms().saturating_sub(checked) < VALID_FOR.as_millis() as u64;
        if !fresh {
            return (None, !self.busy.load(Ordering::Relaxed));
        }
        let index = self.current.read().ok().and_then(|g| g.clone());
        (index, false)
    }

    /// This process changed the register: look-ups go to the database until the index is checked again.
    pub(crate) fn changed(&self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
        self.checked_at.store(0, Ordering::Release);
    }

    /// Check the index against the register's version and rebuild it when it changed (on a blocking thread:
    /// a rebuild reads every key). One at a time; a failure leaves look-ups on the database.
    pub(crate) fn refresh(&self, conn: &Connection) {
        if self.busy.swap(true, Ordering::AcqRel) {
            return;
        }
        let started = self.now_ms();
        let changes = self.changes.load(Ordering::Acquire);
        // The version first: keys read after it are at least that new, so a change in between is seen at the
        // next check rather than hidden.
        if let Ok(version) = register_version(conn) {
            let held = self
                .current
                .read()
                .ok()
                .and_then(|g| g.as_ref().map(|i| i.version));
            let ok = if held == Some(version) {
                true
            } else {
                match build(conn, version) {
                    Ok(index) => {
                        tracing::info!(
                            alerts = index.len(),
                            bytes = index.bytes(),
                            version,
                            "document-alert fingerprint index built"
                        );
                        if let Ok(mut g) = self.current.write() {
                            *g = Some(Arc::new(index));
                        }
                        true
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "document-alert fingerprint index not built");
                        false
                    }
                }
            };
            // Valid from when the check began, unless this process changed the register meanwhile.
            if ok && self.changes.load(Ordering::Acquire) == changes {
                self.checked_at.store(started, Ordering::Release);
            }
        }
        self.busy.store(false, Ordering::Release);
    }

    /// What the index holds: (distinct keys, bytes, register version), when built.
    pub(crate) fn stats(&self) -> Option<(usize, usize, i64)> {
        self.current
            .read()
            .ok()
            .and_then(|g| g.as_ref().map(|i| (i.len(), i.bytes(), i.version)))
    }
}

fn register_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT version FROM register_versions WHERE register = 'documents'",
        [],
        |r| r.get(0),
    )
    .optional()
    .map(Option::unwrap_or_default)
}

fn build(conn: &Connection, version: i64) -> rusqlite::Result<KeyFingerprints> {
    let mut st = conn.prepare("SELECT DISTINCT number_confusable FROM document_alerts")?;
    let mut rows = st.query([])?;
    let mut fingerprints = Vec::new();
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        fingerprints.push(fingerprint(&key));
    }
    Ok(KeyFingerprints::build(version, fingerprints))
}
