# Lukning, journal og sletning: /luk, /journal, afsked til deltagerne, påmindelser.

menu-luk = Luk en sag
menu-journal = Journal til sagssystemet
help-staff-lifecycle =
    • /luk <kode> – luk en sag, når forløbet er slut (alle får en afskedshilsen)
    • /journal <kode> [fra] [til] – journalen som fil til sagssystemet, fx /journal K-7F2Q 1.9.2026 30.11.2026

## /luk

close-ask-case = Hvilken sag vil du lukke?
close-open-alerts = { $count ->
    [one] Før { $code } ({ $nickname }) kan lukkes, skal den åbne alarm vurderes. Den kommer her med sine knapper.
   *[other] Før { $code } ({ $nickname }) kan lukkes, skal de { $count } åbne alarmer vurderes. De kommer her, hver med sine knapper.
}
close-still-open = { $count ->
    [one] Der er stadig én alarm i { $code } ({ $nickname }), som ikke er vurderet. Her er den igen.
   *[other] Der er stadig { $count } alarmer i { $code } ({ $nickname }), som ikke er vurderet. Her er de igen.
}
close-after-alerts = Tryk «Luk sagen», når alle alarmer er vurderet.
close-continue-button = Luk sagen
close-cancel-button = Fortryd
close-cancelled = Sagen er ikke lukket. Alt fortsætter som før.
close-already = { $code } ({ $nickname }) er allerede lukket. Skriv /journal { $code }, hvis du skal bruge journalen igen.
close-ask-reason = Hvorfor lukkes { $code } ({ $nickname })?
    Når du trykker, er sagen lukket. Alle deltagere får en kort hilsen til afsked. Der kommer ikke flere spørgsmål, påmindelser eller dagsordener. Journalen kommer bagefter som en fil.
close-reason-goal_reached = Mål nået
close-reason-support_ended = Støtten er slut
close-reason-moved = Flyttet
close-reason-other = Andet
case-closed-caseworker = { $code } ({ $nickname }) er lukket · { $reason }.
    { $told ->
        [0] Ingen deltagere skulle have en afskedshilsen.
        [one] Én deltager har fået en afskedshilsen.
       *[other] { $told } deltagere har fået en afskedshilsen.
    }{ $revoked ->
        [0] {""}
        [one] {" "}Én åben invitation er trukket tilbage.
       *[other] {" "}{ $revoked } åbne invitationer er trukket tilbage.
    }
    Journalen kommer her som en fil. Gem den i sagssystemet. { $days ->
        [0] Sagens data her i chatten bliver slettet snart.
        [one] Sagens data her i chatten bliver slettet om én dag.
       *[other] Sagens data her i chatten bliver slettet om { $days } dage.
    }

goodbye-youth = Hej { $nickname } 👋
    Din rådgiver har afsluttet jeres kontakt her i chatten. Du får ikke flere spørgsmål fra mig. Tak, fordi du var med!
    Det, du har svaret og skrevet, kommer med i din sag hos kommunen. { $days ->
        [0] Her i chatten bliver det slettet snart.
        [one] Her i chatten bliver det slettet om én dag.
       *[other] Her i chatten bliver det slettet om { $days } dage.
    }
    Din rådgiver er der stadig. Du kan ringe eller skrive til din rådgiver, som du plejer – bare ikke her.
    Har du brug for at tale med nogen, kan du altid ringe til BørneTelefonen på 116 111. Det er gratis, og de har åbent hele døgnet.
goodbye-adult = Tak for hjælpen.
    { $owner } forløb her i chatten er afsluttet, så du får ikke flere spørgsmål eller dagsordener herfra.
    Det, du har svaret og skrevet, kommer med i sagen hos kommunen. { $days ->
        [0] Her i chatten bliver det slettet snart.
        [one] Her i chatten bliver det slettet om én dag.
       *[other] Her i chatten bliver det slettet om { $days } dage.
    }
    Du kan stadig kontakte rådgiveren, som du plejer.
contact-ended-youth = Din kontakt med rådgiveren her i chatten er slut, så din besked kommer ikke videre herfra. Ring eller skriv til din rådgiver, som du plejer.
    Er du i fare, så ring 112. Vil du tale med nogen, så ring til BørneTelefonen på 116 111 – hele døgnet.
contact-ended-adult = Kontakten med rådgiveren her i chatten er slut, så din besked kommer ikke videre herfra. Kontakt rådgiveren, som du plejer.
    Er et barn i fare, så ring 112.
contact-ended-short = Kontakten her i chatten er slut.

## /journal

journal-usage = Skriv /journal og sagens kode, fx /journal K-7F2Q. Vil du kun have en periode, så skriv datoerne bagefter: /journal K-7F2Q 1.9.2026 30.11.2026.
journal-bad-date = Jeg kan ikke læse datoen «{ $text }». Skriv den som 1.9.2026 eller 2026-09-01.
journal-caption = Journal for { $code } ({ $nickname }): hele forløbet. Åbn filen i en browser for at printe den, og gem den i sagssystemet.
journal-caption-period = Journal for { $code } ({ $nickname }) i den valgte periode. Åbn filen i en browser for at printe den.

## Påmindelse: lukket, men aldrig journaliseret

purge-reminder-caseworker = { $code } ({ $nickname }) blev lukket for { $days } dage siden, men journalen er endnu ikke lavet. Derfor bliver intet slettet endnu. Skriv /journal { $code }, og gem filen i sagssystemet.
purge-reminder-leader = { $code } ({ $nickname }) hos { $caseworker } blev lukket for { $days } dage siden, men journalen er endnu ikke lavet. Derfor bliver intet slettet endnu. Rådgiveren har fået besked.

## Journaludskriften (HTML)

journal-title = Journaludskrift
journal-note = Det her er til sagens journal. Her står alt, der er svaret, skrevet og vurderet i Tæt kontakt i perioden.
journal-caseworker = Rådgiver
journal-team = Team
journal-status = Status
journal-case-status-active = aktiv
journal-case-status-paused = på pause
journal-case-status-closed = lukket
journal-case-status-exported = lukket og journaliseret
journal-case-status-purged = slettet
journal-created = Oprettet
journal-closed = Lukket
journal-period = Periode
journal-period-all = hele forløbet
journal-made = Udskrevet
journal-statutory = Lovpligtig opfølgning
journal-statutory-line = indsatsen startede { $started } · første opfølgning senest { $due }
journal-participants = Deltagere
journal-who = Hvem
journal-invited = Inviteret
journal-joined = Med fra
journal-left = Stoppede
journal-state = Status
journal-goals = Mål og deres ordlyd
journal-network-wording = Forældre og netværk ser:
journal-wording-history = Ordlyd over tid:
journal-audience-youth = den unges egne ord
journal-audience-network = forældre og netværk
journal-answers = Alle svar
journal-goal = Mål
journal-asked = Spurgt
journal-answer = Svar
journal-answer-skipped = sprunget over
journal-answer-missed = ikke svaret
journal-alerts = Alarmer og faglige vurderinger
journal-urgent = haster
journal-escalated = Sendt til teamleder:
journal-not-assessed = Ikke vurderet.
journal-alert-replaced = Afløst af en stærkere alarm.
journal-assessment = Faglig vurdering:
journal-reason = Begrundelse:
journal-reports = Meldinger og beskeder
journal-when = Hvornår
journal-what = Hvad
journal-report = Melding:
journal-direction-better = bedre
journal-direction-same = uændret
journal-direction-worse = værre
journal-meetings = Møder
journal-meeting-status-planned = planlagt
journal-meeting-status-held = holdt
journal-meeting-status-cancelled = aflyst
journal-agenda-sent = dagsorden sendt
journal-wishes = Ønsker til mødet
journal-attended = Deltog
journal-rating = Mødet var
journal-yes = ja
journal-no = nej
journal-calls = Opfølgningsopkald
journal-call-reason = Hvorfor
journal-due = Senest
journal-outcome = Hvordan gik det
journal-call-status-open = ikke ringet endnu
journal-call-status-done = gennemført
journal-call-status-cancelled = annulleret
journal-call-outcome-called = talt sammen
journal-call-outcome-not_reached = ikke truffet
journal-call-outcome-postpone = udsat
journal-footer = Fortroligt. Her står oplysninger om et barn eller en ung. Gem udskriften i kommunens sagssystem. Slet den så fra din computer.
journal-none = Intet i perioden.
journal-nobody = sagen
journal-overall = overordnet
journal-fact-latest = seneste svar { $value }
journal-fact-previous = svaret før { $value }
journal-fact-baseline = sædvanligvis { $value }
journal-fact-recent = forløb { $value }
journal-fact-missed = { $value } tjek-ind i træk uden svar
journal-fact-danger = kategori: { $value }
journal-fact-signal = signal: «{ $value }»
status-removed = fjernet
