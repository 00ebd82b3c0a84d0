//! How many threads a batch operation may use — the one thread setting of jiesu, for Rust, C
//! and Python alike — and the runner that splits a batch over them.
//!
//! Batch operations ([`calendar::batch`](crate::calendar::batch), [`Parallelism::try_map`])
//! take a [`Parallelism`]. The C library and the Python package pass
//! [`Parallelism::from_env`] on every batch call: the environment variable
//! **`JIESU_NUM_THREADS`** ([`NUM_THREADS_VAR`]) is the only thread setting of both layers, read
//! in this one place. Unset (or not a positive integer), a batch uses the available cores, at
//! most [`MAX_THREADS`]; `JIESU_NUM_THREADS=1` keeps every batch on the calling thread (for a
//! process that already runs one task per core: Dask, Spark, a server's worker pool).
//!
//! The batch and its threads live here, in the core; the bindings only call it. A batch shorter
//! than the operation's threshold (for the calendar, [`calendar::batch::MIN_PARALLEL`](crate::calendar::batch::MIN_PARALLEL)
//! elements) always stays on the calling thread. A longer one is cut into blocks (many more
//! than threads) that the calling thread and `threads - 1` helpers claim in index order: when
//! another process holds one of the cores, the calling thread simply takes more blocks, so the
//! call is never held up by a fixed share waiting for a busy core. Errors are those of a
//! sequential loop: the failing element with the smallest index.
//!
//! **The helpers are a persistent pool** (a [`rayon_core`] thread pool of jiesu's own, threads named
//! `jiesu-batch-N`; rayon's global pool, which the host program may configure, is not used).
//! It is the core's one piece of process-wide state, a deliberate exception to "no global
//! state" (README, "Decisions"): starting threads at every call cost more than it saved on
//! short batches and made the default slower than one thread. The pool is built at the first
//! batch that uses more than one thread — never under `JIESU_NUM_THREADS=1` — with as many
//! helpers as that batch needs, and rebuilt larger only when a later batch asks for more; its
//! threads sleep between batches. A child process forked after the pool was built (Python's
//! `multiprocessing`, whose parent threads do not exist in the child) builds a pool of its own
//! at its first parallel batch. If the threads cannot be started, the batch runs on the calling
//! thread. A program that unloads the library (`dlclose`) must not have used a parallel batch
//! (set `JIESU_NUM_THREADS=1`): the pool's threads run the library's code.
//!
//! # Example
//! ```
//! use jiesu::parallelism::Parallelism;
//!
//! // What the bindings pass: JIESU_NUM_THREADS, or the available cores.
//! let par = Parallelism::from_env();
//! assert!(par.max_threads() >= 1);
//! // Squares of 0..100 000 over up to 4 threads; short inputs stay on this thread.
//! let squares = Parallelism::threads(4).try_map((0..100_000i64).collect(), 1_000, |_, x| Ok(x * x))?;
//! assert_eq!(squares[300], 90_000);
//! # Ok::<(), jiesu::parallelism::BatchError>(())
//! ```

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::{Error, Result};

mod batch_error;

pub use batch_error::BatchError;

/// The environment variable read by [`Parallelism::from_env`]: the most threads one batch call
/// of the C library or the Python package may use (`1` = the calling thread only).
///
/// # Example
/// ```
/// assert_eq!(jiesu::parallelism::NUM_THREADS_VAR, "JIESU_NUM_THREADS");
/// ```
pub const NUM_THREADS_VAR: &str = "JIESU_NUM_THREADS";

/// The most threads one batch call uses, whatever the setting: beyond this, a batch of the
/// calendar's O(1) operations is bound by memory, not by cores.
///
/// # Example
/// ```
/// use jiesu::parallelism::{Parallelism, MAX_THREADS};
/// assert_eq!(Parallelism::threads(1_000).max_threads(), MAX_THREADS);
/// ```
pub const MAX_THREADS: usize = 8;

/// Blocks per thread a batch is cut into: enough for the calling thread to take over the
/// share of a helper whose core is busy with another process.
const BLOCKS_PER_THREAD: usize = 32;

/// How many threads a batch call may use: [`AUTO`](Parallelism::AUTO) (the available cores,
/// at most [`MAX_THREADS`]) or an explicit count.
///
/// # Example
/// ```
/// use jiesu::parallelism::Parallelism;
/// assert_eq!(Parallelism::SEQUENTIAL.max_threads(), 1);
/// assert_eq!(Parallelism::threads(2).max_threads(), 2);
/// assert_eq!(Parallelism::threads(0), Parallelism::AUTO);
/// assert_eq!(Parallelism::default(), Parallelism::AUTO);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Parallelism {
    /// `None`: the available cores.
    threads: Option<NonZeroUsize>,
}

impl Parallelism {
    /// The available cores (`std::thread::available_parallelism`), at most [`MAX_THREADS`].
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::{Parallelism, MAX_THREADS};
    /// assert!((1..=MAX_THREADS).contains(&Parallelism::AUTO.max_threads()));
    /// ```
    pub const AUTO: Parallelism = Parallelism { threads: None };

    /// The calling thread only.
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// assert_eq!(Parallelism::SEQUENTIAL, Parallelism::threads(1));
    /// ```
    pub const SEQUENTIAL: Parallelism = Parallelism { threads: Some(NonZeroUsize::MIN) };

    /// At most `n` threads (at most [`MAX_THREADS`]); `0` means [`AUTO`](Parallelism::AUTO).
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// assert_eq!(Parallelism::threads(3).max_threads(), 3);
    /// ```
    pub fn threads(n: usize) -> Parallelism {
        Parallelism { threads: NonZeroUsize::new(n.min(MAX_THREADS)) }
    }

    /// The setting of this process: [`NUM_THREADS_VAR`] (`JIESU_NUM_THREADS`) as
    /// [`from_setting`](Parallelism::from_setting) reads it. Read at each call, so that a
    /// program (or a benchmark) may change it between batches; the C library and the Python
    /// package call this for every batch call.
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::{Parallelism, NUM_THREADS_VAR};
    /// let expected = Parallelism::from_setting(std::env::var(NUM_THREADS_VAR).ok().as_deref());
    /// assert_eq!(Parallelism::from_env(), expected);
    /// ```
    pub fn from_env() -> Parallelism {
        Parallelism::from_setting(std::env::var(NUM_THREADS_VAR).ok().as_deref())
    }

    /// The parallelism a value of `JIESU_NUM_THREADS` asks for: a positive integer `n` is
    /// [`threads(n)`](Parallelism::threads); anything else (unset, empty, `0`, not a number) is
    /// [`AUTO`](Parallelism::AUTO).
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// assert_eq!(Parallelism::from_setting(Some(" 1 ")), Parallelism::SEQUENTIAL);
    /// assert_eq!(Parallelism::from_setting(Some("4")), Parallelism::threads(4));
    /// assert_eq!(Parallelism::from_setting(Some("many")), Parallelism::AUTO);
    /// assert_eq!(Parallelism::from_setting(None), Parallelism::AUTO);
    /// ```
    pub fn from_setting(value: Option<&str>) -> Parallelism {
        value.and_then(|v| v.trim().parse::<usize>().ok()).map_or(Parallelism::AUTO, Parallelism::threads)
    }

    /// The most threads a batch may use under this setting.
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// assert_eq!(Parallelism::threads(5).max_threads(), 5);
    /// ```
    pub fn max_threads(self) -> usize {
        match self.threads {
            Some(n) => n.get(),
            None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get).clamp(1, MAX_THREADS),
        }
    }

    /// The threads a batch of `len` elements uses when `min_len` of them are worth a thread:
    /// 1 below `min_len`, else [`max_threads`](Parallelism::max_threads), never more than `len`.
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// let par = Parallelism::threads(4);
    /// assert_eq!(par.threads_for(999, 1_000), 1);
    /// assert_eq!(par.threads_for(1_000_000, 1_000), 4);
    /// assert_eq!(par.threads_for(3, 2), 3);
    /// ```
    pub fn threads_for(self, len: usize, min_len: usize) -> usize {
        if len < min_len.max(2) {
            1
        } else {
            self.max_threads().min(len)
        }
    }

    /// `f(i, item)` for every item, in order: the results, or the error of the failing item
    /// with the smallest index (as a sequential loop would report it). On more than one thread
    /// when there are at least `min_items` items (see [`threads_for`](Parallelism::threads_for));
    /// a panic in `f` is resumed on the calling thread.
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// use jiesu::Error;
    /// let texts: Vec<String> = (0..500).map(|i| i.to_string()).chain(["x".into()]).collect();
    /// let err = Parallelism::threads(2)
    ///     .try_map(texts, 100, |_, t| t.parse::<u32>().map_err(|e| Error::parse(e.to_string())))
    ///     .unwrap_err();
    /// assert_eq!(err.index(), 500);
    /// assert!(err.error().is_parse());
    /// ```
    pub fn try_map<I: Send, O: Send>(
        self,
        items: Vec<I>,
        min_items: usize,
        f: impl Fn(usize, I) -> Result<O> + Sync,
    ) -> std::result::Result<Vec<O>, BatchError> {
        let n = items.len();
        let threads = self.threads_for(n, min_items);
        if threads <= 1 {
            return items.into_iter().enumerate().map(|(i, x)| f(i, x).map_err(|error| BatchError::new("items", i, error))).collect();
        }
        let size = block_size(n, threads, 1);
        let mut slots: Vec<Option<O>> = std::iter::repeat_with(|| None).take(n).collect();
        let mut inputs = items.into_iter();
        let blocks: Vec<_> = slots.chunks_mut(size).enumerate().map(|(k, out)| (k * size, inputs.by_ref().take(out.len()).collect::<Vec<I>>(), out)).collect();
        run_blocks(threads, blocks, |(start, block, out)| {
            for (j, (x, o)) in block.into_iter().zip(out.iter_mut()).enumerate() {
                *o = Some(f(start + j, x).map_err(|e| (start + j, e))?);
            }
            Ok(())
        })
        .map_err(|(i, error)| BatchError::new("items", i, error))?;
        Ok(slots.into_iter().map(|o| o.expect("every item is mapped when none failed")).collect())
    }

    /// [`try_map`](Parallelism::try_map) in consecutive blocks of `step` items (at least 1),
    /// reporting `progress(done, total)` before the first block and after each one: a long
    /// batch that a person watches (a progress bar over the replay of a year of tickets).
    /// Each block is spread over the threads as `try_map` spreads a batch; `f` receives the
    /// item's index in the whole batch, and an error stops the batch at its block.
    ///
    /// # Example
    /// ```
    /// use jiesu::parallelism::Parallelism;
    /// let mut reports = Vec::new();
    /// let squares = Parallelism::threads(2)
    ///     .try_map_with_progress((0..10u64).collect(), 2, 4, |_, x| Ok(x * x), &mut |done, total| reports.push((done, total)))
    ///     .unwrap();
    /// assert_eq!(squares[9], 81);
    /// assert_eq!(reports, [(0, 10), (4, 10), (8, 10), (10, 10)]);
    /// let err = Parallelism::threads(2)
    ///     .try_map_with_progress((0..10u64).collect(), 2, 4, |i, x| if x == 6 { Err(jiesu::Error::parse("six")) } else { Ok(i) }, &mut |_, _| {})
    ///     .unwrap_err();
    /// assert_eq!(err.index(), 6);
    /// ```
    pub fn try_map_with_progress<I: Send, O: Send>(
        self,
        items: Vec<I>,
        min_items: usize,
        step: usize,
        f: impl Fn(usize, I) -> Result<O> + Sync,
        progress: &mut dyn FnMut(usize, usize),
    ) -> std::result::Result<Vec<O>, BatchError> {
        let (total, step) = (items.len(), step.max(1));
        progress(0, total);
        let mut out = Vec::with_capacity(total);
        let mut items = items.into_iter();
        while out.len() < total {
            let offset = out.len();
            let block: Vec<I> = items.by_ref().take(step).collect();
            let done = self.try_map(block, min_items, |i, x| f(offset + i, x)).map_err(|e| BatchError::new(e.name, offset + e.index, e.error))?;
            out.extend(done);
            progress(out.len(), total);
        }
        Ok(out)
    }

    /// `job(start, block)` over consecutive blocks of `out` (the first index of each, and its
    /// elements), on [`threads_for(out.len(), min_len)`](Parallelism::threads_for) threads. A
    /// job stops at its first failing element and returns its index; the smallest such index
    /// wins, and blocks after it are not started.
    pub(crate) fn fill<O: Send>(
        self,
        out: &mut [O],
        min_len: usize,
        min_block: usize,
        job: impl Fn(usize, &mut [O]) -> std::result::Result<(), (usize, Error)> + Sync,
    ) -> std::result::Result<(), (usize, Error)> {
        let threads = self.threads_for(out.len(), min_len);
        if threads <= 1 {
            return job(0, out);
        }
        let size = block_size(out.len(), threads, min_block);
        let blocks: Vec<(usize, &mut [O])> = out.chunks_mut(size).enumerate().map(|(k, b)| (k * size, b)).collect();
        run_blocks(threads, blocks, |(start, block)| job(start, block))
    }
}

/// Elements per block for `len` elements on `threads` threads: about [`BLOCKS_PER_THREAD`]
/// blocks per thread, at least `min_block` elements each.
fn block_size(len: usize, threads: usize, min_block: usize) -> usize {
    len.div_ceil(threads * BLOCKS_PER_THREAD).max(min_block).max(1)
}

/// Runs `job` over `blocks` on `threads` threads: the calling thread and `threads - 1`
/// helpers of the [`pool`] claim blocks in index order. After a failure, blocks claimed later
/// (of greater index) are skipped; every block before the failing one was claimed earlier and
/// runs to its end, so the smallest failing index found is the one a sequential loop reports.
/// A helper's panic is resumed here, with its payload.
fn run_blocks<B: Send>(
    threads: usize,
    blocks: Vec<B>,
    job: impl Fn(B) -> std::result::Result<(), (usize, Error)> + Sync,
) -> std::result::Result<(), (usize, Error)> {
    let n = blocks.len();
    let slots: Vec<Mutex<Option<B>>> = blocks.into_iter().map(|b| Mutex::new(Some(b))).collect();
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(usize::MAX);
    let errors: Mutex<Vec<(usize, Error)>> = Mutex::new(Vec::new());
    let work = || {
        // A panicking job stops the batch: no thread claims another block.
        let _stop = StopOnPanic(&failed);
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= n || k > failed.load(Ordering::Relaxed) {
                return;
            }
            let block = slots[k].lock().unwrap_or_else(PoisonError::into_inner).take();
            if let Some(Err(e)) = block.map(&job) {
                failed.fetch_min(k, Ordering::Relaxed);
                errors.lock().unwrap_or_else(PoisonError::into_inner).push(e);
                return;
            }
        }
    };
    let helpers = threads.min(n).saturating_sub(1);
    match pool(helpers) {
        // The calling thread works in the scope too; the scope ends when every helper's job
        // has, and resumes a helper's panic here.
        Some(pool) => pool.in_place_scope(|s| {
            for _ in 0..helpers {
                s.spawn(|_| work());
            }
            work();
        }),
        None => work(),
    }
    match errors.into_inner().unwrap_or_else(PoisonError::into_inner).into_iter().min_by_key(|(i, _)| *i) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The helpers' pool of this process, and the process it was built in.
struct Pool {
    pid: u32,
    helpers: usize,
    pool: Arc<rayon_core::ThreadPool>,
}

/// The process's batch helpers (see the module's documentation): the one process-wide value of
/// the core, built at the first batch that needs a helper.
static POOL: Mutex<Option<Pool>> = Mutex::new(None);

/// A pool with at least `helpers` threads, built (or rebuilt larger) when needed; `None` when
/// no helper is wanted or the threads cannot be started (the batch then stays on the calling
/// thread).
fn pool(helpers: usize) -> Option<Arc<rayon_core::ThreadPool>> {
    if helpers == 0 {
        return None;
    }
    let pid = std::process::id();
    let mut slot = POOL.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(p) = slot.as_ref().filter(|p| p.pid == pid && p.helpers >= helpers) {
        return Some(Arc::clone(&p.pool));
    }
    if slot.as_ref().is_some_and(|p| p.pid != pid) {
        // The parent's pool in a forked child: its threads do not exist here, so it is never
        // used nor dropped (dropping would signal threads that are not there).
        std::mem::forget(slot.take());
    }
    // A pool too small is replaced: dropped once the batches running on it end, its threads exit.
    let built = rayon_core::ThreadPoolBuilder::new().num_threads(helpers).thread_name(|i| format!("jiesu-batch-{i}")).build().ok()?;
    let pool = Arc::new(built);
    *slot = Some(Pool { pid, helpers, pool: Arc::clone(&pool) });
    Some(pool)
}

/// Marks the batch as failed from its first block when dropped during a panic.
struct StopOnPanic<'a>(&'a AtomicUsize);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(0, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_failing_index_wins_on_any_number_of_threads() {
        for threads in [1, 2, 3, 8] {
            for bad in [0usize, 1, 4_095, 4_096, 77_777, 99_999] {
                let items: Vec<usize> = (0..100_000).collect();
                let err = Parallelism::threads(threads)
                    .try_map(items, 2, |i, x| if x >= bad && x % 7 == bad % 7 { Err(Error::invalid_input("x", format!("{i}"))) } else { Ok(x) })
                    .unwrap_err();
                assert_eq!(err.index(), bad, "threads {threads}");
            }
        }
    }

    #[test]
    fn results_come_back_in_order() {
        for threads in [1, 2, 5] {
            let out = Parallelism::threads(threads).try_map((0..10_001u64).collect(), 2, |i, x| Ok((i as u64, x * 3))).unwrap();
            assert!(out.iter().enumerate().all(|(i, &(j, y))| i as u64 == j && y == 3 * j));
        }
    }

    #[test]
    fn a_helper_panic_reaches_the_caller_with_its_message() {
        let caller = std::thread::current().id();
        let r = std::panic::catch_unwind(|| {
            let _ = Parallelism::threads(2).try_map((0..4_096).collect::<Vec<i32>>(), 2, |_, x| {
                if std::thread::current().id() != caller {
                    panic!("helper boom");
                }
                std::thread::sleep(std::time::Duration::from_micros(200));
                Ok(x)
            });
        });
        let payload = r.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"helper boom"));
    }

    /// The names of the threads that ran `f(i)` for 4 096 slow items on `par`.
    fn thread_names(par: Parallelism) -> Vec<Option<String>> {
        let out = par
            .try_map((0..4_096).collect::<Vec<i32>>(), 2, |_, _| {
                std::thread::sleep(std::time::Duration::from_micros(50));
                Ok(std::thread::current().name().map(str::to_owned))
            })
            .unwrap();
        out
    }

    #[test]
    fn one_thread_keeps_the_batch_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let ids = Parallelism::SEQUENTIAL.try_map((0..200_000).collect::<Vec<i32>>(), 2, |_, _| Ok(std::thread::current().id())).unwrap();
        assert!(ids.iter().all(|&id| id == caller));
        let mut out = vec![None; 200_000];
        Parallelism::SEQUENTIAL
            .fill(&mut out, 2, 1, |_, block| {
                block.iter_mut().for_each(|o| *o = Some(std::thread::current().id()));
                Ok(())
            })
            .unwrap();
        assert!(out.iter().all(|&id| id == Some(caller)));
    }

    #[test]
    fn helpers_are_the_named_threads_of_a_pool_that_outlives_the_call() {
        let caller = std::thread::current().name().map(str::to_owned);
        for _ in 0..2 {
            let names = thread_names(Parallelism::threads(2));
            let helpers: Vec<_> = names.iter().filter(|n| **n != caller).collect();
            // The calling thread and one helper, a thread of the pool (not one started for the call).
            assert!(!helpers.is_empty());
            assert!(helpers.iter().all(|n| n.as_deref().is_some_and(|n| n.starts_with("jiesu-batch-"))), "{helpers:?}");
        }
        // The pool's threads are still there between calls.
        #[cfg(target_os = "linux")]
        {
            let comms: Vec<String> =
                std::fs::read_dir("/proc/self/task").unwrap().filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok()).collect();
            assert!(comms.iter().any(|c| c.starts_with("jiesu-batch-")), "{comms:?}");
        }
    }

    #[test]
    fn more_threads_than_the_pool_has_grow_it() {
        let caller = std::thread::current().name().map(str::to_owned);
        let _ = thread_names(Parallelism::threads(2));
        let names = thread_names(Parallelism::threads(4));
        let mut helpers: Vec<_> = names.into_iter().filter(|n| *n != caller).collect();
        helpers.sort();
        helpers.dedup();
        // More than the one helper of the first pool took part (each item sleeps, so every
        // helper gets a core).
        assert!((2..=3).contains(&helpers.len()), "{helpers:?}");
    }
}
