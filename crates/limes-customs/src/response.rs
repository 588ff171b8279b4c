//! What the single window answers the trader, in the trader's format: a UN/EDIFACT CUSRES (accepted, rejected
//! with the errors, or the lane the declaration was given, with its reference) and a WCO DMS notification (RES:
//! accepted, rejected with error pointers, cleared, control). Both read back with this crate's own readers.

use crate::wco::{Notification, NotificationKind, METADATA_NS, RESPONSE_DS_NS, RES_NS};
use chrono::NaiveDateTime;

/// The selectivity lane a declaration was given (ASYCUDA colours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Physical inspection.
    Red,
    /// Documentary check.
    Yellow,
    /// Release.
    Green,
    /// Post-clearance audit.
    Blue,
}

impl Lane {
    pub fn code(self) -> &'static str {
        match self {
            Lane::Red => "RED",
            Lane::Yellow => "YEL",
            Lane::Green => "GRN",
            Lane::Blue => "BLU",
        }
    }
}

/// The status a CUSRES carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CusresStatus {
    Accepted,
    /// Rejected, with the errors: a code and a text each, and the goods item when the error is about one.
    Rejected(Vec<CusresError>),
    /// Accepted and given a lane.
    Lane(Lane),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CusresError {
    pub code: String,
    pub item: Option<u32>,
    pub text: String,
}

/// A CUSRES to write: who answers whom, when, about which declaration.
#[derive(Debug, Clone)]
pub struct CusresOut {
    pub sender: String,
    pub recipient: String,
    pub control_reference: String,
    pub prepared: NaiveDateTime,
    /// The trader's reference of the declaration answered (LRN, BGM number).
    pub declaration_reference: String,
    /// Customs' own reference, once there is one (MRN).
    pub customs_reference: Option<String>,
    pub status: CusresStatus,
}

/// Text with the EDIFACT service characters released (`?` before `+ : ' ?`).
fn release(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '+' | ':' | '\'' | '?') {
            out.push('?');
        }
        // A segment never spans lines: line breaks in a text become spaces.
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out
}

/// The CUSRES D99B interchange, segments in the message's order: UNA, UNB, UNH, BGM 962 with the reference of the
/// declaration answered, DTM 137, GIS with the status (`ACC`, `REJ`, or the lane `RED`/`YEL`/`GRN`/`BLU`, code list
/// agency ZZZ = mutually defined), RFF ABO (the trader's reference) and ABT (customs'), each error as ERP (item),
/// ERC (code) and FTX AAO (text), UNT, UNZ.
pub fn cusres(out: &CusresOut) -> String {
    let mut segments: Vec<String> = Vec::new();
    let message_reference = "1";
    segments.push(format!("UNH+{message_reference}+CUSRES:D:99B:UN"));
    // BGM names the message answered (the declaration's reference), as CUSRES asks.
    segments.push(format!("BGM+962+{}+9", release(&out.declaration_reference)));
    segments.push(format!("DTM+137:{}:203", out.prepared.format("%Y%m%d%H%M")));
    match &out.status {
        CusresStatus::Accepted => segments.push("GIS+ACC::ZZZ".into()),
        CusresStatus::Lane(lane) => segments.push(format!("GIS+{}::ZZZ", lane.code())),
        CusresStatus::Rejected(_) => segments.push("GIS+REJ::ZZZ".into()),
    }
    segments.push(format!("RFF+ABO:{}", release(&out.declaration_reference)));
    if let Some(mrn) = &out.customs_reference {
        segments.push(format!("RFF+ABT:{}", release(mrn)));
    }
    if let CusresStatus::Rejected(errors) = &out.status {
        for e in errors {
            match e.item {
                Some(item) => segments.push(format!("ERP+1:{item}")),
                None => segments.push("ERP+1".into()),
            }
            segments.push(format!("ERC+{}", release(&e.code)));
            segments.push(format!("FTX+AAO+++{}", release(&e.text)));
        }
    }
    let count = segments.len() + 1;
    segments.push(format!("UNT+{count}+{message_reference}"));
    let mut text = String::from("UNA:+.? '");
    text.push_str(&format!(
        "UNB+UNOC:3+{}+{}+{}+{}'",
        release(&out.sender),
        release(&out.recipient),
        out.prepared.format("%y%m%d:%H%M"),
        release(&out.control_reference)
    ));
    for s in segments {
        text.push_str(&s);
        text.push('\'');
    }
    text.push_str(&format!("UNZ+1+{}'", release(&out.control_reference)));
    text
}

/// Text for an XML element or attribute.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn element(out: &mut String, indent: &str, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push_str(&format!("{indent}<{name}>{}</{name}>\n", xml_escape(v)));
    }
}

/// Pointers written back from their path form (`42A#1/17C@R144`).
fn pointers(out: &mut String, indent: &str, path: &str) {
    for part in path.split('/').filter(|p| !p.is_empty()) {
        let (rest, tag) = match part.split_once('@') {
            Some((r, t)) => (r, Some(t)),
            None => (part, None),
        };
        let (section, sequence) = match rest.split_once('#') {
            Some((s, n)) => (s, Some(n)),
            None => (rest, None),
        };
        out.push_str(&format!("{indent}<Pointer>\n"));
        let inner = format!("{indent}  ");
        element(out, &inner, "SequenceNumeric", sequence);
        element(out, &inner, "DocumentSectionCode", Some(section));
        element(out, &inner, "TagID", tag);
        out.push_str(&format!("{indent}</Pointer>\n"));
    }
}

/// The WCO DMS notification (RES) for `n`: function code, references, issue time (format 304), errors with
/// their pointers, the declaration answered. Duties and corrections are not written (the single window does not
/// calculate duty).
pub fn wco_notification(n: &Notification) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<md:MetaData xmlns:md=\"{METADATA_NS}\">\n"));
    out.push_str("  <md:WCODataModelVersionCode>3.6</md:WCODataModelVersionCode>\n");
    out.push_str("  <md:WCOTypeName>RES</md:WCOTypeName>\n");
    out.push_str(&format!(
        "  <Response xmlns=\"{RES_NS}\" xmlns:ds=\"{RESPONSE_DS_NS}\">\n"
    ));
    let code = if n.function_code.is_empty() {
        n.kind.code()
    } else {
        n.function_code.as_str()
    };
    element(&mut out, "    ", "FunctionCode", Some(code));
    element(
        &mut out,
        "    ",
        "FunctionalReferenceID",
        n.reference.as_deref(),
    );
    if let Some(issued) = &n.issued {
        out.push_str(&format!(
            "    <IssueDateTime>\n      <ds:DateTimeString formatCode=\"304\">{}</ds:DateTimeString>\n    </IssueDateTime>\n",
            xml_escape(issued)
        ));
    }
    for e in &n.errors {
        out.push_str("    <Error>\n");
        element(&mut out, "      ", "ValidationCode", Some(&e.code));
        pointers(&mut out, "      ", &e.pointer);
        out.push_str("    </Error>\n");
    }
    out.push_str("    <Declaration>\n");
    element(
        &mut out,
        "      ",
        "FunctionalReferenceID",
        n.declaration_reference.as_deref(),
    );
    element(&mut out, "      ", "ID", n.declaration_id.as_deref());
    element(
        &mut out,
        "      ",
        "VersionID",
        n.declaration_version.as_deref(),
    );
    out.push_str("    </Declaration>\n");
    out.push_str("  </Response>\n</md:MetaData>\n");
    out
}

/// The notification that answers a declaration: accepted, rejected with errors, or given a lane (a control for
/// red and yellow, cleared for green and blue).
pub fn notification_for(declaration_reference: &str, status: &CusresStatus) -> Notification {
    let kind = match status {
        CusresStatus::Accepted => NotificationKind::Accepted,
        CusresStatus::Rejected(_) => NotificationKind::Rejected,
        CusresStatus::Lane(Lane::Red | Lane::Yellow) => NotificationKind::Control,
        CusresStatus::Lane(Lane::Green | Lane::Blue) => NotificationKind::Cleared,
    };
    let mut n = Notification::new(kind, declaration_reference);
    if let CusresStatus::Rejected(errors) = status {
        n.errors = errors
            .iter()
            .map(|e| crate::wco::NotificationError {
                code: e.code.clone(),
                // Goods item e.item: section 67A (goods item) with its sequence.
                pointer: match e.item {
                    Some(item) => format!("42A/67A#{item}"),
                    None => "42A".into(),
                },
            })
            .collect();
    }
    n
}
