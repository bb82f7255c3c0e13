//! The domain: pure types and rules, no I/O. Everything here is tested with plain tables.

pub mod agenda;
pub mod alert;
pub mod alert_rules;
pub mod calendar;
pub mod case;
pub mod checkin;
pub mod desk;
pub mod desk_case;
pub mod flood;
pub mod followup;
pub mod goal;
pub mod ids;
pub mod invite;
pub mod meeting;
pub mod participant;
pub mod progression;
pub mod report;
pub mod safety;
pub mod scale;
pub mod schedule;
pub mod staff;
pub mod suppression;
pub mod text;
