//! The agent's SNAT rules: `-d NET -j SNAT --to-source VIP` in nat/POSTROUTING, one per
//! destination network, each tagged with the resource instance so the agent can tell its own
//! rules from everybody else's and never touches a rule it did not add.
//!
//! Two backends, both driven through their command-line tools, which are the stable interface
//! of each (the kernel's nf_tables netlink messages and the legacy xtables blobs are not, and
//! iptables-nft only stays consistent when its rules are written by iptables itself):
//!
//! - **iptables** (legacy or nft flavour): the rules live in the `nat` table's `POSTROUTING`
//!   chain, tagged with `-m comment --comment "rustha:<instance>"`. Rules are read with
//!   `iptables -S` and changed with `iptables-restore --noflush`, one atomic transaction per
//!   action, always with `-w` so a concurrent firewall tool holding the xtables lock is waited for
//!   (bounded by the action's deadline) instead of failing the action.
//! - **nft**: native nftables tables belong to one application each, so the rules live in the
//!   agent's own table `rustha` (family `ip` or `ip6`) in a nat `postrouting` chain at priority
//!   99, i.e. just before the conventional `srcnat` (100) chains of iptables-nft or
//!   `/etc/nftables.conf`: like the seed's `iptables -I`, the agent's SNAT wins over a later
//!   MASQUERADE. Rules carry the same tag as a rule comment and are deleted by handle. The table
//!   and chain are created when missing and left in place (empty, they change nothing).

use std::fmt;
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use ipnet::IpNet;
use rustha::error::{Error, Result};
use serde_json::Value;

/// One SNAT rule: traffic to `dest` leaves with source address `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SnatRule {
    /// Destination network (host bits cleared).
    pub dest: IpNet,
    /// The source address written into the packets (the VIP).
    pub to: IpAddr,
}

impl fmt::Display for SnatRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "-d {} -j SNAT --to-source {}", self.dest, self.to)
    }
}

/// Which tool manages the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `iptables`/`ip6tables` (+ `-restore`).
    Iptables,
    /// `nft`.
    Nft,
}

impl Backend {
    /// The parameter value naming this backend.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Iptables => "iptables",
            Backend::Nft => "nft",
        }
    }
}

/// A rule of ours found in the ruleset, with what it takes to delete exactly that rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    /// The rule, when it has the shape the agent writes (a tagged rule edited by hand may not).
    pub rule: Option<SnatRule>,
    delete: Deleter,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Deleter {
    /// The rule specification as `iptables -S` prints it, without `-A CHAIN`.
    Spec(Vec<String>),
    /// nft chain and rule handle.
    Handle(String, u64),
}

/// The rules of one resource instance in one address family.
#[derive(Debug, Clone)]
pub struct Firewall {
    backend: Backend,
    v6: bool,
    tag: String,
}

/// The tag written on every rule of resource `instance`.
pub fn tag_for(instance: &str) -> String {
    format!("rustha:{instance}")
}

/// Find an executable by name in `PATH` and the sbin directories (which are not in the `PATH`
/// of a shell started by an ordinary user, but hold every firewall tool).
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

const NFT_TABLE: &str = "rustha";
const NFT_CHAIN: &str = "postrouting";
const NFT_PRIORITY: i32 = 99;

impl Firewall {
    /// The rules tagged `tag` in the IPv4 (`v6 == false`) or IPv6 ruleset of `backend`.
    pub fn new(backend: Backend, v6: bool, tag: String) -> Self {
        Firewall { backend, v6, tag }
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Where the rules live, for messages.
    pub fn location(&self) -> String {
        match (self.backend, self.v6) {
            (Backend::Iptables, false) => "iptables nat/POSTROUTING".into(),
            (Backend::Iptables, true) => "ip6tables nat/POSTROUTING".into(),
            (Backend::Nft, _) => format!("nft table {} {NFT_TABLE}", self.family()),
        }
    }

    /// The backend to use when the `firewall` parameter is not given: iptables when installed
    /// (the tool the seed's administrators already read their NAT table with), else nft.
    pub fn detect(v6: bool) -> Option<Backend> {
        let ipt = if v6 { "ip6tables" } else { "iptables" };
        if which(ipt).is_some() && which(&format!("{ipt}-restore")).is_some() {
            Some(Backend::Iptables)
        } else if which("nft").is_some() {
            Some(Backend::Nft)
        } else {
            None
        }
    }

    /// The tools this backend needs that are missing on this node.
    pub fn missing_tools(&self) -> Vec<String> {
        self.tools()
            .into_iter()
            .filter(|t| which(t).is_none())
            .map(str::to_string)
            .collect()
    }

    fn tools(&self) -> Vec<&'static str> {
        match (self.backend, self.v6) {
            (Backend::Iptables, false) => vec!["iptables", "iptables-restore"],
            (Backend::Iptables, true) => vec!["ip6tables", "ip6tables-restore"],
            (Backend::Nft, _) => vec!["nft"],
        }
    }

    fn family(&self) -> &'static str {
        if self.v6 {
            "ip6"
        } else {
            "ip"
        }
    }

    /// Every rule carrying this instance's tag.
    pub fn list(&self, deadline: Instant) -> Result<Vec<Owned>> {
        match self.backend {
            Backend::Iptables => {
                let ipt = self.tools()[0];
                let out = run(
                    Command::new(ipt).args([
                        "-w",
                        &wait_secs(deadline),
                        "-t",
                        "nat",
                        "-S",
                        "POSTROUTING",
                    ]),
                    None,
                )?;
                Ok(parse_iptables(&out, &self.tag))
            }
            Backend::Nft => {
                let out = Command::new("nft")
                    .args(["-j", "list", "table", self.family(), NFT_TABLE])
                    .stdin(Stdio::null())
                    .output()
                    .map_err(|e| Error::io("running nft", e))?;
                if !out.status.success() {
                    let err = String::from_utf8_lossy(&out.stderr);
                    if err.contains("No such file or directory") {
                        return Ok(Vec::new());
                    }
                    return Err(Error::Failed(format!(
                        "nft list table {} {NFT_TABLE} failed: {}",
                        self.family(),
                        first_line(&err)
                    )));
                }
                parse_nft(&String::from_utf8_lossy(&out.stdout), &self.tag)
            }
        }
    }

    /// Add `rules` in one transaction.
    pub fn add(&self, rules: &[SnatRule], deadline: Instant) -> Result<()> {
        if rules.is_empty() {
            return Ok(());
        }
        match self.backend {
            Backend::Iptables => {
                let mut script = String::from("*nat\n");
                for r in rules {
                    script.push_str(&format!(
                        "-I POSTROUTING -d {} -m comment --comment {} -j SNAT --to-source {}\n",
                        r.dest,
                        restore_quote(&self.tag),
                        r.to
                    ));
                }
                script.push_str("COMMIT\n");
                self.restore(&script, deadline)
            }
            Backend::Nft => {
                let f = self.family();
                let mut script = format!(
                    "add table {f} {NFT_TABLE}\nadd chain {f} {NFT_TABLE} {NFT_CHAIN} \
                     {{ type nat hook postrouting priority {NFT_PRIORITY} ; policy accept ; }}\n"
                );
                for r in rules {
                    script.push_str(&format!(
                        "insert rule {f} {NFT_TABLE} {NFT_CHAIN} {f} daddr {} snat to {} comment {}\n",
                        r.dest,
                        r.to,
                        nft_quote(&self.tag)
                    ));
                }
                run(Command::new("nft").args(["-f", "-"]), Some(&script)).map(drop)
            }
        }
    }

    /// Delete exactly the rules in `owned`, in one transaction.
    pub fn remove(&self, owned: &[Owned], deadline: Instant) -> Result<()> {
        if owned.is_empty() {
            return Ok(());
        }
        match self.backend {
            Backend::Iptables => {
                let mut script = String::from("*nat\n");
                for o in owned {
                    if let Deleter::Spec(spec) = &o.delete {
                        script.push_str("-D POSTROUTING");
                        for word in spec {
                            script.push(' ');
                            script.push_str(&restore_quote(word));
                        }
                        script.push('\n');
                    }
                }
                script.push_str("COMMIT\n");
                self.restore(&script, deadline)
            }
            Backend::Nft => {
                let f = self.family();
                let mut script = String::new();
                for o in owned {
                    if let Deleter::Handle(chain, handle) = &o.delete {
                        script.push_str(&format!(
                            "delete rule {f} {NFT_TABLE} {chain} handle {handle}\n"
                        ));
                    }
                }
                run(Command::new("nft").args(["-f", "-"]), Some(&script)).map(drop)
            }
        }
    }

    fn restore(&self, script: &str, deadline: Instant) -> Result<()> {
        let tool = self.tools()[1];
        run(
            Command::new(tool).args(["-w", &wait_secs(deadline), "--noflush"]),
            Some(script),
        )
        .map(drop)
    }
}

/// Seconds to wait for the xtables lock: what is left of the action's time (at least 1).
fn wait_secs(deadline: Instant) -> String {
    deadline
        .saturating_duration_since(Instant::now())
        .as_secs()
        .max(1)
        .to_string()
}

/// Run a firewall tool, feeding `stdin`; its stdout, or an error naming the command and its
/// first line of complaint.
fn run(cmd: &mut Command, stdin: Option<&str>) -> Result<String> {
    let what = format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    tracing::debug!("running {what}");
    let mut child = cmd
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io(format!("running {what}"), e))?;
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // A tool that dies early closes the pipe; its exit status tells why.
        let _ = pipe.write_all(text.as_bytes());
    }
    let out = child
        .wait_with_output()
        .map_err(|e| Error::io(format!("running {what}"), e))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        // iptables exits 4 (resource problem) when it gave up waiting for the xtables lock.
        if out.status.code() == Some(4) && err.contains("lock") {
            return Err(Error::Failed(format!(
                "another program held the xtables lock longer than this action could wait ({what}: {})",
                first_line(&err)
            )));
        }
        Err(Error::Failed(format!(
            "{what} failed ({}): {}",
            out.status,
            first_line(&err)
        )))
    }
}

fn first_line(s: &str) -> &str {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

/// Quote a word for iptables-restore, which splits on blanks and understands double quotes.
fn restore_quote(word: &str) -> String {
    if !word.is_empty() && !word.contains(|c: char| c.is_whitespace() || c == '"' || c == '\\') {
        word.to_string()
    } else {
        format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Quote a string for an nft script (instance names never hold a double quote; drop any).
fn nft_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', ""))
}

/// The rules tagged `tag` in `iptables -S POSTROUTING` output.
fn parse_iptables(listing: &str, tag: &str) -> Vec<Owned> {
    listing
        .lines()
        .filter_map(|line| {
            let words = shlex::split(line)?;
            let (head, spec) = words.split_at_checked(2)?;
            if head != ["-A", "POSTROUTING"] {
                return None;
            }
            let value = |opt: &str| {
                spec.iter()
                    .position(|w| w == opt)
                    .and_then(|i| spec.get(i + 1))
                    .map(String::as_str)
            };
            if value("--comment") != Some(tag) {
                return None;
            }
            let rule = (|| {
                if value("-j")? != "SNAT" || spec.iter().any(|w| w == "!") {
                    return None;
                }
                Some(SnatRule {
                    dest: parse_net(value("-d")?)?,
                    to: value("--to-source")?.parse().ok()?,
                })
            })();
            Some(Owned {
                rule,
                delete: Deleter::Spec(spec.to_vec()),
            })
        })
        .collect()
}

/// The rules tagged `tag` in `nft -j list table` output.
fn parse_nft(json: &str, tag: &str) -> Result<Vec<Owned>> {
    let doc: Value = serde_json::from_str(json)
        .map_err(|e| Error::Failed(format!("cannot parse the output of nft -j: {e}")))?;
    let items = doc["nftables"].as_array().cloned().unwrap_or_default();
    Ok(items
        .iter()
        .filter_map(|item| {
            let rule = item.get("rule")?;
            if rule["comment"].as_str() != Some(tag) {
                return None;
            }
            let chain = rule["chain"].as_str()?.to_string();
            let handle = rule["handle"].as_u64()?;
            Some(Owned {
                rule: nft_snat(&rule["expr"]),
                delete: Deleter::Handle(chain, handle),
            })
        })
        .collect())
}

/// `[match daddr == NET, snat to ADDR]`, the only shape the agent writes.
fn nft_snat(expr: &Value) -> Option<SnatRule> {
    let [m, s] = expr.as_array()?.as_slice() else {
        return None;
    };
    let m = m.get("match")?;
    if m["op"] != "==" || m["left"]["payload"]["field"] != "daddr" {
        return None;
    }
    let dest = match &m["right"] {
        Value::String(a) => parse_net(a)?,
        Value::Object(o) => {
            let p = o.get("prefix")?;
            parse_net(&format!("{}/{}", p["addr"].as_str()?, p["len"].as_u64()?))?
        }
        _ => return None,
    };
    let s = s.get("snat")?;
    if s.get("port").is_some() {
        return None;
    }
    Some(SnatRule {
        dest,
        to: s["addr"].as_str()?.parse().ok()?,
    })
}

/// A network (`192.168.0.0/24`) or a host address (taken as /32 or /128), host bits cleared,
/// so `192.168.0.7/24` and the `192.168.0.0/24` that iptables prints compare equal.
pub fn parse_net(s: &str) -> Option<IpNet> {
    let s = s.trim();
    let net = match s.parse::<IpNet>() {
        Ok(n) => n,
        Err(_) => IpNet::from(s.parse::<IpAddr>().ok()?),
    };
    Some(net.trunc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(d: &str, to: &str) -> SnatRule {
        SnatRule {
            dest: parse_net(d).unwrap(),
            to: to.parse().unwrap(),
        }
    }

    #[test]
    fn networks_are_normalised() {
        assert_eq!(
            parse_net("192.168.0.7/24").unwrap().to_string(),
            "192.168.0.0/24"
        );
        assert_eq!(parse_net("10.0.0.1").unwrap().to_string(), "10.0.0.1/32");
        assert_eq!(parse_net("fd00::1/64").unwrap().to_string(), "fd00::/64");
        assert_eq!(parse_net("fd00::1").unwrap().to_string(), "fd00::1/128");
        assert!(parse_net("10.0.0.0/33").is_none());
        assert!(parse_net("eth0").is_none());
    }

    #[test]
    fn iptables_listing_yields_only_our_rules() {
        let listing = "-P POSTROUTING ACCEPT\n\
            -A POSTROUTING -d 10.9.0.0/16 -m comment --comment foo -j SNAT --to-source 10.9.0.1\n\
            -A POSTROUTING -d 192.168.0.0/24 -m comment --comment \"rustha:osm\" -j SNAT --to-source 192.168.0.200\n\
            -A POSTROUTING -d 192.168.1.0/24 -m comment --comment \"rustha:osm-2\" -j SNAT --to-source 192.168.0.200\n\
            -A POSTROUTING -o eth0 -j MASQUERADE\n\
            -A POSTROUTING -d 10.1.1.1/32 -m comment --comment rustha:osm -j MASQUERADE\n";
        let owned = parse_iptables(listing, "rustha:osm");
        assert_eq!(owned.len(), 2, "{owned:?}");
        assert_eq!(owned[0].rule, Some(rule("192.168.0.0/24", "192.168.0.200")));
        assert_eq!(
            owned[0].delete,
            Deleter::Spec(
                "-d 192.168.0.0/24 -m comment --comment rustha:osm -j SNAT --to-source 192.168.0.200"
                    .split(' ')
                    .map(String::from)
                    .collect()
            )
        );
        assert_eq!(owned[1].rule, None, "tagged but not an SNAT rule of ours");
    }

    #[test]
    fn nft_listing_yields_only_our_rules() {
        let json = r#"{"nftables": [{"metainfo": {"version": "1.0.6"}},
          {"table": {"family": "ip", "name": "rustha", "handle": 1}},
          {"chain": {"family": "ip", "table": "rustha", "name": "postrouting", "handle": 1, "type": "nat", "hook": "postrouting", "prio": 99, "policy": "accept"}},
          {"rule": {"family": "ip", "table": "rustha", "chain": "postrouting", "handle": 3, "comment": "rustha:osm", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": "10.1.0.5"}}, {"snat": {"addr": "10.1.0.200"}}]}},
          {"rule": {"family": "ip", "table": "rustha", "chain": "postrouting", "handle": 2, "comment": "rustha:osm", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": {"prefix": {"addr": "10.1.0.0", "len": 24}}}}, {"snat": {"addr": "10.1.0.200"}}]}},
          {"rule": {"family": "ip", "table": "rustha", "chain": "postrouting", "handle": 4, "comment": "rustha:other", "expr": []}}]}"#;
        let owned = parse_nft(json, "rustha:osm").unwrap();
        assert_eq!(owned.len(), 2);
        assert_eq!(owned[0].rule, Some(rule("10.1.0.5", "10.1.0.200")));
        assert_eq!(owned[1].rule, Some(rule("10.1.0.0/24", "10.1.0.200")));
        assert_eq!(owned[1].delete, Deleter::Handle("postrouting".into(), 2));
        assert!(parse_nft("not json", "x").is_err());
    }

    #[test]
    fn restore_quoting() {
        assert_eq!(restore_quote("rustha:osm"), "rustha:osm");
        assert_eq!(restore_quote("a b"), "\"a b\"");
        assert_eq!(restore_quote("a\"b"), "\"a\\\"b\"");
        assert_eq!(restore_quote(""), "\"\"");
    }
}
