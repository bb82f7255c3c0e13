//! `/inviter`: an invitation link for a young person, a parent or a witness (in one line or
//! guided by role, relation and name), and removing a participant or an open invitation.

use super::*;
use crate::chat::access::Refusal;
use crate::chat::args::{self, CaseArg, InviteArgs, Word};

pub(super) async fn invite(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let InviteArgs {
        case,
        role,
        relation,
        name,
    } = args::invite(args);
    let CaseArg::Typed(code) = case else {
        return crate::chat::pick_case::pick_case(turn, staff, Purpose::Invite).await;
    };
    let Some(case) = crate::chat::access::own_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let role = match role {
        Word::Missing => return ask_role(turn, case.id).await,
        Word::Known(role) => role,
        Word::Unknown => return turn.reply_key("unknown-role").await,
    };
    if role == Role::Witness && relation.is_none() {
        turn.set_conversation(&Conversation::InviteRelation { case: case.id })
            .await?;
        return turn.reply_key("ask-relation").await;
    }
    create_invite(turn, staff, &case, role, relation, name).await
}

/// A button per role (ung · forælder · hverdagsbevidner), for `/inviter` and `/rytme`.
pub(super) fn role_buttons(turn: &Turn<'_>) -> Keyboard {
    vec![
        Role::ALL
            .iter()
            .map(|r| {
                Button::callback(
                    turn.t(&format!("role-{}", r.key())),
                    Callback::PickRole(*r).encode(),
                )
            })
            .collect(),
    ]
}

pub(super) async fn ask_role(turn: &mut Turn<'_>, case: CaseId) -> ChatResult<()> {
    turn.set_conversation(&Conversation::InviteRole { case }).await?;
    let mut buttons = role_buttons(turn);
    let mut text = turn.t("ask-role");
    // Open invitations can be revoked here, during their 14 days.
    let open: Vec<ParticipantRecord> = turn
        .tx
        .participants_of_case(case)
        .await?
        .into_iter()
        .filter(|p| p.status == ParticipantStatus::Invited)
        .collect();
    if !open.is_empty() {
        text.push_str("\n\n");
        text.push_str(&turn.t("open-invites"));
    }
    for p in &open {
        let who = participant_label(turn.ctx, turn.lang, p);
        let label = turn.ta("revoke-invite-button", Args::new().with("who", who));
        buttons.push(vec![Button::callback(
            label,
            Callback::RemoveParticipant(p.id).encode(),
        )]);
    }
    turn.reply(text, buttons).await
}

/// "Fjern" under a join notice, or "Tilbagekald" under an open invitation: the person gets a
/// short neutral message and nothing more. Only the case's own caseworker may
/// (`service::participation::remove`, the same as the desk's "Fjern").
pub(crate) async fn remove_participant(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    participant: ParticipantId,
) -> ChatResult<Option<String>> {
    use crate::service::participation::{Removal, remove};
    let (p, case, was_invited) = match remove(turn.tx, turn.ctx, turn.now, staff, participant).await? {
        Removal::Removed(removed) => (removed.participant, removed.case, removed.was_invited),
        Removal::AlreadyRemoved => return Ok(Some(turn.t("participant-already-removed"))),
        Removal::NotFound => return Ok(turn.refused(Refusal::Expired)),
    };
    let key = if was_invited {
        "invite-revoked-caseworker"
    } else {
        "participant-removed"
    };
    let who = participant_label(turn.ctx, turn.lang, &p);
    let text = turn.ta(
        key,
        Args::new()
            .with("who", who)
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone()),
    );
    turn.reply(text, Vec::new()).await?;
    Ok(None)
}

pub(super) async fn ask_name(
    turn: &mut Turn<'_>,
    case: CaseId,
    role: Role,
    relation: Option<String>,
) -> ChatResult<()> {
    turn.set_conversation(&Conversation::InviteName {
        case,
        role: role.key().to_string(),
        relation,
    })
    .await?;
    let buttons = vec![vec![Button::callback(
        turn.t("skip-name"),
        Callback::SkipName.encode(),
    )]];
    let text = turn.t("ask-name");
    turn.reply(text, buttons).await
}

pub(super) async fn create_invite(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    role: Role,
    relation: Option<&str>,
    name: Option<&str>,
) -> ChatResult<()> {
    use crate::service::participation::{Invited, invite};
    let invitation = match invite(turn.tx, turn.ctx, turn.now, staff, case, role, relation, name).await? {
        Invited::Created(invitation) => invitation,
        Invited::Unusable(error) => return turn.reply_text_error(error, NAME_MAX).await,
    };
    let what = invitation
        .relation
        .unwrap_or_else(|| turn.t(&format!("role-{}", role.key())));
    let who = match invitation.name {
        Some(name) => format!("{what} ({name})"),
        None => what,
    };
    let mut text = turn.ta(
        "invite-created",
        Args::new()
            .with("who", who)
            .with("code", case.code.to_string())
            .with("link", invitation.link)
            .with("days", INVITE_VALIDITY_DAYS),
    );
    if role == Role::Youth {
        text = format!("{text}\n\n{}", turn.t("invite-youth-under-15"));
    }
    turn.reply(text, Vec::new()).await
}
