# Medarbejdere: fratræden, overdragelse og fravær.

## Deaktiveret medarbejder

staff-deactivated = Din adgang til Tæt kontakt er lukket, så jeg kan ikke gøre noget for dig her. Er det en fejl, så kontakt din teamleder.
staff-cases-taken-over = { $name } er ikke længere aktiv i Tæt kontakt. Du har overtaget { $count ->
        [one] sagen
       *[other] de { $count } sager
    } nedenfor, indtil { $count ->
        [one] den bliver overdraget
       *[other] de bliver overdraget
    } til en ny rådgiver. Åbne alarmer og opkald er fulgt med.
staff-cases-taken-over-line = • { $code } · { $nickname }{ $alerts ->
        [0] {""}
        [one] {" "}– 1 åben alarm
       *[other] {" "}– { $alerts } åbne alarmer
    }
staff-cases-taken-over-hint = Overdrag en sag med /overdrag. Se dine åbne alarmer med /alarmer.

## /overdrag

flow-cancel-button = ✖️ Annuller
handover-ask-colleague = Hvem skal overtage { $code } ({ $nickname })?
handover-unknown-colleague = Jeg kan ikke finde den kollega i teamet. Vælg, hvem der skal overtage { $code } ({ $nickname }):
handover-no-colleagues = Der er ingen aktive kolleger i teamet, som { $code } ({ $nickname }) kan overdrages til. Kollegerne skal have logget ind med deres invitationslink først.
handover-colleague-leader = { $name } (teamleder)
handover-done = { $code } ({ $nickname }) er overdraget til { $to }. { $to } har fået et kort overblik over sagen. Åbne alarmer og opkald er fulgt med.
handover-previous-told = { $code } ({ $nickname }) er overdraget til { $to } af din teamleder. Du har ikke længere adgang til sagen.
handover-summary-title = 📂 Du har fået sagen { $code } ({ $nickname }) overdraget fra { $from }.
handover-summary-title-plain = 📂 Du har fået sagen { $code } ({ $nickname }) overdraget.
handover-summary-alerts = • Åbne alarmer: { $count ->
        [0] ingen
       *[other] { $count } – vurder dem med /alarmer
    }
handover-summary-meeting = • Næste møde: { $when }
handover-summary-no-meeting = intet planlagt
handover-summary-calls = • Opkald over tid: { $count ->
        [0] ingen
       *[other] { $count } – se dem med /opkald
    }
handover-summary-hint = Se hele sagen med /sag { $code }.

## /fravaer

absence-day = { $weekday } { $day }. { $month }
absence-usage = Skriv /fravaer <fra> <til>, fx /fravaer 24.12 3.1. Vil du have en bestemt kollega til at dække, så skriv navnet til sidst: /fravaer 24.12 3.1 Anne.
absence-created = Dit fravær er registreret fra { $from } til { $to }. I den periode går nye alarmer og det daglige overblik for dine sager til { $cover }. Bagefter kommer de til dig igen.
absence-cover-told = { $name } er væk fra { $from } til { $to }. I den periode får du nye alarmer og det daglige overblik for { $owner } sager.
absence-cover-ended = { $name } er tilbage. Nye alarmer for { $owner } sager går til { $name } igen.
absence-end-button = Afslut fraværet nu
absence-end-button-for = Afslut fraværet { $from } – { $to }
absence-none = Du har ikke registreret noget fravær. Skriv /fravaer <fra> <til>, fx /fravaer 24.12 3.1.
absence-list-title = Dit fravær:
absence-list-line = • { $from } til { $to }: { $cover } dækker.
absence-list-line-now = • Nu, fra { $from } til og med { $to }: { $cover } dækker.
absence-ended = Dit fravær er slut. Nye alarmer og det daglige overblik kommer til dig igen.
absence-already-ended = Det fravær er allerede afsluttet.
absence-overlaps = Du har allerede fravær i den periode. Skriv /fravaer for at se det eller afslutte det.
absence-no-leader = Jeg kan ikke finde en aktiv teamleder i dit team til at dække. Skriv navnet på en kollega til sidst, fx /fravaer 24.12 3.1 Anne.
absence-unknown-colleague = Jeg kan ikke finde en aktiv kollega i dit team, der hedder { $name }. Tjek stavningen.
absence-from-malformed = Den første dato forstår jeg ikke. Skriv fx 24.12 eller 2026-12-24.
absence-to-malformed = Den sidste dato forstår jeg ikke. Skriv fx 3.1 eller 2027-01-03.
absence-from-no-such-date = Den første dato findes ikke. Tjek dag og måned.
absence-to-no-such-date = Den sidste dato findes ikke. Tjek dag og måned.
absence-from-in-past = Den første dato er allerede gået. Skriv en dato fra i dag og frem.
absence-to-in-past = Den sidste dato er allerede gået.
absence-too-far = Den dato er for langt ude i fremtiden. Skriv en dato inden for et år.
absence-ends-before-start = Den sidste dag ligger før den første. Skriv først, hvornår du går, og så, hvornår du er tilbage.
absence-too-long = Fraværet er for langt. Du kan højst melde { $days } dage ad gangen. Er du væk længere, kan din teamleder overdrage sagerne med /overdrag.

## Overblik, hjælp og menu

digest-covering = Her er også sagerne for { $names }, som du dækker for.
help-staff-changes =
    • /overdrag <kode> <kollega> – overdrag en sag til en kollega i teamet
    • /fravaer <fra> <til> [kollega] – hvem der får dine alarmer, mens du er væk
menu-overdrag = Overdrag en sag til en kollega
menu-fravaer = Fravær: hvem dækker for dig

## Kommandolinjen (taetkontakt staff)

cli-staff-role-caseworker = rådgiver
cli-staff-role-teamleader = teamleder
cli-staff-active = aktiv
cli-staff-deactivated = deaktiveret
cli-staff-no-team = (intet team)
cli-staff-none = Der er ingen medarbejdere endnu. Opret den første med taetkontakt invite-staff.
cli-staff-deactivated-done = { $name } (id { $id }) er deaktiveret og har ikke længere adgang.
cli-staff-cases-moved = { $count ->
        [one] Én sag er gået til teamleder { $leader } (id { $leaderid }), indtil den bliver overdraget: { $codes }
       *[other] { $count } sager er gået til teamleder { $leader } (id { $leaderid }), indtil de bliver overdraget: { $codes }
    }
cli-staff-reactivated-done = { $name } (id { $id }) er aktiv igen. Sagerne bliver, hvor de er. Teamlederen kan overdrage dem tilbage med /overdrag.
report-file-caption = Ledelsesinformation – hele rapporten
report-file-name = ledelsesinformation
