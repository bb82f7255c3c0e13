//! Joining: `/start <token>` from an invitation link, and the participant's informed agreement.

use super::conversation::Conversation;
use super::menu::Menu;
use super::{AfterCommit, ChatResult, Person, Turn, identify};
use crate::chat::access::Refusal;
use crate::domain::ids::InviteId;
use crate::domain::invite::{InviteProblem, InviteToken, check_usable};
use crate::domain::participant::Role;
use crate::i18n::Args;
use crate::service::Delivery;
use crate::service::buttons::Callback;
use crate::store::{Actor, AuditEntry, InviteRecord, InviteTarget, ParticipantRecord};
use crate::telegram::outgoing::Button;

/// `/start` with or without an invitation token.
pub async fn start(turn: &mut Turn<'_>, payload: &str) -> ChatResult<()> {
    if let super::access::StaffAccess::Refused(_) = super::access::staff_access(turn).await? {
        // Also a new link: a deactivated staff member is refused until reactivated.
        let text = super::refusal_for_former_staff(turn);
        return turn.reply(text, Vec::new()).await;
    }
    if payload.is_empty() {
        let key = match identify(turn).await? {
            Person::Staff(_) | Person::FormerStaff => "help-staff",
            Person::Participant(participations) => {
                if super::participant::come_back(turn, &participations).await? {
                    return Ok(());
                }
                "help-participant"
            }
            Person::Stranger => "stranger",
        };
        let text = turn.t(key);
        return turn.reply(text, Vec::new()).await;
    }
    let Ok(token) = InviteToken::parse(payload) else {
        let text = turn.t("invite-invalid");
        return turn.reply(text, Vec::new()).await;
    };
    let Some(invite) = turn.tx.invite_by_hash(&token.hash()).await? else {
        let text = turn.t("invite-invalid");
        return turn.reply(text, Vec::new()).await;
    };
    if let Err(problem) = check_usable(invite.expires_at, invite.used_at, turn.now) {
        return refuse(turn, problem).await;
    }
    match invite.target {
        InviteTarget::Staff(staff_id) => join_staff(turn, &invite, staff_id).await,
        InviteTarget::Participant(participant_id) => {
            // A caseworker testing her own link must not become the young person: the link
            // stays valid for the person it was meant for.
            if turn.tx.staff_by_user(turn.user).await?.is_some() {
                let text = turn.t("invite-staff-cannot-join");
                return turn.reply(text, Vec::new()).await;
            }
            let Some(participant) = turn.tx.participant(participant_id).await? else {
                let text = turn.t("invite-invalid");
                return turn.reply(text, Vec::new()).await;
            };
            if participant.status == crate::domain::participant::ParticipantStatus::Removed {
                let text = turn.t("invite-revoked");
                return turn.reply(text, Vec::new()).await;
            }
            ask_consent(turn, &invite, &participant).await
        }
    }
}

async fn refuse(turn: &mut Turn<'_>, problem: InviteProblem) -> ChatResult<()> {
    let key = match problem {
        InviteProblem::Expired => "invite-expired",
        InviteProblem::AlreadyUsed => "invite-used",
    };
    let text = turn.t(key);
    turn.reply(text, Vec::new()).await
}

async fn join_staff(
    turn: &mut Turn<'_>,
    invite: &InviteRecord,
    staff_id: crate::domain::ids::StaffId,
) -> ChatResult<()> {
    if turn.tx.staff_by_user(turn.user).await?.is_some() {
        let text = turn.t("staff-already-registered");
        return turn.reply(text, Vec::new()).await;
    }
    if !turn.tx.use_invite(invite.id, turn.now).await? {
        return refuse(turn, InviteProblem::AlreadyUsed).await;
    }
    turn.tx.join_staff(staff_id, turn.user, turn.now).await?;
    turn.tx
        .audit(AuditEntry {
            at: turn.now,
            actor: Actor::Staff(staff_id),
            action: "staff.joined",
            case_id: None,
            subject: Some(("staff", staff_id.0)),
        })
        .await?;
    let staff = turn.tx.staff(staff_id).await?;
    if let Some(staff) = &staff {
        turn.lang = staff.lang;
    }
    let staff_role = staff.as_ref().map(|s| s.role);
    let team = staff.as_ref().and_then(|s| s.team_label());
    let name = staff.map(|s| s.name).unwrap_or_default();
    // A team leader's work is the team: their welcome says so and names /ledelse.
    let text = match (staff_role, team) {
        (Some(crate::domain::staff::StaffRole::TeamLeader), Some(team)) => turn.ta(
            "leader-welcome",
            Args::new().with("name", name).with("team", team),
        ),
        _ => turn.ta("staff-welcome", Args::new().with("name", name)),
    };
    turn.after.push(AfterCommit::SetMenu {
        chat_id: turn.chat_id,
        menu: match staff_role {
            Some(crate::domain::staff::StaffRole::TeamLeader) => Menu::TeamLeader,
            _ => Menu::Staff,
        },
        lang: turn.lang,
    });
    turn.reply(text, Vec::new()).await
}

async fn ask_consent(
    turn: &mut Turn<'_>,
    invite: &InviteRecord,
    participant: &ParticipantRecord,
) -> ChatResult<()> {
    let nickname = turn
        .tx
        .case(participant.case_id)
        .await?
        .map(|c| c.nickname)
        .unwrap_or_default();
    turn.lang = participant.lang;
    let key = match participant.role {
        Role::Youth => "consent-youth",
        Role::Parent => "consent-parent",
        Role::Witness => "consent-witness",
    };
    // Adults are told whose caseworker it is: "Leas rådgiver", not "rådgiveren for Lea".
    let owner = crate::i18n::possessive(turn.lang, &nickname);
    let text = turn.ta(key, Args::new().with("nickname", nickname).with("owner", owner));
    let buttons = vec![vec![
        Button::callback(
            turn.t("consent-yes"),
            Callback::Consent {
                invite: invite.id,
                yes: true,
            }
            .encode(),
        ),
        Button::callback(
            turn.t("consent-no"),
            Callback::Consent {
                invite: invite.id,
                yes: false,
            }
            .encode(),
        ),
    ]];
    turn.set_conversation(&Conversation::AwaitingConsent { invite: invite.id })
        .await?;
    turn.reply(text, buttons).await
}

/// "Ja, jeg er med" / "Nej tak". Only valid from the chat that opened this invitation.
pub async fn consent(turn: &mut Turn<'_>, invite_id: InviteId, yes: bool) -> ChatResult<Option<String>> {
    let expected = Some(Conversation::AwaitingConsent { invite: invite_id });
    if turn.conversation().await? != expected {
        return Ok(turn.refused(Refusal::Expired));
    }
    let Some(invite) = turn.tx.invite(invite_id).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let InviteTarget::Participant(participant_id) = invite.target else {
        return Ok(turn.refused(Refusal::Expired));
    };
    let Some(participant) = turn.tx.participant(participant_id).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.lang = participant.lang;
    turn.clear_conversation().await?;
    if let Err(problem) = check_usable(invite.expires_at, invite.used_at, turn.now) {
        refuse(turn, problem).await?;
        return Ok(None);
    }
    if yes {
        accept(turn, &invite, &participant).await?;
    } else {
        decline(turn, &participant).await?;
    }
    Ok(None)
}

async fn accept(
    turn: &mut Turn<'_>,
    invite: &InviteRecord,
    participant: &ParticipantRecord,
) -> ChatResult<()> {
    if participant.status.accept().is_err() || !turn.tx.use_invite(invite.id, turn.now).await? {
        return refuse(turn, InviteProblem::AlreadyUsed).await;
    }
    turn.tx
        .activate_participant(participant.id, turn.user, turn.now)
        .await?;
    // The rhythm is fixed now, so "every other week" keeps the same weeks from here on.
    let today = turn.now.with_timezone(&turn.ctx.timezone).date_naive();
    let rhythm = crate::service::participant::rhythm_of(participant, today);
    let next = rhythm.next_after(turn.now, turn.ctx.timezone);
    turn.tx
        .set_schedule(participant.id, Some(&rhythm.to_canonical()), next, turn.now)
        .await?;
    turn.tx
        .audit(AuditEntry {
            at: turn.now,
            actor: Actor::Participant(participant.id),
            action: "participant.accepted",
            case_id: Some(participant.case_id),
            subject: Some(("participant", participant.id.0)),
        })
        .await?;
    let (key, menu) = match participant.role {
        Role::Youth => ("welcome-youth", Menu::Youth),
        Role::Parent | Role::Witness => ("welcome-network", Menu::Network),
    };
    let text = format!("{}\n\n{}", turn.t(key), turn.t("help-numbers"));
    turn.reply(text, Vec::new()).await?;
    turn.after.push(AfterCommit::SetMenu {
        chat_id: turn.chat_id,
        menu,
        lang: turn.lang,
    });
    // The caseworker sees who took the link, and can remove a wrong person at once.
    let args = Args::new().with("telegram", turn.telegram_name.clone());
    let remove = Callback::RemoveParticipant(participant.id);
    turn.tell_caseworker_with(
        participant,
        "caseworker-participant-joined",
        args,
        Delivery::Notice,
        Some(("remove-participant-button", remove)),
    )
    .await
}

async fn decline(turn: &mut Turn<'_>, participant: &ParticipantRecord) -> ChatResult<()> {
    turn.tx
        .audit(AuditEntry {
            at: turn.now,
            actor: Actor::Participant(participant.id),
            action: "participant.declined",
            case_id: Some(participant.case_id),
            subject: Some(("participant", participant.id.0)),
        })
        .await?;
    let text = turn.t("consent-declined");
    turn.reply(text, Vec::new()).await?;
    turn.tell_caseworker(
        participant,
        "caseworker-participant-declined",
        Args::new(),
        Delivery::Notice,
    )
    .await
}
