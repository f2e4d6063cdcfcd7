//! Answers by the node's view: the one table that turns what an action found into the exit code
//! Pacemaker (or heartbeat) acts on.
//!
//! Pacemaker reacts to a code at once and cluster-wide: 6 stops the resource on every node, a
//! failed `stop` gets the node fenced, 5 bans only this node. So the same finding must answer
//! differently depending on the call: a missing interface is "not running here" to a probe,
//! "cannot run here" to `start`, and nothing at all to `stop`. Every agent returns typed
//! [`Error`]s; [`Error::code`] sorts them into the table's rows and [`answer`] picks the column.
//!
//! | finding on this node                                 | probe | start | monitor (recurring) | stop | validate-all | reload |
//! |------------------------------------------------------|-------|-------|---------------------|------|--------------|--------|
//! | valid, not running                                   | 7     | 0     | 7                   | 0    | 0            | 1      |
//! | valid, running (8 if promoted)                       | 0     | 0     | 0                   | 0    | 0            | 0      |
//! | running, its file on disk since edited badly/removed | 0 (warning) | - | 0 (warning)       | 0    | 6            | 0 (warning, running configuration kept) |
//! | unusable here: binary, interface, directory, file or membership missing | 7 | 5 | 1      | 0    | 5            | 5      |
//! | malformed for every node: bad literal, required parameter missing, file that does not parse | 6 | 6 | 1 | 0 | 6 | 0 (warning, running configuration kept) |
//! | a runtime failure                                    | 1     | 1     | 1                   | 1    | 1            | 1      |
//!
//! Why each cell that differs from [`Error::code`]:
//! - `stop` of something that cannot be running (its parameters cannot even describe it, or this
//!   node lacks what it needs) has nothing to do and succeeds: a failed stop is what fences.
//! - A probe asks "does it run here?": a node lacking a binary or interface answers "no" (7) so
//!   the resource can run elsewhere. Malformed parameters stay 6: they are wrong on every node.
//! - A recurring monitor runs only where `start` succeeded, so its parameters were valid; a
//!   "malformed" finding there comes from something that changed since, and must not stop the
//!   service on every node (1 lets Pacemaker recover it). Something missing on the node where it
//!   runs is a failure of this instance (1), not a clean stop.
//! - `reload` only happens to a running resource: a file that no longer validates must not take
//!   it down, so the running configuration stays, the agent says so in the log and `monitor`
//!   warns until the file is fixed; the apply command (see each agent) is how an operator gets a
//!   refusal with file:line:column.
//!
//! "Running, file edited badly" is not a row agents reach through an error: their `monitor` asks
//! the running daemon and only warns about the file (see [`crate::agent::ResourceAgent::monitor`]).

use crate::context::{Action, Context};
use crate::error::Error;
use crate::ocf::OcfCode;

/// The column of the table: how the call was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `monitor` or `status` with no recurring interval.
    Probe,
    /// `start`
    Start,
    /// `monitor` with a recurring interval.
    Monitor,
    /// `stop`
    Stop,
    /// `validate-all`
    ValidateAll,
    /// `reload` (and `reload-agent`)
    Reload,
    /// Anything else (`promote`, `demote`, `notify`): answers [`Error::code`].
    Other,
}

impl Call {
    /// The column for the call `ctx` serves.
    pub fn of(ctx: &Context) -> Call {
        match ctx.action {
            Action::Monitor | Action::Status if ctx.is_probe() => Call::Probe,
            Action::Monitor | Action::Status => Call::Monitor,
            Action::Start => Call::Start,
            Action::Stop => Call::Stop,
            Action::ValidateAll => Call::ValidateAll,
            Action::Reload | Action::ReloadAgent => Call::Reload,
            _ => Call::Other,
        }
    }

    /// Every column, in the table's order.
    pub const ALL: [Call; 7] = [
        Call::Probe,
        Call::Start,
        Call::Monitor,
        Call::Stop,
        Call::ValidateAll,
        Call::Reload,
        Call::Other,
    ];

    /// The column's heading.
    pub fn name(self) -> &'static str {
        match self {
            Call::Probe => "probe",
            Call::Start => "start",
            Call::Monitor => "monitor",
            Call::Stop => "stop",
            Call::ValidateAll => "validate-all",
            Call::Reload => "reload",
            Call::Other => "other",
        }
    }
}

/// What the agent answers for `err` in `call`. `err`'s row is its [`Error::code`]: 6 is
/// "malformed for every node", 5 "unusable here", anything else keeps its own code.
pub fn answer(call: Call, err: &Error) -> OcfCode {
    answer_code(call, err.code())
}

/// [`answer`] on the row's code alone (the table, without the error that led to it).
pub fn answer_code(call: Call, row: OcfCode) -> OcfCode {
    use OcfCode::*;
    match (row, call) {
        (ErrConfigured | ErrInstalled, Call::Stop) => Success,
        (ErrInstalled, Call::Probe) => NotRunning,
        (ErrConfigured | ErrInstalled, Call::Monitor) => ErrGeneric,
        (ErrConfigured, Call::Reload) => Success,
        (code, _) => code,
    }
}

/// Why a forgiven failure is fine, for the log line that replaces the failure.
pub fn why_forgiven(call: Call) -> &'static str {
    match call {
        Call::Stop => "nothing of it can be running here, so there is nothing to stop",
        Call::Reload => "the running configuration stays as it is",
        _ => "answering success",
    }
}

/// Whether `answer` turned a failure into success: the caller logs why instead of failing.
pub fn forgiven(call: Call, err: &Error) -> bool {
    answer(call, err) == OcfCode::Success
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: OcfCode) -> [u8; 7] {
        Call::ALL.map(|c| answer_code(c, code) as u8)
    }

    #[test]
    fn the_table() {
        // Columns: probe, start, monitor, stop, validate-all, reload, other.
        assert_eq!(row(OcfCode::ErrConfigured), [6, 6, 1, 0, 6, 0, 6]);
        assert_eq!(row(OcfCode::ErrInstalled), [7, 5, 1, 0, 5, 5, 5]);
        assert_eq!(row(OcfCode::ErrGeneric), [1; 7]);
        assert_eq!(row(OcfCode::ErrPerm), [4; 7]);
        assert_eq!(row(OcfCode::Unimplemented), [3; 7]);
    }

    #[test]
    fn errors_answer_by_their_row() {
        let missing = Error::MissingParam { name: "ip".into() };
        assert_eq!(answer(Call::Stop, &missing), OcfCode::Success);
        assert_eq!(answer(Call::Probe, &missing), OcfCode::ErrConfigured);
        assert!(forgiven(Call::Stop, &missing));
        let nic = Error::NotInstalled("no interface eth9".into());
        assert_eq!(answer(Call::Probe, &nic), OcfCode::NotRunning);
        assert_eq!(answer(Call::Start, &nic), OcfCode::ErrInstalled);
        assert!(!forgiven(Call::Probe, &nic));
    }
}
