//! Work split over the cores. Bulk maps and sorts run on rayon's pool,
//! which `alama tag` and the Python package also run documents on, so that
//! work nested in a document's (the pieces of a long one) shares the cores
//! with the other documents rather than starting threads of its own; a
//! request of the language server, which must not wait behind the pool's
//! queued work, splits its few large parts over threads of their own (see
//! [`map`]). The A/B of scoped threads against rayon is in
//! docs/BENCHMARKS.md.

use std::cmp::Ordering;
use std::sync::OnceLock;

use rayon::prelude::*;

/// The cores available, at least one.
pub fn cores() -> usize {
    // Asked once: on Linux the answer reads cgroup files, a cost that
    // would otherwise fall on every keystroke.
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |cores| cores.get()))
}

/// `work` done on each item, results in order: a few large parts of work
/// (the pieces of a long document, the tries of a large name set). A single
/// item is done on the calling thread. On a thread of rayon's pool (a
/// document of `alama tag` or of the Python package's `tag_many`) the items
/// go to the pool, which the other documents share; on any other thread
/// (a request of the language server) each item gets a scoped thread of
/// its own, so that the request never waits behind work queued in the pool
/// (indexing, a recount of the corpus). A panic in `work` goes on in the
/// caller.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if let [item] = items {
        return vec![work(item)];
    }
    if rayon::current_thread_index().is_some() {
        return map_each(items, work);
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

/// `work` done on each item on rayon's pool, which splits the items among
/// its threads as they become free; results in order, collected into a
/// vector allocated once.
pub fn map_each<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    items.par_iter().map(&work).collect()
}

/// Drops `value` on a thread of its own, which nothing waits for: for
/// values of many allocations made on other threads, slow to free (or on
/// the calling thread if no thread can be started).
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // A failed spawn drops the closure, and the value with it, here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Sorts `items` by `compare`, not stably, on rayon's pool.
pub fn sort_unstable_by<T: Send>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering + Sync) {
    items.par_sort_unstable_by(compare);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers in a scrambled order, more than rayon sorts on one thread.
    fn scrambled() -> Vec<u64> {
        (0..150_000u64)
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
    }

    #[test]
    fn map_each_keeps_the_order_of_the_items() {
        let items = scrambled();
        let doubled: Vec<u64> = items.iter().map(|i| i * 2).collect();
        assert_eq!(map_each(&items, |i| i * 2), doubled);
        assert_eq!(map(&items[..1], |i| i * 2), doubled[..1]);
        assert_eq!(map_each(&[] as &[u64], |i| i * 2), Vec::<u64>::new());
    }

    #[test]
    fn map_keeps_the_order_inside_and_outside_the_pool() {
        let items: Vec<u64> = (0..5).collect();
        let doubled = vec![0, 2, 4, 6, 8];
        assert_eq!(map(&items, |i| i * 2), doubled);
        let in_pool = rayon::scope(|_| {
            assert!(rayon::current_thread_index().is_some());
            map(&items, |i| i * 2)
        });
        assert_eq!(in_pool, doubled);
    }
}
