## Skrivebordet: the caseworker's web desk (read by staff).

menu-skrivebord = Log ind på skrivebordet på nettet
desk-link-sent = Her er dit link til skrivebordet:
    { $link }

    Linket virker i { $minutes } minutter og kun én gang. Del det ikke med andre.
desk-off = Skrivebordet på nettet er slået fra her. Spørg den, der driver tjenesten.

desk-name = Tæt kontakt · skrivebord
desk-skip-to-content = Gå til indholdet
desk-nav-label = Menu
desk-nav-cases = Mine sager
desk-log-out = Log ud

desk-login-title = Log ind
desk-login-text = Tryk på knappen for at logge ind på skrivebordet.
desk-login-button = Log ind
desk-link-gone-title = Linket virker ikke mere
desk-link-gone-text = Linket er brugt, eller de 10 minutter er gået. Skriv /skrivebord til botten i Telegram, så får du et nyt link.
desk-signed-out-title = Du er ikke logget ind
desk-signed-out-text = Du er ikke logget ind, eller du har ikke brugt siden i et stykke tid. Skriv /skrivebord til botten i Telegram, så får du et nyt link.
desk-logged-out-title = Du er logget ud
desk-logged-out-text = Du er logget ud. Skriv /skrivebord til botten i Telegram, når du vil ind igen.
desk-not-found-title = Siden findes ikke
desk-not-found-text = Vi kan ikke finde den side. Tjek adressen, eller gå tilbage til dine sager.
desk-error-title = Noget gik galt
desk-error-text = Noget gik galt hos os. Prøv igen om lidt.
desk-csrf-title = Formularen er for gammel
desk-csrf-text = Formularen passer ikke til dit login. Gå tilbage, hent siden igen og prøv en gang til.
desk-slow-down-title = For mange forsøg
desk-slow-down-text = Der er lavet for mange forsøg på at logge ind. Vent et minut og prøv igen.

desk-cases-title = Mine sager
desk-cases-none = Du har ingen sager endnu. Opret en sag med /nysag i Telegram.
desk-cases-caption = { $count ->
    [one] 1 sag – dem, der har mest brug for dig, står først
   *[other] { $count } sager – dem, der har mest brug for dig, står først
}
desk-col-case = Sag
desk-col-code = Kode
desk-col-alerts = Alarmer
desk-col-last-answer = Seneste svar
desk-col-next-meeting = Næste møde
desk-col-who = Hvem
desk-col-state = Status
desk-col-answers = Seneste svar
desk-col-latest = Senest
desk-alerts-urgent = { $count } haster
desk-alerts-open = { $count ->
        [one] 1 åben
       *[other] { $count } åbne
    }
desk-alerts-none = Ingen
desk-no-answers = Ingen svar endnu
desk-no-meeting = Intet planlagt
desk-days-ago = { $days ->
    [0] i dag
    [1] i går
   *[other] for { $days } dage siden
}
desk-case-status-active = aktiv
desk-case-status-paused = på pause
desk-case-status-closed = lukket
desk-case-status-exported = lukket
desk-case-status-purged = slettet

desk-case-title = { $nickname } · { $code }
desk-case-alerts = Åbne alarmer
desk-case-no-alerts = Ingen åbne alarmer.
desk-case-goals = Mål
desk-case-no-goals = Sagen har ingen mål endnu.
desk-case-participants = Deltagere
desk-case-no-participants = Ingen er inviteret endnu.
desk-urgent = Haster
desk-alert-raised = oprettet { $when }
desk-goal-own-words = Med den unges egne ord
desk-goal-network-wording = Sådan ser netværket målet
desk-goal-no-network-wording = Ikke valgt endnu
desk-goal-no-answers = Ingen svar på dette mål endnu.
desk-goal-answers-caption = De seneste svar fra hver person

desk-nav-alerts = Alarmer
desk-alerts-title = Alarmer
desk-alerts-page-none = Der er ingen åbne alarmer. Godt gået.
desk-assessment-legend = Din faglige vurdering
desk-assessment-reason = Begrundelse (skal udfyldes ved «Ingen handling»)
desk-assessment-save = Gem vurdering
desk-assessment-saved = Vurderingen er gemt.
desk-assessment-reason-needed = Skriv kort, hvorfor der ikke skal ske noget. Så kan du gemme «Ingen handling».
desk-assessment-already = Den alarm er allerede vurderet, måske i Telegram. Der er ikke gemt noget nyt.
desk-assessment-choose = Vælg en af de fire muligheder.

desk-case-meetings = Møder
desk-case-next-meeting = Næste møde: { $kind }, { $when }.
desk-case-draft-link = Dagsordensudkast til mødet (kan printes)
desk-draft-title = Dagsordensudkast
desk-draft-no-meeting = Der er intet planlagt møde i sagen. Planlæg et under Møder.

desk-case-journal-link = Journal til kommunens sagssystem
desk-journal-title = Journal · { $nickname } · { $code }
desk-journal-text = Journalen samler sagens mål, svar, alarmer med vurderinger, møder og opkald. Den kan printes eller gemmes og lægges i sagssystemet. Er sagen lukket, tæller slettefristen fra nu.
desk-journal-button = Hent journalen
desk-journal-back = Tilbage til sagen

## Sagens sider: deltagere, netværk, beskeder, møder, revision og listen over sager (deskcase).

desk-back-to-case = Tilbage til sagen
desk-participants-link = Deltagere og invitationer
desk-network-link = Netværket som billede
desk-participants-title = Deltagere · { $nickname } · { $code }
desk-participants-caption = Alle, der er med i sagen eller er inviteret
desk-participants-not-own = Kun sagens rådgiver kan invitere, fjerne og ændre rytmen.
desk-col-rhythm = Rytme
desk-col-actions = Handling
desk-remove-named = Fjern { $who }
desk-revoke-named = Tilbagekald invitationen til { $who }
desk-open-invites = Åbne invitationer
desk-open-invites-none = Der er ingen åbne invitationer.
desk-invite-heading = Inviter en ny deltager
desk-invite-text = Vælg, hvem du inviterer. Du får et link og en QR-kode, som personen kan scanne med sin telefon.
desk-invite-role = Hvem inviterer du?
desk-invite-relation = Relation til den unge, fx morfar eller træner (kun for hverdagsbevidnere)
desk-invite-name = Navn eller kaldenavn (kan udelades)
desk-invite-button = Lav invitationen
desk-invite-title = Ny invitation · { $nickname } · { $code }
desk-invite-ready = Invitationen til { $who } er klar. Linket virker i { $days } dage og kun én gang.
desk-invite-qr-label = QR-kode med invitationslinket
desk-invite-qr-caption = Hold koden op. Den anden scanner den med sin telefon, så åbner Telegram.
desk-invite-link-label = Du kan også sende linket:
desk-invite-text-unusable = Relation eller navn kan ikke bruges. Skriv kort, og skriv aldrig et CPR-nummer.
desk-back-to-participants = Tilbage til deltagerne
desk-remove-title = Fjern { $who }?
desk-remove-text = { $who } får en kort besked om, at kontakten er slut, og så ikke mere. Det, personen har svaret, bliver i sagen.
desk-remove-button = Ja, fjern personen
desk-revoke-title = Tilbagekald invitationen til { $who }?
desk-revoke-text = Linket holder op med at virke. { $who } får ingen besked.
desk-revoke-button = Ja, tilbagekald invitationen
desk-remove-cancel = Nej, gå tilbage
desk-participant-removed = Personen er fjernet og har fået en kort besked.
desk-invite-revoked = Invitationen er tilbagekaldt.
desk-participant-already-removed = Personen var fjernet i forvejen. Der er ikke ændret noget.
desk-rhythm-heading = Rytme for tjek-ind
desk-rhythm-text = Rytmen gælder alle med den rolle i sagen. Tjek-ind, der allerede er sendt, ændres ikke.
desk-rhythm-role = For hvem?
desk-rhythm-frequency = Hvor tit?
desk-rhythm-weekly = Hver uge
desk-rhythm-every-other-week = Hver anden uge
desk-rhythm-daily = Hver dag
desk-rhythm-weekday = Hvilken dag? (gælder ikke ved «Hver dag»)
desk-rhythm-time = Hvornår på dagen?
desk-rhythm-button = Gem rytmen
desk-rhythm-saved = Den nye rytme er gemt.
desk-rhythm-invalid = Vælg, hvem rytmen gælder for, hvor tit, hvilken dag og hvornår på dagen.

desk-network-title = Netværk · { $nickname } · { $code }
desk-network-picture-label = Netværket omkring { $nickname }
desk-network-caption = Barnet står i midten. Forældre står øverst, og de andre står rundt om. Formen viser, om personen er med.
desk-network-youth-not-invited = ikke inviteret endnu
desk-network-list = Alle i netværket
desk-network-legend = Sådan læser du billedet
desk-network-state-invited = inviteret
desk-network-state-active = svarer
desk-network-state-silent = stille i to uger
desk-network-state-paused = på pause
desk-network-state-stopped = stoppet
desk-network-state-unreachable = kan ikke nås
desk-network-legend-active = Fyldt cirkel: er med og svarer.
desk-network-legend-silent = Tom cirkel med tyk kant: er med, men har ikke svaret i to uger.
desk-network-legend-invited = Stiplet cirkel: er inviteret, men har ikke sagt ja endnu.
desk-network-legend-paused = Firkant: holder pause.
desk-network-legend-stopped = Firkant med kryds: er stoppet eller kan ikke nås.

desk-messages-heading = Beskeder og meldinger
desk-messages-none = Ingen har skrevet endnu.
desk-messages-not-yours = Det, deltagerne skriver, går kun til sagens rådgiver. Du ser det, hvis en alarm bliver sendt videre til dig.
desk-messages-confidential = Det nyeste står først. Det er fortroligt og kommer kun med på et møde, hvis du vælger det i Telegram.
desk-message-comment = kommentar efter tjek-ind
desk-message-message = besked
desk-message-report = melding: { $direction }
desk-message-someone = en deltager
desk-message-danger = Mulig fare
desk-meetings-heading = Alle møder
desk-case-meetings-none = Sagen har ingen møder endnu.
desk-meetings-link = Planlæg og flyt møder
desk-col-when = Hvornår
desk-col-meeting = Møde
desk-calls-heading = Opkald
desk-case-calls-none = Sagen har ingen opkald at lave.
desk-calls-link = Se og registrer opkald
desk-col-why = Hvorfor
desk-col-due = Senest
desk-audit-heading = Hvem har gjort hvad i sagen
desk-audit-text = Kun teamledere ser denne liste. Den nyeste står først.
desk-col-what = Hvad
desk-audit-operator = driften
desk-audit-system = tjenesten selv
desk-audit-kind-read_chat = læste sagen i Telegram
desk-audit-kind-read_desk = læste sagen på skrivebordet
desk-audit-kind-case = ændrede sagen
desk-audit-kind-goal = ændrede et mål
desk-audit-kind-invitation = lavede eller tilbagekaldte en invitation
desk-audit-kind-participant = en deltager kom med, holdt pause, stoppede eller blev taget ud
desk-audit-kind-rhythm = ændrede rytmen
desk-audit-kind-alert = vurderede en alarm
desk-audit-kind-meeting = ændrede et møde
desk-audit-kind-call = registrerede et opkald
desk-audit-kind-note = tog en besked med på et møde
desk-audit-kind-journal = hentede journalen
desk-audit-kind-other = anden handling

desk-col-goals = Mål
desk-spark-sentence = Mål { $position }: { $values }, { $direction }
desk-spark-none = Mål { $position }: ingen svar endnu
desk-spark-better = bedre
desk-spark-same = uændret
desk-spark-worse = værre
desk-spark-not-enough = for få svar
desk-order-label = Sorter efter
desk-order-behov = mest brug for dig
desk-order-navn = navn
desk-order-moede = næste møde
desk-filter-label = Vis
desk-filter-alle = alle sager
desk-filter-alarmer = kun med åbne alarmer
desk-filter-stille = kun stille i to uger
desk-order-button = Vis listen
desk-cases-caption-sorted = { $count ->
    [one] 1 sag, sorteret efter { $order }
   *[other] { $count } sager, sorteret efter { $order }
}
desk-cases-none-shown = Ingen sager passer til det valg.

## Møder, Opkald og Ledelse
desk-nav-meetings = Møder
desk-nav-calls = Opkald
desk-nav-management = Ledelse
desk-meetings-title = Møder
desk-meetings-plan-heading = Planlæg et møde
desk-meetings-no-cases = Du har ingen åbne sager at holde møde om.
desk-meetings-case-label = Vælg sagen
desk-meetings-next = Videre
desk-meetings-planned-heading = Planlagte møder
desk-meetings-none = Du har ingen planlagte møder.
desk-meeting-planned = Mødet er planlagt. De, du har inviteret, får dagsordenen i Telegram, når det er tid.
desk-meeting-moved = Mødet er flyttet. De, der har fået dagsordenen, får besked om den nye tid.
desk-meeting-cancelled = Mødet er aflyst. De, der har fået dagsordenen, får besked.
desk-meeting-held = Mødet er holdt. Opkald til forældrene ligger nu under Opkald og i Telegram. I Telegram bliver du spurgt, hvem der var med.
desk-meeting-held-no-calls = Mødet er holdt. Der er ingen forældre i sagen at ringe til. I Telegram bliver du spurgt, hvem der var med.
desk-meeting-case = Sag
desk-meeting-place = Sted
desk-meeting-invited = Inviteret
desk-meeting-invited-nobody = Ingen endnu
desk-meeting-held-button = Mødet er holdt
desk-meeting-move-legend = Flyt mødet
desk-meeting-move-button = Flyt mødet
desk-meeting-cancel-button = Aflys mødet
desk-meeting-choose-kind = Vælg, hvilken slags møde det er.
desk-field-kind = Slags møde
desk-field-date = Dato
desk-field-time = Tid
desk-field-place = Sted, kan stå tomt
desk-plan-title = Planlæg et møde · { $nickname } · { $code }
desk-plan-invitees = Hvem skal med?
desk-plan-no-participants = Der er ingen i sagen, du kan invitere endnu.
desk-plan-agenda-hint = De inviterede får dagsordenen { $days } dage før mødet. Du får selv et udkast til dagsordenen inden mødet.
desk-plan-button = Planlæg mødet
desk-plan-back = Tilbage til møderne
desk-calls-title = Opkald
desk-calls-none = Du har ingen opkald, der venter.
desk-calls-count = { $count ->
    [one] Et opkald venter.
   *[other] { $count } opkald venter.
}
desk-call-overdue = For sent
desk-call-after-meeting = Opfølgning efter et møde.
desk-call-contact-request = Vil gerne ringes op.
desk-call-due = Ring senest { $due }.
desk-call-note = Noter fra samtalen, kan stå tomt
desk-call-postpone-legend = Udskyd opkaldet
desk-call-postpone-date = Ny dato. Står den tom, bliver det om to hverdage.
desk-call-saved = Opkaldet er gemt.
desk-call-choose = Vælg Ringet, Ikke truffet eller Udskyd.
desk-call-note-kept = Dine noter er gemt ved opkaldet.
desk-management-title = Ledelse
desk-management-report = Tal for dit team
desk-management-document-link = Hele rapporten, klar til print
desk-handover-heading = Overdrag en sag
desk-handover-text = Sagen flytter med sine alarmer, møder og opkald. Den nye på sagen får et kort overblik i Telegram.
desk-handover-nothing = Der er ingen sag at overdrage, eller ingen kollega at give den til.
desk-handover-case = Sag
desk-handover-caseworker = hos { $name }
desk-handover-to = Giv sagen til
desk-handover-button = Overdrag sagen
desk-handover-done = Sagen er flyttet. Den nye på sagen har fået et kort overblik i Telegram.
desk-handover-not-colleague = Den kollega kan ikke tage sagen. Vælg en anden fra sagens team.
