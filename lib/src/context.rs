//! What an action knows about the call it serves: which action, which resource instance, the
//! interval (so probes can be told apart), the check depth and the deadline Pacemaker allows.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use crate::param::ParamSource;

/// An OCF action name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `start`
    Start,
    /// `stop`
    Stop,
    /// `monitor`
    Monitor,
    /// `status` (heartbeat/LSB style: prints `running` or `stopped`)
    Status,
    /// `meta-data`
    MetaData,
    /// `validate-all`
    ValidateAll,
    /// `promote`
    Promote,
    /// `demote`
    Demote,
    /// `notify`
    Notify,
    /// `reload`
    Reload,
    /// `reload-agent`
    ReloadAgent,
    /// `migrate_to`
    MigrateTo,
    /// `migrate_from`
    MigrateFrom,
    /// `usage`
    Usage,
    /// `methods`
    Methods,
}

impl Action {
    /// The action's name on the command line and in the meta-data.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Stop => "stop",
            Action::Monitor => "monitor",
            Action::Status => "status",
            Action::MetaData => "meta-data",
            Action::ValidateAll => "validate-all",
            Action::Promote => "promote",
            Action::Demote => "demote",
            Action::Notify => "notify",
            Action::Reload => "reload",
            Action::ReloadAgent => "reload-agent",
            Action::MigrateTo => "migrate_to",
            Action::MigrateFrom => "migrate_from",
            Action::Usage => "usage",
            Action::Methods => "methods",
        }
    }
}

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "start" => Action::Start,
            "stop" => Action::Stop,
            "monitor" => Action::Monitor,
            "status" => Action::Status,
            "meta-data" | "meta_data" => Action::MetaData,
            "validate-all" => Action::ValidateAll,
            "promote" => Action::Promote,
            "demote" => Action::Demote,
            "notify" => Action::Notify,
            "reload" => Action::Reload,
            "reload-agent" => Action::ReloadAgent,
            "migrate_to" => Action::MigrateTo,
            "migrate_from" => Action::MigrateFrom,
            "usage" | "help" => Action::Usage,
            "methods" => Action::Methods,
            other => return Err(other.to_string()),
        })
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The call being served.
pub struct Context {
    /// Agent name (`vip`).
    pub agent: &'static str,
    /// `OCF_RESOURCE_INSTANCE`; when it is unset, the agent name for a call by hand and, for a
    /// heartbeat haresources entry, a name derived from its arguments ([`crate::heartbeat`]).
    pub instance: String,
    /// The action.
    pub action: Action,
    /// Recurring interval; zero for one-shot calls and probes.
    pub interval: Duration,
    /// Time Pacemaker allows for this action.
    pub timeout: Duration,
    /// `OCF_CHECK_LEVEL` (0, 10, 20).
    pub check_level: u32,
    /// Called in heartbeat v1 positional mode.
    pub heartbeat: bool,
    /// When the action began.
    pub started: Instant,
    source: Box<dyn ParamSource>,
}

/// Time kept back from Pacemaker's timeout so that an action that gives up still reports its own
/// error (with a reason) before Pacemaker kills it.
const TIMEOUT_MARGIN: Duration = Duration::from_millis(500);

impl Context {
    /// Build the context from the variables Pacemaker sets. `default_timeout` is the timeout the
    /// meta-data advertises for the action, used when Pacemaker passed none (calls by hand).
    pub fn new(
        agent: &'static str,
        action: Action,
        default_timeout: Duration,
        heartbeat: bool,
        source: Box<dyn ParamSource>,
    ) -> Self {
        let ms = |name: &str| {
            source
                .meta_attr(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_millis)
        };
        let instance = source
            .var("OCF_RESOURCE_INSTANCE")
            .unwrap_or_else(|| agent.to_string());
        let check_level = source
            .var("OCF_CHECK_LEVEL")
            .or_else(|| source.param("OCF_CHECK_LEVEL"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        Context {
            agent,
            instance,
            action,
            interval: ms("interval").unwrap_or_default(),
            timeout: ms("timeout").unwrap_or(default_timeout),
            check_level,
            heartbeat,
            started: Instant::now(),
            source,
        }
    }

    /// A monitor with no recurring interval: Pacemaker asking "is it running here?".
    /// Probes report state and never fail for something only `start` would need.
    pub fn is_probe(&self) -> bool {
        matches!(self.action, Action::Monitor | Action::Status) && self.interval.is_zero()
    }

    /// The instant by which the action must have finished (keeping a small margin).
    pub fn deadline(&self) -> Instant {
        let budget = self
            .timeout
            .checked_sub(TIMEOUT_MARGIN)
            .filter(|d| !d.is_zero())
            .unwrap_or(self.timeout / 2);
        self.started + budget
    }

    /// Time left before [`Context::deadline`].
    pub fn remaining(&self) -> Duration {
        self.deadline().saturating_duration_since(Instant::now())
    }

    /// A Pacemaker meta attribute (`OCF_RESKEY_CRM_meta_<name>`), e.g. `notify_type`.
    pub fn meta_attr(&self, name: &str) -> Option<String> {
        self.source.meta_attr(name)
    }

    /// The variables of this call (parameters, meta attributes, OCF variables).
    pub fn source(&self) -> &dyn ParamSource {
        &*self.source
    }

    /// A raw variable from the call's environment.
    pub fn var(&self, name: &str) -> Option<String> {
        self.source.var(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::MapSource;

    #[test]
    fn reads_pacemaker_variables() {
        let src = MapSource::new()
            .with_var("OCF_RESOURCE_INSTANCE", "web-vip")
            .with_param("CRM_meta_interval", "10000")
            .with_param("CRM_meta_timeout", "20000")
            .with_var("OCF_CHECK_LEVEL", "10");
        let ctx = Context::new(
            "vip",
            Action::Monitor,
            Duration::from_secs(5),
            false,
            Box::new(src),
        );
        assert_eq!(ctx.instance, "web-vip");
        assert_eq!(ctx.interval, Duration::from_secs(10));
        assert_eq!(ctx.timeout, Duration::from_secs(20));
        assert_eq!(ctx.check_level, 10);
        assert!(!ctx.is_probe());
        assert!(ctx.remaining() <= Duration::from_millis(19_500));
    }

    #[test]
    fn by_hand_defaults_and_probe() {
        let ctx = Context::new(
            "vip",
            Action::Monitor,
            Duration::from_secs(5),
            false,
            Box::new(MapSource::new().with_param("OCF_CHECK_LEVEL", "20")),
        );
        assert_eq!(ctx.instance, "vip");
        assert_eq!(ctx.timeout, Duration::from_secs(5));
        assert_eq!(
            ctx.check_level, 20,
            "older Pacemaker passes OCF_RESKEY_OCF_CHECK_LEVEL"
        );
        assert!(ctx.is_probe());
    }

    #[test]
    fn actions_round_trip() {
        for a in [
            "start",
            "stop",
            "monitor",
            "status",
            "meta-data",
            "validate-all",
            "promote",
            "demote",
            "notify",
            "reload",
            "reload-agent",
            "migrate_to",
            "migrate_from",
            "usage",
            "methods",
        ] {
            assert_eq!(a.parse::<Action>().unwrap().as_str(), a);
        }
        assert_eq!("bogus".parse::<Action>(), Err("bogus".to_string()));
    }
}
