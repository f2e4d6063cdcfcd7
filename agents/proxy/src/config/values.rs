//! Value parsers of the configuration language: times, addresses and ports, `persist source`
//! masks and HAProxy's number sets (`1-4,7`, `odd`, `all`). Each returns a message naming what
//! is wrong, which the parser places at the word's line and column.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

/// Parse an HAProxy time: digits and a unit (`us`, `ms`, `s`, `m`, `h`, `d`; none = ms).
/// Returns the duration and, when trailing characters followed a valid unit (`5sec`, which
/// HAProxy 2.6 takes as `5s`), a warning to give.
pub fn parse_time(s: &str) -> Result<(Duration, Option<String>), String> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(format!(
            "'{s}' is not a time (expected a number with an optional unit us, ms, s, m, h, d)"
        ));
    }
    let n: u64 = s[..digits]
        .parse()
        .map_err(|_| format!("time '{s}' is too large"))?;
    let rest = &s[digits..];
    let (unit_us, used): (u64, usize) = if rest.is_empty() {
        (1_000, 0)
    } else if rest.starts_with("us") {
        (1, 2)
    } else if rest.starts_with("ms") {
        (1_000, 2)
    } else if rest.starts_with('s') {
        (1_000_000, 1)
    } else if rest.starts_with('m') {
        (60_000_000, 1)
    } else if rest.starts_with('h') {
        (3_600_000_000, 1)
    } else if rest.starts_with('d') {
        (86_400_000_000, 1)
    } else {
        return Err(format!(
            "unexpected character '{}' after the number in time '{s}' (units: us, ms, s, m, h, d)",
            rest.chars().next().unwrap_or(' ')
        ));
    };
    let us = n
        .checked_mul(unit_us)
        .filter(|us| *us / 1000 <= i32::MAX as u64)
        .ok_or_else(|| format!("time '{s}' is too large (at most {} ms)", i32::MAX))?;
    let warn = (used < rest.len()).then(|| {
        format!(
            "time '{s}' has unexpected characters '{}' after the unit; taken as '{}{}'",
            &rest[used..],
            &s[..digits],
            &rest[..used]
        )
    });
    Ok((Duration::from_micros(us), warn))
}

/// Parse `HOST:PORT` where HOST may be `*`, empty, an IPv4 address, a bracketed or bare IPv6
/// address (`[::]:80`, `:::80`), optionally prefixed with `ipv4@`/`ipv6@`.
pub fn parse_bind_addr(s: &str) -> Result<(SocketAddr, bool), String> {
    let s = s
        .strip_prefix("ipv4@")
        .or_else(|| s.strip_prefix("ipv6@"))
        .unwrap_or(s);
    let (host, port) = split_host_port(s)
        .ok_or_else(|| format!("'{s}' is missing a port (expected ADDRESS:PORT)"))?;
    let port = parse_port(port)?;
    let ip: IpAddr = match host {
        "" | "*" => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        h => h.parse().map_err(|_| {
            format!("'{h}' is not an IP address (bind needs an address, '*' or nothing)")
        })?,
    };
    let v4v6 = ip == IpAddr::V6(Ipv6Addr::UNSPECIFIED);
    Ok((SocketAddr::new(ip, port), v4v6))
}

pub(crate) fn split_host_port(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (h, p) = rest.split_once("]:")?;
        return Some((h, p));
    }
    s.rsplit_once(':')
}

pub(crate) fn parse_port(p: &str) -> Result<u16, String> {
    if p.contains('-') {
        return Err(format!(
            "port ranges ('{p}') are not supported; write one bind per port"
        ));
    }
    match p.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(n as u16),
        Ok(n) => Err(format!("port {n} is out of range (1-65535)")),
        Err(_) => Err(format!("'{p}' is not a port number")),
    }
}

/// Split a server address `HOST[:PORT]` (IPv6 in brackets or bare).
pub(crate) fn parse_server_addr(s: &str) -> Result<(String, Option<u16>), String> {
    let s = s
        .strip_prefix("ipv4@")
        .or_else(|| s.strip_prefix("ipv6@"))
        .unwrap_or(s);
    if s.is_empty() {
        return Err("empty server address".into());
    }
    if s.parse::<Ipv6Addr>().is_ok() {
        return Ok((s.to_string(), None));
    }
    match split_host_port(s) {
        Some((h, "")) => Ok((h.to_string(), None)),
        Some((h, p)) if !h.is_empty() => {
            let p = p.strip_prefix('+').unwrap_or(p);
            Ok((h.to_string(), Some(parse_port(p)?)))
        }
        Some(_) => Err(format!("'{s}' has no host")),
        None => Ok((s.to_string(), None)),
    }
}

/// A set of numbers as HAProxy writes them: `N`, `N-M`, comma-separated lists of those, and
/// `all`, `odd`, `even` (of `range`).
pub(crate) fn number_set(
    text: &str,
    range: std::ops::RangeInclusive<usize>,
    what: &str,
) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in text.split(',') {
        match part {
            "all" => out.extend(range.clone()),
            "odd" => out.extend(range.clone().filter(|n| n % 2 == 1)),
            "even" => out.extend(range.clone().filter(|n| n % 2 == 0)),
            _ => {
                let (a, b) = part.split_once('-').unwrap_or((part, part));
                let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                    return Err(format!("'{part}' is not a {what} number or range"));
                };
                if a > b || !range.contains(&a) || !range.contains(&b) {
                    return Err(format!(
                        "{what} '{part}' is not within {}-{}",
                        range.start(),
                        range.end()
                    ));
                }
                out.extend(a..=b);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}
