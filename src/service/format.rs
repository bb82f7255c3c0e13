//! How people, dates and times are written in messages: participant labels for staff, names
//! in an agenda, meeting kinds, "torsdag 3. december kl. 14.00".

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

use super::Context;
use crate::domain::meeting::MeetingKind;
use crate::domain::participant::Role;
use crate::domain::schedule::Rhythm;
use crate::i18n::Args;
use crate::i18n::Lang;
use crate::store::{CaseRecord, ParticipantRecord};

/// "torsdag 3. december kl. 14.00" in the local time zone.
pub fn when_text(ctx: &Context, lang: Lang, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&ctx.timezone);
    ctx.texts.ta(
        lang,
        "meeting-when",
        Args::new()
            .with(
                "weekday",
                ctx.texts.t(
                    lang,
                    &format!("agenda-weekday-{}", local.weekday().number_from_monday()),
                ),
            )
            .with("day", local.day().to_string())
            .with(
                "month",
                ctx.texts.t(lang, &format!("agenda-month-{}", local.month())),
            )
            .with("hour", format!("{:02}", local.hour()))
            .with("minute", format!("{:02}", local.minute())),
    )
}

/// "17. december 2026".
pub fn date_text(ctx: &Context, lang: Lang, date: NaiveDate) -> String {
    ctx.texts.ta(
        lang,
        "meeting-date",
        Args::new()
            .with("day", date.day().to_string())
            .with(
                "month",
                ctx.texts.t(lang, &format!("agenda-month-{}", date.month())),
            )
            .with("year", date.year().to_string()),
    )
}

pub fn kind_name(ctx: &Context, lang: Lang, kind: MeetingKind) -> String {
    ctx.texts.t(lang, &format!("meeting-kind-{}", kind.key()))
}

/// How participants see each other in an agenda: a name, else the relation, else the role.
pub fn name_for_participants(ctx: &Context, lang: Lang, case: &CaseRecord, p: &ParticipantRecord) -> String {
    if let Some(name) = &p.name {
        return name.clone();
    }
    if let Some(relation) = &p.relation {
        return relation.clone();
    }
    match p.role {
        Role::Youth => case.nickname.clone(),
        role => ctx.texts.t(lang, &format!("role-{}", role.key())),
    }
}

/// Who reads a text, for the catalogue's `$reader` selector: the young person is spoken to
/// about herself without her name ("Du er inviteret til et møde"), adults are told whom it is
/// about ("… et møde om Lea").
pub fn reader(role: Role) -> &'static str {
    match role {
        Role::Youth => "youth",
        Role::Parent | Role::Witness => "adult",
    }
}

/// How staff see a participant: "mormor (Inge)", "forælder (Ali)", "ung".
pub fn participant_label(ctx: &Context, lang: Lang, p: &ParticipantRecord) -> String {
    let role = ctx.texts.t(lang, &format!("role-{}", p.role.key()));
    let what = p.relation.clone().unwrap_or(role);
    match &p.name {
        Some(name) => format!("{what} ({name})"),
        None => what,
    }
}

/// A check-in rhythm in words: "hver torsdag kl. 15.30", "hver anden onsdag kl. 17.00",
/// "hver dag kl. 16.00"; a cron expression as itself (the caseworker wrote it).
pub fn rhythm_text(ctx: &Context, lang: Lang, rhythm: &Rhythm) -> String {
    let weekday = |day: chrono::Weekday| {
        ctx.texts
            .t(lang, &format!("agenda-weekday-{}", day.number_from_monday()))
    };
    let time = |t: chrono::NaiveTime| format!("{:02}.{:02}", t.hour(), t.minute());
    match rhythm {
        Rhythm::Cron(cron) => ctx.texts.ta(
            lang,
            "rhythm-cron",
            Args::new().with("expression", cron.expression().to_string()),
        ),
        Rhythm::Daily { time: at } => ctx
            .texts
            .ta(lang, "rhythm-daily", Args::new().with("time", time(*at))),
        Rhythm::Weekly {
            weekday: day,
            time: at,
        } => ctx.texts.ta(
            lang,
            "rhythm-weekly",
            Args::new().with("weekday", weekday(*day)).with("time", time(*at)),
        ),
        Rhythm::EveryOtherWeek {
            weekday: day,
            time: at,
            ..
        } => ctx.texts.ta(
            lang,
            "rhythm-every-other-week",
            Args::new().with("weekday", weekday(*day)).with("time", time(*at)),
        ),
    }
}

/// A kind sentence for a text that cannot be stored (the chat's answer and the desk's notice).
pub fn text_error(ctx: &Context, lang: Lang, error: &crate::domain::text::TextError, max: usize) -> String {
    use crate::domain::text::TextError;
    match error {
        TextError::Empty => ctx.texts.t(lang, "text-empty"),
        TextError::TooLong { .. } => {
            ctx.texts
                .ta(lang, "text-too-long-for-field", Args::new().with("max", max))
        }
        TextError::LooksLikeCpr => ctx.texts.t(lang, "text-looks-like-cpr"),
    }
}

/// A kind sentence for a meeting date or time that was not understood or cannot be used.
pub fn when_error(ctx: &Context, lang: Lang, error: &crate::domain::meeting::WhenError) -> String {
    use crate::domain::meeting::{DateError, MAX_DAYS_AHEAD, TimeError, WhenError};
    let t = |key: &str| ctx.texts.t(lang, key);
    match error {
        WhenError::Date(DateError::Malformed) => t("meeting-date-malformed"),
        WhenError::Date(DateError::NoSuchDate) => t("meeting-date-no-such-date"),
        WhenError::Date(DateError::InPast) => t("meeting-date-in-past"),
        WhenError::Date(DateError::TooFarAhead) => ctx.texts.ta(
            lang,
            "meeting-date-too-far",
            Args::new().with("days", MAX_DAYS_AHEAD),
        ),
        WhenError::Time(TimeError::Malformed) => t("meeting-time-malformed"),
        WhenError::Time(TimeError::NoSuchTime) => t("meeting-time-no-such-time"),
        WhenError::InPast => t("meeting-time-in-past"),
    }
}
