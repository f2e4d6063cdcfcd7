//! Heartbeat v1 (`crm no`, `haresources`) runs seed 001's Ultra Monkey setup with rustha in
//! place of IPaddr2 and ldirectord + LVS: `node1 vip::VIP/24/eth0 proxy::ldirectord.cf`, the
//! agents run through their resource.d wrappers, the seed's ldirectord.cf as written (addresses
//! substituted) in /etc/ha.d. Two heartbeat nodes in network + mount + UTS namespaces, two real
//! servers (HTTP and SIP over UDP) and a client in namespaces of their own; a graceful stop of
//! the active node's heartbeat moves the address and the load balancer to the other node.
//! A second test holds two entries each of proxy and filesync in one haresources line: separate
//! instances that run side by side, stop alone and all move on a takeover.

use std::time::Duration;

use rustha_harness::httpd::Httpd;
use rustha_harness::netns::Topology;
use rustha_harness::probe::{in_netns, outage, Prober, Responder};
use rustha_harness::proxy::{who, Banner};
use rustha_harness::require_root;
use rustha_harness::sip::{exchange, SipServer};
use rustha_lab::heartbeat::{require_heartbeat, wait_for, HaFiles, HeartbeatNode as Node};

const PORT: u16 = 7171;

#[test]
fn seed001_haresources_vip_and_ldirectord_cf_move_on_graceful_stop() {
    require_root();
    require_heartbeat();
    let topo = Topology::new(&["node1", "node2", "app1", "app2", "client"]);
    let vip = topo.spare_v4(0);
    // Seed 001's real servers: the web application (checked at /SpringRing/status for the
    // receive text) and the SIP service over UDP (checked with OPTIONS).
    let apps: Vec<(Httpd, SipServer)> = ["app1", "app2"]
        .iter()
        .map(|app| {
            let ip = topo.addr(app).to_string();
            in_netns(topo.ns(app), || {
                (
                    Httpd::start(
                        &ip,
                        9072,
                        &format!("Sample SpringRing web application {app}"),
                    ),
                    SipServer::start(&ip, 7072, app),
                )
            })
        })
        .collect();
    let ldirectord_cf = rustha_harness::proxy::example("seed001-ldirectord.cf")
        .replace("10.0.0.150", &vip.to_string())
        .replace("10.0.0.147", &topo.addr("app1").to_string())
        .replace("10.0.0.146", &topo.addr("app2").to_string());
    let ha_cf = format!(
        "logfile @DIR@/ha-log\ndebugfile @DIR@/ha-debug\nuse_logd no\nkeepalive 200ms\nwarntime 1\n\
         deadtime 2\ninitdead 4\nudpport 694\nucast eth0 {}\nucast eth0 {}\nauto_failback off\n\
         crm no\nnode node1\nnode node2\n",
        topo.addr("node1"),
        topo.addr("node2")
    );
    let haresources = format!("node1 vip::{vip}/24/eth0 proxy::ldirectord.cf\n");
    let files = HaFiles {
        ha_cf: &ha_cf,
        haresources: &haresources,
        files: &[("ldirectord.cf", ldirectord_cf.as_str())],
    };
    let n1 = Node::standalone(&topo, "node1", &files);
    let n2 = Node::standalone(&topo, "node2", &files);
    let logs = || format!("--- node1\n{}\n--- node2\n{}", n1.log(), n2.log());
    let _r1 = Responder::start(topo.ns("node1"), vip.into(), PORT, "node1");
    let _r2 = Responder::start(topo.ns("node2"), vip.into(), PORT, "node2");

    n1.heartbeat(&[]);
    n2.heartbeat(&[]);
    wait_for(
        "node1 to take the VIP",
        Duration::from_secs(40),
        || topo.ns("node1").has_addr(&vip.to_string()),
        &logs,
    );
    assert!(!topo.ns("node2").has_addr(&vip.to_string()));
    // Both nodes see each other before the fault, so node2 takes over rather than starting alone.
    wait_for(
        "node2 to see node1",
        Duration::from_secs(30),
        || n2.has_seen("node1"),
        &logs,
    );

    let prober = Prober::start(
        topo.ns("client"),
        vip.into(),
        PORT,
        Duration::from_millis(10),
    );
    assert!(
        prober.wait_served(Some("node1"), Duration::from_secs(5)),
        "client not served by node1"
    );
    let proxy_status = |n: &Node| n.resource("proxy", &["ldirectord.cf"], "status");
    let served = |what: &str| {
        wait_for(
            what,
            Duration::from_secs(20),
            || served_through(&topo, vip),
            &logs,
        )
    };
    served("the seed's services through node1's proxy");
    assert_eq!(proxy_status(&n1), "running");
    assert_eq!(proxy_status(&n2), "stopped");
    let fault = prober.now();
    n1.heartbeat(&["-k"]);
    wait_for(
        "node2 to take the VIP",
        Duration::from_secs(30),
        || topo.ns("node2").has_addr(&vip.to_string()),
        &logs,
    );
    assert!(
        prober.wait_served(Some("node2"), Duration::from_secs(10)),
        "client not served by node2"
    );
    served("the seed's services through node2's proxy");
    assert_eq!(proxy_status(&n2), "running");
    assert_eq!(proxy_status(&n1), "stopped", "proxy left running on node1");
    // Both real servers took part (round robin), through both balancers.
    for (http, sip) in &apps {
        assert!(!http.requests_to("/SpringRing/status").is_empty());
        assert!(sip.options.load(std::sync::atomic::Ordering::SeqCst) > 0);
    }
    let healed = prober.now();
    let samples = prober.stop();
    assert!(
        !topo.ns("node1").has_addr(&vip.to_string()),
        "VIP left behind on node1"
    );
    let gap = outage(&samples, fault, healed);
    println!(
        "heartbeat v1 graceful stop of node1: client-visible gap {:.0} ms (vip via haresources)",
        gap.as_secs_f64() * 1e3
    );
    // node2's heartbeat ran the wrappers' status/start with the positional arguments.
    assert!(n2.log().contains("vip"), "{}", logs());
    assert!(n2.log().contains("proxy"), "{}", logs());
}

/// From the client's namespace: the web service answers through the VIP with one of the real
/// servers' pages, and a SIP datagram is answered from the VIP.
fn served_through(topo: &Topology, vip: std::net::Ipv4Addr) -> bool {
    in_netns(topo.ns("client"), || {
        let web =
            std::net::TcpStream::connect_timeout(&(vip, 9072).into(), Duration::from_millis(500))
                .ok()
                .map(|s| {
                    let mut c = rustha_harness::httpd::Client::from_stream(s);
                    c.request("GET / HTTP/1.1\r\nHost: lb\r\n\r\n")
                })
                .is_some_and(|(code, _, body)| {
                    code == 200 && String::from_utf8_lossy(&body).contains("SpringRing")
                });
        let sip = std::net::UdpSocket::bind("0.0.0.0:0")
            .ok()
            .and_then(|u| exchange(&u, (vip, 7072).into(), "INFO", Duration::from_millis(500)));
        web && sip.is_some_and(|(reply, from)| {
            from == std::net::SocketAddr::from((vip, 7072)) && reply.ends_with(":INFO")
        })
    })
}

/// Two `proxy::` and two `filesync::` entries in one haresources line: each entry is its own
/// instance (pidfile, control socket, state file named after its arguments), so both of each
/// run, each stops alone, and a takeover moves all four. The second filesync entry sets a
/// parameter by name.
#[test]
fn two_entries_of_one_agent_are_separate_instances_and_all_move() {
    require_root();
    require_heartbeat();
    let topo = Topology::new(&["node1", "node2", "app1", "client"]);
    let app = in_netns(topo.ns("app1"), || {
        Banner::start(&topo.addr("app1").to_string(), 9100, "app1")
    });
    let cfg = |port: u16| {
        format!(
            "defaults\n  mode tcp\n  timeout connect 500ms\n  timeout client 10s\n  timeout server 10s\n\
             listen l{port}\n  bind 0.0.0.0:{port}\n  server app1 {}\n",
            app.addr
        )
    };
    let (cfg_a, cfg_b) = (cfg(7201), cfg(7202));
    let ha_cf = format!(
        "logfile @DIR@/ha-log\ndebugfile @DIR@/ha-debug\nuse_logd no\nkeepalive 200ms\nwarntime 1\n\
         deadtime 2\ninitdead 4\nudpport 694\nucast eth0 {}\nucast eth0 {}\nauto_failback off\n\
         crm no\nnode node1\nnode node2\n",
        topo.addr("node1"),
        topo.addr("node2")
    );
    // Each entry as heartbeat runs it: the resource script, then the arguments between '::'.
    let entries: [&[&str]; 4] = [
        &["proxy", "a.cfg"],
        &["proxy", "b.cfg"],
        &["filesync", "/run/sync/a", "/run/copy/a"],
        &["filesync", "/run/sync/b", "/run/copy/b", "delay=100ms"],
    ];
    let haresources = format!(
        "node1 {}\n",
        entries
            .iter()
            .map(|e| e.join("::"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let files = HaFiles {
        ha_cf: &ha_cf,
        haresources: &haresources,
        files: &[("a.cfg", cfg_a.as_str()), ("b.cfg", cfg_b.as_str())],
    };
    let nodes = [
        Node::standalone(&topo, "node1", &files),
        Node::standalone(&topo, "node2", &files),
    ];
    let logs = || {
        nodes
            .iter()
            .map(|n| format!("--- {}\n{}", n.name, n.log()))
            .collect::<String>()
    };
    for n in &nodes {
        // The replicated directories, in each node's own /run; not empty (the mass-delete guard).
        n.exec(&[
            "sh",
            "-ec",
            "mkdir -p /run/sync/a /run/sync/b /run/copy && echo a > /run/sync/a/seed && \
             echo b > /run/sync/b/seed",
        ]);
    }
    let run = |n: &Node, entry: &[&str], action: &str| n.resource(entry[0], &entry[1..], action);
    let statuses =
        |n: &Node| -> Vec<String> { entries.iter().map(|e| run(n, e, "status")).collect() };
    let served = |n: &Node, port: u16| {
        let addr = std::net::SocketAddr::from((topo.addr(&n.name), port));
        in_netns(topo.ns("client"), || who(addr)).as_deref() == Some("app1")
    };
    let replicates = |n: &Node, dir: &str, file: &str| {
        n.exec(&[
            "sh",
            "-ec",
            &format!("echo {file} > /run/sync/{dir}/{file}"),
        ]);
        wait_for(
            &format!("{} to replicate {dir}/{file}", n.name),
            Duration::from_secs(20),
            || n.exec(&["cat", &format!("/run/copy/{dir}/{file}")]).trim() == file,
            &logs,
        );
    };
    let all = |n: &Node, want: &str| {
        wait_for(
            &format!("all four entries {want} on {}", n.name),
            Duration::from_secs(40),
            || statuses(n).iter().all(|s| s == want),
            &|| format!("{:?}\n{}", statuses(n), logs()),
        )
    };

    nodes[0].heartbeat(&[]);
    nodes[1].heartbeat(&[]);
    all(&nodes[0], "running");
    assert!(statuses(&nodes[1]).iter().all(|s| s == "stopped"));
    assert!(served(&nodes[0], 7201) && served(&nodes[0], 7202));
    replicates(&nodes[0], "a", "one");
    replicates(&nodes[0], "b", "one");
    wait_for(
        "node2 to see node1",
        Duration::from_secs(30),
        || nodes[1].has_seen("node1"),
        &logs,
    );

    // Each entry stops alone (its own pidfile and control socket) and starts again.
    for (i, entry) in entries.iter().enumerate() {
        run(&nodes[0], entry, "stop");
        let now = statuses(&nodes[0]);
        for (j, s) in now.iter().enumerate() {
            let want = if i == j { "stopped" } else { "running" };
            assert_eq!(s, want, "after stopping {entry:?}: {now:?}\n{}", logs());
        }
        match i {
            0 => assert!(!served(&nodes[0], 7201) && served(&nodes[0], 7202)),
            1 => assert!(served(&nodes[0], 7201) && !served(&nodes[0], 7202)),
            _ => {}
        }
        run(&nodes[0], entry, "start");
        assert_eq!(run(&nodes[0], entry, "status"), "running", "{entry:?}");
    }

    // Takeover: a graceful stop of node1's heartbeat moves all four.
    nodes[0].heartbeat(&["-k"]);
    all(&nodes[1], "running");
    all(&nodes[0], "stopped");
    assert!(served(&nodes[1], 7201) && served(&nodes[1], 7202));
    replicates(&nodes[1], "a", "two");
    replicates(&nodes[1], "b", "two");
    assert!(app.accepted.load(std::sync::atomic::Ordering::SeqCst) > 0);
}
