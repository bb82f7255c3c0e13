# Tæt kontakt — møder, opfølgningsopkald, lovpligtig opfølgning og dagligt overblik (dansk).
# Korte, varme sætninger. "Du"-form. Ingen CPR-numre, fulde navne eller diagnoser.
#
# Nøglerne agenda-* bruges af dagsordensudkastet (src/render/agenda.rs) og tager ingen
# variabler. Datoformater: %A ugedag, %d dag, %m månedsnummer, %B måned, %Y år,
# %H time og %M minut (to cifre), %% et procenttegn.

## Mødetyper

meeting-kind-kaffe = Kaffemøde
meeting-kind-opstart = Opstartsmøde
meeting-kind-handleplan = Handleplansmøde
meeting-kind-opfoelgning = Opfølgningsmøde
meeting-kind-netvaerk = Netværksmøde
menu-moede = Planlæg et møde

## Rådgiveren planlægger et møde (/moede)

meeting-usage =
    Skriv fx /moede K-7F2Q opfoelgning 3/12 14:00 Rådhuset
    Typer: kaffe, opstart, handleplan, opfoelgning eller netvaerk.
    Dato: 3/12 eller 2026-12-03.
    Tid: 14:00, 14.00 eller 14.
    Stedet kan du springe over.
meeting-ask-kind = Hvilken slags møde?
meeting-ask-date = Hvilken dag er mødet? Skriv fx 3/12 eller 2026-12-03.
meeting-ask-time = Hvornår på dagen? Skriv fx 14:00, 14.00 eller 14.
meeting-ask-place = Hvor holdes mødet? Skriv stedet, eller tryk "Spring over".
meeting-skip-place = Spring over
meeting-unknown-kind = Den mødetype kender jeg ikke. Vælg en af: { $kinds }.
meeting-date-malformed = Den dato forstår jeg ikke. Skriv fx 3/12 eller 2026-12-03.
meeting-date-no-such-date = Den dato findes ikke. Tjek dag og måned.
meeting-date-in-past = Den dato er allerede gået. Skriv en dato fra i dag og frem.
meeting-date-too-far = Det er for langt ude i fremtiden. Du kan højst planlægge et møde { $days } dage frem.
meeting-time-malformed = Det tidspunkt forstår jeg ikke. Skriv fx 14:00, 14.00 eller 14.
meeting-time-no-such-time = Det tidspunkt findes ikke. Skriv fx 14:00.
meeting-time-in-past = Det tidspunkt er allerede gået i dag.
meeting-place-too-long = Stedet er for langt. Højst { $max } tegn.
meeting-created = 🗓 { $kind } i { $code } ({ $nickname }) er planlagt til { $when }. Sted: { $place }.
meeting-place-none = ikke angivet
meeting-agenda-scheduled = Dagsordenen sendes til { $count ->
        [one] én deltager
       *[other] { $count } deltagere
    } { $at }. Du får et udkast dagen før.
meeting-agenda-now = Mødet er om mindre end { $days } dage. Derfor sendes dagsordenen til { $count ->
        [one] én deltager
       *[other] { $count } deltagere
    } med det samme.
meeting-no-participants = Der er ingen aktive deltagere i sagen endnu. Dagsordenen går derfor ikke ud til nogen. Du får stadig et udkast dagen før.
meeting-not-found = Jeg kan ikke finde det møde.
meeting-list-title = Dine planlagte møder ({ $count }):
meeting-list-line = • { $when } · { $kind } · { $code } ({ $nickname })
meeting-list-none = Du har ingen planlagte møder.

## Dagsorden til deltagerne

meeting-agenda =
    Hej! Du er inviteret til et { $kind }{ $reader ->
        [youth] {""}
       *[adult] {" "}om { $nickname }
    }.
    🗓 { $when }
    📍 { $place }
    👥 Med: { $participants }
    Det vigtigste spørgsmål på mødet er:
    Hvad vil vi gerne se ske?
meeting-main-question = Hvad vil vi gerne se ske?
meeting-agenda-ask-wishes = Vil du skrive op til { $max } ting, du gerne vil se ske? Tryk på knappen her. { $reader ->
       *[youth] Din rådgiver
        [adult] Rådgiveren
    } tager dem med til mødet.
checkin-meeting-label = 📋 Til mødet · mål { $n } af { $total }
checkin-meeting-heading = 📋 Til mødet
checkin-meeting-rated = ✓ { $goal }: { $value }
checkin-meeting-skipped = sprunget over
checkin-meeting-done = Tak! Din rådgiver tager dine tal med til mødet.
meeting-agenda-ask-ratings = I beskeden herunder kan du også give hvert mål et tal: Hvordan går det lige nu, synes du? Det hører til mødet. Det er ikke et ekstra tjek-ind.
meeting-wishes-saved = Tak! Du har skrevet { $count } af { $max } ting. Skriv en ting mere, eller tryk Færdig.
meeting-wishes-saved-full = Tak! Du har skrevet alle { $max } ting. Din rådgiver tager dem med til mødet.
meeting-wish-button = ✍️ Skriv, hvad du vil se ske
meeting-wishes-write = Skriv det, du gerne vil se ske. Skriv én ting på hver linje eller i hver besked. Du kan skrive { $room } ting mere (højst { $max } i alt).
meeting-wishes-done-button = Færdig
meeting-wishes-done = Tak. Din rådgiver tager dine ønsker med til mødet. Skriver du mere nu, får din rådgiver det som en besked.
meeting-wishes-full = Der er ikke plads til flere ønsker. Skriver du mere nu, får din rådgiver det som en besked.
meeting-wishes-closed = Du kan ikke skrive ønsker til det møde mere.
meeting-wishes-too-many = Det er flere end { $max } ting. Vælg de vigtigste. Du kan skrive { $room } mere.
meeting-wish-too-long = Det er lidt langt. Skriv højst { $max } tegn for hver ting.
meeting-agenda-reminder = En lille påmindelse: Der er { $kind }{ $reader ->
        [youth] {""}
       *[adult] {" "}om { $nickname }
    } { $when }. Hvad vil du gerne se ske? Tryk på knappen, hvis du vil skrive op til { $max } ting.
meeting-moved-notice = Mødet{ $reader ->
        [youth] {""}
       *[adult] {" "}om { $nickname }
    } er flyttet. Nyt tidspunkt: { $when }.
meeting-cancelled-notice = { $kind }{ $reader ->
        [youth] {""}
       *[adult] {" "}om { $nickname }
    } { $when } er aflyst. Du hører fra { $reader ->
       *[youth] din rådgiver
        [adult] rådgiveren
    }, hvis der kommer et nyt møde.

## Efter mødet: rådgiveren

meeting-ask-outcome = Blev mødet holdt? { $kind } i { $code } ({ $nickname }) { $when }.
meeting-outcome-held = Holdt
meeting-outcome-cancelled = Aflyst
meeting-outcome-moved = Flyttet
meeting-ask-new-time = Hvornår er mødet flyttet til? Skriv dato og tid, fx 10/12 14:00.
meeting-marked-held = Tak! Mødet er registreret som holdt.
meeting-marked-cancelled = Mødet er registreret som aflyst. Deltagerne får besked.
meeting-marked-moved = Mødet er flyttet til { $when }. Alle får den nye dagsorden.
meeting-already-held = Det møde er allerede registreret som holdt.
meeting-already-cancelled = Det møde er allerede registreret som aflyst.
meeting-not-started = Mødet er ikke begyndt endnu. Du kan registrere det, når det er holdt.
meeting-ask-attendance = Hvem var med til mødet? Tryk på dem, der ikke var med. Tryk så "Færdig".
meeting-held-on-desk = Mødet i { $code } ({ $nickname }) { $when } er markeret som holdt på skrivebordet.
meeting-attended-yes = ✓ { $who }
meeting-attended-no = ✗ { $who }
meeting-attendance-done = Færdig
meeting-ask-call-youth = Skal der også være en opgave om at ringe til { $nickname } inden for 14 dage? Det tilbydes unge fra 15 år.
meeting-yes = Ja
meeting-no = Nej
meeting-calls-created = { $count ->
        [one] Der er lavet én opgave om at ringe op.
       *[other] Der er lavet { $count } opgaver om at ringe op.
    } Ring senest { $due }.
meeting-ask-next-follow-up = Hvornår skal næste opfølgning senest holdes? Tryk på knappen, eller skriv en dato.
meeting-next-follow-up-default = Om { $months } måneder, { $date }
meeting-next-follow-up-set = Næste opfølgning i { $code } ({ $nickname }) skal holdes senest { $date }.
meeting-draft-file-caption = Udkast til dagsorden for { $code } ({ $nickname }). Klar til at printe.

## Efter mødet: deltagerne ("Hvordan var mødet for dig?")

meeting-rating-question = Hvordan var mødet for dig? Tryk på et tal fra 0 til 10.
meeting-rating-ends = 0 = slet ikke godt · 10 = rigtig godt
meeting-rating-ask-comment = Tak! Vil du fortælle lidt mere? Skriv det her, eller tryk "Nej tak".
meeting-rating-no-comment = Nej tak
meeting-rating-thanks = Tak for dit svar. Din rådgiver kan se det.
meeting-rating-closed = Det spørgsmål er lukket. Tak alligevel!

## Opfølgningsopkald

call-task-created = 📞 Ring til { $who } i { $code } ({ $nickname }) senest { $due }.
call-contact-request = 📞 { $who } i { $code } ({ $nickname }) vil gerne ringes op. Ring senest { $due }.
call-guide-heading = Spørgsmål til samtalen:
call-question-started = Er indsatsen kommet i gang?
call-question-helps = Bidrager den til en god udvikling?
call-question-news = Er der sket noget nyt?
call-question-contact = Hvordan vil I gerne have kontakt fremover?
call-reminder-day10 = ⏰ Husk at ringe til { $who } i { $code } ({ $nickname }). Senest { $due }.
call-reminder-due_day = ⏰ I dag: ring til { $who } i { $code } ({ $nickname }).
call-outcome-called = Ringet
call-outcome-not_reached = Ikke truffet
call-outcome-postpone = Udskyd
call-reason-after_meeting = Opfølgning efter møde
call-reason-contact_request = Vil gerne ringes op
call-ask-note = Vil du skrive en kort note om samtalen? Skriv den her, eller tryk "Ingen note".
call-no-note = Ingen note
call-done = Tak! Opkaldet er registreret.
call-retry = Okay. Du bliver mindet om at prøve igen { $due }.
call-ask-postpone-date = Til hvornår? Tryk på knappen, eller skriv en dato.
call-postpone-default = { $date }
call-postponed = Okay. Opkaldet er udskudt til { $due }.
call-postpone-not-ahead = Vælg en dato efter i dag.
call-already-done = Det opkald er allerede registreret.

## Lovpligtig opfølgning (Barnets Lov §95)

statutory-ask-support-start = Hvornår startede indsatsen? Skriv en dato, fx 1.9.2026.
statutory-support-start-set = Indsatsen i { $code } ({ $nickname }) gik i gang { $start }. Den første opfølgning skal være senest { $due }.
statutory-remind_soon = 📅 Opfølgningen i { $code } ({ $nickname }) skal holdes senest { $due }. Det er om { $days ->
        [one] én dag
       *[other] { $days } dage
    }. Er mødet planlagt? Brug /moede { $code }.
statutory-remind_due = 📅 Fristen for opfølgningen i { $code } ({ $nickname }) er { $due }.
statutory-alert = ⚠️ Opfølgningen i { $code } ({ $nickname }) skulle have været holdt senest { $due }. Den er { $days ->
        [one] én dag
       *[other] { $days } dage
    } over fristen.
statutory-escalate = ⬆️ Opfølgningen i { $code } ({ $nickname }) hos { $caseworker } er { $days ->
        [one] én dag
       *[other] { $days } dage
    } over fristen, som var { $due }. Den sendes videre til dig som teamleder.

## Dagligt overblik

digest-title = ☀️ Godmorgen! Dit overblik for { $date }:
digest-alerts-heading = ⚠️ Åbne alarmer ({ $count })
digest-alert-line = • #{ $id } { $code } ({ $nickname }): { $rule }
digest-alert-line-urgent = • 🔴 #{ $id } { $code } ({ $nickname }): { $rule }
digest-calls-heading = 📞 Opkald ({ $count })
digest-call-line = • { $code } ({ $nickname }): ring til { $who } senest i dag
digest-call-line-overdue = • { $code } ({ $nickname }): ring til { $who } – { $days ->
        [one] én dag
       *[other] { $days } dage
    } for sent
digest-meetings-heading = 🗓 Møder de næste 7 dage ({ $count })
digest-meeting-line = • { $when }: { $kind } · { $code } ({ $nickname })
digest-agendas-heading = ✍️ Dagsordener, der venter på svar ({ $count })
digest-agenda-line = • { $code } ({ $nickname }), møde { $when }: { $answered } af { $invited } har svaret
digest-follow-ups-heading = 📅 Opfølgninger inden for 14 dage ({ $count })
digest-follow-up-line = • { $code } ({ $nickname }): senest { $due }
digest-follow-up-line-overdue = • { $code } ({ $nickname }): { $days ->
        [one] én dag
       *[other] { $days } dage
    } over fristen, som var { $due }
digest-more = … og { $count } til.

## Dagsordensudkast til rådgiveren (HTML og kort besked)

agenda-html-lang = da
agenda-file-name-prefix = dagsorden
agenda-title = Dagsorden – udkast
agenda-draft-note = Udkast til dig som rådgiver. Ret og tilføj før mødet. Det er et udgangspunkt, ikke en konklusion.
agenda-when = Tid
agenda-place = Sted
agenda-place-none = Ikke angivet
agenda-participants = Deltagere
agenda-participants-none = Ingen inviteret endnu
agenda-period = Perioden
agenda-period-since = Siden sidste møde
agenda-period-all = Alt indtil nu (første møde)
agenda-main-question-label = Hovedspørgsmål
agenda-main-question = Hvad vil vi gerne se ske?
agenda-goals-heading = Målene – udviklingen siden sidst
agenda-goals-none = Der er ingen mål endnu.
agenda-goal-no-answers = Ingen svar i perioden.
agenda-scale-0-10 = Skala 0–10. Højere er bedre.
agenda-scale-aarhus-0-4 = Aarhus-skalaen 0–4. Lavere er bedre. 0 = ingen problemer.
agenda-scale-5-trin = Trivselsskala 1–5. Lavere er bedre. 1 = trives.
agenda-col-who = Hvem
agenda-col-answers = Svar
agenda-col-first = Første
agenda-col-latest = Seneste
agenda-col-median = Median
agenda-col-trend = Udvikling
agenda-trend-better = Bedre
agenda-trend-same = Uændret
agenda-trend-worse = Værre
agenda-trend-not-enough = For få svar
agenda-trend-how = I hver rubrik står, om det går bedre. Så kommer første og sidste svar, medianen og antal svar.
agenda-answers-count = svar
agenda-role-youth = ung
agenda-role-parent = forælder
agenda-role-witness = hverdagsbevidner
agenda-role-other = fagperson
agenda-alerts-heading = Alarmer og faglige vurderinger
agenda-alerts-none = Ingen alarmer i perioden.
agenda-col-date = Dato
agenda-col-alert = Alarm
agenda-col-about = Hvem og hvad
agenda-col-assessment = Vurdering
agenda-urgent = Haster
agenda-not-assessed = Ikke vurderet endnu
agenda-rule-reliable_drop = Tydeligt værre
agenda-rule-red_zone_cluster = I det røde felt flere gange
agenda-rule-steady_decline = Gradvist værre
agenda-rule-silence = Ingen svar
agenda-rule-worse_report = Melding: værre
agenda-rule-network_drop = Værre set af netværket
agenda-rule-contact_request = Vil ringes op
agenda-rule-blocked = Kan ikke nås i Telegram
agenda-rule-stopped = Har stoppet
agenda-rule-safety = Mulig fare
agenda-rule-concern = Mulig bekymring
agenda-decision-contact = Kontakt ung/familie
agenda-decision-adjust_support = Juster indsats
agenda-decision-call_meeting = Indkald til møde
agenda-decision-no_action = Ingen handling
agenda-reports-heading = Meldinger fra hverdagen
agenda-reports-none = Ingen meldinger i perioden.
agenda-col-goal = Mål
agenda-col-direction = Retning
agenda-col-text = Det skrev de
agenda-report-overall = Overordnet
agenda-report-better = Bedre
agenda-report-same = Uændret
agenda-report-worse = Værre
agenda-disagreements-heading = Forskelle mellem svarene
agenda-disagreements-intro = Her ser en voksen målet tydeligt dårligere, end den unge selv gør. Det er godt at tale om sammen.
agenda-disagreements-none = De seneste svar fra den unge og de voksne ligner hinanden.
agenda-col-youth = Den unge
agenda-col-other = Den voksne
agenda-col-gap = Forskel
agenda-wishes-none = Ingen har skrevet ønsker endnu.
agenda-ratings-heading = Hvordan var sidste møde?
agenda-ratings-intro = Svar på "Hvordan var mødet for dig?" fra 0 til 10 efter sidste møde. Svar under 9 eller lavere end sidst er markeret. Det er godt at tale om, men det er ikke en alarm.
agenda-ratings-none = Ingen svar fra sidste møde.
agenda-col-rating = Nu
agenda-col-previous = Sidst
agenda-col-comment = Kommentar
agenda-col-talk = Tal om
agenda-rating-talk = Tal om det
agenda-sos-heading = Tre spørgsmål til mødet
agenda-sos-intro = Forslag ud fra det, der er kommet ind siden sidst. Flyt, stryg og tilføj på mødet.
agenda-sos-worries = Hvad bekymrer?
agenda-sos-working = Hvad fungerer?
agenda-sos-next = Hvad skal der ske?
agenda-sos-other = Andre kommentarer, som du selv placerer
agenda-footer-created = Udkast dannet
agenda-footer-confidential = Fortroligt. Kun til mødets deltagere. Beskeder til rådgiveren er kun med, hvis rådgiveren har valgt at tage dem med.
agenda-datetime-format = %A %d. %B %Y kl. %H.%M
agenda-date-format = %d. %B %Y
agenda-short-date-format = %d.%m.
agenda-decimal-separator = ,
agenda-weekday-1 = mandag
agenda-weekday-2 = tirsdag
agenda-weekday-3 = onsdag
agenda-weekday-4 = torsdag
agenda-weekday-5 = fredag
agenda-weekday-6 = lørdag
agenda-weekday-7 = søndag
agenda-month-1 = januar
agenda-month-2 = februar
agenda-month-3 = marts
agenda-month-4 = april
agenda-month-5 = maj
agenda-month-6 = juni
agenda-month-7 = juli
agenda-month-8 = august
agenda-month-9 = september
agenda-month-10 = oktober
agenda-month-11 = november
agenda-month-12 = december
agenda-summary-title = Udkast til dagsorden
agenda-summary-alerts = Alarmer
agenda-summary-unassessed = ikke vurderet
agenda-summary-reports = Meldinger
agenda-summary-disagreements = forskelle
agenda-summary-wishes = Ønsker til mødet
agenda-summary-wishers = personer med ønsker
agenda-summary-ratings-to-talk = Mødevurderinger at tale om
agenda-summary-confidential = Fortrolige beskeder, der ikke er med i udkastet. Tryk «Tag med på mødet» ved en besked for at tage den med.
agenda-summary-attached = Hele udkastet er vedhæftet som en fil, du kan printe.

## Tilføjet sammen med møde-kommandoerne

meeting-when = { $weekday } { $day }. { $month } kl. { $hour }.{ $minute }
meeting-date = { $day }. { $month } { $year }
meeting-invitees = Inviterede til mødet. Den unge og forældrene er med fra start. Tryk for at tilføje en hverdagsbevidner eller fjerne nogen.
meeting-invitees-none = Der er ingen deltagere i sagen endnu. Inviter dem med /inviter.
meeting-invited-yes = ✓ { $who }
meeting-invited-no = ➕ { $who }
meeting-not-planned = Det møde er ikke planlagt længere.
meeting-agenda-caseworker = { $reader ->
       *[youth] din rådgiver
        [adult] rådgiveren
    }
meeting-ratings-sent = { $count ->
        [one] Én deltager bliver spurgt, hvordan mødet var.
       *[other] { $count } deltagere bliver spurgt, hvordan mødet var.
    }
draft-no-meeting = Der er intet planlagt møde i { $code }. Planlæg et med /moede { $code }.
call-list-title = Dine åbne opkald ({ $count }):
call-list-none = Du har ingen åbne opkald.
call-list-after_meeting = 📞 Ring til { $who } i { $code } ({ $nickname }) senest { $due }. Det er opfølgning efter et møde.
statutory-start-in-future = Den dato er ikke kommet endnu. Skriv den dato, hvor indsatsen startede.
help-staff-meetings =
    • /moede <kode> <type> <dato> <tid> [sted] – planlæg et møde
    • Typer: kaffe, opstart, handleplan, opfoelgning og netvaerk
    • /moeder – dine planlagte møder. Her kan du aflyse eller flytte dem.
    • /udkast <kode> – udkast til dagsorden for næste møde nu
    • /opkald – dine åbne opkald
    • /indsats <kode> <dato> – hvornår indsatsen gik i gang. Den første opfølgning skal være 3 måneder efter.
meeting-attendance-recorded = Med til mødet: { $who }
meeting-rating-chosen = Dit svar: { $value } ✓
menu-moeder = Dine planlagte møder
menu-udkast = Udkast til dagsorden
menu-opkald = Dine opkald
menu-indsats = Start på indsatsen (opfølgning)
