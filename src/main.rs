//! The `taetkontakt` command line: serve, demo, invite-staff, migrate.

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
    Demo,
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
    },
    /// Create or upgrade the database schema and exit.
    Migrate,
    /// Copy this (SQLite) database into an empty PostgreSQL database, e.g.
    /// `taetkontakt migrate-to postgres://user@host/taetkontakt`.
    MigrateTo {
        /// The PostgreSQL database to copy into.
        target: String,
    },
    /// Management information (ledelsesinformation): aggregates only, counts below 5 shown as "<5".
    Rapport {
        /// First day of the period (YYYY-MM-DD).
        #[arg(long = "fra")]
        from: Option<chrono::NaiveDate>,
        /// Last day of the period, included (YYYY-MM-DD).
        #[arg(long = "til")]
        to: Option<chrono::NaiveDate>,
        /// Only this team.
        #[arg(long)]
        team: Option<String>,
        /// Count as of the end of this day instead of now (what was still pending then).
        #[arg(long = "opgjort")]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value = "text")]
        format: taetkontakt::ops::ReportFormat,
    },
    /// Messages that could not be sent and updates that could not be handled, for operators.
    DeadLetters,
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

fn parse_role(input: &str) -> Result<StaffRole, String> {
    StaffRole::parse(input).ok_or_else(|| format!("unknown role {input:?}: use caseworker or teamleader"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(matches!(cli.command, Command::Demo | Command::Bench { .. }));
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
        Command::MigrateTo { target } => migrate_to(&base, &target).await,
        Command::Rapport {
            from,
            to,
            team,
            as_of,
            format,
        } => rapport(&base, from, to, team, as_of, format).await,
        Command::Demo => taetkontakt::demo::run().await,
        Command::InviteStaff { name, role, team } => invite_staff(base, &name, role, team.as_deref()).await,
        Command::DeadLetters => dead_letters(&base).await,
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

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`: a database URL as it may
/// be shown in a message or a log line.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

async fn open_store(url: &str) -> anyhow::Result<Store> {
    Store::connect(url)
        .await
        .with_context(|| format!("cannot open the database {} (DATABASE_URL)", redact_password(url)))
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
    settings.dispatch.global_per_sec = config.send_limits.per_sec;
    settings.dispatch.chat_per_sec = config.send_limits.chat_per_sec;
    if let Some(public_url) = webhook {
        settings.webhook = Some(webhook_settings(public_url)?);
    }
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
    name: &str,
    role: StaffRole,
    team: Option<&str>,
) -> anyhow::Result<()> {
    let store = open_store(&base.database_url).await?;
    store.migrate().await?;
    let token =
        taetkontakt::ops::invite_staff(&store, name, role, team, base.default_lang, SystemClock.now())
            .await?;
    let username = bot_username(&store, &base).await?;
    let text = Texts::get().ta(
        base.default_lang,
        "cli-staff-invite-created",
        Args::new()
            .with("name", name.to_string())
            .with("role", role.key())
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
    let me = taetkontakt::telegram::bot(token, &base.api_url)?
        .get_me()
        .await
        .context("cannot ask Telegram for the bot's username (getMe)")?;
    Ok(me.username.clone().unwrap_or_default())
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

/// Webhook mode: the secret Telegram must send back, and where to listen.
fn webhook_settings(public_url: String) -> anyhow::Result<taetkontakt::app::WebhookSettings> {
    anyhow::ensure!(
        public_url.starts_with("https://"),
        "--webhook must be a public https:// URL"
    );
    let secret = std::env::var("WEBHOOK_SECRET").unwrap_or_default();
    // At least 32 characters: a secret that guards every child's messages must not be guessable.
    let valid = (32..=256).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    anyhow::ensure!(
        valid,
        "WEBHOOK_SECRET must be set to 32–256 characters of A–Z, a–z, 0–9, _ and - (e.g. openssl rand -hex 20)"
    );
    let listen = std::env::var("WEBHOOK_LISTEN").unwrap_or_else(|_| "0.0.0.0:8080".into());
    let listen = listen
        .parse()
        .with_context(|| format!("WEBHOOK_LISTEN {listen:?} is not an address like 0.0.0.0:8080"))?;
    Ok(taetkontakt::app::WebhookSettings {
        public_url,
        listen,
        secret,
    })
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
    team: Option<String>,
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
    let report = taetkontakt::ops::management_report(&store, &filter, format, base.default_lang).await?;
    println!("{report}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact_password;

    #[test]
    fn database_passwords_never_reach_a_message() {
        for (url, shown) in [
            ("postgres://tk:s3cr3t@db:5432/tk", "postgres://tk:***@db:5432/tk"),
            ("postgres://tk@db/tk", "postgres://tk@db/tk"),
            ("postgres://tk:p%40ss@w@db/tk", "postgres://tk:***@db/tk"),
            ("sqlite://taetkontakt.db", "sqlite://taetkontakt.db"),
        ] {
            assert_eq!(redact_password(url), shown);
        }
    }
}
