//! The LLM client's fault matrix: a wiremock server plays a good model, a refused connection,
//! 429 with Retry-After, 5xx, a hang, garbage, schema-breaking answers and empty choices; plus
//! the cache, the budget, error messages free of prompt text, replay from fixtures/llm/, and a
//! live round trip when `MASQ_TEST_LLM_URL` points at a real server.
//!
//! wiremock needs a tokio runtime, but `ask` blocks on its own: each test keeps a multi-thread
//! runtime for the mock server and calls `ask` from the plain test thread.

use std::time::{Duration, Instant};

use masq::llm::{HttpLlm, Llm, LlmConfig, LlmError, Prompt, ReplayLlm, cache_key};
use masq::sensitive::Sensitive;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::util::{Work, fixture};

const MARKER: &str = "MARKER-jane.doe@example.com";

struct Server {
    rt: tokio::runtime::Runtime,
    server: MockServer,
}

impl Server {
    fn start() -> Server {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(MockServer::start());
        Server { rt, server }
    }

    fn url(&self) -> String {
        format!("{}/v1", self.server.uri())
    }

    /// Answers the next `times` requests (all, if `None`) with `reply`; earlier mounts first.
    fn reply(&self, reply: ResponseTemplate, times: Option<u64>) {
        let mut mock = Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .respond_with(reply);
        if let Some(n) = times {
            mock = mock.up_to_n_times(n);
        }
        self.rt.block_on(mock.mount(&self.server));
    }

    fn requests(&self) -> Vec<wiremock::Request> {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
    }

    fn config(&self) -> LlmConfig {
        config(&self.url())
    }
}

fn config(url: &str) -> LlmConfig {
    let mut cfg = LlmConfig::new(url, "test-model");
    cfg.api_key = None;
    cfg.timeout = Duration::from_millis(300);
    cfg.backoff = Duration::from_millis(10);
    cfg.retries = 2;
    cfg
}

fn schema() -> Value {
    json!({
        "type": "object",
        "properties": {"kind": {"type": "string", "enum": ["email", "phone", "none"]}},
        "required": ["kind"],
        "additionalProperties": false
    })
}

fn prompt(user: &str) -> Prompt {
    Prompt {
        system: "You classify table columns. Answer with JSON.".into(),
        user: user.into(),
        schema_name: "column_kind".into(),
        schema: schema(),
        max_tokens: 50,
        temperature: 0.0,
    }
}

/// A chat-completions reply whose message content is `content`.
fn completion(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "x",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 20, "completion_tokens": 5, "total_tokens": 25}
    }))
}

fn good() -> ResponseTemplate {
    completion(r#"{"kind": "email"}"#)
}

fn ask_one(llm: &dyn Llm, p: Prompt) -> Result<masq::llm::Answer, LlmError> {
    let mut results = llm.ask(&[p]);
    assert_eq!(results.len(), 1);
    results.remove(0)
}

#[test]
fn good_answer_is_returned_and_the_request_asks_for_the_schema() {
    let s = Server::start();
    s.reply(good(), None);
    let mut cfg = s.config();
    cfg.api_key = Some(Sensitive("sk-test-123".into()));
    let llm = HttpLlm::new(cfg).unwrap();

    let answer = ask_one(&llm, prompt("Column `contact`: shapes a@b.c")).unwrap();
    assert_eq!(answer.value, json!({"kind": "email"}));
    assert!(!answer.cached);
    assert!(jsonschema::is_valid(&schema(), &answer.value));

    let reqs = s.requests();
    assert_eq!(reqs.len(), 1);
    let body: Value = reqs[0].body_json().unwrap();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(
        body["response_format"]["json_schema"]["name"],
        "column_kind"
    );
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
    assert_eq!(body["response_format"]["json_schema"]["schema"], schema());
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["messages"][1]["role"], "user");
    assert_eq!(
        body["messages"][1]["content"],
        "Column `contact`: shapes a@b.c"
    );
    assert_eq!(body["max_tokens"], 50);
    assert_eq!(
        reqs[0].headers.get("authorization").unwrap(),
        "Bearer sk-test-123"
    );

    let u = llm.usage();
    assert_eq!((u.requests, u.retries, u.failures), (1, 0, 0));
    assert_eq!((u.prompt_tokens, u.completion_tokens), (20, 5));
    assert!(u.latency_ms_max <= u.latency_ms_total);
    assert_eq!(llm.describe(), (s.url(), "test-model".to_string()));
}

#[test]
fn many_prompts_come_back_in_input_order() {
    let s = Server::start();
    // Whatever the order the requests arrive in, each answer follows its own prompt.
    for kind in ["email", "phone", "none"] {
        let reply = completion(&format!(r#"{{"kind": "{kind}"}}"#));
        let mock = Mock::given(method("POST"))
            .and(wiremock::matchers::body_string_contains(format!(
                "is-{kind}"
            )))
            .respond_with(reply);
        s.rt.block_on(mock.mount(&s.server));
    }
    let llm = HttpLlm::new(s.config()).unwrap();
    let prompts: Vec<_> = ["phone", "none", "email", "phone", "email"]
        .iter()
        .map(|k| prompt(&format!("is-{k}")))
        .collect();
    let kinds: Vec<_> = llm
        .ask(&prompts)
        .into_iter()
        .map(|r| r.unwrap().value["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["phone", "none", "email", "phone", "email"]);
    assert_eq!(llm.usage().requests, 5);
}

#[test]
fn connection_refused_is_unreachable() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let llm = HttpLlm::new(config(&format!("http://127.0.0.1:{port}/v1"))).unwrap();
    let err = ask_one(&llm, prompt(MARKER)).unwrap_err();
    assert!(matches!(err, LlmError::Unreachable(_)), "{err:?}");
    assert!(!err.to_string().contains(MARKER));
    let u = llm.usage();
    assert_eq!((u.requests, u.retries, u.failures), (3, 2, 1));
}

#[test]
fn too_many_requests_waits_retry_after_then_answers() {
    let s = Server::start();
    s.reply(
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        Some(1),
    );
    s.reply(good(), None);
    let llm = HttpLlm::new(s.config()).unwrap();
    let started = Instant::now();
    let answer = ask_one(&llm, prompt("col")).unwrap();
    assert_eq!(answer.value["kind"], "email");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After ignored"
    );
    assert_eq!(s.requests().len(), 2);
    let u = llm.usage();
    assert_eq!((u.requests, u.retries, u.failures), (2, 1, 0));
}

#[test]
fn retry_after_is_capped() {
    let s = Server::start();
    s.reply(
        ResponseTemplate::new(429).insert_header("Retry-After", "3600"),
        Some(1),
    );
    s.reply(good(), None);
    let mut cfg = s.config();
    cfg.max_retry_after = Duration::from_millis(50);
    let llm = HttpLlm::new(cfg).unwrap();
    let started = Instant::now();
    assert!(ask_one(&llm, prompt("col")).is_ok());
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn server_error_is_retried() {
    let s = Server::start();
    s.reply(ResponseTemplate::new(500), Some(1));
    s.reply(good(), None);
    let llm = HttpLlm::new(s.config()).unwrap();
    assert_eq!(ask_one(&llm, prompt("col")).unwrap().value["kind"], "email");
    assert_eq!(s.requests().len(), 2);
    assert_eq!(llm.usage().retries, 1);
}

#[test]
fn persistent_server_error_fails_after_the_retries() {
    let s = Server::start();
    s.reply(ResponseTemplate::new(500), None);
    let mut cfg = s.config();
    cfg.retries = 3;
    let llm = HttpLlm::new(cfg).unwrap();
    assert_eq!(
        ask_one(&llm, prompt("col")).unwrap_err(),
        LlmError::Status(500)
    );
    assert_eq!(s.requests().len(), 4);
    let u = llm.usage();
    assert_eq!((u.requests, u.retries, u.failures), (4, 3, 1));
}

#[test]
fn client_error_fails_at_once() {
    let s = Server::start();
    s.reply(ResponseTemplate::new(401), None);
    let llm = HttpLlm::new(s.config()).unwrap();
    assert_eq!(
        ask_one(&llm, prompt("col")).unwrap_err(),
        LlmError::Status(401)
    );
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn a_hang_past_the_timeout_is_timeout() {
    let s = Server::start();
    s.reply(good().set_delay(Duration::from_secs(3)), None);
    let mut cfg = s.config();
    cfg.retries = 1;
    let llm = HttpLlm::new(cfg).unwrap();
    let started = Instant::now();
    assert_eq!(ask_one(&llm, prompt("col")).unwrap_err(), LlmError::Timeout);
    assert!(started.elapsed() < Duration::from_secs(2));
    let u = llm.usage();
    assert_eq!((u.requests, u.failures), (2, 1));
    // The time spent waiting is the latency of the requests.
    assert!(u.latency_ms_max >= 250, "{u:?}");
    assert!(u.latency_ms_total >= 500, "{u:?}");
}

#[test]
fn concurrency_limits_the_requests_in_flight() {
    let s = Server::start();
    s.reply(good().set_delay(Duration::from_millis(300)), None);
    let prompts: Vec<_> = (0..4).map(|i| prompt(&format!("col {i}"))).collect();
    let timed = |concurrency: usize| {
        let mut cfg = s.config();
        cfg.timeout = Duration::from_secs(5);
        cfg.concurrency = concurrency;
        let llm = HttpLlm::new(cfg).unwrap();
        let started = Instant::now();
        assert!(llm.ask(&prompts).iter().all(|r| r.is_ok()));
        started.elapsed()
    };
    // One at a time: the four delays cannot overlap, so the run takes at least their sum (a
    // lower bound the limit enforces, not a speed expectation); four at once still answer all.
    assert!(timed(1) >= Duration::from_millis(1200));
    timed(4);
}

#[test]
fn ask_works_when_called_from_async_code() {
    let s = Server::start();
    s.reply(good(), None);
    let llm = HttpLlm::new(s.config()).unwrap();
    // A caller already inside a tokio runtime must not hit "cannot block within a runtime".
    let results = s.rt.block_on(async { llm.ask(&[prompt("col")]) });
    assert!(results[0].is_ok(), "{results:?}");
}

#[test]
fn a_body_that_is_not_json_is_invalid() {
    let s = Server::start();
    s.reply(
        ResponseTemplate::new(200).set_body_string("<html>proxy error</html>"),
        None,
    );
    let llm = HttpLlm::new(s.config()).unwrap();
    let err = ask_one(&llm, prompt("col")).unwrap_err();
    assert!(
        matches!(&err, LlmError::Invalid(m) if m.contains("not JSON")),
        "{err}"
    );
    assert_eq!(s.requests().len(), 3);
}

#[test]
fn content_that_is_not_json_is_invalid_and_never_echoed() {
    let s = Server::start();
    s.reply(
        completion("Sure! The column holds SECRET-ANSWER emails."),
        None,
    );
    let llm = HttpLlm::new(s.config()).unwrap();
    let err = ask_one(&llm, prompt(MARKER)).unwrap_err();
    assert!(matches!(err, LlmError::Invalid(_)), "{err:?}");
    assert!(!err.to_string().contains("SECRET-ANSWER"), "{err}");
    assert!(!err.to_string().contains(MARKER), "{err}");
}

#[test]
fn a_schema_violation_is_sent_back_and_the_corrected_answer_accepted() {
    let s = Server::start();
    s.reply(completion(r#"{"kind": "postcode"}"#), Some(1));
    s.reply(completion(r#"{"kind": "phone"}"#), None);
    let llm = HttpLlm::new(s.config()).unwrap();
    let answer = ask_one(&llm, prompt("col")).unwrap();
    assert_eq!(answer.value, json!({"kind": "phone"}));

    let reqs = s.requests();
    assert_eq!(reqs.len(), 2);
    let second: Value = reqs[1].body_json().unwrap();
    let messages = second["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);
    assert_eq!(messages[2]["role"], "assistant");
    assert!(
        messages[2]["content"]
            .as_str()
            .unwrap()
            .contains("postcode")
    );
    assert_eq!(messages[3]["role"], "user");
    let feedback = messages[3]["content"].as_str().unwrap();
    assert!(
        feedback.starts_with("That answer does not match the JSON schema:"),
        "{feedback}"
    );
    assert!(
        feedback.contains("Reply again with JSON only"),
        "{feedback}"
    );
    assert_eq!(llm.usage().retries, 1);
}

#[test]
fn a_persistent_schema_violation_is_invalid_without_the_answer() {
    let s = Server::start();
    s.reply(completion(r#"{"kind": "SECRET-ANSWER"}"#), None);
    let llm = HttpLlm::new(s.config()).unwrap();
    let err = ask_one(&llm, prompt(MARKER)).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, LlmError::Invalid(_)), "{err:?}");
    assert!(msg.contains("column_kind") && msg.contains("enum"), "{msg}");
    assert!(
        !msg.contains("SECRET-ANSWER") && !msg.contains(MARKER),
        "{msg}"
    );
    assert_eq!(s.requests().len(), 3);
}

#[test]
fn empty_choices_is_invalid() {
    let s = Server::start();
    s.reply(
        ResponseTemplate::new(200).set_body_json(json!({"choices": []})),
        None,
    );
    let llm = HttpLlm::new(s.config()).unwrap();
    let err = ask_one(&llm, prompt("col")).unwrap_err();
    assert!(
        matches!(&err, LlmError::Invalid(m) if m.contains("no choices")),
        "{err}"
    );
    assert_eq!(llm.usage().failures, 1);
}

#[test]
fn the_cache_answers_a_repeated_prompt_without_a_request() {
    let s = Server::start();
    s.reply(good(), None);
    let work = Work::new();
    let mut cfg = s.config();
    cfg.cache_dir = Some(work.path("cache"));

    let llm = HttpLlm::new(cfg.clone()).unwrap();
    assert!(!ask_one(&llm, prompt("col")).unwrap().cached);
    let again = ask_one(&llm, prompt("col")).unwrap();
    assert!(again.cached);
    assert_eq!(again.value, json!({"kind": "email"}));
    assert_eq!(s.requests().len(), 1);
    let u = llm.usage();
    assert_eq!((u.requests, u.cache_hits), (1, 1));

    // The file is the documented format, under the documented name.
    let file = work.path(&format!(
        "cache/{}.json",
        cache_key("test-model", &prompt("col"))
    ));
    let stored: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        stored,
        json!({"model": "test-model", "answer": {"kind": "email"}})
    );

    // A different model is a different key: a miss.
    let mut other = cfg.clone();
    other.model = "other-model".into();
    assert!(
        !ask_one(&HttpLlm::new(other).unwrap(), prompt("col"))
            .unwrap()
            .cached
    );
    assert_eq!(s.requests().len(), 2);

    // A corrupt cache file is a miss, and is overwritten with the fresh answer.
    std::fs::write(&file, "{\"model\": \"test-mo").unwrap();
    let fresh = HttpLlm::new(cfg).unwrap();
    assert!(!ask_one(&fresh, prompt("col")).unwrap().cached);
    assert_eq!(fresh.usage().cache_hits, 0);
    assert_eq!(s.requests().len(), 3);
    let stored: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(stored["answer"], json!({"kind": "email"}));
}

#[test]
fn invalid_answers_are_not_cached() {
    let s = Server::start();
    s.reply(completion(r#"{"kind": "postcode"}"#), None);
    let work = Work::new();
    let mut cfg = s.config();
    cfg.cache_dir = Some(work.path("cache"));
    cfg.retries = 0;
    let llm = HttpLlm::new(cfg).unwrap();
    assert!(ask_one(&llm, prompt("col")).is_err());
    assert!(ask_one(&llm, prompt("col")).is_err());
    assert_eq!(llm.usage().cache_hits, 0);
    assert_eq!(s.requests().len(), 2);
}

#[test]
fn the_budget_caps_requests() {
    let s = Server::start();
    s.reply(good(), None);
    let mut cfg = s.config();
    cfg.budget = Some(1);
    let llm = HttpLlm::new(cfg).unwrap();
    let results = llm.ask(&[prompt("first"), prompt("second")]);
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert_eq!(
        results
            .iter()
            .filter(|r| matches!(r, Err(LlmError::Budget)))
            .count(),
        1
    );
    assert_eq!(s.requests().len(), 1);
    let u = llm.usage();
    assert_eq!((u.requests, u.failures), (1, 1));
    // Used up for the client's lifetime.
    assert_eq!(
        ask_one(&llm, prompt("third")).unwrap_err(),
        LlmError::Budget
    );
    assert_eq!(s.requests().len(), 1);
}

#[test]
fn retries_count_against_the_budget() {
    let s = Server::start();
    s.reply(ResponseTemplate::new(503), None);
    let mut cfg = s.config();
    cfg.budget = Some(2);
    cfg.retries = 5;
    let llm = HttpLlm::new(cfg).unwrap();
    assert_eq!(ask_one(&llm, prompt("col")).unwrap_err(), LlmError::Budget);
    assert_eq!(s.requests().len(), 2);
}

#[test]
fn errors_never_contain_the_prompt_or_the_key() {
    let s = Server::start();
    s.reply(ResponseTemplate::new(400).set_body_string(MARKER), Some(1));
    s.reply(ResponseTemplate::new(500).set_body_string(MARKER), Some(3));
    s.reply(completion(MARKER), Some(3));
    s.reply(
        ResponseTemplate::new(200).set_body_json(json!({"choices": []})),
        Some(3),
    );
    s.reply(good().set_delay(Duration::from_secs(3)), None);
    let mut cfg = s.config();
    cfg.api_key = Some(Sensitive("sk-SECRET-KEY".into()));
    cfg.concurrency = 1;
    let llm = HttpLlm::new(cfg).unwrap();
    let mut p = prompt(MARKER);
    p.system = format!("system {MARKER}");
    let mut errors = Vec::new();
    for _ in 0..5 {
        let err = ask_one(&llm, p.clone()).unwrap_err();
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains("MARKER"), "{shown}");
            assert!(!shown.contains("SECRET-KEY"), "{shown}");
        }
        errors.push(err);
    }
    // Every kind of failure above was met: 400, 500, bad content, no choices, timeout.
    assert!(
        matches!(
            errors.as_slice(),
            [
                LlmError::Status(400),
                LlmError::Status(500),
                LlmError::Invalid(_),
                LlmError::Invalid(_),
                LlmError::Timeout
            ]
        ),
        "{errors:?}"
    );
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut cfg = config(&format!(
        "http://user:pw-SECRET@127.0.0.1:{port}/v1?key=SECRET"
    ));
    cfg.retries = 0;
    let llm = HttpLlm::new(cfg).unwrap();
    let err = ask_one(&llm, p).unwrap_err();
    assert!(!format!("{err} {err:?}").contains("SECRET"), "{err:?}");
    assert!(!format!("{:?}", llm.describe()).contains("SECRET"));
}

/// The prompt whose reply is recorded in fixtures/llm/.
fn recorded_prompt() -> Prompt {
    prompt("Column `email` (text): 120 values shaped like `aaaa.aaa@aaaaaaa.aaa`.")
}

#[test]
fn replay_answers_from_recordings_and_fails_cleanly_without_one() {
    let dir = fixture("llm");
    let llm = ReplayLlm::new(&dir, "smollm2");
    let p = recorded_prompt();
    let key = cache_key("smollm2", &p);
    assert!(
        dir.join(format!("{key}.json")).exists(),
        "missing recording fixtures/llm/{key}.json"
    );
    let answer = ask_one(&llm, p.clone()).unwrap();
    assert_eq!(answer.value, json!({"kind": "email"}));
    assert!(answer.cached);

    let err = ask_one(&llm, prompt(MARKER)).unwrap_err();
    assert!(
        matches!(&err, LlmError::Unreachable(m) if m.contains("no recorded reply")),
        "{err:?}"
    );
    assert!(!err.to_string().contains(MARKER));
    // Another model's recordings are not this model's.
    assert!(ask_one(&ReplayLlm::new(&dir, "other"), p).is_err());
    let u = llm.usage();
    assert_eq!((u.requests, u.cache_hits, u.failures), (0, 1, 1));
    assert_eq!(llm.describe().1, "smollm2");
}

#[test]
fn replayed_answers_are_still_checked_against_the_schema() {
    let work = Work::new();
    let mut p = recorded_prompt();
    p.schema_name = "strict_kind".into();
    p.schema = json!({"type": "object", "properties": {"kind": {"enum": ["phone"]}}});
    let key = cache_key("m", &p);
    work.write(
        &format!("rec/{key}.json"),
        r#"{"model": "m", "answer": {"kind": "email"}}"#,
    );
    let err = ask_one(&ReplayLlm::new(work.path("rec"), "m"), p).unwrap_err();
    assert!(matches!(err, LlmError::Invalid(_)), "{err:?}");
}

#[test]
fn live_server_answers_a_structured_question() {
    let Ok(url) = std::env::var("MASQ_TEST_LLM_URL") else {
        eprintln!(
            "skipped: MASQ_TEST_LLM_URL not set (start one with ../shared/llm/serve-local-llm.sh start)"
        );
        return;
    };
    let model = std::env::var("MASQ_TEST_LLM_MODEL").unwrap_or_else(|_| "smollm2".into());
    let mut cfg = LlmConfig::new(url, model);
    cfg.timeout = Duration::from_secs(120);
    cfg.backoff = Duration::from_millis(200);
    // Recording = asking with a cache dir; the folder then replays as is.
    let work = Work::new();
    cfg.cache_dir = Some(work.path("recorded"));
    let model = cfg.model.clone();
    let llm = HttpLlm::new(cfg).unwrap();
    let answer = ask_one(&llm, recorded_prompt()).unwrap();
    assert!(
        jsonschema::is_valid(&schema(), &answer.value),
        "{}",
        answer.value
    );
    assert!(llm.usage().requests >= 1);
    let replayed = ask_one(
        &ReplayLlm::new(work.path("recorded"), model),
        recorded_prompt(),
    );
    assert_eq!(replayed.unwrap().value, answer.value);
}
