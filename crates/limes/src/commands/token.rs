//! `limes token`: API tokens of machine accounts (create, revoke, list) for an installation administered at its
//! own command line.
use crate::common::{app_for, cli_actor, load_config, ConfigArgs};
use clap::Subcommand;
use limes_app::tokens::{self, TokenRequest};
use limes_app::Actor;
use limes_i18n::AsArg;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Make a token for a machine account (role sender or gate); the token is printed once.
    Create {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// The machine account: its username or id.
        #[arg(long)]
        user: String,
        /// What the token is for, e.g. "Utopia Air PAXLST gateway".
        #[arg(long)]
        name: String,
        /// Days until it expires (1-366).
        #[arg(long, default_value_t = tokens::DEFAULT_VALID_DAYS)]
        days: u32,
    },
    /// Revoke one token by its id (from `limes token list`).
    Revoke {
        #[command(flatten)]
        cfg: ConfigArgs,
        id: String,
    },
    /// One line per token: id, account, state, expiry, last use, name.
    List {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
}

pub async fn run(command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create {
            cfg,
            user,
            name,
            days,
        } => {
            let app = app_for(load_config(&cfg)?).await?;
            let request = TokenRequest {
                user_id: user,
                name,
                valid_days: Some(days),
            };
            let made = tokens::create_token(&app, Actor::Operator(&cli_actor()), request).await?;
            eprintln!(
                "{}",
                crate::common::say(
                    "cli-token-created",
                    &[
                        ("id", made.id.as_str().as_arg()),
                        (
                            "expires",
                            made.expires_at
                                .format("%Y-%m-%d %H:%M")
                                .to_string()
                                .as_arg()
                        ),
                    ]
                )
            );
            // The secret alone on standard output, so that it can be piped into the client's configuration.
            println!("{}", made.token);
        }
        TokenCommand::Revoke { cfg, id } => {
            let app = app_for(load_config(&cfg)?).await?;
            tokens::revoke_token(&app, Actor::Operator(&cli_actor()), &id).await?;
            println!(
                "{}",
                crate::common::say("cli-token-revoked", &[("id", id.as_str().as_arg())])
            );
        }
        TokenCommand::List { cfg } => {
            let app = app_for(load_config(&cfg)?).await?;
            let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
                t.map(|t| t.format("%Y-%m-%dT%H:%MZ").to_string())
                    .unwrap_or_else(|| "-".into())
            };
            for l in tokens::list_tokens(&app).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    l.token.id,
                    l.token.username,
                    l.state.as_str(),
                    when(l.token.expires_at),
                    when(l.token.last_used_at),
                    l.token.name
                );
            }
        }
    }
    Ok(())
}
