//! Agencies and border crossing points on SQLite.
use crate::{backend, bad_value, SqliteStore};
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::{Agency, AgencyKind, Bcp, BcpKind};
use limes_store::{OrgStore, StoreResult};
use rusqlite::{params, OptionalExtension, Row};

pub(crate) fn bcp_from_row(r: &Row<'_>) -> rusqlite::Result<Bcp> {
    let kind: String = r.get(2)?;
    Ok(Bcp {
        code: r.get(0)?,
        name: r.get(1)?,
        kind: BcpKind::parse(&kind).ok_or_else(|| bad_value("BCP kind", &kind))?,
        border_section: r.get(3)?,
        neighbour: r.get(4)?,
        agency: r.get(5)?,
        latitude: r.get(6)?,
        longitude: r.get(7)?,
        active: r.get(8)?,
    })
}

#[async_trait]
impl OrgStore for SqliteStore {
    async fn upsert_agency(&self, agency: &Agency, audit: AuditEvent) -> StoreResult<()> {
        let a = agency.clone();
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO agencies (code, name, kind) VALUES (?1, ?2, ?3)
                     ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind",
                    params![a.code, a.name, a.kind.as_str()],
                )
                .map_err(backend)?;
            crate::org_sync::after_change(ctx, "an agency", false, &audit.at)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn agencies(&self) -> StoreResult<Vec<Agency>> {
        self.read(|c| {
            let mut st = c.prepare_cached("SELECT code, name, kind FROM agencies ORDER BY code")?;
            let rows = st.query_map([], |r| {
                let kind: String = r.get(2)?;
                Ok(Agency {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    kind: AgencyKind::parse(&kind)
                        .ok_or_else(|| bad_value("agency kind", &kind))?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn upsert_bcp(&self, bcp: &Bcp, audit: AuditEvent) -> StoreResult<()> {
        let b = bcp.clone();
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO bcps (code, name, kind, border_section, neighbour, agency, latitude, longitude, active)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                       border_section = excluded.border_section, neighbour = excluded.neighbour,
                       agency = excluded.agency, latitude = excluded.latitude, longitude = excluded.longitude,
                       active = excluded.active",
                    params![
                        b.code,
                        b.name,
                        b.kind.as_str(),
                        b.border_section,
                        b.neighbour,
                        b.agency,
                        b.latitude,
                        b.longitude,
                        b.active
                    ],
                )
                .map_err(backend)?;
            crate::org_sync::after_change(ctx, "a BCP", false, &audit.at)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn bcps(&self) -> StoreResult<Vec<Bcp>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT code, name, kind, border_section, neighbour, agency, latitude, longitude, active FROM bcps ORDER BY code",
            )?;
            let rows = st.query_map([], bcp_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn bcp(&self, code: &str) -> StoreResult<Option<Bcp>> {
        let code = code.to_string();
        self.read(move |c| {
            c.prepare_cached(
                "SELECT code, name, kind, border_section, neighbour, agency, latitude, longitude, active FROM bcps WHERE code = ?1",
            )?
            .query_row([code], bcp_from_row)
            .optional()
        })
        .await
    }
}
