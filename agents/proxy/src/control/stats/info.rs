//! `show info`: HAProxy 2.6's process fields, as text, typed or JSON.

use std::fmt::Write as _;
use std::sync::atomic::Ordering::Relaxed;

use super::{json_field, Format, Tags, Type, PROCESS_NUM};
use crate::runtime::state::Runtime;
use Type::{Str, U32, U64};

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
