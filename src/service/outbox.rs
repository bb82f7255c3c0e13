//! Queuing a message in the outbox, inside the caller's transaction, under a de-duplication
//! key: a message queued twice is sent once.

use chrono::{DateTime, Utc};

use super::Result;
use crate::domain::ids::ParticipantId;
use crate::store::{NewMessage, Priority, Tx};
use crate::telegram::outgoing::Outgoing;

/// Queues one outgoing message under a de-duplication key. Returns true if it was new.
#[allow(clippy::too_many_arguments)]
pub async fn queue(
    tx: &mut Tx,
    key: &str,
    chat_id: i64,
    participant: Option<ParticipantId>,
    message: &Outgoing,
    not_before: DateTime<Utc>,
    priority: Priority,
    now: DateTime<Utc>,
) -> Result<bool> {
    let payload = serde_json::to_string(message)?;
    let new = NewMessage {
        dedup_key: key,
        chat_id,
        participant_id: participant,
        payload: &payload,
        not_before,
        priority,
    };
    Ok(tx.enqueue(&new, now).await?)
}
