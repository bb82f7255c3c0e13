//! What people look at: progress charts (PNG), the printable agenda draft (HTML).

pub mod agenda;
pub mod chart;
