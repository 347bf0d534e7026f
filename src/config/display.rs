//! `check-config`: the effective value of every key of the table, grouped by section, with
//! its source (ini, default or the environment variable) and its doc line; secrets masked.
//! A few derived lines first (licence validity, database on/off, HTTP logins), warnings last.

use std::fmt;

use super::Config;

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "config file      {}", self.path.display())?;
        writeln!(
            f,
            "registration     serial {} key {}",
            if self.registration.serial.is_empty() {
                "(missing)"
            } else {
                &self.registration.serial
            },
            if self.registration.key_valid() {
                "VALID"
            } else {
                "INVALID OR MISSING"
            }
        )?;
        if self.database.enabled {
            writeln!(
                f,
                "database         mysql://{}@{}:{}/{}",
                self.database.user, self.database.host, self.database.port, self.database.name
            )?;
        } else {
            writeln!(
                f,
                "database         disabled (no [DATABASE] Host and no DB_HOST)"
            )?;
        }
        for i in &self.instances {
            let users: Vec<&str> = i.logins.iter().map(|(u, _)| u.as_str()).collect();
            writeln!(
                f,
                "http logins      instance {}: {} (passwords hidden)",
                i.number,
                if users.is_empty() {
                    "(none)".to_string()
                } else {
                    users.join(", ")
                }
            )?;
        }
        let mut section = "";
        for e in &self.effective {
            if e.section != section {
                section = &e.section;
                writeln!(f, "[{section}]")?;
            }
            writeln!(
                f,
                "  {:<24} = {:<28} ({}) {}",
                e.key.name,
                if e.shown.is_empty() {
                    "(empty)"
                } else {
                    &e.shown
                },
                e.source,
                e.key.doc
            )?;
        }
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}
