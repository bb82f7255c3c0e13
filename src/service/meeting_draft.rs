//! The caseworker's agenda draft (dagsordensudkast): read everything since the last meeting
//! from the store into a `render::agenda::AgendaDraft`, and queue it as a short Telegram text
//! plus the printable HTML file. Sent by the scheduler (the working day before) and by
//! `/udkast` (at once), so both send the same.

use chrono::{DateTime, Utc};

use super::{Context, Delivery, Queued, Result, queue};
use crate::domain::alert::{AlertStatus, Decision};
use crate::domain::alert_rules::{Respondent, ScoredAnswer};
use crate::domain::goal::GoalStatus;
use crate::domain::ids::ParticipantId;
use crate::domain::meeting::{MeetingMessage, MeetingStatus};
use crate::domain::participant::Role;
use crate::domain::scale::Score;
use crate::i18n::{Args, Lang};
use crate::render::agenda::{
    self, AgendaDraft, DraftAlert, DraftAssessment, DraftComment, DraftGoal, DraftPerson, DraftRating,
    DraftReport, PersonWishes, RespondentAnswers,
};
use crate::store::{CaseRecord, MeetingRecord, ParticipantRecord, Tx};
use crate::telegram::outgoing::{MAX_CAPTION_CHARS, Outgoing};

/// Reads the draft for `meeting` as the caseworker (in `lang`) will see it.
pub async fn build(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    meeting: &MeetingRecord,
    case: &CaseRecord,
    now: DateTime<Utc>,
) -> Result<AgendaDraft> {
    let meetings = tx.meetings_of_case(case.id).await?;
    let held_before: Vec<&MeetingRecord> = meetings
        .iter()
        .filter(|m| m.status == MeetingStatus::Held && m.at < meeting.at && m.id != meeting.id)
        .collect();
    let previous = held_before.last().copied();
    let since = previous.map(|m| m.at);
    let from = since.unwrap_or(DateTime::<Utc>::MIN_UTC);

    let mut participants = tx.participants_of_case(case.id).await?;
    // The young person first, then parents, then witnesses, each in the order they joined.
    participants.sort_by_key(|p| (role_order(p.role), p.id));
    let label = |p: &ParticipantRecord| super::format::participant_label(ctx, lang, p);
    let find = |id: ParticipantId| participants.iter().find(|p| p.id == id);

    let invitees = tx.invitees(meeting.id).await?;
    let mut people: Vec<DraftPerson> = participants
        .iter()
        .filter(|p| invitees.iter().any(|i| i.participant_id == p.id))
        .map(|p| DraftPerson {
            name: label(p),
            respondent: Some(Respondent::from(p.role)),
        })
        .collect();
    if let Some(staff) = tx.staff(case.caseworker_id).await? {
        people.push(DraftPerson {
            name: staff.name,
            respondent: None,
        });
    }

    let goals = tx.goals_of_case(case.id).await?;
    let mut draft_goals = Vec::new();
    for goal in goals.iter().filter(|g| g.status == GoalStatus::Active) {
        let scale = goal.scale.scale();
        let mut answers = Vec::new();
        for p in &participants {
            let scored: Vec<ScoredAnswer> = tx
                .scored_answers(p.id, goal.id)
                .await?
                .into_iter()
                .filter(|(_, at, _)| *at >= from)
                .filter_map(|(_, at, v)| Score::new(&scale, v).ok().map(|score| ScoredAnswer { at, score }))
                .collect();
            if !scored.is_empty() {
                answers.push(RespondentAnswers {
                    person: label(p),
                    respondent: Respondent::from(p.role),
                    answers: scored,
                });
            }
        }
        draft_goals.push(DraftGoal {
            position: u32::try_from(goal.position).unwrap_or(0),
            wording: goal.youth_text.clone(),
            scale: goal.scale,
            answers,
        });
    }
    let goal_wording = |id| goals.iter().find(|g| g.id == id).map(|g| g.youth_text.clone());

    let mut alerts = Vec::new();
    for alert in tx
        .alerts_of_case(case.id)
        .await?
        .into_iter()
        .filter(|a| a.raised_at >= from && a.status != AlertStatus::Replaced)
    {
        let assessment = tx
            .assessments_of(alert.id)
            .await?
            .pop()
            .and_then(|(decision, reason, _)| {
                Decision::parse(&decision).map(|decision| DraftAssessment {
                    decision,
                    note: reason,
                })
            });
        alerts.push(DraftAlert {
            raised_at: alert.raised_at,
            rule: alert.rule,
            urgent: alert.urgency == crate::domain::alert_rules::Urgency::Urgent,
            person: alert.participant_id.and_then(find).map(label),
            goal: alert.goal_id.and_then(goal_wording),
            assessment,
        });
    }

    let reports = tx
        .reports_since(case.id, from)
        .await?
        .into_iter()
        .map(|r| DraftReport {
            at: r.at,
            person: find(r.participant_id).map(label).unwrap_or_default(),
            goal: r.goal_id.and_then(goal_wording),
            direction: r.direction,
            text: r.text,
        })
        .collect();

    let wishes = invitees
        .iter()
        .filter(|i| !i.wishes.is_empty())
        .map(|i| PersonWishes {
            person: find(i.participant_id).map(label).unwrap_or_default(),
            wishes: i.wishes.clone(),
        })
        .collect();

    let comments = tx
        .comments_since(case.id, from)
        .await?
        .into_iter()
        .map(|n| DraftComment {
            at: n.at,
            person: find(n.participant_id).map(label).unwrap_or_default(),
            text: n.body,
            band: None,
        })
        .collect();

    // "Hvordan var mødet for dig?" after the previous meeting, next to the meeting before it.
    let mut ratings = Vec::new();
    if let Some(previous) = previous {
        let before = held_before.iter().rev().nth(1).copied();
        let earlier = match before {
            Some(m) => tx.invitees(m.id).await?,
            None => Vec::new(),
        };
        for invitee in tx.invitees(previous.id).await? {
            let Some(rating) = invitee.rating else { continue };
            ratings.push(DraftRating {
                person: find(invitee.participant_id).map(label).unwrap_or_default(),
                rating,
                previous: earlier
                    .iter()
                    .find(|e| e.participant_id == invitee.participant_id)
                    .and_then(|e| e.rating),
                // What they wrote about the meeting was written to the caseworker.
                comment: None,
            });
        }
    }

    Ok(AgendaDraft {
        case_code: case.code.to_string(),
        nickname: case.nickname.clone(),
        kind: meeting.kind,
        meeting_at: meeting.at,
        tz: ctx.timezone,
        place: meeting.place.clone(),
        since,
        created_at: now,
        participants: people,
        goals: draft_goals,
        alerts,
        reports,
        wishes,
        comments,
        ratings,
        confidential_left_out: usize::try_from(tx.confidential_notes_since(case.id, from).await?)
            .unwrap_or(0),
        charts: draft_charts(tx, ctx, lang, case, &meetings).await?,
    })
}

fn role_order(role: Role) -> u8 {
    match role {
        Role::Youth => 0,
        Role::Parent => 1,
        Role::Witness => 2,
    }
}

/// The draft as two messages: the short summary and the HTML file.
pub fn messages(ctx: &Context, lang: Lang, draft: &AgendaDraft) -> [Outgoing; 2] {
    let labels = |key: &str| ctx.texts.t(lang, key);
    let caption = ctx.texts.ta(
        lang,
        "meeting-draft-file-caption",
        Args::new()
            .with("code", draft.case_code.clone())
            .with("nickname", draft.nickname.clone()),
    );
    [
        Outgoing::Text {
            text: agenda::summary_text(draft, &labels),
            buttons: Vec::new(),
        },
        Outgoing::Document {
            caption: caption.chars().take(MAX_CAPTION_CHARS).collect(),
            file_name: agenda::file_name(draft, &labels),
            content: agenda::to_html(draft, &labels).into_bytes(),
        },
    ]
}

/// The scheduled draft, the working day before the meeting.
pub async fn send_scheduled(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    meeting: &MeetingRecord,
) -> Result<bool> {
    let Some(case) = tx.case(meeting.case_id).await? else {
        return Ok(false);
    };
    let Some(staff) = tx.staff(case.caseworker_id).await? else {
        return Ok(false);
    };
    let Some(chat) = staff.telegram_user_id else {
        return Ok(false);
    };
    let draft = build(tx, ctx, staff.lang, meeting, &case, now).await?;
    let key = MeetingMessage::Draft.dedup_key(meeting.id, meeting.revision, staff.id.0);
    for (part, message) in messages(ctx, staff.lang, &draft).iter().enumerate() {
        queue(
            tx,
            ctx,
            Queued {
                key: &format!("{key}:{part}"),
                chat_id: chat.0,
                participant: None,
                message,
                delivery: Delivery::Notice,
            },
            now,
        )
        .await?;
    }
    Ok(true)
}

/// The caseworker's progress pictures, one per goal laid out for paper, so the printed draft
/// carries them.
async fn draft_charts(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    case: &CaseRecord,
    meetings: &[MeetingRecord],
) -> Result<Vec<(String, Vec<u8>)>> {
    let dates: Vec<DateTime<Utc>> = meetings
        .iter()
        .filter(|m| m.status != MeetingStatus::Cancelled)
        .map(|m| m.at)
        .collect();
    super::progress::print_pictures(tx, ctx, lang, case, &dates).await
}
