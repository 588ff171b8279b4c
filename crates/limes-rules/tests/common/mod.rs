//! Test messages written as UN/EDIFACT PAXLST text and read with `limes_edifact::paxlst::parse`, so the tests
//! do not depend on the message structs' full field list.
#![allow(dead_code)]
use chrono::{DateTime, Utc};
use limes_edifact::paxlst::PaxlstMessage;
use limes_rules::{parse_rule, Rule};

/// 2026-12-01 08:00 UTC, the morning of the test flights' arrival.
pub fn now() -> DateTime<Utc> {
    "2026-12-01T08:00:00Z".parse().unwrap()
}

#[derive(Clone)]
pub struct Leg {
    pub flight: &'static str,
    pub carrier: &'static str,
    pub from: &'static str,
    pub departs: &'static str,
    pub to: &'static str,
    pub arrives: &'static str,
}

pub fn leg(flight: &'static str, from: &'static str, to: &'static str) -> Leg {
    Leg {
        flight,
        carrier: "",
        from,
        departs: "202612010600",
        to,
        arrives: "202612011000",
    }
}

#[derive(Clone)]
pub struct Doc {
    pub doc_type: &'static str,
    pub number: &'static str,
    pub expiry: &'static str,
    pub state: &'static str,
}

pub fn doc(
    doc_type: &'static str,
    number: &'static str,
    expiry: &'static str,
    state: &'static str,
) -> Doc {
    Doc {
        doc_type,
        number,
        expiry,
        state,
    }
}

/// A traveller; empty strings leave the segment out.
#[derive(Clone)]
pub struct P {
    pub role: &'static str,
    pub surname: &'static str,
    pub given: &'static str,
    pub gender: &'static str,
    pub birth: &'static str,
    pub nationality: &'static str,
    pub residence: &'static str,
    pub birth_place: &'static str,
    pub departure_port: &'static str,
    pub arrival_port: &'static str,
    pub booking: &'static str,
    pub seat: &'static str,
    pub abo: &'static str,
    pub docs: Vec<Doc>,
}

pub fn pax(surname: &'static str) -> P {
    P {
        role: "FL",
        surname,
        given: "ALEX",
        gender: "M",
        birth: "19900615",
        nationality: "FRA",
        residence: "FRA",
        birth_place: "LYON",
        departure_port: "",
        arrival_port: "",
        booking: "",
        seat: "",
        abo: "",
        docs: vec![doc("P", "FR1234567", "20300101", "FRA")],
    }
}

pub fn edifact(kind: &str, legs: &[Leg], persons: &[P]) -> String {
    let mut seg: Vec<String> = vec![
        "UNH+1+PAXLST:D:05B:UN:IATA".into(),
        format!("BGM+{kind}"),
        "NAD+MS+++OPS CENTRE".into(),
    ];
    for l in legs {
        if l.carrier.is_empty() {
            seg.push(format!("TDT+20+{}", l.flight));
        } else {
            seg.push(format!("TDT+20+{}+++{}", l.flight, l.carrier));
        }
        if !l.from.is_empty() {
            seg.push(format!("LOC+125+{}", l.from));
        }
        if !l.departs.is_empty() {
            seg.push(format!("DTM+189:{}:203", l.departs));
        }
        if !l.to.is_empty() {
            seg.push(format!("LOC+87+{}", l.to));
        }
        if !l.arrives.is_empty() {
            seg.push(format!("DTM+232:{}:203", l.arrives));
        }
    }
    for p in persons {
        seg.push(format!("NAD+{}+++{}:{}", p.role, p.surname, p.given));
        let opt = |seg: &mut Vec<String>, v: &str, f: &dyn Fn(&str) -> String| {
            if !v.is_empty() {
                seg.push(f(v));
            }
        };
        opt(&mut seg, p.gender, &|v| format!("ATT+2++{v}"));
        opt(&mut seg, p.birth, &|v| format!("DTM+329:{v}"));
        opt(&mut seg, p.departure_port, &|v| format!("LOC+178+{v}"));
        opt(&mut seg, p.arrival_port, &|v| format!("LOC+179+{v}"));
        opt(&mut seg, p.residence, &|v| format!("LOC+174+{v}"));
        opt(&mut seg, p.birth_place, &|v| format!("LOC+180+{v}"));
        opt(&mut seg, p.nationality, &|v| format!("NAT+2+{v}"));
        opt(&mut seg, p.booking, &|v| format!("RFF+AVF:{v}"));
        opt(&mut seg, p.seat, &|v| format!("RFF+SEA:{v}"));
        opt(&mut seg, p.abo, &|v| format!("RFF+ABO:{v}"));
        for d in &p.docs {
            seg.push(format!("DOC+{}+{}", d.doc_type, d.number));
            opt(&mut seg, d.expiry, &|v| format!("DTM+36:{v}"));
            opt(&mut seg, d.state, &|v| format!("LOC+91+{v}"));
        }
    }
    seg.push(format!("CNT+42:{}", persons.len()));
    seg.push(format!("UNT+{}+1", seg.len() + 1));
    let mut out = String::from("UNA:+.? 'UNB+UNOA:4+SENDER+RECEIVER+261201:0500+IC1'");
    for s in seg {
        out.push_str(&s);
        out.push_str("'\n");
    }
    out.push_str("UNZ+1+IC1'");
    out
}

pub fn parse(text: &str) -> PaxlstMessage {
    let ic = limes_edifact::paxlst::parse(text.as_bytes()).expect("interchange");
    ic.messages
        .into_iter()
        .next()
        .expect("one message")
        .expect("a valid message")
}

/// A passenger message on the given legs.
pub fn message(legs: &[Leg], persons: &[P]) -> PaxlstMessage {
    parse(&edifact("745", legs, persons))
}

/// A passenger message DXB–CDG with these travellers.
pub fn simple(persons: &[P]) -> PaxlstMessage {
    message(&[leg("QQ0877", "DXB", "CDG")], persons)
}

/// A rule around a condition written as JSON text; valid since 2026-01-01.
pub fn rule_json(id: &str, condition: &str) -> String {
    format!(
        r#"{{"id": "{id}", "version": 1, "name": "test rule {id}", "owner": "PIU analyst 7",
            "severity": "high", "valid_from": "2026-01-01T00:00:00Z", "condition": {condition}}}"#
    )
}

pub fn rule(id: &str, condition: &str) -> Rule {
    match parse_rule(&rule_json(id, condition)) {
        Ok(r) => r,
        Err(e) => panic!("rule {id} does not validate: {e:?}"),
    }
}

/// Indices of the persons the condition matches.
pub fn hits(condition: &str, msg: &PaxlstMessage) -> Vec<usize> {
    let set = limes_rules::RuleSet::compile(&[rule("T", condition)], now());
    assert_eq!(set.len(), 1, "{:?}", set.skipped());
    limes_rules::evaluate(&set, msg, now())
        .into_iter()
        .map(|m| m.person_index)
        .collect()
}
