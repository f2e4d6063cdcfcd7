//! HTTP/1 request heads (`Head::parse_request`), then the chunked decoder on what follows.
//! The first byte says whether to parse another request with the same `Head` first (its reuse
//! must leave nothing behind).

#[path = "h1_common.rs"]
mod h1_common;

use rustha_proxy::data::http::h1::{Head, Parsed};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&flags, buf)) = data.split_first() else {
            return;
        };
        let mut h = Head::default();
        let r = h.parse_request(buf);
        if flags & 1 == 1 {
            let mut reused = Head::default();
            reused.parse_request(b"POST http://a/ HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\n");
            assert_eq!(
                reused.parse_request(buf),
                r,
                "a reused head parses differently"
            );
            assert_eq!(
                (reused.len, reused.body, reused.host),
                (h.len, h.body, h.host)
            );
            assert_eq!(reused.hdrs, h.hdrs);
        }
        if r == Parsed::Done {
            h1_common::check_head(&h, buf);
            assert!(!h.method.get(buf).is_empty() && !h.uri.get(buf).is_empty());
            h1_common::check_prefixes(buf, h.len, |h, b| h.parse_request(b));
            h1_common::check_chunked(&buf[h.len..]);
        } else {
            h1_common::check_chunked(buf);
        }
    });
}
