//! Check-in rhythms (rytmer), quiet hours (stille timer) and catch-up after downtime.
//!
//! Everything here is pure: no clock, no database, no user-facing text. Times are computed in
//! the participant's local time zone (normally Europe/Copenhagen) and returned in UTC, which is
//! what the database stores.
//!
//! The parts: [`rhythm`] (the rhythm and its occurrences), [`role`] (whom it is for),
//! [`parse`] (caseworker input), [`quiet_hours`], [`catch_up`](mod@catch_up), and [`local_time`] (the one
//! daylight-saving rule they all share).

pub mod catch_up;
pub mod local_time;
pub mod parse;
pub mod quiet_hours;
pub mod rhythm;
pub mod role;

pub use catch_up::{CatchUp, catch_up};
pub use local_time::{hm, local_date, resolve_local};
pub use parse::parse_rhythm;
pub use quiet_hours::{QuietHours, QuietHoursError};
pub use rhythm::{CronSchedule, Rhythm, RhythmError};
pub use role::{RhythmRole, UnknownRole};

use chrono::Duration;
use chrono_tz::Tz;

/// The time zone used when a participant has none of their own.
pub const DEFAULT_TZ: Tz = chrono_tz::Europe::Copenhagen;

/// How long after its due time a missed check-in is still worth sending after downtime.
pub const DEFAULT_CATCH_UP_GRACE: Duration = Duration::hours(12);

/// The closest two occurrences of a caseworker's cron expression may be.
///
/// A check-in takes a minute a week; an expression that fires every second or minute (the
/// classic `* …` mistake) would flood a young person, so such input is refused.
pub const MIN_CRON_SPACING: Duration = Duration::hours(1);

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
    use chrono_tz::Europe::Copenhagen as CPH;
    use serde::Deserialize;
    use std::str::FromStr;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// A UTC instant from an RFC 3339 string.
    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// A Copenhagen local time that exists exactly once, in UTC.
    fn cph(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        CPH.with_ymd_and_hms(y, m, day, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn cron(expr: &str) -> Rhythm {
        Rhythm::Cron(CronSchedule::parse(expr).unwrap())
    }

    fn today() -> NaiveDate {
        d(2027, 3, 3)
    }

    // --- parsing -------------------------------------------------------------------------

    #[test]
    fn danish_and_english_shortcuts_parse_to_the_expected_rhythm() {
        let today = today();
        let weekly = |weekday, time| Rhythm::Weekly { weekday, time };
        let biweekly = |weekday, time| Rhythm::EveryOtherWeek {
            weekday,
            time,
            anchor: today,
        };
        let cases: Vec<(&str, Rhythm)> = vec![
            ("ugentlig mandag 16:00", weekly(Weekday::Mon, t(16, 0))),
            ("hver uge mandag 16", weekly(Weekday::Mon, t(16, 0))),
            ("Hver mandag kl. 16", weekly(Weekday::Mon, t(16, 0))),
            ("mandag 16.30", weekly(Weekday::Mon, t(16, 30))),
            ("hver uge om mandagen kl.16", weekly(Weekday::Mon, t(16, 0))),
            ("ugentligt tir 9", weekly(Weekday::Tue, t(9, 0))),
            ("hver uge lør 10:15", weekly(Weekday::Sat, t(10, 15))),
            ("hver uge lor 10:15", weekly(Weekday::Sat, t(10, 15))),
            ("hver uge LØRDAG 10:15", weekly(Weekday::Sat, t(10, 15))),
            ("hver uge søn 11", weekly(Weekday::Sun, t(11, 0))),
            ("hver uge son 11", weekly(Weekday::Sun, t(11, 0))),
            ("hver uge sondag 11", weekly(Weekday::Sun, t(11, 0))),
            ("hver uge tor 17", weekly(Weekday::Thu, t(17, 0))),
            ("hver uge fre 8", weekly(Weekday::Fri, t(8, 0))),
            ("16:00 mandag", weekly(Weekday::Mon, t(16, 0))),
            ("weekly monday 16:00", weekly(Weekday::Mon, t(16, 0))),
            ("every week on Mon at 4pm", weekly(Weekday::Mon, t(16, 0))),
            ("hver anden uge onsdag 17:00", biweekly(Weekday::Wed, t(17, 0))),
            ("hver 2. uge onsdag kl. 17", biweekly(Weekday::Wed, t(17, 0))),
            ("hver 14. dag ons 17", biweekly(Weekday::Wed, t(17, 0))),
            ("onsdag kl 17 hver anden uge", biweekly(Weekday::Wed, t(17, 0))),
            ("hver mandag hver anden uge 16", biweekly(Weekday::Mon, t(16, 0))),
            (
                "every other week wednesday 17:00",
                biweekly(Weekday::Wed, t(17, 0)),
            ),
            ("every 2 weeks wed 17", biweekly(Weekday::Wed, t(17, 0))),
            ("biweekly wed 17", biweekly(Weekday::Wed, t(17, 0))),
            ("fortnightly, wed, 5:30pm", biweekly(Weekday::Wed, t(17, 30))),
            ("dagligt 18:00", Rhythm::Daily { time: t(18, 0) }),
            ("hver dag 18:00", Rhythm::Daily { time: t(18, 0) }),
            ("daily 18", Rhythm::Daily { time: t(18, 0) }),
            ("every day at 6pm", Rhythm::Daily { time: t(18, 0) }),
            ("dagligt 12am", Rhythm::Daily { time: t(0, 0) }),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_rhythm(input, today), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn cron_expressions_are_accepted_and_kept_verbatim() {
        for expr in [
            "0 0 16 * * Mon",
            "0 30 17 * * Wed",
            "0 0 16 * * Mon,Thu",
            "0 0 9 1 * *",
            "0 0 16 * * Mon-Fri 2027-2030",
            "@daily",
            "@weekly",
        ] {
            let rhythm = parse_rhythm(expr, today()).unwrap();
            assert_eq!(rhythm, cron(expr), "input {expr:?}");
            assert_eq!(rhythm.to_canonical(), expr);
        }
        // Extra whitespace is tidied away.
        assert_eq!(
            parse_rhythm("  0  0 16 *  * Mon ", today())
                .unwrap()
                .to_canonical(),
            "0 0 16 * * Mon"
        );
    }

    #[test]
    fn bad_input_gives_a_typed_error() {
        use RhythmError::*;
        let cases: Vec<(&str, RhythmError)> = vec![
            ("", Empty),
            ("   ", Empty),
            ("ugentlig", MissingTime),
            ("ugentlig 16:00", MissingWeekday),
            ("16:00", MissingWeekday),
            ("hver anden uge 17", MissingWeekday),
            ("mandag", MissingTime),
            ("mandag onsdag 16", MoreThanOneWeekday),
            ("mandag 16 17", MoreThanOneTime),
            ("dagligt mandag 16", WeekdayWithDaily),
            ("ugentlig hver anden uge onsdag 17", ConflictingFrequency),
            ("hver anden onsdag 17", UnclearFrequency),
            ("hver", UnclearFrequency),
            ("mandag 25:00", InvalidTime("25:00".into())),
            ("mandag 16:7", InvalidTime("16:7".into())),
            ("mandag 16:60", InvalidTime("16:60".into())),
            ("mandag 13pm", InvalidTime("13pm".into())),
            ("mandag 123", InvalidTime("123".into())),
            ("mandag og onsdag 16", UnknownWord("og".into())),
            ("mandag kl 16?", InvalidTime("16?".into())),
            ("hverdag 16", UnknownWord("hverdag".into())),
            ("0 16 * * 1", CronNeedsSeconds),
            ("0 0 16 * * 2", CronNumericWeekday),
            ("0 0 16 * * */2", CronNumericWeekday),
            ("* * 16 * * Mon", CronTooFrequent),
            ("0 * 16 * * Mon", CronTooFrequent),
            ("0 0 16 30 Feb *", CronNeverFires),
            ("0 0 16 * * Mon 2020", CronNeverFires),
            ("0 0 16 * * * * *", CronWrongFieldCount(8)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_rhythm(input, today()), Err(expected), "input {input:?}");
        }
        assert!(matches!(
            parse_rhythm("0 0 99 * * Mon", today()),
            Err(InvalidCron(_))
        ));
        assert!(matches!(parse_rhythm("@sometimes", today()), Err(InvalidCron(_))));
    }

    #[test]
    fn very_long_or_strange_input_is_refused_without_panicking() {
        let long = "mandag ".repeat(10_000);
        assert_eq!(parse_rhythm(&long, today()), Err(RhythmError::MissingTime));
        for weird in [
            "🙂",
            "mandag 🙂",
            "kl.",
            "kl",
            "-",
            ":",
            "16:",
            ":30",
            "1 2 3 4 5 6 7",
        ] {
            assert!(parse_rhythm(weird, today()).is_err(), "input {weird:?}");
        }
    }

    #[test]
    fn roles_parse_from_danish_and_english_words() {
        for (word, role) in [
            ("ung", RhythmRole::Youth),
            ("UNG", RhythmRole::Youth),
            ("forælder", RhythmRole::Parent),
            ("foraelder", RhythmRole::Parent),
            ("vidne", RhythmRole::Witness),
            ("witness", RhythmRole::Witness),
        ] {
            assert_eq!(word.parse(), Ok(role), "word {word:?}");
        }
        assert_eq!(
            "sagsbehandler".parse::<RhythmRole>(),
            Err(UnknownRole("sagsbehandler".into()))
        );
    }

    // --- defaults and canonical form ------------------------------------------------------

    #[test]
    fn defaults_are_monday_16_weekly_and_wednesday_17_every_other_week() {
        let anchor = d(2027, 3, 1);
        assert_eq!(
            Rhythm::default_for(RhythmRole::Youth, anchor).to_canonical(),
            "weekly mon 16:00"
        );
        for role in [RhythmRole::Parent, RhythmRole::Witness] {
            assert_eq!(
                Rhythm::default_for(role, anchor).to_canonical(),
                "every-other-week wed 17:00 anchor=2027-03-01"
            );
        }
    }

    #[test]
    fn every_rhythm_round_trips_through_its_canonical_string() {
        let rhythms = vec![
            Rhythm::youth_default(),
            Rhythm::network_default(d(2026, 12, 31)),
            Rhythm::Daily { time: t(18, 0) },
            Rhythm::Daily {
                time: NaiveTime::from_hms_opt(7, 5, 9).unwrap(),
            },
            Rhythm::Weekly {
                weekday: Weekday::Sun,
                time: t(2, 30),
            },
            cron("0 0 16 * * Mon"),
            cron("0 15 10 ? * Tue,Fri 2027"),
            cron("@weekly"),
        ];
        for r in rhythms {
            let s = r.to_canonical();
            assert_eq!(Rhythm::parse_canonical(&s), Ok(r.clone()), "canonical {s:?}");
            assert_eq!(r.to_string(), s);
        }
    }

    #[test]
    fn canonical_strings_have_the_documented_shape() {
        let cases = [
            ("daily 18:00", Rhythm::Daily { time: t(18, 0) }),
            (
                "weekly mon 16:00",
                Rhythm::Weekly {
                    weekday: Weekday::Mon,
                    time: t(16, 0),
                },
            ),
            (
                "every-other-week wed 17:00 anchor=2027-03-03",
                Rhythm::EveryOtherWeek {
                    weekday: Weekday::Wed,
                    time: t(17, 0),
                    anchor: d(2027, 3, 3),
                },
            ),
            ("0 0 16 * * Mon", cron("0 0 16 * * Mon")),
        ];
        for (s, r) in cases {
            assert_eq!(r.to_canonical(), s);
            assert_eq!(Rhythm::parse_canonical(s), Ok(r));
        }
    }

    #[test]
    fn malformed_canonical_strings_are_rejected() {
        for s in [
            "weekly",
            "weekly monday 16:00",
            "weekly mon 25:00",
            "daily",
            "every-other-week wed 17:00",
            "every-other-week wed 17:00 2027-03-03",
            "every-other-week wed 17:00 anchor=2027-02-30",
        ] {
            assert_eq!(
                Rhythm::parse_canonical(s),
                Err(RhythmError::InvalidCanonical(s.into())),
                "canonical {s:?}"
            );
        }
        assert!(Rhythm::parse_canonical("").is_err());
        assert!(Rhythm::parse_canonical("mandag 16").is_err());
    }

    #[test]
    fn rhythms_deserialize_from_their_canonical_string() {
        use serde::de::IntoDeserializer;
        use serde::de::value::Error as DeError;
        let de: serde::de::value::StrDeserializer<'_, DeError> = "weekly mon 16:00".into_deserializer();
        assert_eq!(Rhythm::deserialize(de), Ok(Rhythm::youth_default()));
        let de: serde::de::value::StrDeserializer<'_, DeError> = "21:00-08:00".into_deserializer();
        assert_eq!(QuietHours::deserialize(de), Ok(QuietHours::default()));
    }

    #[test]
    fn cron_rhythms_compare_and_print_by_expression() {
        let a = cron("0 0 16 * * Mon");
        assert_eq!(a, cron("0  0 16 * * Mon"));
        assert_ne!(a, cron("0 0 16 * * Tue"));
        assert_eq!(format!("{a:?}"), r#"Cron(CronSchedule("0 0 16 * * Mon"))"#);
    }

    // --- next_after / occurrences -----------------------------------------------------------

    #[test]
    fn weekly_monday_16_falls_on_the_next_monday_in_local_time() {
        let r = Rhythm::youth_default();
        let cases = [
            // Wednesday → next Monday (winter time, UTC+1).
            (cph(2027, 1, 6, 12, 0), cph(2027, 1, 11, 16, 0)),
            // Monday before 16:00 → same day.
            (cph(2027, 1, 11, 15, 59), cph(2027, 1, 11, 16, 0)),
            // Exactly at 16:00 → strictly after, so next week.
            (cph(2027, 1, 11, 16, 0), cph(2027, 1, 18, 16, 0)),
            // Summer time (UTC+2).
            (cph(2027, 6, 1, 9, 0), cph(2027, 6, 7, 16, 0)),
        ];
        for (after, expected) in cases {
            assert_eq!(r.next_after(after, CPH), Some(expected), "after {after}");
        }
        assert_eq!(
            r.next_after(cph(2027, 6, 1, 9, 0), CPH),
            Some(utc("2027-06-07T14:00:00Z"))
        );
    }

    #[test]
    fn every_other_week_follows_the_anchor_weeks_parity() {
        // Anchor Wednesday 2027-03-03 (week 9): on weeks are 9, 11, 13, …
        let r = Rhythm::network_default(d(2027, 3, 3));
        let occ = r.occurrences(cph(2027, 3, 1, 0, 0), cph(2027, 4, 30, 0, 0), CPH);
        let dates: Vec<NaiveDate> = occ.iter().map(|at| local_date(*at, CPH)).collect();
        assert_eq!(
            dates,
            vec![
                d(2027, 3, 3),
                d(2027, 3, 17),
                d(2027, 3, 31),
                d(2027, 4, 14),
                d(2027, 4, 28)
            ]
        );
        // Set on a Friday: that week's Wednesday has passed, so the first is 13 days later.
        let r = Rhythm::network_default(d(2027, 3, 5));
        assert_eq!(
            r.next_after(cph(2027, 3, 5, 12, 0), CPH),
            Some(cph(2027, 3, 17, 17, 0))
        );
        // Dates before the anchor follow the same parity.
        assert_eq!(
            r.next_after(cph(2027, 2, 1, 0, 0), CPH),
            Some(cph(2027, 2, 3, 17, 0))
        );
    }

    #[test]
    fn every_other_week_stays_regular_across_a_53_week_year() {
        // 2026 has ISO week 53; a parity on ISO week numbers would put two check-ins one week
        // apart around new year. Counting weeks from the anchor keeps a 14-day spacing.
        let r = Rhythm::network_default(d(2026, 11, 4));
        let occ = r.occurrences(cph(2026, 11, 1, 0, 0), cph(2027, 3, 1, 0, 0), CPH);
        assert!(occ.len() > 5);
        for pair in occ.windows(2) {
            let days = (local_date(pair[1], CPH) - local_date(pair[0], CPH)).num_days();
            assert_eq!(days, 14, "between {} and {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn normal_16_00_checkins_keep_local_time_across_both_dst_changes() {
        let daily = Rhythm::Daily { time: t(16, 0) };
        let occ = daily.occurrences(cph(2027, 3, 26, 0, 0), cph(2027, 3, 30, 0, 0), CPH);
        assert_eq!(
            occ,
            vec![
                utc("2027-03-26T15:00:00Z"),
                utc("2027-03-27T15:00:00Z"),
                utc("2027-03-28T14:00:00Z"),
                utc("2027-03-29T14:00:00Z"),
            ]
        );
        let occ = daily.occurrences(cph(2027, 10, 30, 0, 0), cph(2027, 11, 2, 0, 0), CPH);
        assert_eq!(
            occ,
            vec![
                utc("2027-10-30T14:00:00Z"),
                utc("2027-10-31T15:00:00Z"),
                utc("2027-11-01T15:00:00Z"),
            ]
        );
        let weekly = Rhythm::Weekly {
            weekday: Weekday::Sun,
            time: t(16, 0),
        };
        assert_eq!(
            weekly.next_after(cph(2027, 3, 27, 12, 0), CPH),
            Some(utc("2027-03-28T14:00:00Z"))
        );
        assert_eq!(
            weekly.next_after(cph(2027, 10, 30, 12, 0), CPH),
            Some(utc("2027-10-31T15:00:00Z"))
        );
    }

    /// The four ways to write "02:30 on Sunday": each must give the same single instant.
    fn sunday_0230_rhythms() -> Vec<Rhythm> {
        vec![
            Rhythm::Daily { time: t(2, 30) },
            Rhythm::Weekly {
                weekday: Weekday::Sun,
                time: t(2, 30),
            },
            cron("0 30 2 * * *"),
            cron("0 30 2 * * Sun"),
        ]
    }

    #[test]
    fn spring_forward_gives_exactly_one_checkin() {
        // 2027-03-28: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist and becomes
        // 03:30 CEST = 01:30 UTC.
        let day_start = cph(2027, 3, 28, 0, 0);
        let day_end = cph(2027, 3, 29, 0, 0);
        for r in sunday_0230_rhythms() {
            let occ = r.occurrences(day_start, day_end, CPH);
            assert_eq!(occ, vec![utc("2027-03-28T01:30:00Z")], "rhythm {r}");
            assert_eq!(
                r.next_after(day_start, CPH),
                Some(utc("2027-03-28T01:30:00Z")),
                "rhythm {r}"
            );
            let local = occ[0].with_timezone(&CPH);
            assert_eq!(local.time(), t(3, 30));
        }
    }

    #[test]
    fn fall_back_gives_exactly_one_checkin_at_the_earlier_instant() {
        // 2027-10-31: 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30 and 01:30 UTC.
        let day_start = cph(2027, 10, 31, 0, 0);
        let day_end = cph(2027, 11, 1, 0, 0);
        for r in sunday_0230_rhythms() {
            let occ = r.occurrences(day_start, day_end, CPH);
            assert_eq!(occ, vec![utc("2027-10-31T00:30:00Z")], "rhythm {r}");
            assert_eq!(
                r.next_after(day_start, CPH),
                Some(utc("2027-10-31T00:30:00Z")),
                "rhythm {r}"
            );
            // Asking again from the first instant must not yield the repeated 02:30.
            let next = r.next_after(utc("2027-10-31T00:30:00Z"), CPH).unwrap();
            assert!(next > day_end, "rhythm {r} fired twice: {next}");
        }
    }

    #[test]
    fn daily_0230_gives_one_checkin_per_day_through_the_dst_weeks() {
        for (from, to) in [
            (cph(2027, 3, 22, 0, 0), cph(2027, 4, 5, 0, 0)),
            (cph(2027, 10, 25, 0, 0), cph(2027, 11, 8, 0, 0)),
        ] {
            for r in [Rhythm::Daily { time: t(2, 30) }, cron("0 30 2 * * *")] {
                let occ = r.occurrences(from, to, CPH);
                assert_eq!(occ.len(), 14, "rhythm {r}");
                let mut dates: Vec<NaiveDate> = occ.iter().map(|at| local_date(*at, CPH)).collect();
                dates.dedup();
                assert_eq!(dates.len(), 14, "rhythm {r}");
            }
        }
    }

    #[test]
    fn plain_cron_upcoming_would_be_wrong_here() {
        // Documents why we do not use cron's own time-zone iteration.
        let s = cron::Schedule::from_str("0 30 2 * * *").unwrap();
        let spring: Vec<_> = s
            .after(&CPH.with_ymd_and_hms(2027, 3, 27, 12, 0, 0).unwrap())
            .take(2)
            .map(|dt| dt.date_naive())
            .collect();
        assert_eq!(spring, vec![d(2027, 3, 29), d(2027, 3, 30)], "28 March skipped");
        let autumn: Vec<_> = s
            .after(&CPH.with_ymd_and_hms(2027, 10, 30, 12, 0, 0).unwrap())
            .take(2)
            .map(|dt| dt.date_naive())
            .collect();
        assert_eq!(autumn, vec![d(2027, 10, 31), d(2027, 10, 31)], "31 October twice");
    }

    #[test]
    fn cron_times_merging_in_the_gap_are_sent_once_and_in_order() {
        // 02:30 moves to 03:30 summer time, which is also a real 03:30 occurrence.
        let r = cron("0 30 2,3 * * *");
        let occ = r.occurrences(cph(2027, 3, 28, 0, 0), cph(2027, 3, 28, 12, 0), CPH);
        assert_eq!(occ, vec![utc("2027-03-28T01:30:00Z")]);
        // 02:45 moves to 03:45 summer time (01:45 UTC), yet 03:15 is 01:15 UTC: a later wall
        // clock can be an earlier instant.
        let after = cph(2027, 3, 28, 1, 0);
        assert_eq!(
            cron("0 45 2 * * *").next_after(after, CPH),
            Some(utc("2027-03-28T01:45:00Z"))
        );
        assert_eq!(
            cron("0 15 3 * * *").next_after(after, CPH),
            Some(utc("2027-03-28T01:15:00Z"))
        );
        let both = cron("0 15,45 2,3 * * *");
        assert_eq!(both.next_after(after, CPH), Some(utc("2027-03-28T01:15:00Z")));
        assert_eq!(
            both.next_after(utc("2027-03-28T01:15:00Z"), CPH),
            Some(utc("2027-03-28T01:45:00Z"))
        );
        let occ = both.occurrences(after, cph(2027, 3, 28, 5, 0), CPH);
        assert_eq!(
            occ,
            vec![
                utc("2027-03-28T01:15:00Z"), // 02:15 → 03:15 CEST, same as the real 03:15
                utc("2027-03-28T01:45:00Z"), // 02:45 → 03:45 CEST, same as the real 03:45
            ]
        );
    }

    #[test]
    fn next_after_and_occurrences_agree() {
        let rhythms = vec![
            Rhythm::youth_default(),
            Rhythm::network_default(d(2027, 1, 6)),
            Rhythm::Daily { time: t(2, 30) },
            Rhythm::Weekly {
                weekday: Weekday::Sun,
                time: t(2, 30),
            },
            cron("0 0 16 * * Mon,Thu"),
            cron("0 30 2 * * Sun"),
        ];
        let from = cph(2027, 1, 1, 0, 0);
        let to = cph(2028, 1, 1, 0, 0);
        for r in rhythms {
            let occ = r.occurrences(from, to, CPH);
            let mut chained = Vec::new();
            let mut cursor = from;
            while let Some(next) = r.next_after(cursor, CPH).filter(|n| *n <= to) {
                chained.push(next);
                cursor = next;
            }
            assert_eq!(occ, chained, "rhythm {r}");
        }
    }

    #[test]
    fn occurrences_window_is_exclusive_at_from_and_inclusive_at_to() {
        let r = Rhythm::youth_default();
        let monday = cph(2027, 1, 11, 16, 0);
        assert!(r.occurrences(monday, monday + Duration::days(1), CPH).is_empty());
        assert_eq!(
            r.occurrences(monday - Duration::days(1), monday, CPH),
            vec![monday]
        );
        assert!(r.occurrences(monday, monday, CPH).is_empty());
        assert!(r.occurrences(monday, monday - Duration::days(9), CPH).is_empty());
    }

    #[test]
    fn a_cron_that_ended_has_no_next_occurrence() {
        let r = cron("0 0 16 * * Mon 2027");
        assert_eq!(r.next_after(cph(2028, 1, 1, 0, 0), CPH), None);
        assert!(
            r.occurrences(cph(2028, 1, 1, 0, 0), cph(2028, 2, 1, 0, 0), CPH)
                .is_empty()
        );
    }

    #[test]
    fn other_time_zones_are_respected() {
        let r = Rhythm::youth_default();
        assert_eq!(
            r.next_after(utc("2027-01-06T12:00:00Z"), chrono_tz::America::New_York),
            Some(utc("2027-01-11T21:00:00Z"))
        );
    }

    #[test]
    fn a_week_for_100_000_mixed_participants_gives_the_expected_counts() {
        // Sanity run for the later benchmark; prints the time, asserts only counts.
        let anchors = [d(2027, 3, 3), d(2027, 3, 10)]; // on-week and off-week for 1–7 March
        let rhythms: Vec<Rhythm> = (0..100_000)
            .map(|i| match i % 5 {
                0 | 1 => Rhythm::youth_default(),
                2 => Rhythm::network_default(anchors[(i / 5) % 2]),
                3 => Rhythm::Daily { time: t(18, 0) },
                _ => cron("0 0 16 * * Mon,Thu"),
            })
            .collect();
        // Monday 1 March 2027 00:00 local, exclusive, to the next Monday 00:00, inclusive.
        let from = cph(2027, 3, 1, 0, 0);
        let to = cph(2027, 3, 8, 0, 0);
        let started = std::time::Instant::now();
        let total: usize = rhythms
            .iter()
            .map(|r| r.occurrences(from, to, DEFAULT_TZ).len())
            .sum();
        eprintln!(
            "occurrences for 100 000 rhythms over one week: {total} in {:?}",
            started.elapsed()
        );
        // 40 000 weekly × 1 + 10 000 on-week × 1 + 20 000 daily × 7 + 20 000 cron × 2.
        assert_eq!(total, 40_000 + 10_000 + 140_000 + 40_000);
    }

    // --- quiet hours ------------------------------------------------------------------------

    #[test]
    fn quiet_hours_settings_parse() {
        let w = |a, b| QuietHours::Window { start: a, end: b };
        let cases: Vec<(&str, Result<QuietHours, QuietHoursError>)> = vec![
            ("21:00-08:00", Ok(w(t(21, 0), t(8, 0)))),
            (" 21:30 - 07:45 ", Ok(w(t(21, 30), t(7, 45)))),
            ("21-08", Ok(w(t(21, 0), t(8, 0)))),
            ("21.00–08.00", Ok(w(t(21, 0), t(8, 0)))),
            ("12:00-13:00", Ok(w(t(12, 0), t(13, 0)))),
            ("off", Ok(QuietHours::Off)),
            ("OFF", Ok(QuietHours::Off)),
            ("", Err(QuietHoursError::Empty)),
            ("21:00", Err(QuietHoursError::Malformed("21:00".into()))),
            ("nat-dag", Err(QuietHoursError::Malformed("nat-dag".into()))),
            ("21:00-", Err(QuietHoursError::Malformed("21:00-".into()))),
            ("21:00-24:00", Err(QuietHoursError::InvalidTime("24:00".into()))),
            ("08:00-08:00", Err(QuietHoursError::ZeroLength)),
        ];
        for (input, expected) in cases {
            assert_eq!(input.parse::<QuietHours>(), expected, "input {input:?}");
        }
        assert_eq!(QuietHours::default().to_string(), "21:00-08:00");
        assert_eq!("21:00-08:00".parse(), Ok(QuietHours::default()));
    }

    #[test]
    fn quiet_window_is_inclusive_at_start_and_exclusive_at_end() {
        let q = QuietHours::default();
        let cases = [
            (cph(2027, 1, 11, 20, 59), false),
            (cph(2027, 1, 11, 21, 0), true),
            (cph(2027, 1, 11, 23, 59), true),
            (cph(2027, 1, 12, 0, 0), true),
            (cph(2027, 1, 12, 7, 59), true),
            (cph(2027, 1, 12, 8, 0), false),
            (cph(2027, 1, 12, 16, 0), false),
        ];
        for (at, quiet) in cases {
            assert_eq!(q.is_quiet(at, CPH), quiet, "at {at}");
        }
        assert!(!QuietHours::Off.is_quiet(cph(2027, 1, 12, 3, 0), CPH));
    }

    #[test]
    fn messages_due_at_night_are_released_at_8_local_time() {
        let q = QuietHours::default();
        let cases = [
            // Outside the window: unchanged.
            (cph(2027, 1, 11, 16, 0), cph(2027, 1, 11, 16, 0)),
            (cph(2027, 1, 11, 8, 0), cph(2027, 1, 11, 8, 0)),
            // Evening → next morning.
            (cph(2027, 1, 11, 21, 0), cph(2027, 1, 12, 8, 0)),
            (cph(2027, 1, 11, 23, 30), cph(2027, 1, 12, 8, 0)),
            // After midnight → same morning.
            (cph(2027, 1, 12, 0, 0), cph(2027, 1, 12, 8, 0)),
            (cph(2027, 1, 12, 7, 59), cph(2027, 1, 12, 8, 0)),
            // Across new year.
            (cph(2027, 12, 31, 22, 0), cph(2028, 1, 1, 8, 0)),
            // Night of spring forward: 08:00 is 06:00 UTC, not 07:00.
            (cph(2027, 3, 27, 22, 0), utc("2027-03-28T06:00:00Z")),
            (utc("2027-03-28T01:30:00Z"), utc("2027-03-28T06:00:00Z")),
            // Night of fall back: 08:00 is 07:00 UTC.
            (cph(2027, 10, 30, 22, 0), utc("2027-10-31T07:00:00Z")),
            (utc("2027-10-31T00:30:00Z"), utc("2027-10-31T07:00:00Z")),
            (utc("2027-10-31T01:30:00Z"), utc("2027-10-31T07:00:00Z")),
        ];
        for (at, expected) in cases {
            assert_eq!(q.release_time(at, CPH), expected, "at {at}");
            assert!(!q.is_quiet(q.release_time(at, CPH), CPH));
        }
        assert_eq!(
            QuietHours::Off.release_time(cph(2027, 1, 12, 3, 0), CPH),
            cph(2027, 1, 12, 3, 0)
        );
    }

    #[test]
    fn a_daytime_window_releases_at_its_end_the_same_day() {
        let q: QuietHours = "12:00-13:00".parse().unwrap();
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 11, 59), CPH),
            cph(2027, 5, 3, 11, 59)
        );
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 12, 0), CPH),
            cph(2027, 5, 3, 13, 0)
        );
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 12, 59), CPH),
            cph(2027, 5, 3, 13, 0)
        );
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 13, 0), CPH),
            cph(2027, 5, 3, 13, 0)
        );
        assert_eq!(
            q.release_time(cph(2027, 5, 3, 21, 0), CPH),
            cph(2027, 5, 3, 21, 0)
        );
    }

    #[test]
    fn a_window_ending_inside_a_dst_change_still_releases_once() {
        // Ends at 02:30, which does not exist on 2027-03-28: release when the clock jumps
        // to 03:00 CEST (01:00 UTC).
        let q: QuietHours = "21:00-02:30".parse().unwrap();
        assert_eq!(
            q.release_time(cph(2027, 3, 27, 23, 0), CPH),
            utc("2027-03-28T01:00:00Z")
        );
        // Ends at 02:30, which happens twice on 2027-10-31: first at 00:30 UTC …
        assert_eq!(
            q.release_time(cph(2027, 10, 30, 23, 0), CPH),
            utc("2027-10-31T00:30:00Z")
        );
        // … and for something due in the repeated hour before 02:30, at the second 02:30.
        assert_eq!(
            q.release_time(utc("2027-10-31T01:10:00Z"), CPH),
            utc("2027-10-31T01:30:00Z")
        );
    }

    // --- catch-up ---------------------------------------------------------------------------

    #[test]
    fn missed_checkins_within_grace_are_sent_and_older_ones_skipped() {
        let now = utc("2027-03-01T12:00:00Z");
        let grace = DEFAULT_CATCH_UP_GRACE;
        let cases = [
            (now, CatchUp::SendNow),
            (now - Duration::minutes(5), CatchUp::SendNow),
            (now - Duration::hours(12), CatchUp::SendNow),
            (
                now - Duration::hours(12) - Duration::seconds(1),
                CatchUp::SkipBySystem,
            ),
            (now - Duration::days(3), CatchUp::SkipBySystem),
            // Not yet due: never skipped.
            (now + Duration::minutes(1), CatchUp::SendNow),
        ];
        for (due, expected) in cases {
            assert_eq!(catch_up(due, now, grace), expected, "due {due}");
        }
        assert_eq!(
            catch_up(now - Duration::seconds(1), now, Duration::hours(-1)),
            CatchUp::SkipBySystem
        );
        assert_eq!(catch_up(now, now, Duration::hours(-1)), CatchUp::SendNow);
    }
}
