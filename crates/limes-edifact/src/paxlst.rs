//! PAXLST (passenger and crew lists, advance passenger information) per the WCO/IATA/ICAO API guidelines,
//! versions D02B, D03B and D05B. Each message is mapped on its own: a broken message is reported and the
//! independent messages of the same interchange are still read.
use crate::syntax::{codes, scan, EdifactError, MessageView, Mode, RawSegment};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Debug, Clone, Serialize)]
pub struct Leg {
    pub carrier: String,
    pub flight_number: String,
    pub departure_airport: String,
    pub departure_time: Option<NaiveDateTime>,
    pub arrival_airport: String,
    pub arrival_time: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TravelDocument {
    #[serde(rename = "type")]
    pub doc_type: String,
    pub number: String,
    pub issuing_state: String,
    pub expiry_date: Option<NaiveDate>,
    pub issue_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// The NAD qualifier: FL passenger, FM crew, DDT/DDU in transit; others kept with a warning.
    pub role: String,
    pub surname: String,
    pub given_names: String,
    pub gender: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub nationality: String,
    pub residence: String,
    pub birth_place: String,
    pub departure_port: String,
    pub arrival_port: String,
    pub clearance_port: String,
    pub booking_reference: String,
    pub seat: String,
    pub references: Vec<(String, String)>,
    pub documents: Vec<TravelDocument>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaxlstMessage {
    pub reference: String,
    pub version: String,
    /// "passengers" (BGM 745) or "crew" (BGM 250).
    #[serde(rename = "type")]
    pub kind: String,
    pub reporting_party: String,
    /// RFF+TN at message level: the carrier's transaction reference (added field).
    pub transaction_reference: String,
    pub legs: Vec<Leg>,
    pub persons: Vec<Person>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaxlstInterchange {
    pub control_reference: String,
    pub sender: String,
    pub recipient: String,
    pub messages: Vec<Result<PaxlstMessage, EdifactError>>,
    pub warnings: Vec<String>,
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn num(s: &str) -> Option<i32> {
    if all_digits(s) {
        s.parse().ok()
    } else {
        None
    }
}

/// Dates as PAXLST writes them: YYMMDD (birth: the century that puts it before the message), CCYYMMDD; a
/// date-time (YYMMDDHHMM, CCYYMMDDHHMM) gives its date.
fn date(raw: &str, birth: bool, reference_year: i32) -> Option<NaiveDate> {
    let raw = raw.trim_ascii();
    let (y, rest) = match raw.len() {
        8 | 12 | 14 => (num(raw.get(0..4)?)?, raw.get(4..8)?),
        6 | 10 => {
            let yy = num(raw.get(0..2)?)?;
            let century = if birth && 2000 + yy > reference_year {
                1900
            } else {
                2000
            };
            (century + yy, raw.get(2..6)?)
        }
        _ => return None,
    };
    let m = num(rest.get(0..2)?)?;
    let d = num(rest.get(2..4)?)?;
    NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

/// A date of birth with its month or day unknown (00 or XX, as travel documents print them): YYMMDD or
/// CCYYMMDD with the year known.
fn partial_date(raw: &str) -> bool {
    let raw = raw.trim_ascii();
    let year_len = match raw.len() {
        6 => 2,
        8 => 4,
        _ => return false,
    };
    let (Some(year), Some(month), Some(day)) = (
        raw.get(..year_len),
        raw.get(year_len..year_len + 2),
        raw.get(year_len + 2..),
    ) else {
        return false;
    };
    let part_ok = |p: &str| all_digits(p) || p.eq_ignore_ascii_case("xx");
    let unknown = |p: &str| p == "00" || p.eq_ignore_ascii_case("xx");
    all_digits(year) && part_ok(month) && part_ok(day) && (unknown(month) || unknown(day))
}

fn date_time(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim_ascii();
    match raw.len() {
        10 | 12 | 14 => {
            // YYMMDDHHMM (201), CCYYMMDDHHMM (203), CCYYMMDDHHMMSS (204).
            let d = date(raw, false, 2000)?;
            let t = raw.get(if raw.len() == 10 { 6 } else { 8 }..)?;
            let h = u32::try_from(num(t.get(0..2)?)?).ok()?;
            let m = u32::try_from(num(t.get(2..4)?)?).ok()?;
            let sec = match t.get(4..6) {
                Some(sec) => u32::try_from(num(sec)?).ok()?,
                None => 0,
            };
            d.and_hms_opt(h, m, sec)
        }
        6 | 8 => date(raw, false, 2000).and_then(|d| d.and_hms_opt(0, 0, 0)),
        _ => None,
    }
}

/// NAD qualifiers of persons in the guide: FL passenger, FM crew, DDT in-transit passenger, DDU in-transit crew,
/// COT crew (other than operating crew) and ZZZ (mutually defined).
const KNOWN_ROLES: &[&str] = &["FL", "FM", "DDT", "DDU", "COT", "ZZZ"];
const CREW_ROLES: &[&str] = &["FM", "DDU", "COT"];

/// Which bytes are in the declared character repertoire (level A: upper case, digits, space, some punctuation;
/// level B adds lower case), separators included.
fn repertoire(level: &str, seps: &crate::syntax::Delimiters) -> Option<[bool; 256]> {
    let lower = match level {
        "UNOA" => false,
        "UNOB" => true,
        "UNOC" => {
            // ISO 8859-1: printable ASCII here, the upper half (0xA0-0xFF) checked per character.
            let mut t = [false; 256];
            for b in 0x20..=0x7e_u8 {
                t[usize::from(b)] = true;
            }
            for c in [seps.component, seps.element, seps.segment] {
                if let Some(slot) = t.get_mut(c as usize) {
                    *slot = true;
                }
            }
            return Some(t);
        }
        _ => return None,
    };
    let mut t = [false; 256];
    for b in b'A'..=b'Z' {
        t[b as usize] = true;
    }
    for b in b'0'..=b'9' {
        t[b as usize] = true;
    }
    if lower {
        for b in b'a'..=b'z' {
            t[b as usize] = true;
        }
    }
    for b in b" .,-()/='+:?!\"%&*;<>".iter() {
        t[*b as usize] = true;
    }
    for c in [seps.component, seps.element, seps.segment]
        .into_iter()
        .chain(seps.release)
        .chain(seps.repetition)
    {
        if let Some(slot) = t.get_mut(c as usize) {
            *slot = true;
        }
    }
    Some(t)
}

struct Context<'t> {
    reference_year: i32,
    syntax_level: String,
    repertoire: Option<&'t [bool; 256]>,
}

fn owned(c: Cow<'_, str>) -> String {
    let t = c.trim_ascii();
    if t.len() == c.len() {
        c.into_owned()
    } else {
        t.to_string()
    }
}

fn note(seg: &RawSegment) -> String {
    let mut out = String::from(seg.tag());
    for (i, e) in seg.elements().enumerate() {
        out.push(if i == 0 { ' ' } else { '+' });
        for (j, c) in e.components().enumerate() {
            if j > 0 {
                out.push(':');
            }
            out.push_str(&c);
        }
    }
    out
}

fn new_person(role: String, surname: String, given_names: String) -> Person {
    Person {
        role,
        surname,
        given_names,
        gender: None,
        birth_date: None,
        nationality: String::new(),
        residence: String::new(),
        birth_place: String::new(),
        departure_port: String::new(),
        arrival_port: String::new(),
        clearance_port: String::new(),
        booking_reference: String::new(),
        seat: String::new(),
        references: Vec::new(),
        documents: Vec::new(),
        notes: Vec::new(),
    }
}

fn map_message(msg: &MessageView, ctx: &Context) -> Result<PaxlstMessage, EdifactError> {
    let unh = msg.header().ok_or_else(|| EdifactError {
        segment_index: 0,
        tag: "UNH".into(),
        element: None,
        component: None,
        expected: "UNH".into(),
        found: String::new(),
        message: "empty message".into(),
        code: codes::MISSING,
        position_in_message: None,
    })?;
    let mtype = unh.element(2);
    let (name, ver, rel) = (mtype.component(1), mtype.component(2), mtype.component(3));
    if !name.trim_ascii().eq_ignore_ascii_case("PAXLST") {
        return Err(unh
            .error(Some(2), Some(1), "PAXLST", &name, "not a PAXLST message")
            .with_code(codes::VALUE_NOT_SUPPORTED));
    }
    let version = format!("{}:{}", ver.trim_ascii(), rel.trim_ascii());
    if !ver.trim_ascii().eq_ignore_ascii_case("D") {
        return Err(unh
            .error(
                Some(2),
                Some(2),
                "D (UN/EDIFACT directory: D02B, D03B or D05B)",
                &version,
                if all_digits(ver.trim_ascii()) {
                    format!(
                        "PAXLST {version} is the legacy US format (UNS/PDT segments), not UN/EDIFACT PAXLST per the WCO/IATA/ICAO API guidelines; send D02B, D03B or D05B"
                    )
                } else {
                    format!(
                        "PAXLST version {version} is not a UN/EDIFACT directory (D); send D02B, D03B or D05B"
                    )
                },
            )
            .with_code(codes::VALUE_NOT_SUPPORTED));
    }
    let release = rel.trim_ascii().to_ascii_uppercase();
    let mut out = PaxlstMessage {
        reference: owned(msg.reference()),
        version: format!("D:{release}"),
        kind: "passengers".into(),
        reporting_party: String::new(),
        transaction_reference: String::new(),
        legs: Vec::new(),
        persons: Vec::with_capacity(
            msg.body()
                .iter()
                .filter(|s| s.tag_bytes() == b"NAD")
                .count(),
        ),
        warnings: msg.raw.warnings.clone(),
    };
    if !matches!(release.as_str(), "02B" | "03B" | "05B") {
        out.warnings.push(format!(
            "PAXLST version {version} is not one of D02B, D03B, D05B; read as D05B"
        ));
    }
    if let Some(table) = ctx.repertoire {
        let mut odd: Vec<char> = Vec::new();
        for seg in msg.segments {
            if odd.len() >= 5 {
                break;
            }
            if seg.bytes().iter().all(|&b| table[usize::from(b)]) {
                continue;
            }
            for c in seg.text().chars() {
                let ok = (c as u32) < 256
                    && (table[c as usize] || (ctx.syntax_level == "UNOC" && c as u32 >= 0xa0));
                if !ok && !odd.contains(&c) && odd.len() < 5 {
                    odd.push(c);
                }
            }
        }
        if !odd.is_empty() {
            out.warnings.push(format!(
                "characters outside the declared syntax level {}, accepted: {odd:?}",
                ctx.syntax_level
            ));
        }
    }
    // The person being read is the last of `out.persons` while `in_person` (no moves of the large struct).
    let mut in_person = false;
    let mut leg: Option<Leg> = None;
    let mut route_loc_seen = 0;
    let mut declared: Vec<(String, usize, usize)> = Vec::new();
    for seg in msg.body() {
        match seg.tag_bytes() {
            b"BGM" => {
                let code = seg.get(1, 1);
                out.kind = match code.trim_ascii() {
                    "745" => "passengers".into(),
                    "250" | "336" => "crew".into(),
                    other => {
                        out.warnings.push(format!("segment {}: BGM document code '{other}' is not 745 (passengers) or 250 (crew); read as passengers", seg.index));
                        "passengers".into()
                    }
                };
            }
            b"TDT" => {
                if let Some(l) = leg.take() {
                    out.legs.push(l);
                }
                if in_person {
                    out.warnings.push(format!(
                        "segment {}: TDT after the persons; read as another leg",
                        seg.index
                    ));
                    in_person = false;
                }
                let flight = owned(seg.get(2, 1));
                if flight.is_empty() {
                    return Err(seg
                        .error(
                            Some(2),
                            Some(1),
                            "the flight identification (e.g. UA123)",
                            "",
                            "TDT without a flight",
                        )
                        .with_code(codes::MISSING));
                }
                let carrier = match owned(seg.get(5, 1)) {
                    c if c.is_empty() => flight
                        .chars()
                        .take_while(|c| !c.is_ascii_digit())
                        .take(3)
                        .collect(),
                    c => c,
                };
                leg = Some(Leg {
                    carrier,
                    flight_number: flight,
                    departure_airport: String::new(),
                    departure_time: None,
                    arrival_airport: String::new(),
                    arrival_time: None,
                });
                route_loc_seen = 0;
            }
            b"NAD" => {
                let els = seg.fields::<9>();
                let [e1, _, e3, name, ..] = &els;
                let q = e1.component(1);
                let qualifier = q.trim_ascii().to_ascii_uppercase();
                let known = KNOWN_ROLES.contains(&qualifier.as_str());
                // Before the flight: the reporting party (MS) and other contacts; MS anywhere is the reporting
                // party, never a traveller.
                if (!in_person && leg.is_none() && !known) || qualifier == "MS" {
                    if leg.is_some() || in_person {
                        out.warnings.push(format!(
                            "segment {}: NAD+MS (reporting party) after the flight; read as the reporting party",
                            seg.index
                        ));
                    }
                    let name = name.join_non_empty(" ");
                    out.reporting_party = if name.is_empty() {
                        e3.join_non_empty(" ")
                    } else {
                        name
                    };
                    continue;
                }
                if let Some(l) = leg.take() {
                    out.legs.push(l);
                }
                if !known {
                    out.warnings.push(format!("segment {}: NAD qualifier '{qualifier}' is outside the guide; the person is kept", seg.index));
                }
                let mut surname = owned(name.component(1));
                let mut given = String::with_capacity(name.raw().len());
                for c in name.components().skip(1) {
                    let c = c.trim_ascii();
                    if !c.is_empty() {
                        if !given.is_empty() {
                            given.push(' ');
                        }
                        given.push_str(c);
                    }
                }
                if surname.is_empty() && !e3.is_empty() {
                    // An unstructured name (C058) instead of the party name (C080).
                    surname = e3.join_non_empty(" ");
                    out.warnings.push(format!("segment {}: the name is in element 3 (unstructured) instead of element 4; read as the surname", seg.index));
                }
                if surname.is_empty() {
                    return Err(seg
                        .error(
                            Some(4),
                            Some(1),
                            "the surname (NAD+FL+++SURNAME:GIVEN NAMES)",
                            "",
                            "a person without a surname",
                        )
                        .with_code(codes::MISSING));
                }
                let mut p = new_person(qualifier, surname, given);
                if els.iter().skip(4).any(|e| !e.is_empty()) {
                    let address: Vec<String> = els
                        .iter()
                        .skip(4)
                        .map(|e| e.join_non_empty(" "))
                        .filter(|s| !s.is_empty())
                        .collect();
                    p.notes.push(format!("address: {}", address.join(", ")));
                }
                out.persons.push(p);
                in_person = true;
            }
            b"LOC" => {
                let [e1, e2] = seg.fields::<2>();
                let q = e1.component(1);
                let q = q.trim_ascii();
                let place = owned(e2.component(1));
                match (out.persons.last_mut().filter(|_| in_person), leg.as_mut()) {
                    (Some(p), _) => match q {
                        "22" => p.clearance_port = place,
                        "178" => p.departure_port = place,
                        "179" => p.arrival_port = place,
                        "174" => p.residence = place,
                        "180" => {
                            let mut place = String::with_capacity(seg.bytes().len());
                            for e in seg.elements().skip(1).take(3) {
                                for c in e.components() {
                                    let c = c.trim_ascii();
                                    if !c.is_empty() {
                                        if !place.is_empty() {
                                            place.push_str(", ");
                                        }
                                        place.push_str(c);
                                    }
                                }
                            }
                            p.birth_place = place;
                        }
                        "91" => match p.documents.last_mut() {
                            Some(d) => {
                                d.issuing_state = if place.is_empty() {
                                    e2.join_non_empty(" ")
                                } else {
                                    place
                                }
                            }
                            None => out.warnings.push(format!(
                                "segment {}: LOC+91 (document issuing state) before any DOC; ignored",
                                seg.index
                            )),
                        },
                        other => p.notes.push(format!("LOC {other}: {place}")),
                    },
                    (None, Some(l)) => match q {
                        "125" => l.departure_airport = place,
                        "87" => l.arrival_airport = place,
                        "92" => {
                            if route_loc_seen == 0 {
                                l.departure_airport = place;
                            } else {
                                l.arrival_airport = place;
                            }
                            route_loc_seen += 1;
                        }
                        "130" if l.arrival_airport.is_empty() => l.arrival_airport = place,
                        other => out.warnings.push(format!(
                            "segment {}: LOC qualifier '{other}' in a flight leg ignored",
                            seg.index
                        )),
                    },
                    (None, None) => out.warnings.push(format!(
                        "segment {}: LOC outside a leg or person ignored",
                        seg.index
                    )),
                }
            }
            b"DTM" => {
                let [q, value] = seg.element(1).parts::<2>();
                let q = q.trim_ascii();
                match (out.persons.last_mut().filter(|_| in_person), leg.as_mut()) {
                    (Some(p), _) => match q {
                        "329" => {
                            p.birth_date = date(&value, true, ctx.reference_year);
                            if p.birth_date.is_none() && partial_date(&value) {
                                out.warnings.push(format!(
                                    "segment {} (DTM), element 1, component 2: birth date '{value}' has an unknown month or day; left empty",
                                    seg.index
                                ));
                            } else if p.birth_date.is_none() {
                                return Err(seg.error(
                                    Some(1),
                                    Some(2),
                                    "a birth date YYMMDD or CCYYMMDD",
                                    &value,
                                    "unreadable birth date",
                                ));
                            }
                        }
                        "36" | "182" => {
                            let d = date(&value, false, ctx.reference_year);
                            if d.is_none() {
                                out.warnings.push(format!(
                                    "segment {} (DTM), element 1, component 2: unreadable document date '{value}' (expected YYMMDD or CCYYMMDD); left empty",
                                    seg.index
                                ));
                            }
                            match p.documents.last_mut() {
                                Some(doc) if q == "36" => doc.expiry_date = d,
                                Some(doc) => doc.issue_date = d,
                                None => out.warnings.push(format!(
                                    "segment {}: DTM+{q} before any DOC; ignored",
                                    seg.index
                                )),
                            }
                        }
                        other => p.notes.push(format!("DTM {other}: {value}")),
                    },
                    (None, Some(l)) => {
                        let t = date_time(&value);
                        if t.is_none() {
                            return Err(seg.error(
                                Some(1),
                                Some(2),
                                "a date-time YYMMDDHHMM, CCYYMMDDHHMM or CCYYMMDDHHMMSS",
                                &value,
                                "unreadable flight date-time",
                            ));
                        }
                        match q {
                            "189" => l.departure_time = t,
                            "232" => l.arrival_time = t,
                            other => out.warnings.push(format!(
                                "segment {}: DTM qualifier '{other}' in a leg ignored",
                                seg.index
                            )),
                        }
                    }
                    (None, None) => {}
                }
            }
            b"ATT" => {
                if let Some(p) = out.persons.last_mut().filter(|_| in_person) {
                    let [e1, _, e3] = seg.fields::<3>();
                    let g = e3.component(1);
                    let g = g.trim_ascii();
                    let g = if g.bytes().any(|b| b.is_ascii_lowercase()) {
                        g.to_ascii_uppercase()
                    } else {
                        g.to_string()
                    };
                    let q = e1.component(1);
                    if q.trim_ascii() == "2" || q.trim_ascii().is_empty() {
                        if !g.is_empty() && !matches!(g.as_str(), "M" | "F" | "U" | "X") {
                            out.warnings.push(format!(
                                "segment {} (ATT), element 3: gender '{g}' is not M, F, U or X; kept",
                                seg.index
                            ));
                        }
                        p.gender = Some(g).filter(|g| !g.is_empty());
                    } else {
                        p.notes.push(note(seg));
                    }
                }
            }
            b"NAT" => {
                if let Some(p) = out.persons.last_mut().filter(|_| in_person) {
                    let n = owned(seg.get(2, 1));
                    if p.nationality.is_empty() {
                        p.nationality = n;
                    } else if n != p.nationality {
                        p.notes.push(format!("further nationality: {n}"));
                    }
                }
            }
            b"RFF" => {
                let [q, v] = seg.element(1).parts::<2>();
                let (q, v) = (owned(q), owned(v));
                match out.persons.last_mut().filter(|_| in_person) {
                    Some(p) => {
                        match q.as_str() {
                            "AVF" => p.booking_reference = v.clone(),
                            "SEA" => p.seat = v.clone(),
                            _ => {}
                        }
                        p.references.push((q, v));
                    }
                    None if q == "TN" => out.transaction_reference = v,
                    None => {}
                }
            }
            b"DOC" => match out.persons.last_mut().filter(|_| in_person) {
                Some(p) => {
                    let [e1, e2] = seg.fields::<2>();
                    let number = owned(e2.component(1));
                    if number.is_empty() {
                        return Err(seg
                            .error(
                                Some(2),
                                Some(1),
                                "the document number (DOC+P:110:111+NUMBER)",
                                "",
                                "DOC without a number",
                            )
                            .with_code(codes::MISSING));
                    }
                    let doc_type = e1.component(1);
                    let doc_type = doc_type.trim_ascii();
                    let doc_type = if doc_type.bytes().any(|b| b.is_ascii_lowercase()) {
                        doc_type.to_ascii_uppercase()
                    } else {
                        doc_type.to_string()
                    };
                    if doc_type.is_empty() {
                        out.warnings.push(format!(
                            "segment {} (DOC), element 1, component 1: no document type",
                            seg.index
                        ));
                    }
                    p.documents.push(TravelDocument {
                        doc_type,
                        number,
                        issuing_state: String::new(),
                        expiry_date: None,
                        issue_date: None,
                    });
                }
                None => {
                    return Err(seg
                        .error(
                            None,
                            None,
                            "NAD before DOC",
                            "DOC",
                            "a document outside any person",
                        )
                        .with_code(codes::NOT_SUPPORTED_IN_POSITION))
                }
            },
            b"EMP" | b"FTX" | b"MEA" | b"COM" | b"CTA" | b"GEI" | b"QTY" => {
                if let Some(p) = out.persons.last_mut().filter(|_| in_person) {
                    p.notes.push(note(seg));
                }
            }
            b"CNT" => {
                let q = owned(seg.get(1, 1));
                let mut value = seg.get(1, 2);
                if value.is_empty() {
                    // CNT+41+8: the count in element 2 instead of component 2.
                    value = seg.get(2, 1);
                }
                match value.trim_ascii().parse::<usize>() {
                    Ok(n) => declared.push((q, n, seg.index)),
                    Err(_) => out.warnings.push(format!(
                        "segment {} (CNT), element 1, component 2: unreadable count '{value}'",
                        seg.index
                    )),
                }
            }
            b"UNS" | b"PDT" => {
                return Err(seg
                    .error(
                        None,
                        None,
                        "WCO/IATA/ICAO PAXLST segments",
                        seg.tag(),
                        "UNS/PDT segments belong to the legacy US format",
                    )
                    .with_code(codes::NOT_SUPPORTED_IN_POSITION));
            }
            _ => out
                .warnings
                .push(format!("segment {}: {} not read", seg.index, seg.tag())),
        }
    }
    if let Some(l) = leg.take() {
        out.legs.push(l);
    }
    for (q, n, index) in declared {
        let crew = out
            .persons
            .iter()
            .filter(|p| CREW_ROLES.contains(&p.role.as_str()))
            .count();
        let (what, have) = match q.as_str() {
            "41" => ("crew members", crew),
            "42" => ("passengers", out.persons.len() - crew),
            _ => ("persons", out.persons.len()),
        };
        // Some carriers count everyone under either qualifier.
        if n != have && n != out.persons.len() {
            out.warnings.push(format!(
                "segment {index}: CNT+{q} says {n} {what}, the message has {have}"
            ));
        }
    }
    if out.legs.is_empty() {
        return Err(unh
            .error(
                None,
                None,
                "a TDT flight leg",
                "",
                "the message has no flight (TDT segment group)",
            )
            .with_code(codes::MISSING));
    }
    Ok(out)
}

/// Parse an interchange and map each PAXLST message (lenient counts, as for intake).
pub fn parse(bytes: &[u8]) -> Result<PaxlstInterchange, EdifactError> {
    parse_with(bytes, Mode::Lenient)
}

/// [`parse`] with a choice of [`Mode`]: strict rejects wrong UNT/UNE/UNZ counts and references.
pub fn parse_with(bytes: &[u8], mode: Mode) -> Result<PaxlstInterchange, EdifactError> {
    parse_one(bytes, mode).map(|(ic, _)| ic)
}

/// Every interchange of a file that holds several one after the other (each UNA/UNB … UNZ read on its own;
/// text after the last one that is not an interchange is left, with the warning [`parse`] gives).
pub fn parse_all(bytes: &[u8]) -> Vec<Result<PaxlstInterchange, EdifactError>> {
    let mut out = Vec::new();
    let mut rest = bytes;
    loop {
        match parse_one(rest, Mode::Lenient) {
            Ok((ic, next)) => {
                out.push(Ok(ic));
                match next.and_then(|n| rest.get(n..)) {
                    Some(r) if crate::syntax::interchange_header(r).is_some() => rest = r,
                    _ => break,
                }
            }
            Err(e) => {
                out.push(Err(e));
                break;
            }
        }
    }
    out
}

fn parse_one(bytes: &[u8], mode: Mode) -> Result<(PaxlstInterchange, Option<usize>), EdifactError> {
    let ic = scan(bytes, mode)?;
    let prepared = ic.header().map(|h| h.get(4, 1)).unwrap_or_default();
    let reference_year = match prepared.trim_ascii().len() {
        8 => prepared.get(0..4).and_then(num),
        _ => prepared.get(0..2).and_then(num).map(|y| 2000 + y),
    }
    .unwrap_or(2000);
    let syntax_level = ic.syntax_level();
    let table = repertoire(&syntax_level, &ic.delimiters);
    let ctx = Context {
        reference_year,
        syntax_level,
        repertoire: table.as_ref(),
    };
    let messages = ic
        .messages()
        .map(|m| match &m.raw.error {
            Some(e) => Err(e.clone()),
            None => map_message(&m, &ctx).map_err(|e| m.locate(e)),
        })
        .collect();
    let warnings = ic.warnings.clone();
    Ok((
        PaxlstInterchange {
            control_reference: owned(ic.control_reference()),
            sender: owned(ic.sender()),
            recipient: owned(ic.recipient()),
            messages,
            warnings,
        },
        ic.rest,
    ))
}

/// The CONTRL acknowledgement for an interchange and its [`parse`] result, to return to the carrier: accepted
/// messages acknowledged, rejected ones with the segment, element, component and ISO 9735 error code.
pub fn acknowledgement(
    raw: &[u8],
    result: &Result<PaxlstInterchange, EdifactError>,
    options: &crate::contrl::ContrlOptions,
) -> String {
    use crate::contrl::{contrl, Outcome};
    match result {
        Err(e) => contrl(raw, Some(e), &[], options),
        Ok(ic) => {
            let outcomes: Vec<Outcome> = ic
                .messages
                .iter()
                .map(|m| match m {
                    Ok(_) => Outcome::Accepted,
                    Err(e) => Outcome::Rejected(e),
                })
                .collect();
            contrl(raw, None, &outcomes, options)
        }
    }
}

fn iso_date(d: Option<NaiveDate>) -> serde_json::Value {
    d.map(|d| serde_json::Value::String(d.format("%Y-%m-%d").to_string()))
        .unwrap_or(serde_json::Value::Null)
}

fn iso_time(t: Option<NaiveDateTime>) -> serde_json::Value {
    t.map(|t| serde_json::Value::String(t.format("%Y-%m-%dT%H:%M:00").to_string()))
        .unwrap_or(serde_json::Value::Null)
}

/// The JSON `limes paxlst FILE` prints.
pub fn to_output_json(ic: &PaxlstInterchange) -> serde_json::Value {
    let messages: Vec<serde_json::Value> = ic
        .messages
        .iter()
        .map(|m| match m {
            Ok(m) => serde_json::json!({
                "reference": m.reference,
                "version": m.version,
                "type": m.kind,
                "reporting_party": m.reporting_party,
                "transaction_reference": m.transaction_reference,
                "legs": m.legs.iter().map(|l| serde_json::json!({
                    "carrier": l.carrier, "flight_number": l.flight_number,
                    "departure_airport": l.departure_airport, "departure_time": iso_time(l.departure_time),
                    "arrival_airport": l.arrival_airport, "arrival_time": iso_time(l.arrival_time),
                })).collect::<Vec<_>>(),
                "persons": m.persons.iter().map(|p| serde_json::json!({
                    "role": p.role, "surname": p.surname, "given_names": p.given_names, "gender": p.gender,
                    "birth_date": iso_date(p.birth_date), "nationality": p.nationality,
                    "residence": p.residence, "birth_place": p.birth_place,
                    "departure_port": p.departure_port, "arrival_port": p.arrival_port,
                    "booking_reference": p.booking_reference, "seat": p.seat,
                    "clearance_port": p.clearance_port,
                    "references": p.references.iter().map(|(q, v)| serde_json::json!({"qualifier": q, "value": v})).collect::<Vec<_>>(),
                    "notes": p.notes,
                    "documents": p.documents.iter().map(|d| serde_json::json!({
                        "type": d.doc_type, "number": d.number, "issuing_state": d.issuing_state,
                        "expiry_date": iso_date(d.expiry_date), "issue_date": iso_date(d.issue_date),
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "warnings": m.warnings,
            }),
            Err(e) => serde_json::json!({"error": e.to_string(), "detail": e}),
        })
        .collect();
    serde_json::json!({
        "control_reference": ic.control_reference,
        "sender": ic.sender,
        "messages": messages,
        "warnings": ic.warnings,
    })
}

/// What `limes paxlst FILE` prints, or the error (and a non-zero exit) when nothing could be read.
pub fn run_cli(bytes: &[u8]) -> Result<String, String> {
    let ic = parse(bytes).map_err(|e| e.to_string())?;
    if !ic.messages.is_empty() && ic.messages.iter().all(Result::is_err) {
        let errors: Vec<String> = ic
            .messages
            .iter()
            .filter_map(|m| m.as_ref().err().map(ToString::to_string))
            .collect();
        return Err(errors.join("; "));
    }
    serde_json::to_string_pretty(&to_output_json(&ic)).map_err(|e| e.to_string())
}
