//! Request parameters: reading them from JSON, form, query-string or multipart bodies (uploads
//! included), and typed access to them (`chat_id`, `reply_markup` with its inline buttons, …).

use std::sync::Arc;

use axum::Form;
use axum::extract::{FromRequest, Multipart, Query, Request};
use axum::http::header;
use serde_json::{Map, Value, json};

use crate::{Button, FakeError};

/// Largest accepted request body (uploads included).
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// Telegram's limit on `callback_data`.
const MAX_CALLBACK_DATA_BYTES: usize = 64;

pub(crate) fn value_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(crate) fn param_str(p: &Map<String, Value>, key: &str) -> Option<String> {
    p.get(key).and_then(value_to_string)
}

pub(crate) fn param_i64(p: &Map<String, Value>, key: &str) -> Option<i64> {
    match p.get(key)? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(crate) fn param_bool(p: &Map<String, Value>, key: &str) -> bool {
    match p.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim(), "true" | "True" | "1"),
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}

pub(crate) fn param_json(p: &Map<String, Value>, key: &str) -> Option<Value> {
    match p.get(key)? {
        Value::String(s) => serde_json::from_str(s).ok(),
        Value::Null => None,
        v => Some(v.clone()),
    }
}

/// Fields whose text form (form / multipart / query) is JSON.
const JSON_FIELDS: &[&str] = &[
    "reply_markup",
    "reply_parameters",
    "entities",
    "caption_entities",
    "link_preview_options",
    "allowed_updates",
    "commands",
    "scope",
];

pub(crate) struct Upload {
    pub(crate) field: String,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Arc<[u8]>,
}

#[derive(Default)]
pub(crate) struct Params {
    pub(crate) fields: Map<String, Value>,
    pub(crate) files: Vec<Upload>,
}

impl Params {
    fn insert_text(&mut self, name: String, value: String) {
        let parsed = if JSON_FIELDS.contains(&name.as_str()) {
            serde_json::from_str(&value).unwrap_or(Value::String(value))
        } else {
            Value::String(value)
        };
        self.fields.insert(name, parsed);
    }

    /// The parameters as recorded: files described under the field that refers to them.
    pub(crate) fn recorded_body(&self) -> Value {
        let mut body = self.fields.clone();
        for file in &self.files {
            let desc = json!({ "file_name": file.file_name, "size": file.data.len(), "content_type": file.content_type });
            let attach = format!("attach://{}", file.field);
            let referrer = body
                .iter()
                .find(|(_, v)| v.as_str() == Some(attach.as_str()))
                .map(|(k, _)| k.clone());
            body.insert(referrer.unwrap_or_else(|| file.field.clone()), desc);
        }
        Value::Object(body)
    }
}

pub(crate) async fn read_params(req: Request) -> Result<Params, String> {
    let mut params = Params::default();
    if let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(req.uri()) {
        for (k, v) in pairs {
            params.insert_text(k, v);
        }
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();

    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|e| e.body_text())?;
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(e) => return Err(e.body_text()),
            };
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let data = field.bytes().await.map_err(|e| e.body_text())?;
            if file_name.is_some() {
                params.files.push(Upload {
                    field: name,
                    file_name,
                    content_type,
                    data: Arc::from(data.to_vec()),
                });
            } else {
                params.insert_text(name, String::from_utf8_lossy(&data).into_owned());
            }
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, &())
            .await
            .map_err(|e| e.body_text())?;
        for (k, v) in pairs {
            params.insert_text(k, v);
        }
    } else {
        let body = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|e| e.to_string())?;
        if !body.iter().all(u8::is_ascii_whitespace) {
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(map)) => params.fields.extend(map),
                Ok(_) => return Err("request body must be a JSON object".to_owned()),
                Err(e) => return Err(format!("can't parse JSON body: {e}")),
            }
        }
    }
    Ok(params)
}

pub(crate) fn commands_key(p: &Map<String, Value>) -> String {
    let scope = param_json(p, "scope").unwrap_or_else(|| json!({ "type": "default" }));
    let lang = param_str(p, "language_code").unwrap_or_default();
    format!("{scope}|{lang}")
}

pub(crate) fn require_chat_id(p: &Map<String, Value>) -> Result<i64, FakeError> {
    match p.get("chat_id") {
        None | Some(Value::Null) => Err(FakeError::bad_request("chat_id is empty")),
        Some(Value::String(s)) if s.trim().is_empty() => Err(FakeError::bad_request("chat_id is empty")),
        Some(_) => param_i64(p, "chat_id").ok_or_else(FakeError::chat_not_found),
    }
}

/// Parses `reply_markup`; returns it (when present) and its inline buttons.
pub(crate) fn parse_reply_markup(
    p: &Map<String, Value>,
) -> Result<(Option<Value>, Vec<Vec<Button>>), FakeError> {
    let markup = match p.get("reply_markup") {
        None | Some(Value::Null) => return Ok((None, Vec::new())),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok((None, Vec::new())),
        Some(Value::String(s)) => serde_json::from_str::<Value>(s)
            .map_err(|_| FakeError::bad_request("can't parse reply keyboard markup JSON object"))?,
        Some(v) => v.clone(),
    };
    if !markup.is_object() {
        return Err(FakeError::bad_request(
            "can't parse reply keyboard markup JSON object",
        ));
    }
    let Some(rows) = markup.get("inline_keyboard") else {
        return Ok((Some(markup), Vec::new()));
    };
    let Value::Array(rows) = rows else {
        return Err(FakeError::bad_request(
            "can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays",
        ));
    };
    let mut parsed = Vec::with_capacity(rows.len());
    for row in rows {
        let Value::Array(row) = row else {
            return Err(FakeError::bad_request(
                "can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays",
            ));
        };
        let mut buttons = Vec::with_capacity(row.len());
        for button in row {
            let text = button.get("text").and_then(Value::as_str).unwrap_or_default();
            if text.is_empty() {
                return Err(FakeError::bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
                ));
            }
            let callback_data = button.get("callback_data").and_then(value_to_string);
            let url = button.get("url").and_then(value_to_string);
            if let Some(data) = &callback_data
                && (data.is_empty() || data.len() > MAX_CALLBACK_DATA_BYTES)
            {
                return Err(FakeError::bad_request("BUTTON_DATA_INVALID"));
            }
            if let Some(url) = &url {
                let ok = ["http://", "https://", "tg://"]
                    .iter()
                    .any(|s| url.starts_with(s))
                    && url.len() > 7;
                if !ok {
                    return Err(FakeError::bad_request("BUTTON_URL_INVALID"));
                }
            }
            let has_action = callback_data.is_some()
                || url.is_some()
                || button.as_object().is_some_and(|o| o.keys().any(|k| k != "text"));
            if !has_action {
                return Err(FakeError::bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
                ));
            }
            buttons.push(Button {
                text: text.to_owned(),
                callback_data,
                url,
            });
        }
        parsed.push(buttons);
    }
    Ok((Some(markup), parsed))
}
