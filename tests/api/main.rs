//! Integration tests: one binary, one module per capability. Each test starts the real service
//! against the fake Telegram Bot API and a fresh database.

mod access;
mod bad_input;
mod checkins;
mod cli;
mod dispatcher;
mod fake_telegram;
mod helpers;
mod instances;
mod meetings;
mod onboarding;
mod process;
mod progress;
mod reliability;
mod routing;
mod safety;
mod staff_changes;
