## The desk: the caseworker's web desk (read by staff).

menu-skrivebord = Sign in to the web desk
desk-link-sent = Here is your link to the desk:
    { $link }

    The link works for { $minutes } minutes and only once. Do not share it.
desk-off = The web desk is switched off here. Ask whoever runs the service.

desk-name = Tæt kontakt · desk
desk-skip-to-content = Skip to content
desk-nav-label = Menu
desk-nav-cases = My cases
desk-log-out = Log out

desk-login-title = Sign in
desk-login-text = Press the button to sign in to the desk.
desk-login-button = Sign in
desk-link-gone-title = This link no longer works
desk-link-gone-text = The link was used, or its 10 minutes are over. Send /skrivebord to the bot in Telegram to get a new link.
desk-signed-out-title = You are not signed in
desk-signed-out-text = You are not signed in, or you have not used the page for a while. Send /skrivebord to the bot in Telegram to get a new link.
desk-logged-out-title = You are logged out
desk-logged-out-text = You are logged out. Send /skrivebord to the bot in Telegram when you want to come back.
desk-not-found-title = Page not found
desk-not-found-text = We cannot find that page. Check the address, or go back to your cases.
desk-error-title = Something went wrong
desk-error-text = Something went wrong on our side. Please try again in a moment.
desk-csrf-title = The form is too old
desk-csrf-text = The form does not match your sign-in. Go back, load the page again and try once more.
desk-slow-down-title = Too many attempts
desk-slow-down-text = There were too many sign-in attempts. Wait a minute and try again.

desk-cases-title = My cases
desk-cases-none = You have no cases yet. Create one with /nysag in Telegram.
desk-cases-caption = { $count ->
    [one] 1 case, the one that needs you most first
   *[other] { $count } cases, those that need you most first
}
desk-col-case = Case
desk-col-code = Code
desk-col-alerts = Alerts
desk-col-last-answer = Last answer
desk-col-next-meeting = Next meeting
desk-col-who = Who
desk-col-state = State
desk-col-answers = Latest answers
desk-col-latest = Last
desk-alerts-urgent = { $count } urgent
desk-alerts-open = { $count } open
desk-alerts-none = None
desk-no-answers = No answers yet
desk-no-meeting = None planned
desk-days-ago = { $days ->
    [0] today
    [1] yesterday
   *[other] { $days } days ago
}
desk-case-status-active = active
desk-case-status-paused = paused
desk-case-status-closed = closed
desk-case-status-exported = closed
desk-case-status-purged = purged

desk-case-title = { $nickname } · { $code }
desk-case-alerts = Open alerts
desk-case-no-alerts = No open alerts.
desk-case-goals = Goals
desk-case-no-goals = The case has no goals yet.
desk-case-participants = Participants
desk-case-no-participants = Nobody is invited yet.
desk-urgent = Urgent
desk-alert-raised = raised { $when }
desk-goal-own-words = In the young person's own words
desk-goal-network-wording = How the network sees the goal
desk-goal-no-network-wording = Not chosen yet
desk-goal-no-answers = No answers on this goal yet.
desk-goal-answers-caption = The latest answers from each person

desk-nav-alerts = Alerts
desk-alerts-title = Alerts
desk-alerts-page-none = There are no open alerts. Well done.
desk-assessment-legend = Your professional assessment
desk-assessment-reason = Reason (required for «No action»)
desk-assessment-save = Save assessment
desk-assessment-saved = The assessment is saved.
desk-assessment-reason-needed = Write briefly why nothing needs to happen. Then you can save «No action».
desk-assessment-already = That alert was already assessed, maybe in Telegram. Nothing new was saved.
desk-assessment-choose = Choose one of the four options.

desk-case-meetings = Meetings
desk-case-next-meeting = Next meeting: { $kind }, { $when }.
desk-case-draft-link = Agenda draft for the meeting (printable)
desk-draft-title = Agenda draft
desk-draft-no-meeting = The case has no planned meeting. Plan one under Meetings.

desk-case-journal-link = Journal for the municipality's case system
desk-journal-title = Journal · { $nickname } · { $code }
desk-journal-text = The journal holds the case's goals, answers, alerts with assessments, meetings and calls. Print or save it and file it in the case system. If the case is closed, the deletion period starts now.
desk-journal-button = Get the journal
desk-journal-back = Back to the case

## The case pages: participants, network, messages, meetings, audit and the case list (deskcase).

desk-back-to-case = Back to the case
desk-participants-link = Participants and invitations
desk-network-link = The network as a picture
desk-participants-title = Participants · { $nickname } · { $code }
desk-participants-caption = Everyone who takes part in the case or is invited
desk-participants-not-own = Only the case's caseworker can invite, remove and change the rhythm.
desk-col-rhythm = Rhythm
desk-col-actions = Action
desk-remove-named = Remove { $who }
desk-revoke-named = Revoke the invitation to { $who }
desk-open-invites = Open invitations
desk-open-invites-none = There are no open invitations.
desk-invite-heading = Invite a new participant
desk-invite-text = Choose who you invite. You get a link and a QR code the person can scan with their phone.
desk-invite-role = Who are you inviting?
desk-invite-relation = Relation to the child, e.g. grandfather or coach (everyday witnesses only)
desk-invite-name = Name or nickname (optional)
desk-invite-button = Make the invitation
desk-invite-title = New invitation · { $nickname } · { $code }
desk-invite-ready = The invitation to { $who } is ready. The link works for { $days } days and only once.
desk-invite-qr-label = QR code with the invitation link
desk-invite-qr-caption = The person scans the code with their phone's camera and opens the link in Telegram.
desk-invite-link-label = You can also send the link:
desk-invite-text-unusable = The relation or the name cannot be used. Keep it short, and never write a CPR number.
desk-back-to-participants = Back to the participants
desk-remove-title = Remove { $who }?
desk-remove-text = { $who } gets a short message that the contact has ended, and nothing more. What the person answered stays in the case.
desk-remove-button = Yes, remove the person
desk-revoke-title = Revoke the invitation to { $who }?
desk-revoke-text = The link stops working. { $who } gets no message.
desk-revoke-button = Yes, revoke the invitation
desk-remove-cancel = No, go back
desk-participant-removed = The person is removed. They got a short message.
desk-invite-revoked = The invitation is revoked.
desk-participant-already-removed = The person was already removed. Nothing was changed.
desk-rhythm-heading = Check-in rhythm
desk-rhythm-text = The rhythm applies to everyone with that role in the case. Check-ins already sent do not change.
desk-rhythm-role = For whom?
desk-rhythm-frequency = How often?
desk-rhythm-weekly = Every week
desk-rhythm-every-other-week = Every other week
desk-rhythm-daily = Every day
desk-rhythm-weekday = Which day? (not used for every day)
desk-rhythm-time = At what time?
desk-rhythm-button = Save the rhythm
desk-rhythm-saved = The new rhythm is saved.
desk-rhythm-invalid = Choose a role, how often, a day and a time.

desk-network-title = Network · { $nickname } · { $code }
desk-network-picture-label = The network around { $nickname }
desk-network-caption = The child is in the middle. Parents are at the top, the others around. The shape shows whether the person takes part.
desk-network-youth-not-invited = not invited yet
desk-network-list = Everyone in the network
desk-network-legend = How to read the picture
desk-network-state-invited = invited
desk-network-state-active = answers
desk-network-state-silent = silent for two weeks
desk-network-state-paused = paused
desk-network-state-stopped = stopped
desk-network-state-unreachable = cannot be reached
desk-network-legend-active = Filled circle: takes part and answers.
desk-network-legend-silent = Empty circle with a thick edge: takes part, but has not answered for two weeks.
desk-network-legend-invited = Dashed circle: invited, has not said yes yet.
desk-network-legend-paused = Square: is taking a break.
desk-network-legend-stopped = Square with a cross: stopped or cannot be reached.

desk-messages-heading = Messages and reports
desk-messages-none = Nobody has written yet.
desk-messages-not-yours = What participants write goes only to the case's caseworker. You see it if an alert is passed on to you.
desk-messages-confidential = Newest first. It is confidential and only goes to a meeting if you choose so in Telegram.
desk-message-comment = comment after a check-in
desk-message-message = message
desk-message-report = report: { $direction }
desk-message-someone = a participant
desk-message-danger = Possible danger
desk-meetings-heading = All meetings
desk-case-meetings-none = The case has no meetings yet.
desk-meetings-link = Plan and move meetings
desk-col-when = When
desk-col-meeting = Meeting
desk-calls-heading = Calls
desk-case-calls-none = The case has no calls to make.
desk-calls-link = See and record calls
desk-col-why = Why
desk-col-due = Due
desk-audit-heading = Who did what in the case
desk-audit-text = Only team leaders see this list. Newest first.
desk-col-what = What
desk-audit-operator = the operator
desk-audit-system = the service itself
desk-audit-kind-read_chat = read the case in Telegram
desk-audit-kind-read_desk = read the case on the desk
desk-audit-kind-case = changed the case
desk-audit-kind-goal = changed a goal
desk-audit-kind-invitation = made or revoked an invitation
desk-audit-kind-participant = a participant joined, paused, stopped or was removed
desk-audit-kind-rhythm = changed the rhythm
desk-audit-kind-alert = assessed an alert
desk-audit-kind-meeting = changed a meeting
desk-audit-kind-call = recorded a call
desk-audit-kind-note = took a message to a meeting
desk-audit-kind-journal = fetched the journal
desk-audit-kind-other = other action

desk-col-goals = Goals
desk-spark-sentence = Goal { $position }: { $values }, { $direction }
desk-spark-none = Goal { $position }: no answers yet
desk-spark-better = better
desk-spark-same = unchanged
desk-spark-worse = worse
desk-spark-not-enough = too few answers
desk-order-label = Sort by
desk-order-behov = most in need of you
desk-order-navn = name
desk-order-moede = next meeting
desk-filter-label = Show
desk-filter-alle = all cases
desk-filter-alarmer = only with open alerts
desk-filter-stille = only silent for two weeks
desk-order-button = Show the list
desk-cases-caption-sorted = { $count ->
    [one] 1 case, sorted by { $order }
   *[other] { $count } cases, sorted by { $order }
}
desk-cases-none-shown = No cases match that choice.

## Meetings, calls and management
desk-nav-meetings = Meetings
desk-nav-calls = Calls
desk-nav-management = Management
desk-meetings-title = Meetings
desk-meetings-plan-heading = Plan a meeting
desk-meetings-no-cases = You have no open cases to hold a meeting about.
desk-meetings-case-label = Choose the case
desk-meetings-next = Next
desk-meetings-planned-heading = Planned meetings
desk-meetings-none = You have no planned meetings.
desk-meeting-planned = The meeting is planned. The invited get the agenda in Telegram when it is time.
desk-meeting-moved = The meeting is moved. Those who got the agenda are told the new time.
desk-meeting-cancelled = The meeting is cancelled. Those who got the agenda are told.
desk-meeting-held = The meeting was held. Calls to the parents are now under Calls and in Telegram. In Telegram I ask who came.
desk-meeting-held-no-calls = The meeting was held. There are no parents in the case to call. In Telegram I ask who came.
desk-meeting-case = Case
desk-meeting-place = Place
desk-meeting-invited = Invited
desk-meeting-invited-nobody = Nobody yet
desk-meeting-held-button = The meeting was held
desk-meeting-move-legend = Move the meeting
desk-meeting-move-button = Move the meeting
desk-meeting-cancel-button = Cancel the meeting
desk-meeting-choose-kind = Choose what kind of meeting it is.
desk-field-kind = Kind of meeting
desk-field-date = Date
desk-field-time = Time
desk-field-place = Place, may be left empty
desk-plan-title = Plan a meeting · { $nickname } · { $code }
desk-plan-invitees = Who is invited?
desk-plan-no-participants = Nobody in the case can be invited yet.
desk-plan-agenda-hint = The invited get the agenda { $days } days before the meeting. You get a draft of the agenda before the meeting.
desk-plan-button = Plan the meeting
desk-plan-back = Back to the meetings
desk-calls-title = Calls
desk-calls-none = You have no calls waiting.
desk-calls-count = { $count ->
    [one] One call is waiting.
   *[other] { $count } calls are waiting.
}
desk-call-overdue = Overdue
desk-call-after-meeting = Follow-up after a meeting.
desk-call-contact-request = Would like a call.
desk-call-due = Call by { $due }.
desk-call-note = Notes from the call, may be left empty
desk-call-postpone-legend = Postpone the call
desk-call-postpone-date = New date. Left empty, it is in two working days.
desk-call-saved = The call is saved.
desk-call-choose = Choose Called, Not reached or Postpone.
desk-call-note-kept = Your notes are saved with the call.
desk-management-title = Management
desk-management-report = Figures for your team
desk-management-document-link = The whole report, ready to print
desk-handover-heading = Hand over a case
desk-handover-text = The case moves with its alerts, meetings and calls. The new caseworker gets a short overview in Telegram.
desk-handover-nothing = There is no case to hand over, or no colleague to give it to.
desk-handover-case = Case
desk-handover-caseworker = with { $name }
desk-handover-to = Give the case to
desk-handover-button = Hand over the case
desk-handover-done = The case has moved. The new caseworker got a short overview in Telegram.
desk-handover-not-colleague = That colleague cannot take the case. Choose another from the case's team.
