//! The field paths a `field` predicate can name, their types, and their values in a prepared message.
use crate::prepared::PreparedMessage;
use chrono::{NaiveDate, NaiveDateTime};

/// What kind of value a field holds; it decides the operators allowed and how rule values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    /// Compared as ICAO country codes; rule values must be countries `limes-countries` knows.
    Country,
    /// Three-letter IATA location codes.
    Airport,
    Date,
    DateTime,
    Number,
}

impl FieldType {
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Country => "country",
            FieldType::Airport => "airport",
            FieldType::Date => "date",
            FieldType::DateTime => "date-time",
            FieldType::Number => "number",
        }
    }

    /// The operators that make sense for this type.
    pub fn operators(self) -> &'static [&'static str] {
        match self {
            FieldType::Text => &["equals", "in", "not_in", "prefix", "contains", "exists"],
            FieldType::Country | FieldType::Airport => &["equals", "in", "not_in", "exists"],
            FieldType::Date | FieldType::DateTime | FieldType::Number => {
                &["equals", "in", "not_in", "between", "exists"]
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Accessor {
    MessageReference,
    MessageVersion,
    MessageType,
    MessageReportingParty,
    MessagePersonCount,
    MessageLegCount,
    LegCarrier,
    LegFlightNumber,
    LegDepartureAirport,
    LegArrivalAirport,
    LegDepartureTime,
    LegArrivalTime,
    PersonRole,
    PersonSurname,
    PersonGivenNames,
    PersonGender,
    PersonBirthDate,
    PersonAge,
    PersonNationality,
    PersonResidence,
    PersonBirthPlace,
    PersonDeparturePort,
    PersonArrivalPort,
    PersonClearancePort,
    PersonBookingReference,
    PersonSeat,
    /// The values of the RFF references with this (normalised) qualifier.
    PersonReference(String),
    PersonNotes,
    PersonDocumentCount,
    PersonGroupSize,
    DocumentType,
    DocumentNumber,
    DocumentIssuingState,
    DocumentExpiryDate,
    DocumentIssueDate,
}

/// Every fixed path with its accessor and type (`person.references.<QUALIFIER>` comes on top).
const FIELDS: &[(&str, FieldType)] = &[
    ("message.reference", FieldType::Text),
    ("message.version", FieldType::Text),
    ("message.type", FieldType::Text),
    ("message.reporting_party", FieldType::Text),
    ("message.person_count", FieldType::Number),
    ("message.leg_count", FieldType::Number),
    ("leg.carrier", FieldType::Text),
    ("leg.flight_number", FieldType::Text),
    ("leg.departure_airport", FieldType::Airport),
    ("leg.arrival_airport", FieldType::Airport),
    ("leg.departure_time", FieldType::DateTime),
    ("leg.arrival_time", FieldType::DateTime),
    ("person.role", FieldType::Text),
    ("person.surname", FieldType::Text),
    ("person.given_names", FieldType::Text),
    ("person.gender", FieldType::Text),
    ("person.birth_date", FieldType::Date),
    ("person.age", FieldType::Number),
    ("person.nationality", FieldType::Country),
    ("person.residence", FieldType::Country),
    ("person.birth_place", FieldType::Text),
    ("person.departure_port", FieldType::Airport),
    ("person.arrival_port", FieldType::Airport),
    ("person.clearance_port", FieldType::Airport),
    ("person.booking_reference", FieldType::Text),
    ("person.seat", FieldType::Text),
    ("person.notes", FieldType::Text),
    ("person.document_count", FieldType::Number),
    ("person.group_size", FieldType::Number),
    ("document.type", FieldType::Text),
    ("document.number", FieldType::Text),
    ("document.issuing_state", FieldType::Country),
    ("document.expiry_date", FieldType::Date),
    ("document.issue_date", FieldType::Date),
];

/// The field paths a rule can name, for the UI and for error messages.
pub fn field_paths() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = FIELDS.iter().map(|(p, _)| *p).collect();
    v.push("person.references.<QUALIFIER>");
    v
}

/// Edit distance (insertions, deletions, substitutions) between two short strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let best = (diagonal + usize::from(ca != *cb))
                .min(above.saturating_add(1))
                .min(left.saturating_add(1));
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The known path nearest to a mistyped one, when it is close (a typing error rather than another name).
pub(crate) fn closest_path(path: &str) -> Option<&'static str> {
    let lower = path.trim().to_ascii_lowercase();
    if lower.chars().count() > 64 {
        return None;
    }
    FIELDS
        .iter()
        .map(|(p, _)| (distance(&lower, p), *p))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, p)| p)
}

/// The type of a field path, or `None` when Limes does not know it.
pub fn field_type(path: &str) -> Option<FieldType> {
    resolve(path).map(|(_, t)| t)
}

pub(crate) fn resolve(path: &str) -> Option<(Accessor, FieldType)> {
    let path = path.trim();
    if let Some(q) = path.strip_prefix("person.references.") {
        let q = q.trim();
        let ok = (1..=3).contains(&q.len()) && q.chars().all(|c| c.is_ascii_alphanumeric());
        return ok.then(|| {
            (
                Accessor::PersonReference(q.to_ascii_uppercase()),
                FieldType::Text,
            )
        });
    }
    let lower = path.to_ascii_lowercase();
    let t = FIELDS.iter().find(|(p, _)| *p == lower)?.1;
    let a = match lower.as_str() {
        "message.reference" => Accessor::MessageReference,
        "message.version" => Accessor::MessageVersion,
        "message.type" => Accessor::MessageType,
        "message.reporting_party" => Accessor::MessageReportingParty,
        "message.person_count" => Accessor::MessagePersonCount,
        "message.leg_count" => Accessor::MessageLegCount,
        "leg.carrier" => Accessor::LegCarrier,
        "leg.flight_number" => Accessor::LegFlightNumber,
        "leg.departure_airport" => Accessor::LegDepartureAirport,
        "leg.arrival_airport" => Accessor::LegArrivalAirport,
        "leg.departure_time" => Accessor::LegDepartureTime,
        "leg.arrival_time" => Accessor::LegArrivalTime,
        "person.role" => Accessor::PersonRole,
        "person.surname" => Accessor::PersonSurname,
        "person.given_names" => Accessor::PersonGivenNames,
        "person.gender" => Accessor::PersonGender,
        "person.birth_date" => Accessor::PersonBirthDate,
        "person.age" => Accessor::PersonAge,
        "person.nationality" => Accessor::PersonNationality,
        "person.residence" => Accessor::PersonResidence,
        "person.birth_place" => Accessor::PersonBirthPlace,
        "person.departure_port" => Accessor::PersonDeparturePort,
        "person.arrival_port" => Accessor::PersonArrivalPort,
        "person.clearance_port" => Accessor::PersonClearancePort,
        "person.booking_reference" => Accessor::PersonBookingReference,
        "person.seat" => Accessor::PersonSeat,
        "person.notes" => Accessor::PersonNotes,
        "person.document_count" => Accessor::PersonDocumentCount,
        "person.group_size" => Accessor::PersonGroupSize,
        "document.type" => Accessor::DocumentType,
        "document.number" => Accessor::DocumentNumber,
        "document.issuing_state" => Accessor::DocumentIssuingState,
        "document.expiry_date" => Accessor::DocumentExpiryDate,
        "document.issue_date" => Accessor::DocumentIssueDate,
        _ => return None,
    };
    Some((a, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_path_finds_its_neighbour() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(closest_path("person.residnce"), Some("person.residence"));
        assert_eq!(
            closest_path("Person.Nationalty"),
            Some("person.nationality")
        );
        assert_eq!(closest_path("document.expiry"), None);
        assert_eq!(closest_path("something else entirely"), None);
    }

    #[test]
    fn every_listed_path_resolves() {
        for p in field_paths() {
            let p = p.replace("<QUALIFIER>", "AVF");
            assert!(resolve(&p).is_some(), "{p}");
        }
        assert_eq!(field_type("PERSON.AGE"), Some(FieldType::Number));
        assert_eq!(field_type("person.references.abo"), Some(FieldType::Text));
        assert_eq!(field_type("person.references."), None);
    }
}

/// One value of a field. Blank text and missing dates are no value at all.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Val<'a> {
    Text(&'a str),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Number(i64),
}

impl Val<'_> {
    pub fn display(&self) -> String {
        match self {
            Val::Text(s) => (*s).to_string(),
            Val::Date(d) => d.format("%Y-%m-%d").to_string(),
            Val::DateTime(t) => t.format("%Y-%m-%dT%H:%M").to_string(),
            Val::Number(n) => n.to_string(),
        }
    }
}

fn n(x: usize) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}

/// Call `f` on each value of the field for person `p` until it returns true; returns whether it did.
pub(crate) fn any_value<'a>(
    acc: &'a Accessor,
    m: &'a PreparedMessage<'_>,
    p: usize,
    mut f: impl FnMut(Val<'a>) -> bool,
) -> bool {
    let text = |s: &'a str, f: &mut dyn FnMut(Val<'a>) -> bool| !s.is_empty() && f(Val::Text(s));
    match acc {
        Accessor::MessageReference => text(&m.reference, &mut f),
        Accessor::MessageVersion => text(&m.version, &mut f),
        Accessor::MessageType => text(&m.kind, &mut f),
        Accessor::MessageReportingParty => text(&m.reporting_party, &mut f),
        Accessor::MessagePersonCount => f(Val::Number(n(m.persons.len()))),
        Accessor::MessageLegCount => f(Val::Number(n(m.legs.len()))),
        Accessor::LegCarrier => m.legs.iter().any(|l| text(&l.carrier, &mut f)),
        Accessor::LegFlightNumber => m.legs.iter().any(|l| text(&l.flight, &mut f)),
        Accessor::LegDepartureAirport => m.legs.iter().any(|l| text(&l.departure_airport, &mut f)),
        Accessor::LegArrivalAirport => m.legs.iter().any(|l| text(&l.arrival_airport, &mut f)),
        Accessor::LegDepartureTime => m
            .legs
            .iter()
            .filter_map(|l| l.departure_time)
            .any(|t| f(Val::DateTime(t))),
        Accessor::LegArrivalTime => m
            .legs
            .iter()
            .filter_map(|l| l.arrival_time)
            .any(|t| f(Val::DateTime(t))),
        _ => {
            let Some(person) = m.persons.get(p) else {
                return false;
            };
            match acc {
                Accessor::PersonRole => text(&person.role, &mut f),
                Accessor::PersonSurname => text(&person.surname, &mut f),
                Accessor::PersonGivenNames => text(&person.given_names, &mut f),
                Accessor::PersonGender => text(&person.gender, &mut f),
                Accessor::PersonBirthDate => person.birth_date.is_some_and(|d| f(Val::Date(d))),
                Accessor::PersonAge => person.age.is_some_and(|a| f(Val::Number(i64::from(a)))),
                Accessor::PersonNationality => text(&person.nationality, &mut f),
                Accessor::PersonResidence => text(&person.residence, &mut f),
                Accessor::PersonBirthPlace => text(&person.birth_place, &mut f),
                Accessor::PersonDeparturePort => text(&person.departure_port, &mut f),
                Accessor::PersonArrivalPort => text(&person.arrival_port, &mut f),
                Accessor::PersonClearancePort => text(&person.clearance_port, &mut f),
                Accessor::PersonBookingReference => text(&person.booking_reference, &mut f),
                Accessor::PersonSeat => text(&person.seat, &mut f),
                Accessor::PersonReference(q) => person
                    .references
                    .iter()
                    .any(|(rq, v)| rq == q && text(v, &mut f)),
                Accessor::PersonNotes => person.notes.iter().any(|v| text(v, &mut f)),
                Accessor::PersonDocumentCount => f(Val::Number(n(person.documents.len()))),
                Accessor::PersonGroupSize => {
                    person.group.is_some() && f(Val::Number(n(m.group_members(p).len())))
                }
                Accessor::DocumentType => {
                    person.documents.iter().any(|d| text(&d.doc_type, &mut f))
                }
                Accessor::DocumentNumber => {
                    person.documents.iter().any(|d| text(&d.number, &mut f))
                }
                Accessor::DocumentIssuingState => person
                    .documents
                    .iter()
                    .any(|d| text(&d.issuing_state, &mut f)),
                Accessor::DocumentExpiryDate => person
                    .documents
                    .iter()
                    .filter_map(|d| d.expiry_date)
                    .any(|d| f(Val::Date(d))),
                Accessor::DocumentIssueDate => person
                    .documents
                    .iter()
                    .filter_map(|d| d.issue_date)
                    .any(|d| f(Val::Date(d))),
                _ => false,
            }
        }
    }
}
