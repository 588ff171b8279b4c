//! Goods declarations in SQLite: the declaration row (the whole record as JSON beside its searched columns),
//! its agencies, versions, inspections, the rules that selected it, and the selectivity rules.
use crate::sync;
use crate::writer::WriteCtx;
use crate::{backend, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::goods_flow::InspectionResult;
use limes_store::sync::{NodeRole, RecordKind};
use limes_store::*;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

fn to_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(backend)
}

fn json_col<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn declaration_row(r: &Row<'_>) -> rusqlite::Result<StoredDeclaration> {
    json_col(r, 0)
}

const INSPECTION_COLUMNS: &str =
    "id, declaration_id, bcp, lane, reasons_json, created_at, result_json";

fn inspection_row(r: &Row<'_>) -> rusqlite::Result<Inspection> {
    let lane: String = r.get(3)?;
    let result: Option<String> = r.get(6)?;
    Ok(Inspection {
        id: r.get(0)?,
        declaration_id: r.get(1)?,
        bcp: r.get(2)?,
        lane: limes_domain::goods_flow::Lane::parse(&lane)
            .ok_or_else(|| crate::bad_value("lane", &lane))?,
        reasons: json_col(r, 4)?,
        created_at: parse_ts(&r.get::<_, String>(5)?)?,
        result: result
            .map(|t| serde_json::from_str::<InspectionResult>(&t))
            .transpose()
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    6,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
    })
}

fn rule_row(r: &Row<'_>) -> rusqlite::Result<StoredGoodsRule> {
    Ok(StoredGoodsRule {
        id: r.get(0)?,
        version: r.get(1)?,
        saved_by: r.get(2)?,
        saved_at: parse_ts(&r.get::<_, String>(3)?)?,
        rule: json_col(r, 4)?,
    })
}

fn write_agencies(ctx: &WriteCtx<'_>, d: &StoredDeclaration) -> StoreResult<()> {
    ctx.tx
        .execute(
            "DELETE FROM goods_declaration_agencies WHERE declaration_id = ?1",
            params![d.id],
        )
        .map_err(backend)?;
    let mut st = ctx
        .tx
        .prepare_cached(
            "INSERT OR IGNORE INTO goods_declaration_agencies (agency, declaration_id) VALUES (?1, ?2)",
        )
        .map_err(backend)?;
    for a in &d.agencies {
        st.execute(params![a.agency, d.id]).map_err(backend)?;
    }
    Ok(())
}

/// The parties the declaration names, by key, for their history of finds (replaced on each change).
fn write_parties(ctx: &WriteCtx<'_>, d: &StoredDeclaration) -> StoreResult<()> {
    ctx.tx
        .execute(
            "DELETE FROM goods_declaration_parties WHERE declaration_id = ?1",
            params![d.id],
        )
        .map_err(backend)?;
    let mut st = ctx
        .tx
        .prepare_cached(
            "INSERT OR IGNORE INTO goods_declaration_parties (party_key, declaration_id) VALUES (?1, ?2)",
        )
        .map_err(backend)?;
    for key in party_keys(&d.declaration) {
        st.execute(params![key, d.id]).map_err(backend)?;
    }
    Ok(())
}

fn write_version(ctx: &WriteCtx<'_>, v: &DeclarationVersion) -> StoreResult<()> {
    ctx.tx
        .prepare_cached(
            "INSERT INTO goods_declaration_versions
               (declaration_id, version, function, message_reference, by_user, at, declaration_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .and_then(|mut st| {
            st.execute(params![
                v.declaration_id,
                v.version,
                v.function.as_str(),
                v.message_reference,
                v.by,
                ts(&v.at),
                to_json(&v.declaration)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?
            ])
        })
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                StoreError::Conflict(format!(
                    "declaration {} already has a version {}",
                    v.declaration_id, v.version
                ))
            }
            other => backend(other),
        })?;
    Ok(())
}

fn lodge(
    ctx: &mut WriteCtx<'_>,
    d: &StoredDeclaration,
    first: &DeclarationVersion,
    inspection: Option<&Inspection>,
    audit: &AuditEvent,
) -> StoreResult<()> {
    let inserted = ctx
        .tx
        .prepare_cached(
            "INSERT OR IGNORE INTO goods_declarations (id, lodged_by, channel, reference, bcp, status, lane, version,
               revision, record_json, lodged_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .and_then(|mut st| {
            st.execute(params![
                d.id,
                d.lodged_by,
                d.channel,
                d.reference,
                d.bcp,
                d.status.as_str(),
                d.lane.as_str(),
                d.version,
                d.revision,
                to_json(d).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
                ts(&d.lodged_at),
                ts(&d.updated_at)
            ])
        })
        .map_err(backend)?;
    if inserted == 0 {
        return Err(StoreError::Conflict(format!(
            "declaration {} from {} was already lodged",
            d.reference, d.lodged_by
        )));
    }
    write_agencies(ctx, d)?;
    write_parties(ctx, d)?;
    write_version(ctx, first)?;
    let mut selected = ctx
        .tx
        .prepare_cached(
            "INSERT OR IGNORE INTO goods_selections (declaration_id, rule_id) VALUES (?1, ?2)",
        )
        .map_err(backend)?;
    for rule in d.lane_reasons.iter().filter_map(|r| r.rule_id.as_ref()) {
        selected.execute(params![d.id, rule]).map_err(backend)?;
    }
    if let Some(i) = inspection {
        ctx.tx
            .prepare_cached(
                "INSERT INTO goods_inspections (id, declaration_id, bcp, lane, reasons_json, created_at, result_json, found)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, NULL)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    i.id,
                    i.declaration_id,
                    i.bcp,
                    i.lane.as_str(),
                    to_json(&i.reasons).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
                    ts(&i.created_at)
                ])
            })
            .map_err(backend)?;
        sync::queue_up(ctx, GoodsInspections::KIND, &i.id, &to_json(i)?)?;
    }
    sync::queue_up(ctx, GoodsDeclarations::KIND, &d.id, &to_json(d)?)?;
    ctx.audit(audit)?;
    Ok(())
}

fn update(
    ctx: &mut WriteCtx<'_>,
    d: &StoredDeclaration,
    version: Option<&DeclarationVersion>,
    audit: &AuditEvent,
) -> StoreResult<()> {
    let changed = ctx
        .tx
        .prepare_cached(
            "UPDATE goods_declarations SET status = ?2, lane = ?3, version = ?4, revision = ?5, record_json = ?6,
               updated_at = ?7, bcp = ?8
             WHERE id = ?1 AND revision = ?5 - 1",
        )
        .and_then(|mut st| {
            st.execute(params![
                d.id,
                d.status.as_str(),
                d.lane.as_str(),
                d.version,
                d.revision,
                to_json(d).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
                ts(&d.updated_at),
                d.bcp
            ])
        })
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::Conflict(format!(
            "declaration {} changed meanwhile (or does not exist): read it again",
            d.id
        )));
    }
    write_agencies(ctx, d)?;
    write_parties(ctx, d)?;
    if let Some(v) = version {
        write_version(ctx, v)?;
    }
    sync::queue_up(ctx, GoodsDeclarations::KIND, &d.id, &to_json(d)?)?;
    ctx.audit(audit)?;
    Ok(())
}

/// At the centre, a saved rule version goes down to every BCP node in its transaction (a node refuses to
/// write rules of its own: it selects with those it received).
fn send_rule_down(ctx: &WriteCtx<'_>, rule: &StoredGoodsRule) -> StoreResult<()> {
    match ctx.role {
        NodeRole::Standalone => Ok(()),
        NodeRole::Bcp => Err(StoreError::Invalid(
            "selectivity rules are written at the centre; this BCP node selects with those it received".into(),
        )),
        NodeRole::Centre => {
            let payload = to_json(rule)?;
            let version = sync::next_version(ctx.tx, GoodsRules::KIND)?;
            let row = sync::RecordVersion {
                kind: GoodsRules::KIND,
                origin: "",
                key: &rule.id,
                version,
            };
            sync::upsert_record(ctx.tx, &row, Some(&payload), &rule.saved_at)?;
            let message = sync::record_message(GoodsRules::KIND, &rule.id, version, Some(&payload))?;
            sync::push_messages(ctx, vec![message])?;
            Ok(())
        }
    }
}

fn inspection_by_id(conn: &Connection, id: &str) -> rusqlite::Result<Option<Inspection>> {
    conn.query_row(
        &format!("SELECT {INSPECTION_COLUMNS} FROM goods_inspections WHERE id = ?1"),
        params![id],
        inspection_row,
    )
    .optional()
}

#[async_trait]
impl GoodsStore for SqliteStore {
    async fn lodge_declaration(
        &self,
        declaration: StoredDeclaration,
        first_version: DeclarationVersion,
        inspection: Option<Inspection>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            lodge(
                ctx,
                &declaration,
                &first_version,
                inspection.as_ref(),
                &audit,
            )
        })
        .await
    }

    async fn update_declaration(
        &self,
        updated: StoredDeclaration,
        new_version: Option<DeclarationVersion>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| update(ctx, &updated, new_version.as_ref(), &audit))
            .await
    }

    async fn declaration(&self, id: &str) -> StoreResult<Option<StoredDeclaration>> {
        let id = id.to_string();
        self.read(move |c| {
            c.query_row(
                "SELECT record_json FROM goods_declarations WHERE id = ?1",
                params![id],
                declaration_row,
            )
            .optional()
        })
        .await
    }

    async fn declaration_by_reference(
        &self,
        lodged_by: &str,
        reference: &str,
    ) -> StoreResult<Option<StoredDeclaration>> {
        let (by, reference) = (lodged_by.to_string(), reference.to_string());
        self.read(move |c| {
            c.query_row(
                "SELECT record_json FROM goods_declarations WHERE lodged_by = ?1 AND reference = ?2",
                params![by, reference],
                declaration_row,
            )
            .optional()
        })
        .await
    }

    async fn declarations(
        &self,
        filter: &DeclarationFilter,
    ) -> StoreResult<Vec<StoredDeclaration>> {
        let f = filter.clone();
        self.read(move |c| {
            let mut sql = String::from("SELECT d.record_json FROM goods_declarations d");
            let mut args: Vec<String> = Vec::new();
            let mut wheres: Vec<String> = Vec::new();
            if let Some(agency) = &f.agency {
                sql.push_str(" JOIN goods_declaration_agencies a ON a.declaration_id = d.id");
                args.push(agency.clone());
                wheres.push(format!("a.agency = ?{}", args.len()));
            }
            if let Some(by) = &f.lodged_by {
                args.push(by.clone());
                wheres.push(format!("d.lodged_by = ?{}", args.len()));
            }
            if !f.bcps.is_empty() {
                let mut marks = Vec::new();
                for b in &f.bcps {
                    args.push(b.clone());
                    marks.push(format!("?{}", args.len()));
                }
                wheres.push(format!("d.bcp IN ({})", marks.join(", ")));
            }
            if !wheres.is_empty() {
                sql.push_str(" WHERE ");
                sql.push_str(&wheres.join(" AND "));
            }
            sql.push_str(&format!(
                " ORDER BY d.lodged_at DESC, d.id DESC LIMIT {}",
                f.limit.max(1)
            ));
            let mut st = c.prepare(&sql)?;
            let rows = st.query_map(params_from_iter(args.iter()), declaration_row)?;
            rows.collect()
        })
        .await
    }

    async fn declarations_at_bcp(&self, bcp: &str) -> StoreResult<u64> {
        let bcp = bcp.to_string();
        self.read(move |c| {
            c.query_row(
                "SELECT COUNT(*) FROM goods_declarations WHERE bcp = ?1",
                params![bcp],
                |r| r.get::<_, i64>(0),
            )
        })
        .await
        .map(|n| u64::try_from(n).unwrap_or(0))
    }

    async fn declaration_versions(&self, id: &str) -> StoreResult<Vec<DeclarationVersion>> {
        let id = id.to_string();
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT declaration_id, version, function, message_reference, by_user, at, declaration_json
                 FROM goods_declaration_versions WHERE declaration_id = ?1 ORDER BY version",
            )?;
            let rows = st.query_map(params![id], |r| {
                let function: String = r.get(2)?;
                Ok(DeclarationVersion {
                    declaration_id: r.get(0)?,
                    version: r.get(1)?,
                    function: serde_json::from_value(serde_json::Value::String(function.clone()))
                        .map_err(|_| crate::bad_value("declaration function", &function))?,
                    message_reference: r.get(3)?,
                    by: r.get(4)?,
                    at: parse_ts(&r.get::<_, String>(5)?)?,
                    declaration: json_col(r, 6)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn inspections(&self, bcps: &[String], open_only: bool) -> StoreResult<Vec<Inspection>> {
        let bcps = bcps.to_vec();
        self.read(move |c| {
            let mut wheres = Vec::new();
            if open_only {
                wheres.push("result_json IS NULL".to_string());
            }
            if !bcps.is_empty() {
                let marks: Vec<String> = (1..=bcps.len()).map(|i| format!("?{i}")).collect();
                wheres.push(format!("bcp IN ({})", marks.join(", ")));
            }
            let filter = if wheres.is_empty() {
                String::new()
            } else {
                format!(" WHERE {}", wheres.join(" AND "))
            };
            let mut st = c.prepare(&format!(
                "SELECT {INSPECTION_COLUMNS} FROM goods_inspections{filter} ORDER BY created_at, id"
            ))?;
            let rows = st.query_map(params_from_iter(bcps.iter()), inspection_row)?;
            rows.collect()
        })
        .await
    }

    async fn inspection(&self, id: &str) -> StoreResult<Option<Inspection>> {
        let id = id.to_string();
        self.read(move |c| inspection_by_id(c, &id)).await
    }

    async fn inspections_of(&self, declaration_id: &str) -> StoreResult<Vec<Inspection>> {
        let id = declaration_id.to_string();
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {INSPECTION_COLUMNS} FROM goods_inspections WHERE declaration_id = ?1 ORDER BY created_at, id"
            ))?;
            let rows = st.query_map(params![id], inspection_row)?;
            rows.collect()
        })
        .await
    }

    async fn record_inspection_result(
        &self,
        id: &str,
        result: InspectionResult,
        audit: AuditEvent,
    ) -> StoreResult<Inspection> {
        let id = id.to_string();
        self.write(move |ctx| {
            let Some(mut inspection) = inspection_by_id(ctx.tx, &id).map_err(backend)? else {
                return Err(StoreError::NotFound(format!("inspection {id}")));
            };
            if inspection.result.is_some() {
                return Err(StoreError::Conflict(format!(
                    "inspection {id} already has its result"
                )));
            }
            ctx.tx
                .execute(
                    "UPDATE goods_inspections SET result_json = ?2, found = ?3 WHERE id = ?1",
                    params![id, to_json(&result)?, result.found],
                )
                .map_err(backend)?;
            inspection.result = Some(result);
            sync::queue_up(ctx, GoodsInspections::KIND, &id, &to_json(&inspection)?)?;
            ctx.audit(&audit)?;
            Ok(inspection)
        })
        .await
    }

    async fn save_goods_rule(&self, rule: StoredGoodsRule, audit: AuditEvent) -> StoreResult<()> {
        self.write(move |ctx| {
            let latest: Option<u32> = ctx
                .tx
                .query_row(
                    "SELECT MAX(version) FROM goods_rules WHERE id = ?1",
                    params![rule.id],
                    |r| r.get(0),
                )
                .map_err(backend)?;
            let next = latest.unwrap_or(0) + 1;
            if rule.version != next {
                return Err(StoreError::Conflict(format!(
                    "rule {} is at version {}: save this change as version {next}",
                    rule.id,
                    latest.unwrap_or(0)
                )));
            }
            ctx.tx
                .execute(
                    "INSERT INTO goods_rules (id, version, saved_by, saved_at, rule_json) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![rule.id, rule.version, rule.saved_by, ts(&rule.saved_at), to_json(&rule.rule)?],
                )
                .map_err(backend)?;
            send_rule_down(ctx, &rule)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn goods_rules(&self) -> StoreResult<Vec<StoredGoodsRule>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT r.id, r.version, r.saved_by, r.saved_at, r.rule_json FROM goods_rules r
                 WHERE r.version = (SELECT MAX(version) FROM goods_rules WHERE id = r.id) ORDER BY r.id",
            )?;
            let rows = st.query_map([], rule_row)?;
            rows.collect()
        })
        .await
    }

    async fn goods_rule_versions(&self, id: &str) -> StoreResult<Vec<StoredGoodsRule>> {
        let id = id.to_string();
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT id, version, saved_by, saved_at, rule_json FROM goods_rules WHERE id = ?1 ORDER BY version DESC",
            )?;
            let rows = st.query_map(params![id], rule_row)?;
            rows.collect()
        })
        .await
    }

    async fn goods_rule_stats(&self) -> StoreResult<Vec<GoodsRuleStats>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT s.rule_id, COUNT(DISTINCT s.declaration_id),
                   COUNT(DISTINCT CASE WHEN i.result_json IS NOT NULL THEN s.declaration_id END),
                   COUNT(DISTINCT CASE WHEN i.found = 1 THEN s.declaration_id END)
                 FROM goods_selections s LEFT JOIN goods_inspections i ON i.declaration_id = s.declaration_id
                 GROUP BY s.rule_id ORDER BY s.rule_id",
            )?;
            let rows = st.query_map([], |r| {
                let n = |i: usize| r.get::<_, i64>(i).map(|v| u64::try_from(v).unwrap_or(0));
                Ok(GoodsRuleStats {
                    rule_id: r.get(0)?,
                    selected: n(1)?,
                    inspected: n(2)?,
                    found: n(3)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn party_finds(
        &self,
        keys: &[String],
    ) -> StoreResult<std::collections::HashMap<String, u32>> {
        if keys.is_empty() {
            return Ok(Default::default());
        }
        let keys = keys.to_vec();
        self.read(move |c| {
            let marks: Vec<String> = (1..=keys.len()).map(|i| format!("?{i}")).collect();
            let mut st = c.prepare(&format!(
                "SELECT p.party_key, COUNT(DISTINCT p.declaration_id) FROM goods_declaration_parties p
                 JOIN goods_inspections i ON i.declaration_id = p.declaration_id AND i.found = 1
                 WHERE p.party_key IN ({}) GROUP BY p.party_key",
                marks.join(", ")
            ))?;
            let rows = st.query_map(params_from_iter(keys.iter()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
            })?;
            rows.collect()
        })
        .await
    }
}
