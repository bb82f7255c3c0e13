//! Staff changes: a deactivated caseworker is refused everything at once (also a button on an
//! old alert) and their cases go to the team leader; `/overdrag` moves a case with its alerts
//! and call tasks; `/fravaer` routes new alerts and the digest to the cover for the period.

use std::process::Command;

use chrono::{TimeZone, Utc};
use fake_telegram::{FakeUser, SentMessage};
use taetkontakt::domain::ids::StaffId;

use crate::helpers::*;

fn taetkontakt(app: &TestApp) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taetkontakt"));
    cmd.env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELEGRAM_API_URL")
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "off");
    cmd
}

/// Runs `taetkontakt staff …` against the test's database; returns stdout, or panics with stderr.
fn staff_cli(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let output = taetkontakt(app).arg("staff").args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The id at the start of the `staff list` line of `name`.
fn staff_id(list: &str, name: &str) -> i64 {
    list.lines()
        .find(|l| l.split('\t').nth(1) == Some(name))
        .and_then(|l| l.split('\t').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{name} not in {list}"))
}

/// The young person asks to be called: an alert with assessment buttons for whoever receives
/// the case's alerts now. Returns the mark before it.
async fn ask_to_be_called(app: &TestApp, youth: &FakeUser) -> u64 {
    app.settle().await;
    let mark = app.fake.message_seq();
    app.say(youth, "/ring").await;
    app.settle().await;
    mark
}

async fn alert_after(app: &TestApp, chat: i64, mark: u64) -> Option<SentMessage> {
    app.settle().await;
    app.fake
        .messages_to(chat)
        .into_iter()
        .find(|m| m.seq > mark && m.button_data("Kontakt ung/familie").is_some())
}

async fn case_state(app: &TestApp, code: &str) -> (i64, Vec<String>, usize) {
    let mut tx = app.store.read().await.unwrap();
    let case = case_of(&mut tx, code).await;
    let alerts = tx
        .alerts_of_case(case.id)
        .await
        .unwrap()
        .iter()
        .map(|a| format!("{}:{}", a.id, a.status.key()))
        .collect();
    let calls = tx.call_tasks_of_case(case.id).await.unwrap().len();
    tx.commit().await.unwrap();
    (case.caseworker_id.0, alerts, calls)
}

async fn audit_of_case(app: &TestApp, code: &str) -> Vec<String> {
    let mut tx = app.store.read().await.unwrap();
    let case = case_of(&mut tx, code).await;
    let actions = tx.audit_actions_for_case(case.id).await.unwrap();
    tx.commit().await.unwrap();
    actions
}

#[tokio::test]
async fn a_deactivated_caseworker_is_refused_everything_and_the_team_leader_gets_the_cases() {
    let app = TestApp::spawn().await;
    let leader = joined_leader(&app, 3001, "Tove").await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let mark = ask_to_be_called(&app, &case.youth).await;
    let old_alert = alert_after(&app, mette.id, mark)
        .await
        .expect("Mette got the alert");

    let (ok, list, err) = staff_cli(&app, &["list"]);
    assert!(ok, "{err}");
    let mette_id = staff_id(&list, "Mette");
    let tove_id = staff_id(&list, "Tove");
    assert!(
        list.lines()
            .any(|l| l == format!("{mette_id}\tMette\trådgiver\tNord\taktiv")),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l == format!("{tove_id}\tTove\tteamleder\tNord\taktiv")),
        "{list}"
    );

    // The command line queues the team leader's message at the real time; the service's clock
    // must have reached it for the message to go.
    app.clock.set(Utc::now() + chrono::Duration::minutes(1));
    app.settle().await;
    let mark = app.fake.message_seq();
    let (ok, out, err) = staff_cli(&app, &["deactivate", &mette_id.to_string()]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Mette") && out.contains(&case.code) && out.contains("Tove"),
        "{out}"
    );
    let (_, list, _) = staff_cli(&app, &["list"]);
    assert!(
        list.lines()
            .any(|l| l == format!("{mette_id}\tMette\trådgiver\tNord\tdeaktiveret")),
        "{list}"
    );
    // Twice is refused in one clear line.
    let (ok, _, err) = staff_cli(&app, &["deactivate", &mette_id.to_string()]);
    assert!(!ok && err.contains("already deactivated"), "{err}");

    // The team leader is told which cases she now holds.
    let told = app
        .message_containing(leader.id, mark, "ikke længere aktiv")
        .await;
    eprintln!("team leader: {}", told.text);
    assert!(
        told.text.contains(&format!("{} · Lea – 1 åben alarm", case.code)),
        "{}",
        told.text
    );
    let (holder, alerts_before, calls) = case_state(&app, &case.code).await;
    assert_eq!(holder, tove_id, "the case went to the team leader");
    assert_eq!(calls, 1, "the call task stays with the case");

    // The old alert button, pressed by Mette: refused, nothing changes.
    app.settle().await;
    let mark = app.fake.message_seq();
    let contact = old_alert.button_data("Kontakt ung/familie").unwrap().to_string();
    app.fake.press_button(mette, old_alert.message_id, &contact);
    app.settle().await;
    let refused = |f: &fake_telegram::FakeTelegram| {
        f.callback_answers().iter().any(|a| {
            a.chat_id == Some(mette.id)
                && a.text
                    .as_deref()
                    .is_some_and(|t| t.starts_with("Din adgang til Tæt kontakt er lukket"))
        })
    };
    assert!(app.fake.wait_until(refused, WAIT).await, "the press was refused");
    assert_eq!(
        case_state(&app, &case.code).await.1,
        alerts_before,
        "nothing changed"
    );
    // Every command too, with one short refusal.
    for command in ["/sager", &format!("/sag {}", case.code), "/alarmer", "hej"] {
        let reply = app.say(mette, command).await;
        assert!(
            reply.text.starts_with("Din adgang til Tæt kontakt er lukket"),
            "{command}: {}",
            reply.text
        );
        assert!(!reply.text.contains("Lea"), "{}", reply.text);
    }
    assert!(
        app.fake
            .messages_to(mette.id)
            .iter()
            .filter(|m| m.seq > mark)
            .all(|m| m.text.starts_with("Din adgang")),
        "Mette got nothing else"
    );
    // A new alert goes to the team leader, none to Mette.
    let mark = ask_to_be_called(&app, &case.youth).await;
    let leader_alerts = app.say(&leader, "/alarmer").await;
    assert!(leader_alerts.text.contains("1"), "{}", leader_alerts.text);
    assert!(alert_after(&app, mette.id, mark).await.is_none());

    let mut tx = app.store.read().await.unwrap();
    let staff_audit = tx.audit_actions_for_staff(StaffId(mette_id)).await.unwrap();
    tx.commit().await.unwrap();
    assert!(
        staff_audit.contains(&"staff.deactivated".to_string()),
        "{staff_audit:?}"
    );
    assert!(
        audit_of_case(&app, &case.code)
            .await
            .contains(&"case.reassigned".to_string())
    );

    // Reactivated, Mette may use the service again; the case stays with the team leader.
    let (ok, out, err) = staff_cli(&app, &["reactivate", &mette_id.to_string()]);
    assert!(ok && out.contains("aktiv igen"), "{out}{err}");
    let reply = app.say(mette, "/sager").await;
    assert!(reply.text.contains("ingen sager"), "{}", reply.text);
    let (ok, _, err) = staff_cli(&app, &["deactivate", "99999"]);
    assert!(!ok && err.contains("no staff member with id 99999"), "{err}");
    app.stop().await;
}

#[tokio::test]
async fn a_caseworker_without_a_team_leader_to_take_over_is_not_deactivated() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let (_, list, _) = staff_cli(&app, &["list"]);
    let mette_id = staff_id(&list, "Mette");
    let (ok, _, err) = staff_cli(&app, &["deactivate", &mette_id.to_string()]);
    assert!(!ok, "refused");
    assert!(
        err.contains("no other active team leader") && err.lines().count() == 1,
        "{err}"
    );
    let reply = app.say(&case.caseworker, "/sager").await;
    assert!(reply.text.contains("Lea"), "Mette still works: {}", reply.text);
    app.stop().await;
}

#[tokio::test]
async fn a_handover_moves_alerts_and_call_tasks_and_the_old_buttons_stop_working() {
    let app = TestApp::spawn().await;
    let _leader = joined_leader(&app, 3001, "Tove").await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let anne = joined_caseworker(&app, 1002, "Anne").await;
    let mark = ask_to_be_called(&app, &case.youth).await;
    let old_alert = alert_after(&app, mette.id, mark)
        .await
        .expect("Mette got the alert");
    let youth_messages = app.fake.messages_to(case.youth.id).len();

    // Guided: the cases, then the colleagues, each step with a way out.
    let cases = app.say(mette, "/overdrag").await;
    assert!(cases.button_data("✖️ Annuller").is_some(), "{:?}", cases.text);
    let cancelled = app.press(mette, &cases, "✖️ Annuller").await;
    assert_eq!(cancelled.text, "Okay, det er afbrudt.");
    let cases = app.say(mette, "/overdrag").await;
    let who = app.press(mette, &cases, &format!("{} · Lea", case.code)).await;
    assert_eq!(who.text, format!("Hvem skal overtage {} (Lea)?", case.code));
    assert!(who.button_data("Tove (teamleder)").is_some() && who.button_data("✖️ Annuller").is_some());
    assert!(who.button_data("Mette").is_none(), "not to oneself");
    let mark = app.fake.message_seq();
    let done = app.press(mette, &who, "Anne").await;
    eprintln!("caseworker: {}", done.text);
    assert!(
        done.text
            .starts_with(&format!("{} (Lea) er overdraget til Anne.", case.code)),
        "{}",
        done.text
    );
    let summary = app.message_containing(anne.id, mark, "overdraget").await;
    eprintln!("new caseworker: {}", summary.text);
    for expected in [
        format!("📂 Du har fået sagen {} (Lea) overdraget fra Mette.", case.code),
        "• Åbne alarmer: 1 – vurder dem med /alarmer".to_string(),
        "• Næste møde: intet planlagt".to_string(),
        "• Opkald over tid: ingen".to_string(),
        format!("/sag {}", case.code),
    ] {
        assert!(
            summary.text.contains(&expected),
            "{expected:?} in {}",
            summary.text
        );
    }
    let (holder, alerts, calls) = case_state(&app, &case.code).await;
    assert_eq!(calls, 1);
    let list = staff_cli(&app, &["list"]).1;
    assert_eq!(holder, staff_id(&list, "Anne"));

    // Mette's old alert button is refused and changes nothing; Anne assesses it.
    app.settle().await;
    let contact = old_alert.button_data("Kontakt ung/familie").unwrap().to_string();
    app.fake.press_button(mette, old_alert.message_id, &contact);
    app.settle().await;
    assert_eq!(case_state(&app, &case.code).await.1, alerts, "nothing changed");
    let reply = app.say(mette, &format!("/sag {}", case.code)).await;
    assert!(reply.text.contains("kan ikke finde den sag"), "{}", reply.text);
    app.settle().await;
    let mark = app.fake.message_seq();
    app.say(&anne, "/alarmer").await;
    let listed = alert_after(&app, anne.id, mark)
        .await
        .expect("Anne sees the alert with its buttons");
    let saved = app.press(&anne, &listed, "Kontakt ung/familie").await;
    assert!(
        saved.text.contains("gemt") || saved.text.contains("Vurdering"),
        "{}",
        saved.text
    );
    let mark = app.fake.message_seq();
    let calls = app.say(&anne, "/opkald").await;
    assert!(calls.text.contains("(1)"), "{}", calls.text);
    assert!(
        got_message_containing(&app, anne.id, mark, "Lea").await,
        "Anne sees the call task"
    );

    // Typed in one line, back to Mette; an unknown name offers the colleagues as buttons.
    let unknown = app.say(&anne, &format!("/overdrag {} Bodil", case.code)).await;
    assert!(
        unknown.text.starts_with("Jeg kan ikke finde den kollega"),
        "{}",
        unknown.text
    );
    assert!(unknown.button_data("Mette").is_some());
    let back = app.say(&anne, &format!("/overdrag {} mette", case.code)).await;
    assert!(back.text.contains("er overdraget til Mette"), "{}", back.text);

    // The young person was told nothing about staff.
    assert_eq!(app.fake.messages_to(case.youth.id).len(), youth_messages);
    let audit = audit_of_case(&app, &case.code).await;
    assert_eq!(
        audit.iter().filter(|a| *a == "case.handed_over").count(),
        2,
        "{audit:?}"
    );
    // A participant may not hand over, and a colleague outside the case may not either.
    let reply = app
        .say(&case.youth, &format!("/overdrag {} Anne", case.code))
        .await;
    assert!(reply.text.contains("kun for rådgivere"), "{}", reply.text);
    let reply = app.say(&anne, &format!("/overdrag {} Anne", case.code)).await;
    assert!(reply.text.contains("kan ikke finde den sag"), "{}", reply.text);
    app.stop().await;
}

#[tokio::test]
async fn the_team_leader_hands_over_a_case_of_the_team_and_the_caseworker_is_told() {
    let app = TestApp::spawn().await;
    let leader = joined_leader(&app, 3001, "Tove").await;
    let case = youth_case(&app).await;
    let anne = joined_caseworker(&app, 1002, "Anne").await;
    app.settle().await;
    let mark = app.fake.message_seq();
    let done = app.say(&leader, &format!("/overdrag {} Anne", case.code)).await;
    assert!(done.text.contains("er overdraget til Anne"), "{}", done.text);
    let told = app
        .message_containing(case.caseworker.id, mark, "af din teamleder")
        .await;
    eprintln!("previous caseworker: {}", told.text);
    assert!(told.text.contains("Du har ikke længere adgang"), "{}", told.text);
    app.message_containing(anne.id, mark, "overdraget fra Mette")
        .await;
    app.stop().await;
}

#[tokio::test]
async fn during_an_absence_new_alerts_and_the_digest_go_to_the_team_leader_and_afterwards_back() {
    let app = TestApp::spawn().await;
    let leader = joined_leader(&app, 3001, "Tove").await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;

    // Bad input gets a clear answer and registers nothing.
    for (input, expected) in [
        ("/fravaer 31.11 2.12", "Den første dato findes ikke"),
        ("/fravaer 27.11 25.11", "Den sidste dag ligger før den første"),
        ("/fravaer jul nytår", "Den første dato forstår jeg ikke"),
        ("/fravaer 25.11", "Skriv /fravaer <fra> <til>"),
        ("/fravaer 25.11 27.11 Bodil", "hedder Bodil"),
        ("/fravaer 1.12 2027-06-01", "Fraværet er for langt"),
    ] {
        let reply = app.say(mette, input).await;
        assert!(reply.text.contains(expected), "{input}: {}", reply.text);
    }
    let none = app.say(mette, "/fravaer").await;
    assert!(
        none.text.starts_with("Du har ikke registreret noget fravær"),
        "{}",
        none.text
    );

    let mark = app.fake.message_seq();
    let created = app.say(mette, "/fravaer 25.11 2026-11-27").await;
    eprintln!("caseworker: {}", created.text);
    assert!(
        created.text.starts_with(
            "Dit fravær er registreret fra onsdag 25. november til fredag 27. november. \
             I den periode går nye alarmer og det daglige overblik for dine sager til Tove."
        ),
        "{}",
        created.text
    );
    let told = app.message_containing(leader.id, mark, "er væk").await;
    eprintln!("team leader: {}", told.text);
    assert!(told.text.contains("for Mettes sager"), "{}", told.text);
    let overlap = app.say(mette, "/fravaer 26.11 28.11").await;
    assert!(
        overlap.text.starts_with("Du har allerede fravær"),
        "{}",
        overlap.text
    );

    // Before the period the alert is Mette's.
    let mark = ask_to_be_called(&app, &case.youth).await;
    let first = alert_after(&app, mette.id, mark)
        .await
        .expect("before the absence: Mette");
    assert!(alert_after(&app, leader.id, mark).await.is_none());
    app.press(mette, &first, "Kontakt ung/familie").await;

    // Wednesday 25 November, 10:00: the absence has begun.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap());
    app.tick().await;
    let shown = app.say(mette, "/fravaer").await;
    assert!(
        shown
            .text
            .contains("Nu, fra onsdag 25. november til og med fredag 27. november"),
        "{}",
        shown.text
    );
    assert!(
        shown
            .button_data("Afslut fraværet onsdag 25. november – fredag 27. november")
            .is_some()
    );
    let mark = ask_to_be_called(&app, &case.youth).await;
    let covered = alert_after(&app, leader.id, mark)
        .await
        .expect("during the absence: the team leader");
    assert!(covered.text.contains("Lea"), "{}", covered.text);
    assert!(
        alert_after(&app, mette.id, mark).await.is_none(),
        "not the absent caseworker"
    );

    // Thursday 08:00: the digest with Lea's open alert goes to the team leader, none to Mette.
    let mark = app.fake.message_seq();
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 26, 7, 5, 0).unwrap());
    app.tick().await;
    let digest = app.message_containing(leader.id, mark, "Godmorgen").await;
    eprintln!("team leader's digest: {}", digest.text);
    assert!(
        digest.text.contains("Lea") && digest.text.contains("sagerne for Mette, som du dækker for"),
        "{}",
        digest.text
    );
    assert!(!got_message_containing(&app, mette.id, mark, "Godmorgen").await);
    app.press(&leader, &covered, "Kontakt ung/familie").await;

    // Monday 30 November: the period is over, the alert is Mette's again.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap());
    app.tick().await;
    let mark = ask_to_be_called(&app, &case.youth).await;
    assert!(
        alert_after(&app, mette.id, mark).await.is_some(),
        "after the absence: Mette"
    );
    assert!(alert_after(&app, leader.id, mark).await.is_none());

    // A planned absence can be ended with one tap; the colleague named covers instead.
    let anne = joined_caseworker(&app, 1002, "Anne").await;
    let planned = app.say(mette, "/fravaer 2.12 3.12 Anne").await;
    assert!(planned.text.contains("til Anne"), "{}", planned.text);
    let ended = app.press(mette, &planned, "Afslut fraværet nu").await;
    assert!(ended.text.starts_with("Dit fravær er slut"), "{}", ended.text);
    assert!(got_message_containing(&app, anne.id, 0, "Mette er tilbage").await);
    let mette_id = StaffId(staff_id(&staff_cli(&app, &["list"]).1, "Mette"));
    let mut tx = app.store.read().await.unwrap();
    let actions = tx.audit_actions_by_staff(mette_id).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        actions
            .iter()
            .filter(|a| a.starts_with("absence."))
            .collect::<Vec<_>>(),
        ["absence.created", "absence.created", "absence.ended"]
    );
    app.stop().await;
}
