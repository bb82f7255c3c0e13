# Tæt kontakt — English texts.
# Short, warm sentences. Never CPR numbers, full names or diagnoses.

## Common

help-numbers =
    Do you need help right now?
    • Call 112 in an emergency.
    • BørneTelefonen: 116 111 (open day and night, free).
    • Livslinien: 70 201 201.
group-not-supported = I do not answer in groups. Write to me in a chat with just the two of us.
only-text = I can only read text. Please write in words instead.
caption-only-text = I passed on your text. I do not pass on the picture.
text-too-long = Your message is too long for me. Split it into a few short messages.
cancelled = Ok, cancelled.
unknown-command = I don't know that command. Send /hjaelp to see what you can do.
staff-only = That command is for caseworkers only.
button-expired = That button no longer works.
try-again = Something went wrong. Please try again in a moment.
stranger =
    Hi! I am Tæt kontakt, a chat from the municipality.
    You need a link from your caseworker to use me.
help-stranger = You need a link from your caseworker to use me.

## Invitations

invite-invalid = That link does not work. Check that you have the whole link. Otherwise ask for a new one.
invite-expired = That link has expired. Please ask for a new one.
invite-used = That link has already been used. Ask for a new one if it was not you.

## Staff

staff-already-registered = You are already registered as staff.
staff-welcome =
    Welcome, { $name }! You are now registered.
    You can:
    • /nysag <nickname> – create a case
    • /maal <code> <area> <text> – add a goal in the young person's own words
    • /inviter <code> ung|forælder|vidne <relation> [name] – make an invitation link
    • /sager – your cases
    • /sag <code> – one case
    Send a command on its own and I will ask you step by step.
leader-welcome =
    Welcome, { $name }! You are now registered as team leader of { $team }.
    You can:
    • /ledelse – management information for your team, without names
    • /sager – the team's cases
    • /alarmer – open alerts in the team
    • /overdrag – hand a case over to a colleague
    • /luk and /journal – close a case and make its journal
    You are also told when an alert is not assessed in time.
    Send /hjaelp for all your commands.
help-staff-short = Your commands:
help-staff-more = Send a command on its own and I ask you step by step. Send /help more to see how to write it on one line.
help-staff =
    Commands:
    • /nysag <nickname> – create a case
    • /maal <code> <area> <text> – add a goal
    • /inviter <code> ung|forælder|vidne <relation> [name] – invite
    • /sager – your cases
    • /sag <code> – one case with answers and alerts
    • /alarmer – open alerts
    • /tjekind <code> [alle] – send a check-in now
    • /rytme <code> ung|forælder|vidne <expression> – check-in rhythm
    • /vidnetekst <code> <no> <text> – wording for parents and network
    • /skala <code> <no> 0-10|aarhus-0-4|5-trin – a goal's scale
    • /ledelse – management information for your team. Team leaders only.
    • /annuller – stop a conversation in progress
    Areas: udvikling, familie, skole, sundhed, fritid, voksenliv, andet.
staff-hint = Send /hjaelp to see your commands.
case-not-found = I cannot find that case. Check the code (e.g. K-7F2Q).
ask-nickname = What is the young person's nickname? Write a nickname only. Never a full name or a CPR number.
case-created = The case is created: { $code } ({ $nickname }). Add goals with /maal { $code } <area> <text>.
ask-case = Which case?
ask-goal = Which goal?
ask-goal-none = { $code } has no active goals yet. Add one with /maal.
ask-area = Which area does the goal belong to?
ask-goal-text = Write the goal in the young person's own words, e.g. "I go to school every day".
unknown-area = I don't know that area. Choose one of: { $areas }.
too-many-goals = The case already has { $max } active goals. A check-in must take no more than a minute.
goal-added = Goal { $count } added to { $code } ({ $area }): "{ $text }"
ask-role = Whom do you want to invite?
ask-relation = What is the person's relation to the young person? E.g. grandmother, coach or teacher.
ask-name = Write the person's first name, or press "Skip".
skip-name = Skip
unknown-role = Write ung, forælder or vidne.
invite-created =
    Invitation for { $who } in { $code }:
    { $link }
    The link works once and for { $days } days. Send it directly to the person.
invite-youth-under-15 = Remember: if the young person is under 15, a parent with custody should know about the invitation.
no-cases = You have no cases yet. Create one with /nysag <nickname>.
case-list-title = Your cases ({ $count }):
case-list-line = { $code } · { $nickname } · { $goals } goals · { $active }/{ $participants } participants active
case-title = Case { $code } · { $nickname }
case-goals-heading = Goals:
case-no-goals = No goals yet.
case-goal-line = { $position }. { $area }: "{ $text }" · scale { $scale }
case-participants-heading = Participants:
case-no-participants = Nobody invited yet.
case-participant-line = • { $who }: { $status }
text-empty = The text is missing.
text-too-long-for-field = The text is too long. At most { $max } characters.
text-looks-like-cpr = That looks like a CPR number. Never write CPR numbers here.
caseworker-participant-joined = { $who } has agreed to take part in { $code } ({ $nickname }). Telegram name: { $telegram }. If this is not the right person, tap Remove.
caseworker-participant-declined = { $who } has declined to take part in { $code } ({ $nickname }).

## Areas, roles and status

area-udvikling = Development and behaviour
area-familie = Family
area-skole = School and education
area-sundhed = Health
area-fritid = Leisure and friends
area-voksenliv = Adult life
area-andet = Other
role-youth = young person
role-parent = parent
role-witness = everyday witness
status-invited = invited
status-active = active
status-paused = paused
status-stopped = stopped
status-blocked = has blocked the chat

## Consent and welcome

consent-youth =
    Hi! Your caseworker has invited you to Tæt kontakt.
    Every week you get a few short questions about your goals. It takes a minute.
    What we keep: your answers and what you write.
    Your caseworker sees your answers. The team leader can see them too if your caseworker is away, or if an alert is not seen in time.
    You can stop at any time by sending /stop.
    Do you want to take part?
consent-parent =
    Hi! { $owner } caseworker has invited you to Tæt kontakt.
    Every other week you get a few short questions, and you can always tell us about changes.
    What we keep: your answers and what you write. The caseworker sees your answers. The team leader can see them too if the caseworker is away, or if an alert is not seen in time.
    You can stop at any time by sending /stop.
    Do you want to take part?
consent-witness =
    Hi! { $owner } caseworker has invited you as an everyday witness in Tæt kontakt.
    Every other week you get a few short questions about what you see day to day, and you can always tell us about changes.
    What we keep: your answers and what you write. The caseworker sees your answers. The team leader can see them too if the caseworker is away, or if an alert is not seen in time.
    You can stop at any time by sending /stop.
    Do you want to take part?
consent-yes = Yes, I'm in
consent-no = No thanks
consent-declined = That's fine. Your caseworker will be told. If you change your mind, you can open the link again while it is valid.
remove-participant-button = Remove { $who }
revoke-invite-button = Revoke the invitation to { $who }
open-invites = Open invitations (tap to revoke):
participant-removed = { $who } was removed from { $code } ({ $nickname }) and gets no more messages.
invite-revoked-caseworker = The invitation to { $who } in { $code } ({ $nickname }) is revoked. The link no longer works.
participant-already-removed = That person is already removed.
participant-removed-notice = You are no longer part of Tæt kontakt. You will get no more messages from here. { $reader ->
       *[youth] If you need help, you can always call BørneTelefonen on 116 111. In danger, call 112.
        [adult] If a child is in danger, call 112.
    }
invite-revoked = That invitation no longer works. Ask your caseworker for a new one if you are to take part.
safety-reply-stranger = Thank you for writing. It sounds serious. I cannot pass your message on, because you are not invited, but you can get help now:
invite-staff-cannot-join = That link is for a participant, not for you as staff. It still works for the person it was sent to.
welcome-youth = Thank you for taking part! Your first check-in comes soon. Send /hjaelp at any time.
welcome-network = Thank you for taking part! Your first check-in comes soon. Send /hjaelp at any time.
help-participant =
    You are taking part in Tæt kontakt.
    • /mine – your goals and your answers
    • /meld – tell about a change (for adults)
    • /ring – ask your caseworker to call
    • /pause 2 – a two-week pause
    • /stop – stop all messages
    You can also just write here. Your caseworker sees your answers and messages.

## Check-in

checkin-intro-youth = Hi! Here is this week's check-in. { $goals ->
        [one] Tap a number – it takes a minute.
       *[other] There are { $goals } questions. Tap a number for each – it takes a minute.
    }
checkin-intro-network = Hi! Here is a short check-in about { $nickname }. { $goals ->
        [one] Tap a number, based on what you see day to day.
       *[other] There are { $goals } questions. Tap a number for each, based on what you see day to day.
    }
scale-0-10-ends = { $min } = not at all · { $max } = completely
scale-aarhus-0-4-ends = { $min } = no problems · { $max } = serious problems
scale-5-trin-ends = { $min } = thriving · { $max } = at risk
answer-chosen = Your answer: { $value } ✓ You can change it for a day.
answer-skipped = Skipped ✓
answer-skip = Skip
answer-saved = Saved
checkin-closed = That check-in is closed. You will get a new one soon.
checkin-done = Thank you! That's all for now. Do you want to write something to { $reader ->
       *[youth] your caseworker
        [adult] the caseworker
    }?
checkin-write = Write to { $reader ->
       *[youth] my caseworker
        [adult] the caseworker
    }
ask-comment = Write your message here. { $reader ->
       *[youth] Your caseworker
        [adult] The caseworker
    } sees it.
checkin-reminder = A small reminder: your check-in is still waiting. It only takes a minute.
message-received = Thank you. { $reader ->
       *[youth] Your caseworker
        [adult] The caseworker
    } can see your message.
message-received-stopped = Thank you. { $reader ->
       *[youth] Your caseworker
        [adult] The caseworker
    } can see your message. You get no more check-ins, because you stopped. Send /start if you want to take part again.
flood-received = Thank you. You have written many messages in a short time. I keep them all, and { $reader ->
       *[youth] your caseworker
        [adult] the caseworker
    } gets the next ones together in one message.
participant-stopped = You have stopped. Send /start if you want to take part again.
welcome-back = Good to see you again! You will get check-ins again from next time. Your caseworker will be told.

## The young person's and the network's commands

mine-title = Your goals and your latest answers:
mine-title-network = { $owner } goals and your latest answers:
mine-goal = • { $goal }: { $answers }
mine-goal-no-answers = • { $goal }: no answers yet
mine-no-goals = There are no goals yet.
pause-invalid = Send e.g. /pause 2 for a two-week pause. You can pause for at most { $max } weeks.
pause-not-possible = You cannot pause right now.
pause-already = You are paused until { $until }. Then you get questions again.
pause-stopped = You have stopped and get no questions. Send /start if you want to take part again.
pause-confirmed = Ok, you are paused for { $weeks ->
        [one] one week
       *[other] { $weeks } weeks
    }, until { $until }. Your caseworker will be told. /hjaelp still works.
stop-confirmed = You have stopped and will get no more messages. Your caseworker will be told. Send /start if you want to take part again.
ring-confirmed = Your caseworker will be told. You will get a call as soon as possible.
report-only-network = That command is only for the adults. You can always write to your caseworker here.
report-ask-goal = What do you want to tell about?
report-overall = Overall
report-ask-direction = Has it become better, the same or worse?
report-better = Better
report-same = The same
report-worse = Worse
report-ask-text = Thank you. Do you want to write a little about what you have seen? Write it here, or press "No thanks".
report-no-text = No thanks
report-thanks = Thank you for your report. The caseworker can see it.

## Safety

safety-reply = Thank you for telling me. It sounds serious. Your caseworker is told right away.
safety-reply-adult =
    Thank you for telling us. The caseworker has been told right away.
    • If the child or anyone else is in danger right now, call 112.
    • If you are worried about a child, you can also send a report of concern to the municipality. You can do that on the municipality's website.
    • Outside the municipality's opening hours, you can call the police on 114. They can contact the municipality's social services on call.
    • If you need someone to talk to yourself, call Livslinien on 70 201 201.
safety-concern-adult = Thank you for telling us. The caseworker has your message and will look at it. If the child is in danger right now, call 112.
safety-check-question =
    Thank you for writing. I want to be sure that you are okay.
    Are you in danger right now?

    You can always call BørneTelefonen on 116 111. It is open day and night, and it is free.
safety-check-yes = Yes, I am in danger
safety-check-talk = I would like to talk to someone
safety-check-okay = No, I am okay
safety-check-you-chose = You answered: { $choice }
safety-check-reply-danger = Thank you for answering. Your caseworker is told right away.
safety-check-reply-talk = Good that you say so. Your caseworker is told and will call you as soon as they can. If you want to talk to someone now, call one of the numbers here.
safety-check-reply-okay = Good to hear. Your caseworker has seen your message. You can always write here. You can also call BørneTelefonen on 116 111.
safety-check-answered = You have already answered. Thank you.

## For the caseworker

forward-message = 💬 { $who } in { $code } ({ $nickname }) wrote: { $text }
forward-danger = 🔴 { $who } in { $code } ({ $nickname }) wrote something that may mean danger: { $text }
forward-concern = 🟡 { $who } in { $code } ({ $nickname }) wrote something that may be a concern: { $text }
forward-edited = ✏️ { $who } in { $code } ({ $nickname }) edited a message: { $text }
flood-bundle = 💬 … and { $count } more { $count ->
        [1] message
       *[other] messages
    } from { $who } in { $code } ({ $nickname }) in the last 10 minutes. { $count ->
        [1] It is saved: send /sag { $code } to read it.
       *[other] They are saved: send /sag { $code } to read them.
    }
which-child = Which child is your message about? Tap the name and I will send it to that child's caseworker.
which-child-pause = Which child do you want to pause for?
which-child-stop = Which child do you want to stop for?
which-child-all = All
forward-danger-unsure = 🔴 { $who } in { $code } ({ $nickname }) wrote something that may mean danger. { $who } takes part in several cases, so it is not known which case it is about: { $text }
forward-concern-unsure = 🟡 { $who } in { $code } ({ $nickname }) wrote something that may be a concern. { $who } takes part in several cases, so it is not known which case it is about: { $text }
note-to-agenda-button = 📋 Take to the meeting
note-on-agenda = 📋 The message goes into the agenda draft for the next meeting. Those at the meeting can read it.
note-already-on-agenda = It is already in the draft.
cpr-held-back = Your message seems to contain a CPR number. It was not stored and not passed on, because CPR numbers must not be written here. Please write it again without the number.
caseworker-cpr-held-back = { $who } in { $code } ({ $nickname }) wrote a message with a CPR number. It was not stored or passed on. { $who } was asked to write it again without the number.
safety-check-caseworker-talk = 📞 { $who } in { $code } ({ $nickname }) answered "I would like to talk to someone" to "Are you in danger right now?". A call task was created.
safety-check-caseworker-okay = { $who } in { $code } ({ $nickname }) answered "No, I am okay" to "Are you in danger right now?". The alert still waits for your assessment.
caseworker-participant-paused = { $who } in { $code } ({ $nickname }) pauses check-ins for { $weeks ->
        [one] one week
       *[other] { $weeks } weeks
    }.
caseworker-participant-resumed = { $who } in { $code } ({ $nickname }) is taking part again.
alert-heading = ⚠️ Alert #{ $id } in { $code } ({ $nickname })
alert-heading-urgent = 🔴 URGENT · Alert #{ $id } in { $code } ({ $nickname })
alert-heading-reminder = ⏰ Reminder: alert #{ $id } in { $code } ({ $nickname }) awaits your assessment
alert-heading-escalated = ⬆️ Not assessed: alert #{ $id } in { $code } ({ $nickname }) is passed on to you as team leader
alert-no-goal = no particular goal
alert-question = What is your professional assessment?
alert-rule-reliable_drop = Clearly worse: { $who } · { $goal }: { $previous } → { $latest }, usually { $baseline }.{ $lower ->
        [yes] {" "}On this scale lower is better.
       *[other] {""}
    }
alert-rule-red_zone_cluster = In the red zone repeatedly: { $who } · { $goal }: { $recent }.{ $lower ->
        [yes] {" "}On this scale lower is better.
       *[other] {""}
    }
alert-rule-steady_decline = Gradually worse: { $who } · { $goal }: { $recent }.{ $lower ->
        [yes] {" "}On this scale lower is better.
       *[other] {""}
    }
alert-rule-silence = No answers: { $who } has not answered { $missed } check-ins in a row.
alert-writer-added = { $who } wrote: { $text }
alert-rule-worse_report = { $who } reports that things are worse · { $goal }.
alert-rule-network_drop = { $who } sees a clear worsening · { $goal }: { $previous } → { $latest }, usually { $baseline }.{ $lower ->
        [yes] {" "}On this scale lower is better.
       *[other] {""}
    }
alert-rule-contact_request = { $who } asks to be called.
alert-rule-blocked = { $who } can no longer be reached on Telegram.
alert-rule-stopped = { $who } has stopped all messages with /stop.
alert-rule-safety = { $answer ->
        [in_danger] { $who } answered "Yes, I am in danger" to "Are you in danger right now?". The help numbers were sent.
        [unanswered] { $who } has not answered "Are you in danger right now?" for 2 hours. Make contact now.
       *[other] { $who } wrote something that may mean danger. The help numbers were sent.
    }
alert-rule-concern = { $answer ->
        [asked] { $who } wrote something that may be a concern and was asked "Are you in danger right now?". Without an answer within 2 hours the alert becomes URGENT.
       *[other] { $who } wrote something that may be a concern.
    }
alert-signal = Signal: { $category } · "{ $signal }"
alert-signal-lowered = Changed from danger to concern. The message also mentions "{ $context }".
danger-category-acute = acute danger
danger-category-overdose = overdose
danger-category-suicide = suicide
danger-category-self_harm = self-harm
danger-category-sexual_abuse = sexual abuse
danger-category-violence = violence
danger-category-eating_disorder = eating disorder
danger-category-running_away = running away
danger-category-neglect = neglect
danger-category-other = other
decision-contact = Contact young person/family
decision-adjust_support = Adjust support
decision-call_meeting = Call a meeting
decision-no_action = No action
ask-no-action-reason = Write briefly why nothing needs to happen. The reason is stored as your professional assessment.
assessment-saved = Assessment of alert #{ $id } saved: { $decision }.
alert-already-assessed = That alert has already been assessed.
no-open-alerts = No open alerts. 👍
open-alerts-title = Open alerts: { $count }
case-alerts-heading = Open alerts:
case-alert-line = • #{ $id } { $urgent ->
        [yes] 🔴 { $rule }
       *[no] { $rule }
    }
case-answers-line = ↳ { $who }: { $answers }
case-bundled-heading = Messages that came bundled in the last 7 days, newest first:
case-bundled-line = • { $when } · { $who }: { $text }
rule-reliable_drop = clearly worse
rule-red_zone_cluster = red zone
rule-steady_decline = gradually worse
rule-silence = no answers
rule-worse_report = reported worse
rule-network_drop = worse as seen by the network
rule-contact_request = wants a call
rule-blocked = cannot be reached
rule-stopped = stopped
rule-safety = danger
rule-concern = possible concern
report-leaders-only = Management information is for team leaders with a team.
rhythm-usage = Send e.g. /rytme K-7F2Q ung ugentlig mandag 16.00. Or: hver anden uge onsdag 17.00.
rhythm-ask-role = Who is the new rhythm for?
rhythm-ask-expression = When should the questions come? Write e.g. "ugentlig mandag 16.00" or "hver anden uge onsdag 17.00".
rhythm-invalid = I don't understand that rhythm. Try e.g. "ugentlig mandag 16.00", "hver anden uge onsdag 17.00" or "dagligt 18.00".
rhythm-daily = every day at { $time }
rhythm-weekly = every { $weekday } at { $time }
rhythm-every-other-week = every other { $weekday } at { $time }
rhythm-cron = by the expression { $expression }
rhythm-set = New check-in rhythm in { $code } ({ $role }): { $rhythm }. It applies to { $count ->
        [one] one participant
       *[other] { $count } participants
    }. Next check-in: { $next }.
checkin-now-usage = Send /tjekind <code> or /tjekind <code> alle.
checkin-now-sent = Check-in sent to { $count ->
        [one] one participant
       *[other] { $count } participants
    } in { $code }.
checkin-now-nobody = Nobody to send to in { $code }: no active participants or no goals.
goal-not-found = I cannot find that goal. Use the goal's number from /sag.
witness-text-set = Goal { $position } now reads like this for parents and everyday witnesses: { $text }
witness-text-ask = Write how goal { $position } should read for parents and everyday witnesses. Now it says: { $current }
goal-network-suggestion = { $owner } goal: "{ $text }"
goal-ask-network-wording =
    Parents and everyday witnesses should see the goal in other words than the young person's own. Suggestion:
    { $suggestion }
    Tap to use the suggestion, or write /vidnetekst { $code } { $position } and your own wording. Until then they get no questions about the goal.
goal-accept-network-wording = ✅ Use the suggestion
unknown-scale = I do not know that scale. Send 0-10, aarhus-0-4 or 5-trin.
scale-set = Goal { $position } now uses the scale { $scale }.
scale-ask = Which scale should goal { $position } use?
scale-name-0-10 = 0–10, higher is better
scale-name-aarhus-0-4 = Aarhus 0–4, lower is better
scale-name-5-trin = 5 steps, lower is better
menu-ledelse = Management information for your team
menu-alarmer = Open alerts
menu-tjekind = Send a check-in now
menu-rytme = Change the check-in rhythm
menu-vidnetekst = Wording for parents and network
menu-skala = Change a goal's scale
menu-mine = My goals and answers
menu-pause = Take a pause
menu-ring = Ask your caseworker to call
menu-stop = Stop all messages
menu-meld = Tell about a change

## Pictures of progress

chart-better-up = ↑ better
chart-baseline = Baseline
chart-meeting = Meeting
chart-alert = Alert
chart-date = { $month } { $day }
chart-caption = { $area }: from { $first } to { $latest } since { $since }
chart-caption-few = { $area }: too few answers for a trend yet
chart-own-caption = Your progress. A gap is a week without answers.
chart-network-caption = Your answers about the goals. A gap is a week without answers.
chart-case-caption = Progress for each goal and each person. A gap is a week without answers.

## Menus (short descriptions in Telegram's command menu)

menu-start = Start with an invitation link
menu-hjaelp = Help and important phone numbers
menu-sager = Your cases
menu-sag = Show a case
menu-nysag = Create a case
menu-maal = Add a goal
menu-inviter = Make an invitation link
menu-annuller = Stop a conversation in progress

## Command line (operations)

cli-staff-invite-created =
    The invitation for { $name } ({ $role }) is created.
    Link: { $link }
    Token: { $token }
    The link can be used once and works for { $days } days.

## Demo (taetkontakt demo)

demo-intro = Demo: Tæt kontakt runs against a local Telegram stand-in and a temporary database. Nothing goes over the network.
demo-operator = The operator creates the caseworker Mette: taetkontakt invite-staff --name Mette → { $link }
demo-case = Mette creates a case, two goals in the young person's own words and an invitation.
demo-youth = Lea opens her link, reads what is stored, and says yes.
demo-checkin = Mette sends a check-in at once. Lea taps a number for each goal and writes a message.
demo-alert = Lea asks to be called. Mette gets an alert and documents her professional assessment.
demo-concern = Lea writes something that may be a concern. She is asked whether she is in danger right now and answers that she would like to talk to someone.
demo-overview = Mette looks at the case.
demo-desk = Mette wants to work at her desk and asks the bot for a sign-in link (/skrivebord).
demo-desk-keep = Open the link in a browser now (it works for 10 minutes, once): { $link } — stop the demo with Ctrl-C.
demo-desk-try = Want to try the desk yourself? Run the demo with --keep: it then runs until you press Ctrl-C.
demo-end = End of the demo. Start the real service with TELEGRAM_BOT_TOKEN=… taetkontakt serve
