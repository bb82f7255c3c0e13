//! The report as plain text, for the terminal and the chat.

use std::fmt::Write as _;

use super::{BREAKDOWN_COLUMNS, breakdown_cells, hours_text, period_text, share_text};
use crate::domain::report::ManagementReport;

/// "label value · label value …" for one line of the text report.
fn labelled(l: &dyn Fn(&str) -> String, fields: &[(&str, String)]) -> String {
    fields
        .iter()
        .map(|(key, value)| format!("{} {value}", l(key)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The chat's short answer to `/ledelse`, five lines that fit one phone screen: the title, the
/// period, cases and goals, progression per goal, and that the whole report is attached.
pub fn summary_text(report: &ManagementReport, labels: &dyn Fn(&str) -> String) -> String {
    let l = labels;
    let g = &report.overall;
    let progression = g
        .progression
        .goals
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                l(&format!("mgmt-progression-{}", c.progression.key())),
                c.goals.display()
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    [
        format!("📊 {}", l("mgmt-title")),
        period_text(report, l),
        labelled(
            l,
            &[
                ("mgmt-active-cases", g.plans.active_cases.display()),
                ("mgmt-goals", g.plans.goals.display()),
            ],
        ),
        progression,
        l("mgmt-summary-attached"),
    ]
    .join("\n")
}

/// Plain text for the terminal and the chat: the whole in full, then key figures per team and
/// caseworker.
pub fn to_text(report: &ManagementReport, labels: &dyn Fn(&str) -> String) -> String {
    let l = labels;
    let sep = l("mgmt-decimal-separator");
    let g = &report.overall;
    let mut out = String::new();
    let _ = writeln!(out, "{}", l("mgmt-title"));
    let _ = writeln!(out, "{}", period_text(report, l));
    let _ = writeln!(out, "{}", l("mgmt-privacy-note"));

    let p = &g.plans;
    let _ = writeln!(out, "\n{}", l("mgmt-section-plans"));
    let _ = writeln!(out, "  {}: {}", l("mgmt-active-cases"), p.active_cases.display());
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-cases-with-goals"),
        p.cases_with_goals.display()
    );
    let _ = writeln!(out, "  {}: {}", l("mgmt-goals"), p.goals.display());
    let _ = writeln!(out, "  {}: {}", l("mgmt-own-words"), share_text(&p.own_words, l));
    let _ = writeln!(
        out,
        "  {} · {} · {}",
        l("mgmt-area"),
        l("mgmt-cases"),
        l("mgmt-goals")
    );
    for a in &p.areas {
        let _ = writeln!(
            out,
            "  {} · {} · {}",
            l(&format!("mgmt-area-{}", a.area)),
            a.cases.display(),
            a.goals.display()
        );
    }

    let pr = &g.progression;
    let _ = writeln!(out, "\n{}", l("mgmt-section-progression"));
    for c in &pr.goals {
        let key = format!("mgmt-progression-{}", c.progression.key());
        let _ = writeln!(out, "  {}: {}", l(&key), c.goals.display());
    }
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-youth-measurable"),
        pr.youth_measurable.display()
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-youth-better"),
        share_text(&pr.youth_better, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-youth-worse"),
        share_text(&pr.youth_worse, l)
    );
    let _ = writeln!(out, "  {}", l("mgmt-progression-note"));

    let _ = writeln!(out, "\n{}", l("mgmt-section-engagement"));
    for c in &g.engagement.checkins {
        let fields = labelled(
            l,
            &[
                ("mgmt-checkin-sent", c.sent.display()),
                ("mgmt-checkin-answered", c.answered.display()),
                ("mgmt-checkin-skipped", c.skipped.display()),
                ("mgmt-checkin-missed", c.missed.display()),
                ("mgmt-checkin-open", c.open.display()),
                ("mgmt-checkin-answer-rate", c.answered_share.display_percent()),
            ],
        );
        let _ = writeln!(
            out,
            "  {} – {}: {fields}",
            l(&format!("mgmt-role-{}", c.role)),
            l("mgmt-checkins")
        );
        if c.not_sent.shown() != Some(0) {
            let _ = writeln!(
                out,
                "    {}: {}",
                l("mgmt-checkin-not-sent"),
                c.not_sent.display()
            );
        }
    }
    for r in &g.engagement.participants {
        let fields = labelled(
            l,
            &[
                ("mgmt-participant-active", r.active.display()),
                ("mgmt-participant-invited", r.invited.display()),
                ("mgmt-participant-paused", r.paused.display()),
                ("mgmt-participant-stopped", r.stopped.display()),
                ("mgmt-participant-blocked", r.blocked.display()),
            ],
        );
        let _ = writeln!(
            out,
            "  {} – {}: {fields}",
            l(&format!("mgmt-role-{}", r.role)),
            l("mgmt-participants")
        );
    }

    let f = &g.follow_up;
    let _ = writeln!(out, "\n{}", l("mgmt-section-follow-up"));
    let _ = writeln!(out, "  {}: {}", l("mgmt-alerts-total"), f.alerts_total.display());
    for r in &f.alerts {
        let _ = writeln!(
            out,
            "    {}: {}",
            l(&format!("mgmt-rule-{}", r.rule.key())),
            r.alerts.display()
        );
    }
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-assessed-within-48h"),
        share_text(&f.assessed_within_48h, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-unassessed-over-48h"),
        f.unassessed_over_48h.display()
    );
    let _ = writeln!(
        out,
        "  {} ({}): {}",
        l("mgmt-hours-to-assessment"),
        l("mgmt-median"),
        hours_text(&f.hours_to_assessment, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-calls-within-14-days"),
        share_text(&f.calls_within_14_days, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-statutory-on-time"),
        share_text(&f.statutory_on_time, l)
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-meetings-held"),
        f.meetings_held.display()
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        l("mgmt-agenda-before"),
        share_text(&f.agenda_before, l)
    );
    let _ = writeln!(
        out,
        "  {} ({}): {} ({} {})",
        l("mgmt-meeting-rating"),
        l("mgmt-median"),
        f.meeting_rating.display(&sep),
        f.meeting_rating.n.display(),
        l("mgmt-ratings")
    );

    if !report.teams.is_empty() || !report.caseworkers.is_empty() {
        let _ = writeln!(out, "\n{}", l("mgmt-section-breakdown"));
        for group in report.teams.iter().chain(&report.caseworkers) {
            let cells = breakdown_cells(group);
            let line = BREAKDOWN_COLUMNS
                .iter()
                .zip(cells)
                .map(|(key, value)| format!("{} {value}", l(key)))
                .collect::<Vec<_>>()
                .join(" · ");
            let _ = writeln!(out, "  {}: {line}", group.group.display(l));
        }
    }
    if report.skipped_rows.shown() != Some(0) {
        let _ = writeln!(
            out,
            "\n{}: {}",
            l("mgmt-skipped-rows"),
            report.skipped_rows.display()
        );
    }
    out
}
