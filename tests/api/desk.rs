//! The web desk, through HTTP with a cookie-keeping client, against the real service, the fake
//! Bot API and the test clock: sign-in through `/skrivebord`, one-time links, sessions that end
//! (idle, deactivation, "Log ud"), the one access check (another caseworker's case is a 404
//! that says nothing), CSRF, the security headers, and escaping of what was typed in the chat.

use crate::helpers::*;
use chrono::Duration;
use fake_telegram::FakeUser;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use taetkontakt::domain::ids::TelegramUserId;

/// A browser: keeps cookies, follows the redirect after sign-in.
pub(crate) struct Browser {
    pub(crate) base: String,
    pub(crate) http: reqwest::Client,
}

/// A response's status, headers and body.
pub(crate) struct Page {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

impl Page {
    pub(crate) fn header(&self, name: &str) -> String {
        self.headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The CSRF token the page's forms carry.
    pub(crate) fn csrf(&self) -> String {
        let needle = "name=\"csrf\" value=\"";
        let start = self
            .body
            .find(needle)
            .unwrap_or_else(|| panic!("no CSRF field in {}", self.body))
            + needle.len();
        self.body[start..].chars().take_while(|c| *c != '"').collect()
    }
}

impl Browser {
    pub(crate) fn new(app: &TestApp) -> Browser {
        let addr = app.desk_addr().expect("the desk runs");
        Browser {
            base: format!("http://{addr}"),
            http: reqwest::Client::builder().cookie_store(true).build().unwrap(),
        }
    }

    async fn read(response: reqwest::Response) -> Page {
        Page {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        }
    }

    pub(crate) async fn get(&self, path_or_url: &str) -> Page {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_string()
        } else {
            format!("{}{path_or_url}", self.base)
        };
        Self::read(self.http.get(url).send().await.unwrap()).await
    }

    pub(crate) async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let url = format!("{}{path}", self.base);
        Self::read(self.http.post(url).form(form).send().await.unwrap()).await
    }
}

/// The desk link in the bot's answer to `/skrivebord`.
pub(crate) fn link_in(text: &str) -> String {
    let start = text
        .find("http://")
        .unwrap_or_else(|| panic!("no link in {text:?}"));
    text[start..].split_whitespace().next().unwrap().to_string()
}

/// Asks the bot for a link.
async fn ask_for_link(app: &TestApp, staff: &FakeUser) -> String {
    let reply = app.say(staff, "/skrivebord").await;
    assert!(reply.text.contains("10 minutter"), "{}", reply.text);
    link_in(&reply.text)
}

/// Uses a link as a person would: opens the page, presses "Log ind".
pub(crate) async fn use_link(browser: &Browser, link: &str) -> Page {
    let token = link.rsplit('/').next().unwrap();
    browser.post("/login", &[("token", token)]).await
}

/// Signs `staff` in through the bot; returns *Mine sager*.
pub(crate) async fn sign_in(app: &TestApp, browser: &Browser, staff: &FakeUser) -> Page {
    let link = ask_for_link(app, staff).await;
    let page = browser.get(&link).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let cases = use_link(browser, &link).await;
    assert_eq!(cases.status, StatusCode::OK, "{}", cases.body);
    assert!(cases.body.contains("Mine sager"), "{}", cases.body);
    cases
}

pub(crate) async fn audit_actions(app: &TestApp, code: &str) -> Vec<String> {
    let mut tx = app.store.read().await.unwrap();
    let case = case_of(&mut tx, code).await;
    tx.audit_actions_for_case(case.id).await.unwrap()
}

/// How often the staff member with Telegram id `user` did `action`, by the audit log.
pub(crate) async fn audit_count(app: &TestApp, user: i64, action: &str) -> usize {
    let mut tx = app.store.read().await.unwrap();
    let staff = tx.staff_by_user(TelegramUserId(user)).await.unwrap().unwrap();
    let rows = tx
        .audit_rows(taetkontakt::store::AuditFilter::Staff(staff.id), None, None)
        .await
        .unwrap();
    rows.iter().filter(|r| r.action == action).count()
}

#[tokio::test]
async fn a_caseworker_signs_in_through_the_bot_and_reads_her_cases() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    // /skrivebord is in the staff menu (from the command table).
    let menu = menu_for(&app.fake, mette.id).expect("staff menu");
    assert!(menu.iter().any(|c| c == "skrivebord"), "{menu:?}");
    let browser = Browser::new(&app);
    let link = ask_for_link(&app, mette).await;
    assert!(link.starts_with(&format!("{}/login/", browser.base)), "{link}");
    // A link preview (GET) spends nothing: the page only offers the button.
    for _ in 0..2 {
        let page = browser.get(&link).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("action=\"/login\""), "{}", page.body);
        assert!(page.body.contains("Log ind"), "{}", page.body);
        assert!(page.header("set-cookie").is_empty());
    }
    let cases = use_link(&browser, &link).await;
    assert_eq!(cases.status, StatusCode::OK, "{}", cases.body);
    assert!(
        cases.body.contains("Lea") && cases.body.contains(&case.code),
        "{}",
        cases.body
    );
    assert!(cases.body.contains("Log ud"), "{}", cases.body);
    // Every page: no inline script or style, nothing cached, no referrer, no sniffing.
    assert_eq!(
        cases.header("content-security-policy"),
        "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
    );
    assert_eq!(cases.header("x-content-type-options"), "nosniff");
    assert_eq!(cases.header("referrer-policy"), "no-referrer");
    assert_eq!(cases.header("cache-control"), "no-store");
    assert!(!cases.body.contains("<script") && !cases.body.contains("style="));

    let page = browser.get(&format!("/sag/{}", case.code)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.header("cache-control"), "no-store");
    for expected in [
        "Jeg kommer i skole hver dag",
        "Leas mål: «Jeg kommer i skole hver dag»",
        "Deltagere",
        "aktiv",
        "Log ud",
    ] {
        assert!(
            page.body.contains(expected),
            "{expected:?} missing in {}",
            page.body
        );
    }
    // Each goal's chart, with its plain sentence as the text alternative.
    let chart = format!("/sag/{}/graf/1", case.code);
    assert!(
        page.body
            .contains(&format!("<img src=\"{chart}\" alt=\"Skole og uddannelse")),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<figcaption>Skole og uddannelse"),
        "{}",
        page.body
    );
    let png = browser
        .http
        .get(format!("{}{chart}", browser.base))
        .send()
        .await
        .unwrap();
    assert_eq!(png.status(), StatusCode::OK);
    assert_eq!(png.headers()["content-type"], "image/png");
    assert_eq!(png.headers()["cache-control"], "no-store");
    assert!(png.bytes().await.unwrap().starts_with(b"\x89PNG"));
    assert_eq!(
        browser.get(&format!("/sag/{}/graf/2", case.code)).await.status,
        StatusCode::NOT_FOUND
    );
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "read.desk.case"), "{actions:?}");
    assert!(actions.iter().any(|a| a == "read.desk.chart"), "{actions:?}");
    assert_eq!(audit_count(&app, mette.id, "read.desk.cases").await, 1);
    assert_eq!(audit_count(&app, mette.id, "desk.login").await, 1);
    // The stylesheet is the binary's own.
    let css = browser.get("/desk.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("content-type").starts_with("text/css"));
    app.stop().await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_the_link_works_once() {
    let app = TestApp::spawn_with_desk().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let browser = Browser::new(&app);
    let link = ask_for_link(&app, &mette).await;
    let token = link.rsplit('/').next().unwrap().to_string();
    // Seen without following the redirect, the cookie's attributes are plain to read.
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = plain
        .post(format!("{}/login", browser.base))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    // The public address is http here, so the cookie is not marked Secure.
    assert!(!cookie.contains("Secure"), "{cookie}");

    // The same link a second time: a clear page, and a hint to ask the bot again.
    for page in [browser.get(&link).await, use_link(&browser, &link).await] {
        assert_eq!(page.status, StatusCode::GONE, "{}", page.body);
        assert!(page.body.contains("/skrivebord"), "{}", page.body);
        assert!(page.header("set-cookie").is_empty());
    }
    let home = browser.get("/").await;
    assert_eq!(home.status, StatusCode::UNAUTHORIZED);
    app.stop().await;
}

#[tokio::test]
async fn a_link_older_than_ten_minutes_is_refused_with_a_hint() {
    let app = TestApp::spawn_with_desk().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let browser = Browser::new(&app);
    let link = ask_for_link(&app, &mette).await;
    app.clock.advance(Duration::minutes(10));
    let page = browser.get(&link).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.body.contains("Linket virker ikke mere"), "{}", page.body);
    assert!(page.body.contains("Skriv /skrivebord"), "{}", page.body);
    let page = use_link(&browser, &link).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert_eq!(browser.get("/").await.status, StatusCode::UNAUTHORIZED);
    // A fresh link works.
    sign_in(&app, &browser, &mette).await;
    app.stop().await;
}

#[tokio::test]
async fn another_caseworkers_case_is_a_404_that_says_nothing() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let jonas = joined_caseworker(&app, 1501, "Jonas").await;
    let own = new_case(&app, &jonas, "Sami").await;
    let browser = Browser::new(&app);
    let cases = sign_in(&app, &browser, &jonas).await;
    assert!(
        cases.body.contains("Sami") && cases.body.contains(&own),
        "{}",
        cases.body
    );
    assert!(
        !cases.body.contains(&case.code) && !cases.body.contains("Lea"),
        "{}",
        cases.body
    );

    let foreign = browser.get(&format!("/sag/{}", case.code)).await;
    let unknown = browser.get("/sag/K-ZZZZ").await;
    let nonsense = browser.get("/sag/%3Cscript%3E").await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    // Exactly the page of a case that does not exist: nothing tells the two apart.
    assert_eq!(foreign.body, unknown.body);
    assert_eq!(foreign.body, nonsense.body);
    let chart = browser.get(&format!("/sag/{}/graf/1", case.code)).await;
    assert_eq!(chart.status, StatusCode::NOT_FOUND);
    assert_eq!(chart.body, unknown.body);
    for secret in ["Lea", &case.code, "skole", "Mette"] {
        assert!(
            !foreign.body.contains(secret),
            "{secret:?} leaked: {}",
            foreign.body
        );
    }
    // A refused read leaves no read of the case in its audit.
    let actions = audit_actions(&app, &case.code).await;
    assert!(!actions.iter().any(|a| a.starts_with("read.desk")), "{actions:?}");
    app.stop().await;
}

#[tokio::test]
async fn log_out_needs_the_sessions_csrf_token_and_ends_the_session() {
    let app = TestApp::spawn_with_desk().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let browser = Browser::new(&app);
    let cases = sign_in(&app, &browser, &mette).await;
    let csrf = cases.csrf();
    assert!(csrf.len() >= 22, "{csrf}");
    for forged in ["", "x", &csrf[..csrf.len() - 1]] {
        let refused = browser.post("/logout", &[("csrf", forged)]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{forged:?}");
    }
    // Another session's token does not pass either.
    let other = Browser::new(&app);
    let other_csrf = sign_in(&app, &other, &mette).await.csrf();
    assert_ne!(other_csrf, csrf);
    let refused = browser.post("/logout", &[("csrf", &other_csrf)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(browser.get("/").await.status, StatusCode::OK);

    let out = browser.post("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.body);
    assert!(out.body.contains("Du er logget ud"), "{}", out.body);
    let after = browser.get("/").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(after.body.contains("/skrivebord"), "{}", after.body);
    // The other session lives on.
    assert_eq!(other.get("/").await.status, StatusCode::OK);
    app.stop().await;
}

#[tokio::test]
async fn a_session_ends_after_30_idle_minutes_and_after_8_hours_on_the_service_clock() {
    let app = TestApp::spawn_with_desk().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let browser = Browser::new(&app);
    sign_in(&app, &browser, &mette).await;
    app.clock.advance(Duration::minutes(29));
    assert_eq!(browser.get("/").await.status, StatusCode::OK);
    // Idle time counts from the last request.
    app.clock.advance(Duration::minutes(29));
    assert_eq!(browser.get("/").await.status, StatusCode::OK);
    app.clock.advance(Duration::minutes(30));
    assert_eq!(browser.get("/").await.status, StatusCode::UNAUTHORIZED);

    // A busy session still ends 8 hours after sign-in.
    sign_in(&app, &browser, &mette).await;
    for _ in 0..19 {
        app.clock.advance(Duration::minutes(25));
        assert_eq!(browser.get("/").await.status, StatusCode::OK);
    }
    app.clock.advance(Duration::minutes(25));
    assert_eq!(browser.get("/").await.status, StatusCode::UNAUTHORIZED);
    app.stop().await;
}

#[tokio::test]
async fn a_deactivated_caseworker_is_logged_out_at_once() {
    let app = TestApp::spawn_with_desk().await;
    // Someone takes over her cases.
    joined_leader(&app, 3001, "Tove").await;
    let case = youth_case(&app).await;
    let browser = Browser::new(&app);
    sign_in(&app, &browser, &case.caseworker).await;
    // A second session that sends nothing while she is deactivated.
    let idle = Browser::new(&app);
    sign_in(&app, &idle, &case.caseworker).await;
    let page = browser.get(&format!("/sag/{}", case.code)).await;
    assert_eq!(page.status, StatusCode::OK);
    let staff = {
        let mut tx = app.store.read().await.unwrap();
        tx.staff_by_user(TelegramUserId(case.caseworker.id))
            .await
            .unwrap()
            .unwrap()
    };
    use taetkontakt::clock::Clock;
    taetkontakt::ops::deactivate_staff(&app.store, staff.id, app.clock.now())
        .await
        .expect("deactivated");
    let page = browser.get(&format!("/sag/{}", case.code)).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(!page.body.contains("Lea"), "{}", page.body);
    assert_eq!(browser.get("/").await.status, StatusCode::UNAUTHORIZED);
    // Let in again, she signs in anew: no old session comes back.
    taetkontakt::ops::reactivate_staff(&app.store, staff.id, app.clock.now())
        .await
        .expect("reactivated");
    assert_eq!(idle.get("/").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(browser.get("/").await.status, StatusCode::UNAUTHORIZED);
    app.stop().await;
}

#[tokio::test]
async fn hostile_text_typed_in_the_chat_is_escaped_on_the_desk() {
    let app = TestApp::spawn_with_desk().await;
    let mette = joined_caseworker(&app, 1001, "Mette").await;
    let nickname = "\"><img src=x onerror=alert(1)>";
    let code = new_case(&app, &mette, nickname).await;
    let goal = "<script>alert('mål')</script> i skole";
    let added = app.say(&mette, &format!("/maal {code} skole {goal}")).await;
    app.press(&mette, &added, "✅ Brug forslaget").await;
    join(&app, &mette, &code, "vidne mormor <b>Inge</b>", 2001, "Inge").await;
    let browser = Browser::new(&app);
    let cases = sign_in(&app, &browser, &mette).await;
    let page = browser.get(&format!("/sag/{code}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for body in [&cases.body, &page.body] {
        assert!(!body.contains("<img src=x"), "{body}");
        assert!(!body.contains("<script"), "{body}");
        assert!(!body.contains("<b>"), "{body}");
        assert!(
            body.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
            "{body}"
        );
    }
    assert!(page.body.contains("&lt;script&gt;"), "{}", page.body);
    assert!(page.body.contains("&lt;b&gt;Inge&lt;/b&gt;"), "{}", page.body);
    app.stop().await;
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_client_address() {
    let app = TestApp::spawn_with_desk().await;
    let browser = Browser::new(&app);
    for _ in 0..10 {
        let page = browser.post("/login", &[("token", "guess")]).await;
        assert_eq!(page.status, StatusCode::GONE);
    }
    let page = browser.post("/login", &[("token", "guess")]).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(page.header("retry-after"), "60");
    app.stop().await;
}

/// The young person asks to be called; returns the alert message with its buttons that the
/// caseworker got in the chat.
pub(crate) async fn alert_in_chat(app: &TestApp, case: &YouthCase) -> fake_telegram::SentMessage {
    app.settle().await;
    let mark = app.fake.message_seq();
    app.say(&case.youth, "/ring").await;
    app.settle().await;
    app.fake
        .messages_to(case.caseworker.id)
        .into_iter()
        .find(|m| m.seq > mark && m.button_data("Kontakt ung/familie").is_some())
        .expect("the caseworker got the alert")
}

/// The id of the first alert form on *Alarmer*.
fn alert_id_on(page: &Page) -> String {
    let needle = "action=\"/alarmer/";
    let start = page
        .body
        .find(needle)
        .unwrap_or_else(|| panic!("no alert form in {}", page.body))
        + needle.len();
    page.body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

#[tokio::test]
async fn an_alert_assessed_on_the_desk_is_assessed_in_the_chat() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let in_chat = alert_in_chat(&app, &case).await;
    let browser = Browser::new(&app);
    sign_in(&app, &browser, mette).await;
    let alerts = browser.get("/alarmer").await;
    assert_eq!(alerts.status, StatusCode::OK);
    for expected in [
        "vil ringes op",
        "Lea",
        &case.code,
        "Kontakt ung/familie",
        "Ingen handling",
        "Begrundelse",
    ] {
        assert!(
            alerts.body.contains(expected),
            "{expected:?} missing in {}",
            alerts.body
        );
    }
    assert_eq!(alerts.header("cache-control"), "no-store");
    let id = alert_id_on(&alerts);
    let path = format!("/alarmer/{id}");
    let csrf = alerts.csrf();

    // "Ingen handling" needs a reason; a form without the session's token changes nothing.
    let refused = browser
        .post(
            &path,
            &[("csrf", &csrf), ("decision", "no_action"), ("reason", "  ")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Skriv kort, hvorfor"), "{}", refused.body);
    let forged = browser
        .post(&path, &[("csrf", "forged"), ("decision", "contact")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(browser.get("/alarmer").await.body.contains(&path));

    let saved = browser
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("decision", "no_action"),
                ("reason", "Talt med Lea i går"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("Vurderingen er gemt"), "{}", saved.body);
    assert!(!saved.body.contains(&path), "{}", saved.body);

    // The chat agrees: /alarmer lists nothing, and the old button is refused.
    let listed = app.say(mette, "/alarmer").await;
    assert!(listed.text.contains("Ingen åbne alarmer"), "{}", listed.text);
    let data = in_chat.button_data("Kontakt ung/familie").unwrap().to_string();
    app.fake.press_button(mette, in_chat.message_id, &data);
    app.settle().await;
    let answer = app.fake.callback_answers().last().cloned().expect("answered");
    assert!(
        answer.text.unwrap_or_default().contains("allerede vurderet"),
        "the chat did not refuse a second assessment"
    );
    let actions = audit_actions(&app, &case.code).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "alert.assessed").count(),
        1,
        "{actions:?}"
    );
    assert!(audit_count(&app, mette.id, "read.desk.alerts").await >= 1);
    app.stop().await;
}

#[tokio::test]
async fn an_alert_assessed_in_the_chat_is_assessed_on_the_desk() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let in_chat = alert_in_chat(&app, &case).await;
    let browser = Browser::new(&app);
    sign_in(&app, &browser, mette).await;
    let before = browser.get("/alarmer").await;
    let path = format!("/alarmer/{}", alert_id_on(&before));

    let saved = app.press(mette, &in_chat, "Kontakt ung/familie").await;
    assert!(saved.text.contains("gemt"), "{}", saved.text);

    let after = browser.get("/alarmer").await;
    assert!(!after.body.contains(&path), "{}", after.body);
    assert!(after.body.contains("ingen åbne alarmer"), "{}", after.body);
    // The page from before still has the form: sending it is refused, nothing new is stored.
    let again = browser
        .post(&path, &[("csrf", &before.csrf()), ("decision", "call_meeting")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("allerede vurderet"), "{}", again.body);
    let actions = audit_actions(&app, &case.code).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "alert.assessed").count(),
        1,
        "{actions:?}"
    );
    // Another caseworker cannot assess it either: the same 404 as any unknown address.
    let jonas = joined_caseworker(&app, 1501, "Jonas").await;
    let other = Browser::new(&app);
    let page = sign_in(&app, &other, &jonas).await;
    let foreign = other
        .post(&path, &[("csrf", &page.csrf()), ("decision", "contact")])
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    app.stop().await;
}

#[tokio::test]
async fn the_agenda_draft_prints_from_the_desk_with_its_own_styles_allowed_by_hash() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let mette = &case.caseworker;
    let browser = Browser::new(&app);
    sign_in(&app, &browser, mette).await;
    let draft = format!("/sag/{}/udkast", case.code);
    let none = browser.get(&draft).await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(none.body.contains("intet planlagt møde"), "{}", none.body);

    app.say(
        mette,
        &format!("/moede {} opfoelgning 26/11 14:00 Rådhuset", case.code),
    )
    .await;
    let page = browser.get(&format!("/sag/{}", case.code)).await;
    assert!(
        page.body.contains("torsdag 26. november kl. 14.00"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!("href=\"{draft}\"")), "{}", page.body);
    let document = browser.get(&draft).await;
    assert_eq!(document.status, StatusCode::OK);
    assert!(document.header("content-type").starts_with("text/html"));
    assert!(
        document.body.contains("Jeg kommer i skole hver dag"),
        "{}",
        document.body
    );
    assert!(
        document.body.contains("<style"),
        "the print style is part of the document"
    );
    let policy = document.header("content-security-policy");
    assert!(policy.contains("style-src 'sha256-"), "{policy}");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(document.header("cache-control"), "no-store");
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "read.desk.draft"), "{actions:?}");

    // Not the caseworker's own case: the same 404 as anything unknown.
    let jonas = joined_caseworker(&app, 1501, "Jonas").await;
    let other = Browser::new(&app);
    sign_in(&app, &other, &jonas).await;
    let foreign = other.get(&draft).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert!(!foreign.body.contains("Lea"), "{}", foreign.body);
    app.stop().await;
}

#[tokio::test]
async fn the_journal_comes_from_a_button_with_the_csrf_token_and_is_an_audited_read() {
    let app = TestApp::spawn_with_desk().await;
    let case = youth_case(&app).await;
    let browser = Browser::new(&app);
    sign_in(&app, &browser, &case.caseworker).await;
    let path = format!("/sag/{}/journal", case.code);
    let sag = browser.get(&format!("/sag/{}", case.code)).await;
    assert!(sag.body.contains(&format!("href=\"{path}\"")), "{}", sag.body);
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Hent journalen"), "{}", page.body);
    // Showing the button reads nothing.
    let actions = audit_actions(&app, &case.code).await;
    assert!(!actions.iter().any(|a| a == "read.journal"), "{actions:?}");
    let refused = browser.post(&path, &[("csrf", "forged")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let document = browser.post(&path, &[("csrf", &page.csrf())]).await;
    assert_eq!(document.status, StatusCode::OK, "{}", document.body);
    assert!(document.header("content-type").starts_with("text/html"));
    assert!(
        document.body.contains("Jeg kommer i skole hver dag"),
        "{}",
        document.body
    );
    assert!(
        document
            .header("content-disposition")
            .starts_with("inline; filename=")
    );
    let policy = document.header("content-security-policy");
    assert!(
        policy.contains("style-src 'sha256-") && !policy.contains("unsafe-inline"),
        "{policy}"
    );
    let actions = audit_actions(&app, &case.code).await;
    assert!(actions.iter().any(|a| a == "read.journal"), "{actions:?}");

    let jonas = joined_caseworker(&app, 1501, "Jonas").await;
    let other = Browser::new(&app);
    let home = sign_in(&app, &other, &jonas).await;
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND);
    let foreign = other.post(&path, &[("csrf", &home.csrf())]).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert!(!foreign.body.contains("Lea"), "{}", foreign.body);
    app.stop().await;
}
