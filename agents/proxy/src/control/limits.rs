//! File descriptors: the global `maxconn` when the file sets none, and the `RLIMIT_NOFILE` the
//! daemon runs with, derived as HAProxy 2.6 derives them.
//!
//! Every TCP or HTTP session holds two descriptors (client and server), so a process limited to
//! the 1,024 descriptors a systemd service (Pacemaker's resources among them) starts with would
//! fail its accepts with EMFILE at about 500 sessions. HAProxy therefore raises its own soft limit: to
//! `ulimit-n` when set, else to what `maxconn` needs (two per session plus what listeners,
//! checks and the process itself hold), and with no `maxconn` it takes the hard limit and
//! derives `maxconn` from it (9,985 for 20,000 descriptors). This does the same; the fixed part
//! is this process's own count (a socket per listener and thread, per check, per log target
//! and admin socket, two per runtime, and the standard descriptors and friends), so its
//! numbers are close to HAProxy's, not equal. A `mode udp` session (a rustha extension) holds
//! one descriptor, its socket to the server, so a file with only UDP services gets one session
//! per descriptor. Idle server connections come out of the same limit: the HTTP pool keeps
//! one only while sessions and idle connections hold under a quarter of it
//! ([`crate::data::http::pool::set_budget`]).

use nix::sys::resource::{getrlimit, setrlimit, Resource};

use crate::config::{Config, Mode};

/// Descriptors held besides the sessions' own.
pub fn reserve(cfg: &Config, threads: usize) -> u64 {
    let threads = threads as u64;
    let mut n = 0u64;
    for p in &cfg.proxies {
        // A socket per worker for each TCP address (SO_REUSEPORT), one for a UDP one.
        let per_bind = if p.mode == Mode::Udp { 1 } else { threads };
        n += per_bind * p.binds.len() as u64;
        // A check holds its connection while it runs.
        n += p.servers.iter().filter(|s| s.check).count() as u64;
        n += p.logs.len() as u64;
    }
    n += cfg.global.logs.len() as u64;
    // Each admin socket, and a client on it.
    n += 2 * cfg.global.stats_sockets.len() as u64;
    // An epoll and a wake-up descriptor per runtime (the workers and the control one).
    n += 2 * (threads + 1);
    // Standard streams, the signal pipe, journald, the control socket, the pid file, the
    // configuration watch, and slack for the moment of a reload.
    n + 16
}

/// Descriptors one session holds: two (client and server) when any service is TCP or HTTP,
/// one when all are UDP (the client shares the listening socket).
pub fn per_session(cfg: &Config) -> u64 {
    if cfg.proxies.iter().all(|p| p.mode == Mode::Udp) {
        1
    } else {
        2
    }
}

/// What to run with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// The global `maxconn`.
    pub maxconn: u32,
    /// The soft descriptor limit wanted.
    pub nofile: u64,
}

/// The limit `setrlimit` can reach at most (Linux's default `fs.nr_open`): a hard limit of
/// "unlimited" must not become a `maxconn` of billions.
const NR_OPEN: u64 = 1 << 20;

/// The descriptors a configuration needs besides its sessions', and per session.
#[derive(Debug, Clone, Copy)]
pub struct Need {
    /// [`reserve`].
    pub reserve: u64,
    /// [`per_session`].
    pub per_session: u64,
}

/// Decide from the file's settings, what it needs and the current `(soft, hard)` limits.
pub fn plan(maxconn: Option<u32>, ulimit_n: Option<u64>, need: Need, limits: (u64, u64)) -> Plan {
    let (soft, hard) = (limits.0.min(NR_OPEN), limits.1.min(NR_OPEN));
    let Need {
        reserve,
        per_session,
    } = need;
    let from_fds =
        |fds: u64| (fds.saturating_sub(reserve) / per_session).clamp(1, u64::from(u32::MAX)) as u32;
    match (maxconn, ulimit_n) {
        (Some(m), Some(u)) => Plan {
            maxconn: m,
            nofile: u,
        },
        (None, Some(u)) => Plan {
            maxconn: from_fds(u),
            nofile: u,
        },
        (Some(m), None) => Plan {
            maxconn: m,
            nofile: per_session * u64::from(m) + reserve,
        },
        (None, None) => {
            let fds = soft.max(hard);
            Plan {
                maxconn: from_fds(fds),
                nofile: fds,
            }
        }
    }
}

/// Fill in `cfg`'s global `maxconn` when it sets none and raise the soft descriptor limit to
/// what the plan wants (the hard limit too when that is short and the process may raise it).
/// Never lowers a limit. Returns warnings for what could not be had.
pub fn apply(cfg: &mut Config, threads: usize) -> Vec<String> {
    let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
        return Vec::new();
    };
    let p = plan(
        cfg.global.maxconn,
        cfg.global.ulimit_n,
        Need {
            reserve: reserve(cfg, threads),
            per_session: per_session(cfg),
        },
        (soft, hard),
    );
    cfg.global.maxconn = Some(p.maxconn);
    let reserve = reserve(cfg, threads);
    if p.nofile <= soft {
        crate::data::http::pool::set_budget(soft, reserve);
        return Vec::new();
    }
    let mut warnings = Vec::new();
    let got = if setrlimit(Resource::RLIMIT_NOFILE, p.nofile, p.nofile.max(hard)).is_ok() {
        p.nofile
    } else if p.nofile > hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        hard
    } else {
        soft
    };
    crate::data::http::pool::set_budget(got, reserve);
    if got < p.nofile {
        warnings.push(format!(
            "file descriptor limit {got} is too low for maxconn {} ({} descriptors); raise the \
             hard limit (LimitNOFILE= of the service, or 'ulimit-n' when running as root) to {} \
             or more",
            p.maxconn, p.nofile, p.nofile
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(reserve: u64) -> Need {
        Need {
            reserve,
            per_session: 2,
        }
    }

    #[test]
    fn maxconn_from_the_hard_limit_when_the_file_sets_none() {
        // HAProxy 2.6 with 20,000 descriptors and a small configuration: 9,985.
        assert_eq!(
            plan(None, None, tcp(30), (1024, 20000)),
            Plan {
                maxconn: 9985,
                nofile: 20000
            }
        );
        // An unlimited hard limit is capped at what setrlimit can reach.
        assert_eq!(plan(None, None, tcp(30), (1024, u64::MAX)).nofile, NR_OPEN);
    }

    #[test]
    fn nofile_from_maxconn_or_ulimit_n() {
        assert_eq!(
            plan(Some(3000), None, tcp(28), (1024, 524288)),
            Plan {
                maxconn: 3000,
                nofile: 6028
            }
        );
        assert_eq!(
            plan(None, Some(4096), tcp(48), (1024, 524288)),
            Plan {
                maxconn: 2024,
                nofile: 4096
            }
        );
        assert_eq!(
            plan(Some(10), Some(100), tcp(48), (1024, 4096)),
            Plan {
                maxconn: 10,
                nofile: 100
            }
        );
        // Fewer descriptors than the reserve still allows one session, not zero (unlimited).
        assert_eq!(plan(None, Some(10), tcp(48), (1024, 4096)).maxconn, 1);
    }

    #[test]
    fn a_udp_session_takes_one_descriptor() {
        let udp = Need {
            reserve: 20,
            per_session: 1,
        };
        assert_eq!(plan(None, None, udp, (1024, 20000)).maxconn, 19980);
        assert_eq!(plan(Some(3000), None, udp, (1024, 20000)).nofile, 3020);
    }

    #[test]
    fn per_session_is_one_only_when_every_service_is_udp() {
        let load = |text: &str| Config::parse(std::path::Path::new("t.cfg"), text).unwrap();
        let udp = "listen sip\n  mode udp\n  bind 127.0.0.1:5060\n  server a 127.0.0.2:5060\n";
        assert_eq!(per_session(&load(udp)), 1);
        let both =
            format!("{udp}listen web\n  mode tcp\n  bind 127.0.0.1:80\n  server a 127.0.0.2:80\n");
        assert_eq!(per_session(&load(&both)), 2);
    }
}
