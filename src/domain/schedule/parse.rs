//! Parsing what a caseworker types as a rhythm ("hver mandag kl. 16", "ugentlig", a cron
//! expression) into a [`Rhythm`], with the safety checks stored data does not need.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::MIN_CRON_SPACING;
use super::rhythm::{CronSchedule, Rhythm, RhythmError};
use super::role::normalize_word;

/// How many upcoming cron occurrences are inspected when checking [`MIN_CRON_SPACING`].
const CRON_SPACING_SAMPLE: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frequency {
    Daily,
    Weekly,
    EveryOtherWeek,
}

/// Parses the expression part of `/rytme <kode> <rolle> <udtryk>`.
///
/// Accepted:
/// * Danish shortcuts (case-insensitive, `ø`/`æ`/`å` optional, word order free):
///   `ugentlig mandag 16:00`, `hver uge mandag 16`, `hver mandag kl. 16`, `mandag 16.30`,
///   `hver anden uge onsdag 17:00`, `hver 2. uge onsdag kl. 17`, `hver 14. dag ons 17`,
///   `dagligt 18:00`, `hver dag 18`; weekdays `mandag`…`søndag`, short `man`/`tir`/`ons`/
///   `tor`/`fre`/`lør`/`søn` (`lor`, `son`), two-letter `ma`/`ti`/`to`/`fr`/`lø`/`sø`, and
///   plural/definite forms (`mandage`, `mandagen`).
/// * The English equivalents: `weekly monday 16:00`, `every other week wed 5pm`,
///   `biweekly`, `fortnightly`, `every 2 weeks`, `daily 18:00`, `every day 18:00`.
/// * A cron expression as the `cron` crate accepts it (6 or 7 fields, seconds first, or
///   `@daily` etc.), with two safety checks: the day-of-week must be written with names
///   ([`RhythmError::CronNumericWeekday`]) and occurrences may not come closer than
///   [`MIN_CRON_SPACING`]. It must also fire at least once from `today` on.
///
/// Every-other-week rhythms are anchored at `today` (the week the rhythm is set is an "on"
/// week).
pub fn parse_rhythm(input: &str, today: NaiveDate) -> Result<Rhythm, RhythmError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(RhythmError::Empty);
    }
    // A shortcut can never be a valid cron expression (cron needs ≥ 6 fields, a shortcut has
    // at most one number), so trying the shortcut grammar first is safe; its error is kept
    // unless the input looks like cron.
    match parse_shortcut(input, today) {
        Ok(rhythm) => Ok(rhythm),
        // Whoever wrote `*` or six numbers meant cron: report the cron problem instead.
        Err(_) if looks_like_cron(input) => parse_user_cron(input, today),
        Err(err) => Err(err),
    }
}

fn looks_like_cron(input: &str) -> bool {
    let fields: Vec<&str> = input.split_whitespace().collect();
    let first_char = fields.first().and_then(|f| f.chars().next());
    input.starts_with('@')
        || input.contains('*')
        || fields.contains(&"?")
        || ((5..=7).contains(&fields.len()) && first_char.is_some_and(|c| c.is_ascii_digit()))
}

fn parse_user_cron(input: &str, today: NaiveDate) -> Result<Rhythm, RhythmError> {
    let fields: Vec<&str> = input.split_whitespace().collect();
    if (6..=7).contains(&fields.len()) && fields[5].chars().any(|c| c.is_ascii_digit()) {
        return Err(RhythmError::CronNumericWeekday);
    }
    let cron = CronSchedule::parse(input)?;
    let start = today.and_time(NaiveTime::MIN);
    let sample: Vec<NaiveDateTime> = cron.naive_after(start).take(CRON_SPACING_SAMPLE).collect();
    if sample.is_empty() {
        return Err(RhythmError::CronNeverFires);
    }
    if sample.windows(2).any(|w| w[1] - w[0] < MIN_CRON_SPACING) {
        return Err(RhythmError::CronTooFrequent);
    }
    Ok(Rhythm::Cron(cron))
}

const EVERY: &[&str] = &["hver", "hvert", "every", "each"];
const WEEK_WORDS: &[&str] = &["uge", "ugen", "uger", "week", "weeks"];
const DAY_WORDS: &[&str] = &["dag", "dage", "day", "days"];
const OTHER_WORDS: &[&str] = &["anden", "andet", "2.", "2", "to", "other", "second", "2nd", "two"];
const FOURTEEN_WORDS: &[&str] = &["14.", "14", "fjortende", "fourteen"];
const FILLER: &[&str] = &[
    "kl", "kl.", "klokken", "om", "pa", "paa", "at", "on", "den", "the", "-",
];

fn parse_shortcut(input: &str, today: NaiveDate) -> Result<Rhythm, RhythmError> {
    let raw: Vec<&str> = input
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let words: Vec<String> = raw.iter().map(|t| normalize_word(t)).collect();

    let mut frequency: Option<Frequency> = None;
    let mut weekday: Option<Weekday> = None;
    let mut time: Option<NaiveTime> = None;

    let mut set_frequency = |f: Frequency| match frequency {
        Some(existing) if existing != f => Err(RhythmError::ConflictingFrequency),
        _ => {
            frequency = Some(f);
            Ok(())
        }
    };

    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        let after_next = words.get(i + 2).map(String::as_str);
        let is = |w: Option<&str>, set: &[&str]| w.is_some_and(|w| set.contains(&w));

        if EVERY.contains(&word) {
            if is(next, WEEK_WORDS) {
                set_frequency(Frequency::Weekly)?;
                i += 2;
            } else if is(next, DAY_WORDS) {
                set_frequency(Frequency::Daily)?;
                i += 2;
            } else if (is(next, OTHER_WORDS) && is(after_next, WEEK_WORDS))
                || (is(next, FOURTEEN_WORDS) && is(after_next, DAY_WORDS))
            {
                set_frequency(Frequency::EveryOtherWeek)?;
                i += 3;
            } else if next.and_then(parse_weekday_word).is_some() {
                // "hver mandag": weekly unless something more specific says otherwise.
                i += 1;
            } else {
                return Err(RhythmError::UnclearFrequency);
            }
            continue;
        }
        if word == "hveranden" {
            if !is(next, WEEK_WORDS) {
                return Err(RhythmError::UnclearFrequency);
            }
            set_frequency(Frequency::EveryOtherWeek)?;
            i += 2;
            continue;
        }
        match word {
            "ugentlig" | "ugentligt" | "ugentlige" | "weekly" => {
                set_frequency(Frequency::Weekly)?;
            }
            "dagligt" | "daglig" | "daglige" | "daily" => set_frequency(Frequency::Daily)?,
            "biweekly" | "fortnightly" => set_frequency(Frequency::EveryOtherWeek)?,
            _ if FILLER.contains(&word) => {}
            _ => {
                if let Some(day) = parse_weekday_word(word) {
                    if weekday.is_some_and(|w| w != day) {
                        return Err(RhythmError::MoreThanOneWeekday);
                    }
                    weekday = Some(day);
                } else if let Some(parsed) = parse_time_word(word) {
                    let parsed = parsed.map_err(|()| RhythmError::InvalidTime(raw[i].to_owned()))?;
                    if time.is_some_and(|t| t != parsed) {
                        return Err(RhythmError::MoreThanOneTime);
                    }
                    time = Some(parsed);
                } else {
                    return Err(RhythmError::UnknownWord(raw[i].to_owned()));
                }
            }
        }
        i += 1;
    }

    let frequency = match (frequency, weekday) {
        (Some(f), _) => f,
        (None, Some(_)) => Frequency::Weekly,
        (None, None) => return Err(RhythmError::MissingWeekday),
    };
    let time = time.ok_or(RhythmError::MissingTime)?;
    match frequency {
        Frequency::Daily if weekday.is_some() => Err(RhythmError::WeekdayWithDaily),
        Frequency::Daily => Ok(Rhythm::Daily { time }),
        Frequency::Weekly => Ok(Rhythm::Weekly {
            weekday: weekday.ok_or(RhythmError::MissingWeekday)?,
            time,
        }),
        Frequency::EveryOtherWeek => Ok(Rhythm::EveryOtherWeek {
            weekday: weekday.ok_or(RhythmError::MissingWeekday)?,
            time,
            anchor: today,
        }),
    }
}

/// Weekday names after [`normalize_word`]: Danish full, plural, definite, 3- and 2-letter
/// forms, the `oe` spelling, and English. "on" is left out on purpose: in English it is the
/// filler in "every week on Monday".
fn parse_weekday_word(word: &str) -> Option<Weekday> {
    const TABLE: &[(Weekday, &str, &[&str])] = &[
        (Weekday::Mon, "mandag", &["man", "ma", "monday", "mon", "mondays"]),
        (
            Weekday::Tue,
            "tirsdag",
            &["tir", "tirs", "ti", "tuesday", "tue", "tues", "tuesdays"],
        ),
        (Weekday::Wed, "onsdag", &["ons", "wednesday", "wed", "wednesdays"]),
        (
            Weekday::Thu,
            "torsdag",
            &[
                "tor",
                "tors",
                "to",
                "thursday",
                "thu",
                "thur",
                "thurs",
                "thursdays",
            ],
        ),
        (Weekday::Fri, "fredag", &["fre", "fr", "friday", "fri", "fridays"]),
        (
            Weekday::Sat,
            "lordag",
            &["lor", "lo", "loerdag", "loer", "saturday", "sat", "saturdays"],
        ),
        (
            Weekday::Sun,
            "sondag",
            &["son", "so", "soendag", "soen", "sunday", "sun", "sundays"],
        ),
    ];
    TABLE.iter().find_map(|(day, full, others)| {
        let inflected = word
            .strip_prefix(full)
            .is_some_and(|rest| matches!(rest, "" | "e" | "en"));
        (inflected || others.contains(&word)).then_some(*day)
    })
}

/// `None`: not a time-like word at all. `Some(Err)`: looks like a time but is invalid.
///
/// Accepts `16`, `16:00`, `16.00`, `kl.16`, `17.` and `5pm`/`5:30pm`.
fn parse_time_word(word: &str) -> Option<Result<NaiveTime, ()>> {
    let word = word
        .strip_prefix("kl.")
        .or_else(|| word.strip_prefix("kl"))
        .unwrap_or(word);
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(parse_clock(word))
}

pub(super) fn parse_clock(word: &str) -> Result<NaiveTime, ()> {
    let (word, pm) = if let Some(w) = word.strip_suffix("pm") {
        (w, Some(true))
    } else if let Some(w) = word.strip_suffix("am") {
        (w, Some(false))
    } else {
        (word, None)
    };
    let word = word.strip_suffix('.').unwrap_or(word);
    let (h, m) = match word.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return Err(()),
        None => (word, "00"),
    };
    if h.is_empty() || h.len() > 2 {
        return Err(());
    }
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !all_digits(h) || !all_digits(m) {
        return Err(());
    }
    let mut hour: u32 = h.parse().map_err(|_| ())?;
    let minute: u32 = m.parse().map_err(|_| ())?;
    if let Some(is_pm) = pm {
        if !(1..=12).contains(&hour) {
            return Err(());
        }
        hour = match (hour, is_pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or(())
}
