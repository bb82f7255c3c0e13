//! The management report (ledelsesinformation) in words: plain text ([`to_text`]), CSV
//! ([`to_csv`]), JSON ([`to_json`]) and printable HTML ([`to_html`]). The figures, and every
//! suppression, come from [`crate::domain::report`]; nothing here counts.

mod csv;
mod html;
mod text;

pub use csv::{CSV_HEADER, to_csv};
pub use html::to_html;
pub use text::{summary_text, to_text};

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::domain::report::{GroupReport, HIDDEN, ManagementReport, Median, Share};

/// The report's bar charts as PNGs (title key, PNG), for [`to_html`]; a chart that cannot be
/// drawn is left out (and logged).
pub fn charts(report: &ManagementReport, labels: &dyn Fn(&str) -> String) -> Vec<(String, Vec<u8>)> {
    crate::domain::report::bars_for_charts(report)
        .into_iter()
        .filter_map(|(title_key, bars)| draw(title_key, bars, labels))
        .collect()
}

/// The title keys of the report's charts, in order (the desk's `/ledelse/graf/<n>`).
pub fn chart_titles(report: &ManagementReport) -> Vec<String> {
    crate::domain::report::bars_for_charts(report)
        .into_iter()
        .map(|(title_key, _)| title_key)
        .collect()
}

/// Chart number `n` (from 0, in [`chart_titles`]'s order) as PNG, if it exists and can be drawn.
pub fn chart(report: &ManagementReport, labels: &dyn Fn(&str) -> String, n: usize) -> Option<Vec<u8>> {
    let (title_key, bars) = crate::domain::report::bars_for_charts(report)
        .into_iter()
        .nth(n)?;
    draw(title_key, bars, labels).map(|(_, png)| png)
}

fn draw(
    title_key: String,
    bars: Vec<crate::domain::report::Bar>,
    labels: &dyn Fn(&str) -> String,
) -> Option<(String, Vec<u8>)> {
    let bars: Vec<(String, Option<u32>)> = bars.into_iter().map(|(k, v)| (labels(&k), v)).collect();
    match crate::render::chart::render_bars(&labels(&title_key), &bars, crate::render::chart::DEFAULT_WIDTH) {
        Ok(png) => Some((title_key, png)),
        Err(error) => {
            tracing::error!(%error, "report chart could not be drawn");
            None
        }
    }
}

/// The suppressed view as pretty JSON (the [`ManagementReport`] structure).
pub fn to_json(report: &ManagementReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string())
}

fn period_text(report: &ManagementReport, labels: &dyn Fn(&str) -> String) -> String {
    let p = &report.period;
    let date = |d: DateTime<FixedOffset>| local_format(&labels("mgmt-date-format"), d);
    let from = p.from.map_or_else(|| labels("mgmt-period-start"), date);
    let last_day = date(p.to.map_or(p.as_of, |to| to - TimeDelta::seconds(1)));
    let team = p.team.clone().unwrap_or_else(|| labels("mgmt-all-teams"));
    format!(
        "{}: {from} – {last_day} · {}: {team} · {}: {}",
        labels("mgmt-period"),
        labels("mgmt-group-team"),
        labels("mgmt-as-of"),
        local_format(&labels("mgmt-datetime-format"), p.as_of),
    )
}

/// A date in the catalogue's own style ("1.9.2026", "1 September 2026"); a pattern chrono
/// cannot read falls back to the ISO form rather than failing the report.
fn local_format(pattern: &str, at: DateTime<FixedOffset>) -> String {
    use chrono::format::{Item, StrftimeItems};
    let items: Vec<Item<'_>> = StrftimeItems::new(pattern).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return at.format("%Y-%m-%d %H:%M").to_string();
    }
    at.format_with_items(items.into_iter()).to_string()
}

fn share_text(share: &Share, labels: &dyn Fn(&str) -> String) -> String {
    format!(
        "{} {} {} ({})",
        share.part.display(),
        labels("mgmt-of"),
        share.whole.display(),
        share.display_percent()
    )
}

/// "43,5 timer", or [`HIDDEN`] without a unit.
fn hours_text(median: &Median, labels: &dyn Fn(&str) -> String) -> String {
    match median.value {
        Some(_) => format!(
            "{} {}",
            median.display(&labels("mgmt-decimal-separator")),
            labels("mgmt-unit-hours")
        ),
        None => HIDDEN.to_string(),
    }
}

/// The key figures per team and caseworker (label keys), in text and HTML.
const BREAKDOWN_COLUMNS: [&str; 7] = [
    "mgmt-cases",
    "mgmt-goals",
    "mgmt-col-youth-better",
    "mgmt-checkin-answer-rate",
    "mgmt-alerts",
    "mgmt-col-within-48h",
    "mgmt-col-calls-14-days",
];

fn breakdown_cells(g: &GroupReport) -> [String; BREAKDOWN_COLUMNS.len()] {
    let all_checkins = g.engagement.checkins.iter().find(|c| c.role == "all");
    [
        g.plans.active_cases.display(),
        g.plans.goals.display(),
        g.progression.youth_better.display_percent(),
        all_checkins.map_or_else(|| HIDDEN.to_string(), |c| c.answered_share.display_percent()),
        g.follow_up.alerts_total.display(),
        g.follow_up.assessed_within_48h.display_percent(),
        g.follow_up.calls_within_14_days.display_percent(),
    ]
}
