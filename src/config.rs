//! Settings from the environment, validated once at start-up.

use chrono_tz::Tz;
use std::env;

use crate::domain::meeting::MeetingTiming;
use crate::domain::schedule::QuietHours;
use crate::i18n::Lang;

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
        Ok(BaseConfig {
            quiet_hours,
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
        })
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

/// A variable that is set and not blank.
fn var(name: &str) -> Option<String> {
    env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}
