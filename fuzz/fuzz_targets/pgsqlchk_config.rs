//! pgsqlchk's config.json: no panic, and the password never reaches an error. Every `$PW` in
//! the input becomes the password (whatever JSON place it lands in: a string, a number's
//! digits, a key), and no piece of it may appear in the error's text; a parsed config's `Debug`
//! shows the password field redacted (its other fields hold what the file put there).

use std::path::Path;

use rustha_pgsqlchk::config::Config;

/// Letters no message of the parser is made of, so any five of them in a row are a leak.
const PW: &str = "Qz7xWk9vJq3Zp";

fn leaks(s: &str) -> Option<&'static str> {
    (0..=PW.len() - 5)
        .map(|i| &PW[i..i + 5])
        .find(|w| s.contains(w))
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        // Mutations of the password itself must not reveal it either.
        if leaks(text).is_some() {
            return;
        }
        let text = text.replace("$PW", PW);
        match Config::parse(Path::new("config.json"), &text) {
            Ok(cfg) => {
                // The password field is shown redacted. Other fields are shown as written, so
                // the password's letters may appear only where the file put them in those.
                assert_eq!(
                    format!("{:?}", cfg.health_check_user_password),
                    "<redacted>"
                );
                let shown = format!("{cfg:?}");
                if let Some(w) = leaks(&shown) {
                    let fields = [
                        &cfg.database_host,
                        &cfg.webserver_host,
                        &cfg.health_check_user,
                        &cfg.database_name,
                    ];
                    assert!(
                        fields.iter().any(|f| f.contains(w)),
                        "the password in a Debug: {shown}"
                    );
                }
            }
            Err(e) => {
                let shown = e.to_string();
                assert!(leaks(&shown).is_none(), "the password in an error: {shown}");
                let debug = format!("{e:?}");
                assert!(
                    leaks(&debug).is_none(),
                    "the password in an error's Debug: {debug}"
                );
            }
        }
    });
}
