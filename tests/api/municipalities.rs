//! Several municipalities in one installation: a team is a team within its municipality. A
//! team leader of "Nord" in one municipality neither sees nor takes over the cases of "Nord" in
//! another, and the staff list says who belongs where.

use fake_telegram::FakeUser;
use taetkontakt::clock::Clock;
use taetkontakt::domain::staff::StaffRole;
use taetkontakt::i18n::Lang;

use crate::helpers::*;

/// A staff member of `municipality`, team Nord, who has joined.
async fn joined_in(app: &TestApp, municipality: &str, id: i64, name: &str, role: StaffRole) -> FakeUser {
    let user = FakeUser::new(id, name);
    let token = taetkontakt::ops::invite_staff_in(
        &app.store,
        municipality,
        name,
        role,
        Some("Nord"),
        Lang::Da,
        app.clock.now(),
    )
    .await
    .expect("staff invite");
    let welcome = app.say(&user, &format!("/start {}", token.as_str())).await;
    assert!(welcome.text.contains("Velkommen"), "{}", welcome.text);
    user
}

/// The management report as JSON, for all municipalities or one.
async fn report(app: &TestApp, municipality: Option<&str>) -> String {
    let filter = taetkontakt::domain::report::ReportFilter {
        from: None,
        to: None,
        team: None,
        as_of: app.clock.now().fixed_offset(),
    };
    let format = taetkontakt::ops::ReportFormat::Json;
    taetkontakt::ops::management_report(&app.store, municipality, &filter, format, Lang::Da)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_team_leader_sees_and_takes_over_only_their_own_municipalitys_team() {
    let app = TestApp::spawn().await;
    let mette = joined_in(&app, "Aarhus", 101, "Mette", StaffRole::Caseworker).await;
    let karen = joined_in(&app, "Aarhus", 102, "Karen", StaffRole::TeamLeader).await;
    let tove = joined_in(&app, "Skanderborg", 103, "Tove", StaffRole::TeamLeader).await;
    let code = new_case(&app, &mette, "Lea").await;

    let own = app.say(&karen, "/sager").await;
    assert!(
        own.text.contains(&code),
        "Aarhus' leader lists the case: {}",
        own.text
    );
    let other = app.say(&tove, "/sager").await;
    assert!(
        !other.text.contains(&code),
        "Skanderborg's leader must not: {}",
        other.text
    );
    let read = app.say(&tove, &format!("/sag {code}")).await;
    assert!(!read.text.contains("Lea"), "{}", read.text);

    // Mette leaves: her case goes to Karen, never to the other municipality's Nord.
    let mut tx = app.store.begin().await.unwrap();
    let staff = tx.all_staff().await.unwrap();
    tx.commit().await.unwrap();
    let id = |name: &str| staff.iter().find(|s| s.name == name).unwrap().id;
    let done = taetkontakt::ops::deactivate_staff(&app.store, id("Mette"), app.clock.now())
        .await
        .expect("deactivated");
    assert_eq!(done.taken_over_by.map(|s| s.id), Some(id("Karen")));
    let mut tx = app.store.begin().await.unwrap();
    assert_eq!(case_of(&mut tx, &code).await.caseworker_id, id("Karen"));
    tx.commit().await.unwrap();
    let staff_of = staff.iter().find(|s| s.name == "Tove").unwrap();
    assert_eq!(staff_of.municipality, "Skanderborg");

    // The management report never counts two municipalities' "Nord" as one team, and can be
    // narrowed to one municipality.
    for nickname in ["Ali", "Noah", "Sofie", "Emil"] {
        new_case(&app, &karen, nickname).await;
    }
    let all = report(&app, None).await;
    assert!(all.contains("Nord (Aarhus)"), "{all}");
    let aarhus = report(&app, Some("Aarhus")).await;
    assert!(aarhus.contains("Nord (Aarhus)"), "{aarhus}");
    let skanderborg = report(&app, Some("Skanderborg")).await;
    assert!(!skanderborg.contains("Aarhus"), "{skanderborg}");
    app.stop().await;
}
