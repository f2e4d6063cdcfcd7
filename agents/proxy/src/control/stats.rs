//! Renderings of the shared model: HAProxy's CSV (same columns, same order, same meanings, so
//! monitoring tools that read fields by position keep working), HAProxy 2.6's typed and JSON
//! outputs of `show stat` and `show info`, an HTML page a person can read, and Prometheus text
//! metrics.
//!
//! The stats columns are declared once, in [`COLUMNS`] (name, value type, tags); the rows are
//! built once per request from the model, and CSV, typed and JSON are three printings of the same
//! rows. The JSON is written by hand rather than through `serde_json::to_string` of a map because
//! its key order is part of HAProxy's format; `serde_json` still escapes the strings.

use std::fmt::Write as _;
use std::sync::atomic::Ordering::Relaxed;

use crate::config::{Balance, Mode, Stats};
use crate::data::http::Page;
use crate::runtime::counters::Counters;
use crate::runtime::lock;
use crate::runtime::state::{Backend, Frontend, Runtime, Server};

/// Declares a tag enum with each variant's letter in `show stat typed`, written once: both
/// conversions come from it.
macro_rules! tag_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $l:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vm])* $v,)*
        }

        impl $name {
            /// From its letter. An unknown letter fails the build, since every table below is
            /// evaluated at compile time.
            const fn from_letter(b: u8) -> Self {
                match b {
                    $($l => Self::$v,)*
                    _ => panic!(concat!("unknown ", stringify!($name), " letter")),
                }
            }

            /// Its letter in `show stat typed`.
            fn letter(self) -> char {
                match self {
                    $(Self::$v => $l as char,)*
                }
            }
        }
    };
}

tag_enum! {
    /// Where a field's value comes from (HAProxy's `origin` tag; first letter in `show stat typed`).
    Origin {
        /// A measured value.
        Metric = b'M',
        /// A state.
        Status = b'S',
        /// Identifies the object.
        Key = b'K',
        /// Set by the configuration.
        Config = b'C',
        /// About the product itself.
        Product = b'P',
    }
}

tag_enum! {
    /// What a field measures (HAProxy's `nature` tag).
    Nature {
        /// Current value.
        Gauge = b'G',
        /// A configured limit.
        Limit = b'L',
        /// Lowest value seen.
        Min = b'm',
        /// Highest value seen.
        Max = b'M',
        /// Per-second rate.
        Rate = b'R',
        /// Ever-growing counter.
        Counter = b'C',
        /// A duration.
        Duration = b'D',
        /// Time since an event.
        Age = b'A',
        /// A date.
        Time = b'T',
        /// A name.
        Name = b'N',
        /// Human-readable output.
        Output = b'O',
        /// An average.
        Avg = b'a',
    }
}

tag_enum! {
    /// How far a field applies (HAProxy's `scope` tag).
    Scope {
        /// The whole cluster.
        Cluster = b'C',
        /// This process.
        Process = b'P',
        /// The service, whatever the process.
        Service = b'S',
        /// The system.
        System = b's',
    }
}

/// A field's three tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tags {
    /// Origin.
    pub origin: Origin,
    /// Nature.
    pub nature: Nature,
    /// Scope.
    pub scope: Scope,
}

impl Tags {
    /// From the three letters `show stat typed` prints (`MGP`: Metric, Gauge, Process).
    const fn typed(code: &str) -> Tags {
        let b = code.as_bytes();
        assert!(b.len() == 3, "three tag letters");
        Tags {
            origin: Origin::from_letter(b[0]),
            nature: Nature::from_letter(b[1]),
            scope: Scope::from_letter(b[2]),
        }
    }

    /// The three letters of `show stat typed`.
    pub fn letters(self) -> String {
        [
            self.origin.letter(),
            self.nature.letter(),
            self.scope.letter(),
        ]
        .iter()
        .collect()
    }
}

/// A field's value type, as HAProxy names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// Signed 32 bits.
    S32,
    /// Unsigned 32 bits.
    U32,
    /// Unsigned 64 bits.
    U64,
    /// A string.
    Str,
}

impl Type {
    fn name(self) -> &'static str {
        match self {
            Type::S32 => "s32",
            Type::U32 => "u32",
            Type::U64 => "u64",
            Type::Str => "str",
        }
    }
}

/// One stats column: its name, value type and tags. HAProxy tags a few columns differently on
/// BACKEND rows than on FRONTEND and server rows (`act`, `bck`, `rate`, `rate_max`).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// CSV header name and JSON field name.
    pub name: &'static str,
    /// Value type.
    pub ty: Type,
    /// Tags on FRONTEND and server rows.
    pub tags: Tags,
    /// Tags on BACKEND rows.
    pub backend: Tags,
}

const fn c(name: &'static str, ty: Type, tags: &str) -> Column {
    Column {
        name,
        ty,
        tags: Tags::typed(tags),
        backend: Tags::typed(tags),
    }
}

const fn cb(name: &'static str, ty: Type, tags: &str, backend: &str) -> Column {
    Column {
        name,
        ty,
        tags: Tags::typed(tags),
        backend: Tags::typed(backend),
    }
}

use Type::{Str, S32, U32, U64};

/// HAProxy 2.6's stats columns up to `agg_check_status` (the fixed, documented part), in their
/// order: a column's position is its index here (monitoring tools read the CSV by position). Types
/// and tags as HAProxy 2.6's `show stat typed` and `show stat json` give them. The CSV, JSON and
/// typed renderings all come from this table and the same rows.
pub const COLUMNS: &[Column] = &[
    c("pxname", Str, "KNS"),
    c("svname", Str, "KNS"),
    c("qcur", U32, "MGP"),
    c("qmax", U32, "MMP"),
    c("scur", U32, "MGP"),
    c("smax", U32, "MMP"),
    c("slim", U32, "CLP"),
    c("stot", U64, "MCP"),
    c("bin", U64, "MCP"),
    c("bout", U64, "MCP"),
    c("dreq", U64, "MCP"),
    c("dresp", U64, "MCP"),
    c("ereq", U64, "MCP"),
    c("econ", U64, "MCP"),
    c("eresp", U64, "MCP"),
    c("wretr", U64, "MCP"),
    c("wredis", U64, "MCP"),
    c("status", Str, "SGP"),
    c("weight", U32, "MaP"),
    cb("act", U32, "SGP", "MGP"),
    cb("bck", U32, "SGP", "MGP"),
    c("chkfail", U64, "MCP"),
    c("chkdown", U64, "MCP"),
    c("lastchg", U32, "MAP"),
    c("downtime", U32, "MCP"),
    c("qlimit", U32, "CGS"),
    c("pid", U32, "KGP"),
    c("iid", U32, "KGS"),
    c("sid", U32, "KGS"),
    c("throttle", U32, "MaP"),
    c("lbtot", U64, "MCP"),
    c("tracked", Str, "CNS"),
    c("type", U32, "CGS"),
    cb("rate", U32, "MRP", "MGP"),
    c("rate_lim", U32, "CLP"),
    cb("rate_max", U32, "MMP", "MGP"),
    c("check_status", Str, "MOP"),
    c("check_code", U32, "MOP"),
    c("check_duration", U64, "MDP"),
    c("hrsp_1xx", U64, "MCP"),
    c("hrsp_2xx", U64, "MCP"),
    c("hrsp_3xx", U64, "MCP"),
    c("hrsp_4xx", U64, "MCP"),
    c("hrsp_5xx", U64, "MCP"),
    c("hrsp_other", U64, "MCP"),
    c("hanafail", U64, "MCP"),
    c("req_rate", U32, "MRP"),
    c("req_rate_max", U32, "MMP"),
    c("req_tot", U64, "MCP"),
    c("cli_abrt", U64, "MCP"),
    c("srv_abrt", U64, "MCP"),
    c("comp_in", U64, "MCP"),
    c("comp_out", U64, "MCP"),
    c("comp_byp", U64, "MCP"),
    c("comp_rsp", U64, "MCP"),
    c("lastsess", S32, "MAP"),
    c("last_chk", Str, "MOP"),
    c("last_agt", Str, "MOP"),
    c("qtime", U32, "MaP"),
    c("ctime", U32, "MaP"),
    c("rtime", U32, "MaP"),
    c("ttime", U32, "MaP"),
    c("agent_status", Str, "MOP"),
    c("agent_code", U32, "MOP"),
    c("agent_duration", U64, "MDP"),
    c("check_desc", Str, "MOP"),
    c("agent_desc", Str, "MOP"),
    c("check_rise", U32, "CGS"),
    c("check_fall", U32, "CGS"),
    c("check_health", U32, "CGS"),
    c("agent_rise", U32, "CGS"),
    c("agent_fall", U32, "CGS"),
    c("agent_health", U32, "CGS"),
    c("addr", Str, "CGS"),
    c("cookie", Str, "CNS"),
    c("mode", Str, "CGS"),
    c("algo", Str, "CGS"),
    c("conn_rate", U32, "MRP"),
    c("conn_rate_max", U32, "MMP"),
    c("conn_tot", U64, "MCP"),
    c("intercepted", U64, "MCP"),
    c("dcon", U64, "MCP"),
    c("dses", U64, "MCP"),
    c("wrew", U64, "MCP"),
    c("connect", U64, "MCP"),
    c("reuse", U64, "MCP"),
    c("cache_lookups", U64, "MCP"),
    c("cache_hits", U64, "MCP"),
    c("srv_icur", U32, "MGP"),
    c("src_ilim", U32, "CLP"),
    c("qtime_max", U32, "MMP"),
    c("ctime_max", U32, "MMP"),
    c("rtime_max", U32, "MMP"),
    c("ttime_max", U32, "MMP"),
    c("eint", U64, "MCP"),
    c("idle_conn_cur", U32, "MGP"),
    c("safe_conn_cur", U32, "MGP"),
    c("used_conn_cur", U32, "MGP"),
    c("need_conn_est", U32, "MGP"),
    c("uweight", U32, "MaP"),
    c("agg_server_status", U32, "MGP"),
    c("agg_server_check_status", U32, "MGP"),
    c("agg_check_status", U32, "MGP"),
];

/// HAProxy's `pid` column and `processNum`: the process number, always 1 since HAProxy 2.5
/// dropped `nbproc` (not the system's process id, which `show info` gives as `Pid`).
const PROCESS_NUM: u32 = 1;

fn col(name: &str) -> usize {
    COLUMNS
        .iter()
        .position(|c| c.name == name)
        .expect("known column")
}

/// One row under construction: a cell per column, `None` when the row has no such value (an
/// empty CSV cell, a field left out of the JSON and typed outputs).
struct Row(Vec<Option<String>>);

impl Row {
    fn new() -> Self {
        Row(vec![None; COLUMNS.len()])
    }
    /// Set a cell; an empty text leaves the field out.
    fn set(&mut self, name: &str, v: impl ToString) -> &mut Self {
        let v = v.to_string();
        let i = col(name);
        debug_assert!(
            COLUMNS[i].ty == Str || v.is_empty() || number(COLUMNS[i].ty, &v).is_some(),
            "{name} = {v:?} is not a {}",
            COLUMNS[i].ty.name()
        );
        self.0[i] = (!v.is_empty()).then_some(v);
        self
    }
    /// Set a text cell that is part of the row even when empty (HAProxy's `last_chk`: its JSON
    /// has the field with an empty string, its CSV an empty cell).
    fn set_text(&mut self, name: &str, v: &str) -> &mut Self {
        self.0[col(name)] = Some(v.to_string());
        self
    }
    fn get(&self, name: &str) -> &str {
        self.0[col(name)].as_deref().unwrap_or("")
    }
    fn csv(&self) -> String {
        self.0
            .iter()
            .map(|f| quote(f.as_deref().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(",")
    }
    /// HAProxy's object kind, from the `type` column: (JSON name, typed letter).
    fn obj(&self) -> (&'static str, char) {
        match self.get("type") {
            "0" => ("Frontend", 'F'),
            "1" => ("Backend", 'B'),
            "2" => ("Server", 'S'),
            _ => ("Listener", 'L'),
        }
    }
    fn tags(&self, c: &Column) -> Tags {
        if self.obj().1 == 'B' {
            c.backend
        } else {
            c.tags
        }
    }
    /// The row's key for JSON and typed output: (proxy id, object id).
    fn ids(&self) -> (&str, &str) {
        (self.get("iid"), self.get("sid"))
    }
}

/// A numeric cell as the JSON number it is (None when it does not parse as `ty`).
fn number(ty: Type, text: &str) -> Option<String> {
    let ok = match ty {
        Type::S32 => text.parse::<i32>().is_ok(),
        Type::U32 => text.parse::<u32>().is_ok(),
        Type::U64 => text.parse::<u64>().is_ok(),
        Type::Str => false,
    };
    ok.then(|| text.to_string())
}

/// One field object of HAProxy's JSON output, after the `objType`/`proxyId`/`id` keys (stats)
/// or from the start (info): `"field":{..},"processNum":1,"tags":{..},"value":{..}`.
fn json_field(out: &mut String, pos: usize, name: &str, tags: Tags, ty: Type, text: &str) {
    let (ty, value) = match number(ty, text) {
        Some(n) => (ty, n),
        None => (Type::Str, serde_json::Value::from(text).to_string()),
    };
    let _ = write!(
        out,
        "\"field\":{{\"pos\":{pos},\"name\":{}}},\"processNum\":{PROCESS_NUM},\"tags\":{{\"origin\":\"{:?}\",\"nature\":\"{:?}\",\"scope\":\"{:?}\"}},\"value\":{{\"type\":\"{}\",\"value\":{value}}}}}",
        serde_json::Value::from(name),
        tags.origin,
        tags.nature,
        tags.scope,
        ty.name()
    );
}

fn quote(f: &str) -> String {
    if f.contains([',', '"', '\n']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

fn mode(m: Mode) -> &'static str {
    match m {
        Mode::Tcp => "tcp",
        Mode::Http => "http",
        Mode::Udp => "udp",
    }
}

fn algo(b: Balance) -> &'static str {
    match b {
        Balance::RoundRobin => "roundrobin",
        Balance::LeastConn => "leastconn",
        Balance::Source => "source",
        Balance::First => "first",
    }
}

/// Which kind of row a column helper fills.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Obj {
    Frontend,
    Backend,
    Server,
}

/// HTTP counters, as HAProxy 2.6 shows them: filled for HTTP proxies; a TCP frontend shows
/// `req_tot` and the request rates 0 and the rest empty, TCP servers and backends nothing.
///
/// The proxy has no cache (a `cache` section is ignored), so its lookups and hits are 0.
fn http_columns(r: &mut Row, c: &Counters, http: bool, obj: Obj) {
    if http {
        // hrsp_1xx..hrsp_other are consecutive columns, in the order of `Counters::hrsp`.
        let first = col("hrsp_1xx");
        for (i, n) in c.hrsp.iter().enumerate() {
            r.0[first + i] = Some(n.load(Relaxed).to_string());
        }
        r.set("req_tot", c.req_tot.load(Relaxed));
        if obj != Obj::Server {
            r.set("cache_lookups", 0).set("cache_hits", 0);
        }
        if obj == Obj::Frontend {
            r.set("req_rate", c.req_rate())
                .set("req_rate_max", c.req_rate_max.load(Relaxed));
        }
    } else if obj == Obj::Frontend {
        r.set("req_tot", 0)
            .set("req_rate", 0)
            .set("req_rate_max", 0);
    }
}

/// Counters of features the proxy does not have, so they are 0 as HAProxy shows them for a
/// proxy that never uses them: compression (`compression` is ignored) on frontends and
/// backends, and on frontends the `tcp-request connection`/`session` rejections (`tcp-request`
/// is ignored).
fn absent_features(r: &mut Row, obj: Obj) {
    for name in ["comp_in", "comp_out", "comp_byp", "comp_rsp"] {
        r.set(name, 0);
    }
    if obj == Obj::Frontend {
        r.set("dcon", 0).set("dses", 0);
    }
}

fn frontend_row(rt: &Runtime, f: &Frontend) -> Row {
    let mut r = Row::new();
    let c = &f.c;
    let slim = f.cfg.maxconn.or(rt.cfg.global.maxconn).unwrap_or(0);
    r.set("pxname", &f.cfg.name)
        .set("svname", "FRONTEND")
        .set("scur", c.cur.load(Relaxed))
        .set("smax", c.max.load(Relaxed))
        .set(
            "slim",
            if slim > 0 {
                slim.to_string()
            } else {
                String::new()
            },
        )
        .set("stot", c.tot.load(Relaxed))
        .set("bin", c.bin.load(Relaxed))
        .set("bout", c.bout.load(Relaxed))
        .set("dreq", c.dreq.load(Relaxed))
        .set("dresp", c.dresp.load(Relaxed))
        .set("ereq", c.ereq.load(Relaxed))
        .set(
            "status",
            if rt.process.stopping.load(Relaxed) || f.cfg.disabled {
                "STOP"
            } else {
                "OPEN"
            },
        )
        .set("pid", PROCESS_NUM)
        .set("iid", f.iid)
        .set("sid", 0)
        .set("type", 0)
        .set("rate", c.rate())
        .set("rate_lim", 0)
        .set("rate_max", c.rate_max.load(Relaxed))
        .set("mode", mode(f.cfg.mode))
        .set("conn_rate", c.rate())
        .set("conn_rate_max", c.rate_max.load(Relaxed))
        .set("conn_tot", c.tot.load(Relaxed));
    http_columns(&mut r, c, f.cfg.mode == Mode::Http, Obj::Frontend);
    absent_features(&mut r, Obj::Frontend);
    r
}

fn server_row(b: &Backend, s: &Server, legends: bool) -> Row {
    let mut r = Row::new();
    let c = &s.c;
    let d = lock(&s.detail);
    let (weight, check, health, chkfail, chkdown) =
        (d.weight, d.check.clone(), d.health, d.chkfail, d.chkdown);
    drop(d);
    let own_check = s.cfg.check && s.cfg.track.is_none();
    r.set("pxname", &b.cfg.name)
        .set("svname", &s.cfg.name)
        .set("qcur", 0)
        .set("qmax", 0)
        .set("scur", c.cur.load(Relaxed))
        .set("smax", c.max.load(Relaxed))
        .set(
            "slim",
            if s.cfg.maxconn > 0 {
                s.cfg.maxconn.to_string()
            } else {
                String::new()
            },
        )
        .set("stot", c.tot.load(Relaxed))
        .set("bin", c.bin.load(Relaxed))
        .set("bout", c.bout.load(Relaxed))
        .set("dresp", c.dresp.load(Relaxed))
        .set("econ", c.econ.load(Relaxed))
        .set("eresp", c.eresp.load(Relaxed))
        .set("wretr", c.wretr.load(Relaxed))
        .set("wredis", c.wredis.load(Relaxed))
        .set("status", s.status())
        .set("weight", weight)
        .set("act", u8::from(!s.cfg.backup))
        .set("bck", u8::from(s.cfg.backup))
        .set("lastchg", s.last_change_secs())
        .set("pid", PROCESS_NUM)
        .set("iid", b.iid)
        .set("sid", s.sid)
        .set("lbtot", c.lbtot.load(Relaxed))
        .set("type", 2)
        .set("rate", c.rate())
        .set("rate_max", c.rate_max.load(Relaxed))
        .set("mode", mode(b.cfg.mode))
        .set("cli_abrt", 0)
        .set("srv_abrt", 0)
        .set("lastsess", -1)
        .set("qtime", 0)
        .set("ctime", 0)
        .set("rtime", 0)
        .set("ttime", 0)
        .set("uweight", weight);
    if let Some(t) = &s.cfg.track {
        r.set("tracked", format!("{}/{}", t.backend, t.server));
    }
    if legends {
        r.set("addr", s.addr.map(|a| a.to_string()).unwrap_or_default());
    }
    if own_check {
        r.set("chkfail", chkfail)
            .set("chkdown", chkdown)
            .set("downtime", s.downtime().as_secs())
            .set(
                "check_status",
                if check.status.is_empty() {
                    ""
                } else {
                    check.status
                },
            )
            .set(
                "check_code",
                check.code.map(|c| c.to_string()).unwrap_or_default(),
            )
            .set(
                "check_duration",
                check
                    .duration
                    .map(|d| d.as_millis().to_string())
                    .unwrap_or_default(),
            )
            .set(
                "check_desc",
                crate::runtime::check::status_description(check.status),
            )
            .set_text("last_chk", &check.desc)
            .set("check_rise", health.rise)
            .set("check_fall", health.fall)
            .set("check_health", health.health);
    }
    http_columns(&mut r, c, b.cfg.mode == Mode::Http, Obj::Server);
    r
}

fn backend_row(b: &Backend, legends: bool) -> Row {
    let mut r = Row::new();
    let c = &b.c;
    let lb = b.lb.load();
    let (mut act, mut bck, mut weight) = (0, 0, 0);
    for s in &b.servers {
        if s.usable.load(Relaxed) {
            if s.cfg.backup {
                bck += 1;
            } else {
                act += 1;
            }
        }
    }
    for &i in &lb.list {
        weight += lock(&b.servers[i].detail).weight;
    }
    let d = *lock(&b.detail);
    let downtime = d.down.total();
    let srv_bytes = |f: fn(&Server) -> u64| b.servers.iter().map(|s| f(s)).sum::<u64>();
    r.set("pxname", &b.cfg.name)
        .set("svname", "BACKEND")
        .set("qcur", c.qcur.load(Relaxed))
        .set("qmax", c.qmax.load(Relaxed))
        .set("scur", c.cur.load(Relaxed))
        .set("smax", c.max.load(Relaxed))
        .set("slim", b.fullconn)
        .set("stot", c.tot.load(Relaxed))
        .set(
            "bin",
            c.bin
                .load(Relaxed)
                .max(srv_bytes(|s| s.c.bin.load(Relaxed))),
        )
        .set(
            "bout",
            c.bout
                .load(Relaxed)
                .max(srv_bytes(|s| s.c.bout.load(Relaxed))),
        )
        .set("dreq", 0)
        .set("dresp", c.dresp.load(Relaxed))
        .set("econ", c.econ.load(Relaxed))
        .set("eresp", c.eresp.load(Relaxed))
        .set("wretr", c.wretr.load(Relaxed))
        .set("wredis", c.wredis.load(Relaxed))
        // HAProxy calls a backend without any server UP (a stats-only listen, say).
        .set(
            "status",
            if b.is_up() || b.servers.is_empty() {
                "UP"
            } else {
                "DOWN"
            },
        )
        .set("weight", weight)
        .set("act", act)
        .set("bck", bck)
        .set("chkdown", d.downs)
        .set("lastchg", d.last_change.elapsed().as_secs())
        .set("pid", PROCESS_NUM)
        .set("iid", b.iid)
        .set("sid", 0)
        .set("lbtot", c.tot.load(Relaxed))
        .set("type", 1)
        .set("rate", c.rate())
        .set("rate_max", c.rate_max.load(Relaxed))
        .set("cli_abrt", 0)
        .set("srv_abrt", 0)
        .set("lastsess", -1)
        .set("qtime", 0)
        .set("ctime", 0)
        .set("rtime", 0)
        .set("ttime", 0)
        .set("mode", mode(b.cfg.mode))
        .set("uweight", weight);
    if legends {
        r.set("algo", algo(b.cfg.balance));
    }
    // A backend without servers (a stats-only listen) has no downtime, as in HAProxy.
    if !b.servers.is_empty() {
        r.set("downtime", downtime.as_secs());
    }
    http_columns(&mut r, c, b.cfg.mode == Mode::Http, Obj::Backend);
    absent_features(&mut r, Obj::Backend);
    r
}

/// Every row, in HAProxy's order. `legends` adds what HAProxy shows only on the admin socket or
/// under `stats show-legends`: server addresses and the backends' balancing algorithm.
fn rows(rt: &Runtime, legends: bool) -> Vec<Row> {
    let mut out = Vec::new();
    for p in &rt.cfg.proxies {
        if let Some(f) = rt.frontends.iter().find(|f| f.cfg.name == p.name) {
            out.push(frontend_row(rt, f));
        }
        if let Some(b) = rt.backends.iter().find(|b| b.cfg.name == p.name) {
            for s in &b.servers {
                out.push(server_row(b, s, legends));
            }
            out.push(backend_row(b, legends));
        }
    }
    out
}

/// Which rows `show stat` dumps: HAProxy's `{<iid>|<proxy>} <type> <sid>` arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only the proxy with this numeric id.
    pub proxy: Option<String>,
    /// Object types as a bit mask: 1 frontends, 2 backends, 4 servers (-1: all).
    pub types: i32,
    /// Only this server id (-1: all).
    pub sid: i32,
}

impl Filter {
    /// Everything.
    pub fn all() -> Filter {
        Filter {
            proxy: None,
            types: -1,
            sid: -1,
        }
    }
    fn keeps(&self, r: &Row) -> bool {
        let proxy_ok = self.proxy.as_deref().is_none_or(|p| p == r.get("iid"));
        let bit = match r.obj().1 {
            'F' => 1,
            'B' => 2,
            _ => 4,
        };
        let sid_ok = self.sid < 0 || r.obj().1 != 'S' || r.get("sid") == self.sid.to_string();
        proxy_ok && self.types & bit != 0 && sid_ok
    }
}

/// The output formats of `show stat` / `show info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV (stats) or `Name: value` lines (info).
    Text,
    /// One `F.iid.sid.pos.name.proc:TAGS:type:value` line per field.
    Typed,
    /// HAProxy's JSON.
    Json,
}

/// A page under `stats uri` (what the data path's [`crate::data::Context`] is handed).
pub fn page(rt: &Runtime, st: &Stats, page: Page) -> String {
    match page {
        Page::Csv => csv(rt, st.show_legends),
        Page::Json => stat(rt, &Filter::all(), Format::Json, st.show_legends),
        Page::Prometheus => prometheus(rt),
        Page::Html { refresh } => html(rt, st.uri(), refresh, st.hide_version),
    }
}

/// `show stat` / `;csv`: header line, then one row per FRONTEND, server and BACKEND (`legends`:
/// see [`stat`]).
pub fn csv(rt: &Runtime, legends: bool) -> String {
    stat(rt, &Filter::all(), Format::Text, legends)
}

/// The stats rows in `format`, as `show stat` prints them (without the CLI's closing empty line).
/// `legends` adds server addresses and balancing algorithms, as HAProxy does on its admin
/// socket and, under `stats show-legends`, on the stats page.
pub fn stat(rt: &Runtime, filter: &Filter, format: Format, legends: bool) -> String {
    let rows = rows(rt, legends).into_iter().filter(|r| filter.keeps(r));
    let mut out = String::new();
    match format {
        Format::Text => {
            out.push_str("# ");
            for c in COLUMNS {
                out.push_str(c.name);
                out.push(',');
            }
            out.pop();
            out.push('\n');
            for r in rows {
                out.push_str(&r.csv());
                out.push('\n');
            }
        }
        Format::Typed => {
            for r in rows {
                let (_, letter) = r.obj();
                let (px, id) = r.ids();
                for (pos, (c, v)) in COLUMNS.iter().zip(&r.0).enumerate() {
                    if let Some(v) = v {
                        let _ = writeln!(
                            out,
                            "{letter}.{px}.{id}.{pos}.{}.{PROCESS_NUM}:{}:{}:{v}",
                            c.name,
                            r.tags(c).letters(),
                            c.ty.name()
                        );
                    }
                }
            }
        }
        Format::Json => {
            out.push('[');
            for (i, r) in rows.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('[');
                let (kind, _) = r.obj();
                let (px, id) = r.ids();
                let mut first = true;
                for (pos, (c, v)) in COLUMNS.iter().zip(&r.0).enumerate() {
                    let Some(v) = v else {
                        continue;
                    };
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    let _ = write!(
                        out,
                        "{{\"objType\":\"{kind}\",\"proxyId\":{px},\"id\":{id},"
                    );
                    json_field(&mut out, pos, c.name, r.tags(c), c.ty, v);
                }
                out.push(']');
            }
            out.push_str("]\n");
        }
    }
    out
}

/// One `show info` field: HAProxy 2.6's position, name, type and tags.
#[derive(Debug, Clone, Copy)]
pub struct InfoField {
    /// Position in HAProxy 2.6's list (fields we do not have leave gaps, as HAProxy's own
    /// absent fields do).
    pub pos: usize,
    /// Name.
    pub name: &'static str,
    /// Value type.
    pub ty: Type,
    /// Tags.
    pub tags: Tags,
}

const fn i(pos: usize, name: &'static str, ty: Type, tags: &str) -> InfoField {
    InfoField {
        pos,
        name,
        ty,
        tags: Tags::typed(tags),
    }
}

/// The `show info` fields the model has, at HAProxy 2.6's positions; `Generation` (reloads
/// applied) is rustha's own and comes after HAProxy 2.6's last field (`Tainted`, 71).
pub const INFO: &[InfoField] = &[
    i(0, "Name", Str, "POS"),
    i(1, "Version", Str, "POS"),
    i(3, "Nbthread", U32, "CGS"),
    i(4, "Nbproc", U32, "CGS"),
    i(5, "Process_num", U32, "KGP"),
    i(6, "Pid", U32, "SGP"),
    i(7, "Uptime", Str, "MDP"),
    i(8, "Uptime_sec", U32, "MDP"),
    i(13, "Ulimit-n", U32, "CLP"),
    i(15, "Maxconn", U32, "CLP"),
    i(16, "Hard_maxconn", U32, "CLP"),
    i(17, "CurrConns", U32, "MGP"),
    i(18, "CumConns", U32, "MCP"),
    i(19, "CumReq", U32, "MCP"),
    i(50, "node", Str, "COS"),
    i(52, "Stopping", U32, "MGP"),
    i(70, "Start_time_sec", U32, "MDP"),
    i(72, "Generation", U64, "MCP"),
];

/// The values of [`INFO`], in its order.
fn info_values(rt: &Runtime) -> Vec<String> {
    let p = &rt.process;
    let up = p.started.elapsed().map(|d| d.as_secs()).unwrap_or(0);
    let start = p
        .started
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let nofile = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
        .map(|(soft, _)| soft.min(u64::from(u32::MAX)))
        .unwrap_or(0);
    let node = nix::unistd::gethostname()
        .map(|h| h.to_string_lossy().into_owned())
        .unwrap_or_default();
    // HAProxy's CumReq counts the HTTP requests its frontends received.
    let requests: u64 = rt.frontends.iter().map(|f| f.c.req_tot.load(Relaxed)).sum();
    let maxconn = p.limit.max.load(Relaxed);
    INFO.iter()
        .map(|f| match f.name {
            "Name" => "rustha-proxy".to_string(),
            "Version" => env!("CARGO_PKG_VERSION").to_string(),
            "Nbthread" => crate::data::workers::threads().to_string(),
            "Nbproc" | "Process_num" => "1".to_string(),
            "Pid" => std::process::id().to_string(),
            "Uptime" => format!(
                "{}d {}h{:02}m{:02}s",
                up / 86400,
                (up % 86400) / 3600,
                (up % 3600) / 60,
                up % 60
            ),
            "Uptime_sec" => up.to_string(),
            "Ulimit-n" => nofile.to_string(),
            "Maxconn" | "Hard_maxconn" => maxconn.to_string(),
            "CurrConns" => p.sessions.load(Relaxed).to_string(),
            // u32 fields in HAProxy too: they wrap there as well.
            "CumConns" => (p.total.load(Relaxed) as u32).to_string(),
            "CumReq" => (requests as u32).to_string(),
            "node" => node.clone(),
            "Stopping" => u8::from(p.stopping.load(Relaxed)).to_string(),
            "Start_time_sec" => start.to_string(),
            "Generation" => p.generation.load(Relaxed).to_string(),
            other => unreachable!("info field {other} without a value"),
        })
        .collect()
}

/// `show info` in `format` (without the CLI's closing empty line).
pub fn info(rt: &Runtime, format: Format) -> String {
    let values = info_values(rt);
    let mut out = String::new();
    match format {
        Format::Text => {
            for (f, v) in INFO.iter().zip(&values) {
                let _ = writeln!(out, "{}: {v}", f.name);
            }
        }
        Format::Typed => {
            for (f, v) in INFO.iter().zip(&values) {
                let _ = writeln!(
                    out,
                    "{}.{}.{PROCESS_NUM}:{}:{}:{v}",
                    f.pos,
                    f.name,
                    f.tags.letters(),
                    f.ty.name()
                );
            }
        }
        Format::Json => {
            out.push('[');
            for (n, (f, v)) in INFO.iter().zip(&values).enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push('{');
                json_field(&mut out, f.pos, f.name, f.tags, f.ty, v);
            }
            out.push_str("]\n");
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn human_secs(s: u64) -> String {
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{}s", s / 60, s % 60),
        3600..=86399 => format!("{}h{}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d{}h", s / 86400, (s % 86400) / 3600),
    }
}

/// The HTML page.
pub fn html(rt: &Runtime, uri: &str, refresh: Option<u64>, hide_version: bool) -> String {
    let mut h = String::new();
    let title = if hide_version {
        "Statistics Report".to_string()
    } else {
        format!(
            "Statistics Report for rustha proxy {}",
            env!("CARGO_PKG_VERSION")
        )
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>{}<style>\
body{{font-family:Arial,Helvetica,sans-serif;font-size:13px;margin:12px}}\
table{{border-collapse:collapse;margin-bottom:18px;min-width:900px}}\
th,td{{border:1px solid #999;padding:2px 6px;text-align:right}}\
th{{background:#20a0ff;color:#fff}} td.n{{text-align:left;font-weight:bold}}\
caption{{text-align:left;font-size:15px;font-weight:bold;padding:4px 0;background:#b0d0ff}}\
tr.UP td{{background:#c0ffc0}} tr.DOWN td{{background:#ff9090}} tr.GOINGDOWN td{{background:#ffd020}}\
tr.GOINGUP td{{background:#e0e060}} tr.NOLB td{{background:#a0e0ff}} tr.MAINT td{{background:#c07820;color:#fff}}\
tr.NOCHECK td{{background:#e0e0e0}} tr.FE td,tr.BE td{{background:#f0f0f0;font-weight:bold}}\
</style></head><body><h1>{}</h1>\n",
        esc(&title),
        refresh
            .map(|r| format!("<meta http-equiv=\"refresh\" content=\"{r}\">"))
            .unwrap_or_default(),
        esc(&title)
    );
    let _ = writeln!(
        h,
        "<p>pid = {} &middot; uptime = {} &middot; current sessions = {} &middot; generation = {} &middot; <a href=\"{}\">CSV export</a> &middot; <a href=\"{}\">JSON export</a></p>",
        std::process::id(),
        human_secs(rt.process.started.elapsed().map(|d| d.as_secs()).unwrap_or(0)),
        rt.process.sessions.load(Relaxed),
        rt.process.generation.load(Relaxed),
        esc(&format!("{uri};csv")),
        esc(&format!("{uri};json"))
    );
    let all = rows(rt, false);
    for p in &rt.cfg.proxies {
        let _ = write!(
            h,
            "<table id=\"{0}\"><caption>{0} <small>({1})</small></caption>\n<tr><th>Name</th><th>Status</th><th>Last check</th><th>Queue cur/max</th><th>Sessions cur/max/limit</th><th>Total</th><th>Bytes in</th><th>Bytes out</th><th>Conn errors</th><th>Retries/Redisp</th><th>Weight</th><th>Act/Bck</th><th>Chk fail/down</th><th>Last change</th><th>Downtime</th></tr>\n",
            esc(&p.name),
            mode(p.mode)
        );
        for r in all.iter().filter(|r| r.get("pxname") == p.name) {
            let sv = r.get("svname");
            let status = r.get("status");
            let class = match sv {
                "FRONTEND" => "FE",
                "BACKEND" => "BE",
                _ if status.starts_with("UP ") => "GOINGDOWN",
                _ if status.starts_with("DOWN ") => "GOINGUP",
                _ if status.starts_with("UP") => "UP",
                _ if status.starts_with("DOWN") => "DOWN",
                _ if status.starts_with("NOLB") || status.starts_with("DRAIN") => "NOLB",
                _ if status.starts_with("MAINT") => "MAINT",
                _ => "NOCHECK",
            };
            let check = match (
                r.get("check_status"),
                r.get("check_code"),
                r.get("check_duration"),
            ) {
                ("", _, _) if !r.get("tracked").is_empty() => format!("via {}", r.get("tracked")),
                ("", _, _) => String::new(),
                (s, "", d) => format!("{s} in {d}ms"),
                (s, c, d) => format!("{s}/{c} in {d}ms"),
            };
            let lastchg = r
                .get("lastchg")
                .parse::<u64>()
                .map(human_secs)
                .unwrap_or_default();
            let downtime = r
                .get("downtime")
                .parse::<u64>()
                .map(human_secs)
                .unwrap_or_default();
            let _ = writeln!(
                h,
                "<tr class=\"{class}\"><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}/{}</td><td>{}/{}/{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}/{}</td><td>{}</td><td>{}/{}</td><td>{}/{}</td><td>{}</td><td>{}</td></tr>",
                esc(sv),
                esc(status),
                esc(&check),
                r.get("qcur"),
                r.get("qmax"),
                r.get("scur"),
                r.get("smax"),
                r.get("slim"),
                r.get("stot"),
                r.get("bin"),
                r.get("bout"),
                r.get("econ"),
                r.get("wretr"),
                r.get("wredis"),
                r.get("weight"),
                r.get("act"),
                r.get("bck"),
                r.get("chkfail"),
                r.get("chkdown"),
                lastchg,
                downtime
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</body></html>\n");
    h
}

/// Prometheus text exposition (names as HAProxy's built-in exporter uses them).
pub fn prometheus(rt: &Runtime) -> String {
    let mut o = String::new();
    let mut metric = |name: &str, help: &str, kind: &str, samples: Vec<(String, String)>| {
        let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for (labels, v) in samples {
            let _ = writeln!(o, "{name}{{{labels}}} {v}");
        }
    };
    let fe = |f: &Frontend| format!("proxy=\"{}\"", f.cfg.name);
    let be = |b: &Backend| format!("proxy=\"{}\"", b.cfg.name);
    let sv =
        |b: &Backend, s: &Server| format!("proxy=\"{}\",server=\"{}\"", b.cfg.name, s.cfg.name);
    let fes = &rt.frontends;
    let bes = &rt.backends;
    metric(
        "haproxy_process_current_connections",
        "Number of active sessions.",
        "gauge",
        vec![(String::new(), rt.process.sessions.load(Relaxed).to_string())],
    );
    metric(
        "haproxy_frontend_current_sessions",
        "Number of current sessions.",
        "gauge",
        fes.iter()
            .map(|f| (fe(f), f.c.cur.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_frontend_sessions_total",
        "Total number of sessions.",
        "counter",
        fes.iter()
            .map(|f| (fe(f), f.c.tot.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_frontend_bytes_in_total",
        "Current total of incoming bytes.",
        "counter",
        fes.iter()
            .map(|f| (fe(f), f.c.bin.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_frontend_bytes_out_total",
        "Current total of outgoing bytes.",
        "counter",
        fes.iter()
            .map(|f| (fe(f), f.c.bout.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_status",
        "Current status of the service (1 = UP).",
        "gauge",
        bes.iter()
            .map(|b| (be(b), u8::from(b.is_up()).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_current_sessions",
        "Number of current sessions.",
        "gauge",
        bes.iter()
            .map(|b| (be(b), b.c.cur.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_current_queue",
        "Number of current queued connections.",
        "gauge",
        bes.iter()
            .map(|b| (be(b), b.c.qcur.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_sessions_total",
        "Total number of sessions.",
        "counter",
        bes.iter()
            .map(|b| (be(b), b.c.tot.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_backend_connection_errors_total",
        "Total number of connection errors.",
        "counter",
        bes.iter()
            .map(|b| (be(b), b.c.econ.load(Relaxed).to_string()))
            .collect(),
    );
    let servers: Vec<(&Backend, &Server)> = bes
        .iter()
        .flat_map(|b| b.servers.iter().map(move |s| (b.as_ref(), s.as_ref())))
        .collect();
    metric(
        "haproxy_server_status",
        "Current status of the server (1 = UP).",
        "gauge",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), u8::from(s.operational()).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_current_sessions",
        "Number of current sessions.",
        "gauge",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.c.cur.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_sessions_total",
        "Total number of sessions.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.c.tot.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_bytes_in_total",
        "Current total of incoming bytes.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.c.bin.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_bytes_out_total",
        "Current total of outgoing bytes.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.c.bout.load(Relaxed).to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_check_failures_total",
        "Total number of failed checks.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), lock(&s.detail).chkfail.to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_check_up_down_total",
        "Total number of UP->DOWN transitions.",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), lock(&s.detail).chkdown.to_string()))
            .collect(),
    );
    metric(
        "haproxy_server_downtime_seconds_total",
        "Total downtime (in seconds).",
        "counter",
        servers
            .iter()
            .map(|(b, s)| (sv(b, s), s.downtime().as_secs().to_string()))
            .collect(),
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::state::{Process, Runtime};
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn csv_columns_match_haproxy_positions() {
        // Positions monitoring tools rely on.
        assert_eq!(col("status"), 17);
        assert_eq!(col("check_status"), 36);
        assert_eq!(col("type"), 32);
        assert_eq!(col("addr"), 73);
        let cfg = crate::config::Config::parse(
            Path::new("t"),
            "listen l\n bind 127.0.0.1:1\n server a 127.0.0.1:2 check\n server b 127.0.0.1:3\n server c 127.0.0.1:4 track a backup\n",
        )
        .unwrap();
        let rt = Runtime::build(cfg, Arc::new(Process::default()), None);
        let text = csv(&rt, true);
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
        assert!(lines[0][0].starts_with("# pxname"));
        assert!(lines.iter().all(|l| l.len() == COLUMNS.len()));
        let names: Vec<(&str, &str)> = lines[1..].iter().map(|l| (l[1], l[17])).collect();
        assert_eq!(
            names,
            [
                ("FRONTEND", "OPEN"),
                ("a", "UP 1/3"),
                ("b", "no check"),
                ("c", "UP 1/3"),
                ("BACKEND", "UP")
            ]
        );
        assert_eq!(lines[4][31], "l/a");
        let page = html(&rt, "/", Some(5), true);
        assert!(page.contains("<td class=\"n\">a</td><td>UP 1/3</td>"));
        assert!(page.contains("<a href=\"/;json\">JSON export</a>"));
        assert!(prometheus(&rt).contains("haproxy_server_status{proxy=\"l\",server=\"b\"} 1"));
    }

    /// HAProxy 2.6's `show stat` header, fixed part (up to `agg_check_status`), as it prints it.
    const HAPROXY_26_HEADER: &str = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status";

    /// A stats socket (so proxy ids start at 2), an HTTP listen with a checked, a tracking and a
    /// backup server, a TCP frontend and backend.
    fn model() -> Runtime {
        let cfg = crate::config::Config::parse(
            Path::new("t"),
            "global\n stats socket /nonexistent/s level admin\n\
defaults\n mode tcp\n timeout connect 1s\n timeout client 1s\n timeout server 1s\n\
listen web\n mode http\n bind 127.0.0.1:1\n option httpchk GET /\n server a 127.0.0.1:2 check\n server b 127.0.0.1:3 track web/a\n server c 127.0.0.1:4 check backup\n\
frontend fe\n bind 127.0.0.1:5\n default_backend be\n\
backend be\n server x 127.0.0.1:6 check\n",
        )
        .unwrap();
        Runtime::build(cfg, Arc::new(Process::default()), None)
    }

    #[test]
    fn column_table_is_haproxys_header() {
        assert_eq!(csv(&model(), true).lines().next(), Some(HAPROXY_26_HEADER));
        // HAProxy's typed letters survive the round trip through the tag enums.
        for c in COLUMNS {
            assert_eq!(Tags::typed(&c.tags.letters()), c.tags, "{}", c.name);
            assert_eq!(Tags::typed(&c.backend.letters()), c.backend, "{}", c.name);
        }
    }

    #[test]
    fn json_is_haproxys_layout_and_agrees_with_the_csv() {
        let rt = model();
        {
            // A check description is free text from the server: it must come out escaped.
            let (_, a) = rt.server("web", "a").unwrap();
            lock(&a.detail).check.desc = "say \"hi\" \\ bye".into();
        }
        let text = stat(&rt, &Filter::all(), Format::Json, true);
        assert!(text.ends_with("]]\n"), "{text}");
        // Key order is part of the format (serde_json's Value sorts keys, so look at the text).
        assert!(text.starts_with("[[{\"objType\":\"Frontend\",\"proxyId\":2,\"id\":0,\"field\":{\"pos\":0,\"name\":\"pxname\"},\"processNum\":1,\"tags\":{\"origin\":\"Key\",\"nature\":\"Name\",\"scope\":\"Service\"},\"value\":{\"type\":\"str\",\"value\":\"web\"}},"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let csv_text = csv(&rt, true);
        let csv_rows: Vec<Vec<&str>> = csv_text
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        let objs = json.as_array().unwrap();
        assert_eq!(objs.len(), csv_rows.len());
        let mut kinds = Vec::new();
        for (obj, cells) in objs.iter().zip(&csv_rows) {
            let fields = obj.as_array().unwrap();
            let kind = fields[0]["objType"].as_str().unwrap();
            kinds.push((kind.to_string(), cells[1].to_string()));
            let mut last = None;
            let mut seen = 0;
            for f in fields {
                let pos = f["field"]["pos"].as_u64().unwrap() as usize;
                assert!(last < Some(pos), "positions increase");
                last = Some(pos);
                let column = &COLUMNS[pos];
                assert_eq!(f["field"]["name"], column.name);
                assert_eq!(f["objType"], kind);
                assert_eq!(f["proxyId"].to_string(), cells[col("iid")]);
                assert_eq!(f["id"].to_string(), cells[col("sid")]);
                assert_eq!(f["processNum"], 1);
                let tags = if kind == "Backend" {
                    column.backend
                } else {
                    column.tags
                };
                assert_eq!(f["tags"]["origin"], format!("{:?}", tags.origin));
                assert_eq!(f["tags"]["nature"], format!("{:?}", tags.nature));
                assert_eq!(f["tags"]["scope"], format!("{:?}", tags.scope));
                assert_eq!(f["value"]["type"], column.ty.name(), "{}", column.name);
                let value = &f["value"]["value"];
                let as_text = match column.ty {
                    Type::Str => value.as_str().unwrap().to_string(),
                    _ => {
                        assert!(value.is_number(), "{} = {value}", column.name);
                        value.to_string()
                    }
                };
                if column.name != "last_chk" {
                    assert_eq!(as_text, cells[pos], "{kind} {}", column.name);
                }
                if as_text.is_empty() {
                    // Only HAProxy's always-present text field may be empty.
                    assert_eq!(column.name, "last_chk");
                } else {
                    seen += 1;
                }
            }
            // Exactly the non-empty CSV cells, no more.
            assert_eq!(seen, cells.iter().filter(|c| !c.is_empty()).count());
        }
        let kinds: Vec<(&str, &str)> = kinds
            .iter()
            .map(|(k, n)| (k.as_str(), n.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Frontend", "FRONTEND"),
                ("Server", "a"),
                ("Server", "b"),
                ("Server", "c"),
                ("Backend", "BACKEND"),
                ("Frontend", "FRONTEND"),
                ("Server", "x"),
                ("Backend", "BACKEND"),
            ]
        );
        let a = &objs[1].as_array().unwrap();
        let last_chk = a.iter().find(|f| f["field"]["name"] == "last_chk").unwrap();
        assert_eq!(last_chk["value"]["value"], "say \"hi\" \\ bye");
        // A backend's act is a Metric, a server's a Status, as in HAProxy.
        let act = |o: &serde_json::Value| {
            o.as_array()
                .unwrap()
                .iter()
                .find(|f| f["field"]["name"] == "act")
                .unwrap()["tags"]["origin"]
                .clone()
        };
        assert_eq!(act(&objs[1]), "Status");
        assert_eq!(act(&objs[4]), "Metric");
    }

    #[test]
    fn typed_and_filters() {
        let rt = model();
        let typed = stat(&rt, &Filter::all(), Format::Typed, true);
        let json: serde_json::Value =
            serde_json::from_str(&stat(&rt, &Filter::all(), Format::Json, true)).unwrap();
        let fields: usize = json
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_array().unwrap().len())
            .sum();
        assert_eq!(typed.lines().count(), fields);
        assert!(
            typed.starts_with("F.2.0.0.pxname.1:KNS:str:web\n"),
            "{typed}"
        );
        assert!(
            typed.contains("\nS.2.1.17.status.1:SGP:str:UP 1/3\n"),
            "{typed}"
        );
        assert!(typed.contains("\nB.4.0.19.act.1:MGP:u32:1\n"), "{typed}");
        // HAProxy's `<proxy> <type> <sid>` selection: servers of `web` only, then one server.
        let only = |f: Filter| csv_names(&stat(&rt, &f, Format::Text, true));
        let f = |p: &str, t: i32, s: i32| Filter {
            proxy: Some(p.into()),
            types: t,
            sid: s,
        };
        assert_eq!(only(f("2", 4, -1)), ["web/a", "web/b", "web/c"]);
        assert_eq!(only(f("2", 4, 3)), ["web/c"]);
        assert_eq!(only(f("4", 3, -1)), ["be/BACKEND"]);
        assert_eq!(only(f("3", -1, -1)), ["fe/FRONTEND"]);
    }

    fn csv_names(text: &str) -> Vec<String> {
        text.lines()
            .skip(1)
            .map(|l| {
                let mut c = l.split(',');
                format!("{}/{}", c.next().unwrap(), c.next().unwrap())
            })
            .collect()
    }

    #[test]
    fn info_renderings_agree() {
        let rt = model();
        let text = info(&rt, Format::Text);
        let json: serde_json::Value = serde_json::from_str(&info(&rt, Format::Json)).unwrap();
        let typed = info(&rt, Format::Typed);
        let fields = json.as_array().unwrap();
        assert_eq!(fields.len(), INFO.len());
        assert_eq!(text.lines().count(), INFO.len());
        assert_eq!(typed.lines().count(), INFO.len());
        let mut last = None;
        for ((f, line), spec) in fields.iter().zip(text.lines()).zip(INFO) {
            let pos = f["field"]["pos"].as_u64().unwrap();
            assert!(last < Some(pos));
            last = Some(pos);
            let (name, value) = line.split_once(": ").unwrap();
            assert_eq!(f["field"]["name"], name);
            assert_eq!(f["value"]["type"], spec.ty.name());
            let v = &f["value"]["value"];
            let v = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            // Uptime may tick between the two renderings.
            if !name.starts_with("Uptime") {
                assert_eq!(v, value, "{name}");
            }
        }
        assert!(text.starts_with("Name: rustha-proxy\nVersion: "));
        assert!(typed.contains("\n5.Process_num.1:KGP:u32:1\n"), "{typed}");
        assert!(info(&rt, Format::Json).starts_with(
            "[{\"field\":{\"pos\":0,\"name\":\"Name\"},\"processNum\":1,\"tags\":{\"origin\":\"Product\",\"nature\":\"Output\",\"scope\":\"Service\"},\"value\":{\"type\":\"str\",\"value\":\"rustha-proxy\"}},"
        ));
    }

    #[test]
    fn addresses_and_algorithms_only_with_legends() {
        let rt = model();
        let with = stat(&rt, &Filter::all(), Format::Typed, true);
        let without = stat(&rt, &Filter::all(), Format::Typed, false);
        assert!(with.contains(".73.addr.1:CGS:str:127.0.0.1:2\n"), "{with}");
        assert!(with.contains(".76.algo.1:CGS:str:roundrobin\n"), "{with}");
        assert!(!without.contains(".addr.") && !without.contains(".algo."));
        // Nothing else changes.
        let strip = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| !l.contains(".addr.") && !l.contains(".algo."))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(strip(&with), strip(&without));
        // The page gives them under `stats show-legends`.
        let cfg = crate::config::Config::parse(
            Path::new("t"),
            "listen s\n mode http\n bind 127.0.0.1:1\n stats uri /s\n stats show-legends\n",
        )
        .unwrap();
        assert!(cfg.proxies[0].stats.show_legends && cfg.proxies[0].stats.enabled);
    }

    #[test]
    fn check_desc_is_the_status_description() {
        let rt = model();
        let (_, a) = rt.server("web", "a").unwrap();
        {
            let mut d = lock(&a.detail);
            d.check.status = "L4CON";
            d.check.desc = "Connection refused".into();
        }
        let row = rows(&rt, true).into_iter().nth(1).unwrap();
        assert_eq!(row.get("check_desc"), "Layer4 connection problem");
        assert_eq!(row.get("last_chk"), "Connection refused");
        assert_eq!(row.get("pid"), "1");
    }
}
