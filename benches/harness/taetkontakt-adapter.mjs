// Adapter for taetkontakt ("Tæt kontakt"), for the driver in this folder.
//
// Onboarding, all through the bot's public interfaces, in setup() (untimed):
//   operator:    `taetkontakt invite-staff --name R<k> --role caseworker` in the bot's working
//                directory with the bot's environment (same ./taetkontakt.db) -> a start token
//   caseworker:  /start <token>
//   per young person i (caseworker k = floor(i / TK_CASELOAD)):
//     caseworker /nysag U<i>                         -> "Sagen er oprettet: K-XXXX (U<i>) ..."
//     caseworker /maal K-XXXX skole <text>           (one goal, scale 0-10)
//     caseworker /inviter K-XXXX ung U<i>            -> "... https://t.me/<bot>?start=<token> ..."
//     young person /start <token>                    -> consent question [Ja, jeg er med | Nej tak]
//     young person presses "Ja, jeg er med"          -> welcome; the caseworker is told
//   setup() returns when every young person got the welcome and every caseworker got the
//   "har sagt ja" notice, so the outbox is empty when the measured phases start.
//
// Why several caseworkers: the bot itself paces every chat at 1 message/s after a burst of 3
// (DispatchSettings::default, no setting), so the fake's --chat-rate cannot speed up a setup
// through one caseworker chat (4 replies per case -> 600 cases = 40 min). With TK_CASELOAD
// cases per caseworker (default 10) setup is bound by the bot's 29.5 msgs/s instead.
//
// join(user):  "/start" from an already onboarded young person -> the bot's help text.
// ask(user):   the caseworker's "/tjekind K-XXXX ung" -> the young person gets an intro message and
//              the question (buttons "0".."10" in two rows + "Spring over"); the caseworker gets
//              "Tjek-ind sendt til 1 i K-XXXX."
// afterAsk():  waits until every caseworker confirmation of the round has been delivered, so the
//              press phase does not carry the ask's side traffic.
// isAlert(e):  only messages with "Alarm #<n>" (the alert heading) count as alerts; the
//              caseworker's other messages (confirmations) are not alerts.
// afterStop(): after the bot stopped: counts in its database (answer_events, alerts, outbox,
//              inbox) and `taetkontakt dead-letters`, to check that no press was lost.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { say } from './adapters.mjs';

const execFileP = promisify(execFile);
const CASELOAD = Math.max(1, Number(process.env.TK_CASELOAD || 10));
const WAIT_S = Number(process.env.TK_SETUP_TIMEOUT || 1200);
const GOAL = 'Jeg kommer i skole hver dag';

const caseworkerUser = (k) => ({ id: 999_100_001 + k, is_bot: false, first_name: `Raadgiver${k}`, language_code: 'da' });
const text = (m) => (typeof m?.text === 'string' ? m.text : '');
const asMessage = (m) => ({ message_id: m.message_id, date: m.date, chat: m.chat, text: m.text, reply_markup: m.reply_markup });

/** Waiters on messages the bot sends to a chat, fed from the fake's log. */
function watcher(ctx, tk) {
  const waiters = new Map(); // chat id -> [{ pred, resolve }]
  ctx.subscribe((e) => {
    if (e.status !== 200 || !e.method.startsWith('send')) return;
    if (/^Tjek-ind (er )?sendt til/.test(text(e.message))) tk.confirmed++;
    const list = waiters.get(e.chat_id);
    if (!list) return;
    const i = list.findIndex((w) => w.pred(e.message));
    if (i >= 0) list.splice(i, 1)[0].resolve(e.message);
  });
  /** Register BEFORE pushing what triggers the message. */
  return (chat, pred, what) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const list = waiters.get(chat) ?? [];
      const i = list.indexOf(w);
      if (i >= 0) list.splice(i, 1);
      reject(new Error(`taetkontakt setup: no ${what} within ${WAIT_S} s`));
    }, WAIT_S * 1000);
    const w = { pred, resolve: (m) => { clearTimeout(timer); resolve(m); } };
    if (!waiters.has(chat)) waiters.set(chat, []);
    waiters.get(chat).push(w);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default {
  env: () => ({ QUIET_HOURS: 'off' }),

  async setup(ctx) {
    const tk = { byUser: new Map(), confirmed: 0, asked: 0, caseworkers: [], timing: {} };
    ctx.tk = tk;
    const expect = watcher(ctx, tk);
    if (process.env.TK_TRACE) { // debugging: every fake-log entry as one JSON line
      const fd = fs.openSync(process.env.TK_TRACE, 'a');
      ctx.subscribe((e) => fs.writeSync(fd, `${JSON.stringify({ t: e.t, m: e.method, s: e.status, c: e.chat_id, id: e.message_id, x: text(e.message).slice(0, 40) })}\n`));
    }
    const users = ctx.users; // max(--users, --broadcast) young people
    const k = Math.ceil(users.length / CASELOAD);
    const t0 = Date.now();

    // 1. the operator invites the caseworkers (the bot's own CLI, same database and env)
    for (let i = 0; i < k; i++) {
      const { stdout } = await execFileP(ctx.command[0], ['invite-staff', '--name', `R${i}`, '--role', 'caseworker'],
        { cwd: ctx.workdir, env: ctx.env });
      const token = /\?start=(\S+)/.exec(stdout)?.[1] ?? /Token:\s*(\S+)/.exec(stdout)?.[1];
      if (!token) throw new Error(`invite-staff printed no link: ${stdout}`);
      tk.caseworkers.push({ user: caseworkerUser(i), token });
    }
    tk.timing.invite_staff_s = (Date.now() - t0) / 1000;

    // 2. each caseworker opens the link
    const welcomed = tk.caseworkers.map((c) => expect(c.user.id, (m) => text(m).startsWith('Velkommen'), 'staff welcome'));
    await ctx.push(tk.caseworkers.map((c) => say(c.user, `/start ${c.token}`)));
    await Promise.all(welcomed);
    tk.timing.staff_joined_s = (Date.now() - t0) / 1000;

    // 3. one case per young person, pipelined: every /nysag at once, then each case goes on as
    //    soon as its reply arrives.
    const cases = users.map((u, i) => {
      const cw = tk.caseworkers[Math.floor(i / CASELOAD)].user;
      const nick = `U${i}`;
      return { u, cw, nick, created: expect(cw.id, (m) => text(m).startsWith('Sagen er oprettet') && text(m).includes(`(${nick})`), `case created for ${nick}`) };
    });
    await ctx.push(cases.map((c) => say(c.cw, `/nysag ${c.nick}`)));
    const joinedNotices = [];
    await Promise.all(cases.map(async (c) => {
      const created = await c.created;
      const code = /K-[A-Z0-9]{4}/.exec(text(created))?.[0];
      if (!code) throw new Error(`no case code in: ${text(created)}`);
      c.code = code;
      const invited = expect(c.cw.id, (m) => text(m).startsWith('Invitation til') && text(m).includes(` i ${code}:`), `invite for ${code}`);
      await ctx.push([say(c.cw, `/maal ${code} skole ${GOAL}`), say(c.cw, `/inviter ${code} ung ${c.nick}`)]);
      const token = /\?start=(\S+)/.exec(text(await invited))?.[1];
      if (!token) throw new Error(`no invite link for ${code}`);
      const consentQ = expect(c.u.id, (m) => (m.reply_markup?.inline_keyboard ?? []).flat().some((b) => /^ok:/.test(b.callback_data ?? '')), `consent question for ${code}`);
      await ctx.push([say(c.u, `/start ${token}`)]);
      const q = await consentQ;
      const ok = q.reply_markup.inline_keyboard.flat().find((b) => /^ok:/.test(b.callback_data));
      const welcome = expect(c.u.id, (m) => /^Tak,? fordi du er med/.test(text(m)), `welcome for ${code}`);
      joinedNotices.push(expect(c.cw.id, (m) => text(m).includes('har sagt ja') && text(m).includes(code), `joined notice for ${code}`));
      await ctx.push([{ callback_query: { id: `consent-${c.u.id}`, from: c.u, chat_instance: `ci${c.u.id}`, data: ok.callback_data, message: asMessage(q) } }]);
      await welcome;
      tk.byUser.set(c.u.id, { code, cw: c.cw });
    }));
    tk.timing.youth_joined_s = (Date.now() - t0) / 1000;
    await Promise.all(joinedNotices);
    tk.timing.caseworkers_told_s = (Date.now() - t0) / 1000;
    console.error(`taetkontakt setup: ${users.length} cases, ${k} caseworkers (${CASELOAD} each): ${JSON.stringify(tk.timing)}`);
  },

  join: (user) => [say(user, '/start')],

  ask(user, ctx) {
    const c = ctx.tk.byUser.get(user.id);
    if (!c) throw new Error(`user ${user.id} was not onboarded`);
    ctx.tk.asked++;
    return [say(c.cw, `/tjekind ${c.code} ung`)];
  },

  async afterAsk(users, ctx) {
    const end = Date.now() + WAIT_S * 1000;
    while (ctx.tk.confirmed < ctx.tk.asked) {
      if (Date.now() > end) throw new Error(`only ${ctx.tk.confirmed} of ${ctx.tk.asked} /tjekind confirmations arrived`);
      await sleep(50);
    }
  },

  // TK_BROADCAST=rhythm: the weekly broadcast as users get it. Instead of 600 caseworker
  // commands, each caseworker sets every case's rhythm through the chat
  // (`/rytme K-XXXX ung dagligt HH:MM`) to a minute two to three minutes ahead, and the
  // scheduler asks them all in that minute. The driver's time_s then includes the wait for that
  // minute: the delivery rate is users / (time_s - first_ms / 1000), printed by the adapter.
  ...(process.env.TK_BROADCAST === 'rhythm' ? {
    broadcast(users, ctx) {
      const at = new Date(Date.now() + (new Date().getSeconds() > 30 ? 180_000 : 120_000));
      const hhmm = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit', hour12: false })
        .format(at).replace('.', ':');
      console.error(`taetkontakt adapter: rhythm broadcast at ${hhmm} Copenhagen time for ${users.length} young people`);
      return users.map((u) => {
        const c = ctx.tk.byUser.get(u.id);
        if (!c) throw new Error(`user ${u.id} was not onboarded`);
        return say(c.cw, `/rytme ${c.code} ung dagligt ${hhmm}`);
      });
    },
  } : {}),

  isAlert: (e) => /Alarm #\d+/.test(text(e.message)),

  async afterStop(ctx) {
    const db = path.join(ctx.workdir, 'taetkontakt.db');
    const q = async (sql) => (await execFileP('sqlite3', [db, sql])).stdout.trim().split('\n').filter(Boolean).join(' ');
    if (process.env.TK_KEEP_DB) { // debugging: keep the database of the run
      const dir = path.join(process.env.TK_KEEP_DB, `${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}-${path.basename(ctx.workdir)}`);
      fs.mkdirSync(dir, { recursive: true });
      for (const f of fs.readdirSync(ctx.workdir)) fs.copyFileSync(path.join(ctx.workdir, f), path.join(dir, f));
    }
    const dead = (await execFileP(ctx.command[0], ['dead-letters'], { cwd: ctx.workdir, env: ctx.env })).stdout;
    return {
      answer_events: Number(await q('select count(*) from answer_events')),
      prompts: await q("select status||'='||count(*) from prompts group by status"),
      alerts: await q("select rule||'='||count(*) from alerts group by rule"),
      outbox: await q("select status||'='||count(*) from outbox group by status"),
      inbox: await q("select status||'='||count(*) from inbox group by status"),
      dead_letters: dead.trim().split('\n').filter((l) => !l.startsWith('  ')).join('; '),
      db_kb: Math.round((await execFileP('du', ['-sk', ctx.workdir])).stdout.split('\t')[0]),
    };
  },
};
