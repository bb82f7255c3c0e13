//! The Telegram edge: durable inbox (poller + processor), durable outbox (dispatcher) and the
//! few direct calls that are not messages. The fake Bot API used by the tests and the demo is
//! its own crate, `fake_telegram` (crates/fake-telegram).

pub mod answers;
pub mod dispatcher;
pub mod errors;
pub mod inbox;
pub mod outgoing;
pub mod poller;
pub mod webhook;

pub use errors::error_kind;

use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, ChatId, Recipient};

use crate::chat::menu::Menu;
use crate::i18n::{Lang, Texts};

/// A teloxide client pointed at the configured Bot API (the real one, or the fake).
pub fn bot(token: &str, api_url: &str) -> anyhow::Result<Bot> {
    let url = reqwest::Url::parse(api_url)
        .map_err(|e| anyhow::anyhow!("TELEGRAM_API_URL {api_url:?} is not a URL: {e}"))?;
    Ok(Bot::new(token).set_api_url(url))
}

/// Registers a command menu, for everyone (`chat_id` None) or one chat. Optional: a failure is
/// logged and the service keeps running.
pub async fn set_menu(bot: &Bot, texts: &Texts, menu: Menu, lang: Lang, chat_id: Option<i64>) {
    let commands: Vec<BotCommand> = menu
        .entries(texts, lang)
        .into_iter()
        .map(|(name, description)| BotCommand::new(name, description))
        .collect();
    let scope = match chat_id {
        Some(id) => BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(id)),
        },
        None => BotCommandScope::Default,
    };
    if let Err(error) = bot.set_my_commands(commands).scope(scope).await {
        let error = errors::error_kind(&error);
        tracing::warn!(?chat_id, %error, "could not register the command menu; continuing");
    }
}
