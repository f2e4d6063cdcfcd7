//! `errorfile CODE FILE`: a raw HTTP response read at load time and served instead of the
//! built-in page for CODE (`errorloc`, `errorloc302` and `errorloc303 CODE URL`: a redirection), checked as HAProxy 2.6 checks it (a status code it can answer with,
//! a response head that parses, no chunked body, a body exactly as long as its
//! `Content-Length`). An empty file is allowed: the connection then closes without an answer.
//!
//! The page is kept parsed, the way HAProxy keeps it (in HTX): its start line, its headers
//! without `Connection` (the multiplexer writes that one from how the connection goes on),
//! and its body. [`crate::data::http`] writes it out for each request.

use std::io::Read;
use std::path::Path;

/// The status codes HAProxy 2.6 can answer with from a stream, and so the codes an
/// `errorfile` may replace.
pub const CODES: &[u16] = &[
    200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504,
];

/// A response read from an `errorfile`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorPage {
    /// The file is empty: close without answering.
    Silent,
    /// A response.
    Response(Response),
}

/// A parsed response of an `errorfile`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// `HTTP/1.0` rather than `HTTP/1.1`.
    pub http10: bool,
    /// Status code (it need not be the code the page replaces).
    pub status: u16,
    /// Reason phrase.
    pub reason: String,
    /// Header lines in order, names lower-cased, values without surrounding white space;
    /// `Connection` left out.
    pub headers: Vec<(String, Vec<u8>)>,
    /// Whether the length of the body is known (`Content-Length`): the connection may stay
    /// open after it; without one the body ends with the connection.
    pub length: bool,
    /// Body.
    pub body: Vec<u8>,
}

/// Read and check the `errorfile` at `path` for `code`; `max` is `tune.bufsize` (the page must
/// fit one buffer). The error says what is wrong, without the path.
pub fn load(code: u16, path: &Path, max: usize) -> Result<ErrorPage, String> {
    check_code(code)?;
    // Only a regular file: a device or a FIFO could block the load or never end.
    let file = std::fs::File::open(path)
        .and_then(|f| match f.metadata()?.is_file() {
            true => Ok(f),
            false => Err(std::io::Error::other("not a regular file")),
        })
        .map_err(|e| format!("error opening file: {e}"))?;
    let mut raw = Vec::new();
    file.take(max as u64 + 1)
        .read_to_end(&mut raw)
        .map_err(|e| format!("error reading file: {e}"))?;
    if raw.len() > max {
        return Err(format!(
            "larger than the buffer (tune.bufsize, {max} bytes) it must fit"
        ));
    }
    parse(&raw)
}

/// `errorloc`/`errorloc302 CODE URL` (`see_other`: `errorloc303`): a redirection to URL for
/// CODE, the page HAProxy 2.6 builds for it.
pub fn redirect(code: u16, url: &str, see_other: bool) -> Result<ErrorPage, String> {
    check_code(code)?;
    if url.is_empty() || url.bytes().any(|b| b.is_ascii_control()) {
        return Err(format!("'{}' is not a URL", url.escape_debug()));
    }
    let (status, reason) = if see_other {
        (303, "See Other")
    } else {
        (302, "Found")
    };
    Ok(ErrorPage::Response(Response {
        http10: false,
        status,
        reason: reason.into(),
        headers: vec![
            ("cache-control".into(), b"no-cache".to_vec()),
            ("content-length".into(), b"0".to_vec()),
            ("location".into(), url.as_bytes().to_vec()),
        ],
        length: true,
        body: Vec::new(),
    }))
}

/// Whether HAProxy answers with `code`, so that a page may replace its built-in one.
pub fn check_code(code: u16) -> Result<(), String> {
    if CODES.contains(&code) {
        return Ok(());
    }
    let codes: Vec<String> = CODES.iter().map(u16::to_string).collect();
    Err(format!(
        "status code '{code}' not handled (one of {})",
        codes.join(", ")
    ))
}

/// Parse the contents of an `errorfile`.
pub fn parse(raw: &[u8]) -> Result<ErrorPage, String> {
    if raw.is_empty() {
        return Ok(ErrorPage::Silent);
    }
    let mut headers = [httparse::EMPTY_HEADER; 100];
    let mut rsp = httparse::Response::new(&mut headers);
    let head = match rsp.parse(raw) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err("unable to parse headers: the head does not end".into())
        }
        Err(e) => return Err(format!("unable to parse headers: {e}")),
    };
    let (Some(version), Some(status)) = (rsp.version, rsp.code) else {
        return Err("unable to parse headers: no status line".into());
    };
    if !(100..=999).contains(&status) {
        return Err(format!("unable to parse headers: status {status}"));
    }
    let body = raw[head..].to_vec();
    let mut length = None;
    let mut out = Vec::new();
    for h in rsp.headers.iter() {
        let name = h.name.to_ascii_lowercase();
        let value = h.value.trim_ascii().to_vec();
        match name.as_str() {
            "transfer-encoding" => return Err("chunk-encoded payload not supported".into()),
            "connection" => continue,
            "content-length" => {
                let n = std::str::from_utf8(&value)
                    .ok()
                    .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|v| v.parse::<usize>().ok())
                    .ok_or_else(|| {
                        format!(
                            "invalid content-length '{}'",
                            String::from_utf8_lossy(&value)
                        )
                    })?;
                if length.is_some_and(|l| l != n) {
                    return Err("two different content-length headers".into());
                }
                length = Some(n);
            }
            _ => {}
        }
        out.push((name, value));
    }
    if let Some(n) = length {
        if n != body.len() {
            return Err(format!(
                "payload size does not match the announced content-length ({} != {n})",
                body.len()
            ));
        }
    }
    Ok(ErrorPage::Response(Response {
        http10: version == 0,
        status,
        reason: rsp.reason.unwrap_or_default().to_string(),
        headers: out,
        length: length.is_some(),
        body,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(raw: &str) -> Response {
        match parse(raw.as_bytes()).unwrap() {
            ErrorPage::Response(r) => r,
            ErrorPage::Silent => panic!("silent"),
        }
    }

    #[test]
    fn a_page_is_kept_parsed_without_its_connection_header() {
        let r = response(
            "HTTP/1.0 503 Service Unavailable\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n<html></html>\n",
        );
        assert!(r.http10 && !r.length);
        assert_eq!((r.status, r.reason.as_str()), (503, "Service Unavailable"));
        let names: Vec<&str> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["cache-control", "content-type"]);
        assert_eq!(r.body, b"<html></html>\n");
        // Bare LF line ends, padded values.
        let r = response("HTTP/1.1 200 OK\nX-A:   v  \nContent-Length: 2\n\nok");
        assert!(r.length && !r.http10);
        assert_eq!(r.headers[0], ("x-a".to_string(), b"v".to_vec()));
        assert_eq!(parse(b"").unwrap(), ErrorPage::Silent);
    }

    #[test]
    fn errorloc_is_a_redirection_without_a_body() {
        let ErrorPage::Response(r) = redirect(503, "/sorry?x=1", true).unwrap() else {
            panic!("silent");
        };
        assert_eq!(
            (r.status, r.reason.as_str(), r.length),
            (303, "See Other", true)
        );
        assert_eq!(r.headers[2], ("location".into(), b"/sorry?x=1".to_vec()));
        assert!(redirect(418, "/x", false).is_err());
        assert!(redirect(503, "/x\rSet-Cookie: a=b", false).is_err());
    }

    #[test]
    fn pages_haproxy_refuses_are_refused() {
        for (raw, why) in [
            (
                "HTTP/1.1 503 E\r\nContent-Length: 3\r\n\r\nabcdef",
                "(6 != 3)",
            ),
            ("HTTP/1.1 503 F\r\nContent-Length: 9\r\n\r\nabc", "(3 != 9)"),
            (
                "HTTP/1.1 503 H\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                "chunk-encoded",
            ),
            ("garbage\r\n\r\n", "unable to parse"),
            ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "unable to parse"),
            ("HTTP/1.1 503 P\r\nX: 1\r\n", "does not end"),
            (
                "HTTP/1.1 503 C\r\nContent-Length: x\r\n\r\n",
                "invalid content-length",
            ),
        ] {
            let e = parse(raw.as_bytes()).unwrap_err();
            assert!(e.contains(why), "{raw:?}: {e}");
        }
    }

    #[test]
    fn only_codes_haproxy_answers_with_and_only_regular_files() {
        let e = load(418, Path::new("/nonexistent"), 16384).unwrap_err();
        assert!(e.contains("'418' not handled"), "{e}");
        let e = load(503, Path::new("/nonexistent"), 16384).unwrap_err();
        assert!(e.contains("error opening file"), "{e}");
        let e = load(503, Path::new("/dev/zero"), 16384).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
        let dir = std::env::temp_dir().join(format!("errorfile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.http");
        let body = "x".repeat(20000);
        std::fs::write(
            &big,
            format!("HTTP/1.1 503 B\r\nContent-Length: 20000\r\n\r\n{body}"),
        )
        .unwrap();
        let e = load(503, &big, 16384).unwrap_err();
        assert!(e.contains("tune.bufsize"), "{e}");
        assert!(load(503, &big, 65536).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
