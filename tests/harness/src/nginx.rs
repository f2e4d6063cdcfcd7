//! nginx for the benchmarks, started from a configuration body the benchmark writes: as the
//! backend of the proxy benchmarks (one worker, static responses: a backend that costs little
//! CPU, so what is measured is the proxies) and as the anchor of
//! the UDP one (its stream module). Its master and worker are stopped when it is dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The stream module, loaded when a configuration has a `stream` block.
const STREAM_MODULE: &str = "/usr/lib/nginx/modules/ngx_stream_module.so";

/// A running nginx (master process and its workers).
pub struct Nginx {
    master: Child,
    dir: PathBuf,
}

impl Nginx {
    /// Whether nginx (and, when `stream`, its stream module) is installed.
    pub fn available(stream: bool) -> bool {
        Path::new("/usr/sbin/nginx").exists() && (!stream || Path::new(STREAM_MODULE).exists())
    }

    /// Start nginx in `dir` with one worker and `body` (the `http { }` or `stream { }` blocks),
    /// waiting until its worker runs.
    pub fn start(dir: &Path, body: &str) -> Nginx {
        let load = if body.contains("stream") {
            format!("load_module {STREAM_MODULE};\n")
        } else {
            String::new()
        };
        let d = dir.display();
        let conf = dir.join("nginx.conf");
        std::fs::write(
            &conf,
            format!(
                "{load}worker_processes 1;\nworker_rlimit_nofile 40000;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/nginx.err;\n\
                 events {{ worker_connections 16384; }}\n{body}\n"
            ),
        )
        .expect("write nginx.conf");
        let master = Command::new("/usr/sbin/nginx")
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn nginx (Debian package nginx-light)");
        let n = Nginx {
            master,
            dir: dir.to_path_buf(),
        };
        let up = crate::proxy::wait_for(Duration::from_secs(10), || !n.workers().is_empty());
        assert!(
            up,
            "nginx did not start: {}",
            std::fs::read_to_string(n.dir.join("nginx.err")).unwrap_or_default()
        );
        n
    }

    /// Its worker processes.
    pub fn workers(&self) -> Vec<u32> {
        let m = self.master.id();
        std::fs::read_to_string(format!("/proc/{m}/task/{m}/children"))
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect()
    }

    /// Master and workers.
    pub fn pids(&self) -> Vec<u32> {
        let mut v = vec![self.master.id()];
        v.extend(self.workers());
        v
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        use nix::sys::signal::{kill, Signal};
        use nix::unistd::Pid;
        let workers = self.workers();
        // TERM: the master stops its workers, then itself.
        let _ = kill(Pid::from_raw(self.master.id() as i32), Signal::SIGTERM);
        let ended = crate::proxy::wait_for(Duration::from_secs(5), || {
            matches!(self.master.try_wait(), Ok(Some(_)))
        });
        if !ended {
            let _ = self.master.kill();
            let _ = self.master.wait();
        }
        // A worker left behind (its master killed): only if that pid is still an nginx.
        for w in workers {
            let still_nginx = std::fs::read_to_string(format!("/proc/{w}/cmdline"))
                .is_ok_and(|c| c.starts_with("nginx"));
            if still_nginx {
                let _ = kill(Pid::from_raw(w as i32), Signal::SIGKILL);
            }
        }
    }
}
