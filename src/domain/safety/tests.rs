//! Table tests for the danger check, and the regression set's figures.

use super::measure::{measure, parse_set};
use super::*;

/// Every message the list has been measured on, blind rounds merged after they were measured.
const REGRESSION_SET: &str = include_str!("../../../tests/data/safety-messages.tsv");

fn signals() -> &'static DangerSignals {
    DangerSignals::builtin()
}

fn youth(text: &str) -> Option<Finding> {
    signals().assess(text, Writer::Youth)
}

fn fires(text: &str) -> bool {
    youth(text).is_some()
}

fn tier(text: &str) -> Option<Tier> {
    youth(text).map(|f| f.tier)
}

#[test]
fn shipped_file_parses() {
    let parsed = DangerSignals::parse(BUILTIN);
    assert!(parsed.is_ok(), "{}", parsed.unwrap_err());
    let s = signals();
    assert!(s.signal_count() > 100, "{} signals", s.signal_count());
    assert!(s.exception_count() > 10);
    assert!(!s.context.patterns.is_empty(), "context markers");
    let meanings: Vec<_> = s
        .signals
        .patterns
        .iter()
        .map(|p| p.meaning)
        .chain(s.combinations.iter().map(|c| c.meaning))
        .collect();
    for c in DangerCategory::ALL {
        assert!(meanings.iter().any(|m| m.category == c), "no signals for {c}");
    }
    for t in [Tier::Concern, Tier::Danger] {
        assert!(meanings.iter().any(|m| m.tier == t), "no {t:?} signals");
    }
}

/// The regression set: every earlier set, blind rounds included once they were measured.
/// Prints the figures; fails below 98 % recall or above 5 % Fare on look-alikes.
#[test]
fn regression_set_recall_and_false_alarms() {
    let samples = parse_set(REGRESSION_SET).unwrap_or_else(|e| panic!("safety-messages.tsv {e}"));
    let figures = measure(signals(), &samples);
    println!("safety regression set:\n{figures}");
    assert!(samples.len() >= 200, "regression set too small");
    assert!(
        figures.recall() >= 98.0,
        "recall {:.1} % < 98 %:\n{figures}",
        figures.recall()
    );
    assert!(
        figures.danger_false_alarms() <= 5.0,
        "Fare on look-alikes {:.1} % > 5 %:\n{figures}",
        figures.danger_false_alarms()
    );
}

#[test]
fn categories_tiers_and_signals_are_reported() {
    let cases = [
        (
            "jeg vil slå mig selv ihjel",
            DangerCategory::Suicide,
            Tier::Danger,
        ),
        ("min far slår mig", DangerCategory::Violence, Tier::Danger),
        ("han voldtog mig", DangerCategory::SexualAbuse, Tier::Danger),
        ("jeg skærer i mig selv", DangerCategory::SelfHarm, Tier::Danger),
        ("jeg har taget 20 panodil", DangerCategory::Overdose, Tier::Danger),
        (
            "han har en kniv og er her nu",
            DangerCategory::Acute,
            Tier::Danger,
        ),
    ];
    for (text, category, expected) in cases {
        let f = youth(text).unwrap_or_else(|| panic!("should fire: {text}"));
        assert_eq!((f.category, f.tier), (category, expected), "{text}: {f:?}");
        assert!(!f.signal.is_empty());
        assert!(!f.signal.contains("min far"), "the signal line, not the text");
    }
}

#[test]
fn category_and_tier_keys_round_trip() {
    for c in DangerCategory::ALL {
        assert_eq!(DangerCategory::from_key(c.key()), Some(c));
    }
    assert_eq!(DangerCategory::SelfHarm.key(), "self_harm");
    assert_eq!(DangerCategory::from_key("nope"), None);
    for t in [Tier::Concern, Tier::Danger] {
        assert_eq!(Tier::from_key(t.key()), Some(t));
    }
}

#[test]
fn brief_examples() {
    for text in [
        "han slår mig hver dag",
        "min far slår mig",
        "jeg vil ikke leve mere",
        "ingen vil savne mig",
        "kill myself",
        "KMS 💀",
        "jeg skaerer i mig selv",
        "jeg tænker på selvmoooord",
        "jeg vil ik leve mere",
        "jeg vil hænge mig",
        "min bror slog mig i skak, og bagefter slog han mig",
        "jeg døde af grin, men min far slår mig",
    ] {
        assert!(fires(text), "should fire: {text}");
    }
    for text in [
        "jeg døde af grin",
        "skærebræt",
        "kniven til skærebrættet",
        "vi slog os løs",
        "slå op i ordbogen",
        "I'm dying to see it",
        "killed it at the game",
        "det var et dræbende kedeligt foredrag",
        "min bror slog mig i skak",
        "vi løb væk fra regnen",
        "you are so cute",
        "",
        "👍",
    ] {
        assert!(!fires(text), "should not fire: {text} -> {:?}", youth(text));
    }
}

#[test]
fn context_lowers_a_fare_but_never_silences_it() {
    let s = DangerSignals::parse(
        "[selvmord]\nvil dø\n[overdosis]\ntaget {tal} piller\n[selvskade | bekymring]\nar på armene\n[kontekst]\nhaha\ni filmen\n",
    )
    .unwrap();
    let at = |t: &str| s.assess(t, Writer::Youth).map(|f| (f.tier, f.lowered_by));
    assert_eq!(at("jeg vil dø"), Some((Tier::Danger, None)));
    assert_eq!(at("jeg vil dø haha"), Some((Tier::Concern, Some("haha".into()))));
    assert_eq!(
        at("i filmen vil hun dø"),
        Some((Tier::Concern, Some("i filmen".into())))
    );
    // Overdose is never lowered.
    assert_eq!(at("har taget 30 piller haha"), Some((Tier::Danger, None)));
    // A Bekymring stays a Bekymring; context alone is nothing.
    assert_eq!(at("ar på armene haha"), Some((Tier::Concern, None)));
    assert_eq!(at("haha i filmen"), None);
    // The strongest tier wins across signals.
    assert_eq!(at("ar på armene og jeg vil dø"), Some((Tier::Danger, None)));
}

/// The second opinion only adds: a Bekymring where the list is silent, a Fare for a Bekymring
/// that looks like the Fare examples; never less than the list, and context lowers its Fare too.
#[test]
fn the_model_adds_answers_and_never_removes_one() {
    use super::model::{Example, Model};
    let examples: Vec<Example> = [
        ("jeg har lagt et brev til mor på mit værelse", true, true),
        ("har skrevet et brev til dem alle sammen", true, true),
        ("brevet ligger i skuffen når de finder det", true, true),
        ("jeg savner dem alle sammen", true, false),
        ("vi spiste pizza i går", false, false),
        ("skolen var fin i dag", false, false),
        ("jeg glæder mig til fodbold", false, false),
        ("mormor kommer på søndag med kage", false, false),
    ]
    .iter()
    .map(|&(text, danger, fare)| Example {
        text,
        danger,
        fare,
        category: danger.then_some(DangerCategory::Suicide),
    })
    .collect();
    let list = "[selvmord]\nvil dø\n[selvmord | bekymring]\nsavner dem\n[kontekst]\nhaha\n";
    let plain = DangerSignals::parse(list).unwrap();
    let s = DangerSignals::parse(list)
        .unwrap()
        .with_model(Model::train(&examples));
    let at = |s: &DangerSignals, t: &str| s.assess(t, Writer::Youth);
    // Where the list is silent, the model's Bekymring names the examples, not the text.
    assert_eq!(at(&plain, "har lagt brevet til mor"), None);
    let added = at(&s, "har lagt et brev til mor").expect("the model adds an answer");
    assert_eq!(added.category, DangerCategory::Suicide);
    assert!(
        added
            .signal
            .starts_with("[eksempler] ligner eksemplerne på selvmord"),
        "{added:?}"
    );
    assert!(!added.signal.contains("brev"), "{added:?}");
    // The list's answers stand.
    assert_eq!(at(&s, "jeg vil dø").map(|f| f.tier), Some(Tier::Danger));
    assert_eq!(
        at(&s, "jeg vil dø haha").map(|f| f.lowered_by),
        Some(Some("haha".to_string()))
    );
    assert_eq!(at(&s, "vi spiste pizza i skolen"), None);
}

/// Short everyday texts get no answer from the shipped check, also where one word of them is
/// common in the danger examples ("besked", "skolen") or they carry a number.
#[test]
fn short_everyday_texts_get_no_answer() {
    let signals = DangerSignals::builtin();
    for text in [
        "besked",
        "besked 14 om skolen",
        "hallo 17",
        "ok",
        "kommer om 20 min",
        "vi ses på mandag kl 16",
        "nu er jeg rolig igen",
    ] {
        assert_eq!(signals.assess(text, Writer::Youth), None, "{text}");
    }
}

#[test]
fn word_groups_numbers_and_emoji() {
    let s = DangerSignals::parse(
        "[ordgrupper]\nmedicin = panodil*, pamol*, piller\ntal = tyve, mange\n[overdosis]\ntog/taget {tal} {medicin}\n💊 ... 💊 ... 💊\n[akut fare]\n🔪\n",
    )
    .unwrap();
    let hit = |t: &str| s.assess(t, Writer::Youth).is_some();
    assert!(hit("jeg tog 20 panodiler"));
    assert!(hit("har taget tyve pamol"));
    assert!(hit("tog mange piller"));
    assert!(hit("tog 24stk piller") || hit("tog 24 piller"));
    assert!(!hit("tog piller"), "no amount");
    assert!(hit("💊💊💊"));
    assert!(hit("han står her 🔪"));
    assert!(!hit("🙂"));
}

#[test]
fn combinations_match_parts_near_each_other_in_any_order() {
    let s = DangerSignals::parse(
        "[ordgrupper]\nvåben = kniv*, knife\n[akut fare]\n{våben} & nu/now & han/far/he\n[vold]\nslår mig\n!kniv og gaffel\n",
    )
    .unwrap();
    let hit = |t: &str| s.assess(t, Writer::Youth).map(|f| (f.tier, f.signal));
    let line = "{våben} & nu/now & han/far/he".to_string();
    assert_eq!(
        hit("far har en kniv og råber LIGE NU"),
        Some((Tier::Danger, line.clone()))
    );
    assert_eq!(hit("nu står han med kniven"), Some((Tier::Danger, line.clone())));
    assert_eq!(hit("han har en kniv"), None, "every part must be there");
    let far = format!("han har en kniv {} nu", "bla ".repeat(14));
    assert_eq!(hit(&far), None, "parts too far apart");
    assert_eq!(
        hit("nu dækker han bord med kniv og gaffel"),
        None,
        "innocent words do not count"
    );
    assert!(DangerSignals::parse("[vold]\nslår & \n").is_err());
    assert!(DangerSignals::parse("[kontekst]\nhaha & lol\n[vold]\nslår\n").is_err());
}

#[test]
fn cues_add_up_to_a_concern_and_amplifiers_need_a_cue() {
    let s = DangerSignals::parse(
        "[vold]\nslår mig\n[tegn | selvskade]\n2 blade/barberblad*\n1 under min seng/skuffe*\n1 ar/arene\n[tegn]\n1 😔\n1 ik sig det\n!blade i haven\n",
    )
    .unwrap();
    let at = |t: &str| s.assess(t, Writer::Youth).map(|f| (f.tier, f.category, f.signal));
    assert_eq!(
        at("har en æske med blade under min seng"),
        Some((
            Tier::Concern,
            DangerCategory::SelfHarm,
            "[tegn] blade/barberblad* + under min seng/skuffe*".into()
        ))
    );
    assert_eq!(
        at("nye blade 😔"),
        Some((
            Tier::Concern,
            DangerCategory::SelfHarm,
            "[tegn] blade/barberblad* + 😔".into()
        ))
    );
    assert_eq!(at("blade"), None, "2 points are not enough");
    assert_eq!(at("😔 ik sig det"), None, "amplifiers alone are nothing");
    assert_eq!(
        at("vi rev blade i haven under min seng"),
        None,
        "innocent words do not count"
    );
    // Many details of one danger together are a Fare; a film lowers it to a Bekymring.
    let s2 = DangerSignals::parse(
        "[vold]\nslår mig\n[tegn | selvskade]\n3 blade\n2 under min seng\n1 ar\n[kontekst]\ni filmen\n",
    )
    .unwrap();
    assert_eq!(
        s2.assess("blade under min seng og ar", Writer::Youth)
            .map(|f| f.tier),
        Some(Tier::Danger)
    );
    assert_eq!(
        s2.assess("i filmen har hun blade under min seng og ar", Writer::Youth)
            .map(|f| f.tier),
        Some(Tier::Concern)
    );
    // A line that matches wins over cues.
    assert_eq!(at("han slår mig 😔").map(|f| f.0), Some(Tier::Danger));
    assert!(
        DangerSignals::parse("[vold]\nslår\n[tegn]\nblade\n").is_err(),
        "weight missing"
    );
    assert!(
        DangerSignals::parse("[vold]\nslår\n[tegn]\n5 blade\n").is_err(),
        "weight 1 to 3"
    );
}

#[test]
fn audiences_keep_adult_observations_for_adults() {
    let s = DangerSignals::parse("[vold | bekymring | voksne]\nblå mærker\n[vold]\nslår mig\n").unwrap();
    assert!(s.assess("hun har blå mærker på armen", Writer::Adult).is_some());
    assert!(
        s.assess("jeg har blå mærker efter fodbold", Writer::Youth)
            .is_none()
    );
    assert!(s.assess("han slår mig", Writer::Adult).is_some());
    assert!(s.assess("han slår mig", Writer::Youth).is_some());
}

#[test]
fn adults_get_their_own_signals_in_the_shipped_list() {
    for text in [
        "Jeg har set blå mærker på hans arme, som han ikke vil forklare",
        "hun har taget piller og vi kan ikke vække hende",
    ] {
        assert!(signals().assess(text, Writer::Adult).is_some(), "adult: {text}");
    }
}

#[test]
fn words_not_substrings() {
    let s = DangerSignals::parse("[vold]\nskære\nslå* mig\n*voldtægt*\n").unwrap();
    let hit = |t: &str| s.assess(t, Writer::Youth).is_some();
    assert!(hit("skære"));
    assert!(!hit("skærebræt"));
    assert!(hit("han slår mig"));
    assert!(hit("han slaar mig"));
    assert!(!hit("mig slår han"), "order matters");
    assert!(hit("gruppevoldtægten"));
}

#[test]
fn gaps_quotes_and_dots() {
    let s = DangerSignals::parse("[vold]\nslår mig\n\"sparker mig\"\ningen ... savne mig\n").unwrap();
    let hit = |t: &str| s.assess(t, Writer::Youth).is_some();
    assert!(hit("slår han mig"));
    assert!(!hit("slår han ofte mig"));
    assert!(hit("sparker mig"));
    assert!(!hit("sparker han mig"));
    assert!(hit("ingen i hele verden ville savne mig"));
    assert!(!hit("ingen a b c d e f g savne mig"));
}

#[test]
fn exceptions_only_cover_their_own_words() {
    let s = DangerSignals::parse("[vold]\nslog mig\n!slog mig i skak\n").unwrap();
    let hit = |s: &DangerSignals, t: &str| s.assess(t, Writer::Youth).is_some();
    assert!(!hit(&s, "han slog mig i skak"));
    assert!(hit(&s, "han slog mig i skak, så slog han mig"));
    let s = DangerSignals::parse("[undtagelser]\nslog mig i skak\n[vold]\nslog mig\n").unwrap();
    assert!(!hit(&s, "han slog mig i skak"));
}

#[test]
fn spellings_and_folding() {
    let s = DangerSignals::parse(
        "[stavemåder]\nikke = ik, ikk\nwant to = wanna\n[selvmord]\nvil ikke leve\nwant to die\nslår mig\n",
    )
    .unwrap();
    let hit = |t: &str| s.assess(t, Writer::Youth).is_some();
    assert!(hit("vil ik' leve"));
    assert!(hit("vil ikk leve"));
    assert!(hit("i wanna die"));
    assert!(hit("min kaereste slaar mig"));
    assert!(hit("min kæreste slar mig!!"));
    assert!(hit("VIL IKKE LEVE"));
}

#[test]
fn parse_errors_have_line_numbers() {
    let src = "# comment\nslår mig\n[selvmord]\nsk*re\ndø*\n\"open\n... x\na//b\n[nonsense]\nignored * here\n[stavemåder]\nikke\n[vold\n[vold | måske]\n[vold | fare | børn]\n[ordgrupper]\nx\n[vold]\n{ukendt} mig\n";
    let err = DangerSignals::parse(src).unwrap_err();
    let SignalFileError::BadLines(lines) = &err else {
        panic!("{err:?}")
    };
    let got: Vec<(usize, &LineProblem)> = lines.iter().map(|e| (e.line, &e.problem)).collect();
    assert_eq!(
        got,
        vec![
            (2, &LineProblem::NoSection),
            (4, &LineProblem::MisplacedWildcard("sk*re".into())),
            (5, &LineProblem::ShortStem("dø*".into())),
            (6, &LineProblem::MisplacedQuote),
            (7, &LineProblem::MisplacedGap),
            (8, &LineProblem::EmptyAlternative("a//b".into())),
            (9, &LineProblem::UnknownSection("nonsense".into())),
            (12, &LineProblem::BadSpelling),
            (13, &LineProblem::BadHeader),
            (14, &LineProblem::UnknownTier("måske".into())),
            (15, &LineProblem::UnknownAudience("børn".into())),
            (17, &LineProblem::BadGroup),
            (19, &LineProblem::UnknownGroup("ukendt".into())),
        ],
        "{err}"
    );
    assert!(err.to_string().contains("line 4"), "{err}");
    assert_eq!(
        DangerSignals::parse("# nothing\n[vold]\n").unwrap_err(),
        SignalFileError::NoSignals
    );
}

#[test]
fn long_messages_are_checked_to_the_end() {
    let long = |chunk: &str| -> String { chunk.chars().cycle().take(4096).collect() };
    let everyday = long("Jeg har haft en okay uge, vi spillede fodbold og jeg døde af grin i timen. ");
    // Words that start many signals without completing them.
    let teasing = long("ingen vil ikke bare tage min far slår jeg er bange for ");
    let mut hidden = long("Vi var i skole og det gik fint, mormor kom forbi. ");
    hidden.push_str(" ... og så sagde han at jeg ikke måtte fortælle at han slår mig");
    assert!(youth(&everyday).is_none());
    assert!(youth(&hidden).is_some());
    // The teasing text must simply finish; its speed is measured by `taetkontakt bench`.
    let _ = youth(&teasing);
}

#[test]
fn tiers_of_everyday_danger() {
    assert_eq!(tier("jeg tog 15 panodil for en time siden"), Some(Tier::Danger));
    assert_eq!(tier("dræber mig det her matematik"), None);
}
