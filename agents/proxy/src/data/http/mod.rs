//! HTTP mode. [`conn`] is the data path of an HTTP-mode frontend (keep-alive, pipelining,
//! per-request balancing over per-thread idle server connections, see [`pool`]); [`h1`] parses
//! and frames HTTP/1.x messages strictly; [`rules`] holds ACLs, `use_backend` and
//! `http-request`. This file answers the stats endpoint (Basic auth, HTML, `;csv`, `;json`,
//! Prometheus) and holds HAProxy 2.6's default error responses, byte for byte.

pub mod conn;
pub mod h1;
pub mod pool;
pub mod rules;

use base64::Engine as _;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::config::errorfile::ErrorPage;
use crate::config::Stats;
use crate::data::Context;
use crate::runtime::state::Runtime;

/// A page served under `stats uri`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// HAProxy's CSV (`;csv`).
    Csv,
    /// `show stat json` (`;json`).
    Json,
    /// Prometheus text metrics (`;prometheus`, `/metrics`).
    Prometheus,
    /// The HTML page, refreshed every so many seconds.
    Html {
        /// `stats refresh`, unless the request said `;norefresh`.
        refresh: Option<u64>,
    },
}

/// Renders a stats page of a generation for the `stats` settings it is served under (the
/// renderings belong to `control`, which hands this to the data path in its [`Context`]).
pub type RenderStats = fn(&Runtime, &Stats, Page) -> String;

/// HAProxy 2.6's built-in error page for `code` as its HTTP/1 multiplexer sends it when a
/// request head cannot be read (400, 408): raw, with the header spellings of HAProxy's source;
/// 403 for codes it has no page for.
pub fn head_error_response(code: u16) -> &'static [u8] {
    macro_rules! page {
        ($status:literal, $len:literal, $body:literal) => {
            concat!(
                "HTTP/1.1 ", $status, "\r\nContent-length: ", $len, "\r\nCache-Control: no-cache\r\nContent-Type: text/html\r\n\r\n",
                $body
            )
            .as_bytes()
        };
        (close $status:literal, $len:literal, $body:literal) => {
            concat!(
                "HTTP/1.1 ", $status, "\r\nContent-length: ", $len, "\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n",
                $body
            )
            .as_bytes()
        };
    }
    match code {
        200 => page!("200 OK", "58", "<html><body><h1>200 OK</h1>\nService ready.\n</body></html>\n"),
        400 => page!(close "400 Bad request", "90", "<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n"),
        401 => page!("401 Unauthorized", "112", "<html><body><h1>401 Unauthorized</h1>\nYou need a valid user and password to access this content.\n</body></html>\n"),
        404 => page!("404 Not Found", "83", "<html><body><h1>404 Not Found</h1>\nThe resource could not be found.\n</body></html>\n"),
        405 => page!("405 Method Not Allowed", "146", "<html><body><h1>405 Method Not Allowed</h1>\nA request was made of a resource using a request method not supported by that resource\n</body></html>\n"),
        408 => page!(close "408 Request Time-out", "110", "<html><body><h1>408 Request Time-out</h1>\nYour browser didn't send a complete request in time.\n</body></html>\n"),
        500 => page!("500 Internal Server Error", "97", "<html><body><h1>500 Internal Server Error</h1>\nAn internal server error occurred.\n</body></html>\n"),
        502 => page!("502 Bad Gateway", "107", "<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n"),
        503 => page!("503 Service Unavailable", "107", "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n"),
        504 => page!("504 Gateway Time-out", "92", "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n"),
        _ => page!("403 Forbidden", "93", "<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n"),
    }
}

/// How a response the proxy makes itself (an error page, the stats page) is framed for the
/// request it answers, as HAProxy 2.6's HTTP/1 multiplexer frames it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Framing {
    /// The connection stays open after the response.
    pub keep: bool,
    /// The request was `HEAD`: the response goes without its body (its length is still
    /// announced). A body sent anyway would be read as the start of the next response.
    pub head: bool,
    /// The request was HTTP/1.0: a connection that stays open says so with
    /// `connection: keep-alive`, without which an HTTP/1.0 client waits for the close.
    pub http10: bool,
}

impl Framing {
    /// A response on a connection that closes after it, to a request that is not `HEAD`.
    pub const CLOSE: Framing = Framing {
        keep: false,
        head: false,
        http10: false,
    };

    /// The `connection` header line a response ends its head with, if any, as HAProxy's
    /// multiplexer writes it: an HTTP/1.1 response that closes says so; one that stays open
    /// says so when the request or the response (`http10_response`) is HTTP/1.0; an HTTP/1.0
    /// response that closes needs nothing.
    fn connection(self, http10_response: bool) -> &'static str {
        match (self.keep, self.http10 || http10_response) {
            (false, _) if http10_response => "",
            (false, _) => "connection: close\r\n",
            (true, true) => "connection: keep-alive\r\n",
            (true, false) => "",
        }
    }
}

/// The same page as a stream sends it (a `deny`, no backend or server, a server that failed):
/// through HTX, which lower-cases the header names, with `connection: close` last when the
/// connection closes after it (HAProxy 2.6 keeps it open otherwise).
pub fn error_response(code: u16, f: Framing) -> Vec<u8> {
    stream_page(code, "", f)
}

/// The page for `code`: `custom` (an `errorfile`) or the built-in one, framed by `f`. Returns
/// the bytes and whether the connection stays open after them: as asked, unless the page's
/// length is unknown (no `Content-Length`: the close ends it) or it is empty (nothing is
/// sent and the connection closes).
pub fn page(code: u16, custom: Option<&ErrorPage>, f: Framing) -> (Vec<u8>, bool) {
    match custom {
        None => (error_response(code, f), f.keep),
        Some(ErrorPage::Silent) => (Vec::new(), false),
        Some(ErrorPage::Response(r)) => {
            // Written as HAProxy's HTTP/1 multiplexer writes it from HTX: the file's start
            // line, lower-case header names, then the `connection` header this connection
            // needs.
            let f = Framing {
                keep: f.keep && r.length,
                ..f
            };
            let mut out = format!(
                "HTTP/1.{} {} {}\r\n",
                if r.http10 { 0 } else { 1 },
                r.status,
                r.reason
            )
            .into_bytes();
            for (name, value) in &r.headers {
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b": ");
                out.extend_from_slice(value);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(f.connection(r.http10).as_bytes());
            out.extend_from_slice(b"\r\n");
            if !f.head {
                out.extend_from_slice(&r.body);
            }
            (out, f.keep)
        }
    }
}

/// [`error_response`] with `extra` header lines (each ending in CRLF) after the page's own.
fn stream_page(code: u16, extra: &str, f: Framing) -> Vec<u8> {
    let raw = head_error_response(code);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a page has a head");
    let mut out = Vec::with_capacity(raw.len() + 19);
    for (i, line) in raw[..end].split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if i > 0 && line.eq_ignore_ascii_case(b"connection: close") {
            continue;
        }
        let name = if i == 0 {
            0
        } else {
            line.iter().position(|&b| b == b':').unwrap_or(0)
        };
        out.extend(line[..name].iter().map(u8::to_ascii_lowercase));
        out.extend_from_slice(&line[name..]);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(f.connection(false).as_bytes());
    out.extend_from_slice(b"\r\n");
    if !f.head {
        out.extend_from_slice(&raw[end + 4..]);
    }
    out
}

/// Answer a request under `stats uri`: the full response, with HAProxy 2.6's header names and
/// order (a length where HAProxy streams chunks), framed by `f`.
pub fn stats_response(
    ctx: &Context,
    st: &Stats,
    target: &str,
    auth: Option<&[u8]>,
    f: Framing,
) -> Vec<u8> {
    if !st.auth.is_empty() {
        let ok = auth
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|v| {
                v.strip_prefix("Basic ")
                    .or_else(|| v.strip_prefix("basic "))
            })
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .ok()
            })
            .and_then(|raw| String::from_utf8(raw).ok())
            .is_some_and(|cred| {
                st.auth
                    .iter()
                    .any(|(u, p)| cred.split_once(':') == Some((u.as_str(), p.as_str())))
            });
        if !ok {
            let realm = st.realm().replace('"', "'");
            // The error page, with the challenge after its headers.
            let challenge = format!("www-authenticate: Basic realm=\"{realm}\"\r\n");
            return stream_page(401, &challenge, f);
        }
    }
    let rest = &target[st.uri().len().min(target.len())..];
    let Some(render) = ctx.stats else {
        return error_response(503, f);
    };
    let rt = ctx.current();
    let (ctype, body) = if rest.contains(";csv") {
        ("text/plain", render(&rt, st, Page::Csv))
    } else if rest.split(';').any(|opt| opt == "json") {
        ("application/json", render(&rt, st, Page::Json))
    } else if rest.contains(";prometheus") || rest.trim_start_matches('/') == "metrics" {
        (
            "text/plain; version=0.0.4",
            render(&rt, st, Page::Prometheus),
        )
    } else if rest.contains(";up") && !rest.is_empty() {
        ("text/plain", "UP\n".to_string())
    } else {
        let refresh = if rest.contains(";norefresh") {
            None
        } else {
            st.refresh.map(|d| d.as_secs().max(1))
        };
        ("text/html", render(&rt, st, Page::Html { refresh }))
    };
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncache-control: no-cache\r\ncontent-type: {ctype}\r\ncontent-length: {}\r\n{}\r\n",
        body.len(),
        f.connection(false)
    )
    .into_bytes();
    if !f.head {
        out.extend_from_slice(body.as_bytes());
    }
    out
}

/// Answer with HAProxy's default error page and close.
pub async fn send_error(c: &mut TcpStream, code: u16, _text: &str) {
    let _ = c.write_all(&error_response(code, Framing::CLOSE)).await;
    let _ = c.shutdown().await;
}

#[cfg(test)]
mod tests {
    #[test]
    fn error_pages_are_well_formed() {
        for code in [200, 400, 401, 403, 404, 405, 408, 500, 502, 503, 504] {
            let raw = std::str::from_utf8(super::head_error_response(code)).unwrap();
            for keep in [true, false] {
                let f = super::Framing {
                    keep,
                    head: false,
                    http10: false,
                };
                let htx = super::error_response(code, f);
                let htx = std::str::from_utf8(&htx).unwrap();
                for (page, length) in [(raw, "Content-length: "), (htx, "content-length: ")] {
                    let (head, body) = page.split_once("\r\n\r\n").unwrap();
                    assert!(head.starts_with(&format!("HTTP/1.1 {code} ")));
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix(length))
                        .unwrap()
                        .parse()
                        .unwrap();
                    assert_eq!(len, body.len(), "{code}");
                }
                assert_eq!(htx.contains("\r\nconnection: close\r\n"), !keep, "{htx}");
                assert!(!htx.contains("Connection"), "{htx}");
            }
        }
        // As HAProxy 2.6 sends a 503 from a stream on a connection that closes.
        assert!(super::error_response(503, super::Framing::CLOSE).starts_with(
            b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n<html>"
        ));
    }

    #[test]
    fn head_requests_get_no_body_and_http10_is_told_the_connection_stays() {
        let f = super::Framing {
            keep: true,
            head: true,
            http10: false,
        };
        assert_eq!(
            super::error_response(503, f),
            b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n"
        );
        let f = super::Framing {
            keep: true,
            head: false,
            http10: true,
        };
        let page = super::error_response(403, f);
        assert!(page.ends_with(b"content-type: text/html\r\nconnection: keep-alive\r\n\r\n<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n"));
        let f = super::Framing {
            keep: false,
            head: false,
            http10: true,
        };
        assert!(std::str::from_utf8(&super::error_response(403, f))
            .unwrap()
            .contains("text/html\r\nconnection: close\r\n\r\n<html>"));
    }
}
