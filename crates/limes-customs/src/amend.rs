//! An amendment (WCO function 13 / COR, EDIFACT 4 or 5) applied to the declaration it amends: what the
//! amendment carries replaces the original's, goods items matched by sequence number. Pure: the store keeps the
//! history (the original, each amendment, each result).

use limes_domain::goods::{Declaration, DeclarationFunction, GoodsItem, Party};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmendError {
    #[error("the message is a {0}, not an amendment")]
    NotAnAmendment(&'static str),
    #[error("the declaration to amend is itself a {0}, not a lodged declaration")]
    NotAnOriginal(&'static str),
    #[error("the amendment is for declaration {amends}, not for {original}")]
    OtherDeclaration { amends: String, original: String },
}

/// The reference an amendment or invalidation acts on.
pub fn target(amendment: &Declaration) -> &str {
    amendment.amends.as_deref().unwrap_or(&amendment.reference)
}

fn replace<T: Clone>(into: &mut Option<T>, from: &Option<T>) {
    if from.is_some() {
        into.clone_from(from);
    }
}

/// A party: the amendment's fields replace the original's, the others stay.
fn replace_party(into: &mut Option<Party>, from: &Option<Party>) {
    let Some(from) = from else { return };
    let party = into.get_or_insert_with(Party::default);
    replace(&mut party.id, &from.id);
    replace(&mut party.name, &from.name);
    replace(&mut party.country, &from.country);
}

fn merge_item(into: &mut GoodsItem, from: &GoodsItem) {
    replace(&mut into.commodity_code, &from.commodity_code);
    replace(&mut into.description, &from.description);
    replace(&mut into.origin_country, &from.origin_country);
    replace(&mut into.packages, &from.packages);
    replace(&mut into.package_type, &from.package_type);
    replace(&mut into.gross_mass_kg, &from.gross_mass_kg);
    replace(&mut into.net_mass_kg, &from.net_mass_kg);
    replace(&mut into.procedure, &from.procedure);
    replace(&mut into.value, &from.value);
    replace_party(&mut into.consignee, &from.consignee);
    if !from.documents.is_empty() {
        into.documents.clone_from(&from.documents);
    }
}

/// `original` as `amendment` changes it: the fields the amendment carries replace the original's (parties field
/// by field, items by sequence number; an item the original lacks is added); the amendment's pointers are
/// appended to the declaration's; the totals warnings are worked out again. An amendment that names another
/// declaration, or a message that is not an amendment, is refused.
pub fn apply_amendment(
    original: &Declaration,
    amendment: &Declaration,
) -> Result<Declaration, AmendError> {
    if amendment.function != DeclarationFunction::Amendment {
        return Err(AmendError::NotAnAmendment(amendment.function.as_str()));
    }
    if original.function != DeclarationFunction::Original {
        return Err(AmendError::NotAnOriginal(original.function.as_str()));
    }
    let amends = target(amendment);
    if amends != original.reference {
        return Err(AmendError::OtherDeclaration {
            amends: amends.to_string(),
            original: original.reference.clone(),
        });
    }
    let old_totals_warnings = original.totals_warnings();
    let mut d = original.clone();
    replace_party(&mut d.declarant, &amendment.declarant);
    replace_party(&mut d.exporter, &amendment.exporter);
    replace_party(&mut d.importer, &amendment.importer);
    replace_party(&mut d.consignor, &amendment.consignor);
    replace_party(&mut d.consignee, &amendment.consignee);
    replace_party(&mut d.carrier, &amendment.carrier);
    replace(&mut d.transport.mode, &amendment.transport.mode);
    replace(&mut d.transport.identity, &amendment.transport.identity);
    replace(
        &mut d.transport.nationality,
        &amendment.transport.nationality,
    );
    replace(&mut d.export_country, &amendment.export_country);
    replace(&mut d.destination_country, &amendment.destination_country);
    if !amendment.routing_countries.is_empty() {
        d.routing_countries.clone_from(&amendment.routing_countries);
    }
    replace(&mut d.office, &amendment.office);
    if !amendment.containers.is_empty() {
        d.containers.clone_from(&amendment.containers);
    }
    if amendment.totals.items != 0 {
        d.totals.items = amendment.totals.items;
    }
    replace(&mut d.totals.packages, &amendment.totals.packages);
    replace(&mut d.totals.gross_mass_kg, &amendment.totals.gross_mass_kg);
    for changed in &amendment.items {
        match d.items.iter_mut().find(|i| i.sequence == changed.sequence) {
            Some(item) => merge_item(item, changed),
            None => d.items.push(changed.clone()),
        }
    }
    d.items.sort_by_key(|i| i.sequence);
    d.amendments.extend(amendment.amendments.iter().cloned());
    d.warnings.retain(|w| !old_totals_warnings.contains(w));
    d.warnings.extend(d.totals_warnings());
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use limes_domain::goods::DeclarationFormat;

    #[test]
    fn an_invalidation_or_an_amended_amendment_is_refused() {
        let original = Declaration::new(
            DeclarationFormat::Json,
            DeclarationFunction::Original,
            "A".into(),
        );
        let invalidation = Declaration::new(
            DeclarationFormat::Json,
            DeclarationFunction::Invalidation,
            "A".into(),
        );
        assert_eq!(
            apply_amendment(&original, &invalidation),
            Err(AmendError::NotAnAmendment("invalidation"))
        );
        let amendment = Declaration::new(
            DeclarationFormat::Json,
            DeclarationFunction::Amendment,
            "A".into(),
        );
        assert_eq!(
            apply_amendment(&amendment, &amendment),
            Err(AmendError::NotAnOriginal("amendment"))
        );
        assert!(apply_amendment(&original, &amendment).is_ok());
    }
}
