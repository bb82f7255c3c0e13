//! Bad input gets a clear answer and changes nothing.

use crate::helpers::*;
use chrono::Duration;
use fake_telegram::{FakeError, FakeTelegram, FakeUser};
use taetkontakt::domain::ids::TelegramUserId;
use taetkontakt::domain::staff::StaffRole;

#[tokio::test]
async fn a_stranger_is_told_an_invitation_is_needed_and_nothing_is_stored_about_them() {
    let app = TestApp::spawn().await;
    let stranger = FakeUser::new(666, "Ukendt");
    let reply = app.say(&stranger, "hej").await;
    assert!(reply.text.contains("link fra din rådgiver"), "{}", reply.text);
    // A stranger gets that answer at most once an hour.
    app.clock.advance(chrono::Duration::minutes(61));
    let reply = app.say(&stranger, "/nysag Lea").await;
    assert!(reply.text.contains("link fra din rådgiver"), "{}", reply.text);
    app.settle().await;

    let mut tx = app.store.read().await.unwrap();
    assert!(tx.staff_by_user(TelegramUserId(666)).await.unwrap().is_none());
    assert!(
        tx.participants_by_user(TelegramUserId(666))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(tx.conversation(666).await.unwrap(), None);
    tx.commit().await.unwrap();
    app.stop().await;
}

#[tokio::test]
async fn expired_used_and_malformed_invitations_are_refused_clearly() {
    let app = TestApp::spawn().await;
    let mette = FakeUser::new(1001, "Mette");
    let token = app.invite_staff("Mette", StaffRole::Caseworker, None).await;

    let reply = app.say(&mette, "/start not-a-token").await;
    assert!(reply.text.contains("virker ikke"), "{}", reply.text);
    let reply = app.say(&mette, "/start AAAAAAAAAAAAAAAAAAAAAA").await;
    assert!(
        reply.text.contains("virker ikke"),
        "unknown token: {}",
        reply.text
    );

    app.clock.advance(Duration::days(15));
    let reply = app.say(&mette, &format!("/start {}", token.as_str())).await;
    assert!(reply.text.contains("udløbet"), "{}", reply.text);
    let reply = app.say(&mette, "/sager").await;
    assert!(
        reply.text.contains("link fra din rådgiver"),
        "still not staff: {}",
        reply.text
    );

    let fresh = app.invite_staff("Mette", StaffRole::Caseworker, None).await;
    let welcome = app.say(&mette, &format!("/start {}", fresh.as_str())).await;
    assert!(welcome.text.contains("Velkommen"));
    let other = FakeUser::new(1003, "Impostor");
    let reply = app.say(&other, &format!("/start {}", fresh.as_str())).await;
    assert!(reply.text.contains("allerede brugt"), "{}", reply.text);
    let reply = app.say(&other, "/sager").await;
    assert!(reply.text.contains("link fra din rådgiver"), "{}", reply.text);
    app.stop().await;
}

#[tokio::test]
async fn group_chats_stickers_and_overlong_texts_get_a_short_answer() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;

    let mark = app.fake.message_seq();
    app.fake.send_group_text(-5001, &mette, "/sager");
    let reply = app.next_message(-5001, mark).await;
    assert!(reply.text.contains("ikke i grupper"), "{}", reply.text);

    let mark = app.fake.message_seq();
    app.fake.send_sticker(&mette);
    assert!(app.next_message(1001, mark).await.text.contains("kun læse tekst"));
    let mark = app.fake.message_seq();
    app.fake.send_voice(&mette);
    assert!(app.next_message(1001, mark).await.text.contains("kun læse tekst"));

    let reply = app.say(&mette, &"å".repeat(5000)).await;
    assert!(reply.text.contains("for lang"), "{}", reply.text);
    let reply = app.say(&mette, &format!("/nysag {}", "x".repeat(60))).await;
    assert!(reply.text.contains("Højst 40 tegn"), "{}", reply.text);
    let reply = app.say(&mette, "/nysag Lea 010203-1234").await;
    assert!(reply.text.contains("CPR"), "{}", reply.text);
    app.stop().await;
}

#[tokio::test]
async fn another_caseworkers_case_and_wrong_codes_are_simply_not_found() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let code = new_case(&app, &mette, "Lea").await;
    let ali = joined_caseworker(&app, 1002, "Ali").await;

    for command in [
        format!("/sag {code}"),
        format!("/maal {code} skole Noget"),
        format!("/inviter {code} ung"),
        "/sag K-ZZZZ".to_string(),
        "/sag bogus".to_string(),
    ] {
        let reply = app.say(&ali, &command).await;
        assert!(reply.text.contains("kan ikke finde"), "{command}: {}", reply.text);
    }
    let reply = app.say(&ali, "/sager").await;
    assert!(!reply.text.contains(&code), "{}", reply.text);
    let reply = app.say(&mette, &format!("/maal {code} rumfart Noget")).await;
    assert!(reply.text.contains("område"), "{}", reply.text);
    app.stop().await;
}

#[tokio::test]
async fn participants_cannot_use_caseworker_commands_or_foreign_buttons() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let code = new_case(&app, &mette, "Lea").await;
    let invite = app.say(&mette, &format!("/inviter {code} ung")).await;
    let lea = FakeUser::new(2001, "Lea");
    let consent = app
        .say(&lea, &format!("/start {}", invite_token(&invite.text)))
        .await;

    // Someone else presses Lea's consent button (e.g. a forwarded message): refused.
    let intruder = FakeUser::new(2999, "Intruder");
    let data = consent.button_data("Ja, jeg er med").unwrap().to_string();
    app.fake.press_button(&intruder, consent.message_id, &data);
    app.settle().await;
    let mut tx = app.store.read().await.unwrap();
    assert!(
        tx.participants_by_user(TelegramUserId(2999))
            .await
            .unwrap()
            .is_empty()
    );
    tx.commit().await.unwrap();

    app.press(&lea, &consent, "Ja, jeg er med").await;
    let reply = app.say(&lea, "/nysag Hacker").await;
    assert!(reply.text.contains("kun for rådgivere"), "{}", reply.text);
    let reply = app.say(&lea, "/hjaelp").await;
    assert!(reply.text.contains("116 111"), "{}", reply.text);
    app.stop().await;
}

#[tokio::test]
async fn a_twice_delivered_update_is_handled_once() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let update = app.fake.send_text(&mette, "/nysag Lea");
    app.settle().await;
    app.fake.inject_duplicate(update).expect("update known");
    app.settle().await;
    let list = app.say(&mette, "/sager").await;
    assert!(list.text.contains("Dine sager (1)"), "{}", list.text);
    let created = app
        .fake
        .messages_to(1001)
        .iter()
        .filter(|m| m.text.contains("Sagen er oprettet"))
        .count();
    assert_eq!(created, 1);
    app.stop().await;
}

#[tokio::test]
async fn the_service_starts_even_if_registering_the_menu_fails() {
    let fake = FakeTelegram::start().await.unwrap();
    fake.fail_next("setMyCommands", 5, FakeError::bad_request("commands"));
    let app = TestApp::spawn_with(fake).await;
    let stranger = FakeUser::new(7, "Per");
    let reply = app.say(&stranger, "/hjaelp").await;
    assert!(reply.text.contains("112"), "{}", reply.text);
    app.stop().await;
}

#[tokio::test]
async fn an_update_survives_a_restart_between_receiving_and_handling() {
    let mut app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    app.restart().await;
    let reply = app.say(&mette, "/nysag Lea").await;
    assert!(reply.text.contains("Sagen er oprettet"));
    app.stop().await;
}
