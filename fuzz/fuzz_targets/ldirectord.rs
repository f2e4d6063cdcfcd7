//! ldirectord.cf translation: no panic, one source line recorded per generated line, and the
//! generated haproxy.cfg (what `proxy convert` prints) read back as an haproxy.cfg is accepted
//! exactly when the ldirectord file is, with the same proxies.

use std::path::Path;

use rustha_proxy::config::ldirectord;
use rustha_proxy::config::Config;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let file = Path::new("ldirectord.cf");
        let Ok(t) = ldirectord::translate(file, text) else {
            return;
        };
        assert_eq!(
            t.lines.len(),
            t.text.lines().count(),
            "a generated line without its source"
        );
        let lines = text.lines().count();
        assert!(
            t.lines.iter().all(|&l| l <= lines),
            "a generated line from past the end"
        );
        let direct = ldirectord::parse(file, text);
        let converted = Config::parse(Path::new("haproxy.cfg"), &t.text);
        match (&direct, &converted) {
            (Ok(a), Ok(b)) => {
                let names =
                    |c: &Config| c.proxies.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
                assert_eq!(names(a), names(b), "the converted file holds other proxies");
            }
            (Err(_), Err(_)) => {}
            _ => panic!(
                "ldirectord file and its conversion disagree: {:?} / {:?}",
                direct.as_ref().err().map(ToString::to_string),
                converted.as_ref().err().map(ToString::to_string)
            ),
        }
    });
}
