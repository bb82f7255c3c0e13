//! `/nysag` (a new case), `/sager` (the list) and `/sag` (one case: participants, goals,
//! open alerts, recent texts and the progress pictures).

use super::*;
use crate::chat::access::Refusal;

pub(super) async fn new_case(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
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

pub(super) async fn list_cases(turn: &mut Turn<'_>, staff: &StaffRecord) -> ChatResult<()> {
    crate::chat::access::audit_read(turn, staff, "read.cases", None).await?;
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

pub(super) async fn show_case(turn: &mut Turn<'_>, staff: &StaffRecord, args: &str) -> ChatResult<()> {
    let crate::chat::args::CaseArg::Typed(code) = crate::chat::args::case_only(args) else {
        return crate::chat::pick_case::pick_case(turn, staff, Purpose::Show).await;
    };
    let Some(case) = crate::chat::access::visible_case_by_code(turn, staff, &code).await? else {
        return turn.refuse(Refusal::CaseNotFound).await;
    };
    crate::chat::access::audit_read(turn, staff, "read.case", Some(case.id)).await?;
    describe_case(turn, &case).await
}

pub(super) async fn describe_case(turn: &mut Turn<'_>, case: &CaseRecord) -> ChatResult<()> {
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
            lines.push(crate::chat::alerts::summary(turn.ctx, turn.lang, alert));
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
pub(super) async fn bundled_texts(
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
