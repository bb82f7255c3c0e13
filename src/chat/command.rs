//! The commands: one table ([`COMMANDS`]) says for each its name, the other spellings it
//! answers to, who may use it, which menus list it and what it does; the menus
//! (`chat::menu`), the staff help and the routing (`chat::route_text` and the role routers) are
//! derived from it. And parsing a command line typed in the chat:
//! `/maal@taetkontakt_bot K-7F2Q skole Jeg …`.

/// Which menu a chat gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// Everyone before joining.
    Default,
    /// Caseworkers.
    Staff,
    /// Team leaders: the caseworker's commands plus the team-leader-only ones.
    TeamLeader,
    Youth,
    /// Parents and witnesses.
    Network,
}

/// Who may use a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Anyone, also before joining.
    Anyone,
    /// Young people, parents and witnesses.
    Participant,
    /// Caseworkers and team leaders (a handler may narrow it further, e.g. `/ledelse`).
    Staff,
}

/// What a command does. The routers match on this, so a command cannot be routed without a
/// row in [`COMMANDS`], and the compiler finds a row without a handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Start,
    Help,
    Cancel,
    // Young people, parents and witnesses.
    Mine,
    Report,
    Call,
    Pause,
    Stop,
    // Staff.
    Alerts,
    LeaderReport,
    Cases,
    Case,
    Close,
    Journal,
    Handover,
    Absence,
    Meeting,
    Meetings,
    Draft,
    Calls,
    Statutory,
    NewCase,
    Goal,
    Invite,
    CheckinNow,
    Rhythm,
    WitnessText,
    Scale,
    /// `/skrivebord`: a sign-in link to the web desk.
    Desk,
}

/// One row of the command table.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// The name in the menus (ASCII, as Telegram requires); its description is `menu-<name>`.
    pub name: &'static str,
    /// Other spellings it answers to (with æøå, English).
    pub aliases: &'static [&'static str],
    pub who: Who,
    pub action: Action,
    /// The menus that list it, in the table's order; none: typed only.
    pub menus: &'static [Menu],
    /// A team leader's menu lists these first (their own work before the caseworker's).
    pub leader_first: bool,
}

const STAFF: &[Menu] = &[Menu::Staff, Menu::TeamLeader];
const LEADER: &[Menu] = &[Menu::TeamLeader];
const YOUTH_AND_NETWORK: &[Menu] = &[Menu::Youth, Menu::Network];

const fn row(name: &'static str, who: Who, action: Action, menus: &'static [Menu]) -> Command {
    Command {
        name,
        aliases: &[],
        who,
        action,
        menus,
        leader_first: false,
    }
}

const fn aliases(mut command: Command, aliases: &'static [&'static str]) -> Command {
    command.aliases = aliases;
    command
}

const fn leader_first(mut command: Command) -> Command {
    command.leader_first = true;
    command
}

/// Every command, in menu order.
pub const COMMANDS: &[Command] = &[
    row("start", Who::Anyone, Action::Start, &[Menu::Default]),
    // Young people, parents and witnesses.
    row("meld", Who::Participant, Action::Report, &[Menu::Network]),
    row("mine", Who::Participant, Action::Mine, YOUTH_AND_NETWORK),
    row("pause", Who::Participant, Action::Pause, YOUTH_AND_NETWORK),
    row("ring", Who::Participant, Action::Call, &[Menu::Youth]),
    row("stop", Who::Participant, Action::Stop, YOUTH_AND_NETWORK),
    // Staff.
    leader_first(row("alarmer", Who::Staff, Action::Alerts, STAFF)),
    leader_first(row("ledelse", Who::Staff, Action::LeaderReport, LEADER)),
    aliases(row("moede", Who::Staff, Action::Meeting, STAFF), &["møde"]),
    aliases(row("moeder", Who::Staff, Action::Meetings, STAFF), &["møder"]),
    row("udkast", Who::Staff, Action::Draft, STAFF),
    row("opkald", Who::Staff, Action::Calls, STAFF),
    aliases(
        row("indsats", Who::Staff, Action::Statutory, STAFF),
        &["opfoelgning", "opfølgning"],
    ),
    leader_first(row("sager", Who::Staff, Action::Cases, STAFF)),
    leader_first(row("sag", Who::Staff, Action::Case, STAFF)),
    leader_first(row("luk", Who::Staff, Action::Close, LEADER)),
    leader_first(row("journal", Who::Staff, Action::Journal, LEADER)),
    row("nysag", Who::Staff, Action::NewCase, STAFF),
    row("maal", Who::Staff, Action::Goal, STAFF),
    row("inviter", Who::Staff, Action::Invite, STAFF),
    row("tjekind", Who::Staff, Action::CheckinNow, STAFF),
    row("rytme", Who::Staff, Action::Rhythm, STAFF),
    row("vidnetekst", Who::Staff, Action::WitnessText, STAFF),
    row("skala", Who::Staff, Action::Scale, STAFF),
    row("skrivebord", Who::Staff, Action::Desk, STAFF),
    leader_first(row("overdrag", Who::Staff, Action::Handover, STAFF)),
    leader_first(aliases(
        row("fravaer", Who::Staff, Action::Absence, STAFF),
        &["fravær"],
    )),
    aliases(row("annuller", Who::Anyone, Action::Cancel, STAFF), &["cancel"]),
    aliases(
        row(
            "hjaelp",
            Who::Anyone,
            Action::Help,
            &[
                Menu::Default,
                Menu::Staff,
                Menu::TeamLeader,
                Menu::Youth,
                Menu::Network,
            ],
        ),
        &["hjælp", "help"],
    ),
];

/// The command a typed name (lower case, without `/`) stands for.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// The names `menu` lists, in menu order.
pub fn menu(menu: Menu) -> Vec<&'static str> {
    let listed = COMMANDS.iter().filter(|c| c.menus.contains(&menu));
    if menu == Menu::TeamLeader {
        let (first, rest): (Vec<&Command>, Vec<&Command>) = listed.partition(|c| c.leader_first);
        first.into_iter().chain(rest).map(|c| c.name).collect()
    } else {
        listed.map(|c| c.name).collect()
    }
}

/// A command name (lower case, without `/` and `@bot`) and the rest of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandLine<'a> {
    pub name: String,
    pub args: &'a str,
}

/// `None` when the text is not a command.
pub fn parse(text: &str) -> Option<CommandLine<'_>> {
    let text = text.trim_start();
    let rest = text.strip_prefix('/')?;
    let (head, args) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let name = head.split('@').next().unwrap_or_default().to_lowercase();
    if name.is_empty() {
        return None;
    }
    Some(CommandLine { name, args })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_split_into_name_and_arguments() {
        let cases = [
            ("/nysag Lea", Some(("nysag", "Lea"))),
            (
                "/maal@taetkontakt_bot K-7F2Q skole Jeg kommer",
                Some(("maal", "K-7F2Q skole Jeg kommer")),
            ),
            ("/SAGER", Some(("sager", ""))),
            ("  /start   abc  ", Some(("start", "abc"))),
            ("hej", None),
            ("/", None),
        ];
        for (text, expected) in cases {
            let parsed = parse(text).map(|c| (c.name.clone(), c.args.to_string()));
            assert_eq!(
                parsed,
                expected.map(|(n, a)| (n.to_string(), a.to_string())),
                "{text:?}"
            );
        }
    }

    #[test]
    fn every_name_and_alias_finds_exactly_its_own_row() {
        let mut seen = std::collections::HashSet::new();
        for command in COMMANDS {
            for name in std::iter::once(&command.name).chain(command.aliases) {
                assert!(seen.insert(*name), "{name} is in the table twice");
                assert_eq!(find(name).map(|c| c.action), Some(command.action), "{name}");
            }
            // Telegram's menu accepts only 1–32 lower-case letters, digits and underscores.
            assert!(command.name.len() <= 32 && command.name.chars().all(|c| c.is_ascii_lowercase()));
        }
        assert!(find("nosuchcommand").is_none());
    }

    #[test]
    fn menus_follow_the_table() {
        assert_eq!(menu(Menu::Default), ["start", "hjaelp"]);
        assert_eq!(menu(Menu::Youth), ["mine", "pause", "ring", "stop", "hjaelp"]);
        assert_eq!(menu(Menu::Network), ["meld", "mine", "pause", "stop", "hjaelp"]);
        let leader = menu(Menu::TeamLeader);
        assert_eq!(&leader[..4], ["alarmer", "ledelse", "sager", "sag"]);
        for name in menu(Menu::Staff) {
            assert!(leader.contains(&name), "{name}");
        }
        // Staff commands are listed only in staff menus, participants' only in theirs.
        for command in COMMANDS {
            for menu in command.menus {
                let staff_menu = matches!(menu, Menu::Staff | Menu::TeamLeader);
                match command.who {
                    Who::Staff => assert!(staff_menu, "{}", command.name),
                    Who::Participant => assert!(!staff_menu, "{}", command.name),
                    Who::Anyone => {}
                }
            }
        }
    }

    #[test]
    fn every_command_in_the_table_has_a_menu_text_in_every_language() {
        let texts = crate::i18n::Texts::get();
        for command in COMMANDS {
            for lang in crate::i18n::Lang::ALL {
                let key = format!("menu-{}", command.name);
                assert_ne!(texts.t(lang, &key), key, "{lang:?} {key} missing");
            }
        }
    }
}
