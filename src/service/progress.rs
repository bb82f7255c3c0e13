//! Progress as pictures: the young person's own chart for `/mine`, and every respondent's trend
//! per goal for the caseworker's `/sag`. Only the person's own answers ever reach `/mine`.

use chrono::{DateTime, Datelike, Utc};

use super::{Context, Result};
use crate::domain::alert_rules::ScoredAnswer;
use crate::domain::goal::GoalStatus;
use crate::domain::participant::Role;
use crate::domain::progression::classify;
use crate::domain::scale::Score;
use crate::i18n::{Args, Lang};
use crate::render::chart::{self, Labels, Panel, Point, Series, SeriesStyle};
use crate::store::{CaseRecord, ChartPoint, GoalRecord, ParticipantRecord, Tx};
use crate::telegram::outgoing::Outgoing;

/// Goals per picture: taller pictures are shrunk too much by Telegram.
const PANELS_PER_PICTURE: usize = 3;

fn labels(ctx: &Context, lang: Lang) -> Labels {
    Labels {
        better_up: ctx.texts.t(lang, "chart-better-up"),
        baseline: ctx.texts.t(lang, "chart-baseline"),
        meeting: ctx.texts.t(lang, "chart-meeting"),
        alert: ctx.texts.t(lang, "chart-alert"),
    }
}

/// "3. september" in the viewer's language.
fn day_month(ctx: &Context, lang: Lang, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&ctx.timezone);
    let month = ctx.texts.t(lang, &format!("agenda-month-{}", local.month()));
    ctx.texts.ta(
        lang,
        "chart-date",
        Args::new().with("day", local.day()).with("month", month),
    )
}

/// The goal in the words this person sees; `None` for a parent or witness before the
/// caseworker chose their wording (they are not asked about it either).
fn wording(goal: &GoalRecord, role: Role) -> Option<String> {
    match role {
        Role::Youth => Some(goal.youth_text.clone()),
        Role::Parent | Role::Witness => goal.witness_text.clone(),
    }
}

fn points(raw: &[ChartPoint]) -> Vec<Point> {
    raw.iter()
        .map(|p| Point {
            at: p.planned_at,
            value: p.value,
        })
        .collect()
}

/// "Skole: fra 4 til 7 siden 3. september", or that there are no answers yet.
fn caption(ctx: &Context, lang: Lang, goal: &GoalRecord, raw: &[ChartPoint]) -> String {
    let area = ctx.texts.t(lang, &format!("area-{}", goal.area.key()));
    let answered: Vec<&ChartPoint> = raw.iter().filter(|p| p.value.is_some()).collect();
    match (answered.first(), answered.last()) {
        (Some(first), Some(last)) if answered.len() > 1 => ctx.texts.ta(
            lang,
            "chart-caption",
            Args::new()
                .with("area", area)
                .with("first", first.value.unwrap_or_default())
                .with("latest", last.value.unwrap_or_default())
                .with("since", day_month(ctx, lang, first.planned_at)),
        ),
        _ => ctx
            .texts
            .ta(lang, "chart-caption-few", Args::new().with("area", area)),
    }
}

/// Panels per picture so that the pictures hold about as many each (4 goals: 2 + 2, not 3 + 1)
/// and none holds more than [`PANELS_PER_PICTURE`].
fn balanced_chunk(panels: usize) -> usize {
    let pictures = panels.div_ceil(PANELS_PER_PICTURE).max(1);
    panels.div_ceil(pictures).max(1)
}

/// The pictures for a set of panels, a few goals per picture.
fn pictures(ctx: &Context, lang: Lang, panels: Vec<Panel>, caption_key: &str) -> Vec<Outgoing> {
    let labels = labels(ctx, lang);
    panels
        .chunks(balanced_chunk(panels.len()))
        .filter_map(
            |chunk| match chart::render_panels(chunk, &labels, ctx.timezone, chart::DEFAULT_WIDTH) {
                Ok(png) => Some(Outgoing::Photo {
                    caption: ctx.texts.t(lang, caption_key),
                    png,
                }),
                Err(error) => {
                    tracing::error!(%error, "chart could not be drawn");
                    None
                }
            },
        )
        .collect()
}

/// The young person's own progress: their goals in their words, only their own answers.
pub async fn own_pictures(tx: &mut Tx, ctx: &Context, p: &ParticipantRecord) -> Result<Vec<Outgoing>> {
    let mut panels = Vec::new();
    for goal in tx
        .goals_of_case(p.case_id)
        .await?
        .iter()
        .filter(|g| g.status == GoalStatus::Active)
    {
        let Some(title) = wording(goal, p.role) else {
            continue;
        };
        let raw = tx.chart_points(p.id, goal.id).await?;
        if p.role != Role::Youth && raw.iter().all(|point| point.value.is_none()) {
            continue; // no empty charts for the network: asked but never answered counts too
        }
        panels.push(Panel {
            title,
            scale: goal.scale,
            series: vec![Series {
                label: String::new(),
                points: points(&raw),
                style: SeriesStyle::Youth,
            }],
            baseline: None,
            alerts: Vec::new(),
            meetings: Vec::new(),
            caption: Some(caption(ctx, p.lang, goal, &raw)),
        });
    }
    if panels.is_empty() {
        return Ok(Vec::new());
    }
    // A parent or witness sees their own answers about the child's goals, not "din udvikling".
    let caption = match p.role {
        Role::Youth => "chart-own-caption",
        Role::Parent | Role::Witness => "chart-network-caption",
    };
    Ok(pictures(ctx, p.lang, panels, caption))
}

/// The caseworker's view: per goal a line per respondent, the young person's baseline, alert
/// markers and meeting dates.
pub async fn case_pictures(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    case: &CaseRecord,
    meetings: &[DateTime<Utc>],
) -> Result<Vec<Outgoing>> {
    let panels = case_panels(tx, ctx, lang, case, meetings).await?;
    if panels.is_empty() {
        return Ok(Vec::new());
    }
    Ok(pictures(ctx, lang, panels, "chart-case-caption"))
}

/// The printed agenda draft's pictures: one per goal, laid out for paper (the goal's wording
/// is the picture's title, so it needs no caption). A goal nobody answered gets no picture.
pub async fn print_pictures(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    case: &CaseRecord,
    meetings: &[DateTime<Utc>],
) -> Result<Vec<(String, Vec<u8>)>> {
    let labels = labels(ctx, lang);
    let panels = case_panels(tx, ctx, lang, case, meetings).await?;
    Ok(panels
        .into_iter()
        .filter(|p| {
            p.series
                .iter()
                .any(|s| s.points.iter().any(|pt| pt.value.is_some()))
        })
        .filter_map(|panel| {
            match chart::render_panels_for(
                std::slice::from_ref(&panel),
                &labels,
                ctx.timezone,
                chart::PRINT_WIDTH,
                chart::Medium::Print,
            ) {
                Ok(png) => Some((panel.title, png)),
                Err(error) => {
                    tracing::error!(%error, "chart could not be drawn");
                    None
                }
            }
        })
        .collect())
}

/// Per active goal a panel with a line per respondent, the baseline, alerts and meetings.
async fn case_panels(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    case: &CaseRecord,
    meetings: &[DateTime<Utc>],
) -> Result<Vec<Panel>> {
    let participants = tx.participants_of_case(case.id).await?;
    let mut panels = Vec::new();
    for goal in tx
        .goals_of_case(case.id)
        .await?
        .iter()
        .filter(|g| g.status == GoalStatus::Active)
    {
        let (panel, _) = case_panel(tx, ctx, lang, case, &participants, goal, meetings).await?;
        panels.push(panel);
    }
    Ok(panels)
}

/// One goal of the caseworker's view as a PNG (the same panel as in `/sag`), with the plain
/// sentence that says what it shows ("Skole: fra 4 til 7 siden 3. september"), for the desk's
/// *Sag*, where the sentence is the picture's text alternative.
pub async fn case_goal_chart(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    case: &CaseRecord,
    goal: &GoalRecord,
    meetings: &[DateTime<Utc>],
) -> Result<Option<(Vec<u8>, String)>> {
    let participants = tx.participants_of_case(case.id).await?;
    let (panel, youth) = case_panel(tx, ctx, lang, case, &participants, goal, meetings).await?;
    let sentence = caption(ctx, lang, goal, &youth);
    match chart::render_panels(&[panel], &labels(ctx, lang), ctx.timezone, chart::DEFAULT_WIDTH) {
        Ok(png) => Ok(Some((png, sentence))),
        Err(error) => {
            tracing::error!(%error, case_id = %case.id, goal_id = %goal.id, "chart could not be drawn");
            Ok(None)
        }
    }
}

/// One goal's panel for the caseworker, and the young person's own points on it.
async fn case_panel(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    case: &CaseRecord,
    participants: &[ParticipantRecord],
    goal: &GoalRecord,
    meetings: &[DateTime<Utc>],
) -> Result<(Panel, Vec<ChartPoint>)> {
    let scale = goal.scale.scale();
    let mut series = Vec::new();
    let mut baseline = None;
    let mut youth = Vec::new();
    for p in participants.iter().filter(|p| p.telegram_user_id.is_some()) {
        let raw = tx.chart_points(p.id, goal.id).await?;
        if raw.is_empty() {
            continue;
        }
        if p.role == Role::Youth {
            let answers: Vec<ScoredAnswer> = raw
                .iter()
                .filter_map(|c| {
                    let score = Score::new(&scale, c.value?).ok()?;
                    Some(ScoredAnswer {
                        at: c.planned_at,
                        score,
                    })
                })
                .collect();
            baseline = classify(&scale, &answers).baseline;
        }
        let style = match p.role {
            Role::Youth => SeriesStyle::Youth,
            Role::Parent => SeriesStyle::Parent,
            Role::Witness => SeriesStyle::Witness,
        };
        let label = super::format::participant_label(ctx, lang, p);
        series.push(Series {
            label,
            points: points(&raw),
            style,
        });
        if p.role == Role::Youth {
            youth = raw;
        }
    }
    let panel = Panel {
        title: goal.youth_text.clone(),
        scale: goal.scale,
        series,
        baseline,
        alerts: tx.alert_times(case.id, goal.id).await?,
        meetings: meetings.to_vec(),
        caption: None,
    };
    Ok((panel, youth))
}

/// The plain sentence for one goal of the caseworker's view (what [`case_goal_chart`] shows,
/// in words), without drawing it.
pub async fn case_goal_sentence(
    tx: &mut Tx,
    ctx: &Context,
    lang: Lang,
    participants: &[ParticipantRecord],
    goal: &GoalRecord,
) -> Result<String> {
    let mut youth = Vec::new();
    for p in participants
        .iter()
        .filter(|p| p.role == Role::Youth && p.telegram_user_id.is_some())
    {
        youth = tx.chart_points(p.id, goal.id).await?;
    }
    Ok(caption(ctx, lang, goal, &youth))
}
#[cfg(test)]
mod tests {
    use super::balanced_chunk;

    #[test]
    fn pictures_hold_about_as_many_goals_each() {
        // (goals, goals per picture)
        for (goals, per) in [(0, 1), (1, 1), (2, 2), (3, 3), (4, 2), (5, 3), (6, 3)] {
            assert_eq!(balanced_chunk(goals), per, "{goals} goals");
        }
    }
}
