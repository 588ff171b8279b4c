//! `limes user`: add and list users.
use crate::common::{app_for, cli_actor, load_config, open_store, read_password, ConfigArgs};
use clap::Subcommand;
use limes_app::Actor;
use limes_domain::Role;
use limes_i18n::AsArg;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is asked for (or read from standard input).
    Add {
        #[command(flatten)]
        cfg: ConfigArgs,
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: Option<String>,
        /// first_line_officer, second_line_officer, analyst, supervisor, liaison_officer, administrator, auditor
        #[arg(long)]
        role: Role,
        #[arg(long)]
        agency: String,
        /// BCP codes the user may work at (repeat); none means all.
        #[arg(long = "bcp")]
        bcps: Vec<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
}

pub async fn run(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            cfg,
            username,
            display_name,
            role,
            agency,
            bcps,
            password_stdin,
        } => {
            let state = app_for(load_config(&cfg)?).await?;
            let password = read_password(password_stdin, &format!("Password for {username}: "))?;
            let req = limes_app::users::NewUserRequest {
                display_name: display_name.unwrap_or_else(|| username.clone()),
                username,
                role,
                agency,
                bcps,
                password,
            };
            let user =
                limes_app::users::add_user(&state, Actor::Operator(&cli_actor()), req).await?;
            println!(
                "{}",
                crate::common::say(
                    "cli-user-created",
                    &[
                        ("username", user.username.as_arg()),
                        ("role", user.role.as_str().as_arg()),
                    ]
                )
            );
            Ok(())
        }
        UserCommand::List { cfg } => list(&cfg).await,
    }
}

/// One line per user: username, role, agency, BCPs (`*` for all), whether the account is active, and its id
/// (what other commands and the API take).
async fn list(cfg: &ConfigArgs) -> anyhow::Result<()> {
    let store = open_store(&load_config(cfg)?).await?;
    for u in store.users().await? {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            u.username,
            u.role,
            u.agency,
            if u.bcps.is_empty() {
                "*".to_string()
            } else {
                u.bcps.join(",")
            },
            if u.active { "active" } else { "inactive" },
            u.id
        );
    }
    Ok(())
}
