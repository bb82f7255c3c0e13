//! What participants write reaches the right person, and confidences stay confidential.

use crate::helpers::*;

#[tokio::test]
async fn a_forged_report_button_with_another_childs_goal_is_refused() {
    let app = TestApp::spawn().await;
    let lea = youth_case(&app).await;
    let noah = youth_case_with_ids(&app, 100).await;
    let inge = join(
        &app,
        &lea.caseworker,
        &lea.code,
        "vidne mormor Inge",
        3001,
        "Inge",
    )
    .await;
    let goals = app.say(&inge, "/meld").await;
    let genuine = goals
        .button_data("Leas mål: «Jeg kommer i skole hver dag»")
        .expect("Lea's goal on /meld")
        .to_string();
    // rg:<participant>:<goal>: keep Inge's participation, take the goal of Noah's case (the
    // goal ids are sequential: Noah's is Lea's + 1).
    let mut parts = genuine.split(':');
    let (_, participant, goal) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
    let forged = format!("rg:{participant}:{}", goal.parse::<i64>().unwrap() + 1);
    app.settle().await;
    let staff_mark = app.fake.message_seq();
    let mark = app.fake.message_seq();
    app.fake.press_button(&inge, goals.message_id, &forged);
    app.settle().await;
    assert!(
        app.fake.messages_to(inge.id).iter().all(|m| m.seq <= mark),
        "no question about another child's goal"
    );
    assert!(!got_message_containing(&app, noah.caseworker.id, staff_mark, "Inge").await);
    app.stop().await;
}

#[tokio::test]
async fn a_message_with_a_cpr_number_is_held_back() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let staff_mark = app.fake.message_seq();
    let reply = app.say(&case.youth, "mit cpr er 010203-1234 kan du hjælpe").await;
    assert!(reply.text.contains("CPR-nummer"), "{}", reply.text);
    let told = app
        .message_containing(case.caseworker.id, staff_mark, "CPR-nummer")
        .await;
    assert!(!told.text.contains("1234"), "{}", told.text);
    assert!(!got_message_containing(&app, case.caseworker.id, staff_mark, "010203").await);
    let mut tx = app.store.read().await.unwrap();
    let case_record = tx
        .case_by_code(&taetkontakt::domain::case::CaseCode::parse(&case.code).unwrap())
        .await
        .unwrap()
        .unwrap();
    let notes = tx.notes_of_case(case_record.id).await.unwrap();
    tx.commit().await.unwrap();
    assert!(notes.is_empty(), "nothing stored: {notes:?}");
    app.stop().await;
}

#[tokio::test]
async fn parents_and_witnesses_are_asked_a_goal_only_in_the_caseworkers_wording() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let anne = join(&app, &case.caseworker, &case.code, "forælder Anne", 3001, "Anne").await;
    // A second goal, its network wording not chosen yet.
    let added = app
        .say(
            &case.caseworker,
            &format!("/maal {} fritid Jeg ser mine venner", case.code),
        )
        .await;
    assert!(
        added.text.contains("Leas mål: «Jeg ser mine venner»"),
        "{}",
        added.text
    );
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {} alle", case.code))
        .await;
    app.settle().await;
    let to_anne: Vec<String> = app
        .fake
        .messages_to(anne.id)
        .into_iter()
        .filter(|m| m.seq > mark && m.button_data("7").is_some())
        .map(|m| m.text)
        .collect();
    assert_eq!(to_anne.len(), 1, "{to_anne:?}");
    assert!(
        to_anne[0].contains("Leas mål: «Jeg kommer i skole hver dag»"),
        "{to_anne:?}"
    );
    assert!(
        !to_anne[0].starts_with("«Jeg"),
        "never the child's own 'jeg' as Anne's: {to_anne:?}"
    );
    let to_lea = app
        .fake
        .messages_to(case.youth.id)
        .into_iter()
        .filter(|m| m.seq > mark && m.button_data("7").is_some())
        .count();
    assert_eq!(to_lea, 2, "the young person is asked about both goals");
    // One tap accepts the suggestion; then Anne is asked about it too, and /mine says "Leas mål".
    let accepted = app.press(&case.caseworker, &added, "✅ Brug forslaget").await;
    assert!(
        accepted.text.contains("Leas mål: «Jeg ser mine venner»"),
        "{}",
        accepted.text
    );
    let mine = app.say(&anne, "/mine").await;
    assert!(mine.text.starts_with("Leas mål"), "{}", mine.text);
    assert!(!mine.text.contains("Dine mål"), "{}", mine.text);
    app.stop().await;
}

#[tokio::test]
async fn a_witness_in_two_cases_is_asked_which_child_and_danger_reaches_both_caseworkers() {
    let app = TestApp::spawn().await;
    let lea = youth_case(&app).await;
    let noah = youth_case_with_ids(&app, 100).await;
    let teacher = join(&app, &lea.caseworker, &lea.code, "vidne lærer Bo", 3001, "Bo").await;
    let invite = app
        .say(
            &noah.caseworker,
            &format!("/inviter {} vidne lærer Bo", noah.code),
        )
        .await;
    let consent = app
        .say(&teacher, &format!("/start {}", invite_token(&invite.text)))
        .await;
    app.press(&teacher, &consent, "Ja, jeg er med").await;
    app.settle().await;

    let mark = app.fake.message_seq();
    let question = app
        .say(&teacher, "Han var meget stille i dag og spiste ikke sin mad")
        .await;
    assert!(question.text.contains("Hvilket barn"), "{}", question.text);
    // Both nicknames are "Lea" in the helpers; the second case's button is the second row.
    let second = question.buttons[1][0].callback_data.clone().expect("a button");
    app.fake.press_button(&teacher, question.message_id, &second);
    app.settle().await;
    assert!(got_message_containing(&app, noah.caseworker.id, mark, "spiste ikke sin mad").await);
    assert!(!got_message_containing(&app, lea.caseworker.id, mark, "spiste ikke sin mad").await);

    // Danger cannot wait for the choice: both caseworkers at once, marked as unsure.
    let mark = app.fake.message_seq();
    let reply = app
        .say(
            &teacher,
            "Hun fortalte at hun har taget mange piller i aftes, hun er helt sløv",
        )
        .await;
    assert!(reply.text.contains("112"), "{}", reply.text);
    for caseworker in [&lea.caseworker, &noah.caseworker] {
        let told = app.message_containing(caseworker.id, mark, "uvist").await;
        assert!(told.text.contains("mange piller"), "{}", told.text);
    }

    // /stop asks which child; stopping for one leaves the other running.
    let which = app.say(&teacher, "/stop").await;
    assert!(which.text.contains("hvilket barn"), "{}", which.text);
    assert!(which.button_data("Alle").is_some(), "{:?}", which.buttons);
    let first = which.buttons[0][0].callback_data.clone().expect("a button");
    let mark = app.fake.message_seq();
    app.fake.press_button(&teacher, which.message_id, &first);
    app.settle().await;
    assert!(got_message_containing(&app, lea.caseworker.id, mark, "stop").await);
    assert!(!got_message_containing(&app, noah.caseworker.id, mark, "stop").await);
    app.stop().await;
}

#[tokio::test]
async fn a_caseworker_opening_a_participant_link_is_refused_and_the_link_stays_valid() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let code = new_case(&app, &mette, "Lea").await;
    let invite = app.say(&mette, &format!("/inviter {code} ung Lea")).await;
    let token = invite_token(&invite.text);
    let refused = app.say(&mette, &format!("/start {token}")).await;
    assert!(
        refused.text.contains("ikke til dig som medarbejder"),
        "{}",
        refused.text
    );
    // Someone else opens it and says no: the link still works for the right person.
    let stranger = fake_telegram::FakeUser::new(5001, "Karl");
    let consent = app.say(&stranger, &format!("/start {token}")).await;
    app.press(&stranger, &consent, "Nej tak").await;
    let lea = fake_telegram::FakeUser::new(2001, "Lea");
    let consent = app.say(&lea, &format!("/start {token}")).await;
    let welcome = app.press(&lea, &consent, "Ja, jeg er med").await;
    assert!(welcome.text.contains("116 111"), "{}", welcome.text);
    app.stop().await;
}

#[tokio::test]
async fn on_a_scale_where_lower_is_better_a_drop_says_worse() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let lea = &case.youth;
    let changed = app
        .say(&case.caseworker, &format!("/skala {} 1 aarhus-0-4", case.code))
        .await;
    assert!(
        !changed.text.contains("aarhus-0-4"),
        "no raw scale key: {}",
        changed.text
    );
    let staff_mark = app.fake.message_seq();
    let mut mark = app.fake.message_seq();
    // Monday 10:00; the rhythm is Monday 16:00. Three answers of 1, then 3: worse by 2 steps.
    app.clock.advance(chrono::Duration::hours(6));
    app.tick().await;
    for value in ["1", "1", "1", "3"] {
        let prompt = app
            .fake
            .wait_for_message(
                lea.id,
                |m| m.seq > mark && m.button_data("4").is_some(),
                std::time::Duration::from_secs(10),
            )
            .await
            .expect("a 0–4 prompt");
        let data = prompt.button_data(value).expect("value button").to_string();
        app.fake.press_button(lea, prompt.message_id, &data);
        app.edited_to_contain(lea.id, prompt.message_id, "Tak!").await;
        mark = app.fake.message_seq();
        app.clock.advance(chrono::Duration::days(7));
        app.tick().await;
    }
    let alert = app
        .message_containing(case.caseworker.id, staff_mark, "Tydeligt værre")
        .await;
    assert!(alert.text.contains("1 → 3"), "{}", alert.text);
    assert!(alert.text.contains("lavere bedre"), "{}", alert.text);
    assert!(!alert.text.contains("Faldet"), "{}", alert.text);
    app.stop().await;
}

#[tokio::test]
async fn the_caseworker_sees_who_joined_and_can_remove_them_at_once() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mark = app.fake.message_seq();
    let anne = join(&app, &case.caseworker, &case.code, "forælder Anne", 3001, "Anne").await;
    let joined = app
        .message_containing(case.caseworker.id, mark, "Telegram-navn")
        .await;
    assert!(joined.text.contains("Anne"), "{}", joined.text);
    let removed = app
        .press(&case.caseworker, &joined, "Fjern forælder (Anne)")
        .await;
    assert!(removed.text.contains("fjernet"), "{}", removed.text);
    let notice = app.message_containing(anne.id, mark, "ikke længere med").await;
    assert!(
        notice.text.ends_with("Er et barn i fare, så ring 112."),
        "{}",
        notice.text
    );
    // Nothing more reaches her: a check-in for everyone skips her, and she is a stranger now.
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/tjekind {} alle", case.code))
        .await;
    app.settle().await;
    assert!(app.fake.messages_to(anne.id).iter().all(|m| m.seq <= mark));
    let reply = app.say(&anne, "/mine").await;
    assert!(!reply.text.contains("Leas mål"), "{}", reply.text);
    app.stop().await;
}

#[tokio::test]
async fn an_open_invitation_can_be_revoked_and_then_no_longer_works() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let code = new_case(&app, &mette, "Lea").await;
    let invite = app.say(&mette, &format!("/inviter {code} forælder Anne")).await;
    let token = invite_token(&invite.text);
    let ask = app.say(&mette, &format!("/inviter {code}")).await;
    assert!(ask.text.contains("Åbne invitationer"), "{}", ask.text);
    let revoked = app
        .press(&mette, &ask, "Tilbagekald invitationen til forælder (Anne)")
        .await;
    assert!(revoked.text.contains("tilbagekaldt"), "{}", revoked.text);
    let anne = fake_telegram::FakeUser::new(3001, "Anne");
    let refused = app.say(&anne, &format!("/start {token}")).await;
    assert!(refused.text.contains("virker ikke mere"), "{}", refused.text);
    app.stop().await;
}

#[tokio::test]
async fn a_stranger_writing_about_danger_gets_the_help_numbers() {
    let app = TestApp::spawn().await;
    let stranger = fake_telegram::FakeUser::new(9001, "Ukendt");
    let reply = app.say(&stranger, "jeg vil ikke leve mere").await;
    assert!(
        reply.text.contains("116 111") && reply.text.contains("112"),
        "{}",
        reply.text
    );
    app.stop().await;
}

#[tokio::test]
async fn a_forwarded_text_cannot_fake_lines_or_reorder_the_caseworkers_view() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mark = app.fake.message_seq();
    app.say(&case.youth, "hej\u{202E}ssap\u{202C} og \u{7}farvel")
        .await;
    let told = app.message_containing(case.caseworker.id, mark, "hej").await;
    assert!(told.text.contains("hejssap og farvel"), "{:?}", told.text);
    assert!(
        !told
            .text
            .chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}') || c == '\u{7}')
    );
    // A line break stays, but the next line is marked as part of the quote.
    let mark = app.fake.message_seq();
    app.say(&case.youth, "hej igen\n🔴 HASTER · Alarm #9 i K-0000")
        .await;
    let told = app.message_containing(case.caseworker.id, mark, "hej igen").await;
    assert!(
        told.text.contains("hej igen\n┆ 🔴 HASTER · Alarm #9"),
        "{:?}",
        told.text
    );
    assert!(!told.text.contains("\n🔴 HASTER"), "{:?}", told.text);
    app.stop().await;
}

#[tokio::test]
async fn staff_reads_of_a_case_are_audited_without_texts() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    app.say(&case.caseworker, &format!("/sag {}", case.code)).await;
    app.say(
        &case.caseworker,
        &format!("/moede {} opfoelgning 26/11 14:00", case.code),
    )
    .await;
    app.say(&case.caseworker, &format!("/udkast {}", case.code)).await;
    app.settle().await;
    let mut tx = app.store.read().await.unwrap();
    let record = tx
        .case_by_code(&taetkontakt::domain::case::CaseCode::parse(&case.code).unwrap())
        .await
        .unwrap()
        .unwrap();
    let actions = tx.audit_actions_for_case(record.id).await.unwrap();
    tx.commit().await.unwrap();
    for read in ["read.case", "read.draft"] {
        assert!(actions.iter().any(|a| a == read), "{read} missing: {actions:?}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_checkin_without_a_case_code_offers_the_caseworkers_cases_as_buttons() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let ask = app.say(&case.caseworker, "/tjekind").await;
    assert!(!ask.text.contains("Tjek koden"), "no code needed: {}", ask.text);
    let button = ask
        .all_buttons()
        .find(|b| b.text.contains(&case.code))
        .and_then(|b| b.callback_data.clone())
        .expect("the case as a button");
    let mark = app.fake.message_seq();
    app.fake.press_button(&case.caseworker, ask.message_id, &button);
    prompt_after(&app, case.youth.id, mark).await;
    app.stop().await;
}
