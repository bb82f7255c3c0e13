//! The journal of a case for the municipality's case system (`/journal` in the chat, the
//! desk's *Journal*): read for a period, an audited read, and — the whole journal of a closed
//! case — the mark that it was exported, from which the retention period counts.

use chrono::{DateTime, Utc};

use super::{Result, access};
use crate::domain::case::{CaseEvent, CaseStatus};
use crate::store::{CaseRecord, Journal, Period, StaffRecord, Tx};

/// The journal of `case` for `period`, as `staff` exports it; `None` if the case is gone.
pub async fn export(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    case: &CaseRecord,
    period: Period,
) -> Result<Option<Journal>> {
    let Some(journal) = tx.journal(case.id, period, now).await? else {
        return Ok(None);
    };
    access::audit_read(tx, now, staff, "read.journal", Some(case.id)).await?;
    if period == Period::default() && case.status.apply(CaseEvent::Export).is_ok() {
        tx.mark_case_exported(case.id, now).await?;
        if case.status == CaseStatus::Closed {
            access::audit_staff(tx, now, staff, "case.exported", Some(case.id), None).await?;
        }
    }
    Ok(Some(journal))
}
