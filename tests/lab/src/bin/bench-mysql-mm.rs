//! `bench-mysql-mm`: action time of `ocf:rustha:mysql-mm` against its anchor, `ocf:heartbeat:mysql`
//! (resource-agents 4.12), on the same two bootstrapped MariaDB servers, in one run, alternating.
//!
//! Both are called as Pacemaker calls a promotable clone's monitor: `OCF_RESOURCE_INSTANCE` set
//! (so both run `crm_attribute` for the promotion score, which fails fast here: no cluster), on
//! the writable node (8) and on the read-only replica (0). The shell agent is measured at depth 0
//! (pidfile plus `mysqladmin`-style ping) and at depth 10 with `test_table` and
//! `replication_user`, which is when it checks the replica status, as mysql-mm always does.
//! Wall time is spawn-to-exit; CPU time is user+system of the agent and everything it forked.
//! mysql-mm's promote and demote are timed too (the shell agent's need a live CIB).

use std::process::Command;

use rustha_harness::bin;
use rustha_harness::mariadb::{Maria, MariaRoot};
use rustha_lab::bench::{median, ms, ocf_command, settings, timed, Knob, Sample};

const ABOUT: &str = "Action time of ocf:rustha:mysql-mm against ocf:heartbeat:mysql";

const KNOBS: &[Knob] = &[Knob {
    name: "rounds",
    env: "BENCH_MYSQL_ROUNDS",
    default: Some("20"),
    help: "Rounds of each action on each server",
}];

const HEARTBEAT: &str = "/usr/lib/ocf/resource.d/heartbeat/mysql";
const REPL_PW: &str = "bench-repl-Secret";

fn run(argv: &[&str], env: &[(String, String)], action: &str, want: i32) -> Sample {
    let mut c = ocf_command(argv, action, "bench-db", 60000);
    c.envs(env.iter().map(|(k, v)| (k, v)));
    let s = timed(&mut c);
    assert_eq!(s.code, Some(want), "{argv:?} {action} exited {:?}", s.code);
    s
}

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn ocf_env(m: &Maria) -> Vec<(String, String)> {
    m.ocf_params()
        .into_iter()
        .map(|(k, v)| (format!("OCF_RESKEY_{k}"), v))
        .collect()
}

fn main() {
    let s = settings(env!("CARGO_BIN_NAME"), ABOUT, KNOBS);
    let rounds: usize = s.get("rounds");
    rustha_harness::require_root();
    rustha_harness::mariadb::stop_all_on_panic();
    assert!(
        std::path::Path::new(HEARTBEAT).exists(),
        "{HEARTBEAT} missing: install resource-agents"
    );
    let agent = bin("mysql-mm");
    let agent = agent.to_str().unwrap();
    let root = MariaRoot::new("bench");
    let a = Maria::init(&root, "a");
    let b = Maria::init(&root, "b");
    let repl_pw = root.secret("repl.pw", REPL_PW);
    let admin_pw = root.secret("admin.pw", "bench-admin-Secret");
    let ours = |m: &Maria, peer: &Maria| {
        let mut env = ocf_env(m);
        env.push(kv("OCF_RESKEY_peer", &format!("127.0.0.1:{}", peer.port)));
        env.push(kv(
            "OCF_RESKEY_replication_password_file",
            repl_pw.to_str().unwrap(),
        ));
        env
    };
    let (ours_a, ours_b) = (ours(&a, &b), ours(&b, &a));
    for env in [&ours_a, &ours_b] {
        run(&[agent], env, "start", 0);
    }
    for m in [&a, &b] {
        m.sql(
            "SET SESSION sql_log_bin=0; CREATE USER admin@'127.0.0.1' IDENTIFIED BY 'bench-admin-Secret'; \
             GRANT ALL ON *.* TO admin@'127.0.0.1' WITH GRANT OPTION",
        );
    }
    let out = Command::new(agent)
        .args([
            "bootstrap",
            "--peer-admin-user",
            "admin",
            "--peer-admin-passwd-file",
        ])
        .arg(&admin_pw)
        .envs(ours_a.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("bootstrap");
    assert!(
        out.status.success(),
        "bootstrap: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    run(&[agent], &ours_a, "promote", 0);

    // The shell agent on the same servers, as a promotable clone instance.
    let shell = |m: &Maria, depth: &str| {
        let mut env = ocf_env(m);
        env.extend([
            kv("OCF_RESKEY_binary", "/usr/sbin/mariadbd"),
            kv("OCF_RESKEY_client_binary", "/usr/bin/mariadb"),
            kv("OCF_RESKEY_user", "mysql"),
            kv("OCF_RESKEY_test_user", "root"),
            kv("OCF_RESKEY_CRM_meta_promotable", "true"),
            kv("OCF_RESKEY_CRM_meta_interval", "10000"),
            kv("OCF_CHECK_LEVEL", depth),
        ]);
        if depth != "0" {
            env.extend([
                kv("OCF_RESKEY_test_table", "mysql.user"),
                kv("OCF_RESKEY_test_passwd", "unused-with-unix-socket"),
                kv("OCF_RESKEY_replication_user", "repl"),
                kv("OCF_RESKEY_replication_passwd", REPL_PW),
            ]);
        }
        env
    };
    let mut monitor_a = ours_a.clone();
    monitor_a.push(kv("OCF_RESKEY_CRM_meta_interval", "10000"));
    let mut monitor_b = ours_b.clone();
    monitor_b.push(kv("OCF_RESKEY_CRM_meta_interval", "10000"));
    let monitor_b_alone = monitor_b.clone();
    type Case<'a> = (&'a str, &'a str, Vec<&'a str>, Vec<(String, String)>, i32);
    let cases: Vec<Case<'_>> = vec![
        (
            "monitor, writable node",
            "ocf:heartbeat:mysql depth 0",
            vec![HEARTBEAT],
            shell(&a, "0"),
            8,
        ),
        (
            "monitor, writable node",
            "ocf:heartbeat:mysql depth 10",
            vec![HEARTBEAT],
            shell(&a, "10"),
            8,
        ),
        (
            "monitor, writable node",
            "mysql-mm",
            vec![agent],
            monitor_a,
            8,
        ),
        (
            "monitor, read-only replica",
            "ocf:heartbeat:mysql depth 0",
            vec![HEARTBEAT],
            shell(&b, "0"),
            0,
        ),
        (
            "monitor, read-only replica",
            "ocf:heartbeat:mysql depth 10",
            vec![HEARTBEAT],
            shell(&b, "10"),
            0,
        ),
        (
            "monitor, read-only replica",
            "mysql-mm",
            vec![agent],
            monitor_b,
            0,
        ),
    ];
    let mut results: Vec<Vec<Sample>> = cases.iter().map(|_| Vec::new()).collect();
    for _ in 0..rounds {
        for (i, (_, _, argv, env, want)) in cases.iter().enumerate() {
            results[i].push(run(argv, env, "monitor", *want));
        }
    }
    // The agent's own share: the same monitor outside a cluster (no crm_attribute process).
    let mut alone = monitor_b_alone.clone();
    alone.push(kv("OCF_RESOURCE_INSTANCE", ""));
    let own: Vec<Sample> = (0..rounds)
        .map(|_| run(&[agent], &alone, "monitor", 0))
        .collect();
    // mysql-mm role changes: a demoted, b promoted, and back.
    let mut demote = Vec::new();
    let mut promote = Vec::new();
    for _ in 0..rounds.div_ceil(2) {
        for (from, to) in [(&ours_a, &ours_b), (&ours_b, &ours_a)] {
            demote.push(run(&[agent], from, "demote", 0).wall);
            promote.push(run(&[agent], to, "promote", 0).wall);
        }
    }

    println!(
        "\nmysql-mm vs ocf:heartbeat:mysql, MariaDB master-master pair on loopback, medians of {rounds} rounds, same run\n"
    );
    println!(
        "| action | agent | wall ms | CPU ms | wall speed-up of mysql-mm | CPU ratio |\n|---|---|---:|---:|---:|---:|"
    );
    for chunk in cases.chunks(3).zip(results.chunks(3)) {
        let (cs, rs) = chunk;
        let ours_wall = median(rs[2].iter().map(|s| s.wall).collect());
        let ours_cpu = median(rs[2].iter().map(|s| s.cpu).collect());
        for (c, r) in cs.iter().zip(rs) {
            let wall = median(r.iter().map(|s| s.wall).collect());
            let cpu = median(r.iter().map(|s| s.cpu).collect());
            let cpu_ratio = if ours_cpu.is_zero() {
                "-".to_string()
            } else {
                format!("{:.1}x", cpu.as_secs_f64() / ours_cpu.as_secs_f64())
            };
            println!(
                "| {} | {} | {:.2} | {:.2} | {:.1}x | {cpu_ratio} |",
                c.0,
                c.1,
                ms(wall),
                ms(cpu),
                wall.as_secs_f64() / ours_wall.as_secs_f64()
            );
        }
    }
    println!(
        "\nmysql-mm demote (read_only=ON, kill sessions): median {:.2} ms; promote (catch up with the \
         peer, stop IO thread, MASTER_POS_WAIT, read_only=OFF): median {:.2} ms ({} each)",
        ms(median(demote)),
        ms(median(promote)),
        rounds.div_ceil(2) * 2
    );
    println!(
        "mysql-mm monitor of the replica without a cluster (no crm_attribute run): median {:.2} ms wall, \
         {:.2} ms CPU: the rest of its figure above is crm_attribute, which both agents run",
        ms(median(own.iter().map(|s| s.wall).collect())),
        ms(median(own.iter().map(|s| s.cpu).collect()))
    );
    for env in [&ours_a, &ours_b] {
        run(&[agent], env, "stop", 0);
    }
}
