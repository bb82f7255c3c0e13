//! The typed arguments of the staff commands: what follows `/maal`, `/rytme`, `/inviter` … is
//! parsed here once, by one pure function per command, so a handler matches on values instead
//! of splitting words. Parsing says only what was typed; whether the case exists and may be
//! touched is the access module's question, and the texts are the handler's.

use chrono::NaiveDate;

use crate::domain::case::{CaseCode, parse_day};
use crate::domain::goal::FocusArea;
use crate::domain::participant::Role;
use crate::domain::scale::{ScaleKind, UnknownScale};

/// The case a command names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseArg {
    /// Nothing typed: the command offers the caseworker's cases as buttons (or says how it is used).
    Missing,
    /// Something typed in the code's place.
    Typed(TypedCode),
}

/// A case code as typed. Text that is not a code is answered like a code nobody has ("Jeg kan
/// ikke finde den sag"), so it is kept as "no code" rather than as an error of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedCode(Option<CaseCode>);

impl TypedCode {
    /// The code, when the text was one.
    pub fn code(&self) -> Option<&CaseCode> {
        self.0.as_ref()
    }
}

/// A word of a closed set (a focus area, a role, a scale): not typed, one of the set, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word<T> {
    Missing,
    Known(T),
    Unknown,
}

impl<T> Word<T> {
    fn parse(word: &str, parse: impl FnOnce(&str) -> Option<T>) -> Self {
        if word.is_empty() {
            return Word::Missing;
        }
        parse(word).map_or(Word::Unknown, Word::Known)
    }
}

/// `/sag`, `/udkast`, `/luk` and the other commands that take only a case (the rest is ignored).
pub fn case_only(args: &str) -> CaseArg {
    split(args).0
}

/// `/maal <kode> [område] [tekst]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalArgs<'a> {
    pub case: CaseArg,
    pub area: Word<FocusArea>,
    /// The goal's wording; empty when not typed (the caseworker is asked for it).
    pub text: &'a str,
}

pub fn goal(args: &str) -> GoalArgs<'_> {
    let (case, rest) = split(args);
    let (area, text) = first_word(rest);
    GoalArgs {
        case,
        area: Word::parse(area, FocusArea::parse),
        text,
    }
}

/// `/vidnetekst <kode> <nr> <tekst>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessTextArgs<'a> {
    pub case: CaseArg,
    /// The goal's number in the case (`None` when what was typed is not a number).
    pub position: Option<i64>,
    pub text: &'a str,
}

pub fn witness_text(args: &str) -> WitnessTextArgs<'_> {
    let (case, position, text) = case_and_goal(args);
    WitnessTextArgs { case, position, text }
}

/// `/skala <kode> <nr> <0-10|aarhus-0-4|5-trin>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleArgs {
    pub case: CaseArg,
    pub position: Option<i64>,
    pub scale: Result<ScaleKind, UnknownScale>,
}

pub fn scale(args: &str) -> ScaleArgs {
    let (case, position, word) = case_and_goal(args);
    ScaleArgs {
        case,
        position,
        scale: ScaleKind::parse(word),
    }
}

/// `/rytme <kode> <ung|forælder|vidne> <udtryk>`: all three parts, nothing (the guided flow),
/// or how it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RhythmArgs<'a> {
    /// `/rytme` alone: ask for the case, the role and the rhythm.
    Guided,
    Usage,
    Set {
        case: TypedCode,
        /// `None` when the word is not a role.
        role: Option<Role>,
        /// The rhythm as typed ("hver torsdag 15.30"); the domain parses it.
        expression: &'a str,
    },
}

pub fn rhythm(args: &str) -> RhythmArgs<'_> {
    let (case, rest) = split(args);
    let (role, expression) = first_word(rest);
    match case {
        CaseArg::Missing => RhythmArgs::Guided,
        CaseArg::Typed(case) if !expression.is_empty() => RhythmArgs::Set {
            case,
            role: Role::parse_command_word(role),
            expression,
        },
        CaseArg::Typed(_) => RhythmArgs::Usage,
    }
}

/// Who `/tjekind` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The young person (the default).
    Youth,
    /// Everyone active in the case.
    Everyone,
}

/// `/tjekind <kode> [ung|alle]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinNowArgs {
    pub case: CaseArg,
    /// `None` when the word is neither "ung" nor "alle".
    pub audience: Option<Audience>,
}

pub fn checkin_now(args: &str) -> CheckinNowArgs {
    let (case, rest) = split(args);
    let audience = match rest.to_lowercase().as_str() {
        "" | "ung" => Some(Audience::Youth),
        "alle" | "all" => Some(Audience::Everyone),
        _ => None,
    };
    CheckinNowArgs { case, audience }
}

/// `/inviter <kode> [rolle] [relation] [navn]`: a witness is named by relation first
/// ("morfar Jens"), a young person or a parent by name only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteArgs<'a> {
    pub case: CaseArg,
    pub role: Word<Role>,
    /// A witness's relation; `None` also for the other roles.
    pub relation: Option<&'a str>,
    pub name: Option<&'a str>,
}

pub fn invite(args: &str) -> InviteArgs<'_> {
    let (case, rest) = split(args);
    let (role_word, rest) = first_word(rest);
    let role = Word::parse(role_word, Role::parse_command_word);
    let (relation, name) = match role {
        Word::Known(Role::Witness) => {
            let (relation, name) = first_word(rest);
            (non_empty(relation), name)
        }
        _ => (None, rest),
    };
    InviteArgs {
        case,
        role,
        relation,
        name: non_empty(name),
    }
}

/// `/indsats <kode> [dato]`, `/overdrag <kode> [medarbejder]`, `/moede <kode> [art dato …]`:
/// a case and the rest of the line, which the handler or the domain reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAndRest<'a> {
    pub case: CaseArg,
    /// `None` when nothing follows the code.
    pub rest: Option<&'a str>,
}

pub fn case_and_rest(args: &str) -> CaseAndRest<'_> {
    let (case, rest) = split(args);
    CaseAndRest {
        case,
        rest: non_empty(rest),
    }
}

/// `/fravaer [fra til [kollega]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AbsenceArgs<'a> {
    /// Nothing typed: the current cover and a button to end it.
    Show,
    /// A start without an end.
    Usage,
    /// The dates as typed (the domain checks them against today) and the cover, if named.
    Period {
        from: &'a str,
        to: &'a str,
        cover: Option<&'a str>,
    },
}

pub fn absence(args: &str) -> AbsenceArgs<'_> {
    let (from, rest) = first_word(args);
    let (to, cover) = first_word(rest);
    match (from.is_empty(), to.is_empty()) {
        (true, _) => AbsenceArgs::Show,
        (false, true) => AbsenceArgs::Usage,
        (false, false) => AbsenceArgs::Period {
            from,
            to,
            cover: non_empty(cover),
        },
    }
}

/// `/journal <kode> [fra] [til]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalArgs<'a> {
    pub case: CaseArg,
    pub from: Option<Day<'a>>,
    pub to: Option<Day<'a>>,
}

/// A typed day: the date, or the text that is not one (quoted back to the caseworker).
pub type Day<'a> = Result<NaiveDate, &'a str>;

pub fn journal(args: &str) -> JournalArgs<'_> {
    let (case, rest) = split(args);
    let (from, rest) = first_word(rest);
    let (to, _) = first_word(rest);
    JournalArgs {
        case,
        from: typed_day(from),
        to: typed_day(to),
    }
}

fn typed_day(text: &str) -> Option<Day<'_>> {
    non_empty(text).map(|t| parse_day(t).ok_or(t))
}

/// Splits off the case code.
fn split(args: &str) -> (CaseArg, &str) {
    let (code, rest) = first_word(args);
    let case = match code {
        "" => CaseArg::Missing,
        code => CaseArg::Typed(TypedCode(CaseCode::parse(code).ok())),
    };
    (case, rest)
}

/// Splits off the first word of `args`: `("K-7F2Q", "skole Jeg kommer")`.
fn first_word(args: &str) -> (&str, &str) {
    let args = args.trim();
    match args.find(char::is_whitespace) {
        Some(i) => (&args[..i], args[i..].trim()),
        None => (args, ""),
    }
}

/// Splits off the case code and a goal's number (`None` when what was typed is not a number).
fn case_and_goal(args: &str) -> (CaseArg, Option<i64>, &str) {
    let (case, rest) = split(args);
    let (number, rest) = first_word(rest);
    (case, number.parse().ok(), rest)
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> CaseArg {
        CaseArg::Typed(TypedCode(CaseCode::parse(text).ok()))
    }

    #[test]
    fn the_first_word_is_split_off_once() {
        assert_eq!(first_word(" K-7F2Q  skole  Jeg "), ("K-7F2Q", "skole  Jeg"));
        assert_eq!(first_word("K-7F2Q"), ("K-7F2Q", ""));
        assert_eq!(first_word(""), ("", ""));
    }

    #[test]
    fn a_case_is_missing_a_code_or_text_that_is_no_code() {
        let cases = [
            ("", CaseArg::Missing),
            ("   ", CaseArg::Missing),
            ("K-7F2Q", code("K-7F2Q")),
            ("k-7f2q resten", code("K-7F2Q")),
            ("7F2Q", code("K-7F2Q")),
            ("Lea", CaseArg::Typed(TypedCode(None))),
        ];
        for (args, expected) in cases {
            assert_eq!(case_only(args), expected, "{args:?}");
        }
        assert!(matches!(case_only("Lea"), CaseArg::Typed(t) if t.code().is_none()));
    }

    #[test]
    fn a_goal_has_an_area_and_the_rest_is_its_wording() {
        let cases = [
            ("", CaseArg::Missing, Word::Missing, ""),
            ("K-7F2Q", code("K-7F2Q"), Word::Missing, ""),
            ("K-7F2Q skole", code("K-7F2Q"), Word::Known(FocusArea::School), ""),
            (
                "K-7F2Q SKOLE Jeg kommer  hver dag",
                code("K-7F2Q"),
                Word::Known(FocusArea::School),
                "Jeg kommer  hver dag",
            ),
            ("K-7F2Q månen Jeg", code("K-7F2Q"), Word::Unknown, "Jeg"),
        ];
        for (args, case, area, text) in cases {
            assert_eq!(goal(args), GoalArgs { case, area, text }, "{args:?}");
        }
    }

    #[test]
    fn a_goal_is_named_by_its_number() {
        let parsed = witness_text("K-7F2Q 2 Hun kommer i skole");
        assert_eq!(parsed.position, Some(2));
        assert_eq!(parsed.text, "Hun kommer i skole");
        assert_eq!(witness_text("K-7F2Q to tekst").position, None);
        assert_eq!(witness_text("K-7F2Q").position, None);

        let parsed = scale("K-7F2Q 1 aarhus-0-4");
        assert_eq!(
            (parsed.position, parsed.scale),
            (Some(1), Ok(ScaleKind::Aarhus0To4))
        );
        assert!(scale("K-7F2Q 1 1-100").scale.is_err());
        assert!(scale("K-7F2Q 1").scale.is_err());
    }

    #[test]
    fn a_rhythm_needs_all_three_parts_or_none() {
        assert_eq!(rhythm(""), RhythmArgs::Guided);
        assert_eq!(rhythm("K-7F2Q"), RhythmArgs::Usage);
        assert_eq!(rhythm("K-7F2Q ung"), RhythmArgs::Usage);
        let RhythmArgs::Set {
            case,
            role,
            expression,
        } = rhythm("K-7F2Q Forælder hver torsdag 15.30")
        else {
            panic!("a rhythm");
        };
        assert_eq!(CaseArg::Typed(case), code("K-7F2Q"));
        assert_eq!((role, expression), (Some(Role::Parent), "hver torsdag 15.30"));
        assert!(matches!(
            rhythm("K-7F2Q rektor hver dag"),
            RhythmArgs::Set { role: None, .. }
        ));
    }

    #[test]
    fn a_checkin_now_goes_to_the_young_person_unless_everyone_is_asked() {
        let cases = [
            ("K-7F2Q", Some(Audience::Youth)),
            ("K-7F2Q ung", Some(Audience::Youth)),
            ("K-7F2Q ALLE", Some(Audience::Everyone)),
            ("K-7F2Q all", Some(Audience::Everyone)),
            ("K-7F2Q mor", None),
        ];
        for (args, audience) in cases {
            assert_eq!(checkin_now(args).audience, audience, "{args:?}");
        }
        assert_eq!(checkin_now("").case, CaseArg::Missing);
    }

    #[test]
    fn a_witness_is_invited_by_relation_and_name_the_others_by_name() {
        let cases = [
            ("K-7F2Q", Word::Missing, None, None),
            ("K-7F2Q ung", Word::Known(Role::Youth), None, None),
            (
                "K-7F2Q ung Lea Sofie",
                Word::Known(Role::Youth),
                None,
                Some("Lea Sofie"),
            ),
            (
                "K-7F2Q forælder Anne",
                Word::Known(Role::Parent),
                None,
                Some("Anne"),
            ),
            ("K-7F2Q vidne", Word::Known(Role::Witness), None, None),
            (
                "K-7F2Q vidne morfar",
                Word::Known(Role::Witness),
                Some("morfar"),
                None,
            ),
            (
                "K-7F2Q vidne træner Jens Hansen",
                Word::Known(Role::Witness),
                Some("træner"),
                Some("Jens Hansen"),
            ),
            ("K-7F2Q rektor Jens", Word::Unknown, None, Some("Jens")),
        ];
        for (args, role, relation, name) in cases {
            let parsed = invite(args);
            assert_eq!(
                (parsed.role, parsed.relation, parsed.name),
                (role, relation, name),
                "{args:?}"
            );
        }
    }

    #[test]
    fn the_rest_after_a_case_is_kept_as_typed() {
        assert_eq!(
            case_and_rest("K-7F2Q  Mette Hansen "),
            CaseAndRest {
                case: code("K-7F2Q"),
                rest: Some("Mette Hansen")
            }
        );
        assert_eq!(case_and_rest("K-7F2Q").rest, None);
    }

    #[test]
    fn an_absence_is_shown_or_needs_two_dates() {
        assert_eq!(absence(""), AbsenceArgs::Show);
        assert_eq!(absence("1.3"), AbsenceArgs::Usage);
        assert_eq!(
            absence("1.3 14.3"),
            AbsenceArgs::Period {
                from: "1.3",
                to: "14.3",
                cover: None
            }
        );
        assert_eq!(
            absence("1.3 14.3 Mette"),
            AbsenceArgs::Period {
                from: "1.3",
                to: "14.3",
                cover: Some("Mette")
            }
        );
    }

    #[test]
    fn a_journal_period_is_two_optional_days() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let parsed = journal("K-7F2Q 2026-09-01 1.12.2026");
        assert_eq!(
            (parsed.from, parsed.to),
            (Some(Ok(day(2026, 9, 1))), Some(Ok(day(2026, 12, 1))))
        );
        let parsed = journal("K-7F2Q");
        assert_eq!((parsed.from, parsed.to), (None, None));
        let parsed = journal("K-7F2Q i-går");
        assert_eq!((parsed.from, parsed.to), (Some(Err("i-går")), None));
    }
}
