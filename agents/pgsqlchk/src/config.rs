//! The n2pg-aux `pgsqlchk` JSON configuration (`/etc/psqlchk/config.json`), read unchanged.
//!
//! The four documented keys are required exactly as the seed guide prints them. A few optional
//! keys extend it without breaking existing files: `health_check_user` (the guide's user name is
//! the default), `database_name` (`postgres`), and per listener `mode` (`patroni`, the default,
//! or `legacy` for the xinetd script's 200/206/503 answers).
//!
//! Errors name the file, line and column, and for a misspelt key the nearest valid one. The
//! password is held in [`Secret`], whose `Debug` never shows it, and no error quotes a string
//! value, so a typo near the password cannot leak it into a log.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use rustha::Error;
use serde::Deserialize;

/// Where the seed guide installs the configuration.
pub const DEFAULT_PATH: &str = "/etc/psqlchk/config.json";

/// The user the seed guide creates (`CREATE USER health_check_user ...`).
const DEFAULT_USER: &str = "health_check_user";

/// A password: usable, never printed.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The password itself, for handing to the database driver only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How a listener answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Patroni-style paths; `/` means "writable primary" (200) or not (503).
    #[default]
    Patroni,
    /// Every request answered like the xinetd script: 200 primary, 206 standby, 503 down.
    Legacy,
}

/// One `webservers` entry: an HTTP listener reporting on one PostgreSQL instance.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebServer {
    /// Port of the PostgreSQL instance on `database_host`.
    pub target_port: u16,
    /// Port of the HTTP listener on `webserver_host`.
    pub listen_port: u16,
    /// Answer style.
    #[serde(default)]
    pub mode: Mode,
}

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Host name, address or Unix socket directory of the databases.
    pub database_host: String,
    /// Password of the health-check user.
    pub health_check_user_password: Secret,
    /// Host name or address the HTTP listeners bind.
    pub webserver_host: String,
    /// One listener per entry.
    pub webservers: Vec<WebServer>,
    /// Login role used for the checks (needs no more than `pg_monitor`).
    #[serde(default = "default_user")]
    pub health_check_user: String,
    /// Database the checks connect to.
    #[serde(default = "default_database")]
    pub database_name: String,
}

fn default_user() -> String {
    DEFAULT_USER.into()
}

fn default_database() -> String {
    "postgres".into()
}

const TOP_KEYS: &[&str] = &[
    "database_host",
    "health_check_user_password",
    "webserver_host",
    "webservers",
    "health_check_user",
    "database_name",
];
const SERVER_KEYS: &[&str] = &["target_port", "listen_port", "mode"];

impl Config {
    /// Read and validate `path`. A missing file is a node-local problem (`NotInstalled`);
    /// anything wrong inside it is a configuration error with its position.
    pub fn load(path: &Path) -> rustha::Result<Config> {
        Self::load_digested(path).map(|(cfg, _)| cfg)
    }

    /// [`Config::load`], with the digest of the bytes it read ([`rustha::applied::digest`]):
    /// what the daemon records it runs.
    pub fn load_digested(path: &Path) -> rustha::Result<(Config, String)> {
        let bytes = std::fs::read(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::NotInstalled(format!(
                    "configuration file {} does not exist",
                    path.display()
                ))
            } else {
                Error::io(format!("reading {}", path.display()), e)
            }
        })?;
        let digest = rustha::applied::digest(&bytes);
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::Configuration(format!("{}: not UTF-8 text", path.display())))?;
        Ok((Self::parse(path, &text)?, digest))
    }

    /// Parse and validate the text of `path`.
    pub fn parse(path: &Path, text: &str) -> rustha::Result<Config> {
        let cfg: Config = serde_json::from_str(text).map_err(|e| json_error(path, text, &e))?;
        cfg.check(path, text)?;
        Ok(cfg)
    }

    fn check(&self, path: &Path, text: &str) -> rustha::Result<()> {
        let at = |key: &str, nth: usize, message: String| {
            let (line, column) = locate(text, &format!("\"{key}\""), nth);
            Error::ConfigFile {
                file: path.to_path_buf(),
                line,
                column,
                message,
                suggestion: None,
            }
        };
        if self.webservers.is_empty() {
            return Err(at(
                "webservers",
                0,
                "'webservers' is empty: at least one {\"target_port\", \"listen_port\"} entry is needed".into(),
            ));
        }
        for (key, value) in [
            ("database_host", &self.database_host),
            ("webserver_host", &self.webserver_host),
            ("health_check_user", &self.health_check_user),
            ("database_name", &self.database_name),
        ] {
            if value.trim().is_empty() {
                return Err(at(key, 0, format!("'{key}' is empty")));
            }
        }
        let mut seen = HashSet::new();
        for (i, w) in self.webservers.iter().enumerate() {
            if w.listen_port == 0 {
                return Err(at("listen_port", i, "'listen_port' 0 is not a port".into()));
            }
            if w.target_port == 0 {
                return Err(at("target_port", i, "'target_port' 0 is not a port".into()));
            }
            if !seen.insert(w.listen_port) {
                return Err(at(
                    "listen_port",
                    i,
                    format!(
                        "listen_port {} is used by two webservers entries",
                        w.listen_port
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Turn a serde_json error into a positioned configuration error with a suggestion.
fn json_error(path: &Path, text: &str, e: &serde_json::Error) -> Error {
    let full = e.to_string();
    // serde_json appends " at line L column C"; the position goes into the structured error.
    let mut message = full
        .rsplit_once(" at line ")
        .map_or(full.clone(), |(m, _)| m.to_string());
    let mut suggestion = None;
    if let Some(field) = between(&message, "unknown field `", "`").map(str::to_string) {
        // serde lists the keys the object allows: tell a webservers entry from the top level.
        let in_entry = message.contains("`listen_port`") && !message.contains("`webservers`");
        let known = if in_entry { SERVER_KEYS } else { TOP_KEYS };
        suggestion = nearest(&field, known);
        message = format!("unknown key '{field}' (valid keys: {})", known.join(", "));
    }
    // A type error quotes the offending string value: if the password ended up somewhere it
    // does not belong ("listen_port": "<password>"), it must not reach a log. Only syntactically
    // valid JSON produces such messages, so the password can be looked up to blank it.
    if let Some(pw) = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| {
            v.get("health_check_user_password")?
                .as_str()
                .map(str::to_string)
        })
        .filter(|p| !p.is_empty())
    {
        message = message.replace(&pw, "<redacted>");
    }
    Error::ConfigFile {
        file: PathBuf::from(path),
        line: e.line().max(1),
        column: e.column().max(1),
        message,
        suggestion,
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &s[s.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// The valid key closest to a misspelt one, if any is close enough to be a plausible typo.
fn nearest(word: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

/// 1-based line and column of the `nth` (0-based) occurrence of `needle`, or the start.
fn locate(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let Some((offset, _)) = text.match_indices(needle).nth(nth) else {
        return (1, 1);
    };
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed guide's default file, byte for byte (leading-comma style included).
    const SEED: &str = r#"{
"database_host": "localhost"
, "health_check_user_password": "health_check_user"
, "webserver_host": "localhost"
, "webservers": [
{
"target_port": 5432
, "listen_port": 25432
}
]
}
"#;

    fn parse(text: &str) -> rustha::Result<Config> {
        Config::parse(Path::new("/etc/psqlchk/config.json"), text)
    }

    #[test]
    fn reads_the_seed_file_unchanged() {
        let c = parse(SEED).unwrap();
        assert_eq!(c.database_host, "localhost");
        assert_eq!(c.webserver_host, "localhost");
        assert_eq!(c.health_check_user_password.expose(), "health_check_user");
        assert_eq!(c.health_check_user, "health_check_user");
        assert_eq!(c.database_name, "postgres");
        assert_eq!(
            c.webservers,
            vec![WebServer {
                target_port: 5432,
                listen_port: 25432,
                mode: Mode::Patroni
            }]
        );
        assert!(format!("{:?}", c.health_check_user_password) == "<redacted>");
    }

    #[test]
    fn misspelt_key_names_position_and_suggestion() {
        let text = SEED.replace("\"webserver_host\"", "\"webserver_hots\"");
        let e = parse(&text).unwrap_err();
        let s = e.to_string();
        assert_eq!(e.code(), rustha::OcfCode::ErrConfigured);
        assert!(s.starts_with("/etc/psqlchk/config.json:4:"), "{s}");
        assert!(s.contains("(did you mean 'webserver_host'?)"), "{s}");
        let text = SEED.replace("\"listen_port\"", "\"listen_prot\"");
        let s = parse(&text).unwrap_err().to_string();
        assert!(
            s.contains(":8:") && s.contains("did you mean 'listen_port'"),
            "{s}"
        );
    }

    #[test]
    fn semantic_errors_are_located() {
        let text = SEED.replace("25432", "0");
        let s = parse(&text).unwrap_err().to_string();
        assert!(s.starts_with("/etc/psqlchk/config.json:8:3:"), "{s}");
        let two = r#"{"database_host": "h", "health_check_user_password": "p", "webserver_host": "w",
 "webservers": [{"target_port": 1, "listen_port": 2},
  {"target_port": 3, "listen_port": 2}]}"#;
        let s = parse(two).unwrap_err().to_string();
        assert!(s.contains(":3:") && s.contains("used by two"), "{s}");
        let empty = r#"{"database_host": "h", "health_check_user_password": "p", "webserver_host": "w", "webservers": []}"#;
        assert!(parse(empty).unwrap_err().to_string().contains("empty"));
        let missing = r#"{"database_host": "h", "webserver_host": "w", "webservers": []}"#;
        assert!(parse(missing)
            .unwrap_err()
            .to_string()
            .contains("health_check_user_password"));
    }

    #[test]
    fn errors_never_quote_the_password() {
        let text = SEED.replace("25432", "\"hunter2-secret\"");
        let text = text.replace(
            "\"health_check_user_password\": \"health_check_user\"",
            "\"health_check_user_password\": \"hunter2-secret\"",
        );
        let s = parse(&text).unwrap_err().to_string();
        assert!(!s.contains("hunter2-secret"), "{s}");
        assert!(s.contains("expected u16"), "{s}");
    }

    #[test]
    fn legacy_mode_and_optional_keys() {
        let c = parse(
            r#"{"database_host": "/run/postgresql", "health_check_user_password": "p",
                "webserver_host": "0.0.0.0", "health_check_user": "chk", "database_name": "app",
                "webservers": [{"target_port": 5432, "listen_port": 25432, "mode": "legacy"}]}"#,
        )
        .unwrap();
        assert_eq!(c.webservers[0].mode, Mode::Legacy);
        assert_eq!(c.health_check_user, "chk");
        assert_eq!(c.database_name, "app");
        let s = parse(&SEED.replace("25432", "25432, \"mode\": \"legacyy\""))
            .unwrap_err()
            .to_string();
        assert!(s.contains("unknown variant"), "{s}");
    }
}
