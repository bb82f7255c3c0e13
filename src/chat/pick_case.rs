//! "Which case?": the case buttons that open a guided staff command (`/maal`, `/inviter`,
//! `/sag`, `/tjekind`, `/rytme`, `/vidnetekst`, `/skala`, `/udkast`, `/indsats`, `/luk`,
//! `/journal`, `/overdrag` without a code).

use super::conversation::{Conversation, Purpose};
use super::{ChatResult, Turn};
use crate::domain::staff::StaffRole;
use crate::service::buttons::Callback;
use crate::store::{CaseRecord, StaffRecord};
use crate::telegram::outgoing::{Button, Keyboard};

/// Asks which case, with a button per case the staff member may use for `purpose`.
pub async fn pick_case(turn: &mut Turn<'_>, staff: &StaffRecord, purpose: Purpose) -> ChatResult<()> {
    // A team leader may read and hand over the team's cases; everything else is one's own.
    let team_wide =
        purpose == Purpose::Show || (purpose == Purpose::Handover && staff.role == StaffRole::TeamLeader);
    let cases: Vec<CaseRecord> = turn
        .tx
        .cases_visible_to(staff.id)
        .await?
        .into_iter()
        .filter(|c| team_wide || c.caseworker_id == staff.id)
        // Only a journal is made of a closed case; everything else is about open cases.
        .filter(|c| matches!(purpose, Purpose::Show | Purpose::Journal) || c.status.is_open())
        .collect();
    // Most recent first: the case a caseworker just made is the one she is working on.
    let mut cases = cases;
    cases.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.0.cmp(&a.id.0)));
    if cases.is_empty() {
        return turn.reply_key("no-cases").await;
    }
    turn.set_conversation(&Conversation::PickCase { purpose }).await?;
    let mut buttons: Keyboard = cases
        .iter()
        .take(30)
        .map(|c| {
            vec![Button::callback(
                format!("{} · {}", c.code, c.nickname),
                Callback::PickCase(c.id).encode(),
            )]
        })
        .collect();
    if purpose == Purpose::Close {
        // Closing is for good: the first step already offers a way out.
        buttons.push(vec![Button::callback(
            turn.t("close-cancel-button"),
            Callback::CloseCancel.encode(),
        )]);
    }
    if purpose == Purpose::Handover {
        // Every step of the handover can be left with one tap.
        buttons.push(vec![Button::callback(
            turn.t("flow-cancel-button"),
            Callback::CancelFlow.encode(),
        )]);
    }
    let text = turn.t(if purpose == Purpose::Close {
        "close-ask-case"
    } else {
        "ask-case"
    });
    turn.reply(text, buttons).await
}
