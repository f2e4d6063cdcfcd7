//! HTTP/1 response heads (`Head::parse_response`), then the chunked decoder on what follows.
//! The first byte's low bit says whether the request was HEAD.

#[path = "h1_common.rs"]
mod h1_common;

use rustha_proxy::data::http::h1::{Body, Head, Parsed};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&flags, buf)) = data.split_first() else {
            return;
        };
        let head_req = flags & 1 == 1;
        let mut h = Head::default();
        let r = h.parse_response(buf, head_req);
        if flags & 2 == 2 {
            let mut reused = Head::default();
            reused.parse_response(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n",
                false,
            );
            assert_eq!(
                reused.parse_response(buf, head_req),
                r,
                "a reused head parses differently"
            );
            assert_eq!(
                (reused.len, reused.body, reused.code),
                (h.len, h.body, h.code)
            );
            assert_eq!(reused.hdrs, h.hdrs);
        }
        if r == Parsed::Done {
            h1_common::check_head(&h, buf);
            if head_req || (100..200).contains(&h.code) || h.code == 204 || h.code == 304 {
                assert_eq!(
                    h.body,
                    Body::None,
                    "a response that has no body was given one"
                );
            }
            h1_common::check_prefixes(buf, h.len, |h, b| h.parse_response(b, head_req));
            if h.body == Body::Chunked {
                h1_common::check_chunked(&buf[h.len..]);
            }
        } else {
            h1_common::check_chunked(buf);
        }
    });
}
