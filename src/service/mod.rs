//! The application layer: the use cases the chat, the scheduled jobs and the web desk
//! share. Each takes a transaction and typed inputs and returns a typed outcome; none knows
//! about a Telegram update. Messages are queued in the outbox inside the caller's transaction.

pub mod access;
pub mod alerts;
pub mod buttons;
pub mod calls;
pub mod checkin;
pub mod context;
pub mod cover;
pub mod deactivation;
pub mod desk;
pub mod desk_case;
pub mod desk_work;
pub mod format;
pub mod handover;
pub mod journal;
pub mod meeting;
pub mod meeting_draft;
pub mod meeting_plan;
pub mod outbox;
pub mod participant;
pub mod participation;
pub mod progress;
pub mod report;
pub mod safety;

pub use context::Context;
pub use outbox::{Delivery, Queued, queue, queue_notice};

use crate::store::StoreError;

/// A failure in a use case: the transaction is rolled back (and an update retried).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot encode: {0}")]
    Json(#[from] serde_json::Error),
}

/// The outcome of a use case.
pub type Result<T> = std::result::Result<T, Error>;
