//! The desk's case pages, through HTTP against the real service and the fake Bot API:
//! participants (invite with link and QR code, remove after a confirmation, revoke, rhythm —
//! through the same service functions as the chat), messages, meetings and the audit on *Sag*,
//! *Netværk*, sorting, filtering and sparklines on *Mine sager*, the one access check and CSRF
//! on every new page and form, escaping, and English pages for an English staff member.

use crate::desk::{Browser, Page, audit_actions, link_in, sign_in, use_link};
use crate::helpers::*;
use chrono::{Datelike, Timelike};
use fake_telegram::FakeUser;
use reqwest::StatusCode;
use taetkontakt::domain::participant::Role;
use taetkontakt::store::ParticipantRecord;

async fn participants(app: &TestApp, code: &str) -> Vec<ParticipantRecord> {
    let mut tx = app.store.read().await.unwrap();
    let case = case_of(&mut tx, code).await;
    tx.participants_of_case(case.id).await.unwrap()
}

async fn participant_with_role(app: &TestApp, code: &str, role: Role) -> ParticipantRecord {
    participants(app, code)
        .await
        .into_iter()
        .rev()
        .find(|p| p.role == role)
        .expect("a participant with the role")
}

/// A case with a young person, and its caseworker signed in on the desk.
async fn signed_in_case(app: &TestApp) -> (YouthCase, Browser, String) {
    let case = youth_case(app).await;
    let browser = Browser::new(app);
    let csrf = sign_in(app, &browser, &case.caseworker).await.csrf();
    (case, browser, csrf)
}

async fn invite_on_desk(browser: &Browser, code: &str, csrf: &str, form: &[(&str, &str)]) -> Page {
    let mut fields = vec![("csrf", csrf)];
    fields.extend_from_slice(form);
    browser
        .post(&format!("/sag/{code}/deltagere/inviter"), &fields)
        .await
}

#[tokio::test]
async fn an_invitation_made_on_the_desk_works_in_the_chat() {
    let app = TestApp::spawn_with_desk().await;
    let (case, browser, csrf) = signed_in_case(&app).await;
    let page = browser.get(&format!("/sag/{}/deltagere", case.code)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Inviter en ny deltager"), "{}", page.body);
    let made = invite_on_desk(
        &browser,
        &case.code,
        &csrf,
        &[("role", "witness"), ("relation", "morfar"), ("name", "Jens")],
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert!(made.body.contains("morfar (Jens)"), "{}", made.body);
    assert!(made.body.contains("14 dage"), "{}", made.body);
    // The QR code is drawn on the server, inline, without a script or a style.
    assert!(
        made.body.contains("<svg") && made.body.contains("QR-kode"),
        "{}",
        made.body
    );
    let token = invite_token(&made.body);
    let jens = FakeUser::new(4001, "Jens");
    let consent = app.say(&jens, &format!("/start {token}")).await;
    let welcome = app.press(&jens, &consent, "Ja, jeg er med").await;
    assert!(!welcome.text.contains("virker ikke"), "{}", welcome.text);
    let morfar = participant_with_role(&app, &case.code, Role::Witness).await;
    assert_eq!(morfar.status.key(), "active");
    assert_eq!(morfar.relation.as_deref(), Some("morfar"));
    let page = browser.get(&format!("/sag/{}/deltagere", case.code)).await;
    assert!(page.body.contains("morfar (Jens)"), "{}", page.body);
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "invite.created"), "{actions:?}");
    assert!(
        actions.iter().any(|a| a == "read.desk.participants"),
        "{actions:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn removing_on_the_desk_asks_first_and_the_person_gets_the_neutral_message_only() {
    let app = TestApp::spawn_with_desk().await;
    let (case, browser, csrf) = signed_in_case(&app).await;
    let anne = join(&app, &case.caseworker, &case.code, "forælder Anne", 3001, "Anne").await;
    let parent = participant_with_role(&app, &case.code, Role::Parent).await;
    let path = format!("/sag/{}/deltagere/{}/fjern", case.code, parent.id);
    // Asking is not removing.
    let confirm = browser.get(&path).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    assert!(
        confirm.body.contains("Fjern forælder (Anne)?"),
        "{}",
        confirm.body
    );
    assert_eq!(
        participant_with_role(&app, &case.code, Role::Parent)
            .await
            .status
            .key(),
        "active"
    );
    let mark = app.fake.message_seq();
    let done = browser.post(&path, &[("csrf", &csrf)]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Personen er fjernet"), "{}", done.body);
    assert_eq!(
        participant_with_role(&app, &case.code, Role::Parent)
            .await
            .status
            .key(),
        "removed"
    );
    let notice = app.message_containing(anne.id, mark, "ikke længere med").await;
    // An adult is told what to do if a child is in danger, not the children's helpline.
    assert!(
        notice.text.ends_with("Er et barn i fare, så ring 112."),
        "{}",
        notice.text
    );
    // Nothing more: pressing again changes nothing, a check-in for everyone skips her.
    let again = browser.post(&path, &[("csrf", &csrf)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    app.say(&case.caseworker, &format!("/tjekind {} alle", case.code))
        .await;
    app.settle().await;
    let to_anne: Vec<_> = app
        .fake
        .messages_to(anne.id)
        .into_iter()
        .filter(|m| m.seq > mark)
        .collect();
    assert_eq!(
        to_anne.len(),
        1,
        "{:?}",
        to_anne.iter().map(|m| &m.text).collect::<Vec<_>>()
    );
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "participant.removed"), "{actions:?}");
    app.stop().await;
}

#[tokio::test]
async fn an_open_invitation_revoked_on_the_desk_no_longer_works() {
    let app = TestApp::spawn_with_desk().await;
    let (case, browser, csrf) = signed_in_case(&app).await;
    let made = invite_on_desk(
        &browser,
        &case.code,
        &csrf,
        &[("role", "parent"), ("name", "Anne")],
    )
    .await;
    let token = invite_token(&made.body);
    let page = browser.get(&format!("/sag/{}/deltagere", case.code)).await;
    assert!(page.body.contains("Åbne invitationer"), "{}", page.body);
    assert!(
        page.body.contains("Tilbagekald invitationen til forælder (Anne)"),
        "{}",
        page.body
    );
    let parent = participant_with_role(&app, &case.code, Role::Parent).await;
    let path = format!("/sag/{}/deltagere/{}/fjern", case.code, parent.id);
    let done = browser.post(&path, &[("csrf", &csrf)]).await;
    assert!(
        done.body.contains("Invitationen er tilbagekaldt"),
        "{}",
        done.body
    );
    let anne = FakeUser::new(3001, "Anne");
    let refused = app.say(&anne, &format!("/start {token}")).await;
    assert!(refused.text.contains("virker ikke mere"), "{}", refused.text);
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "invite.revoked"), "{actions:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_rhythm_chosen_on_the_desk_is_the_one_the_chat_follows() {
    let app = TestApp::spawn_with_desk().await;
    let (case, browser, csrf) = signed_in_case(&app).await;
    let form = [
        ("csrf", csrf.as_str()),
        ("role", "youth"),
        ("frequency", "weekly"),
        ("weekday", "3"),
        ("time", "17:30"),
    ];
    let done = browser.post(&format!("/sag/{}/rytme", case.code), &form).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Den nye rytme er gemt"), "{}", done.body);
    assert!(done.body.contains("hver onsdag kl. 17.30"), "{}", done.body);
    // The young person's next check-in is on a Wednesday at 17.30, Copenhagen time.
    let youth = participant_with_role(&app, &case.code, Role::Youth).await;
    let next = youth
        .next_checkin_at
        .expect("a next check-in")
        .with_timezone(&chrono_tz::Europe::Copenhagen);
    assert_eq!(next.weekday(), chrono::Weekday::Wed);
    assert_eq!((next.hour(), next.minute()), (17, 30));
    // The chat's /rytme with the same words stores the same rhythm.
    let stored = youth.rhythm.clone().expect("a rhythm");
    app.say(
        &case.caseworker,
        &format!("/rytme {} ung ugentlig onsdag 17:30", case.code),
    )
    .await;
    let again = participant_with_role(&app, &case.code, Role::Youth).await;
    assert_eq!(again.rhythm, Some(stored));
    // A choice outside the form is refused and changes nothing.
    let bad = [
        ("csrf", csrf.as_str()),
        ("role", "youth"),
        ("frequency", "weekly"),
        ("weekday", "3"),
        ("time", "23:00"),
    ];
    let refused = browser.post(&format!("/sag/{}/rytme", case.code), &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "rhythm.changed"), "{actions:?}");
    app.stop().await;
}

#[tokio::test]
async fn another_caseworker_gets_404_on_every_new_page_and_form() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let youth = participant_with_role(&app, &case.code, Role::Youth).await;
    let other = joined_caseworker(&app, 1101, "Karin").await;
    let browser = Browser::new(&app);
    let csrf = sign_in(&app, &browser, &other).await.csrf();
    let csrf = csrf.as_str();
    let code = &case.code;
    let remove = format!("/sag/{code}/deltagere/{}/fjern", youth.id);
    for path in [
        format!("/sag/{code}/deltagere"),
        format!("/sag/{code}/netvaerk"),
        remove.clone(),
    ] {
        let page = browser.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.body.contains("Lea"), "{path}: {}", page.body);
    }
    let forms: [(String, Vec<(&str, &str)>); 3] = [
        (
            format!("/sag/{code}/deltagere/inviter"),
            vec![("csrf", csrf), ("role", "parent")],
        ),
        (remove.clone(), vec![("csrf", csrf)]),
        (
            format!("/sag/{code}/rytme"),
            vec![
                ("csrf", csrf),
                ("role", "youth"),
                ("frequency", "daily"),
                ("weekday", "1"),
                ("time", "16:00"),
            ],
        ),
    ];
    for (path, form) in &forms {
        let page = browser.post(path, form).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.body.contains("Lea"), "{path}: {}", page.body);
    }
    // Nothing changed: no invitation, the young person still takes part, the same rhythm.
    let now = participants(&app, code).await;
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].status.key(), "active");
    assert_eq!(now[0].rhythm, youth.rhythm);
    // A participant id under another case's code is not found either, even for its own
    // caseworker's colleague with a case of her own.
    let own = new_case(&app, &other, "Bo").await;
    let crossed = browser
        .post(
            &format!("/sag/{own}/deltagere/{}/fjern", youth.id),
            &[("csrf", csrf)],
        )
        .await;
    assert_eq!(crossed.status, StatusCode::NOT_FOUND);
    assert_eq!(
        participant_with_role(&app, code, Role::Youth).await.status.key(),
        "active"
    );
    let actions = audit_actions(&app, code).await;
    assert!(!actions.iter().any(|a| a.starts_with("read.desk")), "{actions:?}");
    app.stop().await;
}

#[tokio::test]
async fn the_new_forms_refuse_a_missing_or_foreign_csrf_token() {
    let app = TestApp::spawn_with_desk().await;
    let (case, browser, _) = signed_in_case(&app).await;
    let youth = participant_with_role(&app, &case.code, Role::Youth).await;
    let code = &case.code;
    for forged in ["", "nope"] {
        for (path, extra) in [
            (format!("/sag/{code}/deltagere/inviter"), vec![("role", "parent")]),
            (format!("/sag/{code}/deltagere/{}/fjern", youth.id), vec![]),
            (
                format!("/sag/{code}/rytme"),
                vec![
                    ("role", "youth"),
                    ("frequency", "daily"),
                    ("weekday", "1"),
                    ("time", "16:00"),
                ],
            ),
        ] {
            let mut form = vec![("csrf", forged)];
            form.extend(extra);
            let page = browser.post(&path, &form).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path} {forged:?}");
        }
    }
    let now = participants(&app, code).await;
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].status.key(), "active");
    app.stop().await;
}

#[tokio::test]
async fn hostile_text_is_escaped_on_the_new_pages() {
    let app = TestApp::spawn_with_desk().await;
    let (case, browser, csrf) = signed_in_case(&app).await;
    let relation = "\"><svg onload=alert(1)>";
    let name = "<script>alert('x')</script>";
    let made = invite_on_desk(
        &browser,
        &case.code,
        &csrf,
        &[("role", "witness"), ("relation", relation), ("name", name)],
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    app.say(&case.youth, "Det går fint <img src=x onerror=alert(1)>")
        .await;
    for path in [
        format!("/sag/{}/deltagere", case.code),
        format!("/sag/{}/netvaerk", case.code),
        format!("/sag/{}", case.code),
    ] {
        let page = browser.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for raw in ["<script>alert", "<svg onload", "<img src=x"] {
            assert!(!page.body.contains(raw), "{path}: {raw} in {}", page.body);
        }
    }
    let sag = browser.get(&format!("/sag/{}", case.code)).await;
    assert!(
        sag.body.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{}",
        sag.body
    );
    let network = browser.get(&format!("/sag/{}/netvaerk", case.code)).await;
    assert!(network.body.contains("&lt;script&gt;"), "{}", network.body);
    app.stop().await;
}

#[tokio::test]
async fn the_network_page_shows_every_participant_with_their_state() {
    let app = TestApp::spawn_with_desk().await;
    let (case, browser, csrf) = signed_in_case(&app).await;
    let anne = join(&app, &case.caseworker, &case.code, "forælder Anne", 3001, "Anne").await;
    app.say(&anne, "/stop").await;
    invite_on_desk(
        &browser,
        &case.code,
        &csrf,
        &[("role", "witness"), ("relation", "træner"), ("name", "Mads")],
    )
    .await;
    let page = browser.get(&format!("/sag/{}/netvaerk", case.code)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<svg"), "{}", page.body);
    // The list is the picture's text alternative: every person with role and state.
    for expected in [
        "ung (Lea)",
        "forælder (Anne)",
        "træner (Mads)",
        "svarer",
        "stoppet",
        "inviteret",
    ] {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }
    let sag = browser.get(&format!("/sag/{}", case.code)).await;
    assert!(
        sag.body.contains(&format!("/sag/{}/netvaerk", case.code)),
        "{}",
        sag.body
    );
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "read.desk.network"), "{actions:?}");
    app.stop().await;
}

#[tokio::test]
async fn texts_reach_the_caseworker_and_the_audit_the_team_leader_only() {
    let app = TestApp::spawn_with_desk().await;
    let tove = joined_leader(&app, 3901, "Tove").await;
    let (case, browser, _) = signed_in_case(&app).await;
    app.say(&case.youth, "Jeg var i skole i dag").await;
    let sag = browser.get(&format!("/sag/{}", case.code)).await;
    assert!(sag.body.contains("Jeg var i skole i dag"), "{}", sag.body);
    assert!(sag.body.contains("Alle møder"), "{}", sag.body);
    assert!(sag.body.contains("Opkald"), "{}", sag.body);
    assert!(!sag.body.contains("Hvem har gjort hvad"), "{}", sag.body);
    let leader = Browser::new(&app);
    sign_in(&app, &leader, &tove).await;
    let seen = leader.get(&format!("/sag/{}", case.code)).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert!(!seen.body.contains("Jeg var i skole i dag"), "{}", seen.body);
    assert!(seen.body.contains("går kun til sagens rådgiver"), "{}", seen.body);
    assert!(seen.body.contains("Hvem har gjort hvad"), "{}", seen.body);
    assert!(seen.body.contains("læste sagen på skrivebordet"), "{}", seen.body);
    assert!(seen.body.contains("Mette"), "{}", seen.body);
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "read.desk.messages"), "{actions:?}");
    assert!(actions.iter().any(|a| a == "read.desk.audit"), "{actions:?}");
    app.stop().await;
}

#[tokio::test]
async fn mine_sager_sorts_filters_and_draws_a_sparkline_per_goal() {
    let app = TestApp::spawn_with_desk().await;
    let (case, browser, _) = signed_in_case(&app).await;
    let calm = new_case(&app, &case.caseworker, "Bo").await;
    // Lea asks to be called: an open alert.
    app.say(&case.youth, "/ring").await;
    app.settle().await;
    let all = browser.get("/").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(all.body.contains("Sorter efter"), "{}", all.body);
    assert!(all.body.contains("Mål 1: ingen svar endnu"), "{}", all.body);
    let (lea, bo) = (all.body.find(&case.code).unwrap(), all.body.find(&calm).unwrap());
    assert!(lea < bo, "the case with an alert first");
    let by_name = browser.get("/?orden=navn&vis=alle").await;
    let (lea, bo) = (
        by_name.body.find(&case.code).unwrap(),
        by_name.body.find(&calm).unwrap(),
    );
    assert!(bo < lea, "Bo before Lea by name");
    assert!(by_name.body.contains("sorteret efter navn"), "{}", by_name.body);
    let alerts = browser.get("/?vis=alarmer").await;
    assert!(
        alerts.body.contains(&case.code) && !alerts.body.contains(&calm),
        "{}",
        alerts.body
    );
    // The young person answers twice: the sparkline draws them and says which way it went.
    for value in ["3", "8"] {
        let mark = app.fake.message_seq();
        app.say(&case.caseworker, &format!("/tjekind {}", case.code))
            .await;
        let prompt = prompt_after(&app, case.youth.id, mark).await;
        app.answer(&case.youth, &prompt, value).await;
        advance(&app, chrono::Duration::days(7)).await;
    }
    // A week later the session has ended: sign in again.
    let browser = Browser::new(&app);
    sign_in(&app, &browser, &case.caseworker).await;
    let drawn = browser.get("/").await;
    assert!(drawn.body.contains("<polyline"), "{}", drawn.body);
    assert!(drawn.body.contains("Mål 1: 3, 8, bedre"), "{}", drawn.body);
    // Junk in the query is the default list.
    let junk = browser.get("/?orden=%3Cscript%3E&vis=x").await;
    assert_eq!(junk.status, StatusCode::OK);
    assert!(!junk.body.contains("<script>"), "{}", junk.body);
    app.stop().await;
}

#[tokio::test]
async fn an_english_staff_member_sees_every_desk_page_in_english() {
    let app = TestApp::spawn_with_desk().await;
    let token = taetkontakt::ops::invite_staff(
        &app.store,
        "Emma",
        taetkontakt::domain::staff::StaffRole::Caseworker,
        Some("Nord"),
        taetkontakt::i18n::Lang::En,
        {
            use taetkontakt::clock::Clock;
            app.clock.now()
        },
    )
    .await
    .unwrap();
    let emma = FakeUser::new(1201, "Emma");
    app.say(&emma, &format!("/start {}", token.as_str())).await;
    let code = new_case(&app, &emma, "Lea").await;
    let added = app
        .say(&emma, &format!("/maal {code} skole I go to school every day"))
        .await;
    let accept = added
        .all_buttons()
        .map(|b| b.text.clone())
        .find(|b| b.starts_with('✅'));
    if let Some(label) = accept {
        app.press(&emma, &added, &label).await;
    }
    let lea = {
        let invite = app.say(&emma, &format!("/inviter {code} ung Lea")).await;
        let user = FakeUser::new(2201, "Lea");
        let consent = app
            .say(&user, &format!("/start {}", invite_token(&invite.text)))
            .await;
        let yes = consent
            .all_buttons()
            .next()
            .expect("a consent button")
            .text
            .clone();
        app.press(&user, &consent, &yes).await;
        user
    };
    app.say(&lea, "/ring").await;
    let browser = Browser::new(&app);
    let reply = app.say(&emma, "/skrivebord").await;
    let cases = use_link(&browser, &link_in(&reply.text)).await;
    assert_eq!(cases.status, StatusCode::OK, "{}", cases.body);
    let csrf = cases.csrf();
    let youth = participant_with_role(&app, &code, Role::Youth).await;
    let mut pages = Vec::new();
    for path in [
        "/".to_string(),
        "/?orden=navn".to_string(),
        format!("/sag/{code}"),
        format!("/sag/{code}/deltagere"),
        format!("/sag/{code}/deltagere/{}/fjern", youth.id),
        format!("/sag/{code}/netvaerk"),
        format!("/sag/{code}/journal"),
        format!("/sag/{code}/udkast"),
        "/alarmer".to_string(),
        "/findes-ikke".to_string(),
    ] {
        pages.push((path.clone(), browser.get(&path).await));
    }
    let invited = invite_on_desk(&browser, &code, &csrf, &[("role", "parent")]).await;
    pages.push(("invitation".into(), invited));
    for (path, page) in &pages {
        assert!(page.body.contains("lang=\"en\""), "{path}: {}", page.body);
        // A key missing from the English catalogue shows as the key itself.
        assert!(!page.body.contains("desk-"), "{path}: {}", page.body);
        for danish in ["Mine sager", "Log ud", "Deltagere", "Tilbage til", "Ingen "] {
            assert!(!page.body.contains(danish), "{path}: {danish:?} in {}", page.body);
        }
    }
    assert!(pages[0].1.body.contains("My cases"), "{}", pages[0].1.body);
    app.stop().await;
}
