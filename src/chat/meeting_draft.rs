//! The caseworker's agenda draft in the chat: `/udkast` (the draft for the case's next
//! meeting, at once) and "Tag med på mødet" on a participant's forwarded text. The draft
//! itself is built and sent in `service::meeting_draft`, so the scheduler sends the same.

use super::args::CaseArg;
use super::{ChatResult, Turn};
use crate::chat::access::Refusal;
use crate::domain::ids::NoteId;
use crate::i18n::Args;
use crate::service::meeting_draft::{build, messages};
use crate::store::{Actor, AuditEntry, StaffRecord};

/// "Tag med på mødet": the caseworker takes one text a participant wrote to the agenda draft.
/// Only the case's own caseworker may.
pub async fn put_note_on_agenda(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    note: NoteId,
) -> ChatResult<Option<String>> {
    let Some(case) = super::access::case_of_own_note(turn, staff, note).await? else {
        tracing::warn!(note_id = %note, staff_id = %staff.id, "note button from someone else than the caseworker; refused");
        return Ok(turn.refused(Refusal::Expired));
    };
    let case_id = case.id;
    if !turn.tx.put_note_on_agenda(note, turn.now).await? {
        return Ok(Some(turn.t("note-already-on-agenda")));
    }
    turn.tx
        .audit(AuditEntry {
            at: turn.now,
            actor: Actor::Staff(staff.id),
            action: "note.on_agenda",
            case_id: Some(case_id),
            subject: Some(("note", note.0)),
        })
        .await?;
    let text = turn.t("note-on-agenda");
    turn.reply(text, Vec::new()).await?;
    Ok(None)
}

/// `/udkast <kode>`: the draft for the case's next meeting, at once.
pub async fn on_demand(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let CaseArg::Typed(code) = super::args::case_only(args) else {
        return super::pick_case::pick_case(turn, staff, super::conversation::Purpose::Draft).await;
    };
    let Some(case) = super::access::own_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    super::access::audit_read(turn, staff, "read.draft", Some(case.id)).await?;
    let meeting = crate::service::meeting::draft_meeting(turn.tx, case.id, turn.now).await?;
    let Some(meeting) = meeting else {
        let text = turn.ta(
            "draft-no-meeting",
            Args::new().with("code", case.code.to_string()),
        );
        return turn.reply(text, Vec::new()).await;
    };
    let draft = build(turn.tx, turn.ctx, turn.lang, &meeting, &case, turn.now).await?;
    let chat = turn.chat_id;
    for message in messages(turn.ctx, turn.lang, &draft) {
        turn.send(chat, None, message).await?;
    }
    Ok(())
}
