//! Every guided staff flow can be left with one tap: each question of a step carries
//! "✖️ Annuller", which ends the flow and changes nothing.

use crate::helpers::*;

const CANCEL: &str = "✖️ Annuller";

/// The conversation state stored for `chat` (None: no flow going on).
async fn flow_of(app: &TestApp, chat: i64) -> Option<String> {
    app.settle().await;
    let mut tx = app.store.read().await.unwrap();
    let state = tx.conversation(chat).await.unwrap();
    tx.commit().await.unwrap();
    state
}

#[tokio::test]
async fn every_guided_staff_flow_can_be_left_with_one_tap_at_every_step() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let pick = format!("{} · Lea", case.code);
    for command in [
        "/nysag",
        "/maal",
        "/inviter",
        "/moede",
        "/tjekind",
        "/luk",
        "/overdrag",
        "/sag",
    ] {
        // The first question: which case (or, for /nysag, the nickname).
        let first = app.say(mette, command).await;
        assert!(
            first.button_data(CANCEL).is_some(),
            "{command}: no {CANCEL} on {:?}",
            first.text
        );
        assert!(
            flow_of(&app, mette.id).await.is_some(),
            "{command}: no flow started"
        );
        let left = app.press(mette, &first, CANCEL).await;
        assert_eq!(left.text, "Ok, det er afbrudt.", "{command}");
        assert_eq!(flow_of(&app, mette.id).await, None, "{command}: the flow went on");

        // The step after the case is picked.
        if first.button_data(&pick).is_none() {
            continue;
        }
        let first = app.say(mette, command).await;
        let next = app.press(mette, &first, &pick).await;
        if flow_of(&app, mette.id).await.is_none() {
            // That command needs nothing more (e.g. /sag shows the case).
            continue;
        }
        assert!(
            next.button_data(CANCEL).is_some(),
            "{command}: no {CANCEL} on the next step {:?}",
            next.text
        );
        let left = app.press(mette, &next, CANCEL).await;
        assert_eq!(left.text, "Ok, det er afbrudt.", "{command}");
        assert_eq!(flow_of(&app, mette.id).await, None, "{command}: the flow went on");
    }
    // Deeper in: the meeting's date, the goal's wording.
    for (command, choice) in [("/moede", "Kaffemøde"), ("/maal", "Sundhed")] {
        let first = app.say(mette, command).await;
        let second = app.press(mette, &first, &pick).await;
        let third = app.press(mette, &second, choice).await;
        assert!(
            third.button_data(CANCEL).is_some(),
            "{command}: no {CANCEL} on {:?}",
            third.text
        );
        let left = app.press(mette, &third, CANCEL).await;
        assert_eq!(left.text, "Ok, det er afbrudt.", "{command}");
        assert_eq!(flow_of(&app, mette.id).await, None, "{command}: the flow went on");
    }
    // Nothing was changed on the way: the case is still open with its one goal.
    let mine = app.say(&case.youth, "/mine").await;
    assert!(mine.text.contains("Jeg kommer i skole hver dag"), "{}", mine.text);
    app.stop().await;
}
