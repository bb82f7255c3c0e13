//! What people look at: progress charts (PNG), the printable agenda draft (HTML), the
//! journal document for the municipality's case system (HTML and JSON).

pub mod agenda;
pub mod chart;
pub mod html;
pub mod journal;
pub mod report;
