//! The `taetkontakt` command line: serve, demo, invite-staff, staff, migrate, migrate-to, backup,
//! rapport, export, purge, audit, dead-letters, bench.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};

use taetkontakt::app::{BOT_USERNAME_KEY, Service, ServiceSettings};
use taetkontakt::clock::{Clock, SystemClock};
use taetkontakt::config::BaseConfig;
use taetkontakt::domain::invite::INVITE_VALIDITY_DAYS;
use taetkontakt::domain::staff::StaffRole;
use taetkontakt::i18n::{Args, Texts};
use taetkontakt::store::Store;

/// Tæt kontakt: weekly check-ins, alerts and follow-up between a caseworker, a young person
/// and the adults around them. Settings come from environment variables (see README).
#[derive(Parser)]
#[command(name = "taetkontakt", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the bot (needs TELEGRAM_BOT_TOKEN). Creates and migrates the database on first start.
    Serve {
        /// Receive updates by webhook at this public HTTPS URL instead of polling (several
        /// instances behind a load balancer). Needs WEBHOOK_SECRET; listens on WEBHOOK_LISTEN
        /// (default 0.0.0.0:8080).
        #[arg(long)]
        webhook: Option<String>,
    },
    /// Show the service working without a token or internet: a built-in Telegram stand-in,
    /// a temporary database and a scripted conversation, printed as a transcript.
    Demo {
        /// Keep the service and its desk running after the script, until Ctrl-C, so the
        /// printed desk link can be opened in a browser.
        #[arg(long)]
        keep: bool,
    },
    /// Create a staff member and print their single-use invitation link.
    InviteStaff {
        /// The staff member's name as colleagues know it, e.g. "Mette".
        #[arg(long)]
        name: String,
        /// caseworker or teamleader.
        #[arg(long, default_value = "caseworker", value_parser = parse_role)]
        role: StaffRole,
        /// The team, e.g. "Nord". A team leader leads the caseworkers of the same team.
        #[arg(long)]
        team: Option<String>,
        /// The municipality, e.g. "Aarhus", when several share one installation: a team is a
        /// team within its municipality, and nobody sees or hears from another municipality.
        #[arg(long, default_value = "")]
        municipality: String,
    },
    /// Staff: list them, deactivate someone who has left (refused everything at once; their
    /// cases go to the team leader until handed over), or reactivate them.
    Staff {
        #[command(subcommand)]
        action: StaffAction,
    },
    /// Create or upgrade the database schema and exit.
    Migrate,
    /// Copy this (SQLite) database into an empty PostgreSQL database, e.g.
    /// `MIGRATE_TO_URL=postgres://user:secret@host/taetkontakt taetkontakt migrate-to` (the
    /// variable keeps the password off the command line and out of the shell history).
    MigrateTo {
        /// The PostgreSQL database to copy into; default: the MIGRATE_TO_URL variable.
        target: Option<String>,
    },
    /// A consistent copy of the running SQLite database in a new file, e.g.
    /// `taetkontakt backup /var/backups/taetkontakt-2026-12-02.db`. For PostgreSQL use pg_dump.
    Backup {
        /// The new file (must not exist yet).
        file: std::path::PathBuf,
    },
    /// Management information (ledelsesinformation): aggregates only, counts below 5 shown as "<5".
    Rapport {
        /// First day of the period (YYYY-MM-DD).
        #[arg(long = "fra")]
        from: Option<chrono::NaiveDate>,
        /// Last day of the period, included (YYYY-MM-DD).
        #[arg(long = "til")]
        to: Option<chrono::NaiveDate>,
        /// Only this team ("Nord", or "Nord (Aarhus)" where staff have a municipality).
        #[arg(long)]
        team: Option<String>,
        /// Only the cases of this municipality's staff.
        #[arg(long)]
        municipality: Option<String>,
        /// Count as of the end of this day instead of now (what was still pending then).
        #[arg(long = "opgjort")]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value = "text")]
        format: taetkontakt::ops::ReportFormat,
    },
    /// Messages that could not be sent and updates that could not be handled, for operators.
    DeadLetters,
    /// A case's journal (printable HTML or JSON for import), or one person's own data (JSON).
    /// Every export is written to the audit log.
    Export {
        /// The case's code, e.g. K-7F2Q.
        #[arg(long, conflicts_with = "participant", required_unless_present = "participant")]
        case: Option<String>,
        /// One participant's own answers and texts (a data subject's access request).
        #[arg(long)]
        participant: Option<i64>,
        #[arg(long, value_enum, default_value = "html")]
        format: taetkontakt::ops::ExportFormat,
        /// First day of the period (YYYY-MM-DD).
        #[arg(long = "fra")]
        from: Option<chrono::NaiveDate>,
        /// Last day of the period, included (YYYY-MM-DD).
        #[arg(long = "til")]
        to: Option<chrono::NaiveDate>,
        /// Write to this file instead of the terminal.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Delete closed cases whose journal was exported more than RETENTION_DAYS_AFTER_CLOSE
    /// days ago (the service does this by itself every day).
    Purge {
        /// Only show what would be deleted (counts per case code).
        #[arg(long)]
        dry_run: bool,
    },
    /// The audit log of one case or one staff member (who did or read what, when; no texts).
    Audit {
        /// A case code, or a purged case's number.
        #[arg(long, conflicts_with = "staff", required_unless_present = "staff")]
        case: Option<String>,
        /// A staff member's id.
        #[arg(long)]
        staff: Option<i64>,
        /// First day (YYYY-MM-DD).
        #[arg(long = "fra")]
        from: Option<chrono::NaiveDate>,
        /// Last day, included (YYYY-MM-DD).
        #[arg(long = "til")]
        to: Option<chrono::NaiveDate>,
    },
    /// Print performance figures measured against the built-in Telegram stand-in
    /// (run with --release).
    Bench {
        #[arg(value_enum, default_value = "all")]
        which: taetkontakt::bench::Bench,
        /// With `handling`: drive the same presses against another bot started with `sh -c
        /// COMMAND`, e.g. "python3 benches/ptb/bot.py" (see benches/ptb/README.md).
        #[arg(long, value_name = "COMMAND")]
        external: Option<String>,
        /// With `safety`: also measure this labelled set (tab-separated `label category tier
        /// role lang text`, e.g. a fresh blind round) besides the regression set.
        #[arg(long, value_name = "FILE")]
        set: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum StaffAction {
    /// One line per person: id, name, role, team, active or deactivated.
    List,
    /// Deactivate a staff member at once (id from `staff list`).
    Deactivate { id: i64 },
    /// Let a deactivated staff member in again.
    Reactivate { id: i64 },
}

fn parse_role(input: &str) -> Result<StaffRole, String> {
    StaffRole::parse(input).ok_or_else(|| format!("unknown role {input:?}: use caseworker or teamleader"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(matches!(
        cli.command,
        Command::Demo { .. } | Command::Bench { .. }
    ));
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One clear line (with causes), never a panic or a backtrace.
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn init_tracing(quiet: bool) {
    let default = if quiet { "warn" } else { "info" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

async fn run(command: Command) -> anyhow::Result<()> {
    let base = BaseConfig::from_env()?;
    match command {
        Command::Serve { webhook } => serve(base, webhook).await,
        Command::MigrateTo { target } => {
            let target = target
                .or_else(|| std::env::var("MIGRATE_TO_URL").ok().filter(|t| !t.trim().is_empty()))
                .context("name the PostgreSQL database: set MIGRATE_TO_URL=postgres://… (or give it as an argument)")?;
            migrate_to(&base, target.trim()).await
        }
        Command::Backup { file } => backup(&base, &file).await,
        Command::Rapport {
            from,
            to,
            team,
            municipality,
            as_of,
            format,
        } => rapport(&base, from, to, (team, municipality), as_of, format).await,
        Command::Demo { keep } => taetkontakt::demo::run(keep).await,
        Command::InviteStaff {
            name,
            role,
            team,
            municipality,
        } => invite_staff(base, &municipality, &name, role, team.as_deref()).await,
        Command::DeadLetters => dead_letters(&base).await,
        Command::Export {
            case,
            participant,
            format,
            from,
            to,
            out,
        } => export(&base, case, participant, format, from, to, out).await,
        Command::Purge { dry_run } => {
            let store = open_store(&base.database_url).await?;
            store.migrate().await?;
            let text =
                taetkontakt::ops::purge(&store, base.retention_days, dry_run, SystemClock.now()).await?;
            println!("{text}");
            Ok(())
        }
        Command::Audit {
            case,
            staff,
            from,
            to,
        } => {
            let period = day_bounds(&base, from, to)?;
            let store = open_store(&base.database_url).await?;
            store.migrate().await?;
            let (from, to) = (period.from, period.to);
            let text =
                taetkontakt::ops::audit(&store, case.as_deref(), staff, from, to, base.timezone).await?;
            println!("{text}");
            Ok(())
        }
        Command::Staff { action } => staff(&base, action).await,
        Command::Bench { which, external, set } => match external {
            Some(command) => taetkontakt::bench::external(which, &command).await,
            None => taetkontakt::bench::run(which, set.as_deref()).await,
        },
        Command::Migrate => {
            let store = open_store(&base.database_url).await?;
            store.migrate().await?;
            println!("database is up to date ({})", store.backend_name());
            Ok(())
        }
    }
}

async fn open_store(url: &str) -> anyhow::Result<Store> {
    Store::connect(url).await.with_context(|| {
        format!(
            "cannot open the database {} (DATABASE_URL)",
            taetkontakt::config::redact_password(url)
        )
    })
}

async fn serve(base: BaseConfig, webhook: Option<String>) -> anyhow::Result<()> {
    let config = base.require_token()?;
    let store = open_store(&config.database_url).await?;
    let mut settings = ServiceSettings::new(
        config.bot_token,
        config.api_url,
        config.default_lang,
        config.timezone,
    );
    settings.quiet_hours = config.quiet_hours;
    settings.meeting_timing = config.meeting_timing;
    settings.retention_days = config.retention_days;
    settings.dispatch.global_per_sec = config.send_limits.per_sec;
    settings.dispatch.chat_per_sec = config.send_limits.chat_per_sec;
    if let Some(public_url) = webhook {
        settings.webhook = Some(webhook_settings(public_url)?);
    }
    settings.desk = config
        .desk
        .map(|desk| taetkontakt::desk::DeskSettings::new(desk.listen, Some(desk.public_url)));
    let service = Service::start(settings, store, Arc::new(SystemClock)).await?;
    wait_for_signal().await;
    tracing::info!("stopping");
    service.shutdown(Duration::from_secs(8)).await;
    Ok(())
}

/// SIGINT (Ctrl-C) or SIGTERM (systemd, containers).
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the service");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn invite_staff(
    base: BaseConfig,
    municipality: &str,
    name: &str,
    role: StaffRole,
    team: Option<&str>,
) -> anyhow::Result<()> {
    let store = open_store(&base.database_url).await?;
    store.migrate().await?;
    let now = SystemClock.now();
    let token =
        taetkontakt::ops::invite_staff_in(&store, municipality, name, role, team, base.default_lang, now)
            .await?;
    let username = bot_username(&store, &base).await?;
    let texts = Texts::get();
    let role_text = texts.t(base.default_lang, &format!("cli-staff-role-{}", role.key()));
    let text = texts.ta(
        base.default_lang,
        "cli-staff-invite-created",
        Args::new()
            .with("name", name.to_string())
            .with("role", role_text)
            .with("link", token.deep_link(&username))
            .with("token", token.as_str().to_string())
            .with("days", INVITE_VALIDITY_DAYS),
    );
    println!("{text}");
    Ok(())
}

/// The bot's username for deep links: cached by `serve`, else asked from Telegram.
async fn bot_username(store: &Store, base: &BaseConfig) -> anyhow::Result<String> {
    let mut tx = store.read().await?;
    let cached = tx.bot_state(BOT_USERNAME_KEY).await?;
    tx.commit().await?;
    if let Some(name) = cached {
        return Ok(name);
    }
    let Some(token) = &base.bot_token else {
        anyhow::bail!(
            "the bot's username is not known yet: set TELEGRAM_BOT_TOKEN (or run `serve` once) so the link can be made"
        );
    };
    use teloxide::prelude::Requester;
    // The error's kind only: teloxide's own text holds the URL, and the URL the token.
    let me = taetkontakt::telegram::bot(token, &base.api_url)?
        .get_me()
        .await
        .map_err(|error| {
            anyhow::anyhow!(
                "cannot ask Telegram for the bot's username (getMe: {})",
                taetkontakt::telegram::error_kind(&error)
            )
        })?;
    Ok(me.username.clone().unwrap_or_default())
}

/// `taetkontakt staff list|deactivate|reactivate`.
async fn staff(base: &BaseConfig, action: StaffAction) -> anyhow::Result<()> {
    use taetkontakt::domain::ids::StaffId;
    let store = open_store(&base.database_url).await?;
    store.migrate().await?;
    let texts = Texts::get();
    let lang = base.default_lang;
    match action {
        StaffAction::List => {
            let mut tx = store.read().await?;
            let all = tx.all_staff().await?;
            tx.commit().await?;
            if all.is_empty() {
                println!("{}", texts.t(lang, "cli-staff-none"));
            }
            for s in all {
                let mut team = s
                    .team
                    .clone()
                    .unwrap_or_else(|| texts.t(lang, "cli-staff-no-team"));
                if !s.municipality.is_empty() {
                    team = format!("{team} ({})", s.municipality);
                }
                let active = if s.is_active() {
                    "cli-staff-active"
                } else {
                    "cli-staff-deactivated"
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    s.id,
                    s.name,
                    texts.t(lang, &format!("cli-staff-role-{}", s.role.key())),
                    team,
                    texts.t(lang, active)
                );
            }
        }
        StaffAction::Deactivate { id } => {
            let done = taetkontakt::ops::deactivate_staff(&store, StaffId(id), SystemClock.now()).await?;
            println!(
                "{}",
                texts.ta(
                    lang,
                    "cli-staff-deactivated-done",
                    Args::new().with("name", done.staff.name.clone()).with("id", id)
                )
            );
            if let Some(leader) = done.taken_over_by.filter(|_| !done.cases.is_empty()) {
                println!(
                    "{}",
                    texts.ta(
                        lang,
                        "cli-staff-cases-moved",
                        Args::new()
                            .with("count", done.cases.len())
                            .with("leader", leader.name.clone())
                            .with("leaderid", leader.id.0)
                            .with("codes", done.cases.join(", "))
                    )
                );
            }
        }
        StaffAction::Reactivate { id } => {
            let staff = taetkontakt::ops::reactivate_staff(&store, StaffId(id), SystemClock.now()).await?;
            println!(
                "{}",
                texts.ta(
                    lang,
                    "cli-staff-reactivated-done",
                    Args::new().with("name", staff.name.clone()).with("id", id)
                )
            );
        }
    }
    Ok(())
}

/// Lists dead outbox messages and parked updates (ids and errors only, never texts).
async fn dead_letters(base: &BaseConfig) -> anyhow::Result<()> {
    let store = open_store(&base.database_url).await?;
    store.migrate().await?;
    let mut tx = store.read().await?;
    let dead = tx.dead_messages().await?;
    let parked = tx.parked_updates().await?;
    let (rate_limited, last_rate_limited) = tx.rate_limited().await?;
    tx.commit().await?;
    println!("dead messages: {}", dead.len());
    for (id, chat, attempts, error) in dead {
        println!(
            "  outbox #{id} chat {chat} after {attempts} attempt(s): {}",
            error.unwrap_or_default()
        );
    }
    println!("parked updates: {}", parked.len());
    for (update_id, attempts, error) in parked {
        println!(
            "  update {update_id} after {attempts} attempt(s): {}",
            error.unwrap_or_default()
        );
    }
    // A 429 paused all sending for its retry_after: operators should see them, also when no
    // message was lost over it.
    match last_rate_limited {
        Some(last) => println!("429 Too Many Requests from Telegram: {rate_limited} (last: {last})"),
        None => println!("429 Too Many Requests from Telegram: {rate_limited}"),
    }
    Ok(())
}

/// `--fra` and `--til` as instants: local midnight of the first day, and of the day after the
/// last (the last day is included).
fn day_bounds(
    base: &BaseConfig,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> anyhow::Result<taetkontakt::store::Period> {
    let tz = base.timezone;
    let midnight = |date: chrono::NaiveDate| {
        date.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(tz).earliest())
            .map(|t| t.with_timezone(&chrono::Utc))
            .with_context(|| format!("no midnight on {date} in {tz}"))
    };
    let from = from.map(midnight).transpose()?;
    let to = to.and_then(|d| d.succ_opt()).map(midnight).transpose()?;
    Ok(taetkontakt::store::Period { from, to })
}

async fn export(
    base: &BaseConfig,
    case: Option<String>,
    participant: Option<i64>,
    format: taetkontakt::ops::ExportFormat,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    out: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let period = day_bounds(base, from, to)?;
    let store = open_store(&base.database_url).await?;
    store.migrate().await?;
    let now = SystemClock.now();
    let text = match (case, participant) {
        (Some(case), None) => {
            taetkontakt::ops::export_case(
                &store,
                &case,
                period,
                format,
                base.default_lang,
                base.timezone,
                now,
            )
            .await?
        }
        (None, Some(id)) => taetkontakt::ops::export_participant(&store, id, now).await?,
        _ => anyhow::bail!("give either --case <code> or --participant <id>"),
    };
    match out {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
            println!("written to {}", path.display());
        }
        None => println!("{text}"),
    }
    Ok(())
}

/// Webhook mode: the secret Telegram must send back, and where to listen.
fn webhook_settings(public_url: String) -> anyhow::Result<taetkontakt::app::WebhookSettings> {
    anyhow::ensure!(
        public_url.starts_with("https://"),
        "--webhook must be a public https:// URL"
    );
    let secret = std::env::var("WEBHOOK_SECRET").unwrap_or_default();
    let secret = taetkontakt::telegram::webhook::WebhookSecret::parse(&secret).map_err(anyhow::Error::msg)?;
    let listen = std::env::var("WEBHOOK_LISTEN").unwrap_or_else(|_| "0.0.0.0:8080".into());
    let listen = listen
        .parse()
        .with_context(|| format!("WEBHOOK_LISTEN {listen:?} is not an address like 0.0.0.0:8080"))?;
    Ok(taetkontakt::app::WebhookSettings {
        public_url,
        listen,
        secret,
        limits: Default::default(),
    })
}

/// `taetkontakt backup <file>`: a consistent copy of the SQLite database while it runs.
async fn backup(base: &BaseConfig, file: &std::path::Path) -> anyhow::Result<()> {
    anyhow::ensure!(
        !file.exists(),
        "{} exists already: choose a new file name (a backup never overwrites)",
        file.display()
    );
    let store = open_store(&base.database_url).await?;
    if store.backend_name() == "postgres" {
        return Err(taetkontakt::store::StoreError::BackupUnsupported.into());
    }
    store
        .backup_into(file)
        .await
        .with_context(|| format!("cannot write the backup to {}", file.display()))?;
    store.close().await;
    println!(
        "backup written to {}; restore it by stopping serve and starting it with DATABASE_URL=sqlite://{}",
        file.display(),
        file.display()
    );
    Ok(())
}

/// Copies the SQLite database named by DATABASE_URL into PostgreSQL.
async fn migrate_to(base: &BaseConfig, target: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        target.starts_with("postgres://") || target.starts_with("postgresql://"),
        "the target must be a postgres:// URL"
    );
    let source = open_store(&base.database_url).await?;
    source.migrate().await?;
    let target = Store::connect(target)
        .await
        .context("cannot connect to the PostgreSQL database")?;
    let copied = source.copy_into(&target).await?;
    for (table, rows) in copied {
        println!("{table}: {rows}");
    }
    println!("copied; now start serve with DATABASE_URL set to the PostgreSQL database");
    Ok(())
}

/// The management report on the command line (the same numbers as `/ledelse`).
async fn rapport(
    base: &BaseConfig,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    (team, municipality): (Option<String>, Option<String>),
    as_of: Option<chrono::NaiveDate>,
    format: taetkontakt::ops::ReportFormat,
) -> anyhow::Result<()> {
    let tz = base.timezone;
    let local_midnight = |date: chrono::NaiveDate| {
        date.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(tz).earliest())
            .map(|t| t.fixed_offset())
            .with_context(|| format!("no midnight on {date} in {tz}"))
    };
    let from = from.map(local_midnight).transpose()?;
    let to = to.and_then(|d| d.succ_opt()).map(local_midnight).transpose()?;
    let as_of = match as_of.and_then(|d| d.succ_opt()) {
        Some(day_after) => local_midnight(day_after)?,
        None => SystemClock.now().with_timezone(&tz).fixed_offset(),
    };
    let filter = taetkontakt::domain::report::ReportFilter {
        from,
        to,
        team,
        as_of,
    };
    let store = open_store(&base.database_url).await?;
    store.migrate().await?;
    let report = taetkontakt::ops::management_report(
        &store,
        municipality.as_deref(),
        &filter,
        format,
        base.default_lang,
    )
    .await?;
    println!("{report}");
    Ok(())
}
