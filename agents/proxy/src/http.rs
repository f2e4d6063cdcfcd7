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

use crate::config::Stats;

/// HAProxy 2.6's built-in error response for `code` (as it sends them: raw, with these header
/// spellings); 403 for codes it has no page for.
pub fn error_response(code: u16) -> &'static [u8] {
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

/// Answer a request under `stats uri`: the full response (the connection closes after it).
pub fn stats_response(st: &Stats, method: &[u8], target: &str, auth: Option<&[u8]>) -> Vec<u8> {
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
            return response(
                401,
                "Unauthorized",
                &[("WWW-Authenticate", &format!("Basic realm=\"{realm}\""))],
                "text/html",
                error_page(401, "Unauthorized").as_bytes(),
            );
        }
    }
    let rest = &target[st.uri().len().min(target.len())..];
    let Some(rt) = crate::daemon::current() else {
        return error_response(503).to_vec();
    };
    let (ctype, body) = if rest.contains(";csv") {
        (
            "text/csv; charset=utf-8",
            crate::stats::csv(&rt, st.show_legends),
        )
    } else if rest.split(';').any(|opt| opt == "json") {
        (
            "application/json",
            crate::stats::stat(
                &rt,
                &crate::stats::Filter::all(),
                crate::stats::Format::Json,
                st.show_legends,
            ),
        )
    } else if rest.contains(";prometheus") || rest.trim_start_matches('/') == "metrics" {
        ("text/plain; version=0.0.4", crate::stats::prometheus(&rt))
    } else if rest.contains(";up") && !rest.is_empty() {
        ("text/plain", "UP\n".to_string())
    } else {
        let refresh = if rest.contains(";norefresh") {
            None
        } else {
            st.refresh.map(|d| d.as_secs().max(1))
        };
        (
            "text/html; charset=utf-8",
            crate::stats::html(&rt, st.uri(), refresh, st.hide_version),
        )
    };
    let body = if method == b"HEAD" {
        Vec::new()
    } else {
        body.into_bytes()
    };
    response(200, "OK", &[("Cache-Control", "no-cache")], ctype, &body)
}

fn response(code: u16, reason: &str, extra: &[(&str, &str)], ctype: &str, body: &[u8]) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {code} {reason}\r\ncontent-type: {ctype}\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body);
    out
}

/// Answer with HAProxy's default error page and close.
pub async fn send_error(c: &mut TcpStream, code: u16, _text: &str) {
    let _ = c.write_all(error_response(code)).await;
    let _ = c.shutdown().await;
}

/// HAProxy's default error page body.
pub fn error_page(code: u16, text: &str) -> String {
    let detail = match code {
        400 => "Your browser sent an invalid request.",
        401 => "You need a valid user and password to access this content.",
        403 => "Request forbidden by administrative rules.",
        408 => "Your browser didn't send a complete request in time.",
        502 => "The server returned an invalid or incomplete response.",
        503 => "No server is available to handle this request.",
        504 => "The server didn't respond in time.",
        _ => "",
    };
    format!("<html><body><h1>{code} {text}</h1>\n{detail}\n</body></html>\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn error_pages_are_well_formed() {
        for code in [200, 400, 401, 403, 404, 405, 408, 500, 502, 503, 504] {
            let page = std::str::from_utf8(super::error_response(code)).unwrap();
            let (head, body) = page.split_once("\r\n\r\n").unwrap();
            assert!(head.starts_with(&format!("HTTP/1.1 {code} ")));
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-length: "))
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(len, body.len(), "{code}");
        }
    }
}
