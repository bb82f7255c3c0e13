//! Management information (ledelsesinformation): aggregated figures about plans, goals,
//! progression, engagement and follow-up practice, for a period, per team and per caseworker.
//!
//! Pure: the service queries plain rows ([`ReportData`], in `input`), [`build`] turns them
//! into a [`ManagementReport`] (`figures`; suppression in `suppress`), and the formatters in
//! `render::report` (`to_text`, `to_csv`, `to_html`, `to_json`) print it. `taetkontakt
//! rapport` and the team leader's `/ledelse` both call [`build`], so the numbers are the same
//! everywhere.
//!
//! # Privacy
//!
//! * **No identities go in.** The input rows carry opaque numeric ids (only used for grouping),
//!   keys (area, scale, role, status, rule), timestamps, numbers, the team name and the
//!   caseworker's name. No nickname, case code, goal wording, participant name or free text
//!   exists in [`ReportData`], so no output can contain one. Ids never reach the output.
//! * **Caseworkers are named.** The per-caseworker breakdown is about staff practice; staff are
//!   not protected like the children. The figures *about children* in a caseworker's group are
//!   suppressed like everywhere else.
//! * **Small counts are suppressed.** Every count is a [`Count`]: 1–4 is shown as `<5`
//!   ([`SUPPRESSED`]). A group (team, caseworker, the whole) with 1–4 cases is suppressed
//!   whole: every count `<5`, **zeros too** (an exact 0 about two children says something
//!   about both). An empty group shows its zeros. This is the same everywhere (text, CSV,
//!   HTML, JSON, chart bars).
//! * **Per-caseworker rows only from 5 cases.** A caseworker with fewer has no row; their
//!   cases stay in the team's and the whole's figures.
//! * **Complementary suppression** ([`crate::domain::suppression`]): a figure that could be
//!   worked out from the printed ones — a team minus its printed caseworkers (the ones without
//!   a row are the remainder), the whole minus its teams, a total minus its other categories
//!   (check-ins by status and role, alerts by rule), a share's whole — is protected by hiding
//!   further figures, shown as [`HIDDEN`] (`-`; JSON `null`), until no hidden figure is the
//!   only unknown of a sum and no sum leaves an exact 0 for hidden figures.
//! * **Percentages** ([`Share`]) are shown only when the whole is at least 5 and neither part
//!   nor whole is suppressed (0 % of 5 or more is shown); otherwise [`HIDDEN`] (`-`).
//! * **Medians** ([`Median`]) are shown only when they are computed from at least 5 values of
//!   a group that is not suppressed.
//! * **JSON is the suppressed view** too: a suppressed count serialises as the string `"<5"`
//!   (or `null` when hidden as a complement), a hidden percentage or median as `null`. The raw
//!   numbers cannot be read from a [`ManagementReport`] at all (not even through `Debug`).
//! * **Charts** ([`bars_for_charts`]): "Mål pr. område" shows the areas that have goals, a
//!   small count as a `<5` label without a bar (as in the tables; in a small group every area
//!   is `<5`, so 0 cannot be told from 1–4). The other charts leave suppressed categories out
//!   (a bar of 0 would be a lie, a bar of 1–4 would reveal the count); true zeros stay. The
//!   HTML says so under the charts.
//! * Known limits: focus areas are not exclusive (a case may have goals in several), so there
//!   is no relation "cases = Σ areas" to protect; progression categories are protected against
//!   the other rows, not as a distribution of the goal total. Bounds (a cell of `<5` is at most 4) can narrow a hidden figure down, not fix it.

//! # Periods
//!
//! A period is `[from, to)`, each end optional; `as_of` is "now" for the report (a pure
//! function has no clock). A case is in the report when it was open at some time in the period
//! (opened before `to`, closed after `from` or still open) and belongs to the team filter. Every other
//! row belongs to a case and is counted when its case is in the report and its own timestamp is
//! in the period (see each row type). Rows of cases that are not in [`ReportData::cases`] are
//! ignored. Rows with unknown keys or out-of-range values are not counted and are reported as
//! [`ManagementReport::skipped_rows`]. A case or goal id repeated by a join counts once.
//!
//! # Groups
//!
//! [`ManagementReport::overall`] is everything the filter selects; `teams` has one group per
//! team (only when the report is not filtered to one team; cases of caseworkers without a team
//! form a "no team" group); `caseworkers` has one group per caseworker within a team.
//!
//! # Performance
//!
//! [`build`] is linear in the number of rows (hash maps keyed by id, one pass per row kind);
//! only the per-goal answer lists are sorted (inside [`crate::domain::progression::classify`]).

mod build;
mod charts;
mod figures;
mod input;
mod suppress;

pub use build::build;
pub use charts::{Bar, CHART_AREAS, CHART_CHECKINS, CHART_PROGRESSION, bars_for_charts};
pub use figures::*;
pub use input::*;

use chrono::TimeDelta;

/// Counts below this (except 0) are suppressed.
pub const MIN_SHOWN: u64 = 5;
/// How a suppressed count is shown, in every format.
pub const SUPPRESSED: &str = "<5";
/// How a hidden percentage or median is shown in text, CSV and HTML (JSON: `null`).
pub const HIDDEN: &str = "-";
/// An alert counts as assessed in time when assessed within this long after it was raised.
pub const ASSESS_WITHIN: TimeDelta = TimeDelta::hours(48);
/// Meeting ratings run from 0 to this (`domain::meeting::RATING_MAX`).
pub const RATING_MAX: i32 = 10;

/// Focus area keys, in report order (the same keys as `domain::goal::FocusArea::key`).
pub const AREAS: [&str; 7] = [
    "udvikling",
    "familie",
    "skole",
    "sundhed",
    "fritid",
    "voksenliv",
    "andet",
];
/// Participant role keys (`domain::participant::Role::key`), in report order.
pub const ROLES: [&str; 3] = ["youth", "parent", "witness"];
/// Check-in status keys of [`CheckinRow::status`], in report order.
pub const CHECKIN_STATUSES: [&str; 5] = ["answered", "skipped", "missed", "open", "skipped_by_system"];
/// Participant status keys (`domain::participant::ParticipantStatus::key`), in report order.
pub const PARTICIPANT_STATUSES: [&str; 5] = ["active", "invited", "paused", "stopped", "blocked"];

#[cfg(test)]
mod tests {
    //! Counting, suppression that holds, and every output format: the privacy promises are
    //! about what gets printed, so they are tested through `render::report` too.

    use super::build::build_with;
    use super::suppress::visit;
    use super::*;
    use crate::domain::alert_rules::RuleKind;
    use crate::domain::progression::Progression;
    use crate::domain::scale::ScaleKind;
    use crate::render::report::{to_csv, to_html, to_json, to_text};
    use chrono::TimeZone;
    use chrono::{DateTime, FixedOffset, Utc};
    use fluent_bundle::{FluentBundle, FluentResource};
    use std::cell::RefCell;
    use std::collections::BTreeSet;

    const DA: &str = include_str!("../../../messages/report.da.ftl");
    const EN: &str = include_str!("../../../messages/report.en.ftl");

    /// The counts before group and complementary suppression, for tests of the counting.
    fn tally(data: &ReportData, filter: &ReportFilter) -> ManagementReport {
        build_with(data, filter, false)
    }

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn local(y: i32, m: u32, d: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(y, m, d, 0, 0, 0)
            .unwrap()
    }

    /// First half of 2025, reported on 1 July.
    fn half_year() -> ReportFilter {
        ReportFilter {
            from: Some(local(2025, 1, 1)),
            to: Some(local(2025, 7, 1)),
            team: None,
            as_of: local(2025, 7, 1),
        }
    }

    /// Renders labels from a catalogue and remembers every key asked for.
    struct Labels {
        bundle: FluentBundle<FluentResource>,
        used: RefCell<BTreeSet<String>>,
        missing: RefCell<BTreeSet<String>>,
    }

    impl Labels {
        fn new(source: &str, lang: &str) -> Self {
            let mut bundle =
                FluentBundle::new(vec![lang.parse::<unic_langid::LanguageIdentifier>().unwrap()]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(FluentResource::try_new(source.to_string()).expect("catalogue parses"))
                .expect("no duplicate keys");
            Labels {
                bundle,
                used: RefCell::default(),
                missing: RefCell::default(),
            }
        }

        fn get(&self, key: &str) -> String {
            self.used.borrow_mut().insert(key.to_string());
            let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
                self.missing.borrow_mut().insert(key.to_string());
                return key.to_string();
            };
            let mut errors = Vec::new();
            let text = self
                .bundle
                .format_pattern(pattern, None, &mut errors)
                .into_owned();
            assert!(errors.is_empty(), "{key}: {errors:?}");
            text
        }
    }

    fn case(id: i64, team: Option<&str>, caseworker: &str) -> CaseRow {
        CaseRow {
            id,
            team: team.map(str::to_string),
            caseworker: caseworker.to_string(),
            opened_at: utc(2024, 6, 1, 9),
            closed_at: None,
        }
    }

    fn goal(id: i64, case_id: i64, area: &str, scale: ScaleKind) -> GoalRow {
        GoalRow {
            id,
            case_id,
            area: area.to_string(),
            scale: scale.key().to_string(),
            own_words: true,
            created_at: utc(2024, 6, 1, 9),
            archived_at: None,
        }
    }

    /// Weekly answers from the first Monday of 2025.
    fn weekly(goal_id: i64, values: &[i32]) -> Vec<AnswerRow> {
        values
            .iter()
            .enumerate()
            .map(|(i, &value)| AnswerRow {
                goal_id,
                at: utc(2025, 1, 6, 17) + TimeDelta::weeks(i as i64),
                value,
            })
            .collect()
    }

    // -- Suppression --------------------------------------------------------------------------

    #[test]
    fn counts_from_1_to_4_are_suppressed_and_0_is_shown() {
        let cases: &[(u64, Option<u64>, &str, serde_json::Value)] = &[
            (0, Some(0), "0", serde_json::json!(0)),
            (1, None, "<5", serde_json::json!("<5")),
            (2, None, "<5", serde_json::json!("<5")),
            (4, None, "<5", serde_json::json!("<5")),
            (5, Some(5), "5", serde_json::json!(5)),
            (6, Some(6), "6", serde_json::json!(6)),
            (1234, Some(1234), "1234", serde_json::json!(1234)),
        ];
        for (n, shown, display, json) in cases {
            let count = Count::new(*n);
            assert_eq!(count.shown(), *shown, "{n}");
            assert_eq!(count.is_suppressed(), shown.is_none(), "{n}");
            assert_eq!(count.display(), *display, "{n}");
            assert_eq!(serde_json::to_value(count).unwrap(), *json, "{n}");
        }
        // Not even Debug output reveals a small count.
        assert_eq!(format!("{:?}", Count::new(3)), "Count(<5)");
        assert_eq!(format!("{:?}", Count::new(7)), "Count(7)");
    }

    #[test]
    fn a_percentage_needs_a_whole_of_5_and_a_part_that_is_not_suppressed() {
        // (part, whole, percent, part shown as, whole shown as)
        let cases: &[(u64, u64, Option<u32>, &str, &str)] = &[
            (0, 0, None, "0", "0"),
            (0, 4, None, "0", "<5"),
            (3, 4, None, "<5", "<5"),
            (4, 4, None, "<5", "<5"),
            (0, 5, Some(0), "0", "5"),
            (5, 5, Some(100), "5", "5"),
            (1, 10, None, "<5", "10"),
            (4, 10, None, "<5", "10"),
            (5, 10, Some(50), "5", "10"),
            (5, 8, Some(63), "5", "8"),
            (5, 9, Some(56), "5", "9"),
            (7, 12, Some(58), "7", "12"),
            (1, 1000, None, "<5", "1000"),
            (999, 1000, Some(100), "999", "1000"),
            (6, 1000, Some(1), "6", "1000"),
        ];
        for (part, whole, percent, part_shown, whole_shown) in cases {
            let share = Share::of(*part, *whole);
            assert_eq!(share.percent, *percent, "{part}/{whole}");
            assert_eq!(share.part.display(), *part_shown, "{part}/{whole}");
            assert_eq!(share.whole.display(), *whole_shown, "{part}/{whole}");
            let expected = percent.map_or_else(|| "-".to_string(), |p| format!("{p} %"));
            assert_eq!(share.display_percent(), expected);
            let json = serde_json::to_value(share).unwrap();
            assert_eq!(json["percent"], serde_json::json!(percent), "{part}/{whole}");
        }
    }

    #[test]
    fn a_median_needs_5_values() {
        let cases: &[(&[f64], Option<f64>, &str)] = &[
            (&[], None, "-"),
            (&[3.0, 1.0, 2.0, 4.0], None, "-"),
            (&[5.0, 1.0, 4.0, 2.0, 3.0], Some(3.0), "3,0"),
            (&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], Some(3.5), "3,5"),
            (&[0.25, 0.25, 1.0 / 3.0, 9.0, 9.0], Some(0.3), "0,3"),
        ];
        for (values, expected, shown) in cases {
            let median = Median::of(&mut values.to_vec());
            assert_eq!(median.value, *expected, "{values:?}");
            assert_eq!(median.display(","), *shown, "{values:?}");
            assert_eq!(median.n.0, values.len() as u64);
        }
    }

    // -- Progression --------------------------------------------------------------------------

    #[test]
    fn progression_counts_goals_per_classification_in_each_scales_direction() {
        use Progression::*;
        use ScaleKind::*;
        // (goals of one case: scale, answers; the classifications expected), each case 5 times.
        type Goals<'a> = &'a [(ScaleKind, &'a [i32])];
        let scenarios: &[(Goals, &[Progression])] = &[
            (&[(ZeroToTen, &[3, 4, 3, 7, 7])], &[ReliablyBetter]),
            // Lower is better.
            (&[(Aarhus0To4, &[3, 3, 2, 2, 1, 1])], &[ReliablyBetter]),
            (&[(FiveStep, &[4, 4, 4, 3, 3, 3])], &[ReliablyBetter]),
            (&[(ZeroToTen, &[8, 8, 8, 4, 4])], &[ReliablyWorse]),
            (&[(Aarhus0To4, &[1, 1, 1, 2, 2])], &[ReliablyWorse]),
            // Too few answers: not yet measurable, not "no change".
            (&[(ZeroToTen, &[2, 9])], &[NotYetMeasurable]),
            (&[(ZeroToTen, &[])], &[NotYetMeasurable]),
            (&[(FiveStep, &[2, 2, 2, 2])], &[NoReliableChange]),
            (&[(ZeroToTen, &[3, 4, 3, 7])], &[NoReliableChange]),
            // One young person, one goal better and one worse: counted in both shares.
            (
                &[(ZeroToTen, &[2, 2, 2, 6, 6]), (FiveStep, &[1, 1, 1, 3, 3])],
                &[ReliablyBetter, ReliablyWorse],
            ),
        ];
        let mut data = ReportData::default();
        let mut next_id = 100;
        for (goals, _) in scenarios {
            for _ in 0..5 {
                next_id += 1;
                let case_id = next_id;
                data.cases.push(case(case_id, Some("Nord"), "Anne Jensen"));
                for (scale, values) in *goals {
                    next_id += 1;
                    data.goals.push(goal(next_id, case_id, "skole", *scale));
                    data.youth_answers.extend(weekly(next_id, values));
                }
            }
        }
        // Answers after the period do not count: this would make a "no change" goal worse.
        let late_goal = data.goals[7 * 5].id;
        assert_eq!(data.goals[7 * 5].scale, "5-trin");
        data.youth_answers.push(AnswerRow {
            goal_id: late_goal,
            at: utc(2025, 7, 2, 12),
            value: 5,
        });
        data.youth_answers.push(AnswerRow {
            goal_id: late_goal,
            at: utc(2025, 7, 9, 12),
            value: 5,
        });
        // An answer outside its scale is not counted, and shows up as a skipped row.
        data.youth_answers.push(AnswerRow {
            goal_id: data.goals[0].id,
            at: utc(2025, 6, 1, 12),
            value: 11,
        });

        let report = build(&data, &half_year());
        let counts: Vec<(Progression, u64)> = report
            .overall
            .progression
            .goals
            .iter()
            .map(|c| (c.progression, c.goals.0))
            .collect();
        assert_eq!(
            counts,
            vec![
                (ReliablyBetter, 20),
                (NoReliableChange, 10),
                (ReliablyWorse, 15),
                (NotYetMeasurable, 10)
            ]
        );
        let p = &report.overall.progression;
        assert_eq!(p.youth_measurable.0, 40);
        assert_eq!((p.youth_better.part.0, p.youth_better.percent), (20, Some(50)));
        assert_eq!((p.youth_worse.part.0, p.youth_worse.percent), (15, Some(38)));
        assert_eq!(report.skipped_rows.0, 1);
        assert_eq!(report.overall.plans.goals.0, 55);
        assert_eq!(report.overall.plans.cases_with_goals.0, 50);
    }

    // -- Filters ------------------------------------------------------------------------------

    fn alert(case_id: i64, raised_at: DateTime<Utc>) -> AlertRow {
        AlertRow {
            case_id,
            rule: "silence".to_string(),
            raised_at,
            assessed_at: Some(raised_at + TimeDelta::hours(1)),
        }
    }

    #[test]
    fn the_period_is_from_inclusive_to_exclusive_and_cases_must_be_open_in_it() {
        let from = local(2025, 1, 1).with_timezone(&Utc);
        let to = local(2025, 7, 1).with_timezone(&Utc);
        let mut opened_late = case(3, Some("Nord"), "Anne Jensen");
        opened_late.opened_at = to;
        // Closed at the very start of the period: not open in it.
        let mut closed_early = case(4, Some("Nord"), "Anne Jensen");
        closed_early.closed_at = Some(from);
        let mut closed_during = case(5, Some("Nord"), "Anne Jensen");
        closed_during.closed_at = Some(from + TimeDelta::days(10));
        let mut opened_on_last_second = case(6, Some("Syd"), "Bo Larsen");
        opened_on_last_second.opened_at = to - TimeDelta::seconds(1);
        let data = ReportData {
            cases: vec![
                case(1, Some("Nord"), "Anne Jensen"),
                case(2, Some("Syd"), "Bo Larsen"),
                opened_late,
                closed_early,
                closed_during,
                opened_on_last_second,
                case(7, None, "Carl Holm"),
            ],
            alerts: vec![
                alert(1, from),
                alert(1, to - TimeDelta::seconds(1)),
                alert(1, to),
                alert(1, from - TimeDelta::seconds(1)),
                alert(2, from + TimeDelta::days(1)),
                // Alerts of cases outside the report are not counted.
                alert(3, from + TimeDelta::days(1)),
                alert(4, from + TimeDelta::days(1)),
                // Nor alerts of cases we know nothing about.
                alert(99, from + TimeDelta::days(1)),
            ],
            ..ReportData::default()
        };
        let report = tally(&data, &half_year());
        assert_eq!(report.overall.plans.active_cases.0, 5);
        assert_eq!(report.overall.follow_up.alerts_total.0, 3);
        let teams: Vec<(String, u64, u64)> = report
            .teams
            .iter()
            .map(|g| (g.group.key(), g.plans.active_cases.0, g.follow_up.alerts_total.0))
            .collect();
        assert_eq!(
            teams,
            vec![
                ("team:Nord".to_string(), 2, 2),
                ("team:Syd".to_string(), 2, 1),
                ("no-team".to_string(), 1, 0)
            ]
        );
        let caseworkers: Vec<String> = report.caseworkers.iter().map(|g| g.group.key()).collect();
        assert_eq!(
            caseworkers,
            vec![
                "team:Nord/caseworker:Anne Jensen",
                "team:Syd/caseworker:Bo Larsen",
                "no-team/caseworker:Carl Holm"
            ]
        );

        // Open-ended periods.
        let everything = ReportFilter {
            from: None,
            to: None,
            ..half_year()
        };
        let report = tally(&data, &everything);
        assert_eq!(report.overall.plans.active_cases.0, 7);
        assert_eq!(report.overall.follow_up.alerts_total.0, 7);
    }

    #[test]
    fn a_team_filter_keeps_that_teams_cases_in_any_case_and_drops_the_team_level() {
        let data = ReportData {
            cases: vec![
                case(1, Some("Nord"), "Anne Jensen"),
                case(2, Some("Nord"), "Dorte Nielsen"),
                case(3, Some("Syd"), "Bo Larsen"),
                case(4, None, "Carl Holm"),
            ],
            alerts: vec![
                alert(1, utc(2025, 2, 1, 9)),
                alert(2, utc(2025, 2, 1, 9)),
                alert(3, utc(2025, 2, 1, 9)),
            ],
            ..ReportData::default()
        };
        for wanted in ["Nord", "nord", " NORD "] {
            let filter = ReportFilter {
                team: Some(wanted.to_string()),
                ..half_year()
            };
            let report = tally(&data, &filter);
            assert_eq!(report.overall.plans.active_cases.0, 2, "{wanted}");
            assert_eq!(report.overall.follow_up.alerts_total.0, 2, "{wanted}");
            assert!(report.teams.is_empty());
            let caseworkers: Vec<String> = report.caseworkers.iter().map(|g| g.group.key()).collect();
            assert_eq!(
                caseworkers,
                vec![
                    "team:Nord/caseworker:Anne Jensen",
                    "team:Nord/caseworker:Dorte Nielsen"
                ]
            );
        }
        let filter = ReportFilter {
            team: Some("Øst".to_string()),
            ..half_year()
        };
        let report = tally(&data, &filter);
        assert_eq!(report.overall.plans.active_cases.0, 0);
        assert!(report.caseworkers.is_empty());
    }

    #[test]
    fn goals_count_when_active_in_the_period_with_areas_and_own_words() {
        let mut archived_before = goal(13, 1, "familie", ScaleKind::ZeroToTen);
        archived_before.archived_at = Some(utc(2024, 12, 1, 9));
        let mut archived_during = goal(14, 1, "familie", ScaleKind::ZeroToTen);
        archived_during.archived_at = Some(utc(2025, 2, 1, 9));
        let mut created_after = goal(15, 2, "sundhed", ScaleKind::ZeroToTen);
        created_after.created_at = utc(2025, 8, 1, 9);
        let mut not_own_words = goal(16, 2, "skole", ScaleKind::Aarhus0To4);
        not_own_words.own_words = false;
        let data = ReportData {
            cases: vec![
                case(1, Some("Nord"), "A"),
                case(2, Some("Nord"), "A"),
                case(3, None, "B"),
                case(3, None, "B"),
            ],
            goals: vec![
                goal(11, 1, "skole", ScaleKind::ZeroToTen),
                goal(12, 1, "skole", ScaleKind::ZeroToTen),
                archived_before,
                archived_during,
                created_after,
                not_own_words,
                goal(17, 2, "ukendt-område", ScaleKind::ZeroToTen),
                goal(18, 3, "fritid", ScaleKind::FiveStep),
                // Repeated by a join: counted once.
                goal(18, 3, "fritid", ScaleKind::FiveStep),
            ],
            ..ReportData::default()
        };
        let report = build(&data, &half_year());
        let plans = &report.overall.plans;
        assert_eq!(plans.active_cases.0, 3);
        assert_eq!(plans.cases_with_goals.0, 3);
        assert_eq!(plans.goals.0, 5);
        assert_eq!((plans.own_words.part.0, plans.own_words.percent), (4, None));
        let areas: Vec<(&str, u64, u64)> = plans
            .areas
            .iter()
            .map(|a| (a.area.as_str(), a.cases.0, a.goals.0))
            .collect();
        assert_eq!(
            areas,
            vec![
                ("udvikling", 0, 0),
                ("familie", 1, 1),
                ("skole", 2, 3),
                ("sundhed", 0, 0),
                ("fritid", 1, 1),
                ("voksenliv", 0, 0),
                ("andet", 0, 0)
            ]
        );
        assert_eq!(report.skipped_rows.0, 1);
    }

    // -- Engagement ---------------------------------------------------------------------------

    #[test]
    fn check_ins_are_counted_per_role_and_status() {
        let mut data = ReportData {
            cases: vec![case(1, Some("Nord"), "Anne Jensen")],
            ..ReportData::default()
        };
        // (role, status, how many)
        let rows: &[(&str, &str, usize)] = &[
            ("youth", "answered", 20),
            ("youth", "skipped", 2),
            ("youth", "missed", 5),
            ("youth", "open", 1),
            ("youth", "skipped_by_system", 3),
            ("parent", "answered", 6),
            ("parent", "missed", 4),
            ("witness", "answered", 3),
            ("witness", "unknown-status", 1),
            ("teacher", "answered", 1),
        ];
        for (role, status, n) in rows {
            for i in 0..*n {
                data.checkins.push(CheckinRow {
                    case_id: 1,
                    role: role.to_string(),
                    status: status.to_string(),
                    at: utc(2025, 2, 3, 16) + TimeDelta::weeks(i as i64),
                });
            }
        }
        // Outside the period.
        data.checkins.push(CheckinRow {
            case_id: 1,
            role: "youth".into(),
            status: "answered".into(),
            at: utc(2024, 12, 30, 16),
        });
        for (role, status) in [
            ("youth", "active"),
            ("parent", "active"),
            ("parent", "paused"),
            ("witness", "blocked"),
            ("witness", "stopped"),
            ("witness", "invited"),
            ("witness", "gone"),
        ] {
            data.participants.push(ParticipantRow {
                case_id: 1,
                role: role.into(),
                status: status.into(),
            });
        }
        let report = tally(&data, &half_year());
        let table: Vec<(&str, [u64; 6], Option<u32>)> = report
            .overall
            .engagement
            .checkins
            .iter()
            .map(|c| {
                (
                    c.role.as_str(),
                    [
                        c.sent.0,
                        c.answered.0,
                        c.skipped.0,
                        c.missed.0,
                        c.open.0,
                        c.not_sent.0,
                    ],
                    c.answered_share.percent,
                )
            })
            .collect();
        assert_eq!(
            table,
            vec![
                // 20 answered of 27 closed.
                ("youth", [28, 20, 2, 5, 1, 3], Some(74)),
                ("parent", [10, 6, 0, 4, 0, 0], Some(60)),
                // 3 of 3: the part is below 5, so no percentage.
                ("witness", [3, 3, 0, 0, 0, 0], None),
                ("all", [41, 29, 2, 9, 1, 3], Some(73)),
            ]
        );
        let participants: Vec<(&str, [u64; 5])> = report
            .overall
            .engagement
            .participants
            .iter()
            .map(|p| {
                (
                    p.role.as_str(),
                    [p.active.0, p.invited.0, p.paused.0, p.stopped.0, p.blocked.0],
                )
            })
            .collect();
        assert_eq!(
            participants,
            vec![
                ("youth", [1, 0, 0, 0, 0]),
                ("parent", [1, 0, 1, 0, 0]),
                ("witness", [0, 1, 0, 1, 1])
            ]
        );
        assert_eq!(report.skipped_rows.0, 3);
    }

    // -- Follow-up practice -------------------------------------------------------------------

    #[test]
    fn assessment_within_48_hours_leaves_pending_alerts_out_and_takes_the_median_of_assessed_ones() {
        let as_of = half_year().as_of.with_timezone(&Utc);
        let raised = utc(2025, 3, 3, 10);
        let mut data = ReportData {
            cases: vec![case(1, Some("Nord"), "Anne Jensen")],
            ..ReportData::default()
        };
        let rules = [
            "silence",
            "safety",
            "reliable_drop",
            "silence",
            "blocked",
            "silence",
            "safety",
        ];
        for (hours, rule) in [1, 2, 10, 47, 48, 49, 100].into_iter().zip(rules) {
            data.alerts.push(AlertRow {
                case_id: 1,
                rule: rule.into(),
                raised_at: raised,
                assessed_at: Some(raised + TimeDelta::hours(hours)),
            });
        }
        // Not assessed, 60 hours old: late. Not assessed, 10 hours old: still pending.
        for age in [60, 10] {
            data.alerts.push(AlertRow {
                case_id: 1,
                rule: "silence".into(),
                raised_at: as_of - TimeDelta::hours(age),
                assessed_at: None,
            });
        }
        data.alerts.push(AlertRow {
            case_id: 1,
            rule: "no-such-rule".into(),
            raised_at: raised,
            assessed_at: None,
        });
        let report = tally(&data, &half_year());
        let f = &report.overall.follow_up;
        assert_eq!(f.alerts_total.0, 9);
        let by_rule: Vec<(&str, u64)> = f
            .alerts
            .iter()
            .filter(|r| r.alerts.0 > 0)
            .map(|r| (r.rule.key(), r.alerts.0))
            .collect();
        assert_eq!(
            by_rule,
            vec![
                ("reliable_drop", 1),
                ("silence", 5),
                ("blocked", 1),
                ("safety", 2)
            ]
        );
        // 5 within 48 hours (1, 2, 10, 47, 48) of 8 decided (7 assessed + 1 late).
        assert_eq!(
            (f.assessed_within_48h.part.0, f.assessed_within_48h.whole.0),
            (5, 8)
        );
        assert_eq!(f.assessed_within_48h.percent, Some(63));
        assert_eq!(f.unassessed_over_48h.0, 1);
        assert_eq!(f.hours_to_assessment.n.0, 7);
        assert_eq!(f.hours_to_assessment.value, Some(47.0));
        assert_eq!(report.skipped_rows.0, 1);

        // Four assessed alerts: the median is hidden, the count is "<5".
        data.alerts.truncate(4);
        let f = tally(&data, &half_year()).overall.follow_up;
        assert_eq!(f.hours_to_assessment.value, None);
        assert_eq!(f.hours_to_assessment.n.display(), "<5");
        assert_eq!(f.assessed_within_48h.percent, None);
    }

    #[test]
    fn calls_follow_ups_and_meetings_are_judged_against_their_deadlines() {
        // Reported in the middle of June on the half year: some deadlines are still ahead.
        let filter = ReportFilter {
            as_of: local(2025, 6, 15),
            ..half_year()
        };
        let as_of = filter.as_of.with_timezone(&Utc);
        let meeting = utc(2025, 3, 3, 10);
        let mut data = ReportData {
            cases: vec![case(1, Some("Nord"), "Anne Jensen")],
            ..ReportData::default()
        };
        // Calls: done after 1, 7, 14 days (in time), 15, 30 days (late), never (late), and a
        // meeting 3 days before as_of without a call yet (pending).
        for days in [Some(1), Some(7), Some(14), Some(15), Some(30), None] {
            data.call_tasks.push(CallTaskRow {
                case_id: 1,
                meeting_at: meeting,
                due: meeting + TimeDelta::days(14),
                done_at: days.map(|d| meeting + TimeDelta::days(d)),
            });
        }
        data.call_tasks.push(CallTaskRow {
            case_id: 1,
            meeting_at: as_of - TimeDelta::days(3),
            due: as_of + TimeDelta::days(11),
            done_at: None,
        });
        // Statutory follow-ups: held early, on the due time, late; missed; not yet due.
        let due = utc(2025, 4, 1, 22);
        for held in [Some(-10), Some(0), Some(2), None] {
            data.statutory_follow_ups.push(StatutoryRow {
                case_id: 1,
                due,
                held_at: held.map(|d| due + TimeDelta::days(d)),
            });
        }
        data.statutory_follow_ups.push(StatutoryRow {
            case_id: 1,
            due: as_of + TimeDelta::days(5),
            held_at: None,
        });
        // Meetings: 6 held (5 with agenda beforehand), 1 not held; ratings.
        for (held, agenda) in [(true, true); 5]
            .into_iter()
            .chain([(true, false), (false, true)])
        {
            data.meetings.push(MeetingRow {
                case_id: 1,
                at: meeting,
                held,
                agenda_sent_before: agenda,
            });
        }
        for value in [7, 9, 8, 10, 6, 9, 11, -1] {
            data.meeting_ratings.push(RatingRow {
                case_id: 1,
                at: meeting,
                value,
            });
        }
        let report = tally(&data, &filter);
        let f = &report.overall.follow_up;
        assert_eq!(
            (f.calls_within_14_days.part.0, f.calls_within_14_days.whole.0),
            (3, 6)
        );
        assert_eq!(f.calls_within_14_days.percent, None);
        assert_eq!((f.statutory_on_time.part.0, f.statutory_on_time.whole.0), (2, 4));
        assert_eq!(f.meetings_held.0, 6);
        assert_eq!((f.agenda_before.part.0, f.agenda_before.percent), (5, Some(83)));
        assert_eq!(f.meeting_rating.n.0, 6);
        assert_eq!(f.meeting_rating.value, Some(8.5));
        assert_eq!(report.skipped_rows.0, 2);
    }

    // -- A seeded municipality ----------------------------------------------------------------

    /// A small deterministic random generator (no dependency, stable across platforms).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn chance(&mut self, percent: u64) -> bool {
            self.below(100) < percent
        }

        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len() as u64) as usize]
        }
    }

    /// Case ids start at 7 000 001 and goal ids at 8 000 001: distinctive, so a test can check
    /// that no id leaks into any output.
    fn seeded(seed: u64, cases: usize) -> ReportData {
        let mut rng = Lcg(seed);
        let staff: [(Option<&str>, &str); 5] = [
            (Some("Nord"), "Anne Jensen"),
            (Some("Nord"), "Bo Larsen"),
            (Some("Syd"), "Camilla Holm"),
            (Some("Syd"), "Dennis Berg"),
            (None, "Eva Dahl"),
        ];
        let start = utc(2024, 6, 3, 8);
        let end = utc(2025, 7, 1, 0);
        let mut data = ReportData::default();
        let mut goal_id = 8_000_000;
        for i in 0..cases {
            let case_id = 7_000_001 + i as i64;
            let (team, caseworker) = *rng.pick(&staff);
            let opened_at = start + TimeDelta::days(rng.below(390) as i64);
            let closed_at = rng
                .chance(15)
                .then(|| opened_at + TimeDelta::days(60 + rng.below(300) as i64));
            data.cases.push(CaseRow {
                id: case_id,
                team: team.map(str::to_string),
                caseworker: caseworker.to_string(),
                opened_at,
                closed_at,
            });
            let last = closed_at.map_or(end, |c| c.min(end));
            for _ in 0..1 + rng.below(4) {
                goal_id += 1;
                let scale = *rng.pick(&ScaleKind::ALL);
                let s = scale.scale();
                let created_at = opened_at + TimeDelta::days(rng.below(14) as i64);
                data.goals.push(GoalRow {
                    id: goal_id,
                    case_id,
                    area: rng.pick(&AREAS).to_string(),
                    scale: scale.key().to_string(),
                    own_words: rng.chance(80),
                    created_at,
                    archived_at: rng.chance(10).then(|| created_at + TimeDelta::days(90)),
                });
                let trend = rng.below(3) as i32 - 1;
                let mut value = s.min + rng.below((s.max - s.min + 1) as u64) as i32;
                let mut at = created_at + TimeDelta::days(1);
                while at < last {
                    if rng.chance(75) {
                        data.youth_answers.push(AnswerRow { goal_id, at, value });
                    }
                    if rng.chance(30) {
                        value = (value + trend).clamp(s.min, s.max);
                    }
                    at += TimeDelta::weeks(1);
                }
            }
            let mut roles = vec!["youth"];
            roles.extend((0..rng.below(3)).map(|_| "parent"));
            roles.extend((0..rng.below(3)).map(|_| "witness"));
            for role in roles {
                data.participants.push(ParticipantRow {
                    case_id,
                    role: role.to_string(),
                    status: rng
                        .pick(&[
                            "active", "active", "active", "active", "paused", "stopped", "blocked", "invited",
                        ])
                        .to_string(),
                });
                let step = if role == "youth" { 1 } else { 2 };
                let mut at = opened_at + TimeDelta::days(3);
                while at < last {
                    let status = *rng.pick(&[
                        "answered",
                        "answered",
                        "answered",
                        "answered",
                        "skipped",
                        "missed",
                        "missed",
                        "open",
                        "skipped_by_system",
                    ]);
                    data.checkins.push(CheckinRow {
                        case_id,
                        role: role.to_string(),
                        status: status.to_string(),
                        at,
                    });
                    at += TimeDelta::weeks(step);
                }
            }
            for _ in 0..rng.below(6) {
                let raised_at = opened_at + TimeDelta::hours(rng.below(24 * 300) as i64);
                data.alerts.push(AlertRow {
                    case_id,
                    // The rules the seed was written with, so that a new rule does not
                    // reshuffle every figure of the snapshot.
                    rule: rng.pick(&RuleKind::ALL[..10]).key().to_string(),
                    raised_at,
                    assessed_at: rng
                        .chance(85)
                        .then(|| raised_at + TimeDelta::minutes(30 + rng.below(100 * 60) as i64)),
                });
            }
            for _ in 0..1 + rng.below(3) {
                let at = opened_at + TimeDelta::days(rng.below(200) as i64);
                let held = rng.chance(85);
                data.meetings.push(MeetingRow {
                    case_id,
                    at,
                    held,
                    agenda_sent_before: rng.chance(70),
                });
                if held {
                    for _ in 0..rng.below(3) {
                        data.meeting_ratings.push(RatingRow {
                            case_id,
                            at,
                            value: 3 + rng.below(8) as i32,
                        });
                    }
                    data.call_tasks.push(CallTaskRow {
                        case_id,
                        meeting_at: at,
                        due: at + TimeDelta::days(14),
                        done_at: rng.chance(80).then(|| at + TimeDelta::days(rng.below(21) as i64)),
                    });
                }
            }
            let due = opened_at + TimeDelta::days(91);
            data.statutory_follow_ups.push(StatutoryRow {
                case_id,
                due,
                held_at: rng
                    .chance(90)
                    .then(|| due + TimeDelta::days(rng.below(30) as i64 - 20)),
            });
        }
        data
    }

    fn snapshot_path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report-snapshot.csv")
    }

    #[test]
    fn csv_of_a_seeded_municipality_matches_the_snapshot() {
        let report = build(&seeded(42, 120), &half_year());
        let labels = Labels::new(DA, "da");
        let csv = to_csv(&report, &|key| labels.get(key));
        assert!(
            labels.missing.borrow().is_empty(),
            "{:?}",
            labels.missing.borrow()
        );
        let path = snapshot_path();
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &csv).unwrap();
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", path.display()));
        if csv != expected {
            let first = csv
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(csv.lines().count().min(expected.lines().count()));
            panic!(
                "CSV differs from {} at line {} (run with UPDATE_SNAPSHOTS=1 to accept):\n  got:      {:?}\n  expected: {:?}",
                path.display(),
                first + 1,
                csv.lines().nth(first),
                expected.lines().nth(first)
            );
        }
        // The column set is stable and every row has it.
        assert!(csv.starts_with("section,metric,group,value,label\n"));
        for line in csv.lines() {
            assert_eq!(csv_fields(line).len(), 5, "{line}");
        }
    }

    /// The fields of one CSV line (RFC 4180 quoting, no line breaks inside fields).
    fn csv_fields(line: &str) -> Vec<String> {
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    fields.last_mut().unwrap().push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(String::new()),
                (c, _) => fields.last_mut().unwrap().push(c),
            }
        }
        fields
    }

    #[test]
    fn the_order_of_the_input_rows_does_not_change_the_report() {
        let data = seeded(7, 60);
        let mut reversed = data.clone();
        reversed.cases.reverse();
        reversed.goals.reverse();
        reversed.youth_answers.reverse();
        reversed.checkins.reverse();
        reversed.participants.reverse();
        reversed.alerts.reverse();
        reversed.meetings.reverse();
        reversed.meeting_ratings.reverse();
        reversed.call_tasks.reverse();
        reversed.statutory_follow_ups.reverse();
        let labels = Labels::new(DA, "da");
        let l = |key: &str| labels.get(key);
        assert_eq!(
            to_csv(&build(&data, &half_year()), &l),
            to_csv(&build(&reversed, &half_year()), &l)
        );
    }

    // -- Privacy ------------------------------------------------------------------------------

    /// Every output format of a report, in both languages, with and without charts.
    fn all_outputs(report: &ManagementReport, labels: &Labels) -> Vec<(&'static str, String)> {
        let l = |key: &str| labels.get(key);
        let charts: Vec<(String, Vec<u8>)> = bars_for_charts(report)
            .into_iter()
            .map(|(title, _)| (title, b"\x89PNG\r\n\x1a\n".to_vec()))
            .collect();
        vec![
            ("text", to_text(report, &l)),
            ("summary", crate::render::report::summary_text(report, &l)),
            ("csv", to_csv(report, &l)),
            ("html", to_html(report, &l, &[])),
            ("html+charts", to_html(report, &l, &charts)),
            ("json", to_json(report)),
        ]
    }

    #[test]
    fn no_output_contains_an_id() {
        let data = seeded(42, 120);
        let mut ids: Vec<String> = data.cases.iter().map(|c| c.id.to_string()).collect();
        ids.extend(data.goals.iter().map(|g| g.id.to_string()));
        for filter in [
            half_year(),
            ReportFilter {
                team: Some("Syd".into()),
                ..half_year()
            },
        ] {
            let report = build(&data, &filter);
            for lang in [(DA, "da"), (EN, "en")] {
                let labels = Labels::new(lang.0, lang.1);
                for (format, output) in all_outputs(&report, &labels) {
                    // All ids share the prefixes 700000 and 800000.
                    assert!(!output.contains("700000"), "{format} contains a case id");
                    assert!(!output.contains("800000"), "{format} contains a goal id");
                    if let Some(id) = ids.iter().find(|id| output.contains(id.as_str())) {
                        panic!("{format} contains the id {id}");
                    }
                }
            }
        }
    }

    /// Every number in the JSON that is a count must be 0 or at least 5.
    fn assert_no_small_counts(value: &serde_json::Value, path: &str) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    // Percentages, median values and the threshold itself are not counts.
                    if matches!(key.as_str(), "percent" | "value" | "min_shown") {
                        continue;
                    }
                    assert_no_small_counts(value, &format!("{path}.{key}"));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    assert_no_small_counts(item, &format!("{path}[{i}]"));
                }
            }
            serde_json::Value::Number(n) => {
                let n = n.as_u64().unwrap_or_else(|| panic!("{path}: {n} is not a count"));
                assert!(n == 0 || n >= MIN_SHOWN, "{path} shows the small count {n}");
            }
            _ => {}
        }
    }

    #[test]
    fn json_never_shows_a_count_from_1_to_4_and_percentages_only_from_5() {
        // Small municipalities give many small counts.
        for seed in 0..40 {
            let report = build(&seeded(seed, 3 + seed as usize), &half_year());
            let json: serde_json::Value = serde_json::from_str(&to_json(&report)).unwrap();
            assert_no_small_counts(&json, "report");
            for group in all_groups(&report) {
                let mut shares = vec![
                    group.plans.own_words,
                    group.progression.youth_better,
                    group.progression.youth_worse,
                    group.follow_up.assessed_within_48h,
                    group.follow_up.calls_within_14_days,
                    group.follow_up.statutory_on_time,
                    group.follow_up.agenda_before,
                ];
                shares.extend(group.engagement.checkins.iter().map(|c| c.answered_share));
                for share in shares {
                    if share.percent.is_some() {
                        assert!(share.whole.0 >= MIN_SHOWN && !share.part.is_suppressed());
                    }
                }
                for median in [
                    group.follow_up.hours_to_assessment,
                    group.follow_up.meeting_rating,
                ] {
                    if median.value.is_some() {
                        assert!(median.n.0 >= MIN_SHOWN && !median.n.is_suppressed());
                    }
                }
            }
        }
    }

    /// Every count of a group by name, as printed (`None`: not printed exactly).
    fn printed(g: &GroupReport) -> Vec<(String, Option<u64>)> {
        let mut g = g.clone();
        let mut out = Vec::new();
        visit(&mut g, &mut |name, c| out.push((name, c.shown())));
        out
    }

    /// The attack from issue 13: team Nord has 7 cases, Anne Jensen 6 of them (her goals are
    /// about school), Bo Berg 1 (a goal about the family). Per-cell suppression printed the
    /// team row and Anne's row, so "team minus Anne" was Bo's child — its focus area included.
    #[test]
    fn a_team_of_7_where_one_caseworker_has_6_does_not_reveal_the_others_childs_focus_area() {
        let mut cases: Vec<CaseRow> = (1..=6).map(|i| case(i, Some("Nord"), "Anne Jensen")).collect();
        cases.push(case(7, Some("Nord"), "Bo Berg"));
        // A second, large team, so the whole is not simply team Nord.
        cases.extend((8..=20).map(|i| case(i, Some("Syd"), "Cai Holm")));
        // And a small one: two children.
        cases.extend((21..=22).map(|i| case(i, Some("Vest"), "Dan Juhl")));
        let mut goals: Vec<GoalRow> = (1..=6)
            .map(|i| goal(i, i, "skole", ScaleKind::ZeroToTen))
            .collect();
        goals.push(goal(7, 7, "familie", ScaleKind::ZeroToTen));
        goals.extend((8..=20).map(|i| goal(i, i, "fritid", ScaleKind::ZeroToTen)));
        goals.push(goal(21, 21, "sundhed", ScaleKind::ZeroToTen));
        let data = ReportData {
            cases,
            goals,
            ..ReportData::default()
        };
        let report = build(&data, &half_year());
        let group = |key: &str| {
            all_groups(&report)
                .find(|g| g.group.key() == key)
                .unwrap_or_else(|| panic!("no group {key}"))
        };
        // Per-caseworker rows only from 5 cases.
        let rows: Vec<String> = report.caseworkers.iter().map(|g| g.group.key()).collect();
        assert_eq!(
            rows,
            ["team:Nord/caseworker:Anne Jensen", "team:Syd/caseworker:Cai Holm"]
        );
        let nord = printed(group("team:Nord"));
        let anne = printed(group("team:Nord/caseworker:Anne Jensen"));
        for ((name, team), (_, anne)) in nord.iter().zip(&anne) {
            // Both printed exactly would give Bo's one child as the difference (also a 0).
            assert!(
                team.is_none() || anne.is_none(),
                "{name}: team {team:?}, Anne {anne:?}"
            );
        }
        // Bo's child's area cannot be read off anywhere: not from the team, not from the whole
        // minus the other teams.
        let whole = printed(&report.overall);
        let syd = printed(group("team:Syd"));
        let vest = printed(group("team:Vest"));
        for area in AREAS {
            let name = format!("area.{area}.cases");
            let at = |rows: &[(String, Option<u64>)]| rows.iter().find(|(n, _)| *n == name).unwrap().1;
            let exact = [at(&whole), at(&syd), at(&vest), at(&nord)];
            let unknown = exact[1..].iter().filter(|v| v.is_none()).count();
            assert!(
                exact[0].is_none() || unknown != 1,
                "whole minus teams: {name}: {exact:?}"
            );
            let printed_sum: u64 = exact[1..].iter().flatten().sum();
            assert!(
                unknown == 0 || exact[0] != Some(printed_sum),
                "a remainder of 0 gives the hidden teams away: {name}: {exact:?}"
            );
        }
        // A small group prints no exact number, not even 0.
        assert!(vest.iter().all(|(_, v)| v.is_none()), "{vest:?}");
        // The large team's own figures are still there.
        assert_eq!(syd.iter().find(|(n, _)| n == "cases").unwrap().1, Some(13));
        assert_eq!(whole.iter().find(|(n, _)| n == "cases").unwrap().1, Some(22));
        // The printed text never shows Bo and says why cells are missing.
        let labels = Labels::new(DA, "da");
        let text = to_text(&report, &|k| labels.get(k));
        assert!(!text.contains("Bo Berg") && !text.contains("Dan Juhl"), "{text}");
    }

    /// Purged cases keep counting as active cases of the whole and their team in the months
    /// they were open, but never as anyone's row, and never so that they can be worked out.
    #[test]
    fn purged_cases_count_in_their_team_in_the_months_they_were_open_and_stay_hidden() {
        let purged = |team: &str, opened: Option<&str>, closed: &str| {
            PurgedCaseRow::from_months(Some(team.to_string()), opened, closed).unwrap()
        };
        let mut cases: Vec<CaseRow> = (1..=6).map(|i| case(i, Some("Nord"), "Anne Jensen")).collect();
        cases.extend((7..=19).map(|i| case(i, Some("Syd"), "Cai Holm")));
        let data = ReportData {
            cases,
            purged_cases: vec![
                // Open in the first half of 2025: counted.
                purged("Nord", Some("2024-11"), "2025-02"),
                purged("Nord", Some("2025-03"), "2025-06"),
                // Closed two months before the period: not.
                purged("Nord", Some("2024-01"), "2024-11"),
                // Opened after it: not.
                purged("Nord", Some("2025-07"), "2025-09"),
                // Purged before opening months were kept: counted in the month it was closed.
                purged("Syd", None, "2025-01"),
                purged("Syd", None, "2024-06"),
            ],
            ..ReportData::default()
        };
        let counted = tally(&data, &half_year());
        let cases_of = |g: &GroupReport| g.plans.active_cases.0;
        assert_eq!(cases_of(&counted.overall), 6 + 13 + 3);
        let by_key: Vec<(String, u64)> = counted
            .teams
            .iter()
            .chain(&counted.caseworkers)
            .map(|g| (g.group.key(), cases_of(g)))
            .collect();
        assert_eq!(
            by_key,
            [
                ("team:Nord".to_string(), 8),
                ("team:Syd".to_string(), 14),
                ("team:Nord/caseworker:Anne Jensen".to_string(), 6),
                ("team:Syd/caseworker:Cai Holm".to_string(), 13),
            ]
        );
        // Team Nord minus Anne's row is the 2 purged cases: one of the two must be hidden.
        let report = build(&data, &half_year());
        let nord = report
            .teams
            .iter()
            .find(|g| g.group.key() == "team:Nord")
            .unwrap();
        let anne = &report.caseworkers[0];
        assert_eq!(anne.group.key(), "team:Nord/caseworker:Anne Jensen");
        assert!(
            nord.plans.active_cases.shown().is_none() || anne.plans.active_cases.shown().is_none(),
            "team {:?}, Anne {:?}",
            nord.plans.active_cases,
            anne.plans.active_cases
        );
        assert!(
            report
                .caseworkers
                .iter()
                .all(|g| !matches!(g.group, Group::Purged { .. }))
        );
        assert_eq!(report.overall.plans.active_cases.shown(), Some(22));
    }

    #[test]
    fn text_csv_and_html_show_suppressed_counts_as_less_than_5() {
        let data = ReportData {
            cases: vec![
                case(1, Some("Nord"), "Anne Jensen"),
                case(2, Some("Nord"), "Anne Jensen"),
            ],
            ..ReportData::default()
        };
        let report = build(&data, &half_year());
        let labels = Labels::new(DA, "da");
        let l = |key: &str| labels.get(key);
        assert!(to_text(&report, &l).contains("Aktive sager: <5\n"));
        assert!(to_csv(&report, &l).contains("\nplans,active_cases,all,<5,Aktive sager\n"));
        assert!(to_html(&report, &l, &[]).contains("<tr><th>Aktive sager</th><td>&lt;5</td></tr>"));
        assert!(to_json(&report).contains("\"active_cases\": \"<5\""));
    }

    #[test]
    fn a_csv_cell_never_starts_like_a_formula() {
        let labels = Labels::new(DA, "da");
        let l = |key: &str| labels.get(key);
        for (team, cell) in [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@x", "'@x"),
            ("Nord", "Nord"),
        ] {
            let filter = ReportFilter {
                team: Some(team.into()),
                ..half_year()
            };
            let csv = to_csv(&build(&ReportData::default(), &filter), &l);
            assert!(csv.contains(&format!("\nmeta,team,all,{cell},Team\n")), "{csv}");
        }
        let data = ReportData {
            cases: vec![case(1, Some("=1+1"), "=2+2")],
            ..ReportData::default()
        };
        let csv = to_csv(&build(&data, &half_year()), &l);
        for line in csv.lines().skip(1) {
            let fields = csv_fields(line);
            assert!(fields.iter().all(|f| !f.starts_with(['=', '+', '@'])), "{line}");
        }
    }

    // -- Charts and HTML ----------------------------------------------------------------------

    #[test]
    fn in_a_small_group_every_area_is_a_small_bar_so_zeros_are_not_told_apart() {
        let mut data = ReportData::default();
        for i in 0..2 {
            data.cases.push(case(i, Some("Nord"), "Anne Jensen"));
            data.goals.push(goal(100 + i, i, "skole", ScaleKind::ZeroToTen));
        }
        let report = build(&data, &half_year());
        let areas = &bars_for_charts(&report)[0].1;
        assert!(areas.len() > 1, "every area, not only skole: {areas:?}");
        assert!(areas.iter().all(|(_, v)| v.is_none()), "{areas:?}");
    }

    #[test]
    fn the_areas_chart_shows_the_areas_with_goals_and_the_others_keep_zeros() {
        let mut data = ReportData::default();
        for i in 0..7 {
            data.cases.push(case(i, Some("Nord"), "Anne Jensen"));
            data.goals.push(goal(100 + i, i, "skole", ScaleKind::ZeroToTen));
        }
        for i in 0..2 {
            data.goals.push(goal(200 + i, i, "familie", ScaleKind::ZeroToTen));
        }
        let report = build(&data, &half_year());
        let bars = bars_for_charts(&report);
        let titles: Vec<&str> = bars.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(titles, vec![CHART_AREAS, CHART_PROGRESSION, CHART_CHECKINS]);
        // Only the areas that have goals: 7 in skole; familie's 2 is a `<5` bar.
        let areas: Vec<(&str, Option<u32>)> = bars[0].1.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            areas,
            vec![("mgmt-area-familie", None), ("mgmt-area-skole", Some(7))]
        );
        let progression: Vec<(&str, u32)> = bars[1]
            .1
            .iter()
            .map(|(k, v)| (k.as_str(), v.expect("only shown counts")))
            .collect();
        assert_eq!(
            progression,
            vec![
                ("mgmt-progression-reliably_better", 0),
                ("mgmt-progression-no_reliable_change", 0),
                ("mgmt-progression-reliably_worse", 0),
                ("mgmt-progression-not_yet_measurable", 9)
            ]
        );
        assert!(bars[2].1.iter().all(|(_, v)| *v == Some(0)));
    }

    #[test]
    fn html_embeds_charts_as_data_uris_or_shows_plain_tables_and_escapes_names() {
        let mut data = seeded(3, 30);
        data.cases[0].caseworker = "<b>Ole & Co</b>".into();
        data.cases[0].team = Some("\"Nord\"".into());
        let report = tally(&data, &half_year());
        let labels = Labels::new(DA, "da");
        let l = |key: &str| labels.get(key);

        let plain = to_html(&report, &l, &[]);
        assert!(plain.starts_with("<!DOCTYPE html>"));
        assert!(plain.contains("<html lang=\"da\">"));
        assert!(!plain.contains("<img"));
        assert!(plain.contains("<th>Område</th><th>Sager</th><th>Mål</th>"));
        assert!(plain.contains("&lt;b&gt;Ole &amp; Co&lt;/b&gt; (Team &quot;Nord&quot;)"));
        assert!(!plain.contains("<b>Ole"));

        let charts = vec![
            (CHART_AREAS.to_string(), b"PNG1".to_vec()),
            (
                CHART_PROGRESSION.to_string(),
                vec![0x89, b'P', b'N', b'G', 0, 255],
            ),
        ];
        let html = to_html(&report, &l, &charts);
        assert!(html.contains("<img alt=\"Mål pr. område\" src=\"data:image/png;base64,UE5HMQ==\">"));
        assert!(html.contains("src=\"data:image/png;base64,iVBORwD/\""));
        assert_eq!(html.matches("<img").count(), 2);
        assert!(html.contains("viser de områder, der har mål"));
        assert!(html.contains("@page { size: A4"));
    }

    #[test]
    fn text_shows_the_period_as_typed_and_the_breakdown() {
        let report = tally(&seeded(5, 40), &half_year());
        let labels = Labels::new(DA, "da");
        let text = to_text(&report, &|key| labels.get(key));
        assert!(
            text.contains("Periode: 1.1.2025 – 30.6.2025 · Team: alle teams · Opgjort: 1.7.2025 kl. 00.00"),
            "{text}"
        );
        assert!(text.contains("Fordelt på team og rådgivere"));
        assert!(text.contains("  Team Nord: Sager "));
        assert!(text.contains("  Eva Dahl (Uden team): Sager "));

        let open = ReportFilter {
            from: None,
            to: None,
            team: Some("Syd".into()),
            ..half_year()
        };
        let labels = Labels::new(EN, "en");
        let text = to_text(&tally(&seeded(5, 40), &open), &|key| labels.get(key));
        assert!(
            text.contains("Period: start – 1 July 2025 · Team: Syd · As of: 1 July 2025 at 00:00"),
            "{text}"
        );
        assert!(!text.contains("Team Nord"));
    }

    #[test]
    fn an_empty_municipality_reports_zeros() {
        let report = build(&ReportData::default(), &half_year());
        let labels = Labels::new(EN, "en");
        for (format, output) in all_outputs(&report, &labels) {
            assert!(!output.is_empty(), "{format}");
        }
        assert_eq!(report.overall.plans.active_cases.display(), "0");
        assert!(report.teams.is_empty() && report.caseworkers.is_empty());
    }

    // -- Labels -------------------------------------------------------------------------------

    /// Message keys of a catalogue, failing on syntax errors and on any variable or reference.
    fn catalogue_keys(source: &str) -> BTreeSet<String> {
        use fluent_syntax::ast;
        let resource = fluent_syntax::parser::parse(source).expect("catalogue parses without errors");
        let mut keys = BTreeSet::new();
        for entry in resource.body {
            match entry {
                ast::Entry::Message(message) => {
                    let pattern = message.value.expect("every label has a value");
                    assert!(message.attributes.is_empty());
                    for element in pattern.elements {
                        assert!(
                            matches!(element, ast::PatternElement::TextElement { .. }),
                            "{} takes no variables",
                            message.id.name
                        );
                    }
                    assert!(
                        keys.insert(message.id.name.to_string()),
                        "duplicate {}",
                        message.id.name
                    );
                }
                ast::Entry::Comment(_) | ast::Entry::GroupComment(_) | ast::Entry::ResourceComment(_) => {}
                other => panic!("unexpected entry {other:?}"),
            }
        }
        keys
    }

    #[test]
    fn every_label_used_exists_in_both_languages_and_every_label_is_used() {
        let da = catalogue_keys(DA);
        let en = catalogue_keys(EN);
        assert_eq!(da, en, "Danish and English have different keys");

        let labels = Labels::new(DA, "da");
        let reports = [
            build(&seeded(11, 50), &half_year()),
            build(
                &seeded(11, 50),
                &ReportFilter {
                    from: None,
                    ..half_year()
                },
            ),
        ];
        for report in &reports {
            all_outputs(report, &labels);
            for (title, bars) in bars_for_charts(report) {
                labels.get(&title);
                for (key, _) in bars {
                    labels.get(&key);
                }
            }
        }
        let empty = build(&ReportData::default(), &half_year());
        all_outputs(&empty, &labels);
        // Public for the service (e.g. a heading for the whole).
        Group::All.display(&|key| labels.get(key));
        assert!(
            labels.missing.borrow().is_empty(),
            "missing: {:?}",
            labels.missing.borrow()
        );
        let used = labels.used.borrow();
        let unused: Vec<&String> = da.iter().filter(|k| !used.contains(*k)).collect();
        assert!(unused.is_empty(), "unused labels: {unused:?}");
        for key in AREAS.iter().map(|a| format!("mgmt-area-{a}")) {
            assert!(da.contains(&key), "{key}");
        }
        for rule in RuleKind::ALL {
            assert!(da.contains(&format!("mgmt-rule-{}", rule.key())), "{rule}");
        }
    }

    #[test]
    fn report_labels_do_not_clash_with_the_main_catalogue() {
        let report = catalogue_keys(DA);
        let main =
            fluent_syntax::parser::parse(include_str!("../../../messages/da.ftl")).expect("main catalogue");
        for entry in main.body {
            if let fluent_syntax::ast::Entry::Message(message) = entry {
                assert!(
                    !report.contains(message.id.name),
                    "{} is in both",
                    message.id.name
                );
            }
        }
        assert!(report.iter().all(|key| key.starts_with("mgmt-")));
    }

    #[test]
    fn the_decimal_separator_labels_are_a_comma_and_a_point() {
        assert_eq!(Labels::new(DA, "da").get("mgmt-decimal-separator"), ",");
        assert_eq!(Labels::new(EN, "en").get("mgmt-decimal-separator"), ".");
    }
}
