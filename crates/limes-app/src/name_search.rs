//! Finding crossings by name however the name is written: the stored search key of a crossing and the tokens of
//! a search both come from the screening's name normalisation (`limes_screen::text`), so Müller finds MÜLLER and
//! MUELLER, and a name typed in Cyrillic finds its Latin transliteration.
use limes_screen::text::token_variants;
use limes_store::{Store, StoreError};

/// How many keys one pass makes; a search makes passes until none is missing.
const BATCH: usize = 2000;

/// The search key of a name: every token of every transliteration, each preceded by a space (so that a search
/// token matches the start of a word), and a space at the end.
pub fn search_key(surname: &str, given_names: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for part in [surname, given_names] {
        for tokens in token_variants(part) {
            for t in tokens {
                if !words.contains(&t) {
                    words.push(t);
                }
            }
        }
    }
    let mut key = String::new();
    for w in words {
        key.push(' ');
        key.push_str(&w);
    }
    key.push(' ');
    key
}

/// The token lists a search for a name looks for: one per transliteration; a crossing matches one of them
/// when each of its tokens starts a word of the crossing's key.
pub fn search_tokens(query: &str) -> Vec<Vec<String>> {
    token_variants(query)
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect()
}

/// Make the keys that are missing: crossings recorded before the key existed (migration 0011) or since, and those
/// that arrived from the nodes. Called before a name search, so a search always sees every crossing.
pub async fn fill_missing_keys(store: &dyn Store) -> Result<usize, StoreError> {
    let mut made = 0;
    loop {
        let missing = store.crossings_without_search_key(BATCH).await?;
        let n = missing.len();
        let keys = missing
            .into_iter()
            .map(|(id, surname, given)| {
                let key = search_key(&surname, &given);
                (id, key)
            })
            .collect();
        store.set_crossing_search_keys(keys).await?;
        made += n;
        if n < BATCH {
            return Ok(made);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(query: &str, surname: &str) -> bool {
        let key = search_key(surname, "");
        search_tokens(query)
            .iter()
            .any(|tokens| tokens.iter().all(|t| key.contains(&format!(" {t}"))))
    }

    #[test]
    fn diacritics_and_their_transliterations_find_each_other() {
        for stored in ["MÜLLER", "MUELLER", "Müller"] {
            assert!(finds("Müller", stored), "Müller should find {stored}");
        }
        assert!(finds("MUELLER", "MÜLLER"));
        assert!(!finds("Müller", "MOLLER"));
    }

    #[test]
    fn a_cyrillic_search_finds_the_transliteration() {
        assert!(finds("Иванов", "IVANOV"));
        assert!(finds("Иван", "IVANOVA"), "a prefix finds the longer name");
        assert!(!finds("Петров", "IVANOV"));
    }

    #[test]
    fn the_key_holds_every_word_of_both_name_parts() {
        let key = search_key("MÜLLER", "Hans Peter");
        for w in [" MUELLER ", " MULLER ", " HANS ", " PETER "] {
            assert!(key.contains(w), "{w} missing from {key:?}");
        }
    }
}
