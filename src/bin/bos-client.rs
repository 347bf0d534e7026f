//! `bos-client`: a BosTcpClient simulator for tests, demos and load generation.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crs::client::{self, ClientOptions, Misbehaviour, Mode, ObjectData};
use crs::shopdb::Flavour;

// The command-line spellings of the library's enums. They live here so that clap stays out of
// the library: `crs::client` and `crs::shopdb` depend on the protocol modules only.

/// How tasks are answered.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ModeArg {
    /// Runs every dataset's SQL on the shop's Firebird database (`--shop-db`).
    Shop,
    /// Invented answers for the core report datasets (opt-in, for machines without Firebird).
    Demo,
    /// The task itself is returned.
    Echo,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Self {
        match m {
            ModeArg::Shop => Mode::Shop,
            ModeArg::Demo => Mode::Demo,
            ModeArg::Echo => Mode::Echo,
        }
    }
}

/// Deliberate protocol violations, for tests.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MisbehaviourArg {
    /// INFO encrypted with a wrong key.
    WrongKey,
    /// INFO with DATA that is not Base64.
    GarbageBase64,
    /// A line longer than the server accepts.
    OversizedLine,
    /// Sends half of its SRSP and disconnects.
    DisconnectMidReply,
    /// Sends PINGs and never reads a reply.
    NeverRead,
}

impl From<MisbehaviourArg> for Misbehaviour {
    fn from(m: MisbehaviourArg) -> Self {
        match m {
            MisbehaviourArg::WrongKey => Misbehaviour::WrongKey,
            MisbehaviourArg::GarbageBase64 => Misbehaviour::GarbageBase64,
            MisbehaviourArg::OversizedLine => Misbehaviour::OversizedLine,
            MisbehaviourArg::DisconnectMidReply => Misbehaviour::DisconnectMidReply,
            MisbehaviourArg::NeverRead => Misbehaviour::NeverRead,
        }
    }
}

/// The generated shop's kind.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FlavourArg {
    /// Head office (NN_OFFICE_TYPE 1): a bigger restaurant-bar with wholesale sales.
    Central,
    /// A branch (NN_OFFICE_TYPE 2): a smaller café.
    Branch,
}

impl From<FlavourArg> for Flavour {
    fn from(f: FlavourArg) -> Self {
        match f {
            FlavourArg::Central => Flavour::Central,
            FlavourArg::Branch => Flavour::Branch,
        }
    }
}

#[derive(Parser)]
#[command(
    name = "bos-client",
    version,
    about = "Simulates a shop's BosTcpClient connected to a report server",
    long_about = "Simulates a shop's BosTcpClient connected to a report server. By default it \
runs every task's SQL on a real shop database (Firebird, embedded engine):\n\n\
  db=$(scripts/shop-db.sh create run/shop-a 1 central)   # build a demo shop\n\
  bos-client --shop-db \"$db\" --fb-home run/shop-a/fbhome --object-id 3769d93a \\\n\
             --password secret --server 127.0.0.1:8016\n\n\
Answer one task without a server (prints the answer JSON):\n\n\
  echo '{\"Id\":\"x\",\"Q\":{\"Type\":\"Query\",\"SQL\":\"select 1 from rdb$database\"}}' | \\\n\
    bos-client shopdb answer --db \"$db\" --fb-home run/shop-a/fbhome --object-id x\n\n\
--mode demo (invented answers) and --mode echo exist for machines without Firebird and for \
protocol tests. See docs/shop-database.md."
)]
struct Args {
    /// Report server address (client port).
    #[arg(long, default_value = "127.0.0.1:8016")]
    server: String,
    /// Crypto dictionary index 1..10 (random when not given).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=10))]
    dict_id: Option<u8>,
    /// Windows computer name sent in INIT (may be Cyrillic).
    #[arg(long, default_value = "DEMO-PC")]
    host: String,
    #[arg(long, default_value = "EBOCloudReportSvc.exe")]
    app: String,
    #[arg(long, default_value = "1.0.0.5")]
    app_version: String,
    /// Object ID, or -1 for a new database.
    #[arg(long, default_value = "-1")]
    object_id: String,
    #[arg(long, default_value = "Demo shop")]
    object_name: String,
    #[arg(long, default_value = "Demo customer")]
    customer_name: String,
    #[arg(long, default_value = "000000000")]
    eik: String,
    #[arg(long, default_value = "")]
    address: String,
    /// DB type letters (R, L, C, RL, ...).
    #[arg(long, default_value = "R")]
    db_type: String,
    /// The object password: tasks must carry its MD5 as Pass (any Pass is accepted without it).
    #[arg(long)]
    password: Option<String>,
    /// shop: run tasks on --shop-db; demo: invented answers; echo: return the task.
    #[arg(long, value_enum, default_value = "shop")]
    mode: ModeArg,
    /// The shop database file (or a Firebird connection string) tasks run on.
    #[arg(long)]
    shop_db: Option<String>,
    /// The database's private Firebird home (made by scripts/shop-db.sh: DIR/fbhome).
    #[arg(long)]
    fb_home: Option<std::path::PathBuf>,
    /// A task running longer than this on the database is cancelled (code 1030).
    #[arg(long, default_value_t = 25)]
    query_timeout_secs: u64,
    /// An answer larger than this many bytes of JSON is refused (code 1031).
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    max_answer_bytes: usize,
    /// Seconds between PINGs.
    #[arg(long, default_value_t = 30)]
    ping_secs: u64,
    /// Milliseconds between GREQ polls.
    #[arg(long, default_value_t = 500)]
    poll_ms: u64,
    /// Milliseconds to wait before answering a task.
    #[arg(long, default_value_t = 0)]
    answer_delay_ms: u64,
    /// Misbehave on purpose (tests).
    #[arg(long, value_enum)]
    misbehave: Option<MisbehaviourArg>,
    /// Stop after INFO.
    #[arg(long)]
    once: bool,
    /// Reconnect after a lost connection instead of exiting.
    #[arg(long)]
    reconnect: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Shop database tools (scripts/shop-db.sh drives them; see docs/shop-database.md).
    #[command(subcommand)]
    Shopdb(ShopDb),
}

#[derive(Subcommand)]
enum ShopDb {
    /// Fills an empty shop database (made from etc/shopdb/schema.sql) with a generated shop.
    Fill {
        /// The database file (opened by the embedded engine).
        #[arg(long)]
        db: String,
        /// Private Firebird home made by `scripts/shop-db.sh` (root/, lock/, tmp/).
        #[arg(long)]
        fb_home: Option<std::path::PathBuf>,
        /// Same seed, flavour and --until: the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum, default_value = "central")]
        flavour: FlavourArg,
        /// The data end at this moment, `YYYY-MM-DD HH:MM:SS` (default: now, local time).
        #[arg(long)]
        until: Option<String>,
        /// Days of receipts ending with --until's day.
        #[arg(long, default_value_t = 430)]
        days: i64,
    },
    /// Answers one task JSON read from stdin on a shop database and prints the answer JSON
    /// (UTF-8) on stdout: the executor without a report server (for PHP and shell tests).
    Answer {
        #[arg(long)]
        db: String,
        #[arg(long)]
        fb_home: Option<std::path::PathBuf>,
        /// The object ID the task's `Id` must match.
        #[arg(long, default_value = "-1")]
        object_id: String,
        /// The object password (the task's `Pass` must be its MD5); any Pass without it.
        #[arg(long)]
        password: Option<String>,
        #[arg(long, default_value_t = 25)]
        query_timeout_secs: u64,
        #[arg(long, default_value_t = 8 * 1024 * 1024)]
        max_answer_bytes: usize,
    },
}

fn shopdb(cmd: ShopDb) -> ExitCode {
    match cmd {
        ShopDb::Answer {
            db,
            fb_home,
            object_id,
            password,
            query_timeout_secs,
            max_answer_bytes,
        } => {
            if let Some(h) = &fb_home {
                crs::shopdb::fb::use_home(h);
            }
            let mut task = String::new();
            if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut task) {
                eprintln!("bos-client: reading the task: {e}");
                return ExitCode::from(2);
            }
            let shop = crs::shopdb::ShopDb {
                db,
                limits: crs::shopdb::Limits {
                    timeout: Duration::from_secs(query_timeout_secs.max(1)),
                    max_answer_bytes,
                },
            };
            let pass = password.as_deref().map(client::md5_hex);
            let a = shop.answer(&task, &object_id, pass.as_deref());
            println!("{}", a.json);
            eprintln!(
                "bos-client: answered in {:.1} ms",
                a.db_time.as_secs_f64() * 1000.0
            );
            ExitCode::SUCCESS
        }
        ShopDb::Fill {
            db,
            fb_home,
            seed,
            flavour,
            until,
            days,
        } => {
            if let Some(h) = &fb_home {
                crs::shopdb::fb::use_home(h);
            }
            let until = match until {
                None => chrono::Local::now().naive_local(),
                Some(u) => match chrono::NaiveDateTime::parse_from_str(&u, "%Y-%m-%d %H:%M:%S") {
                    Ok(t) => t,
                    Err(e) => {
                        eprintln!("bos-client: --until {u:?}: {e}");
                        return ExitCode::from(2);
                    }
                },
            };
            if let Err(e) = crs::shopdb::fb::pin_library() {
                eprintln!("bos-client: {e}");
                return ExitCode::from(3);
            }
            let flavour = Flavour::from(flavour);
            let spec = crs::shopdb::Spec {
                seed,
                flavour,
                until,
                days,
            };
            let started = std::time::Instant::now();
            match crs::shopdb::fill::fill(&db, &spec) {
                Ok((s, rows)) => {
                    println!(
                        "FILLED db={db} seed={seed} flavour={flavour:?} until={} rows={rows} receipts={} lines={} payments={} bills={} documents={} ms={}",
                        until.format("%Y-%m-%d %H:%M:%S"),
                        s.receipts,
                        s.lines,
                        s.payments,
                        s.bills,
                        s.documents,
                        started.elapsed().as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("bos-client: filling {db}: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn main() -> ExitCode {
    let a = Args::parse();
    if let Some(Command::Shopdb(cmd)) = a.command {
        return shopdb(cmd);
    }
    let _ =
        flexi_logger::Logger::try_with_env_or_str("warn").and_then(|l| l.log_to_stderr().start());
    if let Some(h) = &a.fb_home {
        crs::shopdb::fb::use_home(h);
    }
    let mode = Mode::from(a.mode);
    let shop = match (mode, a.shop_db) {
        (Mode::Shop, None) => {
            eprintln!(
                "bos-client: no shop database: give --shop-db FILE (scripts/shop-db.sh create DIR \
                 prints one), or --mode demo for invented answers"
            );
            return ExitCode::from(2);
        }
        (Mode::Shop, Some(db)) => {
            let shop = crs::shopdb::ShopDb {
                db,
                limits: crs::shopdb::Limits {
                    timeout: Duration::from_secs(a.query_timeout_secs.max(1)),
                    max_answer_bytes: a.max_answer_bytes,
                },
            };
            if let Err(e) = shop.check() {
                eprintln!("bos-client: the shop database does not open: {e}");
                return ExitCode::from(3);
            }
            Some(shop)
        }
        _ => None,
    };
    let opts = ClientOptions {
        server: a.server,
        dict_id: a.dict_id.map(usize::from),
        host: a.host,
        app: a.app,
        app_version: a.app_version,
        object: ObjectData {
            object_id: a.object_id,
            object_name: a.object_name,
            customer_name: a.customer_name,
            eik: a.eik,
            address: a.address,
            db_type: a.db_type,
            test_marker: true,
        },
        password: a.password,
        mode,
        shop,
        ping_every: Duration::from_secs(a.ping_secs.max(1)),
        poll_every: Duration::from_millis(a.poll_ms.max(1)),
        answer_delay: Duration::from_millis(a.answer_delay_ms),
        misbehave: a.misbehave.map(Misbehaviour::from),
    };
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        let _ = signal_hook::flag::register(sig, stop.clone());
    }
    loop {
        let result = client::connect(&opts).and_then(|(mut c, info)| {
            println!(
                "CONNECTED id={} ex={} en={}",
                info.object_id, info.expires, info.enabled
            );
            if a.once {
                return Ok(());
            }
            client::serve(&mut c, &opts, &stop)
        });
        match result {
            Ok(()) => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("bos-client: {e}");
                if !a.reconnect || stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return ExitCode::from(1);
                }
                std::thread::sleep(Duration::from_secs(2));
            }
        }
    }
}
