//! The desk's case pages beyond goals and alerts: the participants with their state and the
//! caseworker's actions on them (through [`super::participation`], the same functions as the
//! chat's `/inviter`, "Fjern" and `/rytme`), the texts and reports participants sent, the
//! meetings and call tasks, the audit of the case for the team leader, the network picture
//! (*Netværk*), and the sparklines of *Mine sager*. Access is
//! [`super::access`]'s; every page of case data is an audited read.

use chrono::{DateTime, Utc};

use super::Result;
use super::access;
use super::participation::{self, Invited, Removal, RhythmChange};
use crate::domain::agenda::{TrendDirection, trend};
use crate::domain::alert_rules::ScoredAnswer;
use crate::domain::case::CaseCode;
use crate::domain::desk_case::{NetworkState, RhythmChoice};
use crate::domain::goal::GoalStatus;
use crate::domain::ids::{ParticipantId, StaffId};
use crate::domain::participant::{ParticipantStatus, Role};
use crate::domain::scale::{Scale, Score};
use crate::domain::schedule::Rhythm;
use crate::store::{
    AuditFilter, CallTaskRecord, CaseMessage, CaseRecord, MeetingRecord, ParticipantRecord, StaffRecord, Tx,
};

/// How many texts and reports *Sag* lists, newest first.
pub const MESSAGES_LISTED: i64 = 50;
/// How many audit lines *Sag* lists for the team leader, newest first.
pub const AUDIT_LISTED: usize = 100;
/// How many of the young person's answers a sparkline draws.
pub const SPARK_ANSWERS: usize = 8;

/// A participant with what the pages show about them.
pub struct ParticipantLine {
    pub participant: ParticipantRecord,
    /// Their check-in rhythm (their own, or their role's default).
    pub rhythm: Rhythm,
    pub last_answer: Option<DateTime<Utc>>,
    /// How the network picture draws them; `None` once removed.
    pub state: Option<NetworkState>,
}

async fn participant_lines(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    case: &CaseRecord,
) -> Result<Vec<ParticipantLine>> {
    let last = tx.last_answers_of_case(case.id).await?;
    let today = ctx.today(now);
    Ok(tx
        .participants_of_case(case.id)
        .await?
        .into_iter()
        .map(|p| {
            let last_answer = last.iter().find(|(id, _)| *id == p.id).map(|(_, at)| *at);
            ParticipantLine {
                rhythm: super::participant::rhythm_of(&p, today),
                state: NetworkState::of(p.status, p.consent_at, last_answer, now),
                last_answer,
                participant: p,
            }
        })
        .collect())
}

/// The participants page of a case (`/sag/<kode>/deltagere`).
pub struct ParticipantsView {
    pub case: CaseRecord,
    /// The staff member is the case's caseworker: only they invite, remove and set rhythms
    /// (as in the chat).
    pub own: bool,
    pub participants: Vec<ParticipantLine>,
}

/// A case the staff member may read today, with its people: `None` otherwise. An audited
/// read under `action`.
async fn readable_people(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
    action: &'static str,
) -> Result<Option<(CaseRecord, Vec<ParticipantLine>)>> {
    let Some(case) = access::visible_case_by_code(tx, staff, ctx.today(now), code).await? else {
        return Ok(None);
    };
    access::audit_read(tx, now, staff, action, Some(case.id)).await?;
    let people = participant_lines(tx, ctx, now, &case).await?;
    Ok(Some((case, people)))
}

/// The participants page: `None` unless the staff member may read the case today. An
/// audited read (`read.desk.participants`).
pub async fn participants_view(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
) -> Result<Option<ParticipantsView>> {
    let found = readable_people(tx, ctx, now, staff, code, "read.desk.participants").await?;
    Ok(found.map(|(case, participants)| ParticipantsView {
        own: case.caseworker_id == staff.id,
        case,
        participants,
    }))
}

/// An invitation made on the desk, with its case.
pub struct DeskInvitation {
    pub case: CaseRecord,
    pub role: Role,
    pub invited: Invited,
}

/// "Inviter" on the desk: `None` unless the case is the staff member's own (as `/inviter`).
#[allow(clippy::too_many_arguments)]
pub async fn invite(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
    role: Role,
    relation: Option<&str>,
    name: Option<&str>,
) -> Result<Option<DeskInvitation>> {
    let Some(case) = access::own_case_by_code(tx, staff, code).await? else {
        return Ok(None);
    };
    // A witness is named by relation ("morfar", "træner"); the others by role.
    let relation = relation.filter(|_| role == Role::Witness);
    let invited = participation::invite(tx, ctx, now, staff, &case, role, relation, name).await?;
    Ok(Some(DeskInvitation { case, role, invited }))
}

/// A participant of one of the staff member's own cases, reached through that case's code (a
/// participant id under another case's code is not found). An audited read
/// (`read.desk.participant`): the confirmation page names the person.
pub async fn own_participant(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
    participant: ParticipantId,
) -> Result<Option<(CaseRecord, ParticipantRecord)>> {
    let Some(case) = access::own_case_by_code(tx, staff, code).await? else {
        return Ok(None);
    };
    let Some((p, _)) = access::participant_of_own_case(tx, staff, participant)
        .await?
        .filter(|(p, _)| p.case_id == case.id && p.status != ParticipantStatus::Removed)
    else {
        return Ok(None);
    };
    access::audit_staff(
        tx,
        now,
        staff,
        "read.desk.participant",
        Some(case.id),
        Some(("participant", p.id.0)),
    )
    .await?;
    Ok(Some((case, p)))
}

/// "Fjern" (or "Tilbagekald") confirmed on the desk: [`participation::remove`], for a
/// participant of the case with this code only.
pub async fn remove(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
    participant: ParticipantId,
) -> Result<Removal> {
    let Some(case) = access::own_case_by_code(tx, staff, code).await? else {
        return Ok(Removal::NotFound);
    };
    match tx.participant(participant).await? {
        Some(p) if p.case_id == case.id => participation::remove(tx, ctx, now, staff, participant).await,
        _ => Ok(Removal::NotFound),
    }
}

/// The rhythm form on the desk: [`participation::set_rhythm`] with the expression the choice
/// stands for. `None` unless the case is the staff member's own (as `/rytme`).
pub async fn set_rhythm(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
    role: Role,
    choice: RhythmChoice,
) -> Result<Option<(CaseRecord, RhythmChange)>> {
    let Some(case) = access::own_case_by_code(tx, staff, code).await? else {
        return Ok(None);
    };
    let change = participation::set_rhythm(tx, ctx, now, staff, &case, role, &choice.expression()).await?;
    Ok(Some((case, change)))
}

/// A text or report on *Sag*, with who sent it.
pub struct MessageLine {
    pub message: CaseMessage,
    pub from: Option<ParticipantRecord>,
}

/// Who did something in the audit of a case.
pub enum AuditActor {
    Staff(String),
    Participant(ParticipantRecord),
    Operator,
    System,
}

/// One line of the audit of a case.
pub struct AuditLine {
    pub at: DateTime<Utc>,
    pub actor: AuditActor,
    pub action: String,
}

/// What *Sag* shows below the goals: texts and reports (for the caseworker, or the one covering),
/// meetings, call tasks, and the audit (team leaders).
pub struct CaseActivity {
    /// `None`: this reader does not see participants' texts ([`access::texts_readable`]).
    pub messages: Option<Vec<MessageLine>>,
    /// Newest first.
    pub meetings: Vec<MeetingRecord>,
    pub calls: Vec<(CallTaskRecord, Option<ParticipantRecord>)>,
    /// `None`: not a team leader.
    pub audit: Option<Vec<AuditLine>>,
}

/// The rest of *Sag* for a case the staff member may read (the caller checked it). Reading the
/// texts and the audit are audited reads of their own (`read.desk.messages`,
/// `read.desk.audit`).
pub async fn activity(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    case: &CaseRecord,
    participants: &[ParticipantRecord],
) -> Result<CaseActivity> {
    let who = |id: ParticipantId| participants.iter().find(|p| p.id == id).cloned();
    let messages = if access::texts_readable(tx, staff, ctx.today(now), case).await? {
        access::audit_read(tx, now, staff, "read.desk.messages", Some(case.id)).await?;
        let lines = tx
            .case_messages(case.id, MESSAGES_LISTED)
            .await?
            .into_iter()
            .map(|message| MessageLine {
                from: who(message.participant_id),
                message,
            })
            .collect();
        Some(lines)
    } else {
        None
    };
    let mut meetings = tx.meetings_of_case(case.id).await?;
    meetings.sort_by_key(|m| std::cmp::Reverse(m.at));
    let calls = tx
        .call_tasks_of_case(case.id)
        .await?
        .into_iter()
        .map(|task| {
            let p = who(task.participant_id);
            (task, p)
        })
        .collect();
    let audit = if access::audit_readable(staff) {
        access::audit_read(tx, now, staff, "read.desk.audit", Some(case.id)).await?;
        Some(audit_lines(tx, case, participants).await?)
    } else {
        None
    };
    Ok(CaseActivity {
        messages,
        meetings,
        calls,
        audit,
    })
}

async fn audit_lines(
    tx: &mut Tx,
    case: &CaseRecord,
    participants: &[ParticipantRecord],
) -> Result<Vec<AuditLine>> {
    let rows = tx.audit_rows(AuditFilter::Case(case.id), None, None).await?;
    let mut staff_names: Vec<(i64, String)> = Vec::new();
    let mut lines = Vec::new();
    for row in rows.into_iter().rev().take(AUDIT_LISTED) {
        let actor = match (row.actor.as_str(), row.actor_id) {
            ("staff", Some(id)) => {
                let name = match staff_names.iter().find(|(s, _)| *s == id) {
                    Some((_, name)) => name.clone(),
                    None => {
                        let name = tx.staff(StaffId(id)).await?.map(|s| s.name).unwrap_or_default();
                        staff_names.push((id, name.clone()));
                        name
                    }
                };
                AuditActor::Staff(name)
            }
            ("participant", Some(id)) => match participants.iter().find(|p| p.id.0 == id) {
                Some(p) => AuditActor::Participant(p.clone()),
                None => AuditActor::System,
            },
            ("operator", _) => AuditActor::Operator,
            _ => AuditActor::System,
        };
        lines.push(AuditLine {
            at: crate::clock::from_millis(row.at),
            actor,
            action: row.action,
        });
    }
    Ok(lines)
}

/// *Netværk*: the case and every participant still in it.
pub struct NetworkView {
    pub case: CaseRecord,
    pub people: Vec<ParticipantLine>,
}

/// *Netværk* (`/sag/<kode>/netvaerk`): `None` unless the staff member may read the case
/// today. An audited read (`read.desk.network`).
pub async fn network_view(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
) -> Result<Option<NetworkView>> {
    let found = readable_people(tx, ctx, now, staff, code, "read.desk.network").await?;
    Ok(found.map(|(case, people)| NetworkView {
        case,
        people: people.into_iter().filter(|line| line.state.is_some()).collect(),
    }))
}

/// One goal's sparkline on *Mine sager*: the young person's last answers and their direction.
#[derive(Debug, Clone)]
pub struct Sparkline {
    pub position: i64,
    pub scale: Scale,
    /// Oldest first, at most [`SPARK_ANSWERS`].
    pub values: Vec<i32>,
    pub direction: TrendDirection,
}

/// The sparklines of a case's active goals, from the young person's own answers.
pub async fn sparklines(tx: &mut Tx, case: &CaseRecord) -> Result<Vec<Sparkline>> {
    let youth: Vec<ParticipantRecord> = tx
        .participants_of_case(case.id)
        .await?
        .into_iter()
        .filter(|p| p.role == Role::Youth && p.telegram_user_id.is_some())
        .collect();
    let mut out = Vec::new();
    for goal in tx
        .goals_of_case(case.id)
        .await?
        .into_iter()
        .filter(|g| g.status == GoalStatus::Active)
    {
        let scale = goal.scale.scale();
        let mut answers = Vec::new();
        for p in &youth {
            answers.extend(tx.scored_answers(p.id, goal.id).await?);
        }
        answers.sort_by_key(|(_, at, _)| *at);
        let skip = answers.len().saturating_sub(SPARK_ANSWERS);
        let recent: Vec<ScoredAnswer> = answers
            .into_iter()
            .skip(skip)
            .filter_map(|(_, at, v)| Score::new(&scale, v).ok().map(|score| ScoredAnswer { at, score }))
            .collect();
        out.push(Sparkline {
            position: goal.position,
            scale,
            values: recent.iter().map(|a| a.score.value()).collect(),
            direction: trend(&scale, &recent).direction,
        });
    }
    Ok(out)
}
