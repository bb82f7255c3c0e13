//! The caseworker's commands: cases, goals, invitations. Each works with arguments in one line,
//! or, sent bare, as a short guided conversation with buttons.

use rand::SeedableRng;

use super::command::{CommandLine, first_word};
use super::conversation::{Conversation, Purpose};
use super::{ChatContext, ChatResult, Turn};
use crate::domain::case::{CaseCode, NICKNAME_MAX};
use crate::domain::goal::{FocusArea, GOAL_TEXT_MAX, GoalStatus, MAX_ACTIVE_GOALS};
use crate::domain::ids::{CaseId, ParticipantId};
use crate::domain::invite::{INVITE_VALIDITY_DAYS, InviteToken, expiry_from};
use crate::domain::participant::{NAME_MAX, ParticipantStatus, Role};
use crate::domain::scale::ScaleKind;
use crate::domain::staff::StaffRole;
use crate::domain::text::clean_line;
use crate::i18n::{Args, Lang};
use crate::service::buttons::Callback;
use crate::service::format::participant_label;
use crate::store::{CaseRecord, InviteTarget, ParticipantRecord, StaffRecord, StoreError};
use crate::telegram::outgoing::{Button, Keyboard};

const STAFF_COMMANDS: [&str; 15] = [
    "luk",
    "journal",
    "ledelse",
    "overdrag",
    "fravaer",
    "nysag",
    "maal",
    "inviter",
    "sager",
    "sag",
    "alarmer",
    "rytme",
    "tjekind",
    "vidnetekst",
    "skala",
];

pub fn is_staff_command(name: &str) -> bool {
    STAFF_COMMANDS.contains(&name) || super::meeting::is_staff_command(name)
}

pub async fn command(turn: &mut Turn<'_>, staff: &StaffRecord, cmd: &CommandLine<'_>) -> ChatResult<()> {
    // A new command abandons any half-finished guided conversation.
    turn.clear_conversation().await?;
    match cmd.name.as_str() {
        "nysag" => new_case(turn, staff, cmd.args).await,
        "maal" => add_goal(turn, staff, cmd.args).await,
        "inviter" => invite(turn, staff, cmd.args).await,
        "sager" => list_cases(turn, staff).await,
        "sag" => show_case(turn, staff, cmd.args).await,
        "alarmer" => super::alerts::list(turn, staff).await,
        "rytme" => set_rhythm(turn, staff, cmd.args).await,
        "tjekind" => checkin_now(turn, staff, cmd.args).await,
        "vidnetekst" => witness_text(turn, staff, cmd.args).await,
        "skala" => set_scale(turn, staff, cmd.args).await,
        "ledelse" => leader_report(turn, staff).await,
        "luk" => super::lifecycle::close_command(turn, staff, cmd.args).await,
        "journal" => super::lifecycle::journal_command(turn, staff, cmd.args).await,
        "overdrag" => super::staff_changes::handover_command(turn, staff, cmd.args).await,
        "fravaer" | "fravær" => super::staff_changes::absence_command(turn, staff, cmd.args).await,
        name if super::meeting::is_staff_command(name) => super::meeting::command(turn, staff, cmd).await,
        _ => turn.reply_key("unknown-command").await,
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
                return turn.reply_key("case-not-found").await;
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
                return turn.reply_key("case-not-found").await;
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
                return turn.reply_key("case-not-found").await;
            };
            let args = format!("{} {text}", case.code);
            super::staff_changes::handover_command(turn, staff, &args).await
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
                return Ok(Some(turn.t("case-not-found")));
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
                Purpose::Handover => match super::access::handover_case(turn, staff, case.id).await? {
                    Some(case) => super::staff_changes::ask_colleague(turn, &case).await?,
                    None => turn.reply_key("case-not-found").await?,
                },
                _ => turn.reply_key("case-not-found").await?,
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
        (Some(Conversation::InviteName { case, role, relation }), Callback::SkipName) => {
            turn.clear_conversation().await?;
            let Some(case) = super::access::own_case(turn, staff, case).await? else {
                return Ok(Some(turn.t("case-not-found")));
            };
            let role = Role::parse_key(&role).unwrap_or(Role::Witness);
            create_invite(turn, staff, &case, role, relation.as_deref(), None).await?;
            Ok(None)
        }
        _ => Ok(Some(turn.t("button-expired"))),
    }
}

// ---- /nysag ----

async fn new_case(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    if args.trim().is_empty() {
        turn.set_conversation(&Conversation::NewCaseNickname).await?;
        return turn.reply_key("ask-nickname").await;
    }
    let nickname = match clean_line(args, NICKNAME_MAX) {
        Ok(n) => n,
        Err(error) => return turn.reply_text_error(error, NICKNAME_MAX).await,
    };
    // Codes are random; on the rare collision draw again. The seed comes from the OS.
    let mut rng = rand::rngs::StdRng::from_entropy();
    let mut created = None;
    for _ in 0..8 {
        let code = CaseCode::generate(&mut rng);
        match turn.tx.create_case(&code, &nickname, staff.id, turn.now).await {
            Ok(id) => {
                created = Some((id, code));
                break;
            }
            Err(StoreError::Conflict) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    let Some((case_id, code)) = created else {
        tracing::error!(staff_id = %staff.id, "no free case code after 8 draws");
        return turn.reply_key("try-again").await;
    };
    audit(turn, staff, "case.created", case_id, ("case", case_id.0)).await?;
    let text = turn.ta(
        "case-created",
        Args::new()
            .with("code", code.to_string())
            .with("nickname", nickname),
    );
    turn.reply(text, Vec::new()).await
}

// ---- /maal ----

async fn add_goal(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, rest) = first_word(args);
    if code.is_empty() {
        return super::pick_case::pick_case(turn, staff, Purpose::Goal).await;
    }
    let Some(case) = super::access::own_case_by_code(turn, staff, code).await? else {
        return turn.reply_key("case-not-found").await;
    };
    let (area_word, goal_text) = first_word(rest);
    if area_word.is_empty() {
        return ask_area(turn, case.id).await;
    }
    let Some(area) = FocusArea::parse(area_word) else {
        let text = turn.ta("unknown-area", Args::new().with("areas", area_list()));
        return turn.reply(text, Vec::new()).await;
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

async fn create_goal(
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
fn network_wording(turn: &Turn<'_>, nickname: &str, youth_text: &str) -> String {
    turn.ta(
        "goal-network-suggestion",
        Args::new()
            .with("owner", crate::i18n::possessive(turn.lang, nickname))
            .with("text", youth_text.to_string()),
    )
}

/// "Brug forslaget": the quoted wording becomes what parents and witnesses see, in one tap.
pub(super) async fn accept_network_wording(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    goal: crate::domain::ids::GoalId,
) -> ChatResult<Option<String>> {
    let Some((record, case)) = super::access::own_goal(turn, staff, goal).await? else {
        tracing::warn!(goal_id = %goal, staff_id = %staff.id, "goal button from someone else than the caseworker; refused");
        return Ok(Some(turn.t("button-expired")));
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

async fn ask_area(turn: &mut Turn<'_>, case: CaseId) -> ChatResult<()> {
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

fn area_name(turn: &Turn<'_>, area: FocusArea) -> String {
    turn.t(&format!("area-{}", area.key()))
}

fn area_list() -> String {
    FocusArea::ALL
        .iter()
        .map(|a| a.key())
        .collect::<Vec<_>>()
        .join(", ")
}

// ---- /inviter ----

async fn invite(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, rest) = first_word(args);
    if code.is_empty() {
        return super::pick_case::pick_case(turn, staff, Purpose::Invite).await;
    }
    let Some(case) = super::access::own_case_by_code(turn, staff, code).await? else {
        return turn.reply_key("case-not-found").await;
    };
    let (role_word, rest) = first_word(rest);
    if role_word.is_empty() {
        return ask_role(turn, case.id).await;
    }
    let Some(role) = Role::parse_command_word(role_word) else {
        return turn.reply_key("unknown-role").await;
    };
    let (relation, name) = if role == Role::Witness {
        let (relation, name) = first_word(rest);
        if relation.is_empty() {
            turn.set_conversation(&Conversation::InviteRelation { case: case.id })
                .await?;
            return turn.reply_key("ask-relation").await;
        }
        (Some(relation), name)
    } else {
        (None, rest)
    };
    let name = (!name.is_empty()).then_some(name);
    create_invite(turn, staff, &case, role, relation, name).await
}

async fn ask_role(turn: &mut Turn<'_>, case: CaseId) -> ChatResult<()> {
    turn.set_conversation(&Conversation::InviteRole { case }).await?;
    let mut buttons: Keyboard = vec![
        Role::ALL
            .iter()
            .map(|r| {
                Button::callback(
                    turn.t(&format!("role-{}", r.key())),
                    Callback::PickRole(*r).encode(),
                )
            })
            .collect(),
    ];
    let mut text = turn.t("ask-role");
    // Open invitations can be revoked here, during their 14 days.
    let open: Vec<ParticipantRecord> = turn
        .tx
        .participants_of_case(case)
        .await?
        .into_iter()
        .filter(|p| p.status == ParticipantStatus::Invited)
        .collect();
    if !open.is_empty() {
        text.push_str("\n\n");
        text.push_str(&turn.t("open-invites"));
    }
    for p in &open {
        let who = participant_label(turn.ctx, turn.lang, p);
        let label = turn.ta("revoke-invite-button", Args::new().with("who", who));
        buttons.push(vec![Button::callback(
            label,
            Callback::RemoveParticipant(p.id).encode(),
        )]);
    }
    turn.reply(text, buttons).await
}

/// "Fjern" under a join notice, or "Tilbagekald" under an open invitation: the person gets a
/// short neutral message and nothing more. Only the case's own caseworker may.
pub(super) async fn remove_participant(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    participant: ParticipantId,
) -> ChatResult<Option<String>> {
    let Some(p) = turn.tx.participant(participant).await? else {
        return Ok(Some(turn.t("button-expired")));
    };
    let Some(case) = turn
        .tx
        .case(p.case_id)
        .await?
        .filter(|c| c.caseworker_id == staff.id)
    else {
        tracing::warn!(participant_id = %participant, staff_id = %staff.id, "remove button from someone else than the caseworker; refused");
        return Ok(Some(turn.t("button-expired")));
    };
    let Ok(removed) = p.status.remove() else {
        return Ok(Some(turn.t("participant-already-removed")));
    };
    let was_invited = p.status == ParticipantStatus::Invited;
    turn.tx.set_participant_status(p.id, removed, turn.now).await?;
    turn.tx.set_paused_until(p.id, None).await?;
    turn.tx
        .cancel_outbox_for_participant(p.id, "participant removed")
        .await?;
    let action = if was_invited {
        "invite.revoked"
    } else {
        "participant.removed"
    };
    audit(turn, staff, action, case.id, ("participant", p.id.0)).await?;
    if let Some(chat) = p.telegram_user_id.filter(|_| !was_invited) {
        let text = turn.ctx.texts.t(p.lang, "participant-removed-notice");
        let message = crate::telegram::outgoing::Outgoing::Text {
            text,
            buttons: Vec::new(),
        };
        turn.send(chat.0, Some(p.id), message).await?;
    }
    let key = if was_invited {
        "invite-revoked-caseworker"
    } else {
        "participant-removed"
    };
    let who = participant_label(turn.ctx, turn.lang, &p);
    let text = turn.ta(
        key,
        Args::new()
            .with("who", who)
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone()),
    );
    turn.reply(text, Vec::new()).await?;
    Ok(None)
}

async fn ask_name(turn: &mut Turn<'_>, case: CaseId, role: Role, relation: Option<String>) -> ChatResult<()> {
    turn.set_conversation(&Conversation::InviteName {
        case,
        role: role.key().to_string(),
        relation,
    })
    .await?;
    let buttons = vec![vec![Button::callback(
        turn.t("skip-name"),
        Callback::SkipName.encode(),
    )]];
    let text = turn.t("ask-name");
    turn.reply(text, buttons).await
}

async fn create_invite(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    case: &CaseRecord,
    role: Role,
    relation: Option<&str>,
    name: Option<&str>,
) -> ChatResult<()> {
    let relation = match relation.map(|r| clean_line(r, NAME_MAX)).transpose() {
        Ok(r) => r,
        Err(error) => return turn.reply_text_error(error, NAME_MAX).await,
    };
    let name = match name.map(|n| clean_line(n, NAME_MAX)).transpose() {
        Ok(n) => n,
        Err(error) => return turn.reply_text_error(error, NAME_MAX).await,
    };
    let participant_id = turn
        .tx
        .create_participant(
            case.id,
            role,
            name.as_deref(),
            relation.as_deref(),
            turn.ctx.default_lang,
            turn.now,
        )
        .await?;
    let token = InviteToken::generate();
    let invite_id = turn
        .tx
        .create_invite(
            &token.hash(),
            InviteTarget::Participant(participant_id),
            Some(staff.id),
            expiry_from(turn.now),
            turn.now,
        )
        .await?;
    audit(turn, staff, "invite.created", case.id, ("invite", invite_id.0)).await?;
    let what = relation.unwrap_or_else(|| turn.t(&format!("role-{}", role.key())));
    let who = match name {
        Some(name) => format!("{what} ({name})"),
        None => what,
    };
    let mut text = turn.ta(
        "invite-created",
        Args::new()
            .with("who", who)
            .with("code", case.code.to_string())
            .with("link", token.deep_link(&turn.ctx.bot_username))
            .with("days", INVITE_VALIDITY_DAYS),
    );
    if role == Role::Youth {
        text = format!("{text}\n\n{}", turn.t("invite-youth-under-15"));
    }
    turn.reply(text, Vec::new()).await
}

// ---- /sager and /sag ----

async fn list_cases(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    super::access::audit_read(turn, staff, "read.cases", None).await?;
    let cases = turn.tx.cases_visible_to(staff.id).await?;
    if cases.is_empty() {
        return turn.reply_key("no-cases").await;
    }
    let mut lines = vec![turn.ta("case-list-title", Args::new().with("count", cases.len()))];
    for case in &cases {
        let goals = turn.tx.goals_of_case(case.id).await?.len();
        let participants = turn.tx.participants_of_case(case.id).await?;
        let active = participants.iter().filter(|p| p.status.key() == "active").count();
        lines.push(
            turn.ta(
                "case-list-line",
                Args::new()
                    .with("code", case.code.to_string())
                    .with("nickname", case.nickname.clone())
                    .with("goals", goals)
                    .with("active", active)
                    .with("participants", participants.len()),
            ),
        );
    }
    turn.reply(lines.join("\n"), Vec::new()).await
}

async fn show_case(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, _) = first_word(args);
    if code.is_empty() {
        return super::pick_case::pick_case(turn, staff, Purpose::Show).await;
    }
    let Some(case) = super::access::visible_case_by_code(turn, staff, code).await? else {
        return turn.reply_key("case-not-found").await;
    };
    super::access::audit_read(turn, staff, "read.case", Some(case.id)).await?;
    describe_case(turn, &case).await
}

async fn describe_case(turn: &mut Turn<'_>, case: &CaseRecord) -> ChatResult<()> {
    let goals = turn.tx.goals_of_case(case.id).await?;
    let participants = turn.tx.participants_of_case(case.id).await?;
    let mut lines = vec![
        turn.ta(
            "case-title",
            Args::new()
                .with("code", case.code.to_string())
                .with("nickname", case.nickname.clone()),
        ),
    ];
    lines.push(turn.t("case-goals-heading"));
    if goals.is_empty() {
        lines.push(turn.t("case-no-goals"));
    }
    for goal in goals.iter().filter(|g| g.status == GoalStatus::Active) {
        lines.push(
            turn.ta(
                "case-goal-line",
                Args::new()
                    .with("position", goal.position)
                    .with("area", area_name(turn, goal.area))
                    .with("text", goal.youth_text.clone())
                    .with("scale", turn.t(&format!("scale-name-{}", goal.scale.key()))),
            ),
        );
        for p in &participants {
            let answers = turn.tx.scored_answers(p.id, goal.id).await?;
            if answers.is_empty() {
                continue;
            }
            let last: Vec<String> = answers
                .iter()
                .rev()
                .take(4)
                .rev()
                .map(|(_, _, v)| v.to_string())
                .collect();
            lines.push(
                turn.ta(
                    "case-answers-line",
                    Args::new()
                        .with("who", participant_label(turn.ctx, turn.lang, p))
                        .with("answers", last.join(" → ")),
                ),
            );
        }
    }
    lines.push(turn.t("case-participants-heading"));
    if participants.is_empty() {
        lines.push(turn.t("case-no-participants"));
    }
    for p in &participants {
        lines.push(
            turn.ta(
                "case-participant-line",
                Args::new()
                    .with("who", participant_label(turn.ctx, turn.lang, p))
                    .with("status", turn.t(&format!("status-{}", p.status.key()))),
            ),
        );
    }
    let open = turn.tx.open_alerts_of_case(case.id).await?;
    if !open.is_empty() {
        lines.push(turn.t("case-alerts-heading"));
        for alert in &open {
            lines.push(super::alerts::summary(turn.ctx, turn.lang, alert));
        }
    }
    turn.reply(lines.join("\n"), Vec::new()).await?;
    bundled_texts(turn, case, &participants).await?;
    let meetings: Vec<_> = turn
        .tx
        .meetings_of_case(case.id)
        .await?
        .iter()
        .filter(|m| m.status != crate::domain::meeting::MeetingStatus::Cancelled)
        .map(|m| m.at)
        .collect();
    for picture in
        crate::service::progress::case_pictures(turn.tx, turn.ctx, turn.lang, case, &meetings).await?
    {
        turn.send(turn.chat_id, None, picture).await?;
    }
    Ok(())
}

/// The texts a flood limit passed on only as a count ("… og 14 beskeder mere"), so the
/// caseworker can read every one: the last 7 days, newest first, in as many messages as needed.
async fn bundled_texts(
    turn: &mut Turn<'_>,
    case: &CaseRecord,
    participants: &[ParticipantRecord],
) -> ChatResult<()> {
    let since = turn.now - chrono::Duration::days(7);
    let notes = turn.tx.bundled_notes_of_case(case.id, since, 200).await?;
    if notes.is_empty() {
        return Ok(());
    }
    let mut message = turn.t("case-bundled-heading");
    for (at, participant, text) in notes {
        let who = participants
            .iter()
            .find(|p| p.id == participant)
            .map(|p| participant_label(turn.ctx, turn.lang, p))
            .unwrap_or_default();
        let line = turn.ta(
            "case-bundled-line",
            Args::new()
                .with("when", crate::service::format::when_text(turn.ctx, turn.lang, at))
                .with("who", who)
                .with("text", text),
        );
        // Telegram's limit is 4 096 characters a message.
        if message.chars().count() + line.chars().count() + 1 > 4000 {
            let full = std::mem::take(&mut message);
            turn.reply(full, Vec::new()).await?;
        }
        if !message.is_empty() {
            message.push('\n');
        }
        message.push_str(&line);
    }
    turn.reply(message, Vec::new()).await
}

// ---- finding cases, with access control ----

async fn audit(
    turn: &mut Turn<'_>,
    staff: &StaffRecord,
    action: &'static str,
    case: CaseId,
    subject: (&'static str, i64),
) -> ChatResult<()> {
    super::access::audit_staff(turn.tx, turn.now, staff, action, Some(case), Some(subject)).await
}

// ---- /rytme, /tjekind, /vidnetekst, /skala ----

/// `/rytme <kode> <ung|forælder|vidne> <udtryk>`: a new check-in rhythm for that role. Check-ins
/// that already went out are not touched.
async fn set_rhythm(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, rest) = first_word(args);
    let (role_word, expression) = first_word(rest);
    if expression.is_empty() {
        return turn.reply_key("rhythm-usage").await;
    }
    let Some(case) = super::access::own_case_by_code(turn, staff, code).await? else {
        return turn.reply_key("case-not-found").await;
    };
    let Some(role) = Role::parse_command_word(role_word) else {
        return turn.reply_key("unknown-role").await;
    };
    let tz = turn.ctx.timezone;
    let today = turn.now.with_timezone(&tz).date_naive();
    let rhythm = match crate::domain::schedule::parse_rhythm(expression, today) {
        Ok(r) => r,
        Err(error) => {
            tracing::info!(%error, "rhythm not understood");
            return turn.reply_key("rhythm-invalid").await;
        }
    };
    let canonical = rhythm.to_canonical();
    let next = rhythm.next_after(turn.now, tz);
    let mut changed = 0;
    for p in turn
        .tx
        .participants_of_case(case.id)
        .await?
        .iter()
        .filter(|p| p.role == role)
    {
        let next = if p.status.key() == "invited" { None } else { next };
        turn.tx
            .set_schedule(p.id, Some(&canonical), next, turn.now)
            .await?;
        changed += 1;
    }
    audit(turn, staff, "rhythm.changed", case.id, ("case", case.id.0)).await?;
    let next_text = next
        .map(|n| n.with_timezone(&tz).format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_else(|| "–".into());
    let text = turn.ta(
        "rhythm-set",
        Args::new()
            .with("code", case.code.to_string())
            .with("role", turn.t(&format!("role-{}", role.key())))
            .with("rhythm", canonical)
            .with("next", next_text)
            .with("count", changed),
    );
    turn.reply(text, Vec::new()).await
}

/// `/tjekind <kode> [ung|alle]`: a check-in now, quiet hours or not (the caseworker chose it).
async fn checkin_now(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, who) = first_word(args);
    if code.is_empty() {
        // No code to type: the caseworker's own cases as buttons.
        return super::pick_case::pick_case(turn, staff, Purpose::Checkin).await;
    }
    let Some(case) = super::access::own_case_by_code(turn, staff, code).await? else {
        return turn.reply_key("case-not-found").await;
    };
    let everyone = match who.trim().to_lowercase().as_str() {
        "" | "ung" => false,
        "alle" | "all" => true,
        _ => return turn.reply_key("checkin-now-usage").await,
    };
    let participants = turn.tx.participants_of_case(case.id).await?;
    let mut sent = 0;
    for p in participants
        .iter()
        .filter(|p| (everyone || p.role == Role::Youth) && p.status.key() == "active")
    {
        let new = crate::service::checkin::NewCheckin {
            participant: p,
            case: &case,
            planned_at: turn.now,
            release_at: turn.now,
            trigger: crate::domain::checkin::Trigger::Manual,
        };
        if crate::service::checkin::create(turn.tx, turn.ctx, turn.now, &new)
            .await?
            .is_some()
        {
            sent += 1;
        }
    }
    let key = if sent == 0 {
        "checkin-now-nobody"
    } else {
        "checkin-now-sent"
    };
    let text = turn.ta(
        key,
        Args::new()
            .with("count", sent)
            .with("code", case.code.to_string()),
    );
    turn.reply(text, Vec::new()).await
}

/// `/vidnetekst <kode> <nr> <tekst>`: the wording witnesses and parents see for a goal.
async fn witness_text(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, rest) = first_word(args);
    let (number, text) = first_word(rest);
    let Some(case) = super::access::own_case_by_code(turn, staff, code).await? else {
        return turn.reply_key("case-not-found").await;
    };
    let Some(goal) = goal_by_number(turn, &case, number).await? else {
        return turn.reply_key("goal-not-found").await;
    };
    let wording = match clean_line(text, GOAL_TEXT_MAX) {
        Ok(t) => t,
        Err(error) => return turn.reply_text_error(error, GOAL_TEXT_MAX).await,
    };
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

/// `/skala <kode> <nr> <0-10|aarhus-0-4|5-trin>`: another scale for a goal.
async fn set_scale(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let (code, rest) = first_word(args);
    let (number, scale_word) = first_word(rest);
    let Some(case) = super::access::own_case_by_code(turn, staff, code).await? else {
        return turn.reply_key("case-not-found").await;
    };
    let Some(goal) = goal_by_number(turn, &case, number).await? else {
        return turn.reply_key("goal-not-found").await;
    };
    let Ok(scale) = ScaleKind::parse(scale_word) else {
        return turn.reply_key("unknown-scale").await;
    };
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

async fn goal_by_number(
    turn: &mut Turn<'_>,
    case: &CaseRecord,
    number: &str,
) -> ChatResult<Option<crate::store::GoalRecord>> {
    let Ok(position) = number.parse::<i64>() else {
        return Ok(None);
    };
    Ok(turn
        .tx
        .goals_of_case(case.id)
        .await?
        .into_iter()
        .find(|g| g.position == position))
}

/// `/ledelse`: the management report for a team leader's own team (aggregates only).
async fn leader_report(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    let (StaffRole::TeamLeader, Some(team)) = (staff.role, staff.team.clone()) else {
        return turn.reply_key("report-leaders-only").await;
    };
    super::access::audit_read(turn, staff, "read.report", None).await?;
    turn.after.push(super::AfterCommit::ManagementReport {
        update_id: turn.update_id,
        chat_id: turn.chat_id,
        team,
        lang: turn.lang,
        at: turn.now,
    });
    Ok(())
}

/// Builds a team's management report in a read-only transaction and queues it as the answer
/// to `/ledelse` (update `update_id`; its keys make a second run queue nothing twice).
pub async fn answer_management_report(
    store: &crate::store::Store,
    ctx: &ChatContext,
    update_id: i64,
    chat_id: i64,
    team: String,
    lang: Lang,
    at: chrono::DateTime<chrono::Utc>,
) -> ChatResult<usize> {
    let data = {
        let mut tx = store.read().await?;
        let data = tx.report_data(None, None).await?;
        tx.commit().await?;
        data
    };
    let filter = crate::domain::report::ReportFilter {
        from: None,
        to: None,
        team: Some(team),
        as_of: at.with_timezone(&ctx.timezone).fixed_offset(),
    };
    let built = crate::domain::report::build(&data, &filter);
    let text = crate::domain::report::to_text(&built, &|key: &str| ctx.texts.t(lang, key));
    let parts = split_message(&text, crate::telegram::outgoing::MAX_TEXT_CHARS);
    let mut tx = store.begin().await?;
    let now = ctx.clock.now();
    for (i, part) in parts.iter().enumerate() {
        let message = crate::telegram::outgoing::Outgoing::Text {
            text: part.clone(),
            buttons: Vec::new(),
        };
        let key = format!("u{update_id}:report:{i}");
        super::queue(
            &mut tx,
            &key,
            chat_id,
            None,
            &message,
            now,
            crate::store::Priority::Reply,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(parts.len())
}

/// Splits a long text at line breaks into parts Telegram accepts.
fn split_message(text: &str, max_chars: usize) -> Vec<String> {
    let mut parts = vec![String::new()];
    for line in text.lines() {
        let last = parts.last().map(|p| p.chars().count()).unwrap_or(0);
        if last > 0 && last + line.chars().count() + 1 > max_chars {
            parts.push(String::new());
        }
        if let Some(part) = parts.last_mut() {
            if !part.is_empty() {
                part.push('\n');
            }
            part.extend(line.chars().take(max_chars));
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::split_message;

    #[test]
    fn long_reports_are_split_at_line_breaks() {
        let text = (0..100)
            .map(|i| format!("linje {i:03} {}", "x".repeat(50)))
            .collect::<Vec<_>>()
            .join("\n");
        let parts = split_message(&text, 1000);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.chars().count() <= 1000));
        assert_eq!(parts.join("\n"), text);
    }
}
