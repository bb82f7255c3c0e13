//! The conversations: one handler module per role or topic. Handlers are thin: parse the
//! update, ask the domain, write through the store, queue replies in the outbox — all inside
//! the transaction that also marks the update handled.

pub mod access;
pub mod alerts;
pub mod args;
pub mod calls;
pub mod checkin;
pub mod command;
pub mod conversation;
pub mod delivery;
mod desk;
mod lifecycle;
pub mod meeting;
pub mod meeting_draft;
pub mod menu;
mod onboarding;
pub mod participant;
mod pick_case;
pub mod safety;
pub(crate) mod staff;
pub mod staff_changes;
mod statutory;

use crate::chat::access::Refusal;
use chrono::{DateTime, Utc};
use teloxide::types::{CallbackQuery, ChatKind, Message, Update, UpdateKind, User};

use crate::domain::ids::{ParticipantId, TelegramUserId};
use crate::i18n::{Args, Lang};
use crate::service::buttons::Callback;
use crate::store::{NewMessage, Priority, Tx};
use crate::telegram::outgoing::{Button, Keyboard, Outgoing};
use command::{Action, Who};
use conversation::Conversation;
use menu::Menu;

pub use crate::service::format::participant_label as staff_label;
pub use crate::service::{Context as ChatContext, Delivery, Error as ChatError, Queued, queue};

/// A failure while handling an update rolls the transaction back and the update is retried.
pub type ChatResult<T> = crate::service::Result<T>;

/// Work to do only after the transaction committed: calls that are not messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterCommit {
    /// Stops the spinner on a pressed button: the answer is already stored in the outbox
    /// (claimed by this instance), to be sent at once.
    AnswerCallback(crate::telegram::answers::QuickAnswer),
    /// Shows the command menu that fits the person's role in their chat.
    SetMenu { chat_id: i64, menu: Menu, lang: Lang },
    /// A team leader's `/ledelse`: the report reads the whole database, so it is built after
    /// the update's transaction, in a read-only one of its own, and answered when ready —
    /// never holding the write lock that every other update waits for.
    ManagementReport {
        update_id: i64,
        chat_id: i64,
        team: String,
        lang: Lang,
        at: DateTime<Utc>,
    },
}

/// The handling of one update: the transaction, the replies queued so far, and what to do
/// after commit. Replies get de-duplication keys derived from the update id, so handling the
/// same update twice can never send twice.
pub struct Turn<'a> {
    pub ctx: &'a ChatContext,
    pub tx: &'a mut Tx,
    pub update_id: i64,
    pub now: DateTime<Utc>,
    pub chat_id: i64,
    pub user: TelegramUserId,
    pub lang: Lang,
    replies: u32,
    pub after: Vec<AfterCommit>,
    /// The help numbers for this update were already sent (by the poller, database down).
    pub safety_replied: bool,
    /// The person's Telegram name as Telegram sends it ("Lea S. (@lea)"), shown to the
    /// caseworker only when someone joins, so she can see the right person took the link.
    pub telegram_name: String,
    /// A staff flow's step was just set: the next message to this chat is its question and
    /// gets "✖️ Annuller" (see [`Conversation::offers_cancel`]).
    offer_cancel: bool,
}

impl<'a> Turn<'a> {
    /// The handling of one update from `user` in `chat_id`.
    #[allow(clippy::too_many_arguments)]
    fn new(
        ctx: &'a ChatContext,
        tx: &'a mut Tx,
        update_id: i64,
        now: DateTime<Utc>,
        chat_id: i64,
        user: &User,
        safety_replied: bool,
    ) -> Turn<'a> {
        tracing::Span::current().record("chat_id", chat_id);
        Turn {
            ctx,
            tx,
            update_id,
            now,
            chat_id,
            user: TelegramUserId(user.id.0 as i64),
            lang: lang_of(ctx, Some(user)),
            replies: 0,
            after: Vec::new(),
            safety_replied,
            telegram_name: telegram_name(user),
            offer_cancel: false,
        }
    }

    /// A text from the catalogue in the person's language.
    pub fn t(&self, key: &str) -> String {
        self.ctx.texts.t(self.lang, key)
    }

    pub fn ta(&self, key: &str, args: Args<'_>) -> String {
        self.ctx.texts.ta(self.lang, key, args)
    }

    /// A participant's text with the catalogue's `$reader` (`service::format::reader`): the
    /// young person reads "din rådgiver", a parent or a witness "rådgiveren".
    pub fn t_for(&self, role: crate::domain::participant::Role, key: &str) -> String {
        self.ta(
            key,
            Args::new().with("reader", crate::service::format::reader(role)),
        )
    }

    /// Queues a reply to the chat the update came from.
    pub async fn reply(&mut self, text: String, buttons: Keyboard) -> ChatResult<()> {
        let chat = self.chat_id;
        self.send(chat, None, Outgoing::Text { text, buttons }).await
    }

    /// The sentence for a refusal, as the notice on a pressed button's spinner.
    pub fn refused(&self, refusal: Refusal) -> Option<String> {
        Some(self.t(refusal.key()))
    }

    /// Replies with the sentence for a refusal.
    pub async fn refuse(&mut self, refusal: Refusal) -> ChatResult<()> {
        self.reply_key(refusal.key()).await
    }

    /// Replies with the catalogue text `key`.
    pub async fn reply_key(&mut self, key: &str) -> ChatResult<()> {
        let text = self.t(key);
        self.reply(text, Vec::new()).await
    }

    /// Replies with the kind sentence for a text that cannot be stored in a field of `max`
    /// characters.
    pub async fn reply_text_error(
        &mut self,
        error: crate::domain::text::TextError,
        max: usize,
    ) -> ChatResult<()> {
        let text = crate::service::format::text_error(self.ctx, self.lang, &error, max);
        self.reply(text, Vec::new()).await
    }

    /// Edits a message of the bot in this chat (the one a pressed button sits on).
    pub async fn edit(&mut self, message_id: i32, text: String, buttons: Keyboard) -> ChatResult<()> {
        let chat = self.chat_id;
        let edit = Outgoing::Edit {
            message_id,
            text,
            buttons,
        };
        self.send(chat, None, edit).await
    }

    /// Queues a plain text without buttons to another staff member's chat (not a participant).
    pub async fn tell(&mut self, chat_id: i64, text: String) -> ChatResult<()> {
        let buttons = Vec::new();
        self.send(chat_id, None, Outgoing::Text { text, buttons }).await
    }

    /// Queues a message to any chat (e.g. to tell the caseworker), keyed to this update.
    pub async fn send(
        &mut self,
        chat_id: i64,
        participant: Option<ParticipantId>,
        message: Outgoing,
    ) -> ChatResult<()> {
        // The answer to what the person just did: a broadcast never delays it.
        self.send_with(chat_id, participant, message, Delivery::Reply)
            .await
    }

    /// Like [`Turn::send`], for another kind of message (safety answers and urgent alerts go
    /// first).
    pub async fn send_with(
        &mut self,
        chat_id: i64,
        participant: Option<ParticipantId>,
        message: Outgoing,
        delivery: Delivery,
    ) -> ChatResult<()> {
        let question = matches!(message, Outgoing::Text { .. } | Outgoing::Edit { .. });
        let message = if chat_id == self.chat_id && question && self.offer_cancel {
            self.offer_cancel = false;
            self.with_cancel(message)
        } else {
            message
        };
        self.replies += 1;
        let key = format!("u{}:{}", self.update_id, self.replies);
        queue(
            self.tx,
            self.ctx,
            Queued {
                key: &key,
                chat_id,
                participant,
                message: &message,
                delivery,
            },
            self.now,
        )
        .await?;
        Ok(())
    }

    /// Tells the participant's caseworker, in the caseworker's own language. `who`, `code` and
    /// `nickname` are added to `args`; nothing happens if the caseworker has not joined yet.
    pub async fn tell_caseworker(
        &mut self,
        participant: &crate::store::ParticipantRecord,
        key: &str,
        args: Args<'_>,
        delivery: Delivery,
    ) -> ChatResult<()> {
        self.tell_caseworker_about(participant, key, args, delivery, None)
            .await
    }

    /// Like [`Turn::tell_caseworker`] for a text the participant wrote (`note`): the message
    /// carries "Tag med på mødet", the only way such a text reaches the agenda draft.
    pub async fn tell_caseworker_about(
        &mut self,
        participant: &crate::store::ParticipantRecord,
        key: &str,
        args: Args<'_>,
        delivery: Delivery,
        note: Option<crate::domain::ids::NoteId>,
    ) -> ChatResult<()> {
        let buttons = note.map(|note| (note_label(), Callback::NoteToAgenda(note)));
        self.tell_caseworker_with(participant, key, args, delivery, buttons)
            .await
    }

    /// Like [`Turn::tell_caseworker`], with one button (label key, what it does) under it.
    pub async fn tell_caseworker_with(
        &mut self,
        participant: &crate::store::ParticipantRecord,
        key: &str,
        args: Args<'_>,
        delivery: Delivery,
        button: Option<(&str, Callback)>,
    ) -> ChatResult<()> {
        let Some(case) = self.tx.case(participant.case_id).await? else {
            return Ok(());
        };
        let Some(caseworker) = self.tx.staff(case.caseworker_id).await? else {
            return Ok(());
        };
        let Some(chat) = caseworker.telegram_user_id else {
            return Ok(());
        };
        let who = staff_label(self.ctx, caseworker.lang, participant);
        let args = args
            .with("who", who)
            .with("code", case.code.to_string())
            .with("nickname", case.nickname.clone());
        let text = self.ctx.texts.ta(caseworker.lang, key, args);
        let label_args = Args::new().with("who", staff_label(self.ctx, caseworker.lang, participant));
        let buttons = match button {
            Some((label, callback)) => vec![vec![crate::telegram::outgoing::Button::callback(
                self.ctx.texts.ta(caseworker.lang, label, label_args),
                callback.encode(),
            )]],
            None => Vec::new(),
        };
        self.send_with(chat.0, None, Outgoing::Text { text, buttons }, delivery)
            .await
    }

    pub async fn conversation(&mut self) -> ChatResult<Option<Conversation>> {
        let Some(raw) = self.tx.conversation(self.chat_id).await? else {
            return Ok(None);
        };
        match serde_json::from_str(&raw) {
            Ok(state) => Ok(Some(state)),
            Err(error) => {
                // An old or damaged state must not trap the person: forget it.
                let error = crate::telegram::dispatcher::json_error_kind(&error);
                tracing::warn!(chat_id = self.chat_id, %error, "dropping unreadable conversation state");
                self.tx.clear_conversation(self.chat_id).await?;
                Ok(None)
            }
        }
    }

    pub async fn set_conversation(&mut self, state: &Conversation) -> ChatResult<()> {
        let raw = serde_json::to_string(state)?;
        self.tx.set_conversation(self.chat_id, &raw, self.now).await?;
        self.offer_cancel = state.offers_cancel();
        Ok(())
    }

    pub async fn clear_conversation(&mut self) -> ChatResult<()> {
        self.tx.clear_conversation(self.chat_id).await?;
        self.offer_cancel = false;
        Ok(())
    }

    /// The question of a staff flow's step, with "✖️ Annuller" under it (once).
    fn with_cancel(&self, message: Outgoing) -> Outgoing {
        let cancel = Callback::CancelFlow.encode();
        let add = |mut buttons: Keyboard| {
            if !buttons
                .iter()
                .flatten()
                .any(|b| b.data.as_deref() == Some(cancel.as_str()))
            {
                buttons.push(vec![Button::callback(
                    self.t("flow-cancel-button"),
                    cancel.clone(),
                )]);
            }
            buttons
        };
        match message {
            Outgoing::Text { text, buttons } => Outgoing::Text {
                text,
                buttons: add(buttons),
            },
            Outgoing::Edit {
                message_id,
                text,
                buttons,
            } => Outgoing::Edit {
                message_id,
                text,
                buttons: add(buttons),
            },
            other => other,
        }
    }
}

fn note_label() -> &'static str {
    "note-to-agenda-button"
}

/// "Lea S. (@lea)": how Telegram shows the person, for the caseworker's join notice.
fn telegram_name(user: &User) -> String {
    let full = match &user.last_name {
        Some(last) => format!("{} {last}", user.first_name),
        None => user.first_name.clone(),
    };
    match &user.username {
        Some(username) => format!("{full} (@{username})"),
        None => full,
    }
}

/// Handles one update inside `tx`. Returns the calls to make after commit. Its span (inside
/// the inbox's span with the update id) gets the chat and, once access resolves one, the case.
#[tracing::instrument(name = "chat", skip_all, fields(chat_id = tracing::field::Empty, case_id = tracing::field::Empty))]
pub async fn handle(
    ctx: &ChatContext,
    tx: &mut Tx,
    update_id: i64,
    update: Update,
    safety_replied: bool,
) -> ChatResult<Vec<AfterCommit>> {
    let now = ctx.clock.now();
    match update.kind {
        UpdateKind::Message(message) => on_message(ctx, tx, update_id, now, message, safety_replied).await,
        UpdateKind::EditedMessage(message) => {
            on_edited(ctx, tx, update_id, now, message, safety_replied).await
        }
        UpdateKind::CallbackQuery(query) => on_callback(ctx, tx, update_id, now, query).await,
        UpdateKind::MyChatMember(change) if change.chat.is_private() => {
            // Telegram tells us when a person blocks or unblocks the bot.
            let chat_id = change.chat.id.0;
            if change.new_chat_member.is_present() {
                delivery::mark_reachable(tx, chat_id, now).await?;
            } else {
                delivery::mark_unreachable(tx, ctx, chat_id, "blocked the bot", now).await?;
            }
            Ok(Vec::new())
        }
        UpdateKind::Error(_) => {
            tracing::warn!(update_id, "update of a kind the bot does not understand; ignored");
            Ok(Vec::new())
        }
        _ => {
            tracing::debug!(update_id, "update kind not handled");
            Ok(Vec::new())
        }
    }
}

fn lang_of(ctx: &ChatContext, user: Option<&User>) -> Lang {
    user.and_then(|u| u.language_code.as_deref())
        .and_then(|code| code.split('-').next())
        .and_then(Lang::parse)
        .filter(|lang| *lang == Lang::En)
        .unwrap_or(ctx.default_lang)
}

async fn on_message(
    ctx: &ChatContext,
    tx: &mut Tx,
    update_id: i64,
    now: DateTime<Utc>,
    message: Message,
    safety_replied: bool,
) -> ChatResult<Vec<AfterCommit>> {
    let Some(user) = message.from.clone() else {
        return Ok(Vec::new());
    };
    let mut turn = Turn::new(ctx, tx, update_id, now, message.chat.id.0, &user, safety_replied);
    if !matches!(message.chat.kind, ChatKind::Private(_)) {
        // Nothing about a group is stored; one short answer so nobody waits in vain.
        let text = turn.t("group-not-supported");
        turn.reply(text, Vec::new()).await?;
        return Ok(turn.after);
    }
    let Some(text) = message.text() else {
        // A photo's caption is read like any text (and checked for danger); the picture
        // itself is not passed on.
        if let Some(caption) = message.caption()
            && let Person::Participant(participations) = identify(&mut turn).await?
        {
            let caption = crate::domain::text::strip_controls(caption);
            let live = lifecycle::live_participations(&mut turn, &participations).await?;
            if live.is_empty() {
                lifecycle::text_after_close(&mut turn, &participations, &caption).await?;
                return Ok(turn.after);
            }
            participant::text(&mut turn, &live, &caption).await?;
            let text = turn.t("caption-only-text");
            turn.reply(text, Vec::new()).await?;
            return Ok(turn.after);
        }
        let text = turn.t("only-text");
        turn.reply(text, Vec::new()).await?;
        return Ok(turn.after);
    };
    if text.chars().count() > crate::telegram::outgoing::MAX_TEXT_CHARS {
        let text = turn.t("text-too-long");
        turn.reply(text, Vec::new()).await?;
        return Ok(turn.after);
    }
    // Nothing that can fake lines or reorder text is stored or forwarded.
    let text = crate::domain::text::strip_controls(text);
    route_text(&mut turn, &text).await?;
    Ok(turn.after)
}

/// A participant edited a message: the new text is checked for danger like any text, and
/// otherwise passed on to the caseworker as an edit (no reply: nobody expects one).
async fn on_edited(
    ctx: &ChatContext,
    tx: &mut Tx,
    update_id: i64,
    now: DateTime<Utc>,
    message: Message,
    safety_replied: bool,
) -> ChatResult<Vec<AfterCommit>> {
    let Some(user) = message.from.clone() else {
        return Ok(Vec::new());
    };
    let mut turn = Turn::new(ctx, tx, update_id, now, message.chat.id.0, &user, safety_replied);
    let Some(text) = message.text().or(message.caption()) else {
        return Ok(turn.after);
    };
    let text = &crate::domain::text::strip_controls(text);
    if !matches!(message.chat.kind, ChatKind::Private(_)) || command::parse(text).is_some() {
        return Ok(turn.after);
    }
    let Person::Participant(participations) = identify(&mut turn).await? else {
        return Ok(turn.after);
    };
    if safety::check(&mut turn, &participations, text).await?.is_some() {
        return Ok(turn.after);
    }
    // An edit in a closed case's chat is not passed on any more.
    let live = lifecycle::live_participations(&mut turn, &participations).await?;
    if live.is_empty() {
        return Ok(turn.after);
    }
    participant::forward_edit(&mut turn, &live, text).await?;
    Ok(turn.after)
}

/// Who is writing: staff, a participant, or a stranger.
pub enum Person {
    Staff(crate::store::StaffRecord),
    /// A deactivated staff member: refused everything (see `access::staff_access`).
    FormerStaff,
    Participant(Vec<crate::store::ParticipantRecord>),
    Stranger,
}

async fn identify(turn: &mut Turn<'_>) -> ChatResult<Person> {
    match access::staff_access(turn).await? {
        access::StaffAccess::Active(staff) => return Ok(Person::Staff(staff)),
        access::StaffAccess::Refused(_) => return Ok(Person::FormerStaff),
        access::StaffAccess::NotStaff => {}
    }
    use crate::domain::participant::ParticipantStatus;
    let mut participations = turn.tx.participants_by_user(turn.user).await?;
    // Someone who blocked the bot and writes again is reachable again.
    if participations
        .iter()
        .any(|p| p.status == ParticipantStatus::Blocked)
    {
        delivery::mark_reachable(turn.tx, turn.chat_id, turn.now).await?;
        participations = turn.tx.participants_by_user(turn.user).await?;
    }
    participations.retain(|p| !matches!(p.status, ParticipantStatus::Invited | ParticipantStatus::Removed));
    if let Some(first) = participations.first() {
        turn.lang = first.lang;
        return Ok(Person::Participant(participations));
    }
    Ok(Person::Stranger)
}

async fn route_text(turn: &mut Turn<'_>, text: &str) -> ChatResult<()> {
    if let Some(line) = command::parse(text) {
        // The command table says what a name means and who may use it.
        let found = command::find(&line.name);
        let args = line.args;
        match found.map(|c| c.action) {
            Some(Action::Start) => return onboarding::start(turn, args).await,
            Some(Action::Help) => return help(turn, args).await,
            Some(Action::Cancel) => {
                turn.clear_conversation().await?;
                let reply = turn.t("cancelled");
                return turn.reply(reply, Vec::new()).await;
            }
            _ => {}
        }
        let who = found.map(|c| c.who);
        let action = found.map(|c| c.action);
        return match identify(turn).await? {
            Person::Staff(staff) => match (who, action) {
                (Some(Who::Staff), Some(action)) => staff::command(turn, &staff, action, args).await,
                _ => turn.reply_key("unknown-command").await,
            },
            Person::FormerStaff => refuse_former_staff(turn).await,
            Person::Participant(_) if who == Some(Who::Staff) => {
                let reply = turn.t("staff-only");
                turn.reply(reply, Vec::new()).await
            }
            Person::Participant(participations) => {
                let live = lifecycle::live_participations(turn, &participations).await?;
                if live.is_empty() {
                    return lifecycle::contact_ended(turn, &participations).await;
                }
                match action {
                    Some(action) => participant::command(turn, &live, action, args).await,
                    None => turn.reply_key("unknown-command").await,
                }
            }
            Person::Stranger => stranger(turn).await,
        };
    }
    match identify(turn).await? {
        Person::Staff(staff) => staff::text(turn, &staff, text).await,
        Person::FormerStaff => refuse_former_staff(turn).await,
        Person::Participant(participations) => {
            // A closed case's participants are told the contact has ended; danger still
            // gets the help numbers and still reaches the caseworker.
            let live = lifecycle::live_participations(turn, &participations).await?;
            if live.is_empty() {
                return lifecycle::text_after_close(turn, &participations, text).await;
            }
            participant::text(turn, &live, text).await
        }
        Person::Stranger => {
            // Nobody to tell, but nobody goes unanswered: danger gets the help numbers.
            if safety::stranger_in_danger(turn, text).await? {
                return Ok(());
            }
            stranger(turn).await
        }
    }
}

/// The refusal a deactivated staff member gets, and the plain menu instead of the staff menu.
fn refusal_for_former_staff(turn: &mut Turn<'_>) -> String {
    turn.after.push(AfterCommit::SetMenu {
        chat_id: turn.chat_id,
        menu: Menu::Default,
        lang: turn.lang,
    });
    turn.t(Refusal::FormerStaff.key())
}

/// A deactivated staff member: one short refusal, nothing else happens.
async fn refuse_former_staff(turn: &mut Turn<'_>) -> ChatResult<()> {
    let reply = refusal_for_former_staff(turn);
    turn.reply(reply, Vec::new()).await
}

/// Someone without an invitation: a polite answer, nothing stored about them — at most once
/// an hour, so a stranger's flood costs one message (the outbox row of the last answer is the
/// only memory). Danger, `/start` and `/hjaelp` are always answered.
async fn stranger(turn: &mut Turn<'_>) -> ChatResult<()> {
    const KEY: &str = "stranger:";
    let last = turn.tx.last_message_to(turn.chat_id, KEY).await?;
    if !crate::domain::flood::answer_stranger(last, turn.now) {
        tracing::debug!(
            update_id = turn.update_id,
            "stranger answered within the hour; not again"
        );
        return Ok(());
    }
    let reply = Outgoing::Text {
        text: turn.t("stranger"),
        buttons: Vec::new(),
    };
    let key = format!("{KEY}{}", turn.update_id);
    queue(
        turn.tx,
        turn.ctx,
        Queued {
            key: &key,
            chat_id: turn.chat_id,
            participant: None,
            message: &reply,
            delivery: Delivery::Reply,
        },
        turn.now,
    )
    .await?;
    Ok(())
}

/// `/hjaelp` always works for everyone and always carries the help numbers.
/// `/hjaelp`. Staff get one line per command of their menu (from the command table) and
/// `/hjaelp mere` for how to write each in one line; participants and strangers their short
/// help with the crisis lines, which staff do not need in every help.
async fn help(turn: &mut Turn<'_>, args: &str) -> ChatResult<()> {
    let text = match identify(turn).await? {
        Person::Staff(_) if !args.trim().is_empty() => [
            "help-staff",
            "help-staff-meetings",
            "help-staff-lifecycle",
            "help-staff-changes",
        ]
        .map(|key| turn.t(key))
        .join("\n"),
        Person::Staff(staff) => {
            let menu = match staff.role {
                crate::domain::staff::StaffRole::TeamLeader => Menu::TeamLeader,
                crate::domain::staff::StaffRole::Caseworker => Menu::Staff,
            };
            let lines: Vec<String> = menu
                .entries(&turn.ctx.texts, turn.lang)
                .into_iter()
                .map(|(name, description)| format!("/{name} – {description}"))
                .collect();
            format!(
                "{}\n{}\n\n{}",
                turn.t("help-staff-short"),
                lines.join("\n"),
                turn.t("help-staff-more")
            )
        }
        Person::FormerStaff => turn.t("staff-deactivated"),
        Person::Participant(_) => format!("{}\n\n{}", turn.t("help-participant"), turn.t("help-numbers")),
        Person::Stranger => format!("{}\n\n{}", turn.t("help-stranger"), turn.t("help-numbers")),
    };
    turn.reply(text, Vec::new()).await
}

async fn on_callback(
    ctx: &ChatContext,
    tx: &mut Tx,
    update_id: i64,
    now: DateTime<Utc>,
    query: CallbackQuery,
) -> ChatResult<Vec<AfterCommit>> {
    let chat_id = query
        .message
        .as_ref()
        .map(|m| m.chat().id.0)
        .unwrap_or(query.from.id.0 as i64);
    let mut turn = Turn::new(ctx, tx, update_id, now, chat_id, &query.from, false);
    let data = query.data.clone().unwrap_or_default();
    let message_id = query.message.as_ref().map(|m| m.id().0);
    let notice = match Callback::parse(&data) {
        // A button on an old message in a closed case's chat does nothing any more.
        // ("Er du i fare lige nu?" is always answered.)
        Some(callback)
            if !matches!(callback, Callback::SafetyCheck { .. })
                && participant_of_closed_cases_only(&mut turn).await? =>
        {
            Some(turn.t("contact-ended-short"))
        }
        Some(callback) => route_callback(&mut turn, callback, message_id).await?,
        None => {
            tracing::warn!(update_id, "unknown button data");
            turn.refused(Refusal::Expired)
        }
    };
    answer_callback(&mut turn, query.id.0.clone(), notice).await?;
    Ok(turn.after)
}

/// True for someone who is not staff and whose every participation is in a closed case.
async fn participant_of_closed_cases_only(turn: &mut Turn<'_>) -> ChatResult<bool> {
    match identify(turn).await? {
        Person::Participant(participations) => Ok(lifecycle::live_participations(turn, &participations)
            .await?
            .is_empty()),
        _ => Ok(false),
    }
}

/// Stores the answer to a press in this update's transaction, claimed by this instance, and
/// has it sent right after commit: durable, yet never behind the send budget.
async fn answer_callback(turn: &mut Turn<'_>, id: String, text: Option<String>) -> ChatResult<()> {
    // "Gemt" after a tap only repeats what the edited question already shows; every other
    // answer (closed, already done, expired, refused) is news the person must not miss, and
    // a screen reader does not read the vanishing pop-up: a dialog it is.
    let show_alert = text.as_ref().is_some_and(|t| *t != turn.t("answer-saved"));
    let answer = Outgoing::AnswerCallback {
        callback_query_id: id.clone(),
        text: text.clone(),
        show_alert,
    };
    let payload = serde_json::to_string(&answer)?;
    let dedup_key = format!("answer:{id}");
    let message = NewMessage {
        dedup_key: &dedup_key,
        chat_id: turn.chat_id,
        participant_id: None,
        payload: &payload,
        not_before: turn.now,
        priority: Priority::Urgent,
    };
    let lease = turn.now + crate::telegram::answers::ANSWER_LEASE;
    if turn.tx.enqueue_claimed(&message, lease, turn.now).await? {
        turn.after.push(AfterCommit::AnswerCallback(
            crate::telegram::answers::QuickAnswer {
                dedup_key,
                callback_query_id: id,
                text,
                show_alert,
            },
        ));
    }
    Ok(())
}

/// Returns a short notice for the button's spinner, if any.
async fn route_callback(
    turn: &mut Turn<'_>,
    callback: Callback,
    message_id: Option<i32>,
) -> ChatResult<Option<String>> {
    // A deactivated staff member is refused every button at once, also on old messages.
    if let access::StaffAccess::Refused(_) = access::staff_access(turn).await? {
        return Ok(Some(refusal_for_former_staff(turn)));
    }
    match callback {
        Callback::Consent { invite, yes } => onboarding::consent(turn, invite, yes).await,
        Callback::Answer { prompt, value } => checkin::tap(turn, prompt, value, message_id).await,
        Callback::Comment(checkin_id) => checkin::comment_button(turn, checkin_id).await,
        Callback::ReportGoal { participant, goal } => participant::report_goal(turn, participant, goal).await,
        Callback::ReportDirection(direction) => participant::report_direction(turn, direction).await,
        Callback::ReportNoText => participant::report_no_text(turn).await,
        Callback::Meeting(button) => meeting::callback(turn, button, message_id).await,
        Callback::Call(button) => calls::callback(turn, button).await,
        Callback::SafetyCheck { check, answer } => {
            safety::answer_button(turn, check, answer, message_id).await
        }
        Callback::PickChild(participant) => participant::pick_child(turn, participant).await,
        Callback::PauseFor { participant, weeks } => participant::pause_for(turn, participant, weeks).await,
        Callback::StopFor { participant } => participant::stop_for(turn, participant).await,
        other => match identify(turn).await? {
            Person::Staff(staff) => match other {
                Callback::Assess { alert, decision } => {
                    alerts::assess_button(turn, &staff, alert, decision).await
                }
                Callback::NoteToAgenda(note) => meeting_draft::put_note_on_agenda(turn, &staff, note).await,
                Callback::NetworkWording(goal) => staff::accept_network_wording(turn, &staff, goal).await,
                Callback::RemoveParticipant(participant) => {
                    staff::remove_participant(turn, &staff, participant).await
                }
                Callback::CloseCase(case) => lifecycle::continue_button(turn, &staff, case).await,
                Callback::CloseReason { case, reason } => {
                    lifecycle::reason_button(turn, &staff, case, reason).await
                }
                Callback::CloseCancel => lifecycle::cancel_button(turn).await,
                Callback::HandoverTo { case, to } => {
                    staff_changes::handover_button(turn, &staff, case, to).await
                }
                Callback::EndAbsence(absence) => {
                    staff_changes::end_absence_button(turn, &staff, absence).await
                }
                Callback::CancelFlow => staff_changes::cancel_button_pressed(turn).await,
                other => staff::callback(turn, &staff, other).await,
            },
            _ => Ok(turn.refused(Refusal::Expired)),
        },
    }
}
