//! `bench-osm-failover`: action latency of `ocf:rustha:osm-failover` against its anchor, the
//! commands of seed 003's `osm-failover.sh`, in one run, in one network namespace, alternating.
//!
//! The anchor is the seed's `d_start`/`d_stop` (start-stop-daemon in the background, then
//! `iptables -t nat -I POSTROUTING ... -j SNAT`; stop with `--retry 5`, then `iptables -t nat -F`)
//! plus the check a shell monitor would make (`start-stop-daemon --status`, `iptables -C`).
//! Two deviations keep it safe to run: processes are matched by pidfile instead of the seed's
//! `--name` (which matches every process of that name on the host), and the flush only ever hits
//! this bench's own namespace. The bench enters the namespace itself (setns) and spawns both
//! directly, so the figures are the agents' own cost, not `ip netns exec`'s. Wall time is
//! spawn-to-exit; CPU time is user+system of the agent and everything it forked (wait4 rusage).

use rustha_harness::bin;
use rustha_harness::netns::Topology;
use rustha_lab::bench::{action_table, ocf_command, settings, timed, Knob, Sample};

/// Seed 003's commands as an OCF-style script: `$1` is the action.
const ABOUT: &str =
    "Action latency of ocf:rustha:osm-failover against the commands of the guide's osm-failover.sh";

const KNOBS: &[Knob] = &[Knob {
    name: "rounds",
    env: "BENCH_OSM_ROUNDS",
    default: Some("15"),
    help: "Rounds of start, monitor and stop of each side",
}];

const SEED_SCRIPT: &str = r#"
case "$1" in
start)
  start-stop-daemon --start --background --quiet --make-pidfile --pidfile "$PIDFILE" \
    --chuid root --exec "$DAEMON" -- $DAEMON_OPT || exit 1
  iptables -t nat -I POSTROUTING -d "$NET" -j SNAT --to "$VIP" ;;
stop)
  start-stop-daemon --stop --retry 5 --quiet --pidfile "$PIDFILE" --remove-pidfile
  iptables -t nat -F ;;
monitor)
  start-stop-daemon --status --pidfile "$PIDFILE" || exit 7
  iptables -w -t nat -C POSTROUTING -d "$NET" -j SNAT --to-source "$VIP" || exit 1 ;;
esac
"#;

fn run(argv: &[&str], env: &[(String, String)], action: &str) -> Sample {
    let mut c = ocf_command(argv, action, "bench-osm", 20000);
    c.envs(env.iter().map(|(k, v)| (k, v)));
    let s = timed(&mut c);
    let ok = match action {
        "monitor" => matches!(s.code, Some(0) | Some(7)),
        _ => s.code == Some(0),
    };
    assert!(ok, "{argv:?} {action} exited {:?}", s.code);
    s
}

fn main() {
    let s = settings(env!("CARGO_BIN_NAME"), ABOUT, KNOBS);
    let rounds: usize = s.get("rounds");
    rustha_harness::require_root();
    let topo = Topology::new(&["node1"]);
    let vip = topo.spare_v4(0).to_string();
    topo.ns("node1")
        .ip(&["addr", "add", &format!("{vip}/24"), "dev", "eth0"]);
    let net = topo.subnet().v4_net();
    let agent = bin("osm-failover");
    let agent = agent.to_str().unwrap();
    let pidfile = std::env::temp_dir().join(format!("bench-osm-seed-{}.pid", std::process::id()));
    let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
    let ours = vec![
        kv("OCF_RESKEY_daemon", "/bin/sleep"),
        kv("OCF_RESKEY_daemon_args", "1000"),
        kv("OCF_RESKEY_snat", &net),
        kv("OCF_RESKEY_to_source", &vip),
    ];
    let seed = vec![
        kv("DAEMON", "/bin/sleep"),
        kv("DAEMON_OPT", "1000"),
        kv("NET", &net),
        kv("VIP", &vip),
        kv("PIDFILE", pidfile.to_str().unwrap()),
    ];
    type Agent<'a> = (&'a str, Vec<&'a str>, &'a [(String, String)]);
    let agents: [Agent<'_>; 2] = [
        (
            "seed 003 script",
            vec!["sh", "-c", SEED_SCRIPT, "seed"],
            &seed,
        ),
        ("osm-failover", vec![agent], &ours),
    ];
    let actions = ["start", "monitor", "stop", "monitor"];
    let mut results: Vec<Vec<Vec<Sample>>> = (0..agents.len())
        .map(|_| (0..actions.len()).map(|_| Vec::new()).collect())
        .collect();
    // Measured from a thread inside the namespace (the agents it spawns start there too); the
    // main thread stays outside, so tearing the namespace down does not kill this process.
    let path = format!("/run/netns/{}", topo.ns("node1").name());
    std::thread::scope(|s| {
        s.spawn(|| {
            let ns = std::fs::File::open(&path).expect("netns");
            nix::sched::setns(ns, nix::sched::CloneFlags::CLONE_NEWNET).expect("setns");
            for _ in 0..rounds {
                for (ai, (_, argv, env)) in agents.iter().enumerate() {
                    for (ki, action) in actions.iter().enumerate() {
                        results[ai][ki].push(run(argv, env, action));
                    }
                }
            }
        });
    });
    let _ = std::fs::remove_file(&pidfile);
    let labels = ["start", "monitor (running)", "stop", "monitor (stopped)"];
    println!(
        "\nosm-failover action time vs seed 003's shell commands, medians of {rounds} rounds, same namespace, same run\n"
    );
    let names: Vec<&str> = agents.iter().map(|(n, _, _)| *n).collect();
    action_table("seed", &labels, &names, &results);
    println!(
        "\nosm-failover start includes a 100 ms check that the daemon survives its start (the seed \
         returns as soon as start-stop-daemon has forked); its stop removes only its own rule, the \
         seed's flushes the whole nat table."
    );
}
