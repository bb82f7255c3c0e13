//! Scheduled work around meetings and follow-up, called from the scheduler's pass:
//!
//! * meetings: the agenda to the invitees, the gentle reminder, the agenda draft to the
//!   caseworker, and "Blev mødet holdt?" after the meeting;
//! * call tasks: the reminders on day 10 and on the due day;
//! * the statutory follow-up: reminders 14 days before and on the due date, the overdue
//!   message to the caseworker, and the team leader after 7 days;
//! * the caseworkers' daily digest at 08:00 on working days.
//!
//! Each item is found in the database by time and handled in its own small transaction; a
//! flag or a row marks it done and every message has a de-duplication key, so running a pass
//! twice never sends twice. Participants get messages after quiet hours; staff at once.

use chrono::{DateTime, Days, NaiveDate, Utc};
use tracing::Instrument;

use crate::domain::followup::{
    CALL_FIRST_REMINDER_DAY, CaseRef, DIGEST_FOLLOW_UP_DAYS, Digest, DigestAgenda, DigestAlert, DigestCall,
    DigestFollowUp, DigestMeeting, StatutoryAction, call_in_digest, digest_dedup_key, digest_due,
    follow_up_in_digest, meeting_in_digest,
};
use crate::domain::ids::StaffId;
use crate::domain::meeting::outcome_question_at;
use crate::i18n::{Args, Lang};
use crate::service::format::{date_text, participant_label, when_text};
use crate::service::meeting;
use crate::service::meeting_draft::send_scheduled as send_draft;
use crate::service::{Context, queue_notice};
use crate::store::{CaseRecord, MeetingRecord, StatutoryRecord, Store, Tx};
use crate::telegram::outgoing::{Outgoing, fit_text};

/// How many items one pass takes of each kind; the next tick continues.
const BATCH: i64 = 200;
/// Lines per digest section before "… og N mere".
const DIGEST_SECTION_MAX: usize = 8;

/// One pass over everything meeting-related that is due at `now`. Returns how many items
/// were handled.
pub async fn run(store: &Store, ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let job = |name: &'static str| tracing::info_span!("job", name);
    let mut done = meetings(store, ctx, now).instrument(job("meetings")).await?;
    done += call_reminders(store, ctx, now)
        .instrument(job("call_reminders"))
        .await?;
    done += statutory(store, ctx, now)
        .instrument(job("statutory_follow_up"))
        .await?;
    done += digests(store, ctx, now).instrument(job("digests")).await?;
    Ok(done)
}

// ---------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------

async fn meetings(store: &Store, ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let due = {
        let mut tx = store.read().await?;
        let started_before = now - crate::domain::meeting::OUTCOME_QUESTION_DELAY;
        let due = tx.meetings_with_work(now, started_before, BATCH).await?;
        tx.commit().await?;
        due
    };
    let mut handled = 0;
    for meeting in due {
        let result = async {
            let mut tx = store.begin().await?;
            // Read again inside the transaction: another pass may have been first.
            if let Some(current) = tx.meeting(meeting.id).await? {
                one_meeting(&mut tx, ctx, now, &current).await?;
            }
            tx.commit().await?;
            anyhow::Ok(())
        }
        .await;
        match result {
            Ok(()) => handled += 1,
            Err(error) => tracing::error!(meeting_id = %meeting.id, %error, "meeting job failed"),
        }
    }
    Ok(handled)
}

#[tracing::instrument(skip_all, fields(meeting_id = %m.id, case_id = %m.case_id))]
async fn one_meeting(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    m: &MeetingRecord,
) -> anyhow::Result<()> {
    if !m.status.is_planned() {
        return Ok(());
    }
    let started = now >= m.at;
    if m.agenda_sent_at.is_none() && m.agenda_at <= now {
        // After downtime past the meeting's start an agenda is no use any more.
        if !started {
            let sent = meeting::send_agenda(tx, ctx, now, m, None).await?;
            tracing::info!(meeting_id = %m.id, sent, "agenda sent");
        }
        tx.mark_agenda_sent(m.id, now).await?;
    }
    if m.reminder_sent_at.is_none() && m.reminder_at.is_some_and(|at| at <= now) {
        if !started {
            let sent = meeting::send_agenda_reminders(tx, ctx, now, m).await?;
            tracing::info!(meeting_id = %m.id, sent, "agenda reminders sent");
        }
        tx.mark_agenda_reminder_sent(m.id, now).await?;
    }
    if m.draft_sent_at.is_none() && m.draft_at <= now {
        if !started {
            send_draft(tx, ctx, now, m).await?;
            tracing::info!(meeting_id = %m.id, "agenda draft sent");
        }
        tx.mark_draft_sent(m.id, now).await?;
    }
    if m.outcome_asked_at.is_none() && outcome_question_at(m.at) <= now {
        meeting::ask_outcome(tx, ctx, now, m).await?;
        tx.mark_outcome_asked(m.id, now).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Call tasks
// ---------------------------------------------------------------------------------------------

async fn call_reminders(store: &Store, ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let now_local = now.with_timezone(&ctx.timezone).naive_local();
    let today = now_local.date();
    let day10_from = today
        .checked_sub_days(Days::new(CALL_FIRST_REMINDER_DAY))
        .unwrap_or(today);
    let candidates = {
        let mut tx = store.read().await?;
        let tasks = tx.call_tasks_to_remind(today, day10_from, BATCH).await?;
        tx.commit().await?;
        tasks
    };
    let mut handled = 0;
    for record in candidates {
        let Some(reminder) = record.task.reminder_due(now_local) else {
            continue;
        };
        let result = async {
            let mut tx = store.begin().await?;
            let key = format!("call:{}:{}:{}", record.id, record.task.due, reminder.key());
            let heading = format!("call-reminder-{}", reminder.key());
            crate::service::calls::send_to_caseworker(&mut tx, ctx, now, &record, &heading, &key).await?;
            tx.update_call_task(record.id, &record.task.mark_reminded(reminder), None, now)
                .await?;
            tx.commit().await?;
            anyhow::Ok(())
        }
        .await;
        match result {
            Ok(()) => handled += 1,
            Err(error) => tracing::error!(call_task_id = %record.id, %error, "call reminder failed"),
        }
    }
    Ok(handled)
}

// ---------------------------------------------------------------------------------------------
// Statutory follow-up
// ---------------------------------------------------------------------------------------------

async fn statutory(store: &Store, ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let now_local = now.with_timezone(&ctx.timezone).naive_local();
    let today = now_local.date();
    let due_by = today
        .checked_add_days(Days::new(DIGEST_FOLLOW_UP_DAYS))
        .unwrap_or(today);
    let candidates = {
        let mut tx = store.read().await?;
        let rows = tx.statutory_to_check(due_by, BATCH).await?;
        tx.commit().await?;
        rows
    };
    let mut handled = 0;
    for record in candidates {
        let Some(action) = record.follow_up.action(now_local) else {
            continue;
        };
        let result = async {
            let mut tx = store.begin().await?;
            statutory_action(&mut tx, ctx, now, &record, action).await?;
            tx.mark_statutory(record.case_id, &record.follow_up.mark(action))
                .await?;
            tx.commit().await?;
            anyhow::Ok(())
        }
        .await;
        match result {
            Ok(()) => handled += 1,
            Err(error) => {
                tracing::error!(case_id = %record.case_id, %error, "statutory follow-up job failed")
            }
        }
    }
    Ok(handled)
}

#[tracing::instrument(skip_all, fields(case_id = %record.case_id))]
async fn statutory_action(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    record: &StatutoryRecord,
    action: StatutoryAction,
) -> anyhow::Result<()> {
    let Some(case) = tx.case(record.case_id).await? else {
        return Ok(());
    };
    let Some(caseworker) = tx.staff(case.caseworker_id).await? else {
        return Ok(());
    };
    let today = ctx.today(now);
    let due = record.follow_up.due;
    let key = format!("statutory:{}:{}:{}", case.id, due, action.key());
    let args = |lang: Lang| {
        Args::new()
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone())
            .with("due", date_text(ctx, lang, due))
            .with("days", (due - today).num_days().abs())
            .with("caseworker", caseworker.name.clone())
    };
    let label = match action {
        StatutoryAction::RemindSoon => "statutory-remind_soon",
        StatutoryAction::RemindDue => "statutory-remind_due",
        StatutoryAction::Alert => "statutory-alert",
        StatutoryAction::Escalate => "statutory-escalate",
    };
    if action == StatutoryAction::Escalate {
        let leaders = tx.team_leaders_of(caseworker.id).await?;
        if leaders.is_empty() {
            tracing::warn!(case_id = %case.id, "no team leader to escalate the overdue follow-up to");
        }
        for leader in leaders {
            let Some(chat) = leader.telegram_user_id else {
                continue;
            };
            let message = Outgoing::Text {
                text: ctx.texts.ta(leader.lang, label, args(leader.lang)),
                buttons: Vec::new(),
            };
            queue_notice(tx, &format!("{key}:{}", leader.id), chat.0, &message, now).await?;
        }
        return Ok(());
    }
    let Some(chat) = caseworker.telegram_user_id else {
        return Ok(());
    };
    let message = Outgoing::Text {
        text: ctx.texts.ta(caseworker.lang, label, args(caseworker.lang)),
        buttons: Vec::new(),
    };
    queue_notice(tx, &key, chat.0, &message, now).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Daily digest
// ---------------------------------------------------------------------------------------------

async fn digests(store: &Store, ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let now_local = now.with_timezone(&ctx.timezone).naive_local();
    if !digest_due(now_local) {
        return Ok(0);
    }
    let today = now_local.date();
    let staff = {
        let mut tx = store.read().await?;
        let staff = tx.staff_without_digest(today, BATCH).await?;
        tx.commit().await?;
        staff
    };
    let mut handled = 0;
    for id in staff {
        let result = async {
            let mut tx = store.begin().await?;
            let sent = digest_for(&mut tx, ctx, now, id, today).await?;
            tx.mark_digest(id, today, sent, now).await?;
            tx.commit().await?;
            anyhow::Ok(())
        }
        .await;
        match result {
            Ok(()) => handled += 1,
            Err(error) => tracing::error!(staff_id = %id, %error, "daily digest failed"),
        }
    }
    Ok(handled)
}

fn case_ref(case: &CaseRecord) -> CaseRef {
    CaseRef {
        code: case.code.to_string(),
        nickname: case.nickname.clone(),
    }
}

/// Collects one staff member's digest for `today`; queues it unless it is empty.
#[tracing::instrument(skip_all, fields(staff_id = %id))]
async fn digest_for(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    id: StaffId,
    today: NaiveDate,
) -> anyhow::Result<bool> {
    let Some(staff) = tx.staff(id).await? else {
        return Ok(false);
    };
    let Some(chat) = staff.telegram_user_id else {
        return Ok(false);
    };
    let lang = staff.lang;
    // Their own cases, unless someone covers their absence, and those of colleagues they
    // cover for (`/fravaer`).
    let owners = crate::service::cover::digest_owners(tx, &staff, today).await?;
    let mut digest = Digest::new(today);
    for owner in &owners {
        collect_digest(tx, ctx, now, owner.id, today, lang, &mut digest).await?;
    }
    if digest.is_empty() {
        return Ok(false);
    }
    digest.sort();
    let mut text = render_digest(ctx, lang, &digest);
    let covered: Vec<String> = owners
        .iter()
        .filter(|o| o.id != id)
        .map(|o| o.name.clone())
        .collect();
    if !covered.is_empty() {
        text.push_str("\n\n");
        text.push_str(&ctx.texts.ta(
            lang,
            "digest-covering",
            Args::new().with("names", covered.join(", ")),
        ));
    }
    let message = Outgoing::Text {
        text: fit_text(&text),
        buttons: Vec::new(),
    };
    queue_notice(tx, &digest_dedup_key(id, today), chat.0, &message, now).await?;
    Ok(true)
}

/// Adds the cases of `owner` (a caseworker) to a digest.
async fn collect_digest(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    owner: StaffId,
    today: NaiveDate,
    lang: Lang,
    digest: &mut Digest,
) -> anyhow::Result<()> {
    let id = owner;
    let cases: Vec<CaseRecord> = tx
        .cases_visible_to(id)
        .await?
        .into_iter()
        .filter(|c| c.caseworker_id == id)
        .collect();
    let case_of = |case_id| cases.iter().find(|c| c.id == case_id);

    for alert in tx.open_alerts_for(id).await? {
        let Some(case) = case_of(alert.case_id) else {
            continue;
        };
        digest.open_alerts.push(DigestAlert {
            id: alert.id,
            case: case_ref(case),
            rule: alert.rule,
            urgency: alert.urgency,
            raised_at: alert.raised_at,
        });
    }
    for task in tx.open_call_tasks_for(id).await? {
        if !call_in_digest(task.task.due, today) {
            continue;
        }
        let Some(case) = case_of(task.case_id) else {
            continue;
        };
        let who = match tx.participant(task.participant_id).await? {
            Some(p) => participant_label(ctx, lang, &p),
            None => String::new(),
        };
        digest.calls.push(DigestCall {
            task: task.id,
            case: case_ref(case),
            who,
            reason: task.task.reason,
            due: task.task.due,
        });
    }
    for m in tx.planned_meetings_for(id).await? {
        let Some(case) = case_of(m.case_id) else { continue };
        let date = m.at.with_timezone(&ctx.timezone).date_naive();
        if meeting_in_digest(date, today) {
            digest.meetings.push(DigestMeeting {
                meeting: m.id,
                case: case_ref(case),
                kind: m.kind,
                at: m.at,
            });
        }
        if m.agenda_sent_at.is_some() && m.at > now {
            let mut invited = 0;
            let mut answered = 0;
            for invitee in tx.invitees(m.id).await? {
                if invitee.agenda_sent_at.is_none() {
                    continue;
                }
                invited += 1;
                if meeting::answered(tx, &invitee).await? {
                    answered += 1;
                }
            }
            if invited > answered {
                digest.agendas_waiting.push(DigestAgenda {
                    meeting: m.id,
                    case: case_ref(case),
                    at: m.at,
                    answered,
                    invited,
                });
            }
        }
    }
    for record in tx.statutory_for(id).await? {
        if !follow_up_in_digest(record.follow_up.due, today) {
            continue;
        }
        let Some(case) = case_of(record.case_id) else {
            continue;
        };
        digest.follow_ups.push(DigestFollowUp {
            case: case_ref(case),
            due: record.follow_up.due,
        });
    }
    Ok(())
}

/// The digest as one plain-text message: a title and the non-empty sections.
pub fn render_digest(ctx: &Context, lang: Lang, digest: &Digest) -> String {
    let t = |key: &str, args: Args<'_>| ctx.texts.ta(lang, key, args);
    let case_args = |case: &CaseRef| {
        Args::new()
            .with("code", case.code.clone())
            .with("nickname", case.nickname.clone())
    };
    let mut lines = vec![t(
        "digest-title",
        Args::new().with("date", date_text(ctx, lang, digest.date)),
    )];
    let mut section = |heading: &str, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        lines.push(String::new());
        lines.push(t(heading, Args::new().with("count", items.len())));
        let more = items.len().saturating_sub(DIGEST_SECTION_MAX);
        lines.extend(items.into_iter().take(DIGEST_SECTION_MAX));
        if more > 0 {
            lines.push(t("digest-more", Args::new().with("count", more)));
        }
    };
    section(
        "digest-alerts-heading",
        digest
            .open_alerts
            .iter()
            .map(|a| {
                let key = if a.urgency == crate::domain::alert_rules::Urgency::Urgent {
                    "digest-alert-line-urgent"
                } else {
                    "digest-alert-line"
                };
                t(
                    key,
                    case_args(&a.case)
                        .with("id", a.id.0)
                        .with("rule", ctx.texts.t(lang, &format!("rule-{}", a.rule.key()))),
                )
            })
            .collect(),
    );
    section(
        "digest-calls-heading",
        digest
            .calls
            .iter()
            .map(|c| {
                let days = digest.days_overdue(c.due);
                let key = if days > 0 {
                    "digest-call-line-overdue"
                } else {
                    "digest-call-line"
                };
                t(
                    key,
                    case_args(&c.case).with("who", c.who.clone()).with("days", days),
                )
            })
            .collect(),
    );
    section(
        "digest-meetings-heading",
        digest
            .meetings
            .iter()
            .map(|m| {
                t(
                    "digest-meeting-line",
                    case_args(&m.case).with("when", when_text(ctx, lang, m.at)).with(
                        "kind",
                        ctx.texts.t(lang, &format!("meeting-kind-{}", m.kind.key())),
                    ),
                )
            })
            .collect(),
    );
    section(
        "digest-agendas-heading",
        digest
            .agendas_waiting
            .iter()
            .map(|a| {
                t(
                    "digest-agenda-line",
                    case_args(&a.case)
                        .with("when", when_text(ctx, lang, a.at))
                        .with("answered", a.answered)
                        .with("invited", a.invited),
                )
            })
            .collect(),
    );
    section(
        "digest-follow-ups-heading",
        digest
            .follow_ups
            .iter()
            .map(|f| {
                let days = digest.days_overdue(f.due);
                let key = if days > 0 {
                    "digest-follow-up-line-overdue"
                } else {
                    "digest-follow-up-line"
                };
                t(
                    key,
                    case_args(&f.case)
                        .with("due", date_text(ctx, lang, f.due))
                        .with("days", days),
                )
            })
            .collect(),
    );
    lines.join("\n")
}
