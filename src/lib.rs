//! Tæt kontakt: close contact between a caseworker, a young person and the adults around them,
//! between the formal follow-up meetings.
//!
//! Data flows one way: Telegram in ([`telegram::poller`] → inbox) → [`chat`] handlers →
//! [`domain`] rules → [`store`] → outbox → [`telegram::dispatcher`] → Telegram out.

pub mod app;
pub mod bench;
pub mod chat;
pub mod clock;
pub mod config;
pub mod demo;
pub mod desk;
pub mod domain;
pub mod i18n;
pub mod jobs;
pub mod ops;
pub mod render;
pub mod service;
pub mod store;
pub mod telegram;
