//! Batches produced, worked on and consumed in order, with the work overlapping the
//! producing and consuming: the calling thread produces (reads) and consumes (writes) while
//! two worker threads hand batches to the rayon pool, so one batch's pieces keep the pool
//! busy while the other's last piece finishes.
//!
//! ```
//! let mut next = 0;
//! let mut seen = Vec::new();
//! newsclean::ordered::in_order(
//!     // A consumed batch comes back to be refilled.
//!     |spare: Option<Vec<i32>>| {
//!         next += 1;
//!         let mut batch = spare.unwrap_or_default();
//!         batch.clear();
//!         batch.push(next);
//!         Ok::<_, ()>((next <= 5).then_some(batch))
//!     },
//!     |batch| batch[0] *= 10,
//!     |batch| { seen.push(batch[0]); Ok(true) },
//! ).unwrap();
//! assert_eq!(seen, [10, 20, 30, 40, 50]);
//! ```

/// Threads that hand batches to the rayon pool. With one, a batch is a barrier: near its end
/// the pool's threads wait for its slowest piece while the next batch waits its turn. With
/// two, the second batch's pieces fill those gaps.
const WORKERS: usize = 2;

/// Batches in flight: produced but not yet consumed. One more than [`WORKERS`], so the next
/// batch is read (or the last one written) while both workers' batches are worked on.
const IN_FLIGHT: usize = WORKERS + 1;

/// Call `produce` until it returns `None`, `work` on each batch (on worker threads, which
/// may use the rayon pool; batches may finish out of order), and `consume` each batch in
/// the order produced. A consumed batch is handed to the next `produce` call to be refilled,
/// so buffers are reused. `consume` returning `false` stops the run early; so does an error
/// from either end, which is returned.
pub fn in_order<T: Send, E>(
    mut produce: impl FnMut(Option<T>) -> Result<Option<T>, E>,
    work: impl Fn(&mut T) + Sync,
    mut consume: impl FnMut(&mut T) -> Result<bool, E>,
) -> Result<(), E> {
    use std::sync::mpsc::sync_channel;
    use std::sync::{Arc, Mutex};
    std::thread::scope(|scope| {
        // Every batch carries its number, so the consumer can put them back in order.
        let (to_workers, batches) = sync_channel::<(usize, T)>(IN_FLIGHT);
        let batches = Arc::new(Mutex::new(batches));
        let (to_consumer, done) = sync_channel::<(usize, T)>(IN_FLIGHT);
        let work = &work;
        for _ in 0..WORKERS {
            let (batches, to_consumer) = (Arc::clone(&batches), to_consumer.clone());
            scope.spawn(move || loop {
                // The lock is held only while waiting for a batch, not while working on it.
                let next = batches
                    .lock()
                    .map_err(drop)
                    .and_then(|b| b.recv().map_err(drop));
                let Ok((number, mut batch)) = next else { break };
                work(&mut batch);
                if to_consumer.send((number, batch)).is_err() {
                    break;
                }
            });
        }
        drop(to_consumer);
        // Dropping both channel ends on the way out (early stop or error) ends the workers.
        let (mut produced, mut consumed, mut more) = (0, 0, true);
        let mut early: Vec<(usize, T)> = Vec::with_capacity(IN_FLIGHT);
        let mut spare = None;
        loop {
            if more && produced - consumed < IN_FLIGHT {
                match produce(spare.take())? {
                    Some(batch) => {
                        to_workers
                            .send((produced, batch))
                            .expect("the workers run while batches are sent");
                        produced += 1;
                    }
                    None => more = false,
                }
                continue;
            }
            if produced == consumed {
                return Ok(());
            }
            let mut batch = match early.iter().position(|(n, _)| *n == consumed) {
                Some(i) => early.swap_remove(i).1,
                None => {
                    let (number, batch) = receive(&done);
                    if number != consumed {
                        early.push((number, batch));
                        continue;
                    }
                    batch
                }
            };
            consumed += 1;
            if !consume(&mut batch)? {
                return Ok(());
            }
            spare = Some(batch);
        }
    })
}

/// The next worked batch. A thread of the rayon pool that the work runs on must not block
/// while it waits: with every thread of the pool waiting so (a pool of one, or as many
/// large inputs as threads), no thread would be left to do the work. So a pool thread runs
/// the pool's pending jobs meanwhile, and naps when there are none.
fn receive<T>(done: &std::sync::mpsc::Receiver<T>) -> T {
    use std::sync::mpsc::TryRecvError;
    if rayon::current_thread_index().is_none() {
        return done.recv().expect("every batch sent comes back");
    }
    loop {
        match done.try_recv() {
            Ok(batch) => return batch,
            Err(TryRecvError::Empty) => {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::thread::sleep(std::time::Duration::from_micros(50));
                }
            }
            Err(TryRecvError::Disconnected) => panic!("every batch sent comes back"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    /// Called on the only thread of the pool that does the work, `in_order` runs that work
    /// while it waits instead of blocking the pool for good.
    #[test]
    fn a_pool_thread_waiting_for_its_batches_runs_them() {
        let (finished, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            let mut seen = Vec::new();
            let mut next = 0;
            pool.install(|| {
                in_order(
                    |spare: Option<Vec<u32>>| {
                        next += 1;
                        let mut batch = spare.unwrap_or_default();
                        batch.clear();
                        batch.extend([next, next + 100]);
                        Ok::<_, ()>((next <= 4).then_some(batch))
                    },
                    |batch| pool.install(|| batch.par_iter_mut().for_each(|x| *x *= 2)),
                    |batch| {
                        seen.extend_from_slice(batch);
                        Ok(true)
                    },
                )
            })
            .unwrap();
            finished.send(seen).unwrap();
        });
        let seen = outcome
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("in_order finished");
        assert_eq!(seen, [2, 202, 4, 204, 6, 206, 8, 208]);
    }

    /// Batches that finish out of order (each even one takes longer, so the odd one after
    /// it, worked on beside it, finishes first) are still consumed in the order produced,
    /// and an early stop ends the run without waiting for the rest.
    #[test]
    fn batches_finished_out_of_order_are_consumed_in_order() {
        let mut next = 0;
        let mut seen = Vec::new();
        in_order(
            |spare: Option<Vec<u64>>| {
                next += 1;
                let mut batch = spare.unwrap_or_default();
                batch.clear();
                batch.push(next);
                Ok::<_, ()>((next <= 12).then_some(batch))
            },
            |batch| {
                let slow = if batch[0] % 2 == 0 { 30 } else { 1 };
                std::thread::sleep(std::time::Duration::from_millis(slow));
            },
            |batch| {
                seen.push(batch[0]);
                Ok(batch[0] < 10)
            },
        )
        .unwrap();
        assert_eq!(seen, (1..=10).collect::<Vec<_>>());
    }
}
