//! `ocf:rustha:mysql-mm` as a promotable clone in a real two-node Pacemaker cluster: one MariaDB
//! server per node (in the node's network namespace, listening on its address), connected by
//! `mysql-mm bootstrap`; Pacemaker promotes exactly one, writes replicate, `pcs node standby` of
//! the promoted node moves the writable role to the other, and after a power failure of the
//! promoted node the survivor is promoted and the failed node rejoins as a replica.

use std::time::{Duration, Instant};

use rustha_lab::db::LabPair;
use rustha_lab::lab::Lab;

/// The role crm_mon shows for `res` on each node: (promoted nodes, unpromoted nodes).
fn roles(lab: &Lab) -> (Vec<String>, Vec<String>) {
    let out = lab
        .try_ok(&lab.admin_node(), &["crm_mon", "-1", "-r"])
        .unwrap_or_default();
    let list = |label: &str| -> Vec<String> {
        out.lines()
            .find_map(|l| {
                let l = l.trim().trim_start_matches("* ");
                let rest = l.strip_prefix(label)?;
                let inner = rest.trim().trim_start_matches('[').trim_end_matches(']');
                Some(inner.split_whitespace().map(str::to_string).collect())
            })
            .unwrap_or_default()
    };
    (list("Promoted:"), list("Unpromoted:"))
}

#[test]
fn two_node_promotable_clone_promotes_one_and_moves_on_standby() {
    rustha_harness::require_root();
    let agent = rustha_harness::bin("mysql-mm");
    let lab = Lab::new(2);
    let pair = LabPair::start(&lab, "node1", "node2");
    let (a, b, env) = (&pair.a, &pair.b, &pair.env);

    // The clone: both instances adopted by the probes, exactly one promoted.
    let create = pair.create_args("db");
    let t = Instant::now();
    lab.pcs(&create.iter().map(String::as_str).collect::<Vec<_>>());
    let mut first = String::new();
    lab.wait_for("one promoted instance", Duration::from_secs(60), || {
        let (p, u) = roles(&lab);
        if p.len() == 1 && u.len() == 1 {
            first = p[0].clone();
            true
        } else {
            false
        }
    });
    println!(
        "promoted {first} {} ms after pcs resource create",
        t.elapsed().as_millis()
    );
    let (writer, reader) = if first == "node1" { (a, b) } else { (b, a) };
    assert_eq!(writer.sql("SELECT @@read_only"), "0");
    assert_eq!(reader.sql("SELECT @@read_only"), "1");
    let attrs = lab.ok(&lab.admin_node(), &["crm_mon", "-1", "-A"]);
    assert!(
        attrs.contains("master-db"),
        "promotion scores published:\n{attrs}"
    );
    // Recurring monitors remember the published score and skip crm_attribute while it holds.
    let remembered = lab.ok(&first, &["sh", "-c", "cat /run/rustha/mysql-mm/*.score"]);
    assert_eq!(remembered.trim(), "1000");
    // What that saves, measured on the promoted node as Pacemaker calls the agent.
    for (label, interval) in [
        ("probe (always crm_attribute)", "0"),
        ("recurring monitor (score remembered)", "2000"),
    ] {
        let mut samples = Vec::new();
        for _ in 0..10 {
            let mut cmd = lab.command(&first, agent.to_str().unwrap());
            cmd.arg("monitor")
                .env("OCF_RESOURCE_INSTANCE", "db")
                .env("OCF_RESKEY_CRM_meta_on_node", &first)
                .env("OCF_RESKEY_CRM_meta_interval", interval);
            for (k, v) in env {
                cmd.env(format!("OCF_RESKEY_{k}"), v);
            }
            let t = Instant::now();
            let out = cmd.output().unwrap();
            samples.push(t.elapsed());
            assert_eq!(
                out.status.code(),
                Some(8),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        samples.sort();
        println!(
            "monitor of the promoted node, {label}: median {:.1} ms",
            samples[samples.len() / 2].as_secs_f64() * 1e3
        );
    }

    writer.sql("CREATE DATABASE lab; CREATE TABLE lab.t (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT); INSERT INTO lab.t (v) VALUES ('before')");
    reader.wait_for("SELECT COUNT(*) FROM lab.t", "1", Duration::from_secs(10));

    // Standby of the promoted node: the other one is promoted, the data is there.
    let t = Instant::now();
    lab.pcs(&["node", "standby", &first]);
    let second = if first == "node1" { "node2" } else { "node1" };
    lab.wait_for("the other node promoted", Duration::from_secs(60), || {
        roles(&lab).0 == [second.to_string()]
    });
    println!(
        "standby {first}: {second} promoted after {} ms",
        t.elapsed().as_millis()
    );
    assert_eq!(reader.sql("SELECT @@read_only"), "0");
    reader.sql("INSERT INTO lab.t (v) VALUES ('after')");
    assert_eq!(reader.sql("SELECT COUNT(*) FROM lab.t"), "2");
    lab.wait_for(
        "the standby node's server stopped",
        Duration::from_secs(30),
        || writer.pid().is_none(),
    );

    // Back online: it starts read-only and catches up from the new promoted node.
    lab.pcs(&["node", "unstandby", &first]);
    lab.wait_for(
        "both instances running again",
        Duration::from_secs(60),
        || {
            let (p, u) = roles(&lab);
            p == [second.to_string()] && u == [first.clone()]
        },
    );
    writer.wait_for("SELECT COUNT(*) FROM lab.t", "2", Duration::from_secs(20));
    assert_eq!(writer.sql("SELECT @@read_only"), "1");

    // Power failure of the promoted node (link cut, every process killed, its server too): the
    // survivor is promoted without its peer, and the failed node rejoins as a read-only replica.
    let t = Instant::now();
    lab.power_off(second);
    lab.wait_for("the survivor promoted", Duration::from_secs(60), || {
        roles(&lab).0 == [first.clone()]
    });
    println!(
        "power-off {second}: {first} promoted after {} ms",
        t.elapsed().as_millis()
    );
    assert_eq!(writer.sql("SELECT @@read_only"), "0");
    writer.sql("INSERT INTO lab.t (v) VALUES ('after-power-off')");
    lab.boot(second);
    lab.wait_for(
        "the failed node back as a replica",
        Duration::from_secs(90),
        || {
            let (p, u) = roles(&lab);
            p == [first.clone()] && u == [second.to_string()]
        },
    );
    reader.wait_for("SELECT COUNT(*) FROM lab.t", "3", Duration::from_secs(30));
    assert_eq!(reader.sql("SELECT @@read_only"), "1");
    assert_eq!(
        writer.sql("CHECKSUM TABLE lab.t"),
        reader.sql("CHECKSUM TABLE lab.t"),
        "both copies are identical after the failover"
    );

    lab.pcs(&["resource", "disable", "db"]);
    lab.wait_for("both servers stopped", Duration::from_secs(60), || {
        a.pid().is_none() && b.pid().is_none()
    });
}
