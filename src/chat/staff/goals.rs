//! Goals: `/maal` (a new goal, in one line or guided by focus area), the wording parents and
//! witnesses see ("Brug forslaget", `/vidnetekst`), and `/skala`.

use super::*;
use crate::chat::access::Refusal;
use crate::chat::args::{self, CaseArg, GoalArgs, Word};
use crate::chat::conversation::GoalPurpose;
use crate::store::GoalRecord;

pub(super) async fn add_goal(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let GoalArgs {
        case,
        area,
        text: goal_text,
    } = args::goal(args);
    let CaseArg::Typed(code) = case else {
        return crate::chat::pick_case::pick_case(turn, staff, Purpose::Goal).await;
    };
    let Some(case) = crate::chat::access::own_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let area = match area {
        Word::Missing => return ask_area(turn, case.id).await,
        Word::Known(area) => area,
        Word::Unknown => {
            let text = turn.ta("unknown-area", Args::new().with("areas", area_list()));
            return turn.reply(text, Vec::new()).await;
        }
    };
    if goal_text.is_empty() {
        turn.set_conversation(&Conversation::GoalText {
            case: case.id,
            area: area.key().to_string(),
        })
        .await?;
        return turn.reply_key("ask-goal-text").await;
    }
    create_goal(turn, staff, &case, area, goal_text).await
}

pub(super) async fn create_goal(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    area: FocusArea,
    text: &str,
) -> ChatResult<()> {
    let goal_text = match clean_line(text, GOAL_TEXT_MAX) {
        Ok(t) => t,
        Err(error) => return turn.reply_text_error(error, GOAL_TEXT_MAX).await,
    };
    let active = turn
        .tx
        .goals_of_case(case.id)
        .await?
        .iter()
        .filter(|g| g.status == GoalStatus::Active)
        .count();
    if active >= MAX_ACTIVE_GOALS {
        let text = turn.ta("too-many-goals", Args::new().with("max", MAX_ACTIVE_GOALS));
        return turn.reply(text, Vec::new()).await;
    }
    let goal_id = turn
        .tx
        .add_goal(case.id, area, &goal_text, ScaleKind::ZeroToTen, turn.now)
        .await?;
    audit(turn, staff, "goal.added", case.id, ("goal", goal_id.0)).await?;
    let position = turn
        .tx
        .goal(goal_id)
        .await?
        .map_or(active as i64 + 1, |g| g.position);
    let suggestion = network_wording(turn, &case.nickname, &goal_text);
    let added = turn.ta(
        "goal-added",
        Args::new()
            .with("code", case.code.to_string())
            .with("area", area_name(turn, area))
            .with("text", goal_text)
            .with("count", active + 1),
    );
    let ask = turn.ta(
        "goal-ask-network-wording",
        Args::new()
            .with("suggestion", suggestion)
            .with("code", case.code.to_string())
            .with("position", position),
    );
    let buttons = vec![vec![Button::callback(
        turn.t("goal-accept-network-wording"),
        Callback::NetworkWording(goal_id).encode(),
    )]];
    turn.reply(format!("{added}\n\n{ask}"), buttons).await
}

/// The wording parents and witnesses see by default: a quote of the young person's own
/// words, "Leas mål: «Jeg kommer i skole hver dag»".
pub(super) fn network_wording(turn: &Turn<'_>, nickname: &str, youth_text: &str) -> String {
    turn.ta(
        "goal-network-suggestion",
        Args::new()
            .with("owner", crate::i18n::possessive(turn.lang, nickname))
            .with("text", youth_text.to_string()),
    )
}

/// "Brug forslaget": the quoted wording becomes what parents and witnesses see, in one tap.
pub(crate) async fn accept_network_wording(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    goal: crate::domain::ids::GoalId,
) -> ChatResult<Option<String>> {
    let Some((record, case)) = crate::chat::access::own_goal(turn, staff, goal).await? else {
        tracing::warn!(goal_id = %goal, staff_id = %staff.id, "goal button from someone else than the caseworker; refused");
        return Ok(turn.refused(Refusal::Expired));
    };
    let wording = network_wording(turn, &case.nickname, &record.youth_text);
    turn.tx
        .set_goal_witness_text(goal, Some(&wording), turn.now)
        .await?;
    audit(turn, staff, "goal.changed", case.id, ("goal", goal.0)).await?;
    let text = turn.ta(
        "witness-text-set",
        Args::new()
            .with("position", record.position)
            .with("text", wording),
    );
    turn.reply(text, Vec::new()).await?;
    Ok(None)
}

pub(super) async fn ask_area(turn: &mut Turn<'_>, case: CaseId) -> ChatResult<()> {
    turn.set_conversation(&Conversation::GoalArea { case }).await?;
    let buttons: Keyboard = FocusArea::ALL
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|a| Button::callback(area_name(turn, *a), Callback::PickArea(*a).encode()))
                .collect()
        })
        .collect();
    let text = turn.t("ask-area");
    turn.reply(text, buttons).await
}

pub(super) fn area_name(turn: &Turn<'_>, area: FocusArea) -> String {
    turn.t(&format!("area-{}", area.key()))
}

pub(super) fn area_list() -> String {
    FocusArea::ALL
        .iter()
        .map(|a| a.key())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `/vidnetekst <kode> <nr> <tekst>`: the wording witnesses and parents see for a goal. Sent
/// bare, it asks for the case, the goal and the wording.
pub(super) async fn witness_text(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let args::WitnessTextArgs { case, position, text } = args::witness_text(args);
    let CaseArg::Typed(code) = case else {
        return crate::chat::pick_case::pick_case(turn, staff, Purpose::WitnessText).await;
    };
    let Some(case) = crate::chat::access::own_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let Some(goal) = goal_by_number(turn, &case, position).await? else {
        return turn.refuse(Refusal::GoalNotFound).await;
    };
    if text.is_empty() {
        return ask_witness_text(turn, &goal).await;
    }
    apply_witness_text(turn, staff, &case, &goal, text).await
}

/// The wording typed (or given on the command line) becomes what parents and witnesses see.
pub(super) async fn apply_witness_text(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    goal: &GoalRecord,
    text: &str,
) -> ChatResult<()> {
    let wording = match clean_line(text, GOAL_TEXT_MAX) {
        Ok(t) => t,
        Err(error) => return turn.reply_text_error(error, GOAL_TEXT_MAX).await,
    };
    turn.clear_conversation().await?;
    turn.tx
        .set_goal_witness_text(goal.id, Some(&wording), turn.now)
        .await?;
    audit(turn, staff, "goal.changed", case.id, ("goal", goal.id.0)).await?;
    let text = turn.ta(
        "witness-text-set",
        Args::new().with("position", goal.position).with("text", wording),
    );
    turn.reply(text, Vec::new()).await
}

/// "Skriv den ordlyd …", with the wording they see today.
async fn ask_witness_text(turn: &mut Turn<'_>, goal: &GoalRecord) -> ChatResult<()> {
    turn.set_conversation(&Conversation::WitnessText { goal: goal.id })
        .await?;
    let current = goal
        .witness_text
        .clone()
        .unwrap_or_else(|| goal.youth_text.clone());
    let text = turn.ta(
        "witness-text-ask",
        Args::new()
            .with("position", goal.position)
            .with("current", current),
    );
    turn.reply(text, Vec::new()).await
}

/// `/skala <kode> <nr> <0-10|aarhus-0-4|5-trin>`: another scale for a goal. Sent bare, it asks
/// for the case, the goal and the scale (as buttons).
pub(super) async fn set_scale(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let args::ScaleArgs {
        case,
        position,
        scale,
    } = args::scale(args);
    let CaseArg::Typed(code) = case else {
        return crate::chat::pick_case::pick_case(turn, staff, Purpose::Scale).await;
    };
    let Some(case) = crate::chat::access::own_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    let Some(goal) = goal_by_number(turn, &case, position).await? else {
        return turn.refuse(Refusal::GoalNotFound).await;
    };
    let Ok(scale) = scale else {
        return turn.reply_key("unknown-scale").await;
    };
    apply_scale(turn, staff, &case, &goal, scale).await
}

pub(super) async fn apply_scale(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    goal: &GoalRecord,
    scale: ScaleKind,
) -> ChatResult<()> {
    turn.tx.set_goal_scale(goal.id, scale, turn.now).await?;
    audit(turn, staff, "goal.changed", case.id, ("goal", goal.id.0)).await?;
    let text = turn.ta(
        "scale-set",
        Args::new()
            .with("position", goal.position)
            .with("scale", turn.t(&format!("scale-name-{}", scale.key()))),
    );
    turn.reply(text, Vec::new()).await
}

/// A goal's button shows its number and the start of the young person's words.
const GOAL_BUTTON_CHARS: usize = 48;

/// "Hvilket mål?": a button per active goal of the case (`/vidnetekst`, `/skala` guided).
pub(super) async fn ask_goal(turn: &mut Turn<'_>, case: &CaseRecord, purpose: GoalPurpose) -> ChatResult<()> {
    let goals: Vec<GoalRecord> = turn
        .tx
        .goals_of_case(case.id)
        .await?
        .into_iter()
        .filter(|g| g.status == GoalStatus::Active)
        .collect();
    if goals.is_empty() {
        let text = turn.ta("ask-goal-none", Args::new().with("code", case.code.to_string()));
        return turn.reply(text, Vec::new()).await;
    }
    turn.set_conversation(&Conversation::PickGoal {
        case: case.id,
        purpose,
    })
    .await?;
    let buttons: Keyboard = goals
        .iter()
        .map(|g| {
            let label = format!(
                "{}. {}",
                g.position,
                crate::domain::text::shorten(&g.youth_text, GOAL_BUTTON_CHARS)
            );
            vec![Button::callback(label, Callback::PickGoal(g.id).encode())]
        })
        .collect();
    let text = turn.t("ask-goal");
    turn.reply(text, buttons).await
}

/// The goal is picked: ask for what `purpose` changes.
pub(super) async fn goal_picked(
    turn: &mut Turn<'_>,
    goal: &GoalRecord,
    purpose: GoalPurpose,
) -> ChatResult<()> {
    match purpose {
        GoalPurpose::WitnessText => ask_witness_text(turn, goal).await,
        GoalPurpose::Scale => {
            turn.set_conversation(&Conversation::PickScale { goal: goal.id })
                .await?;
            let buttons: Keyboard = ScaleKind::ALL
                .iter()
                .map(|s| {
                    vec![Button::callback(
                        turn.t(&format!("scale-name-{}", s.key())),
                        Callback::PickScale(*s).encode(),
                    )]
                })
                .collect();
            let text = turn.ta("scale-ask", Args::new().with("position", goal.position));
            turn.reply(text, buttons).await
        }
    }
}

pub(super) async fn goal_by_number(
    turn: &mut Turn<'_>,
    case: &CaseRecord,
    position: Option<i64>,
) -> ChatResult<Option<GoalRecord>> {
    let Some(position) = position else {
        return Ok(None);
    };
    Ok(turn
        .tx
        .goals_of_case(case.id)
        .await?
        .into_iter()
        .find(|g| g.position == position))
}
