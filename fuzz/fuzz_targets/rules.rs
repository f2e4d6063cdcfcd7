//! ACLs, `use_backend`, `http-request` and `http-response` rules: the input's lines go into an
//! HTTP frontend, and after a NUL byte comes a request head they are evaluated against. A rule
//! the configuration accepts must compile, and evaluating never panics.

use std::path::Path;
use std::sync::Arc;

use rustha_proxy::config::Config;
use rustha_proxy::data::http::h1::{Head, Parsed};
use rustha_proxy::data::http::rules::Req;
use rustha_proxy::runtime::state::{Process, Runtime};

const HEAD: &str =
    "defaults\n mode http\n timeout client 1s\n timeout server 1s\n timeout connect 1s\n\
                    backend b\n server s 127.0.0.1:8081\nbackend c\n server s 127.0.0.1:8082\n\
                    frontend f\n bind 127.0.0.1:8080\n default_backend b\n";

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let (rules, request) = match data.iter().position(|&b| b == 0) {
            Some(at) => (&data[..at], &data[at + 1..]),
            None => (
                data,
                &b"GET /admin/x?y=1 HTTP/1.1\r\nHost: Example.com\r\nX-A: 1\r\n\r\n"[..],
            ),
        };
        let Ok(rules) = std::str::from_utf8(rules) else {
            return;
        };
        let mut text = String::from(HEAD);
        for l in rules.lines() {
            text.push(' ');
            text.push_str(l);
            text.push('\n');
        }
        let Ok(cfg) = Config::parse(Path::new("haproxy.cfg"), &text) else {
            return;
        };
        let rt = Arc::new(Runtime::build(cfg, Arc::new(Process::default()), None));
        let mut head = Head::default();
        let parsed = head.parse_request(request) == Parsed::Done;
        let mut rsp = Head::default();
        let rsp_buf = b"HTTP/1.1 404 Not Found\r\nServer: x\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(rsp.parse_response(rsp_buf, false), Parsed::Done);
        let src = "192.0.2.7".parse().unwrap();
        let req = Req {
            buf: request,
            head: parsed.then_some(&head),
            src,
            status: None,
        };
        let res = Req {
            buf: rsp_buf,
            head: Some(&rsp),
            src,
            status: Some(404),
        };
        for f in &rt.frontends {
            assert_eq!(
                f.rules.req.len(),
                f.cfg.http_request.len(),
                "an accepted http-request rule did not compile"
            );
            for (_, c) in &f.rules.req {
                f.rules.holds(c, &req);
            }
            for (_, c) in &f.rules.rsp {
                f.rules.holds(c, &res);
            }
            let _ = f.rules.switch(&req);
        }
        for b in &rt.backends {
            for (_, c) in &b.rules.req {
                b.rules.holds(c, &req);
            }
        }
    });
}
