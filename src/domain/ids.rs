//! Identifiers as newtypes, so a case id can never be passed where a goal id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A staff member (rådgiver or teamleder).
    StaffId
);
id_type!(
    /// A case (sag): one young person's follow-up.
    CaseId
);
id_type!(
    /// A goal (mål) of a case's plan.
    GoalId
);
id_type!(
    /// A participant (young person, parent or witness) in one case.
    ParticipantId
);
id_type!(
    /// An invitation link.
    InviteId
);
id_type!(
    /// A queued outgoing message in the outbox.
    OutboxId
);
id_type!(
    /// A Telegram user; in private chats also the chat id.
    TelegramUserId
);
id_type!(
    /// A check-in (tjek-ind): one round of questions to one participant.
    CheckinId
);
id_type!(
    /// A prompt (spørgsmål): one question about one goal in one check-in.
    PromptId
);
id_type!(
    /// An alert (alarm) the caseworker must assess.
    AlertId
);
id_type!(
    /// A witness's or parent's report of a change (melding).
    ReportId
);
id_type!(
    /// A meeting (møde) about a case: start-up, plan, follow-up, network or coffee meeting.
    MeetingId
);
id_type!(
    /// A follow-up call task (opkaldsopgave) for the caseworker.
    CallTaskId
);
id_type!(
    /// A check question ("Er du i fare lige nu?") sent on a possible concern.
    SafetyCheckId
);
id_type!(
    /// Something a participant wrote to the caseworker (a message, comment or report text).
    NoteId
);
id_type!(
    /// An absence (fravær) of a staff member, with who covers it.
    AbsenceId
);
