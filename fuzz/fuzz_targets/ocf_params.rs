//! OCF parameters (`Params::from_source`): NUL-separated `name=value` pairs into a `MapSource`,
//! read against a real agent's declarations and a set covering every type and check. Accepted
//! values validate again, and the typed getter reads what validation accepted.

use rustha::param::{Check, MapSource, ParamSpec, ParamType, Params};

fn ip(v: &str) -> Result<(), String> {
    v.parse::<std::net::IpAddr>()
        .map(|_| ())
        .map_err(|_| "an IP address".into())
}

static SPECS: &[ParamSpec] = &[
    ParamSpec::string("name").required(),
    ParamSpec::integer("count")
        .default("3")
        .check(Check::Range(-5, 1000)),
    ParamSpec::integer("port"),
    ParamSpec::boolean("flag").default("false"),
    ParamSpec::time("interval").default("10s"),
    ParamSpec::string("mode")
        .default("a")
        .check(Check::OneOf(&["a", "bb", "c-c"])),
    ParamSpec::string("ip").check(Check::Custom(ip)),
];

fn check(specs: &'static [ParamSpec], src: &MapSource) {
    let Ok(p) = Params::from_source(specs, src) else {
        return;
    };
    for s in specs {
        let v = p.raw(s.name);
        assert!(v.is_some() || !s.required, "required '{}' missing", s.name);
        let Some(v) = v else { continue };
        assert!(
            s.validate(v).is_ok(),
            "'{}' = {v:?} accepted, then refused",
            s.name
        );
        match s.kind {
            ParamType::Integer => {
                assert!(p.get::<i64>(s.name).is_ok(), "integer {v:?} unreadable")
            }
            ParamType::Time => assert!(
                p.get::<std::time::Duration>(s.name).is_ok(),
                "time {v:?} unreadable"
            ),
            ParamType::Boolean => {
                assert!(p.get::<bool>(s.name).is_ok(), "boolean {v:?} unreadable");
                assert!(
                    rustha::param::parse_bool(v).is_some(),
                    "boolean {v:?} unreadable"
                )
            }
            _ => {}
        }
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let mut src = MapSource::new();
        for pair in text.split('\0') {
            if let Some((k, v)) = pair.split_once('=') {
                src.set_param(k, v);
            }
        }
        check(SPECS, &src);
        check(rustha_filesync::PARAMS, &src);
    });
}
