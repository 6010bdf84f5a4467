//! Batches produced, worked on and consumed in order, with the work overlapping the
//! producing and consuming: the calling thread produces (reads) and consumes (writes) while
//! a second thread hands each batch to the rayon pool.
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

/// Batches in flight: produced but not yet consumed. Two let the next batch be read and the
/// last one written while one is worked on.
const IN_FLIGHT: usize = 2;

/// Call `produce` until it returns `None`, `work` on each batch (on a second thread, which may
/// use the rayon pool), and `consume` each batch in the order produced. A consumed batch is
/// handed to the next `produce` call to be refilled, so buffers are reused. `consume`
/// returning `false` stops the run early; so does an error from either end, which is
/// returned.
pub fn in_order<T: Send, E>(
    mut produce: impl FnMut(Option<T>) -> Result<Option<T>, E>,
    work: impl Fn(&mut T) + Sync,
    mut consume: impl FnMut(&mut T) -> Result<bool, E>,
) -> Result<(), E> {
    std::thread::scope(|scope| {
        let (to_worker, batches) = std::sync::mpsc::sync_channel::<T>(IN_FLIGHT);
        let (to_consumer, done) = std::sync::mpsc::sync_channel::<T>(IN_FLIGHT);
        let work = &work;
        scope.spawn(move || {
            for mut batch in batches {
                work(&mut batch);
                if to_consumer.send(batch).is_err() {
                    break;
                }
            }
        });
        // Dropping both channel ends on the way out (early stop or error) ends the worker.
        let (mut in_flight, mut more) = (0, true);
        let mut spare = None;
        loop {
            if more && in_flight < IN_FLIGHT {
                match produce(spare.take())? {
                    Some(batch) => {
                        to_worker
                            .send(batch)
                            .expect("the worker runs while batches are sent");
                        in_flight += 1;
                    }
                    None => more = false,
                }
                continue;
            }
            if in_flight == 0 {
                return Ok(());
            }
            let mut batch = receive(&done);
            in_flight -= 1;
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
}
