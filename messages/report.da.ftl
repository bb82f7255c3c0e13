# Tæt kontakt — ledelsesinformation (taetkontakt rapport, /ledelse). Danske tekster (standard).
# Kun samlede tal: ingen navne, kaldenavne, sagskoder eller fritekst. Nøglerne bruges af
# src/domain/report.rs og har ingen variabler.

## Overskrift og periode

mgmt-title = Ledelsesinformation – Tæt kontakt
mgmt-lang = da
mgmt-period = Periode
mgmt-period-start = begyndelsen
mgmt-period-from = Periode fra
mgmt-period-to = Periode til (ikke medregnet)
mgmt-as-of = Opgjort
mgmt-date-format = %-d.%-m.%Y
mgmt-datetime-format = %-d.%-m.%Y kl. %H.%M
mgmt-all-teams = alle teams
mgmt-privacy-note = Kun samlede tal. Tal fra 1 til 4 og alle tal for et team med under 5 sager vises som "<5". Et tal vist som "-" er skjult, så et andet skjult tal ikke kan regnes ud af summer og de andre rækker; procenter og medianer bygget på under 5 vises også som "-". Rådgivere med under 5 sager får ingen egen række. Så kan ingen enkelt ung genkendes.
mgmt-skipped-rows = Rækker, der ikke kunne tælles med (ukendt nøgle eller værdi)

## Grupper

mgmt-group-all = Alle
mgmt-group-team = Team
mgmt-group-no-team = Uden team

## Afsnit

mgmt-section-plans = Planer og mål
mgmt-section-progression = Progression (progressionsmål)
mgmt-section-engagement = Deltagelse
mgmt-section-follow-up = Opfølgning (procesmål)
mgmt-section-breakdown = Fordelt på team og rådgivere

## Planer og mål

mgmt-active-cases = Aktive sager
mgmt-cases-with-goals = Sager med mål
mgmt-goals = Mål
mgmt-own-words = Mål i den unges egne ord
mgmt-area = Område
mgmt-cases = Sager
mgmt-area-udvikling = Udvikling og adfærd
mgmt-area-familie = Familie
mgmt-area-skole = Skole og uddannelse
mgmt-area-sundhed = Sundhed
mgmt-area-fritid = Fritid og venner
mgmt-area-voksenliv = Voksenliv
mgmt-area-andet = Andet

## Progression

mgmt-progression-reliably_better = Pålideligt bedre
mgmt-progression-no_reliable_change = Ingen pålidelig ændring
mgmt-progression-reliably_worse = Pålideligt værre
mgmt-progression-not_yet_measurable = Kan endnu ikke måles
mgmt-youth-measurable = Unge med mindst ét mål, der kan måles
mgmt-youth-better = Unge med mindst ét mål pålideligt bedre
mgmt-youth-worse = Unge med mindst ét mål pålideligt værre
mgmt-progression-note = Sådan måles det: Midten af den unges første 3 svar på et mål holdes op mod midten af de sidste 3. Pålideligt bedre eller værre er mindst 3 point på skalaen 0–10 og 1 point på de andre skalaer. Med under 3 svar kan det ikke måles endnu.

## Deltagelse

mgmt-role-youth = Unge
mgmt-role-parent = Forældre
mgmt-role-witness = Hverdagsbevidnere
mgmt-role-all = Alle roller
mgmt-checkins = Tjek-ind
mgmt-checkin-sent = Sendt
mgmt-checkin-answered = Besvaret
mgmt-checkin-skipped = Sprunget over
mgmt-checkin-missed = Ikke besvaret
mgmt-checkin-open = Åbne
mgmt-checkin-not-sent = Ikke sendt (driftsstop)
mgmt-checkin-answered-share = Besvaret af de afsluttede
mgmt-checkin-answer-rate = Svarprocent
mgmt-participants = Deltagere
mgmt-participant-active = Aktive
mgmt-participant-invited = Inviteret
mgmt-participant-paused = På pause
mgmt-participant-stopped = Stoppet
mgmt-participant-blocked = Har blokeret

## Opfølgning

mgmt-alerts = Alarmer
mgmt-rule-reliable_drop = Tydeligt værre
mgmt-rule-red_zone_cluster = Rødt felt
mgmt-rule-steady_decline = Gradvist værre
mgmt-rule-silence = Ingen svar
mgmt-rule-worse_report = Melding: værre
mgmt-rule-network_drop = Værre set af netværket
mgmt-rule-contact_request = Vil ringes op
mgmt-rule-blocked = Kan ikke nås
mgmt-rule-stopped = Stoppet
mgmt-rule-safety = Mulig fare
mgmt-rule-concern = Mulig bekymring
mgmt-alerts-total = Alarmer i alt
mgmt-assessed-within-48h = Vurderet inden for 48 timer
mgmt-unassessed-over-48h = Ikke vurderet efter 48 timer
mgmt-hours-to-assessment = Tid til faglig vurdering
mgmt-unit-hours = timer
mgmt-calls-within-14-days = Opfølgningsopkald inden for 14 dage efter mødet
mgmt-statutory-on-time = Lovpligtige opfølgninger holdt til tiden
mgmt-meetings-held = Møder holdt
mgmt-agenda-before = Møder med dagsorden sendt ud før mødet
mgmt-meeting-rating = Mødevurdering
mgmt-median = median
mgmt-median-n = antal
mgmt-ratings = vurderinger

## Fordelt på team og rådgivere (korte kolonnenavne)

mgmt-col-youth-better = Unge bedre
mgmt-col-within-48h = Vurderet inden for 48 t
mgmt-col-calls-14-days = Opkald inden for 14 dage

## Tal og diagrammer

mgmt-of = af
mgmt-share-whole = grundlag
mgmt-share-percent = procent
mgmt-decimal-separator = ,
mgmt-chart-areas = Mål pr. område
mgmt-chart-progression = Progression pr. mål
mgmt-chart-checkins = Tjek-ind, udfald
mgmt-chart-note = Mål pr. område viser de områder, der har mål. Tal under 5 står som "<5" uden søjle. I de andre diagrammer er de udeladt. Se alle tal i tabellerne.
mgmt-summary-attached = Alle tal og diagrammer står i filen her.
