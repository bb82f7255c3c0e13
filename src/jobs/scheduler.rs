//! The scheduler loop. Every tick it asks the store what is due at the clock's "now" and does
//! it, one small transaction per item, so one failing item never blocks the rest.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, watch};
use tracing::Instrument;

use crate::clock::from_millis;
use crate::domain::alert::{FollowUp, follow_up};
use crate::domain::alert_rules::{CheckinOutcome, evaluate_silence};
use crate::domain::case::CaseStatus;
use crate::domain::checkin::{CheckinDue, CheckinStatus, REMIND_AFTER, Trigger, closing_status, due};
use crate::domain::ids::ParticipantId;
use crate::domain::participant::{ParticipantStatus, Role};
use crate::domain::scale::{Band, Score};
use crate::domain::schedule::{CatchUp, catch_up};
use crate::service::Context;
use crate::service::alerts::{self, Subject};
use crate::service::checkin::{self, NewCheckin};
use crate::service::participant::rhythm_of;
use crate::service::{Delivery, Queued, queue};
use crate::store::{CheckinRecord, Store, Tx};
use crate::telegram::outgoing::Outgoing;

/// How many items one pass takes of each kind; the next tick continues.
const BATCH: i64 = 500;

pub struct Scheduler {
    pub store: Store,
    pub ctx: Arc<Context>,
    pub outbox_ready: Arc<Notify>,
    pub tick: Duration,
}

impl Scheduler {
    pub async fn run(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        loop {
            if *shutdown.borrow() {
                break;
            }
            match self.tick_once().await {
                Ok(0) => {}
                Ok(done) => {
                    tracing::debug!(done, "scheduler pass");
                    self.outbox_ready.notify_one();
                }
                Err(error) => tracing::error!(%error, "scheduler pass failed; retrying next tick"),
            }
            tokio::select! {
                _ = tokio::time::sleep(self.tick) => {}
                _ = shutdown.changed() => {}
            }
        }
        tracing::info!("scheduler stopped");
    }

    /// One pass over everything that is due. Returns how many items were handled.
    pub async fn tick_once(&self) -> anyhow::Result<usize> {
        let now = self.ctx.clock.now();
        // One span per job, so every line a job logs names the job it belongs to.
        let job = |name: &'static str| tracing::info_span!("job", name);
        let mut done = self.end_pauses(now).instrument(job("end_pauses")).await?;
        done += self.due_checkins(now).instrument(job("due_checkins")).await?;
        done += self
            .checkin_follow_ups(now)
            .instrument(job("checkin_follow_ups"))
            .await?;
        done += self
            .unanswered_safety_checks(now)
            .instrument(job("unanswered_safety_checks"))
            .await?;
        done += self
            .alert_follow_ups(now)
            .instrument(job("alert_follow_ups"))
            .await?;
        done += crate::jobs::meetings::run(&self.store, &self.ctx, now).await?;
        done += crate::jobs::lifecycle::run(&self.store, &self.ctx, now)
            .instrument(job("retention"))
            .await?;
        Ok(done)
    }

    async fn end_pauses(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let mut tx = self.store.begin().await?;
        let ending = tx.pauses_ending(now).await?;
        for id in &ending {
            tx.set_participant_status(*id, ParticipantStatus::Active, now)
                .await?;
            tx.set_paused_until(*id, None).await?;
        }
        tx.commit().await?;
        Ok(ending.len())
    }

    /// Creates every check-in whose time has come, catching up after downtime within the grace
    /// window and recording older ones as skipped by the system.
    async fn due_checkins(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let mut handled = 0;
        // Several rounds, so a participant with more than one missed occurrence catches up.
        for _ in 0..50 {
            let due = {
                let mut tx = self.store.read().await?;
                let due = tx.due_participants(now, BATCH).await?;
                tx.commit().await?;
                due
            };
            if due.is_empty() {
                break;
            }
            for participant in due {
                let id = ParticipantId(participant.id);
                let planned = from_millis(participant.next_checkin_at);
                if let Err(error) = self.occurrence(id, planned, now).await {
                    tracing::error!(participant_id = %id, %error, "scheduling a check-in failed");
                    // Move on rather than retry forever; the next occurrence is still planned.
                    self.skip_occurrence(id, planned).await?;
                }
                handled += 1;
            }
        }
        Ok(handled)
    }

    #[tracing::instrument(skip_all, fields(participant_id = %id))]
    async fn occurrence(
        &self,
        id: ParticipantId,
        planned: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let ctx = &self.ctx;
        let mut tx = self.store.begin().await?;
        let Some(participant) = tx.participant(id).await? else {
            return Ok(());
        };
        let case = tx.case(participant.case_id).await?;
        let sendable = participant.status == ParticipantStatus::Active
            && case.as_ref().is_some_and(|c| c.status == CaseStatus::Active);
        if let (true, Some(case)) = (sendable, &case) {
            match catch_up(planned, now, ctx.catch_up_grace) {
                CatchUp::SendNow => {
                    let new = NewCheckin {
                        participant: &participant,
                        case,
                        planned_at: planned,
                        delivery: Delivery::Scheduled(planned),
                        trigger: Trigger::Schedule,
                    };
                    checkin::create(&mut tx, ctx, now, &new).await?;
                }
                CatchUp::SkipBySystem => {
                    tracing::warn!(participant_id = %id, %planned, "check-in too old after downtime; skipped by the system");
                    tx.create_checkin(
                        id,
                        case.id,
                        planned,
                        planned,
                        Trigger::Schedule,
                        CheckinStatus::SkippedBySystem,
                        now,
                    )
                    .await?;
                }
            }
        }
        let today = participant
            .consent_at
            .unwrap_or(now)
            .with_timezone(&ctx.timezone)
            .date_naive();
        let next = rhythm_of(&participant, today).next_after(planned, ctx.timezone);
        tx.set_next_checkin(id, next).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn skip_occurrence(&self, id: ParticipantId, planned: DateTime<Utc>) -> anyhow::Result<()> {
        let mut tx = self.store.begin().await?;
        if let Some(p) = tx.participant(id).await? {
            let today = p
                .consent_at
                .unwrap_or(planned)
                .with_timezone(&self.ctx.timezone)
                .date_naive();
            let next = rhythm_of(&p, today).next_after(planned, self.ctx.timezone);
            tx.set_next_checkin(id, next).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The one reminder after 24 h, and expiry after 72 h (with the silence rule).
    async fn checkin_follow_ups(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let open = {
            let mut tx = self.store.read().await?;
            let open = tx.open_checkins(now - REMIND_AFTER, BATCH).await?;
            tx.commit().await?;
            open
        };
        let mut handled = 0;
        for checkin in open {
            match self.follow_up_checkin(&checkin, now).await {
                Ok(true) => handled += 1,
                Ok(false) => {}
                Err(error) => tracing::error!(checkin_id = %checkin.id, %error, "check-in follow-up failed"),
            }
        }
        Ok(handled)
    }

    #[tracing::instrument(skip_all, fields(checkin_id = %checkin.id))]
    async fn follow_up_checkin(&self, checkin: &CheckinRecord, now: DateTime<Utc>) -> anyhow::Result<bool> {
        let ctx = &self.ctx;
        let mut tx = self.store.begin().await?;
        let prompts = tx.prompts_of_checkin(checkin.id).await?;
        let any_response = prompts.iter().any(|p| p.status.responded());
        match due(checkin.release_at, checkin.reminded, any_response, now) {
            CheckinDue::Nothing => {
                tx.rollback().await?;
                return Ok(false);
            }
            CheckinDue::Remind => {
                if let Some(p) = tx.participant(checkin.participant_id).await?
                    && let Some(chat) = p.telegram_user_id
                    && p.status == ParticipantStatus::Active
                {
                    let text = ctx.texts.t(p.lang, "checkin-reminder");
                    let key = format!("checkin:{}:reminder", checkin.id);
                    let message = Outgoing::Text {
                        text,
                        buttons: Vec::new(),
                    };
                    queue(
                        &mut tx,
                        ctx,
                        Queued {
                            key: &key,
                            chat_id: chat.0,
                            participant: Some(p.id),
                            message: &message,
                            // A scheduled mass send: replies and alerts go first.
                            delivery: Delivery::Scheduled(now),
                        },
                        now,
                    )
                    .await?;
                }
                tx.mark_checkin_reminded(checkin.id, now).await?;
            }
            CheckinDue::Expire => {
                let statuses: Vec<_> = prompts.iter().map(|p| p.status).collect();
                tx.close_checkin(checkin.id, closing_status(&statuses), now)
                    .await?;
                self.silence(&mut tx, checkin.participant_id, now).await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Rule 5, for the young person only: two missed check-ins in a row alert the caseworker.
    async fn silence(&self, tx: &mut Tx, id: ParticipantId, now: DateTime<Utc>) -> anyhow::Result<()> {
        let Some(p) = tx.participant(id).await? else {
            return Ok(());
        };
        if p.role != Role::Youth {
            return Ok(());
        }
        let Some(case) = tx.case(p.case_id).await? else {
            return Ok(());
        };
        let goals = tx.goals_of_case(case.id).await?;
        let answered = tx.answered_values_of(id).await?;
        // The goal ratings sent with a meeting's agenda are not the weekly check-in.
        let meeting_rounds = tx.meeting_checkins_of(id).await?;
        let history: Vec<CheckinOutcome> = tx
            .checkins_of(id)
            .await?
            .iter()
            .filter(|c| !meeting_rounds.contains(&c.id))
            .filter_map(|c| match c.status {
                CheckinStatus::Open => None,
                CheckinStatus::Missed => Some(CheckinOutcome::Missed),
                CheckinStatus::SkippedBySystem => Some(CheckinOutcome::SkippedBySystem),
                CheckinStatus::Answered => {
                    let values: Vec<_> = answered.iter().filter(|(ci, _, _)| *ci == c.id).collect();
                    if values.is_empty() {
                        return Some(CheckinOutcome::Skipped);
                    }
                    let red_zone = values.iter().any(|(_, goal, v)| {
                        goals.iter().find(|g| g.id == *goal).is_some_and(|g| {
                            let scale = g.scale.scale();
                            Score::new(&scale, *v).is_ok_and(|s| scale.band(s) == Band::Red)
                        })
                    });
                    Some(CheckinOutcome::Answered { red_zone })
                }
            })
            .collect();
        if let Some(decision) = evaluate_silence(&history) {
            let subject = Subject {
                case: &case,
                goal: None,
                participant: Some(id),
            };
            alerts::raise(tx, &self.ctx, now, &subject, decision).await?;
        }
        Ok(())
    }

    /// Unassessed alerts: one reminder, then escalation to the team leader.
    /// "Er du i fare lige nu?" unanswered for two hours: the possible concern becomes urgent.
    async fn unanswered_safety_checks(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let due = {
            let mut tx = self.store.read().await?;
            let due = tx.safety_checks_to_escalate(now).await?;
            tx.commit().await?;
            due
        };
        if due.is_empty() {
            return Ok(0); // the usual case: no write transaction on every tick
        }
        let mut tx = self.store.begin().await?;
        let escalated = crate::service::safety::escalate_unanswered(&mut tx, &self.ctx, now).await?;
        tx.commit().await?;
        Ok(escalated)
    }

    async fn alert_follow_ups(&self, now: DateTime<Utc>) -> anyhow::Result<usize> {
        let waiting = {
            let mut tx = self.store.read().await?;
            let shortest = crate::domain::alert::delays(crate::domain::alert_rules::Urgency::Urgent).0;
            let waiting = tx.alerts_awaiting(now - shortest, BATCH).await?;
            tx.commit().await?;
            waiting
        };
        let mut handled = 0;
        for alert in waiting {
            let action = follow_up(
                alert.urgency,
                alert.raised_at,
                alert.reminded,
                alert.escalated,
                now,
            );
            if action == FollowUp::Nothing {
                continue;
            }
            let result = async {
                let mut tx = self.store.begin().await?;
                match action {
                    FollowUp::Remind => {
                        alerts::notify_caseworker(&mut tx, &self.ctx, now, &alert, "reminder").await?;
                        tx.mark_alert_reminded(alert.id, now).await?;
                    }
                    FollowUp::Escalate => {
                        let sent = alerts::escalate(&mut tx, &self.ctx, now, &alert).await?;
                        if sent == 0 {
                            tracing::warn!(alert_id = %alert.id, "no team leader to escalate to");
                        }
                        tx.mark_alert_escalated(alert.id, now).await?;
                    }
                    FollowUp::Nothing => {}
                }
                tx.commit().await?;
                anyhow::Ok(())
            }
            .await;
            match result {
                Ok(()) => handled += 1,
                Err(error) => tracing::error!(alert_id = %alert.id, %error, "alert follow-up failed"),
            }
        }
        Ok(handled)
    }
}
