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
    [one] 1 sag, dem der har mest brug for dig først
   *[other] { $count } sager, dem der har mest brug for dig først
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
desk-alert-raised = rejst { $when }
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
desk-meeting-held = Mødet er holdt. Opkald til forældrene ligger nu under Opkald og i Telegram.
desk-meeting-held-no-calls = Mødet er holdt. Der er ingen forældre i sagen at ringe til.
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
