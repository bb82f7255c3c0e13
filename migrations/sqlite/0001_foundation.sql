-- Foundation: staff, cases, goals, participants, invitations, audit log, durable inbox and
-- outbox, conversation state. Times are integer milliseconds since the Unix epoch (UTC), the
-- same in SQLite and PostgreSQL. Enum columns hold the Rust enum's key.

CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    team TEXT,
    telegram_user_id INTEGER UNIQUE,
    lang TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    joined_at INTEGER
);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    nickname TEXT NOT NULL,
    caseworker_id INTEGER NOT NULL REFERENCES staff(id),
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cases_caseworker ON cases(caseworker_id);

CREATE TABLE goals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    area TEXT NOT NULL,
    youth_text TEXT NOT NULL,
    witness_text TEXT,
    scale TEXT NOT NULL,
    status TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX goals_case ON goals(case_id);

CREATE TABLE participants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    role TEXT NOT NULL,
    name TEXT,
    relation TEXT,
    telegram_user_id INTEGER,
    status TEXT NOT NULL,
    lang TEXT NOT NULL,
    consent_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX participants_case ON participants(case_id);
CREATE INDEX participants_user ON participants(telegram_user_id);

CREATE TABLE invites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    staff_id INTEGER REFERENCES staff(id),
    participant_id INTEGER REFERENCES participants(id),
    created_by INTEGER REFERENCES staff(id),
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    created_at INTEGER NOT NULL,
    CHECK ((staff_id IS NULL) <> (participant_id IS NULL))
);

-- Who did what, to which case, when. Never the free text itself.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    case_id INTEGER,
    subject TEXT,
    subject_id INTEGER
);
CREATE INDEX audit_log_case ON audit_log(case_id);

-- Raw Telegram updates, stored before the offset confirms them to Telegram.
CREATE TABLE inbox (
    update_id INTEGER PRIMARY KEY,
    payload TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    received_at INTEGER NOT NULL,
    processed_at INTEGER
);
CREATE INDEX inbox_pending ON inbox(status, update_id);

-- Every message the bot sends, with a de-duplication key.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedup_key TEXT NOT NULL UNIQUE,
    chat_id INTEGER NOT NULL,
    participant_id INTEGER,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    not_before INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    telegram_message_id INTEGER,
    claimed_until INTEGER,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox(status, not_before, id);
CREATE INDEX outbox_chat ON outbox(chat_id, status);

-- Where a guided conversation stands, per private chat.
CREATE TABLE conversations (
    chat_id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Small facts about the bot: polling offset, username.
CREATE TABLE bot_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
