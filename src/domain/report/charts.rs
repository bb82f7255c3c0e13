//! The distributions of a report that are drawn as bar charts, with suppressed bars left out.

use super::figures::{Count, ManagementReport};
use crate::domain::suppression::Hidden;

/// Chart title keys, as returned by [`bars_for_charts`] and expected by `render::report::to_html`.
pub const CHART_AREAS: &str = "mgmt-chart-areas";
pub const CHART_PROGRESSION: &str = "mgmt-chart-progression";
pub const CHART_CHECKINS: &str = "mgmt-chart-checkins";

/// One bar: its label key and its value (`None`: a small count, drawn as `<5`).
pub type Bar = (String, Option<u32>);

/// The distributions of the whole report the service should draw as bar charts: a title key
/// and (label key, value) bars, both to be rendered through the labels. A value of `None` is a
/// small count drawn as `<5` without a bar.
///
/// * **Mål pr. område** shows the areas that have goals: an area with 0 goals is left out; one
///   with 1–4 (printed `<5` in the tables) is a `<5` bar. In a group so small that every count
///   is `<5`, every area is a `<5` bar, exactly as in the tables (leaving the zeros out there
///   would tell 0 from 1–4). A count hidden as a complement (`-`) is left out.
/// * The other charts leave suppressed categories out (never drawn as 0 or as their true
///   value); zeros are kept.
pub fn bars_for_charts(report: &ManagementReport) -> Vec<(String, Vec<Bar>)> {
    fn bar(key: String, count: Count) -> Option<Bar> {
        count
            .shown()
            .map(|n| (key, Some(u32::try_from(n).unwrap_or(u32::MAX))))
    }
    let all = &report.overall;
    let areas = all
        .plans
        .areas
        .iter()
        .filter_map(|a| {
            let key = format!("mgmt-area-{}", a.area);
            match (a.goals.shown(), a.goals.1) {
                (Some(0), _) => None,
                (Some(_), _) => bar(key, a.goals),
                (None, Hidden::Small) | (None, Hidden::No) => Some((key, None)),
                (None, Hidden::Complementary) => None,
            }
        })
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
