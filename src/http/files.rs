//! `GET /updates` and `GET /download/<file>`: the client update files of `UpdateFolder`, with
//! the same name rules as VERS/DWNL (`crate::updates`).

use serde_json::json;

use super::req::{percent_decode, Req};
use super::response::{Body, HttpReply, OCTETS};
use super::{read_only, require_login, HttpContext};
use crate::text::percent_encode;
use crate::updates::{self, UpdateError};

/// `GET /updates` (auth): `[{"name","size","modified","md5","url"}]`.
pub fn updates(ctx: &HttpContext, req: &Req) -> HttpReply {
    if let Some(r) = read_only(req) {
        return r;
    }
    let user = match require_login(ctx, req) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let folder = &ctx.instance.config.update_folder;
    match updates::list(folder) {
        Ok(files) => {
            let list: Vec<_> = files
                .iter()
                .map(|f| {
                    json!({
                        "name": f.name,
                        "size": f.size,
                        "modified": f.modified_text(),
                        "md5": f.md5_hex,
                        "url": format!("/download/{}", percent_encode(&f.name)),
                    })
                })
                .collect();
            HttpReply::json(200, &list).by(Some(user))
        }
        Err(e) => {
            log::warn!("/updates: {e}");
            HttpReply::error(503, &format!("update folder unavailable: {e}")).by(Some(user))
        }
    }
}

/// The file name from the raw path segment: decoded exactly once. A second encoding layer
/// (`%252e`) survives as `%` and is refused by the name check; overlong UTF-8 forms
/// (`%c0%ae`) are not valid UTF-8 and are refused here.
fn file_name(raw: &str) -> Result<String, String> {
    if raw.is_empty() || raw.contains('/') || raw.contains('\\') {
        return Err("only a plain file name is allowed".into());
    }
    let bytes = percent_decode(raw, false);
    let name = String::from_utf8(bytes).map_err(|_| "file name is not valid UTF-8".to_string())?;
    updates::check_name(&name).map_err(|e| e.to_string())?;
    Ok(name)
}

/// `GET /download/<file>` (auth): the file streamed with its length; traversal → 400,
/// missing → 404.
pub fn download(ctx: &HttpContext, req: &Req, raw: &str) -> HttpReply {
    if let Some(r) = read_only(req) {
        return r;
    }
    let user = match require_login(ctx, req) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let by = Some(user);
    let name = match file_name(raw) {
        Ok(n) => n,
        Err(why) => {
            log::warn!(
                "HTTP {} /download: refused {:?}: {why}",
                req.peer_ip(),
                raw.chars().take(200).collect::<String>()
            );
            return HttpReply::error(400, &format!("bad file name: {why}")).by(by);
        }
    };
    let folder = &ctx.instance.config.update_folder;
    let path = match updates::resolve(folder, &name) {
        Ok(p) => p,
        Err(UpdateError::NotFound(_)) => {
            return HttpReply::error(404, &format!("no such update file: {name}")).by(by)
        }
        Err(e @ UpdateError::BadName(_)) => {
            log::warn!("HTTP {} /download: {e}", req.peer_ip());
            return HttpReply::error(400, &e.to_string()).by(by);
        }
        Err(e) => {
            log::warn!("/download: {e}");
            return HttpReply::error(503, &format!("update folder unavailable: {e}")).by(by);
        }
    };
    let opened = std::fs::File::open(&path).and_then(|f| {
        let len = f.metadata()?.len();
        Ok((f, len))
    });
    match opened {
        Ok((file, len)) => {
            let mut r = HttpReply::bytes(200, OCTETS, Vec::new());
            r.body = Body::File(file, len as usize);
            r.with_header(
                "Content-Disposition",
                format!("attachment; filename*=UTF-8''{}", percent_encode(&name)),
            )
            .by(by)
        }
        Err(e) => {
            log::warn!("/download {name}: {e}");
            HttpReply::error(404, &format!("cannot open {name}: {e}")).by(by)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn names() {
        assert_eq!(file_name("a.zip").unwrap(), "a.zip");
        assert_eq!(file_name("%D0%9E%D0%BA.txt").unwrap(), "Ок.txt");
        for bad in [
            "",
            "..",
            "%2e%2e",
            "%2E%2E%2Fetc",
            "a/b",
            "..%2fx",
            "%2fetc%2fpasswd",
            "a%5cb",
            "a%00b",
            "%c0%ae%c0%ae",
            "%252e%252e",
            "x\\y",
            ".hidden",
        ] {
            assert!(file_name(bad).is_err(), "{bad}");
        }
    }
}
