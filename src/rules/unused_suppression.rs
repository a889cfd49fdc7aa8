//! unused-suppression: an `xai-lint: allow(…)` comment that suppresses nothing, names a rule
//! xai-lint does not have, or gives no reason. Judged by the project pass once every finding of
//! the file has been matched against the file's suppressions (`suppress::problem`).

use crate::finding::Finding;
use crate::ruledoc::RuleId;
use crate::suppress::Suppression;

/// The finding for a suppression comment with a problem.
pub fn finding(file: &str, s: &Suppression, problem: String) -> Finding {
    let message = format!("{problem}: {}", RuleId::UnusedSuppression.doc().message);
    Finding::new(
        RuleId::UnusedSuppression,
        file,
        (s.line, s.column),
        (s.line, s.column),
        message.clone(),
        String::new(),
        &[&message],
    )
}
