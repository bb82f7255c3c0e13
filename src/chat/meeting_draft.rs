//! The caseworker's agenda draft (dagsordensudkast): read everything since the last meeting
//! from the store into a `render::agenda::AgendaDraft`, and queue it as a short Telegram text
//! plus the printable HTML file. Used by the scheduler (the working day before) and by
//! `/udkast` (at once), so both send the same.

use chrono::{DateTime, Utc};

use super::command::first_word;
use super::{ChatContext, ChatResult, Turn, queue};
use crate::domain::alert::{AlertStatus, Decision};
use crate::domain::alert_rules::{Respondent, ScoredAnswer};
use crate::domain::goal::GoalStatus;
use crate::domain::ids::{NoteId, ParticipantId};
use crate::domain::meeting::{MeetingMessage, MeetingStatus};
use crate::domain::participant::Role;
use crate::domain::scale::Score;
use crate::i18n::{Args, Lang};
use crate::render::agenda::{
    self, AgendaDraft, DraftAlert, DraftAssessment, DraftComment, DraftGoal, DraftPerson, DraftRating,
    DraftReport, PersonWishes, RespondentAnswers,
};
use crate::store::{
    Actor, AuditEntry, CaseRecord, MeetingRecord, ParticipantRecord, Priority, StaffRecord, Tx,
};
use crate::telegram::outgoing::{MAX_CAPTION_CHARS, Outgoing};

/// Reads the draft for `meeting` as the caseworker (in `lang`) will see it.
pub async fn build(
    tx: &mut Tx,
    ctx: &ChatContext,
    lang: Lang,
    meeting: &MeetingRecord,
    case: &CaseRecord,
    now: DateTime<Utc>,
) -> ChatResult<AgendaDraft> {
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
    let label = |p: &ParticipantRecord| super::staff_label(ctx, lang, p);
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

/// "Tag med på mødet": the caseworker takes one text a participant wrote to the agenda draft.
/// Only the case's own caseworker may.
pub async fn put_note_on_agenda(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    note: NoteId,
) -> ChatResult<Option<String>> {
    let Some(case) = super::access::case_of_own_note(turn, staff, note).await? else {
        tracing::warn!(note_id = %note, staff_id = %staff.id, "note button from someone else than the caseworker; refused");
        return Ok(Some(turn.t("button-expired")));
    };
    let case_id = case.id;
    if !turn.tx.put_note_on_agenda(note, turn.now).await? {
        return Ok(Some(turn.t("note-already-on-agenda")));
    }
    turn.tx
        .audit(AuditEntry {
            at: turn.now,
            actor: Actor::Staff(staff.id),
            action: "note.on_agenda",
            case_id: Some(case_id),
            subject: Some(("note", note.0)),
        })
        .await?;
    let text = turn.t("note-on-agenda");
    turn.reply(text, Vec::new()).await?;
    Ok(None)
}

/// The draft as two messages: the short summary and the HTML file.
pub fn messages(ctx: &ChatContext, lang: Lang, draft: &AgendaDraft) -> [Outgoing; 2] {
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
    ctx: &ChatContext,
    now: DateTime<Utc>,
    meeting: &MeetingRecord,
) -> ChatResult<bool> {
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
            &format!("{key}:{part}"),
            chat.0,
            None,
            message,
            now,
            Priority::Normal,
            now,
        )
        .await?;
    }
    Ok(true)
}

/// `/udkast <kode>`: the draft for the case's next meeting, at once.
pub async fn on_demand(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, _) = first_word(args);
    if code.is_empty() {
        let text = turn.t("draft-usage");
        return turn.reply(text, Vec::new()).await;
    }
    let Some(case) = super::meeting::own_case(turn, staff, code).await? else {
        let text = turn.t("case-not-found");
        return turn.reply(text, Vec::new()).await;
    };
    super::access::audit_read(turn, staff, "read.draft", Some(case.id)).await?;
    let planned: Vec<MeetingRecord> = turn
        .tx
        .meetings_of_case(case.id)
        .await?
        .into_iter()
        .filter(|m| m.status == MeetingStatus::Planned)
        .collect();
    // The next meeting ahead; else one that has started but is not registered yet.
    let meeting = planned
        .iter()
        .find(|m| m.at >= turn.now)
        .or_else(|| planned.last())
        .cloned();
    let Some(meeting) = meeting else {
        let text = turn.ta(
            "draft-no-meeting",
            Args::new().with("code", case.code.to_string()),
        );
        return turn.reply(text, Vec::new()).await;
    };
    let draft = build(turn.tx, turn.ctx, turn.lang, &meeting, &case, turn.now).await?;
    let chat = turn.chat_id;
    for message in messages(turn.ctx, turn.lang, &draft) {
        turn.send(chat, None, message).await?;
    }
    Ok(())
}

/// The caseworker's progress pictures, so the printed draft carries them.
async fn draft_charts(
    tx: &mut Tx,
    ctx: &ChatContext,
    lang: Lang,
    case: &CaseRecord,
    meetings: &[MeetingRecord],
) -> ChatResult<Vec<(String, Vec<u8>)>> {
    let dates: Vec<DateTime<Utc>> = meetings
        .iter()
        .filter(|m| m.status != MeetingStatus::Cancelled)
        .map(|m| m.at)
        .collect();
    let pictures = super::progress::case_pictures(tx, ctx, lang, case, &dates).await?;
    Ok(pictures
        .into_iter()
        .filter_map(|p| match p {
            Outgoing::Photo { caption, png } => Some((caption, png)),
            _ => None,
        })
        .collect())
}
