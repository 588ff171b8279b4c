//! Small arms at the border (issue 15): the register of issuing authorities (with specimen images, and the
//! installation's public key for authorisations issued in Limes), the registration of transfer authorisations
//! (refused with every reason), the verification of a consignment at a BCP (release, or impound with every
//! ground: never a silent release), the customs inventory of impounded weapons and their custody hand-overs.
use crate::check::{resolve_bcp, CheckError};
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use base64::Engine as _;
use ed25519_dalek::SigningKey;
use limes_domain::audit_checkpoint::{parse_public_key, public_key_hex};
use limes_domain::salw::{
    authorisation_key, document_lines, specimen_type, verify_consignment, Authorisation,
    AuthorisationProblem, Consignment, CustodyRefused, Impoundment, InventoryItem, Issuer,
    SanctionsHit, Specimen, SpecimenKind, StorageKind, Verification, VerificationContext,
    VerificationOutcome, MAX_SPECIMENS, MAX_WEAPONS,
};
use limes_screen::Matcher as _;
use limes_store::salw::{AuthorisationRecord, StoredImpoundment};
use limes_store::StoreError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write as _;
use std::path::Path;
use utoipa::ToSchema;

/// `[salw]` in the configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SalwConfig {
    /// Embargoed destinations (ISO 3166 alpha-2 or alpha-3, or ICAO codes): a consignment to one is impounded.
    pub embargoed_destinations: Vec<String>,
    /// The watchlists the parties are screened against (their ids); empty: every loaded list.
    pub sanctions_lists: Vec<String>,
}

/// Why a small-arms use case failed.
#[derive(Debug, thiserror::Error)]
pub enum SalwError {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The authorisation is refused; every problem is listed.
    #[error("authorisation refused: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Refused { problems: Vec<AuthorisationProblem> },
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Custody(#[from] CustodyRefused),
    #[error("not your BCP: {0}")]
    Forbidden(String),
    #[error(transparent)]
    Bcp(#[from] CheckError),
    #[error("the issuing key: {0}")]
    Key(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SalwError {
    fn invalid(field: &str, message: impl Into<String>) -> SalwError {
        SalwError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl UseCaseError for SalwError {
    fn class(&self) -> ErrorClass {
        match self {
            SalwError::Invalid { field, .. } => invalid(field),
            SalwError::Refused { problems } => ErrorClass::Invalid {
                field: problems
                    .first()
                    .map_or_else(|| "authorisation".to_string(), |p| p.field.clone()),
                details: serde_json::to_value(problems).ok(),
            },
            SalwError::NotFound(_) => ErrorClass::NotFound,
            SalwError::Custody(_) => ErrorClass::Conflict,
            SalwError::Forbidden(_) => ErrorClass::Forbidden,
            SalwError::Bcp(e) => e.class(),
            SalwError::Key(_) => ErrorClass::Internal,
            SalwError::Store(e) => store_class(e),
        }
    }
}

/// The audit event of a change: who, what, on which record, with a short detail (no personal data).
fn event(
    who: Actor<'_>,
    at: chrono::DateTime<chrono::Utc>,
    action: &str,
    subject: String,
    detail: String,
) -> limes_domain::AuditEvent {
    let mut e = who.audit(at, action);
    e.subject = Some(subject);
    e.detail = detail;
    e
}

/// The 3-letter code of a country written as ISO alpha-2, alpha-3 or ICAO; the field named when unknown.
fn country(field: &str, raw: &str) -> Result<String, SalwError> {
    crate::vehicles::country_code(raw)
        .map(str::to_string)
        .ok_or_else(|| SalwError::invalid(field, format!("unknown country '{}'", raw.trim())))
}

const ISSUING_KEY_FILE: &str = "salw-issuing.key";

/// The installation's key for the authorisations it issues, beside the audit key (created 0600 on first use).
pub fn issuing_key(app: &App) -> Result<SigningKey, SalwError> {
    load_or_create_issuing_key(&crate::checkpoints::key_dir(&app.config))
}

fn load_or_create_issuing_key(dir: &Path) -> Result<SigningKey, SalwError> {
    let path = dir.join(ISSUING_KEY_FILE);
    let err = |e: &dyn std::fmt::Display| SalwError::Key(format!("{}: {e}", path.display()));
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let bytes: [u8; 32] = hex::decode(text.trim())
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| err(&"not a 32-byte hex key"))?;
            Ok(SigningKey::from_bytes(&bytes))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| err(&e))?;
            let key = SigningKey::from_bytes(&rand::random::<[u8; 32]>());
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&path).map_err(|e| err(&e))?;
            writeln!(file, "{}", hex::encode(key.to_bytes()))
                .and_then(|()| file.sync_all())
                .map_err(|e| err(&e))?;
            Ok(key)
        }
        Err(e) => Err(err(&e)),
    }
}

/// An issuing authority as registered by a person.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct IssuerInput {
    pub code: String,
    pub name: String,
    pub country: String,
    /// Authorisations of this issuer are issued in Limes at this installation and signed with its key.
    #[serde(default)]
    pub issued_in_limes: bool,
    /// Or the Ed25519 public key (hex) of the issuer's own system, whose signatures are verified.
    #[serde(default)]
    pub public_key: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Register an issuing authority, or change one (its specimens kept).
#[tracing::instrument(skip_all, fields(issuer = %input.code))]
pub async fn put_issuer(
    app: &App,
    who: Actor<'_>,
    input: IssuerInput,
) -> Result<Issuer, SalwError> {
    let code = input.code.trim().to_uppercase();
    if code.is_empty()
        || code.len() > 32
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(SalwError::invalid(
            "code",
            "1 to 32 letters, digits, '-' or '_'",
        ));
    }
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(SalwError::invalid("name", "1 to 200 characters"));
    }
    let country = country("country", &input.country)?;
    let public_key = if input.issued_in_limes {
        Some(public_key_hex(&issuing_key(app)?.verifying_key()))
    } else {
        match input
            .public_key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            Some(k) if parse_public_key(k).is_some() => Some(k.to_ascii_lowercase()),
            Some(_) => {
                return Err(SalwError::invalid(
                    "public_key",
                    "not an Ed25519 public key (64 hex digits)",
                ))
            }
            None => None,
        }
    };
    let specimens = app
        .store
        .salw_issuer(&code)
        .await?
        .map(|i| i.specimens)
        .unwrap_or_default();
    let issuer = Issuer {
        code: code.clone(),
        name,
        country,
        public_key,
        specimens,
        active: input.active,
    };
    let audit = event(
        who,
        app.clock.now(),
        "salw.issuer",
        format!("salw_issuer:{code}"),
        String::new(),
    );
    app.store.put_salw_issuer(issuer.clone(), audit).await?;
    Ok(issuer)
}

/// Add a specimen signature or seal (a PNG or JPEG image, size-limited) to a foreign issuer.
#[tracing::instrument(skip_all, fields(issuer = %code))]
pub async fn add_specimen(
    app: &App,
    who: Actor<'_>,
    code: &str,
    kind: SpecimenKind,
    image: &[u8],
) -> Result<Issuer, SalwError> {
    let content_type =
        specimen_type(image).map_err(|e| SalwError::invalid("image", e.to_string()))?;
    let mut issuer = app
        .store
        .salw_issuer(&code.trim().to_uppercase())
        .await?
        .ok_or_else(|| SalwError::NotFound(format!("issuing authority {code}")))?;
    if issuer.specimens.len() >= MAX_SPECIMENS {
        return Err(SalwError::invalid(
            "image",
            format!("an issuer keeps at most {MAX_SPECIMENS} specimens"),
        ));
    }
    issuer.specimens.push(Specimen {
        kind,
        content_type: content_type.to_string(),
        sha256: hex::encode(Sha256::digest(image)),
        data: base64::engine::general_purpose::STANDARD.encode(image),
    });
    let audit = event(
        who,
        app.clock.now(),
        "salw.issuer.specimen",
        format!("salw_issuer:{}", issuer.code),
        String::new(),
    );
    app.store.put_salw_issuer(issuer.clone(), audit).await?;
    Ok(issuer)
}

pub async fn issuers(app: &App) -> Result<Vec<Issuer>, SalwError> {
    Ok(app.store.salw_issuers().await?)
}

/// Register a transfer authorisation: countries read as codes, an authorisation of an issuer of this
/// installation signed with its key, then validated ([`limes_domain::salw::validate_authorisation`]): refused
/// with every reason.
#[tracing::instrument(skip_all, fields(issuer = %a.issuer, number = %a.number))]
pub async fn register_authorisation(
    app: &App,
    who: Actor<'_>,
    mut a: Authorisation,
) -> Result<AuthorisationRecord, SalwError> {
    a.issuer = a.issuer.trim().to_uppercase();
    a.number = a.number.trim().to_string();
    for (field, party) in [
        ("exporter", &mut a.exporter),
        ("consignee", &mut a.consignee),
        ("end_user", &mut a.end_user),
    ] {
        party.country = country(field, &party.country)?;
    }
    if let Some(b) = &mut a.broker {
        b.country = country("broker", &b.country)?;
    }
    a.route.export_country = country("route", &a.route.export_country)?;
    a.route.import_country = country("route", &a.route.import_country)?;
    for t in &mut a.route.transit_countries {
        *t = country("route", t)?;
    }
    for b in &mut a.route.bcps {
        *b = b.trim().to_ascii_uppercase();
    }
    let issuer = app.store.salw_issuer(&a.issuer).await?;
    if let Some(key) = issuer.as_ref().and_then(|i| i.public_key.as_deref()) {
        if a.signature.is_none() {
            let own = issuing_key(app)?;
            if public_key_hex(&own.verifying_key()) == key {
                a.sign(&own);
            }
        }
    }
    let now = app.clock.now();
    limes_domain::salw::validate_authorisation(&a, issuer.as_ref(), now.date_naive())
        .map_err(|problems| SalwError::Refused { problems })?;
    let record = AuthorisationRecord {
        authorisation: a,
        registered_by: who.name().to_string(),
        registered_at: now,
    };
    let audit = event(
        who,
        now,
        "salw.authorisation.register",
        format!("salw_authorisation:{}", record.authorisation.key()),
        String::new(),
    );
    app.store
        .register_salw_authorisation(record.clone(), audit)
        .await?;
    Ok(record)
}

pub async fn authorisations(
    app: &App,
    limit: usize,
) -> Result<Vec<AuthorisationRecord>, SalwError> {
    Ok(app.store.salw_authorisations(limit).await?)
}

pub async fn authorisation(app: &App, key: &str) -> Result<AuthorisationRecord, SalwError> {
    app.store
        .salw_authorisation(key)
        .await?
        .ok_or_else(|| SalwError::NotFound(format!("authorisation {key}")))
}

/// The verification of a consignment, and the impoundment it made when it found a ground.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VerificationReport {
    pub verification: Verification,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impoundment: Option<String>,
}

/// The parties named on the documents, screened against the sanctions lists (at the alert threshold).
async fn screen_parties(app: &App, c: &Consignment) -> Result<Vec<SanctionsHit>, SalwError> {
    let screener = app.screener.clone();
    let threshold = app.alert_threshold();
    let lists = app.config.salw.sanctions_lists.clone();
    let parties = vec![
        ("exporter".to_string(), c.exporter.clone()),
        ("consignee".to_string(), c.consignee.clone()),
        ("end_user".to_string(), c.end_user.clone()),
    ];
    tokio::task::spawn_blocking(move || {
        let mut hits = Vec::new();
        for (party, name) in parties {
            if name.trim().is_empty() {
                continue;
            }
            let query = limes_screen::Query {
                name: name.clone(),
                ..Default::default()
            };
            for h in screener.screen(&query, threshold, 5) {
                if lists.is_empty() || lists.contains(&h.list) {
                    hits.push(SanctionsHit {
                        party: party.clone(),
                        name: name.clone(),
                        list: h.list,
                        entry: h.entry_id,
                        score: h.score,
                    });
                }
            }
        }
        hits
    })
    .await
    .map_err(|e| SalwError::Key(format!("screening: {e}")))
}

/// Verify a consignment presented at a BCP against its authorisation. Release is audited; any ground impounds
/// the consignment at once, with every ground recorded.
#[tracing::instrument(skip_all, fields(bcp = %consignment.bcp, weapons = consignment.weapons.len()))]
pub async fn verify(
    app: &App,
    who: Actor<'_>,
    mut consignment: Consignment,
) -> Result<VerificationReport, SalwError> {
    if consignment.weapons.len() > MAX_WEAPONS {
        return Err(SalwError::invalid(
            "weapons",
            format!("at most {MAX_WEAPONS} weapons in one consignment"),
        ));
    }
    let bcp = resolve_bcp(app, who, Some(&consignment.bcp)).await?;
    consignment.bcp = bcp.code.clone();
    consignment.export_country = country("export_country", &consignment.export_country)?;
    consignment.import_country = country("import_country", &consignment.import_country)?;
    let key = authorisation_key(
        &consignment.authorisation_issuer,
        &consignment.authorisation_number,
    );
    let record = app.store.salw_authorisation(&key).await?;
    let issuer_code = record.as_ref().map_or_else(
        || consignment.authorisation_issuer.trim().to_uppercase(),
        |r| r.authorisation.issuer.clone(),
    );
    let issuer = app.store.salw_issuer(&issuer_code).await?;
    let sanctions = screen_parties(app, &consignment).await?;
    let embargoed: Vec<String> = app
        .config
        .salw
        .embargoed_destinations
        .iter()
        .map(|c| {
            crate::vehicles::country_code(c).map_or_else(|| c.trim().to_uppercase(), str::to_string)
        })
        .collect();
    let now = app.clock.now();
    let state = crate::vehicles::country_code(&app.config.state_code)
        .unwrap_or(app.config.state_code.as_str())
        .to_string();
    let ctx = VerificationContext {
        today: now.date_naive(),
        state_country: &state,
        embargoed: &embargoed,
        sanctions: &sanctions,
    };
    let verification = verify_consignment(
        &consignment,
        record.as_ref().map(|r| &r.authorisation),
        issuer.as_ref(),
        &ctx,
    );
    if verification.outcome == VerificationOutcome::Release {
        let audit = event(
            who,
            now,
            "salw.release",
            format!("salw_authorisation:{key}"),
            format!("{} weapons released at {}", verification.weapons, bcp.code),
        );
        app.store.append_audit(audit).await?;
        return Ok(VerificationReport {
            verification,
            impoundment: None,
        });
    }
    let id = limes_store::new_id();
    let impoundment = Impoundment {
        id: id.clone(),
        bcp: bcp.code.clone(),
        authorisation: key,
        consignment,
        grounds: verification.grounds.clone(),
        impounded_by: who.name().to_string(),
        impounded_at: now,
        inventory: vec![],
        inventory_by: None,
        inventory_at: None,
        inventory_differences: vec![],
        custody: vec![],
        seizure_reference: None,
    };
    let grounds: Vec<&str> = verification
        .grounds
        .iter()
        .map(|g| g.code.as_str())
        .collect();
    let audit = event(
        who,
        now,
        "salw.impound",
        format!("salw_impoundment:{id}"),
        format!("grounds: {}", grounds.join(", ")),
    );
    app.store
        .create_salw_impoundment(impoundment, audit)
        .await?;
    Ok(VerificationReport {
        verification,
        impoundment: Some(id),
    })
}

/// An impoundment the actor may see (its BCP is theirs).
pub async fn impoundment(
    app: &App,
    who: Actor<'_>,
    id: &str,
) -> Result<StoredImpoundment, SalwError> {
    let stored = app
        .store
        .salw_impoundment(id)
        .await?
        .ok_or_else(|| SalwError::NotFound(format!("impoundment {id}")))?;
    if !who.may_use_bcp(&stored.impoundment.bcp) {
        return Err(SalwError::Forbidden(stored.impoundment.bcp));
    }
    Ok(stored)
}

/// The latest impoundments at the BCPs the actor may see.
pub async fn impoundments(
    app: &App,
    who: Actor<'_>,
    limit: usize,
) -> Result<Vec<StoredImpoundment>, SalwError> {
    Ok(app
        .store
        .salw_impoundments(None, limit)
        .await?
        .into_iter()
        .filter(|s| who.may_use_bcp(&s.impoundment.bcp))
        .collect())
}

async fn save(
    app: &App,
    who: Actor<'_>,
    stored: StoredImpoundment,
    imp: Impoundment,
    action: &str,
    detail: String,
) -> Result<StoredImpoundment, SalwError> {
    let audit = event(
        who,
        app.clock.now(),
        action,
        format!("salw_impoundment:{}", imp.id),
        detail,
    );
    let version = app
        .store
        .update_salw_impoundment(imp.clone(), stored.version, audit)
        .await?;
    Ok(StoredImpoundment {
        impoundment: imp,
        version,
    })
}

/// Take the customs inventory of an impoundment (once), compared with the documents.
#[tracing::instrument(skip_all, fields(impoundment = %id, items = items.len()))]
pub async fn take_inventory(
    app: &App,
    who: Actor<'_>,
    id: &str,
    items: Vec<InventoryItem>,
) -> Result<StoredImpoundment, SalwError> {
    if items.len() > MAX_WEAPONS {
        return Err(SalwError::invalid(
            "items",
            format!("at most {MAX_WEAPONS} items"),
        ));
    }
    let stored = impoundment(app, who, id).await?;
    let mut imp = stored.impoundment.clone();
    let record = app.store.salw_authorisation(&imp.authorisation).await?;
    let lines = document_lines(record.as_ref().map(|r| &r.authorisation), &imp.consignment);
    imp.take_inventory(items, &lines, who.name(), app.clock.now())?;
    let detail = format!(
        "{} items counted, {} differences",
        imp.inventory.len(),
        imp.inventory_differences.len()
    );
    save(app, who, stored, imp, "salw.inventory", detail).await
}

/// Hand impounded weapons over (the officer's count of the serials handed over); the receiver confirms.
#[tracing::instrument(skip_all, fields(impoundment = %id))]
pub async fn start_handover(
    app: &App,
    who: Actor<'_>,
    id: &str,
    to_kind: StorageKind,
    to_place: &str,
    counted: Vec<String>,
) -> Result<StoredImpoundment, SalwError> {
    if to_place.trim().is_empty() || to_place.chars().count() > 200 {
        return Err(SalwError::invalid("to_place", "1 to 200 characters"));
    }
    let stored = impoundment(app, who, id).await?;
    let mut imp = stored.impoundment.clone();
    let handover = limes_store::new_id();
    let record = imp.start_handover(
        handover.clone(),
        to_kind,
        to_place,
        who.name(),
        counted,
        app.clock.now(),
    )?;
    let detail = format!(
        "hand-over {handover} to {} ({}), {} count differences",
        record.to_place,
        to_kind.as_str(),
        record.differences.len()
    );
    save(app, who, stored, imp, "salw.custody.handover", detail).await
}

/// The receiving officer (another person) confirms a hand-over with their own count; a difference is recorded
/// as an incident with the record and in the audit trail.
#[tracing::instrument(skip_all, fields(impoundment = %id))]
pub async fn confirm_handover(
    app: &App,
    who: Actor<'_>,
    id: &str,
    handover: &str,
    counted: Vec<String>,
) -> Result<StoredImpoundment, SalwError> {
    let stored = impoundment(app, who, id).await?;
    let mut imp = stored.impoundment.clone();
    let record = imp.confirm_handover(handover, who.name(), counted, app.clock.now())?;
    let (action, detail) = if record.incident() {
        (
            "salw.custody.incident",
            format!(
                "hand-over {handover} received with {} count differences",
                record.differences.len()
            ),
        )
    } else {
        (
            "salw.custody.receive",
            format!("hand-over {handover} received"),
        )
    };
    save(app, who, stored, imp, action, detail).await
}

/// Link an impoundment to its seizure record (empty: unlink).
pub async fn set_seizure_reference(
    app: &App,
    who: Actor<'_>,
    id: &str,
    reference: &str,
) -> Result<StoredImpoundment, SalwError> {
    let reference = reference.trim();
    if reference.chars().count() > 64 {
        return Err(SalwError::invalid(
            "seizure_reference",
            "at most 64 characters",
        ));
    }
    let stored = impoundment(app, who, id).await?;
    let mut imp = stored.impoundment.clone();
    imp.seizure_reference = Some(reference.to_string()).filter(|r| !r.is_empty());
    save(
        app,
        who,
        stored,
        imp,
        "salw.seizure_link",
        format!("seizure reference '{reference}'"),
    )
    .await
}

/// The weapons of a consignment as an officer types them, one per line: `type; make; model; calibre; serial`
/// (a serial left empty, or `-`, is an unmarked weapon). Blank lines are skipped; a line of another shape is
/// refused naming it.
pub fn parse_weapon_lines(
    text: &str,
) -> Result<Vec<limes_domain::salw::PresentedWeapon>, SalwError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(';').map(str::trim).collect();
        if fields.len() != 5 || fields[..4].iter().any(|f| f.is_empty()) {
            return Err(SalwError::invalid(
                &format!("weapons line {}", i + 1),
                "five fields separated by ';' expected: type; make; model; calibre; serial",
            ));
        }
        let serial = if fields[4] == "-" { "" } else { fields[4] };
        out.push(limes_domain::salw::PresentedWeapon {
            weapon_type: fields[0].to_string(),
            make: fields[1].to_string(),
            model: fields[2].to_string(),
            calibre: fields[3].to_string(),
            serial: serial.to_string(),
            marked: !serial.is_empty(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weapons_are_read_one_per_line_and_bad_lines_named() {
        let w = parse_weapon_lines(
            "rifle; Kalashnikov; AK-103; 7.62x39; AK1\n\npistol;Glock;17;9x19;-\n",
        )
        .unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].serial, "AK1");
        assert!(w[0].marked);
        assert!(!w[1].marked);
        assert_eq!(w[1].serial, "");
        let e = parse_weapon_lines("rifle; AK\npistol;Glock;17;9x19;G1").unwrap_err();
        assert!(e.to_string().starts_with("weapons line 1:"), "{e}");
    }

    #[test]
    fn the_issuing_key_is_made_once_and_kept_private() {
        let dir = tempfile::tempdir().unwrap();
        let a = load_or_create_issuing_key(dir.path()).unwrap();
        let b = load_or_create_issuing_key(dir.path()).unwrap();
        assert_eq!(a.to_bytes(), b.to_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(ISSUING_KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0);
        }
    }
}
