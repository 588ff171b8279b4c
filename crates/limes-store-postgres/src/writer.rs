//! One writer task commits audited changes in groups: concurrent checks share one transaction and one commit,
//! each job's result is sent only after its group committed (an acknowledged record is durable), and a job that
//! fails (a conflict, say) is undone alone through its savepoint. Each group locks the audit chain-head row first
//! (`SELECT ... FOR UPDATE`): writers in other processes on the same database wait for it, so the chain never
//! forks.
use crate::{audit, backend, pool_error};
use deadpool_postgres::{Pool, Transaction};
use limes_domain::audit::AuditEvent;
use limes_store::{StoreError, StoreResult};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::{mpsc, oneshot};

/// The most jobs committed in one transaction. Each job runs in a savepoint, a subtransaction with its own
/// transaction id; PostgreSQL caches 64 of them per transaction before its snapshots overflow to the slower
/// pg_subtrans lookups, so groups stay within that.
const MAX_GROUP: usize = 64;
/// Jobs waiting for the writer before callers wait to hand theirs over.
const QUEUE: usize = 4096;

pub type JobFuture<'c, R> = Pin<Box<dyn Future<Output = StoreResult<R>> + Send + 'c>>;

/// What a write job sees: the group's transaction and the chain head as it stands within it.
pub struct WriteCtx<'t> {
    pub tx: &'t Transaction<'t>,
    head: (i64, String),
}

impl WriteCtx<'_> {
    /// Append an audit entry in the current transaction, extending the hash chain.
    pub async fn audit(&mut self, event: &AuditEvent) -> StoreResult<i64> {
        let (seq, hash) = audit::insert_entry(self.tx, &self.head, event).await?;
        tracing::debug!(action = %event.action, seq, "audited change");
        self.head = (seq, hash);
        Ok(seq)
    }

    /// Run `change` (statements on this transaction) and append the audit entry that describes it, the two
    /// pipelined on the connection: one round trip instead of two. Either failing fails the job.
    pub async fn audit_with<F>(&mut self, change: F, event: &AuditEvent) -> StoreResult<i64>
    where
        F: Future<Output = StoreResult<()>> + Send,
    {
        let ((), (seq, hash)) =
            tokio::try_join!(biased; change, audit::insert_entry(self.tx, &self.head, event))?;
        tracing::debug!(action = %event.action, seq, "audited change");
        self.head = (seq, hash);
        Ok(seq)
    }
}

type BoolFuture<'c> = Pin<Box<dyn Future<Output = bool> + Send + 'c>>;

trait Job: Send {
    /// Run inside the group transaction; true when the job succeeded.
    fn run<'c>(&'c mut self, ctx: &'c mut WriteCtx<'_>) -> BoolFuture<'c>;
    /// Called once the group's fate is known.
    fn finish(self: Box<Self>, commit: Result<(), String>);
}

struct TypedJob<R, F> {
    work: Option<F>,
    result: Option<StoreResult<R>>,
    reply: oneshot::Sender<StoreResult<R>>,
}

impl<R, F> Job for TypedJob<R, F>
where
    R: Send,
    F: for<'c, 't> FnOnce(&'c mut WriteCtx<'t>) -> JobFuture<'c, R> + Send,
{
    fn run<'c>(&'c mut self, ctx: &'c mut WriteCtx<'_>) -> BoolFuture<'c> {
        let Some(work) = self.work.take() else {
            return Box::pin(async { false });
        };
        Box::pin(async move {
            let result = work(ctx).await;
            let ok = result.is_ok();
            self.result = Some(result);
            ok
        })
    }

    fn finish(self: Box<Self>, commit: Result<(), String>) {
        let outcome = match (commit, self.result) {
            (Ok(()), Some(r)) => r,
            // A job that failed on its own keeps its own error (a conflict stays a conflict).
            (Err(e), Some(Err(job_err))) => Err(match job_err {
                StoreError::Backend(m) => StoreError::Backend(format!("{m}; commit failed: {e}")),
                other => other,
            }),
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
}

impl Writer {
    /// Start the writer task on the current Tokio runtime.
    pub fn start(pool: Pool) -> Writer {
        let (tx, rx) = mpsc::channel::<Box<dyn Job>>(QUEUE);
        tokio::spawn(writer_loop(pool, rx));
        Writer { tx }
    }

    /// One write job, committed with its group; the span covers waiting for the commit.
    #[tracing::instrument(
        level = "debug",
        name = "store.write",
        skip_all,
        fields(backend = "postgres")
    )]
    pub async fn write<R, F>(&self, work: F) -> StoreResult<R>
    where
        R: Send + 'static,
        F: for<'c, 't> FnOnce(&'c mut WriteCtx<'t>) -> JobFuture<'c, R> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        let job: Box<dyn Job> = Box::new(TypedJob {
            work: Some(work),
            result: None,
            reply,
        });
        self.tx
            .send(job)
            .await
            .map_err(|_| StoreError::Backend("the PostgreSQL writer has stopped".into()))?;
        rx.await
            .map_err(|_| StoreError::Backend("the PostgreSQL writer dropped the job".into()))?
    }
}

async fn writer_loop(pool: Pool, mut rx: mpsc::Receiver<Box<dyn Job>>) {
    while let Some(first) = rx.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let commit = run_group(&pool, &mut group)
            .await
            .map_err(|e| e.to_string());
        if let Err(e) = &commit {
            tracing::warn!(jobs = group.len(), "PostgreSQL write group failed: {e}");
        }
        for job in group {
            job.finish(commit.clone());
        }
    }
}

async fn run_group(pool: &Pool, group: &mut [Box<dyn Job>]) -> StoreResult<()> {
    let mut client = pool.get().await.map_err(pool_error)?;
    let tx = client.transaction().await.map_err(backend)?;
    let start = audit::lock_head(&tx).await?;
    let mut ctx = WriteCtx {
        tx: &tx,
        head: start.clone(),
    };
    // A savepoint per job: one failing job does not undo the others in its group. A succeeded job's savepoint
    // is released together with the next job's start (one round trip); the commit releases the last one.
    let mut open_savepoint = false;
    for job in group.iter_mut() {
        let start_job = if open_savepoint {
            "RELEASE SAVEPOINT job; SAVEPOINT job"
        } else {
            "SAVEPOINT job"
        };
        let head_before = ctx.head.clone();
        // The savepoint and the job's statements are pipelined: sent in order, without waiting in between.
        let tx = ctx.tx;
        let (savepoint, ok) = tokio::join!(biased; tx.batch_execute(start_job), job.run(&mut ctx));
        savepoint.map_err(backend)?;
        if ok {
            open_savepoint = true;
        } else {
            ctx.head = head_before;
            ctx.tx
                .batch_execute("ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job")
                .await
                .map_err(backend)?;
            open_savepoint = false;
        }
    }
    let head = ctx.head;
    if head != start {
        audit::store_head(&tx, &head).await?;
    }
    tx.commit().await.map_err(backend)
}
