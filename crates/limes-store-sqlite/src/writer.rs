//! One writer thread owns the write connection and commits jobs in groups: many concurrent checks share one
//! fsync, and each job's result is sent only after its group committed (an acknowledged record is durable).
use limes_domain::audit::{entry_hash, AuditEvent, GENESIS_HASH};
use limes_store::{StoreError, StoreResult};
use rusqlite::{params, Connection, Transaction};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{mpsc, Arc};
use tokio::sync::oneshot;

use crate::ts;

/// The most jobs committed in one transaction.
const MAX_GROUP: usize = 512;

pub struct WriteCtx<'a> {
    pub tx: &'a Transaction<'a>,
    head: (i64, String),
    /// The node's sync role, which decides what goes into the outbox (see `sync.rs`).
    pub(crate) role: limes_store::sync::NodeRole,
}

impl WriteCtx<'_> {
    /// Append an audit entry in the current transaction, extending the hash chain.
    pub fn audit(&mut self, event: &AuditEvent) -> StoreResult<i64> {
        let seq = self.head.0 + 1;
        tracing::debug!(action = %event.action, seq, "audited change");
        let hash = entry_hash(seq, &self.head.1, event);
        self.tx
            .prepare_cached(
                "INSERT INTO audit_log (seq, at, actor, role, agency, bcp, action, subject, purpose, detail, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    seq,
                    ts(&event.at),
                    event.actor,
                    event.role,
                    event.agency,
                    event.bcp,
                    event.action,
                    event.subject,
                    event.purpose,
                    event.detail,
                    self.head.1,
                    hash
                ])
            })
            .map_err(crate::backend)?;
        let prev_hash = std::mem::replace(&mut self.head, (seq, hash.clone())).1;
        crate::sync::on_audit(self, seq, prev_hash, hash, event)?;
        Ok(seq)
    }
}

trait Job: Send {
    /// Run inside the group transaction; true when the job succeeded.
    fn run(&mut self, ctx: &mut WriteCtx<'_>) -> bool;
    /// Called once the group's fate is known.
    fn finish(self: Box<Self>, commit: Result<(), String>);
}

struct TypedJob<R, F> {
    work: Option<F>,
    result: Option<StoreResult<R>>,
    reply: oneshot::Sender<StoreResult<R>>,
}

impl<R: Send, F: FnOnce(&mut WriteCtx<'_>) -> StoreResult<R> + Send> Job for TypedJob<R, F> {
    fn run(&mut self, ctx: &mut WriteCtx<'_>) -> bool {
        let Some(work) = self.work.take() else {
            return false;
        };
        let result = work(ctx);
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }
    fn finish(self: Box<Self>, commit: Result<(), String>) {
        let outcome = match (commit, self.result) {
            (Ok(()), Some(r)) => r,
            (Err(e), Some(Err(job_err))) => Err(StoreError::Backend(format!(
                "{job_err}; commit failed: {e}"
            ))),
            (Err(e), _) => Err(StoreError::Backend(format!("commit failed: {e}"))),
            (Ok(()), None) => Err(StoreError::Backend("write job did not run".into())),
        };
        // The caller may have gone away (request cancelled); the data is committed either way.
        let _ = self.reply.send(outcome);
    }
}

#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Box<dyn Job>>,
    role: Arc<AtomicU8>,
}

impl Writer {
    pub fn start(conn: Connection) -> StoreResult<Writer> {
        let head = audit_head(&conn).map_err(crate::backend)?;
        let role = Arc::new(AtomicU8::new(crate::sync::role_code(
            crate::sync::stored_role(&conn)?,
        )));
        let (tx, rx) = mpsc::channel::<Box<dyn Job>>();
        let thread_role = role.clone();
        std::thread::Builder::new()
            .name("limes-sqlite-writer".into())
            .spawn(move || writer_loop(conn, rx, head, thread_role))
            .map_err(|e| StoreError::Backend(format!("cannot start the writer thread: {e}")))?;
        Ok(Writer { tx, role })
    }

    /// Change what the write path puts in the outbox, from the next group on.
    pub fn set_role(&self, role: limes_store::sync::NodeRole) {
        self.role
            .store(crate::sync::role_code(role), Ordering::SeqCst);
    }

    /// One write job, committed with its group; the span covers waiting for the commit.
    #[tracing::instrument(
        level = "debug",
        name = "store.write",
        skip_all,
        fields(backend = "sqlite")
    )]
    pub async fn write<R, F>(&self, work: F) -> StoreResult<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut WriteCtx<'_>) -> StoreResult<R> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        let job: Box<dyn Job> = Box::new(TypedJob {
            work: Some(work),
            result: None,
            reply,
        });
        self.tx
            .send(job)
            .map_err(|_| StoreError::Backend("the writer thread has stopped".into()))?;
        rx.await
            .map_err(|_| StoreError::Backend("the writer thread dropped the job".into()))?
    }
}

fn writer_loop(
    mut conn: Connection,
    rx: mpsc::Receiver<Box<dyn Job>>,
    mut head: (i64, String),
    role: Arc<AtomicU8>,
) {
    while let Ok(first) = rx.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let head_before = head.clone();
        let role = crate::sync::role_from_code(role.load(Ordering::SeqCst));
        let commit = run_group(&mut conn, &mut group, &mut head, role);
        if commit.is_err() {
            head = head_before;
        }
        for job in group {
            job.finish(commit.clone());
        }
    }
}

fn run_group(
    conn: &mut Connection,
    group: &mut [Box<dyn Job>],
    head: &mut (i64, String),
    role: limes_store::sync::NodeRole,
) -> Result<(), String> {
    // IMMEDIATE takes the write lock at once, so the chain head read next cannot move before the commit.
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| e.to_string())?;
    // The head is read again in every group, not only kept from the last one: another process on the same
    // database (`limes user add`, `limes sync enrol` beside a running server) may have extended the chain.
    *head = audit_head(&tx).map_err(|e| e.to_string())?;
    {
        let mut ctx = WriteCtx {
            tx: &tx,
            head: head.clone(),
            role,
        };
        for job in group.iter_mut() {
            // A savepoint per job: one failing job (a conflict, say) does not undo the others in its group.
            tx.execute_batch("SAVEPOINT job")
                .map_err(|e| e.to_string())?;
            let head_before = ctx.head.clone();
            if job.run(&mut ctx) {
                tx.execute_batch("RELEASE job").map_err(|e| e.to_string())?;
            } else {
                ctx.head = head_before;
                tx.execute_batch("ROLLBACK TO job; RELEASE job")
                    .map_err(|e| e.to_string())?;
            }
        }
        *head = ctx.head;
    }
    tx.commit().map_err(|e| e.to_string())
}

/// The audit chain's last entry (seq and hash), or the genesis before the first.
fn audit_head(conn: &Connection) -> rusqlite::Result<(i64, String)> {
    conn.prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS_HASH.to_string())),
            other => Err(other),
        })
}
