//! PAXLST (passenger and crew lists, advance passenger information) per the WCO/IATA/ICAO API guidelines,
//! versions D02B, D03B and D05B. Each message is mapped on its own: a broken message is reported and the
//! independent messages of the same interchange are still read.
mod mapping;

use crate::syntax::{scan, EdifactError, Mode};
use chrono::{NaiveDate, NaiveDateTime};
use mapping::map_message;
use serde::Serialize;
use std::borrow::Cow;

/// How the travellers are carried: TDT element 3 (C220, UN/ECE Recommendation 19 codes), else what the TDT
/// names (a vessel, a flight number).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportMode {
    #[default]
    Air,
    Sea,
    Road,
    Rail,
}

impl TransportMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TransportMode::Air => "air",
            TransportMode::Sea => "sea",
            TransportMode::Road => "road",
            TransportMode::Rail => "rail",
        }
    }
    /// The mode for a Recommendation 19 code (8 inland water transport counts as sea).
    pub fn from_code(code: &str) -> Option<TransportMode> {
        match code.trim_ascii() {
            "1" | "8" => Some(TransportMode::Sea),
            "2" => Some(TransportMode::Rail),
            "3" => Some(TransportMode::Road),
            "4" => Some(TransportMode::Air),
            _ => None,
        }
    }
}

/// One leg of the journey: from one place to the next, as one TDT and its LOC/DTM segments say (a TDT whose
/// LOC+92 entries name several places gives several legs).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Leg {
    pub carrier: String,
    /// TDT element 2, the conveyance reference: the flight number for air, the voyage or trip number for sea
    /// and road (may be empty on land).
    pub flight_number: String,
    pub mode: TransportMode,
    /// TDT C222 8213 when it is not an IMO number: a vehicle's registration plate, a train, a vessel's call sign.
    pub registration: String,
    /// TDT C222 8212: the name of the means of transport (a vessel's name).
    pub vessel_name: String,
    /// TDT C222 8213 when it is an IMO ship identification number (seven digits, or coded 146 / agency 11).
    pub imo_number: String,
    /// Departure place: an airport, a port or a road or rail crossing (UN/LOCODE or IATA code as sent).
    pub departure_airport: String,
    pub departure_time: Option<NaiveDateTime>,
    /// Arrival place, as for the departure.
    pub arrival_airport: String,
    pub arrival_time: Option<NaiveDateTime>,
}

impl Leg {
    /// What identifies the conveyance: the flight or voyage number, else the vehicle registration, the IMO
    /// number or the vessel name; empty when the TDT names none of them.
    pub fn conveyance_id(&self) -> &str {
        [
            &self.flight_number,
            &self.registration,
            &self.imo_number,
            &self.vessel_name,
        ]
        .into_iter()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .unwrap_or("")
    }
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
    /// What was wrong in this person's segments (an empty document number, an unreadable date, an unknown
    /// code): the person is kept and screened on what could be read. Each names segment, element and what was
    /// expected.
    pub warnings: Vec<String>,
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
                    "carrier": l.carrier, "flight_number": l.flight_number, "mode": l.mode,
                    "registration": l.registration, "vessel_name": l.vessel_name, "imo_number": l.imo_number,
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
                    "warnings": p.warnings,
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
        "recipient": ic.recipient,
        "messages": messages,
        "warnings": ic.warnings,
    })
}

/// What `limes paxlst FILE` prints: every interchange of the file, one JSON object per line, in file order (an
/// interchange that cannot be read is a line `{"error": …, "detail": …}`); an error (and a non-zero exit) when
/// not one message of the file could be read.
pub fn run_cli(bytes: &[u8]) -> Result<String, String> {
    let all = parse_all(bytes);
    let mut errors: Vec<String> = Vec::new();
    let mut lines: Vec<String> = Vec::with_capacity(all.len());
    let mut read_any = false;
    for ic in &all {
        let value = match ic {
            Ok(ic) => {
                read_any |= ic.messages.iter().any(Result::is_ok);
                errors.extend(
                    ic.messages
                        .iter()
                        .filter_map(|m| m.as_ref().err().map(ToString::to_string)),
                );
                to_output_json(ic)
            }
            Err(e) => {
                errors.push(e.to_string());
                serde_json::json!({"error": e.to_string(), "detail": e})
            }
        };
        lines.push(serde_json::to_string(&value).map_err(|e| e.to_string())?);
    }
    let empty = all
        .iter()
        .all(|ic| ic.as_ref().is_ok_and(|ic| ic.messages.is_empty()));
    if !read_any && !empty {
        return Err(errors.join("; "));
    }
    Ok(lines.join("\n"))
}
