//! Integration tests: one binary, one module per capability. Each test starts the real service
//! against the fake Telegram Bot API and a fresh database.

mod access;
mod bad_input;
mod checkins;
mod cli;
mod desk;
mod desk_browser;
mod desk_case;
mod desk_work;
mod dispatcher;
mod draft_print;
mod fake_telegram;
mod faults;
mod flood;
mod flows;
mod handling;
mod helpers;
mod instances;
mod leaks;
mod lifecycle;
mod meetings;
mod municipalities;
mod onboarding;
mod operator;
mod process;
mod progress;
mod reliability;
mod routing;
mod safety;
mod staff_changes;

/// A text as it appears in an HTML document (the journal escapes every text).
pub fn lifecycle_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
