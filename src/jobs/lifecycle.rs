//! The retention pass: purges closed-and-exported cases after `RETENTION_DAYS_AFTER_CLOSE`,
//! reminds the caseworker and team leader (once) of a closed case that was never exported,
//! clears spent outbox and parked inbox payloads, and deletes the audit rows of cases purged
//! half a year ago. It runs once per local day (the first scheduler pass of the day); what
//! is due is found by time, so a missed day is caught up on the next pass.

use chrono::{DateTime, Utc};

use crate::domain::case::{Retention, retention};
use crate::i18n::Args;
use crate::service::{Context, queue_notice};
use crate::store::Store;
use crate::telegram::outgoing::Outgoing;

/// The `bot_state` key holding the local day of the last retention pass.
const LAST_PASS_KEY: &str = "retention_pass_on";

pub async fn run(store: &Store, ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let today = now.with_timezone(&ctx.timezone).date_naive().to_string();
    {
        let mut tx = store.begin().await?;
        if tx.bot_state(LAST_PASS_KEY).await?.as_deref() == Some(today.as_str()) {
            tx.rollback().await?;
            return Ok(0);
        }
        tx.set_bot_state(LAST_PASS_KEY, &today).await?;
        tx.commit().await?;
    }
    let closed = {
        let mut tx = store.read().await?;
        let closed = tx.closed_cases().await?;
        tx.commit().await?;
        closed
    };
    let mut done = 0;
    for case in closed {
        let decision = retention(
            case.status,
            case.closed_at,
            case.exported_at,
            case.reminded,
            ctx.retention_days,
            now,
        );
        match decision {
            Retention::Keep => {}
            Retention::Purge => {
                let mut tx = store.begin().await?;
                if let Some(counts) = tx.purge_case(case.id, now).await? {
                    tracing::info!(case_id = %case.id, rows = counts.total(), "case purged after the retention period");
                    done += 1;
                }
                tx.commit().await?;
            }
            Retention::RemindExport => {
                let mut tx = store.begin().await?;
                remind_export(&mut tx, ctx, &case, now).await?;
                tx.mark_purge_reminded(case.id, now).await?;
                tx.commit().await?;
                done += 1;
            }
        }
    }
    let mut tx = store.begin().await?;
    let cleared = tx.clear_spent_payloads(now).await?;
    let deleted = tx.delete_expired_audit(now).await?;
    tx.commit().await?;
    if deleted > 0 {
        tracing::info!(
            rows = deleted,
            "audit rows of cases purged half a year ago deleted"
        );
    }
    // Clearing payloads sends nothing: it does not count as work for the dispatcher.
    let _ = cleared;
    Ok(done)
}

async fn remind_export(
    tx: &mut crate::store::Tx,
    ctx: &Context,
    case: &crate::store::ClosedCase,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let Some(record) = tx.case(case.id).await? else {
        return Ok(());
    };
    let Some(caseworker) = tx.staff(case.caseworker_id).await? else {
        return Ok(());
    };
    let days = case.closed_at.map_or(0, |c| (now - c).num_days());
    let args = || {
        Args::new()
            .with("code", record.code.to_string())
            .with("nickname", record.nickname.clone())
            .with("days", days)
            .with("caseworker", caseworker.name.clone())
    };
    let mut recipients = vec![(caseworker.clone(), "purge-reminder-caseworker")];
    for leader in tx.team_leaders_of(caseworker.id).await? {
        recipients.push((leader, "purge-reminder-leader"));
    }
    for (staff, key) in recipients {
        let Some(chat) = staff.telegram_user_id else {
            continue;
        };
        let message = Outgoing::Text {
            text: ctx.texts.ta(staff.lang, key, args()),
            buttons: Vec::new(),
        };
        let dedup = format!("purge-reminder:{}:{}", case.id, staff.id);
        queue_notice(tx, &dedup, chat.0, &message, now).await?;
    }
    Ok(())
}
