//! Alerts on the caseworker's side of the chat: the assessment buttons and the reason for
//! "Ingen handling", `/alarmer`, and the one-line summary for `/sag`. The assessment itself
//! (who may, once only, a reason for "Ingen handling") is `service::alerts::assess`, which the
//! desk's form calls too; raising and sending alerts is in `service::alerts` as well.

use super::conversation::Conversation;
use super::{ChatResult, Turn};
use crate::chat::access::Refusal;
use crate::domain::alert::Decision;
use crate::domain::ids::AlertId;
use crate::i18n::Args;
use crate::service::alerts::{Assessment, assess, decision_buttons, render};
use crate::store::{AlertRecord, CaseRecord, StaffRecord};

/// A pressed assessment button. "Ingen handling" first asks for the reason.
pub async fn assess_button(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    alert: AlertId,
    decision: Decision,
) -> ChatResult<Option<String>> {
    let today = turn.ctx.today(turn.now);
    match assess(turn.tx, turn.now, today, staff, alert, decision, None).await? {
        Assessment::Saved(record) => {
            confirm(turn, &record, decision).await?;
            Ok(None)
        }
        Assessment::AlreadyAssessed => Ok(Some(turn.t("alert-already-assessed"))),
        Assessment::NotFound => Ok(turn.refused(Refusal::Expired)),
        Assessment::ReasonNeeded => {
            turn.set_conversation(&Conversation::AssessReason { alert })
                .await?;
            let text = turn.t("ask-no-action-reason");
            turn.reply(text, Vec::new()).await?;
            Ok(None)
        }
    }
}

/// The written reason for "Ingen handling".
pub async fn assess_reason(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    alert: AlertId,
    text: &str,
) -> ChatResult<()> {
    let today = turn.ctx.today(turn.now);
    let decision = Decision::NoAction;
    let outcome = assess(turn.tx, turn.now, today, staff, alert, decision, Some(text)).await?;
    if let Assessment::ReasonNeeded = outcome {
        // Still waiting for a reason that can be stored.
        let text = turn.t("ask-no-action-reason");
        return turn.reply(text, Vec::new()).await;
    }
    turn.clear_conversation().await?;
    match outcome {
        Assessment::Saved(record) => confirm(turn, &record, decision).await,
        Assessment::AlreadyAssessed => turn.reply_key("alert-already-assessed").await,
        Assessment::NotFound | Assessment::ReasonNeeded => turn.refuse(Refusal::CaseNotFound).await,
    }
}

/// "Vurdering gemt" for an assessment just stored.
async fn confirm(turn: &mut Turn<'_>, alert: &AlertRecord, decision: Decision) -> ChatResult<()> {
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
    let today = turn.ctx.today(turn.now);
    let open = crate::service::alerts::open_for(turn.tx, staff, today).await?;
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

pub use crate::service::alerts::summary;
