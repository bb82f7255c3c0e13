//! The caseworker's commands: cases, goals, invitations. Each works with arguments in one line,
//! or, sent bare, as a short guided conversation with buttons.

mod cases;
mod checkins;
mod goals;
mod invites;
mod report;

use self::{cases::*, checkins::*, goals::*, invites::*, report::*};
#[allow(clippy::wildcard_imports)]
use crate::chat::access::Refusal;
use crate::chat::{Delivery, Queued};
use rand::SeedableRng;

use super::command::Action;
use super::conversation::{Conversation, GoalPurpose, Purpose};
use super::{ChatContext, ChatResult, Turn};
use crate::domain::case::{CaseCode, NICKNAME_MAX};
use crate::domain::goal::{FocusArea, GOAL_TEXT_MAX, GoalStatus, MAX_ACTIVE_GOALS};
use crate::domain::ids::{CaseId, ParticipantId};
use crate::domain::invite::INVITE_VALIDITY_DAYS;
use crate::domain::participant::{NAME_MAX, ParticipantStatus, Role};
use crate::domain::scale::ScaleKind;
use crate::domain::text::clean_line;
use crate::i18n::{Args, Lang};
use crate::service::buttons::Callback;
use crate::service::format::participant_label;
use crate::store::{CaseRecord, ParticipantRecord, StaffRecord, StoreError};
use crate::telegram::outgoing::{Button, Keyboard};

pub(crate) use goals::accept_network_wording;
pub(crate) use invites::remove_participant;
pub use report::answer_management_report;

/// A staff command from the table (`chat::command::COMMANDS`) with its arguments.
pub async fn command(turn: &mut Turn<'_>, staff: &StaffRecord, action: Action, args: &str) -> ChatResult<()> {
    // A new command abandons any half-finished guided conversation.
    turn.clear_conversation().await?;
    match action {
        Action::NewCase => new_case(turn, staff, args).await,
        Action::Goal => add_goal(turn, staff, args).await,
        Action::Invite => invite(turn, staff, args).await,
        Action::Cases => list_cases(turn, staff).await,
        Action::Case => show_case(turn, staff, args).await,
        Action::Alerts => super::alerts::list(turn, staff).await,
        Action::Rhythm => set_rhythm(turn, staff, args).await,
        Action::CheckinNow => checkin_now(turn, staff, args).await,
        Action::WitnessText => witness_text(turn, staff, args).await,
        Action::Scale => set_scale(turn, staff, args).await,
        Action::Desk => super::desk::sign_in_link(turn, staff).await,
        Action::LeaderReport => leader_report(turn, staff).await,
        Action::Close => super::lifecycle::close_command(turn, staff, args).await,
        Action::Journal => super::lifecycle::journal_command(turn, staff, args).await,
        Action::Handover => super::staff_changes::handover_command(turn, staff, args).await,
        Action::Absence => super::staff_changes::absence_command(turn, staff, args).await,
        Action::Meeting | Action::Meetings | Action::Draft | Action::Calls | Action::Statutory => {
            super::meeting::command(turn, staff, action, args).await
        }
        // Everyone's and participants' commands are routed before a staff member gets here.
        Action::Start
        | Action::Help
        | Action::Cancel
        | Action::Mine
        | Action::Report
        | Action::Call
        | Action::Pause
        | Action::Stop => turn.reply_key("unknown-command").await,
    }
}

/// Plain text from staff: the next answer in a guided conversation, or a hint.
pub async fn text(turn: &mut Turn<'_>, staff: &StaffRecord, text: &str) -> ChatResult<()> {
    match turn.conversation().await? {
        Some(Conversation::NewCaseNickname) => {
            turn.clear_conversation().await?;
            new_case(turn, staff, text).await
        }
        Some(Conversation::GoalText { case, area }) => {
            turn.clear_conversation().await?;
            let Some(case) = super::access::own_case(turn, staff, case).await? else {
                return turn.refuse(Refusal::CaseNotFound).await;
            };
            let area = FocusArea::parse(&area).unwrap_or(FocusArea::Other);
            create_goal(turn, staff, &case, area, text).await
        }
        Some(Conversation::InviteRelation { case }) => match clean_line(text, NAME_MAX) {
            Ok(relation) => ask_name(turn, case, Role::Witness, Some(relation)).await,
            Err(error) => turn.reply_text_error(error, NAME_MAX).await,
        },
        Some(Conversation::AssessReason { alert }) => {
            super::alerts::assess_reason(turn, staff, alert, text).await
        }
        Some(Conversation::InviteName { case, role, relation }) => {
            turn.clear_conversation().await?;
            let Some(case) = super::access::own_case(turn, staff, case).await? else {
                return turn.refuse(Refusal::CaseNotFound).await;
            };
            let role = Role::parse_key(&role).unwrap_or(Role::Witness);
            create_invite(turn, staff, &case, role, relation.as_deref(), Some(text)).await
        }
        Some(Conversation::Meeting(step)) => super::meeting::staff_text(turn, staff, step, text).await,
        Some(Conversation::Call(step)) => super::calls::staff_text(turn, staff, step, text).await,
        Some(Conversation::Handover { case }) => {
            // The colleague's name typed instead of tapped.
            turn.clear_conversation().await?;
            let Some(case) = super::access::handover_case(turn, staff, case).await? else {
                return turn.refuse(Refusal::CaseNotFound).await;
            };
            let args = format!("{} {text}", case.code);
            super::staff_changes::handover_command(turn, staff, &args).await
        }
        // These two steps stay open after an answer they cannot use (a rhythm not understood,
        // a wording too long), with "Annuller" under the answer; a good answer ends them.
        Some(Conversation::RhythmText { case, role }) => {
            let state = Conversation::RhythmText {
                case,
                role: role.clone(),
            };
            let (Some(case), Some(role)) = (
                super::access::own_case(turn, staff, case).await?,
                Role::parse_key(&role),
            ) else {
                turn.clear_conversation().await?;
                return turn.refuse(Refusal::CaseNotFound).await;
            };
            turn.set_conversation(&state).await?;
            apply_rhythm(turn, staff, &case, role, text).await
        }
        Some(Conversation::WitnessText { goal }) => {
            let state = Conversation::WitnessText { goal };
            let Some((goal, case)) = super::access::own_goal(turn, staff, goal).await? else {
                turn.clear_conversation().await?;
                return turn.refuse(Refusal::GoalNotFound).await;
            };
            turn.set_conversation(&state).await?;
            apply_witness_text(turn, staff, &case, &goal, text).await
        }
        _ => turn.reply_key("staff-hint").await,
    }
}

pub async fn callback(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    callback: Callback,
) -> ChatResult<Option<String>> {
    let state = turn.conversation().await?;
    match (state, callback) {
        (Some(Conversation::PickCase { purpose }), Callback::PickCase(case_id)) => {
            let Some(case) = super::access::visible_case(turn, staff, case_id).await? else {
                return Ok(turn.refused(Refusal::CaseNotFound));
            };
            turn.clear_conversation().await?;
            match purpose {
                Purpose::Show => {
                    super::access::audit_read(turn, staff, "read.case", Some(case.id)).await?;
                    describe_case(turn, &case).await?
                }
                Purpose::Goal if case.caseworker_id == staff.id => ask_area(turn, case.id).await?,
                Purpose::Invite if case.caseworker_id == staff.id => ask_role(turn, case.id).await?,
                Purpose::Checkin if case.caseworker_id == staff.id => {
                    let code = case.code.to_string();
                    checkin_now(turn, staff, &code).await?
                }
                Purpose::Close if case.caseworker_id == staff.id => {
                    let code = case.code.to_string();
                    super::lifecycle::close_command(turn, staff, &code).await?
                }
                Purpose::Journal if case.caseworker_id == staff.id => {
                    let code = case.code.to_string();
                    super::lifecycle::journal_command(turn, staff, &code).await?
                }
                Purpose::Draft if case.caseworker_id == staff.id => {
                    let code = case.code.to_string();
                    super::meeting_draft::on_demand(turn, staff, &code).await?
                }
                Purpose::Statutory if case.caseworker_id == staff.id => {
                    let code = case.code.to_string();
                    super::statutory::command(turn, staff, &code).await?
                }
                Purpose::Rhythm if case.caseworker_id == staff.id => ask_rhythm_role(turn, case.id).await?,
                Purpose::WitnessText if case.caseworker_id == staff.id => {
                    ask_goal(turn, &case, GoalPurpose::WitnessText).await?
                }
                Purpose::Scale if case.caseworker_id == staff.id => {
                    ask_goal(turn, &case, GoalPurpose::Scale).await?
                }
                Purpose::Handover => match super::access::handover_case(turn, staff, case.id).await? {
                    Some(case) => super::staff_changes::ask_colleague(turn, &case).await?,
                    None => turn.refuse(Refusal::CaseNotFound).await?,
                },
                _ => turn.refuse(Refusal::CaseNotFound).await?,
            }
            Ok(None)
        }
        (Some(Conversation::GoalArea { case }), Callback::PickArea(area)) => {
            turn.set_conversation(&Conversation::GoalText {
                case,
                area: area.key().to_string(),
            })
            .await?;
            turn.reply_key("ask-goal-text").await?;
            Ok(None)
        }
        (Some(Conversation::InviteRole { case }), Callback::PickRole(role)) => {
            if role == Role::Witness {
                turn.set_conversation(&Conversation::InviteRelation { case })
                    .await?;
                turn.reply_key("ask-relation").await?;
            } else {
                ask_name(turn, case, role, None).await?;
            }
            Ok(None)
        }
        (Some(Conversation::RhythmRole { case }), Callback::PickRole(role)) => {
            ask_rhythm_text(turn, case, role).await?;
            Ok(None)
        }
        (Some(Conversation::PickGoal { case, purpose }), Callback::PickGoal(goal)) => {
            // The goal must be one of this case's, and the case still the caseworker's own.
            match super::access::own_goal(turn, staff, goal).await? {
                Some((goal, _)) if goal.case_id == case => goal_picked(turn, &goal, purpose).await?,
                _ => return Ok(turn.refused(Refusal::GoalNotFound)),
            }
            Ok(None)
        }
        (Some(Conversation::PickScale { goal }), Callback::PickScale(scale)) => {
            turn.clear_conversation().await?;
            let Some((goal, case)) = super::access::own_goal(turn, staff, goal).await? else {
                return Ok(turn.refused(Refusal::GoalNotFound));
            };
            apply_scale(turn, staff, &case, &goal, scale).await?;
            Ok(None)
        }
        (Some(Conversation::InviteName { case, role, relation }), Callback::SkipName) => {
            turn.clear_conversation().await?;
            let Some(case) = super::access::own_case(turn, staff, case).await? else {
                return Ok(turn.refused(Refusal::CaseNotFound));
            };
            let role = Role::parse_key(&role).unwrap_or(Role::Witness);
            create_invite(turn, staff, &case, role, relation.as_deref(), None).await?;
            Ok(None)
        }
        _ => Ok(turn.refused(Refusal::Expired)),
    }
}

async fn audit(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    action: &'static str,
    case: CaseId,
    subject: (&'static str, i64),
) -> ChatResult<()> {
    super::access::audit_staff(turn.tx, turn.now, staff, action, Some(case), Some(subject)).await
}
