-- Floods contained: a free text beyond the per-person limit is stored as always, but passed on
-- in one bundled message per ten minutes; `bundled_at` marks it (and /sag lists it).
ALTER TABLE notes ADD COLUMN bundled_at INTEGER;
CREATE INDEX notes_participant ON notes(participant_id, created_at);
-- Strangers are answered at most once an hour: when the bot last wrote to a chat.
CREATE INDEX outbox_chat_created ON outbox(chat_id, created_at);
