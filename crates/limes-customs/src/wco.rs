//! WCO Data Model 3.6 goods declarations (DEC-DMS) as UK CDS publishes them, and the DMS notifications (RES) that
//! answer them. Namespace-aware: the DEC namespace may be the default or any prefix; a document whose names are
//! not in the WCO namespaces is refused, never half-read. Comments are never data.

use crate::numbers::{count, decimal, mass_kg, transport_mode};
use crate::{Document, ParseError};
use limes_domain::goods::{
    AmendmentPointer, Container, Declaration, DeclarationFormat, DeclarationFunction, GoodsItem,
    ItemDocument, Money, Party, Totals, TransportMeans,
};
use roxmltree::Node;
use serde::{Deserialize, Serialize};

/// The namespace of the envelope `MetaData` of a DMS declaration.
pub const METADATA_NS: &str = "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2";
/// The namespace of a DEC-DMS `Declaration`.
pub const DEC_NS: &str = "urn:wco:datamodel:WCO:DEC-DMS:2";
/// The namespace of a RES-DMS `Response` (notifications may also carry no namespace at all).
pub const RES_NS: &str = "urn:wco:datamodel:WCO:RES-DMS:2";
/// The namespace of the date-time string inside a response.
pub const RESPONSE_DS_NS: &str = "urn:wco:datamodel:WCO:Response_DS:DMS:2";

/// The XML text of `bytes`: UTF-8 (a byte order mark is skipped), else an error naming the line and column.
fn xml_text(bytes: &[u8]) -> Result<&str, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = bytes.get(..e.valid_up_to()).unwrap_or(&[]);
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(good.get(line_start..).unwrap_or(&[]))
            .chars()
            .count()
            + 1;
        ParseError::at(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
            "the file is not UTF-8 text (a WCO declaration is UTF-8 XML)",
        )
    })
}

/// At most this many XML nodes: a declaration of 999 items has about 100,000; more is an attack on memory.
const NODES_LIMIT: u32 = 2_000_000;

fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, ParseError> {
    let options = roxmltree::ParsingOptions {
        nodes_limit: NODES_LIMIT,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        ParseError::at(
            pos.row,
            pos.col,
            format!("the file is not well-formed XML: {e}"),
        )
    })
}

/// Where a node starts, as (line, column).
fn place(node: Node) -> (u32, u32) {
    let pos = node.document().text_pos_at(node.range().start);
    (pos.row, pos.col)
}

fn error_at(node: Node, message: impl Into<String>) -> ParseError {
    let (line, column) = place(node);
    ParseError::at(line, column, message)
}

/// The element children of `node` with local name `name`, whatever their prefix.
fn kids<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn kid<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The node at a path of local names below `node`.
fn at<'a, 'input>(node: Node<'a, 'input>, path: &[&str]) -> Option<Node<'a, 'input>> {
    path.iter().try_fold(node, |n, name| kid(n, name))
}

/// The text of an element: its text children joined (comments between them are skipped), trimmed; `None` when
/// empty.
fn own_text(node: Node) -> Option<String> {
    let mut out = String::new();
    for c in node.children().filter(|c| c.is_text()) {
        out.push_str(c.text().unwrap_or(""));
    }
    let t = out.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn text_at(node: Node, path: &[&str]) -> Option<String> {
    at(node, path).and_then(own_text)
}

/// A name written `prefix:local` as in the document, for messages.
fn written_name(node: Node) -> String {
    let tag = node.tag_name();
    match node.lookup_prefix(tag.namespace().unwrap_or("")) {
        Some(prefix) if !prefix.is_empty() && tag.namespace().is_some() => {
            format!("{prefix}:{}", tag.name())
        }
        _ => tag.name().to_string(),
    }
}

/// The `MetaData` element of a DMS document: the root, or inside an envelope such as HMRC's MDG
/// `submitDeclarationRequest`.
fn metadata<'a, 'input>(
    doc: &'a roxmltree::Document<'input>,
    namespace: Option<&str>,
) -> Option<Node<'a, 'input>> {
    doc.root_element().descendants().find(|n| {
        n.is_element()
            && n.tag_name().name() == "MetaData"
            && namespace.is_none_or(|ns| n.tag_name().namespace() == Some(ns))
    })
}

fn is_dec_namespace(ns: Option<&str>) -> bool {
    ns.is_some_and(|ns| ns.starts_with("urn:wco:datamodel:WCO:DEC-DMS:"))
}

/// Declarations or notifications, whichever the WCO document holds.
pub fn read(bytes: &[u8]) -> Result<Document, ParseError> {
    let text = xml_text(bytes)?;
    let doc = parse_xml(text)?;
    if is_response(&doc) {
        Ok(Document::Notifications {
            notifications: notifications_in(&doc)?,
        })
    } else {
        Ok(Document::Declarations {
            declarations: declarations_in(&doc)?,
        })
    }
}

fn is_response(doc: &roxmltree::Document) -> bool {
    metadata(doc, None).is_some_and(|m| {
        text_at(m, &["WCOTypeName"]).as_deref() == Some("RES") || kid(m, "Response").is_some()
    })
}

/// The declarations of a WCO Data Model DEC-DMS document (bare `MetaData`, an envelope around it, or a bare
/// `Declaration`). A document that is not well-formed, or whose names are not in the WCO namespaces, is an error
/// naming the line and column.
pub fn parse(bytes: &[u8]) -> Result<Vec<Declaration>, ParseError> {
    let text = xml_text(bytes)?;
    let doc = parse_xml(text)?;
    declarations_in(&doc)
}

fn declarations_in(doc: &roxmltree::Document) -> Result<Vec<Declaration>, ParseError> {
    let root = doc.root_element();
    let declarations: Vec<Node> = if root.tag_name().name() == "Declaration"
        && is_dec_namespace(root.tag_name().namespace())
    {
        vec![root]
    } else {
        let Some(meta) = metadata(doc, Some(METADATA_NS)) else {
            return Err(error_at(
                    root,
                    format!(
                        "not a WCO Data Model declaration: the root element is '{}' in namespace '{}'; \
                         expected MetaData in namespace {METADATA_NS}",
                        written_name(root),
                        root.tag_name().namespace().unwrap_or("(none)")
                    ),
                ));
        };
        if text_at(meta, &["WCOTypeName"]).as_deref() == Some("RES") {
            return Err(error_at(
                meta,
                "this is a DMS notification (WCOTypeName RES), not a declaration",
            ));
        }
        kids(meta, "Declaration").collect()
    };
    if declarations.is_empty() {
        return Err(error_at(
            root,
            format!("no Declaration element in the document (namespace {DEC_NS} expected)"),
        ));
    }
    declarations
        .into_iter()
        .map(|d| {
            if is_dec_namespace(d.tag_name().namespace()) {
                read_declaration(d)
            } else {
                Err(error_at(
                    d,
                    format!(
                        "the Declaration is in namespace '{}', not {DEC_NS}",
                        d.tag_name().namespace().unwrap_or("(none)")
                    ),
                ))
            }
        })
        .collect()
}

fn party(node: Node) -> Party {
    Party {
        id: text_at(node, &["ID"]),
        name: text_at(node, &["Name"]),
        country: text_at(node, &["Address", "CountryCode"]).map(|c| c.to_ascii_uppercase()),
    }
}

fn party_at(node: Node, path: &[&str]) -> Option<Party> {
    at(node, path).map(party)
}

/// A mass element in kilograms, honouring its `unitCode` (absent = kilograms).
fn mass(node: Option<Node>, place: &str, warnings: &mut Vec<String>) -> Option<f64> {
    let node = node?;
    let value = own_text(node)?;
    let unit = node.attribute("unitCode").unwrap_or("");
    let kg = mass_kg(&value, unit, place, warnings);
    if kg.is_none() && decimal(&value).is_none() {
        warnings.push(format!("{place}: mass '{value}' is not a number"));
    }
    kg
}

fn read_declaration(decl: Node) -> Result<Declaration, ParseError> {
    let mut warnings = Vec::new();
    let type_code = text_at(decl, &["TypeCode"]).unwrap_or_default();
    let function_code = text_at(decl, &["FunctionCode"]);
    let function = match function_code.as_deref() {
        Some("9") | Some("09") => DeclarationFunction::Original,
        Some("13") if type_code.eq_ignore_ascii_case("INV") => DeclarationFunction::Invalidation,
        Some("13") => {
            if !type_code.eq_ignore_ascii_case("COR") {
                warnings.push(format!(
                    "function code 13 with type '{type_code}': read as an amendment (COR expected)"
                ));
            }
            DeclarationFunction::Amendment
        }
        None => {
            warnings.push("no FunctionCode: read as an original declaration (9)".into());
            DeclarationFunction::Original
        }
        Some(other) => {
            let node = kid(decl, "FunctionCode").unwrap_or(decl);
            return Err(error_at(
                node,
                format!(
                    "function code '{other}' is not 9 (original) or 13 (amendment or invalidation)"
                ),
            ));
        }
    };
    let lrn = text_at(decl, &["FunctionalReferenceID"]);
    let mrn = text_at(decl, &["ID"]);
    let Some(reference) = lrn.clone().or_else(|| mrn.clone()) else {
        return Err(error_at(
            decl,
            "the declaration has no reference (neither FunctionalReferenceID nor ID)",
        ));
    };
    let mut d = Declaration::new(DeclarationFormat::WcoDms, function, reference.clone());
    d.declaration_type = type_code;
    if function != DeclarationFunction::Original {
        d.amends = mrn.filter(|m| *m != reference);
    }

    let shipment = kid(decl, "GoodsShipment");
    let header_consignment = kid(decl, "Consignment");
    let shipment_consignment = shipment.and_then(|s| kid(s, "Consignment"));

    d.declarant = party_at(decl, &["Declarant"]).or_else(|| party_at(decl, &["Submitter"]));
    d.exporter =
        party_at(decl, &["Exporter"]).or_else(|| shipment.and_then(|s| party_at(s, &["Exporter"])));
    d.importer = shipment
        .and_then(|s| party_at(s, &["Importer"]))
        .or_else(|| party_at(decl, &["Importer"]));
    d.consignor = header_consignment
        .and_then(|c| party_at(c, &["Consignor"]))
        .or_else(|| shipment.and_then(|s| party_at(s, &["Consignor"])));
    d.consignee = shipment
        .and_then(|s| party_at(s, &["Consignee"]))
        .or_else(|| party_at(decl, &["Consignee"]));
    d.carrier = header_consignment.and_then(|c| party_at(c, &["Carrier"]));

    let border = kid(decl, "BorderTransportMeans");
    let arrival = shipment_consignment.and_then(|c| kid(c, "ArrivalTransportMeans"));
    let departure = shipment_consignment.and_then(|c| kid(c, "DepartureTransportMeans"));
    let means = [border, arrival, departure];
    let mode_code = means
        .iter()
        .flatten()
        .find_map(|m| text_at(*m, &["ModeCode"]));
    d.transport = TransportMeans {
        mode: mode_code.as_deref().map(|code| {
            transport_mode(code).map(str::to_string).unwrap_or_else(|| {
                warnings.push(format!(
                    "transport mode code '{code}' is not a UN/ECE Rec 19 code"
                ));
                "unknown".to_string()
            })
        }),
        identity: means.iter().flatten().find_map(|m| text_at(*m, &["ID"])),
        nationality: means
            .iter()
            .flatten()
            .find_map(|m| text_at(*m, &["RegistrationNationalityCode"]))
            .map(|c| c.to_ascii_uppercase()),
    };

    d.export_country = shipment.and_then(|s| text_at(s, &["ExportCountry", "ID"]));
    d.destination_country = shipment.and_then(|s| text_at(s, &["Destination", "CountryCode"]));
    if let Some(c) = header_consignment {
        let mut legs: Vec<(u32, String)> = kids(c, "Itinerary")
            .filter_map(|i| {
                let code = text_at(i, &["RoutingCountryCode"])?;
                let seq = text_at(i, &["SequenceNumeric"])
                    .and_then(|s| count(&s))
                    .unwrap_or(u32::MAX);
                Some((seq, code.to_ascii_uppercase()))
            })
            .collect();
        legs.sort_by_key(|(seq, _)| *seq);
        d.routing_countries = legs.into_iter().map(|(_, code)| code).collect();
    }
    d.office = text_at(decl, &["DeclarationOfficeID"])
        .or_else(|| text_at(decl, &["ExitOffice", "ID"]))
        .or_else(|| text_at(decl, &["PresentationOffice", "ID"]));

    if let Some(c) = shipment_consignment {
        d.containers = kids(c, "TransportEquipment")
            .filter_map(|e| {
                Some(Container {
                    id: text_at(e, &["ID"])?,
                    seals: kids(e, "Seal")
                        .filter_map(|s| text_at(s, &["ID"]))
                        .collect(),
                })
            })
            .collect();
    }

    d.totals = Totals {
        items: text_at(decl, &["GoodsItemQuantity"])
            .and_then(|t| count(&t))
            .unwrap_or(0),
        packages: text_at(decl, &["TotalPackageQuantity"]).and_then(|t| count(&t)),
        gross_mass_kg: mass(
            kid(decl, "TotalGrossMassMeasure"),
            "total gross mass",
            &mut warnings,
        ),
    };

    if let Some(s) = shipment {
        for (position, node) in kids(s, "GovernmentAgencyGoodsItem").enumerate() {
            let item = read_item(node, position, &mut warnings)?;
            if d.destination_country.is_none() {
                d.destination_country = text_at(node, &["Destination", "CountryCode"]);
            }
            if d.export_country.is_none() {
                d.export_country = text_at(node, &["ExportCountry", "ID"]);
            }
            d.items.push(item);
        }
    }
    d.export_country = d.export_country.map(|c| c.to_ascii_uppercase());
    d.destination_country = d.destination_country.map(|c| c.to_ascii_uppercase());

    d.amendments = amendments(decl);
    if function == DeclarationFunction::Original {
        warnings.extend(d.totals_warnings());
    }
    d.warnings = warnings;
    Ok(d)
}

/// The commodity code of an item: the Classification of type TSP (UK: the 8-digit commodity code), else one
/// without a type or of type HS; a CUS number (CV), TARIC additional codes (TRC, TRA) and national codes (GN) are
/// not commodity codes.
fn commodity_code(commodity: Node) -> Option<String> {
    let classes: Vec<(Option<String>, String)> = kids(commodity, "Classification")
        .filter_map(|c| {
            Some((
                text_at(c, &["IdentificationTypeCode"]),
                text_at(c, &["ID"])?,
            ))
        })
        .collect();
    let by_type = |wanted: &[&str]| {
        classes.iter().find_map(|(t, id)| {
            t.as_deref()
                .is_some_and(|t| wanted.contains(&t))
                .then(|| id.clone())
        })
    };
    by_type(&["TSP", "HS", "HRM"]).or_else(|| {
        classes
            .iter()
            .find(|(t, _)| t.is_none())
            .map(|(_, id)| id.clone())
    })
}

fn read_item(
    node: Node,
    position: usize,
    warnings: &mut Vec<String>,
) -> Result<GoodsItem, ParseError> {
    let sequence = match text_at(node, &["SequenceNumeric"]) {
        Some(s) => count(&s).ok_or_else(|| {
            error_at(
                kid(node, "SequenceNumeric").unwrap_or(node),
                format!("goods item sequence '{s}' is not a number"),
            )
        })?,
        None => u32::try_from(position + 1).unwrap_or(u32::MAX),
    };
    let place = format!("item {sequence}");
    let commodity = kid(node, "Commodity");
    let measure = commodity.and_then(|c| kid(c, "GoodsMeasure"));
    let packaging: Vec<Node> = kids(node, "Packaging").collect();
    let quantities: Vec<u32> = packaging
        .iter()
        .filter_map(|p| text_at(*p, &["QuantityQuantity"]).and_then(|q| count(&q)))
        .collect();

    let mut cpc: Option<String> = None;
    let mut additional: Vec<String> = Vec::new();
    for p in kids(node, "GovernmentProcedure") {
        let current = text_at(p, &["CurrentCode"]).unwrap_or_default();
        match text_at(p, &["PreviousCode"]) {
            Some(previous) => cpc = Some(format!("{current}{previous}")),
            None if !current.is_empty() => additional.push(current),
            None => {}
        }
    }
    let procedure: Vec<String> = cpc.into_iter().chain(additional).collect();

    let value = commodity
        .and_then(|c| {
            at(c, &["InvoiceLine", "ItemChargeAmount"])
                .or_else(|| kid(node, "StatisticalValueAmount"))
        })
        .and_then(|v| {
            Some(Money {
                amount: decimal(&own_text(v)?)?,
                currency: v.attribute("currencyID").unwrap_or("").to_string(),
            })
        });

    Ok(GoodsItem {
        sequence,
        commodity_code: commodity.and_then(commodity_code),
        description: commodity.and_then(|c| text_at(c, &["Description"])),
        origin_country: kids(node, "Origin")
            .find_map(|o| text_at(o, &["CountryCode"]))
            .map(|c| c.to_ascii_uppercase()),
        packages: (!quantities.is_empty()).then(|| {
            quantities
                .iter()
                .fold(0u32, |sum, q| sum.saturating_add(*q))
        }),
        package_type: packaging.iter().find_map(|p| text_at(*p, &["TypeCode"])),
        gross_mass_kg: mass(
            measure.and_then(|m| kid(m, "GrossMassMeasure")),
            &format!("{place} gross mass"),
            warnings,
        ),
        net_mass_kg: mass(
            measure.and_then(|m| kid(m, "NetNetWeightMeasure")),
            &format!("{place} net mass"),
            warnings,
        ),
        procedure: (!procedure.is_empty()).then(|| procedure.join(" ")),
        value,
        consignee: party_at(node, &["Consignee"]),
        documents: kids(node, "AdditionalDocument")
            .filter_map(|doc| {
                let category = text_at(doc, &["CategoryCode"]).unwrap_or_default();
                let type_code = text_at(doc, &["TypeCode"]).unwrap_or_default();
                let code = format!("{category}{type_code}");
                (!code.is_empty()).then(|| ItemDocument {
                    type_code: code,
                    id: text_at(doc, &["ID"]),
                })
            })
            .collect(),
    })
}

/// A WCO pointer as a path: `42A#1/57A#2` and the tag of the changed element, `@R031`.
fn pointer_path(pointers: &[Node]) -> String {
    let mut path = String::new();
    for p in pointers {
        let Some(section) = text_at(*p, &["DocumentSectionCode"]) else {
            continue;
        };
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(&section);
        if let Some(seq) = text_at(*p, &["SequenceNumeric"]) {
            path.push('#');
            path.push_str(&seq);
        }
        if let Some(tag) = text_at(*p, &["TagID"]) {
            path.push('@');
            path.push_str(&tag);
        }
    }
    path
}

/// The changes an amendment or invalidation carries: each `Amendment` with its pointer path and reason, the
/// statement of the matching `AdditionalInformation` (AES, in the same order) as its note.
fn amendments(decl: Node) -> Vec<AmendmentPointer> {
    let statements: Vec<(String, Vec<Node>)> = kids(decl, "AdditionalInformation")
        .filter(|a| text_at(*a, &["StatementTypeCode"]).as_deref() == Some("AES"))
        .map(|a| {
            (
                text_at(a, &["StatementDescription"]).unwrap_or_default(),
                kids(a, "Pointer").collect(),
            )
        })
        .collect();
    kids(decl, "Amendment")
        .enumerate()
        .map(|(i, a)| {
            let pointers: Vec<Node> = kids(a, "Pointer").collect();
            let statement = statements.get(i);
            let pointer = if pointers.is_empty() {
                statement.map(|(_, p)| pointer_path(p)).unwrap_or_default()
            } else {
                pointer_path(&pointers)
            };
            let reason = text_at(a, &["ChangeReasonCode"]);
            let note = match (reason, statement.map(|(s, _)| s.as_str())) {
                (Some(r), Some(s)) if !s.is_empty() => Some(format!("reason {r}: {s}")),
                (Some(r), _) => Some(format!("reason {r}")),
                (None, Some(s)) if !s.is_empty() => Some(s.to_string()),
                _ => None,
            };
            AmendmentPointer { pointer, note }
        })
        .collect()
}

/// What a DMS notification tells the trader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// 01 DMSACC: the declaration is accepted.
    Accepted,
    /// 02 DMSCLE (in the UK code list, 09): the goods are released / cleared.
    Cleared,
    /// 03 DMSREJ: rejected, with the errors.
    Rejected,
    /// 05 DMSCTL: selected for a control (documents or physical).
    Control,
    /// 06 DMSDOC: documents are asked for.
    DocumentsRequired,
    /// 07 DMSRES: the result of a control, with the corrections customs made.
    ControlResult,
    /// 08 DMSINV: invalidated.
    Invalidated,
    /// 10 DMSHOL: held.
    Held,
    /// 11 DMSREQ: the amendment or invalidation request is answered.
    RequestAnswered,
    /// 13 DMSTAX: the duty calculation.
    DutyCalculation,
    /// A function code this reader does not name.
    Other,
}

impl NotificationKind {
    /// The kind a DMS response function code names (UK CDS code list).
    pub fn from_code(code: &str) -> NotificationKind {
        match code.trim() {
            "01" | "1" => NotificationKind::Accepted,
            "02" | "2" | "09" | "9" => NotificationKind::Cleared,
            "03" | "3" => NotificationKind::Rejected,
            "05" | "5" => NotificationKind::Control,
            "06" | "6" => NotificationKind::DocumentsRequired,
            "07" | "7" => NotificationKind::ControlResult,
            "08" | "8" => NotificationKind::Invalidated,
            "10" => NotificationKind::Held,
            "11" => NotificationKind::RequestAnswered,
            "13" => NotificationKind::DutyCalculation,
            _ => NotificationKind::Other,
        }
    }

    /// The function code a writer puts for this kind (cleared as 09, as UK CDS sends it).
    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::Accepted => "01",
            NotificationKind::Cleared => "09",
            NotificationKind::Rejected => "03",
            NotificationKind::Control => "05",
            NotificationKind::DocumentsRequired => "06",
            NotificationKind::ControlResult => "07",
            NotificationKind::Invalidated => "08",
            NotificationKind::Held => "10",
            NotificationKind::RequestAnswered => "11",
            NotificationKind::DutyCalculation => "13",
            NotificationKind::Other => "99",
        }
    }
}

/// An error a rejection names: the validation code (e.g. CDS12005) and the pointers to the faulty data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationError {
    pub code: String,
    /// Each pointer as a path, as in [`AmendmentPointer::pointer`] (`42A/17C@R144`).
    pub pointer: String,
}

/// One duty or tax of a duty calculation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Duty {
    /// The goods item it is for (0 when for the declaration).
    pub item: u32,
    /// The duty type (A00 customs duty, B00 VAT …).
    pub type_code: String,
    /// The rate in percent, where declared.
    pub rate: Option<f64>,
    pub base: Option<Money>,
    pub amount: Option<Money>,
}

/// A DMS notification: what customs answered about a declaration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub kind: NotificationKind,
    /// The response function code as sent (01, 03, 09, 13 …).
    pub function_code: String,
    /// The notification's own reference.
    pub reference: Option<String>,
    /// When it was issued, as sent (format 304: `20200211114212Z`, `20230526205510+01`).
    pub issued: Option<String>,
    /// The declaration it answers: the trader's reference (LRN) and customs' (MRN), and its version.
    pub declaration_reference: Option<String>,
    pub declaration_id: Option<String>,
    pub declaration_version: Option<String>,
    pub errors: Vec<NotificationError>,
    pub duties: Vec<Duty>,
    /// Corrections customs made (DMSRES) as pointers.
    pub amendments: Vec<AmendmentPointer>,
}

impl Notification {
    /// A notification of `kind` about the declaration `reference` (for a writer to fill).
    pub fn new(kind: NotificationKind, declaration_reference: &str) -> Self {
        Notification {
            kind,
            function_code: kind.code().to_string(),
            reference: None,
            issued: None,
            declaration_reference: Some(declaration_reference.to_string()),
            declaration_id: None,
            declaration_version: None,
            errors: Vec::new(),
            duties: Vec::new(),
            amendments: Vec::new(),
        }
    }
}

/// The notifications of a DMS response document (with or without namespaces).
pub fn parse_notifications(bytes: &[u8]) -> Result<Vec<Notification>, ParseError> {
    let text = xml_text(bytes)?;
    let doc = parse_xml(text)?;
    notifications_in(&doc)
}

fn notifications_in(doc: &roxmltree::Document) -> Result<Vec<Notification>, ParseError> {
    let root = doc.root_element();
    let Some(meta) = metadata(doc, None) else {
        return Err(error_at(
            root,
            format!(
                "not a DMS notification: the root element is '{}', expected MetaData",
                written_name(root)
            ),
        ));
    };
    let responses: Vec<Node> = kids(meta, "Response").collect();
    if responses.is_empty() {
        return Err(error_at(meta, "no Response element in the notification"));
    }
    responses.into_iter().map(read_notification).collect()
}

fn money(node: Option<Node>) -> Option<Money> {
    let node = node?;
    Some(Money {
        amount: decimal(&own_text(node)?)?,
        currency: node.attribute("currencyID").unwrap_or("").to_string(),
    })
}

fn read_notification(response: Node) -> Result<Notification, ParseError> {
    let Some(function_code) = text_at(response, &["FunctionCode"]) else {
        return Err(error_at(response, "the Response has no FunctionCode"));
    };
    let declaration = kid(response, "Declaration");
    let mut duties = Vec::new();
    if let Some(shipment) = declaration.and_then(|d| kid(d, "GoodsShipment")) {
        for item in kids(shipment, "GovernmentAgencyGoodsItem") {
            let sequence = text_at(item, &["SequenceNumeric"])
                .and_then(|s| count(&s))
                .unwrap_or(0);
            for fee in kid(item, "Commodity")
                .into_iter()
                .flat_map(|c| kids(c, "DutyTaxFee"))
            {
                duties.push(Duty {
                    item: sequence,
                    type_code: text_at(fee, &["TypeCode"]).unwrap_or_default(),
                    rate: text_at(fee, &["TaxRateNumeric"]).and_then(|r| decimal(&r)),
                    base: money(kid(fee, "AdValoremTaxBaseAmount")),
                    amount: money(
                        at(fee, &["Payment", "PaymentAmount"])
                            .or_else(|| at(fee, &["Payment", "TaxAssessedAmount"])),
                    ),
                });
            }
        }
    }
    let errors = kids(response, "Error")
        .map(|e| NotificationError {
            code: text_at(e, &["ValidationCode"]).unwrap_or_default(),
            pointer: pointer_path(&kids(e, "Pointer").collect::<Vec<_>>()),
        })
        .collect();
    let corrections = declaration
        .map(|d| {
            kids(d, "Amendment")
                .chain(kids(response, "Amendment"))
                .map(|a| AmendmentPointer {
                    pointer: pointer_path(&kids(a, "Pointer").collect::<Vec<_>>()),
                    note: text_at(a, &["ChangeReasonCode"]).map(|r| format!("reason {r}")),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Notification {
        kind: NotificationKind::from_code(&function_code),
        function_code,
        reference: text_at(response, &["FunctionalReferenceID"]),
        issued: text_at(response, &["IssueDateTime", "DateTimeString"]),
        declaration_reference: declaration.and_then(|d| text_at(d, &["FunctionalReferenceID"])),
        declaration_id: declaration.and_then(|d| text_at(d, &["ID"])),
        declaration_version: declaration.and_then(|d| text_at(d, &["VersionID"])),
        errors,
        duties,
        amendments: corrections,
    })
}
