//! The process's own background tasks: every task a command starts beside its main work is owned here, and
//! stopped and awaited (for a bounded time) when the command ends, rather than dropped with the runtime.
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

#[derive(Default)]
pub struct BackgroundTasks {
    tracker: TaskTracker,
    cancel: CancellationToken,
}

impl BackgroundTasks {
    /// Own a task another crate spawned. It has no cancellation of its own, so stopping it aborts it at its
    /// next await point (the sync's outbox and ingest are at-least-once: an aborted batch is sent again).
    pub fn adopt(&self, mut task: JoinHandle<()>) {
        let cancel = self.cancel.clone();
        self.tracker.spawn(async move {
            tokio::select! {
                ended = &mut task => {
                    if let Err(e) = ended {
                        tracing::error!(error = %e, "background task failed");
                    }
                }
                () = cancel.cancelled() => {
                    task.abort();
                    // The abort has taken effect once the task's future is dropped.
                    let _ = task.await;
                }
            }
        });
    }

    pub fn is_empty(&self) -> bool {
        self.tracker.is_empty()
    }

    /// Stop every task and wait for them to end, at most `grace`; false when some were still running then.
    pub async fn shutdown(self, grace: Duration) -> bool {
        self.cancel.cancel();
        self.tracker.close();
        tokio::time::timeout(grace, self.tracker.wait())
            .await
            .is_ok()
    }
}
