//! Admin socket command lines (`admin::commands`, `admin::answer`) against a runtime built from
//! a small configuration, at the level the first byte picks. Every answer ends with a line end,
//! and a user never changes a server.

use std::path::Path;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Arc, OnceLock};

use rustha_proxy::config::Config;
use rustha_proxy::control::admin::{self, Level};
use rustha_proxy::runtime::state::{Process, Runtime};

const CFG: &str = "defaults\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n\
                   listen l\n bind 127.0.0.1:1\n server a 127.0.0.1:2 check\n server b 127.0.0.1:3\n\
                   backend be\n server c 127.0.0.1:4 weight 7\n";

fn main() {
    static RT: OnceLock<Arc<Runtime>> = OnceLock::new();
    afl::fuzz!(|data: &[u8]| {
        let Some((&lvl, line)) = data.split_first() else {
            return;
        };
        // A fresh runtime for a level that may change servers, one shared otherwise.
        let level = [Level::User, Level::Operator, Level::Admin][lvl as usize % 3];
        let build = || {
            let cfg = Config::parse(Path::new("haproxy.cfg"), CFG).unwrap();
            Arc::new(Runtime::build(cfg, Arc::new(Process::default()), None))
        };
        let rt = if level == Level::User {
            RT.get_or_init(build).clone()
        } else {
            build()
        };
        let weights = |rt: &Runtime| {
            rt.backends
                .iter()
                .flat_map(|b| b.servers.iter().map(|s| s.weight.load(Relaxed)))
                .collect::<Vec<_>>()
        };
        let before = weights(&rt);
        let line = String::from_utf8_lossy(line);
        for cmd in admin::commands(&line) {
            assert!(!cmd.is_empty() && !cmd.contains(';'));
            let out = admin::answer(&rt, cmd, level);
            assert!(
                out.ends_with('\n'),
                "an answer without its line end: {out:?}"
            );
        }
        if level == Level::User {
            assert_eq!(before, weights(&rt), "a user changed a weight");
        }
    });
}
