# Tæt kontakt — management information (taetkontakt rapport, /ledelse). English texts.
# Aggregates only: no names, nicknames, case codes or free text. The keys are used by
# src/domain/report.rs and take no variables.

## Title and period

mgmt-title = Management information – Tæt kontakt
mgmt-lang = en
mgmt-period = Period
mgmt-period-start = start
mgmt-period-from = Period from
mgmt-period-to = Period to (not included)
mgmt-as-of = As of
mgmt-date-format = %-d %B %Y
mgmt-datetime-format = %-d %B %Y at %H:%M
mgmt-all-teams = all teams
mgmt-privacy-note = Aggregates only. Counts from 1 to 4 and every count of a team with fewer than 5 cases are shown as "<5". A figure shown as "-" is hidden so that another hidden figure cannot be worked out from totals and the other rows; percentages and medians built on fewer than 5 are shown as "-" too. Caseworkers with fewer than 5 cases get no row of their own. So no single young person can be recognised.
mgmt-skipped-rows = Rows that could not be counted (unknown key or value)

## Groups

mgmt-group-all = All
mgmt-group-team = Team
mgmt-group-no-team = No team

## Sections

mgmt-section-plans = Plans and goals
mgmt-section-progression = Progression (outcome goals)
mgmt-section-engagement = Engagement
mgmt-section-follow-up = Follow-up (process goals)
mgmt-section-breakdown = By team and caseworker

## Plans and goals

mgmt-active-cases = Active cases
mgmt-cases-with-goals = Cases with goals
mgmt-goals = Goals
mgmt-own-words = Goals in the young person's own words
mgmt-area = Area
mgmt-cases = Cases
mgmt-area-udvikling = Development and behaviour
mgmt-area-familie = Family
mgmt-area-skole = School and education
mgmt-area-sundhed = Health
mgmt-area-fritid = Leisure and friends
mgmt-area-voksenliv = Adult life
mgmt-area-andet = Other

## Progression

mgmt-progression-reliably_better = Reliably better
mgmt-progression-no_reliable_change = No reliable change
mgmt-progression-reliably_worse = Reliably worse
mgmt-progression-not_yet_measurable = Not yet measurable
mgmt-youth-measurable = Young people with at least one measurable goal
mgmt-youth-better = Young people with at least one goal reliably better
mgmt-youth-worse = Young people with at least one goal reliably worse
mgmt-progression-note = How it is measured: the middle (median) of the young person's first 3 answers on a goal is compared with the middle of the last 3. Reliably better or worse is at least 3 points on the 0–10 scale and 1 point on the other scales. With fewer than 3 answers it cannot be measured yet.

## Engagement

mgmt-role-youth = Young people
mgmt-role-parent = Parents
mgmt-role-witness = Everyday witnesses
mgmt-role-all = All roles
mgmt-checkins = Check-ins
mgmt-checkin-sent = Sent
mgmt-checkin-answered = Answered
mgmt-checkin-skipped = Skipped
mgmt-checkin-missed = Not answered
mgmt-checkin-open = Open
mgmt-checkin-not-sent = Not sent (service down)
mgmt-checkin-answered-share = Answered of those closed
mgmt-checkin-answer-rate = Answer rate
mgmt-participants = Participants
mgmt-participant-active = Active
mgmt-participant-invited = Invited
mgmt-participant-paused = Paused
mgmt-participant-stopped = Stopped
mgmt-participant-blocked = Has blocked the chat

## Follow-up

mgmt-alerts = Alerts
mgmt-rule-reliable_drop = Clearly worse
mgmt-rule-red_zone_cluster = Red zone
mgmt-rule-steady_decline = Gradually worse
mgmt-rule-silence = No answers
mgmt-rule-worse_report = Report: worse
mgmt-rule-network_drop = Worse as the network sees it
mgmt-rule-contact_request = Wants a call
mgmt-rule-blocked = Cannot be reached
mgmt-rule-stopped = Stopped
mgmt-rule-safety = Possible danger
mgmt-rule-concern = Possible concern
mgmt-alerts-total = Alerts in total
mgmt-assessed-within-48h = Assessed within 48 hours
mgmt-unassessed-over-48h = Not assessed after 48 hours
mgmt-hours-to-assessment = Time to assessment
mgmt-unit-hours = hours
mgmt-calls-within-14-days = Follow-up calls within 14 days after the meeting
mgmt-statutory-on-time = Statutory follow-ups held on time
mgmt-meetings-held = Meetings held
mgmt-agenda-before = Meetings with the agenda sent out beforehand
mgmt-meeting-rating = Meeting rating
mgmt-median = median
mgmt-median-n = number
mgmt-ratings = ratings

## By team and caseworker (short column names)

mgmt-col-youth-better = Young people better
mgmt-col-within-48h = Assessed within 48 h
mgmt-col-calls-14-days = Calls within 14 days

## Numbers and charts

mgmt-of = of
mgmt-share-whole = base
mgmt-share-percent = percent
mgmt-decimal-separator = .
mgmt-chart-areas = Goals per area
mgmt-chart-progression = Progression per goal
mgmt-chart-checkins = Check-ins, outcomes
mgmt-chart-note = Goals per area shows the areas that have goals. Numbers below 5 are shown as "<5" without a bar. The other charts leave them out. See all numbers in the tables.
mgmt-summary-attached = All numbers and charts are in the file here.
