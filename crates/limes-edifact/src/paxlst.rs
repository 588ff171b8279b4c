//! PAXLST (passenger and crew lists, advance passenger information) per the WCO/IATA/ICAO API guidelines,
//! versions D02B, D03B and D05B. Each message is mapped on its own: a broken message is reported and the
//! independent messages of the same interchange are still read.
use crate::syntax::{error, parse_interchange, EdifactError, Interchange, Message, Mode};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

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

/// Dates as PAXLST writes them: YYMMDD (birth: the century that puts it before the message), CCYYMMDD, and
/// date-times YYMMDDHHMM (format 201) or CCYYMMDDHHMM (203).
fn date(raw: &str, birth: bool, reference_year: i32) -> Option<NaiveDate> {
    match raw.len() {
        8 => NaiveDate::parse_from_str(raw, "%Y%m%d").ok(),
        6 => {
            let yy: i32 = raw.get(0..2)?.parse().ok()?;
            let rest = raw.get(2..)?;
            let century = if birth && 2000 + yy > reference_year {
                1900
            } else {
                2000
            };
            NaiveDate::parse_from_str(&format!("{}{rest}", century + yy), "%Y%m%d").ok()
        }
        _ => None,
    }
}

fn date_time(raw: &str) -> Option<NaiveDateTime> {
    match raw.len() {
        10 => NaiveDateTime::parse_from_str(&format!("20{raw}"), "%Y%m%d%H%M").ok(),
        12 => NaiveDateTime::parse_from_str(raw, "%Y%m%d%H%M").ok(),
        6 | 8 => date(raw, false, 2000).and_then(|d| d.and_hms_opt(0, 0, 0)),
        _ => None,
    }
}

const KNOWN_ROLES: &[&str] = &["FL", "FM", "DDT", "DDU", "COT", "ZZZ"];

/// Characters of UNOA (level A): upper-case letters, digits, space and some punctuation.
fn unoa_ok(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || " .,-()/='+:?!\"%&*;<>".contains(c)
}

fn map_message(
    msg: &Message,
    syntax: &str,
    reference_year: i32,
) -> Result<PaxlstMessage, EdifactError> {
    let unh = msg.segments.first().ok_or_else(|| EdifactError {
        segment_index: 0,
        tag: "UNH".into(),
        element: None,
        component: None,
        expected: "UNH".into(),
        found: String::new(),
        message: "empty message".into(),
    })?;
    let mtype: Vec<&str> = msg.message_type.iter().map(String::as_str).collect();
    if mtype.first() != Some(&"PAXLST") {
        return Err(error(
            unh,
            Some(2),
            Some(1),
            "PAXLST",
            mtype.first().copied().unwrap_or(""),
            "not a PAXLST message",
        ));
    }
    let version = format!(
        "{}:{}",
        mtype.get(1).copied().unwrap_or(""),
        mtype.get(2).copied().unwrap_or("")
    );
    if mtype.get(1) != Some(&"D") {
        return Err(error(
            unh,
            Some(2),
            Some(2),
            "D (UN/EDIFACT directory: D02B, D03B or D05B)",
            &version,
            format!(
                "PAXLST {version} is the legacy US format (UNS/PDT segments), not UN/EDIFACT PAXLST per the WCO/IATA/ICAO API guidelines; send D02B, D03B or D05B"
            ),
        ));
    }
    let mut out = PaxlstMessage {
        reference: msg.reference.clone(),
        version: format!("D:{}", mtype.get(2).copied().unwrap_or("")),
        kind: "passengers".into(),
        reporting_party: String::new(),
        legs: Vec::new(),
        persons: Vec::new(),
        warnings: msg.warnings.clone(),
    };
    if !matches!(mtype.get(2), Some(&"02B") | Some(&"03B") | Some(&"05B")) {
        out.warnings.push(format!(
            "PAXLST version {version} is not one of D02B, D03B, D05B; read as D05B"
        ));
    }
    if syntax.starts_with("UNOA") {
        let odd: Vec<char> = msg
            .segments
            .iter()
            .flat_map(|s| s.elements.iter().flatten())
            .flat_map(|t| t.chars())
            .filter(|c| !unoa_ok(*c))
            .take(5)
            .collect();
        if !odd.is_empty() {
            out.warnings.push(format!(
                "characters outside the declared syntax level UNOA, accepted: {odd:?}"
            ));
        }
    }
    let mut person: Option<Person> = None;
    let mut leg: Option<Leg> = None;
    let mut route_loc_seen = 0;
    let mut declared_count: Option<usize> = None;
    let flush_person = |p: &mut Option<Person>, out: &mut PaxlstMessage| {
        if let Some(p) = p.take() {
            out.persons.push(p);
        }
    };
    for seg in &msg.segments[1..msg.segments.len().saturating_sub(1)] {
        match seg.tag.as_str() {
            "BGM" => {
                out.kind = match seg.get(1, 1) {
                    "745" => "passengers".into(),
                    "250" => "crew".into(),
                    other => {
                        out.warnings.push(format!("BGM document code '{other}' is not 745 (passengers) or 250 (crew); read as passengers"));
                        "passengers".into()
                    }
                };
            }
            "TDT" => {
                if let Some(l) = leg.take() {
                    out.legs.push(l);
                }
                let flight = seg.get(2, 1).to_string();
                if flight.is_empty() {
                    return Err(error(
                        seg,
                        Some(2),
                        Some(1),
                        "the flight identification",
                        "",
                        "TDT without a flight",
                    ));
                }
                let carrier = match seg.get(5, 1) {
                    "" => flight
                        .chars()
                        .take_while(|c| !c.is_ascii_digit())
                        .collect::<String>()
                        .chars()
                        .take(3)
                        .collect(),
                    c => c.to_string(),
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
            "NAD" => {
                let qualifier = seg.get(1, 1);
                if person.is_none() && leg.is_none() && !KNOWN_ROLES.contains(&qualifier) {
                    // Before the flight: the reporting party (MS) and other contacts.
                    out.reporting_party = seg
                        .element(4)
                        .iter()
                        .filter(|s| !s.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" ");
                    continue;
                }
                if let Some(l) = leg.take() {
                    out.legs.push(l);
                }
                flush_person(&mut person, &mut out);
                if !KNOWN_ROLES.contains(&qualifier) {
                    out.warnings.push(format!("segment {}: NAD qualifier '{qualifier}' is outside the guide; the person is kept", seg.index));
                }
                let name = seg.element(4);
                let surname = name.first().cloned().unwrap_or_default();
                if surname.trim().is_empty() {
                    return Err(error(
                        seg,
                        Some(4),
                        Some(1),
                        "the surname",
                        "",
                        "a person without a surname",
                    ));
                }
                let given = name
                    .iter()
                    .skip(1)
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ");
                person = Some(Person {
                    role: qualifier.to_string(),
                    surname,
                    given_names: given,
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
                });
            }
            "LOC" => {
                let q = seg.get(1, 1);
                let place = seg.get(2, 1).to_string();
                match (person.as_mut(), leg.as_mut()) {
                    (Some(p), _) => match q {
                        "22" => p.clearance_port = place,
                        "178" => p.departure_port = place,
                        "179" => p.arrival_port = place,
                        "174" => p.residence = place,
                        "180" => {
                            p.birth_place = seg
                                .element(2)
                                .iter()
                                .filter(|s| !s.is_empty())
                                .cloned()
                                .collect::<Vec<_>>()
                                .join(", ");
                        }
                        "91" => match p.documents.last_mut() {
                            Some(d) => d.issuing_state = place,
                            None => out
                                .warnings
                                .push(format!("segment {}: LOC+91 before any DOC", seg.index)),
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
            "DTM" => {
                let q = seg.get(1, 1);
                let value = seg.get(1, 2);
                match (person.as_mut(), leg.as_mut()) {
                    (Some(p), _) => match q {
                        "329" => {
                            p.birth_date = date(value, true, reference_year);
                            if p.birth_date.is_none() {
                                return Err(error(
                                    seg,
                                    Some(1),
                                    Some(2),
                                    "a birth date YYMMDD or CCYYMMDD",
                                    value,
                                    "unreadable birth date",
                                ));
                            }
                        }
                        "36" | "182" => {
                            let d = date(value, false, reference_year);
                            match p.documents.last_mut() {
                                Some(doc) if q == "36" => doc.expiry_date = d,
                                Some(doc) => doc.issue_date = d,
                                None => out
                                    .warnings
                                    .push(format!("segment {}: DTM+{q} before any DOC", seg.index)),
                            }
                        }
                        other => p.notes.push(format!("DTM {other}: {value}")),
                    },
                    (None, Some(l)) => {
                        let t = date_time(value);
                        if t.is_none() {
                            return Err(error(
                                seg,
                                Some(1),
                                Some(2),
                                "a date-time YYMMDDHHMM",
                                value,
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
            "ATT" => {
                if let Some(p) = person.as_mut() {
                    p.gender = Some(seg.get(3, 1).to_string()).filter(|g| !g.is_empty());
                }
            }
            "NAT" => {
                if let Some(p) = person.as_mut() {
                    p.nationality = seg.get(2, 1).to_string();
                }
            }
            "RFF" => {
                if let Some(p) = person.as_mut() {
                    let (q, v) = (seg.get(1, 1).to_string(), seg.get(1, 2).to_string());
                    match q.as_str() {
                        "AVF" => p.booking_reference = v.clone(),
                        "SEA" => p.seat = v.clone(),
                        _ => {}
                    }
                    p.references.push((q, v));
                }
            }
            "DOC" => match person.as_mut() {
                Some(p) => {
                    let number = seg.get(2, 1).to_string();
                    if number.is_empty() {
                        return Err(error(
                            seg,
                            Some(2),
                            Some(1),
                            "the document number",
                            "",
                            "DOC without a number",
                        ));
                    }
                    p.documents.push(TravelDocument {
                        doc_type: seg.get(1, 1).to_string(),
                        number,
                        issuing_state: String::new(),
                        expiry_date: None,
                        issue_date: None,
                    });
                }
                None => {
                    return Err(error(
                        seg,
                        None,
                        None,
                        "NAD before DOC",
                        "DOC",
                        "a document outside any person",
                    ))
                }
            },
            "EMP" | "FTX" | "MEA" | "COM" | "CTA" | "GEI" | "QTY" => {
                if let Some(p) = person.as_mut() {
                    let text = seg
                        .elements
                        .iter()
                        .map(|e| e.join(":"))
                        .collect::<Vec<_>>()
                        .join("+");
                    p.notes.push(format!("{} {text}", seg.tag));
                }
            }
            "CNT" => {
                declared_count = seg.get(1, 2).parse().ok();
            }
            "UNS" | "PDT" => {
                return Err(error(
                    seg,
                    None,
                    None,
                    "WCO/IATA/ICAO PAXLST segments",
                    &seg.tag,
                    "UNS/PDT segments belong to the legacy US format",
                ));
            }
            _ => out
                .warnings
                .push(format!("segment {}: {} not read", seg.index, seg.tag)),
        }
    }
    if let Some(l) = leg.take() {
        out.legs.push(l);
    }
    flush_person(&mut person, &mut out);
    if let Some(n) = declared_count {
        if n != out.persons.len() {
            out.warnings.push(format!(
                "CNT says {n} persons, the message has {}",
                out.persons.len()
            ));
        }
    }
    if out.legs.is_empty() {
        return Err(error(
            unh,
            None,
            None,
            "a TDT flight leg",
            "",
            "the message has no flight",
        ));
    }
    Ok(out)
}

/// Parse an interchange and map each PAXLST message (lenient counts, as for intake).
pub fn parse(bytes: &[u8]) -> Result<PaxlstInterchange, EdifactError> {
    let ic: Interchange = parse_interchange(bytes, Mode::Lenient)?;
    let reference_year = ic
        .prepared
        .get(0..2)
        .and_then(|y| y.parse::<i32>().ok())
        .map(|y| 2000 + y)
        .unwrap_or(2000);
    let messages = ic
        .messages
        .iter()
        .map(|m| map_message(m, &ic.syntax, reference_year))
        .collect();
    Ok(PaxlstInterchange {
        control_reference: ic.control_reference,
        sender: ic.sender,
        recipient: ic.recipient,
        messages,
        warnings: ic.warnings,
    })
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
