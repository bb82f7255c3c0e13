//! The caseworker's agenda draft (dagsordensudkast) before a meeting: a short Telegram message
//! ([`summary_text`]) and a self-contained, print-friendly HTML file ([`to_html`]) that fits on
//! one or two A4 pages.
//!
//! Pure: the service fills an [`AgendaDraft`] from the database; what is worked out from it
//! (trends, disagreements, the Signs of Safety seeds, which meeting ratings to talk about) lives
//! in [`crate::domain::agenda`], so it can be tested with plain tables.
//!
//! Text: every word the reader sees comes from `labels(key)` — argument-free Fluent messages
//! from `messages/meetings.<lang>.ftl` (keys `agenda-*` and `meeting-kind-*`), so the service
//! passes `&|key| texts.t(lang, key)`. Dates are formatted with the patterns
//! `agenda-datetime-format`, `agenda-date-format` and `agenda-short-date-format` and the names
//! `agenda-weekday-1` … `agenda-weekday-7` (Monday first) and `agenda-month-1` …
//! `agenda-month-12`. Everything typed by people (nickname, names, goal wordings, wishes,
//! comments, notes, place, chart captions) is HTML-escaped; labels are escaped too.
//!
//! The Signs of Safety seeds are described in [`crate::domain::agenda`].

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;

use crate::domain::agenda::{Seed, disagreements, seed, trend};
use crate::domain::alert_rules::{ReportDirection, Respondent};
// The draft's content is a domain type; its old path here stays for the callers.
pub use crate::domain::agenda::{
    AgendaDraft, DraftAlert, DraftAssessment, DraftComment, DraftGoal, DraftPerson, DraftRating, DraftReport,
    PersonWishes, RespondentAnswers,
};
use crate::domain::text::shorten;
use crate::render::html::{base64, escape};

/// The longest Telegram summary, in characters.
pub const SUMMARY_MAX_CHARS: usize = 1500;

/// How many characters of a goal's wording the Telegram summary shows.
const SUMMARY_GOAL_CHARS: usize = 60;

// ---------------------------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------------------------

/// Label lookup with the helpers every renderer needs.
pub(crate) struct Labels<'a>(pub(crate) &'a dyn Fn(&str) -> String);

impl Labels<'_> {
    /// The label as plain text.
    pub(crate) fn raw(&self, key: &str) -> String {
        (self.0)(key)
    }

    /// The label, HTML-escaped.
    pub(crate) fn html(&self, key: &str) -> String {
        escape(&self.raw(key))
    }

    /// Formats a local date/time with a pattern label: `%A` weekday name, `%d` day, `%m` month
    /// number, `%B` month name, `%Y` year, `%H` hour and `%M` minute (two digits), `%%` a
    /// percent sign.
    pub(crate) fn datetime(&self, pattern_key: &str, at: DateTime<Utc>, tz: Tz) -> String {
        let local = at.with_timezone(&tz);
        let pattern = self.raw(pattern_key);
        let mut out = String::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('A') => out.push_str(&self.raw(&format!(
                    "agenda-weekday-{}",
                    local.weekday().number_from_monday()
                ))),
                Some('d') => out.push_str(&local.day().to_string()),
                Some('m') => out.push_str(&local.month().to_string()),
                Some('B') => out.push_str(&self.raw(&format!("agenda-month-{}", local.month()))),
                Some('Y') => out.push_str(&local.year().to_string()),
                Some('H') => out.push_str(&format!("{:02}", local.hour())),
                Some('M') => out.push_str(&format!("{:02}", local.minute())),
                Some('%') => out.push('%'),
                Some(other) => {
                    out.push('%');
                    out.push(other);
                }
                None => out.push('%'),
            }
        }
        out
    }

    /// A number with at most one decimal, with the language's decimal separator.
    fn number(&self, value: f64) -> String {
        let rounded = (value * 10.0).round() / 10.0;
        if rounded.fract() == 0.0 {
            format!("{rounded:.0}")
        } else {
            format!("{rounded:.1}").replace('.', &self.raw("agenda-decimal-separator"))
        }
    }

    fn respondent(&self, respondent: Option<Respondent>) -> String {
        self.raw(match respondent {
            Some(Respondent::Youth) => "agenda-role-youth",
            Some(Respondent::Parent) => "agenda-role-parent",
            Some(Respondent::Witness) => "agenda-role-witness",
            None => "agenda-role-other",
        })
    }

    fn report_direction(&self, direction: ReportDirection) -> String {
        self.raw(match direction {
            ReportDirection::Better => "agenda-report-better",
            ReportDirection::Same => "agenda-report-same",
            ReportDirection::Worse => "agenda-report-worse",
        })
    }
}

/// "mor (Anne) – forælder", but "ung (Lea)" when the name already says the role.
fn with_role(name: &str, role: &str) -> String {
    let (name_lower, role_lower) = (name.to_lowercase(), role.to_lowercase());
    let said = name_lower
        .strip_prefix(&role_lower)
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric));
    if said || role.is_empty() {
        name.to_string()
    } else {
        format!("{name} – {role}")
    }
}

fn optional_number(labels: &Labels<'_>, value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| labels.number(v))
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

pub(crate) const STYLE: &str = r#"@page { size: A4; margin: 10mm 14mm 10mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Segoe UI", Calibri, Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 10pt; line-height: 1.35; color: #111; background: #fff; margin: 0 auto; max-width: 182mm; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 3.5mm 0 1.5mm; padding-bottom: 0.5mm; border-bottom: 1.5pt solid #333; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1.5mm; }
ul { margin: 0; padding-left: 4.5mm; }
li { margin: 0 0 0.8mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 2mm; }
th, td { border: 0.5pt solid #999; padding: 0.7mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: 600; }
tr, li, figure, table.sos { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.subtitle { font-size: 11pt; margin: 0 0 1mm; }
.note, .muted { color: #555; }
.note { font-style: italic; margin-bottom: 3mm; }
table.facts th, table.facts td { border: none; padding: 0.5mm 1.5mm 0.5mm 0; background: none; }
table.facts th { width: 32mm; }
.better { color: #1b5e20; font-weight: 600; }
.worse, .urgent { color: #b71c1c; font-weight: 600; }
.open { font-style: italic; }
tr.talk td { background: #fff4c2; }
table.sos { table-layout: fixed; font-size: 9pt; }
table.sos td { height: 14mm; }
table.sos li { margin-bottom: 0.4mm; line-height: 1.3; }
.small { font-size: 8.5pt; }
table.trend td { font-size: 9pt; }
table.trend th:first-child { width: 30%; }
.charts { margin: 2mm 0; }
.charts figure { margin: 0 0 1mm; }
figure { margin: 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure img { width: 100%; height: auto; }
section { break-inside: auto; }
figcaption { font-size: 9pt; color: #444; }
footer { margin-top: 2mm; padding-top: 1mm; line-height: 1.25; border-top: 0.5pt solid #999; font-size: 8.5pt; color: #555; }
@media screen { body { padding: 10mm; } }
"#;

/// The agenda draft as a complete, self-contained HTML document (no external resources),
/// printable on one or two A4 pages. See the module docs for labels and escaping.
pub fn to_html(draft: &AgendaDraft, labels: &dyn Fn(&str) -> String) -> String {
    let l = Labels(labels);
    let mut h = String::with_capacity(16 * 1024);
    html_head(&mut h, draft, &l);
    html_facts(&mut h, draft, &l);
    html_goals(&mut h, draft, &l);
    html_alerts(&mut h, draft, &l);
    html_reports(&mut h, draft, &l);
    html_disagreements(&mut h, draft, &l);
    html_ratings(&mut h, draft, &l);
    html_signs_of_safety(&mut h, draft, &l);
    html_footer(&mut h, draft, &l);
    h.push_str("</body>\n</html>\n");
    h
}

/// The document head: language, title and the print style.
fn html_head(h: &mut String, draft: &AgendaDraft, l: &Labels<'_>) {
    h.push_str("<!DOCTYPE html>\n");
    h.push_str(&format!(
        "<html lang=\"{}\">\n<head>\n",
        l.html("agenda-html-lang")
    ));
    h.push_str("<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!(
        "<title>{} · {} · {}</title>\n",
        l.html("agenda-title"),
        escape(&draft.nickname),
        escape(&draft.case_code)
    ));
    h.push_str("<style>\n");
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n");
}

/// Title, kind, the draft note and the facts table (when, where, who, period).
fn html_facts(h: &mut String, draft: &AgendaDraft, l: &Labels<'_>) {
    h.push_str("<header>\n");
    h.push_str(&format!("<h1>{}</h1>\n", l.html("agenda-title")));
    h.push_str(&format!(
        "<p class=\"subtitle\">{} · {} · {}</p>\n",
        l.html(&format!("meeting-kind-{}", draft.kind.key())),
        escape(&draft.nickname),
        escape(&draft.case_code)
    ));
    h.push_str(&format!(
        "<p class=\"note\">{}</p>\n",
        l.html("agenda-draft-note")
    ));
    h.push_str("</header>\n");

    h.push_str("<table class=\"facts\">\n");
    let fact = |h: &mut String, key: &str, value: &str| {
        h.push_str(&format!("<tr><th>{}</th><td>{value}</td></tr>\n", l.html(key)));
    };
    fact(
        h,
        "agenda-when",
        &escape(&l.datetime("agenda-datetime-format", draft.meeting_at, draft.tz)),
    );
    let place = draft
        .place
        .as_deref()
        .map_or_else(|| l.html("agenda-place-none"), escape);
    fact(h, "agenda-place", &place);
    let participants = if draft.participants.is_empty() {
        l.html("agenda-participants-none")
    } else {
        draft
            .participants
            .iter()
            .map(|p| escape(&with_role(&p.name, &l.respondent(p.respondent))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    fact(h, "agenda-participants", &participants);
    let period = match draft.since {
        Some(since) => format!(
            "{} {}",
            l.html("agenda-period-since"),
            escape(&l.datetime("agenda-date-format", since, draft.tz))
        ),
        None => l.html("agenda-period-all"),
    };
    fact(h, "agenda-period", &period);
    fact(h, "agenda-main-question-label", &l.html("agenda-main-question"));
    h.push_str("</table>\n");
}

/// Each goal's trend per respondent in one table (a row per goal, a column per respondent),
/// then one picture per goal, two side by side.
fn html_goals(h: &mut String, draft: &AgendaDraft, l: &Labels<'_>) {
    h.push_str("<section>\n");
    h.push_str(&format!("<h2>{}</h2>\n", l.html("agenda-goals-heading")));
    if draft.goals.is_empty() {
        h.push_str(&format!(
            "<p class=\"muted\">{}</p>\n",
            l.html("agenda-goals-none")
        ));
    }
    // Everyone who answered any goal, in the order they come (the young person first).
    let mut people: Vec<&str> = Vec::new();
    for respondent in draft.goals.iter().flat_map(|g| &g.answers) {
        if !respondent.answers.is_empty() && !people.contains(&respondent.person.as_str()) {
            people.push(&respondent.person);
        }
    }
    if !draft.goals.is_empty() {
        h.push_str(&format!(
            "<p class=\"muted\">{}</p>\n",
            l.html("agenda-trend-how")
        ));
        h.push_str(&format!(
            "<table class=\"trend\">\n<tr><th>{}</th>",
            l.html("agenda-col-goal")
        ));
        for person in &people {
            h.push_str(&format!("<th>{}</th>", escape(person)));
        }
        h.push_str("</tr>\n");
    }
    for goal in &draft.goals {
        let scale = goal.scale.scale();
        h.push_str(&format!(
            "<tr><td>{}. {}<br><span class=\"muted small\">{}</span></td>",
            goal.position,
            escape(&goal.wording),
            l.html(&format!("agenda-scale-{}", goal.scale.key()))
        ));
        if goal.answers.iter().all(|r| r.answers.is_empty()) {
            h.push_str(&format!(
                "<td colspan=\"{}\" class=\"muted\">{}</td></tr>\n",
                people.len().max(1),
                l.html("agenda-goal-no-answers")
            ));
            continue;
        }
        for person in &people {
            let Some(respondent) = goal
                .answers
                .iter()
                .find(|r| r.person == *person && !r.answers.is_empty())
            else {
                h.push_str("<td class=\"muted\">–</td>");
                continue;
            };
            let t = trend(&scale, &respondent.answers);
            h.push_str(&format!(
                "<td><span class=\"{}\">{}</span> {} → {}<br><span class=\"small\">{} {} · {} {}</span></td>",
                t.direction.key(),
                l.html(&format!("agenda-trend-{}", t.direction.key())),
                optional_number(l, t.first.map(f64::from)),
                optional_number(l, t.latest.map(f64::from)),
                l.html("agenda-col-median").to_lowercase(),
                optional_number(l, t.median),
                t.count,
                l.html("agenda-answers-count"),
            ));
        }
        h.push_str("</tr>\n");
    }
    if !draft.goals.is_empty() {
        h.push_str("</table>\n");
    }
    let charts: Vec<&(String, Vec<u8>)> = draft
        .charts
        .iter()
        .filter(|(_, png)| png.starts_with(PNG_SIGNATURE))
        .collect();
    if !charts.is_empty() {
        h.push_str("<div class=\"charts\">\n");
        for (caption, png) in charts {
            h.push_str(&format!(
                "<figure><img src=\"data:image/png;base64,{}\" alt=\"{}\"></figure>\n",
                base64(png),
                escape(caption),
            ));
        }
        h.push_str("</div>\n");
    }
    h.push_str("</section>\n");
}

/// Alerts in the period and how they were assessed.
fn html_alerts(h: &mut String, draft: &AgendaDraft, l: &Labels<'_>) {
    h.push_str("<section>\n");
    h.push_str(&format!("<h2>{}</h2>\n", l.html("agenda-alerts-heading")));
    if draft.alerts.is_empty() {
        h.push_str(&format!(
            "<p class=\"muted\">{}</p>\n",
            l.html("agenda-alerts-none")
        ));
    } else {
        h.push_str(&format!(
            "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
            l.html("agenda-col-date"),
            l.html("agenda-col-alert"),
            l.html("agenda-col-about"),
            l.html("agenda-col-assessment"),
        ));
        for alert in &draft.alerts {
            let rule = l.html(&format!("agenda-rule-{}", alert.rule.key()));
            let rule = if alert.urgent {
                format!(
                    "<span class=\"urgent\">{}</span> · {rule}",
                    l.html("agenda-urgent")
                )
            } else {
                rule
            };
            let about = [alert.person.as_deref(), alert.goal.as_deref()]
                .into_iter()
                .flatten()
                .map(escape)
                .collect::<Vec<_>>()
                .join(" · ");
            let assessment = match &alert.assessment {
                Some(a) => {
                    let decision = l.html(&format!("agenda-decision-{}", a.decision.key()));
                    match &a.note {
                        Some(note) => format!("{decision}: {}", escape(note)),
                        None => decision,
                    }
                }
                None => format!("<span class=\"open\">{}</span>", l.html("agenda-not-assessed")),
            };
            h.push_str(&format!(
                "<tr><td class=\"num\">{}</td><td>{rule}</td><td>{about}</td><td>{assessment}</td></tr>\n",
                escape(&l.datetime("agenda-short-date-format", alert.raised_at, draft.tz)),
            ));
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");
}

/// "Bedre/Uændret/Værre" reports.
fn html_reports(h: &mut String, draft: &AgendaDraft, l: &Labels<'_>) {
    h.push_str("<section>\n");
    h.push_str(&format!("<h2>{}</h2>\n", l.html("agenda-reports-heading")));
    if draft.reports.is_empty() {
        h.push_str(&format!(
            "<p class=\"muted\">{}</p>\n",
            l.html("agenda-reports-none")
        ));
    } else {
        h.push_str(&format!(
            "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
            l.html("agenda-col-date"),
            l.html("agenda-col-who"),
            l.html("agenda-col-goal"),
            l.html("agenda-col-direction"),
            l.html("agenda-col-text"),
        ));
        for report in &draft.reports {
            let class = match report.direction {
                ReportDirection::Better => "better",
                ReportDirection::Same => "same",
                ReportDirection::Worse => "worse",
            };
            h.push_str(&format!(
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td><td>{}</td></tr>\n",
                escape(&l.datetime("agenda-short-date-format", report.at, draft.tz)),
                escape(&report.person),
                report
                    .goal
                    .as_deref()
                    .map_or_else(|| l.html("agenda-report-overall"), escape),
                escape(&l.report_direction(report.direction)),
                report.text.as_deref().map(escape).unwrap_or_default(),
            ));
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");
}

/// Where the young person and another respondent see a goal differently.
fn html_disagreements(h: &mut String, draft: &AgendaDraft, l: &Labels<'_>) {
    h.push_str("<section>\n");
    h.push_str(&format!("<h2>{}</h2>\n", l.html("agenda-disagreements-heading")));
    let gaps = disagreements(draft);
    if gaps.is_empty() {
        h.push_str(&format!(
            "<p class=\"muted\">{}</p>\n",
            l.html("agenda-disagreements-none")
        ));
    } else {
        h.push_str(&format!("<p>{}</p>\n", l.html("agenda-disagreements-intro")));
        h.push_str(&format!(
            "<table>\n<tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>\n",
            l.html("agenda-col-goal"),
            l.html("agenda-col-who"),
            l.html("agenda-col-youth"),
            l.html("agenda-col-other"),
            l.html("agenda-col-gap"),
        ));
        for gap in &gaps {
            h.push_str(&format!(
                "<tr><td>{}. {}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                gap.goal.position,
                escape(&gap.goal.wording),
                escape(gap.person),
                gap.youth,
                gap.other,
                gap.gap
            ));
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");
}

/// Meeting ratings, marking the ones worth talking about.
fn html_ratings(h: &mut String, draft: &AgendaDraft, l: &Labels<'_>) {
    h.push_str("<section>\n");
    h.push_str(&format!("<h2>{}</h2>\n", l.html("agenda-ratings-heading")));
    if draft.ratings.is_empty() {
        h.push_str(&format!(
            "<p class=\"muted\">{}</p>\n",
            l.html("agenda-ratings-none")
        ));
    } else {
        h.push_str(&format!("<p>{}</p>\n", l.html("agenda-ratings-intro")));
        h.push_str(&format!(
            "<table>\n<tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr>\n",
            l.html("agenda-col-who"),
            l.html("agenda-col-rating"),
            l.html("agenda-col-previous"),
            l.html("agenda-col-comment"),
            l.html("agenda-col-talk"),
        ));
        for rating in &draft.ratings {
            let talk = rating.worth_talking_about();
            h.push_str(&format!(
                "<tr{}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
                if talk { " class=\"talk\"" } else { "" },
                escape(&rating.person),
                rating.rating,
                rating
                    .previous
                    .map_or_else(|| "–".to_string(), |p| p.to_string()),
                rating.comment.as_deref().map(escape).unwrap_or_default(),
                if talk { l.html("agenda-rating-talk") } else { String::new() },
            ));
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");
}

/// The Signs of Safety table, seeded, and the comments left to place.
fn html_signs_of_safety(h: &mut String, draft: &AgendaDraft, l: &Labels<'_>) {
    let sos = seed(draft);
    h.push_str("<section>\n");
    h.push_str(&format!("<h2>{}</h2>\n", l.html("agenda-sos-heading")));
    h.push_str(&format!(
        "<p class=\"muted\">{}</p>\n",
        l.html("agenda-sos-intro")
    ));
    h.push_str(&format!(
        "<table class=\"sos\">\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>\n<tr>",
        l.html("agenda-sos-worries"),
        l.html("agenda-sos-working"),
        l.html("agenda-sos-next"),
    ));
    for seeds in [&sos.worries, &sos.working] {
        h.push_str("<td>");
        seed_list(h, seeds, l);
        h.push_str("</td>");
    }
    // The "se ske" wishes are only printed here, one line per person.
    h.push_str("<td>");
    if sos.next_steps.is_empty() {
        h.push_str(&format!(
            "<span class=\"muted\">{}</span>",
            l.html("agenda-wishes-none")
        ));
    }
    seed_list(h, &sos.next_steps, l);
    h.push_str("</td>");
    h.push_str("</tr>\n</table>\n");
    if !sos.other.is_empty() {
        h.push_str(&format!("<h3>{}</h3>\n", l.html("agenda-sos-other")));
        seed_list(h, &sos.other, l);
        h.push('\n');
    }
    h.push_str("</section>\n");
}

/// When the draft was made, and that it is confidential.
fn html_footer(h: &mut String, draft: &AgendaDraft, l: &Labels<'_>) {
    h.push_str(&format!(
        "<footer>{} {} · {}</footer>\n",
        l.html("agenda-footer-created"),
        escape(&l.datetime("agenda-datetime-format", draft.created_at, draft.tz)),
        l.html("agenda-footer-confidential"),
    ));
}

/// A `<ul>` of seeds (nothing when empty).
fn seed_list(h: &mut String, seeds: &[Seed<'_>], l: &Labels<'_>) {
    if seeds.is_empty() {
        return;
    }
    h.push_str("<ul>");
    for s in seeds {
        h.push_str("<li>");
        h.push_str(&escape(&seed_text(s, l)));
        h.push_str("</li>");
    }
    h.push_str("</ul>");
}

/// One seed as plain text.
fn seed_text(seed: &Seed<'_>, l: &Labels<'_>) -> String {
    let join = |parts: Vec<String>| {
        parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    match seed {
        Seed::Alert(alert) => join(vec![
            l.raw(&format!("agenda-rule-{}", alert.rule.key())),
            alert.person.clone().unwrap_or_default(),
            alert.goal.clone().unwrap_or_default(),
        ]),
        Seed::Report(report) => {
            let what = report
                .text
                .clone()
                .unwrap_or_else(|| l.report_direction(report.direction));
            let goal = report
                .goal
                .clone()
                .unwrap_or_else(|| l.raw("agenda-report-overall"));
            format!("{}: {what} ({goal})", report.person)
        }
        Seed::Answers { goal, people } => format!(
            "{}: {}",
            goal.wording,
            people
                .iter()
                .map(|(person, value)| format!("{person} {value}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Seed::Comment(comment) => format!("{}: {}", comment.person, comment.text),
        Seed::Wishes { person, wishes } => format!("{person}: {}", wishes.join(" · ")),
    }
}

// ---------------------------------------------------------------------------------------------
// Telegram summary
// ---------------------------------------------------------------------------------------------

/// The short Telegram message (plain text, no parse mode) that goes with the HTML file: the
/// meeting, one line per goal with each respondent's direction, and the counts. At most
/// [`SUMMARY_MAX_CHARS`] characters: goal lines that do not fit are left out.
pub fn summary_text(draft: &AgendaDraft, labels: &dyn Fn(&str) -> String) -> String {
    let l = Labels(labels);
    let mut head = vec![
        format!(
            "📋 {}: {} ({})",
            l.raw("agenda-summary-title"),
            shorten(&draft.nickname, 60),
            draft.case_code
        ),
        format!(
            "{} · {}{}",
            l.raw(&format!("meeting-kind-{}", draft.kind.key())),
            l.datetime("agenda-datetime-format", draft.meeting_at, draft.tz),
            draft
                .place
                .as_deref()
                .map(|p| format!(" · {}", shorten(p, 80)))
                .unwrap_or_default()
        ),
    ];

    let mut goal_lines = Vec::new();
    for goal in &draft.goals {
        let scale = goal.scale.scale();
        let parts: Vec<String> = goal
            .answers
            .iter()
            .filter(|r| !r.answers.is_empty())
            .map(|r| {
                let t = trend(&scale, &r.answers);
                format!(
                    "{} {}",
                    shorten(&r.person, 30),
                    l.raw(&format!("agenda-trend-{}", t.direction.key()))
                        .to_lowercase()
                )
            })
            .collect();
        let summary = if parts.is_empty() {
            l.raw("agenda-goal-no-answers")
        } else {
            parts.join(", ")
        };
        goal_lines.push(format!(
            "{}. {}: {summary}",
            goal.position,
            shorten(&goal.wording, SUMMARY_GOAL_CHARS)
        ));
    }

    let unassessed = draft.alerts.iter().filter(|a| a.assessment.is_none()).count();
    let wishes: usize = draft.wishes.iter().map(|p| p.wishes.len()).sum();
    let wishers = draft.wishes.iter().filter(|p| !p.wishes.is_empty()).count();
    let talk = draft.ratings.iter().filter(|r| r.worth_talking_about()).count();
    let mut tail = vec![
        format!(
            "{}: {} · {}: {unassessed}",
            l.raw("agenda-summary-alerts"),
            draft.alerts.len(),
            l.raw("agenda-summary-unassessed")
        ),
        format!(
            "{}: {} · {}: {}",
            l.raw("agenda-summary-reports"),
            draft.reports.len(),
            l.raw("agenda-summary-disagreements"),
            disagreements(draft).len()
        ),
        format!(
            "{}: {wishes} · {}: {wishers}",
            l.raw("agenda-summary-wishes"),
            l.raw("agenda-summary-wishers")
        ),
    ];
    if !draft.ratings.is_empty() {
        tail.push(format!("{}: {talk}", l.raw("agenda-summary-ratings-to-talk")));
    }
    if draft.confidential_left_out > 0 {
        tail.push(format!(
            "{}: {}",
            l.raw("agenda-summary-confidential"),
            draft.confidential_left_out
        ));
    }
    tail.push(l.raw("agenda-summary-attached"));

    let fixed: usize = head.iter().chain(&tail).map(|s| s.chars().count() + 1).sum();
    let mut budget = SUMMARY_MAX_CHARS.saturating_sub(fixed);
    for line in goal_lines {
        let cost = line.chars().count() + 1;
        if cost > budget {
            break;
        }
        budget -= cost;
        head.push(line);
    }
    let text = head.into_iter().chain(tail).collect::<Vec<_>>().join("\n");
    shorten(&text, SUMMARY_MAX_CHARS)
}

/// The file name for the HTML attachment: `<prefix>-<case code>-<yyyy-mm-dd>.html`, ASCII only
/// (prefix from `agenda-file-name-prefix`).
pub fn file_name(draft: &AgendaDraft, labels: &dyn Fn(&str) -> String) -> String {
    let ascii = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .trim_matches('-')
            .to_string()
    };
    let date = draft.meeting_at.with_timezone(&draft.tz).date_naive();
    let prefix = ascii(&labels("agenda-file-name-prefix"));
    let prefix = if prefix.is_empty() {
        "agenda".to_string()
    } else {
        prefix
    };
    format!("{prefix}-{}-{date}.html", ascii(&draft.case_code))
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agenda::*;
    use crate::domain::alert::Decision;
    use crate::domain::alert_rules::{RuleKind, ScoredAnswer};
    use crate::domain::meeting::{MeetingKind, MeetingRating, Wishes};
    use crate::domain::scale::Score;
    use crate::domain::scale::{Band, ScaleKind};
    use chrono::{TimeDelta, TimeZone};
    use chrono_tz::Europe::Copenhagen as CPH;
    use fluent_bundle::{FluentBundle, FluentResource};
    use std::cell::RefCell;
    use std::collections::{BTreeMap, BTreeSet};

    const DA: &str = include_str!("../../messages/meetings.da.ftl");
    const EN: &str = include_str!("../../messages/meetings.en.ftl");
    const SNAPSHOT: &str = "tests/data/agenda-snapshot.html";

    fn cph(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        CPH.with_ymd_and_hms(y, m, day, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    /// Weekly answers starting Monday 7 September 2026 17:00 local.
    fn weekly(kind: ScaleKind, values: &[i32]) -> Vec<ScoredAnswer> {
        let scale = kind.scale();
        let start = cph(2026, 9, 7, 17, 0);
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| ScoredAnswer {
                at: start + TimeDelta::weeks(i as i64),
                score: Score::new(&scale, v).unwrap(),
            })
            .collect()
    }

    /// Labels from a Fluent catalogue, like the service's `texts.t(lang, key)`.
    fn fluent_labels(source: &'static str, lang: &str) -> impl Fn(&str) -> String {
        let mut bundle = FluentBundle::new(vec![lang.parse().unwrap()]);
        bundle.set_use_isolating(false);
        bundle
            .add_resource(FluentResource::try_new(source.to_string()).expect("catalogue parses"))
            .expect("no duplicate keys");
        move |key: &str| {
            let message = bundle
                .get_message(key)
                .unwrap_or_else(|| panic!("missing key {key}"));
            let mut errors = Vec::new();
            let text = bundle.format_pattern(message.value().unwrap(), None, &mut errors);
            assert!(errors.is_empty(), "{key}: {errors:?}");
            text.into_owned()
        }
    }

    fn person(name: &str, respondent: Option<Respondent>) -> DraftPerson {
        DraftPerson {
            name: name.to_string(),
            respondent,
        }
    }

    fn answers(person: &str, respondent: Respondent, kind: ScaleKind, values: &[i32]) -> RespondentAnswers {
        RespondentAnswers {
            person: person.to_string(),
            respondent,
            answers: weekly(kind, values),
        }
    }

    fn empty_draft() -> AgendaDraft {
        AgendaDraft {
            case_code: "K-7F2Q".to_string(),
            nickname: "Lea".to_string(),
            kind: MeetingKind::FollowUp,
            meeting_at: cph(2026, 12, 3, 14, 0),
            tz: CPH,
            place: None,
            since: None,
            created_at: cph(2026, 12, 2, 8, 0),
            participants: Vec::new(),
            goals: Vec::new(),
            alerts: Vec::new(),
            reports: Vec::new(),
            wishes: Vec::new(),
            comments: Vec::new(),
            ratings: Vec::new(),
            confidential_left_out: 0,
            charts: Vec::new(),
        }
    }

    /// A draft with something in every section.
    fn full_draft() -> AgendaDraft {
        use Respondent::*;
        let rating = |v| MeetingRating::new(v).unwrap();
        AgendaDraft {
            place: Some("Rådhuset, mødelokale 2".to_string()),
            since: Some(cph(2026, 9, 3, 14, 0)),
            participants: vec![
                person("Lea", Some(Youth)),
                person("Mor (Anne)", Some(Parent)),
                person("Mormor", Some(Witness)),
                person("Rådgiver Mette", None),
            ],
            goals: vec![
                DraftGoal {
                    position: 1,
                    wording: "Jeg kommer i skole hver dag".to_string(),
                    scale: ScaleKind::ZeroToTen,
                    answers: vec![
                        answers("Lea", Youth, ScaleKind::ZeroToTen, &[3, 4, 4, 6, 7, 8]),
                        answers("Mor (Anne)", Parent, ScaleKind::ZeroToTen, &[4, 4, 5]),
                        answers("Mormor", Witness, ScaleKind::ZeroToTen, &[5]),
                    ],
                },
                DraftGoal {
                    position: 2,
                    wording: "Jeg har det godt derhjemme".to_string(),
                    scale: ScaleKind::Aarhus0To4,
                    answers: vec![
                        answers("Lea", Youth, ScaleKind::Aarhus0To4, &[1, 1, 2]),
                        answers("Mor (Anne)", Parent, ScaleKind::Aarhus0To4, &[2, 3, 3]),
                    ],
                },
                DraftGoal {
                    position: 3,
                    wording: "Jeg går til fodbold".to_string(),
                    scale: ScaleKind::FiveStep,
                    answers: Vec::new(),
                },
            ],
            alerts: vec![
                DraftAlert {
                    raised_at: cph(2026, 10, 12, 17, 5),
                    rule: RuleKind::NetworkDrop,
                    urgent: false,
                    person: Some("Mor (Anne)".to_string()),
                    goal: Some("Jeg har det godt derhjemme".to_string()),
                    assessment: Some(DraftAssessment {
                        decision: Decision::Contact,
                        note: Some("Ringede til mor & Lea – aftalt møde".to_string()),
                    }),
                },
                DraftAlert {
                    raised_at: cph(2026, 11, 30, 9, 0),
                    rule: RuleKind::ContactRequest,
                    urgent: false,
                    person: Some("Lea".to_string()),
                    goal: None,
                    assessment: None,
                },
            ],
            reports: vec![
                DraftReport {
                    at: cph(2026, 10, 20, 18, 0),
                    person: "Mormor".to_string(),
                    goal: Some("Jeg kommer i skole hver dag".to_string()),
                    direction: ReportDirection::Better,
                    text: Some("Hun cykler selv i skole nu".to_string()),
                },
                DraftReport {
                    at: cph(2026, 11, 2, 19, 30),
                    person: "Mor (Anne)".to_string(),
                    goal: None,
                    direction: ReportDirection::Worse,
                    text: Some("Mange skænderier om aftenen".to_string()),
                },
                DraftReport {
                    at: cph(2026, 11, 16, 19, 30),
                    person: "Mormor".to_string(),
                    goal: None,
                    direction: ReportDirection::Same,
                    text: Some("Ikke noget nyt".to_string()),
                },
            ],
            wishes: vec![
                PersonWishes {
                    person: "Lea".to_string(),
                    wishes: Wishes::parse_message("Mere ro om morgenen\nAt jeg må gå til fodbold igen")
                        .unwrap(),
                },
                PersonWishes {
                    person: "Mor (Anne)".to_string(),
                    wishes: Wishes::parse_message("<script>alert(1)</script>").unwrap(),
                },
                PersonWishes {
                    person: "Mormor".to_string(),
                    wishes: Wishes::default(),
                },
            ],
            comments: vec![
                DraftComment {
                    at: cph(2026, 10, 5, 17, 10),
                    person: "Lea".to_string(),
                    text: "Jeg var glad i dag".to_string(),
                    band: Some(Band::Green),
                },
                DraftComment {
                    at: cph(2026, 11, 9, 17, 10),
                    person: "Lea".to_string(),
                    text: "Det var en hård uge".to_string(),
                    band: Some(Band::Red),
                },
                DraftComment {
                    at: cph(2026, 11, 23, 17, 10),
                    person: "Mor (Anne)".to_string(),
                    text: "Vi ses på torsdag".to_string(),
                    band: None,
                },
            ],
            ratings: vec![
                DraftRating {
                    person: "Lea".to_string(),
                    rating: rating(7),
                    previous: Some(rating(8)),
                    comment: Some("For mange voksne".to_string()),
                },
                DraftRating {
                    person: "Mor (Anne)".to_string(),
                    rating: rating(9),
                    previous: None,
                    comment: None,
                },
            ],
            charts: vec![
                ("Lea · mål 1".to_string(), b"\x89PNG\r\n\x1a\nfake".to_vec()),
                ("Ikke et billede".to_string(), b"GIF89a".to_vec()),
            ],
            ..empty_draft()
        }
    }

    #[test]
    fn trends_compare_the_latest_with_the_first_answer_in_the_scales_direction() {
        use ScaleKind::*;
        use TrendDirection::*;
        type Row = (
            ScaleKind,
            &'static [i32],
            Option<i32>,
            Option<i32>,
            Option<f64>,
            TrendDirection,
        );
        let cases: &[Row] = &[
            (ZeroToTen, &[], None, None, None, NotEnough),
            (ZeroToTen, &[5], Some(5), Some(5), Some(5.0), NotEnough),
            (ZeroToTen, &[3, 6], Some(3), Some(6), Some(4.5), Better),
            (ZeroToTen, &[3, 5], Some(3), Some(5), Some(4.0), Same),
            (ZeroToTen, &[8, 5], Some(8), Some(5), Some(6.5), Worse),
            (ZeroToTen, &[8, 6], Some(8), Some(6), Some(7.0), Same),
            (
                ZeroToTen,
                &[3, 4, 4, 6, 7, 8],
                Some(3),
                Some(8),
                Some(5.0),
                Better,
            ),
            // A dip in the middle does not matter; the median shows it.
            (ZeroToTen, &[7, 1, 1, 1, 7], Some(7), Some(7), Some(1.0), Same),
            // Lower is better.
            (Aarhus0To4, &[3, 2], Some(3), Some(2), Some(2.5), Better),
            (Aarhus0To4, &[1, 2], Some(1), Some(2), Some(1.5), Worse),
            (Aarhus0To4, &[2, 2, 2], Some(2), Some(2), Some(2.0), Same),
            (FiveStep, &[4, 4, 2], Some(4), Some(2), Some(4.0), Better),
            (FiveStep, &[1, 3], Some(1), Some(3), Some(2.0), Worse),
        ];
        for (kind, values, first, latest, median, direction) in cases {
            let got = trend(&kind.scale(), &weekly(*kind, values));
            assert_eq!(
                got,
                Trend {
                    count: values.len(),
                    first: *first,
                    latest: *latest,
                    median: *median,
                    direction: *direction,
                },
                "{kind} {values:?}"
            );
        }
    }

    #[test]
    fn trends_ignore_the_order_answers_are_given_in() {
        let scale = ScaleKind::ZeroToTen.scale();
        let mut answers = weekly(ScaleKind::ZeroToTen, &[2, 5, 9]);
        answers.reverse();
        let got = trend(&scale, &answers);
        assert_eq!(
            (got.first, got.latest, got.direction),
            (Some(2), Some(9), TrendDirection::Better)
        );
    }

    #[test]
    fn seeds_follow_the_signs_of_safety_rules() {
        let draft = full_draft();
        let sos = seed(&draft);
        let l = Labels(&|key: &str| format!("[{key}]"));
        let texts = |seeds: &[Seed<'_>]| seeds.iter().map(|s| seed_text(s, &l)).collect::<Vec<_>>();
        assert_eq!(
            texts(&sos.worries),
            vec![
                "[agenda-rule-network_drop] · Mor (Anne) · Jeg har det godt derhjemme",
                "[agenda-rule-contact_request] · Lea",
                "Mor (Anne): Mange skænderier om aftenen ([agenda-report-overall])",
                // Mor's latest answer on goal 2 (Aarhus 3) is red, but the network_drop alert
                // above is about exactly that: listed once.
                "Lea: Det var en hård uge",
            ]
        );
        assert_eq!(
            texts(&sos.working),
            vec![
                "Mormor: Hun cykler selv i skole nu (Jeg kommer i skole hver dag)",
                // Lea's latest answer on goal 1 (8 of 10) is green; Mor's 5 and Mormor's 5
                // are yellow; Lea's Aarhus 2 is yellow.
                "Jeg kommer i skole hver dag: Lea 8",
                "Lea: Jeg var glad i dag",
            ]
        );
        assert_eq!(
            texts(&sos.next_steps),
            vec![
                "Lea: Mere ro om morgenen · At jeg må gå til fodbold igen",
                "Mor (Anne): <script>alert(1)</script>",
            ]
        );
        assert_eq!(
            texts(&sos.other),
            vec![
                "Mormor: Ikke noget nyt ([agenda-report-overall])",
                "Mor (Anne): Vi ses på torsdag"
            ]
        );
    }

    #[test]
    fn red_answers_are_one_line_per_goal_and_an_alerted_drop_is_listed_once() {
        use Respondent::*;
        let goal = |position, wording: &str, answers| DraftGoal {
            position,
            wording: wording.to_string(),
            scale: ScaleKind::ZeroToTen,
            answers,
        };
        let alert = |person: &str, goal: &str| DraftAlert {
            raised_at: cph(2026, 9, 20, 17, 0),
            rule: RuleKind::ReliableDrop,
            urgent: false,
            person: Some(person.to_string()),
            goal: Some(goal.to_string()),
            assessment: None,
        };
        let z = ScaleKind::ZeroToTen;
        // (alerts, goals) → the worries' texts.
        let cases: Vec<(Vec<DraftAlert>, Vec<DraftGoal>, Vec<&str>)> = vec![
            // Two red answers on one goal: one line.
            (
                vec![],
                vec![goal(
                    1,
                    "Skole",
                    vec![answers("Lea", Youth, z, &[7, 2]), answers("Mor", Parent, z, &[3])],
                )],
                vec!["Skole: Lea 2, Mor 3"],
            ),
            // The alert on Lea's drop says it: only Mor's red answer is added.
            (
                vec![alert("Lea", "Skole")],
                vec![goal(
                    1,
                    "Skole",
                    vec![answers("Lea", Youth, z, &[7, 2]), answers("Mor", Parent, z, &[3])],
                )],
                vec!["[agenda-rule-reliable_drop] · Lea · Skole", "Skole: Mor 3"],
            ),
            // An alert on another goal does not hide the red answer.
            (
                vec![alert("Lea", "Fritid")],
                vec![
                    goal(1, "Skole", vec![answers("Lea", Youth, z, &[2])]),
                    goal(2, "Fritid", vec![answers("Lea", Youth, z, &[6])]),
                ],
                vec!["[agenda-rule-reliable_drop] · Lea · Fritid", "Skole: Lea 2"],
            ),
        ];
        let l = Labels(&|key: &str| format!("[{key}]"));
        for (alerts, goals, expected) in cases {
            let draft = AgendaDraft {
                alerts,
                goals,
                ..empty_draft()
            };
            let sos = seed(&draft);
            let got: Vec<String> = sos.worries.iter().map(|s| seed_text(s, &l)).collect();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn a_name_that_says_the_role_is_not_followed_by_it_again() {
        let cases = [
            ("ung (Lea)", "ung", "ung (Lea)"),
            ("Ung (Lea)", "ung", "Ung (Lea)"),
            ("mor (Anne)", "forælder", "mor (Anne) – forælder"),
            ("Jung", "ung", "Jung – ung"),
            ("Mette", "fagperson", "Mette – fagperson"),
        ];
        for (name, role, expected) in cases {
            assert_eq!(with_role(name, role), expected, "{name} / {role}");
        }
    }

    #[test]
    fn a_same_report_without_text_and_yellow_answers_are_not_seeded() {
        let mut draft = empty_draft();
        draft.reports.push(DraftReport {
            at: cph(2026, 11, 2, 19, 30),
            person: "Mormor".to_string(),
            goal: None,
            direction: ReportDirection::Same,
            text: None,
        });
        draft.reports.push(DraftReport {
            at: cph(2026, 11, 3, 19, 30),
            person: "Mormor".to_string(),
            goal: None,
            direction: ReportDirection::Worse,
            text: None,
        });
        draft.goals.push(DraftGoal {
            position: 1,
            wording: "Skole".to_string(),
            scale: ScaleKind::ZeroToTen,
            answers: vec![answers("Lea", Respondent::Youth, ScaleKind::ZeroToTen, &[1, 5])],
        });
        let sos = seed(&draft);
        let l = Labels(&|key: &str| format!("[{key}]"));
        assert_eq!(sos.worries.len(), 1);
        // Without a text, the direction stands in.
        assert_eq!(
            seed_text(&sos.worries[0], &l),
            "Mormor: [agenda-report-worse] ([agenda-report-overall])"
        );
        assert!(sos.working.is_empty() && sos.next_steps.is_empty() && sos.other.is_empty());
    }

    #[test]
    fn disagreements_compare_each_adults_latest_answer_with_the_young_persons() {
        let draft = full_draft();
        let got: Vec<(u32, &str, i32, i32, i32)> = disagreements(&draft)
            .iter()
            .map(|d| (d.goal.position, d.person, d.youth, d.other, d.gap))
            .collect();
        // Goal 1: Lea 8 vs Mor 5 (gap 3 = reliable) and Mormor 5 (gap 3).
        // Goal 2 (lower is better): Lea 2 vs Mor 3 (gap 1 = reliable).
        assert_eq!(
            got,
            vec![
                (1, "Mor (Anne)", 8, 5, 3),
                (1, "Mormor", 8, 5, 3),
                (2, "Mor (Anne)", 2, 3, 1)
            ]
        );
        let mut no_youth = full_draft();
        for goal in &mut no_youth.goals {
            goal.answers.retain(|r| r.respondent != Respondent::Youth);
        }
        assert!(disagreements(&no_youth).is_empty());
    }

    #[test]
    fn everything_people_typed_is_html_escaped() {
        let mut draft = full_draft();
        draft.nickname = "Lea <b>".to_string();
        draft.place = Some("\"Huset\" & co".to_string());
        draft.goals[0].wording = "Skole <i>hver</i> dag".to_string();
        draft.charts = vec![("<img onerror=x>".to_string(), b"\x89PNG\r\n\x1a\n".to_vec())];
        let html = to_html(&draft, &|key: &str| format!("[{key}]"));
        assert!(!html.contains("<script>"), "wish not escaped");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("Lea <b>") && html.contains("Lea &lt;b&gt;"));
        assert!(html.contains("&quot;Huset&quot; &amp; co"));
        assert!(html.contains("Skole &lt;i&gt;hver&lt;/i&gt; dag"));
        assert!(html.contains("Ringede til mor &amp; Lea"));
        assert!(!html.contains("<img onerror") && html.contains("alt=\"&lt;img onerror=x&gt;\""));
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn labels_are_escaped_too() {
        let html = to_html(&empty_draft(), &|key: &str| {
            if key == "agenda-title" {
                "A & <B>".to_string()
            } else {
                key.to_string()
            }
        });
        assert!(html.contains("<h1>A &amp; &lt;B&gt;</h1>"));
    }

    #[test]
    fn the_html_is_a_self_contained_a4_document() {
        let html = to_html(&full_draft(), &fluent_labels(DA, "da"));
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"da\">"));
        assert!(html.ends_with("</html>\n"));
        assert!(html.contains("@page { size: A4;"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        // No external resources: the only URI is the embedded chart.
        for forbidden in [
            "http:", "https:", "<link", "<script", "@import", "src=\"/", "url(",
        ] {
            assert!(!html.contains(forbidden), "{forbidden}");
        }
        assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgpmYWtl\""));
        // Only PNGs are embedded.
        assert_eq!(html.matches("<figure>").count(), 1);
        assert!(!html.contains("Ikke et billede"));
    }

    #[test]
    fn a_low_or_falling_meeting_rating_is_highlighted() {
        let html = to_html(&full_draft(), &fluent_labels(DA, "da"));
        // Lea: 7 after 8 → highlighted; Mor: 9, first time → not.
        assert!(html.contains("<tr class=\"talk\"><td>Lea</td><td class=\"num\">7</td>"));
        assert!(html.contains("<tr><td>Mor (Anne)</td><td class=\"num\">9</td>"));
        assert_eq!(html.matches("class=\"talk\"").count(), 1);
    }

    #[test]
    fn an_empty_draft_still_renders_every_section() {
        let html = to_html(&empty_draft(), &fluent_labels(EN, "en"));
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        for key in [
            "agenda-goals-none",
            "agenda-alerts-none",
            "agenda-reports-none",
            "agenda-disagreements-none",
            "agenda-wishes-none",
            "agenda-ratings-none",
            "agenda-place-none",
            "agenda-participants-none",
            "agenda-period-all",
        ] {
            let text = escape(&fluent_labels(EN, "en")(key));
            assert!(html.contains(&text), "{key}");
        }
        assert!(!html.contains("<figure>"));
    }

    #[test]
    fn the_html_matches_the_snapshot() {
        let html = to_html(&full_draft(), &fluent_labels(DA, "da"));
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
        if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &html).unwrap();
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_SNAPSHOTS=1", path.display()));
        if html != expected {
            let line = html
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .map_or(html.lines().count().min(expected.lines().count()) + 1, |i| i + 1);
            panic!(
                "the agenda HTML differs from {SNAPSHOT} (first at line {line}); \
                 check the change and rerun with UPDATE_SNAPSHOTS=1"
            );
        }
    }

    #[test]
    fn dates_use_the_local_time_and_the_languages_names() {
        let da = to_html(&full_draft(), &fluent_labels(DA, "da"));
        assert!(da.contains("torsdag 3. december 2026 kl. 14.00"), "meeting time");
        assert!(da.contains("onsdag 2. december 2026 kl. 08.00"), "created");
        assert!(da.contains("3. september 2026"), "period");
        assert!(da.contains("12.10."), "alert date");
        let en = to_html(&full_draft(), &fluent_labels(EN, "en"));
        assert!(en.contains("Thursday 3 December 2026 at 14:00"));
        assert!(en.contains("Since the last meeting on 3 September 2026"));
    }

    #[test]
    fn numbers_get_the_languages_decimal_separator() {
        let da = |key: &str| {
            if key == "agenda-decimal-separator" {
                ",".into()
            } else {
                key.into()
            }
        };
        let l = Labels(&da);
        assert_eq!(l.number(4.5), "4,5");
        assert_eq!(l.number(4.0), "4");
        assert_eq!(l.number(2.25), "2,3");
        assert_eq!(optional_number(&l, None), "–");
    }

    #[test]
    fn the_summary_is_short_plain_text() {
        let text = summary_text(&full_draft(), &fluent_labels(DA, "da"));
        assert!(text.chars().count() <= SUMMARY_MAX_CHARS);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "📋 Udkast til dagsorden: Lea (K-7F2Q)");
        assert_eq!(
            lines[1],
            "Opfølgningsmøde · torsdag 3. december 2026 kl. 14.00 · Rådhuset, mødelokale 2"
        );
        assert_eq!(
            lines[2],
            "1. Jeg kommer i skole hver dag: Lea bedre, Mor (Anne) uændret, Mormor for få svar"
        );
        assert_eq!(
            lines[3],
            "2. Jeg har det godt derhjemme: Lea værre, Mor (Anne) værre"
        );
        assert_eq!(lines[4], "3. Jeg går til fodbold: Ingen svar i perioden.");
        assert!(text.contains("Alarmer: 2 · ikke vurderet: 1"), "{text}");
        assert!(text.contains("Meldinger: 3 · forskelle: 3"), "{text}");
        assert!(
            text.contains("Ønsker til mødet: 3 · personer med ønsker: 2"),
            "{text}"
        );
        assert!(text.contains("Mødevurderinger at tale om: 1"), "{text}");
        assert!(!text.contains('<'));
    }

    #[test]
    fn the_summary_stays_within_1500_characters_however_much_there_is() {
        let mut draft = full_draft();
        draft.nickname = "N".repeat(500);
        draft.place = Some("P".repeat(500));
        let template = draft.goals[0].clone();
        draft.goals = (1..=40)
            .map(|i| DraftGoal {
                position: i,
                wording: "W".repeat(300),
                ..template.clone()
            })
            .collect();
        let text = summary_text(&draft, &fluent_labels(DA, "da"));
        assert!(
            text.chars().count() <= SUMMARY_MAX_CHARS,
            "{}",
            text.chars().count()
        );
        assert!(text.ends_with(&fluent_labels(DA, "da")("agenda-summary-attached")));
    }

    #[test]
    fn the_file_name_is_ascii_and_dated() {
        let draft = full_draft();
        assert_eq!(
            file_name(&draft, &fluent_labels(DA, "da")),
            "dagsorden-K-7F2Q-2026-12-03.html"
        );
        assert_eq!(
            file_name(&draft, &|_: &str| "æøå".to_string()),
            "agenda-K-7F2Q-2026-12-03.html"
        );
    }

    /// Every key with its variables.
    fn keys_and_variables(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        use fluent_syntax::ast;
        fn pattern(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
            for element in &p.elements {
                if let ast::PatternElement::Placeable { expression } = element {
                    expr(expression, vars);
                }
            }
        }
        fn expr(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
            match e {
                ast::Expression::Select { selector, variants } => {
                    inline(selector, vars);
                    for v in variants {
                        pattern(&v.value, vars);
                    }
                }
                ast::Expression::Inline(i) => inline(i, vars),
            }
        }
        fn inline(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
            match i {
                ast::InlineExpression::VariableReference { id } => {
                    vars.insert(id.name.to_string());
                }
                ast::InlineExpression::Placeable { expression } => expr(expression, vars),
                ast::InlineExpression::FunctionReference { arguments, .. } => {
                    for a in &arguments.positional {
                        inline(a, vars);
                    }
                }
                _ => {}
            }
        }
        let resource = fluent_syntax::parser::parse(source).expect("catalogue parses without errors");
        let mut out = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern(p, &mut vars);
                }
                assert!(
                    out.insert(m.id.name.to_string(), vars).is_none(),
                    "duplicate key {}",
                    m.id.name
                );
            }
        }
        out
    }

    #[test]
    fn danish_and_english_catalogues_have_the_same_keys_and_variables() {
        let da = keys_and_variables(DA);
        let en = keys_and_variables(EN);
        let da_keys: BTreeSet<&String> = da.keys().collect();
        let en_keys: BTreeSet<&String> = en.keys().collect();
        assert_eq!(
            da_keys.symmetric_difference(&en_keys).collect::<Vec<_>>(),
            Vec::<&&String>::new()
        );
        for (key, vars) in &da {
            assert_eq!(Some(vars), en.get(key), "variables differ for {key}");
        }
    }

    #[test]
    fn every_label_the_renderer_asks_for_exists_without_variables() {
        let da = keys_and_variables(DA);
        let asked = RefCell::new(BTreeSet::new());
        let record = |key: &str| {
            asked.borrow_mut().insert(key.to_string());
            key.to_string()
        };
        let mut draft = full_draft();
        // Make every rule, decision, direction and kind appear.
        for (i, rule) in RuleKind::ALL.into_iter().enumerate() {
            draft.alerts.push(DraftAlert {
                rule,
                urgent: i % 2 == 0,
                assessment: Decision::ALL
                    .get(i % 5)
                    .map(|&decision| DraftAssessment { decision, note: None }),
                ..draft.alerts[0].clone()
            });
        }
        for kind in MeetingKind::ALL {
            draft.kind = kind;
            to_html(&draft, &record);
            summary_text(&draft, &record);
            file_name(&draft, &record);
        }
        to_html(&empty_draft(), &record);
        summary_text(&empty_draft(), &record);
        let asked = asked.into_inner();
        for key in &asked {
            let vars = da
                .get(key)
                .unwrap_or_else(|| panic!("{key} is missing from meetings.da.ftl"));
            assert!(
                vars.is_empty(),
                "{key} must not take variables: the renderer passes none"
            );
        }
        for expected in [
            "agenda-trend-better",
            "agenda-trend-worse",
            "agenda-trend-same",
            "agenda-trend-not-enough",
        ] {
            assert!(asked.contains(expected), "{expected}");
        }
        for n in 1..=7 {
            assert!(da.contains_key(&format!("agenda-weekday-{n}")));
        }
        for n in 1..=12 {
            assert!(da.contains_key(&format!("agenda-month-{n}")));
        }
    }
}
