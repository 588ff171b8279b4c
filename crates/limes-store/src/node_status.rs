//! The centre's view of its BCP nodes: last contact, backlog, list versions, records received per kind; silent
//! and behind nodes flagged.
//! Pure (no I/O), so that the command line (`limes sync status`), the sync crate and the server's operations
//! page and API (`GET /api/v1/sync/nodes`) all use the same report.
use crate::sync::{ListVersions, NodeRecord};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// How long a node may go without contact before it is reported silent, unless told otherwise.
pub const DEFAULT_SILENT_AFTER_SECONDS: i64 = 60;

#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct NodeStatus {
    pub node: String,
    pub bcp: String,
    pub last_contact: DateTime<Utc>,
    pub seconds_since_contact: i64,
    /// No contact for longer than the limit.
    pub silent: bool,
    /// Holds an older version of a list than the centre (or misses it).
    pub behind: bool,
    /// The lists it is behind on, e.g. `watchlist:un (3 < 4)`.
    pub behind_on: Vec<String>,
    /// Outbox rows the node had not had acknowledged, at its last heartbeat.
    pub backlog: Option<u64>,
    /// The list versions of its last heartbeat: `down_seq`, `watchlists` and `rules` (id → version),
    /// `document_register` (version) and `document_alerts` (count).
    #[schema(value_type = Option<Object>)]
    pub versions: Option<ListVersions>,
    /// Records ingested from the node, and the highest outbox seq among them.
    pub records: u64,
    pub last_seq: i64,
    /// Records ingested from the node, per kind (`crossing`, `audit`, and each kind declared in
    /// `limes_store::sync::registry`).
    #[schema(value_type = Object)]
    pub records_by_kind: BTreeMap<String, u64>,
    /// What is wrong with the node's link, in words an operator can act on: the problem its last heartbeat
    /// reported, or, for a silent node, what to check.
    pub link_problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct StatusReport {
    pub at: DateTime<Utc>,
    pub silent_after_seconds: i64,
    /// The versions the centre holds (same shape as a node's `versions`).
    #[schema(value_type = Object)]
    pub centre: ListVersions,
    pub nodes: Vec<NodeStatus>,
    /// One line per silent or behind node.
    pub alarms: Vec<String>,
}

/// Compare every node with the centre.
pub fn report(
    centre: ListVersions,
    nodes: Vec<NodeRecord>,
    now: DateTime<Utc>,
    silent_after_seconds: i64,
) -> StatusReport {
    let mut alarms = Vec::new();
    let nodes = nodes
        .into_iter()
        .map(|n| {
            let since = (now - n.last_contact).num_seconds();
            let silent = since > silent_after_seconds;
            let versions = n.heartbeat.as_ref().map(|h| h.versions.clone());
            let mut behind_on = Vec::new();
            match &versions {
                None => behind_on.push("no heartbeat yet".to_string()),
                Some(v) => {
                    for (id, &cv) in &centre.watchlists {
                        let nv = v.watchlists.get(id).copied().unwrap_or(0);
                        if nv < cv {
                            behind_on.push(format!("watchlist:{id} ({nv} < {cv})"));
                        }
                    }
                    for (id, &cv) in &centre.rules {
                        let nv = v.rules.get(id).copied().unwrap_or(0);
                        if nv < cv {
                            behind_on.push(format!("rule:{id} ({nv} < {cv})"));
                        }
                    }
                    if v.document_register < centre.document_register {
                        behind_on.push(format!(
                            "document_register ({} < {})",
                            v.document_register, centre.document_register
                        ));
                    }
                    // A kind addressed to one BCP each has one version for all: a node holds only its own.
                    let addressed =
                        |kind: &str| crate::sync::registry::find(kind).is_some_and(|k| k.addressed);
                    for (kind, &cv) in centre.records.iter().filter(|(k, _)| !addressed(k)) {
                        let nv = v.records.get(kind).copied().unwrap_or(0);
                        if nv < cv {
                            behind_on.push(format!("records:{kind} ({nv} < {cv})"));
                        }
                    }
                }
            }
            let behind = !behind_on.is_empty();
            let link_problem = if silent {
                Some(format!(
                    "no contact for {since} s: the node, its leaf node or the link to the hub is down (the node's \
                     /healthz names which); what it recorded meanwhile is kept in its outbox and comes up when the \
                     link returns"
                ))
            } else {
                n.heartbeat.as_ref().and_then(|h| h.link_problem.clone())
            };
            if silent {
                alarms.push(format!(
                    "node {} (BCP {}) silent for {since} s",
                    n.node, n.bcp
                ));
            } else if let Some(problem) = &link_problem {
                alarms.push(format!(
                    "node {} (BCP {}) reports a link problem: {problem}",
                    n.node, n.bcp
                ));
            }
            if behind {
                alarms.push(format!(
                    "node {} (BCP {}) behind: {}",
                    n.node,
                    n.bcp,
                    behind_on.join(", ")
                ));
            }
            NodeStatus {
                backlog: n.heartbeat.as_ref().map(|h| h.backlog),
                node: n.node,
                bcp: n.bcp,
                last_contact: n.last_contact,
                seconds_since_contact: since,
                silent,
                behind,
                behind_on,
                versions,
                records: n.records,
                last_seq: n.last_seq,
                records_by_kind: n.records_by_kind,
                link_problem,
            }
        })
        .collect();
    StatusReport {
        at: now,
        silent_after_seconds,
        centre,
        nodes,
        alarms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::Heartbeat;

    fn node(name: &str, contact: DateTime<Utc>, wl: Option<i64>) -> NodeRecord {
        NodeRecord {
            node: name.into(),
            bcp: "LAND1".into(),
            last_contact: contact,
            heartbeat: wl.map(|v| Heartbeat {
                link_problem: None,
                node: name.into(),
                bcp: "LAND1".into(),
                sent_at: contact,
                backlog: 3,
                versions: ListVersions {
                    down_seq: 5,
                    watchlists: [("un".to_string(), v)].into(),
                    // The node at version 3 of the UN list also missed the last register change.
                    document_register: if v < 4 { 1 } else { 2 },
                    records: [("notice".to_string(), if v < 4 { 6 } else { 7 })].into(),
                    ..Default::default()
                },
            }),
            records: 10,
            last_seq: 10,
            records_by_kind: [("crossing".to_string(), 6), ("audit".to_string(), 4)].into(),
        }
    }

    #[test]
    fn silent_and_behind_nodes_are_flagged() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let centre = ListVersions {
            watchlists: [("un".to_string(), 4)].into(),
            document_register: 2,
            records: [("notice".to_string(), 7)].into(),
            ..Default::default()
        };
        let r = report(
            centre,
            vec![
                node("a", now - chrono::Duration::seconds(5), Some(4)),
                node("b", now - chrono::Duration::seconds(120), Some(4)),
                node("c", now - chrono::Duration::seconds(1), Some(3)),
                node("d", now, None),
            ],
            now,
            60,
        );
        let flags: Vec<(bool, bool)> = r.nodes.iter().map(|n| (n.silent, n.behind)).collect();
        assert_eq!(
            flags,
            vec![(false, false), (true, false), (false, true), (false, true)]
        );
        assert_eq!(
            r.nodes[2].behind_on,
            vec![
                "watchlist:un (3 < 4)",
                "document_register (1 < 2)",
                "records:notice (6 < 7)"
            ]
        );
        assert_eq!(r.nodes[0].records_by_kind.get("crossing"), Some(&6));
        assert_eq!(r.nodes[0].backlog, Some(3));
        assert_eq!(r.alarms.len(), 3);
        assert!(r.alarms[0].contains("node b") && r.alarms[0].contains("silent for 120 s"));
        // A silent node's problem says what to check; a connected one has none.
        assert_eq!(r.nodes[0].link_problem, None);
        assert!(r.nodes[1]
            .link_problem
            .as_deref()
            .is_some_and(|p| p.contains("no contact for 120 s") && p.contains("/healthz")));
    }

    #[test]
    fn a_link_problem_a_node_reports_is_shown_and_alarmed() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut n = node("a", now, Some(4));
        if let Some(hb) = n.heartbeat.as_mut() {
            hb.link_problem = Some("NATS refused an operation to this node's account".into());
        }
        let r = report(ListVersions::default(), vec![n], now, 60);
        assert_eq!(
            r.nodes[0].link_problem.as_deref(),
            Some("NATS refused an operation to this node's account")
        );
        assert!(
            r.alarms
                .iter()
                .any(|a| a.contains("reports a link problem")),
            "{:?}",
            r.alarms
        );
    }
}
