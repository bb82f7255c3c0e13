//! Escalating a possible concern: a "Ja" to "Er du i fare lige nu?", or no answer within two
//! hours, turns the possible-concern alert into an urgent safety alert.

use chrono::{DateTime, Utc};

use super::alerts::{self, Subject};
use super::{Context, Result};
use crate::domain::alert::AlertStatus;
use crate::domain::alert_rules::{AlertDecision, Facts};
use crate::domain::ids::{AlertId, ParticipantId};
use crate::store::{SafetyCheckRecord, Tx};

/// Raises an urgent safety alert in place of the possible-concern alert `concern`.
pub async fn escalate(
    tx: &mut Tx,
    ctx: &Context,
    now: DateTime<Utc>,
    check: &SafetyCheckRecord,
    concern: AlertId,
    participant: ParticipantId,
    answer: &str,
) -> Result<Option<AlertId>> {
    let Some(p) = tx.participant(participant).await? else {
        return Ok(None);
    };
    let Some(case) = tx.case(p.case_id).await? else {
        return Ok(None);
    };
    let facts = Facts {
        signal: Some(check.signal.clone()),
        danger_category: Some(check.category.clone()),
        check_answer: Some(answer.to_string()),
        ..Facts::default()
    };
    let subject = Subject {
        case: &case,
        goal: None,
        participant: Some(p.id),
    };
    let decision = AlertDecision {
        facts,
        ..AlertDecision::safety()
    };
    let raised = alerts::raise(tx, ctx, now, &subject, decision).await?;
    if let Some(new) = raised {
        tx.replace_alert(concern, new, now).await?;
    }
    Ok(raised)
}

/// The scheduler's part: check questions nobody answered within two hours escalate their
/// still-open possible-concern alerts to urgent ones. Returns how many alerts escalated.
pub async fn escalate_unanswered(tx: &mut Tx, ctx: &Context, now: DateTime<Utc>) -> Result<usize> {
    let mut escalated = 0;
    for check in tx.safety_checks_to_escalate(now).await? {
        if !tx.mark_safety_check_escalated(check.id, now).await? {
            continue;
        }
        for (alert, participant) in tx.safety_check_alerts(check.id).await? {
            let open = tx
                .alert(alert)
                .await?
                .is_some_and(|a| a.status == AlertStatus::Open);
            if !open {
                continue; // the caseworker has already assessed it
            }
            if escalate(tx, ctx, now, &check, alert, participant, "unanswered")
                .await?
                .is_some()
            {
                escalated += 1;
            }
        }
        tracing::warn!(check_id = %check.id, "unanswered check question escalated");
    }
    Ok(escalated)
}
