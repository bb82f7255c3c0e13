//! The end of a case: `/luk` (close with a reason, after every open alert is assessed, with a
//! kind goodbye to everyone), `/journal` (the printable journal for the case system), and
//! what a participant of a closed case gets when they write again.

use crate::chat::access::Refusal;
use chrono::{DateTime, Utc};

use super::args::{self, CaseArg, JournalArgs};
use super::conversation::Purpose;
use super::{ChatResult, Turn};
use crate::domain::case::{CaseEvent, CloseReason};
use crate::domain::ids::CaseId;
use crate::domain::participant::{ParticipantStatus, Role};
use crate::i18n::{Args, possessive};
use crate::render::journal;
use crate::service::buttons::Callback;
use crate::store::{Actor, AuditEntry, CaseRecord, ParticipantRecord, Period, StaffRecord};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};

/// Telegram allows 1 024 characters in a document caption.
const MAX_CAPTION_CHARS: usize = 1000;

fn case_args(case: &CaseRecord) -> Args<'static> {
    Args::new()
        .with("code", case.code.to_string())
        .with("nickname", case.nickname.clone())
}

fn cancel_row(turn: &Turn<'_>) -> Vec<Button> {
    vec![Button::callback(
        turn.t("close-cancel-button"),
        Callback::CloseCancel.encode(),
    )]
}

async fn audit(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    action: &'static str,
    case: CaseId,
) -> ChatResult<()> {
    super::access::audit_staff(turn.tx, turn.now, staff, action, Some(case), None).await
}

// ---- /luk ----

/// `/luk [kode]`: without a code, the caseworker's open cases as buttons.
pub async fn close_command(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let CaseArg::Typed(code) = args::case_only(args) else {
        return super::pick_case::pick_case(turn, staff, Purpose::Close).await;
    };
    let Some(case) = super::access::own_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    offer_close(turn, staff, &case, "close-open-alerts").await
}

/// The next step of closing: the open alerts with their buttons (introduced by `intro`), or
/// the reasons.
async fn offer_close(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    intro: &str,
) -> ChatResult<()> {
    if !case.status.is_open() {
        let text = turn.ta("close-already", case_args(case));
        return turn.reply(text, Vec::new()).await;
    }
    let open = turn.tx.open_alerts_of_case(case.id).await?;
    if !open.is_empty() {
        super::access::audit_read(turn, staff, "read.alerts", Some(case.id)).await?;
        let text = turn.ta(intro, case_args(case).with("count", open.len()));
        turn.reply(text, Vec::new()).await?;
        for alert in &open {
            super::alerts::show_with_buttons(turn, alert, case).await?;
        }
        let buttons: Keyboard = vec![
            vec![Button::callback(
                turn.t("close-continue-button"),
                Callback::CloseCase(case.id).encode(),
            )],
            cancel_row(turn),
        ];
        let text = turn.ta("close-after-alerts", case_args(case));
        return turn.reply(text, buttons).await;
    }
    let mut buttons: Keyboard = CloseReason::ALL
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|reason| {
                    Button::callback(
                        turn.t(&format!("close-reason-{}", reason.key())),
                        Callback::CloseReason {
                            case: case.id,
                            reason: *reason,
                        }
                        .encode(),
                    )
                })
                .collect()
        })
        .collect();
    buttons.push(cancel_row(turn));
    let text = turn.ta("close-ask-reason", case_args(case));
    turn.reply(text, buttons).await
}

/// "Luk sagen" after the alerts: check again, then the reasons.
pub async fn continue_button(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: CaseId,
) -> ChatResult<Option<String>> {
    let Some(case) = super::access::own_case(turn, staff, case).await? else {
        return Ok(turn.refused(Refusal::Expired));
    };
    offer_close(turn, staff, &case, "close-still-open").await?;
    Ok(None)
}

/// "Fortryd" at any step of `/luk`.
pub async fn cancel_button(turn: &mut Turn<'_>) -> ChatResult<Option<String>> {
    turn.clear_conversation().await?;
    turn.reply_key("close-cancelled").await?;
    Ok(None)
}

/// A reason was tapped: the case closes now (if no alert is open any more).
pub async fn reason_button(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: CaseId,
    reason: CloseReason,
) -> ChatResult<Option<String>> {
    let Some(case) = super::access::own_case(turn, staff, case).await? else {
        tracing::warn!(case_id = %case, staff_id = %staff.id, "close button from someone else than the caseworker; refused");
        return Ok(turn.refused(Refusal::Expired));
    };
    let still_open = !turn.tx.open_alerts_of_case(case.id).await?.is_empty();
    if still_open || case.status.apply(CaseEvent::Close(reason)).is_err() {
        // A new alert came in meanwhile, or the case was closed from another message.
        offer_close(turn, staff, &case, "close-still-open").await?;
        return Ok(None);
    }
    close(turn, staff, &case, reason).await?;
    Ok(None)
}

async fn close(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    reason: CloseReason,
) -> ChatResult<()> {
    if !turn.tx.close_case(case.id, reason, turn.now).await? {
        let text = turn.ta("close-already", case_args(case));
        return turn.reply(text, Vec::new()).await;
    }
    audit(turn, staff, "case.closed", case.id).await?;
    let days = turn.ctx.retention_days;
    let (mut told, mut revoked) = (0, 0);
    for p in turn.tx.participants_of_case(case.id).await? {
        // Nothing already queued for them goes out any more: no late check-in or agenda.
        turn.tx.cancel_outbox_for_participant(p.id, "case closed").await?;
        match p.status {
            ParticipantStatus::Invited => {
                turn.tx
                    .set_participant_status(p.id, ParticipantStatus::Removed, turn.now)
                    .await?;
                turn.tx
                    .audit(AuditEntry {
                        at: turn.now,
                        actor: Actor::Staff(staff.id),
                        action: "invite.revoked",
                        case_id: Some(case.id),
                        subject: Some(("participant", p.id.0)),
                    })
                    .await?;
                revoked += 1;
            }
            ParticipantStatus::Active | ParticipantStatus::Paused => {
                if let Some(chat) = p.telegram_user_id {
                    let text = goodbye(turn, case, &p, days);
                    let message = Outgoing::Text {
                        text,
                        buttons: Vec::new(),
                    };
                    turn.send(chat.0, Some(p.id), message).await?;
                    told += 1;
                }
            }
            // Someone who said stop, blocked the bot or was removed hears nothing more.
            ParticipantStatus::Stopped | ParticipantStatus::Blocked | ParticipantStatus::Removed => {}
        }
    }
    let reason_text = turn.t(&format!("close-reason-{}", reason.key()));
    let text = turn.ta(
        "case-closed-caseworker",
        case_args(case)
            .with("reason", reason_text)
            .with("told", told)
            .with("revoked", revoked)
            .with("days", days),
    );
    turn.reply(text, Vec::new()).await?;
    // The journal goes with it: the case is now closed and exported.
    let Some(case) = turn.tx.case(case.id).await? else {
        return Ok(());
    };
    send_journal(turn, staff, &case, Period::default()).await
}

/// The young person's goodbye says what happens with their data, and that the caseworker is
/// still there outside the bot; the adults' says the same in adult words.
fn goodbye(turn: &Turn<'_>, case: &CaseRecord, p: &ParticipantRecord, days: u32) -> String {
    let args = Args::new()
        .with("nickname", case.nickname.clone())
        .with("owner", possessive(p.lang, &case.nickname))
        .with("days", days);
    let key = match p.role {
        Role::Youth => "goodbye-youth",
        Role::Parent | Role::Witness => "goodbye-adult",
    };
    turn.ctx.texts.ta(p.lang, key, args)
}

// ---- /journal ----

/// `/journal <kode> [fra] [til]`: the journal as a printable file (and the period's, when
/// dates are given). Without a code: the caseworker's cases as buttons.
pub async fn journal_command(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let JournalArgs { case, from, to } = args::journal(args);
    let CaseArg::Typed(code) = case else {
        return super::pick_case::pick_case(turn, staff, Purpose::Journal).await;
    };
    let Some(case) = super::access::visible_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let mut period = Period::default();
    for (typed, is_from) in [(from, true), (to, false)] {
        let Some(typed) = typed else {
            continue;
        };
        let day = match typed {
            Ok(day) => day,
            Err(text) => {
                let text = turn.ta("journal-bad-date", Args::new().with("text", text.to_string()));
                return turn.reply(text, Vec::new()).await;
            }
        };
        // `til` includes the whole day.
        let day = if is_from { Some(day) } else { day.succ_opt() };
        let at = day.and_then(|d| local_midnight(turn, d));
        if is_from {
            period.from = at;
        } else {
            period.to = at;
        }
    }
    send_journal(turn, staff, &case, period).await
}

fn local_midnight(turn: &Turn<'_>, day: chrono::NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)?
        .and_local_timezone(turn.ctx.timezone)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Sends the journal as an HTML document to the staff member asking (`service::journal::export`:
/// the whole journal of a closed case moves it to `exported`; every export is an audited read).
async fn send_journal(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    period: Period,
) -> ChatResult<()> {
    let Some(data) = crate::service::journal::export(turn.tx, turn.now, staff, case, period).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let html = journal::to_html(&data, &turn.ctx.texts, turn.lang, turn.ctx.timezone);
    let whole = period == Period::default();
    let key = if whole {
        "journal-caption"
    } else {
        "journal-caption-period"
    };
    let caption: String = turn
        .ta(key, case_args(case))
        .chars()
        .take(MAX_CAPTION_CHARS)
        .collect();
    let document = Outgoing::Document {
        caption,
        file_name: journal::file_name(&data, "html"),
        content: html.into_bytes(),
    };
    let chat = turn.chat_id;
    turn.send(chat, None, document).await?;
    Ok(())
}

// ---- after the close ----

/// The participations whose case still runs. A person whose cases are all closed gets the
/// "contact has ended" answer instead of the usual handling.
pub async fn live_participations(
    turn: &mut Turn<'_>,
    participations: &[ParticipantRecord],
) -> ChatResult<Vec<ParticipantRecord>> {
    let mut live = Vec::new();
    for p in participations {
        if turn.tx.case(p.case_id).await?.is_some_and(|c| c.status.is_open()) {
            live.push(p.clone());
        }
    }
    Ok(live)
}

/// A text from someone whose every case is closed: danger still gets the help numbers at once
/// and still reaches the caseworker; anything else gets a kind "this has ended".
pub async fn text_after_close(
    turn: &mut Turn<'_>,
    ended: &[ParticipantRecord],
    text: &str,
) -> ChatResult<()> {
    turn.clear_conversation().await?;
    if super::safety::check(turn, ended, text).await?.is_some() {
        return Ok(());
    }
    contact_ended(turn, ended).await
}

/// The kind answer to a command or a text after the close.
pub async fn contact_ended(turn: &mut Turn<'_>, ended: &[ParticipantRecord]) -> ChatResult<()> {
    let key = if ended.iter().any(|p| p.role == Role::Youth) {
        "contact-ended-youth"
    } else {
        "contact-ended-adult"
    };
    turn.reply_key(key).await
}
