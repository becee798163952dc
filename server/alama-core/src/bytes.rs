//! Bytes read without a copy, and the little format they are written in:
//! numbers as eight bytes, little-endian, and byte strings after their
//! length. The names cache writes its files so ([`crate::name_cache`]), and
//! the gazetteer, the lexicon and the double arrays read their parts back
//! from the shared bytes of such a file.

use std::ops::{Deref, Range};
use std::sync::Arc;

/// Appends `value` as the 8 bytes [`ByteReader::number`] reads.
pub(crate) fn put_number(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// Appends `bytes` after their length, as [`ByteReader::bytes`] reads them.
pub(crate) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_number(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Bytes shared by what is read from them without a copy: a cache file's
/// mapped pages, or a buffer.
#[derive(Clone)]
pub(crate) struct SharedBytes {
    owner: Owner,
    range: Range<usize>,
}

#[derive(Clone)]
enum Owner {
    Mapped(Arc<memmap2::Mmap>),
    Buffer(Arc<Vec<u8>>),
    Static(&'static [u8]),
}

impl SharedBytes {
    /// The pages of a mapped file from `range` on.
    pub(crate) fn mapped(bytes: memmap2::Mmap, range: Range<usize>) -> SharedBytes {
        SharedBytes {
            owner: Owner::Mapped(Arc::new(bytes)),
            range,
        }
    }

    /// The bytes of `file`, built into the program, over `range`.
    pub(crate) fn from_static(file: &'static [u8], range: Range<usize>) -> SharedBytes {
        SharedBytes {
            owner: Owner::Static(file),
            range,
        }
    }

    /// `part`, a slice of these bytes, as bytes shared with them.
    pub(crate) fn share(&self, part: &[u8]) -> Option<SharedBytes> {
        let offset = (part.as_ptr() as usize).checked_sub(self.as_ptr() as usize)?;
        let end = offset.checked_add(part.len())?;
        (end <= self.len()).then(|| SharedBytes {
            owner: self.owner.clone(),
            range: self.range.start + offset..self.range.start + end,
        })
    }
}

impl From<Vec<u8>> for SharedBytes {
    fn from(bytes: Vec<u8>) -> SharedBytes {
        SharedBytes {
            range: 0..bytes.len(),
            owner: Owner::Buffer(Arc::new(bytes)),
        }
    }
}

impl Deref for SharedBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        let all: &[u8] = match &self.owner {
            Owner::Mapped(bytes) => bytes,
            Owner::Buffer(bytes) => bytes,
            Owner::Static(bytes) => bytes,
        };
        // Ranges are made within their owner's bytes.
        all.get(self.range.clone()).unwrap_or_default()
    }
}

/// Reads the numbers and byte strings of a cached body.
pub(crate) struct ByteReader<'b>(&'b [u8]);

impl<'b> ByteReader<'b> {
    pub(crate) fn new(bytes: &'b [u8]) -> ByteReader<'b> {
        ByteReader(bytes)
    }

    pub(crate) fn number(&mut self) -> Option<u64> {
        let (head, rest) = self.0.split_first_chunk::<8>()?;
        self.0 = rest;
        Some(u64::from_le_bytes(*head))
    }

    pub(crate) fn bytes(&mut self) -> Option<&'b [u8]> {
        let len = usize::try_from(self.number()?).ok()?;
        self.take(len)
    }

    /// The next `len` bytes, as they are.
    pub(crate) fn take(&mut self, len: usize) -> Option<&'b [u8]> {
        let (head, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        Some(head)
    }

    /// A count, then that many items read by `item`, into a vector
    /// allocated once: a count beyond the bytes left (8 at least per item)
    /// reserves no more than they can hold.
    pub(crate) fn list<U>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<U>,
    ) -> Option<Vec<U>> {
        let len = usize::try_from(self.number()?).ok()?;
        let mut items = Vec::with_capacity(len.min(self.remaining() / 8));
        for _ in 0..len {
            items.push(item(self)?);
        }
        Some(items)
    }

    pub(crate) fn remaining(&self) -> usize {
        self.0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_bytes_share_only_their_own_parts() {
        let bytes = SharedBytes::from(b"entities names".to_vec());
        let names = bytes.share(&bytes[9..]).expect("a part");
        assert_eq!(&*names, b"names");
        assert_eq!(&*names.share(&names[1..3]).expect("a part"), b"am");
        assert!(names.share(&bytes[..5]).is_none());
        assert!(names.share(b"names").is_none());
    }

    #[test]
    fn numbers_and_byte_strings_read_back_in_order() {
        let mut out = Vec::new();
        put_number(&mut out, 7);
        put_bytes(&mut out, "بغداد".as_bytes());
        put_number(&mut out, u64::MAX);
        let mut input = ByteReader::new(&out);
        assert_eq!(input.number(), Some(7));
        assert_eq!(input.bytes(), Some("بغداد".as_bytes()));
        assert_eq!(input.number(), Some(u64::MAX));
        assert_eq!((input.remaining(), input.number()), (0, None));
        // A length beyond the end reads nothing.
        let mut input = ByteReader::new(&out[..12]);
        input.number();
        assert_eq!(input.bytes(), None);
    }

    #[test]
    fn lists_read_back_and_a_count_beyond_the_end_reads_none() {
        let mut out = Vec::new();
        put_number(&mut out, 3);
        for value in [5, 6, 7] {
            put_number(&mut out, value);
        }
        assert_eq!(
            ByteReader::new(&out).list(ByteReader::number),
            Some(vec![5, 6, 7])
        );
        // A damaged count: no huge allocation, no items.
        out[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(ByteReader::new(&out).list(ByteReader::number), None);
    }
}
