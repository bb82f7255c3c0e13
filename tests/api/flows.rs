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
        "/rytme",
        "/vidnetekst",
        "/skala",
        "/udkast",
        "/indsats",
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
        assert_eq!(left.text, "Okay, det er afbrudt.", "{command}");
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
        assert_eq!(left.text, "Okay, det er afbrudt.", "{command}");
        assert_eq!(flow_of(&app, mette.id).await, None, "{command}: the flow went on");
    }
    // Deeper in: the meeting's date, the goal's wording.
    let goal = "1. Jeg kommer i skole hver dag";
    for (command, choice) in [
        ("/moede", "Kaffemøde"),
        ("/maal", "Sundhed"),
        ("/rytme", "ung"),
        ("/vidnetekst", goal),
        ("/skala", goal),
    ] {
        let first = app.say(mette, command).await;
        let second = app.press(mette, &first, &pick).await;
        let third = app.press(mette, &second, choice).await;
        assert!(
            third.button_data(CANCEL).is_some(),
            "{command}: no {CANCEL} on {:?}",
            third.text
        );
        let left = app.press(mette, &third, CANCEL).await;
        assert_eq!(left.text, "Okay, det er afbrudt.", "{command}");
        assert_eq!(flow_of(&app, mette.id).await, None, "{command}: the flow went on");
    }
    // Nothing was changed on the way: the case is still open with its one goal.
    let mine = app.say(&case.youth, "/mine").await;
    assert!(mine.text.contains("Jeg kommer i skole hver dag"), "{}", mine.text);
    app.stop().await;
}

/// Issue #15: every staff command works without arguments. Sent bare, `/rytme`, `/vidnetekst`
/// and `/skala` ask for the case, then the rest with buttons or one typed answer, and do what
/// the one-line command does.
#[tokio::test]
async fn the_goal_and_rhythm_commands_work_without_arguments() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let pick = format!("{} · Lea", case.code);
    let goal = "1. Jeg kommer i skole hver dag";

    // /rytme: case, whose rhythm, the rhythm in words (a wrong one may be typed again).
    let first = app.say(mette, "/rytme").await;
    assert_eq!(first.text, "Hvilken sag?");
    let role = app.press(mette, &first, &pick).await;
    assert_eq!(role.text, "Hvem skal den nye rytme gælde for?");
    let when = app.press(mette, &role, "ung").await;
    assert!(
        when.text.starts_with("Hvornår skal spørgsmålene komme?"),
        "{}",
        when.text
    );
    let wrong = app.say(mette, "engang imellem").await;
    assert!(
        wrong.text.starts_with("Den rytme forstår jeg ikke."),
        "{}",
        wrong.text
    );
    assert!(wrong.button_data(CANCEL).is_some(), "{:?}", wrong.text);
    let set = app.say(mette, "ugentlig mandag 16:00").await;
    assert!(
        set.text.starts_with(&format!(
            "Ny rytme for tjek-ind i {} (ung): hver mandag kl. 16.00.",
            case.code
        )),
        "{}",
        set.text
    );
    assert_eq!(flow_of(&app, mette.id).await, None);

    // /vidnetekst: case, goal (with today's wording), the new wording.
    let first = app.say(mette, "/vidnetekst").await;
    let which = app.press(mette, &first, &pick).await;
    assert_eq!(which.text, "Hvilket mål?");
    let ask = app.press(mette, &which, goal).await;
    assert!(
        ask.text
            .starts_with("Skriv, hvordan mål 1 skal lyde for forældre og hverdagsbevidnere."),
        "{}",
        ask.text
    );
    let done = app.say(mette, "Lea kommer i skole hver dag").await;
    assert_eq!(
        done.text,
        "Mål 1 har nu denne ordlyd for forældre og hverdagsbevidnere: Lea kommer i skole hver dag"
    );

    // /skala: case, goal, the scale as buttons.
    let first = app.say(mette, "/skala").await;
    let which = app.press(mette, &first, &pick).await;
    let scales = app.press(mette, &which, goal).await;
    assert_eq!(scales.text, "Hvilken skala skal mål 1 bruge?");
    let done = app.press(mette, &scales, "Aarhus 0–4, lavere er bedre").await;
    assert_eq!(done.text, "Mål 1 bruger nu skalaen Aarhus 0–4, lavere er bedre.");
    assert_eq!(flow_of(&app, mette.id).await, None);

    // /udkast and /indsats: the case as a button instead of a code to type.
    let first = app.say(mette, "/udkast").await;
    let none = app.press(mette, &first, &pick).await;
    assert!(
        none.text.starts_with("Der er intet planlagt møde i"),
        "{}",
        none.text
    );
    let first = app.say(mette, "/indsats").await;
    let ask = app.press(mette, &first, &pick).await;
    assert!(ask.button_data(CANCEL).is_some(), "{}", ask.text);
    app.stop().await;
}
