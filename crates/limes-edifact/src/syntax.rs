//! UN/EDIFACT syntax: service string advice (UNA), release character, segments, and the UNB/UNG/UNH … UNT/UNE/UNZ
//! envelopes. Airlines' real traffic often carries wrong UNT/UNZ counts: lenient mode (the default for intake)
//! accepts them with a warning, strict mode rejects them.
use serde::Serialize;

/// Where and what is wrong, named for the sender: segment number (1-based, in the interchange), tag, element and
/// component (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct EdifactError {
    pub segment_index: usize,
    pub tag: String,
    pub element: Option<usize>,
    pub component: Option<usize>,
    pub expected: String,
    pub found: String,
    pub message: String,
}

impl std::fmt::Display for EdifactError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "segment {} ({})", self.segment_index, self.tag)?;
        if let Some(e) = self.element {
            write!(f, ", element {e}")?;
        }
        if let Some(c) = self.component {
            write!(f, ", component {c}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.expected.is_empty() {
            write!(f, " (expected {}, found '{}')", self.expected, self.found)?;
        }
        Ok(())
    }
}

pub fn error(
    seg: &Segment,
    element: Option<usize>,
    component: Option<usize>,
    expected: &str,
    found: &str,
    message: impl Into<String>,
) -> EdifactError {
    EdifactError {
        segment_index: seg.index,
        tag: seg.tag.clone(),
        element,
        component,
        expected: expected.into(),
        found: found.into(),
        message: message.into(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Delimiters {
    pub component: char,
    pub element: char,
    pub decimal: char,
    pub release: Option<char>,
    pub repetition: Option<char>,
    pub segment: char,
}

impl Default for Delimiters {
    fn default() -> Self {
        Delimiters {
            component: ':',
            element: '+',
            decimal: '.',
            release: Some('?'),
            repetition: None,
            segment: '\'',
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Wrong UNT/UNZ/UNE counts are warnings (the default for intake: real traffic has them).
    Lenient,
    /// Wrong counts are errors.
    Strict,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// 1-based position in the interchange (UNA not counted).
    pub index: usize,
    pub tag: String,
    /// Elements after the tag; each a list of components, release characters already removed.
    pub elements: Vec<Vec<String>>,
}

impl Segment {
    /// Component `c` of element `e` (both 1-based), empty when absent.
    pub fn get(&self, e: usize, c: usize) -> &str {
        self.elements
            .get(e.wrapping_sub(1))
            .and_then(|el| el.get(c.wrapping_sub(1)))
            .map(String::as_str)
            .unwrap_or("")
    }
    pub fn element(&self, e: usize) -> &[String] {
        self.elements
            .get(e.wrapping_sub(1))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub reference: String,
    /// e.g. ["PAXLST", "D", "05B", "UN", "IATA"].
    pub message_type: Vec<String>,
    /// UNH … UNT inclusive.
    pub segments: Vec<Segment>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Interchange {
    pub delimiters: Delimiters,
    pub syntax: String,
    pub sender: String,
    pub recipient: String,
    pub control_reference: String,
    pub prepared: String,
    pub messages: Vec<Message>,
    pub warnings: Vec<String>,
}

fn split_segments(text: &str, d: &Delimiters) -> Vec<(Vec<Vec<String>>, bool)> {
    // (elements, raw tag in elements[0][0]); the bool says whether the segment ended with a terminator.
    let mut out = Vec::new();
    let mut elements: Vec<Vec<String>> = vec![vec![String::new()]];
    let mut escaped = false;
    let mut at_start = true;
    for ch in text.chars() {
        if escaped {
            if let Some(last) = elements.last_mut().and_then(|e| e.last_mut()) {
                last.push(ch);
            }
            escaped = false;
            at_start = false;
            continue;
        }
        if at_start
            && (ch == '\r' || ch == '\n' || ch == ' ' || ch == '\t')
            && ch != d.element
            && ch != d.component
        {
            // Line breaks and spaces between segments.
            continue;
        }
        at_start = false;
        if Some(ch) == d.release {
            escaped = true;
        } else if ch == d.segment {
            out.push((
                std::mem::replace(&mut elements, vec![vec![String::new()]]),
                true,
            ));
            at_start = true;
        } else if ch == d.element {
            elements.push(vec![String::new()]);
        } else if ch == d.component {
            if let Some(e) = elements.last_mut() {
                e.push(String::new());
            }
        } else if let Some(last) = elements.last_mut().and_then(|e| e.last_mut()) {
            last.push(ch);
        }
    }
    let trailing: String = elements.iter().flatten().map(String::as_str).collect();
    if !trailing.trim().is_empty() {
        out.push((elements, false));
    }
    out
}

/// Read an interchange: UNA (if any), segments, envelopes, counts. Messages are returned with their segments for
/// the message-level mapping (PAXLST, later PNRGOV).
pub fn parse_interchange(bytes: &[u8], mode: Mode) -> Result<Interchange, EdifactError> {
    let text = String::from_utf8_lossy(bytes);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let mut d = Delimiters::default();
    let mut body = trimmed;
    if let Some(rest) = trimmed.strip_prefix("UNA") {
        let chars: Vec<char> = rest.chars().take(6).collect();
        if chars.len() < 6 {
            return Err(EdifactError {
                segment_index: 0,
                tag: "UNA".into(),
                element: None,
                component: None,
                expected: "6 service characters".into(),
                found: chars.iter().collect(),
                message: "the service string advice is cut short".into(),
            });
        }
        d = Delimiters {
            component: chars[0],
            element: chars[1],
            decimal: chars[2],
            release: Some(chars[3]).filter(|c| *c != ' '),
            repetition: Some(chars[4]).filter(|c| *c != ' '),
            segment: chars[5],
        };
        let skip: usize = chars.iter().map(|c| c.len_utf8()).sum();
        body = &rest[skip..];
    }
    let mut warnings = Vec::new();
    let raw = split_segments(body, &d);
    let mut segments: Vec<Segment> = Vec::with_capacity(raw.len());
    let mut after_unz = false;
    for (i, (mut elements, terminated)) in raw.into_iter().enumerate() {
        let tag_raw = elements
            .first()
            .and_then(|e| e.first())
            .cloned()
            .unwrap_or_default();
        let tag = tag_raw.trim().to_string();
        if after_unz {
            warnings.push(format!("ignored {} segment(s) of text after UNZ", 1));
            break;
        }
        if tag != tag_raw {
            warnings.push(format!(
                "segment {} tag '{tag_raw}' has surrounding spaces",
                i + 1
            ));
        }
        if tag.len() != 3
            || !tag
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            let seg = Segment {
                index: i + 1,
                tag: tag.clone(),
                elements: vec![],
            };
            return Err(error(
                &seg,
                None,
                None,
                "a 3-character segment tag",
                &tag,
                "not a segment",
            ));
        }
        if !terminated {
            warnings.push(format!(
                "segment {} ({tag}) has no segment terminator",
                i + 1
            ));
        }
        elements.remove(0);
        if tag == "UNZ" {
            after_unz = true;
        }
        segments.push(Segment {
            index: i + 1,
            tag,
            elements,
        });
    }
    let first = segments.first().ok_or_else(|| EdifactError {
        segment_index: 0,
        tag: String::new(),
        element: None,
        component: None,
        expected: "UNB".into(),
        found: String::new(),
        message: "empty interchange".into(),
    })?;
    if first.tag != "UNB" {
        return Err(error(
            first,
            None,
            None,
            "UNB",
            &first.tag,
            "an interchange starts with UNB (after an optional UNA)",
        ));
    }
    let unb = first.clone();
    let last = segments.last().cloned().unwrap_or_else(|| unb.clone());
    if last.tag != "UNZ" {
        return Err(error(
            &last,
            None,
            None,
            "UNZ",
            &last.tag,
            "the interchange does not end with UNZ (truncated?)",
        ));
    }
    let mut messages = Vec::new();
    let mut current: Option<Message> = None;
    let mut groups = 0usize;
    for seg in &segments[1..segments.len() - 1] {
        match seg.tag.as_str() {
            "UNH" => {
                if let Some(open) = &current {
                    return Err(error(
                        seg,
                        None,
                        None,
                        "UNT",
                        "UNH",
                        format!("message {} is not closed by UNT", open.reference),
                    ));
                }
                current = Some(Message {
                    reference: seg.get(1, 1).to_string(),
                    message_type: seg.element(2).to_vec(),
                    segments: vec![seg.clone()],
                    warnings: Vec::new(),
                });
            }
            "UNT" => {
                let Some(mut msg) = current.take() else {
                    return Err(error(
                        seg,
                        None,
                        None,
                        "UNH before UNT",
                        "UNT",
                        "UNT without a message",
                    ));
                };
                msg.segments.push(seg.clone());
                let declared = seg.get(1, 1);
                if declared.parse::<usize>().ok() != Some(msg.segments.len()) {
                    let text = format!(
                        "UNT says {declared} segments, the message has {}",
                        msg.segments.len()
                    );
                    if mode == Mode::Strict {
                        return Err(error(
                            seg,
                            Some(1),
                            Some(1),
                            &msg.segments.len().to_string(),
                            declared,
                            text,
                        ));
                    }
                    msg.warnings.push(text);
                }
                if seg.get(2, 1) != msg.reference {
                    msg.warnings.push(format!(
                        "UNT reference '{}' differs from UNH reference '{}'",
                        seg.get(2, 1),
                        msg.reference
                    ));
                }
                messages.push(msg);
            }
            "UNG" => groups += 1,
            "UNE" => {}
            _ => match current.as_mut() {
                Some(msg) => msg.segments.push(seg.clone()),
                None => {
                    return Err(error(
                        seg,
                        None,
                        None,
                        "UNH",
                        &seg.tag,
                        "a segment outside any message",
                    ))
                }
            },
        }
    }
    if let Some(open) = current {
        return Err(error(
            &last,
            None,
            None,
            "UNT",
            "UNZ",
            format!("message {} is not closed by UNT", open.reference),
        ));
    }
    let declared = last.get(1, 1);
    let expected = if groups > 0 { groups } else { messages.len() };
    if declared.parse::<usize>().ok() != Some(expected)
        && declared.parse::<usize>().ok() != Some(messages.len())
    {
        let text = format!("UNZ says {declared}, the interchange has {expected}");
        if mode == Mode::Strict {
            return Err(error(
                &last,
                Some(1),
                Some(1),
                &expected.to_string(),
                declared,
                text,
            ));
        }
        warnings.push(text);
    }
    if last.get(2, 1) != unb.get(5, 1) {
        warnings.push(format!(
            "UNZ control reference '{}' differs from UNB's '{}'",
            last.get(2, 1),
            unb.get(5, 1)
        ));
    }
    Ok(Interchange {
        delimiters: d,
        syntax: unb.element(1).join(":"),
        sender: unb.get(2, 1).to_string(),
        recipient: unb.get(3, 1).to_string(),
        control_reference: unb.get(5, 1).to_string(),
        prepared: unb.element(4).join(":"),
        messages,
        warnings,
    })
}
