//! OCF exit codes: the contract between an agent and Pacemaker (or anyone running
//! `agent monitor; echo $?` by hand).
//!
//! The numbers and meanings are fixed by the OCF Resource Agent API. How Pacemaker reacts is
//! documented per variant because that reaction, not the name, is what an agent author must
//! choose between.

use std::fmt;
use std::process::ExitCode;

/// An OCF exit code. This is the documented exit-status API of every rustha agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum OcfCode {
    /// 0: the action succeeded; for `monitor`, the resource is running (unpromoted).
    Success = 0,
    /// 1: generic, soft error. Pacemaker recovers in place (restart) or moves the resource.
    ErrGeneric = 1,
    /// 2: the agent was called with wrong arguments. Hard: the resource is banned from this node.
    ErrArgs = 2,
    /// 3: the requested action is not implemented by this agent.
    Unimplemented = 3,
    /// 4: insufficient privileges. Hard: banned from this node.
    ErrPerm = 4,
    /// 5: a binary, device or other node-local dependency is missing. Hard: banned from this
    /// node; a probe answering 5 means "cannot run here".
    ErrInstalled = 5,
    /// 6: the configuration is wrong in a way that is wrong on every node. Fatal: the resource
    /// is stopped cluster-wide until an administrator intervenes.
    ErrConfigured = 6,
    /// 7: cleanly not running. The expected answer to a probe or a monitor after `stop`.
    NotRunning = 7,
    /// 8: running in the promoted role (promotable clones).
    RunningPromoted = 8,
    /// 9: failed while promoted (promotable clones).
    FailedPromoted = 9,
}

impl OcfCode {
    /// Every code, in numeric order.
    pub const ALL: [OcfCode; 10] = [
        Self::Success,
        Self::ErrGeneric,
        Self::ErrArgs,
        Self::Unimplemented,
        Self::ErrPerm,
        Self::ErrInstalled,
        Self::ErrConfigured,
        Self::NotRunning,
        Self::RunningPromoted,
        Self::FailedPromoted,
    ];

    /// The numeric exit status.
    pub fn as_i32(self) -> i32 {
        self as i32
    }

    /// The symbolic name used by the OCF shell library (`OCF_ERR_CONFIGURED`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::Success => "OCF_SUCCESS",
            Self::ErrGeneric => "OCF_ERR_GENERIC",
            Self::ErrArgs => "OCF_ERR_ARGS",
            Self::Unimplemented => "OCF_ERR_UNIMPLEMENTED",
            Self::ErrPerm => "OCF_ERR_PERM",
            Self::ErrInstalled => "OCF_ERR_INSTALLED",
            Self::ErrConfigured => "OCF_ERR_CONFIGURED",
            Self::NotRunning => "OCF_NOT_RUNNING",
            Self::RunningPromoted => "OCF_RUNNING_PROMOTED",
            Self::FailedPromoted => "OCF_FAILED_PROMOTED",
        }
    }

    /// One line on what the code means, for `--help` and man pages.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Success => "success; for monitor: running",
            Self::ErrGeneric => "generic error (soft: restart or move)",
            Self::ErrArgs => "wrong arguments (hard: banned from this node)",
            Self::Unimplemented => "action not implemented",
            Self::ErrPerm => "insufficient privileges (hard)",
            Self::ErrInstalled => "missing binary, device or dependency on this node (hard)",
            Self::ErrConfigured => "invalid configuration (fatal: stopped cluster-wide)",
            Self::NotRunning => "cleanly not running",
            Self::RunningPromoted => "running promoted",
            Self::FailedPromoted => "failed while promoted",
        }
    }
}

impl fmt::Display for OcfCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.as_i32(), self.name())
    }
}

impl From<OcfCode> for ExitCode {
    fn from(code: OcfCode) -> Self {
        ExitCode::from(code as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_ocf_numbers_in_order() {
        for (i, code) in OcfCode::ALL.iter().enumerate() {
            assert_eq!(code.as_i32(), i as i32, "{code}");
        }
        assert_eq!(OcfCode::ErrConfigured.name(), "OCF_ERR_CONFIGURED");
    }
}
