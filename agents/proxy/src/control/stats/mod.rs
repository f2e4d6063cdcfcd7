//! Renderings of the shared model: HAProxy's CSV (same columns, same order, same meanings, so
//! monitoring tools that read fields by position keep working), HAProxy 2.6's typed and JSON
//! outputs of `show stat` and `show info`, an HTML page a person can read, and Prometheus text
//! metrics.
//!
//! The stats columns are declared once, in [`COLUMNS`] (name, value type, tags); the rows are
//! built once per request from the model, and CSV, typed and JSON are three printings of the same
//! rows. The JSON is written by hand rather than through `serde_json::to_string` of a map because
//! its key order is part of HAProxy's format; `serde_json` still escapes the strings.
//!
//! This file holds the columns, the rows and the `show stat` printings; [`info`](fn@info) is
//! `show info`, [`html`](fn@html) the page and [`prometheus`](fn@prometheus) the metrics.

use std::fmt::Write as _;
use std::sync::atomic::Ordering::Relaxed;

mod html;
mod info;
mod prometheus;

pub use html::html;
pub use info::{info, InfoField, INFO};
pub use prometheus::prometheus;

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

/// A column's position. Rows are built by column name, about ninety cells per row: a map built
/// once keeps `show stat` on a large configuration from comparing each name with every column.
fn col(name: &str) -> usize {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, usize>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name, i))
            .collect()
    });
    *index.get(name).expect("known column")
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
/// proxy that never uses them: compression (`compression` is refused) on frontends and
/// backends, and on frontends the `tcp-request connection`/`session` rejections (`tcp-request`
/// is refused).
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
    if f.cfg.mode == Mode::Http {
        // As HAProxy 2.6: HTTP frontends only.
        r.set("intercepted", c.intercepted.load(Relaxed));
    }
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

#[cfg(test)]
mod tests;
