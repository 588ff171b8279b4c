//! Mapping one PAXLST message onto a [`PaxlstMessage`]: the UNH checks, then one function per segment (or
//! segment group) on the state of the reading, then the checks of the whole message.

use super::{
    all_digits, date, date_time, owned, partial_date, Context, Leg, PaxlstMessage, Person,
    TravelDocument,
};
use crate::syntax::{codes, EdifactError, MessageView, RawSegment};

/// NAD qualifiers of persons in the guide: FL passenger, FM crew, DDT in-transit passenger, DDU in-transit crew,
/// COT crew (other than operating crew) and ZZZ (mutually defined).
const KNOWN_ROLES: &[&str] = &["FL", "FM", "DDT", "DDU", "COT", "ZZZ"];
const CREW_ROLES: &[&str] = &["FM", "DDU", "COT"];

/// A segment as text (`TAG e1+e2:c2`), for a person's notes.
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

/// A person with a name and role and nothing else read yet.
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

pub(super) fn map_message(msg: &MessageView, ctx: &Context) -> Result<PaxlstMessage, EdifactError> {
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
    let (version, release) = message_version(unh)?;
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
    if let Some(warning) = repertoire_warning(msg, ctx) {
        out.warnings.push(warning);
    }
    let mut mapping = Mapping {
        ctx,
        out,
        in_person: false,
        leg: None,
        route_loc_seen: 0,
        declared: Vec::new(),
    };
    for seg in msg.body() {
        match seg.tag_bytes() {
            b"BGM" => mapping.bgm(seg),
            b"TDT" => mapping.tdt(seg)?,
            b"NAD" => mapping.nad(seg)?,
            b"LOC" => mapping.loc(seg),
            b"DTM" => mapping.dtm(seg)?,
            b"ATT" => mapping.att(seg),
            b"NAT" => mapping.nat(seg),
            b"RFF" => mapping.rff(seg),
            b"DOC" => mapping.doc(seg)?,
            b"EMP" | b"FTX" | b"MEA" | b"COM" | b"CTA" | b"GEI" | b"QTY" => {
                mapping.person_note(seg)
            }
            b"CNT" => mapping.cnt(seg),
            b"UNS" | b"PDT" => return Err(legacy_segment(seg)),
            _ => mapping.not_read(seg),
        }
    }
    mapping.finish(unh)
}

/// UNH element 2: a PAXLST message of a UN/EDIFACT directory; its version ("D:05B") and release ("05B").
fn message_version(unh: &RawSegment) -> Result<(String, String), EdifactError> {
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
    Ok((version, release))
}

/// The characters (at most five) of the message outside the declared syntax level, as a warning.
fn repertoire_warning(msg: &MessageView, ctx: &Context) -> Option<String> {
    let table = ctx.repertoire?;
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
    (!odd.is_empty()).then(|| {
        format!(
            "characters outside the declared syntax level {}, accepted: {odd:?}",
            ctx.syntax_level
        )
    })
}

/// UNS and PDT belong to the legacy US format, not to this guide.
fn legacy_segment(seg: &RawSegment) -> EdifactError {
    seg.error(
        None,
        None,
        "WCO/IATA/ICAO PAXLST segments",
        seg.tag(),
        "UNS/PDT segments belong to the legacy US format",
    )
    .with_code(codes::NOT_SUPPORTED_IN_POSITION)
}

/// The state of reading one message: what has been read, and where in it the reading is.
struct Mapping<'c, 't> {
    ctx: &'c Context<'t>,
    out: PaxlstMessage,
    /// The person being read is the last of `out.persons` while `in_person` (no moves of the large struct).
    in_person: bool,
    /// The flight leg being read.
    leg: Option<Leg>,
    /// LOC+92 (routing) segments of the leg so far: the first is the departure, the next the arrival.
    route_loc_seen: usize,
    /// CNT counts as declared: qualifier, count, segment index.
    declared: Vec<(String, usize, usize)>,
}

impl Mapping<'_, '_> {
    /// BGM: whether the list is of passengers or crew.
    fn bgm(&mut self, seg: &RawSegment) {
        let Mapping { out, .. } = self;
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

    /// TDT: a flight leg begins (and the one before it, if any, ends).
    fn tdt(&mut self, seg: &RawSegment) -> Result<(), EdifactError> {
        let Mapping {
            out,
            leg,
            in_person,
            route_loc_seen,
            ..
        } = self;
        if let Some(l) = leg.take() {
            out.legs.push(l);
        }
        if *in_person {
            out.warnings.push(format!(
                "segment {}: TDT after the persons; read as another leg",
                seg.index
            ));
            *in_person = false;
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
        *leg = Some(Leg {
            carrier,
            flight_number: flight,
            departure_airport: String::new(),
            departure_time: None,
            arrival_airport: String::new(),
            arrival_time: None,
        });
        *route_loc_seen = 0;
        Ok(())
    }

    /// NAD: a person begins, or the reporting party is named.
    fn nad(&mut self, seg: &RawSegment) -> Result<(), EdifactError> {
        let Mapping {
            out,
            leg,
            in_person,
            ..
        } = self;
        let els = seg.fields::<9>();
        let [e1, _, e3, name, ..] = &els;
        let q = e1.component(1);
        let qualifier = q.trim_ascii().to_ascii_uppercase();
        let known = KNOWN_ROLES.contains(&qualifier.as_str());
        // Before the flight: the reporting party (MS) and other contacts; MS anywhere is the reporting
        // party, never a traveller.
        if (!*in_person && leg.is_none() && !known) || qualifier == "MS" {
            if leg.is_some() || *in_person {
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
            return Ok(());
        }
        if let Some(l) = leg.take() {
            out.legs.push(l);
        }
        if !known {
            out.warnings.push(format!(
                "segment {}: NAD qualifier '{qualifier}' is outside the guide; the person is kept",
                seg.index
            ));
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
        *in_person = true;
        Ok(())
    }

    /// LOC: a place of the person being read (ports, residence, birth place, document issuer) or of the leg.
    fn loc(&mut self, seg: &RawSegment) {
        let Mapping {
            out,
            leg,
            in_person,
            route_loc_seen,
            ..
        } = self;
        let [e1, e2] = seg.fields::<2>();
        let q = e1.component(1);
        let q = q.trim_ascii();
        let place = owned(e2.component(1));
        match (out.persons.last_mut().filter(|_| *in_person), leg.as_mut()) {
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
                    if *route_loc_seen == 0 {
                        l.departure_airport = place;
                    } else {
                        l.arrival_airport = place;
                    }
                    *route_loc_seen += 1;
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

    /// DTM: a date of the person being read (birth, document expiry and issue) or a time of the leg.
    fn dtm(&mut self, seg: &RawSegment) -> Result<(), EdifactError> {
        let Mapping {
            out,
            leg,
            in_person,
            ctx,
            ..
        } = self;
        let [q, value] = seg.element(1).parts::<2>();
        let q = q.trim_ascii();
        match (out.persons.last_mut().filter(|_| *in_person), leg.as_mut()) {
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
        Ok(())
    }

    /// ATT: the gender of the person being read (other attributes kept as notes).
    fn att(&mut self, seg: &RawSegment) {
        let Mapping { out, in_person, .. } = self;
        if let Some(p) = out.persons.last_mut().filter(|_| *in_person) {
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

    /// NAT: the nationality of the person being read (further ones kept as notes).
    fn nat(&mut self, seg: &RawSegment) {
        let Mapping { out, in_person, .. } = self;
        if let Some(p) = out.persons.last_mut().filter(|_| *in_person) {
            let n = owned(seg.get(2, 1));
            if p.nationality.is_empty() {
                p.nationality = n;
            } else if n != p.nationality {
                p.notes.push(format!("further nationality: {n}"));
            }
        }
    }

    /// RFF: a reference of the person being read (booking, seat, …) or the message's transaction reference.
    fn rff(&mut self, seg: &RawSegment) {
        let Mapping { out, in_person, .. } = self;
        let [q, v] = seg.element(1).parts::<2>();
        let (q, v) = (owned(q), owned(v));
        match out.persons.last_mut().filter(|_| *in_person) {
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

    /// DOC: a travel document of the person being read.
    fn doc(&mut self, seg: &RawSegment) -> Result<(), EdifactError> {
        let Mapping { out, in_person, .. } = self;
        match out.persons.last_mut().filter(|_| *in_person) {
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
        }
        Ok(())
    }

    /// EMP, FTX, MEA, COM, CTA, GEI, QTY: kept as notes of the person being read.
    fn person_note(&mut self, seg: &RawSegment) {
        let Mapping { out, in_person, .. } = self;
        if let Some(p) = out.persons.last_mut().filter(|_| *in_person) {
            p.notes.push(note(seg));
        }
    }

    /// CNT: a declared count of persons, checked when the message is read.
    fn cnt(&mut self, seg: &RawSegment) {
        let Mapping { out, declared, .. } = self;
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

    /// Any other segment: left, with a warning.
    fn not_read(&mut self, seg: &RawSegment) {
        self.out
            .warnings
            .push(format!("segment {}: {} not read", seg.index, seg.tag()));
    }

    /// The end of the message: the last leg closed, the declared counts checked, a flight required.
    fn finish(self, unh: &RawSegment) -> Result<PaxlstMessage, EdifactError> {
        let Mapping {
            mut out,
            mut leg,
            declared,
            ..
        } = self;
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
}
