//! Danish working days (arbejdsdage): public holidays and the days municipal offices close.
//!
//! Used for deadlines that are promised in working days (a young person's `/ring` request
//! becomes a call task due within 2 working days) and for staff routines that only run on
//! working days (the caseworker's daily digest).
//!
//! Two separate lists:
//!
//! * **Public holidays (helligdage)**, fixed in law: nytårsdag, skærtorsdag, langfredag,
//!   påskedag, 2. påskedag, store bededag (only until 2023; abolished from 2024), Kristi
//!   himmelfartsdag, pinsedag, 2. pinsedag, juledag and 2. juledag.
//! * **Office closing days**: juleaftensdag (24 December), nytårsaftensdag (31 December) and
//!   grundlovsdag (5 June). They are not helligdage, but municipal offices are closed, so no
//!   caseworker is there to act on a deadline.
//!
//! A working day is Monday–Friday and on neither list.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday (påskedag) in the Gregorian calendar, by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher). `None` only for years outside chrono's date range.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    // Euclidean division keeps the algorithm valid for proleptic years before 1 AD as well.
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The last year in which store bededag (the fourth Friday after Easter) was a public holiday.
pub const LAST_YEAR_WITH_STORE_BEDEDAG: i32 = 2023;

/// Stable key of the public holiday (helligdag) on `date`, if any.
fn public_holiday_key(date: NaiveDate) -> Option<&'static str> {
    match (date.month(), date.day()) {
        (1, 1) => return Some("nytaarsdag"),
        (12, 25) => return Some("juledag"),
        (12, 26) => return Some("anden-juledag"),
        _ => {}
    }
    // Movable feasts all fall between March and June; skip the Easter computation otherwise.
    if !(3..=6).contains(&date.month()) {
        return None;
    }
    let easter = easter_sunday(date.year())?;
    match (date - easter).num_days() {
        -3 => Some("skaertorsdag"),
        -2 => Some("langfredag"),
        0 => Some("paaskedag"),
        1 => Some("anden-paaskedag"),
        26 if date.year() <= LAST_YEAR_WITH_STORE_BEDEDAG => Some("store-bededag"),
        39 => Some("kristi-himmelfartsdag"),
        49 => Some("pinsedag"),
        50 => Some("anden-pinsedag"),
        _ => None,
    }
}

/// Stable key of the office closing day on `date`, if any (see the module docs).
fn office_closing_day_key(date: NaiveDate) -> Option<&'static str> {
    match (date.month(), date.day()) {
        (6, 5) => Some("grundlovsdag"),
        (12, 24) => Some("juleaftensdag"),
        (12, 31) => Some("nytaarsaftensdag"),
        _ => None,
    }
}

/// Whether `date` is a Danish public holiday (helligdag), including those that fall on a
/// Sunday (påskedag, pinsedag).
pub fn is_public_holiday(date: NaiveDate) -> bool {
    public_holiday_key(date).is_some()
}

/// Whether municipal offices are closed on `date` although it is not a public holiday:
/// juleaftensdag, nytårsaftensdag and grundlovsdag.
pub fn is_office_closing_day(date: NaiveDate) -> bool {
    office_closing_day_key(date).is_some()
}

/// Whether `date` is a working day: Monday–Friday, not a public holiday and not an office
/// closing day.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
        && !is_public_holiday(date)
        && !is_office_closing_day(date)
}

/// The date `n` working days after `date`: counting starts the day after `date`, so a request
/// on a Friday with `n = 2` is due on Tuesday (if Monday and Tuesday are working days).
/// `n = 0` returns `date` unchanged, whether or not it is a working day.
///
/// Saturates at the last date chrono can represent instead of panicking.
pub fn add_working_days(date: NaiveDate, n: u32) -> NaiveDate {
    let mut current = date;
    let mut remaining = n;
    while remaining > 0 {
        let Some(next) = current.checked_add_days(Days::new(1)) else {
            return current;
        };
        current = next;
        if is_working_day(current) {
            remaining -= 1;
        }
    }
    current
}

/// A stable, ASCII key naming why `date` is not a working day apart from weekends, for
/// message lookup (e.g. `"langfredag"`); `None` on ordinary days.
///
/// Public holidays: `nytaarsdag`, `skaertorsdag`, `langfredag`, `paaskedag`,
/// `anden-paaskedag`, `store-bededag` (≤ 2023), `kristi-himmelfartsdag`, `pinsedag`,
/// `anden-pinsedag`, `juledag`, `anden-juledag`. Office closing days: `juleaftensdag`,
/// `nytaarsaftensdag`, `grundlovsdag`. When both apply (2. pinsedag can fall on 5 June), the
/// public holiday wins.
pub fn holiday_name_key(date: NaiveDate) -> Option<&'static str> {
    public_holiday_key(date).or_else(|| office_closing_day_key(date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Every non-working day of `year` that is not a plain weekend, with its key.
    fn named_days(year: i32) -> Vec<(NaiveDate, &'static str)> {
        d(year, 1, 1)
            .iter_days()
            .take_while(|day| day.year() == year)
            .filter_map(|day| holiday_name_key(day).map(|k| (day, k)))
            .collect()
    }

    #[test]
    fn easter_sunday_matches_the_almanac_for_2024_to_2030() {
        let cases = [
            (2024, d(2024, 3, 31)),
            (2025, d(2025, 4, 20)),
            (2026, d(2026, 4, 5)),
            (2027, d(2027, 3, 28)),
            (2028, d(2028, 4, 16)),
            (2029, d(2029, 4, 1)),
            (2030, d(2030, 4, 21)),
        ];
        for (year, expected) in cases {
            assert_eq!(easter_sunday(year), Some(expected), "year {year}");
        }
    }

    #[test]
    fn easter_sunday_is_always_a_sunday_between_22_march_and_25_april() {
        for year in 1583..=4100 {
            let easter = easter_sunday(year).unwrap();
            assert_eq!(easter.weekday(), Weekday::Sun, "year {year}");
            assert!(
                easter >= d(year, 3, 22) && easter <= d(year, 4, 25),
                "year {year}"
            );
        }
        // Known extremes.
        assert_eq!(easter_sunday(2285), Some(d(2285, 3, 22)));
        assert_eq!(easter_sunday(2038), Some(d(2038, 4, 25)));
    }

    #[test]
    fn extreme_years_do_not_panic() {
        for year in [i32::MIN, -262_144, -1, 0, 262_143, i32::MAX] {
            let _ = easter_sunday(year);
        }
        let _ = add_working_days(NaiveDate::MAX, 5);
        assert_eq!(add_working_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        let _ = is_working_day(NaiveDate::MIN);
    }

    #[test]
    fn all_holidays_and_closing_days_of_2026() {
        assert_eq!(
            named_days(2026),
            vec![
                (d(2026, 1, 1), "nytaarsdag"),
                (d(2026, 4, 2), "skaertorsdag"),
                (d(2026, 4, 3), "langfredag"),
                (d(2026, 4, 5), "paaskedag"),
                (d(2026, 4, 6), "anden-paaskedag"),
                (d(2026, 5, 14), "kristi-himmelfartsdag"),
                (d(2026, 5, 24), "pinsedag"),
                (d(2026, 5, 25), "anden-pinsedag"),
                (d(2026, 6, 5), "grundlovsdag"),
                (d(2026, 12, 24), "juleaftensdag"),
                (d(2026, 12, 25), "juledag"),
                (d(2026, 12, 26), "anden-juledag"),
                (d(2026, 12, 31), "nytaarsaftensdag"),
            ]
        );
    }

    #[test]
    fn all_holidays_and_closing_days_of_2027() {
        assert_eq!(
            named_days(2027),
            vec![
                (d(2027, 1, 1), "nytaarsdag"),
                (d(2027, 3, 25), "skaertorsdag"),
                (d(2027, 3, 26), "langfredag"),
                (d(2027, 3, 28), "paaskedag"),
                (d(2027, 3, 29), "anden-paaskedag"),
                (d(2027, 5, 6), "kristi-himmelfartsdag"),
                (d(2027, 5, 16), "pinsedag"),
                (d(2027, 5, 17), "anden-pinsedag"),
                (d(2027, 6, 5), "grundlovsdag"),
                (d(2027, 12, 24), "juleaftensdag"),
                (d(2027, 12, 25), "juledag"),
                (d(2027, 12, 26), "anden-juledag"),
                (d(2027, 12, 31), "nytaarsaftensdag"),
            ]
        );
    }

    #[test]
    fn public_holidays_and_closing_days_are_separate_lists() {
        for (date, public, closing) in [
            (d(2026, 4, 3), true, false),   // langfredag
            (d(2026, 12, 25), true, false), // juledag
            (d(2026, 12, 24), false, true), // juleaftensdag
            (d(2026, 12, 31), false, true), // nytårsaftensdag
            (d(2026, 6, 5), false, true),   // grundlovsdag
            (d(2026, 6, 4), false, false),  // an ordinary Thursday
        ] {
            assert_eq!(is_public_holiday(date), public, "{date}");
            assert_eq!(is_office_closing_day(date), closing, "{date}");
        }
    }

    #[test]
    fn store_bededag_counts_only_until_2023() {
        assert_eq!(holiday_name_key(d(2023, 5, 5)), Some("store-bededag"));
        assert!(is_public_holiday(d(2023, 5, 5)));
        assert_eq!(holiday_name_key(d(2022, 5, 13)), Some("store-bededag"));
        // 2024: would have been 26 April; now an ordinary Friday.
        assert_eq!(holiday_name_key(d(2024, 4, 26)), None);
        assert!(is_working_day(d(2024, 4, 26)));
        assert!(is_working_day(d(2027, 4, 23)));
    }

    #[test]
    fn second_pentecost_on_constitution_day_is_named_as_the_holiday() {
        // Easter 2028 is 16 April, so 2. pinsedag is 5 June.
        assert_eq!(holiday_name_key(d(2028, 6, 5)), Some("anden-pinsedag"));
        assert!(is_public_holiday(d(2028, 6, 5)));
        assert!(is_office_closing_day(d(2028, 6, 5)));
    }

    #[test]
    fn weekends_are_not_working_days_but_have_no_holiday_name() {
        assert!(!is_working_day(d(2027, 1, 9))); // Saturday
        assert!(!is_working_day(d(2027, 1, 10))); // Sunday
        assert_eq!(holiday_name_key(d(2027, 1, 9)), None);
        assert!(is_working_day(d(2027, 1, 11))); // Monday
    }

    #[test]
    fn add_working_days_skips_weekends_easter_and_christmas() {
        let cases = [
            // Ordinary week: Monday + 2 = Wednesday.
            (d(2027, 1, 11), 2, d(2027, 1, 13)),
            // Friday + 2 = Tuesday; Saturday and Sunday + 2 likewise.
            (d(2027, 1, 15), 2, d(2027, 1, 19)),
            (d(2027, 1, 16), 2, d(2027, 1, 19)),
            (d(2027, 1, 17), 2, d(2027, 1, 19)),
            // Zero days: unchanged, even on a weekend.
            (d(2027, 1, 16), 0, d(2027, 1, 16)),
            // Easter 2026: Wednesday 1 April + 1 skips Thu 2 (skærtorsdag) to Mon 6
            // (2. påskedag) and lands on Tuesday 7 April.
            (d(2026, 4, 1), 1, d(2026, 4, 7)),
            (d(2026, 4, 1), 2, d(2026, 4, 8)),
            (d(2026, 3, 31), 2, d(2026, 4, 7)),
            // Easter 2027: Wednesday 24 March + 2 = Wednesday 31 March.
            (d(2027, 3, 24), 2, d(2027, 3, 31)),
            // Christmas 2026: Wednesday 23 Dec + 1 skips 24 (closed), 25, 26, 27 → Mon 28.
            (d(2026, 12, 23), 1, d(2026, 12, 28)),
            // Mon 28 Dec 2026 + 3 skips 31 Dec and 1 Jan → Mon 4 Jan 2027.
            (d(2026, 12, 28), 3, d(2027, 1, 4)),
            // Christmas 2027: Thursday 23 Dec + 2 skips Fri 24 – Sun 26 → Tue 28.
            (d(2027, 12, 23), 2, d(2027, 12, 28)),
            // Pentecost and Constitution Day 2026: Thu 4 June + 1 skips Fri 5 June → Mon 8.
            (d(2026, 6, 4), 1, d(2026, 6, 8)),
            // Ascension 2027 (Thursday 6 May): Wednesday 5 May + 1 = Friday 7 May.
            (d(2027, 5, 5), 1, d(2027, 5, 7)),
        ];
        for (start, n, expected) in cases {
            assert_eq!(add_working_days(start, n), expected, "{start} + {n}");
        }
    }

    #[test]
    fn a_year_has_the_expected_number_of_working_days() {
        // 2027: 261 weekdays minus the weekday holidays and closing days
        // (1 Jan, 25 Mar, 26 Mar, 29 Mar, 6 May, 17 May, 24 Dec, 31 Dec) = 253.
        let count = d(2027, 1, 1)
            .iter_days()
            .take_while(|day| day.year() == 2027)
            .filter(|day| is_working_day(*day))
            .count();
        assert_eq!(count, 253);
    }
}
