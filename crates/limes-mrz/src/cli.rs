//! The `limes mrz` command: standard input split into MRZs, one JSON object printed per MRZ.

use crate::{parse, to_output_json};
use chrono::NaiveDate;

/// Split standard input into MRZs: the lines of one MRZ together, a blank line between MRZs.
pub fn split_batch(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// What `limes mrz` prints for its standard input: one JSON object per MRZ, one per line.
pub fn run_cli(input: &str, today: NaiveDate) -> String {
    let mut out = String::new();
    for block in split_batch(input) {
        out.push_str(&to_output_json(&parse(&block, today)).to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn batch_splits_on_blank_lines() {
        let blocks = split_batch(&format!("{TD3}\n\n\n{TD1_LONG}\n"));
        assert_eq!(blocks.len(), 2);
        let out = run_cli(&format!("{TD3}\n\n{TD1_LONG}"), today());
        assert_eq!(out.lines().count(), 2);
    }
}
