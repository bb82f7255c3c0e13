//! Settings from the environment, validated once at start-up.

use chrono_tz::Tz;
use std::env;

use crate::domain::meeting::MeetingTiming;
use crate::domain::schedule::QuietHours;
use crate::i18n::Lang;
use crate::telegram::dispatcher::{
    DEFAULT_CHAT_SEND_INTERVAL, DEFAULT_SEND_RATE_PER_SEC, MAX_SEND_RATE_PER_SEC, MIN_CHAT_SEND_INTERVAL,
};

/// The public Telegram Bot API.
pub const DEFAULT_API_URL: &str = "https://api.telegram.org";
/// The embedded database file, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://taetkontakt.db";

/// A setting that is missing or malformed. The message names the variable to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and run with TELEGRAM_BOT_TOKEN=<token> (or try `taetkontakt demo`, which needs no token)"
    )]
    MissingToken,
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// Everything the service needs to know about its surroundings.
#[derive(Debug, Clone)]
pub struct Config {
    pub bot_token: String,
    pub api_url: String,
    pub database_url: String,
    pub timezone: Tz,
    pub default_lang: Lang,
    pub quiet_hours: QuietHours,
    pub meeting_timing: MeetingTiming,
    pub send_limits: SendLimits,
    /// `RETENTION_DAYS_AFTER_CLOSE`: days from a closed case's journal export to its purge.
    pub retention_days: u32,
    /// The web desk; `None` with `DESK=off`.
    pub desk: Option<DeskConfig>,
}

/// Where the web desk listens and how its links start (`DESK_LISTEN`, `DESK_PUBLIC_URL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskConfig {
    pub listen: std::net::SocketAddr,
    /// `http://127.0.0.1:8090` or `https://skrivebord.kommune.dk`, without a trailing `/`.
    pub public_url: String,
}

/// The desk's defaults: on this machine only, until the operator says otherwise.
pub const DEFAULT_DESK_LISTEN: &str = "127.0.0.1:8090";
pub const DEFAULT_DESK_PUBLIC_URL: &str = "http://127.0.0.1:8090";

impl DeskConfig {
    /// Checks `DESK`, `DESK_LISTEN` and `DESK_PUBLIC_URL`; `None` when `DESK=off`.
    pub fn parse(
        desk: Option<&str>,
        listen: Option<&str>,
        public_url: Option<&str>,
    ) -> Result<Option<DeskConfig>, ConfigError> {
        match desk.map(|d| d.to_ascii_lowercase()) {
            Some(d) if d == "off" => return Ok(None),
            None => {}
            Some(d) if d == "on" => {}
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "DESK",
                    reason: format!("{other:?} is not on or off (the desk is on unless DESK=off)"),
                });
            }
        }
        let listen_text = listen.unwrap_or(DEFAULT_DESK_LISTEN);
        let listen = listen_text.parse().map_err(|_| ConfigError::Invalid {
            name: "DESK_LISTEN",
            reason: format!(
                "{listen_text:?} is not an address and port, e.g. 127.0.0.1:8090 or 0.0.0.0:8090"
            ),
        })?;
        let url = public_url
            .unwrap_or(DEFAULT_DESK_PUBLIC_URL)
            .trim_end_matches('/');
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let host_ok =
            rest.is_some_and(|r| !r.is_empty() && !r.contains(['?', '#', ' ', '"', '<', '>', '\\']));
        if !host_ok {
            return Err(ConfigError::Invalid {
                name: "DESK_PUBLIC_URL",
                reason: format!(
                    "{url:?} is not an address the desk's links can start with, e.g. https://skrivebord.kommune.dk"
                ),
            });
        }
        Ok(Some(DeskConfig {
            listen,
            public_url: url.to_string(),
        }))
    }
}

/// How fast the bot sends, with a margin below Telegram's limits (see the dispatcher).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SendLimits {
    /// `SEND_RATE_PER_SEC`: messages per second for the whole bot, 1–29.5 (default 29.5).
    pub per_sec: f64,
    /// `CHAT_RATE_PER_SEC`: messages per second to one chat after a burst of 3, from 1/60 to 1
    /// (default one per 1.1 s, ≈ 0.91). `CHAT_SEND_INTERVAL_MS` says the same as a time
    /// between two messages and is still accepted.
    pub chat_per_sec: f64,
}

impl Default for SendLimits {
    fn default() -> Self {
        SendLimits {
            per_sec: DEFAULT_SEND_RATE_PER_SEC,
            chat_per_sec: 1.0 / DEFAULT_CHAT_SEND_INTERVAL.as_secs_f64(),
        }
    }
}

/// The slowest per-chat pace accepted: one message a minute.
const MIN_CHAT_RATE_PER_SEC: f64 = 1.0 / 60.0;

impl SendLimits {
    /// Checks the settings; the error names the variable and the accepted range.
    pub fn parse(
        per_sec: Option<&str>,
        chat_rate: Option<&str>,
        chat_interval_ms: Option<&str>,
    ) -> Result<Self, ConfigError> {
        let mut limits = SendLimits::default();
        if let Some(text) = per_sec {
            limits.per_sec = text
                .parse::<f64>()
                .ok()
                .filter(|r| (1.0..=MAX_SEND_RATE_PER_SEC).contains(r))
                .ok_or_else(|| ConfigError::Invalid {
                    name: "SEND_RATE_PER_SEC",
                    reason: format!(
                        "{text:?} is not a number of messages per second from 1 to {MAX_SEND_RATE_PER_SEC} \
                         (Telegram allows 30 in any second; the default is {DEFAULT_SEND_RATE_PER_SEC})"
                    ),
                })?;
        }
        let max_chat_rate = 1.0 / MIN_CHAT_SEND_INTERVAL.as_secs_f64();
        match (chat_rate, chat_interval_ms) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::Invalid {
                    name: "CHAT_RATE_PER_SEC",
                    reason: "set either CHAT_RATE_PER_SEC or the older CHAT_SEND_INTERVAL_MS, not both"
                        .into(),
                });
            }
            (Some(text), None) => {
                limits.chat_per_sec = text
                    .parse::<f64>()
                    .ok()
                    .filter(|r| (MIN_CHAT_RATE_PER_SEC - 1e-9..=max_chat_rate).contains(r))
                    .ok_or_else(|| ConfigError::Invalid {
                        name: "CHAT_RATE_PER_SEC",
                        reason: format!(
                            "{text:?} is not a number of messages per second to one chat from 0.017 (one a minute) \
                             to {max_chat_rate} (Telegram allows about one per second to a chat; the default is \
                             one per {} ms, about 0.91)",
                            DEFAULT_CHAT_SEND_INTERVAL.as_millis()
                        ),
                    })?;
            }
            (None, Some(text)) => {
                let min = MIN_CHAT_SEND_INTERVAL.as_millis() as u64;
                limits.chat_per_sec = text
                    .parse::<u64>()
                    .ok()
                    .filter(|ms| (min..=60_000).contains(ms))
                    .map(|ms| 1000.0 / ms as f64)
                    .ok_or_else(|| ConfigError::Invalid {
                        name: "CHAT_SEND_INTERVAL_MS",
                        reason: format!(
                            "{text:?} is not a number of milliseconds from {min} to 60000 \
                             (Telegram allows about one message per second to a chat; the default is {})",
                            DEFAULT_CHAT_SEND_INTERVAL.as_millis()
                        ),
                    })?;
            }
            (None, None) => {}
        }
        Ok(limits)
    }
}

/// Settings that do not need a bot token (for `migrate`, `invite-staff`).
#[derive(Debug, Clone)]
pub struct BaseConfig {
    pub database_url: String,
    pub api_url: String,
    pub timezone: Tz,
    pub default_lang: Lang,
    pub quiet_hours: QuietHours,
    pub meeting_timing: MeetingTiming,
    pub send_limits: SendLimits,
    pub retention_days: u32,
    pub desk: Option<DeskConfig>,
    pub bot_token: Option<String>,
}

impl BaseConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let timezone = match var("TIMEZONE") {
            None => chrono_tz::Europe::Copenhagen,
            Some(name) => name.parse::<Tz>().map_err(|_| ConfigError::Invalid {
                name: "TIMEZONE",
                reason: format!("unknown time zone {name:?}, e.g. Europe/Copenhagen"),
            })?,
        };
        let default_lang = match var("DEFAULT_LANGUAGE") {
            None => Lang::Da,
            Some(code) => Lang::parse(&code).ok_or_else(|| ConfigError::Invalid {
                name: "DEFAULT_LANGUAGE",
                reason: format!("{code:?} is not supported; use da or en"),
            })?,
        };
        let api_url = var("TELEGRAM_API_URL").unwrap_or_else(|| DEFAULT_API_URL.to_string());
        if !(api_url.starts_with("http://") || api_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                name: "TELEGRAM_API_URL",
                reason: "must start with http:// or https://".into(),
            });
        }
        let quiet_hours = match var("QUIET_HOURS") {
            None => QuietHours::default(),
            Some(text) => text.parse().map_err(|e| ConfigError::Invalid {
                name: "QUIET_HOURS",
                reason: format!("{e}; use e.g. 21:00-08:00, or off"),
            })?,
        };
        let defaults = MeetingTiming::default();
        let meeting_timing = MeetingTiming {
            agenda_days_before: days("AGENDA_DAYS_BEFORE", defaults.agenda_days_before)?,
            reminder_days_before: days("AGENDA_REMINDER_DAYS_BEFORE", defaults.reminder_days_before)?,
            draft_working_days_before: days("DRAFT_DAYS_BEFORE", defaults.draft_working_days_before)?,
        };
        let send_limits = SendLimits::parse(
            var("SEND_RATE_PER_SEC").as_deref(),
            var("CHAT_RATE_PER_SEC").as_deref(),
            var("CHAT_SEND_INTERVAL_MS").as_deref(),
        )?;
        let retention_days = retention_days(var("RETENTION_DAYS_AFTER_CLOSE").as_deref())?;
        let desk = DeskConfig::parse(
            var("DESK").as_deref(),
            var("DESK_LISTEN").as_deref(),
            var("DESK_PUBLIC_URL").as_deref(),
        )?;
        Ok(BaseConfig {
            retention_days,
            desk,
            quiet_hours,
            send_limits,
            meeting_timing,
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            api_url,
            timezone,
            default_lang,
            bot_token: var("TELEGRAM_BOT_TOKEN"),
        })
    }

    /// Full configuration for `serve`: the token becomes mandatory.
    pub fn require_token(self) -> Result<Config, ConfigError> {
        let bot_token = self.bot_token.ok_or(ConfigError::MissingToken)?;
        Ok(Config {
            bot_token,
            api_url: self.api_url,
            database_url: self.database_url,
            timezone: self.timezone,
            default_lang: self.default_lang,
            quiet_hours: self.quiet_hours,
            meeting_timing: self.meeting_timing,
            send_limits: self.send_limits,
            retention_days: self.retention_days,
            desk: self.desk,
        })
    }
}

/// Longest retention we accept: ten years is far beyond any Danish rule for this kind of data.
pub const MAX_RETENTION_DAYS: u32 = 3650;

/// `RETENTION_DAYS_AFTER_CLOSE`: 0–3650 days (0: purged at the first pass after the export).
pub fn retention_days(text: Option<&str>) -> Result<u32, ConfigError> {
    let default = crate::domain::case::DEFAULT_RETENTION_DAYS;
    match text {
        None => Ok(default),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|d| *d <= MAX_RETENTION_DAYS)
            .ok_or_else(|| ConfigError::Invalid {
                name: "RETENTION_DAYS_AFTER_CLOSE",
                reason: format!(
                    "{text:?} is not a number of days from 0 to {MAX_RETENTION_DAYS} (the default is {default})"
                ),
            }),
    }
}

/// A number of days from 0 to 30, or the default when unset.
fn days(name: &'static str, default: u32) -> Result<u32, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|d| *d <= 30)
            .ok_or_else(|| ConfigError::Invalid {
                name,
                reason: format!("{text:?} is not a number of days from 0 to 30"),
            }),
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`: a database URL as it may
/// be shown in a message or a log line.
pub fn redact_password(url: &str) -> String {
    let (url, query) = match url.split_once('?') {
        Some((url, query)) => (url, Some(query)),
        None => (url, None),
    };
    let mut shown = match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((credentials, host)) => match credentials.split_once(':') {
                Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
                None => url.to_string(),
            },
            None => url.to_string(),
        },
        None => url.to_string(),
    };
    // sqlx also takes the password as a query parameter.
    if let Some(query) = query {
        let params: Vec<String> = query
            .split('&')
            .map(|param| match param.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => param.to_string(),
            })
            .collect();
        shown = format!("{shown}?{}", params.join("&"));
    }
    shown
}

/// A variable that is set and not blank.
fn var(name: &str) -> Option<String> {
    env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_limits_default_to_a_margin_below_telegram() {
        let limits = SendLimits::parse(None, None, None).unwrap();
        assert_eq!(limits.per_sec, 29.5);
        assert!((limits.chat_per_sec - 1.0 / 1.1).abs() < 1e-9);
        let set = SendLimits::parse(Some("25.5"), Some("0.5"), None).unwrap();
        assert_eq!(set.per_sec, 25.5);
        assert_eq!(set.chat_per_sec, 0.5);
        // The older spelling of the per-chat pace still works.
        let old = SendLimits::parse(None, None, Some("1500")).unwrap();
        assert!((old.chat_per_sec - 1.0 / 1.5).abs() < 1e-9);
        let slowest = SendLimits::parse(None, Some("0.017"), None).unwrap();
        assert_eq!(slowest.chat_per_sec, 0.017);
    }

    #[test]
    fn retention_defaults_to_90_days_and_refuses_nonsense_with_the_variable_named() {
        assert_eq!(retention_days(None).unwrap(), 90);
        assert_eq!(retention_days(Some("0")).unwrap(), 0);
        assert_eq!(retention_days(Some("365")).unwrap(), 365);
        for bad in ["-1", "90d", "3651", "ninety"] {
            let error = retention_days(Some(bad)).unwrap_err().to_string();
            assert!(error.starts_with("RETENTION_DAYS_AFTER_CLOSE"), "{error}");
        }
    }

    #[test]
    fn send_limits_at_or_over_telegram_are_refused_with_the_variable_named() {
        for (rate, chat_rate, interval, name) in [
            (Some("30"), None, None, "SEND_RATE_PER_SEC"),
            (Some("0"), None, None, "SEND_RATE_PER_SEC"),
            (Some("fast"), None, None, "SEND_RATE_PER_SEC"),
            (None, Some("1.5"), None, "CHAT_RATE_PER_SEC"),
            (None, Some("0"), None, "CHAT_RATE_PER_SEC"),
            (None, Some("1/s"), None, "CHAT_RATE_PER_SEC"),
            (None, Some("0.5"), Some("2000"), "CHAT_RATE_PER_SEC"),
            (None, None, Some("999"), "CHAT_SEND_INTERVAL_MS"),
            (None, None, Some("1.1s"), "CHAT_SEND_INTERVAL_MS"),
        ] {
            let error = SendLimits::parse(rate, chat_rate, interval)
                .unwrap_err()
                .to_string();
            assert!(error.starts_with(name), "{error}");
        }
    }

    #[test]
    fn the_desk_listens_locally_by_default_and_bad_settings_name_their_variable() {
        let default = DeskConfig::parse(None, None, None).unwrap().unwrap();
        assert_eq!(default.listen.to_string(), "127.0.0.1:8090");
        assert_eq!(default.public_url, "http://127.0.0.1:8090");
        assert_eq!(
            DeskConfig::parse(Some("off"), Some("nonsense"), None).unwrap(),
            None
        );
        let set = DeskConfig::parse(
            Some("on"),
            Some("0.0.0.0:9000"),
            Some("https://skrivebord.kommune.dk/"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(set.listen.to_string(), "0.0.0.0:9000");
        assert_eq!(set.public_url, "https://skrivebord.kommune.dk");
        for (desk, listen, url, name) in [
            (Some("maybe"), None, None, "DESK"),
            (None, Some("8090"), None, "DESK_LISTEN"),
            (None, Some("localhost:80:80"), None, "DESK_LISTEN"),
            (None, None, Some("skrivebord.kommune.dk"), "DESK_PUBLIC_URL"),
            (None, None, Some("https://"), "DESK_PUBLIC_URL"),
            (None, None, Some("https://x.dk/?a=\"<"), "DESK_PUBLIC_URL"),
        ] {
            let error = DeskConfig::parse(desk, listen, url).unwrap_err().to_string();
            assert!(error.starts_with(name), "{error}");
        }
    }

    #[test]
    fn database_passwords_never_reach_a_message() {
        for (url, shown) in [
            ("postgres://tk:s3cr3t@db:5432/tk", "postgres://tk:***@db:5432/tk"),
            ("postgres://tk@db/tk", "postgres://tk@db/tk"),
            ("postgres://tk:p%40ss@w@db/tk", "postgres://tk:***@db/tk"),
            ("sqlite://taetkontakt.db", "sqlite://taetkontakt.db"),
            (
                "postgres://db/tk?sslmode=require&password=s3cr3t&x=1",
                "postgres://db/tk?sslmode=require&password=***&x=1",
            ),
        ] {
            assert_eq!(redact_password(url), shown);
        }
    }
}
