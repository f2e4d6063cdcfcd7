//! The faults a campaign draws: what each does to the lab, and how it is undone.

use std::time::Duration;

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use rand::rngs::StdRng;
use rand::RngExt;

use crate::lab::Lab;
use crate::stack::{in_node, Stack, PAIR, PROXY_PIDFILE, UPLOADS};

/// The kinds of fault, in the order the summary lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A node powered off (every process killed, link down), booted after a while.
    NodeCrash,
    /// A node's link cut (carrier lost), healed after a while.
    LinkCut,
    /// A node silently partitioned (its bridge port stops forwarding; carrier stays up).
    Partition,
    /// `kill -9` of the proxy daemon on the node running the group.
    ProxyKill,
    /// SIGSTOP of a daemon (proxy, MariaDB, corosync or filesync) for a while, then SIGCONT.
    Freeze,
    /// Corosync and every Pacemaker daemon killed on the writable database's node; the
    /// resources keep running (as after a hang), the stack is started again after a while.
    PacemakerKill,
    /// The active application server killed (service and health ports), started again.
    BackendKill,
    /// `kill -9` of the writable MariaDB server or of the PostgreSQL primary (started again
    /// after a while: PostgreSQL is not Pacemaker's).
    DbPrimaryKill,
    /// Packet loss and delay (netem) on a node's interface for a while.
    Netem,
    /// The uploads disk of a node of the pair filled up, freed after a while.
    DiskFull,
    /// The rsync daemon of filesync's peer killed, started again after a while.
    RsyncPeerDown,
    /// Two or three of the above at once.
    Several,
}

impl Kind {
    /// Every kind, in summary order.
    pub const ALL: [Kind; 12] = [
        Kind::NodeCrash,
        Kind::LinkCut,
        Kind::Partition,
        Kind::ProxyKill,
        Kind::Freeze,
        Kind::PacemakerKill,
        Kind::BackendKill,
        Kind::DbPrimaryKill,
        Kind::Netem,
        Kind::DiskFull,
        Kind::RsyncPeerDown,
        Kind::Several,
    ];

    /// The name used on the command line and in the output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::NodeCrash => "node-crash",
            Kind::LinkCut => "link-cut",
            Kind::Partition => "partition",
            Kind::ProxyKill => "proxy-kill",
            Kind::Freeze => "sigstop",
            Kind::PacemakerKill => "pacemaker-kill",
            Kind::BackendKill => "backend-kill",
            Kind::DbPrimaryKill => "db-primary-kill",
            Kind::Netem => "netem",
            Kind::DiskFull => "disk-full",
            Kind::RsyncPeerDown => "rsync-peer-down",
            Kind::Several => "several",
        }
    }

    /// The kind called `name`.
    pub fn parse(name: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                format!(
                    "unknown fault kind {name:?}; known: {}",
                    Kind::ALL.map(Kind::name).join(", ")
                )
            })
    }
}

/// What has to be done to end a fault.
#[derive(Debug)]
pub enum Undo {
    /// Nothing: the cluster recovers on its own (or does not).
    Nothing,
    Boot(String),
    Heal(String),
    Cont(i32),
    StartStack(String),
    ResumeBackend(usize),
    ClearNetem(String),
    FreeDisk(String),
    StartRsyncd(String),
    /// Start the PostgreSQL servers that are not running, as their service manager would.
    StartPg,
}

/// One fault as applied: its label and how to end it.
#[derive(Debug)]
pub struct Applied {
    pub label: String,
    pub undo: Undo,
    /// The node whose network or stack went away (the uploads writer pauses there).
    pub gone: Option<String>,
}

/// Where things run right now, as the faults need to know.
pub struct Scene {
    /// The node running the group (proxy, VIP).
    pub active: Option<String>,
    /// The node of the writable database.
    pub primary: Option<String>,
    /// The node running filesync.
    pub sync: Option<String>,
}

fn pick<'a>(rng: &mut StdRng, from: &'a [String]) -> &'a str {
    &from[rng.random_range(0..from.len())]
}

fn pid_named(lab: &Lab, node: &str, comm: &[&str]) -> Option<i32> {
    rustha_harness::netns::pids(lab.ns(node).name())
        .into_iter()
        .find(|p| {
            let c = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
            comm.contains(&c.trim())
        })
}

fn proxy_pid(lab: &Lab, node: &str) -> Option<i32> {
    std::fs::read_to_string(in_node(lab, node, PROXY_PIDFILE))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Applies one fault of `kind` (not [`Kind::Several`]) to the lab.
pub fn apply(kind: Kind, rng: &mut StdRng, lab: &Lab, stack: &mut Stack, scene: &Scene) -> Applied {
    let nodes = lab.node_names();
    let pair: Vec<String> = PAIR.iter().map(|s| s.to_string()).collect();
    let any = |rng: &mut StdRng| pick(rng, &nodes).to_string();
    let or_any = |n: &Option<String>, rng: &mut StdRng| n.clone().unwrap_or_else(|| any(rng));
    let done = |label: String, undo: Undo| Applied {
        label,
        undo,
        gone: None,
    };
    match kind {
        Kind::NodeCrash => {
            let n = any(rng);
            lab.power_off(&n);
            Applied {
                label: format!("{n} powered off"),
                undo: Undo::Boot(n.clone()),
                gone: Some(n),
            }
        }
        Kind::LinkCut => {
            let n = any(rng);
            lab.cut(&n);
            Applied {
                label: format!("link of {n} cut"),
                undo: Undo::Heal(n.clone()),
                gone: Some(n),
            }
        }
        Kind::Partition => {
            let n = any(rng);
            lab.isolate(&n);
            Applied {
                label: format!("{n} silently partitioned"),
                undo: Undo::Heal(n.clone()),
                gone: Some(n),
            }
        }
        Kind::ProxyKill => {
            let n = or_any(&scene.active, rng);
            match proxy_pid(lab, &n) {
                Some(p) => {
                    let _ = kill(Pid::from_raw(p), Signal::SIGKILL);
                    done(format!("proxy on {n} killed (kill -9)"), Undo::Nothing)
                }
                None => done(format!("proxy on {n}: no daemon to kill"), Undo::Nothing),
            }
        }
        Kind::Freeze => {
            let which = rng.random_range(0..4u8);
            let (what, node, pid) = match which {
                0 => {
                    let n = or_any(&scene.active, rng);
                    ("proxy", n.clone(), proxy_pid(lab, &n))
                }
                1 => {
                    let n = scene.primary.clone().unwrap_or_else(|| pair[0].clone());
                    let pid = if n == stack.pair.a.name {
                        stack.pair.a.pid()
                    } else {
                        stack.pair.b.pid()
                    };
                    ("MariaDB", n, pid)
                }
                2 => {
                    let n = any(rng);
                    ("corosync", n.clone(), pid_named(lab, &n, &["corosync"]))
                }
                _ => {
                    let n = scene.sync.clone().unwrap_or_else(|| pair[0].clone());
                    ("filesync", n.clone(), pid_named(lab, &n, &["filesync"]))
                }
            };
            match pid {
                Some(p) => {
                    let _ = kill(Pid::from_raw(p), Signal::SIGSTOP);
                    done(format!("{what} on {node} stopped (SIGSTOP)"), Undo::Cont(p))
                }
                None => done(
                    format!("{what} on {node}: no process to stop"),
                    Undo::Nothing,
                ),
            }
        }
        Kind::PacemakerKill => {
            let n = scene.primary.clone().unwrap_or_else(|| any(rng));
            lab.crash(&n);
            Applied {
                label: format!("corosync and Pacemaker on {n} killed (resources left running)"),
                undo: Undo::StartStack(n.clone()),
                gone: Some(n),
            }
        }
        Kind::BackendKill => {
            stack.apps[0].kill();
            done(
                format!("{} killed", stack.apps[0].name),
                Undo::ResumeBackend(0),
            )
        }
        Kind::DbPrimaryKill => {
            if rng.random_range(0..2u8) == 1 {
                let pg = &stack.pg.primary;
                return match pg.postmaster_pid().filter(|_| pg.alive()) {
                    Some(p) => {
                        let _ = kill(Pid::from_raw(p), Signal::SIGKILL);
                        done(
                            format!("PostgreSQL primary on {} killed (kill -9)", pg.name),
                            Undo::StartPg,
                        )
                    }
                    None => done(
                        format!("PostgreSQL primary on {}: not running", pg.name),
                        Undo::StartPg,
                    ),
                };
            }
            let n = scene.primary.clone().unwrap_or_else(|| pair[0].clone());
            let m = if n == stack.pair.a.name {
                &stack.pair.a
            } else {
                &stack.pair.b
            };
            match m.pid() {
                Some(p) => {
                    let _ = kill(Pid::from_raw(p), Signal::SIGKILL);
                    done(format!("MariaDB on {n} killed (kill -9)"), Undo::Nothing)
                }
                None => done(format!("MariaDB on {n}: not running"), Undo::Nothing),
            }
        }
        Kind::Netem => {
            let n = any(rng);
            let loss = rng.random_range(5..=30u32);
            let delay = rng.random_range(20..=200u32);
            let _ = lab.ns(&n).run(&[
                "tc",
                "qdisc",
                "replace",
                "dev",
                "eth0",
                "root",
                "netem",
                "delay",
                &format!("{delay}ms"),
                "loss",
                &format!("{loss}%"),
            ]);
            done(
                format!("{n}: {loss}% packet loss, {delay} ms delay"),
                Undo::ClearNetem(n),
            )
        }
        Kind::DiskFull => {
            let n = pick(rng, &pair).to_string();
            let _ = lab.run(
                &n,
                &[
                    "sh",
                    "-c",
                    &format!("dd if=/dev/zero of={UPLOADS}/.chaos-fill bs=64k 2>/dev/null; true"),
                ],
            );
            done(format!("uploads disk of {n} full"), Undo::FreeDisk(n))
        }
        Kind::RsyncPeerDown => {
            let active = scene.sync.clone().unwrap_or_else(|| pair[0].clone());
            let peer = pair
                .iter()
                .find(|p| **p != active)
                .cloned()
                .unwrap_or_else(|| pair[1].clone());
            stack.kill_rsyncd(&peer);
            done(
                format!("rsync daemon on {peer} (filesync's peer) killed"),
                Undo::StartRsyncd(peer),
            )
        }
        Kind::Several => unreachable!("several faults are applied one by one"),
    }
}

/// Ends a fault.
pub fn undo(u: Undo, lab: &Lab, stack: &mut Stack) {
    match u {
        Undo::Nothing => {}
        Undo::Boot(n) => {
            lab.boot(&n);
            if PAIR.contains(&n.as_str()) {
                stack.start_rsyncd(lab, &n);
                stack.pg.start_dead(lab);
            }
        }
        Undo::Heal(n) => lab.heal(&n),
        Undo::Cont(p) => {
            let _ = kill(Pid::from_raw(p), Signal::SIGCONT);
        }
        Undo::StartStack(n) => {
            // A fault applied together with this one may have started it already, and a node
            // fenced meanwhile starts its stack when it is powered on.
            if !lab.is_powered_off(&n) && !lab.stack_running(&n) {
                lab.start_stack(&n);
            }
        }
        Undo::ResumeBackend(i) => stack.apps[i].resume(lab),
        Undo::ClearNetem(n) => {
            let _ = lab
                .ns(&n)
                .run(&["tc", "qdisc", "del", "dev", "eth0", "root"]);
        }
        Undo::FreeDisk(n) => {
            let _ = lab.run(&n, &["rm", "-f", &format!("{UPLOADS}/.chaos-fill")]);
        }
        Undo::StartRsyncd(n) => stack.start_rsyncd(lab, &n),
        Undo::StartPg => {
            stack.pg.start_dead(lab);
        }
    }
}

/// How long a fault lasts before it is undone.
pub fn hold(rng: &mut StdRng) -> Duration {
    Duration::from_millis(rng.random_range(3000..=8000u64))
}
