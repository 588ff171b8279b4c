//! The entry or exit stamp's data as a small printable record: the BCP, the date, the direction and the mode of
//! transport's pictogram, drawn as the stamp shows them (entry square, exit with rounded corners; a refused
//! entry's stamp cancelled by a cross with the reason's letter beside it).
use limes_i18n::{Arg, Language};

use crate::canvas::{Canvas, MARGIN};
use crate::sheet::Sheet;
use crate::{format_time, FormError, StampDirection, StampForm, TransportMode};

/// The stamp record as a PDF, in `lang` with English beside it.
pub fn render_stamp(form: &StampForm, lang: Language) -> Result<Vec<u8>, FormError> {
    let mut sheet = Sheet::new(lang, "forms-stamp-title")?;
    sheet.heading(&form.post, "forms-stamp-title");
    let bcp = format!("{} ({})", form.post.bcp_name, form.post.bcp_code);
    sheet.field("forms-bcp", &bcp);
    sheet.field("forms-date-time", &format_time(form.at));
    let direction = both(
        &sheet,
        &format!("forms-direction-{}", form.direction.as_str()),
    );
    sheet.field("forms-direction", &direction);
    let mode = both(&sheet, &format!("forms-mode-{}", form.mode.as_str()));
    sheet.field("forms-mode", &mode);
    if !form.refused.is_empty() {
        sheet.field("forms-stamp-refused", &form.refused.join(", "));
    }
    sheet.gap(6.0);
    sheet.person(&form.person);
    let officer = format!("{} ({})", form.officer.name, form.officer.id);
    sheet.field("forms-officer", &officer);
    sheet.gap(14.0);
    let top = sheet.y;
    draw_stamp(&mut sheet.canvas, form, MARGIN + 20.0, top);
    sheet.y = top - STAMP_HEIGHT - 24.0;
    sheet.statement(
        if form.refused.is_empty() {
            "forms-stamp-note"
        } else {
            "forms-stamp-cancelled-note"
        },
        &[("bcp", Arg::from(form.post.bcp_code.as_str()))],
    );
    sheet.finish(&form.reference)
}

/// A value in the officer's language and, when that is another, in English: "Выезд / Exit".
fn both(sheet: &Sheet, key: &str) -> String {
    match sheet.english(key, &[]) {
        Some(en) => format!("{} / {en}", sheet.t(key)),
        None => sheet.t(key),
    }
}

const STAMP_WIDTH: f32 = 230.0;
const STAMP_HEIGHT: f32 = 110.0;

/// The stamp as it looks, with its top-left corner at (x, top).
fn draw_stamp(canvas: &mut Canvas, form: &StampForm, x: f32, top: f32) {
    let y = top - STAMP_HEIGHT;
    match form.direction {
        StampDirection::Entry => canvas.rect(x, y, STAMP_WIDTH, STAMP_HEIGHT, 2.0),
        StampDirection::Exit => rounded_rect(canvas, x, y, STAMP_WIDTH, STAMP_HEIGHT, 16.0),
    }
    canvas.bold_text(x + 14.0, top - 26.0, 18.0, &form.post.state);
    draw_mode(canvas, form.mode, x + STAMP_WIDTH - 52.0, top - 34.0);
    canvas.bold_text(
        x + 14.0,
        top - 64.0,
        20.0,
        &form.at.format("%d.%m.%Y").to_string(),
    );
    canvas.text(x + 14.0, top - 92.0, 12.0, &form.post.bcp_code);
    // An arrow shows the direction: into the country at entry, out at exit.
    let (from, to) = match form.direction {
        StampDirection::Entry => (x + STAMP_WIDTH - 60.0, x + STAMP_WIDTH - 20.0),
        StampDirection::Exit => (x + STAMP_WIDTH - 20.0, x + STAMP_WIDTH - 60.0),
    };
    let arrow_y = top - 88.0;
    canvas.line(from, arrow_y, to, arrow_y, 2.0);
    let head = if to > from { -8.0 } else { 8.0 };
    canvas.filled_polygon(&[
        (to, arrow_y),
        (to + head, arrow_y + 5.0),
        (to + head, arrow_y - 5.0),
    ]);
    if !form.refused.is_empty() {
        // Cancelled: a cross over the whole stamp, the reasons' letters on its right.
        canvas.line(x, y, x + STAMP_WIDTH, top, 2.5);
        canvas.line(x, top, x + STAMP_WIDTH, y, 2.5);
        canvas.bold_text(
            x + STAMP_WIDTH + 14.0,
            top - STAMP_HEIGHT / 2.0 - 8.0,
            24.0,
            &form.refused.join(" "),
        );
    }
}

fn rounded_rect(canvas: &mut Canvas, x: f32, y: f32, w: f32, h: f32, r: f32) {
    canvas.line(x + r, y, x + w - r, y, 2.0);
    canvas.line(x + r, y + h, x + w - r, y + h, 2.0);
    canvas.line(x, y + r, x, y + h - r, 2.0);
    canvas.line(x + w, y + r, x + w, y + h - r, 2.0);
    canvas.arc_corner(x + r, y + r, r, 2);
    canvas.arc_corner(x + w - r, y + r, r, 3);
    canvas.arc_corner(x + w - r, y + h - r, r, 0);
    canvas.arc_corner(x + r, y + h - r, r, 1);
}

/// The mode-of-transport pictogram in a 40-point square with its lower-left corner at (x, y).
fn draw_mode(canvas: &mut Canvas, mode: TransportMode, x: f32, y: f32) {
    match mode {
        TransportMode::Air => {
            // The font's airplane sign.
            canvas.text(x + 2.0, y + 6.0, 34.0, "\u{2708}");
        }
        TransportMode::Land => {
            // A car: body, cabin, two wheels.
            canvas.filled_polygon(&[
                (x, y + 8.0),
                (x + 40.0, y + 8.0),
                (x + 40.0, y + 20.0),
                (x + 30.0, y + 22.0),
                (x + 24.0, y + 32.0),
                (x + 12.0, y + 32.0),
                (x + 6.0, y + 22.0),
                (x, y + 20.0),
            ]);
            canvas.filled_circle(x + 10.0, y + 7.0, 5.0);
            canvas.filled_circle(x + 30.0, y + 7.0, 5.0);
        }
        TransportMode::Sea => {
            // A ship: hull, mast, sail.
            canvas.filled_polygon(&[
                (x, y + 14.0),
                (x + 40.0, y + 14.0),
                (x + 33.0, y + 4.0),
                (x + 7.0, y + 4.0),
            ]);
            canvas.line(x + 20.0, y + 14.0, x + 20.0, y + 40.0, 1.5);
            canvas.filled_polygon(&[
                (x + 22.0, y + 38.0),
                (x + 22.0, y + 17.0),
                (x + 36.0, y + 17.0),
            ]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    fn form(direction: StampDirection, mode: TransportMode, refused: &[&str]) -> StampForm {
        StampForm {
            post: post(),
            at: at(),
            direction,
            mode,
            person: person("PETROV", "Ivan"),
            officer: officer(),
            refused: refused.iter().map(|r| r.to_string()).collect(),
            reference: "crossing-7".into(),
        }
    }

    #[test]
    fn the_stamp_record_says_bcp_date_direction_and_mode() {
        let pdf = render_stamp(
            &form(StampDirection::Entry, TransportMode::Air, &[]),
            Language::English,
        )
        .unwrap();
        let text = text_of(&pdf);
        for expected in [
            "Entry and exit stamp",
            "UTO-LAND-1",
            "03.12.2026",
            "Entry",
            "Air",
            "\u{2708}",
            "PETROV",
            "crossing-7",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        assert!(!text.contains("cancelled"), "{text}");
    }

    #[test]
    fn an_exit_by_sea_and_a_cancelled_entry_stamp() {
        let exit = text_of(
            &render_stamp(
                &form(StampDirection::Exit, TransportMode::Sea, &[]),
                Language::Russian,
            )
            .unwrap(),
        );
        assert!(exit.contains("Выезд") && exit.contains("Exit"), "{exit}");
        assert!(exit.contains("Море") && exit.contains("Sea"), "{exit}");

        let refused = text_of(
            &render_stamp(
                &form(StampDirection::Entry, TransportMode::Land, &["C"]),
                Language::English,
            )
            .unwrap(),
        );
        assert!(refused.contains("cancelled"), "{refused}");
        assert!(refused.contains("Land"), "{refused}");
    }
}
