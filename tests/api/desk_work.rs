//! The desk's work pages through HTTP, against the real service, the fake Bot API and the test
//! clock: *Møder* (plan, move, cancel, mark held — the same use cases as the chat, so the
//! invitations, notices and follow-up calls reach the chat), *Opkald* (the call's note and
//! outcome, agreeing with the chat's buttons), *Ledelse* (team leaders only, small counts
//! hidden, the charts and the printable report, handover with the summary to the new
//! caseworker), the one 404 for anyone else, CSRF, and escaping.

use chrono::Duration;
use reqwest::StatusCode;

use crate::desk::{Browser, Page, alert_in_chat, audit_actions, audit_count, sign_in};
use crate::helpers::*;
use crate::meetings::tap;

/// The first number right after `prefix` in the page, e.g. a form's id in its action.
fn number_after(page: &Page, prefix: &str) -> String {
    page.body
        .match_indices(prefix)
        .map(|(at, _)| {
            page.body[at + prefix.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| panic!("no number after {prefix:?} in {}", page.body))
}

/// The value of the option labelled `label`.
fn option_value(page: &Page, label: &str) -> String {
    let end = page
        .body
        .find(&format!(">{label}</option>"))
        .unwrap_or_else(|| panic!("no option {label:?} in {}", page.body));
    let value = page.body[..end].rsplit("<option value=\"").next().unwrap();
    value.chars().take_while(char::is_ascii_digit).collect()
}

/// The values of the planning form's invitee checkboxes, with whether each is ticked.
fn invitee_boxes(page: &Page) -> Vec<(String, bool)> {
    page.body
        .split("<input type=\"checkbox\" name=\"deltager\"")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            let value = tag
                .split("value=\"")
                .nth(1)
                .map(|v| v.chars().take_while(|c| *c != '"').collect())
                .unwrap_or_default();
            (value, tag.contains("checked"))
        })
        .collect()
}

#[tokio::test]
async fn a_meeting_planned_on_the_desk_reaches_the_chat_and_so_do_moving_and_cancelling_it() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let anne = join(&app, mette, &case.code, "forælder Anne", 3001, "Anne").await;
    let inge = join(&app, mette, &case.code, "vidne mormor Inge", 4001, "Inge").await;
    let browser = Browser::new(&app);
    sign_in(&app, &browser, mette).await;

    // The case is chosen from a list; nobody types a code.
    let meetings = browser.get("/moeder").await;
    assert_eq!(meetings.status, StatusCode::OK, "{}", meetings.body);
    assert!(meetings.body.contains("href=\"/moeder\""), "in the navigation");
    assert!(
        meetings.body.contains(&format!(
            "<option value=\"{}\">Lea · {}</option>",
            case.code, case.code
        )),
        "{}",
        meetings.body
    );
    let sag = browser.get(&format!("/sag/{}", case.code)).await;
    let form_path = format!("/moeder/ny?sag={}", case.code);
    assert!(
        sag.body.contains(&format!("href=\"{form_path}\"")),
        "{}",
        sag.body
    );
    let form = browser.get(&form_path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    // As in the chat: the young person and the parents are invited unless unticked.
    let boxes = invitee_boxes(&form);
    assert_eq!(boxes.len(), 3, "{}", form.body);
    assert_eq!(boxes.iter().filter(|(_, ticked)| *ticked).count(), 2, "{boxes:?}");
    assert!(form.body.contains("mormor (Inge)"), "{}", form.body);
    let csrf = form.csrf();
    let ticked: Vec<String> = boxes.iter().filter(|(_, t)| *t).map(|(v, _)| v.clone()).collect();

    // A date that has passed: the form again, with a kind sentence and what was typed.
    let refused = browser
        .post(
            "/moeder",
            &[
                ("csrf", &csrf),
                ("sag", &case.code),
                ("kind", "opfoelgning"),
                ("date", "2026-11-20"),
                ("time", "14:00"),
                ("place", "Rådhuset, lokale 2"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Den dato er allerede gået"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("value=\"Rådhuset, lokale 2\""),
        "{}",
        refused.body
    );

    // Thursday 26 November 14:00 is within five days: the agenda goes at once.
    let mark = app.fake.message_seq();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("sag", case.code.as_str()),
        ("kind", "opfoelgning"),
        ("date", "2026-11-26"),
        ("time", "14:00"),
        ("place", "Rådhuset"),
    ];
    for value in &ticked {
        fields.push(("deltager", value));
    }
    let planned = browser.post("/moeder", &fields).await;
    assert_eq!(planned.status, StatusCode::OK, "{}", planned.body);
    assert!(planned.body.contains("Mødet er planlagt"), "{}", planned.body);
    assert!(
        planned.body.contains("torsdag 26. november kl. 14.00"),
        "{}",
        planned.body
    );
    for invited in [&case.youth, &anne] {
        let agenda = app.message_containing(invited.id, mark, "Du er inviteret").await;
        assert!(agenda.text.contains("Rådhuset"), "{}", agenda.text);
    }
    assert!(
        !got_message_containing(&app, inge.id, mark, "Du er inviteret").await,
        "the witness was not ticked"
    );
    // The chat's /moeder shows the same meeting.
    let mark = app.fake.message_seq();
    app.say(mette, "/moeder").await;
    let line = app
        .message_containing(mette.id, mark, "torsdag 26. november kl. 14.00")
        .await;
    assert!(line.text.contains(&case.code), "{}", line.text);

    // Moved on the desk: everyone who had the agenda hears of the new time.
    let id = number_after(&planned, "action=\"/moeder/");
    let mark = app.fake.message_seq();
    let moved = browser
        .post(
            &format!("/moeder/{id}/flyt"),
            &[("csrf", &csrf), ("date", "2026-11-30"), ("time", "10:00")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert!(moved.body.contains("Mødet er flyttet"), "{}", moved.body);
    assert!(
        moved.body.contains("mandag 30. november kl. 10.00"),
        "{}",
        moved.body
    );
    for invited in [&case.youth, &anne] {
        let notice = app.message_containing(invited.id, mark, "er flyttet").await;
        assert!(
            notice.text.contains("mandag 30. november kl. 10.00"),
            "{}",
            notice.text
        );
    }

    // Cancelled on the desk: they are told, and the chat's list is empty.
    let mark = app.fake.message_seq();
    let cancelled = browser
        .post(&format!("/moeder/{id}/aflys"), &[("csrf", &csrf)])
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
    assert!(cancelled.body.contains("Mødet er aflyst"), "{}", cancelled.body);
    assert!(
        cancelled.body.contains("Du har ingen planlagte møder"),
        "{}",
        cancelled.body
    );
    for invited in [&case.youth, &anne] {
        app.message_containing(invited.id, mark, "er aflyst").await;
    }
    let list = app.say(mette, "/moeder").await;
    assert!(list.text.contains("ingen planlagte møder"), "{}", list.text);
    // A second cancel changes nothing.
    let again = browser
        .post(&format!("/moeder/{id}/aflys"), &[("csrf", &csrf)])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    let actions = audit_actions(&app, &case.code).await;
    for action in [
        "read.desk.meeting_form",
        "meeting.created",
        "meeting.moved",
        "meeting.cancelled",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
    assert!(audit_count(&app, mette.id, "read.desk.meetings").await >= 3);
    app.stop().await;
}

#[tokio::test]
async fn a_meeting_marked_held_on_the_desk_makes_the_calls_of_the_chat_and_a_note_closes_one() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let anne = join(&app, mette, &case.code, "forælder Anne", 3001, "Anne").await;
    // Planned in the chat at noon today; held on the desk an hour later.
    app.say(mette, &format!("/moede {} opfoelgning 23/11 12:00", case.code))
        .await;
    let browser = Browser::new(&app);
    let home = sign_in(&app, &browser, mette).await;
    let csrf = home.csrf();
    let early = browser.get("/moeder").await;
    assert!(!early.body.contains("/holdt"), "not started yet: {}", early.body);
    let id = number_after(&early, "action=\"/moeder/");
    let too_early = browser
        .post(&format!("/moeder/{id}/holdt"), &[("csrf", &csrf)])
        .await;
    assert_eq!(too_early.status, StatusCode::UNPROCESSABLE_ENTITY);

    advance(&app, Duration::hours(3)).await;
    let home = sign_in(&app, &browser, mette).await;
    let csrf = home.csrf();
    let meetings = browser.get("/moeder").await;
    assert!(
        meetings.body.contains(&format!("action=\"/moeder/{id}/holdt\"")),
        "{}",
        meetings.body
    );
    let mark = app.fake.message_seq();
    let held = browser
        .post(&format!("/moeder/{id}/holdt"), &[("csrf", &csrf)])
        .await;
    assert_eq!(held.status, StatusCode::OK, "{}", held.body);
    assert!(held.body.contains("Mødet er holdt"), "{}", held.body);
    // The chat's task message, with Ringet · Ikke truffet · Udskyd.
    let task = app
        .message_containing(mette.id, mark, "Ring til forælder (Anne)")
        .await;
    // Who came is asked in the chat, as after "Holdt" there, and the rating question follows.
    let attendance = app
        .message_containing(mette.id, mark, "Hvem var med til mødet?")
        .await;
    assert!(
        attendance
            .text
            .starts_with(&format!("Mødet i {} (Lea) ", case.code))
            && attendance.text.contains("er markeret som holdt på skrivebordet."),
        "{}",
        attendance.text
    );
    let rated = app.fake.message_seq();
    app.press(mette, &attendance, "Færdig").await;
    for invited in [&case.youth, &anne] {
        app.message_containing(invited.id, rated, "Hvordan var mødet for dig?")
            .await;
    }
    let twice = browser
        .post(&format!("/moeder/{id}/holdt"), &[("csrf", &csrf)])
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        twice.body.contains("allerede registreret som holdt"),
        "{}",
        twice.body
    );

    let calls = browser.get("/opkald").await;
    assert_eq!(calls.status, StatusCode::OK, "{}", calls.body);
    assert!(calls.body.contains("href=\"/opkald\""), "in the navigation");
    for expected in [
        "forælder (Anne)",
        "Opfølgning efter et møde",
        "Ring senest",
        "Et opkald venter",
    ] {
        assert!(calls.body.contains(expected), "{expected:?} in {}", calls.body);
    }
    let list = app.say(mette, "/opkald").await;
    assert!(list.text.contains("(1)"), "{}", list.text);

    // Nothing chosen: the note stays in the form.
    let task_id = number_after(&calls, "action=\"/opkald/");
    let path = format!("/opkald/{task_id}");
    let note = "Mor siger, at det går bedre <b>i skolen</b>";
    let unchosen = browser.post(&path, &[("csrf", &csrf), ("note", note)]).await;
    assert_eq!(unchosen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unchosen
            .body
            .contains("Mor siger, at det går bedre &lt;b&gt;i skolen&lt;/b&gt;"),
        "{}",
        unchosen.body
    );
    let saved = browser
        .post(&path, &[("csrf", &csrf), ("note", note), ("outcome", "called")])
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("Opkaldet er gemt"), "{}", saved.body);
    assert!(saved.body.contains("ingen opkald, der venter"), "{}", saved.body);
    {
        let mut tx = app.store.read().await.unwrap();
        let stored = case_of(&mut tx, &case.code).await;
        let tasks = tx.call_tasks_of_case(stored.id).await.unwrap();
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].note.as_deref(), Some(note));
    }
    // The chat agrees: nothing open, and the task message's button knows it was done.
    let list = app.say(mette, "/opkald").await;
    assert!(list.text.contains("ingen åbne opkald"), "{}", list.text);
    let notice = tap(&app, mette, &task, "Ringet").await;
    assert_eq!(notice.as_deref(), Some("Det opkald er allerede registreret."));
    let actions = audit_actions(&app, &case.code).await;
    for action in ["meeting.held", "call.recorded"] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
    assert!(audit_count(&app, mette.id, "read.desk.calls").await >= 2);
    app.stop().await;
}

#[tokio::test]
async fn ledelse_is_for_team_leaders_hides_small_counts_and_hands_a_case_over_with_its_alerts() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    alert_in_chat(&app, &case).await;
    let karen = joined_leader(&app, 1900, "Karen").await;
    let anne = joined_caseworker(&app, 1501, "Anne").await;

    // A caseworker: no link, and every Ledelse address is the one 404 page.
    let browser = Browser::new(&app);
    let home = sign_in(&app, &browser, mette).await;
    assert!(!home.body.contains("href=\"/ledelse\""), "{}", home.body);
    for path in ["/ledelse", "/ledelse/graf/0", "/ledelse/rapport"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.body.contains("Siden findes ikke"), "{}", page.body);
    }
    let refused = browser
        .post(
            "/ledelse/overdrag",
            &[("csrf", &home.csrf()), ("sag", &case.code), ("til", "1")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // The team leader: the report with one case in the team, so its counts are "<5".
    let leader = Browser::new(&app);
    let home = sign_in(&app, &leader, &karen).await;
    assert!(home.body.contains("href=\"/ledelse\""), "{}", home.body);
    let page = leader.get("/ledelse").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Tal for dit team"), "{}", page.body);
    assert!(
        page.body.contains("&lt;5"),
        "a small count is hidden: {}",
        page.body
    );
    assert!(
        page.body
            .contains("<img src=\"/ledelse/graf/0\" alt=\"Mål pr. område\""),
        "{}",
        page.body
    );
    let png = leader
        .http
        .get(format!("{}/ledelse/graf/0", leader.base))
        .send()
        .await
        .unwrap();
    assert_eq!(png.status(), StatusCode::OK);
    assert_eq!(png.headers()["content-type"], "image/png");
    assert!(png.bytes().await.unwrap().starts_with(b"\x89PNG"));
    assert_eq!(leader.get("/ledelse/graf/99").await.status, StatusCode::NOT_FOUND);
    let document = leader.get("/ledelse/rapport").await;
    assert_eq!(document.status, StatusCode::OK);
    assert!(document.body.contains("Mål pr. område") && document.body.contains("&lt;5"));
    let policy = document.header("content-security-policy");
    assert!(
        policy.contains("style-src 'sha256-") && !policy.contains("unsafe-inline"),
        "{policy}"
    );
    // No child is named in the report.
    assert!(!page.body.contains("Jeg kommer i skole") && !document.body.contains("Jeg kommer i skole"));

    // Handover: the case and the colleague chosen from lists.
    let anne_id = option_value(&page, "Anne");
    let csrf = page.csrf();
    let nobody = leader
        .post(
            "/ledelse/overdrag",
            &[("csrf", &csrf), ("sag", &case.code), ("til", "999999")],
        )
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nobody.body.contains("kan ikke tage sagen"), "{}", nobody.body);
    let forged = leader
        .post(
            "/ledelse/overdrag",
            &[("csrf", "forged"), ("sag", &case.code), ("til", &anne_id)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let mark = app.fake.message_seq();
    let done = leader
        .post(
            "/ledelse/overdrag",
            &[("csrf", &csrf), ("sag", &case.code), ("til", &anne_id)],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Sagen er flyttet"), "{}", done.body);
    let summary = app
        .message_containing(anne.id, mark, "overdraget fra Mette")
        .await;
    assert!(summary.text.contains("Åbne alarmer: 1"), "{}", summary.text);
    app.message_containing(mette.id, mark, "af din teamleder").await;

    // The open alert went with the case: Anne assesses it now, Mette no longer reads the case.
    let anne_desk = Browser::new(&app);
    sign_in(&app, &anne_desk, &anne).await;
    let alerts = anne_desk.get("/alarmer").await;
    assert!(alerts.body.contains(&case.code), "{}", alerts.body);
    assert_eq!(
        browser.get(&format!("/sag/{}", case.code)).await.status,
        StatusCode::NOT_FOUND
    );
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "case.handed_over"), "{actions:?}");
    assert!(audit_count(&app, karen.id, "read.desk.report").await >= 2);
    app.stop().await;
}

#[tokio::test]
async fn another_caseworker_gets_the_404_page_on_every_meeting_and_call_and_forms_need_csrf() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    app.say(mette, &format!("/moede {} netvaerk 1/12 10:00 Skolen", case.code))
        .await;
    // A call task: Lea asks to be called.
    alert_in_chat(&app, &case).await;
    let own = Browser::new(&app);
    let home = sign_in(&app, &own, mette).await;
    let meeting = number_after(&own.get("/moeder").await, "action=\"/moeder/");
    let task = number_after(&own.get("/opkald").await, "action=\"/opkald/");

    // Mette's forms without the session's token change nothing.
    let forged = own
        .post(&format!("/moeder/{meeting}/aflys"), &[("csrf", "forged")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let forged = own
        .post(
            &format!("/opkald/{task}"),
            &[("csrf", "forged"), ("outcome", "called")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let forged = own.post("/moeder", &[("sag", &case.code)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let still = own.get("/moeder").await;
    assert!(still.body.contains("Skolen"), "{}", still.body);
    assert!(own.get("/opkald").await.body.contains("Vil gerne ringes op"));
    drop(home);

    let jonas = joined_caseworker(&app, 1502, "Jonas").await;
    let other = Browser::new(&app);
    let home = sign_in(&app, &other, &jonas).await;
    let csrf = home.csrf();
    for page in [
        other.get(&format!("/moeder/ny?sag={}", case.code)).await,
        other
            .post(
                "/moeder",
                &[
                    ("csrf", &csrf),
                    ("sag", &case.code),
                    ("kind", "kaffe"),
                    ("date", "2026-12-02"),
                    ("time", "10:00"),
                ],
            )
            .await,
        other
            .post(
                &format!("/moeder/{meeting}/flyt"),
                &[("csrf", &csrf), ("date", "2026-12-03"), ("time", "10:00")],
            )
            .await,
        other
            .post(&format!("/moeder/{meeting}/aflys"), &[("csrf", &csrf)])
            .await,
        other
            .post(&format!("/moeder/{meeting}/holdt"), &[("csrf", &csrf)])
            .await,
        other
            .post(
                &format!("/opkald/{task}"),
                &[("csrf", &csrf), ("outcome", "called"), ("note", "x")],
            )
            .await,
    ] {
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
        assert!(page.body.contains("Siden findes ikke"), "{}", page.body);
        assert!(
            !page.body.contains("Lea") && !page.body.contains(&case.code),
            "{}",
            page.body
        );
    }
    for path in ["/moeder", "/opkald"] {
        let page = other.get(path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            !page.body.contains("Lea") && !page.body.contains(&case.code),
            "{}",
            page.body
        );
    }
    // Nothing changed for Mette.
    let meetings = own.get("/moeder").await;
    assert!(meetings.body.contains("Skolen"), "{}", meetings.body);
    assert!(own.get("/opkald").await.body.contains("Vil gerne ringes op"));
    app.stop().await;
}

#[tokio::test]
async fn what_was_typed_is_escaped_on_meetings_and_calls() {
    let app = TestApp::spawn_with_desk().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let nickname = "\"><img src=x onerror=alert(1)>";
    let code = new_case(&app, &mette, nickname).await;
    let youth = join(&app, &mette, &code, "ung <b>Lea</b>", 2001, "Lea").await;
    app.say(
        &mette,
        &format!("/moede {code} kaffe 2/12 10:00 <script>alert(1)</script>"),
    )
    .await;
    app.say(&youth, "/ring").await;
    app.settle().await;
    let browser = Browser::new(&app);
    sign_in(&app, &browser, &mette).await;
    for path in [
        "/moeder".to_string(),
        format!("/moeder/ny?sag={code}"),
        "/opkald".to_string(),
    ] {
        let page = browser.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        let body = &page.body;
        assert!(
            !body.contains("<img src=x") && !body.contains("<script") && !body.contains("<b>"),
            "{body}"
        );
        assert!(
            body.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
            "{path}: {body}"
        );
    }
    assert!(
        browser
            .get("/moeder")
            .await
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(
        browser
            .get("/opkald")
            .await
            .body
            .contains("&lt;b&gt;Lea&lt;/b&gt;")
    );
    app.stop().await;
}
