//! One reader per format. Each turns a file's text into [`Facts`].

pub mod code;
pub mod dockerfile;
pub mod dotenv;
pub mod json_env;
pub mod lang;
pub mod laravel;
pub mod lexer;
pub mod markdown;
pub mod notebook;
pub mod pydantic;
pub mod rust;
pub mod shell;
pub mod template;
pub mod toml;
pub mod yaml;

use crate::classify::Format;
use crate::facts::Facts;
use lexer::Syntax;

pub fn read(format: Format, text: &str) -> Facts {
    match format {
        Format::Dotenv => dotenv::read(text),
        Format::Properties => dotenv::read_properties(text),
        Format::Yaml => yaml::read(text),
        Format::Toml => toml::read(text),
        Format::Json => code::read(text, Syntax::C_LIKE),
        Format::Notebook => notebook::read(text),
        Format::Markdown => markdown::read(text),
        Format::Python => {
            let mut facts = code::read(text, Syntax::PYTHON);
            pydantic::read(text, &mut facts);
            facts
        }
        Format::JavaScript => {
            let mut facts = code::read(text, Syntax::JS);
            template::sveltekit_imports(text, &mut facts);
            facts
        }
        Format::Go => code::read(text, Syntax::GO),
        Format::Rust => rust::read(text),
        Format::CLike => code::read(text, Syntax::C_LIKE),
        Format::HashComment => code::read(text, Syntax::HASH),
        Format::Shell => shell::read(text),
        Format::Dockerfile => dockerfile::read(text),
        Format::Plain => Facts::default(),
    }
}
