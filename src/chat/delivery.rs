//! Facts learned while sending: a chat that Telegram says cannot be reached.

use std::sync::Arc;

use crate::chat::ChatContext;
use crate::domain::ids::TelegramUserId;
use crate::i18n::Args;
use crate::store::{Actor, AuditEntry, Priority, Store};
use crate::telegram::dispatcher::{BoxFuture, DeliveryEvents};
use crate::telegram::outgoing::Outgoing;

/// Marks participants of an unreachable chat as blocked, cancels what still waits for them,
/// and tells their caseworkers: silence is information.
pub struct Unreachable {
    pub store: Store,
    pub ctx: Arc<ChatContext>,
}

impl DeliveryEvents for Unreachable {
    fn unreachable(&self, chat_id: i64, reason: String) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            if let Err(error) = self.record(chat_id, &reason).await {
                tracing::error!(chat_id, %error, "cannot record an unreachable chat");
            }
        })
    }
}

impl Unreachable {
    async fn record(&self, chat_id: i64, reason: &str) -> anyhow::Result<()> {
        let now = self.ctx.clock.now();
        let mut tx = self.store.begin().await?;
        let cancelled = tx.cancel_outbox_for_chat(chat_id, reason).await?;
        let participants = tx.participants_by_user(TelegramUserId(chat_id)).await?;
        for participant in participants {
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
            let Some(caseworker) = tx.staff(case.caseworker_id).await? else {
                continue;
            };
            let Some(staff_chat) = caseworker.telegram_user_id else {
                continue;
            };
            let who = crate::chat::staff_label(&self.ctx, caseworker.lang, &participant);
            let text = self.ctx.texts.ta(
                caseworker.lang,
                "caseworker-participant-blocked",
                Args::new()
                    .with("who", who)
                    .with("code", case.code.to_string())
                    .with("nickname", case.nickname.clone()),
            );
            let key = format!("blocked:{}:{}", participant.id, now.timestamp());
            let message = Outgoing::Text {
                text,
                buttons: Vec::new(),
            };
            crate::chat::queue(
                &mut tx,
                &key,
                staff_chat.0,
                None,
                &message,
                now,
                Priority::Normal,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        tracing::info!(chat_id, cancelled, "chat unreachable; pending messages cancelled");
        Ok(())
    }
}
