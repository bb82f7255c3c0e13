//! The foundation walkthrough: an operator invites a caseworker, who creates a case, goals and
//! invitations; a young person and a witness join.

use crate::helpers::*;
use fake_telegram::FakeUser;
use taetkontakt::domain::staff::StaffRole;

#[tokio::test]
async fn caseworker_creates_a_case_and_the_young_person_and_a_witness_join() {
    let app = TestApp::spawn().await;
    let mette = FakeUser::new(1001, "Mette");
    let lea = FakeUser::new(2001, "Lea");
    let inge = FakeUser::new(2002, "Inge");

    // The operator's invitation registers Mette as caseworker, with her own command menu.
    let token = app
        .invite_staff("Mette", StaffRole::Caseworker, Some("Nord"))
        .await;
    let welcome = app.say(&mette, &format!("/start {}", token.as_str())).await;
    assert!(welcome.text.contains("Velkommen, Mette"), "{}", welcome.text);
    assert!(welcome.text.contains("/nysag"));
    let menu = app.fake.wait_until(|f| menu_for(f, 1001).is_some(), WAIT).await;
    assert!(menu, "staff menu registered for Mette's chat");

    // A case with a random code, a goal in the young person's words, two invitations.
    let created = app.say(&mette, "/nysag Lea").await;
    assert!(created.text.contains("Sagen er oprettet"), "{}", created.text);
    let code = case_code(&created.text);
    let goal = app
        .say(&mette, &format!("/maal {code} skole Jeg kommer i skole hver dag"))
        .await;
    assert!(goal.text.contains("Mål 1 er tilføjet"), "{}", goal.text);
    assert!(goal.text.contains("Jeg kommer i skole hver dag"));

    let youth_invite = app.say(&mette, &format!("/inviter {code} ung Lea")).await;
    assert!(
        youth_invite.text.contains("https://t.me/"),
        "{}",
        youth_invite.text
    );
    assert!(
        youth_invite.text.contains("under 15"),
        "under-15 reminder: {}",
        youth_invite.text
    );
    let witness_invite = app
        .say(&mette, &format!("/inviter {code} vidne mormor Inge"))
        .await;
    assert!(witness_invite.text.contains("mormor"), "{}", witness_invite.text);
    assert!(!witness_invite.text.contains("under 15"));

    // Lea opens her link, reads what is stored, and accepts.
    let consent = app
        .say(&lea, &format!("/start {}", invite_token(&youth_invite.text)))
        .await;
    assert!(consent.text.contains("Vi gemmer"), "{}", consent.text);
    assert!(consent.text.contains("/stop"));
    let mark = app.fake.message_seq();
    let joined = app.press(&lea, &consent, "Ja, jeg er med").await;
    assert!(
        joined.text.contains("116 111") && joined.text.contains("112"),
        "{}",
        joined.text
    );
    let told = app.message_containing(1001, mark, "har sagt ja").await;
    assert!(told.text.contains(&code), "{}", told.text);

    // Inge first declines, then changes her mind with the same link.
    let witness_token = invite_token(&witness_invite.text);
    let consent = app.say(&inge, &format!("/start {witness_token}")).await;
    assert!(consent.text.contains("hverdagsbevidner"), "{}", consent.text);
    // An adult is told whose caseworker it is, in plain Danish ("Leas rådgiver").
    assert!(consent.text.contains("Leas rådgiver"), "{}", consent.text);
    let mark = app.fake.message_seq();
    let declined = app.press(&inge, &consent, "Nej tak").await;
    assert!(declined.text.contains("Helt i orden"), "{}", declined.text);
    app.message_containing(1001, mark, "nej tak").await;
    let consent = app.say(&inge, &format!("/start {witness_token}")).await;
    let joined = app.press(&inge, &consent, "Ja, jeg er med").await;
    assert!(joined.text.contains("Tak, fordi du er med"), "{}", joined.text);
    // The caseworker is told; wait for it so it cannot pass for the answer to /sag.
    app.message_containing(1001, mark, "mormor (Inge) har sagt ja")
        .await;

    // The case shows goals and participants with their status; the list shows the case.
    let shown = app.say(&mette, &format!("/sag {code}")).await;
    assert!(
        shown.text.contains("Jeg kommer i skole hver dag"),
        "{}",
        shown.text
    );
    assert!(shown.text.contains("ung (Lea): aktiv"), "{}", shown.text);
    assert!(shown.text.contains("mormor (Inge): aktiv"), "{}", shown.text);
    let list = app.say(&mette, "/sager").await;
    assert!(
        list.text.contains(&code) && list.text.contains("2/2 deltagere aktive"),
        "{}",
        list.text
    );

    // The young person's menu is the young person's, not the caseworker's.
    assert!(app.fake.wait_until(|f| menu_for(f, 2001).is_some(), WAIT).await);
    let youth_menu = menu_for(&app.fake, 2001).unwrap();
    assert!(youth_menu.contains(&"hjaelp".to_string()));
    assert!(!youth_menu.contains(&"nysag".to_string()), "{youth_menu:?}");
    assert!(menu_for(&app.fake, 1001).unwrap().contains(&"nysag".to_string()));

    // Every staff action is in the audit log, without free text.
    app.settle().await;
    let mut tx = app.store.read().await.unwrap();
    let case = tx
        .case_by_code(&taetkontakt::domain::case::CaseCode::parse(&code).unwrap())
        .await
        .unwrap()
        .unwrap();
    let actions = tx.audit_actions_for_case(case.id).await.unwrap();
    tx.commit().await.unwrap();
    for expected in [
        "case.created",
        "goal.added",
        "invite.created",
        "participant.accepted",
        "participant.declined",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} missing from {actions:?}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn commands_without_arguments_start_a_guided_conversation() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;

    let ask = app.say(&mette, "/nysag").await;
    assert!(ask.text.contains("kaldenavn"), "{}", ask.text);
    let created = app.say(&mette, "Noah").await;
    let code = case_code(&created.text);

    let pick = app.say(&mette, "/maal").await;
    let areas = app.press(&mette, &pick, &format!("{code} · Noah")).await;
    let ask_text = app.press(&mette, &areas, "Skole og uddannelse").await;
    assert!(ask_text.text.contains("egne ord"), "{}", ask_text.text);
    let added = app.say(&mette, "Jeg står op når vækkeuret ringer").await;
    assert!(added.text.contains("Mål 1 er tilføjet"), "{}", added.text);

    let pick = app.say(&mette, "/inviter").await;
    let roles = app.press(&mette, &pick, &format!("{code} · Noah")).await;
    let relation = app.press(&mette, &roles, "hverdagsbevidner").await;
    assert!(relation.text.contains("relation"), "{}", relation.text);
    let name = app.say(&mette, "træner").await;
    let link = app.press(&mette, &name, "Spring over").await;
    assert!(
        link.text.contains("træner") && link.text.contains("?start="),
        "{}",
        link.text
    );

    let pick = app.say(&mette, "/sag").await;
    let shown = app.press(&mette, &pick, &format!("{code} · Noah")).await;
    assert!(shown.text.contains("træner: inviteret"), "{}", shown.text);
    app.stop().await;
}

#[tokio::test]
async fn a_team_leader_sees_the_teams_cases_but_cannot_change_them() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let code = new_case(&app, &mette, "Lea").await;
    let leader = FakeUser::new(1002, "Karen");
    let token = app
        .invite_staff("Karen", StaffRole::TeamLeader, Some("Nord"))
        .await;
    app.say(&leader, &format!("/start {}", token.as_str())).await;

    let list = app.say(&leader, "/sager").await;
    assert!(list.text.contains(&code), "{}", list.text);
    let shown = app.say(&leader, &format!("/sag {code}")).await;
    assert!(shown.text.contains("Lea"), "{}", shown.text);
    let refused = app.say(&leader, &format!("/maal {code} skole Noget")).await;
    assert!(refused.text.contains("kan ikke finde"), "{}", refused.text);
    app.stop().await;
}

#[tokio::test]
async fn staff_help_fits_one_screen_and_says_more_on_request() {
    let app = TestApp::spawn().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    // A team leader's welcome is about the team and names /ledelse.
    let karen = FakeUser::new(1002, "Karen");
    let token = app
        .invite_staff("Karen", StaffRole::TeamLeader, Some("Nord"))
        .await;
    let welcome = app.say(&karen, &format!("/start {}", token.as_str())).await;
    assert!(
        welcome.text.contains("teamleder for Nord") && welcome.text.contains("/ledelse"),
        "{}",
        welcome.text
    );

    let short = app.say(&mette, "/hjaelp").await;
    assert!(short.text.contains("/sager – Dine sager"), "{}", short.text);
    assert!(
        !short.text.contains("/ledelse"),
        "a caseworker's help: {}",
        short.text
    );
    // Staff do not need the crisis lines in every help; participants and strangers get them.
    assert!(!short.text.contains("116 111"), "{}", short.text);
    assert!(short.text.lines().count() <= 25, "one screen: {}", short.text);

    let leader = app.say(&karen, "/hjaelp").await;
    assert!(leader.text.contains("/ledelse"), "{}", leader.text);

    let more = app.say(&mette, "/hjaelp mere").await;
    assert!(more.text.contains("/maal <kode>"), "{}", more.text);
    app.stop().await;
}
