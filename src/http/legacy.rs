//! The legacy server API (http-api.md §2) that dreport's admin panel reads, and the answer
//! to unknown documents. Always HTTP 200 with a ResultCode, like the original.

use serde::Serialize;

use super::login::Login;
use super::relay_endpoint::{
    ACCESS_DENIED, ID_MISSING, LOGIN_DENIED, LOGIN_MISSING, OFFLINE, UNKNOWN_DOCUMENT,
};
use super::req::Req;
use super::response::HttpReply;
use super::HttpContext;
use crate::registry::SessionHandle;

/// The admin panel parses exactly this format (server local time).
const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// One client as `/server/clientlist/` shows it; field order as in the original.
#[derive(Serialize, Debug)]
pub struct ClientRow {
    #[serde(rename = "Id")]
    id: String,
    #[serde(rename = "Host")]
    host: String,
    #[serde(rename = "IP")]
    ip: String,
    #[serde(rename = "Conn")]
    conn: String,
    #[serde(rename = "Act")]
    act: String,
    #[serde(rename = "App")]
    app: String,
    #[serde(rename = "Ver")]
    ver: String,
    #[serde(rename = "Db")]
    db: String,
    #[serde(rename = "Name")]
    name: String,
    /// `YYYY-MM-DD 00:00:00`, or empty when the auth server gave no date.
    #[serde(rename = "Exp")]
    exp: String,
}

impl ClientRow {
    fn of(h: &SessionHandle) -> Option<ClientRow> {
        let info = h.info();
        Some(ClientRow {
            id: info.object_id.clone()?,
            host: info.host.clone(),
            ip: h.peer.ip().to_string(),
            conn: h.connected_at.format(TIME_FORMAT).to_string(),
            act: h.last_activity().format(TIME_FORMAT).to_string(),
            app: info.app.clone(),
            ver: info.version.clone(),
            db: info.db_type.clone(),
            name: info.customer_name.clone(),
            exp: info
                .expire_date
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| d.format(TIME_FORMAT).to_string())
                .unwrap_or_default(),
        })
    }
}

#[derive(Serialize)]
struct ListJson {
    #[serde(rename = "ResultCode")]
    code: i64,
    #[serde(rename = "ResultMessage")]
    message: &'static str,
    #[serde(rename = "Clients")]
    clients: Vec<ClientRow>,
}

#[derive(Serialize)]
struct StatJson {
    #[serde(rename = "ResultCode")]
    code: i64,
    #[serde(rename = "ResultMessage")]
    message: &'static str,
    /// A single object, not a list (the original's spelling).
    #[serde(rename = "Clients")]
    client: ClientRow,
}

/// 102/103 as the legacy API answers them (HTTP 200); 429 once the address spent its
/// failed-login budget.
fn login(ctx: &HttpContext, req: &Req) -> Result<String, HttpReply> {
    match super::check_login(ctx, req) {
        Login::Ok(user) => Ok(user),
        Login::Missing => Err(HttpReply::result(200, LOGIN_MISSING, "Login info missing")),
        Login::Denied(_) => Err(HttpReply::result(200, LOGIN_DENIED, ACCESS_DENIED)),
        Login::Throttled(secs) => Err(HttpReply::throttled(secs)),
    }
}

/// `/server/clientlist/?u=&p=`: every identified client, ordered by object ID.
pub fn client_list(ctx: &HttpContext, req: &Req) -> HttpReply {
    let user = match login(ctx, req) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let clients = ctx
        .shared
        .registry
        .identified()
        .iter()
        .filter(|h| h.instance == ctx.instance.config.number)
        .filter_map(|h| ClientRow::of(h))
        .collect();
    let mut r = HttpReply::json(
        200,
        &ListJson {
            code: 0,
            message: "OK",
            clients,
        },
    );
    r.result_code = Some(0);
    r.by(Some(user))
}

/// `/server/clientstat/?id=&u=&p=`: one client; offline → ResultCode 200.
pub fn client_stat(ctx: &HttpContext, req: &Req) -> HttpReply {
    let user = match login(ctx, req) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let by = Some(user);
    let Some(id) = req.param_text("id") else {
        return HttpReply::result(200, ID_MISSING, "Client id missing").by(by);
    };
    let row = ctx.own_session(&id).and_then(|h| ClientRow::of(&h));
    match row {
        Some(client) => {
            let mut r = HttpReply::json(
                200,
                &StatJson {
                    code: 0,
                    message: "OK",
                    client,
                },
            );
            r.result_code = Some(0);
            r.by(by)
        }
        None => HttpReply::result(200, OFFLINE, "Client is offline").by(by),
    }
}

/// Any path the server does not know: ResultCode 205 with HTTP 200, like the original.
pub fn unknown(req: &Req) -> HttpReply {
    let shown: String = req.raw_path.chars().take(200).collect();
    HttpReply::result(200, UNKNOWN_DOCUMENT, &format!("Unknown document: {shown}"))
}
