# Tæt kontakt — danske tekster (standard).
# Korte, varme sætninger. "Du"-form til unge. Ingen CPR-numre, fulde navne eller diagnoser.

## Fælles

help-numbers =
    Har du brug for hjælp nu?
    • Ring 112 ved fare.
    • BørneTelefonen: 116 111 (døgnåben, gratis).
    • Livslinien: 70 201 201.
group-not-supported = Jeg virker kun i private beskeder. Skriv til mig direkte i stedet for i en gruppe.
only-text = Jeg kan kun læse tekst. Skriv gerne med bogstaver i stedet.
text-too-long = Din besked er for lang til mig. Prøv at dele den op i kortere beskeder.
cancelled = Ok, det er annulleret.
unknown-command = Den kommando kender jeg ikke. Skriv /hjaelp for at se, hvad du kan.
staff-only = Den kommando er kun for rådgivere.
button-expired = Den knap er ikke aktiv længere.
try-again = Noget gik galt. Prøv igen om lidt.
stranger =
    Hej! Jeg er Tæt kontakt, kommunens chat til opfølgning.
    Du skal have et invitationslink fra din rådgiver for at bruge mig.
help-stranger = Du skal have et invitationslink fra din rådgiver for at bruge mig.
participant-text-received = Tak for din besked. Vil du i kontakt med din rådgiver, så ring eller skriv til dem som du plejer.

## Invitationer

invite-invalid = Det link virker ikke. Tjek at du har hele linket, eller bed om et nyt.
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
help-staff =
    Kommandoer:
    • /nysag <kaldenavn> – opret en sag
    • /maal <kode> <område> <tekst> – tilføj et mål
    • /inviter <kode> ung|forælder|vidne <relation> [navn] – invitér
    • /sager – dine sager
    • /sag <kode> – én sag
    • /annuller – stop en påbegyndt samtale
    Områder: udvikling, familie, skole, sundhed, fritid, voksenliv, andet.
staff-hint = Skriv /hjaelp for at se dine kommandoer.
case-not-found = Jeg kan ikke finde den sag. Tjek koden (fx K-7F2Q).
ask-nickname = Hvad er den unges kaldenavn? (Kun et kaldenavn – aldrig fulde navn eller CPR-nummer.)
case-created = Sagen er oprettet: { $code } ({ $nickname }). Tilføj mål med /maal { $code } <område> <tekst>.
ask-case = Hvilken sag?
ask-area = Hvilket område hører målet til?
ask-goal-text = Skriv målet med den unges egne ord, fx "Jeg kommer i skole hver dag".
unknown-area = Det område kender jeg ikke. Vælg et af: { $areas }.
too-many-goals = Sagen har allerede { $max } aktive mål. Et tjek-ind skal kunne klares på et minut.
goal-added = Mål { $count } er tilføjet til { $code } ({ $area }): "{ $text }"
ask-role = Hvem vil du invitere?
ask-relation = Hvad er personens relation til den unge? (fx mormor, træner, lærer)
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
case-no-goals = (ingen mål endnu)
case-goal-line = { $position }. { $area }: "{ $text }" (skala { $scale })
case-participants-heading = Deltagere:
case-no-participants = (ingen inviteret endnu)
case-participant-line = • { $who }: { $status }
text-empty = Der mangler tekst.
text-too-long-for-field = Teksten er for lang. Højst { $max } tegn.
text-looks-like-cpr = Det ligner et CPR-nummer. Skriv aldrig CPR-numre her.
caseworker-participant-joined = { $who } har sagt ja til at være med i { $code } ({ $nickname }).
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
role-witness = vidne
status-invited = inviteret
status-active = aktiv
status-paused = på pause
status-stopped = stoppet
status-blocked = har blokeret chatten

## Samtykke og velkomst

consent-youth =
    Hej! Din rådgiver har inviteret dig til Tæt kontakt.
    Hver uge får du et par korte spørgsmål om dine mål. Det tager et minut.
    Det gemmer vi: dine svar og det, du skriver.
    Det er kun din rådgiver, der ser dine svar.
    Du kan altid stoppe med at skrive /stop.
    Vil du være med?
consent-parent =
    Hej! Rådgiveren for { $nickname } har inviteret dig til Tæt kontakt.
    Hver anden uge får du et par korte spørgsmål, og du kan altid fortælle om ændringer.
    Det gemmer vi: dine svar og det, du skriver. Kun rådgiveren ser dine svar.
    Du kan altid stoppe med /stop.
    Vil du være med?
consent-witness =
    Hej! Rådgiveren for { $nickname } har inviteret dig som hverdagsbevidne i Tæt kontakt.
    Hver anden uge får du et par korte spørgsmål om det, du ser i hverdagen, og du kan altid fortælle om ændringer.
    Det gemmer vi: dine svar og det, du skriver. Kun rådgiveren ser dine svar.
    Du kan altid stoppe med /stop.
    Vil du være med?
consent-yes = Ja, jeg er med
consent-no = Nej tak
consent-declined = Helt i orden. Din rådgiver får besked. Ombestemmer du dig, kan du åbne linket igen, så længe det virker.
welcome-youth = Tak fordi du er med! Du får dit første tjek-ind snart. Skriv /hjaelp når som helst.
welcome-network = Tak fordi du er med! Du får dit første tjek-ind snart. Skriv /hjaelp når som helst.
help-participant =
    Du er med i Tæt kontakt.
    • /hjaelp – denne hjælp
    Din rådgiver ser dine svar.

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
    Invitation til { $name } ({ $role }) er oprettet.
    Link: { $link }
    Token: { $token }
    Linket kan bruges én gang og virker i { $days } dage.
caseworker-participant-blocked = { $who } i { $code } ({ $nickname }) kan ikke længere nås i Telegram (har blokeret chatten eller slettet kontoen). Ventende beskeder er annulleret.

## Demo (taetkontakt demo)

demo-intro = Demo: Tæt kontakt kører mod en lokal Telegram-attrap og en midlertidig database. Intet sendes på nettet.
demo-operator = Driften opretter rådgiveren Mette: taetkontakt invite-staff --name Mette → { $link }
demo-case = Mette opretter en sag, to mål med den unges egne ord og en invitation.
demo-youth = Lea åbner sit link, læser hvad der gemmes, og siger ja.
demo-overview = Mette ser sagen.
demo-end = Slut på demoen. Start den rigtige tjeneste med TELEGRAM_BOT_TOKEN=… taetkontakt serve
