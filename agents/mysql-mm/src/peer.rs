//! The `peer` parameter: one `HOST[:PORT]`, or, because a clone has one set of parameters for
//! both nodes, one `NODE=HOST[:PORT]` entry per cluster node, of which each node takes the one
//! that is not itself.

use rustha::error::{Error, Result};

/// The `peer` parameter, parsed once: its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peers(pub Vec<PeerEntry>);

impl rustha::param::FromParam for Peers {
    fn from_param(v: &str) -> std::result::Result<Self, String> {
        parse_peers(v).map(Peers)
    }
}

/// One entry of `peer`: `[NODE=]HOST[:PORT]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerEntry {
    /// Cluster node this entry describes (the per-node form).
    pub node: Option<String>,
    /// Address or name the server is reached at.
    pub host: String,
    /// Port, when given.
    pub port: Option<u16>,
}

/// Parse `peer`: entries separated by blanks or commas; IPv6 addresses with a port in brackets.
pub fn parse_peers(v: &str) -> std::result::Result<Vec<PeerEntry>, String> {
    let mut out = Vec::new();
    for word in v.split(|c: char| c == ',' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        let (node, addr) = match word.split_once('=') {
            Some((n, a)) if !n.is_empty() => (Some(n.to_string()), a),
            Some(_) => return Err(format!("'{word}': empty node name before '='")),
            None => (None, word),
        };
        let (host, port) = if let Some(rest) = addr.strip_prefix('[') {
            let (h, tail) = rest
                .split_once(']')
                .ok_or_else(|| format!("'{word}': missing ']' after an IPv6 address"))?;
            let port = match tail.strip_prefix(':') {
                Some(p) => Some(p),
                None if tail.is_empty() => None,
                None => return Err(format!("'{word}': expected ':PORT' after ']'")),
            };
            (h.to_string(), port)
        } else if addr.matches(':').count() == 1 {
            let (h, p) = addr.split_once(':').unwrap_or((addr, ""));
            (h.to_string(), Some(p))
        } else {
            (addr.to_string(), None)
        };
        if host.is_empty() {
            return Err(format!("'{word}': empty host"));
        }
        let port =
            match port {
                Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                    format!("'{word}': port '{p}' is not a number from 1 to 65535")
                })?),
                None => None,
            };
        out.push(PeerEntry { node, host, port });
    }
    if out.is_empty() {
        return Err("expected HOST[:PORT], or NODE=HOST[:PORT] for each cluster node".into());
    }
    if out.len() > 1 && out.iter().any(|e| e.node.is_none()) {
        return Err("several entries need a node name each: NODE1=HOST1 NODE2=HOST2".into());
    }
    Ok(out)
}

/// The entry naming the other node: the only entry, or, in the per-node form, the one entry
/// whose node is not `local`.
pub fn select_peer(entries: &[PeerEntry], local: &str) -> Result<PeerEntry> {
    if let [only] = entries {
        if only.node.is_none() {
            return Ok(only.clone());
        }
    }
    if entries.len() > 2 {
        return Err(Error::Configuration(format!(
            "parameter 'peer': master-master replication has exactly two nodes, but {} are listed",
            entries.len()
        )));
    }
    let short = |n: &str| n.split('.').next().unwrap_or(n).to_string();
    let others: Vec<&PeerEntry> = entries
        .iter()
        .filter(|e| e.node.as_deref().map(short) != Some(short(local)))
        .collect();
    if others.len() == entries.len() {
        // Right for the two nodes it names, so not a configuration error (which would stop the
        // clone everywhere): this node of a larger cluster just cannot run it.
        let names: Vec<&str> = entries.iter().filter_map(|e| e.node.as_deref()).collect();
        return Err(Error::NotInstalled(format!(
            "parameter 'peer': this node '{local}' is not one of its nodes ({}); keep the \
             resource on those with a location constraint",
            names.join(", ")
        )));
    }
    match others.as_slice() {
        [one] => Ok((*one).clone()),
        _ => Err(Error::Configuration(format!(
            "parameter 'peer': master-master replication has exactly two nodes, but {} other nodes are listed",
            others.len()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustha::OcfCode;

    #[test]
    fn peer_forms() {
        let one = parse_peers("10.0.0.2").unwrap();
        assert_eq!(select_peer(&one, "n1").unwrap().host, "10.0.0.2");
        let with_port = parse_peers("db2:3307").unwrap();
        assert_eq!(with_port[0].port, Some(3307));
        let v6 = parse_peers("[fd00::2]:3307 ").unwrap();
        assert_eq!((v6[0].host.as_str(), v6[0].port), ("fd00::2", Some(3307)));
        let bare_v6 = parse_peers("fd00::2").unwrap();
        assert_eq!(
            (bare_v6[0].host.as_str(), bare_v6[0].port),
            ("fd00::2", None)
        );
        let map = parse_peers("node1=10.0.0.1, node2=10.0.0.2:3307").unwrap();
        let p = select_peer(&map, "node1").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("10.0.0.2", Some(3307)));
        assert_eq!(
            select_peer(&map, "node2.example.com").unwrap().host,
            "10.0.0.1"
        );
        // A third node of the cluster: the pair is valid, this node just is not in it.
        let e = select_peer(&map, "node3").unwrap_err();
        assert_eq!(e.code(), OcfCode::ErrInstalled);
        assert!(
            e.to_string().contains("node3") && e.to_string().contains("node1, node2"),
            "{e}"
        );
        // Three nodes listed is wrong on every node.
        let three = parse_peers("node1=10.0.0.1 node2=10.0.0.2 node3=10.0.0.3").unwrap();
        for local in ["node1", "node4"] {
            let e = select_peer(&three, local).unwrap_err();
            assert_eq!(e.code(), OcfCode::ErrConfigured, "{local}: {e}");
        }
    }

    #[test]
    fn bad_peers_say_what_is_wrong() {
        for (v, want) in [
            ("db2:0", "port"),
            ("db2:x", "port"),
            ("a b", "node name"),
            ("=db2", "empty node name"),
            ("[fd00::1", "']'"),
            ("", "HOST[:PORT]"),
        ] {
            let e = parse_peers(v).unwrap_err();
            assert!(e.contains(want), "{v}: {e}");
        }
    }
}
