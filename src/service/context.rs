//! What every use case may use besides the transaction: texts, the clock, local time and the
//! service's settings.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::clock::Clock;
use crate::domain::schedule::QuietHours;
use crate::i18n::{Lang, Texts};

/// What every handler may use besides the transaction.
pub struct Context {
    pub texts: Arc<Texts>,
    pub clock: Arc<dyn Clock>,
    pub default_lang: Lang,
    pub timezone: Tz,
    pub bot_username: String,
    /// No scheduled message to participants in this window (staff alerts are never held).
    pub quiet_hours: QuietHours,
    /// After downtime, occurrences younger than this are still sent; older ones are skipped.
    pub catch_up_grace: chrono::Duration,
    /// When agendas, reminders and drafts go out before a meeting.
    pub meeting_timing: crate::domain::meeting::MeetingTiming,
    /// Days from a closed case's journal export to its purge.
    pub retention_days: u32,
    /// Where the web desk's sign-in links start (`DESK_PUBLIC_URL`); `None` when the desk is off.
    pub desk_url: Option<String>,
}

impl Context {
    /// The local calendar day at `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.timezone).date_naive()
    }
}
