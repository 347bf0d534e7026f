//! The deployment files agree with each other and with `docs/deployment.md`:
//! `docker-compose.yml` is parsed as YAML and checked for the services, healthchecks, start
//! order, volumes, networks, published ports and `.env` variables the docs promise; the
//! Dockerfiles for a multi-stage, non-root server image and a PHP 8.2 Apache image; the Docker
//! ini is loaded with the project's own configuration loader using the compose environment;
//! the systemd unit for its hardening. No Docker engine is needed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_yaml::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

fn compose() -> Value {
    serde_yaml::from_str(&read("docker-compose.yml")).expect("docker-compose.yml is valid YAML")
}

fn service<'a>(c: &'a Value, name: &str) -> &'a Value {
    c["services"]
        .get(name)
        .unwrap_or_else(|| panic!("compose has no service {name}"))
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(s) => s
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Names of a mapping's keys, or of a sequence's string items (compose allows both forms).
fn names(v: &Value) -> BTreeSet<String> {
    match v {
        Value::Mapping(m) => m
            .keys()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect(),
        other => strings(other).into_iter().collect(),
    }
}

/// `${VAR}`, `${VAR:-default}`, `${VAR:?message}` references in a text.
fn env_refs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        rest = &rest[i + 2..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

/// Replaces `${VAR:-default}` by its default and `${VAR}` / `${VAR:?msg}` by `sample`:
/// the value compose would use with an `.env` that sets only the required variables.
fn interpolate(text: &str, sample: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after.find('}').expect("closing brace");
        let inner = &after[..end];
        match inner.split_once(":-") {
            Some((_, default)) => out.push_str(default),
            None => out.push_str(sample),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The `environment:` of a service as a map (mapping or `KEY=value` list form).
fn environment(svc: &Value) -> BTreeMap<String, String> {
    let mut env = BTreeMap::new();
    match &svc["environment"] {
        Value::Mapping(m) => {
            for (k, v) in m {
                let k = k.as_str().expect("env key").to_string();
                let v = match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => serde_yaml::to_string(other).unwrap().trim().to_string(),
                };
                env.insert(k, v);
            }
        }
        Value::Sequence(s) => {
            for item in s {
                let (k, v) = item.as_str().unwrap().split_once('=').unwrap();
                env.insert(k.to_string(), v.to_string());
            }
        }
        _ => {}
    }
    env
}

/// Rows `| kind | `name` | ... |` of the tables in docs/deployment.md, by kind.
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in read("docs/deployment.md").lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[0].is_empty() {
            continue;
        }
        let kind = cells[1];
        if ["service", "port", "volume", "env"].contains(&kind) {
            let name = cells[2].trim_matches('`').to_string();
            out.entry(kind.to_string()).or_default().insert(name);
        }
    }
    out
}

/// Host ports published by default (`"${CRS_WEB_PORT:-8015}:8015"` → 8015), per service.
fn published(c: &Value) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out = BTreeMap::new();
    for (name, svc) in c["services"].as_mapping().unwrap() {
        let mut ports = Vec::new();
        for p in strings(&svc["ports"]) {
            let p = interpolate(&p, "x");
            let parts: Vec<&str> = p.split(':').collect();
            let container = parts.last().unwrap().split('/').next().unwrap().to_string();
            let host = if parts.len() >= 2 {
                parts[parts.len() - 2].to_string()
            } else {
                container.clone()
            };
            ports.push((host, container));
        }
        if let Value::Sequence(s) = &svc["ports"] {
            for item in s {
                assert!(
                    item.as_str().is_some(),
                    "use the short port syntax so the test can read it: {item:?}"
                );
            }
        }
        out.insert(name.as_str().unwrap().to_string(), ports);
    }
    out
}

#[test]
fn compose_has_the_three_services_with_healthchecks_and_start_order() {
    let c = compose();
    for name in ["report_server", "web", "db"] {
        let svc = service(&c, name);
        let test = strings(&svc["healthcheck"]["test"]);
        assert!(
            test.len() >= 2 && test[0].starts_with("CMD"),
            "{name} needs a healthcheck test, got {test:?}"
        );
        assert_ne!(svc["healthcheck"]["disable"], Value::Bool(true), "{name}");
        assert!(
            svc["restart"].as_str().is_some(),
            "{name} needs a restart policy"
        );
    }
    assert_eq!(service(&c, "db")["image"].as_str(), Some("mariadb:10.11"));
    assert!(strings(&service(&c, "db")["healthcheck"]["test"])
        .join(" ")
        .contains("healthcheck.sh --connect --innodb_initialized"));
    assert!(
        strings(&service(&c, "report_server")["healthcheck"]["test"])
            .join(" ")
            .contains("/health")
    );
    assert_eq!(
        service(&c, "report_server")["build"]["dockerfile"].as_str(),
        Some("Dockerfile.server")
    );
    assert_eq!(
        service(&c, "web")["build"]["dockerfile"].as_str(),
        Some("Dockerfile.php")
    );

    let needs = [("web", vec!["db"]), ("report_server", vec!["db", "web"])];
    for (svc, deps) in needs {
        let d = &service(&c, svc)["depends_on"];
        for dep in deps {
            assert_eq!(
                d[dep]["condition"].as_str(),
                Some("service_healthy"),
                "{svc} must wait for {dep} to be healthy"
            );
        }
    }
    assert_eq!(
        service(&c, "report_server")["stop_signal"].as_str(),
        Some("SIGTERM")
    );
    assert!(service(&c, "report_server")["stop_grace_period"]
        .as_str()
        .is_some());
}

#[test]
fn compose_volumes_are_named_and_updates_are_shared() {
    let c = compose();
    let top = names(&c["volumes"]);
    for v in ["db_data", "logs", "updates"] {
        assert!(top.contains(v), "named volume {v} missing: {top:?}");
    }
    let mounts = |svc: &str| -> Vec<(String, String)> {
        strings(&service(&c, svc)["volumes"])
            .iter()
            .filter_map(|m| {
                let mut it = m.split(':');
                Some((it.next()?.to_string(), it.next()?.to_string()))
            })
            .collect()
    };
    let has = |svc: &str, vol: &str| mounts(svc).iter().any(|(src, _)| src == vol);
    assert!(mounts("db")
        .iter()
        .any(|(s, t)| s == "db_data" && t == "/var/lib/mysql"));
    assert!(has("report_server", "logs"));
    assert!(has("report_server", "updates") && has("web", "updates"));
    // Both see the update files at the same path, which is where each is told to look.
    let at = |svc: &str| {
        mounts(svc)
            .into_iter()
            .find(|(s, _)| s == "updates")
            .unwrap()
            .1
    };
    assert_eq!(at("report_server"), at("web"));
    assert_eq!(
        environment(service(&c, "report_server"))["CRS_UPDATE_FOLDER"],
        at("report_server")
    );
    assert_eq!(
        environment(service(&c, "web"))["DREPORT_UPDATE_FOLDER"],
        at("web")
    );
    // schema.sql initialises the database.
    assert!(mounts("db")
        .iter()
        .any(|(s, t)| s == "./schema.sql" && t.starts_with("/docker-entrypoint-initdb.d/")));
}

#[test]
fn compose_publishes_only_8016_and_8015_and_has_an_internal_network() {
    let c = compose();
    let published = published(&c);
    let all: BTreeSet<String> = published
        .values()
        .flatten()
        .map(|(h, _)| h.clone())
        .collect();
    assert_eq!(
        all,
        ["8015", "8016"].iter().map(|s| s.to_string()).collect(),
        "{published:?}"
    );
    assert_eq!(
        published["report_server"],
        vec![("8016".to_string(), "8016".to_string())]
    );
    assert_eq!(
        published["web"],
        vec![("8015".to_string(), "8015".to_string())]
    );
    assert!(published["db"].is_empty());
    let text = read("docker-compose.yml");
    for line in text.lines().filter(|l| l.trim_start().starts_with("- \"")) {
        assert!(
            !line.contains("8080") && !line.contains("3306"),
            "8080/3306 must not be published: {line}"
        );
    }

    let nets = c["networks"].as_mapping().expect("networks");
    let internal: Vec<String> = nets
        .iter()
        .filter(|(_, v)| v["internal"] == Value::Bool(true))
        .map(|(k, _)| k.as_str().unwrap().to_string())
        .collect();
    assert!(!internal.is_empty(), "an internal network is required");
    for svc in ["report_server", "web", "db"] {
        let n = names(&service(&c, svc)["networks"]);
        assert!(
            internal.iter().any(|i| n.contains(i)),
            "{svc} must be on the internal network"
        );
    }
    // MySQL is only on internal networks.
    for n in names(&service(&c, "db")["networks"]) {
        assert!(internal.contains(&n), "db is on non-internal network {n}");
    }
}

#[test]
fn report_server_addresses_are_whitelisted_for_api_php() {
    let c = compose();
    let nets = &service(&c, "report_server")["networks"];
    let init = read("docker/db/20-crs-init.sh");
    for (net, cfg) in nets
        .as_mapping()
        .expect("report_server networks as a mapping")
    {
        let net = net.as_str().unwrap();
        let addr = cfg["ipv4_address"]
            .as_str()
            .unwrap_or_else(|| panic!("report_server needs a fixed address on {net}"));
        let subnet = c["networks"][net]["ipam"]["config"][0]["subnet"]
            .as_str()
            .unwrap_or_else(|| panic!("network {net} needs a fixed subnet"));
        let (a, s) = (interpolate(addr, "?"), interpolate(subnet, "?"));
        let prefix = s.strip_suffix(".0/24").expect("a /24 subnet");
        assert!(a.starts_with(&format!("{prefix}.")), "{a} is not in {s}");
        // The init script whitelists `<same variable>.10`.
        let var = env_refs(addr)
            .into_iter()
            .next()
            .expect("address from .env");
        assert!(a.ends_with(".10"), "{a}");
        assert!(
            init.contains(&format!("${{{var}:-{prefix}}}")),
            "init script reads {var}"
        );
    }
    assert!(init.contains("t_restip") && init.contains(".10"));
    // The db service hands those variables to the init script.
    let db_env = environment(service(&c, "db"));
    for var in env_refs(&serde_yaml::to_string(nets).unwrap()) {
        assert!(
            db_env.contains_key(&var),
            "db needs {var} for the whitelist"
        );
    }
    let web_env = environment(service(&c, "web"));
    assert_eq!(web_env["REPORT_SERVER_URL"], "http://report_server:8080");
}

#[test]
fn secrets_come_from_env_and_env_example_lists_every_variable() {
    let text = read("docker-compose.yml");
    let example = read(".env.example");
    let vars = env_refs(&text);
    assert!(vars.len() >= 10, "{vars:?}");
    for v in &vars {
        let listed = example.lines().any(|l| {
            let l = l.trim_start_matches('#').trim();
            l.starts_with(&format!("{v}="))
        });
        assert!(listed, ".env.example does not list {v}");
    }
    // Passwords have no default in the compose file: they must be set in .env.
    for v in ["DB_ROOT_PASSWORD", "DB_PASSWORD", "CRS_HTTP_PASSWORD"] {
        assert!(
            text.contains(&format!("${{{v}:?")),
            "{v} must be required (${{{v}:?...}})"
        );
        let line = example
            .lines()
            .find(|l| l.starts_with(&format!("{v}=")))
            .unwrap();
        assert!(line.contains("change-me"), "placeholder only: {line}");
    }
    assert!(
        !root().join(".env").exists() || read(".gitignore").lines().any(|l| l == "/.env"),
        ".env must never be committed"
    );
    assert!(read(".gitignore").lines().any(|l| l == "/.env"));
}

#[test]
fn docs_match_the_compose_file() {
    let c = compose();
    let docs = documented();
    let services = names(&c["services"]);
    assert_eq!(docs["service"], services, "services in docs vs compose");
    let volumes = names(&c["volumes"]);
    assert_eq!(docs["volume"], volumes, "volumes in docs vs compose");
    let ports: BTreeSet<String> = published(&c)
        .values()
        .flatten()
        .map(|(h, _)| h.clone())
        .collect();
    assert_eq!(docs["port"], ports, "published ports in docs vs compose");
    let vars = env_refs(&read("docker-compose.yml"));
    assert_eq!(docs["env"], vars, ".env variables in docs vs compose");
}

#[test]
fn server_dockerfile_is_multi_stage_non_root_with_health_and_sigterm() {
    let d = read("Dockerfile.server");
    let lines: Vec<&str> = d
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .collect();
    let froms: Vec<&&str> = lines.iter().filter(|l| l.starts_with("FROM ")).collect();
    assert!(froms.len() >= 2, "multi-stage build: {froms:?}");
    assert!(froms[0].contains(" AS build"), "{}", froms[0]);
    assert!(lines
        .iter()
        .any(|l| l.contains("cargo build --release") && l.contains("--locked")));
    assert!(lines.iter().any(|l| l.starts_with("COPY --from=build")));
    let user = lines
        .iter()
        .rev()
        .find(|l| l.starts_with("USER "))
        .expect("USER");
    let who = user[5..].split(':').next().unwrap();
    assert!(who != "root" && who != "0", "non-root: {user}");
    let volume = lines
        .iter()
        .find(|l| l.starts_with("VOLUME"))
        .expect("VOLUME");
    for p in [
        "/var/log/cloud-report-server",
        "/var/lib/cloud-report-server/updates",
        "/etc/cloud-report-server",
    ] {
        assert!(volume.contains(p), "VOLUME {p}");
    }
    assert!(d.contains("HEALTHCHECK") && d.contains("http://127.0.0.1:8080/health"));
    assert!(lines.contains(&"STOPSIGNAL SIGTERM"));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("EXPOSE") && l.contains("8016")));
    // The image's ini sits where the ENTRYPOINT looks, and compose mounts its override there.
    assert!(d.contains("--config\", \"/etc/cloud-report-server/eboCloudReportServer.ini"));
    assert!(read("docker-compose.yml")
        .contains(":/etc/cloud-report-server/eboCloudReportServer.ini:ro"));
    // Everything COPY'd from the context exists.
    for l in &lines {
        if let Some(rest) = l.strip_prefix("COPY ").filter(|r| !r.starts_with("--from")) {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            for src in &parts[..parts.len() - 1] {
                assert!(root().join(src).exists(), "COPY source {src} missing");
            }
        }
    }
}

#[test]
fn php_dockerfile_is_php82_apache_with_mysql_extensions_on_8015() {
    let d = read("Dockerfile.php");
    assert!(d.lines().any(|l| l.trim() == "FROM php:8.2-apache"));
    let ext = d
        .lines()
        .find(|l| l.contains("docker-php-ext-install"))
        .expect("docker-php-ext-install");
    assert!(ext.contains("pdo_mysql") && ext.contains("mysqli"), "{ext}");
    assert!(d.contains("php.ini-production"));
    assert!(d.contains("HEALTHCHECK") && d.contains("8015"));
    for l in d.lines().map(str::trim) {
        if let Some(rest) = l.strip_prefix("COPY ") {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            for src in &parts[..parts.len() - 1] {
                assert!(root().join(src).exists(), "COPY source {src} missing");
            }
        }
    }
    let ini = read("docker/web/php-production.ini");
    assert!(ini
        .lines()
        .any(|l| l.replace(' ', "") == "display_errors=Off"));
    assert!(ini.lines().any(|l| l.replace(' ', "") == "log_errors=On"));
    assert!(read("docker/web/ports.conf")
        .lines()
        .any(|l| l.trim() == "Listen ${DREPORT_PORT}"));
    assert!(d.contains("DREPORT_PORT=8015"));
    let vhost = read("docker/web/dreport-site.inc");
    assert!(read("docker/web/dreport-vhost-https.conf").contains("<VirtualHost *:${DREPORT_PORT}>"));
    assert!(
        vhost.contains("DocumentRoot ${DREPORT_DOCROOT}")
            && d.contains("DREPORT_DOCROOT=/var/www/html")
    );
    assert!(d.contains("/var/www/html/dreport/"));
    assert!(vhost.contains("(src|templates|tests|vendor)") && vhost.contains("Require all denied"));
    // Apache passes the variables dreport reads.
    for v in [
        "DB_HOST",
        "DB_PASSWORD",
        "REPORT_SERVER_URL",
        "DREPORT_UPDATE_FOLDER",
    ] {
        assert!(vhost.contains(v), "PassEnv {v}");
    }
}

#[test]
fn docker_ini_loads_with_the_compose_environment() {
    let c = compose();
    let env: BTreeMap<String, String> = environment(service(&c, "report_server"))
        .into_iter()
        .map(|(k, v)| (k, interpolate(&v, "secret")))
        .collect();
    let cfg = crs::config::Config::load_with_env(
        Path::new(&root().join("docker/server/eboCloudReportServer.ini")),
        &env,
    )
    .expect("the Docker ini is valid");
    assert!(cfg.registration.key_valid());
    assert_eq!(cfg.database.host, "db");
    assert_eq!(cfg.database.password, "secret");
    assert_eq!(
        cfg.log_folder,
        PathBuf::from("/var/log/cloud-report-server")
    );
    assert_eq!(
        cfg.database.spool_folder,
        PathBuf::from("/var/lib/cloud-report-server/spool")
    );
    let i = &cfg.instances[0];
    assert_eq!((i.tcp_port, i.http_port), (8016, 8080));
    // The API defaults to loopback; in compose it must listen on the internal network
    // (web calls http://report_server:8080), whatever ini is mounted.
    assert_eq!(i.http_ip.to_string(), "0.0.0.0");
    assert_eq!(
        environment(service(&c, "report_server"))["CRS_HTTP_IP"],
        "0.0.0.0"
    );
    assert_eq!(i.rest_url, "http://web:8081/dreport/api.php");
    assert_eq!(
        i.update_folder,
        PathBuf::from("/var/lib/cloud-report-server/updates")
    );
    // No account in the image; the one from .env.
    assert_eq!(
        i.logins,
        vec![("monitor".to_string(), "secret".to_string())]
    );
}

#[test]
fn systemd_unit_is_hardened_and_matches_install() {
    let unit = read("etc/cloud-report-server.service");
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut section = String::new();
    for l in unit.lines().map(str::trim) {
        if l.starts_with('[') {
            section = l.to_string();
        } else if let Some((k, v)) = l.split_once('=').filter(|_| !l.starts_with('#')) {
            keys.entry(format!("{section}{k}"))
                .or_default()
                .push(v.to_string());
        }
    }
    let one = |k: &str| {
        keys.get(&format!("[Service]{k}"))
            .and_then(|v| v.last().cloned())
            .unwrap_or_else(|| panic!("[Service] {k} missing"))
    };
    assert_eq!(one("Restart"), "on-failure");
    assert_eq!(one("User"), "crs");
    assert_eq!(one("NoNewPrivileges"), "yes");
    assert_eq!(one("ProtectSystem"), "strict");
    assert_eq!(one("PrivateTmp"), "yes");
    assert_eq!(one("KillSignal"), "SIGTERM");
    assert!(one("ExecStart")
        .starts_with("/usr/local/bin/cloud-report-server --config /etc/cloud-report-server/"));
    let rw = one("ReadWritePaths");
    let rw: Vec<&str> = rw.split_whitespace().collect();
    // Every folder install.sh writes into the ini is writable under ProtectSystem=strict.
    let install = read("scripts/install.sh");
    for folder in ["LOG_DIR", "STATE_DIR/spool", "STATE_DIR/updates"] {
        assert!(
            install.contains(&format!("=${folder}")),
            "install.sh sets {folder}"
        );
    }
    for dir in [
        "/var/log/cloud-report-server",
        "/var/lib/cloud-report-server",
    ] {
        assert!(rw.contains(&dir), "ReadWritePaths lacks {dir}");
        assert!(install.contains(dir), "install.sh creates {dir}");
    }
    assert_eq!(
        keys.get("[Install]WantedBy").map(|v| v[0].as_str()),
        Some("multi-user.target")
    );
}

#[test]
fn make_install_stages_binary_ini_and_unit_and_is_idempotent() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;

    let stage = tempfile::tempdir().expect("temp dir");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_cloud-report-server"))
        .parent()
        .unwrap()
        .to_path_buf();
    let install = |round: u32| {
        let out = Command::new("bash")
            .arg(root().join("scripts/install.sh"))
            .env("DESTDIR", stage.path())
            .env("CRS_INSTALL_NO_BUILD", "1")
            .env("CRS_INSTALL_BIN_DIR", &bin_dir)
            .output()
            .expect("run install.sh");
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "install round {round}: {text}");
        text
    };
    let first = install(1);
    assert!(first.contains("installed /etc/cloud-report-server/eboCloudReportServer.ini"));

    let p = |rel: &str| stage.path().join(rel.trim_start_matches('/'));
    let mode = |rel: &str| std::fs::metadata(p(rel)).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode("/usr/local/bin/cloud-report-server"), 0o755);
    assert_eq!(mode("/etc/cloud-report-server"), 0o750);
    assert_eq!(
        mode("/etc/cloud-report-server/eboCloudReportServer.ini"),
        0o640
    );
    assert_eq!(
        mode("/etc/cloud-report-server/cloud-report-server.env"),
        0o640
    );
    assert_eq!(mode("/var/lib/cloud-report-server/updates"), 0o2775);
    assert_eq!(mode("/var/log/cloud-report-server"), 0o750);
    assert_eq!(
        mode("/etc/systemd/system/cloud-report-server.service"),
        0o644
    );
    assert_eq!(
        std::fs::read_to_string(p("/etc/systemd/system/cloud-report-server.service")).unwrap(),
        read("etc/cloud-report-server.service")
    );

    // The installed ini uses the folders the unit makes writable, and it loads.
    let ini = p("/etc/cloud-report-server/eboCloudReportServer.ini");
    let cfg = crs::config::Config::load_with_env(&ini, &BTreeMap::<String, String>::new())
        .expect("installed ini loads");
    assert_eq!(
        cfg.log_folder,
        PathBuf::from("/var/log/cloud-report-server")
    );
    assert_eq!(
        cfg.database.spool_folder,
        PathBuf::from("/var/lib/cloud-report-server/spool")
    );
    assert_eq!(
        cfg.instances[0].update_folder,
        PathBuf::from("/var/lib/cloud-report-server/updates")
    );
    // The installed binary checks it: registration key valid.
    let check = Command::new(p("/usr/local/bin/cloud-report-server"))
        .arg("--config")
        .arg(&ini)
        .arg("check-config")
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    assert!(String::from_utf8_lossy(&check.stdout).contains("VALID"));

    // A second run keeps an edited configuration.
    let edited = std::fs::read_to_string(&ini).unwrap() + "\n; edited by the operator\n";
    std::fs::write(&ini, &edited).unwrap();
    let second = install(2);
    assert!(second.contains("kept the existing /etc/cloud-report-server/eboCloudReportServer.ini"));
    assert_eq!(std::fs::read_to_string(&ini).unwrap(), edited);
}

#[test]
fn demo_profile_shops_run_on_their_own_firebird_databases() {
    let c = compose();
    let top = names(&c["volumes"]);
    let mut seeds = BTreeSet::new();
    for (name, id) in [("demo_shop1", "3769d93a"), ("demo_shop2", "1a2b3c4d")] {
        let svc = service(&c, name);
        assert_eq!(
            strings(&svc["profiles"]),
            vec!["demo".to_string()],
            "{name}"
        );
        assert_eq!(
            svc["build"]["dockerfile"].as_str(),
            Some("Dockerfile.shop"),
            "{name}"
        );
        let cmd = strings(&svc["command"]);
        assert!(
            cmd.windows(2).any(|w| w[0] == "--object-id" && w[1] == id),
            "{name}: {cmd:?}"
        );
        assert!(
            !cmd.iter().any(|a| a == "--mode"),
            "{name} must not use invented answers: {cmd:?}"
        );
        // Its database lives in its own named volume at the entrypoint's SHOP_DIR.
        let vols = strings(&svc["volumes"]);
        assert!(
            vols.iter().any(|v| v == &format!("{name}:/var/lib/shop")),
            "{name}: {vols:?}"
        );
        assert!(top.contains(name), "volume {name} not declared");
        let env = environment(svc);
        assert!(
            ["central", "branch"].contains(&env["SHOP_FLAVOUR"].as_str()),
            "{name}"
        );
        seeds.insert((env["SHOP_SEED"].clone(), env["SHOP_FLAVOUR"].clone()));
    }
    assert_eq!(seeds.len(), 2, "the two demo shops must get different data");
    let df = read("Dockerfile.shop");
    for needle in [
        "firebird3.0-server-core",
        "firebird3.0-utils",
        "libfbclient2",
        "COPY scripts/shop-db.sh /opt/shop/scripts/shop-db.sh",
        "COPY etc/shopdb /opt/shop/etc/shopdb",
        "ENTRYPOINT [\"/usr/local/bin/demo-shop\"]",
        "USER shop:shop",
    ] {
        assert!(df.contains(needle), "Dockerfile.shop lacks {needle}");
    }
    assert!(
        !df.contains("firebird3.0-server "),
        "no system-wide Firebird server"
    );
    let ep = read("docker/demo-shop/entrypoint.sh");
    assert!(ep.contains("shop-db.sh ensure \"$SHOP_DIR\" \"$SHOP_SEED\" \"$SHOP_FLAVOUR\""));
    assert!(ep.contains(
        "exec /usr/local/bin/bos-client --shop-db \"$db\" --fb-home \"$SHOP_DIR/fbhome\" \"$@\""
    ));
    assert!(ep.contains("SHOP_DIR=${SHOP_DIR:-/var/lib/shop}"));
    // The entrypoint calls the script where the image puts it, and the script finds the schema
    // relative to itself (/opt/shop/etc/shopdb).
    assert!(read("scripts/shop-db.sh").contains("$repo/etc/shopdb/schema.sql"));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(root().join("docker/demo-shop/entrypoint.sh"))
        .unwrap()
        .permissions()
        .mode();
    assert_ne!(mode & 0o111, 0, "entrypoint must be executable");
}

/// `KEY=value` pairs of the Dockerfile's ENV instructions (continued lines joined).
fn dockerfile_env(d: &str) -> BTreeMap<String, String> {
    let joined = d.replace("\\\n", " ");
    let mut env = BTreeMap::new();
    for line in joined.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("ENV ") {
            for kv in rest.split_whitespace() {
                if let Some((k, v)) = kv.split_once('=') {
                    env.insert(k.to_string(), v.to_string());
                }
            }
        }
    }
    env
}

/// Issue 17: what compose publishes, mounts and calls is what the image's Apache serves.
#[test]
fn compose_and_the_images_apache_configuration_agree() {
    let c = compose();
    let d = read("Dockerfile.php");
    let env = dockerfile_env(&d);
    let web = service(&c, "web");
    let web_env = environment(web);

    // The public port: compose publishes the container port the image's Apache listens on.
    let port = &env["DREPORT_PORT"];
    assert_eq!(port, "8015");
    assert_eq!(
        published(&c)["web"],
        vec![("8015".to_string(), port.clone())]
    );
    let ports = read("docker/web/ports.conf");
    for var in ["DREPORT_PORT", "DREPORT_INTERNAL_PORT"] {
        assert!(
            ports
                .lines()
                .any(|l| l.trim() == format!("Listen ${{{var}}}")),
            "{var}"
        );
    }
    assert!(d.contains("COPY docker/web/ports.conf /etc/apache2/ports.conf"));
    assert!(
        d.contains("COPY docker/web/dreport.conf /etc/apache2/sites-available/000-default.conf")
    );

    // HTTPS by default in both, the vhost with modern TLS only and HTTP/1.1.
    assert_eq!(env["DREPORT_TLS"], "1");
    assert_eq!(interpolate(&web_env["DREPORT_TLS"], "?"), "1");
    assert!(
        d.contains("a2enmod") && d.contains(" ssl "),
        "mod_ssl enabled"
    );
    let main = read("docker/web/dreport.conf");
    assert!(main.contains("Protocols http/1.1"));
    assert!(main.contains("Include ${DREPORT_APACHE_CONF}/dreport-vhost-${DREPORT_SCHEME}.conf"));
    let https = read("docker/web/dreport-vhost-https.conf");
    assert!(https
        .lines()
        .any(|l| l.trim() == "SSLProtocol -all +TLSv1.2 +TLSv1.3"));
    assert!(https.contains("SSLEngine on"));
    assert!(https.contains("SSLCertificateFile ${DREPORT_TLS_CERT}"));
    assert!(https.contains("ErrorDocument 400 /dreport-use-https.html"));
    let suite = https
        .lines()
        .find_map(|l| l.trim().strip_prefix("SSLCipherSuite "))
        .expect("SSLCipherSuite");
    for c in suite.split(':') {
        assert!(
            (c.starts_with("ECDHE-") || c.starts_with("DHE-"))
                && (c.contains("GCM") || c.contains("CHACHA20")),
            "forward-secret AEAD only: {c}"
        );
    }
    // Every file the Apache configuration includes is in docker/web and copied to
    // DREPORT_APACHE_CONF by the image.
    let conf_dir = &env["DREPORT_APACHE_CONF"];
    for f in [
        "dreport-site.inc",
        "dreport-vhost-https.conf",
        "dreport-vhost-http.conf",
        "use-https.html",
    ] {
        assert!(root().join("docker/web").join(f).exists(), "{f}");
        let copy = d
            .lines()
            .find(|l| l.starts_with("COPY ") && l.contains(&format!("docker/web/{f}")))
            .unwrap_or_else(|| panic!("Dockerfile.php copies {f}"));
        assert!(copy.trim_end().ends_with(&format!("{conf_dir}/")), "{copy}");
    }

    // The certificate: compose mounts the operator's folder and the self-signed volume where
    // the image's entry point looks.
    let mounts = strings(&web["volumes"]);
    let target = |suffix: &str| -> String {
        mounts
            .iter()
            .map(|m| interpolate(m, "x"))
            .find(|m| m.contains(suffix))
            .unwrap_or_else(|| panic!("web mounts {suffix}: {mounts:?}"))
            .split(':')
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(target("config/tls"), env["DREPORT_TLS_DIR"]);
    assert_eq!(target("tls_selfsigned"), env["DREPORT_TLS_SELF_DIR"]);
    assert!(mounts
        .iter()
        .any(|m| m.contains("config/tls") && m.ends_with(":ro")));
    let entry = read("docker/web/entrypoint.sh");
    assert!(entry.contains("$tls_dir/dreport.crt") && entry.contains("$tls_dir/dreport.key"));
    assert!(entry.contains("DREPORT_SCHEME=https") && entry.contains("DREPORT_SCHEME=http "));
    assert!(read("docs/deployment.md").contains("dreport.crt"));

    // The report server reaches api.php on the internal port, which is never published.
    let internal = &env["DREPORT_INTERNAL_PORT"];
    assert_ne!(internal, port);
    let server_env = environment(service(&c, "report_server"));
    assert_eq!(
        server_env["AUTH_SERVER_URL"],
        format!("http://web:{internal}/dreport/api.php")
    );
    assert!(read("docker/server/eboCloudReportServer.ini")
        .contains(&format!("REST_URL=http://web:{internal}/dreport/api.php")));
    assert!(published(&c)
        .values()
        .flatten()
        .all(|(h, ct)| h != internal && ct != internal));
    assert!(main.contains("<VirtualHost *:${DREPORT_INTERNAL_PORT}>"));
    assert!(main.contains(r#"<LocationMatch "^/(?!dreport/api\.php(/|$))">"#));

    // The healthcheck follows the scheme: the same script in compose and in the image.
    assert_eq!(
        strings(&web["healthcheck"]["test"]),
        vec!["CMD", "/usr/local/bin/dreport-healthcheck"]
    );
    assert!(d.contains("COPY docker/web/healthcheck.sh /usr/local/bin/dreport-healthcheck"));
    assert!(d.contains(r#"CMD ["/usr/local/bin/dreport-healthcheck"]"#));
    let hc = read("docker/web/healthcheck.sh");
    assert!(hc.contains("https://127.0.0.1:$port/") && hc.contains("DREPORT_TLS:-1"));
}

/// Issue 17: the compose database is the engine `make test` runs (Debian 12's MariaDB 10.11),
/// and MySQL 8.0 is gone from every deployment file and doc.
#[test]
fn compose_database_is_the_mariadb_the_tests_run_and_mysql_8_is_gone() {
    let c = compose();
    let image = service(&c, "db")["image"].as_str().unwrap().to_string();
    let tag = image.strip_prefix("mariadb:").expect("a MariaDB image");
    let bin = ["/usr/sbin/mariadbd", "/usr/bin/mariadbd"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("mariadbd (scripts/ensure-deps.sh installs mariadb-server)");
    let out = std::process::Command::new(bin)
        .arg("--version")
        .output()
        .expect("mariadbd --version");
    let version = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        version.contains(&format!(" {tag}.")),
        "compose runs MariaDB {tag}, the tests run: {version}"
    );
    let mut files = vec![
        "docker-compose.yml".to_string(),
        ".env.example".to_string(),
        "Dockerfile.php".to_string(),
        "Dockerfile.server".to_string(),
        "README.md".to_string(),
        "schema.sql".to_string(),
    ];
    for dir in [
        "docs",
        "docker/db",
        "docker/web",
        "docker/server",
        "migrations",
    ] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                files.push(
                    p.strip_prefix(root())
                        .unwrap()
                        .to_string_lossy()
                        .to_string(),
                );
            }
        }
    }
    for f in files {
        let text = read(&f).to_lowercase();
        for bad in ["mysql:8", "mysql 8", "mysql_root_password"] {
            assert!(!text.contains(bad), "{f} still mentions {bad}");
        }
    }
}
