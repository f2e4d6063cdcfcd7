//! keepalived.conf's syntax: words with their positions, and `key args... { children }`
//! statements nested into a tree; positions stay attached so every error names file:line:column.

use std::path::Path;

use rustha::Result;

use crate::config_error;

/// A word with its position.
#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) text: String,
    pub(super) line: usize,
    pub(super) col: usize,
}

/// `key args... [{ children }]`.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) key: Tok,
    pub(super) args: Vec<Tok>,
    pub(super) children: Option<Vec<Node>>,
}

impl Node {
    pub(super) fn line(&self) -> usize {
        self.key.line
    }
    pub(super) fn text(&self) -> String {
        let mut s = self.key.text.clone();
        for a in &self.args {
            s.push(' ');
            s.push_str(&a.text);
        }
        if self.children.is_some() {
            s.push_str(" {");
        }
        s
    }
}

/// Top-level keywords keepalived knows (those that mark a file as keepalived.conf first).
pub(super) const TOP: &[&str] = &[
    "global_defs",
    "vrrp_script",
    "vrrp_instance",
    "vrrp_sync_group",
    "virtual_server",
    "virtual_server_group",
    "static_ipaddress",
    "static_routes",
    "static_rules",
    "include",
    "vrrp_track_file",
    "track_file",
    "net_namespace",
    "linkbeat_use_polling",
];

/// True when `text` is a keepalived.conf: a line opens one of its top-level blocks.
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| {
        let mut w = l.split_whitespace();
        matches!(
            w.next(),
            Some(
                "vrrp_instance"
                    | "vrrp_script"
                    | "global_defs"
                    | "virtual_server"
                    | "vrrp_sync_group"
            )
        )
    })
}

pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let mut chars = raw.char_indices().peekable();
        while let Some(&(j, c)) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
            } else if c == '#' || c == '!' {
                break;
            } else if c == '{' || c == '}' {
                chars.next();
                out.push(Tok {
                    text: c.to_string(),
                    line: i + 1,
                    col: j + 1,
                });
            } else if c == '"' {
                chars.next();
                let mut s = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    s.push(c);
                }
                out.push(Tok {
                    text: s,
                    line: i + 1,
                    col: j + 1,
                });
            } else {
                let mut s = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() || c == '{' || c == '}' {
                        break;
                    }
                    s.push(c);
                    chars.next();
                }
                out.push(Tok {
                    text: s,
                    line: i + 1,
                    col: j + 1,
                });
            }
        }
    }
    out
}

/// Statements until a `}` (or the end at depth 0).
pub(super) fn block(file: &Path, toks: &[Tok], pos: &mut usize, depth: usize) -> Result<Vec<Node>> {
    let mut nodes = Vec::new();
    while *pos < toks.len() {
        let t = &toks[*pos];
        if t.text == "}" {
            if depth == 0 {
                return Err(config_error(
                    file,
                    t.line,
                    t.col,
                    "'}' closes no block".into(),
                    None,
                ));
            }
            *pos += 1;
            return Ok(nodes);
        }
        if t.text == "{" {
            return Err(config_error(
                file,
                t.line,
                t.col,
                "'{' opens a block without a keyword before it".into(),
                None,
            ));
        }
        let key = t.clone();
        *pos += 1;
        let mut args = Vec::new();
        while *pos < toks.len()
            && toks[*pos].line == key.line
            && toks[*pos].text != "{"
            && toks[*pos].text != "}"
        {
            args.push(toks[*pos].clone());
            *pos += 1;
        }
        let mut children = None;
        if *pos < toks.len() && toks[*pos].text == "{" {
            *pos += 1;
            children = Some(block(file, toks, pos, depth + 1)?);
        }
        nodes.push(Node {
            key,
            args,
            children,
        });
    }
    if depth > 0 {
        let last = toks.last().map(|t| t.line).unwrap_or(1);
        return Err(config_error(
            file,
            last,
            1,
            "the file ends inside a block: a '}' is missing".into(),
            None,
        ));
    }
    Ok(nodes)
}

pub(super) fn number(file: &Path, n: &Node) -> Result<u64> {
    let a = n.args.first().ok_or_else(|| {
        config_error(
            file,
            n.key.line,
            n.key.col + n.key.text.len(),
            format!("'{}' needs a number", n.key.text),
            None,
        )
    })?;
    a.text.parse().map_err(|_| {
        config_error(
            file,
            a.line,
            a.col,
            format!("'{}' is not a whole number", a.text),
            None,
        )
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn blocks_nest_and_close_on_one_line() {
        let t = tokenize("a {\n  b { c }\n  d \"x y\" # c\n}\n");
        let mut pos = 0;
        let top = block(Path::new("k"), &t, &mut pos, 0).unwrap();
        assert_eq!(top.len(), 1);
        let kids = top[0].children.as_ref().unwrap();
        assert_eq!(kids[0].children.as_ref().unwrap()[0].key.text, "c");
        assert_eq!(kids[1].args[0].text, "x y");
    }

    #[test]
    fn unbalanced_braces_are_located() {
        let t = tokenize("a {\n b\n");
        let e = block(Path::new("k"), &t, &mut 0, 0).unwrap_err();
        assert!(e.to_string().starts_with("k:2:1:"), "{e}");
        let t = tokenize("}\n");
        let e = block(Path::new("k"), &t, &mut 0, 0).unwrap_err();
        assert!(e.to_string().starts_with("k:1:1:"), "{e}");
    }
}
