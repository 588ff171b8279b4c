//! The BCP nodes page at the national centre.
use super::api::NodesQuery;
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Query, State};
use axum::Extension;
use limes_app::nodes::{centre_report, NodesError};
use limes_store::node_status::{StatusReport, DEFAULT_SILENT_AFTER_SECONDS};
use limes_store::sync::ListVersions;

// --- the page -----------------------------------------------------------------------------------

/// One list of a node beside the centre's version.
struct ListCell {
    label: String,
    node: String,
    centre: String,
    behind: bool,
}

struct NodeRow {
    node: String,
    bcp: String,
    last_contact: String,
    seconds_since: i64,
    backlog: String,
    records: u64,
    last_seq: i64,
    silent: bool,
    behind: bool,
    lists: Vec<ListCell>,
}

impl NodeRow {
    fn state(&self) -> &'static str {
        match (self.silent, self.behind) {
            (true, true) => "silent, behind",
            (true, false) => "silent",
            (false, true) => "behind",
            (false, false) => "in contact",
        }
    }
    fn class(&self) -> &'static str {
        if self.silent || self.behind {
            "red"
        } else {
            "green"
        }
    }
}

/// Every list the centre or the node holds, the node's version beside the centre's.
fn list_cells(centre: &ListVersions, node: Option<&ListVersions>) -> Vec<ListCell> {
    let show = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let mut cells = Vec::new();
    let mut watchlists: Vec<&String> = centre.watchlists.keys().collect();
    if let Some(n) = node {
        watchlists.extend(n.watchlists.keys());
    }
    watchlists.sort();
    watchlists.dedup();
    for id in watchlists {
        let c = centre.watchlists.get(id).copied();
        let n = node.and_then(|n| n.watchlists.get(id).copied());
        cells.push(ListCell {
            label: format!("watchlist {id}"),
            behind: c.is_some_and(|c| n.unwrap_or(0) < c),
            node: show(n.map(|v| v.to_string())),
            centre: show(c.map(|v| v.to_string())),
        });
    }
    let mut rules: Vec<&String> = centre.rules.keys().collect();
    if let Some(n) = node {
        rules.extend(n.rules.keys());
    }
    rules.sort();
    rules.dedup();
    for id in rules {
        let c = centre.rules.get(id).copied();
        let n = node.and_then(|n| n.rules.get(id).copied());
        cells.push(ListCell {
            label: format!("rule {id}"),
            behind: c.is_some_and(|c| n.unwrap_or(0) < c),
            node: show(n.map(|v| v.to_string())),
            centre: show(c.map(|v| v.to_string())),
        });
    }
    cells.push(ListCell {
        label: "document-alert register".into(),
        behind: node.is_some_and(|n| n.document_register < centre.document_register),
        node: show(node.map(|n| {
            format!(
                "version {} ({} alerts)",
                n.document_register, n.document_alerts
            )
        })),
        centre: format!(
            "version {} ({} alerts)",
            centre.document_register, centre.document_alerts
        ),
    });
    cells
}

fn rows(r: &StatusReport) -> Vec<NodeRow> {
    r.nodes
        .iter()
        .map(|n| NodeRow {
            node: n.node.clone(),
            bcp: n.bcp.clone(),
            last_contact: n.last_contact.format("%Y-%m-%d %H:%M:%S").to_string(),
            seconds_since: n.seconds_since_contact,
            backlog: n
                .backlog
                .map(|b| b.to_string())
                .unwrap_or_else(|| "no heartbeat yet".into()),
            records: n.records,
            last_seq: n.last_seq,
            silent: n.silent,
            behind: n.behind,
            lists: list_cells(&r.centre, n.versions.as_ref()),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "nodes/nodes.html")]
struct NodesPage {
    layout: Layout,
    /// Why there is no report here (not the centre).
    not_centre: Option<String>,
    /// What is wrong with this node's own NATS link, when it syncs.
    link_problem: Option<String>,
    at: String,
    silent_after: i64,
    alarms: Vec<String>,
    nodes: Vec<NodeRow>,
}

pub async fn nodes_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<NodesQuery>,
) -> PageResult {
    let layout = Layout::new(&st, Some(&who), "BCP nodes", "/sync");
    let page = match centre_report(&st, q.silent_after).await {
        Ok(r) => NodesPage {
            layout,
            not_centre: None,
            link_problem: limes_app::nodes::link_problem(&st),
            at: r.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            silent_after: r.silent_after_seconds,
            nodes: rows(&r),
            alarms: r.alarms,
        },
        Err(not @ (NodesError::NoSync | NodesError::NotCentre(_))) => NodesPage {
            layout,
            not_centre: Some(not.to_string()),
            link_problem: limes_app::nodes::link_problem(&st),
            at: st.clock.now().format("%Y-%m-%d %H:%M:%S").to_string(),
            silent_after: q.silent_after.unwrap_or(DEFAULT_SILENT_AFTER_SECONDS),
            alarms: vec![],
            nodes: vec![],
        },
        Err(e) => return Err(with(&who)(e)),
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_cells_put_the_node_beside_the_centre() {
        let centre = ListVersions {
            watchlists: [("un".to_string(), 4), ("national".to_string(), 2)].into(),
            rules: [("r1".to_string(), 3)].into(),
            document_register: 5,
            document_alerts: 10,
            ..Default::default()
        };
        let node = ListVersions {
            watchlists: [("un".to_string(), 3), ("national".to_string(), 2)].into(),
            rules: [("r1".to_string(), 3)].into(),
            document_register: 4,
            document_alerts: 12,
            ..Default::default()
        };
        let cells = list_cells(&centre, Some(&node));
        let shown: Vec<(String, String, String, bool)> = cells
            .into_iter()
            .map(|c| (c.label, c.node, c.centre, c.behind))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("watchlist national".into(), "2".into(), "2".into(), false),
                ("watchlist un".into(), "3".into(), "4".into(), true),
                ("rule r1".into(), "3".into(), "3".into(), false),
                (
                    "document-alert register".into(),
                    "version 4 (12 alerts)".into(),
                    "version 5 (10 alerts)".into(),
                    true
                ),
            ]
        );
        // A node without a heartbeat holds nothing the centre knows of.
        let none = list_cells(&centre, None);
        assert!(none[0].behind && none[0].node == "—");
    }
}
