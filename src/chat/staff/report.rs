//! `/ledelse`: the management report for a team leader's own team, built after the update's
//! transaction and sent in parts that fit a Telegram message.

use super::*;

/// `/ledelse`: the management report for a team leader's own team (aggregates only).
pub(super) async fn leader_report(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    let (StaffRole::TeamLeader, Some(team)) = (staff.role, staff.team_label()) else {
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
    let data = {
        let mut tx = store.read().await?;
        let data = tx.report_data(None, None, None).await?;
        tx.commit().await?;
        data
    };
    let filter = crate::domain::report::ReportFilter {
        from: None,
        to: None,
        team: Some(team),
        as_of: at.with_timezone(&ctx.timezone).fixed_offset(),
    };
    let built = crate::domain::report::build(&data, &filter);
    let text = crate::render::report::to_text(&built, &|key: &str| ctx.texts.t(lang, key));
    let parts = split_message(&text, crate::telegram::outgoing::MAX_TEXT_CHARS);
    let mut tx = store.begin().await?;
    let now = ctx.clock.now();
    for (i, part) in parts.iter().enumerate() {
        let message = crate::telegram::outgoing::Outgoing::Text {
            text: part.clone(),
            buttons: Vec::new(),
        };
        let key = format!("u{update_id}:report:{i}");
        crate::chat::queue(
            &mut tx,
            ctx,
            Queued {
                key: &key,
                chat_id,
                participant: None,
                message: &message,
                delivery: Delivery::Reply,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(parts.len())
}

/// Splits a long text at line breaks into parts Telegram accepts.
pub(super) fn split_message(text: &str, max_chars: usize) -> Vec<String> {
    let mut parts = vec![String::new()];
    for line in text.lines() {
        let last = parts.last().map(|p| p.chars().count()).unwrap_or(0);
        if last > 0 && last + line.chars().count() + 1 > max_chars {
            parts.push(String::new());
        }
        if let Some(part) = parts.last_mut() {
            if !part.is_empty() {
                part.push('\n');
            }
            part.extend(line.chars().take(max_chars));
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::split_message;

    #[test]
    fn long_reports_are_split_at_line_breaks() {
        let text = (0..100)
            .map(|i| format!("linje {i:03} {}", "x".repeat(50)))
            .collect::<Vec<_>>()
            .join("\n");
        let parts = split_message(&text, 1000);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.chars().count() <= 1000));
        assert_eq!(parts.join("\n"), text);
    }
}
