//! Absence cover (`/fravaer`): who receives a case's new alerts today, whose cases go into a
//! digest, and whom a staff member covers for.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Context, Result};
use crate::domain::ids::StaffId;
use crate::store::{CaseRecord, StaffRecord, Tx};

/// Who gets a case's new alerts (and alert reminders) now: the caseworker, or, while the
/// caseworker is away, the one covering. `None` when nobody active can receive them (they wait
/// in `/alarmer` and escalate as usual).
pub async fn alert_recipient(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    case: &CaseRecord,
) -> Result<Option<StaffRecord>> {
    let Some(caseworker) = tx.staff(case.caseworker_id).await? else {
        return Ok(None);
    };
    if let Some(cover) = cover_today(tx, caseworker.id, ctx.today(now)).await? {
        return Ok(Some(cover));
    }
    Ok(caseworker.is_active().then_some(caseworker))
}

/// The active colleague covering `staff`'s absence on `today`, if they are away.
async fn cover_today(tx: &mut Tx, staff: StaffId, today: NaiveDate) -> Result<Option<StaffRecord>> {
    let Some(absence) = tx.absence_on(staff, today).await? else {
        return Ok(None);
    };
    let Some(cover) = absence.cover_id else {
        return Ok(None);
    };
    Ok(tx.staff(cover).await?.filter(StaffRecord::is_active))
}

/// Whose cases go into `staff`'s digest today: their own (unless someone covers their
/// absence) and those of the colleagues they cover for.
pub async fn digest_owners(tx: &mut Tx, staff: &StaffRecord, today: NaiveDate) -> Result<Vec<StaffRecord>> {
    let mut owners = Vec::new();
    if cover_today(tx, staff.id, today).await?.is_none() {
        owners.push(staff.clone());
    }
    for absence in tx.absences_covered_by(staff.id, today).await? {
        if let Some(away) = tx.staff(absence.staff_id).await?
            && !owners.iter().any(|o| o.id == away.id)
        {
            owners.push(away);
        }
    }
    Ok(owners)
}

/// The staff members `staff` covers for on `today` (their alerts may be assessed by `staff`).
pub async fn covered_today(tx: &mut Tx, staff: StaffId, today: NaiveDate) -> Result<Vec<StaffId>> {
    Ok(tx
        .absences_covered_by(staff, today)
        .await?
        .into_iter()
        .map(|a| a.staff_id)
        .collect())
}
