//! Staff, participants and invitations.

use chrono::{DateTime, Utc};

use super::{StoreError, StoreResult, Tx, conflict_aware, on_conn, parse_key};
use crate::clock::{from_millis, to_millis};
use crate::domain::ids::{CaseId, InviteId, ParticipantId, StaffId, TelegramUserId};
use crate::domain::participant::{ParticipantStatus, Role};
use crate::domain::staff::{StaffRole, StaffStatus};
use crate::i18n::Lang;

/// A staff member as stored.
#[derive(Debug, Clone)]
pub struct StaffRecord {
    pub id: StaffId,
    pub name: String,
    pub role: StaffRole,
    pub team: Option<String>,
    /// The municipality the staff member works for ('' in an installation that never named
    /// one). A team is a team within it: team leaders see and hear from their own
    /// municipality's team only.
    pub municipality: String,
    pub telegram_user_id: Option<TelegramUserId>,
    pub lang: Lang,
    /// Deactivated staff are refused everything and sent nothing.
    pub status: StaffStatus,
}

impl StaffRecord {
    pub fn is_active(&self) -> bool {
        self.status == StaffStatus::Active
    }

    /// The team as reports name it: "Nord", or "Nord (Aarhus)" in a named municipality.
    pub fn team_label(&self) -> Option<String> {
        team_label(self.team.as_deref(), &self.municipality)
    }

    /// As the domain sees them when choosing who takes over or covers.
    pub fn candidate(&self) -> crate::domain::staff::Candidate<'_> {
        crate::domain::staff::Candidate {
            id: self.id.0,
            role: self.role,
            team: self.team.as_deref(),
            municipality: &self.municipality,
            status: self.status,
            joined: self.telegram_user_id.is_some(),
        }
    }
}

/// See [`StaffRecord::team_label`].
pub(super) fn team_label(team: Option<&str>, municipality: &str) -> Option<String> {
    match (team, municipality) {
        (Some(team), "") => Some(team.to_string()),
        (Some(team), municipality) => Some(format!("{team} ({municipality})")),
        (None, _) => None,
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct StaffRow {
    id: i64,
    name: String,
    role: String,
    team: Option<String>,
    municipality: String,
    telegram_user_id: Option<i64>,
    lang: String,
    deactivated_at: Option<i64>,
}

impl TryFrom<StaffRow> for StaffRecord {
    type Error = StoreError;
    fn try_from(r: StaffRow) -> StoreResult<Self> {
        Ok(StaffRecord {
            id: StaffId(r.id),
            role: parse_key("staff.role", &r.role, StaffRole::parse)?,
            lang: parse_key("staff.lang", &r.lang, Lang::parse)?,
            name: r.name,
            team: r.team,
            municipality: r.municipality,
            telegram_user_id: r.telegram_user_id.map(TelegramUserId),
            status: match r.deactivated_at {
                None => StaffStatus::Active,
                Some(_) => StaffStatus::Deactivated,
            },
        })
    }
}

pub(super) const STAFF_COLUMNS: &str =
    "id, name, role, team, municipality, telegram_user_id, lang, deactivated_at";

/// A participant (young person, parent, witness) as stored.
#[derive(Debug, Clone)]
pub struct ParticipantRecord {
    pub id: ParticipantId,
    pub case_id: CaseId,
    pub role: Role,
    pub name: Option<String>,
    pub relation: Option<String>,
    pub telegram_user_id: Option<TelegramUserId>,
    pub status: ParticipantStatus,
    pub lang: Lang,
    /// The check-in rhythm in canonical form; None means the role's default.
    pub rhythm: Option<String>,
    pub next_checkin_at: Option<DateTime<Utc>>,
    pub consent_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct ParticipantRow {
    id: i64,
    case_id: i64,
    role: String,
    name: Option<String>,
    relation: Option<String>,
    telegram_user_id: Option<i64>,
    status: String,
    lang: String,
    rhythm: Option<String>,
    next_checkin_at: Option<i64>,
    consent_at: Option<i64>,
}

impl TryFrom<ParticipantRow> for ParticipantRecord {
    type Error = StoreError;
    fn try_from(r: ParticipantRow) -> StoreResult<Self> {
        Ok(ParticipantRecord {
            id: ParticipantId(r.id),
            case_id: CaseId(r.case_id),
            role: parse_key("participants.role", &r.role, Role::parse_key)?,
            status: parse_key("participants.status", &r.status, ParticipantStatus::parse)?,
            lang: parse_key("participants.lang", &r.lang, Lang::parse)?,
            name: r.name,
            relation: r.relation,
            telegram_user_id: r.telegram_user_id.map(TelegramUserId),
            rhythm: r.rhythm,
            next_checkin_at: r.next_checkin_at.map(from_millis),
            consent_at: r.consent_at.map(from_millis),
        })
    }
}

const PARTICIPANT_COLUMNS: &str =
    "id, case_id, role, name, relation, telegram_user_id, status, lang, rhythm, next_checkin_at, consent_at";

/// Whom an invitation lets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteTarget {
    Staff(StaffId),
    Participant(ParticipantId),
}

/// An invitation as stored (the token itself is never stored, only its hash).
#[derive(Debug, Clone)]
pub struct InviteRecord {
    pub id: InviteId,
    pub target: InviteTarget,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct InviteRow {
    id: i64,
    staff_id: Option<i64>,
    participant_id: Option<i64>,
    expires_at: i64,
    used_at: Option<i64>,
}

impl TryFrom<InviteRow> for InviteRecord {
    type Error = StoreError;
    fn try_from(r: InviteRow) -> StoreResult<Self> {
        let target = match (r.staff_id, r.participant_id) {
            (Some(s), None) => InviteTarget::Staff(StaffId(s)),
            (None, Some(p)) => InviteTarget::Participant(ParticipantId(p)),
            _ => {
                return Err(StoreError::Corrupt {
                    column: "invites.target",
                    value: format!("{:?}/{:?}", r.staff_id, r.participant_id),
                });
            }
        };
        Ok(InviteRecord {
            id: InviteId(r.id),
            target,
            expires_at: from_millis(r.expires_at),
            used_at: r.used_at.map(from_millis),
        })
    }
}

impl Tx {
    pub async fn create_staff(
        &mut self,
        name: &str,
        role: StaffRole,
        team: Option<&str>,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> StoreResult<StaffId> {
        self.create_staff_in("", name, role, team, lang, now).await
    }

    /// [`Tx::create_staff`] in a named municipality.
    pub async fn create_staff_in(
        &mut self,
        municipality: &str,
        name: &str,
        role: StaffRole,
        team: Option<&str>,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> StoreResult<StaffId> {
        let sql = "INSERT INTO staff (name, role, team, lang, created_at, municipality) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(name)
            .bind(role.key())
            .bind(team)
            .bind(lang.code())
            .bind(to_millis(now))
            .bind(municipality)
            .fetch_one(&mut *c)
            .await?);
        Ok(StaffId(id))
    }

    pub async fn staff_by_user(&mut self, user: TelegramUserId) -> StoreResult<Option<StaffRecord>> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE telegram_user_id = $1");
        let row: Option<StaffRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(user.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(StaffRecord::try_from).transpose()
    }

    pub async fn staff(&mut self, id: StaffId) -> StoreResult<Option<StaffRecord>> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1");
        let row: Option<StaffRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(StaffRecord::try_from).transpose()
    }

    /// Links a staff row to the Telegram user who opened its invitation.
    /// Conflict if that Telegram user is already registered as staff.
    pub async fn join_staff(
        &mut self,
        id: StaffId,
        user: TelegramUserId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "UPDATE staff SET telegram_user_id = $1, joined_at = $2 WHERE id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(user.0)
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await
            .map_err(conflict_aware)?
            .rows_affected());
        Ok(())
    }

    pub async fn create_participant(
        &mut self,
        case_id: CaseId,
        role: Role,
        name: Option<&str>,
        relation: Option<&str>,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> StoreResult<ParticipantId> {
        let sql = "INSERT INTO participants (case_id, role, name, relation, status, lang, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(case_id.0)
            .bind(role.key())
            .bind(name)
            .bind(relation)
            .bind(ParticipantStatus::Invited.key())
            .bind(lang.code())
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await?);
        Ok(ParticipantId(id))
    }

    pub async fn participant(&mut self, id: ParticipantId) -> StoreResult<Option<ParticipantRecord>> {
        let sql = format!("SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE id = $1");
        let row: Option<ParticipantRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(ParticipantRecord::try_from).transpose()
    }

    pub async fn participants_of_case(&mut self, case_id: CaseId) -> StoreResult<Vec<ParticipantRecord>> {
        let sql = format!("SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE case_id = $1 ORDER BY id");
        let rows: Vec<ParticipantRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(case_id.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(ParticipantRecord::try_from).collect()
    }

    /// The participations of one Telegram user (a teacher may witness for several children).
    pub async fn participants_by_user(
        &mut self,
        user: TelegramUserId,
    ) -> StoreResult<Vec<ParticipantRecord>> {
        let sql =
            format!("SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE telegram_user_id = $1 ORDER BY id");
        let rows: Vec<ParticipantRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(user.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(ParticipantRecord::try_from).collect()
    }

    /// Records the accepted invitation: the participant becomes active with this Telegram user.
    pub async fn activate_participant(
        &mut self,
        id: ParticipantId,
        user: TelegramUserId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "UPDATE participants SET telegram_user_id = $1, status = $2, consent_at = $3, updated_at = $3 WHERE id = $4";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(user.0)
            .bind(ParticipantStatus::Active.key())
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn set_participant_status(
        &mut self,
        id: ParticipantId,
        status: ParticipantStatus,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let sql = "UPDATE participants SET status = $1, updated_at = $2 WHERE id = $3";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(status.key())
            .bind(to_millis(now))
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }

    pub async fn create_invite(
        &mut self,
        token_hash: &str,
        target: InviteTarget,
        created_by: Option<StaffId>,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<InviteId> {
        let (staff_id, participant_id) = match target {
            InviteTarget::Staff(s) => (Some(s.0), None),
            InviteTarget::Participant(p) => (None, Some(p.0)),
        };
        let sql = "INSERT INTO invites (token_hash, staff_id, participant_id, created_by, expires_at, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let (id,): (i64,) = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(token_hash)
            .bind(staff_id)
            .bind(participant_id)
            .bind(created_by.map(|s| s.0))
            .bind(to_millis(expires_at))
            .bind(to_millis(now))
            .fetch_one(&mut *c)
            .await
            .map_err(conflict_aware)?);
        Ok(InviteId(id))
    }

    pub async fn invite_by_hash(&mut self, token_hash: &str) -> StoreResult<Option<InviteRecord>> {
        let sql =
            "SELECT id, staff_id, participant_id, expires_at, used_at FROM invites WHERE token_hash = $1";
        let row: Option<InviteRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(token_hash)
            .fetch_optional(&mut *c)
            .await?);
        row.map(InviteRecord::try_from).transpose()
    }

    pub async fn invite(&mut self, id: InviteId) -> StoreResult<Option<InviteRecord>> {
        let sql = "SELECT id, staff_id, participant_id, expires_at, used_at FROM invites WHERE id = $1";
        let row: Option<InviteRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?);
        row.map(InviteRecord::try_from).transpose()
    }

    /// Marks an invitation used; false if someone else used it first.
    pub async fn use_invite(&mut self, id: InviteId, now: DateTime<Utc>) -> StoreResult<bool> {
        let sql = "UPDATE invites SET used_at = $1 WHERE id = $2 AND used_at IS NULL";
        let done = self.stamp(sql, now, id.0).await?;
        Ok(done == 1)
    }
}

impl Tx {
    /// Active team leaders of a caseworker's team who have joined.
    pub async fn team_leaders_of(&mut self, caseworker: StaffId) -> StoreResult<Vec<StaffRecord>> {
        let sql = "SELECT l.id, l.name, l.role, l.team, l.municipality, l.telegram_user_id, l.lang, l.deactivated_at \
                   FROM staff l JOIN staff w ON w.team = l.team AND w.municipality = l.municipality WHERE w.id = $1 AND l.role = 'teamleader' \
                   AND l.telegram_user_id IS NOT NULL AND l.deactivated_at IS NULL AND l.id <> w.id ORDER BY l.id";
        let rows: Vec<StaffRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(caseworker.0)
            .fetch_all(&mut *c)
            .await?);
        rows.into_iter().map(StaffRecord::try_from).collect()
    }
}

impl Tx {
    /// Writes a raw role key. Only for tests that need a damaged row.
    #[doc(hidden)]
    pub async fn set_staff_role_raw_for_tests(&mut self, id: StaffId, role: &str) -> StoreResult<()> {
        let sql = "UPDATE staff SET role = $1 WHERE id = $2";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(role)
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }
}
