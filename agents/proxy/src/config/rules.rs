//! The layer-7 rule language: `acl` matchers, `if|unless` conditions (terms ANDed, `||`/`or`
//! between alternatives, `!` negation, `{ anonymous acl }`, predefined `TRUE`/`FALSE`/`LOCALHOST`/
//! `METH_*`...), `use_backend`/`default_backend` switching, `option forwardfor` and the
//! `http-request` actions `allow`, `deny`, `set-header`, `add-header`, `del-header`, `redirect`,
//! and the `http-response` actions `allow`, `deny`, `set-header`, `add-header`, `del-header` (other
//! `http-response` actions are accepted with a warning and ignored).
//!
//! As in HAProxy 2.6, a fetch only works where its data exists: `hdr`, `path`, `url` and `method`
//! read the request and never match in `http-response` rules; `res.hdr` and `status` read the
//! response and never match before it (a warning says so, as HAProxy's does).
//!
//! Everything is parsed into typed values when the configuration loads: an `acl` line into a
//! [`Matcher`], a rule into its [`Action`] and [`Condition`] ([`parse_rule`],
//! [`parse_response_rule`], [`parse_condition`]). What needs the whole section (which ACL a
//! condition names) is checked once the section is read ([`validate`]) and resolved once per
//! generation ([`Rules::build`]); evaluating the compiled rules against a request is the data
//! path's part (`crate::data::http::rules`).

use std::collections::HashMap;
use std::net::IpAddr;

use ipnet::IpNet;
use regex::bytes::{Regex, RegexBuilder};

use crate::config::keywords::nearest;
use crate::config::lex::Word;
use crate::config::{HttpRequestRule, Kind, Proxy};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fetch {
    Path,
    Url,
    Method,
    Src,
    Hdr(String),
    /// `res.hdr(NAME)` / `shdr(NAME)`.
    ResHdr(String),
    /// `status`: integers and `LOW:HIGH` ranges.
    Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    Str,
    Beg,
    End,
    Sub,
    Reg,
    Dir,
    Found,
    Ip,
    Int,
}

/// A compiled ACL test.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub(crate) fetch: Fetch,
    pub(crate) how: How,
    pub(crate) icase: bool,
    pub(crate) strs: Vec<Vec<u8>>,
    pub(crate) regs: Vec<Regex>,
    pub(crate) nets: Vec<IpNet>,
    pub(crate) ints: Vec<(u16, u16)>,
}

const CRITERIA: &[&str] = &[
    "path", "path_beg", "path_end", "path_sub", "path_reg", "path_dir", "url", "url_beg",
    "url_end", "url_sub", "url_reg", "hdr", "hdr_beg", "hdr_end", "hdr_sub", "hdr_reg", "hdr_dir",
    "req.hdr", "method", "src", "res.hdr", "shdr", "status",
];

/// Two matchers are the same test (regular expressions compare by their text).
impl PartialEq for Matcher {
    fn eq(&self, o: &Matcher) -> bool {
        self.fetch == o.fetch
            && self.how == o.how
            && self.icase == o.icase
            && self.strs == o.strs
            && self.nets == o.nets
            && self.ints == o.ints
            && self.regs.len() == o.regs.len()
            && self
                .regs
                .iter()
                .zip(&o.regs)
                .all(|(a, b)| a.as_str() == b.as_str())
    }
}

impl Matcher {
    /// Compile `criterion values...` (the words after an ACL's name).
    pub fn compile(
        criterion: &str,
        values: &[String],
    ) -> Result<Matcher, (String, Option<String>)> {
        let (base, arg) = match criterion.split_once('(') {
            Some((b, rest)) => {
                let a = rest
                    .strip_suffix(')')
                    .ok_or_else(|| (format!("'{criterion}': missing ')'"), None))?;
                (
                    b,
                    Some(
                        a.split(',')
                            .next()
                            .unwrap_or("")
                            .trim()
                            .to_ascii_lowercase(),
                    ),
                )
            }
            None => (criterion, None),
        };
        let (fetch_name, suffix) = match base.rsplit_once('_') {
            Some((f, s)) if ["beg", "end", "sub", "reg", "dir"].contains(&s) => (f, Some(s)),
            _ => (base, None),
        };
        let fetch = match fetch_name {
            "path" => Fetch::Path,
            "url" => Fetch::Url,
            "method" if suffix.is_none() => Fetch::Method,
            "src" if suffix.is_none() => Fetch::Src,
            "status" if suffix.is_none() => Fetch::Status,
            "hdr" | "req.hdr" | "res.hdr" | "shdr" => match arg {
                Some(a) if !a.is_empty() && matches!(fetch_name, "res.hdr" | "shdr") => {
                    Fetch::ResHdr(a)
                }
                Some(a) if !a.is_empty() => Fetch::Hdr(a),
                _ => {
                    return Err((
                        format!("'{criterion}' needs a header name, as in 'hdr(host)'"),
                        None,
                    ))
                }
            },
            _ => {
                return Err((
                    format!("unknown or unsupported ACL criterion '{criterion}'"),
                    nearest(criterion, CRITERIA),
                ))
            }
        };
        let mut how = match (suffix, &fetch) {
            (_, Fetch::Src) => How::Ip,
            (_, Fetch::Status) => How::Int,
            (Some("beg"), _) => How::Beg,
            (Some("end"), _) => How::End,
            (Some("sub"), _) => How::Sub,
            (Some("reg"), _) => How::Reg,
            (Some("dir"), _) => How::Dir,
            _ => How::Str,
        };
        let mut icase = false;
        let mut i = 0;
        while let Some(v) = values.get(i) {
            match v.as_str() {
                "-i" => icase = true,
                "-n" => {}
                "--" => {
                    i += 1;
                    break;
                }
                "-m" => {
                    i += 1;
                    let m = values.get(i).map(String::as_str).unwrap_or("");
                    how = match m {
                        "str" => How::Str,
                        "beg" => How::Beg,
                        "end" => How::End,
                        "sub" => How::Sub,
                        "reg" => How::Reg,
                        "dir" => How::Dir,
                        "found" => How::Found,
                        "ip" => How::Ip,
                        _ => {
                            return Err((
                                format!("unknown match method '-m {m}'"),
                                nearest(
                                    m,
                                    &["str", "beg", "end", "sub", "reg", "dir", "found", "ip"],
                                ),
                            ))
                        }
                    };
                }
                "-f" | "-M" | "-u" => {
                    return Err((
                        format!("ACL flag '{v}' is not supported; list the values on the line"),
                        None,
                    ))
                }
                _ => break,
            }
            i += 1;
        }
        let vals = &values[i.min(values.len())..];
        if vals.is_empty() && how != How::Found {
            return Err((
                format!("'{criterion}' needs at least one value to match"),
                None,
            ));
        }
        let mut m = Matcher {
            fetch,
            how,
            icase,
            strs: Vec::new(),
            regs: Vec::new(),
            nets: Vec::new(),
            ints: Vec::new(),
        };
        for v in vals {
            match how {
                // Bytes as HAProxy's PCRE sees them (compiled without UTF mode): `.` is any
                // byte, `\w` and `-i` are ASCII. Unicode mode would let `/adm.n` miss a path
                // holding a byte that is not UTF-8, which HAProxy's rule catches.
                How::Reg => m.regs.push(
                    RegexBuilder::new(v)
                        .unicode(false)
                        .case_insensitive(icase)
                        .build()
                        .map_err(|e| (format!("bad regular expression '{v}': {e}"), None))?,
                ),
                How::Ip => {
                    let net = v
                        .parse::<IpNet>()
                        .or_else(|_| v.parse::<IpAddr>().map(IpNet::from))
                        .map_err(|_| (format!("'{v}' is not an IP address or network"), None))?;
                    m.nets.push(net);
                }
                How::Int => {
                    let int = |x: &str| x.parse::<u16>().ok();
                    let range = match v.split_once(':') {
                        Some((a, b)) => int(a).zip(int(b)),
                        None => int(v).map(|n| (n, n)),
                    };
                    m.ints.push(range.ok_or_else(|| {
                        (
                            format!("'{v}' is not a status code or a LOW:HIGH range"),
                            None,
                        )
                    })?);
                }
                _ => m.strs.push(v.as_bytes().to_vec()),
            }
        }
        Ok(m)
    }

    /// Whether the fetch needs a request head (everything but `src`).
    pub fn layer7(&self) -> bool {
        self.fetch != Fetch::Src
    }

    /// The fetch's name when it cannot work in `http-response` rules (`response`) or before
    /// them (request rules, `use_backend`): such a term never matches there.
    pub(crate) fn unavailable(&self, response: bool) -> Option<&'static str> {
        match (&self.fetch, response) {
            (Fetch::Path, true) => Some("path"),
            (Fetch::Url, true) => Some("url"),
            (Fetch::Method, true) => Some("method"),
            (Fetch::Hdr(_), true) => Some("hdr"),
            (Fetch::ResHdr(_), false) => Some("res.hdr"),
            (Fetch::Status, false) => Some("status"),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub(crate) enum Term {
    Acl(Vec<usize>),
    Const(bool),
}

/// A compiled `if|unless` condition.
#[derive(Debug)]
pub struct Cond {
    pub(crate) unless: bool,
    pub(crate) alts: Vec<Vec<(bool, Term)>>,
    pub(crate) layer7: bool,
}

impl Cond {
    /// The matchers it uses.
    fn matchers(&self) -> impl Iterator<Item = usize> + '_ {
        self.alts
            .iter()
            .flatten()
            .flat_map(|(_, t)| match t {
                Term::Acl(ix) => ix.as_slice(),
                Term::Const(_) => &[],
            })
            .copied()
    }
}

/// The predefined ACLs HAProxy knows, as (criterion, values).
fn predefined(name: &str) -> Option<Result<bool, (&'static str, &'static [&'static str])>> {
    Some(match name {
        "TRUE" | "HTTP" => Ok(true),
        "FALSE" => Ok(false),
        "LOCALHOST" => Err(("src", &["127.0.0.1/8", "::1"])),
        "METH_GET" => Err(("method", &["GET", "HEAD"])),
        "METH_HEAD" => Err(("method", &["HEAD"])),
        "METH_POST" => Err(("method", &["POST"])),
        "METH_PUT" => Err(("method", &["PUT"])),
        "METH_DELETE" => Err(("method", &["DELETE"])),
        "METH_OPTIONS" => Err(("method", &["OPTIONS"])),
        "METH_CONNECT" => Err(("method", &["CONNECT"])),
        "METH_TRACE" => Err(("method", &["TRACE"])),
        "HTTP_URL_SLASH" => Err(("url_beg", &["/"])),
        "HTTP_URL_STAR" => Err(("url", &["*"])),
        _ => return None,
    })
}

/// A condition as written after `if`/`unless`, parsed: alternatives (`||`, `or`) of terms
/// that must all match. ACL names are resolved against the section once it is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// `unless` instead of `if`.
    pub unless: bool,
    /// Column of the condition's first word.
    pub col: usize,
    /// Alternatives, each a list of terms that must all match; never empty.
    pub alts: Vec<Vec<CondTerm>>,
}

/// One term of a [`Condition`].
#[derive(Debug, Clone, PartialEq)]
pub struct CondTerm {
    /// `!`: negated.
    pub neg: bool,
    /// Column of the term's name (or of its `{`).
    pub col: usize,
    /// What it tests.
    pub acl: AclRef,
}

/// The ACL a term tests.
#[derive(Debug, Clone, PartialEq)]
pub enum AclRef {
    /// An ACL of the section, or a predefined one (`TRUE`, `METH_GET`, ...).
    Named(String),
    /// `{ criterion values... }`.
    Anonymous(Matcher),
}

/// Parse condition words (those after `if`/`unless`); errors name the offending word's column.
pub fn parse_condition(words: &[Word], unless: bool) -> Result<Condition, Fail> {
    let mut alts = vec![Vec::new()];
    let mut i = 0;
    while i < words.len() {
        let w = words[i].text.as_str();
        if w == "||" || w == "or" {
            if alts.last().is_some_and(Vec::is_empty) {
                return Err((
                    words[i].col,
                    format!("'{w}' without a term before it"),
                    None,
                ));
            }
            alts.push(Vec::new());
            i += 1;
            continue;
        }
        let (neg, name, col) = match w.strip_prefix('!') {
            Some("") => {
                i += 1;
                match words.get(i) {
                    Some(n) => (true, n.text.as_str(), n.col),
                    None => return Err((words[i - 1].col, "'!' without a term".into(), None)),
                }
            }
            Some(rest) => (true, rest, words[i].col),
            None => (false, w, words[i].col),
        };
        let acl = if name == "{" {
            let end = words[i..]
                .iter()
                .position(|x| x.text == "}")
                .map(|e| e + i)
                .ok_or((col, "anonymous ACL '{' without '}'".to_string(), None))?;
            let inner: Vec<String> = words[i + 1..end].iter().map(|w| w.text.clone()).collect();
            let Some((crit, vals)) = inner.split_first() else {
                return Err((col, "empty anonymous ACL".into(), None));
            };
            let m = Matcher::compile(crit, vals).map_err(|(m, s)| (words[i + 1].col, m, s))?;
            i = end;
            AclRef::Anonymous(m)
        } else {
            AclRef::Named(name.to_string())
        };
        alts.last_mut()
            .expect("never empty")
            .push(CondTerm { neg, col, acl });
        i += 1;
    }
    if alts.iter().any(Vec::is_empty) {
        let col = words.last().map(|w| w.col).unwrap_or(1);
        return Err((col, "empty condition".into(), None));
    }
    Ok(Condition {
        unless,
        col: words.first().map(|w| w.col).unwrap_or(1),
        alts,
    })
}

/// The matchers of one proxy's ACLs plus its anonymous and predefined ones.
pub(crate) struct AclSet {
    pub(crate) ms: Vec<Matcher>,
    pub(crate) named: HashMap<String, Vec<usize>>,
}

/// An error: (column, message, suggestion).
type Fail = (usize, String, Option<String>);

impl AclSet {
    pub(crate) fn new(p: &Proxy) -> AclSet {
        let mut s = AclSet {
            ms: Vec::new(),
            named: HashMap::new(),
        };
        for a in &p.acls {
            s.ms.push(a.matcher.clone());
            s.named
                .entry(a.name.clone())
                .or_default()
                .push(s.ms.len() - 1);
        }
        s
    }

    /// Resolve a parsed condition against the section's ACLs; an undeclared name is an error
    /// at its column.
    pub(crate) fn cond(&mut self, c: &Condition) -> Result<Cond, Fail> {
        let mut layer7 = false;
        let mut alts = Vec::with_capacity(c.alts.len());
        for alt in &c.alts {
            let mut terms = Vec::with_capacity(alt.len());
            for t in alt {
                let term = match &t.acl {
                    AclRef::Anonymous(m) => {
                        layer7 |= m.layer7();
                        self.ms.push(m.clone());
                        Term::Acl(vec![self.ms.len() - 1])
                    }
                    AclRef::Named(name) => {
                        if let Some(ix) = self.named.get(name) {
                            layer7 |= ix.iter().any(|&k| self.ms[k].layer7());
                            Term::Acl(ix.clone())
                        } else if let Some(p) = predefined(name) {
                            match p {
                                Ok(b) => Term::Const(b),
                                Err((crit, vals)) => {
                                    let vals: Vec<String> =
                                        vals.iter().map(|v| v.to_string()).collect();
                                    let m = Matcher::compile(crit, &vals)
                                        .expect("predefined ACLs compile");
                                    layer7 |= m.layer7();
                                    self.ms.push(m);
                                    Term::Acl(vec![self.ms.len() - 1])
                                }
                            }
                        } else {
                            let names: Vec<&str> = self.named.keys().map(String::as_str).collect();
                            return Err((
                                t.col,
                                format!("condition uses acl '{name}' which is not declared"),
                                nearest(name, &names),
                            ));
                        }
                    }
                };
                terms.push((t.neg, term));
            }
            alts.push(terms);
        }
        Ok(Cond {
            unless: c.unless,
            alts,
            layer7,
        })
    }
}

/// A piece of a log-format string (`set-header X "%[src]"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text.
    Lit(Vec<u8>),
    /// `%[src]` / `%ci`.
    Src,
    /// `%cp`.
    SrcPort,
    /// `%[path]`.
    Path,
    /// `%[url]`.
    Url,
    /// `%[method]`.
    Method,
    /// `%[req.hdr(NAME)]` / `%[hdr(NAME)]`: the last value.
    Hdr(String),
}

/// Parse a log-format string; `response`: for an `http-response` rule, whose `%[res.hdr(NAME)]`
/// reads the response and which has no request fetch (HAProxy 2.6 refuses them there too).
fn parse_fmt(s: &str, response: bool) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut lit = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let piece = if b.get(i + 1) == Some(&b'%') {
                lit.push(b'%');
                i += 2;
                continue;
            } else if b.get(i + 1) == Some(&b'[') {
                let end = s[i..].find(']').ok_or("'%[' without ']'")? + i;
                let f = &s[i + 2..end];
                i = end + 1;
                let res_hdr = f.strip_prefix("res.hdr(").and_then(|r| r.strip_suffix(')'));
                if response {
                    match (f, res_hdr) {
                        ("src", _) => Piece::Src,
                        ("src_port", _) => Piece::SrcPort,
                        (_, Some(h)) => Piece::Hdr(h.to_ascii_lowercase()),
                        _ => return Err(format!("sample fetch '%[{f}]' is not available in 'http-response' rules (supported there: src, src_port, res.hdr(NAME))")),
                    }
                } else {
                    match f {
                        "src" => Piece::Src,
                        "src_port" => Piece::SrcPort,
                        "path" => Piece::Path,
                        "url" => Piece::Url,
                        "method" => Piece::Method,
                        _ => {
                            let h = f
                            .strip_prefix("req.hdr(")
                            .or_else(|| f.strip_prefix("hdr("))
                            .and_then(|r| r.strip_suffix(')'))
                            .ok_or_else(|| format!("unsupported sample fetch '%[{f}]' (supported: src, src_port, path, url, method, req.hdr(NAME))"))?;
                            Piece::Hdr(h.to_ascii_lowercase())
                        }
                    }
                }
            } else if s[i..].starts_with("%ci") {
                i += 3;
                Piece::Src
            } else if s[i..].starts_with("%cp") {
                i += 3;
                Piece::SrcPort
            } else {
                return Err(format!("unsupported log-format variable in '{s}' (use %[src], %[path], %[req.hdr(NAME)], %ci, %cp or %%)"));
            };
            if !lit.is_empty() {
                out.push(Piece::Lit(std::mem::take(&mut lit)));
            }
            out.push(piece);
        } else {
            lit.push(b[i]);
            i += 1;
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    Ok(out)
}

/// Where a redirect goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// `location URL`.
    Location(Vec<Piece>),
    /// `prefix PREFIX`: PREFIX + the original target.
    Prefix(Vec<u8>),
    /// `scheme S`: S://host + the original target.
    Scheme(Vec<u8>),
}

/// An `http-request` action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Stop evaluating rules.
    Allow,
    /// Answer with this status (HAProxy's error page) and close.
    Deny(u16),
    /// Replace every header NAME with one line.
    SetHeader(String, Vec<Piece>),
    /// Append a header line.
    AddHeader(String, Vec<Piece>),
    /// Remove every header NAME.
    DelHeader(String),
    /// Answer with a redirect.
    Redirect {
        /// Where to.
        to: Redirect,
        /// 301, 302, 303, 307 or 308.
        code: u16,
        /// Drop the query string (prefix and scheme).
        drop_query: bool,
    },
}

const ACTIONS: &[&str] = &[
    "allow",
    "deny",
    "set-header",
    "add-header",
    "del-header",
    "redirect",
];

const RESPONSE_ACTIONS: &[&str] = &["allow", "deny", "set-header", "add-header", "del-header"];

/// The other `http-response` actions of HAProxy 2.6: accepted, warned about and ignored.
const RESPONSE_IGNORED: &[&str] = &[
    "add-acl",
    "cache-store",
    "capture",
    "del-acl",
    "del-map",
    "redirect",
    "replace-header",
    "replace-value",
    "return",
    "sc-inc-gpc",
    "sc-inc-gpc0",
    "sc-inc-gpc1",
    "sc-set-gpt0",
    "send-spoe-group",
    "set-log-level",
    "set-map",
    "set-mark",
    "set-nice",
    "set-status",
    "set-tos",
    "set-var",
    "set-var-fmt",
    "strict-mode",
    "track-sc0",
    "track-sc1",
    "track-sc2",
    "unset-var",
    "wait-for-body",
];

/// A rule's action and its condition, parsed.
pub type Parsed = (Action, Option<Condition>);

/// Parse an `http-request` rule (its words after `http-request`); errors name the column of
/// the offending word.
pub fn parse_rule(words: &[Word]) -> Result<Parsed, Fail> {
    parse_action(words, false)
}

/// Parse an `http-response` rule (its words after `http-response`): None for an action
/// HAProxy has but this proxy ignores (the caller warns).
pub fn parse_response_rule(words: &[Word]) -> Result<Option<Parsed>, Fail> {
    let a = words[0].text.as_str();
    if RESPONSE_ACTIONS.contains(&a) {
        return parse_action(words, true).map(Some);
    }
    if RESPONSE_IGNORED.contains(&a) || a.starts_with("lua.") {
        return Ok(None);
    }
    let known: Vec<&str> = RESPONSE_ACTIONS
        .iter()
        .chain(RESPONSE_IGNORED)
        .copied()
        .collect();
    Err((
        words[0].col,
        format!(
            "unknown 'http-response' action '{a}' (supported: {})",
            RESPONSE_ACTIONS.join(", ")
        ),
        nearest(a, &known),
    ))
}

fn parse_action(words: &[Word], response: bool) -> Result<Parsed, Fail> {
    let (action, cond) = parse_words(words, response).map_err(|(i, m, s)| {
        let col = words[i.min(words.len() - 1)].col;
        (col, m, s)
    })?;
    let cond = match cond {
        Some((at, unless)) => Some(parse_condition(&words[at..], unless)?),
        None => None,
    };
    Ok((action, cond))
}

/// The action of a rule's words, and where its condition starts; errors carry the index of
/// the offending word.
#[allow(clippy::type_complexity)]
fn parse_words(
    words: &[Word],
    response: bool,
) -> Result<(Action, Option<(usize, bool)>), (usize, String, Option<String>)> {
    let kw = if response {
        "http-response"
    } else {
        "http-request"
    };
    let w: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    // The condition follows the action: an `if` in the action's place is an unknown action
    // (HAProxy 2.6 reports it so), not an empty action before a condition.
    let cond_at = w
        .iter()
        .skip(1)
        .position(|x| *x == "if" || *x == "unless")
        .map(|i| i + 1);
    let end = cond_at.unwrap_or(w.len());
    let cond = match cond_at {
        Some(c) if c + 1 >= w.len() => {
            return Err((c, format!("'{}' needs a condition", w[c]), None))
        }
        Some(c) => Some((c + 1, w[c] == "unless")),
        None => None,
    };
    let args = &w[1..end];
    let need = |n: usize, what: &str| -> Result<(), Fail> {
        if args.len() < n {
            Err((
                end.saturating_sub(1),
                format!("'{kw} {}' expects {what}", w[0]),
                None,
            ))
        } else {
            Ok(())
        }
    };
    let extra = |n: usize| -> Result<(), Fail> {
        match args.get(n) {
            Some(x) => Err((n + 1, format!("unexpected '{x}' in '{kw} {}'", w[0]), None)),
            None => Ok(()),
        }
    };
    let fmt = |i: usize| parse_fmt(args[i], response).map_err(|m| (i + 1, m, None));
    let action = match w[0] {
        "allow" => {
            extra(0)?;
            Action::Allow
        }
        "deny" => {
            // HAProxy answers a denied response with a 502.
            let mut status = if response { 502 } else { 403 };
            let mut i = 0;
            while i < args.len() {
                match args[i] {
                    "deny_status" => {
                        let v = args.get(i + 1).ok_or((
                            i + 1,
                            "'deny_status' expects a status code".to_string(),
                            None,
                        ))?;
                        status = v
                            .parse()
                            .ok()
                            .filter(|c| {
                                [
                                    200, 400, 401, 403, 404, 405, 407, 408, 410, 425, 429, 500,
                                    501, 502, 503, 504,
                                ]
                                .contains(c)
                            })
                            .ok_or((
                                i + 2,
                                format!("'{v}' is not a status HAProxy has an error page for"),
                                None,
                            ))?;
                        i += 2;
                    }
                    other => {
                        return Err((
                            i + 1,
                            format!("unexpected '{other}' after 'deny'"),
                            nearest(other, &["deny_status"]),
                        ))
                    }
                }
            }
            Action::Deny(status)
        }
        "set-header" | "add-header" => {
            need(2, "a header name and a value")?;
            extra(2)?;
            let name = args[0].to_ascii_lowercase();
            if name.is_empty() || !name.bytes().all(is_token) {
                return Err((1, format!("'{}' is not a valid header name", args[0]), None));
            }
            if w[0] == "set-header" {
                Action::SetHeader(name, fmt(1)?)
            } else {
                Action::AddHeader(name, fmt(1)?)
            }
        }
        "del-header" => {
            need(1, "a header name")?;
            extra(1)?;
            Action::DelHeader(args[0].to_ascii_lowercase())
        }
        "redirect" => {
            need(2, "location, prefix or scheme and a value")?;
            let to = match args[0] {
                "location" => Redirect::Location(fmt(1)?),
                "prefix" => Redirect::Prefix(args[1].as_bytes().to_vec()),
                "scheme" => Redirect::Scheme(args[1].as_bytes().to_vec()),
                other => {
                    return Err((
                        1,
                        format!("unknown redirect type '{other}'"),
                        nearest(other, &["location", "prefix", "scheme"]),
                    ))
                }
            };
            let mut code = 302;
            let mut drop_query = false;
            let mut i = 2;
            while i < args.len() {
                match args[i] {
                    "code" => {
                        let v = args.get(i + 1).ok_or((
                            i + 1,
                            "'code' expects 301, 302, 303, 307 or 308".to_string(),
                            None,
                        ))?;
                        code = v
                            .parse()
                            .ok()
                            .filter(|c| [301, 302, 303, 307, 308].contains(c))
                            .ok_or((
                                i + 2,
                                format!("'{v}' is not a redirect code (301, 302, 303, 307, 308)"),
                                None,
                            ))?;
                        i += 2;
                    }
                    "drop-query" => {
                        drop_query = true;
                        i += 1;
                    }
                    "append-slash" | "set-cookie" | "clear-cookie" => {
                        return Err((
                            i + 1,
                            format!("redirect option '{}' is not supported", args[i]),
                            None,
                        ))
                    }
                    other => {
                        return Err((
                            i + 1,
                            format!("unknown redirect option '{other}'"),
                            nearest(other, &["code", "drop-query"]),
                        ))
                    }
                }
            }
            Action::Redirect {
                to,
                code,
                drop_query,
            }
        }
        other => {
            return Err((
                0,
                format!(
                    "'http-request {other}' is not supported (supported: {})",
                    ACTIONS.join(", ")
                ),
                nearest(other, ACTIONS),
            ))
        }
    };
    Ok((action, cond))
}

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Configuration errors of a proxy's conditions (an ACL name no ACL of the section has):
/// (line, column, message, suggestion).
pub fn validate(p: &Proxy) -> Vec<(usize, usize, String, Option<String>)> {
    let mut set = AclSet::new(p);
    let mut out = Vec::new();
    let conds = p
        .use_backends
        .iter()
        .filter_map(|u| Some((u.line, u.cond.as_ref()?)))
        .chain(
            p.http_request
                .iter()
                .chain(&p.http_response)
                .filter_map(|r| Some((r.line, r.cond.as_ref()?))),
        );
    for (line, c) in conds {
        if let Err((col, m, s)) = set.cond(c) {
            out.push((line, col, m, s));
        }
    }
    out
}

/// Conditions with a term that can never match where it is used (a request fetch in an
/// `http-response` rule, a response fetch before the response): (line, column, message), as
/// HAProxy 2.6 warns.
pub fn warnings(p: &Proxy) -> Vec<(usize, usize, String)> {
    let mut set = AclSet::new(p);
    let mut out = Vec::new();
    let mut check = |c: &Condition, line: usize, col: usize, what: &str| {
        let response = what == "http-response";
        if let Ok(c) = set.cond(c) {
            let mut names: Vec<&str> = c
                .matchers()
                .filter_map(|i| set.ms[i].unavailable(response))
                .collect();
            names.dedup();
            if !names.is_empty() {
                out.push((line, col, format!("condition of this '{what}' rule uses '{}', which {} here: that term never matches (HAProxy 2.6 warns the same)", names.join("', '"), if response { "reads the request, not available in 'http-response' rules" } else { "reads the response, not available before it" })));
            }
        }
    };
    for u in &p.use_backends {
        if let Some(c) = &u.cond {
            check(c, u.line, 1, "use_backend");
        }
    }
    for (rules, what) in [
        (&p.http_request, "http-request"),
        (&p.http_response, "http-response"),
    ] {
        for r in rules {
            if let Some(c) = &r.cond {
                check(c, r.line, c.col, what);
            }
        }
    }
    out
}

/// `option forwardfor`, compiled.
#[derive(Debug)]
pub struct ForwardFor {
    /// Header name, lower case.
    pub name: String,
    /// Clients in this network get no header.
    pub except: Option<IpNet>,
    /// Only when the request has none.
    pub if_none: bool,
}

/// The layer-7 rules of one proxy, compiled for one generation.
///
/// `B` is what `use_backend` switches to: the runtime's backend, which this layer cannot name.
#[derive(Debug)]
pub struct Rules<B> {
    pub(crate) ms: Vec<Matcher>,
    pub(crate) switching: Vec<(Option<Cond>, B)>,
    pub(crate) fallback: Option<B>,
    /// `http-request` rules in order.
    pub req: Vec<(Action, Option<Cond>)>,
    /// `http-response` rules in order.
    pub rsp: Vec<(Action, Option<Cond>)>,
    /// `option forwardfor`.
    pub ff: Option<ForwardFor>,
    /// `option originalto` (`except` is about the address the client connected to).
    pub ot: Option<ForwardFor>,
    /// Backend switching needs a request head.
    pub l7_switching: bool,
    /// Some `use_backend` has a condition.
    pub conditional: bool,
}

impl<B> Default for Rules<B> {
    fn default() -> Self {
        Rules {
            ms: Vec::new(),
            switching: Vec::new(),
            fallback: None,
            req: Vec::new(),
            rsp: Vec::new(),
            ff: None,
            ot: None,
            l7_switching: false,
            conditional: false,
        }
    }
}

impl<B> Rules<B> {
    /// Compile the rules of `p`; `by_name` finds a backend of the generation by name (for
    /// switching) and `own` is the backend half of a `listen` section.
    pub fn build(p: &Proxy, by_name: impl Fn(&str) -> Option<B>, own: Option<B>) -> Rules<B> {
        let mut set = AclSet::new(p);
        let mut r = Rules::default();
        for u in &p.use_backends {
            let Some(be) = by_name(&u.backend) else {
                continue;
            };
            let cond = match u.cond.as_ref().map(|c| set.cond(c)) {
                None => None,
                Some(Ok(c)) => Some(c),
                Some(Err(_)) => continue,
            };
            if let Some(c) = &cond {
                r.l7_switching |= c.layer7;
                r.conditional = true;
            }
            r.switching.push((cond, be));
        }
        r.fallback = if p.kind == Kind::Listen {
            own
        } else {
            p.default_backend.as_deref().and_then(by_name)
        };
        // A rule whose condition names no ACL was reported by `proxy check`.
        let mut compile = |rule: &HttpRequestRule| {
            let cond = match &rule.cond {
                Some(c) => Some(set.cond(c).ok()?),
                None => None,
            };
            Some((rule.action.clone(), cond))
        };
        r.req = p.http_request.iter().filter_map(&mut compile).collect();
        r.rsp = p.http_response.iter().filter_map(&mut compile).collect();
        let compile_ff = |f: &crate::config::ForwardFor, name: &str| ForwardFor {
            name: f.header.as_deref().unwrap_or(name).to_ascii_lowercase(),
            except: f.except.as_deref().and_then(|n| {
                n.parse::<IpNet>()
                    .ok()
                    .or_else(|| n.parse::<IpAddr>().ok().map(IpNet::from))
            }),
            if_none: f.if_none,
        };
        r.ff = p
            .forwardfor
            .as_ref()
            .map(|f| compile_ff(f, "x-forwarded-for"));
        r.ot = p
            .originalto
            .as_ref()
            .map(|f| compile_ff(f, "x-original-to"));
        r.ms = set.ms;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> Vec<Word> {
        let mut col = 1;
        text.split(' ')
            .map(|w| {
                let c = col;
                col += w.len() + 1;
                Word {
                    text: w.to_string(),
                    col: c,
                }
            })
            .collect()
    }

    #[test]
    fn response_rules_parse() {
        let ok = |t: &str| parse_response_rule(&rule(t)).unwrap();
        assert!(matches!(ok("deny"), Some((Action::Deny(502), None))));
        assert!(matches!(
            ok("deny deny_status 500 if { status 500:599 }"),
            Some((Action::Deny(500), Some(c))) if !c.unless && c.col == 25 && c.alts.len() == 1
        ));
        assert!(
            matches!(ok("del-header server"), Some((Action::DelHeader(n), None)) if n == "server")
        );
        assert!(matches!(
            ok("set-header X-A %[res.hdr(server)]"),
            Some((Action::SetHeader(..), None))
        ));
        // HAProxy actions not implemented: accepted (the configuration warns).
        assert!(ok("set-status 201").is_none());
        assert!(ok("lua.fix").is_none());
        let err = |t: &str| parse_response_rule(&rule(t)).unwrap_err();
        let (col, m, s) = err("del-headr x");
        assert_eq!(col, 1);
        assert!(m.contains("unknown 'http-response' action"), "{m}");
        assert_eq!(s.as_deref(), Some("del-header"));
        let (col, m, _) = err("set-header X-A %[path]");
        assert_eq!(col, 16);
        assert!(m.contains("not available in 'http-response'"), "{m}");
        let (_, m, _) = err("add-header X-A");
        assert!(m.contains("'http-response add-header' expects"), "{m}");
        // In requests, a response fetch in a log-format string is refused as before.
        assert!(parse_rule(&rule("set-header X-A %[res.hdr(server)]")).is_err());
    }

    #[test]
    fn a_condition_without_an_action_is_refused() {
        for t in ["if adm", "unless adm !h", "if"] {
            let (col, m, _) = parse_rule(&rule(t)).unwrap_err();
            assert_eq!(col, 1, "{t}");
            let word = t.split(' ').next().unwrap_or_default();
            let named = format!("'http-request {word}' is not supported");
            assert!(m.starts_with(&named), "{t}: {m}");
            assert!(parse_response_rule(&rule(t)).is_err(), "{t}");
        }
        let cfg =
            "defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n\
                   frontend f\n bind 127.0.0.1:8080\n http-request if { path_beg /admin }\n";
        let e = crate::config::Config::parse(std::path::Path::new("t.cfg"), cfg).unwrap_err();
        assert!(
            e.to_string().contains("'http-request if' is not supported"),
            "{e}"
        );
    }

    #[test]
    fn misplaced_fetches_are_warned_about() {
        let p = crate::config::Config::parse(
            std::path::Path::new("t.cfg"),
            "frontend f\n bind 127.0.0.1:1\n mode http\n acl api path_beg /api\n http-response set-header X-A 1 if api\n http-response deny if { res.hdr(x) -m found }\n http-request deny if { status 500 }\n default_backend x\nbackend x\n mode http\n server s 127.0.0.1:2\n",
        )
        .unwrap()
        .proxies
        .remove(0);
        let w = warnings(&p);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!((w[0].0, w[0].1), (7, 23));
        assert!(w[0].2.contains("'status'"), "{w:?}");
        assert_eq!((w[1].0, w[1].1), (5, 36));
        assert!(w[1].2.contains("'path'"), "{w:?}");
    }
}
