//! Alerts on the caseworker's side: raising (with hygiene), the alert message with its
//! assessment buttons, the documented assessment, and `/alarmer`.

use chrono::{DateTime, Utc};

use super::conversation::{Callback, Conversation};
use super::{ChatContext, ChatResult, Turn, queue};
use crate::domain::alert::{AlertStatus, Decision};
use crate::domain::alert_rules::{
    AlertDecision, Facts, HYGIENE_WINDOW, Hygiene, RecentAlert, Urgency, hygiene,
};
use crate::domain::ids::{AlertId, GoalId, ParticipantId};
use crate::domain::text::clean_line;
use crate::i18n::{Args, Lang};
use crate::store::{AlertRecord, CaseRecord, NewAlert, Priority, StaffRecord, Tx};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};

/// Longest reason for "Ingen handling" we store.
const REASON_MAX: usize = 1000;

/// What an alert is about.
pub struct Subject<'a> {
    pub case: &'a CaseRecord,
    pub goal: Option<GoalId>,
    pub participant: Option<ParticipantId>,
}

/// Raises `decision` unless hygiene suppresses it; tells the caseworker at once.
pub async fn raise(
    tx: &mut Tx,
    ctx: &ChatContext,
    now: DateTime<Utc>,
    subject: &Subject<'_>,
    decision: AlertDecision,
) -> ChatResult<Option<AlertId>> {
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
        notify_caseworker(tx, ctx, now, &alert, "new").await?;
    }
    Ok(Some(id))
}

/// Sends the alert to the case's caseworker with the assessment buttons — or, while the
/// caseworker is away (`/fravaer`), to the one covering. `occasion` keeps the first message,
/// the reminder and a re-send from `/alarmer` apart.
pub async fn notify_caseworker(
    tx: &mut Tx,
    ctx: &ChatContext,
    now: DateTime<Utc>,
    alert: &AlertRecord,
    occasion: &str,
) -> ChatResult<()> {
    let Some(case) = tx.case(alert.case_id).await? else {
        return Ok(());
    };
    let Some(caseworker) = super::staff_changes::alert_recipient(tx, ctx, now, &case).await? else {
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
    let key = format!("alert:{}:{occasion}", alert.id);
    queue(
        tx,
        &key,
        chat.0,
        None,
        &message,
        now,
        priority(alert.urgency),
        now,
    )
    .await?;
    Ok(())
}

/// Sends an unassessed alert to the team leaders of the caseworker's team.
pub async fn escalate(
    tx: &mut Tx,
    ctx: &ChatContext,
    now: DateTime<Utc>,
    alert: &AlertRecord,
) -> ChatResult<usize> {
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
            &key,
            chat.0,
            None,
            &message,
            now,
            priority(alert.urgency),
            now,
        )
        .await?;
        sent += 1;
    }
    Ok(sent)
}

fn priority(urgency: Urgency) -> Priority {
    match urgency {
        Urgency::Urgent => Priority::Urgent,
        Urgency::Normal => Priority::Normal,
    }
}

fn decision_buttons(ctx: &ChatContext, lang: Lang, alert: AlertId) -> Keyboard {
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
async fn render(
    tx: &mut Tx,
    ctx: &ChatContext,
    lang: Lang,
    alert: &AlertRecord,
    case: &CaseRecord,
    occasion: &str,
) -> ChatResult<String> {
    let facts: Facts = serde_json::from_str(&alert.facts).unwrap_or_default();
    let who = match alert.participant_id {
        Some(id) => match tx.participant(id).await? {
            Some(p) => super::staff::participant_label(ctx, lang, &p),
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
    Ok(format!(
        "{heading}\n{body}{signal}\n\n{}",
        ctx.texts.t(lang, "alert-question")
    ))
}

/// For safety alerts: which signal fired, in which category, and what lowered it — so the
/// caseworker sees the reason, never a bare score. Empty for other alerts.
fn signal_lines(ctx: &ChatContext, lang: Lang, facts: &Facts) -> String {
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

/// A pressed assessment button.
pub async fn assess_button(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    alert: AlertId,
    decision: Decision,
) -> ChatResult<Option<String>> {
    let Some(record) = super::access::assessable_alert(turn, staff, alert).await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    if record.status != AlertStatus::Open {
        return Ok(Some(turn.t("alert-already-assessed")));
    }
    if decision.requires_reason() {
        turn.set_conversation(&Conversation::AssessReason { alert })
            .await?;
        let text = turn.t("ask-no-action-reason");
        turn.reply(text, Vec::new()).await?;
        return Ok(None);
    }
    store_assessment(turn, staff, &record, decision, None).await?;
    Ok(None)
}

/// The written reason for "Ingen handling".
pub async fn assess_reason(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    alert: AlertId,
    text: &str,
) -> ChatResult<()> {
    let Ok(reason) = clean_line(text, REASON_MAX) else {
        let text = turn.t("ask-no-action-reason");
        return turn.reply(text, Vec::new()).await;
    };
    turn.clear_conversation().await?;
    let Some(record) = super::access::assessable_alert(turn, staff, alert).await? else {
        let text = turn.t("case-not-found");
        return turn.reply(text, Vec::new()).await;
    };
    if record.status != AlertStatus::Open {
        let text = turn.t("alert-already-assessed");
        return turn.reply(text, Vec::new()).await;
    }
    store_assessment(turn, staff, &record, Decision::NoAction, Some(&reason)).await
}

async fn store_assessment(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    alert: &AlertRecord,
    decision: Decision,
    reason: Option<&str>,
) -> ChatResult<()> {
    turn.tx
        .assess_alert(alert.id, staff.id, decision, reason, turn.now)
        .await?;
    turn.tx
        .audit(crate::store::AuditEntry {
            at: turn.now,
            actor: crate::store::Actor::Staff(staff.id),
            action: "alert.assessed",
            case_id: Some(alert.case_id),
            subject: Some(("alert", alert.id.0)),
        })
        .await?;
    let text = turn.ta(
        "assessment-saved",
        Args::new()
            .with("id", alert.id.0)
            .with("decision", turn.t(&format!("decision-{}", decision.key()))),
    );
    turn.reply(text, Vec::new()).await
}

/// `/alarmer`: every open alert of the caseworker's cases (and of the cases of a colleague
/// they cover for today), each with its buttons again.
pub async fn list(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    super::access::audit_read(turn, staff, "read.alerts", None).await?;
    let mut open = turn.tx.open_alerts_for(staff.id).await?;
    let today = turn.now.with_timezone(&turn.ctx.timezone).date_naive();
    for away in super::staff_changes::covered_today(turn.tx, staff.id, today).await? {
        open.extend(turn.tx.open_alerts_for(away).await?);
    }
    if open.is_empty() {
        let text = turn.t("no-open-alerts");
        return turn.reply(text, Vec::new()).await;
    }
    let text = turn.ta("open-alerts-title", Args::new().with("count", open.len()));
    turn.reply(text, Vec::new()).await?;
    for alert in open.iter().take(10) {
        let Some(case) = turn.tx.case(alert.case_id).await? else {
            continue;
        };
        let text = render(turn.tx, turn.ctx, turn.lang, alert, &case, "list").await?;
        let buttons = decision_buttons(turn.ctx, turn.lang, alert.id);
        turn.reply(text, buttons).await?;
    }
    Ok(())
}

/// One open alert with its assessment buttons, as `/alarmer` shows it (e.g. in `/luk`, where
/// open alerts are assessed before the case can close).
pub async fn show_with_buttons(
    turn: &mut Turn<'_>,
    alert: &AlertRecord,
    case: &CaseRecord,
) -> ChatResult<()> {
    let text = render(turn.tx, turn.ctx, turn.lang, alert, case, "list").await?;
    let buttons = decision_buttons(turn.ctx, turn.lang, alert.id);
    turn.reply(text, buttons).await
}

/// A one-line summary of an open alert for `/sag`.
pub fn summary(ctx: &ChatContext, lang: Lang, alert: &AlertRecord) -> String {
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
