//! Operator actions shared by the command line, the demo and the tests.

use chrono::{DateTime, Utc};

use crate::domain::invite::{InviteToken, expiry_from};
use crate::domain::participant::NAME_MAX;
use crate::domain::staff::StaffRole;
use crate::domain::text::clean_line;
use crate::i18n::Lang;
use crate::store::{Actor, AuditEntry, InviteTarget, Store};

/// Creates a staff member and a single-use invitation for them. Returns the token.
pub async fn invite_staff(
    store: &Store,
    name: &str,
    role: StaffRole,
    team: Option<&str>,
    lang: Lang,
    now: DateTime<Utc>,
) -> anyhow::Result<InviteToken> {
    let name = clean_line(name, NAME_MAX).map_err(|e| anyhow::anyhow!("--name is not usable: {e}"))?;
    let team = team
        .map(|t| clean_line(t, NAME_MAX))
        .transpose()
        .map_err(|e| anyhow::anyhow!("--team is not usable: {e}"))?;
    let token = InviteToken::generate();
    let mut tx = store.begin().await?;
    let staff_id = tx.create_staff(&name, role, team.as_deref(), lang, now).await?;
    tx.create_invite(
        &token.hash(),
        InviteTarget::Staff(staff_id),
        None,
        expiry_from(now),
        now,
    )
    .await?;
    tx.audit(AuditEntry {
        at: now,
        actor: Actor::Operator,
        action: "staff.invited",
        case_id: None,
        subject: Some(("staff", staff_id.0)),
    })
    .await?;
    tx.commit().await?;
    Ok(token)
}
