//! The layout every form shares, top to bottom: a bilingual title, labelled fields (the label in the officer's
//! language with the English under it), statements, signature boxes and the footer.
use limes_i18n::{tr, Arg, Language};

use crate::canvas::{Canvas, MARGIN, PAGE_HEIGHT, PAGE_WIDTH};
use crate::{FormError, Person, Post};

/// Where values start, right of the labels.
const VALUE_X: f32 = MARGIN + 170.0;
const VALUE_SIZE: f32 = 11.0;

pub(crate) struct Sheet {
    pub canvas: Canvas,
    pub lang: Language,
    /// The baseline of the next line.
    pub y: f32,
}

impl Sheet {
    pub fn new(lang: Language, title_key: &str) -> Result<Sheet, FormError> {
        let title = limes_i18n::t(lang, title_key);
        Ok(Sheet {
            canvas: Canvas::new(&title)?,
            lang,
            y: PAGE_HEIGHT - MARGIN,
        })
    }

    /// The message in the officer's language.
    pub fn t(&self, key: &str) -> String {
        limes_i18n::t(self.lang, key)
    }

    pub fn t_args(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        tr(self.lang, key, args)
    }

    /// The English version, when the officer's language is another.
    pub fn english(&self, key: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
        (self.lang != Language::English).then(|| tr(Language::English, key, args))
    }

    pub fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// The issuing state and authority in the top line, then the title centred with its English under it.
    pub fn heading(&mut self, post: &Post, title_key: &str) {
        let issuer = format!("{} — {}", post.state, post.authority);
        self.canvas.text(MARGIN, self.y, 9.0, &issuer);
        self.gap(26.0);
        let title = self.t(title_key);
        self.canvas
            .centred_bold(PAGE_WIDTH / 2.0, self.y, 15.0, &title);
        if let Some(en) = self.english(title_key, &[]) {
            self.gap(15.0);
            let width = self.canvas.measure(&en, 10.0);
            self.canvas
                .grey_text((PAGE_WIDTH - width) / 2.0, self.y, 10.0, &en);
        }
        self.gap(20.0);
    }

    /// A small line under the title (the legal basis).
    pub fn subtitle(&mut self, key: &str) {
        let text = self.t(key);
        let width = self.canvas.measure(&text, 8.0);
        self.canvas.grey_text(
            (PAGE_WIDTH - width).max(2.0 * MARGIN) / 2.0,
            self.y,
            8.0,
            &text,
        );
        self.gap(18.0);
    }

    /// A labelled value; an empty value leaves a line to fill in by hand. A long label wraps in its column.
    pub fn field(&mut self, key: &str, value: &str) {
        let label_width = VALUE_X - MARGIN - 6.0;
        let top = self.y;
        let label = self.t(key);
        let mut y = top;
        for line in self.canvas.wrap(&label, 9.0, label_width) {
            self.canvas.text(MARGIN, y, 9.0, &line);
            y -= 10.0;
        }
        if let Some(en) = self.english(key, &[]) {
            y = self
                .canvas
                .grey_paragraph(MARGIN, y + 1.0, 7.0, label_width, &en);
        }
        let value_width = PAGE_WIDTH - MARGIN - VALUE_X;
        if value.trim().is_empty() {
            self.canvas
                .line(VALUE_X, top - 2.0, PAGE_WIDTH - MARGIN, top - 2.0, 0.5);
        } else {
            // A long value is set smaller rather than cut.
            let natural = self.canvas.measure(value, VALUE_SIZE);
            let size = if natural > value_width {
                (VALUE_SIZE * value_width / natural).max(6.0)
            } else {
                VALUE_SIZE
            };
            self.canvas.text(VALUE_X, top, size, value);
        }
        self.y = y.min(top - 8.0) - 7.0;
    }

    /// The person's identity fields.
    pub fn person(&mut self, p: &Person) {
        let unknown = self.t("forms-unknown");
        self.field("forms-surname", &p.surname);
        self.field("forms-given-names", &p.given_names);
        self.field(
            "forms-birth-date",
            p.birth_date.as_deref().unwrap_or(&unknown),
        );
        self.field("forms-sex", p.sex.as_deref().unwrap_or(&unknown));
        self.field("forms-nationality", &p.nationality);
        let document = format!(
            "{} {} ({})",
            p.document_code, p.document_number, p.issuing_state
        );
        self.field("forms-document", &document);
    }

    /// A statement in the officer's language, wrapped, with the English under it in grey.
    pub fn statement(&mut self, key: &str, args: &[(&str, Arg<'_>)]) {
        let width = PAGE_WIDTH - 2.0 * MARGIN;
        let text = self.t_args(key, args);
        self.y = self.canvas.paragraph(MARGIN, self.y, 9.5, width, &text);
        if let Some(en) = self.english(key, args) {
            self.y = self
                .canvas
                .grey_paragraph(MARGIN, self.y + 2.0, 7.5, width, &en);
        }
        self.gap(6.0);
    }

    /// Two signature boxes side by side, each captioned, with the signer's name printed under the line when
    /// known.
    pub fn signatures(&mut self, left: (&str, &str), right: (&str, &str)) {
        let box_width = (PAGE_WIDTH - 2.0 * MARGIN - 20.0) / 2.0;
        let height = 62.0;
        let top = self.y;
        for (i, (key, name)) in [left, right].into_iter().enumerate() {
            let x = MARGIN + i as f32 * (box_width + 20.0);
            self.canvas.rect(x, top - height, box_width, height, 0.6);
            let caption = self.t(key);
            self.canvas.text(x + 4.0, top - 11.0, 8.5, &caption);
            if let Some(en) = self.english(key, &[]) {
                self.canvas.grey_text(x + 4.0, top - 20.0, 6.5, &en);
            }
            self.canvas.line(
                x + 8.0,
                top - height + 16.0,
                x + box_width - 8.0,
                top - height + 16.0,
                0.4,
            );
            if !name.is_empty() {
                self.canvas.text(x + 8.0, top - height + 6.0, 8.0, name);
            }
        }
        self.y = top - height - 14.0;
    }

    /// The footer: the record's reference and, when a character could not be printed, the warning that says so.
    pub fn finish(mut self, reference: &str) -> Result<Vec<u8>, FormError> {
        let footer = self.t_args("forms-footer", &[("reference", Arg::from(reference))]);
        self.canvas.grey_text(MARGIN, MARGIN - 16.0, 7.0, &footer);
        if self.canvas.replaced {
            let warning = self.t("forms-missing-glyphs");
            let english = self.english("forms-missing-glyphs", &[]);
            self.canvas.text(MARGIN, MARGIN - 4.0, 8.0, &warning);
            if let Some(en) = english {
                let width = self.canvas.measure(&warning, 8.0);
                self.canvas
                    .grey_text(MARGIN + width + 8.0, MARGIN - 4.0, 7.0, &en);
            }
        }
        self.canvas.finish()
    }
}
