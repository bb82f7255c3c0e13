//! The command menu each role sees in Telegram (registered per chat with `setMyCommands`).

use crate::i18n::{Lang, Texts};

pub use super::command::Menu;

impl Menu {
    /// Command names in menu order (from the command table, `chat::command::COMMANDS`);
    /// descriptions come from `messages/` (`menu-<name>`).
    pub fn commands(self) -> Vec<&'static str> {
        super::command::menu(self)
    }

    /// `(command, description)` pairs in the given language.
    pub fn entries(self, texts: &Texts, lang: Lang) -> Vec<(String, String)> {
        self.commands()
            .iter()
            .map(|name| (name.to_string(), texts.t(lang, &format!("menu-{name}"))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_command_has_a_description_in_both_languages() {
        let texts = Texts::get();
        for menu in [
            Menu::Default,
            Menu::Staff,
            Menu::TeamLeader,
            Menu::Youth,
            Menu::Network,
        ] {
            for lang in Lang::ALL {
                for (name, description) in menu.entries(&texts, lang) {
                    assert_ne!(
                        description,
                        format!("menu-{name}"),
                        "{lang:?} menu-{name} missing"
                    );
                    assert!(description.len() <= 256);
                }
            }
        }
    }

    #[test]
    fn team_leader_only_commands_are_only_in_the_team_leaders_menu() {
        assert!(Menu::TeamLeader.commands().contains(&"ledelse"));
        assert!(!Menu::Staff.commands().contains(&"ledelse"));
        for name in Menu::Staff.commands() {
            assert!(Menu::TeamLeader.commands().contains(&name), "{name}");
        }
    }
}
