//! The hand-over record of a request for international protection made at the border: the person, when and
//! where they asked, the officer, and the authority they are handed to. A request for protection is recorded as
//! such; this record says in words that it is not a refusal of entry.
use limes_i18n::{Arg, Language};

use crate::sheet::Sheet;
use crate::{format_time, FormError, ProtectionForm};

/// The hand-over record as a PDF, in `lang` with English beside it.
pub fn render_protection(form: &ProtectionForm, lang: Language) -> Result<Vec<u8>, FormError> {
    let mut sheet = Sheet::new(lang, "forms-protection-title")?;
    sheet.heading(&form.post, "forms-protection-title");
    sheet.statement(
        "forms-protection-statement",
        &[("bcp", Arg::from(form.post.bcp_code.as_str()))],
    );
    sheet.gap(4.0);
    let bcp = format!("{} ({})", form.post.bcp_name, form.post.bcp_code);
    sheet.field("forms-bcp", &bcp);
    sheet.field("forms-protection-requested-at", &format_time(form.at));
    let officer = format!("{} ({})", form.officer.name, form.officer.id);
    sheet.field("forms-officer", &officer);
    sheet.gap(6.0);
    sheet.person(&form.person);
    sheet.gap(6.0);
    sheet.field(
        "forms-protection-authority",
        form.authority.as_deref().unwrap_or(""),
    );
    sheet.field("forms-protection-handed-at", "");
    sheet.field("forms-protection-receiver", "");
    sheet.gap(10.0);
    sheet.signatures(
        ("forms-signature-handing-officer", &officer),
        ("forms-signature-receiver", ""),
    );
    sheet.statement("forms-protection-person-copy", &[]);
    sheet.finish(&form.reference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    fn form(authority: Option<&str>) -> ProtectionForm {
        ProtectionForm {
            post: post(),
            at: at(),
            person: person("HADDAD", "Samir"),
            officer: officer(),
            authority: authority.map(str::to_string),
            reference: "crossing-9".into(),
        }
    }

    #[test]
    fn the_hand_over_record_names_the_person_the_bcp_and_the_authority() {
        let text = text_of(
            &render_protection(&form(Some("Utopia Asylum Office")), Language::English).unwrap(),
        );
        for expected in [
            "international protection",
            "not a refusal of entry",
            "HADDAD",
            "Samir",
            "UTO-LAND-1",
            "2026-12-03 14:05 UTC",
            "Utopia Asylum Office",
            "Ana Officer (officer)",
            "crossing-9",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        assert!(!text.contains("Refusal"), "never a refusal form: {text}");
    }

    #[test]
    fn without_a_named_authority_a_line_is_left_to_fill_in() {
        let text = text_of(&render_protection(&form(None), Language::French).unwrap());
        assert!(text.contains("protection internationale"), "{text}");
        assert!(text.contains("Handed over to (authority)"), "{text}");
        assert!(!text.contains("Utopia Asylum Office"));
    }
}
