//! Opening a shop database with Firebird's own client library (`libfbclient.so.2` from
//! Debian's libfbclient2, loaded at run time by rsfbclient's `dynamic_loading`).
//!
//! The database file is opened by the embedded engine in this process. Which engine
//! configuration, lock directory and temp directory it uses comes from the environment
//! variables `FIREBIRD`, `FIREBIRD_LOCK` and `FIREBIRD_TMP`; `scripts/shop-db.sh` prepares a
//! private "Firebird home" (ServerMode = SuperClassic, so several processes — bos-client
//! and a test's isql-fb — can have the same file open at once) and [`use_home`] points this
//! process at it.

use std::path::Path;

use rsfbclient::managed::NativeFbClient;
use rsfbclient::{charset, Connection, FbError};

pub use rsfbclient::managed::DynLoad;

/// A connection of the generator.
pub type FbConnection = Connection<NativeFbClient<DynLoad>>;

/// The client library: `FB_CLIENT_LIB`, else Debian's soname.
pub fn client_lib() -> String {
    std::env::var("FB_CLIENT_LIB").unwrap_or_else(|_| "libfbclient.so.2".to_string())
}

/// The user an embedded attachment runs as (no password is checked in embedded mode).
pub const EMBEDDED_USER: &str = "SYSDBA";

/// Points the embedded engine at a private Firebird home made by `scripts/shop-db.sh home`:
/// `DIR/root` (firebird.conf etc.), `DIR/lock`, `DIR/tmp`. Call before the library loads
/// and before other threads start.
pub fn use_home(dir: &Path) {
    std::env::set_var("FIREBIRD", dir.join("root"));
    std::env::set_var("FIREBIRD_LOCK", dir.join("lock"));
    std::env::set_var("FIREBIRD_TMP", dir.join("tmp"));
}

/// Keeps libfbclient mapped for the life of the process: rsfbclient unloads its handle when
/// a client is dropped, and unloading a library that runs the embedded engine's threads
/// would crash the process. RTLD_NODELETE makes every later dlclose harmless.
pub fn pin_library() -> Result<(), String> {
    let name = std::ffi::CString::new(client_lib()).map_err(|e| e.to_string())?;
    // SAFETY: dlopen with a valid NUL-terminated name; the handle is intentionally leaked.
    let h = unsafe { libc::dlopen(name.as_ptr(), libc::RTLD_NOW | libc::RTLD_NODELETE) };
    if h.is_null() {
        Err(format!(
            "cannot load the Firebird client library {} (install libfbclient2)",
            client_lib()
        ))
    } else {
        Ok(())
    }
}

/// A plain connection (the generator's), charset UTF8: Firebird transliterates to and from
/// the database's WIN1251.
pub fn connect(db: &str) -> Result<Connection<NativeFbClient<DynLoad>>, FbError> {
    rsfbclient::builder_native()
        .with_dyn_load(client_lib())
        .with_embedded()
        .db_name(db)
        .user(EMBEDDED_USER)
        .charset(charset::UTF_8)
        .stmt_cache_size(64)
        .connect()
}
