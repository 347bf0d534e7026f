//! The client update files in `UpdateFolder`, served by VERS/DWNL and by HTTP `/updates`,
//! `/download`. Only plain file names inside the folder are ever resolved.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use chrono::{DateTime, Local};
use md5::{Digest, Md5};

#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("refused file name {0:?}: only plain names inside the update folder are served")]
    BadName(String),
    #[error("no such update file: {0}")]
    NotFound(String),
    #[error("update folder {folder}: {source}")]
    Io {
        folder: String,
        source: std::io::Error,
    },
}

/// One servable file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateFile {
    pub name: String,
    pub size: u64,
    pub modified: DateTime<Local>,
    pub md5_hex: String,
}

impl UpdateFile {
    pub fn modified_text(&self) -> String {
        self.modified.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// Refuses anything but a plain file name: separators, `..`, drive letters, NUL, control
/// characters and `%` (a still-encoded form after the HTTP layer decoded once).
pub fn check_name(name: &str) -> Result<(), UpdateError> {
    let bad = name.is_empty()
        || name.len() > 255
        || name == "."
        || name == ".."
        || name.contains("..")
        || name.starts_with('.')
        || name.chars().any(|c| {
            matches!(
                c,
                '/' | '\\' | ':' | '%' | '\0' | '*' | '?' | '"' | '<' | '>' | '|'
            ) || c.is_control()
        });
    if bad {
        Err(UpdateError::BadName(name.to_string()))
    } else {
        Ok(())
    }
}

/// The path of `name` inside `folder`, if it is a regular file there. A symlink is followed
/// only when its target stays inside the folder.
pub fn resolve(folder: &Path, name: &str) -> Result<PathBuf, UpdateError> {
    check_name(name)?;
    let io = |source| UpdateError::Io {
        folder: folder.display().to_string(),
        source,
    };
    let root = folder.canonicalize().map_err(io)?;
    let candidate = root.join(name);
    let real = match candidate.canonicalize() {
        Ok(p) => p,
        Err(_) => return Err(UpdateError::NotFound(name.to_string())),
    };
    if !real.starts_with(&root) || real.parent() != Some(root.as_path()) {
        return Err(UpdateError::BadName(name.to_string()));
    }
    match std::fs::metadata(&real) {
        Ok(m) if m.is_file() => Ok(real),
        _ => Err(UpdateError::NotFound(name.to_string())),
    }
}

type Md5Cache = Mutex<HashMap<PathBuf, (u64, SystemTime, String)>>;

fn cache() -> &'static Md5Cache {
    static CACHE: OnceLock<Md5Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// MD5 of a file, cached by size and modification time so repeated VERS stay cheap.
pub fn md5_of(path: &Path) -> std::io::Result<String> {
    let meta = std::fs::metadata(path)?;
    let mtime = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    if let Some((size, t, hex)) = cache().lock().unwrap_or_else(|p| p.into_inner()).get(path) {
        if *size == meta.len() && *t == mtime {
            return Ok(hex.clone());
        }
    }
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Md5::new();
    std::io::copy(&mut file, &mut hasher)?;
    let hex = hex(&hasher.finalize());
    cache()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(path.to_path_buf(), (meta.len(), mtime, hex.clone()));
    Ok(hex)
}

pub use crate::crypto::hex;

/// The servable files, by name. Entries that are not plain files (or are symlinks leading
/// outside) are skipped.
pub fn list(folder: &Path) -> Result<Vec<UpdateFile>, UpdateError> {
    let io = |source| UpdateError::Io {
        folder: folder.display().to_string(),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(io)? {
        let Ok(entry) = entry else { continue };
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let Ok(path) = resolve(folder, &name) else {
            continue;
        };
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let Ok(md5_hex) = md5_of(&path) else { continue };
        out.push(UpdateFile {
            name,
            size: meta.len(),
            modified: meta
                .modified()
                .map(DateTime::<Local>::from)
                .unwrap_or_else(|_| Local::now()),
            md5_hex,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["BosTcpClient.exe", "update-6.0.0.1.zip", "Обновление.txt"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", ".", "..", "../x", "a/b", "a\\b", "C:x", "x\0", "%2e%2e", "a..b", ".hidden", "x\n",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn listing_and_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.bin"), b"hello").unwrap();
        std::fs::write(outside.path().join("secret"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("a.bin"), dir.path().join("inside")).unwrap();
        let files = list(dir.path()).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.bin", "inside"]);
        assert_eq!(files[0].md5_hex, "5d41402abc4b2a76b9719d911017c592");
        assert!(matches!(
            resolve(dir.path(), "link"),
            Err(UpdateError::BadName(_))
        ));
        assert!(matches!(
            resolve(dir.path(), "sub"),
            Err(UpdateError::NotFound(_))
        ));
        assert!(matches!(
            resolve(dir.path(), "none"),
            Err(UpdateError::NotFound(_))
        ));
    }
}
