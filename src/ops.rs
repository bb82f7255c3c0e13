//! Operator actions shared by the command line, the demo and the tests.

use chrono::{DateTime, Utc};

use crate::domain::invite::{InviteToken, expiry_from};
use crate::domain::participant::NAME_MAX;
use crate::domain::staff::StaffRole;
use crate::domain::text::clean_line;
use crate::i18n::Lang;
use crate::store::{Actor, AuditEntry, InviteTarget, Store};

/// Creates a staff member and a single-use invitation for them. Returns the token.
pub async fn invite_staff(
    store: &Store,
    name: &str,
    role: StaffRole,
    team: Option<&str>,
    lang: Lang,
    now: DateTime<Utc>,
) -> anyhow::Result<InviteToken> {
    let name = clean_line(name, NAME_MAX).map_err(|e| anyhow::anyhow!("--name is not usable: {e}"))?;
    let team = team
        .map(|t| clean_line(t, NAME_MAX))
        .transpose()
        .map_err(|e| anyhow::anyhow!("--team is not usable: {e}"))?;
    let token = InviteToken::generate();
    let mut tx = store.begin().await?;
    let staff_id = tx.create_staff(&name, role, team.as_deref(), lang, now).await?;
    tx.create_invite(
        &token.hash(),
        InviteTarget::Staff(staff_id),
        None,
        expiry_from(now),
        now,
    )
    .await?;
    tx.audit(AuditEntry {
        at: now,
        actor: Actor::Operator,
        action: "staff.invited",
        case_id: None,
        subject: Some(("staff", staff_id.0)),
    })
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The formats of the management report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Csv,
    Html,
    Json,
}

/// The management report (ledelsesinformation): the one function behind both
/// `taetkontakt rapport` and the team leader's `/ledelse`. Aggregates only; small counts are
/// suppressed by the domain module.
pub async fn management_report(
    store: &Store,
    filter: &crate::domain::report::ReportFilter,
    format: ReportFormat,
    lang: Lang,
) -> anyhow::Result<String> {
    use crate::domain::report;
    let data = {
        let mut tx = store.read().await?;
        let data = tx
            .report_data(filter.from.map(|f| f.to_utc()), filter.to.map(|t| t.to_utc()))
            .await?;
        tx.commit().await?;
        data
    };
    let built = report::build(&data, filter);
    let texts = crate::i18n::Texts::get();
    let labels = |key: &str| texts.t(lang, key);
    Ok(match format {
        ReportFormat::Text => report::to_text(&built, &labels),
        ReportFormat::Csv => report::to_csv(&built, &labels),
        ReportFormat::Json => report::to_json(&built),
        ReportFormat::Html => {
            let charts: Vec<(String, Vec<u8>)> = report::bars_for_charts(&built)
                .into_iter()
                .filter_map(|(title_key, bars)| {
                    let bars: Vec<(String, u32)> = bars.into_iter().map(|(k, v)| (labels(&k), v)).collect();
                    match crate::render::chart::render_bars(
                        &labels(&title_key),
                        &bars,
                        crate::render::chart::DEFAULT_WIDTH,
                    ) {
                        Ok(png) => Some((title_key, png)),
                        Err(error) => {
                            tracing::error!(%error, "report chart could not be drawn");
                            None
                        }
                    }
                })
                .collect();
            report::to_html(&built, &labels, &charts)
        }
    })
}
