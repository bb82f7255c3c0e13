//! Where a guided conversation stands, per private chat (stored as JSON).

use chrono::{DateTime, Utc};

use super::{StoreResult, Tx, on_conn};
use crate::clock::to_millis;

impl Tx {
    pub async fn conversation(&mut self, chat_id: i64) -> StoreResult<Option<String>> {
        let sql = "SELECT state FROM conversations WHERE chat_id = $1";
        let row: Option<(String,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(chat_id)
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.map(|r| r.0))
    }

    pub async fn set_conversation(
        &mut self,
        chat_id: i64,
        state: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO conversations (chat_id, state, updated_at) VALUES ($1, $2, $3) \
                   ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(chat_id)
            .bind(state)
            .bind(to_millis(now))
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn clear_conversation(&mut self, chat_id: i64) -> StoreResult<()> {
        let sql = "DELETE FROM conversations WHERE chat_id = $1";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(chat_id)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }
}
