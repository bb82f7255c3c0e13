//! Scheduled work: due check-ins, reminders and expiries, alert reminders and escalations,
//! meetings, follow-up calls, statutory follow-up, the daily digest and the retention pass
//! (purge of closed cases, payload hygiene).
//! Each piece is found in the database by time, so a restart (or a second run) picks up
//! exactly what is still due, and de-duplication keys make a repeat harmless.

pub mod lifecycle;
pub mod meetings;
pub mod scheduler;
