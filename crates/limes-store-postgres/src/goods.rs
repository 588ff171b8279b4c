//! Goods declarations in PostgreSQL: the semantics of the SQLite backend (`limes-store-sqlite/src/goods.rs`):
//! the declaration row (the whole record as JSON text beside its searched columns), its agencies, versions,
//! inspections, the rules that selected it, and the selectivity rules.
use crate::writer::WriteCtx;
use crate::{backend, bad_value, col, is_unique_violation, ts, PgStore};
use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::goods_flow::{InspectionResult, Lane};
use limes_store::*;
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

type Param<'a> = &'a (dyn ToSql + Sync);

fn to_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(e.to_string()))
}

fn json_col<T: serde::de::DeserializeOwned>(r: &Row, i: usize) -> StoreResult<T> {
    let text: String = col(r, i)?;
    serde_json::from_str(&text).map_err(|e| StoreError::Backend(format!("column {i}: {e}")))
}

fn small(r: &Row, i: usize) -> StoreResult<u32> {
    let n: i32 = col(r, i)?;
    u32::try_from(n).map_err(|_| bad_value("number", &n.to_string()))
}

fn count(r: &Row, i: usize) -> StoreResult<u64> {
    let n: i64 = col(r, i)?;
    u64::try_from(n).map_err(|_| bad_value("count", &n.to_string()))
}

const INSPECTION_COLUMNS: &str =
    "id, declaration_id, bcp, lane, reasons_json, created_at, result_json";

fn inspection_row(r: &Row) -> StoreResult<Inspection> {
    let lane: String = col(r, 3)?;
    let result: Option<String> = col(r, 6)?;
    Ok(Inspection {
        id: col(r, 0)?,
        declaration_id: col(r, 1)?,
        bcp: col(r, 2)?,
        lane: Lane::parse(&lane).ok_or_else(|| bad_value("lane", &lane))?,
        reasons: json_col(r, 4)?,
        created_at: col(r, 5)?,
        result: result
            .map(|t| serde_json::from_str::<InspectionResult>(&t))
            .transpose()
            .map_err(|e| StoreError::Backend(format!("inspection result: {e}")))?,
    })
}

fn rule_row(r: &Row) -> StoreResult<StoredGoodsRule> {
    Ok(StoredGoodsRule {
        id: col(r, 0)?,
        version: small(r, 1)?,
        saved_by: col(r, 2)?,
        saved_at: col(r, 3)?,
        rule: json_col(r, 4)?,
    })
}

async fn write_agencies(c: &impl GenericClient, d: &StoredDeclaration) -> StoreResult<()> {
    c.execute(
        "DELETE FROM goods_declaration_agencies WHERE declaration_id = $1",
        &[&d.id],
    )
    .await
    .map_err(backend)?;
    let agencies: Vec<&str> = d.agencies.iter().map(|a| a.agency.as_str()).collect();
    c.execute(
        "INSERT INTO goods_declaration_agencies (agency, declaration_id)
         SELECT DISTINCT a, $2 FROM unnest($1::text[]) AS a",
        &[&agencies, &d.id],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

/// The parties the declaration names, by key, for their history of finds (replaced on each change).
async fn write_parties(c: &impl GenericClient, d: &StoredDeclaration) -> StoreResult<()> {
    c.execute(
        "DELETE FROM goods_declaration_parties WHERE declaration_id = $1",
        &[&d.id],
    )
    .await
    .map_err(backend)?;
    let keys = party_keys(&d.declaration);
    c.execute(
        "INSERT INTO goods_declaration_parties (party_key, declaration_id)
         SELECT DISTINCT k, $2 FROM unnest($1::text[]) AS k",
        &[&keys, &d.id],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

async fn write_version(c: &impl GenericClient, v: &DeclarationVersion) -> StoreResult<()> {
    let version = i32::try_from(v.version).map_err(|_| StoreError::Invalid("version".into()))?;
    c.execute(
        "INSERT INTO goods_declaration_versions
           (declaration_id, version, function, message_reference, by_user, at, declaration_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &v.declaration_id,
            &version,
            &v.function.as_str(),
            &v.message_reference,
            &v.by,
            &ts(&v.at),
            &to_json(&v.declaration)?,
        ],
    )
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Conflict(format!(
                "declaration {} already has a version {}",
                v.declaration_id, v.version
            ))
        } else {
            backend(e)
        }
    })?;
    Ok(())
}

fn int(n: u32) -> StoreResult<i32> {
    i32::try_from(n).map_err(|_| StoreError::Invalid(format!("number {n} too large")))
}

async fn lodge(
    ctx: &mut WriteCtx<'_>,
    d: &StoredDeclaration,
    first: &DeclarationVersion,
    inspection: Option<&Inspection>,
    audit: &AuditEvent,
) -> StoreResult<()> {
    let record = to_json(d)?;
    let (version, revision) = (int(d.version)?, int(d.revision)?);
    let inserted = ctx
        .tx
        .execute(
            "INSERT INTO goods_declarations (id, lodged_by, channel, reference, bcp, status, lane, version,
               revision, record_json, lodged_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (lodged_by, reference) DO NOTHING",
            &[
                &d.id,
                &d.lodged_by,
                &d.channel,
                &d.reference,
                &d.bcp,
                &d.status.as_str(),
                &d.lane.as_str(),
                &version,
                &revision,
                &record,
                &ts(&d.lodged_at),
                &ts(&d.updated_at),
            ],
        )
        .await
        .map_err(backend)?;
    if inserted == 0 {
        return Err(StoreError::Conflict(format!(
            "declaration {} from {} was already lodged",
            d.reference, d.lodged_by
        )));
    }
    write_agencies(ctx.tx, d).await?;
    write_parties(ctx.tx, d).await?;
    write_version(ctx.tx, first).await?;
    let rules: Vec<&str> = d
        .lane_reasons
        .iter()
        .filter_map(|r| r.rule_id.as_deref())
        .collect();
    ctx.tx
        .execute(
            "INSERT INTO goods_selections (declaration_id, rule_id)
             SELECT DISTINCT $2, r FROM unnest($1::text[]) AS r",
            &[&rules, &d.id],
        )
        .await
        .map_err(backend)?;
    if let Some(i) = inspection {
        ctx.tx
            .execute(
                "INSERT INTO goods_inspections (id, declaration_id, bcp, lane, reasons_json, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &i.id,
                    &i.declaration_id,
                    &i.bcp,
                    &i.lane.as_str(),
                    &to_json(&i.reasons)?,
                    &ts(&i.created_at),
                ],
            )
            .await
            .map_err(backend)?;
    }
    ctx.audit(audit).await?;
    Ok(())
}

async fn update(
    ctx: &mut WriteCtx<'_>,
    d: &StoredDeclaration,
    new_version: Option<&DeclarationVersion>,
    audit: &AuditEvent,
) -> StoreResult<()> {
    let (version, revision) = (int(d.version)?, int(d.revision)?);
    let changed = ctx
        .tx
        .execute(
            "UPDATE goods_declarations SET status = $2, lane = $3, version = $4, revision = $5, record_json = $6,
               updated_at = $7, bcp = $8
             WHERE id = $1 AND revision = $5 - 1",
            &[
                &d.id,
                &d.status.as_str(),
                &d.lane.as_str(),
                &version,
                &revision,
                &to_json(d)?,
                &ts(&d.updated_at),
                &d.bcp,
            ],
        )
        .await
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::Conflict(format!(
            "declaration {} changed meanwhile (or does not exist): read it again",
            d.id
        )));
    }
    write_agencies(ctx.tx, d).await?;
    write_parties(ctx.tx, d).await?;
    if let Some(v) = new_version {
        write_version(ctx.tx, v).await?;
    }
    ctx.audit(audit).await?;
    Ok(())
}

/// At the centre, a saved rule version goes down to every BCP node in its transaction (a node refuses to
/// write rules of its own: it selects with those it received).
async fn send_rule_down(c: &impl GenericClient, rule: &StoredGoodsRule) -> StoreResult<()> {
    use limes_store::sync::{NodeRole, RecordKind};
    match crate::sync::stored_role(c).await? {
        NodeRole::Standalone => Ok(()),
        NodeRole::Bcp => Err(StoreError::Invalid(
            "selectivity rules are written at the centre; this BCP node selects with those it received".into(),
        )),
        NodeRole::Centre => {
            let payload = to_json(rule)?;
            let version = crate::sync::put_own_record(
                c,
                GoodsRules::KIND,
                &rule.id,
                Some(&payload),
                &rule.saved_at,
            )
            .await?;
            let message =
                crate::sync::record_message(GoodsRules::KIND, &rule.id, version, Some(&payload))?;
            crate::sync::push_messages(c, vec![message]).await?;
            Ok(())
        }
    }
}

async fn inspection_by_id(c: &impl GenericClient, id: &str) -> StoreResult<Option<Inspection>> {
    c.query_opt(
        &format!("SELECT {INSPECTION_COLUMNS} FROM goods_inspections WHERE id = $1"),
        &[&id],
    )
    .await
    .map_err(backend)?
    .as_ref()
    .map(inspection_row)
    .transpose()
}

fn declarations_from(rows: &[Row]) -> StoreResult<Vec<StoredDeclaration>> {
    rows.iter().map(|r| json_col(r, 0)).collect()
}

#[async_trait]
impl GoodsStore for PgStore {
    async fn lodge_declaration(
        &self,
        declaration: StoredDeclaration,
        first_version: DeclarationVersion,
        inspection: Option<Inspection>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    lodge(
                        ctx,
                        &declaration,
                        &first_version,
                        inspection.as_ref(),
                        &audit,
                    )
                    .await
                })
            })
            .await
    }

    async fn update_declaration(
        &self,
        updated: StoredDeclaration,
        new_version: Option<DeclarationVersion>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move { update(ctx, &updated, new_version.as_ref(), &audit).await })
            })
            .await
    }

    async fn declaration(&self, id: &str) -> StoreResult<Option<StoredDeclaration>> {
        let c = self.conn().await?;
        c.query_opt(
            "SELECT record_json FROM goods_declarations WHERE id = $1",
            &[&id],
        )
        .await
        .map_err(backend)?
        .map(|r| json_col(&r, 0))
        .transpose()
    }

    async fn declaration_by_reference(
        &self,
        lodged_by: &str,
        reference: &str,
    ) -> StoreResult<Option<StoredDeclaration>> {
        let c = self.conn().await?;
        c.query_opt(
            "SELECT record_json FROM goods_declarations WHERE lodged_by = $1 AND reference = $2",
            &[&lodged_by, &reference],
        )
        .await
        .map_err(backend)?
        .map(|r| json_col(&r, 0))
        .transpose()
    }

    async fn declarations(
        &self,
        filter: &DeclarationFilter,
    ) -> StoreResult<Vec<StoredDeclaration>> {
        let c = self.conn().await?;
        let limit = i64::try_from(filter.limit.max(1)).unwrap_or(i64::MAX);
        let rows = c
            .query(
                "SELECT d.record_json FROM goods_declarations d
                 WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM goods_declaration_agencies a
                          WHERE a.declaration_id = d.id AND a.agency = $1))
                   AND ($2::text IS NULL OR d.lodged_by = $2)
                   AND (cardinality($3::text[]) = 0 OR d.bcp = ANY($3))
                 ORDER BY d.lodged_at DESC, d.id COLLATE \"C\" DESC LIMIT $4",
                &[&filter.agency, &filter.lodged_by, &filter.bcps, &limit],
            )
            .await
            .map_err(backend)?;
        declarations_from(&rows)
    }

    async fn declarations_at_bcp(&self, bcp: &str) -> StoreResult<u64> {
        let c = self.conn().await?;
        let row = c
            .query_one(
                "SELECT COUNT(*) FROM goods_declarations WHERE bcp = $1",
                &[&bcp],
            )
            .await
            .map_err(backend)?;
        count(&row, 0)
    }

    async fn declaration_versions(&self, id: &str) -> StoreResult<Vec<DeclarationVersion>> {
        let c = self.conn().await?;
        let rows = c
            .query(
                "SELECT declaration_id, version, function, message_reference, by_user, at, declaration_json
                 FROM goods_declaration_versions WHERE declaration_id = $1 ORDER BY version",
                &[&id],
            )
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let function: String = col(r, 2)?;
                Ok(DeclarationVersion {
                    declaration_id: col(r, 0)?,
                    version: small(r, 1)?,
                    function: serde_json::from_value(serde_json::Value::String(function.clone()))
                        .map_err(|_| bad_value("declaration function", &function))?,
                    message_reference: col(r, 3)?,
                    by: col(r, 4)?,
                    at: col(r, 5)?,
                    declaration: json_col(r, 6)?,
                })
            })
            .collect()
    }

    async fn inspections(&self, bcps: &[String], open_only: bool) -> StoreResult<Vec<Inspection>> {
        let c = self.conn().await?;
        let params: [Param<'_>; 2] = [&bcps, &open_only];
        let rows = c
            .query(
                &format!(
                    "SELECT {INSPECTION_COLUMNS} FROM goods_inspections
                     WHERE (cardinality($1::text[]) = 0 OR bcp = ANY($1))
                       AND (NOT $2 OR result_json IS NULL)
                     ORDER BY created_at, id COLLATE \"C\""
                ),
                &params,
            )
            .await
            .map_err(backend)?;
        rows.iter().map(inspection_row).collect()
    }

    async fn inspection(&self, id: &str) -> StoreResult<Option<Inspection>> {
        inspection_by_id(&self.conn().await?, id).await
    }

    async fn inspections_of(&self, declaration_id: &str) -> StoreResult<Vec<Inspection>> {
        let c = self.conn().await?;
        let rows = c
            .query(
                &format!(
                    "SELECT {INSPECTION_COLUMNS} FROM goods_inspections WHERE declaration_id = $1
                     ORDER BY created_at, id COLLATE \"C\""
                ),
                &[&declaration_id],
            )
            .await
            .map_err(backend)?;
        rows.iter().map(inspection_row).collect()
    }

    async fn record_inspection_result(
        &self,
        id: &str,
        result: InspectionResult,
        audit: AuditEvent,
    ) -> StoreResult<Inspection> {
        let id = id.to_string();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let Some(mut inspection) = inspection_by_id(ctx.tx, &id).await? else {
                        return Err(StoreError::NotFound(format!("inspection {id}")));
                    };
                    if inspection.result.is_some() {
                        return Err(StoreError::Conflict(format!(
                            "inspection {id} already has its result"
                        )));
                    }
                    ctx.tx
                        .execute(
                            "UPDATE goods_inspections SET result_json = $2, found = $3 WHERE id = $1",
                            &[&id, &to_json(&result)?, &result.found],
                        )
                        .await
                        .map_err(backend)?;
                    ctx.audit(&audit).await?;
                    inspection.result = Some(result);
                    Ok(inspection)
                })
            })
            .await
    }

    async fn save_goods_rule(&self, rule: StoredGoodsRule, audit: AuditEvent) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let row = ctx
                        .tx
                        .query_one(
                            "SELECT MAX(version) FROM goods_rules WHERE id = $1",
                            &[&rule.id],
                        )
                        .await
                        .map_err(backend)?;
                    let latest: Option<i32> = col(&row, 0)?;
                    let latest = u32::try_from(latest.unwrap_or(0)).unwrap_or(0);
                    let next = latest + 1;
                    if rule.version != next {
                        return Err(StoreError::Conflict(format!(
                            "rule {} is at version {latest}: save this change as version {next}",
                            rule.id
                        )));
                    }
                    ctx.tx
                        .execute(
                            "INSERT INTO goods_rules (id, version, saved_by, saved_at, rule_json)
                             VALUES ($1, $2, $3, $4, $5)",
                            &[
                                &rule.id,
                                &int(rule.version)?,
                                &rule.saved_by,
                                &ts(&rule.saved_at),
                                &to_json(&rule.rule)?,
                            ],
                        )
                        .await
                        .map_err(backend)?;
                    send_rule_down(ctx.tx, &rule).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn goods_rules(&self) -> StoreResult<Vec<StoredGoodsRule>> {
        let c = self.conn().await?;
        let rows = c
            .query(
                "SELECT r.id, r.version, r.saved_by, r.saved_at, r.rule_json FROM goods_rules r
                 WHERE r.version = (SELECT MAX(version) FROM goods_rules WHERE id = r.id)
                 ORDER BY r.id COLLATE \"C\"",
                &[],
            )
            .await
            .map_err(backend)?;
        rows.iter().map(rule_row).collect()
    }

    async fn goods_rule_versions(&self, id: &str) -> StoreResult<Vec<StoredGoodsRule>> {
        let c = self.conn().await?;
        let rows = c
            .query(
                "SELECT id, version, saved_by, saved_at, rule_json FROM goods_rules WHERE id = $1
                 ORDER BY version DESC",
                &[&id],
            )
            .await
            .map_err(backend)?;
        rows.iter().map(rule_row).collect()
    }

    async fn goods_rule_stats(&self) -> StoreResult<Vec<GoodsRuleStats>> {
        let c = self.conn().await?;
        let rows = c
            .query(
                "SELECT s.rule_id, COUNT(DISTINCT s.declaration_id),
                   COUNT(DISTINCT CASE WHEN i.result_json IS NOT NULL THEN s.declaration_id END),
                   COUNT(DISTINCT CASE WHEN i.found THEN s.declaration_id END)
                 FROM goods_selections s LEFT JOIN goods_inspections i ON i.declaration_id = s.declaration_id
                 GROUP BY s.rule_id ORDER BY s.rule_id COLLATE \"C\"",
                &[],
            )
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(GoodsRuleStats {
                    rule_id: col(r, 0)?,
                    selected: count(r, 1)?,
                    inspected: count(r, 2)?,
                    found: count(r, 3)?,
                })
            })
            .collect()
    }

    async fn party_finds(
        &self,
        keys: &[String],
    ) -> StoreResult<std::collections::HashMap<String, u32>> {
        if keys.is_empty() {
            return Ok(Default::default());
        }
        let c = self.conn().await?;
        let rows = c
            .query(
                "SELECT p.party_key, COUNT(DISTINCT p.declaration_id) FROM goods_declaration_parties p
                 JOIN goods_inspections i ON i.declaration_id = p.declaration_id AND i.found
                 WHERE p.party_key = ANY($1) GROUP BY p.party_key",
                &[&keys],
            )
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let n = count(r, 1)?;
                Ok((col::<String>(r, 0)?, u32::try_from(n).unwrap_or(u32::MAX)))
            })
            .collect()
    }
}
