//! Handing a case over to a colleague of the team (overdragelse): the chat's `/overdrag` and
//! the desk's *Ledelse* share it. The case's open alerts, meetings and call tasks follow the
//! case; the new caseworker gets a short overview, and a caseworker whose case the team leader
//! moved is told.

use chrono::{DateTime, Utc};

use super::{Context, Delivery, Queued, Result, access, queue};
use crate::domain::followup::CallTaskStatus;
use crate::domain::meeting::MeetingStatus;
use crate::i18n::{Args, Lang};
use crate::store::{CaseRecord, StaffRecord, Tx};
use crate::telegram::outgoing::Outgoing;

/// Active colleagues of the case's team who have joined, other than its caseworker: the ones
/// the case may be handed to.
pub async fn colleagues(tx: &mut Tx, case: &CaseRecord) -> Result<Vec<StaffRecord>> {
    let Some(caseworker) = tx.staff(case.caseworker_id).await? else {
        return Ok(Vec::new());
    };
    let Some(team) = caseworker.team.clone() else {
        return Ok(Vec::new());
    };
    Ok(tx
        .active_staff_of_team(&caseworker.municipality, &team)
        .await?
        .into_iter()
        .filter(|s| s.id != case.caseworker_id && s.telegram_user_id.is_some())
        .collect())
}

/// How the messages of a handover go out: the chat answers an update (`Delivery::Reply`, keys
/// of the update), the desk sends notices under keys of its own. Each message's key is
/// `<key>:summary` or `<key>:previous`.
pub struct Sending<'a> {
    pub delivery: Delivery,
    pub key: &'a str,
}

/// Hands `case` (one `staff` may hand over: `access::handover_case`) to `to` (one of
/// [`colleagues`]): the new caseworker, the audit (`case.handed_over`, and the new caseworker's
/// read of the case), the overview to them, and a line to the previous caseworker when someone
/// else moved the case.
pub async fn hand_over(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    case: &CaseRecord,
    to: &StaffRecord,
    sending: &Sending<'_>,
) -> Result<()> {
    let previous = tx.staff(case.caseworker_id).await?;
    tx.set_caseworker(case.id, to.id, now).await?;
    access::audit_staff(
        tx,
        now,
        staff,
        "case.handed_over",
        Some(case.id),
        Some(("staff", to.id.0)),
    )
    .await?;
    // The new caseworker now reads the case: an audited read like `/sag`.
    access::audit_read(tx, now, to, "read.case", Some(case.id)).await?;
    let from_name = previous.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    if let Some(chat) = to.telegram_user_id {
        let text = summary(tx, ctx, now, case, to.lang, &from_name).await?;
        send(tx, ctx, now, sending, "summary", chat.0, text).await?;
    }
    // A caseworker whose case the team leader moved learns it (and loses access to it).
    if let Some(previous) = previous.filter(|p| p.id != staff.id && p.is_active())
        && let Some(chat) = previous.telegram_user_id
    {
        let text = ctx.texts.ta(
            previous.lang,
            "handover-previous-told",
            Args::new()
                .with("code", case.code.to_string())
                .with("nickname", case.nickname.clone())
                .with("to", to.name.clone()),
        );
        send(tx, ctx, now, sending, "previous", chat.0, text).await?;
    }
    Ok(())
}

async fn send(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    sending: &Sending<'_>,
    what: &str,
    chat_id: i64,
    text: String,
) -> Result<()> {
    let key = format!("{}:{what}", sending.key);
    let message = Outgoing::Text {
        text,
        buttons: Vec::new(),
    };
    queue(
        tx,
        ctx,
        Queued {
            key: &key,
            chat_id,
            participant: None,
            message: &message,
            delivery: sending.delivery,
        },
        now,
    )
    .await?;
    Ok(())
}

/// The new caseworker's short overview: nickname, code, open alerts, next meeting, overdue
/// calls — never a participant's text.
async fn summary(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    case: &CaseRecord,
    lang: Lang,
    from: &str,
) -> Result<String> {
    let alerts = tx.open_alerts_of_case(case.id).await?;
    let today = ctx.today(now);
    let overdue = tx
        .call_tasks_of_case(case.id)
        .await?
        .iter()
        .filter(|t| t.task.status == CallTaskStatus::Open && t.task.due < today)
        .count();
    let next_meeting = tx
        .meetings_of_case(case.id)
        .await?
        .into_iter()
        .filter(|m| m.status == MeetingStatus::Planned && m.at > now)
        .map(|m| m.at)
        .min();
    let meeting = match next_meeting {
        Some(at) => super::format::when_text(ctx, lang, at),
        None => ctx.texts.t(lang, "handover-summary-no-meeting"),
    };
    let title = if from.is_empty() {
        "handover-summary-title-plain"
    } else {
        "handover-summary-title"
    };
    let mut lines = vec![
        ctx.texts.ta(
            lang,
            title,
            Args::new()
                .with("code", case.code.to_string())
                .with("nickname", case.nickname.clone())
                .with("from", from.to_string()),
        ),
    ];
    lines.push(ctx.texts.ta(
        lang,
        "handover-summary-alerts",
        Args::new().with("count", alerts.len()),
    ));
    for alert in alerts.iter().take(5) {
        lines.push(format!("  {}", super::alerts::summary(ctx, lang, alert)));
    }
    lines.push(ctx.texts.ta(
        lang,
        "handover-summary-meeting",
        Args::new().with("when", meeting),
    ));
    lines.push(
        ctx.texts
            .ta(lang, "handover-summary-calls", Args::new().with("count", overdue)),
    );
    lines.push(ctx.texts.ta(
        lang,
        "handover-summary-hint",
        Args::new().with("code", case.code.to_string()),
    ));
    Ok(lines.join("\n"))
}
