//! The seal on reporters' identities: XChaCha20-Poly1305 under a key kept in a file (created 0600) beside the
//! audit key, outside the database, so that database files, dumps and backups hold ciphertext only. Each seal is
//! bound to its report's id (associated data): a sealed blob moved onto another report does not open.
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use limes_domain::cooperation::ReporterIdentity;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The sealing key's file name in the key directory (`limes_app::checkpoints::key_dir`).
pub const SEAL_KEY_FILE: &str = "limes-seal.key";
const NONCE_LEN: usize = 24;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("sealing key {path}: {reason}")]
    Key { path: PathBuf, reason: String },
    #[error("the sealed reporter could not be opened (wrong key, or the record was altered)")]
    Open,
    #[error("the reporter could not be sealed")]
    Seal,
}

/// The key that seals reporters, loaded from (or created in) the key directory.
pub struct SealKey {
    cipher: XChaCha20Poly1305,
    /// A second key derived from the first, for the keyed hash of a report's source.
    source_salt: [u8; 32],
}

fn key_error(path: &Path, reason: impl std::fmt::Display) -> SealError {
    SealError::Key {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

impl SealKey {
    fn from_bytes(bytes: [u8; 32]) -> SealKey {
        let source_salt: [u8; 32] = Sha256::new()
            .chain_update(b"limes-report-source")
            .chain_update(bytes)
            .finalize()
            .into();
        SealKey {
            cipher: XChaCha20Poly1305::new(&bytes.into()),
            source_salt,
        }
    }

    /// The key of the installation whose key directory is `dir`, created (0600) on first use; a key file others
    /// may read is refused.
    pub fn load_or_create(dir: &Path) -> Result<SealKey, SealError> {
        let path = dir.join(SEAL_KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = std::fs::metadata(&path)
                        .map_err(|e| key_error(&path, e))?
                        .permissions()
                        .mode();
                    if mode & 0o077 != 0 {
                        return Err(key_error(
                            &path,
                            format!("readable by others (mode {:o}); make it 0600", mode & 0o777),
                        ));
                    }
                }
                let bytes: [u8; 32] = hex::decode(text.trim())
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(|| key_error(&path, "not a 32-byte hex key"))?;
                Ok(SealKey::from_bytes(bytes))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir).map_err(|e| key_error(&path, e))?;
                let bytes: [u8; 32] = rand::random();
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                match options.open(&path) {
                    Ok(mut file) => {
                        writeln!(file, "{}", hex::encode(bytes))
                            .and_then(|()| file.sync_all())
                            .map_err(|e| key_error(&path, e))?;
                        tracing::info!(path = %path.display(), "reporter sealing key created");
                        Ok(SealKey::from_bytes(bytes))
                    }
                    // Another request created it at the same moment: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        SealKey::load_or_create(dir)
                    }
                    Err(e) => Err(key_error(&path, e)),
                }
            }
            Err(e) => Err(key_error(&path, e)),
        }
    }

    /// The reporter sealed for report `report_id`: nonce then ciphertext.
    pub fn seal(&self, report_id: &str, who: &ReporterIdentity) -> Result<Vec<u8>, SealError> {
        let plain = serde_json::to_vec(who).map_err(|_| SealError::Seal)?;
        let nonce_bytes: [u8; NONCE_LEN] = rand::random();
        let nonce = XNonce::from_slice(&nonce_bytes);
        let sealed = self
            .cipher
            .encrypt(
                nonce,
                Payload {
                    msg: &plain,
                    aad: report_id.as_bytes(),
                },
            )
            .map_err(|_| SealError::Seal)?;
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Open a seal made by [`SealKey::seal`] for the same report.
    pub fn open(&self, report_id: &str, sealed: &[u8]) -> Result<ReporterIdentity, SealError> {
        if sealed.len() < NONCE_LEN {
            return Err(SealError::Open);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: report_id.as_bytes(),
                },
            )
            .map_err(|_| SealError::Open)?;
        serde_json::from_slice(&plain).map_err(|_| SealError::Open)
    }

    /// A keyed hash of where a report came from (an address): counts per source without keeping the address.
    pub fn source_key(&self, source: &str) -> String {
        hex::encode(
            Sha256::new()
                .chain_update(self.source_salt)
                .chain_update(source.as_bytes())
                .finalize(),
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn someone() -> ReporterIdentity {
        ReporterIdentity {
            name: "Amira Haddad".into(),
            telephone: "+999 555 0101".into(),
            email: "amira@example.org".into(),
            address: "3 Harbour Lane".into(),
        }
    }

    #[test]
    fn a_seal_opens_only_for_its_report_and_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let key = SealKey::load_or_create(dir.path()).unwrap();
        let sealed = key.seal("r1", &someone()).unwrap();
        let text = String::from_utf8_lossy(&sealed);
        assert!(!text.contains("Amira") && !text.contains("555"));
        assert_eq!(key.open("r1", &sealed).unwrap(), someone());
        assert!(key.open("r2", &sealed).is_err(), "bound to its report");
        // The same file gives the same key; another directory another key.
        let again = SealKey::load_or_create(dir.path()).unwrap();
        assert_eq!(again.open("r1", &sealed).unwrap(), someone());
        let other = tempfile::tempdir().unwrap();
        let stranger = SealKey::load_or_create(other.path()).unwrap();
        assert!(stranger.open("r1", &sealed).is_err());
        assert_eq!(key.source_key("10.0.0.1"), again.source_key("10.0.0.1"));
        assert_ne!(key.source_key("10.0.0.1"), stranger.source_key("10.0.0.1"));
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_private_and_a_readable_one_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        SealKey::load_or_create(dir.path()).unwrap();
        let path = dir.path().join(SEAL_KEY_FILE);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(SealKey::load_or_create(dir.path()).is_err());
    }
}
