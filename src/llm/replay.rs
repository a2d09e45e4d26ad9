//! [`ReplayLlm`]: answers from recorded replies, for tests and offline runs. It sends nothing.
//!
//! A recording is a folder in the cache format (`<dir>/<cache_key>.json` =
//! `{"model": "...", "answer": <json>}`), so a folder filled by [`super::HttpLlm`] with
//! `cache_dir` pointing at it replays as is. Recorded answers are still checked against the
//! prompt's schema.

use std::path::PathBuf;
use std::sync::Mutex;

use super::LlmUsage;
use super::{Answer, Llm, LlmError, Prompt, cache, cache_key, check, compile_schema};

/// Recorded-reply model. See the module docs.
pub struct ReplayLlm {
    dir: PathBuf,
    model: String,
    usage: Mutex<LlmUsage>,
}

impl ReplayLlm {
    /// Replays the recordings in `dir` made for `model` (the model is part of the key).
    pub fn new(dir: impl Into<PathBuf>, model: impl Into<String>) -> Self {
        ReplayLlm {
            dir: dir.into(),
            model: model.into(),
            usage: Mutex::new(LlmUsage::default()),
        }
    }

    fn answer(&self, p: &Prompt) -> Result<Answer, LlmError> {
        let validator = compile_schema(p)?;
        let key = cache_key(&self.model, p);
        let value = cache::read(&self.dir, &key, &self.model).ok_or_else(|| {
            LlmError::Unreachable(format!(
                "no recorded reply {key}.json for model `{}`",
                self.model
            ))
        })?;
        check(&validator, &p.schema_name, &value)
            .map_err(|r| LlmError::Invalid(format!("recorded reply {key}.json: {}", r.reason)))?;
        Ok(Answer {
            value,
            cached: true,
        })
    }
}

impl Llm for ReplayLlm {
    fn ask(&self, prompts: &[Prompt]) -> Vec<Result<Answer, LlmError>> {
        let results: Vec<_> = prompts.iter().map(|p| self.answer(p)).collect();
        let mut u = self.usage.lock().unwrap_or_else(|e| e.into_inner());
        for r in &results {
            match r {
                Ok(_) => u.cache_hits += 1,
                Err(_) => u.failures += 1,
            }
        }
        results
    }

    fn usage(&self) -> LlmUsage {
        self.usage.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn describe(&self) -> (String, String) {
        (format!("replay:{}", self.dir.display()), self.model.clone())
    }
}
