//! OCF parameters: declared once as data ([`ParamSpec`]), read through a small trait
//! ([`ParamSource`]) so tests can feed a map instead of the environment, and validated into
//! [`Params`] before any action runs.
//!
//! Each declaration carries its parser ([`FromParam`]): validation parses every value once,
//! keeps the typed result, and reports every bad parameter together; agents then read typed
//! values (`params.get::<IpAddr>("ip")`) with the declared default already applied.
//!
//! The same declarations produce the `meta-data` XML ([`crate::meta`]), the `--help` text and
//! the man page ([`crate::cli`]); nothing about a parameter is written twice.

use std::any::Any;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Problems, Result};

/// OCF content types allowed by `ra-api-1.dtd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// Free text.
    String,
    /// A decimal integer (may be negative).
    Integer,
    /// `true/false`, `yes/no`, `on/off`, `1/0` (case-insensitive), as the OCF shell library accepts.
    Boolean,
    /// A duration: a number with an optional unit `ms`, `s`, `m`, `h` (plain numbers are seconds,
    /// as in Pacemaker).
    Time,
}

impl ParamType {
    /// The `content type` value in the meta-data.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Integer => "integer",
            ParamType::Boolean => "boolean",
            ParamType::Time => "time",
        }
    }
}

/// Extra validation beyond the content type.
#[derive(Clone, Copy)]
pub enum Check {
    /// Only the content type is checked.
    None,
    /// The value must be one of these (exact match).
    OneOf(&'static [&'static str]),
    /// An integer within an inclusive range.
    Range(i64, i64),
    /// Agent-specific check; `Err` carries what is allowed ("an IPv4 or IPv6 address").
    Custom(fn(&str) -> std::result::Result<(), String>),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Check::None => write!(f, "None"),
            Check::OneOf(v) => write!(f, "OneOf({v:?})"),
            Check::Range(a, b) => write!(f, "Range({a}, {b})"),
            Check::Custom(_) => write!(f, "Custom"),
        }
    }
}

/// One OCF parameter, declared once. Build with the `const fn` builders:
///
/// ```
/// use rustha::param::{ParamSpec, Check};
/// const IP: ParamSpec = ParamSpec::string("ip")
///     .required()
///     .unique()
///     .short("IPv4 or IPv6 address")
///     .long("The virtual IP address to manage.");
/// const COUNT: ParamSpec = ParamSpec::integer("arp_count").default("5").check(Check::Range(0, 100));
/// assert!(IP.required && COUNT.default == Some("5"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// Name; read from `OCF_RESKEY_<name>`.
    pub name: &'static str,
    /// Content type.
    pub kind: ParamType,
    /// Must be given.
    pub required: bool,
    /// Identifies the resource: two resources may not share the value, and changing it means a
    /// different resource (so it cannot be reloaded).
    pub unique: bool,
    /// Can be changed with `reload` instead of a restart.
    pub reloadable: bool,
    /// Value used when the parameter is not given.
    pub default: Option<&'static str>,
    /// One-line description.
    pub shortdesc: &'static str,
    /// Full description.
    pub longdesc: &'static str,
    /// Extra validation.
    pub check: Check,
    /// Turns a value into the typed one agents read ([`ParamSpec::of`]); by default the
    /// content type's Rust type (`String`, `i64`, `bool`, `Duration`).
    pub parser: Parser,
}

/// A parsed value, kept by [`Params`] and handed out by type.
pub type Value = Arc<dyn Any + Send + Sync>;

/// A parameter's parser: the typed value, or what would have been accepted.
pub type Parser = fn(&str) -> std::result::Result<Value, String>;

fn parse_any<T: FromParam>(value: &str) -> std::result::Result<Value, String> {
    T::from_param(value).map(|v| Arc::new(v) as Value)
}

/// A type a parameter value parses into. `Err` says what is allowed ("expected an integer");
/// the caller adds the parameter's name and value.
pub trait FromParam: Sized + Clone + Send + Sync + 'static {
    /// Parse one value.
    fn from_param(value: &str) -> std::result::Result<Self, String>;
}

impl FromParam for String {
    fn from_param(value: &str) -> std::result::Result<Self, String> {
        Ok(value.to_string())
    }
}

impl FromParam for PathBuf {
    fn from_param(value: &str) -> std::result::Result<Self, String> {
        Ok(PathBuf::from(value))
    }
}

impl FromParam for bool {
    fn from_param(value: &str) -> std::result::Result<Self, String> {
        parse_bool(value)
            .ok_or_else(|| "expected a boolean (true/false, yes/no, on/off, 1/0)".into())
    }
}

impl FromParam for Duration {
    fn from_param(value: &str) -> std::result::Result<Self, String> {
        parse_duration(value)
            .ok_or_else(|| "expected a duration such as 500ms, 20s, 2m or 1h".into())
    }
}

/// A list of words split like a shell would (quotes group words, no expansion): daemon
/// arguments, rsync options, exclude patterns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words(pub Vec<String>);

impl FromParam for Words {
    fn from_param(value: &str) -> std::result::Result<Self, String> {
        shlex::split(value)
            .map(Words)
            .ok_or_else(|| "expected shell-style words (unbalanced quote?)".into())
    }
}

macro_rules! integer_params {
    ($($t:ty),*) => {$(
        impl FromParam for $t {
            fn from_param(value: &str) -> std::result::Result<Self, String> {
                let n: i128 = value.trim().parse().map_err(|_| "expected an integer".to_string())?;
                <$t>::try_from(n).map_err(|_| {
                    format!("expected an integer from {} to {}", <$t>::MIN, <$t>::MAX)
                })
            }
        }
    )*};
}
integer_params!(i64, i32, u64, u32, u16, u8, usize);

macro_rules! address_params {
    ($($t:ty => $what:literal),*) => {$(
        impl FromParam for $t {
            fn from_param(value: &str) -> std::result::Result<Self, String> {
                value.trim().parse().map_err(|_| concat!("expected ", $what).to_string())
            }
        }
    )*};
}
address_params!(
    IpAddr => "an IPv4 address (10.0.0.154) or an IPv6 address (fd00::154)",
    Ipv4Addr => "an IPv4 address",
    Ipv6Addr => "an IPv6 address",
    SocketAddr => "an address and port (10.0.0.1:80, [fd00::1]:80)"
);

impl ParamSpec {
    /// A parameter of the given type with no flags, no default and no descriptions yet.
    pub const fn new(name: &'static str, kind: ParamType) -> Self {
        ParamSpec {
            name,
            kind,
            required: false,
            unique: false,
            reloadable: false,
            default: None,
            shortdesc: "",
            longdesc: "",
            check: Check::None,
            parser: match kind {
                ParamType::String => parse_any::<String>,
                ParamType::Integer => parse_any::<i64>,
                ParamType::Boolean => parse_any::<bool>,
                ParamType::Time => parse_any::<Duration>,
            },
        }
    }
    /// A string parameter.
    pub const fn string(name: &'static str) -> Self {
        Self::new(name, ParamType::String)
    }
    /// An integer parameter.
    pub const fn integer(name: &'static str) -> Self {
        Self::new(name, ParamType::Integer)
    }
    /// A boolean parameter.
    pub const fn boolean(name: &'static str) -> Self {
        Self::new(name, ParamType::Boolean)
    }
    /// A duration parameter.
    pub const fn time(name: &'static str) -> Self {
        Self::new(name, ParamType::Time)
    }
    /// Mark required.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    /// Mark unique.
    pub const fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
    /// Mark reloadable.
    pub const fn reloadable(mut self) -> Self {
        self.reloadable = true;
        self
    }
    /// Set the default.
    pub const fn default(mut self, value: &'static str) -> Self {
        self.default = Some(value);
        self
    }
    /// Set the one-line description.
    pub const fn short(mut self, text: &'static str) -> Self {
        self.shortdesc = text;
        self
    }
    /// Set the long description.
    pub const fn long(mut self, text: &'static str) -> Self {
        self.longdesc = text;
        self
    }
    /// Set the extra validation.
    pub const fn check(mut self, check: Check) -> Self {
        self.check = check;
        self
    }

    /// Parse values into `T` (an agent-specific type, or a narrower one than the content
    /// type's): what [`Params::get`] hands out, parsed once during validation.
    pub const fn of<T: FromParam>(mut self) -> Self {
        self.parser = parse_any::<T>;
        self
    }

    /// Validate one value against the extra check and parse it with the declared parser.
    pub fn validate(&self, value: &str) -> Result<Value> {
        let bad = |allowed: String| Error::invalid(self.name, value, allowed);
        let parsed = (self.parser)(value);
        // A bad value is named by the most basic thing it fails: the content type ("expected an
        // integer"), then the extra check, then the declared parser.
        if parsed.is_err() && self.kind != ParamType::String {
            let basic = ParamSpec::new(self.name, self.kind).parser;
            basic(value).map_err(bad)?;
        }
        match self.check {
            Check::None => {}
            Check::OneOf(allowed) if allowed.contains(&value) => {}
            Check::OneOf(allowed) => {
                return Err(bad(format!("expected one of: {}", allowed.join(", "))))
            }
            Check::Range(lo, hi) => match value.trim().parse::<i64>() {
                Ok(n) if (lo..=hi).contains(&n) => {}
                _ => return Err(bad(format!("expected an integer from {lo} to {hi}"))),
            },
            Check::Custom(f) => f(value).map_err(bad)?,
        }
        parsed.map_err(bad)
    }
}

/// Parse an OCF boolean the way `ocf_is_true` does (plus the usual negatives).
pub fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" | "y" | "ja" => Some(true),
        "0" | "false" | "no" | "off" | "n" | "nein" => Some(false),
        _ => None,
    }
}

/// Parse a duration: `500ms`, `20s`, `2m`, `1h`, `1.5s`; a plain number means seconds.
pub fn parse_duration(value: &str) -> Option<Duration> {
    let v = value.trim();
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    if num.is_empty() {
        return None;
    }
    let n: f64 = num.parse().ok()?;
    let secs = match unit.trim() {
        "" | "s" | "sec" | "secs" => n,
        "ms" | "msec" | "msecs" => n / 1000.0,
        "us" | "usec" | "usecs" => n / 1_000_000.0,
        "m" | "min" | "mins" => n * 60.0,
        "h" | "hr" | "hrs" => n * 3600.0,
        "d" => n * 86400.0,
        _ => return None,
    };
    // `try_`: a value past `Duration::MAX` is not a duration (and must not panic the agent).
    Duration::try_from_secs_f64(secs).ok()
}

/// Where parameter and meta-attribute values come from. The environment in production,
/// a map in unit tests.
pub trait ParamSource {
    /// A raw variable by its full name (`OCF_RESOURCE_INSTANCE`, `OCF_RESKEY_ip`, ...).
    /// Empty values count as unset, as in the OCF shell library.
    fn var(&self, name: &str) -> Option<String>;

    /// Parameter `name`, i.e. `OCF_RESKEY_<name>`.
    fn param(&self, name: &str) -> Option<String> {
        self.var(&format!("OCF_RESKEY_{name}"))
    }

    /// Pacemaker meta attribute `name`, i.e. `OCF_RESKEY_CRM_meta_<name>`.
    fn meta_attr(&self, name: &str) -> Option<String> {
        self.var(&format!("OCF_RESKEY_CRM_meta_{name}"))
    }
}

impl<T: ParamSource + ?Sized> ParamSource for Box<T> {
    fn var(&self, name: &str) -> Option<String> {
        (**self).var(name)
    }
}

/// The process environment.
#[derive(Debug, Default, Clone, Copy)]
pub struct EnvSource;

impl ParamSource for EnvSource {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

/// An in-memory source (tests, command-line overrides, heartbeat positional arguments).
#[derive(Debug, Default, Clone)]
pub struct MapSource {
    vars: BTreeMap<String, String>,
}

impl MapSource {
    /// An empty source.
    pub fn new() -> Self {
        Self::default()
    }
    /// Add a parameter (`OCF_RESKEY_<name>`).
    pub fn with_param(mut self, name: &str, value: impl Into<String>) -> Self {
        self.set_param(name, value);
        self
    }
    /// Add a raw variable.
    pub fn with_var(mut self, name: &str, value: impl Into<String>) -> Self {
        self.vars.insert(name.to_string(), value.into());
        self
    }
    /// Set a parameter in place.
    pub fn set_param(&mut self, name: &str, value: impl Into<String>) {
        self.vars.insert(format!("OCF_RESKEY_{name}"), value.into());
    }
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }
    /// Add every variable of `other`, replacing what is already set.
    pub fn extend(&mut self, other: MapSource) {
        self.vars.extend(other.vars);
    }
}

impl ParamSource for MapSource {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).filter(|v| !v.is_empty()).cloned()
    }
}

/// Two sources: values in `top` win over `bottom` (command-line overrides over the environment).
pub struct Layered<A, B> {
    /// Consulted first.
    pub top: A,
    /// Consulted when `top` has nothing.
    pub bottom: B,
}

impl<A: ParamSource, B: ParamSource> ParamSource for Layered<A, B> {
    fn var(&self, name: &str) -> Option<String> {
        self.top.var(name).or_else(|| self.bottom.var(name))
    }
}

/// Validated parameter values (defaults applied), each kept parsed by its declaration's parser.
/// Getters take names declared in the agent's specs; asking for an undeclared name is a
/// programming error and panics in debug builds.
#[derive(Debug, Clone)]
pub struct Params {
    specs: &'static [ParamSpec],
    values: BTreeMap<&'static str, (String, Value)>,
    /// Values refused by their declaration (only from [`Params::read`]): asking for one gives
    /// its error again, so a check across parameters never takes a bad value for an unset one.
    refused: BTreeMap<&'static str, (String, String)>,
}

impl Params {
    /// Read, validate and parse every declared parameter from `source`. Every missing or bad
    /// parameter is reported: one error alone, several as [`Error::Params`].
    pub fn from_source(specs: &'static [ParamSpec], source: &dyn ParamSource) -> Result<Self> {
        let (params, problems) = Params::read(specs, source);
        problems.finish()?;
        Ok(params)
    }

    /// Like [`Params::from_source`], but the good values are kept next to the problems, so
    /// that the checks across parameters can add theirs and everything is reported at once.
    pub fn read(specs: &'static [ParamSpec], source: &dyn ParamSource) -> (Self, Problems) {
        let mut values = BTreeMap::new();
        let mut refused = BTreeMap::new();
        let mut problems = Problems::new();
        for spec in specs {
            let value = source
                .param(spec.name)
                .or_else(|| spec.default.map(str::to_string));
            match value {
                Some(v) => match spec.validate(&v) {
                    Ok(parsed) => {
                        values.insert(spec.name, (v, parsed));
                    }
                    Err(Error::InvalidParam { value, allowed, .. }) => {
                        problems.push(Error::invalid(spec.name, &value, &allowed));
                        refused.insert(spec.name, (value, allowed));
                    }
                    Err(other) => problems.push(other),
                },
                None if spec.required => problems.push(Error::MissingParam {
                    name: spec.name.to_string(),
                }),
                None => {}
            }
        }
        let params = Params {
            specs,
            values,
            refused,
        };
        (params, problems)
    }

    fn spec(&self, name: &str) -> Option<&ParamSpec> {
        let spec = self.specs.iter().find(|s| s.name == name);
        debug_assert!(spec.is_some(), "parameter '{name}' is not declared");
        spec
    }

    /// The value as given (or defaulted), if any.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.spec(name)?;
        self.values.get(name).map(|(raw, _)| raw.as_str())
    }

    /// The typed value, if set or defaulted. `T` is normally the declared type (handed out
    /// as parsed); another type parses the value again, and a value it cannot hold is an
    /// [`Error::InvalidParam`].
    pub fn opt<T: FromParam>(&self, name: &str) -> Result<Option<T>> {
        self.spec(name);
        if let Some((value, allowed)) = self.refused.get(name) {
            return Err(Error::invalid(name, value, allowed));
        }
        let Some((raw, parsed)) = self.values.get(name) else {
            return Ok(None);
        };
        if let Some(v) = parsed.downcast_ref::<T>() {
            return Ok(Some(v.clone()));
        }
        T::from_param(raw)
            .map(Some)
            .map_err(|allowed| Error::invalid(name, raw.as_str(), allowed))
    }

    /// The typed value, or `Error::MissingParam` when it is neither given nor defaulted.
    pub fn get<T: FromParam>(&self, name: &str) -> Result<T> {
        self.opt(name)?.ok_or_else(|| Error::MissingParam {
            name: name.to_string(),
        })
    }

    /// Every set value as given, in name order (for logging; agents must not log secrets).
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.values.iter().map(|(k, (v, _))| (*k, v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocf::OcfCode;

    static SPECS: &[ParamSpec] = &[
        ParamSpec::string("ip").required().unique().of::<Ipv4Addr>(),
        ParamSpec::integer("count")
            .default("5")
            .check(Check::Range(0, 10)),
        ParamSpec::boolean("flag").default("false"),
        ParamSpec::time("wait").default("200ms"),
        ParamSpec::string("mode").check(Check::OneOf(&["a", "b"])),
    ];

    #[test]
    fn defaults_apply_and_values_parse() {
        let src = MapSource::new().with_param("ip", "10.0.0.1");
        let p = Params::from_source(SPECS, &src).unwrap();
        assert_eq!(p.raw("ip"), Some("10.0.0.1"));
        assert_eq!(p.get::<Ipv4Addr>("ip").unwrap(), Ipv4Addr::new(10, 0, 0, 1));
        assert_eq!(p.get::<i64>("count").unwrap(), 5);
        assert_eq!(p.get::<u8>("count").unwrap(), 5);
        assert!(!p.get::<bool>("flag").unwrap());
        assert_eq!(
            p.get::<Duration>("wait").unwrap(),
            Duration::from_millis(200)
        );
        assert_eq!(p.opt::<String>("mode").unwrap(), None);
        assert!(matches!(
            p.get::<String>("mode"),
            Err(Error::MissingParam { .. })
        ));
    }

    #[test]
    fn given_values_override_defaults() {
        let src = MapSource::new()
            .with_param("ip", "10.0.0.1")
            .with_param("count", "7")
            .with_param("flag", "YES")
            .with_param("wait", "2")
            .with_param("mode", "b");
        let p = Params::from_source(SPECS, &src).unwrap();
        assert_eq!(p.get::<i64>("count").unwrap(), 7);
        assert!(p.get::<bool>("flag").unwrap());
        assert_eq!(p.get::<Duration>("wait").unwrap(), Duration::from_secs(2));
        assert_eq!(p.get::<String>("mode").unwrap(), "b");
    }

    #[test]
    fn missing_required_names_the_parameter() {
        let err = Params::from_source(SPECS, &MapSource::new()).unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured);
        assert!(err.to_string().contains("'ip'"), "{err}");
    }

    #[test]
    fn every_bad_parameter_is_reported_at_once() {
        let src = MapSource::new()
            .with_param("count", "11")
            .with_param("wait", "soon");
        let err = Params::from_source(SPECS, &src).unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured);
        let Error::Params(all) = &err else {
            panic!("expected every problem, got {err}");
        };
        assert_eq!(all.len(), 3, "{err}");
        let msg = err.to_string();
        assert_eq!(
            msg.lines().count(),
            1,
            "one line for the exit reason: {msg}"
        );
        for needle in ["'ip'", "'count'", "from 0 to 10", "'wait'", "'soon'"] {
            assert!(msg.contains(needle), "{needle} missing: {msg}");
        }
    }

    #[test]
    fn a_narrower_type_refuses_what_it_cannot_hold() {
        let src = MapSource::new()
            .with_param("ip", "10.0.0.1")
            .with_param("count", "-1");
        static WIDE: &[ParamSpec] = &[
            ParamSpec::string("ip"),
            ParamSpec::integer("count").check(Check::Range(-5, 5)),
        ];
        let p = Params::from_source(WIDE, &src).unwrap();
        assert_eq!(p.get::<i64>("count").unwrap(), -1);
        let err = p.get::<u32>("count").unwrap_err();
        assert!(err.to_string().contains("'count'"), "{err}");
        assert_eq!(
            p.get::<std::path::PathBuf>("ip").unwrap(),
            std::path::PathBuf::from("10.0.0.1")
        );
    }

    #[test]
    fn empty_value_counts_as_unset() {
        let src = MapSource::new().with_param("ip", "");
        assert!(matches!(
            Params::from_source(SPECS, &src),
            Err(Error::MissingParam { .. })
        ));
    }

    #[test]
    fn bad_values_name_parameter_value_and_allowed() {
        for (name, value, allowed) in [
            ("ip", "300.1.1.1", "IPv4"),
            ("count", "x", "integer"),
            ("count", "11", "from 0 to 10"),
            ("flag", "maybe", "boolean"),
            ("wait", "5 parsecs", "duration"),
            ("mode", "c", "one of: a, b"),
        ] {
            let mut src = MapSource::new().with_param("ip", "10.0.0.1");
            src.set_param(name, value);
            let err = Params::from_source(SPECS, &src).unwrap_err();
            let msg = err.to_string();
            assert_eq!(err.code(), OcfCode::ErrConfigured, "{msg}");
            assert!(
                msg.contains(name) && msg.contains(value) && msg.contains(allowed),
                "{msg}"
            );
        }
    }

    #[test]
    fn durations_and_booleans() {
        assert_eq!(parse_duration("20s"), Some(Duration::from_secs(20)));
        assert_eq!(parse_duration("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("10"), Some(Duration::from_secs(10)));
        assert_eq!(parse_duration("ms"), None);
        assert_eq!(parse_duration("-1s"), None);
        // Past what a Duration holds: refused, not a panic.
        assert_eq!(parse_duration("155555555555555555555555"), None);
        assert_eq!(parse_duration(&format!("{}h", "9".repeat(400))), None);
        assert_eq!(parse_bool("On"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool(""), None);
    }

    #[test]
    fn layered_prefers_top() {
        let top = MapSource::new().with_param("ip", "10.0.0.2");
        let bottom = MapSource::new()
            .with_param("ip", "10.0.0.1")
            .with_param("count", "3");
        let l = Layered { top, bottom };
        let p = Params::from_source(SPECS, &l).unwrap();
        assert_eq!(p.raw("ip"), Some("10.0.0.2"));
        assert_eq!(p.get::<i64>("count").unwrap(), 3);
    }

    #[test]
    fn read_keeps_good_values_and_a_refused_one_answers_with_its_error() {
        let src = MapSource::new()
            .with_param("ip", "10.0.0.1")
            .with_param("count", "11");
        let (p, mut problems) = Params::read(SPECS, &src);
        assert_eq!(p.get::<Ipv4Addr>("ip").unwrap(), Ipv4Addr::new(10, 0, 0, 1));
        // Not "unset": a check across parameters must not read a refused value as absent.
        let again = p.opt::<i64>("count").unwrap_err();
        assert!(again.to_string().contains("'11'"), "{again}");
        // A second check between two values, independent of the bad one.
        problems.push(Error::Configuration("'flag' contradicts 'mode'".into()));
        problems.push(again);
        let err = problems.finish().unwrap_err();
        assert_eq!(err.code(), OcfCode::ErrConfigured);
        let Error::Params(all) = &err else {
            panic!("expected both problems, got {err}");
        };
        assert_eq!(all.len(), 2, "the refused value once: {err}");
    }
}
