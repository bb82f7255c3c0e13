//! The web desk's use cases: signing in through the bot (a one-time link, then a session kept
//! in the database so every instance can serve it) and what the pages show. The rules of who
//! may read what are [`super::access`]'s, the same as the chat's; every page of case data is an
//! audited read.

use chrono::{DateTime, Utc};

use super::Result;
use super::access;
use crate::domain::alert_rules::Urgency;
use crate::domain::case::{CaseCode, CaseStatus};
use crate::domain::desk::{DeskSecret, LinkState, Need, SessionEnd, SessionState, link_state, session_state};
use crate::domain::desk_case::{CaseFilter, CaseKey, CaseOrder, sort_cases};
use crate::domain::goal::GoalStatus;
use crate::domain::meeting::MeetingStatus;
use crate::store::{AlertRecord, CaseRecord, GoalRecord, ParticipantRecord, StaffRecord, Tx};

/// `/skrivebord`: a new one-time link for `staff`, `<public_url>/login/<token>`. Only the
/// token's hash is stored.
pub async fn sign_in_link(
    tx: &mut Tx,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    public_url: &str,
) -> Result<String> {
    let token = DeskSecret::generate();
    tx.create_desk_link(&token.hash(), staff.id, now).await?;
    access::audit_staff(tx, now, staff, "desk.link", None, None).await?;
    Ok(format!(
        "{}/login/{}",
        public_url.trim_end_matches('/'),
        token.as_str()
    ))
}

/// Whether a sign-in link can still be used (the page with the "Log ind" button), without
/// using it: link previews and prefetches read it and must not spend it.
pub async fn link_usable(tx: &mut Tx, now: DateTime<Utc>, token: &str) -> Result<bool> {
    let Some(token) = DeskSecret::parse(token) else {
        return Ok(false);
    };
    let Some(link) = tx.desk_link(&token.hash()).await? else {
        return Ok(false);
    };
    Ok(link_state(link.created_at, link.used_at, now) == LinkState::Usable)
}

/// A session just opened: the cookie's secret goes to the browser, only its hash is kept.
pub struct NewSession {
    pub cookie: DeskSecret,
    pub staff: StaffRecord,
}

/// Uses a sign-in link (the "Log ind" button): a new session for its staff member, or `None`
/// when the link is unknown, used, expired, or its staff member was deactivated.
pub async fn open_session(tx: &mut Tx, now: DateTime<Utc>, token: &str) -> Result<Option<NewSession>> {
    let Some(token) = DeskSecret::parse(token) else {
        return Ok(None);
    };
    let Some(link) = tx.desk_link(&token.hash()).await? else {
        return Ok(None);
    };
    let state = link_state(link.created_at, link.used_at, now);
    if state != LinkState::Usable {
        tracing::info!(staff_id = %link.staff_id, ?state, "desk sign-in link refused");
        return Ok(None);
    }
    let Some(staff) = tx.staff(link.staff_id).await?.filter(StaffRecord::is_active) else {
        return Ok(None);
    };
    if !tx.use_desk_link(link.id, now).await? {
        return Ok(None);
    }
    let cookie = DeskSecret::generate();
    let csrf = DeskSecret::generate();
    tx.create_desk_session(&cookie.hash(), staff.id, csrf.as_str(), now)
        .await?;
    access::audit_staff(tx, now, &staff, "desk.login", None, None).await?;
    tracing::info!(staff_id = %staff.id, "desk session started");
    Ok(Some(NewSession { cookie, staff }))
}

/// A live session and who it belongs to.
pub struct Session {
    pub id: i64,
    pub staff: StaffRecord,
    /// Every form carries it; [`Session::csrf_ok`] checks what comes back.
    csrf: DeskSecret,
}

impl Session {
    pub fn csrf(&self) -> &str {
        self.csrf.as_str()
    }

    /// The form's token is the session's (constant-time compare).
    pub fn csrf_ok(&self, sent: &str) -> bool {
        self.csrf.matches(sent)
    }
}

/// The session behind a cookie, if it may serve this request: not ended, not idle for 30
/// minutes, not older than 8 hours (on the service's clock), and its staff member still
/// active — checked against the staff row on every request, so a deactivation ends it at once.
/// A live session's idle time starts again.
pub async fn session(tx: &mut Tx, now: DateTime<Utc>, cookie: &str) -> Result<Option<Session>> {
    let Some(cookie) = DeskSecret::parse(cookie) else {
        return Ok(None);
    };
    let Some(record) = tx.desk_session(&cookie.hash()).await? else {
        return Ok(None);
    };
    if record.ended {
        return Ok(None);
    }
    let state = session_state(record.started_at, record.last_seen_at, now);
    if state != SessionState::Live {
        tx.end_desk_session(record.id, SessionEnd::Expired(state), now)
            .await?;
        tracing::info!(staff_id = %record.staff_id, reason = state.key(), "desk session expired");
        return Ok(None);
    }
    let staff = tx.staff(record.staff_id).await?;
    let Some(staff) = staff.filter(StaffRecord::is_active) else {
        tx.end_desk_session(record.id, SessionEnd::StaffDeactivated, now)
            .await?;
        tracing::info!(staff_id = %record.staff_id, "desk session of a deactivated staff member ended");
        return Ok(None);
    };
    tx.touch_desk_session(record.id, now).await?;
    let csrf = DeskSecret::parse(&record.csrf_token).unwrap_or_else(DeskSecret::generate);
    Ok(Some(Session {
        id: record.id,
        staff,
        csrf,
    }))
}

/// "Log ud".
pub async fn log_out(tx: &mut Tx, now: DateTime<Utc>, session: &Session) -> Result<()> {
    tx.end_desk_session(session.id, SessionEnd::LoggedOut, now)
        .await?;
    access::audit_staff(tx, now, &session.staff, "desk.logout", None, None).await?;
    Ok(())
}

/// One line of *Mine sager*.
pub struct CaseSummary {
    pub case: CaseRecord,
    pub urgent_alerts: usize,
    pub open_alerts: usize,
    /// The last answer from anyone in the case.
    pub last_answer: Option<DateTime<Utc>>,
    pub next_meeting: Option<DateTime<Utc>>,
    pub need: Need,
    /// One per active goal: the young person's last answers.
    pub sparklines: Vec<super::desk_case::Sparkline>,
}

/// *Mine sager*: every case the staff member may read today, the neediest first. An audited
/// read (`read.desk.cases`).
pub async fn my_cases(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
) -> Result<Vec<CaseSummary>> {
    access::audit_read(tx, now, staff, "read.desk.cases", None).await?;
    let cases = access::visible_cases(tx, staff, ctx.today(now)).await?;
    let mut out = Vec::with_capacity(cases.len());
    for case in cases.into_iter().filter(|c| c.status != CaseStatus::Purged) {
        let alerts = tx.open_alerts_of_case(case.id).await?;
        let urgent_alerts = alerts.iter().filter(|a| a.urgency == Urgency::Urgent).count();
        let last_answer = tx.last_answer_in_case(case.id).await?;
        let next_meeting = tx
            .meetings_of_case(case.id)
            .await?
            .into_iter()
            .filter(|m| m.status == MeetingStatus::Planned && m.at >= now)
            .map(|m| m.at)
            .min();
        let need = Need {
            urgent_alerts,
            open_alerts: alerts.len(),
            silent_for: now - last_answer.unwrap_or(case.created_at),
            closed: !case.status.is_open(),
        };
        let sparklines = super::desk_case::sparklines(tx, &case).await?;
        out.push(CaseSummary {
            sparklines,
            case,
            urgent_alerts,
            open_alerts: alerts.len(),
            last_answer,
            next_meeting,
            need,
        });
    }
    out.sort_by_key(|s| s.need.sort_key());
    Ok(out)
}

/// *Mine sager* sorted and filtered as asked (`?orden=`, `?vis=`).
pub fn order_cases(mut cases: Vec<CaseSummary>, order: CaseOrder, filter: CaseFilter) -> Vec<CaseSummary> {
    cases.retain(|s| filter.keeps(&s.need));
    sort_cases(&mut cases, order, |s| CaseKey {
        need: s.need,
        nickname: &s.case.nickname,
        next_meeting: s.next_meeting,
    });
    cases
}

/// One respondent's latest answers on one goal.
pub struct RespondentAnswers {
    pub participant: ParticipantRecord,
    /// Oldest first, at most [`LATEST_ANSWERS`].
    pub answers: Vec<(DateTime<Utc>, i32)>,
}

/// How many of each respondent's answers the case page lists per goal.
pub const LATEST_ANSWERS: usize = 5;

/// A goal on the case page.
pub struct GoalView {
    pub goal: GoalRecord,
    pub answers: Vec<RespondentAnswers>,
    /// What the goal's chart shows, in one sentence (its text alternative).
    pub chart_sentence: String,
}

/// An open alert on the case page, in words.
pub struct AlertView {
    pub alert: AlertRecord,
    pub text: String,
}

/// *Sag*: everything the case page shows.
pub struct CaseView {
    pub case: CaseRecord,
    /// The meeting an agenda draft is for now (see `service::meeting::draft_meeting`).
    pub next_meeting: Option<crate::store::MeetingRecord>,
    /// The staff member is the case's caseworker (the agenda draft is theirs, as in the chat).
    pub own: bool,
    pub goals: Vec<GoalView>,
    pub participants: Vec<ParticipantRecord>,
    pub alerts: Vec<AlertView>,
    /// Texts and reports, meetings, call tasks and (team leaders) the audit.
    pub activity: super::desk_case::CaseActivity,
}

/// *Sag* for a case code as typed in the URL: `None` unless the staff member may read the case
/// today (the page says nothing more). An audited read (`read.desk.case`).
pub async fn case_view(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
) -> Result<Option<CaseView>> {
    let Some(case) = access::visible_case_by_code(tx, staff, ctx.today(now), code).await? else {
        return Ok(None);
    };
    access::audit_read(tx, now, staff, "read.desk.case", Some(case.id)).await?;
    let lang = staff.lang;
    let participants = tx.participants_of_case(case.id).await?;
    let mut goals = Vec::new();
    for goal in tx
        .goals_of_case(case.id)
        .await?
        .into_iter()
        .filter(|g| g.status == GoalStatus::Active)
    {
        let mut answers = Vec::new();
        for p in &participants {
            let scored = tx.scored_answers(p.id, goal.id).await?;
            if scored.is_empty() {
                continue;
            }
            let skip = scored.len().saturating_sub(LATEST_ANSWERS);
            answers.push(RespondentAnswers {
                participant: p.clone(),
                answers: scored.into_iter().skip(skip).map(|(_, at, v)| (at, v)).collect(),
            });
        }
        let chart_sentence = super::progress::case_goal_sentence(tx, ctx, lang, &participants, &goal).await?;
        goals.push(GoalView {
            goal,
            answers,
            chart_sentence,
        });
    }
    let mut alerts = Vec::new();
    for alert in tx.open_alerts_of_case(case.id).await? {
        let text = super::alerts::describe(tx, ctx, lang, &alert).await?;
        alerts.push(AlertView { alert, text });
    }
    alerts.sort_by_key(|a| (a.alert.urgency != Urgency::Urgent, a.alert.raised_at));
    let next_meeting = super::meeting::draft_meeting(tx, case.id, now).await?;
    let activity = super::desk_case::activity(tx, ctx, now, staff, &case, &participants).await?;
    Ok(Some(CaseView {
        activity,
        own: case.caseworker_id == staff.id,
        next_meeting,
        case,
        goals,
        participants,
        alerts,
    }))
}

/// An open alert on *Alarmer*, with its case, in words.
pub struct AlertItem {
    pub alert: AlertRecord,
    pub case: CaseRecord,
    pub text: String,
}

/// *Alarmer*: the open alerts this staff member assesses today (the same list as the chat's
/// `/alarmer`), urgent first. An audited read (`read.desk.alerts`).
pub async fn alerts_view(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
) -> Result<Vec<AlertItem>> {
    access::audit_read(tx, now, staff, "read.desk.alerts", None).await?;
    let mut items = Vec::new();
    for alert in super::alerts::open_for(tx, staff, ctx.today(now)).await? {
        let Some(case) = tx.case(alert.case_id).await? else {
            continue;
        };
        let text = super::alerts::describe(tx, ctx, staff.lang, &alert).await?;
        items.push(AlertItem { alert, case, text });
    }
    items.sort_by_key(|i| (i.alert.urgency != Urgency::Urgent, i.alert.raised_at));
    Ok(items)
}

/// The chart of goal number `position` of a case, as PNG: `None` unless the staff member may
/// read the case today and it has an active goal with that number. An audited read
/// (`read.desk.chart`).
pub async fn goal_chart(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
    position: i64,
) -> Result<Option<Vec<u8>>> {
    let Some(case) = access::visible_case_by_code(tx, staff, ctx.today(now), code).await? else {
        return Ok(None);
    };
    let goal = tx
        .goals_of_case(case.id)
        .await?
        .into_iter()
        .find(|g| g.status == GoalStatus::Active && g.position == position);
    let Some(goal) = goal else {
        return Ok(None);
    };
    access::audit_staff(
        tx,
        now,
        staff,
        "read.desk.chart",
        Some(case.id),
        Some(("goal", goal.id.0)),
    )
    .await?;
    let meetings: Vec<DateTime<Utc>> = tx
        .meetings_of_case(case.id)
        .await?
        .iter()
        .filter(|m| m.status != MeetingStatus::Cancelled)
        .map(|m| m.at)
        .collect();
    let chart = super::progress::case_goal_chart(tx, ctx, staff.lang, &case, &goal, &meetings).await?;
    Ok(chart.map(|(png, _)| png))
}

/// The print view of a case's agenda draft.
pub enum DraftPage {
    /// The draft for the next meeting as a printable HTML document (`render::agenda`).
    Document(String),
    /// The case has no planned meeting.
    NoMeeting(CaseRecord),
}

/// The agenda draft for a case's next meeting, the same document `/udkast` sends: `None`
/// unless the staff member is the case's caseworker (as in the chat). An audited read
/// (`read.desk.draft`).
pub async fn draft_page(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
) -> Result<Option<DraftPage>> {
    let Some(case) = access::own_case_by_code(tx, staff, code).await? else {
        return Ok(None);
    };
    access::audit_read(tx, now, staff, "read.desk.draft", Some(case.id)).await?;
    let Some(meeting) = super::meeting::draft_meeting(tx, case.id, now).await? else {
        return Ok(Some(DraftPage::NoMeeting(case)));
    };
    let lang = staff.lang;
    let draft = super::meeting_draft::build(tx, ctx, lang, &meeting, &case, now).await?;
    let labels = |key: &str| ctx.texts.t(lang, key);
    Ok(Some(DraftPage::Document(crate::render::agenda::to_html(
        &draft, &labels,
    ))))
}

/// A case the staff member may read today, by its code (for a page that only offers an
/// action on it, so it reads no case data).
pub async fn readable_case(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
) -> Result<Option<CaseRecord>> {
    access::visible_case_by_code(tx, staff, ctx.today(now), code).await
}

/// The whole journal of a case as the printable document `/journal` sends, and its file name:
/// `None` unless the staff member may read the case (the same rule as `/journal`). Exporting
/// is `service::journal::export`: audited, and a closed case becomes exported.
pub async fn journal_document(
    tx: &mut Tx,
    ctx: &super::Context,
    now: DateTime<Utc>,
    staff: &StaffRecord,
    code: &CaseCode,
) -> Result<Option<(String, String)>> {
    let Some(case) = access::visible_case_by_code(tx, staff, ctx.today(now), code).await? else {
        return Ok(None);
    };
    let period = crate::store::Period::default();
    let Some(journal) = super::journal::export(tx, now, staff, &case, period).await? else {
        return Ok(None);
    };
    let html = crate::render::journal::to_html(&journal, &ctx.texts, staff.lang, ctx.timezone);
    Ok(Some((html, crate::render::journal::file_name(&journal, "html"))))
}
