//! `limes import documents FILE [--replace | --changes]`: the document-alert register (or a change file of it)
//! streamed from the file in bounded memory, all or nothing, with a progress bar on a terminal. The progress
//! reporter serves every streamed register import (`limes_app::registers`).
use crate::common::{cli_actor, load_config, open_store, ConfigArgs};
use anyhow::Context;
use limes_app::registers::{FileKind, ImportProgress};
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_i18n::AsArg;
use std::path::Path;
use std::sync::Arc;

/// Import the document-alert register from `file`: added, replacing the register, or applied as a change file.
pub async fn documents(
    cfg: &ConfigArgs,
    file: &Path,
    replace: bool,
    changes: bool,
) -> anyhow::Result<()> {
    let store = open_store(&load_config(cfg)?).await?;
    let opened =
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let size = opened.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = Arc::new(ImportProgress::new(size));
    let shown = show_progress(progress.clone());
    let kind = if changes {
        FileKind::Changes
    } else {
        FileKind::Whole { replace }
    };
    let audit = AuditEvent::new(SystemClock.now(), &cli_actor(), "documents.import");
    let result = limes_app::registers::documents::import_document_register(
        store.as_ref(),
        audit,
        std::io::BufReader::new(opened),
        kind,
        &file.display().to_string(),
        &progress,
    )
    .await;
    shown.abort();
    let done = result.map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let line = match kind {
        FileKind::Changes => crate::common::say(
            "cli-documents-changed",
            &[
                ("added", done.added.as_arg()),
                ("removed", done.removed.as_arg()),
                ("version", done.version.as_arg()),
            ],
        ),
        FileKind::Whole { replace: true } => {
            crate::common::say("cli-documents-replaced", &[("count", done.added.as_arg())])
        }
        FileKind::Whole { replace: false } => {
            crate::common::say("cli-documents-imported", &[("count", done.added.as_arg())])
        }
    };
    println!("{line}");
    Ok(())
}

/// A progress bar on standard error while the import runs (the share of the file read, rows, rows per second,
/// time left); indicatif draws nothing when standard error is not a terminal. Stopped by aborting the task.
fn show_progress(progress: Arc<ImportProgress>) -> tokio::task::JoinHandle<()> {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(progress.snapshot().total_bytes),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{wide_bar} {percent:>3}% {msg} {elapsed_precise} (~{eta_precise} left)",
    ) {
        bar.set_style(style);
    }
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
        loop {
            tick.tick().await;
            let p = progress.snapshot();
            bar.set_position(p.bytes_read);
            bar.set_message(rows_message(p.rows_read, started.elapsed(), p.committing));
        }
    })
}

/// `"1250000 rows, 41000 rows/s"`, and when every row is staged, that the register is being swapped in.
fn rows_message(rows: u64, elapsed: std::time::Duration, committing: bool) -> String {
    let rate = rows as f64 / elapsed.as_secs_f64().max(0.001);
    let swapping = if committing { ", swapping in" } else { "" };
    format!("{rows} rows, {rate:.0} rows/s{swapping}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_shows_rows_and_their_rate() {
        let m = rows_message(5000, std::time::Duration::from_secs(2), false);
        assert_eq!(m, "5000 rows, 2500 rows/s");
        assert!(rows_message(1, std::time::Duration::from_secs(1), true).ends_with("swapping in"));
    }
}
