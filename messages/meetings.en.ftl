# Tæt kontakt — meetings, follow-up calls, statutory follow-up and daily digest (English).
# Short, warm sentences. No CPR numbers, full names or diagnoses.
#
# The agenda-* keys are used by the agenda draft (src/render/agenda.rs) and take no
# variables. Date patterns: %A weekday, %d day, %m month number, %B month, %Y year,
# %H hour and %M minute (two digits), %% a percent sign.

## Meeting kinds

meeting-kind-kaffe = Coffee meeting
meeting-kind-opstart = Start-up meeting
meeting-kind-handleplan = Plan meeting
meeting-kind-opfoelgning = Follow-up meeting
meeting-kind-netvaerk = Network meeting
menu-moede = Plan a meeting

## The caseworker plans a meeting (/moede)

meeting-usage =
    Send e.g. /moede K-7F2Q opfoelgning 3/12 14:00 Rådhuset
    Types: kaffe, opstart, handleplan, opfoelgning or netvaerk.
    Date: 3/12 or 2026-12-03.
    Time: 14:00, 14.00 or 14.
    You can leave out the place.
meeting-ask-kind = What kind of meeting?
meeting-ask-date = Which day is the meeting? For example 3/12 (day/month) or 2026-12-03.
meeting-ask-time = What time? For example 14:00, 14.00 or 14.
meeting-ask-place = Where is the meeting? Write the place, or tap "Skip".
meeting-skip-place = Skip
meeting-unknown-kind = I don't know that kind of meeting. Choose one of: { $kinds }.
meeting-date-malformed = I don't understand that date. Write for example 3/12 or 2026-12-03.
meeting-date-no-such-date = That date doesn't exist. Check the day and month.
meeting-date-in-past = That date has passed. Choose today or a later date.
meeting-date-too-far = That is too far ahead. A meeting can be planned at most { $days } days ahead.
meeting-time-malformed = I don't understand that time. Write for example 14:00, 14.00 or 14.
meeting-time-no-such-time = That time doesn't exist. Write for example 14:00.
meeting-time-in-past = That time has already passed today.
meeting-place-too-long = The place is too long. At most { $max } characters.
meeting-created = 🗓 { $kind } for { $nickname } ({ $code }) is planned for { $when }. Place: { $place }.
meeting-place-none = not given
meeting-agenda-scheduled = The agenda goes to { $count ->
        [one] one participant
       *[other] { $count } participants
    } { $at }. You get a draft the day before.
meeting-agenda-now = The meeting is less than { $days } days away. So the agenda goes to { $count ->
        [one] one participant
       *[other] { $count } participants
    } right away.
meeting-no-participants = Nobody in the case is active yet, so the agenda goes to no one. You still get a draft the day before.
meeting-not-found = I can't find that meeting.
meeting-list-title = Your planned meetings ({ $count }):
meeting-list-line = • { $when } · { $kind } · { $code } ({ $nickname })
meeting-list-none = You have no planned meetings.

## The agenda for the participants

meeting-agenda =
    Hi! You are invited to a { $kind }{ $reader ->
        [youth] {""}
       *[adult] {" "}about { $nickname }
    }.
    🗓 { $when }
    📍 { $place }
    👥 Present: { $participants }
    The main question at the meeting is:
    What would we like to see happen?
meeting-main-question = What would we like to see happen?
meeting-agenda-ask-wishes = Would you like to write up to { $max } things you would like to see happen? Tap the button below. { $reader ->
       *[youth] Your caseworker
        [adult] The caseworker
    } brings them to the meeting.
checkin-meeting-label = 📋 For the meeting · goal { $n } of { $total }
checkin-meeting-heading = 📋 For the meeting
checkin-meeting-rated = ✓ { $goal }: { $value }
checkin-meeting-skipped = skipped
checkin-meeting-done = Thank you! Your caseworker takes your numbers to the meeting.
meeting-agenda-ask-ratings = In the message below you can also give each goal a number: how are things right now, in your view? It belongs to the meeting. It is not an extra check-in.
meeting-wishes-saved = Thank you! You have written { $count } of { $max } things. Write one more, or tap Done.
meeting-wishes-saved-full = Thank you! You have written all { $max } things. The caseworker brings them to the meeting.
meeting-wish-button = ✍️ Write what you want to see happen
meeting-wishes-write = Write what you would like to see happen. One thing per line, or one message at a time. You can write { $room } more (at most { $max } in all).
meeting-wishes-done-button = Done
meeting-wishes-done = Thank you. Your caseworker brings your wishes to the meeting. If you write more now, it goes to your caseworker as a normal message.
meeting-wishes-full = You have written all your wishes for the meeting. If you write more now, it goes to your caseworker as a normal message.
meeting-wishes-closed = You can no longer send wishes for that meeting.
meeting-wishes-too-many = That is more than { $max } things. Pick the most important – you can add { $room } more.
meeting-wish-too-long = That is a bit long. At most { $max } characters per thing.
meeting-agenda-reminder = A small reminder: there is a { $kind }{ $reader ->
        [youth] {""}
       *[adult] {" "}about { $nickname }
    } { $when }. What would you like to see happen? Tap the button if you want to write up to { $max } things.
meeting-moved-notice = The meeting{ $reader ->
        [youth] {""}
       *[adult] {" "}about { $nickname }
    } has moved. New time: { $when }.
meeting-cancelled-notice = The { $kind }{ $reader ->
        [youth] {""}
       *[adult] {" "}about { $nickname }
    } { $when } is cancelled. { $reader ->
       *[youth] Your caseworker
        [adult] The caseworker
    } will let you know about a new meeting.

## After the meeting: the caseworker

meeting-ask-outcome = Was the meeting held? { $kind } in { $code } ({ $nickname }) { $when }.
meeting-outcome-held = Held
meeting-outcome-cancelled = Cancelled
meeting-outcome-moved = Moved
meeting-ask-new-time = When has the meeting moved to? Write the date and time, for example 10/12 14:00.
meeting-marked-held = Thank you! The meeting is registered as held.
meeting-marked-cancelled = The meeting is registered as cancelled. The participants are told.
meeting-marked-moved = The meeting has moved to { $when }. Everyone gets the new agenda.
meeting-already-held = That meeting is already registered as held.
meeting-already-cancelled = That meeting is already registered as cancelled.
meeting-not-started = The meeting hasn't started yet. You can register it once it has been held.
meeting-ask-attendance = Who came to the meeting? Tap those who didn't come, then tap "Done".
meeting-held-on-desk = The meeting in { $code } ({ $nickname }) { $when } is marked as held on the desk.
meeting-attended-yes = ✓ { $who }
meeting-attended-no = ✗ { $who }
meeting-attendance-done = Done
meeting-ask-call-youth = Do you also want a task to call { $nickname } within 14 days? It is offered to young people from 15.
meeting-yes = Yes
meeting-no = No
meeting-calls-created = { $count ->
        [one] One call task created.
       *[other] { $count } call tasks created.
    } Call by { $due }.
meeting-ask-next-follow-up = When must the next follow-up be held at the latest? Tap the button, or write a date.
meeting-next-follow-up-default = In { $months } months, { $date }
meeting-next-follow-up-set = The next follow-up in { $code } ({ $nickname }) must be held by { $date }.
meeting-draft-file-caption = Draft agenda for { $code } ({ $nickname }). Ready to print.

## After the meeting: the participants ("How was the meeting for you?")

meeting-rating-question = How was the meeting for you? Tap a number from 0 to 10.
meeting-rating-ends = 0 = not good at all · 10 = really good
meeting-rating-ask-comment = Thank you! Would you like to say a bit more? Write it here, or tap "No thanks".
meeting-rating-no-comment = No thanks
meeting-rating-thanks = Thank you for your answer. Your caseworker can see it.
meeting-rating-closed = That question is closed. Thank you anyway!

## Follow-up calls

call-task-created = 📞 Call { $who } in { $code } ({ $nickname }) by { $due }.
call-contact-request = 📞 { $who } in { $code } ({ $nickname }) would like a call. Call by { $due }.
call-guide-heading = Questions for the call:
call-question-started = Has the support got started?
call-question-helps = Is it helping things develop well?
call-question-news = Has anything new happened?
call-question-contact = How would you like us to keep in touch from now on?
call-reminder-day10 = ⏰ Remember to call { $who } in { $code } ({ $nickname }). By { $due }.
call-reminder-due_day = ⏰ Today: call { $who } in { $code } ({ $nickname }).
call-outcome-called = Called
call-outcome-not_reached = Not reached
call-outcome-postpone = Postpone
call-reason-after_meeting = Follow-up after a meeting
call-reason-contact_request = Would like a call
call-ask-note = Would you like to add a short note about the call? Write it here, or tap "No note".
call-no-note = No note
call-done = Thank you! The call is registered.
call-retry = OK. You will be reminded to try again { $due }.
call-ask-postpone-date = Until when? Tap the button, or write a date.
call-postpone-default = { $date }
call-postponed = OK. The call is postponed to { $due }.
call-postpone-not-ahead = Choose a date after today.
call-already-done = That call is already registered.

## Statutory follow-up (Barnets Lov §95)

statutory-ask-support-start = When did the support start? Write a date, for example 2026-09-01.
statutory-support-start-set = The support in { $code } ({ $nickname }) began { $start }. The first follow-up must be by { $due }.
statutory-remind_soon = 📅 The follow-up in { $code } ({ $nickname }) must be held by { $due }. That is in { $days ->
        [one] one day
       *[other] { $days } days
    }. Is the meeting planned? Use /moede { $code }.
statutory-remind_due = 📅 The deadline for the follow-up in { $code } ({ $nickname }) is { $due }.
statutory-alert = ⚠️ The follow-up in { $code } ({ $nickname }) should have been held by { $due }. It is { $days ->
        [one] one day
       *[other] { $days } days
    } overdue.
statutory-escalate = ⬆️ The follow-up in { $code } ({ $nickname }) with { $caseworker } is { $days ->
        [one] one day
       *[other] { $days } days
    } past the deadline, which was { $due }. It is passed on to you as team leader.

## Daily digest

digest-title = ☀️ Good morning! Your overview for { $date }:
digest-alerts-heading = ⚠️ Open alerts ({ $count })
digest-alert-line = • #{ $id } { $code } ({ $nickname }): { $rule }
digest-alert-line-urgent = • 🔴 #{ $id } { $code } ({ $nickname }): { $rule }
digest-calls-heading = 📞 Calls ({ $count })
digest-call-line = • { $code } ({ $nickname }): call { $who } by today
digest-call-line-overdue = • { $code } ({ $nickname }): call { $who } – { $days ->
        [one] one day
       *[other] { $days } days
    } late
digest-meetings-heading = 🗓 Meetings in the next 7 days ({ $count })
digest-meeting-line = • { $when }: { $kind } · { $code } ({ $nickname })
digest-agendas-heading = ✍️ Agendas waiting for answers ({ $count })
digest-agenda-line = • { $code } ({ $nickname }), meeting { $when }: { $answered } of { $invited } have answered
digest-follow-ups-heading = 📅 Follow-ups due within 14 days ({ $count })
digest-follow-up-line = • { $code } ({ $nickname }): by { $due }
digest-follow-up-line-overdue = • { $code } ({ $nickname }): { $days ->
        [one] one day
       *[other] { $days } days
    } past the deadline, which was { $due }
digest-more = … and { $count } more.

## Agenda draft for the caseworker (HTML and short message)

agenda-html-lang = en
agenda-file-name-prefix = agenda
agenda-title = Agenda – draft
agenda-draft-note = A draft for you as caseworker. Edit and add before the meeting. It is a starting point, not a conclusion.
agenda-when = Time
agenda-place = Place
agenda-place-none = Not given
agenda-participants = Participants
agenda-participants-none = Nobody invited yet
agenda-period = Period
agenda-period-since = Since the last meeting on
agenda-period-all = Everything so far (first meeting)
agenda-main-question-label = Main question
agenda-main-question = What would we like to see happen?
agenda-goals-heading = The goals – development since last time
agenda-goals-none = There are no goals yet.
agenda-goal-no-answers = No answers in the period.
agenda-scale-0-10 = Scale 0–10. Higher is better.
agenda-scale-aarhus-0-4 = Aarhus scale 0–4. Lower is better, and 0 is no problems.
agenda-scale-5-trin = Wellbeing scale 1–5. Lower is better, and 1 is thriving.
agenda-col-who = Who
agenda-col-answers = Answers
agenda-col-first = First
agenda-col-latest = Latest
agenda-col-median = Median
agenda-col-trend = Direction
agenda-trend-better = Better
agenda-trend-same = Unchanged
agenda-trend-worse = Worse
agenda-trend-not-enough = Too few answers
agenda-trend-how = Each box says if it is going better. Then come the first and the last answer, the median and the number of answers.
agenda-answers-count = answers
agenda-role-youth = young person
agenda-role-parent = parent
agenda-role-witness = everyday witness
agenda-role-other = professional
agenda-alerts-heading = Alerts and professional assessments
agenda-alerts-none = No alerts in the period.
agenda-col-date = Date
agenda-col-alert = Alert
agenda-col-about = Who and what
agenda-col-assessment = Assessment
agenda-urgent = Urgent
agenda-not-assessed = Not assessed yet
agenda-rule-reliable_drop = Clearly worse
agenda-rule-red_zone_cluster = In the red zone several times
agenda-rule-steady_decline = Gradually worse
agenda-rule-silence = No answers
agenda-rule-worse_report = Report: worse
agenda-rule-network_drop = Worse as the network sees it
agenda-rule-contact_request = Would like a call
agenda-rule-blocked = Cannot be reached on Telegram
agenda-rule-stopped = Has stopped
agenda-rule-safety = Possible danger
agenda-rule-concern = Possible concern
agenda-decision-contact = Contact young person/family
agenda-decision-adjust_support = Adjust support
agenda-decision-call_meeting = Call a meeting
agenda-decision-no_action = No action
agenda-reports-heading = Reports from everyday life
agenda-reports-none = No reports in the period.
agenda-col-goal = Goal
agenda-col-direction = Direction
agenda-col-text = What they wrote
agenda-report-overall = Overall
agenda-report-better = Better
agenda-report-same = Unchanged
agenda-report-worse = Worse
agenda-disagreements-heading = Differences between the answers
agenda-disagreements-intro = Here an adult sees the goal clearly worse than the young person does. It is worth talking about together.
agenda-disagreements-none = The latest answers of the young person and the adults are alike.
agenda-col-youth = Young person
agenda-col-other = Adult
agenda-col-gap = Difference
agenda-wishes-none = Nobody has written any wishes yet.
agenda-ratings-heading = How was the last meeting?
agenda-ratings-intro = Answers to "How was the meeting for you?" from 0 to 10 after the last meeting. Marked is an answer below 9 or lower than last time. It is worth talking about, but it is not an alert.
agenda-ratings-none = No answers from the last meeting.
agenda-col-rating = Now
agenda-col-previous = Last time
agenda-col-comment = Comment
agenda-col-talk = Talk about
agenda-rating-talk = Talk about it
agenda-sos-heading = Three questions for the meeting
agenda-sos-intro = Suggestions from what came in since last time. Move, strike out and add at the meeting.
agenda-sos-worries = What are we worried about?
agenda-sos-working = What is working well?
agenda-sos-next = What needs to happen?
agenda-sos-other = Other comments, for you to place
agenda-footer-created = Draft made
agenda-footer-confidential = Confidential. For the people at the meeting only. Messages to the caseworker are included only where the caseworker chose to include them.
agenda-datetime-format = %A %d %B %Y at %H:%M
agenda-date-format = %d %B %Y
agenda-short-date-format = %d/%m
agenda-decimal-separator = .
agenda-weekday-1 = Monday
agenda-weekday-2 = Tuesday
agenda-weekday-3 = Wednesday
agenda-weekday-4 = Thursday
agenda-weekday-5 = Friday
agenda-weekday-6 = Saturday
agenda-weekday-7 = Sunday
agenda-month-1 = January
agenda-month-2 = February
agenda-month-3 = March
agenda-month-4 = April
agenda-month-5 = May
agenda-month-6 = June
agenda-month-7 = July
agenda-month-8 = August
agenda-month-9 = September
agenda-month-10 = October
agenda-month-11 = November
agenda-month-12 = December
agenda-summary-title = Draft agenda
agenda-summary-alerts = Alerts
agenda-summary-unassessed = not assessed
agenda-summary-reports = Reports
agenda-summary-disagreements = differences
agenda-summary-wishes = See-happen wishes
agenda-summary-wishers = people with wishes
agenda-summary-ratings-to-talk = Meeting ratings to talk about
agenda-summary-confidential = Confidential messages left out of the draft. Tap "Take to the meeting" on a message to include it.
agenda-summary-attached = The full draft is attached as a file you can print.

## Added with the meeting commands

meeting-when = { $weekday } { $day } { $month } at { $hour }:{ $minute }
meeting-date = { $day } { $month } { $year }
meeting-invitees = Invited to the meeting. The young person and the parents are in from the start. Tap to add an everyday witness or to remove someone.
meeting-invitees-none = Nobody takes part in the case yet. Invite them with /inviter.
meeting-invited-yes = ✓ { $who }
meeting-invited-no = ➕ { $who }
meeting-not-planned = That meeting is not planned any more.
meeting-agenda-caseworker = { $reader ->
       *[youth] your caseworker
        [adult] the caseworker
    }
meeting-ratings-sent = { $count ->
        [one] One participant is asked how the meeting was.
       *[other] { $count } participants are asked how the meeting was.
    }
draft-no-meeting = There is no planned meeting in { $code }. Plan one with /moede { $code }.
call-list-title = Your open calls ({ $count }):
call-list-none = You have no open calls.
call-list-after_meeting = 📞 Call { $who } in { $code } ({ $nickname }) by { $due }. It is a follow-up after a meeting.
statutory-start-in-future = That date hasn't come yet. Write the date the support started.
help-staff-meetings =
    • /moede <kode> <type> <dato> <tid> [sted] – plan a meeting
    • Types: kaffe, opstart, handleplan, opfoelgning and netvaerk
    • /moeder – your planned meetings. Here you can cancel or move them.
    • /udkast <kode> – draft agenda for the next meeting now
    • /opkald – your open calls
    • /indsats <kode> <dato> – when the support began. The first follow-up is due 3 months later.
meeting-attendance-recorded = At the meeting: { $who }
meeting-rating-chosen = Your answer: { $value } ✓
menu-moeder = Your planned meetings
menu-udkast = Draft agenda
menu-opkald = Your calls
menu-indsats = Support start (follow-up)
