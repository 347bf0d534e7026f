//! The seed corpora: realistic inputs for each target, invented for the purpose.

use super::{fuzz_key, tap_script};
use crate::crypto::{cp1251, encode_payload, PayloadKey};
use crate::tstrings;

/// A demo shop's INIT exchange: (request line, reply bytes, session key).
fn demo_init() -> (Vec<u8>, Vec<u8>, PayloadKey) {
    let host = b"DEMO-SHOP-7";
    let init =
        b"INIT ID=3 DT=250414 TM=093012 HST=DEMO-SHOP-7 ATP=EBOCloudReportSvc.exe AVR=1.0.0.5\r\n"
            .to_vec();
    let reply = b"200-KEY=A1B2\r\n200 LEN=4\r\n".to_vec();
    let sk = crate::crypto::session_key(b"A1B2", 4, 3, host).expect("dictionary 3");
    (init, reply, PayloadKey::new(&sk))
}

const DEMO_TASK: &str = r#"{"Id":"7f3a","Pass":"5ebe2294ecd0e0f08eab7690d2a6ee69","DayTurnover":{"Type":"Query","SQL":"select * from day_turnover('2025-04-14')"},"TopItems":{"Type":"Query","SQL":"select first 10 * from top_items('2025-04-01','2025-04-14')"},"SetPrice":{"Type":"Command","SQL":"update items set price=1.20 where id=5"}}"#;

/// Realistic inputs for each target, invented for the purpose (no production data), in each
/// target's input format. `tests/properties.rs` writes them to `fuzz/seeds/<target>/` and
/// mutates them for its short run.
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let mut s: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let (init, init_reply, key) = demo_init();
    let info_plain = tstrings::build(
        &[
            ("ID", "-1"),
            ("ON", "Магазин Демо 7"),
            ("FN", "Демо ООД"),
            ("FB", "000000000"),
            ("FA", "гр. Пример, ул. Тестова 1"),
            ("HS", "DEMO-SHOP-7"),
            ("AT", "EBOCloudReportSvc.exe"),
            ("AV", "1.0.0.5"),
            ("DT", "FB"),
        ]
        .iter()
        .map(|(k, v)| (k.as_bytes().to_vec(), cp1251::from_utf8(v)))
        .collect::<Vec<_>>(),
    );
    let info_reply_plain = tstrings::build(&[
        ("ID", "1007"),
        ("EX", "260101"),
        ("EN", "-1"),
        ("CD", "250414"),
        ("CT", "093013"),
    ]);
    let info_line = format!("INFO DATA={}\r\n", encode_payload(&key, &info_plain)).into_bytes();
    let info_reply =
        format!("200 DATA={}\r\n", encode_payload(&key, &info_reply_plain)).into_bytes();
    let task = cp1251::from_utf8(DEMO_TASK);
    let greq_reply = crate::assumed::greq_task_reply(1, encode_payload(&key, &task)).encode();
    let result = cp1251::from_utf8(
        r#"{"ResultCode":0,"ResultMessage":"OK","DayTurnover":[{"CURR_SIGN":"лв.","TOTAL":812.4,"RECEIPTS":56}]}"#,
    );
    let srsp = format!(
        "{}\r\n",
        crate::assumed::srsp_request(1, &encode_payload(&key, &result))
    )
    .into_bytes();
    let vers_plain = crate::assumed::vers_line(
        "BosTcpClient.exe",
        2_345_678,
        "250401101500",
        "0cc175b9c0f1b6a831c399e269772661",
    );
    let vers_reply =
        crate::assumed::vers_reply(encode_payload(&key, vers_plain.as_bytes())).encode();
    let requests: Vec<Vec<u8>> = vec![
        init.clone(),
        info_line.clone(),
        b"PING\r\n".to_vec(),
        b"GREQ\r\n".to_vec(),
        srsp.clone(),
        b"VERS\r\n".to_vec(),
        b"DWNL F=BosTcpClient.exe\r\n".to_vec(),
        b"ERRL [Error]Unable to connect to database! Terminate\r\n".to_vec(),
        [
            &b"INIT ID=2 DT=250414 TM=101500 HST="[..],
            &cp1251::from_utf8("МАГАЗИН-PC"),
            b" ATP=EBOCloudReportApp.exe AVR=6.0.0.0\r\n",
        ]
        .concat(),
    ];
    let replies: Vec<Vec<u8>> = vec![
        init_reply.clone(),
        info_reply.clone(),
        b"200\r\n".to_vec(),
        greq_reply.clone(),
        vers_reply.clone(),
        b"503 Unknown command\r\n".to_vec(),
        b"501 Bad crypto key\r\n".to_vec(),
        b"520 No waiting request\r\n".to_vec(),
    ];

    let session: Vec<u8> = requests.concat();
    s.push((
        "line_reader",
        [&[200u8, 7, 1, 13, 36][..], &session].concat(),
    ));
    s.push((
        "line_reader",
        [
            &[8u8, 1, 2, 3, 4][..],
            b"PING\r\nGREQ\nLONGER THAN EIGHT\r\nX",
        ]
        .concat(),
    ));
    for r in &requests {
        s.push(("request_line", r.clone()));
    }
    s.push(("reply", [&[0u8, 79][..], &replies.concat()].concat()));
    s.push(("reply", [&[0u8, 12][..], &greq_reply].concat()));
    s.push((
        "reply",
        [&[1u8, 200, 0, 1][..], b"CMD=1\nDATA=QUJD"].concat(),
    ));
    s.push((
        "reply",
        [&[1u8, 0xF7, 1, 1][..], b"Unknown command"].concat(),
    ));
    s.push(("payload", [&[0u8][..], &info_plain].concat()));
    s.push(("payload", [&[0u8][..], &task].concat()));
    s.push((
        "payload",
        [
            &[1u8][..],
            encode_payload(&fuzz_key(), &info_reply_plain).as_bytes(),
        ]
        .concat(),
    ));
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    let _ = std::io::Write::write_all(&mut z, &result);
    s.push((
        "payload",
        [&[2u8][..], &z.finish().unwrap_or_default()].concat(),
    ));
    s.push(("tstrings", info_plain.clone()));
    s.push(("tstrings", info_reply_plain.clone()));
    s.push((
        "tstrings",
        b"junk line\nA=1=2\r\n=empty name\r\nB=\r\n".to_vec(),
    ));
    s.push(("cp1251", cp1251::from_utf8("Магазин Демо 7, гр. Пример")));
    s.push(("cp1251", (0u8..=255).collect()));
    s.push(("cp1251", "Ок, 12.50 лв.".as_bytes().to_vec()));
    s.push(("ini", [&[0u8][..], EXAMPLE_INI.as_bytes()].concat()));
    s.push((
        "ini",
        [&[0u8][..], &cp1251::from_utf8(EXAMPLE_INI)].concat(),
    ));
    s.push((
        "ini",
        [&[0u8, 0xEF, 0xBB, 0xBF][..], EXAMPLE_INI.as_bytes()].concat(),
    ));
    s.push((
        "ini",
        vec![
            1, 0, 3, b'S', b'R', b'V', 2, 4, b'P', b'o', b'r', b't', 4, b'8', b'0', b'1', b'6', 0,
        ],
    ));
    for url in [
        "/relay?id=1007&u=user&p=pass$123&task=%7B%22Id%22%3A1%7D",
        "/clients?u=user&p=pass%24123",
        "/report/DayTurnover/?id=1007&date=2025-04-14&P=x&pass%77ord=y",
        "/status",
        "/health?x=%D0%9E%D0%BA&y=%CE%EA&z=a+b",
    ] {
        s.push((
            "http",
            [&[18u8][..], b"Basic dXNlcjpwYXNz", url.as_bytes()].concat(),
        ));
    }
    s.push((
        "proxy_lines",
        [&[30u8, 5, 11, 1, 36][..], &session].concat(),
    ));
    s.push((
        "proxy_lines",
        [&[40u8, 36, 36, 36, 36][..], &replies.concat()].concat(),
    ));
    let exchange = tap_script(&[
        (true, &init),
        (false, &init_reply),
        (true, &info_line),
        (false, &info_reply),
        (true, b"PING\r\n"),
        (false, b"200\r\n"),
        (true, b"GREQ\r\n"),
        (false, &greq_reply),
        (true, &srsp),
        (false, b"200\r\n"),
        (true, b"VERS\r\n"),
        (false, &vers_reply),
        (
            true,
            b"ERRL [Error]Unable to connect to database! Terminate\r\n",
        ),
        (false, b"200 OK\r\n"),
    ]);
    s.push(("proxy_tap", [&[0u8][..], &exchange].concat()));
    s.push((
        "proxy_tap",
        [&[0x80u8][..], &exchange, &[2, 10, 3, 0, 7, 0]].concat(),
    ));
    s.push(("client_task", [&[0u8][..], DEMO_TASK.as_bytes()].concat()));
    s.push(("client_task", [&[1u8][..], DEMO_TASK.as_bytes()].concat()));
    s.push(("client_task", [&[2u8][..], &task].concat()));
    s.push(("client_task", [&[0u8][..], br#"{"Id":"1","OpenBills":{"Type":"Query","SQL":"select * from open_bills('2025-04-14')"},"GroupTurnover":{"Type":"Query","SQL":"/*parent:3*/ select * from grp('2025-04-01','2025-04-30')"}}"#].concat()));
    s
}

/// An ini in the original's format with this port's keys (placeholder values).
pub const EXAMPLE_INI: &str = "; example\r\n[COMMONSETTINGS]\r\nCommInterfaceCount=1\r\nLogFolder=../run/logs\r\nLogLevel=info\r\nMaxSessions=20000\r\n\r\n[REGISTRATION INFO]\r\nSERIAL NUMBER=123456789\r\nKEY=\r\n\r\n[DATABASE]\r\nHost=127.0.0.1\r\nPort=3306\r\nUser=dreports\r\nPassword=pass$123 ; comment\r\nName=dreports\r\nPoolSize=8\r\n\r\n[HOUSEKEEPING]\r\nHealthCheckSec=30\r\nCleanupDays=30\r\n\r\n[SRV_1_COMMON]\r\nTraceLogEnabled=1\r\nUpdateFolder=C:\\Updates\r\nNoIdTimeoutSec=60\r\n\r\n[SRV_1_HTTP]\r\nHTTP_IPInterface=127.0.0.1\r\nHTTP_Port=8080\r\n\r\n[SRV_1_TCP]\r\nTCP_IPInterface=0.0.0.0\r\nTCP_Port=8016\r\n\r\n[SRV_1_AUTHSERVER]\r\nREST_URL=http://127.0.0.1:8015/dreport/api.php\r\n\r\n[SRV_1_HTTPLOGINS]\r\nuser=pass$123\r\n";
