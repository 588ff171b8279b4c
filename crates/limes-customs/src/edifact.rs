//! UN/EDIFACT CUSDEC (customs declaration: one declaration per message) and CUSCAR (cargo report: one
//! declaration per consignment, CNI) read on the syntax layer of `limes-edifact`, leniently: no UNA, one line or
//! one segment per line, tabs, release characters, empty components, national association codes, message names
//! in BGM, segments out of their usual order; a wrong UNT count, an empty message type and units outside UN/ECE
//! Rec 20 are warnings. A broken envelope is an error naming the segment and its line.

use crate::numbers::{count, mass_kg, transport_mode};
use crate::{DetectedFormat, ParseError};
use limes_domain::goods::{
    Container, Declaration, DeclarationFormat, DeclarationFunction, GoodsItem, ItemDocument, Party,
};
use limes_edifact::syntax::{scan, MessageView, Mode, RawInterchange, RawSegment};

/// The message type of the first message (`CUSDEC`, `CUSCAR`, `PAXLST` …), upper case; `None` when the
/// interchange cannot be read or has no message.
pub fn message_type(bytes: &[u8]) -> Option<String> {
    let ic = scan(bytes, Mode::Lenient).ok()?;
    let m = ic.messages().next()?;
    let t = m
        .message_type()
        .first()
        .map(|t| t.trim().to_ascii_uppercase());
    t
}

/// For an interchange whose UNH leaves the message type empty: a cargo report when it carries consignments
/// (CNI), a declaration when it carries customs items (CST).
pub fn guess_untyped(bytes: &[u8]) -> Option<DetectedFormat> {
    let ic = scan(bytes, Mode::Lenient).ok()?;
    let m = ic.messages().next()?;
    if m.message_type()
        .first()
        .is_some_and(|t| !t.trim().is_empty())
    {
        return None;
    }
    let body = m.body();
    if body.iter().any(|s| s.tag() == "CNI") {
        Some(DetectedFormat::Cuscar)
    } else if body.iter().any(|s| s.tag() == "CST") {
        Some(DetectedFormat::Cusdec)
    } else {
        None
    }
}

/// The line (1-based) a segment starts on in `input`.
fn line_of(input: &[u8], segment: &RawSegment) -> Option<u32> {
    let offset = (segment.bytes().as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    let before = input.get(..offset)?;
    u32::try_from(before.iter().filter(|&&b| b == b'\n').count() + 1).ok()
}

fn segment_error(
    input: &[u8],
    segments: &[RawSegment],
    e: &limes_edifact::EdifactError,
    prefix: &str,
) -> ParseError {
    let line = segments
        .iter()
        .find(|s| s.index == e.segment_index)
        .and_then(|s| line_of(input, s));
    let mut message = format!("{prefix}{}", e.message);
    if !e.expected.is_empty() {
        message.push_str(&format!(" (expected {}, found '{}')", e.expected, e.found));
    }
    ParseError {
        line,
        ..ParseError::at_segment(e.segment_index, &e.tag, message)
    }
}

/// Scan leniently and check every message's envelope: one broken message refuses the whole file (nothing is
/// half-stored).
fn scan_checked(bytes: &[u8]) -> Result<RawInterchange<'_>, ParseError> {
    let ic = scan(bytes, Mode::Lenient)
        .map_err(|e| segment_error(bytes, &[], &e, "not a readable EDIFACT interchange: "))?;
    for m in ic.messages() {
        if let Some(e) = &m.raw.error {
            return Err(segment_error(bytes, &ic.segments, e, ""));
        }
    }
    if ic.messages.is_empty() {
        return Err(ParseError::whole(
            "the interchange carries no message (UNH … UNT)",
        ));
    }
    Ok(ic)
}

/// Whether the interchange can be read at all (envelopes, counts leniently): the error naming the segment if not.
pub fn readable(bytes: &[u8]) -> Result<(), ParseError> {
    scan_checked(bytes).map(|_| ())
}

/// Check the UNH message type: `expected`, or empty (a warning); anything else is an error at UNH.
fn check_type(
    bytes: &[u8],
    m: &MessageView,
    expected: &str,
    warnings: &mut Vec<String>,
) -> Result<(), ParseError> {
    let types = m.message_type();
    let found = types
        .first()
        .map(|t| t.trim().to_ascii_uppercase())
        .unwrap_or_default();
    if found.is_empty() {
        warnings.push(format!(
            "message {}: UNH gives no message type; read as {expected}",
            m.reference()
        ));
        return Ok(());
    }
    if found != expected {
        let unh = m.header();
        return Err(ParseError {
            line: unh.and_then(|s| line_of(bytes, s)),
            ..ParseError::at_segment(
                unh.map_or(0, |s| s.index),
                "UNH",
                format!("message {} is a {found}, not a {expected}", m.reference()),
            )
        });
    }
    Ok(())
}

/// A country from a LOC place: an ISO alpha-2 code, or the country part of a UN/LOCODE; masked (`XXXXX`) and
/// empty places give none.
fn country_of_place(place: &str) -> Option<String> {
    let p = place.trim().to_ascii_uppercase();
    if p.is_empty() || p.bytes().all(|b| b == b'X') {
        return None;
    }
    let country = p.get(..2)?;
    (country.bytes().all(|b| b.is_ascii_uppercase()) && (p.len() == 2 || p.len() == 5))
        .then(|| country.to_string())
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A NAD party: identification (element 2), name from the party name (element 4) or the first line of the
/// unstructured name and address (element 3), country (element 9).
fn nad_party(s: &RawSegment) -> Party {
    let [_, id, address, name, _, _, _, _, country] = s.fields::<9>();
    let name = {
        let n = name.join_non_empty(" ");
        if n.is_empty() {
            non_empty(&address.component(1))
        } else {
            Some(n)
        }
    };
    Party {
        id: non_empty(&id.component(1)),
        name,
        country: non_empty(&country.component(1)).map(|c| c.to_ascii_uppercase()),
    }
}

/// The description of an FTX: the text lines of element 4 joined as sent (long texts are cut into fixed-width
/// components, mid-word).
fn ftx_text(s: &RawSegment) -> String {
    s.element(4)
        .components()
        .collect::<Vec<_>>()
        .concat()
        .trim()
        .to_string()
}

/// The function of a BGM (data element 1225).
fn bgm_function(code: &str, warnings: &mut Vec<String>) -> DeclarationFunction {
    match code.trim() {
        "" | "9" => DeclarationFunction::Original,
        "1" => DeclarationFunction::Invalidation,
        "4" | "5" => DeclarationFunction::Amendment,
        other => {
            warnings.push(format!(
                "BGM message function '{other}' is not a UN/EDIFACT 1225 code; read as an original (9)"
            ));
            DeclarationFunction::Original
        }
    }
}

/// What the header of a message says, shared by every consignment of a CUSCAR.
struct Header {
    declaration_type: String,
    reference: String,
    function: DeclarationFunction,
}

fn read_bgm(s: &RawSegment, warnings: &mut Vec<String>) -> Header {
    let [name, number, function] = s.fields::<3>();
    let [code, _, _, title] = name.parts::<4>();
    Header {
        declaration_type: non_empty(&title)
            .or_else(|| non_empty(&code))
            .unwrap_or_default(),
        reference: number.component(1).trim().to_string(),
        function: bgm_function(&function.component(1), warnings),
    }
}

/// The means of transport of a TDT: mode (C220), identity (C222: name, else code) and nationality; the carrier
/// (C040).
fn read_tdt(s: &RawSegment, d: &mut Declaration, warnings: &mut Vec<String>) {
    let [_, journey, mode, _, carrier, _, _, means] = s.fields::<8>();
    let [id_code, _, _, id_name, nationality] = means.parts::<5>();
    let mode_code = mode.component(1);
    if let Some(code) = non_empty(&mode_code) {
        match transport_mode(&code) {
            Some(m) => d.transport.mode = Some(m.to_string()),
            None => warnings.push(format!(
                "segment {}: transport mode '{code}' is not a UN/ECE Rec 19 code",
                s.index
            )),
        }
    }
    if let Some(identity) = non_empty(&id_name).or_else(|| non_empty(&id_code)) {
        d.transport.identity = Some(identity);
    } else if let Some(journey) = non_empty(&journey.component(1)) {
        d.transport.identity = Some(journey);
    }
    if let Some(n) = non_empty(&nationality) {
        d.transport.nationality = Some(n.to_ascii_uppercase());
    }
    let [carrier_id, _, _, carrier_name] = carrier.parts::<4>();
    if !carrier_id.trim().is_empty() || !carrier_name.trim().is_empty() {
        d.carrier = Some(Party {
            id: non_empty(&carrier_id),
            name: non_empty(&carrier_name),
            country: None,
        });
    }
}

/// A MEA weight in kilograms, and whether it is gross (`G`, `AAB`, `AAD`) or net (`N`, `AAA`, `AAL`);
/// `None` for volumes and other measures.
fn read_mea(s: &RawSegment, warnings: &mut Vec<String>) -> Option<(bool, f64)> {
    let [_, dimension, value] = s.fields::<3>();
    let gross = match dimension.component(1).trim() {
        "G" | "AAB" | "AAD" | "WT" => true,
        "N" | "AAA" | "AAL" => false,
        _ => return None,
    };
    let [unit, amount] = value.parts::<2>();
    let kg = mass_kg(
        &amount,
        &unit,
        &format!("segment {} (MEA)", s.index),
        warnings,
    )?;
    Some((gross, kg))
}

/// The consignment a party belongs to by its NAD qualifier.
fn place_party(d: &mut Declaration, qualifier: &str, party: Party) {
    let slot = match qualifier {
        "CZ" | "SE" => &mut d.consignor,
        "CN" | "BY" => &mut d.consignee,
        "EX" => &mut d.exporter,
        "IM" => &mut d.importer,
        "DT" | "DE" | "AE" | "AF" | "DCL" | "FW" => &mut d.declarant,
        "CA" | "MS" | "RL" => &mut d.carrier,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(party);
    }
}

/// Reading state of a goods item: the item and whether it was opened by a goods segment (CST, GID) or only
/// implied by item data that came first.
struct ItemState {
    item: GoodsItem,
    opened: bool,
}

fn current_item(items: &mut Vec<ItemState>) -> &mut GoodsItem {
    if items.is_empty() {
        items.push(ItemState {
            item: GoodsItem {
                sequence: 1,
                ..GoodsItem::default()
            },
            opened: false,
        });
    }
    let last = items.len() - 1;
    &mut items[last].item
}

/// A new goods item, unless the data of this one came before its opening segment (then that segment opens it).
fn open_item(items: &mut Vec<ItemState>) -> &mut GoodsItem {
    let reuse = items.last().is_some_and(|s| !s.opened);
    if !reuse {
        let sequence = u32::try_from(items.len() + 1).unwrap_or(u32::MAX);
        items.push(ItemState {
            item: GoodsItem {
                sequence,
                ..GoodsItem::default()
            },
            opened: true,
        });
    } else if let Some(last) = items.last_mut() {
        last.opened = true;
    }
    current_item(items)
}

/// Item-level segments common to CUSDEC and CUSCAR. Returns false when the segment is not one of them.
fn item_segment(s: &RawSegment, items: &mut Vec<ItemState>, warnings: &mut Vec<String>) -> bool {
    match s.tag() {
        "FTX" => {
            let qualifier = s.get(1, 1);
            if qualifier == "AAA" {
                let text = ftx_text(s);
                let item = current_item(items);
                if !text.is_empty() {
                    item.description = Some(match item.description.take() {
                        Some(before) => format!("{before} {text}"),
                        None => text,
                    });
                }
            }
            true
        }
        "PIA" => {
            let code = s.get(2, 1);
            if let Some(code) = non_empty(&code) {
                current_item(items).commodity_code.get_or_insert(code);
            }
            true
        }
        "RFF" if s.get(1, 1) == "HS" => {
            if let Some(code) = non_empty(&s.get(1, 2)) {
                current_item(items).commodity_code.get_or_insert(code);
            }
            true
        }
        "MEA" => {
            if let Some((gross, kg)) = read_mea(s, warnings) {
                let item = current_item(items);
                if gross {
                    item.gross_mass_kg = Some(kg);
                } else {
                    item.net_mass_kg = Some(kg);
                }
            }
            true
        }
        "QTY" => {
            let [_, amount, unit] = s.element(1).parts::<3>();
            if let Some(kg) = mass_kg(
                &amount,
                &unit,
                &format!("segment {} (QTY)", s.index),
                &mut Vec::new(),
            ) {
                if crate::numbers::mass_unit(&unit).is_some_and(|u| !u.rec20) {
                    warnings.push(format!(
                        "segment {} (QTY): unit '{unit}' is not a UN/ECE Rec 20 code; read as kilograms",
                        s.index
                    ));
                }
                current_item(items).net_mass_kg.get_or_insert(kg);
            }
            true
        }
        "DOC" => {
            let [code, _, _, name] = s.element(1).parts::<4>();
            let type_code = non_empty(&code)
                .or_else(|| non_empty(&name))
                .unwrap_or_default();
            let id = non_empty(&s.get(2, 1));
            current_item(items)
                .documents
                .push(ItemDocument { type_code, id });
            true
        }
        _ => false,
    }
}

/// Containers: EQD opens one (CN and other equipment with an identifier), SEL adds a seal, SGP names the
/// container of a goods item.
fn container_segment(s: &RawSegment, containers: &mut Vec<Container>) -> bool {
    match s.tag() {
        "EQD" => {
            if let Some(id) = non_empty(&s.get(2, 1)) {
                if !containers.iter().any(|c| c.id == id) {
                    containers.push(Container {
                        id,
                        seals: Vec::new(),
                    });
                }
            }
            true
        }
        "SEL" => {
            if let (Some(seal), Some(c)) = (non_empty(&s.get(1, 1)), containers.last_mut()) {
                c.seals.push(seal);
            }
            true
        }
        "SGP" => {
            if let Some(id) = non_empty(&s.get(1, 1)) {
                if !containers.iter().any(|c| c.id == id) {
                    containers.push(Container {
                        id,
                        seals: Vec::new(),
                    });
                }
            }
            true
        }
        _ => false,
    }
}

fn finish_items(d: &mut Declaration, items: Vec<ItemState>) {
    d.items = items.into_iter().map(|s| s.item).collect();
}

fn read_cnt(s: &RawSegment, d: &mut Declaration) {
    let [qualifier, value] = s.element(1).parts::<2>();
    match qualifier.trim() {
        "5" | "2" => d.totals.items = count(&value).unwrap_or(d.totals.items),
        "11" => d.totals.packages = count(&value).or(d.totals.packages),
        "7" => d.totals.gross_mass_kg = crate::numbers::decimal(&value).or(d.totals.gross_mass_kg),
        _ => {}
    }
}

/// The declarations of a CUSDEC interchange, one per message.
pub fn parse_cusdec(bytes: &[u8]) -> Result<Vec<Declaration>, ParseError> {
    let ic = scan_checked(bytes)?;
    let mut out = Vec::new();
    for m in ic.messages() {
        let mut warnings: Vec<String> = ic.warnings.clone();
        warnings.extend(m.raw.warnings.iter().cloned());
        check_type(bytes, &m, "CUSDEC", &mut warnings)?;
        let mut d = Declaration::new(
            DeclarationFormat::Cusdec,
            DeclarationFunction::Original,
            String::new(),
        );
        let mut items: Vec<ItemState> = Vec::new();
        let mut in_items = false;
        let mut header_origin: Option<String> = None;
        for s in m.body() {
            if in_items && item_segment(s, &mut items, &mut warnings) {
                continue;
            }
            if container_segment(s, &mut d.containers) {
                continue;
            }
            match s.tag() {
                "BGM" => {
                    let h = read_bgm(s, &mut warnings);
                    d.declaration_type = h.declaration_type;
                    d.reference = h.reference;
                    d.function = h.function;
                }
                "UNS" => in_items = s.get(1, 1) == "D",
                "CST" => {
                    in_items = true;
                    let item = open_item(&mut items);
                    if let Some(code) = (2..=6).map(|e| s.get(e, 1)).find_map(|c| non_empty(&c)) {
                        item.commodity_code = Some(code);
                    }
                }
                "LOC" => {
                    let [qualifier, place] = s.fields::<2>();
                    let place = place.component(1);
                    match qualifier.component(1).trim() {
                        "27" if in_items => {
                            current_item(&mut items).origin_country = country_of_place(&place)
                        }
                        "27" => header_origin = country_of_place(&place),
                        "35" | "30" => {
                            d.export_country = country_of_place(&place).or(d.export_country.take())
                        }
                        "36" | "28" => {
                            d.destination_country =
                                country_of_place(&place).or(d.destination_country.take())
                        }
                        "22" | "41" | "42" | "45" | "118" if d.office.is_none() => {
                            d.office = non_empty(&place)
                        }
                        _ => {}
                    }
                }
                "MEA" if !in_items => {
                    if let Some((true, kg)) = read_mea(s, &mut warnings) {
                        d.totals.gross_mass_kg = Some(kg);
                    }
                }
                "TDT" => read_tdt(s, &mut d, &mut warnings),
                "NAD" => place_party(&mut d, s.get(1, 1).trim(), nad_party(s)),
                "RFF"
                    if d.function != DeclarationFunction::Original
                        && matches!(s.get(1, 1).trim(), "ACE" | "ACW" | "ABT") =>
                {
                    d.amends = non_empty(&s.get(1, 2));
                }
                "PAC" if in_items => {
                    let [number, _, kind, identification] = s.fields::<4>();
                    let item = current_item(&mut items);
                    item.packages = count(&number.component(1)).or(item.packages);
                    item.package_type = non_empty(&kind.component(1))
                        .or_else(|| non_empty(&identification.component(1)))
                        .or(item.package_type.take());
                }
                "CNT" => read_cnt(s, &mut d),
                _ => {}
            }
        }
        if d.reference.is_empty() {
            d.reference = m.reference().to_string();
            warnings.push(format!(
                "message {}: BGM gives no document number; the message reference is used",
                m.reference()
            ));
        }
        if let Some(origin) = header_origin {
            for s in items.iter_mut() {
                s.item.origin_country.get_or_insert_with(|| origin.clone());
            }
        }
        finish_items(&mut d, items);
        if d.function == DeclarationFunction::Original {
            warnings.extend(d.totals_warnings());
        }
        d.warnings = warnings;
        out.push(d);
    }
    Ok(out)
}

/// The declarations of a CUSCAR interchange: one per consignment (CNI) of every message, each with the message's
/// header (document, means of transport, carrier, places).
pub fn parse_cuscar(bytes: &[u8]) -> Result<Vec<Declaration>, ParseError> {
    let ic = scan_checked(bytes)?;
    let mut out = Vec::new();
    for m in ic.messages() {
        let mut warnings: Vec<String> = ic.warnings.clone();
        warnings.extend(m.raw.warnings.iter().cloned());
        check_type(bytes, &m, "CUSCAR", &mut warnings)?;
        let mut header = Declaration::new(
            DeclarationFormat::Cuscar,
            DeclarationFunction::Original,
            String::new(),
        );
        let mut bgm_reference = String::new();
        let mut consignments: Vec<Consignment> = Vec::new();
        for s in m.body() {
            if s.tag() == "CNI" {
                // The consignment's own places and parties come first; the header's fill the gaps at the end.
                let mut d =
                    Declaration::new(DeclarationFormat::Cuscar, header.function, String::new());
                d.reference = non_empty(&s.get(2, 1)).unwrap_or_default();
                consignments.push(Consignment {
                    declaration: d,
                    items: Vec::new(),
                    number: s.get(1, 1).trim().to_string(),
                    warnings: Vec::new(),
                });
                continue;
            }
            let Some(c) = consignments.last_mut() else {
                // The message header, before the first consignment.
                match s.tag() {
                    "BGM" => {
                        let h = read_bgm(s, &mut warnings);
                        header.declaration_type = h.declaration_type;
                        bgm_reference = h.reference;
                        header.function = h.function;
                    }
                    "TDT" => read_tdt(s, &mut header, &mut warnings),
                    "NAD" => place_party(&mut header, s.get(1, 1).trim(), nad_party(s)),
                    "LOC" => read_cuscar_loc(s, &mut header),
                    _ => {
                        container_segment(s, &mut header.containers);
                    }
                }
                continue;
            };
            let d = &mut c.declaration;
            if container_segment(s, &mut d.containers) {
                continue;
            }
            match s.tag() {
                "GID" => {
                    let [_, packages] = s.fields::<2>();
                    let [number, kind] = packages.parts::<2>();
                    let item = open_item(&mut c.items);
                    item.packages = count(&number);
                    item.package_type = non_empty(&kind);
                }
                "RFF" if s.get(1, 1) != "HS" => {
                    if d.reference.is_empty()
                        && matches!(s.get(1, 1).trim(), "BM" | "AAA" | "BH" | "MB")
                    {
                        d.reference = non_empty(&s.get(1, 2)).unwrap_or_default();
                    }
                }
                "LOC" => {
                    if s.get(1, 1) == "27" {
                        let origin = country_of_place(&s.get(2, 1));
                        current_item(&mut c.items).origin_country = origin;
                    } else {
                        read_cuscar_loc(s, d);
                    }
                }
                "NAD" => place_party(d, s.get(1, 1).trim(), nad_party(s)),
                "CNT" => read_cnt(s, d),
                _ => {
                    item_segment(s, &mut c.items, &mut c.warnings);
                }
            }
        }
        if consignments.is_empty() {
            return Err(ParseError::at_segment(
                m.header().map_or(0, |s| s.index),
                "UNH",
                format!(
                    "CUSCAR message {} carries no consignment (CNI)",
                    m.reference()
                ),
            ));
        }
        for c in consignments {
            let mut d = c.declaration;
            if d.reference.is_empty() {
                d.reference = format!("{bgm_reference}/{}", c.number);
            }
            d.declaration_type.clone_from(&header.declaration_type);
            inherit(&mut d, &header);
            finish_items(&mut d, c.items);
            d.warnings = warnings.clone();
            d.warnings.extend(c.warnings);
            if d.function == DeclarationFunction::Original {
                let totals = d.totals_warnings();
                d.warnings.extend(totals);
            }
            out.push(d);
        }
    }
    Ok(out)
}

/// One consignment (CNI) of a cargo report while it is read.
struct Consignment {
    declaration: Declaration,
    items: Vec<ItemState>,
    /// The consignment's number in the message (CNI element 1).
    number: String,
    warnings: Vec<String>,
}

/// What the message header says and the consignment does not: parties, transport, places, containers.
fn inherit(d: &mut Declaration, header: &Declaration) {
    for (slot, from) in [
        (&mut d.declarant, &header.declarant),
        (&mut d.exporter, &header.exporter),
        (&mut d.importer, &header.importer),
        (&mut d.consignor, &header.consignor),
        (&mut d.consignee, &header.consignee),
        (&mut d.carrier, &header.carrier),
    ] {
        if slot.is_none() {
            slot.clone_from(from);
        }
    }
    for (slot, from) in [
        (&mut d.transport.mode, &header.transport.mode),
        (&mut d.transport.identity, &header.transport.identity),
        (&mut d.transport.nationality, &header.transport.nationality),
        (&mut d.export_country, &header.export_country),
        (&mut d.destination_country, &header.destination_country),
        (&mut d.office, &header.office),
    ] {
        if slot.is_none() {
            slot.clone_from(from);
        }
    }
    for c in &header.containers {
        if !d.containers.iter().any(|own| own.id == c.id) {
            d.containers.push(c.clone());
        }
    }
}

/// Places of a cargo report: loading (9) gives the export country, discharge (11) or destination (8) the
/// destination country, the place of arrival or customs office (60, 22) the office.
fn read_cuscar_loc(s: &RawSegment, d: &mut Declaration) {
    let [qualifier, place] = s.fields::<2>();
    let place = place.component(1);
    match qualifier.component(1).trim() {
        "9" | "5" | "35" if d.export_country.is_none() => {
            d.export_country = country_of_place(&place)
        }
        "11" | "8" | "36" if d.destination_country.is_none() => {
            d.destination_country = country_of_place(&place)
        }
        "60" | "22" | "4" if d.office.is_none() => d.office = non_empty(&place),
        _ => {}
    }
}
