//! The migration's output: `pcs` commands against a copy of the CIB, each preceded by the input
//! line it comes from, and comments for what has no command. The same plan is printed as a shell
//! script and, with `--apply`, run command by command.
//!
//! Commands run as `pcs -f CIB ...` on a copy of the cluster's CIB that is pushed back once at
//! the end (`pcs cluster cib-push --config`), so a command that fails leaves the cluster as it was.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// One line of the generated script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// `# FILE:LINE: text` (line 0: the file as a whole).
    Note {
        /// File as named on the command line.
        file: String,
        /// 1-based line.
        line: usize,
        /// What became of it.
        text: String,
    },
    /// A free-standing comment.
    Comment(String),
    /// `pcs -f "$cib" ARGS...`.
    Pcs(Vec<String>),
    /// A file the migration writes (on this node; the script says to copy it to the others).
    File {
        /// Absolute path.
        path: String,
        /// Content.
        text: String,
    },
    /// An empty line between sections.
    Blank,
}

/// Where [`Plan::create`] puts a resource.
#[derive(Debug, Clone, Copy)]
pub enum Placement<'a> {
    /// At the end of this group (created when missing).
    Group(&'a str),
    /// Cloned on every node (`ID-clone`).
    Clone,
    /// A promotable clone on every node (`ID-clone`).
    Promotable,
    /// On its own.
    Alone,
}

/// The whole migration.
#[derive(Debug, Default)]
pub struct Plan {
    /// Comments printed before the commands: how to create the cluster itself.
    pub setup: Vec<String>,
    /// The script body.
    pub items: Vec<Item>,
    /// Resource ids already used.
    ids: BTreeSet<String>,
    /// `stonith-enabled=false` was emitted.
    unfenced: bool,
}

impl Plan {
    /// Say what became of `file:line`.
    pub fn note(&mut self, file: &str, line: usize, text: impl Into<String>) {
        self.items.push(Item::Note {
            file: file.to_string(),
            line,
            text: text.into(),
        });
    }

    /// A comment line.
    pub fn comment(&mut self, text: impl Into<String>) {
        self.items.push(Item::Comment(text.into()));
    }

    /// `stonith-enabled=false`, once however many inputs fenced nothing, with `why` the first
    /// time: Pacemaker starts no resource without fencing unless told so.
    pub fn without_fencing(&mut self, why: String) {
        if !self.unfenced {
            self.unfenced = true;
            self.comment(format!(
                "{why}, and Pacemaker starts no resource without fencing unless told so; configure fencing (pcs stonith create) and set stonith-enabled=true"
            ));
            self.pcs(&["property", "set", "stonith-enabled=false"]);
        }
    }

    /// A `pcs` command (without `pcs -f CIB`).
    pub fn pcs<S: AsRef<str>>(&mut self, args: &[S]) {
        self.items.push(Item::Pcs(
            args.iter().map(|a| a.as_ref().to_string()).collect(),
        ));
    }

    /// A blank line, unless the script already ends in one.
    pub fn blank(&mut self) {
        if !matches!(self.items.last(), None | Some(Item::Blank)) {
            self.items.push(Item::Blank);
        }
    }

    /// A fresh resource id from `want`: characters a CIB id cannot hold become `-`, a leading
    /// digit gets a prefix, and a clash gets `-2`, `-3`, ...
    pub fn id(&mut self, want: &str) -> String {
        let mut base: String = want
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        if !base.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            base = format!("r-{base}");
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    /// `pcs resource create` of a fresh id from `want`: `agent` with `params`, a monitor every
    /// `interval`, meta attributes `meta`, placed in a group, cloned or alone. Init scripts and
    /// systemd units get `--force`: pcs refuses an agent missing on the node running the
    /// command, and the cluster's nodes, not this one, must have them. Returns the id.
    pub fn create(
        &mut self,
        want: &str,
        agent: &str,
        params: &[String],
        interval: &str,
        meta: &[&str],
        place: Placement<'_>,
    ) -> String {
        let id = self.id(want);
        let mut cmd = vec![
            "resource".to_string(),
            "create".into(),
            id.clone(),
            agent.into(),
        ];
        cmd.extend(params.iter().cloned());
        if matches!(place, Placement::Promotable) {
            // One monitor per role, at different intervals (Pacemaker tells them apart by it):
            // the Promoted one expects 8, the others 0.
            let secs: u64 = interval.trim_end_matches('s').parse().unwrap_or(10);
            cmd.extend([
                "op".to_string(),
                "monitor".into(),
                format!("interval={}s", secs + 1),
                "role=Unpromoted".into(),
                "op".into(),
                "monitor".into(),
                format!("interval={secs}s"),
                "role=Promoted".into(),
            ]);
        } else {
            cmd.extend([
                "op".into(),
                "monitor".into(),
                format!("interval={interval}"),
            ]);
        }
        if !meta.is_empty() {
            cmd.push("meta".into());
            cmd.extend(meta.iter().map(|m| m.to_string()));
        }
        match place {
            Placement::Group(g) => cmd.extend(["--group".to_string(), g.to_string()]),
            Placement::Clone => cmd.push("clone".into()),
            Placement::Promotable => cmd.extend(["promotable".into(), "notify=true".into()]),
            Placement::Alone => {}
        }
        if agent.starts_with("lsb:") || agent.starts_with("systemd:") {
            cmd.push("--force".into());
        }
        self.items.push(Item::Pcs(cmd));
        id
    }

    /// An `ocf:rustha:vip` for `addr` (`params` start with `ip=`) at the end of `group`.
    pub fn vip(&mut self, addr: std::net::IpAddr, params: &[String], group: &str) -> String {
        self.create(
            &format!("vip-{addr}"),
            "ocf:rustha:vip",
            params,
            "10s",
            &[],
            Placement::Group(group),
        )
    }

    /// A configuration file the migrated resources read.
    pub fn file(&mut self, path: &str, text: &str) {
        self.items.push(Item::File {
            path: path.to_string(),
            text: text.to_string(),
        });
    }

    /// The files to write, in order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items.iter().filter_map(|i| match i {
            Item::File { path, text } => Some((path.as_str(), text.as_str())),
            _ => None,
        })
    }

    /// The `pcs` commands, in order.
    pub fn commands(&self) -> impl Iterator<Item = &Vec<String>> {
        self.items.iter().filter_map(|i| match i {
            Item::Pcs(a) => Some(a),
            _ => None,
        })
    }

    /// The shell script. `args` are the command's arguments after `rustha migrate`.
    pub fn script(&self, args: &[String]) -> String {
        let mut s = String::from("#!/bin/sh\n");
        let _ = writeln!(s, "# Generated by `rustha migrate {}`.", args.join(" "));
        s.push_str(
            "# Every input line is either translated (the commands below the line naming it) or\n\
             # named in a comment saying why not. Review, then run on one node of the cluster.\n",
        );
        if !self.setup.is_empty() {
            s.push_str("#\n");
            for l in &self.setup {
                let _ = writeln!(s, "# {l}");
            }
        }
        s.push_str(
            "#\n# The commands edit a copy of the CIB, pushed in one step at the end: a command that\n\
             # fails changes nothing.\n\
             set -eu\n\
             cib=$(mktemp)\n\
             trap 'rm -f \"$cib\"' EXIT\n\
             pcs cluster cib \"$cib\"\n\n",
        );
        for item in &self.items {
            match item {
                Item::Note { file, line, text } if *line == 0 => {
                    let _ = writeln!(s, "# {file}: {text}");
                }
                Item::Note { file, line, text } => {
                    let _ = writeln!(s, "# {file}:{line}: {text}");
                }
                Item::Comment(c) => {
                    let _ = writeln!(s, "# {c}");
                }
                Item::Pcs(args) => {
                    s.push_str("pcs -f \"$cib\"");
                    for a in args {
                        s.push(' ');
                        s.push_str(&quote(a));
                    }
                    s.push('\n');
                }
                Item::File { path, text } => {
                    let dir = Path::new(path)
                        .parent()
                        .map(|d| d.display().to_string())
                        .unwrap_or_else(|| "/".into());
                    let _ = writeln!(s, "mkdir -p {}", quote(&dir));
                    let _ = writeln!(s, "cat > {} <<'RUSTHA_EOF'\n{text}RUSTHA_EOF", quote(path));
                }
                Item::Blank => s.push('\n'),
            }
        }
        if !matches!(self.items.last(), None | Some(Item::Blank)) {
            s.push('\n');
        }
        s.push_str("pcs cluster cib-push \"$cib\" --config\n");
        s
    }
}

/// A word quoted for the shell only when it needs it.
fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | ',' | '+' | '@')
        });
    if plain {
        word.to_string()
    } else {
        shlex::try_quote(word)
            .map(|q| q.into_owned())
            .unwrap_or_else(|_| format!("'{}'", word.replace('\'', "'\\''")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_and_unique() {
        let mut p = Plan::default();
        assert_eq!(p.id("vip-10.0.0.1"), "vip-10.0.0.1");
        assert_eq!(p.id("vip-10.0.0.1"), "vip-10.0.0.1-2");
        assert_eq!(p.id("1abc"), "r-1abc");
        assert_eq!(p.id("a b/c"), "a-b-c");
    }

    #[test]
    fn script_quotes_words_that_need_it() {
        let mut p = Plan::default();
        p.note("ha.cf", 3, "node a b");
        p.pcs(&[
            "resource",
            "create",
            "x",
            "ocf:heartbeat:ping",
            "host_list=a b",
        ]);
        let s = p.script(&["ha.cf".into()]);
        assert!(s.contains("# ha.cf:3: node a b\n"), "{s}");
        assert!(
            s.contains("pcs -f \"$cib\" resource create x ocf:heartbeat:ping 'host_list=a b'\n"),
            "{s}"
        );
        assert!(s.ends_with("pcs cluster cib-push \"$cib\" --config\n"));
    }
}
