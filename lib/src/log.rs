//! Logging for agents and daemons: `tracing` to journald when its socket exists (the normal
//! case under systemd), otherwise to stderr, which Pacemaker's executor captures into its log.
//! Every line names the agent, the resource instance and the action.
//!
//! A thread jailed by `chroot` (the proxy's workers, see [`mark_jailed`]) cannot reach
//! journald's socket by its path, so its records go to stderr instead, which a daemon opened
//! before (the file next to its pid file).
//!
//! The level is `info` unless `RUSTHA_LOG` (`error`, `warn`, `info`, `debug`, `trace`) or
//! Pacemaker's `HA_debug=1` says otherwise.

use std::cell::Cell;
use std::path::Path;

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

const JOURNALD_SOCKET: &str = "/run/systemd/journal/socket";

fn level() -> LevelFilter {
    if let Ok(v) = std::env::var("RUSTHA_LOG") {
        if let Ok(l) = v.parse() {
            return l;
        }
    }
    if std::env::var("HA_debug").is_ok_and(|v| v == "1") {
        return LevelFilter::DEBUG;
    }
    LevelFilter::INFO
}

/// Whether [`init`] sent records to journald (not to stderr).
static TO_JOURNALD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A warning the person or cluster manager running the action must see, not only the log: it
/// goes to the log and, when the log is journald, to stderr too (which Pacemaker keeps with the
/// operation and a person running the agent by hand reads).
pub fn warn_caller(message: &str) {
    tracing::warn!("{message}");
    if TO_JOURNALD.load(std::sync::atomic::Ordering::Relaxed) {
        eprintln!("warning: {message}");
    }
}

thread_local! {
    static JAILED: Cell<bool> = const { Cell::new(false) };
}

/// The calling thread was jailed (`chroot`): from now on its records go to stderr.
pub fn mark_jailed() {
    JAILED.with(|j| j.set(true));
}

fn jailed() -> bool {
    JAILED.with(Cell::get)
}

/// Install the global subscriber. `instance` and `action` are attached to every record; for
/// stderr they are printed on every line as `agent(instance) action:`.
pub fn init(agent: &str, instance: &str, action: &str) {
    let level = level();
    let prefix = format!("{agent}({instance}) {action}:");
    if Path::new(JOURNALD_SOCKET).exists() && std::env::var_os("RUSTHA_LOG_STDERR").is_none() {
        if let Ok(layer) = tracing_journald::layer() {
            let layer = layer
                .with_syslog_identifier(format!("{agent}({instance})"))
                .with_custom_fields([("OCF_RESOURCE_INSTANCE", instance), ("OCF_ACTION", action)]);
            let _ = tracing_subscriber::registry()
                .with(
                    layer
                        .with_filter(level)
                        .with_filter(filter_fn(|_| !jailed())),
                )
                .with(
                    stderr_layer(prefix, action == "run")
                        .with_filter(level)
                        .with_filter(filter_fn(|_| jailed())),
                )
                .try_init();
            TO_JOURNALD.store(true, std::sync::atomic::Ordering::Relaxed);
            return;
        }
    }
    // A daemon's stderr is its log file, which nothing else stamps with the time; an action's
    // stderr goes to Pacemaker's executor, which does.
    let layer = stderr_layer(prefix, action == "run").with_filter(level);
    let _ = tracing_subscriber::registry().with(layer).try_init();
}

/// Stderr logging for daemons (`proxy run`, ...) that keep no log file of their own: lines
/// without time stamps (the journal's or the service manager's own).
pub fn init_stderr(prefix: &str, level: LevelFilter) {
    let _ = tracing_subscriber::registry()
        .with(stderr_layer(prefix.to_string(), false).with_filter(level))
        .try_init();
}

/// Records to stderr, one `[TIME ]LEVEL prefix message key=value...` line each.
fn stderr_layer<S>(prefix: String, time: bool) -> impl Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .event_format(Prefixed { prefix, time })
}

/// The time as `2026-01-31T23:59:59.123Z` (UTC, milliseconds).
fn utc_now() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs() as libc::time_t;
    // SAFETY: an all-zero `tm` is a valid value, and gmtime_r only writes into the struct we
    // own (it is reentrant, unlike gmtime).
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    unsafe { libc::gmtime_r(&secs, &mut tm) };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        now.subsec_millis()
    )
}

/// Default level for daemons that log to stderr.
pub fn default_level() -> LevelFilter {
    level()
}

/// `[TIME ]LEVEL prefix message key=value...`, one line per event.
struct Prefixed {
    prefix: String,
    time: bool,
}

impl<S, N> tracing_subscriber::fmt::FormatEvent<S, N> for Prefixed
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    N: for<'a> tracing_subscriber::fmt::FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &tracing_subscriber::fmt::FmtContext<'_, S, N>,
        mut writer: tracing_subscriber::fmt::format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        if self.time {
            write!(writer, "{} ", utc_now())?;
        }
        write!(writer, "{} {} ", event.metadata().level(), self.prefix)?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn daemon_lines_are_stamped_in_utc() {
        let t = super::utc_now();
        let b = t.as_bytes();
        assert_eq!(b.len(), 24, "{t}");
        for (i, c) in b.iter().enumerate() {
            match i {
                4 | 7 => assert_eq!(*c, b'-', "{t}"),
                10 => assert_eq!(*c, b'T', "{t}"),
                13 | 16 => assert_eq!(*c, b':', "{t}"),
                19 => assert_eq!(*c, b'.', "{t}"),
                23 => assert_eq!(*c, b'Z', "{t}"),
                _ => assert!(c.is_ascii_digit(), "{t}"),
            }
        }
        assert!(t.as_str() > "2020-", "{t}");
    }
}
