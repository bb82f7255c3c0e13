//! A case's check-ins from the caseworker's side: `/rytme` (a new rhythm for a role) and
//! `/tjekind` (a check-in to the young person now).

use super::*;
use crate::chat::access::Refusal;
use crate::chat::args::{self, Audience, CaseArg, CheckinNowArgs, RhythmArgs};

/// `/rytme <kode> <ung|forælder|vidne> <udtryk>`: a new check-in rhythm for that role
/// (`service::participation::set_rhythm`, the same as the desk's rhythm form). Sent bare, it
/// asks for the case, the role (buttons) and the rhythm in words.
pub(super) async fn set_rhythm(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (case, role, expression) = match args::rhythm(args) {
        RhythmArgs::Set {
            case,
            role,
            expression,
        } => (case, role, expression),
        RhythmArgs::Guided => return crate::chat::pick_case::pick_case(turn, staff, Purpose::Rhythm).await,
        RhythmArgs::Usage => return turn.reply_key("rhythm-usage").await,
    };
    let Some(case) = crate::chat::access::own_case_by_code(turn, staff, &case).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let Some(role) = role else {
        return turn.reply_key("unknown-role").await;
    };
    apply_rhythm(turn, staff, &case, role, expression).await
}

/// "Hvem skal rytmen gælde for?": the case is picked, a button per role.
pub(super) async fn ask_rhythm_role(turn: &mut Turn<'_>, case: CaseId) -> ChatResult<()> {
    turn.set_conversation(&Conversation::RhythmRole { case }).await?;
    let buttons = super::invites::role_buttons(turn);
    let text = turn.t("rhythm-ask-role");
    turn.reply(text, buttons).await
}

/// The role is picked: the rhythm is asked for in words.
pub(super) async fn ask_rhythm_text(turn: &mut Turn<'_>, case: CaseId, role: Role) -> ChatResult<()> {
    turn.set_conversation(&Conversation::RhythmText {
        case,
        role: role.key().to_string(),
    })
    .await?;
    turn.reply_key("rhythm-ask-expression").await
}

/// The rhythm in words becomes the role's rhythm. A rhythm the service does not understand is
/// answered with examples, and a guided flow stays open for another try.
pub(super) async fn apply_rhythm(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    role: Role,
    expression: &str,
) -> ChatResult<()> {
    use crate::service::participation::{RhythmChange, RhythmSet, set_rhythm as set_for_role};
    let RhythmSet {
        rhythm,
        next,
        changed,
    } = match set_for_role(turn.tx, turn.ctx, turn.now, staff, case, role, expression).await? {
        RhythmChange::Set(done) => done,
        RhythmChange::Invalid(_) => return turn.reply_key("rhythm-invalid").await,
    };
    turn.clear_conversation().await?;
    let next_text = next
        .map(|n| crate::service::format::when_text(turn.ctx, turn.lang, n))
        .unwrap_or_else(|| "–".into());
    let text = turn.ta(
        "rhythm-set",
        Args::new()
            .with("code", case.code.to_string())
            .with("role", turn.t(&format!("role-{}", role.key())))
            .with(
                "rhythm",
                crate::service::format::rhythm_text(turn.ctx, turn.lang, &rhythm),
            )
            .with("next", next_text)
            .with("count", changed),
    );
    turn.reply(text, Vec::new()).await
}

/// `/tjekind <kode> [ung|alle]`: a check-in now, quiet hours or not (the caseworker chose it).
pub(super) async fn checkin_now(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let CheckinNowArgs { case, audience } = args::checkin_now(args);
    let CaseArg::Typed(code) = case else {
        // No code to type: the caseworker's own cases as buttons.
        return crate::chat::pick_case::pick_case(turn, staff, Purpose::Checkin).await;
    };
    let Some(case) = crate::chat::access::own_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let everyone = match audience {
        Some(Audience::Youth) => false,
        Some(Audience::Everyone) => true,
        None => return turn.reply_key("checkin-now-usage").await,
    };
    let participants = turn.tx.participants_of_case(case.id).await?;
    let mut sent = 0;
    for p in participants
        .iter()
        .filter(|p| (everyone || p.role == Role::Youth) && p.status.key() == "active")
    {
        let new = crate::service::checkin::NewCheckin {
            participant: p,
            case: &case,
            planned_at: turn.now,
            delivery: Delivery::Requested,
            trigger: crate::domain::checkin::Trigger::Manual,
        };
        if crate::service::checkin::create(turn.tx, turn.ctx, turn.now, &new)
            .await?
            .is_some()
        {
            sent += 1;
        }
    }
    let key = if sent == 0 {
        "checkin-now-nobody"
    } else {
        "checkin-now-sent"
    };
    let text = turn.ta(
        key,
        Args::new()
            .with("count", sent)
            .with("code", case.code.to_string()),
    );
    turn.reply(text, Vec::new()).await
}
