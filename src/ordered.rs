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
            let mut batch = done.recv().expect("every batch sent comes back");
            in_flight -= 1;
            if !consume(&mut batch)? {
                return Ok(());
            }
            spare = Some(batch);
        }
    })
}
