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
desk-draft-no-meeting = Der er intet planlagt møde i sagen. Planlæg et med /moede i Telegram.

desk-case-journal-link = Journal til kommunens sagssystem
desk-journal-title = Journal · { $nickname } · { $code }
desk-journal-text = Journalen samler sagens mål, svar, alarmer med vurderinger, møder og opkald. Den kan printes eller gemmes og lægges i sagssystemet. Er sagen lukket, tæller slettefristen fra nu.
desk-journal-button = Hent journalen
desk-journal-back = Tilbage til sagen
