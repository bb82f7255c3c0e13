//! The statutory follow-up (Barnets Lov §95) on the caseworker's side: `/indsats <kode> <dato>`
//! records when support started; the first follow-up is due three months later. Later due
//! dates are set when a follow-up or plan meeting is held (see `meeting`).

use super::args::{CaseAndRest, CaseArg};
use super::conversation::Conversation;
use super::conversation::MeetingStep;
use super::{ChatResult, Turn};
use crate::chat::access::Refusal;
use crate::domain::followup::{StatutoryFollowUp, SupportStartError, parse_support_start};
use crate::domain::ids::CaseId;
use crate::i18n::Args;
use crate::service::format::date_text;
use crate::store::{Actor, AuditEntry, CaseRecord, StaffRecord};

/// `/indsats <kode> [dato]`.
pub async fn command(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let CaseAndRest { case, rest: date } = super::args::case_and_rest(args);
    let CaseArg::Typed(code) = case else {
        return super::pick_case::pick_case(turn, staff, super::conversation::Purpose::Statutory).await;
    };
    let Some(case) = super::access::own_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let Some(date) = date else {
        turn.set_conversation(&Conversation::Meeting(MeetingStep::SupportStart {
            case: case.id,
        }))
        .await?;
        let text = turn.t("statutory-ask-support-start");
        return turn.reply(text, Vec::new()).await;
    };
    record(turn, staff, &case, date).await
}

/// The date typed after "Hvornår startede indsatsen?".
pub async fn support_start_typed(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: CaseId,
    text: &str,
) -> ChatResult<()> {
    let Some(case) = super::access::own_case(turn, staff, case).await? else {
        turn.clear_conversation().await?;
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    record(turn, staff, &case, text).await
}

async fn record(turn: &mut Turn<'_>, staff: &StaffRecord, case: &CaseRecord, input: &str) -> ChatResult<()> {
    let today = turn.now.with_timezone(&turn.ctx.timezone).date_naive();
    let start = match parse_support_start(input, today) {
        Ok(start) => start,
        Err(error) => {
            let key = match error {
                SupportStartError::InFuture => "statutory-start-in-future",
                SupportStartError::NoSuchDate => "meeting-date-no-such-date",
                SupportStartError::Malformed => "statutory-ask-support-start",
            };
            let text = turn.t(key);
            return turn.reply(text, Vec::new()).await;
        }
    };
    turn.clear_conversation().await?;
    let follow_up = StatutoryFollowUp::first(start);
    turn.tx
        .set_statutory_due(case.id, Some(start), follow_up.due, turn.now)
        .await?;
    turn.tx
        .audit(AuditEntry {
            at: turn.now,
            actor: Actor::Staff(staff.id),
            action: "statutory.support_started",
            case_id: Some(case.id),
            subject: Some(("case", case.id.0)),
        })
        .await?;
    let text = turn.ta(
        "statutory-support-start-set",
        Args::new()
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone())
            .with("start", date_text(turn.ctx, turn.lang, start))
            .with("due", date_text(turn.ctx, turn.lang, follow_up.due)),
    );
    turn.reply(text, Vec::new()).await
}
