//! The journal document (journaludskrift) for the municipality's case system: one
//! self-contained HTML page that prints on A4 (no external resources, every text escaped),
//! and the same data as JSON for import. The data is gathered by `store::journal`.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::agenda::{Labels, STYLE};
use super::html::escape as esc;
use crate::clock::from_millis;
use crate::domain::alert_rules::Facts;
use crate::i18n::{Args, Lang, Texts};
use crate::store::{Journal, OwnData};

/// The journal as JSON (for import into the case system).
pub fn to_json(journal: &Journal) -> String {
    serde_json::to_string_pretty(journal).unwrap_or_else(|_| "{}".into())
}

/// One person's own data as JSON.
pub fn own_data_json(data: &OwnData) -> String {
    serde_json::to_string_pretty(data).unwrap_or_else(|_| "{}".into())
}

/// The file name of a journal document: `journal-K-7F2Q.html`.
pub fn file_name(journal: &Journal, extension: &str) -> String {
    format!("journal-{}.{extension}", journal.case.code)
}

struct Ctx<'a> {
    texts: &'a Texts,
    lang: Lang,
    tz: Tz,
}

impl Ctx<'_> {
    fn t(&self, key: &str) -> String {
        self.texts.t(self.lang, key)
    }

    fn h(&self, key: &str) -> String {
        esc(&self.t(key))
    }

    fn when(&self, at: DateTime<Utc>) -> String {
        let lookup = |key: &str| self.texts.t(self.lang, key);
        Labels(&lookup).datetime("agenda-datetime-format", at, self.tz)
    }

    fn when_ms(&self, at: i64) -> String {
        self.when(from_millis(at))
    }

    fn date(&self, day: &str) -> String {
        match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            Ok(date) => {
                let at = date
                    .and_hms_opt(12, 0, 0)
                    .map(|t| t.and_utc())
                    .unwrap_or_default();
                let lookup = |key: &str| self.texts.t(self.lang, key);
                Labels(&lookup).datetime("agenda-date-format", at, self.tz)
            }
            Err(_) => day.to_string(),
        }
    }

    fn key(&self, prefix: &str, key: &str) -> String {
        self.t(&format!("{prefix}{key}"))
    }
}

/// "mormor (Inge)", "ung (Lea)": how the journal names a participant, like the chat does.
fn who(cx: &Ctx<'_>, journal: &Journal, participant: Option<i64>) -> String {
    let Some(p) = participant.and_then(|id| journal.participants.iter().find(|p| p.id == id)) else {
        return cx.t("journal-nobody");
    };
    let what = p.relation.clone().unwrap_or_else(|| cx.key("role-", &p.role));
    let name = match (&p.name, p.role.as_str()) {
        (Some(name), _) => Some(name.clone()),
        (None, "youth") => Some(journal.case.nickname.clone()),
        _ => None,
    };
    match name {
        Some(name) => format!("{what} ({name})"),
        None => what,
    }
}

fn goal_name(cx: &Ctx<'_>, journal: &Journal, goal: Option<i64>) -> String {
    match goal.and_then(|id| journal.goals.iter().find(|g| g.id == id)) {
        Some(g) => format!("{}. {}", g.position, g.youth_text),
        None => cx.t("journal-overall"),
    }
}

/// The numbers behind an alert, in words: "seneste svar 3 · før 7 · sædvanligvis 7".
fn facts_line(cx: &Ctx<'_>, facts: &serde_json::Value) -> String {
    let facts: Facts = serde_json::from_value(facts.clone()).unwrap_or_default();
    let number = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}").replace('.', &cx.t("agenda-decimal-separator"))
        }
    };
    let mut parts = Vec::new();
    let mut part = |key: &str, value: String| {
        parts.push(cx.texts.ta(cx.lang, key, Args::new().with("value", value)));
    };
    if let Some(v) = facts.latest {
        part("journal-fact-latest", v.to_string());
    }
    if let Some(v) = facts.previous {
        part("journal-fact-previous", v.to_string());
    }
    if let Some(v) = facts.baseline {
        part("journal-fact-baseline", number(v));
    }
    if !facts.recent.is_empty() {
        let recent: Vec<String> = facts.recent.iter().map(i32::to_string).collect();
        part("journal-fact-recent", recent.join(" → "));
    }
    if let Some(v) = facts.missed_in_a_row {
        part("journal-fact-missed", v.to_string());
    }
    if let Some(category) = &facts.danger_category {
        part("journal-fact-danger", cx.key("danger-category-", category));
    }
    if let Some(signal) = &facts.signal {
        part("journal-fact-signal", signal.clone());
    }
    parts.join(" · ")
}

fn section(h: &mut String, cx: &Ctx<'_>, key: &str) {
    h.push_str(&format!("<h2>{}</h2>\n", cx.h(key)));
}

fn empty(h: &mut String, cx: &Ctx<'_>) {
    h.push_str(&format!("<p class=\"muted\">{}</p>\n", cx.h("journal-none")));
}

fn table_head(h: &mut String, cx: &Ctx<'_>, keys: &[&str]) {
    h.push_str("<table>\n<tr>");
    for key in keys {
        h.push_str(&format!("<th>{}</th>", cx.h(key)));
    }
    h.push_str("</tr>\n");
}

fn row(h: &mut String, cells: &[String]) {
    h.push_str("<tr>");
    for cell in cells {
        h.push_str(&format!("<td>{cell}</td>"));
    }
    h.push_str("</tr>\n");
}

/// The journal as one printable HTML document.
pub fn to_html(journal: &Journal, texts: &Texts, lang: Lang, tz: Tz) -> String {
    let cx = Ctx { texts, lang, tz };
    let case = &journal.case;
    let mut h = String::with_capacity(32 * 1024);
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        cx.h("journal-title"),
        esc(&case.code)
    ));
    h.push_str(&format!(
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{} · {}</p>\n<p class=\"note\">{}</p>\n</header>\n",
        cx.h("journal-title"),
        esc(&case.nickname),
        esc(&case.code),
        cx.h("journal-note")
    ));

    // Facts about the case.
    h.push_str("<table class=\"facts\">\n");
    let fact = |h: &mut String, key: &str, value: String| {
        h.push_str(&format!("<tr><th>{}</th><td>{value}</td></tr>\n", cx.h(key)));
    };
    fact(&mut h, "journal-caseworker", esc(&case.caseworker));
    if let Some(team) = &case.team {
        fact(&mut h, "journal-team", esc(team));
    }
    fact(
        &mut h,
        "journal-status",
        esc(&cx.key("journal-case-status-", &case.status)),
    );
    fact(&mut h, "journal-created", esc(&cx.when_ms(case.created_at)));
    if let Some(closed) = case.closed_at {
        let reason = case
            .close_reason
            .as_deref()
            .map(|r| cx.key("close-reason-", r))
            .unwrap_or_default();
        fact(
            &mut h,
            "journal-closed",
            esc(&format!("{} · {reason}", cx.when_ms(closed))),
        );
    }
    let period = match (journal.period.from, journal.period.to) {
        (None, None) => cx.t("journal-period-all"),
        (from, to) => format!(
            "{} – {}",
            from.map(|t| cx.when(t)).unwrap_or_default(),
            to.map(|t| cx.when(t)).unwrap_or_default()
        ),
    };
    fact(&mut h, "journal-period", esc(&period));
    fact(&mut h, "journal-made", esc(&cx.when(journal.made_at)));
    if let Some(s) = &journal.statutory {
        let started = s
            .support_started_on
            .as_deref()
            .map(|d| cx.date(d))
            .unwrap_or_default();
        fact(
            &mut h,
            "journal-statutory",
            esc(&cx.texts.ta(
                lang,
                "journal-statutory-line",
                Args::new()
                    .with("started", started)
                    .with("due", cx.date(&s.due_on)),
            )),
        );
    }
    h.push_str("</table>\n");

    // Participants with their join and leave dates.
    section(&mut h, &cx, "journal-participants");
    if journal.participants.is_empty() {
        empty(&mut h, &cx);
    } else {
        table_head(
            &mut h,
            &cx,
            &[
                "journal-who",
                "journal-invited",
                "journal-joined",
                "journal-left",
                "journal-state",
            ],
        );
        for p in &journal.participants {
            row(
                &mut h,
                &[
                    esc(&who(&cx, journal, Some(p.id))),
                    esc(&cx.when_ms(p.invited_at)),
                    esc(&p.joined_at.map(|t| cx.when_ms(t)).unwrap_or_default()),
                    esc(&p.left_at.map(|t| cx.when_ms(t)).unwrap_or_default()),
                    esc(&cx.key("status-", &p.status)),
                ],
            );
        }
        h.push_str("</table>\n");
    }

    // Goals and their wording history.
    section(&mut h, &cx, "journal-goals");
    if journal.goals.is_empty() {
        empty(&mut h, &cx);
    }
    for g in &journal.goals {
        h.push_str(&format!(
            "<h3>{}. {} <span class=\"muted\">({} · {})</span></h3>\n",
            g.position,
            esc(&g.youth_text),
            esc(&cx.key("area-", &g.area)),
            esc(&cx.key("scale-name-", &g.scale))
        ));
        if let Some(network) = &g.network_text {
            h.push_str(&format!(
                "<p>{} {}</p>\n",
                cx.h("journal-network-wording"),
                esc(network)
            ));
        }
        if g.wordings.len() > 1 {
            h.push_str(&format!(
                "<p class=\"muted\">{}</p>\n<ul>\n",
                cx.h("journal-wording-history")
            ));
            for w in &g.wordings {
                h.push_str(&format!(
                    "<li>{} · {}: {}</li>\n",
                    esc(&cx.when_ms(w.at)),
                    esc(&cx.key("journal-audience-", &w.audience)),
                    esc(w.text.as_deref().unwrap_or(""))
                ));
            }
            h.push_str("</ul>\n");
        }
    }

    // Every answer by respondent.
    section(&mut h, &cx, "journal-answers");
    if journal.answers.is_empty() {
        empty(&mut h, &cx);
    } else {
        table_head(
            &mut h,
            &cx,
            &["journal-who", "journal-goal", "journal-asked", "journal-answer"],
        );
        for a in &journal.answers {
            let answer = match (a.status.as_str(), a.value) {
                ("answered", Some(v)) => format!(
                    "{v} <span class=\"muted\">({})</span>",
                    esc(&a.answered_at.map(|t| cx.when_ms(t)).unwrap_or_default())
                ),
                (status, _) => esc(&cx.key("journal-answer-", status)),
            };
            row(
                &mut h,
                &[
                    esc(&who(&cx, journal, Some(a.participant_id))),
                    esc(&goal_name(&cx, journal, Some(a.goal_id))),
                    esc(&cx.when_ms(a.asked_at)),
                    answer,
                ],
            );
        }
        h.push_str("</table>\n");
    }

    // Alerts with rule, numbers and the documented assessment.
    section(&mut h, &cx, "journal-alerts");
    if journal.alerts.is_empty() {
        empty(&mut h, &cx);
    }
    for a in &journal.alerts {
        let urgent = if a.urgency == "urgent" {
            format!(" <span class=\"urgent\">{}</span>", cx.h("journal-urgent"))
        } else {
            String::new()
        };
        h.push_str(&format!(
            "<h3>{} · {}{urgent}</h3>\n<p>{} · {}</p>\n",
            esc(&cx.when(a.raised_at)),
            esc(&cx.key("rule-", &a.rule)),
            esc(&who(&cx, journal, a.participant_id)),
            esc(&goal_name(&cx, journal, a.goal_id))
        ));
        let facts = facts_line(&cx, &a.facts);
        if !facts.is_empty() {
            h.push_str(&format!("<p>{}</p>\n", esc(&facts)));
        }
        if let Some(escalated) = a.escalated_at {
            h.push_str(&format!(
                "<p class=\"muted\">{} {}</p>\n",
                cx.h("journal-escalated"),
                esc(&cx.when(escalated))
            ));
        }
        if a.assessments.is_empty() {
            let key = if a.status == "replaced" {
                "journal-alert-replaced"
            } else {
                "journal-not-assessed"
            };
            h.push_str(&format!("<p class=\"open\">{}</p>\n", cx.h(key)));
        }
        for s in &a.assessments {
            let reason = s
                .reason
                .as_deref()
                .map(|r| format!(" {} «{}»", cx.h("journal-reason"), esc(r)))
                .unwrap_or_default();
            h.push_str(&format!(
                "<p>{} <strong>{}</strong> · {} · {}{reason}</p>\n",
                cx.h("journal-assessment"),
                esc(&cx.key("decision-", &s.decision)),
                esc(&s.staff),
                esc(&cx.when_ms(s.at))
            ));
        }
    }

    // Reports and free texts.
    section(&mut h, &cx, "journal-reports");
    if journal.reports.is_empty() && journal.notes.is_empty() {
        empty(&mut h, &cx);
    } else {
        table_head(&mut h, &cx, &["journal-when", "journal-who", "journal-what"]);
        for r in &journal.reports {
            let text = r
                .text
                .as_deref()
                .map(|t| format!(": «{}»", esc(t)))
                .unwrap_or_default();
            row(
                &mut h,
                &[
                    esc(&cx.when_ms(r.at)),
                    esc(&who(&cx, journal, Some(r.participant_id))),
                    format!(
                        "{} {} · {}{text}",
                        cx.h("journal-report"),
                        esc(&cx.key("journal-direction-", &r.direction)),
                        esc(&goal_name(&cx, journal, r.goal_id))
                    ),
                ],
            );
        }
        for n in &journal.notes {
            let danger = n
                .danger
                .as_deref()
                .map(|d| {
                    format!(
                        " <span class=\"urgent\">{}</span>",
                        esc(&cx.key("danger-category-", d))
                    )
                })
                .unwrap_or_default();
            row(
                &mut h,
                &[
                    esc(&cx.when_ms(n.at)),
                    esc(&who(&cx, journal, Some(n.participant_id))),
                    format!("«{}»{danger}", esc(&n.text)),
                ],
            );
        }
        h.push_str("</table>\n");
    }

    // Meetings with agenda, wishes and outcome.
    section(&mut h, &cx, "journal-meetings");
    if journal.meetings.is_empty() {
        empty(&mut h, &cx);
    }
    for m in &journal.meetings {
        let place = m
            .place
            .as_deref()
            .map(|p| format!(" · {}", esc(p)))
            .unwrap_or_default();
        h.push_str(&format!(
            "<h3>{} · {}{place}</h3>\n<p>{}",
            esc(&cx.key("meeting-kind-", &m.kind)),
            esc(&cx.when(m.at)),
            esc(&cx.key("journal-meeting-status-", &m.status)),
        ));
        if let Some(sent) = m.agenda_sent_at {
            h.push_str(&format!(
                " · {} {}",
                cx.h("journal-agenda-sent"),
                esc(&cx.when(sent))
            ));
        }
        h.push_str("</p>\n");
        if !m.invitees.is_empty() {
            table_head(
                &mut h,
                &cx,
                &[
                    "journal-who",
                    "journal-wishes",
                    "journal-attended",
                    "journal-rating",
                ],
            );
            for i in &m.invitees {
                let wishes = i.wishes.iter().map(|w| esc(w)).collect::<Vec<_>>().join("<br>");
                let rating = match (i.rating, &i.rating_comment) {
                    (Some(r), Some(c)) => format!("{r}: «{}»", esc(c)),
                    (Some(r), None) => r.to_string(),
                    (None, _) => String::new(),
                };
                let attended = if i.attended { "journal-yes" } else { "journal-no" };
                row(
                    &mut h,
                    &[
                        esc(&who(&cx, journal, Some(i.participant_id))),
                        wishes,
                        cx.h(attended),
                        rating,
                    ],
                );
            }
            h.push_str("</table>\n");
        }
    }

    // Follow-up calls with notes.
    section(&mut h, &cx, "journal-calls");
    if journal.calls.is_empty() {
        empty(&mut h, &cx);
    } else {
        table_head(
            &mut h,
            &cx,
            &[
                "journal-who",
                "journal-call-reason",
                "journal-due",
                "journal-outcome",
            ],
        );
        for c in &journal.calls {
            let mut outcome = cx.key("journal-call-status-", &c.status);
            if let Some(o) = &c.outcome {
                outcome = format!("{outcome} · {}", cx.key("journal-call-outcome-", o));
            }
            if let Some(done) = c.done_at {
                outcome = format!("{outcome} · {}", cx.when_ms(done));
            }
            let note = c
                .note
                .as_deref()
                .map(|n| format!("<br>«{}»", esc(n)))
                .unwrap_or_default();
            row(
                &mut h,
                &[
                    esc(&who(&cx, journal, Some(c.participant_id))),
                    esc(&cx.key("call-reason-", &c.reason)),
                    esc(&cx.date(&c.due_on)),
                    format!("{}{note}", esc(&outcome)),
                ],
            );
        }
        h.push_str("</table>\n");
    }

    h.push_str(&format!(
        "<footer>{}</footer>\n</body>\n</html>\n",
        cx.h("journal-footer")
    ));
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Period, journal_fixture};

    #[test]
    fn the_journal_escapes_every_text_and_needs_nothing_from_outside() {
        let journal = journal_fixture("<script>alert(1)</script> & «Lea»");
        let html = to_html(&journal, &Texts::get(), Lang::Da, chrono_tz::Europe::Copenhagen);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; «Lea»"));
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
        assert!(html.contains("@page { size: A4"));
        assert!(html.contains("Ingen handling"), "{html}");
        let json: serde_json::Value = serde_json::from_str(&to_json(&journal)).unwrap();
        assert_eq!(json["alerts"][0]["assessments"][0]["decision"], "no_action");
        assert_eq!(json["period"], serde_json::to_value(Period::default()).unwrap());
    }
}
