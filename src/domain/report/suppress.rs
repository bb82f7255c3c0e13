//! Suppression that holds: small groups hidden whole, and complementary cells hidden until no
//! hidden figure can be worked out from the printed ones (see [`crate::domain::suppression`]).

use super::ROLES;
use super::figures::*;
use crate::domain::alert_rules::RuleKind;
use crate::domain::suppression::{Cell, Hidden, Relation, protect};

/// Every count of a group, each with a stable name, in a fixed order (the same for every
/// group, so cell `i` of a team and cell `i` of its caseworkers are the same figure).
pub(super) fn visit(g: &mut GroupReport, f: &mut dyn FnMut(String, &mut Count)) {
    let p = &mut g.plans;
    f("cases".into(), &mut p.active_cases);
    f("cases_with_goals".into(), &mut p.cases_with_goals);
    f("goals".into(), &mut p.goals);
    f("own_words.part".into(), &mut p.own_words.part);
    f("own_words.whole".into(), &mut p.own_words.whole);
    for a in &mut p.areas {
        f(format!("area.{}.cases", a.area), &mut a.cases);
        f(format!("area.{}.goals", a.area), &mut a.goals);
    }
    let pr = &mut g.progression;
    for (i, c) in pr.goals.iter_mut().enumerate() {
        f(format!("progression.{i}"), &mut c.goals);
    }
    f("youth_measurable".into(), &mut pr.youth_measurable);
    f("youth_better.part".into(), &mut pr.youth_better.part);
    f("youth_better.whole".into(), &mut pr.youth_better.whole);
    f("youth_worse.part".into(), &mut pr.youth_worse.part);
    f("youth_worse.whole".into(), &mut pr.youth_worse.whole);
    for c in &mut g.engagement.checkins {
        let r = c.role.clone();
        f(format!("checkins.{r}.sent"), &mut c.sent);
        f(format!("checkins.{r}.answered"), &mut c.answered);
        f(format!("checkins.{r}.skipped"), &mut c.skipped);
        f(format!("checkins.{r}.missed"), &mut c.missed);
        f(format!("checkins.{r}.open"), &mut c.open);
        f(format!("checkins.{r}.not_sent"), &mut c.not_sent);
        f(format!("checkins.{r}.share.part"), &mut c.answered_share.part);
        f(format!("checkins.{r}.share.whole"), &mut c.answered_share.whole);
    }
    for c in &mut g.engagement.participants {
        let r = c.role.clone();
        f(format!("participants.{r}.active"), &mut c.active);
        f(format!("participants.{r}.invited"), &mut c.invited);
        f(format!("participants.{r}.paused"), &mut c.paused);
        f(format!("participants.{r}.stopped"), &mut c.stopped);
        f(format!("participants.{r}.blocked"), &mut c.blocked);
    }
    let fu = &mut g.follow_up;
    for a in &mut fu.alerts {
        f(format!("alerts.{}", a.rule.key()), &mut a.alerts);
    }
    f("alerts_total".into(), &mut fu.alerts_total);
    f("assessed_48h.part".into(), &mut fu.assessed_within_48h.part);
    f("assessed_48h.whole".into(), &mut fu.assessed_within_48h.whole);
    f("unassessed_48h".into(), &mut fu.unassessed_over_48h);
    f("hours_to_assessment.n".into(), &mut fu.hours_to_assessment.n);
    f("calls_14.part".into(), &mut fu.calls_within_14_days.part);
    f("calls_14.whole".into(), &mut fu.calls_within_14_days.whole);
    f("statutory.part".into(), &mut fu.statutory_on_time.part);
    f("statutory.whole".into(), &mut fu.statutory_on_time.whole);
    f("meetings_held".into(), &mut fu.meetings_held);
    f("agenda_before.part".into(), &mut fu.agenda_before.part);
    f("agenda_before.whole".into(), &mut fu.agenda_before.whole);
    f("meeting_rating.n".into(), &mut fu.meeting_rating.n);
}

/// A group's counts by name, in [`visit`] order.
type NamedValues = Vec<(String, u64)>;

fn names_and_values(g: &mut GroupReport) -> NamedValues {
    let mut out = Vec::new();
    visit(g, &mut |name, c| out.push((name, c.0)));
    out
}

/// The additive facts inside one group, as relations between its cell indices (`at` gives
/// the index of a named cell, offset for the group).
fn within_group_relations(names: &[(String, u64)], offset: usize, out: &mut Vec<Relation>) {
    let at = |name: &str| names.iter().position(|(n, _)| n == name).map(|i| i + offset);
    let mut push = |total: &str, parts: &[String]| {
        let parts: Option<Vec<usize>> = parts.iter().map(|p| at(p)).collect();
        if let (Some(total), Some(parts)) = (at(total), parts) {
            out.push(Relation::new(total, parts));
        }
    };
    let roles: Vec<&str> = ROLES.iter().copied().chain(["all"]).collect();
    for r in &roles {
        let s = |x: &str| format!("checkins.{r}.{x}");
        push(&s("sent"), &[s("answered"), s("skipped"), s("missed"), s("open")]);
        push(&s("share.whole"), &[s("answered"), s("skipped"), s("missed")]);
        push(&s("share.part"), &[s("answered")]);
        push(&s("answered"), &[s("share.part")]);
    }
    for x in ["sent", "answered", "skipped", "missed", "open", "not_sent"] {
        let parts: Vec<String> = ROLES.iter().map(|r| format!("checkins.{r}.{x}")).collect();
        push(&format!("checkins.all.{x}"), &parts);
    }
    let rules: Vec<String> = RuleKind::ALL
        .iter()
        .map(|r| format!("alerts.{}", r.key()))
        .collect();
    push("alerts_total", &rules);
    for (a, b) in [
        ("own_words.whole", "goals"),
        ("youth_better.whole", "youth_measurable"),
        ("youth_worse.whole", "youth_measurable"),
        ("agenda_before.whole", "meetings_held"),
    ] {
        push(a, &[b.to_string()]);
        push(b, &[a.to_string()]);
    }
}

/// Suppression that holds (see [`crate::domain::suppression`]): groups with fewer than 5
/// cases are hidden whole (zeros too), caseworkers with fewer than 5 cases get no row, and
/// complementary cells are hidden until nothing hidden can be derived from a group's totals
/// or from a total minus its printed rows (the whole minus its teams, a team minus its
/// caseworkers — the caseworkers without a row count as an unprinted residual, and so do a
/// team's purged cases, `purged`, which never get a row).
pub(super) fn suppress(
    overall: &mut GroupReport,
    teams: &mut [GroupReport],
    caseworkers: &mut Vec<GroupReport>,
    purged: &[GroupReport],
    one_team: bool,
) {
    use crate::domain::suppression::MIN_GROUP;
    let team_of = |g: &Group| match g {
        Group::Team { team } | Group::Caseworker { team, .. } | Group::Purged { team } => team.clone(),
        Group::All => None,
    };
    // The unprinted parts of teams: caseworkers with too few cases for a row (their values
    // taken before the rows are left out) and purged cases.
    let mut residual_groups: Vec<(Option<String>, NamedValues)> = caseworkers
        .iter_mut()
        .filter(|g| g.plans.active_cases.0 < MIN_GROUP)
        .map(|g| (team_of(&g.group), names_and_values(g)))
        .collect();
    residual_groups.extend(
        purged
            .iter()
            .map(|g| (team_of(&g.group), names_and_values(&mut g.clone()))),
    );
    caseworkers.retain(|g| g.plans.active_cases.0 >= MIN_GROUP);
    let n_teams = if one_team { 0 } else { teams.len() };
    let n_caseworkers = caseworkers.len();

    // Cells of every printed group, one block per group in the same order.
    let mut groups: Vec<&mut GroupReport> = std::iter::once(overall)
        .chain(teams.iter_mut())
        .chain(caseworkers.iter_mut())
        .collect();
    let blocks: Vec<Vec<(String, u64)>> = groups.iter_mut().map(|g| names_and_values(g)).collect();
    let width = blocks[0].len();
    let mut cells: Vec<Cell> = Vec::new();
    let mut relations: Vec<Relation> = Vec::new();
    for block in &blocks {
        let cases = block[0].1;
        let offset = cells.len();
        // An empty group identifies nobody: its zeros are shown.
        let cases = if cases == 0 { MIN_GROUP } else { cases };
        cells.extend(block.iter().map(|(_, v)| Cell::count(*v, cases)));
        within_group_relations(block, offset, &mut relations);
    }
    // The whole = Σ teams (every case is in exactly one team group, "no team" included).
    if n_teams > 0 {
        for m in 0..width {
            relations.push(Relation::new(m, (1..=n_teams).map(|t| t * width + m)));
        }
    }
    // Each team (or the whole, when filtered to one team) = Σ its printed caseworkers + the
    // caseworkers without a row.
    let parents: Vec<(usize, Option<Option<String>>)> = if one_team || n_teams == 0 {
        vec![(0, None)]
    } else {
        (1..=n_teams)
            .map(|t| (t, Some(team_of(&groups[t].group))))
            .collect()
    };
    let printed: Vec<(usize, Option<String>)> = (0..n_caseworkers)
        .map(|c| (1 + n_teams + c, team_of(&groups[1 + n_teams + c].group)))
        .collect();
    for (parent, team) in parents {
        let in_team = |t: &Option<String>| team.as_ref().is_none_or(|team| team == t);
        let rows: Vec<usize> = printed
            .iter()
            .filter(|(_, t)| in_team(t))
            .map(|(i, _)| *i)
            .collect();
        let mut residual = vec![0u64; width];
        for (t, values) in &residual_groups {
            if in_team(t) {
                for (m, (_, v)) in values.iter().enumerate() {
                    residual[m] += v;
                }
            }
        }
        let residual_cases = residual[0];
        let residual_start = cells.len();
        if residual_cases > 0 {
            cells.extend(residual.iter().map(|v| Cell::residual(*v, residual_cases)));
        }
        for m in 0..width {
            let mut parts: Vec<usize> = rows.iter().map(|r| r * width + m).collect();
            if residual_cases > 0 {
                parts.push(residual_start + m);
            }
            if !parts.is_empty() {
                relations.push(Relation::new(parent * width + m, parts));
            }
        }
    }
    protect(&mut cells, &relations);

    for (gi, g) in groups.iter_mut().enumerate() {
        let mut i = gi * width;
        visit(g, &mut |_, c| {
            c.1 = cells[i].hidden;
            i += 1;
        });
        fix_shares_and_medians(g);
    }
}

/// A percentage is shown only when its part and whole are; a median only when its count is.
fn fix_shares_and_medians(g: &mut GroupReport) {
    fn share(s: &mut Share) {
        if s.part.is_suppressed() || s.whole.is_suppressed() {
            s.percent = None;
        }
    }
    fn median(m: &mut Median) {
        if m.n.1 != Hidden::No {
            m.value = None;
        }
    }
    share(&mut g.plans.own_words);
    share(&mut g.progression.youth_better);
    share(&mut g.progression.youth_worse);
    for c in &mut g.engagement.checkins {
        share(&mut c.answered_share);
    }
    let fu = &mut g.follow_up;
    for s in [
        &mut fu.assessed_within_48h,
        &mut fu.calls_within_14_days,
        &mut fu.statutory_on_time,
        &mut fu.agenda_before,
    ] {
        share(s);
    }
    median(&mut fu.hours_to_assessment);
    median(&mut fu.meeting_rating);
}
