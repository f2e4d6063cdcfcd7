//! Evaluation of the layer-7 rules (compiled by [`crate::config::rules`]) against a request or
//! response head: ACL matchers, conditions, log-format strings and backend switching. It reads
//! the head in place and allocates nothing.

use std::net::IpAddr;

use crate::config::rules::{Cond, Fetch, How, Matcher, Piece, Rules, Term};
use crate::data::http::h1::Head;

/// What rules look at: the request head (absent when a TCP-mode frontend got no complete
/// head), or for `http-response` rules the response head, and the client address.
pub struct Req<'a> {
    /// The buffer the head was parsed from.
    pub buf: &'a [u8],
    /// The head.
    pub head: Option<&'a Head>,
    /// The client address.
    pub src: IpAddr,
    /// The response's status when `head` is a response head.
    pub status: Option<u16>,
}

impl<'a> Req<'a> {
    /// The request target.
    pub fn uri(&self) -> Option<&'a [u8]> {
        self.request().map(|h| h.uri.get(self.buf))
    }
    /// The head, when it is a request's.
    fn request(&self) -> Option<&'a Head> {
        self.head.filter(|_| self.status.is_none())
    }
    /// The path of the request target, without the query string (and without scheme and
    /// authority for an absolute URI).
    pub fn path(&self) -> Option<&'a [u8]> {
        let u = origin_form(self.uri()?);
        Some(match u.iter().position(|&b| b == b'?') {
            Some(q) => &u[..q],
            None => u,
        })
    }
    /// The method.
    pub fn method(&self) -> Option<&'a [u8]> {
        self.request().map(|h| h.method.get(self.buf))
    }
}

/// A request target in origin form: an absolute URI without its scheme and authority (`/`
/// when it has no path), anything else as it is.
pub fn origin_form(uri: &[u8]) -> &[u8] {
    if uri.first() == Some(&b'/') {
        return uri;
    }
    let Some(at) = find(uri, b"://") else {
        return uri;
    };
    let rest = &uri[at + 3..];
    match rest.iter().position(|&b| b == b'/') {
        Some(p) => &rest[p..],
        None => b"/",
    }
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// Canonical form of a client address (IPv4-mapped IPv6 as IPv4).
pub fn canon(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

impl Matcher {
    fn test(&self, s: &[u8]) -> bool {
        let eq = |a: &[u8], b: &[u8]| {
            if self.icase {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        match self.how {
            How::Found => true,
            How::Reg => self.regs.iter().any(|r| r.is_match(s)),
            How::Ip | How::Int => false,
            How::Str => self.strs.iter().any(|v| eq(s, v)),
            How::Beg => self
                .strs
                .iter()
                .any(|v| s.len() >= v.len() && eq(&s[..v.len()], v)),
            How::End => self
                .strs
                .iter()
                .any(|v| s.len() >= v.len() && eq(&s[s.len() - v.len()..], v)),
            How::Sub => self.strs.iter().any(|v| {
                v.is_empty() || (s.len() >= v.len() && s.windows(v.len()).any(|w| eq(w, v)))
            }),
            How::Dir => self.strs.iter().any(|v| {
                s.split(|&b| b == b'/')
                    .any(|part| eq(part, v.as_slice().trim_ascii_matches_slash()))
            }),
        }
    }

    /// Evaluate against a request.
    pub fn matches(&self, r: &Req<'_>) -> bool {
        if self.unavailable(r.status.is_some()).is_some() {
            return false;
        }
        match &self.fetch {
            Fetch::Src => {
                let ip = canon(r.src);
                self.nets.iter().any(|n| n.contains(&ip))
            }
            Fetch::Path => r.path().is_some_and(|p| self.test(p)),
            Fetch::Url => r.uri().is_some_and(|p| self.test(p)),
            Fetch::Method => r.method().is_some_and(|p| self.test(p)),
            Fetch::Status => r
                .status
                .is_some_and(|c| self.ints.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))),
            // The request's one effective host: its Host header (one, the parser saw to that)
            // or, without one, its absolute-form target's authority, which a server reads as
            // the host (HAProxy 2.6 shows such a request no host at all).
            Fetch::Hdr(name) if name.eq_ignore_ascii_case("host") => {
                r.request().and_then(|h| h.host).is_some_and(|v| {
                    v.get(r.buf)
                        .split(|&b| b == b',')
                        .any(|part| self.test(crate::data::http::h1::trim(part)))
                })
            }
            Fetch::Hdr(name) | Fetch::ResHdr(name) => r.head.is_some_and(|h| {
                h.values(r.buf, name).any(|v| {
                    v.split(|&b| b == b',')
                        .any(|part| self.test(crate::data::http::h1::trim(part)))
                })
            }),
        }
    }
}

trait TrimSlash {
    fn trim_ascii_matches_slash(&self) -> &[u8];
}

impl TrimSlash for [u8] {
    fn trim_ascii_matches_slash(&self) -> &[u8] {
        let mut s = self;
        while let [b'/', rest @ ..] = s {
            s = rest;
        }
        while let [rest @ .., b'/'] = s {
            s = rest;
        }
        s
    }
}

impl Cond {
    /// Evaluate with the rules' matchers.
    pub fn eval(&self, ms: &[Matcher], r: &Req<'_>) -> bool {
        let v = self.alts.iter().any(|terms| {
            terms.iter().all(|(neg, t)| {
                let v = match t {
                    Term::Const(b) => *b,
                    Term::Acl(ix) => ix.iter().any(|&i| ms[i].matches(r)),
                };
                v != *neg
            })
        });
        v != self.unless
    }
}

/// Render a log-format string for a request.
pub fn render(fmt: &[Piece], r: &Req<'_>, port: u16, out: &mut Vec<u8>) {
    for p in fmt {
        match p {
            Piece::Lit(l) => out.extend_from_slice(l),
            Piece::Src => out.extend_from_slice(canon(r.src).to_string().as_bytes()),
            Piece::SrcPort => out.extend_from_slice(port.to_string().as_bytes()),
            Piece::Path => out.extend_from_slice(r.path().unwrap_or_default()),
            Piece::Url => out.extend_from_slice(r.uri().unwrap_or_default()),
            Piece::Method => out.extend_from_slice(r.method().unwrap_or_default()),
            Piece::Hdr(n) => {
                if let Some(v) = r.head.and_then(|h| h.values(r.buf, n).last()) {
                    out.extend_from_slice(v);
                }
            }
        }
    }
}

impl<B> Rules<B> {
    /// Whether `c` holds for `req`.
    pub fn holds(&self, c: &Option<Cond>, req: &Req<'_>) -> bool {
        c.as_ref().is_none_or(|c| c.eval(&self.ms, req))
    }

    /// The backend for this request: the first matching `use_backend`, else `default_backend`
    /// (or the `listen` section itself).
    pub fn switch(&self, req: &Req<'_>) -> Option<&B> {
        self.switching
            .iter()
            .find(|(c, _)| self.holds(c, req))
            .map(|(_, b)| b)
            .or(self.fallback.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::lex::Word;
    use crate::config::rules::{parse_condition, AclSet};
    use crate::data::http::h1::Head;

    fn head(s: &'static str) -> (Head, &'static [u8]) {
        let mut h = Head::default();
        assert_eq!(
            h.parse_request(s.as_bytes()),
            crate::data::http::h1::Parsed::Done
        );
        (h, s.as_bytes())
    }

    fn m(c: &str, v: &[&str]) -> Matcher {
        Matcher::compile(c, &v.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn matchers() {
        let (h, b) =
            head("GET http://example.com/n2acd-fe/jarvis-agent/a?q=1 HTTP/1.1\r\nHost: Example.com\r\n\r\n");
        let r = Req {
            buf: b,
            head: Some(&h),
            src: "::ffff:10.1.2.3".parse().unwrap(),
            status: None,
        };
        assert_eq!(r.path(), Some(&b"/n2acd-fe/jarvis-agent/a"[..]));
        assert!(m("path_beg", &["/n2acd-fe/jarvis-agent"]).matches(&r));
        assert!(!m("path_beg", &["/N2ACD"]).matches(&r));
        assert!(m("path_beg", &["-i", "/N2ACD"]).matches(&r));
        assert!(m("path_end", &["/a"]).matches(&r));
        assert!(!m("path", &["/a"]).matches(&r));
        assert!(m("path_reg", &["^/n2acd-fe/[a-z-]+/a$"]).matches(&r));
        assert!(m("hdr(host)", &["-i", "example.com"]).matches(&r));
        assert!(!m("hdr(host)", &["example.com"]).matches(&r));
        assert!(m("hdr_beg(host)", &["Exa"]).matches(&r));
        assert!(m("src", &["10.0.0.0/8"]).matches(&r));
        assert!(m("method", &["GET"]).matches(&r));
        assert!(Matcher::compile("path_bgn", &["/".into()]).is_err());
        // Without a Host header, the host is the absolute-form target's authority: what a
        // server reads as the host.
        let (h, b) = head("GET http://Admin.internal:8080/secret HTTP/1.1\r\n\r\n");
        let r = Req {
            buf: b,
            head: Some(&h),
            src: "127.0.0.1".parse().unwrap(),
            status: None,
        };
        assert!(m("hdr(host)", &["-i", "admin.internal:8080"]).matches(&r));
        assert!(m("hdr_beg(host)", &["-i", "admin.internal"]).matches(&r));
        assert!(!m("hdr(x-host)", &["-i", "admin.internal:8080"]).matches(&r));
    }

    #[test]
    fn regular_expressions_see_bytes_as_haproxy_does() {
        let mut h = Head::default();
        let b: &[u8] = b"GET /a HTTP/1.1\r\nHost: x\r\nX-A: adm\xffn\r\nX-B: caf\xc3\xa9\r\n\r\n";
        assert_eq!(h.parse_request(b), crate::data::http::h1::Parsed::Done);
        let r = Req {
            buf: b,
            head: Some(&h),
            src: "127.0.0.1".parse().unwrap(),
            status: None,
        };
        // `.` takes any byte, also one that is not UTF-8.
        assert!(m("hdr_reg(x-a)", &["^adm.n$"]).matches(&r));
        // A literal outside ASCII matches its UTF-8 bytes; `.` is one byte of them.
        assert!(m("hdr_reg(x-b)", &["^caf\u{e9}$"]).matches(&r));
        assert!(m("hdr_reg(x-b)", &["^caf..$"]).matches(&r));
        assert!(!m("hdr_reg(x-b)", &["^caf.$"]).matches(&r));
        // `-i` and `\w` are ASCII.
        assert!(m("hdr_reg(x-a)", &["-i", "^ADM"]).matches(&r));
        assert!(!m("hdr_reg(x-b)", &["^caf\\w$"]).matches(&r));
    }

    #[test]
    fn conditions() {
        let mut p = crate::config::Config::parse(
            std::path::Path::new("t.cfg"),
            "frontend f\n bind 127.0.0.1:1\n mode http\n acl a path_beg /a\n acl b method POST\n acl a path_beg /z\n default_backend x\nbackend x\n mode http\n server s 127.0.0.1:2\n",
        )
        .unwrap()
        .proxies
        .remove(0);
        p.acls.push(crate::config::Acl {
            name: "c".into(),
            criterion: "src".into(),
            matcher: Matcher::compile("src", &["127.0.0.1".into()]).unwrap(),
            line: 1,
        });
        let mut set = AclSet::new(&p);
        let (h, b) = head("POST /z HTTP/1.1\r\n\r\n");
        let r = Req {
            buf: b,
            head: Some(&h),
            src: "127.0.0.1".parse().unwrap(),
            status: None,
        };
        let c = |s: &str, unless: bool| {
            let words: Vec<Word> = s
                .split(' ')
                .map(|w| Word {
                    text: w.into(),
                    col: 1,
                })
                .collect();
            parse_condition(&words, unless).unwrap()
        };
        let t = |set: &mut AclSet, s: &str, unless: bool| {
            set.cond(&c(s, unless)).unwrap().eval(&set.ms, &r)
        };
        assert!(t(&mut set, "a b", false));
        assert!(!t(&mut set, "a !b", false));
        assert!(t(&mut set, "!a || b", false));
        assert!(t(&mut set, "! a or c", false));
        assert!(!t(&mut set, "a", true));
        assert!(t(&mut set, "{ path_end /z } LOCALHOST METH_POST", false));
        assert!(set.cond(&c("a or nope", false)).is_err());
    }

    #[test]
    fn response_fetches() {
        let mut h = Head::default();
        let b = b"HTTP/1.1 503 Busy\r\nServer: Origin\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(
            h.parse_response(b, false),
            crate::data::http::h1::Parsed::Done
        );
        let r = Req {
            buf: b,
            head: Some(&h),
            src: "127.0.0.1".parse().unwrap(),
            status: Some(503),
        };
        assert!(m("status", &["500:599"]).matches(&r));
        assert!(!m("status", &["200", "404"]).matches(&r));
        assert!(m("res.hdr(server)", &["-i", "origin"]).matches(&r));
        assert!(m("shdr_beg(server)", &["Ori"]).matches(&r));
        assert!(m("src", &["127.0.0.1"]).matches(&r));
        // Request fetches never match a response (HAProxy: "will never match").
        assert!(!m("hdr(server)", &["-m", "found"]).matches(&r));
        assert!(!m("path_beg", &["/"]).matches(&r));
        assert!(Matcher::compile("status", &["abc".into()]).is_err());
        // And response fetches never match a request.
        let (rh, rb) = head("GET / HTTP/1.1\r\nServer: x\r\n\r\n");
        let q = Req {
            buf: rb,
            head: Some(&rh),
            src: "127.0.0.1".parse().unwrap(),
            status: None,
        };
        assert!(!m("res.hdr(server)", &["-m", "found"]).matches(&q));
        assert!(m("hdr(server)", &["-m", "found"]).matches(&q));
    }
}
