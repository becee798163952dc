//! Where each entity is written, in the form the names cache stores: an
//! entity is read from its line only when first asked for.

use crate::bytes::{put_number, ByteReader, SharedBytes};

/// Where an entity is written, and what is needed of it before it is read.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) line: LineRef,
    /// End of its id in the ids of [`Entries`]; the entry before ends where
    /// it starts.
    pub(super) id_end: usize,
    /// Whether it is a country or territory: see [`is_country`].
    pub(super) country: bool,
}

/// The entries of a lexicon and their ids one after another: made by its
/// loads, or read in place in the names cache's bytes, as
/// [`Lexicon::to_bytes`] writes them ([`ENTRY_BYTES`] each).
pub(super) enum Entries {
    Built {
        entries: Vec<Entry>,
        ids: String,
    },
    Cached {
        entries: SharedBytes,
        ids: SharedBytes,
    },
}

/// The bytes of an entry written out: its line's file and start, its line's
/// end, and its id's end with the country flag in the top bit.
pub(super) const ENTRY_BYTES: usize = 24;

impl Default for Entries {
    fn default() -> Entries {
        Entries::Built {
            entries: Vec::new(),
            ids: String::new(),
        }
    }
}

impl Entries {
    pub(super) fn len(&self) -> usize {
        match self {
            Entries::Built { entries, .. } => entries.len(),
            Entries::Cached { entries, .. } => entries.len() / ENTRY_BYTES,
        }
    }

    pub(super) fn get(&self, index: usize) -> Entry {
        match self {
            Entries::Built { entries, .. } => entries[index],
            Entries::Cached { entries, .. } => {
                let bytes = &entries[index * ENTRY_BYTES..][..ENTRY_BYTES];
                let mut input = ByteReader::new(bytes);
                let mut number = || input.number().unwrap_or_default();
                let (place, end, id) = (number(), number(), number());
                Entry {
                    line: LineRef {
                        file: (place >> 32) as u32,
                        start: place as u32,
                        end: end as u32,
                    },
                    id_end: (id & !(1 << 63)) as usize,
                    country: id >> 63 == 1,
                }
            }
        }
    }

    pub(super) fn ids(&self) -> &[u8] {
        match self {
            Entries::Built { ids, .. } => ids.as_bytes(),
            Entries::Cached { ids, .. } => ids,
        }
    }

    /// The id at `start..end` of the ids: empty in damaged bytes.
    pub(super) fn id(&self, start: usize, end: usize) -> &str {
        match self {
            Entries::Built { ids, .. } => &ids[start..end],
            Entries::Cached { ids, .. } => ids
                .get(start..end)
                .and_then(|id| std::str::from_utf8(id).ok())
                .unwrap_or_default(),
        }
    }

    /// The entries to load more after, read out of the cache's bytes first.
    pub(super) fn built(&mut self) -> (&mut Vec<Entry>, &mut String) {
        if let Entries::Cached { .. } = self {
            let len = self.len();
            let entries: Vec<Entry> = (0..len).map(|index| self.get(index)).collect();
            let mut ids = String::new();
            let mut start = 0;
            for entry in &entries {
                ids.push_str(self.id(start, entry.id_end));
                start = entry.id_end;
            }
            *self = Entries::Built { entries, ids };
        }
        match self {
            Entries::Built { entries, ids } => (entries, ids),
            Entries::Cached { .. } => unreachable!("built above"),
        }
    }
}

/// A line of a loaded file: the file's index and the line's bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineRef {
    pub(super) file: u32,
    pub(super) start: u32,
    pub(super) end: u32,
}

pub(super) fn put_line(out: &mut Vec<u8>, line: LineRef) {
    put_number(out, u64::from(line.file) << 32 | u64::from(line.start));
    put_number(out, u64::from(line.end));
}
