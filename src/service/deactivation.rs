//! After a staff member is deactivated: the team leader who took over their cases is told
//! which cases they are, with each case's open alerts.

use chrono::{DateTime, Utc};

use super::Result;
use super::queue_notice;
use crate::i18n::{Args, Texts};
use crate::store::{CaseRecord, StaffRecord, Tx};
use crate::telegram::outgoing::Outgoing;

/// Tells the team leader who took over a deactivated colleague's cases which cases they are.
pub async fn tell_leader_about_taken_over_cases(
    tx: &mut Tx,
    leader: &StaffRecord,
    leaver: &StaffRecord,
    cases: &[CaseRecord],
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(chat) = leader.telegram_user_id else {
        return Ok(());
    };
    let texts = Texts::get();
    let lang = leader.lang;
    let mut lines = vec![
        texts.ta(
            lang,
            "staff-cases-taken-over",
            Args::new()
                .with("name", leaver.name.clone())
                .with("count", cases.len()),
        ),
    ];
    for case in cases {
        let alerts = tx.open_alerts_of_case(case.id).await?.len();
        lines.push(
            texts.ta(
                lang,
                "staff-cases-taken-over-line",
                Args::new()
                    .with("code", case.code.to_string())
                    .with("nickname", case.nickname.clone())
                    .with("alerts", alerts),
            ),
        );
    }
    lines.push(texts.t(lang, "staff-cases-taken-over-hint"));
    let message = Outgoing::Text {
        text: lines.join("\n"),
        buttons: Vec::new(),
    };
    let key = format!(
        "staff-deactivated:{}:{}:{}",
        leaver.id,
        now.timestamp_millis(),
        leader.id
    );
    queue_notice(tx, &key, chat.0, &message, now).await?;
    Ok(())
}
