//! Safeguarding in two tiers, end to end: Fare answers with the help numbers and an urgent
//! alert; Bekymring asks "Er du i fare lige nu?" and escalates on "Ja" or on silence; adults
//! get the adult help text; captions and edited messages are checked too.

use chrono::Duration;

use crate::helpers::*;

/// A possible concern (Bekymring) in the shipped list: self-harm consequences.
const CONCERN: &str = "har fået nye ar på armene og går med lange ærmer hele tiden";
/// A clear danger (Fare) in the shipped list: something taken, with an amount.
const DANGER: &str = "jeg har taget 20 panodil for en time siden";

#[tokio::test]
async fn a_possible_concern_asks_and_a_yes_becomes_urgent_at_once() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let staff_mark = app.fake.message_seq();
    let question = app.say(&case.youth, CONCERN).await;
    assert!(
        question.text.contains("Er du i fare lige nu?"),
        "{}",
        question.text
    );
    assert!(question.text.contains("116 111"), "{}", question.text);
    let alert = app
        .message_containing(case.caseworker.id, staff_mark, "bekymring")
        .await;
    assert!(
        !alert.text.contains("HASTER ·"),
        "ordinary, not urgent: {}",
        alert.text
    );
    assert!(alert.text.contains("Signal: selvskade"), "{}", alert.text);
    assert!(got_message_containing(&app, case.caseworker.id, staff_mark, "lange ærmer").await);
    assert_eq!(open_alert_rules(&app, &case.code).await, vec!["concern:open"]);

    let staff_mark = app.fake.message_seq();
    let mark = app.fake.message_seq();
    app.press(&case.youth, &question, "Ja, jeg er i fare").await;
    let answer = app.message_containing(case.youth.id, mark, "112").await;
    assert!(answer.text.contains("116 111"), "{}", answer.text);
    let edited = app
        .fake
        .message(case.youth.id, question.message_id)
        .expect("question");
    assert!(
        edited.text.contains("Du svarede: Ja, jeg er i fare"),
        "{}",
        edited.text
    );
    assert!(edited.button_data("Nej, jeg er okay").is_none(), "buttons gone");
    let urgent = app
        .message_containing(case.caseworker.id, staff_mark, "HASTER ·")
        .await;
    assert!(urgent.text.contains("Ja, jeg er i fare"), "{}", urgent.text);
    assert_eq!(
        open_alert_rules(&app, &case.code).await,
        vec!["concern:replaced", "safety:open"]
    );

    // A second press changes nothing.
    let before = app.fake.messages_to(case.caseworker.id).len();
    app.fake.press_button(
        &case.youth,
        question.message_id,
        question.button_data("Ja, jeg er i fare").unwrap(),
    );
    app.settle().await;
    assert_eq!(app.fake.messages_to(case.caseworker.id).len(), before);
    app.stop().await;
}

#[tokio::test]
async fn an_unanswered_check_question_escalates_as_urgent_after_two_hours() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    app.say(&case.youth, CONCERN).await;
    let mark = app.fake.message_seq();
    advance(&app, Duration::minutes(119)).await;
    assert!(!got_message_containing(&app, case.caseworker.id, mark, "HASTER ·").await);
    advance(&app, Duration::minutes(2)).await;
    let urgent = app.message_containing(case.caseworker.id, mark, "HASTER ·").await;
    assert!(urgent.text.contains("ikke svaret"), "{}", urgent.text);
    assert!(urgent.text.contains("Signal: selvskade"), "{}", urgent.text);
    assert_eq!(
        open_alert_rules(&app, &case.code).await,
        vec!["concern:replaced", "safety:open"]
    );
    // Escalated once only.
    let mark = app.fake.message_seq();
    advance(&app, Duration::minutes(30)).await;
    assert!(!got_message_containing(&app, case.caseworker.id, mark, "ikke svaret").await);
    app.stop().await;
}

#[tokio::test]
async fn wanting_to_talk_gives_the_numbers_and_a_call_task() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let question = app.say(&case.youth, CONCERN).await;
    let staff_mark = app.fake.message_seq();
    let mark = app.fake.message_seq();
    app.press(&case.youth, &question, "Jeg vil gerne tale med nogen")
        .await;
    let reply = app.message_containing(case.youth.id, mark, "116 111").await;
    assert!(reply.text.contains("ringer til dig"), "{}", reply.text);
    let told = app
        .message_containing(case.caseworker.id, staff_mark, "tale med nogen")
        .await;
    assert!(told.text.contains("ringe op"), "{}", told.text);
    let calls = app.say(&case.caseworker, "/opkald").await;
    assert!(calls.text.contains("åbne opkald (1)"), "{}", calls.text);
    // Still only a possible concern: no answer that means danger.
    assert_eq!(open_alert_rules(&app, &case.code).await, vec!["concern:open"]);
    // And answering stops the two-hour escalation.
    let mark = app.fake.message_seq();
    advance(&app, Duration::hours(3)).await;
    assert!(!got_message_containing(&app, case.caseworker.id, mark, "ikke svaret").await);
    app.stop().await;
}

#[tokio::test]
async fn a_clear_danger_gets_the_numbers_and_an_urgent_alert_with_its_signal() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let staff_mark = app.fake.message_seq();
    let reply = app.say(&case.youth, DANGER).await;
    assert!(
        reply.text.contains("112") && reply.text.contains("116 111"),
        "{}",
        reply.text
    );
    let alert = app
        .message_containing(case.caseworker.id, staff_mark, "HASTER ·")
        .await;
    assert!(alert.text.contains("Signal: overdosis"), "{}", alert.text);
    assert!(
        !alert.text.contains("panodil for en time"),
        "the signal, not the text: {}",
        alert.text
    );
    assert_eq!(open_alert_rules(&app, &case.code).await, vec!["safety:open"]);
    app.stop().await;
}

#[tokio::test]
async fn a_witness_writing_about_danger_gets_the_adult_help_text() {
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
    let staff_mark = app.fake.message_seq();
    let reply = app
        .say(
            &inge,
            "Lea fortalte at hun har taget mange piller i aftes, hun er helt sløv",
        )
        .await;
    assert!(
        reply.text.contains("112") && reply.text.contains("114"),
        "{}",
        reply.text
    );
    assert!(reply.text.contains("underretning"), "{}", reply.text);
    assert!(!reply.text.contains("Er du i fare"), "{}", reply.text);
    let alert = app
        .message_containing(case.caseworker.id, staff_mark, "HASTER ·")
        .await;
    assert!(alert.text.contains("Inge"), "{}", alert.text);
    app.stop().await;
}

#[tokio::test]
async fn photo_captions_and_edited_messages_are_checked_too() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    app.settle().await;
    let mark = app.fake.message_seq();
    app.fake.send_photo_with_caption(&case.youth, DANGER);
    let reply = app.next_message(case.youth.id, mark).await;
    assert!(reply.text.contains("116 111"), "{}", reply.text);
    app.settle().await;

    // An innocent caption is passed on as text.
    let staff_mark = app.fake.message_seq();
    app.fake.send_photo_with_caption(&case.youth, "se min nye cykel");
    app.settle().await;
    assert!(got_message_containing(&app, case.caseworker.id, staff_mark, "se min nye cykel").await);

    // A message edited into danger is answered like a new one.
    let sent = app.say(&case.youth, "det går fint").await;
    let mark = app.fake.message_seq();
    app.fake.edit_user_text(
        &case.youth,
        sent.message_id - 1,
        "det går fint, men jeg vil hænge mig i aften",
    );
    let reply = app.next_message(case.youth.id, mark).await;
    assert!(reply.text.contains("116 111"), "{}", reply.text);
    // An innocent edit reaches the caseworker as an edit, without a reply.
    let staff_mark = app.fake.message_seq();
    app.fake
        .edit_user_text(&case.youth, sent.message_id - 1, "det går fint i dag");
    app.settle().await;
    assert!(got_message_containing(&app, case.caseworker.id, staff_mark, "rettede en besked").await);
    app.stop().await;
}

/// A farewell the list has no line for: the second opinion, learnt from the examples, answers
/// it, and the caseworker is told which examples it resembles, not a bare score.
#[tokio::test]
async fn the_second_opinion_answers_what_the_list_misses_and_says_why() {
    let farewell =
        "har skrevet breve til mor og min lillesøster, de ligger i skuffen. tror ikke jeg er her på mandag";
    assert!(
        taetkontakt::domain::safety::DangerSignals::parse(include_str!("../../data/danger-signals.txt"))
            .unwrap()
            .assess(farewell, taetkontakt::domain::safety::Writer::Youth)
            .is_none(),
        "the list alone misses it (else this test proves nothing)"
    );
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let staff_mark = app.fake.message_seq();
    let reply = app.say(&case.youth, farewell).await;
    assert!(reply.text.contains("116 111"), "{}", reply.text);
    let alert = app
        .message_containing(case.caseworker.id, staff_mark, "ligner eksemplerne på")
        .await;
    assert!(alert.text.contains("selvmord"), "{}", alert.text);
    assert!(
        !alert.text.contains("skuffen"),
        "the reason, not the text: {}",
        alert.text
    );
    app.stop().await;
}
