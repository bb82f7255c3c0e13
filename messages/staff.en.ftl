# Staff: leaving, handover and absence.

## Deactivated staff member

staff-deactivated = Your access to Tæt kontakt has been closed, so I cannot do anything for you here. If this is a mistake, please contact your team leader.
staff-cases-taken-over = { $name } is no longer active in Tæt kontakt. You have taken over { $count ->
        [one] the case
       *[other] the { $count } cases
    } below until { $count ->
        [one] it is
       *[other] they are
    } handed over to a new caseworker. Open alerts and calls came along.
staff-cases-taken-over-line = • { $code } · { $nickname }{ $alerts ->
        [0] {""}
        [one] {" "}– 1 open alert
       *[other] {" "}– { $alerts } open alerts
    }
staff-cases-taken-over-hint = Hand a case over with /overdrag. See your open alerts with /alarmer.

## /overdrag

flow-cancel-button = ✖️ Cancel
handover-ask-colleague = Who should take over { $code } ({ $nickname })?
handover-unknown-colleague = I cannot find that colleague in the team. Choose who should take over { $code } ({ $nickname }):
handover-no-colleagues = There are no active colleagues in the team to hand { $code } ({ $nickname }) over to. Colleagues must have signed in with their invitation link first.
handover-colleague-leader = { $name } (team leader)
handover-done = { $code } ({ $nickname }) has been handed over to { $to }. { $to } got a short overview of the case. Open alerts and calls came along.
handover-previous-told = { $code } ({ $nickname }) was handed over to { $to } by your team leader. You no longer have access to the case.
handover-summary-title = 📂 The case { $code } ({ $nickname }) has been handed over to you by { $from }.
handover-summary-title-plain = 📂 The case { $code } ({ $nickname }) has been handed over to you.
handover-summary-alerts = • Open alerts: { $count ->
        [0] none
       *[other] { $count } – assess them with /alarmer
    }
handover-summary-meeting = • Next meeting: { $when }
handover-summary-no-meeting = none planned
handover-summary-calls = • Overdue calls: { $count ->
        [0] none
       *[other] { $count } – see them with /opkald
    }
handover-summary-hint = See the whole case with /sag { $code }.

## /fravaer

absence-day = { $weekday } { $day } { $month }
absence-usage = Write /fravaer <from> <to>, e.g. /fravaer 24.12 3.1. If a particular colleague should cover, add the name at the end: /fravaer 24.12 3.1 Anne.
absence-created = Your absence is registered from { $from } to { $to }. During that time, new alerts and the daily overview for your cases go to { $cover }. Afterwards they come to you again.
absence-cover-told = { $name } is away from { $from } to { $to }. During that time you get new alerts and the daily overview for { $owner } cases.
absence-cover-ended = { $name } is back. New alerts for { $owner } cases go to { $name } again.
absence-end-button = End the absence now
absence-end-button-for = End the absence { $from } – { $to }
absence-none = You have not registered any absence. Write /fravaer <from> <to>, e.g. /fravaer 24.12 3.1.
absence-list-title = Your absence:
absence-list-line = • { $from } to { $to }: { $cover } covers.
absence-list-line-now = • Now, from { $from } up to and including { $to }: { $cover } covers.
absence-ended = Your absence is over. New alerts and the daily overview come to you again.
absence-already-ended = That absence has already ended.
absence-overlaps = You already have an absence in that period. Write /fravaer to see it or end it.
absence-no-leader = I cannot find an active team leader in your team to cover. Add a colleague's name at the end, e.g. /fravaer 24.12 3.1 Anne.
absence-unknown-colleague = I cannot find an active colleague in your team called { $name }. Check the spelling.
absence-from-malformed = I do not understand the first date. Write e.g. 24.12 or 2026-12-24.
absence-to-malformed = I do not understand the last date. Write e.g. 3.1 or 2027-01-03.
absence-from-no-such-date = The first date does not exist. Check the day and month.
absence-to-no-such-date = The last date does not exist. Check the day and month.
absence-from-in-past = The first date has passed. Write a date from today on.
absence-to-in-past = The last date has passed.
absence-too-far = That date is too far ahead. Write a date within a year.
absence-ends-before-start = The last day is before the first. Write first when you leave, then when you are back.
absence-too-long = The absence is too long. You can register at most { $days } days at a time. For a longer absence, your team leader can hand the cases over with /overdrag.

## Overview, help and menu

digest-covering = Also here: the cases of { $names }, whom you are covering for.
help-staff-changes =
    • /overdrag <code> <colleague> – hand a case over to a colleague in the team
    • /fravaer <from> <to> [colleague] – who gets your alerts while you are away
menu-overdrag = Hand a case over to a colleague
menu-fravaer = Absence: who covers for you

## Command line (taetkontakt staff)

cli-staff-role-caseworker = caseworker
cli-staff-role-teamleader = team leader
cli-staff-active = active
cli-staff-deactivated = deactivated
cli-staff-no-team = (no team)
cli-staff-none = There are no staff members yet. Create the first with taetkontakt invite-staff.
cli-staff-deactivated-done = { $name } (id { $id }) is deactivated and no longer has access.
cli-staff-cases-moved = { $count ->
        [one] One case went
       *[other] { $count } cases went
    } to team leader { $leader } (id { $leaderid }) until handed over: { $codes }
cli-staff-reactivated-done = { $name } (id { $id }) is active again. Earlier cases stay where they are; the team leader can hand them back with /overdrag.
report-file-caption = Management report – the whole report
report-file-name = management-report
