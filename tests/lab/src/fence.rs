//! The lab's fence device: a power switch for the lab's nodes, and `fence_rustha_lab`, the fence
//! agent Pacemaker drives it with.
//!
//! The switch is a small controller owned by the [`Lab`] (a thread of the process that built it),
//! listening on a unix socket in a directory of its own (removed with the lab, or by the
//! [`rustha_harness::netns`] watchdog when the process dies first); every node sees that directory at
//! [`NODE_DIR`] (bind-mounted into its private mount namespace), and sees the agent as
//! `/usr/sbin/fence_rustha_lab` (an overlay in the same private view), where
//! `pacemaker-fenced` looks for fence agents. The agent speaks the fence-agents protocol
//! (`key=value` lines on stdin, or `-o ACTION -n NODE` on its command line) and turns each
//! action into one request to the controller; the controller carries it out with the lab's own
//! [`Lab::power_off`] and [`Lab::boot`], so a fenced node goes exactly the way a test's power
//! failure does.
//!
//! The controller acts only on the lab's nodes, by name, and answers only processes inside one
//! of them (it asks the kernel who is on the other end of the socket). Like a power switch on the
//! network, it cannot be reached from a node whose link is down or silently partitioned: an
//! isolated node of a two-node cluster cannot fence the healthy one (without that, both would
//! race to fence each other, and the wrong one would win about half the time). It stops, and its directory goes, before the lab tears down.
//!
//! The power state is the switch's: a node is off from [`Lab::power_off`] (by a test or by the
//! agent) until [`Lab::boot`], whatever runs in it.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use crate::lab::Lab;

/// The agent's name: its binary in the bin dir and its file in every node's `/usr/sbin`.
pub const AGENT: &str = "fence_rustha_lab";

/// Where a node sees the controller's directory.
pub const NODE_DIR: &str = "/run/rustha-lab/power";

/// The controller's socket in its directory.
pub const SOCKET_NAME: &str = "power.sock";

/// The agent's exit code for `status` of a node that is off (fence-agents' convention).
const EXIT_OFF: u8 = 2;

/// One power action the controller carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PowerEvent {
    /// When it was done (the node is off, or booted).
    pub at: SystemTime,
    /// The node powered off or on.
    pub node: String,
    /// `off` or `on`.
    pub action: String,
    /// The node whose agent asked.
    pub by: String,
}

/// The controller: a thread answering the agent's requests for one lab.
#[derive(Debug)]
pub(crate) struct PowerSwitch {
    dir: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    events: Arc<Mutex<Vec<PowerEvent>>>,
}

impl PowerSwitch {
    /// A fresh, empty directory for the controller of run `run_id` (created before the nodes,
    /// which bind-mount it).
    pub(crate) fn dir_for(run_id: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rustha-lab-{run_id}-power"));
        let _ = std::fs::remove_dir_all(&dir);
        rustha_harness::netns::watch_dir(&dir);
        std::fs::create_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        dir
    }

    /// Starts answering on `dir`'s socket; `lab` is a handle on the lab's nodes that tears
    /// nothing down when dropped.
    pub(crate) fn start(dir: PathBuf, lab: Lab) -> PowerSwitch {
        let listener = UnixListener::bind(dir.join(SOCKET_NAME))
            .unwrap_or_else(|e| panic!("cannot listen in {}: {e}", dir.display()));
        listener.set_nonblocking(true).expect("non-blocking socket");
        let stop = Arc::new(AtomicBool::new(false));
        let events = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (stop, events) = (stop.clone(), events.clone());
            let lab = Arc::new(lab);
            std::thread::Builder::new()
                .name("lab-power".into())
                .spawn(move || {
                    // One thread per request: booting a node takes seconds, and the device's
                    // monitor must not wait behind it. All are joined before the switch stops.
                    let mut busy: Vec<JoinHandle<()>> = Vec::new();
                    while !stop.load(Ordering::Relaxed) {
                        busy.retain(|t| !t.is_finished());
                        match listener.accept() {
                            Ok((stream, _)) => {
                                let (lab, events) = (lab.clone(), events.clone());
                                busy.push(std::thread::spawn(move || serve(&lab, &events, stream)));
                            }
                            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                                std::thread::sleep(Duration::from_millis(20))
                            }
                            Err(e) => {
                                eprintln!("lab power switch: accept: {e}");
                                std::thread::sleep(Duration::from_millis(200))
                            }
                        }
                    }
                    for t in busy {
                        let _ = t.join();
                    }
                })
                .expect("spawn the power switch")
        };
        PowerSwitch {
            dir,
            stop,
            thread: Some(thread),
            events,
        }
    }

    /// The socket, as the host sees it.
    pub(crate) fn socket(&self) -> PathBuf {
        self.dir.join(SOCKET_NAME)
    }

    /// The power actions carried out so far, in order.
    pub(crate) fn events(&self) -> Vec<PowerEvent> {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for PowerSwitch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        rustha_harness::netns::unwatch_dir(&self.dir);
    }
}

/// Answers one request: a line `VERB [NODE]`, answered by `ok [TEXT]` or `error MESSAGE`.
fn serve(lab: &Lab, events: &Mutex<Vec<PowerEvent>>, stream: UnixStream) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut line = String::new();
    let _ = BufReader::new((&stream).take(512)).read_line(&mut line);
    let reply = match answer(lab, events, &stream, line.trim()) {
        Ok(text) => format!("ok {text}\n"),
        Err(msg) => format!("error {msg}\n"),
    };
    let _ = (&stream).write_all(reply.as_bytes());
}

fn answer(
    lab: &Lab,
    events: &Mutex<Vec<PowerEvent>>,
    stream: &UnixStream,
    req: &str,
) -> Result<String, String> {
    let by = requester(lab, stream)?;
    if !lab.topo().forwards(&by) {
        return Err(format!(
            "the power switch cannot be reached from {by}: its link is down or partitioned"
        ));
    }
    let mut words = req.split_whitespace();
    let verb = words.next().unwrap_or_default();
    let node = words.next();
    if words.next().is_some() {
        return Err(format!("bad request {req:?}"));
    }
    let names = lab.node_names();
    let target = || -> Result<String, String> {
        let n = node.ok_or_else(|| format!("{verb}: which node?"))?;
        if names.iter().any(|m| m == n) {
            Ok(n.to_string())
        } else {
            Err(format!(
                "no node {n:?} in this lab (its nodes: {})",
                names.join(", ")
            ))
        }
    };
    let record = |node: &str, action: &str| {
        events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(PowerEvent {
                at: SystemTime::now(),
                node: node.to_string(),
                action: action.to_string(),
                by: by.clone(),
            });
    };
    // A failure inside the lab's power actions (they panic) is the request's failure, not the
    // controller's end (where panics unwind: tests; the `lab` binary aborts instead, and the
    // netns watchdog cleans up).
    let act = |what: &dyn Fn()| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(what))
            .map_err(|_| format!("{verb} failed (see the lab's output)"))
    };
    match verb {
        "ping" => Ok("pong".into()),
        "list" => Ok(names.join(" ")),
        "status" => Ok(if lab.is_powered_off(&target()?) {
            "off".into()
        } else {
            "on".into()
        }),
        "off" => {
            let n = target()?;
            act(&|| lab.power_off(&n))?;
            record(&n, "off");
            Ok("off".into())
        }
        "on" => {
            let n = target()?;
            act(&|| lab.boot(&n))?;
            record(&n, "on");
            Ok("on".into())
        }
        _ => Err(format!(
            "unknown request {verb:?} (ping, list, status, off, on)"
        )),
    }
}

/// The lab node the process on the other end of `stream` runs in (by its network namespace).
fn requester(lab: &Lab, stream: &UnixStream) -> Result<String, String> {
    use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
    let cred = getsockopt(stream, PeerCredentials).map_err(|e| format!("SO_PEERCRED: {e}"))?;
    let netns = |pid: i64| std::fs::read_link(format!("/proc/{pid}/ns/net")).ok();
    let theirs = netns(cred.pid() as i64).ok_or("the requesting process is gone")?;
    lab.node_names()
        .into_iter()
        .find(|n| netns(lab.node(n).pid() as i64).as_ref() == Some(&theirs))
        .ok_or_else(|| "requests are answered from the lab's nodes only".to_string())
}

// ---------------------------------------------------------------------------------------------
// The agent

/// What the agent was asked: a fence action, its target, the controller's socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub action: String,
    pub target: Option<String>,
    pub socket: PathBuf,
}

/// Reads a request the fence-agents way: `-o/--action`, `-n/--plug`, `-s/--socket` on the
/// command line, or (with no arguments) `key=value` lines from stdin (`action`, `port`, `plug`,
/// `nodename`, `socket`; `option` is the old name of `action`; other keys, such as those
/// Pacemaker adds, are ignored).
pub fn parse_request(args: &[String], stdin: impl FnOnce() -> String) -> Result<Request, String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if args.is_empty() {
        for line in stdin().lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line
                .split_once('=')
                .ok_or_else(|| format!("stdin: {line:?} is not key=value"))?;
            pairs.push((k.trim().to_string(), v.trim().to_string()));
        }
    } else {
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let (k, inline) = match a.split_once('=') {
                Some((k, v)) if k.starts_with("--") => (k, Some(v.to_string())),
                _ => (a.as_str(), None),
            };
            let key = match k {
                "-o" | "--action" => "action",
                "-n" | "--plug" => "plug",
                "-s" | "--socket" => "socket",
                "-h" | "--help" => {
                    pairs.push(("action".into(), "help".into()));
                    continue;
                }
                _ => return Err(format!("unknown argument {a:?} (try --help)")),
            };
            let v = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .ok_or_else(|| format!("{a} needs a value"))?
                    .clone(),
            };
            pairs.push((key.into(), v));
        }
    }
    let get = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            pairs
                .iter()
                .rev()
                .find(|(pk, v)| pk == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    };
    Ok(Request {
        action: get(&["action", "option"]).unwrap_or_else(|| "reboot".into()),
        target: get(&["port", "plug", "nodename"]),
        socket: get(&["socket"])
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(NODE_DIR).join(SOCKET_NAME)),
    })
}

/// The agent's meta-data (fence-agents' form, which Pacemaker reads for `stonith:` agents).
pub fn metadata() -> String {
    let param = |name: &str, required: u8, getopt: &str, ty: &str, default: &str, desc: &str| {
        let default = if default.is_empty() {
            String::new()
        } else {
            format!(" default=\"{default}\"")
        };
        format!(
            "    <parameter name=\"{name}\" unique=\"0\" required=\"{required}\">\n      \
             <getopt mixed=\"{getopt}\" />\n      <content type=\"{ty}\"{default} />\n      \
             <shortdesc lang=\"en\">{desc}</shortdesc>\n    </parameter>\n"
        )
    };
    let mut params = String::new();
    params += &param(
        "action",
        1,
        "-o, --action=[action]",
        "string",
        "reboot",
        "Fencing action",
    );
    params += &param(
        "port",
        0,
        "-n, --plug=[node]",
        "string",
        "",
        "The lab node to act on (node1, node2, ...)",
    );
    params += &param("plug", 0, "-n, --plug=[node]", "string", "", "Same as port");
    params += &param(
        "nodename",
        0,
        "",
        "string",
        "",
        "The node to act on when neither port nor plug is given",
    );
    params += &param(
        "socket",
        0,
        "-s, --socket=[path]",
        "string",
        &format!("{NODE_DIR}/{SOCKET_NAME}"),
        "The lab power switch's socket, as the node sees it",
    );
    let actions: String = [
        "on",
        "off",
        "reboot",
        "status",
        "list",
        "monitor",
        "metadata",
        "validate-all",
    ]
    .iter()
    .map(|a| format!("    <action name=\"{a}\" />\n"))
    .collect();
    format!(
        "<?xml version=\"1.0\" ?>\n<resource-agent name=\"{AGENT}\" shortdesc=\"Power switch of the rustha cluster lab\">\n\
         <longdesc>Powers a node of the rustha cluster lab off (every process in its namespaces \
         ended, its link down) and on again (link up, cluster stack started), through the lab's \
         power switch. Only the lab's own nodes can be named, and only from a node that can reach \
         the switch over its link.</longdesc>\n<parameters>\n{params}</parameters>\n<actions>\n{actions}</actions>\n</resource-agent>\n"
    )
}

/// The fence agent's binary: in the bin dir, or next to the running program (the `lab` binary,
/// or a test in `deps/`).
pub fn agent_path(bin_dir: Option<&Path>) -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    let here = exe.parent();
    let found = [bin_dir, here, here.and_then(Path::parent)]
        .into_iter()
        .flatten()
        .map(|d| d.join(AGENT))
        .find(|p| p.exists());
    let agent = found.unwrap_or_else(|| {
        panic!(
            "fencing needs the {} binary; build it: cargo build --release -p rustha-tests --bins",
            AGENT
        )
    });
    agent.canonicalize().unwrap_or(agent)
}

/// One request to the controller at `socket`: its answer text, or its error.
pub fn ask(socket: &Path, request: &str) -> Result<String, String> {
    let mut s = UnixStream::connect(socket)
        .map_err(|e| format!("the lab power switch at {}: {e}", socket.display()))?;
    // Powering a node on waits for its cluster stack: seconds, under load tens of them.
    let _ = s.set_read_timeout(Some(Duration::from_secs(120)));
    s.write_all(format!("{request}\n").as_bytes())
        .map_err(|e| format!("writing to the power switch: {e}"))?;
    let mut reply = String::new();
    BufReader::new(s)
        .read_line(&mut reply)
        .map_err(|e| format!("reading the power switch's answer: {e}"))?;
    let reply = reply.trim_end();
    match reply.split_once(' ').unwrap_or((reply, "")) {
        ("ok", text) => Ok(text.to_string()),
        ("error", msg) => Err(msg.to_string()),
        _ => Err(format!("the power switch answered {reply:?}")),
    }
}

/// The agent: runs `req`, printing what fence-agents print; the exit code is 0 for success (and
/// for `status` of a node that is on), 2 for `status` of a node that is off, 1 for any failure.
pub fn run(req: &Request) -> ExitCode {
    let fail = |msg: String| {
        eprintln!("{AGENT}: {msg}");
        ExitCode::FAILURE
    };
    let target = || {
        req.target.clone().ok_or_else(|| {
            format!(
                "action {} needs a node: port=, plug= or nodename=",
                req.action
            )
        })
    };
    let ask = |r: String| ask(&req.socket, &r);
    let result = match req.action.as_str() {
        "metadata" => {
            print!("{}", metadata());
            return ExitCode::SUCCESS;
        }
        "help" => {
            println!(
                "usage: {AGENT} [-o ACTION] [-n NODE] [-s SOCKET], or key=value lines on stdin\n\
                 actions: on off reboot status list monitor metadata validate-all"
            );
            return ExitCode::SUCCESS;
        }
        "monitor" => ask("ping".into()).map(|_| ()),
        "list" | "list-status" => ask("list".into()).map(|nodes| {
            for n in nodes.split_whitespace() {
                println!("{n},");
            }
        }),
        "validate-all" => match &req.target {
            Some(t) => ask("list".into()).and_then(|nodes| {
                if nodes.split_whitespace().any(|n| n == t) {
                    Ok(())
                } else {
                    Err(format!("no node {t:?} in this lab (its nodes: {nodes})"))
                }
            }),
            None => Ok(()),
        },
        "status" => {
            return match target().and_then(|t| ask(format!("status {t}"))) {
                Ok(s) if s == "on" => {
                    println!("Status: ON");
                    ExitCode::SUCCESS
                }
                Ok(_) => {
                    println!("Status: OFF");
                    ExitCode::from(EXIT_OFF)
                }
                Err(e) => fail(e),
            }
        }
        "off" | "on" => target().and_then(|t| ask(format!("{} {t}", req.action)).map(|_| ())),
        "reboot" => target().and_then(|t| {
            ask(format!("off {t}"))?;
            ask(format!("on {t}")).map(|_| ())
        }),
        other => Err(format!(
            "unknown action {other:?} (on, off, reboot, status, list, monitor, metadata, validate-all)"
        )),
    };
    match result {
        Ok(()) => {
            if matches!(req.action.as_str(), "on" | "off" | "reboot") {
                println!("Success: {}", req.action);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// `fence_rustha_lab`'s main: reads the request, runs it.
pub fn agent_main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdin = || {
        let mut s = String::new();
        let _ = std::io::stdin().take(64 * 1024).read_to_string(&mut s);
        s
    };
    match parse_request(&args, stdin) {
        Ok(req) => run(&req),
        Err(e) => {
            eprintln!("{AGENT}: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> String {
        String::new()
    }

    #[test]
    fn requests_from_stdin_and_arguments() {
        let r = parse_request(&[], || {
            "# from pacemaker-fenced\naction=off\nport=node2\nnodename=node2\npcmk_x=1\n".into()
        })
        .unwrap();
        assert_eq!(r.action, "off");
        assert_eq!(r.target.as_deref(), Some("node2"));
        assert_eq!(r.socket, Path::new(NODE_DIR).join(SOCKET_NAME));
        let r = parse_request(&[], || "option=status\nnodename=node3\n".into()).unwrap();
        assert_eq!(
            (r.action.as_str(), r.target.as_deref()),
            ("status", Some("node3"))
        );
        let args: Vec<String> = ["-o", "on", "--plug=node1", "-s", "/x.sock"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let r = parse_request(&args, none).unwrap();
        assert_eq!(r.action, "on");
        assert_eq!(r.target.as_deref(), Some("node1"));
        assert_eq!(r.socket, Path::new("/x.sock"));
        assert!(parse_request(&[], || "action off\n".into())
            .unwrap_err()
            .contains("not key=value"));
        assert!(parse_request(&["--bogus".into()], none)
            .unwrap_err()
            .contains("--bogus"));
        assert_eq!(parse_request(&[], none).unwrap().action, "reboot");
    }

    #[test]
    fn metadata_names_the_agent_and_its_actions() {
        let m = metadata();
        assert!(m.contains(&format!("<resource-agent name=\"{AGENT}\"")));
        for a in ["on", "off", "reboot", "status", "list", "monitor"] {
            assert!(m.contains(&format!("<action name=\"{a}\" />")), "{a}");
        }
    }
}
