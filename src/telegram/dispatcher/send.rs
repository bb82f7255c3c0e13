//! Sending one message: the Bot API call for each kind of outgoing message, what Telegram's
//! answer means for it ([`Outcome`]), and the backoff before another try.

use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId};
use teloxide::{ApiError, RequestError};

use super::{Dispatcher, Outcome};
use crate::telegram::errors::error_kind;
use crate::telegram::outgoing::{Keyboard, MAX_CAPTION_CHARS, Outgoing, fit_text};

impl Dispatcher {
    pub(super) async fn send(&self, chat_id: i64, outgoing: &Outgoing) -> Outcome {
        let chat = ChatId(chat_id);
        let result = match outgoing {
            Outgoing::Text { text, buttons } => {
                let mut request = self.bot.send_message(chat, fit_text(text));
                if !buttons.is_empty() {
                    request = request.reply_markup(markup(buttons));
                }
                request.await.map(|m| Some(i64::from(m.id.0)))
            }
            Outgoing::Edit {
                message_id,
                text,
                buttons,
            } => {
                let mut request = self
                    .bot
                    .edit_message_text(chat, MessageId(*message_id), fit_text(text));
                if !buttons.is_empty() {
                    request = request.reply_markup(markup(buttons));
                }
                request.await.map(|m| Some(i64::from(m.id.0)))
            }
            Outgoing::Photo { caption, png } => {
                let file = InputFile::memory(png.clone()).file_name("chart.png");
                let caption: String = caption.chars().take(MAX_CAPTION_CHARS).collect();
                self.bot
                    .send_photo(chat, file)
                    .caption(caption)
                    .await
                    .map(|m| Some(i64::from(m.id.0)))
            }
            Outgoing::Document {
                caption,
                file_name,
                content,
            } => {
                let file = InputFile::memory(content.clone()).file_name(file_name.clone());
                let caption: String = caption.chars().take(MAX_CAPTION_CHARS).collect();
                self.bot
                    .send_document(chat, file)
                    .caption(caption)
                    .await
                    .map(|m| Some(i64::from(m.id.0)))
            }
            Outgoing::AnswerCallback {
                callback_query_id,
                text,
                show_alert,
            } => {
                let mut request = self
                    .bot
                    .answer_callback_query(teloxide::types::CallbackQueryId(callback_query_id.clone()));
                if let Some(text) = text {
                    request = request.text(text.clone());
                }
                if *show_alert {
                    request = request.show_alert(true);
                }
                request.await.map(|_| None)
            }
        };
        classify(result)
    }
}

pub(super) fn method_of(outgoing: &Outgoing) -> &'static str {
    match outgoing {
        Outgoing::Text { .. } => "sendMessage",
        Outgoing::Edit { .. } => "editMessageText",
        Outgoing::Photo { .. } => "sendPhoto",
        Outgoing::Document { .. } => "sendDocument",
        Outgoing::AnswerCallback { .. } => "answerCallbackQuery",
    }
}

fn classify(result: Result<Option<i64>, RequestError>) -> Outcome {
    match result {
        Ok(id) => Outcome::Sent(id),
        Err(RequestError::Api(ApiError::MessageNotModified)) => Outcome::Sent(None),
        Err(RequestError::Api(
            error @ (ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::ChatNotFound
            | ApiError::BotKicked
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots),
        )) => Outcome::Unreachable(error.to_string()),
        Err(RequestError::RetryAfter(secs)) => Outcome::RetryAfter(secs.duration()),
        Err(error @ (RequestError::Network(_) | RequestError::Io(_))) => {
            Outcome::Transient(error_kind(&error))
        }
        Err(RequestError::Api(ApiError::Unknown(text)))
            if text.contains("Internal Server Error") || text.contains("Bad Gateway") =>
        {
            Outcome::Transient(text)
        }
        Err(error) => Outcome::Permanent(error_kind(&error)),
    }
}

fn markup(buttons: &Keyboard) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(buttons.iter().map(|row| {
        row.iter()
            .filter_map(|b| match (&b.data, &b.url) {
                (Some(data), _) => Some(InlineKeyboardButton::callback(b.text.clone(), data.clone())),
                (None, Some(url)) => url
                    .parse()
                    .ok()
                    .map(|u| InlineKeyboardButton::url(b.text.clone(), u)),
                (None, None) => None,
            })
            .collect::<Vec<_>>()
    }))
}

/// Exponential backoff with ±25 % jitter, so many failing sends do not retry in lockstep.
pub(super) fn backoff_with_jitter(first: Duration, attempt: u32) -> Duration {
    use rand::Rng;
    let base = first.saturating_mul(1u32 << attempt.min(10).saturating_sub(1));
    let base = base.min(Duration::from_secs(60));
    let factor = rand::thread_rng().gen_range(0.75..1.25);
    base.mul_f64(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let first = Duration::from_millis(500);
        let b1 = backoff_with_jitter(first, 1);
        let b4 = backoff_with_jitter(first, 4);
        assert!(b1 >= Duration::from_millis(375) && b1 <= Duration::from_millis(625));
        assert!(b4 >= Duration::from_millis(3000) && b4 <= Duration::from_millis(5000));
        assert!(backoff_with_jitter(first, 30) <= Duration::from_secs(75));
    }
}
