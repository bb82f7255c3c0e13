//! `/skrivebord`: a one-time link to the web desk, valid 10 minutes (see `service::desk`).

use super::{ChatResult, Turn};
use crate::domain::desk::LINK_VALIDITY;
use crate::i18n::Args;
use crate::store::StaffRecord;

pub async fn sign_in_link(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    let Some(public_url) = turn.ctx.desk_url.clone() else {
        return turn.reply_key("desk-off").await;
    };
    let link = crate::service::desk::sign_in_link(turn.tx, turn.now, staff, &public_url).await?;
    let text = turn.ta(
        "desk-link-sent",
        Args::new()
            .with("link", link)
            .with("minutes", LINK_VALIDITY.num_minutes()),
    );
    turn.reply(text, Vec::new()).await
}
