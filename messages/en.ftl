# Tæt kontakt — English texts.
# Short, warm sentences. Never CPR numbers, full names or diagnoses.

## Common

help-numbers =
    Do you need help right now?
    • Call 112 in an emergency.
    • BørneTelefonen: 116 111 (open day and night, free).
    • Livslinien: 70 201 201.
group-not-supported = I only work in private chats. Please write to me directly instead of in a group.
only-text = I can only read text. Please write in words instead.
text-too-long = Your message is too long for me. Please split it into shorter messages.
cancelled = Ok, cancelled.
unknown-command = I don't know that command. Send /hjaelp to see what you can do.
staff-only = That command is for caseworkers only.
button-expired = That button is no longer active.
try-again = Something went wrong. Please try again in a moment.
stranger =
    Hi! I am Tæt kontakt, the municipality's follow-up chat.
    You need an invitation link from your caseworker to use me.
help-stranger = You need an invitation link from your caseworker to use me.
participant-text-received = Thank you for your message. To reach your caseworker, call or write to them as usual.

## Invitations

invite-invalid = That link does not work. Check that you have the whole link, or ask for a new one.
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
help-staff =
    Commands:
    • /nysag <nickname> – create a case
    • /maal <code> <area> <text> – add a goal
    • /inviter <code> ung|forælder|vidne <relation> [name] – invite
    • /sager – your cases
    • /sag <code> – one case
    • /annuller – stop a conversation in progress
    Areas: udvikling, familie, skole, sundhed, fritid, voksenliv, andet.
staff-hint = Send /hjaelp to see your commands.
case-not-found = I cannot find that case. Check the code (e.g. K-7F2Q).
ask-nickname = What is the young person's nickname? (A nickname only – never a full name or CPR number.)
case-created = The case is created: { $code } ({ $nickname }). Add goals with /maal { $code } <area> <text>.
ask-case = Which case?
ask-area = Which area does the goal belong to?
ask-goal-text = Write the goal in the young person's own words, e.g. "I go to school every day".
unknown-area = I don't know that area. Choose one of: { $areas }.
too-many-goals = The case already has { $max } active goals. A check-in must take no more than a minute.
goal-added = Goal { $count } added to { $code } ({ $area }): "{ $text }"
ask-role = Whom do you want to invite?
ask-relation = What is the person's relation to the young person? (e.g. grandmother, coach, teacher)
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
case-no-goals = (no goals yet)
case-goal-line = { $position }. { $area }: "{ $text }" (scale { $scale })
case-participants-heading = Participants:
case-no-participants = (nobody invited yet)
case-participant-line = • { $who }: { $status }
text-empty = The text is missing.
text-too-long-for-field = The text is too long. At most { $max } characters.
text-looks-like-cpr = That looks like a CPR number. Never write CPR numbers here.
caseworker-participant-joined = { $who } has agreed to take part in { $code } ({ $nickname }).
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
role-witness = witness
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
    Only your caseworker sees your answers.
    You can stop at any time by sending /stop.
    Do you want to take part?
consent-parent =
    Hi! The caseworker for { $nickname } has invited you to Tæt kontakt.
    Every other week you get a few short questions, and you can always tell us about changes.
    What we keep: your answers and what you write. Only the caseworker sees your answers.
    You can stop at any time with /stop.
    Do you want to take part?
consent-witness =
    Hi! The caseworker for { $nickname } has invited you as an everyday witness in Tæt kontakt.
    Every other week you get a few short questions about what you see day to day, and you can always tell us about changes.
    What we keep: your answers and what you write. Only the caseworker sees your answers.
    You can stop at any time with /stop.
    Do you want to take part?
consent-yes = Yes, I'm in
consent-no = No thanks
consent-declined = That's fine. Your caseworker will be told. If you change your mind, you can open the link again while it is valid.
welcome-youth = Thank you for taking part! Your first check-in comes soon. Send /hjaelp at any time.
welcome-network = Thank you for taking part! Your first check-in comes soon. Send /hjaelp at any time.
help-participant =
    You are taking part in Tæt kontakt.
    • /hjaelp – this help
    Your caseworker sees your answers.

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
    Invitation for { $name } ({ $role }) created.
    Link: { $link }
    Token: { $token }
    The link works once and for { $days } days.
caseworker-participant-blocked = { $who } in { $code } ({ $nickname }) can no longer be reached on Telegram (blocked the chat or deleted the account). Pending messages were cancelled.

## Demo (taetkontakt demo)

demo-intro = Demo: Tæt kontakt runs against a local Telegram stand-in and a temporary database. Nothing goes over the network.
demo-operator = The operator creates the caseworker Mette: taetkontakt invite-staff --name Mette → { $link }
demo-case = Mette creates a case, two goals in the young person's own words and an invitation.
demo-youth = Lea opens her link, reads what is stored, and says yes.
demo-overview = Mette looks at the case.
demo-end = End of the demo. Start the real service with TELEGRAM_BOT_TOKEN=… taetkontakt serve
