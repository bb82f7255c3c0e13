//! A young person's weeks end to end: scheduled check-ins, taps, changes, reminders, expiry,
//! drop and silence alerts, and the caseworker's assessment.

use chrono::Duration;

use crate::helpers::*;
use fake_telegram::{FakeUser, SentMessage};

/// Answers the week's single prompt with `value` and waits for the thanks, which are part of
/// the question's own edit: a one-goal check-in is one message.
async fn answer_week(app: &TestApp, youth: &FakeUser, prompt: &SentMessage, value: &str) {
    let mark = app.fake.message_seq();
    let data = prompt.button_data(value).expect("value button").to_string();
    app.fake.press_button(youth, prompt.message_id, &data);
    let edited = app.edited_to_contain(youth.id, prompt.message_id, "Tak!").await;
    assert!(
        edited.text.contains(&format!("Dit svar: {value}")),
        "{}",
        edited.text
    );
    assert!(
        edited.button_data("Skriv til min rådgiver").is_some(),
        "{}",
        edited.text
    );
    app.settle().await;
    assert!(
        !app.fake.messages_to(youth.id).iter().any(|m| m.seq > mark),
        "no extra message after the answer"
    );
}

#[tokio::test]
async fn a_month_of_weekly_checkins_gives_one_drop_alert_then_a_silence_alert() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = &case.youth;

    // Monday 10:00 in Copenhagen; the default rhythm is Monday 16:00.
    let mut mark = app.fake.message_seq();
    advance(&app, Duration::hours(6)).await;
    for (week, value) in ["7", "7", "8", "7"].iter().enumerate() {
        let prompt = prompt_after(&app, lea.id, mark).await;
        assert!(
            prompt.text.contains("Jeg kommer i skole hver dag"),
            "{}",
            prompt.text
        );
        assert!(prompt.text.contains("0 = slet ikke") && prompt.button_data("Spring over").is_some());
        answer_week(&app, lea, &prompt, value).await;
        assert_eq!(
            open_alert_rules(&app, &case.code).await,
            Vec::<String>::new(),
            "no alert in week {week}"
        );
        mark = app.fake.message_seq();
        advance(&app, Duration::days(7)).await;
    }
    // Week 5: a reliable drop from a baseline of 7 to 3.
    let prompt = prompt_after(&app, lea.id, mark).await;
    let staff_mark = app.fake.message_seq();
    answer_week(&app, lea, &prompt, "3").await;
    let alert = app
        .message_containing(case.caseworker.id, staff_mark, "Alarm")
        .await;
    assert!(
        alert.text.contains("7 → 3") && alert.text.contains("plejer 7"),
        "{}",
        alert.text
    );
    assert!(alert.text.contains(&case.code) && alert.text.contains("Lea"));
    assert!(
        alert.button_data("Kontakt ung/familie").is_some() && alert.button_data("Ingen handling").is_some()
    );
    assert_eq!(
        open_alert_rules(&app, &case.code).await,
        vec!["reliable_drop:open"]
    );

    // Week 6: no answer. One reminder after 24 h, expiry after 72 h. A miss right after an
    // answer in the red zone (3) is urgent silence.
    let mark = app.fake.message_seq();
    advance(&app, Duration::days(7)).await;
    prompt_after(&app, lea.id, mark).await;
    advance(&app, Duration::hours(24)).await;
    advance(&app, Duration::hours(1)).await;
    let reminders = app
        .fake
        .messages_to(lea.id)
        .iter()
        .filter(|m| m.seq > mark && m.text.contains("påmindelse"))
        .count();
    assert_eq!(reminders, 1, "exactly one reminder");
    advance(&app, Duration::hours(48)).await;
    let silence = app
        .message_containing(case.caseworker.id, mark, "Ingen svar")
        .await;
    assert!(silence.text.contains("HASTER"), "{}", silence.text);
    assert_eq!(
        open_alert_rules(&app, &case.code).await,
        vec!["reliable_drop:open", "silence:open"]
    );
    app.stop().await;
}

/// What the young person's chat shows now, one line per message (texts after their edits).
fn chat_as_shown(app: &TestApp, chat: i64, after: u64) -> Vec<String> {
    app.fake
        .messages_to(chat)
        .iter()
        .filter(|m| m.seq > after)
        .map(|m| {
            let buttons: Vec<&str> = m.all_buttons().map(|b| b.text.as_str()).collect();
            format!("{} [{}]", m.text, buttons.join(" "))
        })
        .collect()
}

#[tokio::test]
async fn a_one_goal_checkin_is_one_message_greeting_question_and_thanks_in_one() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = &case.youth;
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    let prompt = prompt_after(&app, lea.id, mark).await;
    app.settle().await;
    let answers_before = app.fake.callback_answers().len();
    assert_eq!(
        chat_as_shown(&app, lea.id, mark),
        vec![
            "Hej! Her er ugens tjek-ind. Tryk på et tal – det tager et minut.\n\n\
             «Jeg kommer i skole hver dag»\n0 = slet ikke · 10 = helt \
             [0 1 2 3 4 5 6 7 8 9 10 Spring over]"
        ]
    );
    app.fake
        .press_button(lea, prompt.message_id, prompt.button_data("7").unwrap());
    app.edited_to_contain(lea.id, prompt.message_id, "Tak!").await;
    app.settle().await;
    // Read as Lea reads it: still one message, now with her answer, the thanks and a way to
    // write to her caseworker; the greeting has done its job.
    assert_eq!(
        chat_as_shown(&app, lea.id, mark),
        vec![
            "«Jeg kommer i skole hver dag»\n0 = slet ikke · 10 = helt\n\n\
             Dit svar: 7 ✓ Du kan ændre det i et døgn.\n\n\
             Tak! Det var alt for denne gang. Vil du skrive noget til din rådgiver? \
             [0 1 2 3 4 5 6 7 8 9 10 Spring over Skriv til min rådgiver]"
        ]
    );
    let answers = app.fake.callback_answers()[answers_before..].to_vec();
    assert_eq!(answers.len(), 1, "the press answered once");
    assert_eq!(answers[0].text.as_deref(), Some("Gemt"));
    // "Gemt" only repeats what the edited question shows: a pop-up is enough.
    assert!(!answers[0].show_alert);
    app.stop().await;
}

#[tokio::test]
async fn a_two_goal_checkin_is_two_messages_and_the_last_answered_carries_the_thanks() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = &case.youth;
    let added = app
        .say(
            &case.caseworker,
            &format!("/maal {} fritid Jeg ser mine venner efter skole", case.code),
        )
        .await;
    app.press(&case.caseworker, &added, "✅ Brug forslaget").await;
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    app.settle().await;
    let prompts: Vec<SentMessage> = app
        .fake
        .messages_to(lea.id)
        .into_iter()
        .filter(|m| m.seq > mark)
        .collect();
    assert_eq!(prompts.len(), 2, "{:#?}", chat_as_shown(&app, lea.id, mark));
    assert!(
        prompts[0]
            .text
            .starts_with("Hej! Her er ugens tjek-ind. Der kommer 2 spørgsmål."),
        "{}",
        prompts[0].text
    );
    assert!(
        prompts[1].text.starts_with("«Jeg ser mine venner"),
        "{}",
        prompts[1].text
    );
    // Lea answers the second question first: the first one, answered last, says thank you.
    app.fake
        .press_button(lea, prompts[1].message_id, prompts[1].button_data("6").unwrap());
    app.settle().await;
    let second = app.fake.message(lea.id, prompts[1].message_id).unwrap();
    assert!(
        second.text.contains("Dit svar: 6") && !second.text.contains("Tak!"),
        "{}",
        second.text
    );
    app.fake
        .press_button(lea, prompts[0].message_id, prompts[0].button_data("8").unwrap());
    let first = app.edited_to_contain(lea.id, prompts[0].message_id, "Tak!").await;
    assert!(
        first.button_data("Skriv til min rådgiver").is_some(),
        "{}",
        first.text
    );
    app.settle().await;
    assert_eq!(chat_as_shown(&app, lea.id, mark).len(), 2, "no third message");
    // The button still leads to the caseworker.
    let ask = app.press(lea, &first, "Skriv til min rådgiver").await;
    assert!(ask.text.contains("Din rådgiver ser den"), "{}", ask.text);
    app.stop().await;
}

#[tokio::test]
async fn two_missed_checkins_in_a_row_alert_silence() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = &case.youth;
    let mark = app.fake.message_seq();
    advance(&app, Duration::hours(6)).await;
    answer_week(&app, lea, &prompt_after(&app, lea.id, mark).await, "7").await;
    // Two weeks without answers: the first miss alone is not an alert, the second is.
    advance(&app, Duration::days(7)).await;
    advance(&app, Duration::days(3)).await;
    assert!(
        open_alert_rules(&app, &case.code).await.is_empty(),
        "one miss is no alert"
    );
    advance(&app, Duration::days(4)).await;
    advance(&app, Duration::days(3)).await;
    let rules = open_alert_rules(&app, &case.code).await;
    assert_eq!(rules, vec!["silence:open"]);
    let alert = app
        .message_containing(case.caseworker.id, mark, "Ingen svar")
        .await;
    assert!(
        alert.text.contains("2 tjek-ind i træk") && !alert.text.contains("HASTER"),
        "{}",
        alert.text
    );
    app.stop().await;
}

#[tokio::test]
async fn no_drop_alert_before_three_answers_and_a_changed_answer_is_kept() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = &case.youth;
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    let prompt = prompt_after(&app, lea.id, mark).await;
    answer_week(&app, lea, &prompt, "9").await;

    // A second tap within 24 h changes the answer; the first is kept as a tap event.
    app.fake
        .press_button(lea, prompt.message_id, prompt.button_data("5").unwrap());
    app.settle().await;
    let changed = app.fake.message(lea.id, prompt.message_id).unwrap();
    assert!(changed.text.contains("Dit svar: 5"), "{}", changed.text);
    // The question that ended the check-in keeps the thanks and the way to the caseworker.
    assert!(
        changed.text.contains("Tak!") && changed.button_data("Skriv til min rådgiver").is_some(),
        "{}",
        changed.text
    );
    // After 24 h the answer can no longer change.
    app.clock.advance(Duration::hours(25));
    let data = prompt.button_data("1").unwrap().to_string();
    app.fake.press_button(lea, prompt.message_id, &data);
    app.settle().await;
    assert!(
        app.fake
            .message(lea.id, prompt.message_id)
            .unwrap()
            .text
            .contains("Dit svar: 5")
    );
    let answer = app.fake.callback_answers().last().cloned().unwrap();
    assert_eq!(
        answer.text.as_deref(),
        Some("Det tjek-ind er lukket. Du får et nyt snart.")
    );
    // News the person must not miss is a dialog: TalkBack does not read the pop-up.
    assert!(answer.show_alert);

    // Second check-in: 0 is a drop of 5 but there is no baseline yet: no alert.
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    let prompt = prompt_after(&app, lea.id, mark).await;
    answer_week(&app, lea, &prompt, "0").await;
    assert_eq!(open_alert_rules(&app, &case.code).await, Vec::<String>::new());
    app.stop().await;
}

#[tokio::test]
async fn a_button_from_someone_else_or_pressed_twice_is_stored_once() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = &case.youth;
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    let prompt = prompt_after(&app, lea.id, mark).await;
    let data = prompt.button_data("6").unwrap().to_string();

    // Someone else presses Lea's button (a forwarded or crafted press): refused, nothing stored.
    let intruder = FakeUser::new(2999, "Intruder");
    app.fake
        .press_button_in(lea.id, &intruder, prompt.message_id, &data);
    app.settle().await;
    assert!(!app.fake.message(lea.id, prompt.message_id).unwrap().edited);

    // Lea's press arrives twice (at-least-once delivery): one answer, one tap event.
    let update = app.fake.press_button(lea, prompt.message_id, &data);
    app.settle().await;
    app.fake.inject_duplicate(update).unwrap();
    app.settle().await;
    let prompt_id = data.split(':').nth(1).unwrap().parse::<i64>().unwrap();
    let mut tx = app.store.read().await.unwrap();
    let events = tx
        .answer_events_count(taetkontakt::domain::ids::PromptId(prompt_id))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(events, 1);
    app.stop().await;
}

#[tokio::test]
async fn assessments_are_stored_with_and_without_a_reason() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    // Two alerts: a contact request and (after a stop) a stopped alert.
    let staff_mark = app.fake.message_seq();
    let reply = app.say(&case.youth, "/ring").await;
    assert!(reply.text.contains("ringet op"), "{}", reply.text);
    let ring = app
        .message_containing(mette.id, staff_mark, "beder om at blive ringet op")
        .await;

    let saved = app.press(mette, &ring, "Kontakt ung/familie").await;
    assert!(saved.text.contains("gemt: Kontakt ung/familie"), "{}", saved.text);

    let staff_mark = app.fake.message_seq();
    app.say(&case.youth, "/stop").await;
    let stopped = app.message_containing(mette.id, staff_mark, "har stoppet").await;
    let ask = app.press(mette, &stopped, "Ingen handling").await;
    assert!(ask.text.contains("hvorfor"), "{}", ask.text);
    let saved = app
        .say(mette, "Lea har sagt til mig, at hun vil stoppe; vi ses på mødet")
        .await;
    assert!(saved.text.contains("gemt: Ingen handling"), "{}", saved.text);

    let mut tx = app.store.read().await.unwrap();
    let c = case_of(&mut tx, &case.code).await;
    let alerts = tx.alerts_of_case(c.id).await.unwrap();
    let first = tx.assessments_of(alerts[0].id).await.unwrap();
    let second = tx.assessments_of(alerts[1].id).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(first, vec![("contact".to_string(), None, first[0].2)]);
    assert_eq!(second[0].0, "no_action");
    assert!(second[0].1.as_deref().unwrap().contains("vil stoppe"));
    let list = app.say(mette, "/alarmer").await;
    assert!(list.text.contains("Ingen åbne alarmer"), "{}", list.text);
    app.stop().await;
}

#[tokio::test]
async fn unassessed_alerts_are_reminded_and_escalated_on_time() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let leader = joined_leader(&app, 1900, "Karen").await;

    // A normal alert: reminder after 48 h, escalation after 96 h.
    app.say(&case.youth, "/ring").await;
    let mark = app.fake.message_seq();
    advance(&app, Duration::hours(47)).await;
    assert!(!got_message_containing(&app, case.caseworker.id, mark, "Påmindelse").await);
    advance(&app, Duration::hours(1)).await;
    assert!(got_message_containing(&app, case.caseworker.id, mark, "Påmindelse").await);
    advance(&app, Duration::hours(47)).await;
    assert!(!got_message_containing(&app, leader.id, mark, "Ikke vurderet").await);
    advance(&app, Duration::hours(1)).await;
    assert!(got_message_containing(&app, leader.id, mark, "Ikke vurderet").await);

    // An urgent alert at night: reminder after 2 h, the team leader after 4 h.
    let mark = app.fake.message_seq();
    app.clock
        .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 2, 0, 30, 0).unwrap());
    app.say(&case.youth, "Jeg vil ikke leve mere").await;
    advance(&app, Duration::hours(2)).await;
    assert!(got_message_containing(&app, case.caseworker.id, mark, "Påmindelse").await);
    advance(&app, Duration::hours(2)).await;
    let escalated = app.message_containing(leader.id, mark, "Ikke vurderet").await;
    assert!(escalated.text.contains("fare"), "{}", escalated.text);
    app.stop().await;
}

#[tokio::test]
async fn a_danger_message_gets_help_numbers_at_once_and_an_urgent_alert() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    // 23:30 in Copenhagen: quiet hours do not hold back the safety answer or the alert.
    app.clock
        .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 24, 22, 30, 0).unwrap());
    let staff_mark = app.fake.message_seq();
    let reply = app.say(&case.youth, "min far slår mig når han er fuld").await;
    assert!(
        reply.text.contains("116 111") && reply.text.contains("112"),
        "{}",
        reply.text
    );
    let alert = app
        .message_containing(case.caseworker.id, staff_mark, "HASTER")
        .await;
    assert!(alert.text.contains("fare"), "{}", alert.text);
    assert!(got_message_containing(&app, case.caseworker.id, staff_mark, "min far slår mig").await);
    assert_eq!(open_alert_rules(&app, &case.code).await, vec!["safety:open"]);

    // An innocent message is passed on without alarm.
    let reply = app.say(&case.youth, "Jeg døde af grin i skolen i dag").await;
    assert!(
        reply.text.contains("Din rådgiver kan se din besked"),
        "{}",
        reply.text
    );
    assert_eq!(open_alert_rules(&app, &case.code).await, vec!["safety:open"]);
    app.stop().await;
}

#[tokio::test]
async fn a_witness_reporting_worse_alerts_the_caseworker() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let inge = join(
        &app,
        &case.caseworker,
        &case.code,
        "vidne mormor Inge",
        3001,
        "Inge",
    )
    .await;
    let ask = app.say(&inge, "/meld").await;
    let direction = app
        .press(&inge, &ask, "Leas mål: «Jeg kommer i skole hver dag»")
        .await;
    let staff_mark = app.fake.message_seq();
    let text = app.press(&inge, &direction, "Værre").await;
    assert!(text.text.contains("skrive lidt"), "{}", text.text);
    // The alert waits for her description: nothing reaches the caseworker yet.
    app.settle().await;
    assert!(!got_message_containing(&app, case.caseworker.id, staff_mark, "værre").await);
    let thanks = app.say(&inge, "Hun har ikke været i skole siden mandag").await;
    // A grandmother has no caseworker of her own: "rådgiveren", not "din rådgiver".
    assert_eq!(thanks.text, "Tak. Rådgiveren kan se din besked.");
    // One message: the alert, her words, the assessment buttons and "Tag med på mødet".
    let alert = app
        .message_containing(case.caseworker.id, staff_mark, "melder, at det går værre")
        .await;
    assert!(alert.text.contains("mormor (Inge)"), "{}", alert.text);
    assert!(
        alert.text.contains("ikke været i skole siden mandag"),
        "{}",
        alert.text
    );
    assert!(
        alert.button_data("📋 Tag med på mødet").is_some(),
        "{:?}",
        alert.buttons
    );
    assert!(
        alert.button_data("Ingen handling").is_some(),
        "{:?}",
        alert.buttons
    );
    let to_caseworker: Vec<_> = app
        .fake
        .messages_to(case.caseworker.id)
        .into_iter()
        .filter(|m| m.seq > staff_mark)
        .collect();
    assert_eq!(to_caseworker.len(), 1, "{to_caseworker:?}");

    // Another "Værre" left without words goes alone after ten minutes.
    let ask = app.say(&inge, "/meld").await;
    let direction = app.press(&inge, &ask, "Overordnet").await;
    let staff_mark = app.fake.message_seq();
    app.press(&inge, &direction, "Værre").await;
    advance(&app, Duration::minutes(11)).await;
    app.message_containing(case.caseworker.id, staff_mark, "melder, at det går værre")
        .await;
    // The young person cannot use /meld.
    let reply = app.say(&case.youth, "/meld").await;
    assert!(reply.text.contains("kun for de voksne"), "{}", reply.text);
    app.stop().await;
}

#[tokio::test]
async fn quiet_hours_hold_scheduled_checkins_until_morning_but_not_a_manual_one() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = &case.youth;
    let reply = app
        .say(
            &case.caseworker,
            &format!("/rytme {} ung dagligt 22:00", case.code),
        )
        .await;
    assert!(
        reply
            .text
            .contains(&format!("Ny rytme for tjek-ind i {} (ung)", case.code)),
        "{}",
        reply.text
    );
    // Monday 10:00 → 22:00 local: due, but quiet until 08:00.
    let mark = app.fake.message_seq();
    advance(&app, Duration::hours(12)).await;
    advance(&app, Duration::hours(1)).await;
    assert!(
        !app.fake.messages_to(lea.id).iter().any(|m| m.seq > mark),
        "nothing during quiet hours"
    );
    advance(&app, Duration::hours(9)).await;
    prompt_after(&app, lea.id, mark).await;

    // The caseworker's /tjekind at night goes out at once.
    app.clock
        .set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 25, 22, 0, 0).unwrap());
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    prompt_after(&app, lea.id, mark).await;
    app.stop().await;
}

#[tokio::test]
async fn the_young_person_sees_own_answers_pauses_and_stops() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = &case.youth;
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {}", case.code))
        .await;
    let prompt = prompt_after(&app, lea.id, mark).await;
    answer_week(&app, lea, &prompt, "6").await;
    let mine = app.say(lea, "/mine").await;
    assert!(
        mine.text.contains("Jeg kommer i skole hver dag: 6"),
        "{}",
        mine.text
    );

    let staff_mark = app.fake.message_seq();
    let paused = app.say(lea, "/pause 2").await;
    assert!(paused.text.contains("pause i 2 uge"), "{}", paused.text);
    assert!(got_message_containing(&app, case.caseworker.id, staff_mark, "holder pause").await);
    let refused = app.say(lea, "/pause 12").await;
    assert!(
        refused.text.contains("højst holde pause i 8 uger"),
        "{}",
        refused.text
    );
    // A second /pause during the pause says until when, in words.
    let again = app.say(lea, "/pause 1").await;
    assert!(
        again.text.contains("Du har pause til") && again.text.contains("december"),
        "{}",
        again.text
    );
    // No scheduled check-in during the pause.
    let mark = app.fake.message_seq();
    advance(&app, Duration::hours(6)).await;
    advance(&app, Duration::days(7)).await;
    assert!(
        !app.fake
            .messages_to(lea.id)
            .iter()
            .any(|m| m.seq > mark && m.button_data("7").is_some())
    );

    let stopped = app.say(lea, "/stop").await;
    assert!(stopped.text.contains("stoppet"), "{}", stopped.text);
    let no_pause = app.say(lea, "/pause").await;
    assert!(no_pause.text.contains("Skriv /start"), "{}", no_pause.text);
    let help = app.say(lea, "/hjaelp").await;
    assert!(help.text.contains("116 111"));
    let back = app.say(lea, "/start").await;
    assert!(back.text.contains("Godt at se dig igen"), "{}", back.text);
    let shown = app.say(&case.caseworker, &format!("/sag {}", case.code)).await;
    assert!(
        shown.text.contains("ung (Lea): aktiv") && shown.text.contains("↳ ung (Lea): 6"),
        "{}",
        shown.text
    );
    app.stop().await;
}

#[tokio::test]
async fn the_help_numbers_go_out_even_when_the_database_is_down() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    // The database becomes unreachable for the whole service.
    app.store.close().await;
    let mark = app.fake.message_seq();
    app.fake
        .send_text(&case.youth, "jeg har lyst til at tage mit eget liv");
    let reply = app.next_message(case.youth.id, mark).await;
    assert!(reply.text.contains("116 111"), "{}", reply.text);
    // Telegram keeps the update until it is stored: nothing was confirmed.
    assert!(app.fake.pending_updates() >= 1);
    app.stop().await;
}
