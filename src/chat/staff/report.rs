//! `/ledelse`: the management report for a team leader's own team, built after the update's
//! transaction and sent as a five-line summary plus the whole report as an HTML file.

use super::*;

/// `/ledelse`: the management report for a team leader's own team (aggregates only).
pub(super) async fn leader_report(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    let Some(team) = crate::service::report::leader_team(staff) else {
        return turn.reply_key("report-leaders-only").await;
    };
    crate::chat::access::audit_read(turn, staff, "read.report", None).await?;
    turn.after.push(crate::chat::AfterCommit::ManagementReport {
        update_id: turn.update_id,
        chat_id: turn.chat_id,
        team,
        lang: turn.lang,
        at: turn.now,
    });
    Ok(())
}

/// Builds a team's management report in a read-only transaction and queues it as the answer
/// to `/ledelse` (update `update_id`; its keys make a second run queue nothing twice).
pub async fn answer_management_report(
    store: &crate::store::Store,
    ctx: &ChatContext,
    update_id: i64,
    chat_id: i64,
    team: String,
    lang: Lang,
    at: chrono::DateTime<chrono::Utc>,
) -> ChatResult<usize> {
    let built = {
        let mut tx = store.read().await?;
        let built = crate::service::report::team_report(&mut tx, ctx, at, team).await?;
        tx.commit().await?;
        built
    };
    let labels = |key: &str| ctx.texts.t(lang, key);
    // Five lines on the screen, the whole report (with its charts) as an HTML file.
    let summary = crate::render::report::summary_text(&built, &labels);
    let charts = crate::render::report::charts(&built, &labels);
    let html = crate::render::report::to_html(&built, &labels, &charts);
    let parts = [
        crate::telegram::outgoing::Outgoing::Text {
            text: summary,
            buttons: Vec::new(),
        },
        crate::telegram::outgoing::Outgoing::Document {
            caption: labels("report-file-caption")
                .chars()
                .take(crate::telegram::outgoing::MAX_CAPTION_CHARS)
                .collect(),
            file_name: format!(
                "{}-{}.html",
                labels("report-file-name"),
                at.with_timezone(&ctx.timezone).date_naive()
            ),
            content: html.into_bytes(),
        },
    ];
    let mut tx = store.begin().await?;
    let now = ctx.clock.now();
    for (i, message) in parts.iter().enumerate() {
        let key = format!("u{update_id}:report:{i}");
        crate::chat::queue(
            &mut tx,
            ctx,
            Queued {
                key: &key,
                chat_id,
                participant: None,
                message,
                delivery: Delivery::Reply,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(parts.len())
}
