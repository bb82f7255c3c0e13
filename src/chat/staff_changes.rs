//! Staff changes in the chat: `/overdrag` (hand a case over to a colleague) and `/fravaer`
//! (who gets new alerts and the digest while a caseworker is away; the cover itself is read in
//! `service::cover`). Deactivated staff are refused in `access.rs`, before any of this runs.

use crate::chat::access::Refusal;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::args::{self, AbsenceArgs, CaseAndRest, CaseArg};
use super::conversation::{Conversation, Purpose};
use super::{ChatResult, Turn};
use crate::domain::ids::{AbsenceId, CaseId, StaffId};
use crate::domain::meeting::DateError;
use crate::domain::staff::{
    Absence, AbsenceError, Candidate, MAX_ABSENCE_DAYS, StaffRole, receiving_team_leader,
};
use crate::i18n::{Args, Lang, Texts};
use crate::service::buttons::Callback;
use crate::store::{CaseRecord, StaffRecord, Tx};
use crate::telegram::outgoing::{Button, Keyboard};

/// "torsdag 24. december": a day of an absence, without a year (the period is short).
fn day_text(texts: &Texts, lang: Lang, day: NaiveDate) -> String {
    texts.ta(
        lang,
        "absence-day",
        Args::new()
            .with(
                "weekday",
                texts.t(
                    lang,
                    &format!("agenda-weekday-{}", day.weekday().number_from_monday()),
                ),
            )
            .with("day", day.day().to_string())
            .with("month", texts.t(lang, &format!("agenda-month-{}", day.month()))),
    )
}

fn cancel_button(turn: &Turn<'_>) -> Vec<Button> {
    vec![Button::callback(
        turn.t("flow-cancel-button"),
        Callback::CancelFlow.encode(),
    )]
}

async fn audit(
    tx: &mut Tx,
    now: DateTime<Utc>,
    actor: &StaffRecord,
    action: &'static str,
    case: Option<CaseId>,
    subject: (&'static str, i64),
) -> ChatResult<()> {
    super::access::audit_staff(tx, now, actor, action, case, Some(subject)).await
}

// ---- who receives what ----
// ---- /overdrag ----

/// `/overdrag <kode> <medarbejder>`: the case's caseworker or the team leader hands a case to
/// a colleague of the same team. Without arguments: the cases, then the colleagues, as buttons.
pub async fn handover_command(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let CaseAndRest { case, rest: who } = args::case_and_rest(args);
    let CaseArg::Typed(code) = case else {
        return super::pick_case::pick_case(turn, staff, Purpose::Handover).await;
    };
    let Some(case) = super::access::handover_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let Some(who) = who else {
        return ask_colleague(turn, &case).await;
    };
    let colleagues = colleagues(turn, &case).await?;
    let wanted = who.trim().to_lowercase();
    let matching: Vec<&StaffRecord> = colleagues
        .iter()
        .filter(|s| s.name.to_lowercase() == wanted || s.id.0.to_string() == wanted)
        .collect();
    match matching.as_slice() {
        [one] => {
            let to = (*one).clone();
            hand_over(turn, staff, &case, &to).await
        }
        // Unknown or ambiguous name: the colleagues as buttons, nothing is lost.
        _ => ask_colleague_after(turn, &case, "handover-unknown-colleague").await,
    }
}

/// Who the case may go to (`service::handover`, as on the desk).
async fn colleagues(turn: &mut Turn<'_>, case: &CaseRecord) -> ChatResult<Vec<StaffRecord>> {
    crate::service::handover::colleagues(turn.tx, case).await
}

/// The colleagues as buttons (the second step of the guided `/overdrag`).
pub async fn ask_colleague(turn: &mut Turn<'_>, case: &CaseRecord) -> ChatResult<()> {
    ask_colleague_after(turn, case, "handover-ask-colleague").await
}

async fn ask_colleague_after(turn: &mut Turn<'_>, case: &CaseRecord, key: &str) -> ChatResult<()> {
    let colleagues = colleagues(turn, case).await?;
    let args = || {
        Args::new()
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone())
    };
    if colleagues.is_empty() {
        let text = turn.ta("handover-no-colleagues", args());
        return turn.reply(text, Vec::new()).await;
    }
    turn.set_conversation(&Conversation::Handover { case: case.id })
        .await?;
    let mut buttons: Keyboard = colleagues
        .iter()
        .take(30)
        .map(|s| {
            let label = match s.role {
                StaffRole::TeamLeader => turn.ta(
                    "handover-colleague-leader",
                    Args::new().with("name", s.name.clone()),
                ),
                StaffRole::Caseworker => s.name.clone(),
            };
            vec![Button::callback(
                label,
                Callback::HandoverTo {
                    case: case.id,
                    to: s.id,
                }
                .encode(),
            )]
        })
        .collect();
    buttons.push(cancel_button(turn));
    let text = turn.ta(key, args());
    turn.reply(text, buttons).await
}

/// A colleague's button: the case goes to them, if the presser may still hand it over and the
/// colleague still can take it.
pub async fn handover_button(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: CaseId,
    to: StaffId,
) -> ChatResult<Option<String>> {
    let Some(case) = super::access::handover_case(turn, staff, case).await? else {
        tracing::warn!(case_id = %case, staff_id = %staff.id, "handover button from someone who may not; refused");
        return Ok(turn.refused(Refusal::Expired));
    };
    let Some(target) = colleagues(turn, &case).await?.into_iter().find(|s| s.id == to) else {
        return Ok(turn.refused(Refusal::Expired));
    };
    turn.clear_conversation().await?;
    hand_over(turn, staff, &case, &target).await?;
    Ok(None)
}

async fn hand_over(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    to: &StaffRecord,
) -> ChatResult<()> {
    let key = format!("u{}:handover", turn.update_id);
    let sending = crate::service::handover::Sending {
        delivery: super::Delivery::Reply,
        key: &key,
    };
    let (ctx, now) = (turn.ctx, turn.now);
    crate::service::handover::hand_over(turn.tx, ctx, now, staff, case, to, &sending).await?;
    let text = turn.ta(
        "handover-done",
        Args::new()
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone())
            .with("to", to.name.clone()),
    );
    turn.reply(text, Vec::new()).await
}

// ---- /fravaer ----

/// `/fravaer <fra> <til> [kollega]`: new alerts and the digest of the caseworker's cases go to
/// the team leader (or the named colleague) for the period. `/fravaer` alone shows the cover
/// and a button to end it.
pub async fn absence_command(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (from, to, who) = match args::absence(args) {
        AbsenceArgs::Show => return show_absences(turn, staff).await,
        AbsenceArgs::Usage => return turn.reply_key("absence-usage").await,
        AbsenceArgs::Period { from, to, cover } => (from, to, cover),
    };
    let today = turn.ctx.today(turn.now);
    let absence = match Absence::parse(from, to, today) {
        Ok(a) => a,
        Err(error) => return reply_absence_error(turn, error).await,
    };
    let overlapping = turn
        .tx
        .absences_of(staff.id, today)
        .await?
        .into_iter()
        .any(|a| a.absence.from() <= absence.to() && absence.from() <= a.absence.to());
    if overlapping {
        return turn.reply_key("absence-overlaps").await;
    }
    let cover = match who {
        None => {
            let Some(team) = staff.team.clone() else {
                return turn.reply_key("absence-no-leader").await;
            };
            let team_staff = turn.tx.active_staff_of_team(&staff.municipality, &team).await?;
            let candidates: Vec<Candidate> = team_staff.iter().map(|s| s.candidate()).collect();
            let leader = receiving_team_leader(&staff.candidate(), &candidates);
            match team_staff.into_iter().find(|s| Some(s.id.0) == leader) {
                Some(leader) => leader,
                None => return turn.reply_key("absence-no-leader").await,
            }
        }
        Some(name) => {
            let wanted = name.to_lowercase();
            let team_staff = match &staff.team {
                Some(team) => turn.tx.active_staff_of_team(&staff.municipality, team).await?,
                None => Vec::new(),
            };
            let found: Vec<StaffRecord> = team_staff
                .into_iter()
                .filter(|s| {
                    s.id != staff.id && s.telegram_user_id.is_some() && s.name.to_lowercase() == wanted
                })
                .collect();
            match <[StaffRecord; 1]>::try_from(found) {
                Ok([one]) => one,
                Err(_) => {
                    let text = turn.ta(
                        "absence-unknown-colleague",
                        Args::new().with("name", name.to_string()),
                    );
                    return turn.reply(text, Vec::new()).await;
                }
            }
        }
    };
    let id = turn
        .tx
        .insert_absence(staff.id, Some(cover.id), &absence, turn.now)
        .await?;
    audit(
        turn.tx,
        turn.now,
        staff,
        "absence.created",
        None,
        ("absence", id.0),
    )
    .await?;
    let texts = turn.ctx.texts.clone();
    let period = |lang: Lang| {
        Args::new()
            .with("from", day_text(&texts, lang, absence.from()))
            .with("to", day_text(&texts, lang, absence.to()))
    };
    if let Some(chat) = cover.telegram_user_id {
        let text = texts.ta(
            cover.lang,
            "absence-cover-told",
            period(cover.lang)
                .with("name", staff.name.clone())
                .with("owner", crate::i18n::possessive(cover.lang, &staff.name)),
        );
        turn.tell(chat.0, text).await?;
    }
    let text = turn.ta(
        "absence-created",
        period(turn.lang).with("cover", cover.name.clone()),
    );
    let buttons = vec![vec![Button::callback(
        turn.t("absence-end-button"),
        Callback::EndAbsence(id).encode(),
    )]];
    turn.reply(text, buttons).await
}

async fn show_absences(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    let today = turn.ctx.today(turn.now);
    let absences = turn.tx.absences_of(staff.id, today).await?;
    if absences.is_empty() {
        return turn.reply_key("absence-none").await;
    }
    let texts = turn.ctx.texts.clone();
    let mut lines = vec![turn.t("absence-list-title")];
    let mut buttons: Keyboard = Vec::new();
    for a in &absences {
        let cover = match a.cover_id {
            Some(id) => turn.tx.staff(id).await?.map(|s| s.name).unwrap_or_default(),
            None => String::new(),
        };
        let key = if a.absence.covers(today) {
            "absence-list-line-now"
        } else {
            "absence-list-line"
        };
        let args = || {
            Args::new()
                .with("from", day_text(&texts, turn.lang, a.absence.from()))
                .with("to", day_text(&texts, turn.lang, a.absence.to()))
                .with("cover", cover.clone())
        };
        lines.push(turn.ta(key, args()));
        buttons.push(vec![Button::callback(
            turn.ta("absence-end-button-for", args()),
            Callback::EndAbsence(a.id).encode(),
        )]);
    }
    turn.reply(lines.join("\n"), buttons).await
}

/// "Afslut fraværet": only the absent staff member's own absence.
pub async fn end_absence_button(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    id: AbsenceId,
) -> ChatResult<Option<String>> {
    let today = turn.ctx.today(turn.now);
    let Some(absence) = turn
        .tx
        .absences_of(staff.id, today)
        .await?
        .into_iter()
        .find(|a| a.id == id)
    else {
        return Ok(Some(turn.t("absence-already-ended")));
    };
    if !turn.tx.end_absence(absence.id, turn.now).await? {
        return Ok(Some(turn.t("absence-already-ended")));
    }
    audit(turn.tx, turn.now, staff, "absence.ended", None, ("absence", id.0)).await?;
    if let Some(cover) = absence.cover_id
        && let Some(cover) = turn.tx.staff(cover).await?.filter(StaffRecord::is_active)
        && let Some(chat) = cover.telegram_user_id
    {
        let text = turn.ctx.texts.ta(
            cover.lang,
            "absence-cover-ended",
            Args::new()
                .with("name", staff.name.clone())
                .with("owner", crate::i18n::possessive(cover.lang, &staff.name)),
        );
        turn.tell(chat.0, text).await?;
    }
    turn.reply_key("absence-ended").await?;
    Ok(None)
}

async fn reply_absence_error(turn: &mut Turn<'_>, error: AbsenceError) -> ChatResult<()> {
    let date_problem = |which: &str, e: DateError| match e {
        DateError::Malformed => format!("absence-{which}-malformed"),
        DateError::NoSuchDate => format!("absence-{which}-no-such-date"),
        DateError::InPast => format!("absence-{which}-in-past"),
        DateError::TooFarAhead => "absence-too-far".to_string(),
    };
    let key = match error {
        AbsenceError::From(e) => date_problem("from", e),
        AbsenceError::To(e) => date_problem("to", e),
        AbsenceError::EndsBeforeStart => "absence-ends-before-start".to_string(),
        AbsenceError::TooLong => "absence-too-long".to_string(),
    };
    let text = turn.ta(&key, Args::new().with("days", MAX_ABSENCE_DAYS));
    turn.reply(text, Vec::new()).await
}

/// "Annuller" under a guided step: the conversation is left, nothing changes.
pub async fn cancel_button_pressed(turn: &mut Turn<'_>) -> ChatResult<Option<String>> {
    turn.clear_conversation().await?;
    turn.reply_key("cancelled").await?;
    Ok(None)
}
