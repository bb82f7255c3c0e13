//! The report as a printable one-page HTML document (A4), charts embedded as `data:` URIs.

use std::fmt::Write as _;

use super::{BREAKDOWN_COLUMNS, breakdown_cells, hours_text, period_text, share_text};
use crate::domain::report::{Group, ManagementReport};
use crate::render::html::{base64, escape as esc};

/// A printable one-page HTML report (A4). `charts` are PNG images keyed by the title keys of
/// [`crate::domain::report::bars_for_charts`]; they are embedded as `data:` URIs. Without charts, the distributions
/// are plain tables (they are always there, the charts come on top).
pub fn to_html(
    report: &ManagementReport,
    labels: &dyn Fn(&str) -> String,
    charts: &[(String, Vec<u8>)],
) -> String {
    let l = |key: &str| esc(&labels(key));
    let sep = labels("mgmt-decimal-separator");
    let g = &report.overall;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        esc(&labels("mgmt-lang")),
        l("mgmt-title"),
        HTML_STYLE
    );
    let _ = writeln!(out, "<h1>{}</h1>", l("mgmt-title"));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(&period_text(report, labels)));
    let _ = writeln!(out, "<p class=\"note\">{}</p>", l("mgmt-privacy-note"));

    if !charts.is_empty() {
        let _ = writeln!(out, "<div class=\"charts\">");
        for (title, png) in charts {
            let _ = writeln!(
                out,
                "<figure><img alt=\"{t}\" src=\"data:image/png;base64,{}\"><figcaption>{t}</figcaption></figure>",
                base64(png),
                t = l(title)
            );
        }
        let _ = writeln!(out, "</div>\n<p class=\"note\">{}</p>", l("mgmt-chart-note"));
    }

    let _ = writeln!(out, "<div class=\"grid\">");
    // Plans and goals.
    let p = &g.plans;
    let _ = writeln!(out, "<section><h2>{}</h2>\n<table>", l("mgmt-section-plans"));
    let row = |out: &mut String, label: String, value: String| {
        let _ = writeln!(out, "<tr><th>{label}</th><td>{}</td></tr>", esc(&value));
    };
    row(&mut out, l("mgmt-active-cases"), p.active_cases.display());
    row(&mut out, l("mgmt-cases-with-goals"), p.cases_with_goals.display());
    row(&mut out, l("mgmt-goals"), p.goals.display());
    row(&mut out, l("mgmt-own-words"), share_text(&p.own_words, labels));
    let _ = writeln!(
        out,
        "</table>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        l("mgmt-area"),
        l("mgmt-cases"),
        l("mgmt-goals")
    );
    for a in &p.areas {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            l(&format!("mgmt-area-{}", a.area)),
            esc(&a.cases.display()),
            esc(&a.goals.display())
        );
    }
    let _ = writeln!(out, "</table></section>");

    // Progression.
    let pr = &g.progression;
    let _ = writeln!(
        out,
        "<section><h2>{}</h2>\n<table>",
        l("mgmt-section-progression")
    );
    for c in &pr.goals {
        row(
            &mut out,
            l(&format!("mgmt-progression-{}", c.progression.key())),
            c.goals.display(),
        );
    }
    row(
        &mut out,
        l("mgmt-youth-measurable"),
        pr.youth_measurable.display(),
    );
    row(
        &mut out,
        l("mgmt-youth-better"),
        share_text(&pr.youth_better, labels),
    );
    row(
        &mut out,
        l("mgmt-youth-worse"),
        share_text(&pr.youth_worse, labels),
    );
    let _ = writeln!(
        out,
        "</table>\n<p class=\"note\">{}</p></section>",
        l("mgmt-progression-note")
    );

    // Engagement.
    let _ = writeln!(out, "<section><h2>{}</h2>\n<table>", l("mgmt-section-engagement"));
    let _ = write!(out, "<tr><th>{}</th>", l("mgmt-checkins"));
    for key in [
        "mgmt-checkin-sent",
        "mgmt-checkin-answered",
        "mgmt-checkin-skipped",
        "mgmt-checkin-missed",
        "mgmt-checkin-open",
        "mgmt-checkin-not-sent",
        "mgmt-checkin-answer-rate",
    ] {
        let _ = write!(out, "<th>{}</th>", l(key));
    }
    let _ = writeln!(out, "</tr>");
    for c in &g.engagement.checkins {
        let cells = [
            c.sent.display(),
            c.answered.display(),
            c.skipped.display(),
            c.missed.display(),
            c.open.display(),
            c.not_sent.display(),
            c.answered_share.display_percent(),
        ];
        let _ = write!(out, "<tr><td>{}</td>", l(&format!("mgmt-role-{}", c.role)));
        for cell in cells {
            let _ = write!(out, "<td>{}</td>", esc(&cell));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = write!(out, "</table>\n<table>\n<tr><th>{}</th>", l("mgmt-participants"));
    for key in [
        "mgmt-participant-active",
        "mgmt-participant-invited",
        "mgmt-participant-paused",
        "mgmt-participant-stopped",
        "mgmt-participant-blocked",
    ] {
        let _ = write!(out, "<th>{}</th>", l(key));
    }
    let _ = writeln!(out, "</tr>");
    for r in &g.engagement.participants {
        let _ = write!(out, "<tr><td>{}</td>", l(&format!("mgmt-role-{}", r.role)));
        for cell in [r.active, r.invited, r.paused, r.stopped, r.blocked] {
            let _ = write!(out, "<td>{}</td>", esc(&cell.display()));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</table></section>");

    // Follow-up practice.
    let f = &g.follow_up;
    let _ = writeln!(out, "<section><h2>{}</h2>\n<table>", l("mgmt-section-follow-up"));
    row(&mut out, l("mgmt-alerts-total"), f.alerts_total.display());
    for r in &f.alerts {
        let _ = writeln!(
            out,
            "<tr><th class=\"sub\">{}</th><td>{}</td></tr>",
            l(&format!("mgmt-rule-{}", r.rule.key())),
            esc(&r.alerts.display())
        );
    }
    row(
        &mut out,
        l("mgmt-assessed-within-48h"),
        share_text(&f.assessed_within_48h, labels),
    );
    row(
        &mut out,
        l("mgmt-unassessed-over-48h"),
        f.unassessed_over_48h.display(),
    );
    row(
        &mut out,
        format!("{} ({})", l("mgmt-hours-to-assessment"), l("mgmt-median")),
        hours_text(&f.hours_to_assessment, labels),
    );
    row(
        &mut out,
        l("mgmt-calls-within-14-days"),
        share_text(&f.calls_within_14_days, labels),
    );
    row(
        &mut out,
        l("mgmt-statutory-on-time"),
        share_text(&f.statutory_on_time, labels),
    );
    row(&mut out, l("mgmt-meetings-held"), f.meetings_held.display());
    row(
        &mut out,
        l("mgmt-agenda-before"),
        share_text(&f.agenda_before, labels),
    );
    row(
        &mut out,
        format!("{} ({})", l("mgmt-meeting-rating"), l("mgmt-median")),
        format!(
            "{} ({} {})",
            f.meeting_rating.display(&sep),
            f.meeting_rating.n.display(),
            labels("mgmt-ratings")
        ),
    );
    let _ = writeln!(out, "</table></section>\n</div>");

    if !report.teams.is_empty() || !report.caseworkers.is_empty() {
        let _ = write!(
            out,
            "<section class=\"wide\"><h2>{}</h2>\n<table>\n<tr><th></th>",
            l("mgmt-section-breakdown")
        );
        for key in BREAKDOWN_COLUMNS {
            let _ = write!(out, "<th>{}</th>", l(key));
        }
        let _ = writeln!(out, "</tr>");
        for group in report.teams.iter().chain(&report.caseworkers) {
            let class = if matches!(group.group, Group::Team { .. }) {
                " class=\"team\""
            } else {
                ""
            };
            let _ = write!(out, "<tr{class}><th>{}</th>", esc(&group.group.display(labels)));
            for cell in breakdown_cells(group) {
                let _ = write!(out, "<td>{}</td>", esc(&cell));
            }
            let _ = writeln!(out, "</tr>");
        }
        let _ = writeln!(out, "</table></section>");
    }
    if report.skipped_rows.shown() != Some(0) {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}: {}</p>",
            l("mgmt-skipped-rows"),
            esc(&report.skipped_rows.display())
        );
    }
    out.push_str("</body>\n</html>\n");
    out
}

const HTML_STYLE: &str = "@page { size: A4; margin: 12mm; }
body { font-family: system-ui, sans-serif; font-size: 8.5pt; color: #111; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 2mm; }
h2 { font-size: 10pt; margin: 0 0 1mm; }
p { margin: 0 0 2mm; }
.meta { font-weight: 600; }
.note { color: #555; font-size: 7.5pt; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 6mm; }
section { break-inside: avoid; }
.wide { margin-top: 3mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5mm; }
th, td { border-bottom: 0.5pt solid #ccc; padding: 0.4mm 1mm; text-align: left; vertical-align: top; }
td { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { text-align: left; }
th.sub { font-weight: normal; padding-left: 4mm; }
tr.team th { font-weight: 700; }
.charts { display: flex; gap: 4mm; margin-bottom: 1mm; }
figure { flex: 1; margin: 0; text-align: center; }
figure img { max-width: 100%; max-height: 45mm; }
figcaption { font-size: 7.5pt; }
";
