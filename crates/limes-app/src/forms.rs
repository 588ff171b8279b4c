//! The printable forms of a decided crossing as PDF: the refusal of entry (Schengen Borders Code Annex V Part B),
//! the entry or exit stamp's data, the hand-over record of a request for international protection. The crossing
//! is read within the officer's BCP scope, the view audited (`person.view`, purpose `form`), the PDF rendered by
//! `limes-forms` in the officer's language with English beside it.
use crate::error::{store_class, ErrorClass, UseCaseError};
use crate::{Actor, App, Scope};
use limes_domain::decision::{reasons_for, schengen_refusal_reasons};
use limes_domain::{BcpKind, Direction, Outcome};
use limes_forms::{
    Language, Officer, Person, Post, ProtectionForm, ReasonLine, RefusalForm, StampDirection,
    StampForm, TransportMode,
};
use limes_store::{Crossing, CrossingStatus, StoreError};

/// Which form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Refusal,
    Stamp,
    Protection,
}

impl FormKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Refusal => "refusal",
            FormKind::Stamp => "stamp",
            FormKind::Protection => "protection",
        }
    }

    /// Why this crossing has no such form, or None when it has one. A refusal form only for an entry refused;
    /// a stamp for an admission (entry or exit) or a refused entry (the cancelled stamp); a hand-over record
    /// only for a request for international protection — never for a refusal, and a refusal never gets one.
    pub fn unavailable_for(self, c: &Crossing) -> Option<&'static str> {
        if c.status != CrossingStatus::Decided {
            return Some("it has no final decision");
        }
        let outcome = c.outcome;
        let entry = c.check.direction == Direction::Entry;
        match self {
            FormKind::Refusal if outcome == Some(Outcome::Refused) && entry => None,
            FormKind::Refusal => Some("it is not a refusal of entry"),
            FormKind::Stamp if outcome == Some(Outcome::Admitted) => None,
            FormKind::Stamp if outcome == Some(Outcome::Refused) && entry => None,
            FormKind::Stamp => Some("nothing is stamped for this decision"),
            FormKind::Protection if outcome == Some(Outcome::InternationalProtection) => None,
            FormKind::Protection => Some("it is not a request for international protection"),
        }
    }
}

/// The forms this crossing has, for the links on its page.
pub fn available(c: &Crossing) -> Vec<FormKind> {
    [FormKind::Refusal, FormKind::Stamp, FormKind::Protection]
        .into_iter()
        .filter(|k| k.unavailable_for(c).is_none())
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("not found: crossing {0}")]
    NotFound(String),
    #[error("crossing {0} is not at one of your BCPs")]
    CrossingElsewhere(String),
    #[error("crossing {id} has no {form} form: {why}")]
    NotApplicable {
        id: String,
        form: &'static str,
        why: &'static str,
    },
    #[error("the form could not be rendered: {0}")]
    Render(#[from] limes_forms::FormError),
    #[error("the form could not be rendered: the worker stopped")]
    Worker,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for FormError {
    fn class(&self) -> ErrorClass {
        match self {
            FormError::NotFound(_) => ErrorClass::NotFound,
            FormError::CrossingElsewhere(_) => ErrorClass::Forbidden,
            FormError::NotApplicable { .. } => ErrorClass::Conflict,
            FormError::Render(_) | FormError::Worker => ErrorClass::Internal,
            FormError::Store(e) => store_class(e),
        }
    }
}

/// A rendered form.
#[derive(Debug, Clone)]
pub struct FormPdf {
    pub bytes: Vec<u8>,
    /// A file name for the download: `<form>-<crossing id>.pdf`.
    pub file_name: String,
}

/// The longest authority name kept for the hand-over record.
const MAX_AUTHORITY: usize = 200;

/// The form of a crossing as PDF, in `lang` with English beside it. `handed_to` names the authority a person
/// asking for protection is handed to (the hand-over record only; left blank to fill in by hand otherwise).
#[tracing::instrument(skip_all, fields(crossing_id = id, form = kind.as_str()))]
pub async fn crossing_form(
    app: &App,
    who: Actor<'_>,
    id: &str,
    kind: FormKind,
    lang: Language,
    handed_to: Option<&str>,
) -> Result<FormPdf, FormError> {
    let c = app
        .store
        .crossing(id)
        .await?
        .ok_or_else(|| FormError::NotFound(id.to_string()))?;
    if !Scope::of(who).allows(&c.check.bcp) {
        return Err(FormError::CrossingElsewhere(id.to_string()));
    }
    if let Some(why) = kind.unavailable_for(&c) {
        return Err(FormError::NotApplicable {
            id: id.to_string(),
            form: kind.as_str(),
            why,
        });
    }
    let post = post_of(app, &c.check.bcp).await?;
    let mode = match app.store.bcp(&c.check.bcp).await? {
        Some(b) => match b.kind {
            BcpKind::Land => TransportMode::Land,
            BcpKind::Air => TransportMode::Air,
            BcpKind::Sea => TransportMode::Sea,
        },
        None => TransportMode::Land,
    };
    let officer = officer_of(app, &c).await?;
    let mut e = who.audit(app.clock.now(), "person.view");
    e.subject = Some(format!("crossing:{id}"));
    e.purpose = Some("form".into());
    e.bcp = Some(c.check.bcp.clone());
    e.detail = format!("{} form printed", kind.as_str());
    app.store.append_audit(e).await?;

    let at = c.decided_at.unwrap_or(c.check.at);
    let person = person_of(&c);
    let reference = c.id.clone();
    let refused: Vec<String> = c.refusal_reason.iter().cloned().collect();
    let form = match kind {
        FormKind::Refusal => Form::Refusal(RefusalForm {
            post,
            at,
            person,
            reasons: reason_lines(app, c.refusal_reason.as_deref()),
            officer,
            reference,
        }),
        FormKind::Stamp => Form::Stamp(StampForm {
            post,
            at,
            direction: match c.check.direction {
                Direction::Entry => StampDirection::Entry,
                Direction::Exit => StampDirection::Exit,
            },
            mode,
            person,
            officer,
            refused: if c.outcome == Some(Outcome::Refused) {
                refused
            } else {
                Vec::new()
            },
            reference,
        }),
        FormKind::Protection => Form::Protection(ProtectionForm {
            post,
            at,
            person,
            officer,
            authority: handed_to
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| a.chars().take(MAX_AUTHORITY).collect()),
            reference,
        }),
    };
    // Shaping and compressing take a few milliseconds of CPU: off the async workers.
    let bytes = tokio::task::spawn_blocking(move || form.render(lang))
        .await
        .map_err(|_| FormError::Worker)??;
    Ok(FormPdf {
        bytes,
        file_name: format!("{}-{id}.pdf", kind.as_str()),
    })
}

enum Form {
    Refusal(RefusalForm),
    Stamp(StampForm),
    Protection(ProtectionForm),
}

impl Form {
    fn render(&self, lang: Language) -> Result<Vec<u8>, limes_forms::FormError> {
        match self {
            Form::Refusal(f) => limes_forms::render_refusal(f, lang),
            Form::Stamp(f) => limes_forms::render_stamp(f, lang),
            Form::Protection(f) => limes_forms::render_protection(f, lang),
        }
    }
}

/// The issuing state, the authority running the BCP (its agency, else the installation) and the BCP.
async fn post_of(app: &App, bcp_code: &str) -> Result<Post, StoreError> {
    let bcp = app.store.bcp(bcp_code).await?;
    let agency = match &bcp {
        Some(b) => app
            .store
            .agencies()
            .await?
            .into_iter()
            .find(|a| a.code == b.agency)
            .map(|a| a.name),
        None => None,
    };
    Ok(Post {
        state: app.config.state_code.clone(),
        authority: agency.unwrap_or_else(|| app.config.installation_name.clone()),
        bcp_code: bcp_code.to_string(),
        bcp_name: bcp.map(|b| b.name).unwrap_or_else(|| bcp_code.to_string()),
    })
}

/// The officer who took the final decision (else who ran the check): name and user id.
async fn officer_of(app: &App, c: &Crossing) -> Result<Officer, StoreError> {
    let username = c.decided_by.as_deref().unwrap_or(&c.check.officer);
    let name = app
        .store
        .users()
        .await?
        .into_iter()
        .find(|u| u.username == username)
        .map(|u| u.display_name)
        .unwrap_or_else(|| username.to_string());
    Ok(Officer {
        name,
        id: username.to_string(),
    })
}

fn person_of(c: &Crossing) -> Person {
    let d = &c.check.document;
    Person {
        surname: d.surname.clone(),
        given_names: d.given_names.clone(),
        birth_date: d.birth_date.map(|b| b.to_string()),
        sex: d.sex.clone(),
        nationality: d.nationality.clone(),
        document_code: d.document_code.clone(),
        document_number: d.document_number.clone(),
        issuing_state: d.issuing_state.clone(),
    }
}

/// The configured entry refusal reasons, the recorded one ticked; a reason worded as the Regulation's is
/// printed from the catalogue (translated), a state's own as configured.
fn reason_lines(app: &App, recorded: Option<&str>) -> Vec<ReasonLine> {
    let standard = schengen_refusal_reasons();
    reasons_for(Direction::Entry, &app.config.refusal_reasons)
        .into_iter()
        .map(|r| ReasonLine {
            standard: standard.contains(&r),
            ticked: recorded.is_some_and(|code| code.eq_ignore_ascii_case(&r.code)),
            code: r.code,
            text: r.text,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use limes_domain::{RecommendationLevel, TravelDocument};
    use limes_store::NewCrossing;

    fn crossing(
        direction: Direction,
        status: CrossingStatus,
        outcome: Option<Outcome>,
    ) -> Crossing {
        let mut c = Crossing::pending(
            "c1".into(),
            NewCrossing {
                bcp: "B".into(),
                direction,
                at: chrono::DateTime::UNIX_EPOCH,
                officer: "ana".into(),
                document: TravelDocument::default(),
                input_method: "mrz".into(),
                recommendation: RecommendationLevel::Clear,
                reasons: vec![],
                hit_count: 0,
                alert_count: 0,
                result_json: "{}".into(),
            },
        );
        c.status = status;
        c.outcome = outcome;
        c
    }

    #[test]
    fn each_form_only_for_its_decision() {
        use CrossingStatus::*;
        use Direction::*;
        use FormKind::*;
        let refused_entry = crossing(Entry, Decided, Some(Outcome::Refused));
        let stopped_exit = crossing(Exit, Decided, Some(Outcome::Refused));
        let admitted_exit = crossing(Exit, Decided, Some(Outcome::Admitted));
        let protection = crossing(Entry, Decided, Some(Outcome::InternationalProtection));
        let referred = crossing(Entry, Referred, None);
        let waiting = crossing(Entry, PendingOverride, None);

        assert_eq!(Refusal.unavailable_for(&refused_entry), None);
        assert!(
            Refusal.unavailable_for(&stopped_exit).is_some(),
            "an exit stop is not a refusal of entry"
        );
        assert!(
            Refusal.unavailable_for(&protection).is_some(),
            "protection is never a refusal"
        );
        assert!(Refusal.unavailable_for(&referred).is_some());

        assert_eq!(Stamp.unavailable_for(&admitted_exit), None);
        assert_eq!(
            Stamp.unavailable_for(&refused_entry),
            None,
            "the cancelled stamp"
        );
        assert!(Stamp.unavailable_for(&stopped_exit).is_some());
        assert!(Stamp.unavailable_for(&protection).is_some());
        assert!(
            Stamp.unavailable_for(&waiting).is_some(),
            "an override waiting for confirmation"
        );

        assert_eq!(Protection.unavailable_for(&protection), None);
        assert!(Protection.unavailable_for(&refused_entry).is_some());

        assert_eq!(available(&refused_entry), vec![Refusal, Stamp]);
        assert_eq!(available(&protection), vec![Protection]);
        assert_eq!(available(&admitted_exit), vec![Stamp]);
        assert!(available(&referred).is_empty());
    }
}
