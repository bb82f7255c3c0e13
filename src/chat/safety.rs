//! Safeguarding: free text that suggests danger gets the help numbers at once and raises an
//! urgent alert. This bypasses every statistic, quiet hours and queue order.

use super::alerts::{self, Subject};
use super::{ChatResult, Turn};
use crate::domain::alert_rules::AlertDecision;
use crate::domain::safety::{DangerMatch, DangerSignals};
use crate::i18n::Args;
use crate::store::{ParticipantRecord, Priority};
use crate::telegram::outgoing::Outgoing;

/// Checks a participant's free text; on a danger signal answers with the help numbers (urgent
/// priority), stores the note and raises an urgent alert for each of their cases. Returns the
/// match so the caller does not also treat the text as an ordinary message.
pub async fn check(
    turn: &mut Turn<'_>,
    participations: &[ParticipantRecord],
    text: &str,
) -> ChatResult<Option<DangerMatch>> {
    let Some(danger) = DangerSignals::builtin().check(text) else {
        return Ok(None);
    };
    tracing::warn!(
        update_id = turn.update_id,
        category = danger.category.key(),
        "danger signal in participant text"
    );
    // Answer first: the reply is queued ahead of everything else in this transaction.
    if !turn.safety_replied {
        let reply = safety_reply(turn.ctx, turn.lang);
        let participant = participations.first().map(|p| p.id);
        let message = Outgoing::Text {
            text: reply,
            buttons: Vec::new(),
        };
        turn.send_with(turn.chat_id, participant, message, Priority::Urgent)
            .await?;
    }
    for p in participations {
        let Some(case) = turn.tx.case(p.case_id).await? else {
            continue;
        };
        let danger_key = Some(danger.category.key());
        turn.tx
            .insert_note(case.id, p.id, "message", None, text, danger_key, turn.now)
            .await?;
        let subject = Subject {
            case: &case,
            goal: None,
            participant: Some(p.id),
        };
        let alert = alerts::raise(turn.tx, turn.ctx, turn.now, &subject, AlertDecision::safety()).await?;
        if alert.is_some() {
            let args = Args::new().with("text", text.to_string());
            turn.tell_caseworker(p, "forward-danger", args, Priority::Urgent)
                .await?;
        }
    }
    Ok(Some(danger))
}

/// The answer to a danger message: that the caseworker is told, and the help numbers.
pub fn safety_reply(ctx: &super::ChatContext, lang: crate::i18n::Lang) -> String {
    format!(
        "{}\n\n{}",
        ctx.texts.t(lang, "safety-reply"),
        ctx.texts.t(lang, "help-numbers")
    )
}
