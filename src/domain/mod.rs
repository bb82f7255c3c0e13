//! The domain: pure types and rules, no I/O. Everything here is tested with plain tables.

pub mod case;
pub mod goal;
pub mod ids;
pub mod invite;
pub mod participant;
pub mod scale;
pub mod staff;
pub mod text;
pub mod alert_rules;
pub mod calendar;
pub mod progression;
pub mod schedule;
