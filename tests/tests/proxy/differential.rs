//! The differential corpus: hostile requests and misbehaving server responses, drawn from the
//! public request-smuggling research (TE/CL variants, chunk-size forms, bare LF and CR,
//! trailers, white space before colons, absolute URIs, duplicate headers, control and NUL
//! bytes, huge sizes, pipelined, early and extra responses, bodies past Content-Length, 1xx
//! floods), each sent through HAProxy 2.6 and through `proxy` to a recording origin that reads
//! requests leniently ([`rustha_harness::rawsrv`]: a bare LF ends a line, as in nginx).
//!
//! What fails the test, for `proxy`:
//! - the origin could read a request the client did not send as one: any request whose path
//!   starts with `/smuggled` (every request hidden in another's bytes is one), or bytes a
//!   lenient and a strict reading split differently (a bare LF or CR in forwarded framing);
//! - a client gets an answer tagged for another request (`X-Tag` names the request the origin
//!   answered), or a follow-up client gets bytes of a misbehaving answer;
//! - a status differing from HAProxy 2.6's, except for the deliberate differences below.
//!
//! Deliberate differences from HAProxy 2.6 (each case names its own, and must still differ
//! that way, so neither side drifts silently):
//! - `lf`: a bare LF where HTTP/1.1 wants CRLF in chunked framing (size line, extension, after
//!   the data, trailers). HAProxy reads it as a line end and forwards the body re-chunked;
//!   `proxy` forwards bodies as they came and cannot normalise them, so it answers 400: a
//!   server behind may read the bare LF either way. (In a head both accept it: both rewrite
//!   the head with CRLF.)
//! - `bws`: white space after a chunk size (`5 `, `5 ;x`). HAProxy skips it; `proxy` answers
//!   400, for the same reason.
//! - `trailer-ws`: white space before a trailer's colon. HAProxy 2.6 answers 200 or 400 from
//!   run to run (so only `proxy`'s 400 is asserted); `proxy` holds trailers to the rules of a
//!   head, which refuse it.
//! - `ctl`: a control byte (NUL, 0x01, DEL) in a header value, chunk extension or trailer:
//!   HAProxy forwards it; `proxy` answers 400 (502 for a response). RFC 9110 section 5.5
//!   does not allow them, and servers disagree about where such a value ends.
//! - `fold`: obsolete line folding: HAProxy joins the lines; `proxy` answers 400 (502 for a
//!   response), as RFC 9112 section 5.2 allows (a folded line is read as a separate header by
//!   some servers).
//! - `http2`, `line`: a request line with version `HTTP/2.0` or `HTTP/1.2`, or more than one
//!   space or a tab between its parts: HAProxy forwards it; `proxy` (httparse) answers 400:
//!   servers disagree on where its target ends, and those versions do not exist in HTTP/1.
//! - `te-cl`, `rsp-te-cl`: Content-Length with Transfer-Encoding: HAProxy drops the length and
//!   forwards; `proxy` answers 400 (502 for a response): RFC 9112 section 6.1 allows it, and
//!   such a message is the classic smuggling vector.
//! - `te10`: Transfer-Encoding in an HTTP/1.0 request: HAProxy forwards it; `proxy` answers 400,
//!   as RFC 9112 section 6.1 says such framing is faulty.
//! - `te`: `gzip, chunked` in a request: HAProxy 2.6 answers 422 (and 400 to an empty list
//!   element); `proxy` forwards it, the body being chunked-framed all the same.
//! - `rsp-te`: a response whose Transfer-Encoding does not end in chunked: HAProxy answers
//!   502; `proxy` reads it until the server closes, as RFC 9112 section 6.3 says.
//! - `status`: a status code of four digits: HAProxy relays it; `proxy` answers 502 (RFC 9110
//!   section 15: three digits).
//! - `host-none`: an absolute-form target without a Host header: HAProxy's rules see no host;
//!   `proxy`'s see the authority (what a server reads as the host), so the `admin.internal`
//!   deny applies.
//! - `rsp`: a response with a bare LF or white space in its chunked framing: HAProxy
//!   re-chunks and relays it; `proxy` answers 502 and closes.
//! - `rsp-extra`: bytes past a response's end: both relay the response (not compared further:
//!   whether HAProxy reads the stray bytes as an error of its own depends on timing); neither
//!   hands them to another client.
//!
//! The corpus runs on eight client threads at once against each side (cases are independent,
//! each on its own connection, and every answer is tagged), which also mixes the server
//! connections the proxies pool between cases.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustha_harness::proxy::{free_port, Daemon, TempDir};
use rustha_harness::rawsrv::{
    guarded_config, lenient_requests, strict_requests, tagged_statuses, RawOrigin, Reply, Seen,
};

/// One case: a name, the bytes (`/T` stands for the case's own path), and which documented
/// difference from HAProxy it shows, if any.
struct Case {
    name: String,
    bytes: Vec<u8>,
    differs: Option<&'static str>,
}

fn case(name: &str, text: &str, differs: Option<&'static str>) -> Case {
    Case {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
        differs,
    }
}

const HIDDEN: &str = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";

/// The hostile requests.
fn requests() -> Vec<Case> {
    let mut c = Vec::new();
    let post = |hdrs: &str, body: &str| format!("POST /T HTTP/1.1\r\nHost: a\r\n{hdrs}\r\n{body}");
    // Transfer-Encoding spellings, each with a chunk that holds a request, read as one if the
    // framing is misread.
    let te_body = format!("{:x}\r\n{HIDDEN}\r\n0\r\n\r\n", HIDDEN.len());
    for (n, te, d) in [
        ("te plain", "Transfer-Encoding: chunked", None),
        ("te upper", "Transfer-Encoding: CHUNKED", None),
        ("te mixed case name", "tRANSFER-eNCODING: Chunked", None),
        ("te tab before value", "Transfer-Encoding:\tchunked", None),
        ("te trailing space", "Transfer-Encoding: chunked ", None),
        ("te no space", "Transfer-Encoding:chunked", None),
        ("te xchunked", "Transfer-Encoding: xchunked", None),
        ("te chunked-false", "Transfer-Encoding: chunked-false", None),
        ("te identity", "Transfer-Encoding: identity", None),
        (
            "te chunked identity",
            "Transfer-Encoding: chunked, identity",
            None,
        ),
        (
            "te gzip chunked",
            "Transfer-Encoding: gzip, chunked",
            Some("te"),
        ),
        (
            "te empty element",
            "Transfer-Encoding: ,chunked",
            Some("te"),
        ),
        (
            "te twice in one",
            "Transfer-Encoding: chunked, chunked",
            None,
        ),
        (
            "te two headers",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
            None,
        ),
        (
            "te then identity header",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity",
            None,
        ),
        (
            "te gzip then chunked headers",
            "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked",
            Some("te"),
        ),
        ("te space before colon", "Transfer-Encoding : chunked", None),
        ("te tab before colon", "Transfer-Encoding\t: chunked", None),
        ("te underscore", "Transfer_Encoding: chunked", None),
        ("te vertical tab", "Transfer-Encoding:\x0bchunked", None),
        ("te form feed", "Transfer-Encoding: \x0cchunked", None),
        (
            "te obs-fold",
            "Transfer-Encoding:\r\n chunked",
            Some("fold"),
        ),
        ("te nul", "Transfer-Encoding: chunked\x00", None),
        ("te quoted", "Transfer-Encoding: \"chunked\"", None),
        ("te empty", "Transfer-Encoding: ", None),
        (
            "te with cl first",
            "Content-Length: 4\r\nTransfer-Encoding: chunked",
            Some("te-cl"),
        ),
        (
            "te with cl after",
            "Transfer-Encoding: chunked\r\nContent-Length: 4",
            Some("te-cl"),
        ),
        (
            "te with cl zero",
            "Transfer-Encoding: chunked\r\nContent-Length: 0",
            Some("te-cl"),
        ),
    ] {
        c.push(case(n, &post(&format!("{te}\r\n"), &te_body), d));
    }
    c.push(case(
        "te in http/1.0",
        &format!("POST /T HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n{te_body}"),
        Some("te10"),
    ));
    // Content-Length spellings: N announces the whole body, which holds a request; 5 would
    // leave it to be read as one.
    let body = format!("hello{HIDDEN}");
    let n_len = body.len().to_string();
    for (n, cl, d) in [
        ("cl plain", "Content-Length: N", None),
        (
            "cl twice equal",
            "Content-Length: N\r\nContent-Length: N",
            None,
        ),
        (
            "cl twice different",
            "Content-Length: N\r\nContent-Length: 5",
            None,
        ),
        (
            "cl short first",
            "Content-Length: 5\r\nContent-Length: N",
            None,
        ),
        ("cl list equal", "Content-Length: N, N", None),
        ("cl list different", "Content-Length: N, 5", None),
        ("cl plus sign", "Content-Length: +N", None),
        ("cl minus", "Content-Length: -N", None),
        ("cl leading zeros", "Content-Length: 000N", None),
        ("cl hex", "Content-Length: 0x5", None),
        ("cl decimal point", "Content-Length: N.0", None),
        ("cl space inside", "Content-Length: 5 N", None),
        ("cl empty", "Content-Length: ", None),
        ("cl letters", "Content-Length: five", None),
        ("cl huge", "Content-Length: 99999999999999999999", None),
        ("cl 2^63", "Content-Length: 9223372036854775808", None),
        ("cl space before colon", "Content-Length : N", None),
        ("cl tab value", "Content-Length:\tN", None),
        ("cl obs-fold", "Content-Length:\r\n N", Some("fold")),
        ("cl vertical tab", "Content-Length:\x0bN", None),
    ] {
        let cl = cl.replace('N', &n_len);
        c.push(case(n, &post(&format!("{cl}\r\n"), &body), d));
    }
    // Chunk-size forms.
    for (n, body, d) in [
        ("chunk plain", "5\r\nhello\r\n0\r\n\r\n", None),
        ("chunk upper hex", "A\r\n0123456789\r\n0\r\n\r\n", None),
        ("chunk leading zeros", "0005\r\nhello\r\n0\r\n\r\n", None),
        ("chunk 0x prefix", "0x5\r\nhello\r\n0\r\n\r\n", None),
        ("chunk plus", "+5\r\nhello\r\n0\r\n\r\n", None),
        ("chunk minus", "-5\r\nhello\r\n0\r\n\r\n", None),
        ("chunk space before", " 5\r\nhello\r\n0\r\n\r\n", None),
        ("chunk space after", "5 \r\nhello\r\n0\r\n\r\n", Some("bws")),
        ("chunk tab after", "5\t\r\nhello\r\n0\r\n\r\n", Some("bws")),
        (
            "chunk space before ext",
            "5 ;x=1\r\nhello\r\n0\r\n\r\n",
            Some("bws"),
        ),
        ("chunk ext", "5;x=1\r\nhello\r\n0\r\n\r\n", None),
        (
            "chunk ext quoted",
            "5;x=\"a;b\"\r\nhello\r\n0\r\n\r\n",
            None,
        ),
        ("chunk ext empty", "5;\r\nhello\r\n0\r\n\r\n", None),
        ("chunk ext bare lf", "5;x\nhello\r\n0\r\n\r\n", Some("lf")),
        ("chunk ext bare cr", "5;x\rhello\r\n0\r\n\r\n", None),
        (
            "chunk ext nul",
            "5;x\x00\r\nhello\r\n0\r\n\r\n",
            Some("ctl"),
        ),
        ("chunk size bare lf", "5\nhello\r\n0\r\n\r\n", Some("lf")),
        ("chunk data bare lf", "5\r\nhello\n0\r\n\r\n", Some("lf")),
        ("chunk last bare lf", "5\r\nhello\r\n0\n\r\n", Some("lf")),
        ("chunk final bare lf", "5\r\nhello\r\n0\r\n\n", Some("lf")),
        (
            "chunk final bare lf hides",
            &format!("0\r\n\n{HIDDEN}"),
            Some("lf"),
        ),
        ("chunk data longer", "3\r\nhello\r\n0\r\n\r\n", None),
        ("chunk data shorter", "7\r\nhello\r\n0\r\n\r\n", None),
        ("chunk missing crlf", "5\r\nhello0\r\n\r\n", None),
        (
            "chunk huge",
            "fffffffffffffffff\r\nhello\r\n0\r\n\r\n",
            None,
        ),
        ("chunk 2^63", "8000000000000000\r\nhello\r\n0\r\n\r\n", None),
        ("chunk last 00", "5\r\nhello\r\n00\r\n\r\n", None),
        ("chunk no size", "\r\nhello\r\n0\r\n\r\n", None),
        ("chunk cr cr lf", "5\r\r\nhello\r\n0\r\n\r\n", None),
        ("trailer plain", "5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n", None),
        ("trailer two", "0\r\nA: 1\r\nB: 2\r\n\r\n", None),
        ("trailer no colon", "0\r\nbad trailer\r\n\r\n", None),
        ("trailer bare lf", "0\r\nX-T: 1\n\r\n", Some("lf")),
        ("trailer bare cr", "0\r\nX-T: 1\rX\r\n\r\n", None),
        (
            "trailer space before colon",
            "0\r\nX-T : 1\r\n\r\n",
            Some("trailer-ws"),
        ),
        (
            "trailer content-length",
            "0\r\nContent-Length: 40\r\n\r\n",
            None,
        ),
        (
            "trailer te",
            "0\r\nTransfer-Encoding: chunked\r\n\r\n",
            None,
        ),
        (
            "trailer then pipelined",
            "0\r\nX: 1\r\n\r\nGET /T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        ("trailer nul", "0\r\nX-T: a\x00b\r\n\r\n", Some("ctl")),
    ] {
        c.push(case(n, &post("Transfer-Encoding: chunked\r\n", body), d));
    }
    // Line ends and bytes in the head.
    for (n, text, d) in [
        (
            "head bare lf everywhere",
            "GET /T HTTP/1.1\nHost: a\n\n",
            None,
        ),
        (
            "head bare lf request line",
            "GET /T HTTP/1.1\nHost: a\r\n\r\n",
            None,
        ),
        (
            "head bare lf header",
            "GET /T HTTP/1.1\r\nHost: a\n\r\n",
            None,
        ),
        ("head bare lf end", "GET /T HTTP/1.1\r\nHost: a\r\n\n", None),
        (
            "head bare cr in value",
            "GET /T HTTP/1.1\r\nHost: a\rX: b\r\n\r\n",
            None,
        ),
        (
            "head bare cr request line",
            "GET /T HTTP/1.1\rHost: a\r\n\r\n",
            None,
        ),
        (
            "head leading crlf",
            "\r\nGET /T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "head leading lf",
            "\nGET /T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "head nul in value",
            "GET /T HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n",
            Some("ctl"),
        ),
        (
            "head nul in path",
            "GET /T\x00x HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "head del in value",
            "GET /T HTTP/1.1\r\nHost: a\r\nX: a\x7fb\r\n\r\n",
            Some("ctl"),
        ),
        (
            "head ctl in value",
            "GET /T HTTP/1.1\r\nHost: a\r\nX: a\x01b\r\n\r\n",
            Some("ctl"),
        ),
        (
            "head high bytes in value",
            "GET /T HTTP/1.1\r\nHost: a\r\nX: caf\u{e9}\r\n\r\n",
            None,
        ),
        (
            "head obs-fold",
            "GET /T HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n",
            Some("fold"),
        ),
        (
            "head fold first line",
            "GET /T HTTP/1.1\r\n X: a\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "head space in name",
            "GET /T HTTP/1.1\r\nHost: a\r\nX Y: a\r\n\r\n",
            None,
        ),
        (
            "head empty name",
            "GET /T HTTP/1.1\r\nHost: a\r\n: a\r\n\r\n",
            None,
        ),
        (
            "head no colon",
            "GET /T HTTP/1.1\r\nHost: a\r\nnocolon\r\n\r\n",
            None,
        ),
        (
            "head name with slash",
            "GET /T HTTP/1.1\r\nHost: a\r\nX/Y: a\r\n\r\n",
            None,
        ),
        (
            "head utf8 name",
            "GET /T HTTP/1.1\r\nHost: a\r\nX\u{e9}: a\r\n\r\n",
            None,
        ),
    ] {
        c.push(case(n, text, d));
    }
    // Request lines.
    let long_uri = format!("GET /T/{} HTTP/1.1\r\nHost: a\r\n\r\n", "u".repeat(17000));
    for (n, text, d) in [
        (
            "line lower method",
            "get /T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "line unknown method",
            "BREW /T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "line double space",
            "GET  /T HTTP/1.1\r\nHost: a\r\n\r\n",
            Some("line"),
        ),
        (
            "line tab separator",
            "GET\t/T HTTP/1.1\r\nHost: a\r\n\r\n",
            Some("line"),
        ),
        (
            "line trailing space",
            "GET /T HTTP/1.1 \r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "line http/1.2",
            "GET /T HTTP/1.2\r\nHost: a\r\n\r\n",
            Some("line"),
        ),
        (
            "line http/1.10",
            "GET /T HTTP/1.10\r\nHost: a\r\n\r\n",
            None,
        ),
        ("line http/0.9", "GET /T\r\n\r\n", None),
        (
            "line http/2.0",
            "GET /T HTTP/2.0\r\nHost: a\r\n\r\n",
            Some("http2"),
        ),
        (
            "line lower version",
            "GET /T http/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "line space in uri",
            "GET /T x HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        ("line no uri", "GET HTTP/1.1\r\nHost: a\r\n\r\n", None),
        (
            "line encoded admin",
            "GET /%61dmin/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "line dot segment admin",
            "GET /T/../admin HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "line admin denied",
            "GET /admin/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "line double slash admin",
            "GET //admin/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        ("line long uri", &long_uri, None),
        (
            "line options star",
            "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "line connect",
            "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n",
            None,
        ),
    ] {
        c.push(case(n, text, d));
    }
    // Hosts and absolute targets.
    for (n, text, d) in [
        (
            "host absolute same",
            "GET http://a/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host absolute case",
            "GET http://A/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host absolute default port",
            "GET http://a:80/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host absolute other port",
            "GET http://a:81/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host absolute differs",
            "GET http://admin.internal/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host absolute userinfo",
            "GET http://u@a/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host absolute at trick",
            "GET http://admin.internal@a/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host absolute https",
            "GET https://a/T HTTP/1.1\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host absolute no host",
            "GET http://a/T HTTP/1.1\r\n\r\n",
            None,
        ),
        (
            "host absolute admin no host",
            "GET http://admin.internal/T HTTP/1.1\r\n\r\n",
            Some("host-none"),
        ),
        (
            "host absolute 1.0 differs",
            "GET http://b/T HTTP/1.0\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host two different",
            "GET /T HTTP/1.1\r\nHost: a\r\nHost: admin.internal\r\n\r\n",
            None,
        ),
        (
            "host two admin first",
            "GET /T HTTP/1.1\r\nHost: admin.internal\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host two equal",
            "GET /T HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host two equal case",
            "GET /T HTTP/1.1\r\nHost: a\r\nHost: A\r\n\r\n",
            None,
        ),
        (
            "host empty then value",
            "GET /T HTTP/1.1\r\nHost:\r\nHost: a\r\n\r\n",
            None,
        ),
        (
            "host list",
            "GET /T HTTP/1.1\r\nHost: a, admin.internal\r\n\r\n",
            None,
        ),
        (
            "host admin upper",
            "GET /T HTTP/1.1\r\nHost: ADMIN.INTERNAL\r\n\r\n",
            None,
        ),
        ("host none 1.1", "GET /T HTTP/1.1\r\n\r\n", None),
        (
            "host ipv6",
            "GET /T HTTP/1.1\r\nHost: [::1]:80\r\n\r\n",
            None,
        ),
        (
            "host space before colon",
            "GET /T HTTP/1.1\r\nHost : admin.internal\r\n\r\n",
            None,
        ),
    ] {
        c.push(case(n, text, d));
    }
    // Many, huge and repeated headers.
    let many: String = (0..100).map(|i| format!("X-{i}: v\r\n")).collect();
    let too_many: String = (0..101).map(|i| format!("X-{i}: v\r\n")).collect();
    for (n, text, d) in [
        ("hdr 100 more", format!("GET /T HTTP/1.1\r\nHost: a\r\n{many}\r\n"), None),
        ("hdr 101 more", format!("GET /T HTTP/1.1\r\nHost: a\r\n{too_many}\r\n"), None),
        ("hdr 15k value", format!("GET /T HTTP/1.1\r\nHost: a\r\nX: {}\r\n\r\n", "v".repeat(15000)), None),
        ("hdr 17k value", format!("GET /T HTTP/1.1\r\nHost: a\r\nX: {}\r\n\r\n", "v".repeat(17000)), None),
        ("hdr long name", format!("GET /T HTTP/1.1\r\nHost: a\r\n{}: v\r\n\r\n", "N".repeat(5000)), None),
        ("hdr connection close", "GET /T HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".into(), None),
        ("hdr connection te", "GET /T HTTP/1.1\r\nHost: a\r\nConnection: Transfer-Encoding\r\n\r\n".into(), None),
        ("hdr expect", "POST /T HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello".into(), None),
        ("hdr expect unknown", "POST /T HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 5\r\n\r\nhello".into(), None),
        ("hdr upgrade h2c", "GET /T HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n".into(), None),
    ] {
        c.push(case(n, &text, d));
    }
    // Pipelines.
    for (n, text, d) in [
        ("pipe two gets", "GET /T HTTP/1.1\r\nHost: a\r\n\r\nGET /T HTTP/1.1\r\nHost: a\r\n\r\n".to_string(), None),
        ("pipe post cl then get", "POST /T HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /T HTTP/1.1\r\nHost: a\r\n\r\n".into(), None),
        ("pipe chunked then get", "POST /T HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /T HTTP/1.1\r\nHost: a\r\n\r\n".into(), None),
        ("pipe good bad good", "GET /T HTTP/1.1\r\nHost: a\r\n\r\nGET /T HTTP/1.1\r\nHost : a\r\n\r\nGET /T HTTP/1.1\r\nHost: a\r\n\r\n".into(), None),
        ("pipe get then admin", "GET /T HTTP/1.1\r\nHost: a\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n".into(), None),
        ("pipe head then get", "HEAD /T HTTP/1.1\r\nHost: a\r\n\r\nGET /T HTTP/1.1\r\nHost: a\r\n\r\n".into(), None),
        ("pipe get body ignored", "GET /T HTTP/1.1\r\nHost: a\r\nContent-Length: 36\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n".into(), None),
        ("pipe 1.0 close then get", "GET /T HTTP/1.0\r\nHost: a\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n".into(), None),
        ("pipe close then get", "GET /T HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n".into(), None),
        ("pipe garbage after", "GET /T HTTP/1.1\r\nHost: a\r\n\r\n\x00\x01\x02garbage\r\n\r\n".into(), None),
    ] {
        c.push(case(n, &text, d));
    }
    c
}

/// Misbehaving responses, each the origin's whole answer (bytes, then what it does).
fn responses() -> Vec<(Case, Reply)> {
    let mut out = Vec::new();
    let mut r = |name: &str, bytes: &str, close: bool, differs: Option<&'static str>| {
        out.push((
            case(name, bytes, differs),
            Reply {
                bytes: bytes.as_bytes().to_vec(),
                close,
                ..Reply::default()
            },
        ));
    };
    let ok = "HTTP/1.1 200 OK\r\nX-Tag: T\r\n";
    for (n, tail, close, d) in [
        ("cl and te", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false, Some("rsp-te-cl")),
        ("cl twice different", "Content-Length: 2\r\nContent-Length: 3\r\n\r\nok!", false, None),
        ("cl list different", "Content-Length: 2, 3\r\n\r\nok!", false, None),
        ("cl minus", "Content-Length: -2\r\n\r\nok", false, None),
        ("cl plus", "Content-Length: +2\r\n\r\nok", false, None),
        ("cl letters", "Content-Length: two\r\n\r\nok", false, None),
        ("cl huge", "Content-Length: 99999999999999999999\r\n\r\nok", true, None),
        ("cl short body then close", "Content-Length: 10\r\n\r\nok", true, None),
        ("body past cl", "Content-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nX-Tag: stray\r\nContent-Length: 0\r\n\r\n", false, Some("rsp-extra")),
        ("extra response", "Content-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nX-Tag: stray\r\nContent-Length: 0\r\n\r\n", false, Some("rsp-extra")),
        ("no length then close", "\r\nuntil close", true, None),
        ("te gzip then close", "Transfer-Encoding: gzip\r\n\r\nzzz", true, Some("rsp-te")),
        ("te chunked twice", "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", false, None),
        ("te two headers", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false, None),
        ("chunk bare lf size", "Transfer-Encoding: chunked\r\n\r\n2\nok\r\n0\r\n\r\n", false, Some("rsp")),
        ("chunk bare lf data", "Transfer-Encoding: chunked\r\n\r\n2\r\nok\n0\r\n\r\n", false, Some("rsp")),
        ("chunk bare lf last", "Transfer-Encoding: chunked\r\n\r\n0\n\r\n", false, Some("rsp")),
        ("chunk bare lf final", "Transfer-Encoding: chunked\r\n\r\n0\r\n\n", false, Some("rsp")),
        ("chunk bare lf final hides", "Transfer-Encoding: chunked\r\n\r\n0\r\n\nHTTP/1.1 200 OK\r\nX-Tag: stray\r\nContent-Length: 0\r\n\r\n", false, Some("rsp")),
        ("chunk ext bare lf", "Transfer-Encoding: chunked\r\n\r\n2;x\nok\r\n0\r\n\r\n", false, Some("rsp")),
        ("chunk bad size", "Transfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n", false, None),
        ("chunk huge size", "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\nok\r\n0\r\n\r\n", false, None),
        ("chunk data longer", "Transfer-Encoding: chunked\r\n\r\n1\r\nok\r\n0\r\n\r\n", false, None),
        ("chunk space after size", "Transfer-Encoding: chunked\r\n\r\n2 \r\nok\r\n0\r\n\r\n", false, Some("rsp")),
        ("trailer no colon", "Transfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", false, None),
        ("trailer bare lf", "Transfer-Encoding: chunked\r\n\r\n0\r\nX: 1\n\r\n", false, Some("rsp")),
        ("trailer ok", "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n\r\n", false, None),
        ("head bare lf", "Content-Length: 2\n\nok", false, None),
        ("head obs-fold", "X-F: a\r\n b\r\nContent-Length: 2\r\n\r\nok", false, Some("fold")),
        ("head space before colon", "Content-Length : 2\r\n\r\nok", false, None),
        ("head nul", "X-N: a\x00b\r\nContent-Length: 2\r\n\r\nok", false, Some("ctl")),
        ("head partial then close", "Content-Len", true, None),
    ] {
        r(n, &format!("{ok}{tail}"), close, d);
    }
    for (n, bytes, close, d) in [
        ("status no reason", "HTTP/1.1 200\r\nX-Tag: T\r\nContent-Length: 2\r\n\r\nok".to_string(), false, None),
        ("status 4 digits", "HTTP/1.1 2000 OK\r\nX-Tag: T\r\nContent-Length: 2\r\n\r\nok".into(), false, Some("status")),
        ("status 099", "HTTP/1.1 099 Odd\r\nX-Tag: T\r\nContent-Length: 2\r\n\r\nok".into(), false, None),
        ("status http/2", "HTTP/2 200 OK\r\nX-Tag: T\r\nContent-Length: 2\r\n\r\nok".into(), false, None),
        ("status lower", "http/1.1 200 OK\r\nX-Tag: T\r\nContent-Length: 2\r\n\r\nok".into(), false, None),
        ("status 1.0 no length", "HTTP/1.0 200 OK\r\nX-Tag: T\r\n\r\nuntil close".into(), true, None),
        ("garbage", "garbage\r\n\r\n".into(), true, None),
        ("empty close", String::new() + "\0", true, None),
        ("204 with body", "HTTP/1.1 204 No Content\r\nX-Tag: T\r\nContent-Length: 2\r\n\r\nok".into(), false, None),
        ("304 with body", "HTTP/1.1 304 Not Modified\r\nX-Tag: T\r\n\r\nHTTP/1.1 200 OK\r\nX-Tag: stray\r\nContent-Length: 0\r\n\r\n".into(), false, Some("rsp-extra")),
        ("100 flood", format!("{}HTTP/1.1 200 OK\r\nX-Tag: T\r\nContent-Length: 2\r\n\r\nok", "HTTP/1.1 100 Continue\r\n\r\n".repeat(60)), false, None),
        ("103 then 200", "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nX-Tag: T\r\nContent-Length: 2\r\n\r\nok".into(), false, None),
        ("101 unasked", "HTTP/1.1 101 Switching Protocols\r\nX-Tag: T\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\nraw".into(), true, None),
        ("huge head", format!("HTTP/1.1 200 OK\r\nX-Tag: T\r\nX-Big: {}\r\nContent-Length: 2\r\n\r\nok", "b".repeat(17000)), false, None),
    ] {
        r(n, &bytes, close, d);
    }
    out
}

/// Differences where HAProxy's own answer varies from run to run (see the module doc).
const UNSTEADY: &[&str] = &["rsp-extra", "trailer-ws"];

/// Send `data` on a new connection; read until the peer closes or nothing came for a while.
fn exchange(port: u16, data: &[u8]) -> Vec<u8> {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return Vec::new();
    };
    s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let _ = s.write_all(data);
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    let mut last = Instant::now();
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => {
                out.extend_from_slice(&buf[..k]);
                last = Instant::now();
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                // Long enough for the origin's answer and the proxies' error pages.
                if last.elapsed() > Duration::from_millis(700) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    out
}

/// What a client saw: (status, tag) of each answer.
type Seen2 = Vec<(u16, Option<String>)>;

struct Run {
    /// Per request case, by index.
    requests: Vec<Seen2>,
    /// Per response case: what its client and its follow-up client saw.
    responses: Vec<(Seen2, Seen2)>,
    /// Raw bytes of each origin connection.
    raw: Vec<Vec<u8>>,
    seen: Vec<Seen>,
    /// The daemon's own log.
    log: String,
}

/// Run the whole corpus through one side.
fn run(haproxy: bool, reqs: &[Case], rsps: &[(Case, Reply)]) -> Run {
    let d = TempDir::new(if haproxy {
        "diff-haproxy"
    } else {
        "diff-proxy"
    });
    let replies: BTreeMap<String, Reply> = rsps
        .iter()
        .enumerate()
        .map(|(i, (_, r))| {
            let mut r = r.clone();
            let tag = format!("r{i}");
            r.bytes = String::from_utf8_lossy(&r.bytes)
                .replace("X-Tag: T", &format!("X-Tag: {tag}"))
                .into_bytes();
            if r.bytes == b"\0" {
                r.bytes = Vec::new();
            }
            (tag, r)
        })
        .collect();
    let origin = RawOrigin::start(move |s| match replies.get(&s.tag) {
        Some(r) if r.bytes.is_empty() => Reply {
            bytes: b" ".to_vec(),
            close: true,
            ..Reply::default()
        },
        Some(r) => r.clone(),
        None => Reply::default(),
    });
    let port = free_port();
    let sock = d.path("haproxy.sock");
    let cfg = d.write(
        "p.cfg",
        &guarded_config(
            port,
            origin.addr,
            haproxy.then_some(sock.as_path()),
            "    maxconn 500\n",
            "3s",
        ),
    );
    let daemon = Daemon::either(haproxy, &d, &cfg, &sock);
    let jobs: Vec<(usize, Vec<u8>)> = reqs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let text = String::from_utf8_lossy(&c.bytes).to_string();
            let bytes = if String::from_utf8(c.bytes.clone()).is_ok() {
                text.replace("/T", &format!("/q{i}")).into_bytes()
            } else {
                c.bytes.clone()
            };
            (i, bytes)
        })
        .collect();
    let jobs = Arc::new(Mutex::new(jobs));
    let results = Arc::new(Mutex::new(vec![Vec::new(); reqs.len()]));
    let rsp_jobs = Arc::new(Mutex::new((0..rsps.len()).collect::<Vec<_>>()));
    let rsp_results = Arc::new(Mutex::new(vec![(Vec::new(), Vec::new()); rsps.len()]));
    std::thread::scope(|sc| {
        for _ in 0..8 {
            let (jobs, results, rsp_jobs, rsp_results) = (
                jobs.clone(),
                results.clone(),
                rsp_jobs.clone(),
                rsp_results.clone(),
            );
            sc.spawn(move || {
                loop {
                    let Some((i, bytes)) = jobs.lock().unwrap().pop() else {
                        break;
                    };
                    let got = tagged_statuses(&exchange(port, &bytes));
                    results.lock().unwrap()[i] = got;
                }
                loop {
                    let Some(i) = rsp_jobs.lock().unwrap().pop() else {
                        break;
                    };
                    let req = format!("GET /r{i} HTTP/1.1\r\nHost: a\r\n\r\n");
                    let first = tagged_statuses(&exchange(port, req.as_bytes()));
                    let req = format!("GET /f{i} HTTP/1.1\r\nHost: a\r\n\r\n");
                    let follow = tagged_statuses(&exchange(port, req.as_bytes()));
                    rsp_results.lock().unwrap()[i] = (first, follow);
                }
            });
        }
    });
    let requests = std::mem::take(&mut *results.lock().unwrap());
    let responses = std::mem::take(&mut *rsp_results.lock().unwrap());
    let log = daemon.log_text();
    Run {
        requests,
        responses,
        raw: origin.raw(),
        seen: origin.seen(),
        log,
    }
}

fn codes(s: &Seen2) -> Vec<u16> {
    s.iter().map(|x| x.0).collect()
}

#[test]
fn hostile_requests_and_misbehaving_responses_against_haproxy_26() {
    let reqs = requests();
    let rsps = responses();
    assert!(reqs.len() >= 150, "{} requests", reqs.len());
    assert!(rsps.len() >= 40, "{} responses", rsps.len());
    println!("{} requests, {} responses", reqs.len(), rsps.len());
    let p = run(false, &reqs, &rsps);
    let h = run(true, &reqs, &rsps);
    let mut failures = Vec::new();
    // Nothing hidden reached the origin through the proxy, and what it forwarded reads the
    // same strictly and leniently.
    for s in &p.seen {
        if s.tag.starts_with("smuggled") {
            failures.push(format!("the origin read a hidden request: {s:?}"));
        }
    }
    for raw in &p.raw {
        let lenient = lenient_requests(raw);
        match strict_requests(raw) {
            Some(strict) if strict == lenient => {}
            other => failures.push(format!(
                "forwarded bytes read two ways: strict {other:?}, lenient {lenient:?}: {:?}",
                String::from_utf8_lossy(raw)
            )),
        }
    }
    // Every answer a client got was its own: no tag of another case or of a stray answer
    // (a target without the case's own path, `*` or `/%61dmin`, is tagged otherwise).
    let foreign = |t: &str, own: &str| {
        t != own
            && (t.starts_with(['q', 'r', 'f']) && t[1..].parse::<usize>().is_ok()
                || t == "smuggled"
                || t == "stray")
    };
    for (i, got) in p.requests.iter().enumerate() {
        for (code, tag) in got {
            if tag.as_ref().is_some_and(|t| foreign(t, &format!("q{i}"))) {
                failures.push(format!(
                    "{}: answer {code} tagged {tag:?} for request q{i}",
                    reqs[i].name
                ));
            }
        }
    }
    for (i, (first, follow)) in p.responses.iter().enumerate() {
        for (code, tag) in first {
            if tag.as_ref().is_some_and(|t| foreign(t, &format!("r{i}"))) {
                failures.push(format!("{}: answer {code} tagged {tag:?}", rsps[i].0.name));
            }
        }
        if follow != &[(200, Some(format!("f{i}")))] {
            failures.push(format!(
                "{}: the follow-up request got {follow:?}",
                rsps[i].0.name
            ));
        }
    }
    // Statuses as HAProxy's, except the documented differences (which must still differ).
    let mut differences: BTreeMap<&str, usize> = BTreeMap::new();
    let pairs = reqs.iter().zip(p.requests.iter().zip(&h.requests)).chain(
        rsps.iter().map(|(c, _)| c).zip(
            p.responses
                .iter()
                .map(|x| &x.0)
                .zip(h.responses.iter().map(|x| &x.0)),
        ),
    );
    for (c, (gp, gh)) in pairs {
        let (cp, ch) = (codes(gp), codes(gh));
        println!("{}: haproxy {ch:?} proxy {cp:?}", c.name);
        match c.differs {
            None if cp != ch => failures.push(format!(
                "{}: haproxy {ch:?}, proxy {cp:?} (not a documented difference)",
                c.name
            )),
            Some("trailer-ws") if cp != [400] => {
                failures.push(format!("{}: proxy {cp:?}, not [400]", c.name))
            }
            Some(why) if cp == ch && !UNSTEADY.contains(&why) => failures.push(format!(
                "{}: documented as differing ({why}) but both gave {cp:?}",
                c.name
            )),
            Some(why) => *differences.entry(why).or_default() += 1,
            None => {}
        }
    }
    println!("documented differences: {differences:?}");
    if !failures.is_empty() {
        println!("proxy's log:\n{}", p.log);
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
