//! Reading a configuration file: an haproxy.cfg goes to the [parser](super::parser), an
//! ldirectord.cf to its [translation](super::ldirectord), which ends in the same parser.

use std::path::Path;

use crate::config::{Config, ConfigError, Diag, Level};

impl Config {
    /// Read and validate `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            diags: vec![Diag {
                level: Level::Alert,
                file: path.to_path_buf(),
                line: 0,
                col: 0,
                message: format!("cannot read configuration: {e}"),
                suggestion: None,
            }],
        })?;
        Config::parse(path, &text)
    }

    /// Parse and validate `text` (named `file` in messages): an haproxy.cfg, or an ldirectord.cf
    /// (see [`crate::config::ldirectord`]).
    pub fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
        let mut cfg = if crate::config::ldirectord::looks_like(text) {
            crate::config::ldirectord::parse(file, text)?
        } else {
            Config::parse_haproxy(file, text)?
        };
        cfg.digest = rustha::applied::digest(text.as_bytes());
        Ok(cfg)
    }
}
