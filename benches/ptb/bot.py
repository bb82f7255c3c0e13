#!/usr/bin/env python3
"""The check-in button of "Tæt kontakt", written the plain way: python-telegram-bot + sqlite3.

This is the comparison bot for `taetkontakt bench handling --external ...`: what a municipal
developer would otherwise build for the same job. Per button press ("a:<prompt_id>:<value>") it

1. looks up the prompt and its participant in SQLite and checks that the presser owns it,
2. stores the answer in one transaction (prompt row updated + answer-event row inserted),
3. loads the participant's earlier answers on the goal and runs the alert rules
   (baseline = median of the last 6 weeks once there are >= 3 answers; reliable drop >= 3
   points on 0-10; red zone 2 of the last 3 <= 3; steady decline 3 consecutive worse) and
   inserts an alert row when one fires,
4. closes the check-in after its first complete answer and sends the "thank you" message,
5. answers the callback query and edits the prompt message to "Dit svar: <value> ✓",
   keeping the keyboard.

Environment: TELEGRAM_API_URL (e.g. http://127.0.0.1:PORT/), TELEGRAM_BOT_TOKEN, SEED_FILE
(JSON written by the harness), optional DATABASE (SQLite file, default: a temporary file) and
PTB_CONCURRENT=1 for `concurrent_updates(True)` (default: PTB's sequential handling).
"""

import json
import logging
import os
import sqlite3
import statistics
import tempfile
import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

SCALE_MIN, SCALE_MAX = 0, 10
RELIABLE_CHANGE = 3
RED_MAX = 3  # 0-3 is the red zone
BASELINE_MIN_ANSWERS = 3
BASELINE_WINDOW_MS = 6 * 7 * 24 * 3600 * 1000
RED_CLUSTER_MIN, RED_CLUSTER_OF = 2, 3
STEADY_DECLINE_STEPS = 3
CHANGE_WINDOW_MS = 24 * 3600 * 1000

SCHEMA = """
CREATE TABLE IF NOT EXISTS participants (
    id INTEGER PRIMARY KEY,
    telegram_user_id INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'active'
);
CREATE TABLE IF NOT EXISTS goals (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checkins (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    status TEXT NOT NULL DEFAULT 'open',
    closed_at INTEGER
);
CREATE TABLE IF NOT EXISTS prompts (
    id INTEGER PRIMARY KEY,
    checkin_id INTEGER NOT NULL REFERENCES checkins(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'sent',
    value INTEGER,
    answered_at INTEGER,
    changed_at INTEGER
);
CREATE INDEX IF NOT EXISTS prompts_by_participant_goal ON prompts (participant_id, goal_id);
CREATE INDEX IF NOT EXISTS prompts_by_checkin ON prompts (checkin_id);
CREATE TABLE IF NOT EXISTS answer_events (
    id INTEGER PRIMARY KEY,
    prompt_id INTEGER NOT NULL REFERENCES prompts(id),
    value INTEGER,
    at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    rule TEXT NOT NULL,
    facts TEXT NOT NULL,
    raised_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_by_participant_goal ON alerts (participant_id, goal_id, raised_at);
"""


def now_ms() -> int:
    return int(time.time() * 1000)


def open_db(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT below
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript(SCHEMA)
    return db


def seed(db: sqlite3.Connection, seed_file: str) -> None:
    """One participant, goal, check-in and prompt per entry of the harness's JSON."""
    with open(seed_file, encoding="utf-8") as f:
        entries = json.load(f)["prompts"]
    db.execute("BEGIN")
    for e in entries:
        db.execute(
            "INSERT OR IGNORE INTO participants (id, telegram_user_id) VALUES (?, ?)",
            (e["participant_id"], e["user_id"]),
        )
        db.execute("INSERT OR IGNORE INTO goals (id, text) VALUES (?, ?)", (e["goal_id"], e["goal_text"]))
        db.execute(
            "INSERT OR IGNORE INTO checkins (id, participant_id) VALUES (?, ?)",
            (e["prompt_id"], e["participant_id"]),
        )
        db.execute(
            "INSERT OR IGNORE INTO prompts (id, checkin_id, participant_id, goal_id, chat_id, message_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (e["prompt_id"], e["prompt_id"], e["participant_id"], e["goal_id"], e["chat_id"], e["message_id"]),
        )
    db.execute("COMMIT")


def keyboard(prompt_id: int) -> InlineKeyboardMarkup:
    values = list(range(SCALE_MIN, SCALE_MAX + 1))
    rows = [values[:6], values[6:]]
    buttons = [[InlineKeyboardButton(str(v), callback_data=f"a:{prompt_id}:{v}") for v in row] for row in rows]
    buttons.append([InlineKeyboardButton("Spring over", callback_data=f"a:{prompt_id}:s")])
    return InlineKeyboardMarkup(buttons)


def prompt_text(goal_text: str, value) -> str:
    text = f"«{goal_text}»\n{SCALE_MIN} = slet ikke · {SCALE_MAX} = helt"
    if value is None:
        return text + "\n\nDu sprang over."
    return text + f"\n\nDit svar: {value} ✓ (du kan ændre det i et døgn)"


def worsening(old: float, new: float) -> float:
    """Points worse (positive) on a scale where higher is better."""
    return old - new


def alert_rules(earlier: list, at: int, latest: int):
    """The strongest alert for a new answer, or None. `earlier` = [(answered_at, value)]."""
    before = sorted((a for a in earlier if a[0] < at), key=lambda a: a[0])
    values = [v for _, v in before]
    window = [v for t, v in before if at - t <= BASELINE_WINDOW_MS]
    baseline = statistics.median(window) if len(before) >= BASELINE_MIN_ANSWERS and window else None
    facts = {"latest": latest, "previous": values[-1] if values else None, "baseline": baseline}
    fired = []  # (strength, rule, facts)
    if baseline is not None:
        worse_by = worsening(baseline, latest)
        if worse_by >= RELIABLE_CHANGE:
            fired.append((4, "reliable_drop", {**facts, "worsening": worse_by}))
    if latest <= RED_MAX:
        last = values[-(RED_CLUSTER_OF - 1):] + [latest]
        reds = sum(1 for v in last if v <= RED_MAX)
        if reds >= RED_CLUSTER_MIN:
            fired.append((5, "red_zone_cluster", {**facts, "red_in_recent": reds, "recent": last}))
    if len(values) >= STEADY_DECLINE_STEPS:
        last = values[-STEADY_DECLINE_STEPS:] + [latest]
        if all(worsening(a, b) > 0 for a, b in zip(last, last[1:])):
            fired.append((1, "steady_decline", {**facts, "recent": last}))
    return max(fired, key=lambda f: f[0], default=None)


def store_answer(db: sqlite3.Connection, prompt_id: int, user_id: int, value):
    """Everything in one transaction. Returns (toast, edit) where edit = (chat, message, text)
    or None, plus the check-in to thank for (or None)."""
    now = now_ms()
    db.execute("BEGIN IMMEDIATE")
    try:
        row = db.execute(
            "SELECT p.id, p.checkin_id, p.participant_id, p.goal_id, p.chat_id, p.message_id, p.status,"
            " p.value, p.answered_at, pa.telegram_user_id, pa.status, c.status, g.text"
            " FROM prompts p JOIN participants pa ON pa.id = p.participant_id"
            " JOIN checkins c ON c.id = p.checkin_id JOIN goals g ON g.id = p.goal_id WHERE p.id = ?",
            (prompt_id,),
        ).fetchone()
        if row is None or row[9] != user_id:
            db.execute("ROLLBACK")
            return "Den knap er ikke aktiv længere.", None, None
        (_, checkin_id, participant_id, goal_id, chat_id, message_id, status, current, answered_at,
         _, participant_status, checkin_status, goal_text) = row
        if participant_status not in ("active", "paused"):
            db.execute("ROLLBACK")
            return "Det tjek-ind er lukket. Du får et nyt snart.", None, None
        if status == "sent" and checkin_status == "open":
            first = True
        elif status in ("answered", "skipped") and current == value:
            db.execute("ROLLBACK")
            return "Gemt", None, None
        elif status in ("answered", "skipped") and answered_at is not None and now - answered_at <= CHANGE_WINDOW_MS:
            first = False
        else:
            db.execute("ROLLBACK")
            return "Det tjek-ind er lukket. Du får et nyt snart.", None, None

        new_status = "skipped" if value is None else "answered"
        if first:
            db.execute(
                "UPDATE prompts SET status = ?, value = ?, answered_at = ?, changed_at = ? WHERE id = ?",
                (new_status, value, now, now, prompt_id),
            )
        else:
            db.execute(
                "UPDATE prompts SET status = ?, value = ?, changed_at = ? WHERE id = ?",
                (new_status, value, now, prompt_id),
            )
        db.execute("INSERT INTO answer_events (prompt_id, value, at) VALUES (?, ?, ?)", (prompt_id, value, now))

        if value is not None:
            earlier = db.execute(
                "SELECT answered_at, value FROM prompts WHERE participant_id = ? AND goal_id = ?"
                " AND status = 'answered' AND value IS NOT NULL AND answered_at IS NOT NULL AND id != ?"
                " ORDER BY answered_at, id",
                (participant_id, goal_id, prompt_id),
            ).fetchall()
            at = now if first else (answered_at or now)
            fired = alert_rules(earlier, at, value)
            if fired is not None:
                _, rule, facts = fired
                # At most one alert per participant and goal a week.
                recent = db.execute(
                    "SELECT 1 FROM alerts WHERE participant_id = ? AND goal_id = ? AND raised_at > ?",
                    (participant_id, goal_id, now - 7 * 24 * 3600 * 1000),
                ).fetchone()
                if recent is None:
                    db.execute(
                        "INSERT INTO alerts (participant_id, goal_id, rule, facts, raised_at) VALUES (?, ?, ?, ?, ?)",
                        (participant_id, goal_id, rule, json.dumps(facts), now),
                    )

        thank = None
        if first:
            open_left = db.execute(
                "SELECT count(*) FROM prompts WHERE checkin_id = ? AND status NOT IN ('answered', 'skipped')",
                (checkin_id,),
            ).fetchone()[0]
            if open_left == 0:
                db.execute(
                    "UPDATE checkins SET status = 'answered', closed_at = ? WHERE id = ?", (now, checkin_id)
                )
                thank = (chat_id, checkin_id)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return "Gemt", (chat_id, message_id, prompt_text(goal_text, value)), thank


async def on_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    try:
        _, prompt_raw, value_raw = query.data.split(":")
        prompt_id = int(prompt_raw)
        value = None if value_raw == "s" else int(value_raw)
        if value is not None and not SCALE_MIN <= value <= SCALE_MAX:
            raise ValueError(value_raw)
    except ValueError:
        await query.answer("Den knap er ikke aktiv længere.")
        return
    db: sqlite3.Connection = context.bot_data["db"]
    toast, edit, thank = store_answer(db, prompt_id, query.from_user.id, value)
    await query.answer(toast)
    if edit is not None:
        chat_id, message_id, text = edit
        try:
            await context.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=keyboard(prompt_id)
            )
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                raise
    if thank is not None:
        chat_id, checkin_id = thank
        await context.bot.send_message(
            chat_id,
            "Tak! Det var det hele for denne gang. Vil du skrive noget til din rådgiver?",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("Skriv til min rådgiver", callback_data=f"cm:{checkin_id}")]]
            ),
        )


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="ptb-bot: %(levelname)s %(name)s: %(message)s")
    api = os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org/").rstrip("/")
    token = os.environ["TELEGRAM_BOT_TOKEN"]
    path = os.environ.get("DATABASE") or os.path.join(tempfile.mkdtemp(prefix="ptb-bench-"), "bot.db")
    db = open_db(path)
    if os.environ.get("SEED_FILE"):
        seed(db, os.environ["SEED_FILE"])
    builder = (
        Application.builder()
        .token(token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
    )
    if os.environ.get("PTB_CONCURRENT") == "1":
        # Safe with one sqlite3 connection: each transaction runs without an await inside it.
        builder = builder.concurrent_updates(True)
    app = builder.build()
    app.bot_data["db"] = db
    app.add_handler(CallbackQueryHandler(on_answer, pattern=r"^a:"))
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
