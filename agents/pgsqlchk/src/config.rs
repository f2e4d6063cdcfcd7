//! The n2pg-aux `pgsqlchk` JSON configuration (`/etc/psqlchk/config.json`), read unchanged.
//!
//! The four documented keys are required exactly as the seed guide prints them. A few optional
//! keys extend it without breaking existing files: `health_check_user` (the guide's user name is
//! the default), `database_name` (`postgres`), and per listener `mode` (`patroni`, the default,
//! or `legacy` for the xinetd script's 200/206/503 answers).
//!
//! Errors name the file, line and column, and for a misspelt key the nearest valid one. The
//! password is held in [`Secret`], whose `Debug` never shows it. An error is a [`Problem`],
//! built from the names of the keys this file knows, the kind of JSON value found and fixed
//! words: it never quotes anything the file holds (no value, no unknown key, no text of
//! `serde_json`'s, which quotes values), so a password typed into the wrong field, of the wrong
//! type, or as a key cannot reach the log or `ocf-exit-reason`.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

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
        let at = |(line, column): (usize, usize), problem: Problem| Error::ConfigFile {
            file: path.to_path_buf(),
            line,
            column,
            message: problem.to_string(),
            suggestion: problem.suggestion().map(str::to_string),
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let problem = if e.classify() == serde_json::error::Category::Eof {
                Problem::Truncated
            } else {
                Problem::Syntax
            };
            at((e.line().max(1), e.column().max(1)), problem)
        })?;
        shape(&value).map_err(|(p, place)| at(place.locate(text), p))?;
        // The shape was checked above; a failure here would be this file's bug, and its
        // text (serde's, which may quote a value) is not shown.
        let cfg: Config =
            serde_json::from_value(value).map_err(|_| at((1, 1), Problem::Unreadable))?;
        cfg.check(path, text)?;
        Ok(cfg)
    }

    fn check(&self, path: &Path, text: &str) -> rustha::Result<()> {
        let at = |key: &str, nth: usize, message: String| {
            Error::at(path, locate(text, &format!("\"{key}\""), nth), message)
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
                    "this 'listen_port' is used by two webservers entries".into(),
                ));
            }
        }
        Ok(())
    }
}

/// What is wrong with the file, in words that cannot quote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON.
    Syntax,
    /// The JSON ends early.
    Truncated,
    /// The top level is not an object.
    NotAnObject,
    /// A `webservers` entry is not an object.
    EntryNotAnObject,
    /// A key this file does not know (at the top level, or in an entry), with the nearest
    /// known one if any is close.
    UnknownKey {
        /// In a `webservers` entry.
        entry: bool,
        /// The known key it is likely a typo of.
        nearest: Option<&'static str>,
    },
    /// A required key is missing.
    Missing(&'static str),
    /// A key holds the wrong kind of value.
    WrongType {
        /// The key.
        key: &'static str,
        /// What it must hold.
        want: &'static str,
        /// The kind of JSON value it holds.
        found: &'static str,
    },
    /// A number that is not a port (0 or above 65535, or not whole).
    NotAPort(&'static str),
    /// `mode` is neither of its words.
    BadMode,
    /// The validated file still did not read (a bug of this program).
    Unreadable,
}

impl Problem {
    fn suggestion(&self) -> Option<&'static str> {
        match self {
            Problem::UnknownKey { nearest, .. } => *nearest,
            _ => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Syntax => f.write_str("not valid JSON here"),
            Problem::Truncated => f.write_str("the JSON ends before it is complete"),
            Problem::NotAnObject => f.write_str("the file must hold one JSON object"),
            Problem::EntryNotAnObject => f.write_str(
                "a 'webservers' entry must be an object {\"target_port\": N, \"listen_port\": N}",
            ),
            Problem::UnknownKey { entry, .. } => {
                let known = if *entry { SERVER_KEYS } else { TOP_KEYS };
                write!(f, "unknown key (valid keys: {})", known.join(", "))
            }
            Problem::Missing(k) => write!(f, "missing key '{k}'"),
            Problem::WrongType { key, want, found } => {
                write!(f, "'{key}' must be {want}, not {found}")
            }
            Problem::NotAPort(k) => write!(f, "'{k}' must be a port number from 1 to 65535"),
            Problem::BadMode => f.write_str("'mode' must be \"patroni\" or \"legacy\""),
            Problem::Unreadable => f.write_str("the configuration could not be read"),
        }
    }
}

/// Where a problem is: the `nth` occurrence of a text (a key, quoted) in the file.
struct Place {
    needle: String,
    nth: usize,
}

impl Place {
    fn key(k: &str, nth: usize) -> Place {
        Place {
            needle: format!("\"{k}\""),
            nth,
        }
    }

    /// An unknown key, found by its own text (which the message does not repeat).
    fn unknown(k: &str) -> Place {
        Place {
            needle: serde_json::to_string(k).unwrap_or_default(),
            nth: 0,
        }
    }

    fn start() -> Place {
        Place {
            needle: "{".into(),
            nth: 0,
        }
    }

    fn locate(&self, text: &str) -> (usize, usize) {
        locate(text, &self.needle, self.nth)
    }
}

/// The kind of a JSON value, for messages.
fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The known key `k` is, as the `'static` name messages use.
fn known(k: &str, keys: &'static [&'static str]) -> Option<&'static str> {
    keys.iter().copied().find(|x| *x == k)
}

/// Check the file's shape against what [`Config`] reads: known keys of the right kinds, the
/// required ones present; the first problem, and where.
fn shape(v: &serde_json::Value) -> Result<(), (Problem, Place)> {
    use serde_json::Value;
    let Value::Object(map) = v else {
        return Err((Problem::NotAnObject, Place::start()));
    };
    for (k, val) in map {
        let Some(key) = known(k, TOP_KEYS) else {
            let nearest = nearest(k, TOP_KEYS);
            let p = Problem::UnknownKey {
                entry: false,
                nearest,
            };
            return Err((p, Place::unknown(k)));
        };
        match (key, val) {
            ("webservers", Value::Array(entries)) => {
                let mut nth = [0; 3];
                for e in entries {
                    entry(e, &mut nth)?;
                }
            }
            ("webservers", other) => {
                let p = Problem::WrongType {
                    key,
                    want: "a list of {\"target_port\", \"listen_port\"} objects",
                    found: kind(other),
                };
                return Err((p, Place::key(key, 0)));
            }
            (_, Value::String(_)) => {}
            (_, other) => {
                let p = Problem::WrongType {
                    key,
                    want: "a string",
                    found: kind(other),
                };
                return Err((p, Place::key(key, 0)));
            }
        }
    }
    for key in &TOP_KEYS[..4] {
        if !map.contains_key(*key) {
            return Err((Problem::Missing(key), Place::start()));
        }
    }
    Ok(())
}

/// One `webservers` entry; `nth` counts the occurrences of each key so far, to place errors.
fn entry(e: &serde_json::Value, nth: &mut [usize; 3]) -> Result<(), (Problem, Place)> {
    use serde_json::Value;
    let Value::Object(m) = e else {
        return Err((Problem::EntryNotAnObject, Place::key("webservers", 0)));
    };
    for (k, v) in m {
        let Some(key) = known(k, SERVER_KEYS) else {
            let nearest = nearest(k, SERVER_KEYS);
            let p = Problem::UnknownKey {
                entry: true,
                nearest,
            };
            return Err((p, Place::unknown(k)));
        };
        let i = SERVER_KEYS.iter().position(|x| *x == key).unwrap_or(0);
        let place = Place::key(key, nth[i]);
        nth[i] += 1;
        let wrong = |want| Problem::WrongType {
            key,
            want,
            found: kind(v),
        };
        match (key, v) {
            ("mode", Value::String(m)) if m == "patroni" || m == "legacy" => {}
            ("mode", Value::String(_)) => return Err((Problem::BadMode, place)),
            ("mode", _) => return Err((wrong("a string"), place)),
            (_, Value::Number(n)) if n.as_u64().is_some_and(|p| (1..=65535).contains(&p)) => {}
            (_, Value::Number(_)) => return Err((Problem::NotAPort(key), place)),
            (_, _) => return Err((wrong("a port number"), place)),
        }
    }
    for key in &SERVER_KEYS[..2] {
        if !m.contains_key(*key) {
            return Err((Problem::Missing(key), Place::key("webservers", 0)));
        }
    }
    Ok(())
}

/// The valid key closest to a misspelt one, if any is close enough to be a plausible typo.
fn nearest(word: &str, candidates: &'static [&'static str]) -> Option<&'static str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
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
        assert!(
            s.contains("'listen_port' must be a port number, not a string"),
            "{s}"
        );
    }

    /// Every place a password could be typed by mistake, in every JSON type, and mangled the
    /// ways a message could quote it (escaped, cut): no error holds any four characters of it.
    #[test]
    fn no_error_holds_any_part_of_a_password_in_any_field() {
        const PW: &str = "Zq9#kP2$wL\"x\\é7";
        // The password as JSON text (escaped), and as a number for the numeric fields.
        let pw_json = serde_json::to_string(PW).unwrap();
        let numeric = "918273645";
        let shown = |e: rustha::Error| {
            let s = format!("{e} {e:?}");
            for secret in [PW, numeric, "Zq9#kP2$wL", "x\\\\é7"] {
                let chars: Vec<char> = secret.chars().collect();
                for w in chars.windows(4) {
                    let part: String = w.iter().collect();
                    assert!(!s.contains(&part), "{part:?} of the password in: {s}");
                }
            }
        };
        let file = |fields: &[(&str, String)], entry: &[(&str, String)]| {
            let mut top: Vec<(String, String)> = vec![
                ("database_host".into(), "\"h\"".into()),
                ("health_check_user_password".into(), pw_json.clone()),
                ("webserver_host".into(), "\"w\"".into()),
            ];
            let mut e: Vec<(String, String)> = vec![
                ("target_port".into(), "5432".into()),
                ("listen_port".into(), "25432".into()),
            ];
            for (k, v) in fields {
                top.retain(|(x, _)| x != k);
                top.push((k.to_string(), v.clone()));
            }
            for (k, v) in entry {
                e.retain(|(x, _)| x != k);
                e.push((k.to_string(), v.clone()));
            }
            let obj = |kv: &[(String, String)]| {
                let inner: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                format!("{{{}}}", inner.join(", "))
            };
            let mut top_s = obj(&top);
            top_s.insert_str(top_s.len() - 1, &format!(", \"webservers\": [{}]", obj(&e)));
            top_s
        };
        let values = [
            pw_json.clone(),
            numeric.to_string(),
            format!("[{pw_json}]"),
            format!("{{\"a\": {pw_json}}}"),
            format!("{{{pw_json}: 1}}"),
        ];
        let mut errors = 0;
        for key in TOP_KEYS {
            for v in &values {
                if let Err(e) = parse(&file(&[(key, v.clone())], &[])) {
                    errors += 1;
                    shown(e);
                }
            }
        }
        for key in SERVER_KEYS {
            for v in &values {
                if let Err(e) = parse(&file(&[], &[(key, v.clone())])) {
                    errors += 1;
                    shown(e);
                }
            }
        }
        // The password as a key, the password's value of every wrong type, a file cut short or
        // broken right after the password.
        let more = [
            file(&[(PW, "1".into())], &[]),
            file(&[], &[(PW, "1".into())]),
            file(&[("health_check_user_password", numeric.into())], &[]),
            file(&[("health_check_user_password", "true".into())], &[]),
            file(
                &[("health_check_user_password", format!("[{pw_json}]"))],
                &[],
            ),
            format!("{{\"health_check_user_password\": {pw_json}"),
            format!("{{\"health_check_user_password\": {pw_json} x"),
            format!("{{\"health_check_user_password\": \"{PW}"),
            format!("[{pw_json}]"),
            pw_json.clone(),
        ];
        for text in &more {
            errors += 1;
            shown(parse(text).unwrap_err());
        }
        assert!(errors > 30, "only {errors} of the cases were errors");
        // And a valid file does not show it either.
        let ok = parse(&file(&[], &[])).unwrap();
        assert!(!format!("{ok:?}").contains("Zq9"));
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
        assert!(
            s.contains("'mode' must be \"patroni\" or \"legacy\"") && !s.contains("legacyy"),
            "{s}"
        );
    }

    /// Mutated files (bytes flipped, JSON punctuation spliced in, the password copied over
    /// other values and keys), from a fixed seed: no error shows any four characters of the
    /// password.
    #[test]
    fn mutated_files_never_show_the_password() {
        const PW: &str = "Zq9#kP2$wLm4";
        let base = SEED.replace(
            "\"health_check_user_password\": \"health_check_user\"",
            &format!("\"health_check_user_password\": \"{PW}\""),
        );
        let parts: Vec<String> = PW
            .chars()
            .collect::<Vec<_>>()
            .windows(4)
            .map(|w| w.iter().collect())
            .collect();
        let specials = ["\"", ",", ":", "{", "}", "[", "]", "\\", " ", "\n", "1", PW];
        let mut x: u64 = 0x5851_f42d_4c95_7f2d;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut errors = 0;
        for _ in 0..20_000 {
            let mut t = base.clone();
            for _ in 0..1 + next() % 3 {
                let mut at = (next() as usize) % (t.len() + 1);
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                let s = specials[(next() as usize) % specials.len()];
                match next() % 3 {
                    0 => t.insert_str(at, s),
                    1 => {
                        let mut end = (at + 1 + (next() as usize) % 8).min(t.len());
                        while !t.is_char_boundary(end) {
                            end -= 1;
                        }
                        t.replace_range(at..end, "");
                    }
                    _ => t.replace_range(at..at, &format!("\"{PW}\"")),
                }
            }
            if let Err(e) = parse(&t) {
                errors += 1;
                let shown = format!("{e} {e:?}");
                for p in &parts {
                    assert!(!shown.contains(p.as_str()), "{p:?} in {shown}\nfrom {t}");
                }
            }
        }
        assert!(errors > 10_000, "{errors}");
    }
}
