//! Which files under a workspace root are documents of its corpus.

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Which files under the root are documents of the corpus.
#[derive(Debug, Clone)]
pub struct DocumentFilter {
    pub(super) include: GlobSet,
    pub(super) exclude: GlobSet,
    /// Documents larger than this, in bytes, are not read (nor opened).
    pub(super) max_size: Option<u64>,
}

impl DocumentFilter {
    /// Globs are matched against paths relative to the root, with `/`.
    pub fn new(include: &[String], exclude: &[String]) -> Result<DocumentFilter, globset::Error> {
        let set = |globs: &[String]| -> Result<GlobSet, globset::Error> {
            let mut builder = GlobSetBuilder::new();
            for glob in globs {
                builder.add(Glob::new(glob)?);
            }
            builder.build()
        };
        Ok(DocumentFilter {
            include: set(include)?,
            exclude: set(exclude)?,
            max_size: None,
        })
    }

    /// The same filter, but documents of more than `max_size` bytes are
    /// skipped with a message naming them.
    pub fn with_max_size(self, max_size: Option<u64>) -> DocumentFilter {
        DocumentFilter { max_size, ..self }
    }

    pub fn admits(&self, relative: &str) -> bool {
        self.include.is_match(relative) && !self.exclude.is_match(relative)
    }
}

impl Default for DocumentFilter {
    fn default() -> DocumentFilter {
        DocumentFilter::new(&["**/*.txt".to_owned()], &[]).expect("valid default glob")
    }
}
