//! Checks the request and response targets share: a parsed head's offsets and framing, and the
//! chunked decoder fed in one piece and byte by byte.

use rustha_proxy::data::http::h1::{Body, Chunked, Head, Parsed, Span};

/// What must hold of a head `parse` reported complete in `buf`.
pub fn check_head(h: &Head, buf: &[u8]) {
    assert!(h.len <= buf.len(), "head longer than the buffer");
    assert!(
        buf[..h.len].ends_with(b"\n"),
        "head does not end at a line end"
    );
    let inside = |s: Span| {
        assert!(
            s.a <= s.b && s.b as usize <= h.len,
            "span {s:?} outside the head"
        );
        s.get(buf)
    };
    for &(n, v) in &h.hdrs {
        let (n, v) = (inside(n), inside(v));
        assert!(!n.is_empty(), "empty header name");
        assert!(
            !n.iter()
                .chain(v)
                .any(|&b| b == b'\r' || b == b'\n' || b == 0),
            "CR, LF or NUL in a header"
        );
    }
    if let Some(host) = h.host {
        inside(host);
    }
    let has = |name: &str| h.values(buf, name).next().is_some();
    match h.body {
        Body::Len(_) => assert!(
            has("content-length") && !has("transfer-encoding"),
            "length framing without exactly one framing header"
        ),
        Body::Chunked => assert!(
            has("transfer-encoding") && !has("content-length"),
            "chunked framing with a Content-Length"
        ),
        Body::None | Body::UntilClose => {}
    }
}

/// A shorter prefix of a complete head is never complete itself.
pub fn check_prefixes(buf: &[u8], len: usize, parse: impl Fn(&mut Head, &[u8]) -> Parsed) {
    let mut h = Head::default();
    for cut in [len - 1, len / 2, 1] {
        if cut < len {
            assert_ne!(
                parse(&mut h, &buf[..cut]),
                Parsed::Done,
                "prefix of {cut} bytes complete"
            );
        }
    }
}

/// The decoder's verdict on `body` is the same whole and byte by byte, and a complete body ends
/// with the empty line that closes its trailers.
pub fn check_chunked(body: &[u8]) {
    let body = &body[..body.len().min(8192)];
    let mut whole = Chunked::default();
    let one = whole.feed(body);
    let mut bytewise = Chunked::default();
    let mut used = 0;
    let mut split = Ok(0);
    for b in body.chunks(1) {
        if bytewise.done() {
            break;
        }
        match bytewise.feed(b) {
            Ok(n) => used += n,
            Err(e) => {
                split = Err(e);
                break;
            }
        }
    }
    let split = split.map(|_| used);
    assert_eq!(one, split, "whole and bytewise feeding disagree");
    assert_eq!(whole.done(), bytewise.done());
    if let Ok(n) = one {
        assert!(n <= body.len());
        if whole.done() {
            assert!(
                body[..n].ends_with(b"\r\n\r\n"),
                "a body ended without its empty line"
            );
        } else {
            assert_eq!(n, body.len(), "an unfinished body left bytes unread");
        }
    }
}
