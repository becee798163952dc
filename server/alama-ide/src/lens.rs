//! The lenses at the top of an open document: where its annotation stands
//! (how many mentions are confirmed, how many suggested, its review state)
//! and the decisions on the whole document (accepting every suggestion,
//! setting the review state).

use std::path::Path;

use alama_core::engine::Status;
use alama_core::review::State;

use crate::workspace::{review, Command, Workspace};

/// The counts and review state of an open document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub confirmed: usize,
    pub suggested: usize,
    /// `None` when the file of review states cannot be read.
    pub review: Option<State>,
}

impl Summary {
    /// One line for the annotator: `12 confirmed · 5 suggestions · in
    /// progress`, the state in the words of `alama status` and of the
    /// "Mark this document as …" actions.
    pub fn title(&self) -> String {
        let suggestions = if self.suggested == 1 {
            "suggestion"
        } else {
            "suggestions"
        };
        let review = self.review.map_or("review state unknown", State::words);
        format!(
            "{} confirmed · {} {suggestions} · {review}",
            self.confirmed, self.suggested
        )
    }
}

/// What a lens does when the annotator picks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LensAction {
    /// Nothing: the lens only says something.
    None,
    /// Runs a command of the server.
    Run(Command),
    /// Asks the annotator which review state to set, then sets it: only
    /// the client can ask, so the client runs it.
    ChooseReviewState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lens {
    pub title: String,
    pub action: LensAction,
}

/// The counts and review state of the open document `path`, or `None` when
/// it is not open in `workspace`.
pub fn summary(workspace: &Workspace, path: &Path) -> Option<Summary> {
    let (_, mentions) = workspace.open_document(path)?;
    let count = |status| mentions.iter().filter(|m| m.status == status).count();
    let relative = workspace.relative_path(path)?;
    let review = review::read_reviews(workspace.root())
        .ok()
        .map(|(reviews, _)| reviews.state(&relative));
    Some(Summary {
        confirmed: count(Status::Confirmed),
        suggested: count(Status::Suggested),
        review,
    })
}

/// The lenses of the open document `path`: its summary, then accepting all
/// its suggestions (when it has some), then setting its review state. None
/// when it is not open in `workspace`.
pub fn lenses(workspace: &Workspace, path: &Path) -> Vec<Lens> {
    let Some(summary) = summary(workspace, path) else {
        return Vec::new();
    };
    let mut lenses = vec![Lens {
        title: summary.title(),
        action: LensAction::None,
    }];
    if summary.suggested > 0 {
        lenses.push(Lens {
            title: "Accept all suggestions".to_owned(),
            action: LensAction::Run(Command::AcceptAll {
                document: Some(path.to_owned()),
                key: None,
            }),
        });
    }
    lenses.push(Lens {
        title: "Set review state…".to_owned(),
        action: LensAction::ChooseReviewState,
    });
    lenses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_count_in_words() {
        let title = |confirmed, suggested, review| {
            Summary {
                confirmed,
                suggested,
                review,
            }
            .title()
        };
        assert_eq!(
            title(12, 5, Some(State::InProgress)),
            "12 confirmed · 5 suggestions · in progress"
        );
        assert_eq!(
            title(0, 1, Some(State::Todo)),
            "0 confirmed · 1 suggestion · to do"
        );
        assert_eq!(
            title(1, 0, Some(State::Done)),
            "1 confirmed · 0 suggestions · done"
        );
        assert_eq!(
            title(3, 2, None),
            "3 confirmed · 2 suggestions · review state unknown"
        );
    }
}
