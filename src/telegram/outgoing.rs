//! What the bot sends, as stored in the outbox: plain serde data, turned into Bot API calls
//! only by the dispatcher.

use serde::{Deserialize, Serialize};

/// One inline button: a callback (≤ 64 bytes of data) or a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Button {
    pub fn callback(text: impl Into<String>, data: impl Into<String>) -> Self {
        Button {
            text: text.into(),
            data: Some(data.into()),
            url: None,
        }
    }
}

/// Rows of buttons under a message.
pub type Keyboard = Vec<Vec<Button>>;

/// A queued outgoing Bot API call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outgoing {
    /// `sendMessage`.
    Text {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        buttons: Keyboard,
    },
    /// `editMessageText` of a message the bot sent earlier (e.g. to show the chosen answer).
    Edit {
        message_id: i32,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        buttons: Keyboard,
    },
    /// `sendPhoto`: a picture (PNG), e.g. a progress chart.
    Photo {
        caption: String,
        #[serde(with = "base64_bytes")]
        png: Vec<u8>,
    },
    /// `sendDocument`: a file, e.g. the printable agenda draft.
    Document {
        caption: String,
        file_name: String,
        #[serde(with = "base64_bytes")]
        content: Vec<u8>,
    },
    /// `answerCallbackQuery`: stops the spinner on a pressed button, with a short notice.
    /// Not a message in Telegram's flood limits: it is sent the moment the press is stored
    /// ([`crate::telegram::answers`]) and never waits for the send budget.
    AnswerCallback {
        callback_query_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        /// A dialog the person must close instead of a pop-up that vanishes: screen readers
        /// (TalkBack) do not read the pop-up, so anything that matters is shown this way.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        show_alert: bool,
    },
}

impl Outgoing {
    /// `editMessageText` rather than a new message. Edits are not messages in Telegram's flood
    /// limits: the dispatcher paces them per chat only, ahead of sends.
    pub fn is_edit(&self) -> bool {
        matches!(self, Outgoing::Edit { .. })
    }

    /// The same for a stored payload, without decoding it (the tag is serialized first).
    pub fn is_edit_payload(payload: &str) -> bool {
        payload.starts_with(r#"{"kind":"edit""#)
    }

    /// A callback answer: outside every send budget and every chat's order.
    pub fn is_callback_answer(&self) -> bool {
        matches!(self, Outgoing::AnswerCallback { .. })
    }
}

/// Files travel through the outbox as base64 text, so the payload stays plain JSON.
mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

/// Telegram refuses longer captions.
pub const MAX_CAPTION_CHARS: usize = 1024;

/// Telegram refuses longer texts; we cut with a visible ellipsis rather than fail the send.
pub const MAX_TEXT_CHARS: usize = 4096;

/// Shortens a text to what Telegram accepts, on a character boundary.
pub fn fit_text(text: &str) -> String {
    if text.chars().count() <= MAX_TEXT_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX_TEXT_CHARS - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip_through_json() {
        let msg = Outgoing::Text {
            text: "Hej".into(),
            buttons: vec![vec![Button::callback("Ja", "c:yes")]],
        };
        let json = serde_json::to_string(&msg).unwrap();
        assert_eq!(serde_json::from_str::<Outgoing>(&json).unwrap(), msg);
    }

    #[test]
    fn an_edit_is_recognised_in_its_stored_form() {
        let edit = Outgoing::Edit {
            message_id: 7,
            text: "Tak".into(),
            buttons: Vec::new(),
        };
        let text = Outgoing::Text {
            text: "{\"kind\":\"edit\"".into(),
            buttons: Vec::new(),
        };
        assert!(Outgoing::is_edit_payload(&serde_json::to_string(&edit).unwrap()));
        assert!(!Outgoing::is_edit_payload(&serde_json::to_string(&text).unwrap()));
        assert!(edit.is_edit() && !text.is_edit());
    }

    #[test]
    fn a_callback_answer_round_trips_and_is_no_edit() {
        let answer = Outgoing::AnswerCallback {
            callback_query_id: "4711".into(),
            text: Some("Gemt".into()),
            show_alert: true,
        };
        let json = serde_json::to_string(&answer).unwrap();
        assert!(json.starts_with(r#"{"kind":"answer_callback""#), "{json}");
        assert_eq!(serde_json::from_str::<Outgoing>(&json).unwrap(), answer);
        assert!(answer.is_callback_answer() && !answer.is_edit());
        assert!(!Outgoing::is_edit_payload(&json));
    }

    #[test]
    fn files_round_trip_through_json_as_base64() {
        let msg = Outgoing::Document {
            caption: "Dagsorden".into(),
            file_name: "dagsorden.html".into(),
            content: vec![0, 1, 2, 255],
        };
        let json = serde_json::to_string(&msg).unwrap();
        assert!(json.contains("AAEC/w=="), "{json}");
        assert_eq!(serde_json::from_str::<Outgoing>(&json).unwrap(), msg);
    }

    #[test]
    fn long_texts_are_cut_to_the_telegram_limit() {
        let long = "æ".repeat(5000);
        let fitted = fit_text(&long);
        assert_eq!(fitted.chars().count(), MAX_TEXT_CHARS);
        assert!(fitted.ends_with('…'));
        assert_eq!(fit_text("kort"), "kort");
    }
}
