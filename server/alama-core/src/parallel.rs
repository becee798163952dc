//! Work split over the cores on scoped threads: the core has no thread
//! pool of its own (`alama tag` runs documents on rayon, the server on
//! tokio), and its parallel work is a few large parts at a time.

use std::sync::OnceLock;

/// The cores available, at least one.
pub fn cores() -> usize {
    // Asked once: on Linux the answer reads cgroup files, which cost a
    // keystroke some 0.2 ms.
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
