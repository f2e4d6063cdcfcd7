//! Heartbeat v1 `haresources` entries: `AGENT::a::b` runs `AGENT a b start|stop|status`.
//!
//! Two rules make every entry a resource of its own:
//! - `NAME=VALUE` arguments set any declared parameter, so nothing an agent offers is out of
//!   heartbeat's reach (`osm-failover::/usr/sbin/osmd::user=osm`). The other arguments are the
//!   agent's positional form ([`crate::ResourceAgent::heartbeat_params`]). Heartbeat splits a line
//!   at blanks and passes the arguments unquoted, so a value with blanks is written as the same
//!   parameter repeated, its parts joined with one space
//!   (`daemon_args=-f::daemon_args=/etc/osmd.conf` is `daemon_args='-f /etc/osmd.conf'`).
//! - The instance name, which names pidfiles, control sockets, state files and firewall tags,
//!   derives from the entry's arguments ([`instance`]): two entries of one agent never share
//!   them, and an entry's `stop` finds what its `start` made. An `OCF_RESOURCE_INSTANCE` set in
//!   the environment still wins.

use crate::error::{Error, Result};
use crate::meta::AgentMeta;
use crate::param::{MapSource, ParamSource};

/// The arguments of one haresources entry, sorted.
#[derive(Debug, Default)]
pub struct Entry {
    /// The agent's positional arguments, in order.
    pub positional: Vec<String>,
    /// Parameters given as `NAME=VALUE`.
    pub named: MapSource,
}

/// A word shaped like a parameter name: a lowercase letter, then letters, digits or `_`.
fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Sort `args` into positional arguments and `NAME=VALUE` parameters of `meta`. A `NAME=` that
/// names no parameter of the agent is refused (naming the nearest one) rather than passed on as
/// a positional argument, where it would only produce a vaguer error.
pub fn split(meta: &AgentMeta, args: &[String]) -> Result<Entry> {
    let mut entry = Entry::default();
    for arg in args {
        let Some((name, value)) = arg.split_once('=').filter(|(n, _)| is_name(n)) else {
            entry.positional.push(arg.clone());
            continue;
        };
        if !meta.params.iter().any(|p| p.name == name) {
            let nearest = meta
                .params
                .iter()
                .map(|p| (strsim::jaro_winkler(name, p.name), p.name))
                .filter(|(score, _)| *score >= 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, n)| format!(" (did you mean '{n}'?)"))
                .unwrap_or_default();
            return Err(Error::Configuration(format!(
                "haresources argument '{arg}': {} has no parameter '{name}'{nearest}",
                meta.name
            )));
        }
        let value = match entry.named.param(name) {
            Some(before) => format!("{before} {value}"),
            None => value.to_string(),
        };
        entry.named.set_param(name, value);
    }
    Ok(entry)
}

/// The instance name of the haresources entry `AGENT::args`: the agent, the arguments reduced to
/// characters safe in file names and firewall comments (at most 48 of them), and a hash of the
/// exact arguments, so entries differing only in characters the reduction drops stay apart:
/// `proxy::/etc/rustha/a.cfg` is `proxy-etc_rustha_a.cfg-` followed by eight hex digits.
pub fn instance(agent: &str, args: &[String]) -> String {
    let joined = args.join("::");
    let mut readable = String::new();
    for c in joined.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
            c
        } else {
            '_'
        };
        if !(c == '_' && (readable.is_empty() || readable.ends_with('_'))) {
            readable.push(c);
        }
    }
    let readable = readable.trim_end_matches('_');
    let readable = &readable[..readable.len().min(48)];
    // FNV-1a: stable across builds and platforms, which std's hashers do not promise, and a
    // pidfile name must survive an upgrade between an entry's start and its stop.
    let hash = joined.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    if readable.is_empty() {
        format!("{agent}-{hash:08x}")
    } else {
        format!("{agent}-{readable}-{hash:08x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::ActionSpec;
    use crate::param::ParamSpec;

    static META: AgentMeta = AgentMeta {
        name: "osm-failover",
        version: "0",
        shortdesc: "t",
        longdesc: "t",
        params: &[
            ParamSpec::string("daemon"),
            ParamSpec::string("daemon_args"),
            ParamSpec::string("user"),
        ],
        actions: &[ActionSpec::new("start", "20s")],
    };

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn named_arguments_set_parameters_and_repeat_to_join() {
        let e = split(
            &META,
            &args(&[
                "/usr/sbin/osmd",
                "user=osm",
                "daemon_args=-f",
                "daemon_args=/etc/o=1.conf",
                "/x=y",
            ]),
        )
        .unwrap();
        assert_eq!(e.positional, args(&["/usr/sbin/osmd", "/x=y"]));
        assert_eq!(e.named.param("user").as_deref(), Some("osm"));
        assert_eq!(
            e.named.param("daemon_args").as_deref(),
            Some("-f /etc/o=1.conf")
        );
    }

    #[test]
    fn unknown_names_are_refused_with_the_nearest() {
        let e = split(&META, &args(&["/usr/sbin/osmd", "usr=osm"])).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("'usr'") && msg.contains("did you mean 'user'"),
            "{msg}"
        );
        assert_eq!(e.code(), crate::OcfCode::ErrConfigured);
    }

    #[test]
    fn instances_differ_per_entry_and_are_stable() {
        let a = instance("proxy", &args(&["/etc/rustha/a.cfg"]));
        let b = instance("proxy", &args(&["/etc/rustha/b.cfg"]));
        assert!(a.starts_with("proxy-etc_rustha_a.cfg-"), "{a}");
        assert_ne!(a, b);
        assert_eq!(a, instance("proxy", &args(&["/etc/rustha/a.cfg"])));
        // Only the dropped characters differ: still apart.
        assert_ne!(
            instance("p", &args(&["/a/b"])),
            instance("p", &args(&["/a_b"]))
        );
        assert_ne!(
            instance("p", &args(&["a", "b"])),
            instance("p", &args(&["a::b", ""]))
        );
        // Safe in a file name and a firewall comment, bounded in length.
        let long = instance("filesync", &args(&[&"/srv/".repeat(40), "x y'\"$"]));
        assert!(long.len() <= "filesync".len() + 1 + 48 + 1 + 8, "{long}");
        assert!(long
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)));
        assert_eq!(instance("vip", &args(&["::"])).len(), "vip-".len() + 8);
    }
}
