//! The refusal of entry at the border: the standard form of the Schengen Borders Code (Regulation (EU)
//! 2016/399, Annex V Part B) — who refused whom, where and when, the reasons ticked from the list, the right to
//! appeal, and the signatures.
use limes_i18n::{Arg, Language};

use crate::canvas::{MARGIN, PAGE_WIDTH};
use crate::sheet::Sheet;
use crate::{format_time, FormError, ReasonLine, RefusalForm};

/// The refusal form as a PDF, in `lang` with English beside it.
pub fn render_refusal(form: &RefusalForm, lang: Language) -> Result<Vec<u8>, FormError> {
    let mut sheet = Sheet::new(lang, "forms-refusal-title")?;
    sheet.heading(&form.post, "forms-refusal-title");
    sheet.subtitle("forms-refusal-basis");
    let bcp = format!("{} ({})", form.post.bcp_name, form.post.bcp_code);
    sheet.field("forms-bcp", &bcp);
    sheet.field("forms-date-time", &format_time(form.at));
    let officer = format!("{} ({})", form.officer.name, form.officer.id);
    sheet.field("forms-officer", &officer);
    sheet.gap(4.0);
    sheet.statement("forms-refusal-person-intro", &[]);
    sheet.person(&form.person);
    sheet.gap(4.0);
    sheet.statement("forms-refusal-reasons-intro", &[]);
    for reason in &form.reasons {
        reason_line(&mut sheet, reason);
    }
    sheet.gap(6.0);
    sheet.statement("forms-refusal-remedies", &[]);
    sheet.statement(
        "forms-refusal-copy",
        &[("state", Arg::from(form.post.state.as_str()))],
    );
    sheet.gap(4.0);
    sheet.signatures(
        ("forms-signature-person", ""),
        ("forms-signature-officer", &officer),
    );
    sheet.finish(&form.reference)
}

/// One reason with its tick box: the letter, the text in the officer's language and, for a standard reason,
/// the English under it.
fn reason_line(sheet: &mut Sheet, reason: &ReasonLine) {
    let key = format!("forms-reason-{}", reason.code);
    let standard = reason.standard && limes_i18n::has(Language::English, &key);
    let text = if standard {
        sheet.t(&key)
    } else {
        reason.text.clone()
    };
    let side = 8.0;
    sheet
        .canvas
        .tick_box(MARGIN, sheet.y - 1.0, side, reason.ticked);
    let x = MARGIN + side + 6.0;
    let width = PAGE_WIDTH - MARGIN - x;
    let label = format!("({}) {}", reason.code, text);
    let size = 8.5;
    let mut y = sheet.y;
    for line in sheet.canvas.wrap(&label, size, width) {
        if reason.ticked {
            sheet.canvas.bold_text(x, y, size, &line);
        } else {
            sheet.canvas.text(x, y, size, &line);
        }
        y -= size * 1.3;
    }
    if standard {
        if let Some(en) = sheet.english(&key, &[]) {
            y = sheet.canvas.grey_paragraph(x, y + 1.5, 6.5, width, &en);
        }
    }
    sheet.y = y - 2.5;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::Person;

    fn reasons(ticked: &str) -> Vec<ReasonLine> {
        [
            ("A", "Has no valid travel document(s)"),
            ("C", "Has no valid visa or residence permit"),
            (
                "H",
                "Is a person for whom an alert has been issued for the purposes of refusing entry",
            ),
            ("K", "Carries goods the state forbids"),
        ]
        .into_iter()
        .map(|(code, text)| ReasonLine {
            code: code.into(),
            text: text.into(),
            standard: code != "K",
            ticked: code == ticked,
        })
        .collect()
    }

    fn form(person: Person, ticked: &str) -> RefusalForm {
        RefusalForm {
            post: post(),
            at: at(),
            person,
            reasons: reasons(ticked),
            officer: officer(),
            reference: "crossing-42".into(),
        }
    }

    #[test]
    fn the_refusal_form_carries_the_person_the_bcp_and_the_reasons() {
        let pdf = render_refusal(&form(person("PETROV", "Ivan"), "C"), Language::English).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = text_of(&pdf);
        for expected in [
            "Refusal of entry",
            "PETROV",
            "Ivan",
            "UTO-LAND-1",
            "Northgate road crossing",
            "751234567",
            "1980-04-02",
            "2026-12-03 14:05 UTC",
            "Ana Officer (officer)",
            "(A) Has no valid travel document(s)",
            "(C) Has no valid visa or residence permit",
            "(K) Carries goods the state forbids",
            "crossing-42",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
    }

    #[test]
    fn the_refusal_form_speaks_the_officers_language_and_english() {
        let pdf = render_refusal(&form(person("PETROV", "Ivan"), "H"), Language::French).unwrap();
        let text = text_of(&pdf);
        assert!(text.contains("Refus d'entrée"), "French title in {text}");
        assert!(text.contains("Refusal of entry"), "English title in {text}");
        assert!(
            text.contains("(H) Personne signalée aux fins de non-admission"),
            "the French reason text in {text}"
        );
        assert!(
            text.contains("(K) Carries goods the state forbids"),
            "a state's own reason as configured"
        );
    }

    #[test]
    fn cyrillic_and_arabic_names_are_printed() {
        let pdf = render_refusal(&form(person("Петров", "Иван"), "A"), Language::Russian).unwrap();
        let text = text_of(&pdf);
        assert!(text.contains("Петров") && text.contains("Иван"), "{text}");
        assert!(text.contains("Отказ во въезде"), "Russian title in {text}");
        assert!(!text.contains("not be printed"), "nothing replaced");

        let pdf = render_refusal(&form(person("حداد", "سمير"), "A"), Language::Arabic).unwrap();
        let text = text_of(&pdf);
        // Printed right to left: the text comes back in visual order, so reversed.
        let visual = |s: &str| s.chars().rev().collect::<String>();
        assert!(text.contains(&visual("حداد")), "{text}");
        assert!(text.contains(&visual("سمير")), "{text}");
        assert!(!text.contains("could not be printed"), "nothing replaced");
    }

    #[test]
    fn a_name_outside_the_font_is_flagged_not_dropped() {
        let pdf = render_refusal(&form(person("王", "小明"), "A"), Language::English).unwrap();
        let text = text_of(&pdf);
        assert!(text.contains("could not be printed"), "{text}");
    }

    #[test]
    fn only_the_recorded_reason_is_ticked() {
        // The tick is drawn as two crossing strokes in its box; the ticked reason's text is set heavier.
        let one = render_refusal(&form(person("PETROV", "Ivan"), "C"), Language::English).unwrap();
        let none = render_refusal(&form(person("PETROV", "Ivan"), "-"), Language::English).unwrap();
        let strokes = |pdf: &[u8]| {
            let doc = lopdf::Document::load_mem(pdf).unwrap();
            let page = *doc.get_pages().values().next().unwrap();
            let content = doc.get_and_decode_page_content(page).unwrap();
            let lines = content
                .operations
                .iter()
                .filter(|op| op.operator == "l")
                .count();
            let heavy = content
                .operations
                .iter()
                .filter(|op| op.operator == "Tr")
                .count();
            (lines, heavy)
        };
        let (lines_one, heavy_one) = strokes(&one);
        let (lines_none, heavy_none) = strokes(&none);
        assert_eq!(lines_one, lines_none + 2, "one tick: two strokes more");
        assert!(heavy_one > heavy_none, "the ticked reason stands out");
    }
}
