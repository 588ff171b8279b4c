//! `limes serve` refuses a data directory that others may read or write: the database and the keys in it hold
//! personal data and the secrets that protect it. The refusal says what to run.
use limes_i18n::AsArg;
use std::path::{Path, PathBuf};

/// The directories holding the server's data: the SQLite database's and the key file's.
pub fn data_dirs(cfg: &limes_app::Config) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = cfg
        .sqlite_path()
        .into_iter()
        .chain([crate::common::key_path(cfg)])
        .filter_map(|file| file.parent().map(Path::to_path_buf))
        .map(|d| {
            if d.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                d
            }
        })
        .collect();
    dirs.dedup();
    dirs
}

/// An error naming the first directory (existing) that group or others may read, write or enter, with the
/// `chmod` that fixes it.
pub fn refuse_open_data_dirs(cfg: &limes_app::Config) -> anyhow::Result<()> {
    for dir in data_dirs(cfg) {
        if let Some(mode) = open_mode(&dir)? {
            let (dir, mode) = (dir.display().to_string(), format!("{mode:o}"));
            anyhow::bail!(
                "{}",
                crate::common::say(
                    "cli-data-dir-open",
                    &[
                        ("dir", dir.as_str().as_arg()),
                        ("mode", mode.as_str().as_arg())
                    ]
                )
            );
        }
    }
    Ok(())
}

/// The permission bits of `dir` when group or others have any; `None` when private or not there yet (the store
/// then creates it 0700).
#[cfg(unix)]
fn open_mode(dir: &Path) -> anyhow::Result<Option<u32>> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(dir) {
        Ok(meta) => {
            let mode = meta.permissions().mode() & 0o777;
            Ok((mode & 0o077 != 0).then_some(mode))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", dir.display())),
    }
}

#[cfg(not(unix))]
fn open_mode(_dir: &Path) -> anyhow::Result<Option<u32>> {
    Ok(None)
}
