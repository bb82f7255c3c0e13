//! A case's check-ins from the caseworker's side: `/rytme` (a new rhythm for a role) and
//! `/tjekind` (a check-in to the young person now).

use super::*;
use crate::chat::access::Refusal;

/// `/rytme <kode> <ung|forælder|vidne> <udtryk>`: a new check-in rhythm for that role. Check-ins
/// that already went out are not touched.
pub(super) async fn set_rhythm(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, rest) = first_word(args);
    let (role_word, expression) = first_word(rest);
    if expression.is_empty() {
        return turn.reply_key("rhythm-usage").await;
    }
    let Some(case) = crate::chat::access::own_case_by_code(turn, staff, code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let Some(role) = Role::parse_command_word(role_word) else {
        return turn.reply_key("unknown-role").await;
    };
    let tz = turn.ctx.timezone;
    let today = turn.now.with_timezone(&tz).date_naive();
    let rhythm = match crate::domain::schedule::parse_rhythm(expression, today) {
        Ok(r) => r,
        Err(error) => {
            tracing::info!(%error, "rhythm not understood");
            return turn.reply_key("rhythm-invalid").await;
        }
    };
    let canonical = rhythm.to_canonical();
    let next = rhythm.next_after(turn.now, tz);
    let mut changed = 0;
    for p in turn
        .tx
        .participants_of_case(case.id)
        .await?
        .iter()
        .filter(|p| p.role == role)
    {
        let next = if p.status.key() == "invited" { None } else { next };
        turn.tx
            .set_schedule(p.id, Some(&canonical), next, turn.now)
            .await?;
        changed += 1;
    }
    audit(turn, staff, "rhythm.changed", case.id, ("case", case.id.0)).await?;
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
    let (code, who) = first_word(args);
    if code.is_empty() {
        // No code to type: the caseworker's own cases as buttons.
        return crate::chat::pick_case::pick_case(turn, staff, Purpose::Checkin).await;
    }
    let Some(case) = crate::chat::access::own_case_by_code(turn, staff, code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let everyone = match who.trim().to_lowercase().as_str() {
        "" | "ung" => false,
        "alle" | "all" => true,
        _ => return turn.reply_key("checkin-now-usage").await,
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
