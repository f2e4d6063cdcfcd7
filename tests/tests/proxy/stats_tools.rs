//! Existing tools read the proxy's stats: Debian's `prometheus-haproxy-exporter` scrapes the
//! `;csv` page (behind Basic auth) without errors and reports each server's up state, and the HTML
//! page rendered by headless Chromium shows every proxy and server with its state (a screenshot is
//! kept in `artifacts/proxy-stats.png`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rustha_harness::proxy::{free_port, wait_for, Banner, Daemon, HealthEndpoint, TempDir};

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn setup(d: &TempDir, auth: bool) -> (Daemon, u16, Vec<Banner>, Vec<HealthEndpoint>) {
    let a = Banner::start("127.0.0.1", 0, "a");
    let b = Banner::start("127.0.0.1", 0, "b");
    let ok = HealthEndpoint::start("127.0.0.1", 0, 200);
    let ko = HealthEndpoint::start("127.0.0.1", 0, 503);
    let st = free_port();
    let auth_line = if auth { "  stats auth ops:pw\n" } else { "" };
    let cfg = d.write(
        "p.cfg",
        &format!(
            "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 10s\n  timeout server 10s\n\
listen web\n  bind 127.0.0.1:{}\n  option httpchk GET /health\n  server web1 {} check port {} inter 200\n  server web2 {} check port {} inter 200 backup\n\
listen db\n  bind 127.0.0.1:{}\n  server db1 {} track web/web1\n\
listen stats\n  mode http\n  bind 127.0.0.1:{st}\n  stats enable\n  stats uri /stats\n{auth_line}",
            free_port(),
            a.addr,
            ok.addr.port(),
            b.addr,
            ko.addr.port(),
            free_port(),
            a.addr,
        ),
    );
    let px = Daemon::proxy(d, &cfg);
    assert!(wait_for(Duration::from_secs(5), || px
        .status("web", "web2")
        == "DOWN"
        && px.status("web", "web1") == "UP"));
    (px, st, vec![a, b], vec![ok, ko])
}

fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    s.write_all(format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes())
        .unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn prometheus_haproxy_exporter_scrapes_the_csv() {
    let d = TempDir::new("proxy-exporter");
    let (_px, st, _b, _h) = setup(&d, true);
    let listen = free_port();
    let _exp = Kill(
        Command::new("prometheus-haproxy-exporter")
            .arg(format!("--web.listen-address=127.0.0.1:{listen}"))
            .arg(format!(
                "--haproxy.scrape-uri=http://ops:pw@127.0.0.1:{st}/stats;csv"
            ))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(d.path("exporter.log")).unwrap())
            .spawn()
            .expect("prometheus-haproxy-exporter (Debian package)"),
    );
    let mut metrics = String::new();
    assert!(
        wait_for(Duration::from_secs(10), || {
            metrics = TcpStream::connect(("127.0.0.1", listen))
                .map(|_| get(listen, "/metrics"))
                .unwrap_or_default();
            metrics.contains("haproxy_up")
        }),
        "exporter never answered: {}",
        std::fs::read_to_string(d.path("exporter.log")).unwrap_or_default()
    );
    let line = |name: &str| {
        metrics
            .lines()
            .find(|l| l.starts_with(name))
            .map(|l| l.to_string())
            .unwrap_or_default()
    };
    assert_eq!(line("haproxy_up "), "haproxy_up 1", "{metrics}");
    assert!(
        line("haproxy_exporter_csv_parse_failures").ends_with(" 0"),
        "{}",
        line("haproxy_exporter_csv_parse_failures")
    );
    assert!(
        line("haproxy_server_up{backend=\"web\",server=\"web1\"}").ends_with(" 1"),
        "{metrics}"
    );
    assert!(
        line("haproxy_server_up{backend=\"web\",server=\"web2\"}").ends_with(" 0"),
        "{metrics}"
    );
    assert!(
        line("haproxy_server_up{backend=\"db\",server=\"db1\"}").ends_with(" 1"),
        "{metrics}"
    );
    assert!(
        line("haproxy_backend_up{backend=\"web\"}").ends_with(" 1"),
        "{metrics}"
    );
    // With wrong credentials the exporter reports the scrape as failed.
    let bad = free_port();
    let _bad = Kill(
        Command::new("prometheus-haproxy-exporter")
            .arg(format!("--web.listen-address=127.0.0.1:{bad}"))
            .arg(format!(
                "--haproxy.scrape-uri=http://ops:nope@127.0.0.1:{st}/stats;csv"
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut m = String::new();
    assert!(wait_for(Duration::from_secs(10), || {
        m = TcpStream::connect(("127.0.0.1", bad))
            .map(|_| get(bad, "/metrics"))
            .unwrap_or_default();
        m.contains("haproxy_up")
    }));
    assert!(m.lines().any(|l| l == "haproxy_up 0"), "{m}");
}

#[test]
fn html_page_in_headless_chromium() {
    let d = TempDir::new("proxy-chromium");
    let (px, st, _b, _h) = setup(&d, false);
    let artifacts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let shot = artifacts.join("proxy-stats.png");
    let _ = std::fs::remove_file(&shot);
    let chromium = |extra: &[&str]| {
        Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", d.path("chrome").display()))
            .args(extra)
            .arg(format!("http://127.0.0.1:{st}/stats"))
            .output()
            .expect("chromium (Debian package)")
    };
    let dom = chromium(&["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout).to_string();
    // Every proxy and every server, with its state as the CSV says.
    for (px_name, sv) in [
        ("web", "web1"),
        ("web", "web2"),
        ("db", "db1"),
        ("stats", "FRONTEND"),
    ] {
        assert!(
            dom.contains(&format!("<table id=\"{px_name}\">")),
            "{px_name} missing:\n{dom}"
        );
        let status = px.status(px_name, sv);
        assert!(
            dom.contains(&format!("<td class=\"n\">{sv}</td><td>{status}</td>")),
            "{px_name}/{sv} {status} missing:\n{dom}"
        );
    }
    let out = chromium(&[
        "--window-size=1280,900",
        &format!("--screenshot={}", shot.display()),
    ]);
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "screenshot looks empty ({} bytes)",
        png.len()
    );
    println!("stats page screenshot: {}", shot.display());
}
