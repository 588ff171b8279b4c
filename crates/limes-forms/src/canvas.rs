//! A page to draw a form on (text, lines, boxes, ticks) and its writing out as a one-page A4 PDF with the font
//! embedded and a map from glyphs back to text, so the PDF can be searched and copied.
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use crate::font::{FontBook, ShapedLine, FONT, FONT_NAME};
use crate::FormError;

/// The font file compressed once for every form that embeds it.
static COMPRESSED_FONT: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| deflate(FONT));

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 50.0;

/// A page being drawn. Coordinates are PDF points from the bottom-left corner; `y` of text is its baseline.
pub struct Canvas {
    pub book: FontBook<'static>,
    content: Content,
    /// Whether some character could not be shown and was replaced.
    pub replaced: bool,
    title: String,
}

impl Canvas {
    pub fn new(title: &str) -> Result<Canvas, FormError> {
        Ok(Canvas {
            book: FontBook::new()?,
            content: Content::new(),
            replaced: false,
            title: title.to_string(),
        })
    }

    /// The width of `text` at `size`, in points.
    pub fn measure(&mut self, text: &str, size: f32) -> f32 {
        let line = self.book.shape(text);
        self.book.width(&line, size)
    }

    /// Text starting at `x` on the baseline `y`; returns its width.
    pub fn text(&mut self, x: f32, y: f32, size: f32, text: &str) -> f32 {
        let line = self.book.shape(text);
        self.place(&line, x, y, size, false, 0.0)
    }

    /// Text in grey (the English beside the officer's language).
    pub fn grey_text(&mut self, x: f32, y: f32, size: f32, text: &str) -> f32 {
        let line = self.book.shape(text);
        self.place(&line, x, y, size, false, 0.45)
    }

    /// Text made heavier by stroking its outline (headings; the form carries one font only).
    pub fn bold_text(&mut self, x: f32, y: f32, size: f32, text: &str) -> f32 {
        let line = self.book.shape(text);
        self.place(&line, x, y, size, true, 0.0)
    }

    /// Text centred on `centre_x`.
    pub fn centred_bold(&mut self, centre_x: f32, y: f32, size: f32, text: &str) {
        let line = self.book.shape(text);
        let width = self.book.width(&line, size);
        self.place(&line, centre_x - width / 2.0, y, size, true, 0.0);
    }

    fn place(
        &mut self,
        line: &ShapedLine,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        grey: f32,
    ) -> f32 {
        self.replaced |= line.replaced;
        if line.glyphs.is_empty() {
            return 0.0;
        }
        let mut codes = Vec::with_capacity(line.glyphs.len() * 2);
        for g in &line.glyphs {
            codes.extend_from_slice(&g.id.to_be_bytes());
        }
        let c = &mut self.content;
        c.save_state();
        c.set_fill_gray(grey);
        if bold {
            c.set_stroke_gray(grey);
            c.set_line_width(size / 30.0);
        }
        c.begin_text();
        c.set_font(Name(b"F1"), size);
        if bold {
            c.set_text_rendering_mode(TextRenderingMode::FillStroke);
        }
        c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
        c.show(Str(&codes));
        c.end_text();
        c.restore_state();
        self.book.width(line, size)
    }

    /// `text` broken into lines of at most `width` points at `size`, at word boundaries (a word longer than a
    /// line stands alone on it).
    pub fn wrap(&mut self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_string()
            } else {
                format!("{current} {word}")
            };
            if !current.is_empty() && self.measure(&candidate, size) > width {
                lines.push(std::mem::replace(&mut current, word.to_string()));
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
        lines
    }

    /// A paragraph wrapped to `width` from the baseline `y` down; returns the baseline below its last line.
    /// Right-to-left text (Arabic) is set flush with the right edge.
    pub fn paragraph(&mut self, x: f32, y: f32, size: f32, width: f32, text: &str) -> f32 {
        let mut y = y;
        let rtl = starts_right_to_left(text);
        for line in self.wrap(text, size, width) {
            let start = if rtl {
                x + width - self.measure(&line, size)
            } else {
                x
            };
            self.text(start, y, size, &line);
            y -= size * 1.35;
        }
        y
    }

    /// A grey paragraph (the English version of a statement).
    pub fn grey_paragraph(&mut self, x: f32, y: f32, size: f32, width: f32, text: &str) -> f32 {
        let mut y = y;
        for line in self.wrap(text, size, width) {
            self.grey_text(x, y, size, &line);
            y -= size * 1.35;
        }
        y
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        let c = &mut self.content;
        c.save_state();
        c.set_line_width(width);
        c.move_to(x1, y1);
        c.line_to(x2, y2);
        c.stroke();
        c.restore_state();
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        let c = &mut self.content;
        c.save_state();
        c.set_line_width(width);
        c.rect(x, y, w, h);
        c.stroke();
        c.restore_state();
    }

    /// A tick box with its lower-left corner at (x, y); ticked with a cross.
    pub fn tick_box(&mut self, x: f32, y: f32, side: f32, ticked: bool) {
        self.rect(x, y, side, side, 0.8);
        if ticked {
            self.line(x + 1.5, y + 1.5, x + side - 1.5, y + side - 1.5, 1.4);
            self.line(x + 1.5, y + side - 1.5, x + side - 1.5, y + 1.5, 1.4);
        }
    }

    /// A closed shape through `points`, filled.
    pub fn filled_polygon(&mut self, points: &[(f32, f32)]) {
        let Some(((x0, y0), rest)) = points.split_first() else {
            return;
        };
        let c = &mut self.content;
        c.move_to(*x0, *y0);
        for (x, y) in rest {
            c.line_to(*x, *y);
        }
        c.close_path();
        c.fill_nonzero();
    }

    /// A filled circle (four Bézier quarter arcs).
    pub fn filled_circle(&mut self, cx: f32, cy: f32, r: f32) {
        // The control-point distance that makes a quarter Bézier arc closest to a circle.
        let k = 0.552_284_8 * r;
        let c = &mut self.content;
        c.move_to(cx + r, cy);
        c.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
        c.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
        c.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
        c.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
        c.close_path();
        c.fill_nonzero();
    }

    /// A quarter circle stroked around (cx, cy): quadrant 0 top right, 1 top left, 2 bottom left, 3 bottom right.
    pub fn arc_corner(&mut self, cx: f32, cy: f32, r: f32, quadrant: u8) {
        let k = 0.552_284_8 * r;
        // Start and end unit vectors of the quadrant, counter-clockwise.
        let (sx, sy, ex, ey) = match quadrant % 4 {
            0 => (1.0, 0.0, 0.0, 1.0),
            1 => (0.0, 1.0, -1.0, 0.0),
            2 => (-1.0, 0.0, 0.0, -1.0),
            _ => (0.0, -1.0, 1.0, 0.0),
        };
        let c = &mut self.content;
        c.save_state();
        c.set_line_width(2.0);
        c.move_to(cx + sx * r, cy + sy * r);
        c.cubic_to(
            cx + sx * r + ex * k,
            cy + sy * r + ey * k,
            cx + ex * r + sx * k,
            cy + ey * r + sy * k,
            cx + ex * r,
            cy + ey * r,
        );
        c.stroke();
        c.restore_state();
    }

    /// The finished one-page PDF.
    pub fn finish(self) -> Result<Vec<u8>, FormError> {
        let Canvas {
            book,
            content,
            title,
            ..
        } = self;
        let catalog_id = Ref::new(1);
        let page_tree_id = Ref::new(2);
        let page_id = Ref::new(3);
        let content_id = Ref::new(4);
        let type0_id = Ref::new(5);
        let cid_font_id = Ref::new(6);
        let descriptor_id = Ref::new(7);
        let font_file_id = Ref::new(8);
        let cmap_id = Ref::new(9);
        let info_id = Ref::new(10);

        let mut pdf = Pdf::new();
        pdf.catalog(catalog_id).pages(page_tree_id);
        pdf.pages(page_tree_id).kids([page_id]).count(1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(page_tree_id);
        page.contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), type0_id);
        page.finish();
        pdf.document_info(info_id)
            .title(pdf_writer::TextStr(&title))
            .producer(pdf_writer::TextStr("Limes"));

        let content = content.finish();
        let content = deflate(&content);
        pdf.stream(content_id, &content).filter(Filter::FlateDecode);

        let system_info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        pdf.type0_font(type0_id)
            .base_font(Name(FONT_NAME))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_font_id)
            .to_unicode(cmap_id);
        let mut cid = pdf.cid_font(cid_font_id);
        cid.subtype(CidFontType::Type2)
            .base_font(Name(FONT_NAME))
            .system_info(system_info)
            .font_descriptor(descriptor_id)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        {
            let mut widths = cid.widths();
            for glyph in book.used.keys() {
                widths.consecutive(*glyph, [book.advance_thousandths(*glyph)]);
            }
        }
        cid.finish();

        let scale = 1000.0 / book.units_per_em();
        let face = ttf_parser::Face::parse(FONT, 0).map_err(|_| FormError::Font)?;
        let bbox = face.global_bounding_box();
        let to_pdf = |v: i16| f32::from(v) * scale;
        pdf.font_descriptor(descriptor_id)
            .name(Name(FONT_NAME))
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(
                to_pdf(bbox.x_min),
                to_pdf(bbox.y_min),
                to_pdf(bbox.x_max),
                to_pdf(bbox.y_max),
            ))
            .italic_angle(0.0)
            .ascent(to_pdf(face.ascender()))
            .descent(to_pdf(face.descender()))
            .cap_height(to_pdf(face.capital_height().unwrap_or(face.ascender())))
            .stem_v(80.0)
            .font_file2(font_file_id);
        pdf.stream(font_file_id, &COMPRESSED_FONT)
            .filter(Filter::FlateDecode)
            .pair(
                Name(b"Length1"),
                i32::try_from(FONT.len()).unwrap_or(i32::MAX),
            );

        let cmap = to_unicode_cmap(&book.used);
        pdf.cmap(cmap_id, &cmap);
        Ok(pdf.finish())
    }
}

/// The map from glyphs back to text (ToUnicode), so the PDF's text can be searched and copied. Written with
/// only the entries every reader's CMap parser knows (pdf-writer's own adds a version and a writing mode that
/// some text extractors reject).
fn to_unicode_cmap(used: &std::collections::BTreeMap<u16, String>) -> Vec<u8> {
    use std::fmt::Write;
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &String)> = used.iter().filter(|(_, t)| !t.is_empty()).collect();
    // At most 100 entries per section.
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (glyph, text) in chunk {
            let _ = write!(out, "<{glyph:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// Whether the text's first strong character reads right to left.
fn starts_right_to_left(text: &str) -> bool {
    unicode_bidi::get_base_direction(text) == unicode_bidi::Direction::Rtl
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}
