//! `limes audit`: the audit trail's hash chain checked against its signed checkpoints, and the audit key.
use crate::common::{app_for, cli_actor, load_config, say, ConfigArgs};
use anyhow::bail;
use clap::Subcommand;
use limes_app::checkpoints;
use limes_domain::audit_checkpoint::public_key_hex;
use limes_i18n::AsArg;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain against the latest signed checkpoint; names what was deleted or rewritten and the
    /// entries after the last checkpoint (unanchored). Exits non-zero when the trail was tampered with.
    Verify {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// Why the audit trail is read (recorded in its `audit.read` entry).
        #[arg(long)]
        purpose: Option<String>,
        /// At the centre: verify the chain received from a BCP node (its node id, or a BCP code for each of its
        /// nodes) against the node's signed checkpoints, instead of this installation's own chain.
        #[arg(long, value_name = "CODE")]
        node: Option<String>,
    },
    /// Sign a checkpoint of the chain head now (the server signs one periodically and at shutdown), e.g. before a
    /// backup or a hand-over.
    Checkpoint {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
    /// Print the public key of this installation's audit key (created on first use), for the centre to enrol.
    Key {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
}

pub async fn run(command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify {
            cfg,
            purpose,
            node: Some(node),
        } => verify_nodes(&cfg, &node, purpose.as_deref()).await,
        AuditCommand::Verify {
            cfg,
            purpose,
            node: None,
        } => {
            let app = app_for(load_config(&cfg)?).await?;
            let actor = cli_actor();
            let result = limes_app::audit::verify(
                &app,
                limes_app::Actor::Operator(&actor),
                purpose.as_deref().or(Some("chain verification")),
            )
            .await?;
            if !result.intact {
                eprintln!("{}", say("cli-audit-tampered", &[]));
                for problem in &result.problems[1..] {
                    eprintln!("  {problem}");
                }
                bail!("{}", result.reason.unwrap_or_default());
            }
            println!(
                "{}",
                say(
                    "cli-audit-intact",
                    &[("count", result.verified_entries.as_arg())]
                )
            );
            if let (Some(seq), Some(at)) = (result.anchored_through, result.anchored_at) {
                println!(
                    "{}",
                    say(
                        "cli-audit-anchored",
                        &[("seq", seq.as_arg()), ("at", at.to_rfc3339().as_arg())]
                    )
                );
            }
            if let Some((first, last)) = result.unanchored {
                println!(
                    "{}",
                    say(
                        "cli-audit-unanchored",
                        &[("first", first.as_arg()), ("last", last.as_arg())]
                    )
                );
            }
            Ok(())
        }
        AuditCommand::Checkpoint { cfg } => {
            let app = app_for(load_config(&cfg)?).await?;
            let key = checkpoints::load_or_create_key(&checkpoints::key_dir(&app.config))?;
            match checkpoints::write_checkpoint(&app, &key).await? {
                Some(cp) => println!(
                    "{}",
                    say("cli-audit-checkpoint", &[("seq", cp.seq.as_arg())])
                ),
                None => println!("{}", say("cli-audit-checkpoint-none", &[])),
            }
            Ok(())
        }
        AuditCommand::Key { cfg } => {
            let config = load_config(&cfg)?;
            let key = checkpoints::load_or_create_key(&checkpoints::key_dir(&config))?;
            println!(
                "{}",
                say(
                    "cli-audit-public-key",
                    &[("key", public_key_hex(&key.verifying_key()).as_arg())]
                )
            );
            Ok(())
        }
    }
}

/// `limes audit verify --node CODE` at the centre: each matching node's received chain against its checkpoints.
async fn verify_nodes(cfg: &ConfigArgs, code: &str, purpose: Option<&str>) -> anyhow::Result<()> {
    let config = load_config(cfg)?;
    let (store, sync) = crate::common::open_sync_store(&config).await?;
    let app = limes_app::App::open(
        store,
        config,
        std::sync::Arc::new(limes_domain::SystemClock),
    )
    .await?
    .with_sync(sync);
    let actor = cli_actor();
    let reports = limes_app::checkpoints_up::verify_nodes_matching(
        &app,
        limes_app::Actor::Operator(&actor),
        code,
        purpose.or(Some("node chain verification")),
    )
    .await?;
    if reports.is_empty() {
        bail!(
            "{}",
            say("cli-audit-node-unknown", &[("node", code.as_arg())])
        );
    }
    let mut tampered = 0;
    for r in &reports {
        if r.intact() {
            println!(
                "{}",
                say(
                    "cli-audit-node-intact",
                    &[
                        ("node", r.node.as_str().as_arg()),
                        ("count", r.report.verified_entries.as_arg()),
                        ("checkpoints", r.checkpoints.as_arg()),
                    ]
                )
            );
            if let Some(seq) = r.report.anchored_through {
                println!(
                    "  {}",
                    say("cli-audit-node-anchored", &[("seq", seq.as_arg())])
                );
            }
        } else {
            tampered += 1;
            eprintln!(
                "{}",
                say(
                    "cli-audit-node-tampered",
                    &[("node", r.node.as_str().as_arg())]
                )
            );
            for problem in &r.report.problems {
                eprintln!("  {problem}");
            }
        }
    }
    if tampered > 0 {
        bail!(
            "{}",
            say("cli-audit-nodes-tampered", &[("count", tampered.as_arg())])
        );
    }
    Ok(())
}
