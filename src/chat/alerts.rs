//! Alerts on the caseworker's side: the documented assessment (the buttons and the reason
//! for "Ingen handling"), `/alarmer`, and the one-line summary for `/sag`. Raising and
//! sending alerts is in `service::alerts`.

use super::conversation::Conversation;
use super::{ChatContext, ChatResult, Turn};
use crate::chat::access::Refusal;
use crate::domain::alert::{AlertStatus, Decision};
use crate::domain::alert_rules::Urgency;
use crate::domain::ids::AlertId;
use crate::domain::text::clean_line;
use crate::i18n::{Args, Lang};
use crate::service::alerts::{decision_buttons, render};
use crate::store::{AlertRecord, CaseRecord, StaffRecord};

/// Longest reason for "Ingen handling" we store.
const REASON_MAX: usize = 1000;

/// A pressed assessment button.
pub async fn assess_button(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    alert: AlertId,
    decision: Decision,
) -> ChatResult<Option<String>> {
    let Some(record) = super::access::assessable_alert(turn, staff, alert).await? else {
        return Ok(turn.refused(Refusal::Expired));
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
        return turn.refuse(Refusal::CaseNotFound).await;
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
    for away in crate::service::cover::covered_today(turn.tx, staff.id, today).await? {
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
