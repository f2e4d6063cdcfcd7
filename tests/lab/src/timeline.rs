//! What a client saw during a failover run, told two ways: a readable text timeline (which node
//! served, when service was lost and regained, each gap in milliseconds, each injected fault) and
//! an SVG picture of the same (client successes per 100 ms, coloured by serving node, faults
//! marked). Built from [`rustha_harness::probe`] samples plus the events the run recorded.

use std::fmt::Write as _;
use std::time::Duration;

use rustha_harness::probe::{self, Sample};

/// Something the run did or noticed, at a time on the probes' time base.
#[derive(Debug, Clone)]
pub struct Event {
    pub at: Duration,
    pub label: String,
    /// An injected fault (marked in the picture and summarised with its gap) or just a note.
    pub fault: bool,
}

/// One injected fault and what the client experienced because of it.
#[derive(Debug, Clone)]
pub struct FaultSummary {
    pub label: String,
    pub at: Duration,
    /// Client-visible outage (zero when no probe failed).
    pub gap: Duration,
    /// Servers in the order the client saw them from just before the fault to the next fault.
    pub servers: Vec<String>,
}

/// Probe samples plus the run's events.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub samples: Vec<Sample>,
    pub events: Vec<Event>,
    /// The longest one probe can take. A sample is stamped when its probe starts, so a probe in
    /// flight when a fault hit started up to this long before it: each fault's window opens
    /// this much earlier, and its failure counts for that fault, not the previous one.
    pub in_flight: Duration,
    /// What the cluster did meanwhile (e.g. Pacemaker's starts and stops): in the text, to
    /// explain the gaps, but not in the picture.
    pub actions: Vec<Event>,
}

fn secs(d: Duration) -> String {
    format!("{:8.3}", d.as_secs_f64())
}

impl Timeline {
    /// Records an injected fault at `at`.
    pub fn fault(&mut self, at: Duration, label: impl Into<String>) {
        self.events.push(Event {
            at,
            label: label.into(),
            fault: true,
        });
    }

    /// Records a note at `at`.
    pub fn note(&mut self, at: Duration, label: impl Into<String>) {
        self.events.push(Event {
            at,
            label: label.into(),
            fault: false,
        });
    }

    /// Records something the cluster did at `at`.
    pub fn action(&mut self, at: Duration, label: impl Into<String>) {
        self.actions.push(Event {
            at,
            label: label.into(),
            fault: false,
        });
    }

    /// Each fault's window: from the fault to the next fault (or the end of the samples), both
    /// moved earlier by [`Timeline::in_flight`].
    fn fault_windows(&self) -> Vec<(Duration, Duration)> {
        let faults: Vec<Duration> = self
            .events
            .iter()
            .filter(|e| e.fault)
            .map(|e| e.at.saturating_sub(self.in_flight))
            .collect();
        let end = self
            .samples
            .last()
            .map(|s| s.at + Duration::from_millis(1))
            .unwrap_or_default();
        faults
            .iter()
            .enumerate()
            .map(|(i, &f)| (f, faults.get(i + 1).copied().unwrap_or(end)))
            .collect()
    }

    /// Each fault with the outage the client saw before the next fault (or the end).
    pub fn faults(&self) -> Vec<FaultSummary> {
        let faults: Vec<&Event> = self.events.iter().filter(|e| e.fault).collect();
        faults
            .iter()
            .zip(self.fault_windows())
            .map(|(f, (from, until))| FaultSummary {
                label: f.label.clone(),
                at: f.at,
                gap: probe::outage(&self.samples, from, until),
                servers: probe::servers_between(
                    &self.samples,
                    f.at.saturating_sub(Duration::from_millis(500)),
                    until,
                ),
            })
            .collect()
    }

    /// The readable timeline: events and every change the client saw, in time order, then a
    /// summary line per fault.
    pub fn render_text(&self) -> String {
        let mut lines: Vec<(Duration, u8, String)> = Vec::new();
        for e in &self.events {
            let tag = if e.fault { ">>> FAULT: " } else { "    " };
            lines.push((e.at, 0, format!("{tag}{}", e.label)));
        }
        for e in &self.actions {
            lines.push((e.at, 2, format!("        {}", e.label)));
        }
        let mut last_ok: Option<&Sample> = None;
        let mut failing = false;
        let mut current: Option<&str> = None;
        for s in &self.samples {
            match &s.server {
                Some(srv) => {
                    if failing {
                        let gap = last_ok.map(|l| s.at.saturating_sub(l.at).as_millis());
                        let gap = gap
                            .map(|g| format!(" after a {g} ms gap"))
                            .unwrap_or_default();
                        lines.push((
                            s.at,
                            1,
                            format!("client: service regained, answered by {srv}{gap}"),
                        ));
                    } else if current != Some(srv.as_str()) {
                        lines.push((s.at, 1, format!("client: answered by {srv}")));
                    }
                    failing = false;
                    current = Some(srv);
                    last_ok = Some(s);
                }
                None => {
                    if !failing {
                        if let Some(l) = last_ok {
                            let who = l.server.as_deref().unwrap_or("?");
                            lines.push((
                                s.at,
                                1,
                                format!("client: service lost (last answer from {who})"),
                            ));
                        }
                        failing = true;
                    }
                }
            }
        }
        if failing && last_ok.is_some() {
            let end = self.samples.last().map(|s| s.at).unwrap_or_default();
            lines.push((
                end,
                1,
                "client: no service at the end of the run".to_string(),
            ));
        }
        lines.sort_by_key(|(t, k, _)| (*t, *k));
        let mut out = String::from("    time(s)  what\n");
        for (t, _, l) in lines {
            let _ = writeln!(out, "   {}  {l}", secs(t));
        }
        let faults = self.faults();
        if !faults.is_empty() {
            let w = faults.iter().map(|f| f.label.len()).max().unwrap_or(0);
            out += "\n   fault";
            out += &" ".repeat(w.saturating_sub(5) + 2);
            out += "client-visible gap   served by\n";
            for f in faults {
                let _ = writeln!(
                    out,
                    "   {:w$}  {:>12} ms   {}",
                    f.label,
                    f.gap.as_millis(),
                    f.servers.join(" -> "),
                    w = w
                );
            }
        }
        out
    }

    /// The SVG picture: successful probes per bucket (100 ms, longer when a long run would
    /// otherwise give bars under a pixel) as stacked bars coloured by serving node, each fault a
    /// red line labelled where the label fits, gaps visible as holes.
    pub fn render_svg(&self, title: &str, probe_every: Duration) -> String {
        const W: f64 = 1200.0;
        const H: f64 = 470.0;
        const LEFT: f64 = 60.0;
        const RIGHT: f64 = 20.0;
        const TOP: f64 = 110.0;
        const BOTTOM: f64 = 80.0;
        let colors = [
            "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf",
        ];

        let end = self
            .samples
            .last()
            .map(|s| s.at)
            .unwrap_or_default()
            .max(Duration::from_secs(1));
        let pw = W - LEFT - RIGHT;
        let ph = H - TOP - BOTTOM;
        // At least a pixel per bar.
        let bucket_ms: u128 = [100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000]
            .into_iter()
            .find(|b| (end.as_millis() / b + 1) as f64 <= pw)
            .unwrap_or(60_000);
        let nb = (end.as_millis() / bucket_ms + 1) as usize;
        // A run long enough to need bigger buckets has more labels than fit: those without a
        // free row are left out there. A short one (the demo's) shows every label, even over
        // another, since each is what the picture is about.
        let crowded = bucket_ms > 100;
        let row_for = |rows: &mut [f64], start: f64, end: f64| {
            free_row(rows, start, end).or_else(|| (!crowded).then(|| first_free(rows, end)))
        };
        let mut servers: Vec<String> = Vec::new();
        for s in &self.samples {
            if let Some(srv) = &s.server {
                if !servers.contains(srv) {
                    servers.push(srv.clone());
                }
            }
        }
        servers.sort();
        // counts[bucket][server]
        let mut counts = vec![vec![0u32; servers.len()]; nb];
        let mut tried = vec![0u32; nb];
        for s in &self.samples {
            let b = (s.at.as_millis() / bucket_ms) as usize;
            tried[b] += 1;
            if let Some(srv) = &s.server {
                let i = servers
                    .iter()
                    .position(|x| x == srv)
                    .expect("collected above");
                counts[b][i] += 1;
            }
        }
        let per_bucket = (bucket_ms / probe_every.as_millis().max(1)).max(1) as f64;
        // Headroom above "every probe answered" for buckets with a catch-up probe after a stall.
        let ymax = (per_bucket * 1.2).max(tried.iter().copied().max().unwrap_or(1) as f64);
        let bw = pw / nb as f64;
        let x_of = |t: Duration| LEFT + t.as_secs_f64() * 1000.0 / bucket_ms as f64 * bw;

        let mut svg = String::new();
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(svg, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
        let _ = writeln!(
            svg,
            r#"<text x="{LEFT}" y="22" font-size="16" font-weight="bold">{}</text>"#,
            esc(title)
        );
        let _ = writeln!(
            svg,
            r##"<text x="{LEFT}" y="40" fill="#555">client successes per {bucket_ms} ms (one probe every {} ms); colour = who answered; red = injected fault</text>"##,
            probe_every.as_millis()
        );
        // Legend.
        let mut lx = LEFT;
        for (i, srv) in servers.iter().enumerate() {
            let c = colors[i % colors.len()];
            let _ = writeln!(
                svg,
                r#"<rect x="{lx}" y="50" width="12" height="12" fill="{c}"/>"#
            );
            let _ = writeln!(svg, r#"<text x="{}" y="61">{}</text>"#, lx + 16.0, esc(srv));
            lx += 30.0 + 8.0 * srv.len() as f64;
        }
        // Axes and grid.
        let base = TOP + ph;
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{base}" x2="{}" y2="{base}" stroke="#333"/>"##,
            LEFT + pw
        );
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="#333"/>"##
        );
        // Grid lines at least 50 px apart.
        let px_per_s = pw / end.as_secs_f64();
        let step = [5, 10, 30, 60, 120, 300, 600, 1800, 3600]
            .into_iter()
            .find(|&st| st as f64 * px_per_s >= 50.0)
            .unwrap_or(3600);
        let mut t: u64 = 0;
        while t as f64 <= end.as_secs_f64() {
            let x = x_of(Duration::from_secs(t));
            let _ = writeln!(
                svg,
                r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{base}" stroke="#eee"/>"##
            );
            let _ = writeln!(
                svg,
                r#"<text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"#,
                base + 16.0,
                if step >= 60 {
                    format!("{}m", t / 60)
                } else {
                    format!("{t}s")
                }
            );
            t += step;
        }
        let full = base - ph * per_bucket / ymax;
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{full:.1}" x2="{}" y2="{full:.1}" stroke="#bbb" stroke-dasharray="4,4"/>"##,
            LEFT + pw
        );
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 6.0,
            full + 4.0,
            per_bucket as u32
        );
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end">0</text>"#,
            LEFT - 6.0,
            base + 4.0
        );
        // Bars.
        for (b, row) in counts.iter().enumerate() {
            let x = LEFT + b as f64 * bw;
            let mut y = base;
            for (i, &n) in row.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                let h = ph * n as f64 / ymax;
                y -= h;
                let c = colors[i % colors.len()];
                let _ = writeln!(
                    svg,
                    r#"<rect x="{x:.2}" y="{y:.2}" width="{:.2}" height="{h:.2}" fill="{c}"/>"#,
                    (bw - 0.3).max(0.3)
                );
            }
        }
        // Faults, labelled above the plot with the gap they caused.
        let summaries = self.faults();
        let mut rows = [f64::MIN; 2];
        for f in &summaries {
            let x = x_of(f.at);
            let text = format!("{}: gap {} ms", f.label, f.gap.as_millis());
            let Some(row) = row_for(&mut rows, x, x + 3.0 + 7.0 * text.len() as f64) else {
                // No room for its label (a long run): the line alone.
                let _ = writeln!(
                    svg,
                    r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{base}" stroke="#d62728" stroke-width="1" stroke-dasharray="5,3"/>"##
                );
                continue;
            };
            let ly = 82.0 + 16.0 * row as f64;
            let _ = writeln!(
                svg,
                r##"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{base}" stroke="#d62728" stroke-width="2" stroke-dasharray="5,3"/>"##,
                ly + 3.0
            );
            let _ = writeln!(
                svg,
                r##"<text x="{:.1}" y="{ly}" fill="#d62728"><tspan font-weight="bold">{}</tspan>: gap {} ms</text>"##,
                x + 3.0,
                esc(&f.label),
                f.gap.as_millis()
            );
        }
        // Other events: grey dotted lines, labelled below the axis.
        let mut rows = [f64::MIN; 4];
        for e in self.events.iter().filter(|e| !e.fault) {
            let x = x_of(e.at);
            let _ = writeln!(
                svg,
                r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{}" stroke="#999" stroke-dasharray="2,3"/>"##,
                base + 22.0
            );
            let right = x > LEFT + pw * 0.75;
            let w = 5.6 * e.label.len() as f64;
            let row = if right {
                row_for(&mut rows, x - 3.0 - w, x)
            } else {
                row_for(&mut rows, x, x + 3.0 + w)
            };
            let Some(row) = row else { continue };
            let _ = writeln!(
                svg,
                r##"<text x="{:.1}" y="{}" fill="#777" font-size="10" text-anchor="{}">{}</text>"##,
                if right { x - 3.0 } else { x + 3.0 },
                base + 34.0 + 12.0 * row as f64,
                if right { "end" } else { "start" },
                esc(&e.label)
            );
        }
        // Outages no fault accounts for (e.g. when partitions merge), in the plot.
        let windows = self.fault_windows();
        // In the headroom above "every probe answered", clear of the fault labels above the plot.
        let mut rows = [f64::MIN; 2];
        for g in probe::gaps(&self.samples) {
            let len = g.length(&self.samples);
            let ms = len.as_millis();
            let caused = windows.iter().any(|&(a, b)| {
                g.first_fail >= a && g.first_fail < b && len == probe::outage(&self.samples, a, b)
            });
            if ms < 50 || caused {
                continue;
            }
            let x = (x_of(g.last_ok) + x_of(g.first_ok.unwrap_or(end))) / 2.0;
            let half = 3.5 * format!("{ms} ms").len() as f64;
            let Some(row) = row_for(&mut rows, x - half, x + half) else {
                continue;
            };
            let _ = writeln!(
                svg,
                r##"<text x="{x:.1}" y="{}" text-anchor="middle" fill="#d62728">{ms} ms</text>"##,
                TOP + 12.0 + 12.0 * row as f64
            );
        }
        svg += "</svg>\n";
        svg
    }
}

/// The first of the label `rows` (each holding the x where its last label ends) that is free
/// from `start` on, then taken up to `end`; `None` when none is.
fn free_row(rows: &mut [f64], start: f64, end: f64) -> Option<usize> {
    let i = rows.iter().position(|&r| r + 6.0 <= start)?;
    rows[i] = end;
    Some(i)
}

/// The row whose last label ends first, then taken up to `end`: where a label goes over
/// another when every row is taken.
fn first_free(rows: &mut [f64], end: f64) -> usize {
    let i = rows
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    rows[i] = end;
    i
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(ms: u64, srv: Option<&str>) -> Sample {
        Sample {
            at: Duration::from_millis(ms),
            server: srv.map(str::to_string),
        }
    }

    fn sample_run() -> Timeline {
        let mut samples = Vec::new();
        for i in 0..100 {
            samples.push(s(i * 10, Some("node1")));
        }
        for i in 100..130 {
            samples.push(s(i * 10, None));
        }
        for i in 130..200 {
            samples.push(s(i * 10, Some("node2")));
        }
        let mut t = Timeline {
            samples,
            ..Timeline::default()
        };
        t.fault(Duration::from_millis(995), "standby node1");
        t
    }

    #[test]
    fn a_probe_in_flight_when_a_fault_hit_counts_for_that_fault() {
        let mut t = sample_run();
        // The failures start at 1000 ms; a fault 10 ms later, with probes taking up to 20 ms.
        t.events.clear();
        t.fault(Duration::from_millis(200), "earlier fault");
        t.fault(Duration::from_millis(1010), "kill");
        let gaps = |t: &Timeline| t.faults().iter().map(|f| f.gap).collect::<Vec<_>>();
        let ms = Duration::from_millis;
        assert_eq!(gaps(&t), [ms(310), ms(0)]);
        t.in_flight = ms(20);
        assert_eq!(gaps(&t), [ms(0), ms(310)]);
    }

    #[test]
    fn text_names_servers_gap_and_fault() {
        let t = sample_run();
        let text = t.render_text();
        assert!(text.contains("answered by node1"), "{text}");
        assert!(text.contains(">>> FAULT: standby node1"), "{text}");
        assert!(
            text.contains("service lost (last answer from node1)"),
            "{text}"
        );
        assert!(
            text.contains("regained, answered by node2 after a 310 ms gap"),
            "{text}"
        );
        let mut t = t;
        t.action(Duration::from_millis(1250), "pacemaker: node2: vip started");
        let text = t.render_text();
        assert!(
            text.contains("      1.250          pacemaker: node2: vip started\n"),
            "{text}"
        );
        let f = t.faults();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].gap, Duration::from_millis(310));
        assert_eq!(f[0].servers, ["node1", "node2"]);
    }

    #[test]
    fn labels_close_in_time_take_different_rows() {
        let mut rows = [f64::MIN; 2];
        assert_eq!(free_row(&mut rows, 0.0, 100.0), Some(0));
        assert_eq!(free_row(&mut rows, 50.0, 150.0), Some(1));
        assert_eq!(free_row(&mut rows, 120.0, 200.0), Some(0));
        // No row free: no label, rather than one drawn over another.
        assert_eq!(free_row(&mut rows, 130.0, 300.0), None);
        assert_eq!(free_row(&mut rows, 210.0, 300.0), Some(0));
        // Where labels may overlap: the row whose label ends first.
        assert_eq!(first_free(&mut rows, 400.0), 1);
    }

    #[test]
    fn a_short_run_labels_every_fault_even_over_another() {
        let mut t = sample_run();
        for k in 0..4 {
            t.fault(Duration::from_millis(1000 + 50 * k), format!("fault {k}"));
        }
        let svg = t.render_svg("demo", Duration::from_millis(10));
        assert_eq!(
            svg.matches(r##"stroke="#d62728" stroke-width="2""##)
                .count(),
            5
        );
        assert_eq!(svg.matches("<tspan").count(), 5);
    }

    #[test]
    fn a_long_run_gets_bars_of_a_pixel_or_more_and_grid_lines_apart() {
        // 40 minutes, a probe every 20 ms, node1 then node2, a fault every 12 s.
        let mut t = Timeline {
            samples: (0..120_000)
                .map(|i| s(i * 20, Some(if i < 60_000 { "node1" } else { "node2" })))
                .collect(),
            ..Timeline::default()
        };
        for k in 0..200 {
            t.fault(Duration::from_secs(12 * k + 6), format!("step {k}"));
        }
        let svg = t.render_svg("long", Duration::from_millis(20));
        assert!(svg.contains("client successes per 5000 ms"), "{svg}");
        // 2400 s in buckets of 5 s: 480 buckets, each served by one node: one bar each.
        assert_eq!(svg.matches("<rect x=").count() - 2, 480);
        assert!(svg.contains(">4m</text>") && !svg.contains(">10s</text>"));
        // Every fault has its line; only the labels that fit are drawn.
        assert_eq!(svg.matches("stroke=\"#d62728\"").count(), 200);
        let labels = svg.matches("<tspan").count();
        assert!((1..200).contains(&labels), "{labels} labels");
    }

    #[test]
    fn svg_has_bars_per_node_and_fault_marker() {
        let t = sample_run();
        let svg = t.render_svg("demo", Duration::from_millis(10));
        assert!(svg.starts_with("<svg"));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(
            svg.contains("#1f77b4") && svg.contains("#2ca02c"),
            "both nodes coloured"
        );
        assert!(svg.contains("standby node1"));
        assert!(svg.contains("standby node1</tspan>: gap 310 ms"), "{svg}");
        // 20 buckets of 100 ms; 3 of them empty (the gap): 17 bars.
        assert_eq!(svg.matches("<rect x=").count() - 2, 17);
    }
}
