use super::*;
use crate::runtime::state::{Process, Runtime};
use std::path::Path;
use std::sync::Arc;

#[test]
fn csv_columns_match_haproxy_positions() {
    // Positions monitoring tools rely on.
    assert_eq!(col("status"), 17);
    assert_eq!(col("check_status"), 36);
    assert_eq!(col("type"), 32);
    assert_eq!(col("addr"), 73);
    let cfg = crate::config::Config::parse(
        Path::new("t"),
        "listen l\n bind 127.0.0.1:1\n server a 127.0.0.1:2 check\n server b 127.0.0.1:3\n server c 127.0.0.1:4 track a backup\n",
    )
    .unwrap();
    let rt = Runtime::build(cfg, Arc::new(Process::default()), None);
    let text = csv(&rt, true);
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert!(lines[0][0].starts_with("# pxname"));
    assert!(lines.iter().all(|l| l.len() == COLUMNS.len()));
    let names: Vec<(&str, &str)> = lines[1..].iter().map(|l| (l[1], l[17])).collect();
    assert_eq!(
        names,
        [
            ("FRONTEND", "OPEN"),
            ("a", "UP 1/3"),
            ("b", "no check"),
            ("c", "UP 1/3"),
            ("BACKEND", "UP")
        ]
    );
    assert_eq!(lines[4][31], "l/a");
    let page = html(&rt, "/", Some(5), true);
    assert!(page.contains("<td class=\"n\">a</td><td>UP 1/3</td>"));
    assert!(page.contains("<a href=\"/;json\">JSON export</a>"));
    assert!(prometheus(&rt).contains("haproxy_server_status{proxy=\"l\",server=\"b\"} 1"));
}

/// HAProxy 2.6's `show stat` header, fixed part (up to `agg_check_status`), as it prints it.
const HAPROXY_26_HEADER: &str = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status";

/// A stats socket (so proxy ids start at 2), an HTTP listen with a checked, a tracking and a
/// backup server, a TCP frontend and backend.
fn model() -> Runtime {
    let cfg = crate::config::Config::parse(
        Path::new("t"),
        "global\n stats socket /nonexistent/s level admin\n\
defaults\n mode tcp\n timeout connect 1s\n timeout client 1s\n timeout server 1s\n\
listen web\n mode http\n bind 127.0.0.1:1\n option httpchk GET /\n server a 127.0.0.1:2 check\n server b 127.0.0.1:3 track web/a\n server c 127.0.0.1:4 check backup\n\
frontend fe\n bind 127.0.0.1:5\n default_backend be\n\
backend be\n server x 127.0.0.1:6 check\n",
    )
    .unwrap();
    Runtime::build(cfg, Arc::new(Process::default()), None)
}

#[test]
fn column_table_is_haproxys_header() {
    assert_eq!(csv(&model(), true).lines().next(), Some(HAPROXY_26_HEADER));
    // HAProxy's typed letters survive the round trip through the tag enums.
    for c in COLUMNS {
        assert_eq!(Tags::typed(&c.tags.letters()), c.tags, "{}", c.name);
        assert_eq!(Tags::typed(&c.backend.letters()), c.backend, "{}", c.name);
    }
}

#[test]
fn json_is_haproxys_layout_and_agrees_with_the_csv() {
    let rt = model();
    {
        // A check description is free text from the server: it must come out escaped.
        let (_, a) = rt.server("web", "a").unwrap();
        lock(&a.detail).check.desc = "say \"hi\" \\ bye".into();
    }
    let text = stat(&rt, &Filter::all(), Format::Json, true);
    assert!(text.ends_with("]]\n"), "{text}");
    // Key order is part of the format (serde_json's Value sorts keys, so look at the text).
    assert!(text.starts_with("[[{\"objType\":\"Frontend\",\"proxyId\":2,\"id\":0,\"field\":{\"pos\":0,\"name\":\"pxname\"},\"processNum\":1,\"tags\":{\"origin\":\"Key\",\"nature\":\"Name\",\"scope\":\"Service\"},\"value\":{\"type\":\"str\",\"value\":\"web\"}},"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let csv_text = csv(&rt, true);
    let csv_rows: Vec<Vec<&str>> = csv_text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let objs = json.as_array().unwrap();
    assert_eq!(objs.len(), csv_rows.len());
    let mut kinds = Vec::new();
    for (obj, cells) in objs.iter().zip(&csv_rows) {
        let fields = obj.as_array().unwrap();
        let kind = fields[0]["objType"].as_str().unwrap();
        kinds.push((kind.to_string(), cells[1].to_string()));
        let mut last = None;
        let mut seen = 0;
        for f in fields {
            let pos = f["field"]["pos"].as_u64().unwrap() as usize;
            assert!(last < Some(pos), "positions increase");
            last = Some(pos);
            let column = &COLUMNS[pos];
            assert_eq!(f["field"]["name"], column.name);
            assert_eq!(f["objType"], kind);
            assert_eq!(f["proxyId"].to_string(), cells[col("iid")]);
            assert_eq!(f["id"].to_string(), cells[col("sid")]);
            assert_eq!(f["processNum"], 1);
            let tags = if kind == "Backend" {
                column.backend
            } else {
                column.tags
            };
            assert_eq!(f["tags"]["origin"], format!("{:?}", tags.origin));
            assert_eq!(f["tags"]["nature"], format!("{:?}", tags.nature));
            assert_eq!(f["tags"]["scope"], format!("{:?}", tags.scope));
            assert_eq!(f["value"]["type"], column.ty.name(), "{}", column.name);
            let value = &f["value"]["value"];
            let as_text = match column.ty {
                Type::Str => value.as_str().unwrap().to_string(),
                _ => {
                    assert!(value.is_number(), "{} = {value}", column.name);
                    value.to_string()
                }
            };
            if column.name != "last_chk" {
                assert_eq!(as_text, cells[pos], "{kind} {}", column.name);
            }
            if as_text.is_empty() {
                // Only HAProxy's always-present text field may be empty.
                assert_eq!(column.name, "last_chk");
            } else {
                seen += 1;
            }
        }
        // Exactly the non-empty CSV cells, no more.
        assert_eq!(seen, cells.iter().filter(|c| !c.is_empty()).count());
    }
    let kinds: Vec<(&str, &str)> = kinds
        .iter()
        .map(|(k, n)| (k.as_str(), n.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Frontend", "FRONTEND"),
            ("Server", "a"),
            ("Server", "b"),
            ("Server", "c"),
            ("Backend", "BACKEND"),
            ("Frontend", "FRONTEND"),
            ("Server", "x"),
            ("Backend", "BACKEND"),
        ]
    );
    let a = &objs[1].as_array().unwrap();
    let last_chk = a.iter().find(|f| f["field"]["name"] == "last_chk").unwrap();
    assert_eq!(last_chk["value"]["value"], "say \"hi\" \\ bye");
    // A backend's act is a Metric, a server's a Status, as in HAProxy.
    let act = |o: &serde_json::Value| {
        o.as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"]["name"] == "act")
            .unwrap()["tags"]["origin"]
            .clone()
    };
    assert_eq!(act(&objs[1]), "Status");
    assert_eq!(act(&objs[4]), "Metric");
}

#[test]
fn typed_and_filters() {
    let rt = model();
    let typed = stat(&rt, &Filter::all(), Format::Typed, true);
    let json: serde_json::Value =
        serde_json::from_str(&stat(&rt, &Filter::all(), Format::Json, true)).unwrap();
    let fields: usize = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_array().unwrap().len())
        .sum();
    assert_eq!(typed.lines().count(), fields);
    assert!(
        typed.starts_with("F.2.0.0.pxname.1:KNS:str:web\n"),
        "{typed}"
    );
    assert!(
        typed.contains("\nS.2.1.17.status.1:SGP:str:UP 1/3\n"),
        "{typed}"
    );
    assert!(typed.contains("\nB.4.0.19.act.1:MGP:u32:1\n"), "{typed}");
    // HAProxy's `<proxy> <type> <sid>` selection: servers of `web` only, then one server.
    let only = |f: Filter| csv_names(&stat(&rt, &f, Format::Text, true));
    let f = |p: &str, t: i32, s: i32| Filter {
        proxy: Some(p.into()),
        types: t,
        sid: s,
    };
    assert_eq!(only(f("2", 4, -1)), ["web/a", "web/b", "web/c"]);
    assert_eq!(only(f("2", 4, 3)), ["web/c"]);
    assert_eq!(only(f("4", 3, -1)), ["be/BACKEND"]);
    assert_eq!(only(f("3", -1, -1)), ["fe/FRONTEND"]);
}

fn csv_names(text: &str) -> Vec<String> {
    text.lines()
        .skip(1)
        .map(|l| {
            let mut c = l.split(',');
            format!("{}/{}", c.next().unwrap(), c.next().unwrap())
        })
        .collect()
}

#[test]
fn info_renderings_agree() {
    let rt = model();
    let text = info(&rt, Format::Text);
    let json: serde_json::Value = serde_json::from_str(&info(&rt, Format::Json)).unwrap();
    let typed = info(&rt, Format::Typed);
    let fields = json.as_array().unwrap();
    assert_eq!(fields.len(), INFO.len());
    assert_eq!(text.lines().count(), INFO.len());
    assert_eq!(typed.lines().count(), INFO.len());
    let mut last = None;
    for ((f, line), spec) in fields.iter().zip(text.lines()).zip(INFO) {
        let pos = f["field"]["pos"].as_u64().unwrap();
        assert!(last < Some(pos));
        last = Some(pos);
        let (name, value) = line.split_once(": ").unwrap();
        assert_eq!(f["field"]["name"], name);
        assert_eq!(f["value"]["type"], spec.ty.name());
        let v = &f["value"]["value"];
        let v = v
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string());
        // Uptime may tick between the two renderings.
        if !name.starts_with("Uptime") {
            assert_eq!(v, value, "{name}");
        }
    }
    assert!(text.starts_with("Name: rustha-proxy\nVersion: "));
    assert!(typed.contains("\n5.Process_num.1:KGP:u32:1\n"), "{typed}");
    assert!(info(&rt, Format::Json).starts_with(
        "[{\"field\":{\"pos\":0,\"name\":\"Name\"},\"processNum\":1,\"tags\":{\"origin\":\"Product\",\"nature\":\"Output\",\"scope\":\"Service\"},\"value\":{\"type\":\"str\",\"value\":\"rustha-proxy\"}},"
    ));
}

#[test]
fn addresses_and_algorithms_only_with_legends() {
    let rt = model();
    let with = stat(&rt, &Filter::all(), Format::Typed, true);
    let without = stat(&rt, &Filter::all(), Format::Typed, false);
    assert!(with.contains(".73.addr.1:CGS:str:127.0.0.1:2\n"), "{with}");
    assert!(with.contains(".76.algo.1:CGS:str:roundrobin\n"), "{with}");
    assert!(!without.contains(".addr.") && !without.contains(".algo."));
    // Nothing else changes.
    let strip = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.contains(".addr.") && !l.contains(".algo."))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(strip(&with), strip(&without));
    // The page gives them under `stats show-legends`.
    let cfg = crate::config::Config::parse(
        Path::new("t"),
        "listen s\n mode http\n bind 127.0.0.1:1\n stats uri /s\n stats show-legends\n",
    )
    .unwrap();
    assert!(cfg.proxies[0].stats.show_legends && cfg.proxies[0].stats.enabled);
}

#[test]
fn check_desc_is_the_status_description() {
    let rt = model();
    let (_, a) = rt.server("web", "a").unwrap();
    {
        let mut d = lock(&a.detail);
        d.check.status = "L4CON";
        d.check.desc = "Connection refused".into();
    }
    let row = rows(&rt, true).into_iter().nth(1).unwrap();
    assert_eq!(row.get("check_desc"), "Layer4 connection problem");
    assert_eq!(row.get("last_chk"), "Connection refused");
    assert_eq!(row.get("pid"), "1");
}
