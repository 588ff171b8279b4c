//! The one font every form is set in (DejaVu Sans, embedded in the binary) and the shaping of a line of text
//! into its glyphs: bidirectional reordering (Arabic reads right to left inside a left-to-right form), Arabic
//! joining forms, and a clear fallback for characters the font lacks.
//!
//! The font file is `fonts/DejaVuSans.ttf` (DejaVu Fonts 2.37, <https://dejavu-fonts.github.io/>), under the
//! Bitstream Vera / DejaVu licence in `fonts/LICENSE`, which allows embedding it in documents.
use std::collections::BTreeMap;

use unicode_bidi::BidiInfo;

use crate::FormError;

/// The font file, embedded so the forms need nothing from the machine they run on.
pub(crate) static FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// The name the PDF gives the embedded font.
pub(crate) const FONT_NAME: &[u8] = b"DejaVuSans";

/// Shown in place of a character the font has no glyph for, so a missing letter is visible, never silently
/// dropped.
pub(crate) const FALLBACK: char = '?';

/// One glyph placed on a line: its id in the font and the text it stands for (for copying and searching the
/// PDF's text).
#[derive(Debug, Clone)]
pub(crate) struct PlacedGlyph {
    pub id: u16,
    pub text: String,
}

/// A line shaped into glyphs in visual order (left to right as printed), and whether a character had to be
/// replaced by [`FALLBACK`].
#[derive(Debug, Clone, Default)]
pub(crate) struct ShapedLine {
    pub glyphs: Vec<PlacedGlyph>,
    pub replaced: bool,
}

/// The parsed font with what a document used of it.
pub(crate) struct FontBook<'f> {
    face: rustybuzz::Face<'f>,
    /// Every glyph used, with the text it maps back to.
    pub used: BTreeMap<u16, String>,
}

impl FontBook<'static> {
    pub fn new() -> Result<Self, FormError> {
        let face = rustybuzz::Face::from_slice(FONT, 0).ok_or(FormError::Font)?;
        Ok(FontBook {
            face,
            used: BTreeMap::new(),
        })
    }
}

impl FontBook<'_> {
    pub fn units_per_em(&self) -> f32 {
        self.face.units_per_em() as f32
    }

    /// The advance of a glyph in the PDF's glyph space (thousandths of the font size).
    pub fn advance_thousandths(&self, glyph: u16) -> f32 {
        let advance = self
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0);
        f32::from(advance) * 1000.0 / self.units_per_em()
    }

    /// The width of a shaped line at a font size, in points.
    pub fn width(&self, line: &ShapedLine, size: f32) -> f32 {
        line.glyphs
            .iter()
            .map(|g| self.advance_thousandths(g.id) * size / 1000.0)
            .sum()
    }

    /// Shape one line: reorder it for display, shape each directional run, and note the glyphs used.
    pub fn shape(&mut self, text: &str) -> ShapedLine {
        let mut replaced = false;
        let cleaned: String = text
            .chars()
            .filter(|c| !matches!(c, '\n' | '\r'))
            .map(|c| {
                if c == '\t' {
                    ' '
                } else if !is_invisible_format(c)
                    && !c.is_whitespace()
                    && self.face.glyph_index(c).is_none()
                {
                    replaced = true;
                    FALLBACK
                } else {
                    c
                }
            })
            .collect();
        let mut line = ShapedLine {
            glyphs: Vec::new(),
            replaced,
        };
        if cleaned.is_empty() {
            return line;
        }
        // The form is laid out left to right; a paragraph's own direction still orders its runs.
        let bidi = BidiInfo::new(&cleaned, None);
        for para in &bidi.paragraphs {
            let (levels, runs) = bidi.visual_runs(para, para.range.clone());
            for run in runs {
                let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
                let piece: String = cleaned[run.clone()]
                    .chars()
                    .filter(|c| !is_invisible_format(*c))
                    .collect();
                self.shape_run(&piece, rtl, &mut line.glyphs);
            }
        }
        for g in &line.glyphs {
            // A glyph keeps the first text it stood for; one seen only inside another's cluster gets text later.
            let known = self.used.entry(g.id).or_default();
            if known.is_empty() {
                known.clone_from(&g.text);
            }
        }
        line
    }

    fn shape_run(&self, piece: &str, rtl: bool, out: &mut Vec<PlacedGlyph>) {
        if piece.is_empty() {
            return;
        }
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(piece);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        let infos = shaped.glyph_infos();
        // A cluster is the byte offset of the text a glyph stands for; it ends where the next cluster begins.
        let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut seen_cluster = std::collections::BTreeSet::new();
        for info in infos {
            let start = info.cluster as usize;
            let end = starts
                .iter()
                .copied()
                .find(|s| *s > start)
                .unwrap_or(piece.len());
            // Several glyphs of one cluster: the first carries the text, so copying gives it once.
            let text = if seen_cluster.insert(start) {
                piece.get(start..end).unwrap_or_default().to_string()
            } else {
                String::new()
            };
            out.push(PlacedGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                text,
            });
        }
    }
}

/// Bidi controls, joiners and similar marks: they steer the layout but are never printed.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_cyrillic_and_arabic_are_shaped_from_the_font() {
        let mut book = FontBook::new().unwrap();
        for text in ["Müller", "Петров", "محمد"] {
            let line = book.shape(text);
            assert!(!line.replaced, "{text} is covered by the font");
            assert!(
                line.glyphs.iter().all(|g| g.id != 0),
                "no .notdef in {text}"
            );
        }
    }

    #[test]
    fn arabic_is_joined_and_printed_right_to_left() {
        let mut book = FontBook::new().unwrap();
        let isolated: Vec<u16> = "م"
            .chars()
            .map(|c| book.face.glyph_index(c).unwrap().0)
            .collect();
        let line = book.shape("محمد");
        // Printed left to right, the first glyph is the word's last letter (dal), the last its first (meem).
        assert_eq!(line.glyphs.first().map(|g| g.text.as_str()), Some("د"));
        assert_eq!(line.glyphs.last().map(|g| g.text.as_str()), Some("م"));
        // The initial meem takes its joining form, not the isolated letter.
        assert_ne!(line.glyphs.last().map(|g| g.id), isolated.first().copied());
    }

    #[test]
    fn a_character_outside_the_font_is_replaced_visibly() {
        let mut book = FontBook::new().unwrap();
        let line = book.shape("王 Wang");
        assert!(line.replaced);
        assert_eq!(line.glyphs.first().map(|g| g.text.as_str()), Some("?"));
        let marks = book.shape("Wang \u{2068}x\u{2069}");
        assert!(
            !marks.replaced,
            "bidi isolates are steering, not missing letters"
        );
    }
}
