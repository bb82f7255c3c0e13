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
desk-draft-no-meeting = The case has no planned meeting. Plan one with /moede in Telegram.

desk-case-journal-link = Journal for the municipality's case system
desk-journal-title = Journal · { $nickname } · { $code }
desk-journal-text = The journal holds the case's goals, answers, alerts with assessments, meetings and calls. Print or save it and file it in the case system. If the case is closed, the deletion period starts now.
desk-journal-button = Get the journal
desk-journal-back = Back to the case
