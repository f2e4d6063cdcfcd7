//! The OCF `meta-data` document of an agent, generated from its declarations.
//!
//! The output must validate against `ra-api-1.dtd` (which `ocf-tester` and pcs check), so only
//! what that DTD allows is written: content types string/integer/boolean/time, parameter
//! attributes `name`/`required`/`unique`, and the OCF 1.0 action names. It is generated with
//! quick-xml so escaping is never hand-written, and it is byte-for-byte stable so the checked-in
//! `ocf-metadata/<agent>.xml` can be compared against it.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::param::ParamSpec;

/// The actions of a daemon agent whose file `reload` applies in place (pgsqlchk, filesync):
/// start, stop, a 10 s monitor, meta-data, validate-all and reload.
pub const RELOADABLE_DAEMON_ACTIONS: &[ActionSpec] = &[
    ActionSpec::new("start", "20s"),
    ActionSpec::new("stop", "20s"),
    ActionSpec::new("monitor", "20s").interval("10s"),
    ActionSpec::new("meta-data", "5s"),
    ActionSpec::new("validate-all", "10s"),
    ActionSpec::new("reload", "20s"),
];

/// One advertised action with its default timeout (and interval/depth/role for monitors).
#[derive(Debug, Clone, Copy)]
pub struct ActionSpec {
    /// Action name (one of the OCF 1.0 names).
    pub name: &'static str,
    /// Default timeout with unit (`"20s"`).
    pub timeout: &'static str,
    /// Suggested interval for recurring actions.
    pub interval: Option<&'static str>,
    /// `OCF_CHECK_LEVEL` this monitor runs at.
    pub depth: Option<&'static str>,
    /// Role this monitor applies to (promotable agents).
    pub role: Option<&'static str>,
}

impl ActionSpec {
    /// An action with a default timeout.
    pub const fn new(name: &'static str, timeout: &'static str) -> Self {
        ActionSpec {
            name,
            timeout,
            interval: None,
            depth: None,
            role: None,
        }
    }
    /// Set a recurring interval.
    pub const fn interval(mut self, interval: &'static str) -> Self {
        self.interval = Some(interval);
        self
    }
    /// Set a check depth.
    pub const fn depth(mut self, depth: &'static str) -> Self {
        self.depth = Some(depth);
        self
    }
    /// Set a role.
    pub const fn role(mut self, role: &'static str) -> Self {
        self.role = Some(role);
        self
    }
}

/// Everything `meta-data`, `--help` and the man page say about an agent.
#[derive(Debug, Clone, Copy)]
pub struct AgentMeta {
    /// Agent (binary) name, e.g. `vip`.
    pub name: &'static str,
    /// Agent version (the crate version).
    pub version: &'static str,
    /// One-line description.
    pub shortdesc: &'static str,
    /// Full description.
    pub longdesc: &'static str,
    /// Parameters, in the order they are documented.
    pub params: &'static [ParamSpec],
    /// Advertised actions. Actions not listed here answer `OCF_ERR_UNIMPLEMENTED`.
    pub actions: &'static [ActionSpec],
}

impl AgentMeta {
    /// Whether the agent advertises `action`.
    pub fn supports(&self, action: &str) -> bool {
        self.actions.iter().any(|a| a.name == action)
    }

    /// The declared default timeout of `action`, if advertised.
    pub fn default_timeout(&self, action: &str) -> Option<std::time::Duration> {
        self.actions
            .iter()
            .find(|a| a.name == action)
            .and_then(|a| crate::param::parse_duration(a.timeout))
    }

    /// The `meta-data` XML document.
    pub fn to_xml(&self) -> String {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        self.write(&mut w)
            .expect("writing XML into a Vec cannot fail");
        let mut s = String::from_utf8(w.into_inner()).expect("XML is UTF-8");
        s.push('\n');
        s
    }

    fn write(&self, w: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", None, None)))?;
        w.write_event(Event::DocType(BytesText::from_escaped(
            "resource-agent SYSTEM \"ra-api-1.dtd\"",
        )))?;
        w.create_element("resource-agent")
            .with_attributes([("name", self.name), ("version", self.version)])
            .write_inner_content(|w| {
                w.create_element("version")
                    .write_text_content(BytesText::new("1.0"))?;
                w.create_element("longdesc")
                    .with_attribute(("lang", "en"))
                    .write_text_content(BytesText::new(self.longdesc))?;
                w.create_element("shortdesc")
                    .with_attribute(("lang", "en"))
                    .write_text_content(BytesText::new(self.shortdesc))?;
                w.create_element("parameters").write_inner_content(|w| {
                    for p in self.params {
                        write_param(w, p)?;
                    }
                    Ok(())
                })?;
                w.create_element("actions").write_inner_content(|w| {
                    for a in self.actions {
                        let mut el = w
                            .create_element("action")
                            .with_attributes([("name", a.name), ("timeout", a.timeout)]);
                        for (k, v) in [
                            ("interval", a.interval),
                            ("depth", a.depth),
                            ("role", a.role),
                        ] {
                            if let Some(v) = v {
                                el = el.with_attribute((k, v));
                            }
                        }
                        el.write_empty()?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    }
}

fn write_param(w: &mut Writer<Vec<u8>>, p: &ParamSpec) -> std::io::Result<()> {
    let flag = |b: bool| if b { "1" } else { "0" };
    w.create_element("parameter")
        .with_attributes([
            ("name", p.name),
            ("required", flag(p.required)),
            ("unique", flag(p.unique)),
        ])
        .write_inner_content(|w| {
            w.create_element("longdesc")
                .with_attribute(("lang", "en"))
                .write_text_content(BytesText::new(p.longdesc))?;
            w.create_element("shortdesc")
                .with_attribute(("lang", "en"))
                .write_text_content(BytesText::new(p.shortdesc))?;
            let mut content = w
                .create_element("content")
                .with_attribute(("type", p.kind.as_str()));
            if let Some(d) = p.default {
                content = content.with_attribute(("default", d));
            }
            content.write_empty()?;
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    static PARAMS: &[ParamSpec] = &[
        ParamSpec::string("ip")
            .required()
            .unique()
            .short("The address")
            .long("An <IPv4> & \"IPv6\" address."),
        ParamSpec::integer("n")
            .default("5")
            .short("n")
            .long("count"),
    ];
    static META: AgentMeta = AgentMeta {
        name: "t",
        version: "1.2.3",
        shortdesc: "test agent",
        longdesc: "A test agent.",
        params: PARAMS,
        actions: &[
            ActionSpec::new("start", "20s"),
            ActionSpec::new("monitor", "20s").interval("10s").depth("0"),
            ActionSpec::new("meta-data", "5s"),
        ],
    };

    #[test]
    fn xml_has_doctype_escaping_and_every_parameter() {
        let x = META.to_xml();
        assert!(
            x.starts_with(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n"
            ),
            "{x}"
        );
        assert!(x.contains("<resource-agent name=\"t\" version=\"1.2.3\">"));
        assert!(x.contains("<parameter name=\"ip\" required=\"1\" unique=\"1\">"));
        assert!(
            x.contains("An &lt;IPv4&gt; &amp; &quot;IPv6&quot; address."),
            "{x}"
        );
        assert!(x.contains("<content type=\"integer\" default=\"5\"/>"));
        assert!(
            x.contains("<action name=\"monitor\" timeout=\"20s\" interval=\"10s\" depth=\"0\"/>")
        );
        assert_eq!(x, META.to_xml(), "output must be stable");
    }

    #[test]
    fn supports_and_timeouts() {
        assert!(META.supports("start"));
        assert!(!META.supports("promote"));
        assert_eq!(
            META.default_timeout("start"),
            Some(std::time::Duration::from_secs(20))
        );
    }
}
