//! Who takes part in a case, changed by the caseworker: an invitation for a young person, a
//! parent or a witness (`/inviter` in the chat, the invitation form on the desk), removing a
//! participant or revoking an open invitation ("Fjern" / "Tilbagekald" under a notice, the
//! desk's "Fjern" after its confirmation), and a new check-in rhythm for a role (`/rytme`, the
//! desk's rhythm form). The chat and the desk call these same functions; each writes its audit
//! row and queues what the person gets.

use chrono::{DateTime, Utc};

use super::{Context, Delivery, Queued, Result, access, queue};
use crate::domain::ids::{InviteId, ParticipantId};
use crate::domain::invite::{InviteToken, expiry_from};
use crate::domain::participant::{NAME_MAX, ParticipantStatus, Role};
use crate::domain::schedule::{Rhythm, RhythmError, parse_rhythm};
use crate::domain::text::{TextError, clean_line};
use crate::i18n::Args;
use crate::store::{CaseRecord, InviteTarget, ParticipantRecord, StaffRecord, Tx};
use crate::telegram::outgoing::Outgoing;

/// A new invitation: the participant waits as invited until the link is used.
pub struct Invitation {
    pub participant: ParticipantId,
    pub invite: InviteId,
    /// The cleaned relation (witnesses) and name, as stored.
    pub relation: Option<String>,
    pub name: Option<String>,
    /// `t.me/<bot>?start=<token>`: the only place the token exists in clear.
    pub link: String,
}

/// What an invitation attempt came to.
pub enum Invited {
    Created(Invitation),
    /// The relation or the name cannot be stored as typed.
    Unusable(TextError),
}

/// An invitation link for `role` in `case` (one of `staff`'s own cases: the caller resolved it
/// through `access::own_case*`). Only the token's hash is stored; it is valid
/// `INVITE_VALIDITY_DAYS` days. Audited as `invite.created`.
#[allow(clippy::too_many_arguments)]
pub async fn invite(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    case: &CaseRecord,
    role: Role,
    relation: Option<&str>,
    name: Option<&str>,
) -> Result<Invited> {
    let relation = match relation.map(|r| clean_line(r, NAME_MAX)).transpose() {
        Ok(r) => r,
        Err(error) => return Ok(Invited::Unusable(error)),
    };
    let name = match name.map(|n| clean_line(n, NAME_MAX)).transpose() {
        Ok(n) => n,
        Err(error) => return Ok(Invited::Unusable(error)),
    };
    let participant = tx
        .create_participant(
            case.id,
            role,
            name.as_deref(),
            relation.as_deref(),
            ctx.default_lang,
            now,
        )
        .await?;
    let token = InviteToken::generate();
    let invite = tx
        .create_invite(
            &token.hash(),
            InviteTarget::Participant(participant),
            Some(staff.id),
            expiry_from(now),
            now,
        )
        .await?;
    access::audit_staff(
        tx,
        now,
        staff,
        "invite.created",
        Some(case.id),
        Some(("invite", invite.0)),
    )
    .await?;
    tracing::info!(case_id = %case.id, participant_id = %participant, "invitation created");
    Ok(Invited::Created(Invitation {
        participant,
        invite,
        relation,
        name,
        link: token.deep_link(&ctx.bot_username),
    }))
}

/// A participant just removed, with their case.
pub struct Removed {
    pub participant: ParticipantRecord,
    pub case: CaseRecord,
    pub was_invited: bool,
}

/// What removing a participant came to.
pub enum Removal {
    /// Removed (or, for an invitation not yet used, revoked).
    Removed(Box<Removed>),
    /// Removed before.
    AlreadyRemoved,
    /// Not a participant of one of `staff`'s own cases.
    NotFound,
}

/// Removes a participant, or revokes their open invitation: nothing more is sent to them
/// (their waiting messages are cancelled), and someone who had joined gets one short neutral
/// message and nothing more. Only the case's own caseworker may. Audited as
/// `participant.removed` or `invite.revoked`.
pub async fn remove(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    participant: ParticipantId,
) -> Result<Removal> {
    let Some((p, case)) = access::participant_of_own_case(tx, staff, participant).await? else {
        tracing::warn!(participant_id = %participant, staff_id = %staff.id, "removal by someone else than the caseworker; refused");
        return Ok(Removal::NotFound);
    };
    let Ok(removed) = p.status.remove() else {
        return Ok(Removal::AlreadyRemoved);
    };
    let was_invited = p.status == ParticipantStatus::Invited;
    tx.set_participant_status(p.id, removed, now).await?;
    tx.set_paused_until(p.id, None).await?;
    tx.cancel_outbox_for_participant(p.id, "participant removed")
        .await?;
    let action = if was_invited {
        "invite.revoked"
    } else {
        "participant.removed"
    };
    access::audit_staff(
        tx,
        now,
        staff,
        action,
        Some(case.id),
        Some(("participant", p.id.0)),
    )
    .await?;
    if let Some(chat) = p.telegram_user_id.filter(|_| !was_invited) {
        let message = Outgoing::Text {
            text: ctx.texts.ta(
                p.lang,
                "participant-removed-notice",
                Args::new().with("reader", super::format::reader(p.role)),
            ),
            buttons: Vec::new(),
        };
        // Removed once only, so one key per participant: pressing twice sends nothing twice.
        let key = format!("participant-removed:{}", p.id);
        let queued = Queued {
            key: &key,
            chat_id: chat.0,
            participant: Some(p.id),
            message: &message,
            delivery: Delivery::Reply,
        };
        queue(tx, ctx, queued, now).await?;
    }
    tracing::info!(case_id = %case.id, participant_id = %p.id, was_invited, "participant removed");
    Ok(Removal::Removed(Box::new(Removed {
        participant: p,
        case,
        was_invited,
    })))
}

/// A rhythm set for a role.
pub struct RhythmSet {
    pub rhythm: Rhythm,
    /// The next check-in of those who take part, if any.
    pub next: Option<DateTime<Utc>>,
    /// How many participants of the role it applies to.
    pub changed: usize,
}

/// What setting a rhythm came to.
pub enum RhythmChange {
    Set(RhythmSet),
    /// The expression is not a rhythm.
    Invalid(RhythmError),
}

/// A new check-in rhythm for every participant of `role` in `case` (one of `staff`'s own
/// cases), from the expression `/rytme` takes. Check-ins that already went out are not
/// touched; someone still invited gets their first check-in when they join. Audited as
/// `rhythm.changed`.
#[allow(clippy::too_many_arguments)]
pub async fn set_rhythm(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    case: &CaseRecord,
    role: Role,
    expression: &str,
) -> Result<RhythmChange> {
    let rhythm = match parse_rhythm(expression, ctx.today(now)) {
        Ok(r) => r,
        Err(error) => {
            tracing::info!(%error, "rhythm not understood");
            return Ok(RhythmChange::Invalid(error));
        }
    };
    let canonical = rhythm.to_canonical();
    let next = rhythm.next_after(now, ctx.timezone);
    let mut changed = 0;
    for p in tx
        .participants_of_case(case.id)
        .await?
        .iter()
        .filter(|p| p.role == role)
    {
        let next = if p.status == ParticipantStatus::Invited {
            None
        } else {
            next
        };
        tx.set_schedule(p.id, Some(&canonical), next, now).await?;
        changed += 1;
    }
    access::audit_staff(
        tx,
        now,
        staff,
        "rhythm.changed",
        Some(case.id),
        Some(("case", case.id.0)),
    )
    .await?;
    Ok(RhythmChange::Set(RhythmSet {
        rhythm,
        next,
        changed,
    }))
}
