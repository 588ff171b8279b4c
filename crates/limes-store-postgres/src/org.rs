//! Agencies and border crossing points.
//! Lists come in byte order of their key (`COLLATE "C"`), as from SQLite, whatever the database's locale.
use crate::PgStore;
use crate::{backend, bad_value, col};
use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::{Agency, AgencyKind, Bcp, BcpKind};
use limes_store::OrgStore;
use limes_store::StoreResult;
use tokio_postgres::Row;

const BCP_COLUMNS: &str =
    "code, name, kind, border_section, neighbour, agency, latitude, longitude, active";

pub async fn upsert_agency(c: &impl GenericClient, a: &Agency) -> StoreResult<()> {
    let st = c
        .prepare_cached(
            "INSERT INTO agencies (code, name, kind) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind",
        )
        .await
        .map_err(backend)?;
    c.execute(&st, &[&a.code, &a.name, &a.kind.as_str()])
        .await
        .map_err(backend)?;
    Ok(())
}

pub async fn agencies(c: &impl GenericClient) -> StoreResult<Vec<Agency>> {
    let st = c
        .prepare_cached("SELECT code, name, kind FROM agencies ORDER BY code COLLATE \"C\"")
        .await
        .map_err(backend)?;
    let rows = c.query(&st, &[]).await.map_err(backend)?;
    rows.iter()
        .map(|r| {
            let kind: String = col(r, 2)?;
            Ok(Agency {
                code: col(r, 0)?,
                name: col(r, 1)?,
                kind: AgencyKind::parse(&kind).ok_or_else(|| bad_value("agency kind", &kind))?,
            })
        })
        .collect()
}

pub async fn upsert_bcp(c: &impl GenericClient, b: &Bcp) -> StoreResult<()> {
    let st = c
        .prepare_cached(
            "INSERT INTO bcps (code, name, kind, border_section, neighbour, agency, latitude, longitude, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
               border_section = excluded.border_section, neighbour = excluded.neighbour,
               agency = excluded.agency, latitude = excluded.latitude, longitude = excluded.longitude,
               active = excluded.active",
        )
        .await
        .map_err(backend)?;
    c.execute(
        &st,
        &[
            &b.code,
            &b.name,
            &b.kind.as_str(),
            &b.border_section,
            &b.neighbour,
            &b.agency,
            &b.latitude,
            &b.longitude,
            &b.active,
        ],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

fn bcp_from_row(r: &Row) -> StoreResult<Bcp> {
    let kind: String = col(r, 2)?;
    Ok(Bcp {
        code: col(r, 0)?,
        name: col(r, 1)?,
        kind: BcpKind::parse(&kind).ok_or_else(|| bad_value("BCP kind", &kind))?,
        border_section: col(r, 3)?,
        neighbour: col(r, 4)?,
        agency: col(r, 5)?,
        latitude: col(r, 6)?,
        longitude: col(r, 7)?,
        active: col(r, 8)?,
    })
}

pub async fn bcps(c: &impl GenericClient) -> StoreResult<Vec<Bcp>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {BCP_COLUMNS} FROM bcps ORDER BY code COLLATE \"C\""
        ))
        .await
        .map_err(backend)?;
    c.query(&st, &[])
        .await
        .map_err(backend)?
        .iter()
        .map(bcp_from_row)
        .collect()
}

pub async fn bcp(c: &impl GenericClient, code: &str) -> StoreResult<Option<Bcp>> {
    let st = c
        .prepare_cached(&format!("SELECT {BCP_COLUMNS} FROM bcps WHERE code = $1"))
        .await
        .map_err(backend)?;
    c.query_opt(&st, &[&code])
        .await
        .map_err(backend)?
        .as_ref()
        .map(bcp_from_row)
        .transpose()
}

#[async_trait]
impl OrgStore for PgStore {
    async fn upsert_agency(&self, agency: &Agency, audit: AuditEvent) -> StoreResult<()> {
        let a = agency.clone();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    upsert_agency(ctx.tx, &a).await?;
                    crate::org_sync::after_change(ctx.tx, &audit.at).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn agencies(&self) -> StoreResult<Vec<Agency>> {
        agencies(&self.conn().await?).await
    }

    async fn upsert_bcp(&self, bcp: &Bcp, audit: AuditEvent) -> StoreResult<()> {
        let b = bcp.clone();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    upsert_bcp(ctx.tx, &b).await?;
                    crate::org_sync::after_change(ctx.tx, &audit.at).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn bcps(&self) -> StoreResult<Vec<Bcp>> {
        bcps(&self.conn().await?).await
    }

    async fn bcp(&self, code: &str) -> StoreResult<Option<Bcp>> {
        bcp(&self.conn().await?, code).await
    }
}
