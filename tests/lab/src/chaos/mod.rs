//! The fault campaign (`lab chaos`): the seed guides' stack on a three-node lab
//! ([`crate::stack`]), faults drawn from a seeded generator one step at a time, and after each
//! step, once the cluster settled, the invariants checked. A seed reproduces the sequence of
//! faults (what happens in between depends on timing, as in any real cluster).
//!
//! Checked all the time (sampled by [`watch`]): the VIP answers ARP from at most one node; at most
//! one MariaDB server and one PostgreSQL server accept writes. Checked after each step: the
//! service answers again (its gap is printed); every primitive runs where Pacemaker says, on as
//! many nodes as configured, its daemon once on each; every MariaDB write the client saw
//! acknowledged is on the writable server, every PostgreSQL one on both servers; no upload present
//! on a node was deleted (uploads are only ever added, so any deletion came from a sync by an
//! older copy), which covers uploads replicated before a fault being present on both nodes.
//!
//! See docs/chaos.md for the faults, the invariants and how to read the output.

pub mod fault;
pub mod watch;

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use crate::lab::{Lab, LabConfig};
use crate::stack::{self, Stack, APPS, PAIR, TCP_PORT};
use crate::timeline::Timeline;
use fault::Kind;
use rustha_harness::probe::{self, Prober};

/// The guards a campaign can switch off (for tests of the campaign itself: a campaign without
/// the guard must find the violation the guard prevents).
pub const GUARDS: &[(&str, &str)] = &[(
    "mysql-mm-writable-peer",
    "mysql-mm promotes although the peer still accepts writes",
)];

/// The environment variable, and its value per guard, that switches a guard off in the agents
/// (read only when set; see docs/chaos.md).
pub const GUARD_ENV: &str = "RUSTHA_TEST_UNGUARD";

/// How a campaign runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    pub steps: usize,
    /// The agents' directory.
    pub bin_dir: PathBuf,
    /// Where the timeline (text and SVG) goes.
    pub out: PathBuf,
    /// The kinds of fault drawn (all when empty).
    pub kinds: Vec<Kind>,
    /// A guard switched off ([`GUARDS`]), for tests of the campaign.
    pub unguard: Option<String>,
    /// Run the cluster with fencing (passed to the lab by `lab_config`).
    pub fencing: bool,
}

/// How long the cluster gets to settle after a fault is undone: the bound on the service gap.
pub const SETTLE: Duration = Duration::from_secs(120);
const PROBE_EVERY: Duration = Duration::from_millis(20);
const ANSWER_TIMEOUT: Duration = Duration::from_millis(250);

/// The one place where the campaign's lab configuration is made: fencing is passed on here.
fn lab_config(o: &Options, bin_dir: PathBuf) -> Result<LabConfig, String> {
    Ok(LabConfig {
        nodes: 3,
        fencing: o.fencing,
        bin_dir: Some(bin_dir),
        extra_hosts: APPS.iter().map(|a| a.to_string()).collect(),
        ..LabConfig::default()
    })
}

/// One step's outcome.
struct Step {
    kind: Kind,
    gap: Duration,
    violations: Vec<String>,
}

/// Runs a campaign; the number of invariant violations found (Err: it could not run).
pub fn run(o: &Options) -> Result<usize, String> {
    let started = Instant::now();
    for a in rustha_harness::AGENTS {
        if !o.bin_dir.join(a).exists() {
            return Err(format!(
                "{} has no {a} binary; run `make build`",
                o.bin_dir.display()
            ));
        }
    }
    let kinds = if o.kinds.is_empty() {
        Kind::ALL.to_vec()
    } else {
        o.kinds.clone()
    };
    // A guard is switched off through the environment of one agent: a wrapper in a directory
    // of its own stands in for the agent in the lab.
    let mut wrappers = None;
    let bin_dir = match &o.unguard {
        None => o.bin_dir.clone(),
        Some(g) => {
            let Some((_, what)) = GUARDS.iter().find(|(n, _)| n == g) else {
                return Err(format!(
                    "unknown guard {g:?}; known: {}",
                    GUARDS
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            };
            println!("chaos: guard {g} switched OFF for this run: {what}");
            let dir = wrappers.insert(rustha_harness::proxy::TempDir::new("chaos-bin"));
            unguarded_bin_dir(&o.bin_dir, dir.0.as_path(), g)?
        }
    };
    println!(
        "chaos: seed {} steps {} faults {} (fencing {})",
        o.seed,
        o.steps,
        kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(","),
        if o.fencing { "on" } else { "off" }
    );
    let lab = Lab::with_config(lab_config(o, bin_dir)?);
    println!(
        "chaos: lab {} online: {} and client, {}",
        lab.topo().run_id(),
        lab.node_names().join(", "),
        APPS.join(", ")
    );
    let mut stack = Stack::start(&lab);
    println!(
        "chaos: stack running after {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let result = campaign(o, &kinds, &lab, &mut stack);
    stack.stop();
    lab.shutdown();
    let n = result?;
    println!("chaos: total {:.0} s", started.elapsed().as_secs_f64());
    println!("violations: {n}");
    Ok(n)
}

/// A copy of `bin_dir` as links, but with `mysql-mm` a wrapper that sets [`GUARD_ENV`].
fn unguarded_bin_dir(bin_dir: &Path, dir: &Path, guard: &str) -> Result<PathBuf, String> {
    let bin_dir = bin_dir.canonicalize().map_err(|e| e.to_string())?;
    for a in rustha_harness::AGENTS {
        let dst = dir.join(a);
        if *a == "mysql-mm" {
            std::fs::write(
                &dst,
                format!(
                    "#!/bin/sh\n{GUARD_ENV}={guard} exec {} \"$@\"\n",
                    bin_dir.join(a).display()
                ),
            )
            .map_err(|e| e.to_string())?;
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dst, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| e.to_string())?;
        } else {
            std::os::unix::fs::symlink(bin_dir.join(a), &dst).map_err(|e| e.to_string())?;
        }
    }
    Ok(dir.to_path_buf())
}

/// How many processes matching `want` (on their comm, arguments and parent's comm) run on each
/// node; nodes without any are left out.
fn processes(lab: &Lab, want: impl Fn(&str, &[String], &str) -> bool) -> BTreeMap<String, usize> {
    lab.node_names()
        .into_iter()
        .filter_map(|n| {
            let c = processes_in(lab.ns(&n).name(), &want);
            (c > 0).then_some((n, c))
        })
        .collect()
}

/// filesync's daemon (`filesync run`); the same program also runs now and then as Pacemaker's
/// monitor, which is not a daemon.
fn filesync_daemon(comm: &str, args: &[String], _parent: &str) -> bool {
    comm == "filesync" && args.get(1).is_some_and(|x| x == "run")
}

/// How many processes matching `want` run in network namespace `ns`.
fn processes_in(ns: &str, want: impl Fn(&str, &[String], &str) -> bool) -> usize {
    let comm = |p: i32| {
        std::fs::read_to_string(format!("/proc/{p}/comm"))
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let parent = |p: i32| -> i32 {
        // The fields after the command's closing parenthesis: state, then the parent's pid.
        std::fs::read_to_string(format!("/proc/{p}/stat"))
            .ok()
            .and_then(|s| {
                s.rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    };
    let matching: Vec<i32> = rustha_harness::netns::pids(ns)
        .into_iter()
        .filter(|&p| {
            let args: Vec<String> = std::fs::read(format!("/proc/{p}/cmdline"))
                .unwrap_or_default()
                .split(|b| *b == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect();
            // A zombie (no arguments) has exited: it runs no more.
            !args.is_empty() && want(&comm(p), &args, &comm(parent(p)))
        })
        .collect();
    // A daemon's child between fork and exec (filesync starting rsync) still carries the
    // daemon's command line: it is not a second daemon.
    matching
        .iter()
        .filter(|&&p| !matching.contains(&parent(p)))
        .count()
}

fn located(lab: &Lab, res: &str) -> Vec<String> {
    let mut v = lab.locate(res);
    v.sort();
    v.dedup();
    v
}

/// Every primitive runs where Pacemaker says, on as many nodes as configured, and its daemon
/// exactly once on each of those nodes and nowhere else; the PostgreSQL servers (outside
/// Pacemaker) run one postmaster each.
fn placement(lab: &Lab, stack: &Stack) -> Vec<String> {
    let mut bad = Vec::new();
    let vip = stack.vip.to_string();
    let count = |nodes: Vec<String>| {
        nodes
            .into_iter()
            .fold(BTreeMap::<String, usize>::new(), |mut m, n| {
                *m.entry(n).or_default() += 1;
                m
            })
    };
    let holders = count(lab.addr_holders(&vip));
    let writers = count(lab.addr_holders(&stack.writer.to_string()));
    let checks: Vec<(&str, BTreeMap<String, usize>, usize)> = vec![
        ("ip", holders, 1),
        ("db-writer", writers, 1),
        (
            "proxy",
            processes(lab, |c, a, _| {
                c == "proxy" && a.iter().any(|x| x.contains("haproxy.cfg"))
            }),
            1,
        ),
        (
            "osm",
            processes(lab, |_, a, _| {
                a.len() == 2 && a[0].ends_with("sleep") && a[1] == "1000"
            }),
            1,
        ),
        // The daemons are `filesync run` and `pgsqlchk run`; the same programs also run now
        // and then as Pacemaker's monitor (`pgsqlchk monitor`), which is not a second daemon.
        ("sync", processes(lab, filesync_daemon), 1),
        (
            "chk",
            processes(lab, |c, a, _| {
                c == "pgsqlchk" && a.get(1).is_some_and(|x| x == "run")
            }),
            3,
        ),
        (
            "db",
            processes(lab, |c, _, _| c == "mariadbd" || c == "mysqld"),
            2,
        ),
    ];
    for (res, running, want) in checks {
        let at = located(lab, res);
        let expected: BTreeMap<String, usize> = at.iter().map(|n| (n.clone(), 1)).collect();
        if running != expected || at.len() != want {
            bad.push(format!(
                "{res}: Pacemaker says {at:?} (configured {want}), daemons per node {running:?}"
            ));
        }
    }
    let postmasters = processes(lab, |c, _, p| c == "postgres" && p != "postgres");
    let expected: BTreeMap<String, usize> = PAIR.iter().map(|n| (n.to_string(), 1)).collect();
    if postmasters != expected {
        bad.push(format!(
            "PostgreSQL: postmasters per node {postmasters:?}, expected one on each of {PAIR:?}"
        ));
    }
    let mut writable: Vec<String> = [&stack.pair.a, &stack.pair.b]
        .into_iter()
        .filter(|m| watch::writable(&m.socket) == Some(true))
        .map(|m| m.name.clone())
        .collect();
    writable.sort();
    let promoted: Vec<String> = stack.promoted(lab).into_iter().collect();
    if located(lab, "db-writer") != promoted {
        bad.push(format!(
            "db-writer: Pacemaker promoted {promoted:?}, the writer address is at {:?}",
            located(lab, "db-writer")
        ));
    }
    if writable != promoted {
        bad.push(format!(
            "db: Pacemaker promoted {promoted:?}, writable: {writable:?}"
        ));
    }
    bad
}

/// Whether the proxy's HTTP listener on the VIP serves `GET /health` with 200 (it may take
/// a few health checks after a recovery: tried for up to 10 s).
fn http_answers(lab: &Lab, stack: &Stack) -> Result<(), String> {
    use std::io::{Read, Write};
    let addr = std::net::SocketAddr::new(IpAddr::V4(stack.vip), stack::HTTP_PORT);
    let get = || -> Result<String, String> {
        let mut s = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2))
            .map_err(|e| format!("connect: {e}"))?;
        s.set_read_timeout(Some(Duration::from_secs(3)))
            .map_err(|e| e.to_string())?;
        s.write_all(b"GET /health HTTP/1.0\r\nHost: chaos\r\n\r\n")
            .map_err(|e| format!("send: {e}"))?;
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        Ok(out.lines().next().unwrap_or("no answer").to_string())
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = probe::in_netns(lab.client(), get);
        match got {
            Ok(l) if l.split_whitespace().nth(1) == Some("200") => return Ok(()),
            other if Instant::now() >= deadline => {
                return Err(format!(
                    "GET /health via {addr}: {}",
                    other.unwrap_or_else(|e| e)
                ))
            }
            _ => std::thread::sleep(Duration::from_millis(500)),
        }
    }
}

/// Whether every node sees every node online and a DC.
fn online(lab: &Lab) -> bool {
    let names = lab.node_names();
    names.iter().all(|n| {
        let Ok(out) = lab.try_ok(n, &["crm_mon", "-1"]) else {
            return false;
        };
        let online = out.lines().find(|l| l.contains("Online:")).unwrap_or("");
        out.contains("Current DC: node") && names.iter().all(|m| online.contains(m.as_str()))
    })
}

/// Powers on every node the fence device powered off, as an administrator would once the
/// fault is understood (with `stonith-action=off` a fenced node stays off); the nodes booted.
fn power_on_fenced(lab: &Lab, stack: &mut Stack) -> Vec<String> {
    let mut booted = Vec::new();
    for n in lab.node_names() {
        if lab.fencing() && lab.is_powered_off(&n) {
            fault::undo(fault::Undo::Boot(n.clone()), lab, stack);
            booted.push(n);
        }
    }
    booted
}

/// Waits until the cluster settled (every node online, nothing pending, everything running
/// and the service answering); whether it did within `timeout`. A node fenced meanwhile is
/// powered on again (`booted` gets its name): fencing can come after the fault was undone, when
/// the node's stack had already started again (the cluster still fences a node it lost).
fn settle(
    lab: &Lab,
    stack: &mut Stack,
    prober: &Prober,
    timeout: Duration,
    booted: &mut Vec<String>,
) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    let mut why;
    loop {
        booted.extend(power_on_fenced(lab, stack));
        let left = deadline.saturating_duration_since(Instant::now());
        why = if !online(lab) {
            "not every node online".to_string()
        } else if lab
            .try_ok(
                &lab.admin_node(),
                &[
                    "crm_resource",
                    "--wait",
                    &format!("--timeout={}s", left.as_secs().clamp(1, 30)),
                ],
            )
            .is_err()
        {
            "transitions pending".to_string()
        } else if let Err(e) = stack.running(lab) {
            e
        } else if prober.last_server().is_none() {
            "service does not answer".to_string()
        } else {
            return Ok(());
        };
        if Instant::now() >= deadline {
            return Err(why);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// The names of the uploads (`w-*`) in `dir`.
fn upload_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("w-"))
                .collect()
        })
        .unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{}", d.as_millis())
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    match v.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2,
    }
}

fn campaign(o: &Options, kinds: &[Kind], lab: &Lab, stack: &mut Stack) -> Result<usize, String> {
    let mut rng = StdRng::seed_from_u64(o.seed);
    let prober = Prober::start_with(
        lab.client(),
        IpAddr::V4(stack.vip),
        TCP_PORT,
        PROBE_EVERY,
        ANSWER_TIMEOUT,
    );
    let wall0 = SystemTime::now() - prober.now();
    let clock = Instant::now() - prober.now();
    let mut tl = Timeline {
        in_flight: probe::PROBE_TIMEOUT + ANSWER_TIMEOUT,
        ..Timeline::default()
    };
    if !prober.wait_served(None, Duration::from_secs(30)) {
        return Err("the service never answered through the VIP".into());
    }
    let primary = stack.promoted(lab).ok_or("no promoted database")?;
    let sockets: Vec<(String, PathBuf)> = [&stack.pair.a, &stack.pair.b]
        .iter()
        .map(|m| (m.name.clone(), m.socket.clone()))
        .collect();
    let sock = |n: &str| {
        sockets
            .iter()
            .find(|(m, _)| m == n)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    };
    watch::create_table(&sock(&primary))?;
    let w = watch::Watchers::start(
        watch::Targets {
            client_ns: lab.client().name().to_string(),
            client_mac: parse_mac(&lab.client().mac("eth0"))?,
            client_ip: lab.topo().addr("client"),
            vip: stack.vip,
            dbs: [&stack.pair.a, &stack.pair.b]
                .iter()
                .map(|m| (m.name.clone(), m.socket.clone()))
                .collect(),
            db_user: (watch::DB_CLIENT.0.into(), watch::DB_CLIENT.1.into()),
            pgs: stack
                .pg
                .servers()
                .iter()
                .map(|p| (p.name.clone(), p.socket_dir.clone()))
                .collect(),
            pg_user: (
                crate::db::LAB_CLIENT.0.into(),
                crate::db::LAB_CLIENT.1.into(),
            ),
            sync_nodes: PAIR
                .iter()
                .map(|n| {
                    (
                        n.to_string(),
                        lab.ns(n).name().to_string(),
                        stack::in_node(lab, n, stack::UPLOADS),
                    )
                })
                .collect(),
        },
        clock,
    );
    let set_uploads = |node: Option<String>| {
        *w.upload_to.lock().unwrap_or_else(|e| e.into_inner()) =
            node.map(|n| (n.clone(), stack::in_node(lab, &n, stack::UPLOADS)));
    };
    set_uploads(lab.locate("sync").first().cloned());
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut reported_lost: BTreeSet<u64> = BTreeSet::new();
    let mut pg_lost: BTreeSet<(String, u64)> = BTreeSet::new();
    let mut steps: Vec<Step> = Vec::new();
    tl.note(
        prober.now(),
        format!(
            "client probes {}:{TCP_PORT} every {} ms; writers and watchers running",
            stack.vip,
            PROBE_EVERY.as_millis()
        ),
    );

    // Kinds are dealt from a deck shuffled anew each round, so every kind comes up as often as
    // any other (within one) however many steps are run, in an order the seed decides.
    let mut deck: Vec<Kind> = Vec::new();
    for i in 1..=o.steps {
        if deck.is_empty() {
            deck = kinds.to_vec();
            deck.shuffle(&mut rng);
        }
        let kind = deck.pop().expect("a dealt deck has cards");
        let scene = fault::Scene {
            active: lab.locate("proxy").first().cloned(),
            primary: stack.promoted(lab),
            sync: lab.locate("sync").first().cloned(),
        };
        let singles: Vec<Kind> = if kind == Kind::Several {
            // Combined from the kinds drawn (all of them when only `several` is).
            let mut pool: Vec<Kind> = kinds
                .iter()
                .copied()
                .filter(|k| *k != Kind::Several)
                .collect();
            if pool.len() < 2 {
                pool = Kind::ALL
                    .into_iter()
                    .filter(|k| *k != Kind::Several)
                    .collect();
            }
            let n = rng.random_range(2..=3usize).min(pool.len());
            let mut v: Vec<Kind> = Vec::new();
            while v.len() < n {
                let k = pool[rng.random_range(0..pool.len())];
                if !v.contains(&k) {
                    v.push(k);
                }
            }
            v
        } else {
            vec![kind]
        };
        let hold = fault::hold(&mut rng);
        let t0 = prober.now();
        let mut applied = Vec::new();
        for k in &singles {
            let a = fault::apply(*k, &mut rng, lab, stack, &scene);
            if a.gone.is_some() && a.gone == scene.sync {
                set_uploads(None);
            }
            applied.push(a);
        }
        let label = applied
            .iter()
            .map(|a| a.label.as_str())
            .collect::<Vec<_>>()
            .join(" + ");
        tl.fault(t0, format!("step {i}: {label}"));
        std::thread::sleep(hold);
        for a in applied.into_iter().rev() {
            fault::undo(a.undo, lab, stack);
        }
        for n in power_on_fenced(lab, stack) {
            tl.note(prober.now(), format!("step {i}: {n} fenced; powered on"));
        }
        // PostgreSQL is not Pacemaker's: its service manager starts a server that died.
        let mut notes = stack.pg.start_dead(lab);
        tl.note(
            prober.now(),
            format!("step {i}: undone after {} ms", hold.as_millis()),
        );
        let mut violations = Vec::new();
        let mut booted = Vec::new();
        let mut settled = settle(lab, stack, &prober, SETTLE, &mut booted);
        if let Err(why) = &settled {
            // What an administrator would do next: clear the failures, let Pacemaker retry.
            notes.push(format!("not settled ({why}); pcs resource cleanup"));
            let _ = lab.try_ok(&lab.admin_node(), &["pcs", "resource", "cleanup"]);
            settled = settle(lab, stack, &prober, Duration::from_secs(60), &mut booted);
        }
        if let Err(why) = &settled {
            violations.push(format!(
                "not recovered within {} s of the fault's end: {why}",
                SETTLE.as_secs() + 60
            ));
        }
        let gap = probe::outage(
            &prober.samples(),
            t0.saturating_sub(tl.in_flight),
            prober.now(),
        );
        // At most one ARP answer and one writable server, at every sample of this step.
        let mut kinds_seen = BTreeSet::new();
        for b in w.breaches_since(t0) {
            let key = b.what.split_whitespace().next().unwrap_or("").to_string();
            if kinds_seen.insert(key) {
                violations.push(format!("at {:.1} s: {}", b.at.as_secs_f64(), b.what));
            }
        }
        if settled.is_ok() {
            violations.extend(placement(lab, stack));
            if let Err(e) = http_answers(lab, stack) {
                violations.push(format!("HTTP listener: {e}"));
            }
        }
        // Acknowledged database writes on the writable server (replication may still be
        // bringing them over from the other server: allow it a moment).
        if let Some(p) = stack.promoted(lab) {
            let acked: Vec<u64> = w.acked.lock().unwrap_or_else(|e| e.into_inner()).clone();
            let deadline = Instant::now() + Duration::from_secs(15);
            let missing = loop {
                let missing: Vec<u64> = match watch::stored_ids(&sock(&p)) {
                    Ok(have) => acked
                        .iter()
                        .filter(|id| !have.contains(id) && !reported_lost.contains(id))
                        .copied()
                        .collect(),
                    Err(e) => {
                        notes.push(format!("cannot read the writes on {p}: {e}"));
                        Vec::new()
                    }
                };
                if missing.is_empty() || Instant::now() >= deadline {
                    break missing;
                }
                std::thread::sleep(Duration::from_millis(500));
            };
            if !missing.is_empty() {
                violations.push(format!(
                    "{} acknowledged database write(s) missing on {p} (ids {:?}{})",
                    missing.len(),
                    &missing[..missing.len().min(5)],
                    if missing.len() > 5 { " ..." } else { "" }
                ));
                reported_lost.extend(missing);
            }
        }
        // Acknowledged PostgreSQL writes on both servers: the replica is synchronous, so a
        // commit was acknowledged only once the replica had it too (replay gets a moment).
        let acked: Vec<u64> = w.pg_acked.lock().unwrap_or_else(|e| e.into_inner()).clone();
        for pg in stack.pg.servers() {
            let deadline = Instant::now() + Duration::from_secs(15);
            let missing = loop {
                let missing: Vec<u64> = match watch::pg_stored_ids(&pg.socket_dir) {
                    Ok(have) => acked
                        .iter()
                        .filter(|id| {
                            !have.contains(id) && !pg_lost.contains(&(pg.name.clone(), **id))
                        })
                        .copied()
                        .collect(),
                    Err(e) => {
                        if Instant::now() >= deadline {
                            notes.push(format!(
                                "cannot read the writes on PostgreSQL {}: {e}",
                                pg.name
                            ));
                            break Vec::new();
                        }
                        std::thread::sleep(Duration::from_millis(500));
                        continue;
                    }
                };
                if missing.is_empty() || Instant::now() >= deadline {
                    break missing;
                }
                std::thread::sleep(Duration::from_millis(500));
            };
            if !missing.is_empty() {
                violations.push(format!(
                    "{} acknowledged PostgreSQL write(s) missing on {} (ids {:?}{})",
                    missing.len(),
                    pg.name,
                    &missing[..missing.len().min(5)],
                    if missing.len() > 5 { " ..." } else { "" }
                ));
                pg_lost.extend(missing.into_iter().map(|id| (pg.name.clone(), id)));
            }
        }
        // Uploads: let filesync catch up, then nothing a node had may be gone.
        let sync_at = lab.locate("sync").first().cloned();
        if let Some(active) = &sync_at {
            let peer = PAIR.iter().find(|p| *p != active).expect("two");
            let caught_up = rustha_harness::rsyncd::wait_for(Duration::from_secs(20), || {
                upload_names(&stack.uploads(lab, active))
                    .is_subset(&upload_names(&stack.uploads(lab, peer)))
            });
            if !caught_up {
                notes.push(format!("uploads on {active} not all on {peer}"));
            }
        }
        for n in PAIR {
            let now = upload_names(&stack.uploads(lab, n));
            let before = seen.entry(n.to_string()).or_default();
            let gone: Vec<&String> = before.difference(&now).collect();
            if !gone.is_empty() {
                violations.push(format!(
                    "{} upload(s) deleted on {n} ({}{})",
                    gone.len(),
                    gone.iter()
                        .take(3)
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    if gone.len() > 3 { " ..." } else { "" }
                ));
            }
            before.extend(now);
        }
        // Failures recovered from are history: clear them for the next step.
        if !stack::fail_counts(lab).is_empty() {
            let _ = lab.try_ok(&lab.admin_node(), &["pcs", "resource", "cleanup"]);
            let _ = settle(lab, stack, &prober, Duration::from_secs(60), &mut booted);
        }
        for n in booted {
            notes.push(format!("{n} fenced after the undo; powered on"));
        }
        set_uploads(lab.locate("sync").first().cloned());
        println!(
            "step {i:>3} {:<16} gap {:>6} ms  {}{}{}",
            kind.name(),
            ms(gap),
            label,
            if notes.is_empty() {
                String::new()
            } else {
                format!("  [{}]", notes.join("; "))
            },
            if violations.is_empty() {
                "  ok".to_string()
            } else {
                format!("  VIOLATION: {}", violations.join(" | "))
            }
        );
        for v in &violations {
            tl.note(prober.now(), format!("step {i}: VIOLATION: {v}"));
        }
        steps.push(Step {
            kind,
            gap,
            violations,
        });
    }
    let acked = w.acked.lock().unwrap_or_else(|e| e.into_inner()).len();
    let pg_acked = w.pg_acked.lock().unwrap_or_else(|e| e.into_inner()).len();
    let uploads = w.uploads.lock().unwrap_or_else(|e| e.into_inner()).len();
    let (arp, ro, pg_ro) = *w.samples.lock().unwrap_or_else(|e| e.into_inner());
    w.stop();
    tl.samples = prober.stop();
    tl.pacemaker_actions(lab, wall0);
    println!("\n=== what the client saw ===\n{}", tl.render_text());
    println!(
        "chaos: {acked} MariaDB and {pg_acked} PostgreSQL writes acknowledged, {uploads} uploads written, {arp} ARP samples, {ro} writable-MariaDB and {pg_ro} writable-PostgreSQL samples"
    );
    println!("\n| fault | count | worst gap ms | median gap ms | violations |");
    println!("|---|---:|---:|---:|---:|");
    for k in Kind::ALL {
        let of: Vec<&Step> = steps.iter().filter(|s| s.kind == k).collect();
        if of.is_empty() {
            continue;
        }
        let gaps: Vec<Duration> = of.iter().map(|s| s.gap).collect();
        println!(
            "| {} | {} | {} | {} | {} |",
            k.name(),
            of.len(),
            ms(gaps.iter().copied().max().unwrap_or_default()),
            ms(median(&gaps)),
            of.iter().map(|s| s.violations.len()).sum::<usize>()
        );
    }
    let title = format!(
        "rustha chaos: seed {}, {} steps, client -> {}:{TCP_PORT} (vip + proxy), three nodes, run {}",
        o.seed,
        o.steps,
        stack.vip,
        lab.topo().run_id()
    );
    let svg = tl.render_svg(&title, PROBE_EVERY);
    let base = format!("chaos-{}", o.seed);
    let written = std::fs::create_dir_all(&o.out)
        .and_then(|()| std::fs::write(o.out.join(format!("{base}.svg")), svg))
        .and_then(|()| std::fs::write(o.out.join(format!("{base}.txt")), tl.render_text()));
    match written {
        Ok(()) => println!(
            "chaos: timeline picture: {}",
            o.out.join(format!("{base}.svg")).display()
        ),
        Err(e) => eprintln!("chaos: cannot write to {}: {e}", o.out.display()),
    }
    Ok(steps.iter().map(|s| s.violations.len()).sum())
}

fn parse_mac(s: &str) -> Result<[u8; 6], String> {
    let b: Vec<u8> = s
        .trim()
        .split(':')
        .filter_map(|x| u8::from_str_radix(x, 16).ok())
        .collect();
    b.try_into()
        .map_err(|_| format!("not a MAC address: {s:?}"))
}
