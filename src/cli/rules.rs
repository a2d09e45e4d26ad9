//! `masq rules check [DIR]` and `masq rules list`.
//!
//! `check` compiles every pattern and runs every example and negative example — of the built-in
//! rules, or of the families in DIR — and exits 2 listing each failure.
//!
//! Example:
//!   masq rules check my-rules/

use super::stdout_text;
use clap::Subcommand;
use masq::error::{Error, Result, exit};
use masq::rules::RuleSet;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Compile every rule and run its examples and negative examples.
    Check {
        /// A folder of rule files; default: the built-in rules.
        dir: Option<PathBuf>,
    },
    /// List the rules in force (built-in plus --rules folders).
    List {
        /// Extra rule folder(s).
        #[arg(long = "rules", value_name = "DIR")]
        rules_dirs: Vec<PathBuf>,
    },
}

pub fn run(c: RulesCommand) -> Result<u8> {
    match c {
        RulesCommand::Check { dir } => {
            let set = match &dir {
                Some(d) => RuleSet::load_dir_only(d)?,
                None => RuleSet::builtin()?,
            };
            let problems = set.check();
            let examples: usize = set
                .rules
                .iter()
                .map(|r| r.def.examples.len() + r.def.negative_examples.len())
                .sum();
            if problems.is_empty() {
                stdout_text(&format!(
                    "ok: {} rules in {} families, {} examples and negative examples pass\n",
                    set.rules.len(),
                    set.families.len(),
                    examples
                ))?;
                Ok(exit::OK)
            } else {
                for p in &problems {
                    eprintln!("{p}");
                }
                Err(Error::config(format!("{} rule problem(s)", problems.len())))
            }
        }
        RulesCommand::List { rules_dirs } => {
            let set = RuleSet::load(&rules_dirs)?;
            let mut out = String::new();
            for r in &set.rules {
                out.push_str(&format!(
                    "{:<32} {:<15} {}\n",
                    r.def.id,
                    r.def.kind.as_str(),
                    r.def.description
                ));
            }
            stdout_text(&out)?;
            Ok(exit::OK)
        }
    }
}
