//! The stats endpoint of an HTTP-mode proxy: the first request head of a connection is read
//! (bounded in size and by `timeout http-request`/`timeout client`); a request under
//! `stats uri` is answered here (Basic auth, HTML, `;csv`, Prometheus), anything else is handed
//! back to the TCP path together with the bytes already read.

use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::state::Frontend;

/// What the TCP path does next.
pub enum Next {
    /// Answered (or refused); close.
    Done,
    /// Not a stats request: forward these bytes, then the rest of the stream.
    Forward(Vec<u8>),
}

const MAX_HEAD: usize = 16 * 1024;

/// Serve a stats request, or return the bytes to forward.
pub async fn stats_or_forward(fe: &Arc<Frontend>, client: &mut TcpStream) -> Next {
    let t = fe
        .cfg
        .timeouts
        .http_request
        .or(fe.cfg.timeouts.client)
        .unwrap_or(Duration::from_secs(30));
    let mut buf = Vec::with_capacity(1024);
    let head = tokio::time::timeout(t, async {
        loop {
            let mut chunk = [0u8; 2048];
            let n = client.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
            if buf.windows(4).any(|w| w == b"\r\n\r\n") {
                return Some(());
            }
            if buf.len() > MAX_HEAD {
                return None;
            }
        }
    })
    .await;
    if !matches!(head, Ok(Some(()))) {
        if buf.len() > MAX_HEAD || head.is_err() {
            fe.c.ereq.fetch_add(1, Relaxed);
            let (code, text) = if head.is_err() {
                (408, "Request Timeout")
            } else {
                (400, "Bad Request")
            };
            let _ = respond(
                client,
                code,
                text,
                &[],
                "text/html",
                error_page(code, text).as_bytes(),
            )
            .await;
        }
        return Next::Done;
    }
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut req = httparse::Request::new(&mut headers);
    if !matches!(req.parse(&buf), Ok(httparse::Status::Complete(_))) {
        fe.c.ereq.fetch_add(1, Relaxed);
        let _ = respond(
            client,
            400,
            "Bad Request",
            &[],
            "text/html",
            error_page(400, "Bad Request").as_bytes(),
        )
        .await;
        return Next::Done;
    }
    let target = req.path.unwrap_or("/");
    let st = &fe.cfg.stats;
    if !target.starts_with(st.uri()) {
        if fe.backend.is_none() {
            let _ = respond(
                client,
                503,
                "Service Unavailable",
                &[],
                "text/html",
                error_page(503, "Service Unavailable").as_bytes(),
            )
            .await;
            return Next::Done;
        }
        return Next::Forward(buf);
    }
    if !st.auth.is_empty() {
        let ok = req
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("authorization"))
            .and_then(|h| std::str::from_utf8(h.value).ok())
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
            let _ = respond(
                client,
                401,
                "Unauthorized",
                &[("WWW-Authenticate", &format!("Basic realm=\"{realm}\""))],
                "text/html",
                error_page(401, "Unauthorized").as_bytes(),
            )
            .await;
            return Next::Done;
        }
    }
    let rest = &target[st.uri().len()..];
    let Some(rt) = crate::daemon::current() else {
        return Next::Done;
    };
    let (ctype, body) = if rest.contains(";csv") {
        ("text/csv; charset=utf-8", crate::stats::csv(&rt))
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
    let head_only = req.method == Some("HEAD");
    let body = if head_only {
        Vec::new()
    } else {
        body.into_bytes()
    };
    let _ = respond(
        client,
        200,
        "OK",
        &[("Cache-Control", "no-cache")],
        ctype,
        &body,
    )
    .await;
    Next::Done
}

async fn respond(
    c: &mut TcpStream,
    code: u16,
    reason: &str,
    extra: &[(&str, &str)],
    ctype: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {code} {reason}\r\ncontent-type: {ctype}\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    c.write_all(head.as_bytes()).await?;
    c.write_all(body).await?;
    c.shutdown().await
}

/// Answer with HAProxy's default error page and close.
pub async fn send_error(c: &mut TcpStream, code: u16, text: &str) {
    let _ = respond(
        c,
        code,
        text,
        &[],
        "text/html",
        error_page(code, text).as_bytes(),
    )
    .await;
}

/// HAProxy's default error page body.
pub fn error_page(code: u16, text: &str) -> String {
    let detail = match code {
        400 => "Your browser sent an invalid request.",
        401 => "You need a valid user and password to access this content.",
        403 => "Request forbidden by administrative rules.",
        408 => "Your browser didn't send a complete request in time.",
        503 => "No server is available to handle this request.",
        _ => "",
    };
    format!("<html><body><h1>{code} {text}</h1>\n{detail}\n</body></html>\n")
}
