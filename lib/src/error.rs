//! Typed failures of every agent, and the one place where each maps to an OCF exit code.
//!
//! Agents never pick exit numbers themselves: they return an [`Error`] and [`Error::code`]
//! decides, so the same kind of failure means the same thing to Pacemaker in every agent.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use crate::ocf::OcfCode;

/// Result alias used throughout rustha.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in an agent action.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A required parameter was not given.
    #[error("required parameter '{name}' is not set (OCF_RESKEY_{name})")]
    MissingParam {
        /// Parameter name.
        name: String,
    },
    /// A parameter has a value outside what it allows.
    #[error("parameter '{name}' has invalid value '{value}': {allowed}")]
    InvalidParam {
        /// Parameter name.
        name: String,
        /// The offending value, as given.
        value: String,
        /// What would have been accepted.
        allowed: String,
    },
    /// Several bad parameters (or located configuration errors), all reported at once.
    #[error("{} problems: {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Params(Vec<Error>),
    /// An error in a configuration file, located precisely.
    #[error("{}:{line}:{column}: {message}{}", file.display(), suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    ConfigFile {
        /// File being read.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
        /// Nearest valid keyword, when there is one.
        suggestion: Option<String>,
    },
    /// Configuration that is wrong everywhere (not tied to one parameter or file position).
    #[error("{0}")]
    Configuration(String),
    /// Something this node lacks: a binary, a network interface, a kernel feature.
    #[error("{0}")]
    NotInstalled(String),
    /// The agent lacks a privilege it needs.
    #[error("{0}")]
    Permission(String),
    /// The agent was called wrongly (bad command line).
    #[error("{0}")]
    Usage(String),
    /// The action is not implemented by this agent.
    #[error("action '{0}' is not implemented by this agent")]
    Unimplemented(String),
    /// A runtime failure of the managed resource (soft error).
    #[error("{0}")]
    Failed(String),
    /// The resource failed while promoted.
    #[error("{0}")]
    FailedPromoted(String),
    /// An operating-system call failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A netlink request was refused by the kernel.
    #[error("{context}: {message}")]
    Netlink {
        /// What was being done.
        context: String,
        /// Kernel's answer.
        message: String,
    },
    /// The action could not finish inside the time Pacemaker allows.
    #[error("{what} did not finish within {after:?}")]
    Timeout {
        /// What was being waited for.
        what: String,
        /// How long was waited.
        after: Duration,
    },
}

impl Error {
    /// The OCF exit code for this error. This is the only mapping from failures to exit codes
    /// in rustha.
    pub fn code(&self) -> OcfCode {
        match self {
            // A configuration error is wrong on every node, so it outranks what only this node
            // lacks (5, 4): Pacemaker then stops trying other nodes it would fail on too.
            Error::Params(all) => {
                let codes: Vec<OcfCode> = all.iter().map(Error::code).collect();
                if codes.contains(&OcfCode::ErrConfigured) {
                    OcfCode::ErrConfigured
                } else {
                    codes.first().copied().unwrap_or(OcfCode::ErrConfigured)
                }
            }
            Error::MissingParam { .. }
            | Error::InvalidParam { .. }
            | Error::ConfigFile { .. }
            | Error::Configuration(_) => OcfCode::ErrConfigured,
            Error::NotInstalled(_) => OcfCode::ErrInstalled,
            Error::Permission(_) => OcfCode::ErrPerm,
            Error::Usage(_) => OcfCode::ErrArgs,
            Error::Unimplemented(_) => OcfCode::Unimplemented,
            Error::FailedPromoted(_) => OcfCode::FailedPromoted,
            Error::Io { source, .. } if source.kind() == io::ErrorKind::PermissionDenied => {
                OcfCode::ErrPerm
            }
            Error::Failed(_) | Error::Io { .. } | Error::Netlink { .. } | Error::Timeout { .. } => {
                OcfCode::ErrGeneric
            }
        }
    }

    /// Shorthand for an [`Error::Io`] with context.
    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// Shorthand for an [`Error::ConfigFile`] at `(line, column)` of `file`, with no suggestion.
    pub fn at(
        file: &std::path::Path,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        Error::ConfigFile {
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
            suggestion: None,
        }
    }

    /// Shorthand for an [`Error::InvalidParam`].
    pub fn invalid(
        name: impl Into<String>,
        value: impl Into<String>,
        allowed: impl Into<String>,
    ) -> Self {
        Error::InvalidParam {
            name: name.into(),
            value: value.into(),
            allowed: allowed.into(),
        }
    }
}

/// Problems gathered so that all are reported at once (one [`Error`] alone, several as
/// [`Error::Params`]), as validation reports every bad parameter rather than the first.
#[derive(Debug, Default)]
pub struct Problems(Vec<Error>);

impl Problems {
    /// No problem yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Record a problem; one already recorded (the same message) is not recorded twice, as when
    /// a check across parameters asks for a value that was refused on its own.
    pub fn push(&mut self, e: Error) {
        match e {
            Error::Params(all) => all.into_iter().for_each(|e| self.push(e)),
            one if self.0.iter().any(|p| p.to_string() == one.to_string()) => {}
            one => self.0.push(one),
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `r`, or `None` with its error recorded.
    pub fn check<T>(&mut self, r: Result<T>) -> Option<T> {
        r.map_err(|e| self.push(e)).ok()
    }

    /// `value` when nothing was recorded; it is `None` only when [`Problems::check`] recorded
    /// its error.
    pub fn finish_with<T>(self, value: Option<T>) -> Result<T> {
        self.finish()?;
        Ok(value.expect("a value is missing only when its error was recorded"))
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(mut self) -> Result<()> {
        match self.0.len() {
            0 => Ok(()),
            1 => Err(self.0.remove(0)),
            _ => Err(Error::Params(self.0)),
        }
    }
}

impl From<nix::Error> for Error {
    fn from(e: nix::Error) -> Self {
        Error::io("system call", io::Error::from(e))
    }
}

/// Adds context to `io::Result`s, turning them into [`Error::Io`].
pub trait IoContext<T> {
    /// Attach what was being done when the error happened.
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::io(what(), e))
    }
}

impl<T> IoContext<T> for nix::Result<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::io(what(), io::Error::from(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_maps_to_its_code() {
        let cases: Vec<(Error, OcfCode)> = vec![
            (
                Error::MissingParam { name: "ip".into() },
                OcfCode::ErrConfigured,
            ),
            (
                Error::invalid("ip", "300.1.1.1", "an IP address"),
                OcfCode::ErrConfigured,
            ),
            (
                Error::ConfigFile {
                    file: "/x.cfg".into(),
                    line: 3,
                    column: 5,
                    message: "unknown keyword 'balanc'".into(),
                    suggestion: Some("balance".into()),
                },
                OcfCode::ErrConfigured,
            ),
            (Error::Configuration("x".into()), OcfCode::ErrConfigured),
            (
                Error::Params(vec![
                    Error::MissingParam { name: "ip".into() },
                    Error::invalid("arp_count", "x", "expected an integer"),
                ]),
                OcfCode::ErrConfigured,
            ),
            (
                Error::Params(vec![
                    Error::NotInstalled("no binary 'mysqld'".into()),
                    Error::invalid("port", "x", "expected an integer"),
                ]),
                OcfCode::ErrConfigured,
            ),
            (
                Error::Params(vec![
                    Error::NotInstalled("no binary 'mysqld'".into()),
                    Error::Permission("root".into()),
                ]),
                OcfCode::ErrInstalled,
            ),
            (Error::NotInstalled("no nic".into()), OcfCode::ErrInstalled),
            (Error::Permission("root".into()), OcfCode::ErrPerm),
            (Error::Usage("bad".into()), OcfCode::ErrArgs),
            (
                Error::Unimplemented("migrate_to".into()),
                OcfCode::Unimplemented,
            ),
            (Error::Failed("x".into()), OcfCode::ErrGeneric),
            (Error::FailedPromoted("x".into()), OcfCode::FailedPromoted),
            (
                Error::io("open", io::Error::other("boom")),
                OcfCode::ErrGeneric,
            ),
            (
                Error::io("open", io::Error::from(io::ErrorKind::PermissionDenied)),
                OcfCode::ErrPerm,
            ),
            (
                Error::Netlink {
                    context: "add".into(),
                    message: "EEXIST".into(),
                },
                OcfCode::ErrGeneric,
            ),
            (
                Error::Timeout {
                    what: "stop".into(),
                    after: Duration::from_secs(1),
                },
                OcfCode::ErrGeneric,
            ),
        ];
        for (err, code) in cases {
            assert_eq!(err.code(), code, "{err}");
        }
    }

    #[test]
    fn config_file_error_names_position_and_suggestion() {
        assert_eq!(
            Error::at(std::path::Path::new("/x.json"), (2, 7), "bad").to_string(),
            "/x.json:2:7: bad"
        );
        let e = Error::ConfigFile {
            file: "/etc/rustha/haproxy.cfg".into(),
            line: 12,
            column: 5,
            message: "unknown keyword 'balanc'".into(),
            suggestion: Some("balance".into()),
        };
        assert_eq!(
            e.to_string(),
            "/etc/rustha/haproxy.cfg:12:5: unknown keyword 'balanc' (did you mean 'balance'?)"
        );
    }
}
