//! Reading an interchange: the UNA service string advice, the segments, the UNB/UNG/UNH … UNT/UNE/UNZ envelopes
//! and their counts, into the zero-copy [`RawInterchange`] or the owned [`Interchange`].

use super::error::bare_error;
use super::{
    codes, locate, to_text, Delimiters, EdifactError, Interchange, Message, Mode, RawGroup,
    RawInterchange, RawMessage, RawSegment, Seps,
};
use std::borrow::Cow;

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0b' | b'\x0c')
}

/// Read the UNA service string advice (`rest` starts after "UNA").
fn read_una(rest: &[u8]) -> Result<(Delimiters, Seps), EdifactError> {
    let una_error = |expected: &str, found: &[u8], message: &str, code: u16| {
        bare_error(0, "UNA", expected, &to_text(found), message, code)
    };
    let Some(chars) = rest.get(..6) else {
        return Err(una_error(
            "6 service characters",
            rest,
            "the service string advice is cut short",
            codes::MISSING,
        ));
    };
    if !chars.is_ascii() {
        return Err(una_error(
            "ASCII service characters",
            chars,
            "a service character outside ASCII",
            codes::INVALID_SERVICE_CHARACTER,
        ));
    }
    let [component, element, decimal, release, repetition, segment] =
        [0, 1, 2, 3, 4, 5].map(|i| chars.get(i).copied().unwrap_or(b' '));
    let release = Some(release).filter(|c| *c != b' ');
    let mut used = vec![component, element, segment];
    used.extend(release);
    for (i, c) in used.iter().enumerate() {
        if used.iter().skip(i + 1).any(|o| o == c)
            || c.is_ascii_alphanumeric()
            || (*c == b' ' && i < 3)
        {
            return Err(una_error(
                "distinct non-alphanumeric component, element, release and segment characters",
                chars,
                "the service string advice is unusable",
                codes::INVALID_SERVICE_CHARACTER,
            ));
        }
    }
    let d = Delimiters {
        component: component as char,
        element: element as char,
        decimal: decimal as char,
        release: release.map(char::from),
        repetition: Some(repetition).filter(|c| *c != b' ').map(char::from),
        segment: segment as char,
    };
    let seps = Seps {
        component,
        element,
        segment,
        release,
    };
    Ok((d, seps))
}

/// Where the interchange starts: at "UNA" or "UNB" (text before them, such as a teletype or e-mail header, is
/// skipped with a warning).
fn find_start(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(found) = memchr::memchr(b'U', b.get(i..)?) {
        let at = i + found;
        match b.get(at..at + 3) {
            Some(b"UNA") => {
                // UNA, six service characters, then (after white space) UNB.
                let rest = b.get(at + 9..).unwrap_or(&[]);
                let rest = rest.trim_ascii_start();
                if rest.starts_with(b"UNB") {
                    return Some(at);
                }
            }
            Some(b"UNB")
                if b.get(at + 3)
                    .is_some_and(|c| !c.is_ascii_alphanumeric() && !is_ws(*c)) =>
            {
                return Some(at);
            }
            _ => {}
        }
        i = at + 1;
    }
    None
}

/// Scan an interchange without copying it: UNA (if any), segments, envelopes, counts. Bytes that are not UTF-8
/// are read as ISO 8859-1 ([`to_text`]) with a warning. Envelope errors inside a message are kept with that
/// message ([`RawMessage::error`]); only errors that leave nothing readable (no UNB, an unusable UNA, no UNZ)
/// fail the whole interchange.
pub fn scan(input: &[u8], mode: Mode) -> Result<RawInterchange<'_>, EdifactError> {
    let (delimiters, seps, segments, warnings, rest) = segments_of(input)?;
    super::bounds::check(&segments)?;
    let mut ic = assemble(segments, delimiters, seps, mode, warnings)?;
    ic.rest = rest;
    Ok(ic)
}

/// The sender's identification from UNB, read even when the rest of the interchange is broken (for a CONTRL
/// answer to an interchange that could not be read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterchangeHeader {
    /// e.g. "UNOA"; empty when there is no readable UNB.
    pub syntax_identifier: String,
    pub syntax_version: String,
    pub sender: String,
    pub sender_qualifier: String,
    pub recipient: String,
    pub recipient_qualifier: String,
    pub control_reference: String,
}

/// Read UNB alone (see [`InterchangeHeader`]); `None` when there is no readable UNB at the start.
pub fn interchange_header(input: &[u8]) -> Option<InterchangeHeader> {
    let (_, _, segments, _, _) = segments_of(input).ok()?;
    let unb = segments.first().filter(|s| s.tag() == "UNB")?;
    let [e1, e2, e3, _, e5] = unb.fields::<5>();
    let [sender, sender_qualifier] = e2.parts::<2>();
    let [recipient, recipient_qualifier] = e3.parts::<2>();
    let [syntax_identifier, syntax_version] = e1.parts::<2>();
    Some(InterchangeHeader {
        syntax_identifier: syntax_identifier.trim_ascii().to_ascii_uppercase(),
        syntax_version: syntax_version.trim_ascii().to_string(),
        sender: sender.trim_ascii().to_string(),
        sender_qualifier: sender_qualifier.trim_ascii().to_string(),
        recipient: recipient.trim_ascii().to_string(),
        recipient_qualifier: recipient_qualifier.trim_ascii().to_string(),
        control_reference: e5.component(1).trim_ascii().to_string(),
    })
}

type Segments<'a> = (
    Delimiters,
    Seps,
    Vec<RawSegment<'a>>,
    Vec<String>,
    Option<usize>,
);

fn segments_of(input: &[u8]) -> Result<Segments<'_>, EdifactError> {
    let mut warnings = Vec::new();
    let original_len = input.len();
    let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
    // The UTF-8 runs of the input with their offsets: one run for UTF-8 input.
    let chunks: Vec<(usize, &str)> = match std::str::from_utf8(input) {
        Ok(s) => vec![(0, s)],
        Err(e) => {
            warnings.push(format!(
                "the interchange is not UTF-8 (from byte {}); such bytes are read as ISO 8859-1",
                e.valid_up_to()
            ));
            // Each run is validated once more to borrow it as text; the first run is known to be valid.
            let mut runs = Vec::new();
            let mut off = 0usize;
            let mut err = Some(e);
            while let Some(rest) = input.get(off..).filter(|r| !r.is_empty()) {
                let (valid, skip) = match err
                    .take()
                    .map_or_else(|| std::str::from_utf8(rest).err(), Some)
                {
                    None => (rest.len(), 0),
                    Some(e) => (
                        e.valid_up_to(),
                        e.error_len().unwrap_or(rest.len() - e.valid_up_to()),
                    ),
                };
                if let Some(text) = rest.get(..valid).and_then(|v| std::str::from_utf8(v).ok()) {
                    runs.push((off, text));
                }
                off += valid + skip.max(1);
                if skip == 0 {
                    break;
                }
            }
            runs
        }
    };
    let trimmed = input.trim_ascii_start();
    let start =
        if trimmed.starts_with(b"UNA") || trimmed.starts_with(b"UNB") {
            0
        } else {
            match find_start(trimmed) {
                Some(at) => {
                    warnings.push(format!(
                        "{at} bytes before the interchange (UNA/UNB) ignored"
                    ));
                    at
                }
                None => return Err(bare_error(
                    0,
                    "",
                    "UNA or UNB",
                    &to_text(trimmed.get(..trimmed.len().min(20)).unwrap_or(&[])),
                    "no UN/EDIFACT interchange found (it starts with UNB, after an optional UNA)",
                    codes::MISSING,
                )),
            }
        };
    let trimmed = trimmed.get(start..).unwrap_or(&[]);
    let (mut delimiters, mut seps) = (
        Delimiters::default(),
        Seps {
            component: b':',
            element: b'+',
            segment: b'\'',
            release: Some(b'?'),
        },
    );
    let mut body = trimmed;
    if let Some(rest) = trimmed.strip_prefix(b"UNA") {
        (delimiters, seps) = read_una(rest)?;
        body = rest.get(6..).unwrap_or(&[]);
    } else if trimmed.get(3) == Some(&0x1d) {
        delimiters = Delimiters::level_b();
        seps = Seps {
            component: 0x1f,
            element: 0x1d,
            segment: 0x1c,
            release: None,
        };
    }
    if !trimmed.starts_with(b"UNA")
        && seps.segment == b'\''
        && memchr::memchr(b'\'', body).is_none()
        && memchr::memchr(b'\n', body).is_some()
    {
        // No terminator anywhere but one segment a line: line breaks stand for the terminator.
        warnings.push(
            "no segment terminator (') in the interchange; line breaks read as segment terminators"
                .into(),
        );
        seps.segment = b'\n';
        delimiters.segment = '\n';
    }
    let body_offset = input.len() - body.len();
    let (segments, rest) = tokenize(body, body_offset, &chunks, seps, &mut warnings);
    let rest = rest.map(|r| original_len - input.len() + body_offset + r);
    Ok((delimiters, seps, segments, warnings, rest))
}

/// Split the body into segments (white space between segments skipped).
fn tokenize<'a>(
    bytes: &'a [u8],
    body_offset: usize,
    chunks: &[(usize, &'a str)],
    seps: Seps,
    warnings: &mut Vec<String>,
) -> (Vec<RawSegment<'a>>, Option<usize>) {
    let mut chunk = 0usize;
    // The segment's text, when it lies inside one UTF-8 run of the input (segments come in order).
    let mut utf8_of = |start: usize, len: usize| -> Option<&'a str> {
        let a = body_offset + start;
        while chunks.get(chunk + 1).is_some_and(|(at, _)| *at <= a) {
            chunk += 1;
        }
        let (at, text) = chunks.get(chunk)?;
        text.get(a.checked_sub(*at)?..a - at + len)
    };
    let mut out: Vec<RawSegment<'a>> =
        Vec::with_capacity(memchr::memchr_iter(seps.segment, bytes).count() + 2);
    let mut pos = 0usize;
    let mut lower_warned = false;
    let mut unz_seen = false;
    let skippable =
        |b: u8| is_ws(b) && b != seps.segment && b != seps.element && b != seps.component;
    loop {
        // White space between segments (unless it is a separator itself).
        while bytes.get(pos).is_some_and(|&b| skippable(b)) {
            pos += 1;
        }
        let Some(rest) = bytes.get(pos..).filter(|r| !r.is_empty()) else {
            break;
        };
        let (len, escaped, terminated) = match seps.release {
            None => match memchr::memchr(seps.segment, rest) {
                Some(n) => (n, false, true),
                None => (rest.len(), false, false),
            },
            Some(rel) => {
                let mut i = 0usize;
                let mut escaped = false;
                let mut end = None;
                while let Some(r) = rest.get(i..) {
                    let Some(n) = memchr::memchr2(seps.segment, rel, r) else {
                        break;
                    };
                    let at = i + n;
                    if rest.get(at) == Some(&seps.segment) {
                        end = Some(at);
                        break;
                    }
                    escaped = true;
                    i = at + 2;
                }
                match end {
                    Some(n) => (n, escaped, true),
                    None => (rest.len(), escaped, false),
                }
            }
        };
        let index = out.len() + 1;
        if unz_seen {
            let ignored = bytes.len() - pos;
            warnings.push(format!(
                "ignored {ignored} bytes of text after UNZ (segment {index} onwards)"
            ));
            return (out, Some(pos));
        }
        let seg_start = pos;
        let mut seg = rest.get(..len).unwrap_or(rest);
        pos += len + 1;
        // A CR/LF before the terminator (or a CR before a line-feed terminator) is not data.
        while let [head @ .., b'\r' | b'\n'] = seg {
            seg = head;
        }
        if seg.is_empty() {
            continue;
        }
        if !terminated {
            if seg.trim_ascii().is_empty() {
                break;
            }
            warnings.push(format!("segment {index} has no segment terminator"));
        }
        // Fast path: three upper-case letters or digits, then the element separator (or the end).
        let (tag, tag_end) = match seg {
            [a, b, c, rest @ ..]
                if [a, b, c]
                    .iter()
                    .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit())
                    && rest.first().is_none_or(|&x| x == seps.element) =>
            {
                ([*a, *b, *c], 3)
            }
            _ => {
                let tag_end = seg
                    .iter()
                    .position(|&b| b == seps.element)
                    .unwrap_or(seg.len());
                let tag_field = seg.get(..tag_end).unwrap_or(&[]);
                // A composite tag (syntax 4 nesting "TAG:1") keeps its first component.
                let tag_main = tag_field
                    .split(|&b| b == seps.component)
                    .next()
                    .unwrap_or(&[]);
                let tag_trimmed = tag_main.trim_ascii();
                match tag_trimmed {
                    [a, b, c]
                        if tag_end <= 255
                            && [a, b, c].iter().all(|x| x.is_ascii_alphanumeric()) =>
                    {
                        if tag_trimmed.len() != tag_main.len() {
                            warnings.push(format!(
                                "segment {index} tag '{}' has surrounding spaces",
                                to_text(tag_main)
                            ));
                        }
                        let mut tag = [*a, *b, *c];
                        if tag.iter().any(u8::is_ascii_lowercase) {
                            if !lower_warned {
                                warnings.push(format!(
                                    "segment {index} onwards: lower-case segment tags read as upper case"
                                ));
                                lower_warned = true;
                            }
                            tag.make_ascii_uppercase();
                        }
                        (tag, tag_end)
                    }
                    _ => {
                        // Reported by `assemble` (inside a message it breaks that message only).
                        out.push(RawSegment {
                            index,
                            bytes: seg,
                            utf8: utf8_of(seg_start, seg.len()),
                            tag: *b"???",
                            data_start: 0,
                            escaped,
                            seps,
                        });
                        continue;
                    }
                }
            }
        };
        if &tag == b"UNZ" {
            unz_seen = true;
        }
        out.push(RawSegment {
            index,
            bytes: seg,
            utf8: utf8_of(seg_start, seg.len()),
            tag,
            data_start: u8::try_from(tag_end).unwrap_or(u8::MAX),
            escaped,
            seps,
        });
    }
    (out, None)
}

fn bad_tag_error(seg: &RawSegment, seps: Seps) -> EdifactError {
    let b = seg.bytes;
    let end = b.iter().position(|&c| c == seps.element).unwrap_or(b.len());
    let shown: String = to_text(b.get(..end).unwrap_or(&[]).trim_ascii())
        .chars()
        .take(12)
        .collect();
    let mut e = seg.error(
        None,
        None,
        "a 3-character segment tag",
        &shown,
        "not a segment (a missing terminator or separator before it?)",
    );
    e.tag = shown;
    e.with_code(codes::INVALID_SEGMENT_TAG)
}

fn assemble<'a>(
    segments: Vec<RawSegment<'a>>,
    delimiters: Delimiters,
    seps: Seps,
    mode: Mode,
    mut warnings: Vec<String>,
) -> Result<RawInterchange<'a>, EdifactError> {
    let first = segments
        .first()
        .ok_or_else(|| bare_error(0, "", "UNB", "", "empty interchange", codes::MISSING))?;
    if first.tag() != "UNB" {
        if first.is_bad() {
            return Err(bad_tag_error(first, seps));
        }
        return Err(first
            .error(
                None,
                None,
                "UNB",
                first.tag(),
                "an interchange starts with UNB (after an optional UNA)",
            )
            .with_code(codes::MISSING));
    }
    let header = *first;
    let Some(last) = segments.last().copied().filter(|s| s.tag() == "UNZ") else {
        let last = segments.last().copied().unwrap_or(header);
        return Err(last
            .error(
                None,
                None,
                "UNZ",
                last.tag(),
                "the interchange does not end with UNZ (truncated?)",
            )
            .with_code(codes::MISSING));
    };
    let n_all = segments.len();
    let mut messages: Vec<RawMessage> = Vec::new();
    let mut groups: Vec<RawGroup<'a>> = Vec::new();
    let mut open_group: Option<usize> = None;
    // Start (index into `segments`) of the open message, and a pending error for it.
    let mut open: Option<(usize, Option<EdifactError>)> = None;
    let close = |range: std::ops::Range<usize>,
                 error: Option<EdifactError>,
                 group: Option<usize>,
                 warnings: Vec<String>,
                 messages: &mut Vec<RawMessage>| {
        let error = error.map(|e| locate(segments.get(range.clone()).unwrap_or(&[]), e));
        messages.push(RawMessage {
            range,
            group,
            warnings,
            error,
        });
    };
    for i in 1..n_all.saturating_sub(1) {
        let Some(seg) = segments.get(i) else { break };
        let bad = seg.is_bad();
        match (seg.tag(), bad) {
            ("UNH", false) => {
                if let Some((start, err)) = open.take() {
                    let reference = segments
                        .get(start)
                        .map(|s| s.get(1, 1).into_owned())
                        .unwrap_or_default();
                    let err = err.unwrap_or_else(|| {
                        seg.error(
                            None,
                            None,
                            "UNT",
                            "UNH",
                            format!("message {reference} is not closed by UNT"),
                        )
                        .with_code(codes::MISSING)
                    });
                    close(start..i, Some(err), open_group, Vec::new(), &mut messages);
                }
                if let Some(g) = open_group.and_then(|g| groups.get_mut(g)) {
                    g.messages += 1;
                }
                open = Some((i, None));
            }
            ("UNT", false) => {
                let Some((start, err)) = open.take() else {
                    let e = seg
                        .error(None, None, "UNH before UNT", "UNT", "UNT without a message")
                        .with_code(codes::OUTSIDE_MESSAGE);
                    if mode == Mode::Strict {
                        return Err(e);
                    }
                    warnings.push(format!("{e}; ignored"));
                    continue;
                };
                let n = i + 1 - start;
                let reference = segments.get(start).map(|s| s.get(1, 1)).unwrap_or_default();
                let declared = seg.get(1, 1);
                let mut msg_warnings = Vec::new();
                let mut err = err;
                if declared.trim().parse::<usize>().ok() != Some(n) {
                    let text = format!("UNT says {declared} segments, the message has {n}");
                    let e = seg
                        .error(Some(1), Some(1), &n.to_string(), &declared, text)
                        .with_code(codes::CONTROL_COUNT);
                    if mode == Mode::Strict && err.is_none() {
                        err = Some(e);
                    } else {
                        msg_warnings.push(e.to_string());
                    }
                }
                let unt_ref = seg.get(2, 1);
                if unt_ref.trim() != reference.trim() {
                    let text = format!(
                        "UNT reference '{unt_ref}' differs from UNH reference '{reference}'"
                    );
                    let e = seg
                        .error(Some(2), Some(1), &reference, &unt_ref, text)
                        .with_code(codes::REFERENCES_DO_NOT_MATCH);
                    if mode == Mode::Strict && err.is_none() {
                        err = Some(e);
                    } else {
                        msg_warnings.push(e.to_string());
                    }
                }
                close(start..i + 1, err, open_group, msg_warnings, &mut messages);
            }
            ("UNG", false) => {
                groups.push(RawGroup {
                    header: *seg,
                    messages: 0,
                });
                open_group = Some(groups.len() - 1);
            }
            ("UNE", false) => {
                if let Some(g) = open_group.and_then(|g| groups.get(g)) {
                    let declared = seg.get(1, 1);
                    if declared.trim().parse::<usize>().ok() != Some(g.messages) {
                        let text =
                            format!("UNE says {declared} messages, the group has {}", g.messages);
                        let e = seg
                            .error(Some(1), Some(1), &g.messages.to_string(), &declared, text)
                            .with_code(codes::CONTROL_COUNT);
                        if mode == Mode::Strict {
                            return Err(e);
                        }
                        warnings.push(e.to_string());
                    }
                } else {
                    warnings.push(
                        seg.error(
                            None,
                            None,
                            "UNG before UNE",
                            "UNE",
                            "UNE without UNG ignored",
                        )
                        .to_string(),
                    );
                }
                open_group = None;
            }
            _ => match open.as_mut() {
                Some((_, err)) => {
                    if bad && err.is_none() {
                        *err = Some(bad_tag_error(seg, seps));
                    }
                }
                None => {
                    let e = if bad {
                        bad_tag_error(seg, seps)
                    } else {
                        seg.error(
                            None,
                            None,
                            "UNH",
                            seg.tag(),
                            "a segment outside any message",
                        )
                        .with_code(codes::OUTSIDE_MESSAGE)
                    };
                    if mode == Mode::Strict {
                        return Err(e);
                    }
                    warnings.push(format!("{e}; ignored"));
                }
            },
        }
    }
    if let Some((start, err)) = open.take() {
        let reference = segments
            .get(start)
            .map(|s| s.get(1, 1).into_owned())
            .unwrap_or_default();
        let err = err.unwrap_or_else(|| {
            last.error(
                None,
                None,
                "UNT",
                "UNZ",
                format!("message {reference} is not closed by UNT"),
            )
            .with_code(codes::MISSING)
        });
        close(
            start..n_all.saturating_sub(1),
            Some(err),
            open_group,
            Vec::new(),
            &mut messages,
        );
    }
    let declared = last.get(1, 1);
    let declared_n = declared.trim().parse::<usize>().ok();
    let expected = if groups.is_empty() {
        messages.len()
    } else {
        groups.len()
    };
    if declared_n != Some(expected) && declared_n != Some(messages.len()) {
        let text = format!("UNZ says {declared}, the interchange has {expected}");
        let e = last
            .error(Some(1), Some(1), &expected.to_string(), &declared, text)
            .with_code(codes::CONTROL_COUNT);
        if mode == Mode::Strict {
            return Err(e);
        }
        warnings.push(e.to_string());
    }
    if last.get(2, 1).trim() != header.get(5, 1).trim() {
        let (found, sent) = (last.get(2, 1), header.get(5, 1));
        warnings.push(
            last.error(
                Some(2),
                Some(1),
                &format!("UNB's control reference '{sent}'"),
                &found,
                format!("UNZ control reference '{found}' differs from UNB's '{sent}'"),
            )
            .to_string(),
        );
    }
    Ok(RawInterchange {
        delimiters,
        segments,
        messages,
        groups,
        warnings,
        rest: None,
    })
}

/// Read an interchange: UNA (if any), segments, envelopes, counts. Messages are returned with their segments for
/// the message-level mapping (PAXLST, later PNRGOV). The first broken message fails the whole call; use [`scan`]
/// to keep the others.
pub fn parse_interchange(bytes: &[u8], mode: Mode) -> Result<Interchange, EdifactError> {
    let ic = scan(bytes, mode)?;
    let mut messages = Vec::with_capacity(ic.messages.len());
    for m in ic.messages() {
        if let Some(e) = &m.raw.error {
            return Err(e.clone());
        }
        messages.push(Message {
            reference: m.reference().into_owned(),
            message_type: m.message_type().into_iter().map(Cow::into_owned).collect(),
            segments: m.segments.iter().map(RawSegment::to_segment).collect(),
            warnings: m.raw.warnings.clone(),
        });
    }
    let warnings = ic.warnings.clone();
    Ok(Interchange {
        delimiters: ic.delimiters,
        syntax: ic.syntax(),
        sender: ic.sender().into_owned(),
        recipient: ic.recipient().into_owned(),
        control_reference: ic.control_reference().into_owned(),
        prepared: ic.prepared(),
        messages,
        warnings,
    })
}
