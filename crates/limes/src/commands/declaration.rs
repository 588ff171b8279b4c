//! `limes declaration FILE`: read a goods declaration or cargo report (WCO Data Model DEC-DMS XML, UN/EDIFACT
//! CUSDEC or CUSCAR; DMS notifications; the JSON this command prints), the format told by the file itself, and print what was read as
//! JSON (`{"declarations":[…]}`); nothing is stored. A broken file exits non-zero naming the line and column (XML)
//! or the segment (EDIFACT); the declarations' validation problems (unknown commodity codes, countries, package
//! types, totals that disagree) go to standard error, naming the item, and errors among them exit non-zero.
use anyhow::{bail, Context};
use clap::Args;
use limes_customs::{read, validate, Document, Nomenclature, Severity};
use std::path::PathBuf;

#[derive(Args)]
pub struct DeclarationArgs {
    /// The file: XML (WCO DEC-DMS or a DMS notification), EDIFACT (CUSDEC, CUSCAR) or JSON.
    file: PathBuf,
}

pub async fn run(args: DeclarationArgs) -> anyhow::Result<()> {
    let file = args.file;
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let document = match read(&bytes) {
        Ok(d) => d,
        Err(e) => bail!("{}: {e}", file.display()),
    };
    println!("{}", serde_json::to_string(&document)?);
    let Document::Declarations { declarations } = &document else {
        return Ok(());
    };
    let mut errors = 0;
    for d in declarations {
        for problem in validate(d, Nomenclature::embedded()) {
            let label = match problem.severity {
                Severity::Error => {
                    errors += 1;
                    "error"
                }
                Severity::Warning => "warning",
            };
            eprintln!("{label}: {}: {problem}", d.reference);
        }
    }
    if errors > 0 {
        bail!(
            "{}: {errors} validation error(s) in the declarations read",
            file.display()
        );
    }
    Ok(())
}
