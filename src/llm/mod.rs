//! Structured questions to a language model: an OpenAI-compatible chat-completions client
//! ([`HttpLlm`]) and a recorded-reply stand-in for tests and offline runs ([`ReplayLlm`]).
//!
//! A [`Prompt`] carries a JSON Schema; an [`Answer`] is JSON that satisfies it (checked here with
//! `jsonschema`, whatever the server promised). The client retries 429s, 5xx, timeouts, refused
//! connections and answers that break the schema (telling the model what was wrong), keeps to a
//! request budget, caches validated answers on disk and counts everything in
//! [`crate::report::LlmUsage`].
//!
//! This is the only module of masq that knows HTTP and async: callers are synchronous and never
//! see tokio or reqwest. It must not print anything, and its errors never contain prompt text,
//! answers or API keys — only kinds, status codes, counts and schema locations.

mod cache;
mod http;
mod replay;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::sensitive::Sensitive;
use serde::{Deserialize, Serialize};

pub use http::HttpLlm;

/// Reads a stored JSON value (a finished pool of candidates, say) from an answer folder:
/// `<dir>/<key>.json`, written by [`store`] for `model`; `None` when absent or unreadable.
pub fn stored(dir: &std::path::Path, key: &str, model: &str) -> Option<serde_json::Value> {
    cache::read(dir, key, model)
}

/// Stores a JSON value in an answer folder, atomically (see [`stored`]).
pub fn store(
    dir: &std::path::Path,
    key: &str,
    model: &str,
    value: &serde_json::Value,
) -> std::io::Result<()> {
    cache::write(dir, key, model, value)
}
pub use replay::ReplayLlm;

/// Environment variable read by [`LlmConfig::new`] for the API key.
pub const API_KEY_ENV: &str = "MASQ_LLM_API_KEY";

/// How to reach the server and how patient to be with it. `Debug` shows the URL without
/// credentials or query and the key as `<redacted>`.
#[derive(Clone)]
pub struct LlmConfig {
    /// Base URL, e.g. `http://127.0.0.1:8089/v1`; requests go to `{url}/chat/completions`.
    pub url: String,
    pub model: String,
    /// Sent as `Authorization: Bearer …`; never logged or reported.
    pub api_key: Option<Sensitive<String>>,
    /// Per HTTP request (connect, send and read the whole reply).
    pub timeout: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Extra attempts after the first, per prompt.
    pub retries: u32,
    /// Maximum HTTP requests over the client's lifetime (`None` = unlimited).
    pub budget: Option<u64>,
    /// On-disk answer cache; `None` = off.
    pub cache_dir: Option<PathBuf>,
    /// Base of the exponential backoff between attempts.
    pub backoff: Duration,
    /// Cap for a server's `Retry-After`.
    pub max_retry_after: Duration,
}

impl std::fmt::Debug for LlmConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmConfig")
            .field("url", &public_url(&self.url))
            .field("model", &self.model)
            .field("api_key", &self.api_key)
            .field("timeout", &self.timeout)
            .field("concurrency", &self.concurrency)
            .field("retries", &self.retries)
            .field("budget", &self.budget)
            .field("cache_dir", &self.cache_dir)
            .field("backoff", &self.backoff)
            .field("max_retry_after", &self.max_retry_after)
            .finish()
    }
}

/// `url` without user, password, query or fragment, and without a trailing `/`.
pub(crate) fn public_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.set_query(None);
            u.set_fragment(None);
            u.to_string().trim_end_matches('/').to_string()
        }
        Err(_) => url.split(['?', '#']).next().unwrap_or_default().to_string(),
    }
}

impl LlmConfig {
    /// Defaults: timeout 60 s, concurrency 2, 2 retries, no budget, no cache, backoff 500 ms,
    /// Retry-After capped at 30 s; the API key from `MASQ_LLM_API_KEY` if set and non-empty.
    pub fn new(url: impl Into<String>, model: impl Into<String>) -> Self {
        let api_key = std::env::var(API_KEY_ENV)
            .ok()
            .filter(|k| !k.is_empty())
            .map(Sensitive);
        LlmConfig {
            url: url.into(),
            model: model.into(),
            api_key,
            timeout: Duration::from_secs(60),
            concurrency: 2,
            retries: 2,
            budget: None,
            cache_dir: None,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(30),
        }
    }

    /// `$XDG_CACHE_HOME/masq/llm`, else `~/.cache/masq/llm`; `None` when neither is known.
    pub fn default_cache_dir() -> Option<PathBuf> {
        let nonempty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        if let Some(xdg) = nonempty("XDG_CACHE_HOME") {
            return Some(PathBuf::from(xdg).join("masq").join("llm"));
        }
        nonempty("HOME").map(|h| PathBuf::from(h).join(".cache").join("masq").join("llm"))
    }
}

/// One structured question. `schema` is a JSON Schema the answer must satisfy.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub system: String,
    pub user: String,
    /// Name of the schema for the server's `response_format` (letters, digits, `_`, `-`).
    pub schema_name: String,
    pub schema: Value,
    pub max_tokens: u32,
    pub temperature: f32,
}

/// A schema-valid answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub value: Value,
    /// Taken from the on-disk cache (or a recording) rather than a fresh request.
    pub cached: bool,
}

/// Why a prompt got no answer. Messages name the problem, never the prompt, answer or key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    /// Connection refused, DNS failure, no recorded reply…
    #[error("LLM server unreachable: {0}")]
    Unreachable(String),
    #[error("LLM request timed out")]
    Timeout,
    /// A non-retryable status, or a retryable one that persisted through the retries.
    #[error("LLM server answered HTTP {0}")]
    Status(u16),
    /// A reply that is not JSON, has no choices, or breaks the schema (after the retries).
    #[error("LLM answer invalid: {0}")]
    Invalid(String),
    #[error("LLM request budget used up")]
    Budget,
    /// The client could not be set up (bad URL, no runtime).
    #[error("LLM client configuration: {0}")]
    Config(String),
}

/// A model that answers structured prompts. Callers are synchronous.
pub trait Llm: Send + Sync {
    /// Answers every prompt, concurrently up to the configured limit; results in input order.
    fn ask(&self, prompts: &[Prompt]) -> Vec<Result<Answer, LlmError>>;
    fn usage(&self) -> LlmUsage;
    /// (url without credentials/query, model) for reports.
    fn describe(&self) -> (String, String);
}

/// The cache (and recording) key of a prompt for a model: sha256 hex of
/// `model ‖0‖ system ‖0‖ user ‖0‖ schema_name ‖0‖ serde_json::to_string(schema)`.
pub fn cache_key(model: &str, p: &Prompt) -> String {
    let mut h = Sha256::new();
    for part in [model, &p.system, &p.user, &p.schema_name] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.update(
        serde_json::to_string(&p.schema)
            .unwrap_or_default()
            .as_bytes(),
    );
    hex::encode(h.finalize())
}

/// Why an answer was refused: `feedback` goes back to the model (it may quote the answer, which
/// the model wrote); `reason` goes into [`LlmError::Invalid`] and never quotes it.
#[derive(Debug, Clone)]
pub(crate) struct Rejection {
    pub feedback: String,
    pub reason: String,
}

/// Compiles a prompt's schema. A schema that does not compile is the caller's bug, reported
/// without the schema text.
pub(crate) fn compile_schema(p: &Prompt) -> Result<jsonschema::Validator, LlmError> {
    jsonschema::validator_for(&p.schema).map_err(|e| {
        LlmError::Invalid(format!(
            "schema `{}` is not a valid JSON Schema (at {})",
            p.schema_name,
            e.schema_path()
        ))
    })
}

/// Checks an answer against the compiled schema.
pub(crate) fn check(
    validator: &jsonschema::Validator,
    schema_name: &str,
    value: &Value,
) -> Result<(), Rejection> {
    match validator.validate(value) {
        Ok(()) => Ok(()),
        Err(e) => Err(Rejection {
            feedback: format!(
                "That answer does not match the JSON schema: {e} (at {}). Reply again with JSON \
                 only, matching the schema.",
                e.instance_path()
            ),
            reason: format!(
                "answer does not match schema `{schema_name}`: `{}` failed at schema path {}",
                e.kind().keyword(),
                e.schema_path()
            ),
        }),
    }
}

/// Parses a message's content as JSON, tolerating a Markdown code fence around it.
pub(crate) fn parse_content(content: &str) -> Result<Value, Rejection> {
    let t = content.trim();
    let t = match t.strip_prefix("```") {
        Some(rest) => {
            let rest = rest.strip_prefix("json").unwrap_or(rest);
            rest.trim_end().strip_suffix("```").unwrap_or(rest).trim()
        }
        None => t,
    };
    serde_json::from_str(t).map_err(|e| Rejection {
        feedback: format!(
            "That answer is not valid JSON ({}). Reply again with JSON only, matching the schema.",
            e.classify_name()
        ),
        reason: format!(
            "answer content is not JSON ({} at line {} column {})",
            e.classify_name(),
            e.line(),
            e.column()
        ),
    })
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "data error",
            serde_json::error::Category::Eof => "unexpected end",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn prompt() -> Prompt {
        Prompt {
            system: "sys".into(),
            user: "user".into(),
            schema_name: "kind".into(),
            schema: json!({"type": "object", "required": ["kind"]}),
            max_tokens: 10,
            temperature: 0.0,
        }
    }

    #[test]
    fn cache_key_is_the_documented_sha256() {
        let p = prompt();
        let mut h = Sha256::new();
        h.update(b"m\0sys\0user\0kind\0");
        h.update(serde_json::to_string(&p.schema).unwrap().as_bytes());
        assert_eq!(cache_key("m", &p), hex::encode(h.finalize()));
        // Every part matters: the model, and no ambiguity between fields.
        assert_ne!(cache_key("m2", &p), cache_key("m", &p));
        let mut q = p.clone();
        q.system = "sy".into();
        q.user = "suser".into();
        assert_ne!(cache_key("m", &q), cache_key("m", &p));
    }

    #[test]
    fn rejection_reason_never_quotes_the_answer() {
        let schema = json!({"type": "object", "properties": {"kind": {"enum": ["email"]}}});
        let p = Prompt { schema, ..prompt() };
        let v = compile_schema(&p).unwrap();
        let r = check(&v, "kind", &json!({"kind": "SECRET-MARKER"})).unwrap_err();
        assert!(r.feedback.contains("SECRET-MARKER"), "{}", r.feedback);
        assert!(!r.reason.contains("SECRET-MARKER"), "{}", r.reason);
        assert!(r.reason.contains("enum"), "{}", r.reason);
        let r = parse_content("SECRET-MARKER {").unwrap_err();
        assert!(!r.reason.contains("SECRET-MARKER") && !r.feedback.contains("SECRET-MARKER"));
    }

    #[test]
    fn config_debug_hides_key_and_url_credentials() {
        let mut cfg = LlmConfig::new("https://u:pw-SECRET@example.com/v1?key=SECRET", "m");
        cfg.api_key = Some(Sensitive("sk-SECRET".into()));
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("https://example.com/v1"), "{shown}");
    }

    #[test]
    fn public_url_drops_credentials_and_query() {
        assert_eq!(
            public_url("https://user:secret@example.com/v1?key=abc#x"),
            "https://example.com/v1"
        );
        assert_eq!(
            public_url("http://127.0.0.1:8089/v1/"),
            "http://127.0.0.1:8089/v1"
        );
    }

    #[test]
    fn content_in_a_code_fence_is_accepted() {
        assert_eq!(
            parse_content("```json\n{\"a\": 1}\n```").unwrap(),
            json!({"a": 1})
        );
        assert_eq!(parse_content(" {\"a\": 1} ").unwrap(), json!({"a": 1}));
    }
}

/// Requests, tokens and latency of the LLM calls of one run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LlmUsage {
    /// HTTP requests sent (retries included).
    pub requests: u64,
    /// Answers taken from the on-disk cache instead of the server.
    pub cache_hits: u64,
    /// Requests sent again after a 429, a 5xx, a timeout or an invalid answer.
    pub retries: u64,
    /// Prompts given up on (after retries, or for lack of budget).
    pub failures: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Sum and maximum of the wall time of the HTTP requests.
    pub latency_ms_total: u64,
    pub latency_ms_max: u64,
}

names! {
/// What a failure of the model means.
#[derive(Default)]
pub enum LlmMode {
    /// Fall back to rules-only results and say so.
    #[default]
    Optional,
    /// Exit 3, write nothing.
    Required,
}
}

names! {
/// What classification prompts carry about values.
#[derive(Default)]
pub enum LlmSend {
    /// Value shapes and statistics only (the default).
    #[default]
    Shapes,
    /// Raw samples too (`--llm-send values`; the report says so).
    Values,
}
}
