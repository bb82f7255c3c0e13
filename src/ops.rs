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
    invite_staff_in(store, "", name, role, team, lang, now).await
}

/// [`invite_staff`] in a named municipality (installations shared by several).
pub async fn invite_staff_in(
    store: &Store,
    municipality: &str,
    name: &str,
    role: StaffRole,
    team: Option<&str>,
    lang: Lang,
    now: DateTime<Utc>,
) -> anyhow::Result<InviteToken> {
    let municipality = match municipality {
        "" => String::new(),
        given => {
            clean_line(given, NAME_MAX).map_err(|e| anyhow::anyhow!("--municipality is not usable: {e}"))?
        }
    };
    let name = clean_line(name, NAME_MAX).map_err(|e| anyhow::anyhow!("--name is not usable: {e}"))?;
    let team = team
        .map(|t| clean_line(t, NAME_MAX))
        .transpose()
        .map_err(|e| anyhow::anyhow!("--team is not usable: {e}"))?;
    let token = InviteToken::generate();
    let mut tx = store.begin().await?;
    let staff_id = tx
        .create_staff_in(&municipality, &name, role, team.as_deref(), lang, now)
        .await?;
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
    municipality: Option<&str>,
    filter: &crate::domain::report::ReportFilter,
    format: ReportFormat,
    lang: Lang,
) -> anyhow::Result<String> {
    use crate::domain::report;
    use crate::render::report as print;
    let data = {
        let mut tx = store.read().await?;
        let data = tx
            .report_data(
                filter.from.map(|f| f.to_utc()),
                filter.to.map(|t| t.to_utc()),
                municipality,
            )
            .await?;
        tx.commit().await?;
        data
    };
    let built = report::build(&data, filter);
    let texts = crate::i18n::Texts::get();
    let labels = |key: &str| texts.t(lang, key);
    Ok(match format {
        ReportFormat::Text => print::to_text(&built, &labels),
        ReportFormat::Csv => print::to_csv(&built, &labels),
        ReportFormat::Json => print::to_json(&built),
        ReportFormat::Html => {
            let charts = print::charts(&built, &labels);
            print::to_html(&built, &labels, &charts)
        }
    })
}

/// The formats of a journal export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Html,
    Json,
}

/// A case found by its code, or by its number (a purged case has no code any more; its
/// number is in the audit log and in `purge`'s output).
async fn case_id_of(tx: &mut crate::store::Tx, case: &str) -> anyhow::Result<crate::domain::ids::CaseId> {
    use crate::domain::case::CaseCode;
    if let Ok(code) = CaseCode::parse(case) {
        if let Some(found) = tx.case_by_code(&code).await? {
            return Ok(found.id);
        }
        anyhow::bail!("no case has the code {}", code);
    }
    match case.trim().trim_start_matches('#').parse::<i64>() {
        Ok(id) => Ok(crate::domain::ids::CaseId(id)),
        Err(_) => anyhow::bail!("{case:?} is neither a case code like K-7F2Q nor a case number"),
    }
}

/// `taetkontakt export --case`: the journal of a case, an audited read by the operator.
/// A full journal of a closed case moves it to `exported`, as in the chat.
pub async fn export_case(
    store: &Store,
    case: &str,
    period: crate::store::Period,
    format: ExportFormat,
    lang: Lang,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    use crate::domain::case::{CaseEvent, CaseStatus};
    let mut tx = store.begin().await?;
    let id = case_id_of(&mut tx, case).await?;
    let Some(journal) = tx.journal(id, period, now).await? else {
        anyhow::bail!("no case {case}");
    };
    tx.audit(AuditEntry {
        at: now,
        actor: Actor::Operator,
        action: "read.journal",
        case_id: Some(id),
        subject: None,
    })
    .await?;
    let status = CaseStatus::parse(&journal.case.status);
    if period == crate::store::Period::default()
        && let Some(status) = status
        && status.apply(CaseEvent::Export).is_ok()
    {
        tx.mark_case_exported(id, now).await?;
        if status == CaseStatus::Closed {
            tx.audit(AuditEntry {
                at: now,
                actor: Actor::Operator,
                action: "case.exported",
                case_id: Some(id),
                subject: None,
            })
            .await?;
        }
    }
    tx.commit().await?;
    let texts = crate::i18n::Texts::get();
    Ok(match format {
        ExportFormat::Html => crate::render::journal::to_html(&journal, &texts, lang, tz),
        ExportFormat::Json => crate::render::journal::to_json(&journal),
    })
}

/// `taetkontakt export --participant`: one person's own data (art. 15), as JSON. Audited.
pub async fn export_participant(
    store: &Store,
    participant: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    use crate::domain::ids::{CaseId, ParticipantId};
    let mut tx = store.begin().await?;
    let Some(data) = tx.own_data(ParticipantId(participant), now).await? else {
        anyhow::bail!("no participant with the id {participant}");
    };
    let case = tx
        .participant(ParticipantId(participant))
        .await?
        .map(|p| p.case_id);
    tx.audit(AuditEntry {
        at: now,
        actor: Actor::Operator,
        action: "read.participant_export",
        case_id: case.map(|c: CaseId| c),
        subject: Some(("participant", participant)),
    })
    .await?;
    tx.commit().await?;
    Ok(crate::render::journal::own_data_json(&data))
}

/// `taetkontakt purge [--dry-run]`: what the retention rule deletes now, one line per case
/// (code, number, counts); without `--dry-run` it is deleted. Also lists closed cases that
/// were never exported (they are kept).
pub async fn purge(
    store: &Store,
    retention_days: u32,
    dry_run: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    use crate::domain::case::{Retention, retention};
    let mut tx = store.begin().await?;
    let mut lines = Vec::new();
    for case in tx.closed_cases().await? {
        let due = retention(
            case.status,
            case.closed_at,
            case.exported_at,
            false,
            retention_days,
            now,
        );
        match due {
            Retention::Purge => {
                let counts = if dry_run {
                    tx.purge_counts(case.id).await?
                } else {
                    match tx.purge_case(case.id, now).await? {
                        Some(counts) => counts,
                        None => continue,
                    }
                };
                let verb = if dry_run { "would purge" } else { "purged" };
                lines.push(format!(
                    "{verb} {} (case {}): {}",
                    case.code,
                    case.id,
                    counts.line()
                ));
            }
            Retention::RemindExport => lines.push(format!(
                "kept {} (case {}): closed but never exported; send /journal {} first",
                case.code, case.id, case.code
            )),
            Retention::Keep => {}
        }
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    if lines.is_empty() {
        lines.push("nothing to purge".into());
    }
    Ok(lines.join("\n"))
}

/// `taetkontakt audit`: the audit rows of a case or a staff member, one per line (no texts:
/// the log holds none).
pub async fn audit(
    store: &Store,
    case: Option<&str>,
    staff: Option<i64>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    tz: chrono_tz::Tz,
) -> anyhow::Result<String> {
    use crate::store::AuditFilter;
    let mut tx = store.read().await?;
    let filter = match (case, staff) {
        (Some(case), None) => AuditFilter::Case(case_id_of(&mut tx, case).await?),
        (None, Some(staff)) => AuditFilter::Staff(crate::domain::ids::StaffId(staff)),
        _ => anyhow::bail!("give either --case <code> or --staff <id>"),
    };
    let rows = tx.audit_rows(filter, from, to).await?;
    tx.commit().await?;
    let mut out = Vec::with_capacity(rows.len() + 1);
    for r in &rows {
        let at = crate::clock::from_millis(r.at)
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M:%S");
        let actor = match r.actor_id {
            Some(id) => format!("{} {id}", r.actor),
            None => r.actor.clone(),
        };
        let case = r.case_id.map(|c| format!(" case {c}")).unwrap_or_default();
        let subject = match (&r.subject, r.subject_id) {
            (Some(s), Some(id)) => format!(" {s} {id}"),
            (Some(s), None) => format!(" {s}"),
            _ => String::new(),
        };
        out.push(format!("{at}  {actor}  {}{case}{subject}", r.action));
    }
    out.push(format!("{} audit rows", rows.len()));
    Ok(out.join("\n"))
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
    Chat(#[from] crate::service::Error),
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
    // Ended, not only refused on the next request: a later reactivation opens no old session.
    let why = crate::domain::desk::SessionEnd::StaffDeactivated;
    tx.end_desk_sessions_of(id, why, now).await?;
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
            crate::service::deactivation::tell_leader_about_taken_over_cases(
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
