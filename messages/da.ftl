# Tæt kontakt — danske tekster (standard).
# Korte, varme sætninger. "Du"-form til unge. Ingen CPR-numre, fulde navne eller diagnoser.

## Fælles

help-numbers =
    Har du brug for hjælp nu?
    • Ring 112 ved fare.
    • BørneTelefonen: 116 111. Åben hele døgnet og gratis.
    • Livslinien: 70 201 201.
group-not-supported = Jeg svarer ikke i grupper. Skriv til mig i en chat, hvor kun vi to er.
only-text = Jeg kan kun læse tekst. Skriv gerne med bogstaver.
caption-only-text = Jeg har sendt din tekst videre. Billedet sender jeg ikke.
text-too-long = Din besked er for lang til mig. Del den op i flere korte beskeder.
cancelled = Okay, det er afbrudt.
unknown-command = Den kommando kender jeg ikke. Skriv /hjaelp for at se, hvad du kan.
staff-only = Den kommando er kun for rådgivere.
button-expired = Den knap virker ikke mere.
try-again = Noget gik galt. Prøv igen om lidt.
stranger =
    Hej! Jeg er Tæt kontakt, en chat fra kommunen.
    Du skal have et link fra din rådgiver for at bruge mig.
help-stranger = Du skal have et link fra din rådgiver for at bruge mig.

## Invitationer

invite-invalid = Det link virker ikke. Tjek, at du har hele linket. Ellers bed om et nyt.
invite-expired = Det link er udløbet. Bed om et nyt.
invite-used = Det link er allerede brugt. Bed om et nyt, hvis det ikke var dig.

## Personale

staff-already-registered = Du er allerede oprettet som medarbejder.
staff-welcome =
    Velkommen, { $name }! Du er nu oprettet.
    Du kan:
    • /nysag <kaldenavn> – opret en sag
    • /maal <kode> <område> <tekst> – tilføj et mål med den unges egne ord
    • /inviter <kode> ung|forælder|vidne <relation> [navn] – lav et invitationslink
    • /sager – se dine sager
    • /sag <kode> – se en sag
    Skriv en kommando uden resten, så spørger jeg dig trin for trin.
leader-welcome =
    Velkommen, { $name }! Du er nu oprettet som teamleder for { $team }.
    Du kan:
    • /ledelse – ledelsesinformation for dit team, uden navne
    • /sager – se teamets sager
    • /alarmer – åbne alarmer i teamet
    • /overdrag – overdrag en sag til en kollega
    • /luk og /journal – luk en sag og lav journalen
    Du får også besked, når en alarm ikke er vurderet i tide.
    Skriv /hjaelp for alle dine kommandoer.
help-staff-short = Dine kommandoer:
help-staff-more = Send en kommando alene, så spørger jeg dig trin for trin. Skriv /hjaelp mere for at se, hvordan du skriver den på én linje.
help-staff =
    Kommandoer:
    • /nysag <kaldenavn> – opret en sag
    • /maal <kode> <område> <tekst> – tilføj et mål
    • /inviter <kode> ung|forælder|vidne <relation> [navn] – inviter
    • /sager – dine sager
    • /sag <kode> – én sag med svar og alarmer
    • /alarmer – åbne alarmer
    • /tjekind <kode> [alle] – send et tjek-ind nu
    • /rytme <kode> ung|forælder|vidne <udtryk> – rytme for tjek-ind
    • /vidnetekst <kode> <nr> <tekst> – ordlyd til forældre og netværk
    • /skala <kode> <nr> 0-10|aarhus-0-4|5-trin – skala for et mål
    • /ledelse – ledelsesinformation for dit team. Kun for teamledere.
    • /annuller – stop en påbegyndt samtale
    Områder: udvikling, familie, skole, sundhed, fritid, voksenliv, andet.
staff-hint = Skriv /hjaelp for at se dine kommandoer.
case-not-found = Jeg kan ikke finde den sag. Tjek koden (fx K-7F2Q).
ask-nickname = Hvad er den unges kaldenavn? Skriv kun et kaldenavn. Aldrig det fulde navn eller et CPR-nummer.
case-created = Sagen er oprettet: { $code } ({ $nickname }). Tilføj mål med /maal { $code } <område> <tekst>.
ask-case = Hvilken sag?
ask-goal = Hvilket mål?
ask-goal-none = { $code } har ingen aktive mål endnu. Tilføj et med /maal.
ask-area = Hvilket område hører målet til?
ask-goal-text = Skriv målet med den unges egne ord, fx "Jeg kommer i skole hver dag".
unknown-area = Det område kender jeg ikke. Vælg et af: { $areas }.
too-many-goals = Sagen har allerede { $max } aktive mål. Et tjek-ind skal kunne klares på et minut.
goal-added = Mål { $count } er tilføjet til { $code } ({ $area }): "{ $text }"
ask-role = Hvem vil du invitere?
ask-relation = Hvad er personens relation til den unge? Fx mormor, træner eller lærer.
ask-name = Skriv personens fornavn, eller tryk "Spring over".
skip-name = Spring over
unknown-role = Skriv ung, forælder eller vidne.
invite-created =
    Invitation til { $who } i { $code }:
    { $link }
    Linket kan bruges én gang og virker i { $days } dage. Send det direkte til personen.
invite-youth-under-15 = Husk: Er den unge under 15 år, bør en forælder med forældremyndighed vide besked om invitationen.
no-cases = Du har ingen sager endnu. Opret en med /nysag <kaldenavn>.
case-list-title = Dine sager ({ $count }):
case-list-line = { $code } · { $nickname } · { $goals } mål · { $active }/{ $participants } deltagere aktive
case-title = Sag { $code } · { $nickname }
case-goals-heading = Mål:
case-no-goals = Ingen mål endnu.
case-goal-line = { $position }. { $area }: "{ $text }" · skala { $scale }
case-participants-heading = Deltagere:
case-no-participants = Ingen er inviteret endnu.
case-participant-line = • { $who }: { $status }
text-empty = Der mangler tekst.
text-too-long-for-field = Teksten er for lang. Højst { $max } tegn.
text-looks-like-cpr = Det ligner et CPR-nummer. Skriv aldrig CPR-numre her.
caseworker-participant-joined = { $who } har sagt ja til at være med i { $code } ({ $nickname }). Telegram-navn: { $telegram }. Er det ikke den rigtige person, så tryk Fjern.
caseworker-participant-declined = { $who } har sagt nej tak til at være med i { $code } ({ $nickname }).

## Områder, roller og status

area-udvikling = Udvikling og adfærd
area-familie = Familie
area-skole = Skole og uddannelse
area-sundhed = Sundhed
area-fritid = Fritid og venner
area-voksenliv = Voksenliv
area-andet = Andet
role-youth = ung
role-parent = forælder
role-witness = hverdagsbevidner
status-invited = inviteret
status-active = aktiv
status-paused = på pause
status-stopped = stoppet
status-blocked = har blokeret chatten

## Samtykke og velkomst

consent-youth =
    Hej! Din rådgiver har inviteret dig til Tæt kontakt.
    Hver uge får du et par korte spørgsmål om dine mål. Det tager et minut.
    Vi gemmer dine svar og det, du skriver.
    Din rådgiver ser dine svar. Teamlederen kan også se dem. Det sker, hvis din rådgiver er væk, eller hvis ingen ser en alarm i tide.
    Du kan altid stoppe ved at skrive /stop.
    Vil du være med?
consent-parent =
    Hej! { $owner } rådgiver har inviteret dig til Tæt kontakt.
    Hver anden uge får du et par korte spørgsmål. Du kan også altid fortælle om ændringer.
    Vi gemmer dine svar og det, du skriver. Rådgiveren ser dine svar. Teamlederen kan også se dem, hvis rådgiveren er væk, eller hvis ingen ser en alarm i tide.
    Du kan altid stoppe ved at skrive /stop.
    Vil du være med?
consent-witness =
    Hej! { $owner } rådgiver har inviteret dig som hverdagsbevidner i Tæt kontakt.
    Hver anden uge får du et par korte spørgsmål om det, du ser i hverdagen. Du kan også altid fortælle om ændringer.
    Vi gemmer dine svar og det, du skriver. Rådgiveren ser dine svar. Teamlederen kan også se dem, hvis rådgiveren er væk, eller hvis ingen ser en alarm i tide.
    Du kan altid stoppe ved at skrive /stop.
    Vil du være med?
consent-yes = Ja, jeg er med
consent-no = Nej tak
consent-declined = Helt i orden. Din rådgiver får besked. Hvis du skifter mening, kan du åbne linket igen, så længe det virker.
remove-participant-button = Fjern { $who }
revoke-invite-button = Tilbagekald invitationen til { $who }
open-invites = Åbne invitationer (tryk for at tilbagekalde):
participant-removed = { $who } er fjernet fra { $code } ({ $nickname }) og får ikke flere beskeder.
invite-revoked-caseworker = Invitationen til { $who } i { $code } ({ $nickname }) er tilbagekaldt. Linket virker ikke mere.
participant-already-removed = Personen er allerede fjernet.
participant-removed-notice = Du er ikke længere med i Tæt kontakt. Du får ikke flere beskeder herfra. { $reader ->
       *[youth] Har du brug for hjælp, kan du altid ringe til BørneTelefonen på 116 111. Ved fare ringer du 112.
        [adult] Er et barn i fare, så ring 112.
    }
invite-revoked = Den invitation virker ikke mere. Spørg din rådgiver om en ny, hvis du skal være med.
safety-reply-stranger = Tak, fordi du skriver. Det lyder alvorligt. Jeg kan ikke sende din besked videre, for du er ikke inviteret. Men du kan få hjælp nu:
invite-staff-cannot-join = Det link er til en deltager, ikke til dig som medarbejder. Linket virker stadig for den, der har fået det.
welcome-youth = Tak, fordi du er med! Du får dit første tjek-ind snart. Skriv /hjaelp, når du vil.
welcome-network = Tak, fordi du er med! Du får dit første tjek-ind snart. Skriv /hjaelp, når du vil.
help-participant =
    Du er med i Tæt kontakt.
    • /mine – dine mål og dine svar
    • /meld – fortæl om en ændring (kun voksne)
    • /ring – bed din rådgiver om at ringe
    • /pause 2 – pause i to uger
    • /stop – stop alle beskeder
    Du kan også bare skrive her. Din rådgiver ser dine svar og beskeder.

## Tjek-ind

checkin-intro-youth = Hej! Her er ugens tjek-ind. { $goals ->
        [one] Tryk på et tal – det tager et minut.
       *[other] Der kommer { $goals } spørgsmål. Tryk på et tal ved hvert – det tager et minut.
    }
checkin-intro-network = Hej! Her er et kort tjek-ind om { $nickname }. { $goals ->
        [one] Tryk på et tal ud fra det, du ser i hverdagen.
       *[other] Der kommer { $goals } spørgsmål. Tryk på et tal ved hvert ud fra det, du ser i hverdagen.
    }
scale-0-10-ends = { $min } = slet ikke · { $max } = helt
scale-aarhus-0-4-ends = { $min } = ingen problemer · { $max } = store problemer
scale-5-trin-ends = { $min } = trives · { $max } = truet
answer-chosen = Dit svar: { $value } ✓ Du kan ændre det i et døgn.
answer-skipped = Sprunget over ✓
answer-skip = Spring over
answer-saved = Gemt
checkin-closed = Det tjek-ind er lukket. Du får et nyt snart.
checkin-done = Tak! Det var alt for denne gang. Vil du skrive noget til { $reader ->
       *[youth] din rådgiver
        [adult] rådgiveren
    }?
checkin-write = Skriv til { $reader ->
       *[youth] min rådgiver
        [adult] rådgiveren
    }
ask-comment = Skriv din besked her. { $reader ->
       *[youth] Din rådgiver
        [adult] Rådgiveren
    } ser den.
checkin-reminder = En lille påmindelse: Dit tjek-ind venter stadig. Det tager kun et minut.
message-received = Tak. { $reader ->
       *[youth] Din rådgiver
        [adult] Rådgiveren
    } kan se din besked.
message-received-stopped = Tak. { $reader ->
       *[youth] Din rådgiver
        [adult] Rådgiveren
    } kan se din besked. Du får ikke flere tjek-ind, for du har stoppet. Skriv /start, hvis du vil være med igen.
flood-received = Tak. Du har skrevet mange beskeder på kort tid. Jeg gemmer dem alle. { $reader ->
       *[youth] Din rådgiver
        [adult] Rådgiveren
    } får de næste samlet i én besked.
participant-stopped = Du har stoppet. Skriv /start, hvis du vil være med igen.
welcome-back = Godt at se dig igen! Du får tjek-ind igen fra næste gang. Din rådgiver får besked.

## Den unges og netværkets kommandoer

mine-title = Dine mål og dine seneste svar:
mine-title-network = { $owner } mål og dine seneste svar:
mine-goal = • { $goal }: { $answers }
mine-goal-no-answers = • { $goal }: ingen svar endnu
mine-no-goals = Der er ingen mål endnu.
pause-invalid = Skriv fx /pause 2 for to ugers pause. Du kan højst holde pause i { $max } uger.
pause-not-possible = Du kan ikke holde pause lige nu.
pause-already = Du har pause til { $until }. Så får du spørgsmål igen.
pause-stopped = Du er stoppet og får ingen spørgsmål. Skriv /start, hvis du vil være med igen.
pause-confirmed = Okay, du har pause i { $weeks ->
        [one] en uge
       *[other] { $weeks } uger
    }, til { $until }. Din rådgiver får besked. /hjaelp virker stadig.
stop-confirmed = Du er nu stoppet og får ikke flere beskeder. Din rådgiver får besked. Skriv /start, hvis du vil være med igen.
ring-confirmed = Din rådgiver får besked. Du bliver ringet op så hurtigt som muligt.
report-only-network = Den kommando er kun for de voksne. Du kan altid skrive til din rådgiver her.
report-ask-goal = Hvad vil du fortælle om?
report-overall = Overordnet
report-ask-direction = Er det blevet bedre, uændret eller værre?
report-better = Bedre
report-same = Uændret
report-worse = Værre
report-ask-text = Tak. Vil du skrive lidt om, hvad du har set? Skriv det her, eller tryk "Nej tak".
report-no-text = Nej tak
report-thanks = Tak for din melding. Rådgiveren kan se den.

## Sikkerhed

safety-reply = Tak, fordi du fortæller det. Det lyder alvorligt. Din rådgiver får besked med det samme.
safety-reply-adult =
    Tak, fordi du fortæller det. Rådgiveren har fået besked med det samme.
    • Er barnet eller en anden i fare lige nu, så ring 112.
    • Er du bekymret for et barn, kan du også sende en underretning til kommunen. Det kan du gøre på kommunens hjemmeside.
    • Uden for kommunens åbningstid kan du ringe til politiet på 114. De kan kontakte kommunens sociale døgnvagt.
    • Har du selv brug for at tale med nogen, så ring til Livslinien på 70 201 201.
safety-concern-adult = Tak, fordi du fortæller det. Rådgiveren har fået din besked og ser på den. Er barnet i fare lige nu, så ring 112.
safety-check-question =
    Tak, fordi du skriver. Jeg vil gerne være sikker på, at du er okay.
    Er du i fare lige nu?

    Du kan altid ringe til BørneTelefonen på 116 111. Den er åben hele døgnet, og det er gratis.
safety-check-yes = Ja, jeg er i fare
safety-check-talk = Jeg vil gerne tale med nogen
safety-check-okay = Nej, jeg er okay
safety-check-you-chose = Du svarede: { $choice }
safety-check-reply-danger = Tak, fordi du svarer. Din rådgiver får besked med det samme.
safety-check-reply-talk = Godt, at du siger det. Din rådgiver får besked og ringer til dig så hurtigt som muligt. Vil du tale med nogen nu, så ring til et af numrene her.
safety-check-reply-okay = Godt at høre. Din rådgiver har set din besked. Du kan altid skrive her. Du kan også ringe til BørneTelefonen på 116 111.
safety-check-answered = Du har allerede svaret. Tak.

## Til rådgiveren

forward-message = 💬 { $who } i { $code } ({ $nickname }) skrev: { $text }
forward-danger = 🔴 { $who } i { $code } ({ $nickname }) skrev noget, der kan betyde fare: { $text }
forward-concern = 🟡 { $who } i { $code } ({ $nickname }) skrev noget, der kan være en bekymring: { $text }
forward-edited = ✏️ { $who } i { $code } ({ $nickname }) rettede en besked: { $text }
flood-bundle = 💬 … og { $count } { $count ->
        [1] besked
       *[other] beskeder
    } mere fra { $who } i { $code } ({ $nickname }) de sidste 10 minutter. { $count ->
        [1] Den er gemt: skriv /sag { $code } for at læse den.
       *[other] De er gemt: skriv /sag { $code } for at læse dem.
    }
which-child = Hvilket barn handler din besked om? Tryk på navnet. Så sender jeg den til barnets rådgiver.
which-child-pause = For hvilket barn vil du holde pause?
which-child-stop = For hvilket barn vil du stoppe?
which-child-all = Alle
forward-danger-unsure = 🔴 { $who } i { $code } ({ $nickname }) skrev noget, der kan betyde fare. { $who } er med i flere sager, så det er uvist, hvilken sag det handler om: { $text }
forward-concern-unsure = 🟡 { $who } i { $code } ({ $nickname }) skrev noget, der kan være en bekymring. { $who } er med i flere sager, så det er uvist, hvilken sag det handler om: { $text }
note-to-agenda-button = 📋 Tag med på mødet
note-on-agenda = 📋 Beskeden kommer med i udkastet til dagsorden for næste møde. Dem, der er med til mødet, kan læse den.
note-already-on-agenda = Den er allerede med i udkastet.
cpr-held-back = Din besked ser ud til at have et CPR-nummer. CPR-numre må ikke stå her, så jeg har hverken gemt eller sendt den. Skriv den gerne igen uden nummeret.
caseworker-cpr-held-back = { $who } i { $code } ({ $nickname }) skrev en besked med et CPR-nummer. Den er ikke gemt og ikke sendt videre. { $who } er bedt om at skrive den igen uden nummeret.
safety-check-caseworker-talk = 📞 { $who } i { $code } ({ $nickname }) svarede «Jeg vil gerne tale med nogen» på spørgsmålet «Er du i fare lige nu?». Der er oprettet en opgave om at ringe op.
safety-check-caseworker-okay = { $who } i { $code } ({ $nickname }) svarede «Nej, jeg er okay» på spørgsmålet «Er du i fare lige nu?». Alarmen venter stadig på din vurdering.
caseworker-participant-paused = { $who } i { $code } ({ $nickname }) holder pause fra tjek-ind i { $weeks ->
        [one] en uge
       *[other] { $weeks } uger
    }.
caseworker-participant-resumed = { $who } i { $code } ({ $nickname }) er med igen.
alert-heading = ⚠️ Alarm #{ $id } i { $code } ({ $nickname })
alert-heading-urgent = 🔴 HASTER · Alarm #{ $id } i { $code } ({ $nickname })
alert-heading-reminder = ⏰ Påmindelse: alarm #{ $id } i { $code } ({ $nickname }) mangler din vurdering
alert-heading-escalated = ⬆️ Ikke vurderet: alarm #{ $id } i { $code } ({ $nickname }) sendes videre til dig som teamleder
alert-no-goal = intet bestemt mål
alert-question = Hvad er din faglige vurdering?
alert-rule-reliable_drop = Tydeligt værre: { $who } · { $goal }: { $previous } → { $latest }, plejer { $baseline }.{ $lower ->
        [yes] {" "}På denne skala er lavere bedre.
       *[other] {""}
    }
alert-rule-red_zone_cluster = I det røde felt flere gange: { $who } · { $goal }: { $recent }.{ $lower ->
        [yes] {" "}På denne skala er lavere bedre.
       *[other] {""}
    }
alert-rule-steady_decline = Bliver gradvist værre: { $who } · { $goal }: { $recent }.{ $lower ->
        [yes] {" "}På denne skala er lavere bedre.
       *[other] {""}
    }
alert-rule-silence = Ingen svar: { $who } har ikke svaret på { $missed } tjek-ind i træk.
alert-writer-added = { $who } skrev: { $text }
alert-rule-worse_report = { $who } melder, at det går værre · { $goal }.
alert-rule-network_drop = { $who } ser en tydelig forværring · { $goal }: { $previous } → { $latest }, plejer { $baseline }.{ $lower ->
        [yes] {" "}På denne skala er lavere bedre.
       *[other] {""}
    }
alert-rule-contact_request = { $who } beder om at blive ringet op.
alert-rule-blocked = { $who } kan ikke længere nås i Telegram.
alert-rule-stopped = { $who } har stoppet alle beskeder med /stop.
alert-rule-safety = { $answer ->
        [in_danger] { $who } svarede «Ja, jeg er i fare» på spørgsmålet «Er du i fare lige nu?». Hjælpenumrene er sendt.
        [unanswered] { $who } har ikke svaret på spørgsmålet «Er du i fare lige nu?» i 2 timer. Tag kontakt nu.
       *[other] { $who } har skrevet noget, der kan betyde fare. Hjælpenumrene er sendt.
    }
alert-rule-concern = { $answer ->
        [asked] { $who } har skrevet noget, der kan være en bekymring, og har fået spørgsmålet «Er du i fare lige nu?». Kommer der ikke svar inden for 2 timer, bliver alarmen til HASTER.
       *[other] { $who } har skrevet noget, der kan være en bekymring.
    }
alert-signal = Signal: { $category } · «{ $signal }»
alert-signal-lowered = Ændret fra fare til bekymring. Beskeden nævner også «{ $context }».
danger-category-acute = akut fare
danger-category-overdose = overdosis
danger-category-suicide = selvmord
danger-category-self_harm = selvskade
danger-category-sexual_abuse = seksuelle overgreb
danger-category-violence = vold
danger-category-eating_disorder = spiseforstyrrelse
danger-category-running_away = stikke af
danger-category-neglect = omsorgssvigt
danger-category-other = andet
decision-contact = Kontakt ung/familie
decision-adjust_support = Juster indsats
decision-call_meeting = Indkald til møde
decision-no_action = Ingen handling
ask-no-action-reason = Skriv kort, hvorfor der ikke skal ske noget. Det gemmes som din faglige vurdering.
assessment-saved = Vurdering af alarm #{ $id } gemt: { $decision }.
alert-already-assessed = Den alarm er allerede vurderet.
no-open-alerts = Ingen åbne alarmer. 👍
open-alerts-title = Åbne alarmer: { $count }
case-alerts-heading = Åbne alarmer:
case-alert-line = • #{ $id } { $urgent ->
        [yes] 🔴 { $rule }
       *[no] { $rule }
    }
case-answers-line = ↳ { $who }: { $answers }
case-bundled-heading = Beskeder, der kom samlet de seneste 7 dage, nyeste først:
case-bundled-line = • { $when } · { $who }: { $text }
rule-reliable_drop = tydeligt værre
rule-red_zone_cluster = rødt felt
rule-steady_decline = gradvist værre
rule-silence = ingen svar
rule-worse_report = meldt værre
rule-network_drop = værre set af netværket
rule-contact_request = vil ringes op
rule-blocked = kan ikke nås
rule-stopped = stoppet
rule-safety = fare
rule-concern = mulig bekymring
report-leaders-only = Ledelsesinformation er for teamledere med et team.
rhythm-usage = Skriv fx /rytme K-7F2Q ung ugentlig mandag 16.00. Eller: hver anden uge onsdag 17.00.
rhythm-ask-role = Hvem skal den nye rytme gælde for?
rhythm-ask-expression = Hvornår skal spørgsmålene komme? Skriv fx "ugentlig mandag 16.00" eller "hver anden uge onsdag 17.00".
rhythm-invalid = Den rytme forstår jeg ikke. Prøv fx "ugentlig mandag 16.00", "hver anden uge onsdag 17.00" eller "dagligt 18.00".
rhythm-daily = hver dag kl. { $time }
rhythm-weekly = hver { $weekday } kl. { $time }
rhythm-every-other-week = hver anden { $weekday } kl. { $time }
rhythm-cron = efter udtrykket { $expression }
rhythm-set = Ny rytme for tjek-ind i { $code } ({ $role }): { $rhythm }. Den gælder { $count ->
        [one] én deltager
       *[other] { $count } deltagere
    }. Næste tjek-ind: { $next }.
checkin-now-usage = Skriv /tjekind <kode> eller /tjekind <kode> alle.
checkin-now-sent = Tjek-ind er sendt til { $count ->
        [one] én deltager
       *[other] { $count } deltagere
    } i { $code }.
checkin-now-nobody = Ingen at sende til i { $code }: ingen aktive deltagere eller ingen mål.
goal-not-found = Jeg kan ikke finde det mål. Brug målets nummer fra /sag.
witness-text-set = Mål { $position } har nu denne ordlyd for forældre og hverdagsbevidnere: { $text }
witness-text-ask = Skriv, hvordan mål { $position } skal lyde for forældre og hverdagsbevidnere. Nu står der: { $current }
goal-network-suggestion = { $owner } mål: «{ $text }»
goal-ask-network-wording =
    Forældre og hverdagsbevidnere skal se målet med andre ord end den unges egne. Forslag:
    { $suggestion }
    Tryk for at bruge forslaget. Eller skriv /vidnetekst { $code } { $position } og din egen ordlyd. Indtil da får de ingen spørgsmål om målet.
goal-accept-network-wording = ✅ Brug forslaget
unknown-scale = Den skala kender jeg ikke. Skriv 0-10, aarhus-0-4 eller 5-trin.
scale-set = Mål { $position } bruger nu skalaen { $scale }.
scale-ask = Hvilken skala skal mål { $position } bruge?
scale-name-0-10 = 0–10, højere er bedre
scale-name-aarhus-0-4 = Aarhus 0–4, lavere er bedre
scale-name-5-trin = 5 trin, lavere er bedre
menu-ledelse = Ledelsesinformation for dit team
menu-alarmer = Åbne alarmer
menu-tjekind = Send et tjek-ind nu
menu-rytme = Skift rytme for tjek-ind
menu-vidnetekst = Ordlyd til forældre og netværk
menu-skala = Skift skala for et mål
menu-mine = Mine mål og svar
menu-pause = Hold pause
menu-ring = Bed din rådgiver om at ringe
menu-stop = Stop alle beskeder
menu-meld = Fortæl om en ændring

## Billeder af udviklingen

chart-better-up = ↑ bedre
chart-baseline = Udgangspunkt
chart-meeting = Møde
chart-alert = Alarm
chart-date = { $day }. { $month }
chart-caption = { $area }: fra { $first } til { $latest } siden { $since }
chart-caption-few = { $area }: for få svar til en udvikling endnu
chart-own-caption = Din udvikling. Et hul er en uge uden svar.
chart-network-caption = Dine svar om målene. Et hul er en uge uden svar.
chart-case-caption = Udviklingen for hvert mål og hver person. Et hul er en uge uden svar.

## Menuer (korte beskrivelser i Telegrams kommandomenu)

menu-start = Start med et invitationslink
menu-hjaelp = Hjælp og vigtige telefonnumre
menu-sager = Dine sager
menu-sag = Vis en sag
menu-nysag = Opret en sag
menu-maal = Tilføj et mål
menu-inviter = Lav et invitationslink
menu-annuller = Stop en påbegyndt samtale

## Kommandolinjen (drift)

cli-staff-invite-created =
    Invitationen til { $name } ({ $role }) er oprettet.
    Link: { $link }
    Token: { $token }
    Linket kan bruges én gang og virker i { $days } dage.

## Demo (taetkontakt demo)

demo-intro = Demo: Tæt kontakt kører mod en lokal Telegram-attrap og en midlertidig database. Intet sendes på nettet.
demo-operator = Driften opretter rådgiveren Mette: taetkontakt invite-staff --name Mette → { $link }
demo-case = Mette opretter en sag, to mål med den unges egne ord og en invitation.
demo-youth = Lea åbner sit link, læser, hvad der gemmes, og siger ja.
demo-checkin = Mette sender et tjek-ind med det samme. Lea trykker et tal ved hvert mål og skriver en besked.
demo-alert = Lea beder om at blive ringet op. Mette får en alarm og dokumenterer sin faglige vurdering.
demo-concern = Lea skriver noget, der kan være en bekymring. Hun bliver spurgt, om hun er i fare lige nu, og svarer, at hun gerne vil tale med nogen.
demo-overview = Mette ser sagen.
demo-desk = Mette vil arbejde ved skrivebordet og beder botten om et link til at logge ind (/skrivebord).
demo-desk-keep = Åbn linket i en browser nu (det virker i 10 minutter, én gang): { $link } — stop demoen med Ctrl-C.
demo-desk-try = Vil du selv prøve skrivebordet? Kør demoen med --keep: så kører den, til du trykker Ctrl-C.
demo-end = Slut på demoen. Start den rigtige tjeneste med TELEGRAM_BOT_TOKEN=… taetkontakt serve
