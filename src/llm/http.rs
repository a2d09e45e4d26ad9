//! [`HttpLlm`]: the OpenAI-compatible chat-completions client.
//!
//! It owns a current-thread tokio runtime and one reqwest client; [`Llm::ask`] blocks on the
//! runtime and runs the prompts as tasks, at most `concurrency` HTTP requests in flight. Per
//! prompt: cache lookup, then up to `1 + retries` requests, each taken from the budget. It never
//! prints, and its errors carry kinds and status codes only — no prompt, answer, URL or key.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::LlmUsage;
use super::{
    Answer, Llm, LlmConfig, LlmError, Prompt, Rejection, cache, cache_key, check, compile_schema,
    parse_content, public_url,
};

/// Longest wait between two attempts (before jitter), whatever the backoff base.
const BACKOFF_CAP: Duration = Duration::from_secs(10);

/// The OpenAI-compatible client. See the module docs of [`crate::llm`].
pub struct HttpLlm {
    inner: Arc<Inner>,
    runtime: tokio::runtime::Runtime,
}

struct Inner {
    cfg: super::LlmConfig,
    client: reqwest::Client,
    endpoint: reqwest::Url,
    /// The base URL without credentials, query or fragment, for reports.
    public_url: String,
    /// HTTP requests sent so far (the budget's meter).
    sent: AtomicU64,
    usage: Mutex<LlmUsage>,
}

/// What one HTTP request came to.
enum Attempt {
    Answer(Value),
    /// The message content is not JSON or breaks the schema: tell the model and ask again.
    BadContent {
        content: String,
        rejection: Rejection,
    },
    /// The HTTP body is not a usable completion: ask again as before.
    BadReply(String),
    /// 429, 5xx, timeout, refused connection: wait and ask again.
    Retryable {
        error: LlmError,
        wait: Option<Duration>,
    },
    /// Any other 4xx: give up at once.
    Fatal(LlmError),
}

impl HttpLlm {
    /// Builds the runtime and the HTTP client; fails on a URL that does not parse.
    pub fn new(cfg: LlmConfig) -> Result<Self, LlmError> {
        let base = cfg.url.trim_end_matches('/');
        let endpoint = reqwest::Url::parse(&format!("{base}/chat/completions"))
            .map_err(|e| LlmError::Config(format!("the LLM URL does not parse ({e})")))?;
        if !matches!(endpoint.scheme(), "http" | "https") {
            return Err(LlmError::Config(
                "the LLM URL must start with http:// or https://".into(),
            ));
        }
        let public_url = public_url(base);
        let client = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .build()
            .map_err(|_| LlmError::Config("could not build the HTTP client".into()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| LlmError::Config(format!("could not start the async runtime ({e})")))?;
        Ok(HttpLlm {
            inner: Arc::new(Inner {
                cfg,
                client,
                endpoint,
                public_url,
                sent: AtomicU64::new(0),
                usage: Mutex::new(LlmUsage::default()),
            }),
            runtime,
        })
    }
}

impl Llm for HttpLlm {
    fn ask(&self, prompts: &[Prompt]) -> Vec<Result<Answer, LlmError>> {
        let run = || {
            self.runtime
                .block_on(run_all(self.inner.clone(), prompts.to_vec()))
        };
        // Blocking on a runtime from inside another one panics: a caller that happens to run
        // in async code gets a plain thread to block in.
        if tokio::runtime::Handle::try_current().is_ok() {
            std::thread::scope(|s| match s.spawn(run).join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            })
        } else {
            run()
        }
    }

    fn usage(&self) -> LlmUsage {
        self.inner.usage().clone()
    }

    fn describe(&self) -> (String, String) {
        (self.inner.public_url.clone(), self.inner.cfg.model.clone())
    }
}

async fn run_all(inner: Arc<Inner>, prompts: Vec<Prompt>) -> Vec<Result<Answer, LlmError>> {
    let permits = Arc::new(Semaphore::new(inner.cfg.concurrency.max(1)));
    let n = prompts.len();
    let mut tasks = JoinSet::new();
    for (i, p) in prompts.into_iter().enumerate() {
        let inner = inner.clone();
        let permits = permits.clone();
        tasks.spawn(async move {
            let result = inner.answer(&p, &permits).await;
            if result.is_err() {
                inner.usage().failures += 1;
            }
            (i, result)
        });
    }
    let mut out: Vec<Option<Result<Answer, LlmError>>> = vec![None; n];
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok((i, r)) => out[i] = Some(r),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => {}
        }
    }
    out.into_iter()
        .map(|r| r.unwrap_or_else(|| Err(LlmError::Unreachable("request was cancelled".into()))))
        .collect()
}

impl Inner {
    fn usage(&self) -> std::sync::MutexGuard<'_, LlmUsage> {
        self.usage.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes one request from the budget; false when it is used up.
    fn take_budget(&self) -> bool {
        let budget = self.cfg.budget;
        self.sent
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                budget.is_none_or(|b| n < b).then_some(n + 1)
            })
            .is_ok()
    }

    async fn answer(&self, p: &Prompt, permits: &Semaphore) -> Result<Answer, LlmError> {
        let validator = compile_schema(p)?;
        let key = cache_key(&self.cfg.model, p);
        if let Some(dir) = &self.cfg.cache_dir
            && let Some(value) = cache::read(dir, &key, &self.cfg.model)
            && check(&validator, &p.schema_name, &value).is_ok()
        {
            self.usage().cache_hits += 1;
            return Ok(Answer {
                value,
                cached: true,
            });
        }

        let mut messages = vec![
            json!({"role": "system", "content": p.system}),
            json!({"role": "user", "content": p.user}),
        ];
        let mut attempt: u32 = 0;
        loop {
            if !self.take_budget() {
                return Err(LlmError::Budget);
            }
            if attempt > 0 {
                self.usage().retries += 1;
            }
            let (error, wait) = match self.send(p, &messages, permits).await {
                Attempt::Answer(value) => {
                    match check(&validator, &p.schema_name, &value) {
                        Ok(()) => {
                            if let Some(dir) = &self.cfg.cache_dir {
                                // The cache is an optimisation: a failed write costs a request
                                // next time, nothing more.
                                let _ = cache::write(dir, &key, &self.cfg.model, &value);
                            }
                            return Ok(Answer {
                                value,
                                cached: false,
                            });
                        }
                        Err(rejection) => {
                            let content = value.to_string();
                            extend(&mut messages, content, &rejection);
                            (LlmError::Invalid(rejection.reason), None)
                        }
                    }
                }
                Attempt::BadContent { content, rejection } => {
                    extend(&mut messages, content, &rejection);
                    (LlmError::Invalid(rejection.reason), None)
                }
                Attempt::BadReply(reason) => (LlmError::Invalid(reason), None),
                Attempt::Retryable { error, wait } => {
                    let wait = wait.unwrap_or_else(|| self.backoff(attempt));
                    (error, Some(wait))
                }
                Attempt::Fatal(error) => return Err(error),
            };
            if attempt >= self.cfg.retries {
                return Err(error);
            }
            if let Some(wait) = wait {
                tokio::time::sleep(wait).await;
            }
            attempt += 1;
        }
    }

    /// Full-jitter exponential backoff: uniform in `[0, min(cap, base·2^attempt)]`.
    fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self
            .cfg
            .backoff
            .saturating_mul(2u32.saturating_pow(attempt.min(20)))
            .min(BACKOFF_CAP);
        let ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::random_range(0..=ms))
    }

    /// One HTTP request: sends, reads, classifies; counts the request, its latency and tokens.
    async fn send(&self, p: &Prompt, messages: &[Value], permits: &Semaphore) -> Attempt {
        let body = json!({
            "model": self.cfg.model,
            "messages": messages,
            "temperature": p.temperature,
            "max_tokens": p.max_tokens,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": p.schema_name, "strict": true, "schema": p.schema},
            },
        });
        let mut request = self.client.post(self.endpoint.clone()).json(&body);
        if let Some(key) = &self.cfg.api_key {
            request = request.bearer_auth(key.expose());
        }

        let permit = permits.acquire().await;
        let started = Instant::now();
        let result = async {
            let response = request.send().await?;
            let status = response.status();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let bytes = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, retry_after, bytes))
        }
        .await;
        drop(permit);
        let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        {
            let mut u = self.usage();
            u.requests += 1;
            u.latency_ms_total += ms;
            u.latency_ms_max = u.latency_ms_max.max(ms);
        }

        let (status, retry_after, bytes) = match result {
            Ok(r) => r,
            Err(e) => {
                return Attempt::Retryable {
                    error: transport_error(&e),
                    wait: None,
                };
            }
        };
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Attempt::Retryable {
                error: LlmError::Status(status.as_u16()),
                wait: retry_after.map(|w| w.min(self.cfg.max_retry_after)),
            };
        }
        if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
            return Attempt::Retryable {
                error: LlmError::Status(status.as_u16()),
                wait: None,
            };
        }
        if !status.is_success() {
            return Attempt::Fatal(LlmError::Status(status.as_u16()));
        }
        self.completion(&bytes)
    }

    /// Reads a 2xx body: usage tokens, then `choices[0].message.content` as JSON.
    fn completion(&self, bytes: &[u8]) -> Attempt {
        let Ok(reply) = serde_json::from_slice::<Value>(bytes) else {
            return Attempt::BadReply("reply body is not JSON".into());
        };
        if let Some(usage) = reply.get("usage") {
            let mut u = self.usage();
            u.prompt_tokens += usage["prompt_tokens"].as_u64().unwrap_or(0);
            u.completion_tokens += usage["completion_tokens"].as_u64().unwrap_or(0);
        }
        let Some(choice) = reply["choices"].as_array().and_then(|c| c.first()) else {
            return Attempt::BadReply("reply has no choices".into());
        };
        let Some(content) = choice["message"]["content"].as_str() else {
            return Attempt::BadReply("reply message has no text content".into());
        };
        match parse_content(content) {
            Ok(value) => Attempt::Answer(value),
            Err(rejection) => Attempt::BadContent {
                content: content.to_string(),
                rejection,
            },
        }
    }
}

/// Adds the refused answer and the correction to the conversation.
fn extend(messages: &mut Vec<Value>, content: String, rejection: &Rejection) {
    messages.push(json!({"role": "assistant", "content": content}));
    messages.push(json!({"role": "user", "content": rejection.feedback}));
}

/// A transport failure as a short reason: no URL (it may carry credentials), no body.
fn transport_error(e: &reqwest::Error) -> LlmError {
    if e.is_timeout() {
        return LlmError::Timeout;
    }
    let io_kind = {
        let mut source = std::error::Error::source(e);
        let mut kind = None;
        while let Some(s) = source {
            if let Some(io) = s.downcast_ref::<std::io::Error>() {
                kind = Some(io.kind());
            }
            source = s.source();
        }
        kind
    };
    if io_kind == Some(std::io::ErrorKind::TimedOut) {
        return LlmError::Timeout;
    }
    let what = if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "reply cut off"
    } else {
        "request failed"
    };
    LlmError::Unreachable(match io_kind {
        Some(kind) => format!("{what}: {kind}"),
        None => what.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_urls_are_config_errors() {
        assert!(matches!(
            HttpLlm::new(LlmConfig::new("not a url", "m")),
            Err(LlmError::Config(_))
        ));
        assert!(matches!(
            HttpLlm::new(LlmConfig::new("ftp://example.com/v1", "m")),
            Err(LlmError::Config(_))
        ));
    }
}
