//! CONTRL, the UN/EDIFACT syntax and service report (ISO 9735-4 / the CONTRL message): the acknowledgement
//! returned to the carrier. An interchange that was read gets a UCI with action 7 (acknowledged, lower levels
//! acknowledged unless rejected) and one UCM per message: 7 for an accepted message, 4 for a rejected one with
//! UCS (segment position in the message, UNH = 1) and UCD (syntax error code, data element position with the tag
//! counted as 1, component position). An interchange that could not be read at all gets a UCI with action 4 and
//! the error. Messages inside UNG … UNE groups are answered inside UCF groups.
use crate::syntax::{interchange_header, scan, EdifactError, InterchangeHeader, Mode};
use chrono::NaiveDateTime;

/// Action codes (ISO 9735 data element 0083).
pub mod action {
    /// This level and all lower levels rejected.
    pub const REJECTED: &str = "4";
    /// This level acknowledged and all lower levels acknowledged if not explicitly rejected.
    pub const ACKNOWLEDGED: &str = "7";
}

/// What the CONTRL interchange itself is called.
#[derive(Debug, Clone)]
pub struct ContrlOptions {
    /// Interchange control reference of the CONTRL interchange (UNB 0020); the caller keeps it unique.
    pub control_reference: String,
    /// When the acknowledgement is prepared (from the injected clock).
    pub prepared: NaiveDateTime,
    /// Our identification when the subject interchange's recipient cannot be read.
    pub own_id: String,
}

/// Escape a value for the default service characters `:+.? '`.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, ':' | '+' | '?' | '\'') {
            out.push('?');
        }
        // Line breaks would split the segment for readers that treat them as terminators.
        if c == '\r' || c == '\n' {
            out.push(' ');
            continue;
        }
        out.push(c);
    }
    out
}

fn party(id: &str, qualifier: &str) -> String {
    if qualifier.is_empty() {
        esc(id)
    } else {
        format!("{}:{}", esc(id), esc(qualifier))
    }
}

/// S011: data element position (the tag counts as 1, so element 1 is position 2) and component position.
fn s011(e: &EdifactError) -> Option<String> {
    let element = e.element? + 1;
    Some(match e.component {
        Some(c) => format!("{element}:{c}"),
        None => element.to_string(),
    })
}

fn is_service(tag: &str) -> bool {
    matches!(tag, "UNA" | "UNB" | "UNZ" | "UNG" | "UNE" | "UNH" | "UNT")
}

/// The outcome of one message for the acknowledgement.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'e> {
    Accepted,
    Rejected(&'e EdifactError),
}

/// Build the CONTRL interchange for `raw`: `interchange_error` when the interchange could not be read at all,
/// otherwise one outcome per message in the order of the interchange (extra outcomes are ignored, missing ones
/// count as accepted).
pub fn contrl(
    raw: &[u8],
    interchange_error: Option<&EdifactError>,
    outcomes: &[Outcome],
    options: &ContrlOptions,
) -> String {
    let header: InterchangeHeader = interchange_header(raw).unwrap_or_default();
    let version_4 = header.syntax_version.trim() == "4" || header.syntax_version.is_empty();
    // The syntax identifier is copied only when it looks like one (UNOA, UNOC, …): it is not escaped.
    let level = match header.syntax_identifier.as_bytes() {
        [b'U', b'N', b'O', c] if c.is_ascii_uppercase() => header.syntax_identifier.as_str(),
        _ => "UNOA",
    };
    let mut segs: Vec<String> = Vec::new();
    segs.push(format!(
        "UNH+1+{}",
        if version_4 {
            "CONTRL:4:1:UN"
        } else {
            "CONTRL:D:3:UN"
        }
    ));
    let subject = format!(
        "{}+{}+{}",
        esc(&header.control_reference),
        party(&header.sender, &header.sender_qualifier),
        party(&header.recipient, &header.recipient_qualifier)
    );
    match interchange_error {
        Some(e) => {
            let mut uci = format!("UCI+{subject}+{}+{}", action::REJECTED, e.code);
            if is_service(&e.tag) {
                uci.push_str(&format!("+{}", esc(&e.tag)));
                if let Some(p) = s011(e) {
                    uci.push_str(&format!("+{p}"));
                }
            }
            segs.push(uci);
        }
        None => {
            segs.push(format!("UCI+{subject}+{}", action::ACKNOWLEDGED));
            let ic = scan(raw, Mode::Lenient).ok();
            let mut open_group: Option<usize> = None;
            if let Some(ic) = &ic {
                for (i, m) in ic.messages().enumerate() {
                    let outcome = outcomes.get(i).copied().unwrap_or(Outcome::Accepted);
                    if m.raw.group != open_group {
                        if let Some(g) = m.raw.group.and_then(|g| ic.groups.get(g)) {
                            let [_, e2, e3] = g.header.fields::<3>();
                            let [s, sq] = e2.parts::<2>();
                            let [r, rq] = e3.parts::<2>();
                            segs.push(format!(
                                "UCF+{}+{}+{}+{}",
                                esc(g.reference().trim_ascii()),
                                party(s.trim_ascii(), sq.trim_ascii()),
                                party(r.trim_ascii(), rq.trim_ascii()),
                                action::ACKNOWLEDGED
                            ));
                        }
                        open_group = m.raw.group;
                    }
                    let mtype: Vec<String> = m
                        .message_type()
                        .iter()
                        .take(4)
                        .map(|c| esc(c.trim_ascii()))
                        .collect();
                    let ucm = format!(
                        "UCM+{}+{}",
                        esc(m.reference().trim_ascii()),
                        mtype.join(":")
                    );
                    match outcome {
                        Outcome::Accepted => segs.push(format!("{ucm}+{}", action::ACKNOWLEDGED)),
                        Outcome::Rejected(e) => {
                            if is_service(&e.tag) {
                                let mut s =
                                    format!("{ucm}+{}+{}+{}", action::REJECTED, e.code, e.tag);
                                if let Some(p) = s011(e) {
                                    s.push_str(&format!("+{p}"));
                                }
                                segs.push(s);
                            } else {
                                segs.push(format!("{ucm}+{}", action::REJECTED));
                                let position = e.position_in_message.unwrap_or_else(|| {
                                    m.header()
                                        .map(|h| e.segment_index.saturating_sub(h.index) + 1)
                                        .unwrap_or(0)
                                });
                                match s011(e) {
                                    Some(p) => {
                                        segs.push(format!("UCS+{position}"));
                                        segs.push(format!("UCD+{}+{p}", e.code));
                                    }
                                    None => segs.push(format!("UCS+{position}+{}", e.code)),
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let n = segs.len() + 1;
    segs.push(format!("UNT+{n}+1"));
    let recipient = if header.sender.is_empty() {
        "UNKNOWN".to_string()
    } else {
        party(&header.sender, &header.sender_qualifier)
    };
    let own = if header.recipient.is_empty() {
        esc(&options.own_id)
    } else {
        party(&header.recipient, &header.recipient_qualifier)
    };
    let mut out = format!(
        "UNA:+.? 'UNB+{level}:{}+{own}+{recipient}+{}+{}'",
        if version_4 { "4" } else { "3" },
        options.prepared.format("%y%m%d:%H%M"),
        esc(&options.control_reference)
    );
    for s in &segs {
        out.push_str(s);
        out.push('\'');
    }
    out.push_str(&format!("UNZ+1+{}'", esc(&options.control_reference)));
    out
}
