//! Building the report: one pass per row kind tallies each group (the whole, its team, its
//! caseworker), then the tallies become figures and `suppress` protects them.

use std::collections::HashMap;

use chrono::{TimeDelta, Utc};

use super::figures::*;
use super::input::*;
use super::suppress::suppress;
use super::{AREAS, ASSESS_WITHIN, CHECKIN_STATUSES, MIN_SHOWN, PARTICIPANT_STATUSES, RATING_MAX, ROLES};
use crate::domain::alert_rules::{RuleKind, ScoredAnswer};
use crate::domain::progression::{Progression, classify};
use crate::domain::scale::{ScaleKind, Score};

/// Raw tallies of one group; never leaves this module.
#[derive(Default)]
struct Tally {
    active_cases: u64,
    cases_with_goals: u64,
    goals: u64,
    own_words: u64,
    area_cases: [u64; AREAS.len()],
    area_goals: [u64; AREAS.len()],
    progression: [u64; Progression::ALL.len()],
    youth_measurable: u64,
    youth_better: u64,
    youth_worse: u64,
    checkins: [[u64; CHECKIN_STATUSES.len()]; ROLES.len()],
    participants: [[u64; PARTICIPANT_STATUSES.len()]; ROLES.len()],
    alerts: [u64; RuleKind::ALL.len()],
    alerts_decided: u64,
    alerts_within: u64,
    alerts_overdue: u64,
    assessment_hours: Vec<f64>,
    calls_decided: u64,
    calls_within: u64,
    statutory_decided: u64,
    statutory_on_time: u64,
    meetings_held: u64,
    agenda_before: u64,
    ratings: Vec<f64>,
}

/// Per case: which tallies it adds to (the whole, its team, its caseworker).
struct Groups {
    groups: Vec<(Group, Tally)>,
    /// Case id → indices into `groups`.
    case_slots: HashMap<i64, Vec<usize>>,
}

impl Groups {
    fn has(&self, case_id: i64) -> bool {
        self.case_slots.contains_key(&case_id)
    }

    fn add(&mut self, case_id: i64, mut f: impl FnMut(&mut Tally)) {
        let Some(slots) = self.case_slots.get(&case_id) else {
            return;
        };
        for &slot in slots {
            f(&mut self.groups[slot].1);
        }
    }
}

fn index_of(keys: &[&str], key: &str) -> Option<usize> {
    keys.iter().position(|k| *k == key)
}

/// Builds the report. The one function behind `taetkontakt rapport` and `/ledelse`.
pub fn build(data: &ReportData, filter: &ReportFilter) -> ManagementReport {
    build_with(data, filter, true)
}

/// [`build`]; without the group and complementary suppression only for tests of the counting
/// itself (primary suppression of 1–4 stays: it lives in [`Count`]).
pub(super) fn build_with(data: &ReportData, filter: &ReportFilter, protected: bool) -> ManagementReport {
    let mut skipped: u64 = 0;
    let mut groups = Groups {
        groups: vec![(Group::All, Tally::default())],
        case_slots: HashMap::with_capacity(data.cases.len()),
    };
    let mut slot_of: HashMap<Group, usize> = HashMap::new();
    let mut slot = |groups: &mut Vec<(Group, Tally)>, group: Group| -> usize {
        *slot_of.entry(group.clone()).or_insert_with(|| {
            groups.push((group, Tally::default()));
            groups.len() - 1
        })
    };

    // Cases in the report, and the groups each adds to.
    for case in &data.cases {
        // A case appears once, whatever a join may have repeated.
        if groups.has(case.id)
            || !filter.team_matches(case.team.as_deref())
            || !filter.overlaps(case.opened_at, case.closed_at)
        {
            continue;
        }
        let mut slots = vec![0];
        if filter.team.is_none() {
            slots.push(slot(
                &mut groups.groups,
                Group::Team {
                    team: case.team.clone(),
                },
            ));
        }
        slots.push(slot(
            &mut groups.groups,
            Group::Caseworker {
                team: case.team.clone(),
                caseworker: case.caseworker.clone(),
            },
        ));
        groups.case_slots.insert(case.id, slots);
        groups.add(case.id, |t| t.active_cases += 1);
    }
    // Purged cases: active cases of the whole and their team, in a group of their own that is
    // never printed. Their ids are negative, so they never meet a real case's rows.
    for (i, purged) in (1_i64..).zip(&data.purged_cases) {
        if !filter.team_matches(purged.team.as_deref())
            || !filter.overlaps(purged.opened_at, Some(purged.closed_before))
        {
            continue;
        }
        let mut slots = vec![0];
        if filter.team.is_none() {
            slots.push(slot(
                &mut groups.groups,
                Group::Team {
                    team: purged.team.clone(),
                },
            ));
        }
        slots.push(slot(
            &mut groups.groups,
            Group::Purged {
                team: purged.team.clone(),
            },
        ));
        groups.case_slots.insert(-i, slots);
        groups.add(-i, |t| t.active_cases += 1);
    }

    // Goals, then the young person's answers per goal.
    struct GoalInfo {
        case_id: i64,
        scale: ScaleKind,
        answers: Vec<ScoredAnswer>,
    }
    let mut goals: HashMap<i64, GoalInfo> = HashMap::new();
    #[derive(Default, Clone, Copy)]
    struct CaseGoals {
        areas: [bool; AREAS.len()],
        measurable: bool,
        better: bool,
        worse: bool,
    }
    let mut case_goals: HashMap<i64, CaseGoals> = HashMap::new();
    for goal in &data.goals {
        if goals.contains_key(&goal.id)
            || !groups.has(goal.case_id)
            || !filter.overlaps(goal.created_at, goal.archived_at)
        {
            continue;
        }
        let (Some(area), Ok(scale)) = (index_of(&AREAS, &goal.area), ScaleKind::parse(&goal.scale)) else {
            skipped += 1;
            continue;
        };
        goals.insert(
            goal.id,
            GoalInfo {
                case_id: goal.case_id,
                scale,
                answers: Vec::new(),
            },
        );
        case_goals.entry(goal.case_id).or_default().areas[area] = true;
        let own = u64::from(goal.own_words);
        groups.add(goal.case_id, |t| {
            t.goals += 1;
            t.own_words += own;
            t.area_goals[area] += 1;
        });
    }
    for answer in &data.youth_answers {
        if filter.to.is_some_and(|to| answer.at >= to) {
            continue;
        }
        let Some(goal) = goals.get_mut(&answer.goal_id) else {
            continue;
        };
        match Score::new(&goal.scale.scale(), answer.value) {
            Ok(score) => goal.answers.push(ScoredAnswer { at: answer.at, score }),
            Err(_) => skipped += 1,
        }
    }
    for goal in goals.values() {
        let progression = classify(&goal.scale.scale(), &goal.answers).progression;
        let index = Progression::ALL
            .iter()
            .position(|p| *p == progression)
            .unwrap_or(0);
        groups.add(goal.case_id, |t| t.progression[index] += 1);
        let facts = case_goals.entry(goal.case_id).or_default();
        facts.measurable |= progression != Progression::NotYetMeasurable;
        facts.better |= progression == Progression::ReliablyBetter;
        facts.worse |= progression == Progression::ReliablyWorse;
    }
    for (&case_id, facts) in &case_goals {
        groups.add(case_id, |t| {
            t.cases_with_goals += 1;
            for (i, _) in facts.areas.iter().enumerate().filter(|(_, has)| **has) {
                t.area_cases[i] += 1;
            }
            t.youth_measurable += u64::from(facts.measurable);
            t.youth_better += u64::from(facts.better);
            t.youth_worse += u64::from(facts.worse);
        });
    }

    // Engagement.
    for checkin in &data.checkins {
        if !groups.has(checkin.case_id) || !filter.in_period(checkin.at) {
            continue;
        }
        match (
            index_of(&ROLES, &checkin.role),
            index_of(&CHECKIN_STATUSES, &checkin.status),
        ) {
            (Some(role), Some(status)) => groups.add(checkin.case_id, |t| t.checkins[role][status] += 1),
            _ => skipped += 1,
        }
    }
    for counted in &data.checkin_counts {
        if !groups.has(counted.case_id) {
            continue;
        }
        match (
            index_of(&ROLES, &counted.role),
            index_of(&CHECKIN_STATUSES, &counted.status),
        ) {
            (Some(role), Some(status)) => {
                groups.add(counted.case_id, |t| t.checkins[role][status] += counted.count)
            }
            _ => skipped += counted.count,
        }
    }
    for participant in &data.participants {
        if !groups.has(participant.case_id) {
            continue;
        }
        match (
            index_of(&ROLES, &participant.role),
            index_of(&PARTICIPANT_STATUSES, &participant.status),
        ) {
            (Some(role), Some(status)) => {
                groups.add(participant.case_id, |t| t.participants[role][status] += 1)
            }
            _ => skipped += 1,
        }
    }

    // Follow-up practice.
    let as_of = filter.as_of.with_timezone(&Utc);
    for alert in &data.alerts {
        if !groups.has(alert.case_id) || !filter.in_period(alert.raised_at) {
            continue;
        }
        let Some(rule) = RuleKind::ALL.iter().position(|r| r.key() == alert.rule) else {
            skipped += 1;
            continue;
        };
        let waited = alert
            .assessed_at
            .map(|at| (at - alert.raised_at).max(TimeDelta::zero()));
        let overdue = waited.is_none() && as_of - alert.raised_at > ASSESS_WITHIN;
        groups.add(alert.case_id, |t| {
            t.alerts[rule] += 1;
            if let Some(waited) = waited {
                t.alerts_decided += 1;
                t.alerts_within += u64::from(waited <= ASSESS_WITHIN);
                t.assessment_hours.push(waited.num_seconds() as f64 / 3600.0);
            } else if overdue {
                t.alerts_decided += 1;
                t.alerts_overdue += 1;
            }
        });
    }
    for call in &data.call_tasks {
        if !groups.has(call.case_id) || !filter.in_period(call.meeting_at) {
            continue;
        }
        let (decided, within) = match call.done_at {
            Some(done) => (true, done <= call.due),
            None => (as_of > call.due, false),
        };
        groups.add(call.case_id, |t| {
            t.calls_decided += u64::from(decided);
            t.calls_within += u64::from(within);
        });
    }
    for follow_up in &data.statutory_follow_ups {
        if !groups.has(follow_up.case_id) || !filter.in_period(follow_up.due) {
            continue;
        }
        let (decided, on_time) = match follow_up.held_at {
            Some(held) => (true, held <= follow_up.due),
            None => (as_of > follow_up.due, false),
        };
        groups.add(follow_up.case_id, |t| {
            t.statutory_decided += u64::from(decided);
            t.statutory_on_time += u64::from(on_time);
        });
    }
    for meeting in &data.meetings {
        if !meeting.held || !groups.has(meeting.case_id) || !filter.in_period(meeting.at) {
            continue;
        }
        let agenda = u64::from(meeting.agenda_sent_before);
        groups.add(meeting.case_id, |t| {
            t.meetings_held += 1;
            t.agenda_before += agenda;
        });
    }
    for rating in &data.meeting_ratings {
        if !groups.has(rating.case_id) || !filter.in_period(rating.at) {
            continue;
        }
        if !(0..=RATING_MAX).contains(&rating.value) {
            skipped += 1;
            continue;
        }
        groups.add(rating.case_id, |t| t.ratings.push(f64::from(rating.value)));
    }

    // Finish: the whole first, then teams and caseworkers in name order ("no team" last).
    let mut overall = None;
    let mut teams = Vec::new();
    let mut caseworkers = Vec::new();
    let mut purged = Vec::new();
    for (group, mut tally) in groups.groups {
        let figures = finish(group, &mut tally);
        match figures.group {
            Group::All => overall = Some(figures),
            Group::Team { .. } => teams.push(figures),
            Group::Caseworker { .. } => caseworkers.push(figures),
            Group::Purged { .. } => purged.push(figures),
        }
    }
    let order = |group: &Group| match group {
        Group::All => (false, String::new(), String::new()),
        Group::Team { team } | Group::Purged { team } => {
            (team.is_none(), team.clone().unwrap_or_default(), String::new())
        }
        Group::Caseworker { team, caseworker } => (
            team.is_none(),
            team.clone().unwrap_or_default(),
            caseworker.clone(),
        ),
    };
    teams.sort_by_key(|g| order(&g.group));
    caseworkers.sort_by_key(|g| order(&g.group));
    let mut overall = overall.unwrap_or_else(|| finish(Group::All, &mut Tally::default()));
    if protected {
        suppress(
            &mut overall,
            &mut teams,
            &mut caseworkers,
            &purged,
            filter.team.is_some(),
        );
    }
    ManagementReport {
        period: Period {
            from: filter.from,
            to: filter.to,
            as_of: filter.as_of,
            team: filter.team.clone(),
        },
        min_shown: MIN_SHOWN,
        overall,
        teams,
        caseworkers,
        skipped_rows: Count::new(skipped),
    }
}

fn finish(group: Group, t: &mut Tally) -> GroupReport {
    let role_checkins = |role: &str, c: [u64; CHECKIN_STATUSES.len()]| {
        let [answered, skipped, missed, open, not_sent] = c;
        RoleCheckins {
            role: role.to_string(),
            sent: Count::new(answered + skipped + missed + open),
            answered: Count::new(answered),
            skipped: Count::new(skipped),
            missed: Count::new(missed),
            open: Count::new(open),
            not_sent: Count::new(not_sent),
            answered_share: Share::of(answered, answered + skipped + missed),
        }
    };
    let mut checkins: Vec<RoleCheckins> = ROLES
        .iter()
        .zip(t.checkins)
        .map(|(role, c)| role_checkins(role, c))
        .collect();
    let mut all = [0; CHECKIN_STATUSES.len()];
    for role in t.checkins {
        for (sum, n) in all.iter_mut().zip(role) {
            *sum += n;
        }
    }
    checkins.push(role_checkins("all", all));
    let participants = ROLES
        .iter()
        .zip(t.participants)
        .map(
            |(role, [active, invited, paused, stopped, blocked])| RoleParticipants {
                role: role.to_string(),
                active: Count::new(active),
                invited: Count::new(invited),
                paused: Count::new(paused),
                stopped: Count::new(stopped),
                blocked: Count::new(blocked),
            },
        )
        .collect();
    GroupReport {
        group,
        plans: Plans {
            active_cases: Count::new(t.active_cases),
            cases_with_goals: Count::new(t.cases_with_goals),
            goals: Count::new(t.goals),
            own_words: Share::of(t.own_words, t.goals),
            areas: AREAS
                .iter()
                .enumerate()
                .map(|(i, area)| AreaFigures {
                    area: area.to_string(),
                    cases: Count::new(t.area_cases[i]),
                    goals: Count::new(t.area_goals[i]),
                })
                .collect(),
        },
        progression: ProgressionFigures {
            goals: Progression::ALL
                .iter()
                .zip(t.progression)
                .map(|(&progression, n)| ProgressionCount {
                    progression,
                    goals: Count::new(n),
                })
                .collect(),
            youth_measurable: Count::new(t.youth_measurable),
            youth_better: Share::of(t.youth_better, t.youth_measurable),
            youth_worse: Share::of(t.youth_worse, t.youth_measurable),
        },
        engagement: Engagement {
            checkins,
            participants,
        },
        follow_up: FollowUp {
            alerts: RuleKind::ALL
                .iter()
                .zip(t.alerts)
                .map(|(&rule, n)| RuleCount {
                    rule,
                    alerts: Count::new(n),
                })
                .collect(),
            alerts_total: Count::new(t.alerts.iter().sum()),
            assessed_within_48h: Share::of(t.alerts_within, t.alerts_decided),
            unassessed_over_48h: Count::new(t.alerts_overdue),
            hours_to_assessment: Median::of(&mut t.assessment_hours),
            calls_within_14_days: Share::of(t.calls_within, t.calls_decided),
            statutory_on_time: Share::of(t.statutory_on_time, t.statutory_decided),
            meetings_held: Count::new(t.meetings_held),
            agenda_before: Share::of(t.agenda_before, t.meetings_held),
            meeting_rating: Median::of(&mut t.ratings),
        },
    }
}
