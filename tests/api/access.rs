//! One access check: every button family, pressed with the ids of another caseworker's case
//! (ids are sequential, so they are easy to guess), is refused and changes nothing there.

use crate::helpers::*;
use fake_telegram::{FakeUser, SentMessage};
use taetkontakt::domain::ids::MeetingId;

/// The number after `prefix:` in the first button of `message` whose data starts with it.
fn id_in(message: &SentMessage, prefix: &str) -> i64 {
    message
        .all_buttons()
        .filter_map(|b| b.callback_data.as_deref())
        .find_map(|d| d.strip_prefix(prefix))
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no {prefix} button on {:?}", message.text))
}

/// Everything about case `code` a forged button could change, as text.
async fn state_of(app: &TestApp, code: &str, chats: &[i64]) -> String {
    let mut tx = app.store.read().await.unwrap();
    let case = case_of(&mut tx, code).await;
    let alerts: Vec<String> = tx
        .alerts_of_case(case.id)
        .await
        .unwrap()
        .iter()
        .map(|a| format!("{}:{}:{}", a.id, a.rule.key(), a.status.key()))
        .collect();
    let people: Vec<String> = tx
        .participants_of_case(case.id)
        .await
        .unwrap()
        .iter()
        .map(|p| format!("{}:{}", p.id, p.status.key()))
        .collect();
    let goals: Vec<String> = tx
        .goals_of_case(case.id)
        .await
        .unwrap()
        .iter()
        .map(|g| format!("{}:{:?}:{}", g.id, g.witness_text, g.scale.key()))
        .collect();
    let calls: Vec<String> = tx
        .call_tasks_of_case(case.id)
        .await
        .unwrap()
        .iter()
        .map(|t| format!("{}:{:?}:{:?}", t.id, t.task, t.note))
        .collect();
    let meeting = tx
        .meeting(MeetingId(1))
        .await
        .unwrap()
        .map(|m| format!("{:?}", m.status));
    let confidential = tx
        .confidential_notes_since(case.id, chrono::DateTime::UNIX_EPOCH)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let messages: Vec<usize> = chats.iter().map(|c| app.fake.messages_to(*c).len()).collect();
    let status = case.status.key();
    let caseworker = case.caseworker_id;
    format!(
        "{status} {caseworker} {alerts:?} {people:?} {goals:?} {calls:?} {meeting:?} {confidential} {messages:?}"
    )
}

#[tokio::test]
async fn every_button_family_with_another_cases_ids_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    // Case A: Mette and Lea press the buttons. Case B: Bo's case with Noah, holds the objects.
    let a = youth_case(&app).await;
    let b = youth_case_with_ids(&app, 100).await;
    let noah = &b.youth;

    // Objects in B: a possible concern (alert, check question, note), a call request, a
    // check-in prompt, a meeting, an open invitation, a goal.
    let question = app
        .say(
            noah,
            "har fået nye ar på armene og går med lange ærmer hele tiden",
        )
        .await;
    let check = id_in(&question, "sf:");
    app.say(noah, "/ring").await;
    let mark = app.fake.message_seq();
    app.say(&b.caseworker, &format!("/tjekind {}", b.code)).await;
    let prompt = prompt_after(&app, noah.id, mark).await;
    let prompt_id = id_in(&prompt, "a:");
    app.say(
        &b.caseworker,
        &format!("/moede {} opfoelgning 26/11 14:00", b.code),
    )
    .await;
    let open = app
        .say(&b.caseworker, &format!("/inviter {} forælder Eva", b.code))
        .await;
    let outsider = FakeUser::new(7001, "Outsider");
    let consent = app
        .say(&outsider, &format!("/start {}", invite_token(&open.text)))
        .await;
    let invite = id_in(&consent, "ok:");
    app.settle().await;
    let (case_b, goal_b, noah_p, alert_b, task_b) = {
        let mut tx = app.store.read().await.unwrap();
        let case = case_of(&mut tx, &b.code).await;
        let goal = tx.goals_of_case(case.id).await.unwrap()[0].id;
        let people = tx.participants_of_case(case.id).await.unwrap();
        let alert = tx.alerts_of_case(case.id).await.unwrap()[0].id;
        let task = tx.call_tasks_of_case(case.id).await.unwrap()[0].id;
        tx.commit().await.unwrap();
        (case.id, goal, people[0].id, alert, task)
    };
    let (m, p, g) = (1, noah_p.0, goal_b.0);
    let forged: Vec<String> = vec![
        format!("ok:{invite}"),
        format!("no:{invite}"),
        format!("pc:{}", case_b.0),
        format!("a:{prompt_id}:5"),
        format!("a:{prompt_id}:s"),
        "cm:1".to_string(),
        format!("rg:{p}:0"),
        format!("rg:{p}:{g}"),
        "rd:w".to_string(),
        "rn".to_string(),
        format!("as:{alert_b}:contact"),
        format!("as:{alert_b}:no_action"),
        format!("mc:{}", case_b.0),
        format!("mi:{m}:{p}"),
        format!("mo:{m}:held"),
        format!("mo:{m}:cancelled"),
        format!("ma:{m}:{p}"),
        format!("md:{m}"),
        format!("my:{m}:1"),
        format!("mf:{m}"),
        format!("mr:{m}:{p}:5"),
        format!("mn:{m}:{p}"),
        format!("mw:{m}:{p}"),
        format!("mx:{m}:{p}"),
        format!("co:{task_b}:called"),
        format!("cn:{task_b}"),
        format!("cp:{task_b}"),
        format!("sf:{check}:in_danger"),
        format!("sf:{check}:okay"),
        "na:1".to_string(),
        format!("gw:{g}"),
        format!("ch:{p}"),
        format!("pz:{p}:2"),
        format!("sz:{p}"),
        format!("rm:{p}"),
        format!("lc:{}", case_b.0),
        format!("lr:{}:goal_reached", case_b.0),
        "lx".to_string(),
        // Handover of case B to its own caseworker or to Mette; someone else's absence.
        format!("ho:{}:1", case_b.0),
        format!("ho:{}:2", case_b.0),
        "ae:1".to_string(),
        "xx".to_string(),
    ];
    let chats = [b.caseworker.id, noah.id];
    let before = state_of(&app, &b.code, &chats).await;
    for data in &forged {
        for presser in [&a.caseworker, &a.youth] {
            app.fake.press_button(presser, 1, data);
        }
    }
    app.settle().await;
    let after = state_of(&app, &b.code, &chats).await;
    assert_eq!(before, after, "a forged button changed case B");
    // Every press was answered (no spinner left), none with anything of case B.
    let answers = app.fake.callback_answers();
    assert!(answers.len() >= forged.len() * 2, "{} answers", answers.len());
    for user in [&a.caseworker, &a.youth] {
        for message in app.fake.messages_to(user.id) {
            assert!(
                !message.text.contains(&b.code),
                "case B's code reached case A: {}",
                message.text
            );
        }
    }
    app.stop().await;
}
