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
                    stderr_layer(prefix)
                        .with_filter(level)
                        .with_filter(filter_fn(|_| jailed())),
                )
                .try_init();
            TO_JOURNALD.store(true, std::sync::atomic::Ordering::Relaxed);
            return;
        }
    }
    init_stderr(&prefix, level);
}

/// Stderr logging for daemons (`proxy run`, ...) and for agents without journald.
pub fn init_stderr(prefix: &str, level: LevelFilter) {
    let _ = tracing_subscriber::registry()
        .with(stderr_layer(prefix.to_string()).with_filter(level))
        .try_init();
}

/// Records to stderr, one `LEVEL prefix message key=value...` line each, without time stamps
/// (the executor's or the journal's own).
fn stderr_layer<S>(prefix: String) -> impl Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .event_format(Prefixed(prefix))
}

/// Default level for daemons that log to stderr.
pub fn default_level() -> LevelFilter {
    level()
}

/// `LEVEL prefix message key=value...`, one line per event.
struct Prefixed(String);

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
        write!(writer, "{} {} ", event.metadata().level(), self.0)?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}
