//! `limes init`: create the database and the first administrator.
use crate::common::{app_for, cli_actor, load_config, read_password, ConfigArgs};
use anyhow::bail;
use clap::Args;
use limes_app::Actor;
use limes_domain::{AuditEvent, Role};
use limes_i18n::AsArg;

#[derive(Args)]
pub struct InitArgs {
    #[command(flatten)]
    cfg: ConfigArgs,
    #[arg(long, default_value = "admin")]
    username: String,
    /// Code and name of the administrator's agency (created if missing).
    #[arg(long, default_value = "BP")]
    agency_code: String,
    #[arg(long, default_value = "Border Police")]
    agency_name: String,
    /// Read the password from standard input instead of asking.
    #[arg(long)]
    password_stdin: bool,
}

pub async fn run(args: InitArgs) -> anyhow::Result<()> {
    let cfg = load_config(&args.cfg)?;
    // The installation's key for the web forms' CSRF tokens is made with it, beside its database.
    limes_server::load_or_create_key(&crate::common::key_path(&cfg))?;
    let state = app_for(cfg).await?;
    if !state.store.users().await?.is_empty() {
        bail!("{}", crate::common::say("cli-init-has-users", &[]));
    }
    ensure_agency(&state, &args.agency_code, &args.agency_name).await?;
    let password = read_password(args.password_stdin, "Password for the administrator: ")?;
    let req = limes_app::users::NewUserRequest {
        username: args.username,
        display_name: "Administrator".into(),
        role: Role::Administrator,
        agency: args.agency_code,
        bcps: vec![],
        password,
    };
    let user = limes_app::users::add_user(&state, Actor::Operator(&cli_actor()), req).await?;
    println!(
        "{}",
        crate::common::say("cli-init-done", &[("username", user.username.as_arg())])
    );
    Ok(())
}

/// The administrator's agency, created as a border police when it is not there yet.
async fn ensure_agency(state: &limes_app::App, code: &str, name: &str) -> anyhow::Result<()> {
    if state.store.agencies().await?.iter().any(|a| a.code == code) {
        return Ok(());
    }
    let agency = limes_domain::Agency {
        code: code.to_string(),
        name: name.to_string(),
        kind: limes_domain::AgencyKind::BorderPolice,
    };
    let audit = AuditEvent::new(state.clock.now(), &cli_actor(), "agency.upsert");
    state.store.upsert_agency(&agency, audit).await?;
    Ok(())
}
