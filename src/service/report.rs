//! The management report (ledelsesinformation) of a team leader's own team: the chat's
//! `/ledelse` and the desk's *Ledelse* build it here, from the same figures and with the same
//! suppression of small counts (`domain::report`).

use chrono::{DateTime, Utc};

use super::{Context, Result};
use crate::domain::report::{ManagementReport, ReportFilter, build};
use crate::domain::staff::StaffRole;
use crate::store::{StaffRecord, Tx};

/// The team whose report `staff` may read: a team leader's own; nobody else has one.
pub fn leader_team(staff: &StaffRecord) -> Option<String> {
    match (staff.role, staff.team_label()) {
        (StaffRole::TeamLeader, Some(team)) => Some(team),
        _ => None,
    }
}

/// The report of `team` as of `at` (aggregates only; small counts are hidden).
pub async fn team_report(
    tx: &mut Tx,
    ctx: &Context,
    at: DateTime<Utc>,
    team: String,
) -> Result<ManagementReport> {
    let data = tx.report_data(None, None, None).await?;
    let filter = ReportFilter {
        from: None,
        to: None,
        team: Some(team),
        as_of: at.with_timezone(&ctx.timezone).fixed_offset(),
    };
    Ok(build(&data, &filter))
}
