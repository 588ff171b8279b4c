//! Mapping one PAXLST message onto a [`PaxlstMessage`]: the UNH checks, then one function per segment (or
//! segment group) on the state of the reading, then the checks of the whole message.

use super::{
    all_digits, date, date_time, owned, partial_date, Context, Leg, PaxlstMessage, Person,
    TransportMode, TravelDocument,
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
        warnings: Vec::new(),
    }
}

/// A warning at a segment, worded as an error is (segment number and tag, element, component, what was
/// expected and found) so the sender can find and fix it.
fn warning(
    seg: &RawSegment,
    element: Option<usize>,
    component: Option<usize>,
    expected: &str,
    found: &str,
    what: &str,
) -> String {
    seg.error(element, component, expected, found, what)
        .to_string()
}

/// A place of the route inside one TDT group (LOC 92, 125, 87) and the times that follow it.
#[derive(Debug, Default)]
struct RoutePoint {
    place: String,
    departure: Option<chrono::NaiveDateTime>,
    arrival: Option<chrono::NaiveDateTime>,
}

/// One TDT segment group being read: the conveyance (a leg without places) and the places of its route.
#[derive(Debug, Default)]
struct TdtGroup {
    conveyance: Leg,
    route: Vec<RoutePoint>,
    /// LOC+130, the final destination, used when no arrival place is given.
    final_destination: String,
}

impl TdtGroup {
    /// The legs of the group: a place repeated one after the other (LOC+92 at a stop, then LOC+125 at the same
    /// stop) is one stop; each stop to the next is a leg.
    fn into_legs(self) -> Vec<Leg> {
        let TdtGroup {
            conveyance,
            route,
            final_destination,
        } = self;
        let mut stops: Vec<RoutePoint> = Vec::with_capacity(route.len());
        for point in route {
            match stops.last_mut() {
                Some(last) if !point.place.is_empty() && last.place == point.place => {
                    last.arrival = last.arrival.or(point.arrival);
                    last.departure = point.departure.or(last.departure);
                }
                _ => stops.push(point),
            }
        }
        let leg = |from: Option<&RoutePoint>, to: Option<&RoutePoint>| Leg {
            departure_airport: from.map(|p| p.place.clone()).unwrap_or_default(),
            departure_time: from.and_then(|p| p.departure),
            arrival_airport: to.map(|p| p.place.clone()).unwrap_or_default(),
            arrival_time: to.and_then(|p| p.arrival),
            ..conveyance.clone()
        };
        let mut legs: Vec<Leg> = match stops.as_slice() {
            [] => vec![leg(None, None)],
            [only] if only.departure.is_none() && only.arrival.is_some() => {
                vec![leg(None, Some(only))]
            }
            [only] => vec![leg(Some(only), None)],
            _ => stops
                .windows(2)
                .filter_map(|pair| match pair {
                    [from, to] => Some(leg(Some(from), Some(to))),
                    _ => None,
                })
                .collect(),
        };
        if let Some(last) = legs.last_mut() {
            if last.arrival_airport.is_empty() {
                last.arrival_airport = final_destination;
            }
        }
        legs
    }
}

/// An IMO ship identification number: seven digits (after an optional "IMO"), the last the check digit of the
/// six before it weighted 7 to 2.
fn is_imo_number(raw: &str) -> bool {
    let digits = raw.trim_ascii();
    let digits = digits
        .strip_prefix("IMO")
        .or_else(|| digits.strip_prefix("imo"))
        .unwrap_or(digits)
        .trim_ascii();
    if digits.len() != 7 || !all_digits(digits) {
        return false;
    }
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = d
        .iter()
        .take(6)
        .zip((2..=7).rev())
        .map(|(x, w)| x * w)
        .sum();
    d.get(6) == Some(&(sum % 10))
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
        declared: Vec::new(),
    };
    for seg in msg.body() {
        match seg.tag_bytes() {
            b"BGM" => mapping.bgm(seg),
            b"TDT" => mapping.tdt(seg),
            b"NAD" => mapping.nad(seg),
            b"LOC" => mapping.loc(seg),
            b"DTM" => mapping.dtm(seg),
            b"ATT" => mapping.att(seg),
            b"NAT" => mapping.nat(seg),
            b"RFF" => mapping.rff(seg),
            b"DOC" => mapping.doc(seg),
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
    /// The TDT group (conveyance and route) being read.
    leg: Option<TdtGroup>,
    /// CNT counts as declared: qualifier, count, segment index.
    declared: Vec<(String, usize, usize)>,
}

impl Mapping<'_, '_> {
    /// A warning on the person being read (kept on the person and, with the person's position, on the message).
    fn person_warning(&mut self, text: String) {
        let position = self.out.persons.len();
        if let Some(p) = self.out.persons.last_mut().filter(|_| self.in_person) {
            self.out
                .warnings
                .push(format!("traveller {position}: {text}"));
            p.warnings.push(text);
        } else {
            self.out.warnings.push(text);
        }
    }

    /// The TDT group being read ends: its legs join the message.
    fn close_leg(&mut self) {
        if let Some(group) = self.leg.take() {
            self.out.legs.extend(group.into_legs());
        }
    }

    /// BGM: whether the list is of passengers or crew.
    fn bgm(&mut self, seg: &RawSegment) {
        let code = seg.get(1, 1);
        self.out.kind = match code.trim_ascii() {
            "745" => "passengers".into(),
            "250" | "336" => "crew".into(),
            other => {
                self.out.warnings.push(warning(
                    seg,
                    Some(1),
                    Some(1),
                    "745 (passengers) or 250 (crew)",
                    other,
                    "unknown document code; read as passengers",
                ));
                "passengers".into()
            }
        };
    }

    /// TDT: a conveyance and its route begin (and the one before it, if any, ends). Air, sea, road and rail: a
    /// flight number is not required (a truck's TDT may name only its carrier).
    fn tdt(&mut self, seg: &RawSegment) {
        self.close_leg();
        if self.in_person {
            self.out.warnings.push(warning(
                seg,
                None,
                None,
                "TDT before the persons (NAD)",
                "TDT",
                "TDT after the persons; read as another leg",
            ));
            self.in_person = false;
        }
        let [_, journey, mode, _, carrier, _, _, means] = seg.fields::<8>();
        let flight = owned(journey.component(1));
        let [means_id, means_list, means_agency, means_name] = means.parts::<4>();
        let (means_id, means_name) = (owned(means_id), owned(means_name));
        let coded_imo = means_list.trim_ascii() == "146" || means_agency.trim_ascii() == "11";
        let (imo_number, registration) =
            if !means_id.is_empty() && (coded_imo || is_imo_number(&means_id)) {
                if !is_imo_number(&means_id) {
                    self.out.warnings.push(warning(
                        seg,
                        Some(8),
                        Some(1),
                        "an IMO number: seven digits, the last the check digit",
                        &means_id,
                        "the IMO number does not check; kept as sent",
                    ));
                }
                let imo = means_id.trim_start_matches("IMO").trim_ascii().to_string();
                (imo, String::new())
            } else {
                (String::new(), means_id)
            };
        let code = mode.component(1);
        let declared = TransportMode::from_code(&code);
        if declared.is_none() && !code.trim_ascii().is_empty() {
            self.out.warnings.push(warning(
                seg,
                Some(3),
                Some(1),
                "a mode of transport code: 1 sea, 2 rail, 3 road, 4 air",
                &code,
                "unknown mode of transport; read from the rest of the TDT",
            ));
        }
        let mode = match declared {
            Some(m) => m,
            None if !imo_number.is_empty() || !means_name.is_empty() => TransportMode::Sea,
            None if !flight.is_empty() => TransportMode::Air,
            None if !registration.is_empty() => TransportMode::Road,
            None => {
                self.out.warnings.push(warning(
                    seg,
                    Some(3),
                    Some(1),
                    "a mode of transport code (1 sea, 2 rail, 3 road, 4 air) or a flight number in element 2",
                    "",
                    "no mode of transport and no flight number; read as road",
                ));
                TransportMode::Road
            }
        };
        if mode == TransportMode::Air && flight.is_empty() {
            self.out.warnings.push(warning(
                seg,
                Some(2),
                Some(1),
                "the flight identification (e.g. UA123)",
                "",
                "an air leg without a flight number",
            ));
        }
        let carrier = match owned(carrier.component(1)) {
            c if c.is_empty() && mode == TransportMode::Air => flight
                .chars()
                .take_while(|c| !c.is_ascii_digit())
                .take(3)
                .collect(),
            c if c.is_empty() => owned(carrier.component(4)),
            c => c,
        };
        self.leg = Some(TdtGroup {
            conveyance: Leg {
                carrier,
                flight_number: flight,
                mode,
                registration,
                vessel_name: means_name,
                imo_number,
                ..Leg::default()
            },
            ..TdtGroup::default()
        });
    }

    /// NAD: a person begins, or the reporting party is named.
    fn nad(&mut self, seg: &RawSegment) {
        let els = seg.fields::<9>();
        let [e1, _, e3, name, ..] = &els;
        let q = e1.component(1);
        let qualifier = q.trim_ascii().to_ascii_uppercase();
        let known = KNOWN_ROLES.contains(&qualifier.as_str());
        // Before the flight: the reporting party (MS) and other contacts; MS anywhere is the reporting
        // party, never a traveller.
        if (!self.in_person && self.leg.is_none() && self.out.legs.is_empty() && !known)
            || qualifier == "MS"
        {
            if self.leg.is_some() || self.in_person {
                self.out.warnings.push(warning(
                    seg,
                    Some(1),
                    Some(1),
                    "NAD+MS (reporting party) before the flight",
                    &qualifier,
                    "reporting party after the flight; read as the reporting party",
                ));
            }
            let name = name.join_non_empty(" ");
            self.out.reporting_party = if name.is_empty() {
                e3.join_non_empty(" ")
            } else {
                name
            };
            return;
        }
        self.close_leg();
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
        let mut warnings = Vec::new();
        if !known {
            warnings.push(warning(
                seg,
                Some(1),
                Some(1),
                "FL, FM, DDT, DDU, COT or ZZZ",
                &qualifier,
                "NAD qualifier outside the guide; the person is kept",
            ));
        }
        if surname.is_empty() && !e3.is_empty() {
            // An unstructured name (C058) instead of the party name (C080).
            surname = e3.join_non_empty(" ");
            warnings.push(warning(
                seg,
                Some(4),
                Some(1),
                "the name in element 4 (NAD+FL+++SURNAME:GIVEN NAMES)",
                &surname,
                "the name is in element 3 (unstructured); read as the surname",
            ));
        }
        if surname.is_empty() {
            warnings.push(warning(
                seg,
                Some(4),
                Some(1),
                "the surname (NAD+FL+++SURNAME:GIVEN NAMES)",
                "",
                "a person without a surname; kept and screened on the given names",
            ));
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
        self.out.persons.push(p);
        self.in_person = true;
        for w in warnings {
            self.person_warning(w);
        }
    }

    /// LOC: a place of the person being read (ports, residence, birth place, document issuer) or of the route.
    fn loc(&mut self, seg: &RawSegment) {
        let [e1, e2] = seg.fields::<2>();
        let q = e1.component(1);
        let q = q.trim_ascii();
        let place = owned(e2.component(1));
        let in_person = self.in_person;
        match (
            self.out.persons.last_mut().filter(|_| in_person),
            self.leg.as_mut(),
        ) {
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
                    None => self.person_warning(warning(
                        seg,
                        Some(1),
                        Some(1),
                        "LOC+91 (document issuing state) after a DOC",
                        q,
                        "issuing state before any document; ignored",
                    )),
                },
                other => p.notes.push(format!("LOC {other}: {place}")),
            },
            (None, Some(group)) => match q {
                "92" | "125" | "87" => group.route.push(RoutePoint {
                    place,
                    ..RoutePoint::default()
                }),
                "130" => group.final_destination = place,
                other => self.out.warnings.push(warning(
                    seg,
                    Some(1),
                    Some(1),
                    "92, 125, 87 or 130 in a TDT group",
                    other,
                    "LOC qualifier in a flight leg ignored",
                )),
            },
            (None, None) => self.out.warnings.push(warning(
                seg,
                None,
                None,
                "LOC after a TDT or a NAD",
                "LOC",
                "LOC outside a leg or person ignored",
            )),
        }
    }

    /// DTM: a date of the person being read (birth, document expiry and issue) or a time of the route.
    fn dtm(&mut self, seg: &RawSegment) {
        let [q, value] = seg.element(1).parts::<2>();
        let q = q.trim_ascii();
        let reference_year = self.ctx.reference_year;
        let in_person = self.in_person;
        if let Some(p) = self.out.persons.last_mut().filter(|_| in_person) {
            match q {
                "329" => {
                    p.birth_date = date(&value, true, reference_year);
                    if p.birth_date.is_none() {
                        let what = if partial_date(&value) {
                            "birth date with an unknown month or day; left empty"
                        } else {
                            "unreadable birth date; left empty"
                        };
                        self.person_warning(warning(
                            seg,
                            Some(1),
                            Some(2),
                            "a birth date YYMMDD or CCYYMMDD",
                            &value,
                            what,
                        ));
                    }
                }
                "36" | "182" => {
                    let d = date(&value, false, reference_year);
                    let mut problems = Vec::new();
                    if d.is_none() {
                        problems.push(warning(
                            seg,
                            Some(1),
                            Some(2),
                            "a document date YYMMDD or CCYYMMDD",
                            &value,
                            "unreadable document date; left empty",
                        ));
                    }
                    match p.documents.last_mut() {
                        Some(doc) if q == "36" => doc.expiry_date = d,
                        Some(doc) => doc.issue_date = d,
                        None => problems.push(warning(
                            seg,
                            Some(1),
                            Some(1),
                            "DTM+36 or DTM+182 after a DOC",
                            q,
                            "document date before any document; ignored",
                        )),
                    }
                    for w in problems {
                        self.person_warning(w);
                    }
                }
                other => p.notes.push(format!("DTM {other}: {value}")),
            }
            return;
        }
        let Some(group) = self.leg.as_mut() else {
            return;
        };
        let t = date_time(&value);
        if t.is_none() {
            self.out.warnings.push(warning(
                seg,
                Some(1),
                Some(2),
                "a date-time YYMMDDHHMM, CCYYMMDDHHMM or CCYYMMDDHHMMSS",
                &value,
                "unreadable flight date-time; left empty",
            ));
            return;
        }
        if group.route.is_empty() {
            // A time before any place: kept for the first place of the route.
            group.route.push(RoutePoint::default());
        }
        let Some(point) = group.route.last_mut() else {
            return;
        };
        match q {
            "189" => point.departure = t,
            "232" => point.arrival = t,
            other => self.out.warnings.push(warning(
                seg,
                Some(1),
                Some(1),
                "189 (departure) or 232 (arrival)",
                other,
                "DTM qualifier in a leg ignored",
            )),
        }
    }

    /// ATT: the gender of the person being read (other attributes kept as notes).
    fn att(&mut self, seg: &RawSegment) {
        let in_person = self.in_person;
        let Some(p) = self.out.persons.last_mut().filter(|_| in_person) else {
            return;
        };
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
            let odd = !g.is_empty() && !matches!(g.as_str(), "M" | "F" | "U" | "X");
            p.gender = Some(g.clone()).filter(|g| !g.is_empty());
            if odd {
                self.person_warning(warning(
                    seg,
                    Some(3),
                    Some(1),
                    "M, F, U or X",
                    &g,
                    "unknown gender code; kept",
                ));
            }
        } else {
            p.notes.push(note(seg));
        }
    }

    /// NAT: the nationality of the person being read (further ones kept as notes).
    fn nat(&mut self, seg: &RawSegment) {
        let in_person = self.in_person;
        if let Some(p) = self.out.persons.last_mut().filter(|_| in_person) {
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
        let [q, v] = seg.element(1).parts::<2>();
        let (q, v) = (owned(q), owned(v));
        let in_person = self.in_person;
        match self.out.persons.last_mut().filter(|_| in_person) {
            Some(p) => {
                match q.as_str() {
                    "AVF" => p.booking_reference = v.clone(),
                    "SEA" => p.seat = v.clone(),
                    _ => {}
                }
                p.references.push((q, v));
            }
            None if q == "TN" => self.out.transaction_reference = v,
            None => {}
        }
    }

    /// DOC: a travel document of the person being read. One without a number or type (`DOC++'`, `DOC+P+'`) is
    /// kept, so its dates and issuing state stay with it, and said on the person: the person is still screened
    /// on the name.
    fn doc(&mut self, seg: &RawSegment) {
        let in_person = self.in_person;
        let Some(p) = self.out.persons.last_mut().filter(|_| in_person) else {
            self.out.warnings.push(warning(
                seg,
                None,
                None,
                "a NAD (person) before its DOC",
                "DOC",
                "a document outside any person; ignored",
            ));
            return;
        };
        let [e1, e2] = seg.fields::<2>();
        let number = owned(e2.component(1));
        let doc_type = e1.component(1);
        let doc_type = doc_type.trim_ascii();
        let doc_type = if doc_type.bytes().any(|b| b.is_ascii_lowercase()) {
            doc_type.to_ascii_uppercase()
        } else {
            doc_type.to_string()
        };
        let mut problems = Vec::new();
        if doc_type.is_empty() {
            problems.push(warning(
                seg,
                Some(1),
                Some(1),
                "the document type (P passport, I identity card, V visa …)",
                "",
                "a document without a type",
            ));
        } else if doc_type.len() > 3 || !doc_type.bytes().all(|b| b.is_ascii_alphanumeric()) {
            problems.push(warning(
                seg,
                Some(1),
                Some(1),
                "a document type code of one to three letters (P, I, V, AC …)",
                &doc_type,
                "unknown document type; kept as sent",
            ));
        }
        if number.is_empty() {
            problems.push(warning(
                seg,
                Some(2),
                Some(1),
                "the document number (DOC+P:110:111+NUMBER)",
                "",
                "a document without a number; the person is screened on the name",
            ));
        }
        p.documents.push(TravelDocument {
            doc_type,
            number,
            issuing_state: String::new(),
            expiry_date: None,
            issue_date: None,
        });
        for w in problems {
            self.person_warning(w);
        }
    }

    /// EMP, FTX, MEA, COM, CTA, GEI, QTY: kept as notes of the person being read.
    fn person_note(&mut self, seg: &RawSegment) {
        let in_person = self.in_person;
        if let Some(p) = self.out.persons.last_mut().filter(|_| in_person) {
            p.notes.push(note(seg));
        }
    }

    /// CNT: a declared count of persons, checked when the message is read.
    fn cnt(&mut self, seg: &RawSegment) {
        let q = owned(seg.get(1, 1));
        let mut value = seg.get(1, 2);
        if value.is_empty() {
            // CNT+41+8: the count in element 2 instead of component 2.
            value = seg.get(2, 1);
        }
        match value.trim_ascii().parse::<usize>() {
            Ok(n) => self.declared.push((q, n, seg.index)),
            Err(_) => self.out.warnings.push(warning(
                seg,
                Some(1),
                Some(2),
                "a count of persons",
                &value,
                "unreadable count",
            )),
        }
    }

    /// Any other segment: left, with a warning.
    fn not_read(&mut self, seg: &RawSegment) {
        self.out.warnings.push(warning(
            seg,
            None,
            None,
            "a PAXLST segment (BGM, RFF, NAD, TDT, LOC, DTM, ATT, NAT, DOC, CNT …)",
            seg.tag(),
            "segment not read",
        ));
    }

    /// The end of the message: the last leg closed, the declared counts checked, a conveyance required.
    fn finish(mut self, unh: &RawSegment) -> Result<PaxlstMessage, EdifactError> {
        self.close_leg();
        let Mapping {
            mut out, declared, ..
        } = self;
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
                    "segment {index} (CNT), element 1, component 2: CNT+{q} says {n} {what}, the message has {have} (expected the number of {what} in the message)"
                ));
            }
        }
        if out.legs.is_empty() {
            return Err(unh
                .error(
                    None,
                    None,
                    "a TDT segment group (the conveyance: flight, vessel or vehicle)",
                    "",
                    "the message has no conveyance (TDT segment group)",
                )
                .with_code(codes::MISSING));
        }
        Ok(out)
    }
}
