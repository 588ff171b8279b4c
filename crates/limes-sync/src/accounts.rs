//! The federation's NATS accounts, least privilege at the BCP: the hub's configuration (the centre's user with
//! JetStream, one leaf user per BCP whose permissions allow only its own subjects and its own downward consumer)
//! and each BCP's leaf-node configuration (its local port closed to anyone without the node's NKey) with the
//! node's credentials. Every secret is derived from one secret file kept at the centre, so the hub's
//! configuration can be generated again (a BCP added) without changing what the nodes hold.
use crate::edge::down_consumer_name;
use crate::{heartbeat_subject, DOWN_STREAM, JETSTREAM_DOMAIN};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::Path;

/// The NATS account of the federation (on the hub and on every leaf node).
pub const ACCOUNT: &str = "LIMES";
/// The centre's NATS user on the hub.
pub const CENTRE_USER: &str = "centre";
/// NATS's default: every downward message is sliced to fit it (`limes_store::delta::LIST_PART_BYTES`).
pub const MAX_PAYLOAD: &str = "1MB";
/// The bcrypt cost of the passwords in the hub's configuration (what `nats server passwd` uses).
const BCRYPT_COST: u32 = 11;

/// The secret every federation credential is derived from (32 random bytes, hex, in a file at the centre).
pub struct FederationSecret([u8; 32]);

impl FederationSecret {
    /// Read the secret file, or create it (readable by its owner only) on first use.
    pub fn load_or_create(path: &Path) -> anyhow::Result<FederationSecret> {
        if path.exists() {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
            let bytes = hex::decode(text.trim()).map_err(|e| {
                anyhow::anyhow!("{} is not a federation secret: {e}", path.display())
            })?;
            let bytes: [u8; 32] = bytes.try_into().map_err(|_| {
                anyhow::anyhow!("{} is not a federation secret (32 bytes)", path.display())
            })?;
            return Ok(FederationSecret(bytes));
        }
        let mut bytes = [0u8; 32];
        getrandom(&mut bytes)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        write_private(path, &hex::encode(bytes))?;
        Ok(FederationSecret(bytes))
    }

    /// A secret from given bytes (tests).
    pub fn from_bytes(bytes: [u8; 32]) -> FederationSecret {
        FederationSecret(bytes)
    }

    fn derive(&self, label: &str) -> anyhow::Result<[u8; 32]> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .map_err(|e| anyhow::anyhow!("federation secret: {e}"))?;
        mac.update(label.as_bytes());
        Ok(mac.finalize().into_bytes().into())
    }

    /// The centre's password on the hub.
    pub fn centre_password(&self) -> anyhow::Result<String> {
        Ok(hex::encode(self.derive("nats:centre")?))
    }

    /// The password a BCP's leaf node logs in to the hub with.
    pub fn leaf_password(&self, bcp: &str) -> anyhow::Result<String> {
        Ok(hex::encode(self.derive(&format!("nats:leaf:{bcp}"))?))
    }

    /// The NKey a BCP node logs in to its leaf node with.
    pub fn node_key(&self, node: &str) -> anyhow::Result<nkeys::KeyPair> {
        nkeys::KeyPair::new_from_raw(
            nkeys::KeyPairType::User,
            self.derive(&format!("nats:node:{node}"))?,
        )
        .map_err(|e| anyhow::anyhow!("node key: {e}"))
    }
}

pub(crate) fn getrandom(bytes: &mut [u8]) -> anyhow::Result<()> {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(bytes))
        .map_err(|e| anyhow::anyhow!("cannot read random bytes: {e}"))
}

/// Write a file readable by its owner only (it holds a secret).
pub fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}

/// A subject token (a BCP code, a node id): letters, digits, `-` and `_`, so that it cannot widen a permission.
pub fn check_token(what: &str, token: &str) -> anyhow::Result<()> {
    if token.is_empty()
        || !token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        anyhow::bail!("{what} '{token}' may hold only letters, digits, '-' and '_'");
    }
    Ok(())
}

/// The prefix of a BCP node's reply subjects (the only subjects it may receive on).
pub fn inbox_prefix(node: &str) -> String {
    format!("_LIMES_INBOX.{node}")
}

/// What a BCP node may publish and receive: its own up records and heartbeats, the JetStream API calls of its
/// own downward consumer and their acknowledgements; replies only on its own inbox. Nothing else: no stream
/// management, no message get, no other consumer, no other BCP's subjects.
pub struct BcpPermissions {
    pub publish: Vec<String>,
    pub subscribe: Vec<String>,
}

pub fn bcp_permissions(bcp: &str, node: &str) -> BcpPermissions {
    let consumer = down_consumer_name(node);
    let api = format!("$JS.{JETSTREAM_DOMAIN}.API");
    let mut publish = vec![
        crate::up_subject(bcp, ">"),
        heartbeat_subject(bcp, node),
        crate::enrol::enrol_subject(bcp),
    ];
    for call in ["CREATE", "DELETE", "INFO", "MSG.NEXT"] {
        publish.push(format!("{api}.CONSUMER.{call}.{DOWN_STREAM}.{consumer}"));
    }
    // Acknowledgements: the reply subject of a delivered message (without and with domain and account hash).
    publish.push(format!("$JS.ACK.{DOWN_STREAM}.{consumer}.>"));
    publish.push(format!("$JS.ACK.*.*.{DOWN_STREAM}.{consumer}.>"));
    // The consumer of this BCP's own records, created only with its BCP's filter.
    publish.extend(crate::addressed::permissions(bcp, node));
    BcpPermissions {
        publish,
        subscribe: vec![format!("{}.>", inbox_prefix(node))],
    }
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn permissions_block(p: &BcpPermissions) -> String {
    format!(
        "permissions: {{\n          publish: {{ allow: [{}] }}\n          subscribe: {{ allow: [{}] }}\n        }}",
        quoted_list(&p.publish),
        quoted_list(&p.subscribe)
    )
}

/// A BCP of the federation with the id of its node.
#[derive(Debug, Clone)]
pub struct BcpNode {
    pub bcp: String,
    pub node: String,
}

/// Where the hub listens and keeps its JetStream store.
#[derive(Debug, Clone)]
pub struct HubSettings {
    pub server_name: String,
    /// Client port (the centre connects here), `HOST:PORT`.
    pub listen: String,
    /// Leaf-node port (the BCPs' leaf nodes connect here), `HOST:PORT`.
    pub leaf_listen: String,
    pub store_dir: String,
}

/// The hub's configuration: JetStream in the federation's domain, the centre's user and one leaf user per BCP.
pub fn hub_config(
    secret: &FederationSecret,
    settings: &HubSettings,
    bcps: &[BcpNode],
) -> anyhow::Result<String> {
    let hash = |password: &str| {
        bcrypt::hash(password, BCRYPT_COST).map_err(|e| anyhow::anyhow!("bcrypt: {e}"))
    };
    let mut users = vec![format!(
        "      {{ user: \"{CENTRE_USER}\", password: \"{}\" }}",
        hash(&secret.centre_password()?)?
    )];
    for b in bcps {
        check_token("BCP code", &b.bcp)?;
        check_token("node id", &b.node)?;
        users.push(format!(
            "      # BCP {bcp}, node {node}\n      {{\n        user: \"{user}\", password: \"{hash}\"\n        {perms}\n      }}",
            bcp = b.bcp,
            node = b.node,
            user = leaf_user(&b.bcp),
            hash = hash(&secret.leaf_password(&b.bcp)?)?,
            perms = permissions_block(&bcp_permissions(&b.bcp, &b.node)),
        ));
    }
    Ok(format!(
        "# Limes federation hub (generated by `limes sync config --hub`; generate it again after adding a BCP).\n\
         server_name: \"{name}\"\n\
         listen: \"{listen}\"\n\
         max_payload: {MAX_PAYLOAD}\n\
         jetstream {{\n  domain: {JETSTREAM_DOMAIN}\n  store_dir: \"{store}\"\n}}\n\
         accounts {{\n  {ACCOUNT} {{\n    jetstream: enabled\n    users: [\n{users}\n    ]\n  }}\n}}\n\
         leafnodes {{\n  listen: \"{leaf}\"\n}}\n",
        name = settings.server_name,
        listen = settings.listen,
        store = settings.store_dir,
        users = users.join("\n"),
        leaf = settings.leaf_listen,
    ))
}

/// The hub user of a BCP's leaf node.
pub fn leaf_user(bcp: &str) -> String {
    format!("leaf-{bcp}")
}

/// Where a BCP's leaf node listens and how it reaches the hub.
#[derive(Debug, Clone)]
pub struct LeafSettings {
    /// The local client port (the BCP node connects here), `HOST:PORT`.
    pub listen: String,
    /// The hub's leaf-node address, `HOST:PORT` (`nats-leaf://` or TLS is up to the deployment).
    pub hub: String,
}

/// A BCP node's NATS set-up: the leaf node's configuration and the node's own NKey seed.
pub struct LeafBundle {
    pub config: String,
    /// The node's NKey seed (`SU…`): the node connects with `--nats-nkey <file holding it>`.
    pub node_seed: String,
    pub node_public_key: String,
}

pub fn leaf_config(
    secret: &FederationSecret,
    settings: &LeafSettings,
    bcp_node: &BcpNode,
) -> anyhow::Result<LeafBundle> {
    let BcpNode { bcp, node } = bcp_node;
    check_token("BCP code", bcp)?;
    check_token("node id", node)?;
    let key = secret.node_key(node)?;
    let node_seed = key
        .seed()
        .map_err(|e| anyhow::anyhow!("node key seed: {e}"))?;
    let node_public_key = key.public_key();
    let config = format!(
        "# Limes leaf node of BCP {bcp} (generated by `limes sync config --bcp {bcp}`). Keep this file readable by\n\
         # the NATS server only: it holds the leaf's password on the hub.\n\
         server_name: \"limes-leaf-{node}\"\n\
         listen: \"{listen}\"\n\
         max_payload: {MAX_PAYLOAD}\n\
         accounts {{\n  {ACCOUNT} {{\n    users: [\n      {{\n        nkey: \"{node_public_key}\"\n        {perms}\n      }}\n    ]\n  }}\n}}\n\
         leafnodes {{\n  reconnect: 1\n  remotes: [ {{ url: \"nats://{user}:{password}@{hub}\", account: {ACCOUNT} }} ]\n}}\n",
        listen = settings.listen,
        perms = permissions_block(&bcp_permissions(bcp, node)),
        user = leaf_user(bcp),
        password = secret.leaf_password(bcp)?,
        hub = settings.hub,
    );
    Ok(LeafBundle {
        config,
        node_seed,
        node_public_key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bcp_may_touch_only_its_own_subjects_and_consumer() {
        let p = bcp_permissions("LAND1", "LAND1");
        assert!(p.publish.contains(&"limes.up.LAND1.>".to_string()));
        assert!(
            p.publish.iter().all(|s| !s.contains("STREAM")),
            "{:?}",
            p.publish
        );
        assert!(p
            .publish
            .iter()
            .filter(|s| s.starts_with("$JS"))
            .all(|s| s.contains("limes-node-LAND1")));
        assert_eq!(p.subscribe, vec!["_LIMES_INBOX.LAND1.>".to_string()]);
    }

    #[test]
    fn secrets_are_derived_the_same_way_each_time_and_differ_per_bcp() {
        let s = FederationSecret::from_bytes([7; 32]);
        assert_eq!(
            s.leaf_password("LAND1").unwrap(),
            s.leaf_password("LAND1").unwrap()
        );
        assert_ne!(
            s.leaf_password("LAND1").unwrap(),
            s.leaf_password("SEA1").unwrap()
        );
        assert_ne!(
            s.centre_password().unwrap(),
            s.leaf_password("LAND1").unwrap()
        );
        let a = s.node_key("LAND1").unwrap();
        assert!(a.seed().unwrap().starts_with("SU"));
        assert_eq!(a.public_key(), s.node_key("LAND1").unwrap().public_key());
    }

    #[test]
    fn codes_that_would_widen_a_permission_are_refused() {
        assert!(check_token("BCP code", "LAND1").is_ok());
        for bad in ["", "A.B", "*", ">", "A B"] {
            assert!(check_token("BCP code", bad).is_err(), "{bad}");
        }
    }
}
