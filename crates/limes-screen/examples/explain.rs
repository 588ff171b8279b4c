//! Screen one traveller against the UN list (and, with a size, the synthetic culture-matched list) and print
//! the hits with their explanations: `cargo run --release -p limes-screen --example explain -- NAME [DOB] [NAT]
//! [SYNTHETIC]` (a tool for reading why a score is what it is).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a developer's tool: a panic is the message
use limes_screen::model::BirthDate;
use limes_screen::synthetic::{culture_matched_list, listed_name_keys};
use limes_screen::{import, Engine, Query};
use std::sync::Arc;

const UN_XML: &[u8] = include_bytes!("../../../data/watchlists/un-consolidated-2026-02-27.xml");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lists = vec![import::un_xml(UN_XML).unwrap()];
    let mut all: Vec<Arc<_>> = lists.iter().cloned().map(Arc::new).collect();
    let synthetic: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    if synthetic > 0 {
        all.push(Arc::new(culture_matched_list(
            synthetic,
            7,
            &listed_name_keys(&lists),
        )));
    }
    let engine = Engine::build(all);
    let query = Query {
        name: args.first().cloned().unwrap_or_default(),
        birth_date: args
            .get(1)
            .filter(|s| !s.is_empty() && *s != "-")
            .and_then(|s| BirthDate::parse(s)),
        nationality: args.get(2).filter(|s| !s.is_empty() && *s != "-").cloned(),
        ..Default::default()
    };
    for hit in engine.screen(&query, 0.5, 5) {
        println!("{}", serde_json::to_string_pretty(&hit).unwrap());
    }
}
