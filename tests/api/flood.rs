//! Floods contained where they are handled: one person's hundreds of texts reach the caseworker
//! as 20 forwards and one bundle, nothing is lost, danger is never bundled, and a stranger is
//! answered once an hour.

use chrono::Duration;

use crate::helpers::*;
use fake_telegram::FakeUser;
use taetkontakt::domain::case::CaseCode;

const DANGER: &str = "jeg har taget 20 panodil for en time siden";

#[tokio::test]
async fn more_than_twenty_texts_in_ten_minutes_reach_the_caseworker_as_one_bundle_and_all_are_kept() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let staff_mark = app.fake.message_seq();
    let youth_mark = staff_mark;
    for i in 1..=34 {
        app.fake.send_text(&case.youth, &format!("besked {i} om skolen"));
    }
    // Danger in the middle of a flood is answered and forwarded on its own, at once.
    app.fake.send_text(&case.youth, DANGER);
    app.settle().await;
    let to_staff = |mark: u64| -> Vec<String> {
        app.fake
            .messages_to(case.caseworker.id)
            .into_iter()
            .filter(|m| m.seq > mark)
            .map(|m| m.text)
            .collect()
    };
    let forwards: Vec<String> = to_staff(staff_mark)
        .into_iter()
        .filter(|t| t.contains("skrev: besked"))
        .collect();
    assert_eq!(forwards.len(), 20, "the first 20 one by one: {forwards:#?}");
    assert!(
        to_staff(staff_mark).iter().any(|t| t.contains("HASTER")),
        "the danger text's urgent alert went out at once"
    );
    let youth_got: Vec<String> = app
        .fake
        .messages_to(case.youth.id)
        .into_iter()
        .filter(|m| m.seq > youth_mark)
        .map(|m| m.text)
        .collect();
    assert_eq!(
        youth_got
            .iter()
            .filter(|t| t.contains("Din rådgiver kan se din besked"))
            .count(),
        20
    );
    assert_eq!(
        youth_got
            .iter()
            .filter(|t| t.contains("samlet i én besked"))
            .count(),
        1,
        "told once that the rest come together: {youth_got:#?}"
    );
    assert!(
        youth_got.iter().any(|t| t.contains("116 111")),
        "the danger answer"
    );
    assert!(
        !to_staff(staff_mark).iter().any(|t| t.contains("beskeder mere")),
        "the bundle waits for the end of the ten minutes"
    );

    // When the ten minutes are over, one bundle with the count and the /sag hint.
    let mark = app.fake.message_seq();
    advance(&app, Duration::minutes(11)).await;
    let bundle = app
        .message_containing(case.caseworker.id, mark, "beskeder mere")
        .await;
    assert!(bundle.text.contains("… og 14 beskeder mere"), "{}", bundle.text);
    assert!(
        bundle.text.contains(&format!("/sag {}", case.code)),
        "{}",
        bundle.text
    );
    assert_eq!(
        to_staff(mark)
            .iter()
            .filter(|t| t.contains("beskeder mere"))
            .count(),
        1
    );

    // Nothing is lost: every text is stored, and /sag shows the bundled ones.
    let mut tx = app.store.read().await.unwrap();
    let case_id = tx
        .case_by_code(&CaseCode::parse(&case.code).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let notes = tx.notes_of_case(case_id).await.unwrap();
    tx.commit().await.unwrap();
    for i in 1..=34 {
        let text = format!("besked {i} om skolen");
        assert!(notes.iter().any(|(_, body, _)| *body == text), "{text} stored");
    }
    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/sag {}", case.code)).await;
    let listed = app
        .message_containing(case.caseworker.id, mark, "kom samlet")
        .await;
    for i in 21..=34 {
        assert!(
            listed.text.contains(&format!("besked {i} om skolen")),
            "{i} listed: {}",
            listed.text
        );
    }
    assert!(!listed.text.contains("besked 20 om"), "{}", listed.text);

    // A new window: texts are forwarded one by one again.
    let mark = app.fake.message_seq();
    app.clock.advance(Duration::minutes(10));
    app.say(&case.youth, "nu er jeg rolig igen").await;
    assert!(got_message_containing(&app, case.caseworker.id, mark, "skrev: nu er jeg rolig igen").await);
    app.stop().await;
}

#[tokio::test]
async fn a_stranger_is_answered_once_an_hour_but_danger_and_help_always() {
    let app = TestApp::spawn().await;
    let stranger = FakeUser::new(4242, "Per");
    let first = app.say(&stranger, "hej").await;
    assert!(first.text.contains("link fra din rådgiver"), "{}", first.text);
    let mark = app.fake.message_seq();
    for i in 0..30 {
        app.fake.send_text(&stranger, &format!("hallo {i}"));
    }
    app.settle().await;
    assert!(
        app.fake.messages_to(stranger.id).iter().all(|m| m.seq <= mark),
        "no answer to the flood"
    );
    let help = app.say(&stranger, "/hjaelp").await;
    assert!(help.text.contains("116 111"), "{}", help.text);
    let danger = app.say(&stranger, DANGER).await;
    assert!(danger.text.contains("112"), "{}", danger.text);

    app.clock.advance(Duration::minutes(61));
    let again = app.say(&stranger, "hej igen").await;
    assert!(again.text.contains("link fra din rådgiver"), "{}", again.text);
    app.stop().await;
}
