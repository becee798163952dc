//! Work split over the cores on scoped threads: the core has no thread
//! pool of its own (`alama tag` runs documents on rayon, the server on
//! tokio), and its parallel work is a few large parts at a time.

use std::cmp::Ordering;
use std::sync::OnceLock;

/// The cores available, at least one.
pub fn cores() -> usize {
    // Asked once: on Linux the answer reads cgroup files, a cost that
    // would otherwise fall on every keystroke.
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |cores| cores.get()))
}

/// `work` done on each item, one scoped thread per item, results in order.
/// A single item is done on the calling thread. A panic in `work` goes on
/// in the caller.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if let [item] = items {
        return vec![work(item)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let threads: Vec<_> = items
            .iter()
            .map(|item| scope.spawn(move || work(item)))
            .collect();
        threads
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `work` done on each item, the items cut into one part per core; results
/// in order.
pub fn map_each<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let parts: Vec<&[T]> = items.chunks(items.len().div_ceil(cores()).max(1)).collect();
    let results = map(&parts, |part| part.iter().map(&work).collect::<Vec<_>>());
    // Allocated at once: collecting the flattened parts would grow it by
    // doubling, copying every result again and touching new memory each time.
    let mut all = Vec::with_capacity(items.len());
    for part in results {
        all.extend(part);
    }
    all
}

/// Drops `value` on a thread of its own, which nothing waits for: for
/// values of many allocations made on other threads, slow to free (or on
/// the calling thread if no thread can be started).
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // A failed spawn drops the closure, and the value with it, here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Sorts `items` by `compare`, not stably, on every core: the items are
/// split around their median, so that the halves sort apart with no merge
/// (a merge of the sorted halves, on one thread, took as long as sorting them).
pub fn sort_unstable_by<T: Send>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering + Sync) {
    sort_in_parts(items, cores(), &compare);
}

fn sort_in_parts<T: Send>(
    items: &mut [T],
    parts: usize,
    compare: &(impl Fn(&T, &T) -> Ordering + Sync),
) {
    if parts < 2 || items.len() < 2 * PARALLEL_SORT_ITEMS {
        items.sort_unstable_by(compare);
        return;
    }
    let middle = items.len() / 2;
    items.select_nth_unstable_by(middle, compare);
    let (low, high) = items.split_at_mut(middle);
    std::thread::scope(|scope| {
        scope.spawn(|| sort_in_parts(low, parts / 2, compare));
        sort_in_parts(high, parts - parts / 2, compare);
    });
}

/// Items below which a sort part stays on its thread.
const PARALLEL_SORT_ITEMS: usize = 50_000;

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers in a scrambled order, more than one part's worth.
    fn scrambled() -> Vec<u64> {
        (0..3 * PARALLEL_SORT_ITEMS as u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) % 10_007)
            .collect()
    }

    #[test]
    fn sort_unstable_by_sorts_as_the_standard_sort() {
        let mut items = scrambled();
        let mut expected = items.clone();
        expected.sort();
        sort_unstable_by(&mut items, u64::cmp);
        assert_eq!(items, expected);
        for parts in 1..6 {
            let mut items = scrambled();
            sort_in_parts(&mut items, parts, &u64::cmp);
            assert_eq!(items, expected, "{parts} parts");
        }
    }

    #[test]
    fn map_each_keeps_the_order_of_the_items() {
        let items = scrambled();
        let doubled: Vec<u64> = items.iter().map(|i| i * 2).collect();
        assert_eq!(map_each(&items, |i| i * 2), doubled);
        assert_eq!(map_each(&[] as &[u64], |i| i * 2), Vec::<u64>::new());
    }
}
