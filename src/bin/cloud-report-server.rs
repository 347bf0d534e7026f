//! The report server and its operator commands.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crs::app::RunningServer;
use crs::config::{Config, DEFAULT_PATH};
use crs::crypto::{cp1251, decode_payload, encode_payload, regkey, PayloadKey};
use crs::proxy;
use crs::shutdown::Shutdown;

#[derive(Parser)]
#[command(
    name = "cloud-report-server",
    version,
    about = "CloudReportServer: BosTcpClient relay, HTTP API and MySQL housekeeping"
)]
struct Cli {
    /// The ini file (eboCloudReportServer.ini).
    #[arg(long, global = true, default_value = DEFAULT_PATH)]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Print the effective configuration (no secrets) and whether the registration key is valid.
    CheckConfig,
    /// Print the registration KEY for a licence serial number.
    Regkey { serial: String },
    /// Decrypt a DATA= payload from a trace log with its session key.
    Decode {
        #[arg(long)]
        key: String,
        base64: String,
    },
    /// Encrypt TEXT (or standard input when TEXT is -) as a DATA= payload.
    Encode {
        #[arg(long)]
        key: String,
        text: String,
    },
    /// Migration proxy: forward BosTcpClient connections to the original server unchanged,
    /// recording and decoding every exchange (docs/migration-proxy.md).
    Proxy {
        /// Address the clients connect to, e.g. 0.0.0.0:8016.
        #[arg(long)]
        listen: String,
        /// The original server, HOST:PORT.
        #[arg(long)]
        upstream: String,
        /// Folder for the recordings (one .jsonl file per session); without it records go
        /// to the log.
        #[arg(long)]
        record: Option<PathBuf>,
        /// Record task passwords, result rows and unknown payloads in clear.
        #[arg(long)]
        unmask: bool,
        /// Record every PING/GREQ poll on its own (default: runs of polls answered by a bare
        /// 200 become one `repeat` record).
        #[arg(long)]
        all_polls: bool,
    },
    /// Summarise recordings and compare them with what this server implements. Exit status:
    /// 0 safe to switch, 1 contradicted, 3 not proven yet, 2 unreadable input.
    ProxyReport {
        /// Recording folders or .jsonl files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.config),
        Command::CheckConfig => match Config::load(&cli.config) {
            Ok(c) => {
                print!("{c}");
                if c.registration.key_valid() {
                    ExitCode::SUCCESS
                } else {
                    eprintln!("warning: the registration key does not match the serial number");
                    ExitCode::from(1)
                }
            }
            Err(e) => {
                eprintln!("configuration error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Regkey { serial } => {
            println!("{}", regkey::key_for_serial(&serial));
            ExitCode::SUCCESS
        }
        Command::Decode { key, base64 } => {
            let k = PayloadKey::new(&cp1251::from_utf8(&key));
            match decode_payload(&k, base64.as_bytes()) {
                Ok(plain) => {
                    print!("{}", cp1251::to_utf8(&plain));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("cannot decode: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Encode { key, text } => {
            let text = if text == "-" {
                let mut s = String::new();
                if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                    eprintln!("cannot read standard input: {e}");
                    return ExitCode::from(1);
                }
                s
            } else {
                text
            };
            let k = PayloadKey::new(&cp1251::from_utf8(&key));
            println!("{}", encode_payload(&k, &cp1251::from_utf8(&text)));
            ExitCode::SUCCESS
        }
        Command::Proxy {
            listen,
            upstream,
            record,
            unmask,
            all_polls,
        } => run_proxy(listen, upstream, record, unmask, all_polls),
        Command::ProxyReport { paths } => match proxy::report::summarise(&paths) {
            Ok(summary) => {
                let (verdict, text) = proxy::report::render(&summary);
                print!("{text}");
                match verdict {
                    proxy::report::Verdict::Safe => ExitCode::SUCCESS,
                    proxy::report::Verdict::NotSafe => ExitCode::from(1),
                    proxy::report::Verdict::NotProven => ExitCode::from(3),
                }
            }
            Err(e) => {
                eprintln!("cannot read the recordings: {e}");
                ExitCode::from(2)
            }
        },
    }
}

fn run_proxy(
    listen: String,
    upstream: String,
    record: Option<PathBuf>,
    unmask: bool,
    all_polls: bool,
) -> ExitCode {
    let _logger = flexi_logger::Logger::try_with_env_or_str("info")
        .and_then(|l| l.log_to_stderr().start())
        .map_err(|e| eprintln!("logging unavailable: {e}"))
        .ok();
    let shutdown = Shutdown::new();
    if let Err(e) = shutdown.install_signal_handlers() {
        log::error!("cannot install signal handlers: {e}");
        return ExitCode::from(1);
    }
    let mut cfg = proxy::ProxyConfig::new(listen, upstream);
    cfg.record_dir = record;
    cfg.unmask = unmask;
    cfg.every_poll = all_polls;
    if unmask {
        log::warn!("--unmask: task passwords and result rows are recorded in clear");
    }
    let running = match proxy::RunningProxy::start(cfg) {
        Ok(p) => p,
        Err(e) => {
            log::error!("cannot start the proxy: {e}");
            return ExitCode::from(1);
        }
    };
    while !shutdown.wait_timeout(std::time::Duration::from_secs(3600)) {}
    running.shutdown();
    ExitCode::SUCCESS
}

fn serve(path: &std::path::Path) -> ExitCode {
    let config = match Config::load(path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let logs = crs::logging::init(&config.log_folder, &config.log_level);
    let fds = crs::server::raise_fd_limit();
    if (fds as usize) < config.max_sessions + 64 {
        log::warn!(
            "open-file limit is {fds}: fewer than MaxSessions={} sessions will fit (raise LimitNOFILE / ulimit -n)",
            config.max_sessions
        );
    }
    let shutdown = Shutdown::new();
    if let Err(e) = shutdown.install_signal_handlers() {
        log::error!("cannot install signal handlers: {e}");
        return ExitCode::from(1);
    }
    let server = match RunningServer::start(config, shutdown) {
        Ok(s) => s,
        Err(e) => {
            log::error!("cannot start: {e}");
            logs.flush();
            return ExitCode::from(1);
        }
    };
    server.wait();
    server.shutdown();
    logs.flush();
    ExitCode::SUCCESS
}
