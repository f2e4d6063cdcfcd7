//! haproxy.cfg (and, by its first lines, ldirectord.cf) through `Config::parse`: no panic, and
//! every error names a line of the file and displays.

use std::path::Path;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let lines = text.lines().count();
        match rustha_proxy::config::Config::parse(Path::new("haproxy.cfg"), text) {
            Ok(cfg) => {
                for w in &cfg.warnings {
                    assert!(w.line <= lines, "warning names line {} of {lines}", w.line);
                    let _ = w.to_string();
                }
            }
            Err(e) => {
                assert!(!e.diags.is_empty(), "an error without a message");
                for d in &e.diags {
                    assert!(d.line <= lines, "error names line {} of {lines}", d.line);
                }
                let _ = e.to_string();
            }
        }
    });
}
