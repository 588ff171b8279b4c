//! `limes mrz`: parse the MRZs on standard input, one JSON object each.
use anyhow::Context;
use limes_domain::{Clock, SystemClock};
use std::io::Read;

pub async fn run() -> anyhow::Result<()> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("reading standard input")?;
    print!("{}", limes_mrz::run_cli(&input, SystemClock.today()));
    Ok(())
}
