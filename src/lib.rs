//! xai-lint: finds xAI (Grok) API key mistakes before they are committed.
//!
//! Data flows one way: [`discover`] files → [`classify`] them → [`readers`] extract [`facts`] →
//! [`rules`] evaluate facts → [`report`] prints redacted findings.

pub mod baseline;
pub mod classify;
pub mod config;
pub mod discover;
pub mod engine;
pub mod facts;
pub mod finding;
pub mod fix;
pub mod git;
pub mod history;
pub mod hook;
pub mod keys;
pub mod names;
pub mod output;
pub mod project;
pub mod readers;
pub mod redact;
pub mod report;
pub mod ruledoc;
pub mod rules;
pub mod server;
pub mod source;
pub mod suppress;
pub mod usage;
pub mod verify;
