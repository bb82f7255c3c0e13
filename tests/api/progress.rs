//! Progress as pictures: the young person's own chart and the caseworker's per-goal trends.

use crate::helpers::*;
use fake_telegram::MessageKind;

#[tokio::test]
async fn mine_sends_the_young_person_a_picture_of_their_own_answers_only() {
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
    for value in ["4", "6", "7"] {
        let mark = app.fake.message_seq();
        app.say(&case.caseworker, &format!("/tjekind {} alle", case.code))
            .await;
        for user in [&case.youth, &inge] {
            let prompt = prompt_after(&app, user.id, mark).await;
            app.answer(user, &prompt, value).await;
        }
        advance(&app, chrono::Duration::days(7)).await;
    }
    let mark = app.fake.message_seq();
    app.say(&case.youth, "/mine").await;
    app.settle().await;
    let photos: Vec<_> = app
        .fake
        .all_messages()
        .into_iter()
        .filter(|m| m.seq > mark && m.kind == MessageKind::Photo)
        .collect();
    assert_eq!(photos.len(), 1, "one picture");
    assert_eq!(photos[0].chat_id, case.youth.id, "to the young person only");
    let file = photos[0].file.as_ref().unwrap();
    assert_eq!(file.dimensions.map(|d| d.0), Some(1080), "phone width");
    assert!(file.data.starts_with(b"\x89PNG"));

    let mark = app.fake.message_seq();
    app.say(&case.caseworker, &format!("/sag {}", case.code)).await;
    app.settle().await;
    let photos: Vec<_> = app
        .fake
        .messages_to(case.caseworker.id)
        .into_iter()
        .filter(|m| m.seq > mark && m.kind == MessageKind::Photo)
        .collect();
    assert_eq!(photos.len(), 1, "the caseworker's picture");
    assert!(photos[0].text.contains("hver person"), "{}", photos[0].text);
    app.stop().await;
}

#[tokio::test]
async fn ledelse_answers_a_team_leader_and_refuses_a_caseworker() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let refused = app.say(&case.caseworker, "/ledelse").await;
    assert!(refused.text.contains("teamledere"), "{}", refused.text);

    let leader = joined_leader(&app, 1900, "Karen").await;
    let mark = app.fake.message_seq();
    let report = app.say(&leader, "/ledelse").await;
    assert!(report.text.contains("Ledelsesinformation"), "{}", report.text);
    // Five lines on one phone screen; the whole report comes as an HTML file.
    assert_eq!(report.text.lines().count(), 5, "{}", report.text);
    assert!(report.text.contains("i filen her"), "{}", report.text);
    let file = app
        .fake
        .wait_for_message(
            leader.id,
            |m| m.seq > mark && m.kind == MessageKind::Document,
            WAIT,
        )
        .await
        .expect("the whole report as a file");
    let document = file.file.as_ref().expect("a document carries a file");
    assert!(
        document
            .file_name
            .as_deref()
            .unwrap_or("")
            .starts_with("ledelsesinformation-")
            && document.file_name.as_deref().unwrap_or("").ends_with(".html"),
        "{:?}",
        document.file_name
    );
    let html = String::from_utf8(document.data.to_vec()).expect("UTF-8 HTML");
    assert!(html.contains("<!DOCTYPE html>") && html.contains("Mål pr. område"));
    assert!(
        html.contains("Sådan måles det"),
        "the progression rule is explained"
    );
    assert!(
        report.text.contains("<5"),
        "one case is a small count: {}",
        report.text
    );
    assert!(
        !report.text.contains(&case.code) && !report.text.contains("Lea"),
        "no identities: {}",
        report.text
    );
    app.stop().await;
}
