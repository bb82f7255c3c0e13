//! The end of a case: `/luk` after the open alerts are assessed, goodbyes, nothing more sent,
//! the journal with the assessments, the purge after the retention period, and the CLI
//! (`export`, `purge --dry-run`, `audit`).

use std::process::Command;

use chrono::Duration;
use fake_telegram::{FakeUser, MessageKind, SentMessage};
use taetkontakt::domain::case::CaseCode;

use crate::helpers::*;

const REASON: &str = "Hun har det godt, jeg ringer til hende i morgen";
const NOTE: &str = "Det går bedre i skolen nu";
const PARENT_NOTE: &str = "Anne fortæller at hun sover bedre";

struct Closed {
    case: YouthCase,
    parent: FakeUser,
    journal: String,
}

async fn message_with_button(app: &TestApp, chat: i64, mark: u64, label: &str) -> SentMessage {
    app.fake
        .wait_for_message(chat, |m| m.seq > mark && m.button_data(label).is_some(), WAIT)
        .await
        .unwrap_or_else(|| panic!("no message with the button {label:?} to chat {chat}"))
}

/// A case with an answer, texts from the young person and a parent, a call request (an alert
/// and a call task) and an open invitation; closed with `/luk` the guided way.
async fn closed_case(app: &TestApp) -> Closed {
    let case = youth_case(app).await;
    let parent = join(app, &case.caseworker, &case.code, "forælder Anne", 3001, "Anne").await;
    app.say(
        &case.caseworker,
        &format!("/inviter {} vidne mormor Inge", case.code),
    )
    .await;
    // Monday 16:00: the weekly check-in.
    let mark = app.fake.message_seq();
    advance(app, Duration::hours(8)).await;
    let prompt = prompt_after(app, case.youth.id, mark).await;
    app.answer(&case.youth, &prompt, "7").await;
    app.say(&case.youth, NOTE).await;
    app.say(&parent, PARENT_NOTE).await;
    let ring = app.say(&case.youth, "/ring").await;
    assert!(ring.text.contains("ringet op"), "{}", ring.text);
    app.settle().await;

    // /luk without a code: the cases as buttons, and a way out.
    let pick = app.say(&case.caseworker, "/luk").await;
    assert!(pick.button_data("Fortryd").is_some(), "{pick:?}");
    let mark = app.fake.message_seq();
    let label = format!("{} · Lea", case.code);
    let first = app.press(&case.caseworker, &pick, &label).await;
    assert!(first.text.contains("åbne alarm"), "{}", first.text);
    let alert = message_with_button(app, case.caseworker.id, mark, "Ingen handling").await;
    let last = message_with_button(app, case.caseworker.id, mark, "Luk sagen").await;
    // Closing is refused while the alert is open: the same alerts again.
    let mark = app.fake.message_seq();
    app.press(&case.caseworker, &last, "Luk sagen").await;
    let again = message_with_button(app, case.caseworker.id, mark, "Luk sagen").await;
    let ask = app.press(&case.caseworker, &alert, "Ingen handling").await;
    assert!(!ask.text.is_empty());
    app.say(&case.caseworker, REASON).await;
    let reasons = app.press(&case.caseworker, &again, "Luk sagen").await;
    assert!(reasons.text.contains("hilsen til afsked"), "{}", reasons.text);
    for reason in ["Mål nået", "Støtten er slut", "Flyttet", "Andet", "Fortryd"] {
        assert!(reasons.button_data(reason).is_some(), "{reason}: {reasons:?}");
    }
    let mark = app.fake.message_seq();
    let done = app.press(&case.caseworker, &reasons, "Mål nået").await;
    assert!(done.text.contains("er lukket · Mål nået"), "{}", done.text);
    assert!(
        done.text.contains("2 deltagere har fået en afskedshilsen"),
        "{}",
        done.text
    );
    assert!(
        done.text.contains("Én åben invitation er trukket tilbage"),
        "{}",
        done.text
    );
    assert!(done.text.contains("slettet om 90 dage"), "{}", done.text);
    let document = app
        .fake
        .wait_for_message(
            case.caseworker.id,
            |m| m.seq > mark && m.kind == MessageKind::Document,
            WAIT,
        )
        .await
        .expect("the journal is sent on closing");
    let journal = String::from_utf8(document.file.clone().unwrap().data.to_vec()).unwrap();
    Closed {
        case,
        parent,
        journal,
    }
}

async fn case_id(app: &TestApp, code: &str) -> Option<taetkontakt::domain::ids::CaseId> {
    let mut tx = app.store.read().await.unwrap();
    let case = tx.case_by_code(&CaseCode::parse(code).unwrap()).await.unwrap();
    tx.commit().await.unwrap();
    case.map(|c| c.id)
}

#[tokio::test]
async fn closing_says_goodbye_stops_every_prompt_journalises_and_purges_after_the_retention_period() {
    let app = TestApp::spawn().await;
    let mark = app.fake.message_seq();
    let Closed {
        case,
        parent,
        journal,
    } = closed_case(&app).await;

    // Goodbyes: the young person hears what happens with the data and that the caseworker
    // is still there; the parent gets the adult words.
    let bye = app.message_containing(case.youth.id, mark, "afsluttet").await;
    for needle in [
        "Hej Lea",
        "kommer med i din sag",
        "slettet om 90 dage",
        "Din rådgiver er der stadig",
        "116 111",
    ] {
        assert!(bye.text.contains(needle), "{needle}: {}", bye.text);
    }
    let bye_parent = app.message_containing(parent.id, mark, "Tak for hjælpen").await;
    if std::env::var("PRINT_TEXTS").is_ok() {
        for chat in [case.caseworker.id, case.youth.id, parent.id] {
            for m in app.fake.messages_to(chat).iter().filter(|m| m.seq > mark) {
                eprintln!("--- to {chat}:\n{}", m.text);
            }
        }
    }
    assert!(bye_parent.text.contains("Leas forløb"), "{}", bye_parent.text);
    assert!(!bye_parent.text.contains("116 111"), "{}", bye_parent.text);

    // The journal holds the assessment, the answer, the texts and the call task.
    for needle in [
        "Journaludskrift",
        "Ingen handling",
        REASON,
        "vil ringes op",
        NOTE,
        PARENT_NOTE,
        "Jeg kommer i skole hver dag",
        "Leas mål: «Jeg kommer i skole hver dag»",
        "Vil gerne ringes op",
        "Mål nået",
        "mormor (Inge)",
        "@page { size: A4",
    ] {
        assert!(
            journal.contains(&crate::lifecycle_escape(needle)),
            "journal lacks {needle:?}"
        );
    }
    let id = case_id(&app, &case.code)
        .await
        .expect("the case is kept until the purge");
    {
        let mut tx = app.store.read().await.unwrap();
        let actions = tx.audit_actions_for_case(id).await.unwrap();
        let record = tx.case(id).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        assert_eq!(record.status.key(), "exported");
        for action in ["case.closed", "invite.revoked", "read.journal", "case.exported"] {
            assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
        }
    }

    // No more prompts of any kind: past the next weekly and fortnightly rhythm, and further.
    let after_close = app.fake.message_seq();
    for _ in 0..6 {
        advance(&app, Duration::days(3)).await;
    }
    assert!(
        app.fake
            .messages_to(case.youth.id)
            .iter()
            .all(|m| m.seq <= after_close),
        "the young person got something after the close"
    );
    assert!(
        app.fake
            .messages_to(parent.id)
            .iter()
            .all(|m| m.seq <= after_close)
    );

    // A later text gets a kind answer; danger still gets the numbers and reaches the caseworker.
    let reply = app.say(&case.youth, "hej er du der").await;
    assert!(
        reply.text.contains("slut") && reply.text.contains("116 111"),
        "{}",
        reply.text
    );
    let reply = app.say(&parent, "/mine").await;
    assert!(reply.text.contains("slut"), "{}", reply.text);
    let staff_mark = app.fake.message_seq();
    let reply = app
        .say(&case.youth, "jeg har taget 20 panodil for en time siden")
        .await;
    assert!(
        reply.text.contains("112") && reply.text.contains("116 111"),
        "{}",
        reply.text
    );
    app.message_containing(case.caseworker.id, staff_mark, "HASTER")
        .await;
    // That alert must be assessed too, or it escalates; assess it before the purge.
    let urgent = message_with_button(&app, case.caseworker.id, staff_mark, "Kontakt ung/familie").await;
    app.press(&case.caseworker, &urgent, "Kontakt ung/familie").await;

    // Sent and cancelled messages keep no payload.
    {
        let mut tx = app.store.read().await.unwrap();
        let left = tx.outbox_payloads_by_status().await.unwrap();
        tx.commit().await.unwrap();
        assert!(
            left.iter()
                .all(|(status, _)| status != "sent" && status != "cancelled"),
            "{left:?}"
        );
    }

    // The people's ids before they go.
    let (participant_ids, goal_ids) = {
        let mut tx = app.store.read().await.unwrap();
        let people: Vec<i64> = tx
            .participants_of_case(id)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id.0)
            .collect();
        let goals: Vec<i64> = tx
            .goals_of_case(id)
            .await
            .unwrap()
            .iter()
            .map(|g| g.id.0)
            .collect();
        tx.commit().await.unwrap();
        (people, goals)
    };
    assert_eq!(participant_ids.len(), 3);

    // After the retention period (counted from the export) the case is gone.
    advance(&app, Duration::days(91)).await;
    assert!(
        case_id(&app, &case.code).await.is_none(),
        "the case was not purged"
    );
    // What is left counts in management information: one anonymous purged case.
    let mut tx = app.store.read().await.unwrap();
    let report = tx.report_data(None, None, None).await.unwrap();
    tx.commit().await.unwrap();
    assert!(report.cases.is_empty(), "{:?}", report.cases);
    assert_eq!(report.purged_cases.len(), 1, "{:?}", report.purged_cases);
    assert!(report.purged_cases[0].opened_at < report.purged_cases[0].closed_before);
    let mut tx = app.store.read().await.unwrap();
    let texts: Vec<String> = [
        case.code.as_str(),
        "Lea",
        "Anne",
        "Inge",
        "mormor",
        "Jeg kommer i skole",
        NOTE,
        PARENT_NOTE,
        REASON,
        "panodil",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut ids: Vec<(&str, i64)> = vec![("case_id", id.0)];
    ids.extend(participant_ids.iter().map(|p| ("participant_id", *p)));
    ids.extend(goal_ids.iter().map(|g| ("goal_id", *g)));
    for user in [case.youth.id, parent.id] {
        ids.push(("telegram_user_id", user));
        ids.push(("chat_id", user));
    }
    let hits = tx.columns_mentioning(&texts, &ids).await.unwrap();
    let actions = tx.audit_actions_for_case(id).await.unwrap();
    let left = tx.outbox_payloads_by_status().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        hits,
        vec!["audit_log.case_id".to_string()],
        "personal data left after the purge"
    );
    assert_eq!(
        actions.last().map(String::as_str),
        Some("case.purged"),
        "{actions:?}"
    );
    assert!(left.iter().all(|(status, _)| status != "sent"), "{left:?}");

    // Half a year after the purge, the audit rows go too.
    advance(&app, Duration::days(184)).await;
    let mut tx = app.store.read().await.unwrap();
    assert!(tx.audit_actions_for_case(id).await.unwrap().is_empty());
    tx.commit().await.unwrap();
    app.stop().await;
}

#[tokio::test]
async fn closing_can_be_left_with_one_tap_and_a_closed_case_is_refused_a_second_close() {
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let reasons = app.say(&case.caseworker, &format!("/luk {}", case.code)).await;
    assert!(reasons.button_data("Mål nået").is_some(), "{}", reasons.text);
    let left = app.press(&case.caseworker, &reasons, "Fortryd").await;
    assert!(left.text.contains("ikke lukket"), "{}", left.text);
    // Still open: a check-in still goes out.
    let mark = app.fake.message_seq();
    advance(&app, Duration::hours(8)).await;
    prompt_after(&app, case.youth.id, mark).await;
    // Somebody else's case is not found.
    let other = joined_caseworker(&app, 1009, "Sara").await;
    let refused = app.say(&other, &format!("/luk {}", case.code)).await;
    assert!(refused.text.contains("kan ikke finde"), "{}", refused.text);
    let done = app.press(&case.caseworker, &reasons, "Flyttet").await;
    assert!(done.text.contains("er lukket · Flyttet"), "{}", done.text);
    let again = app.say(&case.caseworker, &format!("/luk {}", case.code)).await;
    assert!(again.text.contains("allerede lukket"), "{}", again.text);
    // A period journal on demand.
    let mark = app.fake.message_seq();
    app.say(
        &case.caseworker,
        &format!("/journal {} 1.11.2026 30.11.2026", case.code),
    )
    .await;
    let doc = app
        .fake
        .wait_for_message(
            case.caseworker.id,
            |m| m.seq > mark && m.kind == MessageKind::Document,
            WAIT,
        )
        .await
        .expect("a journal for the period");
    assert!(doc.text.contains("valgte periode"), "{}", doc.text);
    let bad = app
        .say(&case.caseworker, &format!("/journal {} igår", case.code))
        .await;
    assert!(bad.text.contains("kan ikke læse datoen"), "{}", bad.text);
    app.stop().await;
}

fn taetkontakt(database_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taetkontakt"));
    cmd.env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELEGRAM_API_URL")
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "off");
    cmd
}

fn run(mut cmd: Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn the_cli_exports_the_journal_and_one_persons_own_data_and_prints_the_audit_and_the_purge() {
    let app = TestApp::spawn().await;
    let Closed { case, .. } = closed_case(&app).await;
    app.settle().await;
    let url = app.database_url.clone();

    let mut cmd = taetkontakt(&url);
    cmd.args(["export", "--case", &case.code, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run(cmd)).expect("JSON");
    let assessment = &json["alerts"][0]["assessments"][0];
    assert_eq!(assessment["decision"], "no_action");
    assert_eq!(assessment["reason"], REASON);
    assert_eq!(assessment["staff"], "Mette");
    assert!(
        json["answers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["value"] == 7)
    );
    assert_eq!(json["case"]["close_reason"], "goal_reached");

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("journal.html");
    let mut cmd = taetkontakt(&url);
    cmd.args(["export", "--case", &case.code, "--format", "html", "--out"])
        .arg(&out);
    run(cmd);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains(REASON));

    // One person's own data: the young person's texts, not the parent's.
    let youth_id = {
        let mut tx = app.store.read().await.unwrap();
        let id = case_id(&app, &case.code).await.unwrap();
        let people = tx.participants_of_case(id).await.unwrap();
        tx.commit().await.unwrap();
        people.iter().find(|p| p.role.key() == "youth").unwrap().id.0
    };
    let mut cmd = taetkontakt(&url);
    cmd.args(["export", "--participant", &youth_id.to_string()]);
    let own = run(cmd);
    assert!(own.contains(NOTE), "{own}");
    assert!(!own.contains(PARENT_NOTE), "{own}");
    assert!(!own.contains("Anne"), "{own}");

    let mut cmd = taetkontakt(&url);
    cmd.args(["purge", "--dry-run"])
        .env("RETENTION_DAYS_AFTER_CLOSE", "0");
    let dry = run(cmd);
    assert!(dry.contains(&format!("would purge {}", case.code)), "{dry}");
    assert!(dry.contains("participants=3"), "{dry}");
    assert!(
        case_id(&app, &case.code).await.is_some(),
        "a dry run deletes nothing"
    );
    let mut cmd = taetkontakt(&url);
    cmd.args(["purge", "--dry-run"])
        .env("RETENTION_DAYS_AFTER_CLOSE", "ninety");
    assert!(!cmd.output().unwrap().status.success());

    let mut cmd = taetkontakt(&url);
    cmd.args(["audit", "--case", &case.code]);
    let audit = run(cmd);
    for action in [
        "case.created",
        "case.closed",
        "read.journal",
        "operator  read.participant_export",
    ] {
        assert!(audit.contains(action), "{action}: {audit}");
    }
    assert!(!audit.contains(REASON) && !audit.contains("Lea"), "{audit}");
    let mut cmd = taetkontakt(&url);
    cmd.args([
        "audit",
        "--staff",
        "1",
        "--fra",
        "2020-01-01",
        "--til",
        "2020-01-02",
    ]);
    assert!(run(cmd).contains("0 audit rows"));
    app.stop().await;
}

#[tokio::test]
async fn a_closed_case_never_exported_is_kept_and_its_caseworker_and_team_leader_are_reminded() {
    use taetkontakt::domain::case::CloseReason;
    use taetkontakt::domain::staff::StaffRole;
    let app = TestApp::spawn().await;
    let case = youth_case(&app).await;
    let leader = FakeUser::new(1501, "Tove");
    let token = app
        .invite_staff("Tove", StaffRole::TeamLeader, Some("Nord"))
        .await;
    app.say(&leader, &format!("/start {}", token.as_str())).await;
    let id = case_id(&app, &case.code).await.unwrap();
    // Closed without a journal (as a case closed before this version could be).
    let mut tx = app.store.begin().await.unwrap();
    let now = start_time();
    assert!(tx.close_case(id, CloseReason::Other, now).await.unwrap());
    tx.commit().await.unwrap();
    let mark = app.fake.message_seq();
    advance(&app, Duration::days(91)).await;
    let reminder = app
        .message_containing(case.caseworker.id, mark, "journalen er endnu ikke lavet")
        .await;
    assert!(
        reminder.text.contains(&format!("/journal {}", case.code)),
        "{}",
        reminder.text
    );
    let to_leader = app
        .message_containing(leader.id, mark, "journalen er endnu ikke lavet")
        .await;
    assert!(to_leader.text.contains("hos Mette"), "{}", to_leader.text);
    assert!(
        case_id(&app, &case.code).await.is_some(),
        "never purged without a journal"
    );
    // Once: the next days bring no second reminder.
    let mark = app.fake.message_seq();
    advance(&app, Duration::days(2)).await;
    assert!(!got_message_containing(&app, case.caseworker.id, mark, "endnu ikke lavet").await);
    app.stop().await;
}
