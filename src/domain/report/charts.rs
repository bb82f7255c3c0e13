//! The distributions of a report that are drawn as bar charts, with suppressed bars left out.

use super::figures::{Count, ManagementReport};

/// Chart title keys, as returned by [`bars_for_charts`] and expected by `render::report::to_html`.
pub const CHART_AREAS: &str = "mgmt-chart-areas";
pub const CHART_PROGRESSION: &str = "mgmt-chart-progression";
pub const CHART_CHECKINS: &str = "mgmt-chart-checkins";

/// The distributions of the whole report the service should draw as bar charts: a title key
/// and (label key, value) bars, both to be rendered through the labels. Suppressed categories
/// are left out (never drawn as 0 or as their true value); zeros are kept.
pub fn bars_for_charts(report: &ManagementReport) -> Vec<(String, Vec<(String, u32)>)> {
    fn bar(key: String, count: Count) -> Option<(String, u32)> {
        count.shown().map(|n| (key, u32::try_from(n).unwrap_or(u32::MAX)))
    }
    let all = &report.overall;
    let areas = all
        .plans
        .areas
        .iter()
        .filter_map(|a| bar(format!("mgmt-area-{}", a.area), a.goals))
        .collect();
    let progression = all
        .progression
        .goals
        .iter()
        .filter_map(|p| bar(format!("mgmt-progression-{}", p.progression.key()), p.goals))
        .collect();
    let checkins = all
        .engagement
        .checkins
        .iter()
        .filter(|c| c.role == "all")
        .flat_map(|c| {
            [
                bar("mgmt-checkin-answered".into(), c.answered),
                bar("mgmt-checkin-skipped".into(), c.skipped),
                bar("mgmt-checkin-missed".into(), c.missed),
                bar("mgmt-checkin-open".into(), c.open),
            ]
        })
        .flatten()
        .collect();
    vec![
        (CHART_AREAS.to_string(), areas),
        (CHART_PROGRESSION.to_string(), progression),
        (CHART_CHECKINS.to_string(), checkins),
    ]
}
