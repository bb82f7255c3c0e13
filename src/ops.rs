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

/// The formats of the management report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Csv,
    Html,
    Json,
}

/// The management report (ledelsesinformation): the one function behind both
/// `taetkontakt rapport` and the team leader's `/ledelse`. Aggregates only; small counts are
/// suppressed by the domain module.
pub async fn management_report(
    store: &Store,
    filter: &crate::domain::report::ReportFilter,
    format: ReportFormat,
    lang: Lang,
) -> anyhow::Result<String> {
    use crate::domain::report;
    let data = {
        let mut tx = store.read().await?;
        let data = tx
            .report_data(filter.from.map(|f| f.to_utc()), filter.to.map(|t| t.to_utc()))
            .await?;
        tx.commit().await?;
        data
    };
    let built = report::build(&data, filter);
    let texts = crate::i18n::Texts::get();
    let labels = |key: &str| texts.t(lang, key);
    Ok(match format {
        ReportFormat::Text => report::to_text(&built, &labels),
        ReportFormat::Csv => report::to_csv(&built, &labels),
        ReportFormat::Json => report::to_json(&built),
        ReportFormat::Html => {
            let charts: Vec<(String, Vec<u8>)> = report::bars_for_charts(&built)
                .into_iter()
                .filter_map(|(title_key, bars)| {
                    let bars: Vec<(String, u32)> = bars.into_iter().map(|(k, v)| (labels(&k), v)).collect();
                    match crate::render::chart::render_bars(
                        &labels(&title_key),
                        &bars,
                        crate::render::chart::DEFAULT_WIDTH,
                    ) {
                        Ok(png) => Some((title_key, png)),
                        Err(error) => {
                            tracing::error!(%error, "report chart could not be drawn");
                            None
                        }
                    }
                })
                .collect();
            report::to_html(&built, &labels, &charts)
        }
    })
}

/// What `staff deactivate` did: who took over which cases.
#[derive(Debug, Clone)]
pub struct Deactivated {
    pub staff: crate::store::StaffRecord,
    /// The team leader who now holds the cases, if there were any.
    pub taken_over_by: Option<crate::store::StaffRecord>,
    /// Codes of the cases that moved.
    pub cases: Vec<String>,
}

/// Why a staff change was refused (shown to the operator in one line).
#[derive(Debug, thiserror::Error)]
pub enum StaffChangeError {
    #[error("no staff member with id {0} (see `taetkontakt staff list`)")]
    NotFound(i64),
    #[error("staff member {0} is already deactivated")]
    AlreadyDeactivated(i64),
    #[error("staff member {0} is already active")]
    AlreadyActive(i64),
    #[error(
        "staff member {id} still has {cases} case(s) and team {team:?} has no other active team leader to take them over; invite one first (invite-staff --role teamleader --team ...)"
    )]
    NobodyTakesOver { id: i64, cases: usize, team: String },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Chat(#[from] crate::chat::ChatError),
}

/// Deactivates a staff member at once: from now on they are refused everything (the check is
/// in `chat::access`) and sent nothing; what waits to be sent to them is cancelled; their cases
/// — with their open alerts and call tasks, which belong to the case — go to an active team
/// leader of the same team until handed over, and that team leader gets a message listing
/// them. Refused, and nothing changes, if there are cases and no team leader to take them.
pub async fn deactivate_staff(
    store: &Store,
    id: crate::domain::ids::StaffId,
    now: DateTime<Utc>,
) -> Result<Deactivated, StaffChangeError> {
    use crate::domain::staff::{Candidate, receiving_team_leader};
    let mut tx = store.begin().await?;
    let all = tx.all_staff().await?;
    let Some(staff) = all.iter().find(|s| s.id == id).cloned() else {
        return Err(StaffChangeError::NotFound(id.0));
    };
    let status = staff
        .status
        .deactivate()
        .map_err(|_| StaffChangeError::AlreadyDeactivated(id.0))?;
    let candidates: Vec<Candidate> = all.iter().map(|s| s.candidate()).collect();
    let leader = receiving_team_leader(&staff.candidate(), &candidates)
        .and_then(|l| all.iter().find(|s| s.id.0 == l).cloned());
    let cases = tx.cases_of_caseworker(id).await?;
    if !cases.is_empty() && leader.is_none() {
        return Err(StaffChangeError::NobodyTakesOver {
            id: id.0,
            cases: cases.len(),
            team: staff.team.clone().unwrap_or_default(),
        });
    }
    tx.set_staff_status(id, status, now).await?;
    tx.settle_absences_of_leaver(id, leader.as_ref().map(|l| l.id), now)
        .await?;
    if let Some(chat) = staff.telegram_user_id {
        tx.cancel_outbox_for_chat(chat.0, "staff deactivated").await?;
        tx.clear_conversation(chat.0).await?;
    }
    tx.audit(AuditEntry {
        at: now,
        actor: Actor::Operator,
        action: "staff.deactivated",
        case_id: None,
        subject: Some(("staff", id.0)),
    })
    .await?;
    let mut codes = Vec::new();
    if let Some(leader) = &leader {
        for case in &cases {
            tx.set_caseworker(case.id, leader.id, now).await?;
            tx.audit(AuditEntry {
                at: now,
                actor: Actor::Operator,
                action: "case.reassigned",
                case_id: Some(case.id),
                subject: Some(("staff", leader.id.0)),
            })
            .await?;
            codes.push(case.code.to_string());
        }
        if !cases.is_empty() {
            crate::chat::staff_changes::tell_leader_about_taken_over_cases(
                &mut tx, leader, &staff, &cases, now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Deactivated {
        staff,
        taken_over_by: leader,
        cases: codes,
    })
}

/// Lets a deactivated staff member in again. Their former cases stay where they are now
/// (a team leader hands them back with `/overdrag`).
pub async fn reactivate_staff(
    store: &Store,
    id: crate::domain::ids::StaffId,
    now: DateTime<Utc>,
) -> Result<crate::store::StaffRecord, StaffChangeError> {
    let mut tx = store.begin().await?;
    let Some(staff) = tx.staff(id).await? else {
        return Err(StaffChangeError::NotFound(id.0));
    };
    let status = staff
        .status
        .reactivate()
        .map_err(|_| StaffChangeError::AlreadyActive(id.0))?;
    tx.set_staff_status(id, status, now).await?;
    tx.audit(AuditEntry {
        at: now,
        actor: Actor::Operator,
        action: "staff.reactivated",
        case_id: None,
        subject: Some(("staff", id.0)),
    })
    .await?;
    tx.commit().await?;
    Ok(staff)
}
