//! All SQL lives here. One [`Store`] with two backends (embedded SQLite, PostgreSQL for several
//! instances); the same statements run on both, written once and expanded per backend by
//! [`on_conn!`]. Times are stored as integer milliseconds (UTC), enums by their key.

mod alerts;
mod audit;
mod bench_seed;
mod calls;
mod cases;
mod checkins;
mod conversation;
mod copy;
mod desk;
mod desk_case;
mod flood;
mod inbox;
mod journal;
mod lifecycle;
mod meetings;
mod outbox;
mod people;
mod report;
mod safety;
mod staff_changes;
mod statutory;

pub use alerts::{AlertRecord, NewAlert};
pub use audit::{Actor, AuditEntry};
pub use calls::CallTaskRecord;
pub use cases::{CaseRecord, GoalRecord};
pub use checkins::{CheckinRecord, DueParticipant, PromptRecord};
pub use copy::CopyReport;
pub use desk::{DeskLinkRecord, DeskSessionRecord};
pub use desk_case::CaseMessage;
pub use inbox::{ClaimedUpdate, PendingUpdate};
#[cfg(test)]
pub use journal::journal_fixture;
pub use journal::{Journal, OwnData, Period};
pub use lifecycle::{AuditFilter, AuditRow, ClosedCase, PurgeCounts};
pub use meetings::{InviteeRecord, MeetingRecord, MeetingTimes, NewMeeting, NoteRecord, ReportWithText};
pub use outbox::{NewMessage, OutboxRecord, OutboxStatus, Priority};
pub use people::{InviteRecord, InviteTarget, ParticipantRecord, StaffRecord};
pub use report::{ChartPoint, in_own_words};
pub use safety::{NewSafetyCheck, SafetyCheckRecord};
pub use staff_changes::AbsenceRecord;
pub use statutory::StatutoryRecord;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, Postgres, Sqlite, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// A failure in the store. Callers log it with ids; users see a kind sentence instead.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A unique constraint refused the row (e.g. a case code that already exists).
    #[error("conflicting row")]
    Conflict,
    /// A value in the database that the code does not understand (e.g. an unknown enum key).
    #[error("unexpected value in column {column}: {value:?}")]
    Corrupt { column: &'static str, value: String },
    #[error("unsupported DATABASE_URL {0:?}: use sqlite://<file> or postgres://…")]
    UnsupportedUrl(String),
    #[error(
        "backup makes copies of SQLite databases only; for PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file=taetkontakt.dump \"$DATABASE_URL\" (restore with pg_restore)"
    )]
    BackupUnsupported,
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Turns a unique-constraint violation into [`StoreError::Conflict`].
fn conflict_aware(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
        _ => StoreError::Db(e),
    }
}

/// Decodes an enum key read from the database.
fn parse_key<T>(column: &'static str, value: &str, parse: impl Fn(&str) -> Option<T>) -> StoreResult<T> {
    parse(value).ok_or_else(|| StoreError::Corrupt {
        column,
        value: value.to_string(),
    })
}

#[derive(Clone)]
enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The database, shared by every task of the service. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
}

/// An open transaction. Every store operation runs inside one, so a handler's writes, its
/// queued messages and the "update handled" mark commit together or not at all.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs the same sqlx code against whichever backend the transaction belongs to.
macro_rules! on_conn {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                let $c: &mut sqlx::SqliteConnection = &mut *t;
                $body
            }
            $crate::store::Tx::Postgres(t) => {
                let $c: &mut sqlx::PgConnection = &mut *t;
                $body
            }
        }
    };
}
pub(crate) use on_conn;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// `BEGIN IMMEDIATE`, tried again for up to half a minute when SQLite answers "database is
/// locked" at once instead of waiting for the busy timeout (seen from a second process — the
/// command line beside a running service — on a loaded machine): the write lock comes free
/// within moments, and a command that fails instead loses the operator's change.
async fn begin_immediate(
    pool: &sqlx::SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        match pool.begin_with("BEGIN IMMEDIATE").await {
            Err(sqlx::Error::Database(error))
                if error.code().as_deref() == Some("5") && std::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            result => return result,
        }
    }
}

impl Store {
    /// Opens the database named by `url`: `sqlite://file.db`, a plain file path, or
    /// `postgres://…`. A SQLite file is created on first use.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(10))
                .before_acquire(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
                .connect(url)
                .await?;
            return Ok(Store {
                backend: Backend::Postgres(pool),
            });
        }
        let options = if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url)?
        } else if url.contains("://") {
            return Err(StoreError::UnsupportedUrl(crate::config::redact_password(url)));
        } else {
            SqliteConnectOptions::new().filename(url)
        };
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // A command line tool (staff deactivate, export, purge) writes beside a running
            // service; on a loaded two-core machine the service's batched commits have kept
            // the write lock past 10 s, and waiting longer is always better than failing.
            .busy_timeout(Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            // After a failed COMMIT (disk full, I/O error) SQLite has already rolled back, so
            // sqlx's own ROLLBACK fails and the connection still counts as inside a transaction:
            // every later BEGIN on it would fail. Such a connection is closed, not reused.
            .before_acquire(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .connect_with(options)
            .await?;
        Ok(Store {
            backend: Backend::Sqlite(pool),
        })
    }

    /// Applies all migrations that have not run yet.
    pub async fn migrate(&self) -> StoreResult<()> {
        match &self.backend {
            Backend::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Backend::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Starts a transaction that may write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so it waits for the busy timeout instead of failing half-way.
    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(match &self.backend {
            Backend::Sqlite(pool) => Tx::Sqlite(begin_immediate(pool).await?),
            Backend::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Starts a read-only unit of work (no write lock on SQLite).
    pub async fn read(&self) -> StoreResult<Tx> {
        Ok(match &self.backend {
            Backend::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Backend::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// A consistent copy of a SQLite database in a new file, taken while the service runs
    /// (`VACUUM INTO` reads one snapshot and does not block writers for long). PostgreSQL has
    /// its own tools (`pg_dump`): [`StoreError::BackupUnsupported`].
    pub async fn backup_into(&self, file: &std::path::Path) -> StoreResult<()> {
        match &self.backend {
            Backend::Sqlite(pool) => {
                let path = file.to_string_lossy().into_owned();
                sqlx::query("VACUUM INTO $1").bind(path).execute(pool).await?;
                Ok(())
            }
            Backend::Postgres(_) => Err(StoreError::BackupUnsupported),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match &self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(pool) => pool.close().await,
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    /// Runs an `UPDATE` that stamps rows with a time: `$1` is `now`, `$2` the id they belong to.
    /// Returns how many rows changed (0 when none matched or a guard in the SQL held).
    pub(crate) async fn stamp(
        &mut self,
        sql: &str,
        now: chrono::DateTime<chrono::Utc>,
        id: i64,
    ) -> StoreResult<u64> {
        let changed = on_conn!(self, |c| sqlx::query(sql)
            .bind(crate::clock::to_millis(now))
            .bind(id)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(changed)
    }

    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(t) => t.rollback().await?,
            Tx::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Tx::Postgres(_))
    }

    /// A small fact about the bot (polling offset, username).
    pub async fn bot_state(&mut self, key: &str) -> StoreResult<Option<String>> {
        let sql = "SELECT value FROM bot_state WHERE key = $1";
        let value: Option<(String,)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(key)
            .fetch_optional(&mut *c)
            .await?);
        Ok(value.map(|v| v.0))
    }

    pub async fn set_bot_state(&mut self, key: &str, value: &str) -> StoreResult<()> {
        let sql = "INSERT INTO bot_state (key, value) VALUES ($1, $2) \
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(key)
            .bind(value)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(())
    }
}

/// The advisory lock that elects the one instance which polls, schedules and sends.
const LEADER_LOCK_KEY: i64 = 0x7461_6574_6b6f; // "taetko"

/// Held by the leading instance. With SQLite there is only one instance, so it always leads;
/// with PostgreSQL the lease is a session-level advisory lock on a connection of its own,
/// released when the session ends — also when the process dies.
pub enum LeaderLease {
    Local,
    Postgres(sqlx::PgConnection),
}

impl Store {
    /// Becomes the leader if no other instance is.
    pub async fn try_lead(&self) -> StoreResult<Option<LeaderLease>> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(Some(LeaderLease::Local)),
            Backend::Postgres(pool) => {
                use sqlx::Connection;
                let mut conn = pool.acquire().await?.detach();
                let (got,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
                    .bind(LEADER_LOCK_KEY)
                    .fetch_one(&mut conn)
                    .await?;
                if got {
                    Ok(Some(LeaderLease::Postgres(conn)))
                } else {
                    let _ = conn.close().await;
                    Ok(None)
                }
            }
        }
    }
}

impl LeaderLease {
    /// Whether the lock is still held (its connection still answers).
    pub async fn is_alive(&mut self) -> bool {
        match self {
            LeaderLease::Local => true,
            LeaderLease::Postgres(conn) => sqlx::query("SELECT 1").execute(&mut *conn).await.is_ok(),
        }
    }

    pub async fn release(self) {
        if let LeaderLease::Postgres(mut conn) = self {
            use sqlx::Connection;
            let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(LEADER_LOCK_KEY)
                .execute(&mut conn)
                .await;
            let _ = conn.close().await;
        }
    }
}
