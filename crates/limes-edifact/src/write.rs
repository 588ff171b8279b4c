//! Writing PAXLST: a passenger or crew list as a carrier sends it (D02B, default separators `:+.? '`), with
//! the release character applied. Used for the demo data, benchmarks and tests; parsing what it writes gives back
//! the same flight, persons and documents.
use chrono::{NaiveDate, NaiveDateTime};

#[derive(Debug, Clone)]
pub struct FlightLegOut {
    /// The full flight designator as in TDT, e.g. "UT101".
    pub flight: String,
    pub carrier: String,
    pub departure_airport: String,
    pub departure: NaiveDateTime,
    pub arrival_airport: String,
    pub arrival: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct DocumentOut {
    /// P passport, I identity card, V visa …
    pub doc_type: String,
    pub number: String,
    pub issuing_state: String,
    pub expiry: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct PersonOut {
    /// FL passenger, FM crew, DDT/DDU in transit.
    pub role: String,
    pub surname: String,
    pub given_names: String,
    /// M, F or U.
    pub gender: String,
    pub birth_date: Option<NaiveDate>,
    pub nationality: String,
    pub booking_reference: String,
    pub seat: String,
    pub documents: Vec<DocumentOut>,
}

#[derive(Debug, Clone)]
pub struct ManifestOut {
    pub sender: String,
    pub recipient: String,
    pub control_reference: String,
    pub prepared: NaiveDateTime,
    /// true: crew list (BGM 250); false: passenger list (BGM 745).
    pub crew: bool,
    pub legs: Vec<FlightLegOut>,
    pub persons: Vec<PersonOut>,
}

/// Apply the release character to one data value.
fn esc(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        if matches!(c, ':' | '+' | '?' | '\'') {
            out.push('?');
        }
        out.push(c);
    }
    out
}

fn dt(t: NaiveDateTime) -> String {
    t.format("%y%m%d%H%M").to_string()
}

fn d(t: NaiveDate) -> String {
    t.format("%y%m%d").to_string()
}

impl ManifestOut {
    /// The interchange as text, one segment per line.
    pub fn to_edifact(&self) -> String {
        let mut segs: Vec<String> = vec![
            "UNH+1+PAXLST:D:02B:UN:IATA".into(),
            format!("BGM+{}", if self.crew { "250" } else { "745" }),
            format!("NAD+MS+++{}", esc(&self.sender)),
        ];
        for leg in &self.legs {
            segs.push(format!(
                "TDT+20+{}+++{}",
                esc(&leg.flight),
                esc(&leg.carrier)
            ));
            segs.push(format!("LOC+125+{}", esc(&leg.departure_airport)));
            segs.push(format!("DTM+189:{}:201", dt(leg.departure)));
            segs.push(format!("LOC+87+{}", esc(&leg.arrival_airport)));
            segs.push(format!("DTM+232:{}:201", dt(leg.arrival)));
        }
        for p in &self.persons {
            segs.push(format!(
                "NAD+{}+++{}:{}",
                esc(&p.role),
                esc(&p.surname),
                esc(&p.given_names)
            ));
            if !p.gender.is_empty() {
                segs.push(format!("ATT+2++{}", esc(&p.gender)));
            }
            if let Some(b) = p.birth_date {
                segs.push(format!("DTM+329:{}", d(b)));
            }
            if !p.nationality.is_empty() {
                segs.push(format!("NAT+2+{}", esc(&p.nationality)));
            }
            if !p.booking_reference.is_empty() {
                segs.push(format!("RFF+AVF:{}", esc(&p.booking_reference)));
            }
            if !p.seat.is_empty() {
                segs.push(format!("RFF+SEA:{}", esc(&p.seat)));
            }
            for doc in &p.documents {
                segs.push(format!(
                    "DOC+{}:110:111+{}",
                    esc(&doc.doc_type),
                    esc(&doc.number)
                ));
                if let Some(e) = doc.expiry {
                    segs.push(format!("DTM+36:{}", d(e)));
                }
                segs.push(format!("LOC+91+{}", esc(&doc.issuing_state)));
            }
        }
        segs.push(format!(
            "CNT+{}:{}",
            if self.crew { "41" } else { "42" },
            self.persons.len()
        ));
        let count = segs.len() + 1;
        segs.push(format!("UNT+{count}+1"));
        let mut out = format!(
            "UNA:+.? '\nUNB+UNOA:4+{}+{}+{}+{}'\n",
            esc(&self.sender),
            esc(&self.recipient),
            self.prepared.format("%y%m%d:%H%M"),
            esc(&self.control_reference)
        );
        for s in segs {
            out.push_str(&s);
            out.push_str("'\n");
        }
        out.push_str(&format!("UNZ+1+{}'\n", esc(&self.control_reference)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let at = |day: u32, h: u32| {
            NaiveDate::from_ymd_opt(2026, 3, day)
                .and_then(|d| d.and_hms_opt(h, 5, 0))
                .unwrap()
        };
        let m = ManifestOut {
            sender: "UTAIR".into(),
            recipient: "UTOPIU".into(),
            control_reference: "REF'1".into(),
            prepared: at(1, 6),
            crew: false,
            legs: vec![
                FlightLegOut {
                    flight: "UT101".into(),
                    carrier: "UT".into(),
                    departure_airport: "ATH".into(),
                    departure: at(1, 8),
                    arrival_airport: "IST".into(),
                    arrival: at(1, 10),
                },
                FlightLegOut {
                    flight: "UT101".into(),
                    carrier: "UT".into(),
                    departure_airport: "IST".into(),
                    departure: at(1, 11),
                    arrival_airport: "UTC".into(),
                    arrival: at(1, 14),
                },
            ],
            persons: vec![PersonOut {
                role: "FL".into(),
                surname: "O'NEILL".into(),
                given_names: "MARY ANN".into(),
                gender: "F".into(),
                birth_date: NaiveDate::from_ymd_opt(1980, 2, 29),
                nationality: "IRL".into(),
                booking_reference: "ABC+12".into(),
                seat: "12A".into(),
                documents: vec![
                    DocumentOut {
                        doc_type: "P".into(),
                        number: "PX1234567".into(),
                        issuing_state: "IRL".into(),
                        expiry: NaiveDate::from_ymd_opt(2030, 1, 31),
                    },
                    DocumentOut {
                        doc_type: "V".into(),
                        number: "V998".into(),
                        issuing_state: "UTO".into(),
                        expiry: None,
                    },
                ],
            }],
        };
        let ic = crate::paxlst::parse(m.to_edifact().as_bytes()).unwrap();
        assert_eq!(ic.control_reference, "REF'1");
        let msg = ic.messages[0].as_ref().unwrap();
        assert_eq!(msg.kind, "passengers");
        assert_eq!(msg.legs.len(), 2);
        assert_eq!(msg.legs[1].arrival_airport, "UTC");
        assert_eq!(msg.legs[0].departure_time, Some(at(1, 8)));
        let p = &msg.persons[0];
        assert_eq!(
            (p.surname.as_str(), p.given_names.as_str()),
            ("O'NEILL", "MARY ANN")
        );
        assert_eq!(p.birth_date, NaiveDate::from_ymd_opt(1980, 2, 29));
        assert_eq!(p.booking_reference, "ABC+12");
        assert_eq!(p.documents.len(), 2);
        assert_eq!(
            p.documents[0].expiry_date,
            NaiveDate::from_ymd_opt(2030, 1, 31)
        );
        assert_eq!(p.documents[1].issuing_state, "UTO");
        assert!(msg.warnings.is_empty(), "{:?}", msg.warnings);
    }
}
