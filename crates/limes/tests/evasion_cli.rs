//! `limes screen` (the batch command) on names written to slip past screening, and on a name too long to screen.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::{limes_command, text};

#[test]
fn screen_command_sees_through_hidden_characters_and_look_alikes_and_refuses_an_overlong_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("travellers.csv");
    // Over the 200-character name limit, under the 4 KiB row limit: the error names the field.
    let long = "K".repeat(1_000);
    // KATANGA, Germain (CDi.006 on the UN list) with zero-width spaces, with a Mongolian vowel separator, with
    // Cyrillic А and О, reversed inside a right-to-left override; an innocent with a zero-width space; a
    // 30,000-character name.
    let csv = format!(
        "id,full_name,date_of_birth,nationality,gender,seat\n\
         zw,Ger\u{200B}main Ka\u{200B}tanga,1978-04-28,COD,male,\n\
         mvs,Ger\u{180E}main Ka\u{180E}tanga,1978-04-28,COD,male,\n\
         cyr,Germ\u{0430}in K\u{0430}t\u{0430}nga,1978-04-28,COD,male,\n\
         rlo,\u{202E}agnataK niamreG\u{202C},1978-04-28,COD,male,\n\
         innocent,Anna Maria Eriks\u{200B}son,1974-08-12,UTO,F,\n\
         long,{long},1980,UTO,,\n"
    );
    std::fs::write(&input, csv).unwrap();
    let output = dir.path().join("out.jsonl");
    let un = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/watchlists/un-consolidated-2026-02-27.xml"
    );
    let o = limes_command()
        .args([
            "screen",
            "--watchlist",
            un,
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "one line per row");
    for line in &lines[..4] {
        assert_eq!(line["hits"][0]["entry_id"], "CDi.006", "{line}");
        assert!(
            line["hits"][0]["score"].as_f64().unwrap() >= limes_screen::DEFAULT_ALERT_THRESHOLD,
            "{line}"
        );
    }
    let innocent = lines[4]["hits"].as_array().unwrap();
    assert!(
        innocent
            .iter()
            .all(|h| h["score"].as_f64().unwrap() < limes_screen::DEFAULT_ALERT_THRESHOLD),
        "{innocent:?}"
    );
    let error = lines[5]["error"].as_str().unwrap();
    assert!(
        error.contains("full_name") && error.contains("longer than"),
        "{error}"
    );
}
