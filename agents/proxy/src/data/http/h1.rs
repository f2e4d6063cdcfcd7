//! HTTP/1.x message heads parsed in place: `httparse` does the strict tokenising (it rejects
//! invalid header names, obsolete line folding, bare CR and unknown versions), this module adds
//! the framing rules that prevent request smuggling (Content-Length with Transfer-Encoding,
//! conflicting Content-Length values, a Transfer-Encoding that does not end in `chunked` or
//! applies it twice) and the host rules of HAProxy 2.6 (two different `Host` headers, or an
//! absolute-form target whose authority is not the `Host`, are refused; an equal repeated `Host`
//! is dropped), and records every field as offsets into the connection's buffer, so a head is
//! never copied and its index (a reused `Vec`) can be held across `.await` points.
//!
//! Bodies are forwarded verbatim, so [`Chunked`] accepts only one spelling of each line: CRLF
//! line ends (a bare LF, which HAProxy 2.6 reads as a line end and normalises, is refused, since
//! a server behind may read it either way) and trailer lines that are header fields.

use std::mem::MaybeUninit;

/// A byte range of the buffer a [`Head`] was parsed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    /// Start offset.
    pub a: u32,
    /// End offset (exclusive).
    pub b: u32,
}

impl Span {
    /// The bytes of this span in `buf`.
    #[inline]
    pub fn get<'a>(&self, buf: &'a [u8]) -> &'a [u8] {
        &buf[self.a as usize..self.b as usize]
    }
    /// Where `part` lies in `buf`; empty when it does not lie there (the parser hands out an
    /// empty `""` of its own for a missing reason phrase, and any offset computed from that
    /// would cut the buffer wrongly).
    fn of(buf: &[u8], part: &[u8]) -> Span {
        let (start, p) = (buf.as_ptr() as usize, part.as_ptr() as usize);
        match p.checked_sub(start) {
            Some(a) if a + part.len() <= buf.len() => Span {
                a: a as u32,
                b: (a + part.len()) as u32,
            },
            _ => Span::default(),
        }
    }
}

/// How the body of a message is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Body {
    /// No body.
    #[default]
    None,
    /// `Content-Length`.
    Len(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Until the server closes (responses only).
    UntilClose,
}

/// A parsed request or response head: offsets into the buffer plus its framing.
#[derive(Debug, Default)]
pub struct Head {
    /// Request method.
    pub method: Span,
    /// Request target.
    pub uri: Span,
    /// Response reason phrase.
    pub reason: Span,
    /// Response status.
    pub code: u16,
    /// HTTP/1.`minor`.
    pub minor: u8,
    /// Header (name, value) pairs in order.
    pub hdrs: Vec<(Span, Span)>,
    /// Length of the head including the final empty line.
    pub len: usize,
    /// Body framing.
    pub body: Body,
    /// `Connection: close`.
    pub close: bool,
    /// `Connection: keep-alive`.
    pub keep_alive: bool,
    /// `Connection: upgrade` (with an `Upgrade` header).
    pub upgrade: bool,
    /// `Expect: 100-continue`.
    pub expect_continue: bool,
    /// A request: a WebSocket handshake (`Connection: upgrade`, `Upgrade: websocket`). A
    /// response: it has `Sec-WebSocket-Accept`.
    pub websocket: bool,
    /// A request: the one effective host, the `Host` header's value or, without one, the
    /// authority of an absolute-form target (without user info).
    pub host: Option<Span>,
    /// A Content-Length or Transfer-Encoding header framed the message.
    saw_length: bool,
}

/// Result of parsing what the buffer holds so far.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    /// The head is not complete yet.
    Partial,
    /// A head of [`Head::len`] bytes.
    Done,
    /// Malformed; the reason is for logs.
    Bad(&'static str),
}

/// Header lines a head may have: HAProxy 2.6, with its default `tune.http.maxhdr` of 101,
/// answers 400 to a request of 101.
pub const MAX_HEADERS: usize = 100;
/// The longest header name: HAProxy 2.6 stores a name's length in a byte, and refuses a
/// longer one.
const MAX_NAME: usize = 255;

impl Head {
    /// Whether the connection may carry another message after this one.
    pub fn persistent(&self) -> bool {
        if self.minor == 0 {
            self.keep_alive && !self.close
        } else {
            !self.close
        }
    }

    /// Whether the connection may carry another message after an answer that reads nothing
    /// more of this one: persistent, and without a body.
    pub fn persistent_without_body(&self) -> bool {
        self.persistent() && self.body == Body::None
    }

    /// Values of header `name` (ASCII case-insensitive), whole lines.
    pub fn values<'a>(&'a self, buf: &'a [u8], name: &'a str) -> impl Iterator<Item = &'a [u8]> {
        self.hdrs
            .iter()
            .filter(move |(n, _)| n.get(buf).eq_ignore_ascii_case(name.as_bytes()))
            .map(move |(_, v)| v.get(buf))
    }

    fn reset(&mut self) {
        self.hdrs.clear();
        self.body = Body::None;
        self.close = false;
        self.keep_alive = false;
        self.upgrade = false;
        self.expect_continue = false;
        self.websocket = false;
        self.code = 0;
        self.len = 0;
        self.host = None;
    }

    /// Parse a request head at the start of `buf`.
    pub fn parse_request(&mut self, buf: &[u8]) -> Parsed {
        self.reset();
        // Uninitialised: zeroing 101 headers would cost more than parsing a small head.
        let mut hs = [const { MaybeUninit::<httparse::Header<'_>>::uninit() }; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut []);
        let len = match req.parse_with_uninit_headers(buf, &mut hs) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) => return Parsed::Partial,
            Err(httparse::Error::TooManyHeaders) => return Parsed::Bad("too many headers"),
            Err(httparse::Error::Version) => return Parsed::Bad("bad HTTP version"),
            Err(httparse::Error::HeaderName) => return Parsed::Bad("bad header name"),
            Err(httparse::Error::HeaderValue) => return Parsed::Bad("bad header value"),
            Err(_) => return Parsed::Bad("bad request line"),
        };
        self.len = len;
        let (Some(m), Some(u), Some(v)) = (req.method, req.path, req.version) else {
            return Parsed::Bad("bad request line");
        };
        self.method = Span::of(buf, m.as_bytes());
        self.uri = Span::of(buf, u.as_bytes());
        self.minor = v;
        let hdrs: &[httparse::Header<'_>] = req.headers;
        let r = self.fill(buf, hdrs, true);
        if r != Parsed::Done || m == "CONNECT" {
            return r;
        }
        // An absolute-form target: its authority must be the Host (HAProxy 2.6 answers 400
        // otherwise), and without a Host header it is the host rules see.
        let Some((scheme, auth)) = authority(u.as_bytes()) else {
            return r;
        };
        match self.host {
            Some(h) if !same_host(scheme, auth, h.get(buf)) => {
                Parsed::Bad("absolute-form target's authority is not the Host")
            }
            Some(_) => r,
            None => {
                self.host = Some(Span::of(buf, auth));
                r
            }
        }
    }

    /// Parse a response head at the start of `buf`; `head_req` says the request was HEAD.
    pub fn parse_response(&mut self, buf: &[u8], head_req: bool) -> Parsed {
        self.reset();
        let mut hs = [const { MaybeUninit::<httparse::Header<'_>>::uninit() }; MAX_HEADERS];
        let mut rsp = httparse::Response::new(&mut []);
        let len = match httparse::ParserConfig::default()
            .parse_response_with_uninit_headers(&mut rsp, buf, &mut hs)
        {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) => return Parsed::Partial,
            Err(_) => return Parsed::Bad("bad response"),
        };
        self.len = len;
        let (Some(v), Some(c)) = (rsp.version, rsp.code) else {
            return Parsed::Bad("bad status line");
        };
        self.minor = v;
        self.code = c;
        self.reason = Span::of(buf, rsp.reason.unwrap_or("").as_bytes());
        if self.reason.b == 0 {
            self.reason = Span::default();
        }
        let hdrs: &[httparse::Header<'_>] = rsp.headers;
        let r = self.fill(buf, hdrs, false);
        if r != Parsed::Done {
            return r;
        }
        if head_req || (100..200).contains(&c) || c == 204 || c == 304 {
            self.body = Body::None;
        } else if self.body == Body::None && !self.saw_length {
            self.body = Body::UntilClose;
        }
        Parsed::Done
    }

    fn fill(&mut self, buf: &[u8], hs: &[httparse::Header<'_>], request: bool) -> Parsed {
        let mut cl: Option<u64> = None;
        let mut te = false;
        let mut te_chunked_last = false;
        // A WebSocket handshake (HAProxy 2.6 answers 400 without a 24-byte key).
        let mut websocket = false;
        let mut ws_key = false;
        self.saw_length = false;
        let mut chunked = 0;
        for h in hs {
            let name = h.name.as_bytes();
            if name.len() > MAX_NAME {
                return Parsed::Bad("header name longer than 255 bytes");
            }
            let v = trim(h.value);
            if request && name_is(name, b"host") {
                match self.host {
                    // The same host twice is one (HAProxy 2.6 drops the repetition).
                    Some(first) if first.get(buf).eq_ignore_ascii_case(v) => continue,
                    Some(_) => return Parsed::Bad("two different Host headers"),
                    None => self.host = Some(Span::of(buf, v)),
                }
            }
            self.hdrs.push((Span::of(buf, name), Span::of(buf, v)));
            if name_is(name, b"content-length") {
                for part in v.split(|&b| b == b',') {
                    let part = trim(part);
                    if part.is_empty() || part.len() > 18 || !part.iter().all(u8::is_ascii_digit) {
                        return Parsed::Bad("invalid Content-Length");
                    }
                    let n: u64 = std::str::from_utf8(part)
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    if cl.is_some_and(|c| c != n) {
                        return Parsed::Bad("conflicting Content-Length");
                    }
                    cl = Some(n);
                }
            } else if name_is(name, b"transfer-encoding") {
                te = true;
                for tok in v.split(|&b| b == b',') {
                    let tok = trim(tok);
                    if tok.is_empty() {
                        continue;
                    }
                    te_chunked_last = tok.eq_ignore_ascii_case(b"chunked");
                    chunked += usize::from(te_chunked_last);
                }
            } else if name_is(name, b"connection") {
                for tok in v.split(|&b| b == b',') {
                    let tok = trim(tok);
                    if tok.eq_ignore_ascii_case(b"close") {
                        self.close = true;
                    } else if tok.eq_ignore_ascii_case(b"keep-alive") {
                        self.keep_alive = true;
                    } else if tok.eq_ignore_ascii_case(b"upgrade") {
                        self.upgrade = true;
                    }
                }
            } else if request && name_is(name, b"expect") && v.eq_ignore_ascii_case(b"100-continue")
            {
                self.expect_continue = true;
            } else if request && name_is(name, b"upgrade") {
                websocket |= v
                    .split(|&b| b == b',')
                    .any(|t| trim(t).eq_ignore_ascii_case(b"websocket"));
            } else if request && name_is(name, b"sec-websocket-key") {
                ws_key = v.len() == 24;
            } else if !request && name_is(name, b"sec-websocket-accept") {
                self.websocket = true;
            }
        }
        if request {
            self.websocket = websocket && self.upgrade;
            if self.websocket && !ws_key {
                return Parsed::Bad("WebSocket upgrade without a valid Sec-WebSocket-Key");
            }
        }
        if te {
            if cl.is_some() {
                return Parsed::Bad("both Content-Length and Transfer-Encoding");
            }
            if chunked > 1 {
                // RFC 9112 section 6.1: chunked is applied once; HAProxy 2.6 refuses it too.
                return Parsed::Bad("chunked applied more than once");
            }
            if !te_chunked_last {
                if request {
                    return Parsed::Bad("Transfer-Encoding does not end with chunked");
                }
                self.body = Body::UntilClose;
                self.saw_length = true;
                return Parsed::Done;
            }
            if self.minor == 0 && request {
                return Parsed::Bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            self.body = Body::Chunked;
            self.saw_length = true;
        } else if let Some(n) = cl {
            self.body = if n == 0 { Body::None } else { Body::Len(n) };
            self.saw_length = true;
        }
        Parsed::Done
    }
}

/// The scheme and authority (user info removed) of an absolute-form request target.
fn authority(uri: &[u8]) -> Option<(&[u8], &[u8])> {
    if uri.first() == Some(&b'/') || uri == b"*" {
        return None;
    }
    let at = uri.windows(3).position(|w| w == b"://")?;
    let (scheme, rest) = (&uri[..at], &uri[at + 3..]);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let auth = &rest[..end];
    let auth = match auth.iter().rposition(|&b| b == b'@') {
        Some(i) => &auth[i + 1..],
        None => auth,
    };
    Some((scheme, auth))
}

/// Whether an absolute-form target's authority names the same host as the Host header:
/// compared regardless of case, a scheme's default port written or not.
fn same_host(scheme: &[u8], auth: &[u8], host: &[u8]) -> bool {
    let default = if scheme.eq_ignore_ascii_case(b"http") {
        &b":80"[..]
    } else if scheme.eq_ignore_ascii_case(b"https") {
        &b":443"[..]
    } else {
        &b""[..]
    };
    let bare = |h: &'_ [u8]| -> Vec<u8> {
        let h = match h.strip_suffix(default) {
            Some(b) if !default.is_empty() => b,
            _ => h,
        };
        h.to_ascii_lowercase()
    };
    bare(auth) == bare(host)
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// Eight bytes at once lowered to ASCII lower case (bytes above 0x7f unchanged). Header names
/// are short, too short for the compiler's vector loop to pay off: byte by byte, lowering the
/// names of a small response cost more instructions than parsing it.
#[inline]
fn lower_word(x: u64) -> u64 {
    let heptets = x & (0x7f * ONES);
    // Each byte's high bit: heptet >= 'A', heptet > 'Z' (no carry crosses a byte).
    let ge_a = heptets + (0x80 - u64::from(b'A')) * ONES;
    let gt_z = heptets + (0x7f - u64::from(b'Z')) * ONES;
    let upper = ge_a & !gt_z & !x & (0x80 * ONES);
    x | (upper >> 2)
}

/// Up to eight bytes as a word, zero-padded.
#[inline]
fn word(s: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..s.len()].copy_from_slice(s);
    u64::from_le_bytes(w)
}

/// Lower an ASCII header name in place.
pub fn lower_in_place(s: &mut [u8]) {
    let mut chunks = s.chunks_exact_mut(8);
    for c in &mut chunks {
        let w = lower_word(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        c.copy_from_slice(&w.to_le_bytes());
    }
    chunks.into_remainder().make_ascii_lowercase();
}

/// Whether `name` is `lower` (given in lower case) regardless of case.
#[inline]
pub fn name_is(name: &[u8], lower: &[u8]) -> bool {
    name.len() == lower.len()
        && name
            .chunks(8)
            .zip(lower.chunks(8))
            .all(|(a, b)| lower_word(word(a)) == word(b))
}

/// Trim optional white space.
pub fn trim(mut v: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = v {
        v = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = v {
        v = rest;
    }
    v
}

/// Invalid chunked framing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadChunk;

/// Where a chunked body ends, found incrementally while its bytes are forwarded verbatim.
#[derive(Debug, Default, Clone)]
pub struct Chunked {
    state: CState,
    remaining: u64,
    digits: u8,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum CState {
    #[default]
    Size,
    Ext,
    SizeLf,
    Data,
    DataCr,
    DataLf,
    TrailerStart,
    TrailerName,
    TrailerValue,
    TrailerLf,
    FinalLf,
    Done,
}

/// A `tchar` of RFC 9110 section 5.6.2, what a field name is made of.
fn tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A byte a field value or chunk extension may hold: visible, space, tab or obs-text.
fn field_byte(b: u8) -> bool {
    b == b'\t' || (b >= b' ' && b != 0x7f)
}

impl Chunked {
    /// Whether the last chunk and trailers were seen.
    pub fn done(&self) -> bool {
        self.state == CState::Done
    }

    /// Consume bytes of the body; returns how many belong to it (fewer than `data.len()` only
    /// when the body ended), or an error for invalid framing.
    pub fn feed(&mut self, data: &[u8]) -> Result<usize, BadChunk> {
        let mut i = 0;
        while i < data.len() {
            let b = data[i];
            self.state = match (self.state, b) {
                (CState::Size, b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F') => {
                    if self.digits >= 15 {
                        return Err(BadChunk);
                    }
                    self.digits += 1;
                    self.remaining =
                        self.remaining * 16 + (b as char).to_digit(16).unwrap_or(0) as u64;
                    CState::Size
                }
                (CState::Size, b';') if self.digits > 0 => CState::Ext,
                (CState::Size | CState::Ext, b'\r') if self.digits > 0 => CState::SizeLf,
                (CState::Ext, b) if field_byte(b) => CState::Ext,
                (CState::SizeLf, b'\n') => {
                    self.digits = 0;
                    if self.remaining == 0 {
                        CState::TrailerStart
                    } else {
                        CState::Data
                    }
                }
                (CState::Data, _) => {
                    let take = (self.remaining as usize).min(data.len() - i);
                    self.remaining -= take as u64;
                    i += take;
                    if self.remaining == 0 {
                        self.state = CState::DataCr;
                    }
                    continue;
                }
                (CState::DataCr, b'\r') => CState::DataLf,
                (CState::DataLf, b'\n') => CState::Size,
                (CState::TrailerStart, b'\r') => CState::FinalLf,
                (CState::TrailerStart | CState::TrailerName, b) if tchar(b) => CState::TrailerName,
                (CState::TrailerName, b':') => CState::TrailerValue,
                (CState::TrailerValue, b'\r') => CState::TrailerLf,
                (CState::TrailerValue, b) if field_byte(b) => CState::TrailerValue,
                (CState::TrailerLf, b'\n') => CState::TrailerStart,
                (CState::FinalLf, b'\n') => {
                    self.state = CState::Done;
                    return Ok(i + 1);
                }
                (CState::Done, _) => return Ok(i),
                // Anything else, a bare LF or CR first of all.
                _ => return Err(BadChunk),
            };
            i += 1;
        }
        Ok(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lowering_matches_std_for_every_byte() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut v = *b"Ab-Z@[`z";
                v[at] = b;
                let mut ours = v;
                lower_in_place(&mut ours);
                assert_eq!(ours.to_vec(), v.to_ascii_lowercase(), "byte {b:#x} at {at}");
                let lit = v.to_ascii_lowercase();
                assert_eq!(name_is(&v, &lit), v.eq_ignore_ascii_case(&lit));
            }
        }
        for name in [
            "Content-Length",
            "X",
            "",
            "CONNECTION",
            "Sec-WebSocket-Accept",
        ] {
            let mut n = name.as_bytes().to_vec();
            lower_in_place(&mut n);
            assert_eq!(n, name.to_ascii_lowercase().as_bytes());
            assert!(name_is(name.as_bytes(), &n));
            assert!(!name_is(name.as_bytes(), b"content-lengtx"));
        }
        // Same length, different by one byte in the tail or in a full word.
        assert!(!name_is(b"Content-Lengti", b"content-length"));
        assert!(!name_is(b"Dontent-Length", b"content-length"));
        // '@' and '[' border 'A'..='Z', '`' and '{' border 'a'..='z'.
        assert!(!name_is(b"@", b"`"));
        assert!(!name_is(b"[", b"{"));
    }

    fn req(s: &str) -> (Parsed, Head) {
        let mut h = Head::default();
        let r = h.parse_request(s.as_bytes());
        (r, h)
    }

    #[test]
    fn websocket_handshake_needs_its_key() {
        let ws = "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: h2c, WebSocket\r\n";
        assert!(matches!(req(&format!("{ws}\r\n")).0, Parsed::Bad(_)));
        assert!(matches!(
            req(&format!("{ws}Sec-WebSocket-Key: YWJj\r\n\r\n")).0,
            Parsed::Bad(_)
        ));
        let (r, h) = req(&format!(
            "{ws}Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        ));
        assert_eq!(r, Parsed::Done);
        assert!(h.upgrade && h.websocket);
        // Not an upgrade without `Connection: upgrade`, nor another protocol.
        assert_eq!(
            req("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n").0,
            Parsed::Done
        );
        assert_eq!(
            req("GET / HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n").0,
            Parsed::Done
        );
    }

    #[test]
    fn smuggling_is_rejected() {
        for bad in [
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: \r\nHost: a\r\n\r\n",
            "GET http://admin.internal/secret HTTP/1.1\r\nHost: public.example\r\n\r\n",
            "GET http://a/x HTTP/1.0\r\nHost: b\r\n\r\n",
            "GET http://a/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n",
            "GET / HTTP/1.1\r\nHo st: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
        ] {
            assert!(matches!(req(bad).0, Parsed::Bad(_)), "accepted: {bad:?}");
        }
    }

    #[test]
    fn one_effective_host() {
        let host = |s: &str| {
            let (r, h) = req(s);
            assert_eq!(r, Parsed::Done, "{s:?}");
            let hosts = h.values(s.as_bytes(), "host").count();
            (h.host.map(|x| x.get(s.as_bytes()).to_vec()), hosts)
        };
        let some = |s: &str| Some(s.as_bytes().to_vec());
        assert_eq!(host("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), (some("a"), 1));
        // Equal repetitions are dropped, as HAProxy 2.6 does.
        assert_eq!(
            host("GET / HTTP/1.1\r\nHost: a\r\nHost: A\r\n\r\n"),
            (some("a"), 1)
        );
        assert_eq!(
            host("GET http://admin.internal/s HTTP/1.1\r\n\r\n"),
            (some("admin.internal"), 0)
        );
        assert_eq!(
            host("GET http://u:p@Admin:80/s?q HTTP/1.1\r\nHost: admin\r\n\r\n"),
            (some("admin"), 1)
        );
        assert_eq!(
            host("GET https://a/s HTTP/1.1\r\nHost: a:443\r\n\r\n"),
            (some("a:443"), 1)
        );
        assert_eq!(host("GET / HTTP/1.1\r\n\r\n"), (None, 0));
        assert!(matches!(
            req("GET https://a:80/ HTTP/1.1\r\nHost: a\r\n\r\n").0,
            Parsed::Bad(_)
        ));
    }

    #[test]
    fn framing() {
        let (r, h) = req("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello");
        assert_eq!(r, Parsed::Done);
        assert_eq!(h.body, Body::Len(5));
        assert_eq!(h.len, 51);
        let (_, h) = req("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        assert_eq!(h.body, Body::Chunked);
        let (_, h) = req("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
        assert!(h.persistent());
        let (_, h) = req("GET / HTTP/1.0\r\n\r\n");
        assert!(!h.persistent());
        assert_eq!(req("GET / HTTP/1.1\r\nHost: a\r\n").0, Parsed::Partial);
        let mut h = Head::default();
        assert_eq!(
            h.parse_response(b"HTTP/1.1 200 OK\r\n\r\n", false),
            Parsed::Done
        );
        assert_eq!(h.body, Body::UntilClose);
        assert_eq!(
            h.parse_response(b"HTTP/1.1 304 OK\r\n\r\n", false),
            Parsed::Done
        );
        assert_eq!(h.body, Body::None);
        // A WebSocket answer is recognised by its accept key (not checked, as by HAProxy).
        let switched =
            b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n";
        assert_eq!(
            h.parse_response(&[&switched[..], b"\r\n"].concat(), false),
            Parsed::Done
        );
        assert!(!h.websocket);
        let accepted = [&switched[..], b"Sec-WebSocket-Accept: x\r\n\r\n"].concat();
        assert_eq!(h.parse_response(&accepted, false), Parsed::Done);
        assert!(h.websocket);
    }

    #[test]
    fn every_span_lies_in_its_buffer() {
        // A status line without a reason phrase: the parser's empty reason is not in the
        // buffer (a worker thread panicked cutting the buffer with it).
        for raw in [
            &b"HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok"[..],
            b"HTTP/1.1 200 \r\nX:\r\n\r\n",
            b"HTTP/1.0 404\r\n\r\n",
        ] {
            let mut h = Head::default();
            assert_eq!(h.parse_response(raw, false), Parsed::Done);
            let spans = h.hdrs.iter().flat_map(|(n, v)| [n, v]).chain([&h.reason]);
            for s in spans {
                assert!(s.a <= s.b && s.b as usize <= raw.len(), "{s:?} in {raw:?}");
            }
            assert!(h.reason.get(raw).iter().all(|b| *b != b'\r'));
        }
        let raw = b"GET / HTTP/1.1\r\nHost:\r\nX:\r\n\r\n";
        let mut h = Head::default();
        assert_eq!(h.parse_request(raw), Parsed::Done);
        for (n, v) in &h.hdrs {
            assert!(n.b as usize <= raw.len() && v.b as usize <= raw.len());
        }
    }

    #[test]
    fn chunked_ends_exactly() {
        let body = b"5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\nGET /next";
        let mut c = Chunked::default();
        let n = c.feed(&body[..9]).unwrap();
        assert_eq!(n, 9);
        let m = c.feed(&body[9..]).unwrap();
        assert!(c.done());
        assert_eq!(&body[9 + m..], b"GET /next");
        assert!(Chunked::default().feed(b"zz\r\n").is_err());
        assert!(Chunked::default().feed(b"3\r\nabcX").is_err());
    }

    #[test]
    fn chunked_refuses_bare_lf_and_cr_everywhere() {
        for bad in [
            // The last chunk's line ended by a bare LF: a server may read what follows as a
            // new request.
            &b"0\r\n\nGET /admin HTTP/1.1\r\n\r\n"[..],
            b"5\nhello\r\n0\r\n\r\n",
            b"5;a=b\nhello\r\n0\r\n\r\n",
            b"5\r\nhello\n0\r\n\r\n",
            b"5\r\nhello\r\n0\n\r\n",
            b"0\r\nX: y\n\r\n",
            b"0\r\nX: y\r\n\n",
            b"0\r\nX: y\rZ\r\n\r\n",
            b"0\r\n\rX\r\n",
            b"5\rhello\r\n",
            b"5;a\rb\r\nhello\r\n",
            // Trailer lines that are not header fields, control bytes.
            b"0\r\nbad trailer\r\n\r\n",
            b"0\r\n: v\r\n\r\n",
            b"0\r\nX : v\r\n\r\n",
            b"0\r\nX: a\x00b\r\n\r\n",
            b"5;a\x01\r\nhello\r\n0\r\n\r\n",
            b";\r\n",
            b"5 \r\nhello\r\n0\r\n\r\n",
        ] {
            let mut c = Chunked::default();
            assert!(
                c.feed(bad).is_err(),
                "accepted {:?}",
                String::from_utf8_lossy(bad)
            );
        }
        for good in [
            &b"0\r\n\r\n"[..],
            b"0\r\nX-T: a b\tc\r\nY:\r\n\r\n",
            b"A;name=\"v\"\r\n0123456789\r\n0;x\r\n\r\n",
        ] {
            let mut c = Chunked::default();
            assert_eq!(c.feed(good), Ok(good.len()));
            assert!(c.done());
        }
    }

    /// Mutated heads and bodies (bytes flipped, inserted, deleted, lines duplicated, the
    /// framing's own bytes spliced in), a few hundred thousand from a fixed seed: parsing never
    /// panics, every span of a parsed head lies in its buffer, a head is no longer than the
    /// bytes, and the chunked decoder never claims more bytes than it was given. A worker
    /// thread once panicked on a status line without a reason phrase.
    #[test]
    fn mutated_messages_never_break_the_parsers() {
        let seeds: &[&[u8]] = &[
            b"GET /a?b HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\n",
            b"POST http://a/x HTTP/1.0\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\nConnection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            b"HTTP/1.1 200\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"HTTP/1.0 101 Switching\r\nSec-WebSocket-Accept: x\r\n\r\n",
        ];
        let bodies: &[&[u8]] = &[
            b"5;x=\"y\"\r\nhello\r\n0\r\nT: 1\r\n\r\n",
            b"A\r\n0123456789\r\n0\r\n\r\n",
        ];
        let specials = b"\r\n:; \t,0\x00\x7f\xff";
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mutate = |src: &[u8], next: &mut dyn FnMut() -> u64| {
            let mut m = src.to_vec();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % (m.len() + 1);
                let byte = if next() % 2 == 0 {
                    specials[(next() as usize) % specials.len()]
                } else {
                    next() as u8
                };
                match next() % 5 {
                    0 if at < m.len() => m[at] = byte,
                    1 => m.insert(at, byte),
                    2 if at < m.len() => _ = m.remove(at),
                    3 => {
                        // A line of the message repeated.
                        let end = m[at..].iter().position(|&b| b == b'\n').map(|p| at + p + 1);
                        if let Some(end) = end {
                            let line = m[at..end].to_vec();
                            m.splice(at..at, line);
                        }
                    }
                    _ => m.truncate(at),
                }
            }
            m
        };
        let mut h = Head::default();
        for i in 0..300_000 {
            let seed = seeds[i % seeds.len()];
            let m = mutate(seed, &mut next);
            let response = seed.starts_with(b"HTTP/");
            let r = if response {
                h.parse_response(&m, i % 7 == 0)
            } else {
                h.parse_request(&m)
            };
            if r == Parsed::Done {
                assert!(h.len <= m.len());
                let own = if response {
                    vec![h.reason]
                } else {
                    [h.method, h.uri].into_iter().chain(h.host).collect()
                };
                let spans = h.hdrs.iter().flat_map(|(n, v)| [*n, *v]);
                for s in spans.chain(own) {
                    assert!(s.a <= s.b && s.b as usize <= m.len(), "{s:?} in {m:?}");
                }
            }
            let body = mutate(bodies[i % bodies.len()], &mut next);
            let mut c = Chunked::default();
            let split = (next() as usize) % (body.len() + 1);
            if let Ok(n) = c.feed(&body[..split]) {
                assert!(n <= split);
                if n == split {
                    if let Ok(k) = c.feed(&body[split..]) {
                        assert!(k <= body.len() - split);
                    }
                }
            }
        }
    }
}
