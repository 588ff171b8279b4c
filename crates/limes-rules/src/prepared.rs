//! A message normalised once before the rules run: every value the rules compare, in the form they compare
//! it, the route, the arrival date, ages and the booking groups. Built in O(size of the message).
use crate::normalize;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use limes_edifact::paxlst::{PaxlstMessage, Person};
use std::borrow::Cow;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Passenger,
    Crew,
}

/// NAD qualifiers: FL passenger, DDT passenger in transit; FM crew, DDU crew in transit, COT other crew.
/// Anything else follows the message type (BGM 745 passengers / 250 crew).
fn role_of(person: &Person, message_kind: &str) -> Role {
    match person.role.trim().to_ascii_uppercase().as_str() {
        "FL" | "DDT" => Role::Passenger,
        "FM" | "DDU" | "COT" => Role::Crew,
        _ if message_kind.trim().eq_ignore_ascii_case("crew") => Role::Crew,
        _ => Role::Passenger,
    }
}

pub(crate) struct PLeg<'a> {
    pub carrier: Cow<'a, str>,
    pub flight: Cow<'a, str>,
    pub departure_airport: Cow<'a, str>,
    pub arrival_airport: Cow<'a, str>,
    pub departure_time: Option<NaiveDateTime>,
    pub arrival_time: Option<NaiveDateTime>,
}

pub(crate) struct PDoc<'a> {
    pub doc_type: Cow<'a, str>,
    pub number: Cow<'a, str>,
    pub issuing_state: Cow<'a, str>,
    pub expiry_date: Option<NaiveDate>,
    pub issue_date: Option<NaiveDate>,
}

pub(crate) struct PPerson<'a> {
    pub role_kind: Role,
    pub role: Cow<'a, str>,
    pub surname: Cow<'a, str>,
    pub given_names: Cow<'a, str>,
    pub gender: Cow<'a, str>,
    pub birth_date: Option<NaiveDate>,
    pub age: Option<u32>,
    pub nationality: Cow<'a, str>,
    pub residence: Cow<'a, str>,
    pub birth_place: Cow<'a, str>,
    pub departure_port: Cow<'a, str>,
    pub arrival_port: Cow<'a, str>,
    pub clearance_port: Cow<'a, str>,
    pub booking_reference: Cow<'a, str>,
    pub seat: Cow<'a, str>,
    /// (qualifier, value), both normalised.
    pub references: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub notes: Vec<Cow<'a, str>>,
    pub documents: Vec<PDoc<'a>>,
    /// Index into `PreparedMessage::groups`; `None` without a booking reference.
    pub group: Option<usize>,
}

pub(crate) struct PreparedMessage<'a> {
    pub reference: Cow<'a, str>,
    pub version: Cow<'a, str>,
    pub kind: Cow<'a, str>,
    pub reporting_party: Cow<'a, str>,
    pub legs: Vec<PLeg<'a>>,
    pub origin: Option<Cow<'a, str>>,
    pub destination: Option<Cow<'a, str>>,
    pub transit: Vec<Cow<'a, str>>,
    /// The date ages and document expiry are measured at: the last leg's arrival, else its departure,
    /// else the evaluation time.
    pub arrival_date: NaiveDate,
    pub persons: Vec<PPerson<'a>>,
    /// Person indices per booking reference, in message order.
    pub groups: Vec<Vec<usize>>,
}

fn nonempty<'a>(s: &Cow<'a, str>) -> Option<Cow<'a, str>> {
    (!s.is_empty()).then(|| s.clone())
}

impl<'a> PreparedMessage<'a> {
    pub fn new(msg: &'a PaxlstMessage, now: DateTime<Utc>) -> PreparedMessage<'a> {
        let legs: Vec<PLeg<'a>> = msg
            .legs
            .iter()
            .map(|l| PLeg {
                carrier: normalize::text_cow(&l.carrier),
                flight: Cow::Owned(normalize::flight(&l.flight_number)),
                departure_airport: normalize::text_cow(&l.departure_airport),
                arrival_airport: normalize::text_cow(&l.arrival_airport),
                departure_time: l.departure_time,
                arrival_time: l.arrival_time,
            })
            .collect();
        // The route's points in order, blanks skipped: dep1, arr1, dep2, arr2, ... (a leg's departure is
        // normally the previous leg's arrival; repeated points are kept once).
        let mut points: Vec<&str> = Vec::with_capacity(legs.len() * 2);
        for l in &legs {
            for p in [l.departure_airport.as_ref(), l.arrival_airport.as_ref()] {
                if !p.is_empty() && points.last() != Some(&p) {
                    points.push(p);
                }
            }
        }
        let origin = legs.first().and_then(|l| nonempty(&l.departure_airport));
        let destination = legs.last().and_then(|l| nonempty(&l.arrival_airport));
        let inner_start = usize::from(origin.is_some());
        let inner_end = points
            .len()
            .saturating_sub(usize::from(destination.is_some()));
        let mut transit: Vec<Cow<'a, str>> = Vec::new();
        for p in points.get(inner_start..inner_end).unwrap_or(&[]) {
            if !transit.iter().any(|t| t == p) {
                transit.push(Cow::Owned((*p).to_string()));
            }
        }
        let arrival_date = msg
            .legs
            .last()
            .and_then(|l| l.arrival_time.or(l.departure_time))
            .map(|t| t.date())
            .unwrap_or_else(|| now.date_naive());

        let mut group_of: HashMap<Cow<'a, str>, usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut persons = Vec::with_capacity(msg.persons.len());
        for (i, p) in msg.persons.iter().enumerate() {
            let booking_reference = normalize::text_cow(&p.booking_reference);
            let group = if booking_reference.is_empty() {
                None
            } else {
                let next = groups.len();
                let g = *group_of.entry(booking_reference.clone()).or_insert(next);
                if g == next {
                    groups.push(Vec::new());
                }
                if let Some(members) = groups.get_mut(g) {
                    members.push(i);
                }
                Some(g)
            };
            persons.push(PPerson {
                role_kind: role_of(p, &msg.kind),
                role: normalize::text_cow(&p.role),
                surname: normalize::text_cow(&p.surname),
                given_names: normalize::text_cow(&p.given_names),
                gender: p
                    .gender
                    .as_deref()
                    .map(normalize::text_cow)
                    .unwrap_or_default(),
                birth_date: p.birth_date,
                age: p.birth_date.and_then(|b| arrival_date.years_since(b)),
                nationality: normalize::country_cow(&p.nationality),
                residence: normalize::country_cow(&p.residence),
                birth_place: normalize::text_cow(&p.birth_place),
                departure_port: normalize::text_cow(&p.departure_port),
                arrival_port: normalize::text_cow(&p.arrival_port),
                clearance_port: normalize::text_cow(&p.clearance_port),
                booking_reference,
                seat: normalize::text_cow(&p.seat),
                references: p
                    .references
                    .iter()
                    .map(|(q, v)| (normalize::text_cow(q), normalize::text_cow(v)))
                    .collect(),
                notes: p.notes.iter().map(|n| normalize::text_cow(n)).collect(),
                documents: p
                    .documents
                    .iter()
                    .map(|d| PDoc {
                        doc_type: normalize::text_cow(&d.doc_type),
                        number: normalize::text_cow(&d.number),
                        issuing_state: normalize::country_cow(&d.issuing_state),
                        expiry_date: d.expiry_date,
                        issue_date: d.issue_date,
                    })
                    .collect(),
                group,
            });
        }
        PreparedMessage {
            reference: normalize::text_cow(&msg.reference),
            version: normalize::text_cow(&msg.version),
            kind: normalize::text_cow(&msg.kind),
            reporting_party: normalize::text_cow(&msg.reporting_party),
            legs,
            origin,
            destination,
            transit,
            arrival_date,
            persons,
            groups,
        }
    }

    pub fn group_members(&self, person: usize) -> &[usize] {
        self.persons
            .get(person)
            .and_then(|p| p.group)
            .and_then(|g| self.groups.get(g))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}
