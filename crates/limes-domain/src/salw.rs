//! Small arms and light weapons at the border (ISACS 05.60 9.2.4, 03.20/03.21, 05.30): transfer authorisations
//! and their issuing authorities, the verification of a consignment against its authorisation (release, or
//! impound with every ground listed), the independent customs inventory of impounded weapons and the custody of
//! impounded weapons from hand-over to hand-over. Pure: no I/O; the day, the screening hits and the embargo list
//! are passed in.
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The largest specimen image (signature or seal) kept for a foreign issuer.
pub const MAX_SPECIMEN_BYTES: usize = 256 * 1024;
/// The most specimens one issuer keeps.
pub const MAX_SPECIMENS: usize = 4;
/// The most weapon lines on one authorisation, and weapons in one consignment or inventory.
pub const MAX_LINES: usize = 200;
pub const MAX_WEAPONS: usize = 10_000;

/// What a transfer authorisation allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    Export,
    Import,
    Transit,
    Brokering,
}

impl TransferKind {
    pub const ALL: [TransferKind; 4] = [
        TransferKind::Export,
        TransferKind::Import,
        TransferKind::Transit,
        TransferKind::Brokering,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            TransferKind::Export => "export",
            TransferKind::Import => "import",
            TransferKind::Transit => "transit",
            TransferKind::Brokering => "brokering",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        TransferKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a specimen image shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpecimenKind {
    Signature,
    Seal,
}

/// A specimen signature or seal of an issuing authority, as an image (PNG or JPEG), base64 in `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Specimen {
    pub kind: SpecimenKind,
    /// `image/png` or `image/jpeg`, read from the bytes, not from what the sender said.
    pub content_type: String,
    /// SHA-256 of the image, hex.
    pub sha256: String,
    /// The image, base64.
    pub data: String,
}

/// An authority that issues transfer authorisations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Issuer {
    /// Short code the authorisations name (`UTO-MOD`).
    pub code: String,
    pub name: String,
    /// ISO 3166-1 alpha-3 code of its state.
    pub country: String,
    /// For authorisations issued in Limes: the Ed25519 public key (hex) their signatures verify against.
    #[serde(default)]
    pub public_key: Option<String>,
    /// Specimen signatures and seals of a foreign issuer, for the officer to compare with the paper.
    #[serde(default)]
    pub specimens: Vec<Specimen>,
    /// An issuer no longer recognised stays listed but authenticates nothing.
    pub active: bool,
}

/// Why an image is not taken as a specimen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecimenProblem {
    #[error("the image is {size} bytes; at most {max} are taken")]
    TooLarge { size: usize, max: usize },
    #[error("not a PNG or JPEG image")]
    NotAnImage,
    #[error("empty file")]
    Empty,
}

/// The image type of a specimen, read from its first bytes; refused when too large or not PNG/JPEG.
pub fn specimen_type(bytes: &[u8]) -> Result<&'static str, SpecimenProblem> {
    if bytes.is_empty() {
        return Err(SpecimenProblem::Empty);
    }
    if bytes.len() > MAX_SPECIMEN_BYTES {
        return Err(SpecimenProblem::TooLarge {
            size: bytes.len(),
            max: MAX_SPECIMEN_BYTES,
        });
    }
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]) {
        Ok("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Ok("image/jpeg")
    } else {
        Err(SpecimenProblem::NotAnImage)
    }
}

/// A party to a transfer: exporter, consignee, end user, broker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Party {
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    #[serde(default)]
    pub address: String,
}

/// The route an authorisation covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Route {
    pub export_country: String,
    #[serde(default)]
    pub transit_countries: Vec<String>,
    pub import_country: String,
    /// The BCPs the consignment may cross at, where the authorisation names them (empty: any).
    #[serde(default)]
    pub bcps: Vec<String>,
}

impl Route {
    /// Every country on the route, export first.
    pub fn countries(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.export_country.as_str())
            .chain(self.transit_countries.iter().map(String::as_str))
            .chain(std::iter::once(self.import_country.as_str()))
    }
}

/// One line of an authorisation: weapons of one description with their serial numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WeaponLine {
    /// Pistol, revolver, rifle, assault rifle, light machine gun …
    pub weapon_type: String,
    pub make: String,
    pub model: String,
    pub calibre: String,
    pub quantity: u32,
    pub serials: Vec<String>,
}

/// A transfer authorisation (export, import, transit or brokering licence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Authorisation {
    pub kind: TransferKind,
    /// The issuing authority's code (see [`Issuer`]).
    pub issuer: String,
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub exporter: Party,
    pub consignee: Party,
    pub end_user: Party,
    /// The reference of the end-use (end-user) certificate.
    pub end_use_certificate: String,
    #[serde(default)]
    pub broker: Option<Party>,
    pub route: Route,
    pub lines: Vec<WeaponLine>,
    /// For an authorisation issued in Limes: the issuer's Ed25519 signature (hex) over [`Authorisation::signed_bytes`].
    #[serde(default)]
    pub signature: Option<String>,
}

impl Authorisation {
    /// The key an authorisation is kept and found under: issuer and number.
    pub fn key(&self) -> String {
        authorisation_key(&self.issuer, &self.number)
    }

    /// What the signature covers: every field but the signature, each length-prefixed, in a fixed order.
    pub fn signed_bytes(&self) -> Vec<u8> {
        fn field(out: &mut Vec<u8>, v: &str) {
            out.extend_from_slice(&(v.len() as u64).to_be_bytes());
            out.extend_from_slice(v.as_bytes());
        }
        fn party(out: &mut Vec<u8>, p: &Party) {
            field(out, &p.name);
            field(out, &p.country);
            field(out, &p.address);
        }
        let mut out = b"limes-salw-authorisation-v1".to_vec();
        field(&mut out, self.kind.as_str());
        field(&mut out, &self.issuer);
        field(&mut out, &self.number);
        field(&mut out, &self.valid_from.to_string());
        field(&mut out, &self.valid_until.to_string());
        party(&mut out, &self.exporter);
        party(&mut out, &self.consignee);
        party(&mut out, &self.end_user);
        field(&mut out, &self.end_use_certificate);
        match &self.broker {
            Some(b) => {
                field(&mut out, "broker");
                party(&mut out, b);
            }
            None => field(&mut out, ""),
        }
        let list = |out: &mut Vec<u8>, items: &[String]| {
            out.extend_from_slice(&(items.len() as u64).to_be_bytes());
            for i in items {
                field(out, i);
            }
        };
        field(&mut out, &self.route.export_country);
        list(&mut out, &self.route.transit_countries);
        field(&mut out, &self.route.import_country);
        list(&mut out, &self.route.bcps);
        out.extend_from_slice(&(self.lines.len() as u64).to_be_bytes());
        for l in &self.lines {
            field(&mut out, &l.weapon_type);
            field(&mut out, &l.make);
            field(&mut out, &l.model);
            field(&mut out, &l.calibre);
            out.extend_from_slice(&u64::from(l.quantity).to_be_bytes());
            list(&mut out, &l.serials);
        }
        out
    }

    /// Signed by `key` (the issuer's key in Limes).
    pub fn sign(&mut self, key: &SigningKey) {
        self.signature = None;
        self.signature = Some(hex::encode(key.sign(&self.signed_bytes()).to_bytes()));
    }

    /// The signature verifies against the issuer's public key.
    pub fn signature_verifies(&self, public_key_hex: &str) -> bool {
        let Some(key) = crate::audit_checkpoint::parse_public_key(public_key_hex) else {
            return false;
        };
        let Some(bytes) = self.signature.as_deref().and_then(|s| hex::decode(s).ok()) else {
            return false;
        };
        let Ok(signature) = Signature::from_slice(&bytes) else {
            return false;
        };
        key.verify(&self.signed_bytes(), &signature).is_ok()
    }

    /// Weapons authorised in all.
    pub fn weapon_count(&self) -> u64 {
        self.lines.iter().map(|l| u64::from(l.quantity)).sum()
    }
}

/// The key of an authorisation: `ISSUER:NUMBER`, upper-cased and trimmed.
pub fn authorisation_key(issuer: &str, number: &str) -> String {
    format!(
        "{}:{}",
        issuer.trim().to_uppercase(),
        number.trim().to_uppercase()
    )
}

/// A serial number for comparison: letters and digits only, upper case.
pub fn normalize_serial(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A type, make or model for comparison: letters and digits only, upper case (`AK-47` equals `ak 47`).
pub fn normalize_designation(s: &str) -> String {
    normalize_serial(s)
}

/// A calibre for comparison: decimal comma as point, `×`/`*`/`X` as `x`, no spaces, no `mm` (`7,62 × 39 mm`
/// equals `7.62x39`).
pub fn normalize_calibre(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        match c {
            ',' => out.push('.'),
            '×' | '*' | 'х' => out.push('x'),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    let out = out.replace("mm", "");
    out.trim_end_matches('.').to_string()
}

/// A party name for comparison: letters and digits, single spaces, upper case.
pub fn normalize_party(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn same_country(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// What is wrong with an authorisation presented for registration; `field` names the field or the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuthorisationProblem {
    /// `issuer`, `valid_until`, `line 2` …
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for AuthorisationProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Check an authorisation before it is registered on `today`: a known, active issuer; dates in order and not
/// past; the parties, certificate and route filled; each line described, its quantity equal to the serials it
/// lists, no serial twice (in one line or across lines); a Limes issuer's signature verifying. Every problem is
/// listed, lines named from 1.
pub fn validate_authorisation(
    a: &Authorisation,
    issuer: Option<&Issuer>,
    today: NaiveDate,
) -> Result<(), Vec<AuthorisationProblem>> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| {
        problems.push(AuthorisationProblem {
            field: field.to_string(),
            message,
        })
    };
    match issuer {
        None => problem(
            "issuer",
            format!("unknown issuing authority '{}'", a.issuer),
        ),
        Some(i) if !i.active => problem(
            "issuer",
            format!("issuing authority '{}' is no longer recognised", i.code),
        ),
        Some(i) => {
            if let Some(key) = &i.public_key {
                if a.signature.is_none() {
                    problem(
                        "signature",
                        format!("authorisations of '{}' are signed; this one is not", i.code),
                    );
                } else if !a.signature_verifies(key) {
                    problem(
                        "signature",
                        format!(
                            "the signature does not verify against the key of '{}'",
                            i.code
                        ),
                    );
                }
            }
        }
    }
    if a.number.trim().is_empty() {
        problem("number", "the authorisation number is missing".into());
    }
    if a.valid_until < a.valid_from {
        problem(
            "valid_until",
            format!(
                "valid until {} is before valid from {}",
                a.valid_until, a.valid_from
            ),
        );
    } else if a.valid_until < today {
        problem("valid_until", format!("expired on {}", a.valid_until));
    }
    for (field, party) in [
        ("exporter", &a.exporter),
        ("consignee", &a.consignee),
        ("end_user", &a.end_user),
    ] {
        if party.name.trim().is_empty() {
            problem(field, "the name is missing".into());
        }
        if party.country.trim().is_empty() {
            problem(field, "the country is missing".into());
        }
    }
    if a.end_use_certificate.trim().is_empty() {
        problem(
            "end_use_certificate",
            "the end-use certificate reference is missing".into(),
        );
    }
    if a.route.export_country.trim().is_empty() || a.route.import_country.trim().is_empty() {
        problem(
            "route",
            "the countries of export and import are required".into(),
        );
    }
    if a.lines.is_empty() {
        problem("lines", "an authorisation lists at least one line".into());
    }
    if a.lines.len() > MAX_LINES {
        problem("lines", format!("at most {MAX_LINES} lines"));
    }
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    for (i, line) in a.lines.iter().enumerate() {
        let n = i + 1;
        let field = format!("line {n}");
        for (what, value) in [
            ("type", &line.weapon_type),
            ("make", &line.make),
            ("model", &line.model),
            ("calibre", &line.calibre),
        ] {
            if value.trim().is_empty() {
                problem(&field, format!("the {what} is missing"));
            }
        }
        if line.quantity == 0 {
            problem(&field, "the quantity is zero".into());
        }
        let listed = line
            .serials
            .iter()
            .filter(|s| !normalize_serial(s).is_empty())
            .count();
        if listed != line.quantity as usize {
            problem(
                &field,
                format!(
                    "quantity {} but {listed} serial numbers listed",
                    line.quantity
                ),
            );
        }
        for serial in &line.serials {
            let key = normalize_serial(serial);
            if key.is_empty() {
                continue;
            }
            match first_line_of.get(&key) {
                Some(&other) if other == n => {
                    problem(&field, format!("serial {serial} is listed twice"));
                }
                Some(&other) => problem(
                    &field,
                    format!("serial {serial} is also listed on line {other}"),
                ),
                None => {
                    first_line_of.insert(key, n);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A weapon as presented at the border (or counted into the inventory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PresentedWeapon {
    pub weapon_type: String,
    pub make: String,
    pub model: String,
    pub calibre: String,
    /// The serial number read from the weapon; empty when it bears none.
    #[serde(default)]
    pub serial: String,
    /// The weapon bears its markings (ISACS 05.30): false, or an empty serial, is a ground for impounding.
    #[serde(default = "yes")]
    pub marked: bool,
}

fn yes() -> bool {
    true
}

/// A consignment presented at the border with the authorisation it invokes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Consignment {
    pub authorisation_issuer: String,
    pub authorisation_number: String,
    /// The BCP where it is presented.
    pub bcp: String,
    pub exporter: String,
    pub consignee: String,
    pub end_user: String,
    /// ISO 3166-1 alpha-3 codes, as the transport documents give them.
    pub export_country: String,
    pub import_country: String,
    pub weapons: Vec<PresentedWeapon>,
}

/// A party's name screened against the sanctions lists, with a hit at or above the alert threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SanctionsHit {
    /// `exporter`, `consignee`, `end_user`.
    pub party: String,
    pub name: String,
    pub list: String,
    pub entry: String,
    pub score: f64,
}

/// Why a consignment cannot be released, or why an inventory or a count differs from what it should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroundCode {
    NoAuthorisation,
    InvalidAuthorisation,
    UnknownIssuer,
    SignatureMissing,
    SignatureInvalid,
    NotYetValid,
    Expired,
    RouteNotCovered,
    BcpNotCovered,
    PartyMismatch,
    GoodsMismatch,
    SerialNotAuthorised,
    SerialMissing,
    SerialTwice,
    QuantityMismatch,
    Unmarked,
    SanctionedParty,
    EmbargoedDestination,
}

impl GroundCode {
    pub fn as_str(self) -> &'static str {
        match self {
            GroundCode::NoAuthorisation => "no_authorisation",
            GroundCode::InvalidAuthorisation => "invalid_authorisation",
            GroundCode::UnknownIssuer => "unknown_issuer",
            GroundCode::SignatureMissing => "signature_missing",
            GroundCode::SignatureInvalid => "signature_invalid",
            GroundCode::NotYetValid => "not_yet_valid",
            GroundCode::Expired => "expired",
            GroundCode::RouteNotCovered => "route_not_covered",
            GroundCode::BcpNotCovered => "bcp_not_covered",
            GroundCode::PartyMismatch => "party_mismatch",
            GroundCode::GoodsMismatch => "goods_mismatch",
            GroundCode::SerialNotAuthorised => "serial_not_authorised",
            GroundCode::SerialMissing => "serial_missing",
            GroundCode::SerialTwice => "serial_twice",
            GroundCode::QuantityMismatch => "quantity_mismatch",
            GroundCode::Unmarked => "unmarked",
            GroundCode::SanctionedParty => "sanctioned_party",
            GroundCode::EmbargoedDestination => "embargoed_destination",
        }
    }
}

/// One ground, with where it was found: the authorisation's line, the presented weapon (both from 1), what is
/// concerned (a field, a party, a serial, a country), what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Ground {
    pub code: GroundCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weapon: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
}

impl Ground {
    fn new(code: GroundCode) -> Ground {
        Ground {
            code,
            line: None,
            weapon: None,
            subject: None,
            expected: None,
            found: None,
        }
    }
    fn line(mut self, line: usize) -> Ground {
        self.line = Some(line as u32);
        self
    }
    fn weapon(mut self, weapon: usize) -> Ground {
        self.weapon = Some(weapon as u32);
        self
    }
    fn subject(mut self, subject: impl Into<String>) -> Ground {
        self.subject = Some(subject.into());
        self
    }
    fn expected(mut self, expected: impl Into<String>) -> Ground {
        self.expected = Some(expected.into());
        self
    }
    fn found(mut self, found: impl Into<String>) -> Ground {
        self.found = Some(found.into());
        self
    }
}

impl std::fmt::Display for Ground {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code.as_str())?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(weapon) = self.weapon {
            write!(f, ", weapon {weapon}")?;
        }
        if let Some(subject) = &self.subject {
            write!(f, ", {subject}")?;
        }
        if let Some(expected) = &self.expected {
            write!(f, ", expected {expected}")?;
        }
        if let Some(found) = &self.found {
            write!(f, ", found {found}")?;
        }
        Ok(())
    }
}

/// Release, or impound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerificationOutcome {
    Release,
    Impound,
}

impl VerificationOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationOutcome::Release => "release",
            VerificationOutcome::Impound => "impound",
        }
    }
}

/// The verification of a consignment: released only with no ground at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Verification {
    pub outcome: VerificationOutcome,
    pub grounds: Vec<Ground>,
    /// Weapons presented.
    pub weapons: usize,
}

/// What the verification knows besides the consignment and its authorisation.
#[derive(Debug, Clone, Copy)]
pub struct VerificationContext<'a> {
    pub today: NaiveDate,
    /// The state where the consignment is presented (ISO alpha-3): it must be on the route.
    pub state_country: &'a str,
    /// Embargoed destinations (ISO alpha-3).
    pub embargoed: &'a [String],
    /// The parties' hits on the sanctions lists.
    pub sanctions: &'a [SanctionsHit],
}

/// A weapon described for comparison, as presented, inventoried or authorised.
struct Described<'a> {
    weapon_type: &'a str,
    make: &'a str,
    model: &'a str,
    calibre: &'a str,
    serial: &'a str,
    marked: bool,
}

/// The goods compared with the lines, weapon by weapon: each weapon's serial found on a line with the same type,
/// make, model and calibre (normalised); every serial of every line present once; each line's quantity met;
/// every weapon marked.
fn compare_goods<'a>(
    lines: &[WeaponLine],
    weapons: impl Iterator<Item = Described<'a>>,
) -> Vec<Ground> {
    let mut grounds = Vec::new();
    let mut line_of: HashMap<String, usize> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        for s in &line.serials {
            line_of.entry(normalize_serial(s)).or_insert(i);
        }
    }
    let norms: Vec<[String; 4]> = lines
        .iter()
        .map(|l| {
            [
                normalize_designation(&l.weapon_type),
                normalize_designation(&l.make),
                normalize_designation(&l.model),
                normalize_calibre(&l.calibre),
            ]
        })
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut presented_on_line = vec![0u32; lines.len()];
    for (i, w) in weapons.enumerate() {
        let n = i + 1;
        let serial = normalize_serial(w.serial);
        if !w.marked || serial.is_empty() {
            grounds.push(
                Ground::new(GroundCode::Unmarked)
                    .weapon(n)
                    .found(format!("{} {} {}", w.make, w.model, w.calibre)),
            );
            if serial.is_empty() {
                continue;
            }
        }
        if !seen.insert(serial.clone()) {
            grounds.push(
                Ground::new(GroundCode::SerialTwice)
                    .weapon(n)
                    .subject(w.serial),
            );
            continue;
        }
        let Some(&li) = line_of.get(&serial) else {
            grounds.push(
                Ground::new(GroundCode::SerialNotAuthorised)
                    .weapon(n)
                    .subject(w.serial)
                    .found(format!(
                        "{} {} {} {}",
                        w.weapon_type, w.make, w.model, w.calibre
                    )),
            );
            continue;
        };
        presented_on_line[li] += 1;
        let line = &lines[li];
        let found = [
            normalize_designation(w.weapon_type),
            normalize_designation(w.make),
            normalize_designation(w.model),
            normalize_calibre(w.calibre),
        ];
        let fields = [
            ("type", &line.weapon_type, w.weapon_type),
            ("make", &line.make, w.make),
            ("model", &line.model, w.model),
            ("calibre", &line.calibre, w.calibre),
        ];
        for (k, (field, expected, presented)) in fields.into_iter().enumerate() {
            if norms[li][k] != found[k] {
                grounds.push(
                    Ground::new(GroundCode::GoodsMismatch)
                        .line(li + 1)
                        .weapon(n)
                        .subject(format!("{field} (serial {})", w.serial))
                        .expected(expected.as_str())
                        .found(presented),
                );
            }
        }
    }
    for (li, line) in lines.iter().enumerate() {
        for s in &line.serials {
            if !seen.contains(&normalize_serial(s)) {
                grounds.push(
                    Ground::new(GroundCode::SerialMissing)
                        .line(li + 1)
                        .subject(s.as_str()),
                );
            }
        }
        if presented_on_line[li] != line.quantity {
            grounds.push(
                Ground::new(GroundCode::QuantityMismatch)
                    .line(li + 1)
                    .expected(line.quantity.to_string())
                    .found(presented_on_line[li].to_string()),
            );
        }
    }
    grounds
}

/// Verify a consignment against the authorisation it invokes (`None`: none is registered under that issuer and
/// number) and that authorisation's issuer (`None`: unknown). Every ground is listed; any ground impounds.
pub fn verify_consignment(
    consignment: &Consignment,
    authorisation: Option<&Authorisation>,
    issuer: Option<&Issuer>,
    ctx: &VerificationContext<'_>,
) -> Verification {
    let mut grounds = Vec::new();
    // Screening and embargo are grounds whatever the paperwork says.
    for hit in ctx.sanctions {
        grounds.push(
            Ground::new(GroundCode::SanctionedParty)
                .subject(format!("{}: {}", hit.party, hit.name))
                .found(format!("{} {}", hit.list, hit.entry)),
        );
    }
    let mut destinations: Vec<&str> = vec![consignment.import_country.as_str()];
    if let Some(a) = authorisation {
        destinations.push(&a.route.import_country);
        destinations.push(&a.consignee.country);
        destinations.push(&a.end_user.country);
    }
    let mut named: HashSet<String> = HashSet::new();
    for d in destinations {
        let d = d.trim().to_ascii_uppercase();
        if ctx.embargoed.iter().any(|e| same_country(e, &d)) && named.insert(d.clone()) {
            grounds.push(Ground::new(GroundCode::EmbargoedDestination).subject(d));
        }
    }
    let weapons = consignment.weapons.len();
    let Some(a) = authorisation else {
        grounds.push(
            Ground::new(GroundCode::NoAuthorisation).subject(authorisation_key(
                &consignment.authorisation_issuer,
                &consignment.authorisation_number,
            )),
        );
        return Verification {
            outcome: VerificationOutcome::Impound,
            grounds,
            weapons,
        };
    };
    // Authentic: a known, active issuer; for Limes issuers a signature verifying offline.
    match issuer {
        None => grounds.push(Ground::new(GroundCode::UnknownIssuer).subject(a.issuer.as_str())),
        Some(i) if !i.active => {
            grounds.push(Ground::new(GroundCode::UnknownIssuer).subject(i.code.as_str()))
        }
        Some(i) => {
            if let Some(key) = &i.public_key {
                if a.signature.is_none() {
                    grounds
                        .push(Ground::new(GroundCode::SignatureMissing).subject(i.code.as_str()));
                } else if !a.signature_verifies(key) {
                    grounds
                        .push(Ground::new(GroundCode::SignatureInvalid).subject(i.code.as_str()));
                }
            }
        }
    }
    // Valid today.
    if ctx.today < a.valid_from {
        grounds.push(
            Ground::new(GroundCode::NotYetValid)
                .expected(a.valid_from.to_string())
                .found(ctx.today.to_string()),
        );
    }
    if ctx.today > a.valid_until {
        grounds.push(
            Ground::new(GroundCode::Expired)
                .expected(a.valid_until.to_string())
                .found(ctx.today.to_string()),
        );
    }
    // Route: this state on it, the BCP among those named, the documents' countries those authorised.
    if !a
        .route
        .countries()
        .any(|c| same_country(c, ctx.state_country))
    {
        grounds.push(
            Ground::new(GroundCode::RouteNotCovered)
                .subject("route")
                .expected(a.route.countries().collect::<Vec<_>>().join(" → "))
                .found(ctx.state_country),
        );
    }
    if !a.route.bcps.is_empty()
        && !a
            .route
            .bcps
            .iter()
            .any(|b| b.trim().eq_ignore_ascii_case(consignment.bcp.trim()))
    {
        grounds.push(
            Ground::new(GroundCode::BcpNotCovered)
                .expected(a.route.bcps.join(", "))
                .found(consignment.bcp.as_str()),
        );
    }
    for (field, expected, found) in [
        (
            "export_country",
            &a.route.export_country,
            &consignment.export_country,
        ),
        (
            "import_country",
            &a.route.import_country,
            &consignment.import_country,
        ),
    ] {
        if !same_country(expected, found) {
            grounds.push(
                Ground::new(GroundCode::RouteNotCovered)
                    .subject(field)
                    .expected(expected.as_str())
                    .found(found.as_str()),
            );
        }
    }
    // Parties.
    for (field, expected, found) in [
        ("exporter", &a.exporter.name, &consignment.exporter),
        ("consignee", &a.consignee.name, &consignment.consignee),
        ("end_user", &a.end_user.name, &consignment.end_user),
    ] {
        if normalize_party(expected) != normalize_party(found) {
            grounds.push(
                Ground::new(GroundCode::PartyMismatch)
                    .subject(field)
                    .expected(expected.as_str())
                    .found(found.as_str()),
            );
        }
    }
    // A stored authorisation that would not be registered today (its lines) is not relied on.
    if let Err(problems) = validate_authorisation(a, issuer, a.valid_from) {
        for p in problems
            .into_iter()
            .filter(|p| p.field.starts_with("line") || p.field == "lines")
        {
            grounds.push(
                Ground::new(GroundCode::InvalidAuthorisation)
                    .subject(p.field)
                    .found(p.message),
            );
        }
    }
    // The goods, line by line.
    grounds.extend(compare_goods(
        &a.lines,
        consignment.weapons.iter().map(|w| Described {
            weapon_type: &w.weapon_type,
            make: &w.make,
            model: &w.model,
            calibre: &w.calibre,
            serial: &w.serial,
            marked: w.marked,
        }),
    ));
    Verification {
        outcome: if grounds.is_empty() {
            VerificationOutcome::Release
        } else {
            VerificationOutcome::Impound
        },
        grounds,
        weapons,
    }
}

/// The marking applied at import (ISACS 05.30): the importing country and the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportMarking {
    pub country: String,
    pub year: u16,
}

/// One weapon in the customs inventory, counted by customs independently of the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InventoryItem {
    pub weapon_type: String,
    pub make: String,
    pub model: String,
    pub calibre: String,
    /// Empty when the weapon bears none.
    #[serde(default)]
    pub serial: String,
    #[serde(default)]
    pub country_of_manufacture: String,
    #[serde(default)]
    pub country_of_last_import: String,
    #[serde(default)]
    pub import_marking: Option<ImportMarking>,
}

/// What the inventory is compared with: the authorisation's lines, else the weapons as declared, one line each.
pub fn document_lines(
    authorisation: Option<&Authorisation>,
    consignment: &Consignment,
) -> Vec<WeaponLine> {
    match authorisation {
        Some(a) => a.lines.clone(),
        None => consignment
            .weapons
            .iter()
            .filter(|w| !normalize_serial(&w.serial).is_empty())
            .map(|w| WeaponLine {
                weapon_type: w.weapon_type.clone(),
                make: w.make.clone(),
                model: w.model.clone(),
                calibre: w.calibre.clone(),
                quantity: 1,
                serials: vec![w.serial.clone()],
            })
            .collect(),
    }
}

/// The inventory compared with the documents' lines: every difference (a weapon not on them, one on them not
/// counted, a described field that differs, a line's count, a weapon without serial).
pub fn compare_inventory(inventory: &[InventoryItem], lines: &[WeaponLine]) -> Vec<Ground> {
    compare_goods(
        lines,
        inventory.iter().map(|w| Described {
            weapon_type: &w.weapon_type,
            make: &w.make,
            model: &w.model,
            calibre: &w.calibre,
            serial: &w.serial,
            marked: true,
        }),
    )
}

/// Where impounded weapons go: first the most secure store, then military or police storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StorageKind {
    SecureStore,
    Military,
    Police,
}

impl StorageKind {
    pub const ALL: [StorageKind; 3] = [
        StorageKind::SecureStore,
        StorageKind::Military,
        StorageKind::Police,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            StorageKind::SecureStore => "secure_store",
            StorageKind::Military => "military",
            StorageKind::Police => "police",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        StorageKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One movement of impounded weapons: handed over by one officer (with the serials counted out), received by
/// another (with the serials counted in). Any difference from what the impoundment holds is an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CustodyRecord {
    pub id: String,
    pub impoundment: String,
    pub from_place: String,
    pub to_kind: StorageKind,
    pub to_place: String,
    pub handed_by: String,
    pub handed_at: DateTime<Utc>,
    pub handed_count: Vec<String>,
    #[serde(default)]
    pub received_by: Option<String>,
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub received_count: Vec<String>,
    /// The differences of the counts from the inventory, found at hand-over and at receipt.
    #[serde(default)]
    pub differences: Vec<CountDifference>,
}

impl CustodyRecord {
    pub fn confirmed(&self) -> bool {
        self.received_by.is_some()
    }
    /// A count differed: an incident, shown with the record.
    pub fn incident(&self) -> bool {
        !self.differences.is_empty()
    }
}

/// A serial counted where it should not be, or not counted where it should.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CountDifference {
    /// `handed` (counted out) or `received` (counted in).
    pub count: String,
    pub serial: String,
    /// `missing`: held but not counted; `extra`: counted but not held.
    pub difference: String,
}

/// Weapons impounded at the border, with their grounds, the customs inventory and the custody chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Impoundment {
    pub id: String,
    pub bcp: String,
    /// The key of the authorisation invoked ([`authorisation_key`]), whether or not it exists.
    pub authorisation: String,
    pub consignment: Consignment,
    pub grounds: Vec<Ground>,
    pub impounded_by: String,
    pub impounded_at: DateTime<Utc>,
    #[serde(default)]
    pub inventory: Vec<InventoryItem>,
    #[serde(default)]
    pub inventory_by: Option<String>,
    #[serde(default)]
    pub inventory_at: Option<DateTime<Utc>>,
    /// The inventory compared with the documents.
    #[serde(default)]
    pub inventory_differences: Vec<Ground>,
    #[serde(default)]
    pub custody: Vec<CustodyRecord>,
    /// The seizure record this impoundment belongs to, when one is made.
    #[serde(default)]
    pub seizure_reference: Option<String>,
}

/// Why a custody step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustodyRefused {
    #[error("the customs inventory is taken before any hand-over")]
    NoInventory,
    #[error("hand-over {0} is waiting for its receiver")]
    Pending(String),
    #[error("the first movement is to the most secure store")]
    SecureStoreFirst,
    #[error("from the most secure store, weapons go to military or police storage")]
    SecureStoreOnce,
    #[error("no hand-over {0} is waiting")]
    NotPending(String),
    #[error("the receiving officer must be another person than the one handing over")]
    SameOfficer,
    #[error("the inventory is taken once")]
    InventoryTaken,
    #[error("the inventory lists no weapon")]
    EmptyInventory,
}

/// A count compared with the serials held: missing and extra, each named.
fn count_differences(held: &[String], counted: &[String], which: &str) -> Vec<CountDifference> {
    let held_set: HashSet<String> = held.iter().map(|s| normalize_serial(s)).collect();
    let counted_set: HashSet<String> = counted.iter().map(|s| normalize_serial(s)).collect();
    let mut out = Vec::new();
    for s in held {
        if !counted_set.contains(&normalize_serial(s)) {
            out.push(CountDifference {
                count: which.into(),
                serial: s.clone(),
                difference: "missing".into(),
            });
        }
    }
    for s in counted {
        if !held_set.contains(&normalize_serial(s)) {
            out.push(CountDifference {
                count: which.into(),
                serial: s.clone(),
                difference: "extra".into(),
            });
        }
    }
    out
}

impl Impoundment {
    /// The serials the impoundment holds, per its inventory.
    pub fn held_serials(&self) -> Vec<String> {
        self.inventory
            .iter()
            .filter(|i| !i.serial.trim().is_empty())
            .map(|i| i.serial.clone())
            .collect()
    }

    /// Where the weapons are: the last place received into, else the BCP.
    pub fn current_place(&self) -> String {
        self.custody
            .iter()
            .rev()
            .find(|c| c.confirmed())
            .map_or_else(|| self.bcp.clone(), |c| c.to_place.clone())
    }

    pub fn pending_handover(&self) -> Option<&CustodyRecord> {
        self.custody.iter().find(|c| !c.confirmed())
    }

    /// Hand-overs whose counts differed.
    pub fn incidents(&self) -> usize {
        self.custody.iter().filter(|c| c.incident()).count()
    }

    /// Take the customs inventory (once) and compare it with the documents' lines.
    pub fn take_inventory(
        &mut self,
        items: Vec<InventoryItem>,
        lines: &[WeaponLine],
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(), CustodyRefused> {
        if self.inventory_at.is_some() {
            return Err(CustodyRefused::InventoryTaken);
        }
        if items.is_empty() {
            return Err(CustodyRefused::EmptyInventory);
        }
        self.inventory_differences = compare_inventory(&items, lines);
        self.inventory = items;
        self.inventory_by = Some(by.to_string());
        self.inventory_at = Some(at);
        Ok(())
    }

    /// Start a hand-over: the inventory taken, none pending, the most secure store first and only first. The
    /// count of the officer handing over is compared with the inventory.
    pub fn start_handover(
        &mut self,
        id: String,
        to_kind: StorageKind,
        to_place: &str,
        handed_by: &str,
        handed_count: Vec<String>,
        at: DateTime<Utc>,
    ) -> Result<&CustodyRecord, CustodyRefused> {
        if self.inventory_at.is_none() {
            return Err(CustodyRefused::NoInventory);
        }
        if let Some(p) = self.pending_handover() {
            return Err(CustodyRefused::Pending(p.id.clone()));
        }
        let first = self.custody.is_empty();
        if first && to_kind != StorageKind::SecureStore {
            return Err(CustodyRefused::SecureStoreFirst);
        }
        if !first && to_kind == StorageKind::SecureStore {
            return Err(CustodyRefused::SecureStoreOnce);
        }
        let differences = count_differences(&self.held_serials(), &handed_count, "handed");
        self.custody.push(CustodyRecord {
            id,
            impoundment: self.id.clone(),
            from_place: self.current_place(),
            to_kind,
            to_place: to_place.trim().to_string(),
            handed_by: handed_by.to_string(),
            handed_at: at,
            handed_count,
            received_by: None,
            received_at: None,
            received_count: Vec::new(),
            differences,
        });
        let last = self.custody.len() - 1;
        Ok(&self.custody[last])
    }

    /// The receiving officer (another person) confirms the pending hand-over with their own count; the
    /// differences from the inventory are recorded with it, never dropped.
    pub fn confirm_handover(
        &mut self,
        id: &str,
        received_by: &str,
        received_count: Vec<String>,
        at: DateTime<Utc>,
    ) -> Result<&CustodyRecord, CustodyRefused> {
        let held = self.held_serials();
        let Some(record) = self
            .custody
            .iter_mut()
            .find(|c| c.id == id && !c.confirmed())
        else {
            return Err(CustodyRefused::NotPending(id.to_string()));
        };
        if record.handed_by == received_by {
            return Err(CustodyRefused::SameOfficer);
        }
        record
            .differences
            .extend(count_differences(&held, &received_count, "received"));
        record.received_by = Some(received_by.to_string());
        record.received_at = Some(at);
        record.received_count = received_count;
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn party(name: &str, country: &str) -> Party {
        Party {
            name: name.into(),
            country: country.into(),
            address: String::new(),
        }
    }

    fn issuer() -> Issuer {
        Issuer {
            code: "UTO-MOD".into(),
            name: "Ministry of Defence of Utopia".into(),
            country: "UTO".into(),
            public_key: None,
            specimens: vec![],
            active: true,
        }
    }

    fn authorisation() -> Authorisation {
        Authorisation {
            kind: TransferKind::Export,
            issuer: "UTO-MOD".into(),
            number: "EX-2026-0042".into(),
            valid_from: day("2026-11-01"),
            valid_until: day("2027-04-30"),
            exporter: party("Utopia Arms Works Ltd", "UTO"),
            consignee: party("Ruritania Police Logistics", "RUR"),
            end_user: party("Ruritania National Police", "RUR"),
            end_use_certificate: "EUC-RUR-2026-118".into(),
            broker: None,
            route: Route {
                export_country: "UTO".into(),
                transit_countries: vec![],
                import_country: "RUR".into(),
                bcps: vec!["LAND1".into()],
            },
            lines: vec![
                WeaponLine {
                    weapon_type: "assault rifle".into(),
                    make: "Kalashnikov".into(),
                    model: "AK-103".into(),
                    calibre: "7.62x39".into(),
                    quantity: 3,
                    serials: vec!["AK1001".into(), "AK1002".into(), "AK1003".into()],
                },
                WeaponLine {
                    weapon_type: "pistol".into(),
                    make: "Glock".into(),
                    model: "17".into(),
                    calibre: "9x19".into(),
                    quantity: 2,
                    serials: vec!["GL-77".into(), "GL-78".into()],
                },
            ],
            signature: None,
        }
    }

    fn consignment(a: &Authorisation) -> Consignment {
        let mut weapons = Vec::new();
        for l in &a.lines {
            for s in &l.serials {
                weapons.push(PresentedWeapon {
                    weapon_type: l.weapon_type.clone(),
                    make: l.make.clone(),
                    model: l.model.clone(),
                    calibre: l.calibre.clone(),
                    serial: s.clone(),
                    marked: true,
                });
            }
        }
        Consignment {
            authorisation_issuer: a.issuer.clone(),
            authorisation_number: a.number.clone(),
            bcp: "LAND1".into(),
            exporter: a.exporter.name.clone(),
            consignee: a.consignee.name.clone(),
            end_user: a.end_user.name.clone(),
            export_country: "UTO".into(),
            import_country: "RUR".into(),
            weapons,
        }
    }

    const NONE: &[String] = &[];

    fn ctx<'a>(embargoed: &'a [String], sanctions: &'a [SanctionsHit]) -> VerificationContext<'a> {
        VerificationContext {
            today: day("2026-12-03"),
            state_country: "UTO",
            embargoed,
            sanctions,
        }
    }

    fn codes(v: &Verification) -> Vec<GroundCode> {
        v.grounds.iter().map(|g| g.code).collect()
    }

    #[test]
    fn calibres_and_designations_compare_normalised() {
        assert_eq!(
            normalize_calibre("7.62x39"),
            normalize_calibre("7,62 × 39 mm")
        );
        assert_eq!(normalize_calibre("7.62X39MM"), "7.62x39");
        assert_ne!(normalize_calibre("7.62x39"), normalize_calibre("7.62x51"));
        assert_eq!(normalize_calibre(".30"), ".30");
        assert_eq!(
            normalize_designation("AK-47"),
            normalize_designation("ak 47")
        );
        assert_eq!(normalize_serial(" gl-77 "), "GL77");
        assert_eq!(
            normalize_party("Utopia  Arms Works, Ltd."),
            normalize_party("UTOPIA ARMS WORKS LTD")
        );
    }

    #[test]
    fn a_good_authorisation_validates() {
        assert_eq!(
            validate_authorisation(&authorisation(), Some(&issuer()), day("2026-12-03")),
            Ok(())
        );
    }

    #[test]
    fn each_bad_authorisation_is_refused_naming_the_field_or_line() {
        let today = day("2026-12-03");
        let fields = |a: &Authorisation, i: Option<&Issuer>| -> Vec<String> {
            validate_authorisation(a, i, today)
                .unwrap_err()
                .into_iter()
                .map(|p| p.to_string())
                .collect()
        };
        // Unknown issuer.
        let f = fields(&authorisation(), None);
        assert!(f.iter().any(|m| m.starts_with("issuer: unknown")), "{f:?}");
        // Inactive issuer.
        let mut inactive = issuer();
        inactive.active = false;
        assert!(fields(&authorisation(), Some(&inactive))[0].starts_with("issuer:"));
        // Expired.
        let mut a = authorisation();
        a.valid_from = day("2026-01-01");
        a.valid_until = day("2026-06-30");
        assert_eq!(
            fields(&a, Some(&issuer())),
            vec!["valid_until: expired on 2026-06-30"]
        );
        // Inverted.
        let mut a = authorisation();
        a.valid_until = day("2026-10-01");
        assert!(fields(&a, Some(&issuer()))[0].contains("before valid from"));
        // Overlapping serials between lines.
        let mut a = authorisation();
        a.lines[1].serials[1] = "ak-1002".into();
        assert_eq!(
            fields(&a, Some(&issuer())),
            vec!["line 2: serial ak-1002 is also listed on line 1"]
        );
        // A serial twice in one line.
        let mut a = authorisation();
        a.lines[0].serials[2] = "AK1001".into();
        assert_eq!(
            fields(&a, Some(&issuer())),
            vec!["line 1: serial AK1001 is listed twice"]
        );
        // Quantity not matching the serials.
        let mut a = authorisation();
        a.lines[1].quantity = 5;
        assert_eq!(
            fields(&a, Some(&issuer())),
            vec!["line 2: quantity 5 but 2 serial numbers listed"]
        );
        // Missing description, certificate, route, lines.
        let mut a = authorisation();
        a.lines[0].calibre = " ".into();
        a.end_use_certificate = String::new();
        a.route.import_country = String::new();
        let f = fields(&a, Some(&issuer()));
        assert!(
            f.contains(&"line 1: the calibre is missing".to_string()),
            "{f:?}"
        );
        assert!(f.iter().any(|m| m.starts_with("end_use_certificate")));
        assert!(f.iter().any(|m| m.starts_with("route")));
        let mut a = authorisation();
        a.lines.clear();
        assert!(fields(&a, Some(&issuer()))[0].starts_with("lines:"));
    }

    #[test]
    fn limes_issued_authorisations_are_signed_and_verified_offline() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let mut limes = issuer();
        limes.public_key = Some(crate::audit_checkpoint::public_key_hex(
            &key.verifying_key(),
        ));
        let today = day("2026-12-03");
        let mut a = authorisation();
        let unsigned = validate_authorisation(&a, Some(&limes), today).unwrap_err();
        assert_eq!(unsigned[0].field, "signature");
        a.sign(&key);
        assert_eq!(validate_authorisation(&a, Some(&limes), today), Ok(()));
        let c = consignment(&a);
        assert_eq!(
            verify_consignment(&c, Some(&a), Some(&limes), &ctx(NONE, &[])).outcome,
            VerificationOutcome::Release
        );
        // Altered after signing: a serial swapped.
        let mut forged = a.clone();
        forged.lines[0].serials[0] = "AK9999".into();
        let mut c2 = c.clone();
        c2.weapons[0].serial = "AK9999".into();
        let v = verify_consignment(&c2, Some(&forged), Some(&limes), &ctx(NONE, &[]));
        assert_eq!(codes(&v), vec![GroundCode::SignatureInvalid]);
        // Signed by another key.
        let mut other = authorisation();
        other.sign(&SigningKey::from_bytes(&[8; 32]));
        assert!(!other.signature_verifies(limes.public_key.as_deref().unwrap()));
    }

    #[test]
    fn a_matching_consignment_is_released() {
        let a = authorisation();
        let mut c = consignment(&a);
        // As the officer writes them.
        c.weapons[0].calibre = "7,62 × 39 mm".into();
        c.weapons[1].model = "AK 103".into();
        c.weapons[3].serial = "gl 77".into();
        c.exporter = "UTOPIA ARMS WORKS LTD.".into();
        let v = verify_consignment(&c, Some(&a), Some(&issuer()), &ctx(NONE, &[]));
        assert_eq!(v.outcome, VerificationOutcome::Release, "{:?}", v.grounds);
        assert!(v.grounds.is_empty());
        assert_eq!(v.weapons, 5);
    }

    #[test]
    fn a_missing_serial_and_a_wrong_calibre_are_both_named() {
        let a = authorisation();
        let mut c = consignment(&a);
        c.weapons.remove(2); // AK1003 missing
        c.weapons[3].calibre = "9x21".into(); // GL-78
        let v = verify_consignment(&c, Some(&a), Some(&issuer()), &ctx(NONE, &[]));
        assert_eq!(v.outcome, VerificationOutcome::Impound);
        let missing = v
            .grounds
            .iter()
            .find(|g| g.code == GroundCode::SerialMissing)
            .unwrap();
        assert_eq!(
            (missing.line, missing.subject.as_deref()),
            (Some(1), Some("AK1003"))
        );
        let calibre = v
            .grounds
            .iter()
            .find(|g| g.code == GroundCode::GoodsMismatch)
            .unwrap();
        assert_eq!(calibre.line, Some(2));
        assert_eq!(calibre.weapon, Some(4));
        assert_eq!(calibre.expected.as_deref(), Some("9x19"));
        assert_eq!(calibre.found.as_deref(), Some("9x21"));
        assert!(calibre.subject.as_deref().unwrap().starts_with("calibre"));
        assert!(codes(&v).contains(&GroundCode::QuantityMismatch));
    }

    #[test]
    fn each_ground_for_denial_impounds() {
        let a = authorisation();
        let base = consignment(&a);
        let check = |c: &Consignment,
                     a: Option<&Authorisation>,
                     i: Option<&Issuer>,
                     cx: &VerificationContext<'_>,
                     want: GroundCode| {
            let v = verify_consignment(c, a, i, cx);
            assert_eq!(v.outcome, VerificationOutcome::Impound, "{want:?}");
            assert!(codes(&v).contains(&want), "{want:?} not in {:?}", v.grounds);
        };
        let ok = ctx(NONE, &[]);
        check(
            &base,
            None,
            Some(&issuer()),
            &ok,
            GroundCode::NoAuthorisation,
        );
        check(&base, Some(&a), None, &ok, GroundCode::UnknownIssuer);
        let mut limes = issuer();
        limes.public_key = Some(crate::audit_checkpoint::public_key_hex(
            &SigningKey::from_bytes(&[1; 32]).verifying_key(),
        ));
        check(
            &base,
            Some(&a),
            Some(&limes),
            &ok,
            GroundCode::SignatureMissing,
        );
        let mut early = ok;
        early.today = day("2026-10-01");
        check(
            &base,
            Some(&a),
            Some(&issuer()),
            &early,
            GroundCode::NotYetValid,
        );
        let mut late = ok;
        late.today = day("2027-05-01");
        check(&base, Some(&a), Some(&issuer()), &late, GroundCode::Expired);
        let mut elsewhere = ok;
        elsewhere.state_country = "FRA";
        check(
            &base,
            Some(&a),
            Some(&issuer()),
            &elsewhere,
            GroundCode::RouteNotCovered,
        );
        let mut c = base.clone();
        c.bcp = "SEA1".into();
        check(
            &c,
            Some(&a),
            Some(&issuer()),
            &ok,
            GroundCode::BcpNotCovered,
        );
        let mut c = base.clone();
        c.import_country = "ABC".into();
        check(
            &c,
            Some(&a),
            Some(&issuer()),
            &ok,
            GroundCode::RouteNotCovered,
        );
        let mut c = base.clone();
        c.end_user = "Someone Else".into();
        check(
            &c,
            Some(&a),
            Some(&issuer()),
            &ok,
            GroundCode::PartyMismatch,
        );
        let mut c = base.clone();
        c.weapons[0].make = "Izhmash".into();
        check(
            &c,
            Some(&a),
            Some(&issuer()),
            &ok,
            GroundCode::GoodsMismatch,
        );
        let mut c = base.clone();
        c.weapons[0].serial = "ZZ1".into();
        check(
            &c,
            Some(&a),
            Some(&issuer()),
            &ok,
            GroundCode::SerialNotAuthorised,
        );
        let mut c = base.clone();
        c.weapons[1].serial = c.weapons[0].serial.clone();
        check(&c, Some(&a), Some(&issuer()), &ok, GroundCode::SerialTwice);
        let mut c = base.clone();
        c.weapons[0].marked = false;
        check(&c, Some(&a), Some(&issuer()), &ok, GroundCode::Unmarked);
        let mut c = base.clone();
        c.weapons[0].serial = String::new();
        check(&c, Some(&a), Some(&issuer()), &ok, GroundCode::Unmarked);
        let embargo = vec!["RUR".to_string()];
        check(
            &base,
            Some(&a),
            Some(&issuer()),
            &ctx(&embargo, &[]),
            GroundCode::EmbargoedDestination,
        );
        let hits = vec![SanctionsHit {
            party: "end_user".into(),
            name: "Ruritania National Police".into(),
            list: "un-sc".into(),
            entry: "QDe.001".into(),
            score: 0.97,
        }];
        check(
            &base,
            Some(&a),
            Some(&issuer()),
            &ctx(NONE, &hits),
            GroundCode::SanctionedParty,
        );
        // A stored authorisation whose line no longer adds up.
        let mut bad = a.clone();
        bad.lines[0].quantity = 4;
        check(
            &base,
            Some(&bad),
            Some(&issuer()),
            &ok,
            GroundCode::InvalidAuthorisation,
        );
        // Without an authorisation the embargo still counts.
        let v = verify_consignment(&base, None, None, &ctx(&embargo, &[]));
        assert_eq!(
            codes(&v),
            vec![
                GroundCode::EmbargoedDestination,
                GroundCode::NoAuthorisation
            ]
        );
    }

    #[test]
    fn five_hundred_weapons_verify_line_by_line() {
        let mut a = authorisation();
        a.lines = vec![WeaponLine {
            weapon_type: "rifle".into(),
            make: "FN Herstal".into(),
            model: "FAL".into(),
            calibre: "7.62x51".into(),
            quantity: 500,
            serials: (0..500).map(|i| format!("FN{i:05}")).collect(),
        }];
        let c = consignment(&a);
        let v = verify_consignment(&c, Some(&a), Some(&issuer()), &ctx(NONE, &[]));
        assert_eq!((v.outcome, v.weapons), (VerificationOutcome::Release, 500));
    }

    #[test]
    fn specimens_must_be_small_images() {
        assert_eq!(specimen_type(b"\x89PNG\r\n\x1a\n rest"), Ok("image/png"));
        assert_eq!(specimen_type(&[0xff, 0xd8, 0xff, 0xe0]), Ok("image/jpeg"));
        assert_eq!(specimen_type(b"%PDF-1.7"), Err(SpecimenProblem::NotAnImage));
        assert_eq!(specimen_type(b""), Err(SpecimenProblem::Empty));
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_SPECIMEN_BYTES + 1, 0);
        assert!(matches!(
            specimen_type(&big),
            Err(SpecimenProblem::TooLarge { .. })
        ));
    }

    fn impounded() -> (Impoundment, Authorisation) {
        let a = authorisation();
        let c = consignment(&a);
        let imp = Impoundment {
            id: "imp-1".into(),
            bcp: "LAND1".into(),
            authorisation: a.key(),
            consignment: c,
            grounds: vec![],
            impounded_by: "customs".into(),
            impounded_at: Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap(),
            inventory: vec![],
            inventory_by: None,
            inventory_at: None,
            inventory_differences: vec![],
            custody: vec![],
            seizure_reference: None,
        };
        (imp, a)
    }

    fn item(l: &WeaponLine, serial: &str) -> InventoryItem {
        InventoryItem {
            weapon_type: l.weapon_type.clone(),
            make: l.make.clone(),
            model: l.model.clone(),
            calibre: l.calibre.clone(),
            serial: serial.into(),
            country_of_manufacture: "RUS".into(),
            country_of_last_import: "UTO".into(),
            import_marking: Some(ImportMarking {
                country: "UTO".into(),
                year: 2019,
            }),
        }
    }

    #[test]
    fn the_inventory_is_compared_with_the_documents() {
        let (mut imp, a) = impounded();
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 11, 0, 0).unwrap();
        let mut items: Vec<InventoryItem> = a.lines[0]
            .serials
            .iter()
            .map(|s| item(&a.lines[0], s))
            .collect();
        items.push(item(&a.lines[1], "GL-77"));
        let mut odd = item(&a.lines[1], "GL-99");
        odd.calibre = "9x21".into();
        items.push(odd);
        assert_eq!(
            imp.clone().take_inventory(vec![], &a.lines, "customs", now),
            Err(CustodyRefused::EmptyInventory)
        );
        imp.take_inventory(items, &a.lines, "customs", now).unwrap();
        let c: Vec<GroundCode> = imp.inventory_differences.iter().map(|g| g.code).collect();
        assert_eq!(
            c,
            vec![
                GroundCode::SerialNotAuthorised,
                GroundCode::SerialMissing,
                GroundCode::QuantityMismatch
            ]
        );
        assert_eq!(
            imp.inventory_differences[1].subject.as_deref(),
            Some("GL-78")
        );
        assert_eq!(
            imp.take_inventory(vec![item(&a.lines[0], "X")], &a.lines, "customs", now),
            Err(CustodyRefused::InventoryTaken)
        );
        // Without an authorisation, the weapons as declared are the documents.
        let lines = document_lines(None, &imp.consignment);
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn custody_moves_in_order_with_two_officers_and_counts_compared() {
        let (mut imp, a) = impounded();
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 11, 0, 0).unwrap();
        let serials: Vec<String> = a.lines.iter().flat_map(|l| l.serials.clone()).collect();
        assert_eq!(
            imp.start_handover(
                "h1".into(),
                StorageKind::SecureStore,
                "Store A",
                "customs",
                serials.clone(),
                now
            )
            .unwrap_err(),
            CustodyRefused::NoInventory
        );
        let items = a
            .lines
            .iter()
            .flat_map(|l| l.serials.iter().map(|s| item(l, s)))
            .collect();
        imp.take_inventory(items, &a.lines, "customs", now).unwrap();
        assert!(imp.inventory_differences.is_empty());
        assert_eq!(
            imp.start_handover(
                "h1".into(),
                StorageKind::Police,
                "Police depot",
                "customs",
                serials.clone(),
                now
            )
            .unwrap_err(),
            CustodyRefused::SecureStoreFirst
        );
        let h = imp
            .start_handover(
                "h1".into(),
                StorageKind::SecureStore,
                "Customs secure store",
                "customs",
                serials.clone(),
                now,
            )
            .unwrap();
        assert_eq!(h.from_place, "LAND1");
        assert!(!h.incident());
        assert!(matches!(
            imp.start_handover(
                "h2".into(),
                StorageKind::Police,
                "x",
                "customs",
                vec![],
                now
            ),
            Err(CustodyRefused::Pending(_))
        ));
        assert_eq!(
            imp.confirm_handover("h1", "customs", serials.clone(), now)
                .unwrap_err(),
            CustodyRefused::SameOfficer
        );
        imp.confirm_handover("h1", "storekeeper", serials.clone(), now)
            .unwrap();
        assert_eq!(imp.current_place(), "Customs secure store");
        assert_eq!(imp.incidents(), 0);
        assert_eq!(
            imp.start_handover(
                "h2".into(),
                StorageKind::SecureStore,
                "again",
                "storekeeper",
                serials.clone(),
                now
            )
            .unwrap_err(),
            CustodyRefused::SecureStoreOnce
        );
        // One weapon short at receipt: recorded and raised.
        imp.start_handover(
            "h2".into(),
            StorageKind::Police,
            "National police armoury",
            "storekeeper",
            serials.clone(),
            now,
        )
        .unwrap();
        let short: Vec<String> = serials[1..].to_vec();
        let r = imp.confirm_handover("h2", "police", short, now).unwrap();
        assert!(r.incident());
        assert_eq!(
            r.differences,
            vec![CountDifference {
                count: "received".into(),
                serial: "AK1001".into(),
                difference: "missing".into()
            }]
        );
        assert_eq!(imp.incidents(), 1);
        assert_eq!(imp.current_place(), "National police armoury");
        assert_eq!(
            imp.confirm_handover("h2", "other", vec![], now)
                .unwrap_err(),
            CustodyRefused::NotPending("h2".into())
        );
    }
}
