# Closing, journal and deletion: /luk, /journal, goodbyes to participants, reminders.

menu-luk = Close a case
menu-journal = Journal for the case system
help-staff-lifecycle =
    • /luk <code> – close a case when the support has ended (everyone gets a goodbye)
    • /journal <code> [from] [to] – the journal as a file for the case system, e.g. /journal K-7F2Q 1.9.2026 30.11.2026

## /luk

close-ask-case = Which case do you want to close?
close-open-alerts = { $count ->
    [one] Before { $code } ({ $nickname }) can be closed, the open alert must be assessed. Here it is with its buttons.
   *[other] Before { $code } ({ $nickname }) can be closed, the { $count } open alerts must be assessed. Here they are, each with its buttons.
}
close-still-open = { $count ->
    [one] There is still one alert in { $code } ({ $nickname }) that is not assessed. Here it is again.
   *[other] There are still { $count } alerts in { $code } ({ $nickname }) that are not assessed. Here they are again.
}
close-after-alerts = Tap “Close the case” when all alerts are assessed.
close-continue-button = Close the case
close-cancel-button = Cancel
close-cancelled = The case is not closed. Everything goes on as before.
close-already = { $code } ({ $nickname }) is already closed. Send /journal { $code } if you need the journal again.
close-ask-reason = Why is { $code } ({ $nickname }) closing?
    When you tap, the case is closed: every participant gets a short goodbye, and no more questions, reminders or agendas go out. The journal follows as a file.
close-reason-goal_reached = Goal reached
close-reason-support_ended = Support has ended
close-reason-moved = Moved away
close-reason-other = Other
case-closed-caseworker = { $code } ({ $nickname }) is closed · { $reason }.
    { $told ->
        [0] No participant needed a goodbye.
        [one] One participant got a goodbye.
       *[other] { $told } participants got a goodbye.
    }{ $revoked ->
        [0] {""}
        [one] {" "}One open invitation was revoked.
       *[other] {" "}{ $revoked } open invitations were revoked.
    }
    The journal follows here as a file. Keep it in the case system. { $days ->
        [0] The case's data in this chat will be deleted soon.
        [one] The case's data in this chat will be deleted in one day.
       *[other] The case's data in this chat will be deleted in { $days } days.
    }

goodbye-youth = Hi { $nickname } 👋
    Your caseworker has ended your contact here in the chat. You won't get any more questions from me. Thank you for taking part!
    What you answered and wrote goes into your case file at the municipality. { $days ->
        [0] Here in the chat it will be deleted soon.
        [one] Here in the chat it will be deleted in one day.
       *[other] Here in the chat it will be deleted in { $days } days.
    }
    Your caseworker is still there. You can call or write to your caseworker the way you usually do – just not here.
    If you need to talk to someone, you can always call BørneTelefonen on 116 111. It is free and open day and night.
goodbye-adult = Thank you for your help.
    { $owner } follow-up here in the chat has ended, so you won't get any more questions or agendas from here.
    What you answered and wrote goes into the case file at the municipality. { $days ->
        [0] Here in the chat it will be deleted soon.
        [one] Here in the chat it will be deleted in one day.
       *[other] Here in the chat it will be deleted in { $days } days.
    }
    You can still contact the caseworker the way you usually do.
contact-ended-youth = Your contact with your caseworker here in the chat has ended, so your message goes no further from here. Call or write to your caseworker the way you usually do.
    If you are in danger, call 112. If you want to talk to someone, call BørneTelefonen on 116 111 – day and night.
contact-ended-adult = The contact with the caseworker here in the chat has ended, so your message goes no further from here. Contact the caseworker the way you usually do.
    If a child is in danger, call 112.
contact-ended-short = The contact here in the chat has ended.

## /journal

journal-usage = Send /journal and the case's code, e.g. /journal K-7F2Q. For a period only, add the dates: /journal K-7F2Q 1.9.2026 30.11.2026.
journal-bad-date = I can't read the date “{ $text }”. Write it as 1.9.2026 or 2026-09-01.
journal-caption = Journal for { $code } ({ $nickname }): the whole follow-up. Open the file in a browser to print it, and keep it in the case system.
journal-caption-period = Journal for { $code } ({ $nickname }) for the chosen period. Open the file in a browser to print it.

## Reminder: closed, but never journalised

purge-reminder-caseworker = { $code } ({ $nickname }) was closed { $days } days ago, but its journal was never made. So nothing is deleted yet. Send /journal { $code } and keep the file in the case system.
purge-reminder-leader = { $code } ({ $nickname }) of { $caseworker } was closed { $days } days ago, but its journal was never made. So nothing is deleted yet. The caseworker has been told.

## The journal document (HTML)

journal-title = Journal
journal-note = This is for the case file. It holds everything answered, written and assessed in Tæt kontakt in the period.
journal-caseworker = Caseworker
journal-team = Team
journal-status = Status
journal-case-status-active = active
journal-case-status-paused = paused
journal-case-status-closed = closed
journal-case-status-exported = closed and journalised
journal-case-status-purged = deleted
journal-created = Created
journal-closed = Closed
journal-period = Period
journal-period-all = the whole follow-up
journal-made = Printed
journal-statutory = Statutory follow-up
journal-statutory-line = support started { $started } · first follow-up by { $due }
journal-participants = Participants
journal-who = Who
journal-invited = Invited
journal-joined = Joined
journal-left = Left
journal-state = Status
journal-goals = Goals and their wording
journal-network-wording = Parents and network see:
journal-wording-history = Wording over time:
journal-audience-youth = the young person's own words
journal-audience-network = parents and network
journal-answers = All answers
journal-goal = Goal
journal-asked = Asked
journal-answer = Answer
journal-answer-skipped = skipped
journal-answer-missed = not answered
journal-alerts = Alerts and professional assessments
journal-urgent = urgent
journal-escalated = Sent to the team leader:
journal-not-assessed = Not assessed.
journal-alert-replaced = Replaced by a stronger alert.
journal-assessment = Professional assessment:
journal-reason = Reason:
journal-reports = Reports and messages
journal-when = When
journal-what = What
journal-report = Report:
journal-direction-better = better
journal-direction-same = unchanged
journal-direction-worse = worse
journal-meetings = Meetings
journal-meeting-status-planned = planned
journal-meeting-status-held = held
journal-meeting-status-cancelled = cancelled
journal-agenda-sent = agenda sent
journal-wishes = “See happen” wishes
journal-attended = Attended
journal-rating = The meeting was
journal-yes = yes
journal-no = no
journal-calls = Follow-up calls
journal-call-reason = Why
journal-due = Due
journal-outcome = How it went
journal-call-status-open = not called yet
journal-call-status-done = done
journal-call-status-cancelled = cancelled
journal-call-outcome-called = talked
journal-call-outcome-not_reached = not reached
journal-call-outcome-postpone = postponed
journal-footer = Confidential. This holds information about a child or young person. Keep this printout in the municipality's case system. Then delete it from your computer.
journal-none = Nothing in the period.
journal-nobody = the case
journal-overall = overall
journal-fact-latest = latest answer { $value }
journal-fact-previous = answer before { $value }
journal-fact-baseline = usually { $value }
journal-fact-recent = course { $value }
journal-fact-missed = { $value } check-ins in a row without an answer
journal-fact-danger = category: { $value }
journal-fact-signal = signal: “{ $value }”
status-removed = removed
