//! A message normalised once before the rules run: every value the rules compare, in the form they compare
//! it, the route, the arrival date, ages and the booking groups. Built in O(size of the message).
use crate::normalize;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use limes_edifact::paxlst::{PaxlstMessage, Person};
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

pub(crate) struct PLeg {
    pub carrier: String,
    pub flight: String,
    pub departure_airport: String,
    pub arrival_airport: String,
    pub departure_time: Option<NaiveDateTime>,
    pub arrival_time: Option<NaiveDateTime>,
}

pub(crate) struct PDoc {
    pub doc_type: String,
    pub number: String,
    pub issuing_state: String,
    pub expiry_date: Option<NaiveDate>,
    pub issue_date: Option<NaiveDate>,
}

pub(crate) struct PPerson {
    pub role_kind: Role,
    pub role: String,
    pub surname: String,
    pub given_names: String,
    pub gender: String,
    pub birth_date: Option<NaiveDate>,
    pub age: Option<u32>,
    pub nationality: String,
    pub residence: String,
    pub birth_place: String,
    pub departure_port: String,
    pub arrival_port: String,
    pub clearance_port: String,
    pub booking_reference: String,
    pub seat: String,
    /// (qualifier, value), both normalised.
    pub references: Vec<(String, String)>,
    pub notes: Vec<String>,
    pub documents: Vec<PDoc>,
    /// Index into `PreparedMessage::groups`; `None` without a booking reference.
    pub group: Option<usize>,
}

pub(crate) struct PreparedMessage {
    pub reference: String,
    pub version: String,
    pub kind: String,
    pub reporting_party: String,
    pub legs: Vec<PLeg>,
    pub origin: Option<String>,
    pub destination: Option<String>,
    pub transit: Vec<String>,
    /// The date ages and document expiry are measured at: the last leg's arrival, else its departure,
    /// else the evaluation time.
    pub arrival_date: NaiveDate,
    pub persons: Vec<PPerson>,
    /// Person indices per booking reference, in message order.
    pub groups: Vec<Vec<usize>>,
}

fn nonempty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

impl PreparedMessage {
    pub fn new(msg: &PaxlstMessage, now: DateTime<Utc>) -> PreparedMessage {
        let legs: Vec<PLeg> = msg
            .legs
            .iter()
            .map(|l| PLeg {
                carrier: normalize::text(&l.carrier),
                flight: normalize::flight(&l.flight_number),
                departure_airport: normalize::text(&l.departure_airport),
                arrival_airport: normalize::text(&l.arrival_airport),
                departure_time: l.departure_time,
                arrival_time: l.arrival_time,
            })
            .collect();
        // The route's points in order, blanks skipped: dep1, arr1, dep2, arr2, ... (a leg's departure is
        // normally the previous leg's arrival; repeated points are kept once).
        let mut points: Vec<&str> = Vec::with_capacity(legs.len() * 2);
        for l in &legs {
            for p in [l.departure_airport.as_str(), l.arrival_airport.as_str()] {
                if !p.is_empty() && points.last() != Some(&p) {
                    points.push(p);
                }
            }
        }
        let origin = legs
            .first()
            .and_then(|l| nonempty(l.departure_airport.clone()));
        let destination = legs
            .last()
            .and_then(|l| nonempty(l.arrival_airport.clone()));
        let inner_start = usize::from(origin.is_some());
        let inner_end = points
            .len()
            .saturating_sub(usize::from(destination.is_some()));
        let mut transit: Vec<String> = Vec::new();
        for p in points.get(inner_start..inner_end).unwrap_or(&[]) {
            if !transit.iter().any(|t| t == p) {
                transit.push((*p).to_string());
            }
        }
        let arrival_date = msg
            .legs
            .last()
            .and_then(|l| l.arrival_time.or(l.departure_time))
            .map(|t| t.date())
            .unwrap_or_else(|| now.date_naive());

        let mut group_of: HashMap<String, usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut persons = Vec::with_capacity(msg.persons.len());
        for (i, p) in msg.persons.iter().enumerate() {
            let booking_reference = normalize::text(&p.booking_reference);
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
                role: normalize::text(&p.role),
                surname: normalize::text(&p.surname),
                given_names: normalize::text(&p.given_names),
                gender: p.gender.as_deref().map(normalize::text).unwrap_or_default(),
                birth_date: p.birth_date,
                age: p.birth_date.and_then(|b| arrival_date.years_since(b)),
                nationality: normalize::country(&p.nationality),
                residence: normalize::country(&p.residence),
                birth_place: normalize::text(&p.birth_place),
                departure_port: normalize::text(&p.departure_port),
                arrival_port: normalize::text(&p.arrival_port),
                clearance_port: normalize::text(&p.clearance_port),
                booking_reference,
                seat: normalize::text(&p.seat),
                references: p
                    .references
                    .iter()
                    .map(|(q, v)| (normalize::text(q), normalize::text(v)))
                    .collect(),
                notes: p.notes.iter().map(|n| normalize::text(n)).collect(),
                documents: p
                    .documents
                    .iter()
                    .map(|d| PDoc {
                        doc_type: normalize::text(&d.doc_type),
                        number: normalize::text(&d.number),
                        issuing_state: normalize::country(&d.issuing_state),
                        expiry_date: d.expiry_date,
                        issue_date: d.issue_date,
                    })
                    .collect(),
                group,
            });
        }
        PreparedMessage {
            reference: normalize::text(&msg.reference),
            version: normalize::text(&msg.version),
            kind: normalize::text(&msg.kind),
            reporting_party: normalize::text(&msg.reporting_party),
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
