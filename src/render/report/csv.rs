//! The report as CSV: one row per metric and group, with stable keys.

use chrono::{DateTime, FixedOffset};

use crate::domain::report::{Count, GroupReport, HIDDEN, ManagementReport, Median, Share, all_groups};

/// One line of the flat view: CSV rows, and the source of every figure in text and HTML.
struct Metric {
    section: &'static str,
    metric: String,
    /// Label keys; the label is their texts joined by " – ".
    label: Vec<String>,
    /// Machine value: a count (`<5` when suppressed), a percentage without `%`, or a median
    /// with `.` as decimal separator; [`HIDDEN`] when hidden.
    value: String,
}

/// Collects [`Metric`]s in order.
struct Metrics {
    section: &'static str,
    out: Vec<Metric>,
}

impl Metrics {
    fn push(&mut self, metric: String, label: Vec<String>, value: String) {
        self.out.push(Metric {
            section: self.section,
            metric,
            label,
            value,
        });
    }

    fn count(&mut self, metric: impl Into<String>, label: &[&str], count: Count) {
        self.push(metric.into(), keys(label), count.display());
    }

    /// Three rows: the part (`metric`), the whole (`metric_of`) and the percentage
    /// (`metric_pct`).
    fn share(&mut self, metric: impl Into<String>, label: &[&str], share: Share) {
        let metric = metric.into();
        let with = |suffix: &str| {
            let mut label = keys(label);
            label.push(suffix.to_string());
            label
        };
        self.push(metric.clone(), keys(label), share.part.display());
        self.push(
            format!("{metric}_of"),
            with("mgmt-share-whole"),
            share.whole.display(),
        );
        let percent = share
            .percent
            .map_or_else(|| HIDDEN.to_string(), |p| p.to_string());
        self.push(format!("{metric}_pct"), with("mgmt-share-percent"), percent);
    }

    /// Two rows: the number of values (`metric_n`) and the median (`metric_median`).
    fn median(&mut self, metric: &str, label: &str, median: Median) {
        self.push(
            format!("{metric}_n"),
            keys(&[label, "mgmt-median-n"]),
            median.n.display(),
        );
        self.push(
            format!("{metric}_median"),
            keys(&[label, "mgmt-median"]),
            median.display("."),
        );
    }
}

fn metrics(g: &GroupReport) -> Vec<Metric> {
    let mut m = Metrics {
        section: "plans",
        out: Vec::new(),
    };
    let p = &g.plans;
    m.count("active_cases", &["mgmt-active-cases"], p.active_cases);
    m.count("cases_with_goals", &["mgmt-cases-with-goals"], p.cases_with_goals);
    m.count("goals", &["mgmt-goals"], p.goals);
    m.share("own_words", &["mgmt-own-words"], p.own_words);
    for a in &p.areas {
        let area = format!("mgmt-area-{}", a.area);
        m.count(format!("area.{}.cases", a.area), &[&area, "mgmt-cases"], a.cases);
        m.count(format!("area.{}.goals", a.area), &[&area, "mgmt-goals"], a.goals);
    }

    m.section = "progression";
    let pr = &g.progression;
    for c in &pr.goals {
        let key = c.progression.key();
        let label = format!("mgmt-progression-{key}");
        m.count(format!("goals.{key}"), &["mgmt-goals", &label], c.goals);
    }
    m.count(
        "youth_measurable",
        &["mgmt-youth-measurable"],
        pr.youth_measurable,
    );
    m.share("youth_better", &["mgmt-youth-better"], pr.youth_better);
    m.share("youth_worse", &["mgmt-youth-worse"], pr.youth_worse);

    m.section = "engagement";
    for c in &g.engagement.checkins {
        let role = format!("mgmt-role-{}", c.role);
        for (name, value) in [
            ("sent", c.sent),
            ("answered", c.answered),
            ("skipped", c.skipped),
            ("missed", c.missed),
            ("open", c.open),
            ("not_sent", c.not_sent),
        ] {
            let label = format!("mgmt-checkin-{}", name.replace('_', "-"));
            m.count(
                format!("checkins.{}.{name}", c.role),
                &[&role, "mgmt-checkins", &label],
                value,
            );
        }
        m.share(
            format!("checkins.{}.answered_share", c.role),
            &[&role, "mgmt-checkins", "mgmt-checkin-answered-share"],
            c.answered_share,
        );
    }
    for r in &g.engagement.participants {
        let role = format!("mgmt-role-{}", r.role);
        for (name, value) in [
            ("active", r.active),
            ("invited", r.invited),
            ("paused", r.paused),
            ("stopped", r.stopped),
            ("blocked", r.blocked),
        ] {
            let label = format!("mgmt-participant-{name}");
            m.count(
                format!("participants.{}.{name}", r.role),
                &[&role, "mgmt-participants", &label],
                value,
            );
        }
    }

    m.section = "follow_up";
    let f = &g.follow_up;
    for r in &f.alerts {
        let key = r.rule.key();
        let label = format!("mgmt-rule-{key}");
        m.count(format!("alerts.{key}"), &["mgmt-alerts", &label], r.alerts);
    }
    m.count("alerts_total", &["mgmt-alerts-total"], f.alerts_total);
    m.share(
        "assessed_within_48h",
        &["mgmt-assessed-within-48h"],
        f.assessed_within_48h,
    );
    m.count(
        "unassessed_over_48h",
        &["mgmt-unassessed-over-48h"],
        f.unassessed_over_48h,
    );
    m.median(
        "hours_to_assessment",
        "mgmt-hours-to-assessment",
        f.hours_to_assessment,
    );
    m.share(
        "calls_within_14_days",
        &["mgmt-calls-within-14-days"],
        f.calls_within_14_days,
    );
    m.share(
        "statutory_on_time",
        &["mgmt-statutory-on-time"],
        f.statutory_on_time,
    );
    m.count("meetings_held", &["mgmt-meetings-held"], f.meetings_held);
    m.share("agenda_before", &["mgmt-agenda-before"], f.agenda_before);
    m.median("meeting_rating", "mgmt-meeting-rating", f.meeting_rating);
    m.out
}

fn keys(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

fn label_of(label: &[String], labels: &dyn Fn(&str) -> String) -> String {
    label.iter().map(|k| labels(k)).collect::<Vec<_>>().join(" – ")
}

/// The CSV header; see [`to_csv`].
pub const CSV_HEADER: &str = "section,metric,group,value,label";

/// CSV, one row per metric and group, UTF-8, `\n` line ends, RFC 4180 quoting.
///
/// Columns (stable): `section` (`meta`, `plans`, `progression`, `engagement`, `follow_up`),
/// `metric` (a stable key such as `area.skole.goals`, `checkins.youth.answered_share_pct`),
/// `group` ([`Group::key`](crate::domain::report::Group::key)), `value` (a count, `<5`, a percentage without `%`, a median with
/// `.`, or `-` when hidden) and `label` (the metric in words, in the labels' language).
/// Groups come in report order: `all`, teams, caseworkers. The first rows (`meta`) give the
/// period, `as_of`, the team filter and the skipped rows. Names only appear after a `team:` /
/// `no-team` prefix, and the typed-in team filter is prefixed with `'` when it starts like a
/// formula, so a spreadsheet never runs a cell.
pub fn to_csv(report: &ManagementReport, labels: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    out.push_str(CSV_HEADER);
    out.push('\n');
    let mut row = |section: &str, metric: &str, group: &str, value: &str, label: &str| {
        let cells = [section, metric, group, value, label].map(csv_cell);
        out.push_str(&cells.join(","));
        out.push('\n');
    };
    let period = &report.period;
    let date = |d: Option<DateTime<FixedOffset>>| d.map_or_else(|| HIDDEN.to_string(), |d| d.to_rfc3339());
    row(
        "meta",
        "from",
        "all",
        &date(period.from),
        &labels("mgmt-period-from"),
    );
    row("meta", "to", "all", &date(period.to), &labels("mgmt-period-to"));
    row(
        "meta",
        "as_of",
        "all",
        &period.as_of.to_rfc3339(),
        &labels("mgmt-as-of"),
    );
    let team = period
        .team
        .as_deref()
        .map_or_else(|| HIDDEN.to_string(), no_formula);
    row("meta", "team", "all", &team, &labels("mgmt-group-team"));
    row(
        "meta",
        "skipped_rows",
        "all",
        &report.skipped_rows.display(),
        &labels("mgmt-skipped-rows"),
    );
    for group in all_groups(report) {
        let key = group.group.key();
        for m in metrics(group) {
            row(m.section, &m.metric, &key, &m.value, &label_of(&m.label, labels));
        }
    }
    out
}

/// A typed-in text a spreadsheet must not run as a formula.
fn no_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}
