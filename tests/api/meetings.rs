//! Meetings end to end through the fake Bot API with a manual clock: planning, the agenda on
//! day −5, "se ske" wishes, the reminder, the agenda draft the working day before, Holdt →
//! ratings and follow-up calls with their reminders, a moved meeting, the statutory
//! follow-up's reminders and escalation, and the daily digest.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Copenhagen;

use crate::helpers::*;
use fake_telegram::{FakeUser, MessageKind, SentMessage};

/// A local time in Copenhagen.
pub(crate) fn cph(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Copenhagen
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a local time that exists once")
        .with_timezone(&Utc)
}

/// Moves the clock to a local time and runs a scheduler pass there.
async fn at(app: &TestApp, y: i32, m: u32, d: u32, h: u32, min: u32) {
    app.clock.set(cph(y, m, d, h, min));
    app.tick().await;
}

/// Messages to `chat` newer than `mark` that contain `needle` (after the service settled).
async fn count_containing(app: &TestApp, chat: i64, mark: u64, needle: &str) -> usize {
    app.settle().await;
    app.fake
        .messages_to(chat)
        .iter()
        .filter(|m| m.seq > mark && m.text.contains(needle))
        .count()
}

/// The first file (document) sent to `chat` after `mark`, as text.
pub(crate) async fn document_after(app: &TestApp, chat: i64, mark: u64) -> (SentMessage, String) {
    let message = app
        .fake
        .wait_for_message(chat, |m| m.seq > mark && m.kind == MessageKind::Document, WAIT)
        .await
        .unwrap_or_else(|| panic!("no document to chat {chat}"));
    let file = message.file.clone().expect("a document carries a file");
    let html = String::from_utf8(file.data.to_vec()).expect("the draft is UTF-8 HTML");
    (message, html)
}

/// Presses a button that only edits its message (no new message follows) and waits until the
/// service has handled it. Returns the spinner's notice, if any.
pub(crate) async fn tap(
    app: &TestApp,
    user: &FakeUser,
    message: &SentMessage,
    label: &str,
) -> Option<String> {
    let data = message
        .button_data(label)
        .unwrap_or_else(|| panic!("no button {label:?} on {:?}", message.text))
        .to_string();
    let before = app.fake.callback_answers().len();
    app.fake.press_button(user, message.message_id, &data);
    app.settle().await;
    answer_after(app, before).await
}

/// The spinner notice of the first button answer after `before` answers.
pub(crate) async fn answer_after(app: &TestApp, before: usize) -> Option<String> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(answer) = app.fake.callback_answers().get(before) {
            return answer.text.clone();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the button was not answered"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The first message to `chat` after `mark` with a button labelled `label`.
pub(crate) async fn with_button(app: &TestApp, chat: i64, mark: u64, label: &str) -> SentMessage {
    app.fake
        .wait_for_message(chat, |m| m.seq > mark && m.button_data(label).is_some(), WAIT)
        .await
        .unwrap_or_else(|| panic!("no message with a {label:?} button to chat {chat}"))
}

#[tokio::test]
async fn the_draft_on_demand_shows_the_goals_and_the_wishes_received_so_far() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let anne = join(&app, &case.caseworker, &case.code, "forælder Anne", 3001, "Anne").await;

    // Monday 23 November; the meeting on Thursday is less than five days away: agenda at once.
    let mark = app.fake.message_seq();
    let created = app
        .say(
            &case.caseworker,
            &format!("/moede {} opfoelgning 26/11 14:00 Rådhuset", case.code),
        )
        .await;
    assert!(
        created
            .text
            .contains(&format!("Opfølgningsmøde i {} (Lea) er planlagt til", case.code))
            && created.text.contains("torsdag 26. november kl. 14.00")
            && created.text.contains("med det samme"),
        "{}",
        created.text
    );
    let agenda = app
        .message_containing(case.youth.id, mark, "Hvad vil vi gerne se ske?")
        .await;
    assert!(
        agenda.text.contains("Rådhuset") && agenda.text.contains("Anne"),
        "{}",
        agenda.text
    );
    let anne_agenda = app
        .message_containing(anne.id, mark, "Hvad vil vi gerne se ske?")
        .await;
    // The goal to rate comes with the agenda.
    prompt_after(&app, case.youth.id, mark).await;

    // A text written without the wish button is a message to the caseworker, not a wish.
    let staff_mark = app.fake.message_seq();
    let plain = app
        .say(&case.youth, "kan du ringe til mig i morgen? det er vigtigt")
        .await;
    assert!(!plain.text.contains("af 3"), "{}", plain.text);
    assert!(
        got_message_containing(
            &app,
            case.caseworker.id,
            staff_mark,
            "kan du ringe til mig i morgen"
        )
        .await
    );

    let saved = write_wishes(
        &app,
        &case.youth,
        &agenda,
        "1. Mere ro om morgenen\n2. Fodbold igen",
    )
    .await;
    assert!(saved.text.contains("2 af 3"), "{}", saved.text);
    let saved = write_wishes(&app, &anne, &anne_agenda, "En fast voksen i skolen").await;
    assert!(saved.text.contains("1 af 3"), "{}", saved.text);
    // "Færdig" ends wish mode: the next text is a message to the caseworker again.
    let done = app.press(&anne, &saved, "Færdig").await;
    assert!(
        done.text.contains("får din rådgiver det som en besked"),
        "{}",
        done.text
    );
    let plain = app.say(&anne, "Tak for i dag").await;
    assert!(!plain.text.contains("af 3"), "{}", plain.text);
    let too_many = app.say(&case.youth, "a\nb").await;
    assert!(too_many.text.contains("1 mere"), "{}", too_many.text);

    let mark = app.fake.message_seq();
    let summary = app.say(&case.caseworker, &format!("/udkast {}", case.code)).await;
    assert!(
        summary.text.contains("Udkast til dagsorden: Lea")
            && summary.text.contains("1. Jeg kommer i skole hver dag")
            && summary.text.contains("Ønsker til mødet: 3"),
        "{}",
        summary.text
    );
    let (file, html) = document_after(&app, case.caseworker.id, mark).await;
    assert!(file.text.contains(&case.code), "{}", file.text);
    assert!(
        !html.contains("kan du ringe til mig i morgen"),
        "a message to the caseworker is not in the printable draft"
    );
    assert!(summary.text.contains("Fortrolige beskeder"), "{}", summary.text);
    assert!(
        file.file
            .as_ref()
            .unwrap()
            .file_name
            .as_deref()
            .unwrap_or("")
            .ends_with("-2026-11-26.html"),
        "{:?}",
        file.file
    );
    for needle in [
        "Jeg kommer i skole hver dag",
        "Mere ro om morgenen",
        "Fodbold igen",
        "En fast voksen i skolen",
        "Rådhuset",
    ] {
        assert!(html.contains(needle), "{needle} missing from the draft");
    }
    // What Anne wrote to the caseworker about the last meeting is not printed for others.
    assert!(
        !html.contains("Jeg fik ikke sagt det vigtigste"),
        "a confidence in the draft"
    );
    assert!(summary.text.contains("Fortrolige beskeder"), "{}", summary.text);
    // Another caseworker cannot read it.
    let other = joined_caseworker(&app, 1002, "Jens").await;
    let refused = app.say(&other, &format!("/udkast {}", case.code)).await;
    assert!(refused.text.contains("kan ikke finde"), "{}", refused.text);
    app.stop().await;
}

#[tokio::test]
async fn a_meeting_from_agenda_to_follow_up_calls() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let lea = &case.youth;
    let anne = join(&app, mette, &case.code, "forælder Anne", 3001, "Anne").await;
    let ali = join(&app, mette, &case.code, "forælder Ali", 3002, "Ali").await;
    let inge = join(&app, mette, &case.code, "vidne mormor Inge", 4001, "Inge").await;

    // Monday 23 November 10:00: a follow-up meeting on Tuesday 1 December.
    let mark = app.fake.message_seq();
    let created = app
        .say(
            mette,
            &format!("/moede {} opfoelgning 1/12 14:00 Rådhuset", case.code),
        )
        .await;
    assert!(
        created
            .text
            .contains("sendes til 3 deltagere torsdag 26. november kl. 16.00"),
        "{}",
        created.text
    );
    let invitees = app
        .message_containing(mette.id, mark, "Inviterede til mødet")
        .await;
    assert!(
        invitees.button_data("✓ ung (Lea)").is_some()
            && invitees.button_data("✓ forælder (Anne)").is_some()
            && invitees.button_data("➕ mormor (Inge)").is_some(),
        "{:?}",
        invitees.buttons
    );

    // The weekly check-in on Monday 16:00: Lea answers 4.
    let mark = app.fake.message_seq();
    at(&app, 2026, 11, 23, 16, 0).await;
    let prompt = prompt_after(&app, lea.id, mark).await;
    app.answer(lea, &prompt, "4").await;

    // Day −5, 16:00: the agenda goes to Lea, Anne and Ali — not to the witness.
    let agenda_mark = app.fake.message_seq();
    at(&app, 2026, 11, 25, 12, 0).await;
    assert_eq!(count_containing(&app, lea.id, agenda_mark, "se ske").await, 0);
    at(&app, 2026, 11, 26, 16, 0).await;
    for user in [lea, &anne, &ali] {
        let agenda = app
            .message_containing(user.id, agenda_mark, "Hvad vil vi gerne se ske?")
            .await;
        assert!(
            agenda.text.contains("tirsdag 1. december kl. 14.00"),
            "{}",
            agenda.text
        );
    }
    assert_eq!(count_containing(&app, inge.id, agenda_mark, "se ske").await, 0);
    // Lea rates her goal again (8) and two of the three write what they want to see happen.
    let prompt = prompt_after(&app, lea.id, agenda_mark).await;
    tap(&app, lea, &prompt, "8").await;
    app.edited_to_contain(lea.id, prompt.message_id, "«Jeg kommer i skole hver dag»: 8")
        .await;
    let lea_agenda = app
        .message_containing(lea.id, agenda_mark, "vil vi gerne se ske?")
        .await;
    let saved = write_wishes(&app, lea, &lea_agenda, "Mere ro om morgenen\nFodbold igen").await;
    assert!(saved.text.contains("2 af 3"), "{}", saved.text);
    let anne_agenda = app
        .message_containing(anne.id, agenda_mark, "vil vi gerne se ske?")
        .await;
    let saved = write_wishes(&app, &anne, &anne_agenda, "En fast voksen i skolen").await;
    assert!(saved.text.contains("1 af 3"), "{}", saved.text);

    // Day −2, 16:00: a gentle reminder to Ali only; running the scheduler again sends nothing.
    let mark = app.fake.message_seq();
    at(&app, 2026, 11, 29, 16, 0).await;
    app.tick().await;
    assert_eq!(count_containing(&app, ali.id, mark, "lille påmindelse").await, 1);
    assert_eq!(count_containing(&app, lea.id, mark, "lille påmindelse").await, 0);
    assert_eq!(count_containing(&app, anne.id, mark, "lille påmindelse").await, 0);

    // The working day before, 08:00: the draft with trends and wishes, once.
    let mark = app.fake.message_seq();
    at(&app, 2026, 11, 30, 8, 0).await;
    app.tick().await;
    let summary = app
        .message_containing(mette.id, mark, "Udkast til dagsorden")
        .await;
    assert!(
        summary.text.contains("ung (Lea) bedre") && summary.text.contains("Ønsker til mødet: 3"),
        "{}",
        summary.text
    );
    let (_, html) = document_after(&app, mette.id, mark).await;
    for needle in [
        "class=\"better\">Bedre",
        "Mere ro om morgenen",
        "En fast voksen i skolen",
        "Hvad bekymrer?",
    ] {
        assert!(html.contains(needle), "{needle} missing from the draft");
    }
    assert_eq!(
        count_containing(&app, mette.id, mark, "Udkast til dagsorden").await,
        2
    );
    // The morning digest lists the meeting and the agenda still waiting for Ali.
    let digest = app.message_containing(mette.id, mark, "Godmorgen").await;
    assert!(
        digest.text.contains("Møder de næste 7 dage (1)") && digest.text.contains("2 af 3 har svaret"),
        "{}",
        digest.text
    );

    // Two hours after the meeting: Holdt · Aflyst · Flyttet.
    let mark = app.fake.message_seq();
    at(&app, 2026, 12, 1, 15, 59).await;
    assert_eq!(
        count_containing(&app, mette.id, mark, "Blev mødet holdt?").await,
        0
    );
    at(&app, 2026, 12, 1, 16, 0).await;
    let question = app.message_containing(mette.id, mark, "Blev mødet holdt?").await;
    let mark = app.fake.message_seq();
    let held = app.press(mette, &question, "Holdt").await;
    assert!(
        held.text.contains("registreret som holdt")
            && held.text.contains("Der er lavet 2 opgaver om at ringe op")
            && held.text.contains("15. december 2026"),
        "{}",
        held.text
    );
    let task = app
        .message_containing(mette.id, mark, "Ring til forælder (Anne)")
        .await;
    assert!(
        task.text.contains("Er indsatsen kommet i gang?") && task.button_data("Ikke truffet").is_some(),
        "{}",
        task.text
    );
    app.message_containing(mette.id, mark, "Ring til forælder (Ali)")
        .await;
    // Ali did not come: no rating question for him.
    let attendance = with_button(&app, mette.id, mark, "Færdig").await;
    tap(&app, mette, &attendance, "✓ forælder (Ali)").await;
    let attendance = app.fake.message(mette.id, attendance.message_id).unwrap();
    assert!(
        attendance.button_data("✗ forælder (Ali)").is_some(),
        "{:?}",
        attendance.buttons
    );
    let rating_mark = app.fake.message_seq();
    let asked = app.press(mette, &attendance, "Færdig").await;
    assert!(asked.text.contains("2 deltagere"), "{}", asked.text);
    let youth_call = with_button(&app, mette.id, rating_mark, "Nej").await;
    let next = app.press(mette, &youth_call, "Nej").await;
    assert!(next.text.contains("næste opfølgning"), "{}", next.text);
    let set = app.press(mette, &next, "Om 6 måneder, 1. juni 2027").await;
    assert!(set.text.contains("senest 1. juni 2027"), "{}", set.text);

    // Lea rates the meeting and says a little more.
    let rating = with_button(&app, lea.id, rating_mark, "9").await;
    assert!(
        rating.text.contains("Hvordan var mødet for dig?"),
        "{}",
        rating.text
    );
    let ask = app.press(lea, &rating, "9").await;
    assert!(ask.text.contains("fortælle lidt mere"), "{}", ask.text);
    let thanks = app.say(lea, "Det var godt at blive hørt").await;
    assert!(thanks.text.contains("Tak for dit svar"), "{}", thanks.text);
    assert_eq!(
        count_containing(&app, ali.id, rating_mark, "Hvordan var mødet").await,
        0
    );
    // Anne pressing a button with Lea's rating data is refused.
    let anne_agenda = app.message_containing(anne.id, agenda_mark, "se ske").await;
    let before = app.fake.callback_answers().len();
    app.fake
        .press_button(&anne, anne_agenda.message_id, rating.button_data("0").unwrap());
    let notice = answer_after(&app, before).await;
    assert_eq!(notice.as_deref(), Some("Den knap virker ikke mere."));

    // The calls are due on 15 December: reminders on day 10 (11 Dec) and day 14.
    let mark = app.fake.message_seq();
    for day in 2..=10 {
        at(&app, 2026, 12, day, 8, 0).await;
    }
    assert_eq!(count_containing(&app, mette.id, mark, "Husk at ringe").await, 0);
    at(&app, 2026, 12, 11, 8, 0).await;
    app.tick().await;
    assert_eq!(
        count_containing(&app, mette.id, mark, "Husk at ringe til forælder (Anne)").await,
        1
    );
    assert_eq!(
        count_containing(&app, mette.id, mark, "Husk at ringe til forælder (Ali)").await,
        1
    );
    let mark = app.fake.message_seq();
    at(&app, 2026, 12, 14, 8, 0).await;
    assert_eq!(count_containing(&app, mette.id, mark, "I dag: ring").await, 0);
    at(&app, 2026, 12, 15, 8, 0).await;
    let due = app
        .message_containing(mette.id, mark, "I dag: ring til forælder (Anne)")
        .await;
    // Ringet, with a note: the task is done and leaves the digest.
    let ask_note = app.press(mette, &due, "Ringet").await;
    assert!(ask_note.text.contains("note"), "{}", ask_note.text);
    let done = app.say(mette, "Indsatsen er i gang, alt vel").await;
    assert!(done.text.contains("registreret"), "{}", done.text);
    let again = tap(&app, mette, &due, "Ringet").await;
    assert_eq!(again.as_deref(), Some("Det opkald er allerede registreret."));
    let list = app.say(mette, "/opkald").await;
    assert!(list.text.contains("(1)"), "{}", list.text);

    // The rating shows in the next meeting's draft; what was written to the caseworker
    // about it stays confidential.
    let mark = app.fake.message_seq();
    app.say(mette, &format!("/moede {} netvaerk 17/12 10:00", case.code))
        .await;
    app.say(mette, &format!("/udkast {}", case.code)).await;
    let (_, html) = document_after(&app, mette.id, mark).await;
    assert!(
        html.contains("Hvordan var sidste møde?"),
        "the ratings are in the next draft"
    );
    assert!(
        !html.contains("Det var godt at blive hørt"),
        "the rating comment is not in the printable draft"
    );
    app.stop().await;
}

/// The goal ratings that go with an agenda are one message, labelled for the meeting: each tap
/// edits it into the next goal, and the last one into the thanks with every number.
#[tokio::test]
async fn the_ratings_with_an_agenda_are_one_message_that_walks_through_the_goals() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let lea = &case.youth;
    for goal in [
        "sundhed Jeg sover godt om natten",
        "fritid Jeg ser mine venner efter skole",
    ] {
        let added = app.say(mette, &format!("/maal {} {goal}", case.code)).await;
        app.press(mette, &added, "✅ Brug forslaget").await;
    }
    app.say(
        mette,
        &format!("/moede {} opfoelgning 1/12 14:00 Rådhuset", case.code),
    )
    .await;
    let mark = app.fake.message_seq();
    at(&app, 2026, 11, 26, 16, 0).await;
    let agenda = app
        .message_containing(lea.id, mark, "Hvad vil vi gerne se ske?")
        .await;
    assert!(agenda.text.contains("ikke et ekstra tjek-ind"), "{}", agenda.text);
    let rating = with_button(&app, lea.id, mark, "7").await;
    assert!(
        rating
            .text
            .starts_with("📋 Til mødet · mål 1 af 3\n«Jeg kommer i skole hver dag»"),
        "{}",
        rating.text
    );
    // One message for three goals, and no weekly greeting.
    assert_eq!(count_containing(&app, lea.id, mark, "Til mødet").await, 1);
    let with_scale = app
        .fake
        .messages_to(lea.id)
        .into_iter()
        .filter(|m| m.seq > mark && m.button_data("7").is_some())
        .count();
    assert_eq!(with_scale, 1, "one message with the scale");

    tap(&app, lea, &rating, "7").await;
    let second = app
        .edited_to_contain(lea.id, rating.message_id, "mål 2 af 3")
        .await;
    assert!(
        second.text.contains("✓ «Jeg kommer i skole hver dag»: 7")
            && second.text.contains("«Jeg sover godt om natten»"),
        "{}",
        second.text
    );
    tap(&app, lea, &second, "Spring over").await;
    let third = app
        .edited_to_contain(lea.id, rating.message_id, "mål 3 af 3")
        .await;
    tap(&app, lea, &third, "4").await;
    let done = app
        .edited_to_contain(
            lea.id,
            rating.message_id,
            "Tak! Din rådgiver tager dine tal med til mødet.",
        )
        .await;
    assert!(
        done.text.starts_with("📋 Til mødet\n")
            && done.text.contains("✓ «Jeg kommer i skole hver dag»: 7")
            && done.text.contains("✓ «Jeg sover godt om natten»: sprunget over")
            && done.text.contains("✓ «Jeg ser mine venner efter skole»: 4"),
        "{}",
        done.text
    );
    assert!(done.button_data("7").is_none() && done.button_data("Skriv til min rådgiver").is_some());
    // Still one message: every step was an edit.
    assert_eq!(count_containing(&app, lea.id, mark, "Til mødet").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn a_moved_meeting_tells_the_participants_and_sends_the_agenda_again() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let lea = &case.youth;
    let inge = join(&app, mette, &case.code, "vidne mormor Inge", 4001, "Inge").await;

    // Guided: /moede without arguments.
    let pick = app.say(mette, "/moede").await;
    let kind = app.press(mette, &pick, &format!("{} · Lea", case.code)).await;
    let date = app.press(mette, &kind, "Netværksmøde").await;
    assert!(date.text.contains("Hvilken dag"), "{}", date.text);
    let bad = app.say(mette, "31/4").await;
    assert!(bad.text.contains("findes ikke"), "{}", bad.text);
    app.say(mette, "26/11").await;
    let place = app.say(mette, "kl. 14").await;
    let mark = app.fake.message_seq();
    let created = app.press(mette, &place, "Spring over").await;
    assert!(
        created.text.contains("Netværksmøde") && created.text.contains("med det samme"),
        "{}",
        created.text
    );
    // The young person is spoken to without her name; adults are told whom it is about.
    app.message_containing(lea.id, mark, "Du er inviteret til et netværksmøde.\n")
        .await;
    // The witness is added after the agenda went out: she gets it at once.
    let invitees = app
        .message_containing(mette.id, mark, "Inviterede til mødet")
        .await;
    tap(&app, mette, &invitees, "➕ mormor (Inge)").await;
    app.message_containing(inge.id, mark, "Du er inviteret til et netværksmøde om Lea.\n")
        .await;
    let invitees = app.fake.message(mette.id, invitees.message_id).unwrap();
    assert!(
        invitees.button_data("✓ mormor (Inge)").is_some(),
        "{:?}",
        invitees.buttons
    );

    // Flyttet: the new time is asked for; the participants are told at once.
    let mark = app.fake.message_seq();
    let ask = app.press(mette, &created, "Flyttet").await;
    assert!(ask.text.contains("Hvornår er mødet flyttet til?"), "{}", ask.text);
    let wrong = app.say(mette, "1/1/2020 10:00").await;
    assert!(wrong.text.contains("allerede gået"), "{}", wrong.text);
    let moved = app.say(mette, "8/12 10:00").await;
    assert!(
        moved.text.contains("tirsdag 8. december kl. 10.00"),
        "{}",
        moved.text
    );
    for user in [lea, &inge] {
        let notice = app.message_containing(user.id, mark, "er flyttet").await;
        assert!(
            notice.text.contains("tirsdag 8. december kl. 10.00"),
            "{}",
            notice.text
        );
    }

    // No question about the old time; the agenda again on day −5 of the new one.
    let mark = app.fake.message_seq();
    at(&app, 2026, 11, 26, 16, 0).await;
    assert_eq!(
        count_containing(&app, mette.id, mark, "Blev mødet holdt?").await,
        0
    );
    at(&app, 2026, 12, 3, 15, 59).await;
    assert_eq!(
        count_containing(&app, lea.id, mark, "vil vi gerne se ske?").await,
        0
    );
    at(&app, 2026, 12, 3, 16, 0).await;
    let agenda = app.message_containing(lea.id, mark, "vil vi gerne se ske?").await;
    assert!(
        agenda.text.contains("tirsdag 8. december kl. 10.00"),
        "{}",
        agenda.text
    );
    app.message_containing(inge.id, mark, "vil vi gerne se ske?")
        .await;
    at(&app, 2026, 12, 8, 12, 0).await;
    let question = app.message_containing(mette.id, mark, "Blev mødet holdt?").await;
    assert!(question.text.contains("8. december"), "{}", question.text);

    // Aflyst: the participants are told; a second press changes nothing.
    let mark = app.fake.message_seq();
    let cancelled = app.press(mette, &question, "Aflyst").await;
    assert!(cancelled.text.contains("aflyst"), "{}", cancelled.text);
    app.message_containing(lea.id, mark, "er aflyst").await;
    let notice = tap(&app, mette, &question, "Holdt").await;
    assert!(
        notice
            .as_deref()
            .is_some_and(|t| t.contains("allerede registreret som aflyst")),
        "{notice:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_overdue_statutory_follow_up_is_reminded_then_escalated_to_the_team_leader() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let leader = joined_leader(&app, 1900, "Karen").await;
    let code = new_case(&app, &mette, "Lea").await;

    let ask = app.say(&mette, &format!("/indsats {code}")).await;
    assert!(ask.text.contains("Hvornår startede indsatsen?"), "{}", ask.text);
    let future = app.say(&mette, "2027-01-01").await;
    assert!(future.text.contains("ikke kommet"), "{}", future.text);
    let set = app.say(&mette, "5/9").await;
    assert!(
        set.text.contains("gik i gang 5. september 2026") && set.text.contains("senest 5. december 2026"),
        "{}",
        set.text
    );

    // Due on Saturday 5 December: 14 days before has passed, so the first reminder comes now.
    let mark = app.fake.message_seq();
    at(&app, 2026, 11, 23, 10, 1).await;
    app.tick().await;
    assert_eq!(count_containing(&app, mette.id, mark, "om 12 dage").await, 1);
    // The due-date reminder on the last working day before the Saturday.
    let mark = app.fake.message_seq();
    at(&app, 2026, 12, 3, 8, 0).await;
    assert_eq!(count_containing(&app, mette.id, mark, "Fristen").await, 0);
    at(&app, 2026, 12, 4, 8, 0).await;
    app.message_containing(mette.id, mark, "Fristen for opfølgningen")
        .await;
    // Overdue on Monday: the caseworker; a week after the due date: the team leader.
    let mark = app.fake.message_seq();
    at(&app, 2026, 12, 7, 8, 0).await;
    let overdue = app
        .message_containing(mette.id, mark, "skulle have været holdt")
        .await;
    assert!(overdue.text.contains("2 dage over fristen"), "{}", overdue.text);
    at(&app, 2026, 12, 11, 8, 0).await;
    assert_eq!(count_containing(&app, leader.id, mark, "over fristen").await, 0);
    at(&app, 2026, 12, 14, 8, 0).await;
    app.tick().await;
    let escalated = app.message_containing(leader.id, mark, "teamleder").await;
    assert!(
        escalated.text.contains("hos Mette") && escalated.text.contains("9 dage over fristen"),
        "{}",
        escalated.text
    );
    assert_eq!(count_containing(&app, leader.id, mark, "teamleder").await, 1);
    // The digest lists the overdue follow-up.
    let digest = app.message_containing(mette.id, mark, "Godmorgen").await;
    assert!(digest.text.contains("over fristen"), "{}", digest.text);
    app.stop().await;
}

#[tokio::test]
async fn the_digest_comes_on_weekdays_and_not_on_sundays_or_holidays() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let idle = joined_caseworker(&app, 1002, "Jens").await;

    // /ring: an alert at once and a call task due within two working days.
    let mark = app.fake.message_seq();
    app.say(&case.youth, "/ring").await;
    app.message_containing(mette.id, mark, "ringet op").await;
    app.say(&case.youth, "/ring").await;
    let list = app.say(mette, "/opkald").await;
    assert!(
        list.text.contains("(1)"),
        "one task however often asked: {}",
        list.text
    );
    let task = app
        .message_containing(mette.id, list.seq, "vil gerne ringes op. Ring senest")
        .await;
    assert!(task.text.contains("25. november 2026"), "{}", task.text);

    // Tuesday 08:00: one digest for Mette, none for Jens who has nothing.
    let mark = app.fake.message_seq();
    at(&app, 2026, 11, 24, 7, 59).await;
    assert_eq!(count_containing(&app, mette.id, mark, "Godmorgen").await, 0);
    at(&app, 2026, 11, 24, 8, 0).await;
    at(&app, 2026, 11, 24, 9, 0).await;
    assert_eq!(count_containing(&app, mette.id, mark, "Godmorgen").await, 1);
    assert_eq!(count_containing(&app, idle.id, mark, "Godmorgen").await, 0);
    let digest = app.message_containing(mette.id, mark, "Godmorgen").await;
    assert!(
        digest.text.contains("Åbne alarmer (1)") && digest.text.contains("vil ringes op"),
        "{}",
        digest.text
    );

    // "Ikke truffet" on Wednesday: tried again on Friday.
    at(&app, 2026, 11, 25, 8, 0).await;
    let retry = app.press(mette, &task, "Ikke truffet").await;
    assert!(retry.text.contains("27. november"), "{}", retry.text);

    // Sunday and Christmas Day: nothing. The next working day: the overdue call too.
    let mark = app.fake.message_seq();
    at(&app, 2026, 11, 29, 8, 0).await;
    at(&app, 2026, 12, 25, 8, 0).await;
    assert_eq!(count_containing(&app, mette.id, mark, "Godmorgen").await, 0);
    at(&app, 2026, 12, 28, 8, 0).await;
    let digest = app.message_containing(mette.id, mark, "Godmorgen").await;
    assert!(
        digest.text.contains("Opkald (1)") && digest.text.contains("for sent"),
        "{}",
        digest.text
    );
    app.stop().await;
}

/// Answers the check-in prompts sent to `user` after `mark`, goal by goal (`None`: skip).
pub(crate) async fn answer_prompts(app: &TestApp, user: &FakeUser, mark: u64, values: &[Option<i32>]) {
    let prompts: Vec<SentMessage> = loop {
        app.settle().await;
        let prompts: Vec<SentMessage> = app
            .fake
            .messages_to(user.id)
            .into_iter()
            .filter(|m| m.seq > mark && m.button_data("7").is_some())
            .collect();
        if prompts.len() >= values.len() {
            break prompts;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    for (prompt, value) in prompts.iter().zip(values) {
        let label = value.map_or_else(|| "Spring over".to_string(), |v| v.to_string());
        tap(app, user, prompt, &label).await;
    }
}

/// A case with a few weeks of history, a held meeting and the next one ahead: the draft has
/// something in every section. With `WRITE_README_EXAMPLE=1` it is written to
/// `docs/agenda-example.html` (linked from the README).
#[tokio::test]
async fn the_draft_shows_trends_alerts_reports_disagreements_and_last_meetings_ratings() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let lea = &case.youth;
    let added = app
        .say(
            mette,
            &format!("/maal {} fritid Jeg ser mine venner efter skole", case.code),
        )
        .await;
    app.press(mette, &added, "✅ Brug forslaget").await;
    let anne = join(&app, mette, &case.code, "forælder Anne", 3001, "Anne").await;
    let inge = join(&app, mette, &case.code, "vidne mormor Inge", 4001, "Inge").await;

    // A coffee meeting on Tuesday, held; Lea and Anne rate it.
    app.say(mette, &format!("/moede {} kaffe 24/11 10:00", case.code))
        .await;
    let mark = app.fake.message_seq();
    at(&app, 2026, 11, 24, 12, 0).await;
    let question = app.message_containing(mette.id, mark, "Blev mødet holdt?").await;
    app.press(mette, &question, "Holdt").await;
    let attendance = with_button(&app, mette.id, mark, "Færdig").await;
    let rating_mark = app.fake.message_seq();
    app.press(mette, &attendance, "Færdig").await;
    let youth_call = with_button(&app, mette.id, rating_mark, "Nej").await;
    tap(&app, mette, &youth_call, "Nej").await;
    let rating = with_button(&app, lea.id, rating_mark, "9").await;
    app.press(lea, &rating, "9").await;
    let rating = with_button(&app, anne.id, rating_mark, "7").await;
    app.press(&anne, &rating, "7").await;
    app.say(&anne, "Jeg fik ikke sagt det vigtigste").await;

    // Four weekly rounds for everyone; Lea's school goal drops sharply in the last one.
    // (month, day, Lea, Anne, Inge): one value per goal, None = "Spring over".
    type Round = [Option<i32>; 2];
    let weeks: [(u32, u32, Round, Round, Round); 4] = [
        (11, 26, [Some(7), Some(8)], [Some(6), Some(5)], [Some(7), None]),
        (12, 3, [Some(7), Some(8)], [Some(6), Some(5)], [Some(6), Some(6)]),
        (12, 10, [Some(8), Some(8)], [Some(5), Some(4)], [Some(5), Some(6)]),
        (12, 17, [Some(3), Some(8)], [Some(4), Some(4)], [Some(4), Some(5)]),
    ];
    for (month, day, youth, parent, witness) in weeks {
        app.clock.set(cph(2026, month, day, 17, 0));
        let mark = app.fake.message_seq();
        app.say(mette, &format!("/tjekind {} alle", case.code)).await;
        answer_prompts(&app, lea, mark, &youth).await;
        answer_prompts(&app, &anne, mark, &parent).await;
        answer_prompts(&app, &inge, mark, &witness).await;
    }
    let alert = app.message_containing(mette.id, 0, "Tydeligt værre").await;
    app.press(mette, &alert, "Kontakt ung/familie").await;

    // Mormor reports "Værre" with a few words.
    let goals = app.say(&inge, "/meld").await;
    let direction = app.press(&inge, &goals, "Overordnet").await;
    app.press(&inge, &direction, "Værre").await;
    let told = app.fake.message_seq();
    app.say(&inge, "Hun har været meget ked af det i weekenden").await;
    // Mette takes mormor's words to the meeting; everything else written to her stays out.
    let forwarded = app
        .message_containing(mette.id, told, "Hun har været meget ked af det i weekenden")
        .await;
    let taken = app.press(mette, &forwarded, "📋 Tag med på mødet").await;
    assert!(taken.text.contains("udkastet til dagsorden"), "{}", taken.text);

    // The follow-up meeting on Tuesday 22 December; mormor is invited too.
    app.clock.set(cph(2026, 12, 18, 9, 0));
    app.settle().await;
    let mark = app.fake.message_seq();
    app.say(
        mette,
        &format!(
            "/moede {} opfoelgning 22/12 13:00 Rådhuset, mødelokale 2",
            case.code
        ),
    )
    .await;
    let invitees = app
        .message_containing(mette.id, mark, "Inviterede til mødet")
        .await;
    tap(&app, mette, &invitees, "➕ mormor (Inge)").await;
    for (user, wishes) in [
        (lea, "Mere ro om morgenen\nAt jeg må spille fodbold igen"),
        (&anne, "En fast voksen i skolen"),
        (&inge, "At Lea kommer med i kolonihaven igen"),
    ] {
        let agenda = with_button(&app, user.id, mark, "✍️ Skriv, hvad du vil se ske").await;
        write_wishes(&app, user, &agenda, wishes).await;
    }

    let mark = app.fake.message_seq();
    let summary = app.say(mette, &format!("/udkast {}", case.code)).await;
    let (_, html) = document_after(&app, mette.id, mark).await;
    for needle in [
        "class=\"worse\">Værre",
        "Tydeligt værre",
        "Kontakt ung/familie",
        "Hun har været meget ked af det i weekenden",
        "Forskelle mellem svarene",
        "class=\"talk\"",
        "At Lea kommer med i kolonihaven igen",
        "Siden sidste møde",
    ] {
        assert!(html.contains(needle), "{needle} missing from the draft");
    }
    assert!(
        summary.text.contains("Alarmer: 2 · ikke vurderet: 1")
            && summary.text.contains("Ønsker til mødet: 4"),
        "{}",
        summary.text
    );
    if std::env::var("WRITE_README_EXAMPLE").is_ok() {
        std::fs::write("docs/agenda-example.html", &html).expect("docs/ is writable");
        println!("{}", summary.text);
    }
    app.stop().await;
}

/// Taps "Skriv, hvad du vil se ske" on the agenda and writes `text`; returns the bot's answer.
pub(crate) async fn write_wishes(
    app: &TestApp,
    user: &FakeUser,
    agenda: &SentMessage,
    text: &str,
) -> SentMessage {
    let asked = app.press(user, agenda, "✍️ Skriv, hvad du vil se ske").await;
    assert!(
        asked.text.contains("Skriv det, du gerne vil se ske"),
        "{}",
        asked.text
    );
    app.say(user, text).await
}
