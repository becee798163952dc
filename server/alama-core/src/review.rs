//! The review state of each document: a sidecar file of the project.
//!
//! `.alama/status.tsv` holds one line per document whose state was set:
//!
//! ```text
//! # path<TAB>state<TAB>who<TAB>when
//! news/a.txt<TAB>done<TAB>amal<TAB>2026-12-07T10:41:00Z
//! ```
//!
//! `path` is the document relative to the project root with `/`
//! separators; `state` is `todo`, `in-progress` or `done`; `who` is the
//! annotator who set it and `when` the time, in UTC. A document without a
//! line is to do. Tabs and line breaks in a field are written as spaces.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::DataError;

/// The file's header line.
const HEADER: &str = "# path\tstate\twho\twhen";

/// Where a document stands in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    Todo,
    InProgress,
    Done,
}

impl State {
    pub const ALL: [State; 3] = [State::Todo, State::InProgress, State::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Todo => "todo",
            State::InProgress => "in-progress",
            State::Done => "done",
        }
    }

    /// How the state reads in a sentence: "in progress".
    pub fn words(self) -> &'static str {
        match self {
            State::Todo => "to do",
            State::InProgress => "in progress",
            State::Done => "done",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for State {
    type Err = String;

    /// Reads `todo`, `in-progress` (or `in progress`) and `done`.
    fn from_str(s: &str) -> Result<State, String> {
        match s.trim() {
            "todo" => Ok(State::Todo),
            "in-progress" | "in progress" => Ok(State::InProgress),
            "done" => Ok(State::Done),
            other => Err(format!(
                "unknown review state {other:?}: expected todo, in-progress or done"
            )),
        }
    }
}

/// A document's review state, who set it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub state: State,
    pub who: String,
    /// A UTC time, as RFC 3339 writes it.
    pub when: String,
}

/// The review states of a project, by document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reviews {
    by_document: BTreeMap<String, Review>,
}

impl Reviews {
    /// Parses the content of `file`; malformed lines are reported and
    /// skipped. A document named twice keeps its last line.
    pub fn parse(file: &str, content: &str) -> (Reviews, Vec<DataError>) {
        let mut reviews = Reviews::default();
        let mut errors = Vec::new();
        for (number, line) in content.lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let error = |message: String| DataError {
                file: file.to_owned(),
                line: number + 1,
                message,
            };
            let [path, state, who, when] = fields[..] else {
                errors.push(error(
                    "expected path, state, who and when separated by tabs".to_owned(),
                ));
                continue;
            };
            match state.parse() {
                Ok(state) if !path.is_empty() => {
                    reviews.by_document.insert(
                        path.to_owned(),
                        Review {
                            state,
                            who: who.to_owned(),
                            when: when.to_owned(),
                        },
                    );
                }
                Ok(_) => errors.push(error("the path is empty".to_owned())),
                Err(message) => errors.push(error(message)),
            }
        }
        (reviews, errors)
    }

    /// The review of `document`, if its state was set.
    pub fn get(&self, document: &str) -> Option<&Review> {
        self.by_document.get(document)
    }

    /// The state of `document`: to do unless set.
    pub fn state(&self, document: &str) -> State {
        self.get(document).map_or(State::Todo, |r| r.state)
    }

    /// Sets the review of `document`.
    pub fn set(&mut self, document: &str, review: Review) {
        self.by_document.insert(document.to_owned(), review);
    }

    /// The documents with their reviews, in order of their paths.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Review)> {
        self.by_document.iter().map(|(path, r)| (path.as_str(), r))
    }

    /// The file's content, documents in order.
    pub fn render(&self) -> String {
        let field = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let mut out = format!("{HEADER}\n");
        for (path, review) in &self.by_document {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                field(path),
                review.state,
                field(&review.who),
                field(&review.when),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_are_read_back_as_written_and_bad_lines_are_reported() {
        let content = "# path\tstate\twho\twhen\n\
                       news/a.txt\tdone\tamal\t2026-12-07T10:41:00Z\r\n\
                       b.txt\tin progress\tsam\t2026-12-07T11:00:00Z\n\
                       c.txt\tfinished\tsam\tx\n\
                       d.txt\tdone\n";
        let (reviews, errors) = Reviews::parse("status.tsv", content);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "status.tsv:4: unknown review state \"finished\": expected todo, in-progress or done",
                "status.tsv:5: expected path, state, who and when separated by tabs",
            ]
        );
        assert_eq!(reviews.state("news/a.txt"), State::Done);
        assert_eq!(reviews.state("b.txt"), State::InProgress);
        assert_eq!(reviews.state("never.txt"), State::Todo);
        assert_eq!(
            reviews.render(),
            "# path\tstate\twho\twhen\n\
             b.txt\tin-progress\tsam\t2026-12-07T11:00:00Z\n\
             news/a.txt\tdone\tamal\t2026-12-07T10:41:00Z\n"
        );
        let (again, errors) = Reviews::parse("status.tsv", &reviews.render());
        assert!(errors.is_empty());
        assert_eq!(again, reviews);
    }

    #[test]
    fn a_field_cannot_break_its_line() {
        let mut reviews = Reviews::default();
        let review = Review {
            state: State::Done,
            who: "a\tb\nc".to_owned(),
            when: "now".to_owned(),
        };
        reviews.set("x.txt", review);
        let (read, errors) = Reviews::parse("status.tsv", &reviews.render());
        assert!(errors.is_empty());
        assert_eq!(read.get("x.txt").unwrap().who, "a b c");
    }
}
