//! Raising an alert (with hygiene), the alert message with its assessment buttons to the
//! caseworker (or the one covering), and the escalation to the team leaders.

use chrono::{DateTime, Utc};

use super::buttons::Callback;
use super::{Context, Delivery, Queued, Result, queue};
use crate::domain::alert::{AlertStatus, Decision};
use crate::domain::alert_rules::{
    AlertDecision, Facts, HYGIENE_WINDOW, Hygiene, RecentAlert, Urgency, hygiene,
};
use crate::domain::ids::{AlertId, GoalId, NoteId, ParticipantId};
use crate::domain::text::quote_lines;
use crate::i18n::{Args, Lang};
use crate::store::{AlertRecord, CaseRecord, NewAlert, Tx};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};

/// What an alert is about.
pub struct Subject<'a> {
    pub case: &'a CaseRecord,
    pub goal: Option<GoalId>,
    pub participant: Option<ParticipantId>,
}

/// Raises `decision` unless hygiene suppresses it; tells the caseworker at once.
pub async fn raise(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    subject: &Subject<'_>,
    decision: AlertDecision,
) -> Result<Option<AlertId>> {
    raise_inner(tx, ctx, now, subject, decision, None).await
}

/// Like [`raise`], but the caseworker's message waits until `until` — or until
/// [`release_held`] sends it with what the writer adds (a `/meld` "Værre" waits for its
/// description, so the caseworker gets one message with both). The alert itself is stored at
/// once (it is in `/alarmer` and counts for escalation); an urgent one is never held.
pub async fn raise_held(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    subject: &Subject<'_>,
    decision: AlertDecision,
    until: DateTime<Utc>,
) -> Result<Option<AlertId>> {
    let hold = (decision.urgency != Urgency::Urgent).then_some(until);
    raise_inner(tx, ctx, now, subject, decision, hold).await
}

/// What the writer added to a held alert: their text, stored as a note the caseworker can
/// take to the meeting.
pub struct Addition<'a> {
    pub text: &'a str,
    pub note: NoteId,
    pub writer: &'a crate::store::ParticipantRecord,
}

/// Sends a held alert's message now, with the writer's text under it (and "Tag med på mødet").
/// False if it is no longer held (the hold ran out and it went, or nobody could receive it):
/// the caller then passes the text on as an ordinary message.
pub async fn release_held(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    alert: AlertId,
    addition: Option<Addition<'_>>,
) -> Result<bool> {
    let Some(alert) = tx.alert(alert).await? else {
        return Ok(false);
    };
    let Some(case) = tx.case(alert.case_id).await? else {
        return Ok(false);
    };
    let Some(recipient) = super::cover::alert_recipient(tx, ctx, now, &case).await? else {
        return Ok(false);
    };
    let lang = recipient.lang;
    let mut text = render(tx, ctx, lang, &alert, &case, "new").await?;
    let mut buttons = decision_buttons(ctx, lang, alert.id);
    if let Some(addition) = addition {
        let who = super::format::participant_label(ctx, lang, addition.writer);
        let args = Args::new()
            .with("who", who.clone())
            .with("text", quote_lines(addition.text));
        text = format!("{text}\n\n{}", ctx.texts.ta(lang, "alert-writer-added", args));
        let label = ctx
            .texts
            .ta(lang, "note-to-agenda-button", Args::new().with("who", who));
        buttons.push(vec![Button::callback(
            label,
            Callback::NoteToAgenda(addition.note).encode(),
        )]);
    }
    let message = Outgoing::Text { text, buttons };
    let payload = serde_json::to_string(&message)?;
    Ok(tx
        .release_waiting(&notice_key(alert.id, "new"), &payload, now)
        .await?)
}

/// The outbox key of an alert's message on one occasion (first message, reminder, re-send).
fn notice_key(alert: AlertId, occasion: &str) -> String {
    format!("alert:{alert}:{occasion}")
}

async fn raise_inner(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    subject: &Subject<'_>,
    decision: AlertDecision,
    hold: Option<DateTime<Utc>>,
) -> Result<Option<AlertId>> {
    let near = tx
        .alerts_near(
            subject.case.id,
            subject.goal,
            subject.participant,
            now,
            HYGIENE_WINDOW,
        )
        .await?;
    let recent: Vec<RecentAlert> = near
        .iter()
        .map(|a| RecentAlert {
            id: a.id.0,
            rule: a.rule,
            urgency: a.urgency,
            raised_at: a.raised_at,
            open: a.status == AlertStatus::Open,
        })
        .collect();
    let replaces = match hygiene(&decision, &recent, now) {
        Hygiene::Suppress { by } => {
            tracing::info!(case_id = %subject.case.id, rule = decision.rule.key(), by, "alert suppressed by hygiene");
            return Ok(None);
        }
        Hygiene::Raise => None,
        Hygiene::Replace { id } => Some(AlertId(id)),
    };
    let facts = serde_json::to_string(&decision.facts)?;
    let id = tx
        .insert_alert(
            &NewAlert {
                case_id: subject.case.id,
                goal_id: subject.goal,
                participant_id: subject.participant,
                rule: decision.rule,
                urgency: decision.urgency,
                facts: &facts,
            },
            now,
        )
        .await?;
    if let Some(old) = replaces {
        tx.replace_alert(old, id, now).await?;
    }
    tracing::info!(case_id = %subject.case.id, alert_id = %id, rule = decision.rule.key(), "alert raised");
    if let Some(alert) = tx.alert(id).await? {
        notify(tx, ctx, now, &alert, "new", hold).await?;
    }
    Ok(Some(id))
}

/// Sends the alert to the case's caseworker with the assessment buttons — or, while the
/// caseworker is away (`/fravaer`), to the one covering. `occasion` keeps the first message,
/// the reminder and a re-send from `/alarmer` apart.
pub async fn notify_caseworker(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    alert: &AlertRecord,
    occasion: &str,
) -> Result<()> {
    notify(tx, ctx, now, alert, occasion, None).await
}

/// [`notify_caseworker`], held until `hold` if given.
async fn notify(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    alert: &AlertRecord,
    occasion: &str,
    hold: Option<DateTime<Utc>>,
) -> Result<()> {
    let Some(case) = tx.case(alert.case_id).await? else {
        return Ok(());
    };
    let Some(caseworker) = super::cover::alert_recipient(tx, ctx, now, &case).await? else {
        tracing::warn!(alert_id = %alert.id, "nobody active to receive the alert; it waits in /alarmer");
        return Ok(());
    };
    let Some(chat) = caseworker.telegram_user_id else {
        tracing::warn!(alert_id = %alert.id, "caseworker has not joined; alert waits in /alarmer");
        return Ok(());
    };
    let text = render(tx, ctx, caseworker.lang, alert, &case, occasion).await?;
    let message = Outgoing::Text {
        text,
        buttons: decision_buttons(ctx, caseworker.lang, alert.id),
    };
    let key = notice_key(alert.id, occasion);
    queue(
        tx,
        ctx,
        Queued {
            key: &key,
            chat_id: chat.0,
            participant: None,
            message: &message,
            delivery: match hold {
                Some(until) => Delivery::NoticeAt(until),
                None => delivery(alert.urgency),
            },
        },
        now,
    )
    .await?;
    Ok(())
}

/// Sends an unassessed alert to the team leaders of the caseworker's team.
pub async fn escalate(tx: &mut Tx, ctx: &Context, now: DateTime<Utc>, alert: &AlertRecord) -> Result<usize> {
    let Some(case) = tx.case(alert.case_id).await? else {
        return Ok(0);
    };
    let leaders = tx.team_leaders_of(case.caseworker_id).await?;
    let mut sent = 0;
    for leader in leaders {
        let Some(chat) = leader.telegram_user_id else {
            continue;
        };
        let text = render(tx, ctx, leader.lang, alert, &case, "escalated").await?;
        let message = Outgoing::Text {
            text,
            buttons: decision_buttons(ctx, leader.lang, alert.id),
        };
        // The team leader now reads this case's alert: an audited read like any other.
        tx.audit(crate::store::AuditEntry {
            at: now,
            actor: crate::store::Actor::Staff(leader.id),
            action: "read.escalation",
            case_id: Some(alert.case_id),
            subject: Some(("alert", alert.id.0)),
        })
        .await?;
        let key = format!("alert:{}:escalated:{}", alert.id, leader.id);
        queue(
            tx,
            ctx,
            Queued {
                key: &key,
                chat_id: chat.0,
                participant: None,
                message: &message,
                delivery: delivery(alert.urgency),
            },
            now,
        )
        .await?;
        sent += 1;
    }
    Ok(sent)
}

/// An urgent alert overtakes everything; any other reaches staff at once, after replies.
fn delivery(urgency: Urgency) -> Delivery {
    match urgency {
        Urgency::Urgent => Delivery::Urgent,
        Urgency::Normal => Delivery::Notice,
    }
}

pub fn decision_buttons(ctx: &Context, lang: Lang, alert: AlertId) -> Keyboard {
    let button = |d: Decision| {
        Button::callback(
            ctx.texts.t(lang, &format!("decision-{}", d.key())),
            Callback::Assess { alert, decision: d }.encode(),
        )
    };
    vec![
        vec![button(Decision::Contact), button(Decision::AdjustSupport)],
        vec![button(Decision::CallMeeting), button(Decision::NoAction)],
    ]
}

/// The alert as text: heading, what happened with the numbers, and the question.
pub async fn render(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    alert: &AlertRecord,
    case: &CaseRecord,
    occasion: &str,
) -> Result<String> {
    let heading = ctx.texts.ta(
        lang,
        match (occasion, alert.urgency) {
            ("reminder", _) => "alert-heading-reminder",
            ("escalated", _) => "alert-heading-escalated",
            (_, Urgency::Urgent) => "alert-heading-urgent",
            _ => "alert-heading",
        },
        Args::new()
            .with("id", alert.id.0)
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone()),
    );
    let body = describe(tx, ctx, lang, alert).await?;
    Ok(format!(
        "{heading}\n{body}\n\n{}",
        ctx.texts.t(lang, "alert-question")
    ))
}

/// What happened, with the numbers (and for safety alerts the signal): the alert's text
/// without heading and question, as the chat and the desk show it.
pub async fn describe(tx: &mut Tx, ctx: &Context, lang: Lang, alert: &AlertRecord) -> Result<String> {
    let facts: Facts = serde_json::from_str(&alert.facts).unwrap_or_default();
    let who = match alert.participant_id {
        Some(id) => match tx.participant(id).await? {
            Some(p) => super::format::participant_label(ctx, lang, &p),
            None => String::new(),
        },
        None => String::new(),
    };
    let goal_record = match alert.goal_id {
        Some(id) => tx.goal(id).await?,
        None => None,
    };
    let goal = goal_record.as_ref().map(|g| {
        let area = ctx.texts.t(lang, &format!("area-{}", g.area.key()));
        format!("{area}: \"{}\"", g.youth_text)
    });
    // Direction words say "worse"; on a scale where lower is better the numbers go up, so
    // the text says which way is better.
    let lower_is_better = goal_record
        .as_ref()
        .is_some_and(|g| g.scale.scale().direction == crate::domain::scale::Direction::LowerIsBetter);
    let body = ctx.texts.ta(
        lang,
        &format!("alert-rule-{}", alert.rule.key()),
        Args::new()
            .with("who", who)
            .with("goal", goal.unwrap_or_else(|| ctx.texts.t(lang, "alert-no-goal")))
            .with("latest", number(facts.latest.map(f64::from)))
            .with("previous", number(facts.previous.map(f64::from)))
            .with("baseline", number(facts.baseline))
            .with(
                "recent",
                facts
                    .recent
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(" → "),
            )
            .with("missed", facts.missed_in_a_row.unwrap_or(0))
            .with("answer", facts.check_answer.clone().unwrap_or_default())
            .with("lower", if lower_is_better { "yes" } else { "no" }),
    );
    let signal = signal_lines(ctx, lang, &facts);
    Ok(format!("{body}{signal}"))
}

/// For safety alerts: which signal fired, in which category, and what lowered it — so the
/// caseworker sees the reason, never a bare score. Empty for other alerts.
fn signal_lines(ctx: &Context, lang: Lang, facts: &Facts) -> String {
    let Some(signal) = &facts.signal else {
        return String::new();
    };
    let category = facts.danger_category.as_deref().unwrap_or("other");
    let mut out = format!(
        "\n{}",
        ctx.texts.ta(
            lang,
            "alert-signal",
            Args::new()
                .with(
                    "category",
                    ctx.texts.t(lang, &format!("danger-category-{category}"))
                )
                .with("signal", signal.clone()),
        )
    );
    if let Some(context) = &facts.lowered_by {
        out.push('\n');
        out.push_str(&ctx.texts.ta(
            lang,
            "alert-signal-lowered",
            Args::new().with("context", context.clone()),
        ));
    }
    out
}

/// A number for a message: "7", "6.5", or "–" when unknown.
fn number(value: Option<f64>) -> String {
    match value {
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
        None => "–".to_string(),
    }
}

/// Longest reason for "Ingen handling" we store.
pub const REASON_MAX: usize = 1000;

/// What came of an assessment — the same for the chat's buttons and the desk's form.
#[derive(Debug, Clone)]
pub enum Assessment {
    /// Stored (with an audit row); the alert is closed.
    Saved(AlertRecord),
    /// Someone already assessed it (in the chat or on the desk): nothing changed.
    AlreadyAssessed,
    /// Not an alert this staff member may assess (or none at all): nothing changed.
    NotFound,
    /// "Ingen handling" needs a written reason (none, or none that can be stored, was given).
    ReasonNeeded,
}

/// The caseworker's documented assessment of an alert: the one use case behind the chat's
/// buttons and the desk's form. Access is the shared rule ([`super::access::assessable_alert`]:
/// own case, the team's for a team leader, or a colleague's covered for on `today`); an alert
/// is assessed once; "Ingen handling" needs a reason.
pub async fn assess(
    tx: &mut Tx,
    now: DateTime<Utc>,
    today: chrono::NaiveDate,
    staff: &crate::store::StaffRecord,
    alert: AlertId,
    decision: Decision,
    reason: Option<&str>,
) -> Result<Assessment> {
    let Some(record) = super::access::assessable_alert(tx, staff, today, alert).await? else {
        return Ok(Assessment::NotFound);
    };
    if record.status != AlertStatus::Open {
        return Ok(Assessment::AlreadyAssessed);
    }
    let reason = match (decision.requires_reason(), reason) {
        (false, _) => None,
        (true, None) => return Ok(Assessment::ReasonNeeded),
        (true, Some(text)) => match crate::domain::text::clean_line(text, REASON_MAX) {
            Ok(reason) => Some(reason),
            Err(_) => return Ok(Assessment::ReasonNeeded),
        },
    };
    tx.assess_alert(record.id, staff.id, decision, reason.as_deref(), now)
        .await?;
    super::access::audit_staff(
        tx,
        now,
        staff,
        "alert.assessed",
        Some(record.case_id),
        Some(("alert", record.id.0)),
    )
    .await?;
    tracing::info!(alert_id = %record.id, staff_id = %staff.id, decision = decision.key(), "alert assessed");
    Ok(Assessment::Saved(record))
}

/// The open alerts a staff member assesses today: those of their own cases and of the cases of
/// a colleague they cover for (what `/alarmer` and the desk's *Alarmer* list).
pub async fn open_for(
    tx: &mut Tx,
    staff: &crate::store::StaffRecord,
    today: chrono::NaiveDate,
) -> Result<Vec<AlertRecord>> {
    let mut open = tx.open_alerts_for(staff.id).await?;
    for away in super::cover::covered_today(tx, staff.id, today).await? {
        open.extend(tx.open_alerts_for(away).await?);
    }
    Ok(open)
}

/// A one-line summary of an open alert for `/sag`.
pub fn summary(ctx: &Context, lang: Lang, alert: &AlertRecord) -> String {
    ctx.texts.ta(
        lang,
        "case-alert-line",
        Args::new()
            .with("id", alert.id.0)
            .with("rule", ctx.texts.t(lang, &format!("rule-{}", alert.rule.key())))
            .with(
                "urgent",
                if alert.urgency == Urgency::Urgent {
                    "yes"
                } else {
                    "no"
                },
            ),
    )
}
