-- The web desk: one-time sign-in links sent by the bot (/skrivebord) and the sessions they open.
-- Only hashes of the secrets are kept; every instance can serve every session.
CREATE TABLE desk_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    created_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE desk_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    csrf_token TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ended_at INTEGER,
    end_reason TEXT
);
CREATE INDEX desk_sessions_staff ON desk_sessions (staff_id);
