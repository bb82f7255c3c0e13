//! What the desk's work pages show: *Møder* (the caseworker's planned meetings and the cases a
//! meeting can be planned for), *Opkald* (the open call tasks, overdue first by due date) and
//! *Ledelse* (a team leader's report and the cases and colleagues of a handover). The rules of
//! who may read what are [`super::access`]'s; every page of case data is an audited read.

use chrono::{DateTime, Utc};

use super::{Context, Result, access};
use crate::domain::case::CaseCode;
use crate::domain::report::ManagementReport;
use crate::store::{CallTaskRecord, CaseRecord, MeetingRecord, ParticipantRecord, StaffRecord, Tx};

/// A planned meeting on *Møder*.
pub struct MeetingItem {
    pub meeting: MeetingRecord,
    pub case: CaseRecord,
    pub invitees: Vec<ParticipantRecord>,
}

/// *Møder*.
pub struct MeetingsView {
    /// The staff member's planned meetings, soonest first (the chat's `/moeder`).
    pub meetings: Vec<MeetingItem>,
    /// The staff member's own open cases: a meeting can be planned for each.
    pub cases: Vec<CaseRecord>,
}

/// The staff member's own open cases (the ones they plan meetings for).
async fn own_open_cases(tx: &mut Tx, staff: &StaffRecord) -> Result<Vec<CaseRecord>> {
    Ok(tx
        .cases_visible_to(staff.id)
        .await?
        .into_iter()
        .filter(|c| c.caseworker_id == staff.id && c.status.is_open())
        .collect())
}

/// *Møder*: an audited read (`read.desk.meetings`).
pub async fn meetings_view(tx: &mut Tx, now: DateTime<Utc>, staff: &StaffRecord) -> Result<MeetingsView> {
    access::audit_read(tx, now, staff, "read.desk.meetings", None).await?;
    let mut meetings = Vec::new();
    for meeting in tx.planned_meetings_for(staff.id).await? {
        let Some(case) = access::own_case(tx, staff, meeting.case_id).await? else {
            continue;
        };
        let mut invitees = Vec::new();
        for invitee in tx.invitees(meeting.id).await? {
            if let Some(p) = tx.participant(invitee.participant_id).await? {
                invitees.push(p);
            }
        }
        meetings.push(MeetingItem {
            meeting,
            case,
            invitees,
        });
    }
    let cases = own_open_cases(tx, staff).await?;
    Ok(MeetingsView { meetings, cases })
}

/// The form that plans a meeting of one case: who can be invited.
pub struct PlanForm {
    pub case: CaseRecord,
    /// Participants who can be invited ([`super::meeting_plan::can_be_invited`]).
    pub participants: Vec<ParticipantRecord>,
}

/// The planning form for a case code chosen from the list: `None` unless it is the staff
/// member's own open case (as the chat's `/moede`). An audited read (`read.desk.meeting_form`).
pub async fn plan_form(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
) -> Result<Option<PlanForm>> {
    let Some(case) = access::own_case_by_code(tx, staff, code)
        .await?
        .filter(|c| c.status.is_open())
    else {
        return Ok(None);
    };
    access::audit_read(tx, now, staff, "read.desk.meeting_form", Some(case.id)).await?;
    let participants = tx
        .participants_of_case(case.id)
        .await?
        .into_iter()
        .filter(super::meeting_plan::can_be_invited)
        .collect();
    Ok(Some(PlanForm { case, participants }))
}

/// An open call task on *Opkald*.
pub struct CallItem {
    pub record: CallTaskRecord,
    pub case: CaseRecord,
    pub participant: ParticipantRecord,
}

/// *Opkald*: the staff member's open call tasks by due date (the chat's `/opkald`). An audited
/// read (`read.desk.calls`).
pub async fn calls_view(tx: &mut Tx, now: DateTime<Utc>, staff: &StaffRecord) -> Result<Vec<CallItem>> {
    access::audit_read(tx, now, staff, "read.desk.calls", None).await?;
    let mut items = Vec::new();
    for record in tx.open_call_tasks_for(staff.id).await? {
        let (Some(case), Some(participant)) = (
            access::own_case(tx, staff, record.case_id).await?,
            tx.participant(record.participant_id).await?,
        ) else {
            continue;
        };
        items.push(CallItem {
            record,
            case,
            participant,
        });
    }
    Ok(items)
}

/// A case a team leader may hand over, with its caseworker.
pub struct HandoverCase {
    pub case: CaseRecord,
    pub caseworker: Option<StaffRecord>,
}

/// *Ledelse*.
pub struct LeaderView {
    pub report: ManagementReport,
    /// The team's open cases.
    pub cases: Vec<HandoverCase>,
    /// The active colleagues of the team who have joined (who a case can go to).
    pub colleagues: Vec<StaffRecord>,
}

/// *Ledelse*: `None` unless the staff member is a team leader (the chat's `/ledelse`). An
/// audited read (`read.desk.report`).
pub async fn leader_view(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
) -> Result<Option<LeaderView>> {
    let Some(report) = leader_report(tx, ctx, now, staff).await? else {
        return Ok(None);
    };
    let mut cases = Vec::new();
    for case in tx
        .cases_visible_to(staff.id)
        .await?
        .into_iter()
        .filter(|c| c.status.is_open())
    {
        let caseworker = tx.staff(case.caseworker_id).await?;
        cases.push(HandoverCase { case, caseworker });
    }
    let colleagues = match &staff.team {
        Some(team) => tx
            .active_staff_of_team(&staff.municipality, team)
            .await?
            .into_iter()
            .filter(|s| s.telegram_user_id.is_some())
            .collect(),
        None => Vec::new(),
    };
    Ok(Some(LeaderView {
        report,
        cases,
        colleagues,
    }))
}

/// The team leader's report alone (its charts and its printable document): `None` for anyone
/// else. An audited read (`read.desk.report`).
pub async fn leader_report(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
) -> Result<Option<ManagementReport>> {
    let Some(team) = super::report::leader_team(staff) else {
        return Ok(None);
    };
    access::audit_read(tx, now, staff, "read.desk.report", None).await?;
    Ok(Some(super::report::team_report(tx, ctx, now, team).await?))
}

/// What became of a handover asked for on *Ledelse*.
pub enum HandoverOutcome {
    /// The case is the colleague's now.
    Done {
        case: crate::domain::ids::CaseId,
        to: crate::domain::ids::StaffId,
    },
    /// The colleague cannot take this case (not of its team, its own caseworker, gone).
    NotColleague,
    /// Not a team leader, or not a case of the team: the one 404.
    NotFound,
}

/// A team leader hands a case of the team, chosen from the list, to a colleague chosen from
/// the list: the same rules and the same messages as the chat's `/overdrag`.
pub async fn hand_over(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
    to: crate::domain::ids::StaffId,
) -> Result<HandoverOutcome> {
    if super::report::leader_team(staff).is_none() {
        return Ok(HandoverOutcome::NotFound);
    }
    let Some(case) = access::handover_case_by_code(tx, staff, code).await? else {
        return Ok(HandoverOutcome::NotFound);
    };
    let colleagues = super::handover::colleagues(tx, &case).await?;
    let Some(target) = colleagues.into_iter().find(|s| s.id == to) else {
        return Ok(HandoverOutcome::NotColleague);
    };
    let key = format!(
        "desk:handover:{}:{}:{}",
        case.id.0,
        target.id.0,
        now.timestamp_millis()
    );
    let sending = super::handover::Sending {
        delivery: super::Delivery::Notice,
        key: &key,
    };
    super::handover::hand_over(tx, ctx, now, staff, &case, &target, &sending).await?;
    Ok(HandoverOutcome::Done {
        case: case.id,
        to: target.id,
    })
}
