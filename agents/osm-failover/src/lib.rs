//! `ocf:rustha:osm-failover`: a daemon plus source-address rewriting of its outgoing traffic to
//! the cluster VIP.
//!
//! Anchor: the `osm-failover.sh` script of seed 003, which starts the OVD session manager with
//! `start-stop-daemon --background --chuid USER`, inserts
//! `iptables -t nat -I POSTROUTING -d 192.168.0.0/24 -j SNAT --to 192.168.0.200`, and on stop
//! flushes the whole NAT table, destroying every other rule on the host. This agent:
//!
//! - starts the daemon in the background as `user` and tracks it by pidfile (its own, or one the
//!   agent writes for daemons that do not), see [`process`];
//! - adds one SNAT rule per destination network of `snat`, tagged with the resource instance, and
//!   on stop deletes exactly the rules carrying its tag (see [`firewall`] for both backends and
//!   why they are driven through the `iptables`/`nft` tools);
//! - reports running only when the daemon is alive and every rule is present, cleanly stopped
//!   when nothing of the resource is left, and otherwise fails naming what is missing, so
//!   Pacemaker recovers a rule deleted behind its back.
//!
//! Two guards the shell script lacked: start refuses while `to_source` is not an address of this
//! node (SNAT to an absent VIP sends the replies elsewhere: a missing order or colocation
//! constraint), and a `snat` network holding a corosync ring address is a configuration error
//! (corosync drops packets rewritten to the VIP, which splits the cluster).
//!
//! Start order is rules, then daemon (its first connections already leave from the VIP); stop
//! is the reverse.

pub mod firewall;
pub mod process;

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use ipnet::IpNet;
use rustha::daemon::{Grace, PidFile};
use rustha::error::{Error, Problems, Result};
use rustha::param::{Check, FromParam, MapSource, Words};
use rustha::{ActionSpec, AgentMeta, Context, ParamSpec, Params, ResourceAgent, State};

use firewall::{Backend, Firewall, Owned, SnatRule};
use process::Daemon;

fn check_abs_path(v: &str) -> std::result::Result<(), String> {
    v.starts_with('/')
        .then_some(())
        .ok_or_else(|| "expected an absolute path".into())
}

fn check_user(v: &str) -> std::result::Result<(), String> {
    let ok = !v.is_empty()
        && v.len() <= 32
        && !v.starts_with('-')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '$'));
    ok.then_some(())
        .ok_or_else(|| "expected a user name (letters, digits, '_', '-', '.')".into())
}

/// `to_source`: the VIP the SNAT rules rewrite to.
#[derive(Debug, Clone, Copy)]
struct SourceAddr(IpAddr);

impl FromParam for SourceAddr {
    fn from_param(v: &str) -> std::result::Result<Self, String> {
        v.trim()
            .parse()
            .map(SourceAddr)
            .map_err(|_| "expected an IPv4 or IPv6 address (the VIP, e.g. 192.168.0.200)".into())
    }
}

/// `snat`: destination networks.
#[derive(Debug, Clone)]
struct Networks(Vec<IpNet>);

impl FromParam for Networks {
    fn from_param(v: &str) -> std::result::Result<Self, String> {
        parse_networks(v).map(Networks)
    }
}

/// The destination networks of `snat`: separated by blanks and/or commas, at least one.
fn parse_networks(v: &str) -> std::result::Result<Vec<IpNet>, String> {
    let mut nets = Vec::new();
    for word in v.split(|c: char| c == ',' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        let net = firewall::parse_net(word).ok_or_else(|| {
            format!("'{word}' is not a network: expected networks such as 192.168.0.0/24 or fd00::/64, separated by spaces or commas")
        })?;
        if !nets.contains(&net) {
            nets.push(net);
        }
    }
    if nets.is_empty() {
        return Err("expected at least one network".into());
    }
    Ok(nets)
}

static PARAMS: &[ParamSpec] = &[
    ParamSpec::string("daemon")
        .required()
        .check(Check::Custom(check_abs_path))
        .short("Daemon executable")
        .long("Absolute path of the daemon to run in the background, e.g. /usr/sbin/osmd."),
    ParamSpec::string("daemon_args")
        .of::<Words>()
        .short("Daemon arguments")
        .long("Arguments for the daemon, split like a shell would (quotes group words); no shell expansion happens."),
    ParamSpec::string("user")
        .check(Check::Custom(check_user))
        .short("User to run the daemon as")
        .long("The daemon runs with this user's uid, primary group and supplementary groups (like start-stop-daemon --chuid). Default: root."),
    ParamSpec::string("pidfile")
        .unique()
        .check(Check::Custom(check_abs_path))
        .short("Daemon pidfile")
        .long("The file holding the daemon's pid. When the daemon writes it (possibly after forking), the agent reads it; when the daemon writes none within 2 seconds, the agent records the pid of the process it started there. Default: /run/rustha/osm-failover/<instance>.pid, written by the agent."),
    ParamSpec::string("snat")
        .of::<Networks>()
        .short("Destination networks whose traffic leaves from the VIP")
        .long("One or more destination networks (192.168.0.0/24, a host address, or IPv6 networks), separated by spaces or commas. For each, the agent adds 'nat POSTROUTING -d NET -j SNAT --to-source <to_source>' tagged with the resource instance, and removes exactly those rules on stop. A network holding a corosync ring address (ringN_addr in /etc/corosync/corosync.conf) is refused: rewriting the cluster's own traffic to the VIP breaks its membership."),
    ParamSpec::string("to_source")
        .of::<SourceAddr>()
        .short("Source address for the SNAT rules (the VIP)")
        .long("The address the daemon's traffic to the snat networks is rewritten to; normally the cluster VIP, colocated with this resource. Required when snat is set; same address family as the networks. Start refuses while this node does not hold the address."),
    ParamSpec::string("firewall")
        .check(Check::OneOf(&["iptables", "nft"]))
        .short("Firewall tool: iptables or nft")
        .long("iptables: rules in the nat table's POSTROUTING chain (legacy or nft flavour, waiting for the xtables lock). nft: rules in the agent's own nftables table 'rustha', nat chain 'postrouting' at priority 99. Default: iptables when installed, else nft."),
];

static META: AgentMeta = AgentMeta {
    name: "osm-failover",
    version: env!("CARGO_PKG_VERSION"),
    shortdesc: "A daemon plus SNAT of its traffic to the cluster VIP",
    longdesc: "Starts a daemon (such as the Inuvika OVD session manager) in the background as a given user, and adds source-NAT rules so that its traffic to the given networks leaves from the cluster VIP. Each rule is tagged with the resource instance; stop removes exactly those rules and never flushes the table. Monitor reports running only when the daemon is alive and every rule is present, and fails naming what is missing otherwise. Heartbeat form: osm-failover::/usr/sbin/osmd::192.168.0.0/24::192.168.0.200 (daemon, snat networks, to_source), other parameters as NAME=VALUE, a value with blanks as the parameter repeated: osm-failover::/usr/sbin/osmd::user=osm::daemon_args=-f::daemon_args=/etc/osmd.conf. Each haresources entry is its own instance (pidfile and rule tag named after its arguments).",
    params: PARAMS,
    actions: &[
        ActionSpec::new("start", "20s"),
        ActionSpec::new("stop", "20s"),
        ActionSpec::new("monitor", "20s").interval("10s").depth("0"),
        ActionSpec::new("validate-all", "20s"),
        ActionSpec::new("meta-data", "5s"),
    ],
};

/// Time kept back from the stop timeout for SIGKILL and the rule removal after the grace for
/// SIGTERM has run out.
const STOP_RESERVE: Duration = Duration::from_secs(2);

/// The agent: one daemon and its SNAT rules.
#[derive(Debug)]
pub struct OsmFailover {
    daemon: Daemon,
    rules: Vec<SnatRule>,
    /// Set when `snat` is: the rules' family and backend choice.
    firewall: Option<FirewallChoice>,
    tag: String,
}

#[derive(Debug, Clone, Copy)]
struct FirewallChoice {
    v6: bool,
    backend: Option<Backend>,
}

/// What of the resource is present on this node.
#[derive(Debug)]
struct Observed {
    daemon: Option<nix::unistd::Pid>,
    /// Expected rules not found.
    missing: Vec<SnatRule>,
    /// Our tagged rules found (expected or not).
    owned: Vec<Owned>,
}

impl OsmFailover {
    fn firewall(&self) -> Result<Option<Firewall>> {
        let Some(choice) = self.firewall else {
            return Ok(None);
        };
        let backend = match choice.backend {
            Some(b) => b,
            None => Firewall::detect(choice.v6).ok_or_else(|| {
                Error::NotInstalled(
                    "parameter 'firewall': neither iptables nor nft is installed".into(),
                )
            })?,
        };
        let fw = Firewall::new(backend, choice.v6, self.tag.clone());
        let missing = fw.missing_tools();
        if !missing.is_empty() {
            return Err(Error::NotInstalled(format!(
                "parameter 'firewall': {} is not installed ({} missing)",
                backend.as_str(),
                missing.join(", ")
            )));
        }
        Ok(Some(fw))
    }

    /// Rules of this instance left in the backend not in use now (the `firewall` parameter
    /// changed, or iptables was installed or removed since they were added) are also removed:
    /// nothing of the resource may outlive its stop. Listing does not create tables in either.
    fn remove_from_other_backend(&self, ctx: &Context) {
        let Some(choice) = self.firewall else {
            return;
        };
        let used = self.firewall().ok().flatten().map(|f| f.backend());
        for backend in [Backend::Iptables, Backend::Nft] {
            if Some(backend) == used {
                continue;
            }
            let fw = Firewall::new(backend, choice.v6, self.tag.clone());
            if fw.missing_tools().is_empty() {
                if let Err(e) = remove_own(&fw, ctx) {
                    tracing::warn!("could not check {} for old rules: {e}", fw.location());
                }
            }
        }
    }

    fn observe(&self, ctx: &Context, fw: Option<&Firewall>) -> Result<Observed> {
        let daemon = self.daemon.running()?;
        let owned = match fw {
            Some(fw) => fw.list(ctx.deadline())?,
            None => Vec::new(),
        };
        let missing = self
            .rules
            .iter()
            .filter(|r| !owned.iter().any(|o| o.rule.as_ref() == Some(*r)))
            .copied()
            .collect();
        Ok(Observed {
            daemon,
            missing,
            owned,
        })
    }

    /// Refuse SNAT rules that would rewrite the cluster's own traffic: corosync drops packets
    /// from an address that is not a node's, so a snat network holding a ring address splits
    /// the cluster (found the hard way in the two-node lab, where everything shares one LAN).
    fn check_cluster_traffic(&self) -> Result<()> {
        let Ok(conf) = std::fs::read_to_string(COROSYNC_CONF) else {
            return Ok(());
        };
        let mut problems = Problems::new();
        for addr in ring_addrs(&conf) {
            if let Some(r) = self.rules.iter().find(|r| r.dest.contains(&addr)) {
                problems.push(Error::invalid(
                    "snat",
                    r.dest.to_string(),
                    format!(
                        "networks without cluster node addresses: {addr} is a corosync ring address \
                         ({COROSYNC_CONF}), and rewriting the cluster's own traffic to {} breaks its \
                         membership; name the service's destination hosts or networks instead",
                        r.to
                    ),
                ));
            }
        }
        problems.finish()
    }

    /// Packets rewritten to an address this node does not hold get their replies delivered to
    /// whoever holds it: refuse to start until the VIP is here (a missing order or colocation
    /// constraint with the VIP resource).
    fn check_source_is_local(&self) -> Result<()> {
        let Some(to) = self.rules.first().map(|r| r.to) else {
            return Ok(());
        };
        let local = rustha::net::rtnl::Rtnl::open()?
            .addresses(to.is_ipv6())?
            .iter()
            .any(|a| a.addr == to);
        if local {
            Ok(())
        } else {
            Err(Error::Failed(format!(
                "to_source {to} is not an address of this node: start osm-failover after the VIP \
                 and on the same node (a group, or order and colocation constraints)"
            )))
        }
    }

    fn check_daemon_installed(&self) -> Result<()> {
        let p = &self.daemon.path;
        let ok = std::fs::metadata(p).is_ok_and(|m| {
            use std::os::unix::fs::PermissionsExt;
            m.is_file() && m.permissions().mode() & 0o111 != 0
        });
        if ok {
            Ok(())
        } else {
            Err(Error::NotInstalled(format!(
                "parameter 'daemon': {} does not exist or is not an executable file",
                p.display()
            )))
        }
    }
}

impl ResourceAgent for OsmFailover {
    const META: &'static AgentMeta = &META;

    fn new(params: Params, ctx: &Context) -> Result<Self> {
        let daemon = || -> Result<Daemon> {
            let state = process::state_dir();
            let (pidfile, own_pidfile) = match params.opt::<PathBuf>("pidfile")? {
                Some(p) => (p, true),
                None => (state.join(format!("{}.pid", ctx.instance)), false),
            };
            Ok(Daemon {
                path: params.get("daemon")?,
                args: params.opt::<Words>("daemon_args")?.unwrap_or_default().0,
                user: params.opt("user")?,
                pidfile: PidFile::new(pidfile),
                own_pidfile,
                stamp: state.join(format!("{}.start", ctx.instance)),
            })
        };
        // Every problem is added to one list, so that every bad value and every conflict
        // between values is reported at once; a value refused on its own (`None` here) was
        // reported already and takes part in no conflict.
        let mut problems = Problems::new();
        let daemon = problems.check(daemon());
        let to = problems.check(params.opt::<SourceAddr>("to_source"));
        let snat = problems.check(params.opt::<Networks>("snat"));
        let backend = problems.check(params.opt::<String>("firewall"));
        let (rules, firewall) = match (snat, to) {
            (Some(None), Some(Some(_))) => {
                problems.push(Error::Configuration(
                    "parameter 'to_source' is set but 'snat' is not: name the destination networks whose traffic must leave from it".into(),
                ));
                (Vec::new(), None)
            }
            (Some(Some(_)), Some(None)) => {
                problems.push(Error::Configuration(
                    "parameter 'to_source' is required when 'snat' is set (the VIP the traffic must leave from)".into(),
                ));
                (Vec::new(), None)
            }
            (Some(Some(Networks(nets))), Some(Some(SourceAddr(to)))) => {
                let mut rules = Vec::new();
                for dest in nets {
                    if dest.addr().is_ipv6() != to.is_ipv6() {
                        problems.push(Error::invalid(
                            "snat",
                            dest.to_string(),
                            format!("networks of the same address family as to_source ({to})"),
                        ));
                    }
                    rules.push(SnatRule { dest, to });
                }
                let backend = match backend.flatten().as_deref() {
                    Some("nft") => Some(Backend::Nft),
                    Some(_) => Some(Backend::Iptables),
                    None => None,
                };
                let choice = FirewallChoice {
                    v6: to.is_ipv6(),
                    backend,
                };
                (rules, Some(choice))
            }
            _ => (Vec::new(), None),
        };
        let daemon = problems.finish_with(daemon)?;
        Ok(OsmFailover {
            daemon,
            rules,
            firewall,
            tag: firewall::tag_for(&ctx.instance),
        })
    }

    fn validate(&self, _ctx: &Context) -> Result<()> {
        let mut problems = Problems::new();
        problems.check(self.check_cluster_traffic());
        problems.check(self.check_daemon_installed());
        if let Some(user) = &self.daemon.user {
            problems.check(process::Account::lookup(user));
        }
        problems.check(self.firewall());
        problems.finish()
    }

    fn start(&mut self, ctx: &Context) -> Result<()> {
        self.validate(ctx)?;
        if let Some(fw) = self.firewall()? {
            self.check_source_is_local()?;
            let seen = self.observe(ctx, Some(&fw))?;
            // Tagged rules the configuration no longer asks for (snat or to_source changed
            // without a stop in between) are ours and go.
            let stale: Vec<Owned> = seen
                .owned
                .iter()
                .filter(|o| !matches!(o.rule, Some(r) if self.rules.contains(&r)))
                .cloned()
                .collect();
            if !stale.is_empty() {
                fw.remove(&stale, ctx.deadline())?;
                tracing::info!(
                    "removed {} stale SNAT rule(s) of this resource",
                    stale.len()
                );
            }
            if !seen.missing.is_empty() {
                fw.add(&seen.missing, ctx.deadline())?;
                tracing::info!(
                    "added {} SNAT rule(s) to {}: {}",
                    seen.missing.len(),
                    fw.location(),
                    join(&seen.missing)
                );
            }
        }
        self.daemon.start(ctx.deadline())?;
        // A monitor now passes: the rules went in by a transaction that succeeded, and the
        // daemon survived its settling time; re-listing the rules would only cost a fork.
        match self.daemon.running()? {
            Some(_) => Ok(()),
            None => Err(Error::Failed(format!(
                "daemon {} died right after start",
                self.daemon.path.display()
            ))),
        }
    }

    fn stop(&mut self, ctx: &Context) -> Result<()> {
        let daemon = self
            .daemon
            .stop(Grace::AllBut(STOP_RESERVE), ctx.deadline());
        // The rules go even when the daemon would not die: a failed stop gets the node fenced,
        // and the rules must not outlive the resource on a node that survives.
        let rules = match self.firewall() {
            Ok(Some(fw)) => remove_own(&fw, ctx),
            Ok(None) => Ok(()),
            // Without the tool the agent cannot have added rules.
            Err(e) if e.code() == rustha::OcfCode::ErrInstalled => {
                tracing::warn!("not removing SNAT rules: {e}");
                Ok(())
            }
            Err(e) => Err(e),
        };
        self.remove_from_other_backend(ctx);
        daemon.and(rules)
    }

    fn monitor(&mut self, ctx: &Context) -> Result<State> {
        // A probe on a node lacking the daemon or the firewall tool answers "not running here",
        // after still looking for whatever can be seen.
        let installed = self.validate(ctx);
        if let Err(e) = &installed {
            if !(ctx.is_probe() && e.code() == rustha::OcfCode::ErrInstalled) {
                return Err(installed.unwrap_err());
            }
        }
        let fw = self.firewall().ok().flatten();
        let seen = self.observe(ctx, fw.as_ref())?;
        let rules_complete = seen.missing.is_empty();
        match (seen.daemon, rules_complete) {
            (Some(_), true) => Ok(State::Running),
            (None, _) if seen.owned.is_empty() => Ok(State::NotRunning),
            _ => {
                // Pacemaker shows about 128 characters of the reason: what is missing first.
                let mut gone = Vec::new();
                if !rules_complete {
                    let place = fw.as_ref().map(Firewall::location).unwrap_or_default();
                    let rules: Vec<String> = seen
                        .missing
                        .iter()
                        .map(|r| format!("{} -> {}", r.dest, r.to))
                        .collect();
                    gone.push(format!(
                        "SNAT rule missing for {} ({place})",
                        rules.join(", ")
                    ));
                }
                if seen.daemon.is_none() {
                    gone.push(format!(
                        "daemon {} is not running (pidfile {})",
                        self.daemon.path.display(),
                        self.daemon.pidfile.path().display()
                    ));
                }
                Err(Error::Failed(format!(
                    "{}; the resource is only partly running",
                    gone.join("; ")
                )))
            }
        }
    }

    /// `osm-failover::DAEMON[::NETWORKS[::VIP]]` from haresources.
    fn heartbeat_params(args: &[String]) -> Result<MapSource> {
        let names = ["daemon", "snat", "to_source"];
        if args.is_empty() || args.len() > names.len() {
            return Err(Error::Usage(format!(
                "expected DAEMON [NETWORKS [VIP]] [NAME=VALUE]... (osm-failover::/usr/sbin/osmd::192.168.0.0/24::192.168.0.200::user=osm), got {args:?}"
            )));
        }
        let mut m = MapSource::new();
        for (name, value) in names.iter().zip(args) {
            m.set_param(name, value.as_str());
        }
        Ok(m)
    }
}

/// Where corosync keeps the cluster's node addresses.
const COROSYNC_CONF: &str = "/etc/corosync/corosync.conf";

/// The `ringN_addr:` values of a corosync.conf that are IP addresses (host names are skipped:
/// an agent action does no name lookups).
fn ring_addrs(conf: &str) -> Vec<IpAddr> {
    conf.lines()
        .filter_map(|l| {
            let (key, value) = l.trim().split_once(':')?;
            let key = key.trim();
            let n = key.strip_prefix("ring")?.strip_suffix("_addr")?;
            if !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            value.trim().parse().ok()
        })
        .collect()
}

fn remove_own(fw: &Firewall, ctx: &Context) -> Result<()> {
    // A rule deleted by someone else between listing and deleting fails the transaction, which
    // then changed nothing: list again and retry.
    let mut last = None;
    for _ in 0..3 {
        let owned = fw.list(ctx.deadline())?;
        if owned.is_empty() {
            return Ok(());
        }
        match fw.remove(&owned, ctx.deadline()) {
            Ok(()) => {
                tracing::info!("removed {} SNAT rule(s)", owned.len());
                return Ok(());
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| Error::Failed("removing SNAT rules failed".into())))
}

fn join(rules: &[SnatRule]) -> String {
    rules
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustha::context::Action;
    use rustha::OcfCode;

    fn agent(src: MapSource) -> Result<OsmFailover> {
        let src = src.with_var("OCF_RESOURCE_INSTANCE", "osm");
        let params = Params::from_source(PARAMS, &src)?;
        let ctx = Context::new(
            "osm-failover",
            Action::Start,
            Duration::from_secs(20),
            false,
            Box::new(src),
        );
        OsmFailover::new(params, &ctx)
    }

    fn base() -> MapSource {
        MapSource::new().with_param("daemon", "/usr/sbin/osmd")
    }

    #[test]
    fn networks_split_on_spaces_and_commas() {
        let nets = parse_networks("192.168.0.0/24, 10.0.0.1 ,fd00::/64\t10.0.0.1").unwrap();
        let s: Vec<String> = nets.iter().map(ToString::to_string).collect();
        assert_eq!(s, ["192.168.0.0/24", "10.0.0.1/32", "fd00::/64"]);
        assert!(parse_networks(" , ").is_err());
        assert!(parse_networks("192.168.0.0/24 bogus")
            .unwrap_err()
            .contains("'bogus'"));
    }

    #[test]
    fn one_rule_per_network_tagged_with_the_instance() {
        let a = agent(
            base()
                .with_param("snat", "192.168.0.0/24,192.168.1.0/24")
                .with_param("to_source", "192.168.0.200"),
        )
        .unwrap();
        assert_eq!(a.rules.len(), 2);
        assert_eq!(a.tag, "rustha:osm");
        assert_eq!(
            a.rules[1].to_string(),
            "-d 192.168.1.0/24 -j SNAT --to-source 192.168.0.200"
        );
        assert_eq!(
            a.daemon.pidfile.path(),
            std::path::Path::new("/run/rustha/osm-failover/osm.pid")
        );
        assert!(!a.daemon.own_pidfile);
    }

    #[test]
    fn configuration_errors_name_the_parameter() {
        let cases = [
            (base().with_param("snat", "192.168.0.0/24"), "to_source"),
            (base().with_param("to_source", "192.168.0.200"), "snat"),
            (
                base()
                    .with_param("snat", "fd00::/64")
                    .with_param("to_source", "192.168.0.200"),
                "snat",
            ),
            (
                base()
                    .with_param("snat", "nonsense")
                    .with_param("to_source", "10.0.0.1"),
                "snat",
            ),
            (
                base()
                    .with_param("to_source", "10.0.0.300")
                    .with_param("snat", "10.0.0.0/8"),
                "to_source",
            ),
            (base().with_param("firewall", "pf"), "firewall"),
            (MapSource::new().with_param("daemon", "osmd"), "daemon"),
            (base().with_param("pidfile", "osm.pid"), "pidfile"),
            (base().with_param("daemon_args", "-c 'x"), "daemon_args"),
            (base().with_param("user", "-root"), "user"),
            (MapSource::new(), "daemon"),
        ];
        for (src, name) in cases {
            let err = agent(src).unwrap_err();
            assert_eq!(err.code(), OcfCode::ErrConfigured, "{err}");
            assert!(
                err.to_string().contains(&format!("'{name}'")),
                "{name}: {err}"
            );
        }
    }

    #[test]
    fn ring_addresses_of_corosync_conf() {
        let conf = "totem {\n  version: 2\n}\nnodelist {\n  node {\n    ring0_addr: 10.0.0.1\n    name: n1\n  }\n  node {\n\t\tring0_addr: node2\n\t\t#ring1_addr: 192.168.1.1\n    ring1_addr: fd00::2\n  }\n}\n";
        let addrs: Vec<String> = ring_addrs(conf).iter().map(ToString::to_string).collect();
        assert_eq!(addrs, ["10.0.0.1", "fd00::2"]);
    }

    #[test]
    fn daemon_args_are_shell_words() {
        let a = agent(base().with_param("daemon_args", "-c '/etc/osm d.conf' -v")).unwrap();
        assert_eq!(a.daemon.args, ["-c", "/etc/osm d.conf", "-v"]);
    }

    #[test]
    fn heartbeat_positional_form() {
        let args: Vec<String> = ["/usr/sbin/osmd", "192.168.0.0/24", "192.168.0.200"]
            .map(String::from)
            .to_vec();
        let m = OsmFailover::heartbeat_params(&args).unwrap();
        use rustha::ParamSource;
        assert_eq!(m.param("daemon").as_deref(), Some("/usr/sbin/osmd"));
        assert_eq!(m.param("snat").as_deref(), Some("192.168.0.0/24"));
        assert_eq!(m.param("to_source").as_deref(), Some("192.168.0.200"));
        assert!(OsmFailover::heartbeat_params(&[]).is_err());
    }

    #[test]
    fn missing_daemon_binary_is_not_installed() {
        let a = agent(MapSource::new().with_param("daemon", "/nonexistent/osmd")).unwrap();
        let err = a.check_daemon_installed().unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrInstalled);
        assert!(err.to_string().contains("'daemon'"), "{err}");
    }

    fn configured(src: MapSource) -> Result<OsmFailover> {
        let src = src.with_var("OCF_RESOURCE_INSTANCE", "osm");
        let ctx = Context::new(
            "osm-failover",
            Action::ValidateAll,
            Duration::from_secs(20),
            false,
            Box::new(src),
        );
        rustha::agent::configure::<OsmFailover>(&ctx)
    }

    #[test]
    fn every_conflict_and_bad_value_is_named_at_once() {
        // Two networks of the wrong family, and a bad firewall.
        let err = configured(
            base()
                .with_param("snat", "fd00::/64 10.1.0.0/16 fd01::/64")
                .with_param("to_source", "10.0.0.200")
                .with_param("firewall", "pf"),
        )
        .unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured, "{err}");
        let msg = err.to_string();
        for needle in ["'fd00::/64'", "'fd01::/64'", "'firewall'", "'pf'"] {
            assert!(msg.contains(needle), "{needle} missing: {msg}");
        }
        assert!(!msg.contains("10.1.0.0/16"), "{msg}");
        // A conflict between two parameters next to a bad third one.
        let err = configured(
            MapSource::new()
                .with_param("daemon", "osmd")
                .with_param("to_source", "10.0.0.200"),
        )
        .unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured, "{err}");
        let msg = err.to_string();
        for needle in ["'daemon'", "'osmd'", "'to_source' is set but 'snat' is not"] {
            assert!(msg.contains(needle), "{needle} missing: {msg}");
        }
        // A value refused on its own takes part in no conflict.
        let err = configured(
            base()
                .with_param("snat", "nonsense")
                .with_param("to_source", "10.0.0.1"),
        )
        .unwrap_err();
        assert!(!err.to_string().contains("is set but"), "{err}");
    }
}
