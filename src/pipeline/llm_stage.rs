//! The LLM's part in `scan` and `run`: put the columns the rules could not settle to a vote,
//! and build candidate pools for columns with the `llm` strategy (or take the column's pool
//! stored by an earlier run, so every file maps through the same one).
//!
//! Every failure of the model (down, slow, over budget, invalid answers) ends in a fallback to
//! rules-only results, recorded as a warning and in the report — or, with `--llm required`, in
//! [`Error::External`] (exit 3) before anything is written. What was sent about each column is
//! recorded in the report exactly as sent.

use crate::detect::{self, ColumnFinding, vote};
use crate::error::{Error, Result};
use crate::llm::{HttpLlm, Llm, LlmConfig, Prompt, ReplayLlm};
use crate::report::{LlmColumn, LlmReport, LlmSent, LlmTask};
use crate::rules::RuleSet;
use crate::transform::pool::{Pool, PoolSpec};
use polars::prelude::*;
use std::path::PathBuf;

/// Where answers come from.
#[derive(Debug, Clone)]
pub enum LlmBackend {
    /// An OpenAI-compatible server.
    Http(LlmConfig),
    /// Recorded replies in a folder (the cache's format); nothing is sent anywhere.
    Replay { dir: PathBuf, model: String },
}

pub use crate::llm::{LlmMode, LlmSend};

#[derive(Debug, Clone)]
pub struct LlmOptions {
    pub backend: LlmBackend,
    pub mode: LlmMode,
    /// `--llm-send values`: raw sampled values go into classification prompts.
    pub send_values: bool,
}

/// The client for one command, and the report of what it was asked.
pub struct LlmStage {
    client: Box<dyn Llm>,
    /// Where finished pools are kept (the answer cache, or the replay folder).
    pool_store: Option<PathBuf>,
    mode: LlmMode,
    send_values: bool,
    model: String,
    report: LlmReport,
    warnings: Vec<String>,
}

impl LlmStage {
    pub fn new(opts: &LlmOptions) -> Result<LlmStage> {
        let client: Box<dyn Llm> = match &opts.backend {
            LlmBackend::Http(cfg) => Box::new(
                HttpLlm::new(cfg.clone()).map_err(|e| Error::config(format!("--llm-url: {e}")))?,
            ),
            LlmBackend::Replay { dir, model } => Box::new(ReplayLlm::new(dir.clone(), model)),
        };
        let (url, model) = client.describe();
        let pool_store = match &opts.backend {
            LlmBackend::Http(cfg) => cfg.cache_dir.clone(),
            LlmBackend::Replay { dir, .. } => Some(dir.clone()),
        };
        Ok(LlmStage {
            pool_store,
            report: LlmReport {
                url,
                model: model.clone(),
                mode: opts.mode,
                send: if opts.send_values {
                    LlmSend::Values
                } else {
                    LlmSend::Shapes
                },
                ..LlmReport::default()
            },
            client,
            mode: opts.mode,
            send_values: opts.send_values,
            model,
            warnings: Vec::new(),
        })
    }

    /// Whether raw values were sent (the report must then say `raw_values_included`).
    pub fn sends_values(&self) -> bool {
        self.send_values
    }

    /// Votes on every column of every input that the rules left unsettled (see
    /// [`vote::needs_vote`]), all prompts at once, and folds the answers into the findings.
    pub fn classify(
        &mut self,
        inputs: &mut [(String, &DataFrame, &mut Vec<ColumnFinding>)],
        rules: &RuleSet,
        sample_size: usize,
    ) -> Result<()> {
        struct Asked {
            input: usize,
            finding: usize,
            sample: Vec<String>,
            sent: LlmSent,
        }
        let mut asked = Vec::new();
        for (i, (_, df, findings)) in inputs.iter().enumerate() {
            for (j, f) in findings.iter().enumerate() {
                if !vote::needs_vote(f, rules) {
                    continue;
                }
                let Ok(col) = df.column(&f.column) else {
                    continue;
                };
                let sample = detect::sample(col, sample_size);
                let sent = vote::describe_column(col, &sample, self.send_values);
                asked.push(Asked {
                    input: i,
                    finding: j,
                    sample,
                    sent,
                });
            }
        }
        if asked.is_empty() {
            return Ok(());
        }
        let trusted = self.quiz();
        let prompts: Vec<Prompt> = asked.iter().map(|a| classify_prompt(&a.sent)).collect();
        let answers = self.client.ask(&prompts);
        let mut failed = Vec::new();
        for (a, answer) in asked.into_iter().zip(answers) {
            let (input, f) = {
                let (name, _, findings) = &mut inputs[a.input];
                (name.clone(), &mut findings[a.finding])
            };
            let mut entry = LlmColumn {
                input: input.clone(),
                column: f.column.clone(),
                task: LlmTask::Classify,
                prompt: vote::classify_user(&a.sent),
                sent: a.sent,
                vote: None,
                outcome: String::new(),
            };
            match answer.map(|ans| vote::parse_vote(&ans.value)) {
                Ok(Some(v)) if !trusted => {
                    let why = self.untrusted_why();
                    f.evidence.push(format!(
                        "LLM ({}) votes {}; not adopted: {why}",
                        self.model, v.kind
                    ));
                    entry.outcome = format!("not adopted: {why}");
                    entry.vote = Some(v);
                }
                Ok(Some(mut v)) => {
                    entry.outcome =
                        vote::combine(f, &mut v, &a.sample, rules, &self.model, &entry.sent);
                    entry.vote = Some(v);
                }
                Ok(None) => {
                    entry.outcome = "no usable answer: rules-only result kept".into();
                    failed.push((
                        input,
                        f.column.clone(),
                        "an answer outside the closed list".to_string(),
                    ));
                }
                Err(e) => {
                    entry.outcome = format!("no answer ({e}): rules-only result kept");
                    failed.push((input, f.column.clone(), e.to_string()));
                }
            }
            self.report.columns.push(entry);
        }
        if let Some((input, column, why)) = failed.first() {
            if self.mode == LlmMode::Required {
                return Err(Error::External(format!(
                    "LLM required but unavailable: {input}: column '{column}': {why}"
                )));
            }
            self.warnings.push(format!(
                "LLM: {} of the columns put to a vote got no answer (first: {input}: '{column}': {why}); rules-only results are used for them",
                failed.len()
            ));
        }
        Ok(())
    }

    /// Puts masq's labelled test columns to the model once per command (answers are cached
    /// like any other, so once per model in practice) and says whether its votes can be
    /// trusted. A model that cannot answer is not trusted either.
    fn quiz(&mut self) -> bool {
        if let Some(q) = &self.report.quiz {
            return q.passed;
        }
        let columns = vote::quiz_columns();
        let prompts: Vec<Prompt> = columns
            .iter()
            .map(|(sent, _)| classify_prompt(sent))
            .collect();
        let answers = self.client.ask(&prompts);
        let right = columns
            .iter()
            .zip(answers)
            .filter(|((_, expected), answer)| {
                let voted = answer
                    .as_ref()
                    .ok()
                    .and_then(|a| vote::parse_vote(&a.value))
                    .map(|v| v.kind);
                voted.as_deref() == Some(expected.map_or("none", |k| k.as_str()))
            })
            .count();
        let quiz = crate::report::LlmQuiz {
            asked: columns.len(),
            right,
            needed: vote::QUIZ_PASS,
            passed: right >= vote::QUIZ_PASS,
        };
        if !quiz.passed {
            self.warnings.push(format!(
                "LLM: {} is not trusted: {}; its votes are recorded, not adopted",
                self.model,
                quiz_words(&quiz)
            ));
        }
        let passed = quiz.passed;
        self.report.quiz = Some(quiz);
        passed
    }

    fn untrusted_why(&self) -> String {
        self.report
            .quiz
            .as_ref()
            .map_or_else(|| "the model was not vetted".into(), quiz_words)
    }

    /// Builds the candidate pool of one `llm` column. `None` means: fall back to rules (a
    /// warning says why); in required mode that is an error (exit 3) instead.
    pub fn pool(
        &mut self,
        input: &str,
        spec: &PoolSpec,
        distinct: usize,
        sent: LlmSent,
        is_original: &dyn Fn(&str) -> bool,
        fallback: &str,
    ) -> Result<Option<Pool>> {
        use crate::transform::pool as pools;
        // A pool stored by an earlier run or file with this column: the same surrogates again.
        let key = pools::pool_key(&self.model, spec);
        let stored: Option<Vec<String>> = self
            .pool_store
            .as_deref()
            .and_then(|dir| crate::llm::stored(dir, &key, &self.model))
            .and_then(|v| serde_json::from_value(v).ok());
        let (pool, mut outcome) = match stored {
            Some(values) => {
                let before = values.len();
                let rule = pools::FormatRule::new(spec);
                let values: Vec<String> = values
                    .into_iter()
                    .filter(|v| rule.fits(v) && !is_original(v))
                    .collect();
                let msg = format!(
                    "{} candidates from the stored pool of this column (no request; {} turned away for this input)",
                    values.len(),
                    before - values.len()
                );
                let pool = Pool {
                    values,
                    rejected: Default::default(),
                    requests: 0,
                    error: None,
                };
                (pool, msg)
            }
            None => {
                let pool = pools::build_pool(self.client.as_ref(), spec, is_original);
                let r = &pool.rejected;
                let msg = format!(
                    "{} valid candidates of {} wanted from {} requests (turned away: {} off-format, {} equal to or containing an original, {} duplicates)",
                    pool.values.len(),
                    spec.target,
                    pool.requests,
                    r.format,
                    r.original,
                    r.duplicate
                );
                if pool.usable(spec.target, distinct)
                    && let Some(dir) = &self.pool_store
                    && crate::llm::store(dir, &key, &self.model, &serde_json::json!(pool.values))
                        .is_err()
                {
                    self.warnings.push(format!(
                        "LLM: could not store the pool of column '{}' in {} (the next run asks again)",
                        spec.column,
                        dir.display()
                    ));
                }
                (pool, msg)
            }
        };
        let usable = pool.usable(spec.target, distinct);
        if !usable {
            let why = match &pool.error {
                Some(e) => format!("the model failed ({e})"),
                None => "too few valid candidates".into(),
            };
            if self.mode == LlmMode::Required {
                return Err(Error::External(format!(
                    "LLM required but unavailable: {input}: column '{}': {why}",
                    spec.column
                )));
            }
            outcome.push_str(&format!("; fell back to {fallback}: {why}"));
            self.warnings.push(format!(
                "LLM: {input}: column '{}': fell back to {fallback} ({why})",
                spec.column
            ));
        }
        self.report.columns.push(LlmColumn {
            input: input.into(),
            column: spec.column.clone(),
            task: LlmTask::Generate,
            prompt: crate::transform::pool::first_prompt(spec).user,
            sent,
            vote: None,
            outcome,
        });
        Ok(usable.then_some(pool))
    }

    /// The report section and the warnings for the run's report.
    pub fn finish(mut self) -> (LlmReport, Vec<String>) {
        self.report.usage = self.client.usage();
        (self.report, self.warnings)
    }
}

/// "it classified 2 of masq's 7 test columns right (6 needed)".
fn quiz_words(q: &crate::report::LlmQuiz) -> String {
    format!(
        "it classified {} of masq's {} test columns right ({} needed)",
        q.right, q.asked, q.needed
    )
}

/// The classification prompt for one column described by what may be sent about it.
fn classify_prompt(sent: &LlmSent) -> Prompt {
    Prompt {
        system: vote::CLASSIFY_SYSTEM.into(),
        user: vote::classify_user(sent),
        schema_name: "column_kind".into(),
        schema: vote::classify_schema(),
        max_tokens: 200,
        temperature: 0.0,
    }
}
