//! Facts learned about delivery: a chat that Telegram says cannot be reached (the person
//! blocked the bot or deleted the account), and a chat that opens again.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{ChatContext, ChatResult};
use crate::domain::alert_rules::AlertDecision;
use crate::domain::ids::TelegramUserId;
use crate::service::alerts::{self, Subject};
use crate::store::{Actor, AuditEntry, Store, Tx};
use crate::telegram::dispatcher::{BoxFuture, DeliveryEvents};

/// The dispatcher's hook: records an unreachable chat in its own transaction.
pub struct Unreachable {
    pub store: Store,
    pub ctx: Arc<ChatContext>,
}

impl DeliveryEvents for Unreachable {
    fn unreachable(&self, chat_id: i64, reason: String) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            let result = async {
                let mut tx = self.store.begin().await?;
                mark_unreachable(&mut tx, &self.ctx, chat_id, &reason, self.ctx.clock.now()).await?;
                tx.commit().await?;
                anyhow::Ok(())
            }
            .await;
            if let Err(error) = result {
                tracing::error!(chat_id, %error, "cannot record an unreachable chat");
            }
        })
    }
}

/// Silence is information: the participants of that chat become blocked, what still waits for
/// them is cancelled, and each caseworker gets an alert to assess.
pub async fn mark_unreachable(
    tx: &mut Tx,
    ctx: &ChatContext,
    chat_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> ChatResult<()> {
    let cancelled = tx.cancel_outbox_for_chat(chat_id, reason).await?;
    for participant in tx.participants_by_user(TelegramUserId(chat_id)).await? {
        let Ok(blocked) = participant.status.block() else {
            continue;
        };
        tx.set_participant_status(participant.id, blocked, now).await?;
        tx.audit(AuditEntry {
            at: now,
            actor: Actor::System,
            action: "participant.blocked",
            case_id: Some(participant.case_id),
            subject: Some(("participant", participant.id.0)),
        })
        .await?;
        let Some(case) = tx.case(participant.case_id).await? else {
            continue;
        };
        let subject = Subject {
            case: &case,
            goal: None,
            participant: Some(participant.id),
        };
        alerts::raise(tx, ctx, now, &subject, AlertDecision::blocked()).await?;
    }
    tracing::info!(chat_id, cancelled, "chat unreachable; pending messages cancelled");
    Ok(())
}

/// The person unblocked the bot or wrote again: blocked participations become active.
pub async fn mark_reachable(tx: &mut Tx, chat_id: i64, now: DateTime<Utc>) -> ChatResult<bool> {
    let mut any = false;
    for participant in tx.participants_by_user(TelegramUserId(chat_id)).await? {
        if participant.status != crate::domain::participant::ParticipantStatus::Blocked {
            continue;
        }
        let Ok(active) = participant.status.resume() else {
            continue;
        };
        tx.set_participant_status(participant.id, active, now).await?;
        tx.audit(AuditEntry {
            at: now,
            actor: Actor::Participant(participant.id),
            action: "participant.unblocked",
            case_id: Some(participant.case_id),
            subject: Some(("participant", participant.id.0)),
        })
        .await?;
        any = true;
    }
    Ok(any)
}
