//! What went wrong with a Bot API call, as it may be logged, stored and printed: Telegram's
//! error description or the kind of failure, never a response body or a URL (it holds the bot
//! token). Shared by the dispatcher, the callback answerer, the inbox and the command line.

use teloxide::RequestError;

/// A JSON error by category and position only: serde's own text quotes the values it read,
/// which may be what a person typed.
pub(crate) fn json_error_kind(error: &serde_json::Error) -> String {
    format!(
        "{:?} at line {} column {}",
        error.classify(),
        error.line(),
        error.column()
    )
}

/// What went wrong, as it may be logged, stored in `outbox.last_error` and printed by
/// `dead-letters`: Telegram's error description or the kind of failure — never a response
/// body (it can hold message texts and names) and never a URL (it holds the bot token).
pub fn error_kind(error: &RequestError) -> String {
    match error {
        RequestError::Api(api) => format!("Telegram: {api}"),
        RequestError::Network(network) => {
            let kind = if network.is_timeout() {
                "timeout"
            } else if network.is_connect() {
                "cannot connect"
            } else {
                "network error"
            };
            // reqwest's own text carries the URL, and the URL carries the bot token.
            match network.status() {
                Some(status) => format!("{kind} (HTTP {status})"),
                None => kind.to_string(),
            }
        }
        RequestError::InvalidJson { source, .. } => {
            format!("unreadable answer from Telegram ({})", json_error_kind(source))
        }
        RequestError::Io(io) => format!("I/O error: {:?}", io.kind()),
        RequestError::RetryAfter(secs) => format!("rate limited for {} s", secs.seconds()),
        RequestError::MigrateToChatId(_) => "the chat moved to a supergroup".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use teloxide::ApiError;

    use super::*;

    #[test]
    fn stored_errors_carry_kinds_never_response_bodies() {
        let raw = r#"{"ok":true,"result":{"text":"min stedfar slår mig","from":{"first_name":"Lea"}"#;
        let source = serde_json::from_str::<serde_json::Value>(raw).unwrap_err();
        let error = RequestError::InvalidJson {
            source: source.into(),
            raw: raw.into(),
        };
        let kind = error_kind(&error);
        assert!(kind.starts_with("unreadable answer from Telegram"), "{kind}");
        assert!(!kind.contains("stedfar") && !kind.contains("Lea"), "{kind}");
        let api = error_kind(&RequestError::Api(ApiError::BotBlocked));
        assert!(api.starts_with("Telegram: "), "{api}");
    }
}
