//! A vector filled without a branch on which items it keeps.

/// Items pushed with whether to keep each: every item is written, and the
/// length moves on only for those kept. A branch on an answer that changes
/// every few items (a word's bound, a filter's yes) is mispredicted at
/// most of them; this one only when the storage grows.
pub(crate) struct FilteredVec<T> {
    items: Vec<T>,
    len: usize,
}

impl<T: Copy> FilteredVec<T> {
    pub(crate) fn new() -> FilteredVec<T> {
        FilteredVec::with_capacity(0)
    }

    /// Room for `capacity` items before the storage grows.
    pub(crate) fn with_capacity(capacity: usize) -> FilteredVec<T> {
        FilteredVec {
            items: Vec::with_capacity(capacity),
            len: 0,
        }
    }

    #[inline(always)]
    pub(crate) fn push_if(&mut self, item: T, keep: bool) {
        if self.len == self.items.len() {
            let len = self.items.capacity().max(self.len * 2 + 64);
            self.items.resize(len, item);
        }
        self.items[self.len] = item;
        self.len += usize::from(keep);
    }

    /// The items kept, in order.
    pub(crate) fn into_vec(mut self) -> Vec<T> {
        self.items.truncate(self.len);
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_items_pushed_to_keep_in_order() {
        let mut kept = FilteredVec::new();
        let mut sized = FilteredVec::with_capacity(10);
        for i in 0..1000 {
            kept.push_if(i, i % 3 == 0);
            sized.push_if(i, i % 3 == 0);
        }
        let expected: Vec<i32> = (0..1000).filter(|i| i % 3 == 0).collect();
        assert_eq!(kept.into_vec(), expected);
        assert_eq!(sized.into_vec(), expected);
        assert_eq!(FilteredVec::<u8>::new().into_vec(), Vec::<u8>::new());
    }
}
