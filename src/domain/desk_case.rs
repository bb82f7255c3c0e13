//! Rules of the desk's case pages that are not about signing in: how *Mine sager* sorts and
//! filters, the rhythm choices of the desk's form (the same expressions `/rytme` takes), how a
//! participant is shown in the network picture (Netværk), and what kind of thing an audit
//! line is. Pure, table-tested.

use chrono::{DateTime, Duration, Utc, Weekday};

use super::desk::Need;
use super::participant::ParticipantStatus;

/// No answer from anyone for this long: the case counts as silent in *Mine sager*, and an
/// active participant is drawn as silent in the network picture (two missed weekly check-ins).
pub const SILENT_AFTER: Duration = Duration::days(14);

/// How *Mine sager* is sorted (`?orden=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseOrder {
    /// The neediest first ([`Need::sort_key`]).
    #[default]
    Need,
    /// By nickname, A to Å.
    Name,
    /// The soonest next meeting first; cases without one last.
    NextMeeting,
}

impl CaseOrder {
    pub const ALL: [CaseOrder; 3] = [CaseOrder::Need, CaseOrder::Name, CaseOrder::NextMeeting];

    /// The query value; the label is `desk-order-<key>`.
    pub fn key(self) -> &'static str {
        match self {
            CaseOrder::Need => "behov",
            CaseOrder::Name => "navn",
            CaseOrder::NextMeeting => "moede",
        }
    }

    /// Anything unknown is the default order.
    pub fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|o| o.key() == value)
            .unwrap_or_default()
    }
}

/// Which cases *Mine sager* shows (`?vis=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseFilter {
    #[default]
    All,
    /// Only cases with an open alert.
    OpenAlerts,
    /// Only open cases nobody answered in for [`SILENT_AFTER`].
    Silent,
}

impl CaseFilter {
    pub const ALL: [CaseFilter; 3] = [CaseFilter::All, CaseFilter::OpenAlerts, CaseFilter::Silent];

    /// The query value; the label is `desk-filter-<key>`.
    pub fn key(self) -> &'static str {
        match self {
            CaseFilter::All => "alle",
            CaseFilter::OpenAlerts => "alarmer",
            CaseFilter::Silent => "stille",
        }
    }

    /// Anything unknown shows every case.
    pub fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.key() == value)
            .unwrap_or_default()
    }

    /// Whether a case with this need is shown.
    pub fn keeps(self, need: &Need) -> bool {
        match self {
            CaseFilter::All => true,
            CaseFilter::OpenAlerts => need.open_alerts > 0,
            CaseFilter::Silent => !need.closed && is_silent(need.silent_for),
        }
    }
}

/// Silent for at least [`SILENT_AFTER`].
pub fn is_silent(silent_for: Duration) -> bool {
    silent_for >= SILENT_AFTER
}

/// One line of *Mine sager* as the order needs it.
pub struct CaseKey<'a> {
    pub need: Need,
    pub nickname: &'a str,
    pub next_meeting: Option<DateTime<Utc>>,
}

/// Sorts `items` by `order`; ties keep the neediest first.
pub fn sort_cases<T>(items: &mut [T], order: CaseOrder, key: impl Fn(&T) -> CaseKey<'_>) {
    match order {
        CaseOrder::Need => items.sort_by_key(|i| key(i).need.sort_key()),
        CaseOrder::Name => items.sort_by(|a, b| {
            let (a, b) = (key(a), key(b));
            a.nickname
                .to_lowercase()
                .cmp(&b.nickname.to_lowercase())
                .then(a.need.sort_key().cmp(&b.need.sort_key()))
        }),
        CaseOrder::NextMeeting => items.sort_by(|a, b| {
            let (a, b) = (key(a), key(b));
            // `None` after every date.
            (a.next_meeting.is_none(), a.next_meeting)
                .cmp(&(b.next_meeting.is_none(), b.next_meeting))
                .then(a.need.sort_key().cmp(&b.need.sort_key()))
        }),
    }
}

/// How often, in the desk's rhythm form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Weekly,
    EveryOtherWeek,
    Daily,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Weekly, Frequency::EveryOtherWeek, Frequency::Daily];

    /// The form value; the label is `desk-rhythm-<key>`.
    pub fn key(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::EveryOtherWeek => "every-other-week",
            Frequency::Daily => "daily",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == value)
    }
}

/// The times the form offers: on the hour and half hour from 08.00 to 20.30, outside the quiet
/// night (no scheduled message between 21.00 and 08.00).
pub fn rhythm_times() -> Vec<(u32, u32)> {
    (8..=20).flat_map(|h| [(h, 0), (h, 30)]).collect()
}

/// A rhythm chosen in the desk's form instead of typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RhythmChoice {
    pub frequency: Frequency,
    /// Ignored for [`Frequency::Daily`].
    pub weekday: Weekday,
    pub hour: u32,
    pub minute: u32,
}

impl RhythmChoice {
    /// Parses the form's fields (`weekday` 1–7 from Monday, `time` as `HH:MM` from
    /// [`rhythm_times`]).
    pub fn parse(frequency: &str, weekday: &str, time: &str) -> Option<Self> {
        let frequency = Frequency::parse(frequency)?;
        let weekday = match weekday.parse::<u8>().ok()? {
            n @ 1..=7 => Weekday::try_from(n - 1).ok()?,
            _ => return None,
        };
        let (hour, minute) = time.split_once(':')?;
        let (hour, minute) = (hour.parse().ok()?, minute.parse().ok()?);
        rhythm_times().contains(&(hour, minute)).then_some(RhythmChoice {
            frequency,
            weekday,
            hour,
            minute,
        })
    }

    /// The expression `/rytme` takes for the same rhythm, so both go through one parser
    /// (`schedule::parse_rhythm`).
    pub fn expression(&self) -> String {
        let time = format!("{:02}:{:02}", self.hour, self.minute);
        let day = match self.weekday {
            Weekday::Mon => "mandag",
            Weekday::Tue => "tirsdag",
            Weekday::Wed => "onsdag",
            Weekday::Thu => "torsdag",
            Weekday::Fri => "fredag",
            Weekday::Sat => "lørdag",
            Weekday::Sun => "søndag",
        };
        match self.frequency {
            Frequency::Weekly => format!("ugentlig {day} {time}"),
            Frequency::EveryOtherWeek => format!("hver anden uge {day} {time}"),
            Frequency::Daily => format!("dagligt {time}"),
        }
    }
}

/// How a participant is drawn in the network picture: the shape and the word say it, not
/// the colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkState {
    /// Invited, not yet joined: a dashed outline.
    Invited,
    /// Taking part and answering: a filled circle.
    Active,
    /// Taking part, but no answer for [`SILENT_AFTER`]: an empty circle.
    Silent,
    /// Paused by themselves: an empty square.
    Paused,
    /// Stopped by themselves: a square with a cross.
    Stopped,
    /// Telegram says the bot is blocked: a square with a cross.
    Unreachable,
}

impl NetworkState {
    /// The label key is `desk-network-state-<key>`.
    pub fn key(self) -> &'static str {
        match self {
            NetworkState::Invited => "invited",
            NetworkState::Active => "active",
            NetworkState::Silent => "silent",
            NetworkState::Paused => "paused",
            NetworkState::Stopped => "stopped",
            NetworkState::Unreachable => "unreachable",
        }
    }

    /// `None`: removed, not part of the network any more.
    pub fn of(
        status: ParticipantStatus,
        joined_at: Option<DateTime<Utc>>,
        last_answer: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Option<Self> {
        Some(match status {
            ParticipantStatus::Invited => NetworkState::Invited,
            ParticipantStatus::Active => {
                let since = last_answer.or(joined_at).unwrap_or(now);
                if is_silent(now - since) {
                    NetworkState::Silent
                } else {
                    NetworkState::Active
                }
            }
            ParticipantStatus::Paused => NetworkState::Paused,
            ParticipantStatus::Stopped => NetworkState::Stopped,
            ParticipantStatus::Blocked => NetworkState::Unreachable,
            ParticipantStatus::Removed => return None,
        })
    }
}

/// What an audit line is about, for the team leader's audit of a case (the stored action
/// names are English and technical; the page shows these in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditKind {
    ReadChat,
    ReadDesk,
    Case,
    Goal,
    Invitation,
    Participant,
    Rhythm,
    Alert,
    Meeting,
    Call,
    Note,
    Journal,
    Other,
}

impl AuditKind {
    /// The label key is `desk-audit-kind-<key>`.
    pub fn key(self) -> &'static str {
        match self {
            AuditKind::ReadChat => "read_chat",
            AuditKind::ReadDesk => "read_desk",
            AuditKind::Case => "case",
            AuditKind::Goal => "goal",
            AuditKind::Invitation => "invitation",
            AuditKind::Participant => "participant",
            AuditKind::Rhythm => "rhythm",
            AuditKind::Alert => "alert",
            AuditKind::Meeting => "meeting",
            AuditKind::Call => "call",
            AuditKind::Note => "note",
            AuditKind::Journal => "journal",
            AuditKind::Other => "other",
        }
    }

    pub fn of(action: &str) -> Self {
        if action == "read.journal" || action.starts_with("case.exported") {
            return AuditKind::Journal;
        }
        if action.starts_with("read.desk.") {
            return AuditKind::ReadDesk;
        }
        match action.split('.').next().unwrap_or_default() {
            "read" => AuditKind::ReadChat,
            "case" => AuditKind::Case,
            "goal" => AuditKind::Goal,
            "invite" => AuditKind::Invitation,
            "participant" => AuditKind::Participant,
            "rhythm" => AuditKind::Rhythm,
            "alert" => AuditKind::Alert,
            "meeting" => AuditKind::Meeting,
            "call" => AuditKind::Call,
            "note" => AuditKind::Note,
            _ => AuditKind::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::parse_rhythm;
    use chrono::{NaiveDate, TimeZone};

    fn need(urgent: usize, open: usize, days: i64, closed: bool) -> Need {
        Need {
            urgent_alerts: urgent,
            open_alerts: open,
            silent_for: Duration::days(days),
            closed,
        }
    }

    #[test]
    fn order_and_filter_come_from_the_query_and_fall_back_to_the_default() {
        for order in CaseOrder::ALL {
            assert_eq!(CaseOrder::parse(order.key()), order);
        }
        for filter in CaseFilter::ALL {
            assert_eq!(CaseFilter::parse(filter.key()), filter);
        }
        assert_eq!(CaseOrder::parse("<script>"), CaseOrder::Need);
        assert_eq!(CaseFilter::parse(""), CaseFilter::All);
    }

    #[test]
    fn the_filter_keeps_cases_with_alerts_or_long_silence() {
        // (need, all, open alerts, silent)
        let table = [
            (need(0, 0, 1, false), true, false, false),
            (need(1, 1, 1, false), true, true, false),
            (need(0, 2, 20, false), true, true, true),
            (need(0, 0, 14, false), true, false, true),
            (need(0, 0, 13, false), true, false, false),
            (need(0, 0, 40, true), true, false, false),
        ];
        for (need, all, alerts, silent) in table {
            assert_eq!(CaseFilter::All.keeps(&need), all, "{need:?}");
            assert_eq!(CaseFilter::OpenAlerts.keeps(&need), alerts, "{need:?}");
            assert_eq!(CaseFilter::Silent.keeps(&need), silent, "{need:?}");
        }
    }

    #[test]
    fn cases_sort_by_need_name_or_next_meeting() {
        let at = |d| Some(Utc.with_ymd_and_hms(2026, 12, d, 9, 0, 0).unwrap());
        let items = [
            ("Bo", need(0, 0, 3, false), at(10)),
            ("Ali", need(1, 1, 3, false), None),
            ("cille", need(0, 1, 3, false), at(4)),
        ];
        let sorted = |order| {
            let mut list = items.to_vec();
            sort_cases(&mut list, order, |(name, need, next)| CaseKey {
                need: *need,
                nickname: name,
                next_meeting: *next,
            });
            list.iter().map(|(name, ..)| *name).collect::<Vec<_>>()
        };
        assert_eq!(sorted(CaseOrder::Need), ["Ali", "cille", "Bo"]);
        assert_eq!(sorted(CaseOrder::Name), ["Ali", "Bo", "cille"]);
        assert_eq!(sorted(CaseOrder::NextMeeting), ["cille", "Bo", "Ali"]);
    }

    #[test]
    fn every_rhythm_choice_is_an_expression_the_chat_understands() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        for frequency in Frequency::ALL {
            for day in 1..=7 {
                for (h, m) in rhythm_times() {
                    let time = format!("{h:02}:{m:02}");
                    let choice = RhythmChoice::parse(frequency.key(), &day.to_string(), &time)
                        .unwrap_or_else(|| panic!("{frequency:?} {day} {time}"));
                    let expression = choice.expression();
                    let rhythm =
                        parse_rhythm(&expression, today).unwrap_or_else(|e| panic!("{expression}: {e}"));
                    assert!(!rhythm.to_canonical().is_empty());
                }
            }
        }
        let choice = RhythmChoice::parse("every-other-week", "3", "17:00").unwrap();
        assert_eq!(choice.expression(), "hver anden uge onsdag 17:00");
    }

    #[test]
    fn rhythm_choices_outside_the_form_are_refused() {
        for (f, d, t) in [
            ("weekly", "0", "16:00"),
            ("weekly", "8", "16:00"),
            ("weekly", "1", "22:00"),
            ("weekly", "1", "07:30"),
            ("weekly", "1", "16:15"),
            ("monthly", "1", "16:00"),
            ("weekly", "1", "16"),
            ("weekly", "x", "16:00"),
        ] {
            assert_eq!(RhythmChoice::parse(f, d, t), None, "{f} {d} {t}");
        }
    }

    #[test]
    fn the_network_picture_shows_each_state_and_leaves_removed_people_out() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
        let ago = |days| Some(now - Duration::days(days));
        use ParticipantStatus as S;
        let table = [
            (S::Invited, None, None, Some(NetworkState::Invited)),
            (S::Active, ago(30), ago(2), Some(NetworkState::Active)),
            (S::Active, ago(30), ago(14), Some(NetworkState::Silent)),
            (S::Active, ago(3), None, Some(NetworkState::Active)),
            (S::Active, ago(15), None, Some(NetworkState::Silent)),
            (S::Paused, ago(30), ago(20), Some(NetworkState::Paused)),
            (S::Stopped, ago(30), None, Some(NetworkState::Stopped)),
            (S::Blocked, ago(30), None, Some(NetworkState::Unreachable)),
            (S::Removed, ago(30), None, None),
        ];
        for (status, joined, last, expected) in table {
            assert_eq!(
                NetworkState::of(status, joined, last, now),
                expected,
                "{status:?}"
            );
        }
    }

    #[test]
    fn audit_actions_are_grouped_in_kinds() {
        for (action, kind) in [
            ("read.case", AuditKind::ReadChat),
            ("read.desk.case", AuditKind::ReadDesk),
            ("read.journal", AuditKind::Journal),
            ("case.exported", AuditKind::Journal),
            ("case.created", AuditKind::Case),
            ("goal.added", AuditKind::Goal),
            ("invite.revoked", AuditKind::Invitation),
            ("participant.removed", AuditKind::Participant),
            ("rhythm.changed", AuditKind::Rhythm),
            ("alert.assessed", AuditKind::Alert),
            ("meeting.moved", AuditKind::Meeting),
            ("call.recorded", AuditKind::Call),
            ("note.on_agenda", AuditKind::Note),
            ("desk.login", AuditKind::Other),
            ("", AuditKind::Other),
        ] {
            assert_eq!(AuditKind::of(action), kind, "{action}");
        }
    }
}
