//! The seizure-record story every backend runs: records kept with their audit entries, the nominal part apart,
//! listings filtered by BCP, heading, concealment and time, one seizure per inspection, photographs kept and
//! listed in their record; and the up story: a BCP node's seizure (with a small photograph) reaches the centre.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::t0;
use chrono::Duration;
use limes_domain::seizure::{
    CenHeading, ConcealmentMethod, DetectionMethod, NominalPart, OffenceRole, Party, PartyKind,
    PhotoRef, Quantity, QuantityUnit, Route, Seizure, Transport, TransportMode,
};
use limes_domain::AuditEvent;
use limes_store::seizures::{SeizureUp, Seizures};
use limes_store::sync::{kind, NodeRole, RecordKind, SyncStore, UpRecord};
use limes_store::*;

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

/// A seizure of cigarettes at `bcp`, `hours` after the story's start.
pub fn seizure(id: &str, bcp: &str, hours: i64) -> Seizure {
    Seizure {
        id: id.into(),
        bcp: bcp.into(),
        heading: CenHeading::Tobacco,
        commodity: "Cigarettes".into(),
        hs_code: Some("240220".into()),
        quantity: Quantity {
            amount: 200_000.0,
            unit: QuantityUnit::Cigarettes,
            currency: None,
        },
        concealment: ConcealmentMethod::FalseCompartment,
        concealment_place: Some("false floor of the trailer".into()),
        route: Route {
            origin: Some("AE".into()),
            transit: vec!["TR".into()],
            destination: Some("DE".into()),
        },
        transport: Transport {
            mode: TransportMode::Road,
            identity: Some("UT 123".into()),
        },
        modus_operandi: None,
        detection: DetectionMethod::XRay,
        seized_at: t0() + Duration::hours(hours),
        declaration_id: None,
        inspection_id: None,
        photos: vec![],
        has_nominal: false,
        recorded_by: "officer".into(),
        recorded_at: t0() + Duration::hours(hours),
    }
}

fn photo(id: &str, data: &[u8]) -> PhotoRef {
    use sha2::Digest;
    PhotoRef {
        id: id.into(),
        media_type: "image/png".into(),
        sha256: hex::encode(sha2::Sha256::digest(data)),
        bytes: data.len() as u64,
        width: 1,
        height: 1,
        x_ray: false,
        added_by: "officer".into(),
        added_at: t0(),
    }
}

fn nominal() -> NominalPart {
    NominalPart {
        parties: vec![Party {
            kind: PartyKind::Person,
            name: "Ivan Petrov".into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1975, 3, 2),
            nationality: Some("BG".into()),
            document: Some("382716354".into()),
            role: OffenceRole::Driver,
        }],
    }
}

async fn actions_since(store: &dyn Store, seq: i64) -> Vec<String> {
    let mut entries = store.recent_audit(100).await.unwrap();
    entries.retain(|e| e.seq > seq);
    entries.sort_by_key(|e| e.seq);
    entries.into_iter().map(|e| e.event.action).collect()
}

pub async fn seizures_story(store: &dyn Store) {
    let start = store
        .recent_audit(1)
        .await
        .unwrap()
        .first()
        .map_or(0, |e| e.seq);

    // A record with its nominal part, kept apart.
    let mut s1 = seizure("sz-1", "UTO-L1", 1);
    s1.has_nominal = true;
    store
        .record_seizure(s1.clone(), Some(nominal()), ev("seizure.record"))
        .await
        .unwrap();
    assert_eq!(store.seizure("sz-1").await.unwrap(), Some(s1.clone()));
    assert_eq!(
        store.seizure_nominal("sz-1").await.unwrap(),
        Some(nominal())
    );

    // Others: currency at the airport, cocaine from an inspection at the land BCP.
    let mut s2 = seizure("sz-2", "UTO-A1", 30);
    s2.heading = CenHeading::Currency;
    s2.quantity = Quantity {
        amount: 48_500.0,
        unit: QuantityUnit::Currency,
        currency: Some("EUR".into()),
    };
    s2.concealment = ConcealmentMethod::Luggage;
    store
        .record_seizure(s2.clone(), None, ev("seizure.record"))
        .await
        .unwrap();
    assert_eq!(store.seizure_nominal("sz-2").await.unwrap(), None);
    let mut s3 = seizure("sz-3", "UTO-L1", 50);
    s3.inspection_id = Some("insp-9".into());
    s3.declaration_id = Some("decl-9".into());
    store
        .record_seizure(s3.clone(), None, ev("seizure.record"))
        .await
        .unwrap();

    // The same id again, or a second seizure from the same inspection: conflicts, nothing written.
    let e = store
        .record_seizure(s1.clone(), None, ev("seizure.record"))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    let mut again = seizure("sz-4", "UTO-L1", 51);
    again.inspection_id = Some("insp-9".into());
    let e = store
        .record_seizure(again, None, ev("seizure.record"))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    assert_eq!(store.seizure("sz-4").await.unwrap(), None);
    assert_eq!(
        store
            .seizure_of_inspection("insp-9")
            .await
            .unwrap()
            .map(|s| s.id),
        Some("sz-3".to_string())
    );
    assert_eq!(store.seizure_of_inspection("insp-0").await.unwrap(), None);

    // Listings: newest first, by BCP, heading, concealment and time.
    let ids = |v: Vec<Seizure>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
    let all = SeizureFilter::default();
    assert_eq!(
        ids(store.seizures(&all).await.unwrap()),
        ["sz-3", "sz-2", "sz-1"]
    );
    let at_l1 = SeizureFilter {
        bcps: vec!["UTO-L1".into()],
        ..Default::default()
    };
    assert_eq!(ids(store.seizures(&at_l1).await.unwrap()), ["sz-3", "sz-1"]);
    let currency = SeizureFilter {
        heading: Some(CenHeading::Currency),
        ..Default::default()
    };
    assert_eq!(ids(store.seizures(&currency).await.unwrap()), ["sz-2"]);
    let luggage = SeizureFilter {
        concealment: Some(ConcealmentMethod::Luggage),
        ..Default::default()
    };
    assert_eq!(ids(store.seizures(&luggage).await.unwrap()), ["sz-2"]);
    let window = SeizureFilter {
        from: Some(t0() + Duration::hours(2)),
        to: Some(t0() + Duration::hours(50)),
        ..Default::default()
    };
    assert_eq!(ids(store.seizures(&window).await.unwrap()), ["sz-2"]);
    let one = SeizureFilter {
        limit: 1,
        ..Default::default()
    };
    assert_eq!(ids(store.seizures(&one).await.unwrap()), ["sz-3"]);

    // A photograph: its bytes kept, its reference listed in the record.
    let bytes = b"\x89PNG stand-in bytes".to_vec();
    let after = store
        .add_seizure_photo(
            "sz-1",
            photo("ph-1", &bytes),
            bytes.clone(),
            ev("seizure.photo"),
        )
        .await
        .unwrap();
    assert_eq!(after.photos, vec![photo("ph-1", &bytes)]);
    assert_eq!(store.seizure("sz-1").await.unwrap(), Some(after));
    assert_eq!(
        store.seizure_photo("sz-1", "ph-1").await.unwrap(),
        Some(bytes.clone())
    );
    assert_eq!(store.seizure_photo("sz-2", "ph-1").await.unwrap(), None);
    let e = store
        .add_seizure_photo("sz-none", photo("ph-2", &bytes), bytes, ev("seizure.photo"))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e:?}");

    // One audit entry per change, none for what was refused.
    assert_eq!(
        actions_since(store, start).await,
        [
            "seizure.record",
            "seizure.record",
            "seizure.record",
            "seizure.photo"
        ]
    );
}

/// A BCP node's seizure goes up to the centre in the transaction that records it, and again (a new version) when
/// a photograph is added, the small photograph's bytes with it; the centre keeps it in the generic table.
pub async fn seizures_up_story<E: Store + SyncStore, C: Store + SyncStore>(edge: &E, centre: &C) {
    edge.set_sync_identity(NodeRole::Bcp, "land-1", Some("UTO-L1"))
        .await
        .unwrap();
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    let before = edge.outbox_pending(1000).await.unwrap().len();
    let mut s = seizure("sz-up", "UTO-L1", 0);
    s.has_nominal = true;
    edge.record_seizure(s.clone(), Some(nominal()), ev("seizure.record"))
        .await
        .unwrap();
    let bytes = b"small photograph".to_vec();
    edge.add_seizure_photo(
        "sz-up",
        photo("ph-up", &bytes),
        bytes.clone(),
        ev("seizure.photo"),
    )
    .await
    .unwrap();
    let rows: Vec<_> = edge
        .outbox_pending(1000)
        .await
        .unwrap()
        .into_iter()
        .skip(before)
        .collect();
    assert_eq!(
        rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        vec![Seizures::KIND, kind::AUDIT, Seizures::KIND, kind::AUDIT]
    );
    let records: Vec<UpRecord> = rows
        .iter()
        .map(|r| UpRecord {
            node: "land-1".into(),
            bcp: "UTO-L1".into(),
            seq: r.seq,
            kind: r.kind.clone(),
            payload: r.payload.clone(),
        })
        .collect();
    centre.ingest_up(records, t0()).await.unwrap();
    let kept = centre
        .synced_records(Seizures::KIND, None, 10)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1, "the photograph's version replaces the first");
    assert_eq!(kept[0].key, "sz-up");
    let up: SeizureUp = serde_json::from_str(&kept[0].json).unwrap();
    s.photos = vec![photo("ph-up", &bytes)];
    assert_eq!(up.seizure, s);
    assert_eq!(up.nominal, Some(nominal()));
    assert_eq!(up.photos.len(), 1);
    use base64::Engine;
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(&up.photos[0].base64)
            .unwrap(),
        bytes
    );
    assert_eq!(Seizures::key(&up), "sz-up");
}

/// A small JPEG photograph (a gradient), without metadata.
pub fn jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(32, 24, |x, y| {
        image::Rgb([(x * 8) as u8, (y * 10) as u8, 90])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut out))
        .unwrap();
    out
}

/// A small PNG image.
pub fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 6, image::Rgb([200, 170, 120]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// The latitude 48° 51' 24" as the GPS IFD of [`jpeg_with_gps_exif`] stores it (three rationals): a photograph
/// that still holds these bytes still tells where it was taken.
pub const GPS_LATITUDE_BYTES: [u8; 24] = [
    48, 0, 0, 0, 1, 0, 0, 0, 51, 0, 0, 0, 1, 0, 0, 0, 0x60, 0x09, 0, 0, 100, 0, 0, 0,
];

/// [`jpeg`] with an APP1 EXIF segment holding a GPS position: a TIFF IFD0 whose GPSInfo entry points to a GPS
/// IFD with GPSLatitudeRef `N` and GPSLatitude [`GPS_LATITUDE_BYTES`].
pub fn jpeg_with_gps_exif() -> Vec<u8> {
    let jpeg = jpeg();
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    // IFD0 at 8: one entry, GPSInfo (0x8825, LONG, 1) pointing at offset 26; no next IFD.
    tiff.extend(1u16.to_le_bytes());
    tiff.extend([0x25, 0x88, 4, 0]);
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    // GPS IFD at 26: GPSLatitudeRef (1, ASCII, 2) "N"; GPSLatitude (2, RATIONAL, 3) at offset 56.
    tiff.extend(2u16.to_le_bytes());
    tiff.extend([1, 0, 2, 0]);
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(*b"N\0\0\0");
    tiff.extend([2, 0, 5, 0]);
    tiff.extend(3u32.to_le_bytes());
    tiff.extend(56u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(GPS_LATITUDE_BYTES);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}
