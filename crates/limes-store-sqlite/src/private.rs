//! The database holds personal data: its directory is created 0700 and the database, WAL and SHM files 0600,
//! whatever the umask, and existing files with wider permissions are narrowed at open.
use limes_store::{StoreError, StoreResult};
use std::path::Path;

/// The files SQLite keeps for a database at `path`.
fn files(path: &Path) -> [std::path::PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

fn failed(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Backend(format!("cannot {what} {}: {e}", path.display()))
}

/// Create the directory (0700) and an empty database file (0600) before SQLite opens it, so that it never
/// exists with the umask's permissions.
#[cfg(unix)]
pub(crate) fn prepare(path: &Path) -> StoreResult<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| failed("create", dir, e))?;
        }
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => tighten(path),
        Err(e) => Err(failed("create", path, e)),
    }
}

/// Narrow the database, WAL and SHM files to 0600 where they exist.
#[cfg(unix)]
pub(crate) fn tighten(path: &Path) -> StoreResult<()> {
    use std::os::unix::fs::PermissionsExt;
    for file in files(path) {
        match std::fs::metadata(&file) {
            Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| failed("restrict the permissions of", &file, e))?;
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn prepare(path: &Path) -> StoreResult<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| failed("create", dir, e))?;
    }
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn tighten(_path: &Path) -> StoreResult<()> {
    Ok(())
}
