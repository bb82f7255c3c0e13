//! Updates of different chats handled side by side (PostgreSQL) or several to a commit
//! (SQLite): each chat's updates in the order they came, none lost, none handled twice.

use crate::helpers::*;

#[tokio::test]
async fn many_chats_writing_at_once_keep_each_chats_order_and_nothing_is_lost_or_doubled() {
    let app = TestApp::spawn().await;
    let mut cases = Vec::new();
    for i in 0..5 {
        cases.push(youth_case_with_ids(&app, i * 10).await);
    }
    app.settle().await;
    let mark = app.fake.message_seq();
    // All at once, interleaved across chats: one chat's texts are never next to each other.
    const TEXTS: usize = 4;
    for n in 1..=TEXTS {
        for case in &cases {
            app.fake.send_text(&case.youth, &format!("besked {n} om skolen"));
        }
    }
    app.settle().await;
    for case in &cases {
        let forwards: Vec<String> = app
            .fake
            .messages_to(case.caseworker.id)
            .into_iter()
            .filter(|m| m.seq > mark && m.text.contains("skrev: besked"))
            .map(|m| m.text)
            .collect();
        let order: Vec<usize> = forwards
            .iter()
            .filter_map(|t| (1..=TEXTS).find(|n| t.contains(&format!("besked {n} om skolen"))))
            .collect();
        assert_eq!(
            order,
            (1..=TEXTS).collect::<Vec<_>>(),
            "each text forwarded once, in the order written: {forwards:#?}"
        );
        let acks = app
            .fake
            .messages_to(case.youth.id)
            .into_iter()
            .filter(|m| m.seq > mark && m.text.contains("Din rådgiver kan se din besked"))
            .count();
        assert_eq!(acks, TEXTS, "each text answered once");
    }
    let mut tx = app.store.read().await.unwrap();
    let inbox = tx.inbox_counts().await.unwrap();
    tx.commit().await.unwrap();
    assert!(
        inbox.iter().all(|(status, _)| status == "done"),
        "every update handled, none parked: {inbox:?}"
    );
}
